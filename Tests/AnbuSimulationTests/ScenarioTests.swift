import Anbu
import AnbuSimulation
import Foundation
import Testing

@Suite("Scenario files")
struct ScenarioTests {
    static let defaultFile = repositoryRoot.appendingPathComponent("datasets/default-district.json")

    @Test func theDefaultFileIsTheBuiltInDistrict() throws {
        let loaded = try Scenario.load(contentsOf: Self.defaultFile)
        #expect(loaded == Scenario.standard)
        #expect(try Data(contentsOf: Self.defaultFile) == Scenario.standard.encodedJSON())
    }

    @Test func theStandardScenarioIsValid() throws {
        try Scenario.standard.validate()
    }

    /// The held-out district of docs/tuning-journal.md's "Tuning record": it must stay loadable, and stay the default
    /// moved in the documented ways (winter, phones carried less at home, more frail, irregular and rarely-phoning
    /// people).
    @Test func theShiftedDistrictLoadsAndDiffersAsDocumented() throws {
        let shifted = try Scenario.load(contentsOf: repositoryRoot.appendingPathComponent("datasets/shifted-district.json"))
        try shifted.validate()
        #expect(shifted.start != Scenario.standard.start)
        for (moved, standard) in zip(shifted.personas, Scenario.standard.personas) {
            #expect(moved.phoneCarriedAtHome < standard.phoneCarriedAtHome)
        }
        #expect(shifted.incidents.collapseTVStaysOn > Scenario.standard.incidents.collapseTVStaysOn)
    }

    /// The third family of docs/tuning-journal.md's "Session 9: generality (helper general9)": it must stay loadable,
    /// and stay different from both tuning families in the documented ways (docs/simulation.md, "The varied district").
    @Test func theVariedDistrictLoadsAndDiffersAsDocumented() throws {
        let varied = try Scenario.load(contentsOf: repositoryRoot.appendingPathComponent("datasets/varied-district.json"))
        let shifted = try Scenario.load(contentsOf: repositoryRoot.appendingPathComponent("datasets/shifted-district.json"))
        let standard = Scenario.standard
        #expect(varied.start != standard.start && varied.start != shifted.start)
        #expect(Set(varied.personas.map(\.name)).isStrictSuperset(of: standard.personas.map(\.name)))
        #expect(varied.devices.powerShare < standard.devices.powerShare)
        #expect(varied.devices.stepsShare < shifted.devices.stepsShare)
        #expect(varied.devices.plugIntervalSeconds.contains(3600))
        #expect(varied.devices.networkGapsPerYear > standard.devices.networkGapsPerYear)
        #expect(varied.devices.phoneOffPerYear > standard.devices.phoneOffPerYear)
        #expect(varied.incidents.announcedAbsencePerYear > standard.incidents.announcedAbsencePerYear)
        #expect(varied.events.heatwaveMonths.count > standard.events.heatwaveMonths.count)
        #expect(!varied.events.extraHolidays.isEmpty)
    }

    func error(_ text: String) -> ScenarioError? {
        do {
            _ = try Scenario.decode(Data(text.utf8), file: "test.json")
            return nil
        } catch {
            return error
        }
    }

    func edited(_ edit: (inout [String: Any]) -> Void) -> String {
        var object = try! JSONSerialization.jsonObject(with: Scenario.standard.encodedJSON()) as! [String: Any]
        edit(&object)
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aNegativeWeightIsRefusedWithItsPathAndPosition() throws {
        let text = edited { object in
            var personas = object["personas"] as! [[String: Any]]
            personas[2]["weight"] = -1
            object["personas"] = personas
        }
        let found = try #require(error(text))
        guard case .invalidValue(let file, let path, let value, _, let line, let column) = found else {
            Issue.record("unexpected \(found)")
            return
        }
        #expect(file == "test.json")
        #expect(path == "personas[2].weight")
        #expect(value == "-1.0")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let at = try #require(line)
        #expect(lines[at - 1].contains("\"weight\""))
        #expect(column != nil)
        #expect(found.description.hasPrefix("test.json:\(at):"))
    }

    @Test func inconsistentParametersAreRefused() throws {
        let text = edited { object in
            var devices = object["devices"] as! [String: Any]
            devices["plugIntervalWeights"] = [1, 2]
            object["devices"] = devices
        }
        let found = try #require(error(text))
        #expect(found.description.contains("devices.plugIntervalWeights"))
        #expect(found.description.contains("one weight per interval"))
    }

    @Test func aMissingParameterIsNamed() throws {
        let text = edited { object in
            var incidents = object["incidents"] as! [String: Any]
            incidents.removeValue(forKey: "collapsePerYear")
            object["incidents"] = incidents
        }
        let found = try #require(error(text))
        guard case .missingParameter(_, let path, _, _) = found else {
            Issue.record("unexpected \(found)")
            return
        }
        #expect(path == "incidents.collapsePerYear")
    }

    @Test func aWrongTypeIsNamed() throws {
        let text = edited { object in object["timeZone"] = 9 }
        let found = try #require(error(text))
        guard case .wrongType(_, let path, let expected, _, _) = found else {
            Issue.record("unexpected \(found)")
            return
        }
        #expect(path == "timeZone")
        #expect(expected == "a string")
    }

    @Test func brokenJSONIsPlaced() throws {
        let found = try #require(error("{\n  \"version\": 1,\n  \"start\": oops\n}"))
        guard case .malformedJSON(_, let line, let column, _) = found else {
            Issue.record("unexpected \(found)")
            return
        }
        #expect(line == 3)
        #expect(column == 12)
    }

    @Test func badValuesAcrossSections() {
        #expect(error(edited { $0["start"] = "yesterday" })?.description.contains("start") == true)
        #expect(error(edited { $0["timeZone"] = "Mars/Olympus" })?.description.contains("timeZone") == true)
        #expect(error(edited { $0["personas"] = [] })?.description.contains("at least one persona") == true)
        let badSpan = edited { object in
            var events = object["events"] as! [String: Any]
            events["telecomOutageHours"] = ["min": 5, "max": 1]
            object["events"] = events
        }
        #expect(error(badSpan)?.description.contains("events.telecomOutageHours.max") == true)
    }

    @Test func anUnreadableFileIsReported() {
        #expect(throws: ScenarioError.self) {
            try Scenario.load(contentsOf: URL(fileURLWithPath: "/nonexistent/scenario.json"))
        }
    }
}
