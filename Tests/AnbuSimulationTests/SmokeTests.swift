import Anbu
import AnbuSimulation
import Testing

@Suite("Simulation smoke")
struct SmokeTests {
    @Test func oneHouseholdHasReadings() throws {
        let district = try DistrictSimulation(scenario: .standard, households: 4, days: 3, seed: 1)
        let household = district.household(0)
        #expect(!household.readings.isEmpty)
    }
}
