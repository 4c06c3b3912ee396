// swift-tools-version: 6.1
//
// Anbu (안부): a household-wellbeing anomaly engine.
// The library products are the public API (see docs/public-api.md); the `anbu` executable is the command line.

import PackageDescription

let strictSwift6: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Anbu",
    products: [
        .library(name: "Anbu", targets: ["Anbu"]),
        .library(name: "AnbuIO", targets: ["AnbuIO"]),
        .library(name: "AnbuSimulation", targets: ["AnbuSimulation"]),
        .library(name: "AnbuEvaluation", targets: ["AnbuEvaluation"]),
        .executable(name: "anbu", targets: ["AnbuCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // OpenBLAS (CBLAS) and LAPACKE. Imported `internal`ly by Anbu's linear-algebra layer only.
        .systemLibrary(
            name: "CAnbuOpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // The engine and its vocabulary.
        .target(
            name: "Anbu",
            dependencies: ["CAnbuOpenBLAS"],
            swiftSettings: strictSwift6
        ),
        // The district-directory file contract: CSV and .npy readers and writers (docs/formats.md).
        .target(
            name: "AnbuIO",
            dependencies: ["Anbu"],
            swiftSettings: strictSwift6
        ),
        // Synthetic districts with ground truth (docs/simulation.md).
        .target(
            name: "AnbuSimulation",
            dependencies: ["Anbu", "AnbuIO"],
            swiftSettings: strictSwift6
        ),
        // Scoring against ground truth and the deployed reference rules (docs/evaluation.md).
        .target(
            name: "AnbuEvaluation",
            dependencies: ["Anbu"],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "AnbuCommand",
            dependencies: [
                "Anbu",
                "AnbuIO",
                "AnbuSimulation",
                "AnbuEvaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift6
        ),
        // The soak test behind `make soak`: weeks of a large synthetic district through the streaming API with
        // checkpoints, memory sampled (docs/reliability.md). Not a product.
        .executableTarget(
            name: "AnbuSoak",
            dependencies: ["Anbu"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "AnbuTests",
            dependencies: ["Anbu"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "AnbuIOTests",
            dependencies: ["Anbu", "AnbuIO"],
            exclude: ["Fixtures"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "AnbuSimulationTests",
            dependencies: ["Anbu", "AnbuIO", "AnbuSimulation"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "AnbuEvaluationTests",
            dependencies: ["AnbuEvaluation", "Anbu"],
            swiftSettings: strictSwift6
        ),
    ]
)

// The DocC plugin, only when building the documentation (`make docs` sets ANBU_GENERATE_DOCS), so that packages
// depending on Anbu never resolve it; swift-configuration adds it the same way.
if Context.environment["ANBU_GENERATE_DOCS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
