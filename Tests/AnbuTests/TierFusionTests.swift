import Foundation
@testable import Anbu
import Testing

/// Fusion's decisions against a plain transcription of the rule as it stood before the hold of households without an
/// alert skipped the hysteresis margins (session 9): same decisions and tiers on random evidence.
@Suite("Tier fusion")
struct TierFusionTests {
    /// The rule written out in full: both margins always computed.
    struct Transcription {
        var tier: [Int]
        var belowBins: [Int]

        mutating func decide(_ h: Int, acute: Float, decline: Float, absent: Bool, _ t: TierFusion.Thresholds)
            -> TierFusion.Decision
        {
            let current = tier[h]
            if absent {
                guard current > 0 else { return .hold }
                (tier[h], belowBins[h]) = (0, 0)
                return .closeForAbsence
            }
            func acuteTier(_ margin: Float) -> Int {
                if acute >= t.serious - margin { return 3 }
                if acute >= t.caution - margin { return 2 }
                return acute >= t.attention - margin ? 1 : 0
            }
            func declineTier(_ margin: Float) -> Int {
                if decline >= t.declineCaution - margin { return 2 }
                return decline >= t.declineAttention - margin ? 1 : 0
            }
            let acuteTarget = acuteTier(0), declineTarget = declineTier(0)
            let target = max(acuteTarget, declineTarget)
            let held = max(acuteTier(t.hysteresis), declineTier(t.hysteresis))
            if target > current {
                let detector: Sensitivity.Detector = acuteTarget >= declineTarget ? .acute : .decline
                (tier[h], belowBins[h]) = (target, 0)
                return current == 0
                    ? .open(tier: target, detector: detector) : .escalate(tier: target, detector: detector)
            }
            guard held < current else {
                belowBins[h] = 0
                return .hold
            }
            belowBins[h] += 1
            guard belowBins[h] >= t.deescalateAfterBins else { return .hold }
            let next = max(held, target)
            (tier[h], belowBins[h]) = (next, 0)
            return next == 0 ? .close : .deescalate(tier: next)
        }
    }

    @Test("Decisions and tiers equal the plain transcription on random evidence, including NaN and absences")
    func matchesTranscription() {
        let households = 50, bins = 2_000
        var policy = DetectionPolicy()
        policy.hysteresis = 1.1
        policy.deescalateAfterBins = 3
        let thresholds = TierFusion.Thresholds(policy)
        var fusion = TierFusion()
        fusion.append(households: households)
        var reference = Transcription(tier: [Int](repeating: 0, count: households),
                                      belowBins: [Int](repeating: 0, count: households))
        var generator = SplitMix64(seed: 9)
        var mismatches: [String] = []
        var opened = 0
        for bin in 0..<bins {
            for h in 0..<households {
                // Mostly quiet, with runs of evidence around the thresholds.
                let loud = (bin / 40 + h) % 5 == 0
                let acute = loud
                    ? Float.random(in: 0..<6, using: &generator) : Float.random(in: -1..<3, using: &generator)
                var decline = Float.random(in: 0..<(loud ? 7 : 2.4), using: &generator)
                if Int.random(in: 0..<500, using: &generator) == 0 { decline = .nan }
                let absent = Int.random(in: 0..<300, using: &generator) == 0
                let got = fusion.decide(h, acute: acute, decline: decline, absent: absent, thresholds)
                let expected = reference.decide(h, acute: acute, decline: decline, absent: absent, thresholds)
                if case .open = expected { opened += 1 }
                if got != expected || Int(fusion.tier[h]) != reference.tier[h] {
                    mismatches.append("bin \(bin) household \(h): \(got) against \(expected)")
                }
            }
        }
        #expect(opened > 100)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }
}
