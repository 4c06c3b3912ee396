@_spi(LinearAlgebra) import Anbu

/// A small deterministic generator (SplitMix64) so random test inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Matrix {
    /// A matrix of uniform values in [-1, 1).
    static func random(rows: Int, columns: Int, using generator: inout SplitMix64) -> Matrix {
        try! Matrix(
            rows: rows, columns: columns,
            elements: (0..<(rows * columns)).map { _ in Float.random(in: -1..<1, using: &generator) })
    }

    /// A matrix from rows of `Double`.
    static func fromRows(_ rows: [[Double]]) -> Matrix {
        try! Matrix(rows: rows.count, columns: rows.first?.count ?? 0, elements: rows.flatMap { $0.map(Float.init) })
    }
}
