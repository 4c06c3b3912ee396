/// A block's copy of a few consecutive bins of a dense district, bin-major, so each bin's cells are read from
/// contiguous memory.
///
/// The dense form keeps one row per household, so one bin's cells for a block lie one row (a whole bin series) apart:
/// gathering them bin by bin reads a cache line per household and signal for four useful bytes, and for a large
/// district those lines are gone from the cache by the next bin. The tile reads ``bins`` consecutive bins of each row
/// at once (one 64-byte line per household and signal) and hands them out one bin at a time.
struct DenseTile {
    /// Bins held at once: 16 `Float`s, one cache line of a row. 384 bytes per household for the six signals.
    static let bins = 16

    /// `[signal][bin − first][household]`.
    private var values: [Float] = []
    /// The first bin held, or −1 when the tile holds nothing.
    private var first = -1
    private var held = 0
    private var households = 0

    /// Forgets what the tile holds and frees its memory (a new district, or the end of one).
    mutating func clear() {
        values = []
        first = -1
        held = 0
    }

    /// Writes bin `bin` of `planes` (`DenseSignal` order, rows × `bins` each) for households `range` into `frame`,
    /// reading the next ``bins`` bins from `planes` when the tile does not hold `bin`. `rowOf[h]` is household `h`'s
    /// row, −1 when the district does not hold it (its cells are missing), or nil when rows are households.
    mutating func copy(
        planes: [SignalMatrix], bins: Int, bin: Int, rowOf: [Int]?, households range: Range<Int>,
        into frame: inout BinColumn
    ) {
        let n = range.count
        if first < 0 || bin < first || bin >= first + held || households != n {
            fill(planes: planes, bins: bins, from: bin, rowOf: rowOf, households: range)
        }
        frame.resize(n)
        let offset = bin - first
        values.withUnsafeBufferPointer { tile in
            for (s, signal) in DenseSignal.allCases.enumerated() {
                frame.withMutablePlane(signal) { target in
                    let start = (s * Self.bins + offset) * n
                    _ = target.update(fromContentsOf: tile[start..<(start + n)])
                }
            }
        }
    }

    private mutating func fill(
        planes: [SignalMatrix], bins: Int, from bin: Int, rowOf: [Int]?, households range: Range<Int>
    ) {
        let n = range.count
        households = n
        first = bin
        held = min(Self.bins, bins - bin)
        let count = DenseSignal.allCases.count * Self.bins * n
        if values.count != count { values = [Float](repeating: .nan, count: count) }
        let held = self.held
        // Each household's source offset (its row's bin `bin`), or −1 for a household the district does not hold.
        var offsets = [Int](repeating: -1, count: n)
        for (i, h) in range.enumerated() {
            let row = rowOf.map { $0[h] } ?? h
            if row >= 0 { offsets[i] = row * bins + bin }
        }
        // A transpose in groups of `group` households: the group's row segments (one cache line each) stay in L1 while
        // each bin's `group` values are written as one contiguous run. Household by household instead, each value went
        // to another line of the tile, 4 KB apart: sixteen lines touched per household and signal.
        let group = Self.bins
        values.withUnsafeMutableBufferPointer { tile in
            offsets.withUnsafeBufferPointer { offsets in
                for (s, plane) in planes.enumerated() {
                    plane.withUnsafeBufferPointer { source in
                        var start = 0
                        while start < n {
                            let end = min(n, start + group)
                            for j in 0..<held {
                                let target = (s * Self.bins + j) * n
                                for i in start..<end {
                                    let offset = offsets[i]
                                    tile[target + i] = offset < 0 ? .nan : source[offset + j]
                                }
                            }
                            start = end
                        }
                    }
                }
            }
        }
    }
}
