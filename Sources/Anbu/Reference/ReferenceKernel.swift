import Foundation

/// Up to 16 households of one time zone that the reference kernel runs side by side, one per SIMD lane.
struct LaneGroup: Sendable {
    /// The households' rows in the dense matrices, 1 to ``ReferenceKernel/width`` of them.
    var rows: [Int]
    /// The slot of each bin in the households' zone.
    var slots: [UInt8]

    /// Households in row order, grouped by zone: every group's households share one slot sequence. Groups of a
    /// zone are consecutive rows of that zone, so a district in one zone gives groups of contiguous rows.
    static func groups(zones: [HouseholdTimeZone], slotsOfZone: [HouseholdTimeZone: [UInt8]]) -> [LaneGroup] {
        var rowsOfZone: [HouseholdTimeZone: [Int]] = [:]
        var order: [HouseholdTimeZone] = []
        for (row, zone) in zones.enumerated() {
            if rowsOfZone[zone] == nil { order.append(zone) }
            rowsOfZone[zone, default: []].append(row)
        }
        return order.flatMap { zone in
            let rows = rowsOfZone[zone]!
            return stride(from: 0, to: rows.count, by: ReferenceKernel.width).map { first in
                LaneGroup(
                    rows: Array(rows[first..<min(rows.count, first + ReferenceKernel.width)]),
                    slots: slotsOfZone[zone]!)
            }
        }
    }
}

/// The reference computation's inner loop: household-major over tiles of bins, 16 households in the lanes of
/// `SIMD16<Float>` (one AVX-512 register), state as structure of arrays.
///
/// For each group of 16 households the kernel copies a tile of `tileBins` bins of the six signals into lane order
/// (the dense form is one row per household), then walks the tile bin by bin. A group's state — mean, variance and
/// count per slot and signal, 168 · 6 · 3 vectors, 190 KB — stays in the L2 cache for the whole district, so the
/// kernel reads each input value once from memory and is bounded by arithmetic (docs/performance.md).
enum ReferenceKernel {
    /// Households per group: lanes of one `SIMD16<Float>`.
    static let width = 16
    /// Bins per tile: 64 bins · 6 signals · 64 bytes = 24 KB, in L1 beside the slots being touched.
    static let tileBins = 64

    typealias Lanes = SIMD16<Float>
    typealias Counters = SIMD16<Int32>
    typealias Mask = SIMDMask<Counters>

    /// Runs every group on `threads` threads, each on a contiguous range of groups, and adds up the counts.
    static func run(
        signals: [UnsafePointer<Float>], bins: Int, groups: [LaneGroup], threads: Int
    ) -> ReferenceComputation.Counts {
        let parts = CountsPerThread(threads)
        let signals = Matrices(rows: signals)
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let range = (groups.count * part / threads)..<(groups.count * (part + 1) / threads)
            let workspace = Workspace()
            defer { workspace.deallocate() }
            var counts = ReferenceComputation.Counts()
            for g in range { counts += workspace.process(groups[g], signals: signals.rows, bins: bins) }
            parts.store(counts, at: part)
        }
        return parts.total
    }

    /// One thread's state and tile.
    struct Workspace {
        /// Per slot and signal (index `slot · 6 + signal`): the count n, the mean m and the variance v.
        let count: UnsafeMutablePointer<Lanes>
        let mean: UnsafeMutablePointer<Lanes>
        let variance: UnsafeMutablePointer<Lanes>
        /// `tileBins` bins of each signal, lane order: the value for lane `l`, signal `s`, bin `b` at float
        /// index `(s · tileBins + b) · 16 + l`.
        let tile: UnsafeMutableRawPointer

        static let stateCount = ReferenceComputation.slots * 6

        init() {
            count = .allocate(capacity: Self.stateCount)
            mean = .allocate(capacity: Self.stateCount)
            variance = .allocate(capacity: Self.stateCount)
            tile = .allocate(byteCount: 6 * tileBins * MemoryLayout<Lanes>.size, alignment: MemoryLayout<Lanes>.alignment)
        }

        func deallocate() {
            count.deallocate()
            mean.deallocate()
            variance.deallocate()
            tile.deallocate()
        }

        /// Copies bins `first ..< first + length` of the group's rows into the tile; lanes without a household
        /// read NaN (missing), so they change no state and are left out of the counts.
        private func fillTile(_ group: LaneGroup, signals: [UnsafePointer<Float>], bins: Int, first: Int, length: Int) {
            let stride = MemoryLayout<Lanes>.size
            let floatSize = MemoryLayout<Float>.size
            for s in 0..<6 {
                let base = tile + s * tileBins * stride
                for lane in 0..<width {
                    let destination = base + lane * floatSize
                    if lane < group.rows.count {
                        let source = signals[s] + group.rows[lane] * bins + first
                        for b in 0..<length { destination.storeBytes(of: source[b], toByteOffset: b * stride, as: Float.self) }
                    } else {
                        for b in 0..<length { destination.storeBytes(of: .nan, toByteOffset: b * stride, as: Float.self) }
                    }
                }
            }
        }

        /// Runs the computation over all bins for one group and returns its counts.
        func process(_ group: LaneGroup, signals: [UnsafePointer<Float>], bins: Int) -> ReferenceComputation.Counts {
            count.update(repeating: .zero, count: Self.stateCount)
            mean.update(repeating: .zero, count: Self.stateCount)
            variance.update(repeating: .zero, count: Self.stateCount)
            let alpha = Lanes(repeating: ReferenceComputation.alpha)
            let keep = Lanes(repeating: 1 - ReferenceComputation.alpha)
            let minimumCount = Lanes(repeating: ReferenceComputation.minimumCount)
            let absoluteFloor = Lanes(repeating: ReferenceComputation.absoluteFloor)
            let relativeFloor = Lanes(repeating: ReferenceComputation.relativeFloor)
            let stride = MemoryLayout<Lanes>.size

            var standby = Lanes(repeating: .nan)
            var silent = Counters.zero
            var silenceCells = Counters.zero, deviationCells = Counters.zero, eitherCells = Counters.zero
            var readings = Counters.zero
            var flagged = Mask(repeating: false)
            var first = 0
            while first < bins {
                let length = min(tileBins, bins - first)
                fillTile(group, signals: signals, bins: bins, first: first, length: length)
                for b in 0..<length {
                    let state = Int(group.slots[first + b]) * 6
                    var deviation = Lanes.zero
                    for s in 0..<6 {
                        let x = tile.load(fromByteOffset: (s * tileBins + b) * stride, as: Lanes.self)
                        let present = x .== x
                        let n = count[state + s], m = mean[state + s], v = variance[state + s]
                        // Score against the state from before this value: min(z, 0)² with z = δ/σ and
                        // σ = max(√v, floor) is δ²/max(v, floor²) where δ < 0, and 0 elsewhere (no square root).
                        let delta = x - m
                        let magnitude = m.replacing(with: -m, where: m .< 0)
                        let floor = absoluteFloor + relativeFloor * magnitude
                        let sigmaSquared = v.replacing(with: floor * floor, where: v .< floor * floor)
                        let scored = present .& (n .>= minimumCount) .& (delta .< 0)
                        deviation += ((delta * delta) / sigmaSquared).replacing(with: 0, where: .!scored)
                        // Then update it.
                        let fresh = n .== 0
                        let updatedMean = (m + alpha * delta).replacing(with: x, where: fresh)
                        let updatedVariance = (keep * (v + alpha * delta * delta)).replacing(with: 0, where: fresh)
                        mean[state + s] = m.replacing(with: updatedMean, where: present)
                        variance[state + s] = v.replacing(with: updatedVariance, where: present)
                        count[state + s] = n.replacing(with: n + 1, where: present)
                        readings &+= Counters.zero.replacing(with: 1, where: present)
                    }
                    let power = tile.load(fromByteOffset: b * stride, as: Lanes.self)
                    let steps = tile.load(fromByteOffset: (tileBins + b) * stride, as: Lanes.self)
                    let callOut = tile.load(fromByteOffset: (2 * tileBins + b) * stride, as: Lanes.self)
                    let callIn = tile.load(fromByteOffset: (3 * tileBins + b) * stride, as: Lanes.self)
                    let zero = Lanes.zero
                    let active = steps .> zero .| callOut .> zero .| callIn .> zero
                        .| power .> standby + ReferenceComputation.standbyMargin
                    // The standby tracker: the 10th percentile of power, from below and above.
                    let step = standby + 1
                    var tracked = standby
                    tracked = tracked.replacing(with: standby - ReferenceComputation.standbyDown * step, where: power .< standby)
                    tracked = tracked.replacing(with: standby + ReferenceComputation.standbyUp * step, where: power .> standby)
                    tracked = tracked.replacing(with: power, where: .!(standby .== standby))
                    standby = standby.replacing(with: tracked, where: power .== power)
                    silent = (silent &+ 1).replacing(with: 0, where: active)
                    let silence = silent .> ReferenceComputation.silenceBins
                    let deviates = deviation .> ReferenceComputation.deviationThreshold
                    silenceCells &+= Counters.zero.replacing(with: 1, where: silence)
                    deviationCells &+= Counters.zero.replacing(with: 1, where: deviates)
                    eitherCells &+= Counters.zero.replacing(with: 1, where: silence .| deviates)
                    flagged = flagged .| silence .| deviates
                }
                first += length
            }
            let lane: Counters = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
            let outside = .!(lane .< Int32(group.rows.count))
            func total(_ counters: Counters) -> Int { Int(counters.replacing(with: 0, where: outside).wrappedSum()) }
            var counts = ReferenceComputation.Counts()
            counts.silence = total(silenceCells)
            counts.deviation = total(deviationCells)
            counts.either = total(eitherCells)
            counts.households = total(Counters.zero.replacing(with: 1, where: flagged))
            counts.readings = total(readings)
            return counts
        }
    }

    /// The six signals' matrices, which every thread reads and none writes while the kernel runs.
    struct Matrices: @unchecked Sendable {
        let rows: [UnsafePointer<Float>]
    }

    /// Counts that worker threads store at distinct indices; added up after every worker has finished.
    final class CountsPerThread: @unchecked Sendable {
        private var parts: [ReferenceComputation.Counts]
        private let lock = NSLock()

        init(_ threads: Int) { parts = Array(repeating: ReferenceComputation.Counts(), count: threads) }

        func store(_ counts: ReferenceComputation.Counts, at index: Int) {
            lock.withLock { parts[index] = counts }
        }

        var total: ReferenceComputation.Counts {
            lock.withLock { parts.reduce(into: ReferenceComputation.Counts()) { $0 += $1 } }
        }
    }
}
