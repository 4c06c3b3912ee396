public import Anbu

/// Builds evaluation districts from real recordings: each household is a real person's steps, another real person's
/// calls and a real home's power, each cut to the same number of whole days and laid on one calendar (docs/evaluation.md,
/// "Real data").
///
/// - Households: one per steps window (the phone's heartbeat is the person). A recording of `days` or more days gives
///   a window at its first local midnight and, when long enough, every `days` days after that.
/// - Each household gets a calls recording (a different person, participants with at least
///   ``minimumCallsPerWindow`` calls in their window, in seeded order) and a power window (homes in seeded order,
///   each home's windows in seeded order, a home reused only when every home has been used). When a device has no
///   recording of `days` days, the households lack it.
/// - Each recording keeps its own clock times: its window's first midnight is put on the calendar's first midnight,
///   so hours of day are real; weekdays are aligned only by chance (the sources are unrelated people, and the
///   call study has no dates).
/// - The *clean* district is the recordings as they are: every alert on it is a false alarm or a real-life oddity.
///   The *injected* district is the same with a collapse or an illness (alternately, in seeded order) written into
///   a seeded share of households, with ground truth.
public struct RealDistrictBuilder: Sendable {
    /// Whole days per household, the calendar's length. Default 28 (the call study's length).
    public var days: Int = 28
    /// The seed of every choice (pairing, windows, injected households, onsets).
    public var seed: UInt64 = 1
    /// The share of households that get an injected incident, 0 to 1. Default 0.2.
    public var injectShare: Double = 0.2
    /// The calendar's first midnight, in ``timeZone``. Default Monday 2025-03-03 00:00 +09:00.
    public var start = Timestamp(unixSeconds: 1_740_927_600)
    /// The households' time zone. Default +09:00.
    public var timeZone = HouseholdTimeZone.fixed(offsetSeconds: 9 * 3600)
    /// Calls recordings with fewer calls than this in their window are not used (a phone that is never used shows
    /// nothing to learn). Default 4.
    public var minimumCallsPerWindow = 4

    /// A builder with the defaults.
    public init() {}

    /// Which recording windows one household was built from.
    public struct Provenance: Sendable, Hashable {
        /// The household.
        public var household: HouseholdID
        /// `source@YYYY-MM-DD` (the window's first local day) per device, `nil` when it has none.
        public var power: String?
        /// The steps window.
        public var steps: String
        /// The calls window.
        public var calls: String?
    }

    /// The two districts and their ground truth.
    public struct Result: Sendable {
        /// The recordings as they are.
        public var clean: DenseDistrict
        /// The same with incidents written in.
        public var injected: DenseDistrict
        /// The injected incidents (household, kind, onset, end).
        public var incidents: [Incident]
        /// Where each household's data came from.
        public var provenance: [Provenance]
    }

    /// Builds both districts from `recordings` (any mix of devices).
    ///
    /// - Throws: ``RealDataError/noPhoneRecordings(days:)`` when no steps recording covers `days` days.
    public func build(from recordings: [RealRecording]) throws(RealDataError) -> Result {
        var random = SplitMix64(seed: seed)
        func windows(_ device: SignalSource) -> [(recording: RealRecording, startDay: Int64)] {
            recordings.filter { $0.device == device }.flatMap { recording in
                recording.windowStarts(days: days).map { (recording, $0) }
            }
        }
        let steps = windows(.steps)
        guard !steps.isEmpty else { throw .noPhoneRecordings(days: days) }
        let calls = windows(.calls).filter { window in
            window.recording.window(startDay: window.startDay, days: days)
                .filter { $0.signal == .callOut || $0.signal == .callIn || $0.signal == .callMissed }.count
                >= minimumCallsPerWindow
        }.seededShuffle(&random)
        // Power: homes in seeded order, each home's windows in seeded order; round r takes every home's r-th window.
        var homes = Dictionary(grouping: windows(.power), by: \.recording.source).sorted { $0.key < $1.key }
            .map { $0.value.seededShuffle(&random) }
        homes = homes.seededShuffle(&random)
        var power: [(recording: RealRecording, startDay: Int64)] = []
        for round in 0..<(homes.map(\.count).max() ?? 0) {
            for home in homes where round < home.count { power.append(home[round]) }
        }

        let count = steps.count
        let width = String(count).count
        var households: [Household] = []
        var readings: [[RecordedSample]] = []
        var provenance: [Provenance] = []
        for index in 0..<count {
            let number = String(index + 1)
            let id = HouseholdID("real" + String(repeating: "0", count: max(0, width - number.count)) + number)!
            var sources: SignalSources = .steps
            var samples = steps[index].recording.window(startDay: steps[index].startDay, days: days)
            var record = Provenance(household: id, power: nil, steps: Self.label(steps[index]), calls: nil)
            if !calls.isEmpty {
                let window = calls[index % calls.count]
                samples += window.recording.window(startDay: window.startDay, days: days)
                sources.insert(.calls)
                record.calls = Self.label(window)
            }
            if !power.isEmpty {
                let window = power[index % power.count]
                samples += window.recording.window(startDay: window.startDay, days: days)
                sources.insert(.power)
                record.power = Self.label(window)
            }
            households.append(Household(id: id, timeZone: timeZone, sources: sources))
            readings.append(samples)
            provenance.append(record)
        }

        // Injections: a seeded share of households, collapse and illness alternately.
        let chosen = Array(Array(0..<count).seededShuffle(&random)
            .prefix(Int((injectShare * Double(count)).rounded()))).sorted()
        var injectedReadings = readings
        var incidents: [Incident] = []
        for (order, row) in chosen.enumerated() {
            var injection = IncidentInjection(readings: readings[row], days: days)
            let kind: IncidentKind = order % 2 == 0 ? .collapse : .illness
            let (onset, end) = kind == .collapse
                ? injection.collapse(using: &random) : injection.illness(using: &random)
            injectedReadings[row] = injection.readings
            incidents.append(
                Incident(
                    household: households[row].id, kind: kind, onset: start.adding(seconds: onset),
                    end: end.map { start.adding(seconds: $0) }))
        }
        incidents.sort { ($0.onset, $0.household!) < ($1.onset, $1.household!) }
        return Result(
            clean: bin(households, readings), injected: bin(households, injectedReadings), incidents: incidents,
            provenance: provenance)
    }

    /// `source@YYYY-MM-DD`.
    private static func label(_ window: (recording: RealRecording, startDay: Int64)) -> String {
        "\(window.recording.source)@\(CalendarDay(daysSinceEpoch: window.startDay).isoDate)"
    }

    /// Bins the households' window readings (seconds from the calendar's start) by the contract's rule.
    private func bin(_ households: [Household], _ readings: [[RecordedSample]]) -> DenseDistrict {
        let grid = BinGrid(startUnixSeconds: start.unixSeconds, binSeconds: 3600, count: days * 24)
        var accumulator = BinAccumulator(sources: households.map(\.sources), columns: grid.count, layout: .householdMajor)
        for (row, samples) in readings.enumerated() {
            for sample in samples {
                accumulator.add(household: row, column: Int(sample.localSeconds / 3600), signal: sample.signal, value: sample.value)
            }
        }
        var district = DenseDistrict(households: households, grid: grid)
        accumulator.write(into: &district)
        return district
    }
}
