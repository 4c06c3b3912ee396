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

    /// The household's row of the dense form: for each ``DenseSignal``, `grid.count` values binned as the contract
    /// says (power averaged, steps and talk time summed, calls counted; NaN where missing; a NaN row for a signal the
    /// household does not have; call counts missing in a bin where a household with steps and calls sent nothing).
    ///
    /// - Complexity: O(readings + 6 · bins).
    public func denseRow(grid: BinGrid) -> [DenseSignal: [Float]] {
        let bins = grid.count
        var powerSum = [Double](repeating: 0, count: bins)
        var powerCount = [Int32](repeating: 0, count: bins)
        var steps = [Float](repeating: .nan, count: bins)
        var callOut = [Float](repeating: 0, count: bins)
        var callIn = [Float](repeating: 0, count: bins)
        var missed = [Float](repeating: 0, count: bins)
        var talk = [Float](repeating: 0, count: bins)
        var phoneSent = [Bool](repeating: false, count: bins)
        for reading in readings {
            let bin = grid.binIndex(containing: reading.time)
            guard bin >= 0, bin < bins else { continue }
            switch reading.signal {
            case .power:
                powerSum[bin] += reading.value
                powerCount[bin] += 1
            case .steps:
                steps[bin] = (steps[bin].isNaN ? 0 : steps[bin]) + Float(reading.value)
                phoneSent[bin] = true
            case .callOut:
                callOut[bin] += 1
                talk[bin] += Float(reading.value)
                phoneSent[bin] = true
            case .callIn:
                callIn[bin] += 1
                talk[bin] += Float(reading.value)
                phoneSent[bin] = true
            case .callMissed:
                missed[bin] += 1
                phoneSent[bin] = true
            }
        }
        let sources = household.sources
        let nanRow = [Float](repeating: .nan, count: bins)
        var row: [DenseSignal: [Float]] = [:]
        row[.power] = sources.contains(.power)
            ? (0..<bins).map { powerCount[$0] == 0 ? .nan : Float(powerSum[$0] / Double(powerCount[$0])) } : nanRow
        row[.steps] = sources.contains(.steps) ? steps : nanRow
        if sources.contains(.calls) {
            if sources.contains(.steps) {
                for bin in 0..<bins where !phoneSent[bin] {
                    callOut[bin] = .nan
                    callIn[bin] = .nan
                    missed[bin] = .nan
                    talk[bin] = .nan
                }
            }
            row[.callOut] = callOut
            row[.callIn] = callIn
            row[.callMissed] = missed
            row[.talkSeconds] = talk
        } else {
            for signal in [DenseSignal.callOut, .callIn, .callMissed, .talkSeconds] { row[signal] = nanRow }
        }
        return row
    }
}
