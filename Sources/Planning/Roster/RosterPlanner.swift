import Foundation
import Modeling

/// Builds a roster, bounds it, and improves it by neighbourhood search around GLPK.
///
/// 1. **A schedule per person.** Every hard rule is one person's, so person by person (in table
///    order) each gets their best schedule given the others, exactly by dynamic programming
///    (``SchedulePricer``; on long horizons a beam of it), or by GLPK where the states are too
///    many; then best responses (``RosterDescent``) until nobody improves alone. Where a person's
///    rules cannot all hold (leave and maxima leave too few minutes), their minimum minutes is
///    lowered to the most they can reach and the plan names the rule. Any mix of such schedules
///    is a roster: the first incumbent.
/// 2. **Bounds.** On horizons up to eight weeks the compact model's LP (capped at a quarter of
///    the time), the head-count bound (``RosterAggregateBound``) and the Dantzig-Wolfe bound by
///    column generation (``RosterColumnGeneration``), whose dive also gives a roster. On longer
///    ones the head-count bound and the Lagrangian bound (``RosterLagrangianBound``), whose cover
///    prices also give a roster (each person's best schedule at them, then best responses).
/// 3. **Neighbourhoods.** Round after round a neighbourhood is freed and the rest fixed: a
///    group of people over the whole horizon (eight weeks of it on long ones), everyone over a
///    window of days, and every third round (where column generation ran) a group of eight
///    re-chosen among the schedules it found. GLPK re-optimises from the incumbent (a start, so
///    never worse) within a node budget; the size grows while GLPK proves its neighbourhoods and
///    shrinks when it runs out of nodes; best responses follow. Choices come from a seeded
///    random source, so the same input and work limit give the same plan.
/// 4. **Proof.** A roster small enough is then searched whole from the incumbent with the time
///    or work left, which raises the bound and may prove the plan optimal.
///
/// The search stops at the time limit, the work limit, once within `solver.gap` of the bound,
/// or after rounds without improvement. `solver.work_limit` counts neighbourhood rounds here
/// (each round at most ``RosterPlanner/roundNodes`` nodes; the whole search in step 4 at most
/// 2 nodes a round); with it no step is cut by its share of the time (the time limit then only
/// guards), so the plan does not depend on the machine's speed.
public enum RosterPlanner {
    /// States a day keeps when a person's schedule is built by a beam (long horizons).
    static let beamWidth = 600
    /// Nodes one neighbourhood may use.
    static let roundNodes = 400
    /// Horizons up to this many days get the column generation bound (a person's schedule is
    /// then a small integer program).
    static let columnGenerationDays = 56
    /// Nodes GLPK may use to re-optimise the people a column generation dive pinned last.
    static let finishNodes = 2000
    /// Subgradient iterations of the Lagrangian bound on long horizons (``RosterLagrangianBound``).
    static let lagrangianIterations = 1500
    /// A roster with at most this many cells (people × days × shifts) is searched whole at the end.
    static let wholeSearchCells = 6000

    public static func plan(_ problem: RosterProblem, solver: any PlanSolver, settings: SolverSettings,
                            progress: (@Sendable (String) -> Void)? = nil) throws -> RosterPlan {
        let started = Date()
        settings.progress?.begin(plan: "roster", components: 1)
        var search = RosterSearch(problem: problem, solver: solver, settings: settings, progress: progress, started: started)
        try search.firstRoster()
        try search.bounds()
        try search.neighbourhoods()
        return try search.finish()
    }

    /// A bound every roster meets: each cover line short of the people who could work it at all
    /// (counting for it, not on leave) costs at least that shortfall.
    static func forcedShortage(_ p: RosterProblem) -> Double {
        p.cover.reduce(0.0) { sum, c in
            let available = c.people.filter { !p.people[$0].leave.contains(c.day) }.count
            return sum + c.underWeight * Double(max(0, c.required - available))
        }
    }

    /// Options of a GLPK search within a node budget (and the time left). A person's model over
    /// a long `horizon` branches on the most fractional variable: GLPK's own rule looks at the
    /// simplex table for every fractional variable (on a year's model most of the search's time
    /// went there), and GLPK reads the clock only between nodes.
    static func options(nodes: Int?, time: Double?, horizon: Int = 0) -> SolveOptions {
        var o = SolveOptions(timeLimit: time, logLevel: .off)
        o.nodeLimit = nodes
        if horizon > columnGenerationDays { o.branching = .mostFractional }
        return o
    }

    /// The most minutes person q can work under their other rules (0 when none is found), and
    /// whether GLPK proved it the most.
    static func mostMinutes(_ q: Int, formulation: RosterFormulation, grid: RosterGrid, solver: any PlanSolver,
                            time: Double?) throws -> (minutes: Int, proven: Bool) {
        var lowered = formulation.minMinutes
        lowered[q] = 0
        let f = RosterFormulation(problem: formulation.problem, minMinutes: lowered)
        var built = f.build(free: [q], window: 0..<formulation.problem.days, fixed: grid)
        var minutes = LinearExpression()
        for cells in built.x[q] {
            for (t, v) in cells.enumerated() { if let v { minutes.add(v, Double(formulation.problem.shifts[t].minutes)) } }
        }
        built.model.maximize(minutes)
        let solution = try solver.solve(built.model, options: options(nodes: 20_000, time: time, horizon: formulation.problem.days))
        guard solution.hasSolution else { return (0, false) }
        // The bound rounded down: a proof only when the search closed (every shift's minutes are whole).
        return (Int((solution.objective ?? 0).rounded(.down)), solution.status == .optimal)
    }

    /// The most minutes a beam of the dynamic program finds for person q with their minimum set
    /// aside (every other rule kept): minutes a schedule reaches, not a proof that no schedule
    /// reaches more. For long horizons, where GLPK on the person's year-long model may find none.
    static func mostMinutesByBeam(_ q: Int, _ p: RosterProblem) -> Int? {
        let pricer = SchedulePricer(problem: p, person: q, minMinutes: 0)
        let shiftCost = [[Double]](repeating: p.shifts.map { -Double($0.minutes) }, count: p.days)
        return pricer.good(shiftCost: shiftCost, offCost: [Double](repeating: 0, count: p.days), width: beamWidth).map { Int(-$0.cost) }
    }

    /// The people and days freed in one round: alternately a group of people over the whole
    /// horizon (or a window of it on long horizons) and everyone over a window of days, sized
    /// to about `cells` free cells.
    static func neighbourhood(_ p: RosterProblem, round: Int, cells: Int, rng: inout SeededRandom) -> ([Int], Range<Int>) {
        let P = p.people.count, D = p.days, T = p.shiftCount
        let perPersonDay = max(1, T)
        if round % 2 == 1 || P == 1 {
            // A group of people; on a long horizon, over a window of about 8 weeks.
            let span = min(D, 56)
            let first = span == D ? 0 : rng.int(0...(D - span))
            let size = min(P, max(2, cells / (span * perPersonDay)))
            var people = Array(0..<P)
            for k in 0..<size { people.swapAt(k, k + rng.int(0...(P - 1 - k))) }
            return (Array(people.prefix(size)).sorted(), first..<first + span)
        }
        // Everyone over a window of days.
        let span = min(D, max(2, cells / (P * perPersonDay)))
        let first = span == D ? 0 : rng.int(0...(D - span))
        return (Array(0..<P), first..<first + span)
    }
}

/// The state of one roster search as it goes through the steps of ``RosterPlanner``: the
/// incumbent roster and its penalty, the bound, the people's minimum minutes as lowered.
private struct RosterSearch {
    let problem: RosterProblem
    let solver: any PlanSolver
    let settings: SolverSettings
    let progress: (@Sendable (String) -> Void)?
    let started: Date
    let deadline: Date?
    var minMinutes: [Int]
    /// Whether each lowered minimum is proven the most the person can work (else the most found).
    var reachProven: [Bool]
    var formulation: RosterFormulation
    var descent: RosterDescent
    var grid: RosterGrid
    var best = 0.0
    /// The best proven bound; with whole weights every penalty is whole, so it rounds up (less a
    /// margin for the LP's rounding errors: 1817.5 is 1818, 1817.00001 stays 1817.00001).
    var bound = -Double.infinity {
        didSet {
            guard wholeWeights, bound.isFinite else { return }
            let up = (bound - 1e-5 * max(1, abs(bound))).rounded(.up)
            if up > bound { bound = up }
        }
    }
    let wholeWeights: Bool
    var columnSearch: RosterColumnGeneration?
    /// The cover lines' duals in the compact model's LP (column generation starts from them).
    var coverPrices: [Double]?
    var rounds = 0, sinceImprovement = 0

    init(problem: RosterProblem, solver: any PlanSolver, settings: SolverSettings, progress: (@Sendable (String) -> Void)?, started: Date) {
        self.problem = problem
        self.solver = solver
        self.settings = settings
        self.progress = progress
        self.started = started
        deadline = settings.timeLimit.map { started.addingTimeInterval($0) }
        minMinutes = problem.people.map { min($0.minMinutes, $0.maxMinutes) }
        wholeWeights = problem.wholeWeights
        reachProven = problem.people.map { _ in true }
        formulation = RosterFormulation(problem: problem, minMinutes: minMinutes)
        grid = RosterGrid(repeating: [Int?](repeating: nil, count: problem.days), count: problem.people.count)
        descent = RosterDescent(problem: problem, minMinutes: minMinutes)
    }

    var board: PlanProgress? { settings.progress }
    var P: Int { problem.people.count }
    var D: Int { problem.days }
    /// People × days × shifts.
    var cells: Int { P * D * problem.shiftCount }
    var maxRounds: Int { settings.workLimit ?? Int.max }
    func timeLeft() -> Double? { deadline.map { max(0.05, $0.timeIntervalSinceNow) } }
    /// Person q's share of the time left while the first roster is built: the people still to
    /// schedule and the search after them share it equally, so one person whose rules cannot
    /// all hold (GLPK searching a year's model for them) does not leave the others to be
    /// scheduled past the limit.
    func firstRosterShare(_ q: Int) -> Double? { timeLeft().map { max(0.05, $0 / Double(P - q + 1)) } }
    func outOfTime() -> Bool { deadline.map { Date() >= $0 } ?? false }
    /// When a step given `fraction` of the time left must end. With a work limit the time limit
    /// only guards (the same plan on every run, however fast the machine), so a step then ends
    /// at the deadline only; its own node or round budget ends it first.
    func stepDeadline(_ fraction: Double) -> Date? {
        guard let deadline else { return nil }
        if settings.workLimit != nil { return deadline }
        return Date().addingTimeInterval(max(0.05, deadline.timeIntervalSinceNow * fraction))
    }
    /// The seconds of ``stepDeadline(_:)``.
    func stepTime(_ fraction: Double) -> Double? { stepDeadline(fraction).map { max(0.05, $0.timeIntervalSinceNow) } }
    /// Within the gap asked for of the bound.
    func closed() -> Bool { best - bound <= max(1e-6, (settings.gap ?? 0) * abs(best)) + 1e-9 }
    func proven() -> Bool { best - bound <= 1e-6 }

    /// 1. Each person alone, the others fixed: exactly by dynamic programming where the
    /// person's rules allow, else by GLPK; then best responses until nobody improves alone.
    mutating func firstRoster() throws {
        for q in 0..<P {
            if let r = descent.bestResponse(q, grid, beam: RosterPlanner.beamWidth) {
                grid[q] = r.schedule
                continue
            }
            try scheduleByGLPK(q)
        }
        // Best responses for a quarter of the time at most: on many shift types each sweep prices
        // everyone over a large state space, and the bounds and searches need the rest.
        descent.improve(&grid, until: stepDeadline(1.0 / 4))
        best = RosterEvaluation(problem, grid).total
        progress?("first roster: penalty \(best)")
        board?.phase("bounds", incumbent: best)
    }

    /// Person q's schedule by GLPK, the others fixed. Where the person's rules cannot all hold
    /// (or no roster was found for them within the budget), their minimum is lowered to the
    /// most minutes they can work; where even that finds nothing, they stay off.
    mutating func scheduleByGLPK(_ q: Int) throws {
        var built = formulation.build(free: [q], window: 0..<D, fixed: grid)
        var solution = try solver.solve(built.model, options: RosterPlanner.options(nodes: 2000, time: firstRosterShare(q), horizon: D))
        if !solution.hasSolution {
            // On long horizons a beam finds the minutes a schedule reaches (and then the schedule)
            // far sooner than GLPK on the person's year-long model.
            let long = D > RosterPlanner.columnGenerationDays
            let byBeam = long ? RosterPlanner.mostMinutesByBeam(q, problem) : nil
            let reach = try byBeam.map { ($0, false) }
                ?? RosterPlanner.mostMinutes(q, formulation: formulation, grid: grid, solver: solver, time: firstRosterShare(q))
            if reach.0 < minMinutes[q] { (minMinutes[q], reachProven[q]) = (reach.0, reach.1) }
            formulation = RosterFormulation(problem: problem, minMinutes: minMinutes)
            descent.pricers[q] = SchedulePricer(problem: problem, person: q, minMinutes: minMinutes[q])
            if long, let r = descent.bestResponse(q, grid, beam: RosterPlanner.beamWidth) {
                grid[q] = r.schedule
                return
            }
            built = formulation.build(free: [q], window: 0..<D, fixed: grid)
            solution = try solver.solve(built.model, options: RosterPlanner.options(nodes: 2000, time: firstRosterShare(q), horizon: D))
        }
        if solution.hasSolution {
            grid = formulation.grid(built, { solution[$0] }, fixed: grid)
        } else {
            // Off every day meets every other rule: the person stays off, the minimum named.
            (minMinutes[q], reachProven[q]) = (0, false)
            formulation = RosterFormulation(problem: problem, minMinutes: minMinutes)
            descent.pricers[q] = SchedulePricer(problem: problem, person: q, minMinutes: 0)
        }
    }

    /// 2. The bound: the compact model's LP, the head-count bound, then (when the horizon is
    /// short enough for each person's schedule to be priced quickly) the Dantzig-Wolfe bound by
    /// column generation, whose restricted master also gives a roster; on longer horizons the
    /// Lagrangian bound instead of the LP (which GLPK takes minutes over) and column generation.
    mutating func bounds() throws {
        // Past the time limit: only the bound no roster escapes (the LP would run on past it).
        if outOfTime() {
            bound = RosterPlanner.forcedShortage(problem)
            return
        }
        // On long horizons, the Lagrangian bound instead of an LP (which GLPK takes minutes over).
        if D > RosterPlanner.columnGenerationDays {
            bound = RosterPlanner.forcedShortage(problem)
            try lagrangianBound()
            return
        }
        let relaxed = formulation.build(free: Array(0..<P), window: 0..<D, fixed: grid, relax: true)
        // The LP may take a quarter of the time left at most; without it the bound is the cover
        // no roster can give: people missing where fewer can work a line than it needs. Then
        // the head-count bound (``RosterAggregateBound``), tiny, often stronger on long horizons.
        let lpTime = stepTime(1.0 / 4)
        let lp = try solver.solve(relaxed.model, options: SolveOptions(timeLimit: lpTime, logLevel: .off))
        if lp.status == .optimal, let value = lp.objective {
            bound = value
            coverPrices = formulation.coverPrices(relaxed, lp)
        } else {
            bound = RosterPlanner.forcedShortage(problem)
        }
        progress?("LP bound \(bound)")
        if let heads = try RosterAggregateBound.value(problem, minMinutes: minMinutes, solver: solver, time: timeLeft()) {
            bound = max(bound, heads)
            progress?("head-count bound \(heads)")
        }
        board?.phase("column generation", bound: bound)
        if D <= RosterPlanner.columnGenerationDays && !outOfTime() { try columnGeneration() }
        board?.phase("neighbourhood search", incumbent: best, bound: bound)
    }

    /// Long horizons: the head-count bound, then the Lagrangian bound (``RosterLagrangianBound``)
    /// with at most a third of the time left (on a year the bound, more than the roster, decides
    /// the gap: the neighbourhoods after it gain about 1 %).
    mutating func lagrangianBound() throws {
        if let heads = try RosterAggregateBound.value(problem, minMinutes: minMinutes, solver: solver, time: timeLeft()) {
            bound = max(bound, heads)
            progress?("head-count bound \(heads)")
        }
        board?.phase("Lagrangian bound", bound: bound)
        if !outOfTime(), let l = RosterLagrangianBound.value(problem, minMinutes: minMinutes, target: best,
                                                             iterations: RosterPlanner.lagrangianIterations,
                                                             until: stepDeadline(1.0 / 3), log: progress) {
            bound = max(bound, l.bound)
            progress?("Lagrangian bound \(l.bound) after \(l.iterations) iterations")
            pricedRoster(l.prices)
        }
        board?.phase("neighbourhood search", incumbent: best, bound: bound)
    }

    /// A roster from the Lagrangian's cover prices: each person's best schedule at them (every
    /// rule kept; a beam where the states are too many), as if the others staffed the lines as
    /// the prices foresee; then best responses until nobody improves alone (six sweeps on the
    /// generated year), within a third of the time left. Replaces the incumbent when better.
    mutating func pricedRoster(_ prices: [Double]) {
        var candidate = grid
        for q in 0..<P {
            if outOfTime() { return }
            var cost = problem.requestPrices(of: q)
            for (k, c) in problem.cover.enumerated() where c.people.contains(q) { cost.shift[c.day][c.shift] -= prices[k] }
            let pricer = descent.pricers[q]
            let found = pricer.stateCount != nil ? pricer.cheapest(shiftCost: cost.shift, offCost: cost.off)
                : pricer.good(shiftCost: cost.shift, offCost: cost.off, width: RosterPlanner.beamWidth)
            if let found { candidate[q] = found.schedule }
        }
        progress?("priced roster: penalty \(RosterEvaluation(problem, candidate).total)")
        descent.improve(&candidate, until: stepDeadline(1.0 / 3), beam: RosterPlanner.beamWidth)
        let value = RosterEvaluation(problem, candidate).total
        progress?("priced roster after best responses: penalty \(value)")
        if value < best - 1e-9 { (best, grid) = (value, candidate) }
    }

    /// The Dantzig-Wolfe bound, with at most half the time left, and its dive with at most three
    /// quarters (the neighbourhoods get the rest); the dive's roster replaces the incumbent when
    /// better.
    mutating func columnGeneration() throws {
        let share = stepDeadline(1.0 / 2)
        let generation = RosterColumnGeneration(problem: problem, formulation: formulation, solver: solver, start: grid, deadline: share)
        let cg = try generation.run(iterations: 1000, prices: coverPrices, diveUntil: stepDeadline(3.0 / 4), log: progress)
        generation.deadline = deadline
        columnSearch = generation
        bound = max(bound, cg.bound)
        if let dive = cg.dive, var found = try finish(dive) {
            descent.improve(&found, until: deadline)
            let value = RosterEvaluation(problem, found).total
            if value < best - 1e-9 { best = value; grid = found }
        }
        progress?("column generation: \(cg.iterations) rounds, \(cg.columns) schedules, bound \(bound), roster \(best)")
    }

    /// The people a dive pinned last where the master only leaned (where it had least room to
    /// choose), searched by GLPK over the whole horizon with everyone else's schedule as the
    /// dive left it, from the dive's roster (so never worse than it), within
    /// ``RosterPlanner/finishNodes`` nodes and a quarter of the time left.
    func finish(_ dive: RosterColumnGeneration.Dive) throws -> RosterGrid? {
        guard !dive.free.isEmpty else { return dive.grid }
        let built = formulation.build(free: dive.free, window: 0..<D, fixed: dive.grid)
        var o = RosterPlanner.options(nodes: RosterPlanner.finishNodes, time: stepTime(1.0 / 4))
        o.start = formulation.start(built, dive.grid)
        o.cuts = [.mixedIntegerRounding, .clique]
        let solution = try solver.solve(built.model, options: o)
        return solution.hasSolution ? formulation.grid(built, { solution[$0] }, fixed: dive.grid) : dive.grid
    }

    /// 3. Neighbourhoods, round after round, until a limit, the gap, or a stall: every third
    /// round (where column generation ran) a group of people re-chosen among the schedules it
    /// found, else a neighbourhood re-optimised by GLPK, its size grown while GLPK proves them
    /// and shrunk when it runs out of nodes.
    mutating func neighbourhoods() throws {
        var rng = SeededRandom(seed: 20_261_123)
        // Start with about four people over four weeks; grown and shrunk as GLPK fares.
        var target = Double(min(cells, 4 * min(D, 28) * problem.shiftCount))
        let stall = max(60, 3 * P)
        while rounds < maxRounds && !outOfTime() && !closed() && sinceImprovement < stall {
            rounds += 1
            let (free, window) = RosterPlanner.neighbourhood(problem, round: rounds, cells: Int(target), rng: &rng)
            // Every third round, where column generation ran: a group of people re-chosen among
            // the schedules it found (a small integer program over whole schedules).
            if let columnSearch, rounds % 3 == 0 {
                var people = Array(0..<P)
                for k in 0..<min(P, 8) { people.swapAt(k, k + rng.int(0...(P - 1 - k))) }
                let group = Array(people.prefix(min(P, 8))).sorted()
                let found = try columnSearch.reassign(grid, free: group, nodes: RosterPlanner.roundNodes)
                consider(found, "schedules of \(group.count) people")
                continue
            }
            let proved = try neighbourhoodRound(free: free, window: window)
            target = proved ? min(Double(cells), target * 1.15) : max(Double(2 * D), target * 0.7)
        }
    }

    /// One neighbourhood re-optimised by GLPK from the incumbent within the round's nodes;
    /// whether GLPK proved it.
    mutating func neighbourhoodRound(free: [Int], window: Range<Int>) throws -> Bool {
        let built = formulation.build(free: free, window: window, fixed: grid)
        var o = RosterPlanner.options(nodes: RosterPlanner.roundNodes, time: timeLeft())
        o.start = formulation.start(built, grid)
        o.cuts = [.mixedIntegerRounding, .clique]
        let solution = try solver.solve(built.model, options: o)
        let found = solution.hasSolution ? formulation.grid(built, { solution[$0] }, fixed: grid) : nil
        consider(found, "\(free.count) people, days \(window.lowerBound)-\(window.upperBound - 1)")
        return solution.status == .optimal
    }

    /// A roster a round found, polished by best responses: kept when no worse (sideways moves
    /// help the search), counted as progress when better.
    mutating func consider(_ found: RosterGrid?, _ what: @autoclosure () -> String) {
        guard var candidate = found else { sinceImprovement += 1; return }
        descent.improve(&candidate, sweeps: 2, until: deadline)
        let value = RosterEvaluation(problem, candidate).total
        if value < best - 1e-9 {
            best = value
            sinceImprovement = 0
            progress?("round \(rounds): penalty \(best) (\(what()))")
            board?.phase("neighbourhood round \(rounds)", incumbent: best)
        } else {
            sinceImprovement += 1
        }
        if value <= best + 1e-9 { grid = candidate }
    }

    /// 4. The whole roster from the incumbent when small enough; then the plan. Optimal when
    /// the bound meets the penalty; else feasible, with why the search stopped (the gap asked
    /// for, a limit, or its own rule: no improvement for a while).
    mutating func finish() throws -> RosterPlan {
        var stop: StopReason = outOfTime() ? .timeLimit : rounds >= maxRounds ? .workLimit : closed() ? .gapLimit : .completed
        if !closed() && cells <= RosterPlanner.wholeSearchCells && !outOfTime() { stop = try wholeSearch() }
        let status: TerminationStatus = proven() ? .optimal : .feasible
        if proven() { stop = .completed; bound = best } else if closed() { stop = .gapLimit }
        return RosterPlan(problem: problem, grid: grid, minMinutes: minMinutes, reachProven: reachProven, status: status, stop: stop,
                          bound: bound.isFinite ? bound : 0, rounds: rounds, seconds: Date().timeIntervalSince(started))
    }

    /// The whole roster searched from the incumbent with the time or work left; it raises the
    /// bound and may prove the plan optimal. Why it stopped.
    mutating func wholeSearch() throws -> StopReason {
        let built = formulation.build(free: Array(0..<P), window: 0..<D, fixed: grid)
        var o = RosterPlanner.options(nodes: settings.workLimit.map { max(1, 2 * $0) } ?? (deadline == nil ? 200_000 : nil), time: timeLeft())
        o.start = formulation.start(built, grid)
        o.cuts = [.mixedIntegerRounding, .clique, .cover]
        o.relativeGap = settings.gap
        let solution = try solver.solve(built.model, options: o)
        if let b = solution.bound { bound = max(bound, b) }
        if solution.hasSolution {
            let candidate = formulation.grid(built, { solution[$0] }, fixed: grid)
            let value = RosterEvaluation(problem, candidate).total
            if value < best - 1e-9 { best = value; grid = candidate }
        }
        if solution.status == .optimal { bound = best }
        return solution.stop
    }
}
