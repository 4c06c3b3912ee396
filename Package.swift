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
        .library(name: "AnbuSimulation", targets: ["AnbuSimulation"]),
        .executable(name: "anbu", targets: ["AnbuCommand"]),
        .library(name: "AnbuIO", targets: ["AnbuIO"]),
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
        .target(
            name: "Anbu",
            dependencies: ["CAnbuOpenBLAS"],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "AnbuSimulation",
            dependencies: ["Anbu", "AnbuIO"],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "AnbuCommand",
            dependencies: [
                "Anbu",
                "AnbuIO",
                "AnbuSimulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "AnbuTests",
            dependencies: ["Anbu"],
            swiftSettings: strictSwift6
        ),
        // The district-directory file contract: CSV and .npy readers and writers (docs/formats.md).
        .target(
            name: "AnbuIO",
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
    ]
)
