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
