import Anbu
import Testing

@testable import AnbuEvaluation

@Suite("Real recordings: readers and district builder (hand-made inputs)")
struct RealDataTests {
    @Test("readers: local times in both formats, units, missing markers; call counterparts dropped")
    func readers() throws {
        let sgsc = try RealRecordingFormat.sgsc(
            "reading_datetime,general_supply_kwh,event_key\r\n2012-02-10 08:00:00,0.141,0\r\n2012-02-10 08:30:00,0.5,0\r\n",
            file: "c.csv", household: "7")
        #expect(sgsc.source == "sgsc:7" && sgsc.device == .power)
        let day = CalendarDay(isoDate: "2012-02-10")!.daysSinceEpoch * 86_400
        #expect(sgsc.samples.map(\.localSeconds) == [day + 8 * 3600, day + 8 * 3600 + 1800])
        #expect(sgsc.samples.map(\.value) == [282, 1000])

        let fitbit = try RealRecordingFormat.fitbitHourly(
            "\u{FEFF}Id,ActivityHour,Time,StepTotal\n2,3/12/2016 13:00,01:00:00 PM,40\n1,4/1/2016 12:00 AM,,7\n",
            file: "f.csv", period: "2016-03")
        #expect(fitbit.map(\.source) == ["fitbit-2016-03:1", "fitbit-2016-03:2"])
        #expect(fitbit[0].samples[0].localSeconds == CalendarDay(isoDate: "2016-04-01")!.daysSinceEpoch * 86_400)
        #expect(fitbit[1].samples[0].localSeconds % 86_400 == 13 * 3600)

        let jhu = try RealRecordingFormat.jhuActivity(
            "\"steps\",\"date\",\"interval\"\nNA,\"2012-10-01\",0\n12,\"2012-10-01\",1005\n", file: "a.csv")
        #expect(jhu.samples.count == 1 && jhu.samples[0].localSeconds % 86_400 == 10 * 3600 + 5 * 60)

        let uci = try RealRecordingFormat.uci(
            "datetime,Global_active_power,Voltage\n2007-01-01 00:00:00,2.5,240\n2007-01-01 00:01:00,?,?\n", file: "u.csv")
        #expect(uci.samples.map(\.value) == [2500])

        let calls = try RealRecordingFormat.copenhagenCalls(
            "timestamp,from,to,duration\n100,5,6,30\n200,6,5,-1\n", file: "calls.csv")
        #expect(calls.map(\.source) == ["cns:5", "cns:6"])
        #expect(calls[0].samples.map(\.signal) == [.callOut, .callMissed])
        #expect(calls[1].samples.map(\.signal) == [.callIn, .callOut])
        #expect(calls[1].samples.map(\.value) == [30, 0])
        #expect(calls[0].span == (4 * 86_400)..<(32 * 86_400))
        #expect(calls.allSatisfy { !$0.source.contains("6") || $0.source == "cns:6" })

        #expect(throws: RealDataError.missingColumn(file: "x.csv", column: "kwh")) {
            try RealRecordingFormat.melbourne("household_id,interval_start_local\n", file: "x.csv")
        }
        #expect(throws: RealDataError.badValue(file: "x.csv", line: 3, column: "kwh", value: "abc")) {
            try RealRecordingFormat.melbourne(
                "household_id,interval_start_local,kwh\n1,2019-01-01 00:00:00,0.1\n1,2019-01-01 00:30:00,abc\n",
                file: "x.csv")
        }
        #expect(throws: RealDataError.badValue(file: "x.csv", line: 2, column: "interval_start_local", value: "13/45/2019 00:00")) {
            try RealRecordingFormat.melbourne("household_id,interval_start_local,kwh\n1,13/45/2019 00:00,0.1\n", file: "x.csv")
        }
    }

    @Test("windows start at the first local midnight in the span, every `days` days, and must fit")
    func windows() {
        let samples = [RecordedSample(localSeconds: 3600, signal: .steps, value: 1),
                       RecordedSample(localSeconds: 20 * 86_400 + 5, signal: .steps, value: 1)]
        let recording = RealRecording(source: "t:1", device: .steps, samples: samples)
        #expect(recording.windowStarts(days: 7) == [1, 8])
        #expect(recording.windowStarts(days: 20) == [1])
        #expect(recording.windowStarts(days: 21) == [])
        #expect(RealRecording(source: "t:2", device: .calls, samples: [], span: 0..<(14 * 86_400)).windowStarts(days: 7) == [0, 7])
    }

    /// Four people with hourly steps for 10 days, two homes' power, three callers (one too quiet to use).
    static func recordings() -> [RealRecording] {
        var result: [RealRecording] = []
        let base: Int64 = 100 * 86_400
        for person in 0..<4 {
            let samples = (0..<(10 * 24)).map { hour in
                RecordedSample(localSeconds: base + Int64(hour) * 3600, signal: .steps,
                               value: (8...20).contains(hour % 24) ? Float(100 + person) : 0)
            }
            result.append(RealRecording(source: "steps:\(person)", device: .steps, samples: samples))
        }
        for home in 0..<2 {
            let samples = (0..<(20 * 48)).map { half in
                RecordedSample(localSeconds: base + Int64(half) * 1800, signal: .power,
                               value: (16...40).contains(half % 48) ? Float(300 + home) : 60)
            }
            result.append(RealRecording(source: "power:\(home)", device: .power, samples: samples))
        }
        for caller in 0..<3 {
            let count = caller == 2 ? 1 : 12
            let samples = (0..<count).map { k in
                RecordedSample(localSeconds: base + Int64(k) * 19 * 3600 + 10 * 3600, signal: k % 3 == 0 ? .callIn : .callOut, value: 60)
            }
            result.append(RealRecording(source: "calls:\(caller)", device: .calls, samples: samples, span: base..<(base + 10 * 86_400)))
        }
        return result
    }

    @Test("builder: one household per steps window, every device, binned by the contract; deterministic by seed")
    func build() throws {
        var builder = RealDistrictBuilder()
        builder.days = 7
        builder.injectShare = 0.5
        builder.seed = 3
        let result = try builder.build(from: Self.recordings())
        let clean = result.clean
        #expect(clean.households.map(\.id.rawValue) == ["real1", "real2", "real3", "real4"])
        #expect(clean.households.allSatisfy { $0.sources == .all })
        #expect(clean.grid.count == 7 * 24 && clean.grid.start == builder.start)
        // Steps of person p at 10:00 on day 0; power is the mean of the hour's two half-hour samples.
        #expect((0..<4).allSatisfy { clean[.steps, $0, 10] == Float(100 + $0) && clean[.steps, $0, 2] == 0 })
        #expect((0..<4).allSatisfy { [Float(300), 301].contains(clean[.power, $0, 10]) && clean[.power, $0, 2] == 60 })
        #expect((0..<4).allSatisfy { row in (0..<168).map { clean[.callOut, row, $0] }.reduce(0, +) > 0 })
        // The quiet caller (one call) is never used.
        #expect(result.provenance.allSatisfy { $0.calls?.hasPrefix("calls:2") == false })
        #expect(Set(result.provenance.map(\.power!)).count == 4)  // two homes × two windows each, all used once
        #expect(result.incidents.count == 2)
        #expect(Set(result.incidents.map(\.kind)) == [.collapse, .illness])
        // Households without an injected incident are identical in both districts.
        let touched = Set(result.incidents.compactMap(\.household))
        for (row, household) in clean.households.enumerated() where !touched.contains(household.id) {
            for signal in DenseSignal.allCases {
                let bins = 0..<clean.grid.count
                #expect(bins.allSatisfy { b in
                    clean[signal, row, b].bitPattern == result.injected[signal, row, b].bitPattern })
            }
        }
        let again = try builder.build(from: Self.recordings())
        #expect(again.incidents == result.incidents && again.provenance == result.provenance)
        builder.days = 11
        #expect(throws: RealDataError.noPhoneRecordings(days: 11)) { try builder.build(from: Self.recordings()) }
    }

    @Test("collapse: from the onset no steps but zeros until the battery dies, no calls out, power at the home's low level")
    func collapse() {
        var random = SplitMix64(seed: 9)
        let readings = (0..<(7 * 24)).flatMap { hour -> [RecordedSample] in
            let t = Int64(hour) * 3600
            return [RecordedSample(localSeconds: t, signal: .steps, value: (8...20).contains(hour % 24) ? 500 : 0),
                    RecordedSample(localSeconds: t, signal: .power, value: (8...20).contains(hour % 24) ? 400 : 50),
                    RecordedSample(localSeconds: t + 600, signal: hour % 2 == 0 ? .callOut : .callIn, value: 30)]
        }
        var injection = IncidentInjection(readings: readings, days: 7)
        let (onset, end) = injection.collapse(using: &random)
        #expect(end == nil)
        #expect(onset >= 3 * 86_400 && onset < 5 * 86_400)
        let after = injection.readings.filter { $0.localSeconds >= onset }
        #expect(after.filter { $0.signal == .steps }.allSatisfy { $0.value == 0 })
        #expect(!after.contains { $0.signal == .callOut || $0.signal == .callIn })
        // Power at the home's own 10th percentile for the hour of day (400 W by day, 50 W at night here), ±3%.
        #expect(after.filter { $0.signal == .power }.allSatisfy { sample in
            let low: Float = (8...20).contains(sample.localSeconds % 86_400 / 3600) ? 400 : 50
            return abs(sample.value - low) <= low * 0.03 + 0.01
        })
        let stepsAfter = after.filter { $0.signal == .steps }.count
        #expect(stepsAfter >= 3 && stepsAfter <= 48)  // the phone reports until its battery dies, 4–48 h later
        #expect(injection.readings.filter { $0.localSeconds < onset } == readings.filter { $0.localSeconds < onset })

        var illness = IncidentInjection(readings: readings, days: 7)
        var again = SplitMix64(seed: 9)
        let (start, stop) = illness.illness(using: &again)
        #expect(stop! - start >= 6 * 86_400)
        let during = illness.readings.filter { $0.signal == .steps && $0.localSeconds > start + 86_400 && $0.localSeconds < stop! && $0.value > 0 }
        #expect(during.allSatisfy { $0.value < 500 })
    }
}
