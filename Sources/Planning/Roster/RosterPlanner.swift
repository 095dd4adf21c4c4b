import Foundation
import Modeling

/// Builds a roster by neighbourhood search around GLPK.
///
/// 1. **Each person alone.** Every hard rule is one person's, so person by person (in table
///    order) GLPK finds the roster that best fills what the people before left uncovered, with
///    the others held fixed. Where a person's rules cannot all hold (leave and maxima leave too
///    few minutes), the person's minimum minutes is lowered to the most they can reach and the
///    plan names the rule. The result meets every other rule: the first incumbent.
/// 2. **Bound.** The LP relaxation of the whole roster, or GLPK's root bound with cuts when the
///    roster is small enough to search whole.
/// 3. **Neighbourhoods.** Round after round a neighbourhood is freed and the rest fixed: a
///    group of people over the whole horizon, or everyone over a window of days (alternately;
///    on long horizons the group gets a window too). GLPK re-optimises it from the incumbent
///    (a start, so never worse) within a node budget; the size grows while GLPK proves its
///    neighbourhoods and shrinks when it runs out of nodes. Choices come from a seeded random
///    source, so the same input and work limit give the same plan.
/// 4. **Proof.** A roster small enough is then searched whole from the incumbent with the time
///    or work left, which raises the bound and may prove the plan optimal.
///
/// `solver.work_limit` counts neighbourhood rounds here (each round at most
/// ``RosterPlanner/roundNodes`` nodes; the whole search in step 4 at most 50 nodes a round).
public enum RosterPlanner {
    /// Nodes one neighbourhood may use.
    static let roundNodes = 400
    /// A roster with at most this many cells (people × days × shifts) is searched whole at the end.
    static let wholeSearchCells = 6000

    public static func plan(_ problem: RosterProblem, solver: any PlanSolver, settings: SolverSettings,
                            progress: (@Sendable (String) -> Void)? = nil) throws -> RosterPlan {
        let started = Date()
        let deadline = settings.timeLimit.map { started.addingTimeInterval($0) }
        func timeLeft() -> Double? { deadline.map { max(0.05, $0.timeIntervalSinceNow) } }
        func outOfTime() -> Bool { deadline.map { Date() >= $0 } ?? false }
        let P = problem.people.count, D = problem.days, T = problem.shiftCount
        var minMinutes = problem.people.map(\.minMinutes)
        var formulation = RosterFormulation(problem: problem, minMinutes: minMinutes)
        var grid = RosterGrid(repeating: [Int?](repeating: nil, count: D), count: P)

        // 1. Each person alone, the others fixed.
        for q in 0..<P {
            var built = formulation.build(free: [q], window: 0..<D, fixed: grid)
            var solution = try solver.solve(built.model, options: options(nodes: 2000, time: timeLeft()))
            if !solution.hasSolution {
                // The person's rules cannot all hold (or no roster was found for them within the
                // budget): find the most minutes they can work, and hold them to that.
                minMinutes[q] = min(minMinutes[q], try mostMinutes(q, formulation: formulation, grid: grid, solver: solver, time: timeLeft()))
                formulation = RosterFormulation(problem: problem, minMinutes: minMinutes)
                built = formulation.build(free: [q], window: 0..<D, fixed: grid)
                solution = try solver.solve(built.model, options: options(nodes: 2000, time: timeLeft()))
            }
            if solution.hasSolution {
                grid = formulation.grid(built, { solution[$0] }, fixed: grid)
            } else {
                // Off every day meets every other rule: the person stays off, the minimum named.
                minMinutes[q] = 0
                formulation = RosterFormulation(problem: problem, minMinutes: minMinutes)
            }
        }
        var best = RosterEvaluation(problem, grid).total
        progress?("first roster: penalty \(best)")

        // 2. The bound.
        let cells = P * D * T
        var bound = -Double.infinity
        let relaxed = formulation.build(free: Array(0..<P), window: 0..<D, fixed: grid, relax: true)
        let lp = try solver.solve(relaxed.model, options: SolveOptions(timeLimit: timeLeft(), logLevel: .off))
        if lp.status == .optimal, let value = lp.objective { bound = value }
        progress?("LP bound \(bound)")

        // 3. Neighbourhoods.
        var rng = SeededRandom(seed: 20_261_123)
        // Start with about four people over four weeks; grown and shrunk as GLPK fares.
        var target = Double(min(cells, 4 * min(D, 28) * T))
        var rounds = 0, sinceImprovement = 0
        let stall = max(60, 3 * P)
        let maxRounds = settings.workLimit ?? Int.max
        func closed() -> Bool { best - bound <= max(1e-6, (settings.gap ?? 0) * abs(best)) + 1e-9 }
        while rounds < maxRounds && !outOfTime() && !closed() && sinceImprovement < stall {
            rounds += 1
            let (free, window) = neighbourhood(problem, round: rounds, cells: Int(target), rng: &rng)
            let built = formulation.build(free: free, window: window, fixed: grid)
            var o = options(nodes: roundNodes, time: timeLeft())
            o.start = formulation.start(built, grid)
            o.cuts = [.mixedIntegerRounding, .clique]
            let solution = try solver.solve(built.model, options: o)
            if solution.hasSolution {
                let candidate = formulation.grid(built, { solution[$0] }, fixed: grid)
                let value = RosterEvaluation(problem, candidate).total
                if value < best - 1e-9 {
                    best = value
                    sinceImprovement = 0
                    progress?("round \(rounds): penalty \(best) (\(free.count) people, days \(window.lowerBound)-\(window.upperBound - 1))")
                } else {
                    sinceImprovement += 1
                }
                if value <= best + 1e-9 { grid = candidate }
            } else {
                sinceImprovement += 1
            }
            let proved = solution.status == .optimal
            target = proved ? min(Double(cells), target * 1.15) : max(Double(2 * D), target * 0.7)
        }

        // 4. The whole roster from the incumbent, when small enough.
        var status: TerminationStatus = closed() ? .optimal : .feasible
        var stop: StopReason = closed() ? .completed : (outOfTime() ? .timeLimit : rounds >= maxRounds ? .workLimit : .completed)
        if !closed() && cells <= wholeSearchCells && !outOfTime() {
            let built = formulation.build(free: Array(0..<P), window: 0..<D, fixed: grid)
            var o = options(nodes: settings.workLimit.map { max(1, 50 * $0) } ?? (deadline == nil ? 200_000 : nil), time: timeLeft())
            o.start = formulation.start(built, grid)
            o.cuts = [.mixedIntegerRounding, .clique, .cover]
            o.relativeGap = settings.gap
            let solution = try solver.solve(built.model, options: o)
            if let b = solution.bound { bound = max(bound, b) }
            if solution.hasSolution {
                let candidate = formulation.grid(built, { solution[$0] }, fixed: grid)
                let value = RosterEvaluation(problem, candidate).total
                if value < best - 1e-9 { best = value; grid = candidate }
            }
            if solution.status == .optimal { bound = best }
            stop = solution.stop
        }
        if closed() { status = .optimal; stop = .completed; bound = min(bound, best) }
        if status != .optimal, stop == .completed, !closed() {
            // The search ended by its own rule (no improvement for a while), not a limit.
            stop = .completed
        }
        return RosterPlan(problem: problem, grid: grid, minMinutes: minMinutes, status: status, stop: stop,
                          bound: bound.isFinite ? bound : 0, rounds: rounds, seconds: Date().timeIntervalSince(started))
    }

    /// Options of a GLPK search within a node budget (and the time left).
    static func options(nodes: Int?, time: Double?) -> SolveOptions {
        var o = SolveOptions(timeLimit: time, logLevel: .off)
        o.nodeLimit = nodes
        return o
    }

    /// The most minutes person q can work under their other rules (0 when none is found).
    static func mostMinutes(_ q: Int, formulation: RosterFormulation, grid: RosterGrid, solver: any PlanSolver, time: Double?) throws -> Int {
        var lowered = formulation.minMinutes
        lowered[q] = 0
        let f = RosterFormulation(problem: formulation.problem, minMinutes: lowered)
        var built = f.build(free: [q], window: 0..<formulation.problem.days, fixed: grid)
        var minutes = LinearExpression()
        for (d, cells) in built.x[q].enumerated() {
            for (t, v) in cells.enumerated() { if let v { minutes.add(v, Double(formulation.problem.shifts[t].minutes)); _ = d } }
        }
        built.model.maximize(minutes)
        let solution = try solver.solve(built.model, options: options(nodes: 20_000, time: time))
        return solution.hasSolution ? Int((solution.objective ?? 0).rounded(.down)) : 0
    }

    /// The people and days freed in one round: alternately a group of people over the whole
    /// horizon (or a window of it on long horizons) and everyone over a window of days, sized
    /// to about `cells` free cells.
    static func neighbourhood(_ p: RosterProblem, round: Int, cells: Int, rng: inout SeededRandom) -> ([Int], Range<Int>) {
        let P = p.people.count, D = p.days, T = p.shiftCount
        let perPersonDay = max(1, T)
        if round % 2 == 1 || P == 1 {
            // A group of people; on a long horizon, over a window of about 8 weeks.
            let span = min(D, 56)
            let first = span == D ? 0 : rng.int(0...(D - span))
            let size = min(P, max(2, cells / (span * perPersonDay)))
            var people = Array(0..<P)
            for k in 0..<size { people.swapAt(k, k + rng.int(0...(P - 1 - k))) }
            return (Array(people.prefix(size)).sorted(), first..<first + span)
        }
        // Everyone over a window of days.
        let span = min(D, max(2, cells / (P * perPersonDay)))
        let first = span == D ? 0 : rng.int(0...(D - span))
        return (Array(0..<P), first..<first + span)
    }
}
