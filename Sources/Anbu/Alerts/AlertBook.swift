/// Keeps every alert's identity and state, and writes the events of its changes.
///
/// Identifiers are `A` followed by a sequence number, given in the order alerts open; the monitor processes
/// households in a fixed order, so the same input gives the same identifiers.
struct AlertBook {
    struct Record {
        var household: Int?
        var kind: AlertKind
        var tier: Tier
        var isOpen: Bool
        /// For person alerts: which detector raised the tier that opened it.
        var detector: Sensitivity.Detector
        /// The caseworker's outcome recorded for it, if any: one per alert (``DistrictMonitor/record(_:forAlert:)``).
        var outcome: CaseworkerOutcome? = nil
    }

    private(set) var records: [Record] = []
    private(set) var events: [AlertEvent] = []

    static func identifier(_ number: Int) -> String { "A\(number + 1)" }

    static func number(of identifier: String) -> Int? {
        guard identifier.first == "A", let n = Int(identifier.dropFirst()), n >= 1 else { return nil }
        return n - 1
    }

    /// Opens an alert and returns its number.
    mutating func open(
        household: Int?, id: HouseholdID?, kind: AlertKind, tier: Tier, detector: Sensitivity.Detector = .acute,
        time: Timestamp, reasons: [Reason]
    ) -> Int {
        let number = records.count
        records.append(Record(household: household, kind: kind, tier: tier, isOpen: true, detector: detector))
        emit(number, id: id, time: time, event: .open, tier: tier, reasons: reasons)
        return number
    }

    /// Changes an open alert's tier (escalate or de-escalate).
    mutating func change(_ number: Int, id: HouseholdID?, to tier: Tier, detector: Sensitivity.Detector? = nil,
                         time: Timestamp, reasons: [Reason]) {
        let previous = records[number].tier
        guard tier != previous else { return }
        records[number].tier = tier
        if let detector { records[number].detector = detector }
        emit(number, id: id, time: time, event: tier > previous ? .escalate : .deescalate, tier: tier,
             reasons: reasons)
    }

    /// Closes an open alert.
    mutating func close(_ number: Int, id: HouseholdID?, time: Timestamp, reasons: [Reason]) {
        records[number].isOpen = false
        emit(number, id: id, time: time, event: .close, tier: nil, reasons: reasons)
    }

    /// Notes the caseworker's outcome of alert `number`.
    mutating func recordOutcome(_ outcome: CaseworkerOutcome, forAlert number: Int) {
        records[number].outcome = outcome
    }

    /// Hands over the events written since the last call.
    mutating func drainEvents() -> [AlertEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    private mutating func emit(_ number: Int, id: HouseholdID?, time: Timestamp, event: AlertEventKind, tier: Tier?,
                               reasons: [Reason]) {
        events.append(AlertEvent(
            alert: Self.identifier(number), household: id, time: time, event: event, tier: tier,
            kind: records[number].kind, reasons: reasons.map(\.code), details: reasons))
    }
}

extension AlertBook {
    /// Lists every alert record once, for snapshots, as one array per field: ``StateArchive`` writes them, or reads
    /// them back and rebuilds the records. Events are not stored: the monitor drains them after every bin.
    ///
    /// - Parameter households: the number of registered households, which a record's household must be below.
    mutating func archive(_ archive: inout StateArchive, households: Int) throws(SnapshotError) {
        precondition(archive.isReading || events.isEmpty, "alert events must be drained before a snapshot")
        try archive.section("alerts")
        var household = records.map { $0.household ?? -1 }
        var kind = records.map { UInt8(AlertKind.allCases.firstIndex(of: $0.kind)!) }
        var tier = records.map { UInt8(Tier.allCases.firstIndex(of: $0.tier)!) }
        var isOpen = records.map { $0.isOpen ? UInt8(1) : 0 }
        var detector = records.map { UInt8($0.detector.rawValue) }
        // 0 none, else 1 + the outcome's place in `CaseworkerOutcome.allCases` (since version 12).
        var outcome = records.map { record in
            record.outcome.map { UInt8(CaseworkerOutcome.allCases.firstIndex(of: $0)! + 1) } ?? 0
        }
        try archive.list(&household)
        try archive.list(&kind)
        try archive.list(&tier)
        try archive.list(&isOpen)
        try archive.list(&detector)
        try archive.list(&outcome)
        let count = household.count
        try archive.require([kind, tier, isOpen, detector, outcome].allSatisfy { $0.count == count },
                            "alert fields of different lengths")
        try archive.require(household.allSatisfy { $0 >= -1 && $0 < households }, "an alert's household out of range")
        try archive.require(kind.allSatisfy { $0 < AlertKind.allCases.count }, "an unknown alert kind")
        try archive.require(tier.allSatisfy { $0 < Tier.allCases.count }, "an unknown tier")
        try archive.require(isOpen.allSatisfy { $0 <= 1 }, "an open flag other than 0 or 1")
        try archive.require(detector.allSatisfy { Sensitivity.Detector(rawValue: Int($0)) != nil }, "an unknown detector")
        try archive.require(outcome.allSatisfy { $0 <= CaseworkerOutcome.allCases.count }, "an unknown outcome")
        let person = UInt8(AlertKind.allCases.firstIndex(of: .person)!)
        try archive.require((0..<count).allSatisfy { outcome[$0] == 0 || (kind[$0] == person && household[$0] >= 0) },
                            "an outcome on an alert that is not a household's person alert")
        records = (0..<count).map { i in
            Record(household: household[i] < 0 ? nil : household[i], kind: AlertKind.allCases[Int(kind[i])],
                   tier: Tier.allCases[Int(tier[i])], isOpen: isOpen[i] == 1,
                   detector: Sensitivity.Detector(rawValue: Int(detector[i]))!,
                   outcome: outcome[i] == 0 ? nil : CaseworkerOutcome.allCases[Int(outcome[i]) - 1])
        }
    }
}
