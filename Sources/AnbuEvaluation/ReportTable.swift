import Anbu
import Foundation

/// Plain-text tables of ``EvaluationReport``s for a terminal or a Markdown code block.
///
/// Undefined values (no incidents, no detections, bootstrap off) print as `–`. The text is for people; the JSON
/// (``EvaluationReport/jsonData()``) is for programs.
public enum ReportTable {
    /// One column of the headline comparison: its two-line title for text and Markdown, its CSV name, and its cell.
    struct HeadlineColumn: Sendable {
        var title: String
        var unit: String
        var csvName: String
        var cell: @Sendable (EvaluationReport) -> String
    }

    /// The headline columns, in order: collapse recall and delays at `serious`; illness and withdrawal recall at any
    /// tier; false person alerts per 1 000 household-days at `serious` and at any tier; the caseworker's load; the share
    /// of household-time under an open person alert; device alerts; person alerts inside announced absences; the
    /// busiest day. The one definition behind
    /// ``comparison(_:)``, ``comparisonMarkdown(_:)`` and the sweep tables.
    static let headlineColumns: [HeadlineColumn] = [
        HeadlineColumn(title: "collapse", unit: "recall@S", csvName: "collapse_recall_serious") {
            number($0.incidentScore(.collapse, at: .serious)?.recall.value, 3)
        },
        HeadlineColumn(title: "median", unit: "delay h", csvName: "collapse_median_delay_hours_serious") {
            number($0.incidentScore(.collapse, at: .serious)?.medianDelayHours, 1)
        },
        HeadlineColumn(title: "p90", unit: "delay h", csvName: "collapse_p90_delay_hours_serious") {
            number($0.incidentScore(.collapse, at: .serious)?.p90DelayHours, 1)
        },
        HeadlineColumn(title: "illness", unit: "recall", csvName: "illness_recall") {
            number($0.incidentScore(.illness, at: .attention)?.recall.value, 3)
        },
        HeadlineColumn(title: "withdr.", unit: "recall", csvName: "withdrawal_recall") {
            number($0.incidentScore(.withdrawal, at: .attention)?.recall.value, 3)
        },
        HeadlineColumn(title: "false", unit: "S/1k hd", csvName: "false_serious_per_1k_hd") {
            number($0.personAlertScore(at: .serious).falsePerThousandHouseholdDays.value, 2)
        },
        HeadlineColumn(title: "false", unit: "all/1k hd", csvName: "false_all_per_1k_hd") {
            number($0.personAlertScore(at: .attention).falsePerThousandHouseholdDays.value, 2)
        },
        HeadlineColumn(title: "load", unit: "/1k hd", csvName: "load_per_1k_hd") { number($0.caseworkerLoad.value, 2) },
        HeadlineColumn(title: "open", unit: "share", csvName: "open_person_alert_share") {
            number($0.openPersonAlertShare.value, 3)
        },
        HeadlineColumn(title: "device", unit: "/1k hd", csvName: "device_per_1k_hd") {
            number($0.deviceAlerts.perThousandHouseholdDays.value, 2)
        },
        HeadlineColumn(title: "in abs.", unit: "alerts", csvName: "person_alerts_in_announced_absence") {
            String($0.personAlertsInAnnouncedAbsence)
        },
        HeadlineColumn(title: "busiest day", unit: "(person alerts)", csvName: "busiest_day") {
            $0.busiestDay.map { "\($0.date) (\($0.personAlerts))" } ?? "–"
        },
    ]

    /// One row per detector with the headline numbers (`headlineColumns`), as aligned plain text.
    public static func comparison(_ reports: [EvaluationReport]) -> String {
        var rows = [["detector"] + headlineColumns.map(\.title), [""] + headlineColumns.map(\.unit)]
        for report in reports { rows.append([report.detector] + headlineColumns.map { $0.cell(report) }) }
        return layout(rows, leftAligned: [0, headlineColumns.count], ruleAfter: 2)
    }

    /// The same table as ``comparison(_:)``, as a Markdown table (the first report's row in bold).
    public static func comparisonMarkdown(_ reports: [EvaluationReport]) -> String {
        let header = ["detector"] + headlineColumns.map { "\($0.title) \($0.unit)" }
        let rows = reports.enumerated().map { index, report in
            [index == 0 ? "**\(report.detector)**" : report.detector] + headlineColumns.map { $0.cell(report) }
        }
        return markdown(header: header, rows: rows)
    }

    /// A Markdown table; `|` in cells is escaped.
    static func markdown(header: [String], rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return line(header) + "|" + String(repeating: "---|", count: header.count) + "\n" + rows.map(line).joined()
    }

    /// Every number of one report: incidents per kind and tier with intervals, person alerts per tier with false
    /// alerts by context, device and district alerts, announced absences and the busiest day.
    public static func detail(_ report: EvaluationReport) -> String {
        let level = Int((report.rules.confidenceLevel * 100).rounded())
        var text = "\(report.detector): \(report.households) households, "
        text += "\(number(report.householdDays, 1)) household-days, calendar \(report.calendarTimeZone)\n\n"

        var incidents = [
            [
                "incident", "tier", "n", "found", "recall", "\(level)% interval", "median h", "p90 h", "open before",
                "chance",
            ]
        ]
        for score in report.incidents {
            incidents.append([
                score.kind.rawValue, score.tier.rawValue, String(score.incidents), String(score.detected),
                number(score.recall.value, 3), interval(score.recall, 3), number(score.medianDelayHours, 1),
                number(score.p90DelayHours, 1), String(score.detectedByAlertOpenBeforeOnset),
                number(score.chanceRecall?.value, 3),
            ])
        }
        text += layout(incidents, leftAligned: [0, 1], ruleAfter: 1) + "\n"
        text += bySources(report)

        var alerts = [
            [
                "person alerts", "alerts", "/1k hd", "\(level)% interval", "false", "/1k hd", "\(level)% interval",
                "absence", "device", "away", "district", "nothing",
            ]
        ]
        for score in report.personAlerts {
            let contexts = AlertContext.allCases.map { String(score.falseByContext[$0]) }
            alerts.append(
                [
                    "reaching \(score.tier.rawValue)", String(score.alerts),
                    number(score.perThousandHouseholdDays.value, 2),
                    interval(score.perThousandHouseholdDays, 2), String(score.falseAlerts),
                    number(score.falsePerThousandHouseholdDays.value, 2),
                    interval(score.falsePerThousandHouseholdDays, 2),
                ] + contexts)
        }
        text += layout(alerts, leftAligned: [0], ruleAfter: 1) + "\n"

        let device = report.deviceAlerts
        text += "device alerts: \(device.alerts) (\(number(device.perThousandHouseholdDays.value, 2)) per 1k hd, "
        text += "\(level)% \(interval(device.perThousandHouseholdDays, 2))), \(device.duringDeviceFault) "
        text += "during a device fault\n"
        let open = report.openPersonAlertShare
        text += "household-time under an open person alert: \(number(open.value, 3)) (\(level)% \(interval(open, 3)))\n"
        text += "person alerts opened inside an announced absence: \(report.personAlertsInAnnouncedAbsence)\n"
        text += "district alerts: \(report.districtAlerts)\n"
        if let day = report.busiestDay {
            text += "busiest day: \(day.date) with \(day.personAlerts) person alerts (\(day.seriousPersonAlerts) "
            text += "reaching serious) and \(day.deviceAlerts) device alerts\n"
        }
        text += "incidents not scored (onset outside the household's data span): \(report.unscoredIncidents)\n"
        return text
    }

    /// Found / scored and the median delay per set of devices: collapses at `serious`, illnesses and withdrawals at
    /// `attention` (the measures); empty when the report has no split.
    static func bySources(_ report: EvaluationReport) -> String {
        let measures: [(IncidentKind, Tier)] = [(.collapse, .serious), (.illness, .attention), (.withdrawal, .attention)]
        var rows = [["devices"] + measures.map { "\($0.0.rawValue) @ \($0.1.rawValue)" } + ["median h"]]
        var seen: [SignalSources] = []
        for score in report.incidentsBySources where !seen.contains(score.sources) { seen.append(score.sources) }
        for sources in seen {
            let scores = measures.map { kind, tier in
                report.incidentsBySources.first { $0.sources == sources && $0.kind == kind && $0.tier == tier }
            }
            rows.append(
                [sources.members.map(\.rawValue).joined(separator: ";")]
                    + scores.map { score in score.map { "\($0.detected) / \($0.incidents)" } ?? "–" }
                    + [number(scores[0]?.medianDelayHours, 1)])
        }
        guard rows.count > 1 else { return "" }
        return "by devices (median h: collapses at serious)\n" + layout(rows, leftAligned: [0], ruleAfter: 1) + "\n"
    }

    /// `value` with `digits` decimals, or `–`.
    static func number(_ value: Double?, _ digits: Int) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    /// `[lower, upper]`, or `–` when either bound is undefined.
    static func interval(_ estimate: Estimate, _ digits: Int) -> String {
        guard estimate.lower != nil, estimate.upper != nil else { return "–" }
        return "[\(number(estimate.lower, digits)), \(number(estimate.upper, digits))]"
    }

    /// Columns padded to their widest cell, two spaces apart; numbers right-aligned, `leftAligned` columns left; a
    /// rule of dashes after the first `ruleAfter` rows.
    static func layout(_ rows: [[String]], leftAligned: Set<Int>, ruleAfter: Int) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (c, cell) in row.enumerated() { widths[c] = max(widths[c], cell.count) }
        }
        var lines: [String] = []
        for (r, row) in rows.enumerated() {
            let cells = row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return leftAligned.contains(c) ? cell + pad : pad + cell
            }
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
            if r + 1 == ruleAfter {
                lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * max(0, columns - 1)))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
