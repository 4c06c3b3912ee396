import Anbu
import AnbuEvaluation
import Foundation
import Testing

func grid(_ json: String) throws(PolicyGridError) -> PolicyGrid { try PolicyGrid(json: Data(json.utf8)) }

@Suite("Policy grid files")
struct PolicyGridTests {
    @Test("vary: every combination, fields alphabetical, the last varying fastest; base applies to all")
    func vary() throws {
        let parsed = try grid(
            #"{"base": {"deviationWeight": 0.5, "cautionThreshold": 5, "seriousThreshold": 6}, "vary": {"seriousThreshold": [6, 7], "attentionThreshold": [3, 3.5, 4]}}"#)
        #expect(parsed.policies.count == 6)
        #expect(parsed.variedFields == ["attentionThreshold", "seriousThreshold"])
        #expect(parsed.policies.map(\.name).prefix(3) == [
            "attentionThreshold=3 seriousThreshold=6", "attentionThreshold=3 seriousThreshold=7",
            "attentionThreshold=3.5 seriousThreshold=6",
        ])
        #expect(parsed.policies.allSatisfy { $0.policy.deviationWeight == 0.5 })
        #expect(parsed.policies[5].policy.attentionThreshold == 4 && parsed.policies[5].policy.seriousThreshold == 7)
        #expect(parsed.policies[2].settings == [
            "attentionThreshold": "3.5", "seriousThreshold": "6", "deviationWeight": "0.5", "cautionThreshold": "5",
        ])
        #expect(parsed.skipped.isEmpty)
    }

    @Test("vary: combinations the policy refuses are skipped with the reason")
    func skipped() throws {
        let parsed = try grid(
            #"{"base": {"seriousThreshold": 7}, "vary": {"attentionThreshold": [3, 5], "cautionThreshold": [4, 6]}}"#)
        #expect(parsed.policies.map(\.name) == [
            "attentionThreshold=3 cautionThreshold=4", "attentionThreshold=3 cautionThreshold=6",
            "attentionThreshold=5 cautionThreshold=6",
        ])
        #expect(parsed.skipped.map(\.name) == ["attentionThreshold=5 cautionThreshold=4"])
        #expect(throws: PolicyGridError.self) { try grid(#"{"vary": {"attentionThreshold": [9, 10]}}"#) }
    }

    @Test("policies: the listed policies in order over the base, named by their own fields")
    func list() throws {
        let parsed = try grid(#"{"base": {"hysteresis": 1}, "policies": [{}, {"seriousThreshold": 7, "deescalateAfterBins": 3}]}"#)
        #expect(parsed.policies.map(\.name) == ["#1 (base)", "#2 deescalateAfterBins=3 seriousThreshold=7"])
        #expect(parsed.policies.allSatisfy { $0.policy.hysteresis == 1 })
        #expect(parsed.policies[1].policy.deescalateAfterBins == 3)
        #expect(parsed.variedFields == ["deescalateAfterBins", "seriousThreshold"])
    }

    @Test("typed errors name the place: unknown fields, wrong types, bad shapes, refused policies")
    func errors() {
        #expect(throws: PolicyGridError.unknownPolicyField("atentionThreshold", at: "vary")) {
            try grid(#"{"vary": {"atentionThreshold": [3]}}"#)
        }
        #expect(throws: PolicyGridError.unknownPolicyField("nope", at: "base")) {
            try grid(#"{"base": {"nope": 1}, "vary": {"attentionThreshold": [3]}}"#)
        }
        #expect(throws: PolicyGridError.unknownPolicyField("nope", at: "policies[1]")) {
            try grid(#"{"policies": [{}, {"nope": 1}]}"#)
        }
        #expect(throws: PolicyGridError.wrongType(field: "deescalateAfterBins", at: "vary.deescalateAfterBins")) {
            try grid(#"{"vary": {"deescalateAfterBins": [1.5]}}"#)
        }
        #expect(throws: PolicyGridError.wrongType(field: "seriousThreshold", at: "policies[0]")) {
            try grid(#"{"policies": [{"seriousThreshold": "high"}]}"#)
        }
        #expect(throws: PolicyGridError.needsVaryOrPolicies) { try grid(#"{"base": {}}"#) }
        #expect(throws: PolicyGridError.needsVaryOrPolicies) { try grid(#"{"vary": {}, "policies": []}"#) }
        #expect(throws: PolicyGridError.unknownKey("grid")) { try grid(#"{"grid": {}}"#) }
        #expect(throws: PolicyGridError.notAList(at: "vary.hysteresis")) { try grid(#"{"vary": {"hysteresis": 1}}"#) }
        #expect(throws: PolicyGridError.notAList(at: "vary.hysteresis")) { try grid(#"{"vary": {"hysteresis": []}}"#) }
        #expect(throws: PolicyGridError.notAList(at: "policies")) { try grid(#"{"policies": []}"#) }
        #expect(throws: PolicyGridError.notAnObject(at: "policies[0]")) { try grid(#"{"policies": [3]}"#) }
        #expect(throws: PolicyGridError.notAnObject(at: "top level")) { try grid("[1]") }
        #expect(throws: PolicyGridError.self) { try grid("{not json") }
        #expect(
            throws: PolicyGridError.invalidPolicy(
                at: "policies[0]", .outOfRange(field: "hysteresis", value: "-1.0", expected: ">= 0"))
        ) { try grid(#"{"policies": [{"hysteresis": -1}]}"#) }
        let missing = #expect(throws: PolicyGridError.self) { try PolicyGrid.load(path: "/nonexistent/grid.json") }
        guard case .unreadable(let path, _) = missing else {
            Issue.record("expected unreadable, got \(String(describing: missing))")
            return
        }
        #expect(path == "/nonexistent/grid.json")
    }
}
