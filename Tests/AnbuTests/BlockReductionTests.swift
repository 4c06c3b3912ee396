@testable import Anbu
import Testing

/// Sums over households taken per block (as the parallel district step takes them) against one plain serial sum.
@Suite("Per-block reductions")
struct BlockReductionTests {
    @Test("District-context counts and silence-prior sums over blocks equal those of one loop over the district")
    func blocksAddUpToTheDistrict() throws {
        var made = HandMadeDistrict(households: 23, days: 4, seed: 9)
        made.collapse(4, at: 40)
        made.phoneOff(11, at: 30, hours: 20)
        let district = made.district
        let policy = DetectionPolicy()
        let count = district.households.count
        let sources = district.households.map(\.sources)
        let blocks = stride(from: 0, to: count, by: 5).map { $0..<min(count, $0 + 5) }
        let planes = DenseSignal.allCases.map { district.values[$0]! }

        var whole = (
            frame: BinColumn(), tile: DenseTile(), signs: LifeSigns(), level: PowerLevel(), phoneOff: PhoneStaysOff(),
            silence: Silence())
        whole.signs.append(households: count)
        whole.level.append(households: count)
        whole.phoneOff.append(households: count)
        whole.silence.append(households: count)
        var parts = blocks.map { range in
            var part = (
                frame: BinColumn(), tile: DenseTile(), signs: LifeSigns(), level: PowerLevel(),
                phoneOff: PhoneStaysOff(), silence: Silence())
            part.signs.append(households: range.count)
            part.level.append(households: range.count)
            part.phoneOff.append(households: range.count)
            part.silence.append(households: range.count)
            return part
        }
        var frames = [BinColumn](repeating: BinColumn(), count: blocks.count)
        var quietSeen = false
        for bin in 0..<made.bins {
            let slot = [UInt8](repeating: UInt8(bin % 24), count: count), learn = [UInt8](repeating: 1, count: count)
            whole.tile.copy(planes: planes, bins: made.bins, bin: bin, rowOf: nil, households: 0..<count,
                            into: &whole.frame)
            whole.signs.step(whole.frame, 0..<count, policy)
            whole.level.step(whole.frame, whole.signs, slot: slot, learn: learn, 0..<count, policy)
            whole.silence.step(whole.frame, whole.signs, level: whole.level, phoneOff: whole.phoneOff,
                               sources: sources, slot: slot,
                               learn: learn, phonesOutDistrictWide: false, 0..<count, policy)
            var counts = DistrictContext.Counts()
            for (b, range) in blocks.enumerated() {
                let local = 0..<range.count
                parts[b].tile.copy(planes: planes, bins: made.bins, bin: bin, rowOf: nil, households: range,
                                   into: &frames[b])
                parts[b].frame = frames[b]
                parts[b].signs.step(parts[b].frame, local, policy)
                parts[b].level.step(parts[b].frame, parts[b].signs, slot: Array(slot[range]),
                                    learn: Array(learn[range]), local, policy)
                parts[b].silence.step(parts[b].frame, parts[b].signs, level: parts[b].level,
                                      phoneOff: parts[b].phoneOff, sources: Array(sources[range]), slot: Array(slot[range]),
                                      learn: Array(learn[range]),
                                      phonesOutDistrictWide: false, local, policy)
                counts += DistrictContext.count(
                    signs: parts[b].signs, silence: parts[b].silence, sources: Array(sources[range]), local)
            }
            let serial = DistrictContext.count(signs: whole.signs, silence: whole.silence, sources: sources, 0..<count)
            #expect(counts == serial, "bin \(bin)")
            quietSeen = quietSeen || serial.quiet > 0
        }
        #expect(quietSeen)

        var sums = Silence.SlotSums()
        for part in parts { part.silence.addSlotSums(to: &sums) }
        var serial = Silence.SlotSums()
        whole.silence.addSlotSums(to: &serial)
        for field in 0..<Silence.lifeFields { #expect(serial.life.contains { $0[field] > 0 }) }
        // Added block after block in household order: the same additions in the same order as one loop.
        #expect(sums.life == serial.life)
        // And the same as a plain scalar sum of each count, household after household.
        let counts = whole.silence.lifeSignCounts
        var plain = [SIMD4<Float>](repeating: .zero, count: Silence.slots)
        for h in 0..<count {
            for k in 0..<Silence.slots {
                for field in 0..<Silence.lifeFields {
                    plain[k][field] += Float(counts.records[(h * Silence.slots + k) * Silence.lifeFields + field])
                }
            }
        }
        #expect(serial.life == plain)

        // The automatic rates: the lowest plug rate over the slots, without cohorts and then with them (the rate of a
        // slot written out as the step takes it: the counts shrunk toward the cohort's rate, else the district's).
        func lowestRates(_ silence: Silence) -> [Float] {
            let records = silence.lifeSignCounts.records, m = policy.lifeSignPriorDays
            return (0..<count).map { h in
                let c = silence.cohorts.cohort[h]
                var lowest: Float = 1
                for k in 0..<Silence.slots {
                    let record = (h * Silence.slots + k) * Silence.lifeFields
                    let life = Float(records[record + Silence.LifeField.powerLife])
                    let seen = Float(records[record + Silence.LifeField.powerSeen])
                    let cohort = c == CohortPriors.none ? nil : silence.cohorts.powerRate[Int(c) * Silence.slots + k]
                    lowest = min(lowest, Silence.shrunk(life, seen, district: silence.districtPowerRate[k],
                                                        cohort: cohort, m))
                }
                return min(0.3, max(0.02, lowest))
            }
        }
        whole.silence.refreshAutomaticRates(policy)
        #expect(whole.silence.automaticRate == lowestRates(whole.silence))
        var sample = CohortSample(households: count)
        sample.add(counts, first: 0)
        let centres = try #require(try sample.fit(cohorts: 3, district: whole.silence.districtRates))
        let assigned = whole.silence.assignCohorts(to: centres)
        let cohortSums = try #require(assigned)
        whole.silence.adoptCohortRates(cohortSums.rates(district: whole.silence.districtRates))
        #expect(whole.silence.cohorts.cohort.contains { $0 != CohortPriors.none })
        whole.silence.refreshAutomaticRates(policy)
        #expect(whole.silence.automaticRate == lowestRates(whole.silence))
    }
}
