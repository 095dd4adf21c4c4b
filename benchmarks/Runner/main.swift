// careplan-bench: the workloads behind benchmarks/RESULTS.md.
//
//   careplan-bench gap   --data DIR --glpsol PATH --work DIR --out FILE [--time-limit 60] [--files gap1,gap2]
//   careplan-bench build --out FILE
//   careplan-bench assignment --python PY --peer FILE --work DIR --out FILE   (Buddies.swift)
//   careplan-bench stable --out FILE [--sizes 300,2000] [--glpk-limit 60]     (Stable.swift)
//   careplan-bench activities --careplan PATH --python PY --peer FILE --work DIR --out FILE   (Activities.swift)
//   careplan-bench survey --careplan PATH --python PY --highs FILE --ortools FILE --work DIR --out FILE   (Survey.swift)
//
// Each workload writes one Markdown section; benchmarks/run assembles RESULTS.md.
import Foundation
import GLPK
import Modeling
import ORLibrary
import Planning
import Scenarios
import CareModel

func argument(_ name: String, default value: String? = nil) -> String {
    let args = CommandLine.arguments
    if let k = args.firstIndex(of: "--\(name)"), k + 1 < args.count { return args[k + 1] }
    if let value { return value }
    FileHandle.standardError.write(Data("careplan-bench: missing --\(name)\n".utf8))
    exit(2)
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func format(_ x: Double?, _ digits: Int = 0) -> String {
    guard let x, x.isFinite else { return "-" }
    return String(format: "%.\(digits)f", x)
}

/// Today's date, and the commit measured when `benchmarks/run` names it ("2026-11-30 at commit
/// 1a2b3c4d5e6f").
func today() -> String {
    let f = DateFormatter()
    f.dateFormat = "yyyy-MM-dd"
    f.timeZone = TimeZone(identifier: "UTC")
    let commit = ProcessInfo.processInfo.environment["CAREPLAN_BENCH_COMMIT"].map { " at commit \($0)" } ?? ""
    return f.string(from: Date()) + commit
}

func write(_ text: String, to path: String) {
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// Runs a peer script (`python script args...`) and returns what it printed.
func runPeer(_ python: String, _ arguments: [String]) -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try! process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return output
}

// MARK: - glpsol on an LP file

struct PeerRun {
    var status = "error"
    var incumbent: Double?
    var bound: Double?
    var seconds = 0.0
}

/// Runs glpsol and reads its last progress line: "+ 123: mip = 336 <= 340 1.2% (...)".
func runGlpsol(_ glpsol: String, lp: String, timeLimit: Int) -> PeerRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: glpsol)
    process.arguments = ["--lp", lp, "--tmlim", String(timeLimit), "--nointopt", "--nopresol"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    var run = PeerRun()
    let t0 = now()
    try! process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    // Timed at the end of its output (its exit): `waitUntilExit` polls every 50 ms.
    run.seconds = now() - t0
    process.waitUntilExit()
    if output.contains("INTEGER OPTIMAL SOLUTION FOUND") { run.status = "optimal" }
    else if output.contains("TIME LIMIT EXCEEDED") { run.status = "time_limit" }
    else if output.contains("PROBLEM HAS NO INTEGER FEASIBLE SOLUTION") { run.status = "infeasible" }
    for line in output.split(separator: "\n") where line.contains("mip =") {
        let fields = line.split(separator: " ")
        guard let k = fields.firstIndex(of: "=") else { continue }
        run.incumbent = fields.count > k + 1 ? Double(fields[k + 1]) : nil
        run.bound = fields.count > k + 3 ? Double(fields[k + 3]) : nil
    }
    if run.status == "optimal" { run.bound = run.incumbent }
    return run
}

// MARK: - Workload: GAP instances through the modelling API, next to glpsol

func gapWorkload() {
    let data = argument("data"), glpsol = argument("glpsol"), work = argument("work"), out = argument("out")
    let timeLimit = Int(argument("time-limit", default: "60"))!
    let files = argument("files", default: (1...12).map { "gap\($0)" }.joined(separator: ",")).split(separator: ",")
    try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    let known = GAPKnownValue.parse(csv: try! String(contentsOfFile: "\(data)/known_values_gap1-12.csv", encoding: .utf8))

    var rows: [String] = []
    var ratios: [Double] = [], oursTotal = 0.0, peerTotal = 0.0, insideGLPK = 0.0
    var oursOptimal = 0, peerOptimal = 0, runs = 0, mismatches: [String] = []
    for file in files {
        let instances = try! GAPFile.load(URL(fileURLWithPath: "\(data)/\(file).txt"))
        for (k, instance) in instances.enumerated() {
            let entry = known.first { $0.file == "\(file).txt" && $0.index == k + 1 }
            for sense in [ObjectiveSense.maximize, .minimize] {
                let published = sense == .maximize ? entry?.optimumMax : entry?.optimumMin
                let name = "\(entry?.name ?? "\(file)-\(k + 1)") \(sense == .maximize ? "max" : "min")"
                // Ours: build through the API, solve, all timed.
                let t0 = now()
                let (model, _) = instance.model(sense: sense)
                let solution = try! GLPKSolver().solve(model, options: SolveOptions(timeLimit: Double(timeLimit)))
                let ours = now() - t0
                // The peer: plain glpsol on the same model, exported.
                let lp = "\(work)/\(file)-\(k + 1)-\(sense.rawValue).lp"
                try! ModelFile.write(model, to: lp, format: .lp)
                let peer = runGlpsol(glpsol, lp: lp, timeLimit: timeLimit)
                runs += 1
                oursTotal += ours
                insideGLPK += solution.seconds
                peerTotal += peer.seconds
                ratios.append(ours / peer.seconds)
                if solution.status == .optimal { oursOptimal += 1 }
                if peer.status == "optimal" { peerOptimal += 1 }
                if solution.status == .optimal, let published, solution.objective != Double(published) {
                    mismatches.append("\(name): ours \(format(solution.objective)) vs published \(published)")
                }
                if peer.status == "optimal", let published, peer.incumbent != Double(published) {
                    mismatches.append("\(name): glpsol \(format(peer.incumbent)) vs published \(published)")
                }
                rows.append("| \(name) | \(published.map(String.init) ?? "-") | \(solution.status.rawValue) | \(format(solution.objective)) | \(format(solution.bound, 1)) | \(format(ours, 3)) | \(peer.status) | \(format(peer.incumbent)) | \(format(peer.bound, 1)) | \(format(peer.seconds, 3)) | \(format(ours / peer.seconds, 2)) |")
                FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
            }
        }
    }
    var text = """
        ## GAP gap1-gap12 through the modelling API, next to plain glpsol

        Measured \(today()).
        Every problem of OR-Library's gap1 to gap12 in both senses (\(runs) runs), a \(timeLimit) s limit
        each, the same GLPK path on both sides: scale, advanced basis, primal simplex, branch and bound,
        no presolver, no cuts (careplan's defaults). *Ours*: build the model through `Modeling`,
        validate, assemble and solve in-process with `GLPKSolver` (wall clock of all of it).
        *glpsol*: `glpsol --lp FILE --tmlim \(timeLimit) --nointopt --nopresol` on the LP file exported
        from the same model (wall clock of the process: start, read, solve). Status `time_limit` means stopped at
        the limit with the incumbent and bound shown.

        | | ours | glpsol |
        |---|---|---|
        | proven optimal | \(oursOptimal) of \(runs) | \(peerOptimal) of \(runs) |
        | total seconds | \(format(oursTotal, 1)) | \(format(peerTotal, 1)) |

        - **careplan's overhead on top of GLPK: \(format((oursTotal - insideGLPK) / insideGLPK * 100, 2)) %** — all time spent
          outside the guarded GLPK call (building the model through the API, validating, assembling,
          converting, reading the solution out: \(format(oursTotal - insideGLPK, 2)) s) over the time inside it
          (GLPK building its problem and solving: \(format(insideGLPK, 1)) s).
        - Ratio of totals ours / glpsol: **\(format(oursTotal / peerTotal, 3))**; median of per-run ratios:
          **\(format(median(ratios), 3))**. Per-run times differ both ways for a reason outside careplan:
          GLPK's branch and bound breaks ties by the internal order of matrix elements, and a problem
          rebuilt by any loading order differs from the one glp_read_lp makes of the LP file (checked with
          a small C program on c840-1 min: 32,429 simplex iterations after any rebuild, 30,969 as read by
          glpsol). Small runs also include glpsol's process start-up.
        - Proven optima that differ from the published value: \(mismatches.isEmpty ? "**none**" : mismatches.joined(separator: "; ")).

        | problem | published | ours status | ours value | ours bound | ours s | glpsol status | glpsol value | glpsol bound | glpsol s | ratio |
        |---|---|---|---|---|---|---|---|---|---|---|

        """
    text += rows.joined(separator: "\n") + "\n"
    write(text, to: out)
}

// MARK: - Workload: building a model with a million non-zeros

func buildWorkload() {
    let out = argument("out")
    let rows = 20_000, perRow = 50, columns = 100_000
    var seconds: [Double] = []
    var assembleSeconds: [Double] = []
    for _ in 0..<5 {
        let t0 = now()
        var model = Model(name: "build")
        let x = model.addVariables(count: columns, upper: 1)
        var coefficients = [Double](repeating: 0, count: perRow)
        var variables = [Variable](repeating: x[0], count: perRow)
        var state: UInt64 = 12345
        for i in 0..<rows {
            for k in 0..<perRow {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                variables[k] = x[Int((state >> 33) % UInt64(columns))]
                coefficients[k] = Double((state >> 20) % 9 + 1)
            }
            model.addConstraint(variables: variables, coefficients: coefficients, upper: Double(i % 7 + 10))
        }
        model.maximize(LinearExpression(sum: x))
        let t1 = now()
        let assembled = try! model.assemble()
        let t2 = now()
        precondition(assembled.nonzeroCount > 990_000)
        seconds.append(t2 - t0)
        assembleSeconds.append(t2 - t1)
    }
    let text = """
        ## Building a model with a million non-zeros

        Measured \(today()).
        \(columns) variables, \(rows) rows of \(perRow) random entries (\(rows * perRow) non-zeros) added with
        `addConstraint(variables:coefficients:)`, then `assemble()` (validation, grouping by row,
        summing repeats). Five runs, release build.

        | | median s | min s | max s |
        |---|---|---|---|
        | build + validate + assemble | \(format(median(seconds), 3)) | \(format(seconds.min(), 3)) | \(format(seconds.max(), 3)) |
        | of which validate + assemble | \(format(median(assembleSeconds), 3)) | \(format(assembleSeconds.min(), 3)) | \(format(assembleSeconds.max(), 3)) |

        """
    write(text, to: out)
}

// MARK: - Workload: mentor assignment on generated districts, phase by phase

func mentorsWorkload() {
    let district = argument("district", default: "zhoujiadu")
    let seed = UInt64(argument("seed", default: "1"))!
    let threads = Int(argument("threads", default: "2"))!
    var t = now()
    let data = DistrictGenerator(preset: DistrictPreset(rawValue: district)!, seed: seed).generate()
    let generate = now() - t
    t = now()
    let problem = try! MentorProblem(data: data, policy: MentorPolicy())
    let prepare = now() - t
    t = now()
    let plan = try! MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: threads))
    let solve = now() - t
    let sizes = problem.components.map(\.students.count).sorted(by: >)
    let arcs = problem.candidates.reduce(0) { $0 + $1.count }
    if CommandLine.arguments.contains("--probe") {
        let order = problem.components.indices.sorted { problem.components[$0].students.count > problem.components[$1].students.count }
        var total = 0.0, arcsTotal = 0, flowTotal = 0
        let t0 = now()
        for k in order {
            let f = MentorFormulation(problem: problem, component: problem.components[k])
            let net = f.network().net
            total += try! GLPKSolver().solve(net).seconds
            arcsTotal += net.arcCount
            flowTotal += problem.components[k].students.count
        }
        print("all components one thread: okalg \(format(total, 2)) s of \(format(now() - t0, 2)) s; \(arcsTotal) arcs")
        for k in order.prefix(3) {
            let f = MentorFormulation(problem: problem, component: problem.components[k])
            let t0 = now()
            let net = f.network().net
            let t1 = now()
            let flow = try! GLPKSolver().solve(net)
            let t2 = now()
            // The same network as an LP for the simplex.
            var lp = Model()
            let xs = (0..<net.arcCount).map { a in lp.addVariable(lower: Double(net.lower[a]), upper: Double(net.capacity[a] ?? net.unboundedCapacity)) }
            var rowVars = [[Variable]](repeating: [], count: net.nodeCount), rowCoefs = [[Double]](repeating: [], count: net.nodeCount)
            for a in 0..<net.arcCount {
                rowVars[net.tail[a]].append(xs[a]); rowCoefs[net.tail[a]].append(1)
                rowVars[net.head[a]].append(xs[a]); rowCoefs[net.head[a]].append(-1)
            }
            for v in 0..<net.nodeCount { lp.addConstraint(variables: rowVars[v], coefficients: rowCoefs[v], lower: Double(net.supply[v]), upper: Double(net.supply[v])) }
            lp.minimize(LinearExpression(terms: zip(xs, net.cost.map(Double.init))))
            let t3 = now()
            let lpSolution = try! GLPKSolver().solve(lp, options: SolveOptions(logLevel: .off))
            let t4 = now()
            print("  as LP: simplex \(format(lpSolution.seconds, 3)) s (call \(format(t4 - t3, 3)) s), objective \(lpSolution.objective!) vs flow \(flow.cost), integral \(lpSolution.values.allSatisfy { $0 == $0.rounded() })")
            print("component \(problem.components[k].students.count) students, \(problem.components[k].mentors.count) mentors, \(net.arcCount) arcs: build \(format(t1 - t0, 3)) s, okalg \(format(flow.seconds, 3)) s, call \(format(t2 - t1, 3)) s")
        }
    }
    print("\(district): \(data.students.count) students, \(data.mentors.count) mentors, \(arcs) candidate pairs, \(problem.components.count) components (largest \(sizes.prefix(5)))")
    print(String(format: "generate %.2f s, prepare %.2f s, solve+report %.2f s (%@, unmet %d)", generate, prepare, solve, plan.status.rawValue, plan.kpis.unmet))
}

func phasesWorkload() {
    let dir = URL(fileURLWithPath: argument("data"))
    var t = now()
    let students = try! CSVTable.read(dir.appendingPathComponent("students.csv"))
    print("read students.csv \(format(now() - t, 2)) s"); t = now()
    let data = try! MentorData.load(from: dir)
    print("load all tables \(format(now() - t, 2)) s"); t = now()
    let problem = try! MentorProblem(data: data, policy: MentorPolicy())
    print("prepare \(format(now() - t, 2)) s"); t = now()
    let plan = try! MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings())
    print("plan \(format(now() - t, 2)) s (solve \(format(plan.seconds, 2)) s)"); t = now()
    let out = URL(fileURLWithPath: "/tmp/phases-out")
    let folder = try! OutputFolder(out)
    try! MentorOutputs.write(plan, to: folder)
    try! folder.commit()
    print("write outputs \(format(now() - t, 2)) s; \(students.rows.count) rows")
}

// MARK: - Workload: one school of 3,000 students, ours next to HiGHS and glpsol

struct PeerJSON: Decodable {
    let status: String
    let objective: Double?
    let bound: Double?
    let seconds: Double
    /// Seconds without reading the input, when the peer reports them.
    let solveSeconds: Double?

    enum CodingKeys: String, CodingKey { case status, objective, bound, seconds, solveSeconds = "solve_seconds" }
}

func schoolWorkload() {
    let out = argument("out"), work = argument("work"), python = argument("python"), glpsol = argument("glpsol")
    let peer = argument("peer")
    try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    var rows = [String]()
    var oursAll = [Double](), highsAll = [Double]()
    for seed in UInt64(1)...3 {
        let data = DistrictGenerator(preset: .oneschool, seed: seed).generate()
        var policy = MentorPolicy()
        policy.balanceTarget = 12  // fixed, so the whole-school model has the same objective
        var times = [Double]()
        var plan: MentorPlan!
        var problem: MentorProblem!
        for _ in 0..<5 {
            let t0 = now()
            problem = try! MentorProblem(data: data, policy: policy)
            plan = try! MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 2))
            times.append(now() - t0)
        }
        // The whole school as one MIP (binary per possible pair), exported for the peers.
        let mip = wholeSchool(problem).mip()
        let lp = "\(work)/school-\(seed).lp"
        try! ModelFile.write(mip.model, to: lp, format: .lp)
        var highs = [PeerJSON]()
        for _ in 0..<3 {
            highs.append(try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [peer, lp, "600"])))
        }
        let plain = runGlpsol(glpsol, lp: lp, timeLimit: 120)
        let oursMedian = median(times), highsMedian = median(highs.map(\.seconds))
        oursAll.append(oursMedian)
        highsAll.append(highsMedian)
        let expected = wholeSchoolObjective(plan, problem)
        let agree = highs.allSatisfy { abs(($0.objective ?? .nan) - expected) < 1e-6 }
        rows.append("| \(seed) | \(data.students.count) | \(data.mentors.count) | \(problem.components.count) | \(mip.model.variableCount) | \(plan.status.rawValue) | \(format(oursMedian, 3)) | \(highs[0].status) | \(format(highsMedian, 3)) | \(plain.status) | \(format(plain.seconds, 1)) | \(format(oursMedian / highsMedian, 3)) | \(agree ? "yes" : "NO") |")
        FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
    }
    let text = """
        ## Mentor assignment: one school of 3,000 students

        Measured \(today()). Three generated schools (`oneschool` preset, seeds 1-3; 3,000 students,
        about 250 mentors each, default policy with a fixed balance target of 12). *Ours*: validate and
        prepare the problem, solve every component (network form, two threads), build the plan:
        median of 5 runs. *HiGHS*: highspy, one thread, on the whole school exported as one MIP (a
        binary per possible pair; same rules and objective), read and solve, median of 3 runs.
        *glpsol*: plain GLPK (`--nointopt --nopresol`, 120 s limit) on the same file, once.
        "agree": HiGHS's optimum equals ours (objective in hundredths).

        | seed | students | mentors | components | MIP columns | ours | ours s | HiGHS | HiGHS s | glpsol | glpsol s | ours / HiGHS | agree |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|

        """ + rows.joined(separator: "\n") + """


        Median over the three schools: ours **\(format(median(oursAll), 3)) s**, HiGHS \(format(median(highsAll), 3)) s, ratio **\(format(median(oursAll) / median(highsAll), 3))**.

        """
    write(text, to: out)
}

// MARK: - Workload: GAP instances as mentor tables, through the mentor planner

/// Writes the MIP of each non-network component of a generated district to an LP file
/// (for looking at one with glpsol or HiGHS): `--district D --difficulty-load N --out DIR`.
func dumpMIPWorkload() {
    let data = DistrictGenerator(preset: DistrictPreset(rawValue: argument("district", default: "zhoujiadu"))!, seed: 1).generate()
    var policy = MentorPolicy()
    policy.loads.difficulty = Int(argument("difficulty-load", default: "2"))!
    policy.loads.highRisk = Int(argument("high-risk-load", default: "3"))!
    let problem = try! MentorProblem(data: data, policy: policy)
    let out = argument("out")
    try! FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    for (k, component) in problem.components.enumerated() {
        let f = MentorFormulation(problem: problem, component: component)
        if f.isNetwork { continue }
        _ = try! ModelFile.write(f.mip().model, to: "\(out)/c\(k)-\(component.students.count)x\(component.mentors.count).lp", format: .lp)
    }
}

func gapMentorsWorkload() {
    let data = argument("data"), out = argument("out")
    let timeLimit = Double(argument("time-limit", default: "60"))!
    let known12 = GAPKnownValue.parse(csv: try! String(contentsOfFile: "\(data)/known_values_gap1-12.csv", encoding: .utf8))
    let knownAD = GAPKnownValue.parse(csv: try! String(contentsOfFile: "\(data)/known_values_gapa-d.csv", encoding: .utf8))
    var policy = MentorPolicy()
    policy.weights = MentorPolicy.Weights()
    policy.weights.continuity = 0; policy.weights.teachesClass = 0; policy.weights.balance = 0; policy.weights.sameGender = 0
    policy.weights.prefer = 1
    policy.cap = 100_000
    // Optional peer: HiGHS on the same component's MIP, exported, same time limit.
    let python = argument("python", default: ""), peer = argument("peer", default: ""), work = argument("work", default: "/tmp")
    var highs = [String: PeerJSON]()
    var runs: [(name: String, set: String, published: Int, plan: MentorPlan, seconds: Double)] = []
    // `--only b05200,c10200`: just those problems (for looking at a few).
    let only = argument("only", default: "").split(separator: ",")
    func run(_ file: String, _ set: String, _ known: [GAPKnownValue], senses: [ObjectiveSense]) {
        let instances = try! GAPFile.load(URL(fileURLWithPath: "\(data)/\(file).txt"))
        for (k, instance) in instances.enumerated() {
            let entry = known.first { $0.file == "\(file).txt" && $0.index == k + 1 }!
            if !only.isEmpty && !only.contains(Substring(entry.name)) { continue }
            for sense in senses {
                // d20200 has no proven optimum to compare with.
                guard (sense == .maximize ? entry.optimumMax : entry.optimumMin) != nil else {
                    FileHandle.standardError.write(Data("\(entry.name): no published optimum, skipped\n".utf8))
                    continue
                }
                let t0 = now()
                let problem = try! MentorProblem(data: instance.mentorData(sense: sense), policy: policy)
                let plan = try! MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(timeLimit: timeLimit, threads: 1))
                let seconds = now() - t0
                let published = sense == .maximize ? entry.optimumMax! : entry.optimumMin!
                let name = "\(entry.name) \(sense == .maximize ? "max" : "min")"
                runs.append((name, set, published, plan, seconds))
                if !python.isEmpty {
                    let lp = "\(work)/gap-mentors.lp"
                    try! ModelFile.write(MentorFormulation(problem: problem, component: problem.components[0]).mip().model, to: lp, format: .lp)
                    highs[name] = try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [peer, lp, String(timeLimit)]))
                }
                FileHandle.standardError.write(Data("\(entry.name) \(sense.rawValue): \(plan.status.rawValue) \(plan.objective) (published \(published)) \(format(seconds, 3)) s\n".utf8))
            }
        }
    }
    let sets = argument("sets", default: "gap1-12,a,b,c").split(separator: ",")
    if sets.contains("gap1-12") { for n in 1...12 { run("gap\(n)", "gap1-12", known12, senses: [.maximize, .minimize]) } }
    for t in ["a", "b", "c", "d"] where sets.contains(Substring(t)) { run("gap\(t)", "type \(t.uppercased())", knownAD, senses: [.minimize]) }

    func value(_ r: (name: String, set: String, published: Int, plan: MentorPlan, seconds: Double)) -> Int {
        // Maximisation is written as preferences, so the plan's objective is its negative.
        Int((r.name.hasSuffix("max") ? -r.plan.objective : r.plan.objective).rounded())
    }
    var summary = [String]()
    for set in ["gap1-12", "type A", "type B", "type C", "type D"] {
        let rs = runs.filter { $0.set == set }
        if rs.isEmpty { continue }
        let proven = rs.filter { $0.plan.status == .optimal }
        let under10 = proven.filter { $0.seconds < 10 }
        let wrong = proven.filter { value($0) != $0.published }
        let peers = rs.compactMap { highs[$0.name] }
        let peerColumns = peers.count == rs.count
            ? " \(peers.filter { $0.status == "Optimal" }.count) | \(format(median(peers.map(\.seconds)), 3)) | \(format(median(rs.map(\.seconds)) / median(peers.map(\.seconds)), 2)) |"
            : " - | - | - |"
        summary.append("| \(set) | \(rs.count) | \(proven.count) | \(under10.count) | \(wrong.isEmpty ? "none" : wrong.map(\.name).joined(separator: ", ")) | \(format(median(rs.map(\.seconds)), 3)) | \(format(rs.map(\.seconds).max(), 2)) |" + peerColumns)
    }
    // The open ones and the slow ones, or else the five slowest (the hard B and C instances).
    var slow = runs.filter { $0.plan.status != .optimal || $0.seconds >= 10 }
    let slowTitle = slow.isEmpty ? "Every run proven optimal under 10 s; the five slowest:" : "Not proven optimal, or 10 s or more:"
    if slow.isEmpty { slow = Array(runs.sorted { $0.seconds > $1.seconds }.prefix(5)) }
    var text = """
        ## GAP instances as mentor tables

        Measured \(today()). Each OR-Library instance converted to mentor tables (agents as mentors with
        capacity b_i, jobs as students, every pair in pairs.csv as `prefer` with load a_ij and score
        c_ij, negated for minimisation; other soft terms off) and solved by the mentor planner, one
        thread, \(Int(timeLimit)) s limit. gap1-12 in both senses; types A, B, C minimisation. Peer in the
        same run: HiGHS (highspy, one thread, same limit) on the component's MIP exported as an LP file
        (its time includes reading the file); the ratio is of the medians, ours / HiGHS.

        | set | runs | proven optimal | of those under 10 s | proven value differs from published | median s | max s | HiGHS proven | HiGHS median s | ratio |
        |---|---|---|---|---|---|---|---|---|---|

        """ + summary.joined(separator: "\n") + "\n"
    if !slow.isEmpty {
        text += "\n\(slowTitle)\n\n| problem | published | status | value | bound | gap | s | HiGHS status | HiGHS s |\n|---|---|---|---|---|---|---|---|---|\n"
        for r in slow {
            let sign = r.name.hasSuffix("max") ? -1.0 : 1.0
            let h = highs[r.name]
            text += "| \(r.name) | \(r.published) | \(r.plan.status.rawValue) | \(value(r)) | \(format(sign * r.plan.bound, 1)) | \(format(r.plan.gap * 100, 2)) % | \(format(r.seconds, 2)) | \(h?.status ?? "-") | \(h.map { format($0.seconds, 2) } ?? "-") |\n"
        }
    }
    write(text, to: out)
}

switch CommandLine.arguments.dropFirst().first {
case "gap-mentors": gapMentorsWorkload()
case "roster": rosterWorkload()
case "staffing": staffingWorkload()
case "activities": activitiesWorkload()
case "assignment": assignmentWorkload()
case "stable": stableWorkload()
case "district-peers": districtPeersWorkload()
case "dump-mip": dumpMIPWorkload()
case "school": schoolWorkload()
case "survey": surveyWorkload()
case "phases": phasesWorkload()
case "mentors": mentorsWorkload()
case "gap": gapWorkload()
case "build": buildWorkload()
default:
    FileHandle.standardError.write(Data("usage: careplan-bench gap|build [options]\n".utf8))
    exit(2)
}
