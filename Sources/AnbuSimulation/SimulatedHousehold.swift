public import Anbu

/// One reading as the simulator makes it: the time it was taken, its signal and its value.
///
/// Time is kept in milliseconds; the household is implied by the ``SimulatedHousehold`` holding it.
public struct SimulatedReading: Sendable, Hashable {
    /// When the reading was taken.
    public var time: Timestamp
    /// The signal.
    public var signal: Signal
    /// Watts for power, steps for steps, talk seconds for answered and outgoing calls, 0 for missed calls.
    public var value: Double

    /// A reading.
    public init(time: Timestamp, signal: Signal, value: Double) {
        self.time = time
        self.signal = signal
        self.value = value
    }
}

/// Everything the simulator made for one household: its devices, its readings in the order they reached the server
/// (late reports come after readings taken later), its ground-truth incidents and its announced absences.
public struct SimulatedHousehold: Sendable {
    /// The household's row index in the district (households.csv order).
    public var index: Int
    /// The household: identifier, time zone and devices.
    public var household: Household
    /// The name of the persona its routine was drawn from.
    public var persona: String
    /// Its neighbourhood (a power outage cuts whole neighbourhoods).
    public var neighbourhood: Int
    /// The readings, in arrival order; every time lies in the district's grid.
    public var readings: [SimulatedReading]
    /// Ground truth for this household: collapse, illness, withdrawal, away, device_power, device_phone.
    public var incidents: [Incident]
    /// Absences the person announced.
    public var absences: [Absence]

    /// The readings as contract readings.
    public var contractReadings: [Reading] {
        readings.map { Reading(household: household.id, signal: $0.signal, time: $0.time, value: $0.value) }
    }

    /// The household's row of the dense form: for each `DenseSignal`, `grid.count` values binned by the contract's
    /// rule (Anbu's `BinAccumulator`: power averaged, steps and talk time summed, calls counted; NaN where missing; a
    /// NaN row for a signal the household does not have), exactly as a reader binning readings.csv would.
    ///
    /// - Complexity: O(readings + bins).
    public func denseRow(grid: BinGrid) -> [DenseSignal: [Float]] {
        var accumulator = BinAccumulator(sources: [household.sources], columns: grid.count, layout: .householdMajor)
        for reading in readings {
            let bin = grid.binIndex(containing: reading.time)
            guard bin >= 0, bin < grid.count else { continue }
            accumulator.add(household: 0, column: bin, signal: reading.signal, value: Float(reading.value))
        }
        var row: [DenseSignal: [Float]] = [:]
        for signal in DenseSignal.allCases { row[signal] = [Float](repeating: .nan, count: grid.count) }
        for bin in 0..<grid.count {
            let cell = accumulator.cell(household: 0, column: bin)
            row[.power]![bin] = cell.power
            row[.steps]![bin] = cell.steps
            row[.callOut]![bin] = cell.callOut
            row[.callIn]![bin] = cell.callIn
            row[.callMissed]![bin] = cell.callMissed
            row[.talkSeconds]![bin] = cell.talkSeconds
        }
        return row
    }
}
