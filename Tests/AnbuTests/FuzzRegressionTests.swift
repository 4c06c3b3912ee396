import Anbu
import Foundation
import Testing

/// Inputs the fuzz targets found crashing (fuzz/seeds/<target>/regression-*), kept as tests.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    @Test("A policy with an enormous allowed lateness is refused, not an arithmetic overflow in the monitor")
    func latenessOverflow() throws {
        let json = Data(#"{"allowedLatenessSeconds": 9223372036854775807}"#.utf8)
        #expect(throws: PolicyError.outOfRange(field: "allowedLatenessSeconds", value: "9223372036854775807",
                                               expected: "in [0, 86400]")) {
            try JSONDecoder().decode(DetectionPolicy.self, from: json)
        }
        var policy = DetectionPolicy()
        policy.allowedLatenessSeconds = 86_400
        let monitor = try DistrictMonitor(policy: policy, start: Timestamp(unixSeconds: 0))
        #expect(monitor.grid.count == 0)
    }
}
