import Foundation

/// Sudden silence: no sign of life across all devices, judged against this person's own usual quiet at this hour.
///
/// **What is learned.** Per household and slot — local hour of day × day type (weekday, weekend), 48 slots — the
/// probability that a bin holds a sign of life, separately for the plug (`p_power`) and the phone (`p_phone`), each
/// given that the device reported: decayed counts shrunk toward the district's rate for that slot. And the household's
/// "automatic" power-change rate `q`: how often its power changes by a life-sign amount when nobody acts (fridge
/// defrost, water heater, thermostat), estimated as its lowest `p_power` over all slots (between 2% and 30%).
///
/// **The quiet statistic.** Each bin adds the log-likelihood ratio, in bans, of what it shows under "the person is
/// not acting" against "the person's routine at this hour", and the statistic is a one-sided CUSUM,
/// `Q ← max(0, Q + LLR)`:
/// - the phone reported with no steps and no call: `−log10(1 − p_phone)`; steps or a call end the quiet (`Q = 0`):
///   a collapsed person neither walks nor phones;
/// - the plug reported with no life-sign change: `log10((1 − q)/(1 − p_power))`; with one: `log10(q / p_power)`,
///   which lowers `Q` but does not end the quiet, because appliances switch on their own.
/// `p` is capped at ``DetectionPolicy/lifeSignProbabilityCap``, so one quiet hour adds at most `−log10(1 − cap)`.
/// While the phone reports lying still, `p_power` is scaled by how often this household's plug showed life in such bins
/// against what its slot rates expected: the plug is judged given the phone (for someone who carries the phone, an
/// appliance switching while the phone lies still is likely switching by itself).
///
/// **Deep in a quiet stretch.** The slot rates say how often this person shows life at this hour on the whole; once
/// the person has already been quiet for hours (a nap, the phone left on a table, a day out without it) the next hour is
/// less likely to show life than that. So both `p` are multiplied by a ratio per run length `d` (hours since `Q` was
/// last zero, in buckets 0–2, 2–5, 5–10 and 10+ h): the life signs this household's device showed in bins at that
/// point of a quiet stretch over those its slot rates expected there (decayed counts with the silence half-life),
/// shrunk toward the district's ratio for the bucket with ``DetectionPolicy/quietRunPriorSigns`` expected signs.
/// Someone whose quiet comes in long runs gathers evidence more slowly deep in a run; someone who always comes back to
/// the phone within the hour keeps the full rate. The hours of a stretch are then independent given how long it has
/// lasted, not outright.
///
/// **Calibrated by the household's own history.** The routine model treats hours as independent, which overstates how
/// rare a long quiet stretch is for someone whose quiet hours come in runs. So for each slot the engine also keeps
/// decayed counts `E_k(x)` of how often `Q` had reached `x` ∈ {0.5, 1, 1.5, 2, 3, 4, 6, 8} bans at that
/// slot, out of `N_k` days (neighbouring hours of the same day type counted at half weight), and compares them with
/// the `N_k · 10^(−x)` the model expects. The largest excess over the levels `x ≤ Q`,
/// `c = max(1, max_x (E_k(x) + a) / (N_k · 10^(−x) + a))` with `a` = ``DetectionPolicy/quietHistoryPseudoDays``, is the
/// household's own correction, and the silence evidence is `Q − log10 c`. Where this household has often been this
/// quiet at this hour (a lazy Sunday morning), `c` is large and evidence stays low; where it never has, evidence grows
/// with `Q` hour by hour, without jumps.
///
/// **A young history** says little either way. While the slot's own history holds fewer than
/// ``DetectionPolicy/quietHistoryPriorDays`` days, the household's correction at the same hour of the other day type
/// counts too (a first Saturday is judged beside the weekdays' quiet), and while both together hold fewer, so does
/// ``districtQuietExcess`` (how much more often the district's households are this quiet right now than the model
/// says), each at a weight falling from 1 to 0 as those days add up; the evidence is `Q` less the largest discount.
///
/// A missed call adds `log10(1/m)` (at most 1 ban), `m` being the share of incoming calls this household usually
/// misses: a person who has collapsed misses every call. Bins in which no device reported leave `Q` unchanged:
/// missing data is not silence. But a phone that was on and still through a quiet stretch and then falls silent adds
/// once `log10(r_collapse / r_own)` (at most 2 bans): a collapsed person's phone dies when its battery runs down
/// (`r_collapse` = one bin in ``DetectionPolicy/collapsedPhoneBatteryHours``), a well person's phone drops out at its
/// own rate `r_own` (learned per household, smoothed toward once a month). If it then stays off, each further level of
/// hours off adds what ``PhoneStaysOff`` says (in every bin, reported or not): a well person's phone comes back, a
/// collapsed person's does not.
///
/// In a bin in which the household's plug did not report but its phone did, the calibration is also taken from the
/// phone's own quiet history (``PhoneAloneQuiet``), when that says more: a phone left on a table at home is often still
/// for a day, which the history learned with the plug watching never sees.
///
/// In a home whose only device is the call log, the evidence is at least what ``UnansweredCalls`` says: the hours since
/// the person's last call and the unanswered calls since, judged against this household's own contact gaps (the quiet
/// history, learned by slot, takes most of a call log's missed calls back).
struct Silence {
    /// Values of the quiet statistic, bans, whose in-progress frequency is counted per slot.
    static let quietThresholds: [Float] = [0.5, 1, 1.5, 2, 3, 4, 6, 8]
    /// Hour of day × day type (weekday, weekend): slot = 24 · dayType + hour.
    static let slots = 48
    private static let thresholdCount = quietThresholds.count
    /// `10^(−x)` for each threshold: how often the routine model expects the statistic to reach it.
    static let modelFrequency: [Float] = quietThresholds.map { pow(10, -$0) }

    /// How much more often a household's history reached a level than the model expects: `(seen + a) / (expected + a)`,
    /// `a` the pseudo-count. The one rule by which silence's quiet history, the phone-alone history and the power
    /// level's run history discount what this household has often done before (each takes the largest over the levels
    /// reached, at least 1).
    @inline(__always)
    static func historyExcess(seen: Float, expected: Float, pseudoCount a: Float) -> Float {
        (seen + a) / (expected + a)
    }

    /// Per household and slot, one record of ``lifeFields`` half-precision values, `(h · slots + slot) · lifeFields +
    /// field`: the decayed counts of life signs and of observed bins of the plug and of the phone (``LifeField``). One
    /// record because a bin reads and writes all four for its slot: one cache line where four arrays took four; and
    /// eight bytes, so the daily passes over every slot (the district's sums, the automatic rates, the cohorts) read six
    /// lines per household. Half precision: a decayed count of at most `1 / (1 − decay)` needs three significant digits.
    private var slotLife: [Float16] = []
    /// Per household and slot, the quiet history's record of ``historyFields`` two-byte values: the decayed number of
    /// days (a `Float16` bit pattern), then per threshold of ``quietThresholds`` the share of those days on which the
    /// statistic reached it, in units of 1/65,535 (two bytes each: the history is the largest part of a household's
    /// state, and a share needs no more). Apart from the counts: only the bins that score or learn a quiet stretch read it.
    private var slotHistory: [UInt16] = []
    /// Per household: the rate of life-sign power changes when nobody acts.
    private(set) var automaticRate: [Float] = []
    /// Per household, decayed over bins in which the phone reported lying still and the plug reported: the power
    /// life signs seen, and the number the slot rates expected. Their ratio is how much likelier this person's plug
    /// shows life while the phone lies still than the rates say (people who carry the phone: less; people who leave
    /// it on a table at home: more).
    private var stillPowerLife: [Float] = []
    private var stillPowerExpected: [Float] = []
    /// Per household and run length (hours since the quiet statistic was last zero, ``runLengths``), decayed over
    /// bins: the life signs each device showed, and the number its slot rates expected. Their ratio is how much likelier
    /// (early in a quiet stretch) or less likely (deep in one) this person shows life than the hour's rate says.
    private var phoneRunLife: [Float] = []
    private var phoneRunExpected: [Float] = []
    private var powerRunLife: [Float] = []
    private var powerRunExpected: [Float] = []
    // District priors per slot.
    // Until the district has been seen for six hours, a low rate everywhere: no silence evidence from nothing.
    private(set) var districtPowerRate = [Float](repeating: 0.05, count: slots)
    private(set) var districtPhoneRate = [Float](repeating: 0.05, count: slots)
    /// The district's life-sign ratios per run length (1, the rates taken as they are, until it has been seen).
    private(set) var districtPhoneRun = [Float](repeating: 1, count: runLengths.count)
    private(set) var districtPowerRun = [Float](repeating: 1, count: runLengths.count)
    /// Households grouped by daily profile; a household's rates are shrunk toward its cohort's.
    private(set) var cohorts = CohortPriors()
    /// Per whole ban `x` from 1 to ``districtQuietLevelCount`` (`[x − 1]`), bans: how much more often the district's
    /// households' statistic stands at `x` or above right now than the routine model expects, the largest of
    /// `max(0, log10(share) + x)` over the levels up to `x`. A young household's calibration borrows it
    /// (``DetectionPolicy/quietHistoryPriorDays``). Not archived: the monitor sets it before every step from the
    /// statistics themselves (``QuietCounts``).
    private(set) var districtQuietExcess = [Float](repeating: 0, count: districtQuietLevelCount)

    /// The quiet statistic `Q`, bans.
    private(set) var quiet: [Float] = []
    /// Hours since `Q` was last zero (counting only bins in which some device reported).
    private(set) var gapHours: [Float] = []
    /// Missed calls since `Q` was last zero.
    private(set) var missedCalls: [Float] = []
    /// Bins since `Q` was last zero in which the phone reported (it is on, and not moving).
    private(set) var phoneQuietBins: [Float] = []
    /// Bins since `Q` was last zero in which the plug reported without a life-sign change.
    private(set) var powerQuietBins: [Float] = []
    /// Hours of quiet after which the phone fell silent in the current stretch (0: it did not).
    private(set) var phoneFellSilentAfter: [Float] = []
    /// Bans of a phone's fall into silence in the previous bin, added in this one unless the district lost its phones.
    private var pendingDropout: [Float] = []
    /// 1 when the phone reported in the previous bin.
    private var phoneReported: [UInt8] = []
    /// Decayed counts of bins in which the phone reported, and of those after which it fell silent: how often this
    /// household's phone goes offline by itself.
    private var phoneReportingBins: [Float] = []
    private var phoneDropouts: [Float] = []
    /// Decayed counts of answered and missed incoming calls, for the missed-call evidence.
    private var answeredCalls: [Float] = []
    private var unansweredCalls: [Float] = []
    /// Silence evidence after this bin, bans.
    private(set) var evidence: [Float] = []
    /// The share of past days on which this household was as quiet at this slot (for reasons).
    private(set) var usualShare: [Float] = []
    /// The phone's own quiet statistic and history, which calibrate silence while the plug is offline.
    private var phoneAlone = PhoneAloneQuiet()
    /// A call-log-only home's contact gaps, which judge its unanswered calls and its days without a call.
    private var unanswered = UnansweredCalls()

    var count: Int { quiet.count }

    /// Lower edges, hours, of the quiet-run lengths whose life-sign ratios are learned separately: the first hours of
    /// a quiet stretch, then 2–5 h, 5–10 h and longer (four buckets measured as well as three or five,
    /// docs/tuning-journal.md, "Session 6: how quiet stretches go on (silence), and thresholds 2.5 / 3.25 / 4").
    static let runLengths: [Float] = [0, 2, 5, 10]
    private static let runLengthCount = runLengths.count
    /// Expected life signs at ratio 1 added to the district's sums, so a small district's ratios do not rest on a few
    /// bins.
    private static let districtRunPseudoSigns: Float = 10

    /// The run-length bucket of a quiet stretch `hours` long.
    @inline(__always)
    private static func runLength(_ hours: Float) -> Int {
        var b = 0
        while b + 1 < runLengthCount && hours >= runLengths[b + 1] { b += 1 }
        return b
    }

    /// Life signs seen over those the slot rates expected, shrunk toward the district's ratio for the bucket with a
    /// prior worth `m` expected signs.
    @inline(__always)
    private static func runRatio(_ life: Float, _ expected: Float, district: Float, _ m: Float) -> Float {
        (life + m * district) / (expected + m)
    }

    /// The fields of a household-slot record of ``slotLife`` (which ``CohortPriors/Counts`` reads in place).
    enum LifeField {
        static let powerLife = 0, powerSeen = 1, phoneLife = 2, phoneSeen = 3
    }

    /// Values per household-slot record of ``slotLife`` and of ``slotHistory`` (days, then the shares).
    static let lifeFields = 4
    private static let historyFields = 1 + thresholdCount

    /// A decayed count in half precision, held at the largest finite `Float16`: a count tends to `1 / (1 − decay)`
    /// updates, which stays far below it at the defaults (about 41) but would pass it after years of one-minute bins
    /// with a half-life of years, which the policy allows.
    @inline(__always)
    private static func half(_ count: Float) -> Float16 {
        Float16(min(count, Float(Float16.greatestFiniteMagnitude)))
    }

    mutating func append(households added: Int) {
        slotLife.append(contentsOf: repeatElement(0, count: added * Self.slots * Self.lifeFields))
        slotHistory.append(contentsOf: repeatElement(0, count: added * Self.slots * Self.historyFields))
        for path in [\Silence.quiet, \.gapHours, \.missedCalls, \.phoneQuietBins, \.powerQuietBins, \.evidence,
                     \.usualShare] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added))
        }
        cohorts.append(households: added)
        phoneAlone.append(households: added)
        unanswered.append(households: added)
        automaticRate.append(contentsOf: repeatElement(0.1, count: added))
        stillPowerLife.append(contentsOf: repeatElement(0, count: added))
        stillPowerExpected.append(contentsOf: repeatElement(0, count: added))
        for path in [\Silence.phoneRunLife, \.phoneRunExpected, \.powerRunLife, \.powerRunExpected] {
            self[keyPath: path].append(contentsOf: repeatElement(0, count: added * Self.runLengthCount))
        }
        phoneReported.append(contentsOf: repeatElement(0, count: added))
        pendingDropout.append(contentsOf: repeatElement(0, count: added))
        phoneFellSilentAfter.append(contentsOf: repeatElement(0, count: added))
        phoneReportingBins.append(contentsOf: repeatElement(0, count: added))
        phoneDropouts.append(contentsOf: repeatElement(0, count: added))
        answeredCalls.append(contentsOf: repeatElement(0, count: added))
        unansweredCalls.append(contentsOf: repeatElement(0, count: added))
    }

    /// Decayed counts shrunk toward a prior worth `m` days: the cohort's rate, whose pull fades as the household's
    /// own days at the slot add up, over the district's (a new household starts from its cohort).
    @inline(__always)
    static func shrunk(_ life: Float, _ seen: Float, district: Float, cohort: Float?, _ m: Float) -> Float {
        var prior = district
        if let cohort { prior += m / (m + seen) * (cohort - prior) }
        return (life + m * prior) / (seen + m)
    }

    /// Scores and then learns one bin. `slot[h]` is the household's slot; `learn[h]` is 0 while its history must not
    /// absorb this bin (an alert is open, an absence is announced).
    ///
    /// A phone's fall into silence is scored one bin late, and not at all when by then the district context has
    /// recognised a telecom outage (`phonesOutDistrictWide`, the context after the previous bin): an outage silences
    /// every phone at once, in quiet homes too.
    mutating func step(
        _ frame: BinColumn, _ signs: LifeSigns, level: PowerLevel, phoneOff: PhoneStaysOff, sources: [SignalSources],
        slot: [UInt8], learn: [UInt8], phonesOutDistrictWide: Bool, _ range: Range<Int>, _ policy: DetectionPolicy
    ) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "households \(range) out of range")
        // A call-log-only home's contact gap that ends in this bin (the person called or answered) joins its history
        // with the unanswered calls and hours it reached (before the step resets them).
        for h in range where signs.phoneLife[h] == 1 && quiet[h] > 0 && learn[h] == 1
            && UnansweredCalls.readsCallsAlone(sources[h]) {
            unanswered.learnGap(h, calls: missedCalls[h], hours: gapHours[h], halfLifeDays: policy.silenceHalfLifeDays)
        }
        // The state through pointers: one uniqueness check per array and bin instead of one per household and write
        // (the loop's writes, and its calls of helpers that write, are most of this detector's cost).
        let priors = Priors(
            cohorts: cohorts, districtPowerRate: districtPowerRate, districtPhoneRate: districtPhoneRate,
            districtPhoneRun: districtPhoneRun, districtPowerRun: districtPowerRun,
            districtQuietExcess: districtQuietExcess)
        precondition(
            min(frame.callIn.count, frame.callMissed.count, signs.powerObserved.count, signs.phoneObserved.count,
                signs.powerLife.count, signs.phoneLife.count, level.evidence.count, phoneOff.evidence.count,
                sources.count, slot.count, learn.count, automaticRate.count) >= range.upperBound,
            "a per-household input shorter than the households \(range)")
        Self.step(
            callIn: frame.callIn, callMissed: frame.callMissed, powerObserved: signs.powerObserved,
            phoneObserved: signs.phoneObserved, powerLife: signs.powerLife, phoneLife: signs.phoneLife,
            levelEvidence: level.evidence, phoneOffEvidence: phoneOff.evidence, sources: sources, slot: slot,
            learn: learn, automaticRate: automaticRate,
            phonesOutDistrictWide: phonesOutDistrictWide, range, policy, priors: priors, phoneAlone: &phoneAlone,
            slotLife: &slotLife, slotHistory: &slotHistory, phoneReported: &phoneReported, quiet: &quiet,
            gapHours: &gapHours, missedCalls: &missedCalls, phoneQuietBins: &phoneQuietBins,
            powerQuietBins: &powerQuietBins, phoneFellSilentAfter: &phoneFellSilentAfter,
            pendingDropout: &pendingDropout, phoneReportingBins: &phoneReportingBins, phoneDropouts: &phoneDropouts,
            answeredCalls: &answeredCalls, unansweredCalls: &unansweredCalls, evidence: &evidence,
            usualShare: &usualShare, stillPowerLife: &stillPowerLife, stillPowerExpected: &stillPowerExpected,
            phoneRunLife: &phoneRunLife, phoneRunExpected: &phoneRunExpected, powerRunLife: &powerRunLife,
            powerRunExpected: &powerRunExpected)
        // A call-log-only home's gap in progress, judged against its own gaps: the larger of that and the calibrated
        // statistic is its evidence.
        let cap = policy.unansweredCallsMaximumEvidence
        guard cap > 0 else { return }
        for h in range where quiet[h] > 0 && UnansweredCalls.readsCallsAlone(sources[h]) {
            let gap = unanswered.evidence(h, calls: missedCalls[h], hours: gapHours[h], cap: cap)
            if gap > evidence[h] { evidence[h] = gap }
        }
    }

    /// ``step(_:_:level:phoneOff:sources:slot:learn:phonesOutDistrictWide:_:_:)`` on the state's storage; every pointer
    /// holds the values of at least `range.upperBound` households.
    private static func step(
        callIn: UnsafePointer<Float>, callMissed: UnsafePointer<Float>, powerObserved: UnsafePointer<UInt8>,
        phoneObserved: UnsafePointer<UInt8>, powerLife: UnsafePointer<UInt8>, phoneLife: UnsafePointer<UInt8>,
        levelEvidence: UnsafePointer<Float>, phoneOffEvidence: UnsafePointer<Float>,
        sources: UnsafePointer<SignalSources>, slot: UnsafePointer<UInt8>, learn: UnsafePointer<UInt8>,
        automaticRate: UnsafePointer<Float>, phonesOutDistrictWide: Bool, _ range: Range<Int>,
        _ policy: DetectionPolicy, priors: Priors, phoneAlone: inout PhoneAloneQuiet,
        slotLife: UnsafeMutablePointer<Float16>, slotHistory: UnsafeMutablePointer<UInt16>,
        phoneReported: UnsafeMutablePointer<UInt8>, quiet: UnsafeMutablePointer<Float>,
        gapHours: UnsafeMutablePointer<Float>, missedCalls: UnsafeMutablePointer<Float>,
        phoneQuietBins: UnsafeMutablePointer<Float>, powerQuietBins: UnsafeMutablePointer<Float>,
        phoneFellSilentAfter: UnsafeMutablePointer<Float>, pendingDropout: UnsafeMutablePointer<Float>,
        phoneReportingBins: UnsafeMutablePointer<Float>, phoneDropouts: UnsafeMutablePointer<Float>,
        answeredCalls: UnsafeMutablePointer<Float>, unansweredCalls: UnsafeMutablePointer<Float>,
        evidence: UnsafeMutablePointer<Float>, usualShare: UnsafeMutablePointer<Float>,
        stillPowerLife: UnsafeMutablePointer<Float>, stillPowerExpected: UnsafeMutablePointer<Float>,
        phoneRunLife: UnsafeMutablePointer<Float>, phoneRunExpected: UnsafeMutablePointer<Float>,
        powerRunLife: UnsafeMutablePointer<Float>, powerRunExpected: UnsafeMutablePointer<Float>
    ) {
        let columns = Columns(
            priors: priors,
            slotLife: slotLife, slotHistory: slotHistory, phoneReported: phoneReported, quiet: quiet,
            gapHours: gapHours, missedCalls: missedCalls, phoneQuietBins: phoneQuietBins,
            powerQuietBins: powerQuietBins, phoneFellSilentAfter: phoneFellSilentAfter, pendingDropout: pendingDropout,
            phoneReportingBins: phoneReportingBins, phoneDropouts: phoneDropouts, answeredCalls: answeredCalls,
            unansweredCalls: unansweredCalls, evidence: evidence, usualShare: usualShare,
            stillPowerLife: stillPowerLife, stillPowerExpected: stillPowerExpected, phoneRunLife: phoneRunLife,
            phoneRunExpected: phoneRunExpected, powerRunLife: powerRunLife, powerRunExpected: powerRunExpected)
        let inputs = Inputs(
            callIn: callIn, callMissed: callMissed, powerObserved: powerObserved, phoneObserved: phoneObserved,
            powerLife: powerLife, phoneLife: phoneLife, levelEvidence: levelEvidence,
            phoneOffEvidence: phoneOffEvidence, sources: sources, slot: slot, learn: learn,
            automaticRate: automaticRate)
        phoneAlone.withColumns { phoneAlone in
            columns.step(
                inputs, phonesOutDistrictWide: phonesOutDistrictWide, range, policy, phoneAlone: phoneAlone)
        }
    }

    /// What a step reads of the district's and the cohorts' priors.
    fileprivate struct Priors {
        let cohorts: CohortPriors
        let districtPowerRate: [Float], districtPhoneRate: [Float], districtPhoneRun: [Float], districtPowerRun: [Float]
        let districtQuietExcess: [Float]
    }

    /// What a step reads per household of the bin's column, the other detectors and the block, and the automatic
    /// rates: pointers into their storage, each holding at least `range.upperBound` households (checked once per
    /// step instead of once per read), valid only during
    /// ``Silence/step(_:_:level:phoneOff:sources:slot:learn:phonesOutDistrictWide:_:_:)``.
    fileprivate struct Inputs {
        let callIn, callMissed: UnsafePointer<Float>
        let powerObserved, phoneObserved, powerLife, phoneLife: UnsafePointer<UInt8>
        let levelEvidence, phoneOffEvidence: UnsafePointer<Float>
        let sources: UnsafePointer<SignalSources>
        let slot, learn: UnsafePointer<UInt8>
        let automaticRate: UnsafePointer<Float>
    }

    /// Silence's per-household state during one step: the arrays it writes, through pointers into their storage (valid
    /// only during ``Silence/step(_:_:level:phoneOff:sources:slot:learn:phonesOutDistrictWide:_:_:)``), with the
    /// same names and the same per-household helpers, and the priors it reads.
    fileprivate struct Columns {
        let priors: Priors
        let slotLife: UnsafeMutablePointer<Float16>
        let slotHistory: UnsafeMutablePointer<UInt16>
        let phoneReported: UnsafeMutablePointer<UInt8>
        let quiet, gapHours, missedCalls, phoneQuietBins, powerQuietBins, phoneFellSilentAfter, pendingDropout,
            phoneReportingBins, phoneDropouts, answeredCalls, unansweredCalls, evidence, usualShare, stillPowerLife,
            stillPowerExpected, phoneRunLife, phoneRunExpected, powerRunLife, powerRunExpected:
            UnsafeMutablePointer<Float>

        /// ``Silence/quietThresholds`` as one vector.
        let thresholds = SIMD8<Float>(Silence.quietThresholds)

        var cohorts: CohortPriors { priors.cohorts }
        var districtPowerRate: [Float] { priors.districtPowerRate }
        var districtPhoneRate: [Float] { priors.districtPhoneRate }
        var districtPhoneRun: [Float] { priors.districtPhoneRun }
        var districtPowerRun: [Float] { priors.districtPowerRun }
        var districtQuietExcess: [Float] { priors.districtQuietExcess }
    }

    private static let shareUnits = Float(UInt16.max)

    /// Updates the eight shares of a quiet-history record, in units of 1/65,535, as one vector: each becomes
    /// `UInt16(min(keep · share + r + 0.5, 65,535))` (rounded toward zero), `r` being `reachedUnits` where `reached`
    /// and 0 elsewhere. The same arithmetic, lane by lane, as the scalar expression; the conversion back to `UInt16`
    /// adds 2²³ to the whole number (below 2¹⁶, so exact) and keeps the low 16 bits, which a vector can do.
    @inline(__always)
    static func learnShares(
        _ shares: UnsafeMutablePointer<UInt16>, keep: Float, reachedUnits: Float, reached: SIMDMask<SIMD8<Int32>>
    ) {
        let storage = UnsafeMutableRawPointer(shares)
        let old = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: storage.loadUnaligned(as: SIMD8<UInt16>.self)))
        let units = keep * old + SIMD8<Float>.zero.replacing(with: reachedUnits, where: reached) + 0.5
        let whole = units.replacing(with: shareUnits, where: shareUnits .< units).rounded(.towardZero)
        let bits = unsafeBitCast(whole + 8_388_608, to: SIMD8<UInt32>.self)
        storage.storeBytes(of: SIMD8<UInt16>(truncatingIfNeeded: bits), as: SIMD8<UInt16>.self)
    }

    private static let unitShare = 1 / shareUnits

    /// The share a stored history value stands for, 0–1.
    private static func share(_ stored: UInt16) -> Float { Float(stored) * unitShare }

    /// The slot `offset` hours from `slot`, within the same day type.
    private static func neighbour(_ slot: Int, _ offset: Int) -> Int {
        let type = slot / 24
        return type * 24 + (slot % 24 + offset + 24) % 24
    }

    /// The levels of the quiet statistic at which the district's households are counted for ``districtQuietExcess``:
    /// every whole ban from 1 to this (beyond the history's thresholds: a young household's quiet can reach far past
    /// them).
    static let districtQuietLevelCount = QuietCounts.Levels.scalarCount

    /// How many of the district's households' statistics stand at or above each whole ban from 1 to
    /// ``districtQuietLevelCount``.
    struct QuietCounts {
        /// One count per level: its width is the number of levels.
        typealias Levels = SIMD16<Float>
        /// Per level (`reached[x − 1]` for `x` bans), the households at or above it.
        var reached = Levels.zero
        /// The households counted.
        var households: Float = 0
    }

    /// Adds this detector's households' quiet statistics to `counts`: households per whole ban of the statistic
    /// (16 and more together), then summed from the top.
    func addQuietCounts(to counts: inout QuietCounts) {
        let top = Self.districtQuietLevelCount
        withUnsafeTemporaryAllocation(of: Int.self, capacity: top + 1) { perBan in
            perBan.initialize(repeating: 0)
            for q in quiet { perBan[q >= Float(top) ? top : q >= 1 ? Int(q) : 0] += 1 }
            var atOrAbove = 0
            for level in stride(from: top, through: 1, by: -1) {
                atOrAbove += perBan[level]
                counts.reached[level - 1] += Float(atOrAbove)
            }
        }
        counts.households += Float(quiet.count)
    }

    /// Sets the district's quiet excess from the counts of all its households (before each step): per level `x`,
    /// `max(0, log10(share) + x)`, the largest over the levels at or below each (0 where no household is counted).
    mutating func setDistrictQuiet(_ counts: QuietCounts) {
        var largest: Float = 0
        for j in 0..<Self.districtQuietLevelCount {
            let share = counts.households > 0 ? counts.reached[j] / counts.households : 0
            if share > 0 { largest = max(largest, log10(share) + Float(j + 1)) }
            districtQuietExcess[j] = largest
        }
    }

    /// Per slot, sums over households of the decayed life-sign counts, for the district's priors.
    struct SlotSums {
        /// Per slot, the four sums in the order of a ``slotLife`` record (``LifeField``): one vector addition per
        /// household-slot, each lane in household order like a scalar sum.
        var life = [SIMD4<Float>](repeating: .zero, count: Silence.slots)
        var phoneRunLife = [Float](repeating: 0, count: Silence.runLengths.count)
        var phoneRunExpected = [Float](repeating: 0, count: Silence.runLengths.count)
        var powerRunLife = [Float](repeating: 0, count: Silence.runLengths.count)
        var powerRunExpected = [Float](repeating: 0, count: Silence.runLengths.count)
        /// The call-log-only homes' contact gaps.
        var unanswered = UnansweredCalls.Sums()
    }

    /// Adds this detector's households to `sums`, in household order. The monitor adds its blocks in block order, so
    /// every slot's sum is taken in household order over the whole district, whatever the blocks and threads.
    func addSlotSums(to sums: inout SlotSums) {
        let slots = Self.slots, households = count
        lifeSignCounts.withRecords { records in
            sums.life.withUnsafeMutableBufferPointer { life in
                precondition(life.count == slots, "slot sums of another length than the slots")
                for h in 0..<households {
                    let household = records + h * slots
                    for k in 0..<slots { life[k] += SIMD4<Float>(household[k]) }
                }
            }
        }
        for h in 0..<count {
            for b in 0..<Self.runLengthCount {
                let i = h * Self.runLengthCount + b
                sums.phoneRunLife[b] += phoneRunLife[i]
                sums.phoneRunExpected[b] += phoneRunExpected[i]
                sums.powerRunLife[b] += powerRunLife[i]
                sums.powerRunExpected[b] += powerRunExpected[i]
            }
        }
        unanswered.addSums(to: &sums.unanswered)
    }

    /// Sets the district's per-slot life-sign rates and per-run-length ratios from the whole district's sums.
    mutating func setDistrictRates(_ district: SlotSums) {
        for k in 0..<Self.slots {
            let sums = district.life[k]
            if sums[LifeField.powerSeen] > 0 {
                districtPowerRate[k] = sums[LifeField.powerLife] / sums[LifeField.powerSeen]
            }
            if sums[LifeField.phoneSeen] > 0 {
                districtPhoneRate[k] = sums[LifeField.phoneLife] / sums[LifeField.phoneSeen]
            }
        }
        let m = Self.districtRunPseudoSigns
        for b in 0..<Self.runLengthCount {
            districtPhoneRun[b] = (district.phoneRunLife[b] + m) / (district.phoneRunExpected[b] + m)
            districtPowerRun[b] = (district.powerRunLife[b] + m) / (district.powerRunExpected[b] + m)
        }
        unanswered.setDistrictSurvival(district.unanswered)
    }

    /// The decayed life-sign counts per household and slot, which cohorts are grouped by: the records themselves,
    /// read in place (no copy; once a day).
    var lifeSignCounts: CohortPriors.Counts { CohortPriors.Counts(records: slotLife) }

    /// The district's per-slot life-sign rates, which stand in for a slot no cohort member has seen.
    var districtRates: CohortPriors.Rates { CohortPriors.Rates(power: districtPowerRate, phone: districtPhoneRate) }

    /// Moves this detector's households to their nearest cohort centre (once a day, on the step's threads with BLAS on
    /// one thread) and returns the members' pooled counts; the monitor adds them up and hands every block the rates
    /// (``adoptCohortRates(_:)``). A failed product keeps the previous cohorts (nil); it cannot happen for counts of
    /// consistent shape.
    mutating func assignCohorts(to centres: CohortPriors.Rates) -> CohortSums? {
        try? cohorts.assign(lifeSignCounts, to: centres)
    }

    /// Takes the district's cohort rates.
    mutating func adoptCohortRates(_ rates: CohortPriors.Rates) {
        cohorts.adopt(rates)
    }

    /// Recomputes each household's automatic power-change rate from its rates (after the priors changed): its lowest
    /// plug rate over the slots (``powerRate(_:slot:_:)``'s arithmetic, on the records through a pointer and with the
    /// household's cohort looked up once).
    mutating func refreshAutomaticRates(_ policy: DetectionPolicy) {
        let m = policy.lifeSignPriorDays, slots = Self.slots, fields = Self.lifeFields, households = count
        let cohort = cohorts.cohort, cohortRate = cohorts.powerRate, district = districtPowerRate
        precondition(cohort.count == households && district.count == slots,
                     "cohorts of another length than the households")
        // Every array through a pointer: the slots' reads are checked once per household (the cohort's rates) or once
        // per call, not once per slot.
        slotLife.withUnsafeBufferPointer { counts in
            precondition(counts.count == households * slots * fields,
                         "slot records of another length than the households")
            automaticRate.withUnsafeMutableBufferPointer { automaticRate in
                cohortRate.withUnsafeBufferPointer { cohortRate in
                    district.withUnsafeBufferPointer { district in
                        for h in 0..<households {
                            let records = counts.baseAddress! + h * slots * fields
                            // The household's cohort's rates start here (nil before it has a cohort).
                            let rates = cohort[h] == CohortPriors.none ? nil : Int(cohort[h]) * slots
                            if let rates {
                                precondition(rates + slots <= cohortRate.count, "cohort \(cohort[h]) has no rates")
                            }
                            var lowest: Float = 1
                            for k in 0..<slots {
                                let life = Float(records[k * fields + LifeField.powerLife])
                                let seen = Float(records[k * fields + LifeField.powerSeen])
                                lowest = min(lowest, Self.shrunk(life, seen, district: district.baseAddress![k],
                                                                 cohort: rates.map { cohortRate.baseAddress![$0 + k] },
                                                                 m))
                            }
                            automaticRate[h] = min(0.3, max(0.02, lowest))
                        }
                    }
                }
            }
        }
    }
}

extension Silence.Columns {
    /// The life-sign count `field` of household-slot `i`.
    @inline(__always)
    func lifeCount(_ i: Int, _ field: Int) -> Float {
        Float(slotLife[i * Silence.lifeFields + field])
    }

    /// Decays the life-sign count `field` of household-slot `i` by `decay` and adds `added` (in half precision).
    @inline(__always)
    func learnLifeCount(_ i: Int, _ field: Int, decay: Float, added: Float) {
        let j = i * Silence.lifeFields + field
        slotLife[j] = Silence.half(decay * Float(slotLife[j]) + added)
    }

    /// The quiet history's decayed days at household-slot `i`.
    @inline(__always)
    func historyDays(_ i: Int) -> Float {
        Float(Float16(bitPattern: slotHistory[i * Silence.historyFields]))
    }

    /// The probability of a sign of life from each device at `slot`, smoothed toward the household's cohort (the
    /// district, before it has one).
    /// `priorDays` is ``DetectionPolicy/lifeSignPriorDays`` (the number, not the policy: this runs for every household
    /// and bin, and a policy passed down is a copy of the whole struct).
    @inline(__always)
    func lifeRates(_ h: Int, slot: Int, priorDays: Float) -> (power: Float, phone: Float) {
        (powerRate(h, slot: slot, priorDays), phoneRate(h, slot: slot, priorDays))
    }

    /// The plug's life-sign probability at `slot` (see ``lifeRates(_:slot:priorDays:)``), `m` the prior's strength in
    /// days.
    @inline(__always)
    func powerRate(_ h: Int, slot: Int, _ m: Float) -> Float {
        let i = h * Silence.slots + slot
        let cohort = cohorts.cohort[h] == CohortPriors.none
            ? nil : cohorts.powerRate[Int(cohorts.cohort[h]) * Silence.slots + slot]
        return Silence.shrunk(lifeCount(i, Silence.LifeField.powerLife), lifeCount(i, Silence.LifeField.powerSeen),
                           district: districtPowerRate[slot], cohort: cohort, m)
    }

    /// The phone's life-sign probability at `slot` (see ``lifeRates(_:slot:priorDays:)``).
    @inline(__always)
    func phoneRate(_ h: Int, slot: Int, _ m: Float) -> Float {
        let i = h * Silence.slots + slot
        let cohort = cohorts.cohort[h] == CohortPriors.none
            ? nil : cohorts.phoneRate[Int(cohorts.cohort[h]) * Silence.slots + slot]
        return Silence.shrunk(lifeCount(i, Silence.LifeField.phoneLife), lifeCount(i, Silence.LifeField.phoneSeen),
                           district: districtPhoneRate[slot], cohort: cohort, m)
    }

    /// Scores and then learns one bin: the loop of
    /// ``Silence/step(_:_:level:phoneOff:sources:slot:learn:phonesOutDistrictWide:_:_:)``.
    func step(
        _ inputs: Silence.Inputs, phonesOutDistrictWide: Bool, _ range: Range<Int>, _ policy: DetectionPolicy,
        phoneAlone: PhoneAloneQuiet.Columns
    ) {
        let slot = inputs.slot, learn = inputs.learn, sources = inputs.sources, automaticRate = inputs.automaticRate
        let callIn = inputs.callIn, callMissed = inputs.callMissed
        let powerObserved = inputs.powerObserved, phoneObserved = inputs.phoneObserved
        let powerLife = inputs.powerLife, phoneLife = inputs.phoneLife
        let levelEvidence = inputs.levelEvidence, phoneOffEvidence = inputs.phoneOffEvidence
        let binHours = Float(policy.binSeconds) / 3600
        let updatesPerDay = 3600 / Float(policy.binSeconds)
        let decay = Float(pow(0.5, 1 / Double(policy.silenceHalfLifeDays * updatesPerDay)))
        let cap = policy.lifeSignProbabilityCap
        let binDecay = Float(pow(0.5, Double(binHours) / Double(policy.silenceHalfLifeDays * 24)))
        let priorDays = policy.lifeSignPriorDays, runPrior = policy.quietRunPriorSigns
        let pseudoDays = policy.quietHistoryPseudoDays, youngDays = policy.quietHistoryPriorDays
        for h in range {
            let k = Int(slot[h])
            let i = h * Silence.slots + k
            let seenPower = powerObserved[h] == 1, seenPhone = phoneObserved[h] == 1
            let complete = (seenPower || !sources[h].contains(.power)) && (seenPhone || !sources[h].contains(.steps))
            if pendingDropout[h] > 0 {
                if !phonesOutDistrictWide && quiet[h] > 0 && !seenPhone {
                    quiet[h] += pendingDropout[h]
                } else {
                    phoneFellSilentAfter[h] = 0
                }
                pendingDropout[h] = 0
            }
            // The phone still off after it fell silent in this stretch: added whether or not anything reported.
            if phoneOffEvidence[h] != 0 && quiet[h] > 0 { quiet[h] = max(0, quiet[h] + phoneOffEvidence[h]) }
            let droppedOut = phoneReported[h] == 1 && !seenPhone
            if droppedOut && quiet[h] >= Silence.quietThresholds[0] && phoneQuietBins[h] > 0 {
                // The phone was on and still through a quiet stretch, and now it has gone silent: a battery dying by
                // a person who no longer charges it, or the phone's own habit of dropping out.
                pendingDropout[h] = dropoutEvidence(h, binHours: binHours, policy)
                phoneFellSilentAfter[h] = gapHours[h]
            }
            // The rates at this slot and this point of a quiet stretch, taken when the bin is scored, for the counts
            // learned below: every bin a device reported counts toward its run-length ratio, life signs or not.
            let bucket = Silence.runLength(quiet[h] > 0 ? gapHours[h] : 0)
            let run = h * Silence.runLengthCount + bucket
            var plugRate: Float = 0, plugRunRate: Float = 0, phoneRunRate: Float = 0
            if seenPower || seenPhone {
                let rates = lifeRates(h, slot: k, priorDays: priorDays)
                plugRate = rates.power
                // With the phone lying still, the plug's routine rate is the one seen in such bins.
                let still = seenPhone && phoneLife[h] == 0
                    ? (stillPowerLife[h] + 1) / (stillPowerExpected[h] + 1) : 1
                plugRunRate = rates.power * still
                phoneRunRate = rates.phone
            }
            if phoneLife[h] == 1 {
                resetQuiet(h)
                phoneAlone.add(h, life: true, llr: 0, learn: learn[h] == 1 && complete, decay: binDecay)
            } else if seenPower || seenPhone {
                var llr: Float = 0
                if seenPower {
                    let r = Silence.runRatio(
                        powerRunLife[run], powerRunExpected[run], district: districtPowerRun[bucket], runPrior)
                    let p = min(cap, max(0.01, plugRunRate * r))
                    let q = min(automaticRate[h], p)
                    llr += (powerLife[h] == 1 ? log10(q / p) : log10((1 - q) / (1 - p))) + levelEvidence[h]
                }
                let missed = callMissed[h]
                if seenPhone {
                    let r = Silence.runRatio(
                        phoneRunLife[run], phoneRunExpected[run], district: districtPhoneRun[bucket], runPrior)
                    let calls = missed > 0 ? missed * missedCallEvidence(h) : 0
                    let phoneLLR = -log10(1 - min(cap, phoneRunRate * r)) + calls
                    llr += phoneLLR
                    phoneAlone.add(h, life: false, llr: phoneLLR, learn: learn[h] == 1 && complete, decay: binDecay)
                } else if missed > 0 {
                    llr += missed * missedCallEvidence(h)
                }
                let next = max(0, quiet[h] + llr)
                if next == 0 {
                    resetQuiet(h)
                } else {
                    quiet[h] = next
                    gapHours[h] += binHours
                    if seenPhone { phoneQuietBins[h] += 1 }
                    if seenPower && powerLife[h] == 0 { powerQuietBins[h] += 1 }
                    if missed > 0 { missedCalls[h] += missed }
                }
            }
            // With the plug offline the phone speaks alone: judged also against its own history (PhoneAloneQuiet).
            let plugOffline = seenPhone && !seenPower && sources[h].contains(.power)
            score(h, slot: k, plugOffline: plugOffline, pseudoDays: pseudoDays, youngDays: youngDays,
                  phoneAlone: phoneAlone)
            if learn[h] == 1, phoneReported[h] == 1 {
                phoneReportingBins[h] = binDecay * phoneReportingBins[h] + 1
                phoneDropouts[h] = binDecay * phoneDropouts[h] + (droppedOut ? 1 : 0)
            }
            phoneReported[h] = seenPhone ? 1 : 0
            guard learn[h] == 1, seenPower || seenPhone else { continue }
            if seenPower {
                powerRunLife[run] = binDecay * powerRunLife[run] + Float(powerLife[h])
                powerRunExpected[run] = binDecay * powerRunExpected[run] + min(1, plugRunRate)
                if seenPhone && phoneLife[h] == 0 {
                    stillPowerLife[h] = binDecay * stillPowerLife[h] + Float(powerLife[h])
                    stillPowerExpected[h] = binDecay * stillPowerExpected[h] + plugRate
                }
                learnLifeCount(i, Silence.LifeField.powerLife, decay: decay, added: Float(powerLife[h]))
                learnLifeCount(i, Silence.LifeField.powerSeen, decay: decay, added: 1)
            }
            if seenPhone {
                phoneRunLife[run] = binDecay * phoneRunLife[run] + Float(phoneLife[h])
                phoneRunExpected[run] = binDecay * phoneRunExpected[run] + phoneRunRate
                learnLifeCount(i, Silence.LifeField.phoneLife, decay: decay, added: Float(phoneLife[h]))
                learnLifeCount(i, Silence.LifeField.phoneSeen, decay: decay, added: 1)
            }
            if complete { learnQuiet(i, quiet: quiet[h], decay: decay) }
            let answered = callIn[h], missed = callMissed[h]
            if answered > 0 || missed > 0 {
                let callDecay = decay * decay * decay  // calls are rarer than bins: a shorter memory in updates
                answeredCalls[h] = callDecay * answeredCalls[h] + (answered.isNaN ? 0 : answered)
                unansweredCalls[h] = callDecay * unansweredCalls[h] + (missed.isNaN ? 0 : missed)
            }
        }
    }

    /// Bans a phone falling silent in a quiet stretch adds, at most 2: the chance per bin that a collapsed person's
    /// phone dies, `binHours / collapsedPhoneBatteryHours`, against how often this household's phone drops out by
    /// itself per bin in which it reported (decayed counts, smoothed toward once a month).
    func dropoutEvidence(_ h: Int, binHours: Float, _ policy: DetectionPolicy) -> Float {
        let own = (phoneDropouts[h] + 1) / (phoneReportingBins[h] + 720 / binHours)
        return min(2, max(0, log10(binHours / policy.collapsedPhoneBatteryHours / own)))
    }

    /// Bans one missed call adds: `log10(1 / m)`, `m` this household's usual share of incoming calls it misses
    /// (smoothed toward 25%), at most 1. A person who has collapsed misses every call.
    func missedCallEvidence(_ h: Int) -> Float {
        let share = (unansweredCalls[h] + 1) / (unansweredCalls[h] + answeredCalls[h] + 4)
        return min(1, -log10(share))
    }

    func resetQuiet(_ h: Int) {
        // Most resets find a household already reset (its phone shows life bin after bin); writing only what is not
        // zero already spares the stores (the lines stay clean), and leaves the same bits.
        Self.set(quiet, h, 0)
        Self.set(gapHours, h, 0)
        Self.set(missedCalls, h, 0)
        Self.set(phoneFellSilentAfter, h, 0)
        Self.set(phoneQuietBins, h, 0)
        Self.set(powerQuietBins, h, 0)
    }

    /// Sets `values[h]` to `value` unless it holds those bits already (no store).
    @inline(__always)
    static func set(_ values: UnsafeMutablePointer<Float>, _ h: Int, _ value: Float) {
        if values[h].bitPattern != value.bitPattern { values[h] = value }
    }

    /// Adds the quiet statistic in progress at household-slot `i` to its history.
    func learnQuiet(_ i: Int, quiet: Float, decay: Float) {
        let kept = decay * historyDays(i)
        let days = kept + 1
        // share' = (kept · share + reached) / days, in units of 1/65,535: the old units keep `kept / days` of their
        // weight and a day that reached the threshold adds `65,535 / days`; rounded to the nearest unit.
        let keep = kept / days, reachedUnits = Silence.shareUnits / days
        let base = i * Silence.historyFields
        slotHistory[base] = Silence.half(days).bitPattern
        Silence.learnShares(
            slotHistory + base + 1, keep: keep, reachedUnits: reachedUnits, reached: thresholds .<= quiet)
    }

    /// The decayed number of days on which household-slot `i`'s statistic reached threshold `j`.
    func exceedances(_ i: Int, _ j: Int) -> Float {
        historyDays(i) * Silence.share(slotHistory[i * Silence.historyFields + 1 + j])
    }

    /// Sets household `h`'s silence evidence from its quiet statistic, calibrated by its history at slot `k` and, when
    /// `plugOffline` (its plug did not report this bin but its phone did), also by the phone's own history.
    /// Most households are not quiet bin after bin: that case is inlined in the step's loop, and writes only a change
    /// (the same bits, fewer stores).
    @inline(__always)
    func score(
        _ h: Int, slot k: Int, plugOffline: Bool, pseudoDays a: Float, youngDays: Float,
        phoneAlone: PhoneAloneQuiet.Columns
    ) {
        guard quiet[h] >= thresholds[0] else {
            Self.set(evidence, h, 0)
            Self.set(usualShare, h, 1)
            return
        }
        scoreQuiet(h, slot: k, plugOffline: plugOffline, pseudoDays: a, youngDays: youngDays, phoneAlone: phoneAlone)
    }

    /// ``score(_:slot:plugOffline:pseudoDays:youngDays:phoneAlone:)`` of a household whose statistic reached the
    /// first threshold.
    func scoreQuiet(
        _ h: Int, slot k: Int, plugOffline: Bool, pseudoDays a: Float, youngDays: Float,
        phoneAlone: PhoneAloneQuiet.Columns
    ) {
        let q = quiet[h]
        let own = history(h, slot: k, quiet: q, pseudoDays: a)
        var calibration = own.calibration
        if plugOffline { calibration = max(calibration, phoneAlone.calibration(h, quiet: q, pseudoCount: a)) }
        // A young history says little either way. Until the slot's own history holds `youngDays` days, the
        // household's history at the same hour of the other day type counts too (a first Saturday is judged beside
        // the weekdays' quiet, not against nothing); until both together hold that many, the district's excess does.
        // Each at a weight that falls from 1 to 0 as those days add up.
        var young: Float = 0
        if youngDays > 0, own.days < youngDays {
            let other = history(h, slot: (k + 24) % Silence.slots, quiet: q, pseudoDays: a)
            young = (1 - own.days / youngDays) * log10(other.calibration)
            let level = q >= Float(Silence.districtQuietLevelCount) ? Silence.districtQuietLevelCount : Int(q)
            if level > 0, own.days + other.days < youngDays {
                young = max(young, (1 - (own.days + other.days) / youngDays) * districtQuietExcess[level - 1])
            }
        }
        evidence[h] = max(0, q - max(log10(calibration), young))
        usualShare[h] = own.share
    }

    /// The quiet history's correction `c` at slot `k` for statistic `q` (at least 1), the history's days there and the
    /// share of them that reached the highest level at or below `q`: the slot's own record and, at half weight, the
    /// neighbouring hours of the same day type.
    @inline(__always)
    func history(_ h: Int, slot k: Int, quiet q: Float, pseudoDays a: Float)
        -> (calibration: Float, days: Float, share: Float) {
        var calibration: Float = 1, share: Float = 0
        let here = h * Silence.slots + k
        let before = h * Silence.slots + Silence.neighbour(k, -1), after = h * Silence.slots + Silence.neighbour(k, 1)
        let days = historyDays(here) + 0.5 * (historyDays(before) + historyDays(after))
        for j in 0..<Silence.thresholdCount where Silence.quietThresholds[j] <= q {
            let seen = exceedances(here, j) + 0.5 * (exceedances(before, j) + exceedances(after, j))
            let expected = days * Silence.modelFrequency[j]
            calibration = max(calibration, Silence.historyExcess(seen: seen, expected: expected, pseudoCount: a))
            share = days > 0 ? seen / days : 1
        }
        return (calibration, days, share)
    }
}

extension Silence {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("silence")
        try archive.values(&slotLife)
        try archive.values(&slotHistory)
        try archive.values(&automaticRate)
        try archive.values(&stillPowerLife)
        try archive.values(&stillPowerExpected)
        try archive.values(&phoneRunLife)
        try archive.values(&phoneRunExpected)
        try archive.values(&powerRunLife)
        try archive.values(&powerRunExpected)
        try archive.values(&districtPowerRate)
        try archive.values(&districtPhoneRate)
        try archive.values(&districtPhoneRun)
        try archive.values(&districtPowerRun)
        try cohorts.archive(&archive)
        try phoneAlone.archive(&archive)
        try archive.values(&quiet)
        try archive.values(&gapHours)
        try archive.values(&missedCalls)
        try archive.values(&phoneQuietBins)
        try archive.values(&powerQuietBins)
        try archive.values(&phoneFellSilentAfter)
        try archive.values(&phoneReported)
        try archive.values(&pendingDropout)
        try archive.values(&phoneReportingBins)
        try archive.values(&phoneDropouts)
        try archive.values(&answeredCalls)
        try archive.values(&unansweredCalls)
        try archive.values(&evidence)
        try archive.values(&usualShare)
        try unanswered.archive(&archive)
    }
}
