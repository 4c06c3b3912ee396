import Anbu
import AnbuEvaluation
import AnbuIO
import ArgumentParser
import Foundation

/// `anbu evaluate DIR --alerts ALERTS.csv`: scores alerts against the district's ground truth, beside the deployed
/// reference rules run on the same data.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score an alerts file against the district's incidents.csv, beside the deployed reference rules.",
        discussion: """
            Reads the district directory (households, readings, absences.csv, incidents.csv) and ALERTS.csv, scores \
            the alerts by the definitions in docs/evaluation.md, runs the deployed reference rules on the same data \
            and prints one table with every detector. An alert on a household not in households.csv is an error. \
            --report DIR writes report.md, report.html (figures inline) and the SVG figures.
            """
    )

    @Argument(help: "The district directory (it must hold incidents.csv).")
    var directory: String

    @Option(help: "The alerts to score (alerts.csv format), e.g. from `anbu detect`.")
    var alerts: String

    @Option(help: "Also write every report as JSON to this file.")
    var json: String?

    @Option(help: "Write a self-contained report (Markdown, HTML, SVG figures) into this directory.")
    var report: String?

    @Flag(help: "Score the alerts file alone, without the reference rules.")
    var noReferenceRules = false

    @OptionGroup var options: DistrictOptions

    func run() throws {
        let loadOptions = try options.loadOptions()
        let (directory, problems) = try Self.load(self.directory, options: loadOptions)
        let incidents = try Self.groundTruth(directory, path: self.directory)
        let index = HouseholdIndex(directory.dense.households.map(\.id))
        let events: [AlertEvent]
        do {
            let (file, found) = try AlertsFile.read(path: alerts, households: index, policy: loadOptions.policy)
            guard found.isClean else {
                printProblems(found)
                throw ExitCode(1)
            }
            events = file.events
        } catch let error as DistrictFileError {
            throw ValidationError("\(alerts): \(error)")
        }
        let reports = try Self.score(
            events, detector: "alerts", directory: directory, incidents: incidents, withRules: !noReferenceRules)
        print(ReportTable.comparison(reports))
        print("")
        print(ReportTable.detail(reports[0]))
        if let json {
            let data = try JSONEncoder.sorted.encode(reports)
            try data.write(to: URL(fileURLWithPath: json))
            print("reports written to \(json)")
        }
        if let report {
            let commands = [CommandLine.arguments.map(Self.shellQuoted).joined(separator: " ")]
            let path = try Self.writeReport(
                reports, events: events, directory: directory, incidents: incidents, commands: commands, to: report)
            print("report written to \(path)")
        }
        printProblems(problems)
        if !problems.isClean { throw ExitCode(1) }
    }

    /// Reads a district directory, turning a file error into a message that names the directory.
    static func load(
        _ path: String, options: DistrictDirectory.LoadOptions
    ) throws -> (directory: DistrictDirectory, problems: ProblemReport) {
        do {
            let loaded = try DistrictDirectory.load(from: path, options: options)
            return (loaded.directory, loaded.report.problems)
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }

    /// The district's incidents.csv, which scoring needs.
    static func groundTruth(_ directory: DistrictDirectory, path: String) throws -> [Incident] {
        guard let incidents = directory.incidents?.incidents else {
            throw ValidationError("\(path) has no incidents.csv: there is no ground truth to score against")
        }
        return incidents
    }

    /// The score of `events` (named `detector`), followed, when `withRules`, by each reference rule's on the same
    /// district.
    static func score(
        _ events: [AlertEvent], detector: String, directory: DistrictDirectory, incidents: [Incident],
        withRules: Bool = true, progress: ((Int) -> Void)? = nil
    ) throws -> [EvaluationReport] {
        let scorer = try Scorer(
            district: directory.dense, incidents: incidents, absences: directory.absences?.absences ?? [])
        var reports = [try scorer.score(events, detector: detector)]
        progress?(1)
        if withRules {
            for rule in ReferenceRule.allCases {
                reports.append(try scorer.score(rule.alerts(for: directory.dense), detector: rule.rawValue))
                progress?(reports.count)
            }
        }
        return reports
    }

    /// Writes the report of `reports` (the first under study) into `path`, with a household figure around the
    /// earliest collapse; returns the HTML page's path.
    static func writeReport(
        _ reports: [EvaluationReport], events: [AlertEvent], directory: DistrictDirectory, incidents: [Incident],
        commands: [String], to path: String
    ) throws -> String {
        // The calendar the scorer counted days in.
        let zone = HouseholdTimeZone(parsing: reports[0].calendarTimeZone)
            ?? DistrictZones(households: directory.dense.households).district
        var households: [(name: String, chart: HouseholdChart)] = []
        if let example = ReportBundle.exampleHousehold(incidents) {
            let chart = try HouseholdChart(
                district: directory.dense, household: example.household, from: example.from, to: example.to,
                incidents: incidents, alertEvents: events,
                title: "Household \(example.household) around its first incident, alerts of \(reports[0].detector)")
            households.append(("household-\(example.household)", chart))
        }
        let bundle = ReportBundle(
            title: "Anbu evaluation: \(reports[0].detector) beside the deployed rules", commands: commands,
            reports: reports, incidents: incidents, calendarTimeZone: zone, households: households)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for file in bundle.files {
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path + "/" + file.name))
        }
        return path + "/report.html"
    }

    /// `text` quoted for a POSIX shell when it holds anything but safe characters.
    static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@".contains($0) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension JSONEncoder {
    /// Pretty, key-sorted JSON: stable across runs.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}
