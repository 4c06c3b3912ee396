public import Anbu
import AnbuIO
import Foundation

/// A local calendar date.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int

    /// A date.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]),
            let d = Int(parts[2]), (1...12).contains(m), (1...ContractTime.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (civil calendar, proleptic Gregorian).
    public var daysSinceEpoch: Int { ContractTime.daysFromCivil(year: year, month: month, day: day) }

    /// The date `days` days after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        let date = ContractTime.civilFromDays(days)
        self.init(year: date.year, month: date.month, day: date.day)
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { LocalDayTime.weekday(ofDay: Int64(daysSinceEpoch)) }

    /// Day of the year, 1–366.
    public var dayOfYear: Int { daysSinceEpoch - LocalDate(year: year, month: 1, day: 1).daysSinceEpoch + 1 }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }

    /// Orders dates.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}

/// Korean public holidays: the three-day lunar holidays with their substitute days, and the fixed one-day holidays.
public enum KoreanHolidays {
    /// Seollal (lunar new year) day, 2020–2030.
    static let seollal: [LocalDate] = [
        .init(year: 2020, month: 1, day: 25), .init(year: 2021, month: 2, day: 12), .init(year: 2022, month: 2, day: 1),
        .init(year: 2023, month: 1, day: 22), .init(year: 2024, month: 2, day: 10), .init(year: 2025, month: 1, day: 29),
        .init(year: 2026, month: 2, day: 17), .init(year: 2027, month: 2, day: 7), .init(year: 2028, month: 1, day: 27),
        .init(year: 2029, month: 2, day: 13), .init(year: 2030, month: 2, day: 3),
    ]
    /// Chuseok (harvest festival) day, 2020–2030.
    static let chuseok: [LocalDate] = [
        .init(year: 2020, month: 10, day: 1), .init(year: 2021, month: 9, day: 21), .init(year: 2022, month: 9, day: 10),
        .init(year: 2023, month: 9, day: 29), .init(year: 2024, month: 9, day: 17), .init(year: 2025, month: 10, day: 6),
        .init(year: 2026, month: 9, day: 25), .init(year: 2027, month: 9, day: 15), .init(year: 2028, month: 10, day: 3),
        .init(year: 2029, month: 9, day: 22), .init(year: 2030, month: 9, day: 12),
    ]
    /// Fixed one-day holidays (month, day).
    static let fixed: [(Int, Int)] = [(1, 1), (3, 1), (5, 5), (6, 6), (8, 15), (10, 3), (10, 9), (12, 25)]

    /// The family holidays (Seollal, Chuseok) as day ranges: the day before, the day, the day after, plus a
    /// substitute weekday when the three days include a Sunday.
    public static func familyHolidays() -> [ClosedRange<Int>] {
        (seollal + chuseok).map { main in
            let first = main.daysSinceEpoch - 1
            var last = main.daysSinceEpoch + 1
            if (first...last).contains(where: { LocalDate(daysSinceEpoch: $0).weekday == 6 }) {
                last += 1
                while LocalDate(daysSinceEpoch: last).weekday >= 5 { last += 1 }
            }
            return first...last
        }
    }

    /// Every one-day holiday in the years `years` (days since the epoch).
    public static func oneDayHolidays(years: ClosedRange<Int>) -> [Int] {
        years.flatMap { year in fixed.map { LocalDate(year: year, month: $0.0, day: $0.1).daysSinceEpoch } }
    }
}

/// What a simulated local day is like for everyone in the district.
public struct DistrictDay: Sendable, Hashable {
    /// The local date.
    public var date: LocalDate
    /// Unix seconds of local midnight.
    public var midnight: Int64
    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int
    /// A public holiday.
    public var isHoliday: Bool
    /// Seollal or Chuseok: families gather, many travel.
    public var isFamilyHoliday: Bool
    /// The index of the family holiday this day belongs to (so a household decides once per holiday).
    public var familyHolidayIndex: Int
    /// A heat-wave day.
    public var isHeatwave: Bool
    /// Daily mean temperature, °C (a smooth Seoul climate curve, +6 °C in a heat wave).
    public var temperature: Double
    /// Local sunrise, hours.
    public var sunrise: Double
    /// Local sunset, hours.
    public var sunset: Double

    /// Saturday, Sunday or a holiday.
    public var isDayOff: Bool { weekday >= 5 || isHoliday }
}

/// A district-wide outage: `[start, end)` in Unix seconds.
public struct Outage: Sendable, Hashable {
    /// Start, Unix seconds.
    public var start: Int64
    /// End (exclusive), Unix seconds.
    public var end: Int64
    /// For a power outage, which neighbourhoods are cut (all of them for a telecom outage).
    public var neighbourhoods: [Bool]

    /// Whether `second` falls inside the outage.
    @inlinable
    public func contains(_ second: Int64) -> Bool { second >= start && second < end }
}

/// The shared calendar and district-wide events of one simulated district: days, holidays, heat waves and outages.
///
/// Built once from the scenario and the seed (on a random stream of its own), read by every household.
public struct DistrictCalendar: Sendable {
    /// The simulated days, from local midnight on or before the start.
    public var days: [DistrictDay]
    /// The time-zone offset routines are simulated at, seconds east of UTC.
    public var offsetSeconds: Int
    /// Telecom outages: every phone silent.
    public var telecomOutages: [Outage]
    /// Local power outages: plugs in the cut neighbourhoods silent.
    public var powerOutages: [Outage]
    /// The district-wide ground truth: `holiday`, `heatwave`, `outage_telecom`, `outage_power`.
    public var incidents: [Incident]

    /// The calendar of a district starting at `start` (Unix seconds) for `dayCount` local days.
    public init(scenario: Scenario, start: Int64, dayCount: Int, seed: UInt64) {
        let zone = HouseholdTimeZone(parsing: scenario.timeZone) ?? .fixed(offsetSeconds: 0)
        offsetSeconds = zone.offsetSeconds(at: Timestamp(unixSeconds: start))
        let offset = Int64(offsetSeconds)
        let firstDay = Int(floorDivide(start + offset, 86_400))
        var random = SimulationRandom(seed: seed, stream: 0xD157_81C7)
        let model = scenario.events

        var holidays = Set<Int>()
        var familyIndex: [Int: Int] = [:]
        var holidayPeriods: [ClosedRange<Int>] = []
        if model.koreanHolidays {
            let years = LocalDate(daysSinceEpoch: firstDay).year...LocalDate(daysSinceEpoch: firstDay + dayCount).year
            for (index, range) in KoreanHolidays.familyHolidays().enumerated() {
                for day in range {
                    holidays.insert(day)
                    familyIndex[day] = index
                }
                holidayPeriods.append(range)
            }
            for day in KoreanHolidays.oneDayHolidays(years: years) where !holidays.contains(day) {
                holidays.insert(day)
                holidayPeriods.append(day...day)
            }
        }
        for text in model.extraHolidays {
            guard let date = LocalDate(parsing: text), !holidays.contains(date.daysSinceEpoch) else { continue }
            holidays.insert(date.daysSinceEpoch)
            holidayPeriods.append(date.daysSinceEpoch...date.daysSinceEpoch)
        }

        // Heat waves: in the hot months, separated by gaps.
        var heat = Set<Int>()
        var nextHeat = firstDay + Int(random.uniform(0, min(model.heatwaveGapDays.min, 14)))
        var heatPeriods: [ClosedRange<Int>] = []
        var day = firstDay
        while day < firstDay + dayCount {
            let month = LocalDate(daysSinceEpoch: day).month
            if day >= nextHeat, model.heatwaveMonths.contains(month) {
                let length = max(1, Int(model.heatwaveDays.draw(&random).rounded()))
                for d in day..<(day + length) { heat.insert(d) }
                heatPeriods.append(day...(day + length - 1))
                nextHeat = day + length + max(1, Int(model.heatwaveGapDays.draw(&random).rounded()))
                day += length
            } else {
                day += 1
            }
        }

        days = (firstDay..<(firstDay + dayCount)).map { index in
            let date = LocalDate(daysSinceEpoch: index)
            let yearAngle = 2 * Double.pi / 365.25
            let doy = Double(date.dayOfYear)
            let climate = 12 + 14 * sin(yearAngle * (doy - 122))
            let dayLength = 12.2 + 2.5 * sin(yearAngle * (doy - 80))
            return DistrictDay(
                date: date, midnight: Int64(index) * 86_400 - offset, weekday: date.weekday,
                isHoliday: holidays.contains(index), isFamilyHoliday: familyIndex[index] != nil,
                familyHolidayIndex: familyIndex[index] ?? -1, isHeatwave: heat.contains(index),
                temperature: climate + (heat.contains(index) ? 6 : 0), sunrise: 12.5 - dayLength / 2,
                sunset: 12.5 + dayLength / 2)
        }

        let origin = Int64(firstDay) * 86_400 - offset
        let end = origin + Int64(dayCount) * 86_400
        func outages(gap: Span, hours: Span, share: Span?, neighbourhoods: Int) -> [Outage] {
            var list: [Outage] = []
            var at = origin + Int64(random.uniform(0.5, max(1, gap.min)) * 86_400)
            while at < end {
                let length = Int64(hours.draw(&random) * 3600)
                var cut = [Bool](repeating: share == nil, count: neighbourhoods)
                if let share {
                    let fraction = share.draw(&random)
                    for n in 0..<neighbourhoods { cut[n] = random.chance(fraction) }
                    if !cut.contains(true) { cut[random.integer(in: 0..<neighbourhoods)] = true }
                }
                list.append(Outage(start: at, end: at + length, neighbourhoods: cut))
                at += length + Int64(gap.draw(&random) * 86_400)
            }
            return list
        }
        telecomOutages = outages(
            gap: model.telecomOutageGapDays, hours: model.telecomOutageHours, share: nil, neighbourhoods: 1)
        powerOutages = outages(
            gap: model.powerOutageGapDays, hours: model.powerOutageHours, share: model.powerOutageShare,
            neighbourhoods: model.neighbourhoods)

        func midnight(_ day: Int) -> Timestamp { Timestamp(unixSeconds: Int64(day) * 86_400 - offset) }
        var truth: [Incident] = []
        for period in holidayPeriods.sorted(by: { $0.lowerBound < $1.lowerBound })
        where period.upperBound >= firstDay && period.lowerBound < firstDay + dayCount {
            truth.append(Incident(
                household: nil, kind: .holiday, onset: midnight(period.lowerBound), end: midnight(period.upperBound + 1)))
        }
        for period in heatPeriods {
            truth.append(Incident(
                household: nil, kind: .heatwave, onset: midnight(period.lowerBound), end: midnight(period.upperBound + 1)))
        }
        for outage in telecomOutages {
            truth.append(Incident(
                household: nil, kind: .outageTelecom, onset: Timestamp(unixSeconds: outage.start),
                end: Timestamp(unixSeconds: outage.end)))
        }
        for outage in powerOutages {
            truth.append(Incident(
                household: nil, kind: .outagePower, onset: Timestamp(unixSeconds: outage.start),
                end: Timestamp(unixSeconds: outage.end)))
        }
        incidents = truth.sorted { ($0.onset, $0.kind.rawValue) < ($1.onset, $1.kind.rawValue) }
    }

    /// Unix seconds of local midnight of the first simulated day.
    public var origin: Int64 { days.first?.midnight ?? 0 }
}

@inlinable
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
