public import Anbu

/// The rules deployed in Korean districts today, as detectors that write alert events like the engine, so every
/// report can show them beside it.
///
/// Each rule watches one condition per household and bin: an alert opens (kind `person`, at
/// ``ReferenceRuleSettings/tier``, `serious` by default) at the end of the bin in which the condition starts to
/// hold, and closes at the end of the bin in which it stops holding (contact or variation returns). An alert still
/// open at the end of the household's span has no close. The rules know nothing of announced absences, device
/// faults or district events, as deployed.
///
/// A rule runs over each household's bins under ``ReferenceRuleSettings/span`` (by default from its first to its
/// last bin with any data: before that it was not enrolled). A household without the devices a rule needs gets no
/// alerts from it.
public enum ReferenceRule: String, CaseIterable, Sendable, Hashable, Codable {
    /// No contact for 24 h (똑똑 안부확인 style): no outgoing call, no answered incoming call and no bin with steps
    /// above 0 for 24 consecutive hours. A phone that sends nothing counts as no contact. Needs a phone (steps or calls).
    case noContact24h = "no_contact_24h"
    /// No contact for 48 h.
    case noContact48h = "no_contact_48h"
    /// No contact for 72 h (the usual deployed window).
    case noContact72h = "no_contact_72h"
    /// Smart plug flat for 24 h (Seoul IoT plug style): over the last 24 h the hourly power varied by less than
    /// ``ReferenceRuleSettings/flatPowerRangeWatts`` (max − min of the present bins); missing bins count as flat (an
    /// unplugged plug is treated as no activity, as deployed). Needs a plug.
    case plugFlat24h = "plug_flat_24h"
    /// Smart plug flat for 48 h.
    case plugFlat48h = "plug_flat_48h"
    /// Gangnam steps: 0 steps in a calendar day, or ≤ 200 steps over two consecutive calendar days (the household's
    /// time zone), judged at midnight; a phone that sends nothing counts 0 steps. The alert closes in the first hour
    /// in which today's steps are > 0 and yesterday's plus today's exceed 200. Needs a step counter.
    case gangnamSteps = "gangnam_steps"
    /// Gwangjin style: plug flat for 24 h AND no contact for 24 h, both at once. Needs a plug and a phone.
    case plugFlatAndNoContact24h = "plug_flat_and_no_contact_24h"

    /// A short English description for tables and legends.
    public var summary: String {
        switch self {
        case .noContact24h: "no contact 24 h"
        case .noContact48h: "no contact 48 h"
        case .noContact72h: "no contact 72 h"
        case .plugFlat24h: "plug flat 24 h"
        case .plugFlat48h: "plug flat 48 h"
        case .gangnamSteps: "Gangnam steps"
        case .plugFlatAndNoContact24h: "plug flat AND no contact 24 h (Gwangjin)"
        }
    }

    /// The reason codes the rule's alerts carry: `no_contact`, `plug_flat`, `no_steps` (a day with 0 steps) or
    /// `few_steps` (≤ 200 over two days).
    public static let reasonCodes: [ReasonCode] = ["no_contact", "plug_flat", "no_steps", "few_steps"].map {
        ReasonCode(rawValue: $0)
    }
}

/// The settings of the reference rules, with the values documented in docs/evaluation.md as defaults.
public struct ReferenceRuleSettings: Sendable, Hashable, Codable {
    /// A plug is flat over a window when the largest minus the smallest hourly mean power in it is below this, watts.
    /// Default 5: above a plug's standby noise (a watt or two), below any appliance in use. No deployed figure is
    /// public; the Seoul service states only "no change in power use".
    public var flatPowerRangeWatts: Float
    /// Gangnam's two-day limit: an alert when two consecutive days hold this many steps or fewer. Default 200.
    public var twoDayStepLimit: Float
    /// Which bins of each household the rules run over. Default ``SpanRule/firstToLastData``; use the same rule for
    /// the ``Scorer`` so household-days and alerts cover the same time.
    public var span: SpanRule
    /// The tier every reference alert has. Default `serious`: deployed systems dispatch on every signal (a call, then
    /// a visit), so they compare with the engine's `serious` rows.
    public var tier: Tier

    /// Settings; every argument defaults to the documented value.
    public init(
        flatPowerRangeWatts: Float = 5, twoDayStepLimit: Float = 200, span: SpanRule = .firstToLastData,
        tier: Tier = .serious
    ) {
        self.flatPowerRangeWatts = flatPowerRangeWatts
        self.twoDayStepLimit = twoDayStepLimit
        self.span = span
        self.tier = tier
    }
}
