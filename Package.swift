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
            dependencies: ["Anbu"],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "AnbuCommand",
            dependencies: [
                "Anbu",
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
        .testTarget(
            name: "AnbuSimulationTests",
            dependencies: ["Anbu", "AnbuSimulation"],
            swiftSettings: strictSwift6
        ),
    ]
)
