import Foundation

/// A household's time zone: an IANA name (`Asia/Seoul`) or a fixed offset (`+09:00`).
///
/// The engine's baselines are aware of local hour of day and weekday, so every household's bins are read in its own
/// local time. Output times are written in the household's own offset.
public enum HouseholdTimeZone: Sendable, Hashable, CustomStringConvertible {
    /// A fixed offset east of UTC, in seconds (`+09:00` is 32 400).
    case fixed(offsetSeconds: Int)
    /// An IANA time-zone name, with daylight-saving rules from the system's time-zone database.
    case named(String)

    /// The largest offset the contract accepts, ±18 hours.
    public static let maximumOffsetSeconds = 18 * 3600

    /// Parses `Asia/Seoul`, `UTC`, `Z`, `+09:00`, `-0330` or `+09`; `nil` for an unknown name or a bad offset.
    public init?(parsing text: String) {
        if let offset = Self.parseOffset(text) {
            self = .fixed(offsetSeconds: offset)
        } else if TimeZone(identifier: text) != nil, !text.isEmpty {
            self = .named(text)
        } else {
            return nil
        }
    }

    /// Whether the engine can read this zone: a fixed offset within ±``maximumOffsetSeconds``, or a name the system's
    /// time-zone database knows. Zones made by ``init(parsing:)`` always are; a case written in code may not be.
    public var isKnown: Bool {
        switch self {
        case .fixed(let offset): (-Self.maximumOffsetSeconds...Self.maximumOffsetSeconds).contains(offset)
        case .named(let name): !name.isEmpty && TimeZone(identifier: name) != nil
        }
    }

    /// Seconds east of UTC in force at `time`.
    public func offsetSeconds(at time: Timestamp) -> Int {
        switch self {
        case .fixed(let offset):
            return offset
        case .named(let name):
            guard let zone = TimeZone(identifier: name) else { return 0 }
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(time.unixSeconds)))
        }
    }

    /// The text form: the IANA name, or the offset as `+09:00`.
    public var description: String {
        switch self {
        case .named(let name): name
        case .fixed(let offset): Self.formatOffset(offset)
        }
    }

    /// `+09:00` for 32 400, `-03:30` for −12 600, `+00:00` for 0.
    public static func formatOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = Int(seconds.magnitude / 60)  // `magnitude`, not `abs`: `Int.min` has no positive twin
        let hh = minutes / 60, mm = minutes % 60
        return "\(sign)\(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm)"
    }

    /// `Z`, `+09:00`, `+0900` or `+09` as seconds east of UTC; `nil` otherwise.
    static func parseOffset(_ text: String) -> Int? {
        if text == "Z" { return 0 }
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return nil }
        let digits = bytes.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard digits.count == 2 || digits.count == 4,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            bytes.count == 3 || bytes.count == 5 || (bytes.count == 6 && bytes[3] == UInt8(ascii: ":"))
        else { return nil }
        let values = digits.map { Int($0 - UInt8(ascii: "0")) }
        let hours = values[0] * 10 + values[1]
        let minutes = values.count == 4 ? values[2] * 10 + values[3] : 0
        guard minutes < 60 else { return nil }
        let total = (hours * 60 + minutes) * 60
        guard total <= maximumOffsetSeconds else { return nil }
        return first == UInt8(ascii: "-") ? -total : total
    }
}
