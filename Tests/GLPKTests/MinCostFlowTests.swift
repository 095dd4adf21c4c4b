import GLPK
import Modeling
import Testing

/// The Swift min-cost flow against a known optimum, its own certificate and GLPK's out-of-kilter
/// routine on the same networks (the tests both solvers share are in FlowTests.swift).
@Suite struct SwiftMinCostFlow {
    /// A cycle of cost -3 with room 4 is worth running even with no supply anywhere: -12.
    @Test func negativeCycleIsFilled() throws {
        var net = FlowNetwork()
        let a = net.addNode(), b = net.addNode(), c = net.addNode()
        net.addArc(from: a, to: b, capacity: 4, cost: -2)
        net.addArc(from: b, to: c, capacity: 9, cost: 1)
        net.addArc(from: c, to: a, capacity: 5, cost: -2)
        let solution = try Modeling.MinCostFlow.solve(net)
        #expect(solution.flow == [4, 4, 4])
        #expect(solution.cost == -12)
        #expect(solution.certifies(net))
    }

    /// The certificate is no rubber stamp: a feasible flow that is not the cheapest, an
    /// infeasible one, and the optimum with a wrong potential are all refused.
    @Test func certificateRejectsWhatIsNotOptimal() throws {
        var net = FlowNetwork()
        let s = net.addNode(supply: 2), t = net.addNode(supply: -2)
        net.addArc(from: s, to: t, capacity: 2, cost: 1)
        net.addArc(from: s, to: t, capacity: 2, cost: 4)
        let best = try Modeling.MinCostFlow.solve(net)
        #expect(best.flow == [2, 0] && best.certifies(net))
        let dear = FlowSolution(status: .optimal, cost: 5, flow: [1, 1], potential: best.potential, seconds: 0)
        #expect(!dear.certifies(net))
        let short = FlowSolution(status: .optimal, cost: 1, flow: [1, 0], potential: best.potential, seconds: 0)
        #expect(!short.certifies(net))
        let wrongPotential = FlowSolution(status: .optimal, cost: 2, flow: [2, 0], potential: [0, 10], seconds: 0)
        #expect(!wrongPotential.certifies(net))
    }

    /// Random general networks: cycles, negative costs, lower bounds, arcs without a capacity,
    /// several supplies and demands. The same status and optimal cost as GLPK, and certified.
    @Test func agreesWithOutOfKilterOnRandomNetworks() throws {
        var rng = LCG(state: 11)
        var infeasible = 0, negativeArcsUsed = 0
        for round in 0..<300 {
            let nodes = 2 + rng.next(0...10)
            var net = FlowNetwork()
            var supply = (0..<nodes).map { _ in rng.next(0...2) == 0 ? rng.next(-6...6) : 0 }
            supply[nodes - 1] -= supply.reduce(0, +)
            let node = supply.map { net.addNode(supply: $0) }
            for _ in 0..<rng.next(1...(3 * nodes)) {
                let u = rng.next(0...(nodes - 1)), v = rng.next(0...(nodes - 1))
                guard u != v else { continue }
                let low = rng.next(0...5) == 0 ? rng.next(1...2) : 0
                let cap: Int? = rng.next(0...4) == 0 ? nil : low + rng.next(0...6)
                // Unbounded arcs never cost less than 0 here: a negative cycle of them has no optimum.
                let cost = cap == nil ? rng.next(0...9) : rng.next(-9...9)
                net.addArc(from: node[u], to: node[v], lower: low, capacity: cap, cost: cost)
            }
            let mine = try Modeling.MinCostFlow.solve(net)
            let glpk = try GLPKSolver().solve(net)
            #expect(mine.status == glpk.status, "round \(round)")
            guard glpk.status == .optimal else { infeasible += 1; continue }
            #expect(mine.cost == glpk.cost, "round \(round)")
            #expect(mine.certifies(net), "round \(round)")
            negativeArcsUsed += (0..<net.arcCount).filter { net.cost[$0] < 0 && mine.flow[$0] > net.lower[$0] }.count
        }
        // Both kinds of outcome, and negative arcs put to use, occur.
        #expect(infeasible > 10 && infeasible < 290)
        #expect(negativeArcsUsed > 20)
    }

    /// A layered network shaped as a mentor plan builds it (students -> pools and gates ->
    /// mentors -> sink, convex balance arcs, a dear arc for leaving a student out), large enough
    /// for many rounds of the search: the same optimum as GLPK, certified.
    @Test(arguments: 1...3)
    func agreesWithOutOfKilterOnLayeredNetworks(seed: UInt64) throws {
        var rng = LCG(state: seed)
        let students = 300, mentors = 24, poolCount = 3
        var net = FlowNetwork()
        let sink = net.addNode(supply: -students)
        var gate = [FlowNetwork.Node](), mentor = [FlowNetwork.Node]()
        for _ in 0..<mentors {
            let m = net.addNode(), g = net.addNode()
            net.addArc(from: g, to: m, capacity: 2, cost: 0)
            net.addArc(from: m, to: sink, capacity: 10, cost: 0)
            for k in 1...4 { net.addArc(from: m, to: sink, capacity: 1, cost: 100 * (2 * k - 1)) }
            mentor.append(m)
            gate.append(g)
        }
        let pools = (0..<poolCount).map { p in
            let pool = net.addNode()
            for m in 0..<mentors where m % poolCount == p || m % 5 == 0 {
                net.addArc(from: pool, to: mentor[m], cost: -rng.next(0...2) * 200)
            }
            return pool
        }
        for _ in 0..<students {
            let s = net.addNode(supply: 1)
            net.addArc(from: s, to: sink, capacity: 1, cost: 100_000)
            let highRisk = rng.next(0...19) == 0
            for _ in 0..<rng.next(0...6) {
                let m = rng.next(0...(mentors - 1))
                net.addArc(from: s, to: highRisk ? gate[m] : mentor[m], capacity: 1, cost: -100 * rng.next(1...20))
            }
            if !highRisk { net.addArc(from: s, to: pools[rng.next(0...(poolCount - 1))], capacity: 1, cost: 0) }
        }
        let mine = try Modeling.MinCostFlow.solve(net)
        let glpk = try GLPKSolver().solve(net)
        #expect(glpk.status == .optimal)
        #expect(mine.cost == glpk.cost)
        #expect(mine.certifies(net))
        let again = try Modeling.MinCostFlow.solve(net)
        #expect(again.flow == mine.flow && again.potential == mine.potential)
    }
}
