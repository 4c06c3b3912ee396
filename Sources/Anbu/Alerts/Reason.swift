/// One reason behind an alert: a stable code with the numbers a caseworker needs, and an English rendering.
///
/// `observed` and `usual` are in ``unit``, except for `silence`, whose `usual` is the percentage of past days on which
/// this household was as quiet at this hour. Either may be absent when it has no meaning for the code.
public struct Reason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The machine-readable code.
    public var code: ReasonCode
    /// What was observed, in ``unit``.
    public var observed: Float?
    /// What is usual for this household at this time, in ``unit``.
    public var usual: Float?
    /// The unit of ``observed`` and ``usual``: `h`, `steps`, `calls`, `W`, `bans`, or empty.
    public var unit: String

    /// A reason.
    public init(_ code: ReasonCode, observed: Float? = nil, usual: Float? = nil, unit: String = "") {
        self.code = code
        self.observed = observed
        self.usual = usual
        self.unit = unit
    }

    /// An English sentence for a caseworker, e.g. "no sign of life for 7.5 h; this quiet at this hour on 2% of past
    /// days".
    public var description: String {
        let o = observed.map(Self.format) ?? "?"
        let u = usual.map(Self.format)
        switch code {
        case .silence:
            return "no sign of life for \(o) h" + (u.map { "; this quiet at this hour on \($0)% of past days" } ?? "")
        case .noSteps: return "phone on but no steps for \(o) h"
        case .lowPowerActivity: return "no change in power use for \(o) h"
        case .powerLevelUnchanged:
            return "power held at \(o) W through quiet hours at which this home is seldom lit"
                + (u.map { " (dark, it draws \($0) W)" } ?? "")
        case .missedCalls: return "\(o) missed call\(observed == 1 ? "" : "s")"
        case .phoneFellSilent: return "the phone fell silent after \(o) h without steps"
        case .routineDeviation: return "activity far below this hour's usual level (\(o) bans)"
        case .fewerSteps: return "steps \(o) a day lately vs usual \(u ?? "?")"
        case .fewerActiveHours: return "active hours \(o) a day lately vs usual \(u ?? "?")"
        case .fewerCallsOut: return "outgoing calls \(o) a day lately vs usual \(u ?? "?")"
        case .fewerAnsweredCalls: return "answered calls \(o) a day lately vs usual \(u ?? "?")"
        case .deviceOfflinePower: return "smart plug silent for \(o) h"
        case .deviceOfflinePhone: return "phone silent for \(o) h"
        case .deviceStuckPower: return "smart plug repeating one value for \(o) h"
        case .deviceImplausiblePower: return "smart plug reports an implausible \(o) W"
        case .outagePower: return "power data lost across the district (\(o)% of plugs)"
        case .outageTelecom: return "phones silent across the district (\(o)% of phones)"
        case .districtShift: return "the district's routine shifted at once (\(o)× the usual share of quiet homes)"
        case .lifeReturned: return "signs of life returned"
        case .evidenceFaded: return "evidence fell below the alert's level"
        case .announcedAbsence: return "an announced absence began"
        case .dataReturned: return "data returned"
        default: return code.rawValue + (observed.map { " \(Self.format($0)) \(unit)" } ?? "")
        }
    }

    /// A whole number as an integer, anything else to one decimal; very large or non-finite values as Swift prints
    /// them (never a trap: a restored or hand-made reason may carry any float).
    private static func format(_ value: Float) -> String {
        guard value.isFinite, abs(value) < 1e7 else { return String(value) }
        if value == value.rounded() { return String(Int(value)) }
        return String(Float(Int((value * 10).rounded())) / 10)
    }
}

extension ReasonCode {
    /// No sign of life across all devices for longer than this household's usual gap at this hour.
    public static let silence = ReasonCode(rawValue: "silence")
    /// The phone reports but counts no steps.
    public static let noSteps = ReasonCode(rawValue: "no_steps")
    /// The plug reports but power does not change (standby, or an appliance left on).
    public static let lowPowerActivity = ReasonCode(rawValue: "low_power_activity")
    /// The plug's draw stayed lit (lights, a television left on) through quiet hours at which this household's home
    /// is seldom lit.
    public static let powerLevelUnchanged = ReasonCode(rawValue: "power_level_unchanged")
    /// Incoming calls went unanswered during the silence.
    public static let missedCalls = ReasonCode(rawValue: "missed_calls")
    /// The phone, on and still through the silence, stopped reporting (a battery running down that nobody charges).
    public static let phoneFellSilent = ReasonCode(rawValue: "phone_fell_silent")
    /// Activity far below this hour's usual level.
    public static let routineDeviation = ReasonCode(rawValue: "routine_deviation")
    /// Daily steps fell over days to weeks.
    public static let fewerSteps = ReasonCode(rawValue: "fewer_steps")
    /// Daily active hours fell over days to weeks.
    public static let fewerActiveHours = ReasonCode(rawValue: "fewer_active_hours")
    /// Outgoing calls fell over days to weeks.
    public static let fewerCallsOut = ReasonCode(rawValue: "fewer_calls_out")
    /// Answered incoming calls fell over days to weeks.
    public static let fewerAnsweredCalls = ReasonCode(rawValue: "fewer_answered_calls")
    /// The smart plug sent no data for hours.
    public static let deviceOfflinePower = ReasonCode(rawValue: "device_offline_power")
    /// The phone sent no data for hours.
    public static let deviceOfflinePhone = ReasonCode(rawValue: "device_offline_phone")
    /// The smart plug repeats exactly one value.
    public static let deviceStuckPower = ReasonCode(rawValue: "device_stuck_power")
    /// The smart plug reports power no home draws.
    public static let deviceImplausiblePower = ReasonCode(rawValue: "device_implausible_power")
    /// A large share of the district's plugs went silent at once.
    public static let outagePower = ReasonCode(rawValue: "outage_power")
    /// A large share of the district's phones went silent at once.
    public static let outageTelecom = ReasonCode(rawValue: "outage_telecom")
    /// Many households went quiet at once (holiday, heat wave): person evidence is discounted.
    public static let districtShift = ReasonCode(rawValue: "district_shift")
    /// Closing: signs of life returned.
    public static let lifeReturned = ReasonCode(rawValue: "life_returned")
    /// Closing or de-escalating: the evidence fell below the alert's level.
    public static let evidenceFaded = ReasonCode(rawValue: "evidence_faded")
    /// Closing: an announced absence began.
    public static let announcedAbsence = ReasonCode(rawValue: "announced_absence")
    /// Closing a device or district alert: data returned.
    public static let dataReturned = ReasonCode(rawValue: "data_returned")
}
