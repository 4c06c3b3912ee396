/// One kind of reading, as named in the district-directory contract (`readings.csv`'s `signal` column).
public enum Signal: String, CaseIterable, Sendable, Hashable, Codable {
    /// Smart-plug power: a sample of mean draw in watts (≥ 0).
    case power
    /// Phone steps counted since the previous report (≥ 0, whole). A phone reports every hour it is on, even 0.
    case steps
    /// An outgoing call; the value is its talk time in seconds (≥ 0).
    case callOut = "call_out"
    /// An answered incoming call; the value is its talk time in seconds (≥ 0).
    case callIn = "call_in"
    /// An incoming call that was not answered; the value is ignored.
    case callMissed = "call_missed"

    /// The device that produces this signal.
    public var source: SignalSource {
        switch self {
        case .power: .power
        case .steps: .steps
        case .callOut, .callIn, .callMissed: .calls
        }
    }
}

/// A device a household may have, as named in `households.csv`'s `signals` column.
public enum SignalSource: String, CaseIterable, Sendable, Hashable, Codable {
    /// A smart plug reporting power draw.
    case power
    /// A phone reporting step counts every hour it is on (its heartbeat).
    case steps
    /// A phone's call log: outgoing, answered and missed calls.
    case calls
}

/// The set of devices a household has: any non-empty subset of ``SignalSource``.
public struct SignalSources: OptionSet, Sendable, Hashable, Codable {
    /// The bit set; bit `i` is `SignalSource.allCases[i]`.
    public let rawValue: UInt8

    /// Sources from their bit set.
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0b111 }

    /// A smart plug.
    public static let power = SignalSources(rawValue: 1 << 0)
    /// A phone's step counter.
    public static let steps = SignalSources(rawValue: 1 << 1)
    /// A phone's call log.
    public static let calls = SignalSources(rawValue: 1 << 2)
    /// All three.
    public static let all: SignalSources = [.power, .steps, .calls]

    /// The set holding one source.
    public init(_ source: SignalSource) {
        switch source {
        case .power: self = .power
        case .steps: self = .steps
        case .calls: self = .calls
        }
    }

    /// Whether the set holds `source`.
    public func contains(_ source: SignalSource) -> Bool { contains(SignalSources(source)) }

    /// The sources in contract order (`power`, `steps`, `calls`).
    public var members: [SignalSource] { SignalSource.allCases.filter { contains($0) } }
}
