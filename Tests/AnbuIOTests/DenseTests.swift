import Anbu
@testable import AnbuIO
import Foundation
import Testing

/// Whether `python3 -c "import numpy"` works here.
let numpyAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    } catch {
        return false
    }
}()

func python(_ script: String) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try! process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

let sampleReadings = """
    household,time,signal,value,source
    full,2025-03-03T00:10:00+09:00,power,10,plug-a
    full,2025-03-03T00:50:00+09:00,power,20.5,plug-a
    full,2025-03-03T00:30:00+09:00,steps,4,phone
    full,2025-03-03T01:00:00+09:00,call_out,60,phone
    full,2025-03-03T01:20:00+09:00,call_in,30.5,phone
    full,2025-03-03T01:21:00+09:00,call_missed,,phone
    phone,2025-03-03T02:00:00+09:00,steps,0,phone
    phone,2025-03-03T03:00:00+09:00,call_missed,,phone
    callsonly,2025-03-03T03:00:00+09:00,call_out,5,phone

    """

@Suite("The dense form")
struct DenseTests {
    @Test("CSV → dense → CSV → dense gives identical arrays; extra columns of households.csv survive")
    func roundTrip() throws {
        let dir = district(households: threeHouseholds.replacingOccurrences(of: "signals\n", with: "signals,floor\n")
            .replacingOccurrences(of: "calls\n", with: "calls,3\n"), readings: sampleReadings)
        var options = DistrictDirectory.LoadOptions()
        options.source = .csv
        let (first, report) = try DistrictDirectory.load(from: dir, options: options)
        #expect(report.problems.isClean, "\(report.problems.description)")
        let dense1 = temporaryDirectory(), csv = temporaryDirectory(), dense2 = temporaryDirectory()
        #expect(try first.save(to: dense1, form: .dense).isClean)
        let (loaded1, _) = try DistrictDirectory.load(from: dense1)
        #expect(try loaded1.save(to: csv, form: .csv).isClean)
        let (fromCSV, again) = try DistrictDirectory.load(from: csv, options: options)
        #expect(again.problems.isClean)
        #expect(try fromCSV.save(to: dense2, form: .dense).isClean)
        for signal in DenseSignal.allCases {
            let a = try Data(contentsOf: URL(fileURLWithPath: dense1 + "/dense/\(signal.rawValue).npy"))
            let b = try Data(contentsOf: URL(fileURLWithPath: dense2 + "/dense/\(signal.rawValue).npy"))
            #expect(a == b, "\(signal)")
        }
        #expect(read(dense2, "households.csv") == read(dense1, "households.csv"))
        #expect(read(dense2, "households.csv").contains("full,Asia/Seoul,power;steps;calls,3"))
    }

    @Test("numpy.load reads what convert writes, with the right shape and values", .enabled(if: numpyAvailable))
    func numpyLoads() throws {
        let dir = district(households: threeHouseholds, readings: sampleReadings)
        var options = DistrictDirectory.LoadOptions()
        options.source = .csv
        let (directory, _) = try DistrictDirectory.load(from: dir, options: options)
        let out = temporaryDirectory()
        try directory.save(to: out, form: .dense)
        let result = python(
            """
            import numpy as np, json
            d = '\(out)/dense/'
            meta = json.load(open(d + 'meta.json'))
            out = [str(meta['bins']), str(meta['households'])]
            for s in meta['signals']:
                a = np.load(d + s + '.npy')
                assert a.dtype == np.dtype('<f4') and a.flags['C_CONTIGUOUS'], (s, a.dtype)
                out.append(s + ':' + str(a.shape) + ':' + ','.join('nan' if np.isnan(v) else repr(float(v)) for v in a.ravel()))
            print('\\n'.join(out))
            """)
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 8)
        #expect(lines[0] == "4" && lines[1] == "3")  // bins inferred: midnight to the 03:00 bin
        #expect(lines[2] == "power:(3, 4):15.25,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan")
        #expect(lines[3] == "steps:(3, 4):4.0,nan,nan,nan,nan,nan,0.0,nan,nan,nan,nan,nan")
        #expect(lines[4] == "call_out:(3, 4):0.0,1.0,nan,nan,nan,nan,0.0,0.0,0.0,0.0,0.0,1.0")
        #expect(lines[6] == "call_missed:(3, 4):0.0,1.0,nan,nan,nan,nan,0.0,1.0,0.0,0.0,0.0,0.0")
        #expect(lines[7] == "talk_seconds:(3, 4):0.0,90.5,nan,nan,nan,nan,0.0,0.0,0.0,0.0,0.0,5.0")
    }

    @Test("numpy.save's header bytes equal ours for several shapes", .enabled(if: numpyAvailable))
    func numpyHeader() throws {
        for (rows, columns) in [(0, 0), (2, 3), (1000, 2160), (123_456, 7)] {
            let result = python(
                """
                import numpy as np, io, sys
                b = io.BytesIO(); np.save(b, np.zeros((\(rows), \(columns)), dtype='<f4')); v = b.getvalue()
                n = 10 + int.from_bytes(v[8:10], 'little'); print(v[:n].hex())
                """)
            #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines)
                == NPY.header(rows: rows, columns: columns).map { String(format: "%02x", $0) }.joined())
        }
    }

    @Test("bad .npy files: wrong magic, dtype, order, dimensions, shape, truncated or extra data")
    func npyErrors() throws {
        let dir = temporaryDirectory()
        func attempt(_ bytes: [UInt8], expected: (Int, Int)? = (2, 3)) -> DistrictFileError? {
            _ = FileManager.default.createFile(atPath: dir + "/x.npy", contents: Data(bytes))
            do {
                _ = try NPY.read(path: dir + "/x.npy", name: "dense/x.npy", expected: expected.map { ($0.0, $0.1) })
                return nil
            } catch { return error }
        }
        func header(_ dict: String, version: UInt8 = 1) -> [UInt8] {
            var text = dict
            while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
            text += "\n"
            let n = text.utf8.count
            return NPY.magic + (version == 1 ? [1, 0, UInt8(n & 255), UInt8(n >> 8)] : [2, 0, UInt8(n & 255), UInt8(n >> 8), 0, 0])
                + Array(text.utf8)
        }
        let data = [UInt8](repeating: 0, count: 24)
        #expect(attempt(header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }") + data) == nil)
        // Keys in another order and format 2.0 are fine.
        #expect(attempt(header("{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}", version: 2) + data) == nil)
        #expect(attempt(Array("not numpy".utf8))?.problem == .npyHeader("no \\x93NUMPY magic"))
        #expect(attempt(header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }") + data)?.problem
            == .npyHeader(NPY.HeaderError.dtype("<f8").description))
        #expect(attempt(header("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }") + data)?.kind == .npyHeader)
        #expect(attempt(header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }") + data)?.problem
            == .npyHeader(NPY.HeaderError.fortranOrder.description))
        #expect(attempt(header("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }") + data)?.problem
            == .npyHeader(NPY.HeaderError.dimensions("(6)").description))
        #expect(attempt(header("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }") + data)?.kind
            == .shapeMismatch)
        #expect(attempt(header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }") + data.dropLast(3))?
            .problem == .truncatedData(expectedBytes: 24, foundBytes: 21))
        #expect(attempt(header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }") + data + [0])?.kind
            == .npyHeader)
        #expect(attempt(header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)") + data)?.kind == .npyHeader)
        #expect(attempt(Array(header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").prefix(40)))?.kind
            == .npyHeader)
        #expect(attempt(NPY.magic + [9, 0])?.kind == .npyHeader)
        // A header claiming a huge shape is refused from the file's size, before anything is allocated (found by
        // the npy fuzzer as an out-of-memory; fuzz/seeds/npy/regression-huge-shape.npy).
        #expect(attempt(header("{'descr': '<f4', 'fortran_order': False, 'shape': (4000000000, 4), }") + data,
                        expected: nil)?.problem == .truncatedData(expectedBytes: 64_000_000_000, foundBytes: 24))
    }

    @Test("dense/meta.json: version, fields, start agreement; shape against households.csv")
    func meta() throws {
        func parse(_ json: String) -> DistrictFileError? {
            do {
                _ = try DenseMeta.parse(Array(json.utf8))
                return nil
            } catch { return error }
        }
        let good = #"{"version": 1, "bin_seconds": 3600, "start": "2025-03-03T00:00:00+09:00", "start_unix": 1740927600, "bins": 2, "households": 1, "extra": {"tool": "x"}}"#
        #expect(parse(good) == nil)
        #expect(parse(#"{"version": 2, "bin_seconds": 3600, "start_unix": 0, "bins": 2, "households": 1}"#)?.problem
            == .meta("version 2 is not 1"))
        #expect(parse(#"{"version": 1, "bin_seconds": 7, "start_unix": 0, "bins": 2, "households": 1}"#)?.kind == .meta)
        #expect(parse(#"{"version": 1, "bin_seconds": 3600, "bins": 2, "households": 1}"#)?.problem
            == .meta("no \"start\" or \"start_unix\""))
        #expect(parse(#"{"version": 1, "bin_seconds": 3600, "start": "2025-03-03T00:00:00Z", "start_unix": 0, "bins": 2, "households": 1}"#)?.kind == .meta)
        #expect(parse(#"{"version": 1, "bin_seconds": 3600, "start_unix": 0, "bins": "2", "households": 1}"#)?.problem
            == .meta("\"bins\" has the wrong type"))
        #expect(parse(#"{"version": 1, "bin_seconds": 3600, "start_unix": 0, "bins": 2, "households": 1, "signals": ["power", "voltage"]}"#)?.problem
            == .meta("unknown signal \"voltage\""))
        #expect(parse("[1, 2]")?.problem == .meta("not a JSON object"))

        let dir = temporaryDirectory()
        var district = DenseDistrict(households: [household("a"), household("b")], grid: BinGrid(startUnixSeconds: 0, count: 2))
        district[.power, 0, 0] = 1
        try DenseForm.write(district, to: dir, zone: .fixed(offsetSeconds: 0))
        #expect(throws: DistrictFileError.self) { _ = try DenseForm.read(from: dir, households: [household("a")]) }
        do {
            _ = try DenseForm.read(from: dir, households: [household("a")])
        } catch {
            #expect(error.kind == .shapeMismatch && error.location.file == "dense/meta.json")
        }
    }

    @Test("dense cells that no readings can express are reported, not written")
    func unrepresentable() throws {
        var district = DenseDistrict(
            households: [household("a"), household("b", "+09:00", [.steps, .calls])],
            grid: BinGrid(startUnixSeconds: 0, count: 3))
        district[.power, 1, 0] = 5  // b has no plug
        district[.steps, 0, 0] = 1
        for signal in [DenseSignal.callOut, .callIn, .callMissed] { district[signal, 0, 0] = 0 }
        district[.talkSeconds, 0, 0] = 30  // talk time without a call
        district[.steps, 0, 1] = 1.5  // fractional steps
        district[.steps, 0, 2] = 2  // phone present, calls missing
        let dir = temporaryDirectory()
        let report = try ReadingsWriter.write(district, to: dir + "/readings.csv")
        #expect(report.counts == [.unrepresentableCell: 5])
        #expect(report.first.map(\.location) == [
            FileLocation(file: "dense/talk_seconds.npy", line: 1, column: 1),
            FileLocation(file: "dense/power.npy", line: 2, column: 1),
            FileLocation(file: "dense/steps.npy", line: 1, column: 2),
            FileLocation(file: "dense/call_out.npy", line: 1, column: 2),
            FileLocation(file: "dense/call_out.npy", line: 1, column: 3),
        ])
        #expect(read(dir, "readings.csv").split(separator: "\n").count == 1 + 2)  // two steps rows
    }
}
