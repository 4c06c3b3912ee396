/// SplitMix64: a small, fast, seeded generator whose sequence is the same on every platform and Swift version.
///
/// The one definition used across the package: the simulator's per-household streams, the evaluation's bootstrap
/// resamples and the tests' random inputs. `package` access: shared by Anbu's own modules, not public API.
///
/// - Complexity: O(1) per draw, 8 bytes of state.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state: the number of draws times the golden-ratio increment, plus the seed.
    package var state: UInt64

    /// A generator that starts at `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's finaliser: a bijective mix of 64 bits.
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
