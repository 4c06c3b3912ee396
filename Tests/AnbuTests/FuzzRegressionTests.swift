@testable import Anbu
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

    @Test("A snapshot whose first bin is at Int64.min is corrupt, not an overflow in a range check",
          arguments: ["regression-start-int64-min.bin"])
    func snapshotStartOverflow(seed: String) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appending(path: "../../fuzz/seeds/snapshot/\(seed)").standardized
        let bytes = try [UInt8](Data(contentsOf: file))
        // The harness hands the part between header and trailer to the decoder, past the checksum.
        let payload = SnapshotFile.headerSize..<(bytes.count - SnapshotFile.trailerSize)
        #expect(throws: SnapshotError.self) { try DistrictMonitor.restore(bytes, payload: payload, file: seed) }
        #expect(throws: SnapshotError.self) { try DistrictMonitor.restore(from: file) }
    }
}
