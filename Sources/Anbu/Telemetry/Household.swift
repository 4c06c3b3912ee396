/// A household being watched: its identifier, its time zone and the devices it has.
public struct Household: Sendable, Hashable {
    /// The household's opaque identifier.
    public var id: HouseholdID
    /// The time zone in which its routine is read.
    public var timeZone: HouseholdTimeZone
    /// The devices it has; never empty.
    public var sources: SignalSources

    /// A household. A household with no devices cannot be watched; `sources` must not be empty.
    ///
    /// - Precondition: `!sources.isEmpty`.
    public init(id: HouseholdID, timeZone: HouseholdTimeZone, sources: SignalSources) {
        precondition(!sources.isEmpty, "household \(id) has no signal sources")
        self.id = id
        self.timeZone = timeZone
        self.sources = sources
    }
}

/// One telemetry reading: a power sample, a steps report or a call event.
public struct Reading: Sendable, Hashable {
    /// Which household sent it.
    public var household: HouseholdID
    /// What kind of reading it is.
    public var signal: Signal
    /// When it was taken.
    public var time: Timestamp
    /// Watts for power, steps for steps, talk seconds for answered and outgoing calls; ignored for missed calls.
    public var value: Double

    /// A reading.
    public init(household: HouseholdID, signal: Signal, time: Timestamp, value: Double) {
        self.household = household
        self.signal = signal
        self.time = time
        self.value = value
    }
}

/// An absence the person announced (a hospital stay, a family visit): no person alerts inside it.
public struct Absence: Sendable, Hashable {
    /// The household.
    public var household: HouseholdID
    /// When it starts.
    public var start: Timestamp
    /// When it ends (exclusive).
    public var end: Timestamp

    /// An absence over `[start, end)`.
    public init(household: HouseholdID, start: Timestamp, end: Timestamp) {
        self.household = household
        self.start = start
        self.end = end
    }
}
