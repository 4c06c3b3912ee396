// libFuzzer harness for the policy JSON loader (`anbu detect --policy FILE`): the input is decoded as a
// DetectionPolicy; a policy that decodes is re-encoded and decoded again (it must round-trip), and a monitor is built
// with it and run over a few bins of two households, so extreme but valid values reach the engine's arithmetic.
// Built by fuzz/build.sh.

import Anbu
import Foundation

let households = [
    Household(id: HouseholdID("a")!, timeZone: .fixed(offsetSeconds: 32_400), sources: .all),
    Household(id: HouseholdID("b")!, timeZone: .named("Asia/Seoul"), sources: [.power]),
]
let start = Timestamp(unixSeconds: 1_735_657_200)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let policy = try? JSONDecoder().decode(DetectionPolicy.self, from: Data(bytes: data, count: size)) else {
        return 0
    }
    let encoded = try! JSONEncoder().encode(policy)
    precondition(try! JSONDecoder().decode(DetectionPolicy.self, from: encoded) == policy, "policy does not round-trip")
    let monitor = try! DistrictMonitor(policy: policy, start: start)
    try! monitor.register(households)
    let bin = Int64(policy.binSeconds)
    for k in 0..<3 {
        let time = start.adding(seconds: Int64(k) * bin)
        monitor.ingest(Reading(household: households[0].id, signal: .steps, time: time, value: 120))
        monitor.ingest(Reading(household: households[1].id, signal: .power, time: time, value: 45))
    }
    _ = try! monitor.advance(to: start.adding(seconds: 4 * bin + Int64(policy.allowedLatenessSeconds)))
    _ = monitor.assessment(of: households[0].id)
    return 0
}
