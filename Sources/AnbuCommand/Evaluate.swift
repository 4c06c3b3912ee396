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
            and prints one table with every detector. An alert on a household not in households.csv is an error.
            """
    )

    @Argument(help: "The district directory (it must hold incidents.csv).")
    var directory: String

    @Option(help: "The alerts to score (alerts.csv format), e.g. from `anbu detect`.")
    var alerts: String

    @Option(help: "Also write every report as JSON to this file.")
    var json: String?

    @Flag(help: "Score the alerts file alone, without the reference rules.")
    var noReferenceRules = false

    @OptionGroup var options: DistrictOptions

    func run() throws {
        let loadOptions = try options.loadOptions()
        let directory: DistrictDirectory
        let problems: ProblemReport
        do {
            let loaded = try DistrictDirectory.load(from: self.directory, options: loadOptions)
            directory = loaded.directory
            problems = loaded.report.problems
        } catch {
            throw ValidationError("\(self.directory): \(error)")
        }
        guard let incidents = directory.incidents?.incidents else {
            throw ValidationError("\(self.directory) has no incidents.csv: there is no ground truth to score against")
        }
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
        let scorer = try Scorer(
            district: directory.dense, incidents: incidents, absences: directory.absences?.absences ?? [])
        var reports = [try scorer.score(events, detector: "alerts")]
        if !noReferenceRules {
            for rule in ReferenceRule.allCases {
                reports.append(try scorer.score(rule.alerts(for: directory.dense), detector: rule.rawValue))
            }
        }
        print(ReportTable.comparison(reports))
        print("")
        print(ReportTable.detail(reports[0]))
        if let json {
            let data = try JSONEncoder.sorted.encode(reports)
            try data.write(to: URL(fileURLWithPath: json))
            print("reports written to \(json)")
        }
        printProblems(problems)
        if !problems.isClean { throw ExitCode(1) }
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
