/// The readings taken into each open bin of the streaming path, so that a reading delivered twice is taken once.
///
/// Feeds deliver at least once: after a reconnect or a replay a reading may arrive again. A reading is identified by
/// its household, signal and time; a second reading with the same identity and the same value is a repeat, one with
/// another value a conflict. A missed call's value is ignored (the contract says so), so two missed calls of one
/// household at the same millisecond are one call delivered twice.
///
/// Memory is bounded by the open bins: column `c` remembers the readings of the open bin in column `c` and is
/// cleared when that bin closes.
///
/// - Complexity: ``record(_:column:)`` is O(1) on average; about 40 bytes per remembered reading.
struct OpenBinLedger {
    /// A reading's identity: household row, signal and time.
    struct Identity: Hashable {
        var household: Int32
        var signal: Signal
        var unixMilliseconds: Int64
    }

    /// What a reading is, against those already taken into its bin.
    enum Verdict: Equatable {
        /// The first reading with its identity.
        case new
        /// The same identity and value as one already taken.
        case repeated
        /// The same identity as one already taken, with another value.
        case conflicting(previousValue: Double)
    }

    /// Per column, the value of each reading taken, by identity.
    private(set) var columns: [[Identity: Double]]

    init(columns: Int) {
        self.columns = [[Identity: Double]](repeating: [:], count: columns)
    }

    /// The number of readings remembered across all open bins.
    var count: Int { columns.reduce(0) { $0 + $1.count } }

    /// Judges a reading for the bin in `column` and remembers it when it is new.
    mutating func record(_ identity: Identity, value: Double, column: Int) -> Verdict {
        let value = identity.signal == .callMissed ? 0 : value
        if let previous = columns[column][identity] {
            return previous == value ? .repeated : .conflicting(previousValue: previous)
        }
        columns[column][identity] = value
        return .new
    }

    /// Forgets the readings of the bin in `column` (it has closed) and releases their storage.
    mutating func clear(column: Int) {
        columns[column] = [:]
    }
}
