import Anbu
import Testing

@Suite("Engine state size")
struct StateSizeTests {
    @Test("A monitor keeps at most 4 KB per household with all three devices")
    func fourKilobytesPerHousehold() throws {
        let count = 2_000
        let made = HandMadeDistrict(households: count, days: 2)
        let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
        _ = try monitor.process(made.district)
        let perHousehold = Double(monitor.stateBytes) / Double(count)
        print("engine state: \(Int(perHousehold)) bytes per household (\(count) households)")
        #expect(perHousehold <= 4096)
        // The walk reaches the per-slot arrays: 48 slots × 13 two-byte values in silence's records alone.
        #expect(perHousehold >= 2500)
    }
}
