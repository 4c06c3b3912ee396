import Anbu
import Testing

/// Invariants of the engine as property tests: delivery order and chunking do not matter, and households are
/// independent except through the district context the engine documents.
@Suite("Invariants")
struct InvariantTests {
    /// A collapse, a dead phone and a stuck plug among ordinary households.
    static func district(households: Int = 16, seed: UInt64 = 1) -> HandMadeDistrict {
        var made = HandMadeDistrict(households: households, days: 23, seed: seed)
        made.collapse(2, at: 21 * 24 + 9)
        made.phoneOff(5, at: 20 * 24, hours: 30)
        made.stuckPlug(7, at: 19 * 24)
        return made
    }

    @Test("Readings in any order within the allowed lateness, in any chunking, give the dense path's alerts",
          arguments: [UInt64(1), 2, 3])
    func orderAndChunking(seed: UInt64) throws {
        let made = Self.district()
        let (_, dense) = try DistrictMonitorTests.run(made)
        let policy = DetectionPolicy()
        let lateness = Int64(policy.allowedLatenessSeconds) * 1000
        var generator = SplitMix64(seed: seed)

        // Each reading arrives at a random moment between its own time and the last moment its bin is open.
        let grid = made.district.grid
        let arrivals = StreamingTests.readings(made, bins: 0..<made.bins).map { reading in
            let closes = grid.end(ofBin: grid.binIndex(containing: reading.time)).unixMilliseconds + lateness
            let delay = Int64(generator.next() % UInt64(closes - reading.time.unixMilliseconds))
            return (arrival: reading.time.unixMilliseconds + delay, reading: reading)
        }.sorted { $0.arrival < $1.arrival }

        // Delivered in batches of 1 to 3 hours of arrivals (within the allowed earliness), one at a time or as a batch;
        // the watermark follows.
        let monitor = try DistrictMonitor(policy: policy, start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        var streamed: [AlertEvent] = []
        var next = 0
        while next < arrivals.count {
            let until = arrivals[next].arrival + Int64(1 + generator.next() % 3) * 3_600_000
            var batch: [Reading] = []
            while next < arrivals.count, arrivals[next].arrival < until {
                batch.append(arrivals[next].reading)
                next += 1
            }
            if generator.next() % 2 == 0 {
                #expect(monitor.ingest(batch).isEmpty)
            } else {
                for reading in batch { #expect(monitor.ingest(reading) == nil) }
            }
            // Never past the district's last bin: later bins would close empty.
            streamed += try monitor.advance(to: Timestamp(unixMilliseconds: min(until, grid.end.unixMilliseconds + lateness)))
        }
        streamed += try monitor.advance(to: grid.end.adding(seconds: Int64(policy.allowedLatenessSeconds)))
        #expect(monitor.grid.count == made.bins)
        #expect(streamed == dense)
    }

    /// An event without its alert identifier: identifiers are one sequence for the whole district, in the order alerts
    /// open, so another household's alerts shift them.
    struct Change: Equatable {
        var household: HouseholdID?, time: Timestamp, event: AlertEventKind, tier: Tier?, kind: AlertKind
        var details: [Reason]
        init(_ event: AlertEvent) {
            (household, time, self.event, tier, kind, details) =
                (event.household, event.time, event.event, event.tier, event.kind, event.details)
        }
    }

    /// Adding a household never changes another household's alerts, except through what the engine pools.
    ///
    /// The documented exception (docs/detection.md, docs/architecture.md): the engine pools the district in three
    /// places. District context judges outages and district-wide shifts from every household's data and discounts
    /// silence evidence during a shift; each household's life-sign rates start from the district's per-hour rates (a
    /// prior of ``DetectionPolicy/lifeSignPriorDays`` days, refreshed daily); and how its quiet stretches go on starts
    /// from the district's ratios (``DetectionPolicy/quietRunPriorSigns``). A new household moves all three a little, so
    /// an alert balanced on a threshold can move by a bin or two (seen here: in this 16-household district a 17th that
    /// collapses moved one escalation to `serious` from 6 to 4 hours into a collapse). Apart from that — and from alert
    /// identifiers, one sequence for the district — another household's alerts are its own.
    @Test("Adding a household changes no other household's alerts (what the district pools excepted)")
    func householdsAreIndependent() throws {
        let made = Self.district()
        let (_, before) = try DistrictMonitorTests.run(made)

        // The same district with one more household, which collapses: it raises alerts of its own.
        var larger = Self.district(households: made.district.households.count + 1)
        larger.collapse(made.district.households.count, at: 10 * 24 + 14)
        for h in 0..<made.district.households.count {
            for signal in DenseSignal.allCases {
                for bin in 0..<made.bins { larger.district[signal, h, bin] = made.district[signal, h, bin] }
            }
        }
        let (_, after) = try DistrictMonitorTests.run(larger)
        let added = larger.district.households.last!.id
        #expect(after.contains { $0.household == added && $0.tier == .serious })

        // With the default policy the pooled priors may move an alert's times, not which alerts there are.
        struct Outline: Hashable { var household: HouseholdID?, kind: AlertKind, tiers: [Tier] }
        func outline(_ events: [AlertEvent]) -> Set<Outline> {
            Set(Dictionary(grouping: events.filter { $0.kind != .district }, by: \.alert).values.map { alert in
                Outline(household: alert[0].household, kind: alert[0].kind, tiers: alert.compactMap(\.tier))
            })
        }
        #expect(outline(after.filter { $0.household != added }) == outline(before))

        // Without district context and with negligible district priors, the exception has nothing to act through:
        // the other households' alerts are exactly unchanged, with the household that collapses and with one whose
        // routine is the opposite.
        var isolated = DetectionPolicy()
        isolated.districtMinimumHouseholds = 1_000
        isolated.lifeSignPriorDays = 0.001
        isolated.quietRunPriorSigns = 0.001
        var nightOwl = larger
        for bin in 0..<larger.bins {
            let h = made.district.households.count
            let shifted = (bin + 12) % larger.bins
            for signal in DenseSignal.allCases { nightOwl.district[signal, h, bin] = larger.district[signal, 0, shifted] }
        }
        let (_, alone) = try DistrictMonitorTests.run(made, policy: isolated)
        for neighbour in [larger, nightOwl] {
            let (_, together) = try DistrictMonitorTests.run(neighbour, policy: isolated)
            #expect(together.filter { $0.household != added }.map(Change.init) == alone.map(Change.init))
        }
    }
}
