/// Every threshold, window and half-life the engine uses, named, with its unit and default.
///
/// A policy is plain data: `Codable` as a flat JSON object whose keys are the property names. A JSON file may name
/// only the fields it changes; the rest keep their defaults. An unknown key is an error (a misspelt threshold must
/// not be ignored silently), and ``validate()`` refuses values outside their documented ranges.
///
/// Evidence is measured in **bans** (log10 units): an evidence of 3 means the data are about 1,000 times less likely
/// under the household's usual routine than the pattern that raised it. Tier thresholds are in the same unit.
/// docs/detection.md explains each field's role.
public struct DetectionPolicy: Sendable, Equatable, Codable {
    // MARK: Time

    /// Length of one time bin, seconds. Must divide a day. Default 3 600 (hourly).
    public var binSeconds: Int = 3600
    /// How long after a bin's end readings for it are still accepted, seconds, at most a day (86 400): the engine
    /// keeps this many seconds of bins open. Later readings are rejected as `late`. Default 7 200 (2 h).
    public var allowedLatenessSeconds: Int = 7200
    /// How far beyond the next bin to close a reading may lie and still be accepted, seconds (device clocks that run
    /// fast, a watermark advanced lazily). Later ones are rejected as `tooFarAhead`. Each allowed bin costs every
    /// household 41 bytes of open-bin state. At most a day. Default 10 800 (3 h).
    public var allowedEarlinessSeconds: Int = 10_800

    // MARK: Life signs

    /// Steps in one bin that count as the person moving, steps. A phone lying still reports 0; a few steps may be
    /// sensor noise. Default 20.
    public var lifeSignMinimumSteps: Float = 20
    /// The smallest change of hourly mean power that counts as someone using an appliance, watts. Default 25.
    public var powerChangeMinimumWatts: Float = 25
    /// A change of hourly mean power counts as a life sign when it exceeds this multiple of the household's own
    /// typical change (the 30th percentile of its hourly changes: fridge and standby noise), if that is larger than
    /// ``powerChangeMinimumWatts``. Default 4.
    public var powerChangeNoiseMultiple: Float = 4

    // MARK: Silence

    /// Half-life of the household's life-sign rates and gap history, days. Default 28.
    public var silenceHalfLifeDays: Float = 28
    /// Pseudo-count, in days, that steadies the comparison of how often the household was this quiet at this hour
    /// with how often the routine model expects it (see docs/detection.md, "Silence"). Smaller trusts a single past
    /// quiet day more. Default 0.02.
    public var quietHistoryPseudoDays: Float = 0.02
    /// Days of quiet history (at the hour, neighbouring hours at half weight) until a household's silence is calibrated
    /// by its own history alone. Before that its quiet is also judged beside its history at the same hour of the other
    /// day type (weekday or weekend) and, while it is young on both, beside how quiet the district's households are at
    /// that moment, at weights that fall from 1 to 0 as those days add up (docs/detection.md, "Silence"); 0 trusts the
    /// household's own history alone from its first day. Default 8.
    public var quietHistoryPriorDays: Float = 8
    /// Strength of the prior on a household's life-sign rate at each hour, in days: its cohort's rate, fading to the
    /// district's as the household's own days at that hour add up. A new household starts at the prior and trusts its
    /// own rates after a few multiples of this. Default 5.
    public var lifeSignPriorDays: Float = 5
    /// Strength of the district prior on how a household's quiet stretches go on, in expected life signs: silence
    /// learns, per household and length of quiet stretch, how much likelier or less likely than its hourly rates the
    /// person shows life, and starts from the district's ratios until the household's own bins at that length expected
    /// about this many life signs. Default 10 (docs/detection.md, "How quiet stretches go on").
    public var quietRunPriorSigns: Float = 10
    /// Upper bound of the life-sign probability in one bin, so one silent hour adds at most
    /// `-log10(1 - cap)` bans. Default 0.5 (0.3 bans per silent hour at most: measured on held-out simulated
    /// districts, a lower cap ranks collapses above quiet-but-alive days better; see docs/detection.md).
    public var lifeSignProbabilityCap: Float = 0.5
    /// How long a phone lying still after a collapse keeps reporting before its battery runs down, hours: a phone that
    /// falls silent during a quiet stretch is evidence in proportion to how much likelier that is after a collapse
    /// than by the household's own habit (docs/detection.md, "Silence"). Default 24.
    public var collapsedPhoneBatteryHours: Float = 24
    /// The most a phone that stays off after falling silent in a quiet stretch adds, bans: off for a day, it adds
    /// `−log10 S`, `S` the share of this household's phone off-periods (shrunk toward the district's) that lasted a
    /// day; a collapsed person's phone never comes back (docs/detection.md, "The phone that stays off"). 0 switches
    /// this evidence off. At most 4. Default 3.
    public var phoneStaysOffMaximumEvidence: Float = 3
    /// How far above the household's standby draw (its 10th percentile) hourly mean power must stand for a quiet plug
    /// to count as *lit* (lights or a television on), watts; the household's own appliance noise raises it (twice its
    /// usual quiet-hour change). Default 20.
    public var powerLevelMarginWatts: Float = 20
    /// The most one quiet, lit bin adds to a run of lit bins, bans: a lit bin adds `log10(1 / r)`, `r` the share of
    /// this household's quiet plug bins lit at this hour (docs/detection.md, "The power level"). 0 switches the
    /// power-level evidence off (it then adds exactly nothing to any bin). At most 4. Default 0.5.
    public var powerLevelMaximumEvidence: Float = 0.5
    /// The prior share of collapses after which something stays on (lights, a television), kept low on purpose: a run
    /// of quiet lit bins contributes its evidence less `log10(1 / share)`, so a short run contributes nothing
    /// (docs/detection.md, "The power level"). In (0, 1]. Default 0.05.
    public var powerLevelLeftOnShare: Float = 0.05
    /// Days of a household's plug data before its power level speaks: lit shares and lit runs learned from less
    /// mistake a home's ordinary steady loads for something left on. Default 17.
    public var powerLevelWarmupDays: Float = 17
    /// The most a call-log-only home's contact gap adds to silence, bans: while no answered or outgoing call has
    /// come, the gap's unanswered calls and hours are judged by `−log10 S`, `S` the share of this household's own
    /// contact gaps (shrunk toward the district's call-log-only homes') that went as far (docs/detection.md, "A home
    /// whose only device is the call log"). 0 switches this evidence off. At most 8. Default 6.
    public var unansweredCallsMaximumEvidence: Float = 6

    // MARK: Routine deviation

    /// Half-life of the short window in which activity is compared with its usual level, hours. Default 3.
    public var deviationWindowHalfLifeHours: Float = 3
    /// Weight of routine-deviation evidence added to silence evidence in the acute score. Default 0.25. Adding only
    /// the deviation beyond silence was measured and not kept (docs/tuning-journal.md, "Session 10: deviation beyond
    /// silence (helper fuse10)").
    public var deviationWeight: Float = 0.25

    // MARK: Learning

    /// Acute or decline evidence at or above which a household's routine is not learned from the bin, bans: an
    /// incident in progress must not become the routine. It is separate from the tier thresholds so that tuning the
    /// tiers never changes what the baselines learn (``EvidenceTrace`` relies on this). Default 4.5.
    public var learningPauseEvidence: Float = 4.5
    /// Decline evidence at or above which the household's routine is not learned from the bin, bans: while a person
    /// declines, their quieter days must not become the routine that silence judges a collapse against. Lower than
    /// ``learningPauseEvidence`` because decline evidence grows slowly and its alerts open lower (at
    /// ``declineAttentionThreshold``); like it, independent of the tier thresholds. Default 2.5.
    public var declineLearningPauseEvidence: Float = 2.5

    // MARK: Slow decline

    /// Half-life of the daily baselines the decline test compares with, days. Default 28.
    public var declineBaselineHalfLifeDays: Float = 28
    /// Days of data before a household's decline tests trust its own day-to-day spread alone. Before that, from its
    /// fourth day, they score with at least the median spread of the households closing the same day, widened by the
    /// uncertainty of a level learned from few days (docs/detection.md, "Slow decline"). Default 14.
    public var declineWarmupDays: Int = 14
    /// The fall in a daily rate the decline test looks for, as a ratio of the usual rate (0.5 = halved). Default 0.5.
    public var declineRatio: Float = 0.5

    // MARK: Device health

    /// Hours of missing data from a device before a `device` alert opens. Default 8.
    public var deviceOfflineHours: Int = 8
    /// Hours of exactly repeated power values before the plug counts as stuck. Default 12.
    public var deviceStuckHours: Int = 12
    /// Mean power above this is implausible for a home, watts. Default 15 000.
    public var maximumPlausibleWatts: Float = 15_000

    // MARK: District context

    /// Fewest households with a device before district context is judged for it. Default 20.
    public var districtMinimumHouseholds: Int = 20
    /// Phones are offline district-wide (a telecom outage) when at least this share of the households that have one
    /// went silent at once beyond the usual share, and more than binomial chance allows (six standard deviations).
    /// Default 0.3.
    public var districtOutageShare: Float = 0.3
    /// Person evidence is discounted when the share of quiet households (silence evidence above 2 bans) exceeds its
    /// usual level by this factor, is at least 15% of the reporting households, and lies five standard deviations
    /// above what chance gives (docs/detection.md, "District context"). Default 3.
    public var districtShiftFactor: Float = 3

    // MARK: Fusion and tiers

    /// Acute evidence (silence plus weighted deviation) that opens an `attention` alert, bans. Default 3.5, equal to
    /// ``cautionThreshold``: an acute quiet stretch opens at `caution`, and `attention` is the slow decline's tier.
    /// At 2.5 (the default until session 8) the caseworker's load nearly tripled (13 → 37 openings per 1,000
    /// household-days on the tuning districts) for illness and withdrawal recall that alerts at random times reach as
    /// well: recall above chance was no higher (docs/tuning-journal.md, "Session 8: the caseworker's load, chosen
    /// (lead)").
    public var attentionThreshold: Float = 3.5
    /// Acute evidence for `caution`, bans. Default 3.5 (3.25 until session 8).
    public var cautionThreshold: Float = 3.5
    /// Acute evidence for `serious`, bans. Default 4 (docs/detection.md, "Fusion into tiers").
    public var seriousThreshold: Float = 4
    /// Decline evidence that opens an `attention` alert, bans. Default 2.5.
    public var declineAttentionThreshold: Float = 2.5
    /// Decline evidence for `caution`, bans. Default 5.
    public var declineCautionThreshold: Float = 5
    /// How far below a tier's threshold evidence must fall before the tier is left, bans. Default 0.7.
    public var hysteresis: Float = 0.7
    /// Bins evidence must stay below a tier before the alert de-escalates, 1–255. Default 2.
    public var deescalateAfterBins: Int = 2

    // MARK: Feedback

    /// How much one false alarm raises that household's thresholds, bans. Default 0.3.
    public var falseAlarmPenalty: Float = 0.3
    /// How much one confirmed incident lowers that household's thresholds, bans. Default 0.2.
    public var confirmedIncidentBonus: Float = 0.2
    /// The most feedback can raise a household's thresholds, bans. Default 1.5.
    public var maximumSensitivityOffset: Float = 1.5
    /// The most feedback can lower a household's thresholds, bans. Default 0.5.
    public var maximumSensitivityBoost: Float = 0.5
    /// Half-life with which feedback fades back to the default, days. Default 90.
    public var feedbackHalfLifeDays: Float = 90

    // MARK: District context (continued)

    /// Plugs are out in part of the district (a power cut) when at least this share of the households that have one
    /// went silent at once beyond the usual share, and more than binomial chance allows (six standard deviations).
    /// Power cuts are local, so the share is lower than ``districtOutageShare``'s. Default 0.03: one neighbourhood of
    /// twenty.
    public var districtPowerOutageShare: Float = 0.03

    // MARK: Cohort priors

    /// How many cohorts of similar daily profile households are grouped into; a household's life-sign rates start from
    /// its cohort's instead of the district's. 0 or 1: the district's for everyone. Default 8.
    public var cohortCount: Int = 8

    /// The default policy.
    public init() {}

    /// Checks every field against its documented range.
    ///
    /// Weights, multiples, prior counts and feedback amounts must be finite: an infinite weight times zero evidence
    /// is NaN, which no threshold comparison catches. Thresholds, caps, half-lives and `maximumPlausibleWatts` may be
    /// `+infinity` (the rule never fires, or never forgets).
    ///
    /// - Throws: ``PolicyError/outOfRange(field:value:expected:)`` naming the first field that is wrong.
    public func validate() throws(PolicyError) {
        func check(_ ok: Bool, _ field: String, _ value: some CustomStringConvertible, _ expected: String)
            throws(PolicyError)
        {
            if !ok { throw .outOfRange(field: field, value: value.description, expected: expected) }
        }
        /// A weight, multiple, prior count or feedback amount: finite, and at least 0 (above 0 when `positive`).
        func checkFinite(_ value: Float, _ field: String, positive: Bool = false) throws(PolicyError) {
            try check(value.isFinite && (positive ? value > 0 : value >= 0), field, value,
                      positive ? "finite, > 0" : "finite, >= 0")
        }
        try check(binSeconds > 0 && 86_400 % binSeconds == 0 && binSeconds <= 86_400, "binSeconds", binSeconds,
                  "a positive divisor of 86400")
        try check(allowedLatenessSeconds >= 0 && allowedLatenessSeconds <= 86_400, "allowedLatenessSeconds",
                  allowedLatenessSeconds, "in [0, 86400]")
        try check(allowedEarlinessSeconds >= 0 && allowedEarlinessSeconds <= 86_400, "allowedEarlinessSeconds",
                  allowedEarlinessSeconds, "in [0, 86400]")
        try check(lifeSignMinimumSteps >= 0, "lifeSignMinimumSteps", lifeSignMinimumSteps, ">= 0")
        try check(powerChangeMinimumWatts > 0, "powerChangeMinimumWatts", powerChangeMinimumWatts, "> 0")
        try checkFinite(powerChangeNoiseMultiple, "powerChangeNoiseMultiple")
        try check(silenceHalfLifeDays > 0, "silenceHalfLifeDays", silenceHalfLifeDays, "> 0")
        try checkFinite(quietHistoryPseudoDays, "quietHistoryPseudoDays", positive: true)
        try check(quietHistoryPriorDays >= 0, "quietHistoryPriorDays", quietHistoryPriorDays, ">= 0")
        try checkFinite(lifeSignPriorDays, "lifeSignPriorDays", positive: true)
        try checkFinite(quietRunPriorSigns, "quietRunPriorSigns", positive: true)
        try check(lifeSignProbabilityCap > 0 && lifeSignProbabilityCap < 1, "lifeSignProbabilityCap",
                  lifeSignProbabilityCap, "in (0, 1)")
        try check(collapsedPhoneBatteryHours > 0, "collapsedPhoneBatteryHours", collapsedPhoneBatteryHours, "> 0")
        try check(phoneStaysOffMaximumEvidence >= 0 && phoneStaysOffMaximumEvidence <= 4,
                  "phoneStaysOffMaximumEvidence", phoneStaysOffMaximumEvidence, "in [0, 4]")
        try check(unansweredCallsMaximumEvidence >= 0 && unansweredCallsMaximumEvidence <= 8,
                  "unansweredCallsMaximumEvidence", unansweredCallsMaximumEvidence, "in [0, 8]")
        try check(powerLevelMarginWatts > 0, "powerLevelMarginWatts", powerLevelMarginWatts, "> 0")
        try check(powerLevelMaximumEvidence >= 0 && powerLevelMaximumEvidence <= 4, "powerLevelMaximumEvidence",
                  powerLevelMaximumEvidence, "in [0, 4]")
        try check(powerLevelLeftOnShare > 0 && powerLevelLeftOnShare <= 1, "powerLevelLeftOnShare",
                  powerLevelLeftOnShare, "in (0, 1]")
        try check(powerLevelWarmupDays >= 0 && powerLevelWarmupDays <= 365, "powerLevelWarmupDays",
                  powerLevelWarmupDays, "in [0, 365]")
        try check(deviationWindowHalfLifeHours > 0, "deviationWindowHalfLifeHours", deviationWindowHalfLifeHours,
                  "> 0")
        try checkFinite(deviationWeight, "deviationWeight")
        try check(learningPauseEvidence > 0, "learningPauseEvidence", learningPauseEvidence, "> 0")
        try check(declineLearningPauseEvidence > 0, "declineLearningPauseEvidence", declineLearningPauseEvidence, "> 0")
        try check(declineBaselineHalfLifeDays > 0, "declineBaselineHalfLifeDays", declineBaselineHalfLifeDays, "> 0")
        try check(declineWarmupDays >= 1, "declineWarmupDays", declineWarmupDays, ">= 1")
        try check(declineRatio > 0 && declineRatio < 1, "declineRatio", declineRatio, "in (0, 1)")
        try check(deviceOfflineHours >= 1, "deviceOfflineHours", deviceOfflineHours, ">= 1")
        try check(deviceStuckHours >= 2, "deviceStuckHours", deviceStuckHours, ">= 2")
        try check(maximumPlausibleWatts > 0, "maximumPlausibleWatts", maximumPlausibleWatts, "> 0")
        try check(districtMinimumHouseholds >= 1, "districtMinimumHouseholds", districtMinimumHouseholds, ">= 1")
        try check(districtOutageShare > 0 && districtOutageShare <= 1, "districtOutageShare", districtOutageShare,
                  "in (0, 1]")
        try check(districtShiftFactor > 1, "districtShiftFactor", districtShiftFactor, "> 1")
        try check(attentionThreshold > 0, "attentionThreshold", attentionThreshold, "> 0")
        try check(cautionThreshold >= attentionThreshold, "cautionThreshold", cautionThreshold,
                  ">= attentionThreshold")
        try check(seriousThreshold >= cautionThreshold, "seriousThreshold", seriousThreshold, ">= cautionThreshold")
        try check(declineAttentionThreshold > 0, "declineAttentionThreshold", declineAttentionThreshold, "> 0")
        try check(declineCautionThreshold >= declineAttentionThreshold, "declineCautionThreshold",
                  declineCautionThreshold, ">= declineAttentionThreshold")
        try check(hysteresis >= 0, "hysteresis", hysteresis, ">= 0")
        try check((1...255).contains(deescalateAfterBins), "deescalateAfterBins", deescalateAfterBins, "in 1...255")
        try checkFinite(falseAlarmPenalty, "falseAlarmPenalty")
        try checkFinite(confirmedIncidentBonus, "confirmedIncidentBonus")
        try checkFinite(maximumSensitivityOffset, "maximumSensitivityOffset")
        try checkFinite(maximumSensitivityBoost, "maximumSensitivityBoost")
        try check(districtPowerOutageShare > 0 && districtPowerOutageShare <= 1, "districtPowerOutageShare",
                  districtPowerOutageShare, "in (0, 1]")
        try check(cohortCount >= 0 && cohortCount <= 64, "cohortCount", cohortCount, "in [0, 64]")
        try check(feedbackHalfLifeDays > 0, "feedbackHalfLifeDays", feedbackHalfLifeDays, "> 0")
    }
}

/// Why a policy was refused.
public enum PolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field's value is outside its documented range.
    case outOfRange(field: String, value: String, expected: String)
    /// The JSON names a field the policy does not have (perhaps misspelt).
    case unknownField(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .outOfRange(let field, let value, let expected):
            "policy field \(field) = \(value) is out of range: expected \(expected)"
        case .unknownField(let name): "policy has no field \"\(name)\""
        }
    }
}

extension DetectionPolicy {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a policy from a JSON object whose keys are property names; absent keys keep their defaults.
    ///
    /// - Throws: ``PolicyError/unknownField(_:)`` for a key the policy does not have, `DecodingError` for a value of
    ///   the wrong type, and ``PolicyError/outOfRange(field:value:expected:)`` for a value outside its range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        var policy = DetectionPolicy()
        var fields = Self.fields
        for key in container.allKeys {
            guard let field = fields[key.stringValue] else { throw PolicyError.unknownField(key.stringValue) }
            try field.decode(&policy, container, key)
            fields[key.stringValue] = nil
        }
        try policy.validate()
        self = policy
    }

    /// Encodes every field, so a written policy documents all values in force.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for (name, field) in Self.fields.sorted(by: { $0.key < $1.key }) {
            try field.encode(self, &container, AnyKey(stringValue: name))
        }
    }

    private struct Field: Sendable {
        let decode: @Sendable (inout DetectionPolicy, KeyedDecodingContainer<AnyKey>, AnyKey) throws -> Void
        let encode: @Sendable (DetectionPolicy, inout KeyedEncodingContainer<AnyKey>, AnyKey) throws -> Void
        let equal: @Sendable (DetectionPolicy, DetectionPolicy) -> Bool

        init<Value: Codable & Sendable & Equatable>(_ path: any WritableKeyPath<DetectionPolicy, Value> & Sendable) {
            decode = { policy, container, key in policy[keyPath: path] = try container.decode(Value.self, forKey: key) }
            encode = { policy, container, key in try container.encode(policy[keyPath: path], forKey: key) }
            equal = { $0[keyPath: path] == $1[keyPath: path] }
        }
    }

    /// Every field's name, as in JSON, sorted.
    public static var fieldNames: [String] { fields.keys.sorted() }

    /// Whether `other` has the same value as this policy in the field called `name` (a name from ``fieldNames``;
    /// false for any other name).
    public func hasSameValue(as other: DetectionPolicy, field name: String) -> Bool {
        Self.fields[name]?.equal(self, other) ?? false
    }

    /// The one list of fields: JSON keys are exactly these property names.
    private static let fields: [String: Field] = [
        "binSeconds": Field(\.binSeconds),
        "allowedLatenessSeconds": Field(\.allowedLatenessSeconds),
        "allowedEarlinessSeconds": Field(\.allowedEarlinessSeconds),
        "lifeSignMinimumSteps": Field(\.lifeSignMinimumSteps),
        "powerChangeMinimumWatts": Field(\.powerChangeMinimumWatts),
        "powerChangeNoiseMultiple": Field(\.powerChangeNoiseMultiple),
        "silenceHalfLifeDays": Field(\.silenceHalfLifeDays),
        "quietHistoryPseudoDays": Field(\.quietHistoryPseudoDays),
        "quietHistoryPriorDays": Field(\.quietHistoryPriorDays),
        "lifeSignPriorDays": Field(\.lifeSignPriorDays),
        "quietRunPriorSigns": Field(\.quietRunPriorSigns),
        "lifeSignProbabilityCap": Field(\.lifeSignProbabilityCap),
        "collapsedPhoneBatteryHours": Field(\.collapsedPhoneBatteryHours),
        "phoneStaysOffMaximumEvidence": Field(\.phoneStaysOffMaximumEvidence),
        "powerLevelMarginWatts": Field(\.powerLevelMarginWatts),
        "powerLevelMaximumEvidence": Field(\.powerLevelMaximumEvidence),
        "powerLevelLeftOnShare": Field(\.powerLevelLeftOnShare),
        "powerLevelWarmupDays": Field(\.powerLevelWarmupDays),
        "unansweredCallsMaximumEvidence": Field(\.unansweredCallsMaximumEvidence),
        "deviationWindowHalfLifeHours": Field(\.deviationWindowHalfLifeHours),
        "deviationWeight": Field(\.deviationWeight),
        "learningPauseEvidence": Field(\.learningPauseEvidence),
        "declineLearningPauseEvidence": Field(\.declineLearningPauseEvidence),
        "declineBaselineHalfLifeDays": Field(\.declineBaselineHalfLifeDays),
        "declineWarmupDays": Field(\.declineWarmupDays),
        "declineRatio": Field(\.declineRatio),
        "deviceOfflineHours": Field(\.deviceOfflineHours),
        "deviceStuckHours": Field(\.deviceStuckHours),
        "maximumPlausibleWatts": Field(\.maximumPlausibleWatts),
        "districtMinimumHouseholds": Field(\.districtMinimumHouseholds),
        "districtOutageShare": Field(\.districtOutageShare),
        "districtShiftFactor": Field(\.districtShiftFactor),
        "attentionThreshold": Field(\.attentionThreshold),
        "cautionThreshold": Field(\.cautionThreshold),
        "seriousThreshold": Field(\.seriousThreshold),
        "declineAttentionThreshold": Field(\.declineAttentionThreshold),
        "declineCautionThreshold": Field(\.declineCautionThreshold),
        "hysteresis": Field(\.hysteresis),
        "deescalateAfterBins": Field(\.deescalateAfterBins),
        "falseAlarmPenalty": Field(\.falseAlarmPenalty),
        "confirmedIncidentBonus": Field(\.confirmedIncidentBonus),
        "maximumSensitivityOffset": Field(\.maximumSensitivityOffset),
        "maximumSensitivityBoost": Field(\.maximumSensitivityBoost),
        "feedbackHalfLifeDays": Field(\.feedbackHalfLifeDays),
        "districtPowerOutageShare": Field(\.districtPowerOutageShare),
        "cohortCount": Field(\.cohortCount),
    ]
}
