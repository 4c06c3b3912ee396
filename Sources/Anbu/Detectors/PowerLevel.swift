import Foundation

/// The power level: a home that stays lit through a quiet stretch, judged against how often this household's quiet
/// plug stays lit at this hour and how long its lit runs usually last ("the lights were left on").
///
/// Every other plug rule looks at power *changes*; a level that stays where it is looks like sleep. But a person who
/// collapses leaves on what was on (lights, a television until its auto-off), and a home that should have gone dark at
/// bedtime and did not is one of the oldest signs caseworkers use.
///
/// **Lit.** A *quiet* plug bin (the plug reported, no life-sign change) is *lit* when its hourly mean draw stands above
/// the household's standby (``LifeSigns/standby``, the 10th percentile of its draw) by more than the larger of
/// ``DetectionPolicy/powerLevelMarginWatts`` and twice `q30`, the household's own appliance noise.
///
/// **What is learned.** Per household and local hour of day (24 hours, weekdays and weekends together), the share `r`
/// of quiet plug bins that were lit: decayed with half-life ``DetectionPolicy/silenceHalfLifeDays``, started at one
/// half, so an hour not yet seen gives little. And per household, how often its runs of lit bins reached each of the
/// run levels `x` ∈ {1, 2, 4} bans (decayed counts `E(x)` over `N` days).
///
/// **The evidence.** A run of quiet lit bins (without steps or a call) sums `L = Σ min(cap, log10(1 / r))` over its
/// bins, `cap` = ``DetectionPolicy/powerLevelMaximumEvidence``: after a collapse what was on stays on, while this
/// household's quiet plug is lit at that hour on a share `r` of its bins. Hours are not independent (a rice cooker
/// keeping warm, a heating mat, a late night with the lights on run for hours), so the run is judged against the
/// household's own runs, as silence judges its quiet:
/// `c = max(1, max over x ≤ L of (E(x) + a) / (N · 10^(−x) + a))`,
/// `a` = ``DetectionPolicy/quietHistoryPseudoDays``. Not every collapse leaves something on, so the run contributes
/// `max(0, L + log10 s − log10 c)` to silence's quiet statistic, `s` = ``DetectionPolicy/powerLevelLeftOnShare``. A
/// dark bin or a change ends the run and takes its contribution back (whatever was on is not on any more); a bin in
/// which the plug did not report leaves it as it is. Nothing is contributed until the household's shares have
/// ``DetectionPolicy/powerLevelWarmupDays`` days of data. Switched off
/// (``DetectionPolicy/powerLevelMaximumEvidence`` 0), it adds nothing; the shares and run history are learned anyway.
struct PowerLevel {
    /// Local hours of day with their own share.
    static let hours = 24
    /// Run levels, bans, whose frequency each household's history counts.
    static let runLevels: [Float] = [1, 2, 4]
    private static let modelFrequency: [Float] = runLevels.map { pow(10, -$0) }

    /// Per household and hour: the share of quiet plug bins that were lit.
    private var litShare: [Float16] = []
    /// Per household: decayed days of quiet plug bins learned (each bin counts 1/24 of a day at hourly bins).
    private var learnedDays: [Float] = []
    /// Per household and run level: decayed count of runs that reached it.
    private var runsReaching: [Float16] = []
    /// Per household: the sum `L` of the current run of quiet lit bins, bans.
    private var runEvidence: [Float] = []
    /// Per household: what the current run contributes to the quiet statistic, bans.
    private(set) var contribution: [Float] = []
    /// Per household, this bin: what the bin adds to (or takes back from) the quiet statistic, bans.
    private(set) var evidence: [Float] = []

    var count: Int { learnedDays.count }

    mutating func append(households added: Int) {
        litShare.append(contentsOf: repeatElement(0.5, count: added * Self.hours))
        runsReaching.append(contentsOf: repeatElement(0, count: added * Self.runLevels.count))
        for path in [\PowerLevel.learnedDays, \.runEvidence, \.contribution, \.evidence] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added))
        }
    }

    /// Whether a draw `excess` watts above standby is lit for a household whose appliance noise is `quietChange`.
    static func isLit(excess: Float, quietChange: Float, _ policy: DetectionPolicy) -> Bool {
        excess > max(policy.powerLevelMarginWatts, 2 * quietChange)
    }

    /// Scores and then learns one bin. `slot[h]` is the household's silence slot (hour of day × day type); `learn[h]`
    /// is 0 while its history must not absorb this bin.
    mutating func step(
        _ frame: BinColumn, _ signs: LifeSigns, slot: [UInt8], learn: [UInt8], _ range: Range<Int>,
        _ policy: DetectionPolicy
    ) {
        let cap = policy.powerLevelMaximumEvidence
        // The warm-up in the decayed days `learnedDays` counts: `t` days of data are `H / ln 2 · (1 − 2^(−t / H))`.
        let halfLife = Double(policy.silenceHalfLifeDays)
        let warmup = Float(halfLife / log(2) * (1 - pow(0.5, Double(policy.powerLevelWarmupDays) / halfLife)))
        let logLeftOn = log10(policy.powerLevelLeftOnShare)
        let binHours = Float(policy.binSeconds) / 3600
        let slowest = 1 - Float(pow(0.5, Double(binHours) / Double(policy.silenceHalfLifeDays)))
        let decay = Float(pow(0.5, Double(binHours) / Double(policy.silenceHalfLifeDays * 24)))
        let dayPerBin = binHours / 24
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "households \(range) out of range")
        precondition(
            min(frame.power.count, signs.powerObserved.count, signs.standby.count, signs.quietChange.count,
                signs.powerLife.count, signs.phoneLife.count, slot.count, learn.count) >= range.upperBound,
            "a per-household input shorter than the households \(range)")
        // The arrays through pointers: one uniqueness check each per call instead of one per household and write
        // (the loop's writes are most of this detector's cost), and the inputs' lengths checked once, above.
        Self.step(
            power: frame.power, powerObserved: signs.powerObserved, standby: signs.standby,
            quietChange: signs.quietChange, powerLife: signs.powerLife, phoneLife: signs.phoneLife, slot: slot,
            learn: learn, range, policy, cap: cap, warmup: warmup, logLeftOn: logLeftOn,
            slowest: slowest, decay: decay, dayPerBin: dayPerBin, litShare: &litShare, learnedDays: &learnedDays,
            runsReaching: &runsReaching, runEvidence: &runEvidence, contribution: &contribution, evidence: &evidence)
    }

    /// ``step(_:_:slot:learn:_:_:)`` on the inputs' and the state's storage: every pointer holds the values of at
    /// least `range.upperBound` households.
    private static func step(
        power: UnsafePointer<Float>, powerObserved: UnsafePointer<UInt8>, standby: UnsafePointer<Float>,
        quietChange: UnsafePointer<Float>, powerLife: UnsafePointer<UInt8>, phoneLife: UnsafePointer<UInt8>,
        slot: UnsafePointer<UInt8>, learn: UnsafePointer<UInt8>, _ range: Range<Int>, _ policy: DetectionPolicy,
        cap: Float, warmup: Float, logLeftOn: Float, slowest: Float, decay: Float, dayPerBin: Float,
        litShare: UnsafeMutablePointer<Float16>, learnedDays: UnsafeMutablePointer<Float>,
        runsReaching: UnsafeMutablePointer<Float16>, runEvidence: UnsafeMutablePointer<Float>,
        contribution: UnsafeMutablePointer<Float>, evidence: UnsafeMutablePointer<Float>
    ) {
        let levels = Self.runLevels.count
        for h in range {
            let before = contribution[h]
            let reported = powerObserved[h] == 1 && !standby[h].isNaN
            guard reported || phoneLife[h] == 1 else {
                evidence[h] = 0  // missing is neither lit nor dark: the run holds
                continue
            }
            let plugQuiet = reported && powerLife[h] == 0
            let lit = plugQuiet
                && Self.isLit(excess: power[h] - standby[h], quietChange: quietChange[h], policy)
            let learning = learn[h] == 1
            if learning {
                learnedDays[h] = decay * learnedDays[h] + dayPerBin
                let reaching = runsReaching + h * levels
                for j in 0..<levels { reaching[j] = Float16(decay * Float(reaching[j])) }
            }
            // Household `h`'s lit share at this bin's hour of day.
            let hour = h * Self.hours + Int(slot[h]) % Self.hours
            if lit && phoneLife[h] == 0 && cap > 0 {
                let share = Float(litShare[hour])
                let run = runEvidence[h] + min(cap, -log10(max(share, 1e-4)))
                runEvidence[h] = run
                // Judged against the household's past runs (this one is counted when it ends).
                var calibration: Float = 1
                let days = learnedDays[h], a = policy.quietHistoryPseudoDays
                for j in 0..<levels where Self.runLevels[j] <= run {
                    let k = h * levels + j
                    let expected = days * Self.modelFrequency[j]
                    let excess = Silence.historyExcess(seen: Float(runsReaching[k]), expected: expected, pseudoCount: a)
                    calibration = max(calibration, excess)
                }
                // Runs are summed and remembered from the first day; they count once the shares have learned enough.
                contribution[h] = days >= warmup ? max(0, run + logLeftOn - log10(calibration)) : 0
            } else {
                // Steps, a call, a change or a dark bin: whatever was on is not on any more (or the stretch ended).
                // The run joins the household's history at the levels it reached.
                if learning {
                    for j in 0..<levels where Self.runLevels[j] <= runEvidence[h] {
                        runsReaching[h * levels + j] = Float16(Float(runsReaching[h * levels + j]) + 1)
                    }
                }
                runEvidence[h] = 0
                contribution[h] = 0
            }
            // Steps or a call reset silence's statistic: nothing to take back then.
            evidence[h] = phoneLife[h] == 1 ? 0 : contribution[h] - before
            guard learning, plugQuiet else { continue }
            let share = Float(litShare[hour])
            let rate = max(slowest, 1 / (learnedDays[h] + 2))
            litShare[hour] = Float16(share + rate * ((lit ? 1 : 0) - share))
        }
    }
}

extension PowerLevel {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("power level")
        try archive.values(&litShare)
        try archive.values(&learnedDays)
        try archive.values(&runsReaching)
        try archive.values(&runEvidence)
        try archive.values(&contribution)
        try archive.values(&evidence)
    }
}
