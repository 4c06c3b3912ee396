/// Readings in structure-of-arrays form: the unit in which readers hand readings to the engine.
///
/// Entry `i` is one reading: household row `households[i]` (an index from ``HouseholdIndex``), `signals[i]`, time
/// `times[i]` (Unix milliseconds) and `values[i]`. Values are already checked against the contract
/// (``Signal/valueProblem(_:)``); a missed call's value is 0.
///
/// - Complexity: 17 bytes per reading. Appending is amortised O(1); reuse one batch with
///   ``removeAll(keepingCapacity:)`` to read a stream without allocating.
public struct ReadingBatch: Sendable, Hashable {
    /// Household rows (indices into the district's household list).
    public var households: [Int32]
    /// Signals.
    public var signals: [Signal]
    /// Times, Unix milliseconds.
    public var times: [Int64]
    /// Values: watts, steps or talk seconds.
    public var values: [Float]

    /// An empty batch with room for `capacity` readings.
    public init(capacity: Int = 0) {
        households = []
        signals = []
        times = []
        values = []
        reserveCapacity(capacity)
    }

    /// The number of readings.
    @inlinable
    public var count: Int { households.count }

    /// Whether the batch holds no reading.
    @inlinable
    public var isEmpty: Bool { households.isEmpty }

    /// Makes room for `capacity` readings.
    public mutating func reserveCapacity(_ capacity: Int) {
        households.reserveCapacity(capacity)
        signals.reserveCapacity(capacity)
        times.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    /// Appends one reading.
    @inlinable
    public mutating func append(household: Int32, signal: Signal, time: Int64, value: Float) {
        households.append(household)
        signals.append(signal)
        times.append(time)
        values.append(value)
    }

    /// Removes every reading.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        households.removeAll(keepingCapacity: keepingCapacity)
        signals.removeAll(keepingCapacity: keepingCapacity)
        times.removeAll(keepingCapacity: keepingCapacity)
        values.removeAll(keepingCapacity: keepingCapacity)
    }
}
