import Foundation
import Modeling

/// Solves buddy pairing component by component and assembles the plan.
///
/// - `mode: optimal` is a b-matching (children -> helpers with capacities), solved exactly as
///   a min-cost flow by ``Modeling/BipartiteMatching``: leaving a child out costs more than
///   every score of the component together, so the most children are matched first, then the
///   best weighted total. Pinned pairs are fixed before and take their helper's place.
/// - `mode: stable` is an integer program solved by GLPK: a b-matching over the pairs both
///   sides ranked (and the rules allow) plus one stability row per such pair,
///
///       cap(h) · Σ_{h' ranked by c at or above h} x(c,h') + Σ_{c' ranked by h above c} x(c',h) ≥ cap(h)
///
///   (either c has h or better, or h is full with children it prefers), minimising the total
///   rank. Pins can make stability impossible: then each stability row gets a slack that costs
///   more than every rank together, and the plan has the fewest blocking pairs possible.
public enum BuddyPlanner {
    /// The helper of each child of the component (nil: no buddy).
    typealias ComponentResult = SolvedComponent<[Int?]>

    public static func plan(_ problem: BuddyProblem, solver: any PlanSolver, settings: SolverSettings) throws -> BuddyPlan {
        let started = Date()
        let deadline = settings.timeLimit.map { started.addingTimeInterval($0) }
        let components = problem.components
        settings.progress?.begin(plan: "buddies", components: components.count)
        let results = try solveLargestFirst(components.count, size: { components[$0].children.count }, threads: settings.threads,
                                            progress: settings.progress) { c in
            problem.policy.mode == .stable
                ? try stable(problem, components[c], solver: solver, settings: settings, deadline: deadline)
                : optimal(problem, components[c])
        }
        return BuddyPlan(problem: problem, results: results, seconds: Date().timeIntervalSince(started))
    }

    /// The best matching of one component (exact, no time limit needed: it takes milliseconds).
    static func optimal(_ p: BuddyProblem, _ component: BuddyProblem.Component) -> ComponentResult {
        let started = Date()
        // Each helper's place in this component: an array over the component's span of helper
        // indices when that is compact (a school's helpers are), else a dictionary.
        let low = component.helpers.first ?? 0, span = (component.helpers.last ?? 0) - low + 1
        var dense = [Int](), sparse = [Int: Int]()
        if span <= 4 * component.helpers.count {
            dense = Array(repeating: -1, count: span)
            for (k, h) in component.helpers.enumerated() { dense[h - low] = k }
        } else {
            for (k, h) in component.helpers.enumerated() { sparse[h] = k }
        }
        func local(_ h: Int) -> Int { dense.isEmpty ? sparse[h]! : dense[h - low] }
        var residual = component.helpers.map { p.capacity[$0] }
        var helperOf = [Int?](repeating: nil, count: component.children.count)
        var cost = 0
        var free = [Int]()  // positions in component.children
        for (i, c) in component.children.enumerated() {
            if let h = p.pinned[c] {
                helperOf[i] = h
                residual[local(h)] -= 1
                cost -= p.candidates[c].first { $0.helper == h }?.scoreUnits ?? 0
            } else {
                free.append(i)
            }
        }
        var matching = BipartiteMatching(left: free.count, capacity: residual)
        // Leaving one child out costs more than every score of the component can swing.
        let unmatched = 1 + free.reduce(0) { $0 + (p.candidates[component.children[$1]].map { abs($0.scoreUnits) }.max() ?? 0) }
        var arcHelper = [Int]()
        for (k, i) in free.enumerated() {
            for cand in p.candidates[component.children[i]] {
                matching.addArc(left: k, right: local(cand.helper), cost: -cand.scoreUnits)
                arcHelper.append(cand.helper)
            }
        }
        matching.unmatchedCost = Array(repeating: unmatched, count: free.count)
        let solution = matching.solve()
        for (k, i) in free.enumerated() { helperOf[i] = solution.arcOf[k].map { arcHelper[$0] } }
        cost += solution.cost
        return ComponentResult(choice: helperOf, status: .optimal, stop: .completed, cost: Double(cost), bound: Double(cost),
                               seconds: Date().timeIntervalSince(started))
    }

    /// The best stable matching of one component: by its structure (``Modeling/StableMatching``)
    /// when no child of it is pinned, else as an integer program for GLPK (a pin may force a
    /// blocking pair, which the structure cannot carry).
    static func stable(_ p: BuddyProblem, _ component: BuddyProblem.Component, solver: any PlanSolver,
                       settings: SolverSettings, deadline: Date?) throws -> ComponentResult {
        if !component.children.contains(where: { p.pinned[$0] != nil }) { return stableByStructure(p, component) }
        let started = Date()
        let (model, pairs) = BuddyFormulation.stable(p, component)
        if pairs.isEmpty {  // nobody ranked anybody back here: nothing to decide
            return ComponentResult(choice: component.children.map { _ in nil }, status: .optimal, stop: .completed, cost: 0, bound: 0,
                                   seconds: Date().timeIntervalSince(started))
        }
        var options = SolveOptions(timeLimit: deadline.map { max(0.001, $0.timeIntervalSinceNow) }, relativeGap: settings.gap,
                                   logLevel: .errors)
        options.cuts = [.mixedIntegerRounding]
        options.nodeLimit = settings.workLimit
        let solution = try solver.solve(model, options: options.reporting(to: settings.progress))
        var helperOf = [Int?](repeating: nil, count: component.children.count)
        guard solution.hasSolution else {
            // Only a limit stops GLPK before any plan: the pins, and the other children in the
            // child-optimal stable matching of the room the pins leave, priced as the integer
            // program prices it (its bound, when GLPK had one, still holds).
            let choice = pinsThenChildOptimal(p, component)
            return ComponentResult(choice: choice, status: .feasible, stop: solution.stop,
                                   cost: BuddyFormulation.stableCost(p, component, choice), bound: solution.bound ?? 0,
                                   seconds: Date().timeIntervalSince(started))
        }
        let position = Dictionary(uniqueKeysWithValues: component.children.enumerated().map { ($1, $0) })
        for pair in pairs where solution[pair.x] > 0.5 { helperOf[position[pair.child]!] = pair.helper }
        let replanning = component.children.contains { p.previousHelper[$0] != nil }
        // Re-planning: the objective holds the keep bonuses; the plan reports its ranks alone
        // (and, short of a proof, the bound every plan's ranks have: 0).
        let cost = replanning ? BuddyFormulation.stableCost(p, component, helperOf) : solution.objective ?? 0
        let bound = replanning ? (solution.status == .optimal ? cost : 0) : solution.bound ?? cost
        return ComponentResult(choice: helperOf, status: solution.status, stop: solution.stop, cost: cost,
                               bound: bound, seconds: Date().timeIntervalSince(started))
    }

    /// Each child's helper (in the component's order): pinned children with their pinned helper,
    /// the others in the child-optimal stable matching of the room the pins leave (deferred
    /// acceptance, milliseconds). A plan for a component whose search stopped before finding one.
    static func pinsThenChildOptimal(_ p: BuddyProblem, _ component: BuddyProblem.Component) -> [Int?] {
        let pins = component.children.compactMap { p.pinned[$0] }
        let room = component.helpers.map { h in p.capacity[h] - pins.filter { $0 == h }.count }
        let found = stableMatching(p, component, room: room) { p.pinned[$0] == nil }.childOptimal()
        return component.children.enumerated().map { i, c in p.pinned[c] ?? found[i].map { component.helpers[$0] } }
    }

    /// The component as a stable-matching instance: each child that `takesPart` with the helpers
    /// both ranked that have room (`room`: per helper of the component), by their place in it.
    static func stableMatching(_ p: BuddyProblem, _ component: BuddyProblem.Component, room: [Int],
                               takesPart: (Int) -> Bool) -> StableMatching {
        let localHelper = Dictionary(uniqueKeysWithValues: component.helpers.enumerated().map { ($1, $0) })
        var matching = StableMatching(children: component.children.count, capacity: room)
        for (i, c) in component.children.enumerated() where takesPart(c) {
            let open = p.ranked[c].filter { room[localHelper[$0.helper]!] > 0 }
            matching.accept(child: i, helpers: open.map { localHelper[$0.helper]! }, helperRanks: open.map(\.helperRank))
        }
        return matching
    }

    /// The stable matching of least cost (`stableObjective`: the child's rank plus the
    /// helper's, the child's or the helper's), exact: deferred acceptance and the rotation
    /// poset's minimum-weight closure.
    static func stableByStructure(_ p: BuddyProblem, _ component: BuddyProblem.Component) -> ComponentResult {
        let started = Date()
        // Every helper ranked by a child here has room (the rules leave out those with none).
        let matching = stableMatching(p, component, room: component.helpers.map { p.capacity[$0] }) { _ in true }
        let objective = p.policy.stableObjective
        // Re-planning: an earlier pair weighs less by more than all ranks together.
        let keep = p.stableKeepBonus(component)
        let found = matching.leastWeight { i, k in
            let c = component.children[i], h = component.helpers[k]
            return p.ranks(child: c, helper: h)!.cost(objective) - (p.kept(c, h) ? keep : 0)
        }
        let choice = found.helperOf.map { $0.map { component.helpers[$0] } }
        let cost = BuddyFormulation.stableCost(p, component, choice)  // the ranks alone
        return ComponentResult(choice: choice, status: .optimal, stop: .completed, cost: cost, bound: cost, seconds: Date().timeIntervalSince(started))
    }
}
