import Anbu
import AnbuEvaluation

/// 2025-01-06T00:00:00+09:00 (a Monday, local midnight in Seoul).
let start: Int64 = 1_736_089_200

/// `hours` (may be fractional) after ``start``.
func at(_ hours: Double) -> Timestamp {
    Timestamp(unixMilliseconds: start * 1000 + Int64((hours * 3_600_000).rounded()))
}

let seoul = HouseholdTimeZone.fixed(offsetSeconds: 9 * 3600)

func id(_ text: String) -> HouseholdID { HouseholdID(text)! }

func household(_ name: String, _ sources: SignalSources = .all, zone: HouseholdTimeZone = seoul) -> Household {
    Household(id: id(name), timeZone: zone, sources: sources)
}

/// `count` households `h1`, `h2`, … each watched for `days` days from ``start``.
func households(_ count: Int) -> [Household] { (1...count).map { household("h\($0)") } }

func spans(_ households: [Household], days: Double) -> [HouseholdID: DataSpan] {
    Dictionary(households.map { ($0.id, DataSpan(start: at(0), end: at(days * 24))) }, uniquingKeysWith: { a, _ in a })
}

func incident(_ name: String?, _ kind: IncidentKind, _ onset: Double, _ end: Double? = nil) -> Incident {
    Incident(household: name.map(id), kind: kind, onset: at(onset), end: end.map(at))
}

/// Builds alert events tersely: `Alerts().person("a", "h1", open: 3, .attention).change("a", 8, .serious)…`.
struct Alerts {
    var events: [AlertEvent] = []
    private var households: [String: (HouseholdID?, AlertKind)] = [:]

    func open(_ alert: String, _ name: String?, _ hours: Double, _ tier: Tier, kind: AlertKind = .person) -> Alerts {
        var copy = self
        copy.households[alert] = (name.map(id), kind)
        copy.events.append(
            AlertEvent(
                alert: alert, household: name.map(id), time: at(hours), event: .open, tier: tier, kind: kind,
                reasons: [ReasonCode(rawValue: "silence")]))
        return copy
    }

    func change(_ alert: String, _ hours: Double, _ tier: Tier, _ event: AlertEventKind = .escalate) -> Alerts {
        var copy = self
        let (household, kind) = households[alert]!
        copy.events.append(
            AlertEvent(
                alert: alert, household: household, time: at(hours), event: event, tier: tier, kind: kind, reasons: []))
        return copy
    }

    func close(_ alert: String, _ hours: Double) -> Alerts {
        var copy = self
        let (household, kind) = households[alert]!
        copy.events.append(
            AlertEvent(
                alert: alert, household: household, time: at(hours), event: .close, tier: nil, kind: kind, reasons: []))
        return copy
    }
}

/// Scoring rules with the bootstrap off, for exact hand-computed checks.
let exact = ScoringRules(bootstrapResamples: 0)

func scorer(
    _ households: [Household], days: Double = 10, incidents: [Incident] = [], absences: [Absence] = [],
    rules: ScoringRules = exact
) throws(EvaluationError) -> Scorer {
    try Scorer(
        households: households, spans: spans(households, days: days), incidents: incidents, absences: absences,
        rules: rules)
}

/// Whether two doubles agree to 1e-9.
func close(_ a: Double?, _ b: Double?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= 1e-9 * max(1, abs(b))
}

/// A dense district over `bins` hourly bins from ``start``, every cell missing, rows from `households`.
func district(_ households: [Household], bins: Int) -> DenseDistrict {
    DenseDistrict(households: households, grid: BinGrid(startUnixSeconds: start, binSeconds: 3600, count: bins))
}

extension DenseDistrict {
    /// Sets `signal` of row `row` over `bins` to `value`.
    mutating func fill(_ signal: DenseSignal, row: Int, _ bins: Range<Int>, _ value: Float) {
        for b in bins { self[signal, row, b] = value }
    }

    /// A phone that reports every hour with no steps and no calls, over `bins`.
    mutating func quietPhone(row: Int, _ bins: Range<Int>) {
        for signal in [DenseSignal.steps, .callOut, .callIn, .callMissed, .talkSeconds] {
            fill(signal, row: row, bins, 0)
        }
    }
}

/// `(event, hours after start)` of each event, for compact comparisons.
func timeline(_ events: [AlertEvent]) -> [String] {
    events.map { event in
        let hours = Double(event.time.unixMilliseconds - start * 1000) / 3_600_000
        let hoursText = hours == hours.rounded() ? String(Int(hours)) : String(hours)
        return "\(event.household.map(\.rawValue) ?? "*") \(event.event.rawValue) \(hoursText)"
    }
}
