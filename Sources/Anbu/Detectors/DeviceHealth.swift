/// Device health: a plug or phone that stops reporting, a plug stuck on one value, or a plug reporting power no home
/// draws. These raise `device` alerts for maintenance, never person alerts; and while a device is unhealthy its
/// missing data never counts as the person's silence (silence only counts bins in which some device reported).
///
/// Only devices the household has are judged: a household without a plug never gets a plug alert. A household whose
/// phone has only a call log (no step heartbeat) cannot be told apart from a quiet phone, so its phone is not judged.
struct DeviceHealth {
    /// Consecutive bins without a plausible power value.
    private(set) var powerMissingBins: [Float] = []
    /// Consecutive bins without any phone data (households with a step counter).
    private(set) var phoneMissingBins: [Float] = []
    /// Consecutive bins whose power equals the previous value exactly.
    private(set) var powerRepeatBins: [Float] = []
    private var lastPower: [Float] = []
    /// The last implausible power value this bin, or NaN.
    private(set) var implausiblePower: [Float] = []

    mutating func append(households added: Int) {
        for path in [\DeviceHealth.powerMissingBins, \.phoneMissingBins, \.powerRepeatBins] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added))
        }
        lastPower.append(contentsOf: repeatElement(.nan, count: added))
        implausiblePower.append(contentsOf: repeatElement(.nan, count: added))
    }

    mutating func step(
        _ frame: BinColumn, _ signs: LifeSigns, sources: [SignalSources], _ range: Range<Int>,
        _ policy: DetectionPolicy
    ) {
        precondition(range.lowerBound >= 0 && range.upperBound <= lastPower.count, "households \(range) out of range")
        // Through pointers: one uniqueness check per array and bin instead of one per household and array.
        Self.step(frame, signs, sources: sources, range, policy, powerMissingBins: &powerMissingBins,
                  phoneMissingBins: &phoneMissingBins, powerRepeatBins: &powerRepeatBins, lastPower: &lastPower,
                  implausiblePower: &implausiblePower)
    }

    /// ``step(_:_:sources:_:_:)`` on the state's storage; every pointer holds at least `range.upperBound` values.
    private static func step(
        _ frame: BinColumn, _ signs: LifeSigns, sources: [SignalSources], _ range: Range<Int>,
        _ policy: DetectionPolicy, powerMissingBins: UnsafeMutablePointer<Float>,
        phoneMissingBins: UnsafeMutablePointer<Float>, powerRepeatBins: UnsafeMutablePointer<Float>,
        lastPower: UnsafeMutablePointer<Float>, implausiblePower: UnsafeMutablePointer<Float>
    ) {
        for h in range {
            let power = frame.power[h]
            implausiblePower[h] = power.isFinite && power > policy.maximumPlausibleWatts ? power : .nan
            if sources[h].contains(.power) {
                powerMissingBins[h] = signs.powerObserved[h] == 1 ? 0 : powerMissingBins[h] + 1
                if signs.powerObserved[h] == 1 {
                    powerRepeatBins[h] = power == lastPower[h] ? powerRepeatBins[h] + 1 : 0
                    lastPower[h] = power
                }
            }
            if sources[h].contains(.steps) {
                phoneMissingBins[h] = signs.phoneObserved[h] == 1 ? 0 : phoneMissingBins[h] + 1
            }
        }
    }

    /// Restarts the missing-data count of every phone (a telecom outage is not a fault of any one phone).
    mutating func forgivePhones() {
        for h in phoneMissingBins.indices { phoneMissingBins[h] = 0 }
    }

    /// Restarts the missing-data count of every plug (a power outage is not a fault of any one plug).
    mutating func forgivePlugs() {
        for h in powerMissingBins.indices { powerMissingBins[h] = 0 }
    }
}

extension DeviceHealth {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("device health")
        try archive.values(&powerMissingBins)
        try archive.values(&phoneMissingBins)
        try archive.values(&powerRepeatBins)
        try archive.values(&lastPower)
        try archive.values(&implausiblePower)
    }
}
