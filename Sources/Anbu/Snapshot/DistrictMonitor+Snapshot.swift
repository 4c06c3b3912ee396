public import Foundation

extension DistrictMonitor {
    /// Writes the monitor's whole state to `file`, atomically.
    ///
    /// The snapshot holds everything the monitor would need to carry on: the policy, the grid and the number of bins
    /// closed, the households and their announced absences, every detector's learned state, the district context,
    /// caseworker feedback, every alert issued (open or closed), the open bins of the streaming path with the
    /// readings taken into them, and the ingest counts. It is written to a temporary file beside `file`, flushed to
    /// disk, renamed over `file` and the directory flushed, so `file` is always either the previous snapshot or this
    /// complete one. The file is readable by its owner only. Format: docs/reliability.md, "Snapshot format".
    ///
    /// Take a snapshot between calls (for example after ``advance(to:)``). The readings that matter after it are
    /// those from the first open bin on (the end of ``grid``): replay them after ``restore(from:)``; those already
    /// taken are recognised as repeats (``MonitorStatistics/duplicates``).
    ///
    /// - Parameters:
    ///   - file: where to write; its directory must exist.
    ///   - attachment: bytes of the caller's own, stored under the same checksum and returned by ``restore(from:)``
    ///     with the monitor, so they are restored together or not at all (a feed position, alerts already handed
    ///     over).
    /// - Throws: ``SnapshotError/io(file:operation:reason:)`` when a file operation fails; `file` is then unchanged.
    /// - Complexity: O(state): about 3.9 kB per household with the default policy, plus the alerts.
    public func snapshot(to file: URL, attachment: [UInt8] = []) throws(SnapshotError) {
        try SnapshotFile.write(to: file.path) { (archive) throws(SnapshotError) in
            var policy = self.policy
            var start = grid.startUnixSeconds
            var households = self.households
            var blockCapacity = self.blockCapacity
            try Self.archiveFoundation(
                &archive, policy: &policy, start: &start, blockCapacity: &blockCapacity, households: &households)
            try archiveState(&archive)
            var attached = attachment
            try archive.section("attachment")
            try archive.list(&attached)
        }
    }

    /// Reads a snapshot back into a new monitor that carries on exactly where the snapshotted one was.
    ///
    /// The file is checked whole before anything is built (header, schema version, end marker, CRC-32C checksum),
    /// then decoded into a new monitor, every index and count checked; an error leaves nothing behind.
    ///
    /// - Returns: the monitor, and the attachment given to ``snapshot(to:attachment:)``.
    /// - Throws: ``SnapshotError/io(file:operation:reason:)`` when the file cannot be read,
    ///   ``SnapshotError/notASnapshot(file:)``, ``SnapshotError/newerVersion(file:version:supported:)``,
    ///   ``SnapshotError/truncated(file:size:)``, ``SnapshotError/checksumMismatch(file:stored:computed:)``, or
    ///   ``SnapshotError/corrupt(file:offset:problem:)`` for content that is inconsistent despite its checksum.
    public static func restore(from file: URL) throws(SnapshotError) -> (monitor: DistrictMonitor, attachment: [UInt8])
    {
        let path = file.path
        let (bytes, payload) = try SnapshotFile.verified(path)
        return try restore(bytes, payload: payload, file: path)
    }

    /// Decodes a verified payload; the fuzz target calls it directly, past the checksum.
    static func restore(_ bytes: [UInt8], payload: Range<Int>, file: String) throws(SnapshotError)
        -> (monitor: DistrictMonitor, attachment: [UInt8])
    {
        var archive = StateArchive(reading: bytes, payload: payload, file: file)
        var policy = DetectionPolicy()
        var start: Int64 = 0
        var households: [Household] = []
        var blockCapacity = 0
        try archiveFoundation(
            &archive, policy: &policy, start: &start, blockCapacity: &blockCapacity, households: &households)
        let monitor: DistrictMonitor
        do {
            monitor = try DistrictMonitor(
                policy: policy, start: Timestamp(unixSeconds: start), execution: .serial, blockCapacity: blockCapacity)
            try monitor.register(households)
        } catch {
            throw archive.corrupt("\(error)")
        }
        try monitor.archiveState(&archive)
        var attachment: [UInt8] = []
        try archive.section("attachment")
        try archive.list(&attachment)
        try archive.require(archive.remaining == 0, "\(archive.remaining) bytes after the attachment")
        return (monitor, attachment)
    }

    /// What a monitor is made from: its policy (as its JSON), the start of its first bin, the households per block of
    /// its state, and its households.
    private static func archiveFoundation(
        _ archive: inout StateArchive, policy: inout DetectionPolicy, start: inout Int64, blockCapacity: inout Int,
        households: inout [Household]
    ) throws(SnapshotError) {
        try archive.section("policy")
        // Infinities are valid in a policy made in code (`validate()` accepts them) and must round-trip.
        let floats = (positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // equal states, equal bytes
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: floats.positiveInfinity, negativeInfinity: floats.negativeInfinity, nan: floats.nan)
        var json = archive.isReading ? [] : Array(try! encoder.encode(policy))  // encodes every finite or named value
        try archive.list(&json)
        if archive.isReading {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: floats.positiveInfinity, negativeInfinity: floats.negativeInfinity, nan: floats.nan)
            do {
                policy = try decoder.decode(DetectionPolicy.self, from: Data(json))
            } catch {
                throw archive.corrupt("policy: \(error)")
            }
        }
        try archive.section("grid")
        try archive.value(&start)
        // `abs` would trap on Int64.min (found by fuzzing); a range does not.
        try archive.require((-100_000_000_000...100_000_000_000).contains(start), "first bin at \(start) s")
        try archive.value(&blockCapacity)
        try archive.require(blockCapacity >= 1 && blockCapacity <= 1 << 32, "\(blockCapacity) households per block")

        try archive.section("households")
        var ids = households.map(\.id.rawValue)
        var zoneKinds = households.map { if case .named = $0.timeZone { UInt8(1) } else { UInt8(0) } }
        var offsets = households.map { if case .fixed(let offset) = $0.timeZone { offset } else { 0 } }
        var names = households.map { if case .named(let name) = $0.timeZone { name } else { "" } }
        var sources = households.map(\.sources.rawValue)
        var count = households.count
        try archive.value(&count)
        try archive.require(count >= 0 && count <= archive.remaining, "\(count) households")
        if archive.isReading {
            ids = [String](repeating: "", count: count)
            names = ids
        }
        for i in 0..<count { try archive.text(&ids[i]) }
        try archive.list(&zoneKinds)
        try archive.list(&offsets)
        for i in 0..<count where zoneKinds.indices.contains(i) && zoneKinds[i] == 1 { try archive.text(&names[i]) }
        try archive.list(&sources)
        try archive.require([zoneKinds.count, offsets.count, sources.count].allSatisfy { $0 == count },
                            "household fields of different lengths")
        guard archive.isReading else { return }
        households = []
        households.reserveCapacity(count)
        for i in 0..<count {
            guard let id = HouseholdID(ids[i]) else { throw archive.corrupt("household identifier \"\(ids[i])\"") }
            let zone: HouseholdTimeZone
            switch zoneKinds[i] {
            case 0:
                let limit = HouseholdTimeZone.maximumOffsetSeconds
                try archive.require((-limit...limit).contains(offsets[i]),
                                    "household \(id): offset \(offsets[i]) s")
                zone = .fixed(offsetSeconds: offsets[i])
            case 1: zone = .named(names[i])
            default: throw archive.corrupt("household \(id): time-zone kind \(zoneKinds[i])")
            }
            let devices = SignalSources(rawValue: sources[i])
            try archive.require(!devices.isEmpty && devices.rawValue == sources[i], "household \(id): devices \(sources[i])")
            households.append(Household(id: id, timeZone: zone, sources: devices))
        }
    }
}
