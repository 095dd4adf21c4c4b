/// A roster checked and priced in Swift, cell by cell, independently of any model: the hard
/// rules it breaks and every soft penalty with its cause.
public struct RosterEvaluation: Sendable {
    public enum PenaltyKind: String, Sendable, CaseIterable, Codable {
        case coverUnder = "cover_under"
        case coverOver = "cover_over"
        case requestOn = "request_on"
        case requestOff = "request_off"
        /// Re-planning: a cell of the earlier roster not kept.
        case keep = "keep"
    }

    /// One soft penalty: which rule, who or which shift, how much.
    public struct Penalty: Sendable, Equatable {
        public let kind: PenaltyKind
        public let day: Int
        public let shift: Int?
        /// The person (requests), nil for cover.
        public let person: Int?
        /// The cover line's skill, if any.
        public let skill: String?
        /// People missing or extra (cover), 1 for a request.
        public let amount: Int
        public let cost: Double
    }

    /// A hard rule a person's roster breaks.
    public struct Breach: Sendable, Equatable {
        public let person: Int
        public let rule: String
        public let detail: String
    }

    public let penalties: [Penalty]
    public let breaches: [Breach]
    public var total: Double { penalties.reduce(0) { $0 + $1.cost } }

    public func total(of kind: PenaltyKind) -> Double { penalties.filter { $0.kind == kind }.reduce(0) { $0 + $1.cost } }

    public init(_ p: RosterProblem, _ grid: RosterGrid) {
        var penalties = [Penalty]()
        for c in p.cover {
            let staffed = p.staffed(c, grid)
            if staffed < c.required, c.underWeight > 0 {
                penalties.append(Penalty(kind: .coverUnder, day: c.day, shift: c.shift, person: nil, skill: c.skill,
                                         amount: c.required - staffed, cost: c.underWeight * Double(c.required - staffed)))
            }
            if staffed > c.required, c.overWeight > 0 {
                penalties.append(Penalty(kind: .coverOver, day: c.day, shift: c.shift, person: nil, skill: c.skill,
                                         amount: staffed - c.required, cost: c.overWeight * Double(staffed - c.required)))
            }
        }
        for r in p.requests where r.weight > 0 {
            let worked = grid[r.person][r.day]
            let hit = r.shift.map { worked == $0 } ?? (worked != nil)
            if r.keep {
                if hit != (r.kind == .on) { penalties.append(Penalty(kind: .keep, day: r.day, shift: r.shift, person: r.person, skill: nil, amount: 1, cost: r.weight)) }
                continue
            }
            switch r.kind {
            case .on where !hit:
                penalties.append(Penalty(kind: .requestOn, day: r.day, shift: r.shift, person: r.person, skill: nil, amount: 1, cost: r.weight))
            case .off where hit:
                penalties.append(Penalty(kind: .requestOff, day: r.day, shift: r.shift, person: r.person, skill: nil, amount: 1, cost: r.weight))
            default: break
            }
        }
        self.penalties = penalties
        breaches = p.people.indices.flatMap { Self.breaches(p, person: $0, grid[$0], minMinutes: p.people[$0].minMinutes) }
    }

    /// The hard rules `days` (one person's shifts) breaks, each named as the contract names it.
    static func breaches(_ p: RosterProblem, person q: Int, _ days: [Int?], minMinutes: Int) -> [Breach] {
        let person = p.people[q], D = p.days
        var out = [Breach]()
        func breach(_ rule: String, _ detail: String) { out.append(Breach(person: q, rule: rule, detail: detail)) }
        for d in person.leave.sorted() where days[d] != nil {
            breach("leave", "works \(p.shifts[days[d]!].id) on \(p.horizon.date(d)), a day of leave")
        }
        for d in 0..<max(0, D - 1) {
            if let t = days[d], let u = days[d + 1], p.forbiddenNext[t].contains(u) {
                breach("not_followed_by", "\(p.shifts[u].id) on \(p.horizon.date(d + 1)) follows \(p.shifts[t].id)")
            }
        }
        for t in 0..<p.shiftCount {
            let n = days.filter { $0 == t }.count
            if n > person.maxShifts[t] { breach("max_shifts", "\(n) \(p.shifts[t].id) shifts, at most \(person.maxShifts[t])") }
        }
        let minutes = days.reduce(0) { $0 + ($1.map { p.shifts[$0].minutes } ?? 0) }
        if minutes > person.maxMinutes { breach("max_minutes", "\(minutes) minutes, at most \(person.maxMinutes)") }
        if minutes < minMinutes { breach("min_minutes", "\(minutes) minutes, at least \(minMinutes)") }
        // Runs of working days and of days off; a run touching the start or the end is exempt
        // from the minimum lengths.
        var d = 0
        while d < D {
            var e = d
            while e + 1 < D && (days[e + 1] != nil) == (days[d] != nil) { e += 1 }
            let length = e - d + 1, inside = d > 0 && e < D - 1
            if days[d] != nil {
                if length > person.maxConsecutive {
                    breach("max_consecutive", "\(length) working days in a row from \(p.horizon.date(d)), at most \(person.maxConsecutive)")
                }
                if inside && length < person.minConsecutive {
                    breach("min_consecutive", "\(length) working days in a row from \(p.horizon.date(d)), at least \(person.minConsecutive)")
                }
            } else if inside && length < person.minDaysOff {
                breach("min_days_off", "\(length) days off in a row from \(p.horizon.date(d)), at least \(person.minDaysOff)")
            }
            d = e + 1
        }
        let weekends = p.weekends.filter { $0.contains { days[$0] != nil } }.count
        if weekends > person.maxWeekends { breach("max_weekends", "\(weekends) weekends worked, at most \(person.maxWeekends)") }
        return out
    }
}
