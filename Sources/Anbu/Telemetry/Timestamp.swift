/// An instant, as milliseconds since the Unix epoch (1970-01-01T00:00:00Z).
///
/// The contract allows ISO 8601 times with fractional seconds; Anbu keeps them to the millisecond, rounding toward
/// the past, which never moves a reading across a bin boundary (bins start on whole seconds).
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch; negative before 1970.
    public var unixMilliseconds: Int64

    /// An instant from milliseconds since the epoch.
    public init(unixMilliseconds: Int64) { self.unixMilliseconds = unixMilliseconds }

    /// An instant from whole seconds since the epoch.
    public init(unixSeconds: Int64) { self.unixMilliseconds = unixSeconds * 1000 }

    /// Whole seconds since the epoch, rounded toward the past.
    public var unixSeconds: Int64 {
        unixMilliseconds >= 0 ? unixMilliseconds / 1000 : -((-unixMilliseconds + 999) / 1000)
    }

    /// This instant moved by `seconds`.
    public func adding(seconds: Int64) -> Timestamp { Timestamp(unixMilliseconds: unixMilliseconds + seconds * 1000) }

    /// Orders instants.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.unixMilliseconds < rhs.unixMilliseconds }

    /// Milliseconds since the epoch, e.g. `1736089200000 ms`.
    public var description: String { "\(unixMilliseconds) ms" }
}
