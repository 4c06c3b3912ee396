extension Scenario {
    /// The documented default district (`datasets/default-district.json`): a Seoul district of people living alone
    /// from mid-July, so that 90 days hold a summer heat wave, Liberation Day and Chuseok. See docs/simulation.md.
    public static let standard = Scenario(
        description: """
            Default Anbu district: one-person households in a Seoul district, seven personas, incident rates raised \
            far above real life so that 90 days of 2000 households hold every kind of incident and district event.
            """,
        start: "2025-07-14T00:00:00+09:00",
        timeZone: "Asia/Seoul",
        householdPrefix: "hh",
        personas: [
            .activeRetiree, .frailElder, .dayCareElder, .officeWorker, .nightShiftWorker, .irregularYoungAdult,
            .rarePhoner,
        ],
        incidents: IncidentRates(
            collapsePerYear: 0.12, illnessPerYear: 0.5, withdrawalPerYear: 0.15, awayPerYear: 2.0,
            announcedAbsencePerYear: 1.0, illnessDays: Spread(10, 4), illnessActivityFloor: Span(0.15, 0.5),
            withdrawalWeeks: Spread(4, 1.5), withdrawalFloor: Span(0.1, 0.4), awayDays: Spread(2.5, 1.5),
            absenceDays: Spread(4, 3), collapseBatteryHours: Span(4, 48), collapseTVStaysOn: 0.3,
            collapseLightsStayOn: 0.5, heatwaveRiskMultiplier: 2),
        devices: DeviceModel(
            powerShare: 0.9, stepsShare: 0.85, callsShare: 0.9, plugIntervalSeconds: [180, 300, 600, 900],
            plugIntervalWeights: [0.05, 0.3, 0.35, 0.3], unpluggedPerYear: 1.5, unpluggedDays: Spread(3, 2),
            networkGapsPerYear: 4, networkGapHours: Spread(3, 2), phoneOffPerYear: 4, phoneOffHours: Spread(8, 6),
            reportLoss: 0.005, duplicateReport: 0.005, lateReport: 0.01, lateMinutes: Spread(60, 60)),
        events: DistrictEventModel(
            koreanHolidays: true, extraHolidays: [], heatwaveMonths: [7, 8], heatwaveGapDays: Span(8, 25),
            heatwaveDays: Span(3, 10), telecomOutageGapDays: Span(20, 60), telecomOutageHours: Span(1, 6),
            powerOutageGapDays: Span(15, 45), powerOutageHours: Span(0.5, 4), neighbourhoods: 20,
            powerOutageShare: Span(0.05, 0.3))
    )
}

extension Persona {
    /// An early-rising retiree who walks every morning and runs errands.
    public static let activeRetiree = Persona(
        name: "active_retiree", weight: 0.20, wakeHour: Spread(5.5, 0.5), bedHour: Spread(21.8, 0.6),
        weekendShiftHours: 0.2, dailyJitterHours: 0.35, napProbability: 0.3, napMinutes: Spread(40, 15), work: nil,
        outingsPerDay: 1.3, weekendOutingsPerDay: 1.0, outingMinutes: Spread(80, 40), walkProbability: 0.85,
        walkHour: Spread(6.2, 0.6), walkMinutes: Spread(70, 20), walkingShareOut: 0.35, cadence: Spread(95, 10),
        homeStepsPerHour: Spread(250, 100), phoneCarriedAtHome: 0.35, phoneLeftHomeWhenOut: 0.08,
        standbyWatts: Spread(35, 10), fridgeWatts: Spread(110, 25), tvHoursPerDay: Spread(4, 1.5),
        tvWatts: Spread(110, 30), lightWatts: Spread(40, 15), mealsCookedPerDay: 2.5,
        computerHoursPerDay: Spread(0.2, 0.2), computerWatts: Spread(60, 20), airConditionerUse: 0.5,
        heatingMatUse: 0.7, callsOutPerDay: 1.5, callsInPerDay: 1.5, familyCallsPerWeek: 1.5, missedShare: 0.15,
        talkMedianSeconds: 75, talkLogSD: 0.9, chargeLapsesPerMonth: 0.3, collapseRisk: 1, illnessRisk: 1,
        withdrawalRisk: 0.8, travelRisk: 1.2, holidayTravelProbability: 0.35, holidayVisitorsProbability: 0.35)

    /// A frail elder who rarely leaves home, watches television most of the day and naps.
    public static let frailElder = Persona(
        name: "frail_elder", weight: 0.15, wakeHour: Spread(7, 0.8), bedHour: Spread(21, 0.8),
        weekendShiftHours: 0, dailyJitterHours: 0.6, napProbability: 0.7, napMinutes: Spread(70, 25), work: nil,
        outingsPerDay: 0.25, weekendOutingsPerDay: 0.15, outingMinutes: Spread(60, 30), walkProbability: 0.1,
        walkHour: Spread(10, 1), walkMinutes: Spread(20, 8), walkingShareOut: 0.3, cadence: Spread(60, 10),
        homeStepsPerHour: Spread(150, 80), phoneCarriedAtHome: 0.2, phoneLeftHomeWhenOut: 0.25,
        standbyWatts: Spread(30, 8), fridgeWatts: Spread(100, 25), tvHoursPerDay: Spread(8, 2.5),
        tvWatts: Spread(100, 25), lightWatts: Spread(35, 10), mealsCookedPerDay: 1.6,
        computerHoursPerDay: Spread(0, 0), computerWatts: Spread(50, 10), airConditionerUse: 0.35,
        heatingMatUse: 0.85, callsOutPerDay: 0.3, callsInPerDay: 1.0, familyCallsPerWeek: 2.5, missedShare: 0.25,
        talkMedianSeconds: 120, talkLogSD: 0.8, chargeLapsesPerMonth: 1.2, collapseRisk: 3, illnessRisk: 2,
        withdrawalRisk: 1.2, travelRisk: 0.4, holidayTravelProbability: 0.1, holidayVisitorsProbability: 0.5)

    /// An elder picked up for a day-care centre on weekdays.
    public static let dayCareElder = Persona(
        name: "day_care_elder", weight: 0.10, wakeHour: Spread(6.5, 0.5), bedHour: Spread(21.3, 0.6),
        weekendShiftHours: 0.3, dailyJitterHours: 0.4, napProbability: 0.4, napMinutes: Spread(50, 20),
        work: WorkPattern(
            days: [0, 1, 2, 3, 4], attendance: 0.9, startHour: Spread(8.8, 0.3), hours: Spread(8, 0.5),
            commuteWalkingMinutes: Spread(10, 5), offOnHolidays: true),
        outingsPerDay: 0.3, weekendOutingsPerDay: 0.6, outingMinutes: Spread(60, 30), walkProbability: 0.2,
        walkHour: Spread(17, 1), walkMinutes: Spread(30, 10), walkingShareOut: 0.3, cadence: Spread(65, 10),
        homeStepsPerHour: Spread(150, 60), phoneCarriedAtHome: 0.3, phoneLeftHomeWhenOut: 0.1,
        standbyWatts: Spread(30, 8), fridgeWatts: Spread(100, 25), tvHoursPerDay: Spread(5, 1.5),
        tvWatts: Spread(100, 25), lightWatts: Spread(35, 10), mealsCookedPerDay: 1.5,
        computerHoursPerDay: Spread(0, 0), computerWatts: Spread(50, 10), airConditionerUse: 0.4,
        heatingMatUse: 0.8, callsOutPerDay: 0.4, callsInPerDay: 0.8, familyCallsPerWeek: 2, missedShare: 0.2,
        talkMedianSeconds: 100, talkLogSD: 0.8, chargeLapsesPerMonth: 0.8, collapseRisk: 2, illnessRisk: 1.5,
        withdrawalRisk: 0.6, travelRisk: 0.5, holidayTravelProbability: 0.25, holidayVisitorsProbability: 0.45)

    /// An office worker: out ten hours on weekdays, late to bed, out more at weekends.
    public static let officeWorker = Persona(
        name: "office_worker", weight: 0.20, wakeHour: Spread(6.8, 0.5), bedHour: Spread(24, 0.7),
        weekendShiftHours: 1.5, dailyJitterHours: 0.4, napProbability: 0.1, napMinutes: Spread(60, 20),
        work: WorkPattern(
            days: [0, 1, 2, 3, 4], attendance: 0.95, startHour: Spread(7.9, 0.4), hours: Spread(10.5, 0.8),
            commuteWalkingMinutes: Spread(35, 15), offOnHolidays: true),
        outingsPerDay: 0.4, weekendOutingsPerDay: 1.5, outingMinutes: Spread(120, 60), walkProbability: 0.15,
        walkHour: Spread(19.5, 1), walkMinutes: Spread(40, 15), walkingShareOut: 0.25, cadence: Spread(105, 8),
        homeStepsPerHour: Spread(300, 100), phoneCarriedAtHome: 0.75, phoneLeftHomeWhenOut: 0.02,
        standbyWatts: Spread(45, 15), fridgeWatts: Spread(110, 25), tvHoursPerDay: Spread(1.5, 1),
        tvWatts: Spread(120, 30), lightWatts: Spread(50, 15), mealsCookedPerDay: 0.8,
        computerHoursPerDay: Spread(2, 1), computerWatts: Spread(120, 40), airConditionerUse: 0.7,
        heatingMatUse: 0.4, callsOutPerDay: 2, callsInPerDay: 2, familyCallsPerWeek: 1, missedShare: 0.25,
        talkMedianSeconds: 60, talkLogSD: 1.0, chargeLapsesPerMonth: 0.2, collapseRisk: 0.2, illnessRisk: 0.8,
        withdrawalRisk: 0.8, travelRisk: 1.5, holidayTravelProbability: 0.6, holidayVisitorsProbability: 0.05)

    /// A night-shift worker: out 21:30–07:30 on shift nights, asleep in the day.
    public static let nightShiftWorker = Persona(
        name: "night_shift_worker", weight: 0.07, wakeHour: Spread(14.5, 0.8), bedHour: Spread(32, 0.8),
        weekendShiftHours: 0, dailyJitterHours: 0.6, napProbability: 0.1, napMinutes: Spread(60, 20),
        work: WorkPattern(
            days: [0, 1, 2, 3, 4, 5], attendance: 0.7, startHour: Spread(21.5, 0.3), hours: Spread(10, 0.5),
            commuteWalkingMinutes: Spread(25, 10), offOnHolidays: false),
        outingsPerDay: 0.8, weekendOutingsPerDay: 1.0, outingMinutes: Spread(90, 45), walkProbability: 0.1,
        walkHour: Spread(17, 1), walkMinutes: Spread(30, 10), walkingShareOut: 0.3, cadence: Spread(100, 10),
        homeStepsPerHour: Spread(250, 100), phoneCarriedAtHome: 0.7, phoneLeftHomeWhenOut: 0.03,
        standbyWatts: Spread(40, 12), fridgeWatts: Spread(110, 25), tvHoursPerDay: Spread(2.5, 1.2),
        tvWatts: Spread(110, 30), lightWatts: Spread(45, 15), mealsCookedPerDay: 1.2,
        computerHoursPerDay: Spread(1.5, 1), computerWatts: Spread(110, 40), airConditionerUse: 0.6,
        heatingMatUse: 0.3, callsOutPerDay: 1, callsInPerDay: 1.2, familyCallsPerWeek: 0.8, missedShare: 0.35,
        talkMedianSeconds: 70, talkLogSD: 1.0, chargeLapsesPerMonth: 0.4, collapseRisk: 0.3, illnessRisk: 1,
        withdrawalRisk: 1, travelRisk: 1, holidayTravelProbability: 0.4, holidayVisitorsProbability: 0.05)

    /// A young adult without fixed hours: late nights, long outings, hours at a computer.
    public static let irregularYoungAdult = Persona(
        name: "irregular_young_adult", weight: 0.15, wakeHour: Spread(10, 1.5), bedHour: Spread(26.5, 1),
        weekendShiftHours: 1, dailyJitterHours: 1.5, napProbability: 0.15, napMinutes: Spread(60, 30), work: nil,
        outingsPerDay: 1.2, weekendOutingsPerDay: 1.3, outingMinutes: Spread(150, 90), walkProbability: 0.05,
        walkHour: Spread(18, 2), walkMinutes: Spread(30, 10), walkingShareOut: 0.3, cadence: Spread(105, 8),
        homeStepsPerHour: Spread(200, 100), phoneCarriedAtHome: 0.8, phoneLeftHomeWhenOut: 0.02,
        standbyWatts: Spread(50, 20), fridgeWatts: Spread(100, 25), tvHoursPerDay: Spread(1.5, 1),
        tvWatts: Spread(110, 30), lightWatts: Spread(50, 15), mealsCookedPerDay: 0.6,
        computerHoursPerDay: Spread(5, 2), computerWatts: Spread(150, 50), airConditionerUse: 0.75,
        heatingMatUse: 0.3, callsOutPerDay: 0.8, callsInPerDay: 0.8, familyCallsPerWeek: 0.5, missedShare: 0.35,
        talkMedianSeconds: 90, talkLogSD: 1.1, chargeLapsesPerMonth: 0.6, collapseRisk: 0.2, illnessRisk: 0.8,
        withdrawalRisk: 1.5, travelRisk: 1.2, holidayTravelProbability: 0.4, holidayVisitorsProbability: 0.05)

    /// An elder who almost never phones and mostly leaves the phone at home.
    public static let rarePhoner = Persona(
        name: "rare_phoner", weight: 0.13, wakeHour: Spread(6.5, 0.8), bedHour: Spread(21.5, 0.8),
        weekendShiftHours: 0, dailyJitterHours: 0.5, napProbability: 0.5, napMinutes: Spread(50, 20), work: nil,
        outingsPerDay: 0.7, weekendOutingsPerDay: 0.6, outingMinutes: Spread(70, 40), walkProbability: 0.4,
        walkHour: Spread(7, 1), walkMinutes: Spread(45, 15), walkingShareOut: 0.3, cadence: Spread(75, 10),
        homeStepsPerHour: Spread(100, 50), phoneCarriedAtHome: 0.1, phoneLeftHomeWhenOut: 0.45,
        standbyWatts: Spread(30, 8), fridgeWatts: Spread(100, 25), tvHoursPerDay: Spread(6, 2),
        tvWatts: Spread(100, 25), lightWatts: Spread(35, 10), mealsCookedPerDay: 2,
        computerHoursPerDay: Spread(0, 0), computerWatts: Spread(50, 10), airConditionerUse: 0.3,
        heatingMatUse: 0.8, callsOutPerDay: 0.05, callsInPerDay: 0.2, familyCallsPerWeek: 0.4, missedShare: 0.4,
        talkMedianSeconds: 60, talkLogSD: 0.8, chargeLapsesPerMonth: 1, collapseRisk: 1.5, illnessRisk: 1.5,
        withdrawalRisk: 1, travelRisk: 0.5, holidayTravelProbability: 0.15, holidayVisitorsProbability: 0.3)
}
