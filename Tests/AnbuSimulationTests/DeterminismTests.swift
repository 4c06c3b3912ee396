import Anbu
import AnbuSimulation
import Foundation
import Testing

@Suite("Determinism")
struct DeterminismTests {
    @Test func sameSeedSameHousehold() throws {
        let a = try DistrictSimulation(scenario: .standard, households: 50, days: 10, seed: 3)
        let b = try DistrictSimulation(scenario: .standard, households: 50, days: 10, seed: 3)
        for index in [0, 17, 49] {
            let x = a.household(index), y = b.household(index)
            #expect(x.readings == y.readings)
            #expect(x.incidents == y.incidents)
            #expect(x.household == y.household)
        }
        #expect(a.districtIncidents == b.districtIncidents)
    }

    @Test func differentSeedsDiffer() throws {
        let a = try DistrictSimulation(scenario: .standard, households: 5, days: 5, seed: 1)
        let b = try DistrictSimulation(scenario: .standard, households: 5, days: 5, seed: 2)
        #expect(a.household(0).readings != b.household(0).readings)
    }

    @Test func householdDoesNotDependOnDistrictSize() throws {
        // Household 3's data depend on (seed, index) only — not on how many households are generated alongside.
        let small = try DistrictSimulation(scenario: .standard, households: 10, days: 7, seed: 9)
        let large = try DistrictSimulation(scenario: .standard, households: 500, days: 7, seed: 9)
        #expect(small.household(3).readings == large.household(3).readings)
    }

    @Test(arguments: [DistrictDirectoryWriter.Form.csv, .dense])
    func filesIdenticalWhateverThreadsAndBlocks(form: DistrictDirectoryWriter.Form) throws {
        let simulation = try DistrictSimulation(scenario: busyScenario(), households: 40, days: 21, seed: 11)
        let one = temporaryDirectory("one-\(form)")
        let two = temporaryDirectory("two-\(form)")
        let again = temporaryDirectory("again-\(form)")
        try DistrictDirectoryWriter(simulation: simulation, form: form, threads: 1, blockSize: 40).write(to: one)
        try DistrictDirectoryWriter(simulation: simulation, form: form, threads: 2, blockSize: 7).write(to: two)
        try DistrictDirectoryWriter(simulation: simulation, form: form, threads: 2, blockSize: 16).write(to: again)
        let reference = files(under: one)
        #expect(reference.count >= 5)
        #expect(files(under: two) == reference)
        #expect(files(under: again) == reference)
        for directory in [one, two, again] { try? FileManager.default.removeItem(atPath: directory) }
    }
}
