import Foundation
import Modeling

/// Solves the staffing plan component by component and assembles it.
///
/// People reach only sites within `maxTravelMinutes` of their street, so the district splits
/// into independent components, solved on `settings.threads` threads, largest first. Each
/// component is solved level by level (unmet, then hiring cost, then moves and travel): the
/// optimum of a level becomes a row `level <= optimum` of the next, so the priority order is
/// exact whatever the weights. Each level starts from the previous level's plan (the first from
/// a greedy plan: everyone kept where they are, then the unplaced where their role is short).
///
/// Hires share one budget across the district (`StaffingBudgetShare`): each role of each component
/// is then solved with as many hires as it could use and, when those together exceed the budget,
/// with fewer, and a knapsack over the hire counts shares the budget out.
public enum StaffingPlanner {
    struct Placement: Sendable { let option: Int; let share: Double }
    struct Hire: Sendable { let slot: Int; let count: Int }

    struct ComponentResult: Sendable {
        var placements: [Placement]
        var hires: [Hire]
        /// Shortfall of each requirement of the component.
        var shortfall: [Int: Double]
        /// Value and bound of each level.
        var levels: [Double]
        var bounds: [Double]
        var status: TerminationStatus
        var stop: StopReason
        var seconds: Double
        var cost: Double { levels[1] }
    }

    public static func plan(_ problem: StaffingProblem, solver: any PlanSolver, settings: SolverSettings) throws -> StaffingPlan {
        let started = Date()
        let deadline = settings.timeLimit.map { started.addingTimeInterval($0) }
        let components = problem.components
        settings.progress?.begin(plan: "staffing", components: components.count)
        guard problem.policy.budget > 0 else {
            let results = try solveLargestFirst(components.count, size: { components[$0].people.count + components[$0].sites.count },
                                                threads: settings.threads, progress: settings.progress) { c in
                try solve(StaffingFormulation(problem: problem, people: components[c].people, sites: components[c].sites, budget: nil),
                          solver: solver, settings: settings, deadline: deadline)
            }
            return StaffingPlan(problem: problem, results: results, components: components.count, budgetBinds: false,
                                seconds: Date().timeIntervalSince(started))
        }
        let shared = try StaffingBudgetShare(problem: problem, budget: problem.policy.budget).plan(solver: solver, settings: settings, deadline: deadline)
        return StaffingPlan(problem: problem, results: shared.results, bounds: shared.bounds, components: components.count,
                            budgetBinds: shared.binds, seconds: Date().timeIntervalSince(started))
    }

    /// A component's model and its objective levels, with the whole budget (without a budget, as
    /// the planner builds it), for exporting to other solvers.
    public static func componentModel(_ problem: StaffingProblem, _ c: Int) -> (model: Model, levels: [LinearExpression]) {
        model(problem, people: problem.components[c].people, sites: problem.components[c].sites)
    }

    /// The whole district as one model with the budget row (as the planner solved a binding budget
    /// before `StaffingBudgetShare`), for exporting to other solvers.
    public static func districtModel(_ problem: StaffingProblem) -> (model: Model, levels: [LinearExpression]) {
        model(problem, people: problem.components.flatMap(\.people).sorted(), sites: problem.components.flatMap(\.sites).sorted())
    }

    private static func model(_ problem: StaffingProblem, people: [Int], sites: [Int]) -> (model: Model, levels: [LinearExpression]) {
        let mip = StaffingFormulation(problem: problem, people: people, sites: sites, budget: problem.policy.budget > 0 ? problem.policy.budget : nil).build()
        return (mip.model, mip.levels)
    }

    /// Nodes of GLPK's plain search (its defaults) on a level before it goes on with cuts. The plain
    /// search proves most levels within a few dozen nodes, but on some large components the moves
    /// and travel level takes it thousands (Pudong seed 3: 26,000 nodes, 88 s, on one component),
    /// where MIR and Gomory cuts prove it in under 50. A level the plain search proves within
    /// these nodes, or a work limit that stops it first, gives the same plan as before the cuts.
    static let plainNodes = 500

    /// One model, level by level.
    static func solve(_ fo: StaffingFormulation, solver: any Solver, settings: SolverSettings, deadline: Date?) throws -> ComponentResult {
        let started = Date()
        let f = fo
        var mip = f.build()
        var start = f.start(mip)
        var levels = [Double](), bounds = [Double]()
        var status = TerminationStatus.optimal, stop = StopReason.completed
        let count = mip.model.variableCount
        var levelRows = [(level: LinearExpression, upper: Double)]()
        for (k, level) in mip.levels.enumerated() {
            let here = value(of: level, at: start)
            if level.variables.isEmpty {
                levels.append(here); bounds.append(here)
                continue
            }
            mip.model.minimize(level)
            let remaining = deadline.map { $0.timeIntervalSinceNow }
            if let remaining, remaining <= 0.01 {
                // Out of time: the plan so far stands, unproven.
                levels.append(here); bounds.append(-.infinity)
                status = .feasible; stop = .timeLimit
            } else {
                var options = SolveOptions(relativeGap: settings.gap, start: start)
                options.logLevel = .off
                // A search budget in branch-and-bound nodes, per level (settings.workLimit).
                options.nodeLimit = min(settings.workLimit ?? plainNodes, plainNodes)
                // Earlier levels leave time to the later ones.
                options.timeLimit = remaining.map { k == mip.levels.count - 1 ? max(0.01, $0) : max(0.01, $0 / 2) }
                // The start becomes the search's plan when it is no worse (rounded and made whole;
                // `exact`: each shortfall what the rounded plan leaves, not GLPK's, which its
                // tolerance may leave a little above that).
                func adopt(_ solution: Solution, exact: Bool = false) {
                    let here = value(of: level, at: start)
                    guard solution.hasSolution, let objective = solution.objective,
                          objective <= here + 1e-9 * max(1, abs(here)) || solution.status == .optimal else { return }
                    start = [:]
                    for i in 0..<count {
                        let v = mip.model.variable(at: i)
                        let x = solution[v]
                        start[v] = mip.model.kind(of: v) == .continuous ? x : x.rounded()
                    }
                    // GLPK's integer tolerance can leave a share of 1e-6 beside a placement rounded to 0.
                    for (k, o) in mip.options.enumerated() {
                        guard let f = mip.share[k] else { continue }
                        let person = fo.problem.data.staff[fo.problem.options[o].person]
                        start[f] = start[mip.x[k]] == 1 ? min(max(start[f] ?? 0, fo.problem.options[o].minShare), person.maxFTE) : 0
                    }
                    // Each shortfall at least what the rounded plan leaves (rows are in requirement order).
                    var covered = mip.rows.map { $0.variables.reduce(0.0) { $0 + (start[$1] ?? 0) } }
                    for (j, row) in mip.rows.enumerated() {
                        start[mip.u[j]] = min(row.target, max(exact ? 0 : start[mip.u[j]] ?? 0, row.target - covered[j]))
                    }
                    // A hire that every requirement of its slot could do without (each still met
                    // without it) goes: the unmet level stays, the cost level falls. The search finds
                    // that too, but a search stopped early keeps no hire it did not need.
                    for (j, slot) in mip.slots.enumerated() {
                        let rows = fo.problem.hireSlots[slot].requirements.compactMap { mip.requirementPosition[$0] }
                        while (start[mip.h[j]] ?? 0) >= 1, rows.allSatisfy({ covered[$0] - 1 >= mip.rows[$0].target - 1e-9 }) {
                            start[mip.h[j]]! -= 1
                            for r in rows { covered[r] -= 1 }
                        }
                    }
                }
                var solution = try solver.solve(mip.model, options: options.reporting(to: settings.progress))
                if solution.status != .optimal, solution.stop == .workLimit, settings.workLimit.map({ $0 > plainNodes }) ?? true {
                    // Not proven by GLPK's plain search within `plainNodes` nodes: on again from its
                    // plan with MIR and Gomory cuts (see `plainNodes`).
                    adopt(solution, exact: true)
                    // (A start that breaks an earlier level's row by GLPK's tolerance is left out.)
                    options.start = levelRows.allSatisfy({ value(of: $0.level, at: start) <= $0.upper }) ? start : nil
                    options.cuts = [.mixedIntegerRounding, .gomory]
                    options.nodeLimit = settings.workLimit.map { $0 - plainNodes }
                    options.timeLimit = deadline.map { max(0.01, (k == mip.levels.count - 1 ? 1 : 0.5) * $0.timeIntervalSinceNow) }
                    solution = try solver.solve(mip.model, options: options.reporting(to: settings.progress))
                }
                adopt(solution)
                let reached = value(of: level, at: start)
                levels.append(reached)
                bounds.append(min(reached, solution.bound ?? -.infinity))
                if solution.status != .optimal {
                    status = .feasible
                    if stop == .completed { stop = solution.stop == .completed ? .timeLimit : solution.stop }
                }
            }
            // This level's optimum (or best found) is a row of the next.
            let reached = levels.last!
            levelRows.append((level, reached + 1e-4 * max(1, abs(reached))))
            mip.model.addConstraint(LinearConstraint(level, upper: levelRows.last!.upper))
        }
        var placements = [Placement](), hires = [Hire](), shortfall = [Int: Double]()
        // A part-timer's FTE the levels left unused goes to their first site (more cover, never less;
        // every row still holds: shares stay within max_fte in total and at each site).
        var used = [Int: Double]()
        for (k, o) in mip.options.enumerated() where (start[mip.x[k]] ?? 0) > 0.5 {
            if let share = mip.share[k] { used[f.problem.options[o].person, default: 0] += start[share] ?? 0 }
        }
        var given = Set<Int>()
        for (k, o) in mip.options.enumerated() where (start[mip.x[k]] ?? 0) > 0.5 {
            var share = mip.share[k].map { start[$0] ?? 0 } ?? 1
            let p = f.problem.options[o].person
            if mip.share[k] != nil, !given.contains(p) {
                share += max(0, f.problem.data.staff[p].maxFTE - used[p, default: 0])
                given.insert(p)
            }
            placements.append(Placement(option: o, share: (share * 10_000).rounded() / 10_000))
        }
        for (j, slot) in mip.slots.enumerated() {
            let n = Int((start[mip.h[j]] ?? 0).rounded())
            if n > 0 { hires.append(Hire(slot: slot, count: n)) }
        }
        for (k, r) in mip.requirements.enumerated() {
            let short = start[mip.u[k]] ?? 0
            shortfall[r] = short < 1e-6 ? 0 : (short * 10_000).rounded() / 10_000
        }
        return ComponentResult(placements: placements, hires: hires, shortfall: shortfall, levels: levels, bounds: bounds,
                               status: status, stop: stop, seconds: Date().timeIntervalSince(started))
    }

    static func value(of e: LinearExpression, at point: [Variable: Double]) -> Double {
        zip(e.variables, e.coefficients).reduce(e.constant) { $0 + $1.1 * (point[$1.0] ?? 0) }
    }
}
