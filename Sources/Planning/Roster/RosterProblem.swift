import CareModel
import Modeling

/// A roster's data as numbers: people 0..<P, days 0..<D of the horizon, shift types 0..<T.
///
/// Every hard rule is one person's (one shift a day, successions, per-type maxima, minutes,
/// runs of working days and days off, weekends, leave); only cover ties people together, and
/// it is soft. So each person's rules can be checked alone, and any mix of individually
/// feasible rosters is a feasible roster: the search builds and repairs rosters person by
/// person and never loses feasibility.
public struct RosterProblem: Sendable {
    public struct Person: Sendable {
        public let id: String
        public let skills: Set<String>
        /// Per shift type, the most shifts of it (the horizon's days when unlimited).
        public let maxShifts: [Int]
        public let minMinutes: Int
        public let maxMinutes: Int
        public let maxConsecutive: Int
        public let minConsecutive: Int
        public let minDaysOff: Int
        public let maxWeekends: Int
        /// Days on leave (must be off).
        public let leave: Set<Int>
    }

    public struct Request: Sendable {
        public let person: Int
        public let day: Int
        /// nil: any shift (on) or the whole day (off).
        public let shift: Int?
        public let kind: ShiftRequest.Kind
        public let weight: Double
        /// Re-planning: a request that keeps the earlier roster's cell (not a person's wish).
        public var keep = false
    }

    public struct Cover: Sendable {
        public let day: Int
        public let shift: Int
        public let skill: String?
        public let required: Int
        public let underWeight: Double
        public let overWeight: Double
        /// The people who count towards it (everyone, or those with the skill).
        public let people: [Int]
    }

    public let horizon: RosterHorizon
    public let shifts: [ShiftType]
    public let people: [Person]
    public private(set) var requests: [Request]
    public let cover: [Cover]
    /// Per shift type, the types that may not follow it the next day.
    public let forbiddenNext: [[Int]]
    /// The weekends the horizon touches, each its days.
    public let weekends: [[Int]]
    /// Re-planning: the earlier roster and the first day it may change (``RosterData``).
    public let previous: [String: [CalendarDate: String]]
    public let previousFrom: CalendarDate?

    public var days: Int { horizon.days }
    /// Every weight a whole number: then every roster's penalty is whole, and a bound rounds up.
    public var wholeWeights: Bool {
        requests.allSatisfy { $0.weight == $0.weight.rounded() }
            && cover.allSatisfy { $0.underWeight == $0.underWeight.rounded() && $0.overWeight == $0.overWeight.rounded() }
    }
    public var shiftCount: Int { shifts.count }

    public init(data: RosterData) {
        horizon = data.horizon
        shifts = data.shifts
        let shiftIndex = Dictionary(uniqueKeysWithValues: data.shifts.enumerated().map { ($1.id, $0) })
        let personIndex = Dictionary(uniqueKeysWithValues: data.staff.enumerated().map { ($1.id, $0) })
        var leave = [Set<Int>](repeating: [], count: data.staff.count)
        for l in data.leave { leave[personIndex[l.personID]!].insert(horizon.day(of: l.date)!) }
        let d = data.horizon.days
        people = data.staff.enumerated().map { p, s in
            Person(id: s.id, skills: Set(s.skills), maxShifts: data.shifts.map { min(d, s.maxShifts[$0.id] ?? d) },
                   minMinutes: s.minMinutes, maxMinutes: s.maxMinutes ?? d * 1440,
                   maxConsecutive: min(d, s.maxConsecutive ?? d), minConsecutive: s.minConsecutive, minDaysOff: s.minDaysOff,
                   maxWeekends: s.maxWeekends ?? d, leave: leave[p])
        }
        requests = data.requests.map {
            Request(person: personIndex[$0.personID]!, day: data.horizon.day(of: $0.date)!, shift: $0.shiftID.map { shiftIndex[$0]! },
                    kind: $0.kind, weight: $0.weight)
        }
        let staff = data.staff
        cover = data.cover.map { c in
            Cover(day: data.horizon.day(of: c.date)!, shift: shiftIndex[c.shiftID]!, skill: c.skill, required: c.required,
                  underWeight: c.underWeight, overWeight: c.overWeight,
                  people: staff.indices.filter { c.skill == nil || staff[$0].skills.contains(c.skill!) })
        }
        forbiddenNext = data.shifts.map { s in s.notFollowedBy.map { shiftIndex[$0]! } }
        weekends = data.horizon.weekends
        (previous, previousFrom) = (data.previous, data.previousFrom)
        if !data.previous.isEmpty { requests += Self.keepRequests(data, people: people, shiftIndex: shiftIndex, cover: cover, wishes: requests) }
    }

    /// Re-planning: every cell of the earlier roster (a shift, or a day off) becomes a request
    /// to keep it. From `previousFrom` on each weighs more than all other penalties together, so
    /// only a rule (new leave, a contract) changes a cell there; before it each weighs more than
    /// all those together, so those days stay as they were unless a rule forbids it.
    static func keepRequests(_ data: RosterData, people: [Person], shiftIndex: [String: Int], cover: [Cover], wishes: [Request]) -> [Request] {
        let D = data.horizon.days
        let from = data.previousFrom.flatMap { data.horizon.day(of: $0) } ?? (data.previousFrom.map { $0 > data.horizon.end ? D : 0 } ?? 0)
        var soft = 1.0
        for c in cover {
            soft += c.underWeight * Double(c.required) + c.overWeight * Double(max(0, c.people.count - c.required))
        }
        for r in wishes { soft += r.weight }
        let keepWeight = soft.rounded(.up)
        var cells = [(person: Int, day: Int, shift: Int?)]()
        for (q, person) in people.enumerated() {
            guard let earlier = data.previous[person.id] else { continue }
            for d in 0..<D where !person.leave.contains(d) {
                let shift = earlier[data.horizon.date(d)]
                if let shift, shiftIndex[shift] == nil { continue }  // a shift type no longer in the tables
                cells.append((q, d, shift.flatMap { shiftIndex[$0] }))
            }
        }
        let later = cells.filter { $0.day >= from }.count
        let fixedWeight = keepWeight * Double(later + 1)
        return cells.map { c in
            var r = Request(person: c.person, day: c.day, shift: c.shift, kind: c.shift == nil ? .off : .on,
                            weight: c.day < from ? fixedWeight : keepWeight)
            r.keep = true
            return r
        }
    }

    /// How many people `grid` puts on cover line `c` (those who count for it).
    public func staffed(_ c: Cover, _ grid: RosterGrid) -> Int {
        c.people.reduce(0) { $0 + (grid[$1][c.day] == c.shift ? 1 : 0) }
    }

    /// What person q's requests make each choice of a day cost: `shift[d][t]` for working t on
    /// day d, `off[d]` for resting (an unmet `on` request or a broken `off` request, its weight).
    public struct RequestPrices: Sendable {
        public var shift: [[Double]]
        public var off: [Double]

        /// The requests' cost of a schedule (the person's shift or rest on each day).
        public func cost(of schedule: [Int?]) -> Double {
            var total = 0.0
            for (d, t) in schedule.enumerated() { total += t.map { shift[d][$0] } ?? off[d] }
            return total
        }
    }

    public func requestPrices(of q: Int) -> RequestPrices {
        var prices = RequestPrices(shift: [[Double]](repeating: [Double](repeating: 0, count: shiftCount), count: days),
                                   off: [Double](repeating: 0, count: days))
        for r in requests where r.person == q {
            for t in 0..<shiftCount where (r.kind == .on) != (r.shift == nil || r.shift == t) { prices.shift[r.day][t] += r.weight }
            if r.kind == .on { prices.off[r.day] += r.weight }
        }
        return prices
    }

    /// Each weekend's number, per day (nil on weekdays).
    public var weekendOf: [Int?] {
        var out = [Int?](repeating: nil, count: days)
        for (k, w) in weekends.enumerated() { for d in w { out[d] = k } }
        return out
    }
}

extension RosterProblem {
    /// The whole roster as one integer program (every person, every day): the textbook model
    /// that peers are given in the benchmarks.
    public func wholeModel() -> Model {
        RosterFormulation(problem: self, minMinutes: people.map(\.minMinutes))
            .build(free: Array(people.indices), window: 0..<days, fixed: RosterGrid(repeating: [Int?](repeating: nil, count: days), count: people.count))
            .model
    }
}

/// A roster: for each person and day, the shift worked (nil: off).
public typealias RosterGrid = [[Int?]]
