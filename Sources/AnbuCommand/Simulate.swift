import Anbu
import AnbuSimulation
import ArgumentParser
import Foundation

/// `anbu simulate`: writes a synthetic district directory with exact ground truth.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic district (households, readings or dense form, incidents, absences).",
        discussion: """
            Same scenario, seed and size give byte-identical files whatever the thread count. The default scenario \
            is datasets/default-district.json (built in); see docs/simulation.md for the model and every parameter.
            """
    )

    @Option(help: "Number of households.")
    var households: Int?

    @Option(help: "Number of days.")
    var days: Int?

    @Option(help: "Random seed (a non-negative integer).")
    var seed: UInt64?

    @Option(help: "Scenario JSON file (default: the built-in default district).")
    var scenario: String?

    @Option(help: "Start time, ISO 8601 with an offset or Unix seconds (default: the scenario's start).")
    var start: String?

    @Flag(help: "Write the dense form (dense/meta.json and .npy files) instead of readings.csv.")
    var dense = false

    @Option(help: "Generating threads (default: one per core).")
    var threads: Int?

    @Option(help: "Output district directory.")
    var out: String?

    @Flag(help: "Print the scenario (the default one, or --scenario's) as JSON and exit: a starting point for your own.")
    var printScenario = false

    func run() throws {
        let chosen: Scenario
        if let scenario {
            do {
                chosen = try Scenario.load(contentsOf: URL(fileURLWithPath: scenario))
            } catch {
                throw ValidationError(error.description)
            }
        } else {
            chosen = .standard
        }
        if printScenario {
            FileHandle.standardOutput.write(chosen.encodedJSON())
            return
        }
        guard let households, let days, let seed, let out else {
            throw ValidationError("--households, --days, --seed and --out are required")
        }
        let simulation: DistrictSimulation
        do {
            simulation = try DistrictSimulation(
                scenario: chosen, households: households, days: days, seed: seed, start: start)
        } catch {
            throw ValidationError(error.description)
        }
        if let threads, threads < 1 { throw ValidationError("--threads \(threads): must be at least 1") }
        let bar = ProgressBar(total: households, label: "simulate")
        let began = Date()
        let writer = DistrictDirectoryWriter(simulation: simulation, form: dense ? .dense : .csv, threads: threads)
        let summary = try writer.write(to: out) { bar.update($0) }
        bar.finish()
        let seconds = Date().timeIntervalSince(began)
        let kinds = IncidentKind.allCases.map { "\($0.rawValue) \(summary.incidents[$0, default: 0])" }
        print("wrote \(out): \(summary.households) households, \(days) days, \(summary.readings) readings"
            + (dense ? " (dense form)" : "") + ", \(summary.absences) announced absences")
        print("incidents: " + kinds.joined(separator: ", "))
        print(String(format: "time: %.2f s", seconds))
    }
}
