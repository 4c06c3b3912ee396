public import Anbu

/// Where in a district directory a problem was found.
///
/// `line` and `column` are 1-based; `line` counts physical lines (the header is line 1) and `column` is the byte
/// offset within the line. For a `.npy` file, `line` is the household row + 1 and `column` the bin + 1. Zero means
/// "the whole file" or "the whole line".
public struct FileLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the district directory (`readings.csv`, `dense/power.npy`).
    public var file: String
    /// The line, 1-based; 0 for the whole file.
    public var line: Int
    /// The column, 1-based; 0 for the whole line.
    public var column: Int

    /// A location.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `readings.csv:1042`, or `readings.csv` for the whole file.
    public var description: String { line > 0 ? "\(file):\(line)" : file }
}

/// A problem with one district-directory file: what is wrong, the offending text, and where.
public struct DistrictFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where it was found.
    public var location: FileLocation
    /// What is wrong, with the offending input.
    public var problem: Problem

    /// An error.
    public init(_ problem: Problem, at location: FileLocation) {
        self.problem = problem
        self.location = location
    }

    /// The kind of problem, for counting.
    public var kind: Kind { problem.kind }

    /// `file:line: message`, with the column when known.
    public var description: String {
        let column = location.column > 0 ? "column \(location.column): " : ""
        return "\(location): \(column)\(problem)"
    }

    /// What is wrong. Every case carries the offending text as it appeared in the file.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// A household id that households.csv does not list.
        case unknownHousehold(String)
        /// A `signal` that is not `power`, `steps`, `call_out`, `call_in` or `call_missed`.
        case unknownSignal(String)
        /// A reading of a signal whose device the household does not have (households.csv `signals`).
        case signalNotDeclared(signal: Signal, household: String)
        /// A value that is not a number.
        case malformedValue(String, signal: Signal)
        /// A value below zero.
        case negativeValue(String, signal: Signal)
        /// NaN or infinity.
        case nonFiniteValue(String, signal: Signal)
        /// A steps value with a fractional part.
        case fractionalSteps(String)
        /// A value above `Signal.maximumValue`.
        case valueTooLarge(String, signal: Signal)
        /// A time that is neither ISO 8601 with an offset nor integer Unix seconds.
        case malformedTime(String, reason: String)
        /// A time outside the district's bins by more than the allowed bound.
        case timeOutOfRange(String, boundSeconds: Int64)
        /// A reading whose time, `time` (ISO 8601, UTC), would stretch the bins inferred from readings.csv to `bins`,
        /// more than `maximumBins` (``DistrictBinner/Options/maximumInferredBins``).
        case inferredSpanTooLong(time: String, bins: Int, maximumBins: Int)
        /// A household id that appears twice in households.csv.
        case duplicateHousehold(String, firstLine: Int)
        /// A household id that breaks the identifier rule (1–64 of `A-Z a-z 0-9 _ . -`).
        case invalidHouseholdID(String)
        /// A time zone that is neither an IANA name nor a fixed offset.
        case invalidTimeZone(String)
        /// A `signals` entry that is empty or names something other than `power`, `steps`, `calls`.
        case invalidSources(String)
        /// A field whose text is not one of the values the column allows.
        case invalidField(column: String, text: String, expected: String)
        /// A header without a required column.
        case missingColumn(String)
        /// A header naming a column twice.
        case duplicateColumn(String)
        /// A file that is empty, without even a header.
        case emptyFile
        /// The last line ends early: fewer fields than the header, or a quote left open.
        case truncatedLastLine(String)
        /// A row whose number of fields differs from the header's.
        case wrongFieldCount(String, expected: Int, found: Int)
        /// A quote in the middle of an unquoted field, or text after a closing quote.
        case malformedQuote(String)
        /// A line longer than the reader's limit.
        case lineTooLong(bytes: Int)
        /// An interval whose end is not after its start.
        case endBeforeStart(start: String, end: String)
        /// A `.npy` header that is not NumPy format 1.0/2.0, `<f4`, C order, 2-D.
        case npyHeader(String)
        /// An array shape that disagrees with households.csv or meta.json.
        case shapeMismatch(expected: String, found: String)
        /// A `.npy` file with fewer data bytes than its shape needs.
        case truncatedData(expectedBytes: Int, foundBytes: Int)
        /// A dense/meta.json that is not JSON or lacks or contradicts a field.
        case meta(String)
        /// A dense cell that readings.csv rows cannot express (e.g. talk time without a call).
        case unrepresentableCell(String)
        /// A required file is absent.
        case missingFile
        /// The operating system refused to read or write.
        case io(String)

        /// The kind, without the payload.
        public var kind: Kind {
            switch self {
            case .unknownHousehold: .unknownHousehold
            case .unknownSignal: .unknownSignal
            case .signalNotDeclared: .signalNotDeclared
            case .malformedValue: .malformedValue
            case .negativeValue: .negativeValue
            case .nonFiniteValue: .nonFiniteValue
            case .fractionalSteps: .fractionalSteps
            case .valueTooLarge: .valueTooLarge
            case .malformedTime: .malformedTime
            case .timeOutOfRange: .timeOutOfRange
            case .inferredSpanTooLong: .inferredSpanTooLong
            case .duplicateHousehold: .duplicateHousehold
            case .invalidHouseholdID: .invalidHouseholdID
            case .invalidTimeZone: .invalidTimeZone
            case .invalidSources: .invalidSources
            case .invalidField: .invalidField
            case .missingColumn: .missingColumn
            case .duplicateColumn: .duplicateColumn
            case .emptyFile: .emptyFile
            case .truncatedLastLine: .truncatedLastLine
            case .wrongFieldCount: .wrongFieldCount
            case .malformedQuote: .malformedQuote
            case .lineTooLong: .lineTooLong
            case .endBeforeStart: .endBeforeStart
            case .npyHeader: .npyHeader
            case .shapeMismatch: .shapeMismatch
            case .truncatedData: .truncatedData
            case .meta: .meta
            case .unrepresentableCell: .unrepresentableCell
            case .missingFile: .missingFile
            case .io: .io
            }
        }

        /// A one-line message naming the offending input.
        public var description: String {
            switch self {
            case .unknownHousehold(let text): "household \(quoted(text)) is not in households.csv"
            case .unknownSignal(let text):
                "signal \(quoted(text)) is not one of power, steps, call_out, call_in, call_missed"
            case .signalNotDeclared(let signal, let household):
                "household \(quoted(household)) has no \(signal.source.rawValue) source in households.csv, "
                    + "but sent a \(signal.rawValue) reading"
            case .malformedValue(let text, let signal): "value \(quoted(text)) for \(signal.rawValue) is not a number"
            case .negativeValue(let text, let signal): "value \(quoted(text)) for \(signal.rawValue) is negative"
            case .nonFiniteValue(let text, let signal): "value \(quoted(text)) for \(signal.rawValue) is not finite"
            case .fractionalSteps(let text): "steps value \(quoted(text)) is not a whole number"
            case .valueTooLarge(let text, let signal):
                "value \(quoted(text)) for \(signal.rawValue) is above the limit of 1e9"
            case .malformedTime(let text, let reason): "time \(quoted(text)) is malformed: \(reason)"
            case .timeOutOfRange(let text, let bound):
                "time \(quoted(text)) lies more than \(bound) s outside the district's bins"
            case .inferredSpanTooLong(let time, let bins, let maximumBins):
                "time \(time) would stretch the bins inferred from the readings to \(bins), more than the maximum "
                    + "\(maximumBins): give the bins (anbu --start and --bins) or raise the maximum (--max-inferred-bins)"
            case .duplicateHousehold(let text, let firstLine):
                "household \(quoted(text)) is listed twice (first on line \(firstLine))"
            case .invalidHouseholdID(let text):
                "household id \(quoted(text)) is not 1 to 64 characters of A-Z a-z 0-9 _ . -"
            case .invalidTimeZone(let text):
                "time zone \(quoted(text)) is neither an IANA name nor an offset like +09:00"
            case .invalidSources(let text): "signals \(quoted(text)) must be ;-separated from power, steps, calls"
            case .invalidField(let column, let text, let expected):
                "\(column) \(quoted(text)) is not one of \(expected)"
            case .missingColumn(let name): "the header has no \(quoted(name)) column"
            case .duplicateColumn(let name): "the header names column \(quoted(name)) twice"
            case .emptyFile: "the file is empty (no header)"
            case .truncatedLastLine(let text): "the last line \(quoted(text)) is cut short"
            case .wrongFieldCount(let text, let expected, let found):
                "row \(quoted(text)) has \(found) fields, the header has \(expected)"
            case .malformedQuote(let text): "misplaced quote in \(quoted(text)) (RFC 4180)"
            case .lineTooLong(let bytes): "line longer than \(bytes) bytes"
            case .endBeforeStart(let start, let end): "end \(quoted(end)) is not after start \(quoted(start))"
            case .npyHeader(let reason): "not a NumPy <f4 C-order 2-D array: \(reason)"
            case .shapeMismatch(let expected, let found): "shape \(found) disagrees with \(expected)"
            case .truncatedData(let expected, let found):
                "the data is cut short: \(found) bytes, the shape needs \(expected)"
            case .meta(let reason): "meta.json: \(reason)"
            case .unrepresentableCell(let reason): "cannot be written as readings: \(reason)"
            case .missingFile: "the file is missing"
            case .io(let reason): reason
            }
        }
    }

    /// The kinds of ``Problem``, for counting and for tests.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        /// See ``Problem/unknownHousehold(_:)``.
        case unknownHousehold = "unknown_household"
        /// See ``Problem/unknownSignal(_:)``.
        case unknownSignal = "unknown_signal"
        /// See ``Problem/signalNotDeclared(signal:household:)``.
        case signalNotDeclared = "signal_not_declared"
        /// See ``Problem/malformedValue(_:signal:)``.
        case malformedValue = "malformed_value"
        /// See ``Problem/negativeValue(_:signal:)``.
        case negativeValue = "negative_value"
        /// See ``Problem/nonFiniteValue(_:signal:)``.
        case nonFiniteValue = "non_finite_value"
        /// See ``Problem/fractionalSteps(_:)``.
        case fractionalSteps = "fractional_steps"
        /// See ``Problem/valueTooLarge(_:signal:)``.
        case valueTooLarge = "value_too_large"
        /// See ``Problem/malformedTime(_:reason:)``.
        case malformedTime = "malformed_time"
        /// See ``Problem/timeOutOfRange(_:boundSeconds:)``.
        case timeOutOfRange = "time_out_of_range"
        /// See ``Problem/inferredSpanTooLong(time:bins:maximumBins:)``.
        case inferredSpanTooLong = "inferred_span_too_long"
        /// See ``Problem/duplicateHousehold(_:firstLine:)``.
        case duplicateHousehold = "duplicate_household"
        /// See ``Problem/invalidHouseholdID(_:)``.
        case invalidHouseholdID = "invalid_household_id"
        /// See ``Problem/invalidTimeZone(_:)``.
        case invalidTimeZone = "invalid_time_zone"
        /// See ``Problem/invalidSources(_:)``.
        case invalidSources = "invalid_sources"
        /// See ``Problem/invalidField(column:text:expected:)``.
        case invalidField = "invalid_field"
        /// See ``Problem/missingColumn(_:)``.
        case missingColumn = "missing_column"
        /// See ``Problem/duplicateColumn(_:)``.
        case duplicateColumn = "duplicate_column"
        /// See ``Problem/emptyFile``.
        case emptyFile = "empty_file"
        /// See ``Problem/truncatedLastLine(_:)``.
        case truncatedLastLine = "truncated_last_line"
        /// See ``Problem/wrongFieldCount(_:expected:found:)``.
        case wrongFieldCount = "wrong_field_count"
        /// See ``Problem/malformedQuote(_:)``.
        case malformedQuote = "malformed_quote"
        /// See ``Problem/lineTooLong(bytes:)``.
        case lineTooLong = "line_too_long"
        /// See ``Problem/endBeforeStart(start:end:)``.
        case endBeforeStart = "end_before_start"
        /// See ``Problem/npyHeader(_:)``.
        case npyHeader = "npy_header"
        /// See ``Problem/shapeMismatch(expected:found:)``.
        case shapeMismatch = "shape_mismatch"
        /// See ``Problem/truncatedData(expectedBytes:foundBytes:)``.
        case truncatedData = "truncated_data"
        /// See ``Problem/meta(_:)``.
        case meta
        /// See ``Problem/unrepresentableCell(_:)``.
        case unrepresentableCell = "unrepresentable_cell"
        /// See ``Problem/missingFile``.
        case missingFile = "missing_file"
        /// See ``Problem/io(_:)``.
        case io

        /// Orders kinds by their text.
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }
}

/// Text in double quotes, cut to 80 characters, with control characters shown as `\u{…}`.
func quoted(_ text: String) -> String {
    var shown = ""
    for scalar in text.unicodeScalars.prefix(80) {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            shown += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            shown.unicodeScalars.append(scalar)
        }
    }
    if text.unicodeScalars.count > 80 { shown += "…" }
    return "\"\(shown)\""
}

/// What to do when a file breaks the contract.
public enum ErrorPolicy: Sendable, Hashable {
    /// Throw the first problem.
    case stopAtFirst
    /// Keep going; count every problem by kind and keep the first `keep` of them.
    case collect(keep: Int)

    /// Collect, keeping the first 20 problems.
    public static let `default` = ErrorPolicy.collect(keep: 20)
}

/// The problems found in a run: a count per kind and the first few in full.
public struct ProblemReport: Sendable, Hashable {
    /// How many problems to keep in full.
    public let keep: Int
    /// Problems by kind.
    public private(set) var counts: [DistrictFileError.Kind: Int] = [:]
    /// The first ``keep`` problems, in the order found.
    public private(set) var first: [DistrictFileError] = []

    /// An empty report keeping the first `keep` problems.
    public init(keep: Int = 20) { self.keep = max(0, keep) }

    /// The total number of problems.
    public var total: Int { counts.values.reduce(0, +) }
    /// Whether no problem was found.
    public var isClean: Bool { counts.isEmpty }

    /// Records a problem.
    public mutating func record(_ error: DistrictFileError) {
        counts[error.kind, default: 0] += 1
        if first.count < keep { first.append(error) }
    }

    /// Adds another report's problems to this one.
    public mutating func merge(_ other: ProblemReport) {
        for (kind, count) in other.counts { counts[kind, default: 0] += count }
        for error in other.first where first.count < keep { first.append(error) }
    }

    /// The report as text: one `file:line: message` per kept problem, then the count per kind.
    public var description: String {
        var lines = first.map(\.description)
        if total > first.count { lines.append("… and \(total - first.count) more") }
        for (kind, count) in counts.sorted(by: { $0.key < $1.key }) { lines.append("\(kind.rawValue): \(count)") }
        return lines.joined(separator: "\n")
    }
}

/// Applies an ``ErrorPolicy``: throws at the first problem, or records it and carries on.
struct ProblemSink: Sendable {
    var policy: ErrorPolicy
    var report: ProblemReport

    init(policy: ErrorPolicy) {
        self.policy = policy
        switch policy {
        case .stopAtFirst: report = ProblemReport(keep: 1)
        case .collect(let keep): report = ProblemReport(keep: keep)
        }
    }

    mutating func record(_ error: DistrictFileError) throws(DistrictFileError) {
        report.record(error)
        if case .stopAtFirst = policy { throw error }
    }
}
