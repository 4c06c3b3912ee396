import Anbu
@testable import AnbuIO
import Foundation
import Testing

@Suite("Byte-level parsers")
struct ParserTests {
    @Test("ISO 8601 parse agrees with Foundation's formatter on random instants, offsets and fractions")
    func isoAgainstFoundation() {
        var generator = SplitMix64(seed: 11)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for _ in 0..<2000 {
            let seconds = Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator)
            let millis = Int64.random(in: 0..<1000, using: &generator)
            let offset = Int.random(in: -72...72, using: &generator) * 900
            let text = ContractTime.iso8601(seconds * 1000 + millis, offsetSeconds: offset)
            #expect(ContractTime.parse(text) == .success(seconds * 1000 + millis), "\(text)")
            if millis == 0 {
                let date = formatter.date(from: text)
                #expect(date.map { Int64($0.timeIntervalSince1970) } == seconds, "\(text)")
            }
        }
    }

    @Test("leap years, day ranges and Unix seconds")
    func calendar() {
        #expect((try? ContractTime.parse("2024-02-29T00:00:00Z").get()) == 1_709_164_800_000)
        #expect(ContractTime.parse("2100-02-29T00:00:00Z") == .failure(.fieldRange("day")))
        #expect(ContractTime.parse("2000-02-29T00:00:00Z").map { $0 } == .success(951_782_400_000))
        #expect(ContractTime.parse("2025-04-31T00:00:00Z") == .failure(.fieldRange("day")))
        #expect(ContractTime.parse("2025-13-01T00:00:00Z") == .failure(.fieldRange("month")))
        #expect(ContractTime.parse("-86400") == .success(-86_400_000))
        #expect(ContractTime.parse("") == .failure(.empty))
        #expect(ContractTime.parse("99999999999999999999") == .failure(.overflow))
        #expect(ContractTime.parse("2025-03-03T00:00:60Z") == .failure(.fieldRange("second")))
        #expect(ContractTime.parse("2025-03-03T00:00:00.Z") == .failure(.layout(offset: 20)))
    }

    @Test("decimal numbers parse to the correctly rounded Float and Double")
    func decimals() {
        var generator = SplitMix64(seed: 5)
        var texts = ["0", "-0", "12.5", "37.375", "1e3", "1E-5", "+4", ".5", "5.", "0.1", "16777217", "3.4028235e38",
                     "123456789012345678901234567890", "0.000000000000000000000001", "9007199254740993"]
        for _ in 0..<3000 {
            let value = Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &generator))
            texts.append(value.description)
            texts.append(String(Double(value) * Double.random(in: 0.5...2, using: &generator)))
            texts.append(String(Int.random(in: 0..<100_000, using: &generator)) + "." + String(Int.random(in: 0..<1000, using: &generator)))
        }
        for text in texts {
            let parsed = text.utf8.withContiguousStorageIfAvailable { DecimalNumber.parse(UnsafeRawBufferPointer($0)) }!
            #expect(parsed?.float.bitPattern == Float(text)?.bitPattern, "\(text)")
            #expect(parsed?.double.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        for bad in ["", "-", "1.2.3", "1e", "12W", "0x10", "1,5", " 1"] {
            let parsed = bad.utf8.withContiguousStorageIfAvailable { DecimalNumber.parse(UnsafeRawBufferPointer($0)) }!
            #expect(parsed == nil, "\(bad)")
        }
    }

    @Test("the household index finds every id from its bytes and reports duplicates")
    func householdIndex() {
        let ids = (0..<5000).map { HouseholdID("hh\($0 * 7919 % 100_003)")! } + [HouseholdID("hh0")!]
        let index = HouseholdIndex(ids)
        #expect(index.duplicates.count == 1 && index.duplicates[0] == (row: 5000, firstRow: 0))
        for (row, id) in ids.enumerated().dropLast() { #expect(index.row(of: id) == row) }
        #expect(index.row(of: HouseholdID("hh1")!) == nil)
        #expect(index.row(of: HouseholdID(String(repeating: "x", count: 64))!) == nil)
    }
}
