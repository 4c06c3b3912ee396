public import Anbu

/// Why a sweep stopped.
public enum SweepError: Error, Sendable, CustomStringConvertible {
    /// The engine refused the policy.
    case policy(name: String, PolicyError)
    /// The engine could not run the district under the policy.
    case monitor(name: String, MonitorError)
    /// Fusion could not be replayed under the policy.
    case replay(name: String, EvidenceTraceError)
    /// The policy's alerts could not be scored.
    case scoring(name: String, EvaluationError)

    /// A sentence naming the policy.
    public var description: String {
        switch self {
        case .policy(let name, let error): "policy \(name): \(error)"
        case .monitor(let name, let error): "policy \(name): the engine failed: \(error)"
        case .replay(let name, let error): "policy \(name): replay failed: \(error)"
        case .scoring(let name, let error): "policy \(name): scoring failed: \(error)"
        }
    }
}

/// Runs the engine under many policies over one district and scores each in memory ("score once, threshold many").
///
/// The district is loaded once and the ``Scorer`` indexes ground truth once. Policies are grouped by their
/// *evidence fields* — every field except `EvidenceTrace.fusionFields` — because policies that agree on those compute
/// the same evidence and differ only in how fusion turns it into tiers. Each group runs the engine once, recording an
/// `EvidenceTrace` under its first policy, and replays fusion for the others: a sweep over tier thresholds costs one
/// engine run plus one cheap replay per policy.
public struct PolicySweep: Sendable {
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
        let evidenceFields = DetectionPolicy.fieldNames.filter { !EvidenceTrace.fusionFields.contains($0) }
        var groups: [[Int]] = []
        for (index, policy) in policies.enumerated() {
            let same = groups.firstIndex { group in
                evidenceFields.allSatisfy { policies[group[0]].hasSameValue(as: policy, field: $0) }
            }
            if let same { groups[same].append(index) } else { groups.append([index]) }
        }
        return groups
    }

    /// The alert events of one policy over the whole district, running the engine; with `trace`, its evidence is
    /// recorded there for `EvidenceTrace.replay(_:)`.
    ///
    /// - Throws: ``SweepError`` naming the policy.
    public func events(of policy: NamedPolicy, recording trace: inout EvidenceTrace?) throws(SweepError) -> [AlertEvent] {
        let monitor: DistrictMonitor
        do {
            monitor = try DistrictMonitor(policy: policy.policy, start: district.grid.start)
        } catch {
            throw .policy(name: policy.name, error)
        }
        do {
            try monitor.register(district.households)
            for absence in absences { try monitor.announce(absence) }
            return try monitor.process(district, recording: &trace)
        } catch {
            throw .monitor(name: policy.name, error)
        }
    }

    /// Runs and scores every policy, in the order given; each report carries its policy's name as detector. Each
    /// evidence group runs the engine once and replays fusion for its other policies.
    ///
    /// - Parameters:
    ///   - policies: the policies to run, each with its name in the reports.
    ///   - progress: called after each policy with the number done.
    /// - Throws: ``SweepError`` naming the first policy that failed.
    public func run(_ policies: [NamedPolicy], progress: ((Int) -> Void)? = nil) throws(SweepError) -> [EvaluationReport] {
        var reports = [EvaluationReport?](repeating: nil, count: policies.count)
        var done = 0
        for group in Self.evidenceGroups(policies.map(\.policy)) {
            var trace: EvidenceTrace?
            for index in group {
                let named = policies[index]
                let events: [AlertEvent]
                if let recorded = trace {
                    do {
                        events = try recorded.replay(named.policy)
                    } catch {
                        throw .replay(name: named.name, error)
                    }
                } else {
                    events = try self.events(of: named, recording: &trace)
                }
                do {
                    reports[index] = try scorer.score(events, detector: named.name)
                } catch {
                    throw .scoring(name: named.name, error)
                }
                done += 1
                progress?(done)
            }
        }
        return reports.map { $0! }
    }
}
