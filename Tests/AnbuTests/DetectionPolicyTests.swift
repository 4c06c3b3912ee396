import Anbu
import Foundation
import Testing

@Suite("Detection policy")
struct DetectionPolicyTests {
    @Test("JSON round-trips every field")
    func roundTrip() throws {
        var policy = DetectionPolicy()
        policy.seriousThreshold = 5.25
        policy.deviceOfflineHours = 12
        policy.binSeconds = 900
        let data = try JSONEncoder().encode(policy)
        #expect(try JSONDecoder().decode(DetectionPolicy.self, from: data) == policy)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object.count >= 30)
        #expect(object["seriousThreshold"] as? Double == 5.25)
    }

    @Test("A partial file keeps the defaults of the fields it does not name")
    func partial() throws {
        let policy = try JSONDecoder().decode(DetectionPolicy.self, from: Data(#"{"cautionThreshold": 3.75}"#.utf8))
        var expected = DetectionPolicy()
        expected.cautionThreshold = 3.75
        #expect(policy == expected)
    }

    @Test("An unknown field is an error naming it")
    func unknownField() {
        #expect(throws: PolicyError.unknownField("seriousThreshhold")) {
            try JSONDecoder().decode(DetectionPolicy.self, from: Data(#"{"seriousThreshhold": 4}"#.utf8))
        }
    }

    @Test("Out-of-range values are refused with the field, the value and the range")
    func outOfRange() {
        var policy = DetectionPolicy()
        policy.binSeconds = 7000
        let binRule =
            "a divisor of 3600 (slots are hours of the day) of at least 300 (per-slot counts in half precision)"
        #expect(throws: PolicyError.outOfRange(field: "binSeconds", value: "7000", expected: binRule)) {
            try policy.validate()
        }
        // A bin that divides a day but straddles the hour slots, or too short for the per-slot counts, is refused.
        for seconds in [1, 60, 240, 7200, 86_400] {
            policy.binSeconds = seconds
            #expect(throws: PolicyError.outOfRange(field: "binSeconds", value: "\(seconds)", expected: binRule)) {
                try policy.validate()
            }
        }
        for seconds in [300, 900, 1800, 3600] {
            policy.binSeconds = seconds
            #expect(throws: Never.self) { try policy.validate() }
        }
        policy = DetectionPolicy()
        policy.cautionThreshold = policy.attentionThreshold - 1
        #expect(throws: PolicyError.self) { try policy.validate() }
        #expect(throws: PolicyError.self) {
            try JSONDecoder().decode(DetectionPolicy.self, from: Data(#"{"lifeSignProbabilityCap": 1.5}"#.utf8))
        }
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(DetectionPolicy.self, from: Data(#"{"deviceOfflineHours": "many"}"#.utf8))
        }
        // Fusion counts the bins below a tier in one byte: more than 255 would trap once an alert faded that long.
        policy = DetectionPolicy()
        policy.deescalateAfterBins = 256
        #expect(throws: PolicyError.outOfRange(field: "deescalateAfterBins", value: "256", expected: "in 1...255")) {
            try policy.validate()
        }
    }

    @Test("An infinite weight is refused (infinity times no evidence is NaN); an infinite threshold is allowed")
    func infiniteWeights() throws {
        var policy = DetectionPolicy()
        policy.deviationWeight = .infinity
        #expect(throws: PolicyError.outOfRange(field: "deviationWeight", value: "inf", expected: "finite, >= 0")) {
            try policy.validate()
        }
        for field in [\DetectionPolicy.powerChangeNoiseMultiple, \.lifeSignPriorDays, \.quietRunPriorSigns,
                      \.quietHistoryPseudoDays, \.falseAlarmPenalty, \.confirmedIncidentBonus,
                      \.maximumSensitivityOffset, \.maximumSensitivityBoost] {
            policy = DetectionPolicy()
            policy[keyPath: field] = .infinity
            #expect(throws: PolicyError.self) { try policy.validate() }
        }
        policy = DetectionPolicy()
        policy.seriousThreshold = .infinity
        policy.maximumPlausibleWatts = .infinity
        try policy.validate()
    }

    @Test("The default policy is valid")
    func defaultIsValid() throws {
        try DetectionPolicy().validate()
    }
}

@Suite("Reason text")
struct ReasonTextTests {
    @Test("Numbers of any size render without trapping")
    func anyFloat() {
        func text(_ value: Float) -> String { Reason(.routineDeviation, observed: value, unit: "bans").description }
        #expect(text(7).hasSuffix("(7 bans)"))
        #expect(text(3e30).hasSuffix("(3e+30 bans)"))
        #expect(text(.infinity).hasSuffix("(inf bans)"))
        #expect(text(.nan).hasSuffix("(nan bans)"))
    }
}
