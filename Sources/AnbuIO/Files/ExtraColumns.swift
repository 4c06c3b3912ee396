public import Anbu

/// Columns of a CSV file that the contract does not name: ignored by Anbu, kept so a rewritten file still has them.
public struct ExtraColumns: Sendable, Hashable {
    /// The unknown columns' names, in file order.
    public var names: [String]
    /// One entry per row of the file's records, each holding one text per name.
    public var values: [[String]]

    /// Extra columns.
    public init(names: [String] = [], values: [[String]] = []) {
        self.names = names
        self.values = values
    }

    /// The extra fields of row `row`, or empty texts when the row has none.
    func fields(ofRow row: Int) -> [String] {
        row < values.count ? values[row] : [String](repeating: "", count: names.count)
    }
}

/// The time zone used to write each household's times, and the district's own for `*` rows.
///
/// The district's zone is the zone all households share, or UTC when they differ.
public struct DistrictZones: Sendable {
    /// Each household's zone.
    public let zones: [HouseholdID: HouseholdTimeZone]
    /// The zone for district-wide rows (`*`) and for dense/meta.json's `start`.
    public let district: HouseholdTimeZone

    /// The zones of `households`.
    public init(households: [Household]) {
        var zones: [HouseholdID: HouseholdTimeZone] = [:]
        for household in households where zones[household.id] == nil { zones[household.id] = household.timeZone }
        self.zones = zones
        let distinct = Set(households.map(\.timeZone))
        district = distinct.count == 1 ? distinct.first! : .fixed(offsetSeconds: 0)
    }

    /// The zone of `household`, or the district's for `nil` and unknown households.
    public func zone(for household: HouseholdID?) -> HouseholdTimeZone {
        household.flatMap { zones[$0] } ?? district
    }
}

/// Writes a small CSV file: a header, then records.
struct SmallCSVWriter {
    var bytes: [UInt8] = []
    var offsets = ZoneOffsets()

    init(header: [String]) { CSVFormat.appendRecord(header, to: &bytes) }

    mutating func time(_ time: Int64, zone: HouseholdTimeZone) -> String {
        ContractTime.iso8601(time, offsetSeconds: offsets.offsetSeconds(of: zone, at: time))
    }

    mutating func record(_ fields: [String]) { CSVFormat.appendRecord(fields, to: &bytes) }

    func write(to path: String, name: String) throws(DistrictFileError) {
        let sink = try ByteSink(path: path, name: name)
        try bytes.withUnsafeBytes { raw in Result { () throws(DistrictFileError) in try sink.append(raw: raw) } }.get()
        try sink.finish()
    }
}
