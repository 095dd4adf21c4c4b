import CareModel

/// Why a person works (or not) on a day, and how a day's shifts are covered.
extension RosterProblem {
    /// A roster as written (assignments.csv), read back: person id and day to the shift worked.
    public struct WrittenPlan: Sendable {
        public var grid: RosterGrid
        public init(grid: RosterGrid) { self.grid = grid }
    }

    /// The grid of `assignments` (person id, date, shift id) over this horizon; rows of unknown
    /// people, dates or shifts are left out.
    public func writtenPlan(_ assignments: [(person: String, date: CalendarDate, shift: String)]) -> WrittenPlan {
        var grid = RosterGrid(repeating: [Int?](repeating: nil, count: days), count: people.count)
        let personIndex = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1.id, $0) })
        let shiftIndex = Dictionary(uniqueKeysWithValues: shifts.enumerated().map { ($1.id, $0) })
        for a in assignments {
            guard let q = personIndex[a.person], let d = horizon.day(of: a.date), let t = shiftIndex[a.shift] else { continue }
            grid[q][d] = t
        }
        return WrittenPlan(grid: grid)
    }

    func describe(_ t: Int) -> String {
        let s = shifts[t], end = (s.start + s.minutes) % 1440
        return "\(s.id) (\(s.startText) to \(String(format: "%02d:%02d", end / 60, end % 60))\(s.start + s.minutes > 1440 ? " next day" : ""))"
    }

    /// Person `id` over the horizon, or on `date` when given; nil when not on the roster (or the
    /// date is outside the horizon).
    public func explain(person id: String, date: CalendarDate?, plan: WrittenPlan) -> Explanation? {
        guard let q = people.firstIndex(where: { $0.id == id }) else { return nil }
        let person = people[q], row = plan.grid[q]
        let skills = person.skills.isEmpty ? "" : " (skills \(person.skills.sorted().joined(separator: ", ")))"
        let own = requests.filter { $0.person == q && !$0.keep }
        func honoured(_ r: Request) -> Bool {
            switch r.kind {
            case .on: return r.shift.map { row[r.day] == $0 } ?? (row[r.day] != nil)
            case .off: return r.shift.map { row[r.day] != $0 } ?? (row[r.day] == nil)
            }
        }
        func words(_ r: Request) -> String {
            let shift = r.shift.map { shifts[$0].id }
            return r.kind == .on ? "asked to work \(shift ?? "any shift")" : "asked to be off\(shift.map { " \($0)" } ?? "")"
        }
        guard let date else {
            let worked = row.compactMap { $0 }, minutes = worked.reduce(0) { $0 + shifts[$1].minutes }
            var out = Explanation(title: "Person \(id)\(skills), \(horizon.start) to \(horizon.end)")
            out.details.append("\(worked.count) shift\(worked.count == 1 ? "" : "s"), \(CSVWriter.number(Double(minutes) / 60)) hours"
                               + (person.leave.isEmpty ? "" : "; \(person.leave.count) day\(person.leave.count == 1 ? "" : "s") of leave"))
            for t in shifts.indices {
                let n = worked.filter { $0 == t }.count
                if n > 0 { out.details.append("\(describe(t)): \(n)") }
            }
            if !own.isEmpty { out.details.append("requests honoured: \(own.filter(honoured).count) of \(own.count)") }
            return out
        }
        guard let d = horizon.day(of: date) else { return nil }
        var out = Explanation(title: "Person \(id)\(skills) on \(date) (\(date.weekdayName))")
        if let t = row[d] {
            out.details.append("works \(describe(t))")
            for c in cover where c.day == d && c.shift == t && c.people.contains(q) {
                out.details.append("cover of \(shifts[t].id)\(c.skill.map { " (skill \($0))" } ?? ""): \(staffed(c, plan.grid)) of \(c.required) staffed")
            }
        } else {
            out.details.append(person.leave.contains(d) ? "on leave" : "off")
        }
        for r in own where r.day == d {
            out.details.append("\(words(r)) (weight \(CSVWriter.number(r.weight))): \(honoured(r) ? "honoured" : "not honoured")")
        }
        return out
    }

    /// The cover of `date`: each shift's people against what it requires, and for a shift short
    /// of people, why each who could have worked it did not.
    public func explain(date: CalendarDate, plan: WrittenPlan) -> Explanation? {
        guard let d = horizon.day(of: date) else { return nil }
        var out = Explanation(title: "Cover on \(date) (\(date.weekdayName))")
        let before = RosterEvaluation(self, plan.grid)
        let broken = Set(before.breaches.map { "\($0.person) \($0.rule)" })
        for c in cover where c.day == d {
            let on = c.people.filter { plan.grid[$0][d] == c.shift }
            let staffedCount = on.count
            out.details.append("\(describe(c.shift))\(c.skill.map { ", skill \($0)" } ?? ""): \(staffedCount) of \(c.required) staffed"
                               + (on.isEmpty ? "" : " (\(on.map { people[$0].id }.joined(separator: ", ")))"))
            guard staffedCount < c.required else { continue }
            for q in c.people where plan.grid[q][d] != c.shift {
                let why: String
                if people[q].leave.contains(d) {
                    why = "on leave"
                } else if let other = plan.grid[q][d] {
                    why = "works \(shifts[other].id) that day"
                } else if requests.contains(where: { $0.person == q && $0.day == d && !$0.keep && $0.kind == .off && ($0.shift == nil || $0.shift == c.shift) }) {
                    why = "asked to be off"
                } else {
                    // Put them on it and see: a rule of theirs broken, or the penalty it would add.
                    var grid = plan.grid
                    grid[q][d] = c.shift
                    let after = RosterEvaluation(self, grid)
                    if let rule = after.breaches.first(where: { $0.person == q && !broken.contains("\(q) \($0.rule)") }) {
                        why = "off; working it would break their \(rule.rule) rule (\(rule.detail))"
                    } else {
                        let change = after.total - before.total
                        why = change >= 0 ? "off; working it would add \(CSVWriter.number(change)) to the penalty"
                                          : "off; working it would lower the penalty by \(CSVWriter.number(-change)) (the search stopped before finding this)"
                    }
                }
                out.details.append("  \(people[q].id): \(why)")
            }
        }
        return out
    }
}
