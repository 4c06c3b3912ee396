import Anbu

/// Writes one person-risk incident into one household's real readings (times in seconds from the window's start),
/// in the manner of the simulator's incidents (docs/simulation.md), simplified to what can be done to a recording:
///
/// - **collapse** (onset on a day in the last 60% of the window, at 08:00–20:00; no end): from the onset, no steps,
///   no outgoing call and no answered call. The phone stays home reporting 0 steps every hour until its battery dies
///   4–48 h later, and incoming calls until then become missed calls; after that the phone sends nothing. Power falls
///   to the home's own low level at each hour of day — the 10th percentile of its power at that hour before the onset
///   (standby and refrigerator) — with ±3% noise.
/// - **illness** (onset on a day in the last 70% of the window, at 06:00–12:00; lasting 6–14 days): an activity
///   factor falls over three days (or 70% of the illness if shorter) to a floor of 0.15–0.5, stays, and recovers over
///   the last 30%. Steps are multiplied by it, each outgoing call is kept with its probability, and power above the
///   home's low level is multiplied by `0.5 + 0.5 × factor` (the person is at home, doing less).
struct IncidentInjection {
    /// The household's readings, modified in place.
    private(set) var readings: [RecordedSample]
    let days: Int

    init(readings: [RecordedSample], days: Int) {
        self.readings = readings
        self.days = days
    }

    /// Injects a collapse; returns its onset (seconds from the window's start) and no end.
    mutating func collapse(using random: inout SplitMix64) -> (onset: Int64, end: Int64?) {
        let onset = Self.onset(firstDay: Int((Double(days) * 0.4).rounded(.up)), lastDay: days - 3, hours: 8..<20, &random)
        let battery = onset + Int64(4 * 3600 + random.uniform() * 44 * 3600)
        let low = lowLevel(before: onset)
        var kept: [RecordedSample] = []
        for sample in readings {
            guard sample.localSeconds >= onset else {
                kept.append(sample)
                continue
            }
            switch sample.signal {
            case .power:
                let level = low(sample.localSeconds) ?? sample.value
                kept.append(RecordedSample(
                    localSeconds: sample.localSeconds, signal: .power,
                    value: level * Float(1 + (random.uniform() - 0.5) * 0.06)))
            case .callIn where sample.localSeconds < battery, .callMissed where sample.localSeconds < battery:
                kept.append(RecordedSample(localSeconds: sample.localSeconds, signal: .callMissed, value: 0))
            default:
                break
            }
        }
        let hasSteps = readings.contains { $0.signal == .steps }
        if hasSteps {
            var hour = (onset + 3599) / 3600 * 3600
            while hour < min(battery, Int64(days) * 86_400) {
                kept.append(RecordedSample(localSeconds: hour, signal: .steps, value: 0))
                hour += 3600
            }
        }
        readings = kept.sorted { $0.localSeconds < $1.localSeconds }
        return (onset, nil)
    }

    /// Injects an illness; returns its onset and end (seconds from the window's start).
    mutating func illness(using random: inout SplitMix64) -> (onset: Int64, end: Int64?) {
        let onset = Self.onset(firstDay: Int((Double(days) * 0.3).rounded(.up)), lastDay: days - 6, hours: 6..<12, &random)
        let duration = 6 * 86_400 + random.uniform() * 8 * 86_400
        let floor = 0.15 + random.uniform() * 0.35
        let decline = min(3 * 86_400, 0.7 * duration)
        func factor(_ time: Int64) -> Double {
            let since = Double(time - onset)
            if since < 0 || since >= duration { return 1 }
            if since < decline { return 1 - (1 - floor) * since / decline }
            if since < 0.7 * duration { return floor }
            return floor + (1 - floor) * (since - 0.7 * duration) / (0.3 * duration)
        }
        let low = lowLevel(before: onset)
        var kept: [RecordedSample] = []
        for sample in readings {
            let f = factor(sample.localSeconds)
            guard f < 1 else {
                kept.append(sample)
                continue
            }
            var changed = sample
            switch sample.signal {
            case .steps:
                changed.value = (sample.value * Float(f)).rounded(.down)
            case .callOut:
                guard random.uniform() < f else { continue }
            case .power:
                if let level = low(sample.localSeconds) {
                    changed.value = max(0, level + (sample.value - level) * Float(0.5 + 0.5 * f))
                }
            case .callIn, .callMissed:
                break
            }
            kept.append(changed)
        }
        readings = kept
        return (onset, onset + Int64(duration))
    }

    /// The home's low power level at each hour of day before `onset`: the 10th percentile of that hour's samples
    /// (all hours' samples when an hour has none); `nil` without any power before the onset.
    private func lowLevel(before onset: Int64) -> (Int64) -> Float? {
        var byHour = [[Double]](repeating: [], count: 24)
        for sample in readings where sample.signal == .power && sample.localSeconds < onset {
            byHour[Int(sample.localSeconds % 86_400 / 3600)].append(Double(sample.value))
        }
        let overall = quantile(sorted: byHour.flatMap { $0 }.sorted(), 0.1)
        let levels = byHour.map { quantile(sorted: $0.sorted(), 0.1) ?? overall }
        return { time in levels[Int(time % 86_400 / 3600)].map { Float($0) } }
    }

    /// A time on a day in `firstDay...lastDay` (clamped to the window) at a minute in `hours`, seconds.
    private static func onset(firstDay: Int, lastDay: Int, hours: Range<Int>, _ random: inout SplitMix64) -> Int64 {
        let low = max(0, min(firstDay, lastDay))
        let high = max(low, lastDay)
        let day = low + random.index(below: high - low + 1)
        let minute = hours.lowerBound * 60 + random.index(below: hours.count * 60)
        return Int64(day) * 86_400 + Int64(minute) * 60
    }
}

extension SplitMix64 {
    /// A uniform draw in [0, 1) from the top 53 bits.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}

extension Array {
    /// The elements in a seeded random order (Fisher–Yates with `SplitMix64.index(below:)`): the same on every platform.
    func seededShuffle(_ random: inout SplitMix64) -> [Element] {
        var copy = self
        for i in stride(from: copy.count - 1, to: 0, by: -1) { copy.swapAt(i, random.index(below: i + 1)) }
        return copy
    }
}
