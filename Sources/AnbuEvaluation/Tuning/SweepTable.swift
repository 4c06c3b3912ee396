/// The results of a sweep as a table (CSV and Markdown) and its trade-off figure: one row per policy, with the
/// fields the grid varied, the headline numbers of ``ReportTable/comparison(_:)`` and whether the policy is on the
/// Pareto front of delay and of recall (``TradeOffChart``); then one row per reference rule.
public struct SweepTable: Sendable {
    /// The policies, in sweep order.
    public var policies: [NamedPolicy]
    /// The varied fields: the table's first columns.
    public var variedFields: [String]
    /// One report per policy, in the same order.
    public var reports: [EvaluationReport]
    /// The reference rules' reports on the same district.
    public var references: [EvaluationReport]
    /// The numbers the fronts and the figure use.
    public var measure: TradeOffMeasure

    /// A table.
    ///
    /// - Precondition: one report per policy.
    public init(
        policies: [NamedPolicy], variedFields: [String], reports: [EvaluationReport], references: [EvaluationReport],
        measure: TradeOffMeasure = TradeOffMeasure()
    ) {
        precondition(policies.count == reports.count, "\(policies.count) policies but \(reports.count) reports")
        self.policies = policies
        self.variedFields = variedFields
        self.reports = reports
        self.references = references
        self.measure = measure
    }

    /// The trade-off figure: the policies (front marked) and the reference rules.
    public func chart(title: String) -> TradeOffChart {
        let points = reports.map { TradeOffPoint(report: $0, role: .policy, measure: measure) }
            + references.map { TradeOffPoint(report: $0, role: .referenceRule, measure: measure) }
        return TradeOffChart(points: points, measure: measure, title: title)
    }

    /// The header and the rows, cells as text.
    private func rows() -> (header: [String], rows: [[String]]) {
        let chart = chart(title: "")
        let delayFront = Set(chart.delayFront)
        let recallFront = Set(chart.recallFront)
        let header = ["role", "policy"] + variedFields + ReportTable.headlineColumns.map(\.csvName)
            + ["delay_front", "recall_front"]
        var rows: [[String]] = []
        for (index, report) in reports.enumerated() {
            rows.append(
                ["policy", policies[index].name] + variedFields.map { policies[index].settings[$0] ?? "" }
                    + ReportTable.headlineColumns.map { $0.cell(report) }
                    + [delayFront.contains(index) ? "yes" : "no", recallFront.contains(index) ? "yes" : "no"])
        }
        for report in references {
            rows.append(
                ["reference_rule", report.detector] + variedFields.map { _ in "" }
                    + ReportTable.headlineColumns.map { $0.cell(report) } + ["", ""])
        }
        return (header, rows)
    }

    /// The table as CSV (RFC 4180 quoting; undefined numbers as `–`).
    public var csv: String {
        let (header, rows) = rows()
        func quoted(_ cell: String) -> String {
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return ([header] + rows).map { $0.map(quoted).joined(separator: ",") + "\n" }.joined()
    }

    /// The table as Markdown.
    public var markdown: String {
        let (header, rows) = rows()
        return ReportTable.markdown(header: header, rows: rows)
    }
}
