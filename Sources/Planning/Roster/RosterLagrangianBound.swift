import Foundation

/// A lower bound for long horizons, where column generation's pricing (each person's schedule
/// with their totals over the whole horizon) is too large: Lagrangian relaxation of the rows
/// that tie days far apart or people together.
///
/// Priced out of the rules, each with a multiplier: the cover rows (π_c, within
/// [-over_weight, under_weight], as the slacks require), and each person's totals over the
/// horizon: the most and fewest minutes (α⁺, α⁻ ≥ 0), the most shifts of a type (β_t ≥ 0) and
/// the most weekends (γ ≥ 0). What stays is each person's day-to-day rules (one shift a day,
/// successions, runs of work and rest, leave), which ``SchedulePricer`` without totals solves
/// exactly in a few dozen states a day. For any multipliers in range
///
///     L = Σ_c π_c required_c + Σ_p [ min_s (requests(s) - Σ_c a_c(s) π_c + (α⁺ - α⁻) minutes(s)
///             + Σ_t β_t shifts_t(s) + γ weekends(s)) - α⁺ max + α⁻ min - Σ_t β_t max_t - γ max_weekends ]
///
/// is at most the penalty of every roster (each priced row holds there, so each priced term is
/// ≤ 0), hence a bound at every iteration; the best one is kept. The multipliers move by
/// projected, deflected subgradient steps (Polyak's rule towards the incumbent's penalty, the
/// step factor halved when the bound stalls). At its best L equals the Dantzig-Wolfe bound with
/// the totals in the master: at least the compact model's LP with every rule, but weaker than
/// column generation's bound, whose schedules keep their totals (on a 12-person four-week
/// roster 401 against 500, the optimum). Most of that loss is the weekend limit, so a second
/// phase keeps it as a rule of each person's dynamic program (see below).
enum RosterLagrangianBound {
    struct Outcome {
        var bound: Double
        /// The cover prices where the bound was best.
        var prices: [Double]
        var iterations: Int
    }

    /// Iterations without a better bound before the step factor is halved.
    static let patience = 40
    /// Camerini, Fratta and Maffioli's γ: where the subgradient g turns back against the last
    /// direction d, the new direction is g + γ·(-g·d / |d|²)·d.
    static let deflection = 1.5
    /// The step factor below which the search stops.
    static let smallestStep = 0.0005

    /// The best bound within `iterations` (and by `deadline`), stepping towards `target` (the
    /// incumbent's penalty). nil when a person's day-to-day rules admit no schedule.
    static func value(_ p: RosterProblem, minMinutes: [Int], target: Double, iterations: Int,
                      until deadline: Date?, log: ((String) -> Void)? = nil) -> Outcome? {
        let P = p.people.count, D = p.days, T = p.shiftCount, C = p.cover.count
        let requests = (0..<P).map(p.requestPrices)
        // The cover lines each person's cell staffs.
        var lines = [[[Int]]](repeating: [[Int]](repeating: [], count: D * T), count: P)
        for (k, c) in p.cover.enumerated() { for q in c.people { lines[q][c.day * T + c.shift].append(k) } }
        let longest = p.shifts.map(\.minutes).max() ?? 0
        // Minutes are counted in longest shifts, the scale of the other rows.
        let scale = Double(max(1, longest))

        // The multipliers in one vector: the cover lines' π, then per person α⁺, α⁻, γ and β per
        // type, each within its range. A total that cannot bind keeps 0 (its range is [0, 0]).
        let base = C, stride = 3 + T
        func most(_ q: Int) -> Int { base + q * stride }
        func fewest(_ q: Int) -> Int { base + q * stride + 1 }
        func weekend(_ q: Int) -> Int { base + q * stride + 2 }
        func type(_ q: Int, _ t: Int) -> Int { base + q * stride + 3 + t }
        let n = C + P * stride
        var lower = [Double](repeating: 0, count: n), upper = [Double](repeating: 0, count: n)
        for (k, c) in p.cover.enumerated() { (lower[k], upper[k]) = (-c.overWeight, c.underWeight) }
        for (q, person) in p.people.enumerated() {
            if person.maxMinutes < D * longest { upper[most(q)] = .infinity }
            if minMinutes[q] > 0 { upper[fewest(q)] = .infinity }
            if person.maxWeekends < p.weekends.count { upper[weekend(q)] = .infinity }
            for t in 0..<T where person.maxShifts[t] < D - person.leave.count { upper[type(q, t)] = .infinity }
        }
        // Every line starts at its shortfall weight (where staff are short, as on long horizons,
        // most lines end near it).
        var x = [Double](repeating: 0, count: n)
        for k in 0..<C { x[k] = upper[k] }

        // Two phases where a weekend limit binds: first the weekends priced (cheap steps, many of
        // them) with half the time; then, from the best multipliers found, each weekend limit kept
        // as a rule of the dynamic program (a state per weekend worked, steps about ten times
        // dearer, at most a quarter as many), a bound at least as strong at the same multipliers:
        // on a 12-person four-week roster 467.5 against 401 (the optimum is 500; 600 steps of the
        // second phase alone, from the start, reach 494).
        let limitsWeekends = p.people.contains { $0.maxWeekends < p.weekends.count }
        let halfway = deadline.map { Date().addingTimeInterval($0.timeIntervalSinceNow / 2) }
        var best = -Double.infinity, bestX = x, factor = 1.0, iteration = 0
        for keep in limitsWeekends ? [false, true] : [false] {
            let pricers = (0..<P).map { SchedulePricer(problem: p, person: $0, minMinutes: 0, totals: false, weekends: keep) }
            guard pricers.allSatisfy({ $0.stateCount != nil }) else { break }
            let phaseEnd = keep || !limitsWeekends ? deadline : halfway
            let phaseIterations = keep ? iteration + iterations / 4 : iterations
            if keep {
                for q in 0..<P { upper[weekend(q)] = 0 }
                x = bestX.indices.map { min(upper[$0], bestX[$0]) }
                factor = min(1, 4 * factor)
                log?("Lagrangian: weekend limits kept as rules from here")
            }
            var stalled = 0
            var direction = [Double](repeating: 0, count: n)
            while iteration < phaseIterations && factor >= smallestStep && !(phaseEnd.map { Date() >= $0 } ?? false) {
                iteration += 1
                // L at x, and its subgradient g: each priced row's excess (requirement less staffing;
                // a total's amount beyond its limit).
                var value = 0.0
                var g = [Double](repeating: 0, count: n)
                for (k, c) in p.cover.enumerated() {
                    value += Double(c.required) * x[k]
                    g[k] = Double(c.required)
                }
                for q in 0..<P {
                    let person = p.people[q]
                    let minutePrice = (x[most(q)] - x[fewest(q)]) / scale
                    var shiftCost = requests[q].shift
                    for d in 0..<D {
                        for t in 0..<T {
                            var c = shiftCost[d][t] + minutePrice * Double(p.shifts[t].minutes) + x[type(q, t)]
                            for k in lines[q][d * T + t] { c -= x[k] }
                            shiftCost[d][t] = c
                        }
                    }
                    guard let found = pricers[q].cheapest(shiftCost: shiftCost, offCost: requests[q].off, count: 1,
                                                          weekendCost: x[weekend(q)]).first else { return nil }
                    value += found.cost + (-x[most(q)] * Double(person.maxMinutes) + x[fewest(q)] * Double(minMinutes[q])) / scale
                        - x[weekend(q)] * Double(person.maxWeekends)
                    for t in 0..<T { value -= x[type(q, t)] * Double(person.maxShifts[t]) }
                    var minutes = 0, weekends = Set<Int>()
                    for (d, t) in found.schedule.enumerated() {
                        guard let t else { continue }
                        minutes += p.shifts[t].minutes
                        g[type(q, t)] += 1
                        if let w = p.weekendOf[d] { weekends.insert(w) }
                        for k in lines[q][d * T + t] { g[k] -= 1 }
                    }
                    g[most(q)] = Double(minutes - person.maxMinutes) / scale
                    g[fewest(q)] = Double(minMinutes[q] - minutes) / scale
                    g[weekend(q)] = keep ? 0 : Double(weekends.count - person.maxWeekends)
                    for t in 0..<T { g[type(q, t)] -= Double(person.maxShifts[t]) }
                }
                if !best.isFinite || value > best + 1e-9 * max(1, abs(best)) {
                    (best, bestX) = (value, x)
                    stalled = 0
                } else {
                    stalled += 1
                    if stalled >= patience { factor /= 2; stalled = 0 }
                }
                // Projected: a component that would push a multiplier past its range counts for nothing.
                for i in 0..<n where (g[i] > 0 && x[i] >= upper[i]) || (g[i] < 0 && x[i] <= lower[i]) { g[i] = 0 }
                // Deflected (Camerini, Fratta and Maffioli): where the new subgradient turns back against
                // the last direction, part of that direction is kept, which damps the zig-zag.
                let turn = zip(g, direction).reduce(0.0) { $0 + $1.0 * $1.1 }
                let last = direction.reduce(0.0) { $0 + $1 * $1 }
                let share = turn < 0 && last > 0 ? -deflection * turn / last : 0
                for i in 0..<n { direction[i] = g[i] + share * direction[i] }
                let norm = direction.reduce(0.0) { $0 + $1 * $1 }
                if norm < 1e-12 { break }  // a zero subgradient: L is at its optimum
                let step = factor * max(target - value, 1e-6 * max(1, abs(value))) / norm
                for i in 0..<n { x[i] = min(upper[i], max(lower[i], x[i] + step * direction[i])) }
                if iteration % 100 == 0 { log?("Lagrangian \(iteration): \(value), best \(best), step factor \(factor)") }
            }
        }
        return best.isFinite ? Outcome(bound: best, prices: Array(bestX[0..<C]), iterations: iteration) : nil
    }
}
