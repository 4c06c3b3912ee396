import Anbu
import Foundation

/// Where the person is and what they are doing in one minute.
enum Activity: UInt8 {
    case asleep = 0
    case home = 1
    /// Out with the phone (errands, visits).
    case out = 2
    /// Out without the phone: it lies at home and counts nothing.
    case outWithoutPhone = 3
    /// An exercise walk or a commute on foot.
    case walking = 4
    /// At work or day care, with the phone.
    case work = 5
    /// Away from home overnight (a trip), asleep.
    case tripAsleep = 6
    /// Away from home overnight (a trip), awake, with the phone.
    case tripAwake = 7
    /// Collapsed at home.
    case collapsed = 8

    var phoneWithPerson: Bool { self == .out || self == .walking || self == .work || self == .tripAwake }
}

/// A load in the home: `[start, end)` in absolute minutes, drawing `watts`, optionally cycling on and off.
struct Load {
    enum Presence: UInt8 {
        /// Runs only while the person is awake at home (television, cooking, lights).
        case awake
        /// Runs while the person is at home, asleep or awake (air conditioner, heating mat).
        case inside
        /// Runs by itself once started (rice cooker, washing machine, a television left on).
        case unattended
    }

    var start: Int
    var end: Int
    var watts: Double
    var presence: Presence
    /// Cycle period in minutes (0 for a steady load); on for the first half of each period.
    var cycle: Int
}

/// A stretch of time in absolute minutes.
struct MinuteSpan {
    var start: Int
    var end: Int
    func contains(_ minute: Int) -> Bool { minute >= start && minute < end }
    func overlaps(_ other: MinuteSpan) -> Bool { start < other.end && other.start < end }
}

/// A trip away from home.
struct Trip {
    var span: MinuteSpan
    var announced: Bool
    var lightLeftOn: Bool
}

/// An illness: activity falls to `floor` over a few days, stays low, and recovers.
struct Illness {
    var startDay: Int
    var days: Int
    var floor: Double
    var span: MinuteSpan
}

/// Generates one household's data from its seed, minute by minute, one local day at a time.
struct HouseholdSimulator {
    let scenario: Scenario
    let calendar: DistrictCalendar
    let index: Int
    let id: HouseholdID
    let gridStart: Int64
    let gridEnd: Int64
    /// Days to emit (the calendar has one more, for painting the night after the last day).
    let dayCount: Int

    var random: SimulationRandom
    var traits: HouseholdTraits
    let origin: Int64

    // The plan.
    var collapseTarget: Int = .max
    var illnesses: [Illness] = []
    var withdrawalStart: Int = .max
    var withdrawalRampDays: Double = 1
    var withdrawalFloor: Double = 1
    var trips: [Trip] = []
    var holidayVisitors: Set<Int> = []
    var plugFaults: [MinuteSpan] = []
    var phoneFaults: [MinuteSpan] = []

    // Collapse, once it happens.
    var collapseMinute: Int = .max
    var batteryDeadMinute: Int = .max
    var lightsStuck = false

    // Rolling state.
    var painted: [Activity]
    var paintedUntil = 0
    var watts: [Float]
    var loads: [Load] = []
    var dayWake: [Int]
    var dayBed: [Int]
    var carriesPhone: [Bool]
    var pendingSteps = 0
    var accumulatedUntil = 0
    var walkingNow = false
    var readings: [(arrival: Int64, reading: SimulatedReading)] = []

    static let ringMinutes = 4320

    init(
        scenario: Scenario, calendar: DistrictCalendar, index: Int, id: HouseholdID, seed: UInt64, gridStart: Int64,
        gridEnd: Int64, dayCount: Int
    ) {
        self.scenario = scenario
        self.calendar = calendar
        self.index = index
        self.id = id
        self.gridStart = gridStart
        self.gridEnd = gridEnd
        self.dayCount = dayCount
        random = SimulationRandom(seed: seed, stream: UInt64(index))
        traits = HouseholdTraits(scenario: scenario, random: &random)
        origin = calendar.origin
        painted = [Activity](repeating: .asleep, count: Self.ringMinutes)
        watts = [Float](repeating: 0, count: 2880)
        dayWake = [Int](repeating: 0, count: dayCount + 1)
        dayBed = [Int](repeating: 0, count: dayCount + 1)
        carriesPhone = [Bool](repeating: false, count: dayCount + 1)
        paintedUntil = max(0, Int((traits.bed - 24) * 60))
        accumulatedUntil = 0
    }

    var persona: Persona { scenario.personas[traits.persona] }

    func seconds(_ minute: Int) -> Int64 { origin + Int64(minute) * 60 }
    func minute(_ second: Int64) -> Int { Int(floorDivide(second - origin, 60)) }

    // MARK: - Plan

    mutating func plan() {
        let rates = scenario.incidents
        let p = persona
        let perDay = 1.0 / 365.0
        var illnessAllowed = 0
        for day in 0..<dayCount {
            let info = calendar.days[day]
            let heat = info.isHeatwave ? rates.heatwaveRiskMultiplier : 1
            if collapseTarget == .max, random.chance(rates.collapsePerYear * p.collapseRisk * heat * perDay) {
                let hour = random.uniform(traits.wake + 0.5, min(traits.bed - 0.5, 23.5))
                collapseTarget = day * 1440 + Int(hour * 60)
            }
            if day >= illnessAllowed, random.chance(rates.illnessPerYear * p.illnessRisk * heat * perDay) {
                let length = max(2, Int(rates.illnessDays.draw(&random).rounded()))
                let floor = rates.illnessActivityFloor.draw(&random)
                let start = day * 1440 + Int(traits.wake * 60)
                illnesses.append(Illness(
                    startDay: day, days: length, floor: floor,
                    span: MinuteSpan(start: start, end: start + length * 1440)))
                illnessAllowed = day + length + 14
            }
            if withdrawalStart == .max, random.chance(rates.withdrawalPerYear * p.withdrawalRisk * perDay) {
                withdrawalStart = day
                withdrawalRampDays = max(7, rates.withdrawalWeeks.draw(&random) * 7)
                withdrawalFloor = rates.withdrawalFloor.draw(&random)
            }
            for announced in [false, true] {
                let rate = announced ? rates.announcedAbsencePerYear : rates.awayPerYear
                guard random.chance(rate * p.travelRisk * perDay) else { continue }
                let length = (announced ? rates.absenceDays : rates.awayDays).draw(&random, in: 0.3...60)
                let start = day * 1440 + Int(random.uniform(7, 15) * 60)
                addTrip(MinuteSpan(start: start, end: start + Int(length * 1440)), announced: announced)
            }
            // Family holidays: decide once, on the first day of each.
            if info.isFamilyHoliday, day == 0 || calendar.days[day - 1].familyHolidayIndex != info.familyHolidayIndex {
                var last = day
                while last + 1 < calendar.days.count, calendar.days[last + 1].familyHolidayIndex == info.familyHolidayIndex {
                    last += 1
                }
                let draw = random.uniform()
                if draw < p.holidayTravelProbability {
                    let leave = (day + random.integer(in: 0..<2)) * 1440 + Int(random.uniform(8, 15) * 60)
                    let back = max(leave + 600, (last - random.integer(in: 0..<2)) * 1440 + Int(random.uniform(13, 21) * 60))
                    addTrip(MinuteSpan(start: leave, end: back), announced: false)
                } else if draw < p.holidayTravelProbability + p.holidayVisitorsProbability {
                    holidayVisitors.insert(info.familyHolidayIndex)
                }
            }
            // Device faults.
            let devices = scenario.devices
            if traits.sources.contains(.power) {
                if random.chance(devices.unpluggedPerYear * perDay) {
                    let start = day * 1440 + random.integer(in: 0..<1440)
                    let length = devices.unpluggedDays.draw(&random, in: 0.1...60)
                    plugFaults.append(MinuteSpan(start: start, end: start + Int(length * 1440)))
                }
                if random.chance(devices.networkGapsPerYear * perDay) {
                    let start = day * 1440 + random.integer(in: 0..<1440)
                    let length = devices.networkGapHours.draw(&random, in: 0.5...72)
                    plugFaults.append(MinuteSpan(start: start, end: start + Int(length * 60)))
                }
            }
            if traits.sources.contains(.steps) || traits.sources.contains(.calls) {
                if random.chance(devices.phoneOffPerYear * perDay) {
                    let start = day * 1440 + random.integer(in: 0..<1440)
                    let length = devices.phoneOffHours.draw(&random, in: 0.5...240)
                    phoneFaults.append(MinuteSpan(start: start, end: start + Int(length * 60)))
                }
                if random.chance(traits.chargeLapsesPerMonth / 30) {
                    // The battery runs flat in the evening; the person notices and charges it the next morning.
                    let dies = day * 1440 + Int(random.uniform(17, 23.9) * 60)
                    let back = (day + 1) * 1440 + Int((traits.wake + random.uniform(0.3, 4)) * 60)
                    phoneFaults.append(MinuteSpan(start: dies, end: max(back, dies + 60)))
                }
            }
        }
        // A collapse happens at home: not during a trip; nothing is planned after it.
        if let trip = trips.first(where: { $0.span.contains(collapseTarget) }) {
            collapseTarget = trip.span.end + 120
        }
        if collapseTarget != .max {
            trips.removeAll { $0.span.end > collapseTarget }
            illnesses.removeAll { $0.span.start >= collapseTarget }
            plugFaults.removeAll { $0.end > collapseTarget }
            phoneFaults.removeAll { $0.end > collapseTarget }
        }
        plugFaults = Self.merged(plugFaults)
        phoneFaults = Self.merged(phoneFaults)
    }

    mutating func addTrip(_ span: MinuteSpan, announced: Bool) {
        guard !trips.contains(where: { $0.span.overlaps(MinuteSpan(start: span.start - 720, end: span.end + 720)) }),
            !illnesses.contains(where: { $0.span.overlaps(span) })
        else { return }
        trips.append(Trip(span: span, announced: announced, lightLeftOn: random.chance(0.15)))
        trips.sort { $0.span.start < $1.span.start }
    }

    static func merged(_ spans: [MinuteSpan]) -> [MinuteSpan] {
        var result: [MinuteSpan] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let last = result.last, span.start <= last.end {
                result[result.count - 1].end = max(last.end, span.end)
            } else {
                result.append(span)
            }
        }
        return result
    }

    func illnessFactor(day: Int) -> Double {
        for illness in illnesses where day >= illness.startDay && day < illness.startDay + illness.days {
            let into = Double(day - illness.startDay)
            let ramp = min(3, Double(illness.days) / 3)
            let recovery = Double(illness.days) * 0.3
            let depth = 1 - illness.floor
            if into < ramp { return 1 - depth * (into + 1) / (ramp + 1) }
            if into >= Double(illness.days) - recovery {
                return 1 - depth * (Double(illness.days) - into) / (recovery + 1)
            }
            return illness.floor
        }
        return 1
    }

    func withdrawalFactor(day: Int) -> Double {
        guard day >= withdrawalStart else { return 1 }
        return 1 - (1 - withdrawalFloor) * min(1, Double(day - withdrawalStart + 1) / withdrawalRampDays)
    }

    // MARK: - Painting one day's routine

    mutating func paint(at minute: Int, _ activity: Activity) {
        painted[minute % Self.ringMinutes] = activity
    }

    func activity(at minute: Int) -> Activity { painted[minute % Self.ringMinutes] }

    mutating func paint(_ span: MinuteSpan, _ activity: Activity, onlyOver: Activity? = nil) {
        guard span.end > span.start else { return }
        for minute in span.start..<span.end {
            if let onlyOver, self.activity(at: minute) != onlyOver { continue }
            paint(at: minute, activity)
        }
    }

    mutating func paintDay(_ day: Int) {
        let info = calendar.days[min(day, calendar.days.count - 1)]
        let base = day * 1440
        let health = illnessFactor(day: day)
        let social = withdrawalFactor(day: day)
        let dayOff = info.isDayOff
        let familyHoliday = info.isFamilyHoliday
        let visitors = familyHoliday && holidayVisitors.contains(info.familyHolidayIndex)
        let season = max(0.45, 1 - 0.025 * max(0, 4 - info.temperature) - 0.04 * max(0, info.temperature - 26))
        let heat = info.isHeatwave ? 0.6 : 1.0

        var wakeHour = traits.wake + (dayOff ? traits.weekendShift : 0) + 0.25 * (info.sunrise - 5.6)
        wakeHour += random.normal(mean: 0, sd: traits.jitter) + (1 - health) * 1.5
        var bedHour = traits.bed + (dayOff ? traits.weekendShift * 0.6 : 0) + random.normal(mean: 0, sd: traits.jitter)
        bedHour += (info.isHeatwave ? 0.4 : 0) - (1 - health) * 1.0
        var wake = base + Int(wakeHour * 60)
        wake = max(wake, paintedUntil + 180)
        var bed = base + Int(bedHour * 60)
        bed = min(max(bed, wake + 360), base + 2280)
        wake = min(wake, bed - 360)
        paint(MinuteSpan(start: paintedUntil, end: wake), .asleep)
        paint(MinuteSpan(start: wake, end: bed), .home)
        paintedUntil = bed
        if day <= dayCount {
            dayWake[day] = wake
            dayBed[day] = bed
            carriesPhone[day] = random.chance(traits.phoneCarriedAtHome)
        }
        let awake = MinuteSpan(start: wake + 20, end: bed - 30)
        func clip(_ span: MinuteSpan) -> MinuteSpan {
            MinuteSpan(start: max(span.start, awake.start), end: min(span.end, awake.end))
        }

        // Work or day care.
        let weekday = info.weekday
        if traits.workDays[weekday], !(info.isHoliday && traits.workOffOnHolidays), health > 0.7,
            random.chance(traits.workAttendance)
        {
            let start = base + Int((traits.workStart + random.normal(mean: 0, sd: traits.jitter * 0.3)) * 60)
            let late = dayOff ? 0 : (random.chance(0.15) ? random.uniform(0.5, 3) : 0)
            let length = Int((traits.workHours + late + random.normal(mean: 0, sd: 0.3)) * 60)
            let span = clip(MinuteSpan(start: start, end: start + length))
            paint(span, .work)
            let commute = Int(traits.commuteMinutes / 2)
            paint(MinuteSpan(start: span.start, end: min(span.end, span.start + commute)), .walking)
            paint(MinuteSpan(start: max(span.start, span.end - commute), end: span.end), .walking)
        }
        // The daily walk.
        if random.chance(traits.walkProbability * health * social.squareRoot() * season * heat) {
            let start = base + Int((traits.walkHour + random.normal(mean: 0, sd: traits.jitter * 0.5)) * 60)
            let length = Int(traits.walkMinutes * random.uniform(0.6, 1.3) * (0.5 + 0.5 * health))
            paint(clip(MinuteSpan(start: start, end: start + length)), .walking, onlyOver: .home)
        }
        // Errands and visits.
        var rate = (dayOff ? traits.weekendOutings : traits.outings) * health * social * season * heat
        if familyHoliday { rate *= visitors ? 0.5 : 0.7 }
        let count = random.poisson(mean: rate)
        for _ in 0..<count where awake.end - awake.start > 90 {
            let start = random.integer(in: awake.start..<(awake.end - 60))
            let length = Int(traits.outingMinutes.draw(&random, in: 10...600) * (0.6 + 0.4 * health))
            let span = clip(MinuteSpan(start: start, end: start + length))
            guard span.end > span.start, activity(at: span.start) == .home, activity(at: span.end - 1) == .home,
                activity(at: (span.start + span.end) / 2) == .home
            else { continue }
            let withPhone = !random.chance(traits.phoneLeftHomeWhenOut)
            paint(span, withPhone ? .out : .outWithoutPhone, onlyOver: .home)
        }
        // A nap.
        if random.chance(min(1, traits.napProbability * (2 - health))) {
            let start = base + Int(random.uniform(13, 15.5) * 60)
            if activity(at: start) == .home {
                let length = Int(traits.napMinutes * random.uniform(0.5, 1.5))
                paint(MinuteSpan(start: start, end: start + length), .asleep, onlyOver: .home)
            }
        }
        planLoads(day: day, info: info, wake: wake, bed: bed, health: health, visitors: visitors)
    }

    // MARK: - Appliances

    mutating func homeMinute(in span: MinuteSpan, tries: Int = 6) -> Int? {
        guard span.end > span.start else { return nil }
        for _ in 0..<tries {
            let minute = random.integer(in: span.start..<span.end)
            if activity(at: minute) == .home { return minute }
        }
        return nil
    }

    mutating func planLoads(day: Int, info: DistrictDay, wake: Int, bed: Int, health: Double, visitors: Bool) {
        let base = day * 1440
        let awake = MinuteSpan(start: wake, end: bed)
        let evening = MinuteSpan(start: max(wake, base + 18 * 60), end: bed)
        // Television, in sessions, mostly in the evening.
        var tv = traits.tvHours * random.uniform(0.6, 1.3) * (1 + 0.6 * (1 - health)) * (visitors ? 1.5 : 1)
        if info.isFamilyHoliday && !visitors { tv *= 1.3 }
        let sessions = 1 + random.poisson(mean: 1.5)
        for _ in 0..<sessions where tv > 0.05 {
            let length = Int(tv / Double(sessions) * 60 * random.uniform(0.7, 1.3))
            let window = random.chance(0.6) && evening.end > evening.start ? evening : awake
            if let start = homeMinute(in: window) {
                loads.append(Load(
                    start: start, end: start + length, watts: traits.tvWatts * random.uniform(0.9, 1.1),
                    presence: .awake, cycle: 0))
            }
        }
        // A computer or game console.
        if traits.computerHours > 0.1 {
            let length = Int(traits.computerHours * random.uniform(0.4, 1.6) * 60)
            if let start = homeMinute(in: random.chance(0.5) ? evening : awake) {
                loads.append(Load(
                    start: start, end: start + length, watts: traits.computerWatts * random.uniform(0.8, 1.2),
                    presence: .awake, cycle: 0))
            }
        }
        // Meals.
        let mealTimes = [wake + random.integer(in: 15..<50), base + 720 + random.integer(in: -40..<40),
            base + 1110 + random.integer(in: -50..<60)]
        for (meal, time) in mealTimes.enumerated() {
            guard time < bed, activity(at: time) == .home,
                random.chance(min(1, traits.meals / 3 * (0.5 + 0.5 * health) * (visitors ? 1.6 : 1)))
            else { continue }
            switch random.integer(in: 0..<4) {
            case 0 where meal != 0, 1:
                let cook = Int(random.uniform(25, 40))
                loads.append(Load(start: time, end: time + cook, watts: random.uniform(550, 750), presence: .unattended,
                    cycle: 0))
                if traits.keepsRiceWarm {
                    let warm = Int(random.uniform(3, 12) * 60)
                    loads.append(Load(start: time + cook, end: time + cook + warm, watts: random.uniform(30, 50),
                        presence: .unattended, cycle: 0))
                }
            case 2:
                loads.append(Load(start: time, end: time + Int(random.uniform(8, 25)), watts: random.uniform(900, 1600),
                    presence: .awake, cycle: 3))
            default:
                loads.append(Load(start: time, end: time + Int(random.uniform(2, 5)), watts: random.uniform(900, 1200),
                    presence: .awake, cycle: 0))
            }
            if random.chance(0.4) {
                let kettle = time + Int(random.uniform(0, 20))
                loads.append(Load(start: kettle, end: kettle + 3, watts: random.uniform(1500, 1800), presence: .awake,
                    cycle: 0))
            }
        }
        if visitors, let start = homeMinute(in: MinuteSpan(start: base + 660, end: base + 780)) {
            loads.append(Load(start: start, end: start + 60, watts: random.uniform(1200, 1800), presence: .awake,
                cycle: 4))
        }
        // Laundry about twice a week.
        if random.chance(2.0 / 7 * health), let start = homeMinute(in: awake) {
            loads.append(Load(start: start, end: start + Int(random.uniform(45, 75)), watts: random.uniform(250, 450),
                presence: .unattended, cycle: 9))
        }
        // Cooling and heating.
        if info.temperature >= 23.5, random.chance(min(1, traits.airConditionerUse * (info.isHeatwave ? 1.5 : 1))) {
            let start = max(wake, base + Int(random.uniform(11, 16) * 60))
            let end = info.isHeatwave && random.chance(0.5) ? bed + 180 : bed
            loads.append(Load(start: start, end: end, watts: random.uniform(450, 900), presence: .inside,
                cycle: Int(random.uniform(12, 25))))
        }
        if info.temperature <= 9, random.chance(traits.heatingMatUse) {
            loads.append(Load(start: bed - 30, end: bed + Int(random.uniform(5, 8) * 60),
                watts: random.uniform(80, 160), presence: .inside, cycle: Int(random.uniform(20, 40))))
        }
    }

    // MARK: - Emitting one day's readings

    mutating func emitDay(_ day: Int) {
        let info = calendar.days[day]
        let base = day * 1440
        let dayspan = MinuteSpan(start: base, end: base + 1440)
        let health = illnessFactor(day: day)
        var final = [Activity](repeating: .asleep, count: 1440)
        var phoneOn = [Bool](repeating: true, count: 1440)
        for fault in phoneFaults where fault.overlaps(dayspan) {
            for minute in max(fault.start, base)..<min(fault.end, base + 1440) { phoneOn[minute - base] = false }
        }
        // Where the person is, minute by minute: the painted routine, then trips, then a collapse.
        var tripLight = [Bool](repeating: false, count: 1440)
        for offset in 0..<1440 { final[offset] = activity(at: base + offset) }
        for trip in trips where trip.span.overlaps(dayspan) {
            for minute in max(trip.span.start, base)..<min(trip.span.end, base + 1440) {
                final[minute - base] = final[minute - base] == .asleep ? .tripAsleep : .tripAwake
                tripLight[minute - base] = trip.lightLeftOn
            }
        }
        if collapseMinute == .max, collapseTarget < base + 1440 {
            for offset in max(0, collapseTarget - base)..<1440 where final[offset] == .home {
                startCollapse(at: base + offset)
                break
            }
        }
        if collapseMinute < base + 1440 {
            for offset in max(0, collapseMinute - base)..<1440 { final[offset] = .collapsed }
        }
        if batteryDeadMinute < base + 1440 {
            for offset in max(0, batteryDeadMinute - base)..<1440 { phoneOn[offset] = false }
        }

        // Power: standby, the refrigerator's cycle, lights, then each load over its own minutes.
        var draw = [Double](repeating: 0, count: 1440)
        let fridgeDuty = min(0.9, traits.fridgeDuty + 0.008 * (info.temperature - 15))
        let period = traits.fridgePeriod
        func onTime(_ x: Double, _ onLength: Double) -> Double {
            let cycles = (x / period).rounded(.down)
            return cycles * onLength + min(x - cycles * period, onLength)
        }
        let lightsOnBefore = Int((info.sunrise + 0.4) * 60), lightsOnAfter = Int((info.sunset - 0.4) * 60)
        for offset in 0..<1440 {
            let now = final[offset]
            let t = Double(base + offset) + traits.fridgePhase
            let onLength = (fridgeDuty + (now == .home ? 0.04 : 0)) * period
            var watts = traits.standby * (1 + random.uniform(-0.015, 0.015))
            watts += (onTime(t + 1, onLength) - onTime(t, onLength)) * traits.fridgeWatts
            let dark = offset < lightsOnBefore || offset > lightsOnAfter
            if (now == .home && dark) || (now == .collapsed && lightsStuck) || tripLight[offset] {
                watts += traits.lightWatts
            }
            draw[offset] = watts
        }
        for outage in calendar.powerOutages where outage.neighbourhoods[traits.neighbourhood] {
            let restored = minute(outage.end)
            for m in max(restored, base)..<max(max(restored, base), min(restored + 45, base + 1440)) {
                draw[m - base] = traits.standby + traits.fridgeWatts
            }
        }
        loads.removeAll { $0.end <= base - 1440 }
        for load in loads where load.end > base && load.start < base + 1440 && switchedOn(load) {
            for m in max(load.start, base)..<min(load.end, base + 1440) {
                let now = final[m - base]
                switch load.presence {
                case .awake: guard now == .home else { continue }
                case .inside: guard now == .home || now == .asleep || now == .collapsed else { continue }
                case .unattended: guard now != .tripAsleep && now != .tripAwake else { continue }
                }
                if load.cycle > 0, ((m - load.start) / load.cycle) % 2 == 1 {
                    draw[m - base] += load.watts * 0.15
                } else {
                    draw[m - base] += load.watts * (1 + random.uniform(-0.05, 0.05))
                }
            }
        }
        for offset in 0..<1440 { watts[(base + offset) % 2880] = Float(max(0, draw[offset])) }
        emitSteps(day: day, final: final, phoneOn: phoneOn, health: health)
        emitPower(day: day)
        emitCalls(day: day, final: final, phoneOn: phoneOn, health: health)
    }

    /// Whether someone was there to switch `load` on. The day's loads are planned from the routine, so after a collapse
    /// the plan still holds laundry, cooking and the evening's heating; none of it starts without the person. A load that
    /// starts after the collapse runs only when it follows, end to start, an unattended load that started before it (a
    /// rice cooker's keep-warm after its cooking).
    func switchedOn(_ load: Load) -> Bool {
        guard load.start > collapseMinute else { return true }
        return load.presence == .unattended
            && loads.contains { $0.presence == .unattended && $0.end == load.start && $0.start <= collapseMinute }
    }

    mutating func startCollapse(at minute: Int) {
        collapseMinute = minute
        let rates = scenario.incidents
        batteryDeadMinute = minute + Int(rates.collapseBatteryHours.draw(&random) * 60)
        lightsStuck = random.chance(rates.collapseLightsStayOn)
        if let tv = loads.first(where: { $0.presence == .awake && $0.start <= minute && minute < $0.end && $0.cycle == 0
            && $0.watts < 1000 }), random.chance(rates.collapseTVStaysOn)
        {
            loads.append(Load(start: minute, end: minute + 240, watts: tv.watts, presence: .unattended, cycle: 0))
        }
        // Whatever needed the person stops now.
        for i in loads.indices where loads[i].presence != .unattended && loads[i].end > minute {
            loads[i].end = max(loads[i].start, minute)
        }
    }

    func inGrid(_ second: Int64) -> Bool { second >= gridStart && second < gridEnd }

    func telecomDown(_ second: Int64) -> Bool { calendar.telecomOutages.contains { $0.contains(second) } }

    mutating func deliver(_ reading: SimulatedReading, late: Bool = true) {
        var arrival = reading.time.unixMilliseconds
        if late, random.chance(scenario.devices.lateReport) {
            arrival += Int64(scenario.devices.lateMinutes.draw(&random, in: 1...1440) * 60_000)
        }
        readings.append((arrival, reading))
    }

    mutating func emitSteps(day: Int, final: [Activity], phoneOn: [Bool], health: Double) {
        let base = day * 1440
        let carried = carriesPhone[day]
        var counted = [Int32](repeating: 0, count: 1440)
        let shareOut = traits.walkingShareOut
        for offset in 0..<1440 where phoneOn[offset] {
            let now = final[offset]
            var steps = 0.0
            switch now {
            case .home where carried:
                let bursts = traits.homeStepsPerHour * (0.4 + 0.6 * health) / 12 / 60
                if random.chance(bursts) { steps = random.uniform(4, 22) }
            case .out, .work, .walking, .tripAwake:
                let share: Double
                switch now {
                case .walking: share = 0.9
                case .work: share = 0.08
                case .tripAwake: share = 0.22
                default: share = shareOut
                }
                let stay = 1.0 / 6
                let start = stay * share / max(0.05, 1 - share)
                walkingNow = walkingNow ? !random.chance(stay) : random.chance(min(1, start))
                if walkingNow {
                    steps = traits.cadence * random.uniform(0.7, 1.1) * (0.6 + 0.4 * health)
                } else if random.chance(0.3) {
                    steps = random.uniform(0, 12)
                }
            default:
                walkingNow = false
            }
            counted[offset] = Int32(steps.rounded())
        }
        guard traits.sources.contains(.steps) else { return }
        for hour in 0..<24 {
            let second = seconds(base) + Int64(hour) * 3600 + traits.reportSecond + Int64(random.integer(in: 0..<20))
            let upTo = min(base + 1440, minute(second))
            while accumulatedUntil < upTo {
                if accumulatedUntil >= base { pendingSteps += Int(counted[accumulatedUntil - base]) }
                accumulatedUntil += 1
            }
            let reportMinute = minute(second) - base
            guard reportMinute >= 0, reportMinute < 1440, phoneOn[reportMinute], !telecomDown(second) else { continue }
            if random.chance(scenario.devices.reportLoss) {
                pendingSteps = 0
                continue
            }
            if inGrid(second) {
                deliver(SimulatedReading(
                    time: Timestamp(unixSeconds: second), signal: .steps, value: Double(pendingSteps)))
            }
            pendingSteps = 0
        }
    }

    mutating func emitPower(day: Int) {
        guard traits.sources.contains(.power) else { return }
        let start = seconds(day * 1440)
        let end = start + 86_400
        let interval = traits.plugInterval
        var k = (start - origin - traits.plugPhase + interval - 1) / interval
        let outages = calendar.powerOutages.filter { $0.neighbourhoods[traits.neighbourhood] }
        while true {
            let second = origin + traits.plugPhase + k * interval
            k += 1
            guard second < end else { break }
            guard inGrid(second) else { continue }
            let m = minute(second)
            if plugFaults.contains(where: { $0.contains(m) }) || outages.contains(where: { $0.contains(second) }) {
                continue
            }
            if random.chance(scenario.devices.reportLoss) { continue }
            let first = max(0, minute(second - interval))
            var sum: Float = 0
            var count: Float = 0
            for w in first..<max(first + 1, m) {
                sum += watts[w % 2880]
                count += 1
            }
            let value = (Double(sum / count) * (1 + random.uniform(-0.006, 0.006)) * 10).rounded() / 10
            let time = Timestamp(unixSeconds: second + Int64(random.integer(in: 0..<4)))
            let reading = SimulatedReading(time: time, signal: .power, value: max(0, value))
            deliver(reading)
            if random.chance(scenario.devices.duplicateReport) { deliver(reading, late: false) }
        }
    }

    mutating func emitCalls(day: Int, final: [Activity], phoneOn: [Bool], health: Double) {
        guard traits.sources.contains(.calls) else { return }
        let info = calendar.days[day]
        let base = day * 1440
        let social = withdrawalFactor(day: day)
        struct Call {
            var minute: Int
            var incoming: Bool
            var family: Bool
            var attempt: Int
        }
        var calls: [Call] = []
        let holidayBoost = info.isFamilyHoliday ? 1.5 : 1
        for _ in 0..<random.poisson(mean: traits.callsIn * (0.5 + 0.5 * social) * holidayBoost) {
            calls.append(Call(minute: base + Int(random.uniform(8, 21.5) * 60), incoming: true, family: false,
                attempt: 0))
        }
        var familyChance = info.weekday == traits.familyWeekday
            ? min(1, traits.familyPerWeek) : max(0, traits.familyPerWeek - 1) / 6
        if info.isFamilyHoliday { familyChance = max(familyChance, 0.5) }
        if collapseMinute < base + 1440, collapseMinute != .max { familyChance = max(familyChance, 0.6) }
        if random.chance(familyChance) {
            let hour = traits.familyHour + random.normal(mean: 0, sd: 0.75)
            calls.append(Call(minute: base + Int(hour * 60), incoming: true, family: true, attempt: 0))
        }
        let wake = dayWake[day], bed = dayBed[day]
        for _ in 0..<random.poisson(mean: traits.callsOut * social * health.squareRoot() * holidayBoost)
        where bed - wake > 60 {
            calls.append(Call(minute: random.integer(in: wake..<(bed - 30)), incoming: false, family: false,
                attempt: 0))
        }
        calls.sort { $0.minute < $1.minute }
        var next = 0
        while next < calls.count {
            let call = calls[next]
            next += 1
            let m = call.minute
            let second = seconds(m) + Int64(random.integer(in: 0..<60))
            let offset = m - base
            let now: Activity
            let on: Bool
            if offset >= 0 && offset < 1440 {
                now = final[offset]
                on = phoneOn[offset]
            } else {
                now = m >= collapseMinute ? .collapsed : activity(at: m)
                on = m < batteryDeadMinute && !phoneFaults.contains { $0.contains(m) }
            }
            guard on, !telecomDown(second), inGrid(second) else { continue }
            let talkMedian = traits.talkMedian, talkLogSD = traits.talkLogSD
            let talk = { (random: inout SimulationRandom, family: Bool) -> Double in
                let median = talkMedian * (family ? 2.5 : 1) * (0.7 + 0.3 * health)
                return max(3, random.logNormal(median: median, logSD: talkLogSD).rounded())
            }
            if call.incoming {
                var answer: Double
                switch now {
                case .home: answer = carriesPhone[day] ? 0.95 : 0.85
                case .out, .walking, .tripAwake: answer = 0.9
                case .work: answer = 0.6
                default: answer = 0
                }
                answer *= (1 - traits.missedShare) * (0.4 + 0.6 * social)
                if call.family { answer = min(1, answer * 1.15) }
                if random.chance(answer) {
                    deliver(SimulatedReading(
                        time: Timestamp(unixSeconds: second), signal: .callIn, value: talk(&random, call.family)))
                } else {
                    deliver(SimulatedReading(time: Timestamp(unixSeconds: second), signal: .callMissed, value: 0))
                    if call.family, call.attempt < 3 {
                        let retry = Call(minute: m + Int(random.uniform(15, 50)), incoming: true, family: true,
                            attempt: call.attempt + 1)
                        let position = calls[next...].firstIndex { $0.minute > retry.minute } ?? calls.count
                        calls.insert(retry, at: position)
                    }
                }
            } else if now == .home || now.phoneWithPerson {
                deliver(SimulatedReading(time: Timestamp(unixSeconds: second), signal: .callOut, value: talk(&random, false)))
            }
        }
    }

    // MARK: - The whole household

    mutating func run() -> SimulatedHousehold {
        plan()
        paintDay(0)
        for day in 0..<dayCount {
            paintDay(day + 1)
            emitDay(day)
        }
        // Arrival order; readings that arrive in the same second keep the order they were made in.
        var keys = [UInt64](repeating: 0, count: readings.count)
        for (position, entry) in readings.enumerated() {
            let second = UInt64(max(0, (entry.arrival - origin * 1000) / 1000))
            keys[position] = second << 32 | UInt64(position)
        }
        keys.sort()
        let ordered = keys.map { readings[Int($0 & 0xFFFF_FFFF)].reading }
        return SimulatedHousehold(
            index: index,
            household: Household(
                id: id, timeZone: HouseholdTimeZone(parsing: scenario.timeZone) ?? .fixed(offsetSeconds: 0),
                sources: traits.sources),
            persona: persona.name, neighbourhood: traits.neighbourhood, readings: ordered,
            incidents: groundTruth(), absences: absences())
    }

    func clipped(_ kind: IncidentKind, _ span: MinuteSpan?, onset: Int, end: Int?) -> Incident? {
        let onsetSecond = max(seconds(onset), gridStart)
        let endSecond = end.map(seconds)
        if onsetSecond >= gridEnd { return nil }
        if let endSecond, endSecond <= gridStart { return nil }
        return Incident(
            household: id, kind: kind, onset: Timestamp(unixSeconds: onsetSecond),
            end: endSecond.flatMap { $0 >= gridEnd ? nil : Timestamp(unixSeconds: $0) })
    }

    func groundTruth() -> [Incident] {
        var list: [Incident?] = []
        if collapseMinute != .max { list.append(clipped(.collapse, nil, onset: collapseMinute, end: nil)) }
        for illness in illnesses {
            list.append(clipped(.illness, nil, onset: illness.span.start, end: min(illness.span.end, collapseMinute)))
        }
        if withdrawalStart != .max {
            list.append(clipped(.withdrawal, nil, onset: withdrawalStart * 1440, end: nil))
        }
        for trip in trips where !trip.announced {
            list.append(clipped(.away, nil, onset: trip.span.start, end: trip.span.end))
        }
        for fault in plugFaults { list.append(clipped(.devicePower, nil, onset: fault.start, end: fault.end)) }
        for fault in phoneFaults { list.append(clipped(.devicePhone, nil, onset: fault.start, end: fault.end)) }
        return list.compactMap { $0 }.sorted { ($0.onset, $0.kind.rawValue) < ($1.onset, $1.kind.rawValue) }
    }

    func absences() -> [Absence] {
        trips.filter(\.announced).compactMap { trip in
            let start = max(seconds(trip.span.start), gridStart)
            let end = min(seconds(trip.span.end), gridEnd)
            guard start < end else { return nil }
            return Absence(household: id, start: Timestamp(unixSeconds: start), end: Timestamp(unixSeconds: end))
        }
    }
}
