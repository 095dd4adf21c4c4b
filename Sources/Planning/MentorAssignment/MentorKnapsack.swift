/// One mentor's knapsack in a Lagrangian relaxation of "each student exactly once": the
/// best profit from pairs of the mentor (profit: the student's multiplier minus the pair's
/// cost) within a load room and a number of high-risk places, solved exactly by dynamic
/// programming. Shared by the Lagrangian bound (``MentorLagrangian``) and the branch and
/// bound (``MentorBranchAndBound``).
///
/// The tables are "within" tables, the best profit using at most load w and h high-risk
/// pairs, stored at h * width + w, kept for every prefix of the items (forward), so that one
/// best packing and, with backward tables built on the way down, the exact marginals of every
/// item can be read off.
struct MentorKnapsack {
    let view: MentorComponentView
    /// The pairs packed, each with a positive profit.
    let items: [Int]
    let profit: [Double]
    let width: Int, levels: Int
    /// (items.count + 1) layers of levels x width.
    let forward: [Double]

    /// The knapsack of `items` (pairs of one mentor, each fitting on its own) with `profit`
    /// each, within load `room` and `levels - 1` high-risk pairs.
    init(_ view: MentorComponentView, items: [Int], profit: [Double], room: Int, levels: Int) {
        self.view = view
        self.items = items
        self.profit = profit
        let width = room + 1
        self.width = width
        self.levels = levels
        let layer = levels * width
        var forward = [Double](repeating: 0, count: (items.count + 1) * layer)
        if !items.isEmpty {
            forward.withUnsafeMutableBufferPointer { f in
                let base = f.baseAddress!
                for (j, p) in items.enumerated() {
                    Self.extend(base + j * layer, into: base + (j + 1) * layer, levels: levels, width: width,
                                load: view.pairLoad[p], highRisk: view.pairHighRisk[p] ? 1 : 0, gain: profit[j])
                }
            }
        }
        self.forward = forward
    }

    /// One step of the dynamic programme: the table `to` is `from` with one more item (its
    /// load, 1 when high risk, its profit) that may be packed.
    @inline(__always)
    private static func extend(_ from: UnsafePointer<Double>, into to: UnsafeMutablePointer<Double>, levels: Int, width: Int,
                               load: Int, highRisk dh: Int, gain: Double) {
        for h in 0..<levels {
            for w in 0..<width {
                var v = from[h * width + w]
                if h >= dh && w >= load {
                    let with = from[(h - dh) * width + w - load] + gain
                    if with > v { v = with }
                }
                to[h * width + w] = v
            }
        }
    }

    /// The best profit.
    var best: Double { forward[items.count * levels * width + levels * width - 1] }

    /// The pairs of one best packing, last item first.
    func chosen() -> [Int] {
        var result = [Int](), h = levels - 1, w = width - 1
        let layer = levels * width
        for j in stride(from: items.count - 1, through: 0, by: -1) {
            if forward[(j + 1) * layer + h * width + w] != forward[j * layer + h * width + w] {
                let p = items[j]
                result.append(p)
                w -= view.pairLoad[p]
                if view.pairHighRisk[p] { h -= 1 }
            }
        }
        return result
    }

    /// The best profit of the whole knapsack within the room a pair of `load` (high risk or
    /// not) leaves, over every item (a superset of the others); nil when the pair does not fit.
    func bestBeside(load: Int, highRisk: Bool) -> Double? {
        let h = levels - 1 - (highRisk ? 1 : 0), w = width - 1 - load
        guard h >= 0, w >= 0 else { return nil }
        return forward[items.count * levels * width + h * width + w]
    }

    /// Exact losses when each item is forced in or out: forced out, the best packing without
    /// it (prefix before it with suffix after it); forced in, its profit plus the best of the
    /// others within the room it leaves. Written at the item's pair in `into` and `outOf`.
    func marginals(into: inout [Double], outOf: inout [Double]) {
        guard !items.isEmpty else { return }
        let layer = levels * width, total = best
        // Backward tables, one layer at a time, from the last item down.
        var backward = [Double](repeating: 0, count: layer), next = backward
        for j in stride(from: items.count - 1, through: 0, by: -1) {
            let p = items[j], load = view.pairLoad[p], dh = view.pairHighRisk[p] ? 1 : 0
            let prefix = j * layer
            var out = -Double.infinity, inside = -Double.infinity
            forward.withUnsafeBufferPointer { f in
                backward.withUnsafeBufferPointer { b in
                    for h in 0..<levels {
                        for w in 0..<width {
                            let v = f[prefix + h * width + w] + b[(levels - 1 - h) * width + width - 1 - w]
                            if v > out { out = v }
                            let hr = levels - 1 - dh - h, wr = width - 1 - load - w
                            if hr >= 0 && wr >= 0 {
                                let v = f[prefix + h * width + w] + b[hr * width + wr]
                                if v > inside { inside = v }
                            }
                        }
                    }
                }
            }
            outOf[p] = total - out
            into[p] = inside == -.infinity ? .infinity : total - (profit[j] + inside)
            // Extend the suffix table by this item.
            backward.withUnsafeBufferPointer { b in
                next.withUnsafeMutableBufferPointer { nx in
                    Self.extend(b.baseAddress!, into: nx.baseAddress!, levels: levels, width: width,
                                load: load, highRisk: dh, gain: profit[j])
                }
            }
            swap(&backward, &next)
        }
    }
}

/// Subgradient ascent on the multipliers `u` of "each student exactly once" (one per
/// student), shared by the Lagrangian bound (``MentorLagrangian``) and the branch and bound
/// (``MentorBranchAndBound``).
///
/// Each iteration evaluates the relaxation at u and keeps the best value seen with its
/// multipliers; after `patience` iterations without progress the step factor `theta` is
/// halved (and with `restart` the multipliers go back to the best). Then u steps along the
/// subgradient g = 1 - taken over the free students, by theta · gap / ‖g‖² (Polyak steps
/// towards the level `gap` measures from). It ends after `iterations`, when `done` says so,
/// when theta falls below `minTheta`, or when every free student is taken exactly once (the
/// relaxed solution is a plan: `covered`, with that iteration's value). `u` ends at the best
/// multipliers. Deterministic: counted in iterations.
struct SubgradientAscent {
    var patience: Int
    var restart: Bool
    var minTheta: Double

    func run<Extra>(_ u: inout [Double], theta: inout Double, iterations: Int, free: (Int) -> Bool,
                    evaluate: (_ iteration: Int, _ u: [Double]) -> (value: Double, taken: [Int], extra: Extra),
                    improved: (Extra) -> Void, done: (_ value: Double, _ best: Double) -> Bool,
                    gap: (_ value: Double) -> Double) -> (best: Double, bestU: [Double], covered: (value: Double, extra: Extra)?) {
        var best = -Double.infinity, bestU = u, stale = 0
        var covered: (value: Double, extra: Extra)?
        for iteration in 0..<iterations {
            let (value, taken, extra) = evaluate(iteration, u)
            if value > best + 1e-9 {
                best = value; bestU = u; stale = 0
                improved(extra)
            } else {
                stale += 1
                if stale >= patience {
                    theta /= 2; stale = 0
                    if restart { u = bestU }
                }
            }
            if done(value, best) { break }
            var norm = 0.0
            for k in u.indices where free(k) { let g = Double(1 - taken[k]); norm += g * g }
            if norm == 0 { covered = (value, extra); break }
            if theta < minTheta { break }
            let size = theta * gap(value) / norm
            for k in u.indices where free(k) { u[k] += size * Double(1 - taken[k]) }
        }
        u = bestU
        return (best, bestU, covered)
    }
}
