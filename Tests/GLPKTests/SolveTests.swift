import Foundation
import GLPK
import Modeling
import Testing

@Suite struct KnownOptima {
    let solver = GLPKSolver()

    /// max 3x + 2y; x + y <= 4; x + 3y <= 6; x, y >= 0. Optimum x = 4, y = 0, value 12;
    /// the first row's shadow price is 3, the second's 0.
    @Test func smallLPWithDuals() throws {
        var model = Model()
        let x = model.addVariable("x"), y = model.addVariable("y")
        let total = model.addConstraint(x + y <= 4, name: "total")
        model.addConstraint(x + 3 * y <= 6, name: "mix")
        model.maximize(3 * x + 2 * y)
        let s = try solver.solve(model)
        #expect(s.status == .optimal)
        #expect(s.isMIP == false)
        #expect(s.objective == 12)
        #expect(s.bound == 12)
        #expect(s.gap == 0)
        #expect(s[x] == 4)
        #expect(s[y] == 0)
        #expect(s[total] == 4)
        #expect(s.duals == [3, 0])
        #expect(s.reducedCosts?[1] == -1)
    }

    /// min with an objective constant and a ranged row: the constant is part of the value.
    @Test func objectiveConstantAndRangedRow() throws {
        var model = Model()
        let x = model.addVariable("x", lower: -10, upper: 10)
        model.addConstraint(LinearConstraint(2 * x, lower: 3, upper: 8), name: "band")
        model.minimize(x + 100)
        let s = try solver.solve(model)
        #expect(s.objective == 101.5)
        #expect(s[x] == 1.5)
    }

    /// A knapsack whose optimum a brute force over all 2^12 subsets confirms.
    @Test func knapsackMatchesBruteForce() throws {
        let weight = [23, 31, 29, 44, 53, 38, 63, 85, 89, 82, 17, 41]
        let value = [92, 57, 49, 68, 60, 43, 67, 84, 87, 72, 30, 55]
        let capacity = 165
        var best = 0
        for mask in 0..<(1 << weight.count) {
            var w = 0, v = 0
            for k in weight.indices where mask & (1 << k) != 0 { w += weight[k]; v += value[k] }
            if w <= capacity { best = max(best, v) }
        }
        var model = Model()
        let take = (0..<weight.count).map { model.addBinary("take_\($0)") }
        model.addConstraint(variables: take, coefficients: weight.map(Double.init), upper: Double(capacity), name: "weight")
        model.maximize(LinearExpression(terms: zip(take, value.map(Double.init))))
        let s = try solver.solve(model)
        #expect(s.status == .optimal)
        #expect(s.isMIP)
        #expect(s.objective == Double(best))
        let chosen = take.indices.filter { s[take[$0]] == 1 }
        #expect(chosen.map { value[$0] }.reduce(0, +) == best)
        #expect(chosen.map { weight[$0] }.reduce(0, +) <= capacity)
    }

    /// Every branching rule reaches the same proven optimum; the rules differ in the search,
    /// as the node counts show (GLPK takes each rule it is given).
    @Test func everyBranchingRuleProvesTheSameOptimum() throws {
        let (model, _) = generatedGAP(agents: 4, jobs: 16, seed: 7, hard: false)
        let reference = try solver.solve(model, options: SolveOptions(logLevel: .off))
        #expect(reference.status == .optimal)
        var nodes = Set<Int>()
        for rule in Branching.allCases {
            var options = SolveOptions(logLevel: .off)
            options.branching = rule
            let s = try solver.solve(model, options: options)
            #expect(s.status == .optimal, "\(rule)")
            #expect(s.objective == reference.objective, "\(rule)")
            nodes.insert(s.nodes)
        }
        #expect(nodes.count > 1)
    }

    @Test func generalIntegers() throws {
        var model = Model()
        let x = model.addVariable("x", upper: 10, kind: .integer)
        let y = model.addVariable("y", upper: 10, kind: .integer)
        model.addConstraint(2 * x + 3 * y <= 12.5, name: "c")
        model.maximize(3 * x + 4 * y)
        let s = try solver.solve(model)
        #expect(s.objective == 18)  // x = 6, y = 0 (brute force: 3*6 = 18 beats 3*3 + 4*2 = 17)
        #expect(s.values == [6, 0])
    }

    /// GLPK's GLP_BV resets a column's bounds to [0, 1]: a binary fixed at 0 or 1 must stay fixed.
    @Test func fixedBinariesStayFixed() throws {
        var model = Model()
        let x = model.addBinary("x"), y = model.addBinary("y")
        model.addConstraint(x + y <= 1, name: "one")
        model.maximize(2 * x + 1 * y)
        model.fix(x, at: 0)
        let s = try solver.solve(model)
        #expect(s.values == [0, 1])
        model.fix(x, at: 1)
        model.fix(y, at: 1)
        #expect(try solver.solve(model).status == .infeasible)
    }
}

@Suite struct InfeasibleAndUnbounded {
    let solver = GLPKSolver()

    func infeasible(integer: Bool) -> Model {
        var model = Model()
        let x = model.addVariable("x", upper: 10, kind: integer ? .integer : .continuous)
        model.addConstraint(x >= 5, name: "at_least")
        model.addConstraint(x <= 3, name: "at_most")
        model.minimize(LinearExpression(x))
        return model
    }

    func unbounded(integer: Bool) -> Model {
        var model = Model()
        let x = model.addVariable("x", kind: integer ? .integer : .continuous)
        let y = model.addVariable("y")
        model.addConstraint(x - y <= 2, name: "c")
        model.maximize(x + y)
        return model
    }

    @Test(arguments: [false, true], [false, true])
    func infeasibleIsData(integer: Bool, presolve: Bool) throws {
        let s = try solver.solve(infeasible(integer: integer), options: SolveOptions(presolve: presolve))
        #expect(s.status == .infeasible)
        #expect(s.objective == nil)
        #expect(s.values.isEmpty)
        #expect(throws: SolveFailure(status: .infeasible, stop: .completed)) { try s.requireFeasible() }
    }

    @Test(arguments: [false, true], [false, true])
    func unboundedIsData(integer: Bool, presolve: Bool) throws {
        let s = try solver.solve(unbounded(integer: integer), options: SolveOptions(presolve: presolve))
        #expect(s.status == .unbounded)
        #expect(s.objective == nil)
    }

    @Test func integerInfeasibleWithFeasibleRelaxation() throws {
        var model = Model()
        let x = model.addVariable("x", kind: .integer)
        model.addConstraint(LinearConstraint(2 * x, lower: 1, upper: 1), name: "odd")
        model.minimize(LinearExpression(x))
        let s = try solver.solve(model)
        #expect(s.status == .infeasible)
        #expect(SolveFailure(status: s.status, stop: s.stop).description == "the model is infeasible: no solution satisfies all its constraints")
    }
}

@Suite struct LimitsProgressAndCancellation {
    let solver = GLPKSolver()

    @Test func timeLimitReportsIncumbentBoundAndGap() throws {
        let (model, _) = generatedGAP(agents: 10, jobs: 60, seed: 7, hard: true)
        // A first solution found by a node-limited search (the same on every run), so the timed
        // search has an incumbent however slow the machine: only the stop depends on the clock.
        var first = SolveOptions()
        first.nodeLimit = 2000
        let start = try solver.solve(model, options: first)
        try #require(start.hasSolution)
        var options = SolveOptions(timeLimit: 1)
        options.start = Dictionary(uniqueKeysWithValues: (0..<model.variableCount).map { (model.variable(at: $0), start[model.variable(at: $0)].rounded()) })
        let s = try solver.solve(model, options: options)
        #expect(s.stop == .timeLimit)
        #expect(s.status == .feasible)
        let objective = try #require(s.objective)
        let bound = try #require(s.bound)
        let gap = try #require(s.gap)
        #expect(bound < objective)  // minimisation: the bound is below
        #expect(abs(gap - (objective - bound) / objective) < 1e-9)
        #expect(s.nodes > 1)
        #expect(s.seconds < 10)  // the limit is honoured (generous margin: not a speed test)
        // The incumbent really is a solution of the model.
        let assembled = try model.assemble()
        #expect(assembled.violation(of: s.values) == nil)
    }

    @Test func progressAndCancellationKeepTheIncumbent() throws {
        let (model, _) = generatedGAP(agents: 10, jobs: 60, seed: 7, hard: true)
        let flag = CancellationFlag()
        let reports = Reports()
        var options = SolveOptions(timeLimit: 30, progressInterval: 0.05)
        options.cancellation = flag
        options.progress = { p in
            reports.append(p)
            if p.incumbent != nil { flag.cancel() }
        }
        let s = try solver.solve(model, options: options)
        #expect(s.stop == .cancelled)
        #expect(s.status == .feasible)
        let first = try #require(reports.all.first { $0.incumbent != nil })
        #expect(s.objective! <= first.incumbent!)
        #expect(reports.all.allSatisfy { $0.bound != nil })
        #expect(s.seconds < 30)
    }

    @Test func nodeLimitStopsAtTheSameIncumbentEveryTime() throws {
        let (model, _) = generatedGAP(agents: 10, jobs: 60, seed: 7, hard: true)
        var options = SolveOptions(timeLimit: 60)
        options.nodeLimit = 25
        let a = try solver.solve(model, options: options), b = try solver.solve(model, options: options)
        #expect(a.stop == .workLimit)
        #expect(a.nodes >= 25 && a.nodes < 40)
        #expect(a.status == .feasible || a.status == .noSolution)
        #expect(a.objective == b.objective)
        #expect(a.values == b.values)
        #expect(a.bound == b.bound)
        var bad = SolveOptions()
        bad.nodeLimit = 0
        #expect(throws: ModelError.self) { try solver.solve(model, options: bad) }
    }

    @Test func relativeGapStopsEarly() throws {
        let (model, _) = generatedGAP(agents: 10, jobs: 60, seed: 7, hard: true)
        // A node budget, not the clock, guards the search: the gap is reached within it on any machine.
        var options = SolveOptions(relativeGap: 0.05)
        options.nodeLimit = 100_000
        let s = try solver.solve(model, options: options)
        #expect(s.status == .feasible)
        #expect(s.stop == .gapLimit)
        #expect(try #require(s.gap) <= 0.05 + 1e-9)
    }
}

final class Reports: @unchecked Sendable {
    private var items: [SolveProgress] = []
    private let lock = NSLock()
    func append(_ p: SolveProgress) { lock.withLock { items.append(p) } }
    var all: [SolveProgress] { lock.withLock { items } }
}

@Suite struct StartingSolutions {
    let solver = GLPKSolver()

    @Test func infeasibleStartIsRejectedBeforeGLPK() throws {
        let (model, x) = generatedGAP(agents: 3, jobs: 6, seed: 1, hard: false)
        var start = [Variable: Double]()
        for j in 0..<6 { start[x[0][j]] = 1 }  // every job on agent 0: over its capacity
        #expect(throws: ModelError.self) { try solver.solve(model, options: SolveOptions(start: start)) }
        do {
            _ = try solver.solve(model, options: SolveOptions(start: start))
        } catch let error as ModelError {
            #expect(error.kind == .infeasibleStart)
            #expect(error.message.hasPrefix("the starting solution is infeasible: constraint \"cap_0\" (row 7) has activity"))
        }
    }

    @Test func feasibleStartIsTakenAndTheOptimumReached() throws {
        let (model, x) = generatedGAP(agents: 4, jobs: 12, seed: 3, hard: false)
        let plain = try solver.solve(model)
        #expect(plain.status == .optimal)
        // Start from the optimum itself: GLPK must accept it and keep the value.
        var start = [Variable: Double]()
        for row in x { for v in row { start[v] = plain[v] } }
        let s = try solver.solve(model, options: SolveOptions(start: start))
        #expect(s.startAccepted == true)
        #expect(s.status == .optimal)
        #expect(s.objective == plain.objective)
    }
}

@Suite struct TheGuard {
    let solver = GLPKSolver()

    func duplicateEntry() -> RawProblem {
        var raw = RawProblem()
        raw.objective = [1]
        raw.columnKind = [.continuous]
        raw.columnLower = [0]
        raw.columnUpper = [1]
        raw.rowLower = [-.infinity]
        raw.rowUpper = [1]
        raw.rows = [0, 1, 1]
        raw.columns = [0, 1, 1]
        raw.values = [0, 1, 2]
        return raw
    }

    @Test func duplicateMatrixEntryBecomesASwiftErrorAndTheNextSolveWorks() throws {
        #expect(throws: GLPKError.fatal(message: "glp_load_mat: ia[1] = 1; ja[1] = 1; duplicate indices not allowed (api/prob1.c, line 1033)")) {
            try solver.solve(raw: duplicateEntry())
        }
        // Same thread, right after: GLPK's environment was rebuilt.
        var model = Model()
        let x = model.addVariable("x", upper: 3, kind: .integer)
        model.maximize(LinearExpression(x))
        #expect(try solver.solve(model).objective == 3)
        // And again, to show the error path leaves nothing behind.
        #expect(throws: GLPKError.self) { try solver.solve(raw: duplicateEntry()) }
        #expect(try solver.solve(model).objective == 3)
    }

    /// GLPK takes lb > ub without complaint; its simplex then refuses (GLP_EBOUND).
    /// Swift validation stops this long before; the raw layer shows what GLPK does.
    @Test func boundsUpsideDownThroughTheRawLayer() throws {
        var raw = duplicateEntry()
        raw.rows = [0]
        raw.columns = [0]
        raw.values = [0]
        raw.columnLower = [2]
        raw.columnUpper = [1]
        #expect(throws: GLPKError.numericalFailure(code: 4, meaning: "some variables have incorrect bounds (GLP_EBOUND)")) {
            try solver.solve(raw: raw)
        }
    }

    @Test func fatalErrorWhileTheTermOutputIsOffStillCarriesGLPKsMessage() throws {
        #expect(throws: GLPKError.fatal(message: "glp_load_mat: ia[1] = 1; ja[1] = 1; duplicate indices not allowed (api/prob1.c, line 1033)")) {
            try solver.solve(raw: duplicateEntry(), options: SolveOptions(logLevel: .off))
        }
    }

    @Test func provokedErrorFromTheLibraryFacts() {
        #expect(GLPKLibrary.provokeFatalError() == .fatal(message: "glp_load_mat: ia[1] = 1; ja[1] = 1; duplicate indices not allowed (api/prob1.c, line 1033)"))
        #expect(GLPKLibrary.version == "5.0")
        #expect(GLPKLibrary.isReentrant)
    }

    @Test func logIsCapturedNotPrinted() throws {
        var model = Model()
        let x = model.addVariable("x", upper: 2, kind: .integer)
        model.maximize(LinearExpression(x))
        let s = try solver.solve(model)
        #expect(s.log.contains("mip =   2.000000000e+00 <=     tree is empty"))
        let quiet = try solver.solve(model, options: SolveOptions(logLevel: .off))
        #expect(quiet.log.isEmpty)
    }
}

@Suite struct Concurrency {
    @Test func concurrentSolvesEqualSequentialOnes() throws {
        let models = (0..<8).map { generatedGAP(agents: 5, jobs: 25, seed: UInt64(100 + $0), hard: false).0 }
        let sequential = try models.map { try GLPKSolver().solve($0) }
        let results = ResultSlots(count: models.count)
        DispatchQueue.concurrentPerform(iterations: models.count) { k in
            results.set(k, try? GLPKSolver().solve(models[k]))
        }
        for k in models.indices {
            let parallel = try #require(results.get(k))
            #expect(sequential[k].status == .optimal)
            #expect(parallel.status == sequential[k].status)
            #expect(parallel.objective == sequential[k].objective)
            #expect(parallel.values == sequential[k].values)
            #expect(parallel.nodes == sequential[k].nodes)
        }
    }

    @Test func concurrentSolvesInATaskGroup() async throws {
        let models = (0..<4).map { generatedGAP(agents: 4, jobs: 16, seed: UInt64(200 + $0), hard: false).0 }
        let sequential = try models.map { try GLPKSolver().solve($0).objective }
        let parallel = try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
            for (k, model) in models.enumerated() {
                group.addTask { (k, try GLPKSolver().solve(model).objective) }
            }
            var out = [Double?](repeating: nil, count: models.count)
            for try await (k, objective) in group { out[k] = objective }
            return out
        }
        #expect(parallel == sequential)
    }
}

final class ResultSlots: @unchecked Sendable {
    private var slots: [Solution?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ s: Solution?) { lock.withLock { slots[k] = s } }
    func get(_ k: Int) -> Solution? { lock.withLock { slots[k] } }
}
