import Anbu
import AnbuEvaluation
import Foundation
import Testing

@Suite("Scorer: recall and delays")
struct ScorerDetectionTests {
    @Test("a collapse found by an alert that opens at attention and escalates to serious")
    func escalatingAlert() throws {
        let hs = households(3)
        let report = try scorer(hs, incidents: [incident("h1", .collapse, 100)]).score(
            Alerts().open("a", "h1", 103, .attention).change("a", 108, .serious).close("a", 110).events,
            detector: "engine")
        #expect(report.householdDays == 30)
        let attention = try #require(report.incidentScore(.collapse, at: .attention))
        #expect(attention.incidents == 1 && attention.detected == 1 && attention.recall.value == 1)
        #expect(attention.medianDelayHours == 3 && attention.p90DelayHours == 3)
        #expect(report.incidentScore(.collapse, at: .caution)?.medianDelayHours == 8)
        #expect(report.incidentScore(.collapse, at: .serious)?.delaysHours == [8])
        #expect(report.incidentScore(.collapse, at: .serious)?.detectedByAlertOpenBeforeOnset == 0)
        // No illness: recall and delays are undefined, not zero.
        let illness = try #require(report.incidentScore(.illness, at: .attention))
        #expect(illness.incidents == 0 && illness.recall.value == nil && illness.medianDelayHours == nil)
        for tier in Tier.allCases {
            #expect(report.personAlertScore(at: tier).alerts == 1)
            #expect(report.personAlertScore(at: tier).falseAlerts == 0)
        }
        #expect(close(report.caseworkerLoad.value, 1000.0 / 30))
        #expect(report.personAlertScore(at: .serious).falsePerThousandHouseholdDays.value == 0)
        // Open from 103 h to 110 h of 3 × 240 household-hours.
        #expect(close(report.openPersonAlertShare.value, 7.0 / 720))
    }

    @Test("an alert opened before onset and still open detects from the onset; its opening is judged on its own")
    func alertOpenBeforeOnset() throws {
        let hs = households(3)
        let incidents = [incident("h1", .collapse, 100), incident("h3", .collapse, 100)]
        let events = Alerts()
            .open("a", "h1", 95, .caution).change("a", 104, .serious)  // 5 h early, never closes
            .open("b", "h2", 20, .attention).close("b", 30)  // nothing happening
            .open("c", "h3", 99.5, .serious).close("c", 105)  // 30 min early: inside the 1 h grace
            .events
        let report = try scorer(hs, incidents: incidents).score(events, detector: "engine")

        let attention = try #require(report.incidentScore(.collapse, at: .attention))
        #expect(attention.delaysHours == [0, 0] && attention.detectedByAlertOpenBeforeOnset == 2)
        #expect(report.incidentScore(.collapse, at: .caution)?.delaysHours == [0, 0])
        let serious = try #require(report.incidentScore(.collapse, at: .serious))
        #expect(serious.delaysHours == [0, 4])  // c at onset; a's escalation 4 h after onset
        #expect(serious.medianDelayHours == 2 && close(serious.p90DelayHours, 3.6))
        #expect(serious.detectedByAlertOpenBeforeOnset == 2)

        // a opened 5 h before onset: false at attention and caution (reached at 95), true at serious (reached at 104).
        #expect(report.personAlertScore(at: .attention).falseAlerts == 2)  // a and b
        #expect(report.personAlertScore(at: .caution).falseAlerts == 1)  // a
        #expect(report.personAlertScore(at: .serious).falseAlerts == 0)
        #expect(close(report.personAlertScore(at: .attention).falsePerThousandHouseholdDays.value, 2000.0 / 30))
        #expect(report.personAlertScore(at: .attention).falseByContext.nothing == 2)
        // a is open from 95 h to the end of the data (240 h), b for 10 h, c for 5.5 h: an alert never closed counts
        // to the end of its household's span, not beyond.
        #expect(close(report.openPersonAlertShare.value, (145 + 10 + 5.5) / 720))
    }

    @Test("an alert closed at the onset does not detect; one opened and closed at one instant does")
    func closedAtOnsetAndInstantAlerts() throws {
        let hs = households(2)
        let incidents = [incident("h1", .collapse, 100), incident("h2", .collapse, 100)]
        let events = Alerts()
            .open("a", "h1", 90, .serious).close("a", 100)
            .open("b", "h2", 101, .serious).close("b", 101)
            .events
        let report = try scorer(hs, incidents: incidents).score(events, detector: "engine")
        let serious = try #require(report.incidentScore(.collapse, at: .serious))
        #expect(serious.incidents == 2 && serious.detected == 1 && serious.delaysHours == [1])
        #expect(serious.recall.value == 0.5)
        #expect(report.personAlertScore(at: .attention).falseAlerts == 1)
    }

    @Test("the horizon: 72 h for a collapse, 21 days for an illness; detection is cut 24 h after an incident's end")
    func horizons() throws {
        let hs = households(4)
        let incidents = [
            incident("h1", .collapse, 10), incident("h2", .collapse, 10),
            incident("h3", .illness, 50), incident("h4", .illness, 50, 100),
        ]
        let events = Alerts()
            .open("a", "h1", 82, .serious)  // exactly 72 h: counts
            .open("b", "h2", 82.02, .serious)  // 72 h 1.2 min: too late
            .open("c", "h3", 600, .attention)  // 550 h after an illness with no end: too late, but not false
            .open("d", "h4", 120, .attention).close("d", 125)  // 20 h after the end: inside the grace
            .open("e", "h4", 130, .attention).close("e", 140)  // 30 h after the end: false
            .events
        let report = try scorer(hs, days: 30, incidents: incidents).score(events, detector: "engine")
        let collapse = try #require(report.incidentScore(.collapse, at: .serious))
        #expect(collapse.detected == 1 && collapse.delaysHours == [72])
        let illness = try #require(report.incidentScore(.illness, at: .attention))
        #expect(illness.incidents == 2 && illness.detected == 1 && illness.delaysHours == [70])
        #expect(report.incidentScore(.illness, at: .caution)?.detected == 0)
        // b: a collapse (no end) is active, so b is not false even though it is too late to count.
        #expect(report.personAlertScore(at: .attention).falseAlerts == 1)  // e only
    }

    @Test("overlapping incidents of one household are each scored; one alert can detect several")
    func overlappingIncidents() throws {
        let hs = households(3)
        let incidents = [
            incident("h3", .withdrawal, 10), incident("h3", .illness, 20, 200), incident("h3", .collapse, 150),
        ]
        let events = Alerts()
            .open("x", "h3", 40, .attention).close("x", 45)
            .open("s", "h3", 160, .serious)
            .events
        let report = try scorer(hs, days: 30, incidents: incidents).score(events, detector: "engine")
        #expect(report.incidentScore(.illness, at: .attention)?.delaysHours == [20])
        #expect(report.incidentScore(.illness, at: .serious)?.delaysHours == [140])
        #expect(report.incidentScore(.withdrawal, at: .attention)?.delaysHours == [30])
        #expect(report.incidentScore(.withdrawal, at: .serious)?.delaysHours == [150])
        #expect(report.incidentScore(.collapse, at: .serious)?.delaysHours == [10])
        #expect(report.incidentScore(.collapse, at: .attention)?.delaysHours == [10])  // x closed before the collapse
        #expect(report.personAlertScore(at: .attention).falseAlerts == 0)
    }

    @Test("incidents are also split by the households' devices, the most common set first")
    func bySources() throws {
        let hs = [
            household("h1", .all), household("h2", [.calls]), household("h3", .all), household("h4", [.calls]),
            household("h5", .all),
        ]
        let incidents = [
            incident("h1", .collapse, 10), incident("h2", .collapse, 10), incident("h4", .collapse, 10),
            incident("h4", .illness, 100),
        ]
        let events = Alerts()
            .open("a", "h1", 12, .serious)
            .open("b", "h2", 16, .attention).change("b", 30, .serious)
            .events
        let report = try scorer(hs, days: 30, incidents: incidents).score(events, detector: "engine")
        let sets = report.incidentsBySources.map(\.sources)
        #expect(sets.count == 2 * 9 && sets.first == .all && sets.last == [.calls])
        func score(_ sources: SignalSources, _ kind: IncidentKind, _ tier: Tier) -> SourcesScore? {
            report.incidentsBySources.first { $0.sources == sources && $0.kind == kind && $0.tier == tier }
        }
        let all = try #require(score(.all, .collapse, .serious))
        #expect(all.incidents == 1 && all.detected == 1 && all.medianDelayHours == 2)
        let callsOnly = try #require(score([.calls], .collapse, .serious))
        #expect(callsOnly.incidents == 2 && callsOnly.detected == 1 && callsOnly.medianDelayHours == 20)
        #expect(score([.calls], .collapse, .attention)?.medianDelayHours == 6)
        let illness = try #require(score([.calls], .illness, .attention))
        #expect(illness.incidents == 1 && illness.detected == 0 && illness.medianDelayHours == nil)
        #expect(score(.all, .illness, .attention)?.incidents == 0)
        // The split adds up to the district's figures.
        for whole in report.incidents {
            let parts = report.incidentsBySources.filter { $0.kind == whole.kind && $0.tier == whole.tier }
            #expect(parts.map(\.incidents).reduce(0, +) == whole.incidents)
            #expect(parts.map(\.detected).reduce(0, +) == whole.detected)
        }
        let table = ReportTable.detail(report)
        #expect(table.contains("power;steps;calls") && table.contains("1 / 2"))
    }

    @Test("median and 90th percentile interpolate between order statistics")
    func percentiles() throws {
        let hs = households(5)
        let delays: [Double] = [10, 1, 3, 4, 2]
        var alerts = Alerts()
        for (i, delay) in delays.enumerated() { alerts = alerts.open("a\(i)", "h\(i + 1)", 100 + delay, .serious) }
        let report = try scorer(hs, incidents: (1...5).map { incident("h\($0)", .collapse, 100) })
            .score(alerts.events, detector: "engine")
        let serious = try #require(report.incidentScore(.collapse, at: .serious))
        #expect(serious.delaysHours == [1, 2, 3, 4, 10])
        #expect(serious.medianDelayHours == 3)
        #expect(close(serious.p90DelayHours, 7.6))  // 4 + 0.6 · (10 − 4)
    }

    @Test("incidents whose onset lies outside the household's span are not scored")
    func unscoredIncidents() throws {
        let hs = households(2)
        let spans = [hs[0].id: DataSpan(start: at(0), end: at(240))]  // h2 has no data at all
        let scorer = try Scorer(
            households: hs, spans: spans,
            incidents: [incident("h1", .collapse, 300), incident("h2", .collapse, 10), incident("h1", .illness, 5)],
            absences: [], rules: exact)
        let report = try scorer.score([], detector: "none")
        #expect(report.unscoredIncidents == 2)
        #expect(report.incidentScore(.collapse, at: .attention)?.incidents == 0)
        #expect(report.incidentScore(.illness, at: .attention)?.incidents == 1)
        #expect(report.householdDays == 10)
    }

    @Test("the events of one alert may come in any order")
    func eventsOutOfOrder() throws {
        let hs = households(1)
        let ordered = Alerts().open("a", "h1", 103, .attention).change("a", 108, .serious).close("a", 110).events
        let scorer = try scorer(hs, incidents: [incident("h1", .collapse, 100)])
        let expected = try scorer.score(ordered, detector: "engine")
        let shuffled = try scorer.score([ordered[2], ordered[0], ordered[1]], detector: "engine")
        #expect(shuffled == expected)
    }
}

@Suite("Scorer: chance recall")
struct ScorerChanceTests {
    @Test("pseudo-incidents every 7 days where nothing happened: found by an alert open throughout, not without one")
    func pseudoIncidents() throws {
        // 70 days = 1,680 h. h1 (row 0, phase 0): illness windows [o, o + 504 h] from o = 0 every 168 h while
        // o ≤ 1,176: 8 of them; collapse windows [o, o + 72 h] while o ≤ 1,608: 10. h2 (row 1, phase 0.618… × 168 h
        // = 103.8 h): 7 and 9, but its illness over [500 h, 600 h] is active over [499 h, 624 h], and every window
        // meeting that is left out: illness onsets 103.8, 271.8, 439.8, 607.8 and collapse onsets 439.8, 607.8.
        let hs = households(2)
        let scorer = try scorer(hs, days: 70, incidents: [incident("h2", .illness, 500, 600)])
        let report = try scorer.score(Alerts().open("a", "h1", 0, .attention).events, detector: "engine")
        let illness = try #require(report.incidentScore(.illness, at: .attention)?.chanceRecall?.value)
        #expect(close(illness, 8.0 / 11))
        let collapse = try #require(report.incidentScore(.collapse, at: .attention)?.chanceRecall?.value)
        #expect(close(collapse, 10.0 / 17))
        // The alert never reached serious: nothing found there by chance.
        #expect(report.incidentScore(.illness, at: .serious)?.chanceRecall?.value == 0)
        let none = try scorer.score([], detector: "quiet")
        #expect(none.incidentScore(.withdrawal, at: .attention)?.chanceRecall?.value == 0)
        #expect(ReportTable.detail(report).contains("chance"))
    }

    @Test("a span shorter than the horizon leaves no room for a pseudo-incident: chance recall is undefined")
    func noRoom() throws {
        let report = try scorer(households(1), days: 10).score([], detector: "engine")
        #expect(report.incidentScore(.illness, at: .attention)?.chanceRecall == nil)
        #expect(report.incidentScore(.collapse, at: .attention)?.chanceRecall?.value == 0)
    }
}

@Suite("Scorer: false alarms, context, load and days")
struct ScorerAlertTests {
    @Test("false alerts are broken down by context with precedence absence, device, away, district, nothing")
    func contexts() throws {
        let hs = households(3)
        let incidents = [
            incident("h1", .devicePhone, 15, 40), incident("h1", .away, 100, 120), incident(nil, .holiday, 200, 230),
        ]
        let absences = [Absence(household: id("h1"), start: at(10), end: at(30))]
        let events = Alerts()
            .open("p1", "h1", 20, .attention).close("p1", 22)  // absence and device fault: absence wins
            .open("p2", "h1", 35, .attention).close("p2", 36)  // device fault
            .open("p3", "h1", 30, .attention).close("p3", 31)  // absence ended (exclusive): device fault
            .open("p4", "h1", 110, .attention).close("p4", 111)  // away
            .open("p5", "h1", 210, .attention).close("p5", 211)  // district holiday
            .open("p6", "h1", 300, .attention).close("p6", 301)  // nothing (holiday + 24 h grace is over at 254)
            .open("p7", "h1", 140, .serious).close("p7", 141)  // away, inside its 24 h grace
            .open("d1", "h1", 16, .attention, kind: .device).close("d1", 40)
            .open("d2", "h2", 50, .attention, kind: .device)
            .open("z", nil, 200, .caution, kind: .district).close("z", 230)
            .events
        let report = try scorer(hs, days: 20, incidents: incidents, absences: absences).score(events, detector: "e")
        let any = report.personAlertScore(at: .attention)
        #expect(any.alerts == 7 && any.falseAlerts == 7)
        var expected = AlertContextCounts()
        expected.announcedAbsence = 1
        expected.deviceFault = 2
        expected.unannouncedAway = 2
        expected.districtEvent = 1
        expected.nothing = 1
        #expect(any.falseByContext == expected)
        let serious = report.personAlertScore(at: .serious)
        #expect(serious.falseAlerts == 1 && serious.falseByContext.unannouncedAway == 1)
        #expect(report.personAlertsInAnnouncedAbsence == 1)
        #expect(report.deviceAlerts.alerts == 2 && report.deviceAlerts.duringDeviceFault == 1)
        #expect(close(report.deviceAlerts.perThousandHouseholdDays.value, 2000.0 / 60))
        #expect(report.districtAlerts == 1)
        #expect(close(report.caseworkerLoad.value, 7000.0 / 60))
    }

    @Test("a person alert inside an announced absence is counted even when a real incident makes it true")
    func absenceCountIncludesTrueAlerts() throws {
        let hs = households(1)
        let report = try scorer(
            hs, incidents: [incident("h1", .illness, 5)],
            absences: [Absence(household: id("h1"), start: at(10), end: at(30))]
        ).score(Alerts().open("a", "h1", 12, .attention).events, detector: "e")
        #expect(report.personAlertsInAnnouncedAbsence == 1)
        #expect(report.personAlertScore(at: .attention).falseAlerts == 0)
    }

    @Test("alerts per calendar day in the district's time zone, and the busiest day")
    func busiestDay() throws {
        let hs = households(1)
        let events = Alerts()
            .open("a", "h1", 23.5, .attention).open("b", "h1", 24.5, .attention).open("c", "h1", 25, .attention)
            .open("d", "h1", 26, .attention).open("e", "h1", 50, .serious)
            .events
        let seoulReport = try scorer(hs, days: 3).score(events, detector: "e")
        #expect(seoulReport.days.map(\.date) == ["2025-01-06", "2025-01-07", "2025-01-08"])
        #expect(seoulReport.days.map(\.personAlerts) == [1, 3, 1])
        #expect(seoulReport.days.map(\.seriousPersonAlerts) == [0, 0, 1])
        #expect(
            seoulReport.busiestDay
                == DayCount(
                    date: "2025-01-07", personAlerts: 3, seriousPersonAlerts: 0, deviceAlerts: 0))

        // In UTC the span starts 2025-01-05T15:00Z and the first four alerts fall on 2025-01-06.
        let utc = try Scorer(
            households: hs, spans: spans(hs, days: 3), incidents: [], absences: [],
            calendarTimeZone: .fixed(offsetSeconds: 0), rules: exact
        ).score(events, detector: "e")
        #expect(utc.days.map(\.date) == ["2025-01-05", "2025-01-06", "2025-01-07", "2025-01-08"])
        #expect(utc.busiestDay?.date == "2025-01-06" && utc.busiestDay?.personAlerts == 4)
        #expect(utc.calendarTimeZone == "+00:00")
    }
}

@Suite("Scorer: errors")
struct ScorerErrorTests {
    let hs = households(2)

    func scoreError(_ events: [AlertEvent]) throws -> EvaluationError? {
        do {
            _ = try scorer(hs).score(events, detector: "e")
            return nil
        } catch { return error }
    }

    func setupError(
        incidents: [Incident] = [], absences: [Absence] = [], households: [Household]? = nil,
        spans: [HouseholdID: DataSpan]? = nil
    ) -> EvaluationError? {
        let hs = households ?? self.hs
        do {
            _ = try Scorer(
                households: hs, spans: spans ?? AnbuEvaluationTests.spans(hs, days: 1), incidents: incidents,
                absences: absences)
            return nil
        } catch { return error }
    }

    @Test("an alert on a household absent from households.csv is an error naming it and where it was")
    func unknownHousehold() throws {
        let events = Alerts().open("a", "h1", 1, .attention).open("b", "zz", 2, .serious).events
        #expect(try scoreError(events) == .unknownHousehold(id("zz"), at: .alertEvent(index: 1, alert: "b")))
        let text = try #require(try scoreError(events)).description
        #expect(text == "alert event 1 (alert \"b\"): household \"zz\" is not in households.csv")
    }

    @Test("malformed alerts are errors")
    func malformedAlerts() throws {
        #expect(
            try scoreError(Alerts().open("a", nil, 1, .attention).events)
                == .missingHousehold(at: .alertEvent(index: 0, alert: "a")))
        let escalateOnly = [
            AlertEvent(
                alert: "a", household: id("h1"), time: at(1), event: .escalate, tier: .serious, kind: .person,
                reasons: [])
        ]
        #expect(try scoreError(escalateOnly) == .alertDoesNotOpen(at: .alertEvent(index: 0, alert: "a")))
        let afterClose = Alerts().open("a", "h1", 1, .attention).close("a", 2).change("a", 3, .serious).events
        #expect(try scoreError(afterClose) == .eventAfterClose(at: .alertEvent(index: 2, alert: "a")))
        let reopened = Alerts().open("a", "h1", 1, .attention).open("a", "h1", 3, .serious).events
        #expect(try scoreError(reopened) == .eventAfterClose(at: .alertEvent(index: 1, alert: "a")))
        var noTier = Alerts().open("a", "h1", 1, .attention).events
        noTier[0].tier = nil
        #expect(try scoreError(noTier) == .missingTier(at: .alertEvent(index: 0, alert: "a")))
        var moved = Alerts().open("a", "h1", 1, .attention).change("a", 2, .serious).events
        moved[1].household = id("h2")
        #expect(try scoreError(moved) == .inconsistentAlert(at: .alertEvent(index: 1, alert: "a")))
    }

    @Test("ground truth that contradicts the households is an error")
    func groundTruthErrors() {
        #expect(
            setupError(incidents: [incident("h1", .away, 1), incident("h9", .collapse, 2)])
                == .unknownHousehold(id("h9"), at: .incident(index: 1)))
        #expect(
            setupError(incidents: [incident("h1", .holiday, 2)])
                == .districtIncidentWithHousehold(id("h1"), kind: .holiday, at: .incident(index: 0)))
        #expect(setupError(incidents: [incident(nil, .collapse, 2)]) == .missingHousehold(at: .incident(index: 0)))
        #expect(setupError(incidents: [incident("h1", .illness, 5, 4)]) == .endBeforeStart(at: .incident(index: 0)))
        #expect(
            setupError(absences: [Absence(household: id("h7"), start: at(1), end: at(2))])
                == .unknownHousehold(id("h7"), at: .absence(index: 0)))
        #expect(
            setupError(absences: [Absence(household: id("h1"), start: at(3), end: at(2))])
                == .endBeforeStart(at: .absence(index: 0)))
        #expect(
            setupError(households: [household("h1"), household("h2"), household("h1")])
                == .duplicateHousehold(id("h1"), at: .household(index: 2)))
        #expect(
            setupError(spans: [id("h5"): DataSpan(start: at(0), end: at(1))])
                == .unknownHousehold(
                    id("h5"), at: .span(id("h5"))))
    }
}

@Suite("Scorer: bootstrap intervals and the report's forms")
struct ScorerReportTests {
    /// Ten households with a collapse each; the odd ones are found after 5 h; each has one false alert at hour 10.
    func tenHouseholds(_ rules: ScoringRules) throws -> EvaluationReport {
        let hs = households(10)
        var alerts = Alerts()
        for i in 1...10 {
            alerts = alerts.open("f\(i)", "h\(i)", 10, .serious).close("f\(i)", 11)
            if i % 2 == 1 { alerts = alerts.open("t\(i)", "h\(i)", 105, .serious) }
        }
        return try scorer(hs, incidents: (1...10).map { incident("h\($0)", .collapse, 100) }, rules: rules)
            .score(alerts.events, detector: "engine")
    }

    @Test("intervals are seeded and deterministic, bracket the estimate, and collapse when households are alike")
    func bootstrap() throws {
        let rules = ScoringRules(bootstrapResamples: 500, bootstrapSeed: 7)
        let report = try tenHouseholds(rules)
        #expect(try tenHouseholds(rules) == report)
        let recall = try #require(report.incidentScore(.collapse, at: .serious)?.recall)
        #expect(recall.value == 0.5)
        let lower = try #require(recall.lower)
        let upper = try #require(recall.upper)
        #expect(lower >= 0 && lower < 0.5 && upper > 0.5 && upper <= 1)
        // Every household has exactly one false alert over 10 days: every resample gives 100 per 1 000 days.
        let falseRate = report.personAlertScore(at: .serious).falsePerThousandHouseholdDays
        #expect(close(falseRate.value, 100) && close(falseRate.lower, 100) && close(falseRate.upper, 100))

        let otherSeed = try tenHouseholds(ScoringRules(bootstrapResamples: 500, bootstrapSeed: 8))
        #expect(otherSeed.incidentScore(.collapse, at: .serious)?.recall.value == 0.5)
        #expect(try tenHouseholds(exact).incidentScore(.collapse, at: .serious)?.recall.lower == nil)
    }

    @Test("the report round-trips through JSON, and the tables name every detector")
    func forms() throws {
        let report = try tenHouseholds(ScoringRules(bootstrapResamples: 50))
        let decoded = try JSONDecoder().decode(EvaluationReport.self, from: report.jsonData())
        #expect(decoded == report)
        var rule = report
        rule.detector = "no_contact_24h"
        let table = ReportTable.comparison([report, rule])
        #expect(table.contains("engine") && table.contains("no_contact_24h"))
        #expect(table.contains("0.500"))  // collapse recall at serious
        #expect(table.contains("100.00"))  // false serious alerts per 1k household-days
        let detail = ReportTable.detail(report)
        #expect(detail.contains("collapse") && detail.contains("reaching serious"))
    }

    @Test("scoring rules decode from partial JSON, the rest taking defaults")
    func partialRules() throws {
        let rules = try JSONDecoder().decode(ScoringRules.self, from: Data(#"{"collapseHorizonHours": 48}"#.utf8))
        #expect(rules.collapseHorizonHours == 48)
        #expect(rules.illnessHorizonHours == 504 && rules.graceAfterEndHours == 24 && rules.bootstrapResamples == 1000)
    }

    @Test("data spans from a dense district: first to last bin with data, or the whole grid")
    func denseSpans() {
        var d = district(households(3), bins: 48)
        d[.power, 0, 5] = 1
        d[.steps, 0, 20] = 0  // a zero is data
        d[.callOut, 1, 0] = 0
        d[.talkSeconds, 1, 47] = 3
        let spans = d.dataSpans()
        #expect(spans[id("h1")] == DataSpan(start: at(5), end: at(21)))
        #expect(spans[id("h2")] == DataSpan(start: at(0), end: at(48)))
        #expect(spans[id("h3")] == nil)
        #expect(d.dataSpans(rule: .grid)[id("h3")] == DataSpan(start: at(0), end: at(48)))
    }
}
