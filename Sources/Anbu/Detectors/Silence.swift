import Foundation

/// Sudden silence: no sign of life across all devices, judged against this person's own usual gaps at this hour.
///
/// Two things are learned per household, hour of day (local time) and day type (weekday or weekend), 48 slots:
/// - the probability that a bin holds a sign of life, separately for the plug and the phone, each given that the
///   device reported (a Beta-smoothed rate that starts at the district's rate for that hour);
/// - the distribution of the *gap in progress* at that hour (hours since the last sign of life), as decayed counts
///   of how often it reached 1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24 and 36 hours.
///
/// The evidence that the current gap `g` is unusual is `-log10 p` with
/// `p = (E(g) + w · R(g)) / (N + w)`: `E(g)/N` is how often the household's gap at this hour was at least `g`, and
/// `R(g)`, the routine model, is the probability of no sign of life in every bin of the gap given the learned
/// per-hour rates (capped so one hour adds at most `-log10(1 - cap)`). Where the household's own history has seen
/// such gaps, `E` dominates and the evidence stays low (a 9-hour gap at night); where it has not, the routine model
/// speaks and evidence grows hour by hour (a 4-hour gap at 10 a.m. for an early riser). `w` is
/// ``DetectionPolicy/silencePriorWeightDays``.
///
/// Bins in which no device reported neither extend nor end a gap: missing data is not silence. When a device the
/// household has was missing during the gap, the household's history (learned with every device reporting) would
/// understate how long such a gap may be, so the evidence is then never more than the routine model's alone.
struct Silence {
    /// Gap lengths, hours, whose in-progress frequency is counted per hour of day.
    static let gapThresholds: [Float] = [1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 36]
    /// Hour of day × day type (weekday, weekend): slot = 24 · dayType + hour.
    static let slots = 48
    private static let thresholdCount = gapThresholds.count

    // Life-sign rates per household and slot: decayed counts of life signs and of observed bins.
    private var powerLife: [Float] = []
    private var powerSeen: [Float] = []
    private var phoneLife: [Float] = []
    private var phoneSeen: [Float] = []
    // Gap-in-progress history per household and slot.
    private var samples: [Float] = []
    private var exceedances: [Float] = []
    // District priors per slot.
    private(set) var districtPowerRate = [Float](repeating: 0.3, count: slots)
    private(set) var districtPhoneRate = [Float](repeating: 0.3, count: slots)

    // The current gap.
    /// Hours since the last sign of life, counting only bins in which some device reported.
    private(set) var gapHours: [Float] = []
    /// Routine-model evidence accumulated over the current gap, bans.
    private(set) var routineEvidence: [Float] = []
    /// Missed calls since the gap began.
    private(set) var missedCalls: [Float] = []
    /// Bins in the gap in which the phone reported (it is on, and not moving).
    private(set) var phoneQuietBins: [Float] = []
    /// Bins in the gap in which the plug reported (power without change).
    private(set) var powerQuietBins: [Float] = []
    /// 1 when some bin of the current gap lacked a device the household has (its history, learned with every
    /// device reporting, then understates how long such a gap may be).
    private var partial: [UInt8] = []
    /// Silence evidence after this bin, bans.
    private(set) var evidence: [Float] = []

    var count: Int { gapHours.count }

    mutating func append(households added: Int) {
        let perSlot = added * Self.slots
        for path in [\Silence.powerLife, \.powerSeen, \.phoneLife, \.phoneSeen, \.samples] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: perSlot))
        }
        exceedances.append(contentsOf: repeatElement(0, count: perSlot * Self.thresholdCount))
        for path in [\Silence.gapHours, \.routineEvidence, \.missedCalls, \.phoneQuietBins, \.powerQuietBins,
                     \.evidence] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added))
        }
        partial.append(contentsOf: repeatElement(0, count: added))
    }

    /// The probability of a sign of life from each device at `slot`, smoothed toward the district.
    func lifeRates(_ h: Int, slot: Int, _ policy: DetectionPolicy) -> (power: Float, phone: Float) {
        let i = h * Self.slots + slot
        let m = policy.lifeSignPriorDays
        let power = (powerLife[i] + m * districtPowerRate[slot]) / (powerSeen[i] + m)
        let phone = (phoneLife[i] + m * districtPhoneRate[slot]) / (phoneSeen[i] + m)
        return (power, phone)
    }

    /// Scores and then learns one bin. `slot[h]` is the household's local hour; `learn[h]` is 0 while its history
    /// must not absorb this bin (an alert is open, an absence is announced).
    mutating func step(
        _ frame: BinColumn, _ signs: LifeSigns, sources: [SignalSources], slot: [UInt8], learn: [UInt8],
        _ range: Range<Int>, _ policy: DetectionPolicy
    ) {
        let binHours = Float(policy.binSeconds) / 3600
        let updatesPerDay = 3600 / Float(policy.binSeconds)
        let decay = Float(pow(0.5, 1 / Double(policy.silenceHalfLifeDays * updatesPerDay)))
        let cap = policy.lifeSignProbabilityCap
        let w = policy.silencePriorWeightDays
        for h in range {
            let k = Int(slot[h])
            let i = h * Self.slots + k
            let seenPower = signs.powerObserved[h] == 1, seenPhone = signs.phoneObserved[h] == 1
            let alive = signs.powerLife[h] == 1 || signs.phoneLife[h] == 1
            let complete = (seenPower || !sources[h].contains(.power)) && (seenPhone || !sources[h].contains(.steps))
            if alive {
                partial[h] = 0
                gapHours[h] = 0
                routineEvidence[h] = 0
                missedCalls[h] = 0
                phoneQuietBins[h] = 0
                powerQuietBins[h] = 0
            } else if seenPower || seenPhone {
                let rates = lifeRates(h, slot: k, policy)
                let p = 1 - (1 - (seenPower ? rates.power : 0)) * (1 - (seenPhone ? rates.phone : 0))
                routineEvidence[h] += -log10(1 - min(cap, p))
                gapHours[h] += binHours
                if !complete { partial[h] = 1 }
                if seenPhone { phoneQuietBins[h] += 1 }
                if seenPower { powerQuietBins[h] += 1 }
                let missed = frame.callMissed[h]
                if missed > 0 { missedCalls[h] += missed }
            }
            evidence[h] = score(h, slot: k, w: w)
            guard learn[h] == 1, seenPower || seenPhone else { continue }
            if complete { learnGap(i, gap: gapHours[h], decay: decay) }
            if seenPower {
                powerLife[i] = decay * powerLife[i] + Float(signs.powerLife[h])
                powerSeen[i] = decay * powerSeen[i] + 1
            }
            if seenPhone {
                phoneLife[i] = decay * phoneLife[i] + Float(signs.phoneLife[h])
                phoneSeen[i] = decay * phoneSeen[i] + 1
            }
        }
    }

    /// Adds the gap in progress at household-slot `i` to its history.
    private mutating func learnGap(_ i: Int, gap: Float, decay: Float) {
        samples[i] = decay * samples[i] + 1
        let base = i * Self.thresholdCount
        for j in 0..<Self.thresholdCount {
            exceedances[base + j] = decay * exceedances[base + j] + (gap >= Self.gapThresholds[j] ? 1 : 0)
        }
    }

    private func score(_ h: Int, slot k: Int, w: Float) -> Float {
        let gap = gapHours[h]
        guard gap >= Self.gapThresholds[0] else { return 0 }
        var j = 0
        while j + 1 < Self.thresholdCount && Self.gapThresholds[j + 1] <= gap { j += 1 }
        // The history of this hour, and at half weight the neighbouring hours of the same day type: a gap seen at
        // 11:00 on Sundays says something about noon on Sundays too.
        var seen: Float = 0, days: Float = 0
        for (neighbour, weight) in [(k, Float(1)), (Self.neighbour(k, -1), 0.5), (Self.neighbour(k, 1), 0.5)] {
            let i = h * Self.slots + neighbour
            seen += weight * exceedances[i * Self.thresholdCount + j]
            days += weight * samples[i]
        }
        let routine = pow(10, -routineEvidence[h])
        var p = (seen + w * routine) / (days + w)
        if partial[h] == 1 { p = max(p, routine) }
        return max(0, -log10(max(p, 1e-12)))
    }

    /// The slot `offset` hours from `slot`, within the same day type.
    private static func neighbour(_ slot: Int, _ offset: Int) -> Int {
        let type = slot / 24
        return type * 24 + (slot % 24 + offset + 24) % 24
    }

    /// The longest gap this household usually reaches at `slot`: the smallest threshold that its gap in progress
    /// reached in fewer than 1% of its history; `nil` before a week of history.
    func usualLongestGap(_ h: Int, slot k: Int) -> Float? {
        let i = h * Self.slots + k
        let n = samples[i]
        guard n >= 7 else { return nil }
        for j in 0..<Self.thresholdCount where exceedances[i * Self.thresholdCount + j] < 0.01 * n {
            return Self.gapThresholds[j]
        }
        return Self.gapThresholds[Self.thresholdCount - 1]
    }

    /// Recomputes the district's per-slot life-sign rates from every household's history (once a day).
    mutating func refreshDistrictPriors() {
        let households = count
        guard households > 0 else { return }
        for k in 0..<Self.slots {
            var lifePower: Float = 0, seenPower: Float = 0, lifePhone: Float = 0, seenPhone: Float = 0
            for h in 0..<households {
                let i = h * Self.slots + k
                lifePower += powerLife[i]
                seenPower += powerSeen[i]
                lifePhone += phoneLife[i]
                seenPhone += phoneSeen[i]
            }
            if seenPower > 0 { districtPowerRate[k] = lifePower / seenPower }
            if seenPhone > 0 { districtPhoneRate[k] = lifePhone / seenPhone }
        }
    }
}
