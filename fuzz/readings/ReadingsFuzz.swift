// libFuzzer harness for the readings.csv reader (and the small-file CSV table parser).
// Built by fuzz/build.sh into one module with AnbuIO's sources, so internal parsers are reachable.
// The input is written to a file under /dev/shm and read as readings.csv with a block size taken from its first byte,
// so records split across blocks are exercised. Any crash, trap or sanitizer report is a finding.

import Anbu
import Glibc

let fuzzHouseholds = [
    Household(id: HouseholdID("full")!, timeZone: .named("Asia/Seoul"), sources: .all),
    Household(id: HouseholdID("phone")!, timeZone: .fixed(offsetSeconds: 32_400), sources: [.steps, .calls]),
    Household(id: HouseholdID("c")!, timeZone: .fixed(offsetSeconds: -12_600), sources: .calls),
]
let fuzzPath = "/dev/shm/anbu-fuzz-readings-\(getpid()).csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReadings(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let file = fopen(fuzzPath, "wb")!
    fwrite(data, 1, size, file)
    fclose(file)
    var options = DistrictBinner.Options()
    options.blockSize = 16 + Int(size > 0 ? bytes[0] : 0)
    options.batchSize = 1 + Int(size > 1 ? bytes[1] : 0)
    options.grid = size > 2 && bytes[2] & 1 == 1 ? BinGrid(startUnixSeconds: 1_740_927_600, count: 48) : nil
    options.boundSeconds = 3600
    if let result = try? DistrictBinner.bin(path: fuzzPath, households: fuzzHouseholds, options: options) {
        // Every delivered reading is counted exactly once: binned, outside the grid, or a problem.
        precondition(result.summary.statistics.total + result.summary.problems.total >= result.summary.statistics.records)
    }
    var sink = ProblemSink(policy: .collect(keep: 3))
    _ = try? CSVTable.parse(
        UnsafeRawBufferPointer(bytes), name: "households.csv", requiredColumns: HouseholdsFile.columns, sink: &sink)
    return 0
}
