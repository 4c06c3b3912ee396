public import Anbu

/// The stretch of time over which one household was watched: `[start, end)`.
///
/// Household-days, the denominator of every rate in an ``EvaluationReport``, are the sum of the households' spans.
public struct DataSpan: Sendable, Hashable, Codable {
    /// The start of the span.
    public var start: Timestamp
    /// The end of the span (exclusive).
    public var end: Timestamp

    /// A span over `[start, end)`.
    ///
    /// - Precondition: `end >= start`.
    public init(start: Timestamp, end: Timestamp) {
        precondition(end >= start, "span ends (\(end)) before it starts (\(start))")
        self.start = start
        self.end = end
    }

    /// The span's length in days (86 400 s each).
    public var days: Double { Double(end.unixMilliseconds - start.unixMilliseconds) / 86_400_000 }
}

/// How a household's data span is read from a `DenseDistrict`.
public enum SpanRule: String, CaseIterable, Sendable, Hashable, Codable {
    /// From the start of the first bin in which the household has any reading (any signal) to the end of the last
    /// such bin. A household with no reading at all has no span. This is the default: it counts the days a household
    /// was actually watched, so recordings of different lengths (real data) are weighed fairly.
    case firstToLastData = "first_to_last_data"
    /// The whole grid for every household, data or not.
    case grid
}

extension DenseDistrict {
    /// Each household's data span under `rule`, keyed by household; a household with no data has no entry.
    ///
    /// - Complexity: O(households × bins) in the worst case; usually far less, since each row is scanned from both
    ///   ends only until the first present value.
    public func dataSpans(rule: SpanRule = .firstToLastData) -> [HouseholdID: DataSpan] {
        let ranges = binRanges(rule: rule)
        var spans: [HouseholdID: DataSpan] = [:]
        spans.reserveCapacity(households.count)
        for (row, household) in households.enumerated() where !ranges[row].isEmpty {
            spans[household.id] = DataSpan(
                start: grid.start(ofBin: ranges[row].lowerBound), end: grid.start(ofBin: ranges[row].upperBound))
        }
        return spans
    }

    /// Each household row's bins under `rule`: `first..<last+1` of the bins with any reading, or the whole grid.
    func binRanges(rule: SpanRule) -> [Range<Int>] {
        let bins = grid.count
        switch rule {
        case .grid:
            return Array(repeating: 0..<bins, count: households.count)
        case .firstToLastData:
            let matrices = DenseSignal.allCases.compactMap { values[$0] }
            return households.indices.map { row in
                let base = row * bins
                var first = bins
                var last = -1
                for matrix in matrices {
                    matrix.withUnsafeBufferPointer { cells in
                        var b = 0
                        while b < first, cells[base + b].isNaN { b += 1 }
                        if b < first { first = b }
                        var e = bins - 1
                        while e > last, cells[base + e].isNaN { e -= 1 }
                        if e > last { last = e }
                    }
                }
                return first <= last ? first..<(last + 1) : 0..<0
            }
        }
    }
}
