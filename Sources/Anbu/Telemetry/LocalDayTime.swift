/// A local time's day, weekday and second of the day: the one definition of the weekday arithmetic that the engine's
/// slots, the reference computation and the simulator's calendar share.
package struct LocalDayTime: Hashable, Sendable {
    /// Days since 1970-01-01 in local time (negative before it).
    package var day: Int64
    /// 0 = Monday … 6 = Sunday.
    package var weekday: Int
    /// Seconds since local midnight, 0 ..< 86 400.
    package var secondOfDay: Int64

    /// The local day and time of `localSeconds`, seconds since 1970-01-01T00:00 local time (a UTC time plus the
    /// zone's offset).
    package init(localSeconds: Int64) {
        secondOfDay = ((localSeconds % 86_400) + 86_400) % 86_400
        day = (localSeconds - secondOfDay) / 86_400
        weekday = Self.weekday(ofDay: day)
    }

    /// The weekday of day `day` since 1970-01-01, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    package static func weekday(ofDay day: Int64) -> Int { Int(((day + 3) % 7 + 7) % 7) }
}
