import Anbu
import Testing

@Suite("Evidence trace: fusion replayed under other thresholds")
struct EvidenceTraceTests {
    /// A district with collapses, a dead phone, an away household and a telecom outage: person, device and district
    /// alerts interleave.
    static let made: HandMadeDistrict = {
        var made = HandMadeDistrict(households: 30, days: 21, seed: 7)
        made.collapse(0, at: 15 * 24 + 9)
        made.collapse(1, at: 17 * 24 + 20, batteryHours: 6)
        made.phoneOff(2, at: 16 * 24, hours: 30)
        made.awayWithoutPhone(3, at: 18 * 24 + 8, hours: 40)
        made.telecomOutage(at: 19 * 24 + 3, hours: 5)
        return made
    }()

    /// What a replay promises to reproduce: everything but the evidence reasons of person events.
    static func comparable(_ events: [AlertEvent]) -> [AlertEvent] {
        events.map { event in
            guard event.kind == .person, event.event == .open || event.event == .escalate else {
                return AlertEvent(alert: event.alert, household: event.household, time: event.time,
                                  event: event.event, tier: event.tier, kind: event.kind,
                                  reasons: event.event == .deescalate ? [.evidenceFaded] : event.reasons)
            }
            return AlertEvent(alert: event.alert, household: event.household, time: event.time, event: event.event,
                              tier: event.tier, kind: event.kind, reasons: [])
        }
    }

    static func sensitive() -> DetectionPolicy {
        var policy = DetectionPolicy()
        policy.attentionThreshold = 1.5
        policy.cautionThreshold = 2.5
        policy.seriousThreshold = 3.5
        policy.declineAttentionThreshold = 1
        policy.hysteresis = 0.3
        policy.deescalateAfterBins = 1
        return policy
    }

    @Test("Replaying the recorded policy and other thresholds equals running the monitor under them")
    func replayEqualsRun() throws {
        var trace: EvidenceTrace?
        let recorded = try DistrictMonitor(start: HandMadeDistrict.start)
            .process(Self.made.district, recording: &trace)
        let replayable = try #require(trace)
        #expect(replayable.grid.count == Self.made.bins)
        #expect(Self.comparable(try replayable.replay(DetectionPolicy())) == Self.comparable(recorded))
        for policy in [Self.sensitive(), { var p = DetectionPolicy(); p.seriousThreshold = 8; return p }()] {
            let run = try DistrictMonitor(policy: policy, start: HandMadeDistrict.start).process(Self.made.district)
            let replayed = try replayable.replay(policy)
            #expect(run.contains { $0.kind == .person } && run.contains { $0.kind != .person })
            #expect(Self.comparable(replayed) == Self.comparable(run))
        }
    }

    @Test("A policy that changes evidence is refused by name")
    func notReplayable() throws {
        var trace: EvidenceTrace?
        _ = try DistrictMonitor(start: HandMadeDistrict.start).process(Self.made.district, recording: &trace)
        var policy = DetectionPolicy()
        policy.silenceHalfLifeDays = 10
        #expect(throws: EvidenceTraceError.notReplayable(field: "silenceHalfLifeDays")) {
            try trace!.replay(policy)
        }
        policy = DetectionPolicy()
        policy.cautionThreshold = 1
        #expect(throws: EvidenceTraceError.self) { try trace!.replay(policy) }
    }

    @Test("Recording needs a fresh monitor")
    func freshMonitor() throws {
        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        _ = try monitor.process(HandMadeDistrict(households: 2, days: 1).district)
        var trace: EvidenceTrace?
        let next = HandMadeDistrict(households: 2, days: 1).district
        #expect(throws: MonitorError.recordingNeedsFreshMonitor) {
            try monitor.process(next, recording: &trace)
        }
        #expect(trace == nil)
    }
}
