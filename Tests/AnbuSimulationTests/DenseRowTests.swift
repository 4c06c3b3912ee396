import Anbu
import AnbuSimulation
import Testing

/// The dense row agrees with a direct reading of the contract's binning rule.
@Suite("Dense rows")
struct DenseRowTests {
    @Test func denseRowMatchesTheContract() {
        let simulation = busyDistrict.simulation
        let grid = simulation.grid
        for household in busyDistrict.households.prefix(30) {
            let row = household.denseRow(grid: grid)
            var powerSum = [Double](repeating: 0, count: grid.count), powerCount = [Int](repeating: 0, count: grid.count)
            var steps = [Double?](repeating: nil, count: grid.count)
            var calls = [Double](repeating: 0, count: grid.count), sent = [Bool](repeating: false, count: grid.count)
            for reading in household.readings {
                let bin = grid.binIndex(containing: reading.time)
                switch reading.signal {
                case .power:
                    powerSum[bin] += reading.value
                    powerCount[bin] += 1
                case .steps:
                    steps[bin] = (steps[bin] ?? 0) + reading.value
                    sent[bin] = true
                default:
                    if reading.signal == .callOut { calls[bin] += 1 }
                    sent[bin] = true
                }
            }
            let sources = household.household.sources
            for bin in 0..<grid.count {
                let power = row[.power]![bin]
                if !sources.contains(.power) || powerCount[bin] == 0 {
                    #expect(power.isNaN)
                } else {
                    #expect(abs(Double(power) - powerSum[bin] / Double(powerCount[bin])) < 0.01)
                }
                if let expected = steps[bin], sources.contains(.steps) {
                    #expect(Double(row[.steps]![bin]) == expected)
                } else {
                    #expect(row[.steps]![bin].isNaN)
                }
                let callOut = row[.callOut]![bin]
                if !sources.contains(.calls) || (sources.contains(.steps) && !sent[bin]) {
                    #expect(callOut.isNaN)
                } else {
                    #expect(Double(callOut) == calls[bin])
                }
            }
        }
    }
}
