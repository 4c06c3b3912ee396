// Scoring and the reference rules at the size of a tuning sweep: 2,000 households × 90 days of hourly bins.
// A sweep scores 50 policies' alerts against one `Scorer`, so `score` is what it pays per policy; docs/benchmarks.md
// records the figures and the command.

import Anbu
import AnbuEvaluation
import Benchmark

nonisolated(unsafe) let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(10),
        maxIterations: 30
    )

    // A plain synthetic district: a phone that reports every hour with steps by day and a few calls, a plug at standby
    // with use in the evening; 5 % of households collapse (all activity stops) at a random hour.
    var state: UInt64 = 42
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    let householdCount = 2000, days = 90, bins = days * 24
    let start: Int64 = 1_736_089_200
    let zone = HouseholdTimeZone.fixed(offsetSeconds: 9 * 3600)
    let households = (0..<householdCount).map {
        Household(id: HouseholdID("h\($0)")!, timeZone: zone, sources: .all)
    }
    var district = DenseDistrict(
        households: households, grid: BinGrid(startUnixSeconds: start, binSeconds: 3600, count: bins))
    var incidents: [Incident] = []
    for row in 0..<householdCount {
        let collapse = next(20) == 0 ? next(bins) : bins
        if collapse < bins {
            incidents.append(Incident(
                household: households[row].id, kind: .collapse,
                onset: Timestamp(unixSeconds: start + Int64(collapse) * 3600), end: nil))
        }
        if next(20) == 0 {
            let onset = next(bins - 24 * 21)
            incidents.append(Incident(
                household: households[row].id, kind: .illness,
                onset: Timestamp(unixSeconds: start + Int64(onset) * 3600),
                end: Timestamp(unixSeconds: start + Int64(onset + 24 * 14) * 3600)))
        }
        for b in 0..<bins {
            let hour = b % 24
            let alive = b < collapse
            let awake = hour >= 7 && hour < 23
            district[.steps, row, b] = alive && awake && next(3) > 0 ? Float(next(800)) : 0
            district[.callOut, row, b] = alive && awake && next(40) == 0 ? 1 : 0
            district[.callIn, row, b] = alive && awake && next(40) == 0 ? 1 : 0
            district[.callMissed, row, b] = next(200) == 0 ? 1 : 0
            district[.talkSeconds, row, b] = 0
            district[.power, row, b] = alive && hour >= 18 && hour < 23 ? 80 + Float(next(40)) : 2 + Float(next(10)) / 10
        }
    }
    let scorer = try! Scorer(district: district, incidents: incidents, absences: [])
    let quick = try! Scorer(
        district: district, incidents: incidents, absences: [], rules: ScoringRules(bootstrapResamples: 0))

    // An engine-like alert load: 20,000 person alerts (about 110 per 1,000 household-days, more than any real
    // detector should raise), each opening at attention, half escalating to serious, most closing within two days.
    var events: [AlertEvent] = []
    for a in 0..<20_000 {
        let household = households[next(householdCount)].id
        let open = Int64(next(bins)) * 3600
        func event(_ offset: Int64, _ kind: AlertEventKind, _ tier: Tier?) -> AlertEvent {
            AlertEvent(
                alert: "a\(a)", household: household, time: Timestamp(unixSeconds: start + open + offset * 3600),
                event: kind, tier: tier, kind: .person, reasons: [])
        }
        events.append(event(1, .open, .attention))
        if next(2) == 0 { events.append(event(4, .escalate, .serious)) }
        if next(10) > 0 { events.append(event(Int64(5 + next(40)), .close, nil)) }
    }
    events.sort { $0.time < $1.time }
    print("evaluation benchmark: \(incidents.count) incidents, \(events.count) alert events")

    Benchmark("Scorer.init 2000 households x 90 days") { benchmark in
        blackHole(try Scorer(district: district, incidents: incidents, absences: []))
    }

    Benchmark("score 20000 alerts, 1000 bootstrap resamples") { benchmark in
        blackHole(try scorer.score(events, detector: "engine"))
    }

    Benchmark("score 20000 alerts, no bootstrap") { benchmark in
        blackHole(try quick.score(events, detector: "engine"))
    }

    for rule in ReferenceRule.allCases {
        Benchmark("reference rule \(rule.rawValue), 2000 x 2160 bins") { benchmark in
            blackHole(rule.alerts(for: district))
        }
    }
}
