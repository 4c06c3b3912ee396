// anbu-soak: the soak test behind `make soak` (docs/reliability.md, "Soak").
//
// Streams a synthetic district through DistrictMonitor's one-reading-at-a-time API for weeks of district time, the
// way a platform would: readings arrive up to 90 minutes late and out of order, 0.5% are delivered twice, the
// watermark follows the feed hour by hour, and a checkpoint (a snapshot) is written every --every days. Once a
// simulated day it samples the process's resident memory (VmRSS, /proc/self/status) and prints one CSV row.
//
// The households are synthetic (a routine with a wake hour, appliances, steps and calls; a few collapse, a few
// phones die for a day), generated from (seed, household, bin) so nothing is held in memory but the engine.
//
//   anbu-soak [--households 200000] [--days 60] [--every 7] [--checkpoint DIR] [--seed 1]

import Anbu
import Foundation

struct SoakOptions {
    var households = 200_000
    var days = 60
    var everyDays = 7
    var checkpoint = ".build/soak"
    var seed: UInt64 = 1

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let name = rest.popFirst() {
            guard let value = rest.popFirst() else { Self.usage("\(name) needs a value") }
            func number(_ text: String) -> Int {
                guard let number = Int(text) else { Self.usage("\(name) \(text) is not a number") }
                return number
            }
            switch name {
            case "--households": households = number(value)
            case "--days": days = number(value)
            case "--every": everyDays = number(value)
            case "--checkpoint": checkpoint = value
            case "--seed": seed = UInt64(number(value))
            default: Self.usage("unknown option \(name)")
            }
        }
        guard households > 0, days > 0, everyDays > 0 else { Self.usage("sizes must be positive") }
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("""
            anbu-soak: \(problem)
            usage: anbu-soak [--households N] [--days D] [--every DAYS] [--checkpoint DIR] [--seed S]

            """.utf8))
        exit(2)
    }
}

/// One synthetic household's hour: its readings, from its own random stream for that hour.
struct SyntheticHousehold {
    let index: Int
    let id: HouseholdID
    let sources: SignalSources
    let wakeHour: Int
    /// The day it collapses, or nil.
    let collapseDay: Int?
    /// A day its phone is dead, or nil.
    let phoneDeadDay: Int?

    init(index: Int, seed: UInt64, days: Int) {
        self.index = index
        var random = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
        let digits = String(index)
        id = HouseholdID("s" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits)!
        sources = random.next() % 10 == 0 ? [.power, .calls] : .all
        wakeHour = 5 + Int(random.next() % 5)
        collapseDay = random.next() % 500 == 0 ? 14 + Int(random.next() % UInt64(max(1, days - 14))) : nil
        phoneDeadDay = random.next() % 100 == 0 ? Int(random.next() % UInt64(days)) : nil
    }

    /// The readings of bin `bin` (hourly, local time = UTC+9), with the delay after the bin's start at which each
    /// arrives, seconds.
    func readings(bin: Int, start: Timestamp, seed: UInt64, into output: inout [(delay: Int64, reading: Reading)]) {
        var random = SplitMix64(seed: seed ^ (UInt64(bin) &* 0xBF58_476D_1CE4_E5B9) ^ (UInt64(index) &* 0x94D0_49BB_1331_11EB))
        let day = bin / 24, hour = bin % 24
        let collapsed = collapseDay.map { day > $0 || (day == $0 && hour >= 10) } ?? false
        let awake = !collapsed && hour >= wakeHour && hour < 22
        let time = start.adding(seconds: Int64(bin) * 3600)
        func emit(_ signal: Signal, at second: Int64, _ value: Double) {
            let late = random.next() % 20 == 0 ? Int64(random.next() % 5400) : 0  // 5% up to 90 min late
            let reading = Reading(household: id, signal: signal, time: time.adding(seconds: second), value: value)
            output.append((second + late, reading))
            if random.next() % 200 == 0 { output.append((second + late + 60, reading)) }  // delivered twice
        }
        if sources.contains(.power) {
            for minute in [10, 40] {
                let appliance = awake && random.next() % 4 != 0 ? Double(60 + random.next() % 340) : 0
                emit(.power, at: Int64(minute * 60), 45 + Double(random.next() % 80) / 10 + appliance)
            }
        }
        let phoneOn = !(phoneDeadDay == day) && !(collapsed && bin % 24 > 16)
        guard phoneOn else { return }
        if sources.contains(.steps) {
            emit(.steps, at: 3599, awake && random.next() % 5 != 0 ? Double(80 + random.next() % 820) : 0)
        }
        if awake && random.next() % 12 == 0 { emit(.callOut, at: 1200, Double(30 + random.next() % 300)) }
        if random.next() % 20 == 0 { emit(collapsed ? .callMissed : .callIn, at: 1500, collapsed ? 0 : 120) }
    }
}

/// Resident and peak resident memory of this process, MB.
func memory() -> (rss: Double, peak: Double) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

let options = SoakOptions(CommandLine.arguments)
let clock = ContinuousClock()
let began = clock.now
func seconds() -> Double {
    let elapsed = clock.now - began
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

let start = Timestamp(unixSeconds: 1_735_657_200)  // 2025-01-01T00:00:00+09:00
let synthetic = (0..<options.households).map { SyntheticHousehold(index: $0, seed: options.seed, days: options.days) }
let monitor = try DistrictMonitor(start: start)
try monitor.register(synthetic.map {
    Household(id: $0.id, timeZone: .fixed(offsetSeconds: 9 * 3600), sources: $0.sources)
})
try FileManager.default.createDirectory(atPath: options.checkpoint, withIntermediateDirectories: true)
let checkpoint = URL(fileURLWithPath: options.checkpoint).appending(path: "soak.anbusnap")

func row(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
row("day,seconds,rss_mb,peak_rss_mb,readings,duplicates,rejected,alert_events,checkpoint_seconds,checkpoint_mb")
row(String(format: "0,%.1f,%.0f,%.0f,0,0,0,0,,", seconds(), memory().rss, memory().peak))
var pending: [(delay: Int64, reading: Reading)] = []  // arrivals due in later hours, by delay from their bin's start
var arriving: [(delay: Int64, reading: Reading)] = []
var delivered = 0, events = 0
let bins = options.days * 24
for bin in 0..<bins {
    // This hour's arrivals: the bin's own readings on time, and the late ones of earlier bins now due.
    arriving.removeAll(keepingCapacity: true)
    for household in synthetic { household.readings(bin: bin, start: start, seed: options.seed, into: &arriving) }
    var due: [(delay: Int64, reading: Reading)] = []
    for item in arriving {
        if item.delay < 3600 { due.append(item) } else { pending.append((item.delay - 3600, item.reading)) }
    }
    var stillPending: [(delay: Int64, reading: Reading)] = []
    for item in pending {
        if item.delay < 3600 { due.append(item) } else { stillPending.append((item.delay - 3600, item.reading)) }
    }
    pending = stillPending
    due.sort { $0.delay < $1.delay }
    for item in due {
        if let rejection = monitor.ingest(item.reading) {
            FileHandle.standardError.write(Data("bin \(bin): \(rejection)\n".utf8))
        }
        delivered += 1
    }
    events += try monitor.advance(to: start.adding(seconds: Int64(bin + 1) * 3600)).count
    guard bin % 24 == 23 else { continue }
    let day = bin / 24 + 1
    var checkpointColumns = ","
    if day % options.everyDays == 0 {
        let before = seconds()
        try monitor.snapshot(to: checkpoint)
        let size = Double((try FileManager.default.attributesOfItem(atPath: checkpoint.path)[.size] as? Int) ?? 0)
        checkpointColumns = String(format: "%.1f,%.0f", seconds() - before, size / 1_048_576)
    }
    let (rss, peak) = memory()
    let rejected = monitor.statistics.rejected.values.reduce(0, +)
    row(String(format: "%d,%.1f,%.0f,%.0f,%d,%d,%d,%d,", day, seconds(), rss, peak, delivered,
               monitor.statistics.duplicates, rejected, events) + checkpointColumns)
}
