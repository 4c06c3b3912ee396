public import Anbu

extension ReferenceRule {
    /// Runs the rule over a dense district and returns its alert events, ordered by time, then household row, then
    /// alert; alert identifiers are `RULE:HOUSEHOLD:N` (N counting from 0 per household).
    ///
    /// The same district and settings always give the same events.
    ///
    /// - Complexity: O(households × bins).
    public func alerts(
        for district: DenseDistrict, settings: ReferenceRuleSettings = ReferenceRuleSettings()
    ) -> [AlertEvent] {
        let grid = district.grid
        let ranges = district.binRanges(rule: settings.span)
        let missing = SignalMatrix(repeating: .nan, count: district.households.count * grid.count)
        func matrix(_ signal: DenseSignal) -> SignalMatrix { district.values[signal] ?? missing }
        let power = matrix(.power)
        let steps = matrix(.steps)
        let callOut = matrix(.callOut)
        let callIn = matrix(.callIn)
        let binsPerHour = 3600.0 / Double(grid.binSeconds)
        func window(hours: Int) -> Int { max(1, Int((Double(hours) * binsPerHour).rounded(.up))) }

        var calendars: [HouseholdTimeZone: LocalDays] = [:]
        var condition = [UInt8](repeating: 0, count: grid.count)
        var scratch = [UInt8](repeating: 0, count: grid.count)
        var flat = FlatWindow()
        var found: [(time: Int64, row: Int, sequence: Int, event: AlertEvent)] = []

        for (row, household) in district.households.enumerated() {
            let range = ranges[row]
            guard !range.isEmpty else { continue }
            let base = row * grid.count
            let sources = household.sources
            let hasPhone = sources.contains(.steps) || sources.contains(.calls)
            let hasPlug = sources.contains(.power)
            var applies = true
            switch self {
            case .noContact24h, .noContact48h, .noContact72h:
                applies = hasPhone
                if applies {
                    let hours = self == .noContact24h ? 24 : self == .noContact48h ? 48 : 72
                    Self.markNoContact(
                        steps: steps, callOut: callOut, callIn: callIn, base: base, range: range,
                        window: window(hours: hours), into: &condition)
                }
            case .plugFlat24h, .plugFlat48h:
                applies = hasPlug
                if applies {
                    flat.mark(
                        power: power, base: base, range: range, window: window(hours: self == .plugFlat24h ? 24 : 48),
                        rangeWatts: settings.flatPowerRangeWatts, into: &condition)
                }
            case .gangnamSteps:
                applies = sources.contains(.steps)
                if applies {
                    let days = calendars[household.timeZone] ?? LocalDays(grid: grid, zone: household.timeZone)
                    calendars[household.timeZone] = days
                    Self.markGangnam(
                        steps: steps, base: base, range: range, days: days, limit: settings.twoDayStepLimit,
                        into: &condition)
                }
            case .plugFlatAndNoContact24h:
                applies = hasPhone && hasPlug
                if applies {
                    flat.mark(
                        power: power, base: base, range: range, window: window(hours: 24),
                        rangeWatts: settings.flatPowerRangeWatts, into: &condition)
                    Self.markNoContact(
                        steps: steps, callOut: callOut, callIn: callIn, base: base, range: range,
                        window: window(hours: 24), into: &scratch)
                    for b in range where scratch[b] == 0 { condition[b] = 0 }
                }
            }
            guard applies else { continue }

            // Conditions to events: open where it starts to hold, close where it stops.
            var isOpen = false
            var alertID = ""
            var count = 0
            for b in range {
                let holds = condition[b] != 0
                guard holds != isOpen else { continue }
                let time = grid.end(ofBin: b)
                if holds {
                    alertID = "\(rawValue):\(household.id):\(count)"
                    count += 1
                    found.append(
                        (
                            time.unixMilliseconds, row, found.count,
                            AlertEvent(
                                alert: alertID, household: household.id, time: time, event: .open, tier: settings.tier,
                                kind: .person, reasons: reasons(condition[b]))
                        ))
                } else {
                    found.append(
                        (
                            time.unixMilliseconds, row, found.count,
                            AlertEvent(
                                alert: alertID, household: household.id, time: time, event: .close, tier: nil,
                                kind: .person, reasons: [])
                        ))
                }
                isOpen = holds
            }
        }
        found.sort { ($0.time, $0.row, $0.sequence) < ($1.time, $1.row, $1.sequence) }
        return found.map(\.event)
    }

    /// Condition marks: 0 does not hold; otherwise which reason holds.
    private static let markHolds: UInt8 = 1
    private static let markFewSteps: UInt8 = 2

    private func reasons(_ mark: UInt8) -> [ReasonCode] {
        switch self {
        case .noContact24h, .noContact48h, .noContact72h: [ReasonCode(rawValue: "no_contact")]
        case .plugFlat24h, .plugFlat48h: [ReasonCode(rawValue: "plug_flat")]
        case .gangnamSteps: [ReasonCode(rawValue: mark == Self.markFewSteps ? "few_steps" : "no_steps")]
        case .plugFlatAndNoContact24h: [ReasonCode(rawValue: "plug_flat"), ReasonCode(rawValue: "no_contact")]
        }
    }

    /// Marks the bins that end `window` or more consecutive bins without contact (steps > 0, an outgoing call or an
    /// answered call; NaN is no contact).
    private static func markNoContact(
        steps: SignalMatrix, callOut: SignalMatrix, callIn: SignalMatrix, base: Int, range: Range<Int>, window: Int,
        into marks: inout [UInt8]
    ) {
        var run = 0
        for b in range {
            let i = base + b
            let contact = steps[i] > 0 || callOut[i] > 0 || callIn[i] > 0
            run = contact ? 0 : run + 1
            marks[b] = run >= window ? markHolds : 0
        }
    }

    /// Marks the end of each day with 0 steps, or with ≤ `limit` steps over it and the day before, and every bin
    /// after it until today's steps are > 0 and yesterday's plus today's exceed `limit`.
    private static func markGangnam(
        steps: SignalMatrix, base: Int, range: Range<Int>, days: LocalDays, limit: Float, into marks: inout [UInt8]
    ) {
        var today: Float = 0
        var yesterday: Float? = nil
        var dayIsWhole = false
        var mark: UInt8 = 0
        for b in range {
            if b == range.lowerBound || days.startsDay(b) {
                today = 0
                dayIsWhole = days.startsDay(b)
            }
            let value = steps[base + b]
            if !value.isNaN { today += value }
            if mark != 0, today > 0, (yesterday ?? 0) + today > limit { mark = 0 }
            if days.endsDay(b) {
                if dayIsWhole {
                    if mark == 0 {
                        if today == 0 {
                            mark = markHolds
                        } else if let yesterday, yesterday + today <= limit {
                            mark = markFewSteps
                        }
                    }
                    yesterday = today
                } else {
                    yesterday = nil
                }
            }
            marks[b] = mark
        }
    }
}

/// The local calendar day of each bin in one time zone, to find day boundaries.
struct LocalDays {
    private let day: [Int64]
    private let before: Int64
    private let after: Int64

    init(grid: BinGrid, zone: HouseholdTimeZone) {
        func dayOf(_ bin: Int) -> Int64 {
            let start = grid.start(ofBin: bin)
            return floorDivide(start.unixMilliseconds + Int64(zone.offsetSeconds(at: start)) * 1000, 86_400_000)
        }
        // One zone lookup per bin (Foundation's is slow for named zones); callers cache one `LocalDays` per zone.
        day = (0..<grid.count).map(dayOf)
        before = dayOf(-1)
        after = dayOf(grid.count)
    }

    /// Whether bin `b` is the first of its local day.
    func startsDay(_ b: Int) -> Bool { (b == 0 ? before : day[b - 1]) != day[b] }
    /// Whether bin `b` is the last of its local day.
    func endsDay(_ b: Int) -> Bool { (b + 1 == day.count ? after : day[b + 1]) != day[b] }
}

/// The length of the longest run of bins ending at each bin over which a plug's present power values span less than
/// a range (two monotone queues; missing bins neither break nor extend the range).
struct FlatWindow {
    private var maxima: [Int32] = []
    private var minima: [Int32] = []

    /// Marks the bins ending a flat run of at least `window` bins.
    ///
    /// - Complexity: O(bins in `range`).
    mutating func mark(
        power: SignalMatrix, base: Int, range: Range<Int>, window: Int, rangeWatts: Float, into marks: inout [UInt8]
    ) {
        guard rangeWatts > 0 else {
            for b in range { marks[b] = 0 }
            return
        }
        if maxima.count < range.count {
            maxima = [Int32](repeating: 0, count: range.count)
            minima = maxima
        }
        power.withUnsafeBufferPointer { power in
            maxima.withUnsafeMutableBufferPointer { maxima in
                minima.withUnsafeMutableBufferPointer { minima in
                    marks.withUnsafeMutableBufferPointer { marks in
                        // Queues of bin indices: maxima[maxHead..<maxTail] has falling values, minima rising ones.
                        var maxHead = 0, maxTail = 0, minHead = 0, minTail = 0
                        var left = range.lowerBound
                        for b in range {
                            let value = power[base + b]
                            if !value.isNaN {
                                while maxTail > maxHead, power[base + Int(maxima[maxTail - 1])] <= value {
                                    maxTail -= 1
                                }
                                maxima[maxTail] = Int32(b)
                                maxTail += 1
                                while minTail > minHead, power[base + Int(minima[minTail - 1])] >= value {
                                    minTail -= 1
                                }
                                minima[minTail] = Int32(b)
                                minTail += 1
                                // Shrink from the left until the window's range is below the threshold again.
                                while power[base + Int(maxima[maxHead])] - power[base + Int(minima[minHead])]
                                    >= rangeWatts
                                {
                                    let drop = min(maxima[maxHead], minima[minHead])
                                    left = Int(drop) + 1
                                    if maxima[maxHead] == drop { maxHead += 1 }
                                    if minima[minHead] == drop { minHead += 1 }
                                }
                            }
                            marks[b] = b - left + 1 >= window ? 1 : 0
                        }
                    }
                }
            }
        }
    }
}
