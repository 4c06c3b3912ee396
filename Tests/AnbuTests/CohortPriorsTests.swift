@_spi(LinearAlgebra) @testable import Anbu
import Testing

/// Cohort priors: the one-`sgemm` distances against a plain weighted k-means, planted groups recovered, and the same
/// cohorts whatever OpenBLAS's thread count.
@Suite("Cohort priors")
struct CohortPriorsTests {
    /// Decayed life-sign counts for `households` in three planted groups: active by day, quiet (a frail person who
    /// seldom moves), active by night. Household `h` is in group `h % 3`; every tenth has no phone.
    struct Counts {
        var powerLife: [Float], powerSeen: [Float], phoneLife: [Float], phoneSeen: [Float]
        static let district = [Float](repeating: 0.3, count: Silence.slots)

        init(powerLife: [Float], powerSeen: [Float], phoneLife: [Float], phoneSeen: [Float]) {
            (self.powerLife, self.powerSeen, self.phoneLife, self.phoneSeen) = (powerLife, powerSeen, phoneLife, phoneSeen)
        }

        init(households: Int, seed: UInt64 = 7) {
            var generator = SplitMix64(seed: seed)
            let cells = households * Silence.slots
            powerLife = [Float](repeating: 0, count: cells)
            powerSeen = powerLife
            phoneLife = powerLife
            phoneSeen = powerLife
            for h in 0..<households {
                for slot in 0..<Silence.slots {
                    let hour = slot % 24
                    let day = hour >= 8 && hour < 22
                    let rate: Double = switch h % 3 {
                    case 0: day ? 0.8 : 0.1
                    case 1: day ? 0.25 : 0.05
                    default: day ? 0.15 : 0.75
                    }
                    let seen = Float(Double.random(in: 3...14, using: &generator).rounded())
                    let noisy = min(1, max(0, rate + Double.random(in: -0.08...0.08, using: &generator)))
                    let i = h * Silence.slots + slot
                    powerSeen[i] = seen
                    powerLife[i] = (Float(noisy) * seen).rounded()
                    if h % 10 != 0 {
                        phoneSeen[i] = seen
                        phoneLife[i] = (Float(noisy) * seen).rounded()
                    }
                }
            }
        }

        static let districtRates = CohortPriors.Rates(power: district, phone: district)

        var counts: CohortPriors.Counts {
            CohortPriors.Counts(powerLife: powerLife, powerSeen: powerSeen, phoneLife: phoneLife, phoneSeen: phoneSeen)
        }

        func refreshed(households: Int, cohorts: Int) throws -> CohortPriors {
            var priors = CohortPriors()
            priors.append(households: households)
            try priors.refresh(self.counts, district: Self.districtRates, cohorts: cohorts)
            return priors
        }
    }

    /// The same weighted k-means written plainly: explicit distances `Σ w (x − c)²` in double precision.
    static func reference(_ counts: Counts, households: Int, cohorts k: Int) -> [UInt8] {
        let slots = Silence.slots
        func profile(_ h: Int) -> (x: [Double], w: [Double]) {
            var x = [Double](repeating: 0, count: 2 * slots), w = x
            for f in 0..<(2 * slots) {
                let i = h * slots + f % slots
                let seen = Double(f < slots ? counts.powerSeen[i] : counts.phoneSeen[i])
                guard seen > 0 else { continue }
                x[f] = Double(f < slots ? counts.powerLife[i] : counts.phoneLife[i]) / seen
                w[f] = seen / (seen + 2)
            }
            return (x, w)
        }
        let profiles = (0..<households).map(profile)
        let activity = profiles.map { p in zip(p.x, p.w).map { $0 * $1 }.reduce(0, +) / p.w.reduce(0, +) }
        let ordered = (0..<households).sorted { (activity[$0], $0) < (activity[$1], $1) }
        var assignment = [Int](repeating: 0, count: households)
        for (rank, h) in ordered.enumerated() { assignment[h] = rank * k / households }
        func centres() -> [[Double]] {
            (0..<k).map { c in
                (0..<(2 * slots)).map { f in
                    var life = 0.0, seen = 0.0
                    for h in 0..<households where assignment[h] == c {
                        let i = h * slots + f % slots
                        life += Double(f < slots ? counts.powerLife[i] : counts.phoneLife[i])
                        seen += Double(f < slots ? counts.powerSeen[i] : counts.phoneSeen[i])
                    }
                    return seen > 0 ? life / seen : Double(Counts.district[f % slots])
                }
            }
        }
        for _ in 0..<CohortPriors.iterations {
            let c = centres()
            for h in 0..<households {
                let p = profiles[h]
                func distance(_ j: Int) -> Double {
                    var sum = 0.0
                    for f in 0..<(2 * slots) {
                        let d = p.x[f] - c[j][f]
                        sum += p.w[f] * d * d
                    }
                    return sum
                }
                var best = 0
                for j in 1..<k where distance(j) < distance(best) { best = j }
                assignment[h] = best
            }
        }
        return assignment.map { UInt8($0) }
    }

    @Test("Distances by one sgemm give the cohorts of a plain weighted k-means, and the pooled rates")
    func againstReference() throws {
        let households = 240
        let counts = Counts(households: households)
        for k in [2, 3, 5] {
            let priors = try counts.refreshed(households: households, cohorts: k)
            #expect(priors.cohort == Self.reference(counts, households: households, cohorts: k), "k = \(k)")
            // A cohort's rate is its members' pooled rate.
            let members = (0..<households).filter { priors.cohort[$0] == 0 }
            let slot = 10
            let life = members.map { counts.powerLife[$0 * Silence.slots + slot] }.reduce(0, +)
            let seen = members.map { counts.powerSeen[$0 * Silence.slots + slot] }.reduce(0, +)
            #expect(abs(priors.powerRate[slot] - life / seen) < 1e-5)
        }
    }

    @Test("Three planted routines come back as three cohorts")
    func plantedGroups() throws {
        let households = 300
        let priors = try Counts(households: households).refreshed(households: households, cohorts: 3)
        for group in 0..<3 {
            let cohorts = Set(stride(from: group, to: households, by: 3).map { priors.cohort[$0] })
            #expect(cohorts.count == 1, "group \(group) split over cohorts \(cohorts)")
        }
        #expect(Set(priors.cohort).count == 3)
        // The quiet group's cohort has the lowest daytime rate.
        let quiet = Int(priors.cohort[1]), active = Int(priors.cohort[0])
        #expect(priors.phoneRate[quiet * Silence.slots + 12] < priors.phoneRate[active * Silence.slots + 12])
    }

    @Test("Households without data have no cohort, and fewer than two cohorts means the district's priors")
    func noCohort() throws {
        var counts = Counts(households: 30)
        for slot in 0..<Silence.slots {
            counts.powerSeen[4 * Silence.slots + slot] = 0
            counts.phoneSeen[4 * Silence.slots + slot] = 0
        }
        let priors = try counts.refreshed(households: 30, cohorts: 4)
        #expect(priors.cohort[4] == CohortPriors.none)
        #expect(priors.cohort.enumerated().allSatisfy { $0.offset == 4 || $0.element != CohortPriors.none })
        let single = try counts.refreshed(households: 30, cohorts: 1)
        #expect(single.cohort.allSatisfy { $0 == CohortPriors.none })
        #expect(single.powerRate.isEmpty)
    }

    @Test("Cohorts and alerts are the same with one and two OpenBLAS threads")
    func threadCountIndependent() throws {
        let before = OpenBLASRuntime.threadCount
        defer { OpenBLASRuntime.setThreadCount(max(1, before)) }
        // More households than the centres are fitted on, so the sample and the blocked assignment are both exercised.
        let households = CohortSample.limit + CohortPriors.chunkRows / 2
        let counts = Counts(households: households, seed: 11)
        var made = HandMadeDistrict(households: 60, days: 10)
        made.collapse(3, at: 8 * 24 + 9)
        var cohorts: [CohortPriors] = []
        var events: [[AlertEvent]] = []
        for threads in [1, 2] {
            OpenBLASRuntime.setThreadCount(threads)
            let priors = try counts.refreshed(households: households, cohorts: 8)
            cohorts.append(priors)
            let monitor = try DistrictMonitor(start: HandMadeDistrict.start)
            events.append(try monitor.process(made.district))
        }
        #expect(cohorts[0].cohort == cohorts[1].cohort)
        // Fitted on a sample, the cohorts still never mix the planted routines.
        var groups = [UInt8: Set<Int>]()
        for h in 0..<households { groups[cohorts[0].cohort[h], default: []].insert(h % 3) }
        #expect(groups.values.allSatisfy { $0.count == 1 }, "\(groups)")
        #expect(cohorts[0].powerRate == cohorts[1].powerRate)
        #expect(cohorts[0].phoneRate == cohorts[1].phoneRate)
        #expect(events[0] == events[1])
        #expect(!events[0].isEmpty)
    }

    @Test("Groups assigned one by one and their sums added in order give the cohorts of one group of them all")
    func groupsLikeOne() throws {
        // Households in groups of the product's chunk, as the monitor's blocks hold them; a stride of 2 in the sample.
        let households = CohortSample.limit + 3 * CohortPriors.chunkRows / 2
        let all = Counts(households: households, seed: 5)
        let whole = try all.refreshed(households: households, cohorts: 6)
        let slots = Silence.slots
        let groups = stride(from: 0, to: households, by: CohortPriors.chunkRows).map { first in
            let range = (first * slots)..<(min(households, first + CohortPriors.chunkRows) * slots)
            return (first: first, counts: CohortPriors.Counts(
                powerLife: Array(all.powerLife[range]), powerSeen: Array(all.powerSeen[range]),
                phoneLife: Array(all.phoneLife[range]), phoneSeen: Array(all.phoneSeen[range])))
        }
        var sample = CohortSample(households: households)
        #expect(sample.stride == 2)
        for group in groups { sample.add(group.counts, first: group.first) }
        #expect(sample.count == (households + 1) / 2)
        let centres = try #require(try sample.fit(cohorts: 6, district: Counts.districtRates))
        var total = CohortSums(cohorts: 6)
        var cohorts: [UInt8] = []
        for group in groups {
            var priors = CohortPriors()
            priors.append(households: group.counts.households)
            total += try priors.assign(group.counts, to: centres)
            cohorts += priors.cohort
        }
        let rates = total.rates(district: Counts.districtRates)
        #expect(cohorts == whole.cohort)
        #expect(rates.power == whole.powerRate)
        #expect(rates.phone == whole.phoneRate)
    }

    @Test("The sampled fit is the plain weighted k-means of the sampled households")
    func sampleAgainstReference() throws {
        // Every other household is sampled: the reference runs on those alone.
        let households = CohortSample.limit + 200
        let all = Counts(households: households, seed: 9)
        var sample = CohortSample(households: households)
        sample.add(all.counts, first: 0)
        let sampled = Array(stride(from: 0, to: households, by: sample.stride))
        let slots = Silence.slots
        func pick(_ values: [Float]) -> [Float] { sampled.flatMap { values[($0 * slots)..<(($0 + 1) * slots)] } }
        let subset = Counts(
            powerLife: pick(all.powerLife), powerSeen: pick(all.powerSeen), phoneLife: pick(all.phoneLife),
            phoneSeen: pick(all.phoneSeen))
        let k = 4
        let centres = try #require(try sample.fit(cohorts: k, district: Counts.districtRates))
        var priors = CohortPriors()
        priors.append(households: sampled.count)
        _ = try priors.assign(subset.counts, to: centres)
        #expect(priors.cohort == Self.reference(subset, households: sampled.count, cohorts: k))
    }

    @Test("Profiles and cohort sums, vectorised per record, are the plain scalar arithmetic bit for bit")
    func recordsAgainstScalar() throws {
        // Random half-precision counts (decayed, so fractional; some slots never seen) of 300 households.
        let households = 300, slots = Silence.slots, k = 5
        var generator = SplitMix64(seed: 21)
        let records = (0..<(households * slots * Silence.lifeFields)).map { i -> Float16 in
            let unseen = Double.random(in: 0...1, using: &generator) < 0.2
            let seenField = i % Silence.lifeFields == Silence.LifeField.powerSeen
                || i % Silence.lifeFields == Silence.LifeField.phoneSeen
            return unseen && seenField ? 0 : Float16(Float.random(in: 0...41, using: &generator))
        }
        let counts = CohortPriors.Counts(records: records)
        func field(_ h: Int, _ s: Int, _ f: Int) -> Float { Float(records[(h * slots + s) * Silence.lifeFields + f]) }
        let (pl, ps, fl, fs) = (Silence.LifeField.powerLife, Silence.LifeField.powerSeen,
                                Silence.LifeField.phoneLife, Silence.LifeField.phoneSeen)

        var profiles = Matrix(rows: 0, columns: 0)
        try counts.profiles(7..<households, into: &profiles)
        var expected: [Float] = []
        for h in 7..<households {
            var row = [Float](repeating: 0, count: 4 * slots)
            for s in 0..<slots {
                let rPower = 1 / (field(h, s, ps) + 2), rPhone = 1 / (field(h, s, fs) + 2)
                row[s] = field(h, s, pl) * rPower
                row[slots + s] = field(h, s, fl) * rPhone
                row[2 * slots + s] = field(h, s, ps) * rPower
                row[3 * slots + s] = field(h, s, fs) * rPhone
            }
            expected += row
        }
        #expect(profiles.elements.map(\.bitPattern) == expected.map(\.bitPattern))

        // Sums in household order, per field, cohort and slot, as four plain scalar sums.
        // The last cohort has no members: its rates are the district's.
        let cohortOf = (0..<households).map { _ in Int.random(in: 0..<(k - 1), using: &generator) }
        var sums = CohortSums(cohorts: k)
        for h in 0..<households { sums.add(counts, household: h, cohort: cohortOf[h]) }
        var plain = [Float](repeating: 0, count: 4 * k * slots)  // [field][cohort][slot]
        for h in 0..<households {
            for s in 0..<slots {
                for f in 0..<Silence.lifeFields { plain[(f * k + cohortOf[h]) * slots + s] += field(h, s, f) }
            }
        }
        let district = CohortPriors.Rates(
            power: (0..<slots).map { Float($0) }, phone: (0..<slots).map { -Float($0) })
        let rates = sums.rates(district: district)
        for c in 0..<k {
            for s in 0..<slots {
                let j = c * slots + s
                func sum(_ f: Int) -> Float { plain[(f * k + c) * slots + s] }
                let power = sum(ps) > 0 ? sum(pl) / sum(ps) : district.power[s]
                let phone = sum(fs) > 0 ? sum(fl) / sum(fs) : district.phone[s]
                #expect(rates.power[j].bitPattern == power.bitPattern, "cohort \(c) slot \(s)")
                #expect(rates.phone[j].bitPattern == phone.bitPattern, "cohort \(c) slot \(s)")
            }
        }
        #expect(Array(rates.phone[((k - 1) * slots)...]) == district.phone)
    }

    @Test("The cohort count is checked")
    func policyRange() {
        var policy = DetectionPolicy()
        policy.cohortCount = 65
        #expect(throws: PolicyError.outOfRange(field: "cohortCount", value: "65", expected: "in [0, 64]")) {
            try policy.validate()
        }
        policy.cohortCount = 0
        #expect(throws: Never.self) { try policy.validate() }
    }
}

extension CohortPriors.Counts {
    /// Silence's records from four count arrays, household-major (`h · slots + slot`). The tests' counts are whole
    /// numbers below 2,048, exact in half precision.
    init(powerLife: [Float], powerSeen: [Float], phoneLife: [Float], phoneSeen: [Float]) {
        var records = [Float16](repeating: 0, count: powerSeen.count * Silence.lifeFields)
        for i in powerSeen.indices {
            let record = i * Silence.lifeFields
            records[record + Silence.LifeField.powerLife] = Float16(powerLife[i])
            records[record + Silence.LifeField.powerSeen] = Float16(powerSeen[i])
            records[record + Silence.LifeField.phoneLife] = Float16(phoneLife[i])
            records[record + Silence.LifeField.phoneSeen] = Float16(phoneSeen[i])
        }
        self.init(records: records)
    }
}
