import GLPK
import Modeling
import Testing

/// The Swift b-matching solver against GLPK's out-of-kilter routine on the same network.
@Suite struct Matching {
    struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    /// The same problem as a flow network: left -> right -> sink, left -> sink for unmatched.
    func network(_ m: BipartiteMatching) -> FlowNetwork {
        var net = FlowNetwork()
        let left = (0..<m.left).map { _ in net.addNode(supply: 1) }
        let right = (0..<m.right).map { _ in net.addNode() }
        let sink = net.addNode(supply: -m.left)
        for a in 0..<m.arcCount {
            net.addArc(from: left[Int(m.arcLeft[a])], to: right[Int(m.arcRight[a])], capacity: 1, cost: m.arcCost[a])
        }
        for (j, r) in right.enumerated() { net.addArc(from: r, to: sink, capacity: m.capacity[j], cost: 0) }
        for (l, node) in left.enumerated() { net.addArc(from: node, to: sink, capacity: 1, cost: m.unmatchedCost[l]) }
        return net
    }

    @Test func agreesWithOutOfKilterOnRandomInstances() throws {
        var rng = Rng(state: 7)
        var unmatchedSeen = 0, displacedSeen = 0
        for round in 0..<200 {
            let nL = 1 + rng.next(12), nR = 1 + rng.next(8)
            var m = BipartiteMatching(left: nL, capacity: (0..<nR).map { _ in rng.next(3) })
            for l in 0..<nL {
                for r in 0..<nR where rng.next(3) == 0 { m.addArc(left: l, right: r, cost: rng.next(41) - 20) }
            }
            // Sometimes matching is a must (a big unmatched cost), sometimes it is optional.
            m.unmatchedCost = (0..<nL).map { _ in round % 2 == 0 ? 1000 : rng.next(30) - 10 }
            let mine = m.solve()
            let glpk = try GLPKSolver().solve(network(m))
            #expect(glpk.status == .optimal)
            #expect(mine.cost == glpk.cost, "round \(round)")
            #expect(mine.certifies(m), "round \(round)")
            unmatchedSeen += mine.arcOf.filter { $0 == nil }.count
            displacedSeen += mine.arcOf.enumerated().filter { l, a in
                a.map { a in m.arcCost[a] > (0..<m.arcCount).filter { Int(m.arcLeft[$0]) == l }.map { m.arcCost[$0] }.min()! } ?? false
            }.count
        }
        // The instances exercise leaving nodes out and moving them off their cheapest pair.
        #expect(unmatchedSeen > 100)
        #expect(displacedSeen > 50)
    }

    @Test func certificateRejectsAWorseMatching() {
        var m = BipartiteMatching(left: 2, capacity: [1, 1])
        m.addArc(left: 0, right: 0, cost: -5)
        m.addArc(left: 0, right: 1, cost: -4)
        m.addArc(left: 1, right: 0, cost: -1)
        m.unmatchedCost = [100, 100]
        let best = m.solve()
        #expect(best.arcOf == [1, 2])
        #expect(best.cost == -5)
        let worse = BipartiteMatching.Solution(arcOf: [0, nil], cost: 95, potential: best.potential)
        #expect(!worse.certifies(m))
    }
}
