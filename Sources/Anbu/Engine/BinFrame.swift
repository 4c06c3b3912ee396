/// The closed cells of one time bin for every household: the unit the per-bin district step consumes.
///
/// Structure of arrays: one `Float` per household per ``DenseSignal``, NaN where the bin is missing (no reading from
/// that device, or a device the household does not have). Built by the streaming path when a bin closes, or
/// gathered from a ``DenseDistrict`` column.
struct BinFrame {
    /// The bin's index on the monitor's grid.
    var bin: Int
    var power: [Float]
    var steps: [Float]
    var callOut: [Float]
    var callIn: [Float]
    var callMissed: [Float]
    var talkSeconds: [Float]

    init(households: Int) {
        bin = 0
        power = [Float](repeating: .nan, count: households)
        steps = power
        callOut = power
        callIn = power
        callMissed = power
        talkSeconds = power
    }

    var count: Int { power.count }

    mutating func resize(households: Int) {
        guard households > count else { return }
        let extra = households - count
        for path in [\BinFrame.power, \.steps, \.callOut, \.callIn, \.callMissed, \.talkSeconds] {
            self[keyPath: path].append(contentsOf: repeatElement(.nan, count: extra))
        }
    }

    /// Copies bin `bin` of `district` (rows `0..<district.households.count`) into this frame.
    mutating func gather(from district: DenseDistrict, bin: Int) {
        self.bin = bin
        let bins = district.grid.count
        func column(_ signal: DenseSignal, into target: inout [Float]) {
            district.values[signal]!.withUnsafeBufferPointer { source in
                target.withUnsafeMutableBufferPointer { destination in
                    for household in 0..<district.households.count {
                        destination[household] = source[household * bins + bin]
                    }
                }
            }
        }
        column(.power, into: &power)
        column(.steps, into: &steps)
        column(.callOut, into: &callOut)
        column(.callIn, into: &callIn)
        column(.callMissed, into: &callMissed)
        column(.talkSeconds, into: &talkSeconds)
    }

    /// Marks every cell missing.
    mutating func clear() {
        for path in [\BinFrame.power, \.steps, \.callOut, \.callIn, \.callMissed, \.talkSeconds] {
            self[keyPath: path].withUnsafeMutableBufferPointer { $0.update(repeating: .nan) }
        }
    }

    /// Copies bin `bin` of `district` into this frame, its row `r` going to household `rows[r]`.
    mutating func scatter(from district: DenseDistrict, bin: Int, rows: [Int]) {
        self.bin = bin
        let bins = district.grid.count
        for signal in DenseSignal.allCases {
            let source = district.values[signal]!
            for (row, household) in rows.enumerated() {
                set(signal, household, source[row * bins + bin])
            }
        }
    }

    private mutating func set(_ signal: DenseSignal, _ household: Int, _ value: Float) {
        switch signal {
        case .power: power[household] = value
        case .steps: steps[household] = value
        case .callOut: callOut[household] = value
        case .callIn: callIn[household] = value
        case .callMissed: callMissed[household] = value
        case .talkSeconds: talkSeconds[household] = value
        }
    }
}
