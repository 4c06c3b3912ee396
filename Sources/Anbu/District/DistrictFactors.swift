import Foundation

/// District factors: the part of every household's recent activity residual that the whole district shares.
///
/// **Residuals.** Each bin, each household whose devices reported gets one standardised life-sign residual: for each
/// reporting device, `(x − p) / sqrt(p (1 − p))`, `x` ∈ {0, 1} whether the bin held a sign of life from it and `p` the
/// household's own probability of one at this hour (``Silence/lifeRates(_:slot:_:)``), averaged over the devices and
/// clipped to ±4. Negative means "less going on than this person's routine says". The last
/// ``DetectionPolicy/districtFactorWindowHours`` of residuals are kept per household in a ring of bytes (1/32 steps).
///
/// **Factors, once a day.** With `R` the households × window matrix of residuals (missing = 0), the window's Gram
/// matrix `RᵀR` (`ssyrk`, summed over fixed blocks of households so that the result does not depend on thread count)
/// is decomposed (`ssyevd`); its leading ``DetectionPolicy/districtFactorCount`` eigenvectors `V` are the district's
/// shared time patterns, and `L = R V` (`sgemm`) each household's loading on them.
///
/// **Scores, every bin.** The bin's residual column `r` is regressed on the loadings over the households that
/// reported, `f = (LᵀL + εI)⁻¹ Lᵀ r`, and `ê_h = L_h · f` is what the district explains of household `h` now. A holiday,
/// a heat wave or an outage morning moves many households together, so `ê` follows it the bin it starts, for every
/// household in proportion to how it has moved with the district before.
///
/// **Use.** Where `ê_h < 0` the household is expected to be quieter than its routine, because the district is: its
/// life-sign probability for the bin is lowered to `p + ê_h sqrt(p (1 − p))`, and the silence evidence this bin added
/// under the unadjusted `p` but would not have added under the lowered one is accumulated over the current quiet run
/// as ``discount``, which fusion subtracts from the silence evidence. The district's mean explained residual is the
/// district's activity shift, which raises `district_shift` alerts (``DistrictContext``).
struct DistrictFactors {
    /// Residual of a bin with no report, in the ring.
    private static let missing: UInt8 = 0
    /// Residual quantisation: 32 steps per standard unit, centred on 128.
    private static let quantum: Float = 32
    /// Households per block of the Gram sum: fixed, so the sum's order never depends on threads.
    static let blockHouseholds = 4096

    private var window = 0
    private var factorCount = 0
    /// Residual ring, household-major: household `h`'s bin `b` is at `h · window + b % window`.
    private var residuals: [UInt8] = []
    /// Loadings, household-major: `h · factorCount + j`.
    private var loadings: [Float] = []
    /// The Gram matrix's leading eigenvalues, largest first (for the ridge).
    private var strength: [Float] = []
    /// The district's usual mean residual per UTC hour (the residuals are not exactly centred: rates are shrunk and
    /// clipped).
    private var usualLevel = [Float](repeating: .nan, count: 24)
    /// Bins seen so far.
    private var bins = 0
    /// Silence evidence explained by the district over each household's current quiet run, bans.
    private(set) var discount: [Float] = []
    /// The district's mean residual this bin against its usual level at this hour (negative: the district is quieter
    /// than its routines), standard units.
    private(set) var shift: Float = 0
    /// Households that reported this bin.
    private(set) var reporting = 0

    var count: Int { discount.count }

    mutating func configure(_ policy: DetectionPolicy) {
        guard window == 0 else { return }
        window = max(1, policy.districtFactorWindowHours * 3600 / policy.binSeconds)
        factorCount = policy.districtFactorCount
        strength = [Float](repeating: 0, count: factorCount)
    }

    mutating func append(households added: Int, _ policy: DetectionPolicy) {
        configure(policy)
        residuals.append(contentsOf: repeatElement(Self.missing, count: added * window))
        loadings.append(contentsOf: repeatElement(0, count: added * factorCount))
        discount.append(contentsOf: repeatElement(0, count: added))
    }

    /// Scores and records one bin, after silence has stepped. `slot[h]` is household `h`'s slot.
    mutating func step(
        signs: LifeSigns, silence: Silence, slot: [UInt8], learn: [UInt8], utcHour: Int, _ policy: DetectionPolicy
    ) {
        let households = count
        let column = bins % window
        let cap = policy.lifeSignProbabilityCap
        // The bin's residuals, and the normal equations of its regression on the loadings.
        let k = factorCount + 1  // the district's mean shift (loading 1 for everyone), then the factors
        let usual = usualLevel[utcHour].isNaN ? 0 : usualLevel[utcHour]
        var normal = [Float](repeating: 0, count: k * k)
        var moment = [Float](repeating: 0, count: k)
        var rawSum: Float = 0
        reporting = 0
        for h in 0..<households {
            let seenPower = signs.powerObserved[h] == 1, seenPhone = signs.phoneObserved[h] == 1
            var slotIndex = h * window + column
            // A household whose learning is paused (an alert open, an absence) may be in trouble: it neither shapes
            // nor reads the district's shift.
            guard seenPower || seenPhone, learn[h] == 1 else {
                residuals[slotIndex] = Self.missing
                continue
            }
            let rates = silence.lifeRates(h, slot: Int(slot[h]), policy)
            var total: Float = 0, devices: Float = 0
            if seenPower {
                total += Self.standardised(Float(signs.powerLife[h]), rates.power)
                devices += 1
            }
            if seenPhone {
                total += Self.standardised(Float(signs.phoneLife[h]), rates.phone)
                devices += 1
            }
            let r = min(4, max(-4, total / devices))
            residuals[slotIndex] = UInt8(min(255, max(1, (r * Self.quantum).rounded() + 128)))
            rawSum += r
            slotIndex = h * factorCount
            let centred = r - usual
            for j in 0..<k {
                let lj = j == 0 ? 1 : loadings[slotIndex + j - 1]
                moment[j] += lj * centred
                for i in 0..<k { normal[j * k + i] += lj * (i == 0 ? 1 : loadings[slotIndex + i - 1]) }
            }
            reporting += 1
        }
        let scores = Self.solve(normal, moment, ridge: [1] + strength.map { 1e-3 * $0 + 1e-3 }, k)
        if reporting > 0 {
            let mean = rawSum / Float(reporting)
            // The usual mean residual at this UTC hour: a running mean over the first week, then a two-week
            // half-life.
            let day = bins / 24
            if usualLevel[utcHour].isNaN {
                usualLevel[utcHour] = mean
            } else {
                usualLevel[utcHour] += (mean - usualLevel[utcHour]) * max(0.0483, 1 / Float(day + 1))
            }
        }
        // What the district explains of each household, and the silence evidence that accounts for while the district
        // as a whole has shifted.
        let shifted = scores[0] <= -policy.districtShiftResidual
        for h in 0..<households {
            var explained = scores[0]
            for j in 0..<factorCount { explained += loadings[h * factorCount + j] * scores[j + 1] }
            guard silence.quiet[h] > 0 else {
                discount[h] = 0
                continue
            }
            guard shifted, explained < 0, signs.phoneLife[h] == 0 else { continue }
            let rates = silence.lifeRates(h, slot: Int(slot[h]), policy)
            var bans: Float = 0
            if signs.phoneObserved[h] == 1 { bans += Self.quietBans(rates.phone, explained, cap: cap) }
            if signs.powerObserved[h] == 1, signs.powerLife[h] == 0 {
                bans += Self.quietBans(rates.power, explained, cap: cap)
            }
            discount[h] += bans
        }
        shift = scores[0]
        bins += 1
    }

    /// Bans a quiet bin adds under life-sign probability `p` but not under `p` lowered by the district's explained
    /// residual: `log10((1 − p') / (1 − p))`, both capped like silence's.
    private static func quietBans(_ rate: Float, _ explained: Float, cap: Float) -> Float {
        let p = min(cap, max(0.01, rate))
        let q = min(p, max(0.01, rate + explained * (rate * (1 - rate)).squareRoot()))
        return log10((1 - q) / (1 - p))
    }

    /// The standardised residual of a 0/1 life sign against probability `rate`.
    private static func standardised(_ x: Float, _ rate: Float) -> Float {
        let p = min(0.98, max(0.02, rate))
        return (x - p) / (p * (1 - p)).squareRoot()
    }

    /// Solves the small symmetric system `(A + diag(ridge)) f = b` by Cholesky; zero scores when it is not positive.
    private static func solve(_ a: [Float], _ b: [Float], ridge: [Float], _ k: Int) -> [Float] {
        var m = a
        for j in 0..<k { m[j * k + j] += ridge[j] }
        var l = [Float](repeating: 0, count: k * k)
        for j in 0..<k {
            var d = m[j * k + j]
            for p in 0..<j { d -= l[j * k + p] * l[j * k + p] }
            guard d > 0 else { return [Float](repeating: 0, count: k) }
            l[j * k + j] = d.squareRoot()
            for i in (j + 1)..<max(j + 1, k) {
                var s = m[i * k + j]
                for p in 0..<j { s -= l[i * k + p] * l[j * k + p] }
                l[i * k + j] = s / l[j * k + j]
            }
        }
        var y = b
        for i in 0..<k {
            for p in 0..<i { y[i] -= l[i * k + p] * y[p] }
            y[i] /= l[i * k + i]
        }
        for i in stride(from: k - 1, through: 0, by: -1) {
            for p in (i + 1)..<max(i + 1, k) { y[i] -= l[p * k + i] * y[p] }
            y[i] /= l[i * k + i]
        }
        return y
    }

    /// Recomputes the factors and every household's loadings from the residual window (once a day).
    ///
    /// - Throws: ``LinearAlgebraError`` when LAPACK fails; the previous loadings are kept then.
    mutating func refresh() throws(LinearAlgebraError) {
        let households = count
        guard households > 0, factorCount > 0 else { return }
        var gram = Matrix(rows: window, columns: window)
        var block = Matrix(rows: 0, columns: window)
        var start = 0
        while start < households {
            let rows = min(Self.blockHouseholds, households - start)
            block = residualBlock(start, rows, reusing: block)
            try LinearAlgebra.symmetricRankKUpdate(block, beta: start == 0 ? 0 : 1, into: &gram)
            start += rows
        }
        let eigen = try LinearAlgebra.symmetricEigen(gram)
        let k = min(factorCount, window)
        var leading = Matrix(rows: window, columns: factorCount)
        for j in 0..<k {
            let source = window - 1 - j  // eigenvalues ascend
            strength[j] = max(0, eigen.values[source])
            for t in 0..<window { leading[t, j] = eigen.vectors[t, source] }
        }
        start = 0
        var blockLoadings = Matrix(rows: 0, columns: factorCount)
        while start < households {
            let rows = min(Self.blockHouseholds, households - start)
            block = residualBlock(start, rows, reusing: block)
            if blockLoadings.rows != rows { blockLoadings = Matrix(rows: rows, columns: factorCount) }
            try LinearAlgebra.multiply(block, leading, into: &blockLoadings)
            for (offset, value) in blockLoadings.elements.enumerated() { loadings[start * factorCount + offset] = value }
            start += rows
        }
    }

    /// Households `start ..< start + rows` of the residual window as a rows × window matrix (missing = 0).
    private func residualBlock(_ start: Int, _ rows: Int, reusing matrix: Matrix) -> Matrix {
        var block = matrix.rows == rows ? matrix : Matrix(rows: rows, columns: window)
        // Each household's own level over the window is removed: loadings measure moving with the district, not being
        // persistently above or below one's rates.
        for row in 0..<rows {
            let base = (start + row) * window
            var sum: Float = 0, seen: Float = 0
            for t in 0..<window where residuals[base + t] != Self.missing {
                sum += (Float(residuals[base + t]) - 128) / Self.quantum
                seen += 1
            }
            let mean = seen > 0 ? sum / seen : 0
            for t in 0..<window {
                let code = residuals[base + t]
                block.elements[row * window + t] = code == Self.missing ? 0 : (Float(code) - 128) / Self.quantum - mean
            }
        }
        return block
    }
}

extension DistrictFactors {
    /// Lists every stored value once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("district factors")
        try archive.values(&residuals)
        try archive.values(&loadings)
        try archive.values(&strength)
        try archive.values(&usualLevel)
        try archive.value(&bins)
        try archive.values(&discount)
        try archive.value(&shift)
        try archive.value(&reporting)
    }
}
