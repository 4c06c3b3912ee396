// The BLAS wrapper at district-like sizes: the seasonal regression's XᵀY-shaped product for 100,000 households
// over one week of hourly bins, and the eigen-decomposition of a 168 × 168 residual covariance.
// GFLOP/s = floating-point operations / median wall-clock time; docs/benchmarks.md works them out.

@_spi(LinearAlgebra) import Anbu
import Benchmark

nonisolated(unsafe) let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        timeUnits: .microseconds,
        maxDuration: .seconds(10),
        maxIterations: 50
    )

    func random(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var state = seed
        var elements = [Float](repeating: 0, count: rows * columns)
        for index in elements.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            elements[index] = Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
        return try! Matrix(rows: rows, columns: columns, elements: elements)
    }

    // households × bins (one week) times bins × design columns (intercept + 5 daily harmonic pairs).
    let households = 100_000, bins = 168, designColumns = 11
    let district = random(rows: households, columns: bins, seed: 1)
    let design = random(rows: bins, columns: designColumns, seed: 2)

    // 2 · 100,000 · 168 · 11 = 0.37 GFLOP.
    Benchmark("sgemm 100000x168 · 168x11") { benchmark in
        var coefficients = Matrix(rows: households, columns: designColumns)
        benchmark.startMeasurement()
        try LinearAlgebra.multiply(district, design, into: &coefficients)
        benchmark.stopMeasurement()
        blackHole(coefficients)
    }

    // A square product large enough to show the kernel's peak (2·n³ flop = 2.1 GFLOP for n = 1024).
    let square = random(rows: 1024, columns: 1024, seed: 3)
    Benchmark("sgemm 1024x1024 · 1024x1024") { benchmark in
        var result = Matrix(rows: 1024, columns: 1024)
        benchmark.startMeasurement()
        try LinearAlgebra.multiply(square, square, into: &result)
        benchmark.stopMeasurement()
        blackHole(result)
    }

    // Cohort priors' distances: every household's weighted profile [W∘X, W] (2 × 96 values) against every cohort centre
    // [−2C, C∘C], one product for the district (Sources/Anbu/Baseline/CohortPriors.swift). 2 · 100,000 · 192 · 8 =
    // 0.31 GFLOP, reading 77 MB of profiles.
    let profiles = random(rows: households, columns: 192, seed: 5)
    let centres = random(rows: 8, columns: 192, seed: 6)
    Benchmark("sgemm 100000x192 · (8x192)ᵀ cohort distances") { benchmark in
        var distances = Matrix(rows: households, columns: 8)
        benchmark.startMeasurement()
        try LinearAlgebra.multiply(profiles, centres, transposeB: .transposed, into: &distances)
        benchmark.stopMeasurement()
        blackHole(distances)
    }

    // Residual covariance of one week of bins across households: ssyrk then ssyevd.
    // n² · k = 168² · 20,000 = 0.56 GFLOP.
    let residuals = random(rows: 20_000, columns: bins, seed: 4)
    Benchmark("ssyrk 20000x168 -> 168x168") { benchmark in
        var covariance = Matrix(rows: bins, columns: bins)
        benchmark.startMeasurement()
        try LinearAlgebra.symmetricRankKUpdate(residuals, into: &covariance)
        benchmark.stopMeasurement()
        blackHole(covariance)
    }

    let covariance = try! LinearAlgebra.gram(residuals)
    Benchmark("ssyevd 168x168") { benchmark in
        benchmark.startMeasurement()
        let result = try LinearAlgebra.symmetricEigen(covariance)
        benchmark.stopMeasurement()
        blackHole(result)
    }
}
