/// A min-cost b-matching: left nodes take at most one right node each, right node `j`
/// takes at most `capacity[j]` left nodes; a left node left unmatched costs `unmatchedCost`.
///
///     var m = BipartiteMatching(left: 2, capacity: [1])
///     m.addArc(left: 0, right: 0, cost: -5)
///     m.addArc(left: 1, right: 0, cost: -3)
///     m.unmatchedCost = [100, 100]
///     let s = m.solve()          // left 0 gets right 0; cost -5 + 100
///
/// It is a min-cost flow (left -> right -> sink, with an arc left -> sink for "unmatched"),
/// solved exactly. An augmenting row reduction (Jonker and Volgenant's auction-like first phase)
/// places most left nodes cheaply; then successive shortest paths: each left node left is routed along a
/// shortest path in the residual network (Dijkstra on reduced costs, node potentials kept
/// so that every residual arc has a reduced cost of at least 0). Adding one unit of supply
/// at a time this way keeps the flow optimal for the supplies added so far, so the final
/// flow is optimal. The potentials are the dual certificate: ``Solution/certifies``.
///
/// Why not GLPK: its network routines are the out-of-kilter method (`glp_mincost_okalg`,
/// `glp_asnprob_okalg`); on a 2,000 x 2,000 assignment with 40,000 pairs they took 28 s,
/// and the primal simplex on the same LP 19.6 s, growing about as n^2.2 (measured in C,
/// GLPK 5.0, on this machine kind). The same instance here takes milliseconds. GLPK still
/// solves every model that is not a pure matching (stable matchings, mentor MIPs).
public struct BipartiteMatching: Sendable {
    public let left: Int
    public var capacity: [Int]
    /// Cost of leaving each left node unmatched (default 0: matching is optional).
    public var unmatchedCost: [Int]
    public private(set) var arcLeft: [Int32] = []
    public private(set) var arcRight: [Int32] = []
    public private(set) var arcCost: [Int] = []

    public init(left: Int, capacity: [Int]) {
        self.left = left
        self.capacity = capacity
        unmatchedCost = Array(repeating: 0, count: left)
    }

    public var right: Int { capacity.count }
    public var arcCount: Int { arcCost.count }

    /// Adds the pair (left, right) at `cost`; returns its arc index.
    @discardableResult
    public mutating func addArc(left l: Int, right r: Int, cost: Int) -> Int {
        precondition((0..<left).contains(l) && (0..<right).contains(r), "arc joins a node the matching does not have")
        arcLeft.append(Int32(l))
        arcRight.append(Int32(r))
        arcCost.append(cost)
        return arcCost.count - 1
    }

    public struct Solution: Sendable, Equatable {
        /// The arc each left node is matched by (nil: unmatched).
        public let arcOf: [Int?]
        /// Total cost, unmatched costs included.
        public let cost: Int
        /// Node potentials: left nodes, then right nodes, then the sink.
        public let potential: [Int]

        public init(arcOf: [Int?], cost: Int, potential: [Int]) {
            self.arcOf = arcOf
            self.cost = cost
            self.potential = potential
        }
    }

    /// Solves exactly. Costs may be negative; capacities must be at least 0.
    ///
    /// - Complexity: an auction pass over the arcs, then one Dijkstra per left node it leaves,
    ///   each stopped at the first right node with room.
    public func solve() -> Solution {
        precondition(capacity.allSatisfy { $0 >= 0 }, "capacities must be at least 0")
        let nL = left, nR = right, sink = nL + nR, nodes = nL + nR + 1
        // Outgoing arcs of each left node (CSR).
        var start = [Int](repeating: 0, count: nL + 1)
        for l in arcLeft { start[Int(l) + 1] += 1 }
        for l in 0..<nL { start[l + 1] += start[l] }
        var out = [Int](repeating: 0, count: arcCost.count), fill = start
        for a in arcCost.indices { out[fill[Int(arcLeft[a])]] = a; fill[Int(arcLeft[a])] += 1 }

        // The search below runs on raw buffers: it is the one hot loop (bounds were checked
        // when the arcs were added and the CSR built).
        func buffer(_ count: Int, _ value: Int) -> UnsafeMutablePointer<Int> {
            let b = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
            b.initialize(repeating: value, count: max(count, 1))
            return b
        }
        let arcOf = buffer(nL, -1)  // arc in use by each left node, -1: none
        let unmatched = buffer(nL, 0)
        let used = buffer(nR, 0)
        // Arcs in use into each right node: slots [slot[j], slot[j] + used[j]).
        let slot = buffer(nR + 1, 0)
        for j in 0..<nR { slot[j + 1] = slot[j] + capacity[j] }
        let inUse = buffer(slot[nR], -1)
        let dist = buffer(nodes, Int.max)
        let via = buffer(nodes, -1)  // arc into a right node, or -2 - arc for a left node reached backwards
        let done = buffer(nodes, 0)
        let pot = buffer(nodes, 0)
        // Arc data in CSR order (a left node's arcs side by side): arcs are named by position.
        let cost = buffer(arcCost.count, 0), head = buffer(arcCost.count, 0), tail = buffer(arcCost.count, 0)
        let first = buffer(nL + 1, 0), cap = buffer(nR, 0), leave = buffer(nL, 0)
        for (k, a) in out.enumerated() { cost[k] = arcCost[a]; head[k] = Int(arcRight[a]); tail[k] = Int(arcLeft[a]) }
        for l in 0...nL { first[l] = start[l] }
        for j in 0..<nR { cap[j] = capacity[j] }
        for l in 0..<nL { leave[l] = unmatchedCost[l] }
        // Potentials: reduced cost of (u, v) is cost + pot[u] - pot[v], kept >= 0 on residual
        // arcs. At the start (no flow), the arcs are left -> right, right -> sink (cost 0) and
        // left -> sink (the unmatched cost). Right nodes and the sink start at 0 and a right node
        // keeps the sink's potential while it has room (a node is only raised once settled
        // closer than the sink, and the path ends at the first right node with room), so the
        // search can stop at the first such node. Left nodes: minus their cheapest arc.
        for l in 0..<nL {
            var least = leave[l]
            for a in first[l]..<first[l + 1] { least = min(least, cost[a]) }
            pot[l] = -least
        }
        defer {
            for b in [arcOf, unmatched, used, slot, inUse, dist, via, done, pot, cost, head, tail, first, cap, leave] { b.deallocate() }
        }
        func take(_ j: Int, _ a: Int) { inUse[slot[j] + used[j]] = a; used[j] += 1 }
        func release(_ j: Int, _ a: Int) {
            var k = slot[j]
            while inUse[k] != a { k += 1 }
            used[j] -= 1
            inUse[k] = inUse[slot[j] + used[j]]
        }
        var touched = [Int]()
        var heap = DistanceHeap()

        // Augmenting row reduction (Jonker and Volgenant): a cheap auction that places most left
        // nodes before any shortest-path search. A left node takes its cheapest arc (by value
        // cost - p[right]) and its potential becomes minus the second cheapest value (the
        // unmatched arc counts, at potential 0); a right node it fills is made dearer by the
        // difference, and a left node it displaces goes back to the queue. Every arc keeps a
        // reduced cost of at least 0, arcs in use are tight, and only full right nodes change
        // potential, so the searches below start from a valid state. Right nodes with room for
        // more than one are only filled, never repriced or taken from (left to the searches):
        // repricing would loosen the arcs already in use there.
        var queue = Array(0..<nL), budget = 4 * nL
        var head0 = 0, next = -1  // next: a left node just displaced, taken before the queue
        while (next >= 0 || head0 < queue.count) && budget > 0 {
            let i: Int
            if next >= 0 { i = next; next = -1 } else { i = queue[head0]; head0 += 1 }
            budget -= 1
            guard arcOf[i] < 0 else { continue }
            var u1 = leave[i], u2 = Int.max, a1 = -1, a2 = -1
            for a in first[i]..<first[i + 1] {
                let value = cost[a] - pot[nL + head[a]]
                if value < u1 || (a1 < 0 && value == u1) {
                    u2 = u1; a2 = a1; u1 = value; a1 = a
                } else if value < u2 {
                    u2 = value; a2 = a
                }
            }
            if u2 == Int.max { u2 = u1 }
            guard a1 >= 0 else { continue }  // staying unmatched is cheapest: the searches decide
            var a = a1, j = head[a1]
            if used[j] == cap[j] {
                if cap[j] != 1 { continue }
                if u1 == u2, a2 >= 0, used[head[a2]] < cap[head[a2]] { a = a2; j = head[a2] }
            }
            if used[j] == cap[j] && cap[j] != 1 { continue }
            if used[j] == cap[j] {
                // Displace the one left node there.
                let other = tail[inUse[slot[j]]]
                release(j, inUse[slot[j]])
                arcOf[other] = -1
                if u1 < u2 { next = other } else { queue.append(other) }
            }
            if cap[j] == 1 && a == a1 && u2 > u1 {
                // Now full, and its only arc in use is this one: dearer by the gap to the second choice.
                pot[nL + j] -= u2 - u1
                pot[i] = -u2
            } else {
                pot[i] = -(cost[a] - pot[nL + j])
            }
            arcOf[i] = a
            take(j, a)
        }

        // Every left node not yet routed (a path may already have routed one that the auction
        // placed, to its unmatched arc: that one is done).
        for source in 0..<nL where arcOf[source] < 0 && unmatched[source] == 0 {
            // A tight arc (reduced cost 0) to a right node with room is a shortest path already.
            var quick = -1
            for a in first[source]..<first[source + 1] {
                let j = head[a]
                if used[j] < cap[j] && cost[a] + pot[source] - pot[nL + j] == 0 { quick = a; break }
            }
            if quick >= 0 {
                arcOf[source] = quick
                take(head[quick], quick)
                continue
            }
            // Dijkstra from `source` to the sink.
            dist[source] = 0
            touched.append(source)
            heap.push(0, source)
            var reached = -1  // the node whose arc into the sink ends the path (left: unmatched arc)
            var best = Int.max
            while let e = heap.pop() {
                let u = e.node, du = e.distance
                if done[u] != 0 || du > dist[u] { continue }
                if du >= best { break }
                done[u] = 1
                if u < nL {
                    // A left node: its arcs to right nodes (not the one it uses), its unmatched arc.
                    if unmatched[u] == 0 {
                        let d = du + leave[u] + pot[u] - pot[sink]
                        if d < best { best = d; reached = u }
                    }
                    // No check for settled nodes or for u's own arc: reduced costs are at least 0,
                    // so a settled node (its own right node included, settled before u) is never
                    // improved.
                    let pu = du + pot[u]
                    for a in first[u]..<first[u + 1] {
                        let v = nL + head[a]
                        let d = pu + cost[a] - pot[v]
                        if d < dist[v] {
                            if dist[v] == Int.max { touched.append(v) }
                            dist[v] = d
                            via[v] = a
                            // A right node with room ends a path here (its potential is the sink's);
                            // nodes at or beyond the best end found cannot shorten it: not queued.
                            if used[v - nL] < cap[v - nL] {
                                let end = d + pot[v] - pot[sink]
                                if end < best { best = end; reached = v }
                            }
                            if d < best { heap.push(d, v) }
                        }
                    }
                } else {
                    let j = u - nL
                    if used[j] < cap[j] {
                        let d = du + pot[u] - pot[sink]
                        if d < best { best = d; reached = u }
                    }
                    // Back along an arc in use: its left node may move elsewhere.
                    let pu = du + pot[u]
                    for k in slot[j]..<(slot[j] + used[j]) {
                        let a = inUse[k], l = tail[a]
                        let d = pu - cost[a] - pot[l]
                        if d < dist[l] {
                            if dist[l] == Int.max { touched.append(l) }
                            dist[l] = d
                            via[l] = -2 - a
                            if unmatched[l] == 0 {
                                let end = d + leave[l] + pot[l] - pot[sink]
                                if end < best { best = end; reached = l }
                            }
                            if d < best { heap.push(d, l) }
                        }
                    }
                }
            }
            heap.removeAll()
            precondition(reached >= 0, "every left node can always stay unmatched")
            // New potentials: p += min(dist, best) - best, which is 0 but on the nodes settled
            // closer than the sink (adding one constant to every potential changes no reduced cost).
            for v in touched where done[v] != 0 && dist[v] < best { pot[v] += dist[v] - best }
            // Augment: walk back from the end of the path.
            var v = reached
            if v < nL {
                unmatched[v] = 1
                if arcOf[v] >= 0 {
                    release(head[arcOf[v]], arcOf[v])
                    arcOf[v] = -1
                }
            }
            while v != source {
                if v >= nL {
                    let a = via[v], l = tail[a]
                    if arcOf[l] >= 0 { release(head[arcOf[l]], arcOf[l]) }
                    arcOf[l] = a
                    take(v - nL, a)
                    v = l
                } else {
                    // Reached this left node backwards over arc -2 - via[v]: it left that right node.
                    v = nL + head[-2 - via[v]]
                }
            }
            for u in touched { dist[u] = Int.max; via[u] = -1; done[u] = 0 }
            touched.removeAll(keepingCapacity: true)
        }
        let arcOfResult = (0..<nL).map { arcOf[$0] >= 0 ? Optional(out[arcOf[$0]]) : nil }
        let potentials = (0..<nodes).map { pot[$0] }
        var total = 0
        for l in 0..<nL { total += arcOfResult[l].map { arcCost[$0] } ?? unmatchedCost[l] }
        return Solution(arcOf: arcOfResult, cost: total, potential: potentials)
    }

}

/// A binary min-heap of (distance, node), ties by node: the one hot loop of the matching.
/// (swift-collections' `Heap` is a min-max heap; this plain binary heap, moving a hole
/// instead of swapping, was faster here.)
struct DistanceHeap {
    private struct Entry {
        let distance: Int
        let node: Int
        @inline(__always) func less(_ o: Entry) -> Bool { distance < o.distance || (distance == o.distance && node < o.node) }
    }
    private var entries: [Entry] = []

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func push(_ d: Int, _ v: Int) {
        let e = Entry(distance: d, node: v)
        entries.append(e)
        entries.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            while i > 0 {
                let parent = (i - 1) >> 1
                guard e.less(h[parent]) else { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = e
        }
    }

    /// The least entry, removed.
    mutating func pop() -> (distance: Int, node: Int)? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries.withUnsafeMutableBufferPointer { h in
                let n = h.count
                var i = 0
                while true {
                    let l = 2 * i + 1
                    if l >= n { break }
                    var m = l
                    if l + 1 < n && h[l + 1].less(h[l]) { m = l + 1 }
                    guard h[m].less(last) else { break }
                    h[i] = h[m]
                    i = m
                }
                h[i] = last
            }
        }
        return (top.distance, top.node)
    }
}

extension BipartiteMatching.Solution {
    /// True when the potentials prove this matching optimal for `m`: every residual arc has a
    /// reduced cost of at least 0 (so no cheaper flow exists), and the matching is feasible.
    public func certifies(_ m: BipartiteMatching) -> Bool {
        let nL = m.left, sink = m.left + m.right
        var used = [Int](repeating: 0, count: m.right)
        for l in 0..<nL {
            if let a = arcOf[l] {
                guard Int(m.arcLeft[a]) == l else { return false }
                used[Int(m.arcRight[a])] += 1
            }
        }
        for j in 0..<m.right where used[j] > m.capacity[j] { return false }
        func rc(_ cost: Int, _ u: Int, _ v: Int) -> Int { cost + potential[u] - potential[v] }
        for a in 0..<m.arcCount {
            let l = Int(m.arcLeft[a]), r = nL + Int(m.arcRight[a])
            let inUse = arcOf[l] == a
            if inUse ? rc(-m.arcCost[a], r, l) < 0 : rc(m.arcCost[a], l, r) < 0 { return false }
        }
        for l in 0..<nL {
            let unmatched = arcOf[l] == nil
            if unmatched ? rc(-m.unmatchedCost[l], sink, l) < 0 : rc(m.unmatchedCost[l], l, sink) < 0 { return false }
        }
        for j in 0..<m.right {
            let r = nL + j
            if used[j] < m.capacity[j] && rc(0, r, sink) < 0 { return false }
            if used[j] > 0 && rc(0, sink, r) < 0 { return false }
        }
        return true
    }
}
