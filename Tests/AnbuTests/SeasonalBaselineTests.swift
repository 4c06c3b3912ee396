import Foundation
@_spi(LinearAlgebra) @testable import Anbu
import Testing

/// Seasonal baselines: the batched refit (two `sgemm` per zone and block, decay and origin shift of the statistics)
/// against a plain per-bin weighted least-squares accumulation in `Double`, recovery of a known seasonal profile, the
/// staged models, and independence of OpenBLAS's thread count.
@Suite("Seasonal baselines")
struct SeasonalBaselineTests {
    static let bins = SeasonalBaseline.bufferBins
    static let k = SeasonalDesign.parameters
    static let p = SeasonalDesign.packedCount

    /// A stream of buffered values for `households` over `days` days: household `h`'s zone is `h % 2` (zone 1 is
    /// five hours ahead), about 15% of bins do not teach, values follow a daily and weekly profile plus noise.
    struct Stream {
        let households: Int
        let days: Int
        /// `values[day][position][household][signal]`, nil for a bin that does not teach.
        var values: [[[[Float?]]]] = []
        /// Local seconds since Monday of each zone, `[day][position][zone]`.
        var weekSeconds: [[[Int32]]] = []

        init(households: Int, days: Int, seed: UInt64 = 3, dropRate: Double = 0.15,
             profile: (Int, Int, Double, Double) -> Double = Stream.defaultProfile) {
            self.households = households
            self.days = days
            var generator = SplitMix64(seed: seed)
            for day in 0..<days {
                var dayValues: [[[Float?]]] = []
                var daySeconds: [[Int32]] = []
                for j in 0..<SeasonalBaselineTests.bins {
                    // The grid starts on a Wednesday at 00:00 UTC.
                    let utc = (2 * 86_400 + day * 86_400 + j * 3600)
                    let zones = [Int32(utc % 604_800), Int32((utc + 5 * 3600) % 604_800)]
                    daySeconds.append(zones)
                    var cells: [[Float?]] = []
                    for h in 0..<households {
                        let seconds = Double(zones[h % 2])
                        cells.append((0..<SeasonalBaseline.signals).map { s -> Float? in
                            if Double.random(in: 0..<1, using: &generator) < dropRate { return nil }
                            let noise = Double.random(in: -0.5..<0.5, using: &generator)
                            return Float(max(0, profile(h, s, seconds, Double(day)) + noise))
                        })
                    }
                    dayValues.append(cells)
                }
                values.append(dayValues)
                weekSeconds.append(daySeconds)
            }
        }

        static func defaultProfile(_ h: Int, _ s: Int, _ seconds: Double, _ day: Double) -> Double {
            let u = seconds.truncatingRemainder(dividingBy: 86_400) / 86_400
            let v = seconds / 604_800
            return 3 + Double(h % 3) * 0.5 + 1.5 * cos(2 * .pi * u) - 0.8 * sin(4 * .pi * u) + Double(s) * 0.7
                + 0.6 * cos(2 * .pi * v)
        }

        /// Feeds the stream into `baseline`, refitting after every day.
        func feed(_ baseline: inout SeasonalBaseline, days range: Range<Int>? = nil) throws {
            let zones = (0..<households).map { $0 % 2 }
            for day in range ?? 0..<days {
                for j in 0..<SeasonalBaselineTests.bins {
                    baseline.noteCalendar(weekSeconds[day][j], position: j)
                    for h in 0..<households {
                        for s in 0..<SeasonalBaseline.signals {
                            if let y = values[day][j][h][s] { baseline.record(h, s, position: j, y) }
                        }
                    }
                }
                try baseline.refit(zoneOfHousehold: zones, binsPerDay: 24, halfLifeDays: 28)
            }
        }

        /// The statistics by a plain loop in `Double`: every bin's `w·x xᵀ`, `w·x y` and `w·y²`, `w` its decay to the
        /// end of the stream, `x` the design with the trend measured from the end of the stream; the values
        /// quantised as the buffer stores them.
        func reference(household h: Int, signal s: Int) -> (gram: [Double], moment: [Double], squares: Double) {
            let perBin = pow(0.5, 1 / (28.0 * 24))
            var gram = [Double](repeating: 0, count: SeasonalBaselineTests.p)
            var moment = [Double](repeating: 0, count: SeasonalBaselineTests.k)
            var squares = 0.0
            let total = days * SeasonalBaselineTests.bins
            var row = [Float](repeating: 0, count: SeasonalBaselineTests.k)
            for day in 0..<days {
                for j in 0..<SeasonalBaselineTests.bins {
                    guard let raw = values[day][j][h][s] else { continue }
                    let y = Double(min(254, (raw * 16).rounded())) / 16
                    let index = day * SeasonalBaselineTests.bins + j
                    let w = pow(perBin, Double(total - 1 - index))
                    SeasonalDesign.row(weekSeconds: weekSeconds[day][j][h % 2],
                                       trendWeeks: Double(index - total) / (7 * 24), into: &row)
                    for b in 0..<SeasonalBaselineTests.k {
                        moment[b] += w * Double(row[b]) * y
                        for a in 0...b { gram[SeasonalDesign.packed(a, b)] += w * Double(row[a]) * Double(row[b]) }
                    }
                    squares += w * y * y
                }
            }
            return (gram, moment, squares)
        }
    }

    @Test("The batched refit's statistics equal a plain per-bin accumulation over three weeks, two zones")
    func statisticsMatchReference() throws {
        let stream = Stream(households: 37, days: 21)
        var baseline = SeasonalBaseline()
        baseline.append(households: stream.households)
        try stream.feed(&baseline)
        for h in 0..<stream.households {
            for s in 0..<SeasonalBaseline.signals {
                let expected = stream.reference(household: h, signal: s)
                let row = h * SeasonalBaseline.signals + s
                for e in 0..<Self.p {
                    let got = Double(baseline.gram[row * Self.p + e])
                    #expect(abs(got - expected.gram[e]) <= 2e-4 * max(1, abs(expected.gram[e])),
                            "household \(h) signal \(s) gram entry \(e): \(got) vs \(expected.gram[e])")
                }
                for i in 0..<Self.k {
                    let got = Double(baseline.moment[row * Self.k + i])
                    #expect(abs(got - expected.moment[i]) <= 2e-4 * max(1, abs(expected.moment[i])),
                            "household \(h) signal \(s) moment \(i): \(got) vs \(expected.moment[i])")
                }
                let squares = Double(baseline.squares[row])
                #expect(abs(squares - expected.squares) <= 2e-4 * expected.squares)
            }
        }
    }

    @Test("The fit recovers a planted daily and weekly profile and predicts it within the noise")
    func recoversProfile() throws {
        let stream = Stream(households: 6, days: 28)
        var baseline = SeasonalBaseline()
        baseline.append(households: stream.households)
        try stream.feed(&baseline)
        var row = [Float](repeating: 0, count: Self.k)
        var worst = 0.0
        for h in 0..<stream.households {
            for s in 0..<SeasonalBaseline.signals {
                #expect(baseline.fits(h, s) > 0)
                for hour in stride(from: 0, to: 168, by: 5) {
                    let seconds = Int32(hour * 3600)
                    SeasonalDesign.row(weekSeconds: seconds, trendWeeks: 0, into: &row)
                    let predicted = baseline.predict(h, s, row, at: 0)
                    let truth = Stream.defaultProfile(h, s, Double(seconds), 28)
                    worst = max(worst, abs(Double(predicted) - truth))
                }
                // Pooled residual variance: the uniform noise's 1/12 plus the quantisation's.
                let variance = baseline.residualVariance(h, s)
                #expect(variance > 0.06 && variance < 0.11, "residual variance \(variance)")
            }
        }
        #expect(worst < 0.15, "largest error of the fitted mean: \(worst)")
    }

    @Test("No fit before three days of weight, the daily model until seven, then the full model")
    func stagedModels() throws {
        let stream = Stream(households: 2, days: 9, dropRate: 0)
        var baseline = SeasonalBaseline()
        baseline.append(households: 2)
        try stream.feed(&baseline, days: 0..<2)
        #expect(baseline.fits(0, 0) == 0)
        #expect(baseline.coefficients.allSatisfy { $0 == 0 })
        try stream.feed(&baseline, days: 2..<4)
        #expect(baseline.fits(0, 0) == 1)
        let daily = SeasonalDesign.dailyParameters
        #expect(baseline.coefficients[0] > 2)
        #expect(baseline.coefficients[daily..<Self.k].allSatisfy { $0 == 0 })
        try stream.feed(&baseline, days: 4..<9)
        #expect(baseline.fits(0, 0) == 6)
        #expect(baseline.coefficients[daily] != 0)
    }

    @Test("Decay and origin shift equal refitting the same bins with the trend measured from the new origin")
    func shiftIsExact() throws {
        // One household, one day refitted then three empty days: the statistics must equal those of the day's bins
        // with their trend measured from three days later and their weights decayed by three days.
        let stream = Stream(households: 1, days: 4, dropRate: 0)
        var streamWithGaps = stream
        for day in 1..<4 {
            for j in 0..<Self.bins { streamWithGaps.values[day][j][0] = [nil, nil] }
        }
        var baseline = SeasonalBaseline()
        baseline.append(households: 1)
        try streamWithGaps.feed(&baseline)
        let expected = streamWithGaps.reference(household: 0, signal: 1)
        for e in 0..<Self.p {
            let got = Double(baseline.gram[Self.p + e])
            #expect(abs(got - expected.gram[e]) <= 1e-4 * max(1, abs(expected.gram[e])))
        }
    }

    @Test("sgemm adding its product to C (beta 1) gives the bits of the product added afterwards, at the refit shapes")
    func productAddedInPlace() throws {
        // The refit adds each chunk's products to the statistics inside `sgemm`; this is the sum it replaced.
        var generator = SplitMix64(seed: 11)
        let rows = SeasonalBaseline.chunkHouseholds * SeasonalBaseline.signals
        func random(_ rows: Int, _ columns: Int, zeros: Double = 0) -> Matrix {
            var m = Matrix(rows: rows, columns: columns)
            for i in m.elements.indices where Double.random(in: 0..<1, using: &generator) >= zeros {
                m.elements[i] = Float.random(in: -4..<40, using: &generator)
            }
            return m
        }
        for (chunkRows, columns) in [(rows, Self.p), (rows, Self.k), (44, Self.p), (1, Self.k)] {
            let a = random(chunkRows, Self.bins, zeros: 0.15), b = random(Self.bins, columns)
            let before = random(chunkRows, columns)
            var inPlace = before
            var product = Matrix(rows: chunkRows, columns: columns)
            // On one BLAS thread, as the refit runs them: other tests set the process-wide thread count to 2 while
            // this one runs, and a product split across two threads has other last bits (session 12: this test
            // failed that way in one CI run of two).
            try OpenBLASRuntime.onOneThread { () throws(LinearAlgebraError) in
                try LinearAlgebra.multiply(a, b, beta: 1, into: &inPlace)
                try LinearAlgebra.multiply(a, b, into: &product)
            }
            let added = zip(before.elements, product.elements).map { $0 + $1 }
            #expect(inPlace.elements.map(\.bitPattern) == added.map(\.bitPattern), "\(chunkRows) × \(columns)")
        }
    }

    @Test("A row's weights, weighted values and sum of w·y², eight bins at a time, equal the plain loop over the bins")
    func weighMatchesScalarLoop() {
        var generator = SplitMix64(seed: 13)
        let ages = (0..<Self.bins).map { Float(pow(0.999, Double(Self.bins - 1 - $0))) }
        let lanes = (0..<(Self.bins / 8)).map { g in SeasonalBaseline.Lane((0..<8).map { ages[g * 8 + $0] }) }
        var mismatches = 0
        for row in 0..<2_000 {
            let emptyShare = [0, 0.15, 0.9, 1][row % 4]
            let codes: [UInt8] = (0..<Self.bins).map { _ in
                Double.random(in: 0..<1, using: &generator) < emptyShare
                    ? SeasonalBaseline.empty : UInt8.random(in: 0...254, using: &generator)
            }
            // The plain loop: only bins that teach are written and summed.
            var expectedWeights = [Float](repeating: 0, count: Self.bins), expectedWeighted = expectedWeights
            var expectedSum: Float = 0
            for j in 0..<Self.bins where codes[j] != SeasonalBaseline.empty {
                let y = Float(codes[j]) / SeasonalBaseline.bufferScale
                expectedWeights[j] = ages[j]
                expectedWeighted[j] = ages[j] * y
                expectedSum += ages[j] * y * y
            }
            var weights = [Float](repeating: .nan, count: Self.bins), weighted = weights
            let sum = codes.withUnsafeBufferPointer { c in
                lanes.withUnsafeBufferPointer { a in
                    weights.withUnsafeMutableBufferPointer { w in
                        weighted.withUnsafeMutableBufferPointer { wy in
                            SeasonalBaseline.weigh(codes: c.baseAddress!, ages: a.baseAddress!, weights: w.baseAddress!,
                                                   weighted: wy.baseAddress!)
                        }
                    }
                }
            }
            if sum.bitPattern != expectedSum.bitPattern
                || weights.map(\.bitPattern) != expectedWeights.map(\.bitPattern)
                || weighted.map(\.bitPattern) != expectedWeighted.map(\.bitPattern) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test("A refit that fails keeps every coefficient; the next refit learns as if the failed day had taught nothing")
    func failedRefitKeepsFit() throws {
        let stream = Stream(households: 40, days: 6)
        var failing = SeasonalBaseline()
        failing.append(households: stream.households)
        try stream.feed(&failing, days: 0..<4)
        let previous = failing.coefficients
        #expect(previous.contains { $0 != 0 })
        failing.injectedFailure = .dimensionMismatch(operation: "test", detail: "injected")
        #expect(throws: LinearAlgebraError.dimensionMismatch(operation: "test", detail: "injected")) {
            try stream.feed(&failing, days: 4..<5)
        }
        #expect(failing.coefficients == previous)
        #expect(failing.injectedFailure == nil)
        try stream.feed(&failing, days: 5..<6)
        #expect(failing.coefficients != previous)
        // The same stream with day 4's bins not teaching: the statistics decay and move their origin, nothing is added.
        var untaught = SeasonalBaseline()
        untaught.append(households: stream.households)
        try stream.feed(&untaught, days: 0..<4)
        for j in 0..<Self.bins { untaught.noteCalendar(stream.weekSeconds[4][j], position: j) }
        try untaught.refit(zoneOfHousehold: (0..<stream.households).map { $0 % 2 }, binsPerDay: 24, halfLifeDays: 28)
        try stream.feed(&untaught, days: 5..<6)
        // Day 4's bins are dropped with the failed refit: kept in the buffer, those that day 5 does not overwrite
        // would be counted on day 5.
        #expect(failing.gram == untaught.gram)
        #expect(failing.moment == untaught.moment)
        #expect(failing.squares == untaught.squares)
        #expect(failing.coefficients == untaught.coefficients)
    }

    @Test("The refit gives the same bits with OpenBLAS on one or two threads")
    func threadIndependent() throws {
        let stream = Stream(households: 300, days: 8)
        var results: [[Float]] = []
        let before = OpenBLASRuntime.threadCount
        defer { OpenBLASRuntime.setThreadCount(before) }
        for threads in [1, 2] {
            OpenBLASRuntime.setThreadCount(threads)
            var baseline = SeasonalBaseline()
            baseline.append(households: stream.households)
            try stream.feed(&baseline)
            results.append(baseline.gram + baseline.moment + baseline.coefficients)
        }
        #expect(results[0] == results[1])
    }
}
