import Foundation

/// A community's contacts and visits by the structure of its model
/// (``ActivitiesFormulation/community(_:_:)``): each child alone is an interval covering over
/// their dates, solved exactly by dynamic programming; the children together share only the
/// director's weekly hours.
///
/// - ``bound``: each child's optimum without the hours: a lower bound on the community's.
/// - ``greedy()``: the children one after another (most rows first), each the cheapest schedule
///   that fits the hours the earlier ones left, positions spread over the weeks by a price on
///   each week's load below every cost difference. When it costs the bound, it is optimal.
/// - ``priced(bound:iterations:start:)``, where the hours bind: Lagrange multipliers on the weekly
///   hours, each child's optimum at those prices, the overloaded weeks repaired.
///
/// The DP over a child's dates d0 < d1 < ... keeps, after each date, the index of the last
/// contact or visit and whether the current visit period (month or month pair; they partition
/// the horizon) has had its visit. A row ending at date i is met when the last item is at or
/// after its first date (a visit row: when the flag is set). O(dates^2) per child.
struct ContactSchedule {
    let f: ActivitiesFormulation.CommunityModel
    let contactMinutes: Int, visitMinutes: Int
    /// What one unmet row costs (the model's slack price).
    let unmetCost: Int

    enum Action: UInt8 { case none = 0, contact = 1, visit = 2 }

    /// Price iterations where the director's hours are short (each a dynamic programme per child).
    static let iterations = 60

    /// One child's schedule: an action per date, its cost (items and unmet rows) and its unmet rows (indices in `f.rows`).
    struct ChildPlan {
        var actions: [Action]
        var cost: Int
        var unmet: [Int]
    }

    /// The children's optima without the director's hours, summed: a lower bound.
    func bound() -> Int {
        f.byChild.indices.reduce(0) { $0 + solve(child: $1, scale: 1, price: nil, room: nil).cost }
    }

    /// The children with the most rows first (they are the hardest to fit).
    var byRows: [Int] { f.byChild.indices.sorted { (f.rowsOf[$0].count, $1) > (f.rowsOf[$1].count, $0) } }

    /// The children in ``byRows`` order, each the cheapest schedule that fits the hours the
    /// earlier ones left, spread over the weeks by a price on each week's load below every cost difference.
    func greedy() -> [ChildPlan] {
        var room = f.capacity, load = [Int](repeating: 0, count: f.capacity.count)
        var plans = [ChildPlan?](repeating: nil, count: f.byChild.count)
        // The load price stays below one unit of cost: scale costs above the most it can add.
        let scale = 1 + f.capacity.reduce(0) { max($0, $1) } * 60
        for c in byRows {
            let plan = solve(child: c, scale: scale, price: (load, load), room: room)
            for (week, minutes) in items(c, plan.actions) {
                room[week] -= minutes
                load[week] += minutes
            }
            plans[c] = ChildPlan(actions: plan.actions, cost: plan.cost / scale, unmet: plan.unmet)
        }
        return plans.map { $0! }
    }

    /// Prices on the director's weekly hours (Lagrange multipliers, moved by subgradient steps
    /// towards the weeks the children's own optima overload): at each iteration every child's
    /// optimum at those prices, then the children whose schedule still fits keep it and the others
    /// are fitted, at the same prices, into the hours left. Returns the cheapest plan seen (`start`
    /// at worst), and stops once it costs `bound`.
    func priced(bound: Int, iterations: Int, start: [ChildPlan]) -> [ChildPlan] {
        let resolution = 100  // prices in hundredths of a cost unit per minute
        var lambda = [Double](repeating: 0, count: f.capacity.count)
        var best = start, bestCost = start.reduce(0) { $0 + $1.cost }
        var theta = 1.0, bestDual = -Double.infinity, stale = 0
        let order = byRows
        for _ in 0..<iterations where bestCost > bound {
            let contactPrice = lambda.map { Int(($0 * Double(contactMinutes * resolution)).rounded()) }
            let visitPrice = lambda.map { Int(($0 * Double(visitMinutes * resolution)).rounded()) }
            var load = [Int](repeating: 0, count: f.capacity.count), dual = 0.0
            let own = f.byChild.indices.map { c in solve(child: c, scale: resolution, price: (contactPrice, visitPrice), room: nil) }
            for (c, plan) in own.enumerated() {
                dual += Double(plan.cost) / Double(resolution)
                for (week, minutes) in items(c, plan.actions) { load[week] += minutes }
            }
            dual -= zip(lambda, f.capacity).reduce(0) { $0 + $1.0 * Double($1.1) }
            // Repair: keep what fits, fit the rest into the hours left at the same prices.
            var room = f.capacity, plans = [ChildPlan?](repeating: nil, count: own.count)
            for c in order {
                guard items(c, own[c].actions).allSatisfy({ room[$0.week] >= $0.minutes }) else { continue }
                for (week, minutes) in items(c, own[c].actions) { room[week] -= minutes }
                plans[c] = own[c]
            }
            for c in order where plans[c] == nil {
                let plan = solve(child: c, scale: resolution, price: (contactPrice, visitPrice), room: room)
                for (week, minutes) in items(c, plan.actions) { room[week] -= minutes }
                plans[c] = plan
            }
            let candidate = plans.enumerated().map { c, plan in ChildPlan(actions: plan!.actions, cost: trueCost(c, plan!), unmet: plan!.unmet) }
            let cost = candidate.reduce(0) { $0 + $1.cost }
            if cost < bestCost { (best, bestCost) = (candidate, cost) }
            // A subgradient step (Polyak's, towards the best plan's cost), halved when the dual stalls.
            let g = zip(load, f.capacity).map { Double($0 - $1) }
            let norm = g.reduce(0) { $0 + $1 * $1 }
            if dual > bestDual + 1e-9 { (bestDual, stale) = (dual, 0) } else { stale += 1 }
            if stale >= 5 { (theta, stale) = (theta / 2, 0) }
            guard norm > 0 else { break }
            let step = theta * max(1, Double(bestCost) - dual) / norm
            lambda = zip(lambda, g).map { max(0, $0 + step * $1) }
        }
        return best
    }

    /// The weeks and minutes of child `c`'s contacts and visits in `actions`.
    func items(_ c: Int, _ actions: [Action]) -> [(week: Int, minutes: Int)] {
        actions.indices.compactMap { i in
            actions[i] == .none ? nil : (f.choices[f.byChild[c].lowerBound + i].week, actions[i] == .visit ? visitMinutes : contactMinutes)
        }
    }

    /// What child `c`'s schedule costs in the model's objective: its contacts and visits, and its unmet rows.
    func trueCost(_ c: Int, _ plan: ChildPlan) -> Int {
        plan.actions.reduce(0) { $0 + ($1 == .visit ? f.visitCost : $1 == .contact ? f.contactCost : 0) } + plan.unmet.count * unmetCost
    }

    /// The cheapest schedule of child `c`: costs times `scale`, plus each week's `price` per
    /// contact and per visit there; actions that do not fit `room` are not taken.
    func solve(child c: Int, scale: Int, price: (contact: [Int], visit: [Int])?, room: [Int]?) -> ChildPlan {
        let range = f.byChild[c], n = range.count
        let rows = f.rowsOf[c].map { f.rows[$0] }
        // Rows with no date: unmet whatever the plan.
        var fixed = 0, alwaysUnmet = [Int]()
        var endingAt = [[Int]](repeating: [], count: n)   // positions in `rows`
        var visitStart = [Bool](repeating: false, count: n)
        for (k, row) in rows.enumerated() {
            if row.lo > row.hi { fixed += unmetCost * scale; alwaysUnmet.append(f.rowsOf[c][k]); continue }
            endingAt[row.hi].append(k)
            if row.visitsOnly { visitStart[row.lo] = true }
        }
        // State: (last item index + 1) * 2 + visit flag; last = -1 is "none yet".
        let states = 2 * (n + 1), unreachable = Int.max
        var cost = [Int](repeating: unreachable, count: states)
        cost[0] = fixed
        var back = [[Int32]](repeating: [], count: n)  // per date: predecessor state * 4 + action, per state
        for i in 0..<n {
            let choice = f.choices[range.lowerBound + i]
            let week = choice.week
            var next = [Int](repeating: unreachable, count: states)
            var from = [Int32](repeating: -1, count: states)
            for s in 0..<states where cost[s] != unreachable {
                // A new visit period starts here: its flag starts unset.
                let flag = visitStart[i] ? 0 : s % 2
                for action in [Action.none, .contact, .visit] {
                    var c2 = cost[s], s2 = s - s % 2 + flag
                    if action != .none {
                        let minutes = action == .visit ? visitMinutes : contactMinutes
                        if let room, room[week] < minutes { continue }
                        c2 += (action == .visit ? f.visitCost : f.contactCost) * scale
                            + (price.map { action == .visit ? $0.visit[week] : $0.contact[week] } ?? 0)
                        s2 = (i + 1) * 2 + (action == .visit ? 1 : flag)
                    }
                    if c2 < next[s2] { next[s2] = c2; from[s2] = Int32(s * 4 + Int(action.rawValue)) }
                }
            }
            // Rows ending here: unmet unless covered.
            for k in endingAt[i] {
                let row = rows[k]
                for s2 in 0..<states where next[s2] != unreachable {
                    let last = s2 / 2 - 1, flag = s2 % 2
                    let met = row.visitsOnly ? flag == 1 : last >= row.lo
                    if !met { next[s2] += unmetCost * scale }
                }
            }
            cost = next
            back[i] = from
        }
        // The cheapest end, traced back.
        var s = cost.indices.min { (cost[$0], $0) < (cost[$1], $1) }!
        let total = cost[s]
        var actions = [Action](repeating: .none, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let packed = Int(back[i][s])
            actions[i] = Action(rawValue: UInt8(packed % 4))!
            s = packed / 4
        }
        return ChildPlan(actions: actions, cost: total, unmet: alwaysUnmet + unmetRows(c, actions))
    }

    /// The rows of child `c` (indices in `f.rows`) that `actions` leave unmet.
    func unmetRows(_ c: Int, _ actions: [Action]) -> [Int] {
        f.rowsOf[c].filter { r in
            let row = f.rows[r]
            guard row.lo <= row.hi else { return false }  // counted as always unmet
            return !(row.lo...row.hi).contains { row.visitsOnly ? actions[$0] == .visit : actions[$0] != .none }
        }
    }
}
