import Anbu
import Foundation

/// A normal distribution given by its mean and standard deviation, used for every scenario parameter that varies.
///
/// A persona's `Spread` describes how households of that persona differ from one another; each household then draws
/// its own value once, and day-to-day jitter comes on top of it.
public struct Spread: Codable, Sendable, Hashable {
    /// The mean.
    public var mean: Double
    /// The standard deviation (≥ 0).
    public var sd: Double

    /// A spread.
    public init(_ mean: Double, _ sd: Double) {
        self.mean = mean
        self.sd = sd
    }

    /// One draw, clamped to `range`.
    func draw(_ random: inout SimulationRandom, in range: ClosedRange<Double> = -.infinity...(.infinity)) -> Double {
        min(max(random.normal(mean: mean, sd: sd), range.lowerBound), range.upperBound)
    }
}

/// A uniform range `[min, max]`.
public struct Span: Codable, Sendable, Hashable {
    /// The lower end.
    public var min: Double
    /// The upper end (≥ `min`).
    public var max: Double

    /// A range.
    public init(_ min: Double, _ max: Double) {
        self.min = min
        self.max = max
    }

    /// One uniform draw.
    func draw(_ random: inout SimulationRandom) -> Double { random.uniform(min, max) }
}

/// Working (or day-care) hours: the person is out of the home, with the phone, on scheduled days.
public struct WorkPattern: Codable, Sendable, Hashable {
    /// The scheduled weekdays, 0 = Monday … 6 = Sunday.
    public var days: [Int]
    /// The probability of going on a scheduled day (shift rotations, sick days, leave).
    public var attendance: Double
    /// Local hour of leaving home (households differ by this spread; each day adds the persona's jitter).
    public var startHour: Spread
    /// Hours away from home, commute included.
    public var hours: Spread
    /// Minutes of walking on the way there and back, together.
    public var commuteWalkingMinutes: Spread
    /// Whether public holidays are days off.
    public var offOnHolidays: Bool

    /// A work pattern.
    public init(
        days: [Int], attendance: Double, startHour: Spread, hours: Spread, commuteWalkingMinutes: Spread,
        offOnHolidays: Bool
    ) {
        self.days = days
        self.attendance = attendance
        self.startHour = startHour
        self.hours = hours
        self.commuteWalkingMinutes = commuteWalkingMinutes
        self.offOnHolidays = offOnHolidays
    }
}

/// One kind of person living alone, with the distributions from which each such household's own routine is drawn.
///
/// Hours are local clock hours; a bed hour above 24 means after midnight (25.5 is 01:30 the next day).
public struct Persona: Codable, Sendable, Hashable {
    /// A short name (`active_retiree`), written to `personas.csv`.
    public var name: String
    /// The relative share of households with this persona (> 0).
    public var weight: Double

    // Sleep.
    /// Local hour of waking on a working day or weekday.
    public var wakeHour: Spread
    /// Local hour of going to bed, on the clock of the day the person woke (may exceed 24).
    public var bedHour: Spread
    /// Hours added to waking and bed times on weekends and holidays.
    public var weekendShiftHours: Double
    /// Standard deviation of the day-to-day jitter of waking, bed and outing times, hours.
    public var dailyJitterHours: Double
    /// Probability of an afternoon nap on a day at home.
    public var napProbability: Double
    /// Length of a nap, minutes.
    public var napMinutes: Spread

    // Outings.
    /// Work or day care, if any.
    public var work: WorkPattern?
    /// Mean number of errands and visits out of the home on a weekday (Poisson).
    public var outingsPerDay: Double
    /// Mean number of outings on a weekend day or holiday.
    public var weekendOutingsPerDay: Double
    /// Length of an outing, minutes.
    public var outingMinutes: Spread
    /// Probability of a daily exercise walk.
    public var walkProbability: Double
    /// Local hour of the walk.
    public var walkHour: Spread
    /// Length of the walk, minutes.
    public var walkMinutes: Spread
    /// Share of minutes out of the home spent walking (in bursts).
    public var walkingShareOut: Double
    /// Steps per walking minute.
    public var cadence: Spread
    /// Steps per hour awake at home while the phone is carried.
    public var homeStepsPerHour: Spread
    /// Probability that the phone is on the person (so it counts steps) while they are at home.
    public var phoneCarriedAtHome: Double
    /// Probability that an outing is made without the phone (it stays home and counts nothing).
    public var phoneLeftHomeWhenOut: Double

    // Power.
    /// Standby draw of the home's electronics, watts.
    public var standbyWatts: Spread
    /// Refrigerator compressor draw while it runs, watts (it cycles with a 40–70 minute period).
    public var fridgeWatts: Spread
    /// Hours of television a day at home.
    public var tvHoursPerDay: Spread
    /// Television draw, watts.
    public var tvWatts: Spread
    /// Draw of the lights, watts, on while awake at home in the dark.
    public var lightWatts: Spread
    /// Meals cooked at home a day (rice cooker, induction, microwave, kettle).
    public var mealsCookedPerDay: Double
    /// Hours at a computer or game console a day.
    public var computerHoursPerDay: Spread
    /// Computer draw, watts.
    public var computerWatts: Spread
    /// Probability of running the air conditioner while at home on a hot afternoon.
    public var airConditionerUse: Double
    /// Probability of an electric heating mat at night on a cold night.
    public var heatingMatUse: Double

    // Calls.
    /// Mean outgoing calls a day.
    public var callsOutPerDay: Double
    /// Mean incoming calls a day from friends, services and unknown numbers.
    public var callsInPerDay: Double
    /// Mean family calls a week (incoming, at the family's usual weekday and hour; unanswered ones are retried).
    public var familyCallsPerWeek: Double
    /// Share of incoming calls the person lets ring even when able to answer.
    public var missedShare: Double
    /// Median talk time, seconds.
    public var talkMedianSeconds: Double
    /// Standard deviation of the logarithm of talk time.
    public var talkLogSD: Double

    // Phone care and risks.
    /// Times a month the person forgets to charge and the phone goes flat (a `device_phone` fault).
    public var chargeLapsesPerMonth: Double
    /// Multiplier on the district's collapse rate for this persona.
    public var collapseRisk: Double
    /// Multiplier on the district's illness rate.
    public var illnessRisk: Double
    /// Multiplier on the district's withdrawal rate.
    public var withdrawalRisk: Double
    /// Multiplier on the district's unannounced-away and announced-absence rates.
    public var travelRisk: Double
    /// Probability of travelling to family for Seollal or Chuseok (recorded as `away`).
    public var holidayTravelProbability: Double
    /// Probability of family visiting the home on Seollal or Chuseok (more activity, more power).
    public var holidayVisitorsProbability: Double
}

/// How often incidents happen to a household, and how they unfold. Rates are per household-year, before the
/// persona's multiplier; they are set far above real-life rates so a 90-day district has enough of each to measure.
public struct IncidentRates: Codable, Sendable, Hashable {
    /// Collapses per household-year.
    public var collapsePerYear: Double
    /// Illnesses per household-year.
    public var illnessPerYear: Double
    /// Withdrawals per household-year.
    public var withdrawalPerYear: Double
    /// Unannounced absences per household-year.
    public var awayPerYear: Double
    /// Announced absences (written to absences.csv) per household-year.
    public var announcedAbsencePerYear: Double
    /// Days an illness lasts, from the first decline to recovery.
    public var illnessDays: Spread
    /// Lowest level of activity during an illness (1 = as usual).
    public var illnessActivityFloor: Span
    /// Weeks over which a withdrawal reaches its lowest level.
    public var withdrawalWeeks: Spread
    /// Lowest level of calls and outings reached in a withdrawal.
    public var withdrawalFloor: Span
    /// Days of an unannounced absence.
    public var awayDays: Spread
    /// Days of an announced absence.
    public var absenceDays: Spread
    /// Hours the phone's battery lasts after a collapse (it keeps reporting 0 steps until then).
    public var collapseBatteryHours: Span
    /// Probability that the television stays on after a collapse (until its 4-hour auto-off).
    public var collapseTVStaysOn: Double
    /// Probability that the lights stay on after a collapse.
    public var collapseLightsStayOn: Double
    /// Multiplier on the collapse and illness rates on heat-wave days.
    public var heatwaveRiskMultiplier: Double
}

/// Which devices households have and how they report and fail.
public struct DeviceModel: Codable, Sendable, Hashable {
    /// Share of households with a smart plug (`power`).
    public var powerShare: Double
    /// Share of households whose phone reports steps.
    public var stepsShare: Double
    /// Share of households whose phone reports calls.
    public var callsShare: Double
    /// The plug reporting intervals to choose from, seconds (60…3600).
    public var plugIntervalSeconds: [Int]
    /// The relative weight of each reporting interval.
    public var plugIntervalWeights: [Double]
    /// Plug unplugged or broken, per household-year (`device_power`).
    public var unpluggedPerYear: Double
    /// Days a plug stays unplugged.
    public var unpluggedDays: Spread
    /// Home Wi-Fi gaps that silence the plug, per household-year (`device_power`).
    public var networkGapsPerYear: Double
    /// Hours of a Wi-Fi gap.
    public var networkGapHours: Spread
    /// Phone switched off for a while, per household-year (`device_phone`), on top of flat batteries.
    public var phoneOffPerYear: Double
    /// Hours a phone stays off.
    public var phoneOffHours: Spread
    /// Probability that one report is lost (no incident: a single missing sample).
    public var reportLoss: Double
    /// Probability that a power sample is delivered twice.
    public var duplicateReport: Double
    /// Probability that a report arrives late (it appears later in the file than reports taken after it).
    public var lateReport: Double
    /// Minutes of lateness.
    public var lateMinutes: Spread
}

/// The district-wide events and how often they come.
public struct DistrictEventModel: Codable, Sendable, Hashable {
    /// Whether to use the built-in table of Korean public holidays (Seollal and Chuseok with their bridging days,
    /// and the one-day holidays), 2020–2030.
    public var koreanHolidays: Bool
    /// Extra holidays, as `YYYY-MM-DD` local dates (single days; a family-visit holiday is a Seollal/Chuseok entry).
    public var extraHolidays: [String]
    /// Months (1–12) in which heat waves may come.
    public var heatwaveMonths: [Int]
    /// Days between the end of one heat wave and the start of the next.
    public var heatwaveGapDays: Span
    /// Days a heat wave lasts.
    public var heatwaveDays: Span
    /// Days between telecom outages.
    public var telecomOutageGapDays: Span
    /// Hours a telecom outage lasts.
    public var telecomOutageHours: Span
    /// Days between local power outages.
    public var powerOutageGapDays: Span
    /// Hours a power outage lasts.
    public var powerOutageHours: Span
    /// Number of neighbourhoods the district is divided into; a power outage cuts some of them.
    public var neighbourhoods: Int
    /// Share of neighbourhoods a power outage cuts.
    public var powerOutageShare: Span
}

/// Everything the simulator needs besides the size, the seed and the start: a district's people, devices, incidents
/// and events. Read from a JSON file (see `datasets/default-district.json` and docs/simulation.md) or use
/// ``Scenario/standard``.
public struct Scenario: Codable, Sendable, Hashable {
    /// The file format version; 1.
    public var version: Int
    /// A short description.
    public var description: String
    /// The default start, ISO 8601 with offset (`2025-07-14T00:00:00+09:00`); `anbu simulate --start` overrides it.
    public var start: String
    /// The households' time zone (`Asia/Seoul` or `+09:00`); routines are simulated at its offset at the start.
    public var timeZone: String
    /// The prefix of household identifiers (`hh` gives `hh000001`).
    public var householdPrefix: String
    /// The kinds of people, with their shares.
    public var personas: [Persona]
    /// Incident rates and shapes.
    public var incidents: IncidentRates
    /// Devices and their faults.
    public var devices: DeviceModel
    /// District-wide events.
    public var events: DistrictEventModel

    /// A scenario.
    public init(
        version: Int = 1, description: String, start: String, timeZone: String, householdPrefix: String,
        personas: [Persona], incidents: IncidentRates, devices: DeviceModel, events: DistrictEventModel
    ) {
        self.version = version
        self.description = description
        self.start = start
        self.timeZone = timeZone
        self.householdPrefix = householdPrefix
        self.personas = personas
        self.incidents = incidents
        self.devices = devices
        self.events = events
    }
}
