@testable import Anbu
import Foundation
import Testing

/// Snapshots: a snapshot and restore at any bin boundary changes nothing; a damaged file is a typed error.
@Suite("Snapshots")
struct SnapshotTests {
    /// A district with something for every part of the state: a collapse (a person alert that escalates), a dead
    /// phone (a device alert), an announced absence, and caseworker feedback on the first person alert.
    static func district() -> (made: HandMadeDistrict, absences: [Absence]) {
        var made = HandMadeDistrict(households: 24, days: 23, seed: 5)
        made.collapse(2, at: 21 * 24 + 9)
        made.phoneOff(5, at: 20 * 24, hours: 30)
        made.stuckPlug(7, at: 19 * 24)
        made.awayWithoutPhone(9, at: 15 * 24, hours: 40)
        let grid = made.district.grid
        let absence = Absence(household: HouseholdID("h9")!, start: grid.start(ofBin: 15 * 24),
                              end: grid.start(ofBin: 15 * 24 + 40))
        return (made, [absence])
    }

    /// The bin after which the first person alert gets a caseworker's outcome.
    static let feedbackBin = 20 * 24

    /// Runs the district densely in parts; at `restartAt` the monitor is written to a snapshot and replaced by the
    /// monitor read back from it (given the same execution).
    static func run(
        _ made: HandMadeDistrict, absences: [Absence], restartAt: Int?, in directory: URL,
        blockCapacity: Int = DistrictMonitor.defaultBlockCapacity, execution: Execution = .serial
    ) throws -> (events: [AlertEvent], monitor: DistrictMonitor) {
        var monitor = try DistrictMonitor(
            policy: DetectionPolicy(), start: HandMadeDistrict.start, execution: execution,
            blockCapacity: blockCapacity)
        try monitor.register(made.district.households)
        for absence in absences { try monitor.announce(absence) }
        let cuts = Set([0, feedbackBin, made.bins] + (restartAt.map { [$0] } ?? [])).sorted()
        var events: [AlertEvent] = []
        for (from, to) in zip(cuts, cuts.dropFirst()) {
            if from == restartAt {
                let file = directory.appending(path: "monitor.anbusnap")
                try monitor.snapshot(to: file, attachment: Array("bin \(from)".utf8))
                let restored = try DistrictMonitor.restore(from: file)
                #expect(restored.attachment == Array("bin \(from)".utf8))
                monitor = restored.monitor
                #expect(monitor.blockCapacity == blockCapacity)
                monitor.execution = execution
            }
            events += try monitor.process(made.district.bins(from..<to))
            if to == feedbackBin, let first = events.first(where: { $0.kind == .person }) {
                try monitor.record(.falseAlarm, forAlert: first.alert)
            }
        }
        return (events, monitor)
    }

    @Test("A snapshot and restore at any bin boundary changes no alert")
    func restartAnywhere() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (made, absences) = Self.district()
        let (reference, uninterrupted) = try Self.run(made, absences: absences, restartAt: nil, in: directory)
        #expect(reference.contains { $0.kind == .person && $0.tier == .serious })
        #expect(reference.contains { $0.kind == .device })
        var generator = SplitMix64(seed: 3)
        let boundaries = [0, 1, 23, 24, Self.feedbackBin, made.bins - 1, made.bins]
            + (0..<6).map { _ in Int(generator.next() % UInt64(made.bins)) }
        for restartAt in boundaries {
            let (events, monitor) = try Self.run(made, absences: absences, restartAt: restartAt, in: directory)
            #expect(events == reference, "restart at bin \(restartAt)")
            for household in made.district.households {
                #expect(monitor.assessment(of: household.id) == uninterrupted.assessment(of: household.id))
            }
        }
    }

    @Test("A monitor of several blocks on two threads restores its blocks and changes no alert")
    func restartManyBlocks() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (made, absences) = Self.district()
        let two = try Execution(threads: 2)
        let (reference, uninterrupted) = try Self.run(
            made, absences: absences, restartAt: nil, in: directory, blockCapacity: 5, execution: two)
        #expect(reference.contains { $0.kind == .person && $0.tier == .serious })
        for restartAt in [1, 24, Self.feedbackBin - 1, Self.feedbackBin, made.bins - 1] {
            let (events, monitor) = try Self.run(
                made, absences: absences, restartAt: restartAt, in: directory, blockCapacity: 5, execution: two)
            #expect(events == reference, "restart at bin \(restartAt)")
            for household in made.district.households {
                #expect(monitor.assessment(of: household.id) == uninterrupted.assessment(of: household.id))
            }
        }
    }

    @Test("Streaming: restore mid-feed, replay from the first open bin, and the alerts and counts are unchanged")
    func restartMidStream() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (made, _) = Self.district()
        let grid = made.district.grid
        let chunks = stride(from: 0, to: made.bins, by: 2).map { $0..<min(made.bins, $0 + 2) }
        var generator = SplitMix64(seed: 11)
        let delivered = chunks.map { StreamingTests.readings(made, bins: $0).shuffled(using: &generator) }

        func feed(_ monitor: DistrictMonitor, chunk c: Int) throws -> [AlertEvent] {
            #expect(monitor.ingest(delivered[c]).isEmpty)
            return try monitor.advance(to: grid.start(ofBin: chunks[c].upperBound))
        }
        let reference = try DistrictMonitor(start: HandMadeDistrict.start)
        try reference.register(made.district.households)
        var expected = try chunks.indices.flatMap { try feed(reference, chunk: $0) }
        expected += try reference.advance(to: grid.end.adding(seconds: 3 * 3600))

        for cut in [0, 7, 150, chunks.count - 1] {
            var monitor = try DistrictMonitor(start: HandMadeDistrict.start)
            try monitor.register(made.district.households)
            var events = try (0...cut).flatMap { try feed(monitor, chunk: $0) }
            let open = monitor.rememberedReadings
            #expect(cut == chunks.count - 1 || open > 0, "readings wait in open bins at the snapshot")
            let file = directory.appending(path: "stream.anbusnap")
            try monitor.snapshot(to: file)
            monitor = try DistrictMonitor.restore(from: file).monitor
            #expect(monitor.rememberedReadings == open)
            // At-least-once replay: everything from the snapshot's first open bin on, again.
            let replay = delivered[0...cut].joined().filter { $0.time >= monitor.grid.end }
            #expect(monitor.ingest(replay).isEmpty)
            #expect(monitor.statistics.duplicates == replay.count)
            events += try monitor.advance(to: grid.start(ofBin: chunks[cut].upperBound))
            events += try chunks.indices.dropFirst(cut + 1).flatMap { try feed(monitor, chunk: $0) }
            events += try monitor.advance(to: grid.end.adding(seconds: 3 * 3600))
            #expect(events == expected, "restart after chunk \(cut)")
            #expect(monitor.statistics.accepted == reference.statistics.accepted)
        }
    }

    @Test("The same state gives the same bytes; the file is its owner's only and no temporary file is left")
    func deterministicAndAtomic() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (made, absences) = Self.district()
        let (_, monitor) = try Self.run(made, absences: absences, restartAt: nil, in: directory)
        let first = directory.appending(path: "a.anbusnap"), second = directory.appending(path: "b.anbusnap")
        try monitor.snapshot(to: first)
        try DistrictMonitor.restore(from: first).monitor.snapshot(to: second)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        try monitor.snapshot(to: first)  // over an existing snapshot
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        let attributes = try FileManager.default.attributesOfItem(atPath: first.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                == ["a.anbusnap", "b.anbusnap"])
        #expect(throws: SnapshotError.self) {
            try monitor.snapshot(to: directory.appending(path: "missing-directory/x.anbusnap"))
        }
    }

    @Test("A missing, foreign, truncated, corrupt, older or newer file is a typed error")
    func damagedFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = HandMadeDistrict(households: 3, days: 2)
        let (monitor, _) = try DistrictMonitorTests.run(made)
        let file = directory.appending(path: "good.anbusnap")
        try monitor.snapshot(to: file)
        let good = try [UInt8](Data(contentsOf: file))
        let damaged = directory.appending(path: "damaged.anbusnap")
        func restore(_ bytes: [UInt8]) throws(SnapshotError) {
            try! Data(bytes).write(to: damaged)
            _ = try DistrictMonitor.restore(from: damaged)
        }
        let path = damaged.path

        #expect(throws: SnapshotError.io(file: directory.appending(path: "none").path, operation: "open",
                                         reason: "No such file or directory")) {
            try DistrictMonitor.restore(from: directory.appending(path: "none"))
        }
        #expect(throws: SnapshotError.notASnapshot(file: path)) { try restore(Array("household,kind\n".utf8)) }
        for size in [0, 5, 16, 100, good.count / 2, good.count - 1] {
            #expect(throws: SnapshotError.truncated(file: path, size: size)) { try restore(Array(good.prefix(size))) }
        }
        var flipped = good
        flipped[good.count / 2] ^= 0x40
        #expect(throws: SnapshotError.self) { try restore(flipped) }
        do {
            try restore(flipped)
        } catch {
            guard case .checksumMismatch = error else { Issue.record("\(error)"); return }
        }
        var newer = good
        newer[8] = UInt8(SnapshotFile.version + 1)
        #expect(throws: SnapshotError.newerVersion(
            file: path, version: SnapshotFile.version + 1, supported: SnapshotFile.version)) { try restore(newer) }
        var older = good
        older[8] = 1
        do {
            try restore(older)
            Issue.record("a version 1 file was read")
        } catch {
            guard case .corrupt(_, offset: 8, let problem) = error else { Issue.record("\(error)"); return }
            #expect(problem.contains("version 1"))
        }
    }

    @Test("Content that passes the checksum but is inconsistent is an error, never a crash")
    func mutationsPastTheChecksum() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var made = HandMadeDistrict(households: 3, days: 3)
        made.collapse(1, at: 40)
        let (monitor, events) = try DistrictMonitorTests.run(made)
        #expect(!events.isEmpty)
        let file = directory.appending(path: "good.anbusnap")
        try monitor.snapshot(to: file)
        let (good, payload) = try SnapshotFile.verified(file.path)
        var generator = SplitMix64(seed: 21)
        var refused = 0
        for _ in 0..<400 {
            var bytes = good
            for _ in 0..<(1 + generator.next() % 3) {
                let offset = payload.lowerBound + Int(generator.next() % UInt64(payload.count))
                bytes[offset] = generator.next() % 2 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : 0xFF
            }
            do {
                _ = try DistrictMonitor.restore(bytes, payload: payload, file: "mutated")
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0)
    }

    @Test("The policy, households and time zones come back as they were, infinite policy values included")
    func foundationRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var policy = DetectionPolicy()
        policy.maximumPlausibleWatts = .infinity
        policy.binSeconds = 900
        let monitor = try DistrictMonitor(policy: policy, start: Timestamp(unixSeconds: 1_700_000_000))
        try monitor.register([
            Household(id: HouseholdID("a")!, timeZone: .named("Asia/Seoul"), sources: [.power]),
            Household(id: HouseholdID("b.2_x-")!, timeZone: .fixed(offsetSeconds: -12_600), sources: .all),
        ])
        try monitor.announce(Absence(household: HouseholdID("b.2_x-")!, start: Timestamp(unixSeconds: 1_700_000_000),
                                     end: Timestamp(unixSeconds: 1_700_086_400)))
        let file = directory.appending(path: "p.anbusnap")
        try monitor.snapshot(to: file)
        let restored = try DistrictMonitor.restore(from: file).monitor
        #expect(restored.policy == policy)
        #expect(restored.grid == monitor.grid)
        #expect(restored.households == monitor.households)
        #expect(throws: MonitorError.duplicateHousehold(HouseholdID("a")!)) {
            try restored.register([Household(id: HouseholdID("a")!, timeZone: .named("UTC"), sources: [.power])])
        }
    }

    @Test("CRC-32C: the standard check value, and continuing a checksum")
    func checksum() {
        let text = Array("123456789".utf8)
        #expect(CRC32C.update(0, text) == 0xE306_9283)
        #expect(CRC32C.update(CRC32C.update(0, Array(text[..<4])), Array(text[4...])) == 0xE306_9283)
        let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(CRC32C.update(CRC32C.update(0, Array(long[..<333])), Array(long[333...])) == CRC32C.update(0, long))
    }
}
