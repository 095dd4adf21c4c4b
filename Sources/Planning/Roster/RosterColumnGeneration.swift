import Foundation
import Modeling

/// The roster's Dantzig-Wolfe bound and a roster from it, by column generation.
///
/// Every hard rule is one person's, so the roster is a choice of one schedule per person (a
/// schedule: the person's shift or rest on each day, meeting all their rules), linked only by
/// the cover rows. The master LP chooses a convex combination of known schedules per person:
///
///     min Σ_{p,s} cost(p,s) λ(p,s) + Σ_c (under_weight·under_c + over_weight·over_c)
///     Σ_s λ(p,s) = 1                                   (μ_p)   for each person
///     Σ_{p,s} a_c(p,s) λ(p,s) + under_c - over_c = required_c   (π_c)   for each cover line
///
/// where cost(p,s) is what the schedule's unmet requests cost and a_c(p,s) = 1 when the schedule
/// works the line's shift on its day (and p counts for it). A person's best new schedule is a
/// small integer program over their own rules (GLPK): min cost(s) - Σ_c a_c(s) π_c; it enters
/// when that is below μ_p. At any duals the Lagrangian bound
///
///     Σ_c π_c required_c + Σ_p min_s (cost(s) - Σ_c a_c(s) π_c)
///
/// holds (the duals of under and over keep π_c within [-over_weight, under_weight]), and it is
/// at least the compact model's LP bound once the LP converges: the bound reported is the best
/// seen. A roster then comes from diving: the schedules the LP all but chooses (λ > 0.99), or
/// else the one it leans to most, are fixed, new schedules are priced for the others, and so on
/// until everyone has one; the planner's GLPK search then re-optimises the last few fixed.
final class RosterColumnGeneration {
    let problem: RosterProblem
    let formulation: RosterFormulation
    let solver: any Solver
    private var personal: [RosterFormulation.Built]
    private let pricers: [SchedulePricer]
    private let requestPrices: [RosterProblem.RequestPrices]
    private var linesAt: [[Int]]
    private let counts: [Set<Int>]
    private(set) var columns: [[[Int?]]]
    private var seen: [Set<[Int]>]
    /// When to stop; the planner moves it on for the neighbourhood search.
    var deadline: Date?

    struct Outcome {
        var bound: Double
        var lpValue: Double
        var dive: Dive?
        var iterations: Int
        var converged: Bool
        var columns: Int
    }

    init(problem p: RosterProblem, formulation: RosterFormulation, solver: any Solver, start: RosterGrid, deadline: Date?) {
        problem = p
        self.formulation = formulation
        self.solver = solver
        self.deadline = deadline
        let P = p.people.count, D = p.days
        let empty = RosterGrid(repeating: [Int?](repeating: nil, count: D), count: P)
        // Exact pricing by dynamic programming where the person's state space is small enough,
        // else a GLPK search over the person's own model (built once; the objective changes).
        pricers = (0..<P).map { SchedulePricer(problem: p, person: $0, minMinutes: formulation.minMinutes[$0]) }
        personal = (0..<P).map { q in formulation.build(free: [q], window: 0..<D, fixed: empty, rulesOnly: true) }
        requestPrices = (0..<P).map(p.requestPrices)
        linesAt = [[Int]](repeating: [], count: D * p.shiftCount)
        for (k, c) in p.cover.enumerated() { linesAt[c.day * p.shiftCount + c.shift].append(k) }
        counts = p.cover.map { Set($0.people) }
        columns = (0..<P).map { [start[$0]] }
        seen = (0..<P).map { Set([start[$0].map { $0 ?? -1 }]) }
    }

    private func timeLeft() -> Double? { deadline.map { max(0.05, $0.timeIntervalSinceNow) } }
    private func outOfTime() -> Bool { deadline.map { Date() >= $0 } ?? false }

    /// The root: column generation until the master LP converges (or `iterations` or the
    /// time run out); then the dive for a roster.
    ///
    /// With `prices` (the cover lines' duals of the compact model's LP) everyone is priced at
    /// them first: the master starts from schedules near its optimum, and their Lagrangian
    /// bound is the first bound.
    func run(iterations maxIterations: Int, prices: [Double]? = nil, log: ((String) -> Void)? = nil) throws -> Outcome {
        let P = problem.people.count
        var bound = -Double.infinity, lpValue = Double.infinity, iteration = 0, converged = false
        // Duals of the best bound so far: each round prices at a blend of them and the master's
        // (Wentges' smoothing), which keeps the master's early, extreme duals from producing
        // rounds of schedules it cannot use. Once a blended round adds nothing, pure duals.
        var center: [Double]?, smoothing = 0.0
        if let prices, let seeded = try seed(prices: prices) {
            (bound, center, smoothing) = (seeded, prices, 0.8)
            log?("column generation: schedules priced at the LP's duals, bound \(bound)")
        }
        while iteration < maxIterations && !outOfTime() {
            iteration += 1
            guard let round = try generate(fixed: [Int?](repeating: nil, count: P), center: center, smoothing: smoothing) else { break }
            lpValue = round.lpValue
            if let lagrangian = round.lagrangian, lagrangian > bound { (bound, center) = (lagrangian, round.prices) }
            log?("column generation \(iteration): LP \(lpValue), bound \(bound), \(round.added) new schedules")
            if bound >= lpValue - 1e-6 { converged = true; break }
            if round.added == 0 {
                if smoothing > 0 { smoothing = 0; continue }
                if round.lagrangian != nil { converged = true; bound = max(bound, lpValue); break }
            }
        }
        let dived = try dive(maxIterations: maxIterations, log: log)
        return Outcome(bound: bound, lpValue: lpValue, dive: dived, iterations: iteration, converged: converged,
                       columns: columns.reduce(0) { $0 + $1.count })
    }

    /// Fixes schedules one or several at a time, pricing new ones for the others in between,
    /// until everyone has one: that roster, and the last people fixed (the at most
    /// ``finishPeople`` left when the master had least room to choose) for a search to
    /// re-optimise from it. nil when the master could not be solved or the time ran out.
    private func dive(maxIterations: Int, log: ((String) -> Void)?) throws -> Dive? {
        let P = problem.people.count
        var fixed = [Int?](repeating: nil, count: P)
        var rounds = 0
        var last: [Int]?
        while fixed.contains(nil) && !outOfTime() {
            // A few pricing rounds for the people not yet fixed.
            var lambdas: [[Double]]?, value = 0.0
            for _ in 0..<5 {
                rounds += 1
                guard let round = try generate(fixed: fixed), rounds <= 20 * maxIterations else { return nil }
                (lambdas, value) = (round.lambdas, round.lpValue)
                if round.added == 0 { break }
            }
            guard let lambdas else { return nil }
            let left = (0..<P).filter { fixed[$0] == nil }
            if last == nil && left.count <= Self.finishPeople { last = left }
            var any = false
            var pick: (q: Int, j: Int, value: Double)?
            for q in left {
                let j = lambdas[q].indices.max { (lambdas[q][$0], -$0) < (lambdas[q][$1], -$1) }!
                if lambdas[q][j] > 0.99 { fixed[q] = j; any = true }
                if pick == nil || lambdas[q][j] > pick!.value { pick = (q, j, lambdas[q][j]) }
            }
            if !any, let pick { fixed[pick.q] = pick.j }
            log?("dive: \(fixed.compactMap { $0 }.count) of \(P) fixed, master \(value)")
        }
        guard !fixed.contains(nil) else { return nil }
        return Dive(grid: (0..<P).map { columns[$0][fixed[$0]!] }, free: last ?? [])
    }

    /// The people fixed last in a dive that a search then frees (fewer when one round fixes several).
    static let finishPeople = 8

    /// A dive's roster, and the people it fixed last.
    struct Dive {
        var grid: RosterGrid
        var free: [Int]
    }

    /// One round: the master LP over the known schedules (a fixed person has only theirs),
    /// then each free person's cheapest schedule at the cover prices: the master's duals, or
    /// with `smoothing` > 0 that share of `center` blended in. A schedule enters when its
    /// reduced cost at the master's duals is negative. The Lagrangian bound at the prices is
    /// given when nobody is fixed and every person was priced exactly.
    private func generate(fixed: [Int?], center: [Double]? = nil, smoothing: Double = 0) throws
        -> (lpValue: Double, lambdas: [[Double]], added: Int, lagrangian: Double?, prices: [Double])? {
        let p = problem, P = p.people.count
        let master = buildMaster(fixed: fixed, binary: false)
        let lp = try solver.solve(master.model, options: SolveOptions(timeLimit: timeLeft(), logLevel: .off))
        guard lp.status == .optimal, let value = lp.objective, let duals = lp.duals else { return nil }
        let mu = master.convexityRows.map { duals[$0.index] }
        let duty = master.coverRows.map { duals[$0.index] }
        let pi = center.map { c in zip(c, duty).map { smoothing * $0 + (1 - smoothing) * $1 } } ?? duty
        var lagrangian = coverValue(pi)
        var complete = !fixed.contains { $0 != nil }, added = 0
        var lambdas = [[Double]]()
        for q in 0..<P {
            lambdas.append(columns[q].indices.map { j in master.lambda[q][j].map { lp[$0] } ?? 0 })
        }
        for q in 0..<P where fixed[q] == nil {
            guard let found = try price(q, pi) else { complete = false; continue }
            if let low = found.bound { lagrangian += low } else { complete = false }
            let reduced = center == nil ? found.cost : reducedCost(q, found.schedule, duty)
            if reduced < mu[q] - 1e-6, seen[q].insert(found.schedule.map { $0 ?? -1 }).inserted {
                columns[q].append(found.schedule)
                added += 1
            }
            if outOfTime() { complete = false; break }
        }
        return (value, lambdas, added, complete && lagrangian.isFinite ? lagrangian : nil, pi)
    }

    /// The Lagrangian bound's constant at cover prices `pi`: each line's requirement at its price.
    private func coverValue(_ pi: [Double]) -> Double {
        zip(problem.cover, pi).reduce(0.0) { $0 + Double($1.0.required) * $1.1 }
    }

    /// Person q's price of each cell at cover prices `pi`: the requests it breaks or honours, less
    /// the prices of the cover lines it staffs.
    private func cellPrices(_ q: Int, _ pi: [Double]) -> RosterProblem.RequestPrices {
        let p = problem
        var prices = requestPrices[q]
        for d in 0..<p.days {
            for t in 0..<p.shiftCount {
                for k in linesAt[d * p.shiftCount + t] where counts[k].contains(q) { prices.shift[d][t] -= pi[k] }
            }
        }
        return prices
    }

    /// A schedule's requests less the prices of the cover lines it staffs.
    private func reducedCost(_ q: Int, _ schedule: [Int?], _ pi: [Double]) -> Double {
        cellPrices(q, pi).cost(of: schedule)
    }

    /// Person q's cheapest schedule at cover prices `pi` (exactly by dynamic programming, else
    /// by a GLPK search over the person's own model): its reduced cost (requests less the prices
    /// of the lines it staffs), the same as a proven least (nil when the search did not close),
    /// and the schedule; nil when none was found.
    private func price(_ q: Int, _ pi: [Double]) throws -> (cost: Double, bound: Double?, schedule: [Int?])? {
        let p = problem, D = p.days
        let cells = cellPrices(q, pi), shiftCost = cells.shift, offCost = cells.off
        if pricers[q].stateCount != nil {
            return pricers[q].cheapest(shiftCost: shiftCost, offCost: offCost).map { ($0.cost, $0.cost, $0.schedule) }
        }
        var objective = LinearExpression(constant: offCost.reduce(0, +))
        for d in 0..<D {
            for t in 0..<p.shiftCount {
                guard let v = personal[q].x[q][d][t] else { continue }
                let c = shiftCost[d][t] - offCost[d]
                if c != 0 { objective.add(v, c) }
            }
        }
        personal[q].model.minimize(objective)
        var o = SolveOptions(timeLimit: timeLeft(), logLevel: .off)
        o.nodeLimit = 5000
        let priced = try solver.solve(personal[q].model, options: o)
        guard priced.hasSolution, let value = priced.objective else { return nil }
        let schedule = (0..<D).map { d in (0..<p.shiftCount).first { t in personal[q].x[q][d][t].map { priced[$0] > 0.5 } ?? false } }
        return (value, priced.status == .optimal ? value : nil, schedule)
    }

    /// Everyone's cheapest schedule at the cover prices of another relaxation (the compact
    /// model's LP): schedules to start the master with, past the rounds where its own duals are
    /// still far off, and the Lagrangian bound at those prices (nil when a search did not close).
    /// At the compact LP's optimal duals that bound is at least the LP's value: each person's
    /// schedules are priced over the integer schedules, a subset of the LP's.
    func seed(prices pi: [Double]) throws -> Double? {
        var lagrangian: Double? = coverValue(pi)
        for q in problem.people.indices {
            guard let found = try price(q, pi) else { lagrangian = nil; continue }
            lagrangian = found.bound.flatMap { b in lagrangian.map { $0 + b } }
            if seen[q].insert(found.schedule.map { $0 ?? -1 }).inserted { columns[q].append(found.schedule) }
            if outOfTime() { return nil }
        }
        return lagrangian
    }

    /// The best roster that changes only `free` people, each to a schedule column generation has
    /// found (or keeps theirs): a small integer program over the known schedules, from `grid`.
    func reassign(_ grid: RosterGrid, free: [Int], nodes: Int) throws -> RosterGrid? {
        let P = problem.people.count
        var fixed = [Int?](repeating: nil, count: P)
        let isFree = Set(free)
        for q in 0..<P {
            let key = grid[q].map { $0 ?? -1 }
            if seen[q].insert(key).inserted { columns[q].append(grid[q]) }
            let current = columns[q].firstIndex { $0 == grid[q] }!
            if !isFree.contains(q) { fixed[q] = current }
        }
        let master = buildMaster(fixed: fixed, binary: true)
        var start = [Variable: Double]()
        for q in 0..<P { if let v = master.lambda[q][columns[q].firstIndex { $0 == grid[q] }!] { start[v] = 1 } }
        for (k, c) in problem.cover.enumerated() {
            let staffed = problem.staffed(c, grid)
            start[master.under[k]] = Double(max(0, c.required - staffed))
            start[master.over[k]] = Double(max(0, staffed - c.required))
        }
        var o = SolveOptions(timeLimit: timeLeft(), logLevel: .off)
        o.nodeLimit = nodes
        o.start = start
        let solution = try solver.solve(master.model, options: o)
        guard solution.hasSolution else { return nil }
        return (0..<P).map { q in
            columns[q][master.lambda[q].firstIndex { $0.map { solution[$0] > 0.5 } ?? false } ?? columns[q].firstIndex { $0 == grid[q] }!]
        }
    }

    struct Master {
        var model: Model
        /// Per person and known schedule, its variable (nil: left out, the person is fixed to another).
        var lambda: [[Variable?]]
        var under: [Variable]
        var over: [Variable]
        var convexityRows: [Constraint]
        var coverRows: [Constraint]
    }

    func buildMaster(fixed: [Int?], binary: Bool) -> Master {
        let p = problem
        var model = Model(name: "roster-master")
        var objective = LinearExpression()
        var lambda = [[Variable?]]()
        var convexity = [Constraint]()
        var coverTerms = [[(Variable, Double)]](repeating: [], count: p.cover.count)
        for (q, schedules) in columns.enumerated() {
            var vars = [Variable?]()
            for (j, s) in schedules.enumerated() {
                guard fixed[q] == nil || fixed[q] == j else { vars.append(nil); continue }
                // No upper bound on the LP's λ: the convexity row holds it to 1 already, and a λ
                // left at a bound of 1 would carry part of the duals that price new schedules.
                let v = binary ? model.addVariable(lower: 0, upper: 1, kind: .binary) : model.addVariable(lower: 0, upper: .infinity)
                vars.append(v)
                let cost = requestPrices[q].cost(of: s)
                if cost != 0 { objective.add(v, cost) }
                for (d, t) in s.enumerated() {
                    guard let t else { continue }
                    for k in linesAt[d * p.shiftCount + t] where counts[k].contains(q) { coverTerms[k].append((v, 1)) }
                }
            }
            let present = vars.compactMap { $0 }
            convexity.append(model.addConstraint(variables: present, coefficients: present.map { _ in 1 }, lower: 1, upper: 1))
            lambda.append(vars)
        }
        var rows = [Constraint](), under = [Variable](), over = [Variable]()
        for (k, c) in p.cover.enumerated() {
            let u = model.addVariable(lower: 0, upper: .infinity), o = model.addVariable(lower: 0, upper: .infinity)
            under.append(u)
            over.append(o)
            objective.add(u, c.underWeight)
            objective.add(o, c.overWeight)
            let terms = coverTerms[k] + [(u, 1), (o, -1)]
            rows.append(model.addConstraint(variables: terms.map(\.0), coefficients: terms.map(\.1), lower: Double(c.required), upper: Double(c.required)))
        }
        model.minimize(objective)
        return Master(model: model, lambda: lambda, under: under, over: over, convexityRows: convexity, coverRows: rows)
    }
}
