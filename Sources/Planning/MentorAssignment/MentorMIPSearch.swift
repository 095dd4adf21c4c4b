import Foundation
import Modeling

/// Solves a component whose care loads are not all one (a generalized assignment
/// problem) as a MIP, helped by bounds and fixing around GLPK.
///
/// 1. The LP relaxation gives a lower bound `lb` and each pair's reduced cost `d`. Where it
///    leaves anyone out, GLPK first finds the fewest students any plan must leave out, which
///    becomes an equality row (nobody left out comes first, so every optimal plan meets it).
/// 2. A feasible plan gives an upper bound `ub`: an LP-guided greedy plan improved by local
///    search (``MentorLocalSearch``).
/// 3. The Lagrangian relaxation (``MentorLagrangian``, a knapsack per mentor) raises the
///    bound, starting from the LP duals.
/// 4. Where the cost is linear in the pairs (no balance penalty above a target) and no two
///    students are interchangeable (a generalized assignment problem), ``MentorBranchAndBound``
///    searches first, with half the time or work left: a depth-first search on the Lagrangian
///    bound with exact knapsack marginals, which proves the hard OR-Library instances in about
///    a second where GLPK's LP-based search stays open. If it does not finish, its plan and
///    bound go on to step 5.
/// 5. Costs are multiples of `step` (hundredths of a point, or coarser), so a better plan costs
///    at most `ub - step`. A pair with `lb + d > ub - step`, or whose forcing lifts the
///    Lagrangian bound above that, cannot be in a better plan and is fixed out. What is left is
///    a much smaller MIP, searched from the incumbent with GLPK's mixed-integer rounding cuts
///    (on the capacity rows they close most of what is left between bound and optimum) within
///    a short budget; its best plan, improved again by local search, becomes the incumbent, and
///    step 5 repeats with more time while the fixing removes more.
///
/// Exact: every plan cut off costs at least the incumbent's, and the bound reported is the
/// best of the LP, Lagrangian and GLPK bounds, each a bound on the whole component.
struct MentorMIPSearch {
    let formulation: MentorFormulation
    let solver: any Solver
    let settings: SolverSettings
    let deadline: Date?

    func run() throws -> MentorPlanner.ComponentResult {
        let f = formulation
        let t0 = Date()
        var mip = f.mip()
        if let deadline, Date() >= deadline {
            // Out of time before this component started: the greedy plan, honestly bounded.
            let choice = f.greedyChoice(), start = f.start(mip, choice: choice)
            return result(mip, value: { start[$0] ?? 0 }, cost: Double(MentorLocalSearch(formulation: f).cost(choice)),
                          bound: cheapestBound, status: .feasible, stop: .timeLimit, seconds: 0)
        }
        let view = MentorComponentView(f)
        let local = MentorLocalSearch(formulation: f, view: view, deadline: deadline)
        let (relaxed, fewest) = try rootRelaxation(&mip, local: local)
        guard relaxed.status == .optimal, let lb = relaxed.objective, let reduced = relaxed.reducedCosts else {
            return try plainSearch(mip, choice: f.greedyChoice())
        }
        var progress = firstIncumbent(mip, relaxed: relaxed, lb: lb, fewest: fewest, local: local)
        let lagrangian = lagrangianBound(mip, relaxed: relaxed, view: view, local: local, &progress)
        let search = branchAndBound(mip, view: view, after: lagrangian != nil, &progress, started: t0)
        if let proven = search.result { return proven }
        return try fixingRounds(&mip, root: relaxed, reduced: reduced, lagrangian: lagrangian, local: local, progress,
                                searchNodes: search.nodes, started: t0)
    }

    /// What the search knows as it goes: the best plan and its cost `ub`, the LP bound `lb`
    /// and the best bound, and the Lagrangian multipliers (one per student; none until the
    /// Lagrangian bound ran).
    private struct Progress {
        var best: [Int?]
        var ub: Double
        let lb: Double
        var bound: Double
        var multipliers: [Double] = []
    }

    /// Step 1: the LP relaxation. Where it leaves anyone out, GLPK first finds the fewest
    /// students any plan must leave out; that becomes a row and the LP is solved again. Also
    /// the plan that proved the count.
    private func rootRelaxation(_ mip: inout MentorFormulation.MIP, local: MentorLocalSearch) throws -> (Solution, fewest: [Int?]?) {
        let relaxed = try solver.solve(mip.model.relaxed(), options: lpOptions())
        guard relaxed.status == .optimal, mip.unmet.contains(where: { relaxed[$0] > 1e-6 }),
              let (least, plan) = try fewestUnmet(mip, start: local.descend(lpGuidedChoice(mip, lp: relaxed))) else {
            return (relaxed, nil)
        }
        // Nobody left out comes first, so every optimal plan leaves out exactly the fewest
        // possible: stated as a row, the LP bound no longer spreads fractions of the big unmet
        // cost over the soft terms. The plan that proved the count is a start that meets it
        // (and any plan cheaper than it does too).
        mip.model.addConstraint(variables: mip.unmet, coefficients: unmetWeights(mip), lower: least, upper: least)
        return (try solver.solve(mip.model.relaxed(), options: lpOptions()), plan)
    }

    /// Step 2: the LP-guided greedy plan improved by local moves, or the plan that proved the
    /// fewest unmet where it costs less.
    private func firstIncumbent(_ mip: MentorFormulation.MIP, relaxed: Solution, lb: Double, fewest: [Int?]?,
                                local: MentorLocalSearch) -> Progress {
        var best = local.descend(lpGuidedChoice(mip, lp: relaxed))
        if let fewest, local.cost(fewest) < local.cost(best) { best = local.descend(fewest) }
        return Progress(best: best, ub: Double(local.cost(best)), lb: lb, bound: lb)
    }

    /// Step 3: the Lagrangian bound (a knapsack per mentor), stronger than the LP's, from the
    /// LP duals; its knapsacks' choices, repaired and improved, may lower the incumbent. Not
    /// built when the LP bound already proves the incumbent (then nil).
    private func lagrangianBound(_ mip: MentorFormulation.MIP, relaxed: Solution, view: MentorComponentView,
                                 local: MentorLocalSearch, _ progress: inout Progress) -> MentorLagrangian? {
        let f = formulation, step = Double(f.step), lb = progress.lb
        let lagrangian = progress.ub - lb < step ? nil : MentorLagrangian(formulation: f, view: view)
        if let lagrangian {
            // The first rows are the groups' "one mentor each" rows: each member's multiplier.
            let duals = mip.groupOf.map { relaxed.duals?[$0] ?? 0 }
            var best = progress.best, ub = progress.ub
            let (bound, multipliers) = lagrangian.ascend(from: duals, ub: ub, step: step) { chosen in
                // A plan from the knapsacks' choices (each student's cheapest, where it fits),
                // completed and improved by local moves.
                let found = local.descend(view.greedyChoice(preference: chosen.map { $0.sorted() }))
                let cost = Double(local.cost(found))
                if cost < ub { best = found; ub = cost }
                return ub
            }
            progress.best = best
            progress.ub = ub
            progress.bound = max(bound, lb)
            progress.multipliers = multipliers
        }
        if progress.bound - lb >= step && progress.ub - progress.bound >= step - 1e-6 {
            // Whole knapsacks lift the bound: capacities are tight in a way the LP does not
            // see, and GLPK will need a strong incumbent to fix by before its search.
            progress.best = local.improve(progress.best)
            progress.ub = Double(local.cost(progress.best))
        }
        return lagrangian
    }

    /// Step 4: a linear cost and no interchangeable students (a GAP): the Lagrangian search
    /// usually proves the optimum without GLPK's tree. It gets half the time (or work) left,
    /// 200,000 nodes when neither limit is set; where it does not finish, its plan and bound go
    /// on (in `progress`) to GLPK's search. (Groups of identical students would make its tree
    /// symmetric: Zhoujiadu with care loads went from 3 s to 120 s unproven. GLPK's integer
    /// counts do better there.) The result when it proves the optimum; the nodes it used.
    private func branchAndBound(_ mip: MentorFormulation.MIP, view: MentorComponentView, after lagrangian: Bool,
                                _ progress: inout Progress, started t0: Date) -> (result: MentorPlanner.ComponentResult?, nodes: Int) {
        let f = formulation, step = Double(f.step)
        guard lagrangian, progress.ub - progress.bound >= step - 1e-6, mip.groups.allSatisfy({ $0.count == 1 }),
              let search = MentorBranchAndBound(formulation: f, view: view, incumbent: progress.best,
                                                deadline: deadline.map { Date(timeIntervalSinceNow: $0.timeIntervalSinceNow / 2) },
                                                nodeLimit: settings.workLimit.map { max(1, $0 / 2) } ?? (deadline == nil ? 200_000 : nil))
        else { return (nil, 0) }
        let outcome = search.solve(bound: progress.bound, u: progress.multipliers)
        if outcome.proven {
            let plan = f.start(mip, choice: outcome.choice)
            return (result(mip, value: { plan[$0] ?? 0 }, cost: Double(outcome.cost), bound: Double(outcome.cost),
                           status: .optimal, stop: .completed, seconds: Date().timeIntervalSince(t0)), outcome.nodes)
        }
        if Double(outcome.cost) < progress.ub { progress.best = outcome.choice; progress.ub = Double(outcome.cost) }
        progress.bound = max(progress.bound, Double(outcome.bound))
        return (nil, outcome.nodes)
    }

    /// Step 5: rounds of fixing out what cannot be in a better plan and GLPK's search from the
    /// incumbent, each round's plan improved by local search, until a round proves the optimum
    /// or ends the search.
    private func fixingRounds(_ mip: inout MentorFormulation.MIP, root relaxed: Solution, reduced: [Double],
                              lagrangian: MentorLagrangian?, local: MentorLocalSearch, _ progress: Progress,
                              searchNodes: Int, started t0: Date) throws -> MentorPlanner.ComponentResult {
        let f = formulation, step = Double(f.step)
        let counts = mip.assign.flatMap { $0 } + mip.unmet
        var best = progress.best, ub = progress.ub, bound = progress.bound
        var start = f.start(mip, choice: best)
        var fixed = Set<Int>()
        // A round shorter than a few root LPs never gets past the root.
        var budget = max(0.5, 3 * relaxed.seconds)
        // Under a work limit the rounds are counted in nodes instead (the same plan on every run).
        var nodesLeft = max(1, (settings.workLimit ?? 0) - searchNodes)
        var roundNodes = max(50, nodesLeft / 64)
        var seconds = searchNodes > 0 ? Date().timeIntervalSince(t0) : relaxed.seconds
        while true {
            if ub - bound < step - 1e-6 {
                // No plan is cheaper by a whole step: the incumbent is optimal as it stands.
                return result(mip, value: { start[$0] ?? 0 }, cost: ub, bound: ub, status: .optimal, stop: .completed, seconds: seconds)
            }
            fixOut(&mip, &fixed, counts: counts, start: start, reduced: reduced, lb: progress.lb, ub: ub,
                   lagrangian: lagrangian, multipliers: progress.multipliers)
            let (options, last) = roundOptions(mip, start: start, fixed: fixed.count, of: counts.count,
                                               budget: budget, roundNodes: roundNodes, nodesLeft: nodesLeft)
            let solution = try solver.solve(mip.model, options: options.reporting(to: settings.progress))
            seconds += solution.seconds
            nodesLeft -= max(1, solution.nodes)
            roundNodes *= 4
            let from: [Int?]
            if solution.hasSolution, let objective = solution.objective, objective < ub - 0.5 || solution.status == .optimal {
                if solution.status == .optimal || last || solution.stop == .gapLimit || solution.stop == .cancelled {
                    return result(mip, value: { solution[$0] }, cost: objective, bound: max(bound, solution.bound ?? bound),
                                  status: solution.status, stop: solution.stop, seconds: seconds)
                }
                from = f.choice(mip) { solution[$0] }
            } else {
                // GLPK found nothing better than the incumbent it was given.
                bound = max(bound, solution.bound ?? bound)
                if last || solution.stop == .cancelled {
                    let proven = ub - bound < step - 1e-6
                    return result(mip, value: { start[$0] ?? 0 }, cost: ub, bound: proven ? ub : bound,
                                  status: proven ? .optimal : .feasible, stop: proven ? .completed : solution.stop, seconds: seconds)
                }
                from = best
            }
            // Not yet proven: improve the best plan by local search, fix more, give the next
            // round more time.
            let found = local.improve(from)
            if Double(local.cost(found)) < ub {
                best = found
                start = f.start(mip, choice: best)
                ub = Double(local.cost(best))
            }
            budget *= 4
        }
    }

    /// Fixes out every count that cannot be in a plan better than the incumbent (cost `ub`):
    /// by its LP reduced cost above `lb`, or ruled out by the Lagrangian bound for every member
    /// of its group. Counts the start uses, or already fixed (in `fixed`), stay.
    private func fixOut(_ mip: inout MentorFormulation.MIP, _ fixed: inout Set<Int>, counts: [Variable], start: [Variable: Double],
                        reduced: [Double], lb: Double, ub: Double, lagrangian: MentorLagrangian?, multipliers: [Double]) {
        let step = Double(formulation.step)
        func fixOut(_ x: Variable) {
            guard !fixed.contains(x.index), (start[x] ?? 0) == 0 else { return }
            mip.model.fix(x, at: 0)
            fixed.insert(x.index)
        }
        let threshold = ub - step - lb + 1e-6
        for x in counts where reduced[x.index] > threshold { fixOut(x) }
        guard let lagrangian else { return }
        // A group's count is fixed at 0 when the pair is ruled out for every member.
        let out = lagrangian.ruledOut(u: multipliers, ub: ub, step: step)
        var ruledOut = [Variable: Int]()
        for pair in out.pairs { ruledOut[mip.assign[mip.groupOf[pair.student]][pair.candidate], default: 0] += 1 }
        for k in out.unmet { ruledOut[mip.unmet[mip.groupOf[k]], default: 0] += 1 }
        for (g, members) in mip.groups.enumerated() {
            for y in mip.assign[g] + [mip.unmet[g]] where ruledOut[y] == members.count { fixOut(y) }
        }
    }

    /// The options of one round of GLPK's search from `start`, and whether it is the last:
    /// short rounds while the fixing leaves much to search (`fixed` of `of` counts), so that
    /// local search can build on what GLPK finds; then one round with the time (or work) left.
    private func roundOptions(_ mip: MentorFormulation.MIP, start: [Variable: Double], fixed: Int, of counts: Int,
                              budget: Double, roundNodes: Int, nodesLeft: Int) -> (SolveOptions, last: Bool) {
        let remaining = deadline.map { $0.timeIntervalSinceNow }
        var options = SolveOptions(relativeGap: settings.gap, cuts: [.mixedIntegerRounding], start: start)
        options.logLevel = .off
        options.branching = branching(mip)
        let last: Bool
        if settings.workLimit != nil {
            last = fixed >= counts / 2 || roundNodes * 4 > nodesLeft || (remaining ?? .infinity) <= 0.05
            options.nodeLimit = max(1, last ? nodesLeft : roundNodes)
            options.timeLimit = remaining.map { max(0.05, $0) }
        } else {
            last = fixed >= counts / 2 || budget > 8 || (remaining ?? .infinity) <= budget
            options.timeLimit = last ? remaining.map { max(0.05, $0) } : budget
        }
        return (options, last)
    }

    /// GLPK's default branching (Driebeck-Tomlin) looks at a row of the simplex table for
    /// every fractional candidate: strong on a GAP of a few thousand pairs, but on a school of
    /// 2,000 students that look is most of the search. Large models branch on the most
    /// fractional count instead.
    private func branching(_ mip: MentorFormulation.MIP) -> Branching {
        mip.model.variableCount > 20_000 ? .mostFractional : .solverDefault
    }

    /// Each group's unmet variable weighted 1, or 2 for a pinned student.
    private func unmetWeights(_ mip: MentorFormulation.MIP) -> [Double] {
        mip.groups.map { Double(formulation.unmetCost(of: formulation.component.students[$0[0]]) / formulation.unmetCost) }
    }

    /// The fewest students (pinned ones counted twice) any plan must leave without a mentor,
    /// proven by GLPK on the model with only that objective; nil when not proven within the
    /// budget (then the search goes on without it). Also the plan that proves it.
    private func fewestUnmet(_ mip: MentorFormulation.MIP, start: [Int?]) throws -> (Double, [Int?])? {
        var model = mip.model
        var objective = LinearExpression()
        for (u, w) in zip(mip.unmet, unmetWeights(mip)) { objective.add(u, w) }
        model.minimize(objective)
        var options = SolveOptions(cuts: [.mixedIntegerRounding], start: formulation.start(mip, choice: start))
        options.logLevel = .off
        options.branching = branching(mip)
        options.timeLimit = deadline.map { max(0.05, $0.timeIntervalSinceNow / 2) }
        options.nodeLimit = settings.workLimit.map { max(1, $0 / 2) }
        let solution = try solver.solve(model, options: options)
        guard solution.status == .optimal, let least = solution.objective else { return nil }
        return (least.rounded(), formulation.choice(mip) { solution[$0] })
    }

    /// A greedy plan led by the LP: students the LP assigns most clearly go first, each
    /// trying its mentors in order of their LP values.
    func lpGuidedChoice(_ mip: MentorFormulation.MIP, lp: Solution) -> [Int?] {
        let f = formulation, problem = f.problem
        var preference = [[Int]](), clearest = [Double]()
        for (k, s) in f.component.students.enumerated() {
            let values = mip.assign[mip.groupOf[k]].map { lp[$0] / Double(mip.groups[mip.groupOf[k]].count) }
            preference.append(problem.candidates[s].indices.sorted { (values[$0], -$0) > (values[$1], -$1) })
            clearest.append(values.max() ?? 0)
        }
        let order = f.component.students.indices.sorted {
            (-clearest[$0], problem.candidates[f.component.students[$0]].count, $0)
                < (-clearest[$1], problem.candidates[f.component.students[$1]].count, $1)
        }
        return f.greedyChoice(order: order, preference: preference)
    }

    /// Options for an LP relaxation: silent, within the time left.
    private func lpOptions() -> SolveOptions {
        SolveOptions(timeLimit: deadline.map { max(0.05, $0.timeIntervalSinceNow) }, logLevel: .off)
    }

    /// A bound that needs no LP: every student at their cheapest option (best candidate or
    /// unmet), capacities ignored; the balance penalty is never negative.
    private var cheapestBound: Double {
        let f = formulation
        return f.component.students.reduce(0.0) { sum, s in
            sum + Double(min(f.unmetCost(of: s), f.problem.candidates[s].map { -$0.scoreUnits }.min() ?? Int.max))
        }
    }

    private func plainSearch(_ mip: MentorFormulation.MIP, choice: [Int?]) throws -> MentorPlanner.ComponentResult {
        let start = formulation.start(mip, choice: choice)
        var options = SolveOptions(relativeGap: settings.gap, cuts: [.mixedIntegerRounding], start: start)
        options.logLevel = .off
        if let deadline { options.timeLimit = max(0.05, deadline.timeIntervalSinceNow) }
        options.nodeLimit = settings.workLimit
        let solution = try solver.solve(mip.model, options: options.reporting(to: settings.progress))
        guard let objective = solution.objective else {
            return result(mip, value: { start[$0] ?? 0 }, cost: Double(MentorLocalSearch(formulation: formulation).cost(choice)),
                          bound: solution.bound ?? cheapestBound,
                          status: .feasible, stop: solution.stop, seconds: solution.seconds)
        }
        return result(mip, value: { solution[$0] }, cost: objective, bound: solution.bound ?? objective,
                      status: solution.status, stop: solution.stop, seconds: solution.seconds)
    }

    /// The component's result, reading each pair's value with `value`.
    private func result(_ mip: MentorFormulation.MIP, value: (Variable) -> Double, cost: Double, bound: Double,
                        status: TerminationStatus, stop: StopReason, seconds: Double) -> MentorPlanner.ComponentResult {
        let choice = formulation.choice(mip, value: value)
        return MentorPlanner.ComponentResult(choice: choice, status: status, stop: stop, cost: cost, bound: min(bound, cost),
                                             network: false, seconds: seconds)
    }
}
