import Anbu
import Foundation

/// The simulator's random number generator: SplitMix64 keyed by a seed and a stream number.
///
/// Every household draws from its own stream `(seed, household index)`, and the district's events from a stream of
/// their own, so a household's data depend only on the seed, the scenario and its index: never on how many threads
/// generate the district or in which order.
///
/// - Complexity: O(1) per draw, 8 bytes of state.
public struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var generator: SplitMix64

    /// A generator for stream `stream` of seed `seed`. Different `(seed, stream)` pairs give independent sequences.
    public init(seed: UInt64, stream: UInt64) {
        // Mix both words through the finaliser so nearby seeds and streams start far apart.
        generator = SplitMix64(
            seed: SplitMix64.mix(seed &+ 0x9E37_79B9_7F4A_7C15)
                ^ SplitMix64.mix(stream &* 0xD1B5_4A32_D192_ED03 &+ 0x8CB9_2BA7_2F3D_8DD7))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 { generator.next() }

    /// A uniform value in `[0, 1)`.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform value in `[lower, upper)`.
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * uniform() }

    /// `true` with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool { uniform() < probability }

    /// A uniform integer in `range`.
    public mutating func integer(in range: Range<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// A standard normal value (Box–Muller; one of the pair is discarded so each call costs two draws).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 0x1.0p-60)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A normal value with mean `mean` and standard deviation `sd`.
    public mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * normal() }

    /// An exponential value with mean `mean`.
    public mutating func exponential(mean: Double) -> Double { -mean * log(max(1 - uniform(), 0x1.0p-60)) }

    /// A Poisson count with mean `mean` (Knuth's product method below 30, a rounded normal above).
    public mutating func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int((normal(mean: mean, sd: mean.squareRoot())).rounded())) }
        let limit = exp(-mean)
        var product = uniform()
        var count = 0
        while product > limit {
            count += 1
            product *= uniform()
        }
        return count
    }

    /// A log-normal value with median `median` whose logarithm has standard deviation `logSD`.
    public mutating func logNormal(median: Double, logSD: Double) -> Double { median * exp(logSD * normal()) }

    /// An index drawn with probability proportional to `weights` (which must not all be zero).
    public mutating func pick(weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = uniform() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }
}
