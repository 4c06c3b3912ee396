import Foundation

/// The fixed computation on which Anbu's speed is compared with NumPy, pandas and River
/// (`../shared/reference-computation.md`; layout and bounds in docs/performance.md).
///
/// Per household, signal and hour-of-week slot it keeps an exponentially weighted mean and variance of the present
/// values, scores each value against the state from before it (the sum D of squared negative z-scores over the six
/// signals), tracks a standby-power estimate and a silence counter, and counts the cells whose silence flag
/// (`silence > 24` bins since the last activity) or deviation flag (`D > 25`) is set. It is close to the engine's
/// inner loop, but it is not a detector: it fixes an amount of work that every peer does identically.
///
/// State is `Float`, as the engine keeps it. The peers keep `Double` (NumPy also `Float`); a cell whose D sits
/// within rounding of 25 can flip, so counts may differ from theirs in the last digits (see docs/performance.md).
///
/// SPI `Benchmarks`: used by `anbu bench reference` and the benchmarks; not public API.
@_spi(Benchmarks)
public enum ReferenceComputation {
    /// Hour-of-week slots: `24 · weekday + hour` in the household's local time, Monday 00:00 = 0.
    public static let slots = 168
    /// The weight of a new value in a slot's mean and variance, `1 − 0.5^(1/4)`: a half-life of 4 updates.
    public static let alpha = Float(1 - pow(0.5, 0.25))
    /// A slot's value is scored only after this many earlier updates.
    public static let minimumCount: Float = 4
    /// σ = max(√v, `absoluteFloor` + `relativeFloor`·|m|).
    public static let absoluteFloor: Float = 0.001
    /// σ = max(√v, `absoluteFloor` + `relativeFloor`·|m|).
    public static let relativeFloor: Float = 0.1
    /// The deviation flag: D > 25.
    public static let deviationThreshold: Float = 25
    /// The silence flag: more than 24 bins since the last activity.
    public static let silenceBins: Int32 = 24
    /// Power above standby by more than this many watts counts as activity.
    public static let standbyMargin: Float = 20
    /// The standby tracker's step down (`q ← q − 0.045·(q + 1)` when power < q).
    public static let standbyDown: Float = 0.045
    /// The standby tracker's step up (`q ← q + 0.005·(q + 1)` when power > q).
    public static let standbyUp: Float = 0.005
    /// The signals, in the order the computation reads them.
    public static let signals: [DenseSignal] = [.power, .steps, .callOut, .callIn, .callMissed, .talkSeconds]

    /// What the computation counts.
    public struct Counts: Sendable, Hashable, CustomStringConvertible {
        /// Cells (household-bins) with the silence flag.
        public var silence = 0
        /// Cells with the deviation flag.
        public var deviation = 0
        /// Cells with either flag.
        public var either = 0
        /// Households with at least one flagged cell.
        public var households = 0
        /// Values present (not NaN): the unit of every readings/s figure.
        public var readings = 0

        /// No cells counted.
        public init() {}

        /// Adds another range of households' counts.
        public static func += (total: inout Counts, part: Counts) {
            total.silence += part.silence
            total.deviation += part.deviation
            total.either += part.either
            total.households += part.households
            total.readings += part.readings
        }

        /// `silence 1092384, deviation 697838, either 1773519, households 99272`.
        public var description: String {
            "silence \(silence), deviation \(deviation), either \(either), households \(households)"
        }
    }

    /// Why the computation cannot run on a district.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The definition is for hourly bins.
        case binSeconds(Int)
        /// A signal's matrix is not `households × bins` long.
        case shape(signal: DenseSignal, expected: Int, found: Int)
        /// A thread count below 1.
        case threads(Int)

        /// A short reason naming the offending input.
        public var description: String {
            switch self {
            case .binSeconds(let seconds): "bins are \(seconds) s long; the reference computation is defined for 3600 s"
            case .shape(let signal, let expected, let found):
                "\(signal.rawValue) holds \(found) values, households × bins is \(expected)"
            case .threads(let count): "thread count \(count) is below 1"
            }
        }
    }

    /// Runs the computation over every household of `district` on `threads` threads (contiguous ranges of
    /// households); the counts do not depend on `threads`.
    ///
    /// - Complexity: O(households · bins · signals) time; per thread 168 · 6 · 3 state vectors of 16 households
    ///   (190 KB) and one tile of input.
    public static func run(_ district: DenseDistrict, threads: Int) throws(Failure) -> Counts {
        guard district.grid.binSeconds == 3600 else { throw .binSeconds(district.grid.binSeconds) }
        guard threads >= 1 else { throw .threads(threads) }
        let bins = district.grid.count
        let cells = district.households.count * bins
        for signal in signals {
            let found = district.values[signal]?.count ?? 0
            guard found == cells else { throw .shape(signal: signal, expected: cells, found: found) }
        }
        let slotsOfZone = Dictionary(
            Set(district.households.map(\.timeZone)).map { ($0, slotSequence(of: district.grid, in: $0)) },
            uniquingKeysWith: { first, _ in first })
        let groups = LaneGroup.groups(
            zones: district.households.map(\.timeZone), slotsOfZone: slotsOfZone)
        guard cells > 0 else { return Counts() }
        let matrices = signals.map { district.values[$0]! }
        return withMatrices(matrices) { rows in
            ReferenceKernel.run(signals: rows, bins: bins, groups: groups, threads: threads)
        }
    }

    /// The slot of each bin of `grid`, its start read in `zone`'s local time.
    static func slotSequence(of grid: BinGrid, in zone: HouseholdTimeZone) -> [UInt8] {
        (0..<grid.count).map { bin in
            let start = grid.start(ofBin: bin)
            let local = LocalDayTime(localSeconds: start.unixSeconds + Int64(zone.offsetSeconds(at: start)))
            return UInt8(24 * Int64(local.weekday) + local.secondOfDay / 3600)
        }
    }

    /// Calls `body` with base pointers of `matrices`, in order, kept alive for the call.
    private static func withMatrices<Result>(
        _ matrices: [SignalMatrix], _ body: ([UnsafePointer<Float>]) -> Result
    ) -> Result {
        func nest(_ index: Int, _ pointers: [UnsafePointer<Float>]) -> Result {
            guard index < matrices.count else { return body(pointers) }
            return matrices[index].withUnsafeBufferPointer { nest(index + 1, pointers + [$0.baseAddress!]) }
        }
        return nest(0, [])
    }
}
