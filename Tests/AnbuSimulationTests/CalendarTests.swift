import Anbu
import AnbuSimulation
import Testing

@Suite("Calendar and district events")
struct CalendarTests {
    @Test func chuseok2025WithItsSubstituteDay() throws {
        let simulation = try DistrictSimulation(scenario: .standard, households: 1, days: 90, seed: 1)
        let holidays = simulation.districtIncidents.filter { $0.kind == .holiday }
        let chuseokStart = LocalDate(year: 2025, month: 10, day: 5)
        let start = Timestamp(unixSeconds: Int64(chuseokStart.daysSinceEpoch) * 86_400 - 9 * 3600)
        let chuseok = try #require(holidays.first { $0.onset == start })
        // 5–7 October, and 8 October because the 5th is a Sunday.
        #expect(chuseok.end == start.adding(seconds: 4 * 86_400))
        let days = simulation.calendar.days.filter { $0.isFamilyHoliday }.map(\.date.description)
        #expect(days == ["2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"])
        #expect(holidays.contains { $0.onset == Timestamp(unixSeconds: Int64(LocalDate(year: 2025, month: 8, day: 15)
            .daysSinceEpoch) * 86_400 - 9 * 3600) })
    }

    @Test func heatwavesOnlyInHotMonthsAndOutagesEveryFewWeeks() throws {
        for seed: UInt64 in 1...5 {
            let simulation = try DistrictSimulation(scenario: .standard, households: 1, days: 90, seed: seed)
            for day in simulation.calendar.days where day.isHeatwave {
                #expect([7, 8, 9].contains(day.date.month))
            }
            let kinds = simulation.districtIncidents.map(\.kind)
            #expect(kinds.contains(.outageTelecom) && kinds.contains(.outagePower) && kinds.contains(.heatwave))
        }
    }

    @Test func datesRoundTrip() {
        for days in stride(from: -1000, through: 30000, by: 37) {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(LocalDate(year: 2025, month: 7, day: 14).weekday == 0)
        #expect(LocalDate(parsing: "2025-02-30") == nil)
    }
}
