import Foundation

/// The phone that rings with nobody answering: in a home whose only device is the call log, how long it has been since
/// the person's last call (an answered or an outgoing one), and how many calls have gone unanswered since, judged
/// against this household's own contact gaps.
///
/// In a call-log-only home nothing reports between calls, so silence's statistic grows only with missed calls and a
/// per-hour term of a few hundredths of a ban, and its quiet history (learned by slot, where a person who often misses
/// evening calls often sits at a ban or two for a whole evening) takes most of that back. A caseworker reads such a
/// home differently: nobody has called out or answered since yesterday, and the family's retried calls ring unanswered.
///
/// **What is learned.** Per household, over its *contact gaps* (from one call of the person's to the next), decayed
/// with ``DetectionPolicy/silenceHalfLifeDays`` in time (a gap's end decays the counts by the gap's hours): the number
/// of gaps and how many lasted at least each of ``levelHours``; and, over the calls that came after a missed call in
/// the same gap, how many were missed too (`again`) and how many were not (the person answered or called out: the gap
/// ended). A gap joins the history when it ends, so the one in progress is never judged against itself; gaps that end
/// while learning is held back (an open alert, an announced absence) are not learned. The district's sums over its
/// call-log-only homes give its survival `S_d(x)` and its missed-again share `r_d` (one each way added), refreshed with
/// silence's district rates. A household's are shrunk toward them:
/// `S(x) = (reached(x) + m_g · S_d(x)) / (gaps + m_g)`, `r = (again + m_c · r_d) / (again + notAgain + m_c)`, `m_g` =
/// ``priorGaps``, `m_c` = ``priorCalls``.
///
/// **The evidence.** For a gap in progress, `x` hours long (the longest level reached) with `n` unanswered calls:
/// `min(cap, −log10 S(x) + n · log10(1 / r))`, `cap` = ``DetectionPolicy/unansweredCallsMaximumEvidence``. A collapsed
/// person answers no call and makes none: the gap goes on with probability one, and each call is missed with
/// probability one, against `S(x)` and `r` for this person when well. The missed calls are taken as a chain (each
/// judged given that the one before was missed), which is what a run of retries is. It is already calibrated by the
/// household's own gaps, so it stands beside silence's calibrated evidence (the larger counts), not inside the quiet
/// statistic.
struct UnansweredCalls {
    /// Hours of a contact gap whose share of gaps is learned: a night and a morning, a day, two days, three days.
    static let levelHours: [Float] = [12, 24, 48, 72]
    /// The number of ``levelHours`` (derived, so the two cannot disagree).
    static let levelCount = levelHours.count
    /// Contact gaps of the district's survival that a household's own count is worth as a prior.
    static let priorGaps: Float = 1
    /// Calls after a missed call of the district's share that a household's own count is worth as a prior.
    static let priorCalls: Float = 3
    /// Values per household record: the decayed number of gaps, the number that lasted each of ``levelHours``, then
    /// the calls after a missed call that were missed too and those that were not (an answered call or a call out).
    private static let fields = 1 + levelCount + 2
    private static let missedAgain = 1 + levelCount, notMissedAgain = 2 + levelCount

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
    func evidence(_ h: Int, calls: Float, hours: Float, cap: Float) -> Float {
        let base = h * Self.fields, gaps = Float(counts[base])
        var survival: Float = 1
        for j in 0..<Self.levelCount where hours >= Self.levelHours[j] {
            survival = (Float(counts[base + 1 + j]) + Self.priorGaps * districtSurvival[j]) / (gaps + Self.priorGaps)
        }
        let again = Float(counts[base + Self.missedAgain]), notAgain = Float(counts[base + Self.notMissedAgain])
        let share = (again + Self.priorCalls * districtMissedAgain) / (again + notAgain + Self.priorCalls)
        return min(cap, -log10(survival) - calls * log10(share))
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
