import Anbu
import Foundation
import Testing

@testable import AnbuEvaluation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Whether `text` parses as XML, and the names of its elements.
func xmlElements(_ text: String) -> (wellFormed: Bool, elements: [String]) {
    final class Collector: NSObject, XMLParserDelegate {
        var names: [String] = []
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) { names.append(name) }
    }
    let parser = XMLParser(data: Data(text.utf8))
    let collector = Collector()
    parser.delegate = collector
    return (parser.parse(), collector.names)
}

/// A small scored district: two collapses, one illness, a holiday; the engine stand-in finds one collapse fast.
func smallReports() throws -> (reports: [EvaluationReport], incidents: [Incident]) {
    let homes = households(4)
    let incidents = [
        incident("h1", .collapse, 30), incident("h2", .collapse, 50), incident("h3", .illness, 20, 100),
        incident(nil, .holiday, 24, 48),
    ]
    let scorer = try scorer(homes, days: 10, incidents: incidents)
    let engine = Alerts().open("a", "h1", 33, .attention).change("a", 36, .serious).close("a", 60)
        .open("b", "h4", 70, .attention).close("b", 75).events
    let rule = Alerts().open("r", "h1", 54, .serious).open("s", "h2", 74, .serious).events
    return ([try scorer.score(engine, detector: "engine"), try scorer.score(rule, detector: "no_contact_24h")], incidents)
}

@Suite("SVG figures")
struct PlotTests {
    @Test("numbers print with at most two decimals, the same way every time; text is escaped")
    func formatting() {
        #expect(SVGCanvas.number(12) == "12")
        #expect(SVGCanvas.number(3.5) == "3.5")
        #expect(SVGCanvas.number(-0.254) == "-0.25")
        #expect(SVGCanvas.number(0.05) == "0.05")
        #expect(SVGCanvas.number(.nan) == "0")
        #expect(SVGCanvas.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
    }

    @Test("nice ticks: steps of 1, 2 or 5 times a power of ten covering the domain")
    func ticks() {
        #expect(LinearScale.tickStep(span: 72, ticks: 6) == 20)
        #expect(LinearScale.tickStep(span: 1, ticks: 5) == 0.2)
        let scale = LinearScale(low: 0, high: 43, range: 0...100, flipped: false)
        #expect(scale.domain == 0...50)
        #expect(scale.ticks() == [0, 10, 20, 30, 40, 50])
        #expect(scale(25) == 50)
        #expect(LinearScale(exactly: 0...10, range: 0...100, flipped: true)(10) == 0)
    }

    @Test("the trade-off figure: well-formed, deterministic, rules labelled, Pareto front drawn through its policies")
    func tradeOff() throws {
        let points = [
            TradeOffPoint(label: "p1", role: .policy, falseAlertsPerThousandHouseholdDays: 5, medianDelayHours: 20, recall: 0.5),
            TradeOffPoint(label: "p2", role: .policy, falseAlertsPerThousandHouseholdDays: 10, medianDelayHours: 8, recall: 0.9),
            TradeOffPoint(label: "p3", role: .policy, falseAlertsPerThousandHouseholdDays: 12, medianDelayHours: 9, recall: 0.95),
            TradeOffPoint(label: "no_contact_24h", role: .referenceRule, falseAlertsPerThousandHouseholdDays: 99, medianDelayHours: 22, recall: 0.98),
        ]
        let chart = TradeOffChart(points: points, title: "sweep <test>")
        #expect(chart.delayFront == [0, 1])
        #expect(chart.recallFront == [0, 1, 2])
        let svg = chart.svg
        #expect(svg == TradeOffChart(points: points, title: "sweep <test>").svg)
        let (wellFormed, elements) = xmlElements(svg)
        #expect(wellFormed)
        #expect(elements.first == "svg")
        #expect(elements.filter { $0 == "polyline" }.count == 2)  // one front per panel
        #expect(svg.contains(">no_contact_24h</text>"))
        #expect(svg.contains("sweep &lt;test&gt;"))
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!chart.inlineSVG.hasPrefix("<?xml"))
    }

    @Test("delay, per-day and report figures are well-formed and stable; district events shaded; steps end at recall")
    func reportFigures() throws {
        let (reports, incidents) = try smallReports()
        let delays = DelayChart(reports: reports, title: "delays")
        let daily = DailyAlertsChart(reports: reports, incidents: incidents, calendarTimeZone: seoul, title: "daily")
        for svg in [delays.svg, daily.svg] {
            #expect(xmlElements(svg).wellFormed)
        }
        #expect(delays.svg == DelayChart(reports: reports, title: "delays").svg)
        #expect(daily.svg.contains(">holiday</text>"))
        #expect(daily.districtEvents.count == 1)
        let steps = DelayChart.steps(delays: [6, 3], incidents: 4, horizon: 72)
        #expect(steps.first! == (0, 0))
        #expect(steps.last! == (72, 0.5))
        #expect(steps.map(\.share) == [0, 0, 0.25, 0.25, 0.5, 0.5])

        let bundle = ReportBundle(
            title: "small", commands: ["anbu evaluate x --alerts y"], reports: reports, incidents: incidents,
            calendarTimeZone: seoul)
        #expect(bundle.files.map(\.name) == ["report.md", "report.html", "tradeoff.svg", "delays.svg", "alerts-per-day.svg"])
        #expect(xmlElements(bundle.html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")).wellFormed)
        #expect(bundle.html.components(separatedBy: "<svg ").count == 4)
        #expect(bundle.markdown.contains("| **engine** |"))
        #expect(bundle.markdown.contains("![") && bundle.markdown.contains("(tradeoff.svg)"))
    }

    @Test("household figure: band from the household's own hours, missing data shaded, incidents and alert tiers drawn")
    func householdFigure() throws {
        let homes = [household("h1")]
        var made = district(homes, bins: 24 * 3)
        for bin in 0..<72 where bin % 24 != 5 {
            made[.power, 0, bin] = Float(100 + (bin % 24) * 10)
            made[.steps, 0, bin] = bin % 24 == 9 ? 500 : 0
        }
        made.quietPhone(row: 0, 60..<62)
        let events = Alerts().open("a", "h1", 30, .attention).change("a", 33, .serious).close("a", 40).events
        let chart = try HouseholdChart(
            district: made, household: id("h1"), incidents: [incident("h1", .collapse, 29), incident(nil, .heatwave, 0, 10)],
            alertEvents: events)
        let svg = chart.svg
        #expect(xmlElements(svg).wellFormed)
        #expect(svg == (try HouseholdChart(
            district: made, household: id("h1"), incidents: [incident("h1", .collapse, 29), incident(nil, .heatwave, 0, 10)],
            alertEvents: events)).svg)
        #expect(svg.contains(PlotStyle.tier(.attention)) && svg.contains(PlotStyle.tier(.serious)))
        #expect(svg.contains(">collapse</text>") && svg.contains(">heatwave</text>") && svg.contains(">district</text>"))
        #expect(svg.contains("fill=\"#cccccc\""))  // the missing 05:00 bins

        let band = HourOfDayBand(district: made, row: 0, signal: .power)
        #expect(band.median[9] == 190)
        #expect(band.low[5] == nil)
        #expect(band.median[0] == 100)
        #expect(throws: PlotError.unknownHousehold(id("nobody"))) {
            try HouseholdChart(district: made, household: id("nobody"), incidents: [], alertEvents: [])
        }
        #expect(throws: PlotError.self) {
            try HouseholdChart(district: made, household: id("h1"), from: at(100), to: at(120), incidents: [], alertEvents: [])
        }
    }
}

@Suite("Pareto front")
struct ParetoFrontTests {
    @Test("non-dominated points, by increasing x; duplicates both stay; worse in one and equal in the other is out")
    func front() {
        let points: [(x: Double, y: Double)] = [(1, 5), (2, 3), (2, 4), (3, 3), (4, 1), (4, 1), (5, 0.5), (0.5, 9), (6, .nan)]
        #expect(ParetoFront.minimizing(points) == [7, 0, 1, 4, 5, 6])
        #expect(ParetoFront.minimizing([]) == [])
        #expect(ParetoFront.minimizing([(1, 1)]) == [0])
        #expect(ParetoFront.minimizing([(1, 1), (1, 2), (2, 1)]) == [0])
    }
}
