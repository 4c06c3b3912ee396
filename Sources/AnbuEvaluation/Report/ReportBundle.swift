public import Anbu

/// A self-contained evaluation report: a Markdown page and an HTML page (the figures inline, no external file,
/// script or font) with the comparison table, the figures as SVG files, and every number of the first detector.
///
/// The first report is the engine's (or the detector under study); the others (the reference rules) are drawn
/// beside it. The same input always gives the same bytes.
public struct ReportBundle: Sendable {
    /// The report's title.
    public var title: String
    /// The commands that produced the data, shown verbatim (one per line).
    public var commands: [String]
    /// The reports; the first is the detector under study.
    public var reports: [EvaluationReport]
    /// The trade-off figure of the reports.
    public var tradeOff: TradeOffChart
    /// The delay distributions.
    public var delays: DelayChart
    /// Alerts per day with the district's events.
    public var alertsPerDay: DailyAlertsChart
    /// Household figures: file stem (`household-h0042`) and figure.
    public var households: [(name: String, chart: HouseholdChart)]

    /// A report of `reports` (the first under study, the rest reference rules) against `incidents`.
    ///
    /// - Parameters:
    ///   - title: the report's title.
    ///   - commands: the commands that produced the data, shown verbatim.
    ///   - reports: the reports; the first is the detector under study.
    ///   - incidents: the ground truth, for the per-day figure's district events.
    ///   - calendarTimeZone: the zone whose calendar days the per-day figure uses.
    ///   - dailyComparisons: the detectors drawn as lines beside the first one's bars in the per-day figure (a
    ///     figure with every rule is unreadable); names not among the reports are ignored.
    ///   - households: household figures: file stem and figure.
    public init(
        title: String, commands: [String], reports: [EvaluationReport], incidents: [Incident],
        calendarTimeZone: HouseholdTimeZone, dailyComparisons: [String] = ["no_contact_24h", "gangnam_steps"],
        households: [(name: String, chart: HouseholdChart)] = []
    ) {
        self.title = title
        self.commands = commands
        self.reports = reports
        self.tradeOff = TradeOffChart(
            points: reports.enumerated().map { TradeOffPoint(report: $1, role: $0 == 0 ? .policy : .referenceRule) },
            title: "Trade-off: false alarms against delay and recall")
        self.delays = DelayChart(reports: reports, title: "How fast incidents are found, per kind")
        let daily = reports.prefix(1) + reports.dropFirst().filter { dailyComparisons.contains($0.detector) }
        self.alertsPerDay = DailyAlertsChart(
            reports: Array(daily), incidents: incidents, calendarTimeZone: calendarTimeZone,
            title: "Person alerts per day, district events shaded")
        self.households = households
    }

    /// The figure files of the report: name and SVG text.
    public var figures: [(name: String, svg: String, caption: String)] {
        [
            ("tradeoff.svg", tradeOff.svg, TradeOffChart.caption),
            ("delays.svg", delays.svg, DelayChart.caption),
            ("alerts-per-day.svg", alertsPerDay.svg, DailyAlertsChart.caption),
        ] + households.map { ("\($0.name).svg", $0.chart.svg, HouseholdChart.caption) }
    }

    /// Every file of the report, name and contents: `report.md`, `report.html` and the figures.
    public var files: [(name: String, contents: String)] {
        [("report.md", markdown), ("report.html", html)] + figures.map { ($0.name, $0.svg) }
    }

    /// The Markdown page; the figures are linked as files beside it.
    public var markdown: String {
        var text = "# \(title)\n\n"
        text += "Produced by:\n\n```sh\n" + commands.joined(separator: "\n") + "\n```\n\n"
        text += "Definitions and how to read each figure: docs/evaluation.md.\n\n"
        text += "## Results, beside the deployed reference rules\n\n"
        text += ReportTable.comparisonMarkdown(reports) + "\n"
        text += "## Figures\n\n"
        for figure in figures {
            text += "![\(figure.caption)](\(figure.name))\n\n*\(figure.caption)*\n\n"
        }
        if let first = reports.first {
            text += "## Every number of \(first.detector)\n\n```text\n" + ReportTable.detail(first) + "```\n"
        }
        return text
    }

    /// The HTML page, with every figure inline.
    public var html: String {
        var text = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        text += "<title>\(SVGCanvas.escape(title))</title>\n<style>\n"
        text += "body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1040px;color:#222}\n"
        text += "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}\n"
        text += "td:first-child,th:first-child{text-align:left}tr:first-child+tr td{font-weight:bold}\n"
        text += "pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:12px}figure{margin:1.5em 0}svg{max-width:100%;height:auto}\n"
        text += "</style>\n</head>\n<body>\n<h1>\(SVGCanvas.escape(title))</h1>\n"
        text += "<p>Produced by:</p>\n<pre>" + SVGCanvas.escape(commands.joined(separator: "\n")) + "</pre>\n"
        text += "<p>Definitions and how to read each figure: docs/evaluation.md.</p>\n"
        text += "<h2>Results, beside the deployed reference rules</h2>\n<table>\n<tr><th>detector</th>"
        text += ReportTable.headlineColumns.map { "<th>\(SVGCanvas.escape("\($0.title) \($0.unit)"))</th>" }.joined()
        text += "</tr>\n"
        for report in reports {
            text += "<tr><td>\(SVGCanvas.escape(report.detector))</td>"
            text += ReportTable.headlineColumns.map { "<td>\(SVGCanvas.escape($0.cell(report)))</td>" }.joined()
            text += "</tr>\n"
        }
        text += "</table>\n<h2>Figures</h2>\n"
        let inline: [String] = [tradeOff.inlineSVG, delays.inlineSVG, alertsPerDay.inlineSVG]
            + households.map(\.chart.inlineSVG)
        for (figure, svg) in zip(figures, inline) {
            text += "<figure>\n" + svg + "<figcaption>\(SVGCanvas.escape(figure.caption))</figcaption>\n</figure>\n"
        }
        if let first = reports.first {
            text += "<h2>Every number of \(SVGCanvas.escape(first.detector))</h2>\n"
            text += "<pre>" + SVGCanvas.escape(ReportTable.detail(first)) + "</pre>\n"
        }
        return text + "</body>\n</html>\n"
    }

    /// The household of the earliest collapse (then illness, then withdrawal) in `incidents`, and the window from
    /// seven days before its onset to three days after: the example the report draws.
    public static func exampleHousehold(_ incidents: [Incident]) -> (household: HouseholdID, from: Timestamp, to: Timestamp)? {
        for kind in [IncidentKind.collapse, .illness, .withdrawal] {
            let first = incidents.filter { $0.kind == kind && $0.household != nil }
                .min { ($0.onset, $0.household!) < ($1.onset, $1.household!) }
            if let first {
                return (first.household!, first.onset.adding(seconds: -7 * 86_400), first.onset.adding(seconds: 3 * 86_400))
            }
        }
        return nil
    }
}

extension TradeOffChart {
    /// What the figure shows, in one sentence.
    public static let caption =
        "False person alerts at serious per 1,000 household-days against the median delay (left) and the recall (right) of collapses at serious; engine policies as dots (Pareto front joined), deployed rules as labelled diamonds."
}

extension DelayChart {
    /// What the figure shows, in one sentence.
    public static let caption =
        "Share of incidents found within h hours of onset, per detector: collapses at serious, illnesses and withdrawals at any tier; each line ends at its recall."
}

extension DailyAlertsChart {
    /// What the figure shows, in one sentence.
    public static let caption =
        "Person alert openings per day (bars: the engine, dark part reaching serious; lines: deployed rules), with district-wide events shaded."
}

extension HouseholdChart {
    /// What the figure shows, in one sentence.
    public static let caption =
        "One household's signals around an incident, with its own hour-of-day band, missing data grey, ground truth and alert tiers above."
}
