import Anbu
import AnbuEvaluation
import Testing

@Suite("Reference rules")
struct ReferenceRuleTests {
    /// h1 has steps in bins 0–9 and 50; h2's phone sends one report of 0 steps then nothing (its plug keeps reporting);
    /// h3 has only a plug; h4 has only a call log: an outgoing call in bin 0, an answered call in bin 40.
    func contactDistrict() -> DenseDistrict {
        var d = district(
            [household("h1"), household("h2"), household("h3", .power), household("h4", .calls)], bins: 96)
        d.quietPhone(row: 0, 0..<96)
        d.fill(.steps, row: 0, 0..<10, 100)
        d[.steps, 0, 50] = 5
        d[.steps, 1, 0] = 0
        d.fill(.power, row: 1, 0..<96, 3)
        d[.callMissed, 1, 30] = 1  // a missed call is not contact
        d.fill(.power, row: 2, 0..<96, 3)
        for signal in [DenseSignal.callOut, .callIn, .callMissed, .talkSeconds] { d.fill(signal, row: 3, 0..<96, 0) }
        d[.callOut, 3, 0] = 1
        d[.callIn, 3, 40] = 1
        d[.callMissed, 3, 60] = 2
        return d
    }

    @Test("no contact for 24 / 48 / 72 h; a phone that sends nothing counts as no contact; missed calls do not count")
    func noContact() {
        let d = contactDistrict()
        let day = ReferenceRule.noContact24h.alerts(for: d)
        #expect(
            timeline(day) == [
                "h2 open 24", "h4 open 25", "h1 open 34", "h4 close 41", "h1 close 51", "h4 open 65", "h1 open 75",
            ])
        #expect(day.allSatisfy { $0.kind == .person })
        #expect(
            day.filter { $0.event == .open }.allSatisfy {
                $0.tier == .serious && $0.reasons.map(\.rawValue) == ["no_contact"]
            })
        #expect(
            day.filter { $0.household == id("h1") }.map(\.alert) == [
                "no_contact_24h:h1:0", "no_contact_24h:h1:0", "no_contact_24h:h1:1",
            ])
        #expect(timeline(ReferenceRule.noContact48h.alerts(for: d)) == ["h2 open 48", "h4 open 89"])
        #expect(timeline(ReferenceRule.noContact72h.alerts(for: d)) == ["h2 open 72"])
        #expect(ReferenceRule.noContact24h.alerts(for: d) == day)  // deterministic
    }

    @Test("a household is watched from its first data: the grid span rule watches it from the start of the grid")
    func enrolment() {
        var d = district([household("h1")], bins: 96)
        d.quietPhone(row: 0, 30..<96)
        #expect(timeline(ReferenceRule.noContact24h.alerts(for: d)) == ["h1 open 54"])
        let grid = ReferenceRuleSettings(span: .grid)
        #expect(timeline(ReferenceRule.noContact24h.alerts(for: d, settings: grid)) == ["h1 open 24"])
        #expect(
            ReferenceRule.noContact24h.alerts(for: d, settings: ReferenceRuleSettings(tier: .caution))
                .first?.tier == .caution)
    }

    @Test("plug flat: hourly power within less than 5 W for 24 / 48 h; gaps neither break nor end flatness")
    func plugFlat() {
        var d = district(
            [household("h1"), household("h2"), household("h3"), household("h4"), household("h5", [.steps, .calls])],
            bins: 96)
        for b in 0..<10 { d[.power, 0, b] = b % 2 == 0 ? 2 : 50 }
        for b in 10..<60 { d[.power, 0, b] = [2, 3, 2.5][b % 3] }
        d.fill(.power, row: 0, 20..<25, .nan)
        d.fill(.power, row: 0, 60..<96, 100)
        for b in 0..<96 { d[.power, 1, b] = b % 2 == 0 ? 10 : 15 }  // exactly 5 W apart: not flat
        for b in 0..<96 { d[.power, 2, b] = b % 2 == 0 ? 10 : 14.9 }  // 4.9 W: flat
        d.quietPhone(row: 3, 0..<96)  // a plug that never reports counts as flat
        d.quietPhone(row: 4, 0..<96)  // no plug: the rule does not apply
        let day = ReferenceRule.plugFlat24h.alerts(for: d)
        #expect(timeline(day) == ["h3 open 24", "h4 open 24", "h1 open 34", "h1 close 61", "h1 open 84"])
        #expect(day.first?.reasons.map(\.rawValue) == ["plug_flat"])
        #expect(
            timeline(ReferenceRule.plugFlat48h.alerts(for: d)) == [
                "h3 open 48", "h4 open 48", "h1 open 58", "h1 close 61",
            ])
        let wide = ReferenceRuleSettings(flatPowerRangeWatts: 5.5)
        #expect(timeline(ReferenceRule.plugFlat24h.alerts(for: d, settings: wide)).contains("h2 open 24"))
    }

    @Test("Gangnam steps: a day with 0 steps or two days with ≤ 200, judged at local midnight; whole days only")
    func gangnam() {
        var d = district(
            [
                household("h1"), household("h2"), household("h3"), household("h4", zone: .fixed(offsetSeconds: 0)),
                household("h5", [.power, .calls]),
            ],
            bins: 120)
        d.fill(.steps, row: 0, 0..<120, 0)
        d[.steps, 0, 10] = 5000
        d[.steps, 0, 58] = 150
        d[.steps, 0, 63] = 100
        d[.steps, 0, 80] = 30
        d[.steps, 0, 100] = 100
        // h2: the phone sends nothing on day 1 (counts 0 steps); its plug keeps the household in its span.
        d.fill(.power, row: 1, 0..<120, 3)
        for day in [0, 2, 3, 4] {
            d.fill(.steps, row: 1, (day * 24)..<(day * 24 + 24), 0)
            d[.steps, 1, day * 24 + 10] = 1000
        }
        // h3: data from noon of day 0; the half day is not judged.
        d.fill(.steps, row: 2, 12..<120, 0)
        for day in 1..<5 { d[.steps, 2, day * 24 + 10] = 1000 }
        // h4 lives in UTC: its days start at bin 9 (09:00 in Seoul).
        d.fill(.steps, row: 3, 0..<120, 0)
        for b in [60, 84, 108] { d[.steps, 3, b] = 1000 }
        d.fill(.power, row: 4, 0..<120, 3)
        d.fill(.callOut, row: 4, 0..<120, 0)

        let events = ReferenceRule.gangnamSteps.alerts(for: d)
        #expect(
            timeline(events) == [
                "h4 open 33", "h1 open 48", "h2 open 48", "h2 close 59", "h4 close 61", "h1 close 64", "h1 open 120",
            ])
        let h1Reasons = events.filter { $0.household == id("h1") && $0.event == .open }.map {
            $0.reasons.map(\.rawValue)
        }
        #expect(h1Reasons == [["no_steps"], ["few_steps"]])
        let grid = ReferenceRuleSettings(span: .grid)
        let h3 = ReferenceRule.gangnamSteps.alerts(for: d, settings: grid).filter { $0.household == id("h3") }
        #expect(timeline(h3) == ["h3 open 24", "h3 close 35"])
    }

    @Test("Gwangjin: plug flat AND no contact for 24 h, closing when either fails; needs both devices")
    func gwangjin() {
        var d = district([household("h1"), household("h2", [.steps, .calls])], bins: 96)
        for b in 0..<10 { d[.power, 0, b] = b % 2 == 0 ? 2 : 50 }
        d.fill(.power, row: 0, 10..<96, 2)
        d.quietPhone(row: 0, 0..<96)
        d.fill(.steps, row: 0, 0..<20, 100)
        d[.steps, 0, 50] = 5
        d.quietPhone(row: 1, 0..<96)
        let events = ReferenceRule.plugFlatAndNoContact24h.alerts(for: d)
        #expect(timeline(events) == ["h1 open 44", "h1 close 51", "h1 open 75"])
        #expect(events[0].reasons.map(\.rawValue) == ["plug_flat", "no_contact"])
    }

    @Test("a reference rule scored like the engine: no contact 24 h finds a collapse 24 h after onset")
    func scoredRule() throws {
        var d = district([household("h1"), household("h2")], bins: 240)
        d.quietPhone(row: 0, 0..<240)
        d.quietPhone(row: 1, 0..<240)
        for b in stride(from: 0, to: 30, by: 3) { d[.steps, 0, b] = 80 }  // h1's last steps in bin 27
        for b in stride(from: 0, to: 240, by: 5) { d[.steps, 1, b] = 80 }  // h2 is fine
        let scorer = try Scorer(district: d, incidents: [incident("h1", .collapse, 28)], absences: [], rules: exact)
        let report = try scorer.score(ReferenceRule.noContact24h.alerts(for: d), detector: "no_contact_24h")
        let collapse = try #require(report.incidentScore(.collapse, at: .serious))
        #expect(collapse.recall.value == 1 && collapse.delaysHours == [24])
        #expect(report.personAlertScore(at: .attention).falseAlerts == 0)
        #expect(report.householdDays == 20)
    }

    @Test("every rule has a distinct name and a summary")
    func catalogue() {
        #expect(ReferenceRule.allCases.count == 7)
        #expect(Set(ReferenceRule.allCases.map(\.rawValue)).count == 7)
        #expect(ReferenceRule.allCases.allSatisfy { !$0.summary.isEmpty })
    }
}

@Suite("Reference rules against brute force")
struct ReferenceRuleOracleTests {
    /// Open/close timeline from a per-bin condition, the rules' documented semantics.
    func timelineFrom(_ holds: [Bool], household: String) -> [String] {
        var open = false
        var lines: [String] = []
        for (b, h) in holds.enumerated() where h != open {
            lines.append("\(household) \(h ? "open" : "close") \(b + 1)")
            open = h
        }
        return lines
    }

    @Test("plug flat and no contact agree with window-by-window recomputation", arguments: [1, 2, 3, 4] as [UInt64])
    func windows(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let bins = 400
        var d = district([household("h1")], bins: bins)
        var level: Float = 3
        for b in 0..<bins {
            // Long quiet stretches with jitter, occasional use, and gaps.
            if Int.random(in: 0..<40, using: &rng) == 0 { level = [3, 3, 60, 120].randomElement(using: &rng)! }
            let jitter = Float(Int.random(in: 0...30, using: &rng)) / 10
            d[.power, 0, b] = Int.random(in: 0..<15, using: &rng) == 0 ? .nan : level + jitter
            d[.steps, 0, b] = Int.random(in: 0..<10, using: &rng) == 0 ? .nan : 0
            if Int.random(in: 0..<30, using: &rng) == 0 { d[.steps, 0, b] = 50 }
            d[.callOut, 0, b] = Int.random(in: 0..<60, using: &rng) == 0 ? 1 : 0
            d[.callIn, 0, b] = 0
        }
        d[.power, 0, 0] = 3  // keep the span from bin 0
        d[.steps, 0, 0] = 0

        func flat(_ b: Int, _ w: Int) -> Bool {
            guard b + 1 >= w else { return false }
            let values = (b + 1 - w...b).map { d[.power, 0, $0] }.filter { !$0.isNaN }
            guard let low = values.min(), let high = values.max() else { return true }
            return high - low < 5
        }
        func quiet(_ b: Int, _ w: Int) -> Bool {
            guard b + 1 >= w else { return false }
            return (b + 1 - w...b).allSatisfy { i in
                !(d[.steps, 0, i] > 0 || d[.callOut, 0, i] > 0 || d[.callIn, 0, i] > 0)
            }
        }
        let cases: [(ReferenceRule, (Int) -> Bool)] = [
            (.plugFlat24h, { flat($0, 24) }), (.plugFlat48h, { flat($0, 48) }),
            (.noContact24h, { quiet($0, 24) }), (.noContact48h, { quiet($0, 48) }),
            (.plugFlatAndNoContact24h, { flat($0, 24) && quiet($0, 24) }),
        ]
        for (rule, condition) in cases {
            let expected = timelineFrom((0..<bins).map(condition), household: "h1")
            #expect(timeline(rule.alerts(for: d)) == expected, "seed \(seed) \(rule)")
        }
    }
}
