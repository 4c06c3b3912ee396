import Anbu
import AnbuIO
import ArgumentParser
import Foundation

/// The checkpoint directory of `anbu detect --checkpoint DIR`: engine snapshots named by the bins they have closed
/// (`checkpoint-00000168.anbusnap`), each carrying the alert events written so far (alerts.csv text) as its
/// attachment, so a checkpoint and the alerts before it are restored together or not at all. The newest three are
/// kept.
struct Checkpoints {
    static let prefix = "checkpoint-"
    static let suffix = ".anbusnap"
    static let kept = 3

    let directory: URL
    let zones: DistrictZones

    init(directory path: String, households: [Household]) throws {
        directory = URL(fileURLWithPath: path, isDirectory: true)
        zones = DistrictZones(households: households)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Writes the checkpoint after `monitor.grid.count` bins, with `events` (every alert event so far), then removes
    /// all but the newest three.
    func write(_ monitor: DistrictMonitor, events: [AlertEvent]) throws {
        let alerts = scratch
        defer { try? FileManager.default.removeItem(at: alerts) }
        try AlertsFile(events: events).write(to: alerts.path, zones: zones)
        let name = Self.prefix + Self.padded(monitor.grid.count) + Self.suffix
        try monitor.snapshot(to: directory.appending(path: name), attachment: [UInt8](Data(contentsOf: alerts)))
        for (_, old) in try listed().dropFirst(Self.kept) { try FileManager.default.removeItem(at: old) }
    }

    /// The newest checkpoint that restores and belongs to `district` and `policy`, with the alert events written
    /// before it; `nil` when there is none. Says which it used and why it skipped any other, on standard error.
    func newest(for district: DenseDistrict, policy: DetectionPolicy) throws -> (DistrictMonitor, [AlertEvent])? {
        removeLeftovers()
        for (bins, file) in try listed() {
            do {
                let (monitor, attachment) = try DistrictMonitor.restore(from: file)
                if let mismatch = Self.mismatch(monitor, bins: bins, district: district, policy: policy) {
                    note("skipping \(file.lastPathComponent): \(mismatch)")
                    continue
                }
                let events = try alerts(attachment)
                note("resuming from \(file.lastPathComponent): \(bins) of \(district.grid.count) bins done, "
                    + "\(events.count) alert events kept")
                return (monitor, events)
            } catch {
                note("skipping \(file.lastPathComponent): \(error)")
            }
        }
        note("no usable checkpoint in \(directory.path): starting from the first bin")
        return nil
    }

    /// Checkpoints in the directory, newest first, by the number of bins in their name.
    private func listed() throws -> [(bins: Int, file: URL)] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).compactMap { name in
            guard name.hasPrefix(Self.prefix), name.hasSuffix(Self.suffix),
                let bins = Int(name.dropFirst(Self.prefix.count).dropLast(Self.suffix.count))
            else { return nil }
            return (bins, directory.appending(path: name))
        }.sorted { $0.bins > $1.bins }
    }

    /// Removes what a killed run left half-written: snapshot temporaries and alerts scratch files.
    private func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.contains(Self.suffix + ".partial-") || name.hasPrefix(".alerts-") {
            try? FileManager.default.removeItem(at: directory.appending(path: name))
        }
    }

    /// Why a restored monitor cannot continue this run, or `nil` when it can.
    private static func mismatch(
        _ monitor: DistrictMonitor, bins: Int, district: DenseDistrict, policy: DetectionPolicy
    ) -> String? {
        if monitor.grid.count != bins { return "it holds \(monitor.grid.count) bins, its name says \(bins)" }
        if monitor.policy != policy { return "it was written with another policy" }
        if monitor.grid.start != district.grid.start || monitor.grid.binSeconds != district.grid.binSeconds {
            return "its bins do not start where the district's do"
        }
        if bins > district.grid.count { return "it is past the district's \(district.grid.count) bins" }
        if monitor.householdCount != district.households.count
            || district.households.contains(where: { monitor.assessment(of: $0.id) == nil })
        {
            return "its households are not the district's"
        }
        return nil
    }

    /// The alert events of an attachment (alerts.csv text).
    private func alerts(_ attachment: [UInt8]) throws -> [AlertEvent] {
        let alerts = scratch
        defer { try? FileManager.default.removeItem(at: alerts) }
        try Data(attachment).write(to: alerts)
        let (file, problems) = try AlertsFile.read(path: alerts.path)
        guard problems.isClean else { throw ValidationError("its alerts do not read back: \(problems.first)") }
        return file.events
    }

    /// Where alerts.csv text is written and read between a checkpoint and its attachment (AnbuIO's reader and writer
    /// work on files); removed after use, and on resume if a killed run left it.
    private var scratch: URL { directory.appending(path: ".alerts-\(getpid()).csv") }

    private func note(_ text: String) { FileHandle.standardError.write(Data("\(text)\n".utf8)) }

    private static func padded(_ bins: Int) -> String {
        let digits = String(bins)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Bins in a duration such as `12h`, `7d`, `90m` or `3600s`, which must be a whole number of bins.
    static func bins(in duration: String, binSeconds: Int) throws -> Int {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = duration.last.flatMap({ units[$0] }), let count = Int(duration.dropLast()), count > 0,
            count <= Int.max / unit
        else { throw ValidationError("--every \(duration): expected a duration such as 12h, 7d, 90m or 3600s") }
        let seconds = count * unit
        guard seconds % binSeconds == 0 else {
            throw ValidationError("--every \(duration) is not a whole number of \(binSeconds) s bins")
        }
        return seconds / binSeconds
    }
}
