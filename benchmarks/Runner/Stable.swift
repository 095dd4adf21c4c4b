import CareModel
import Foundation
import GLPK
import Modeling
import Planning

// careplan-bench stable --out FILE [--sizes 300,2000] [--glpk-limit 60]
//
// Stable buddies with complete rank lists: one grade where each of n children ranks all n
// helpers and each helper ranks all n children (random lists, seed 1, capacity 1). careplan's
// buddy plan in stable mode (tables in memory to plan, one thread) for each objective, and
// next to it plain GLPK on the stable-matching integer program the plan used before (the same
// model as BuddyFormulation, built here with the modelling API), egalitarian, under a time limit.

struct CompleteLists {
    let n: Int
    var childLists: [[Int]] = [], helperLists: [[Int]] = []

    init(n: Int, seed: UInt64) {
        self.n = n
        // The generator's stream from `seed` as it is (the instances in RESULTS.md come from it).
        var rng = SeededRandom(state: seed)
        func next(_ bound: Int) -> Int { rng.int(0...(bound - 1)) }
        func shuffled() -> [Int] {
            var a = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { a.swapAt(i, next(i + 1)) }
            return a
        }
        childLists = (0..<n).map { _ in shuffled() }
        helperLists = (0..<n).map { _ in shuffled() }
    }

    /// The tables in memory, as a scenario's reader gives them (not timed).
    func data() -> BuddyData {
        let students = (0..<n).map { Student(id: "C\($0)", schoolID: "SCH", grade: 3, classID: "A", gender: nil, difficulty: [.poverty], riskLevel: 0, communityID: "") }
            + (0..<n).map { Student(id: "H\($0)", schoolID: "SCH", grade: 3, classID: "B", gender: nil, difficulty: [], riskLevel: 0, communityID: "") }
        var childRanks = [String: [String]](), helperRanks = [String: [String]]()
        for c in 0..<n { childRanks["C\(c)"] = childLists[c].map { "H\($0)" } }
        for h in 0..<n { helperRanks["H\(h)"] = helperLists[h].map { "C\($0)" } }
        return BuddyData(students: students, requests: (0..<n).map { BuddyRequest(studentID: "C\($0)") },
                         helpers: (0..<n).map { Helper(studentID: "H\($0)") }, childRanks: childRanks, helperRanks: helperRanks)
    }

    func problem(_ objective: BuddyPolicy.StableObjective, data: BuddyData) throws -> BuddyProblem {
        var policy = BuddyPolicy()
        policy.mode = .stable
        policy.stableObjective = objective
        return try BuddyProblem(data: data, policy: policy)
    }

    /// The stable-matching integer program, egalitarian (as BuddyFormulation writes it).
    func integerProgram() -> Model {
        var model = Model(name: "stable-\(n)")
        let x = (0..<n).map { _ in model.addVariables(count: n, kind: .binary) }
        var childRank = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        var helperRank = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        for c in 0..<n { for (k, h) in childLists[c].enumerated() { childRank[c][h] = k + 1 } }
        for h in 0..<n { for (k, c) in helperLists[h].enumerated() { helperRank[h][c] = k + 1 } }
        var objective = LinearExpression()
        for c in 0..<n { for h in 0..<n { objective.add(x[c][h], Double(childRank[c][h] + helperRank[h][c])) } }
        let ones = [Double](repeating: 1, count: n)
        for c in 0..<n { model.addConstraint(variables: x[c], coefficients: ones, upper: 1) }
        for h in 0..<n { model.addConstraint(variables: (0..<n).map { x[$0][h] }, coefficients: ones, upper: 1) }
        for c in 0..<n {
            for h in 0..<n {
                // Either c has h or a helper it prefers, or h has a child it prefers to c.
                let vars = childLists[c].prefix(childRank[c][h]).map { x[c][$0] } + helperLists[h].prefix(helperRank[h][c] - 1).map { x[$0][h] }
                model.addConstraint(variables: vars, coefficients: [Double](repeating: 1, count: vars.count), lower: 1)
            }
        }
        model.minimize(objective)
        return model
    }
}

func stableWorkload() {
    let out = argument("out")
    let sizes = argument("sizes", default: "300,2000").split(separator: ",").map { Int($0)! }
    let glpkLimit = Double(argument("glpk-limit", default: "60"))!
    var text = """
        ## Stable buddies with complete rank lists

        Measured \(today()) by `benchmarks/run stable`. One grade where each of n children ranks all n helpers and
        each helper ranks all n children (random lists, seed 1, capacity 1). careplan: the buddy plan in stable
        mode, from the tables in memory to the plan (candidate lists, deferred acceptance, the rotation poset and,
        for the egalitarian objective, its minimum cut), one thread, median of 3 (one run at 2,000). Plain GLPK: the
        stable-matching integer program (one binary a pair, one stability row a pair; what the plan solved before),
        egalitarian, under a \(Int(glpkLimit)) s limit, one run for n up to 300.

        | n | objective | careplan s | total rank | rotations | GLPK on the integer program |
        |---|---|---|---|---|---|

        """
    for n in sizes {
        let lists = CompleteLists(n: n, seed: 1)
        var rotations = 0
        do {
            var m = StableMatching(children: n, capacity: Array(repeating: 1, count: n))
            var helperRank = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
            for h in 0..<n { for (k, c) in lists.helperLists[h].enumerated() { helperRank[h][c] = k + 1 } }
            for c in 0..<n { m.accept(child: c, helpers: lists.childLists[c], helperRanks: lists.childLists[c].map { helperRank[$0][c] }) }
            rotations = m.rotationCount()
        }
        let data = lists.data()
        for objective in BuddyPolicy.StableObjective.allCases {
            var times = [Double](), plan: BuddyPlan?
            for _ in 0..<(n > 1000 ? 1 : 3) {
                let t0 = now()
                let problem = try! lists.problem(objective, data: data)
                plan = try! BuddyPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
                times.append(now() - t0)
            }
            var peer = "-"
            if objective == .egalitarian && n <= 300 {
                let model = lists.integerProgram()
                let s = try! GLPKSolver().solve(model, options: SolveOptions(timeLimit: glpkLimit, logLevel: .errors))
                peer = s.hasSolution ? "\(s.status.rawValue), total rank \(format(s.objective, 0)) (bound \(format(s.bound, 0))) in \(format(s.seconds, 1)) s"
                    : "no solution in \(format(s.seconds, 1)) s (\(s.stop.rawValue))"
            }
            text += "| \(n) | \(objective.rawValue) | \(format(median(times), 3)) | \(format(plan!.objective, 0)) | \(rotations) | \(peer) |\n"
        }
    }
    write(text + "\n", to: out)
}
