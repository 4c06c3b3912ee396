import Anbu
import AnbuEvaluation
import AnbuIO
import ArgumentParser
import Foundation

/// `anbu plot DIR --household H --out F.svg`: one household's signals, baseline band, missing data, ground truth and
/// alerts over time.
struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw one household's signals over time with its usual band, missing data, incidents and alerts (SVG).",
        discussion: """
            The band is the household's own 10th–90th percentile (and median) at each hour of the local day, over \
            all of its data in the directory: its usual routine, not the engine's rolling baseline. Missing bins are \
            shaded grey; incidents.csv rows of the household and district-wide events are drawn above, and the \
            alerts of --alerts (default: DIR/alerts.csv when present) as strips coloured by tier.
            """
    )

    @Argument(help: "The district directory.")
    var directory: String

    @Option(help: "The household to draw.")
    var household: String

    @Option(help: "Alerts to draw (alerts.csv format); default DIR/alerts.csv when present.")
    var alerts: String?

    @Option(help: "Start of the window (ISO 8601 with offset, or Unix seconds); default the first bin.")
    var from: String?

    @Option(help: "End of the window (exclusive); default the end of the last bin.")
    var to: String?

    @Option(help: "The SVG file to write.")
    var out: String

    @OptionGroup var options: DistrictOptions

    func run() throws {
        guard let id = HouseholdID(household) else { throw ValidationError("--household \(household): not a valid identifier") }
        let loadOptions = try options.loadOptions()
        let (directory, problems) = try Evaluate.load(self.directory, options: loadOptions)
        var events = directory.alerts?.events ?? []
        if let alerts {
            let index = HouseholdIndex(directory.dense.households.map(\.id))
            do {
                let (file, found) = try AlertsFile.read(path: alerts, households: index, policy: loadOptions.policy)
                printProblems(found)
                events = file.events
            } catch {
                throw ValidationError("\(alerts): \(error)")
            }
        }
        let chart: HouseholdChart
        do {
            chart = try HouseholdChart(
                district: directory.dense, household: id, from: try Self.time(from, option: "--from"),
                to: try Self.time(to, option: "--to"), incidents: directory.incidents?.incidents ?? [],
                alertEvents: events)
        } catch let error as PlotError {
            throw ValidationError(error.description)
        }
        try Data(chart.svg.utf8).write(to: URL(fileURLWithPath: out))
        print("wrote \(out)")
        printProblems(problems)
    }

    /// The instant written in `text` (contract time), or nil when absent.
    static func time(_ text: String?, option: String) throws -> Timestamp? {
        guard let text else { return nil }
        guard case .success(let millis) = ContractTime.parse(text) else {
            throw ValidationError("\(option) \(text): not an ISO 8601 time with offset or Unix seconds")
        }
        return Timestamp(unixMilliseconds: millis)
    }
}
