import CareModel
import Modeling

/// A solved roster: who works which shift on which day, every soft penalty with its cause,
/// the hard rules that could not be met, and the figures a centre reports.
public struct RosterPlan: Sendable {
    public struct Assignment: Sendable, Equatable {
        public let personID: String
        public let date: CalendarDate
        public let shift: ShiftType
    }

    /// One line of `violations.csv`: a soft penalty, or a hard rule the plan could not meet.
    public struct Violation: Sendable, Equatable {
        public let kind: String
        public let personID: String
        public let date: String
        public let shiftID: String
        public let skill: String
        public let amount: Int
        public let penalty: Double
        public let cause: String
    }

    public struct KPIs: Sendable, Equatable {
        public let people: Int
        public let days: Int
        public let shiftsWorked: Int
        /// Penalty per kind: cover_under, cover_over, request_on, request_off.
        public let penaltyByKind: [String: Double]
        /// Σ min(staffed, required) / Σ required over cover lines (1 when nothing is required).
        public let coverMetShare: Double
        /// Requests honoured / requests with a weight.
        public let requestsHonouredShare: Double
        public let requests: Int
        /// Hard rules not met (each named in violations.csv).
        public let rulesNotMet: Int
        public let neighbourhoodRounds: Int
    }

    public let problem: RosterProblem
    /// Each person's shift per day (nil: off).
    public let grid: RosterGrid
    /// Its objective is the total penalty.
    public let search: SearchEnd
    public let assignments: [Assignment]
    public let violations: [Violation]
    public let kpis: KPIs
    /// What would lift the rules the plan could not meet and cover the shifts left short, in
    /// the planner's words (``RosterDiagnosis``).
    public let fixes: [String]
    /// Re-planning: the cells not as the earlier roster had them (nil when none was given).
    public let changes: Changes?

    /// Re-planning: how the roster differs from the earlier one, cell by cell.
    public struct Changes: Sendable, Equatable {
        public struct Cell: Sendable, Equatable {
            public let personID: String
            public let date: CalendarDate
            public let before: String?
            public let after: String?
            /// `leave` (the person is on leave that day now), or `rule_or_cover` (a contract rule,
            /// or a shift that would otherwise be short, forced it).
            public let why: String
        }
        public let cells: [Cell]
        public let kept: Int
        /// The first day that could change; the cells before it were to be kept.
        public let from: CalendarDate
        /// People of the earlier roster no longer in the tables.
        public let peopleLeft: Int

        public var changedBeforeFrom: Int { cells.filter { $0.date < from }.count }

        public var figures: [Figure] {
            [Figure("cells_kept", "earlier cells kept", kept, .count, .higherIsBetter),
             Figure("cells_changed", "earlier cells changed", cells.count, .count, .lowerIsBetter),
             Figure("cells_changed_before_from", "cells changed before the re-plan's first day", changedBeforeFrom, .count, .lowerIsBetter),
             Figure("changed_leave", "changed: leave", cells.filter { $0.why == "leave" }.count, .count, .neutral),
             Figure("people_left", "earlier people gone", peopleLeft, .count, .neutral)]
        }

        /// `re-planned from 2026-12-14: 334 of 336 earlier cells kept; 2 changed (2: leave)`
        public var sentence: String {
            let leave = cells.filter { $0.why == "leave" }.count, other = cells.count - leave
            let why = [(leave, "leave"), (other, "a rule or a short shift")].filter { $0.0 > 0 }.map { "\($0.0): \($0.1)" }
            return "re-planned from \(from): \(kept) of \(kept + cells.count) earlier cells kept; \(cells.count) changed"
                + (why.isEmpty ? "" : " (\(why.joined(separator: "; ")))") + (changedBeforeFrom > 0 ? ", \(changedBeforeFrom) of them before \(from)" : "")
        }

        /// `roster/changes.csv`.
        public var csv: String {
            var out = CSVWriter(header: ["person_id", "date", "shift_before", "shift_after", "why"])
            for c in cells { out.append([c.personID, c.date.description, c.before ?? "", c.after ?? "", c.why]) }
            return out.text
        }
    }

    init(problem p: RosterProblem, grid: RosterGrid, minMinutes: [Int], reachProven: [Bool], status: TerminationStatus, stop: StopReason,
         bound: Double, rounds: Int, seconds: Double) {
        problem = p
        self.grid = grid
        let evaluation = RosterEvaluation(p, grid)
        // Penalties are never negative, so neither is the optimum.
        search = SearchEnd(status: status, stop: stop, objective: evaluation.total, bound: min(max(0, bound), evaluation.total), seconds: seconds)
        var assignments = [Assignment]()
        for (q, person) in p.people.enumerated() {
            for d in 0..<p.days { if let t = grid[q][d] { assignments.append(Assignment(personID: person.id, date: p.horizon.date(d), shift: p.shifts[t])) } }
        }
        self.assignments = assignments
        var violations = evaluation.breaches.map { b in
            Violation(kind: "rule_\(b.rule)", personID: p.people[b.person].id, date: "", shiftID: "", skill: "", amount: 1, penalty: 0,
                      cause: b.detail + (minMinutes[b.person] < p.people[b.person].minMinutes && b.rule == "min_minutes"
                          ? (reachProven[b.person] ? "; the person's other rules and leave allow at most \(minMinutes[b.person])"
                             : "; the most found under the person's other rules and leave: \(minMinutes[b.person])") : ""))
        }
        for pen in evaluation.penalties where pen.kind != .keep {
            let date = p.horizon.date(pen.day).description, shift = pen.shift.map { p.shifts[$0].id } ?? ""
            let cause: String
            switch pen.kind {
            case .coverUnder: cause = "\(pen.amount) short of the cover of \(shift) on \(date)\(pen.skill.map { " (skill \($0))" } ?? "")"
            case .coverOver: cause = "\(pen.amount) more than the cover of \(shift) on \(date)\(pen.skill.map { " (skill \($0))" } ?? "")"
            case .requestOn: cause = "asked to work \(shift.isEmpty ? "any shift" : shift) on \(date)"
            case .requestOff: cause = "asked to be off\(shift.isEmpty ? "" : " \(shift)") on \(date)"
            case .keep: cause = ""
            }
            violations.append(Violation(kind: pen.kind.rawValue, personID: pen.person.map { p.people[$0].id } ?? "", date: date, shiftID: shift,
                                        skill: pen.skill ?? "", amount: pen.amount, penalty: pen.cost, cause: cause))
        }
        self.violations = violations
        var byKind = [String: Double]()
        for kind in RosterEvaluation.PenaltyKind.allCases { byKind[kind.rawValue] = evaluation.total(of: kind) }
        let required = p.cover.reduce(0) { $0 + $1.required }
        let met = p.cover.reduce(0) { $0 + min($1.required, p.staffed($1, grid)) }
        let weighted = p.requests.filter { $0.weight > 0 && !$0.keep }.count
        let missed = evaluation.penalties.filter { $0.kind == .requestOn || $0.kind == .requestOff }.count
        kpis = KPIs(people: p.people.count, days: p.days, shiftsWorked: assignments.count, penaltyByKind: byKind,
                    coverMetShare: required == 0 ? 1 : Double(met) / Double(required),
                    requestsHonouredShare: weighted == 0 ? 1 : Double(weighted - missed) / Double(weighted),
                    requests: weighted, rulesNotMet: evaluation.breaches.count, neighbourhoodRounds: rounds)
        fixes = RosterDiagnosis(problem: p, evaluation: evaluation, minMinutes: minMinutes, reachProven: reachProven).fixes
        changes = p.previous.isEmpty ? nil : Self.changes(p, grid: grid, previous: p.previous, from: p.previousFrom)
    }

    static func changes(_ p: RosterProblem, grid: RosterGrid, previous: [String: [CalendarDate: String]], from: CalendarDate?) -> Changes {
        var cells = [Changes.Cell](), kept = 0
        for (q, person) in p.people.enumerated() {
            guard let earlier = previous[person.id] else { continue }
            for d in 0..<p.days {
                let date = p.horizon.date(d), before = earlier[date], after = grid[q][d].map { p.shifts[$0].id }
                if before == after { kept += 1; continue }
                cells.append(.init(personID: person.id, date: date, before: before, after: after, why: person.leave.contains(d) ? "leave" : "rule_or_cover"))
            }
        }
        let ids = Set(p.people.map(\.id))
        return Changes(cells: cells.sorted { ($0.personID, $0.date) < ($1.personID, $1.date) }, kept: kept, from: from ?? p.horizon.start,
                       peopleLeft: previous.keys.filter { !ids.contains($0) }.count)
    }
}

extension RosterPlan: PlanOutcome {
    public static let name = "roster"
    public var title: String { "Roster \(problem.horizon.start) to \(problem.horizon.end) (\(problem.days) days, \(kpis.people) people, \(problem.shiftCount) shift types)" }
    /// A roster is solved as one whole.
    public var components: Int { 1 }

    public var figures: [Figure] {
        let k = kpis
        return [
            Figure("people", "people", k.people, .count, .neutral),
            Figure("days", "days", k.days, .count, .neutral),
            Figure("shifts_worked", "shifts worked", k.shiftsWorked, .count, .neutral),
        ] + RosterEvaluation.PenaltyKind.allCases.filter { $0 != .keep || changes != nil }.map { kind in
            Figure("penalty_\(kind.rawValue)", "penalty \(kind.rawValue)", k.penaltyByKind[kind.rawValue] ?? 0, .penalty, .lowerIsBetter)
        } + [
            Figure("cover_met_share", "cover met", k.coverMetShare, .share, .higherIsBetter),
            Figure("requests", "requests", k.requests, .count, .neutral),
            Figure("requests_honoured_share", "requests honoured", k.requestsHonouredShare, .share, .higherIsBetter),
            Figure("rules_not_met", "rules not met", k.rulesNotMet, .count, .lowerIsBetter),
            Figure("neighbourhood_rounds", "neighbourhood rounds", k.neighbourhoodRounds, .count, .neutral),
        ] + (changes?.figures ?? [])
    }

    /// The hard rules the roster could not meet (uncovered shifts are penalties, in `fixes`).
    public var shortfalls: [Shortfall] {
        violations.filter { $0.kind.hasPrefix("rule_") }.map { Shortfall(subject: $0.personID, rule: String($0.kind.dropFirst(5)), detail: $0.cause) }
    }
}
