import Foundation

/// Slow decline: weeks-long falls in steps, active hours, outgoing calls and answered calls — social withdrawal,
/// illness, frailty — found by one-sided cumulative-sum (CUSUM) tests on daily aggregates.
///
/// At each household's local midnight the day just ended is summarised (scaled to a full day when a device reported
/// for only part of it; a day with less than half its bins reported is skipped). Each measure has a baseline learned
/// with half-life ``DetectionPolicy/declineBaselineHalfLifeDays`` and frozen while its test is accumulating, so a slow
/// decline does not teach the baseline to expect it:
/// - daily steps, on a log scale: a Gaussian CUSUM for a fall of one (robust) standard deviation,
///   `S ← max(0, S − z − ½)`;
/// - active hours, outgoing calls and answered calls, which are counts: a Poisson CUSUM for the rate falling to
///   ``DetectionPolicy/declineRatio`` of usual, `S ← max(0, S + x·ln ρ + λ(1 − ρ))`.
/// Statistics are log-likelihood ratios in nats; one day adds at most 1.5 nats to a test, so one odd day (a phone left
/// at home) never makes a decline. The decline evidence is the strongest statistic plus half the next, in bans
/// (measures of one person move together; their sum would count one decline several times). The tests stay silent for
/// the first ``DetectionPolicy/declineWarmupDays`` days.
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
    private static let measures = Measure.allCases.count
    private static let statisticCap: Float = 30
    /// The most one day can add to a test, nats: one odd day (a phone left at home) never makes a decline.
    private static let dailyIncrementCap: Float = 1.5

    // Today's accumulators per household.
    private var daySteps: [Float] = []
    private var dayPhoneBins: [Float] = []
    private var dayActive: [Float] = []
    private var dayObservedBins: [Float] = []
    private var dayCallsOut: [Float] = []
    private var dayCallsAnswered: [Float] = []
    private var dayCallBins: [Float] = []
    // Per household and measure.
    private var mean: [Float] = []
    private var spread: [Float] = []
    private(set) var recent: [Float] = []
    private(set) var statistic: [Float] = []
    private var days: [Float] = []
    /// Decline evidence, bans.
    private(set) var evidence: [Float] = []

    mutating func append(households added: Int) {
        for path in [\Decline.daySteps, \.dayPhoneBins, \.dayActive, \.dayObservedBins, \.dayCallsOut,
                     \.dayCallsAnswered, \.dayCallBins, \.evidence] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added))
        }
        for path in [\Decline.mean, \.spread, \.recent, \.statistic, \.days] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added * Self.measures))
        }
    }

    /// The usual daily value of `measure` (steps, hours, calls) and its recent three-day average.
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

    /// Adds one bin to today's accumulators; at a local midnight (`dayStart[h] == 1`) first closes the day before.
    mutating func step(
        _ frame: BinColumn, _ signs: LifeSigns, dayStart: [UInt8], learn: [UInt8],
        _ range: Range<Int>, _ policy: DetectionPolicy
    ) {
        let binsPerDay = Float(86_400 / policy.binSeconds)
        for h in range {
            if dayStart[h] == 1 {
                closeDay(h, binsPerDay: binsPerDay, learn: learn[h] == 1, policy)
            }
            let phoneHeard = signs.phoneObserved[h] == 1
            if signs.powerObserved[h] == 1 || phoneHeard { dayObservedBins[h] += 1 }
            if signs.powerLife[h] == 1 || signs.phoneLife[h] == 1 { dayActive[h] += 1 }
            let steps = frame.steps[h]
            if !steps.isNaN {
                daySteps[h] += max(0, steps)
                dayPhoneBins[h] += 1
            }
            let out = frame.callOut[h]
            if !out.isNaN {
                dayCallBins[h] += 1
                dayCallsOut[h] += out
                dayCallsAnswered[h] += max(0, frame.callIn[h].isNaN ? 0 : frame.callIn[h])
            }
        }
    }

    private mutating func closeDay(_ h: Int, binsPerDay: Float, learn: Bool, _ policy: DetectionPolicy) {
        defer {
            daySteps[h] = 0; dayPhoneBins[h] = 0; dayActive[h] = 0; dayObservedBins[h] = 0
            dayCallsOut[h] = 0; dayCallsAnswered[h] = 0; dayCallBins[h] = 0
        }
        guard learn else { return }
        let half = binsPerDay / 2
        var values = [Float?](repeating: nil, count: Self.measures)
        if dayPhoneBins[h] >= half {
            values[Measure.steps.rawValue] = log1p(daySteps[h] * binsPerDay / dayPhoneBins[h])
        }
        if dayObservedBins[h] >= half {
            values[Measure.activeHours.rawValue] = dayActive[h] * binsPerDay / dayObservedBins[h]
                * Float(policy.binSeconds) / 3600
        }
        if dayCallBins[h] >= half {
            let scale = binsPerDay / dayCallBins[h]
            values[Measure.callsOut.rawValue] = dayCallsOut[h] * scale
            values[Measure.callsAnswered.rawValue] = dayCallsAnswered[h] * scale
        }
        let alpha = 1 - Float(pow(0.5, 1 / Double(policy.declineBaselineHalfLifeDays)))
        let recentAlpha: Float = 1 - Float(pow(0.5, 1.0 / 3.0))
        let logRatio = Float(log(Double(policy.declineRatio)))
        for measure in Measure.allCases {
            let i = h * Self.measures + measure.rawValue
            guard let x = values[measure.rawValue] else { continue }
            days[i] += 1
            recent[i] = days[i] == 1 ? x : recent[i] + recentAlpha * (x - recent[i])
            let warm = days[i] > Float(policy.declineWarmupDays)
            if warm {
                var increment: Float
                if measure == .steps {
                    let z = (x - mean[i]) / max(spread[i], 0.25)
                    increment = -z - 0.5
                } else {
                    let floor: Float = measure == .activeHours ? 0.5 : 0.05
                    let lambda = max(mean[i], floor)
                    increment = x * logRatio + lambda * (1 - policy.declineRatio)
                }
                statistic[i] = min(Self.statisticCap, max(0, statistic[i] + min(increment, Self.dailyIncrementCap)))
            }
            // Learn while the test is quiet; a running mean during warm-up.
            if !warm || statistic[i] < 1 {
                let a = warm ? alpha : 1 / days[i]
                let delta = x - mean[i]
                mean[i] += a * delta
                spread[i] += a * (1.25 * abs(delta) - spread[i])
            }
        }
        // The strongest test, and half the next: measures of one person move together, so their sum would count
        // one decline several times.
        var largest: Float = 0, second: Float = 0
        for measure in Measure.allCases {
            let value = statistic[h * Self.measures + measure.rawValue]
            if value > largest { (largest, second) = (value, largest) } else if value > second { second = value }
        }
        evidence[h] = (largest + 0.5 * second) / Float(M_LN10)
    }

    /// Clears the tests of household `h` (after a caseworker says its alert was a false alarm), so the baseline
    /// learns its new level.
    mutating func reset(_ h: Int) {
        for measure in Measure.allCases { statistic[h * Self.measures + measure.rawValue] = 0 }
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
        try archive.values(&mean)
        try archive.values(&spread)
        try archive.values(&recent)
        try archive.values(&statistic)
        try archive.values(&days)
        try archive.values(&evidence)
    }
}
