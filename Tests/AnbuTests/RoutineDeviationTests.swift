import Foundation
@testable import Anbu
import Testing

/// Routine deviation's activity measure: the tables of `log(1 + x)` and of its buffer code that it reads instead of
/// calling `log1p` give log1p's own values, bit for bit, and every other reading still goes to `log1p`.
@Suite("Routine deviation")
struct RoutineDeviationTests {
    @Test("The activity is log1p(max(0, x)) bit for bit, and its code the buffer's, on the table's points and off")
    func activityEqualsLog1p() {
        var raws: [Float] = [0, -0.0, -3, -0.125, 0.125, 0.1, 3.3, 511.875, 512, 512.125, 6_000, 1e30, .infinity]
        raws += (0..<4_096).map { Float($0) / 8 }
        var generator = SplitMix64(seed: 5)
        raws += (0..<20_000).map { _ in Float.random(in: -10..<600, using: &generator) }
        raws += (0..<20_000).map { _ in Float(Int.random(in: -80..<8_000, using: &generator)) / 8 }
        raws += (0..<2_000).map { _ in Float(Int.random(in: 0..<4_096, using: &generator)) / 8 + 1 / 64 }
        let mismatches = RoutineDeviation.activityLogs.withUnsafeBufferPointer { logs in
            RoutineDeviation.activityCodes.withUnsafeBufferPointer { codes in
                raws.filter { raw in
                    let (value, code) = RoutineDeviation.activity(
                        raw, logs: logs.baseAddress!, codes: codes.baseAddress!)
                    let expected = log1p(max(0, raw))
                    return value.bitPattern != expected.bitPattern || code != SeasonalBaseline.code(expected)
                }
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }
}
