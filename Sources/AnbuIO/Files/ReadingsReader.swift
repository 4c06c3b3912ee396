public import Anbu

/// Reads readings.csv as a stream, in bounded memory, into `ReadingBatch`es the engine can take.
///
/// The file is read in large blocks with `read(2)`; records are split and parsed at the byte level (no `String` per
/// field, no date formatter), household ids are looked up in a `HouseholdIndex` straight from the bytes. Memory is
/// one block plus the longest allowed line plus one batch, whatever the file's size.
///
/// Every row that breaks the contract is reported as a ``DistrictFileError`` with its file, line, column and text, and
/// left out of the batches; under ``ErrorPolicy/stopAtFirst`` the first one is thrown.
public final class ReadingsReader {
    /// How a reader reads.
    public struct Options: Sendable {
        /// What to do with bad rows.
        public var policy: ErrorPolicy = .default
        /// Bytes per `read(2)`.
        public var blockSize: Int = 8 << 20
        /// Readings per batch.
        public var batchSize: Int = 1 << 16
        /// The longest line accepted, in bytes.
        public var maximumLineLength: Int = 1 << 20
        /// When set, a time outside `[grid start - bound, grid end + bound)` is a
        /// ``DistrictFileError/Problem/timeOutOfRange(_:boundSeconds:)`` error. Readings outside the grid but within
        /// the bound are still delivered (the caller decides; ``DistrictBinner`` counts and skips them).
        public var range: (grid: BinGrid, boundSeconds: Int64)?

        /// Default options.
        public init() {}
    }

    /// What was read so far.
    public struct Statistics: Sendable, Hashable {
        /// Data records seen (good and bad; blank lines excluded).
        public var records = 0
        /// Good readings delivered, by signal (indexed like `Signal.allCases`).
        public var readings = [Int](repeating: 0, count: Signal.allCases.count)
        /// The earliest and latest time of a good reading, Unix milliseconds.
        public var earliest = Int64.max, latest = Int64.min
        /// Good readings per UTC day (days since 1970-01-01): count, earliest and latest time.
        public var days: [Int64: DayRange] = [:]

        /// Readings of one UTC day.
        public struct DayRange: Sendable, Hashable {
            /// How many.
            public var count: Int
            /// The earliest, Unix milliseconds.
            public var earliest: Int64
            /// The latest, Unix milliseconds.
            public var latest: Int64
            /// The line of the earliest reading (the first such line).
            public var earliestLine: Int
            /// The line of the latest reading (the first such line).
            public var latestLine: Int
        }

        /// Good readings delivered, all signals.
        public var total: Int { readings.reduce(0, +) }
    }

    /// The households (rows of the batches).
    public let households: [Household]
    /// The household index used for lookups.
    public let index: HouseholdIndex
    /// The options.
    public let options: Options
    /// The line of each reading in the batch most recently filled by ``next(into:)``.
    public private(set) var lines: [Int] = []
    /// What was read so far.
    public private(set) var statistics = Statistics()

    private let source: ByteSource
    private let name: String
    private var sink: ProblemSink
    private let buffer: UnsafeMutableRawBufferPointer
    private var begin = 0, end = 0, atEnd = false
    private var line = 1
    private var fields: [CSVField] = []
    private var scratch: [UInt8] = []
    private var columnCount = 0
    private var householdColumn = 0, timeColumn = 0, signalColumn = 0, valueColumn = 0
    private var skippingLongLine = false
    private var dayKey: Int64 = .min
    private var day = Statistics.DayRange(count: 0, earliest: 0, latest: 0, earliestLine: 0, latestLine: 0)
    private let rangeLower: Int64, rangeUpper: Int64, gridLower: Int64, gridUpper: Int64

    /// The problems found so far.
    public var problems: ProblemReport { sink.report }

    /// Opens readings.csv at `path` and reads its header.
    ///
    /// - Throws: A missing file, an empty file or a header without `household`, `time`, `signal` and `value`.
    public init(
        path: String, households: [Household], index: HouseholdIndex? = nil, options: Options = Options(),
        name: String = "readings.csv"
    ) throws(DistrictFileError) {
        self.households = households
        self.index = index ?? HouseholdIndex(households.map(\.id))
        self.options = options
        self.name = name
        sink = ProblemSink(policy: options.policy)
        source = try ByteSource(path: path, name: name)
        buffer = .allocate(byteCount: max(options.blockSize, 16) + max(options.maximumLineLength, 64), alignment: 64)
        if let range = options.range {
            gridLower = range.grid.startUnixSeconds * 1000
            gridUpper = range.grid.end.unixMilliseconds
            rangeLower = gridLower - range.boundSeconds * 1000
            rangeUpper = gridUpper + range.boundSeconds * 1000
        } else {
            gridLower = .min
            gridUpper = .max
            rangeLower = .min
            rangeUpper = .max
        }
        try readHeader()
    }

    deinit { buffer.deallocate() }

    private var window: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[0..<end]) }

    /// Moves the unread bytes to the front and reads more; returns false when nothing more could be read.
    private func refill() throws(DistrictFileError) -> Bool {
        guard !atEnd else { return false }
        if begin > 0 {
            let pending = end - begin
            if pending > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + begin, byteCount: pending) }
            end = pending
            begin = 0
        }
        let room = buffer.count - end
        guard room > 0 else { return false }
        let got = try source.readFully(into: buffer.baseAddress! + end, count: room, name: name)
        end += got
        if got < room { atEnd = true }
        return got > 0 || atEnd
    }

    private func readHeader() throws(DistrictFileError) {
        _ = try refill()
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { begin = 3 }
        while true {
            let scan = CSVScanner.scan(window, from: begin, atEnd: atEnd, fields: &fields)
            guard case .record(let next, let newlines, let malformed, _, _) = scan else {
                if end - begin >= options.maximumLineLength {
                    throw DistrictFileError(
                        .lineTooLong(bytes: options.maximumLineLength), at: FileLocation(file: name, line: 1))
                }
                _ = try refill()
                continue
            }
            if end == 0 || (next == begin) {
                throw DistrictFileError(.emptyFile, at: FileLocation(file: name, line: 1))
            }
            let text = CSVScanner.recordText(window, from: begin, to: next)
            if malformed { throw DistrictFileError(.malformedQuote(text), at: FileLocation(file: name, line: 1)) }
            let header = fields.map { CSVScanner.text(window, $0) }
            func column(_ wanted: String) throws(DistrictFileError) -> Int {
                let matches = header.indices.filter { header[$0] == wanted }
                guard let first = matches.first else {
                    throw DistrictFileError(.missingColumn(wanted), at: FileLocation(file: name, line: 1))
                }
                guard matches.count == 1 else {
                    throw DistrictFileError(.duplicateColumn(wanted), at: FileLocation(file: name, line: 1))
                }
                return first
            }
            householdColumn = try column("household")
            timeColumn = try column("time")
            signalColumn = try column("signal")
            valueColumn = try column("value")
            columnCount = header.count
            line += newlines
            begin = next
            return
        }
    }

    /// Fills `batch` (emptied first) with up to ``Options/batchSize`` good readings; ``lines`` gets their lines.
    ///
    /// - Returns: `false` when the file is exhausted and `batch` is empty.
    public func next(into batch: inout ReadingBatch) throws(DistrictFileError) -> Bool {
        batch.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        while batch.count < options.batchSize {
            if begin >= end {
                if atEnd { break }
                _ = try refill()
                if begin >= end { break }
                continue
            }
            if skippingLongLine {
                if let newline = findNewline(from: begin) {
                    begin = newline + 1
                    line += 1
                    skippingLongLine = false
                } else {
                    begin = end
                }
                continue
            }
            let scan = CSVScanner.scan(window, from: begin, atEnd: atEnd, fields: &fields)
            switch scan {
            case .incomplete:
                if end - begin >= options.maximumLineLength {
                    try sink.record(
                        DistrictFileError(
                            .lineTooLong(bytes: options.maximumLineLength), at: FileLocation(file: name, line: line)))
                    statistics.records += 1
                    skippingLongLine = true
                    if let newline = findNewline(from: begin) {
                        begin = newline + 1
                        line += 1
                        skippingLongLine = false
                    } else {
                        begin = end
                    }
                    continue
                }
                _ = try refill()
            case .record(let next, let newlines, let malformed, let terminated, let unclosed):
                defer {
                    begin = next
                    line += newlines
                }
                if fields.count == 1, fields[0].end == fields[0].start, fields[0].start == begin, !unclosed {
                    continue  // a blank line
                }
                statistics.records += 1
                if next - begin > options.maximumLineLength {
                    try record(.lineTooLong(bytes: options.maximumLineLength), column: 0)
                    continue
                }
                if unclosed || (!terminated && fields.count < columnCount) {
                    try record(.truncatedLastLine(CSVScanner.recordText(window, from: begin, to: next)), column: 1)
                    continue
                }
                if malformed {
                    try record(.malformedQuote(CSVScanner.recordText(window, from: begin, to: next)), column: 1)
                    continue
                }
                if fields.count != columnCount {
                    try record(
                        .wrongFieldCount(
                            CSVScanner.recordText(window, from: begin, to: next), expected: columnCount,
                            found: fields.count),
                        column: 1)
                    continue
                }
                try parseRecord(into: &batch)
            }
        }
        return !batch.isEmpty
    }

    private func findNewline(from start: Int) -> Int? {
        var i = start
        while i < end {
            if buffer[i] == CSVScanner.newline { return i }
            i += 1
        }
        return nil
    }

    private func record(_ problem: DistrictFileError.Problem, column: Int) throws(DistrictFileError) {
        try sink.record(DistrictFileError(problem, at: FileLocation(file: name, line: line, column: column)))
    }

    private func text(_ field: CSVField) -> String { CSVScanner.text(window, field) }

    private func column(_ field: CSVField) -> Int {
        var lineStart = field.start
        while lineStart > begin, buffer[lineStart - 1] != CSVScanner.newline { lineStart -= 1 }
        let quote = field.start > begin && buffer[field.start - 1] == CSVScanner.quote ? 1 : 0
        return field.start - quote - lineStart + 1
    }

    /// The field's bytes, unescaped into scratch when it holds doubled quotes.
    @inline(__always)
    private func bytes(_ field: CSVField, _ body: (UnsafeRawBufferPointer) -> Void) {
        if !field.escaped {
            body(UnsafeRawBufferPointer(rebasing: window[field.start..<field.end]))
        } else {
            scratch = Array(CSVScanner.text(window, field).utf8)
            scratch.withUnsafeBytes(body)
        }
    }

    @inline(__always)
    private func parseRecord(into batch: inout ReadingBatch) throws(DistrictFileError) {
        let householdField = fields[householdColumn], signalField = fields[signalColumn]
        let timeField = fields[timeColumn], valueField = fields[valueColumn]
        var row: Int?
        bytes(householdField) { row = index.row(ofUTF8: $0) }
        guard let row else {
            try record(.unknownHousehold(text(householdField)), column: column(householdField))
            return
        }
        var signal: Signal?
        bytes(signalField) { signal = Self.signal($0) }
        guard let signal else {
            try record(.unknownSignal(text(signalField)), column: column(signalField))
            return
        }
        var parsedTime: Result<Int64, ContractTime.ParseError> = .failure(.empty)
        bytes(timeField) { parsedTime = ContractTime.parse($0) }
        let time: Int64
        switch parsedTime {
        case .success(let value): time = value
        case .failure(let error):
            try record(.malformedTime(text(timeField), reason: error.description), column: column(timeField))
            return
        }
        var value: Float = 0
        if signal != .callMissed {
            var number: DecimalNumber?
            bytes(valueField) { number = DecimalNumber.parse($0) }
            guard let number else {
                try record(.malformedValue(text(valueField), signal: signal), column: column(valueField))
                return
            }
            if let issue = signal.valueProblem(number.double) {
                let shown = text(valueField)
                let problem: DistrictFileError.Problem =
                    switch issue {
                    case .negative: .negativeValue(shown, signal: signal)
                    case .notFinite: .nonFiniteValue(shown, signal: signal)
                    case .fractionalSteps: .fractionalSteps(shown)
                    case .tooLarge: .valueTooLarge(shown, signal: signal)
                    }
                try record(problem, column: column(valueField))
                return
            }
            value = number.float
        }
        guard households[row].sources.contains(signal.source) else {
            try record(
                .signalNotDeclared(signal: signal, household: text(householdField)), column: column(signalField))
            return
        }
        if time < rangeLower || time >= rangeUpper {
            try record(
                .timeOutOfRange(text(timeField), boundSeconds: options.range?.boundSeconds ?? 0),
                column: column(timeField))
            return
        }
        batch.append(household: Int32(truncatingIfNeeded: row), signal: signal, time: time, value: value)
        lines.append(line)
        statistics.readings[Self.signalIndex(signal)] += 1
        if time < statistics.earliest { statistics.earliest = time }
        if time > statistics.latest { statistics.latest = time }
        let key = time >= 0 ? time / 86_400_000 : (time + 1) / 86_400_000 - 1
        if key != dayKey { switchDay(to: key, time: time) }
        day.count += 1
        if time < day.earliest {
            day.earliest = time
            day.earliestLine = line
        }
        if time > day.latest {
            day.latest = time
            day.latestLine = line
        }
    }

    private func switchDay(to key: Int64, time: Int64) {
        if dayKey != .min { statistics.days[dayKey] = day }
        dayKey = key
        day =
            statistics.days[key]
            ?? Statistics.DayRange(count: 0, earliest: time, latest: time, earliestLine: line, latestLine: line)
    }

    /// Statistics including the day being counted.
    private func flushDay() {
        if dayKey != .min { statistics.days[dayKey] = day }
    }

    /// Reads every remaining reading, handing each batch to `body`; returns the final statistics and problems.
    public func forEachBatch(
        _ body: (ReadingBatch, [Int]) throws(DistrictFileError) -> Void
    ) throws(DistrictFileError) -> (statistics: Statistics, problems: ProblemReport) {
        var batch = ReadingBatch(capacity: options.batchSize)
        while try next(into: &batch) { try body(batch, lines) }
        flushDay()
        return (statistics, sink.report)
    }

    /// Finishes the day count; call after the last ``next(into:)`` when not using ``forEachBatch(_:)``.
    public func finish() -> (statistics: Statistics, problems: ProblemReport) {
        flushDay()
        return (statistics, sink.report)
    }

    @inline(__always)
    static func signalIndex(_ signal: Signal) -> Int {
        switch signal {
        case .power: 0
        case .steps: 1
        case .callOut: 2
        case .callIn: 3
        case .callMissed: 4
        }
    }

    /// The signal named by these bytes.
    @inline(__always)
    static func signal(_ bytes: UnsafeRawBufferPointer) -> Signal? {
        func equals(_ word: StaticString) -> Bool {
            guard bytes.count == word.utf8CodeUnitCount else { return false }
            let pointer = word.utf8Start
            for k in 0..<bytes.count where bytes[k] != pointer[k] { return false }
            return true
        }
        switch bytes.count {
        case 5: return equals("power") ? .power : equals("steps") ? .steps : nil
        case 7: return equals("call_in") ? .callIn : nil
        case 8: return equals("call_out") ? .callOut : nil
        case 11: return equals("call_missed") ? .callMissed : nil
        default: return nil
        }
    }
}
