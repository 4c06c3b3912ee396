import Anbu
import AnbuEvaluation
import Testing

/// Random districts scored twice: by `Scorer`, and by a slow oracle that steps through every whole hour and asks which
/// tier each household is at. Every event time, onset and end is a whole hour and the events of one alert are strictly
/// increasing in time, so the earliest detecting instant is a whole hour and the two must agree exactly.
@Suite("Scorer against a brute-force oracle")
struct ScorerOracleTests {
    struct Case {
        var households: [Household]
        var incidents: [Incident]
        var events: [AlertEvent]
    }

    static let days = 20
    static let hours = days * 24

    func randomCase(seed: UInt64) -> Case {
        var rng = SplitMix64(seed: seed)
        let hs = households(12)
        var alerts = Alerts()
        for a in 0..<40 {
            let name = "a\(a)"
            var time = Double(Int.random(in: 0..<Self.hours, using: &rng))
            alerts = alerts.open(
                name, hs.randomElement(using: &rng)!.id.rawValue, time, Tier.allCases.randomElement(using: &rng)!)
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                time += Double(Int.random(in: 1...30, using: &rng))
                alerts = alerts.change(name, time, Tier.allCases.randomElement(using: &rng)!)
            }
            if Int.random(in: 0..<5, using: &rng) > 0 {
                alerts = alerts.close(name, time + Double(Int.random(in: 1...40, using: &rng)))
            }
        }
        var incidents: [Incident] = []
        for h in hs {
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let kind = [IncidentKind.collapse, .illness, .withdrawal, .away, .devicePhone].randomElement(
                    using: &rng)!
                // Half the onsets fall on an event time of the household's alerts, where boundaries matter.
                let times = alerts.events.filter { $0.household == h.id }.map {
                    Double(($0.time.unixMilliseconds - start * 1000) / 3_600_000)
                }
                let onset =
                    Bool.random(using: &rng) && !times.isEmpty
                    ? times.randomElement(using: &rng)! : Double(Int.random(in: 0..<Self.hours, using: &rng))
                let end: Double? = Bool.random(using: &rng) ? onset + Double(Int.random(in: 0...120, using: &rng)) : nil
                incidents.append(incident(h.id.rawValue, kind, onset, end))
            }
        }
        return Case(households: hs, incidents: incidents, events: alerts.events.shuffled(using: &rng))
    }

    /// The tier household `h` is at, at whole hour `hour` (the highest over its open person alerts), or nil.
    func tier(of h: HouseholdID, at hour: Int, events: [AlertEvent]) -> Int? {
        var byAlert: [String: [AlertEvent]] = [:]
        for event in events where event.household == h { byAlert[event.alert, default: []].append(event) }
        var best: Int? = nil
        for (_, list) in byAlert {
            let sorted = list.sorted { $0.time < $1.time }
            guard let last = sorted.last(where: { $0.time <= at(Double(hour)) }), last.event != .close else { continue }
            let rank = Tier.allCases.firstIndex(of: last.tier!)!
            best = max(best ?? -1, rank)
        }
        return best
    }

    @Test("recall, delays and false alerts agree with the oracle", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func agreesWithOracle(seed: UInt64) throws {
        let c = randomCase(seed: seed)
        let report = try scorer(c.households, days: Double(Self.days), incidents: c.incidents)
            .score(c.events, detector: "random")

        // Detection: step hour by hour from onset to the deadline.
        for kind in Scorer.scoredKinds {
            let horizon = kind == .collapse ? 72.0 : 504.0
            for (t, tierValue) in Tier.allCases.enumerated() {
                var delays: [Double] = []
                var count = 0
                for i in c.incidents where i.kind == kind {
                    let onset = Int((i.onset.unixMilliseconds - start * 1000) / 3_600_000)
                    guard onset < Self.hours else { continue }  // outside the span: not scored
                    count += 1
                    var deadline = Double(onset) + horizon
                    if let end = i.end {
                        deadline = min(deadline, Double((end.unixMilliseconds - start * 1000) / 3_600_000) + 24)
                    }
                    for hour in onset...Int(deadline) {
                        if let rank = tier(of: i.household!, at: hour, events: c.events), rank >= t {
                            delays.append(Double(hour - onset))
                            break
                        }
                    }
                }
                let score = try #require(report.incidentScore(kind, at: tierValue))
                #expect(score.incidents == count, "seed \(seed) \(kind) \(tierValue)")
                #expect(score.delaysHours == delays.sorted(), "seed \(seed) \(kind) \(tierValue)")
            }
        }

        let outside = c.incidents.filter {
            $0.kind.isPersonRisk && $0.onset.unixMilliseconds >= start * 1000 + Int64(Self.hours) * 3_600_000
        }
        #expect(report.unscoredIncidents == outside.count)

        // False alerts: the first instant each alert reaches each tier, against every person-risk incident.
        var falseCounts = [0, 0, 0]
        var reached = [0, 0, 0]
        var byAlert: [String: [AlertEvent]] = [:]
        for event in c.events { byAlert[event.alert, default: []].append(event) }
        for (_, list) in byAlert {
            let sorted = list.sorted { $0.time < $1.time }
            for t in 0..<3 {
                guard
                    let first = sorted.first(where: { $0.tier.map { Tier.allCases.firstIndex(of: $0)! >= t } ?? false })
                else { continue }
                reached[t] += 1
                let active = c.incidents.contains { i in
                    i.household == first.household && i.kind.isPersonRisk
                        && first.time.unixMilliseconds >= i.onset.unixMilliseconds - 3_600_000
                        && (i.end.map { first.time.unixMilliseconds <= $0.unixMilliseconds + 86_400_000 } ?? true)
                }
                if !active { falseCounts[t] += 1 }
            }
        }
        for (t, tierValue) in Tier.allCases.enumerated() {
            let score = report.personAlertScore(at: tierValue)
            #expect(score.alerts == reached[t] && score.falseAlerts == falseCounts[t], "seed \(seed) \(tierValue)")
            let contexts = AlertContext.allCases.map { score.falseByContext[$0] }.reduce(0, +)
            #expect(contexts == score.falseAlerts)
        }
    }
}
