/// The time bins a district is cut into: `count` bins of `binSeconds`, the first starting at `start`.
///
/// Bin `i` covers `[start + i·binSeconds, start + (i+1)·binSeconds)`; a reading belongs to the bin containing its
/// time. One hour is the default; 15 minutes is possible.
public struct BinGrid: Sendable, Hashable, Codable {
    /// The start of bin 0, in Unix seconds.
    public var startUnixSeconds: Int64
    /// The length of one bin in seconds (divides a day: 900, 1800, 3600, …).
    public var binSeconds: Int
    /// The number of bins.
    public var count: Int

    /// A grid.
    ///
    /// - Precondition: `binSeconds > 0`, `86_400 % binSeconds == 0` and `count >= 0`.
    public init(startUnixSeconds: Int64, binSeconds: Int = 3600, count: Int) {
        precondition(binSeconds > 0 && 86_400 % binSeconds == 0, "bin length \(binSeconds) s does not divide a day")
        precondition(count >= 0, "bin count \(count) is negative")
        self.startUnixSeconds = startUnixSeconds
        self.binSeconds = binSeconds
        self.count = count
    }

    /// The start of the grid.
    public var start: Timestamp { Timestamp(unixSeconds: startUnixSeconds) }
    /// The end of the last bin.
    public var end: Timestamp { Timestamp(unixSeconds: startUnixSeconds + Int64(count) * Int64(binSeconds)) }
    /// Bins per day (24 for hourly bins).
    public var binsPerDay: Int { 86_400 / binSeconds }

    /// The index of the bin containing `time`, which may lie outside `0..<count` (negative before the start).
    ///
    /// Any time is accepted: one so far from the grid that its distance overflows 64 bits gives `Int.min` (before the
    /// start) or `Int.max` (after it), never a trap.
    @inlinable
    public func binIndex(containing time: Timestamp) -> Int {
        let start = startUnixSeconds * 1000
        let (offset, overflow) = time.unixMilliseconds.subtractingReportingOverflow(start)
        if overflow { return time.unixMilliseconds < start ? Int.min : Int.max }
        let width = Int64(binSeconds) * 1000
        let quotient = offset / width
        return Int(offset % width < 0 ? quotient - 1 : quotient)
    }

    /// The start of bin `index`.
    public func start(ofBin index: Int) -> Timestamp {
        Timestamp(unixSeconds: startUnixSeconds + Int64(index) * Int64(binSeconds))
    }

    /// The end of bin `index` (the start of the next).
    public func end(ofBin index: Int) -> Timestamp { start(ofBin: index + 1) }
}
