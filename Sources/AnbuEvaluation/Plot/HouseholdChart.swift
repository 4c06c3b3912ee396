public import Anbu

/// Why a household figure cannot be drawn.
public enum PlotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The household is not in the district.
    case unknownHousehold(HouseholdID)
    /// The requested time window holds no bin of the district's grid.
    case emptyWindow(from: Timestamp, to: Timestamp)
    /// The household's alert events are malformed.
    case alerts(EvaluationError)

    /// A sentence naming the offending input.
    public var description: String {
        switch self {
        case .unknownHousehold(let id): "household \"\(id)\" is not in households.csv"
        case .emptyWindow(let from, let to):
            "the window from \(from.unixSeconds) to \(to.unixSeconds) (Unix seconds) holds no bin of the district"
        case .alerts(let error): "alerts: \(error)"
        }
    }
}

/// The household's own hour-of-day band of one signal: for each bin of the local day (each hour, for hourly bins),
/// the 10th, 50th and 90th percentiles of that bin-of-day's values over every day of the household's data (missing
/// bins left out). It pictures the usual routine at each hour; it is *not* the engine's internal baseline, which is
/// rolling, weighted towards recent weeks and shared with similar households at first.
public struct HourOfDayBand: Sendable, Hashable {
    /// Per bin of the local day: the 10th percentile, `nil` when the household has no value at that time of day.
    public var low: [Double?]
    /// Per bin of the local day: the median.
    public var median: [Double?]
    /// Per bin of the local day: the 90th percentile.
    public var high: [Double?]

    /// The band of `signal` for household row `row` of `district`, over the whole grid.
    public init(district: DenseDistrict, row: Int, signal: DenseSignal) {
        let grid = district.grid
        let slots = grid.binsPerDay
        var values = [[Double]](repeating: [], count: slots)
        let zone = district.households[row].timeZone
        if let matrix = district.values[signal] {
            for bin in 0..<grid.count {
                let value = matrix[row * grid.count + bin]
                guard !value.isNaN else { continue }
                values[Self.slot(of: grid.start(ofBin: bin), zone: zone, binSeconds: grid.binSeconds)].append(Double(value))
            }
        }
        let sorted = values.map { $0.sorted() }
        low = sorted.map { quantile(sorted: $0, 0.1) }
        median = sorted.map { quantile(sorted: $0, 0.5) }
        high = sorted.map { quantile(sorted: $0, 0.9) }
    }

    /// The bin of the local day that `time` falls in.
    static func slot(of time: Timestamp, zone: HouseholdTimeZone, binSeconds: Int) -> Int {
        let local = time.unixMilliseconds + Int64(zone.offsetSeconds(at: time)) * 1000
        let secondOfDay = local - floorDivide(local, 86_400_000) * 86_400_000
        return Int(secondOfDay / 1000) / binSeconds
    }
}

/// One household's signals over time, to see why an alert fired or did not: a panel per device it has (power, steps,
/// calls) with the measured values, the household's own hour-of-day band (``HourOfDayBand``: median line and
/// 10th–90th percentile shading), missing bins shaded grey; above them, strips with the ground-truth incidents of the
/// household and of the district, and the alerts (person alerts coloured by tier, device alerts grey).
public struct HouseholdChart: Sendable {
    let district: DenseDistrict
    let row: Int
    let bins: Range<Int>
    let incidents: [Incident]
    let alerts: [AlertHistory]
    let alertEvents: [AlertEvent]
    /// The figure's title.
    public var title: String

    /// A figure of household `household` from `from` to `to` (default: the whole grid), with the incidents of the
    /// household and the district-wide ones from `incidents`, and the household's alerts from `alertEvents`.
    ///
    /// - Throws: ``PlotError`` when the household is not in the district, the window holds no bin, or the household's
    ///   alert events are malformed.
    public init(
        district: DenseDistrict, household: HouseholdID, from: Timestamp? = nil, to: Timestamp? = nil,
        incidents: [Incident], alertEvents: [AlertEvent], title: String? = nil
    ) throws(PlotError) {
        guard let row = district.households.firstIndex(where: { $0.id == household }) else {
            throw .unknownHousehold(household)
        }
        let grid = district.grid
        let first = from.map { max(0, grid.binIndex(containing: $0)) } ?? 0
        let last = to.map { min(grid.count, grid.binIndex(containing: Timestamp(unixMilliseconds: $0.unixMilliseconds - 1)) + 1) }
            ?? grid.count
        guard first < last else { throw .emptyWindow(from: from ?? grid.start, to: to ?? grid.end) }
        let own = alertEvents.filter { $0.household == household }
        do {
            self.alerts = try AlertHistory.rebuild(own, rows: [household: 0])
        } catch {
            throw .alerts(error)
        }
        self.district = district
        self.row = row
        self.bins = first..<last
        self.incidents = incidents.filter { $0.household == household || $0.household == nil }
        self.alertEvents = own
        self.title = title ?? "household \(household)"
    }

    /// The figure as a standalone SVG document.
    public var svg: String { canvas().document }

    /// The figure as an `<svg>` element without XML declaration, for inline HTML.
    public var inlineSVG: String { canvas().inline }

    private struct SignalPanel {
        var signal: DenseSignal
        var title: String
        var height: Double
    }

    private func canvas() -> SVGCanvas {
        let household = district.households[row]
        var panels: [SignalPanel] = []
        if household.sources.contains(.power) { panels.append(SignalPanel(signal: .power, title: "power, mean W per bin", height: 150)) }
        if household.sources.contains(.steps) { panels.append(SignalPanel(signal: .steps, title: "steps per bin", height: 130)) }
        if household.sources.contains(.calls) { panels.append(SignalPanel(signal: .callOut, title: "calls per bin", height: 90)) }
        let stripsBottom = 140.0
        let height = stripsBottom + panels.reduce(0) { $0 + $1.height + 40 } + 50
        var canvas = SVGCanvas(width: 1000, height: height, title: title)
        canvas.text(title, x: 20, y: 22, size: 14, bold: true)
        let zone = household.timeZone
        let grid = district.grid
        let startDays = grid.start(ofBin: bins.lowerBound).localDays(in: zone)
        let endDays = grid.start(ofBin: bins.upperBound).localDays(in: zone)
        let x = LinearScale(exactly: startDays...endDays, range: 80...980, flipped: false)
        canvas.text(
            "\(household.timeZone) · signals \(household.sources.members.map(\.rawValue).joined(separator: ", ")) · "
                + "band: this household's own 10th–90th percentile at each hour of day (line: median)",
            x: 20, y: 40, size: 10, fill: "#555555")

        drawIncidents(on: &canvas, x: x, zone: zone, top: 52)
        drawAlerts(on: &canvas, x: x, zone: zone, top: 92)

        var top = stripsBottom + 30
        for panel in panels {
            let frame = PlotPanel(left: 80, top: top, right: 980, bottom: top + panel.height)
            if panel.signal == .callOut {
                drawCalls(on: &canvas, frame: frame, x: x, zone: zone, title: panel.title)
            } else {
                drawSignal(panel.signal, on: &canvas, frame: frame, x: x, zone: zone, title: panel.title)
            }
            top += panel.height + 40
        }
        PlotStyle.legend(
            [
                ("missing data", "#cccccc"), ("usual band", "#9fb6dc"), ("attention", PlotStyle.tier(.attention)),
                ("caution", PlotStyle.tier(.caution)), ("serious", PlotStyle.tier(.serious)),
                ("device alert", "#888888"),
            ], on: &canvas, x: 80, y: height - 16, maxX: 980)
        return canvas
    }

    /// The local-day x coordinate of the start of bin `bin`.
    private func position(_ bin: Int, _ x: LinearScale, _ zone: HouseholdTimeZone) -> Double {
        x(district.grid.start(ofBin: bin).localDays(in: zone))
    }

    /// Two strips: the household's own incidents, then the district's events; each labelled inside its bar.
    private func drawIncidents(on canvas: inout SVGCanvas, x: LinearScale, zone: HouseholdTimeZone, top: Double) {
        let rows: [(label: String, own: Bool)] = [("incidents", true), ("district", false)]
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * 16
            var labels = LabelPlacer()
            canvas.text(row.label, x: 75, y: y + 10, size: 10, anchor: .end)
            canvas.rect(x: x.range.lowerBound, y: y, width: x.range.upperBound - x.range.lowerBound, height: 13, fill: "#f7f7f7")
            for incident in incidents.filter({ ($0.household != nil) == row.own })
                .sorted(by: { ($0.onset, $0.kind.rawValue) < ($1.onset, $1.kind.rawValue) })
            {
                let start = max(x.domain.lowerBound, incident.onset.localDays(in: zone))
                let end = min(x.domain.upperBound, incident.end?.localDays(in: zone) ?? x.domain.upperBound)
                guard end >= start, start <= x.domain.upperBound else { continue }
                let colour = PlotStyle.incident(incident.kind)
                canvas.rect(
                    x: x(start), y: y, width: max(2, x(end) - x(start)), height: 13, fill: colour, opacity: 0.45,
                    tooltip: incident.kind.rawValue)
                let at = labels.place(incident.kind.rawValue, x: x(start) + 2, y: y + 10, limit: x.range.upperBound)
                if at.y == y + 10 {
                    canvas.text(incident.kind.rawValue, x: at.x, y: at.y, size: 9, anchor: at.anchor, fill: "#222222")
                }
            }
        }
    }

    private func drawAlerts(on canvas: inout SVGCanvas, x: LinearScale, zone: HouseholdTimeZone, top: Double) {
        canvas.text("alerts", x: 75, y: top + 12, size: 10, anchor: .end)
        canvas.rect(x: x.range.lowerBound, y: top, width: x.range.upperBound - x.range.lowerBound, height: 18, fill: "#f7f7f7")
        let windowEnd = district.grid.start(ofBin: bins.upperBound).unixMilliseconds
        for alert in alerts {
            let close = min(alert.close, windowEnd)
            for (index, time) in alert.changeTimes.enumerated() {
                let until = index + 1 < alert.changeTimes.count ? alert.changeTimes[index + 1] : close
                let start = max(x.domain.lowerBound, Timestamp(unixMilliseconds: time).localDays(in: zone))
                let end = min(x.domain.upperBound, Timestamp(unixMilliseconds: until).localDays(in: zone))
                guard end >= start else { continue }
                let tier = Tier.allCases[alert.changeTiers[index]]
                let colour = alert.kind == .device ? "#888888" : PlotStyle.tier(tier)
                let y = alert.kind == .device ? top + 10 : top
                canvas.rect(
                    x: x(start), y: y, width: max(2, x(end) - x(start)), height: alert.kind == .device ? 8 : 10,
                    fill: colour, tooltip: "\(alert.kind.rawValue) alert, \(tier.rawValue)")
            }
        }
        // Reasons of each opening, so the figure says why.
        var labels = LabelPlacer()
        for event in alertEvents where event.event == .open {
            let at = event.time.localDays(in: zone)
            guard x.domain.contains(at) else { continue }
            let reasons = event.reasons.prefix(2).map(\.rawValue).joined(separator: ", ")
            canvas.line(x1: x(at), y1: top - 2, x2: x(at), y2: top + 20, stroke: "#333333", width: 0.8)
            let place = labels.place(reasons, x: x(at) + 2, y: top + 31, limit: x.range.upperBound)
            if !reasons.isEmpty {
                canvas.text(reasons, x: place.x, y: place.y, size: 8.5, anchor: place.anchor, fill: "#333333")
            }
        }
    }

    /// Grey rectangles over the runs of bins in which `signal` is missing.
    private func shadeMissing(
        _ signal: DenseSignal, on canvas: inout SVGCanvas, frame: PlotPanel, x: LinearScale, zone: HouseholdTimeZone
    ) {
        guard let matrix = district.values[signal] else { return }
        let base = row * district.grid.count
        var runStart: Int?
        for bin in bins.lowerBound...bins.upperBound {
            let missing = bin < bins.upperBound && matrix[base + bin].isNaN
            if missing, runStart == nil { runStart = bin }
            if !missing, let start = runStart {
                let left = position(start, x, zone)
                canvas.rect(x: left, y: frame.top, width: position(bin, x, zone) - left, height: frame.height, fill: "#cccccc", opacity: 0.6)
                runStart = nil
            }
        }
    }

    private func drawSignal(
        _ signal: DenseSignal, on canvas: inout SVGCanvas, frame: PlotPanel, x: LinearScale, zone: HouseholdTimeZone,
        title: String
    ) {
        let grid = district.grid
        let matrix = district.values[signal] ?? []
        let band = HourOfDayBand(district: district, row: row, signal: signal)
        let base = row * grid.count
        let slot = { (bin: Int) in HourOfDayBand.slot(of: grid.start(ofBin: bin), zone: zone, binSeconds: grid.binSeconds) }
        var peak = 1.0
        for bin in bins {
            let value = matrix.isEmpty ? Float.nan : matrix[base + bin]
            if !value.isNaN { peak = max(peak, Double(value)) }
            if let high = band.high[slot(bin)] { peak = max(peak, high) }
        }
        let y = LinearScale(low: 0, high: peak, range: frame.top...frame.bottom, flipped: true, ticks: 4)
        shadeMissing(signal, on: &canvas, frame: frame, x: x, zone: zone)

        // The band as one polygon per run of bins with a band value, drawn at each bin's middle.
        var run: [(bin: Int, low: Double, high: Double, median: Double)] = []
        func flushBand(_ canvas: inout SVGCanvas) {
            let upper = run.map { (x: position($0.bin, x, zone) + 0.5 * binWidth(x, zone), y: y($0.high)) }
            let lower = run.reversed().map { (x: position($0.bin, x, zone) + 0.5 * binWidth(x, zone), y: y($0.low)) }
            canvas.polygon(upper + lower, fill: "#9fb6dc", opacity: 0.45)
            canvas.polyline(
                run.map { (x: position($0.bin, x, zone) + 0.5 * binWidth(x, zone), y: y($0.median)) }, stroke: "#6f8fc4",
                width: 1, dashed: true)
            run = []
        }
        for bin in bins {
            let s = slot(bin)
            if let low = band.low[s], let high = band.high[s], let median = band.median[s] {
                run.append((bin, low, high, median))
            } else if !run.isEmpty {
                flushBand(&canvas)
            }
        }
        if !run.isEmpty { flushBand(&canvas) }

        // The measured values, broken where data is missing.
        var line: [(x: Double, y: Double)] = []
        for bin in bins {
            let value = matrix.isEmpty ? Float.nan : matrix[base + bin]
            if value.isNaN {
                canvas.polyline(line, stroke: "#222222", width: 1)
                line = []
            } else {
                line.append((position(bin, x, zone) + 0.5 * binWidth(x, zone), y(Double(value))))
            }
        }
        canvas.polyline(line, stroke: "#222222", width: 1)
        frame.drawFrame(on: &canvas, title: title, x: nil, xTitle: nil, y: y, yTitle: signal.rawValue, yTicks: 4)
        frame.drawDayTicks(on: &canvas, x: x, labelled: true)
    }

    private func drawCalls(
        on canvas: inout SVGCanvas, frame: PlotPanel, x: LinearScale, zone: HouseholdTimeZone, title: String
    ) {
        shadeMissing(.callOut, on: &canvas, frame: frame, x: x, zone: zone)
        let rows: [(signal: DenseSignal, label: String, colour: String)] = [
            (.callOut, "out", PlotStyle.engine), (.callIn, "answered", PlotStyle.others[1]),
            (.callMissed, "missed", PlotStyle.tier(.serious)),
        ]
        let base = row * district.grid.count
        let rowHeight = frame.height / Double(rows.count)
        canvas.text(title, x: frame.left, y: frame.top - 8, size: 12.5, bold: true)
        for (index, entry) in rows.enumerated() {
            let middle = frame.top + rowHeight * (Double(index) + 0.5)
            canvas.text(entry.label, x: frame.left - 5, y: middle + 3.5, size: 10, anchor: .end)
            canvas.line(x1: frame.left, y1: middle, x2: frame.right, y2: middle, stroke: "#eeeeee")
            guard let matrix = district.values[entry.signal] else { continue }
            for bin in bins {
                let count = matrix[base + bin]
                guard !count.isNaN, count > 0 else { continue }
                let at = position(bin, x, zone) + 0.5 * binWidth(x, zone)
                let half = min(rowHeight * 0.45, 4 + 3 * Double(count))
                canvas.line(x1: at, y1: middle - half, x2: at, y2: middle + half, stroke: entry.colour, width: 1.5)
            }
        }
        canvas.line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, stroke: "#555555")
        frame.drawDayTicks(on: &canvas, x: x, labelled: true)
    }

    private func binWidth(_ x: LinearScale, _ zone: HouseholdTimeZone) -> Double {
        x(x.domain.lowerBound + Double(district.grid.binSeconds) / 86_400) - x(x.domain.lowerBound)
    }
}
