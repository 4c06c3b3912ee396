import Foundation

/// Routine deviation: activity far below this hour's usual level, across devices, over the last few hours.
///
/// Silence asks "has anything happened?"; deviation asks "is there much less than usual?". Two activity measures, both
/// on a log scale so that heavy-tailed counts are not judged with a Gaussian on raw values: `log(1 + steps)` when the
/// phone reports, and `log(1 + |Δ power|)` when the plug reports. The usual level of each is a **seasonal baseline**
/// per household (``SeasonalBaseline``: intercept, daily and weekly harmonics and a trend, refitted once a day for
/// every household of a block by weighted least squares on BLAS); the usual spread around it is learned per slot
/// (48 slots: local hour × weekday or weekend) as an exponentially weighted mean of the squared residuals, started at
/// the fit's pooled residual variance. Each bin's standardised shortfall `z` (clipped to ±4) is averaged over the
/// devices that reported and smoothed with a half-life of ``DetectionPolicy/deviationWindowHalfLifeHours``. The
/// evidence is the Gaussian log-likelihood ratio of that window mean against the routine, in bans:
/// `max(0, -Z · sqrt(n_eff))² / (2 ln 10)`, capped at 4. Bins of a long silence are quiet in both detectors, so
/// fusion gives deviation a small weight (``DetectionPolicy/deviationWeight``): it sharpens, it does not decide.
struct RoutineDeviation {
    private static let slots = Silence.slots
    private static let minimumScale: Float = 0.5
    private static let evidenceCap: Float = 4
    private static let signals = SeasonalBaseline.signals

    /// The seasonal fit of each household's two signals (steps, power change).
    private(set) var baseline = SeasonalBaseline()
    /// Residual variance per household, signal and slot, `(h · signals + signal) · slots + slot`; NaN until the
    /// signal's first fit. Half precision: a variance needs no more than three significant digits.
    private var variance: [Float16] = []
    /// Smoothed standardised activity (negative: less than usual).
    private var window: [Float] = []
    /// Refits that failed and kept the previous fit, since the detector was made or restored (not in snapshots).
    private(set) var refitFailures = 0
    /// Deviation evidence after this bin, bans.
    private(set) var evidence: [Float] = []
    /// The design row of the current bin per time zone (not state: rebuilt every bin).
    private var design: [Float] = []

    mutating func append(households added: Int) {
        baseline.append(households: added)
        variance.append(contentsOf: repeatElement(.nan, count: added * Self.signals * Self.slots))
        window.append(contentsOf: repeatElement(0, count: added))
        evidence.append(contentsOf: repeatElement(0, count: added))
    }

    mutating func step(
        _ frame: BinColumn, _ signs: LifeSigns, slot: [UInt8], learn: [UInt8], zone: [Int], calendar: BinCalendar,
        _ range: Range<Int>, _ policy: DetectionPolicy
    ) {
        let binsPerDay = 86_400 / policy.binSeconds
        let windowBins = policy.deviationWindowHalfLifeHours * 3600 / Float(policy.binSeconds)
        let smoothing = 1 - Float(pow(0.5, 1 / Double(windowBins)))
        let effective = (2 - smoothing) / smoothing
        let updatesPerDay = 3600 / Float(policy.binSeconds)
        let alpha = 1 - Float(pow(0.5, 1 / Double(policy.silenceHalfLifeDays * updatesPerDay)))
        let position = SeasonalBaseline.position(ofBin: calendar.bin)
        let k = SeasonalDesign.parameters
        baseline.noteCalendar(calendar.zoneWeekSeconds, position: position)
        let zones = calendar.zoneWeekSeconds.count
        if design.count != zones * k { design = [Float](repeating: 0, count: zones * k) }
        let trend = SeasonalBaseline.trendWeeks(position: position, binsPerDay: binsPerDay)
        for z in 0..<zones {
            SeasonalDesign.row(weekSeconds: calendar.zoneWeekSeconds[z], trendWeeks: trend, into: &design, at: z * k)
        }
        precondition(range.lowerBound >= 0 && range.upperBound <= window.count, "households \(range) out of range")
        precondition(variance.count == window.count * Self.signals * Self.slots && evidence.count == window.count
                     && baseline.count == window.count, "routine deviation arrays of different lengths")
        precondition(
            min(frame.steps.count, signs.powerChange.count, slot.count, learn.count, zone.count) >= range.upperBound,
            "a per-household input shorter than the households \(range)")
        let rule = Rule(smoothing: smoothing, effective: effective, alpha: alpha, position: position)
        // The state through pointers: one uniqueness check per array and bin instead of one per household and write.
        Self.step(
            range, rule, steps: frame.steps, powerChange: signs.powerChange, slot: slot, learn: learn, zone: zone,
            design: design, zones: zones, logs: Self.activityLogs, codes: Self.activityCodes, baseline: &baseline,
            variance: &variance, window: &window, evidence: &evidence)
    }

    /// The constants of one bin's step.
    private struct Rule {
        /// Per-bin weight of the window's exponential smoothing, and its effective number of bins.
        let smoothing, effective: Float
        /// The residual variances' per-update weight once the fit is no longer young.
        let alpha: Float
        /// The bin's position in the seasonal baselines' buffer.
        let position: Int
    }

    /// ``step(_:_:slot:learn:zone:calendar:_:_:)`` on the state's storage; every pointer holds the values of at least
    /// `range.upperBound` households, and `design` one row of ``SeasonalDesign/parameters`` for each of `zones` zones.
    private static func step(
        _ range: Range<Int>, _ rule: Rule, steps: UnsafePointer<Float>, powerChange: UnsafePointer<Float>,
        slot: UnsafePointer<UInt8>, learn: UnsafePointer<UInt8>, zone: UnsafePointer<Int>, design: UnsafePointer<Float>,
        zones: Int, logs: UnsafePointer<Float>, codes: UnsafePointer<UInt8>, baseline: inout SeasonalBaseline,
        variance: UnsafeMutablePointer<Float16>,
        window: UnsafeMutablePointer<Float>, evidence: UnsafeMutablePointer<Float>
    ) {
        let k = SeasonalDesign.parameters
        let (smoothing, effective, alpha, position) = (rule.smoothing, rule.effective, rule.alpha, rule.position)
        baseline.withColumns { baseline in
            for h in range {
                precondition(zone[h] >= 0 && zone[h] < zones && Int(slot[h]) < Self.slots,
                             "household \(h)'s zone or slot")
                let x = zone[h] * k
                var total: Float = 0
                var signals: Float = 0
                let steps = steps[h]
                let change = powerChange[h]
                for s in 0..<Self.signals {
                    let raw = s == 0 ? steps : change
                    guard !raw.isNaN else { continue }
                    let (value, code) = activity(raw, logs: logs, codes: codes)
                    let i = (h * Self.signals + s) * Self.slots + Int(slot[h])
                    let v = Float(variance[i])
                    var residual: Float = .nan
                    if !v.isNaN {
                        residual = value - baseline.predict(h, s, design: design + x)
                        let scale = max(Self.minimumScale, v.squareRoot())
                        total += min(4, max(-4, residual / scale))
                        signals += 1
                    }
                    guard learn[h] == 1 else { continue }
                    baseline.record(h, s, position: position, code: code)
                    if !residual.isNaN {
                        // Exponentially weighted, starting faster while the fit is young (its first refits).
                        let a = max(alpha, 1 / (2 + Float(baseline.fits(h, s))))
                        variance[i] = Float16(v + a * (residual * residual - v))
                    }
                }
                if signals > 0 {
                    window[h] += smoothing * (total / signals - window[h])
                }
                let shortfall = max(0, -window[h] * effective.squareRoot())
                evidence[h] = min(Self.evidenceCap, shortfall * shortfall / (2 * Float(M_LN10)))
            }
        }
    }

    /// Units per watt or step of ``activityLogs``' index.
    private static let activityLogUnits: Float = 8
    /// `log(1 + i / 8)` for `i` in `0 ..< 4,096`: every step count below 512 and every power change below 512 W that
    /// is a multiple of 1/8 W (the dense reference districts' plugs report in eighths of a watt).
    static let activityLogs: [Float] = (0..<4_096).map { log1p(Float($0) / activityLogUnits) }
    /// The seasonal baselines' buffer code (``SeasonalBaseline/code(_:)``) of each of ``activityLogs``.
    static let activityCodes: [UInt8] = activityLogs.map(SeasonalBaseline.code)

    /// A signal's activity measure, `log(1 + max(0, raw))` of a reading that is not NaN, and its buffer code: from
    /// `logs` and `codes` (``activityLogs``, ``activityCodes``) where `raw` is one of their points, which is the same
    /// functions evaluated once, else computed.
    @inline(__always)
    static func activity(
        _ raw: Float, logs: UnsafePointer<Float>, codes: UnsafePointer<UInt8>
    ) -> (value: Float, code: UInt8) {
        let x = max(0, raw)
        let units = x * activityLogUnits  // exact: a power of two
        // Bit patterns order the non-negative floats; −0 (sign bit set) falls through to `log1p`, which keeps its sign.
        // Below 4,096, `units + 2²³` is `units` rounded to a whole number, held in the low bits of its pattern: equal
        // to `units` again after subtracting 2²³ exactly when `units` is whole (no conversion to an integer checked).
        let whole = units + 8_388_608
        if units.bitPattern < Float(4_096).bitPattern && whole - 8_388_608 == units {
            let i = Int(whole.bitPattern & 0xFFF)
            return (logs[i], codes[i])
        }
        let value = log1p(x)
        return (value, SeasonalBaseline.code(value))
    }

    /// Tests only: makes the next refit fail as a refused product would (``SeasonalBaseline/injectedFailure``).
    mutating func failNextRefit() {
        baseline.injectedFailure = SeasonalBaseline.testFailure
    }

    /// Refits every household's seasonal baselines from the bins since the last refit (see ``SeasonalBaseline``), and
    /// starts the residual variances of signals fitted for the first time at the fit's pooled residual variance.
    /// Call after the bin for which ``SeasonalBaseline/refitsAfter(bin:)`` holds, with BLAS on one thread.
    mutating func refit(zoneOfHousehold: [Int], _ policy: DetectionPolicy) {
        // The products' shapes are consistent by construction; a refusal leaves the previous fit in place, counted.
        do {
            try baseline.refit(zoneOfHousehold: zoneOfHousehold, binsPerDay: 86_400 / policy.binSeconds,
                               halfLifeDays: policy.silenceHalfLifeDays)
        } catch { refitFailures += 1 }
        for h in 0..<window.count {
            for s in 0..<Self.signals where baseline.fits(h, s) == 1 {
                let base = (h * Self.signals + s) * Self.slots
                guard variance[base].isNaN else { continue }
                let start = Float16(max(Self.minimumScale * Self.minimumScale, baseline.residualVariance(h, s)))
                for slot in 0..<Self.slots { variance[base + slot] = start }
            }
        }
    }
}

extension Float16: ArchiveScalar {}

extension RoutineDeviation {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("routine deviation")
        try baseline.archive(&archive)
        try archive.values(&variance)
        try archive.values(&window)
        try archive.values(&evidence)
    }
}
