import Foundation

/// The morning: a household that has shown no sign of life since the small hours by an hour at which it almost always
/// has, judged against its own history of late mornings ("not up as usual").
///
/// Night quiet is normal for everyone, so a person who collapses in the evening gives silence little to go on until
/// the morning, and the morning's hours then add at most ``DetectionPolicy/lifeSignProbabilityCap``'s worth each. But
/// for someone whose first steps come by 08:00 on nearly every day, a morning without them is one rare fact, not
/// several ordinary hours.
///
/// **Up.** From ``anchorHour`` (03:00 local) on, a household is *up* at its first sign of life: steps or a call when it
/// has a phone; a life-sign power change when the plug is its only device (for a household with a phone, a plug
/// change is not counted: appliances switch by themselves, and one fridge cycle would end the watch). A bin in which
/// no device reported changes nothing.
///
/// **What is learned.** Per household and local hour `k` from ``firstHour`` to ``lastHour`` (06–11 h), the share `u_k`
/// of mornings on which it was not yet up by the end of hour `k`: an average over mornings (each a morning on which a
/// device reported at the anchor), decayed with ``DetectionPolicy/silenceHalfLifeDays``, started at one half; and the
/// decayed number `n` of mornings learned. Learning is held back like silence's (an open alert, an announced absence).
///
/// **The evidence.** While the household is not up, from the first hour of the window on, the fact "not up by hour
/// `k`" is worth `min(cap, log10((n + 1) / (n · u_k + 1/2)))`, `cap` = ``DetectionPolicy/wakeUpMaximumEvidence``:
/// a person who has collapsed is not up at all, while this household is not up by `k` on a share `u_k` of its mornings
/// (`n` mornings, with half a morning's pseudo-count, so a household with few mornings gets little). The largest value
/// reached is held (later hours and the night after say at least as much) and contributed to silence's quiet statistic
/// as a level: what it adds in a bin is the change of the held value, and it is taken back when the household is up.
/// Nothing is contributed until ``DetectionPolicy/powerLevelWarmupDays`` mornings have been learned.
struct WakeUp {
    /// Local hour from which a household's morning is watched.
    static let anchorHour = 3
    /// Local hours whose "not yet up" share is learned.
    static let firstHour = 6, lastHour = 11
    static let hours = lastHour - firstHour + 1
    /// Shares per household: one per hour of the window and day type (weekday, weekend).
    static let sharesPerHousehold = 2 * hours

    /// Per household and hour of the window: the share of mornings on which it was not yet up by the end of the hour.
    private var notUpShare: [Float16] = []
    /// Per household: decayed number of mornings learned.
    private var mornings: [Float16] = []
    /// Per household: 0 not watched (no report at the anchor), 1 not up since the anchor, 2 up.
    private var watch: [UInt8] = []
    /// Per household: what the watch contributes to the quiet statistic, bans.
    private var contribution: [Float16] = []
    /// Per household, this bin: what the bin adds to (or takes back from) the quiet statistic, bans.
    private(set) var evidence: [Float] = []

    var count: Int { watch.count }

    static let plugMode: Int = Int(ProcessInfo.processInfo.environment["WAKE_PLUG"] ?? "0")!
    static let capOverride: Float? = ProcessInfo.processInfo.environment["WAKE_CAP"].flatMap { Float($0) }

    mutating func append(households added: Int) {
        notUpShare.append(contentsOf: repeatElement(0.5, count: added * Self.sharesPerHousehold))
        mornings.append(contentsOf: repeatElement(0, count: added))
        watch.append(contentsOf: repeatElement(0, count: added))
        contribution.append(contentsOf: repeatElement(0, count: added))
        evidence.append(contentsOf: repeatElement(0, count: added))
    }

    /// Whether household `h` is not up as usual: its held contribution, bans (0 when it is up or not watched).
    func notUpEvidence(_ h: Int) -> Float { Float(contribution[h]) }

    mutating func step(
        _ signs: LifeSigns, sources: [SignalSources], slot: [UInt8], learn: [UInt8], _ range: Range<Int>,
        _ policy: DetectionPolicy
    ) {
        let cap = Self.capOverride ?? 0
        let dayDecay = Float(pow(0.5, 1 / Double(policy.silenceHalfLifeDays)))
        let slowest = 1 - dayDecay
        let halfLife = Double(policy.silenceHalfLifeDays)
        let warmup = Float(halfLife / log(2) * (1 - pow(0.5, Double(policy.powerLevelWarmupDays) / halfLife)))
        for h in range {
            let before = Float(contribution[h])
            let reported = signs.powerObserved[h] == 1 || signs.phoneObserved[h] == 1
            let hour = Int(slot[h]) % 24
            if hour == Self.anchorHour && !reported && watch[h] != 1 { watch[h] = 0 }  // this morning is not watched
            guard reported else {
                evidence[h] = 0
                continue
            }
            let hasPhone = sources[h].contains(.steps) || sources[h].contains(.calls)
            let plugCounts = Self.plugMode == 1 || !hasPhone
            let up = signs.phoneLife[h] == 1 || (plugCounts && signs.powerLife[h] == 1)
            var state = watch[h]
            if hour == Self.anchorHour {
                // A new morning; a household still not up since yesterday's anchor stays watched.
                state = up ? 2 : 1
            } else if state == 1 && up {
                state = 2
            }
            watch[h] = state
            let inWindow = hour >= Self.firstHour && hour <= Self.lastHour
            var value: Float = 0
            if state == 1 {
                value = before
                if inWindow && cap > 0 {
                    let n = Float(mornings[h])
                    if n >= warmup {
                        let u = Float(notUpShare[h * Self.sharesPerHousehold + Int(slot[h]) / 24 * Self.hours + hour - Self.firstHour])
                        value = max(value, min(cap, log10((n + 1) / (n * u + 0.5))))
                    }
                }
            }
            contribution[h] = Float16(value)
            evidence[h] = signs.phoneLife[h] == 1 ? 0 : Float(contribution[h]) - before
            guard learn[h] == 1, inWindow, state != 0 else { continue }
            if hour == Self.firstHour { mornings[h] = Float16(dayDecay * Float(mornings[h]) + 1) }
            let i = h * Self.sharesPerHousehold + Int(slot[h]) / 24 * Self.hours + hour - Self.firstHour
            let rate = max(slowest, 1 / (Float(mornings[h]) + 1))
            let share = Float(notUpShare[i])
            notUpShare[i] = Float16(share + rate * ((state == 1 ? 1 : 0) - share))
        }
    }
}

extension WakeUp {
    /// Lists every stored array once, for snapshots: ``StateArchive`` writes them, or reads them back, in this order.
    mutating func archive(_ archive: inout StateArchive) throws(SnapshotError) {
        try archive.section("wake up")
        try archive.values(&notUpShare)
        try archive.values(&mornings)
        try archive.values(&watch)
        try archive.values(&contribution)
        try archive.values(&evidence)
    }
}
