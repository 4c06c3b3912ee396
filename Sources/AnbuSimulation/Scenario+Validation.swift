import Anbu
import Foundation

extension Scenario {
    /// Checks every parameter's range and the consistency between parameters.
    ///
    /// - Throws: ``ScenarioError/invalidValue(file:path:value:requirement:line:column:)`` for the first problem, with
    ///   the parameter's path (the file and position are filled in by ``decode(_:file:)``).
    public func validate() throws(ScenarioError) {
        var check = ScenarioCheck()
        check.require(version == 1, "version", version, "must be 1 (the only scenario format so far)")
        check.require(Self.parseStart(start) != nil, "start", start, "must be an ISO 8601 time with an offset")
        check.require(
            HouseholdTimeZone(parsing: timeZone) != nil, "timeZone", timeZone,
            "must be an IANA time-zone name or an offset like +09:00")
        check.require(
            !householdPrefix.isEmpty && householdPrefix.count <= 40 && HouseholdID(householdPrefix) != nil,
            "householdPrefix", householdPrefix, "must be 1–40 characters of A-Z a-z 0-9 _ . -")
        check.require(!personas.isEmpty, "personas", "[]", "must list at least one persona")
        var names = Set<String>()
        for (index, persona) in personas.enumerated() {
            persona.validate(at: "personas[\(index)]", into: &check)
            check.require(names.insert(persona.name).inserted, "personas[\(index)].name", persona.name, "is used twice")
        }
        incidents.validate(into: &check)
        devices.validate(into: &check)
        events.validate(into: &check)
        if let problem = check.problem { throw problem }
    }

    /// The start time of a scenario or of `--start`, in Unix seconds; `nil` if not ISO 8601 with an offset or Unix
    /// seconds.
    public static func parseStart(_ text: String) -> Int64? {
        if let seconds = Int64(text) { return seconds }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970.rounded(.down)) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970.rounded(.down)) }
        return nil
    }
}

/// Collects the first failed requirement.
struct ScenarioCheck {
    var problem: ScenarioError?

    mutating func require(_ condition: Bool, _ path: String, _ value: Any, _ requirement: String) {
        guard !condition, problem == nil else { return }
        problem = .invalidValue(
            file: "", path: path, value: "\(value)", requirement: requirement, line: nil, column: nil)
    }

    mutating func probability(_ value: Double, _ path: String) {
        require(value >= 0 && value <= 1, path, value, "must be a probability in [0, 1]")
    }

    mutating func nonNegative(_ value: Double, _ path: String) {
        require(value >= 0 && value.isFinite, path, value, "must be a finite number ≥ 0")
    }

    mutating func spread(_ value: Spread, _ path: String, mean range: ClosedRange<Double>) {
        require(
            range.contains(value.mean), path + ".mean", value.mean,
            "must lie in \(range.lowerBound)…\(range.upperBound)")
        require(value.sd >= 0 && value.sd.isFinite, path + ".sd", value.sd, "must be a finite number ≥ 0")
    }

    mutating func span(_ value: Span, _ path: String, within range: ClosedRange<Double>) {
        require(
            range.contains(value.min), path + ".min", value.min, "must lie in \(range.lowerBound)…\(range.upperBound)")
        require(
            range.contains(value.max), path + ".max", value.max, "must lie in \(range.lowerBound)…\(range.upperBound)")
        require(value.min <= value.max, path + ".max", value.max, "must be ≥ min (\(value.min))")
    }
}

extension Persona {
    func validate(at path: String, into check: inout ScenarioCheck) {
        check.require(!name.isEmpty && HouseholdID(name) != nil, path + ".name", name, "must be 1–64 of A-Z a-z 0-9 _ . -")
        check.require(weight > 0 && weight.isFinite, path + ".weight", weight, "must be > 0")
        check.spread(wakeHour, path + ".wakeHour", mean: 0...23.99)
        check.spread(bedHour, path + ".bedHour", mean: 12...36)
        check.require(
            bedHour.mean - wakeHour.mean >= 8 && bedHour.mean - wakeHour.mean <= 20, path + ".bedHour.mean",
            bedHour.mean, "must be 8–20 hours after wakeHour.mean (\(wakeHour.mean))")
        check.require(abs(weekendShiftHours) <= 4, path + ".weekendShiftHours", weekendShiftHours, "must lie in -4…4")
        check.require(
            dailyJitterHours >= 0 && dailyJitterHours <= 3, path + ".dailyJitterHours", dailyJitterHours,
            "must lie in 0…3")
        check.probability(napProbability, path + ".napProbability")
        check.spread(napMinutes, path + ".napMinutes", mean: 0...240)
        if let work {
            let at = path + ".work"
            check.require(
                !work.days.isEmpty && work.days.allSatisfy { (0...6).contains($0) }, at + ".days", work.days,
                "must list weekdays 0 (Monday) … 6 (Sunday)")
            check.probability(work.attendance, at + ".attendance")
            check.spread(work.startHour, at + ".startHour", mean: 0...23.99)
            check.spread(work.hours, at + ".hours", mean: 1...14)
            check.spread(work.commuteWalkingMinutes, at + ".commuteWalkingMinutes", mean: 0...180)
        }
        check.nonNegative(outingsPerDay, path + ".outingsPerDay")
        check.nonNegative(weekendOutingsPerDay, path + ".weekendOutingsPerDay")
        check.spread(outingMinutes, path + ".outingMinutes", mean: 5...600)
        check.probability(walkProbability, path + ".walkProbability")
        check.spread(walkHour, path + ".walkHour", mean: 0...23.99)
        check.spread(walkMinutes, path + ".walkMinutes", mean: 0...300)
        check.probability(walkingShareOut, path + ".walkingShareOut")
        check.spread(cadence, path + ".cadence", mean: 20...160)
        check.spread(homeStepsPerHour, path + ".homeStepsPerHour", mean: 0...3000)
        check.probability(phoneCarriedAtHome, path + ".phoneCarriedAtHome")
        check.probability(phoneLeftHomeWhenOut, path + ".phoneLeftHomeWhenOut")
        check.spread(standbyWatts, path + ".standbyWatts", mean: 0...2000)
        check.spread(fridgeWatts, path + ".fridgeWatts", mean: 0...1000)
        check.spread(tvHoursPerDay, path + ".tvHoursPerDay", mean: 0...20)
        check.spread(tvWatts, path + ".tvWatts", mean: 0...1000)
        check.spread(lightWatts, path + ".lightWatts", mean: 0...1000)
        check.require(
            mealsCookedPerDay >= 0 && mealsCookedPerDay <= 4, path + ".mealsCookedPerDay", mealsCookedPerDay,
            "must lie in 0…4")
        check.spread(computerHoursPerDay, path + ".computerHoursPerDay", mean: 0...20)
        check.spread(computerWatts, path + ".computerWatts", mean: 0...2000)
        check.probability(airConditionerUse, path + ".airConditionerUse")
        check.probability(heatingMatUse, path + ".heatingMatUse")
        check.nonNegative(callsOutPerDay, path + ".callsOutPerDay")
        check.nonNegative(callsInPerDay, path + ".callsInPerDay")
        check.require(
            familyCallsPerWeek >= 0 && familyCallsPerWeek <= 14, path + ".familyCallsPerWeek", familyCallsPerWeek,
            "must lie in 0…14")
        check.probability(missedShare, path + ".missedShare")
        check.require(
            talkMedianSeconds >= 1 && talkMedianSeconds <= 7200, path + ".talkMedianSeconds", talkMedianSeconds,
            "must lie in 1…7200")
        check.require(talkLogSD >= 0 && talkLogSD <= 3, path + ".talkLogSD", talkLogSD, "must lie in 0…3")
        check.nonNegative(chargeLapsesPerMonth, path + ".chargeLapsesPerMonth")
        check.nonNegative(collapseRisk, path + ".collapseRisk")
        check.nonNegative(illnessRisk, path + ".illnessRisk")
        check.nonNegative(withdrawalRisk, path + ".withdrawalRisk")
        check.nonNegative(travelRisk, path + ".travelRisk")
        check.probability(holidayTravelProbability, path + ".holidayTravelProbability")
        check.probability(holidayVisitorsProbability, path + ".holidayVisitorsProbability")
        check.require(
            holidayTravelProbability + holidayVisitorsProbability <= 1, path + ".holidayVisitorsProbability",
            holidayVisitorsProbability, "plus holidayTravelProbability must not exceed 1")
    }
}

extension IncidentRates {
    func validate(into check: inout ScenarioCheck) {
        let path = "incidents"
        check.nonNegative(collapsePerYear, path + ".collapsePerYear")
        check.nonNegative(illnessPerYear, path + ".illnessPerYear")
        check.nonNegative(withdrawalPerYear, path + ".withdrawalPerYear")
        check.nonNegative(awayPerYear, path + ".awayPerYear")
        check.nonNegative(announcedAbsencePerYear, path + ".announcedAbsencePerYear")
        check.spread(illnessDays, path + ".illnessDays", mean: 1...90)
        check.span(illnessActivityFloor, path + ".illnessActivityFloor", within: 0...1)
        check.spread(withdrawalWeeks, path + ".withdrawalWeeks", mean: 1...26)
        check.span(withdrawalFloor, path + ".withdrawalFloor", within: 0...1)
        check.spread(awayDays, path + ".awayDays", mean: 0.25...60)
        check.spread(absenceDays, path + ".absenceDays", mean: 0.25...60)
        check.span(collapseBatteryHours, path + ".collapseBatteryHours", within: 0...240)
        check.probability(collapseTVStaysOn, path + ".collapseTVStaysOn")
        check.probability(collapseLightsStayOn, path + ".collapseLightsStayOn")
        check.require(
            heatwaveRiskMultiplier >= 0 && heatwaveRiskMultiplier <= 20, path + ".heatwaveRiskMultiplier",
            heatwaveRiskMultiplier, "must lie in 0…20")
    }
}

extension DeviceModel {
    func validate(into check: inout ScenarioCheck) {
        let path = "devices"
        check.probability(powerShare, path + ".powerShare")
        check.probability(stepsShare, path + ".stepsShare")
        check.probability(callsShare, path + ".callsShare")
        check.require(
            powerShare + stepsShare + callsShare > 0, path + ".callsShare", callsShare,
            "at least one of powerShare, stepsShare, callsShare must be > 0")
        check.require(
            !plugIntervalSeconds.isEmpty && plugIntervalSeconds.allSatisfy { (60...3600).contains($0) },
            path + ".plugIntervalSeconds", plugIntervalSeconds, "must list intervals of 60…3600 seconds")
        check.require(
            plugIntervalWeights.count == plugIntervalSeconds.count, path + ".plugIntervalWeights",
            plugIntervalWeights, "must have one weight per interval (\(plugIntervalSeconds.count))")
        check.require(
            plugIntervalWeights.allSatisfy { $0 >= 0 } && plugIntervalWeights.contains { $0 > 0 },
            path + ".plugIntervalWeights", plugIntervalWeights, "must be ≥ 0 and not all 0")
        check.nonNegative(unpluggedPerYear, path + ".unpluggedPerYear")
        check.spread(unpluggedDays, path + ".unpluggedDays", mean: 0.1...60)
        check.nonNegative(networkGapsPerYear, path + ".networkGapsPerYear")
        check.spread(networkGapHours, path + ".networkGapHours", mean: 0.5...72)
        check.nonNegative(phoneOffPerYear, path + ".phoneOffPerYear")
        check.spread(phoneOffHours, path + ".phoneOffHours", mean: 0.5...240)
        check.probability(reportLoss, path + ".reportLoss")
        check.probability(duplicateReport, path + ".duplicateReport")
        check.probability(lateReport, path + ".lateReport")
        check.spread(lateMinutes, path + ".lateMinutes", mean: 0...1440)
    }
}

extension DistrictEventModel {
    func validate(into check: inout ScenarioCheck) {
        let path = "events"
        for (index, day) in extraHolidays.enumerated() {
            check.require(
                LocalDate(parsing: day) != nil, path + ".extraHolidays[\(index)]", day, "must be a date YYYY-MM-DD")
        }
        check.require(
            heatwaveMonths.allSatisfy { (1...12).contains($0) }, path + ".heatwaveMonths", heatwaveMonths,
            "must list months 1…12")
        check.span(heatwaveGapDays, path + ".heatwaveGapDays", within: 1...3650)
        check.span(heatwaveDays, path + ".heatwaveDays", within: 1...60)
        check.span(telecomOutageGapDays, path + ".telecomOutageGapDays", within: 1...3650)
        check.span(telecomOutageHours, path + ".telecomOutageHours", within: 0.1...72)
        check.span(powerOutageGapDays, path + ".powerOutageGapDays", within: 1...3650)
        check.span(powerOutageHours, path + ".powerOutageHours", within: 0.1...72)
        check.require(
            (1...10_000).contains(neighbourhoods), path + ".neighbourhoods", neighbourhoods, "must lie in 1…10000")
        check.span(powerOutageShare, path + ".powerOutageShare", within: 0...1)
    }
}
