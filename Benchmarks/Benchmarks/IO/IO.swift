// The district-directory reader at district scale: parsing and binning readings.csv, and loading the dense form.
// Input: a district made by `python3 ../shared/peers/make_dense.py --households 1000 --days 90 --seed 4 --csv --out
// /tmp/d1k` (4.74 M readings); set ANBU_IO_DISTRICT to use another. Skipped with a message when it is absent; a
// district with only the dense form (d100k) runs the dense read alone.
// Rows/s = readings / median wall-clock time; docs/benchmarks.md works them out.
//
// The dense read is measured four ways: mapped (the default, `DenseLoading.mapped`) and copied (`.copied`), each
// alone and followed by one pass over every value (a map copies nothing until the values are touched, so the pass
// is where its cost shows). "cold" variants first drop the files from the page cache (`posix_fadvise`, outside the
// measured time), so the data comes from the disk.

import Anbu
import AnbuIO
import Benchmark
import Foundation
#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident],
        timeUnits: .microseconds,
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
    let npyFiles = meta.signals.map { directory + "/dense/\($0.rawValue).npy" }
    for loading in [DenseLoading.mapped, .copied] {
        for touch in [false, true] {
            for cold in [false, true] {
                let name = "dense read \(loading)" + (touch ? " + pass" : "") + (cold ? " cold" : "")
                Benchmark(name) { benchmark in
                    if cold { npyFiles.forEach(dropFromPageCache) }
                    benchmark.startMeasurement()
                    let district = try DenseForm.read(from: directory, households: households, loading: loading)
                    if touch { blackHole(checksum(district)) }
                    benchmark.stopMeasurement()
                    blackHole(district)
                }
            }
        }
    }

    // The pass alone, over values already in memory and faulted in: what reading the bytes costs, the bound for the
    // "+ pass" runs above.
    Benchmark("dense pass over loaded values") { benchmark in
        let district = try DenseForm.read(from: directory, households: households, loading: .copied)
        blackHole(checksum(district))
        benchmark.startMeasurement()
        blackHole(checksum(district))
        benchmark.stopMeasurement()
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

/// A checksum of every signal's bytes (the wrapping sum of their 32-bit words): one pass over every byte of the
/// district, the signals spread over all cores.
func checksum(_ district: DenseDistrict) -> UInt32 {
    let matrices = DenseSignal.allCases.compactMap { district.values[$0] }
    // Each thread writes its own slot.
    nonisolated(unsafe) let sums = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: matrices.count)
    defer { sums.deallocate() }
    DispatchQueue.concurrentPerform(iterations: matrices.count) { index in
        sums[index] = matrices[index].withUnsafeBufferPointer { values in
            values.withMemoryRebound(to: UInt32.self) { words in
                var sum: UInt32 = 0
                for word in words { sum &+= word }
                return sum
            }
        }
    }
    return sums.reduce(0, &+)
}

/// Asks the kernel to drop `path`'s pages from the page cache, so that the next read comes from the disk.
func dropFromPageCache(_ path: String) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return }
    _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
    close(descriptor)
}
