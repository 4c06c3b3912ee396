public import Anbu
import Foundation

/// Why a sweep stopped.
public enum SweepError: Error, Sendable, CustomStringConvertible {
    /// The engine refused the policy.
    case policy(name: String, PolicyError)
    /// The engine could not run the district under the policy.
    case monitor(name: String, MonitorError)
    /// The policy's alerts could not be scored.
    case scoring(name: String, EvaluationError)

    /// A sentence naming the policy.
    public var description: String {
        switch self {
        case .policy(let name, let error): "policy \(name): \(error)"
        case .monitor(let name, let error): "policy \(name): the engine failed: \(error)"
        case .scoring(let name, let error): "policy \(name): scoring failed: \(error)"
        }
    }
}

/// Runs the engine under many policies over one district and scores each in memory ("score once, threshold many").
///
/// The district is loaded once and the ``Scorer`` indexes ground truth once. Policies are grouped by their
/// *evidence fields* — every field except ``fusionFields`` — because policies that agree on those compute the same
/// evidence and differ only in how fusion turns it into tiers. Each group runs the full engine once per policy
/// today; when the engine can record its evidence and replay fusion, a group will pay one evidence pass.
public struct PolicySweep: Sendable {
    /// The policy fields that only fusion reads: changing them alone does not change any detector's evidence.
    public static let fusionFields: Set<String> = [
        "attentionThreshold", "cautionThreshold", "seriousThreshold", "declineAttentionThreshold",
        "declineCautionThreshold", "hysteresis", "deescalateAfterBins",
    ]

    /// The district every policy runs on.
    public let district: DenseDistrict
    /// Announced absences, given to each run's monitor.
    public let absences: [Absence]
    /// The scorer of the district's ground truth.
    public let scorer: Scorer

    /// A sweep over `district`, scoring with `scorer` (built on the same district).
    public init(district: DenseDistrict, absences: [Absence], scorer: Scorer) {
        self.district = district
        self.absences = absences
        self.scorer = scorer
    }

    /// The policies grouped by their evidence fields: indices into `policies`, each group in order, groups in order of
    /// their first member.
    public static func evidenceGroups(_ policies: [DetectionPolicy]) -> [[Int]] {
        var groups: [[Int]] = []
        var slot: [Data: Int] = [:]
        for (index, policy) in policies.enumerated() {
            let key = evidenceKey(policy)
            if let existing = slot[key] {
                groups[existing].append(index)
            } else {
                slot[key] = groups.count
                groups.append([index])
            }
        }
        return groups
    }

    /// The policy's fields other than ``fusionFields``, as canonical JSON.
    static func evidenceKey(_ policy: DetectionPolicy) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(policy),
            var fields = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { preconditionFailure("a DetectionPolicy always encodes to a JSON object") }
        for field in fusionFields { fields[field] = nil }
        guard let key = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else {
            preconditionFailure("a JSON object decoded from JSON always encodes again")
        }
        return key
    }

    /// The alert events of one policy over the whole district.
    ///
    /// - Throws: ``SweepError`` naming the policy.
    public func events(of policy: NamedPolicy) throws(SweepError) -> [AlertEvent] {
        let monitor: DistrictMonitor
        do {
            monitor = try DistrictMonitor(policy: policy.policy, start: district.grid.start)
        } catch {
            throw .policy(name: policy.name, error)
        }
        do {
            try monitor.register(district.households)
            for absence in absences { try monitor.announce(absence) }
            return try monitor.process(district)
        } catch {
            throw .monitor(name: policy.name, error)
        }
    }

    /// Runs and scores every policy, in the order given; each report carries its policy's name as detector.
    ///
    /// - Parameter progress: called after each policy with the number done.
    /// - Throws: ``SweepError`` naming the first policy that failed.
    public func run(_ policies: [NamedPolicy], progress: ((Int) -> Void)? = nil) throws(SweepError) -> [EvaluationReport] {
        var reports = [EvaluationReport?](repeating: nil, count: policies.count)
        var done = 0
        for group in Self.evidenceGroups(policies.map(\.policy)) {
            for index in group {
                let events = try events(of: policies[index])
                do {
                    reports[index] = try scorer.score(events, detector: policies[index].name)
                } catch {
                    throw .scoring(name: policies[index].name, error)
                }
                done += 1
                progress?(done)
            }
        }
        return reports.map { $0! }
    }
}
