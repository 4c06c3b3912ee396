public import Anbu

/// Delay distributions per incident kind: for each kind, the share of scored incidents found within *h* hours of
/// onset, as a step line per detector (an empirical cumulative distribution scaled by recall, so each line ends at
/// its detector's recall at the horizon). A line that rises early and high is a detector that finds incidents fast
/// and often.
public struct DelayChart: Sendable {
    /// One panel: an incident kind read at a tier.
    public struct Panel: Sendable, Hashable {
        /// The incident kind.
        public var kind: IncidentKind
        /// The tier at which detection is read.
        public var tier: Tier

        /// A panel.
        public init(kind: IncidentKind, tier: Tier) {
            self.kind = kind
            self.tier = tier
        }
    }

    /// The panels of the default figure: collapses at `serious`, illnesses and withdrawals at `attention` (the reading
    /// of docs/evaluation.md's comparison table).
    public static let standardPanels = [
        Panel(kind: .collapse, tier: .serious), Panel(kind: .illness, tier: .attention),
        Panel(kind: .withdrawal, tier: .attention),
    ]

    /// The detectors' reports; the first is drawn as the engine.
    public var reports: [EvaluationReport]
    /// The panels, left to right.
    public var panels: [Panel]
    /// The figure's title.
    public var title: String

    /// A delay figure.
    public init(reports: [EvaluationReport], panels: [Panel] = DelayChart.standardPanels, title: String) {
        self.reports = reports
        self.panels = panels
        self.title = title
    }

    /// The figure as a standalone SVG document.
    public var svg: String { canvas().document }

    /// The figure as an `<svg>` element without XML declaration, for inline HTML.
    public var inlineSVG: String { canvas().inline }

    private func canvas() -> SVGCanvas {
        let panelWidth = 300.0
        let width = 70 + Double(panels.count) * (panelWidth + 60)
        let legendRows = Double((reports.count + 3) / 4)
        var canvas = SVGCanvas(width: width, height: 390 + legendRows * 16, title: title)
        canvas.text(title, x: 20, y: 22, size: 14, bold: true)
        for (p, panel) in panels.enumerated() {
            let left = 70 + Double(p) * (panelWidth + 60)
            let frame = PlotPanel(left: left, top: 60, right: left + panelWidth, bottom: 330)
            let horizon = reports.first?.rules.horizonHours(for: panel.kind) ?? 72
            let x = LinearScale(exactly: 0...horizon, range: frame.left...frame.right, flipped: false)
            let y = LinearScale(exactly: 0...1, range: frame.top...frame.bottom, flipped: true)
            let n = reports.first?.incidentScore(panel.kind, at: panel.tier)?.incidents ?? 0
            frame.drawFrame(
                on: &canvas, title: "\(panel.kind.rawValue) at \(panel.tier.rawValue) (n = \(n))", x: x,
                xTitle: "hours since onset", y: y, yTitle: "share of incidents found")
            if n == 0 {
                canvas.text("no incidents of this kind", x: (frame.left + frame.right) / 2, y: 190, size: 11, anchor: .middle, fill: "#888888")
            }
            for (index, report) in reports.enumerated().reversed() {
                guard let score = report.incidentScore(panel.kind, at: panel.tier), score.incidents > 0 else {
                    continue
                }
                canvas.polyline(
                    Self.steps(delays: score.delaysHours, incidents: score.incidents, horizon: x.domain.upperBound)
                        .map { (x: x($0.hours), y: y($0.share)) },
                    stroke: PlotStyle.detector(index), width: index == 0 ? 2.5 : 1.3)
            }
        }
        let entries = reports.enumerated().map { (label: $0.element.detector, colour: PlotStyle.detector($0.offset)) }
        PlotStyle.legend(entries, on: &canvas, x: 70, y: 380, maxX: width - 20)
        return canvas
    }

    /// The corners of the step line of `delays` (ascending) out of `incidents`, from (0, 0) to (`horizon`, recall).
    static func steps(delays: [Double], incidents: Int, horizon: Double) -> [(hours: Double, share: Double)] {
        var corners: [(hours: Double, share: Double)] = [(0, 0)]
        for (found, delay) in delays.sorted().enumerated() {
            let share = Double(found + 1) / Double(incidents)
            corners.append((delay, corners[corners.count - 1].share))
            corners.append((delay, share))
        }
        corners.append((horizon, corners[corners.count - 1].share))
        return corners
    }
}
