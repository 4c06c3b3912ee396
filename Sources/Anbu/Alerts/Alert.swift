/// How urgent a person alert is: 관심 (attention), 주의 (caution), 심각 (serious).
public enum Tier: String, CaseIterable, Sendable, Hashable, Comparable, Codable {
    /// 관심: worth a look; an automatic check-in call.
    case attention
    /// 주의: a welfare official should phone.
    case caution
    /// 심각: someone should go to the door.
    case serious

    /// The Korean name used by welfare offices.
    public var koreanName: String {
        switch self {
        case .attention: "관심"
        case .caution: "주의"
        case .serious: "심각"
        }
    }

    private var rank: Int {
        switch self {
        case .attention: 0
        case .caution: 1
        case .serious: 2
        }
    }

    /// `attention < caution < serious`.
    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rank < rhs.rank }
}

/// Who an alert is for.
public enum AlertKind: String, CaseIterable, Sendable, Hashable, Codable {
    /// The person may be in trouble: a caseworker's job.
    case person
    /// The data stopped or looks broken: a job for maintenance, not a caseworker.
    case device
    /// A district-wide event (holiday, heat wave, outage); `household` is `*`.
    case district
}

/// What happened to an alert at one moment.
public enum AlertEventKind: String, CaseIterable, Sendable, Hashable, Codable {
    /// The alert starts.
    case open
    /// Its tier rises.
    case escalate
    /// Its tier falls.
    case deescalate
    /// It ends.
    case close
}

/// Why an alert fired: a stable, machine-readable code (`silence`, `no_steps`, `missed_calls`, …).
///
/// Codes are listed in docs/detection.md. New codes may be added in any minor release; treat an unknown code as
/// "other".
public struct ReasonCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The code's text, `[a-z0-9_]+`.
    public let rawValue: String
    /// A code from its text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The code's text.
    public var description: String { rawValue }
}

/// One state change of an alert, as written to `alerts.csv` (one row per change).
public struct AlertEvent: Sendable, Hashable {
    /// The alert's identifier, unique in a run (and in the file).
    public var alert: String
    /// The household, or `nil` for a district alert (`*` in the file).
    public var household: HouseholdID?
    /// When the change happened: the end of the bin whose data caused it.
    public var time: Timestamp
    /// What changed.
    public var event: AlertEventKind
    /// The tier after the change; `nil` on ``AlertEventKind/close``.
    public var tier: Tier?
    /// Who the alert is for.
    public var kind: AlertKind
    /// Reason codes, most important first.
    public var reasons: [ReasonCode]
    /// The reasons with their numbers, in the same order as ``reasons``; empty when read back from a file, which
    /// keeps codes only.
    public var details: [Reason]

    /// An alert event.
    public init(
        alert: String, household: HouseholdID?, time: Timestamp, event: AlertEventKind, tier: Tier?,
        kind: AlertKind, reasons: [ReasonCode], details: [Reason] = []
    ) {
        self.alert = alert
        self.household = household
        self.time = time
        self.event = event
        self.tier = tier
        self.kind = kind
        self.reasons = reasons
        self.details = details
    }
}
