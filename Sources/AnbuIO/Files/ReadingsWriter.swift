public import Anbu

/// Writes readings.csv, streaming: `household,time,signal,value`, times in each household's own offset.
///
/// Values are written as whole numbers when they are whole and otherwise in the shortest form that reads back to the
/// same `Float`; a missed call's value is empty.
public final class ReadingsWriter {
    /// The file's name in a district directory.
    public static let name = "readings.csv"
    /// The columns, in the order written.
    public static let columns = ["household", "time", "signal", "value"]

    private let sink: ByteSink
    private let households: [Household]
    private let idBytes: [[UInt8]]
    private var offsets = ZoneOffsets()
    private var scratch: [UInt8] = []
    /// The number of readings written.
    public private(set) var count = 0

    /// Creates (or truncates) the file at `path` and writes the header.
    public init(path: String, households: [Household]) throws(DistrictFileError) {
        sink = try ByteSink(path: path, name: Self.name)
        self.households = households
        idBytes = households.map { Array($0.id.rawValue.utf8) }
        try sink.append(Self.columns.joined(separator: ",") + "\n")
    }

    /// Writes one reading of household row `household` at Unix milliseconds `time`.
    public func append(household: Int, signal: Signal, time: Int64, value: Float) throws(DistrictFileError) {
        let zone = households[household].timeZone
        let offset = offsets.offsetSeconds(of: zone, at: time)
        let id = idBytes[household]
        try sink.withBuffer { out in
            out.append(contentsOf: id)
            out.append(UInt8(ascii: ","))
            ContractTime.appendISO8601(time, offsetSeconds: offset, to: &out)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: signal.rawValue.utf8)
            out.append(UInt8(ascii: ","))
            if signal != .callMissed { Self.appendValue(value, to: &out) }
            out.append(UInt8(ascii: "\n"))
        }
        count += 1
    }

    /// Writes one reading; its household must be one of the writer's.
    ///
    /// - Precondition: `reading.household` is among the writer's households.
    public func append(_ reading: Reading, row: Int) throws(DistrictFileError) {
        precondition(households[row].id == reading.household, "row \(row) is not \(reading.household)")
        try append(household: row, signal: reading.signal, time: reading.time.unixMilliseconds, value: Float(reading.value))
    }

    /// Flushes and closes the file.
    public func finish() throws(DistrictFileError) { try sink.finish() }

    /// `12`, `37.375`, `1e-05`: whole values without a fraction, others in shortest round-trip form.
    static func appendValue(_ value: Float, to out: inout [UInt8]) {
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            var whole = Int64(value)
            if whole == 0 {
                out.append(UInt8(ascii: "0"))
                return
            }
            if whole < 0 {
                out.append(UInt8(ascii: "-"))
                whole = -whole
            }
            var digits: [UInt8] = []
            while whole > 0 {
                digits.append(UInt8(48 + whole % 10))
                whole /= 10
            }
            out.append(contentsOf: digits.reversed())
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }
}
