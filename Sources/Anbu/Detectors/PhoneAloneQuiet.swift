import Foundation

/// The quiet statistic of the phone alone, and how often this household reaches each level of it: the calibration of
/// silence in a bin in which the household's plug did not report.
///
/// Silence's quiet history (``Silence``) is learned from bins in which every device reported, so it knows how quiet
/// this household gets with the plug watching. Someone who leaves the phone on a table at home goes a whole day without
/// steps while the plug shows them cooking and switching lights; their joint statistic stays low, and the history
/// learns that a long quiet stretch is rare for them. When the plug then goes offline (unplugged, the home network
/// down), the phone is left to speak alone, and a day of a phone lying still looks like a collapse measured against
/// that history. So a second, smaller history is kept: a shadow statistic `P ← max(0, P + phone LLR)` over the phone's
/// own bins (the same per-bin terms as the phone's share of the quiet statistic: a still phone, missed calls; steps or
/// a call end it), and per threshold `x` the decayed count of bins in which `P` reached `x`, pooled over the hours of
/// the day. While the plug is silent, silence is calibrated by the larger of the two corrections:
///
/// ```
/// c_phone = max(1, max over x ≤ Q of (E(x) + a) / (N · 10^(−x) + a)),    N the decayed count of bins
/// ```
///
/// (`10^(−x)` bounds how often a CUSUM of log-likelihood ratios sits at or above `x` bans under the routine). For a
/// person who carries the phone, `P` rarely grows and `c_phone` stays near 1: a collapse while the plug is offline is
/// judged as before. Pooled over the day, so a small state: 40 bytes per household. Learned, like the quiet
/// history, only from bins in which every device reported: a stretch with the plug offline never calibrates itself
/// (a pooled history that also learned the stretch in progress discounted a collapse by its own first hours).
struct PhoneAloneQuiet {
    /// The shadow statistic `P` of the phone alone, bans.
    private(set) var quiet: [Float] = []
    /// Decayed count of bins in which the phone reported (and learning was allowed).
    private var bins: [Float] = []
    /// Per household and threshold of ``Silence/quietThresholds``: decayed count of those bins in which `P` reached it.
    private var exceedances: [Float] = []

    private static let thresholds = Silence.quietThresholds

    var count: Int { quiet.count }

    mutating func append(households added: Int) {
        quiet.append(contentsOf: repeatElement(0, count: added))
        bins.append(contentsOf: repeatElement(0, count: added))
        exceedances.append(contentsOf: repeatElement(0, count: added * Self.thresholds.count))
    }

    /// Calls `body` with the state through pointers, valid only during the call: silence's step runs its loop in
    /// `body`, one uniqueness check per array and step instead of one per household and write.
    mutating func withColumns<R>(_ body: (Columns) -> R) -> R {
        precondition(bins.count == count && exceedances.count == count * Self.thresholds.count,
                     "phone-alone arrays of different lengths")
        return Self.withColumns(quiet: &quiet, bins: &bins, exceedances: &exceedances, body)
    }

    private static func withColumns<R>(
        quiet: UnsafeMutablePointer<Float>, bins: UnsafeMutablePointer<Float>,
        exceedances: UnsafeMutablePointer<Float>, _ body: (Columns) -> R
    ) -> R {
        body(Columns(quiet: quiet, bins: bins, exceedances: exceedances))
    }

    /// The state during one of silence's steps (``withColumns(_:)``): the arrays through pointers, same names.
    struct Columns {
        let quiet: UnsafeMutablePointer<Float>, bins: UnsafeMutablePointer<Float>
        let exceedances: UnsafeMutablePointer<Float>
        /// The thresholds as one vector (eight of them, one count each per household).
        let thresholds = SIMD8<Float>(PhoneAloneQuiet.thresholds)

        /// Adds one bin in which household `h`'s phone reported: `life` ends the statistic, otherwise `llr` (the
        /// phone's bans this bin) is added. With `learn`, the bin joins the history, `decay` being the per-bin
        /// forgetting factor: every count is decayed and those of the thresholds reached get 1 more (one vector).
        @inline(__always)
        func add(_ h: Int, life: Bool, llr: Float, learn: Bool, decay: Float) {
            let next = life ? 0 : max(0, quiet[h] + llr)
            if quiet[h].bitPattern != next.bitPattern { quiet[h] = next }
            guard learn else { return }
            bins[h] = decay * bins[h] + 1
            let counts = UnsafeMutableRawPointer(exceedances + h * SIMD8<Float>.scalarCount)
            let reached = SIMD8<Float>.zero.replacing(with: 1, where: thresholds .<= next)
            counts.storeBytes(of: decay * counts.loadUnaligned(as: SIMD8<Float>.self) + reached, as: SIMD8<Float>.self)
        }

        /// The correction `c_phone` for a quiet statistic of `q` bans in household `h`, `a` the pseudo-count.
        func calibration(_ h: Int, quiet q: Float, pseudoCount a: Float) -> Float {
            var calibration: Float = 1
            let base = h * PhoneAloneQuiet.thresholds.count
            for j in PhoneAloneQuiet.thresholds.indices where PhoneAloneQuiet.thresholds[j] <= q {
                let expected = bins[h] * Silence.modelFrequency[j]
                let excess = Silence.historyExcess(seen: exceedances[base + j], expected: expected, pseudoCount: a)
                calibration = max(calibration, excess)
            }
            return calibration
        }
    }
}

extension PhoneAloneQuiet {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("phone alone")
        try archive.values(&quiet)
        try archive.values(&bins)
        try archive.values(&exceedances)
    }
}
