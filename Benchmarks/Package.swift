// swift-tools-version: 6.1
//
// Anbu's benchmarks: a package of its own, so library users never resolve package-benchmark.
// Run with `make bench` from the repository root (it sets OPENBLAS_CORETYPE for this CPU).

import PackageDescription

let package = Package(
    name: "AnbuBenchmarks",
    dependencies: [
        .package(name: "Anbu", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LinearAlgebraBenchmarks",
            dependencies: [
                .product(name: "Anbu", package: "Anbu"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LinearAlgebra",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EvaluationBenchmarks",
            dependencies: [
                .product(name: "AnbuEvaluation", package: "Anbu"),
                .product(name: "Anbu", package: "Anbu"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Evaluation",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "IOBenchmarks",
            dependencies: [
                .product(name: "Anbu", package: "Anbu"),
                .product(name: "AnbuIO", package: "Anbu"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/IO",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "Anbu", package: "Anbu"),
                .product(name: "AnbuSimulation", package: "Anbu"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Engine",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
