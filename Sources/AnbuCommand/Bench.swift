@_spi(Benchmarks) @_spi(LinearAlgebra) import Anbu
import AnbuIO
import ArgumentParser
import Foundation

/// `anbu bench`: measurements that docs/benchmarks.md and docs/performance.md quote.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Anbu on fixed work: the reference computation, and the machine's bounds.",
        subcommands: [Reference.self, Machine.self]
    )

    /// `anbu bench reference DIR`: the fixed computation of ../shared/reference-computation.md.
    struct Reference: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the reference computation on a district and print its flag counts and speed.",
            discussion: """
                The computation that NumPy, pandas and River run in Benchmarks/peers (see \
                ../shared/reference-computation.md). Prints the four flag counts, the load time (reading the files) \
                and the compute time (the computation only), and readings per second of compute time. State is \
                float32: a value sitting on a threshold can flip against the float64 peers (docs/performance.md).
                """
        )

        @Argument(help: "The district directory (dense/meta.json and .npy per signal, or readings.csv).")
        var directory: String

        @Option(help: "Threads, each on a contiguous range of households (default: all cores).")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        @OptionGroup var options: DistrictOptions

        func run() throws {
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
            let clock = ContinuousClock()
            let loadStart = clock.now
            let (district, report) = try DistrictDirectory.load(from: directory, options: options.loadOptions())
            let loadSeconds = seconds(clock.now - loadStart)
            guard report.problems.isClean else {
                printProblems(report.problems)
                throw ExitCode(1)
            }
            let dense = district.dense
            let computeStart = clock.now
            let counts = try ReferenceComputation.run(dense, threads: threads)
            let computeSeconds = seconds(clock.now - computeStart)
            let bytes = dense.households.count * dense.grid.count * DenseSignal.allCases.count * MemoryLayout<Float>.size
            print("reference computation: \(directory) (\(report.source.rawValue)), \(dense.households.count) households × "
                + "\(dense.grid.count) bins, \(counts.readings) readings, \(threads) thread\(threads == 1 ? "" : "s")")
            print("flags: \(counts)")
            print(String(format: "load %.3f s (%.2f GB of cells, %.2f GB/s)", loadSeconds, Double(bytes) / 1e9,
                         Double(bytes) / 1e9 / loadSeconds))
            print(String(format: "compute %.3f s: %.1f M readings/s", computeSeconds,
                         Double(counts.readings) / computeSeconds / 1e6))
        }
    }

    /// `anbu bench machine`: memory bandwidth and matrix-product speed.
    struct Machine: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure copy and triad memory bandwidth (1 thread and all cores) and sgemm GFLOP/s.",
            discussion: """
                STREAM-style loops over three arrays of 256 MB each, median of 5 passes; sgemm 1024 × 1024 with the \
                OpenBLAS kernel and thread count in use (set OPENBLAS_CORETYPE, OPENBLAS_NUM_THREADS).
                """
        )

        func run() {
            var counts = [1]
            let cores = ProcessInfo.processInfo.activeProcessorCount
            if cores > 1 { counts.append(cores) }
            for threads in counts {
                let bandwidth = MachineBounds.bandwidth(threads: threads)
                print(String(format: "memory, %d thread%@: copy %.1f GB/s, triad %.1f GB/s", threads,
                             threads == 1 ? "" : "s", bandwidth.copy / 1e9, bandwidth.triad / 1e9))
            }
            print(String(format: "sgemm 1024×1024, core %@, %d thread%@: %.1f GFLOP/s", OpenBLASRuntime.coreName,
                         OpenBLASRuntime.threadCount, OpenBLASRuntime.threadCount == 1 ? "" : "s",
                         MachineBounds.sgemmSpeed() / 1e9))
            // The engine's batched refits run each block's products on one BLAS thread: compare like with like.
            let threads = OpenBLASRuntime.threadCount
            OpenBLASRuntime.setThreadCount(1)
            let single = MachineBounds.sgemmSpeed()
            let refit = SeasonalRefitSpeed.measure()
            OpenBLASRuntime.setThreadCount(threads)
            print(String(format: "sgemm 1024×1024, 1 thread: %.1f GFLOP/s", single / 1e9))
            print(String(
                format: "seasonal refit, 1 thread, %d households in blocks of 1,024: products %.1f GFLOP/s "
                    + "(%.1f%% of sgemm, %.1f ms), whole refit %.1f ms (%.1f GFLOP/s counting the products' flops)",
                refit.households, refit.productFlops / refit.productSeconds / 1e9,
                100 * refit.productFlops / refit.productSeconds / single, refit.productSeconds * 1e3,
                refit.refitSeconds * 1e3, refit.productFlops / refit.refitSeconds / 1e9))
        }
    }
}
