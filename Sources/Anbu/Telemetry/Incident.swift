/// What happened to a household or a district, as recorded in ground truth (`incidents.csv`).
///
/// Simulators write incidents; evaluation reads them. The engine never sees them.
public enum IncidentKind: String, CaseIterable, Sendable, Hashable, Codable {
    /// Sudden loss of all activity at home (fall, stroke, death); the phone stays at home.
    case collapse
    /// Activity and outings fall over days; the person is at home.
    case illness
    /// Social contact falls over weeks: fewer outgoing calls, fewer answered calls, fewer outings.
    case withdrawal
    /// Unannounced absence: the person is away and well (power at standby, the phone leaves with them).
    case away
    /// A plug unplugged or broken: power data stops; the person is fine.
    case devicePower = "device_power"
    /// A phone off or flat: steps and calls stop; the person is fine.
    case devicePhone = "device_phone"
    /// A district-wide power outage (`household` is `*`).
    case outagePower = "outage_power"
    /// A district-wide telecom outage: every phone silent (`household` is `*`).
    case outageTelecom = "outage_telecom"
    /// A public holiday (Seollal, Chuseok): routines shift, many people visit family (`household` is `*`).
    case holiday
    /// A heat wave (`household` is `*`).
    case heatwave

    /// Whether the person is in trouble: collapse, illness and withdrawal, the incidents person alerts are for.
    public var isPersonRisk: Bool { self == .collapse || self == .illness || self == .withdrawal }
    /// Whether it is a device fault.
    public var isDeviceFault: Bool { self == .devicePower || self == .devicePhone }
    /// Whether it is a district-wide event (its household is `*`).
    public var isDistrictWide: Bool {
        self == .outagePower || self == .outageTelecom || self == .holiday || self == .heatwave
    }
}

/// One ground-truth incident: `household,kind,onset,end` in `incidents.csv`.
public struct Incident: Sendable, Hashable {
    /// The household, or `nil` for a district-wide event (`*` in the file).
    public var household: HouseholdID?
    /// What happened.
    public var kind: IncidentKind
    /// When it began.
    public var onset: Timestamp
    /// When it ended, or `nil` when it lasts to the end of the data.
    public var end: Timestamp?

    /// An incident.
    public init(household: HouseholdID?, kind: IncidentKind, onset: Timestamp, end: Timestamp?) {
        self.household = household
        self.kind = kind
        self.onset = onset
        self.end = end
    }
}
