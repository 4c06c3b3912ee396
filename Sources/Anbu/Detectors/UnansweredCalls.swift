import Foundation

/// The phone that rings with nobody answering: in a home whose only device is the call log, how far the stretch since
/// the person's last call (an answered or an outgoing one) has gone — in unanswered calls and in hours — judged against
/// how often this household's own such stretches went that far.
///
/// In a call-log-only home nothing reports between calls, so silence's statistic grows only with missed calls and a
/// per-hour term of a few hundredths of a ban, and its quiet history (learned by slot, where a person who often misses
/// evening calls often sits at a ban or two for a whole evening) takes most of that back. A caseworker reads such a
/// home differently: the family called three times and nobody answered, and nobody has called out since yesterday.
///
/// **What is learned.** Per household, over its *contact gaps* (from one call of the person's to the next), decayed
/// with ``DetectionPolicy/silenceHalfLifeDays`` in time (a gap's end decays the counts by the hours since the last
/// end): the number of gaps, and how many of them reached each level of ``levels`` (at least `n` unanswered calls and
/// at least `x` hours). A gap joins the history when it ends, so the one in progress is never judged against itself;
/// gaps that end while learning is held back (an open alert, an announced absence) are not learned. The district's
/// sums over its call-log-only homes give its survival `S_d` per level (one gap reaching and one not added), refreshed
/// with silence's district rates. A household's survival is `S = (reached + m · S_d) / (gaps + m)`, `m` =
/// ``priorGaps``: a household with few gaps starts from the district's.
///
/// **The evidence.** While a gap is in progress, `min(cap, −log10 S)` at the level reached with the smallest survival
/// (a collapsed person answers no call and makes none, so every level is reached with probability one), `cap` =
/// ``DetectionPolicy/unansweredCallsMaximumEvidence``. It is already calibrated by the household's own gaps, so it
/// stands beside silence's calibrated evidence (the larger counts), not inside the quiet statistic.
struct UnansweredCalls {
    /// Hours of a contact gap whose share of gaps is learned: a night and a morning, a day, two days, three days.
    static let levelHours: [Float] = [12, 24, 48, 72]
    static let levelCount = 4
    /// Contact gaps of the district's survival that a household's own count is worth as a prior.
    static let priorGaps: Float = 1
    /// Calls after a missed call of the district's share that a household's own count is worth as a prior.
    static let priorCalls: Float = 3
    /// Values per household record: the decayed number of gaps, the number that lasted each of ``levelHours``, then
    /// the calls after a missed call that were missed too and those that were not (an answered call or a call out).
    private static let fields = 1 + levelCount + 2 + evidenceLevels.count
    private static let missedAgain = 1 + levelCount, notMissedAgain = 2 + levelCount, reachedEvidence = 3 + levelCount
    /// Bans of the gap's evidence whose share of gaps is learned, to calibrate it as silence's quiet history does.
    static let evidenceLevels: [Float] = [1, 2, 3, 4]

    /// Per household, ``fields`` half-precision counts.
    private var counts: [Float16] = []
    /// The district's survival per level of ``levelHours`` (one half until the district has been seen).
    private(set) var districtSurvival = [Float](repeating: 0.5, count: levelCount)
    /// The district's share of missed calls followed by another missed call (one half until it has been seen).
    private(set) var districtMissedAgain: Float = 0.5

    var count: Int { counts.count / Self.fields }

    mutating func append(households added: Int) {
        counts.append(contentsOf: repeatElement(0, count: added * Self.fields))
    }

    /// Whether a household with these sources is read this way: a call log and neither a plug nor a step counter.
    @inline(__always)
    static func readsCallsAlone(_ sources: SignalSources) -> Bool {
        sources.contains(.calls) && !sources.contains(.power) && !sources.contains(.steps)
    }

    /// Adds a contact gap that ended with `calls` unanswered calls after `hours` hours to household `h`'s history,
    /// first decaying the counts by `hours` at `halfLifeDays`.
    mutating func learnGap(_ h: Int, calls: Float, hours: Float, halfLifeDays: Float) {
        let base = h * Self.fields
        let raw = rawEvidence(h, calls: calls, hours: hours)
        for j in 0..<Self.evidenceLevels.count where raw >= Self.evidenceLevels[j] {
            counts[base + Self.reachedEvidence + j] = Self.half(Float(counts[base + Self.reachedEvidence + j]) + 1)
        }
        let keep = Float(pow(0.5, Double(hours) / Double(halfLifeDays * 24)))
        for j in 0..<Self.fields { counts[base + j] = Self.half(keep * Float(counts[base + j])) }
        counts[base] = Self.half(Float(counts[base]) + 1)
        for j in 0..<Self.levelCount where hours >= Self.levelHours[j] {
            counts[base + 1 + j] = Self.half(Float(counts[base + 1 + j]) + 1)
        }
        if calls >= 1 {
            counts[base + Self.missedAgain] = Self.half(Float(counts[base + Self.missedAgain]) + calls - 1)
            counts[base + Self.notMissedAgain] = Self.half(Float(counts[base + Self.notMissedAgain]) + 1)
        }
    }

    /// Bans for household `h`'s gap in progress, `calls` unanswered calls after `hours` hours: `−log10 S` of the
    /// longest level of hours it reached, plus `log10(1 / r)` per unanswered call, `r` the share of this household's
    /// missed calls followed by another, at most `cap`.
    func evidence(_ h: Int, calls: Float, hours: Float, cap: Float, pseudoCount a: Float) -> Float {
        let raw = rawEvidence(h, calls: calls, hours: hours)
        let base = h * Self.fields, gaps = Float(counts[base])
        var calibration: Float = 1
        for j in 0..<Self.evidenceLevels.count where raw >= Self.evidenceLevels[j] {
            calibration = max(calibration, Silence.historyExcess(
                seen: Float(counts[base + Self.reachedEvidence + j]),
                expected: gaps * pow(10, -Self.evidenceLevels[j]), pseudoCount: a))
        }
        return min(cap, max(0, raw - log10(calibration)))
    }

    func rawEvidence(_ h: Int, calls: Float, hours: Float) -> Float {
        let base = h * Self.fields, gaps = Float(counts[base])
        var survival: Float = 1
        for j in 0..<Self.levelCount where hours >= Self.levelHours[j] {
            survival = (Float(counts[base + 1 + j]) + Self.priorGaps * districtSurvival[j]) / (gaps + Self.priorGaps)
        }
        let again = Float(counts[base + Self.missedAgain]), notAgain = Float(counts[base + Self.notMissedAgain])
        let share = (again + Self.priorCalls * districtMissedAgain) / (again + notAgain + Self.priorCalls)
        return -log10(survival) - calls * log10(share)
    }

    /// The district's sums of contact gaps, of those reaching each level, and of calls after a missed call.
    struct Sums {
        var gaps: Float = 0
        var reached = [Float](repeating: 0, count: UnansweredCalls.levelCount)
        var missedAgain: Float = 0
        var notMissedAgain: Float = 0
    }

    /// Adds this detector's households to `sums`, in household order.
    func addSums(to sums: inout Sums) {
        for h in 0..<count {
            let base = h * Self.fields
            sums.gaps += Float(counts[base])
            for j in 0..<Self.levelCount { sums.reached[j] += Float(counts[base + 1 + j]) }
            sums.missedAgain += Float(counts[base + Self.missedAgain])
            sums.notMissedAgain += Float(counts[base + Self.notMissedAgain])
        }
    }

    /// Sets the district's survival and missed-again share from the whole district's sums.
    mutating func setDistrictSurvival(_ sums: Sums) {
        for j in 0..<Self.levelCount { districtSurvival[j] = (sums.reached[j] + 1) / (sums.gaps + 2) }
        districtMissedAgain = (sums.missedAgain + 1) / (sums.missedAgain + sums.notMissedAgain + 2)
    }

    /// A decayed count in half precision, held at the largest finite `Float16`.
    @inline(__always)
    private static func half(_ count: Float) -> Float16 {
        Float16(min(count, Float(Float16.greatestFiniteMagnitude)))
    }
}

extension UnansweredCalls {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("unanswered calls")
        try archive.values(&counts)
        try archive.values(&districtSurvival)
        try archive.value(&districtMissedAgain)
    }
}
