import Anbu
import AnbuEvaluation
import AnbuIO
import ArgumentParser
import Foundation

/// `anbu tune DIR --grid GRID.json --out OUT`: scores a grid of policies beside the reference rules.
struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a grid of detection policies on one district; write a table and the trade-off figure.",
        discussion: """
            GRID.json is {"base": {...}, "vary": {"field": [values]}} (every combination) or {"base": {...}, \
            "policies": [{...}, ...]} (see docs/evaluation.md, "Sweeps"). Policies that differ only in fusion fields \
            (tier thresholds, hysteresis, de-escalation) share one engine run: its evidence is recorded once and fusion \
            is replayed for the others. Scoring is in memory. Writes OUT/tune.csv, OUT/tune.md and OUT/tradeoff.svg.
            """
    )

    @Argument(help: "The district directory (it must hold incidents.csv).")
    var directory: String

    @Option(help: "The grid of policies (JSON).")
    var grid: String

    @Option(help: "The directory to write the table and figure into.")
    var out: String

    @Option(help: "Bootstrap resamples per policy for the confidence intervals (0: none).")
    var resamples: Int = 1000

    @OptionGroup var options: DistrictOptions

    func run() throws {
        let grid: PolicyGrid
        do {
            grid = try PolicyGrid.load(path: self.grid)
        } catch {
            throw ValidationError(error.description)
        }
        for (name, reason) in grid.skipped { print("skipped \(name): \(reason)") }
        guard resamples >= 0 else { throw ValidationError("--resamples \(resamples): must be >= 0") }
        let binSeconds = Set(grid.policies.map(\.policy.binSeconds))
        guard binSeconds.count == 1, let bin = binSeconds.first else {
            throw ValidationError("the grid's policies must share one binSeconds, found \(binSeconds.sorted())")
        }
        let loadOptions = try options.loadOptions(policyBinSeconds: bin)
        let clock = ContinuousClock()
        let started = clock.now
        let (directory, problems) = try Evaluate.load(self.directory, options: loadOptions)
        let incidents = try Evaluate.groundTruth(directory, path: self.directory)
        guard directory.dense.grid.binSeconds == bin else {
            throw ValidationError("the district's bins are \(directory.dense.grid.binSeconds) s but the grid's are \(bin) s")
        }
        var rules = ScoringRules()
        rules.bootstrapResamples = resamples
        let scorer = try Scorer(
            district: directory.dense, incidents: incidents, absences: directory.absences?.absences ?? [], rules: rules)
        let loadedAt = clock.now

        let sweep = PolicySweep(district: directory.dense, absences: directory.absences?.absences ?? [], scorer: scorer)
        let groups = PolicySweep.evidenceGroups(grid.policies.map(\.policy))
        print("\(grid.policies.count) policies in \(groups.count) evidence group\(groups.count == 1 ? "" : "s"): "
            + "\(groups.count) engine run\(groups.count == 1 ? "" : "s") + \(grid.policies.count - groups.count) fusion replays")
        let bar = ProgressBar(total: grid.policies.count, label: "tune")
        let reports = try sweep.run(grid.policies) { bar.update($0) }
        bar.finish()
        let sweptAt = clock.now
        let references = try ReferenceRule.allCases.map {
            try scorer.score($0.alerts(for: directory.dense), detector: $0.rawValue)
        }
        let table = SweepTable(
            policies: grid.policies, variedFields: grid.variedFields, reports: reports, references: references)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let chart = table.chart(title: "Trade-off over \(grid.policies.count) policies, beside the deployed rules")
        for (name, text) in [("tune.csv", table.csv), ("tune.md", table.markdown), ("tradeoff.svg", chart.svg)] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out + "/" + name))
        }
        let done = clock.now
        print(ReportTable.comparison(reports + references))
        print("on the delay front: " + chart.delayFront.map { grid.policies[$0].name }.joined(separator: "; "))
        print("wrote \(out)/tune.csv, \(out)/tune.md, \(out)/tradeoff.svg")
        print(String(format: "time: load and index %.2f s, sweep %.2f s (%.2f s per policy), rules and files %.2f s",
                     seconds(loadedAt - started), seconds(sweptAt - loadedAt),
                     seconds(sweptAt - loadedAt) / Double(grid.policies.count), seconds(done - sweptAt)))
        printProblems(problems)
        if !problems.isClean { throw ExitCode(1) }
    }
}
