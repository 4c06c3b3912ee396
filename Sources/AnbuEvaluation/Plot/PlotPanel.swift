import Anbu

/// A linear map from data values to canvas coordinates, with "nice" tick values (1, 2 or 5 times a power of ten).
struct LinearScale {
    let domain: ClosedRange<Double>
    let range: ClosedRange<Double>
    /// Map `domain.lowerBound` to `range.upperBound` (a y axis, whose canvas coordinates grow downwards).
    let flipped: Bool

    /// A scale whose domain is widened to whole ticks around `low...high` (a degenerate domain gets width 1).
    init(low: Double, high: Double, range: ClosedRange<Double>, flipped: Bool, ticks: Int = 5) {
        var low = low.isFinite ? low : 0
        var high = high.isFinite ? high : 1
        if high <= low { high = low + 1 }
        let step = Self.tickStep(span: high - low, ticks: ticks)
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        self.domain = low...high
        self.range = range
        self.flipped = flipped
    }

    /// A scale over exactly `domain`.
    init(exactly domain: ClosedRange<Double>, range: ClosedRange<Double>, flipped: Bool) {
        self.domain = domain.upperBound > domain.lowerBound ? domain : domain.lowerBound...(domain.lowerBound + 1)
        self.range = range
        self.flipped = flipped
    }

    func callAsFunction(_ value: Double) -> Double {
        let share = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        let span = range.upperBound - range.lowerBound
        return flipped ? range.upperBound - share * span : range.lowerBound + share * span
    }

    /// Tick values covering the domain.
    func ticks(_ count: Int = 5) -> [Double] {
        let step = Self.tickStep(span: domain.upperBound - domain.lowerBound, ticks: count)
        var values: [Double] = []
        var k = (domain.lowerBound / step).rounded(.up)
        while k * step <= domain.upperBound + step * 1e-9 {
            values.append(k * step)
            k += 1
        }
        return values
    }

    /// The nice step that divides `span` into about `ticks` parts.
    static func tickStep(span: Double, ticks: Int) -> Double {
        let raw = span / Double(max(1, ticks))
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        for multiple in [1.0, 2, 5, 10] where multiple * power >= raw { return multiple * power }
        return 10 * power
    }

    /// A tick label: whole numbers without decimals, others with as many as the step needs (at most three).
    static func label(_ value: Double, step: Double) -> String {
        var digits = 0
        var scaled = step
        while digits < 3, (scaled - scaled.rounded()).magnitude > 1e-9 {
            digits += 1
            scaled *= 10
        }
        return ReportTable.number(value == 0 ? 0 : value, digits)
    }
}

/// The frame of one chart panel: a plot area on a canvas, with titled axes, tick labels and light grid lines.
struct PlotPanel {
    /// The plot area: left, top, right, bottom in canvas coordinates.
    let left: Double, top: Double, right: Double, bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }

    /// Draws the grid, the numeric axes and their titles for `x` and `y`, and the panel title above the plot area.
    func drawFrame(
        on canvas: inout SVGCanvas, title: String, x: LinearScale?, xTitle: String?, y: LinearScale, yTitle: String,
        yTicks: Int = 5
    ) {
        canvas.text(title, x: left, y: top - 8, size: 12.5, bold: true)
        let yStep = LinearScale.tickStep(span: y.domain.upperBound - y.domain.lowerBound, ticks: yTicks)
        for value in y.ticks(yTicks) {
            let at = y(value)
            canvas.line(x1: left, y1: at, x2: right, y2: at, stroke: "#e6e6e6")
            canvas.text(LinearScale.label(value, step: yStep), x: left - 5, y: at + 3.5, size: 10, anchor: .end)
        }
        canvas.text(yTitle, x: left - 40, y: (top + bottom) / 2, size: 10.5, anchor: .middle, rotated: true)
        if let x {
            let xStep = LinearScale.tickStep(span: x.domain.upperBound - x.domain.lowerBound, ticks: 6)
            for value in x.ticks(6) {
                let at = x(value)
                canvas.line(x1: at, y1: top, x2: at, y2: bottom, stroke: "#f0f0f0")
                canvas.text(LinearScale.label(value, step: xStep), x: at, y: bottom + 14, size: 10, anchor: .middle)
            }
        }
        if let xTitle { canvas.text(xTitle, x: (left + right) / 2, y: bottom + 30, size: 10.5, anchor: .middle) }
        canvas.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#555555")
        canvas.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#555555")
    }

    /// Draws calendar-day ticks along the bottom for `x`, a scale over local days since 1970-01-01: a tick at every
    /// local midnight of a step of 1, 2, 7, 14 or 28 days (the first that gives at most 12 ticks), labelled `MM-DD`
    /// when `labelled`.
    func drawDayTicks(on canvas: inout SVGCanvas, x: LinearScale, labelled: Bool) {
        let first = x.domain.lowerBound.rounded(.up)
        let span = x.domain.upperBound - first
        let step = [1.0, 2, 7, 14, 28].first { span / $0 <= 12 } ?? 56
        var day = first
        while day <= x.domain.upperBound {
            let at = x(day)
            canvas.line(x1: at, y1: top, x2: at, y2: bottom, stroke: "#eeeeee")
            canvas.line(x1: at, y1: bottom, x2: at, y2: bottom + 4, stroke: "#555555")
            if labelled {
                let date = CalendarDay(daysSinceEpoch: Int64(day)).isoDate.dropFirst(5)
                canvas.text(String(date), x: at, y: bottom + 15, size: 10, anchor: .middle)
            }
            day += step
        }
    }
}

extension Timestamp {
    /// Local days since 1970-01-01 in `zone`, with the time of day as the fraction: the x coordinate of calendar
    /// figures.
    func localDays(in zone: HouseholdTimeZone) -> Double {
        Double(unixMilliseconds + Int64(zone.offsetSeconds(at: self)) * 1000) / 86_400_000
    }
}

/// The colours every figure uses, so one detector or tier looks the same in all of them.
enum PlotStyle {
    /// The engine (or the first detector of a figure).
    static let engine = "#1f4e9c"
    /// Reference rules and further detectors, in order.
    static let others = ["#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666", "#e6ab02"]
    /// Policies of a sweep that are not on the Pareto front.
    static let policy = "#9fb6dc"

    /// The colour of detector number `index` in a figure (0 is the engine).
    static func detector(_ index: Int) -> String { index == 0 ? engine : others[(index - 1) % others.count] }

    /// The colour of a tier: attention yellow, caution orange, serious red.
    static func tier(_ tier: Tier) -> String {
        switch tier {
        case .attention: "#f2c200"
        case .caution: "#f07f09"
        case .serious: "#c8102e"
        }
    }

    /// The shading of a ground-truth incident kind.
    static func incident(_ kind: IncidentKind) -> String {
        switch kind {
        case .collapse: "#c8102e"
        case .illness: "#e7298a"
        case .withdrawal: "#7570b3"
        case .away: "#1b9e77"
        case .devicePower, .devicePhone: "#888888"
        case .holiday: "#66a61e"
        case .heatwave: "#f07f09"
        case .outagePower, .outageTelecom: "#555555"
        }
    }

    /// Draws a legend of coloured swatches and labels in a row from (x, y), wrapping at `maxX`.
    static func legend(
        _ entries: [(label: String, colour: String)], on canvas: inout SVGCanvas, x: Double, y: Double, maxX: Double
    ) {
        var cursorX = x
        var cursorY = y
        for entry in entries {
            let width = 18 + Double(entry.label.count) * 6.2 + 14
            if cursorX + width > maxX, cursorX > x {
                cursorX = x
                cursorY += 16
            }
            canvas.rect(x: cursorX, y: cursorY - 8, width: 12, height: 10, fill: entry.colour)
            canvas.text(entry.label, x: cursorX + 16, y: cursorY + 1, size: 10.5)
            cursorX += width
        }
    }
}
