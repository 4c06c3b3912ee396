/// Why a reading's value breaks the district-directory contract.
public enum ReadingValueProblem: String, Sendable, Hashable, CaseIterable {
    /// The value is below zero.
    case negative
    /// The value is NaN or infinite.
    case notFinite = "not_finite"
    /// A steps value with a fractional part.
    case fractionalSteps = "fractional_steps"
    /// The value is above ``Signal/maximumValue`` (an implementation limit that keeps binning exact).
    case tooLarge = "too_large"
}

extension Signal {
    /// The largest value any reading may carry: 10⁹ (watts, steps or talk seconds).
    ///
    /// No household device comes near it; the limit lets ``BinAccumulator`` sum values exactly in 64-bit fixed point,
    /// so binned results do not depend on the order readings arrive in.
    public static let maximumValue: Double = 1e9

    /// What is wrong with `value` for this signal, or `nil` when it is valid.
    ///
    /// The contract's rule: values are finite and `>= 0`; steps are whole. A missed call's value is ignored, so every
    /// value is valid for ``Signal/callMissed``. This is the one definition used by the file readers and the engine.
    @inlinable
    public func valueProblem(_ value: Double) -> ReadingValueProblem? {
        if self == .callMissed { return nil }
        guard value.isFinite else { return .notFinite }
        guard value >= 0 else { return .negative }
        guard value <= Self.maximumValue else { return .tooLarge }
        if self == .steps, value.rounded(.towardZero) != value { return .fractionalSteps }
        return nil
    }
}
