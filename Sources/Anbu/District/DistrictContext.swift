import Foundation

/// District context: what the whole district's data say at once. A telecom outage silences every phone, a power
/// cut the plugs of a neighbourhood or more, a holiday or a heat wave shifts many routines together; none of these is a district full of
/// emergencies.
///
/// Each bin it measures, over all households, the share of phones and of plugs that did not report, and the share of
/// households whose silence evidence is raised. Each share has a usual level per hour of the day (UTC), learned with a
/// two-week half-life outside district events. An outage is a share of silent devices at least
/// ``DetectionPolicy/districtOutageShare`` (phones) or ``DetectionPolicy/districtPowerOutageShare`` (plugs) above usual
/// and an excess that binomial chance would give less than once
/// in a billion bins (six standard deviations); a shift is a share of quiet homes at least
/// ``DetectionPolicy/districtShiftFactor`` times usual. During a shift, every household's silence evidence is
/// discounted by `log10(share / usual)`: when many homes are quiet together, one quiet home is less surprising.
struct DistrictContext {
    enum Event: Int, CaseIterable {
        case outagePower, outageTelecom, shift

        var reason: ReasonCode {
            switch self {
            case .outagePower: .outagePower
            case .outageTelecom: .outageTelecom
            case .shift: .districtShift
            }
        }
    }

    /// The silence evidence above which a household counts as quiet for the shift measure, bans.
    static let quietEvidence: Float = 2
    private static let slots = 24
    /// Standard deviations of binomial chance that an outage's excess of silent devices must exceed.
    static let outageSignificance: Float = 6

    private var usualPhoneMissing = [Float](repeating: .nan, count: slots)
    private var usualPowerMissing = [Float](repeating: .nan, count: slots)
    private var usualQuiet = [Float](repeating: .nan, count: slots)

    /// Whether each event is active after this bin.
    private(set) var active = [Bool](repeating: false, count: Event.allCases.count)
    /// The share behind each active event (0–1), or the quiet-share ratio for a shift.
    private(set) var magnitude = [Float](repeating: 0, count: Event.allCases.count)
    /// Bans to subtract from every household's silence evidence this bin.
    private(set) var silenceDiscount: Float = 0

    /// What one bin shows over a range of households: devices that did not report, and quiet homes. The monitor
    /// counts each block of households apart and adds the counts up in block order.
    struct Counts: Equatable {
        var phones = 0, phonesMissing = 0, plugs = 0, plugsMissing = 0, observed = 0, quiet = 0

        static func += (total: inout Counts, part: Counts) {
            total.phones += part.phones
            total.phonesMissing += part.phonesMissing
            total.plugs += part.plugs
            total.plugsMissing += part.plugsMissing
            total.observed += part.observed
            total.quiet += part.quiet
        }
    }

    /// Counts one bin over households `range`.
    static func count(signs: LifeSigns, silence: Silence, sources: [SignalSources], _ range: Range<Int>) -> Counts {
        var counts = Counts()
        for h in range {
            let s = sources[h]
            if s.contains(.steps) {
                counts.phones += 1
                if signs.phoneObserved[h] == 0 { counts.phonesMissing += 1 }
            }
            if s.contains(.power) {
                counts.plugs += 1
                if signs.powerObserved[h] == 0 { counts.plugsMissing += 1 }
            }
            if signs.phoneObserved[h] == 1 || signs.powerObserved[h] == 1 {
                counts.observed += 1
                if silence.evidence[h] >= Self.quietEvidence { counts.quiet += 1 }
            }
        }
        return counts
    }

    /// Judges one bin from the whole district's counts. `slot` is the bin's UTC hour of day.
    mutating func step(_ counts: Counts, slot: Int, _ policy: DetectionPolicy) {
        let (phones, phonesMissing, plugs, plugsMissing) =
            (counts.phones, counts.phonesMissing, counts.plugs, counts.plugsMissing)
        let (observed, quiet) = (counts.observed, counts.quiet)
        let minimum = policy.districtMinimumHouseholds
        judgeOutage(.outageTelecom, missing: phonesMissing, of: phones, usual: \.usualPhoneMissing, slot: slot,
                    minimum: minimum, share: policy.districtOutageShare)
        judgeOutage(.outagePower, missing: plugsMissing, of: plugs, usual: \.usualPowerMissing, slot: slot,
                    minimum: minimum, share: policy.districtPowerOutageShare)

        let shift = Event.shift.rawValue
        silenceDiscount = 0
        active[shift] = false
        magnitude[shift] = 0
        guard observed >= minimum else { return }
        let share = Float(quiet) / Float(observed)
        let usual = usualQuiet[slot].isNaN ? share : usualQuiet[slot]
        let ratio = share / max(usual, 0.01)
        // Many more quiet homes than usual, at least 15% of them, and more than binomial chance allows (z ≥ 5).
        let expected = Float(observed) * max(usual, 0.01)
        let significant = Float(quiet) - expected >= 5 * max(1, expected).squareRoot()
        if ratio >= policy.districtShiftFactor && share >= 0.15 && significant {
            active[shift] = true
            magnitude[shift] = ratio
            silenceDiscount = log10(ratio)
        } else {
            Self.learn(&usualQuiet[slot], share)
        }
    }

    private mutating func judgeOutage(
        _ event: Event, missing: Int, of total: Int, usual path: WritableKeyPath<DistrictContext, [Float]>, slot: Int,
        minimum: Int, share threshold: Float
    ) {
        let i = event.rawValue
        active[i] = false
        magnitude[i] = 0
        guard total >= minimum else { return }
        let share = Float(missing) / Float(total)
        let usual = self[keyPath: path][slot]
        let baseline = usual.isNaN ? min(share, 0.1) : usual
        // Many more silent devices than usual, and more than binomial chance allows (z ≥ 6): a power cut in one
        // neighbourhood of twenty stands out in a district of thousands, while chance does not in a district of twenty.
        let expected = Float(total) * baseline
        let significant = Float(missing) - expected >= Self.outageSignificance * max(1, expected).squareRoot()
        if share - baseline >= threshold && significant {
            active[i] = true
            magnitude[i] = share
        } else {
            Self.learn(&self[keyPath: path][slot], share)
        }
    }

    private static func learn(_ usual: inout Float, _ value: Float) {
        // Half-life of 14 updates of a slot: two weeks of hourly bins.
        usual = usual.isNaN ? value : usual + 0.0483 * (value - usual)
    }
}

extension DistrictContext {
    /// Lists every stored value once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("district context")
        try archive.values(&usualPhoneMissing)
        try archive.values(&usualPowerMissing)
        try archive.values(&usualQuiet)
        try archive.flags(&active)
        try archive.values(&magnitude)
        try archive.value(&silenceDiscount)
    }
}
