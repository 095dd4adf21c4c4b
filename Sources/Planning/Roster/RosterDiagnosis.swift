import CareModel

/// What would let a roster meet what it could not, in the planner's words: the contract rules
/// a person's leave and maxima make impossible, and the shifts left short of people, grouped by
/// weekday, shift and skill ("Tuesdays, N (23:00 to 07:00 next day), skill senior: 1 more person
/// with skill senior would cover the 4 short shifts (2026-12-08, ...)").
struct RosterDiagnosis {
    let problem: RosterProblem
    let evaluation: RosterEvaluation
    /// Each person's minimum minutes as the search could hold them (lowered where unreachable).
    let minMinutes: [Int]
    /// Whether each lowered minimum is proven the most the person can work.
    let reachProven: [Bool]

    var fixes: [String] { ruleFixes + coverFixes }

    /// One sentence per hard rule not met.
    var ruleFixes: [String] {
        evaluation.breaches.map { b in
            let person = problem.people[b.person]
            switch b.rule {
            case "min_minutes":
                let reach = reachProven[b.person] ? "at most \(minMinutes[b.person])" : "the most found: \(minMinutes[b.person])"
                return "\(person.id) cannot reach min_minutes \(person.minMinutes) (\(reach) with their leave, maxima and runs): lower min_minutes or allow more shifts"
            default:
                return "\(person.id): \(b.rule) not met (\(b.detail))"
            }
        }
    }

    /// One sentence per weekday, shift and skill left short on some day: how many more people
    /// (the most missing on any of those days) would cover them, and which days.
    var coverFixes: [String] {
        struct Group: Hashable { let weekday: Int; let shift: Int; let skill: String? }
        var days = [Group: [(date: CalendarDate, missing: Int)]]()
        for p in evaluation.penalties where p.kind == .coverUnder {
            guard let shift = p.shift else { continue }
            let date = problem.horizon.date(p.day)
            days[Group(weekday: date.weekday, shift: shift, skill: p.skill), default: []].append((date, p.amount))
        }
        let order = days.keys.sorted { ($0.weekday, $0.shift, $0.skill ?? "") < ($1.weekday, $1.shift, $1.skill ?? "") }
        return order.map { g in
            let list = days[g]!.sorted { $0.date < $1.date }
            let more = list.map(\.missing).max()!
            let dates = list.prefix(4).map { $0.date.description }.joined(separator: ", ") + (list.count > 4 ? " and \(list.count - 4) more" : "")
            let who = "\(more) more \(more == 1 ? "person" : "people")\(g.skill.map { " with skill \($0)" } ?? "")"
            let skill = g.skill.map { ", skill \($0)" } ?? ""
            return "\(CalendarDate.weekdayNames[g.weekday - 1])s, \(problem.describe(g.shift))\(skill): \(who) would cover the "
                + "\(list.count) short shift\(list.count == 1 ? "" : "s") (\(dates))"
        }
    }
}
