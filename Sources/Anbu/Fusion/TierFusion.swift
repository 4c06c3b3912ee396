/// Fusion: turns each household's evidence into a person-alert tier, with hysteresis.
///
/// Two scores enter, both in bans and both already net of the household's feedback offset
/// (``Sensitivity``): the *acute* score (``acute(silence:deviation:_:)``: silence evidence after the district discount,
/// plus ``DetectionPolicy/deviationWeight`` × routine-deviation evidence) and the *decline* score. Each maps to a tier by
/// its thresholds; the household's target tier is the higher of the two. A tier rises as soon as its threshold is
/// reached; it falls only after the evidence has stayed ``DetectionPolicy/hysteresis`` below it for
/// ``DetectionPolicy/deescalateAfterBins`` bins, so an alert does not flap on noise.
///
/// This is the one definition of the rule: ``DistrictMonitor`` applies it as bins close and ``EvidenceTrace`` replays
/// it under other thresholds. It reads only the fusion fields of the policy (``EvidenceTrace/fusionFields``).
struct TierFusion {
    /// What fusion decided for one household in one bin.
    enum Decision: Equatable {
        /// No change.
        case hold
        /// Open an alert at `tier` (1 attention … 3 serious), raised by `detector`.
        case open(tier: Int, detector: Sensitivity.Detector)
        /// Raise the open alert to `tier`.
        case escalate(tier: Int, detector: Sensitivity.Detector)
        /// Lower the open alert to `tier` (≥ 1).
        case deescalate(tier: Int)
        /// Close the open alert: the evidence has faded.
        case close
        /// Close the open alert: the household is inside an announced absence.
        case closeForAbsence
    }

    /// Per household: the current tier, 0 when no person alert is open.
    private(set) var tier: [UInt8] = []
    /// Per household: bins the evidence has stayed below the current tier.
    private var belowBins: [UInt8] = []

    mutating func append(households added: Int) {
        tier.append(contentsOf: repeatElement(0, count: added))
        belowBins.append(contentsOf: repeatElement(0, count: added))
    }

    /// The fields of the policy fusion reads, taken once per bin instead of the whole policy per household.
    struct Thresholds {
        var attention, caution, serious, declineAttention, declineCaution, hysteresis: Float
        var deescalateAfterBins: Int

        init(_ policy: DetectionPolicy) {
            attention = policy.attentionThreshold
            caution = policy.cautionThreshold
            serious = policy.seriousThreshold
            declineAttention = policy.declineAttentionThreshold
            declineCaution = policy.declineCautionThreshold
            hysteresis = policy.hysteresis
            deescalateAfterBins = policy.deescalateAfterBins
        }
    }

    /// The acute score from silence evidence `silence` (after the district discount) and routine-deviation evidence
    /// `deviation`, both in bans: `silence + weight × deviation`, `weight` being ``DetectionPolicy/deviationWeight``.
    ///
    /// In a quiet stretch both detectors tell the same story, so this counts it twice; counting only the deviation
    /// beyond silence, `silence + weight × max(0, deviation − silence)`, was measured in session 10 and not kept: it
    /// lost a real collapse whose silence levels off below `serious` (docs/tuning-journal.md, "Session 10: deviation
    /// beyond silence (helper fuse10)").
    static func acute(silence: Float, deviation: Float, _ weight: Float) -> Float {
        silence + weight * deviation
    }

    /// Decides household `h`'s tier for this bin from its acute and decline scores (net of feedback offsets).
    mutating func decide(_ h: Int, acute: Float, decline: Float, absent: Bool, _ thresholds: Thresholds) -> Decision {
        let current = Int(tier[h])
        if absent {
            guard current > 0 else { return .hold }
            set(h, tier: 0)
            return .closeForAbsence
        }
        func acuteTier(_ margin: Float) -> Int {
            if acute >= thresholds.serious - margin { return 3 }
            if acute >= thresholds.caution - margin { return 2 }
            return acute >= thresholds.attention - margin ? 1 : 0
        }
        func declineTier(_ margin: Float) -> Int {
            if decline >= thresholds.declineCaution - margin { return 2 }
            return decline >= thresholds.declineAttention - margin ? 1 : 0
        }
        let acuteTarget = acuteTier(0), declineTarget = declineTier(0)
        let target = max(acuteTarget, declineTarget)
        // The tier the evidence holds within the hysteresis; with no alert open (most households) nothing is held, and
        // any value ≥ 0 leads to the same decision below.
        let held = current == 0 ? 0 : max(acuteTier(thresholds.hysteresis), declineTier(thresholds.hysteresis))
        if target > current {
            let detector: Sensitivity.Detector = acuteTarget >= declineTarget ? .acute : .decline
            set(h, tier: target)
            return current == 0 ? .open(tier: target, detector: detector) : .escalate(tier: target, detector: detector)
        }
        guard held < current else {
            if belowBins[h] != 0 { belowBins[h] = 0 }  // most households hold at 0: no write, no uniqueness check
            return .hold
        }
        belowBins[h] += 1
        guard Int(belowBins[h]) >= thresholds.deescalateAfterBins else { return .hold }
        let next = max(held, target)
        set(h, tier: next)
        return next == 0 ? .close : .deescalate(tier: next)
    }

    private mutating func set(_ h: Int, tier newTier: Int) {
        tier[h] = UInt8(newTier)
        belowBins[h] = 0
    }
}

extension TierFusion {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("fusion")
        try archive.values(&tier)
        try archive.values(&belowBins)
        try archive.require(tier.allSatisfy { $0 <= 3 }, "a tier above serious")
    }
}
