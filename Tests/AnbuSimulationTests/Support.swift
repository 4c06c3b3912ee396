import Anbu
import AnbuSimulation
import Foundation

/// A scenario with every incident rate raised so a small district holds every kind.
func busyScenario() -> Scenario {
    var scenario = Scenario.standard
    scenario.incidents.collapsePerYear = 1.5
    scenario.incidents.illnessPerYear = 2
    scenario.incidents.withdrawalPerYear = 1.5
    scenario.incidents.awayPerYear = 4
    scenario.incidents.announcedAbsencePerYear = 3
    scenario.devices.unpluggedPerYear = 4
    return scenario
}

/// A district of 120 households over 60 days from the default start, generated once for the suites that read it.
let busyDistrict: (simulation: DistrictSimulation, households: [SimulatedHousehold]) = {
    let simulation = try! DistrictSimulation(scenario: busyScenario(), households: 120, days: 60, seed: 7)
    var households: [SimulatedHousehold] = []
    simulation.generate(blockSize: 64, threads: 2, transform: { $0 }) { _, block in households += block }
    return (simulation, households)
}()

/// The repository's root (two levels above this file's folder).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh temporary directory.
func temporaryDirectory(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "anbu-sim-tests-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: path)
    return path
}

/// Every file under `directory`, by relative path, with its bytes.
func files(under directory: String) -> [String: Data] {
    var result: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let relative = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = directory + "/" + relative
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            result[relative] = FileManager.default.contents(atPath: path)
        }
    }
    return result
}
