import Anbu
@testable import AnbuIO
import Foundation
import Testing

@Suite("Writers")
struct WriterTests {
    @Test("households.csv is written with the contract's columns and extra columns kept")
    func households() throws {
        let dir = temporaryDirectory()
        let file = HouseholdsFile(
            households: [household("a1", "Asia/Seoul"), household("b.2", "-03:30", [.steps, .calls])],
            extra: ExtraColumns(names: ["note"], values: [["x, y"], ["z"]]))
        try file.write(to: dir + "/households.csv")
        #expect(read(dir, "households.csv") == """
            household,timezone,signals,note
            a1,Asia/Seoul,power;steps;calls,"x, y"
            b.2,-03:30,steps;calls,z

            """)
    }

    @Test("readings.csv times are in each household's own offset; values whole or shortest")
    func readings() throws {
        let dir = temporaryDirectory()
        let writer = try ReadingsWriter(
            path: dir + "/readings.csv", households: [household("a", "+09:00"), household("b", "Z")])
        try writer.append(household: 0, signal: .power, time: ms("2025-03-01T00:00:00Z"), value: 37.375)
        try writer.append(household: 1, signal: .steps, time: ms("2025-03-01T00:00:00.250Z"), value: 120)
        try writer.append(household: 0, signal: .callMissed, time: ms("2025-03-01T00:00:00Z"), value: 0)
        try writer.append(household: 0, signal: .callOut, time: 1_000_000, value: 0.1)
        try writer.finish()
        #expect(read(dir, "readings.csv") == """
            household,time,signal,value
            a,2025-03-01T09:00:00+09:00,power,37.375
            b,2025-03-01T00:00:00.250+00:00,steps,120
            a,2025-03-01T09:00:00+09:00,call_missed,
            a,1970-01-01T09:16:40+09:00,call_out,0.1

            """)
    }

    @Test("named zones follow daylight saving time")
    func daylightSaving() {
        var offsets = ZoneOffsets()
        let zone = HouseholdTimeZone.named("America/New_York")
        #expect(offsets.offsetSeconds(of: zone, at: ms("2025-01-15T12:00:00Z")) == -5 * 3600)
        #expect(offsets.offsetSeconds(of: zone, at: ms("2025-03-09T06:59:59Z")) == -5 * 3600)
        #expect(offsets.offsetSeconds(of: zone, at: ms("2025-03-09T07:00:00Z")) == -4 * 3600)
        #expect(offsets.offsetSeconds(of: zone, at: ms("2025-07-01T00:00:00Z")) == -4 * 3600)
        #expect(offsets.offsetSeconds(of: zone, at: ms("2025-01-15T12:00:00Z")) == -5 * 3600)
    }

    @Test("incidents, absences and alerts round their times through the household's zone")
    func smallFiles() throws {
        let dir = temporaryDirectory()
        let zones = DistrictZones(households: [household("a", "+09:00"), household("b", "+09:00")])
        try IncidentsFile(incidents: [
            Incident(household: HouseholdID("a")!, kind: .collapse, onset: Timestamp(unixSeconds: 0), end: nil),
            Incident(household: nil, kind: .outagePower, onset: Timestamp(unixSeconds: 3600),
                     end: Timestamp(unixSeconds: 7200)),
        ]).write(to: dir + "/incidents.csv", zones: zones)
        #expect(read(dir, "incidents.csv") == """
            household,kind,onset,end
            a,collapse,1970-01-01T09:00:00+09:00,
            *,outage_power,1970-01-01T10:00:00+09:00,1970-01-01T11:00:00+09:00

            """)
        try AlertsFile(events: [
            AlertEvent(alert: "A1", household: HouseholdID("b")!, time: Timestamp(unixSeconds: 0), event: .open,
                       tier: .caution, kind: .person, reasons: [ReasonCode(rawValue: "silence"),
                                                                ReasonCode(rawValue: "no_steps")]),
            AlertEvent(alert: "A1", household: HouseholdID("b")!, time: Timestamp(unixSeconds: 60), event: .close,
                       tier: nil, kind: .person, reasons: []),
        ]).write(to: dir + "/alerts.csv", zones: zones)
        #expect(read(dir, "alerts.csv") == """
            alert,household,time,event,tier,kind,reasons
            A1,b,1970-01-01T09:00:00+09:00,open,caution,person,silence;no_steps
            A1,b,1970-01-01T09:01:00+09:00,close,,person,

            """)
        try AbsencesFile(absences: [
            Absence(household: HouseholdID("a")!, start: Timestamp(unixSeconds: 0), end: Timestamp(unixSeconds: 86400))
        ]).write(to: dir + "/absences.csv", zones: zones)
        #expect(read(dir, "absences.csv") == """
            household,start,end
            a,1970-01-01T09:00:00+09:00,1970-01-02T09:00:00+09:00

            """)
    }

    @Test("the .npy header matches the format specification byte for byte")
    func npyHeader() {
        // From the NumPy format specification: magic, version 1.0, little-endian header length, the dict literal
        // padded with spaces to a 64-byte boundary and ended by a newline. NumPy (>= 1.23) also leaves 21 - len(rows)
        // spare spaces after the dict so the first axis can grow; `numpy.save` of a (2, 3) float32 array writes this.
        let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
        var expected: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00] + Array(dict.utf8)
        expected += [UInt8](repeating: 0x20, count: 128 - 1 - expected.count) + [0x0A]
        let header = NPY.header(rows: 2, columns: 3)
        #expect(header == expected)
        #expect(header.count % 64 == 0)
        #expect(NPY.header(rows: 1000, columns: 2160).count == 128)
        let long = NPY.header(rows: 123_456_789_012, columns: 2160)
        #expect(long.count % 64 == 0 && long.last == 0x0A)
    }

    @Test("the dense form is written as meta.json and six arrays and reads back identically")
    func denseRoundTrip() throws {
        let dir = temporaryDirectory()
        let households = [household("a"), household("b", "+09:00", [.steps, .calls])]
        var district = DenseDistrict(households: households, grid: BinGrid(startUnixSeconds: 1_740_927_600, count: 3))
        district[.power, 0, 1] = 12.5
        district[.steps, 1, 2] = 40
        try DenseForm.write(district, to: dir, zone: .fixed(offsetSeconds: 9 * 3600))
        #expect(read(dir, "dense/meta.json") == """
            {"version": 1, "bin_seconds": 3600, "start": "2025-03-03T00:00:00+09:00", "start_unix": 1740927600, \
            "bins": 3, "households": 2, "signals": ["power", "steps", "call_out", "call_in", "call_missed", \
            "talk_seconds"]}

            """)
        let back = try DenseForm.read(from: dir, households: households)
        #expect(back.grid == district.grid)
        for signal in DenseSignal.allCases {
            #expect(back.values[signal]!.map(\.bitPattern) == district.values[signal]!.map(\.bitPattern))
        }
    }
}
