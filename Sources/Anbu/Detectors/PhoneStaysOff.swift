import Foundation

/// The phone that stays off: after a phone fell silent at the end of a quiet stretch in which it lay still, its staying
/// off for a day is judged against how often this household's phone (and the district's) stays off that long once it
/// has gone off.
///
/// A collapsed person's phone lies still until its battery dies and then never comes back; a well person's phone that
/// went flat or was switched off is charged or switched on again within hours (the next morning at the latest). For a
/// household whose only device is the phone, nothing reports after the battery dies, so silence (which takes missing
/// data as no evidence) stops where it was; the phone's *not coming back* is the evidence that remains.
///
/// **What is learned.** Per household, decayed with ``DetectionPolicy/silenceHalfLifeDays`` (once a day, at local
/// midnight): the number of its phone's off periods (the phone reported, then did not, then did again), and how many
/// of them lasted at least `x` hours, `x` ∈ ``offHours`` (24 h: a well person's phone that went flat is charged by
/// the next day; shorter levels were measured to raise person alerts in phone faults). A period joins the history when
/// it ends, so the one in progress is never judged against itself (and a phone that never comes back teaches nothing).
/// The district's sums of the same give its survival `S_d(x)` (with one period reaching and one not added, so an
/// empty district says one half), refreshed with silence's district rates. A household's survival is
/// `S(x) = (reached(x) + m · S_d(x)) / (periods + m)`, `m` = ``priorPeriods``: a household with few off periods starts
/// from the district's. Periods that end while learning is held back (an open alert, an announced absence) or while
/// the district has lost its phones (a telecom outage) are not learned.
///
/// **The evidence.** While the phone stays off after a fall into silence that silence scored (``Silence`` sets
/// `phoneFellSilentAfter`), off for `d` hours, the contribution is `min(cap, −log10 S(x))` for the largest `x ≤ d`
/// (`cap` = ``DetectionPolicy/phoneStaysOffMaximumEvidence``; a collapsed person's phone stays off with probability
/// one), added to silence's quiet statistic as a level: a bin adds the change, and the phone's return takes it back.
struct PhoneStaysOff {
    /// Hours off whose share of off periods is learned (docs/tuning-journal.md, "Session 7: collapses found sooner": 6
    /// and 12 h as well gave the same recall and more false `serious` alerts during phone faults).
    static let offHours: [Float] = [24]
    private static let levels = offHours.count
    /// Off periods of the district's survival that a household's own count is worth as a prior.
    static let priorPeriods: Float = 3

    /// Per household: 0 the phone has not reported yet, 1 it reported in the previous bin, `n` ≥ 2 off for `n − 1`
    /// bins (saturating).
    private var offState: [UInt8] = []
    /// Per household: decayed count of off periods.
    private var periods: [Float16] = []
    /// Per household and level: decayed count of off periods that lasted at least ``offHours``.
    private var reached: [Float16] = []
    /// Per household: what the current off period contributes to silence's quiet statistic, bans.
    private var contribution: [Float16] = []
    /// Per household, this bin: what the bin adds to (or takes back from) the quiet statistic, bans.
    private(set) var evidence: [Float] = []
    /// The district's survival per level.
    private(set) var districtSurvival = [Float](repeating: 0.5, count: levels)

    var count: Int { offState.count }

    mutating func append(households added: Int) {
        offState.append(contentsOf: repeatElement(0, count: added))
        periods.append(contentsOf: repeatElement(0, count: added))
        reached.append(contentsOf: repeatElement(0, count: added * Self.levels))
        contribution.append(contentsOf: repeatElement(0, count: added))
        evidence.append(contentsOf: repeatElement(0, count: added))
    }

    /// Scores and learns one bin. `fellSilent[h] > 0` when silence scored household `h`'s phone falling silent in the
    /// quiet stretch in progress (as of the previous bin).
    ///
    /// `dayStart[h]` is 1 at household `h`'s local midnight, when its counts decay.
    mutating func step(
        _ signs: LifeSigns, sources: [SignalSources], fellSilent: [Float], dayStart: [UInt8], learn: [UInt8],
        phonesOutDistrictWide: Bool, _ range: Range<Int>, _ policy: DetectionPolicy
    ) {
        let cap = policy.phoneStaysOffMaximumEvidence
        let binHours = Float(policy.binSeconds) / 3600
        let dayDecay = Float(pow(0.5, 1 / Double(policy.silenceHalfLifeDays)))
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "households \(range) out of range")
        precondition(
            periods.count == count && reached.count == count * Self.levels && contribution.count == count
                && evidence.count == count && districtSurvival.count == Self.levels,
            "phone-stays-off arrays of different lengths")
        precondition(
            min(sources.count, fellSilent.count, dayStart.count, learn.count, signs.phoneObserved.count,
                signs.phoneLife.count) >= range.upperBound,
            "a per-household input shorter than the households \(range)")
        // The arrays through pointers: one uniqueness check each per call instead of one per household and write,
        // and the inputs' lengths checked once, above.
        Self.step(
            sources: sources, fellSilent: fellSilent, dayStart: dayStart, learn: learn,
            phoneObserved: signs.phoneObserved, phoneLife: signs.phoneLife, districtSurvival: districtSurvival,
            phonesOutDistrictWide: phonesOutDistrictWide, range, cap: cap, binHours: binHours, dayDecay: dayDecay,
            offState: &offState, periods: &periods, reached: &reached, contribution: &contribution,
            evidence: &evidence)
    }

    /// ``step(_:sources:fellSilent:dayStart:learn:phonesOutDistrictWide:_:_:)`` on the inputs' and the state's
    /// storage: every per-household pointer holds the values of at least `range.upperBound` households.
    private static func step(
        sources: UnsafePointer<SignalSources>, fellSilent: UnsafePointer<Float>, dayStart: UnsafePointer<UInt8>,
        learn: UnsafePointer<UInt8>, phoneObserved: UnsafePointer<UInt8>, phoneLife: UnsafePointer<UInt8>,
        districtSurvival: UnsafePointer<Float>, phonesOutDistrictWide: Bool, _ range: Range<Int>, cap: Float,
        binHours: Float, dayDecay: Float, offState: UnsafeMutablePointer<UInt8>,
        periods: UnsafeMutablePointer<Float16>, reached: UnsafeMutablePointer<Float16>,
        contribution: UnsafeMutablePointer<Float16>, evidence: UnsafeMutablePointer<Float>
    ) {
        let m = Self.priorPeriods
        for h in range {
            let before = Float(contribution[h])
            guard sources[h].contains(.steps) || sources[h].contains(.calls) else {
                evidence[h] = 0
                continue
            }
            let learning = learn[h] == 1 && !phonesOutDistrictWide
            if dayStart[h] == 1 && periods[h] > 0 {
                periods[h] = Float16(dayDecay * Float(periods[h]))
                for k in (h * Self.levels)..<((h + 1) * Self.levels) {
                    reached[k] = Float16(dayDecay * Float(reached[k]))
                }
            }
            var state = offState[h]
            if phoneObserved[h] == 1 {
                // The phone is back: the off period joins the history at the levels it reached (an off period in
                // progress is never judged against itself).
                if state >= 2 && learning {
                    let hoursOff = Float(state - 1) * binHours
                    periods[h] = Float16(Float(periods[h]) + 1)
                    for j in 0..<Self.levels where hoursOff >= Self.offHours[j] {
                        reached[h * Self.levels + j] = Float16(Float(reached[h * Self.levels + j]) + 1)
                    }
                }
                state = 1
            } else if state >= 1 {
                state = state == UInt8.max ? state : state + 1
            }
            offState[h] = state
            var value: Float = 0
            if state >= 2 && fellSilent[h] > 0 && cap > 0 {
                let hoursOff = Float(state - 1) * binHours
                var j = -1
                while j + 1 < Self.levels && hoursOff >= Self.offHours[j + 1] { j += 1 }
                if j >= 0 {
                    let own = Float(reached[h * Self.levels + j]), all = Float(periods[h])
                    let survival = (own + m * districtSurvival[j]) / (all + m)
                    value = min(cap, -log10(max(survival, 1e-4)))
                }
            }
            contribution[h] = Float16(value)
            evidence[h] = phoneLife[h] == 1 ? 0 : Float(contribution[h]) - before
        }
    }

    /// The district's sums of off periods and of those reaching each level.
    struct Sums {
        var periods: Float = 0
        var reached = [Float](repeating: 0, count: PhoneStaysOff.levels)
    }

    /// Adds this detector's households to `sums`, in household order.
    func addSums(to sums: inout Sums) {
        for h in 0..<count {
            sums.periods += Float(periods[h])
            for j in 0..<Self.levels { sums.reached[j] += Float(reached[h * Self.levels + j]) }
        }
    }

    /// Sets the district's survival from the whole district's sums.
    mutating func setDistrictSurvival(_ sums: Sums) {
        for j in 0..<Self.levels { districtSurvival[j] = (sums.reached[j] + 1) / (sums.periods + 2) }
    }
}

extension PhoneStaysOff {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("phone stays off")
        try archive.values(&offState)
        try archive.values(&periods)
        try archive.values(&reached)
        try archive.values(&contribution)
        try archive.values(&evidence)
        try archive.values(&districtSurvival)
    }
}
