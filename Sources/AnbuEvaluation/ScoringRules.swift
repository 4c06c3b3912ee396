public import Anbu

/// The windows and settings that scoring uses, with the contract's values as defaults.
///
/// Every field is optional in JSON: a missing key takes its default, so a sweep file names only what it changes.
public struct ScoringRules: Sendable, Hashable, Codable {
    /// A collapse counts as detected at tier T when the household is under a person alert at tier ≥ T within this
    /// many hours of onset. Default 72.
    public var collapseHorizonHours: Double
    /// The same horizon for an illness, hours. Default 504 (21 days).
    public var illnessHorizonHours: Double
    /// The same horizon for a withdrawal, hours. Default 504 (21 days).
    public var withdrawalHorizonHours: Double
    /// An incident counts as active from this many hours before its onset (for judging alerts false and for the
    /// context of an alert). Default 1: bins are an hour long and an alert stamped at the end of the onset's bin is
    /// not early.
    public var graceBeforeOnsetHours: Double
    /// An incident counts as active until this many hours after its end. Default 24. Detection is also cut off there,
    /// so an alert that opens after the incident is over (plus this grace) neither detects it nor is judged true by it.
    public var graceAfterEndHours: Double
    /// Bootstrap resamples of households for the confidence intervals; 0 turns them off. Default 1 000.
    public var bootstrapResamples: Int
    /// The seed of the bootstrap's generator: the same seed and input give the same intervals. Default 1.
    public var bootstrapSeed: UInt64
    /// The confidence level of the intervals, in (0, 1). Default 0.95 (the 2.5th and 97.5th percentiles).
    public var confidenceLevel: Double

    /// Scoring rules; every argument defaults to the contract's value.
    public init(
        collapseHorizonHours: Double = 72, illnessHorizonHours: Double = 504, withdrawalHorizonHours: Double = 504,
        graceBeforeOnsetHours: Double = 1, graceAfterEndHours: Double = 24, bootstrapResamples: Int = 1000,
        bootstrapSeed: UInt64 = 1, confidenceLevel: Double = 0.95
    ) {
        self.collapseHorizonHours = collapseHorizonHours
        self.illnessHorizonHours = illnessHorizonHours
        self.withdrawalHorizonHours = withdrawalHorizonHours
        self.graceBeforeOnsetHours = graceBeforeOnsetHours
        self.graceAfterEndHours = graceAfterEndHours
        self.bootstrapResamples = bootstrapResamples
        self.bootstrapSeed = bootstrapSeed
        self.confidenceLevel = confidenceLevel
    }

    /// The detection horizon of a person-risk incident kind in hours; `nil` for any other kind.
    public func horizonHours(for kind: IncidentKind) -> Double? {
        switch kind {
        case .collapse: collapseHorizonHours
        case .illness: illnessHorizonHours
        case .withdrawal: withdrawalHorizonHours
        default: nil
        }
    }

    private enum CodingKeys: String, CodingKey {
        case collapseHorizonHours, illnessHorizonHours, withdrawalHorizonHours, graceBeforeOnsetHours
        case graceAfterEndHours, bootstrapResamples, bootstrapSeed, confidenceLevel
    }

    /// Decodes rules; a missing key takes its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ScoringRules()
        self.init(
            collapseHorizonHours: try c.decodeIfPresent(Double.self, forKey: .collapseHorizonHours)
                ?? d.collapseHorizonHours,
            illnessHorizonHours: try c.decodeIfPresent(Double.self, forKey: .illnessHorizonHours)
                ?? d.illnessHorizonHours,
            withdrawalHorizonHours: try c.decodeIfPresent(Double.self, forKey: .withdrawalHorizonHours)
                ?? d.withdrawalHorizonHours,
            graceBeforeOnsetHours: try c.decodeIfPresent(Double.self, forKey: .graceBeforeOnsetHours)
                ?? d.graceBeforeOnsetHours,
            graceAfterEndHours: try c.decodeIfPresent(Double.self, forKey: .graceAfterEndHours)
                ?? d.graceAfterEndHours,
            bootstrapResamples: try c.decodeIfPresent(Int.self, forKey: .bootstrapResamples) ?? d.bootstrapResamples,
            bootstrapSeed: try c.decodeIfPresent(UInt64.self, forKey: .bootstrapSeed) ?? d.bootstrapSeed,
            confidenceLevel: try c.decodeIfPresent(Double.self, forKey: .confidenceLevel) ?? d.confidenceLevel)
    }

    /// Encodes every field.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(collapseHorizonHours, forKey: .collapseHorizonHours)
        try c.encode(illnessHorizonHours, forKey: .illnessHorizonHours)
        try c.encode(withdrawalHorizonHours, forKey: .withdrawalHorizonHours)
        try c.encode(graceBeforeOnsetHours, forKey: .graceBeforeOnsetHours)
        try c.encode(graceAfterEndHours, forKey: .graceAfterEndHours)
        try c.encode(bootstrapResamples, forKey: .bootstrapResamples)
        try c.encode(bootstrapSeed, forKey: .bootstrapSeed)
        try c.encode(confidenceLevel, forKey: .confidenceLevel)
    }
}

extension Double {
    /// Hours as whole milliseconds, rounded to nearest.
    var hoursInMilliseconds: Int64 { Int64((self * 3_600_000).rounded()) }
}
