public import Anbu

extension ReadingsWriter {
    /// Writes the readings that bin to `district`'s cells: rows in time order, then household order, each at its
    /// bin's start.
    ///
    /// Per cell: one `power` row with the mean; one `steps` row with the steps; `call_out`, `call_in` and
    /// `call_missed` rows as many as counted, the bin's talk time on the first answered or outgoing call and 0 on the
    /// others. Reading the file back (``ReadingsReader``) gives the same dense arrays. Cells that no set of rows can
    /// produce (talk time without a call, fractional or negative counts, call counts present where the phone sent
    /// nothing, a value for a device the household does not have) are not written; each is reported as
    /// ``DistrictFileError/Problem/unrepresentableCell(_:)`` at `dense/<signal>.npy:row+1`, column bin+1.
    ///
    /// - Returns: The problems (by `policy`); the writer is finished either way.
    @discardableResult
    public static func write(
        _ district: DenseDistrict, to path: String, policy: ErrorPolicy = .default
    ) throws(DistrictFileError) -> ProblemReport {
        let writer = try ReadingsWriter(path: path, households: district.households)
        var sink = ProblemSink(policy: policy)
        let households = district.households.count, bins = district.grid.count
        let empty = SignalMatrix(repeating: .nan, count: households * bins)
        let power = district.values[.power] ?? empty, steps = district.values[.steps] ?? empty
        let callOut = district.values[.callOut] ?? empty, callIn = district.values[.callIn] ?? empty
        let callMissed = district.values[.callMissed] ?? empty, talk = district.values[.talkSeconds] ?? empty
        func problem(_ signal: DenseSignal, _ h: Int, _ t: Int, _ reason: String) throws(DistrictFileError) {
            try sink.record(
                DistrictFileError(
                    .unrepresentableCell(reason),
                    at: FileLocation(file: "\(DenseForm.folder)/\(signal.rawValue).npy", line: h + 1, column: t + 1)))
        }
        func count(_ value: Float) -> Int? {
            value.isNaN ? 0 : (value >= 0 && value == value.rounded() && value < 1e7 ? Int(value) : nil)
        }
        for t in 0..<bins {
            let time = (district.grid.startUnixSeconds + Int64(t) * Int64(district.grid.binSeconds)) * 1000
            for h in 0..<households {
                let cell = h * bins + t
                let has = district.households[h].sources
                if !power[cell].isNaN {
                    if !has.contains(.power) {
                        try problem(.power, h, t, "household has no power source but a power value")
                    } else if let issue = Signal.power.valueProblem(Double(power[cell])) {
                        try problem(.power, h, t, "power \(power[cell]) is \(issue.rawValue)")
                    } else {
                        try writer.append(household: h, signal: .power, time: time, value: power[cell])
                    }
                }
                let phoneSeen = !steps[cell].isNaN
                if phoneSeen {
                    if !has.contains(.steps) {
                        try problem(.steps, h, t, "household has no steps source but a steps value")
                    } else if let issue = Signal.steps.valueProblem(Double(steps[cell])) {
                        try problem(.steps, h, t, "steps \(steps[cell]) is \(issue.rawValue)")
                    } else {
                        try writer.append(household: h, signal: .steps, time: time, value: steps[cell])
                    }
                }
                let callValues = [callOut[cell], callIn[cell], callMissed[cell], talk[cell]]
                let anyCallCell = callValues.contains { !$0.isNaN }
                guard anyCallCell else {
                    if has.contains(.calls) && (!has.contains(.steps) || phoneSeen) {
                        try problem(.callOut, h, t, "call counts are missing where the phone is present")
                    }
                    continue
                }
                guard has.contains(.calls) else {
                    try problem(.callOut, h, t, "household has no calls source but call values")
                    continue
                }
                guard let outs = count(callOut[cell]), let ins = count(callIn[cell]),
                    let missed = count(callMissed[cell])
                else {
                    try problem(.callOut, h, t, "call counts \(callValues[0..<3]) are not whole and >= 0")
                    continue
                }
                let seconds = talk[cell].isNaN ? 0 : talk[cell]
                if callValues.contains(where: \.isNaN) {
                    try problem(.callOut, h, t, "call counts and talk time are missing in part only")
                    continue
                }
                if has.contains(.steps), !phoneSeen, outs + ins + missed == 0 {
                    try problem(.callOut, h, t, "zero calls where the phone sent nothing should be missing")
                    continue
                }
                if outs + ins == 0, seconds != 0 {
                    try problem(.talkSeconds, h, t, "talk time \(seconds) s without an answered or outgoing call")
                    continue
                }
                if let issue = Signal.callOut.valueProblem(Double(seconds)) {
                    try problem(.talkSeconds, h, t, "talk time \(seconds) is \(issue.rawValue)")
                    continue
                }
                var first = true
                for _ in 0..<outs {
                    try writer.append(household: h, signal: .callOut, time: time, value: first ? seconds : 0)
                    first = false
                }
                for _ in 0..<ins {
                    try writer.append(household: h, signal: .callIn, time: time, value: first ? seconds : 0)
                    first = false
                }
                for _ in 0..<missed { try writer.append(household: h, signal: .callMissed, time: time, value: 0) }
            }
        }
        try writer.finish()
        return sink.report
    }
}
