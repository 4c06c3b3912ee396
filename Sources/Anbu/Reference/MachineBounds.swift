import Foundation

/// What this machine can move and compute, measured in the same run as the reference computation so that its
/// speed can be set against the bounds (docs/performance.md): STREAM-style copy and triad memory bandwidth, and
/// single-precision matrix-product speed with the OpenBLAS kernel in use.
///
/// SPI `Benchmarks`: used by `anbu bench machine`; not public API.
@_spi(Benchmarks)
public enum MachineBounds {
    /// Memory bandwidth, bytes moved per second as STREAM counts them (copy: 8 bytes per `Float` element, read and
    /// written; triad: 12 bytes), not counting the write-allocate read of the destination.
    public struct Bandwidth: Sendable, Hashable {
        /// `a[i] = b[i]`, bytes per second.
        public var copy: Double
        /// `a[i] = b[i] + s · c[i]`, bytes per second.
        public var triad: Double
    }

    /// The median of `repeats` passes of copy and triad over arrays of `elements` `Float`s each (three arrays),
    /// split into `threads` contiguous parts run at once.
    ///
    /// - Precondition: `threads >= 1`, `elements >= threads`, `repeats >= 1`.
    public static func bandwidth(threads: Int, elements: Int = 1 << 26, repeats: Int = 5) -> Bandwidth {
        precondition(threads >= 1 && elements >= threads && repeats >= 1, "threads, elements and repeats must be positive")
        let arrays = Arrays(elements: elements)
        defer { arrays.deallocate() }
        func timed(_ body: @escaping @Sendable (Range<Int>) -> Void) -> Double {
            let seconds = (0..<repeats).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds
                DispatchQueue.concurrentPerform(iterations: threads) { part in
                    body((elements * part / threads)..<(elements * (part + 1) / threads))
                }
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }.sorted()
            return seconds[seconds.count / 2]
        }
        let copySeconds = timed { range in
            for i in range { arrays.a[i] = arrays.b[i] }
        }
        let triadSeconds = timed { range in
            let scale: Float = 3
            for i in range { arrays.a[i] = arrays.b[i] + scale * arrays.c[i] }
        }
        let size = Double(elements * MemoryLayout<Float>.size)
        return Bandwidth(copy: 2 * size / copySeconds, triad: 3 * size / triadSeconds)
    }

    /// The single-precision matrix product speed, flop per second: the median of `repeats` products of two
    /// `size × size` matrices through ``LinearAlgebra`` with OpenBLAS's current kernel and thread count.
    public static func sgemmSpeed(size: Int = 1024, repeats: Int = 5) -> Double {
        var generator = SplitMix64(seed: 1)
        let elements = (0..<(size * size)).map { _ in Float.random(in: -1..<1, using: &generator) }
        let a = try! Matrix(rows: size, columns: size, elements: elements)
        var product = Matrix(rows: size, columns: size)
        try! LinearAlgebra.multiply(a, a, into: &product)  // warm-up: the library's first call sets up its buffers
        let seconds = (0..<repeats).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            try! LinearAlgebra.multiply(a, a, into: &product)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }.sorted()
        return 2 * Double(size * size * size) / seconds[seconds.count / 2]
    }

    /// Three arrays that the bandwidth loops' threads read and write at disjoint indices.
    private struct Arrays: @unchecked Sendable {
        let a: UnsafeMutablePointer<Float>
        let b: UnsafeMutablePointer<Float>
        let c: UnsafeMutablePointer<Float>

        init(elements: Int) {
            a = .allocate(capacity: elements)
            b = .allocate(capacity: elements)
            c = .allocate(capacity: elements)
            a.initialize(repeating: 0, count: elements)
            b.initialize(repeating: 1, count: elements)
            c.initialize(repeating: 2, count: elements)
        }

        func deallocate() {
            a.deallocate()
            b.deallocate()
            c.deallocate()
        }
    }
}
