import Anbu
import AnbuEvaluation
import AnbuIO
import ArgumentParser
import Foundation

/// `anbu realdata --from DIR --out OUT`: evaluation districts built from real public recordings.
struct RealData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "realdata",
        abstract: "Build evaluation districts from real recordings: OUT/clean and OUT/injected (with ground truth).",
        discussion: """
            Reads the real recordings under --from (the layout of ../shared/realdata: SGSC, Melbourne and UCI power; \
            Fitbit and JHU steps; Copenhagen Networks Study calls; a missing folder is skipped with a message), pairs \
            each steps window with a calls window and a power window on one calendar (docs/evaluation.md, "Real \
            data"), and writes two district directories in dense form: OUT/clean (the recordings as they are, an \
            empty incidents.csv) and OUT/injected (collapses and illnesses written into a seeded share of households, \
            listed in incidents.csv). OUT/*/provenance.csv names the recording window behind each household. Call \
            counterparts are dropped as the files are read. Keep OUT outside the repository: the recordings' licences \
            do not allow publishing them.
            """
    )

    @Option(help: "The folder of real recordings.")
    var from: String = "../shared/realdata"

    @Option(help: "Where to write clean/ and injected/.")
    var out: String

    @Option(help: "Random seed (pairing, windows, injections).")
    var seed: UInt64 = 1

    @Option(help: "Whole days per household (the calendar's length).")
    var days: Int = 28

    @Option(help: "Share of households with an injected collapse or illness (0 to 1).")
    var injectShare: Double = 0.2

    func run() throws {
        guard FileManager.default.fileExists(atPath: from) else {
            print("no real recordings at \(from): nothing to build (skipped)")
            return
        }
        guard (0...1).contains(injectShare) else { throw ValidationError("--inject-share must be in 0...1") }
        guard days >= 7 else { throw ValidationError("--days must be at least 7") }
        let recordings = try Self.recordings(in: from)
        var builder = RealDistrictBuilder()
        builder.days = days
        builder.seed = seed
        builder.injectShare = injectShare
        let result: RealDistrictBuilder.Result
        do {
            result = try builder.build(from: recordings)
        } catch {
            throw ValidationError(error.description)
        }
        for (name, district, incidents) in [
            ("clean", result.clean, [Incident]()), ("injected", result.injected, result.incidents),
        ] {
            let path = out + "/" + name
            let directory = DistrictDirectory(
                households: HouseholdsFile(households: district.households), dense: district,
                incidents: IncidentsFile(incidents: incidents))
            try directory.save(to: path, form: .dense)
            var provenance = "household,power,steps,calls\n"
            for record in result.provenance {
                provenance += "\(record.household),\(record.power ?? ""),\(record.steps),\(record.calls ?? "")\n"
            }
            try Data(provenance.utf8).write(to: URL(fileURLWithPath: path + "/provenance.csv"))
        }
        let households = result.clean.households
        let withSignal = { (source: SignalSource) in households.filter { $0.sources.contains(source) }.count }
        print("wrote \(out)/clean and \(out)/injected: \(households.count) households × \(days) days "
            + "(power \(withSignal(.power)), steps \(withSignal(.steps)), calls \(withSignal(.calls)))")
        let kinds = Dictionary(grouping: result.incidents, by: \.kind).map { "\($0.value.count) \($0.key.rawValue)" }
        print("injected: " + kinds.sorted().joined(separator: ", ") + " (incidents.csv in \(out)/injected)")
    }

    /// Every recording under `folder` that this command knows, skipping (with a message) the folders that are absent.
    static func recordings(in folder: String) throws -> [RealRecording] {
        var recordings: [RealRecording] = []
        func read(_ relative: String, _ parse: (String, String) throws -> [RealRecording]) throws {
            let path = folder + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else {
                print("skipped \(relative): not found")
                return
            }
            let found = try parse(String(decoding: data, as: UTF8.self), relative)
            print("read \(relative): \(found.count) recording\(found.count == 1 ? "" : "s")")
            recordings += found
        }
        let sgsc = "sgsc_smart_grid_smart_city_50_households/households"
        let customers = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + sgsc)) ?? []
        for name in customers.sorted() where name.hasPrefix("customer_") && name.hasSuffix(".csv") {
            let id = String(name.dropFirst("customer_".count).dropLast(".csv".count))
            try read("\(sgsc)/\(name)") { [try RealRecordingFormat.sgsc($0, file: $1, household: id)] }
        }
        try read("melbourne_smart_meters_4_households/melbourne_4_households_halfhourly.csv") {
            try RealRecordingFormat.melbourne($0, file: $1)
        }
        try read("uci_household_power_2007H1/household_power_consumption_2007-01_to_2007-06_minute.csv") {
            [try RealRecordingFormat.uci($0, file: $1)]
        }
        try read("fitbit_fitabase/period_2016-03-12_to_2016-04-11/hourlySteps_merged.csv") {
            try RealRecordingFormat.fitbitHourly($0, file: $1, period: "2016-03")
        }
        try read("fitbit_fitabase/period_2016-04-12_to_2016-05-12/hourlySteps_merged.csv") {
            try RealRecordingFormat.fitbitHourly($0, file: $1, period: "2016-04")
        }
        try read("jhu_activity_monitoring_1person_5min/activity.csv") { [try RealRecordingFormat.jhuActivity($0, file: $1)] }
        try read("copenhagen_networks_study_calls_sms/calls.csv") { try RealRecordingFormat.copenhagenCalls($0, file: $1) }
        return recordings
    }
}
