import Foundation

/// A run of contiguous households with its own detector state: the unit the district step splits across threads.
///
/// The monitor cuts its households into blocks of a fixed number of households (``DistrictMonitor/blockCapacity``,
/// 1,024 by default), the last one possibly shorter, whatever the thread count. Each block owns every per-household
/// array of every detector for its households, so a thread that steps one block touches no other block's memory.
/// Counts over households are taken per block and added up in block order, and float sums in household order on one
/// thread (``Silence/addSlotSums(to:)``): the results are the same bits for any thread count. Per bin the monitor runs two phases on every block, with the district-wide work between them:
///
/// 1. ``detect(_:calendar:phonesOutDistrictWide:_:)``: the bin's cells, the calendar, life signs, device health,
///    silence, routine deviation and slow decline, and the block's share of the district context's counts;
/// 2. ``decide(_:recording:fadeFeedback:_:)``: device faults and fusion into tiers, written as
///    ``AlertAction``s that the monitor hands to its alert book in household order, so alert numbers do not depend on
///    threads either.
///
/// The monitor runs phase 2 of bin `t` and phase 1 of bin `t + 1` of a block in one task
/// (``finish(_:recording:_:)`` then ``detect(_:calendar:phonesOutDistrictWide:_:)``): one parallel phase per bin.
struct HouseholdBlock {
    /// The monitor index of the block's first household; household `h` of the block is `first + h` in the monitor.
    let first: Int
    /// The devices of each household.
    private(set) var sources: [SignalSources] = []
    /// Each household's time zone, an index into the monitor's zones.
    private(set) var zoneOfHousehold: [Int] = []
    /// Announced absences by household of the block.
    var absences: [Int: [Absence]] = [:]

    var frame = BinColumn()
    /// Bins of the dense district being processed, read ahead.
    var tile = DenseTile()
    var signs = LifeSigns()
    var device = DeviceHealth()
    var level = PowerLevel()
    var phoneOff = PhoneStaysOff()
    var silence = Silence()
    var deviation = RoutineDeviation()
    var decline = Decline()
    var sensitivity = Sensitivity()
    var fusion = TierFusion()

    // Per-household alert state.
    /// Acute score (silence after the district discount plus weighted deviation) of the last closed bin, bans.
    var acuteScore: [Float] = []
    var personAlert: [Int] = []
    var powerAlert: [Int] = []
    var phoneAlert: [Int] = []

    // Per-bin scratch and outputs.
    private var slot: [UInt8] = []
    private var dayStart: [UInt8] = []
    /// Whether each household's routine is learned from this bin: 1 yes; 0 no (an announced absence, or acute evidence
    /// at ``DetectionPolicy/learningPauseEvidence``); 2 no for every detector but the decline, whose own evidence
    /// (at ``DetectionPolicy/declineLearningPauseEvidence``) is the only pause: its baselines are held by its tests.
    private var learn: [UInt8] = []
    private var absent: [UInt8] = []
    /// The block's share of the district context's counts, after ``detect(_:calendar:phonesOutDistrictWide:_:)``.
    private(set) var districtCounts = DistrictContext.Counts()
    /// After ``detect(_:calendar:phonesOutDistrictWide:_:)`` at a bin where some of the block's households reach their
    /// local midnight: what they give the decline's day close, which then waits for ``closeDeclineDays(_:_:)``.
    private(set) var declineClosing: Decline.ClosingSample?
    /// The alert changes of the bin, in household order, after ``decide(_:recording:fadeFeedback:_:)``.
    private(set) var actions: [AlertAction] = []
    /// Fusion's inputs per household, when the monitor records an ``EvidenceTrace``.
    private(set) var fusionInputs: [FusionInput] = []

    init(first: Int) {
        self.first = first
    }

    /// The number of households in the block.
    var count: Int { sources.count }

    /// Adds households at the end of the block.
    mutating func append(sources added: [SignalSources], zones: [Int]) {
        let n = added.count
        sources += added
        zoneOfHousehold += zones
        signs.append(households: n)
        device.append(households: n)
        level.append(households: n)
        phoneOff.append(households: n)
        silence.append(households: n)
        deviation.append(households: n)
        decline.append(households: n)
        sensitivity.append(households: n)
        fusion.append(households: n)
        acuteScore.append(contentsOf: repeatElement(0, count: n))
        for path in [\HouseholdBlock.personAlert, \.powerAlert, \.phoneAlert] {
            self[keyPath: path].append(contentsOf: repeatElement(-1, count: n))
        }
        for path in [\HouseholdBlock.slot, \.dayStart, \.learn, \.absent] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: n))
        }
    }

    // MARK: - Phase 1: detectors

    /// Runs the detectors over the block for one bin and counts its share of the district context.
    /// `phonesOutDistrictWide`: the district context saw a telecom outage in the bin before (see ``Silence``).
    mutating func detect(
        _ input: BinInput, calendar: BinCalendar, phonesOutDistrictWide: Bool, _ policy: DetectionPolicy
    ) {
        let all = 0..<count
        switch input {
        case .dense(let planes, let bins, let bin, let rowOf):
            tile.copy(planes: planes, bins: bins, bin: bin, rowOf: rowOf, households: first..<(first + count),
                      into: &frame)
        case .column(let column):
            column.copy(households: first..<(first + count), into: &frame)
        }
        precondition(slot.count == count && dayStart.count == count && absent.count == count && learn.count == count,
                     "per-bin scratch of another length than the block")
        Self.fillCalendar(calendar, zoneOfHousehold: zoneOfHousehold, slot: &slot, dayStart: &dayStart, absent: &absent)
        for (h, list) in absences where list.contains(where: { $0.start < calendar.end && $0.end > calendar.start }) {
            absent[h] = 1
        }
        let pause = policy.learningPauseEvidence, declinePause = policy.declineLearningPauseEvidence
        let absent = self.absent, acuteScore = self.acuteScore, declineState = decline
        let warmup = Float(policy.declineWarmupDays)
        learn.withUnsafeMutableBufferPointer { learn in
            for h in all {
                let declinePauses = declineState.pausesLearning(h, at: declinePause, warmup: warmup)
                learn[h] = absent[h] == 0 && acuteScore[h] < pause ? (declinePauses ? 2 : 1) : 0
            }
        }
        signs.step(frame, all, policy)
        device.step(frame, signs, sources: sources, all, policy)
        level.step(frame, signs, slot: slot, learn: learn, all, policy)
        phoneOff.step(signs, sources: sources, fellSilent: silence.phoneFellSilentAfter, dayStart: dayStart,
                      learn: learn, phonesOutDistrictWide: phonesOutDistrictWide, all, policy)
        silence.step(frame, signs, level: level, phoneOff: phoneOff, sources: sources, slot: slot, learn: learn,
                     phonesOutDistrictWide: phonesOutDistrictWide, all, policy)
        deviation.step(frame, signs, slot: slot, learn: learn, zone: zoneOfHousehold, calendar: calendar, all, policy)
        // At a local midnight the decline's day closes with the district's common shift (``closeDeclineDays``), and
        // this bin, the new day's first, is added after that.
        declineClosing = decline.closingSample(dayStart: dayStart, absent: absent, all, policy)
        if declineClosing == nil { decline.add(frame, signs, sources: sources, all) }
        districtCounts = DistrictContext.count(signs: signs, silence: silence, sources: sources, all)
    }

    /// Closes the decline's day of the households at their local midnight with the district's common shift and spread
    /// prior, then adds the bin that ``detect(_:calendar:phonesOutDistrictWide:_:)`` left for after the close.
    mutating func closeDeclineDays(_ day: Decline.ClosingDay, _ policy: DetectionPolicy) {
        precondition(declineClosing != nil, "no decline day waits to close in this block")
        let all = 0..<count
        decline.closeDays(day, dayStart: dayStart, learn: learn, absent: absent, all, policy)
        decline.add(frame, signs, sources: sources, all)
        declineClosing = nil
    }

    /// Each household's slot and local day start from its zone's, and no absence yet; through pointers, which
    /// hold one value per household of `zoneOfHousehold` (one uniqueness check per array and bin, not per household).
    private static func fillCalendar(
        _ calendar: BinCalendar, zoneOfHousehold: [Int], slot: UnsafeMutablePointer<UInt8>,
        dayStart: UnsafeMutablePointer<UInt8>, absent: UnsafeMutablePointer<UInt8>
    ) {
        for h in zoneOfHousehold.indices {
            let z = zoneOfHousehold[h]
            slot[h] = calendar.zoneSlot[z]
            dayStart[h] = calendar.zoneDayStart[z]
            absent[h] = 0
        }
    }

    /// Refits the block's seasonal baselines (routine deviation) after a bin that fills their buffer (the products run
    /// on one BLAS thread, ``OpenBLASRuntime/onOneThread(_:)``).
    mutating func refitSeasonalBaselines(_ policy: DetectionPolicy) {
        deviation.refit(zoneOfHousehold: zoneOfHousehold, policy)
    }

    // MARK: - Phase 2: fusion and alert changes

    /// Finishes a closed bin for the block: refreshes what the priors refreshed after the bin change (the automatic
    /// power-change rates, the seasonal baselines), then decides the bin's alerts
    /// (``decide(_:recording:fadeFeedback:_:)``). The refresh touches no state the decisions read or write, so its
    /// place before them changes nothing; it must come before the next bin's detectors, which read it.
    mutating func finish(_ bin: UndecidedBin, recording: Bool, _ policy: DetectionPolicy) {
        if bin.refreshAutomaticRates { silence.refreshAutomaticRates(policy) }
        if bin.refitSeasonalBaselines { refitSeasonalBaselines(policy) }
        decide(bin.context, recording: recording, fadeFeedback: bin.fadeFeedback, policy)
    }

    /// Decides every household's device and person alerts for the bin, after the district context has been judged.
    ///
    /// - Parameters:
    ///   - district: the district context of this bin (outages forgive device faults; a shift discounts silence).
    ///   - recording: keep fusion's inputs in ``fusionInputs``.
    ///   - fadeFeedback: fade caseworker feedback by one day (after the bin's decisions).
    mutating func decide(
        _ district: DistrictContext, recording: Bool, fadeFeedback: Bool, _ policy: DetectionPolicy
    ) {
        if district.active[DistrictContext.Event.outageTelecom.rawValue] { device.forgivePhones() }
        if district.active[DistrictContext.Event.outagePower.rawValue] { device.forgivePlugs() }
        actions.removeAll(keepingCapacity: true)
        fusionInputs.removeAll(keepingCapacity: true)
        let discount = district.silenceDiscount
        let limits = DeviceLimits(policy)
        let thresholds = TierFusion.Thresholds(policy)
        // The faults from these copies (references to the same arrays): a method of `self` called in this mutating loop
        // was handed a copy of the whole block for every household.
        let device = self.device, sources = self.sources
        // The acute scores first, in one pass through pointers: written in the loop below, each paid a uniqueness
        // check (that loop also changes `fusion`). Nothing there reads them but the household's own, after this.
        let households = count, weight = policy.deviationWeight
        let silenceEvidence = silence.evidence, deviationEvidence = deviation.evidence
        precondition(min(silenceEvidence.count, deviationEvidence.count, acuteScore.count) == households,
                     "evidence of another length than the households")
        acuteScore.withUnsafeMutableBufferPointer { acuteScore in
            silenceEvidence.withUnsafeBufferPointer { silence in
                deviationEvidence.withUnsafeBufferPointer { deviation in
                    for h in 0..<households {
                        acuteScore[h] = TierFusion.acute(
                            silence: max(0, silence[h] - discount), deviation: deviation[h], weight)
                    }
                }
            }
        }
        for h in 0..<count {
            // Device alerts: a fault opens one (the reasons are built only then), its end closes it.
            let powerFault = Self.powerFault(h, device, sources, limits)
            let phoneFault = Self.phoneFault(h, device, sources, limits)
            if (powerAlert[h] < 0) != (powerFault == nil) {
                actions.append(.device(h, .power, powerFault.map { [deviceReason($0, h, policy)] }))
            }
            if (phoneAlert[h] < 0) != (phoneFault == nil) {
                actions.append(.device(h, .phone, phoneFault.map { [deviceReason($0, h, policy)] }))
            }

            let acute = acuteScore[h] - sensitivity.offset(h, .acute)
            let declined = decline.evidence[h] - sensitivity.offset(h, .decline)
            let isAbsent = absent[h] == 1
            let alive = signs.powerLife[h] == 1 || signs.phoneLife[h] == 1 || silence.gapHours[h] == 0
            if recording {
                fusionInputs.append(FusionInput(acute: acute, decline: declined, absent: isAbsent, alive: alive))
            }
            let decision = fusion.decide(h, acute: acute, decline: declined, absent: isAbsent, thresholds)
            switch decision {
            case .hold:
                continue
            case .open, .escalate, .deescalate:
                actions.append(.person(h, decision, alive: alive, reasons: personReasons(h, policy)))
            case .close, .closeForAbsence:
                actions.append(.person(h, decision, alive: alive, reasons: []))
            }
        }
        if fadeFeedback { sensitivity.fadeOneDay(policy) }
    }

    // MARK: - Reasons

    /// The policy's device limits in bins, computed once per bin.
    struct DeviceLimits {
        let binHours: Float
        let offlineBins: Float
        let stuckHours: Float

        init(_ policy: DetectionPolicy) {
            binHours = Float(policy.binSeconds) / 3600
            offlineBins = Float(policy.deviceOfflineHours) / binHours
            stuckHours = Float(policy.deviceStuckHours)
        }
    }

    /// Household `h`'s plug fault now, from the block's `device` health and `sources`, if any: implausible power, then
    /// offline, then stuck. Only a household with a plug has one.
    static func powerFault(
        _ h: Int, _ device: DeviceHealth, _ sources: [SignalSources], _ limits: DeviceLimits
    ) -> ReasonCode? {
        guard sources[h].contains(.power) else { return nil }
        if !device.implausiblePower[h].isNaN { return .deviceImplausiblePower }
        if device.powerMissingBins[h] >= limits.offlineBins { return .deviceOfflinePower }
        if device.powerRepeatBins[h] * limits.binHours >= limits.stuckHours { return .deviceStuckPower }
        return nil
    }

    /// Household `h`'s phone fault now, from the block's `device` health and `sources`, if any: offline. Only a phone
    /// with a step counter is judged (see ``DeviceHealth``).
    static func phoneFault(
        _ h: Int, _ device: DeviceHealth, _ sources: [SignalSources], _ limits: DeviceLimits
    ) -> ReasonCode? {
        guard sources[h].contains(.steps) else { return nil }
        return device.phoneMissingBins[h] >= limits.offlineBins ? .deviceOfflinePhone : nil
    }

    /// A device fault as a reason, with what was observed.
    func deviceReason(_ fault: ReasonCode, _ h: Int, _ policy: DetectionPolicy) -> Reason {
        let binHours = Float(policy.binSeconds) / 3600
        switch fault {
        case .deviceImplausiblePower: return Reason(fault, observed: device.implausiblePower[h], unit: "W")
        case .deviceOfflinePower: return Reason(fault, observed: device.powerMissingBins[h] * binHours, unit: "h")
        case .deviceStuckPower: return Reason(fault, observed: device.powerRepeatBins[h] * binHours, unit: "h")
        default: return Reason(fault, observed: device.phoneMissingBins[h] * binHours, unit: "h")
        }
    }

    /// Household `h`'s device faults now, as reasons.
    func deviceReasons(_ h: Int, _ policy: DetectionPolicy) -> [Reason] {
        let limits = DeviceLimits(policy)
        return [Self.powerFault(h, device, sources, limits), Self.phoneFault(h, device, sources, limits)]
            .compactMap { $0.map { deviceReason($0, h, policy) } }
    }

    /// The reasons behind household `h`'s person evidence, most important first.
    func personReasons(_ h: Int, _ policy: DetectionPolicy) -> [Reason] {
        var acuteReasons: [Reason] = []
        let gap = silence.gapHours[h]
        if silence.evidence[h] >= 1 {
            acuteReasons.append(Reason(.silence, observed: gap, usual: (silence.usualShare[h] * 100).rounded(),
                                       unit: "h"))
            let binHours = Float(policy.binSeconds) / 3600
            if silence.phoneQuietBins[h] > 0, sources[h].contains(.steps) {
                acuteReasons.append(Reason(.noSteps, observed: silence.phoneQuietBins[h] * binHours, unit: "h"))
            }
            if silence.powerQuietBins[h] > 0 {
                acuteReasons.append(Reason(.lowPowerActivity, observed: silence.powerQuietBins[h] * binHours,
                                           unit: "h"))
            }
            if level.contribution[h] > 0 {
                // The watts the plug last reported (the run holds through a bin it skipped). From the detector state,
                // not from the last bin's column: a monitor restored from a snapshot has no column yet.
                let watts = signs.previousPower[h]
                acuteReasons.append(Reason(.powerLevelUnchanged, observed: watts.isFinite ? watts.rounded() : nil,
                                           usual: signs.standby[h].rounded(), unit: "W"))
            }
            if silence.missedCalls[h] > 0 {
                acuteReasons.append(Reason(.missedCalls, observed: silence.missedCalls[h], unit: "calls"))
            }
            if silence.phoneFellSilentAfter[h] > 0 {
                acuteReasons.append(Reason(.phoneFellSilent, observed: silence.phoneFellSilentAfter[h], unit: "h"))
            }
        }
        if deviation.evidence[h] >= 1 {
            acuteReasons.append(Reason(.routineDeviation, observed: deviation.evidence[h], unit: "bans"))
        }
        let declineReasons = decline.accumulating(h).map { measure -> Reason in
            let summary = decline.summary(h, measure)
            let unit = measure == .steps ? "steps" : measure == .activeHours ? "h" : "calls"
            return Reason(measure.reason, observed: summary.recent, usual: summary.usual, unit: unit)
        }
        let acute = TierFusion.acute(
            silence: silence.evidence[h], deviation: deviation.evidence[h], policy.deviationWeight)
        return acute >= decline.evidence[h] ? acuteReasons + declineReasons : declineReasons + acuteReasons
    }
}

/// A change to one household's alerts decided by a block, applied to the alert book by the monitor.
enum AlertAction {
    /// Which device alert.
    enum Device { case power, phone }

    /// Opens a device alert with these reasons, or closes it (`nil`): household of the block, device.
    case device(Int, Device, [Reason]?)
    /// Fusion's decision for a household of the block; `reasons` are filled for decisions that carry them.
    case person(Int, TierFusion.Decision, alive: Bool, reasons: [Reason])
}

/// One household's fusion input in one bin, as an ``EvidenceTrace`` records it.
struct FusionInput {
    var acute: Float
    var decline: Float
    var absent: Bool
    var alive: Bool
}

/// The local calendar of one bin for every time zone of the monitor.
struct BinCalendar {
    /// The bin's start and end.
    var start: Timestamp
    var end: Timestamp
    /// Per zone: the bin's slot (hour of day × day type), and 1 when the bin starts a local day after the first bin.
    var zoneSlot: [UInt8]
    var zoneDayStart: [UInt8]
    /// The bin's index in the monitor's grid.
    var bin: Int = 0
    /// Per zone: local seconds since Monday 00:00 at the bin's start (the seasonal baselines' design).
    var zoneWeekSeconds: [Int32] = []
}

/// Where a bin's cells come from: a bin of a dense district, or the monitor's closed streaming column.
enum BinInput {
    /// Bin `bin` of a dense district's planes (`DenseSignal` order, rows × bins each); `rowOf[h]` is household `h`'s
    /// row, −1 when the district does not hold it, or `rowOf` is nil when rows are the monitor's households.
    case dense(planes: [SignalMatrix], bins: Int, bin: Int, rowOf: [Int]?)
    /// A column for every household of the monitor.
    case column(BinColumn)
}

extension BinColumn {
    /// Writes the cells of households `range` into `frame` (household `range.lowerBound` at index 0).
    func copy(households range: Range<Int>, into frame: inout BinColumn) {
        frame.resize(range.count)
        for signal in DenseSignal.allCases {
            withPlane(signal) { source in
                frame.withMutablePlane(signal) { target in
                    _ = target.update(fromContentsOf: source[range])
                }
            }
        }
    }
}
