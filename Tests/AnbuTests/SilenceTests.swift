@testable import Anbu
import Testing

/// Silence's vector arithmetic against the scalar expressions it replaces.
@Suite("Silence")
struct SilenceTests {
    @Test("The quiet history's eight shares updated as one vector equal the scalar update, share by share")
    func sharesAsOneVector() {
        var generator = SplitMix64(seed: 17)
        let thresholds = SIMD8<Float>(Silence.quietThresholds)
        let unitsMax = Float(UInt16.max)
        var held = 0
        for round in 0..<20_000 {
            // Shares anywhere in 0...65,535 (the ends often), days from new to long-learned, and every quiet level.
            var shares = [UInt16](repeating: 0, count: 10)
            for j in 1...8 {
                shares[j] = switch round % 4 {
                case 0: UInt16.random(in: 0...3, using: &generator)
                case 1: UInt16.random(in: 65_530...65_535, using: &generator)
                default: UInt16.random(in: 0...65_535, using: &generator)
                }
            }
            let kept = Float.random(in: 0...60, using: &generator) * (round % 7 == 0 ? 0 : 1)
            let days = kept + 1
            let keep = kept / days, reachedUnits = unitsMax / days
            let quiet = Float.random(in: 0...9, using: &generator)
            var expected = shares
            for j in 0..<8 {
                let units = keep * Float(shares[1 + j]) + (quiet >= Silence.quietThresholds[j] ? reachedUnits : 0)
                expected[1 + j] = UInt16(min(units + 0.5, unitsMax))
            }
            // At an odd offset inside a record, as in the history (days first), and with neighbours left alone.
            shares.withUnsafeMutableBufferPointer { values in
                Silence.learnShares(values.baseAddress! + 1, keep: keep, reachedUnits: reachedUnits,
                                    reached: thresholds .<= quiet)
            }
            #expect(shares == expected, "round \(round): keep \(keep), quiet \(quiet)")
            held += expected.contains(UInt16.max) ? 1 : 0
        }
        #expect(held > 100)  // the largest share was reached, and held there
    }
}
