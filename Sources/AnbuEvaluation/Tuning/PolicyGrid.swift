public import Anbu
public import Foundation

/// One policy of a sweep, with the name and the field values that set it apart.
public struct NamedPolicy: Sendable, Equatable {
    /// `attentionThreshold=3 seriousThreshold=5.5`, or the name the grid file gave.
    public var name: String
    /// The fields the grid set for this policy (base and varied), as JSON text, by field name.
    public var settings: [String: String]
    /// The policy.
    public var policy: DetectionPolicy

    /// A named policy.
    public init(name: String, settings: [String: String], policy: DetectionPolicy) {
        self.name = name
        self.settings = settings
        self.policy = policy
    }
}

/// Why a grid file cannot be read. Each case names the place in the file: `base`, `vary.attentionThreshold`,
/// `policies[2]`.
public enum PolicyGridError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The text is not JSON.
    case notJSON(reason: String)
    /// A value that must be a JSON object is something else.
    case notAnObject(at: String)
    /// The top level has a key other than `base`, `vary`, `policies`.
    case unknownKey(String)
    /// Neither `vary` nor `policies` is given, or both are.
    case needsVaryOrPolicies
    /// A `vary` entry is not a non-empty list of values, or `policies` is not a non-empty list of objects.
    case notAList(at: String)
    /// A field that `DetectionPolicy` does not have (perhaps misspelt).
    case unknownPolicyField(String, at: String)
    /// A value of the wrong type for its field (a fraction for a whole number, a string for a number).
    case wrongType(field: String, at: String)
    /// A policy of the `policies` list, or the `base` alone, is outside the documented ranges.
    case invalidPolicy(at: String, PolicyError)
    /// Every combination of a `vary` grid is outside the documented ranges.
    case noValidCombination(first: PolicyError)

    /// A sentence naming the offending place in the grid file.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "grid \(path): cannot be read: \(reason)"
        case .notJSON(let reason): "grid: not JSON: \(reason)"
        case .notAnObject(let at): "grid \(at): must be a JSON object"
        case .unknownKey(let key): "grid: unknown key \"\(key)\" (expected base, vary, policies)"
        case .needsVaryOrPolicies: "grid: give exactly one of \"vary\" (lists of values per field) or \"policies\""
        case .notAList(let at): "grid \(at): must be a non-empty list"
        case .unknownPolicyField(let field, let at): "grid \(at): the policy has no field \"\(field)\""
        case .wrongType(let field, let at): "grid \(at): wrong type of value for \(field)"
        case .invalidPolicy(let at, let error): "grid \(at): \(error)"
        case .noValidCombination(let first): "grid vary: no combination is a valid policy; the first fails with: \(first)"
        }
    }
}

/// A grid of detection policies to sweep, read from JSON (docs/evaluation.md, "Sweeps").
///
/// Two forms, each with an optional `base` (a policy object: the fields it names replace the defaults for every
/// policy of the grid):
///
/// ```json
/// {"base": {"deviationWeight": 0.3},
///  "vary": {"attentionThreshold": [3, 3.5, 4], "seriousThreshold": [5, 5.5, 6]}}
/// ```
///
/// gives every combination of the listed values (fields in alphabetical order, the last varying fastest), and
///
/// ```json
/// {"policies": [{"seriousThreshold": 5}, {"seriousThreshold": 6, "hysteresis": 1}]}
/// ```
///
/// gives the listed policies in order. Field names and values are those of a `DetectionPolicy` JSON file. A
/// combination of `vary` that the policy refuses (a `cautionThreshold` below the `attentionThreshold`) is left out
/// and listed in ``skipped``; a refused policy in `policies` is an error.
public struct PolicyGrid: Sendable {
    /// The policies, in grid order.
    public var policies: [NamedPolicy]
    /// The combinations of `vary` left out because the policy refused them, with the reason.
    public var skipped: [(name: String, reason: PolicyError)]
    /// The fields that differ between the grid's policies (`vary`'s, or those any listed policy names), sorted: the
    /// columns a sweep table shows.
    public var variedFields: [String]

    /// Reads the grid file at `path`.
    ///
    /// - Throws: ``PolicyGridError``.
    public static func load(path: String) throws(PolicyGridError) -> PolicyGrid {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try PolicyGrid(json: data)
    }

    /// Parses a grid.
    ///
    /// - Throws: ``PolicyGridError`` naming the place in the file that is wrong.
    public init(json: Data) throws(PolicyGridError) {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw .notJSON(reason: error.localizedDescription)
        }
        guard let object = root as? [String: Any] else { throw .notAnObject(at: "top level") }
        for key in object.keys.sorted() where !["base", "vary", "policies"].contains(key) { throw .unknownKey(key) }
        var base: [String: Any] = [:]
        if let given = object["base"] {
            guard let dictionary = given as? [String: Any] else { throw .notAnObject(at: "base") }
            base = dictionary
            _ = try Self.policy(base, at: "base")
        }
        switch (object["vary"], object["policies"]) {
        case (let vary?, nil):
            guard let lists = vary as? [String: Any] else { throw .notAnObject(at: "vary") }
            var axes: [(field: String, values: [Any])] = []
            for field in lists.keys.sorted() {
                guard let values = lists[field] as? [Any], !values.isEmpty else { throw .notAList(at: "vary.\(field)") }
                axes.append((field, values))
            }
            var policies: [NamedPolicy] = []
            var skipped: [(String, PolicyError)] = []
            let total = axes.reduce(1) { $0 * $1.values.count }
            for combination in 0..<total {
                var fields = base
                var settings = try Self.settings(base, at: "base")
                var rest = combination
                var nameParts: [String] = []
                for axis in axes.reversed() {
                    let value = axis.values[rest % axis.values.count]
                    rest /= axis.values.count
                    fields[axis.field] = value
                    let text = try Self.jsonText(value, at: "vary.\(axis.field)")
                    settings[axis.field] = text
                    nameParts.insert("\(axis.field)=\(text)", at: 0)
                }
                let name = nameParts.joined(separator: " ")
                do {
                    policies.append(NamedPolicy(name: name, settings: settings, policy: try Self.decode(fields)))
                } catch .invalidPolicy(_, let reason) {
                    skipped.append((name, reason))
                } catch .unknownPolicyField(let field, _) {
                    throw .unknownPolicyField(field, at: "vary")
                } catch .wrongType(let field, _) {
                    throw .wrongType(field: field, at: "vary.\(field)")
                } catch {
                    throw error
                }
            }
            guard !policies.isEmpty else { throw .noValidCombination(first: skipped[0].1) }
            self.policies = policies
            self.skipped = skipped
            self.variedFields = axes.map(\.field)
        case (nil, let list?):
            guard let entries = list as? [Any], !entries.isEmpty else { throw .notAList(at: "policies") }
            var policies: [NamedPolicy] = []
            var varied = Set<String>()
            for (index, entry) in entries.enumerated() {
                let at = "policies[\(index)]"
                guard let overlay = entry as? [String: Any] else { throw .notAnObject(at: at) }
                let fields = base.merging(overlay) { _, new in new }
                let settings = try Self.settings(fields, at: at)
                let own = try Self.settings(overlay, at: at)
                varied.formUnion(overlay.keys)
                let name = own.isEmpty
                    ? "#\(index + 1) (base)"
                    : "#\(index + 1) " + own.keys.sorted().map { "\($0)=\(own[$0]!)" }.joined(separator: " ")
                policies.append(NamedPolicy(name: name, settings: settings, policy: try Self.policy(fields, at: at)))
            }
            self.policies = policies
            self.skipped = []
            self.variedFields = varied.sorted()
        default:
            throw .needsVaryOrPolicies
        }
    }

    /// The policy of `fields` (defaults for the rest), errors placed at `at`.
    private static func policy(_ fields: [String: Any], at: String) throws(PolicyGridError) -> DetectionPolicy {
        do {
            return try decode(fields)
        } catch .invalidPolicy(_, let reason) {
            throw .invalidPolicy(at: at, reason)
        } catch .unknownPolicyField(let field, _) {
            throw .unknownPolicyField(field, at: at)
        } catch .wrongType(let field, _) {
            throw .wrongType(field: field, at: at)
        } catch {
            throw error
        }
    }

    /// Decodes a policy through `DetectionPolicy`'s own JSON reading, so the grid accepts exactly what a policy
    /// file accepts. Errors carry an empty place; the callers fill it in.
    private static func decode(_ fields: [String: Any]) throws(PolicyGridError) -> DetectionPolicy {
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        } catch {
            throw .notJSON(reason: error.localizedDescription)
        }
        do {
            return try JSONDecoder().decode(DetectionPolicy.self, from: data)
        } catch let error as PolicyError {
            switch error {
            case .unknownField(let field): throw .unknownPolicyField(field, at: "")
            case .outOfRange: throw .invalidPolicy(at: "", error)
            }
        } catch is DecodingError {
            // The decoder's coding path does not always name the key; the first field that fails alone does.
            let culprit = fields.keys.sorted().first { field in
                guard let alone = try? JSONSerialization.data(withJSONObject: [field: fields[field]!]) else {
                    return true
                }
                do {
                    _ = try JSONDecoder().decode(DetectionPolicy.self, from: alone)
                    return false
                } catch {
                    return error is DecodingError
                }
            }
            throw .wrongType(field: culprit ?? "?", at: "")
        } catch {
            throw .notJSON(reason: "\(error)")
        }
    }

    /// Each field's value as compact JSON text.
    private static func settings(_ fields: [String: Any], at: String) throws(PolicyGridError) -> [String: String] {
        var settings: [String: String] = [:]
        for (field, value) in fields { settings[field] = try jsonText(value, at: "\(at).\(field)") }
        return settings
    }

    /// `value` as compact JSON text (`3.5`, `true`, `"x"`).
    private static func jsonText(_ value: Any, at: String) throws(PolicyGridError) -> String {
        do {
            let data = try JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed])
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        } catch {
            throw .notJSON(reason: "\(at): \(error.localizedDescription)")
        }
    }
}
