import Anbu
import AnbuIO
import ArgumentParser
import Foundation

/// `anbu detect DIR --out ALERTS.csv`: runs the engine over a district directory and writes its alerts.
struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the detection engine over a district directory and write alerts.csv.",
        discussion: """
            Reads households.csv, the readings (the dense form, or readings.csv binned by the contract's rule) and \
            absences.csv when present, runs every bin through the engine, and writes one row per alert state change. \
            The same input and policy always give the same file. Exit 1 when the input had problems (the alerts are \
            still written, from the readings that were valid).

            With --checkpoint DIR the engine's whole state and the alerts so far are written to DIR every --every of \
            district time (the newest three kept). After a crash, the same command with --resume continues from the \
            newest checkpoint that reads back whole and belongs to this district and policy, says which and why it \
            skipped any other, and writes the complete alerts file: the same bytes as a run that never stopped.
            """
    )

    @Argument(help: "The district directory to read.")
    var directory: String

    @Option(help: "A DetectionPolicy JSON file; fields it does not name keep their defaults.")
    var policy: String?

    @Option(help: "Where to write the alerts (alerts.csv format).")
    var out: String

    @Option(help: "A directory for checkpoints of the engine's state and the alerts so far (created if missing).")
    var checkpoint: String?

    @Option(help: "How often to checkpoint, in district time: 12h, 7d, 90m or 3600s; a whole number of bins.")
    var every = "1d"

    @Flag(help: "Continue from the newest valid checkpoint in the --checkpoint directory.")
    var resume = false

    @Option(help: "Threads for the district step (default: one per core); the alerts do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var options: DistrictOptions

    func run() throws {
        let policy = try Self.loadPolicy(self.policy)
        let execution: Execution
        do {
            execution = try Execution(threads: threads)
        } catch {
            throw ValidationError("--threads: \(error)")
        }
        let loadOptions = try options.loadOptions(policyBinSeconds: policy.binSeconds)
        let clock = ContinuousClock()
        let started = clock.now
        let loaded: (directory: DistrictDirectory, report: DistrictDirectory.LoadReport)
        do {
            loaded = try DistrictDirectory.load(from: directory, options: loadOptions)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        let district = loaded.directory.dense
        guard district.grid.binSeconds == policy.binSeconds else {
            throw ValidationError(
                "the district's bins are \(district.grid.binSeconds) s but the policy's are \(policy.binSeconds) s")
        }
        let loadedAt = clock.now
        let loadedCPU = processCPUSeconds()

        guard checkpoint != nil || !resume else { throw ValidationError("--resume needs --checkpoint DIR") }
        let checkpoints = try checkpoint.map { try Checkpoints(directory: $0, households: district.households) }
        let checkpointBins = try Checkpoints.bins(in: every, binSeconds: policy.binSeconds)
        var monitor: DistrictMonitor
        var events: [AlertEvent]
        if resume, let found = try checkpoints?.newest(for: district, policy: policy) {
            (monitor, events) = found
            monitor.execution = execution
        } else {
            monitor = try DistrictMonitor(policy: policy, start: district.grid.start, execution: execution)
            try monitor.register(district.households)
            for absence in loaded.directory.absences?.absences ?? [] { try monitor.announce(absence) }
            events = []
        }
        let total = district.grid.count, first = monitor.grid.count
        let bar = ProgressBar(total: total - first, label: "detect")
        var from = first
        while from < total {
            // Checkpoints fall on multiples of --every from the first bin, so a resumed run meets the same ones.
            let to = checkpoints == nil ? total : min(total, (from / checkpointBins + 1) * checkpointBins)
            let done = from - first
            events += try monitor.process(from == 0 && to == total ? district : district.bins(from..<to)) {
                bar.update(done + $0)
            }
            if let checkpoints, to < total { try checkpoints.write(monitor, events: events) }
            from = to
        }
        bar.finish()
        let detectedAt = clock.now
        let detectCPU = processCPUSeconds() - loadedCPU

        let zones = DistrictZones(households: district.households)
        try AlertsFile(events: events).write(to: out, zones: zones)

        // Counted over each plane's memory (the collection's generic `reduce` took seconds at 1,000,000 households).
        let readings = DenseSignal.allCases.filter { $0 != .talkSeconds }.reduce(0) { total, signal in
            total + (district.values[signal]?.withUnsafeBufferPointer { values in
                var present = 0
                for value in values where !value.isNaN { present += 1 }
                return present
            } ?? 0)
        }
        let detectSeconds = seconds(detectedAt - loadedAt)
        print("households \(district.households.count), bins \(district.grid.count), "
            + "binned readings \(readings) (\(loaded.report.source.rawValue))")
        if let summary = loaded.report.readings {
            print("readings.csv rows \(summary.statistics.total)")
        }
        printOutsideBins(loaded.report)
        printProblems(loaded.report.problems)
        print("alerts written to \(out): \(events.count) events")
        for kind in AlertKind.allCases {
            let opened = events.filter { $0.kind == kind && $0.event == .open }
            var line = "  \(kind.rawValue): \(opened.count) opened"
            if kind == .person {
                let reached = Tier.allCases.map { tier in
                    "\(tier.rawValue) \(Self.alertsReaching(tier, in: events))"
                }
                line += " (reaching " + reached.joined(separator: ", ") + ")"
            }
            print(line)
        }
        let diagnostics = monitor.diagnostics
        print("engine: \(diagnostics.seasonalRefitFailures) seasonal refits and \(diagnostics.cohortRegroupFailures) "
            + "cohort regroupings failed (previous fit kept)")
        print(String(format: "time: load %.2f s, detect %.2f s (%.1f M cells/s; %.2f CPU s on %d threads)",
                     seconds(loadedAt - started), detectSeconds,
                     Double(district.households.count * (total - first)) / max(detectSeconds, 1e-9) / 1e6,
                     detectCPU, monitor.execution.threads))
        let walkStarted = clock.now
        let stateBytes = monitor.stateBytes
        print(String(format: "state: %.0f bytes per household (%.1f MB for %d households, alert records included; "
                     + "measured in %.2f s)",
                     Double(stateBytes) / Double(max(1, monitor.householdCount)), Double(stateBytes) / 1e6,
                     monitor.householdCount, seconds(clock.now - walkStarted)))
        if !loaded.report.problems.isClean { throw ExitCode(1) }
    }

    /// The policy in `path`, or the default policy.
    static func loadPolicy(_ path: String?) throws -> DetectionPolicy {
        guard let path else { return DetectionPolicy() }
        do {
            return try JSONDecoder().decode(DetectionPolicy.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ValidationError("policy \(path): \(error)")
        }
    }

    /// How many person alerts reached `tier` at some point.
    static func alertsReaching(_ tier: Tier, in events: [AlertEvent]) -> Int {
        Set(events.filter { $0.kind == .person && ($0.tier.map { $0 >= tier } ?? false) }.map(\.alert)).count
    }
}
