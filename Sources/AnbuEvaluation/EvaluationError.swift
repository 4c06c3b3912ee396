public import Anbu

/// Where in the evaluation's input an offending item was: its position in the array it came in.
///
/// Readers that keep file order can turn an index into a line: row `index` of a CSV file with a header is on line
/// `index + 2`.
public enum EvaluationInputItem: Sendable, Hashable, CustomStringConvertible {
    /// The household at `index` of the households.
    case household(index: Int)
    /// The data span given for a household.
    case span(HouseholdID)
    /// The incident at `index` of the incidents.
    case incident(index: Int)
    /// The absence at `index` of the absences.
    case absence(index: Int)
    /// The alert event at `index` of the events, belonging to alert `alert`.
    case alertEvent(index: Int, alert: String)

    /// `incident 12`, `alert event 40 (alert "a7")`, …
    public var description: String {
        switch self {
        case .household(let index): "household \(index)"
        case .span(let household): "the data span of \(household)"
        case .incident(let index): "incident \(index)"
        case .absence(let index): "absence \(index)"
        case .alertEvent(let index, let alert): "alert event \(index) (alert \"\(alert)\")"
        }
    }
}

/// Why an evaluation's input cannot be scored.
public enum EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Two households share an identifier.
    case duplicateHousehold(HouseholdID, at: EvaluationInputItem)
    /// An alert, incident, absence or span names a household that is not among the households (households.csv).
    case unknownHousehold(HouseholdID, at: EvaluationInputItem)
    /// A person or device alert, or a household incident, has no household (`*`).
    case missingHousehold(at: EvaluationInputItem)
    /// A district-wide incident (holiday, heat wave, outage) names a household instead of `*`.
    case districtIncidentWithHousehold(HouseholdID, kind: IncidentKind, at: EvaluationInputItem)
    /// An incident or absence ends before it starts.
    case endBeforeStart(at: EvaluationInputItem)
    /// An alert's earliest event is not an `open`.
    case alertDoesNotOpen(at: EvaluationInputItem)
    /// An alert has an event after its `close`, or a second `open`.
    case eventAfterClose(at: EvaluationInputItem)
    /// An `open`, `escalate` or `deescalate` event has no tier.
    case missingTier(at: EvaluationInputItem)
    /// An alert's household or kind differs from its opening event's.
    case inconsistentAlert(at: EvaluationInputItem)

    /// A sentence naming the offending input and where it was.
    public var description: String {
        switch self {
        case .duplicateHousehold(let id, let at): "\(at): household \"\(id)\" appears twice"
        case .unknownHousehold(let id, let at): "\(at): household \"\(id)\" is not in households.csv"
        case .missingHousehold(let at): "\(at): a household is required here, found \"*\""
        case .districtIncidentWithHousehold(let id, let kind, let at):
            "\(at): \(kind.rawValue) is a district-wide event and must have household \"*\", found \"\(id)\""
        case .endBeforeStart(let at): "\(at): ends before it starts"
        case .alertDoesNotOpen(let at): "\(at): the alert's first event is not \"open\""
        case .eventAfterClose(let at): "\(at): event after the alert was closed"
        case .missingTier(let at): "\(at): the event has no tier"
        case .inconsistentAlert(let at): "\(at): household or kind differs from the alert's opening event"
        }
    }
}
