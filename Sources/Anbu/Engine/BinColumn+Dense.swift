extension BinColumn {
    /// Calls `body` with the cells of one signal, by household.
    func withPlane(_ signal: DenseSignal, _ body: (UnsafeBufferPointer<Float>) -> Void) {
        switch signal {
        case .power: power.withUnsafeBufferPointer { body($0) }
        case .steps: steps.withUnsafeBufferPointer { body($0) }
        case .callOut: callOut.withUnsafeBufferPointer { body($0) }
        case .callIn: callIn.withUnsafeBufferPointer { body($0) }
        case .callMissed: callMissed.withUnsafeBufferPointer { body($0) }
        case .talkSeconds: talkSeconds.withUnsafeBufferPointer { body($0) }
        }
    }

    /// Calls `body` with the cells of one signal, by household, to write them.
    mutating func withMutablePlane(_ signal: DenseSignal, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
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
