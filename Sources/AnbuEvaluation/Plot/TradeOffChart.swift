public import Anbu

/// Which numbers of a report a trade-off figure plots: false person alerts at `tier` per 1 000 household-days
/// against the median delay and the recall of `kind` at `tier`.
public struct TradeOffMeasure: Sendable, Hashable, Codable {
    /// The incident kind whose delay and recall are plotted. Default `collapse`.
    public var kind: IncidentKind
    /// The tier at which delay, recall and false alerts are read. Default `serious`, the tier every reference rule
    /// raises (a deployed rule dispatches on every signal).
    public var tier: Tier

    /// A measure; the defaults are collapses at `serious`.
    public init(kind: IncidentKind = .collapse, tier: Tier = .serious) {
        self.kind = kind
        self.tier = tier
    }
}

/// One detector or policy on the trade-off figure.
public struct TradeOffPoint: Sendable, Hashable {
    /// What the point is.
    public enum Role: String, Sendable, Hashable, Codable {
        /// A policy of the engine (a sweep's member, or the one policy run).
        case policy
        /// A deployed reference rule.
        case referenceRule = "reference_rule"
    }

    /// The label shown beside the point (reference rules) or in its tooltip (policies).
    public var label: String
    /// What the point is.
    public var role: Role
    /// False person alerts at the measure's tier per 1 000 household-days.
    public var falseAlertsPerThousandHouseholdDays: Double?
    /// The median detection delay, hours; `nil` when nothing was detected.
    public var medianDelayHours: Double?
    /// The recall, 0 to 1.
    public var recall: Double?

    /// A point.
    public init(
        label: String, role: Role, falseAlertsPerThousandHouseholdDays: Double?, medianDelayHours: Double?,
        recall: Double?
    ) {
        self.label = label
        self.role = role
        self.falseAlertsPerThousandHouseholdDays = falseAlertsPerThousandHouseholdDays
        self.medianDelayHours = medianDelayHours
        self.recall = recall
    }

    /// The point of `report` under `measure`, labelled with the report's detector name.
    public init(report: EvaluationReport, role: Role, measure: TradeOffMeasure = TradeOffMeasure()) {
        let score = report.incidentScore(measure.kind, at: measure.tier)
        self.init(
            label: report.detector, role: role,
            falseAlertsPerThousandHouseholdDays: report.personAlertScore(at: measure.tier)
                .falsePerThousandHouseholdDays.value,
            medianDelayHours: score?.medianDelayHours, recall: score?.recall.value)
    }
}

/// The trade-off figure: false alarms per 1 000 household-days against median delay (left panel) and against recall
/// (right panel), with the engine's policies as dots, the Pareto front among them as a line through ringed dots,
/// and the reference rules as labelled diamonds.
///
/// The front is taken over the policies only (reference rules are shown for comparison, not competed with): on the
/// left a policy is on it when no other policy has both fewer false alarms and a shorter median delay, on the right
/// when none has both fewer false alarms and a higher recall. Points without a value for a panel are left out of it.
public struct TradeOffChart: Sendable {
    /// The points, in the order given (the order only breaks ties of the front and fixes the drawing order).
    public var points: [TradeOffPoint]
    /// What the axes measure.
    public var measure: TradeOffMeasure
    /// The figure's title.
    public var title: String

    /// A trade-off figure.
    public init(points: [TradeOffPoint], measure: TradeOffMeasure = TradeOffMeasure(), title: String) {
        self.points = points
        self.measure = measure
        self.title = title
    }

    /// The indices (into ``points``) of the policies on the delay front, by increasing false alarms.
    public var delayFront: [Int] { front { $0.medianDelayHours } }

    /// The indices (into ``points``) of the policies on the recall front, by increasing false alarms.
    public var recallFront: [Int] { front { $0.recall.map { -$0 } } }

    private func front(_ cost: (TradeOffPoint) -> Double?) -> [Int] {
        let policies = points.indices.filter { points[$0].role == .policy }
        let coordinates = policies.map { index in
            (x: points[index].falseAlertsPerThousandHouseholdDays ?? .nan, y: cost(points[index]) ?? .nan)
        }
        return ParetoFront.minimizing(coordinates).map { policies[$0] }
    }

    /// The figure as a standalone SVG document.
    public var svg: String { canvas().document }

    /// The figure as an `<svg>` element without XML declaration, for inline HTML.
    public var inlineSVG: String { canvas().inline }

    private func canvas() -> SVGCanvas {
        var canvas = SVGCanvas(width: 980, height: 430, title: title)
        canvas.text(title, x: 20, y: 22, size: 14, bold: true)
        let tier = measure.tier.rawValue
        let falseValues = points.compactMap(\.falseAlertsPerThousandHouseholdDays)
        let x = LinearScale(low: 0, high: falseValues.max() ?? 1, range: 70...450, flipped: false)
        let xTitle = "false person alerts at \(tier) per 1,000 household-days"
        let kind = measure.kind.rawValue

        let delays = points.compactMap(\.medianDelayHours)
        let delayPanel = PlotPanel(left: 70, top: 60, right: 450, bottom: 340)
        let delayScale = LinearScale(low: 0, high: (delays.max() ?? 1) * 1.1, range: delayPanel.top...delayPanel.bottom, flipped: true)
        delayPanel.drawFrame(
            on: &canvas, title: "\(kind): median delay to \(tier) (lower is better)", x: x, xTitle: xTitle,
            y: delayScale, yTitle: "median delay, hours")
        draw(on: &canvas, x: x, y: delayScale, value: { $0.medianDelayHours }, front: delayFront, format: { "\(ReportTable.number($0, 1)) h" })

        let recallPanel = PlotPanel(left: 560, top: 60, right: 940, bottom: 340)
        let xRight = LinearScale(exactly: x.domain, range: 560...940, flipped: false)
        // A little headroom above 1, so points at full recall and their labels stay clear of the panel's title.
        let recallScale = LinearScale(exactly: 0...1.08, range: recallPanel.top...recallPanel.bottom, flipped: true)
        recallPanel.drawFrame(
            on: &canvas, title: "\(kind): recall at \(tier) (higher is better)", x: xRight, xTitle: xTitle,
            y: recallScale, yTitle: "recall", yTicks: 6)
        draw(on: &canvas, x: xRight, y: recallScale, value: { $0.recall }, front: recallFront, format: { ReportTable.number($0, 3) })

        var legend: [(label: String, colour: String)] = []
        if points.contains(where: { $0.role == .policy }) {
            legend.append(("engine policy", PlotStyle.policy))
            legend.append(("Pareto front of the policies", PlotStyle.engine))
        }
        if points.contains(where: { $0.role == .referenceRule }) {
            legend.append(("deployed reference rule", PlotStyle.others[0]))
        }
        PlotStyle.legend(legend, on: &canvas, x: 70, y: 400, maxX: 940)
        return canvas
    }

    private func draw(
        on canvas: inout SVGCanvas, x: LinearScale, y: LinearScale, value: (TradeOffPoint) -> Double?, front: [Int],
        format: (Double) -> String
    ) {
        let onFront = Set(front)
        var labels = LabelPlacer()
        let frontLine = front.compactMap { index -> (x: Double, y: Double)? in
            guard let fx = points[index].falseAlertsPerThousandHouseholdDays, let fy = value(points[index]) else {
                return nil
            }
            return (x(fx), y(fy))
        }
        canvas.polyline(frontLine, stroke: PlotStyle.engine, width: 1.5)
        // Policies off the front first, so the front's dots stay on top of the others at the same place.
        let order = points.indices.sorted { (onFront.contains($0) ? 1 : 0, $0) < (onFront.contains($1) ? 1 : 0, $1) }
        for index in order {
            let point = points[index]
            guard let fx = point.falseAlertsPerThousandHouseholdDays, let fy = value(point) else { continue }
            let tooltip = "\(point.label): \(ReportTable.number(fx, 2)) false /1k hd, \(format(fy))"
            switch point.role {
            case .policy:
                let isFront = onFront.contains(index)
                canvas.circle(
                    x: x(fx), y: y(fy), radius: isFront ? 4.5 : 3.5, fill: isFront ? PlotStyle.engine : PlotStyle.policy,
                    stroke: isFront ? "#ffffff" : nil, tooltip: tooltip)
            case .referenceRule:
                canvas.diamond(x: x(fx), y: y(fy), radius: 6, fill: PlotStyle.others[0], tooltip: tooltip)
                let at = labels.place(point.label, x: x(fx) + 8, y: y(fy) - 6, limit: x.range.upperBound + 30)
                canvas.text(point.label, x: at.x, y: at.y, size: 9.5, anchor: at.anchor, fill: "#8a3b00")
            }
        }
        // A single engine point (no sweep) is labelled like the rules.
        let policies = points.filter { $0.role == .policy }
        if policies.count == 1, let only = policies.first, let fx = only.falseAlertsPerThousandHouseholdDays,
            let fy = value(only)
        {
            let at = labels.place(only.label, x: x(fx) + 8, y: y(fy) + 14, limit: x.range.upperBound + 30)
            canvas.text(only.label, x: at.x, y: at.y, size: 10, anchor: at.anchor, fill: PlotStyle.engine, bold: true)
        }
    }
}

/// Places point labels so they do not overlap: a label that would cover one already placed moves down a line at a
/// time (then up), in the order labels are placed; a label that would run past `limit` goes to the point's left.
struct LabelPlacer {
    private var placed: [(left: Double, right: Double, top: Double, bottom: Double)] = []

    /// Where to put `text` (about 10 px) wanted to start at baseline (x, y), 8 px right of its point.
    mutating func place(_ text: String, x: Double, y: Double, limit: Double) -> (x: Double, y: Double, anchor: SVGCanvas.Anchor) {
        let width = Double(text.count) * 5.6
        let leftward = x + width > limit
        let left = leftward ? x - 16 - width : x
        for shift in [0.0, 11, -11, 22, -22, 33, -33, 44, -44, 55] {
            let box = (left: left, right: left + width, top: y + shift - 9, bottom: y + shift + 2)
            let clear = placed.allSatisfy { other in
                box.right <= other.left || box.left >= other.right || box.bottom <= other.top || box.top >= other.bottom
            }
            if clear {
                placed.append(box)
                return leftward ? (x - 16, y + shift, .end) : (x, y + shift, .start)
            }
        }
        return leftward ? (x - 16, y, .end) : (x, y, .start)
    }
}
