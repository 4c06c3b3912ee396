public import Anbu
public import Foundation

/// A point estimate with its bootstrap confidence interval over households.
///
/// Any part is `nil` (JSON `null`) when it is undefined: a recall with no incidents, a rate with no household-days,
/// bounds when the bootstrap is off.
public struct Estimate: Sendable, Hashable, Codable {
    /// The value on the whole input.
    public var value: Double?
    /// The lower bound of the interval.
    public var lower: Double?
    /// The upper bound of the interval.
    public var upper: Double?

    /// An estimate.
    public init(value: Double?, lower: Double? = nil, upper: Double? = nil) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}

/// How well one kind of incident was found at one tier.
public struct IncidentScore: Sendable, Hashable, Codable {
    /// The incident kind: `collapse`, `illness` or `withdrawal`.
    public var kind: IncidentKind
    /// The tier: an incident counts as detected when the household is under a person alert at this tier or higher.
    public var tier: Tier
    /// Incidents scored (onset inside the household's data span).
    public var incidents: Int
    /// Incidents detected within the horizon.
    public var detected: Int
    /// `detected / incidents`, with its interval.
    public var recall: Estimate
    /// The median delay from onset to detection, hours, over detected incidents; `nil` when none was detected.
    public var medianDelayHours: Double?
    /// The 90th-percentile delay, hours, over detected incidents (linear interpolation); `nil` when none.
    public var p90DelayHours: Double?
    /// Detected incidents whose detecting alert had opened before the onset (it was already open, counted from the
    /// onset). Shows how much of the recall comes from alerts carried over from earlier.
    public var detectedByAlertOpenBeforeOnset: Int
    /// Every detection delay, hours, ascending (for distribution plots).
    public var delaysHours: [Double]
    /// The recall the same alerts give pseudo-incidents of this kind placed where nothing happened (``Scorer``, "Chance
    /// recall"): how much of ``recall`` alerts at random times would give. `nil` when no household has room for one.
    public var chanceRecall: Estimate?

    /// A score.
    public init(
        kind: IncidentKind, tier: Tier, incidents: Int, detected: Int, recall: Estimate, medianDelayHours: Double?,
        p90DelayHours: Double?, detectedByAlertOpenBeforeOnset: Int, delaysHours: [Double], chanceRecall: Estimate? = nil
    ) {
        self.kind = kind
        self.tier = tier
        self.incidents = incidents
        self.detected = detected
        self.recall = recall
        self.medianDelayHours = medianDelayHours
        self.p90DelayHours = p90DelayHours
        self.detectedByAlertOpenBeforeOnset = detectedByAlertOpenBeforeOnset
        self.delaysHours = delaysHours
        self.chanceRecall = chanceRecall
    }
}

/// How well one kind of incident was found at one tier in the households with one set of devices.
///
/// The split of ``IncidentScore`` by ``Household/sources``: a home whose only device is the call log gives far less
/// evidence than one with a plug and a phone, and the district's recall hides how few such homes there are. Counts
/// and the median delay only; a set with a handful of incidents has no meaningful interval.
public struct SourcesScore: Sendable, Hashable, Codable {
    /// The households' devices.
    public var sources: SignalSources
    /// The incident kind: `collapse`, `illness` or `withdrawal`.
    public var kind: IncidentKind
    /// The tier, as in ``IncidentScore/tier``.
    public var tier: Tier
    /// Incidents scored in households with exactly these devices.
    public var incidents: Int
    /// Incidents detected within the horizon.
    public var detected: Int
    /// The median delay from onset to detection, hours, over detected incidents; `nil` when none was detected.
    public var medianDelayHours: Double?

    /// A score.
    public init(
        sources: SignalSources, kind: IncidentKind, tier: Tier, incidents: Int, detected: Int,
        medianDelayHours: Double?
    ) {
        self.sources = sources
        self.kind = kind
        self.tier = tier
        self.incidents = incidents
        self.detected = detected
        self.medianDelayHours = medianDelayHours
    }
}

/// What was going on in a household when a person alert opened (or reached a tier).
public enum AlertContext: String, CaseIterable, Sendable, Hashable, Codable {
    /// Inside an absence the person announced (absences.csv).
    case announcedAbsence = "announced_absence"
    /// A device fault of the household (`device_power`, `device_phone`) was active.
    case deviceFault = "device_fault"
    /// The person was away unannounced (`away`).
    case unannouncedAway = "unannounced_away"
    /// A district-wide event was active (holiday, heat wave, power or telecom outage).
    case districtEvent = "district_event"
    /// None of the above.
    case nothing
}

/// Counts of alerts by ``AlertContext``; each alert is counted once, in the first context that applies, in the order
/// announced absence, device fault, unannounced away, district event, nothing.
public struct AlertContextCounts: Sendable, Hashable, Codable {
    /// Inside an announced absence.
    public var announcedAbsence: Int = 0
    /// During a device fault.
    public var deviceFault: Int = 0
    /// During an unannounced absence.
    public var unannouncedAway: Int = 0
    /// During a district-wide event.
    public var districtEvent: Int = 0
    /// With nothing going on.
    public var nothing: Int = 0

    /// All zero.
    public init() {}

    /// The count in one context.
    public subscript(context: AlertContext) -> Int {
        get {
            switch context {
            case .announcedAbsence: announcedAbsence
            case .deviceFault: deviceFault
            case .unannouncedAway: unannouncedAway
            case .districtEvent: districtEvent
            case .nothing: nothing
            }
        }
        set {
            switch context {
            case .announcedAbsence: announcedAbsence = newValue
            case .deviceFault: deviceFault = newValue
            case .unannouncedAway: unannouncedAway = newValue
            case .districtEvent: districtEvent = newValue
            case .nothing: nothing = newValue
            }
        }
    }
}

/// Person alerts at one tier: how many reached it, how many of those were false, and why.
///
/// An alert counts at tier T from the moment it first reaches T or higher (its opening, for `attention`). It is
/// false at T when no person-risk incident of its household is active at that moment, an incident being active from
/// ``ScoringRules/graceBeforeOnsetHours`` before its onset to ``ScoringRules/graceAfterEndHours`` after its end.
public struct PersonAlertScore: Sendable, Hashable, Codable {
    /// The tier.
    public var tier: Tier
    /// Person alerts that reached this tier or higher. At `attention` this is every opening: the caseworker's load.
    public var alerts: Int
    /// `alerts` per 1 000 household-days, with its interval.
    public var perThousandHouseholdDays: Estimate
    /// Of those, false ones.
    public var falseAlerts: Int
    /// `falseAlerts` per 1 000 household-days, with its interval.
    public var falsePerThousandHouseholdDays: Estimate
    /// The false ones by what was going on when they reached this tier.
    public var falseByContext: AlertContextCounts

    /// A score.
    public init(
        tier: Tier, alerts: Int, perThousandHouseholdDays: Estimate, falseAlerts: Int,
        falsePerThousandHouseholdDays: Estimate, falseByContext: AlertContextCounts
    ) {
        self.tier = tier
        self.alerts = alerts
        self.perThousandHouseholdDays = perThousandHouseholdDays
        self.falseAlerts = falseAlerts
        self.falsePerThousandHouseholdDays = falsePerThousandHouseholdDays
        self.falseByContext = falseByContext
    }
}

/// Device alerts: maintenance work, kept apart from person alerts.
public struct DeviceAlertScore: Sendable, Hashable, Codable {
    /// Device alert openings.
    public var alerts: Int
    /// Openings per 1 000 household-days, with its interval.
    public var perThousandHouseholdDays: Estimate
    /// Openings while a device fault of the household was active (with the scoring grace): the ones with a cause in
    /// ground truth.
    public var duringDeviceFault: Int

    /// A score.
    public init(alerts: Int, perThousandHouseholdDays: Estimate, duringDeviceFault: Int) {
        self.alerts = alerts
        self.perThousandHouseholdDays = perThousandHouseholdDays
        self.duringDeviceFault = duringDeviceFault
    }
}

/// Alert openings on one calendar day of the district's time zone.
public struct DayCount: Sendable, Hashable, Codable {
    /// The day, `YYYY-MM-DD`.
    public var date: String
    /// Person alert openings (any tier).
    public var personAlerts: Int
    /// Person alerts that reached `serious` that day.
    public var seriousPersonAlerts: Int
    /// Device alert openings.
    public var deviceAlerts: Int

    /// A day's counts.
    public init(date: String, personAlerts: Int, seriousPersonAlerts: Int, deviceAlerts: Int) {
        self.date = date
        self.personAlerts = personAlerts
        self.seriousPersonAlerts = seriousPersonAlerts
        self.deviceAlerts = deviceAlerts
    }
}

/// The score of one detector's alerts against ground truth. `Codable`: ``jsonData()`` writes it.
///
/// Definitions are in docs/evaluation.md; ``ReportTable`` renders it as text.
public struct EvaluationReport: Sendable, Hashable, Codable {
    /// The detector's name (`engine`, or a ``ReferenceRule``'s raw value).
    public var detector: String
    /// Households in the district.
    public var households: Int
    /// The sum of the households' data spans, days.
    public var householdDays: Double
    /// The time zone whose calendar days `days` and `busiestDay` count in (`Asia/Seoul`, `+09:00`).
    public var calendarTimeZone: String
    /// The rules scored with.
    public var rules: ScoringRules
    /// Per person-risk kind (`collapse`, `illness`, `withdrawal`) and tier (`attention`, `caution`, `serious`).
    public var incidents: [IncidentScore]
    /// ``incidents`` split by the households' devices: per set of devices present in the district (most households
    /// first, then by the set's bits), per kind and tier.
    public var incidentsBySources: [SourcesScore]
    /// Person-risk incidents left out because their onset lies outside their household's data span.
    public var unscoredIncidents: Int
    /// Person alerts per tier (`attention`, `caution`, `serious`).
    public var personAlerts: [PersonAlertScore]
    /// Person alert openings inside an announced absence (true or false); the engine should have none.
    public var personAlertsInAnnouncedAbsence: Int
    /// The share of household-time (0–1) under an open person alert of any tier, within the households' data spans:
    /// how much of the district a caseworker's list of open cases holds at any moment. Alerts that stay open long
    /// lower the load (fewer openings) and raise recall (an alert open at an incident's onset counts, see
    /// ``IncidentScore/detectedByAlertOpenBeforeOnset``); this measure shows that price.
    public var openPersonAlertShare: Estimate
    /// Device alerts.
    public var deviceAlerts: DeviceAlertScore
    /// District alert openings (not scored).
    public var districtAlerts: Int
    /// Alert openings per calendar day, every day from the first to the last day of any span or alert.
    public var days: [DayCount]
    /// The day with the most person alert openings (the earliest of ties); `nil` when there are no days.
    public var busiestDay: DayCount?

    /// A report.
    public init(
        detector: String, households: Int, householdDays: Double, calendarTimeZone: String, rules: ScoringRules,
        incidents: [IncidentScore], incidentsBySources: [SourcesScore] = [], unscoredIncidents: Int,
        personAlerts: [PersonAlertScore], personAlertsInAnnouncedAbsence: Int, openPersonAlertShare: Estimate,
        deviceAlerts: DeviceAlertScore, districtAlerts: Int, days: [DayCount], busiestDay: DayCount?
    ) {
        self.detector = detector
        self.households = households
        self.householdDays = householdDays
        self.calendarTimeZone = calendarTimeZone
        self.rules = rules
        self.incidents = incidents
        self.incidentsBySources = incidentsBySources
        self.unscoredIncidents = unscoredIncidents
        self.personAlerts = personAlerts
        self.personAlertsInAnnouncedAbsence = personAlertsInAnnouncedAbsence
        self.openPersonAlertShare = openPersonAlertShare
        self.deviceAlerts = deviceAlerts
        self.districtAlerts = districtAlerts
        self.days = days
        self.busiestDay = busiestDay
    }

    /// The score of `kind` at `tier`; `nil` for a kind that is not person risk.
    public func incidentScore(_ kind: IncidentKind, at tier: Tier) -> IncidentScore? {
        incidents.first { $0.kind == kind && $0.tier == tier }
    }

    /// The person-alert score at `tier`.
    public func personAlertScore(at tier: Tier) -> PersonAlertScore {
        personAlerts.first { $0.tier == tier }!
    }

    /// The caseworker's load: every person alert opening per 1 000 household-days.
    public var caseworkerLoad: Estimate { personAlertScore(at: .attention).perThousandHouseholdDays }

    /// The report as pretty-printed JSON with sorted keys (stable across runs).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
