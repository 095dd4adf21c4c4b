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
        let components = problem.components
        let results = try solveLargestFirst(components.count, size: { components[$0].students.count }, threads: settings.threads) { c in
            try solve(MentorFormulation(problem: problem, component: components[c]), solver: solver, settings: settings, deadline: deadline)
        }
        return MentorPlan(problem: problem, results: results, seconds: Date().timeIntervalSince(started))
    }

    static func solve(_ f: MentorFormulation, solver: any PlanSolver, settings: SolverSettings, deadline: Date?) throws -> ComponentResult {
        if f.isNetwork {
            let form = f.network()
            let flow = try solver.solve(form.net)
            // Unmet arcs keep every network feasible; anything else is a modelling error.
            precondition(flow.status == .optimal, "the mentor network is always feasible")
            let choice = f.decode(form, flow)
            return ComponentResult(choice: choice, status: .optimal, stop: .completed, cost: Double(flow.cost),
                                   bound: Double(flow.cost), network: true, seconds: flow.seconds)
        }
        return try MentorMIPSearch(formulation: f, solver: solver, settings: settings, deadline: deadline).run()
    }
}
