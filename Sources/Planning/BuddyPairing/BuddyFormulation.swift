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
        var rankRange = 1
        // Ranks in rank order (dictionary order changes from run to run, and with it GLPK's choice among ties).
        func byRank(_ ranks: [Int: Int]) -> [(key: Int, value: Int)] { ranks.sorted { $0.value < $1.value } }
        for c in component.children {
            for (h, rc) in byRank(p.childRank[c]) {
                let v = model.addBinary()
                pairs.append(Pair(child: c, helper: h, x: v))
                x[c, default: [:]][h] = v
                let rh = p.helperRank[h][c]!
                let cost = objectiveKind == .childOptimal ? rc : objectiveKind == .helperOptimal ? rh : rc + rh
                objective.add(v, Double(cost))
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
        for c in component.children {
            let ranked = byRank(p.childRank[c])
            for (h, rc) in ranked {
                let cap = Double(p.capacity[h])
                var vars = [Variable](), coefs = [Double]()
                for (h2, r2) in ranked where r2 <= rc { vars.append(x[c]![h2]!); coefs.append(cap) }
                let rh = p.helperRank[h][c]!
                for (c2, r2) in byRank(p.helperRank[h]) where r2 < rh {
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
}
