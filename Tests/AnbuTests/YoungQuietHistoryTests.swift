import Anbu
import Testing

/// A young household's silence (docs/tuning-journal.md, "Session 9: the first days (lead)"): until its own quiet
/// history holds ``DetectionPolicy/quietHistoryPriorDays`` days, its quiet is also judged against how quiet the
/// district's households are at the same time.
@Suite("Young quiet history")
struct YoungQuietHistoryTests {
    /// A sensitive policy (every tier at 3 bans), in which a young household borrows the district's quiet.
    static let on: DetectionPolicy = {
        var policy = DetectionPolicy()
        (policy.attentionThreshold, policy.cautionThreshold, policy.seriousThreshold) = (3, 3, 3)
        return policy
    }()
    /// The same with each household's own history alone from its first day.
    static let off: DetectionPolicy = {
        var policy = on
        policy.quietHistoryPriorDays = 0
        return policy
    }()

    /// A district in which every fourth household sleeps late, quiet until 19:00 every day (the plug at standby, the
    /// phone on the bedside table reporting 0 steps): ordinary for it, rare against the district's rates. Every other
    /// late riser (`h0`, `h8`, …) joins on the second day: nothing reports before.
    static func lateRisers(households: Int, days: Int) -> HandMadeDistrict {
        var made = HandMadeDistrict(households: households, days: days)
        for h in stride(from: 0, to: households, by: 4) {
            for day in 0..<days { made.rests(h, at: day * 24 + 7, hours: 12) }
        }
        for h in stride(from: 0, to: households, by: 8) {
            for bin in 0..<24 {
                for signal in DenseSignal.allCases { made.district[signal, h, bin] = .nan }
            }
        }
        return made
    }

    /// Households with a `serious` person alert opened or raised in bins `bins`.
    static func seriousHouseholds(_ events: [AlertEvent], _ made: HandMadeDistrict, bins: Range<Int>) -> Set<String> {
        let from = made.district.grid.start(ofBin: bins.lowerBound), to = made.district.grid.start(ofBin: bins.upperBound)
        return Set(events.filter { $0.kind == .person && $0.tier == .serious && $0.time >= from && $0.time < to }
            .compactMap { $0.household?.rawValue })
    }

    @Test("Late risers who join on the second day raise no serious alert; judged by their own history alone, they do")
    func lateRisersSecondDay() throws {
        let made = Self.lateRisers(households: 40, days: 4)
        let (_, events) = try DistrictMonitorTests.run(made, policy: Self.on)
        #expect(Self.seriousHouseholds(events, made, bins: 0..<made.bins).isEmpty,
                "serious: \(Self.seriousHouseholds(events, made, bins: 0..<made.bins).sorted())")
        let (_, alone) = try DistrictMonitorTests.run(made, policy: Self.off)
        #expect(!Self.seriousHouseholds(alone, made, bins: 24..<48).isEmpty, "no serious alert without the prior")
    }

    /// Household `id`'s silence evidence after each bin of `bins`.
    static func silenceEvidence(
        _ made: HandMadeDistrict, _ id: String, bins: Range<Int>, policy: DetectionPolicy
    ) throws -> [Float] {
        let monitor = try DistrictMonitor(policy: policy, start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        var evidence: [Float] = []
        for bin in 0..<bins.upperBound {
            _ = try monitor.process(made.district.bins(bin..<(bin + 1)))
            if bin >= bins.lowerBound { evidence.append(try #require(monitor.assessment(of: HouseholdID(id)!)).silenceEvidence) }
        }
        return evidence
    }

    @Test("A household quiet every evening gains no evidence when its first Saturday begins: the weekdays' history counts")
    func firstSaturday() throws {
        // An early sleeper, quiet from 13:00, among households up until 22:00, from Wednesday 1 January: at midnight
        // on Saturday the 4th its weekend hours have no history, its weekday hours three days of the same quiet.
        var made = HandMadeDistrict(households: 30, days: 5)
        for day in 0..<5 { made.rests(0, at: day * 24 + 13, hours: 11) }
        let friday = 3 * 24 - 1  // 23:00 on Friday, then Saturday's first hour
        let on = try Self.silenceEvidence(made, "h0", bins: friday..<(friday + 2), policy: Self.on)
        let off = try Self.silenceEvidence(made, "h0", bins: friday..<(friday + 2), policy: Self.off)
        // Judged against nothing, the weekend's first hour jumps by about a ban; beside the weekdays, by a tenth.
        #expect(on[1] - on[0] < 0.3, "with the weekdays' history: \(on)")
        #expect(off[1] - off[0] > 0.6, "own history alone: \(off)")
    }

    @Test("A collapse on a household's third day is still serious within a day")
    func youngCollapse() throws {
        var made = Self.lateRisers(households: 40, days: 6)
        let onset = 2 * 24 + 9  // an early riser, at 09:00 on the third day
        made.collapse(1, at: onset)
        let (_, events) = try DistrictMonitorTests.run(made, policy: Self.on)
        let start = made.district.grid.start(ofBin: onset)
        let serious = try #require(events.of("h1", .person).first { $0.tier == .serious && $0.time >= start },
                                   "no serious alert")
        #expect(serious.time.unixSeconds - start.unixSeconds <= 24 * 3600,
                "serious after \((serious.time.unixSeconds - start.unixSeconds) / 3600) h")
    }
}
