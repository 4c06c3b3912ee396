public import Anbu

/// Person alerts per day over the district's calendar: bars of the first report's person alert openings per day
/// (the part that reached `serious` that day darker), a line per further report, and the district-wide events of
/// ground truth (holidays, heat waves, outages) shaded behind with their names. This is the figure of what a district
/// office must staff for, and whether district events turn into waves of alerts.
public struct DailyAlertsChart: Sendable {
    /// The reports; the first is drawn as bars, the others as lines. Their `days` must share one calendar.
    public var reports: [EvaluationReport]
    /// Ground truth; only the district-wide incidents (`household` `nil`) are drawn.
    public var districtEvents: [Incident]
    /// The zone of the reports' calendar days.
    public var calendarTimeZone: HouseholdTimeZone
    /// The figure's title.
    public var title: String

    /// A per-day figure. Incidents that name a household are ignored.
    public init(
        reports: [EvaluationReport], incidents: [Incident], calendarTimeZone: HouseholdTimeZone, title: String
    ) {
        self.reports = reports
        self.districtEvents = incidents.filter { $0.household == nil }
        self.calendarTimeZone = calendarTimeZone
        self.title = title
    }

    /// The figure as a standalone SVG document.
    public var svg: String { canvas().document }

    /// The figure as an `<svg>` element without XML declaration, for inline HTML.
    public var inlineSVG: String { canvas().inline }

    private func canvas() -> SVGCanvas {
        var canvas = SVGCanvas(width: 980, height: 400, title: title)
        canvas.text(title, x: 20, y: 22, size: 14, bold: true)
        let frame = PlotPanel(left: 70, top: 60, right: 960, bottom: 320)
        let days = reports.first?.days ?? []
        let firstDay = days.first.flatMap { CalendarDay(isoDate: $0.date) }?.daysSinceEpoch ?? 0
        let lowDay = Double(firstDay)
        let x = LinearScale(exactly: lowDay...(lowDay + Double(max(1, days.count))), range: frame.left...frame.right, flipped: false)
        let peak = reports.flatMap { $0.days.map(\.personAlerts) }.max() ?? 0
        let y = LinearScale(low: 0, high: Double(max(1, peak)), range: frame.top...frame.bottom, flipped: true)

        // District events behind everything, each on its own label row so overlapping events stay legible.
        for (index, event) in districtEvents.sorted(by: { ($0.onset, $0.kind.rawValue) < ($1.onset, $1.kind.rawValue) })
            .enumerated()
        {
            let start = max(x.domain.lowerBound, event.onset.localDays(in: calendarTimeZone))
            let end = min(x.domain.upperBound, event.end?.localDays(in: calendarTimeZone) ?? x.domain.upperBound)
            guard end > start else { continue }
            let colour = PlotStyle.incident(event.kind)
            canvas.rect(
                x: x(start), y: frame.top, width: max(1.5, x(end) - x(start)), height: frame.height, fill: colour,
                opacity: 0.15, tooltip: event.kind.rawValue)
            canvas.text(event.kind.rawValue, x: x(start) + 2, y: frame.top + 11 + Double(index % 3) * 11, size: 9, fill: colour)
        }
        frame.drawFrame(
            on: &canvas, title: "person alert openings per day", x: nil, xTitle: nil, y: y, yTitle: "alerts per day")
        frame.drawDayTicks(on: &canvas, x: x, labelled: true)

        if let primary = reports.first {
            let barWidth = frame.width / Double(max(1, days.count))
            for (d, day) in primary.days.enumerated() {
                let left = x(lowDay + Double(d)) + barWidth * 0.1
                let tooltip = "\(day.date): \(day.personAlerts) person alerts, \(day.seriousPersonAlerts) reaching serious"
                canvas.rect(
                    x: left, y: y(Double(day.personAlerts)), width: barWidth * 0.8,
                    height: frame.bottom - y(Double(day.personAlerts)), fill: PlotStyle.policy, tooltip: tooltip)
                canvas.rect(
                    x: left, y: y(Double(day.seriousPersonAlerts)), width: barWidth * 0.8,
                    height: frame.bottom - y(Double(day.seriousPersonAlerts)), fill: PlotStyle.engine)
            }
        }
        for (index, report) in reports.enumerated().dropFirst() {
            let points = report.days.enumerated().map { d, day in
                (x: x(lowDay + Double(d) + 0.5), y: y(Double(day.personAlerts)))
            }
            canvas.polyline(points, stroke: PlotStyle.detector(index), width: 1.4)
        }
        var legend: [(label: String, colour: String)] = []
        if let primary = reports.first {
            legend.append(("\(primary.detector): all person alerts", PlotStyle.policy))
            legend.append(("\(primary.detector): reaching serious", PlotStyle.engine))
        }
        for (index, report) in reports.enumerated().dropFirst() {
            legend.append((report.detector, PlotStyle.detector(index)))
        }
        PlotStyle.legend(legend, on: &canvas, x: 70, y: 356, maxX: 960)
        return canvas
    }
}
