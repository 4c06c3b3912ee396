import Foundation

/// The shared regression design of the seasonal baselines: what each column of `x(t)` is.
///
/// `x(t) = [1, cos 2πu, sin 2πu, cos 4πu, sin 4πu, cos 6πu, sin 6πu, cos 2πv, sin 2πv, τ]`, with `u` the local time of
/// day as a fraction of a day, `v` the local time since Monday 00:00 as a fraction of a week, and `τ` the trend: time
/// since the statistics' origin (the end of the last refit) in weeks. Ten parameters: the intercept, three daily
/// harmonics (periods of 24, 12 and 8 hours), the weekly fundamental and the trend. The columns are ordered so that
/// the first ``dailyParameters`` are a model of their own (intercept and daily harmonics), used while a household has
/// too little history for the weekly and trend terms.
enum SeasonalDesign {
    /// Daily harmonics (each a cosine and a sine).
    static let dailyHarmonics = 3
    /// Weekly harmonics (each a cosine and a sine).
    static let weeklyHarmonics = 1
    /// Columns of the design.
    static let parameters = 1 + 2 * dailyHarmonics + 2 * weeklyHarmonics + 1
    /// The leading columns that form the daily model: intercept and daily harmonics.
    static let dailyParameters = 1 + 2 * dailyHarmonics
    /// The trend's column (the last).
    static let trendColumn = parameters - 1
    /// Entries of a packed symmetric `parameters × parameters` matrix.
    static let packedCount = parameters * (parameters + 1) / 2

    /// The index of entry `(i, j)` of a packed symmetric matrix: upper triangle, column after column, so that the
    /// leading `m × m` block of any `m` is the first `m(m + 1)/2` entries.
    @inline(__always)
    static func packed(_ i: Int, _ j: Int) -> Int {
        i <= j ? j * (j + 1) / 2 + i : i * (i + 1) / 2 + j
    }

    /// Writes `x(t)` for local time `weekSeconds` (seconds since Monday 00:00, local) and trend `weeks` into `row`.
    static func row(weekSeconds: Int32, trendWeeks weeks: Double, into row: inout [Float], at offset: Int = 0) {
        let day = Double(Int(weekSeconds) % 86_400) / 86_400
        let week = Double(weekSeconds) / 604_800
        row[offset] = 1
        for k in 1...dailyHarmonics {
            let angle = 2 * Double.pi * Double(k) * day
            row[offset + 2 * k - 1] = Float(cos(angle))
            row[offset + 2 * k] = Float(sin(angle))
        }
        for k in 1...weeklyHarmonics {
            let angle = 2 * Double.pi * Double(k) * week
            row[offset + dailyParameters + 2 * k - 2] = Float(cos(angle))
            row[offset + dailyParameters + 2 * k - 1] = Float(sin(angle))
        }
        row[offset + trendColumn] = Float(weeks)
    }
}

/// Seasonal baselines of log activity, fitted per household and signal by weighted least squares on
/// ``SeasonalDesign``, refitted for a whole block of households at once.
///
/// **State** (per household and signal): the forgetting sufficient statistics of the regression — `XᵀWX` packed
/// (``SeasonalDesign/packedCount`` floats), `XᵀWy` (``SeasonalDesign/parameters``) and `yᵀWy` — the fitted
/// coefficients, and the values of the bins since the last refit, one byte each (`log(1 + x)` in steps of 1/16;
/// 255 for a bin that does not teach: device silent, or learning held back). 658 bytes per household for two signals.
///
/// **Refit** (every ``bufferBins`` bins of the grid; once a day with hourly bins), for the households of one time zone
/// at a time (one design): the bins' weights `W` (households·signals × bins; `λ^age` for a bin that teaches, 0 for
/// any other) times the design's column products `P` (bins × packed products, `P[j, (a, b)] = x_j[a]·x_j[b]`) is every
/// household's new `XᵀWX` in one `sgemm` (taken for ``chunkHouseholds`` households at a time, see there); `(W∘Y)·X`
/// is every `XᵀWy` in another. The old statistics are decayed by
/// `λ^bins` (half-life ``DetectionPolicy/silenceHalfLifeDays`` in days) and moved to the new time origin first: the
/// trend `τ` becomes `τ − bins/week`, a linear map `x ↦ A x` of the design, so `XᵀWX ↦ A XᵀWX Aᵀ` and
/// `XᵀWy ↦ A XᵀWy` (this keeps the trend's values small and the float32 sums well conditioned). Then a Cholesky
/// factorisation per household and signal (in `Double`, eight households at a time in SIMD lanes, with a small ridge
/// on every column but the intercept) gives the coefficients: of the daily model until the household has
/// ``fullModelDays`` days of weight, of the full model after, and of the intercept alone if the factorisation fails.
///
/// Everything is per block (fixed households), and the products run on one BLAS thread
/// (``OpenBLASRuntime/onOneThread(_:)``), so the statistics are the same bits for any thread count.
struct SeasonalBaseline {
    /// Signals fitted per household.
    static let signals = 2
    /// Bins held between refits.
    static let bufferBins = 24
    /// A buffered bin that does not teach.
    static let empty = UInt8.max
    /// Steps per unit of `log(1 + x)` in the buffer.
    static let bufferScale: Float = 16
    /// Days of weight before the first (daily) fit, and before the full model.
    static let firstFitDays: Float = 3
    static let fullModelDays: Float = 7
    /// Ridge added to the diagonal of every column but the intercept, in bins of weight.
    static let ridge: Double = 1

    private static let k = SeasonalDesign.parameters
    private static let packedCount = SeasonalDesign.packedCount

    /// `XᵀWX` packed, `(household · signals + signal) · packedCount + entry`.
    private(set) var gram: [Float] = []
    /// `XᵀWy`, `(household · signals + signal) · parameters + column`.
    private(set) var moment: [Float] = []
    /// `yᵀWy`, `household · signals + signal`.
    private(set) var squares: [Float] = []
    /// Fitted coefficients, laid out as ``moment``; zero until the first fit.
    private(set) var coefficients: [Float] = []
    /// Refits since the first fit, per household and signal (0: not fitted yet), saturating at 255.
    private var fitCount: [UInt8] = []
    /// Values of the bins since the last refit, `(household · signals + signal) · bufferBins + position`.
    private var buffer: [UInt8] = []
    /// Local seconds since Monday 00:00 of each buffered bin, per time zone: `zone · bufferBins + position`.
    private var weekSeconds: [Int32] = []
    /// Tests only: a failure the next refit throws where its products would run, as a refused product would (the
    /// products cannot be refused for consistent shapes, so a test has no other way to reach the failure path).
    /// Cleared when thrown; not kept in snapshots.
    var injectedFailure: LinearAlgebraError?
    /// The failure tests inject into a refit or a cohort regrouping (``injectedFailure``,
    /// ``DistrictMonitor/failNextRefits()``).
    static let testFailure = LinearAlgebraError.dimensionMismatch(
        operation: "sgemm", detail: "failure injected by a test")

    /// Households held.
    var count: Int { squares.count / Self.signals }

    mutating func append(households added: Int) {
        let rows = added * Self.signals
        gram.append(contentsOf: repeatElement(0, count: rows * Self.packedCount))
        moment.append(contentsOf: repeatElement(0, count: rows * Self.k))
        coefficients.append(contentsOf: repeatElement(0, count: rows * Self.k))
        squares.append(contentsOf: repeatElement(0, count: rows))
        fitCount.append(contentsOf: repeatElement(0, count: rows))
        buffer.append(contentsOf: repeatElement(Self.empty, count: rows * Self.bufferBins))
    }

    /// The buffer position of grid bin `bin`; a refit follows the bin at the last position.
    static func position(ofBin bin: Int) -> Int { bin % bufferBins }

    /// Whether the seasonal baselines are refitted after grid bin `bin`.
    static func refitsAfter(bin: Int) -> Bool { position(ofBin: bin) == bufferBins - 1 }

    /// The trend value, in weeks, of buffer position `position` before the refit that closes the buffer.
    static func trendWeeks(position: Int, binsPerDay: Int) -> Double {
        Double(position) / Double(7 * binsPerDay)
    }

    /// Notes the local time of the bin at `position` in each zone (`weekSeconds[z]`).
    mutating func noteCalendar(_ zoneWeekSeconds: [Int32], position: Int) {
        let needed = zoneWeekSeconds.count * Self.bufferBins
        if weekSeconds.count < needed {
            weekSeconds.append(contentsOf: repeatElement(0, count: needed - weekSeconds.count))
        }
        for z in zoneWeekSeconds.indices { weekSeconds[z * Self.bufferBins + position] = zoneWeekSeconds[z] }
    }

    /// Buffers a value `y = log(1 + x) ≥ 0` that teaches household `h`'s baseline of `signal` at `position`.
    @inline(__always)
    mutating func record(_ h: Int, _ signal: Int, position: Int, _ y: Float) {
        buffer[(h * Self.signals + signal) * Self.bufferBins + position] = Self.code(y)
    }

    /// The buffer's code of a value `y = log(1 + x) ≥ 0`: `y` in steps of 1/``bufferScale``, at most 254.
    @inline(__always)
    static func code(_ y: Float) -> UInt8 {
        let code = min(Float(Self.empty - 1), (y * Self.bufferScale).rounded())
        return UInt8(max(0, code))
    }

    /// The fitted mean of household `h`'s `signal` at the design row `design[offset ..< offset + parameters]`.
    @inline(__always)
    func predict(_ h: Int, _ signal: Int, _ design: [Float], at offset: Int) -> Float {
        precondition(h >= 0 && h < count && signal >= 0 && signal < Self.signals, "household \(h) signal \(signal)")
        precondition(offset >= 0 && offset + Self.k <= design.count, "design row \(offset) outside the design")
        let base = (h * Self.signals + signal) * Self.k
        return design.withUnsafeBufferPointer { row in
            Self.predict(coefficients: coefficients, base, design: row.baseAddress! + offset)
        }
    }

    /// The dot product of the coefficients at `coefficients[base ..< base + parameters]` with the design row at
    /// `design`, summed in column order.
    @inline(__always)
    static func predict(coefficients: UnsafePointer<Float>, _ base: Int, design: UnsafePointer<Float>) -> Float {
        var sum: Float = 0
        for i in 0..<Self.k { sum += coefficients[base + i] * design[i] }
        return sum
    }

    /// Refits since household `h`'s `signal` was first fitted (saturating at 255); 0 before its first fit.
    @inline(__always)
    func fits(_ h: Int, _ signal: Int) -> UInt8 { fitCount[h * Self.signals + signal] }

    /// What a detector's per-bin step reads and writes of the baselines, through pointers into their storage (valid
    /// only during ``withColumns(_:)``), with the same per-household helpers: one uniqueness check per array and bin
    /// instead of one per household and write.
    struct Columns {
        let coefficients: UnsafePointer<Float>
        let fitCount: UnsafePointer<UInt8>
        let buffer: UnsafeMutablePointer<UInt8>

        /// ``SeasonalBaseline/record(_:_:position:_:)`` of a value whose code (``SeasonalBaseline/code(_:)``) is
        /// `code`.
        @inline(__always)
        func record(_ h: Int, _ signal: Int, position: Int, code: UInt8) {
            buffer[(h * SeasonalBaseline.signals + signal) * SeasonalBaseline.bufferBins + position] = code
        }

        /// ``SeasonalBaseline/predict(_:_:_:at:)`` at the design row starting at `design`.
        @inline(__always)
        func predict(_ h: Int, _ signal: Int, design: UnsafePointer<Float>) -> Float {
            let base = (h * SeasonalBaseline.signals + signal) * SeasonalBaseline.k
            return SeasonalBaseline.predict(coefficients: coefficients, base, design: design)
        }

        /// ``SeasonalBaseline/fits(_:_:)``.
        @inline(__always)
        func fits(_ h: Int, _ signal: Int) -> UInt8 { fitCount[h * SeasonalBaseline.signals + signal] }
    }

    /// Calls `body` with the baselines' per-household state through pointers, valid only during the call.
    mutating func withColumns<R>(_ body: (Columns) -> R) -> R {
        let rows = count * Self.signals
        precondition(coefficients.count == rows * Self.k && fitCount.count == rows
                     && buffer.count == rows * Self.bufferBins, "seasonal baseline arrays of different lengths")
        return Self.withColumns(coefficients: coefficients, fitCount: fitCount, buffer: &buffer, body)
    }

    private static func withColumns<R>(
        coefficients: UnsafePointer<Float>, fitCount: UnsafePointer<UInt8>, buffer: UnsafeMutablePointer<UInt8>,
        _ body: (Columns) -> R
    ) -> R {
        body(Columns(coefficients: coefficients, fitCount: fitCount, buffer: buffer))
    }

    /// The weighted mean squared residual of household `h`'s `signal` under its fit (0 without weight).
    func residualVariance(_ h: Int, _ signal: Int) -> Float {
        let row = h * Self.signals + signal
        let weight = gram[row * Self.packedCount]
        guard weight > 0 else { return 0 }
        var explained: Float = 0
        for i in 0..<Self.k { explained += coefficients[row * Self.k + i] * moment[row * Self.k + i] }
        return max(0, squares[row] - explained) / weight
    }

    /// Folds the buffered bins into every household's statistics and refits the coefficients; empties the buffer.
    ///
    /// - Parameters:
    ///   - zoneOfHousehold: each household's time zone (an index into the zones noted by
    ///     ``noteCalendar(_:position:)``).
    ///   - binsPerDay: bins of the grid per day (the trend's unit is a week of bins).
    ///   - halfLifeDays: the forgetting half-life.
    /// - Throws: ``LinearAlgebraError`` if a product is refused (it cannot be for consistent shapes; see
    ///   ``injectedFailure``). Then every household keeps its previous coefficients, the statistics of the households
    ///   not yet multiplied are decayed without the buffered bins, and the buffer is emptied all the same.
    mutating func refit(zoneOfHousehold: [Int], binsPerDay: Int, halfLifeDays: Float) throws(LinearAlgebraError) {
        let households = count
        guard households > 0 else { return }
        let bins = Self.bufferBins
        let k = Self.k, p = Self.packedCount
        let perBin = pow(0.5, 1 / (Double(halfLifeDays) * Double(binsPerDay)))
        let decay = Float(pow(perBin, Double(bins)))
        let shift = Double(bins) / Double(7 * binsPerDay)
        let firstFitWeight = Self.firstFitDays * Float(binsPerDay)
        let fullWeight = Self.fullModelDays * Float(binsPerDay)

        // Decay and move every household's statistics to the new origin (τ ↦ τ − shift).
        gram.withUnsafeMutableBufferPointer { g in
            moment.withUnsafeMutableBufferPointer { b in
                for row in 0..<(households * Self.signals) {
                    Self.decayAndShift(g.baseAddress! + row * p, b.baseAddress! + row * k, decay: decay,
                                       shift: Float(shift))
                }
            }
        }
        for row in squares.indices { squares[row] *= decay }

        // The buffered bins are spent whether or not their products succeed: a refit that fails drops them, and the
        // next day's bins take their positions.
        defer { for i in buffer.indices { buffer[i] = Self.empty } }
        // The new bins: one pair of products per time zone present in the block.
        let zones = Array(Set(zoneOfHousehold)).sorted()
        var chunkProducts = ChunkProducts(rows: 0)
        for zone in zones {
            let members = (0..<households).filter { zoneOfHousehold[$0] == zone }
            var design = Matrix(rows: bins, columns: k)
            var products = Matrix(rows: bins, columns: p)
            for j in 0..<bins {
                let seconds = zone * bins + j < weekSeconds.count ? weekSeconds[zone * bins + j] : 0
                var row = [Float](repeating: 0, count: k)
                SeasonalDesign.row(weekSeconds: seconds, trendWeeks: Double(j - bins) / Double(7 * binsPerDay),
                                   into: &row)
                for i in 0..<k { design.elements[j * k + i] = row[i] }
                for b in 0..<k {
                    for a in 0...b { products.elements[j * p + SeasonalDesign.packed(a, b)] = row[a] * row[b] }
                }
            }
            // Households in chunks: the products' operands stay small (under 64 KB each), so they are reused from the
            // heap instead of being mapped and zeroed afresh by the kernel for every block.
            let ages = (0..<bins).map { Float(pow(perBin, Double(bins - 1 - $0))) }
            var start = 0
            while start < members.count {
                let chunk = members[start..<min(members.count, start + Self.chunkHouseholds)]
                try accumulate(chunk, design: design, products: products, ages: ages, in: &chunkProducts)
                start += chunk.count
            }
        }

        // A small Cholesky per household and signal, eight at a time (one per SIMD lane), grouped by model size.
        var daily: [Int] = [], full: [Int] = []
        for row in 0..<(households * Self.signals) {
            let weight = gram[row * p]
            if fitCount[row] > 0, fitCount[row] < .max { fitCount[row] += 1 }
            guard weight >= firstFitWeight else { continue }
            if fitCount[row] == 0 { fitCount[row] = 1 }
            if weight >= fullWeight { full.append(row) } else { daily.append(row) }
        }
        solve(rows: daily, model: SeasonalDesign.dailyParameters)
        solve(rows: full, model: k)
    }

    /// Lanes of the batched Cholesky.
    private typealias Lanes = SIMD8<Double>

    /// Fits the first `model` columns for each of `rows`, eight rows at a time; a row whose factorisation fails gets
    /// the intercept alone.
    private mutating func solve(rows: [Int], model m: Int) {
        guard !rows.isEmpty else { return }
        let k = Self.k, p = Self.packedCount, width = Lanes.scalarCount
        let (gram, moment) = (self.gram, self.moment)
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: m * m + m) { scratch in
            gram.withUnsafeBufferPointer { g in
                moment.withUnsafeBufferPointer { b in
                    coefficients.withUnsafeMutableBufferPointer { c in
                        let a = scratch.baseAddress!, x = a + m * m
                        var start = 0
                        while start < rows.count {
                            // The last group repeats its last row in the unused lanes.
                            var lanes = SIMD8<Int>()
                            for l in 0..<width { lanes[l] = rows[min(rows.count - 1, start + l)] }
                            let gramBase = lanes &* p, momentBase = lanes &* k
                            var e = 0
                            for j in 0..<m {
                                for i in 0...j {
                                    var value = Lanes()
                                    for l in 0..<width { value[l] = Double(g[gramBase[l] + e]) }
                                    if i == j && i > 0 { value += Lanes(repeating: Self.ridge) }
                                    a[i * m + j] = value
                                    a[j * m + i] = value
                                    e += 1
                                }
                            }
                            for i in 0..<m {
                                var value = Lanes()
                                for l in 0..<width { value[l] = Double(b[momentBase[l] + i]) }
                                x[i] = value
                            }
                            let failed = Self.factorAndSolve(a, x, m)
                            for l in 0..<min(width, rows.count - start) {
                                let out = momentBase[l]
                                if failed[l] {
                                    c[out] = b[out] / g[gramBase[l]]
                                    for i in 1..<k { c[out + i] = 0 }
                                } else {
                                    for i in 0..<k { c[out + i] = i < m ? Float(x[i][l]) : 0 }
                                }
                            }
                            start += width
                        }
                    }
                }
            }
        }
    }

    /// Cholesky factorisation of the `m × m` matrices in `a` (one per lane, ridge included) and solution of
    /// `A β = x` in place; the lanes whose pivots were not clearly positive are returned as failed.
    private static func factorAndSolve(_ a: UnsafeMutablePointer<Lanes>, _ x: UnsafeMutablePointer<Lanes>, _ m: Int)
        -> SIMDMask<Lanes.MaskStorage>
    {
        var failed = SIMDMask<Lanes.MaskStorage>(repeating: false)
        for j in 0..<m {
            let diagonal = a[j * m + j]
            var d = diagonal
            for l in 0..<j { d -= a[j * m + l] * a[j * m + l] }
            let bad = d .<= 1e-9 * pointwiseMax(Lanes(repeating: 1), diagonal)
            failed .|= bad
            d.replace(with: 1, where: bad)
            let pivot = d.squareRoot(), inverse = 1 / pivot
            a[j * m + j] = pivot
            for i in (j + 1)..<m {
                var s = a[i * m + j]
                for l in 0..<j { s -= a[i * m + l] * a[j * m + l] }
                a[i * m + j] = s * inverse
            }
        }
        for i in 0..<m {
            for l in 0..<i { x[i] -= a[i * m + l] * x[l] }
            x[i] /= a[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            for l in (i + 1)..<m { x[i] -= a[l * m + i] * x[l] }
            x[i] /= a[i * m + i]
        }
        return failed
    }

    /// Households whose new bins are multiplied at once.
    static let chunkHouseholds = 128

    /// One chunk's operands and products, reused from chunk to chunk of a refit: every element is written before it is
    /// read, so none is cleared.
    private struct ChunkProducts {
        /// The bins' weights `W` and weighted values `W∘Y`, rows × bins.
        var weights, weighted: Matrix
        /// The chunk's statistics `XᵀWX` (packed) and `XᵀWy`, which the products add to.
        var gram, moment: Matrix
        /// Each row's `Σ w·y²`.
        var squareSums: [Float]

        init(rows: Int) {
            let bins = SeasonalBaseline.bufferBins
            weights = Matrix(rows: rows, columns: bins)
            weighted = Matrix(rows: rows, columns: bins)
            gram = Matrix(rows: rows, columns: SeasonalBaseline.packedCount)
            moment = Matrix(rows: rows, columns: SeasonalBaseline.k)
            squareSums = [Float](repeating: 0, count: rows)
        }
    }

    /// Adds the buffered bins of `members` (households of one zone) to their statistics: `W·P` and `(W∘Y)·X`.
    ///
    /// The members' statistics are copied into `chunk`, the products added to them there by `sgemm` (`beta = 1`:
    /// `C + A·B`, the same sum as adding the product to `C` afterwards), and copied back.
    private mutating func accumulate(
        _ members: ArraySlice<Int>, design: Matrix, products: Matrix, ages: [Float], in chunk: inout ChunkProducts
    ) throws(LinearAlgebraError) {
        let bins = Self.bufferBins, k = Self.k, p = Self.packedCount, signals = Self.signals
        let rows = members.count * signals
        if chunk.weights.rows != rows { chunk = ChunkProducts(rows: rows) }
        precondition(ages.count == bins && members.allSatisfy { $0 >= 0 && $0 < count }, "households outside the block")
        precondition(bins % Lane.scalarCount == 0, "buffer bins not whole vectors")
        let ageLanes = (0..<(bins / Lane.scalarCount)).map { g in
            Lane((0..<Lane.scalarCount).map { ages[g * Lane.scalarCount + $0] })
        }
        buffer.withUnsafeBufferPointer { buffer in
            chunk.weights.elements.withUnsafeMutableBufferPointer { weights in
                chunk.weighted.elements.withUnsafeMutableBufferPointer { weighted in
                    chunk.squareSums.withUnsafeMutableBufferPointer { squareSums in
                        ageLanes.withUnsafeBufferPointer { ages in
                            for (m, h) in members.enumerated() {
                                for s in 0..<signals {
                                    let r = m * signals + s
                                    squareSums[r] = Self.weigh(
                                        codes: buffer.baseAddress! + (h * signals + s) * bins,
                                        ages: ages.baseAddress!, weights: weights.baseAddress! + r * bins,
                                        weighted: weighted.baseAddress! + r * bins)
                                }
                            }
                        }
                    }
                }
            }
        }
        // A household's rows (one per signal) are adjacent in the block's statistics and in the chunk's.
        Self.copyRows(of: members, from: gram, width: p * signals, into: &chunk.gram.elements, gathering: true)
        Self.copyRows(of: members, from: moment, width: k * signals, into: &chunk.moment.elements, gathering: true)
        if let failure = injectedFailure {
            injectedFailure = nil
            throw failure
        }
        try OpenBLASRuntime.onOneThread { () throws(LinearAlgebraError) in
            try LinearAlgebra.multiply(chunk.weights, products, beta: 1, into: &chunk.gram)
            try LinearAlgebra.multiply(chunk.weighted, design, beta: 1, into: &chunk.moment)
        }
        Self.copyRows(of: members, from: chunk.gram.elements, width: p * signals, into: &gram, gathering: false)
        Self.copyRows(of: members, from: chunk.moment.elements, width: k * signals, into: &moment, gathering: false)
        for (m, h) in members.enumerated() {
            for s in 0..<signals { squares[h * signals + s] += chunk.squareSums[m * signals + s] }
        }
    }

    /// Eight buffered bins at a time.
    typealias Lane = SIMD8<Float>

    /// Weighs one row of buffered bins (``bufferBins`` codes at `codes`): writes each bin's weight (its age weight
    /// `ages`, as ``bufferBins``/8 vectors, where the bin teaches, 0 where it is ``empty``) to `weights` and the weight
    /// times the value `y` to `weighted`, and returns `Σ w·y²` summed in bin order. Eight bins per vector; a bin that
    /// does not teach adds `+0` to the sum, which leaves it unchanged (every term is `≥ +0`), so the sum is the same
    /// bits as one over the teaching bins alone.
    @inline(__always)
    static func weigh(
        codes: UnsafePointer<UInt8>, ages: UnsafePointer<Lane>, weights: UnsafeMutablePointer<Float>,
        weighted: UnsafeMutablePointer<Float>
    ) -> Float {
        var sum: Float = 0
        for g in 0..<(bufferBins / Lane.scalarCount) {
            let stored = UnsafeRawPointer(codes + g * Lane.scalarCount).loadUnaligned(as: SIMD8<UInt8>.self)
            let whole = SIMD8<Int32>(truncatingIfNeeded: stored)
            let y = Lane(whole) / bufferScale
            // 1 where the bin teaches, 0 where it is empty (255): `(510 − code) / 256` rounded down, in integer lanes
            // (a comparison mask here compiled to a loop over the lanes).
            let teaches = (SIMD8(repeating: 2 * Int32(empty)) &- whole) &>> 8
            let w = ages[g] * Lane(teaches)
            let wy = w * y
            UnsafeMutableRawPointer(weights + g * Lane.scalarCount).storeBytes(of: w, as: Lane.self)
            UnsafeMutableRawPointer(weighted + g * Lane.scalarCount).storeBytes(of: wy, as: Lane.self)
            let terms = wy * y
            for l in 0..<Lane.scalarCount { sum += terms[l] }
        }
        return sum
    }

    /// Copies the `width` values of each of `members` between the block's array (row `h`) and the chunk's (row `m`,
    /// the member's place): block to chunk when `gathering`, chunk to block otherwise.
    private static func copyRows(
        of members: ArraySlice<Int>, from source: [Float], width: Int, into target: inout [Float], gathering: Bool
    ) {
        source.withUnsafeBufferPointer { source in
            target.withUnsafeMutableBufferPointer { target in
                for (m, h) in members.enumerated() {
                    let (from, to) = gathering ? (h * width, m * width) : (m * width, h * width)
                    precondition(from + width <= source.count && to + width <= target.count, "row outside the array")
                    (target.baseAddress! + to).update(from: source.baseAddress! + from, count: width)
                }
            }
        }
    }

    /// Decays one row's statistics by `decay` and moves its trend origin forward by `shift` weeks.
    private static func decayAndShift(
        _ gram: UnsafeMutablePointer<Float>, _ moment: UnsafeMutablePointer<Float>, decay: Float, shift: Float
    ) {
        let t = SeasonalDesign.trendColumn
        for e in 0..<packedCount { gram[e] *= decay }
        for i in 0..<k { moment[i] *= decay }
        // x' = A x with τ' = τ − shift·1: G' = A G Aᵀ, b' = A b.
        let g00 = gram[0], g0t = gram[SeasonalDesign.packed(0, t)]
        gram[SeasonalDesign.packed(t, t)] += -2 * shift * g0t + shift * shift * g00
        for i in 0..<t { gram[SeasonalDesign.packed(i, t)] -= shift * gram[SeasonalDesign.packed(0, i)] }
        moment[t] -= shift * moment[0]
    }

}

extension SeasonalBaseline {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("seasonal baseline")
        try archive.values(&gram)
        try archive.values(&moment)
        try archive.values(&squares)
        try archive.values(&coefficients)
        try archive.values(&buffer)
        try archive.list(&weekSeconds)
        try archive.values(&fitCount)
        try archive.require(
            weekSeconds.count % Self.bufferBins == 0, "buffered local times not a whole buffer per zone")
        try archive.require(
            weekSeconds.allSatisfy { $0 >= 0 && $0 < 604_800 }, "a buffered local time outside the week")
    }
}
