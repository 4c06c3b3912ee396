import Anbu
import AnbuEvaluation
import AnbuIO
import AnbuSimulation
import ArgumentParser
import Foundation

/// `anbu demo`: the main job in one command — simulate the default district, run the engine and the deployed
/// reference rules, score them, print the table and write the report.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate the default district, run the engine and the deployed rules, score them, write the report.",
        discussion: """
            The steps are those of `anbu simulate --dense`, `anbu detect` and `anbu evaluate --report`, run in one \
            process: OUT/district holds the district (dense form) and the engine's alerts.csv, OUT/report the report \
            (report.html with the figures inline, report.md, SVG files). `make demo` runs this after a release build.
            """
    )

    @Option(help: "Number of households.")
    var households: Int = 2000

    @Option(help: "Number of days.")
    var days: Int = 90

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Output directory.")
    var out: String = "out/demo"

    func run() throws {
        let clock = ContinuousClock()
        var timings: [(String, Duration)] = []
        var mark = clock.now
        func lap(_ step: String) {
            let now = clock.now
            timings.append((step, now - mark))
            mark = now
        }
        let districtPath = out + "/district"
        let reportPath = out + "/report"

        // 1. Simulate the default district (datasets/default-district.json, built in as Scenario.standard).
        let simulation: DistrictSimulation
        do {
            simulation = try DistrictSimulation(scenario: .standard, households: households, days: days, seed: seed)
        } catch {
            throw ValidationError(error.description)
        }
        let simulateBar = ProgressBar(total: households, label: "1/4 simulate")
        let summary = try DistrictDirectoryWriter(simulation: simulation, form: .dense, threads: nil)
            .write(to: districtPath) { simulateBar.update($0) }
        simulateBar.finish()
        print("simulated \(summary.households) households × \(days) days (seed \(seed)) into \(districtPath)")
        lap("simulate")

        // 2. Run the engine, as `anbu detect`.
        let (directory, problems) = try Evaluate.load(districtPath, options: DistrictDirectory.LoadOptions())
        let district = directory.dense
        let monitor = try DistrictMonitor(start: district.grid.start)
        try monitor.register(district.households)
        for absence in directory.absences?.absences ?? [] { try monitor.announce(absence) }
        let detectBar = ProgressBar(total: district.grid.count, label: "2/4 engine  ")
        let events = try monitor.process(district) { detectBar.update($0) }
        detectBar.finish()
        try AlertsFile(events: events).write(
            to: districtPath + "/" + DistrictDirectory.FileName.alerts, zones: DistrictZones(households: district.households))
        lap("engine")

        // 3. Score the engine and the reference rules, as `anbu evaluate`.
        let incidents = try Evaluate.groundTruth(directory, path: districtPath)
        let scoreBar = ProgressBar(total: 1 + ReferenceRule.allCases.count, label: "3/4 score   ")
        let reports = try Evaluate.score(
            events, detector: "engine", directory: directory, incidents: incidents) { scoreBar.update($0) }
        scoreBar.finish()
        lap("rules and scoring")

        // 4. The report.
        let commands = [
            "anbu demo --households \(households) --days \(days) --seed \(seed) --out \(out)",
            "# the same as:",
            "anbu simulate --households \(households) --days \(days) --seed \(seed) --dense --out \(districtPath)",
            "anbu detect \(districtPath) --out \(districtPath)/alerts.csv",
            "anbu evaluate \(districtPath) --alerts \(districtPath)/alerts.csv --report \(reportPath)",
        ]
        let reportBar = ProgressBar(total: 1, label: "4/4 report  ")
        let page = try Evaluate.writeReport(
            reports, events: events, directory: directory, incidents: incidents, commands: commands, to: reportPath)
        reportBar.update(1)
        reportBar.finish()
        lap("report")

        print("")
        print(ReportTable.comparison(reports))
        print("report: \(page) (also report.md and the SVG figures in \(reportPath))")
        print("time: " + timings.map { "\($0.0) " + String(format: "%.1f s", seconds($0.1)) }.joined(separator: ", "))
        printProblems(problems)
        if !problems.isClean { throw ExitCode(1) }
    }
}
