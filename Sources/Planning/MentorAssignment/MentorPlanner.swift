import Foundation
import Modeling

/// Solves mentor assignment component by component and assembles the plan.
public enum MentorPlanner {
    struct ComponentResult: Sendable {
        /// Chosen candidate index of each student of the component (nil: unmet).
        var choice: [Int?]
        var status: TerminationStatus
        var stop: StopReason
        var cost: Double
        var bound: Double
        var network: Bool
        var seconds: Double
    }

    public static func plan(_ problem: MentorProblem, solver: any PlanSolver, settings: SolverSettings) throws -> MentorPlan {
        let started = Date()
        let deadline = settings.timeLimit.map { started.addingTimeInterval($0) }
        // Largest components first, so no thread is left with a big one at the end.
        let order = problem.components.indices.sorted {
            (problem.components[$0].students.count, $1) > (problem.components[$1].students.count, $0)
        }
        let solved = try parallelMap(order.count, threads: settings.threads) { k in
            try solve(MentorFormulation(problem: problem, component: problem.components[order[k]]), solver: solver,
                      settings: settings, deadline: deadline)
        }
        var results = solved
        for (k, c) in order.enumerated() { results[c] = solved[k] }
        return MentorPlan(problem: problem, results: results, seconds: Date().timeIntervalSince(started))
    }

    static func solve(_ f: MentorFormulation, solver: any PlanSolver, settings: SolverSettings, deadline: Date?) throws -> ComponentResult {
        let students = f.component.students
        if f.isNetwork {
            let form = f.network()
            let flow = try solver.solve(form.net)
            // Unmet arcs keep every network feasible; anything else is a modelling error.
            precondition(flow.status == .optimal, "the mentor network is always feasible")
            let choice = f.decode(form, flow)
            return ComponentResult(choice: choice, status: .optimal, stop: .completed, cost: Double(flow.cost),
                                   bound: Double(flow.cost), network: true, seconds: flow.seconds)
        }
        let mip = f.mip()
        var options = SolveOptions(relativeGap: settings.gap)
        options.logLevel = .off
        if let deadline { options.timeLimit = max(0.05, deadline.timeIntervalSinceNow) }
        options.start = f.greedyStart(mip)
        let solution = try solver.solve(mip.model, options: options)
        guard solution.hasSolution else {
            // Cannot happen with a start, but never leave students silently out.
            return ComponentResult(choice: Array(repeating: nil, count: students.count), status: solution.status,
                                   stop: solution.stop, cost: 0, bound: solution.bound ?? 0, network: false, seconds: solution.seconds)
        }
        let choice = mip.assign.map { xs in xs.firstIndex { solution[$0] > 0.5 } }
        return ComponentResult(choice: choice, status: solution.status, stop: solution.stop, cost: solution.objective!,
                               bound: solution.bound ?? solution.objective!, network: false, seconds: solution.seconds)
    }
}
