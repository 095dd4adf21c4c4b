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
        let results = try parallelMap(problem.components.count, threads: settings.threads) { k in
            try solve(MentorFormulation(problem: problem, component: problem.components[k]), solver: solver,
                      settings: settings, deadline: deadline)
        }
        return MentorPlan(problem: problem, results: results, seconds: Date().timeIntervalSince(started))
    }

    static func solve(_ f: MentorFormulation, solver: any PlanSolver, settings: SolverSettings, deadline: Date?) throws -> ComponentResult {
        let students = f.component.students
        if f.isNetwork {
            let (net, arcs, _) = f.network()
            let flow = try solver.solve(net)
            // Unmet arcs keep every network feasible; anything else is a modelling error.
            precondition(flow.status == .optimal, "the mentor network is always feasible")
            let choice = arcs.map { list in list.firstIndex { flow[$0] == 1 } }
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
