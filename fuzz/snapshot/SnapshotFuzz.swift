// libFuzzer harness for the snapshot reader. Built by fuzz/build.sh, with Anbu compiled `-enable-testing` so the
// harness can reach the decoder past the checksum.
//
// The input is read twice: as a whole file through `DistrictMonitor.restore(from:)` (header, version, end marker,
// checksum: almost every mutation stops there), and as a payload handed straight to the decoder, as if its checksum
// held (the part of a file between header and trailer when it has them, else the whole input). A monitor that decodes
// is then run: a few bins closed, its households assessed, an outcome recorded for each alert and a snapshot written,
// so a state that decodes but could not be used is found too.

import Foundation
import Glibc
@testable import Anbu

let fuzzPath = "/dev/shm/anbu-fuzz-snapshot-\(getpid()).anbusnap"
let fuzzURL = URL(fileURLWithPath: fuzzPath)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = fopen(fuzzPath, "wb")!
    fwrite(data, 1, size, file)
    fclose(file)
    if let restored = try? DistrictMonitor.restore(from: fuzzURL) { exercise(restored.monitor) }

    let framed = size >= SnapshotFile.headerSize + SnapshotFile.trailerSize
        && bytes.starts(with: SnapshotFile.magic)
    let payload = framed ? SnapshotFile.headerSize..<(size - SnapshotFile.trailerSize) : 0..<size
    if let restored = try? DistrictMonitor.restore(bytes, payload: payload, file: "fuzz") {
        exercise(restored.monitor)
    }
    return 0
}

func exercise(_ monitor: DistrictMonitor) {
    let bin = Int64(monitor.policy.binSeconds)
    var events = try! monitor.advance(to: monitor.grid.end.adding(seconds: 2 * bin + Int64(monitor.policy.allowedLatenessSeconds)))
    for household in monitor.households.prefix(8) {
        _ = monitor.assessment(of: household.id)
        monitor.ingest(Reading(household: household.id, signal: .power, time: monitor.grid.end, value: 40))
    }
    events += try! monitor.advance(to: monitor.grid.end.adding(seconds: bin + Int64(monitor.policy.allowedLatenessSeconds)))
    for number in 0..<min(4, events.count) {
        try? monitor.record(.falseAlarm, forAlert: events[number].alert)
    }
    for number in 1...4 { try? monitor.record(.confirmedIncident, forAlert: "A\(number)") }
    try? monitor.snapshot(to: fuzzURL)
}
