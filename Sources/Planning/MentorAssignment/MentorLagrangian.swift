import Foundation

/// A lower bound for one component from the Lagrangian relaxation of "each student gets
/// exactly one mentor or is unmet", and the pairs that bound rules out.
///
/// With multipliers `u` on those rows the problem falls apart into one knapsack per mentor:
/// take the pairs whose cost is below `u`, within the mentor's capacity and its cap on
/// high-risk students, solved exactly by dynamic programming over (high-risk count, load).
/// Its value is a lower bound for any `u`, and at the best `u` it is at least the LP bound and
/// often closer to the optimum, because each knapsack is solved in whole numbers (Fisher,
/// Jaikumar and Van Wassenhove 1986). The multipliers start from the LP duals and improve by
/// subgradient steps.
///
/// The balance penalty is left out: dropping a non-negative cost only lowers the bound, so it
/// stays valid.
///
/// Fixing: forcing a pair into its mentor's knapsack changes the bound by at least what the
/// knapsack loses, read off the knapsack's table (the best profit within the room left). A
/// pair whose forcing lifts the bound above `ub - step` (costs are multiples of `step`) cannot
/// be in a plan better than the incumbent.
struct MentorLagrangian {
    let formulation: MentorFormulation
    /// The component as flat arrays; per mentor its pairs in `view.pairsAt`.
    private let view: MentorComponentView
    private var unmetCost: [Double] = []
    /// Per mentor, the high-risk levels of its knapsack: up to the cap, or to how many of its
    /// pairs are high risk.
    private let levels: [Int]
    /// What the mentors carry before anything is packed.
    private let nothing: MentorLoads
    /// Knapsack table cells per evaluation: the measure of an iteration's work.
    private var cells = 0

    /// nil when a knapsack table would be too large to be worth it (capacity × pairs).
    init?(formulation: MentorFormulation, view: MentorComponentView? = nil, maxCells: Int = 4_000_000) {
        self.formulation = formulation
        let view = view ?? MentorComponentView(formulation)
        self.view = view
        unmetCost = view.unmetCost.map { Double($0) }
        let levels = view.pairsAt.map { pairs in min(view.maxHighRisk, pairs.filter { view.pairHighRisk[$0] }.count) + 1 }
        self.levels = levels
        nothing = MentorLoads(mentors: view.m)
        let cells = view.pairsAt.indices.reduce(0) { $0 + view.pairsAt[$1].count * (view.capacity[$1] + 1) * levels[$1] }
        if cells > maxCells { return nil }
        self.cells = cells
    }

    /// The relaxation at `u`: its value, how many times each student is taken (a mentor's
    /// pair or the unmet variable), and the candidates the knapsacks chose for each student.
    func evaluate(_ u: [Double]) -> (value: Double, taken: [Int], chosen: [[Int]]) {
        var value = studentsPart(u), taken = u.indices.map { unmetCost[$0] < u[$0] ? 1 : 0 }
        var chosen = [[Int]](repeating: [], count: u.count)
        for i in view.pairsAt.indices {
            let sack = knapsack(mentor: i, u: u)
            value -= sack.best
            for p in sack.chosen() {
                taken[view.pairStudent[p]] += 1
                chosen[view.pairStudent[p]].append(view.pairCandidate[p])
            }
        }
        return (value, taken, chosen)
    }

    /// The part of the relaxation's value outside the knapsacks: Σ u, plus each unmet
    /// variable taken where its cost is below u.
    private func studentsPart(_ u: [Double]) -> Double {
        u.indices.reduce(0) { $0 + u[$1] + min(0, unmetCost[$1] - u[$1]) }
    }

    /// Subgradient ascent from `start` (Polyak steps towards the incumbent's cost, which
    /// `heuristic` may lower: it gets the knapsack choices of every iteration, or of every tenth on large components, and returns the
    /// incumbent's cost after trying to build a better plan from them).
    /// Returns the best bound seen and its multipliers. Deterministic: counted in iterations.
    /// At most 300 iterations, fewer where the knapsacks are large (about 200 million table
    /// cells in all).
    func ascend(from start: [Double], ub: Double, step: Double,
                heuristic: (_ chosen: [[Int]]) -> Double) -> (bound: Double, u: [Double]) {
        let iterations = max(20, min(300, 200_000_000 / max(cells, 1)))
        // The heuristic costs about a pass over the students: every iteration on small
        // components, every tenth from 1,000 students.
        let every = min(10, max(1, unmetCost.count / 100))
        var u = start, ub = ub, theta = 1.0
        let ascent = SubgradientAscent(patience: 15, restart: true, minTheta: 1e-3)
        let run = ascent.run(&u, theta: &theta, iterations: iterations, free: { _ in true },
                             evaluate: { iteration, u in
                                 let (value, taken, chosen) = evaluate(u)
                                 if iteration % every == 0 { ub = min(ub, heuristic(chosen)) }
                                 return (value, taken, ())
                             },
                             improved: { _ in },
                             done: { _, best in best > ub - step + 1e-6 },
                             gap: { max(ub - $0, 1) })
        return (run.best, run.bestU)
    }

    /// The pairs (student, candidate) that no plan costing at most `ub - step` can use, given
    /// multipliers `u`; and the students whose unmet variable no such plan can use.
    func ruledOut(u: [Double], ub: Double, step: Double) -> (pairs: [(student: Int, candidate: Int)], unmet: [Int]) {
        let knapsacks = view.pairsAt.indices.map { knapsack(mentor: $0, u: u) }
        let value = studentsPart(u) - knapsacks.reduce(0) { $0 + $1.best }
        let limit = ub - step + 1e-6
        var pairs = [(student: Int, candidate: Int)](), unmet = [Int]()
        for k in u.indices where value - min(0, unmetCost[k] - u[k]) + (unmetCost[k] - u[k]) > limit {
            unmet.append(k)
        }
        for (i, sack) in knapsacks.enumerated() {
            let profit = sack.best
            for p in view.pairsAt[i] {
                // Forced in, the knapsack earns this pair's profit plus at most the best it can do
                // with the room left (over all its pairs, a superset of the others).
                let k = view.pairStudent[p], pair = (student: k, candidate: view.pairCandidate[p])
                guard let beside = sack.bestBeside(load: view.pairLoad[p], highRisk: view.pairHighRisk[p]) else { pairs.append(pair); continue }
                let forcedIn = value + profit - (u[k] - Double(view.pairCost[p])) - beside
                if forcedIn > limit { pairs.append(pair) }
            }
        }
        return (pairs, unmet)
    }

    /// Mentor i's knapsack at u: its pairs with positive profit u - cost that fit on their own,
    /// within its capacity and at most `maxHighRisk` high-risk pairs.
    private func knapsack(mentor i: Int, u: [Double]) -> MentorKnapsack {
        var useful = [Int](), profit = [Double]()
        for p in view.pairsAt[i] {
            let gain = u[view.pairStudent[p]] - Double(view.pairCost[p])
            if gain > 1e-12 && view.fits(pair: p, in: nothing) { useful.append(p); profit.append(gain) }
        }
        return MentorKnapsack(view, items: useful, profit: profit, room: view.capacity[i], levels: levels[i])
    }
}
