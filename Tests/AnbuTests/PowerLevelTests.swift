import Anbu
import Foundation
import Testing

/// The power level (docs/detection.md, "The power level"): a home left lit through hours at which it is usually
/// dark adds evidence; one that is often lit then does not.
@Suite("Power level")
struct PowerLevelTests {
    /// The default policy, in which the power level is on.
    static let on = DetectionPolicy()

    /// Watts the lights add: well above the hand-made homes' standby and appliance noise (lit means more than twice
    /// the household's usual quiet-hour change, here about 18 W).
    static let lights: Float = 60

    /// The evening lights (18:00–22:00) of household `h` on every day of `made`, and on the nights of `nights` (days
    /// whose 22:00–07:00 the lights stay on, as for someone who falls asleep with them on).
    static func light(_ made: inout HandMadeDistrict, _ h: Int, nights: Set<Int> = []) {
        for b in 0..<made.bins {
            let hour = b % 24, day = b / 24
            let evening = hour >= 18 && hour < 22
            let litNight = (hour >= 22 && nights.contains(day)) || (hour < 7 && nights.contains(day - 1))
            if evening || litNight { made.district[.power, h, b] += lights }
        }
    }

    /// Thirty households over `days` days, every one with its evening lights (``light(_:_:nights:)``).
    static func litDistrict(days: Int) -> HandMadeDistrict {
        var made = HandMadeDistrict(households: 30, days: days)
        for h in 0..<30 { light(&made, h) }
        return made
    }

    /// Household `h` collapses at `bin` as ``HandMadeDistrict/collapse(_:at:batteryHours:)`` does, and the lights stay
    /// on when `lightsOn`.
    static func collapse(_ made: inout HandMadeDistrict, _ h: Int, at bin: Int, lightsOn: Bool) {
        made.collapse(h, at: bin)
        if lightsOn {
            for b in bin..<made.bins { made.district[.power, h, b] += lights }
        }
    }

    /// Hours from `onset` to household `id`'s first `serious` person alert after it.
    static func hoursToSerious(
        _ events: [AlertEvent], _ id: String, _ made: HandMadeDistrict, onset: Int
    ) throws -> Int64 {
        let start = made.district.grid.start(ofBin: onset)
        let serious = try #require(events.of(id, .person).first { $0.tier == .serious && $0.time > start })
        return (serious.time.unixSeconds - start.unixSeconds) / 3600
    }

    @Test("An evening collapse that leaves the lights on is serious hours before one that leaves the home dark")
    func lightsLeftOn() throws {
        var made = Self.litDistrict(days: 24)
        let onset = 21 * 24 + 20  // 20:00, lights on
        Self.collapse(&made, 3, at: onset, lightsOn: true)
        Self.collapse(&made, 4, at: onset, lightsOn: false)
        let (_, events) = try DistrictMonitorTests.run(made, policy: Self.on)
        let lit = try Self.hoursToSerious(events, "h3", made, onset: onset)
        let dark = try Self.hoursToSerious(events, "h4", made, onset: onset)
        // The dark home waits for the morning's routine to fail; the lit one gains evidence through the night.
        #expect(lit + 2 <= dark, "lit home serious after \(lit) h, dark home after \(dark) h")
        let serious = try #require(events.of("h3", .person).first { $0.tier == .serious })
        #expect(serious.reasons.contains(.powerLevelUnchanged))
        #expect(!(events.of("h4", .person).contains { $0.reasons.contains(.powerLevelUnchanged) }))
        // The reason carries the watts now and the home's dark draw.
        let reason = try #require(events.of("h3", .person).first { $0.tier == .serious }?.details
            .first { $0.code == .powerLevelUnchanged })
        let watts = try #require(reason.observed), standby = try #require(reason.usual)
        #expect(watts - standby > 50 && watts - standby < 70, "\(watts) W against \(standby) W dark")
    }

    @Test("A monitor restored while a home is left lit assesses it as the one that ran on (no column needed)")
    func restoredWhileLit() throws {
        // Found by the crash test: the reason's watts were read from the last bin's column, which a monitor restored
        // from a snapshot does not have yet, and the assessment trapped (index out of range).
        var made = Self.litDistrict(days: 24)
        let onset = 21 * 24 + 20
        Self.collapse(&made, 3, at: onset, lightsOn: true)
        let monitor = try DistrictMonitor(policy: Self.on, start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        _ = try monitor.process(made.district.bins(0..<(onset + 10)))
        let before = try #require(monitor.assessment(of: HouseholdID("h3")!))
        #expect(before.reasons.contains { $0.code == .powerLevelUnchanged })
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "lit.anbusnap")
        try monitor.snapshot(to: file)
        let restored = try DistrictMonitor.restore(from: file).monitor
        #expect(restored.assessment(of: HouseholdID("h3")!) == before)
    }

    @Test("In its first two weeks a household's lit nights say nothing yet: its shares have not learned its loads")
    func warmUp() throws {
        var made = Self.litDistrict(days: 10)
        let onset = 6 * 24 + 20
        Self.collapse(&made, 3, at: onset, lightsOn: true)
        let (_, events) = try DistrictMonitorTests.run(made, policy: Self.on)
        let mine = events.of("h3", .person)
        #expect(mine.contains { $0.tier == .serious }, "\(mine)")
        #expect(!mine.contains { $0.reasons.contains(.powerLevelUnchanged) }, "\(mine)")
    }

    @Test("Switched off, the power level adds nothing: the lit home waits for the morning as the dark one does")
    func switchedOff() throws {
        var made = Self.litDistrict(days: 24)
        let onset = 21 * 24 + 20
        Self.collapse(&made, 3, at: onset, lightsOn: true)
        Self.collapse(&made, 4, at: onset, lightsOn: false)
        var off = DetectionPolicy()
        off.powerLevelMaximumEvidence = 0
        let (_, events) = try DistrictMonitorTests.run(made, policy: off)
        let lit = try Self.hoursToSerious(events, "h3", made, onset: onset)
        let dark = try Self.hoursToSerious(events, "h4", made, onset: onset)
        #expect(abs(lit - dark) <= 1, "lit home serious after \(lit) h, dark home after \(dark) h")
    }

    @Test("A lit night counts for a household that never has one, little for one that often sleeps with the lights on")
    func oftenLitAtNight() throws {
        // h5 leaves the lights on every third night, h6 never did; both do in the night of day 22.
        var made = HandMadeDistrict(households: 30, days: 24)
        for h in 0..<30 where h != 5 && h != 6 { Self.light(&made, h) }
        Self.light(&made, 5, nights: Set(stride(from: 1, to: 24, by: 3)))
        Self.light(&made, 6, nights: [22])
        let monitor = try DistrictMonitor(policy: Self.on, start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        let night = 23 * 24 + 6  // 06:00 after the lit night
        let before = try monitor.process(made.district.bins(0..<night))
        let habit = try #require(monitor.assessment(of: HouseholdID("h5")!)).silenceEvidence
        let new = try #require(monitor.assessment(of: HouseholdID("h6")!)).silenceEvidence
        #expect(new > 2 && habit < new - 0.75, "new to it: \(new) bans, habit: \(habit) bans")
        let events = before + (try monitor.process(made.district.bins(night..<made.bins)))
        #expect(!events.of("h5", .person).contains { $0.tier == .serious })
    }

    @Test("The power-level reason reads as a sentence with its watts")
    func reasonSentence() {
        let reason = Reason(.powerLevelUnchanged, observed: 85, usual: 45, unit: "W")
        #expect(reason.description
            == "power held at 85 W through quiet hours at which this home is seldom lit (dark, it draws 45 W)")
        #expect(ReasonCode.powerLevelUnchanged.rawValue == "power_level_unchanged")
    }

    @Test("The power-level fields are range-checked with the field named")
    func policyRanges() {
        var policy = DetectionPolicy()
        policy.powerLevelLeftOnShare = 0
        #expect(throws: PolicyError.outOfRange(field: "powerLevelLeftOnShare", value: "0.0", expected: "in (0, 1]")) {
            try policy.validate()
        }
        policy = DetectionPolicy()
        policy.powerLevelMaximumEvidence = 5
        #expect(throws: PolicyError.outOfRange(
            field: "powerLevelMaximumEvidence", value: "5.0", expected: "in [0, 4]")) {
            try policy.validate()
        }
        policy = DetectionPolicy()
        policy.powerLevelWarmupDays = -1
        #expect(throws: PolicyError.outOfRange(
            field: "powerLevelWarmupDays", value: "-1.0", expected: "in [0, 365]")) {
            try policy.validate()
        }
        policy = DetectionPolicy()
        policy.powerLevelMarginWatts = -1
        #expect(throws: PolicyError.outOfRange(field: "powerLevelMarginWatts", value: "-1.0", expected: "> 0")) {
            try policy.validate()
        }
    }
}
