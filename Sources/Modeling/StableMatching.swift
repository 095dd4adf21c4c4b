/// Stable matchings of children and helpers (helpers with capacities), found by their
/// structure rather than by an integer program:
/// - the child-optimal one by deferred acceptance with the children proposing (Gale and Shapley),
/// - the helper-optimal one at the other end of the lattice of stable matchings,
/// - the one of least total weight for any weight on the pairs (egalitarian: the child's rank
///   plus the helper's) by the rotation poset: every stable matching is the child-optimal one
///   with a closed set of rotations eliminated, so the best one is a minimum-weight closure,
///   a minimum cut (Irving, Leather and Gusfield 1987; Gusfield and Irving 1989, ch. 3).
///
///     var m = StableMatching(children: 2, capacity: [1, 1])
///     m.accept(child: 0, helpers: [0, 1], helperRanks: [1, 2])   // child 0: helper 0, then 1
///     m.accept(child: 1, helpers: [0, 1], helperRanks: [2, 1])
///     m.childOptimal()                                         // [0, 1]
///
/// Capacities by cloning: a helper of capacity q is q seats that every child ranks one after
/// the other where the helper stands in its list, and that rank children as the helper does.
/// The stable matchings of that one-to-one instance are those of the original (a helper's
/// children sit in its seats in its order of preference), so the theory of stable marriage
/// with incomplete lists applies as it is: the same children are matched in every stable
/// matching, rotations move children down their lists and seats up theirs.
///
/// Sizes: time about linear in the listed pairs times the capacities, plus the children times
/// the rotations; 2,000 x 2,000 complete lists are 4 million pairs.
public struct StableMatching: Sendable {
    public let childCount: Int
    public let capacity: [Int]
    /// A child's acceptable helpers, best first, and each helper's rank of the child (lower is
    /// better; only the order matters).
    fileprivate var lists: [[(helper: Int32, helperRank: Int32)]]

    public init(children: Int, capacity: [Int]) {
        precondition(children >= 0 && capacity.allSatisfy { $0 >= 0 }, "counts and capacities are never negative")
        childCount = children
        self.capacity = capacity
        lists = Array(repeating: [], count: children)
    }

    /// The helpers `child` accepts, best first, with each one's rank of the child (a helper
    /// ranks the children it accepts with distinct numbers, lower is better). Only pairs both
    /// sides accept belong here.
    public mutating func accept(child: Int, helpers: [Int], helperRanks: [Int]) {
        precondition(helpers.count == helperRanks.count, "one rank per helper")
        precondition(Set(helpers).count == helpers.count, "a child lists a helper once")
        lists[child] = zip(helpers, helperRanks).map { h, r in
            precondition((0..<capacity.count).contains(h), "a helper the matching does not have")
            return (Int32(h), Int32(r))
        }
    }

    /// The stable matching every child likes best (each child's helper, nil: none).
    public func childOptimal() -> [Int?] {
        let lattice = Lattice(self)
        return lattice.helperOf(lattice.childOptimal)
    }

    /// The stable matching every helper likes best.
    public func helperOptimal() -> [Int?] {
        var lattice = Lattice(self)
        lattice.findRotations()
        return lattice.helperOf(lattice.current)
    }

    /// A stable matching of least total `weight` over its pairs, with that total.
    public func leastWeight(_ weight: (_ child: Int, _ helper: Int) -> Int) -> (helperOf: [Int?], weight: Int) {
        var lattice = Lattice(self)
        lattice.findRotations()
        let chosen = lattice.leastWeightClosure(weight)
        let entries = lattice.entries(eliminating: chosen)
        let helperOf = lattice.helperOf(entries)
        let total = helperOf.enumerated().reduce(0) { sum, pair in pair.element.map { sum + weight(pair.offset, $0) } ?? sum }
        return (helperOf, total)
    }

    /// The number of rotations (the lattice of stable matchings has one element per closed set
    /// of them): 0 when the stable matching is unique.
    public func rotationCount() -> Int {
        var lattice = Lattice(self)
        lattice.findRotations()
        return lattice.rotations.count
    }
}

/// The cloned one-to-one instance (children and seats) and its rotations.
private struct Lattice {
    /// Each child's list of seats, best first, as entries of one flat array.
    let start: [Int]
    let entrySeat: [Int32]
    /// The seat's rank of the child of each entry (lower is better).
    let entryRank: [Int32]
    let seatHelper: [Int32]
    /// The child-optimal matching: each child's entry (-1: unmatched).
    var childOptimal: [Int] = []
    /// The matching the rotation search has reached.
    var current: [Int] = []

    struct Rotation {
        /// Each child of the rotation, with the entry it leaves and the entry it moves to.
        var moves: [(child: Int, from: Int, to: Int)]
    }
    var rotations: [Rotation] = []
    /// The rotation that moved a child to each entry (-1: none, the child-optimal pair).
    var producedBy: [Int32] = []
    /// Each seat's partners over the search: the seat's rank of the partner and the rotation
    /// that brought it (-1: the child-optimal partner); ranks fall as the seat improves.
    var seatHistory: [[(rank: Int32, rotation: Int32)]] = []

    init(_ m: StableMatching) {
        var seatsOf = [Int](), seatHelper = [Int32]()
        for (h, q) in m.capacity.enumerated() {
            seatsOf.append(seatHelper.count)
            seatHelper.append(contentsOf: repeatElement(Int32(h), count: q))
        }
        var start = [0], entrySeat = [Int32](), entryRank = [Int32]()
        for list in m.lists {
            for (h, r) in list {
                let first = seatsOf[Int(h)]
                for k in 0..<m.capacity[Int(h)] {
                    entrySeat.append(Int32(first + k))
                    entryRank.append(r)
                }
            }
            start.append(entrySeat.count)
        }
        (self.start, self.entrySeat, self.entryRank, self.seatHelper) = (start, entrySeat, entryRank, seatHelper)
        childOptimal = deferredAcceptance()
        current = childOptimal
    }

    var children: Int { start.count - 1 }

    /// Children propose down their lists; a seat keeps the best proposal so far.
    func deferredAcceptance() -> [Int] {
        var next = Array(start.dropLast()), entryOf = [Int](repeating: -1, count: children)
        var holder = [Int](repeating: -1, count: seatHelper.count)
        var free = Array((0..<children).reversed())
        while let c = free.popLast() {
            while next[c] < start[c + 1] {
                let e = next[c], s = Int(entrySeat[e])
                next[c] += 1
                let held = holder[s]
                if held >= 0 && entryRank[entryOf[held]] < entryRank[e] { continue }
                holder[s] = c
                entryOf[c] = e
                if held >= 0 { entryOf[held] = -1; free.append(held) }
                break
            }
        }
        return entryOf
    }

    func helperOf(_ entries: [Int]) -> [Int?] { entries.map { $0 < 0 ? nil : Int(seatHelper[Int(entrySeat[$0])]) } }

    /// From the child-optimal matching, eliminates exposed rotations until none is left (the
    /// helper-optimal matching), recording each rotation, the rotation that produced each
    /// pair and each seat's partners. Every rotation is met once on the way, in an order that
    /// respects the poset.
    mutating func findRotations() {
        let seats = seatHelper.count
        var partner = [Int](repeating: -1, count: seats), partnerRank = [Int32](repeating: .max, count: seats)
        seatHistory = Array(repeating: [], count: seats)
        for (c, e) in current.enumerated() where e >= 0 {
            let s = Int(entrySeat[e])
            (partner[s], partnerRank[s]) = (c, entryRank[e])
            seatHistory[s].append((entryRank[e], -1))
        }
        producedBy = Array(repeating: -1, count: entrySeat.count)
        // A child's next entry: the first after its partner whose seat prefers the child to its
        // partner. A free seat stops the child for good: no child holds it in the child-optimal
        // matching, so none does in any stable one, and a child below it would block with it.
        // Seats only improve, so the pointer only moves on.
        var pointer = current.map { $0 + 1 }
        func next(_ c: Int) -> Int? {
            guard current[c] >= 0 else { return nil }
            while pointer[c] < start[c + 1] {
                let e = pointer[c], s = Int(entrySeat[e])
                if partner[s] < 0 { return nil }
                if entryRank[e] < partnerRank[s] { return e }
                pointer[c] += 1
            }
            return nil
        }
        var stamp = [Int](repeating: -1, count: children), position = [Int](repeating: 0, count: children)
        var round = 0
        search: while true {
            round += 1
            for root in 0..<children where current[root] >= 0 && stamp[root] != round {
                // Walk child -> the child holding its next seat until the walk closes a cycle
                // (an exposed rotation) or reaches a child with no next entry.
                var path = [Int](), c = root
                while stamp[c] != round {
                    stamp[c] = round
                    position[c] = path.count
                    path.append(c)
                    guard let e = next(c) else { break }
                    c = partner[Int(entrySeat[e])]
                }
                guard stamp[c] == round, position[c] < path.count, path[position[c]] == c, next(c) != nil else { continue }
                let cycle = Array(path[position[c]...])
                let moves = cycle.map { (child: $0, from: current[$0], to: next($0)!) }
                let id = Int32(rotations.count)
                for move in moves {
                    let s = Int(entrySeat[move.to])
                    (partner[s], partnerRank[s]) = (move.child, entryRank[move.to])
                    seatHistory[s].append((entryRank[move.to], id))
                    current[move.child] = move.to
                    producedBy[move.to] = id
                    pointer[move.child] = move.to + 1
                }
                rotations.append(Rotation(moves: moves))
                continue search
            }
            break
        }
    }

    /// The rotations that must come before each one (a relation whose transitive closure is the
    /// rotation poset): the one that moved a child of the rotation to the seat it leaves
    /// (type 1), and, for each seat the child passes over on its way down, the one that gave
    /// that seat a partner it prefers to the child (type 2).
    func predecessors() -> [[Int]] {
        rotations.indices.map { r in
            var before = Set<Int>()
            for move in rotations[r].moves {
                if producedBy[move.from] >= 0 { before.insert(Int(producedBy[move.from])) }
                for e in (move.from + 1)..<move.to {
                    let history = seatHistory[Int(entrySeat[e])], rank = entryRank[e]
                    guard let first = history.first, first.rank > rank else { continue }
                    // The first partner the seat prefers to the child (ranks fall along the history).
                    var low = 0, high = history.count
                    while low < high {
                        let mid = (low + high) / 2
                        if history[mid].rank < rank { high = mid } else { low = mid + 1 }
                    }
                    if low < history.count && history[low].rotation >= 0 { before.insert(Int(history[low].rotation)) }
                }
            }
            before.remove(r)
            return before.sorted()
        }
    }

    /// The closed set of rotations (with every rotation, all that come before it) whose
    /// elimination changes the weight least, as a minimum cut: a rotation that lowers the
    /// weight hangs from the source, one that raises it from the sink, and each rotation keeps
    /// its predecessors through arcs no cut can take.
    func leastWeightClosure(_ weight: (Int, Int) -> Int) -> [Bool] {
        let n = rotations.count
        var cut = MinimumCut(nodes: n + 2)
        let source = n, sink = n + 1
        for (r, rotation) in rotations.enumerated() {
            let change = rotation.moves.reduce(0) { sum, move in
                sum + weight(move.child, Int(seatHelper[Int(entrySeat[move.to])]))
                    - weight(move.child, Int(seatHelper[Int(entrySeat[move.from])]))
            }
            if change < 0 { cut.addArc(source, r, capacity: -change) }
            if change > 0 { cut.addArc(r, sink, capacity: change) }
        }
        for (r, before) in predecessors().enumerated() {
            for p in before { cut.addArc(r, p, capacity: MinimumCut.unbounded) }
        }
        let side = cut.sourceSide(source: source, sink: sink)
        return (0..<n).map { side[$0] }
    }

    /// Each child's entry once the chosen rotations are eliminated from the child-optimal
    /// matching (in the order they were found, which respects the poset).
    func entries(eliminating chosen: [Bool]) -> [Int] {
        var entries = childOptimal
        for (r, rotation) in rotations.enumerated() where chosen[r] {
            for move in rotation.moves { entries[move.child] = move.to }
        }
        return entries
    }
}

/// A maximum flow by Dinic's blocking flows, for its minimum cut.
struct MinimumCut {
    static let unbounded = Int.max / 4
    private var head: [Int], next = [Int](), to = [Int](), residual = [Int]()

    init(nodes: Int) { head = Array(repeating: -1, count: nodes) }

    mutating func addArc(_ u: Int, _ v: Int, capacity: Int) {
        for (a, b, c) in [(u, v, capacity), (v, u, 0)] {
            next.append(head[a]); head[a] = to.count
            to.append(b); residual.append(c)
        }
    }

    /// The nodes on the source's side of a minimum cut.
    mutating func sourceSide(source: Int, sink: Int) -> [Bool] {
        let n = head.count
        var level = [Int](repeating: -1, count: n)
        func levels() -> Bool {
            level = Array(repeating: -1, count: n)
            level[source] = 0
            var queue = [source], k = 0
            while k < queue.count {
                let u = queue[k]; k += 1
                var a = head[u]
                while a >= 0 {
                    if residual[a] > 0 && level[to[a]] < 0 { level[to[a]] = level[u] + 1; queue.append(to[a]) }
                    a = next[a]
                }
            }
            return level[sink] >= 0
        }
        // Blocking flows along the levels, one augmenting path at a time (a walk that meets a
        // dead end retreats and closes the node for this phase), without recursion.
        while levels() {
            var arc = head, path = [Int](), u = source
            while true {
                if u == sink {
                    let pushed = path.map { residual[$0] }.min()!
                    for a in path { residual[a] -= pushed; residual[a ^ 1] += pushed }
                    path.removeAll(keepingCapacity: true)
                    u = source
                    continue
                }
                var a = arc[u]
                while a >= 0 && !(residual[a] > 0 && level[to[a]] == level[u] + 1) { a = next[a] }
                arc[u] = a
                if a >= 0 { path.append(a); u = to[a]; continue }
                if u == source { break }
                level[u] = -1
                let back = path.removeLast()
                u = to[back ^ 1]
                arc[u] = next[arc[u]]
            }
        }
        _ = levels()
        return level.map { $0 >= 0 }
    }
}
