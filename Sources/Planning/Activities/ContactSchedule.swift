import Foundation

/// A community's contacts and visits by the structure of its model
/// (``ActivitiesFormulation/community(_:_:)``): each child alone is an interval covering over
/// their dates, solved exactly by dynamic programming; the children together share only the
/// director's weekly hours.
///
/// - ``bound``: each child's optimum without the hours: a lower bound on the community's.
/// - ``greedy``: the children one after another (most rows first), each the cheapest schedule
///   that fits the hours the earlier ones left, positions spread over the weeks by a price on
///   each week's load below every cost difference. When it costs the bound, it is optimal.
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

    /// Children in order of their rows (most first), each fitted into the hours left.
    func greedy() -> [ChildPlan] {
        var room = f.capacity, load = [Int](repeating: 0, count: f.capacity.count)
        var plans = [ChildPlan?](repeating: nil, count: f.byChild.count)
        let order = f.byChild.indices.sorted { (f.rowsOf[$0].count, $1) > (f.rowsOf[$1].count, $0) }
        // The load price stays below one unit of cost: scale costs above the most it can add.
        let scale = 1 + f.capacity.reduce(0) { max($0, $1) } * 60
        for c in order {
            let plan = solve(child: c, scale: scale, price: load, room: room)
            for (i, action) in plan.actions.enumerated() where action != .none {
                let week = f.choices[f.byChild[c].lowerBound + i].week
                let minutes = action == .visit ? visitMinutes : contactMinutes
                room[week] -= minutes
                load[week] += minutes
            }
            plans[c] = ChildPlan(actions: plan.actions, cost: plan.cost / scale, unmet: plan.unmet)
        }
        return plans.map { $0! }
    }

    /// The cheapest schedule of child `c`: costs times `scale`, plus each week's `price` (its
    /// load) per item there; actions that do not fit `room` are not taken.
    func solve(child c: Int, scale: Int, price: [Int]?, room: [Int]?) -> ChildPlan {
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
                        c2 += (action == .visit ? f.visitCost : f.contactCost) * scale + (price?[week] ?? 0)
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
