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

    @Test("A snapshot whose first bin is at Int64.min is corrupt, not an overflow in a range check")
    func snapshotStartOverflow() throws {
        // fuzz/seeds/snapshot/regression-start-int64-min.bin is such a file; made here from a fresh snapshot.
        let directory = FileManager.default.temporaryDirectory.appending(path: "anbu-regression-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let monitor = try DistrictMonitor(start: Timestamp(unixSeconds: 1_735_657_200))
        try monitor.register([Household(id: HouseholdID("h")!, timeZone: .named("Asia/Seoul"), sources: .all)])
        let file = directory.appending(path: "s.anbusnap")
        try monitor.snapshot(to: file)
        var bytes = try [UInt8](Data(contentsOf: file))
        let grid: [UInt8] = [4, 0, 0, 0, 0, 0, 0, 0] + Array("grid".utf8)
        let at = try #require((0..<bytes.count).first { bytes[$0...].starts(with: grid) }) + grid.count
        withUnsafeBytes(of: Int64.min.littleEndian) { bytes.replaceSubrange(at..<(at + 8), with: $0) }
        // The fuzz harness hands the payload to the decoder past the checksum.
        let payload = SnapshotFile.headerSize..<(bytes.count - SnapshotFile.trailerSize)
        #expect(throws: SnapshotError.corrupt(file: "s", offset: at + 8, problem: "section grid: first bin at \(Int64.min) s")) {
            try DistrictMonitor.restore(bytes, payload: payload, file: "s")
        }
    }
}
