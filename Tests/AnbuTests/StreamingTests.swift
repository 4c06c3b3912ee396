import Anbu
import Testing

/// The streaming path (one reading at a time, watermark) against the dense path: one engine, identical alerts.
@Suite("Streaming ingest")
struct StreamingTests {
    /// The readings that bin back to `made`'s cells: one power sample and one steps row per bin, one row per call.
    static func readings(_ made: HandMadeDistrict, bins: Range<Int>) -> [Reading] {
        var readings: [Reading] = []
        let district = made.district
        for (h, household) in district.households.enumerated() {
            for bin in bins {
                let t = district.grid.start(ofBin: bin)
                let power = district[.power, h, bin]
                if !power.isNaN {
                    readings.append(Reading(household: household.id, signal: .power, time: t.adding(seconds: 600),
                                            value: Double(power)))
                }
                let steps = district[.steps, h, bin]
                if !steps.isNaN {
                    readings.append(Reading(household: household.id, signal: .steps, time: t.adding(seconds: 3599),
                                            value: Double(steps)))
                }
                for (signal, dense) in [(Signal.callOut, DenseSignal.callOut), (.callIn, .callIn),
                                        (.callMissed, .callMissed)] {
                    let count = district[dense, h, bin]
                    guard !count.isNaN, count > 0 else { continue }
                    for call in 0..<Int(count) {
                        readings.append(Reading(household: household.id, signal: signal,
                                                time: t.adding(seconds: Int64(1200 + call)),
                                                value: signal == .callMissed ? 0 : 120))
                    }
                }
            }
        }
        return readings
    }

    @Test("Readings streamed in any order within the lateness give the dense path's alerts")
    func streamingEqualsDense() throws {
        var made = HandMadeDistrict(households: 12, days: 23)
        made.collapse(2, at: 21 * 24 + 9)
        made.phoneOff(5, at: 20 * 24, hours: 30)
        let (_, dense) = try DistrictMonitorTests.run(made)

        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        var generator = SplitMix64(seed: 9)
        var streamed: [AlertEvent] = []
        let hour: Int64 = 3600
        // Feed two hours at a time, shuffled, then move the watermark to the end of what was fed.
        for first in stride(from: 0, to: made.bins, by: 2) {
            let chunk = Self.readings(made, bins: first..<min(made.bins, first + 2)).shuffled(using: &generator)
            let rejected = monitor.ingest(chunk)
            #expect(rejected.isEmpty)
            streamed += try monitor.advance(to: made.district.grid.start(ofBin: min(made.bins, first + 2)))
        }
        streamed += try monitor.advance(to: made.district.grid.end.adding(seconds: 2 * hour))
        #expect(monitor.grid.count == made.bins)
        #expect(streamed == dense)
        #expect(dense.contains { $0.household?.rawValue == "h2" && $0.tier == .serious })
    }

    @Test("Late, unknown, invalid and out-of-window readings are returned with their reason and counted")
    func rejections() throws {
        var policy = DetectionPolicy()
        policy.allowedLatenessSeconds = 3600
        let start = HandMadeDistrict.start
        let monitor = try DistrictMonitor(policy: policy, start: start)
        let id = HouseholdID("h")!
        try monitor.register([Household(id: id, timeZone: .named("Asia/Seoul"), sources: [.power, .steps])])
        #expect(monitor.ingest(Reading(household: id, signal: .power, time: start, value: 50)) == nil)
        _ = try monitor.advance(to: start.adding(seconds: 3 * 3600))
        #expect(monitor.grid.count == 2)
        #expect(monitor.ingest(Reading(household: id, signal: .power, time: start.adding(seconds: 5000), value: 50))
                == .late)
        #expect(monitor.ingest(Reading(household: id, signal: .power, time: start.adding(seconds: -1), value: 50))
                == .beforeStart)
        #expect(monitor.ingest(Reading(household: HouseholdID("other")!, signal: .power, time: start, value: 1))
                == .unknownHousehold(HouseholdID("other")!))
        #expect(monitor.ingest(Reading(household: id, signal: .callOut, time: start.adding(seconds: 9000), value: 1))
                == .signalNotRegistered(.callOut))
        #expect(monitor.ingest(Reading(household: id, signal: .steps, time: start.adding(seconds: 9000), value: 2.5))
                == .invalidValue(.fractionalSteps))
        #expect(monitor.ingest(Reading(household: id, signal: .power, time: start.adding(seconds: 9000), value: -1))
                == .invalidValue(.negative))
        #expect(monitor.ingest(Reading(household: id, signal: .power, time: start.adding(seconds: 9 * 86_400),
                                       value: 1)) == .tooFarAhead)
        // Times at the ends of the 64-bit range (a unit mistake, a corrupt feed) are turned away, not trapped on.
        #expect(monitor.ingest(Reading(household: id, signal: .power, time: Timestamp(unixMilliseconds: .max),
                                       value: 1)) == .tooFarAhead)
        #expect(monitor.ingest(Reading(household: id, signal: .power, time: Timestamp(unixMilliseconds: .min),
                                       value: 1)) == .beforeStart)
        #expect(monitor.statistics.accepted == 1)
        #expect(monitor.statistics.rejected.values.reduce(0, +) == 9)
        #expect(monitor.statistics.rejected[.late] == 1)
    }

    @Test("A watermark more than a month ahead is refused, closing nothing; one at the bound steps every bin")
    func farWatermarkRefused() throws {
        let start = HandMadeDistrict.start
        let monitor = try DistrictMonitor(start: start)
        let id = HouseholdID("h")!
        try monitor.register([Household(id: id, timeZone: .named("Asia/Seoul"), sources: [.power])])
        let lateness = Int64(monitor.policy.allowedLatenessSeconds)
        let limit = start.adding(seconds: DistrictMonitor.maximumAdvanceSeconds + lateness)
        let year9999 = Timestamp(unixSeconds: 253_402_300_799)
        #expect(throws: MonitorError.watermarkTooFarAhead(watermark: year9999, limit: limit)) {
            try monitor.advance(to: year9999)
        }
        let justPast = Timestamp(unixMilliseconds: limit.unixMilliseconds + 1)
        #expect(throws: MonitorError.watermarkTooFarAhead(watermark: justPast, limit: limit)) {
            try monitor.advance(to: justPast)
        }
        #expect(throws: MonitorError.self) { try monitor.advance(to: Timestamp(unixMilliseconds: .max)) }
        #expect(monitor.grid.count == 0)
        _ = try monitor.advance(to: limit)
        #expect(monitor.grid.count == 31 * 24)
    }

    @Test("One household's distinct readings in one open bin are bounded: beyond two per second they are turned away")
    func readingsPerHouseholdBounded() throws {
        let start = HandMadeDistrict.start
        let monitor = try DistrictMonitor(start: start)
        let noisy = HouseholdID("noisy")!, quiet = HouseholdID("quiet")!
        try monitor.register([noisy, quiet].map { Household(id: $0, timeZone: .named("Asia/Seoul"), sources: .all) })
        let limit = 2 * monitor.policy.binSeconds
        // A feed sending distinct milliseconds without end into the first bin.
        for k in 0..<limit {
            let time = start.adding(seconds: Int64(k % 3600)).unixMilliseconds + Int64(k / 3600)
            #expect(monitor.ingest(Reading(household: noisy, signal: .power, time: Timestamp(unixMilliseconds: time),
                                           value: 40)) == nil)
        }
        let beyond = Reading(household: noisy, signal: .callIn, time: start.adding(seconds: 1800), value: 60)
        #expect(monitor.ingest(beyond) == .tooManyReadings(limit: limit))
        #expect(monitor.statistics.rejected[.tooManyReadings] == 1)
        #expect(monitor.rememberedReadings == limit)
        // A repeat of a reading taken is still recognised, other households and the next bin are not affected.
        #expect(monitor.ingest(Reading(household: noisy, signal: .power, time: start, value: 40)) == nil)
        #expect(monitor.statistics.duplicates == 1)
        #expect(monitor.ingest(Reading(household: quiet, signal: .power, time: start, value: 40)) == nil)
        #expect(monitor.ingest(Reading(household: noisy, signal: .power, time: start.adding(seconds: 3600),
                                       value: 40)) == nil)
    }

    @Test("A dense district cannot be processed over streamed readings still open")
    func densePendingRefused() throws {
        let made = HandMadeDistrict(households: 2, days: 1)
        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        #expect(monitor.ingest(Reading(household: HouseholdID("h0")!, signal: .power, time: HandMadeDistrict.start,
                                       value: 10)) == nil)
        #expect(throws: MonitorError.pendingReadings(1)) { try monitor.process(made.district) }
    }
}
