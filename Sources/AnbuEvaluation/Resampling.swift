import Anbu

extension SplitMix64 {
    /// A draw from `0..<bound` by the multiply-high method (bias below `bound / 2⁶⁴`), defined here rather than by
    /// the standard library so that resamples never change with the toolchain.
    mutating func index(below bound: Int) -> Int {
        Int(UInt64(bound).multipliedFullWidth(by: next()).high)
    }
}

/// The `p`-quantile of sorted values by linear interpolation between order statistics (NumPy's default, "type 7");
/// `nil` when there are none.
func quantile(sorted values: [Double], _ p: Double) -> Double? {
    guard let first = values.first else { return nil }
    guard values.count > 1 else { return first }
    let h = Double(values.count - 1) * min(max(p, 0), 1)
    let lower = Int(h.rounded(.down))
    let upper = min(lower + 1, values.count - 1)
    return values[lower] + (h - Double(lower)) * (values[upper] - values[lower])
}

/// Per-household totals and the ratios built from them, resampled over households with replacement.
///
/// Each household contributes one row of `columns` totals; a metric is `Σ numerator / Σ denominator · scale` over the
/// households drawn. Drawing a household twice counts its totals twice.
struct HouseholdBootstrap {
    /// Row-major `households × columns`.
    var totals: [Double]
    let columns: Int
    var households: Int { columns == 0 ? 0 : totals.count / columns }

    init(households: Int, columns: Int) {
        self.columns = columns
        totals = [Double](repeating: 0, count: households * columns)
    }

    subscript(household: Int, column: Int) -> Double {
        get { totals[household * columns + column] }
        set { totals[household * columns + column] = newValue }
    }

    /// One ratio: `numerator / denominator · scale`, undefined (`nil`) when the denominator sums to 0.
    struct Ratio {
        var numerator: Int
        var denominator: Int
        var scale: Double
    }

    /// The percentile interval of each ratio over `resamples` resamples; `nil` bounds when `resamples` is 0 or the
    /// ratio is undefined in every resample. Resamples where a ratio is undefined are left out of its interval.
    ///
    /// - Complexity: O(resamples × households × columns).
    func intervals(of ratios: [Ratio], resamples: Int, seed: UInt64, level: Double) -> [(Double?, Double?)] {
        let n = households
        guard resamples > 0, n > 0 else { return ratios.map { _ in (nil, nil) } }
        var generator = SplitMix64(seed: seed)
        var samples = [[Double]](repeating: [], count: ratios.count)
        for index in samples.indices { samples[index].reserveCapacity(resamples) }
        var sums = [Double](repeating: 0, count: columns)
        totals.withUnsafeBufferPointer { table in
            for _ in 0..<resamples {
                for c in 0..<columns { sums[c] = 0 }
                for _ in 0..<n {
                    let row = generator.index(below: n) * columns
                    for c in 0..<columns { sums[c] += table[row + c] }
                }
                for (r, ratio) in ratios.enumerated() where sums[ratio.denominator] > 0 {
                    samples[r].append(sums[ratio.numerator] / sums[ratio.denominator] * ratio.scale)
                }
            }
        }
        let tail = (1 - level) / 2
        return samples.map { values in
            let sorted = values.sorted()
            return (quantile(sorted: sorted, tail), quantile(sorted: sorted, 1 - tail))
        }
    }
}
