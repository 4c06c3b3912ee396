/// Every household's evidence, bin by bin, as fusion saw it: enough to replay fusion under other tier thresholds
/// without computing the evidence again ("score once, threshold many").
///
/// Record one with ``DistrictMonitor/process(_:recording:progress:)`` on a fresh monitor, then call
/// ``replay(_:)`` for each policy that differs from the recorded one only in ``fusionFields``. A replay returns the
/// alert events a monitor under that policy would have produced, in the same order and with the same identifiers.
/// Evidence does not depend on the fusion fields: what a household's routine learns from is held back by
/// ``DetectionPolicy/learningPauseEvidence``, not by the tier, so the replay is exact.
///
/// Replayed person events carry no evidence reasons (those need the detectors' state at the time); closing and
/// de-escalation reasons, and device and district events, are as in the recorded run.
///
/// Memory: 9 bytes per household-bin (39 MB for 2,000 households × 90 days of hourly bins).
public struct EvidenceTrace: Sendable {
    /// The recorded bins.
    public private(set) var grid: BinGrid
    /// The households, in the monitor's order.
    public let households: [HouseholdID]
    /// The policy of the recorded run.
    public let policy: DetectionPolicy

    /// Acute and decline scores net of feedback offsets, bin-major: `[bin * households.count + h]`.
    private var acute: [Float] = []
    private var decline: [Float] = []
    /// Bit 0: inside an announced absence; bit 1: the bin showed a sign of life.
    private var flags: [UInt8] = []
    /// The recorded run's device and district events, in order, with their bin and household index (−1: district).
    private var otherEvents: [(bin: Int, household: Int, event: AlertEvent)] = []

    /// The policy fields only fusion reads: a replay may change these and nothing else.
    public static let fusionFields: Set<String> = [
        "attentionThreshold", "cautionThreshold", "seriousThreshold", "declineAttentionThreshold",
        "declineCautionThreshold", "hysteresis", "deescalateAfterBins",
    ]

    init(start: Timestamp, households: [HouseholdID], policy: DetectionPolicy) {
        self.grid = BinGrid(startUnixSeconds: start.unixSeconds, binSeconds: policy.binSeconds, count: 0)
        self.households = households
        self.policy = policy
    }

    mutating func reserve(bins: Int) {
        let cells = bins * households.count
        acute.reserveCapacity(acute.count + cells)
        decline.reserveCapacity(decline.count + cells)
        flags.reserveCapacity(flags.count + cells)
    }

    /// Records household `h`'s fusion input for the bin being closed (households in order).
    mutating func record(acute a: Float, decline d: Float, absent: Bool, alive: Bool) {
        acute.append(a)
        decline.append(d)
        flags.append((absent ? 1 : 0) | (alive ? 2 : 0))
    }

    /// Ends the bin being recorded, keeping its device and district events (`household` maps an identifier back to
    /// the monitor's index).
    mutating func closeBin(events: [AlertEvent], household: (HouseholdID) -> Int) {
        for event in events where event.kind != .person {
            otherEvents.append((grid.count, event.household.map(household) ?? -1, event))
        }
        grid.count += 1
    }

    /// The alert events a monitor under `policy` would have produced on the recorded bins, replaying fusion only.
    ///
    /// - Throws: ``EvidenceTraceError/notReplayable(field:)`` when `policy` differs from the recorded policy in a
    ///   field other than ``fusionFields``; ``EvidenceTraceError/invalidPolicy(_:)`` when it is out of range.
    public func replay(_ policy: DetectionPolicy) throws(EvidenceTraceError) -> [AlertEvent] {
        do { try policy.validate() } catch { throw .invalidPolicy(error) }
        if let field = Self.nonFusionDifference(self.policy, policy) { throw .notReplayable(field: field) }
        let count = households.count
        var fusion = TierFusion()
        fusion.append(households: count)
        var book = AlertBook()
        var personAlert = [Int](repeating: -1, count: count)
        var renumbered: [String: Int] = [:]
        var next = 0
        func replayOther(bin: Int, household h: Int) {
            while next < otherEvents.count, otherEvents[next].bin == bin, otherEvents[next].household == h {
                let event = otherEvents[next].event
                switch event.event {
                case .open:
                    renumbered[event.alert] = book.open(
                        household: h < 0 ? nil : h, id: event.household, kind: event.kind, tier: event.tier!,
                        time: event.time, reasons: event.details)
                case .escalate, .deescalate:
                    book.change(renumbered[event.alert]!, id: event.household, to: event.tier!, time: event.time,
                                reasons: event.details)
                case .close:
                    book.close(renumbered[event.alert]!, id: event.household, time: event.time,
                               reasons: event.details)
                }
                next += 1
            }
        }
        let thresholds = TierFusion.Thresholds(policy)
        for bin in 0..<grid.count {
            let time = grid.end(ofBin: bin)
            replayOther(bin: bin, household: -1)
            for h in 0..<count {
                replayOther(bin: bin, household: h)
                let i = bin * count + h
                let decision = fusion.decide(
                    h, acute: acute[i], decline: decline[i], absent: flags[i] & 1 != 0, thresholds)
                book.apply(decision, alert: &personAlert[h], household: h, id: households[h], time: time,
                           alive: flags[i] & 2 != 0, reasons: { [] })
            }
        }
        return book.drainEvents()
    }

    /// The first field, by name, in which two policies differ outside ``fusionFields``; nil when there is none.
    private static func nonFusionDifference(_ a: DetectionPolicy, _ b: DetectionPolicy) -> String? {
        DetectionPolicy.fieldNames.first { name in
            !fusionFields.contains(name) && !a.hasSameValue(as: b, field: name)
        }
    }
}

/// Why an evidence trace cannot be replayed under a policy.
public enum EvidenceTraceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The policy changes a field that evidence depends on; run the monitor under it instead.
    case notReplayable(field: String)
    /// The policy is out of range.
    case invalidPolicy(PolicyError)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notReplayable(let field):
            "policy field \(field) changes the evidence, not only fusion: run the monitor under this policy instead"
        case .invalidPolicy(let error): error.description
        }
    }
}
