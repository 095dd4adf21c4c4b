import Foundation
import Modeling

/// Solves mentor assignment component by component and assembles the plan.
public enum MentorPlanner {
    /// Each student of the component: the index of the chosen candidate (nil: unmet).
    typealias ComponentResult = SolvedComponent<[Int?]>

    public static func plan(_ problem: MentorProblem, solver: any PlanSolver, settings: SolverSettings) throws -> MentorPlan {
        let started = Date()
        let deadline = settings.timeLimit.map { started.addingTimeInterval($0) }
        let components = problem.components
        // Under a time limit each MIP component gets a share of the time left in proportion to
        // its size among the MIP components not yet started (networks take milliseconds), so
        // the first large ones cannot use it all and leave the rest with only a greedy plan.
        let mipSize = components.map { MentorFormulation(problem: problem, component: $0).isNetwork ? 0 : $0.students.count }
        let share = deadline.map { TimeShare(deadline: $0, work: mipSize.reduce(0, +), threads: settings.threads) }
        settings.progress?.begin(plan: "mentors", components: components.count)
        var results = try solveLargestFirst(components.count, size: { components[$0].students.count }, threads: settings.threads,
                                            progress: settings.progress) { c in
            let own = mipSize[c] == 0 ? deadline : share?.deadline(size: mipSize[c])
            return try solve(MentorFormulation(problem: problem, component: components[c]), solver: solver, settings: settings, deadline: own)
        }
        // Time left after every share: the components not proven get it, shared the same way,
        // and keep the better plan and the higher bound of their two searches.
        if let deadline, deadline.timeIntervalSinceNow > 1 {
            let open = components.indices.filter { mipSize[$0] > 0 && results[$0].status != .optimal }
            if !open.isEmpty { settings.progress?.phase("second pass over \(open.count) unproven component\(open.count == 1 ? "" : "s")") }
            let again = TimeShare(deadline: deadline, work: open.reduce(0) { $0 + mipSize[$1] }, threads: settings.threads)
            let second = try solveLargestFirst(open.count, size: { mipSize[open[$0]] }, threads: settings.threads) { k in
                try solve(MentorFormulation(problem: problem, component: components[open[k]]), solver: solver, settings: settings,
                          deadline: again.deadline(size: mipSize[open[k]]))
            }
            for (k, c) in open.enumerated() { results[c] = results[c].merged(with: second[k]) }
        }
        return MentorPlan(problem: problem, results: results, seconds: Date().timeIntervalSince(started))
    }

    static func solve(_ f: MentorFormulation, solver: any PlanSolver, settings: SolverSettings, deadline: Date?) throws -> ComponentResult {
        if f.isNetwork {
            // The network is solved in Swift (exact, with potentials that certify it); GLPK's
            // out-of-kilter routine took seconds where preferences make every student's arcs differ.
            let form = f.network()
            let flow = try MinCostFlow.solve(form.net)
            // Unmet arcs keep every network feasible; anything else is a modelling error.
            precondition(flow.status == .optimal, "the mentor network is always feasible")
            let choice = f.decode(form, flow)
            return ComponentResult(choice: choice, status: .optimal, stop: .completed, cost: Double(flow.cost),
                                   bound: Double(flow.cost), network: true, seconds: flow.seconds)
        }
        return try MentorMIPSearch(formulation: f, solver: solver, settings: settings, deadline: deadline).run()
    }
}

/// Splits the time left among components as they start: a component of `size` gets the time
/// left times `threads * size / work left` (at most all of it).
final class TimeShare: @unchecked Sendable {
    private let deadline: Date
    private let threads: Int
    private var work: Int
    private let lock = NSLock()

    init(deadline: Date, work: Int, threads: Int) {
        self.deadline = deadline
        self.work = work
        self.threads = threads
    }

    func deadline(size: Int) -> Date {
        lock.withLock {
            let now = Date(), left = deadline.timeIntervalSince(now)
            let part = work <= 0 ? 1 : min(1, Double(threads * size) / Double(work))
            work -= size
            return left <= 0 ? deadline : now.addingTimeInterval(left * part)
        }
    }
}
