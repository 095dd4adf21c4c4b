import Foundation
import Modeling

/// Solves a component whose care loads are not all one (a generalized assignment
/// problem) as a MIP, helped by reduced-cost fixing.
///
/// 1. The LP relaxation gives a lower bound `lb` and each pair's reduced cost `d`.
/// 2. A feasible plan gives an upper bound `ub`: the LP-guided greedy start, then GLPK's
///    best within a short budget.
/// 3. Costs are whole numbers, so a better plan costs at most `ub - 1`; any plan using a pair
///    costs at least `lb + d`, so a pair with `lb + d > ub - 1` cannot be in a better plan and
///    is fixed out. What is left is a much smaller MIP, searched from the incumbent; steps 2
///    and 3 repeat while the fixing removes more.
///
/// Exact: every plan cut off costs at least the incumbent's, and the bound reported is GLPK's
/// on the remaining problem, which is a bound on the whole.
struct MentorMIPSearch {
    let formulation: MentorFormulation
    let solver: any Solver
    let settings: SolverSettings
    let deadline: Date?

    func run() throws -> MentorPlanner.ComponentResult {
        let f = formulation
        var mip = f.mip()
        let binaries = mip.assign.flatMap { $0 } + mip.unmet
        let relaxed = try solver.solve(mip.model.relaxed(), options: SolveOptions(logLevel: .off))
        guard relaxed.status == .optimal, let lb = relaxed.objective, let reduced = relaxed.reducedCosts else {
            return try plainSearch(mip, start: f.greedyStart(mip))
        }
        var start = lpGuidedStart(mip, lp: relaxed)
        var ub = cost(of: start, in: mip)
        var fixed = Set<Int>()
        var budget = 0.5
        var seconds = relaxed.seconds
        while true {
            // Fix out every pair that cannot be in a plan better than the incumbent.
            let threshold = ub - 1 - lb + 1e-6
            for x in binaries where !fixed.contains(x.index) && start[x] != 1 && reduced[x.index] > threshold {
                mip.model.fix(x, at: 0)
                fixed.insert(x.index)
            }
            if ub - lb < 1 - 1e-6 {
                // The incumbent meets the LP bound (whole-number costs): optimal as it stands.
                return result(mip, value: { start[$0] ?? 0 }, cost: ub, bound: ub, status: .optimal, stop: .completed, seconds: seconds)
            }
            let remaining = deadline.map { $0.timeIntervalSinceNow }
            let last = fixed.count >= binaries.count / 2 || budget > 8 || (remaining ?? .infinity) <= budget
            var options = SolveOptions(relativeGap: settings.gap, start: start)
            options.logLevel = .off
            options.timeLimit = last ? remaining.map { max(0.05, $0) } : budget
            let solution = try solver.solve(mip.model, options: options)
            seconds += solution.seconds
            guard solution.hasSolution, let objective = solution.objective else {
                return result(mip, value: { start[$0] ?? 0 }, cost: ub, bound: lb, status: .feasible, stop: solution.stop, seconds: seconds)
            }
            if solution.status == .optimal || last || solution.stop == .gapLimit || solution.stop == .cancelled {
                return result(mip, value: { solution[$0] }, cost: objective, bound: solution.bound ?? lb,
                              status: solution.status, stop: solution.stop, seconds: seconds)
            }
            // Not yet proven: take the better incumbent, fix more, give the next round more time.
            for x in binaries { start[x] = solution[x] }
            for (_, pieces) in mip.over { for e in pieces { start[e] = solution[e] } }
            ub = objective
            budget *= 4
        }
    }

    /// The greedy start, but trying each student's mentors in order of their LP values.
    func lpGuidedStart(_ mip: MentorFormulation.MIP, lp: Solution) -> [Variable: Double] {
        let f = formulation, problem = f.problem
        var order = [[Int]]()
        for (k, s) in f.component.students.enumerated() {
            order.append(problem.candidates[s].indices.sorted { (lp[mip.assign[k][$0]], -$0) > (lp[mip.assign[k][$1]], -$1) })
        }
        return f.greedyStart(mip, preference: order)
    }

    func cost(of start: [Variable: Double], in mip: MentorFormulation.MIP) -> Double {
        let objective = mip.model.objective
        return zip(objective.variables, objective.coefficients).reduce(objective.constant) { $0 + $1.1 * (start[$1.0] ?? 0) }
    }

    private func plainSearch(_ mip: MentorFormulation.MIP, start: [Variable: Double]) throws -> MentorPlanner.ComponentResult {
        var options = SolveOptions(relativeGap: settings.gap, start: start)
        options.logLevel = .off
        if let deadline { options.timeLimit = max(0.05, deadline.timeIntervalSinceNow) }
        let solution = try solver.solve(mip.model, options: options)
        guard let objective = solution.objective else {
            return result(mip, value: { start[$0] ?? 0 }, cost: cost(of: start, in: mip), bound: solution.bound ?? 0,
                          status: .feasible, stop: solution.stop, seconds: solution.seconds)
        }
        return result(mip, value: { solution[$0] }, cost: objective, bound: solution.bound ?? objective,
                      status: solution.status, stop: solution.stop, seconds: solution.seconds)
    }

    /// The component's result, reading each pair's value with `value`.
    private func result(_ mip: MentorFormulation.MIP, value: (Variable) -> Double, cost: Double, bound: Double,
                        status: TerminationStatus, stop: StopReason, seconds: Double) -> MentorPlanner.ComponentResult {
        let choice = mip.assign.map { xs in xs.firstIndex { value($0) > 0.5 } }
        return MentorPlanner.ComponentResult(choice: choice, status: status, stop: stop, cost: cost, bound: min(bound, cost),
                                             network: false, seconds: seconds)
    }
}
