import Foundation

/// District context: what the whole district's data say at once. A telecom outage silences every phone, a power
/// outage every plug, a holiday or a heat wave shifts many routines together; none of these is a district full of
/// emergencies.
///
/// Each bin it measures, over all households, the share of phones and of plugs that did not report, and the share of
/// households whose silence evidence is raised. Each share has a usual level per hour of the day (UTC), learned with a
/// two-week half-life outside district events. An outage is a share of silent devices at least
/// ``DetectionPolicy/districtOutageShare`` above usual; a shift is a share of quiet homes at least
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

    private static let slots = 24

    private var usualPhoneMissing = [Float](repeating: .nan, count: slots)
    private var usualPowerMissing = [Float](repeating: .nan, count: slots)

    /// Whether each event is active after this bin.
    private(set) var active = [Bool](repeating: false, count: Event.allCases.count)
    /// The share behind each active event (0–1), or the quiet-share ratio for a shift.
    private(set) var magnitude = [Float](repeating: 0, count: Event.allCases.count)
    /// The district's shared part of every household's activity residual.
    private var factors = DistrictFactors()

    /// Measures one bin, after silence has stepped. `slot` is the bin's UTC hour of day; `householdSlot[h]` is
    /// household `h`'s own slot.
    mutating func step(
        signs: LifeSigns, silence: Silence, sources: [SignalSources], slot: Int, householdSlot: [UInt8],
        learn: [UInt8], _ policy: DetectionPolicy
    ) {
        var phones = 0, phonesMissing = 0, plugs = 0, plugsMissing = 0
        for h in 0..<sources.count {
            let s = sources[h]
            if s.contains(.steps) {
                phones += 1
                if signs.phoneObserved[h] == 0 { phonesMissing += 1 }
            }
            if s.contains(.power) {
                plugs += 1
                if signs.powerObserved[h] == 0 { plugsMissing += 1 }
            }
        }
        let minimum = policy.districtMinimumHouseholds
        judgeOutage(.outageTelecom, missing: phonesMissing, of: phones, usual: \.usualPhoneMissing, slot: slot,
                    minimum: minimum, policy)
        judgeOutage(.outagePower, missing: plugsMissing, of: plugs, usual: \.usualPowerMissing, slot: slot,
                    minimum: minimum, policy)

        factors.step(signs: signs, silence: silence, slot: householdSlot, learn: learn, utcHour: slot, policy)
        let shift = Event.shift.rawValue
        active[shift] = false
        magnitude[shift] = 0
        guard factors.reporting >= minimum else { return }
        if factors.shift <= -policy.districtShiftResidual {
            active[shift] = true
            magnitude[shift] = factors.shift
        }
    }

    /// Silence evidence the district explains for household `h`'s current quiet run, bans.
    func silenceDiscount(_ h: Int) -> Float { factors.discount[h] }

    /// Recomputes the district factors (once a day).
    mutating func refreshFactors() throws(LinearAlgebraError) { try factors.refresh() }

    mutating func append(households added: Int, _ policy: DetectionPolicy) {
        factors.append(households: added, policy)
    }

    private mutating func judgeOutage(
        _ event: Event, missing: Int, of total: Int, usual path: WritableKeyPath<DistrictContext, [Float]>, slot: Int,
        minimum: Int, _ policy: DetectionPolicy
    ) {
        let i = event.rawValue
        active[i] = false
        magnitude[i] = 0
        guard total >= minimum else { return }
        let share = Float(missing) / Float(total)
        let usual = self[keyPath: path][slot]
        let baseline = usual.isNaN ? min(share, 0.1) : usual
        // Many more silent devices than usual, and more than binomial chance allows (z ≥ 6): a local power cut of one
        // neighbourhood in twenty stands out in a district of thousands, and chance does not in one of twenty.
        let expected = Float(total) * baseline
        let significant = Float(missing) - expected >= 6 * max(1, expected).squareRoot()
        if share - baseline >= policy.districtOutageShare && significant {
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
        try archive.flags(&active)
        try archive.values(&magnitude)
        try factors.archive(&archive)
    }
}
