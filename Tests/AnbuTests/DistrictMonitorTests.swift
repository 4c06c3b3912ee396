import Anbu
import Foundation
import Testing

/// The engine on hand-made districts whose right answers are known.
@Suite("District monitor")
struct DistrictMonitorTests {
    static func run(_ made: HandMadeDistrict, policy: DetectionPolicy = DetectionPolicy(),
                    absences: [Absence] = []) throws -> (DistrictMonitor, [AlertEvent]) {
        let monitor = try DistrictMonitor(policy: policy, start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        for absence in absences { try monitor.announce(absence) }
        return (monitor, try monitor.process(made.district))
    }

    @Test("Regular routines raise no serious person alert in four weeks")
    func quietDistrict() throws {
        let made = HandMadeDistrict(households: 30, days: 28)
        let (_, events) = try Self.run(made)
        let serious = events.filter { $0.kind == .person && $0.tier == .serious }
        #expect(serious.isEmpty, "\(serious)")
        let opened = events.filter { $0.kind == .person && $0.event == .open }
        // 30 households × 28 days = 840 household-days; the deployed 24 h rule would be far noisier.
        #expect(opened.count <= 4, "\(opened.count) person alerts opened")
    }

    @Test("A collapse at 09:00 is serious within hours, with silence, no steps and missed calls as reasons")
    func collapse() throws {
        var made = HandMadeDistrict(households: 30, days: 24)
        let onset = 21 * 24 + 9
        made.collapse(3, at: onset)
        let (monitor, events) = try Self.run(made)
        let mine = events.of("h3", .person)
        let serious = try #require(mine.first { $0.tier == .serious && $0.time > made.district.grid.start(ofBin: onset) })
        let delayHours = (serious.time.unixSeconds - made.district.grid.start(ofBin: onset).unixSeconds) / 3600
        // 7 h at the default `serious` of 4 bans (8 h at 4.5 until session 5, 9 h at 5 until session 6, before silence
        // learned how this household's quiet stretches go on: docs/tuning-journal.md "Session 5: the simulator's
        // collapses, re-measured, and `serious` at 5" and "Session 6: how quiet stretches go on (silence), and
        // thresholds 2.5 / 3.25 / 4").
        #expect(delayHours <= 7, "serious after \(delayHours) h")
        #expect(mine.first?.reasons.first == .silence)
        #expect(serious.reasons.contains(.noSteps))
        #expect(serious.reasons.contains(.lowPowerActivity))
        let assessment = try #require(monitor.assessment(of: HouseholdID("h3")!))
        #expect(assessment.tier == .serious)
        #expect(assessment.reasons.contains { $0.code == .missedCalls })
        // Nobody else is alarmed seriously.
        let others = events.filter { $0.kind == .person && $0.tier == .serious && $0.household != assessment.household }
        #expect(others.isEmpty)
    }

    @Test("An appliance switching by itself while the phone lies still does not clear a person who carries the phone")
    func automaticLoadWhilePhoneStill() throws {
        // h2 carries the phone: its plug never showed life while the phone lay still. h4 leaves the phone on a table:
        // its appliances are used whether or not the phone moves. Both collapse at 09:00; a thermostat load switches
        // on by itself every third hour.
        var made = HandMadeDistrict(households: 30, days: 24)
        let onset = 21 * 24 + 9
        let switches = [onset + 3, onset + 6, onset + 9]
        made.carriesPhone(2, until: onset)
        for h in [2, 4] {
            made.collapse(h, at: onset)
            made.automaticLoad(h, at: switches)
        }
        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        _ = try monitor.process(made.district.bins(0..<onset))
        _ = try monitor.process(made.district.bins(onset..<(onset + 11)))
        let carrier = try #require(monitor.assessment(of: HouseholdID("h2")!)).silenceEvidence
        let tablePhone = try #require(monitor.assessment(of: HouseholdID("h4")!)).silenceEvidence
        // For the carrier the switching says little about the person: the quiet keeps its weight. For the other the
        // plug still speaks for the person: each switch clears most of the quiet.
        #expect(carrier > 1.5, "carrier: \(carrier) bans")
        #expect(tablePhone < 0.7, "table phone: \(tablePhone) bans")
    }

    @Test("Deep in a quiet stretch, someone whose quiet stretches usually go on gathers silence evidence more slowly")
    func quietStretchesThatGoOn() throws {
        // Every other afternoon from 13:00 both rest, phone still and plug at standby: h3 for three hours, and then it
        // is up again; h4 for six. Both collapse one morning at 08:00, far from those hours, so their hourly rates and
        // quiet histories at the hours of the collapse are alike; what differs is how their quiet stretches went on.
        var made = HandMadeDistrict(households: 30, days: 24)
        for day in stride(from: 0, to: 21, by: 2) {
            made.rests(3, at: day * 24 + 13, hours: 3)
            made.rests(4, at: day * 24 + 13, hours: 6)
        }
        let onset = 21 * 24 + 8
        for h in [3, 4] { made.collapse(h, at: onset) }
        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        func evidence() -> [Float] { ["h3", "h4"].map { monitor.assessment(of: HouseholdID($0)!)!.silenceEvidence } }
        _ = try monitor.process(made.district.bins(0..<(onset + 2)))
        let early = evidence()
        _ = try monitor.process(made.district.bins((onset + 2)..<(onset + 4)))
        let deep = evidence()
        // In the first two hours both gather alike. In the next two (before the noon call both miss) h3, whose
        // stretches that long have ended in life, gathers at the full rate; h4, whose stretches that long went on, much
        // more slowly. (Taking each hour's rate as it is, both would gather the same.)
        #expect(abs(early[0] - early[1]) < 0.1, "after 2 h: h3 \(early[0]), h4 \(early[1]) bans")
        #expect(deep[0] - early[0] > 0.45, "h3 in hours 2-4: +\(deep[0] - early[0]) bans")
        #expect(deep[1] - early[1] < 0.5 * (deep[0] - early[0]),
                "hours 2-4: h3 +\(deep[0] - early[0]), h4 +\(deep[1] - early[1]) bans")
    }

    @Test("A phone that falls silent in a quiet stretch adds evidence, less for a household whose phone often drops out")
    func phoneFallsSilentInQuiet() throws {
        var made = HandMadeDistrict(households: 30, days: 24)
        // h7's phone goes dark every afternoon for three hours: dropping out is its habit.
        for day in 0..<21 { made.phoneOff(7, at: day * 24 + 15, hours: 3) }
        let onset = 21 * 24 + 9
        let battery = 4
        made.collapse(3, at: onset, batteryHours: battery)
        made.collapse(7, at: onset, batteryHours: battery)
        let (before, after, monitor) = try Self.evidenceAroundDropout(made, lastReport: onset + battery - 1)
        // Over the bin the phones fall silent and the next (the drop is scored one bin late), the plug alone at
        // standby adds at most 0.6 bans; the drop adds more, and less where dropping out is the phone's habit.
        #expect(after["h3"]! - before["h3"]! > 1.2, "h3: \(before["h3"]!) -> \(after["h3"]!)")
        #expect(after["h3"]! - before["h3"]! > after["h7"]! - before["h7"]! + 0.3)
        let assessment = try #require(monitor.assessment(of: HouseholdID("h3")!))
        let fellSilent = try #require(assessment.reasons.first { $0.code == .phoneFellSilent })
        let quietHours = try #require(fellSilent.observed)
        #expect(quietHours >= Float(battery - 1) && quietHours < Float(battery + 1))
    }

    @Test("A telecom outage that silences every phone adds no evidence to a quiet home")
    func telecomOutageIsNoDropout() throws {
        var made = HandMadeDistrict(households: 30, days: 24)
        let onset = 21 * 24 + 9
        let battery = 4
        made.collapse(3, at: onset, batteryHours: 30)
        made.telecomOutage(at: onset + battery, hours: 6)
        let (before, after, monitor) = try Self.evidenceAroundDropout(made, lastReport: onset + battery - 1)
        #expect(after["h3"]! - before["h3"]! < 0.7, "h3: \(before["h3"]!) -> \(after["h3"]!)")
        let reasons = try #require(monitor.assessment(of: HouseholdID("h3")!)).reasons
        #expect(!reasons.contains { $0.code == .phoneFellSilent })
    }

    /// Silence evidence per household after bin `lastReport`, and two bins later.
    static func evidenceAroundDropout(
        _ made: HandMadeDistrict, lastReport: Int
    ) throws -> (before: [String: Float], after: [String: Float], monitor: DistrictMonitor) {
        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        func evidence() -> [String: Float] {
            Dictionary(uniqueKeysWithValues: made.district.households.map {
                ($0.id.description, monitor.assessment(of: $0.id)!.silenceEvidence)
            })
        }
        _ = try monitor.process(made.district.bins(0..<(lastReport + 1)))
        let before = evidence()
        _ = try monitor.process(made.district.bins((lastReport + 1)..<(lastReport + 3)))
        return (before, evidence(), monitor)
    }

    @Test("A phone that dies while the home shows life is a device alert, not a person alert")
    func deadPhone() throws {
        var made = HandMadeDistrict(households: 30, days: 24)
        made.phoneOff(5, at: 20 * 24 + 10, hours: 60)
        let (_, events) = try Self.run(made)
        let device = events.of("h5", .device)
        #expect(device.first?.event == .open)
        #expect(device.first?.reasons == [.deviceOfflinePhone])
        #expect(device.contains { $0.event == .close })
        #expect(events.of("h5", .person).filter { $0.tier == .serious }.isEmpty)
    }

    @Test("A plug that goes offline while the phone lies on a table at home raises no person alert")
    func plugOfflineWhilePhoneOnTable() throws {
        // h6 carries the phone most days but leaves it on a table every fourth day: on those days only the plug shows
        // the person, so a day of a still phone is ordinary for h6, yet its quiet history (learned with the plug
        // watching) never saw a long quiet stretch. Then, on such a day, its plug goes offline for 30 hours.
        var made = HandMadeDistrict(households: 30, days: 24)
        made.leavesPhoneAtHome(6, onDays: Array(stride(from: 1, to: 21, by: 4)) + [21])
        made.powerCut(6..<7, at: 21 * 24 + 6, hours: 30)
        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        try monitor.register(made.district.households)
        var events: [AlertEvent] = []
        var highest: Float = 0
        for bin in 0..<made.bins {
            events += try monitor.process(made.district.bins(bin..<(bin + 1)))
            highest = max(highest, try #require(monitor.assessment(of: HouseholdID("h6")!)).silenceEvidence)
        }
        #expect(events.of("h6", .device).first?.reasons == [.deviceOfflinePower])
        // Judged against the phone's own history the day stays below `attention` (3 bans); judged against the
        // history learned with the plug it reached 3.6.
        #expect(events.of("h6", .person).isEmpty, "\(events.of("h6", .person))")
        #expect(highest < 3, "h6: \(highest) bans")
    }

    @Test("A collapse while the plug is offline is still found from the phone of a person who carries it")
    func collapseWhilePlugOffline() throws {
        // h3 carries the phone (steps in most waking hours): a still phone is rare for h3 even without the plug.
        var made = HandMadeDistrict(households: 30, days: 24)
        let onset = 21 * 24 + 9
        made.collapse(3, at: onset)
        made.powerCut(3..<4, at: onset - 3, hours: 48)
        let (_, events) = try Self.run(made)
        let serious = try #require(events.of("h3", .person).first {
            $0.tier == .serious && $0.time > made.district.grid.start(ofBin: onset)
        })
        let delayHours = (serious.time.unixSeconds - made.district.grid.start(ofBin: onset).unixSeconds) / 3600
        // 10 h (9 h with the plug reporting). A phone-alone history that also learned the stretch in progress
        // discounted the collapse by its own first hours: 28 h.
        #expect(delayHours <= 12, "serious after \(delayHours) h")
    }

    @Test("Away with the phone: steps elsewhere keep the person alert closed")
    func awayWithPhone() throws {
        var made = HandMadeDistrict(households: 30, days: 24)
        made.away(6, at: 20 * 24 + 8, hours: 48)
        let (_, events) = try Self.run(made)
        #expect(events.of("h6", .person).filter { $0.tier != nil && $0.tier! >= .caution }.isEmpty)
    }

    @Test("No person alert inside an announced absence")
    func announcedAbsence() throws {
        var made = HandMadeDistrict(households: 30, days: 24)
        let from = 20 * 24 + 8
        made.awayWithoutPhone(7, at: from, hours: 72)
        let absence = Absence(
            household: HouseholdID("h7")!, start: made.district.grid.start(ofBin: from - 1),
            end: made.district.grid.start(ofBin: from + 73))
        let (_, events) = try Self.run(made, absences: [absence])
        let inside = events.of("h7", .person).filter {
            $0.event != .close && $0.time > absence.start && $0.time <= absence.end
        }
        #expect(inside.isEmpty, "\(inside)")
        // Without the announcement the same data do raise a person alert.
        let (_, unannounced) = try Self.run(made)
        #expect(!unannounced.of("h7", .person).isEmpty)
    }

    @Test("A plug stuck on one value is a device alert")
    func stuckPlug() throws {
        var made = HandMadeDistrict(households: 30, days: 20)
        made.stuckPlug(2, at: 15 * 24)
        let (_, events) = try Self.run(made)
        #expect(events.of("h2", .device).first?.reasons == [.deviceStuckPower])
    }

    @Test("A telecom outage is one district alert, not a device alert per phone")
    func telecomOutage() throws {
        var made = HandMadeDistrict(households: 40, days: 20)
        made.telecomOutage(at: 16 * 24 + 10, hours: 10)
        let (_, events) = try Self.run(made)
        let district = events.filter { $0.kind == .district }
        #expect(district.first?.reasons == [.outageTelecom])
        #expect(district.contains { $0.event == .close })
        #expect(events.filter { $0.kind == .device }.isEmpty)
        #expect(events.filter { $0.kind == .person && $0.tier == .serious }.isEmpty)
    }

    @Test("A power cut in one neighbourhood of twenty is one district alert, not a device alert per plug")
    func localPowerCut() throws {
        var made = HandMadeDistrict(households: 400, days: 16)
        let cut = 0..<20  // 5% of the plugs
        made.powerCut(cut, at: 15 * 24 + 10, hours: 8)
        let (_, events) = try Self.run(made)
        let district = events.filter { $0.kind == .district }
        #expect(district.map(\.reasons) == [[.outagePower], [.dataReturned]], "\(district)")
        let opened = try #require(district.first?.time.unixSeconds)
        #expect(opened == made.district.grid.end(ofBin: 15 * 24 + 10).unixSeconds)
        #expect(events.filter { $0.kind == .device }.isEmpty)
    }

    @Test("A few plugs silent at once in a small district is chance, not a power cut")
    func fewSilentPlugs() throws {
        var made = HandMadeDistrict(households: 40, days: 16)
        made.powerCut(0..<3, at: 15 * 24 + 10, hours: 2)  // 7.5% of the plugs, but 3 are within binomial chance
        let (_, events) = try Self.run(made)
        #expect(events.filter { $0.kind == .district }.isEmpty)
        // The same 7.5% in a district of 400 is a power cut.
        var large = HandMadeDistrict(households: 400, days: 16)
        large.powerCut(0..<30, at: 15 * 24 + 10, hours: 2)
        let (_, largeEvents) = try Self.run(large)
        #expect(largeEvents.first { $0.kind == .district }?.reasons == [.outagePower])
    }

    @Test("Alert events are deterministic")
    func deterministic() throws {
        var made = HandMadeDistrict(households: 20, days: 22)
        made.collapse(1, at: 20 * 24 + 9)
        let (_, first) = try Self.run(made)
        let (_, second) = try Self.run(made)
        #expect(first == second)
        #expect(!first.isEmpty)
    }

    @Test("A seasonal refit or cohort regrouping that fails is counted once, per block, in the diagnostics")
    func failedRefitsCounted() throws {
        let made = HandMadeDistrict(households: 30, days: 9)
        // Blocks of 20: two blocks, so each block's failed refit counts.
        let monitor = try DistrictMonitor(
            policy: DetectionPolicy(), start: HandMadeDistrict.start, execution: .serial, blockCapacity: 20)
        try monitor.register(made.district.households)
        _ = try monitor.process(made.district.bins(0..<(6 * 24)))
        #expect(monitor.diagnostics == MonitorDiagnostics())
        monitor.failNextRefits()
        // Day 6's bins: its refit runs when its last bin is decided, at the end of the call; its regrouping at its end.
        _ = try monitor.process(made.district.bins((6 * 24)..<(7 * 24)))
        #expect(monitor.diagnostics == MonitorDiagnostics(seasonalRefitFailures: 2, cohortRegroupFailures: 1))
        // One failure each was injected: the next days' refits and regroupings succeed.
        _ = try monitor.process(made.district.bins((7 * 24)..<(9 * 24)))
        #expect(monitor.diagnostics == MonitorDiagnostics(seasonalRefitFailures: 2, cohortRegroupFailures: 1))
    }

    /// A district in which household h4 goes away without its phone for 30 hours on day 20: the monitor after it,
    /// its events, and the person alert that opened for h4.
    static func awayAlert() throws -> (DistrictMonitor, [AlertEvent], opened: AlertEvent) {
        var made = HandMadeDistrict(households: 30, days: 24)
        made.awayWithoutPhone(4, at: 20 * 24 + 8, hours: 30)
        let (monitor, events) = try Self.run(made)
        return (monitor, events, try #require(events.of("h4", .person).first { $0.event == .open }))
    }

    @Test("Caseworker feedback: a false alarm makes that household less sensitive, within bounds")
    func feedback() throws {
        let (monitor, events, opened) = try Self.awayAlert()
        // 24 days of daily seasonal refits and cohort regroupings, none failed.
        #expect(monitor.diagnostics == MonitorDiagnostics())
        try monitor.record(.falseAlarm, forAlert: opened.alert)
        #expect(throws: MonitorError.unknownAlert("A999999")) { try monitor.record(.falseAlarm, forAlert: "A999999") }
        if let device = events.first(where: { $0.kind != .person }) {
            #expect(throws: MonitorError.notAPersonAlert(device.alert)) {
                try monitor.record(.falseAlarm, forAlert: device.alert)
            }
        }
    }

    @Test("An alert takes one outcome: the same again changes nothing, another is refused, also after a restore")
    func oneOutcomePerAlert() throws {
        let (monitor, _, opened) = try Self.awayAlert()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let once = directory.appending(path: "once.anbusnap"), twice = directory.appending(path: "twice.anbusnap")
        try monitor.record(.falseAlarm, forAlert: opened.alert)
        try monitor.snapshot(to: once)
        // A platform that delivers the outcome at least once: the repeat does not stack on the sensitivity.
        try monitor.record(.falseAlarm, forAlert: opened.alert)
        try monitor.snapshot(to: twice)
        #expect(try Data(contentsOf: once) == Data(contentsOf: twice))
        #expect(throws: MonitorError.outcomeAlreadyRecorded(alert: opened.alert, previous: .falseAlarm)) {
            try monitor.record(.confirmedIncident, forAlert: opened.alert)
        }
        let restored = try DistrictMonitor.restore(from: once).monitor
        #expect(throws: MonitorError.outcomeAlreadyRecorded(alert: opened.alert, previous: .falseAlarm)) {
            try restored.record(.away, forAlert: opened.alert)
        }
    }

    @Test("Registration errors are typed")
    func registrationErrors() throws {
        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        let household = Household(id: HouseholdID("x")!, timeZone: .fixed(offsetSeconds: 0), sources: .all)
        try monitor.register([household])
        #expect(throws: MonitorError.duplicateHousehold(household.id)) { try monitor.register([household]) }
        let unknown = Absence(household: HouseholdID("nobody")!, start: HandMadeDistrict.start,
                              end: HandMadeDistrict.start.adding(seconds: 60))
        #expect(throws: MonitorError.unknownHousehold(unknown.household)) { try monitor.announce(unknown) }
        // Zones written in code are checked: an unknown name would read as UTC, an absurd offset would overflow.
        for zone in [HouseholdTimeZone.named("Nowhere/Atlantis"), .named(""), .fixed(offsetSeconds: Int.max),
                     .fixed(offsetSeconds: Int.min), .fixed(offsetSeconds: 19 * 3600)] {
            let stranger = Household(id: HouseholdID("y")!, timeZone: zone, sources: .all)
            #expect(throws: MonitorError.invalidTimeZone(stranger.id, zone)) { try monitor.register([stranger]) }
        }
        try monitor.register([Household(id: HouseholdID("y")!, timeZone: .named("Asia/Seoul"), sources: .all)])
    }

    @Test("A dense district whose matrices do not match its households and bins is refused, not read out of bounds")
    func malformedDenseDistrict() throws {
        var made = HandMadeDistrict(households: 2, days: 1).district
        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        let cells = made.households.count * made.grid.count
        made.values[.steps] = nil
        #expect(throws: MonitorError.malformedDistrict(signal: .steps, expectedValues: cells, foundValues: nil)) {
            try monitor.process(made)
        }
        made.values[.steps] = SignalMatrix(repeating: .nan, count: cells - 1)
        #expect(throws: MonitorError.malformedDistrict(signal: .steps, expectedValues: cells, foundValues: cells - 1)) {
            try monitor.process(made)
        }
        made.values[.steps] = SignalMatrix(repeating: .nan, count: cells)
        _ = try monitor.process(made)
    }
}
