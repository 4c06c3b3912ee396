/// Cohort priors: households grouped by their daily profile, so that a household with little history borrows the
/// life-sign rates of households like it rather than the whole district's.
///
/// **Profiles.** A household's profile is its life-sign rate per slot (48 slots: hour of day × weekday or weekend) for
/// the plug and for the phone, `x = life / seen` from Silence's decayed counts, with weight `w = seen / (seen + 2)` per
/// slot (0 where the device was never seen), 96 values in all.
///
/// **Cohorts** (``DetectionPolicy/cohortCount`` of them, regrouped once a day): weighted k-means. The
/// weighted squared distance of every household to every cohort centre `c`, `Σ_s w_s (x_s − c_s)²`, is, up to a term
/// that does not depend on the cohort, `[W∘X, W] · [−2C, C∘C]ᵀ`: one `sgemm` of households × 192 by 192 × cohorts for the
/// whole district. Each household joins its nearest cohort, and a cohort's centre is its members' pooled rate per slot,
/// `Σ life / Σ seen`, like the district's. The centres start from the households ordered by overall activity, at evenly
/// spaced quantiles, and take ``iterations`` rounds on a strided sample of at most ``sampleLimit`` households; then
/// every household joins its nearest centre, in blocks. Everything is deterministic.
///
/// **Use.** ``Silence`` shrinks a household's rates toward its cohort's (instead of the district's) with the strength of
/// ``DetectionPolicy/lifeSignPriorDays``. A household with no data yet has no cohort and starts from the district.
struct CohortPriors {
    /// No cohort yet (no data).
    static let none = UInt8.max
    static let iterations = 8
    private static let slots = Silence.slots
    /// Profile values per household: plug rates, then phone rates.
    private static let features = 2 * slots

    /// Each household's cohort, or ``none``.
    private(set) var cohort: [UInt8] = []
    /// Pooled plug rates, cohort-major: `cohort · slots + slot`.
    private(set) var powerRate: [Float] = []
    /// Pooled phone rates, cohort-major.
    private(set) var phoneRate: [Float] = []

    mutating func append(households added: Int) {
        cohort.append(contentsOf: repeatElement(Self.none, count: added))
    }

    /// Regroups every household from the decayed counts (household-major, `h · slots + slot`) and recomputes the cohort
    /// rates. `districtPower` and `districtPhone` stand in for a slot no member has seen.
    ///
    /// - Throws: ``LinearAlgebraError`` if the distance product is refused (it cannot be for consistent counts).
    mutating func refresh(
        powerLife: [Float], powerSeen: [Float], phoneLife: [Float], phoneSeen: [Float], districtPower: [Float],
        districtPhone: [Float], cohorts requested: Int
    ) throws(LinearAlgebraError) {
        let households = cohort.count
        let k = min(requested, Int(Self.none))
        guard households > 0, k >= 2 else { return }
        let counts = Counts(powerLife: powerLife, powerSeen: powerSeen, phoneLife: phoneLife, phoneSeen: phoneSeen)
        var activity = [Float](repeating: 0, count: households)
        var members: [Int] = []
        for h in 0..<households {
            var sum: Float = 0, weights: Float = 0
            for f in 0..<Self.features {
                let (x, w) = counts.profile(h, f)
                sum += w * x
                weights += w
            }
            if weights > 0 {
                members.append(h)
                activity[h] = sum / weights
            }
        }
        guard members.count >= k else { return }
        // The centres are fitted on an evenly strided sample of at most `sampleLimit` households (all of them in a
        // district that small), then every household joins its nearest centre in blocks: the work per refresh is
        // bounded, and no district-sized profile matrix is ever held.
        let stride = (members.count + Self.sampleLimit - 1) / Self.sampleLimit
        let sample = Swift.stride(from: 0, to: members.count, by: stride).map { members[$0] }
        // Start: the sample at evenly spaced quantiles of overall activity (ties broken by index).
        let ordered = sample.sorted { (activity[$0], $0) < (activity[$1], $1) }
        var assignment = [UInt8](repeating: Self.none, count: households)
        for (rank, h) in ordered.enumerated() { assignment[h] = UInt8(rank * k / ordered.count) }
        let sampleProfiles = counts.profiles(sample)
        for _ in 1..<Self.iterations {
            pool(assignment, k, counts, districtPower, districtPhone)
            let nearest = try self.nearest(sampleProfiles, k)
            var moved = false
            for (row, h) in sample.enumerated() where assignment[h] != nearest[row] {
                assignment[h] = nearest[row]
                moved = true
            }
            // No household moved: the next round would pool the same groups and find the same centres, so stopping
            // here gives exactly the grouping all rounds would.
            if !moved { break }
        }
        pool(assignment, k, counts, districtPower, districtPhone)
        var start = 0
        while start < members.count {
            let block = Array(members[start..<min(members.count, start + Self.blockHouseholds)])
            let nearest = try self.nearest(counts.profiles(block), k)
            for (row, h) in block.enumerated() { assignment[h] = nearest[row] }
            start += block.count
        }
        pool(assignment, k, counts, districtPower, districtPhone)
        cohort = assignment
    }

    /// Households whose profiles fit the centres; more are assigned in blocks of ``blockHouseholds``.
    static let sampleLimit = 16_384
    static let blockHouseholds = 8_192

    /// The nearest centre of each profile row: the weighted distances up to a per-row constant are
    /// `[W∘X, W] · [−2C, C∘C]ᵀ`, one product.
    private func nearest(_ profiles: Matrix, _ k: Int) throws(LinearAlgebraError) -> [UInt8] {
        let width = 2 * Self.features
        var centres = Matrix(rows: k, columns: width)
        for c in 0..<k {
            for f in 0..<Self.features {
                let rate = f < Self.slots ? powerRate[c * Self.slots + f] : phoneRate[c * Self.slots + f - Self.slots]
                centres.elements[c * width + f] = -2 * rate
                centres.elements[c * width + Self.features + f] = rate * rate
            }
        }
        var distances = Matrix(rows: profiles.rows, columns: k)
        try LinearAlgebra.multiply(profiles, centres, transposeB: .transposed, into: &distances)
        return (0..<profiles.rows).map { row in
            var best = 0
            for c in 1..<k where distances.elements[row * k + c] < distances.elements[row * k + best] { best = c }
            return UInt8(best)
        }
    }

    /// Silence's decayed counts, household-major (`h · slots + slot`).
    private struct Counts {
        let powerLife: [Float], powerSeen: [Float], phoneLife: [Float], phoneSeen: [Float]

        /// Household `h`'s profile value `f` (plug slots, then phone slots) and its weight; weight 0 where never seen.
        func profile(_ h: Int, _ f: Int) -> (x: Float, w: Float) {
            let power = f < CohortPriors.slots
            let i = h * CohortPriors.slots + (power ? f : f - CohortPriors.slots)
            let seen = power ? powerSeen[i] : phoneSeen[i]
            guard seen > 0 else { return (0, 0) }
            return ((power ? powerLife[i] : phoneLife[i]) / seen, seen / (seen + 2))
        }

        /// The rows `[W∘X, W]` of `households`.
        func profiles(_ households: [Int]) -> Matrix {
            let features = CohortPriors.features
            var matrix = Matrix(rows: households.count, columns: 2 * features)
            for (row, h) in households.enumerated() {
                for f in 0..<features {
                    let (x, w) = profile(h, f)
                    matrix.elements[row * 2 * features + f] = w * x
                    matrix.elements[row * 2 * features + features + f] = w
                }
            }
            return matrix
        }
    }

    /// Each cohort's pooled rate per slot, or the district's where its members never saw that device at that slot.
    private mutating func pool(
        _ assignment: [UInt8], _ k: Int, _ counts: Counts, _ districtPower: [Float], _ districtPhone: [Float]
    ) {
        var sums = [Float](repeating: 0, count: 4 * k * Self.slots)  // power life, power seen, phone life, phone seen
        for h in 0..<assignment.count where assignment[h] != Self.none {
            let base = Int(assignment[h]) * Self.slots
            for s in 0..<Self.slots {
                let i = h * Self.slots + s
                sums[base + s] += counts.powerLife[i]
                sums[k * Self.slots + base + s] += counts.powerSeen[i]
                sums[2 * k * Self.slots + base + s] += counts.phoneLife[i]
                sums[3 * k * Self.slots + base + s] += counts.phoneSeen[i]
            }
        }
        powerRate = [Float](repeating: 0, count: k * Self.slots)
        phoneRate = powerRate
        for c in 0..<k {
            for s in 0..<Self.slots {
                let j = c * Self.slots + s
                let seenPower = sums[k * Self.slots + j], seenPhone = sums[3 * k * Self.slots + j]
                powerRate[j] = seenPower > 0 ? sums[j] / seenPower : districtPower[s]
                phoneRate[j] = seenPhone > 0 ? sums[2 * k * Self.slots + j] / seenPhone : districtPhone[s]
            }
        }
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
