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
    /// The levels of a contact gap whose share is learned: at least `calls` unanswered calls and at least `hours`
    /// hours since the person's last call: a run of retried calls, the same run going on through a night or a day,
    /// and days without any call of the person's (the deployed rules' "no contact for 48–72 h").
    static let levels: [(calls: Float, hours: Float)] = [
        (3, 0), (6, 12), (2, 24), (4, 24), (1, 48), (3, 48), (1, 72), (3, 72),
    ]
    static let levelCount = 8
    /// Contact gaps of the district's survival that a household's own count is worth as a prior.
    static let priorGaps: Float = 1
    /// Values per household record: the decayed number of gaps, then the number that reached each level.
    private static let fields = 1 + levelCount

    /// Per household, ``fields`` half-precision counts.
    private var counts: [Float16] = []
    /// The district's survival per level (one half until the district has been seen).
    private(set) var districtSurvival = [Float](repeating: 0.5, count: levelCount)

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
        let keep = Float(pow(0.5, Double(hours) / Double(halfLifeDays * 24)))
        counts[base] = Self.half(keep * Float(counts[base]) + 1)
        for j in 0..<Self.levelCount {
            let reached: Float = calls >= Self.levels[j].calls && hours >= Self.levels[j].hours ? 1 : 0
            counts[base + 1 + j] = Self.half(keep * Float(counts[base + 1 + j]) + reached)
        }
    }

    /// Bans for household `h`'s gap in progress, `calls` unanswered calls after `hours` hours: `−log10` of the
    /// smallest survival among the levels it reached, at most `cap` (0 when it reached none).
    func evidence(_ h: Int, calls: Float, hours: Float, cap: Float) -> Float {
        let base = h * Self.fields, gaps = Float(counts[base]), m = Self.priorGaps
        var smallest: Float = 1
        for j in 0..<Self.levelCount where calls >= Self.levels[j].calls && hours >= Self.levels[j].hours {
            let survival = (Float(counts[base + 1 + j]) + m * districtSurvival[j]) / (gaps + m)
            smallest = min(smallest, survival)
        }
        return min(cap, -log10(smallest))
    }

    /// The district's sums of contact gaps and of those reaching each level.
    struct Sums {
        var gaps: Float = 0
        var reached = [Float](repeating: 0, count: UnansweredCalls.levelCount)
    }

    /// Adds this detector's households to `sums`, in household order.
    func addSums(to sums: inout Sums) {
        for h in 0..<count {
            let base = h * Self.fields
            sums.gaps += Float(counts[base])
            for j in 0..<Self.levelCount { sums.reached[j] += Float(counts[base + 1 + j]) }
        }
    }

    /// Sets the district's survival from the whole district's sums.
    mutating func setDistrictSurvival(_ sums: Sums) {
        for j in 0..<Self.levelCount { districtSurvival[j] = (sums.reached[j] + 1) / (sums.gaps + 2) }
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
    }
}
