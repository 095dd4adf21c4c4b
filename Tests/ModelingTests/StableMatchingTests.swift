import Modeling
import Testing

/// Stable matchings by deferred acceptance and the rotation poset, against every stable
/// matching enumerated from the definition on small random instances.
@Suite struct StableMatchingByStructure {
    struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func shuffled(_ a: [Int]) -> [Int] {
            var a = a
            for i in a.indices.reversed() where i > 0 { a.swapAt(i, next(i + 1)) }
            return a
        }
    }

    /// An instance: each child's helpers best first, each helper's children best first (only
    /// pairs both list are acceptable), capacities.
    struct Instance {
        let childLists: [[Int]]
        let helperLists: [[Int]]
        let capacity: [Int]
        private let childRanks: [[Int: Int]], helperRanks: [[Int: Int]]

        init(childLists: [[Int]], helperLists: [[Int]], capacity: [Int]) {
            (self.childLists, self.helperLists, self.capacity) = (childLists, helperLists, capacity)
            childRanks = childLists.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0 + 1) }) }
            helperRanks = helperLists.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0 + 1) }) }
        }

        func rank(ofHelper h: Int, byChild c: Int) -> Int? { childRanks[c][h] }
        func rank(ofChild c: Int, byHelper h: Int) -> Int? { helperRanks[h][c] }
        func acceptable(_ c: Int, _ h: Int) -> Bool { rank(ofHelper: h, byChild: c) != nil && rank(ofChild: c, byHelper: h) != nil }

        var matching: StableMatching {
            var m = StableMatching(children: childLists.count, capacity: capacity)
            for (c, list) in childLists.enumerated() {
                let helpers = list.filter { acceptable(c, $0) }
                m.accept(child: c, helpers: helpers, helperRanks: helpers.map { rank(ofChild: c, byHelper: $0)! })
            }
            return m
        }

        /// Stable by the definition: every pair acceptable, capacities kept, and no acceptable
        /// pair (c, h) where c has no helper or prefers h, and h has room or prefers c to one
        /// of its children.
        func isStable(_ helperOf: [Int?]) -> Bool {
            var load = [Int](repeating: 0, count: capacity.count)
            for (c, h) in helperOf.enumerated() {
                guard let h else { continue }
                guard acceptable(c, h) else { return false }
                load[h] += 1
            }
            guard zip(load, capacity).allSatisfy({ $0 <= $1 }) else { return false }
            var holders = [[Int]](repeating: [], count: capacity.count)
            for (c, h) in helperOf.enumerated() { if let h { holders[h].append(c) } }
            for c in childLists.indices {
                for h in capacity.indices where acceptable(c, h) && helperOf[c] != h {
                    let childWants = helperOf[c].map { rank(ofHelper: h, byChild: c)! < rank(ofHelper: $0, byChild: c)! } ?? true
                    guard childWants else { continue }
                    let helperWants = holders[h].count < capacity[h]
                        || holders[h].contains { rank(ofChild: c, byHelper: h)! < rank(ofChild: $0, byHelper: h)! }
                    if helperWants { return false }
                }
            }
            return true
        }

        /// Every stable matching.
        func allStable() -> [[Int?]] {
            var out = [[Int?]](), current = [Int?](repeating: nil, count: childLists.count)
            var load = [Int](repeating: 0, count: capacity.count)
            func go(_ c: Int) {
                if c == childLists.count { if isStable(current) { out.append(current) }; return }
                current[c] = nil
                go(c + 1)
                for h in capacity.indices where acceptable(c, h) && load[h] < capacity[h] {
                    load[h] += 1; current[c] = h
                    go(c + 1)
                    load[h] -= 1; current[c] = nil
                }
            }
            go(0)
            return out
        }

        func weight(_ helperOf: [Int?], _ w: (Int, Int) -> Int) -> Int {
            helperOf.enumerated().reduce(0) { sum, p in p.element.map { sum + w(p.offset, $0) } ?? sum }
        }
    }

    /// Random lists; or, with `cyclic`, lists where child i likes helper i best and helper i
    /// likes child i + 1 best (each shifted by one), a few neighbours swapped: such instances
    /// have several stable matchings, which purely random small ones seldom do.
    func randomInstance(_ rng: inout Rng, children: Int, helpers: Int, complete: Bool, cyclic: Bool = false) -> Instance {
        func perturbed(_ a: [Int]) -> [Int] {
            var a = a
            for _ in 0..<rng.next(3) where a.count > 1 { let i = rng.next(a.count - 1); a.swapAt(i, i + 1) }
            return a
        }
        let childLists = (0..<children).map { c in
            let list = cyclic ? perturbed((0..<helpers).map { (c + $0) % helpers }) : rng.shuffled(Array(0..<helpers))
            return Array(list.prefix(complete ? helpers : 1 + rng.next(helpers)))
        }
        let helperLists = (0..<helpers).map { h in
            let list = cyclic ? perturbed((0..<children).map { (h + 1 + $0) % children }) : rng.shuffled(Array(0..<children))
            return Array(list.prefix(complete ? children : 1 + rng.next(children)))
        }
        return Instance(childLists: childLists, helperLists: helperLists, capacity: (0..<helpers).map { _ in rng.next(3) == 0 ? 2 : 1 })
    }

    @Test func everyObjectiveMatchesEnumeration() {
        var rng = Rng(state: 2026)
        var severalStable = 0, withRotations = 0
        for round in 0..<200 {
            let children = 2 + rng.next(5)
            let instance = randomInstance(&rng, children: children, helpers: max(1, children - rng.next(3)), complete: round % 2 == 0 || rng.next(2) == 0,
                                          cyclic: round % 2 == 0)
            let all = instance.allStable()
            #expect(!all.isEmpty, "round \(round): a stable matching always exists")
            if all.count > 1 { severalStable += 1 }
            let m = instance.matching
            if m.rotationCount() > 0 { withRotations += 1 }
            // The child-optimal matching: stable, and every child at least as well off as in any stable matching.
            let childBest = m.childOptimal(), helperBest = m.helperOptimal()
            #expect(instance.isStable(childBest), "round \(round)")
            #expect(instance.isStable(helperBest), "round \(round)")
            let childRank: (Int, Int) -> Int = { instance.rank(ofHelper: $1, byChild: $0)! }
            let helperRank: (Int, Int) -> Int = { instance.rank(ofChild: $0, byHelper: $1)! }
            for s in all {
                for c in s.indices {
                    // The same children are matched in every stable matching.
                    #expect((s[c] == nil) == (childBest[c] == nil), "round \(round)")
                    if let h = s[c], let best = childBest[c] { #expect(childRank(c, best) <= childRank(c, h), "round \(round)") }
                }
            }
            #expect(instance.weight(helperBest, helperRank) == all.map { instance.weight($0, helperRank) }.min()!, "round \(round)")
            // The least total weight, for three weights: egalitarian, the children's ranks, arbitrary.
            let arbitrary: (Int, Int) -> Int = { c, h in (c * 7 + h * 13) % 10 - 4 }
            for w in [{ childRank($0, $1) + helperRank($0, $1) }, childRank, arbitrary] {
                let found = m.leastWeight(w)
                #expect(instance.isStable(found.helperOf), "round \(round)")
                #expect(found.weight == instance.weight(found.helperOf, w), "round \(round)")
                #expect(found.weight == all.map { instance.weight($0, w) }.min()!, "round \(round): \(found.weight) vs enumeration")
            }
        }
        #expect(severalStable >= 20, "\(severalStable) instances with several stable matchings")
        #expect(withRotations == severalStable)
    }

    @Test func completeListsOfThreeHundred() {
        var rng = Rng(state: 300)
        let n = 300
        let instance = Instance(childLists: (0..<n).map { _ in rng.shuffled(Array(0..<n)) },
                                helperLists: (0..<n).map { _ in rng.shuffled(Array(0..<n)) },
                                capacity: Array(repeating: 1, count: n))
        let m = instance.matching
        let egalitarian: (Int, Int) -> Int = { instance.rank(ofHelper: $1, byChild: $0)! + instance.rank(ofChild: $0, byHelper: $1)! }
        let childBest = m.childOptimal(), helperBest = m.helperOptimal(), least = m.leastWeight(egalitarian)
        for s in [childBest, helperBest, least.helperOf] {
            #expect(s.allSatisfy { $0 != nil })  // complete lists: everybody matched
            #expect(Set(s.compactMap { $0 }).count == n)
        }
        #expect(instance.isStable(least.helperOf))
        // The least-weight one is no worse than either end of the lattice.
        #expect(least.weight <= instance.weight(childBest, egalitarian))
        #expect(least.weight <= instance.weight(helperBest, egalitarian))
        #expect(m.rotationCount() > 0)
    }
}
