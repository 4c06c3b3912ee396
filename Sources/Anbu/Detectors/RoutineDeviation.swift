import Foundation

/// Routine deviation: activity far below this hour's usual level, across devices, over the last few hours.
///
/// Silence asks "has anything happened?"; deviation asks "is there much less than usual?". For each household and
/// local hour it learns the mean and variance of two activity measures, both on a log scale so that heavy-tailed
/// counts are not judged with a Gaussian on raw values: `log(1 + steps)` when the phone reports, and
/// `log(1 + |Δ power|)` when the plug reports. Each bin's standardised shortfall `z` (clipped to ±4) is averaged
/// over the devices that reported and smoothed with a half-life of ``DetectionPolicy/deviationWindowHalfLifeHours``.
/// The evidence is the Gaussian log-likelihood ratio of that window mean against the routine, in bans:
/// `max(0, -Z · sqrt(n_eff))² / (2 ln 10)`, capped at 4. Bins of a long silence are quiet in both detectors, so
/// fusion gives deviation a small weight (``DetectionPolicy/deviationWeight``): it sharpens, it does not decide.
struct RoutineDeviation {
    private static let slots = Silence.slots
    private static let minimumScale: Float = 0.5
    private static let evidenceCap: Float = 4

    private var stepsMean: [Float] = []
    private var stepsVariance: [Float] = []
    /// Updates seen per slot, saturating at 255 (beyond about 40 the exponential weight governs, see `update`).
    private var stepsCount: [UInt8] = []
    private var changeMean: [Float] = []
    private var changeVariance: [Float] = []
    private var changeCount: [UInt8] = []
    /// Smoothed standardised activity (negative: less than usual).
    private var window: [Float] = []
    /// Deviation evidence after this bin, bans.
    private(set) var evidence: [Float] = []

    mutating func append(households added: Int) {
        for path in [\RoutineDeviation.stepsMean, \.stepsVariance, \.changeMean, \.changeVariance] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added * Self.slots))
        }
        stepsCount.append(contentsOf: repeatElement(0, count: added * Self.slots))
        changeCount.append(contentsOf: repeatElement(0, count: added * Self.slots))
        window.append(contentsOf: repeatElement(0, count: added))
        evidence.append(contentsOf: repeatElement(0, count: added))
    }

    mutating func step(
        _ frame: BinColumn, _ signs: LifeSigns, slot: [UInt8], learn: [UInt8], _ range: Range<Int>,
        _ policy: DetectionPolicy
    ) {
        let windowBins = policy.deviationWindowHalfLifeHours * 3600 / Float(policy.binSeconds)
        let smoothing = 1 - Float(pow(0.5, 1 / Double(windowBins)))
        let effective = (2 - smoothing) / smoothing
        let updatesPerDay = 3600 / Float(policy.binSeconds)
        let alpha = 1 - Float(pow(0.5, 1 / Double(policy.silenceHalfLifeDays * updatesPerDay)))
        for h in range {
            let i = h * Self.slots + Int(slot[h])
            var total: Float = 0
            var signals: Float = 0
            let steps = frame.steps[h]
            var stepsValue: Float = .nan
            if !steps.isNaN {
                stepsValue = log1p(max(0, steps))
                if stepsCount[i] >= 4 {
                    let scale = max(Self.minimumScale, stepsVariance[i].squareRoot())
                    total += min(4, max(-4, (stepsValue - stepsMean[i]) / scale))
                    signals += 1
                }
            }
            var changeValue: Float = .nan
            let change = signs.powerChange[h]
            if !change.isNaN {
                changeValue = log1p(change)
                if changeCount[i] >= 4 {
                    let scale = max(Self.minimumScale, changeVariance[i].squareRoot())
                    total += min(4, max(-4, (changeValue - changeMean[i]) / scale))
                    signals += 1
                }
            }
            if signals > 0 {
                window[h] += smoothing * (total / signals - window[h])
            }
            let shortfall = max(0, -window[h] * effective.squareRoot())
            evidence[h] = min(Self.evidenceCap, shortfall * shortfall / (2 * Float(M_LN10)))
            guard learn[h] == 1 else { continue }
            if !stepsValue.isNaN { Self.update(&stepsMean[i], &stepsVariance[i], &stepsCount[i], stepsValue, alpha) }
            if !changeValue.isNaN {
                Self.update(&changeMean[i], &changeVariance[i], &changeCount[i], changeValue, alpha)
            }
        }
    }

    /// Exponentially weighted mean and variance, starting as a plain running mean until the weight catches up.
    /// The count saturates at 255 (one byte of state): `1 / 255` is below `alpha` for half-lives up to about 176
    /// updates of a slot, so only longer half-lives adapt slightly faster than asked.
    private static func update(_ mean: inout Float, _ variance: inout Float, _ count: inout UInt8, _ x: Float,
                               _ alpha: Float) {
        if count < .max { count += 1 }
        let a = max(alpha, 1 / Float(count))
        let delta = x - mean
        mean += a * delta
        variance = (1 - a) * (variance + a * delta * delta)
    }
}

extension RoutineDeviation {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("routine deviation")
        try archive.values(&stepsMean)
        try archive.values(&stepsVariance)
        try archive.values(&stepsCount)
        try archive.values(&changeMean)
        try archive.values(&changeVariance)
        try archive.values(&changeCount)
        try archive.values(&window)
        try archive.values(&evidence)
    }
}
