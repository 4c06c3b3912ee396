@testable import Anbu
import Testing

/// The one definition of the weekday and second-of-day arithmetic.
@Suite("Local day and time")
struct LocalDayTimeTests {
    @Test("Weekdays around the epoch and before it, Monday = 0; seconds of the day in 0 ..< 86 400")
    func weekdays() {
        #expect(LocalDayTime.weekday(ofDay: 0) == 3)  // 1970-01-01, a Thursday
        #expect(LocalDayTime.weekday(ofDay: 4) == 0)  // 1970-01-05, a Monday
        #expect(LocalDayTime.weekday(ofDay: -1) == 2)  // 1969-12-31, a Wednesday
        #expect(LocalDayTime.weekday(ofDay: -4) == 6)  // 1969-12-28, a Sunday
        #expect(LocalDayTime.weekday(ofDay: 20_094) == 0)  // 2025-01-06, a Monday
        let before = LocalDayTime(localSeconds: -1)
        #expect(before.day == -1 && before.weekday == 2 && before.secondOfDay == 86_399)
        let monday = LocalDayTime(localSeconds: 20_094 * 86_400 + 9 * 3600)
        #expect(monday.day == 20_094 && monday.weekday == 0 && monday.secondOfDay == 9 * 3600)
    }
}
