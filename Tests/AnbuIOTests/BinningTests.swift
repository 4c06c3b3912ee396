import Anbu
@testable import AnbuIO
import Foundation
import Testing

/// A district directory in a temporary folder from households.csv and readings.csv texts.
func district(households: String, readings: String, label: String = #function) -> String {
    let dir = temporaryDirectory(label)
    write(households, to: dir, "households.csv")
    write(readings, to: dir, "readings.csv")
    return dir
}

/// Bins `readings` for `households` onto `grid` (hourly bins from 2025-03-03T00:00+09:00 when not given).
func bin(
    households: String, readings: String, grid: BinGrid? = BinGrid(startUnixSeconds: 1_740_927_600, count: 4),
    policy: ErrorPolicy = .collect(keep: 100), blockSize: Int = 8 << 20, batchSize: Int = 1 << 16,
    maximumInferredBins: Int = DistrictBinner.Options().maximumInferredBins, label: String = #function
) throws -> (district: DenseDistrict, summary: DistrictBinner.Summary) {
    let dir = district(households: households, readings: readings, label: label)
    let (file, problems) = try HouseholdsFile.read(path: dir + "/households.csv")
    #expect(problems.isClean)
    var options = DistrictBinner.Options()
    options.grid = grid
    options.policy = policy
    options.blockSize = blockSize
    options.batchSize = batchSize
    options.maximumInferredBins = maximumInferredBins
    return try DistrictBinner.bin(path: dir + "/readings.csv", households: file.households, options: options)
}

let threeHouseholds = """
    household,timezone,signals
    full,Asia/Seoul,power;steps;calls
    phone,+09:00,steps;calls
    callsonly,+09:00,calls

    """

func row(_ values: some Sequence<Float>) -> [UInt32] { values.map(\.bitPattern) }
let nan = Float.nan

@Suite("Binning readings.csv by the contract's rule")
struct BinningTests {
    @Test("power is averaged, steps and talk time summed, calls counted; empty bins are missing, not zero")
    func rule() throws {
        let (dense, summary) = try bin(
            households: threeHouseholds,
            readings: """
                household,time,signal,value
                full,2025-03-03T00:10:00+09:00,power,10
                full,2025-03-03T00:50:00+09:00,power,20.5
                full,2025-03-03T00:59:59.999+09:00,steps,3
                full,2025-03-03T00:30:00+09:00,steps,4
                full,2025-03-03T01:00:00+09:00,call_out,60
                full,2025-03-03T01:20:00+09:00,call_in,30.5
                full,2025-03-03T01:21:00+09:00,call_missed,
                full,2025-03-03T01:22:00+09:00,call_missed,7
                phone,2025-03-03T02:00:00+09:00,steps,0
                callsonly,2025-03-03T03:00:00+09:00,call_out,5

                """)
        #expect(summary.problems.isClean)
        #expect(summary.statistics.total == 10)
        // full: bin 0 has power and steps; bin 1 only calls (the phone sent calls, so calls are present).
        #expect(row(Array(dense.values[.power]![0..<4])) == row([15.25, nan, nan, nan]))
        #expect(row(Array(dense.values[.steps]![0..<4])) == row([7, nan, nan, nan]))
        #expect(row(Array(dense.values[.callOut]![0..<4])) == row([0, 1, nan, nan]))
        #expect(row(Array(dense.values[.callIn]![0..<4])) == row([0, 1, nan, nan]))
        #expect(row(Array(dense.values[.callMissed]![0..<4])) == row([0, 2, nan, nan]))
        #expect(row(Array(dense.values[.talkSeconds]![0..<4])) == row([0, 90.5, nan, nan]))
        // phone (steps and calls, no plug): power is a row of NaN; 0 steps is present, not missing; calls are
        // missing where the phone sent nothing.
        #expect(row(Array(dense.values[.power]![4..<8])) == row([nan, nan, nan, nan]))
        #expect(row(Array(dense.values[.steps]![4..<8])) == row([nan, nan, 0, nan]))
        #expect(row(Array(dense.values[.callOut]![4..<8])) == row([nan, nan, 0, nan]))
        #expect(row(Array(dense.values[.talkSeconds]![4..<8])) == row([nan, nan, 0, nan]))
        // calls only: a bin without a call counts zero calls (nothing tells a phone that is off from a quiet one).
        #expect(row(Array(dense.values[.callOut]![8..<12])) == row([0, 0, 0, 1]))
        #expect(row(Array(dense.values[.steps]![8..<12])) == row([nan, nan, nan, nan]))
        #expect(row(Array(dense.values[.talkSeconds]![8..<12])) == row([0, 0, 0, 5]))
    }

    @Test("both time forms, every offset spelling and fractions land in the bin that contains the instant")
    func timeForms() throws {
        let households = "household,timezone,signals\nh,UTC,steps\n"
        let times = [
            "2025-03-03T00:00:00+09:00", "2025-03-02T15:00:00Z", "2025-03-02T15:00:00.000z",
            "2025-03-02 16:59:59.9999+01:00", "2025-03-02T10:00:00-0500", "2025-03-02T20:30+05:30", "1740927600",
            "2025-03-03T00:59:59.999+09",
        ]
        let readings = "household,time,signal,value\n" + times.map { "h,\($0),steps,1\n" }.joined()
        let (dense, summary) = try bin(households: households, readings: readings)
        #expect(summary.problems.isClean, "\(summary.problems.description)")
        #expect(row(dense.values[.steps]!) == row([8, nan, nan, nan]))
        // A reading at a bin's end belongs to the next bin.
        let (next, _) = try bin(
            households: households, readings: "household,time,signal,value\nh,2025-03-03T01:00:00+09:00,steps,2\n")
        #expect(row(next.values[.steps]!) == row([nan, 2, nan, nan]))
    }

    @Test("columns come in any order; unknown columns are ignored; RFC 4180 quoting; CRLF; a byte-order mark")
    func layout() throws {
        let readings =
            "\u{FEFF}note,value,signal,\"time\",household\r\n"
            + "\"a, b\",12.5,power,2025-03-03T00:00:00+09:00,\"full\"\r\n"
            + "\"line one\nline \"\"two\"\"\",2,power,2025-03-03T00:10:00+09:00,full\r\n"
            + ",\"3\",steps,2025-03-03T01:00:00+09:00,full"  // no final line break: fine when complete
        let (dense, summary) = try bin(households: threeHouseholds, readings: readings)
        #expect(summary.problems.isClean, "\(summary.problems.description)")
        #expect(summary.statistics.records == 3)
        #expect(dense[.power, 0, 0] == 7.25)
        #expect(dense[.steps, 0, 1] == 3)
    }

    @Test("a tiny read block and batch give the same result as large ones (records split across blocks)")
    func blocks() throws {
        var generator = SplitMix64(seed: 7)
        var text = "household,time,signal,value,comment\n"
        let signals = ["power", "steps", "call_out", "call_in", "call_missed"]
        for _ in 0..<400 {
            let h = ["full", "phone", "callsonly"][Int.random(in: 0..<3, using: &generator)]
            var s = signals[Int.random(in: 0..<5, using: &generator)]
            if h == "phone", s == "power" { s = "steps" }
            if h == "callsonly", s == "power" || s == "steps" { s = "call_in" }
            let minute = Int.random(in: 0..<240, using: &generator)
            let value = s == "steps" ? "\(Int.random(in: 0..<500, using: &generator))" : "\(Double(Int.random(in: 0..<4000, using: &generator)) / 8)"
            let comment = Bool.random(using: &generator) ? "\"x,\ny\"" : "z"
            text += "\(h),2025-03-03T0\(minute / 60):\(minute % 60 < 10 ? "0" : "")\(minute % 60):00+09:00,\(s),\(value),\(comment)\n"
        }
        let (large, a) = try bin(households: threeHouseholds, readings: text)
        let (small, b) = try bin(households: threeHouseholds, readings: text, blockSize: 16, batchSize: 3)
        #expect(a.problems.isClean && b.problems.isClean)
        #expect(a.statistics == b.statistics)
        for signal in DenseSignal.allCases { #expect(row(large.values[signal]!) == row(small.values[signal]!)) }
    }

    @Test("any permutation of a readings file's rows bins to the same dense arrays")
    func permutations() throws {
        var generator = SplitMix64(seed: 42)
        for trial in 0..<12 {
            var rows: [String] = []
            for _ in 0..<(50 + trial * 20) {
                let h = ["full", "phone", "callsonly"][Int.random(in: 0..<3, using: &generator)]
                var s = ["power", "steps", "call_out", "call_in", "call_missed"][Int.random(in: 0..<5, using: &generator)]
                if h == "phone", s == "power" { s = "steps" }
                if h == "callsonly", s == "power" || s == "steps" { s = "call_out" }
                let second = Int.random(in: 0..<(4 * 3600), using: &generator)
                let value =
                    s == "steps"
                    ? "\(Int.random(in: 0..<900, using: &generator))"
                    : String(Float.random(in: 0..<3000, using: &generator))  // arbitrary decimals, not exact in sums
                rows.append("\(h),\(1_740_927_600 + second),\(s),\(value)")
            }
            let header = "household,time,signal,value\n"
            let (reference, first) = try bin(
                households: threeHouseholds, readings: header + rows.joined(separator: "\n") + "\n")
            #expect(first.problems.isClean, "\(first.problems.description)")
            for _ in 0..<5 {
                rows.shuffle(using: &generator)
                let (shuffled, _) = try bin(
                    households: threeHouseholds, readings: header + rows.joined(separator: "\n") + "\n")
                for signal in DenseSignal.allCases {
                    #expect(row(reference.values[signal]!) == row(shuffled.values[signal]!), "\(signal)")
                }
            }
        }
    }

    @Test("the grid is inferred from local midnight of the first reading to the bin of the last; far outliers are errors")
    func inference() throws {
        let households = "household,timezone,signals\nh,+09:00,steps\n"
        let readings = """
            household,time,signal,value
            h,2025-03-03T05:30:00+09:00,steps,1
            h,2025-03-04T02:10:00+09:00,steps,2
            h,1970-01-01T00:00:00Z,steps,3

            """
        let (dense, summary) = try bin(households: households, readings: readings, grid: nil)
        #expect(dense.grid == BinGrid(startUnixSeconds: 1_740_927_600, count: 27))
        #expect(dense[.steps, 0, 5] == 1 && dense[.steps, 0, 26] == 2)
        #expect(summary.problems.counts == [.timeOutOfRange: 1])
        #expect(summary.problems.first.first?.location.line == 4)
    }

    @Test("an inferred grid longer than the maximum is a typed error naming the first reading beyond it")
    func inferredSpanBound() throws {
        let households = "household,timezone,signals\nh,+09:00,steps\n"
        // Readings every 30 days (each gap bridged by inference) from 2025 to 2035: 87,000 hourly bins.
        var lines = ["household,time,signal,value", "h,2025-03-03T05:30:00+09:00,steps,1"]
        for day in stride(from: 30, through: 3_650, by: 30) {
            lines.append("h,\(1_740_947_400 + day * 86_400),steps,1")
        }
        do {
            _ = try bin(households: households, readings: lines.joined(separator: "\n") + "\n", grid: nil)
            Issue.record("no error")
        } catch let error as DistrictFileError {
            // Bins start at 2025-03-03T00:00+09:00 and the reading of day d lies in bin 24 d + 5, so the reading of day
            // 750 (line 2 + 25) is the first at or beyond bin 17,568, the default maximum.
            #expect(error.location == FileLocation(file: "readings.csv", line: 27))
            #expect(
                error.problem
                    == .inferredSpanTooLong(time: "2027-03-22T20:30:00+00:00", bins: 87_126, maximumBins: 17_568))
            #expect(error.kind == .inferredSpanTooLong)
        }

        // A small maximum: the third day's reading is the first beyond 48 bins, whatever the order of the rows.
        let readings = """
            household,time,signal,value
            h,2025-03-05T10:00:00+09:00,steps,3
            h,2025-03-05T09:00:00+09:00,steps,3
            h,2025-03-03T05:30:00+09:00,steps,1
            h,2025-03-04T23:10:00+09:00,steps,2

            """
        #expect(throws: DistrictFileError(
            .inferredSpanTooLong(time: "2025-03-05T00:00:00+00:00", bins: 59, maximumBins: 48),
            at: FileLocation(file: "readings.csv", line: 3))) {
            _ = try bin(households: households, readings: readings, grid: nil, maximumInferredBins: 48)
        }
        let (fits, _) = try bin(households: households, readings: readings, grid: nil, maximumInferredBins: 59)
        #expect(fits.grid.count == 59)
    }

    @Test("every reading outside the inferred run is reported with its line; none is binned")
    func readingsOutsideTheRun() throws {
        let households = "household,timezone,signals\nh,+09:00,steps\n"
        let readings = """
            household,time,signal,value
            h,2025-03-03T05:30:00+09:00,steps,1
            h,2099-01-01T00:00:00Z,steps,5
            h,2025-03-03T06:30:00+09:00,steps,2
            h,2099-01-02T00:00:00Z,steps,6
            h,1999-12-31T23:00:00Z,steps,7

            """
        let (dense, summary) = try bin(households: households, readings: readings, grid: nil)
        #expect(dense.grid == BinGrid(startUnixSeconds: 1_740_927_600, count: 7))
        #expect(dense.values[.steps]!.reduce(0) { $1.isNaN ? $0 : $0 + $1 } == 3)
        #expect(summary.statistics.total == 2)
        #expect(summary.problems.counts == [.timeOutOfRange: 3])
        #expect(summary.problems.first.map(\.location.line) == [3, 5, 6])
    }

    @Test("readings just outside the bins (within the bound) are counted and not binned; beyond it they are errors")
    func bound() throws {
        let households = "household,timezone,signals\nh,+09:00,steps\n"
        let readings = """
            household,time,signal,value
            h,2025-03-03T04:30:00+09:00,steps,1
            h,2025-03-04T03:59:59.999+09:00,steps,1
            h,2025-03-04T04:00:00+09:00,steps,1
            h,2025-03-02T00:00:00+09:00,steps,1
            h,2025-03-01T23:59:59+09:00,steps,1

            """
        let (dense, summary) = try bin(households: households, readings: readings)
        #expect(row(dense.values[.steps]!) == row([nan, nan, nan, nan]))
        #expect(summary.outsideGrid == 3)
        #expect(summary.problems.counts == [.timeOutOfRange: 2])
        #expect(summary.problems.first.map(\.location.line) == [4, 6])
    }

    @Test("the accumulator's ring of open bins closes a bin with the same cells as the whole-district grid")
    func ring() {
        let sources: [SignalSources] = [.all, [.steps, .calls], .calls]
        var whole = BinAccumulator(sources: sources, columns: 6, layout: .householdMajor)
        var ring = BinAccumulator(sources: sources, columns: 2, layout: .binMajor)
        var generator = SplitMix64(seed: 3)
        var closed: [[BinCell]] = []
        var column = BinColumn()
        for bin in 0..<6 {
            for _ in 0..<20 {
                let h = Int.random(in: 0..<3, using: &generator)
                let candidates = Signal.allCases.filter { sources[h].contains($0.source) }
                let signal = candidates[Int.random(in: 0..<candidates.count, using: &generator)]
                let value = Float(Int.random(in: 0..<100, using: &generator))
                if Int.random(in: 0..<4, using: &generator) == 0 { continue }  // leave some cells empty
                whole.add(household: h, column: bin, signal: signal, value: value)
                ring.add(household: h, column: bin % 2, signal: signal, value: value)
            }
            ring.close(column: bin % 2, into: &column)
            closed.append((0..<3).map { column[$0] })
        }
        for bin in 0..<6 {
            for h in 0..<3 {
                let a = whole.cell(household: h, column: bin), b = closed[bin][h]
                for signal in DenseSignal.allCases { #expect(a[signal].bitPattern == b[signal].bitPattern) }
            }
        }
    }

    @Test("power sums are exact: one sample reads back as its own Float, and sums do not depend on order")
    func exactness() {
        var accumulator = BinAccumulator(sources: [.power], columns: 1, layout: .householdMajor)
        for value: Float in [0.5, 37.375, 123.456, 1e9, 3.1415927] {
            accumulator.resetAll()
            accumulator.add(household: 0, column: 0, signal: .power, value: value)
            #expect(accumulator.cell(household: 0, column: 0).power == value)
        }
        var a = BinAccumulator(sources: [.power], columns: 1, layout: .householdMajor)
        var b = a
        let values: [Float] = [1e9, 0.1, 1e-3, 77.7, 3.3]
        for v in values { a.add(household: 0, column: 0, signal: .power, value: v) }
        for v in values.reversed() { b.add(household: 0, column: 0, signal: .power, value: v) }
        #expect(a.cell(household: 0, column: 0).power.bitPattern == b.cell(household: 0, column: 0).power.bitPattern)
    }
}
