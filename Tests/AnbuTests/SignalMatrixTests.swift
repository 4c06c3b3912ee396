@testable import Anbu
import Testing

@Suite("SignalMatrix: a Float collection with value semantics")
struct SignalMatrixTests {
    @Test("copies are independent: writing one leaves the others as they were")
    func valueSemantics() {
        var a: SignalMatrix = [1, 2, 3]
        let b = a
        a[1] = 20
        #expect(Array(a) == [1, 20, 3] && Array(b) == [1, 2, 3])
        var c = b
        c.withUnsafeMutableBufferPointer { $0[0] = 10 }
        #expect(Array(c) == [10, 2, 3] && Array(b) == [1, 2, 3])
        #expect(SignalMatrix(repeating: 5, count: 4).allSatisfy { $0 == 5 })
        #expect(SignalMatrix().isEmpty && SignalMatrix([Float]()).count == 0)
    }

    @Test("adopted memory is released once, after the last copy; the first write asks to make it writable")
    func adoptedMemory() {
        final class Log: @unchecked Sendable { var released = 0, madeWritable = 0 }
        let log = Log()
        let memory = UnsafeMutablePointer<Float>.allocate(capacity: 4)
        memory.initialize(from: [1, 2, 3, 4], count: 4)
        do {
            var matrix = SignalMatrix(
                adopting: memory, count: 4, makeWritable: { log.madeWritable += 1; return true },
                release: { log.released += 1 })
            let copy = matrix
            matrix[0] = 9  // shared: copied into memory of its own, the adopted memory untouched
            #expect(log.madeWritable == 0 && memory[0] == 1 && copy[0] == 1 && matrix[0] == 9)
            var alone = copy
            _ = consume copy
            alone[3] = 8  // now unique: written in place once made writable
            alone[2] = 7
            #expect(log.madeWritable == 1 && memory[3] == 8 && memory[2] == 7)
            #expect(log.released == 0)
        }
        #expect(log.released == 1)
        memory.deallocate()
    }

    @Test("a district's bins(_:) copies the requested columns of every row")
    func binsOfDistrict() {
        let households = (0..<3).map {
            Household(id: HouseholdID("h\($0)")!, timeZone: .fixed(offsetSeconds: 0), sources: .all)
        }
        var district = DenseDistrict(households: households, grid: BinGrid(startUnixSeconds: 0, count: 5))
        for h in 0..<3 { for b in 0..<5 { district[.steps, h, b] = Float(10 * h + b) } }
        let part = district.bins(1..<4)
        #expect(part.grid.count == 3 && part.grid.startUnixSeconds == 3600)
        #expect(Array(part.values[.steps]!) == [1, 2, 3, 11, 12, 13, 21, 22, 23])
        #expect(part.values[.power]!.count == 9 && part.values[.power]!.allSatisfy(\.isNaN))
    }
}
