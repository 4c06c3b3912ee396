public import Anbu

/// Scores alert events against one district's ground truth.
///
/// Build it once per district (it checks and indexes the households, spans, incidents and absences), then call
/// ``score(_:detector:)`` for each detector or policy: a sweep pays the indexing once.
///
/// ```swift
/// let scorer = try Scorer(district: district, incidents: incidents, absences: absences)
/// let engine = try scorer.score(engineEvents, detector: "engine")
/// let rules = try ReferenceRule.allCases.map { try scorer.score($0.alerts(for: district), detector: $0.rawValue) }
/// print(ReportTable.comparison([engine] + rules))
/// ```
///
/// `Scorer` is an immutable value and `Sendable`: several threads may score with one scorer at once.
///
/// **Chance recall.** An engine that opens many alerts finds illnesses and withdrawals by chance: an alert that lands
/// anywhere in a 21-day window counts. So every score also carries ``IncidentScore/chanceRecall``: the same detection
/// rule applied to pseudo-incidents placed where nothing happened. Each household with a data span gets one of each
/// kind every ``chanceSpacingDays`` days, from its span's start plus a phase of its own (the fractional part of its
/// row × the golden ratio, in spacings, so that onsets fall at every hour of the day across the district), whose whole
/// window `[onset, onset + horizon]` lies in the span and meets no window of the household's own person-risk
/// incidents. Recall well above chance is detection; recall near it is alerts at random times.
public struct Scorer: Sendable {
    /// The person-risk kinds scored, in report order.
    public static let scoredKinds: [IncidentKind] = [.collapse, .illness, .withdrawal]
    /// Days between a household's pseudo-incidents of one kind, for chance recall.
    public static let chanceSpacingDays = 7.0

    /// The households, in the order given.
    public let households: [Household]
    /// The rules scoring uses.
    public let rules: ScoringRules
    /// The time zone whose calendar days the daily counts use.
    public let calendarTimeZone: HouseholdTimeZone
    /// The sum of the households' data spans, days.
    public let householdDays: Double

    struct ScoredIncident: Sendable {
        var kind: Int
        var onset: Int64
        /// The last instant at which a detection still counts: onset + horizon, cut at end + grace.
        var deadline: Int64
    }

    let rows: [HouseholdID: Int]
    let days: [Double]
    /// Each household's data span, ms (`Int64.max ..< Int64.min` without one).
    let spanStart: [Int64]
    let spanEnd: [Int64]
    /// Person-risk incidents with onset in the household's span, per household, ascending onset.
    let scoredIncidents: [[ScoredIncident]]
    let unscoredIncidents: Int
    /// Per household, closed windows `[onset − grace, end + grace]` of its person-risk incidents, away spells and
    /// device faults; its announced absences as half-open `[start, end)`.
    let personRisk: [IntervalSet]
    let away: [IntervalSet]
    let deviceFault: [IntervalSet]
    let absences: [IntervalSet]
    /// District-wide events, closed windows with the same grace.
    let districtEvents: IntervalSet
    /// The calendar days covered by the spans, if any.
    let spanDays: ClosedRange<CalendarDay>?
    /// The sets of devices the households have, the most households first, then by the set's bits (the order of
    /// ``EvaluationReport/incidentsBySources``).
    let sourceSets: [SignalSources]

    /// A scorer for one district.
    ///
    /// - Parameters:
    ///   - households: the district's households (households.csv).
    ///   - spans: each household's data span; a household without one counts 0 household-days and its incidents are
    ///     not scored.
    ///   - incidents: ground truth (incidents.csv); district-wide kinds have no household.
    ///   - absences: announced absences (absences.csv).
    ///   - calendarTimeZone: the zone for calendar days (busiest day); the first household's zone when `nil`, and
    ///     `+09:00` when there are no households.
    ///   - rules: the scoring windows and bootstrap settings.
    /// - Throws: ``EvaluationError`` for a duplicate household, an unknown or missing household, a district event
    ///   with a household, or an incident or absence ending before it starts.
    /// - Complexity: O(h + n log n) for h households and n incidents and absences.
    public init(
        households: [Household], spans: [HouseholdID: DataSpan], incidents: [Incident], absences: [Absence],
        calendarTimeZone: HouseholdTimeZone? = nil, rules: ScoringRules = ScoringRules()
    ) throws(EvaluationError) {
        var rows: [HouseholdID: Int] = [:]
        rows.reserveCapacity(households.count)
        for (index, household) in households.enumerated() {
            guard rows.updateValue(index, forKey: household.id) == nil else {
                throw .duplicateHousehold(household.id, at: .household(index: index))
            }
        }
        for id in spans.keys.sorted() where rows[id] == nil {
            throw .unknownHousehold(id, at: .span(id))
        }
        let n = households.count
        self.households = households
        self.rules = rules
        self.calendarTimeZone = calendarTimeZone ?? households.first?.timeZone ?? .fixed(offsetSeconds: 9 * 3600)
        self.rows = rows
        var days = [Double](repeating: 0, count: n)
        var spanStart = [Int64](repeating: .max, count: n)
        var spanEnd = [Int64](repeating: .min, count: n)
        for (id, span) in spans {
            let row = rows[id]!
            days[row] = span.days
            spanStart[row] = span.start.unixMilliseconds
            spanEnd[row] = span.end.unixMilliseconds
        }
        self.days = days
        var householdsBySources = [Int](repeating: 0, count: Int(SignalSources.all.rawValue) + 1)
        for household in households { householdsBySources[Int(household.sources.rawValue)] += 1 }
        self.sourceSets = householdsBySources.indices.filter { householdsBySources[$0] > 0 }
            .sorted { (-householdsBySources[$0], $0) < (-householdsBySources[$1], $1) }
            .map { SignalSources(rawValue: UInt8($0)) }
        self.spanStart = spanStart
        self.spanEnd = spanEnd
        self.householdDays = days.reduce(0, +)
        if let first = spans.values.map(\.start).min(), let last = spans.values.map(\.end).max() {
            // The last day is the one holding the span's last instant (the end is exclusive).
            let lastInstant = Timestamp(unixMilliseconds: max(first.unixMilliseconds, last.unixMilliseconds - 1))
            let zone = self.calendarTimeZone
            self.spanDays = CalendarDay(containing: first, in: zone)...CalendarDay(containing: lastInstant, in: zone)
        } else {
            self.spanDays = nil
        }

        let before = rules.graceBeforeOnsetHours.hoursInMilliseconds
        let after = rules.graceAfterEndHours.hoursInMilliseconds
        var scored = [[ScoredIncident]](repeating: [], count: n)
        var unscored = 0
        var riskWindows = [[(start: Int64, end: Int64)]](repeating: [], count: n)
        var awayWindows = riskWindows
        var deviceWindows = riskWindows
        var districtWindows: [(start: Int64, end: Int64)] = []
        for (index, incident) in incidents.enumerated() {
            let at = EvaluationInputItem.incident(index: index)
            let onset = incident.onset.unixMilliseconds
            let end = incident.end?.unixMilliseconds
            if let end, end < onset { throw .endBeforeStart(at: at) }
            let window = (start: onset - before, end: end.map { saturatingAdd($0, after) } ?? .max)
            if incident.kind.isDistrictWide {
                if let id = incident.household { throw .districtIncidentWithHousehold(id, kind: incident.kind, at: at) }
                districtWindows.append(window)
                continue
            }
            guard let id = incident.household else { throw .missingHousehold(at: at) }
            guard let row = rows[id] else { throw .unknownHousehold(id, at: at) }
            if incident.kind == .away {
                awayWindows[row].append(window)
            } else if incident.kind.isDeviceFault {
                deviceWindows[row].append(window)
            } else if let kind = Self.scoredKinds.firstIndex(of: incident.kind),
                let horizon = rules.horizonHours(for: incident.kind)
            {
                riskWindows[row].append(window)
                guard onset >= spanStart[row], onset < spanEnd[row] else {
                    unscored += 1
                    continue
                }
                let deadline = min(saturatingAdd(onset, horizon.hoursInMilliseconds), window.end)
                scored[row].append(ScoredIncident(kind: kind, onset: onset, deadline: deadline))
            }
        }
        var absenceWindows = [[(start: Int64, end: Int64)]](repeating: [], count: n)
        for (index, absence) in absences.enumerated() {
            let at = EvaluationInputItem.absence(index: index)
            guard let row = rows[absence.household] else { throw .unknownHousehold(absence.household, at: at) }
            guard absence.end >= absence.start else { throw .endBeforeStart(at: at) }
            absenceWindows[row].append((absence.start.unixMilliseconds, absence.end.unixMilliseconds))
        }
        self.scoredIncidents = scored.map { $0.sorted { $0.onset < $1.onset } }
        self.unscoredIncidents = unscored
        self.personRisk = riskWindows.map { IntervalSet($0, closed: true) }
        self.away = awayWindows.map { IntervalSet($0, closed: true) }
        self.deviceFault = deviceWindows.map { IntervalSet($0, closed: true) }
        self.absences = absenceWindows.map { IntervalSet($0, closed: false) }
        self.districtEvents = IntervalSet(districtWindows, closed: true)
    }

    /// A scorer for a dense district, with each household's span read by `span`.
    ///
    /// - Throws: as ``init(households:spans:incidents:absences:calendarTimeZone:rules:)``.
    public init(
        district: DenseDistrict, span: SpanRule = .firstToLastData, incidents: [Incident], absences: [Absence],
        calendarTimeZone: HouseholdTimeZone? = nil, rules: ScoringRules = ScoringRules()
    ) throws(EvaluationError) {
        try self.init(
            households: district.households, spans: district.dataSpans(rule: span), incidents: incidents,
            absences: absences, calendarTimeZone: calendarTimeZone, rules: rules)
    }

    /// What was going on in household `row` at `time` (ms), by the precedence of ``AlertContextCounts``.
    func context(row: Int, at time: Int64) -> AlertContext {
        if absences[row].contains(time) { return .announcedAbsence }
        if deviceFault[row].contains(time) { return .deviceFault }
        if away[row].contains(time) { return .unannouncedAway }
        if districtEvents.contains(time) { return .districtEvent }
        return .nothing
    }

    /// Scores one detector's alert events.
    ///
    /// - Parameters:
    ///   - events: every alert event of the run (alerts.csv), in any order.
    ///   - detector: the name the report carries (`engine`, `no_contact_24h`, …).
    /// - Throws: ``EvaluationError`` for an alert on a household not among the households, a person or device alert
    ///   without a household, or a malformed alert (no `open` first, an event after `close`, a missing tier, a
    ///   household or kind that changes).
    /// - Complexity: O(e log e + i·a + b·h) for e events, i incidents, a alerts per household, b bootstrap resamples
    ///   and h households.
    public func score(_ events: [AlertEvent], detector: String) throws(EvaluationError) -> EvaluationReport {
        let alerts = try AlertHistory.rebuild(events, rows: rows)
        let n = households.count
        let kinds = Self.scoredKinds.count

        // Bootstrap columns: household-days, incidents per kind, detections per kind and tier, alerts reaching each
        // tier, false alerts at each tier, device alerts, days under an open person alert, pseudo-incidents per kind
        // and their detections per kind and tier (chance recall).
        let dayColumn = 0
        let incidentColumn = 1
        let detectedColumn = incidentColumn + kinds
        let reachColumn = detectedColumn + kinds * 3
        let falseColumn = reachColumn + 3
        let deviceColumn = falseColumn + 3
        let openColumn = deviceColumn + 1
        let chanceWindowColumn = openColumn + 1
        let chanceDetectedColumn = chanceWindowColumn + kinds
        var table = HouseholdBootstrap(households: n, columns: chanceDetectedColumn + kinds * 3)
        for row in 0..<n { table[row, dayColumn] = days[row] }

        // Person alerts per household, by opening time.
        var personAlerts = [[Int]](repeating: [], count: n)
        var dayCounts: [CalendarDay: (person: Int, serious: Int, device: Int)] = [:]
        var falseContexts = [AlertContextCounts](repeating: AlertContextCounts(), count: 3)
        var inAbsence = 0
        var deviceDuringFault = 0
        var districtAlerts = 0
        let order = alerts.indices.sorted { (alerts[$0].open, $0) < (alerts[$1].open, $1) }
        for a in order {
            let alert = alerts[a]
            switch alert.kind {
            case .district:
                districtAlerts += 1
            case .device:
                table[alert.household, deviceColumn] += 1
                if deviceFault[alert.household].contains(alert.open) { deviceDuringFault += 1 }
                let day = CalendarDay(containing: Timestamp(unixMilliseconds: alert.open), in: calendarTimeZone)
                dayCounts[day, default: (0, 0, 0)].device += 1
            case .person:
                let row = alert.household
                personAlerts[row].append(a)
                let openFor = min(alert.close, spanEnd[row]) - max(alert.open, spanStart[row])
                if openFor > 0 { table[row, openColumn] += Double(openFor) / 86_400_000 }
                if absences[row].contains(alert.open) { inAbsence += 1 }
                for tier in 0..<3 {
                    let reached = alert.firstReach[tier]
                    guard reached != .max else { continue }
                    table[row, reachColumn + tier] += 1
                    if !personRisk[row].contains(reached) {
                        table[row, falseColumn + tier] += 1
                        falseContexts[tier][context(row: row, at: reached)] += 1
                    }
                }
                let day = CalendarDay(containing: Timestamp(unixMilliseconds: alert.open), in: calendarTimeZone)
                dayCounts[day, default: (0, 0, 0)].person += 1
                if alert.firstReach[2] != .max {
                    let seriousDay = CalendarDay(
                        containing: Timestamp(unixMilliseconds: alert.firstReach[2]), in: calendarTimeZone)
                    dayCounts[seriousDay, default: (0, 0, 0)].serious += 1
                }
            }
        }

        // Detection of each scored incident at each tier.
        var delays = [[Double]](repeating: [], count: kinds * 3)
        var carriedCounts = [Int](repeating: 0, count: kinds * 3)
        var incidentCounts = [Int](repeating: 0, count: kinds)
        // The same per set of devices (indexed by the set's bits).
        let setSlots = Int(SignalSources.all.rawValue) + 1
        var sourcesIncidents = [Int](repeating: 0, count: setSlots * kinds)
        var sourcesDelays = [[Double]](repeating: [], count: setSlots * kinds * 3)
        for row in 0..<n where !scoredIncidents[row].isEmpty {
            let candidates = personAlerts[row]
            let sources = Int(households[row].sources.rawValue)
            for incident in scoredIncidents[row] {
                incidentCounts[incident.kind] += 1
                sourcesIncidents[sources * kinds + incident.kind] += 1
                table[row, incidentColumn + incident.kind] += 1
                let found = Self.earliest(
                    alerts, candidates, onset: incident.onset, deadline: incident.deadline)
                for (tier, (time, early)) in found.enumerated() where time != .max {
                    let slot = incident.kind * 3 + tier
                    let delay = Double(time - incident.onset) / 3_600_000
                    delays[slot].append(delay)
                    sourcesDelays[sources * kinds * 3 + slot].append(delay)
                    if early { carriedCounts[slot] += 1 }
                    table[row, detectedColumn + slot] += 1
                }
            }
        }

        // Chance recall: the same rule for pseudo-incidents where nothing happened (type documentation).
        let spacing = Self.chanceSpacingDays * 86_400_000
        for row in 0..<n where spanStart[row] < spanEnd[row] {
            let phase = (Double(row) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)
            for (kind, incidentKind) in Self.scoredKinds.enumerated() {
                guard let horizon = rules.horizonHours(for: incidentKind)?.hoursInMilliseconds else { continue }
                var k = 0.0
                while true {
                    let onset = spanStart[row] + Int64(((k + phase) * spacing).rounded())
                    k += 1
                    let deadline = saturatingAdd(onset, horizon)
                    guard deadline <= spanEnd[row] else { break }
                    if personRisk[row].intersects(onset, deadline) { continue }
                    table[row, chanceWindowColumn + kind] += 1
                    let found = Self.earliest(alerts, personAlerts[row], onset: onset, deadline: deadline)
                    for (tier, (time, _)) in found.enumerated() where time != .max {
                        table[row, chanceDetectedColumn + kind * 3 + tier] += 1
                    }
                }
            }
        }

        // Ratios and their bootstrap intervals.
        typealias Ratio = HouseholdBootstrap.Ratio
        var ratios: [Ratio] = []
        /// Recall per kind and tier: detections (`kinds × 3` columns from `detected`) over incidents (`kinds` from
        /// `of`).
        func appendRecalls(detected: Int, of incidents: Int) {
            for kind in 0..<kinds {
                for tier in 0..<3 {
                    ratios.append(Ratio(numerator: detected + kind * 3 + tier, denominator: incidents + kind, scale: 1))
                }
            }
        }
        appendRecalls(detected: detectedColumn, of: incidentColumn)
        for tier in 0..<3 { ratios.append(Ratio(numerator: reachColumn + tier, denominator: dayColumn, scale: 1000)) }
        for tier in 0..<3 { ratios.append(Ratio(numerator: falseColumn + tier, denominator: dayColumn, scale: 1000)) }
        ratios.append(Ratio(numerator: deviceColumn, denominator: dayColumn, scale: 1000))
        ratios.append(Ratio(numerator: openColumn, denominator: dayColumn, scale: 1))
        let chanceBase = ratios.count
        appendRecalls(detected: chanceDetectedColumn, of: chanceWindowColumn)
        let intervals = table.intervals(
            of: ratios, resamples: rules.bootstrapResamples, seed: rules.bootstrapSeed, level: rules.confidenceLevel)
        var columnSums = [Double](repeating: 0, count: table.columns)
        for row in 0..<n {
            for c in 0..<table.columns { columnSums[c] += table[row, c] }
        }
        func estimate(_ r: Int) -> Estimate {
            let ratio = ratios[r]
            let denominator = columnSums[ratio.denominator]
            return Estimate(
                value: denominator > 0 ? columnSums[ratio.numerator] / denominator * ratio.scale : nil,
                lower: intervals[r].0, upper: intervals[r].1)
        }

        var incidentScores: [IncidentScore] = []
        for (kind, incidentKind) in Self.scoredKinds.enumerated() {
            for (tier, tierValue) in Tier.allCases.enumerated() {
                let slot = kind * 3 + tier
                let sorted = delays[slot].sorted()
                incidentScores.append(
                    IncidentScore(
                        kind: incidentKind, tier: tierValue, incidents: incidentCounts[kind], detected: sorted.count,
                        recall: estimate(slot), medianDelayHours: quantile(sorted: sorted, 0.5),
                        p90DelayHours: quantile(sorted: sorted, 0.9),
                        detectedByAlertOpenBeforeOnset: carriedCounts[slot],
                        delaysHours: sorted,
                        chanceRecall: columnSums[chanceWindowColumn + kind] > 0 ? estimate(chanceBase + slot) : nil))
            }
        }
        var sourcesScores: [SourcesScore] = []
        for sourceSet in sourceSets {
            let sources = Int(sourceSet.rawValue)
            for (kind, incidentKind) in Self.scoredKinds.enumerated() {
                for (tier, tierValue) in Tier.allCases.enumerated() {
                    let sorted = sourcesDelays[sources * kinds * 3 + kind * 3 + tier].sorted()
                    sourcesScores.append(
                        SourcesScore(
                            sources: sourceSet, kind: incidentKind, tier: tierValue,
                            incidents: sourcesIncidents[sources * kinds + kind], detected: sorted.count,
                            medianDelayHours: quantile(sorted: sorted, 0.5)))
                }
            }
        }

        let ratioBase = kinds * 3
        let personScores = Tier.allCases.enumerated().map { tier, tierValue in
            PersonAlertScore(
                tier: tierValue, alerts: Int(columnSums[reachColumn + tier]),
                perThousandHouseholdDays: estimate(ratioBase + tier),
                falseAlerts: Int(columnSums[falseColumn + tier]),
                falsePerThousandHouseholdDays: estimate(ratioBase + 3 + tier), falseByContext: falseContexts[tier])
        }
        let device = DeviceAlertScore(
            alerts: Int(columnSums[deviceColumn]), perThousandHouseholdDays: estimate(ratioBase + 6),
            duringDeviceFault: deviceDuringFault)

        // Every calendar day from the first to the last day of any span or alert.
        var dayList: [DayCount] = []
        let alertDays = dayCounts.keys
        if let low = [spanDays?.lowerBound, alertDays.min()].compactMap({ $0 }).min(),
            let high = [spanDays?.upperBound, alertDays.max()].compactMap({ $0 }).max()
        {
            for d in low.daysSinceEpoch...high.daysSinceEpoch {
                let day = CalendarDay(daysSinceEpoch: d)
                let counts = dayCounts[day] ?? (0, 0, 0)
                dayList.append(
                    DayCount(
                        date: day.isoDate, personAlerts: counts.person, seriousPersonAlerts: counts.serious,
                        deviceAlerts: counts.device))
            }
        }
        // `max(by:)` keeps the first of equal elements: the earliest of tied days.
        let busiest = dayList.max { $0.personAlerts < $1.personAlerts }

        return EvaluationReport(
            detector: detector, households: n, householdDays: householdDays,
            calendarTimeZone: calendarTimeZone.description, rules: rules, incidents: incidentScores,
            incidentsBySources: sourcesScores, unscoredIncidents: unscoredIncidents, personAlerts: personScores,
            personAlertsInAnnouncedAbsence: inAbsence, openPersonAlertShare: estimate(ratioBase + 7),
            deviceAlerts: device, districtAlerts: districtAlerts, days: dayList, busiestDay: busiest)
    }

    /// The earliest instant at each tier (attention, caution, serious) at which one of a household's person alerts
    /// `candidates` (indices into `alerts`, by opening time) was at that tier or higher within `[onset, deadline]`,
    /// `.max` where none was, and whether that alert had opened before `onset`.
    private static func earliest(
        _ alerts: [AlertHistory], _ candidates: [Int], onset: Int64, deadline: Int64
    ) -> [(Int64, Bool)] {
        var best: (Int64, Int64, Int64) = (.max, .max, .max)
        var carried = (false, false, false)
        // Alerts opening after the deadline cannot detect; the list is sorted by opening time.
        var upper = 0
        var high = candidates.count
        while upper < high {
            let mid = (upper + high) / 2
            if alerts[candidates[mid]].open <= deadline { upper = mid + 1 } else { high = mid }
        }
        for a in candidates[0..<upper] where alerts[a].close >= onset {
            alerts[a].earliestAtTier(onset: onset, deadline: deadline, best: &best, carried: &carried)
        }
        return [(best.0, carried.0), (best.1, carried.1), (best.2, carried.2)]
    }
}
