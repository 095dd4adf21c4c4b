import Modeling

/// The roster as an integer program, over a neighbourhood: the people in `free` may change
/// their shifts on the days in `window`; every other cell keeps its shift in `fixed` and enters
/// the rows as a constant. The whole roster is the neighbourhood of everyone and every day.
///
/// Variables: `x[p][d][t]` = 1 when person p works shift t on day d (none on leave days);
/// `y[p][k]` = 1 when p works weekend k (only where a weekend limit binds); per cover line
/// `under` and `over` (continuous). With `w[p][d] = Σ_t x[p][d][t]` (an expression):
///
/// - one shift a day: `w[p][d] ≤ 1`
/// - successions, aggregated per shift (stronger than one row per pair, as one shift a day
///   already holds): `x[p][d][t] + Σ_{u may not follow t} x[p][d+1][u] ≤ 1`
/// - per-type maxima `Σ_d x[p][d][t] ≤ max`, minutes `min ≤ Σ_{d,t} minutes(t)·x ≤ max`
/// - at most `c` days in a row: `Σ_{d..d+c} w ≤ c` for every window of c + 1 days
/// - runs of at least `r` working days: for every k < r, no pattern off, k days on, off:
///   `-w[d] + Σ_{d+1..d+k} w - w[d+k+1] ≤ k - 1`; likewise runs of at least `o` days off:
///   `w[d] - Σ_{d+1..d+k} w + w[d+k+1] ≤ 1`. A pattern needs its two end days inside the
///   horizon, so runs cut by the start or the end are exempt, as the rule says.
/// - weekends: `y[p][k] ≥ w[p][d]` for each day d of weekend k, `Σ_k y[p][k] ≤ max_weekends`
///   (one variable per weekend, so the count is exact in the relaxation's terms too)
///
/// Objective (every term a penalty, the total as `RosterEvaluation` computes it):
/// `Σ under_weight·under + over_weight·over` over cover lines, where
/// `under ≥ required - Σ_{p counts} x`, `over ≥ Σ x - required`; an unmet `on` request costs
/// its weight (`weight·(1 - x)`), a violated `off` request its weight (`weight·x`).
struct RosterFormulation {
    let problem: RosterProblem
    /// The fewest minutes each person must work: the contract's, or less when the person's
    /// other rules cannot reach it (see ``RosterSearch``).
    let minMinutes: [Int]

    struct Built {
        var model: Model
        /// `x[p][d][t]`, nil where the cell is fixed (its value is in the fixed roster) or on leave.
        var x: [[[Variable?]]]
        var freeCells: Int
        /// Each weekend variable with its person and days.
        var weekendVariables: [(y: Variable, person: Int, days: [Int])]
        var coverSlacks: [(cover: Int, under: Variable?, over: Variable?)]
    }

    /// The model of the neighbourhood; `fixed` gives every cell outside it (it must meet every
    /// rule of the people not free, and is a feasible start inside).
    /// With `rulesOnly` the model has the free people's rules and no objective (a person's
    /// model for column generation, which sets its own).
    func build(free: [Int], window: Range<Int>, fixed: RosterGrid, relax: Bool = false, rulesOnly: Bool = false) -> Built {
        var b = Builder(problem: problem, window: window, fixed: fixed, kind: relax ? .continuous : .binary)
        for q in free { b.addCells(of: q) }
        // A free person's rows: only those that touch the window (the others hold in `fixed`).
        for q in free {
            b.addOneShiftADay(q)
            b.addSuccessions(q)
            b.addShiftMaximaAndMinutes(q, minMinutes: minMinutes[q])
            b.addMaxConsecutive(q)
            b.addMinConsecutive(q)
            b.addMinDaysOff(q)
            b.addWeekends(q)
        }
        if rulesOnly { return b.built(coverSlacks: []) }
        // The objective: cover shortfalls and excesses, requests not honoured. Cells outside the
        // neighbourhood enter as constants, so the objective is the whole roster's penalty.
        var objective = LinearExpression()
        let coverSlacks = b.addCover(&objective)
        b.addRequests(&objective)
        b.model.minimize(objective)
        return b.built(coverSlacks: coverSlacks)
    }

    /// Each cover line's price in the LP solution of a built model (`relax`): what one more
    /// person on the line is worth, the duals of its two rows together, read from the reduced
    /// costs of their slacks (under: weight less the dual of the `≥` row; over: weight plus the
    /// dual of the `≤` row). Zero for a line with no free cell (it has no rows).
    func coverPrices(_ built: Built, _ solution: Solution) -> [Double]? {
        guard let reduced = solution.reducedCosts else { return nil }
        var prices = [Double](repeating: 0, count: problem.cover.count)
        for slack in built.coverSlacks {
            let c = problem.cover[slack.cover]
            if let u = slack.under { prices[slack.cover] += c.underWeight - reduced[u.index] }
            if let o = slack.over { prices[slack.cover] += reduced[o.index] - c.overWeight }
        }
        return prices
    }

    /// A model being built over a neighbourhood: its variables, and a cell as an expression
    /// (its variable, or its fixed value as a constant). One function per rule; each adds only
    /// the rows that touch the window.
    private struct Builder {
        let problem: RosterProblem
        let window: Range<Int>
        let fixed: RosterGrid
        let kind: VariableKind
        var model = Model(name: "roster")
        var x: [[[Variable?]]]
        var cells = 0
        var weekendVariables = [(y: Variable, person: Int, days: [Int])]()

        init(problem: RosterProblem, window: Range<Int>, fixed: RosterGrid, kind: VariableKind) {
            self.problem = problem
            self.window = window
            self.fixed = fixed
            self.kind = kind
            x = [[[Variable?]]](repeating: [], count: problem.people.count)
        }

        func built(coverSlacks: [(cover: Int, under: Variable?, over: Variable?)]) -> Built {
            Built(model: model, x: x, freeCells: cells, weekendVariables: weekendVariables, coverSlacks: coverSlacks)
        }

        /// Person q's cells: a variable for each shift of each day in the window, none on leave.
        mutating func addCells(of q: Int) {
            let T = problem.shiftCount
            x[q] = (0..<problem.days).map { d in
                guard window.contains(d), !problem.people[q].leave.contains(d) else { return [Variable?](repeating: nil, count: T) }
                return (0..<T).map { _ in
                    cells += 1
                    return model.addVariable(lower: 0, upper: 1, kind: kind)
                }
            }
        }

        /// A cell as an expression: its variable, or its fixed value.
        func cell(_ q: Int, _ d: Int, _ t: Int) -> LinearExpression {
            if !x[q].isEmpty, let v = x[q][d][t] { return LinearExpression(v) }
            return LinearExpression(constant: fixed[q][d] == t ? 1 : 0)
        }

        /// Whether q works on day d: `w[q][d] = Σ_t x[q][d][t]`.
        func working(_ q: Int, _ d: Int) -> LinearExpression {
            var e = LinearExpression()
            for t in 0..<problem.shiftCount { e.add(cell(q, d, t)) }
            return e
        }

        /// `lower ≤ e ≤ upper`, unless e is a constant (then it holds in `fixed`).
        mutating func add(_ e: LinearExpression, lower: Double = -.infinity, upper: Double = .infinity) {
            guard !e.variables.isEmpty else { return }
            model.addConstraint(variables: e.variables, coefficients: e.coefficients, lower: lower - e.constant, upper: upper - e.constant)
        }

        /// One shift a day: `w[q][d] ≤ 1`.
        mutating func addOneShiftADay(_ q: Int) {
            for d in window { add(working(q, d), upper: 1) }
        }

        /// A shift may not be followed the next day by the shifts it forbids, aggregated per
        /// shift (stronger than one row per pair, as one shift a day already holds):
        /// `x[q][d][t] + Σ_{u may not follow t} x[q][d+1][u] ≤ 1`.
        mutating func addSuccessions(_ q: Int) {
            let p = problem
            for d in 0..<max(0, p.days - 1) where window.contains(d) || window.contains(d + 1) {
                for t in 0..<p.shiftCount where !p.forbiddenNext[t].isEmpty {
                    var e = cell(q, d, t)
                    for u in p.forbiddenNext[t] { e.add(cell(q, d + 1, u)) }
                    add(e, upper: 1)
                }
            }
        }

        /// At most `max` shifts of each type, `Σ_d x[q][d][t] ≤ max`; minutes within the contract,
        /// `min ≤ Σ_{d,t} minutes(t)·x[q][d][t] ≤ max`. A minimum above the maximum (min_minutes
        /// beyond what the horizon holds, with no max_minutes) cannot hold: the row keeps the
        /// maximum, the plan names the minimum.
        mutating func addShiftMaximaAndMinutes(_ q: Int, minMinutes: Int) {
            let p = problem, person = p.people[q], D = p.days
            var minutes = LinearExpression()
            for t in 0..<p.shiftCount {
                var count = LinearExpression()
                for d in 0..<D { count.add(cell(q, d, t)) }
                if person.maxShifts[t] < D { add(count, upper: Double(person.maxShifts[t])) }
                minutes.add(count, times: Double(p.shifts[t].minutes))
            }
            add(minutes, lower: Double(min(minMinutes, person.maxMinutes)), upper: Double(person.maxMinutes))
        }

        /// At most c days in a row: `Σ_{d..d+c} w[q] ≤ c` for every window of c + 1 days.
        mutating func addMaxConsecutive(_ q: Int) {
            let c = problem.people[q].maxConsecutive, D = problem.days
            guard c < D else { return }
            for d in 0..<(D - c) where d + c >= window.lowerBound && d < window.upperBound {
                var e = LinearExpression()
                for k in d...d + c { e.add(working(q, k)) }
                add(e, upper: Double(c))
            }
        }

        /// Runs of at least r working days: for every k < r, no pattern off, k days on, off:
        /// `-w[d] + Σ_{d+1..d+k} w - w[d+k+1] ≤ k - 1`. A pattern needs its two end days inside
        /// the horizon, so runs cut by the start or the end are exempt, as the rule says.
        mutating func addMinConsecutive(_ q: Int) {
            let D = problem.days
            for k in 1..<max(1, problem.people[q].minConsecutive) {
                for d in 0..<max(0, D - k - 1) where d + k + 1 >= window.lowerBound && d < window.upperBound {
                    var e = LinearExpression()
                    e.add(working(q, d), times: -1)
                    for j in d + 1...d + k { e.add(working(q, j)) }
                    e.add(working(q, d + k + 1), times: -1)
                    add(e, upper: Double(k - 1))
                }
            }
        }

        /// Runs of at least o days off: for every k < o, no pattern on, k days off, on:
        /// `w[d] - Σ_{d+1..d+k} w + w[d+k+1] ≤ 1` (runs cut by the horizon exempt, as above).
        mutating func addMinDaysOff(_ q: Int) {
            let D = problem.days
            for k in 1..<max(1, problem.people[q].minDaysOff) {
                for d in 0..<max(0, D - k - 1) where d + k + 1 >= window.lowerBound && d < window.upperBound {
                    var e = LinearExpression()
                    e.add(working(q, d))
                    for j in d + 1...d + k { e.add(working(q, j), times: -1) }
                    e.add(working(q, d + k + 1))
                    add(e, upper: 1)
                }
            }
        }

        /// At most `max_weekends` weekends worked, where that limit binds: `y[q][k] ≥ w[q][d]`
        /// for each day d of weekend k, `Σ_k y[q][k] ≤ max_weekends` (one variable per weekend,
        /// so the count is exact in the relaxation's terms too). A weekend wholly outside the
        /// window counts as a constant.
        mutating func addWeekends(_ q: Int) {
            let person = problem.people[q]
            guard person.maxWeekends < problem.weekends.count else { return }
            var count = LinearExpression()
            for weekend in problem.weekends {
                if weekend.allSatisfy({ !window.contains($0) }) {
                    count.constant += weekend.contains { fixed[q][$0] != nil } ? 1 : 0
                    continue
                }
                let y = model.addVariable(lower: 0, upper: 1, kind: kind)
                weekendVariables.append((y, q, weekend))
                for d in weekend {
                    var e = working(q, d)
                    e.add(y, -1)
                    add(e, upper: 0)
                }
                count.add(y)
            }
            add(count, upper: Double(person.maxWeekends))
        }

        /// Cover: each line's shortfall and excess cost their weights,
        /// `Σ under_weight·under + over_weight·over`, with `under ≥ required - Σ_{p counts} x`
        /// and `over ≥ Σ x - required` (a variable only where its weight is positive; a line
        /// with no free cell is a constant). The lines' slack variables.
        mutating func addCover(_ objective: inout LinearExpression) -> [(cover: Int, under: Variable?, over: Variable?)] {
            var coverSlacks = [(cover: Int, under: Variable?, over: Variable?)]()
            for (k, c) in problem.cover.enumerated() {
                var staffed = LinearExpression()
                for q in c.people { staffed.add(cell(q, c.day, c.shift)) }
                let required = Double(c.required)
                if staffed.variables.isEmpty {
                    objective.constant += c.underWeight * max(0, required - staffed.constant) + c.overWeight * max(0, staffed.constant - required)
                    continue
                }
                var slack: (cover: Int, under: Variable?, over: Variable?) = (k, nil, nil)
                if c.underWeight > 0 {
                    let under = model.addVariable(lower: 0, upper: .infinity)
                    var e = staffed
                    e.add(under)
                    add(e, lower: required)
                    objective.add(under, c.underWeight)
                    slack.under = under
                }
                if c.overWeight > 0 {
                    let over = model.addVariable(lower: 0, upper: .infinity)
                    var e = staffed
                    e.add(over, -1)
                    add(e, upper: required)
                    objective.add(over, c.overWeight)
                    slack.over = over
                }
                coverSlacks.append(slack)
            }
            return coverSlacks
        }

        /// Requests: an unmet `on` request costs its weight, `weight·(1 - x)`; a violated `off`
        /// request its weight, `weight·x` (x the shift asked about, or w for a whole day).
        func addRequests(_ objective: inout LinearExpression) {
            for r in problem.requests {
                let e = r.shift.map { cell(r.person, r.day, $0) } ?? working(r.person, r.day)
                switch r.kind {
                case .on: objective.constant += r.weight; objective.add(e, times: -r.weight)
                case .off: objective.add(e, times: r.weight)
                }
            }
        }
    }

    /// The roster a solution gives: `fixed` with the free cells read from it.
    func grid(_ built: Built, _ value: (Variable) -> Double, fixed: RosterGrid) -> RosterGrid {
        var grid = fixed
        for (q, days) in built.x.enumerated() where !days.isEmpty {
            for (d, cells) in days.enumerated() where cells.contains(where: { $0 != nil }) {
                grid[q][d] = cells.firstIndex { $0.map { value($0) > 0.5 } ?? false }
            }
        }
        return grid
    }

    /// The start a solver is given: the free cells of `grid`.
    func start(_ built: Built, _ grid: RosterGrid) -> [Variable: Double] {
        var start = [Variable: Double]()
        for (q, days) in built.x.enumerated() where !days.isEmpty {
            for (d, cells) in days.enumerated() {
                for (t, v) in cells.enumerated() { if let v { start[v] = grid[q][d] == t ? 1 : 0 } }
            }
        }
        for w in built.weekendVariables { start[w.y] = w.days.contains { grid[w.person][$0] != nil } ? 1 : 0 }
        for s in built.coverSlacks {
            let c = problem.cover[s.cover]
            let staffed = problem.staffed(c, grid)
            if let under = s.under { start[under] = Double(max(0, c.required - staffed)) }
            if let over = s.over { start[over] = Double(max(0, staffed - c.required)) }
        }
        return start
    }
}
