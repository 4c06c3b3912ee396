import Anbu
@testable import AnbuIO
import Foundation
import Testing

/// A district of `households` × `bins` whose cells hold distinct values (a few missing), and the directory it was
/// written to in dense form.
private func writtenDistrict(
    households: Int = 3, bins: Int = 5
) throws -> (district: DenseDistrict, directory: String) {
    var district = DenseDistrict(
        households: (0..<households).map { household("h\($0)") }, grid: BinGrid(startUnixSeconds: 0, count: bins))
    for (s, signal) in DenseSignal.allCases.enumerated() {
        for h in 0..<households {
            for b in 0..<bins where (h + b + s) % 4 != 0 { district[signal, h, b] = Float(100 * s + 10 * h + b) }
        }
    }
    let directory = temporaryDirectory()
    try DenseForm.write(district, to: directory, zone: .fixed(offsetSeconds: 0))
    return (district, directory)
}

private func bits(_ matrix: SignalMatrix?) -> [UInt32] { (matrix ?? []).map(\.bitPattern) }

@Suite("Reading the dense form in place (memory-mapped)")
struct DenseMappingTests {
    @Test("a mapped read and a copied read give the same values; only the mapped one uses the files in place")
    func mappedEqualsCopied() throws {
        let (district, directory) = try writtenDistrict()
        let mapped = try DenseForm.read(from: directory, households: district.households)
        let copied = try DenseForm.read(from: directory, households: district.households, loading: .copied)
        for signal in DenseSignal.allCases {
            #expect(bits(mapped.values[signal]) == bits(district.values[signal]), "\(signal)")
            #expect(bits(copied.values[signal]) == bits(district.values[signal]), "\(signal)")
            #expect(mapped.values[signal]!.isAdopted)
            #expect(!copied.values[signal]!.isAdopted)
        }
    }

    @Test("writing a mapped value changes that district only: not its copies, not the file")
    func copyOnWrite() throws {
        let (district, directory) = try writtenDistrict()
        var mapped = try DenseForm.read(from: directory, households: district.households)
        let before = mapped
        mapped[.steps, 1, 2] = -7
        #expect(mapped[.steps, 1, 2] == -7)
        #expect(bits(before.values[.steps]) == bits(district.values[.steps]))
        // The shared matrix was copied into memory of its own, the other still maps the file.
        #expect(!mapped.values[.steps]!.isAdopted && before.values[.steps]!.isAdopted)

        // Nothing shares it now: writing makes the map's pages private instead of copying the matrix.
        var alone = try DenseForm.read(from: directory, households: district.households)
        alone[.power, 0, 1] = 42
        alone.values[.power]!.withUnsafeMutableBufferPointer { $0[$0.count - 1] = 43 }
        #expect(alone.values[.power]!.isAdopted)
        #expect(alone[.power, 0, 1] == 42 && alone.values[.power]!.last == 43)

        let again = try DenseForm.read(from: directory, households: district.households)
        for signal in DenseSignal.allCases { #expect(bits(again.values[signal]) == bits(district.values[signal])) }
    }

    @Test("a district written over the directory it was mapped from keeps its values; a new read sees the new ones")
    func overwriteWhileMapped() throws {
        let (district, directory) = try writtenDistrict(households: 40, bins: 300)
        let mapped = try DenseForm.read(from: directory, households: district.households)
        var changed = mapped
        for h in 0..<40 { changed[.power, h, 299] = 1_000 }
        try DenseForm.write(changed, to: directory, zone: .fixed(offsetSeconds: 0))
        #expect(bits(mapped.values[.power]) == bits(district.values[.power]))
        let reread = try DenseForm.read(from: directory, households: district.households)
        #expect(bits(reread.values[.power]) == bits(changed.values[.power]))
    }

    @Test("a data offset not aligned for Float is read by copying, with the same values")
    func unalignedFallsBack() throws {
        let directory = temporaryDirectory()
        // A valid header whose data starts at an odd offset: magic, version 1.0, length, dict, newline.
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
        while (10 + dict.utf8.count + 1) % 4 != 1 { dict += " " }
        dict += "\n"
        let values: [Float] = [1, 2, .nan, 4, 5, 6]
        var bytes = NPY.magic + [1, 0, UInt8(dict.utf8.count & 0xFF), UInt8(dict.utf8.count >> 8)] + Array(dict.utf8)
        #expect(bytes.count % 4 == 1)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/x.npy"))
        let read = try NPY.read(path: directory + "/x.npy", name: "dense/x.npy", expected: (2, 3))
        #expect(!read.values.isAdopted)
        #expect(bits(read.values) == values.map(\.bitPattern))
    }
}
