import Foundation

/// The engine: watches a district's households and raises tiered alerts with reasons.
///
/// A monitor moves forward one time bin at a time for the whole district. For each closed bin it runs, in order:
/// life signs → device health → silence → routine deviation → slow decline → district context → fusion into tiers →
/// alert events. State is kept as structure-of-arrays over a dense household index, so every step is a long loop over
/// contiguous memory.
///
/// ```swift
/// let monitor = try DistrictMonitor(policy: DetectionPolicy(), start: firstBinStart, execution: .allCores)
/// try monitor.register(households)
/// let events = try monitor.process(district)      // a DenseDistrict, bins from `start` on
/// ```
///
/// ## Threads
/// A monitor is a reference type that is not `Sendable`: use each monitor from one thread or actor at a time (a
/// platform that shares one between tasks wraps it in an actor). Different monitors (for example shards of a city)
/// are fully independent.
///
/// Inside one call, the district step of each bin runs on ``execution``'s threads. Households are cut into blocks of
/// a fixed size (1,024 households) that do not depend on the thread count; each block holds its own detector state,
/// each thread takes the next block left, counts over households are taken per block and added up in block order,
/// float sums over households are taken in household order on one thread, and each block's alert changes are applied
/// in household order. So the alert events, their identifiers and
/// every learned value are the same bits for any thread count. The threads are Dispatch's
/// (`DispatchQueue.concurrentPerform`), and the call returns only when every block has finished: no work outlives a
/// call. The matrix products (seasonal refits, cohort fits) run with OpenBLAS on one thread
/// (`OpenBLASRuntime.onOneThread`): the engine's own threads are the parallelism, the two never oversubscribe
/// the cores, and the bits do not depend on how a BLAS kernel splits a product across threads.
public final class DistrictMonitor {
    /// The policy in force.
    public let policy: DetectionPolicy
    /// How many threads the district step uses. Change it between calls; results do not depend on it.
    public var execution: Execution
    /// The bins the monitor moves along; `grid.count` is the number of bins closed so far.
    public private(set) var grid: BinGrid
    /// Households per block (``HouseholdBlock``). Fixed for a monitor and stored in its snapshots, whose detector
    /// sections are per block. Results do not depend on the threads. Every district-wide quantity is taken over all
    /// households, not per block: the silence priors and the slow decline's day shift and spread prior in household
    /// order (the same bits for any block size), the district context from integer counts; only the cohorts' pooled
    /// counts are summed per block first, so their last bits may depend on the block size.
    package let blockCapacity: Int
    /// The block size of monitors made through the public initialiser.
    package static let defaultBlockCapacity = 1_024

    private(set) var households: [Household] = []
    private var index: [HouseholdID: Int] = [:]
    private var zones: [HouseholdTimeZone] = []
    /// The households' state, `blockCapacity` households per block, in household order.
    private var blocks: [HouseholdBlock] = []

    /// The column the streaming path closes bins into.
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
    /// Daily cohort regroupings that failed (see ``diagnostics``).
    private var cohortRegroupFailures = 0
    /// Tests only: the next cohort regrouping fails as a refused product would (``failNextRefits()``).
    private var cohortRegroupFailureInjected = false
    private var district = DistrictContext()
    private var book = AlertBook()
    /// Where fusion's inputs are recorded during ``process(_:recording:progress:)``.
    private var recorder: EvidenceTrace?
    private var districtAlert = [Int](repeating: -1, count: DistrictContext.Event.allCases.count)
    /// The second phase of the last closed bin while it waits to run beside the next bin's first (see ``closeBin(_:)``);
    /// nil whenever a public call returns.
    private var undecided: UndecidedBin?

    /// A monitor whose first bin starts at `start`.
    ///
    /// - Parameters:
    ///   - policy: what to detect and how.
    ///   - start: the start of the first bin.
    ///   - execution: how many threads the district step uses (one by default).
    /// - Throws: ``PolicyError`` when the policy is out of range.
    public convenience init(
        policy: DetectionPolicy = DetectionPolicy(), start: Timestamp, execution: Execution = .serial
    ) throws(PolicyError) {
        try self.init(policy: policy, start: start, execution: execution, blockCapacity: Self.defaultBlockCapacity)
    }

    /// A monitor with `blockCapacity` households per block (tests use small blocks to split small districts).
    ///
    /// - Precondition: `blockCapacity >= 1`.
    package init(
        policy: DetectionPolicy, start: Timestamp, execution: Execution, blockCapacity: Int
    ) throws(PolicyError) {
        precondition(blockCapacity >= 1, "a block holds at least one household")
        try policy.validate()
        self.policy = policy
        self.execution = execution
        self.blockCapacity = blockCapacity
        self.grid = BinGrid(startUnixSeconds: start.unixSeconds, binSeconds: policy.binSeconds, count: 0)
        let lateBins = (policy.allowedLatenessSeconds + policy.binSeconds - 1) / policy.binSeconds
        openBins = lateBins + 1 + Self.lookaheadBins(policy)
        open = BinAccumulator(sources: [], columns: openBins, layout: .binMajor)
        pendingByColumn = [Int](repeating: 0, count: openBins)
        ledger = OpenBinLedger(columns: openBins, binSeconds: policy.binSeconds)
    }

    /// How many bins beyond the next one to close a reading may be early.
    private static func lookaheadBins(_ policy: DetectionPolicy) -> Int {
        (policy.allowedEarlinessSeconds + policy.binSeconds - 1) / policy.binSeconds
    }

    /// The number of registered households.
    public var householdCount: Int { households.count }

    /// The engine's own numerical steps that failed and kept their previous result, since this monitor was made or
    /// restored. Each should stay 0 (the products' shapes are consistent by construction); a platform alerts on any
    /// other value, and `anbu detect` prints them.
    public var diagnostics: MonitorDiagnostics {
        MonitorDiagnostics(
            seasonalRefitFailures: blocks.reduce(0) { $0 + $1.deviation.refitFailures },
            cohortRegroupFailures: cohortRegroupFailures)
    }

    /// Tests only (`package`, not API): makes every block's next seasonal refit and the next cohort regrouping fail as
    /// a refused matrix product would. Their products cannot be refused for consistent shapes, so this is the only way
    /// to see a failure counted in ``diagnostics`` and the previous fits kept.
    package func failNextRefits() {
        for b in blocks.indices { blocks[b].deviation.failNextRefit() }
        cohortRegroupFailureInjected = true
    }

    /// Heap bytes the monitor's state occupies: every detector's per-household and per-slot arrays, open bins, alert
    /// records and registrations (the capacity of every array and dictionary reachable from its stored properties).
    /// For a district of households with all three devices this is at most 4 KB per household plus the alert
    /// records. It walks the state by reflection: call it to report, not per bin.
    public var stateBytes: Int { StateSize.bytes(of: self) }

    /// The block of household `h`, and its place in the block.
    private func locate(_ h: Int) -> (block: Int, local: Int) {
        (h / blockCapacity, h % blockCapacity)
    }

    /// Registers households. A household registered after bins have closed is watched from the next bin on, starting
    /// from the district's priors.
    ///
    /// - Throws: ``MonitorError/duplicateHousehold(_:)`` when an identifier is already registered, and
    ///   ``MonitorError/invalidTimeZone(_:_:)`` for a zone the system's time-zone database does not know or an offset
    ///   beyond ±18 hours (nothing is registered then).
    public func register(_ newHouseholds: [Household]) throws(MonitorError) {
        var seen = Set<HouseholdID>()
        for household in newHouseholds {
            guard index[household.id] == nil, seen.insert(household.id).inserted else {
                throw .duplicateHousehold(household.id)
            }
            guard household.timeZone.isKnown else { throw .invalidTimeZone(household.id, household.timeZone) }
        }
        var zoneOfNew: [Int] = []
        for household in newHouseholds {
            index[household.id] = households.count
            households.append(household)
            if let zone = zones.firstIndex(of: household.timeZone) {
                zoneOfNew.append(zone)
            } else {
                zoneOfNew.append(zones.count)
                zones.append(household.timeZone)
            }
        }
        let sources = newHouseholds.map(\.sources)
        open = open.appending(sources)
        // Cut the new households into blocks first, then let the blocks allocate their detectors' state on the
        // step's threads: for a large district that state is gigabytes of fresh pages, which the kernel zeroes on
        // whichever core first touches them.
        var pending: [(block: Int, taken: Range<Int>)] = []
        var filled = blocks.last?.count ?? blockCapacity
        var next = 0
        while next < newHouseholds.count {
            if filled == blockCapacity {
                blocks.append(HouseholdBlock(first: households.count - newHouseholds.count + next))
                filled = 0
            }
            let taken = next..<min(newHouseholds.count, next + blockCapacity - filled)
            pending.append((blocks.count - 1, taken))
            filled += taken.count
            next = taken.upperBound
        }
        forEachBlock(pending.map(\.block)) { block, i in
            let taken = pending[i].taken
            block.append(sources: Array(sources[taken]), zones: Array(zoneOfNew[taken]))
        }
    }

    /// Announces an absence: no person alerts for the household inside `[start, end)`, and its routine is not
    /// learned from those bins.
    ///
    /// - Throws: ``MonitorError/unknownHousehold(_:)``, or ``MonitorError/invalidAbsence(_:)`` when `end <= start`.
    public func announce(_ absence: Absence) throws(MonitorError) {
        guard let h = index[absence.household] else { throw .unknownHousehold(absence.household) }
        guard absence.end > absence.start else { throw .invalidAbsence(absence) }
        let (b, local) = locate(h)
        blocks[b].absences[local, default: []].append(absence)
    }

    /// Runs every bin of a dense district through the engine and returns the alert events they caused.
    ///
    /// The district's households are registered when they are new. Its grid must continue the monitor's: the same
    /// bin length, and its first bin the monitor's next.
    ///
    /// - Parameters:
    ///   - district: the bins to run, for the monitor's households (new ones are registered).
    ///   - progress: called after each bin with the number of bins done so far.
    /// - Throws: ``MonitorError/gridMismatch(expected:found:)`` when the grids do not line up,
    ///   ``MonitorError/malformedDistrict(signal:expectedValues:foundValues:)`` when a signal's matrix is missing or
    ///   not `households × bins` long, and ``MonitorError/pendingReadings(_:)`` while streamed readings wait in open
    ///   bins.
    public func process(
        _ district: DenseDistrict, progress: ((Int) -> Void)? = nil
    ) throws(MonitorError) -> [AlertEvent] {
        guard district.grid.binSeconds == grid.binSeconds, district.grid.start == grid.end else {
            throw .gridMismatch(expected: grid.end, found: district.grid.start)
        }
        let cells = district.households.count * district.grid.count
        for signal in DenseSignal.allCases where district.values[signal]?.count != cells {
            throw .malformedDistrict(signal: signal, expectedValues: cells, foundValues: district.values[signal]?.count)
        }
        let pending = pendingByColumn.reduce(0, +)
        guard pending == 0 else { throw .pendingReadings(pending) }
        let fresh = district.households.filter { index[$0.id] == nil }
        try register(fresh)
        let rows = district.households.map { index[$0.id]! }
        var rowOf: [Int]?
        if !rows.elementsEqual(0..<households.count) {
            rowOf = [Int](repeating: -1, count: households.count)
            for (row, h) in rows.enumerated() { rowOf![h] = row }
        }
        let bins = district.grid.count
        let planes = DenseSignal.allCases.map { district.values[$0]! }
        var events: [AlertEvent] = []
        forEachBlock { $0.tile.clear() }
        for bin in 0..<bins {
            closeBin(.dense(planes: planes, bins: bins, bin: bin, rowOf: rowOf))
            // An evidence trace takes each bin's events whole, so a recording run decides every bin before the next.
            if recorder != nil { decideUndecidedBin() }
            events.append(contentsOf: book.drainEvents())
            progress?(bin + 1)
        }
        decideUndecidedBin()
        events.append(contentsOf: book.drainEvents())
        forEachBlock { $0.tile.clear() }
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

    /// The furthest one call to ``advance(to:)`` moves the monitor: 31 days past the end of the last closed bin.
    ///
    /// Every bin up to the watermark is stepped, empty or not (time without readings is evidence of silence), so a
    /// watermark far ahead costs a district step per bin: a clock error or a corrupt timestamp in year 9999 would be
    /// millions of steps over every household. A real gap (a feed down for a weekend, a platform restored after an
    /// outage) is days; one longer than a month is refused as ``MonitorError/watermarkTooFarAhead(watermark:limit:)``,
    /// and a platform that really means it advances a month at a time.
    public static let maximumAdvanceSeconds: Int64 = 31 * 86_400

    /// Closes every bin that ends at least ``DetectionPolicy/allowedLatenessSeconds`` before `watermark`, runs it
    /// through the engine, and returns the alert events this caused. Readings for a closed bin are rejected as late.
    /// A watermark at or before the end of the last closed bin closes nothing.
    ///
    /// - Throws: ``MonitorError/watermarkTooFarAhead(watermark:limit:)``, closing nothing, when `watermark` lies more
    ///   than ``maximumAdvanceSeconds`` plus the allowed lateness past the end of the last closed bin.
    public func advance(to watermark: Timestamp) throws(MonitorError) -> [AlertEvent] {
        let lateness = Int64(policy.allowedLatenessSeconds)
        let limit = grid.end.adding(seconds: Self.maximumAdvanceSeconds + lateness)
        guard watermark <= limit else { throw .watermarkTooFarAhead(watermark: watermark, limit: limit) }
        var events: [AlertEvent] = []
        while grid.end(ofBin: grid.count).adding(seconds: lateness) <= watermark {
            let column = grid.count % openBins
            open.close(column: column, into: &frame)
            pendingByColumn[column] = 0
            ledger.clear(column: column)
            closeBin(.column(frame))
            events.append(contentsOf: book.drainEvents())
        }
        decideUndecidedBin()
        events.append(contentsOf: book.drainEvents())
        return events
    }

    /// What became of one reading.
    private enum Intake {
        case taken, repeated
        case rejected(IngestRejection)
    }

    private func accept(_ reading: Reading) -> Intake {
        guard let h = index[reading.household] else { return .rejected(.unknownHousehold(reading.household)) }
        let (b, l) = locate(h)
        guard blocks[b].sources[l].contains(reading.signal.source) else {
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
        case .full: return .rejected(.tooManyReadings(limit: ledger.readingsPerHousehold))
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
        let (b, l) = locate(h)
        let block = blocks[b]
        let tier = block.fusion.tier[l] == 0 ? nil : Tier.allCases[Int(block.fusion.tier[l]) - 1]
        let alert = block.personAlert[l]
        return Assessment(
            household: id, tier: tier, openAlert: alert >= 0 ? AlertBook.identifier(alert) : nil,
            silenceEvidence: block.silence.evidence[l], deviationEvidence: block.deviation.evidence[l],
            declineEvidence: block.decline.evidence[l], hoursSinceLifeSign: block.silence.gapHours[l],
            reasons: block.personReasons(l, policy), deviceProblems: block.deviceReasons(l, policy).map(\.code))
    }

    /// Records what a caseworker found for an alert; it changes that household's sensitivity within the policy's
    /// bounds (see docs/detection.md, "Feedback").
    ///
    /// An alert takes one outcome. The same outcome again (a platform that delivers at least once) changes nothing;
    /// another one is refused, so a repeat never stacks on the household's sensitivity. The outcome is kept in
    /// snapshots.
    ///
    /// - Throws: ``MonitorError/unknownAlert(_:)`` for an identifier this monitor did not issue,
    ///   ``MonitorError/notAPersonAlert(_:)`` for a device or district alert, and
    ///   ``MonitorError/outcomeAlreadyRecorded(alert:previous:)`` when another outcome was recorded for it.
    public func record(_ outcome: CaseworkerOutcome, forAlert alert: String) throws(MonitorError) {
        guard let number = AlertBook.number(of: alert), number < book.records.count else {
            throw .unknownAlert(alert)
        }
        let record = book.records[number]
        guard record.kind == .person, let h = record.household else { throw .notAPersonAlert(alert) }
        if let previous = record.outcome {
            guard previous == outcome else { throw .outcomeAlreadyRecorded(alert: alert, previous: previous) }
            return
        }
        book.recordOutcome(outcome, forAlert: number)
        let (b, l) = locate(h)
        blocks[b].sensitivity.record(outcome, household: l, detector: record.detector, policy)
        if record.detector == .decline && outcome != .confirmedIncident { blocks[b].decline.reset(l) }
    }

    // MARK: - The per-bin district step

    /// Closes one bin up to its district context; its decisions wait in ``undecided``.
    ///
    /// A bin has two parallel phases with the district context between them: the blocks' detectors, whose counts the
    /// context needs, then the blocks' decisions, which need the context. The decisions of bin `t` and the detectors of
    /// bin `t + 1` of one block touch only that block, and the work between them on the calling thread (the alert book,
    /// the silence priors' district sums, the cohorts) neither reads nor writes what they do; so each block runs its
    /// decisions of bin `t` and then its detectors of bin `t + 1` in one task, and every bin has one parallel phase, not
    /// two: half the barriers at which a thread waits for the slowest. Within a block the order is the serial one
    /// (the decisions of bin `t` before the detectors of bin `t + 1`, which read the acute score they write), the alert
    /// book takes the decisions of bin `t` before the district alerts of bin `t + 1`, and the priors refreshed after
    /// bin `t` (the automatic rates, the seasonal refit) are refreshed in the same task before the detectors of bin
    /// `t + 1` that read them; so every result is the same bits as deciding each bin before the next
    /// (``decideUndecidedBin()``, which every public call runs before it returns).
    private func closeBin(_ input: BinInput) {
        let policy = self.policy
        let bin = grid.count
        let start = grid.start(ofBin: bin)
        let end = grid.end(ofBin: bin)
        let binsPerDay = grid.binsPerDay
        let endOfDay = bin % binsPerDay == binsPerDay - 1
        let refreshPriors = endOfDay || (bin < 2 * binsPerDay && bin % 6 == 5)

        let calendar = calendar(start: start, end: end)
        // The district context of the previous bin: a telecom outage it recognised voids phones' falls into silence.
        let phonesOut = district.active[DistrictContext.Event.outageTelecom.rawValue]
        let previous = undecided
        undecided = nil
        let recording = recorder != nil
        // How quiet the district's households are right now: a young household's silence borrows it (Silence).
        var quietCounts = Silence.QuietCounts()
        for block in blocks { block.silence.addQuietCounts(to: &quietCounts) }
        for b in blocks.indices { blocks[b].silence.setDistrictQuiet(quietCounts) }
        forEachBlock { block in
            if let previous { block.finish(previous, recording: recording, policy) }
            block.detect(input, calendar: calendar, phonesOutDistrictWide: phonesOut, policy)
        }
        if let previous { applyDecisions(previous) }
        closeDeclineDays(policy)

        let eventsBefore = book.events.count
        var counts = DistrictContext.Counts()
        for block in blocks { counts += block.districtCounts }
        let utcSlot = Int(LocalDayTime(localSeconds: start.unixSeconds).secondOfDay / 3600)
        district.step(counts, slot: utcSlot, policy)
        updateDistrictAlerts(time: end)

        if refreshPriors {
            // One pass in household order on this thread: the sums are the same bits as one serial loop's.
            var sums = Silence.SlotSums()
            for block in blocks { block.silence.addSlotSums(to: &sums) }
            for b in blocks.indices { blocks[b].silence.setDistrictRates(sums) }
            var offSums = PhoneStaysOff.Sums()
            for block in blocks { block.phoneOff.addSums(to: &offSums) }
            for b in blocks.indices { blocks[b].phoneOff.setDistrictSurvival(offSums) }
            if endOfDay {
                regroupCohorts(policy)
            }
        }
        undecided = UndecidedBin(
            context: district, time: end, eventsBefore: eventsBefore, fadeFeedback: endOfDay,
            refreshAutomaticRates: refreshPriors, refitSeasonalBaselines: SeasonalBaseline.refitsAfter(bin: bin))
        grid.count += 1
    }

    /// Closes the slow decline's day of the households whose local midnight this bin is, in every block that has some,
    /// with one common shift and spread prior taken over all of them (``Decline/ClosingDay``, merged here in block
    /// order): a parallel phase of its own, once a day per time zone.
    private func closeDeclineDays(_ policy: DetectionPolicy) {
        let closing = blocks.indices.filter { blocks[$0].declineClosing != nil }
        guard !closing.isEmpty else { return }
        let day = Decline.ClosingDay(closing.map { blocks[$0].declineClosing! })
        forEachBlock(closing) { block, _ in block.closeDeclineDays(day, policy) }
    }

    /// Runs the decisions of the last closed bin, if they wait, in a parallel phase of their own, and writes them into
    /// the alert book.
    private func decideUndecidedBin() {
        guard let last = undecided else { return }
        undecided = nil
        let policy = self.policy, recording = recorder != nil
        forEachBlock { $0.finish(last, recording: recording, policy) }
        applyDecisions(last)
    }

    /// Writes the blocks' decisions of a bin into the alert book in block order, then into the evidence trace when
    /// recording.
    private func applyDecisions(_ decided: UndecidedBin) {
        for b in blocks.indices { applyActions(ofBlock: b, time: decided.time) }
        guard recorder != nil else { return }
        for block in blocks {
            for input in block.fusionInputs {
                recorder!.record(acute: input.acute, decline: input.decline, absent: input.absent, alive: input.alive)
            }
        }
        let events = book.events.dropFirst(decided.eventsBefore)
        recorder!.closeBin(events: Array(events), household: { self.index[$0]! })
    }

    /// Regroups the district's cohorts (once a day; ``CohortPriors``): the centres are fitted on a sample of the
    /// district on this thread, then each block assigns its households on the step's threads, and the blocks' pooled
    /// counts, added in block order, give every block the same cohort rates. The products run on one BLAS thread and
    /// their shapes depend only on the number of households, so the cohorts are the same bits for any thread count.
    private func regroupCohorts(_ policy: DetectionPolicy) {
        guard policy.cohortCount >= 2, let firstBlock = blocks.first else { return }
        var sample = CohortSample(households: households.count)
        for block in blocks { sample.add(block.silence.lifeSignCounts, first: block.first) }
        let district = firstBlock.silence.districtRates
        let centres: CohortPriors.Rates
        do {
            if cohortRegroupFailureInjected {
                cohortRegroupFailureInjected = false
                throw SeasonalBaseline.testFailure
            }
            guard let fitted = try sample.fit(cohorts: policy.cohortCount, district: district) else { return }
            centres = fitted
        } catch {
            cohortRegroupFailures += 1
            return
        }
        var blockSums = [CohortSums?](repeating: nil, count: blocks.count)
        let capacity = blockCapacity
        blockSums.withUnsafeMutableBufferPointer { sums in
            forEachBlock { block in sums[block.first / capacity] = block.silence.assignCohorts(to: centres) }
        }
        var total = CohortSums(cohorts: centres.cohorts)
        for sums in blockSums {
            guard let sums else {
                cohortRegroupFailures += 1
                return
            }
            total += sums
        }
        let rates = total.rates(district: district)
        for b in blocks.indices { blocks[b].silence.adoptCohortRates(rates) }
    }

    /// Runs `body` on every block: on ``execution``'s threads, each taking the next block left, or on the calling
    /// thread. Each block is touched by one thread only; the call returns when all are done.
    private func forEachBlock(_ body: (inout HouseholdBlock) -> Void) {
        forEachBlock(Array(blocks.indices)) { block, _ in body(&block) }
    }

    /// Runs `body(&blocks[chosen[i]], i)` for every `i`, like ``forEachBlock(_:)``; `chosen` names each block at most
    /// once.
    private func forEachBlock(_ chosen: [Int], _ body: (inout HouseholdBlock, Int) -> Void) {
        let threads = min(execution.threads, chosen.count)
        guard threads > 1 else {
            for (i, b) in chosen.enumerated() { body(&blocks[b], i) }
            return
        }
        blocks.withUnsafeMutableBufferPointer { buffer in
            withoutActuallyEscaping(body) { body in
                let work = BlockWork(blocks: buffer, chosen: chosen, body: body)
                DispatchQueue.concurrentPerform(iterations: threads) { _ in work.run() }
            }
        }
    }

    /// The local calendar of the bin `[start, end)` in every zone.
    private func calendar(start: Timestamp, end: Timestamp) -> BinCalendar {
        let binSeconds = Int64(policy.binSeconds)
        var calendar = BinCalendar(
            start: start, end: end, zoneSlot: [UInt8](repeating: 0, count: zones.count),
            zoneDayStart: [UInt8](repeating: 0, count: zones.count), bin: grid.count)
        for (z, zone) in zones.enumerated() {
            let local = LocalDayTime(localSeconds: start.unixSeconds + Int64(zone.offsetSeconds(at: start)))
            let secondOfDay = local.secondOfDay, weekday = Int64(local.weekday)
            calendar.zoneSlot[z] = UInt8((weekday >= 5 ? 24 : 0) + secondOfDay / 3600)
            calendar.zoneDayStart[z] = secondOfDay / binSeconds == 0 && grid.count > 0 ? 1 : 0
            calendar.zoneWeekSeconds.append(Int32(weekday * 86_400 + secondOfDay))
        }
        return calendar
    }

    // MARK: - Alerts

    /// Writes block `b`'s alert changes of this bin into the alert book, in household order.
    private func applyActions(ofBlock b: Int, time: Timestamp) {
        let first = blocks[b].first
        for action in blocks[b].actions {
            switch action {
            case .device(let l, let device, let reasons):
                let h = first + l, id = households[h].id
                let alert = device == .power ? \HouseholdBlock.powerAlert : \HouseholdBlock.phoneAlert
                if let reasons {
                    blocks[b][keyPath: alert][l] = book.open(
                        household: h, id: id, kind: .device, tier: .attention, time: time, reasons: reasons)
                } else {
                    book.close(blocks[b][keyPath: alert][l], id: id, time: time, reasons: [Reason(.dataReturned)])
                    blocks[b][keyPath: alert][l] = -1
                }
            case .person(let l, let decision, let alive, let reasons):
                let h = first + l
                book.apply(decision, alert: &blocks[b].personAlert[l], household: h, id: households[h].id, time: time,
                           alive: alive, reasons: { reasons })
            }
        }
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

/// A closed bin whose decisions have not run yet: what each block needs to finish it
/// (``HouseholdBlock/finish(_:recording:_:)``) and what the alert book needs to take its decisions.
struct UndecidedBin {
    /// The district context judged from the bin.
    let context: DistrictContext
    /// The end of the bin: the time of its alert events.
    let time: Timestamp
    /// The number of alert events in the book before the bin's district alerts (for the evidence trace).
    let eventsBefore: Int
    /// The bin ends a day: caseworker feedback fades by one day after its decisions.
    let fadeFeedback: Bool
    /// The silence priors changed after the bin: each household's automatic power-change rate is recomputed.
    let refreshAutomaticRates: Bool
    /// The bin fills the seasonal baselines' buffer: they are refitted.
    let refitSeasonalBaselines: Bool
}

/// Blocks and the work to run on each, shared by the threads of one ``DistrictMonitor`` step: each thread takes the
/// next block not yet taken until none is left. Unchecked: a block is taken by one thread only (under the lock), and
/// the monitor waits for all of them. Which thread runs a block changes nothing in the results.
private final class BlockWork: @unchecked Sendable {
    private let blocks: UnsafeMutableBufferPointer<HouseholdBlock>
    /// The blocks to run, each at most once.
    private let chosen: [Int]
    private let body: (inout HouseholdBlock, Int) -> Void
    private let lock = NSLock()
    private var next = 0

    init(
        blocks: UnsafeMutableBufferPointer<HouseholdBlock>, chosen: [Int],
        body: @escaping (inout HouseholdBlock, Int) -> Void
    ) {
        self.blocks = blocks
        self.chosen = chosen
        self.body = body
    }

    /// Runs the body on blocks until every chosen block has been taken.
    func run() {
        while let i = take() { body(&blocks[chosen[i]], i) }
    }

    private func take() -> Int? {
        lock.withLock {
            guard next < chosen.count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// How a monitor uses the machine's cores. An execution option, not part of detection: the alerts are the same for
/// any value.
public struct Execution: Sendable, Hashable {
    /// Threads for the district step (at least 1). OpenBLAS runs on one thread inside the engine whatever this is.
    public let threads: Int

    /// Everything on the calling thread.
    public static let serial = Execution(checkedThreads: 1)

    /// One thread per active core of the machine.
    public static var allCores: Execution {
        Execution(checkedThreads: max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// `threads` threads.
    ///
    /// - Throws: ``MonitorError/invalidThreadCount(_:)`` when `threads < 1`.
    public init(threads: Int) throws(MonitorError) {
        guard threads >= 1 else { throw .invalidThreadCount(threads) }
        self.threads = threads
    }

    private init(checkedThreads threads: Int) {
        self.threads = threads
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
    /// An ``Execution`` needs at least one thread.
    case invalidThreadCount(Int)
    /// A household's time zone is not in the system's time-zone database, or its offset is beyond ±18 hours.
    case invalidTimeZone(HouseholdID, HouseholdTimeZone)
    /// A dense district's matrix for `signal` is missing (`foundValues` nil) or not households × bins long.
    case malformedDistrict(signal: DenseSignal, expectedValues: Int, foundValues: Int?)
    /// A watermark lies beyond `limit`: more than ``DistrictMonitor/maximumAdvanceSeconds`` (plus the allowed
    /// lateness) past the end of the last closed bin.
    case watermarkTooFarAhead(watermark: Timestamp, limit: Timestamp)
    /// Another outcome was already recorded for this alert (an alert takes one).
    case outcomeAlreadyRecorded(alert: String, previous: CaseworkerOutcome)

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
        case .invalidThreadCount(let count): "thread count \(count): at least 1 thread is needed"
        case .invalidTimeZone(let id, let zone): "household \(id) has an unknown time zone \(zone)"
        case .malformedDistrict(let signal, let expected, let found):
            "the district's \(signal.rawValue) matrix holds \(found.map(String.init) ?? "no") values; "
                + "households × bins is \(expected)"
        case .watermarkTooFarAhead(let watermark, let limit):
            "watermark \(watermark) is beyond \(limit), the furthest one advance may close "
                + "(\(DistrictMonitor.maximumAdvanceSeconds / 86_400) days past the last closed bin); advance in steps "
                + "if the gap is real"
        case .outcomeAlreadyRecorded(let alert, let previous):
            "alert \(alert) already has the outcome \(previous.rawValue); an alert takes one outcome"
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
    /// Its household already has `limit` distinct readings in this open bin, all signals together: two per second of
    /// the bin, more than any device sends. The bound keeps one runaway or hostile feed from growing the memory that
    /// recognises repeats without end.
    case tooManyReadings(limit: Int)

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
        case .tooManyReadings: .tooManyReadings
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
        /// See ``IngestRejection/tooManyReadings(limit:)``.
        case tooManyReadings = "too_many_readings"
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
        case .tooManyReadings(let limit):
            "too many readings: the household already has \(limit) in this open bin (two per second of the bin)"
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

/// Counts of the engine's own numerical steps that failed, which a monitor survives by keeping the previous result
/// (``DistrictMonitor/diagnostics``). Not kept in snapshots: the counts start at 0 when a monitor is made or restored.
public struct MonitorDiagnostics: Hashable, Sendable {
    /// Seasonal-baseline refits (a block of households at a time) that failed: those households keep their previous
    /// fit of the routine.
    public var seasonalRefitFailures = 0
    /// Daily cohort regroupings that failed (the centres' fit or a block's assignment): the district keeps its previous
    /// cohorts.
    public var cohortRegroupFailures = 0

    /// Counts with the given values.
    public init(seasonalRefitFailures: Int = 0, cohortRegroupFailures: Int = 0) {
        self.seasonalRefitFailures = seasonalRefitFailures
        self.cohortRegroupFailures = cohortRegroupFailures
    }
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
    /// into a monitor just made with the same policy, start, block capacity and households (see
    /// `DistrictMonitor+Snapshot.swift`). Each detector's arrays are listed block by block, in household order. Per-bin
    /// scratch (frames, slots, the blocks' decisions) is not state: each bin recomputes it.
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

        let announced = blocks.flatMap { block in
            block.absences.keys.sorted().flatMap { l in block.absences[l]!.map { (block.first + l, $0) } }
        }
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
        if archive.isReading {
            for b in blocks.indices { blocks[b].absences = [:] }
            for i in absentHousehold.indices {
                let h = absentHousehold[i]
                let (b, l) = locate(h)
                blocks[b].absences[l, default: []].append(Absence(
                    household: households[h].id, start: Timestamp(unixMilliseconds: absenceStart[i]),
                    end: Timestamp(unixMilliseconds: absenceEnd[i])))
            }
        }

        try archive.values(&pendingByColumn)
        try open.archive(&archive)
        try ledger.archive(&archive, households: count)
        for b in blocks.indices { try blocks[b].signs.archive(&archive) }
        for b in blocks.indices { try blocks[b].device.archive(&archive) }
        for b in blocks.indices { try blocks[b].level.archive(&archive) }
        for b in blocks.indices { try blocks[b].phoneOff.archive(&archive) }
        for b in blocks.indices { try blocks[b].silence.archive(&archive) }
        for b in blocks.indices { try blocks[b].deviation.archive(&archive) }
        for b in blocks.indices { try blocks[b].decline.archive(&archive) }
        try district.archive(&archive)
        for b in blocks.indices { try blocks[b].sensitivity.archive(&archive) }
        for b in blocks.indices { try blocks[b].fusion.archive(&archive) }
        try book.archive(&archive, households: count)

        try archive.section("alert state")
        var acuteScore = blocks.flatMap(\.acuteScore)
        var personAlert = blocks.flatMap(\.personAlert)
        var powerAlert = blocks.flatMap(\.powerAlert)
        var phoneAlert = blocks.flatMap(\.phoneAlert)
        try archive.values(&acuteScore)
        try archive.values(&personAlert)
        try archive.values(&powerAlert)
        try archive.values(&phoneAlert)
        try archive.values(&districtAlert)
        let alerts = book.records.count
        try archive.require(
            (personAlert + powerAlert + phoneAlert + districtAlert).allSatisfy { $0 >= -1 && $0 < alerts },
            "an open alert that was never issued")
        try archive.require(zip(blocks.flatMap(\.fusion.tier), personAlert).allSatisfy { ($0 == 0) == ($1 < 0) },
                            "a person tier without its alert")
        guard archive.isReading else { return }
        for b in blocks.indices {
            let range = blocks[b].first..<(blocks[b].first + blocks[b].count)
            blocks[b].acuteScore = Array(acuteScore[range])
            blocks[b].personAlert = Array(personAlert[range])
            blocks[b].powerAlert = Array(powerAlert[range])
            blocks[b].phoneAlert = Array(phoneAlert[range])
        }
    }
}
