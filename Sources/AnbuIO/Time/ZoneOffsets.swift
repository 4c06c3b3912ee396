public import Anbu
import Foundation

/// The UTC offsets of a set of time zones, cached so that writing millions of times asks the time-zone database
/// about once per zone per day of data.
public struct ZoneOffsets: Sendable {
    private struct Span: Sendable {
        var from: Int64 = .max  // Unix seconds, inclusive
        var until: Int64 = .min  // exclusive
        var offset = 0
    }
    private var zones: [HouseholdTimeZone: Int] = [:]
    private var named: [(zone: TimeZone?, span: Span)] = []

    /// An empty cache.
    public init() {}

    /// Seconds east of UTC in force in `zone` at Unix milliseconds `time`.
    public mutating func offsetSeconds(of zone: HouseholdTimeZone, at time: Int64) -> Int {
        switch zone {
        case .fixed(let offset):
            return offset
        case .named(let name):
            let seconds = time >= 0 ? time / 1000 : (time - 999) / 1000
            let index: Int
            if let known = zones[zone] {
                index = known
            } else {
                index = named.count
                zones[zone] = index
                named.append((TimeZone(identifier: name), Span()))
            }
            let span = named[index].span
            if seconds >= span.from && seconds < span.until { return span.offset }
            guard let tz = named[index].zone else { return 0 }
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let offset = tz.secondsFromGMT(for: date)
            var until = seconds + 86_400
            if let next = tz.nextDaylightSavingTimeTransition(after: date) {
                until = min(until, Int64(next.timeIntervalSince1970.rounded(.down)))
            }
            named[index].span = Span(from: seconds, until: max(until, seconds + 1), offset: offset)
            return offset
        }
    }
}
