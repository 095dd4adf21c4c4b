import Modeling

/// Stable buddy pairing as an integer program (`mode: stable`): over the pairs both sides
/// ranked (and the rules allow), a b-matching with one stability row per pair.
///
///     minimise   Σ cost(c,h)·x(c,h)  (+ rankRange · slack(c,h) where pins may force a blocking pair)
///     subject to Σ_h x(c,h) ≤ 1                         each child at most one buddy
///                Σ_c x(c,h) ≤ cap(h)                    each helper within capacity
///                cap(h)·Σ_{h' ≽_c h} x(c,h') + Σ_{c' ≻_h c} x(c',h) ≥ cap(h)   (c,h) does not block
///
/// `cost` is the child's rank plus the helper's (egalitarian), the child's (child-optimal) or
/// the helper's (helper-optimal); a pinned pair is fixed to 1.
enum BuddyFormulation {
    struct Pair { let child: Int; let helper: Int; let x: Variable }

    static func stable(_ p: BuddyProblem, _ component: BuddyProblem.Component) -> (model: Model, pairs: [Pair]) {
        var model = Model(name: "buddies-stable")
        var pairs = [Pair](), x = [Int: [Int: Variable]]()
        let objectiveKind = p.policy.stableObjective
        var objective = LinearExpression()
        // Re-planning: a kept pair costs less by more than every rank together, and a blocking
        // pair's slack more than every rank and keep bonus together.
        let keep = p.stableKeepBonus(component)
        let keeps = component.children.filter { c in p.ranked[c].contains { p.kept(c, $0.helper) } }.count
        var rankRange = 1 + keep * keeps
        // Each helper's ranked children in the helper's order.
        var rankedBy = [Int: [(child: Int, rank: Int)]]()
        for c in component.children {
            for pair in p.ranked[c] {
                let h = pair.helper, rh = pair.helperRank
                let v = model.addBinary()
                pairs.append(Pair(child: c, helper: h, x: v))
                x[c, default: [:]][h] = v
                rankedBy[h, default: []].append((c, rh))
                let cost = pair.cost(objectiveKind)
                objective.add(v, Double(cost - (p.kept(c, h) ? keep : 0)))
                rankRange += cost
            }
            if let h = p.pinned[c] {
                let v = x[c]?[h] ?? {
                    let v = model.addBinary()
                    pairs.append(Pair(child: c, helper: h, x: v))
                    x[c, default: [:]][h] = v
                    return v
                }()
                model.setBounds(v, lower: 1, upper: 1)
            }
        }
        if pairs.isEmpty { return (model, []) }  // nobody ranked anybody back here: nothing to decide
        // Rule: each child at most one buddy; each helper within capacity.
        for c in component.children {
            guard let row = x[c], !row.isEmpty else { continue }
            let vars = row.keys.sorted().map { row[$0]! }
            model.addConstraint(variables: vars, coefficients: Array(repeating: 1, count: vars.count), upper: 1)
        }
        var byHelper = [Int: [Pair]]()
        for pair in pairs { byHelper[pair.helper, default: []].append(pair) }
        for h in component.helpers {
            guard let list = byHelper[h] else { continue }
            model.addConstraint(variables: list.map(\.x), coefficients: Array(repeating: 1, count: list.count), upper: Double(p.capacity[h]))
        }
        // Stability of every mutually ranked pair (with a priced slack where pins may break it).
        let pinned = component.children.contains { p.pinned[$0] != nil }
        for h in rankedBy.keys { rankedBy[h]!.sort { $0.rank < $1.rank } }
        for c in component.children {
            let ranked = p.ranked[c]
            for pair in ranked {
                let h = pair.helper, rh = pair.helperRank
                let cap = Double(p.capacity[h])
                var vars = [Variable](), coefs = [Double]()
                for other in ranked where other.childRank <= pair.childRank { vars.append(x[c]![other.helper]!); coefs.append(cap) }
                for (c2, r2) in rankedBy[h]! where r2 < rh {
                    if let v = x[c2]?[h] { vars.append(v); coefs.append(1) }
                }
                if pinned {
                    let slack = model.addBinary()
                    vars.append(slack); coefs.append(cap)
                    objective.add(slack, Double(rankRange))
                }
                model.addConstraint(variables: vars, coefficients: coefs, lower: cap)
            }
        }
        model.minimize(objective)
        return (model, pairs)
    }

    /// What ``stable(_:_:)``'s objective gives a plan (`choice`: each child's helper in the
    /// component's order): each pair's cost and, where the component has a pin, the price of a
    /// slack for every stability row the plan breaks (a pair that blocks it).
    static func stableCost(_ p: BuddyProblem, _ component: BuddyProblem.Component, _ choice: [Int?]) -> Double {
        let kind = p.policy.stableObjective
        let rankRange = 1 + component.children.reduce(0) { sum, c in sum + p.ranked[c].reduce(0) { $0 + $1.cost(kind) } }
        var total = 0, held = [Int: [Int]]()  // helper -> its ranks of the ranked children it holds
        for (i, c) in component.children.enumerated() {
            guard let h = choice[i] else { continue }
            if let pair = p.ranks(child: c, helper: h) {
                total += pair.cost(kind)
                held[h, default: []].append(pair.helperRank)
            }
        }
        guard component.children.contains(where: { p.pinned[$0] != nil }) else { return Double(total) }
        for (i, c) in component.children.enumerated() {
            let mine = choice[i].flatMap { p.ranks(child: c, helper: $0) }?.childRank ?? Int.max
            for pair in p.ranked[c] where pair.childRank < mine {
                // The row holds when the helper is full with children it ranks above this one.
                let above = (held[pair.helper] ?? []).filter { $0 < pair.helperRank }.count
                if above < p.capacity[pair.helper] { total += rankRange }
            }
        }
        return Double(total)
    }
}
