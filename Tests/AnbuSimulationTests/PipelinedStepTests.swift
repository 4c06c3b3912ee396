import Anbu
import AnbuSimulation
import Foundation
import Testing

/// The district step runs the decisions of bin `t` beside the detectors of bin `t + 1` (one parallel phase per bin),
/// except while recording an evidence trace, which decides every bin before the next: the two orders must give the
/// same alert events.
@Suite("Pipelined district step")
struct PipelinedStepTests {
    /// The busy district's events from a monitor of `threads` threads and blocks of 10 households, recording a trace
    /// (every bin decided before the next) or not (each bin's decisions run in the next bin's phase).
    static func events(threads: Int, recording: Bool) throws -> [AlertEvent] {
        let (district, absences) = ParallelStepTests.input
        let monitor = try DistrictMonitor(
            policy: DetectionPolicy(), start: district.grid.start, execution: Execution(threads: threads),
            blockCapacity: 10)
        try monitor.register(district.households)
        for absence in absences { try monitor.announce(absence) }
        guard recording else { return try monitor.process(district) }
        var trace: EvidenceTrace?
        return try monitor.process(district, recording: &trace)
    }

    @Test("Deciding each bin in the next bin's phase gives the events of deciding it at once, on 1 and 2 threads")
    func sameEventsAsDecidingEachBinAtOnce() throws {
        let stepwise = try Self.events(threads: 1, recording: true)
        #expect(stepwise.contains { $0.kind == .person })
        #expect(stepwise.contains { $0.kind == .device })
        for threads in [1, 2] {
            #expect(try Self.events(threads: threads, recording: false) == stepwise, "\(threads) threads")
        }
    }

    @Test("A district processed in two calls gives the events of one call, each call its own bins' (last bin included)")
    func twoCallsLikeOne() throws {
        let (district, _) = ParallelStepTests.input
        let whole = try Self.events(threads: 2, recording: false)
        let split = district.grid.count / 2
        var first = DenseDistrict(
            households: district.households,
            grid: BinGrid(startUnixSeconds: district.grid.start.unixSeconds, binSeconds: district.grid.binSeconds,
                          count: split))
        var second = DenseDistrict(
            households: district.households,
            grid: BinGrid(startUnixSeconds: district.grid.start(ofBin: split).unixSeconds,
                          binSeconds: district.grid.binSeconds, count: district.grid.count - split))
        for signal in DenseSignal.allCases {
            for row in district.households.indices {
                for bin in 0..<district.grid.count {
                    if bin < split {
                        first[signal, row, bin] = district[signal, row, bin]
                    } else {
                        second[signal, row, bin - split] = district[signal, row, bin]
                    }
                }
            }
        }
        let monitor = try DistrictMonitor(
            policy: DetectionPolicy(), start: district.grid.start, execution: Execution(threads: 2),
            blockCapacity: 10)
        try monitor.register(district.households)
        for absence in ParallelStepTests.input.absences { try monitor.announce(absence) }
        let early = try monitor.process(first)
        // The first call's events are all of the first half's, its last bin's included.
        #expect(early == whole.filter { $0.time <= first.grid.end })
        #expect(try early + monitor.process(second) == whole)
    }
}
