/// Cohort priors: households grouped by their daily profile, so that a household with little history borrows the
/// life-sign rates of households like it rather than the whole district's.
///
/// **Profiles.** A household's profile is its life-sign rate per slot (48 slots: hour of day × weekday or weekend) for
/// the plug and for the phone, `x = life / seen` from Silence's decayed counts, with weight `w = seen / (seen + 2)` per
/// slot (0 where the device was never seen), 96 values in all.
///
/// **Cohorts** (``DetectionPolicy/cohortCount`` of them, regrouped once a day): weighted k-means. The weighted squared
/// distance of a household to a cohort centre `c`, `Σ_s w_s (x_s − c_s)²`, is, up to a term that does not depend on the
/// cohort, `[W∘X, W] · [−2C, C∘C]ᵀ`: one `sgemm` of households × 192 by 192 × cohorts. Each household joins its nearest
/// cohort, and a cohort's centre is its members' pooled rate per slot, `Σ life / Σ seen`, like the district's.
///
/// **Once for the district, in three steps** (``DistrictMonitor`` each day; ``refresh(_:district:cohorts:)`` for one
/// group of households):
/// 1. ``CohortSample``: every ``CohortSample/stride(households:)``-th household of the district, by its index in the
///    monitor (at most ``CohortSample/limit`` of them), copies its counts.
/// 2. ``CohortSample/fit(cohorts:district:)``: the centres start from the sample ordered by overall activity, at evenly
///    spaced quantiles, and take at most ``iterations`` − 1 rounds on the sample, stopping early when no household
///    moves.
/// 3. ``assign(_:to:)``: every household joins its nearest centre, one product per block of households, and the blocks'
///    pooled counts (``CohortSums``, added in block order) give the cohorts' rates, which every block then keeps.
///
/// The sample, the chunks of every product and the order of every sum depend only on the number of households, never
/// on the thread count: the cohorts are the same bits for any number of threads.
///
/// **Use.** ``Silence`` shrinks a household's rates toward its cohort's (instead of the district's) with the strength of
/// ``DetectionPolicy/lifeSignPriorDays``. A household with no data yet has no cohort and starts from the district.
struct CohortPriors {
    /// No cohort yet (no data).
    static let none = UInt8.max
    /// Rounds of k-means at most: `iterations − 1` on the sample, then the assignment of every household.
    static let iterations = 8
    /// Rows of one distance product when households are assigned: the monitor's blocks are no larger.
    static let chunkRows = 1_024
    fileprivate static let slots = Silence.slots
    /// Profile values per household: plug rates, then phone rates.
    fileprivate static let features = 2 * slots

    /// Each household's cohort, or ``none``.
    private(set) var cohort: [UInt8] = []
    /// Pooled plug rates, cohort-major: `cohort · slots + slot`.
    private(set) var powerRate: [Float] = []
    /// Pooled phone rates, cohort-major.
    private(set) var phoneRate: [Float] = []

    mutating func append(households added: Int) {
        cohort.append(contentsOf: repeatElement(Self.none, count: added))
    }

    /// Regroups the households of `counts` on their own (a sample of them, then all of them; the three steps of the
    /// monitor's daily regrouping for a district of these households only) and sets the cohort rates.
    /// `district` stands in for a slot no member has seen.
    ///
    /// - Throws: ``LinearAlgebraError`` if the distance product is refused (it cannot be for consistent counts).
    mutating func refresh(_ counts: Counts, district: Rates, cohorts requested: Int) throws(LinearAlgebraError) {
        var sample = CohortSample(households: counts.households)
        sample.add(counts, first: 0)
        guard let centres = try sample.fit(cohorts: requested, district: district) else { return }
        let sums = try assign(counts, to: centres)
        adopt(sums.rates(district: district))
    }

    /// Moves every household of `counts` (this group's, in order) to its nearest centre, one distance product per
    /// ``chunkRows`` households, and returns the new members' pooled counts. Households without data get no cohort.
    ///
    /// - Throws: ``LinearAlgebraError`` if the distance product is refused (it cannot be for consistent counts).
    mutating func assign(_ counts: Counts, to centres: Rates) throws(LinearAlgebraError) -> CohortSums {
        precondition(counts.households == cohort.count, "counts for \(counts.households) of \(cohort.count) households")
        let k = centres.cohorts
        let weights = centres.distanceWeights()
        var sums = CohortSums(cohorts: k)
        var profiles = Matrix(rows: 0, columns: 0)
        var distances = Matrix(rows: 0, columns: 0)
        var start = 0
        while start < counts.households {
            let rows = start..<min(counts.households, start + Self.chunkRows)
            try counts.profiles(rows, into: &profiles)
            if distances.rows != rows.count { distances = Matrix(rows: rows.count, columns: k) }
            try Self.distances(of: profiles, weights, into: &distances)
            for (row, h) in rows.enumerated() {
                guard counts.hasData(h) else {
                    cohort[h] = Self.none
                    continue
                }
                let c = Self.nearest(distances.elements, row: row, k)
                cohort[h] = c
                sums.add(counts, household: h, cohort: Int(c))
            }
            start = rows.upperBound
        }
        return sums
    }

    /// Takes the district's cohort rates (the same for every block).
    mutating func adopt(_ rates: Rates) {
        powerRate = rates.power
        phoneRate = rates.phone
    }

    /// Each profile's distance to each centre, `profiles · weightsᵀ` (`distanceWeights()` of the centres), as one
    /// product on one BLAS thread (``OpenBLASRuntime/onOneThread(_:)``).
    fileprivate static func distances(
        of profiles: Matrix, _ weights: Matrix, into distances: inout Matrix
    ) throws(LinearAlgebraError) {
        try OpenBLASRuntime.onOneThread { () throws(LinearAlgebraError) in
            try LinearAlgebra.multiply(profiles, weights, transposeB: .transposed, into: &distances)
        }
    }

    /// The smallest of the `k` distances of row `row` (the first on ties).
    fileprivate static func nearest(_ distances: [Float], row: Int, _ k: Int) -> UInt8 {
        var best = 0
        let base = row * k
        for c in 1..<k where distances[base + c] < distances[base + best] { best = c }
        return UInt8(best)
    }

    /// Silence's decayed counts for a run of households, read in place: its half-precision records
    /// (``Silence/LifeField``), household-major, `(h · slots + slot) · Silence.lifeFields + field`. Holding the
    /// records themselves (a copy-on-write reference to Silence's array, not a gather into four arrays) costs nothing
    /// per regrouping; a count read converts one `Float16` to `Float`, exactly.
    struct Counts {
        /// The records of `households` households, ``Silence/lifeFields`` values per household-slot.
        let records: [Float16]

        var households: Int { records.count / Counts.perHousehold }

        /// Values per household: its 48 slots' records.
        fileprivate static let perHousehold = CohortPriors.slots * Silence.lifeFields

        /// Calls `body` with the records as vectors of the four counts, household-slot `h · slots + slot` at index
        /// `h · slots + slot` (one load and one conversion per record).
        func withRecords<R>(_ body: (UnsafePointer<SIMD4<Float16>>) -> R) -> R {
            precondition(
                Silence.lifeFields == 4 && records.count % Counts.perHousehold == 0, "records of another shape")
            return records.withUnsafeBufferPointer { values in
                body(UnsafeRawPointer(values.baseAddress!).assumingMemoryBound(to: SIMD4<Float16>.self))
            }
        }

        /// Whether household `h` has been seen at all (it has a profile).
        func hasData(_ h: Int) -> Bool {
            precondition(h >= 0 && h < households, "household \(h) of \(households)")
            return withRecords { records in
                let household = records + h * CohortPriors.slots
                for s in 0..<CohortPriors.slots {
                    let counts = household[s]
                    let seenPower = counts[Silence.LifeField.powerSeen], seenPhone = counts[Silence.LifeField.phoneSeen]
                    if seenPower > 0 || seenPhone > 0 { return true }
                }
                return false
            }
        }

        /// The rows `[W∘X, W]` of households `rows`, into `matrix` (resized): `w·x = life / (seen + 2)` and
        /// `w = seen / (seen + 2)`, both 0 where the device was never seen at that slot.
        ///
        /// - Throws: ``LinearAlgebraError`` if a new matrix is refused (it cannot be: its shape is the rows').
        func profiles(_ rows: Range<Int>, into matrix: inout Matrix) throws(LinearAlgebraError) {
            let width = 2 * CohortPriors.features
            precondition(rows.lowerBound >= 0 && rows.upperBound <= households, "households \(rows) of \(households)")
            if matrix.rows == rows.count && matrix.columns == width {
                matrix.elements.withUnsafeMutableBufferPointer { out in fill(rows, into: out) }
            } else {
                // Every element is written: a new matrix is not cleared first.
                let elements = [Float](unsafeUninitializedCapacity: rows.count * width) { out, initialized in
                    fill(rows, into: out)
                    initialized = rows.count * width
                }
                matrix = try Matrix(rows: rows.count, columns: width, elements: elements)
            }
        }

        /// Writes the profiles of households `rows` into `out`, `2 · features` values per household, every one.
        private func fill(_ rows: Range<Int>, into out: UnsafeMutableBufferPointer<Float>) {
            let features = CohortPriors.features, slots = CohortPriors.slots
            let width = 2 * features
            precondition(out.count >= rows.count * width, "\(out.count) values for the profiles of \(rows)")
            precondition(
                Silence.LifeField.powerLife == 0 && Silence.LifeField.powerSeen == 1
                    && Silence.LifeField.phoneLife == 2 && Silence.LifeField.phoneSeen == 3
                    && slots % Self.slotsAtOnce == 0, "life records of another shape")
            guard let base = out.baseAddress else { return }
            withRecords { records in
                for (row, h) in rows.enumerated() {
                    // W∘X (plug slots, then phone slots), then W in the same order.
                    let weighted = UnsafeMutableRawPointer(base + row * width)
                    let household = UnsafeRawPointer(records + h * slots)
                    for s in stride(from: 0, to: slots, by: Self.slotsAtOnce) {
                        // Eight records, converted exactly, then each field's eight values (records interleave
                        // plug life, plug seen, phone life, phone seen): each divided by its own device's
                        // `seen + 2` as `1 / (seen + 2)` then a product, lane by lane as in scalar arithmetic.
                        func pair(_ first: Int) -> SIMD8<Float> {
                            SIMD8<Float>(household.loadUnaligned(
                                fromByteOffset: (s + first) * MemoryLayout<SIMD4<Float16>>.stride,
                                as: SIMD8<Float16>.self))
                        }
                        let counts = SIMD32<Float>(
                            lowHalf: SIMD16(lowHalf: pair(0), highHalf: pair(2)),
                            highHalf: SIMD16(lowHalf: pair(4), highHalf: pair(6)))
                        let lives = counts.evenHalf, seens = counts.oddHalf
                        let powerSeen = seens.evenHalf, phoneSeen = seens.oddHalf
                        let rPower = 1 / (powerSeen + 2), rPhone = 1 / (phoneSeen + 2)
                        let value = MemoryLayout<Float>.stride
                        weighted.storeBytes(
                            of: lives.evenHalf * rPower, toByteOffset: s * value, as: SIMD8<Float>.self)
                        weighted.storeBytes(
                            of: lives.oddHalf * rPhone, toByteOffset: (slots + s) * value, as: SIMD8<Float>.self)
                        weighted.storeBytes(
                            of: powerSeen * rPower, toByteOffset: (features + s) * value, as: SIMD8<Float>.self)
                        weighted.storeBytes(
                            of: phoneSeen * rPhone, toByteOffset: (features + slots + s) * value,
                            as: SIMD8<Float>.self)
                    }
                }
            }
        }

        /// Slots whose records ``profiles(_:into:)`` converts at once.
        private static let slotsAtOnce = 8
    }

    /// Rates per cohort and slot, cohort-major (`cohort · slots + slot`): centres while fitting, the cohorts' pooled
    /// rates after; with one cohort, the district's rates per slot.
    struct Rates: Equatable {
        var power: [Float]
        var phone: [Float]

        var cohorts: Int { power.count / CohortPriors.slots }

        /// The `k × 192` matrix `[−2C, C∘C]` whose product with a profile row `[W∘X, W]` is the row's weighted squared
        /// distance to each centre, less the row's own `Σ w x²`.
        func distanceWeights() -> Matrix {
            let k = cohorts, slots = CohortPriors.slots, features = CohortPriors.features
            let width = 2 * features
            var centres = Matrix(rows: k, columns: width)
            for c in 0..<k {
                for f in 0..<features {
                    let rate = f < slots ? power[c * slots + f] : phone[c * slots + f - slots]
                    centres.elements[c * width + f] = -2 * rate
                    centres.elements[c * width + features + f] = rate * rate
                }
            }
            return centres
        }
    }
}

/// The summed decayed counts of each cohort's members per slot: plug life, plug seen, phone life, phone seen.
/// Sums of several groups of households are added in a fixed order (the monitor's block order), so the rates are the
/// same bits for any thread count.
struct CohortSums {
    let cohorts: Int
    /// `[cohort][slot]`, each the members' records summed field by field (lanes in ``Silence/LifeField`` order):
    /// one vector addition per record, each lane the same sum, in the same order, as a scalar sum of that field.
    private(set) var values: [SIMD4<Float>]

    init(cohorts: Int) {
        self.cohorts = cohorts
        values = [SIMD4<Float>](repeating: .zero, count: cohorts * CohortPriors.slots)
    }

    /// Adds household `h` of `counts` to cohort `c`.
    mutating func add(_ counts: CohortPriors.Counts, household h: Int, cohort c: Int) {
        let slots = CohortPriors.slots
        precondition(h >= 0 && h < counts.households && c >= 0 && c < cohorts,
                     "household \(h), cohort \(c) out of range")
        counts.withRecords { records in
            let household = records + h * slots
            values.withUnsafeMutableBufferPointer { sums in
                let cohort = sums.baseAddress! + c * slots
                for s in 0..<slots { cohort[s] += SIMD4<Float>(household[s]) }
            }
        }
    }

    /// Adds another group's sums, element by element.
    static func += (sums: inout CohortSums, other: CohortSums) {
        precondition(sums.cohorts == other.cohorts, "sums of \(other.cohorts) cohorts added to \(sums.cohorts)")
        for i in sums.values.indices { sums.values[i] += other.values[i] }
    }

    /// Each cohort's pooled rate per slot, `Σ life / Σ seen`, or the district's where no member saw that device then.
    func rates(district: CohortPriors.Rates) -> CohortPriors.Rates {
        let slots = CohortPriors.slots, part = cohorts * slots
        var rates = CohortPriors.Rates(
            power: [Float](repeating: 0, count: part), phone: [Float](repeating: 0, count: part))
        for c in 0..<cohorts {
            for s in 0..<slots {
                let j = c * slots + s
                let sum = values[j]
                let seenPower = sum[Silence.LifeField.powerSeen], seenPhone = sum[Silence.LifeField.phoneSeen]
                rates.power[j] = seenPower > 0 ? sum[Silence.LifeField.powerLife] / seenPower : district.power[s]
                rates.phone[j] = seenPhone > 0 ? sum[Silence.LifeField.phoneLife] / seenPhone : district.phone[s]
            }
        }
        return rates
    }
}

/// The households a district's cohort centres are fitted on: every ``stride(households:)``-th household by its index
/// in the monitor, those with data, with their decayed counts copied (192 half-precision values each).
struct CohortSample {
    /// Households the centres are fitted on, at most.
    static let limit = 4_096

    /// Take every `stride`-th household of a district of `households`, so that at most ``limit`` are taken.
    static func stride(households: Int) -> Int { max(1, (households + limit - 1) / limit) }

    let stride: Int
    /// The sampled households' records, one household after another (``CohortPriors/Counts``' layout).
    private var records: [Float16] = []

    /// An empty sample for a district of `households`.
    init(households: Int) {
        stride = Self.stride(households: households)
    }

    /// The households sampled so far.
    var count: Int { records.count / CohortPriors.Counts.perHousehold }

    /// Adds the sampled households with data of a group whose first household is `first` in the district; groups are
    /// added in district order.
    mutating func add(_ counts: CohortPriors.Counts, first: Int) {
        let width = CohortPriors.Counts.perHousehold
        var h = (stride - first % stride) % stride
        while h < counts.households {
            if counts.hasData(h) { records += counts.records[(h * width)..<((h + 1) * width)] }
            h += stride
        }
    }

    /// Weighted k-means on the sample: the centres of `requested` cohorts (at most 255), or nil when fewer than two are
    /// asked for or the sample has fewer households than cohorts. `district` stands in for a slot no member has seen.
    ///
    /// - Throws: ``LinearAlgebraError`` if the distance product is refused (it cannot be for consistent counts).
    func fit(cohorts requested: Int, district: CohortPriors.Rates) throws(LinearAlgebraError) -> CohortPriors.Rates? {
        let k = min(requested, Int(CohortPriors.none))
        let rows = count
        guard k >= 2, rows >= k else { return nil }
        let counts = CohortPriors.Counts(records: records)
        var profiles = Matrix(rows: 0, columns: 0)
        try counts.profiles(0..<rows, into: &profiles)
        // Start: evenly spaced quantiles of overall activity, Σ w·x / Σ w (ties broken by order in the sample).
        let width = 2 * CohortPriors.features, features = CohortPriors.features
        let activity: [Float] = (0..<rows).map { row in
            var sum: Float = 0, weights: Float = 0
            for f in 0..<features {
                sum += profiles.elements[row * width + f]
                weights += profiles.elements[row * width + features + f]
            }
            return sum / weights
        }
        let ordered = (0..<rows).sorted { (activity[$0], $0) < (activity[$1], $1) }
        var assignment = [UInt8](repeating: 0, count: rows)
        for (rank, row) in ordered.enumerated() { assignment[row] = UInt8(rank * k / rows) }
        var distances = Matrix(rows: rows, columns: k)
        for _ in 1..<CohortPriors.iterations {
            let centres = pooled(counts, assignment, k, district)
            try CohortPriors.distances(of: profiles, centres.distanceWeights(), into: &distances)
            var moved = false
            for row in 0..<rows {
                let nearest = CohortPriors.nearest(distances.elements, row: row, k)
                if nearest != assignment[row] {
                    assignment[row] = nearest
                    moved = true
                }
            }
            // No household moved: the next round would pool the same groups and find the same centres, so stopping
            // here gives exactly the centres all rounds would.
            if !moved { break }
        }
        return pooled(counts, assignment, k, district)
    }

    private func pooled(
        _ counts: CohortPriors.Counts, _ assignment: [UInt8], _ k: Int, _ district: CohortPriors.Rates
    ) -> CohortPriors.Rates {
        var sums = CohortSums(cohorts: k)
        for (row, c) in assignment.enumerated() { sums.add(counts, household: row, cohort: Int(c)) }
        return sums.rates(district: district)
    }
}

extension CohortPriors {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("cohort priors")
        try archive.values(&cohort)
        try archive.list(&powerRate)
        try archive.list(&phoneRate)
        let cohorts = powerRate.count / Self.slots
        try archive.require(
            powerRate.count == phoneRate.count && powerRate.count % Self.slots == 0
                && cohort.allSatisfy { $0 == Self.none || Int($0) < cohorts },
            "cohort rates do not fit the households' cohorts")
    }
}
