/// A set of disjoint, sorted time intervals (milliseconds) answering "is `t` inside?" by binary search.
///
/// `Int64.max` stands for "no end". Closed sets hold `[start, end]`, half-open ones `[start, end)`.
struct IntervalSet: Sendable {
    private(set) var starts: [Int64] = []
    private(set) var ends: [Int64] = []
    let closed: Bool

    /// The union of `intervals`.
    ///
    /// - Complexity: O(n log n).
    init(_ intervals: [(start: Int64, end: Int64)], closed: Bool) {
        self.closed = closed
        let sorted = intervals.filter { closed ? $0.end >= $0.start : $0.end > $0.start }
            .sorted { $0.start < $1.start }
        for interval in sorted {
            if let last = ends.last, interval.start <= last {
                ends[ends.count - 1] = max(last, interval.end)
            } else {
                starts.append(interval.start)
                ends.append(interval.end)
            }
        }
    }

    /// An empty set.
    init(closed: Bool) { self.closed = closed }

    var isEmpty: Bool { starts.isEmpty }

    /// Whether `t` lies in one of the intervals.
    ///
    /// - Complexity: O(log n).
    func contains(_ t: Int64) -> Bool {
        let last = intervalsStarting(atOrBefore: t)
        guard last > 0 else { return false }
        return closed ? t <= ends[last - 1] : t < ends[last - 1]
    }

    /// Whether any interval meets the closed interval `[start, end]`.
    ///
    /// - Complexity: O(log n).
    func intersects(_ start: Int64, _ end: Int64) -> Bool {
        // The last interval starting at or before `end`: the intervals are disjoint and sorted, so their ends are too,
        // and it is the one that reaches furthest among those that could meet.
        let last = intervalsStarting(atOrBefore: end)
        guard last > 0 else { return false }
        return closed ? ends[last - 1] >= start : ends[last - 1] > start
    }

    /// The number of intervals starting at or before `t` (binary search).
    private func intervalsStarting(atOrBefore t: Int64) -> Int {
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= t { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// `a + b`, saturating at `Int64.max` / `Int64.min` instead of trapping.
@inline(__always)
func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? (b > 0 ? .max : .min) : sum
}
