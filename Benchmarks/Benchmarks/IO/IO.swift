// The district-directory reader at district scale: parsing and binning readings.csv, and loading the dense form.
// Input: a district made by `python3 ../shared/peers/make_dense.py --households 1000 --days 90 --seed 4 --csv --out
// /tmp/d1k` (4.74 M readings); set ANBU_IO_DISTRICT to use another. Skipped with a message when it is absent; a
// district with only the dense form (d100k) runs the dense read alone.
// Rows/s = readings / median wall-clock time; docs/benchmarks.md works them out.

import Anbu
import AnbuIO
import Benchmark
import Foundation

nonisolated(unsafe) let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(20),
        maxIterations: 10
    )
    let directory = ProcessInfo.processInfo.environment["ANBU_IO_DISTRICT"] ?? "/tmp/d1k"
    guard FileManager.default.fileExists(atPath: directory + "/dense/meta.json"),
        let households = try? HouseholdsFile.read(path: directory + "/households.csv").file.households,
        let meta = try? DenseMeta.parse(Array(FileManager.default.contents(atPath: directory + "/dense/meta.json")!))
    else {
        print("IO benchmarks skipped: no district at \(directory) (make one with ../shared/peers/make_dense.py --csv)")
        return
    }

    // The dense form: meta.json and six .npy arrays into a DenseDistrict.
    Benchmark("dense read") { benchmark in
        benchmark.startMeasurement()
        let district = try DenseForm.read(from: directory, households: households)
        benchmark.stopMeasurement()
        blackHole(district)
    }

    guard FileManager.default.fileExists(atPath: directory + "/readings.csv") else { return }

    // readings.csv → DenseDistrict with known bins (one pass): parse, validate, look up, bin.
    Benchmark("readings.csv parse+bin") { benchmark in
        var options = DistrictBinner.Options()
        options.grid = meta.grid
        benchmark.startMeasurement()
        let result = try DistrictBinner.bin(path: directory + "/readings.csv", households: households, options: options)
        benchmark.stopMeasurement()
        precondition(result.summary.problems.isClean)
        blackHole(result.district)
    }

    // Parsing only: the reader's batches, no binning.
    Benchmark("readings.csv parse") { benchmark in
        benchmark.startMeasurement()
        let reader = try ReadingsReader(path: directory + "/readings.csv", households: households)
        var rows = 0
        _ = try reader.forEachBatch { batch, _ in rows += batch.count }
        benchmark.stopMeasurement()
        blackHole(rows)
    }
}
