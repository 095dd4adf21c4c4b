import GLPK
import Modeling
import Testing

/// The Swift min-cost flow as a ``FlowSolver``, so the same tests run on both solvers.
struct SwiftFlowSolver: FlowSolver {
    func solve(_ network: FlowNetwork) throws -> FlowSolution { try Modeling.MinCostFlow.solve(network) }
}

/// Min-cost flow on both solvers: GLPK's out-of-kilter routine and the Swift ``MinCostFlow``.
@Suite struct FlowSolvers {
    static let solvers: [any FlowSolver] = [GLPKSolver(), SwiftFlowSolver()]

    /// Three units from s to t: one over the direct arc (capacity 1, cost 1), two over s-a-t (cost 2 each).
    @Test(arguments: solvers) func smallNetwork(solver: any FlowSolver) throws {
        var net = FlowNetwork()
        let s = net.addNode(supply: 3), a = net.addNode(), t = net.addNode(supply: -3)
        let direct = net.addArc(from: s, to: t, capacity: 1, cost: 1)
        let first = net.addArc(from: s, to: a, cost: 1)
        let second = net.addArc(from: a, to: t, cost: 1)
        let solution = try solver.solve(net)
        #expect(solution.status == .optimal)
        #expect(solution.cost == 5)
        #expect(solution[direct] == 1)
        #expect(solution[first] == 2)
        #expect(solution[second] == 2)
    }

    @Test(arguments: solvers) func lowerBoundsAreMet(solver: any FlowSolver) throws {
        var net = FlowNetwork()
        let s = net.addNode(supply: 2), t = net.addNode(supply: -2)
        let cheap = net.addArc(from: s, to: t, capacity: 2, cost: 1)
        let forced = net.addArc(from: s, to: t, lower: 1, capacity: 2, cost: 5)
        let solution = try solver.solve(net)
        #expect(solution.flow == [1, 1])
        #expect(solution[cheap] + solution[forced] == 2)
        #expect(solution.cost == 6)
    }

    @Test(arguments: solvers) func infeasibleNetworkIsData(solver: any FlowSolver) throws {
        var net = FlowNetwork()
        let s = net.addNode(supply: 5), t = net.addNode(supply: -5)
        net.addArc(from: s, to: t, capacity: 3, cost: 1)
        let solution = try solver.solve(net)
        #expect(solution.status == .infeasible)
        #expect(solution.flow.isEmpty)
    }

    @Test(arguments: solvers) func badNetworkIsRefused(solver: any FlowSolver) {
        var net = FlowNetwork()
        let s = net.addNode(supply: 1)
        net.addArc(from: s, to: s)
        #expect(throws: ModelError(.invalidNetwork, "supplies add up to 1, not 0: every unit supplied must be demanded somewhere (add a sink node taking the surplus)")) {
            try solver.solve(net)
        }
    }

    /// Random assignment-like networks: the flow optimum equals the LP optimum of the
    /// same network solved by the simplex (an independent method).
    @Test(arguments: solvers, 1...5)
    func agreesWithTheSimplexOnRandomNetworks(solver: any FlowSolver, seed: UInt64) throws {
        var rng = LCG(state: seed)
        let sources = 6, sinks = 4
        var net = FlowNetwork()
        var model = Model()
        let supplies = (0..<sources).map { _ in rng.next(1...5) }
        let total = supplies.reduce(0, +)
        var demands = (0..<sinks).map { _ in total / sinks }
        demands[0] += total - demands.reduce(0, +)
        let sourceNodes = supplies.map { net.addNode(supply: $0) }
        let sinkNodes = demands.map { net.addNode(supply: -$0) }
        var arcVariables: [(Int, Int, Variable)] = []
        var objective = LinearExpression()
        for (i, u) in sourceNodes.enumerated() {
            for (k, v) in sinkNodes.enumerated() where rng.next(0...3) > 0 || k == i % sinks {
                let cost = rng.next(1...20), cap = rng.next(2...8)
                net.addArc(from: u, to: v, capacity: cap, cost: cost)
                let x = model.addVariable("f_\(i)_\(k)", upper: Double(cap))
                arcVariables.append((i, k, x))
                objective.add(x, Double(cost))
            }
        }
        for i in 0..<sources {
            model.addConstraint(LinearExpression(sum: arcVariables.filter { $0.0 == i }.map(\.2)) == Double(supplies[i]))
        }
        for k in 0..<sinks {
            model.addConstraint(LinearExpression(sum: arcVariables.filter { $0.1 == k }.map(\.2)) == Double(demands[k]))
        }
        model.minimize(objective)
        let flow = try solver.solve(net)
        let lp = try GLPKSolver().solve(model)
        #expect(flow.status == lp.status)
        if flow.status == .optimal {
            #expect(Double(flow.cost) == lp.objective)
        }
    }
}
