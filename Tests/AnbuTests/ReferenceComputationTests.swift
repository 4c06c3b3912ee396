@_spi(Benchmarks) import Anbu
import Foundation
import Testing

/// The SIMD reference kernel against a plain scalar transcription of the definition
/// (../shared/reference-computation.md), on small random districts.
@Suite struct ReferenceComputationTests {
    /// The definition, one household and one bin at a time, in `Float` like the kernel.
    static func scalarCounts(_ district: DenseDistrict) -> ReferenceComputation.Counts {
        let alpha = ReferenceComputation.alpha
        let bins = district.grid.count
        var counts = ReferenceComputation.Counts()
        for (h, household) in district.households.enumerated() {
            var calendar = Calendar(identifier: .gregorian)
            switch household.timeZone {
            case .fixed(let offset): calendar.timeZone = TimeZone(secondsFromGMT: offset)!
            case .named(let name): calendar.timeZone = TimeZone(identifier: name)!
            }
            var n = [[Float]](repeating: [Float](repeating: 0, count: 6), count: 168)
            var m = n, v = n
            var q = Float.nan
            var c = 0
            var flagged = false
            for t in 0..<bins {
                let date = Date(timeIntervalSince1970: TimeInterval(district.grid.start(ofBin: t).unixSeconds))
                let parts = calendar.dateComponents([.weekday, .hour], from: date)
                let k = 24 * ((parts.weekday! + 5) % 7) + parts.hour!  // Calendar: Sunday = 1; here Monday = 0
                let x = ReferenceComputation.signals.map { district[$0, h, t] }
                var d: Float = 0
                for s in 0..<6 where !x[s].isNaN {
                    counts.readings += 1
                    if n[k][s] >= 4 {
                        let sigma = max(m[k][s].magnitude * 0.1 + 0.001, v[k][s].squareRoot())
                        let z = (x[s] - m[k][s]) / sigma
                        d += min(z, 0) * min(z, 0)
                    }
                    if n[k][s] == 0 {
                        m[k][s] = x[s]
                        v[k][s] = 0
                    } else {
                        let delta = x[s] - m[k][s]
                        m[k][s] = m[k][s] + alpha * delta
                        v[k][s] = (1 - alpha) * (v[k][s] + alpha * delta * delta)
                    }
                    n[k][s] += 1
                }
                let (power, steps, callOut, callIn) = (x[0], x[1], x[2], x[3])
                let active = steps > 0 || callOut > 0 || callIn > 0 || power > q + 20
                if !power.isNaN {
                    if q.isNaN {
                        q = power
                    } else if power < q {
                        q = q - 0.045 * (q + 1)
                    } else if power > q {
                        q = q + 0.005 * (q + 1)
                    }
                }
                c = active ? 0 : c + 1
                let silence = c > 24, deviation = d > 25
                if silence { counts.silence += 1 }
                if deviation { counts.deviation += 1 }
                if silence || deviation {
                    counts.either += 1
                    flagged = true
                }
            }
            if flagged { counts.households += 1 }
        }
        return counts
    }

    /// A random district: routines with quiet spells, drops that deviate, missing values and households without
    /// a plug; households in two or three time zones, interleaved, so lane groups mix rows.
    static func randomDistrict(households: Int, bins: Int, zones: [HouseholdTimeZone], seed: UInt64) -> DenseDistrict {
        var generator = SplitMix64(seed: seed)
        let list = (0..<households).map {
            Household(id: HouseholdID("h\($0)")!, timeZone: zones[$0 % zones.count], sources: .all)
        }
        // 2025-03-02T15:00:00Z, a Sunday evening in UTC and Monday midnight at +09:00.
        var district = DenseDistrict(households: list, grid: BinGrid(startUnixSeconds: 1_740_927_600, count: bins))
        for h in 0..<households {
            let hasPlug = Double.random(in: 0..<1, using: &generator) > 0.1
            let quietFrom = Int.random(in: 0..<bins, using: &generator)
            let quietLength = Int.random(in: 0..<80, using: &generator)
            for t in 0..<bins {
                let quiet = t >= quietFrom && t < quietFrom + quietLength
                let awake = t % 24 >= 7 && t % 24 < 22 && !quiet
                func draw(_ range: Range<Float>) -> Float { Float.random(in: range, using: &generator) }
                if hasPlug, draw(0..<1) > 0.03 {
                    district[.power, h, t] = (awake ? draw(10..<200) : draw(8..<12)).rounded()
                }
                guard draw(0..<1) > 0.03 else { continue }  // the phone sent nothing: its five signals are NaN
                district[.steps, h, t] = awake && draw(0..<1) > 0.3 ? draw(0..<500).rounded() : 0
                district[.callOut, h, t] = awake && draw(0..<1) > 0.8 ? 1 : 0
                district[.callIn, h, t] = awake && draw(0..<1) > 0.8 ? 1 : 0
                district[.callMissed, h, t] = draw(0..<1) > 0.9 ? 1 : 0
                district[.talkSeconds, h, t] = district[.callOut, h, t] * draw(10..<300).rounded()
            }
        }
        return district
    }

    @Test(arguments: [
        (37, 24 * 35, [HouseholdTimeZone.fixed(offsetSeconds: 9 * 3600)]),
        (50, 24 * 30 + 7, [.fixed(offsetSeconds: 9 * 3600), .named("UTC"), .fixed(offsetSeconds: -(3 * 3600 + 1800))]),
        (16, 24 * 60, [.named("Europe/Berlin")]),
    ])
    func kernelMatchesTheScalarDefinition(households: Int, bins: Int, zones: [HouseholdTimeZone]) throws {
        let district = Self.randomDistrict(households: households, bins: bins, zones: zones, seed: UInt64(households))
        let expected = Self.scalarCounts(district)
        #expect(expected.silence > 0 && expected.deviation > 0, "the input exercises both flags")
        #expect(try ReferenceComputation.run(district, threads: 1) == expected)
    }

    @Test func countsDoNotDependOnTheThreadCount() throws {
        let district = Self.randomDistrict(
            households: 83, bins: 24 * 21, zones: [.fixed(offsetSeconds: 9 * 3600), .named("UTC")], seed: 7)
        let one = try ReferenceComputation.run(district, threads: 1)
        #expect(one.either > 0)
        #expect(try ReferenceComputation.run(district, threads: 2) == one)
        #expect(try ReferenceComputation.run(district, threads: 5) == one)
    }

    @Test func refusesBinsThatAreNotHoursAndNoThreads() {
        let district = DenseDistrict(
            households: [Household(id: HouseholdID("h")!, timeZone: .named("UTC"), sources: .all)],
            grid: BinGrid(startUnixSeconds: 0, binSeconds: 900, count: 4))
        #expect(throws: ReferenceComputation.Failure.binSeconds(900)) {
            try ReferenceComputation.run(district, threads: 1)
        }
        let hourly = Self.randomDistrict(households: 1, bins: 4, zones: [.named("UTC")], seed: 1)
        #expect(throws: ReferenceComputation.Failure.threads(0)) {
            try ReferenceComputation.run(hourly, threads: 0)
        }
    }
}
