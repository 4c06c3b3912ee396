import Anbu
import AnbuIO
import ArgumentParser
import Foundation

/// `anbu convert DIR --dense OUT` / `--csv OUT`: rewrites a district directory with its readings in the other form.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a district directory's readings between readings.csv and the dense .npy form.",
        discussion: """
            --dense OUT bins readings.csv into OUT/dense/; --csv OUT writes OUT/readings.csv from the dense form. \
            households.csv and the optional files are copied, unknown columns kept. Exit 1 when there was a problem \
            (the output is still written, without the bad rows).
            """
    )

    @Argument(help: "The district directory to read.")
    var directory: String

    @Option(help: "Write the dense form to this directory.")
    var dense: String?

    @Option(help: "Write readings.csv to this directory.")
    var csv: String?

    @OptionGroup var options: DistrictOptions

    func validate() throws {
        guard (dense == nil) != (csv == nil) else { throw ValidationError("give exactly one of --dense OUT, --csv OUT") }
    }

    func run() throws {
        var loadOptions = try options.loadOptions()
        if loadOptions.source == .automatic { loadOptions.source = dense != nil ? .csv : .dense }
        let clock = ContinuousClock()
        let started = clock.now
        var problems = ProblemReport(keep: options.maxErrors)
        let result = Result { () throws(DistrictFileError) in
            try convert(loadOptions: loadOptions, problems: &problems, clock: clock, started: started)
        }
        if case .failure(let error) = result { problems.record(error) }
        printProblems(problems)
        if !problems.isClean { throw ExitCode(1) }
    }

    private func convert(
        loadOptions: DistrictDirectory.LoadOptions, problems: inout ProblemReport, clock: ContinuousClock,
        started: ContinuousClock.Instant
    ) throws(DistrictFileError) {
        let (district, report) = try DistrictDirectory.load(from: directory, options: loadOptions)
        problems.merge(report.problems)
        let loadedAt = clock.now
        let output = dense ?? csv!
        let written = try district.save(
            to: output, form: dense != nil ? .dense : .csv, policy: loadOptions.policy)
        problems.merge(written)
        let done = clock.now
        let cells = district.dense.households.count * district.dense.grid.count
        var line = "converted \(district.dense.households.count) households × \(district.dense.grid.count) bins"
        if let readings = report.readings {
            line += " from \(readings.statistics.total) readings"
        }
        line += " (\(cells) cells): read \(milliseconds(loadedAt - started)) s, wrote \(milliseconds(done - loadedAt)) s"
        print(line)
        printOutsideBins(report)
    }

    /// Seconds rounded to the millisecond.
    private func milliseconds(_ duration: Duration) -> String {
        String((seconds(duration) * 1000).rounded() / 1000)
    }
}
