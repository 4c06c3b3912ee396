import Anbu
import AnbuIO
import ArgumentParser
import Foundation

/// Options shared by the commands that read a district directory.
struct DistrictOptions: ParsableArguments {
    @Option(help: "Where readings come from: automatic (dense if dense/meta.json exists), csv or dense.")
    var source: String = "automatic"

    @Option(help: "Bin length in seconds (divides a day; default 3600; detect and tune take the policy's).")
    var binSeconds: Int?

    @Option(help: "First bin's start (ISO 8601 with offset, or Unix seconds); with --bins, skips inference.")
    var start: String?

    @Option(help: "Number of bins, with --start.")
    var bins: Int?

    @Option(help: "How far (seconds) a reading may lie outside the bins before it is an error.")
    var boundSeconds: Int64 = 86_400

    @Option(help: "The most bins inferred from readings.csv (without --start/--bins); a longer span is an error.")
    var maxInferredBins: Int = DistrictBinner.Options().maximumInferredBins

    @Option(help: "How many problems to print in full.")
    var maxErrors: Int = 20

    @Flag(help: "Stop at the first problem instead of collecting them all.")
    var stopAtFirst = false

    /// The load options; `policyBinSeconds` is the bin length a policy fixes (`detect`, `tune`), which a different
    /// `--bin-seconds` contradicts.
    func loadOptions(policyBinSeconds: Int? = nil) throws -> DistrictDirectory.LoadOptions {
        if let given = binSeconds, let fixed = policyBinSeconds, given != fixed {
            throw ValidationError(
                "--bin-seconds \(given) contradicts the policy's binSeconds \(fixed): give one of them")
        }
        var options = DistrictDirectory.LoadOptions()
        let binSeconds = policyBinSeconds ?? binSeconds ?? options.binning.binSeconds
        options.policy = stopAtFirst ? .stopAtFirst : .collect(keep: maxErrors)
        guard let chosen = DistrictDirectory.ReadingsSource(rawValue: source) else {
            throw ValidationError("--source must be automatic, csv or dense")
        }
        options.source = chosen
        guard binSeconds > 0, 86_400 % binSeconds == 0 else {
            throw ValidationError("--bin-seconds \(binSeconds) does not divide a day")
        }
        options.binning.binSeconds = binSeconds
        options.binning.boundSeconds = boundSeconds
        guard maxInferredBins > 0 else { throw ValidationError("--max-inferred-bins must be positive") }
        options.binning.maximumInferredBins = maxInferredBins
        switch (start, bins) {
        case (nil, nil): break
        case (let text?, let count?):
            guard case .success(let millis) = ContractTime.parse(text), millis % 1000 == 0, count >= 0 else {
                throw ValidationError("--start must be a whole-second time and --bins >= 0")
            }
            options.binning.grid = BinGrid(startUnixSeconds: millis / 1000, binSeconds: binSeconds, count: count)
        default:
            throw ValidationError("--start and --bins go together")
        }
        return options
    }
}

/// Prints how many readings lay outside the bins (within `--bound-seconds`) and so were not binned, when any did.
func printOutsideBins(_ report: DistrictDirectory.LoadReport) {
    guard let outside = report.readings?.outsideGrid, outside > 0 else { return }
    print("outside:    \(outside) readings lie outside the bins (within --bound-seconds): counted, not binned")
}

/// Prints problems as `file:line: message` on standard error, then a count per kind.
func printProblems(_ report: ProblemReport) {
    var text = ""
    for problem in report.first { text += "\(problem)\n" }
    if report.total > report.first.count { text += "… \(report.total - report.first.count) more problems\n" }
    if !report.isClean {
        text += "problems by kind: "
        text += report.counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            .joined(separator: ", ")
        text += "\n"
    }
    FileHandle.standardError.write(Data(text.utf8))
}
