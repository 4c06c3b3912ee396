import Foundation

/// How fast the seasonal baselines' refit runs (``SeasonalBaseline``), for `anbu bench machine`: the whole refit of
/// blocks of 1,024 households with a day of hourly bins buffered, and its two matrix products alone at the same shapes.
@_spi(Benchmarks)
public enum SeasonalRefitSpeed {
    /// One measurement.
    public struct Measurement: Sendable {
        /// Households refitted per repeat (whole blocks).
        public let households: Int
        /// Floating-point operations of the two products per repeat: `2 · rows · bins · (packed + parameters)`.
        public let productFlops: Double
        /// Median seconds of the products alone (both signals of every block), per repeat.
        public let productSeconds: Double
        /// Median seconds of the whole refit (decay and origin shift, the products, the Cholesky solves), per repeat.
        public let refitSeconds: Double
    }

    /// Measures `blocks` blocks of 1,024 households, median of `repeats`, with OpenBLAS's current thread count.
    public static func measure(blocks: Int = 20, repeats: Int = 5) -> Measurement {
        let households = 1_024, bins = SeasonalBaseline.bufferBins
        let rows = households * SeasonalBaseline.signals
        var generator = SplitMix64(seed: 7)
        var baselines = [SeasonalBaseline](repeating: SeasonalBaseline(), count: blocks)
        for b in baselines.indices {
            baselines[b].append(households: households)
            baselines[b].noteCalendar([0], position: 0)
        }
        func fill(_ baseline: inout SeasonalBaseline) {
            for j in 0..<bins {
                baseline.noteCalendar([Int32(j * 3600)], position: j)
                for h in 0..<households {
                    for s in 0..<SeasonalBaseline.signals where Float.random(in: 0..<1, using: &generator) < 0.9 {
                        baseline.record(h, s, position: j, Float.random(in: 0..<8, using: &generator))
                    }
                }
            }
        }
        let zones = [Int](repeating: 0, count: households)
        var refitTimes: [Double] = []
        for _ in 0..<repeats {
            for b in baselines.indices { fill(&baselines[b]) }
            let start = DispatchTime.now().uptimeNanoseconds
            for b in baselines.indices {
                try! baselines[b].refit(zoneOfHousehold: zones, binsPerDay: 24, halfLifeDays: 28)
            }
            refitTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let p = SeasonalDesign.packedCount, k = SeasonalDesign.parameters
        // The products at the engine's shapes: chunks of households (SeasonalBaseline.chunkHouseholds).
        let chunkRows = SeasonalBaseline.chunkHouseholds * SeasonalBaseline.signals
        let weights = Matrix(rows: chunkRows, columns: bins, repeating: 0.5)
        let products = Matrix(rows: bins, columns: p, repeating: 0.25)
        let design = Matrix(rows: bins, columns: k, repeating: 0.25)
        var gram = Matrix(rows: chunkRows, columns: p)
        var moment = Matrix(rows: chunkRows, columns: k)
        var productTimes: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<(blocks * rows / chunkRows) {
                try! LinearAlgebra.multiply(weights, products, into: &gram)
                try! LinearAlgebra.multiply(weights, design, into: &moment)
            }
            productTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return Measurement(
            households: blocks * households,
            productFlops: Double(blocks) * 2 * Double(rows) * Double(bins) * Double(p + k),
            productSeconds: productTimes.sorted()[repeats / 2], refitSeconds: refitTimes.sorted()[repeats / 2])
    }
}
