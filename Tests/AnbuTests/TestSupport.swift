@_spi(LinearAlgebra) import Anbu
import Foundation

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

/// A new empty directory under the system's temporary directory, for a test's files (the test removes it).
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "anbu-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
