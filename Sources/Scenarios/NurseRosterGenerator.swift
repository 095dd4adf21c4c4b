import CareModel
import Planning

/// Made-up rosters of the shape of published nurse-rostering benchmarks (Curtois and Qu's shift
/// scheduling instances): tens of people, several shift types of different start times and
/// lengths, successions forbidden where the rest between two shifts would be under 11 hours,
/// contracts that differ per person (full or part time, minutes, runs, days off, weekends,
/// night limits, shift types a person does not work), days of leave, hundreds of weighted
/// requests to work a shift or be off, and cover per day and shift at 100 per person missing and 1
/// per person extra, the demand about nine tenths of what the staff can give. Deterministic per seed.
public struct NurseRosterGenerator: Sendable {
    public let staff: Int
    public let shiftTypes: Int
    public let requests: Int
    public let horizon: RosterHorizon
    public let seed: UInt64

    public init(staff: Int, shiftTypes: Int, requests: Int, horizon: RosterHorizon = RosterGenerator.defaultHorizon, seed: UInt64) {
        precondition(staff > 0 && (1...12).contains(shiftTypes) && requests >= 0, "people, 1 to 12 shift types, requests")
        (self.staff, self.shiftTypes, self.requests, self.horizon, self.seed) = (staff, shiftTypes, requests, horizon, seed)
    }

    public func generate() -> RosterData {
        var rng = SeededRandom(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 29)
        let D = horizon.days, T = shiftTypes, scale = Double(D) / 28
        // Start times spread from 06:00 to 22:00; lengths 6 to 12 hours (multiples of two hours, so
        // minutes count in units of 120); the last type is a night.
        let lengths = [480, 480, 600, 720, 360, 600, 480, 720, 480, 600, 360, 720]
        var starts = (0..<T).map { k in T == 1 ? 7 * 60 : 6 * 60 + (k * 16 * 60 / (T - 1)) / 30 * 30 }
        starts[T - 1] = T == 1 ? starts[0] : 22 * 60
        let ids = (0..<T).map { "S\($0 + 1)" }
        let shifts = (0..<T).map { a in
            // b may not follow a on the next day when it starts less than 11 hours after a ends.
            ShiftType(id: ids[a], start: starts[a], minutes: lengths[a],
                      notFollowedBy: (0..<T).filter { b in starts[b] + 1440 - (starts[a] + lengths[a]) < 11 * 60 }.map { ids[$0] })
        }
        let weekends = horizon.weekends.count
        var people = [RosterPerson](), capacity = 0.0
        for k in 0..<staff {
            let full = rng.chance(0.65)
            let hours = full ? rng.int(140...170) : rng.int(70...110)  // per four weeks
            let maxMinutes = Int(Double(hours * 60) * scale) / 120 * 120
            var limits = [String: Int]()
            if T > 1 { limits[ids[T - 1]] = Int((Double(full ? rng.int(3...7) : rng.int(0...4)) * scale).rounded()) }
            // One or two day types some people do not work at all.
            for _ in 0..<(T > 3 && rng.chance(0.4) ? rng.int(1...2) : 0) { limits[ids[rng.int(0...(T - 2))]] = 0 }
            people.append(RosterPerson(
                id: String(format: "N%03d", k + 1), maxShifts: limits, maxMinutes: maxMinutes,
                minMinutes: Int(Double(maxMinutes) * (full ? 0.8 : 0.6)) / 120 * 120,
                maxConsecutive: full ? rng.int(5...6) : rng.int(3...5), minConsecutive: rng.int(1...2), minDaysOff: rng.int(1...2),
                maxWeekends: max(1, Int(Double(weekends) * (full ? 0.6 : 0.5)))))
            capacity += Double(maxMinutes)
        }
        var leave = [(personID: String, date: CalendarDate)](), onLeave = Set<Int>()
        for (q, person) in people.enumerated() {
            for _ in 0..<rng.int(0...Int((2 * scale).rounded(.up))) {
                let d = rng.int(0...(D - 1))
                if onLeave.insert(q * D + d).inserted { leave.append((person.id, horizon.date(d))) }
            }
        }
        leave.sort { ($0.personID, $0.date) < ($1.personID, $1.date) }
        var requestList = [ShiftRequest](), used = Set<Int>()
        var attempts = 0
        while requestList.count < requests && attempts < 20 * requests {
            attempts += 1
            let q = rng.int(0...(staff - 1)), d = rng.int(0...(D - 1))
            guard !onLeave.contains(q * D + d), used.insert(q * D + d).inserted else { continue }
            let off = rng.chance(0.6)
            requestList.append(ShiftRequest(personID: people[q].id, date: horizon.date(d), shiftID: off && rng.chance(0.5) ? nil : ids[rng.int(0...(T - 1))],
                                            kind: off ? .off : .on, weight: Double(rng.int(1...3))))
        }
        // Cover: nine tenths of the staff's minutes, shared over the types by random shares, more
        // on weekdays than at weekends.
        let share = (0..<T).map { _ in Double(rng.int(2...6)) }, total = share.reduce(0, +)
        var cover = [CoverRequirement]()
        for d in 0..<D {
            let date = horizon.date(d)
            for t in 0..<T {
                let perDay = 0.9 * capacity / Double(D) * share[t] / total / Double(lengths[t]) * (date.isWeekend ? 0.75 : 1.1)
                let required = max(1, Int(perDay.rounded()) + rng.int(-1...1))
                cover.append(CoverRequirement(date: date, shiftID: ids[t], skill: nil, required: required, underWeight: 100, overWeight: 1))
            }
        }
        return RosterData(horizon: horizon, shifts: shifts, staff: people, leave: leave, requests: requestList, cover: cover)
    }
}
