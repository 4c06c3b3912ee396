public import Foundation

/// Why a scenario was refused, with the file, the parameter's path (`personas[2].weight`) and, where the file is at
/// hand, the line and column of the offending value.
public enum ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The text is not JSON.
    case malformedJSON(file: String, line: Int, column: Int, reason: String)
    /// A required parameter is absent.
    case missingParameter(file: String, path: String, line: Int?, column: Int?)
    /// A parameter has the wrong JSON type.
    case wrongType(file: String, path: String, expected: String, line: Int?, column: Int?)
    /// A parameter is out of its allowed range or inconsistent with another.
    case invalidValue(file: String, path: String, value: String, requirement: String, line: Int?, column: Int?)

    /// A one-line explanation: `default.json:12:19: personas[0].weight = -1: must be > 0`.
    public var description: String {
        func place(_ file: String, _ line: Int?, _ column: Int?) -> String {
            guard let line, let column else { return file }
            return "\(file):\(line):\(column)"
        }
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the scenario: \(reason)"
        case .malformedJSON(let file, let line, let column, let reason):
            return "\(file):\(line):\(column): not valid JSON: \(reason)"
        case .missingParameter(let file, let path, let line, let column):
            return "\(place(file, line, column)): missing parameter \(path)"
        case .wrongType(let file, let path, let expected, let line, let column):
            return "\(place(file, line, column)): \(path) must be \(expected)"
        case .invalidValue(let file, let path, let value, let requirement, let line, let column):
            return "\(place(file, line, column)): \(path) = \(value): \(requirement)"
        }
    }
}

extension Scenario {
    /// Reads and validates a scenario file.
    ///
    /// - Throws: ``ScenarioError`` naming the file, the parameter and its line and column.
    public static func load(contentsOf url: URL) throws(ScenarioError) -> Scenario {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try decode(data, file: url.lastPathComponent)
    }

    /// Decodes and validates a scenario from JSON bytes; `file` names the source in errors.
    ///
    /// - Throws: ``ScenarioError``.
    public static func decode(_ data: Data, file: String = "scenario") throws(ScenarioError) -> Scenario {
        let text = String(decoding: data, as: UTF8.self)
        var locator = JSONLocator(text: text)
        if let failure = locator.scan() {
            throw .malformedJSON(file: file, line: failure.line, column: failure.column, reason: failure.reason)
        }
        let scenario: Scenario
        do {
            scenario = try JSONDecoder().decode(Scenario.self, from: data)
        } catch let error as DecodingError {
            throw Self.translate(error, file: file, locator: locator)
        } catch {
            throw .malformedJSON(file: file, line: 1, column: 1, reason: "\(error)")
        }
        do {
            try scenario.validate()
        } catch let invalid {
            guard case .invalidValue(_, let path, let value, let requirement, _, _) = invalid else { throw invalid }
            let position = locator.positions[path]
            throw .invalidValue(
                file: file, path: path, value: value, requirement: requirement, line: position?.line,
                column: position?.column)
        }
        return scenario
    }

    /// The scenario as pretty, key-sorted JSON (the form of `datasets/default-district.json`).
    public func encodedJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain Codable structs of numbers and strings cannot fail.
        return try! encoder.encode(self) + Data("\n".utf8)
    }

    static func path(_ codingPath: [any CodingKey], appending key: (any CodingKey)? = nil) -> String {
        var text = ""
        for component in codingPath + (key.map { [$0] } ?? []) {
            if let index = component.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? component.stringValue : "." + component.stringValue
            }
        }
        return text.isEmpty ? "(top level)" : text
    }

    static func translate(_ error: DecodingError, file: String, locator: JSONLocator) -> ScenarioError {
        switch error {
        case .keyNotFound(let key, let context):
            let container = path(context.codingPath)
            let position = locator.positions[container]
            return .missingParameter(
                file: file, path: path(context.codingPath, appending: key), line: position?.line,
                column: position?.column)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let at = path(context.codingPath)
            let position = locator.positions[at]
            return .wrongType(
                file: file, path: at, expected: Self.typeName(type), line: position?.line, column: position?.column)
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            let position = locator.positions[at]
            return .invalidValue(
                file: file, path: at, value: "?", requirement: context.debugDescription, line: position?.line,
                column: position?.column)
        @unknown default:
            return .malformedJSON(file: file, line: 1, column: 1, reason: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Array") ? "an array" : "an object"
        }
    }
}

/// A small JSON scanner that checks syntax and records the line and column of every value by its path
/// (`personas[2].weight`), so that errors found after decoding can point into the file.
struct JSONLocator {
    struct Position: Hashable {
        var line: Int
        var column: Int
    }

    struct Failure: Error {
        var line: Int
        var column: Int
        var reason: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    private(set) var positions: [String: Position] = [:]

    init(text: String) { bytes = Array(text.utf8) }

    /// Scans the whole text; the failure, if the text is not JSON.
    mutating func scan() -> Failure? {
        do throws(Failure) {
            skipSpace()
            try value(path: "")
            skipSpace()
            if index < bytes.count { throw fail("unexpected text after the end of the document") }
            return nil
        } catch {
            return error
        }
    }

    private func fail(_ reason: String) -> Failure { Failure(line: line, column: column, reason: reason) }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        index += 1
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { advance() }
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard index < bytes.count, bytes[index] == byte else {
            throw fail("expected '\(Character(UnicodeScalar(byte)))'")
        }
        advance()
    }

    private mutating func value(path: String) throws(Failure) {
        guard index < bytes.count else { throw fail("unexpected end of the document") }
        positions[path.isEmpty ? "(top level)" : path] = Position(line: line, column: column)
        switch bytes[index] {
        case UInt8(ascii: "{"):
            advance()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                advance()
                return
            }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                try value(path: path.isEmpty ? key : path + "." + key)
                skipSpace()
                guard index < bytes.count else { throw fail("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") {
                    advance()
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return
            }
        case UInt8(ascii: "["):
            advance()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                advance()
                return
            }
            var element = 0
            while true {
                skipSpace()
                try value(path: path + "[\(element)]")
                element += 1
                skipSpace()
                guard index < bytes.count else { throw fail("unterminated array") }
                if bytes[index] == UInt8(ascii: ",") {
                    advance()
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return
            }
        case UInt8(ascii: "\""):
            _ = try string()
        default:
            let start = index
            while index < bytes.count, !([0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x5D, 0x7D] as [UInt8]).contains(bytes[index]) {
                advance()
            }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            if word != "true", word != "false", word != "null", Double(word) == nil {
                throw Failure(line: line, column: column - word.count, reason: "unexpected \"\(word)\"")
            }
        }
    }

    private mutating func string() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""))
        var content: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") {
                advance()
                guard index < bytes.count else { break }
            }
            content.append(bytes[index])
            advance()
        }
        try expect(UInt8(ascii: "\""))
        return String(decoding: content, as: UTF8.self)
    }
}
