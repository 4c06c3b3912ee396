extension BinColumn {
    /// Copies bin `bin` of `district` into this column, row `r` going to household `rows[r]`, or to household `r`
    /// when `rows` is nil; households the district does not hold are marked missing.
    mutating func gather(from district: DenseDistrict, bin: Int, rows: [Int]?, households: Int) {
        resize(households)
        let bins = district.grid.count
        for signal in DenseSignal.allCases {
            let source = district.values[signal]!
            source.withUnsafeBufferPointer { source in
                withPlane(signal) { plane in
                    if let rows {
                        plane.update(repeating: .nan)
                        for (row, household) in rows.enumerated() { plane[household] = source[row * bins + bin] }
                    } else {
                        for household in 0..<households { plane[household] = source[household * bins + bin] }
                    }
                }
            }
        }
    }

    private mutating func withPlane(_ signal: DenseSignal, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        switch signal {
        case .power: power.withUnsafeMutableBufferPointer { body($0) }
        case .steps: steps.withUnsafeMutableBufferPointer { body($0) }
        case .callOut: callOut.withUnsafeMutableBufferPointer { body($0) }
        case .callIn: callIn.withUnsafeMutableBufferPointer { body($0) }
        case .callMissed: callMissed.withUnsafeMutableBufferPointer { body($0) }
        case .talkSeconds: talkSeconds.withUnsafeMutableBufferPointer { body($0) }
        }
    }
}

extension BinAccumulator {
    /// This accumulator with households appended (their cells empty), the existing cells kept.
    func appending(_ added: [SignalSources]) -> BinAccumulator {
        var grown = BinAccumulator(sources: sources + added, columns: columns, layout: layout)
        for household in 0..<households {
            for column in 0..<columns {
                let from = household * householdStride + column * columnStride
                let to = household * grown.householdStride + column * grown.columnStride
                grown.powerSum[to] = powerSum[from]
                grown.powerCount[to] = powerCount[from]
                grown.stepsSum[to] = stepsSum[from]
                grown.talkSum[to] = talkSum[from]
                grown.callOut[to] = callOut[from]
                grown.callIn[to] = callIn[from]
                grown.callMissed[to] = callMissed[from]
                grown.seen[to] = seen[from]
            }
        }
        return grown
    }
}
