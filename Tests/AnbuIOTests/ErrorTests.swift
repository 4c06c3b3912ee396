import Anbu
@testable import AnbuIO
import Foundation
import Testing

/// The single problem found binning `readings` (one data row after the header).
func problems(_ readings: String, households: String = threeHouseholds, label: String = #function) throws -> [DistrictFileError] {
    try bin(households: households, readings: readings, label: label).summary.problems.first
}

@Suite("Every problem is a typed error with file, line, column and text")
struct ErrorTests {
    let header = "household,time,signal,value\n"

    @Test(
        "bad readings rows",
        arguments: [
            ("nobody,2025-03-03T00:00:00+09:00,power,1", DistrictFileError.Problem.unknownHousehold("nobody"), 1),
            ("full,2025-03-03T00:00:00+09:00,voltage,1", .unknownSignal("voltage"), 32),
            ("phone,2025-03-03T00:00:00+09:00,power,1", .signalNotDeclared(signal: .power, household: "phone"), 33),
            ("callsonly,2025-03-03T00:00:00+09:00,steps,1", .signalNotDeclared(signal: .steps, household: "callsonly"), 37),
            ("full,2025-03-03T00:00:00+09:00,power,12W", .malformedValue("12W", signal: .power), 38),
            ("full,2025-03-03T00:00:00+09:00,power,", .malformedValue("", signal: .power), 38),
            ("full,2025-03-03T00:00:00+09:00,steps,-3", .negativeValue("-3", signal: .steps), 38),
            ("full,2025-03-03T00:00:00+09:00,call_out,-0.5", .negativeValue("-0.5", signal: .callOut), 41),
            ("full,2025-03-03T00:00:00+09:00,power,NaN", .nonFiniteValue("NaN", signal: .power), 38),
            ("full,2025-03-03T00:00:00+09:00,power,inf", .nonFiniteValue("inf", signal: .power), 38),
            ("full,2025-03-03T00:00:00+09:00,power,1e999", .nonFiniteValue("1e999", signal: .power), 38),
            ("full,2025-03-03T00:00:00+09:00,steps,2.5", .fractionalSteps("2.5"), 38),
            ("full,2025-03-03T00:00:00+09:00,power,2e9", .valueTooLarge("2e9", signal: .power), 38),
            ("full,2025-03-03 00:00:00,power,1", .malformedTime("2025-03-03 00:00:00", reason: "no offset (add Z or ±HH:MM)"), 6),
            ("full,2025-02-29T00:00:00Z,power,1", .malformedTime("2025-02-29T00:00:00Z", reason: "day out of range"), 6),
            ("full,2025-03-03T24:00:00Z,power,1", .malformedTime("2025-03-03T24:00:00Z", reason: "hour out of range"), 6),
            ("full,2025-03-03T00:00:00+19:00,power,1", .malformedTime("2025-03-03T00:00:00+19:00", reason: "offset is not Z or ±HH:MM within ±18:00"), 6),
            ("full,17409276OO,power,1", .malformedTime("17409276OO", reason: "unexpected character at position 9"), 6),
            ("full,2099-03-03T00:00:00Z,power,1", .timeOutOfRange("2099-03-03T00:00:00Z", boundSeconds: 86_400), 6),
        ])
    func readingRows(text: String, expected: DistrictFileError.Problem, column: Int) throws {
        let found = try problems(header + "full,2025-03-03T00:00:00+09:00,power,1\n" + text + "\n")
        #expect(found.count == 1)
        #expect(found.first?.problem == expected)
        #expect(found.first?.location == FileLocation(file: "readings.csv", line: 3, column: column))
        #expect(found.first?.description.hasPrefix("readings.csv:3: column \(column): ") == true)
    }

    @Test("bad records: field counts, quotes, a truncated last line, blank lines skipped")
    func records() throws {
        let text =
            header + "full,2025-03-03T00:00:00+09:00,power\n" + "\n"
            + "full,2025-03-03T00:00:00+09:00,power,1,extra\n" + "fu\"ll,2025-03-03T00:00:00+09:00,power,1\n"
            + "\"full\"x,2025-03-03T00:00:00+09:00,power,1\n" + "full,2025-03-03T00:00:00+09:00,po"
        let found = try problems(text)
        #expect(found.map(\.kind) == [.wrongFieldCount, .wrongFieldCount, .malformedQuote, .malformedQuote, .truncatedLastLine])
        #expect(found.map(\.location.line) == [2, 4, 5, 6, 7])
        #expect(found[0].problem == .wrongFieldCount("full,2025-03-03T00:00:00+09:00,power", expected: 4, found: 3))
        #expect(found[4].problem == .truncatedLastLine("full,2025-03-03T00:00:00+09:00,po"))
        let unclosed = try problems(header + "full,2025-03-03T00:00:00+09:00,power,\"1\n")
        #expect(unclosed.map(\.kind) == [.truncatedLastLine])
    }

    @Test("a quoted line break counts as a line: later problems carry the right line number")
    func lineNumbers() throws {
        let text = "household,note,time,signal,value\n" + "full,\"a\nb\nc\",2025-03-03T00:00:00+09:00,power,1\n"
            + "full,x,2025-03-03T00:00:00+09:00,power,-1\n"
        let found = try problems(text)
        #expect(found.map(\.location) == [FileLocation(file: "readings.csv", line: 5, column: 40)])
    }

    @Test("a line longer than the limit is an error and reading carries on")
    func longLine() throws {
        let dir = district(households: threeHouseholds, readings: header + String(repeating: "x", count: 5000) + "\n"
            + "full,2025-03-03T00:00:00+09:00,power,1\n")
        let households = try HouseholdsFile.read(path: dir + "/households.csv").file.households
        var options = ReadingsReader.Options()
        options.maximumLineLength = 1024
        options.blockSize = 256
        let reader = try ReadingsReader(path: dir + "/readings.csv", households: households, options: options)
        let (statistics, report) = try reader.forEachBatch { _, _ in }
        #expect(report.first.map(\.problem) == [.lineTooLong(bytes: 1024)])
        #expect(report.first.first?.location.line == 2)
        #expect(statistics.total == 1)
    }

    @Test("header problems: a missing column, a repeated column, an empty file, a missing file")
    func headers() throws {
        for (text, expected) in [
            ("household,time,value\n", DistrictFileError.Problem.missingColumn("signal")),
            ("household,time,signal,value,time\n", .duplicateColumn("time")), ("", .emptyFile),
        ] {
            #expect(throws: DistrictFileError(expected, at: FileLocation(file: "readings.csv", line: 1))) {
                _ = try bin(households: threeHouseholds, readings: text)
            }
        }
        #expect(throws: DistrictFileError(.missingFile, at: FileLocation(file: "households.csv"))) {
            _ = try HouseholdsFile.read(path: temporaryDirectory() + "/households.csv")
        }
        let dir = temporaryDirectory()
        write("household,signals\nh,power\n", to: dir, "households.csv")
        #expect(throws: DistrictFileError(.missingColumn("timezone"), at: FileLocation(file: "households.csv", line: 1))) {
            _ = try HouseholdsFile.read(path: dir + "/households.csv")
        }
    }

    @Test("households.csv: duplicate ids, bad ids, zones and signals")
    func households() throws {
        let dir = temporaryDirectory()
        write(
            """
            household,timezone,signals
            a,Asia/Seoul,power;steps
            a,+09:00,power
            b c,+09:00,power
            c,Mars/Olympus,power
            d,+09:00,power;gas
            e,+09:00,
            f,+0900,steps;steps
            g,-03:30,calls;power

            """, to: dir, "households.csv")
        let (file, report) = try HouseholdsFile.read(path: dir + "/households.csv")
        #expect(file.households.map(\.id.rawValue) == ["a", "g"])
        #expect(file.households[1].timeZone == .fixed(offsetSeconds: -12_600))
        #expect(file.households[1].sources == [.power, .calls])
        #expect(
            report.first.map(\.problem) == [
                .duplicateHousehold("a", firstLine: 2), .invalidHouseholdID("b c"), .invalidTimeZone("Mars/Olympus"),
                .invalidSources("power;gas"), .invalidSources(""), .invalidSources("steps;steps"),
            ])
        #expect(report.first.map(\.location.line) == [3, 4, 5, 6, 7, 8])
        #expect(report.first[2].location.column == 3)
    }

    @Test("absences, incidents and alerts: unknown households, bad kinds, bad times, ends before starts")
    func smallFiles() throws {
        let dir = temporaryDirectory()
        write("household,timezone,signals\nh,+09:00,power\n", to: dir, "households.csv")
        write(
            """
            household,start,end,why
            h,2025-03-01T00:00:00+09:00,2025-03-05T00:00:00+09:00,hospital
            x,2025-03-01T00:00:00+09:00,2025-03-05T00:00:00+09:00,
            h,2025-03-05T00:00:00+09:00,2025-03-01T00:00:00+09:00,
            h,yesterday,2025-03-01T00:00:00+09:00,

            """, to: dir, "absences.csv")
        write(
            """
            household,kind,onset,end
            h,collapse,2025-03-01T00:00:00+09:00,
            *,heatwave,1740927600,1741014000
            h,flood,2025-03-01T00:00:00+09:00,

            """, to: dir, "incidents.csv")
        write(
            """
            alert,household,time,event,tier,kind,reasons
            a1,h,2025-03-01T00:00:00+09:00,open,caution,person,silence;no_steps
            a1,h,2025-03-01T05:00:00+09:00,close,,person,
            a2,*,2025-03-01T05:00:00+09:00,open,urgent,district,
            a3,h,2025-03-01T05:00:00+09:00,close,serious,person,
            a4,h,2025-03-01T05:00:00+09:00,open,serious,person,Silence

            """, to: dir, "alerts.csv")
        let index = HouseholdIndex([HouseholdID("h")!])
        let absences = try AbsencesFile.read(path: dir + "/absences.csv", households: index)
        #expect(absences.file.absences.count == 1 && absences.file.extra.values == [["hospital"]])
        #expect(absences.problems.first.map(\.kind) == [.unknownHousehold, .endBeforeStart, .malformedTime])
        let incidents = try IncidentsFile.read(path: dir + "/incidents.csv", households: index)
        #expect(incidents.file.incidents.map(\.kind) == [.collapse, .heatwave])
        #expect(incidents.file.incidents[1].household == nil)
        #expect(incidents.problems.first.map(\.problem) == [
            .invalidField(column: "kind", text: "flood", expected: IncidentKind.allCases.map(\.rawValue).joined(separator: ", "))
        ])
        let alerts = try AlertsFile.read(path: dir + "/alerts.csv", households: index)
        #expect(alerts.file.events.count == 2)
        #expect(alerts.file.events[0].reasons.map(\.rawValue) == ["silence", "no_steps"])
        #expect(alerts.problems.first.map(\.kind) == [.invalidField, .invalidField, .invalidField])
        #expect(alerts.problems.first.map(\.location.line) == [4, 5, 6])
    }

    @Test("the error policy: collect counts every problem per kind and keeps the first N; stop throws the first")
    func policy() throws {
        var text = header
        for k in 0..<30 { text += "full,2025-03-03T00:00:00+09:00,steps,-\(k + 1)\n" }
        text += "ghost,2025-03-03T00:00:00+09:00,steps,1\n"
        let collected = try bin(households: threeHouseholds, readings: text, policy: .collect(keep: 5)).summary.problems
        #expect(collected.counts == [.negativeValue: 30, .unknownHousehold: 1])
        #expect(collected.first.count == 5 && collected.total == 31)
        #expect(collected.first.map(\.location.line) == [2, 3, 4, 5, 6])
        #expect(throws: DistrictFileError(.negativeValue("-1", signal: .steps), at: FileLocation(file: "readings.csv", line: 2, column: 38))) {
            _ = try bin(households: threeHouseholds, readings: text, policy: .stopAtFirst)
        }
    }
}
