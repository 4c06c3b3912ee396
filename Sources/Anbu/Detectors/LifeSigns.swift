/// Turns one closed bin into the per-household facts every detector reads: which devices were heard from, and
/// whether the bin holds a sign of life.
///
/// A sign of life is something a person does: steps above ``DetectionPolicy/lifeSignMinimumSteps``, an outgoing or
/// an answered call, or a change in hourly mean power larger than the household's own appliance noise. Power that
/// stays *high* is not a sign of life on its own (a television left on keeps drawing power after a collapse); power
/// that *changes* is. A missed call is not a sign of life; it is counted as evidence against one.
struct LifeSigns {
    // Per household state.
    /// Standby estimate: a tracker of the 10th percentile of power (as in the reference computation).
    private(set) var standby: [Float] = []
    /// The last observed plausible power value; NaN before the first.
    private(set) var previousPower: [Float] = []
    /// A tracker of the 30th percentile of the absolute hourly power change: the household's appliance noise.
    private(set) var quietChange: [Float] = []

    // Per bin outputs.
    /// 1 when the plug reported a plausible value in this bin.
    private(set) var powerObserved: [UInt8] = []
    /// 1 when the phone reported in this bin (steps heartbeat, or any call data).
    private(set) var phoneObserved: [UInt8] = []
    /// 1 when power changed by more than the household's change threshold.
    private(set) var powerLife: [UInt8] = []
    /// 1 for steps above the minimum, an outgoing call or an answered call.
    private(set) var phoneLife: [UInt8] = []
    /// The absolute change of power since the previous observed value, watts; NaN when either is missing.
    private(set) var powerChange: [Float] = []

    mutating func append(households added: Int) {
        standby.append(contentsOf: repeatElement(.nan, count: added))
        previousPower.append(contentsOf: repeatElement(.nan, count: added))
        quietChange.append(contentsOf: repeatElement(5, count: added))
        powerChange.append(contentsOf: repeatElement(.nan, count: added))
        for path in [\LifeSigns.powerObserved, \.phoneObserved, \.powerLife, \.phoneLife] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added))
        }
    }

    /// The power change that counts as a life sign for a household whose appliance noise is `quietChange`, watts.
    static func changeThreshold(quietChange: Float, _ policy: DetectionPolicy) -> Float {
        max(policy.powerChangeMinimumWatts, policy.powerChangeNoiseMultiple * quietChange)
    }

    mutating func step(_ frame: BinColumn, _ range: Range<Int>, _ policy: DetectionPolicy) {
        precondition(range.lowerBound >= 0 && range.upperBound <= standby.count, "households \(range) out of range")
        // Through pointers: one uniqueness check per array and bin instead of one per household and array.
        Self.step(frame, range, policy, standby: &standby, previousPower: &previousPower, quietChange: &quietChange,
                  powerObserved: &powerObserved, phoneObserved: &phoneObserved, powerLife: &powerLife,
                  phoneLife: &phoneLife, powerChange: &powerChange)
    }

    /// ``step(_:_:_:)`` on the state's storage; every pointer holds at least `range.upperBound` values.
    private static func step(
        _ frame: BinColumn, _ range: Range<Int>, _ policy: DetectionPolicy, standby: UnsafeMutablePointer<Float>,
        previousPower: UnsafeMutablePointer<Float>, quietChange: UnsafeMutablePointer<Float>,
        powerObserved: UnsafeMutablePointer<UInt8>, phoneObserved: UnsafeMutablePointer<UInt8>,
        powerLife: UnsafeMutablePointer<UInt8>, phoneLife: UnsafeMutablePointer<UInt8>,
        powerChange: UnsafeMutablePointer<Float>
    ) {
        for h in range {
            let power = frame.power[h]
            let plausible = power.isFinite && power >= 0 && power <= policy.maximumPlausibleWatts
            powerObserved[h] = plausible ? 1 : 0
            powerLife[h] = 0
            powerChange[h] = .nan
            if plausible {
                let previous = previousPower[h]
                if previous.isFinite {
                    let change = abs(power - previous)
                    powerChange[h] = change
                    if change > changeThreshold(quietChange: quietChange[h], policy) { powerLife[h] = 1 }
                    // 30th-percentile tracker of the change, in steps proportional to its size.
                    let q = quietChange[h]
                    quietChange[h] = change < q ? q - 0.07 * (q + 1) : q + 0.03 * (q + 1)
                }
                previousPower[h] = power
                let q = standby[h]
                if q.isNaN {
                    standby[h] = power
                } else if power < q {
                    standby[h] = q - 0.045 * (q + 1)
                } else if power > q {
                    standby[h] = q + 0.005 * (q + 1)
                }
            }
            let steps = frame.steps[h], out = frame.callOut[h], answered = frame.callIn[h]
            let heard = !steps.isNaN || !out.isNaN || !answered.isNaN
            phoneObserved[h] = heard ? 1 : 0
            phoneLife[h] = (steps >= policy.lifeSignMinimumSteps && steps > 0) || out > 0 || answered > 0 ? 1 : 0
        }
    }
}

extension LifeSigns {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("life signs")
        try archive.values(&standby)
        try archive.values(&previousPower)
        try archive.values(&quietChange)
        try archive.values(&powerObserved)
        try archive.values(&phoneObserved)
        try archive.values(&powerLife)
        try archive.values(&phoneLife)
        try archive.values(&powerChange)
    }
}
