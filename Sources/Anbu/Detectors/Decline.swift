import Foundation

/// Slow decline: weeks-long falls in steps, active hours, outgoing calls and answered calls — social withdrawal,
/// illness, frailty — found by one-sided cumulative-sum (CUSUM) tests on daily aggregates.
///
/// At each household's local midnight the day just ended is summarised (scaled to a full day when a device reported
/// for only part of it; a day with less than half its bins reported is skipped; active hours count only bins in which
/// every device of the household reported, so a device fault is not a decline). Each measure's daily value adds a
/// log-likelihood ratio, in nats, of "the measure fell" against "as usual", each under a model that fits it:
/// - daily steps, a hurdle model: a day without steps (the phone left on the table) is scored by how often this
///   household has such days, `ln(p₀′/p₀)` with `p₀′ = p₀ + 0.2·(1 − p₀)`; a day with steps on a log scale, Gaussian
///   with a robust spread `σ`, against a usual level lowered by `ln ρ` (ρ = ``DetectionPolicy/declineRatio``):
///   `ln((1 − p₀′)/(1 − p₀)) + (d² − (d − ln ρ)²)/(2σ²)`, `d` the day's log-distance from usual;
/// - active hours, Gaussian: the usual `μ` against `0.8·μ`, `((x − μ)² − (x − 0.8μ)²)/(2σ²)`;
/// - outgoing and answered calls, counts: Poisson for the rate falling to ρ of its usual `λ`, divided by the
///   household's over-dispersion `φ = max(1, variance/λ)` (quasi-likelihood), `(x·ln ρ + λ(1 − ρ))/φ`; not tested
///   while the usual rate is below one call in twenty days.
/// Before scoring, the usual values are moved by the day's common shift: over the district's households whose day
/// closed at the same midnight, the median log-distance of steps and the ratio of summed counts to summed usual
/// counts (shrunk toward no shift). A holiday, a heat wave or the season's turn moves everyone at once and is not one
/// person's decline. The shift and the young households' spread prior (below) are taken over the whole district in
/// two steps: each block samples its closing households (``closingSample(dayStart:absent:_:_:)``), the monitor merges
/// the samples in household order (``ClosingDay``), and each block closes its days with the result
/// (``closeDays(_:dayStart:learn:absent:_:_:)``); so a household's evidence does not depend on which block it is in.
///
/// One day adds at most 1.5 nats to each test, so one odd day never makes a decline. The decline evidence is the
/// strongest statistic plus half the next, in bans (measures of one person move together; their sum would count one
/// decline several times). Each baseline (half-life ``DetectionPolicy/declineBaselineHalfLifeDays``) is held
/// while its test is above 1 nat, so a decline does not teach the baseline to expect it, but for at most
/// ``heldDaysLimit`` days: after that the baseline follows the new level (a lasting change of routine is not an
/// illness).
///
/// **Young households.** Within its first ``DetectionPolicy/declineWarmupDays`` days a household's own spread is not
/// yet trusted alone. From its fourth day of a measure (``youngScoringDays``) that measure's test scores with a spread
/// of at least the median spread of the households closing the same day (for calls, their median over-dispersion;
/// `priorMinimumHouseholds` of them at least, or the young test stays silent), widened by the uncertainty of a level
/// learned from `n` days, `σ²(1 + 1/n)`; a young baseline is never held (a level from a few days may be wrong, and a
/// test held against it would keep a false alert open for weeks).
struct Decline {
    enum Measure: Int, CaseIterable {
        case steps, activeHours, callsOut, callsAnswered

        var reason: ReasonCode {
            switch self {
            case .steps: .fewerSteps
            case .activeHours: .fewerActiveHours
            case .callsOut: .fewerCallsOut
            case .callsAnswered: .fewerAnsweredCalls
            }
        }
    }
    fileprivate static let measures = Measure.allCases.count
    fileprivate static let statisticCap: Float = 30
    /// The most one day can add to a test, nats: one odd day (a phone left at home) never makes a decline.
    fileprivate static let dailyIncrementCap: Float = 1.5
    /// Days a measure's baseline is held while its test accumulates, at most; then it follows the new level.
    static let heldDaysLimit: Float = 14
    /// The share of step-less days under a decline: `p₀′ = p₀ + stepsZeroShift·(1 − p₀)`.
    fileprivate static let stepsZeroShift: Float = 0.2
    /// Active hours under a decline, as a share of usual.
    fileprivate static let activeHoursRatio: Float = 0.8
    /// A day's distance from usual counts in the spread only up to this many spreads (a step-less day, a holiday).
    fileprivate static let spreadClip: Float = 2.5
    /// Pseudo-households in the day's common shift: a district with few households closing at once barely shifts.
    fileprivate static let shiftPseudoCount: Float = 5
    /// Days of a measure a household must have learned before its young test scores (before the warm-up ends).
    static let youngScoringDays: Float = 3
    /// Households of the closing group a spread prior needs; fewer, and a young test stays silent.
    fileprivate static let priorMinimumHouseholds = 20
    /// Fewer steps than this in a day count as a day without steps, log scale (`log1p(1)`).
    fileprivate static let stepsZeroLevel: Float = 0.69

    // Today's accumulators per household.
    private var daySteps: [Float] = []
    private var dayPhoneBins: [Float] = []
    private var dayActive: [Float] = []
    private var dayObservedBins: [Float] = []
    private var dayCallsOut: [Float] = []
    private var dayCallsAnswered: [Float] = []
    private var dayCallBins: [Float] = []
    // Per household: the decayed share of days without steps, and how many days with steps have been learned.
    private var stepsZeroShare: [Float] = []
    private var stepDays: [Float] = []
    // Per household and measure. `spread` is a robust standard deviation for steps (log scale, days with steps only)
    // and active hours, and the variance for the two call counts.
    private var mean: [Float] = []
    private var spread: [Float] = []
    private(set) var recent: [Float] = []
    private(set) var statistic: [Float] = []
    private var days: [Float] = []
    private var heldDays: [Float] = []
    /// Decline evidence, bans.
    private(set) var evidence: [Float] = []

    mutating func append(households added: Int) {
        for path in [\Decline.daySteps, \.dayPhoneBins, \.dayActive, \.dayObservedBins, \.dayCallsOut,
                     \.dayCallsAnswered, \.dayCallBins, \.stepsZeroShare, \.stepDays, \.evidence] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added))
        }
        for path in [\Decline.mean, \.spread, \.recent, \.statistic, \.days, \.heldDays] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added * Self.measures))
        }
    }

    /// The usual daily value of `measure` (steps on a day with steps, hours, calls) and its recent three-day average.
    func summary(_ h: Int, _ measure: Measure) -> (usual: Float, recent: Float) {
        let i = h * Self.measures + measure.rawValue
        return measure == .steps ? (expm1(mean[i]), expm1(recent[i])) : (mean[i], recent[i])
    }

    /// The measures whose test is accumulating, largest statistic first.
    func accumulating(_ h: Int) -> [Measure] {
        Measure.allCases
            .filter { statistic[h * Self.measures + $0.rawValue] > 0.5 }
            .sorted { statistic[h * Self.measures + $0.rawValue] > statistic[h * Self.measures + $1.rawValue] }
    }

    /// Whether household `h`'s decline evidence pauses the other detectors' learning
    /// (``DetectionPolicy/declineLearningPauseEvidence``): at or above `level`, once one of its tests is past the
    /// `warmup` days. A young household's evidence raises alerts but does not hold back its other baselines' first
    /// weeks (measured on the real recordings: it did, and their silence then raised more false `serious` alerts).
    func pausesLearning(_ h: Int, at level: Float, warmup: Float) -> Bool {
        guard evidence[h] >= level else { return false }
        let first = h * Self.measures
        return days[first..<(first + Self.measures)].contains { $0 > warmup }
    }

    /// What the households of `range` whose local midnight falls at this bin (`dayStart[h] == 1`) give the day's
    /// common shift and spread prior; `nil` when none of them closes a day now. Their days are closed later by
    /// ``closeDays(_:dayStart:learn:absent:_:_:)`` with the district's ``ClosingDay``, and this bin must be added only
    /// after that (it belongs to the new day).
    ///
    /// - Parameter absent: 1 inside an announced absence: the day is not scored, and gives nothing.
    mutating func closingSample(
        dayStart: [UInt8], absent: [UInt8], _ range: Range<Int>, _ policy: DetectionPolicy
    ) -> ClosingSample? {
        checkHouseholds(range, dayStart.count, absent.count)
        guard dayStart.withUnsafeBufferPointer({ $0[range].contains(1) }) else { return nil }
        var sample: ClosingSample?
        withColumns { decline in
            sample = decline.closingSample(
                dayStart: dayStart, absent: absent, range, binsPerDay: Self.binsPerDay(policy), policy)
        }
        return sample
    }

    /// Closes the day of every household of `range` whose local midnight falls at this bin, with the district's common
    /// shift and spread prior `day`, and starts its new day's accumulators.
    ///
    /// - Parameters:
    ///   - learn: 1 where the household's baselines may learn from this bin
    ///     (see ``DetectionPolicy/learningPauseEvidence``); 2 where only the decline's own evidence holds learning
    ///     back: the decline still learns then, its tests keep scoring, and its baselines are held by the tests
    ///     themselves (for at most 14 days).
    ///   - absent: 1 inside an announced absence: the day is not scored.
    mutating func closeDays(
        _ day: ClosingDay, dayStart: [UInt8], learn: [UInt8], absent: [UInt8], _ range: Range<Int>,
        _ policy: DetectionPolicy
    ) {
        checkHouseholds(range, dayStart.count, learn.count, absent.count)
        withColumns { decline in
            decline.closeDays(day, dayStart: dayStart, learn: learn, absent: absent, range,
                              binsPerDay: Self.binsPerDay(policy), policy)
        }
    }

    /// Adds one bin to today's accumulators (at a local midnight, after ``closeDays(_:dayStart:learn:absent:_:_:)``
    /// closed the day before).
    mutating func add(_ frame: BinColumn, _ signs: LifeSigns, sources: [SignalSources], _ range: Range<Int>) {
        checkHouseholds(
            range, frame.steps.count, frame.callOut.count, frame.callIn.count, signs.powerObserved.count,
            signs.phoneObserved.count, signs.powerLife.count, signs.phoneLife.count, sources.count)
        withColumns { decline in
            decline.add(range, sources: sources, powerObserved: signs.powerObserved, phoneObserved: signs.phoneObserved,
                        powerLife: signs.powerLife, phoneLife: signs.phoneLife, steps: frame.steps,
                        callOut: frame.callOut, callIn: frame.callIn)
        }
    }

    /// Traps unless `range` lies within the decline's households and every per-household input holds it.
    private func checkHouseholds(_ range: Range<Int>, _ inputCounts: Int...) {
        precondition(range.lowerBound >= 0 && range.upperBound <= evidence.count, "households \(range) out of range")
        precondition(inputCounts.allSatisfy { $0 >= range.upperBound },
                     "a per-household input shorter than the households \(range)")
    }

    private static func binsPerDay(_ policy: DetectionPolicy) -> Float { Float(86_400 / policy.binSeconds) }

    /// Calls `body` with the state through pointers, valid only during the call.
    private mutating func withColumns(_ body: (Columns) -> Void) {
        let n = evidence.count, m = n * Self.measures
        precondition(
            [daySteps, dayPhoneBins, dayActive, dayObservedBins, dayCallsOut, dayCallsAnswered, dayCallBins,
             stepsZeroShare, stepDays].allSatisfy { $0.count == n }
                && [mean, spread, recent, statistic, days, heldDays].allSatisfy { $0.count == m },
            "decline arrays of different lengths")
        Self.withColumns(
            daySteps: &daySteps, dayPhoneBins: &dayPhoneBins, dayActive: &dayActive, dayObservedBins: &dayObservedBins,
            dayCallsOut: &dayCallsOut, dayCallsAnswered: &dayCallsAnswered, dayCallBins: &dayCallBins,
            stepsZeroShare: &stepsZeroShare, stepDays: &stepDays, mean: &mean, spread: &spread, recent: &recent,
            statistic: &statistic, days: &days, heldDays: &heldDays, evidence: &evidence, body)
    }

    private static func withColumns(
        daySteps: UnsafeMutablePointer<Float>, dayPhoneBins: UnsafeMutablePointer<Float>,
        dayActive: UnsafeMutablePointer<Float>, dayObservedBins: UnsafeMutablePointer<Float>,
        dayCallsOut: UnsafeMutablePointer<Float>, dayCallsAnswered: UnsafeMutablePointer<Float>,
        dayCallBins: UnsafeMutablePointer<Float>, stepsZeroShare: UnsafeMutablePointer<Float>,
        stepDays: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, spread: UnsafeMutablePointer<Float>,
        recent: UnsafeMutablePointer<Float>, statistic: UnsafeMutablePointer<Float>, days: UnsafeMutablePointer<Float>,
        heldDays: UnsafeMutablePointer<Float>, evidence: UnsafeMutablePointer<Float>, _ body: (Columns) -> Void
    ) {
        body(Columns(
            daySteps: daySteps, dayPhoneBins: dayPhoneBins, dayActive: dayActive, dayObservedBins: dayObservedBins,
            dayCallsOut: dayCallsOut, dayCallsAnswered: dayCallsAnswered, dayCallBins: dayCallBins,
            stepsZeroShare: stepsZeroShare, stepDays: stepDays, mean: mean, spread: spread, recent: recent,
            statistic: statistic, days: days, heldDays: heldDays, evidence: evidence))
    }

    /// The decline's per-household state during one call: the arrays through pointers into their storage (valid only
    /// during that call), with the same names.
    fileprivate struct Columns {
        let daySteps, dayPhoneBins, dayActive, dayObservedBins, dayCallsOut, dayCallsAnswered, dayCallBins,
            stepsZeroShare, stepDays, mean, spread, recent, statistic, days, heldDays, evidence:
            UnsafeMutablePointer<Float>
    }

    /// A closed day's value of each measure (steps on a log scale), `nil` where its device reported for less than half
    /// the day.
    fileprivate struct DayValues {
        var steps, activeHours, callsOut, callsAnswered: Float?

        subscript(_ measure: Measure) -> Float? {
            switch measure {
            case .steps: steps
            case .activeHours: activeHours
            case .callsOut: callsOut
            case .callsAnswered: callsAnswered
            }
        }
    }

    /// The constants of closing a day, from the policy.
    fileprivate struct DayRule {
        /// The baselines' per-day weight once warm, and the recent average's.
        let alpha, recentAlpha: Float
        /// `ln ρ`, ρ = ``DetectionPolicy/declineRatio``.
        let logRatio: Float

        init(_ policy: DetectionPolicy) {
            alpha = 1 - Float(pow(0.5, 1 / Double(policy.declineBaselineHalfLifeDays)))
            recentAlpha = 1 - Float(pow(0.5, 1.0 / 3.0))
            logRatio = log(policy.declineRatio)
        }
    }

    /// What one block's households whose day closes at this bin give the day's common shift and the young households'
    /// spread prior, in household order (``Decline/closingSample(dayStart:absent:_:_:)``).
    struct ClosingSample {
        /// Per measure, the closing households' day values and usual values, for the summed-count shift (active hours
        /// and the calls; steps use the median distance).
        fileprivate var values = [[Float]](repeating: [], count: Decline.measures)
        fileprivate var usual = [[Float]](repeating: [], count: Decline.measures)
        /// Log-distances of the day's steps from usual.
        fileprivate var stepDistances: [Float] = []
        /// Per measure, the spreads (dispersions, for calls) of the households past their first days of it.
        fileprivate var spreads = [[Float]](repeating: [], count: Decline.measures)
    }

    /// The district's common shift and spread prior for the households whose day closes at this bin: the blocks'
    /// ``ClosingSample``s merged in block order, so in household order — the same bits for any block size or thread
    /// count.
    struct ClosingDay {
        /// Per measure, the day's common shift (log scale).
        fileprivate let shift: [Float]
        /// Per measure, the closing households' median spread; 0 where fewer than `priorMinimumHouseholds` give one.
        fileprivate let priorSpread: [Float]

        /// Merges `samples`, given in block order.
        init(_ samples: [ClosingSample]) {
            var shift = [Float](repeating: 0, count: Decline.measures)
            let k = Decline.shiftPseudoCount
            for measure in [Measure.activeHours, .callsOut, .callsAnswered] {
                var summed: Float = 0, usual: Float = 0
                for sample in samples {
                    for x in sample.values[measure.rawValue] { summed += x }
                    for x in sample.usual[measure.rawValue] { usual += x }
                }
                let unit: Float = measure == .activeHours ? 1 : 0.2  // a typical day's value, for the pseudo-count
                shift[measure.rawValue] = log((summed + k * unit) / (usual + k * unit))
            }
            let stepDistances = samples.flatMap(\.stepDistances).sorted()
            if !stepDistances.isEmpty {
                let n = Float(stepDistances.count)
                shift[Measure.steps.rawValue] = stepDistances[stepDistances.count / 2] * n / (n + k)
            }
            self.shift = shift
            // The closing households' median spread (dispersion, for calls): what a young household's test assumes at
            // least until its own days can tell.
            priorSpread = Measure.allCases.map { measure in
                let list = samples.flatMap { $0.spreads[measure.rawValue] }
                guard list.count >= Decline.priorMinimumHouseholds else { return 0 }
                return list.sorted()[list.count / 2]
            }
        }
    }
}

extension Decline.Columns {
    private typealias Measure = Decline.Measure
    private typealias DayValues = Decline.DayValues

    /// Adds the bin to today's accumulators; every input holds at least `range.upperBound` values (the bin's cells and
    /// life signs, and the households' devices).
    func add(
        _ range: Range<Int>, sources: UnsafePointer<SignalSources>, powerObserved: UnsafePointer<UInt8>,
        phoneObserved: UnsafePointer<UInt8>, powerLife: UnsafePointer<UInt8>, phoneLife: UnsafePointer<UInt8>,
        steps: UnsafePointer<Float>, callOut: UnsafePointer<Float>, callIn: UnsafePointer<Float>
    ) {
        // Three passes, one per group of accumulators: each loop keeps its few pointers in registers.
        let phone: SignalSources = [.steps, .calls]
        for h in range {
            let phoneHeard = phoneObserved[h] == 1
            let hasPower = sources[h].contains(.power)
            let hasPhone = !sources[h].isDisjoint(with: phone)
            if (!hasPower || powerObserved[h] == 1) && (!hasPhone || phoneHeard) {
                dayObservedBins[h] += 1
                if powerLife[h] == 1 || phoneLife[h] == 1 { dayActive[h] += 1 }
            }
        }
        for h in range {
            let steps = steps[h]
            if !steps.isNaN {
                daySteps[h] += max(0, steps)
                dayPhoneBins[h] += 1
            }
        }
        for h in range {
            let out = callOut[h]
            if !out.isNaN {
                dayCallBins[h] += 1
                dayCallsOut[h] += out
                dayCallsAnswered[h] += max(0, callIn[h].isNaN ? 0 : callIn[h])
            }
        }
    }

    /// ``Decline/closingSample(dayStart:absent:_:_:)``.
    func closingSample(
        dayStart: [UInt8], absent: [UInt8], _ range: Range<Int>, binsPerDay: Float, _ policy: DetectionPolicy
    ) -> Decline.ClosingSample {
        var sample = Decline.ClosingSample()
        for h in range where dayStart[h] == 1 && absent[h] == 0 {
            let values = dayValues(h, binsPerDay: binsPerDay, policy)
            for measure in Measure.allCases {
                let i = h * Decline.measures + measure.rawValue
                switch measure {
                case .steps: if stepDays[h] > Decline.youngScoringDays { sample.spreads[0].append(spread[i]) }
                case .activeHours: if days[i] > Decline.youngScoringDays { sample.spreads[1].append(spread[i]) }
                case .callsOut, .callsAnswered:
                    if days[i] > Decline.youngScoringDays && mean[i] >= 0.05 {
                        sample.spreads[measure.rawValue].append(spread[i] / mean[i])
                    }
                }
                guard let x = values[measure], days[i] > Decline.youngScoringDays else { continue }
                if measure == .steps {
                    if x >= Decline.stepsZeroLevel && stepDays[h] >= 3 { sample.stepDistances.append(x - mean[i]) }
                } else {
                    sample.values[measure.rawValue].append(x)
                    sample.usual[measure.rawValue].append(mean[i])
                }
            }
        }
        return sample
    }

    /// ``Decline/closeDays(_:dayStart:learn:absent:_:_:)``.
    func closeDays(
        _ day: Decline.ClosingDay, dayStart: [UInt8], learn: [UInt8], absent: [UInt8], _ range: Range<Int>,
        binsPerDay: Float, _ policy: DetectionPolicy
    ) {
        let rule = Decline.DayRule(policy)
        for h in range where dayStart[h] == 1 && absent[h] == 0 {
            // The decline's own evidence pauses every other detector's learning (`learn` 2); it must not pause its own
            // baselines, which its tests hold (for a while) by themselves. Until session 10 this read "1, or decline
            // evidence at the acute pause", which held them while the evidence lay between the two pauses.
            let learns = learn[h] != 0
            closeDay(h, dayValues(h, binsPerDay: binsPerDay, policy), shift: day.shift, priorSpread: day.priorSpread,
                     learn: learns, rule, policy)
        }
        for h in range where dayStart[h] == 1 {
            daySteps[h] = 0; dayPhoneBins[h] = 0; dayActive[h] = 0; dayObservedBins[h] = 0
            dayCallsOut[h] = 0; dayCallsAnswered[h] = 0; dayCallBins[h] = 0
        }
    }

    /// The day's value of each measure (steps on a log scale), `nil` where its device reported for less than half the
    /// day.
    private func dayValues(_ h: Int, binsPerDay: Float, _ policy: DetectionPolicy) -> DayValues {
        let half = binsPerDay / 2
        var values = DayValues()
        if dayPhoneBins[h] >= half {
            values.steps = log1p(daySteps[h] * binsPerDay / dayPhoneBins[h])
        }
        if dayObservedBins[h] >= half {
            values.activeHours = dayActive[h] * binsPerDay / dayObservedBins[h] * Float(policy.binSeconds) / 3600
        }
        if dayCallBins[h] >= half {
            let scale = binsPerDay / dayCallBins[h]
            values.callsOut = dayCallsOut[h] * scale
            values.callsAnswered = dayCallsAnswered[h] * scale
        }
        return values
    }

    /// The log-likelihood ratio, nats, of day value `x` of `measure` under a decline against the usual level, moved by
    /// the day's common `shift`; `nil` when this household's usual level cannot tell.
    private func dayRatio(
        _ h: Int, _ measure: Measure, _ x: Float, shift: Float, priorSpread: Float, logRatio: Float,
        _ policy: DetectionPolicy
    ) -> Float? {
        let i = h * Decline.measures + measure.rawValue
        // A young household (within the warm-up) is scored only with a prior: its spread at least the closing
        // households' median, widened by the uncertainty of a level learned from n days, `σ²(1 + 1/n)`.
        let n = measure == .steps ? stepDays[h] : days[i] - 1
        let young = n < Float(policy.declineWarmupDays)
        if young && priorSpread == 0 { return nil }
        let widen: Float = young ? (1 + 1 / max(1, n)).squareRoot() : 1
        let floor: Float = young ? priorSpread : 0
        switch measure {
        case .steps:
            guard stepDays[h] >= 3 else { return nil }
            let p0 = min(0.9, max(0.03, stepsZeroShare[h]))
            let p0Decline = min(0.95, p0 + (1 - p0) * Decline.stepsZeroShift)
            if x < Decline.stepsZeroLevel { return log(p0Decline / p0) }
            let sd = max(spread[i], 0.25, floor) * widen
            let d = x - mean[i] - shift
            return log((1 - p0Decline) / (1 - p0)) + (d * d - (d - logRatio) * (d - logRatio)) / (2 * sd * sd)
        case .activeHours:
            let sd = max(spread[i], 0.75, floor) * widen
            let usual = mean[i] * exp(shift), declined = usual * Decline.activeHoursRatio
            return ((x - usual) * (x - usual) - (x - declined) * (x - declined)) / (2 * sd * sd)
        case .callsOut, .callsAnswered:
            guard mean[i] >= 0.05 else { return nil }
            let lambda = mean[i] * exp(shift)
            let dispersion = max(1, spread[i] / mean[i], floor) * widen * widen
            return (x * logRatio + lambda * (1 - policy.declineRatio)) / dispersion
        }
    }

    private func closeDay(
        _ h: Int, _ values: DayValues, shift: [Float], priorSpread: [Float], learn: Bool, _ rule: Decline.DayRule,
        _ policy: DetectionPolicy
    ) {
        let (alpha, recentAlpha) = (rule.alpha, rule.recentAlpha)
        for measure in Measure.allCases {
            let i = h * Decline.measures + measure.rawValue
            guard let x = values[measure] else { continue }
            days[i] += 1
            recent[i] = days[i] == 1 ? x : recent[i] + recentAlpha * (x - recent[i])
            let warm = days[i] > Float(policy.declineWarmupDays)
            let scoring = days[i] > Decline.youngScoringDays
            if scoring {
                if let ratio = dayRatio(h, measure, x, shift: shift[measure.rawValue],
                                        priorSpread: priorSpread[measure.rawValue], logRatio: rule.logRatio, policy) {
                    let increment = min(ratio, Decline.dailyIncrementCap)
                    statistic[i] = min(Decline.statisticCap, max(0, statistic[i] + increment))
                } else {
                    statistic[i] = 0
                }
            }
            // Learn while the test is quiet (a running mean during warm-up), or once it has held too long.
            guard learn else { continue }
            if warm && statistic[i] >= 1 {
                heldDays[i] += 1
                if heldDays[i] <= Decline.heldDaysLimit { continue }
            } else {
                heldDays[i] = 0
            }
            let a = warm ? alpha : 1 / days[i]
            if days[i] == 1 && measure != .steps {
                mean[i] = x  // the first day sets the level; the spread is learned from the days after
                continue
            }
            switch measure {
            case .steps:
                let zero: Float = x < Decline.stepsZeroLevel ? 1 : 0
                stepsZeroShare[h] += a * (zero - stepsZeroShare[h])
                if zero == 0 {
                    stepDays[h] += 1
                    let b = max(a, 1 / stepDays[h])
                    let delta = stepDays[h] == 1 ? 0 : x - mean[i]  // the first day sets the level, not the spread
                    mean[i] += stepDays[h] == 1 ? x - mean[i] : b * delta
                    let deviation = stepDays[h] > 3
                        ? min(abs(delta), Decline.spreadClip * max(spread[i], 0.25)) : abs(delta)
                    if stepDays[h] > 1 { spread[i] += b * (1.25 * deviation - spread[i]) }
                }
            case .activeHours:
                let delta = x - mean[i]
                mean[i] += a * delta
                let deviation = days[i] > 3 ? min(abs(delta), Decline.spreadClip * max(spread[i], 0.75)) : abs(delta)
                spread[i] += a * (1.25 * deviation - spread[i])
            case .callsOut, .callsAnswered:
                let delta = x - mean[i]
                mean[i] += a * delta
                spread[i] += a * (delta * delta - spread[i])
            }
        }
        var largest: Float = 0, second: Float = 0
        for measure in Measure.allCases {
            let value = statistic[h * Decline.measures + measure.rawValue]
            if value > largest { (largest, second) = (value, largest) } else if value > second { second = value }
        }
        evidence[h] = (largest + 0.5 * second) / Float(M_LN10)
    }

}

extension Decline {
    /// Clears the tests of household `h` (after a caseworker says its alert was a false alarm), so the baseline
    /// learns its new level.
    mutating func reset(_ h: Int) {
        for measure in Measure.allCases {
            statistic[h * Self.measures + measure.rawValue] = 0
            heldDays[h * Self.measures + measure.rawValue] = 0
        }
        evidence[h] = 0
    }
}

extension Decline {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("decline")
        try archive.values(&daySteps)
        try archive.values(&dayPhoneBins)
        try archive.values(&dayActive)
        try archive.values(&dayObservedBins)
        try archive.values(&dayCallsOut)
        try archive.values(&dayCallsAnswered)
        try archive.values(&dayCallBins)
        try archive.values(&stepsZeroShare)
        try archive.values(&stepDays)
        try archive.values(&mean)
        try archive.values(&spread)
        try archive.values(&recent)
        try archive.values(&statistic)
        try archive.values(&days)
        try archive.values(&heldDays)
        try archive.values(&evidence)
    }
}
