import Anbu
import Testing

@testable import AnbuEvaluation

@Suite("Sweeps: evidence groups, replay agrees with full runs, the table")
struct SweepTests {
    /// 30 households × 21 days of regular, noisy routines; household 0 collapses on day 15 at 09:00, household 1's
    /// phone is off for a day.
    static let made: (district: DenseDistrict, incidents: [Incident]) = {
        var made = district(households(30), bins: 21 * 24)
        var random = SplitMix64(seed: 11)
        let collapse = 15 * 24 + 9
        for row in 0..<30 {
            for bin in 0..<(21 * 24) {
                let hour = bin % 24
                let awake = (7...22).contains(hour)
                let down = row == 0 && bin >= collapse
                made[.power, row, bin] = down ? 60 : Float(60 + (awake ? 40 + random.index(below: 200) : random.index(below: 4)))
                let phoneOff = row == 1 && (10 * 24..<11 * 24).contains(bin)
                for signal in [DenseSignal.steps, .callOut, .callIn, .callMissed, .talkSeconds] {
                    made[signal, row, bin] = phoneOff ? .nan : 0
                }
                if !phoneOff && !down && awake {
                    made[.steps, row, bin] = Float(random.index(below: 3) == 0 ? 0 : 50 + random.index(below: 400))
                    if random.index(below: 12) == 0 {
                        made[.callOut, row, bin] = 1
                        made[.talkSeconds, row, bin] = 90
                    }
                }
            }
        }
        return (made, [incident("h1", .collapse, Double(collapse)), incident("h2", .devicePhone, 240, 264)])
    }()

    static func policy(_ change: (inout DetectionPolicy) -> Void) -> DetectionPolicy {
        var policy = DetectionPolicy()
        change(&policy)
        return policy
    }

    static let policies: [NamedPolicy] = [
        NamedPolicy(name: "default", settings: [:], policy: DetectionPolicy()),
        NamedPolicy(name: "sensitive", settings: ["attentionThreshold": "1.5"], policy: policy {
            $0.attentionThreshold = 1.5
            $0.cautionThreshold = 2.5
            $0.seriousThreshold = 3.5
            $0.hysteresis = 0.3
            $0.deescalateAfterBins = 1
        }),
        NamedPolicy(name: "deviation", settings: ["deviationWeight": "0.6"], policy: policy { $0.deviationWeight = 0.6 }),
        NamedPolicy(name: "strict", settings: ["seriousThreshold": "8"], policy: policy { $0.seriousThreshold = 8 }),
    ]

    @Test("policies that differ only in fusion fields share an evidence group")
    func groups() {
        #expect(PolicySweep.evidenceGroups(Self.policies.map(\.policy)) == [[0, 1, 3], [2]])
        #expect(PolicySweep.evidenceGroups([]) == [])
    }

    @Test("a sweep's reports (one engine run per group, replay for the rest) equal full runs scored one by one")
    func replayAgrees() throws {
        let scorer = try Scorer(district: Self.made.district, incidents: Self.made.incidents, absences: [], rules: exact)
        let sweep = PolicySweep(district: Self.made.district, absences: [], scorer: scorer)
        var progress: [Int] = []
        let swept = try sweep.run(Self.policies) { progress.append($0) }
        #expect(progress == [1, 2, 3, 4])
        for (index, named) in Self.policies.enumerated() {
            let monitor = try DistrictMonitor(policy: named.policy, start: Self.made.district.grid.start)
            let events = try monitor.process(Self.made.district)
            #expect(swept[index] == (try scorer.score(events, detector: named.name)), "policy \(named.name)")
        }
        #expect(swept[1].personAlertScore(at: .attention).alerts >= swept[0].personAlertScore(at: .attention).alerts)

        let references = try ReferenceRule.allCases.map {
            try scorer.score($0.alerts(for: Self.made.district), detector: $0.rawValue)
        }
        let table = SweepTable(
            policies: Self.policies, variedFields: ["attentionThreshold", "deviationWeight", "seriousThreshold"],
            reports: swept, references: references)
        let csv = table.csv.split(separator: "\n")
        #expect(csv.count == 1 + Self.policies.count + ReferenceRule.allCases.count)
        #expect(csv[0].hasPrefix("role,policy,attentionThreshold,deviationWeight,seriousThreshold,collapse_recall_serious,"))
        #expect(csv[0].hasSuffix(",delay_front,recall_front"))
        #expect(csv[2].hasPrefix("policy,sensitive,1.5,,,"))
        #expect(csv.last!.hasPrefix("reference_rule,plug_flat_and_no_contact_24h,,,,"))
        #expect(table.markdown.split(separator: "\n").count == 2 + Self.policies.count + ReferenceRule.allCases.count)
        #expect(xmlElements(table.chart(title: "t").svg).wellFormed)
    }
}
