import Anbu

/// One alert rebuilt from its events: when it opened and closed and its tier over time.
struct AlertHistory: Sendable {
    /// The household's row, or −1 for a district alert.
    var household: Int
    var kind: AlertKind
    /// The time of its `open` event, ms.
    var open: Int64
    /// The time of its `close` event, ms, or `Int64.max` when it is still open at the end of the data.
    var close: Int64
    /// The times of its open, escalate and deescalate events, non-decreasing, ms.
    var changeTimes: [Int64]
    /// The tier set by each of those events (0 attention, 1 caution, 2 serious).
    var changeTiers: [Int]
    /// For each tier, the first time the alert was at that tier or higher; `Int64.max` when never.
    var firstReach: [Int64]

    /// Rebuilds every alert in `events`, checking that each one opens first, has tiers, keeps its household and kind,
    /// and has nothing after its close. Events of one alert may come in any order; they are ordered by time, then by
    /// position.
    ///
    /// - Complexity: O(n log n) for n events.
    static func rebuild(
        _ events: [AlertEvent], rows: [HouseholdID: Int]
    ) throws(EvaluationError) -> [AlertHistory] {
        var slot: [String: Int] = [:]
        slot.reserveCapacity(events.count / 2)
        var groups: [[Int]] = []
        for (index, event) in events.enumerated() {
            if let household = event.household {
                guard rows[household] != nil else {
                    throw .unknownHousehold(household, at: .alertEvent(index: index, alert: event.alert))
                }
            } else if event.kind != .district {
                throw .missingHousehold(at: .alertEvent(index: index, alert: event.alert))
            }
            if let group = slot[event.alert] {
                groups[group].append(index)
            } else {
                slot[event.alert] = groups.count
                groups.append([index])
            }
        }

        var alerts: [AlertHistory] = []
        alerts.reserveCapacity(groups.count)
        for var group in groups {
            let inOrder = zip(group, group.dropFirst()).allSatisfy { events[$0].time <= events[$1].time }
            if !inOrder {
                group.sort { (events[$0].time, $0) < (events[$1].time, $1) }
            }
            let first = events[group[0]]
            func location(_ index: Int) -> EvaluationInputItem { .alertEvent(index: index, alert: events[index].alert) }
            guard first.event == .open else { throw .alertDoesNotOpen(at: location(group[0])) }
            var alert = AlertHistory(
                household: first.household.map { rows[$0]! } ?? -1, kind: first.kind,
                open: first.time.unixMilliseconds, close: .max, changeTimes: [], changeTiers: [],
                firstReach: [.max, .max, .max])
            for index in group {
                let event = events[index]
                guard event.household == first.household, event.kind == first.kind else {
                    throw .inconsistentAlert(at: location(index))
                }
                guard alert.close == .max, event.event != .open || index == group[0] else {
                    throw .eventAfterClose(at: location(index))
                }
                let time = event.time.unixMilliseconds
                if event.event == .close {
                    alert.close = time
                    continue
                }
                guard let tier = event.tier else { throw .missingTier(at: location(index)) }
                let rank = tier.rank
                alert.changeTimes.append(time)
                alert.changeTiers.append(rank)
                for t in 0...rank where alert.firstReach[t] == .max { alert.firstReach[t] = time }
            }
            alerts.append(alert)
        }
        return alerts
    }

    /// The earliest instant in `[onset, deadline]` at which this alert is at tier ≥ each tier, written into `best`
    /// (tightening it), with `carried[t]` set when that earliest instant came from this alert and the alert opened
    /// before `onset`.
    ///
    /// The alert is at tier `tiers[j]` over `[times[j], times[j+1])`, the last segment ending at `close`. A segment of
    /// zero length (two events at one instant, or an open and a close together) counts at its instant.
    func earliestAtTier(
        onset: Int64, deadline: Int64, best: inout (Int64, Int64, Int64), carried: inout (Bool, Bool, Bool)
    ) {
        let count = changeTimes.count
        for j in 0..<count {
            let start = changeTimes[j]
            let end = j + 1 < count ? changeTimes[j + 1] : close
            let candidate = max(start, onset)
            guard candidate <= deadline, candidate < end || (start == end && start >= onset) else { continue }
            let rank = changeTiers[j]
            let early = open < onset
            if candidate < best.0 { best.0 = candidate; carried.0 = early }
            if rank >= 1, candidate < best.1 { best.1 = candidate; carried.1 = early }
            if rank >= 2, candidate < best.2 { best.2 = candidate; carried.2 = early }
        }
    }
}

extension Tier {
    /// 0 for attention, 1 for caution, 2 for serious.
    var rank: Int {
        switch self {
        case .attention: 0
        case .caution: 1
        case .serious: 2
        }
    }
}
