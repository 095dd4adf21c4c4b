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
    struct Item {
        let student: Int
        let candidate: Int
        let load: Int
        let highRisk: Bool
        let cost: Double
    }

    let formulation: MentorFormulation
    /// Per component mentor (local index): its pairs.
    private var items: [[Item]] = []
    private var capacity: [Int] = []
    private var unmetCost: [Double] = []
    private let maxHighRisk: Int
    /// Knapsack table cells per evaluation: the measure of an iteration's work.
    private var cells = 0

    /// nil when a knapsack table would be too large to be worth it (capacity × pairs).
    init?(formulation: MentorFormulation, view: MentorComponentView? = nil, maxCells: Int = 4_000_000) {
        self.formulation = formulation
        let view = view ?? MentorComponentView(formulation)
        maxHighRisk = view.maxHighRisk
        items = view.pairsAt.map { pairs in
            pairs.map { p in
                Item(student: view.pairStudent[p], candidate: view.pairCandidate[p], load: view.pairLoad[p],
                     highRisk: view.pairHighRisk[p], cost: Double(view.pairCost[p]))
            }
        }
        capacity = view.capacity
        unmetCost = view.unmetCost.map { Double($0) }
        let cells = zip(items, capacity).reduce(0) {
            $0 + $1.0.count * ($1.1 + 1) * (min(maxHighRisk, $1.0.filter(\.highRisk).count) + 1)
        }
        if cells > maxCells { return nil }
        self.cells = cells
    }

    /// The relaxation at `u`: its value, how many times each student is taken (a mentor's
    /// pair or the unmet variable), and the candidates the knapsacks chose for each student.
    func evaluate(_ u: [Double]) -> (value: Double, taken: [Int], chosen: [[Int]]) {
        var value = studentsPart(u), taken = u.indices.map { unmetCost[$0] < u[$0] ? 1 : 0 }
        var chosen = [[Int]](repeating: [], count: u.count)
        for (i, list) in items.enumerated() {
            let (profit, picked, _) = knapsack(list, capacity: capacity[i], u: u)
            value -= profit
            for item in picked {
                taken[item.student] += 1
                chosen[item.student].append(item.candidate)
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
        var u = start, best = (bound: -Double.infinity, u: start), ub = ub
        var theta = 1.0, stale = 0
        for iteration in 0..<iterations {
            let (value, taken, chosen) = evaluate(u)
            if iteration % every == 0 { ub = min(ub, heuristic(chosen)) }
            if value > best.bound + 1e-9 { best = (value, u); stale = 0 } else { stale += 1 }
            if best.bound > ub - step + 1e-6 { break }
            if stale >= 15 { theta /= 2; stale = 0; u = best.u }
            if theta < 1e-3 { break }
            let g = taken.map { Double(1 - $0) }
            let norm = g.reduce(0) { $0 + $1 * $1 }
            if norm == 0 { break }  // every student taken once: the relaxed solution is a plan
            let step = theta * max(ub - value, 1) / norm
            for k in u.indices { u[k] += step * g[k] }
        }
        return best
    }

    /// The pairs (student, candidate) that no plan costing at most `ub - step` can use, given
    /// multipliers `u`; and the students whose unmet variable no such plan can use.
    func ruledOut(u: [Double], ub: Double, step: Double) -> (pairs: [(student: Int, candidate: Int)], unmet: [Int]) {
        let knapsacks = items.indices.map { knapsack(items[$0], capacity: capacity[$0], u: u) }
        let value = studentsPart(u) - knapsacks.reduce(0) { $0 + $1.profit }
        let limit = ub - step + 1e-6
        var pairs = [(student: Int, candidate: Int)](), unmet = [Int]()
        for k in u.indices where value - min(0, unmetCost[k] - u[k]) + (unmetCost[k] - u[k]) > limit {
            unmet.append(k)
        }
        for (i, list) in items.enumerated() {
            let (profit, _, table) = knapsacks[i]
            let width = capacity[i] + 1, levels = table.count / width
            for item in list {
                // Forced in, the knapsack earns this pair's profit plus at most the best it can do
                // with the room left (over all its pairs, a superset of the others).
                let level = levels - 1 - (item.highRisk ? 1 : 0)
                guard item.load <= capacity[i], level >= 0 else { pairs.append((item.student, item.candidate)); continue }
                let forcedIn = value + profit - (u[item.student] - item.cost) - table[level * width + capacity[i] - item.load]
                if forcedIn > limit { pairs.append((item.student, item.candidate)) }
            }
        }
        return (pairs, unmet)
    }

    /// Exact 0-1 knapsack over the pairs with positive profit u - cost, within the load
    /// capacity and at most `maxHighRisk` high-risk pairs: the best profit, the pairs that earn
    /// it, and the table of the best profit within each (high-risk count h, load w), stored at
    /// h * (capacity + 1) + w, h up to the levels the pairs can use.
    private func knapsack(_ list: [Item], capacity: Int, u: [Double]) -> (profit: Double, chosen: [Item], table: [Double]) {
        let useful = list.filter { u[$0.student] - $0.cost > 1e-12 && $0.load <= capacity && !($0.highRisk && maxHighRisk == 0) }
        let width = capacity + 1
        let levels = min(maxHighRisk, list.filter(\.highRisk).count) + 1
        var best = [Double](repeating: 0, count: levels * width)
        if useful.isEmpty { return (0, [], best) }
        var take = [Bool](repeating: false, count: useful.count * levels * width)
        for (t, item) in useful.enumerated() {
            let profit = u[item.student] - item.cost, dh = item.highRisk ? 1 : 0
            for h in stride(from: levels - 1, through: dh, by: -1) {
                var w = capacity
                while w >= item.load {
                    let candidate = best[(h - dh) * width + w - item.load] + profit
                    if candidate > best[h * width + w] {
                        best[h * width + w] = candidate
                        take[(t * levels + h) * width + w] = true
                    }
                    w -= 1
                }
            }
        }
        var chosen = [Item](), w = capacity, h = levels - 1
        for t in stride(from: useful.count - 1, through: 0, by: -1) where take[(t * levels + h) * width + w] {
            chosen.append(useful[t])
            w -= useful[t].load
            if useful[t].highRisk { h -= 1 }
        }
        return (best[(levels - 1) * width + capacity], chosen, best)
    }
}
