import Foundation
import Modeling

/// Proves the optimum of a component whose cost is linear in its pairs (no balance penalty
/// above the mentors' targets): a generalized assignment problem. GLPK's LP bound is too weak
/// for the hard ones (OR-Library c10200 stayed open after 20 s of GLPK with MIR cuts on the
/// pairs the Lagrangian bound had not fixed); the Lagrangian
/// bound with a knapsack per mentor is much closer, and exact knapsack marginals fix most
/// pairs before any branching.
///
/// The optimisation is asked as a sequence of yes/no questions (after Posta, Ferland and
/// Michelon 2012): "is there a plan costing at most z?". Every plan's cost is a multiple of
/// `step`, so a "no" lifts the bound to z + step (or to the lowest bound of what the search
/// closed) and a "yes" brings a plan costing at most z; it ends when bound and incumbent meet.
/// z sits a third of the way from the bound to the incumbent, so with a tight bound (GAP) the
/// questions are asked just above it, where a "no" proves most, and with a weak one (many
/// levels) each answer cuts the range. Each question is a depth-first search:
///
/// 1. Subgradient steps on the multipliers `u` of "each student exactly once" (aimed at z,
///    started from the parent's). A bound above z closes the node; a relaxed solution that
///    takes every student once is a plan costing at most z.
/// 2. Exact marginals of each mentor's knapsack (forward and backward tables): what the
///    bound becomes when a pair is forced in or out. For each student and each option (a
///    mentor or unmet), the bound with that option chosen, and every other option of the
///    student refused, is the node's bound plus the option's "in" loss plus the other
///    options' "out" losses. Options above z are struck; a student with one option left is
///    fixed to it; with none, the node is closed. Repeated while it strikes anything.
/// 3. Branch on the student whose best option has the highest bound (the children closest
///    to closing), options in order of their bound.
///
/// At every node the relaxed solution, repaired greedily and improved by local moves, may be
/// a plan at most z (then the question is answered) or better than the incumbent.
/// Deterministic: the work is counted in nodes; only the deadline cuts it by time.
final class MentorBranchAndBound {
    struct Outcome {
        /// The best plan found (each student's candidate index, nil: unmet) and its cost.
        var choice: [Int?]
        var cost: Int
        /// Proven lower bound on every plan's cost.
        var bound: Int
        var proven: Bool { bound >= cost }
        var nodes: Int
        /// Why the search stopped before proving the optimum, if it did.
        var stoppedBy: StopReason?
    }

    private let formulation: MentorFormulation
    private let local: MentorLocalSearch
    private let step: Int
    private let deadline: Date?
    private let nodeLimit: Int?

    /// The component as flat arrays: students 0..<n, mentors 0..<m, pairs (a student's candidate).
    private let view: MentorComponentView
    private let n: Int, m: Int

    private var nodes = 0
    /// The lowest bound of anything the current question closed: every plan costs at least
    /// this much when the answer is "no".
    private var closedAbove = Double.infinity
    private var best: (choice: [Int?], cost: Int)
    private var stoppedBy: StopReason?

    /// Applies when no mentor's load above a target costs anything; nil otherwise.
    init?(formulation f: MentorFormulation, view: MentorComponentView? = nil, incumbent: [Int?], deadline: Date?, nodeLimit: Int?) {
        let p = f.problem, component = f.component
        guard f.balanceUnits == 0 || component.mentors.allSatisfy({ f.target[$0]! >= p.capacity[$0] }) else { return nil }
        formulation = f
        let view = view ?? MentorComponentView(f)
        local = MentorLocalSearch(formulation: f, view: view, deadline: deadline)
        step = f.step
        self.deadline = deadline
        self.nodeLimit = nodeLimit
        self.view = view
        n = view.n
        m = view.m
        best = (incumbent, local.cost(incumbent))
    }

    /// Closes the range from `bound` (rounded up to a step) to the incumbent's cost, starting
    /// the multipliers at `u` (one per student).
    func solve(bound: Double, u: [Double]) -> Outcome {
        var lb = Int((bound / Double(step)).rounded(.down)) * step
        while Double(lb) < bound - 1e-6 { lb += step }
        var u = u
        while lb < best.cost {
            // The question: at the bound while three levels or fewer are left (a "no" there is
            // what proves the optimum), else a third of the way up (each answer cuts the range;
            // "no"s far below the optimum and "yes"es far above it are quick).
            let levels = (best.cost - lb) / step
            let z = lb + (levels - 1) / 3 * step
            var root = Node(self)
            closedAbove = .infinity
            switch explore(&root, u: &u, z: z, theta: 1, depth: 0) {
            case .found:
                // "Yes": the plan found costs at most z.
                continue
            case .closed:
                // "No": at least the next level, or as far as every closed node's bound reaches.
                lb = z + step
                while Double(lb) < closedAbove - 1e-6 && lb < best.cost { lb += step }
            case .stopped:
                return outcome(bound: lb)
            }
        }
        return outcome(bound: best.cost)
    }

    private func outcome(bound: Int) -> Outcome {
        Outcome(choice: best.choice, cost: best.cost, bound: min(bound, best.cost), nodes: nodes,
                stoppedBy: bound >= best.cost ? nil : stoppedBy)
    }

    // MARK: - Search

    private enum Result { case found, closed, stopped }

    /// What is fixed at a node: each student's pair (-1: free, -2: unmet), pairs struck out,
    /// whether a free student may still be unmet, and what each mentor carries.
    private struct Node {
        var assigned: [Int]
        var alive: [Bool]
        var unmetAllowed: [Bool]
        var loads: MentorLoads
        var fixedCost = 0

        init(_ bb: MentorBranchAndBound) {
            assigned = Array(repeating: -1, count: bb.n)
            alive = Array(repeating: true, count: bb.view.pairStudent.count)
            unmetAllowed = Array(repeating: true, count: bb.n)
            loads = MentorLoads(mentors: bb.m)
        }
    }

    /// Fixes student k to pair p (nil: unmet).
    private func fix(_ node: inout Node, student k: Int, pair p: Int?) {
        for q in view.pairsOf[k] { node.alive[q] = false }
        node.unmetAllowed[k] = false
        guard let p else {
            node.assigned[k] = -2
            node.fixedCost += view.unmetCost[k]
            return
        }
        node.assigned[k] = p
        node.fixedCost += view.pairCost[p]
        view.carry(p, in: &node.loads)
    }

    private func explore(_ node: inout Node, u: inout [Double], z: Int, theta: Double, depth: Int) -> Result {
        if let nodeLimit, nodes >= nodeLimit { stoppedBy = .workLimit; return .stopped }
        if let deadline, Date() >= deadline { stoppedBy = .timeLimit; return .stopped }
        nodes += 1
        let limit = Double(z) + 1e-6
        var theta = theta
        var marginals: Marginals
        while true {
            let ascent = ascend(node, u: &u, z: z, theta: &theta, iterations: depth == 0 ? 150 : 25)
            if ascent.bound > limit { return close(ascent.bound) }
            if let plan = ascent.plan {
                // Every student taken once: the relaxed solution is a plan, at most z.
                accept(plan)
                if best.cost <= z { return .found }
            }
            if tryHeuristic(node, relaxed: ascent.relaxed, z: z) { return .found }
            marginals = self.marginals(node, u: u)
            if marginals.bound > limit { return close(marginals.bound) }
            switch strike(&node, marginals, limit: limit) {
            case .infeasible: return .closed
            case .unchanged: break
            case .changed: continue
            }
            break
        }
        // Every student fixed: the node is a plan (its bound, its cost, is at most z).
        guard let k = branchingStudent(node, marginals) else {
            accept(node.assigned.map { $0 >= 0 ? view.pairCandidate[$0] : nil })
            return best.cost <= z ? .found : .closed
        }
        for option in options(of: k, node, marginals).sorted(by: { ($0.bound, $0.pair ?? -1) < ($1.bound, $1.pair ?? -1) }) {
            if option.bound > limit { _ = close(option.bound); continue }
            var child = node, childU = u
            fix(&child, student: k, pair: option.pair)
            switch explore(&child, u: &childU, z: z, theta: theta, depth: depth + 1) {
            case .found: return .found
            case .stopped: return .stopped
            case .closed: continue
            }
        }
        return .closed
    }

    /// Closes a node (or an option) whose bound exceeds the question's level.
    private func close(_ bound: Double) -> Result {
        closedAbove = min(closedAbove, bound)
        return .closed
    }

    /// Keeps a plan if it is better than the best so far.
    private func accept(_ choice: [Int?]) {
        let cost = local.cost(choice)
        if cost < best.cost { best = (choice, cost) }
    }

    /// A plan from the relaxed solution: students it takes once keep that mentor, the others
    /// go to their cheapest option with room; then local moves. True when it costs at most z.
    private func tryHeuristic(_ node: Node, relaxed: [Int], z: Int) -> Bool {
        var loads = MentorLoads(mentors: m)
        var choice = [Int?](repeating: nil, count: n)
        func take(_ p: Int) -> Bool {
            guard view.fits(pair: p, in: loads) else { return false }
            view.carry(p, in: &loads)
            choice[view.pairStudent[p]] = view.pairCandidate[p]
            return true
        }
        var rest = [Int]()
        for k in 0..<n {
            let p = node.assigned[k] >= 0 ? node.assigned[k] : relaxed[k]
            if p >= 0, take(p) { continue }
            if node.assigned[k] != -2 { rest.append(k) }
        }
        for k in rest.sorted(by: { (view.pairsOf[$0].count, $0) < (view.pairsOf[$1].count, $1) }) {
            for p in view.pairsOf[k].sorted(by: { (view.pairCost[$0], $0) < (view.pairCost[$1], $1) }) where take(p) { break }
        }
        let improved = local.descend(choice)
        accept(improved)
        return best.cost <= z
    }

    // MARK: - Lagrangian relaxation

    /// Subgradient steps from `u` aimed just past z; `u` ends at the best multipliers seen.
    /// `relaxed[k]`: the pair the relaxation gives student k when it gives exactly one (-1
    /// otherwise); `plan` when every free student is taken exactly once.
    private func ascend(_ node: Node, u: inout [Double], z: Int, theta: inout Double, iterations: Int)
        -> (bound: Double, relaxed: [Int], plan: [Int?]?) {
        let target = Double(z + step)
        var bestRelaxed = [Int]()
        let ascent = SubgradientAscent(patience: 5, restart: false, minTheta: 1e-4)
        let run = ascent.run(&u, theta: &theta, iterations: iterations, free: { node.assigned[$0] == -1 },
                             evaluate: { _, u in
                                 let (value, taken, relaxed, unmet) = evaluate(node, u: u)
                                 return (value, taken, (relaxed: relaxed, unmet: unmet))
                             },
                             improved: { bestRelaxed = $0.relaxed },
                             done: { value, _ in value > Double(z) + 1e-6 },
                             gap: { target - $0 })
        guard let covered = run.covered else { return (run.best, bestRelaxed, nil) }
        // Each free student taken once: a plan.
        let (relaxed, unmet) = covered.extra
        var plan = node.assigned.map { $0 >= 0 ? view.pairCandidate[$0] : nil as Int? }
        for k in 0..<n where node.assigned[k] == -1 { plan[k] = unmet[k] ? nil : view.pairCandidate[relaxed[k]] }
        return (covered.value, relaxed, plan)
    }

    /// The relaxation at u: its value, how often each free student is taken, the pair taken
    /// where it is exactly one (-1 otherwise), and whether that one is the unmet option.
    private func evaluate(_ node: Node, u: [Double]) -> (Double, [Int], [Int], [Bool]) {
        var value = Double(node.fixedCost)
        var taken = [Int](repeating: 0, count: n), relaxed = [Int](repeating: -1, count: n)
        var unmet = [Bool](repeating: false, count: n)
        for k in 0..<n where node.assigned[k] == -1 {
            value += u[k]
            if node.unmetAllowed[k], Double(view.unmetCost[k]) < u[k] {
                value += Double(view.unmetCost[k]) - u[k]
                taken[k] = 1
                unmet[k] = true
            }
        }
        for i in 0..<m {
            let sack = knapsack(node, mentor: i, u: u).sack
            value -= sack.best
            for p in sack.chosen() {
                let k = view.pairStudent[p]
                taken[k] += 1
                relaxed[k] = p
                unmet[k] = false
            }
        }
        for k in 0..<n where taken[k] != 1 { relaxed[k] = -1; unmet[k] = false }
        return (value, taken, relaxed, unmet)
    }

    /// Losses of the bound when a pair is forced in (`into`) or out (`outOf`), and the
    /// same for each free student's unmet option; the bound itself.
    private struct Marginals {
        var bound: Double
        var into: [Double]
        var outOf: [Double]
        var unmetInto: [Double]
        var unmetOutOf: [Double]
    }

    private func marginals(_ node: Node, u: [Double]) -> Marginals {
        var result = Marginals(bound: Double(node.fixedCost), into: Array(repeating: .infinity, count: view.pairStudent.count),
                               outOf: Array(repeating: 0, count: view.pairStudent.count),
                               unmetInto: Array(repeating: .infinity, count: n), unmetOutOf: Array(repeating: 0, count: n))
        for k in 0..<n where node.assigned[k] == -1 {
            result.bound += u[k]
            guard node.unmetAllowed[k] else { continue }
            let reduced = Double(view.unmetCost[k]) - u[k]
            result.bound += min(0, reduced)
            result.unmetInto[k] = max(0, reduced)
            result.unmetOutOf[k] = max(0, -reduced)
        }
        for i in 0..<m {
            let (sack, others, othersProfit) = knapsack(node, mentor: i, u: u)
            result.bound -= sack.best
            for (p, gain) in zip(others, othersProfit) {
                guard let beside = sack.bestBeside(load: view.pairLoad[p], highRisk: view.pairHighRisk[p]) else { continue }
                result.into[p] = sack.best - (gain + beside)
                result.outOf[p] = 0
            }
            sack.marginals(into: &result.into, outOf: &result.outOf)
        }
        return result
    }

    /// One option of a student (a pair, or nil: unmet) and the bound if it is chosen.
    private func options(of k: Int, _ node: Node, _ mg: Marginals) -> [(pair: Int?, bound: Double)] {
        var others = node.unmetAllowed[k] ? mg.unmetOutOf[k] : 0
        for p in view.pairsOf[k] where node.alive[p] { others += mg.outOf[p] }
        var list = [(pair: Int?, bound: Double)]()
        for p in view.pairsOf[k] where node.alive[p] {
            list.append((p, mg.bound + mg.into[p] + others - mg.outOf[p]))
        }
        if node.unmetAllowed[k] { list.append((nil, mg.bound + mg.unmetInto[k] + others - mg.unmetOutOf[k])) }
        return list
    }

    private enum Strike { case unchanged, changed, infeasible }

    /// Strikes every option whose bound exceeds the limit; fixes students left with one.
    private func strike(_ node: inout Node, _ mg: Marginals, limit: Double) -> Strike {
        var changed = false
        for k in 0..<n where node.assigned[k] == -1 {
            var kept = [(pair: Int?, bound: Double)]()
            var struck = [(pair: Int?, bound: Double)]()
            for option in options(of: k, node, mg) {
                if option.bound <= limit { kept.append(option) } else { struck.append(option) }
            }
            for option in struck { _ = close(option.bound) }
            if kept.isEmpty { return .infeasible }
            if kept.count == 1 {
                // Students fixed earlier in this pass may have used up the room it needs.
                if let p = kept[0].pair, !view.fits(pair: p, in: node.loads) { return .infeasible }
                fix(&node, student: k, pair: kept[0].pair)
                changed = true
                continue
            }
            for option in struck {
                if let p = option.pair { node.alive[p] = false } else { node.unmetAllowed[k] = false }
                changed = true
            }
        }
        // A fixed student may have used up a mentor's room: pairs that no longer fit are out.
        for p in node.alive.indices where node.alive[p] && !view.fits(pair: p, in: node.loads) {
            node.alive[p] = false
            changed = true
        }
        if changed {
            for k in 0..<n where node.assigned[k] == -1 && !node.unmetAllowed[k] && !view.pairsOf[k].contains(where: { node.alive[$0] }) {
                return .infeasible
            }
        }
        return changed ? .changed : .unchanged
    }

    /// The free student whose best option has the highest bound; nil when none is free.
    private func branchingStudent(_ node: Node, _ mg: Marginals) -> Int? {
        var chosen: Int?, score = -Double.infinity
        for k in 0..<n where node.assigned[k] == -1 {
            let best = options(of: k, node, mg).map(\.bound).min() ?? .infinity
            if best > score + 1e-9 { score = best; chosen = k }
        }
        return chosen
    }

    // MARK: - A mentor's knapsack

    /// The mentor's knapsack at u over its live pairs of free students that fit in the room
    /// left (load and high-risk places), and the live pairs that fit but earn nothing, with
    /// their profit (for their marginals).
    private func knapsack(_ node: Node, mentor i: Int, u: [Double]) -> (sack: MentorKnapsack, others: [Int], othersProfit: [Double]) {
        var items = [Int](), others = [Int](), profit = [Double](), othersProfit = [Double](), highRisk = 0
        for p in view.pairsAt[i] where node.alive[p] && node.assigned[view.pairStudent[p]] == -1 {
            if !view.fits(pair: p, in: node.loads) { continue }
            if view.pairHighRisk[p] { highRisk += 1 }
            let gain = u[view.pairStudent[p]] - Double(view.pairCost[p])
            if gain > 1e-9 { items.append(p); profit.append(gain) } else { others.append(p); othersProfit.append(gain) }
        }
        let levels = min(view.highRiskRoom(i, node.loads), highRisk) + 1
        return (MentorKnapsack(view, items: items, profit: profit, room: view.room(i, node.loads), levels: levels), others, othersProfit)
    }
}
