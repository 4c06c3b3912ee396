import Anbu

/// Small hand-made districts whose right answers are known, for the engine's tests.
///
/// Every household follows a regular routine in one time zone (+09:00): up at 07:00, to bed at 22:00, steps in
/// most waking hours, appliances switched during the day over a standby load with fridge noise, one outgoing call
/// most days. Scenarios then change one household at a known bin.
struct HandMadeDistrict {
    static let start = Timestamp(unixSeconds: 1_735_657_200)  // 2025-01-01T00:00:00+09:00 (a Wednesday)
    var district: DenseDistrict
    var generator: SplitMix64

    init(households count: Int, days: Int, sources: SignalSources = .all, seed: UInt64 = 1) {
        let households = (0..<count).map {
            Household(id: HouseholdID("h\($0)")!, timeZone: .fixed(offsetSeconds: 9 * 3600), sources: sources)
        }
        district = DenseDistrict(
            households: households,
            grid: BinGrid(startUnixSeconds: Self.start.unixSeconds, binSeconds: 3600, count: days * 24))
        generator = SplitMix64(seed: seed)
        for h in 0..<count {
            for bin in 0..<(days * 24) { live(h, bin) }
        }
    }

    var bins: Int { district.grid.count }

    /// One ordinary hour of household `h`.
    mutating func live(_ h: Int, _ bin: Int) {
        let hour = bin % 24
        let awake = hour >= 7 && hour < 22
        let sources = district.households[h].sources
        let fridge = Float.random(in: -4...4, using: &generator)
        if sources.contains(.power) {
            let appliance: Float = awake && Float.random(in: 0..<1, using: &generator) < 0.75
                ? Float.random(in: 60...400, using: &generator) : 0
            district[.power, h, bin] = 45 + fridge + appliance
        }
        if sources.contains(.steps) {
            let moving = awake && Float.random(in: 0..<1, using: &generator) < 0.8
            district[.steps, h, bin] = moving ? Float(Int.random(in: 80...900, using: &generator)) : 0
        }
        if sources.contains(.calls) {
            let callOut: Float = awake && Float.random(in: 0..<1, using: &generator) < 0.08 ? 1 : 0
            let callIn: Float = awake && Float.random(in: 0..<1, using: &generator) < 0.05 ? 1 : 0
            district[.callOut, h, bin] = callOut
            district[.callIn, h, bin] = callIn
            district[.callMissed, h, bin] = 0
            district[.talkSeconds, h, bin] = (callOut + callIn) * 120
        }
    }

    /// Household `h` collapses at `bin`: no steps (the phone keeps reporting 0 until its battery dies after
    /// `batteryHours`), power at standby with fridge noise, incoming calls missed.
    mutating func collapse(_ h: Int, at bin: Int, batteryHours: Int = 30) {
        for b in bin..<bins {
            let phoneOn = b - bin < batteryHours
            district[.power, h, b] = 45 + Float.random(in: -4...4, using: &generator)
            district[.steps, h, b] = phoneOn ? 0 : .nan
            district[.callOut, h, b] = phoneOn ? 0 : .nan
            district[.callIn, h, b] = phoneOn ? 0 : .nan
            district[.callMissed, h, b] = phoneOn ? (b % 24 == 12 ? 1 : 0) : .nan
            district[.talkSeconds, h, b] = phoneOn ? 0 : .nan
        }
    }

    /// Household `h`'s phone goes dark for `hours` from `bin`; the person carries on as usual at home.
    mutating func phoneOff(_ h: Int, at bin: Int, hours: Int) {
        for b in bin..<min(bins, bin + hours) {
            for signal in [DenseSignal.steps, .callOut, .callIn, .callMissed, .talkSeconds] {
                district[signal, h, b] = .nan
            }
        }
    }

    /// Every household's phone goes dark for `hours` from `bin` (a telecom outage).
    mutating func telecomOutage(at bin: Int, hours: Int) {
        for h in 0..<district.households.count { phoneOff(h, at: bin, hours: hours) }
    }

    /// The plugs of households `households` go dark for `hours` from `bin` (a local power cut); phones carry on.
    mutating func powerCut(_ households: Range<Int>, at bin: Int, hours: Int) {
        for h in households {
            for b in bin..<min(bins, bin + hours) { district[.power, h, b] = .nan }
        }
    }

    /// Household `h` leaves its phone on a table at home on `days`: the phone keeps reporting, 0 steps every hour,
    /// while the person lives as usual (the plug shows it).
    mutating func leavesPhoneAtHome(_ h: Int, onDays days: [Int]) {
        for day in days {
            for b in (day * 24)..<min(bins, day * 24 + 24) where !district[.steps, h, b].isNaN {
                district[.steps, h, b] = 0
            }
        }
    }

    /// Household `h` is away from `bin` for `hours`: standby power at home, phone with the person (steps continue).
    mutating func away(_ h: Int, at bin: Int, hours: Int) {
        for b in bin..<min(bins, bin + hours) {
            district[.power, h, b] = 45 + Float.random(in: -4...4, using: &generator)
        }
    }

    /// Household `h` is away from `bin` for `hours` without its phone data (power only left to judge).
    mutating func awayWithoutPhone(_ h: Int, at bin: Int, hours: Int) {
        away(h, at: bin, hours: hours)
        phoneOff(h, at: bin, hours: hours)
    }

    /// Household `h` carries its phone wherever it goes: up to `bin`, its appliances are switched (on or off) only in
    /// hours in which the phone counts steps; while the phone lies still, the power stays where it was, give or take
    /// the fridge (a still phone means a still person).
    mutating func carriesPhone(_ h: Int, until bin: Int) {
        for b in 1..<min(bins, bin) where district[.steps, h, b] == 0 {
            let previous = district[.power, h, b - 1]
            district[.power, h, b] = previous + Float.random(in: -4...4, using: &generator) * 0.25
        }
    }

    /// An appliance of household `h` that switches itself on for one bin at each of `bins` (a thermostat, a timer).
    mutating func automaticLoad(_ h: Int, at bins: [Int], watts: Float = 300) {
        for b in bins { district[.power, h, b] += watts }
    }

    /// Household `h` rests at home for `hours` from `bin`: the phone lies still (reporting 0 steps, no calls), the plug
    /// shows standby with fridge noise.
    mutating func rests(_ h: Int, at bin: Int, hours: Int) {
        for b in bin..<min(bins, bin + hours) {
            district[.power, h, b] = 45 + Float.random(in: -4...4, using: &generator)
            for signal in [DenseSignal.steps, .callOut, .callIn, .callMissed, .talkSeconds] { district[signal, h, b] = 0 }
        }
    }

    /// Household `h`'s plug repeats one value from `bin` on.
    mutating func stuckPlug(_ h: Int, at bin: Int) {
        for b in bin..<bins { district[.power, h, b] = 123.5 }
    }
}

extension Array where Element == AlertEvent {
    /// Events of one household and kind.
    func of(_ household: String, _ kind: AlertKind) -> [AlertEvent] {
        filter { $0.household?.rawValue == household && $0.kind == kind }
    }
}
