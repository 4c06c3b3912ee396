// The engine's two hot paths on a simulated district (the default scenario): the per-bin district step, fed a dense
// district (`DistrictMonitor.process`) on one and on two threads (`Execution`), and the streaming path, one `ingest(_:)` call per reading with `advance(to:)`
// after each hour. docs/benchmarks.md records the figures and the command.
//
// Rates (household-bins or readings per second) are the work of one iteration divided by its median wall time; the
// benchmark names state the work.

import Anbu
import AnbuSimulation
import Benchmark
import Foundation

/// A simulated district in memory: its dense form, and its readings in time order (as a platform would stream them).
struct SimulatedInput {
    var district: DenseDistrict
    var readings: [Reading]

    init(households: Int, days: Int) {
        let simulation = try! DistrictSimulation(scenario: .standard, households: households, days: days, seed: 7)
        let grid = simulation.grid
        var district = DenseDistrict(
            households: (0..<households).map { simulation.householdRecord($0).household }, grid: grid)
        var readings: [Reading] = []
        simulation.generate(transform: { ($0.denseRow(grid: grid), $0.contractReadings) }) { range, outputs in
            for (row, output) in zip(range, outputs) {
                for (signal, values) in output.0 {
                    for bin in values.indices { district[signal, row, bin] = values[bin] }
                }
                readings += output.1
            }
        }
        self.district = district
        self.readings = readings.sorted { $0.time < $1.time }
    }
}

nonisolated(unsafe) let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    let stepInput = SimulatedInput(households: 10_000, days: 7)
    for threads in [1, 2] {
        let execution = try! Execution(threads: threads)
        // CPU time beside wall time: on two threads the step's CPU seconds include what the threads lose at each bin's
        // barrier, which wall time on a busy machine hides.
        Benchmark(
            "District step: 10,000 households × 7 days (1.68 M household-bins), \(threads) thread\(threads == 1 ? "" : "s")",
            configuration: .init(
                metrics: [.wallClock, .cpuTotal, .peakMemoryResident], timeUnits: .milliseconds,
                maxDuration: .seconds(20), maxIterations: 10)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                let monitor = try! DistrictMonitor(start: stepInput.district.grid.start, execution: execution)
                benchmark.startMeasurement()
                blackHole(try! monitor.process(stepInput.district))
                benchmark.stopMeasurement()
            }
        }
    }

    let streamInput = SimulatedInput(households: 2_000, days: 3)
    Benchmark(
        "Streaming ingest: 2,000 households × 3 days (\(streamInput.readings.count) readings), one call each"
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let grid = streamInput.district.grid
            let monitor = try! DistrictMonitor(start: grid.start)
            try! monitor.register(streamInput.district.households)
            benchmark.startMeasurement()
            var nextBin = 1
            for reading in streamInput.readings {
                while nextBin <= grid.count, reading.time >= grid.start(ofBin: nextBin) {
                    blackHole(try monitor.advance(to: grid.start(ofBin: nextBin)))
                    nextBin += 1
                }
                blackHole(monitor.ingest(reading))
            }
            blackHole(try monitor.advance(to: grid.end.adding(seconds: 86_400)))
            benchmark.stopMeasurement()
        }
    }
}
