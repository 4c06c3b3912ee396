import Foundation

/// The engine: watches a district's households and raises tiered alerts with reasons.
///
/// A monitor moves forward one time bin at a time for the whole district. For each closed bin it runs, in order:
/// life signs → device health → silence → routine deviation → slow decline → district context → fusion into tiers →
/// alert events. State is kept as structure-of-arrays over a dense household index, so every step is a long loop over
/// contiguous memory.
///
/// ```swift
/// let monitor = try DistrictMonitor(policy: DetectionPolicy(), start: firstBinStart)
/// try monitor.register(households)
/// let events = try monitor.process(district)      // a DenseDistrict, bins from `start` on
/// ```
///
/// ## Threads
/// A monitor is a reference type that is not `Sendable`: use each monitor from one thread or actor at a time (a
/// platform that shares one between tasks wraps it in an actor). Different monitors (for example shards of a city)
/// are fully independent.
public final class DistrictMonitor {
    /// The policy in force.
    public let policy: DetectionPolicy
    /// The bins the monitor moves along; `grid.count` is the number of bins closed so far.
    public private(set) var grid: BinGrid

    private(set) var households: [Household] = []
    private var index: [HouseholdID: Int] = [:]
    private var zones: [HouseholdTimeZone] = []
    private var zoneOfHousehold: [Int] = []
    private var sources: [SignalSources] = []
    private var absences: [Int: [Absence]] = [:]

    private var frame = BinColumn()
    /// Open bins of the streaming path: bin `b` lives in column `b % openBins`.
    private var open: BinAccumulator
    private let openBins: Int
    /// Readings accepted into each open bin and not yet closed.
    private var pendingByColumn: [Int]
    /// The identity and value of each reading in an open bin, to recognise repeats.
    private var ledger: OpenBinLedger
    /// What the monitor has taken in and turned away.
    public private(set) var statistics = MonitorStatistics()
    private var signs = LifeSigns()
    private var device = DeviceHealth()
    private var silence = Silence()
    private var deviation = RoutineDeviation()
    private var decline = Decline()
    private var district = DistrictContext()
    private var sensitivity = Sensitivity()
    private var fusion = TierFusion()
    private var book = AlertBook()
    /// Where fusion's inputs are recorded during ``process(_:recording:progress:)``.
    private var recorder: EvidenceTrace?

    // Per-household alert state.
    /// Acute score (silence after the district discount plus weighted deviation) of the last closed bin, bans.
    private var acuteScore: [Float] = []
    private var personAlert: [Int] = []
    private var powerAlert: [Int] = []
    private var phoneAlert: [Int] = []
    private var districtAlert = [Int](repeating: -1, count: DistrictContext.Event.allCases.count)

    // Per-bin scratch.
    private var slot: [UInt8] = []
    private var dayStart: [UInt8] = []
    private var learn: [UInt8] = []
    private var absent: [UInt8] = []

    /// A monitor whose first bin starts at `start`.
    ///
    /// - Throws: ``PolicyError`` when the policy is out of range.
    public init(policy: DetectionPolicy = DetectionPolicy(), start: Timestamp) throws(PolicyError) {
        try policy.validate()
        self.policy = policy
        self.grid = BinGrid(startUnixSeconds: start.unixSeconds, binSeconds: policy.binSeconds, count: 0)
        let lateBins = (policy.allowedLatenessSeconds + policy.binSeconds - 1) / policy.binSeconds
        openBins = lateBins + 1 + Self.lookaheadBins(policy)
        open = BinAccumulator(sources: [], columns: openBins, layout: .binMajor)
        pendingByColumn = [Int](repeating: 0, count: openBins)
        ledger = OpenBinLedger(columns: openBins)
    }

    /// How many bins beyond the next one to close a reading may be early.
    private static func lookaheadBins(_ policy: DetectionPolicy) -> Int {
        (policy.allowedEarlinessSeconds + policy.binSeconds - 1) / policy.binSeconds
    }

    /// The number of registered households.
    public var householdCount: Int { households.count }

    /// Heap bytes the monitor's state occupies: every detector's per-household and per-slot arrays, open bins, alert
    /// records and registrations (the capacity of every array and dictionary reachable from its stored properties).
    /// For a district of households with all three devices this is at most 4 KB per household plus the alert
    /// records. It walks the state by reflection: call it to report, not per bin.
    public var stateBytes: Int { StateSize.bytes(of: self) }

    /// Registers households. A household registered after bins have closed is watched from the next bin on, starting
    /// from the district's priors.
    ///
    /// - Throws: ``MonitorError/duplicateHousehold(_:)`` when an identifier is already registered (nothing is
    ///   registered then).
    public func register(_ newHouseholds: [Household]) throws(MonitorError) {
        var seen = Set<HouseholdID>()
        for household in newHouseholds where index[household.id] != nil || !seen.insert(household.id).inserted {
            throw .duplicateHousehold(household.id)
        }
        for household in newHouseholds {
            index[household.id] = households.count
            households.append(household)
            sources.append(household.sources)
            if let zone = zones.firstIndex(of: household.timeZone) {
                zoneOfHousehold.append(zone)
            } else {
                zoneOfHousehold.append(zones.count)
                zones.append(household.timeZone)
            }
        }
        let added = newHouseholds.count
        open = open.appending(newHouseholds.map(\.sources))
        signs.append(households: added)
        device.append(households: added)
        silence.append(households: added)
        deviation.append(households: added)
        decline.append(households: added)
        sensitivity.append(households: added)
        fusion.append(households: added)
        acuteScore.append(contentsOf: repeatElement(0, count: added))
        personAlert.append(contentsOf: repeatElement(-1, count: added))
        powerAlert.append(contentsOf: repeatElement(-1, count: added))
        phoneAlert.append(contentsOf: repeatElement(-1, count: added))
        for path in [\DistrictMonitor.slot, \.dayStart, \.learn, \.absent] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added))
        }
    }

    /// Announces an absence: no person alerts for the household inside `[start, end)`, and its routine is not
    /// learned from those bins.
    ///
    /// - Throws: ``MonitorError/unknownHousehold(_:)``, or ``MonitorError/invalidAbsence(_:)`` when `end <= start`.
    public func announce(_ absence: Absence) throws(MonitorError) {
        guard let h = index[absence.household] else { throw .unknownHousehold(absence.household) }
        guard absence.end > absence.start else { throw .invalidAbsence(absence) }
        absences[h, default: []].append(absence)
    }

    /// Runs every bin of a dense district through the engine and returns the alert events they caused.
    ///
    /// The district's households are registered when they are new. Its grid must continue the monitor's: the same
    /// bin length, and its first bin the monitor's next.
    ///
    /// - Parameters:
    ///   - district: the bins to run, for the monitor's households (new ones are registered).
    ///   - progress: called after each bin with the number of bins done so far.
    /// - Throws: ``MonitorError/gridMismatch(expected:found:)`` when the grids do not line up, and
    ///   ``MonitorError/pendingReadings(_:)`` while streamed readings wait in open bins.
    public func process(
        _ district: DenseDistrict, progress: ((Int) -> Void)? = nil
    ) throws(MonitorError) -> [AlertEvent] {
        guard district.grid.binSeconds == grid.binSeconds, district.grid.start == grid.end else {
            throw .gridMismatch(expected: grid.end, found: district.grid.start)
        }
        let pending = pendingByColumn.reduce(0, +)
        guard pending == 0 else { throw .pendingReadings(pending) }
        let fresh = district.households.filter { index[$0.id] == nil }
        try register(fresh)
        let rows = district.households.map { index[$0.id]! }
        let identity = rows.elementsEqual(0..<households.count)
        var events: [AlertEvent] = []
        for bin in 0..<district.grid.count {
            frame.gather(from: district, bin: bin, rows: identity ? nil : rows, households: households.count)
            closeBin()
            events.append(contentsOf: book.drainEvents())
            progress?(bin + 1)
        }
        return events
    }

    /// Runs a dense district through the engine like ``process(_:progress:)``, and records every household's
    /// fusion input in `trace`, so fusion can be replayed under other tier thresholds (``EvidenceTrace/replay(_:)``).
    ///
    /// - Throws: ``MonitorError/recordingNeedsFreshMonitor`` unless this is the monitor's first work (a replay starts
    ///   from no open alerts), and the errors of ``process(_:progress:)``.
    public func process(
        _ district: DenseDistrict, recording trace: inout EvidenceTrace?, progress: ((Int) -> Void)? = nil
    ) throws(MonitorError) -> [AlertEvent] {
        guard grid.count == 0, book.records.isEmpty, statistics.accepted == 0 else {
            throw .recordingNeedsFreshMonitor
        }
        try register(district.households.filter { index[$0.id] == nil })
        recorder = EvidenceTrace(start: grid.start, households: households.map(\.id), policy: policy)
        recorder!.reserve(bins: district.grid.count)
        defer {
            trace = recorder
            recorder = nil
        }
        return try process(district, progress: progress)
    }

    /// Takes one reading into its open bin.
    ///
    /// A reading that repeats one already taken into its open bin (same household, signal, time and value) is
    /// ignored, so a feed that delivers at least once is taken exactly once; it is counted in
    /// ``MonitorStatistics/duplicates``. One with the same household, signal and time but another value is turned away
    /// as ``IngestRejection/conflictingDuplicate(previousValue:)``.
    ///
    /// - Returns: `nil` when the reading was accepted or recognised as a repeat, or why it was turned away. Nothing is
    ///   dropped silently: every rejection is returned here and counted in ``statistics``.
    @discardableResult
    public func ingest(_ reading: Reading) -> IngestRejection? {
        switch accept(reading) {
        case .taken:
            statistics.accepted += 1
            return nil
        case .repeated:
            statistics.duplicates += 1
            return nil
        case .rejected(let rejection):
            statistics.rejected[rejection.kind, default: 0] += 1
            return rejection
        }
    }

    /// Takes a batch of readings; returns those turned away with the reason, in input order.
    public func ingest<Readings: Sequence<Reading>>(_ readings: Readings) -> [RejectedReading] {
        var rejected: [RejectedReading] = []
        for (offset, reading) in readings.enumerated() {
            if let rejection = ingest(reading) { rejected.append(RejectedReading(offset: offset, reason: rejection)) }
        }
        return rejected
    }

    /// Closes every bin that ends at least ``DetectionPolicy/allowedLatenessSeconds`` before `watermark`, runs it
    /// through the engine, and returns the alert events this caused. Readings for a closed bin are rejected as late.
    public func advance(to watermark: Timestamp) -> [AlertEvent] {
        var events: [AlertEvent] = []
        let lateness = Int64(policy.allowedLatenessSeconds)
        while grid.end(ofBin: grid.count).adding(seconds: lateness) <= watermark {
            let column = grid.count % openBins
            open.close(column: column, into: &frame)
            pendingByColumn[column] = 0
            ledger.clear(column: column)
            closeBin()
            events.append(contentsOf: book.drainEvents())
        }
        return events
    }

    /// What became of one reading.
    private enum Intake {
        case taken, repeated
        case rejected(IngestRejection)
    }

    private func accept(_ reading: Reading) -> Intake {
        guard let h = index[reading.household] else { return .rejected(.unknownHousehold(reading.household)) }
        guard sources[h].contains(reading.signal.source) else {
            return .rejected(.signalNotRegistered(reading.signal))
        }
        if let problem = reading.signal.valueProblem(reading.value) { return .rejected(.invalidValue(problem)) }
        let bin = grid.binIndex(containing: reading.time)
        guard bin >= 0 else { return .rejected(.beforeStart) }
        guard bin >= grid.count else { return .rejected(.late) }
        guard bin < grid.count + openBins else { return .rejected(.tooFarAhead) }
        let column = bin % openBins
        let identity = OpenBinLedger.Identity(
            household: Int32(h), signal: reading.signal, unixMilliseconds: reading.time.unixMilliseconds)
        switch ledger.record(identity, value: reading.value, column: column) {
        case .new: break
        case .repeated: return .repeated
        case .conflicting(let previous): return .rejected(.conflictingDuplicate(previousValue: previous))
        }
        open.add(household: h, column: column, signal: reading.signal, value: Float(reading.value))
        pendingByColumn[column] += 1
        return .taken
    }

    /// How many readings the monitor remembers to recognise repeats: those in open bins (for tests of the bound).
    package var rememberedReadings: Int { ledger.count }

    /// The current assessment of a household: its tier, the evidence of each detector and the reasons.
    public func assessment(of id: HouseholdID) -> Assessment? {
        guard let h = index[id] else { return nil }
        let tier = fusion.tier[h] == 0 ? nil : Tier.allCases[Int(fusion.tier[h]) - 1]
        return Assessment(
            household: id, tier: tier, openAlert: personAlert[h] >= 0 ? AlertBook.identifier(personAlert[h]) : nil,
            silenceEvidence: silence.evidence[h], deviationEvidence: deviation.evidence[h],
            declineEvidence: decline.evidence[h], hoursSinceLifeSign: silence.gapHours[h],
            reasons: personReasons(h), deviceProblems: deviceReasons(h).map(\.code))
    }

    /// Records what a caseworker found for an alert; it changes that household's sensitivity within the policy's
    /// bounds (see docs/detection.md, "Feedback").
    ///
    /// - Throws: ``MonitorError/unknownAlert(_:)`` for an identifier this monitor did not issue, and
    ///   ``MonitorError/notAPersonAlert(_:)`` for a device or district alert.
    public func record(_ outcome: CaseworkerOutcome, forAlert alert: String) throws(MonitorError) {
        guard let number = AlertBook.number(of: alert), number < book.records.count else {
            throw .unknownAlert(alert)
        }
        let record = book.records[number]
        guard record.kind == .person, let h = record.household else { throw .notAPersonAlert(alert) }
        sensitivity.record(outcome, household: h, detector: record.detector, policy)
        if record.detector == .decline && outcome != .confirmedIncident { decline.reset(h) }
    }

    // MARK: - The per-bin district step

    private func closeBin() {
        let bin = grid.count
        let start = grid.start(ofBin: bin)
        let end = grid.end(ofBin: bin)
        prepareCalendar(start: start)
        let eventsBefore = book.events.count
        let all = 0..<households.count
        let pause = policy.learningPauseEvidence
        for h in all {
            learn[h] = absent[h] == 0 && acuteScore[h] < pause && decline.evidence[h] < pause ? 1 : 0
        }
        signs.step(frame, all, policy)
        device.step(frame, signs, sources: sources, all, policy)
        silence.step(frame, signs, sources: sources, slot: slot, learn: learn,
                     phonesOutDistrictWide: district.active[DistrictContext.Event.outageTelecom.rawValue], all, policy)
        deviation.step(frame, signs, slot: slot, learn: learn, all, policy)
        decline.step(frame, signs, dayStart: dayStart, learn: learn, all, policy)
        let utcSlot = Int(((start.unixSeconds % 86_400) + 86_400) % 86_400 / 3600)
        district.step(signs: signs, silence: silence, sources: sources, slot: utcSlot, policy)
        if district.active[DistrictContext.Event.outageTelecom.rawValue] { device.forgivePhones() }
        if district.active[DistrictContext.Event.outagePower.rawValue] { device.forgivePlugs() }
        updateDistrictAlerts(time: end)
        for h in all {
            updateDeviceAlerts(h, time: end)
            updatePersonAlert(h, time: end)
        }
        if recorder != nil {
            let events = book.events.dropFirst(eventsBefore)
            recorder!.closeBin(events: Array(events), household: { self.index[$0]! })
        }
        let binsPerDay = grid.binsPerDay
        if bin % binsPerDay == binsPerDay - 1 || (bin < 2 * binsPerDay && bin % 6 == 5) {
            silence.refreshPriors(policy, regroup: bin % binsPerDay == binsPerDay - 1)
        }
        if bin % binsPerDay == binsPerDay - 1 { sensitivity.fadeOneDay(policy) }
        grid.count += 1
    }

    private func prepareCalendar(start: Timestamp) {
        let binSeconds = Int64(policy.binSeconds)
        var zoneBinOfDay = [Int64](repeating: 0, count: zones.count)
        var zoneSlot = [UInt8](repeating: 0, count: zones.count)
        for (z, zone) in zones.enumerated() {
            let local = start.unixSeconds + Int64(zone.offsetSeconds(at: start))
            let secondOfDay = ((local % 86_400) + 86_400) % 86_400
            let day = (local - secondOfDay) / 86_400
            let weekday = ((day + 3) % 7 + 7) % 7  // 1970-01-01 was a Thursday; Monday = 0
            zoneBinOfDay[z] = secondOfDay / binSeconds
            zoneSlot[z] = UInt8((weekday >= 5 ? 24 : 0) + secondOfDay / 3600)
        }
        for h in 0..<households.count {
            let z = zoneOfHousehold[h]
            slot[h] = zoneSlot[z]
            dayStart[h] = zoneBinOfDay[z] == 0 && grid.count > 0 ? 1 : 0
        }
        for h in 0..<households.count { absent[h] = 0 }
        for (h, list) in absences where list.contains(where: { $0.start < grid.end(ofBin: grid.count) && $0.end > start }) {
            absent[h] = 1
        }
    }

    // MARK: - Fusion

    private func updatePersonAlert(_ h: Int, time: Timestamp) {
        acuteScore[h] = max(0, silence.evidence[h] - district.silenceDiscount)
            + policy.deviationWeight * deviation.evidence[h]
        let acute = acuteScore[h] - sensitivity.offset(h, .acute)
        let declined = decline.evidence[h] - sensitivity.offset(h, .decline)
        let isAbsent = absent[h] == 1
        let alive = signs.powerLife[h] == 1 || signs.phoneLife[h] == 1 || silence.gapHours[h] == 0
        recorder?.record(acute: acute, decline: declined, absent: isAbsent, alive: alive)
        let decision = fusion.decide(h, acute: acute, decline: declined, absent: isAbsent, policy)
        book.apply(decision, alert: &personAlert[h], household: h, id: households[h].id, time: time, alive: alive,
                   reasons: { personReasons(h) })
    }

    /// The reasons behind household `h`'s person evidence, most important first.
    private func personReasons(_ h: Int) -> [Reason] {
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
        let acute = silence.evidence[h] + policy.deviationWeight * deviation.evidence[h]
        return acute >= decline.evidence[h] ? acuteReasons + declineReasons : declineReasons + acuteReasons
    }

    // MARK: - Device and district alerts

    private func deviceReasons(_ h: Int) -> [Reason] {
        var reasons: [Reason] = []
        let binHours = Float(policy.binSeconds) / 3600
        let offlineBins = Float(policy.deviceOfflineHours) / binHours
        if sources[h].contains(.power) {
            if !device.implausiblePower[h].isNaN {
                reasons.append(Reason(.deviceImplausiblePower, observed: device.implausiblePower[h], unit: "W"))
            } else if device.powerMissingBins[h] >= offlineBins {
                reasons.append(Reason(.deviceOfflinePower, observed: device.powerMissingBins[h] * binHours, unit: "h"))
            } else if device.powerRepeatBins[h] * binHours >= Float(policy.deviceStuckHours) {
                reasons.append(Reason(.deviceStuckPower, observed: device.powerRepeatBins[h] * binHours, unit: "h"))
            }
        }
        if sources[h].contains(.steps), device.phoneMissingBins[h] >= offlineBins {
            reasons.append(Reason(.deviceOfflinePhone, observed: device.phoneMissingBins[h] * binHours, unit: "h"))
        }
        return reasons
    }

    private func updateDeviceAlerts(_ h: Int, time: Timestamp) {
        let problems = deviceReasons(h)
        let id = households[h].id
        func track(_ alert: inout Int, _ codes: Set<ReasonCode>) {
            let relevant = problems.filter { codes.contains($0.code) }
            if alert < 0, !relevant.isEmpty {
                alert = book.open(household: h, id: id, kind: .device, tier: .attention, time: time, reasons: relevant)
            } else if alert >= 0, relevant.isEmpty {
                book.close(alert, id: id, time: time, reasons: [Reason(.dataReturned)])
                alert = -1
            }
        }
        track(&powerAlert[h], [.deviceImplausiblePower, .deviceOfflinePower, .deviceStuckPower])
        track(&phoneAlert[h], [.deviceOfflinePhone])
    }

    private func updateDistrictAlerts(time: Timestamp) {
        for event in DistrictContext.Event.allCases {
            let i = event.rawValue
            let active = district.active[i]
            if active, districtAlert[i] < 0 {
                let magnitude = district.magnitude[i]
                let observed = event == .shift ? magnitude : (magnitude * 100).rounded()
                districtAlert[i] = book.open(
                    household: nil, id: nil, kind: .district, tier: event == .shift ? .attention : .caution,
                    time: time, reasons: [Reason(event.reason, observed: observed)])
            } else if !active, districtAlert[i] >= 0 {
                book.close(districtAlert[i], id: nil, time: time, reasons: [Reason(.dataReturned)])
                districtAlert[i] = -1
            }
        }
    }
}

/// Why the monitor refused a call.
public enum MonitorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The household is already registered.
    case duplicateHousehold(HouseholdID)
    /// No household with this identifier is registered.
    case unknownHousehold(HouseholdID)
    /// An absence must end after it starts.
    case invalidAbsence(Absence)
    /// A dense district's grid does not continue the monitor's.
    case gridMismatch(expected: Timestamp, found: Timestamp)
    /// The monitor issued no alert with this identifier.
    case unknownAlert(String)
    /// Outcomes are recorded for person alerts only.
    case notAPersonAlert(String)
    /// A dense district cannot be processed while streamed readings wait in open bins.
    case pendingReadings(Int)
    /// An evidence trace is recorded only from a monitor's first bin.
    case recordingNeedsFreshMonitor

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .duplicateHousehold(let id): "household \(id) is already registered"
        case .unknownHousehold(let id): "household \(id) is not registered"
        case .invalidAbsence(let absence):
            "absence of \(absence.household) ends (\(absence.end)) before it starts (\(absence.start))"
        case .gridMismatch(let expected, let found):
            "the district's bins start at \(found), but the monitor's next bin starts at \(expected)"
        case .unknownAlert(let alert): "no alert \(alert) was issued by this monitor"
        case .notAPersonAlert(let alert): "alert \(alert) is not a person alert"
        case .pendingReadings(let count): "\(count) streamed readings wait in open bins; advance past them first"
        case .recordingNeedsFreshMonitor: "an evidence trace must be recorded from the monitor's first bin"
        }
    }
}

/// A household's current state, as a caseworker's screen would show it.
public struct Assessment: Sendable, Hashable {
    /// The household.
    public var household: HouseholdID
    /// The tier of its open person alert, or nil.
    public var tier: Tier?
    /// The identifier of its open person alert, or nil.
    public var openAlert: String?
    /// Silence evidence, bans.
    public var silenceEvidence: Float
    /// Routine-deviation evidence, bans.
    public var deviationEvidence: Float
    /// Slow-decline evidence, bans.
    public var declineEvidence: Float
    /// Hours since the last sign of life (counting only hours in which some device reported).
    public var hoursSinceLifeSign: Float
    /// The reasons behind the person evidence, most important first.
    public var reasons: [Reason]
    /// Device problems now (offline, stuck, implausible), as reason codes.
    public var deviceProblems: [ReasonCode]
}

/// Why the monitor turned a reading away. Every rejection is returned to the caller and counted.
public enum IngestRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// No household with this identifier is registered.
    case unknownHousehold(HouseholdID)
    /// The household was registered without the device this signal comes from.
    case signalNotRegistered(Signal)
    /// The value breaks the contract (negative, not finite, fractional steps, too large).
    case invalidValue(ReadingValueProblem)
    /// The reading is older than the monitor's first bin.
    case beforeStart
    /// Its bin has already closed (it arrived after the allowed lateness).
    case late
    /// Its bin lies beyond the open bins: more than ``DetectionPolicy/allowedEarlinessSeconds`` past the next bin to
    /// close.
    case tooFarAhead
    /// A reading with the same household, signal and time, and another value, was already taken into its open bin
    /// (the first is kept).
    case conflictingDuplicate(previousValue: Double)

    /// The kind of rejection, without its details: the key of ``MonitorStatistics/rejected``.
    public var kind: Kind {
        switch self {
        case .unknownHousehold: .unknownHousehold
        case .signalNotRegistered: .signalNotRegistered
        case .invalidValue: .invalidValue
        case .beforeStart: .beforeStart
        case .late: .late
        case .tooFarAhead: .tooFarAhead
        case .conflictingDuplicate: .conflictingDuplicate
        }
    }

    /// Kinds of rejection, for counting.
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        /// See ``IngestRejection/unknownHousehold(_:)``.
        case unknownHousehold = "unknown_household"
        /// See ``IngestRejection/signalNotRegistered(_:)``.
        case signalNotRegistered = "signal_not_registered"
        /// See ``IngestRejection/invalidValue(_:)``.
        case invalidValue = "invalid_value"
        /// See ``IngestRejection/beforeStart``.
        case beforeStart = "before_start"
        /// See ``IngestRejection/late``.
        case late
        /// See ``IngestRejection/tooFarAhead``.
        case tooFarAhead = "too_far_ahead"
        /// See ``IngestRejection/conflictingDuplicate(previousValue:)``.
        case conflictingDuplicate = "conflicting_duplicate"
    }

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .unknownHousehold(let id): "household \(id) is not registered"
        case .signalNotRegistered(let signal): "the household has no device for \(signal.rawValue)"
        case .invalidValue(let problem): "invalid value: \(problem.rawValue)"
        case .beforeStart: "before the monitor's first bin"
        case .late: "late: its bin has closed"
        case .tooFarAhead: "too far ahead: beyond the allowed earliness past the next bin to close"
        case .conflictingDuplicate(let previous):
            "conflicts with a reading of the same household, signal and time already taken, value \(previous)"
        }
    }
}

/// A reading turned away by a batch ``DistrictMonitor/ingest(_:)->[RejectedReading]``, by its position in the batch.
public struct RejectedReading: Hashable, Sendable {
    /// The reading's position in the batch, from 0.
    public var offset: Int
    /// Why it was turned away.
    public var reason: IngestRejection
}

/// Counts of what a monitor has taken in.
public struct MonitorStatistics: Hashable, Sendable {
    /// Readings accepted into open bins.
    public var accepted = 0
    /// Readings ignored because they repeat one already taken into their open bin (same household, signal, time and
    /// value): a feed's redeliveries.
    public var duplicates = 0
    /// Readings turned away, by kind.
    public var rejected: [IngestRejection.Kind: Int] = [:]
}

extension DistrictMonitor {
    /// Lists the monitor's state after registration once, for snapshots: ``StateArchive`` writes it, or reads it back
    /// into a monitor just made with the same policy, start and households (see `DistrictMonitor+Snapshot.swift`).
    /// Per-bin scratch (`frame`, `slot`, `dayStart`, `learn`, `absent`) is not state: each bin recomputes it.
    func archiveState(_ archive: inout StateArchive) throws(SnapshotError) {
        let count = households.count
        try archive.section("monitor")
        var closedBins = grid.count
        try archive.value(&closedBins)
        try archive.require(closedBins >= 0 && closedBins <= 100_000_000, "\(closedBins) closed bins")
        grid.count = closedBins
        var counts = [statistics.accepted, statistics.duplicates]
            + IngestRejection.Kind.allCases.map { statistics.rejected[$0] ?? 0 }
        try archive.values(&counts)
        statistics.accepted = counts[0]
        statistics.duplicates = counts[1]
        statistics.rejected = [:]
        for (kind, total) in zip(IngestRejection.Kind.allCases, counts.dropFirst(2)) where total != 0 {
            statistics.rejected[kind] = total
        }

        let announced = absences.keys.sorted().flatMap { h in absences[h]!.map { (h, $0) } }
        var absentHousehold = announced.map(\.0)
        var absenceStart = announced.map(\.1.start.unixMilliseconds)
        var absenceEnd = announced.map(\.1.end.unixMilliseconds)
        try archive.list(&absentHousehold)
        try archive.list(&absenceStart)
        try archive.list(&absenceEnd)
        try archive.require(absenceStart.count == absentHousehold.count && absenceEnd.count == absentHousehold.count,
                            "absence fields of different lengths")
        try archive.require(absentHousehold.allSatisfy { $0 >= 0 && $0 < count }, "an absence's household out of range")
        try archive.require(zip(absenceStart, absenceEnd).allSatisfy { $0 < $1 }, "an absence ending before it starts")
        absences = [:]
        for i in absentHousehold.indices {
            absences[absentHousehold[i], default: []].append(Absence(
                household: households[absentHousehold[i]].id, start: Timestamp(unixMilliseconds: absenceStart[i]),
                end: Timestamp(unixMilliseconds: absenceEnd[i])))
        }

        try archive.values(&pendingByColumn)
        try open.archive(&archive)
        try ledger.archive(&archive, households: count)
        try signs.archive(&archive)
        try device.archive(&archive)
        try silence.archive(&archive)
        try deviation.archive(&archive)
        try decline.archive(&archive)
        try district.archive(&archive)
        try sensitivity.archive(&archive)
        try fusion.archive(&archive)
        try book.archive(&archive, households: count)

        try archive.section("alert state")
        try archive.values(&acuteScore)
        try archive.values(&personAlert)
        try archive.values(&powerAlert)
        try archive.values(&phoneAlert)
        try archive.values(&districtAlert)
        let alerts = book.records.count
        try archive.require(
            (personAlert + powerAlert + phoneAlert + districtAlert).allSatisfy { $0 >= -1 && $0 < alerts },
            "an open alert that was never issued")
        try archive.require(zip(fusion.tier, personAlert).allSatisfy { ($0 == 0) == ($1 < 0) },
                            "a person tier without its alert")
    }
}
