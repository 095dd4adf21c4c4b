/// One person's cheapest schedule under per-cell costs, exactly, by dynamic programming over
/// the days: the pricing problem of ``RosterColumnGeneration``, milliseconds where a GLPK
/// search over the same rules takes tenths of seconds.
///
/// A state after a day holds everything the person's rules still need: the last shift (or
/// rest) and how long the current run of work or rest has lasted (capped where the rules stop
/// caring), whether that run began on the first day (runs cut by the horizon are exempt from
/// the minimum lengths), the minutes worked (in units of the shifts' greatest common divisor),
/// the shifts worked of each type with a maximum, and the weekends worked (with whether the
/// current one is already counted). States are numbered densely; a day keeps those it reaches.
/// A class, so the recursion's many calls share it rather than copy its tables.
///
/// Without `totals` the rules over the whole horizon (minutes, shifts of each type, and
/// weekends unless `weekends`) are left out and only the day-to-day rules kept: a few dozen
/// states a day, so a year is priced in about a millisecond (the subproblem of
/// ``RosterLagrangianBound``, which prices those totals instead; a weekend's price is then paid
/// on its first day worked). With `weekends` the weekend limit stays a rule.
final class SchedulePricer: Sendable {
    let problem: RosterProblem
    let person: Int
    let minMinutes: Int

    private let unit: Int
    private let maxUnits: Int
    private let limited: [Int]          // shift types with a maximum that can bind
    private let countSize: [Int]        // per limited type: max + 1
    private let countProduct: Int
    private let countStride: [Int]
    private let weekendOf: [Int?]
    private let longestUnits: Int
    private let shortestUnits: Int
    private let limitIndex: [Int?]      // per shift type, its place among `limited`
    private let shiftUnits: [Int]
    private let tracksWeekends: Bool
    private let weekendSize: Int
    private let offCap: Int             // rest runs counted up to this (min_days_off)
    private let workCap: Int            // work runs counted up to this (max_consecutive)
    private let lastRunSize: Int
    // The person's rules as plain values, read once (not copied out of the problem per state).
    private let onLeave: [Bool]
    private let maxConsecutive: Int, minConsecutive: Int, minDaysOff: Int
    /// forbidden[a * shiftCount + b]: b may not follow a.
    private let forbidden: [Bool]
    /// Per day d, the most of the days from d on that can still be worked: in any c + o days in
    /// a row at most c are worked (runs of at most c, rests of at least o), give or take one run
    /// at the edges, so at most (R / (c + o)) · c + min(R mod (c + o), c) + c of the R days left.
    private let workableDays: [Int]
    /// Number of states of a day; nil when too many for a dense array.
    let stateCount: Int?
    /// The states cannot even be numbered in an Int (then neither recursion is used).
    private let sizeOverflows: Bool

    init(problem: RosterProblem, person q: Int, minMinutes: Int, totals: Bool = true, weekends: Bool = false) {
        self.problem = problem
        person = q
        self.minMinutes = totals ? minMinutes : 0
        let p = problem.people[q], D = problem.days
        unit = problem.shifts.map(\.minutes).reduce(0) { Self.gcd($0, $1) }
        let longest = totals ? problem.shifts.map(\.minutes).max() ?? 0 : 0
        maxUnits = min(p.maxMinutes, D * longest) / unit
        let workable = D - p.leave.count
        limited = totals ? (0..<problem.shiftCount).filter { p.maxShifts[$0] < workable } : []
        countSize = limited.map { p.maxShifts[$0] + 1 }
        let limitedTypes = limited
        limitIndex = (0..<problem.shiftCount).map { limitedTypes.firstIndex(of: $0) }
        tracksWeekends = (totals || weekends) && p.maxWeekends < problem.weekends.count
        weekendOf = problem.weekendOf
        longestUnits = longest / unit
        shortestUnits = totals ? (problem.shifts.map(\.minutes).min() ?? 0) / unit : 0
        let u = unit
        shiftUnits = problem.shifts.map { totals ? $0.minutes / u : 0 }
        weekendSize = tracksWeekends ? p.maxWeekends + 1 : 1
        offCap = max(1, p.minDaysOff)
        workCap = max(1, p.maxConsecutive)
        lastRunSize = (offCap + 1) + problem.shiftCount * workCap
        onLeave = (0..<D).map { p.leave.contains($0) }
        let c = min(p.maxConsecutive, D), o = max(1, p.minDaysOff)
        workableDays = (0..<D).map { d in
            let R = D - d
            return min(R, (R / (c + o)) * c + min(R % (c + o), c) + c)
        }
        (maxConsecutive, minConsecutive, minDaysOff) = (p.maxConsecutive, p.minConsecutive, p.minDaysOff)
        let T = problem.shiftCount
        forbidden = (0..<(T * T)).map { problem.forbiddenNext[$0 / T].contains($0 % T) }
        var counts = 1, countsOverflow = false
        for n in countSize {
            let r = counts.multipliedReportingOverflow(by: n)
            counts = r.partialValue
            countsOverflow = countsOverflow || r.overflow
        }
        countProduct = counts
        // The first limited type is the most significant digit.
        var stride = [Int](repeating: 1, count: countSize.count)
        for k in stride.indices.reversed().dropFirst() { stride[k] = stride[k + 1] &* countSize[k + 1] }
        countStride = stride
        let rest = counts.multipliedReportingOverflow(by: weekendSize * 2 * lastRunSize * 2)
        let size = (maxUnits + 1).multipliedReportingOverflow(by: rest.partialValue)
        sizeOverflows = countsOverflow || rest.overflow || size.overflow || counts > Int(Int32.max)
        stateCount = sizeOverflows || size.partialValue > 4_000_000 ? nil : size.partialValue
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    // State layout: ((((units · counts + countIndex) · weekends + wk) · 2 + flag) · lastRun + lr) · 2 + edge
    private struct State {
        /// `counts`: the shifts worked of each limited type, packed (mixed radix, `countStride`).
        var units: Int, counts: Int, weekends: Int, flag: Int, lastRun: Int, edge: Int
    }

    private func encode(_ s: State) -> Int {
        let c = s.counts
        return ((((s.units * countProduct + c) * weekendSize + s.weekends) * 2 + s.flag) * lastRunSize + s.lastRun) * 2 + s.edge
    }

    private func decode(_ index: Int) -> State {
        var i = index
        let edge = i % 2; i /= 2
        let lastRun = i % lastRunSize; i /= lastRunSize
        let flag = i % 2; i /= 2
        let weekends = i % weekendSize; i /= weekendSize
        let counts = i % countProduct; i /= countProduct
        return State(units: i, counts: counts, weekends: weekends, flag: flag, lastRun: lastRun, edge: edge)
    }

    /// lastRun codes: 0...offCap a rest run of that length (0: before the first day);
    /// then per shift type t, runs 1...workCap.
    private func workRun(_ code: Int) -> (shift: Int, run: Int)? {
        code > offCap ? ((code - offCap - 1) / workCap, (code - offCap - 1) % workCap + 1) : nil
    }
    private func workCode(_ t: Int, _ run: Int) -> Int { offCap + 1 + t * workCap + run - 1 }

    /// The cheapest schedule: `shiftCost[d][t]` for working t on day d, `offCost[d]` for rest.
    /// nil when the person's rules admit no schedule (or the state space is too large).
    func cheapest(shiftCost: [[Double]], offCost: [Double]) -> (cost: Double, schedule: [Int?])? {
        cheapest(shiftCost: shiftCost, offCost: offCost, count: 1).first
    }

    /// The cheapest schedule first, then up to `count - 1` more: the cheapest of each other
    /// state a schedule can end in (so each differs from the others), cheapest first. Column
    /// generation adds them all: a round gives the master several schedules per person for the
    /// cost of one recursion.
    /// `weekendCost` is added for each weekend worked (on its first day worked).
    func cheapest(shiftCost: [[Double]], offCost: [Double], count: Int, weekendCost: Double = 0) -> [(cost: Double, schedule: [Int?])] {
        guard let S = stateCount else { return [] }
        let D = problem.days
        // Only the states a day reaches are kept (a small part of the dense space), in the order
        // they are first reached (the same on every run: ties go to the first parent found).
        struct Reached { var state: Int; var cost: Double; var parent: Int32; var action: Int8 }
        var slot = [Int32](repeating: -1, count: S)
        var current = [Reached(state: encode(initial), cost: 0, parent: -1, action: -1)]
        var layers = [[(parent: Int32, action: Int8)]]()
        layers.reserveCapacity(D)
        for d in 0..<D {
            var next = [Reached]()
            let off = offCost[d], work = shiftCost[d]
            for (i, entry) in current.enumerated() {
                let base = entry.cost
                successors(of: decode(entry.state), day: d) { n, a, weekend in
                    let k = encode(n), value = base + (a < 0 ? off : work[a]) + (weekend ? weekendCost : 0)
                    let j = Int(slot[k])
                    if j < 0 {
                        slot[k] = Int32(next.count)
                        next.append(Reached(state: k, cost: value, parent: Int32(i), action: Int8(a)))
                    } else if value < next[j].cost {
                        next[j] = Reached(state: k, cost: value, parent: Int32(i), action: Int8(a))
                    }
                }
            }
            for e in next { slot[e.state] = -1 }
            layers.append(next.map { ($0.parent, $0.action) })
            current = next
        }
        // The end states that meet the minimum, cheapest first (ties: the first reached).
        let meets = current.indices.filter { decode(current[$0].state).units * unit >= minMinutes }
        let cheaper = { (a: Int, b: Int) in (current[a].cost, a) < (current[b].cost, b) }
        let ends = count == 1 ? meets.min(by: cheaper).map { [$0] } ?? [] : Array(meets.sorted(by: cheaper).prefix(count))
        return ends.map { best in
            var schedule = [Int?](repeating: nil, count: D)
            var k = best
            for d in stride(from: D - 1, through: 0, by: -1) {
                let a = Int(layers[d][k].action)
                schedule[d] = a < 0 ? nil : a
                k = Int(layers[d][k].parent)
            }
            return (current[best].cost, schedule)
        }
    }

    /// A good schedule, not always the cheapest: the same recursion keeping only the `width`
    /// cheapest states of each day (a beam), for horizons whose state space is too large for
    /// ``cheapest``. nil when the beam loses every schedule that meets the rules.
    func good(shiftCost: [[Double]], offCost: [Double], width: Int) -> (cost: Double, schedule: [Int?])? {
        guard !sizeOverflows else { return nil }
        let D = problem.days
        var layer: [(key: Int, state: State, cost: Double, parent: Int, action: Int)] = [(encode(initial), initial, 0, -1, -1)]
        var layers = [[(parent: Int, action: Int)]]()
        for d in 0..<D {
            var index = [Int: Int]()
            var next: [(key: Int, state: State, cost: Double, parent: Int, action: Int)] = []
            for (i, entry) in layer.enumerated() {
                successors(of: entry.state, day: d) { n, a, _ in
                    let k = encode(n), value = entry.cost + (a < 0 ? offCost[d] : shiftCost[d][a])
                    if let j = index[k] {
                        if value < next[j].cost { next[j] = (k, n, value, i, a) }
                    } else {
                        index[k] = next.count
                        next.append((k, n, value, i, a))
                    }
                }
            }
            if next.count > width {
                next.sort { ($0.cost, $0.key) < ($1.cost, $1.key) }
                next.removeLast(next.count - width)
            }
            layers.append(next.map { ($0.parent, $0.action) })
            layer = next
            if layer.isEmpty { return nil }
        }
        guard let best = layer.indices.filter({ layer[$0].state.units * unit >= minMinutes })
                .min(by: { (layer[$0].cost, layer[$0].key) < (layer[$1].cost, layer[$1].key) }) else { return nil }
        var schedule = [Int?](repeating: nil, count: D)
        var i = best
        for d in stride(from: D - 1, through: 0, by: -1) {
            let a = layers[d][i].action
            schedule[d] = a < 0 ? nil : a
            i = layers[d][i].parent
        }
        return (layer[best].cost, schedule)
    }

    private var initial: State { State(units: 0, counts: 0, weekends: 0, flag: 0, lastRun: 0, edge: 1) }

    /// Every state day `d` can lead to from `state` (after day d - 1), with its action: -1 rest,
    /// else the shift worked, and whether it is the first day worked of a weekend. Leaves out
    /// what breaks a rule or can no longer reach the minimum.
    /// What depends only on the state (its run, the types at their maximum) is read once, not
    /// per shift: this is the innermost loop of every pricing.
    @inline(__always)
    private func successors(of state: State, day d: Int, _ body: (State, Int, Bool) -> Void) {
        let D = problem.days, T = problem.shiftCount
        // Minutes still reachable must cover the minimum (see `workableDays`).
        if (state.units + workableDays[d] * longestUnits) * unit < minMinutes { return }
        let weekend = weekendOf[d]
        var st = state
        if weekend != nil && (d == 0 || weekendOf[d - 1] != weekend) { st.flag = 0 }
        let resting = st.lastRun <= offCap
        let work = resting ? (shift: 0, run: 0) : workRun(st.lastRun)!
        // Rest.
        if resting || work.run >= minConsecutive || st.edge == 1 {
            var n = st
            if resting { n.lastRun = min(st.lastRun + 1, offCap) } else { n.lastRun = 1; n.edge = 0 }
            if weekend == nil { n.flag = 0 }
            body(n, -1, false)
        }
        if onLeave[d] { return }
        // A rest shorter than its minimum (not at the start) cannot end today.
        if resting && st.lastRun > 0 && st.lastRun < minDaysOff && st.edge == 0 { return }
        // The limited types already at their maximum, one bit each (fewer than 63 of them: with more
        // the states could not be numbered and no recursion runs).
        var full: UInt64 = 0
        for k in limited.indices where (st.counts / countStride[k]) % countSize[k] + 1 >= countSize[k] { full |= 1 << UInt64(k) }
        let run = resting ? 1 : work.run + 1
        let nextOnLeave = d + 1 < D && onLeave[d + 1]
        // Work shift t.
        for t in 0..<T {
            var n = st
            if resting {
                n.lastRun = workCode(t, 1)
                n.edge = d == 0 ? 1 : 0
            } else {
                if forbidden[work.shift * T + t] || run > maxConsecutive { continue }
                n.lastRun = workCode(t, min(run, workCap))
            }
            n.units += shiftUnits[t]
            if n.units > maxUnits { continue }
            if let k = limitIndex[t] {
                if full & (1 << UInt64(k)) != 0 { continue }
                n.counts += countStride[k]
            }
            // A run shorter than its minimum must go on the next day: not when that day is leave,
            // nor when no shift fits in the minutes left. Such a state has no successor, and a beam
            // that kept only states like it (working as much as it can) would lose every schedule.
            if d + 1 < D, n.edge == 0, run < minConsecutive, nextOnLeave || n.units + shortestUnits > maxUnits { continue }
            var startsWeekend = false
            if weekend != nil && n.flag == 0 {
                n.flag = 1
                startsWeekend = true
                if tracksWeekends {
                    n.weekends += 1
                    if n.weekends >= weekendSize { continue }
                }
            }
            if weekend == nil { n.flag = 0 }
            body(n, t, startsWeekend)
        }
    }
}
