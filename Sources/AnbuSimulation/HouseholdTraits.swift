import Anbu
import Foundation

/// One household's own routine and devices, drawn once from its persona.
struct HouseholdTraits {
    var persona: Int
    var sources: SignalSources
    var neighbourhood: Int

    var wake: Double
    var bed: Double
    var weekendShift: Double
    var jitter: Double
    var napProbability: Double
    var napMinutes: Double

    var workDays: [Bool]
    var workAttendance: Double
    var workStart: Double
    var workHours: Double
    var commuteMinutes: Double
    var workOffOnHolidays: Bool

    var outings: Double
    var weekendOutings: Double
    var outingMinutes: Spread
    var walkProbability: Double
    var walkHour: Double
    var walkMinutes: Double
    var walkingShareOut: Double
    var cadence: Double
    var homeStepsPerHour: Double
    var phoneCarriedAtHome: Double
    var phoneLeftHomeWhenOut: Double

    var standby: Double
    var fridgeWatts: Double
    var fridgePeriod: Double
    var fridgeDuty: Double
    var fridgePhase: Double
    var tvHours: Double
    var tvWatts: Double
    var lightWatts: Double
    var meals: Double
    var keepsRiceWarm: Bool
    var computerHours: Double
    var computerWatts: Double
    var airConditionerUse: Double
    var heatingMatUse: Double

    var callsOut: Double
    var callsIn: Double
    var familyPerWeek: Double
    var familyWeekday: Int
    var familyHour: Double
    var missedShare: Double
    var talkMedian: Double
    var talkLogSD: Double
    var chargeLapsesPerMonth: Double

    var plugInterval: Int64
    var plugPhase: Int64
    var reportSecond: Int64

    init(scenario: Scenario, random: inout SimulationRandom) {
        persona = random.pick(weights: scenario.personas.map(\.weight))
        let p = scenario.personas[persona]
        let devices = scenario.devices
        var sources = SignalSources()
        if random.chance(devices.powerShare) { sources.insert(.power) }
        if random.chance(devices.stepsShare) { sources.insert(.steps) }
        if random.chance(devices.callsShare) { sources.insert(.calls) }
        if sources.isEmpty {
            let shares = [devices.powerShare, devices.stepsShare, devices.callsShare]
            sources = SignalSources(SignalSource.allCases[random.pick(weights: shares)])
        }
        self.sources = sources
        neighbourhood = random.integer(in: 0..<scenario.events.neighbourhoods)

        wake = p.wakeHour.draw(&random, in: 0...23.5)
        bed = max(wake + 10, p.bedHour.draw(&random, in: 12...36))
        weekendShift = p.weekendShiftHours * random.uniform(0.5, 1.5)
        jitter = p.dailyJitterHours * random.uniform(0.6, 1.4)
        napProbability = p.napProbability
        napMinutes = max(10, p.napMinutes.mean)

        var days = [Bool](repeating: false, count: 7)
        if let work = p.work {
            for day in work.days { days[day] = true }
            workAttendance = work.attendance
            workStart = work.startHour.draw(&random, in: 0...23.5)
            workHours = work.hours.draw(&random, in: 1...14)
            commuteMinutes = work.commuteWalkingMinutes.draw(&random, in: 0...180)
            workOffOnHolidays = work.offOnHolidays
        } else {
            workAttendance = 0
            workStart = 9
            workHours = 0
            commuteMinutes = 0
            workOffOnHolidays = true
        }
        workDays = days

        let sociability = random.logNormal(median: 1, logSD: 0.35)
        outings = p.outingsPerDay * random.logNormal(median: 1, logSD: 0.3)
        weekendOutings = p.weekendOutingsPerDay * random.logNormal(median: 1, logSD: 0.3)
        outingMinutes = p.outingMinutes
        walkProbability = min(1, max(0, p.walkProbability * random.uniform(0.7, 1.2)))
        walkHour = p.walkHour.draw(&random, in: 0...23)
        walkMinutes = p.walkMinutes.draw(&random, in: 5...300)
        walkingShareOut = min(0.95, max(0.02, p.walkingShareOut * random.uniform(0.7, 1.3)))
        cadence = p.cadence.draw(&random, in: 30...150)
        homeStepsPerHour = p.homeStepsPerHour.draw(&random, in: 0...3000)
        phoneCarriedAtHome = min(1, max(0, p.phoneCarriedAtHome + random.normal(mean: 0, sd: 0.1)))
        phoneLeftHomeWhenOut = min(1, max(0, p.phoneLeftHomeWhenOut + random.normal(mean: 0, sd: 0.05)))

        standby = p.standbyWatts.draw(&random, in: 2...2000)
        fridgeWatts = p.fridgeWatts.draw(&random, in: 0...1000)
        fridgePeriod = random.uniform(40, 70)
        fridgeDuty = random.uniform(0.28, 0.45)
        fridgePhase = random.uniform(0, 70)
        tvHours = p.tvHoursPerDay.draw(&random, in: 0...20)
        tvWatts = p.tvWatts.draw(&random, in: 20...1000)
        lightWatts = p.lightWatts.draw(&random, in: 5...1000)
        meals = p.mealsCookedPerDay * random.uniform(0.6, 1.3)
        keepsRiceWarm = random.chance(0.45)
        computerHours = p.computerHoursPerDay.draw(&random, in: 0...20)
        computerWatts = p.computerWatts.draw(&random, in: 10...2000)
        airConditionerUse = min(1, max(0, p.airConditionerUse * random.uniform(0.5, 1.4)))
        heatingMatUse = min(1, max(0, p.heatingMatUse * random.uniform(0.5, 1.4)))

        callsOut = p.callsOutPerDay * sociability
        callsIn = p.callsInPerDay * sociability
        familyPerWeek = p.familyCallsPerWeek * random.uniform(0.6, 1.4)
        familyWeekday = random.integer(in: 0..<7)
        familyHour = random.uniform(10, 20.5)
        missedShare = min(0.9, max(0, p.missedShare * random.uniform(0.6, 1.5)))
        talkMedian = p.talkMedianSeconds * random.logNormal(median: 1, logSD: 0.3)
        talkLogSD = p.talkLogSD
        chargeLapsesPerMonth = p.chargeLapsesPerMonth * random.logNormal(median: 1, logSD: 0.5)

        let interval = Int64(devices.plugIntervalSeconds[random.pick(weights: devices.plugIntervalWeights)])
        plugInterval = interval
        plugPhase = Int64(random.integer(in: 0..<Int(interval)))
        reportSecond = Int64(random.integer(in: 0..<3600))
    }
}
