import Anbu
import AnbuSimulation
import Foundation
import Testing

/// The parallel district step: the same alerts, identifiers and evidence trace for any thread count.
@Suite("Parallel district step")
struct ParallelStepTests {
    /// The busy district (120 households, 60 days) in dense form, with its announced absences.
    static let input: (district: DenseDistrict, absences: [Absence]) = {
        let (simulation, simulated) = busyDistrict
        var district = DenseDistrict(households: simulated.map(\.household), grid: simulation.grid)
        for (row, household) in simulated.enumerated() {
            for (signal, values) in household.denseRow(grid: simulation.grid) {
                for bin in values.indices { district[signal, row, bin] = values[bin] }
            }
        }
        return (district, simulated.flatMap(\.absences))
    }()

    /// Runs the busy district on a monitor of `threads` threads and blocks of `blockCapacity` households.
    static func run(threads: Int, blockCapacity: Int) throws -> (events: [AlertEvent], trace: EvidenceTrace) {
        let (district, absences) = input
        let monitor = try DistrictMonitor(
            policy: DetectionPolicy(), start: district.grid.start, execution: Execution(threads: threads),
            blockCapacity: blockCapacity)
        try monitor.register(district.households)
        for absence in absences { try monitor.announce(absence) }
        var trace: EvidenceTrace?
        let events = try monitor.process(district, recording: &trace)
        return (events, trace!)
    }

    @Test("1, 2 and 3 threads over 12 blocks give the same alert events and the same evidence trace")
    func sameForAnyThreadCount() throws {
        let serial = try Self.run(threads: 1, blockCapacity: 10)
        #expect(serial.events.contains { $0.kind == .person })
        #expect(serial.events.contains { $0.kind == .device })
        // A replay under other thresholds reads every recorded fusion input: equal replays, equal traces.
        var sensitive = DetectionPolicy()
        sensitive.attentionThreshold -= 1
        sensitive.cautionThreshold -= 1
        sensitive.seriousThreshold -= 1
        let serialReplay = try serial.trace.replay(sensitive)
        #expect(serialReplay != serial.events)
        for threads in [2, 3] {
            let parallel = try Self.run(threads: threads, blockCapacity: 10)
            #expect(parallel.events == serial.events, "\(threads) threads")
            #expect(try parallel.trace.replay(sensitive) == serialReplay, "\(threads) threads")
        }
    }

    @Test("More threads than blocks, and one block, change nothing either")
    func threadsBeyondBlocks() throws {
        let reference = try Self.run(threads: 1, blockCapacity: 64)  // 2 blocks
        #expect(try Self.run(threads: 5, blockCapacity: 64).events == reference.events)
        let whole = try Self.run(threads: 1, blockCapacity: 4_096)  // 1 block
        #expect(try Self.run(threads: 2, blockCapacity: 4_096).events == whole.events)
    }

    @Test("The block size changes nothing: the slow decline's day shift and spread prior are the district's")
    func sameForAnyBlockSize() throws {
        // With blocks of 10, a block's closing households are fewer than the 20 a young household's spread prior
        // needs: until session 11 the prior was each block's, so the young decline tests stayed silent here and
        // scored in one block of 120.
        let whole = try Self.run(threads: 1, blockCapacity: 4_096)
        let small = try Self.run(threads: 2, blockCapacity: 10)
        let difference = zip(small.events, whole.events).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(small.events.count == whole.events.count && difference == nil,
                "\(small.events.count) against \(whole.events.count) events; first difference at \(difference ?? -1)")
        // A replay under lower thresholds reads every recorded fusion input, the decline's evidence among them.
        var sensitive = DetectionPolicy()
        sensitive.declineAttentionThreshold -= 1
        sensitive.attentionThreshold -= 1
        #expect(try small.trace.replay(sensitive) == whole.trace.replay(sensitive))
    }

    @Test("An execution needs at least one thread")
    func invalidThreadCount() {
        #expect(throws: MonitorError.invalidThreadCount(0)) { try Execution(threads: 0) }
        #expect(Execution.serial.threads == 1)
        #expect(Execution.allCores.threads >= 1)
    }
}
