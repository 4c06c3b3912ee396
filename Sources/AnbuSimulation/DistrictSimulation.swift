public import Anbu
import Dispatch
import Foundation

/// A synthetic district: `households` people living alone, simulated for `days` days from `start`, with exact
/// ground truth.
///
/// Every household is generated from its own random stream `(seed, index)`, so ``household(_:)`` can be called for
/// any index in any order, on any thread, and always returns the same data; ``generate(blockSize:threads:transform:consume:)``
/// generates blocks of households in parallel and hands them over in household order, so a whole district streams to
/// disk in bounded memory and the output does not depend on the number of threads.
public struct DistrictSimulation: Sendable {
    /// The scenario.
    public let scenario: Scenario
    /// The number of households.
    public let householdCount: Int
    /// The seed.
    public let seed: UInt64
    /// The time bins of the output (hourly), starting at the start.
    public let grid: BinGrid
    /// The shared calendar: days, holidays, heat waves, outages.
    public let calendar: DistrictCalendar
    let simulatedDays: Int

    /// A district. `start` defaults to the scenario's start.
    ///
    /// - Throws: ``SimulationError`` for a non-positive size or an unreadable start.
    public init(
        scenario: Scenario, households: Int, days: Int, seed: UInt64, start: String? = nil, binSeconds: Int = 3600
    ) throws(SimulationError) {
        guard households > 0 else { throw .invalidSize(parameter: "households", value: households) }
        guard days > 0, days <= 3660 else { throw .invalidSize(parameter: "days", value: days) }
        let startText = start ?? scenario.start
        guard let startSecond = Scenario.parseStart(startText) else { throw .invalidStart(startText) }
        self.scenario = scenario
        self.householdCount = households
        self.seed = seed
        grid = BinGrid(startUnixSeconds: startSecond, binSeconds: binSeconds, count: days * 86_400 / binSeconds)
        let zone = HouseholdTimeZone(parsing: scenario.timeZone) ?? .fixed(offsetSeconds: 0)
        let offset = Int64(zone.offsetSeconds(at: Timestamp(unixSeconds: startSecond)))
        let firstMidnight = floorDivide(startSecond + offset, 86_400) * 86_400 - offset
        simulatedDays = Int((grid.end.unixSeconds - firstMidnight + 86_399) / 86_400)
        calendar = DistrictCalendar(scenario: scenario, start: startSecond, dayCount: simulatedDays + 1, seed: seed)
    }

    /// The identifier of household `index`: the scenario's prefix and the index, zero-padded to the district's size
    /// (`hh000042`).
    public func householdID(_ index: Int) -> HouseholdID {
        let digits = max(6, String(householdCount - 1).count)
        let number = String(index)
        return HouseholdID(scenario.householdPrefix + String(repeating: "0", count: digits - number.count) + number)!
    }

    /// Household `index` and the name of its persona, without generating its data (cheap: its first random draws).
    public func householdRecord(_ index: Int) -> (household: Household, persona: String) {
        precondition(index >= 0 && index < householdCount, "household \(index) outside 0..<\(householdCount)")
        var random = SimulationRandom(seed: seed, stream: UInt64(index))
        let traits = HouseholdTraits(scenario: scenario, random: &random)
        let household = Household(id: householdID(index), timeZone: timeZone, sources: traits.sources)
        return (household, scenario.personas[traits.persona].name)
    }

    /// The households' time zone.
    public var timeZone: HouseholdTimeZone { HouseholdTimeZone(parsing: scenario.timeZone) ?? .fixed(offsetSeconds: 0) }

    /// Generates household `index` (0 ≤ index < households).
    ///
    /// - Complexity: O(days × 1440) work and O(readings) memory.
    public func household(_ index: Int) -> SimulatedHousehold {
        precondition(index >= 0 && index < householdCount, "household \(index) outside 0..<\(householdCount)")
        var simulator = HouseholdSimulator(
            scenario: scenario, calendar: calendar, index: index, id: householdID(index), seed: seed,
            gridStart: grid.startUnixSeconds, gridEnd: grid.end.unixSeconds, dayCount: simulatedDays)
        return simulator.run()
    }

    /// The district-wide ground truth (`household` is `*`): holidays, heat waves, telecom and power outages that
    /// overlap the grid, clipped to it.
    public var districtIncidents: [Incident] {
        calendar.incidents.compactMap { incident in
            let onset = max(incident.onset, grid.start)
            guard onset < grid.end, (incident.end ?? grid.end) > grid.start else { return nil }
            return Incident(
                household: nil, kind: incident.kind, onset: onset,
                end: incident.end.flatMap { $0 >= grid.end ? nil : $0 })
        }
    }

    /// Generates every household, `blockSize` at a time on `threads` threads (default: one per core), applies `transform` to each on the
    /// generating thread, and hands each block's results to `consume` in household order on the calling thread.
    ///
    /// Memory is bounded by one block of results. The results do not depend on `threads` or `blockSize`.
    public func generate<Output: Sendable>(
        blockSize: Int = 256, threads: Int? = nil,
        transform: @escaping @Sendable (SimulatedHousehold) -> Output,
        consume: (_ households: Range<Int>, _ outputs: [Output]) throws -> Void
    ) rethrows {
        let block = max(1, blockSize)
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let simulation = self
        let count = householdCount
        // Block k+1 is generated while block k is consumed.
        func launch(_ first: Int) -> (range: Range<Int>, slots: ResultSlots<Output>, group: DispatchGroup)? {
            guard first < count else { return nil }
            let range = first..<min(count, first + block)
            let slots = ResultSlots<Output>(count: range.count)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                DispatchQueue.concurrentPerform(iterations: min(workers, range.count)) { worker in
                    var i = range.lowerBound + worker
                    while i < range.upperBound {
                        slots.store(transform(simulation.household(i)), at: i - range.lowerBound)
                        i += workers
                    }
                }
            }
            return (range, slots, group)
        }
        var pending = launch(0)
        while let current = pending {
            current.group.wait()
            pending = launch(current.range.upperBound)
            do {
                try consume(current.range, current.slots.collect())
            } catch {
                pending?.group.wait()
                throw error
            }
        }
    }
}

/// Slots that worker threads fill at distinct indices; read only after every worker has finished.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// Stores a value; each index is written by one thread only.
    func store(_ value: Value, at index: Int) { slots[index] = value }

    func collect() -> [Value] { (0..<count).map { slots[$0]! } }
}

/// Why a district could not be set up.
public enum SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A size parameter is out of range.
    case invalidSize(parameter: String, value: Int)
    /// The start is not ISO 8601 with an offset nor Unix seconds.
    case invalidStart(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidSize(let parameter, let value): "\(parameter) = \(value): must be positive (days at most 3660)"
        case .invalidStart(let text): "start \"\(text)\": not an ISO 8601 time with an offset nor Unix seconds"
        }
    }
}
