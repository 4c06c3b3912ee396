/// The readings taken into each open bin of the streaming path, so that a reading delivered twice is taken once.
///
/// Feeds deliver at least once: after a reconnect or a replay a reading may arrive again. A reading is identified by
/// its household, signal and time; a second reading with the same identity and the same value is a repeat, one with
/// another value a conflict. A missed call's value is ignored (the contract says so), so two missed calls of one
/// household at the same millisecond are one call delivered twice.
///
/// Memory is bounded by the open bins and by ``readingsPerHousehold`` per household in each: column `c` remembers
/// the readings of the open bin in column `c` and is cleared when that bin closes, and a household's reading beyond
/// the bound is turned away (``Verdict/full``), so one household sending distinct times without end cannot grow it.
///
/// - Complexity: ``record(_:value:column:)`` is O(1) on average; about 40 bytes per remembered reading.
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
        /// A new identity, but its household already has ``OpenBinLedger/readingsPerHousehold`` readings in the bin.
        case full
    }

    /// Per column, the value of each reading taken, by identity.
    private(set) var columns: [[Identity: Double]]
    /// How many readings each household has in each column, `household · columns + column`; grown to the highest
    /// household that sent a reading (4 bytes per household and column).
    private var readingsOfHousehold: [Int32] = []
    /// The most distinct readings one household may have in one open bin, all signals together: two per second of the
    /// bin (``readingsPerHousehold(binSeconds:)``).
    let readingsPerHousehold: Int

    /// The bound for bins of `binSeconds`: two readings per second of the bin. A plug that samples every second, the
    /// finest any sends, fills half of it; the phone's hourly steps report and the calls of an hour are a few more.
    static func readingsPerHousehold(binSeconds: Int) -> Int { 2 * binSeconds }

    init(columns: Int, binSeconds: Int) {
        self.columns = [[Identity: Double]](repeating: [:], count: columns)
        readingsPerHousehold = Self.readingsPerHousehold(binSeconds: binSeconds)
    }

    /// The number of readings remembered across all open bins.
    var count: Int { columns.reduce(0) { $0 + $1.count } }

    /// Judges a reading for the bin in `column` and remembers it when it is new.
    mutating func record(_ identity: Identity, value: Double, column: Int) -> Verdict {
        let value = identity.signal == .callMissed ? 0 : value
        if let previous = columns[column][identity] {
            return previous == value ? .repeated : .conflicting(previousValue: previous)
        }
        let slot = countSlot(household: identity.household, column: column)
        guard readingsOfHousehold[slot] < readingsPerHousehold else { return .full }
        columns[column][identity] = value
        readingsOfHousehold[slot] += 1
        return .new
    }

    /// The place of a household's count in a column in ``readingsOfHousehold``, growing it to the household.
    private mutating func countSlot(household: Int32, column: Int) -> Int {
        let slot = Int(household) * columns.count + column
        if slot >= readingsOfHousehold.count {
            readingsOfHousehold.append(
                contentsOf: repeatElement(0, count: (Int(household) + 1) * columns.count - readingsOfHousehold.count))
        }
        return slot
    }

    /// Forgets the readings of the bin in `column` (it has closed) and releases their storage.
    mutating func clear(column: Int) {
        columns[column] = [:]
        for slot in stride(from: column, to: readingsOfHousehold.count, by: columns.count) {
            readingsOfHousehold[slot] = 0
        }
    }
}

extension OpenBinLedger {
    /// Lists every remembered reading once, for snapshots, sorted so equal states give equal files: ``StateArchive``
    /// writes them, or reads them back.
    ///
    /// - Parameter households: the number of registered households, which a reading's household must be below.
    mutating func archive(_ archive: inout StateArchive, households: Int) throws(SnapshotError) {
        try archive.section("open readings")
        let entries = columns.indices.flatMap { column in
            columns[column].map { (column: column, identity: $0.key, value: $0.value) }
        }.sorted {
            ($0.column, $0.identity.household, $0.identity.unixMilliseconds, $0.identity.signal.rawValue)
                < ($1.column, $1.identity.household, $1.identity.unixMilliseconds, $1.identity.signal.rawValue)
        }
        var column = entries.map(\.column)
        var household = entries.map(\.identity.household)
        var signal = entries.map { UInt8(Signal.allCases.firstIndex(of: $0.identity.signal)!) }
        var time = entries.map(\.identity.unixMilliseconds)
        var value = entries.map(\.value)
        try archive.list(&column)
        try archive.list(&household)
        try archive.list(&signal)
        try archive.list(&time)
        try archive.list(&value)
        let count = column.count
        try archive.require([household.count, signal.count, time.count, value.count].allSatisfy { $0 == count },
                            "remembered-reading fields of different lengths")
        try archive.require(column.allSatisfy { $0 >= 0 && $0 < columns.count }, "an open-bin column out of range")
        try archive.require(household.allSatisfy { $0 >= 0 && $0 < households }, "a household out of range")
        try archive.require(signal.allSatisfy { $0 < Signal.allCases.count }, "an unknown signal")
        guard archive.isReading else { return }
        columns = [[Identity: Double]](repeating: [:], count: columns.count)
        readingsOfHousehold = []
        for i in 0..<count {
            let identity = Identity(household: household[i], signal: Signal.allCases[Int(signal[i])],
                                    unixMilliseconds: time[i])
            columns[column[i]][identity] = value[i]
            readingsOfHousehold[countSlot(household: household[i], column: column[i])] += 1
        }
        try archive.require(readingsOfHousehold.allSatisfy { $0 <= readingsPerHousehold },
                            "more readings of one household in an open bin than the bound")
    }
}
