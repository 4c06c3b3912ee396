import Anbu

/// A calendar day, as days since 1970-01-01 in some time zone.
struct CalendarDay: Hashable, Comparable, Sendable {
    var daysSinceEpoch: Int64

    /// The day containing `time` in `zone`.
    init(containing time: Timestamp, in zone: HouseholdTimeZone) {
        let local = time.unixMilliseconds + Int64(zone.offsetSeconds(at: time)) * 1000
        daysSinceEpoch = floorDivide(local, 86_400_000)
    }

    init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }

    /// The day written `YYYY-MM-DD` (as ``isoDate`` writes it); `nil` for any other text.
    init?(isoDate text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]) else {
            return nil
        }
        self.init(year: y, month: m, day: d)
    }

    /// The day `year`-`month`-`day` (proleptic Gregorian; H. Hinnant's days-from-civil); `nil` for a month outside
    /// 1...12 or a day outside 1...31.
    init?(year y: Int64, month m: Int64, day d: Int64) {
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        let year = m <= 2 ? y - 1 : y
        let era = floorDivide(year, 400)
        let yoe = year - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// `2025-01-06` (proleptic Gregorian; H. Hinnant's civil-from-days).
    var isoDate: String {
        let z = daysSinceEpoch + 719_468
        let era = floorDivide(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ width: Int) -> String {
            let text = String(v)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// `⌊a / b⌋` for `b > 0`.
@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && a < 0) ? q - 1 : q
}
