import Anbu
import AnbuSimulation
import Foundation
import Testing

/// The ground truth agrees with the data it describes.
@Suite("Ground truth is consistent with the data")
struct GroundTruthTests {
    let simulation = busyDistrict.simulation
    let households = busyDistrict.households

    func incidents(_ kind: IncidentKind) -> [(SimulatedHousehold, Incident)] {
        households.flatMap { household in household.incidents.filter { $0.kind == kind }.map { (household, $0) } }
    }

    func inside(_ time: Timestamp, _ incident: Incident) -> Bool {
        time >= incident.onset && time < (incident.end ?? simulation.grid.end)
    }

    @Test func everyKindIsPresent() {
        let kinds = Set(households.flatMap(\.incidents).map(\.kind) + simulation.districtIncidents.map(\.kind))
        #expect(kinds == Set(IncidentKind.allCases), "missing: \(Set(IncidentKind.allCases).subtracting(kinds))")
        #expect(households.contains { !$0.absences.isEmpty })
    }

    @Test func readingsAreInsideTheGridAndWellFormed() {
        for household in households {
            for reading in household.readings {
                #expect(reading.time >= simulation.grid.start && reading.time < simulation.grid.end)
                #expect(reading.value >= 0)
                #expect(household.household.sources.contains(reading.signal.source))
                if reading.signal == .steps { #expect(reading.value == reading.value.rounded()) }
            }
        }
    }

    @Test func noStepsAfterACollapseExceptZeros() {
        let collapses = incidents(.collapse)
        #expect(!collapses.isEmpty)
        for (household, collapse) in collapses {
            let steps = household.readings.filter { $0.signal == .steps }.sorted { $0.time < $1.time }
            // A report counts the steps since the previous report: once that previous report is after the onset,
            // the count must be zero.
            for (previous, report) in zip(steps, steps.dropFirst()) where previous.time >= collapse.onset {
                #expect(report.value == 0, "\(household.household.id) reported \(report.value) steps after collapse")
            }
            let afterwards = household.readings.filter { $0.time >= collapse.onset }
            #expect(!afterwards.contains { $0.signal == .callOut || $0.signal == .callIn })
            // The phone goes flat within the scenario's battery range (48 h) and then sends nothing.
            let limit = collapse.onset.adding(seconds: 49 * 3600)
            #expect(!afterwards.contains { $0.signal.source != .power && $0.time > limit })
        }
    }

    /// The day's loads are planned from the routine; after a collapse none of them may start. What was running goes on
    /// (a rice cooker's keep-warm, an air conditioner until its planned end: all within hours), so 30 hours on, only
    /// standby, the refrigerator and lights left on remain: the plug never draws more than it did in the first 30 hours.
    @Test func nothingNewIsSwitchedOnAfterACollapse() {
        let withPower = incidents(.collapse).filter { $0.0.household.sources.contains(.power) }
        var checked = 0
        for (household, collapse) in withPower {
            let settled = collapse.onset.adding(seconds: 30 * 3600)
            let power = household.readings.filter { $0.signal == .power && $0.time >= collapse.onset }
            let early = power.filter { $0.time < settled }.map(\.value).max() ?? 0
            let late = power.filter { $0.time >= settled }
            guard !late.isEmpty else { continue }
            checked += 1
            let highest = late.max { $0.value < $1.value }!
            #expect(highest.value <= early * 1.02 + 0.1,
                    "\(household.household.id) drew \(highest.value) W at \(highest.time), \(early) W at most before")
        }
        #expect(checked >= 5, "\(checked) collapses with a plug and 30 hours of data after")
    }

    @Test func aCollapsedPersonsPhoneKeepsReportingZerosForAWhile() {
        let withSteps = incidents(.collapse).filter { $0.0.household.sources.contains(.steps) }
        let heartbeats = withSteps.filter { household, collapse in
            household.readings.contains {
                $0.signal == .steps && $0.time > collapse.onset.adding(seconds: 3 * 3600) && $0.value == 0
            }
        }
        #expect(heartbeats.count * 10 >= withSteps.count * 7, "\(heartbeats.count) of \(withSteps.count)")
    }

    @Test func missedCallsFollowCollapses() {
        let withCalls = incidents(.collapse).filter { $0.0.household.sources.contains(.calls) }
        let missed = withCalls.filter { household, collapse in
            household.readings.contains { $0.signal == .callMissed && $0.time >= collapse.onset }
        }
        #expect(!withCalls.isEmpty)
        #expect(missed.count * 2 >= withCalls.count, "\(missed.count) of \(withCalls.count)")
    }

    @Test func noDataInsideADeviceFault() {
        for (household, fault) in incidents(.devicePower) {
            #expect(!household.readings.contains { $0.signal == .power && inside($0.time, fault) })
        }
        for (household, fault) in incidents(.devicePhone) {
            #expect(!household.readings.contains { $0.signal.source != .power && inside($0.time, fault) })
        }
        #expect(!incidents(.devicePower).isEmpty && !incidents(.devicePhone).isEmpty)
    }

    @Test func telecomOutagesSilenceEveryPhone() {
        let outages = simulation.districtIncidents.filter { $0.kind == .outageTelecom }
        #expect(!outages.isEmpty)
        for outage in outages {
            for household in households {
                #expect(!household.readings.contains { $0.signal.source != .power && inside($0.time, outage) })
            }
        }
    }

    @Test func powerOutagesSilenceTheCutNeighbourhoods() {
        let outages = simulation.calendar.powerOutages
        #expect(!outages.isEmpty)
        for outage in outages {
            let window = Incident(
                household: nil, kind: .outagePower, onset: Timestamp(unixSeconds: outage.start),
                end: Timestamp(unixSeconds: outage.end))
            for household in households where outage.neighbourhoods[household.neighbourhood] {
                #expect(!household.readings.contains { $0.signal == .power && inside($0.time, window) })
            }
        }
    }

    @Test func theHomeIsQuietAndThePhoneMovesDuringAnAway() {
        var quieter = 0, compared = 0, walked = 0, withSteps = 0
        for (household, away) in incidents(.away) where away.end != nil {
            let end = away.end!
            guard end.unixSeconds - away.onset.unixSeconds >= 86_400 else { continue }
            let power = household.readings.filter { $0.signal == .power }
            let during = power.filter { inside($0.time, away) }.map(\.value)
            let outside = power.filter { !inside($0.time, away) }.map(\.value)
            if during.count > 10, outside.count > 10 {
                compared += 1
                if during.max()! < outside.max()! && mean(during) < mean(outside) { quieter += 1 }
            }
            if household.household.sources.contains(.steps) {
                withSteps += 1
                let steps = household.readings.filter { $0.signal == .steps && inside($0.time, away) }
                if steps.reduce(0, { $0 + $1.value }) > 500 { walked += 1 }
            }
        }
        #expect(compared > 5 && quieter * 10 >= compared * 9, "\(quieter) of \(compared)")
        #expect(withSteps > 5 && walked * 10 >= withSteps * 8, "\(walked) of \(withSteps)")
    }

    @Test func illnessLowersDailySteps() {
        var lower = 0, compared = 0
        for (household, illness) in incidents(.illness) where household.household.sources.contains(.steps) {
            let steps = household.readings.filter { $0.signal == .steps }
            let during = steps.filter { inside($0.time, illness) }.reduce(0) { $0 + $1.value }
            let before = steps.filter { $0.time < illness.onset }
            guard before.count > 24 * 7, let end = illness.end, end.unixSeconds > illness.onset.unixSeconds else {
                continue
            }
            let duringDays = Double(end.unixSeconds - illness.onset.unixSeconds) / 86_400
            let beforeDays = Double(illness.onset.unixSeconds - simulation.grid.startUnixSeconds) / 86_400
            compared += 1
            if during / duringDays < before.reduce(0, { $0 + $1.value }) / beforeDays { lower += 1 }
        }
        #expect(compared >= 5 && lower * 10 >= compared * 7, "\(lower) of \(compared)")
    }

    @Test func withdrawalLowersOutgoingCalls() {
        var early = 0.0, late = 0.0
        for (household, withdrawal) in incidents(.withdrawal) where household.household.sources.contains(.calls) {
            let onset = withdrawal.onset
            let outgoing = household.readings.filter { $0.signal == .callOut }
            early += Double(outgoing.filter { $0.time < onset && $0.time >= onset.adding(seconds: -14 * 86_400) }.count)
            late += Double(outgoing.filter { $0.time >= onset.adding(seconds: 28 * 86_400) && $0.time < onset
                .adding(seconds: 42 * 86_400) }.count)
        }
        #expect(early > 10 && late < early * 0.7, "14 days before: \(early) calls; weeks 5–6 after: \(late)")
    }

    @Test func phonesReportStepsHourlyWhenOn() {
        // Outside faults, outages and collapses, a phone with a step counter sends a row every hour (0 steps too).
        for household in households.prefix(40) where household.household.sources.contains(.steps) {
            let blocked = household.incidents.filter { $0.kind == .devicePhone || $0.kind == .collapse }
                + simulation.districtIncidents.filter { $0.kind == .outageTelecom }
            let reports = household.readings.filter { $0.signal == .steps }
            let expected = simulation.grid.count
            #expect(reports.count <= expected)
            let blockedHours = blocked.reduce(0) {
                $0 + Int((($1.end ?? simulation.grid.end).unixSeconds - $1.onset.unixSeconds) / 3600) + 2
            }
            #expect(reports.count + blockedHours + expected / 50 >= expected, "\(household.household.id)")
        }
    }

    @Test func absencesAreTrips() {
        for household in households {
            for absence in household.absences {
                #expect(absence.start < absence.end)
                #expect(absence.household == household.household.id)
            }
        }
    }
}

func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }
