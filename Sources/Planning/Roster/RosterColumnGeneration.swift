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
/// seen. A roster then comes from diving: the cells (a person's shift or rest on a day) the LP
/// all but decides, or else the cell each of a third of the people leans to most, are pinned,
/// new schedules are priced that keep the pins, and so on until the LP chooses one schedule per
/// person; the planner's GLPK search then re-optimises the last few people the dive pinned where
/// the LP only leaned.
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
    /// The dive may go on until `diveUntil` (else the same deadline).
    func run(iterations maxIterations: Int, prices: [Double]? = nil, diveUntil: Date? = nil, log: ((String) -> Void)? = nil) throws -> Outcome {
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
            guard let round = try generate(center: center, smoothing: smoothing) else { break }
            lpValue = round.lpValue
            if let lagrangian = round.lagrangian, lagrangian > bound { (bound, center) = (lagrangian, round.prices) }
            log?("column generation \(iteration): LP \(lpValue), bound \(bound), \(round.added) new schedules")
            if bound >= lpValue - 1e-6 { converged = true; break }
            if round.added == 0 {
                if smoothing > 0 { smoothing = 0; continue }
                if round.lagrangian != nil { converged = true; bound = max(bound, lpValue); break }
            }
        }
        if let diveUntil { deadline = diveUntil }
        let dived = try dive(maxIterations: maxIterations, log: log)
        return Outcome(bound: bound, lpValue: lpValue, dive: dived, iterations: iteration, converged: converged,
                       columns: columns.reduce(0) { $0 + $1.count })
    }

    /// Pins cells (a person's shift or rest on a day) until the master chooses one schedule
    /// per person: every cell the master all but decides (0.99 of its weight on one choice) is
    /// pinned, or else the cells it leans to most (of a third of the people, one each); schedules
    /// that break a pin leave the master and pricing respects them; up to ``diveRounds`` pricing
    /// rounds follow each step. A cell is never pinned against every schedule the master holds,
    /// so each person keeps one that meets their rules.
    /// Also the people who got the last pins the master only leaned to (where it had least room
    /// to choose), at most ``finishPeople``, for a search to re-optimise. nil when the master
    /// could not be solved or the time ran out.
    private func dive(maxIterations: Int, log: ((String) -> Void)?) throws -> Dive? {
        let P = problem.people.count, D = problem.days, T = problem.shiftCount
        var pins = [[Int]](repeating: [Int](repeating: Self.unpinned, count: D), count: P)
        var rounds = 0, pinned = 0
        var leaned = [Int]()
        while !outOfTime() {
            var lambdas: [[Double]]?, value = 0.0
            for _ in 0..<Self.diveRounds {
                rounds += 1
                guard let round = try generate(pins: pins), rounds <= 20 * maxIterations else { return nil }
                (lambdas, value) = (round.lambdas, round.lpValue)
                if round.added == 0 { break }
            }
            guard let lambdas else { return nil }
            let chosen = (0..<P).map { q in lambdas[q].firstIndex { $0 > 0.99 } }
            if !chosen.contains(nil) {
                log?("dive: \(pinned) cells pinned, master \(value)")
                var last = [Int]()
                for q in leaned.reversed() where !last.contains(q) && last.count < Self.finishPeople { last.append(q) }
                return Dive(grid: (0..<P).map { columns[$0][chosen[$0]!] }, free: last.sorted())
            }
            // Choice c of a cell: -1 rest, else the shift. Per person, the cell it leans to most.
            var leans = [(q: Int, d: Int, choice: Int, weight: Double)](), any = false
            for q in 0..<P where chosen[q] == nil {
                var lean: (q: Int, d: Int, choice: Int, weight: Double)?
                for d in 0..<D where pins[q][d] == Self.unpinned {
                    var weight = [Double](repeating: 0, count: T + 1)
                    for (j, l) in lambdas[q].enumerated() where l > 1e-9 { weight[(columns[q][j][d] ?? -1) + 1] += l }
                    let c = weight.indices.max { (weight[$0], -$0) < (weight[$1], -$1) }!
                    if weight[c] > 0.99 {
                        pins[q][d] = c - 1
                        pinned += 1
                        any = true
                    } else if lean == nil || weight[c] > lean!.weight {
                        lean = (q, d, c - 1, weight[c])
                    }
                }
                if let lean { leans.append(lean) }
            }
            // Nothing all but decided: the leaned-to cells of the people leaning most, one each,
            // a third of the people at a time (at least one).
            if !any {
                for lean in leans.sorted(by: { ($0.weight, -$0.q) > ($1.weight, -$1.q) }).prefix(max(1, P / Self.leanShare)) {
                    pins[lean.q][lean.d] = lean.choice
                    pinned += 1
                    leaned.append(lean.q)
                }
            }
            log?("dive: \(pinned) cells pinned, master \(value)")
        }
        return nil
    }

    /// A cell the dive has not pinned.
    static let unpinned = -2

    /// A step of a dive that finds nothing all but decided pins a cell of one in this many people.
    static let leanShare = 3
    /// Pricing rounds at most after each step of a dive.
    static let diveRounds = 2

    /// The people a dive leaves for a search to re-optimise.
    static let finishPeople = 8

    /// A dive's roster, and the people who got its last leaned-to pins.
    struct Dive {
        var grid: RosterGrid
        var free: [Int]
    }

    /// One round: the master LP over the known schedules (with a dive's `pins`, those that keep
    /// them), then each person's cheapest schedules at the cover prices: the master's duals, or
    /// with `smoothing` > 0 that share of `center` blended in. A schedule enters when its
    /// reduced cost at the master's duals is negative. The Lagrangian bound at the prices is
    /// given when nothing is pinned and every person was priced exactly.
    private func generate(pins: [[Int]]? = nil, center: [Double]? = nil, smoothing: Double = 0) throws
        -> (lpValue: Double, lambdas: [[Double]], added: Int, lagrangian: Double?, prices: [Double])? {
        let p = problem, P = p.people.count
        let master = buildMaster(fixed: [Int?](repeating: nil, count: P), pins: pins, binary: false)
        let lp = try solver.solve(master.model, options: SolveOptions(timeLimit: timeLeft(), logLevel: .off))
        guard lp.status == .optimal, let value = lp.objective, let duals = lp.duals else { return nil }
        let mu = master.convexityRows.map { duals[$0.index] }
        let duty = master.coverRows.map { duals[$0.index] }
        let pi = center.map { c in zip(c, duty).map { smoothing * $0 + (1 - smoothing) * $1 } } ?? duty
        var lagrangian = coverValue(pi)
        var complete = pins == nil, added = 0
        var lambdas = [[Double]]()
        for q in 0..<P {
            lambdas.append(columns[q].indices.map { j in master.lambda[q][j].map { lp[$0] } ?? 0 })
        }
        for q in 0..<P {
            guard let found = try price(q, pi, pins: pins?[q]) else { complete = false; continue }
            if let low = found.bound { lagrangian += low } else { complete = false }
            for (k, schedule) in ([found.schedule] + found.more).enumerated() {
                let reduced = center == nil && k == 0 ? found.cost : reducedCost(q, schedule, duty)
                if reduced < mu[q] - 1e-6, seen[q].insert(schedule.map { $0 ?? -1 }).inserted {
                    columns[q].append(schedule)
                    added += 1
                }
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
    /// and the schedule; nil when none was found. By dynamic programming, also the cheapest
    /// schedules of other end states (`more`, at most ``schedulesPerPricing`` - 1 of them).
    /// With `pins` (a dive's, per day), only schedules that keep them, and only by dynamic
    /// programming: a person priced by GLPK gets no new schedules in a dive (the master keeps
    /// those of theirs that keep the pins, at least one).
    private func price(_ q: Int, _ pi: [Double], pins: [Int]? = nil) throws -> (cost: Double, bound: Double?, schedule: [Int?], more: [[Int?]])? {
        let p = problem, D = p.days
        let cells = cellPrices(q, pi)
        var shiftCost = cells.shift, offCost = cells.off
        if pricers[q].stateCount != nil {
            for (d, c) in (pins ?? []).enumerated() where c != Self.unpinned {
                if c >= 0 { offCost[d] = Self.barred }
                for t in 0..<p.shiftCount where t != c { shiftCost[d][t] = Self.barred }
            }
            let found = pricers[q].cheapest(shiftCost: shiftCost, offCost: offCost, count: Self.schedulesPerPricing)
                .filter { $0.cost < Self.barred / 2 }
            return found.first.map { ($0.cost, $0.cost, $0.schedule, found.dropFirst().map(\.schedule)) }
        }
        if pins != nil { return nil }
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
        return (value, priced.status == .optimal ? value : nil, schedule, [])
    }

    /// The price of a choice a pin rules out.
    static let barred = 1e12

    /// Schedules one pricing of a person may add (the cheapest and others of different end states).
    static let schedulesPerPricing = 4

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
            for schedule in [found.schedule] + found.more where seen[q].insert(schedule.map { $0 ?? -1 }).inserted { columns[q].append(schedule) }
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

    /// Whether `schedule` keeps every pin of `pins`.
    static func keeps(_ schedule: [Int?], _ pins: [Int]) -> Bool {
        zip(schedule, pins).allSatisfy { $1 == unpinned || ($0 ?? -1) == $1 }
    }

    struct Master {
        var model: Model
        /// Per person and known schedule, its variable (nil: left out, the person is fixed to
        /// another, or the schedule breaks a dive's pin).
        var lambda: [[Variable?]]
        var under: [Variable]
        var over: [Variable]
        var convexityRows: [Constraint]
        var coverRows: [Constraint]
    }

    func buildMaster(fixed: [Int?], pins: [[Int]]? = nil, binary: Bool) -> Master {
        let p = problem
        var model = Model(name: "roster-master")
        var objective = LinearExpression()
        var lambda = [[Variable?]]()
        var convexity = [Constraint]()
        var coverTerms = [[(Variable, Double)]](repeating: [], count: p.cover.count)
        for (q, schedules) in columns.enumerated() {
            var vars = [Variable?]()
            for (j, s) in schedules.enumerated() {
                guard fixed[q] == nil || fixed[q] == j, pins.map({ Self.keeps(s, $0[q]) }) ?? true else { vars.append(nil); continue }
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
