import Anbu
import Testing

/// Homes whose only device is the call log (docs/detection.md, "Session 9: call-log-only homes"): a contact gap's
/// hours and unanswered calls, judged against this household's own gaps.
@Suite("Unanswered calls")
struct UnansweredCallsTests {
    /// The default policy, in which the evidence is on.
    static let on = DetectionPolicy()
    /// The same with the evidence switched off.
    static let off: DetectionPolicy = {
        var policy = DetectionPolicy()
        policy.unansweredCallsMaximumEvidence = 0
        return policy
    }()

    /// Household `h` collapses at `bin` in a call-log-only home: the call log keeps reporting, no call is made, and
    /// the family's incoming calls go unanswered (at 12:00 and 19:00, and retried an hour later).
    static func collapseWithCalls(_ made: inout HandMadeDistrict, _ h: Int, at bin: Int) {
        for b in bin..<made.bins {
            let hour = b % 24
            made.district[.callOut, h, b] = 0
            made.district[.callIn, h, b] = 0
            made.district[.callMissed, h, b] = [12, 13, 19, 20].contains(hour) ? 1 : 0
            made.district[.talkSeconds, h, b] = 0
        }
    }

    /// Household `h` is out without answering from `bin` for `hours`: no call of its own, incoming calls missed at
    /// the same hours as a collapse's.
    static func outWithoutAnswering(_ made: inout HandMadeDistrict, _ h: Int, at bin: Int, hours: Int) {
        var copy = made
        collapseWithCalls(&copy, h, at: bin)
        for b in bin..<min(made.bins, bin + hours) {
            for signal in [DenseSignal.callOut, .callIn, .callMissed, .talkSeconds] {
                made.district[signal, h, b] = copy.district[signal, h, b]
            }
        }
    }

    /// The first `serious` person alert of household `id` at or after `bin`, hours after it; nil when there is none.
    static func hoursToSerious(_ events: [AlertEvent], _ id: String, _ made: HandMadeDistrict, after bin: Int)
        -> Int64? {
        let start = made.district.grid.start(ofBin: bin)
        return events.of(id, .person).first { $0.tier == .serious && $0.time >= start }
            .map { ($0.time.unixSeconds - start.unixSeconds) / 3600 }
    }

    @Test("A collapse in a call-log-only home is serious within 72 h; without the gap's evidence it is not")
    func callOnlyCollapse() throws {
        var made = HandMadeDistrict(households: 30, days: 35, sources: [.calls])
        let onset = 28 * 24 + 10  // 10:00
        Self.collapseWithCalls(&made, 3, at: onset)
        let (_, events) = try DistrictMonitorTests.run(made, policy: Self.on)
        let found = try #require(Self.hoursToSerious(events, "h3", made, after: onset), "no serious alert")
        #expect(found <= 72, "serious after \(found) h")
        let (_, without) = try DistrictMonitorTests.run(made, policy: Self.off)
        let late = Self.hoursToSerious(without, "h3", made, after: onset)
        #expect(late == nil || late! > 72, "serious without the evidence after \(late ?? -1) h")
    }

    @Test("A call-log-only home that is out for a day every week without answering is not serious the next time")
    func habitOfBeingOut() throws {
        var made = HandMadeDistrict(households: 30, days: 35, sources: [.calls])
        // Household 3 is out from 08:00 for 30 hours every week, missing every call; household 4 only the last time.
        let outings = [3, 10, 17, 24, 31].map { $0 * 24 + 8 }
        for bin in outings { Self.outWithoutAnswering(&made, 3, at: bin, hours: 30) }
        Self.outWithoutAnswering(&made, 4, at: outings.last!, hours: 30)
        let (_, events) = try DistrictMonitorTests.run(made, policy: Self.on)
        #expect(Self.hoursToSerious(events, "h3", made, after: outings.last!) == nil)
        // The same day is serious for the household that never did it before.
        #expect(Self.hoursToSerious(events, "h4", made, after: outings.last!) != nil)
    }
}
