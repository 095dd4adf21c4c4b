/// A min-cost flow on a general ``FlowNetwork``, solved exactly in Swift.
///
///     var net = FlowNetwork()
///     let s = net.addNode(supply: 2), t = net.addNode(supply: -2)
///     net.addArc(from: s, to: t, capacity: 5, cost: 3)
///     let flow = try MinCostFlow.solve(net)     // cost 6; flow.certifies(net)
///
/// The primal-dual method (successive shortest paths, many paths per search):
/// 1. Lower bounds are sent first; arcs without a capacity get
///    ``FlowNetwork/unboundedCapacity``, as GLPK's routine gives them.
/// 2. Node potentials make every residual arc's reduced cost `cost + p[tail] - p[head]` at
///    least 0: shortest distances by Bellman-Ford (a few rounds on the layered networks the plans
///    build), or, when the rounds do not settle (a negative cycle, or a deep network), every
///    negative-cost arc filled to its capacity with potentials 0.
/// 3. Then, while a node has supply left: one Dijkstra search on reduced costs from every node
///    with supply left, stopped at the first node still short of flow (distance D); potentials
///    of the nodes settled closer than D rise by their distance less D, so every shortest path
///    is made of arcs of reduced cost 0; then as much flow as those arcs take is pushed, by
///    depth-first search from each node with supply left (Dinic-like, remembering the arc each
///    node reached and the nodes that lead nowhere).
///
/// Sending flow only along arcs of reduced cost 0 keeps every residual arc's reduced cost at
/// least 0, so the final flow is optimal and the potentials certify it
/// (``FlowSolution/certifies(_:)``). All arithmetic is on integers; the same network gives the
/// same flow every time.
///
/// Why not GLPK's out-of-kilter routine (`glp_mincost_okalg`): on a school of 3,000 students
/// whose preference survey scores many pairs (about 3,500 nodes and 37,000 arcs) it took
/// 8 to 12 s (benchmarks/RESULTS.md); this method 0.03 to 0.05 s. GLPK stays the cross-check in tests.
public enum MinCostFlow {
    /// Solves `network` exactly. Throws ``ModelError`` for a network ``FlowNetwork/validate()``
    /// refuses; a network whose supplies cannot all be sent comes back `.infeasible` (no flow).
    ///
    /// - Complexity: one Dijkstra search per distinct shortest-path length, each followed by
    ///   depth-first pushes; a few milliseconds per thousand arcs on the plans' networks.
    public static func solve(_ network: FlowNetwork) throws -> FlowSolution {
        let clock = ContinuousClock(), started = clock.now
        try network.validate()
        var state = Residual(network)
        state.initialPotentials()
        let feasible = state.sendAll()
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        guard feasible else { return FlowSolution(status: .infeasible, cost: 0, flow: [], potential: [], seconds: seconds) }
        var flow = [Int](repeating: 0, count: network.arcCount), cost = 0
        for a in 0..<network.arcCount {
            flow[a] = network.lower[a] + state.capacity[2 * a + 1]
            cost += flow[a] * network.cost[a]
        }
        return FlowSolution(status: .optimal, cost: cost, flow: flow, potential: state.potential, seconds: seconds)
    }

    /// The residual network: arc `a` of the network is residual arc `2a` (forward, room left)
    /// and `2a + 1` (backward, flow sent); `k ^ 1` is the other half of `k`.
    struct Residual {
        let nodes: Int
        /// Room on each residual arc.
        var capacity: [Int]
        let cost: [Int]
        let head: [Int]
        let tail: [Int]
        /// Residual arcs leaving each node: `adjacent[first[v]..<first[v + 1]]`, in arc order.
        let first: [Int]
        let adjacent: [Int]
        /// Supply not yet sent (negative: demand not yet met).
        var excess: [Int]
        var potential: [Int]

        init(_ network: FlowNetwork) {
            nodes = network.nodeCount
            let arcs = network.arcCount, unbounded = network.unboundedCapacity
            var capacity = [Int](repeating: 0, count: 2 * arcs), cost = capacity, head = capacity, tail = capacity
            excess = network.supply
            var degree = [Int](repeating: 0, count: nodes + 1)
            for a in 0..<arcs {
                let u = network.tail[a], v = network.head[a], low = network.lower[a]
                // Lower bounds are sent at once: what is left of the arc is 0...capacity - lower.
                excess[u] -= low
                excess[v] += low
                capacity[2 * a] = (network.capacity[a] ?? max(unbounded, low)) - low
                (cost[2 * a], cost[2 * a + 1]) = (network.cost[a], -network.cost[a])
                (tail[2 * a], head[2 * a], tail[2 * a + 1], head[2 * a + 1]) = (u, v, v, u)
                degree[u + 1] += 1
                degree[v + 1] += 1
            }
            for v in 0..<nodes { degree[v + 1] += degree[v] }
            var adjacent = [Int](repeating: 0, count: 2 * arcs), fill = degree
            for k in 0..<(2 * arcs) {
                adjacent[fill[tail[k]]] = k
                fill[tail[k]] += 1
            }
            (self.capacity, self.cost, self.head, self.tail, first, self.adjacent) = (capacity, cost, head, tail, degree, adjacent)
            potential = [Int](repeating: 0, count: nodes)
        }

        /// Potentials under which no residual arc has a negative reduced cost (step 2).
        mutating func initialPotentials() {
            // Bellman-Ford from a virtual root joined to every node at cost 0, over the arcs with
            // room: the shortest distances are such potentials. Plans build layered networks
            // (students, pools, gates, mentors, sink) that settle in a handful of rounds.
            let rounds = min(nodes, 32)
            for _ in 0..<rounds {
                var changed = false
                for k in stride(from: 0, to: capacity.count, by: 2) where capacity[k] > 0 {
                    let d = potential[tail[k]] + cost[k]
                    if d < potential[head[k]] { potential[head[k]] = d; changed = true }
                }
                if !changed { return }
            }
            // Not settled: fill every negative-cost arc instead (its backward half then costs more
            // than 0, its forward half has no room), and start from potentials 0.
            potential = [Int](repeating: 0, count: nodes)
            for k in stride(from: 0, to: capacity.count, by: 2) where cost[k] < 0 && capacity[k] > 0 {
                push(k, capacity[k])
            }
        }

        /// Sends `amount` along residual arc `k`.
        @inline(__always) mutating func push(_ k: Int, _ amount: Int) {
            capacity[k] -= amount
            capacity[k ^ 1] += amount
            excess[tail[k]] -= amount
            excess[head[k]] += amount
        }

        @inline(__always) func reducedCost(_ k: Int) -> Int { cost[k] + potential[tail[k]] - potential[head[k]] }

        /// Step 3: sends every supply; false when some cannot reach a demand.
        mutating func sendAll() -> Bool {
            var sources = (0..<nodes).filter { excess[$0] > 0 }
            var search = Search(nodes: nodes)
            while !sources.isEmpty {
                guard search.raisePotentials(&self, from: sources) else { return false }
                pushAlongTightArcs(from: sources, &search)
                sources.removeAll { excess[$0] == 0 }
            }
            return true
        }

        /// Depth-first pushes from each source along residual arcs of reduced cost 0 to nodes
        /// short of flow, until no such path is found (step 3, second half).
        mutating func pushAlongTightArcs(from sources: [Int], _ search: inout Search) {
            search.resetWalk(first)
            var path = [Int](), arcs = [Int]()  // nodes from the source; the arcs between them
            for s in sources where excess[s] > 0 && !search.dead[s] {
                path = [s]
                arcs.removeAll(keepingCapacity: true)
                search.onPath[s] = true
                while let u = path.last {
                    if excess[u] < 0 && u != s {
                        // A node short of flow: push what the path, the source and the node allow.
                        var amount = min(excess[s], -excess[u])
                        for k in arcs { amount = min(amount, capacity[k]) }
                        for k in arcs { push(k, amount) }
                        if excess[s] == 0 { break }
                        // Back to the tail of the first arc now full (none: u took all it could,
                        // and is now a node like any other, searched on from where it stands).
                        if let i = arcs.firstIndex(where: { capacity[$0] == 0 }) {
                            for v in path[(i + 1)...] { search.onPath[v] = false }
                            path.removeSubrange((i + 1)...)
                            arcs.removeSubrange(i...)
                        }
                        continue
                    }
                    var next = -1
                    while search.position[u] < first[u + 1] {
                        let k = adjacent[search.position[u]]
                        let v = head[k]
                        if capacity[k] > 0 && !search.dead[v] && !search.onPath[v] && reducedCost(k) == 0 { next = k; break }
                        search.position[u] += 1
                    }
                    if next >= 0 {
                        path.append(head[next])
                        arcs.append(next)
                        search.onPath[head[next]] = true
                    } else {
                        // Nothing left from u this round (a node on the path skipped here may
                        // still lead on: the next search finds it at distance 0).
                        search.dead[u] = true
                        search.onPath[u] = false
                        path.removeLast()
                        if let k = arcs.popLast() { search.position[tail[k]] += 1 }
                    }
                }
                for v in path { search.onPath[v] = false }
            }
        }
    }

    /// The work arrays of the searches, reused from round to round.
    struct Search {
        var distance: [Int]
        var settled: [Bool]
        var touched: [Int] = []
        /// Nodes settled by the search, in order.
        var order: [Int] = []
        var heap = DistanceHeap()
        /// Depth-first walk: the next residual arc to try from each node; nodes that lead nowhere
        /// this round; nodes on the current path.
        var position: [Int] = []
        var dead: [Bool]
        var onPath: [Bool]

        init(nodes: Int) {
            distance = [Int](repeating: Int.max, count: nodes)
            settled = [Bool](repeating: false, count: nodes)
            dead = settled
            onPath = settled
        }

        mutating func resetWalk(_ first: [Int]) {
            position = Array(first.dropLast())
            for v in dead.indices { dead[v] = false }
        }

        /// Dijkstra on reduced costs from every source, stopped at the first node short of flow
        /// (distance D); the potential of each node settled closer rises by its distance less D
        /// (the others keep theirs: the same as every node rising by min(distance, D), less the
        /// constant D). False when no node short of flow can be reached.
        mutating func raisePotentials(_ r: inout Residual, from sources: [Int]) -> Bool {
            for s in sources {
                distance[s] = 0
                touched.append(s)
                heap.push(0, s)
            }
            var reached = -1
            while let top = heap.pop() {
                let d = top.distance, u = top.node
                if settled[u] || d > distance[u] { continue }
                settled[u] = true
                order.append(u)
                if r.excess[u] < 0 { reached = d; break }
                let pu = d + r.potential[u]
                for i in r.first[u]..<r.first[u + 1] {
                    let k = r.adjacent[i]
                    guard r.capacity[k] > 0 else { continue }
                    let v = r.head[k]
                    let dv = pu + r.cost[k] - r.potential[v]
                    if dv < distance[v] {
                        if distance[v] == Int.max { touched.append(v) }
                        distance[v] = dv
                        heap.push(dv, v)
                    }
                }
            }
            heap.removeAll()
            if reached >= 0 { for v in order { r.potential[v] += distance[v] - reached } }
            for v in touched { distance[v] = Int.max; settled[v] = false }
            touched.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            return reached >= 0
        }
    }
}

extension FlowSolution {
    /// True when this flow is feasible for `network` and its potentials prove it optimal,
    /// checked from the definitions: every arc's flow within its bounds (an arc without a
    /// capacity up to ``FlowNetwork/unboundedCapacity``), every node's supply equal to what
    /// leaves it less what enters, the cost the sum of flow times cost, and each arc's reduced
    /// cost `cost + potential[tail] - potential[head]` at least 0 where its flow could grow and
    /// at most 0 where it could shrink (so no cycle of residual arcs costs less than 0).
    public func certifies(_ network: FlowNetwork) -> Bool {
        guard status == .optimal, flow.count == network.arcCount, potential.count == network.nodeCount else { return false }
        var net = network.supply, total = 0
        for a in 0..<network.arcCount {
            let u = network.tail[a], v = network.head[a], x = flow[a]
            let upper = network.capacity[a] ?? max(network.unboundedCapacity, network.lower[a])
            guard x >= network.lower[a], x <= upper else { return false }
            net[u] -= x
            net[v] += x
            total += x * network.cost[a]
            let reduced = network.cost[a] + potential[u] - potential[v]
            if x < upper && reduced < 0 { return false }
            if x > network.lower[a] && reduced > 0 { return false }
        }
        return total == cost && net.allSatisfy { $0 == 0 }
    }
}
