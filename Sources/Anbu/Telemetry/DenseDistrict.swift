/// One binned feature of the dense form: one `.npy` file shaped `[households, bins]`.
public enum DenseSignal: String, CaseIterable, Sendable, Hashable, Codable {
    /// Mean watts in the bin.
    case power
    /// Steps counted in the bin.
    case steps
    /// Outgoing calls in the bin (a count).
    case callOut = "call_out"
    /// Answered incoming calls in the bin (a count).
    case callIn = "call_in"
    /// Missed incoming calls in the bin (a count).
    case callMissed = "call_missed"
    /// Talk time of outgoing and answered calls in the bin, seconds.
    case talkSeconds = "talk_seconds"

    /// The device whose data this is.
    public var source: SignalSource {
        switch self {
        case .power: .power
        case .steps: .steps
        case .callOut, .callIn, .callMissed, .talkSeconds: .calls
        }
    }
}

/// A district in dense form: for each ``DenseSignal`` a `[households × bins]` row-major `Float` matrix
/// (``SignalMatrix``), NaN where a bin is missing, and a row of NaN where the household does not have that signal's
/// device.
///
/// This is the binned form every path meets in: the CSV reader bins into it, the `.npy` reader loads it, the
/// simulator can write it, and the engine and the reference rules read it.
///
/// - Complexity: 24 bytes per household-bin (six `Float`s).
public struct DenseDistrict: Sendable {
    /// The households, in row order.
    public var households: [Household]
    /// The bins, in column order.
    public var grid: BinGrid
    /// One matrix per signal, each `households.count * grid.count` long, row `h` at `h * grid.count`.
    ///
    /// A ``SignalMatrix`` reads like `[Float]`; it may be a memory map of a `.npy` file, copied only where mutated.
    public var values: [DenseSignal: SignalMatrix]

    /// A district with every cell missing (NaN).
    public init(households: [Household], grid: BinGrid) {
        self.households = households
        self.grid = grid
        let cells = households.count * grid.count
        self.values = Dictionary(uniqueKeysWithValues: DenseSignal.allCases.map {
            ($0, SignalMatrix(repeating: .nan, count: cells))
        })
    }

    /// The value of `signal` for household row `household` in bin `bin` (NaN when missing).
    public subscript(signal: DenseSignal, household: Int, bin: Int) -> Float {
        get { values[signal]![household * grid.count + bin] }
        set { values[signal]![household * grid.count + bin] = newValue }
    }
}
