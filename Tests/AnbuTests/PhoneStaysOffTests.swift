import Anbu
import Testing

/// The phone that stays off (docs/tuning-journal.md, "Session 7: collapses found sooner"): after a phone fell silent in
/// a quiet stretch, hours it stays off are evidence, judged against how long this household's (and the district's)
/// phone off-periods last.
@Suite("Phone stays off")
struct PhoneStaysOffTests {
    /// The default policy, in which the evidence is on.
    static let on = DetectionPolicy()
    /// The same with the evidence switched off.
    static let off: DetectionPolicy = {
        var policy = DetectionPolicy()
        policy.phoneStaysOffMaximumEvidence = 0
        return policy
    }()

    /// A district of households whose only device is the phone; every household's phone goes flat now and then for a
    /// night (off from 23:00 for 9 hours, every fifth day, on a day of its own), so the district knows phones that come
    /// back.
    static func phonesOnly(households: Int, days: Int) -> HandMadeDistrict {
        var made = HandMadeDistrict(households: households, days: days, sources: [.steps, .calls])
        for h in 0..<households {
            for day in stride(from: h % 5, to: days - 1, by: 5) { made.phoneOff(h, at: day * 24 + 23, hours: 9) }
        }
        return made
    }

    /// The first `serious` person alert of household `id` at or after `bin`, hours after it; nil when there is none.
    static func hoursToSerious(
        _ events: [AlertEvent], _ id: String, _ made: HandMadeDistrict, after bin: Int
    ) -> Int64? {
        let start = made.district.grid.start(ofBin: bin)
        return events.of(id, .person).first { $0.tier == .serious && $0.time >= start }
            .map { ($0.time.unixSeconds - start.unixSeconds) / 3600 }
    }

    @Test("A collapse in a home with only a phone is found after the phone dies; without this evidence it is not")
    func phoneOnlyCollapse() throws {
        var made = Self.phonesOnly(households: 30, days: 28)
        let onset = 21 * 24 + 19  // 19:00; the phone lies still through the night and dies at 05:00
        made.collapse(3, at: onset, batteryHours: 10)
        let (_, events) = try DistrictMonitorTests.run(made, policy: Self.on)
        let found = try #require(Self.hoursToSerious(events, "h3", made, after: onset), "no serious alert")
        // Silence stops when nothing reports; the phone's not coming back carries it to serious within two days.
        #expect(found <= 48, "serious after \(found) h")
        let (_, without) = try DistrictMonitorTests.run(made, policy: Self.off)
        #expect(Self.hoursToSerious(without, "h3", made, after: onset) == nil,
                "serious without the evidence after \(Self.hoursToSerious(without, "h3", made, after: onset) ?? -1) h")
    }

    @Test("A phone that often stays off for days after lying still raises no alert above attention the next time")
    func habitOfStayingOff() throws {
        var made = Self.phonesOnly(households: 30, days: 35)
        // Household 3 leaves its phone still for an evening and then off for two days, every week (as a collapse's
        // phone would, once); household 4 does it once, on the last occasion only.
        let occasions = [3, 10, 17, 24, 31].map { $0 * 24 + 17 }
        for bin in occasions {
            made.rests(3, at: bin, hours: 6)
            made.phoneOff(3, at: bin + 6, hours: 48)
        }
        made.rests(4, at: occasions.last!, hours: 6)
        made.phoneOff(4, at: occasions.last! + 6, hours: 48)
        let (_, events) = try DistrictMonitorTests.run(made, policy: Self.on)
        let last = made.district.grid.start(ofBin: occasions.last!)
        // Judged against the district's off periods alone it reaches `caution` (the phone fell silent, and the
        // district's phones come back within a night); against its own habit, no more than `attention`.
        let tiers = events.of("h3", .person).filter { $0.time >= last && $0.event != .close }.compactMap(\.tier)
        #expect(!tiers.contains { $0 > .attention }, "its habit raised \(tiers)")
        // The same two days off are serious for the household that never did it before.
        #expect(Self.hoursToSerious(events, "h4", made, after: occasions.last!) != nil)
    }

    @Test("A phone that goes flat for a night after a still evening is a device fault, not a person alert")
    func flatOvernight() throws {
        var made = Self.phonesOnly(households: 30, days: 28)
        // Household 3 lies still from 18:00, its phone goes flat at 22:00 and is charged at 14:00 the next day.
        let evening = 21 * 24 + 18
        made.rests(3, at: evening, hours: 4)
        made.phoneOff(3, at: evening + 4, hours: 16)
        let (_, events) = try DistrictMonitorTests.run(made, policy: Self.on)
        let start = made.district.grid.start(ofBin: evening)
        let tiers = events.of("h3", .person).filter { $0.time >= start && $0.event != .close }.compactMap(\.tier)
        // Off for 16 hours is within what the district's phones do; only a day and more speaks for a collapse.
        #expect(!tiers.contains(.serious), "\(tiers)")
    }
}
