extension AlertBook {
    /// Writes fusion's decision for household `h` as alert events: the one place where a tier change becomes an
    /// open, escalate, de-escalate or close event, for the monitor and for a replayed ``EvidenceTrace`` alike.
    ///
    /// - Parameters:
    ///   - alert: the household's open person alert number, or −1; updated.
    ///   - alive: whether the bin showed a sign of life (the closing reason).
    ///   - reasons: the evidence behind the tier, computed only when an event needs it.
    mutating func apply(
        _ decision: TierFusion.Decision, alert: inout Int, household h: Int, id: HouseholdID, time: Timestamp,
        alive: Bool, reasons: () -> [Reason]
    ) {
        switch decision {
        case .hold:
            return
        case .open(let tier, let detector):
            alert = open(household: h, id: id, kind: .person, tier: Tier.allCases[tier - 1], detector: detector,
                         time: time, reasons: reasons())
        case .escalate(let tier, let detector):
            change(alert, id: id, to: Tier.allCases[tier - 1], detector: detector, time: time, reasons: reasons())
        case .deescalate(let tier):
            change(alert, id: id, to: Tier.allCases[tier - 1], time: time,
                   reasons: reasons() + [Reason(.evidenceFaded)])
        case .close:
            close(alert, id: id, time: time, reasons: [Reason(alive ? .lifeReturned : .evidenceFaded)])
            alert = -1
        case .closeForAbsence:
            close(alert, id: id, time: time, reasons: [Reason(.announcedAbsence)])
            alert = -1
        }
    }
}
