import Anbu
import AnbuIO
import ArgumentParser
import Foundation

/// `anbu validate DIR`: checks a district directory against the contract (docs/formats.md).
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a district directory against the file contract; exit 1 when there is a problem.",
        discussion: """
            Reads households.csv, the readings (readings.csv, binned, and/or the dense form) and the optional \
            absences.csv, incidents.csv and alerts.csv. Prints a summary on standard output and every problem as \
            `file:line: message` on standard error.
            """
    )

    @Argument(help: "The district directory.")
    var directory: String

    @OptionGroup var options: DistrictOptions

    func run() throws {
        let loadOptions = try options.loadOptions()
        var problems = ProblemReport(keep: options.maxErrors)
        var loaded: (directory: DistrictDirectory, report: DistrictDirectory.LoadReport)?
        let hasCSV = FileManager.default.fileExists(atPath: directory + "/readings.csv")
        let hasDense = FileManager.default.fileExists(atPath: directory + "/dense/meta.json")
        let result = Result { () throws(DistrictFileError) in
            try check(loadOptions: loadOptions, hasCSV: hasCSV, hasDense: hasDense, problems: &problems, loaded: &loaded)
        }
        if case .failure(let error) = result { problems.record(error) }
        if let (district, report) = loaded { printSummary(district, report) }
        printProblems(problems)
        if !problems.isClean {
            print("not valid: \(problems.total) problem\(problems.total == 1 ? "" : "s")")
            throw ExitCode(1)
        }
        print("valid")
    }

    private func check(
        loadOptions: DistrictDirectory.LoadOptions, hasCSV: Bool, hasDense: Bool, problems: inout ProblemReport,
        loaded: inout (directory: DistrictDirectory, report: DistrictDirectory.LoadReport)?
    ) throws(DistrictFileError) {
        var first = loadOptions
        if first.source == .automatic, hasCSV { first.source = .csv }
        let main = try DistrictDirectory.load(from: directory, options: first)
        loaded = main
        problems.merge(main.report.problems)
        // With both forms present, the dense form is checked too, and must agree with the binned readings.
        if first.source == .csv, hasDense, loadOptions.source == .automatic {
            var second = loadOptions
            second.source = .dense
            let dense = try DistrictDirectory.load(from: directory, options: second)
            if let mismatch = firstDifference(main.directory.dense, dense.directory.dense) {
                problems.record(mismatch)
            }
        }
    }

    private func firstDifference(_ a: DenseDistrict, _ b: DenseDistrict) -> DistrictFileError? {
        guard a.grid == b.grid else {
            return DistrictFileError(
                .shapeMismatch(expected: "readings.csv binned to \(a.grid.count) bins", found: "\(b.grid.count) bins"),
                at: FileLocation(file: "dense/meta.json"))
        }
        for signal in DenseSignal.allCases {
            let x = a.values[signal]!, y = b.values[signal]!
            for i in x.indices where x[i].bitPattern != y[i].bitPattern && !(x[i].isNaN && y[i].isNaN) {
                let row = i / max(1, a.grid.count), bin = i % max(1, a.grid.count)
                return DistrictFileError(
                    .shapeMismatch(
                        expected: "\(x[i]) from readings.csv for household \(a.households[row].id) bin \(bin)",
                        found: "\(y[i])"),
                    at: FileLocation(file: "dense/\(signal.rawValue).npy", line: row + 1, column: bin + 1))
            }
        }
        return nil
    }

    private func printSummary(_ directory: DistrictDirectory, _ report: DistrictDirectory.LoadReport) {
        let district = directory.dense
        let households = district.households
        let zone = DistrictZones(households: households).district
        var offsets = ZoneOffsets()
        func time(_ millis: Int64) -> String {
            ContractTime.iso8601(millis, offsetSeconds: offsets.offsetSeconds(of: zone, at: millis))
        }
        print("district:   \(self.directory)")
        let bySources = Dictionary(grouping: households, by: { HouseholdsFile.format($0.sources) })
            .map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ")
        print("households: \(households.count) (\(bySources))")
        if let summary = report.readings {
            let counts = zip(Signal.allCases, summary.statistics.readings).map { "\($0.0.rawValue) \($0.1)" }
            print("readings:   \(summary.statistics.total) in \(summary.statistics.records) rows (\(counts.joined(separator: ", ")))")
            if summary.statistics.total > 0 {
                print("time span:  \(time(summary.statistics.earliest)) to \(time(summary.statistics.latest))")
            }
        }
        printOutsideBins(report)
        print("source:     \(report.source == .csv ? "readings.csv" : "dense/")")
        let grid = district.grid
        print("bins:       \(grid.count) × \(grid.binSeconds) s from \(time(grid.startUnixSeconds * 1000))")
        var shares: [String] = []
        for signal in DenseSignal.allCases {
            let values = district.values[signal]!
            var cells = 0, missing = 0
            for (row, household) in households.enumerated() where household.sources.contains(signal.source) {
                cells += grid.count
                for value in values[(row * grid.count)..<((row + 1) * grid.count)] where value.isNaN { missing += 1 }
            }
            if cells > 0 {
                let share = Double(missing) / Double(cells) * 100
                shares.append("\(signal.rawValue) \((share * 100).rounded() / 100)%")
            }
        }
        print("missing:    \(shares.joined(separator: ", ")) (of the bins of households with the device)")
        if let absences = directory.absences { print("absences:   \(absences.absences.count)") }
        if let incidents = directory.incidents { print("incidents:  \(incidents.incidents.count)") }
        if let alerts = directory.alerts { print("alerts:     \(alerts.events.count) events") }
    }
}
