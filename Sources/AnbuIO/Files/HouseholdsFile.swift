public import Anbu

/// households.csv: the district's households in row order, with their time zones and devices.
public struct HouseholdsFile: Sendable, Hashable {
    /// The file's name in a district directory.
    public static let name = "households.csv"
    /// The columns the contract requires.
    public static let columns = ["household", "timezone", "signals"]

    /// The households, in file order (their rows in the dense form).
    public var households: [Household]
    /// Columns the contract does not name, kept for rewriting.
    public var extra: ExtraColumns

    /// A households file.
    public init(households: [Household], extra: ExtraColumns = ExtraColumns()) {
        self.households = households
        self.extra = extra
    }

    /// The `signals` text of a set of sources: `power;steps;calls`.
    public static func format(_ sources: SignalSources) -> String {
        sources.members.map(\.rawValue).joined(separator: ";")
    }

    /// Writes the file to `path`.
    public func write(to path: String) throws(DistrictFileError) {
        var writer = SmallCSVWriter(header: Self.columns + extra.names)
        for (row, household) in households.enumerated() {
            writer.record(
                [household.id.rawValue, household.timeZone.description, Self.format(household.sources)]
                    + extra.fields(ofRow: row))
        }
        try writer.write(to: path, name: Self.name)
    }
}

/// absences.csv: absences the people announced.
public struct AbsencesFile: Sendable, Hashable {
    /// The file's name in a district directory.
    public static let name = "absences.csv"
    /// The columns the contract requires.
    public static let columns = ["household", "start", "end"]

    /// The absences, in file order.
    public var absences: [Absence]
    /// Columns the contract does not name, kept for rewriting.
    public var extra: ExtraColumns

    /// An absences file.
    public init(absences: [Absence], extra: ExtraColumns = ExtraColumns()) {
        self.absences = absences
        self.extra = extra
    }

    /// Writes the file to `path`, times in each household's own offset.
    public func write(to path: String, zones: DistrictZones) throws(DistrictFileError) {
        var writer = SmallCSVWriter(header: Self.columns + extra.names)
        for (row, absence) in absences.enumerated() {
            let zone = zones.zone(for: absence.household)
            writer.record(
                [
                    absence.household.rawValue, writer.time(absence.start.unixMilliseconds, zone: zone),
                    writer.time(absence.end.unixMilliseconds, zone: zone),
                ] + extra.fields(ofRow: row))
        }
        try writer.write(to: path, name: Self.name)
    }
}

/// incidents.csv: ground truth written by simulators and read by evaluation.
public struct IncidentsFile: Sendable, Hashable {
    /// The file's name in a district directory.
    public static let name = "incidents.csv"
    /// The columns the contract requires.
    public static let columns = ["household", "kind", "onset", "end"]

    /// The incidents, in file order.
    public var incidents: [Incident]
    /// Columns the contract does not name, kept for rewriting.
    public var extra: ExtraColumns

    /// An incidents file.
    public init(incidents: [Incident], extra: ExtraColumns = ExtraColumns()) {
        self.incidents = incidents
        self.extra = extra
    }

    /// Writes the file to `path`, times in each household's own offset (`*` rows in the district's).
    public func write(to path: String, zones: DistrictZones) throws(DistrictFileError) {
        var writer = SmallCSVWriter(header: Self.columns + extra.names)
        for (row, incident) in incidents.enumerated() {
            let zone = zones.zone(for: incident.household)
            writer.record(
                [
                    incident.household?.rawValue ?? "*", incident.kind.rawValue,
                    writer.time(incident.onset.unixMilliseconds, zone: zone),
                    incident.end.map { writer.time($0.unixMilliseconds, zone: zone) } ?? "",
                ] + extra.fields(ofRow: row))
        }
        try writer.write(to: path, name: Self.name)
    }
}

/// alerts.csv: one row per change of an alert's state.
public struct AlertsFile: Sendable, Hashable {
    /// The file's name in a district directory.
    public static let name = "alerts.csv"
    /// The columns the contract requires.
    public static let columns = ["alert", "household", "time", "event", "tier", "kind", "reasons"]

    /// The events, in file order.
    public var events: [AlertEvent]
    /// Columns the contract does not name, kept for rewriting.
    public var extra: ExtraColumns

    /// An alerts file.
    public init(events: [AlertEvent], extra: ExtraColumns = ExtraColumns()) {
        self.events = events
        self.extra = extra
    }

    /// Writes the file to `path`, times in each household's own offset (`*` rows in the district's).
    public func write(to path: String, zones: DistrictZones) throws(DistrictFileError) {
        var writer = SmallCSVWriter(header: Self.columns + extra.names)
        for (row, event) in events.enumerated() {
            writer.record(
                [
                    event.alert, event.household?.rawValue ?? "*",
                    writer.time(event.time.unixMilliseconds, zone: zones.zone(for: event.household)),
                    event.event.rawValue, event.tier?.rawValue ?? "", event.kind.rawValue,
                    event.reasons.map(\.rawValue).joined(separator: ";"),
                ] + extra.fields(ofRow: row))
        }
        try writer.write(to: path, name: Self.name)
    }
}
