import CareModel
import Foundation
import Modeling

/// A budget for hires, shared out among the components by a knapsack over hire counts.
///
/// Roles never meet in a rule (each requirement counts one role and each person has one), so a
/// component's roles are models of their own, and the budget is the only tie between them all.
/// A *group* is one role of one component. With at most n hires a group is solved level by level
/// like any component (`StaffingPlanner.solve`), which gives its levels (unmet, cost, moves and
/// travel) as a function of n:
/// 1. each group is solved with as many hires as the budget could buy it alone (`most`); the
///    hires that plan makes, H, are all it can use (more meet nothing more, the cost level having
///    removed the rest). When every group's H together fit the budget, that is the plan;
/// 2. otherwise each group is also solved with at most 0, 1, ..., H - 1 hires, and a dynamic
///    program over the money spent (`cheapestShare`) picks every group's n: the least levels
///    summed, in priority order, within the budget.
///
/// Exact: the district's optimum gives each group some number of hires whose cost fits the budget
/// together, and each group's plan with at most that many hires is no worse, in priority order,
/// than its part of the optimum. n = 0 for every group (no hires) is among the choices, so a
/// budget never makes a plan worse than no budget.
struct StaffingBudgetShare {
    let problem: StaffingProblem
    let budget: Double

    struct Group: Sendable {
        let role: StaffMember.Role
        let people: [Int]
        let sites: [Int]
        /// The cost of one hire.
        let price: Double
        /// Hires this group could make with the whole budget: what its slots could use, at most
        /// what the budget buys.
        let most: Int
        var size: Int { people.count + sites.count }
    }

    /// Every role of every component that has a requirement or a person of it, in component and role order.
    var groups: [Group] {
        problem.components.flatMap { component in
            StaffMember.Role.allCases.compactMap { role -> Group? in
                let people = component.people.filter { problem.data.staff[$0].role == role }
                let requirements = component.sites.flatMap { problem.requirementsOf[$0] }.filter { problem.requirements[$0].kind.role == role }
                guard !people.isEmpty || !requirements.isEmpty else { return nil }
                let price = problem.policy.cost(role)
                let usable = component.sites.flatMap { problem.hireSlotsAt[$0] }.filter { problem.hireSlots[$0].role == role }
                    .reduce(0) { $0 + problem.hireSlots[$1].upper }
                let affordable = price > 0 ? Int((budget / price + 1e-9).rounded(.down)) : usable
                return Group(role: role, people: people, sites: component.sites, price: price, most: min(usable, affordable))
            }
        }
    }

    /// The group's model with at most `hires` hires (a free role: as many as its slots use).
    func formulation(_ g: Group, hires: Int) -> StaffingFormulation {
        let money = g.price > 0 ? Double(hires) * g.price : budget
        return StaffingFormulation(problem: problem, people: g.people, sites: g.sites, budget: hires > 0 ? money : nil, role: g.role)
    }

    /// The plan: each group's levels at each hire count, and the dynamic program's pick.
    func plan(solver: any PlanSolver, settings: SolverSettings, deadline: Date?) throws -> (results: [StaffingPlanner.ComponentResult], binds: Bool, bounds: [Double]?) {
        let groups = self.groups
        func solve(_ jobs: [(group: Int, hires: Int)]) throws -> [StaffingPlanner.ComponentResult] {
            settings.progress?.begin(plan: "staffing", components: jobs.count)
            return try solveLargestFirst(jobs.count, size: { groups[jobs[$0].group].size }, threads: settings.threads, progress: settings.progress) { j in
                try StaffingPlanner.solve(formulation(groups[jobs[j].group], hires: jobs[j].hires), solver: solver, settings: settings, deadline: deadline)
            }
        }
        let top = try solve(groups.indices.map { ($0, groups[$0].most) })
        if top.reduce(0, { $0 + $1.cost }) <= budget + 1e-9 { return (top, false, nil) }

        // The budget binds: each group with fewer hires, down to none.
        let hiresUsed = top.map { $0.hires.reduce(0) { $0 + $1.count } }
        let jobs: [(group: Int, hires: Int)] = groups.indices.flatMap { g in groups[g].price > 0 ? (0..<hiresUsed[g]).map { (g, $0) } : [] }
        let fewer = try solve(jobs)
        var byCount = groups.indices.map { [top[$0]] }  // byCount[g][k]: the plan with at most H - k hires
        for (j, job) in jobs.enumerated().reversed() { byCount[job.group].append(fewer[j]) }
        let choices = byCount.map { $0.map { (spend: $0.cost, levels: $0.levels) } }
        let pick = Self.cheapestShare(choices, budget: budget)
        let results = groups.indices.map { byCount[$0][pick[$0]] }
        if (top + fewer).allSatisfy({ $0.status == .optimal }) { return (results, true, nil) }
        // Not every group proven: the unmet level is still bounded, by the same program over each
        // group's bounds (none, when a search ended before it had one); the later levels are not.
        let bounds = byCount.map { $0.map { (spend: $0.cost, levels: [$0.bounds[0]]) } }
        guard bounds.allSatisfy({ $0.allSatisfy { $0.levels[0].isFinite } }) else { return (results, true, [-.infinity, -.infinity, -.infinity]) }
        let least = Self.cheapestShare(bounds, budget: budget)
        return (results, true, [groups.indices.reduce(0) { $0 + byCount[$1][least[$1]].bounds[0] }, -.infinity, -.infinity])
    }

    /// The dynamic program over money spent: one choice per group (its spend and levels), the
    /// least levels summed in priority order with the spends summed within `budget`; among
    /// equals, the least spend, then the earlier choices. Keeps only the states no cheaper state
    /// beats (a Pareto front of spend against levels).
    static func cheapestShare(_ choices: [[(spend: Double, levels: [Double])]], budget: Double) -> [Int] {
        struct State { var spend: Double; var levels: [Double]; var picks: [Int] }
        var front = [State(spend: 0, levels: choices.first?.first.map { $0.levels.map { _ in 0 } } ?? [], picks: [])]
        for options in choices {
            var next = [State]()
            for s in front {
                for (k, c) in options.enumerated() where s.spend + c.spend <= budget + 1e-9 {
                    next.append(State(spend: s.spend + c.spend, levels: zip(s.levels, c.levels).map { $0 + $1 }, picks: s.picks + [k]))
                }
            }
            next.sort { a, b in
                if a.spend != b.spend { return a.spend < b.spend }
                if a.levels != b.levels { return a.levels.lexicographicallyPrecedes(b.levels) }
                return a.picks.lexicographicallyPrecedes(b.picks)
            }
            front = []
            for s in next where front.last.map({ precedes(s.levels, $0.levels) }) ?? true { front.append(s) }
        }
        // The front's last state has the least levels (each one kept beats every cheaper one).
        return front.last?.picks ?? []
    }

    /// `a` comes before `b` in priority order: less at the first level where they differ (beyond
    /// rounding: the levels are sums of GLPK's values).
    static func precedes(_ a: [Double], _ b: [Double]) -> Bool {
        for (x, y) in zip(a, b) {
            let tolerance = 1e-6 * max(1, abs(x), abs(y))
            if x < y - tolerance { return true }
            if x > y + tolerance { return false }
        }
        return false
    }
}
