import Anbu
import Testing

/// Exactly-once under at-least-once feeds: repeated readings are recognised, ignored and counted; conflicting ones
/// are turned away; what is remembered to tell them lives only as long as the open bins.
@Suite("Exactly once")
struct ExactlyOnceTests {
    @Test("A feed that delivers every reading at least once gives the alerts of a feed that delivers it once")
    func redeliveredFeed() throws {
        var made = HandMadeDistrict(households: 12, days: 23)
        made.collapse(2, at: 21 * 24 + 9)
        let (_, dense) = try DistrictMonitorTests.run(made)

        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        var generator = SplitMix64(seed: 17)
        var streamed: [AlertEvent] = []
        var unique = 0, repeats = 0
        for first in stride(from: 0, to: made.bins, by: 3) {
            let once = StreamingTests.readings(made, bins: first..<min(made.bins, first + 3))
            // Every reading once, a third of them again, a tenth a third time: a reconnecting feed.
            var delivered = once
            delivered += once.filter { _ in generator.next() % 3 == 0 }
            delivered += once.filter { _ in generator.next() % 10 == 0 }
            unique += once.count
            repeats += delivered.count - once.count
            #expect(monitor.ingest(delivered.shuffled(using: &generator)).isEmpty)
            streamed += try monitor.advance(to: made.district.grid.start(ofBin: min(made.bins, first + 3)))
        }
        streamed += try monitor.advance(to: made.district.grid.end.adding(seconds: 3 * 3600))
        #expect(streamed == dense)
        #expect(monitor.statistics.accepted == unique)
        #expect(monitor.statistics.duplicates == repeats)
        #expect(monitor.statistics.rejected.isEmpty)
    }

    @Test("A reading with the same household, signal and time but another value is rejected; the first is kept")
    func conflictingDuplicate() throws {
        let start = HandMadeDistrict.start
        let id = HouseholdID("h")!
        let first = Reading(household: id, signal: .power, time: start.adding(seconds: 60), value: 50)
        var second = first
        second.value = 70
        let missed = Reading(household: id, signal: .callMissed, time: start.adding(seconds: 90), value: 0)
        var missedAgain = missed
        missedAgain.value = 12  // a missed call's value is ignored: this is the same call again

        let monitor = try DistrictMonitor(start: start)
        try monitor.register([Household(id: id, timeZone: .fixed(offsetSeconds: 0), sources: .all)])
        #expect(monitor.ingest(first) == nil)
        #expect(monitor.ingest(second) == .conflictingDuplicate(previousValue: 50))
        #expect(monitor.ingest(first) == nil)
        #expect(monitor.ingest(missed) == nil)
        #expect(monitor.ingest(missedAgain) == nil)
        #expect(monitor.statistics.accepted == 2)
        #expect(monitor.statistics.duplicates == 2)
        #expect(monitor.statistics.rejected == [.conflictingDuplicate: 1])
        #expect(IngestRejection.conflictingDuplicate(previousValue: 50).kind.rawValue == "conflicting_duplicate")

        // The bin holds the first value: it equals a monitor that was only ever sent the first.
        let reference = try DistrictMonitor(start: start)
        try reference.register([Household(id: id, timeZone: .fixed(offsetSeconds: 0), sources: .all)])
        reference.ingest(first)
        reference.ingest(missed)
        let end = start.adding(seconds: 3 * 3600 + 7200)
        #expect(try monitor.advance(to: end) == reference.advance(to: end))
        #expect(monitor.assessment(of: id) == reference.assessment(of: id))
    }

    @Test("Readings are remembered only while their bin is open")
    func boundedMemory() throws {
        let start = HandMadeDistrict.start
        let id = HouseholdID("h")!
        let monitor = try DistrictMonitor(start: start)
        try monitor.register([Household(id: id, timeZone: .fixed(offsetSeconds: 0), sources: .all)])
        for minute in 0..<(5 * 60) {
            monitor.ingest(Reading(household: id, signal: .power, time: start.adding(seconds: Int64(minute) * 60),
                                   value: 40))
        }
        #expect(monitor.rememberedReadings == 300)
        // Closing the first three bins forgets their readings; a repeat of one is now late, not a duplicate.
        _ = try monitor.advance(to: start.adding(seconds: 3 * 3600 + 7200))
        #expect(monitor.grid.count == 3)
        #expect(monitor.rememberedReadings == 120)
        #expect(monitor.ingest(Reading(household: id, signal: .power, time: start, value: 40)) == .late)
        _ = try monitor.advance(to: start.adding(seconds: 5 * 3600 + 7200))
        #expect(monitor.rememberedReadings == 0)
    }
}
