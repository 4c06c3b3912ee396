public import Anbu
import Foundation

/// dense/meta.json: the grid and the shape of the dense form's arrays.
public struct DenseMeta: Sendable, Hashable {
    /// The format version this code reads and writes.
    public static let currentVersion = 1

    /// The format version (1).
    public var version: Int
    /// The bins.
    public var grid: BinGrid
    /// The number of households (rows).
    public var households: Int
    /// The signals with a `.npy` file, in the file's order.
    public var signals: [DenseSignal]

    /// Meta for a district.
    public init(grid: BinGrid, households: Int, signals: [DenseSignal] = DenseSignal.allCases) {
        version = Self.currentVersion
        self.grid = grid
        self.households = households
        self.signals = signals
    }

    /// The JSON text, keys in the contract's order, `start` in `zone`'s offset at the start.
    public func json(zone: HouseholdTimeZone) -> String {
        var offsets = ZoneOffsets()
        let startMillis = grid.startUnixSeconds * 1000
        let start = ContractTime.iso8601(startMillis, offsetSeconds: offsets.offsetSeconds(of: zone, at: startMillis))
        let names = signals.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        return """
            {"version": \(version), "bin_seconds": \(grid.binSeconds), "start": "\(start)", \
            "start_unix": \(grid.startUnixSeconds), "bins": \(grid.count), "households": \(households), \
            "signals": [\(names)]}

            """
    }

    /// Parses meta.json. Unknown keys are ignored; `start` and `start_unix` must agree when both are given.
    public static func parse(_ bytes: [UInt8], file: String = "dense/meta.json") throws(DistrictFileError) -> DenseMeta {
        let location = FileLocation(file: file)
        func fail(_ reason: String) -> DistrictFileError { DistrictFileError(.meta(reason), at: location) }
        struct Fields: Decodable {
            var version: Int64?
            var bin_seconds: Int64?
            var start: String?
            var start_unix: Int64?
            var bins: Int64?
            var households: Int64?
            var signals: [String]?
        }
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(bytes))
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            throw fail("\"\(context.codingPath[0].stringValue)\" has the wrong type")
        } catch DecodingError.valueNotFound(_, let context) where !context.codingPath.isEmpty {
            let key = context.codingPath.first?.stringValue ?? "?"
            throw fail("\"\(key)\" has the wrong type")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            throw fail("\"\(context.codingPath[0].stringValue)\" has the wrong type")
        } catch {
            throw fail("not a JSON object")
        }
        guard let version = fields.version else { throw fail("no \"version\"") }
        guard version == Int64(currentVersion) else { throw fail("version \(version) is not 1") }
        guard let binSeconds = fields.bin_seconds else { throw fail("no \"bin_seconds\"") }
        guard binSeconds > 0, 86_400 % binSeconds == 0 else { throw fail("bin_seconds \(binSeconds) does not divide a day") }
        guard let bins = fields.bins, bins >= 0, bins <= Int64(Int32.max) else {
            throw fail("\"bins\" is missing or negative")
        }
        guard let households = fields.households, households >= 0, households <= Int64(Int32.max) else {
            throw fail("\"households\" is missing or negative")
        }
        var start = fields.start_unix
        if let start, abs(start) > 1 << 40 { throw fail("\"start_unix\" \(start) is out of range") }
        if let text = fields.start {
            switch ContractTime.parse(text) {
            case .success(let millis):
                guard millis % 1000 == 0 else { throw fail("\"start\" \(quoted(text)) is not on a whole second") }
                if let given = start, given != millis / 1000 {
                    throw fail("\"start\" \(quoted(text)) and \"start_unix\" \(given) disagree")
                }
                start = millis / 1000
            case .failure(let error): throw fail("\"start\" \(quoted(text)): \(error)")
            }
        }
        guard let start else { throw fail("no \"start\" or \"start_unix\"") }
        var signals = DenseSignal.allCases
        if let names = fields.signals {
            signals = []
            for name in names {
                guard let signal = DenseSignal(rawValue: name) else { throw fail("unknown signal \(quoted(name))") }
                guard !signals.contains(signal) else { throw fail("signal \(quoted(name)) is listed twice") }
                signals.append(signal)
            }
        }
        var meta = DenseMeta(
            grid: BinGrid(startUnixSeconds: start, binSeconds: Int(binSeconds), count: Int(bins)),
            households: Int(households), signals: signals)
        meta.version = Int(version)
        return meta
    }
}

/// How ``DenseForm/read(from:households:loading:)`` and ``NPY/read(path:name:expected:loading:)`` bring a `.npy`
/// file's values into memory.
public enum DenseLoading: Sendable, Hashable {
    /// Map the file (private, read-only) and use its bytes in place: loading copies nothing, and each page comes from
    /// the page cache when it is first touched. Writing to a value copies only the page it is on; the file is never
    /// changed. The file must not be truncated or rewritten in place while the values are in use: touching a page
    /// that vanished from a truncated file stops the process (`SIGBUS`). Anbu's own writers replace a file rather
    /// than rewrite it, so writing a district over the one it was read from is safe. Falls back to ``copied`` where
    /// a map is impossible (a file that is not regular, a data offset not aligned for `Float`, a big-endian machine).
    case mapped
    /// Read the values with `read(2)` into memory of the matrix's own: the file may change afterwards.
    case copied
}

/// The arrays (or the errors) of a dense form's signals, stored by the threads that read them at distinct indices
/// and taken once every thread has finished.
private final class SignalArrays: @unchecked Sendable {
    private var slots: [Result<SignalMatrix, DistrictFileError>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: Result<SignalMatrix, DistrictFileError>, at index: Int) { lock.withLock { slots[index] = result } }

    func take(_ index: Int) -> Result<SignalMatrix, DistrictFileError> {
        lock.withLock {
            defer { slots[index] = nil }
            return slots[index]!
        }
    }
}

/// The dense form of a district directory: dense/meta.json and one `.npy` per signal.
public enum DenseForm {
    /// The folder holding the dense form inside a district directory.
    public static let folder = "dense"

    /// Writes `district`'s arrays and meta.json under `directory/dense/`, `start` in `zone`'s offset.
    public static func write(
        _ district: DenseDistrict, to directory: String, zone: HouseholdTimeZone
    ) throws(DistrictFileError) {
        let folder = directory + "/" + Self.folder
        try makeDirectory(folder)
        let meta = DenseMeta(grid: district.grid, households: district.households.count)
        for signal in meta.signals {
            let values =
                district.values[signal]
                ?? SignalMatrix(repeating: .nan, count: district.households.count * district.grid.count)
            try NPY.write(
                values, rows: district.households.count, columns: district.grid.count,
                to: folder + "/\(signal.rawValue).npy", name: "\(Self.folder)/\(signal.rawValue).npy")
        }
        let sink = try ByteSink(path: folder + "/meta.json", name: "\(Self.folder)/meta.json")
        try sink.append(meta.json(zone: zone))
        try sink.finish()
    }

    /// Reads meta.json and every signal's array from `directory/dense/`, checking shapes against `households`.
    ///
    /// A signal that meta.json does not list reads as all missing. `loading` says whether the arrays are the files
    /// mapped in place (the default: no copy, see ``DenseLoading/mapped`` for what that asks of the files) or read
    /// into memory of their own.
    public static func read(
        from directory: String, households: [Household], loading: DenseLoading = .mapped
    ) throws(DistrictFileError) -> DenseDistrict {
        let folder = directory + "/" + Self.folder
        let meta = try DenseMeta.parse(
            ByteSource.contents(of: folder + "/meta.json", name: "\(Self.folder)/meta.json"))
        guard meta.households == households.count else {
            throw DistrictFileError(
                .shapeMismatch(
                    expected: "\(households.count) households in households.csv",
                    found: "\(meta.households) households"),
                at: FileLocation(file: "\(Self.folder)/meta.json"))
        }
        // Start from an empty district (no NaN fill of arrays about to be replaced), then fill in the arrays.
        var district = DenseDistrict(households: [], grid: meta.grid)
        district.households = households
        let cells = households.count * meta.grid.count
        for signal in DenseSignal.allCases where !meta.signals.contains(signal) {
            district.values[signal] = SignalMatrix(repeating: .nan, count: cells)
        }
        // The files are opened (and, when copied, read) on all cores at once: one thread alone copies from the page
        // cache at well below the memory bandwidth of the machine.
        let results = SignalArrays(count: meta.signals.count)
        let paths = meta.signals.map { (path: folder + "/\($0.rawValue).npy", name: "\(Self.folder)/\($0.rawValue).npy") }
        let shape = (rows: households.count, columns: meta.grid.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            results.store(
                Result { () throws(DistrictFileError) in
                    try NPY.read(
                        path: paths[index].path, name: paths[index].name, expected: shape, loading: loading
                    ).values
                }, at: index)
        }
        for (index, signal) in meta.signals.enumerated() {
            district.values[signal] = try results.take(index).get()
        }
        return district
    }
}
