/// The binning rule of the district-directory contract, in one place: readings in, binned cells out.
///
/// A reading belongs to the bin containing its time (``BinGrid/binIndex(containing:)``). Within a bin:
/// - **power** is the mean of the power samples; missing when the bin has none;
/// - **steps** is the sum of the steps values; missing when the bin has no steps row;
/// - **call_out**, **call_in**, **call_missed** count call rows, and **talk_seconds** sums the talk time of outgoing
///   and answered calls. A bin without a call counts zero calls, except that for a household with both `steps` and
///   `calls`, a bin in which the phone sent nothing at all (no steps row, no call) is missing for all four;
/// - a signal whose device the household does not have is missing in every bin.
///
/// The accumulator holds a number of *columns* of open bins for every household. The CSV reader uses one column per
/// bin of the whole district (``Layout/householdMajor``, then ``write(into:firstBin:)``); the engine's streaming path
/// keeps a small ring of open bins (``Layout/binMajor``, bin `b` in column `b % columns`) and calls
/// ``close(column:into:)`` when the watermark passes a bin. Both therefore bin by the same definition.
///
/// Power and talk time are summed in 64-bit fixed point (units of 2⁻²⁴ W or s) and steps as integers, so a bin's
/// result does not depend on the order its readings arrived in; a bin with one sample returns that sample's `Float`
/// value exactly when it is at least 0.5 or a multiple of 2⁻²⁴.
///
/// - Complexity: ``add(household:column:signal:value:)`` is O(1) and allocates nothing. Storage is 41 bytes per
///   household per column.
package struct BinAccumulator: Sendable {
    /// How cells are laid out in memory.
    package enum Layout: Sendable, Hashable {
        /// Household `h`'s columns are contiguous: suits binning a whole district into a ``DenseDistrict``.
        case householdMajor
        /// A column's households are contiguous: suits closing one bin for every household at once.
        case binMajor
    }

    /// The devices of each household, by row.
    package let sources: [SignalSources]
    /// The number of columns (open bins) per household.
    package let columns: Int
    /// The memory layout.
    package let layout: Layout

    @usableFromInline let householdStride: Int
    @usableFromInline let columnStride: Int
    @usableFromInline var powerSum: [Int64]
    @usableFromInline var powerCount: [UInt32]
    @usableFromInline var stepsSum: [Int64]
    @usableFromInline var talkSum: [Int64]
    @usableFromInline var callOut: [UInt32]
    @usableFromInline var callIn: [UInt32]
    @usableFromInline var callMissed: [UInt32]
    /// Bit 0: a steps row arrived. Bit 1: the phone sent something (a steps row or any call).
    @usableFromInline var seen: [UInt8]

    /// The fixed-point scale of power and talk sums: 2²⁴ units per watt or second.
    package static let fixedPointScale: Double = 16_777_216

    /// An accumulator with every cell empty.
    ///
    /// - Precondition: `columns >= 0`.
    package init(sources: [SignalSources], columns: Int, layout: Layout) {
        precondition(columns >= 0, "column count \(columns) is negative")
        self.sources = sources
        self.columns = columns
        self.layout = layout
        switch layout {
        case .householdMajor:
            householdStride = columns
            columnStride = 1
        case .binMajor:
            householdStride = 1
            columnStride = sources.count
        }
        let cells = sources.count * columns
        powerSum = [Int64](repeating: 0, count: cells)
        powerCount = [UInt32](repeating: 0, count: cells)
        stepsSum = [Int64](repeating: 0, count: cells)
        talkSum = [Int64](repeating: 0, count: cells)
        callOut = [UInt32](repeating: 0, count: cells)
        callIn = [UInt32](repeating: 0, count: cells)
        callMissed = [UInt32](repeating: 0, count: cells)
        seen = [UInt8](repeating: 0, count: cells)
    }

    /// The number of households.
    package var households: Int { sources.count }

    /// Adds one reading to household row `household`'s cell in `column`.
    ///
    /// The value must satisfy ``Signal/valueProblem(_:)``; a missed call's value is ignored. The caller checks that the
    /// household has the signal's device (a reading for a device the household lacks is an input error).
    ///
    /// - Precondition: `0 <= household < households`, `0 <= column < columns`.
    @inlinable
    package mutating func add(household: Int, column: Int, signal: Signal, value: Float) {
        precondition(household >= 0 && household < sources.count && column >= 0 && column < columns)
        let cell = household &* householdStride &+ column &* columnStride
        switch signal {
        case .power:
            powerSum[cell] &+= Self.fixedPoint(value)
            powerCount[cell] &+= 1
        case .steps:
            stepsSum[cell] &+= Int64(value)
            seen[cell] |= 0b11
        case .callOut:
            callOut[cell] &+= 1
            talkSum[cell] &+= Self.fixedPoint(value)
            seen[cell] |= 0b10
        case .callIn:
            callIn[cell] &+= 1
            talkSum[cell] &+= Self.fixedPoint(value)
            seen[cell] |= 0b10
        case .callMissed:
            callMissed[cell] &+= 1
            seen[cell] |= 0b10
        }
    }

    /// Adds every reading of `batch` to the column of its bin in `grid` (column `i` is bin `i`), for an accumulator
    /// with one column per bin of `grid`.
    ///
    /// - Returns: How many readings lie outside the grid (they are not added).
    /// - Precondition: `columns == grid.count`; the batch's household rows are below ``households``.
    @discardableResult
    package mutating func add(_ batch: ReadingBatch, grid: BinGrid) -> Int {
        precondition(columns == grid.count, "an accumulator of \(columns) columns cannot bin \(grid.count) bins")
        let lower = grid.startUnixSeconds * 1000
        let width = Int64(grid.binSeconds) * 1000
        let upper = lower + width * Int64(grid.count)
        var outside = 0
        for i in 0..<batch.count {
            let time = batch.times[i]
            guard time >= lower, time < upper else {
                outside += 1
                continue
            }
            add(household: Int(batch.households[i]), column: Int((time - lower) / width), signal: batch.signals[i],
                value: batch.values[i])
        }
        return outside
    }

    /// A value in units of 2⁻²⁴, rounded to nearest.
    @inlinable
    static func fixedPoint(_ value: Float) -> Int64 {
        Int64((Double(value) * fixedPointScale).rounded(.toNearestOrEven))
    }

    /// The binned features of household row `household` in `column`, by the contract's rule.
    package func cell(household: Int, column: Int) -> BinCell {
        let cell = household * householdStride + column * columnStride
        let has = sources[household]
        var result = BinCell.missing
        if has.contains(.power), powerCount[cell] > 0 {
            result.power = Float(Double(powerSum[cell]) / Self.fixedPointScale / Double(powerCount[cell]))
        }
        if has.contains(.steps), seen[cell] & 0b01 != 0 {
            result.steps = Float(stepsSum[cell])
        }
        if has.contains(.calls), !has.contains(.steps) || seen[cell] & 0b10 != 0 {
            result.callOut = Float(callOut[cell])
            result.callIn = Float(callIn[cell])
            result.callMissed = Float(callMissed[cell])
            result.talkSeconds = Float(Double(talkSum[cell]) / Self.fixedPointScale)
        }
        return result
    }

    /// Empties `column` for every household.
    package mutating func reset(column: Int) {
        precondition(column >= 0 && column < columns)
        for household in 0..<households { clear(household * householdStride + column * columnStride) }
    }

    /// Empties every cell.
    package mutating func resetAll() {
        for cell in 0..<(households * columns) { clear(cell) }
    }

    private mutating func clear(_ cell: Int) {
        powerSum[cell] = 0
        powerCount[cell] = 0
        stepsSum[cell] = 0
        talkSum[cell] = 0
        callOut[cell] = 0
        callIn[cell] = 0
        callMissed[cell] = 0
        seen[cell] = 0
    }

    /// Closes `column`: writes every household's cells into `output` (resized to ``households``), then empties it.
    package mutating func close(column: Int, into output: inout BinColumn) {
        precondition(column >= 0 && column < columns)
        output.resize(households)
        for household in 0..<households {
            output[household] = cell(household: household, column: column)
        }
        reset(column: column)
    }

    /// Writes column `c` into `district`'s bin `firstBin + c`, for every household and every column whose bin lies in
    /// the district's grid.
    ///
    /// - Precondition: `district.households.count == households`.
    package func write(into district: inout DenseDistrict, firstBin: Int = 0) {
        precondition(district.households.count == households, "district and accumulator disagree on households")
        let bins = district.grid.count
        let lower = max(0, -firstBin), upper = min(columns, bins - firstBin)
        guard lower < upper else { return }
        var planes = DenseSignal.allCases.map { district.values[$0] ?? [] }
        district.values = [:]  // so the planes are uniquely referenced while written
        for index in planes.indices where planes[index].count != households * bins {
            planes[index] = SignalMatrix(repeating: .nan, count: households * bins)
        }
        for household in 0..<households {
            let row = household * bins + firstBin
            for column in lower..<upper {
                let value = cell(household: household, column: column)
                planes[0][row + column] = value.power
                planes[1][row + column] = value.steps
                planes[2][row + column] = value.callOut
                planes[3][row + column] = value.callIn
                planes[4][row + column] = value.callMissed
                planes[5][row + column] = value.talkSeconds
            }
        }
        district.values = Dictionary(uniqueKeysWithValues: zip(DenseSignal.allCases, planes))
    }
}

/// The six binned features of one household in one bin; NaN where missing.
package struct BinCell: Sendable, Hashable {
    /// Mean watts.
    package var power: Float
    /// Steps.
    package var steps: Float
    /// Outgoing calls.
    package var callOut: Float
    /// Answered incoming calls.
    package var callIn: Float
    /// Missed incoming calls.
    package var callMissed: Float
    /// Talk seconds of outgoing and answered calls.
    package var talkSeconds: Float

    /// A cell with every feature missing.
    package static let missing = BinCell(
        power: .nan, steps: .nan, callOut: .nan, callIn: .nan, callMissed: .nan, talkSeconds: .nan)

    /// A cell.
    package init(power: Float, steps: Float, callOut: Float, callIn: Float, callMissed: Float, talkSeconds: Float) {
        self.power = power
        self.steps = steps
        self.callOut = callOut
        self.callIn = callIn
        self.callMissed = callMissed
        self.talkSeconds = talkSeconds
    }

    /// The value of one feature.
    package subscript(signal: DenseSignal) -> Float {
        switch signal {
        case .power: power
        case .steps: steps
        case .callOut: callOut
        case .callIn: callIn
        case .callMissed: callMissed
        case .talkSeconds: talkSeconds
        }
    }
}

/// One closed bin for every household: six `Float` arrays indexed by household row, NaN where missing.
package struct BinColumn: Sendable {
    /// Mean watts by household.
    package var power: [Float] = []
    /// Steps by household.
    package var steps: [Float] = []
    /// Outgoing calls by household.
    package var callOut: [Float] = []
    /// Answered incoming calls by household.
    package var callIn: [Float] = []
    /// Missed incoming calls by household.
    package var callMissed: [Float] = []
    /// Talk seconds by household.
    package var talkSeconds: [Float] = []

    /// An empty column.
    package init() {}

    /// The number of households.
    package var count: Int { power.count }

    mutating func resize(_ count: Int) {
        guard power.count != count else { return }
        let fresh = [Float](repeating: .nan, count: count)
        power = fresh
        steps = fresh
        callOut = fresh
        callIn = fresh
        callMissed = fresh
        talkSeconds = fresh
    }

    /// One household's cell.
    package subscript(household: Int) -> BinCell {
        get {
            BinCell(
                power: power[household], steps: steps[household], callOut: callOut[household],
                callIn: callIn[household], callMissed: callMissed[household], talkSeconds: talkSeconds[household])
        }
        set {
            power[household] = newValue.power
            steps[household] = newValue.steps
            callOut[household] = newValue.callOut
            callIn[household] = newValue.callIn
            callMissed[household] = newValue.callMissed
            talkSeconds[household] = newValue.talkSeconds
        }
    }
}

extension BinAccumulator {
    /// Lists every cell array once, for snapshots of the engine's open bins: ``StateArchive`` writes them, or reads
    /// them back into an accumulator of the same households and columns.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("open bins")
        try archive.values(&powerSum)
        try archive.values(&powerCount)
        try archive.values(&stepsSum)
        try archive.values(&talkSum)
        try archive.values(&callOut)
        try archive.values(&callIn)
        try archive.values(&callMissed)
        try archive.values(&seen)
    }
}
