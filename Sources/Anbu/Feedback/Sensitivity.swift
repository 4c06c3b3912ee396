import Foundation

/// What a caseworker found when they followed up an alert.
public enum CaseworkerOutcome: String, CaseIterable, Sendable, Hashable, Codable {
    /// A real incident: the person needed help.
    case confirmedIncident = "confirmed_incident"
    /// A false alarm: the person was fine and at home.
    case falseAlarm = "false_alarm"
    /// The person was fine but away (at family, in hospital) without announcing it.
    case away
    /// The data were wrong: a device problem, not a person problem.
    case deviceProblem = "device_problem"
}

/// Per-household sensitivity learned from caseworkers' outcomes, within documented bounds.
///
/// Each household has an offset added to every tier threshold, separately for acute alerts (silence, deviation)
/// and for decline alerts. A false alarm raises the offset by ``DetectionPolicy/falseAlarmPenalty`` times
/// `1 + n/2`, where `n` counts recent false alarms of the same detector, so a repeated pattern is damped faster;
/// "away" and "device problem" raise it by half as much; a confirmed incident lowers it by
/// ``DetectionPolicy/confirmedIncidentBonus``. Offsets stay within
/// [−``DetectionPolicy/maximumSensitivityBoost``, ``DetectionPolicy/maximumSensitivityOffset``] and fade back to zero
/// with half-life ``DetectionPolicy/feedbackHalfLifeDays``.
struct Sensitivity {
    enum Detector: Int { case acute, decline }

    private(set) var offset: [Float] = []
    private var recentFalseAlarms: [Float] = []

    mutating func append(households added: Int) {
        offset.append(contentsOf: repeatElement(0, count: added * 2))
        recentFalseAlarms.append(contentsOf: repeatElement(0, count: added * 2))
    }

    func offset(_ h: Int, _ detector: Detector) -> Float { offset[h * 2 + detector.rawValue] }

    mutating func record(_ outcome: CaseworkerOutcome, household h: Int, detector: Detector,
                         _ policy: DetectionPolicy) {
        let i = h * 2 + detector.rawValue
        switch outcome {
        case .confirmedIncident:
            offset[i] -= policy.confirmedIncidentBonus
        case .falseAlarm:
            offset[i] += policy.falseAlarmPenalty * (1 + recentFalseAlarms[i] / 2)
            recentFalseAlarms[i] += 1
        case .away, .deviceProblem:
            offset[i] += policy.falseAlarmPenalty / 2
        }
        offset[i] = min(policy.maximumSensitivityOffset, max(-policy.maximumSensitivityBoost, offset[i]))
    }

    /// Fades every offset one day toward zero.
    mutating func fadeOneDay(_ policy: DetectionPolicy) {
        let factor = Float(pow(0.5, 1 / Double(policy.feedbackHalfLifeDays)))
        for i in offset.indices {
            offset[i] *= factor
            recentFalseAlarms[i] *= factor
        }
    }
}

extension Sensitivity {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("sensitivity")
        try archive.values(&offset)
        try archive.values(&recentFalseAlarms)
    }
}
