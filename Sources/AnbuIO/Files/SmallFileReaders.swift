public import Anbu

extension HouseholdsFile {
    /// Reads households.csv. Rows with a problem are reported (by `policy`) and left out.
    ///
    /// - Returns: The households and the problems found.
    public static func read(
        path: String, policy: ErrorPolicy = .default
    ) throws(DistrictFileError) -> (file: HouseholdsFile, problems: ProblemReport) {
        var sink = ProblemSink(policy: policy)
        let table = try CSVTable.read(path: path, name: name, requiredColumns: columns, sink: &sink)
        var households: [Household] = []
        var kept: [Int] = []
        var firstLine: [String: Int] = [:]
        for row in table.rows.indices {
            let idText = table.field(row, "household")
            guard let id = HouseholdID(idText) else {
                try sink.record(DistrictFileError(.invalidHouseholdID(idText), at: table.location(row, "household")))
                continue
            }
            if let first = firstLine[idText] {
                try sink.record(
                    DistrictFileError(
                        .duplicateHousehold(idText, firstLine: first), at: table.location(row, "household")))
                continue
            }
            let zoneText = table.field(row, "timezone")
            guard let zone = HouseholdTimeZone(parsing: zoneText) else {
                try sink.record(DistrictFileError(.invalidTimeZone(zoneText), at: table.location(row, "timezone")))
                continue
            }
            let sourcesText = table.field(row, "signals")
            guard let sources = parseSources(sourcesText) else {
                try sink.record(DistrictFileError(.invalidSources(sourcesText), at: table.location(row, "signals")))
                continue
            }
            firstLine[idText] = table.rows[row].line
            households.append(Household(id: id, timeZone: zone, sources: sources))
            kept.append(row)
        }
        let extra = table.extra
        return (
            HouseholdsFile(
                households: households, extra: ExtraColumns(names: extra.names, values: kept.map { extra.values[$0] })),
            sink.report
        )
    }

    /// `power;steps;calls` (any order, no repeats, not empty) as a set; `nil` otherwise.
    public static func parseSources(_ text: String) -> SignalSources? {
        var sources: SignalSources = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            guard let source = SignalSource(rawValue: String(part)), !sources.contains(source) else { return nil }
            sources.insert(SignalSources(source))
        }
        return sources.isEmpty ? nil : sources
    }
}

/// Reads the time in `column` of `row`, recording a problem when it is malformed.
private func time(
    _ table: CSVTable, _ row: Int, _ column: String, sink: inout ProblemSink
) throws(DistrictFileError) -> Timestamp? {
    let text = table.field(row, column)
    switch ContractTime.parse(text) {
    case .success(let millis): return Timestamp(unixMilliseconds: millis)
    case .failure(let error):
        try sink.record(
            DistrictFileError(.malformedTime(text, reason: error.description), at: table.location(row, column)))
        return nil
    }
}

/// The household in `column` of `row`: `nil` for `*` when `allowDistrict`, or a known household.
private func householdField(
    _ table: CSVTable, _ row: Int, _ column: String, known: HouseholdIndex?, allowDistrict: Bool,
    sink: inout ProblemSink
) throws(DistrictFileError) -> HouseholdID?? {
    let text = table.field(row, column)
    if allowDistrict, text == "*" { return .some(nil) }
    guard let id = HouseholdID(text) else {
        try sink.record(DistrictFileError(.invalidHouseholdID(text), at: table.location(row, column)))
        return nil
    }
    if let known, known.row(of: id) == nil {
        try sink.record(DistrictFileError(.unknownHousehold(text), at: table.location(row, column)))
        return nil
    }
    return .some(id)
}

private func keptExtra(_ table: CSVTable, _ kept: [Int]) -> ExtraColumns {
    let extra = table.extra
    return ExtraColumns(names: extra.names, values: kept.map { extra.values[$0] })
}

extension AbsencesFile {
    /// Reads absences.csv, checking households against `households` when given.
    public static func read(
        path: String, households: HouseholdIndex? = nil, policy: ErrorPolicy = .default
    ) throws(DistrictFileError) -> (file: AbsencesFile, problems: ProblemReport) {
        var sink = ProblemSink(policy: policy)
        let table = try CSVTable.read(path: path, name: name, requiredColumns: columns, sink: &sink)
        var absences: [Absence] = []
        var kept: [Int] = []
        for row in table.rows.indices {
            let who = try householdField(table, row, "household", known: households, allowDistrict: false, sink: &sink)
            let start = try time(table, row, "start", sink: &sink)
            let end = try time(table, row, "end", sink: &sink)
            guard let who, let id = who, let start, let end else { continue }
            guard end > start else {
                try sink.record(
                    DistrictFileError(
                        .endBeforeStart(start: table.field(row, "start"), end: table.field(row, "end")),
                        at: table.location(row, "end")))
                continue
            }
            absences.append(Absence(household: id, start: start, end: end))
            kept.append(row)
        }
        return (AbsencesFile(absences: absences, extra: keptExtra(table, kept)), sink.report)
    }
}

extension IncidentsFile {
    /// Reads incidents.csv, checking households against `households` when given.
    public static func read(
        path: String, households: HouseholdIndex? = nil, policy: ErrorPolicy = .default
    ) throws(DistrictFileError) -> (file: IncidentsFile, problems: ProblemReport) {
        var sink = ProblemSink(policy: policy)
        let table = try CSVTable.read(path: path, name: name, requiredColumns: columns, sink: &sink)
        var incidents: [Incident] = []
        var kept: [Int] = []
        for row in table.rows.indices {
            let who = try householdField(table, row, "household", known: households, allowDistrict: true, sink: &sink)
            let kindText = table.field(row, "kind")
            let kind = IncidentKind(rawValue: kindText)
            if kind == nil {
                try sink.record(
                    DistrictFileError(
                        .invalidField(
                            column: "kind", text: kindText,
                            expected: IncidentKind.allCases.map(\.rawValue).joined(separator: ", ")),
                        at: table.location(row, "kind")))
            }
            let onset = try time(table, row, "onset", sink: &sink)
            var end: Timestamp?? = .some(nil)
            if !table.field(row, "end").isEmpty {
                end = try time(table, row, "end", sink: &sink).map { .some($0) }
            }
            guard let who, let kind, let onset, let end else { continue }
            if let stop = end, stop <= onset {
                try sink.record(
                    DistrictFileError(
                        .endBeforeStart(start: table.field(row, "onset"), end: table.field(row, "end")),
                        at: table.location(row, "end")))
                continue
            }
            incidents.append(Incident(household: who, kind: kind, onset: onset, end: end))
            kept.append(row)
        }
        return (IncidentsFile(incidents: incidents, extra: keptExtra(table, kept)), sink.report)
    }
}

extension AlertsFile {
    /// Reads alerts.csv, checking households against `households` when given.
    public static func read(
        path: String, households: HouseholdIndex? = nil, policy: ErrorPolicy = .default
    ) throws(DistrictFileError) -> (file: AlertsFile, problems: ProblemReport) {
        var sink = ProblemSink(policy: policy)
        let table = try CSVTable.read(path: path, name: name, requiredColumns: columns, sink: &sink)
        var events: [AlertEvent] = []
        var kept: [Int] = []
        func choice<T: RawRepresentable & CaseIterable>(
            _ type: T.Type, _ row: Int, _ column: String, sink: inout ProblemSink
        ) throws(DistrictFileError) -> T? where T.RawValue == String {
            let text = table.field(row, column)
            if let value = T(rawValue: text) { return value }
            try sink.record(
                DistrictFileError(
                    .invalidField(
                        column: column, text: text, expected: T.allCases.map(\.rawValue).joined(separator: ", ")),
                    at: table.location(row, column)))
            return nil
        }
        for row in table.rows.indices {
            let alert = table.field(row, "alert")
            let who = try householdField(table, row, "household", known: households, allowDistrict: true, sink: &sink)
            let when = try time(table, row, "time", sink: &sink)
            let event = try choice(AlertEventKind.self, row, "event", sink: &sink)
            let kind = try choice(AlertKind.self, row, "kind", sink: &sink)
            var tier: Tier?? = .some(nil)
            if !table.field(row, "tier").isEmpty {
                tier = try choice(Tier.self, row, "tier", sink: &sink).map { .some($0) }
            }
            var reasons: [ReasonCode]? = []
            let reasonsText = table.field(row, "reasons")
            if !reasonsText.isEmpty {
                for part in reasonsText.split(separator: ";", omittingEmptySubsequences: false) {
                    let valid = !part.isEmpty && part.utf8.allSatisfy {
                        ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                            || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
                    }
                    if valid {
                        reasons?.append(ReasonCode(rawValue: String(part)))
                    } else {
                        reasons = nil
                        try sink.record(
                            DistrictFileError(
                                .invalidField(
                                    column: "reasons", text: reasonsText, expected: "; -separated codes of a-z 0-9 _"),
                                at: table.location(row, "reasons")))
                        break
                    }
                }
            }
            if alert.isEmpty {
                try sink.record(
                    DistrictFileError(
                        .invalidField(column: "alert", text: alert, expected: "a non-empty identifier"),
                        at: table.location(row, "alert")))
                continue
            }
            guard let who, let when, let event, let kind, let tier, let reasons else { continue }
            if (event == .close) != (tier == nil) {
                try sink.record(
                    DistrictFileError(
                        .invalidField(
                            column: "tier", text: table.field(row, "tier"),
                            expected: event == .close ? "empty on close" : "attention, caution, serious"),
                        at: table.location(row, "tier")))
                continue
            }
            events.append(
                AlertEvent(alert: alert, household: who, time: when, event: event, tier: tier, kind: kind, reasons: reasons))
            kept.append(row)
        }
        return (AlertsFile(events: events, extra: keptExtra(table, kept)), sink.report)
    }
}
