import CareModel
import Foundation
import GLPK
import Modeling
import Planning
import Scenarios

// careplan-bench roster --python PY --peer highs_solve.py --work DIR --out FILE
//     [--cases PEOPLExDAYS:LIMIT[:RUNS],...] [--nurse PEOPLExTYPESxREQUESTS:LIMIT[:RUNS],...]
//     [--plain S] [--repeats N] [--gap G] [--verbose]
//
// Hotline rosters from the generator (seed 1, three shift types), and four-week rosters of the
// shape of published nurse-rostering benchmarks (NurseRosterGenerator, seed 1): careplan's planner
// (median of 3 at the case's time limit) next to HiGHS and plain GLPK on the whole roster's
// textbook model (the same model, exported as an LP file), each in the same run with the same limit.
func rosterWorkload() {
    let python = argument("python"), peer = argument("peer"), work = argument("work"), out = argument("out")
    let cases = argument("cases", default: "20x28:60,50x364:300").split(separator: ",").map(String.init)
    let nurse = argument("nurse", default: "").split(separator: ",").map(String.init)
    let plainLimit = Int(argument("plain", default: "300"))!
    let repeats = Int(argument("repeats", default: "3"))!
    // Stop once within this relative gap of the proven bound (the target: 1 %).
    let gap = Double(argument("gap", default: "0.01"))!

    /// One table row: ours `runs` times, then HiGHS and (four weeks or less) plain GLPK.
    func measure(_ problem: RosterProblem, label: String, file: String, limit: Double, runs: Int) -> String {
        var seconds = [Double](), plans = [RosterPlan]()
        for _ in 0..<runs {
            let t0 = now()
            let plan = try! RosterPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(timeLimit: limit, gap: gap, threads: 1)) { line in
                if CommandLine.arguments.contains("--verbose") { FileHandle.standardError.write(Data("  \(String(format: "%.1f", now() - t0)) s \(line)\n".utf8)) }
            }
            seconds.append(now() - t0)
            plans.append(plan)
            if CommandLine.arguments.contains("--verbose") {
                FileHandle.standardError.write(Data("  plan: \(plan.status.rawValue), penalty \(plan.objective), bound \(plan.bound), \(format(now() - t0, 1)) s\n".utf8))
            }
        }
        let best = plans.min { $0.objective < $1.objective }!
        let objectives = plans.map(\.objective).sorted(), gaps = plans.map(\.gap).sorted()
        // The whole roster's model, for the peers.
        let lp = "\(work)/\(file).lp"
        let model = problem.wholeModel()
        try! ModelFile.write(model, to: lp, format: .lp)
        let peerLimit = Int(limit.rounded(.up))
        var h = try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [peer, lp, String(peerLimit)]))
        // An LP file has no objective constant (the weights of the "on" requests): add it back.
        h = PeerJSON(status: h.status, objective: h.objective.map { $0 + model.objective.constant },
                     bound: h.bound.map { $0 + model.objective.constant }, seconds: h.seconds, solveSeconds: h.solveSeconds)
        var plain = "not run"
        if plainLimit > 0 && problem.days <= 28 {
            var o = SolveOptions(timeLimit: Double(plainLimit), logLevel: .off)
            o.cuts = []
            let t0 = now()
            let s = try! GLPKSolver().solve(model, options: o)
            plain = "\(s.status.rawValue), \(format(s.objective, 0)) / bound \(format(s.bound, 1)) in \(format(now() - t0, 1)) s"
        }
        let highs = "\(h.status), \(format(h.objective, 0)) / bound \(format(h.bound, 1)) in \(format(h.seconds, 1)) s"
        let row = "| \(label) | \(Int(limit)) | \(runs) | \(format(median(seconds), 1)) | \(format(objectives[objectives.count / 2], 0)) (\(objectives.map { format($0, 0) }.joined(separator: ", "))) | \(format(best.bound, 1)) | \(format(gaps[gaps.count / 2] * 100, 2)) % | \(best.status.rawValue) | \(highs) | \(format((h.objective ?? .nan) / objectives[objectives.count / 2], 3)) | \(plain) |"
        FileHandle.standardError.write(Data("\(row)\n".utf8))
        return row
    }
    /// "AxB...:LIMIT[:RUNS]": the sizes, the limit, the runs.
    func parse(_ spec: String) -> (sizes: [Int], limit: Double, runs: Int) {
        let parts = spec.split(separator: ":")
        return (parts[0].split(separator: "x").map { Int($0)! }, Double(parts.count > 1 ? String(parts[1]) : "60")!,
                parts.count > 2 ? Int(parts[2])! : repeats)
    }

    var rows = [String]()
    for spec in cases {
        let (size, limit, runs) = parse(spec)
        let horizon = RosterHorizon(start: RosterGenerator.defaultHorizon.start, days: size[1])
        let problem = RosterProblem(data: RosterGenerator(staff: size[0], horizon: horizon, seed: 1).generate())
        rows.append(measure(problem, label: "\(size[0]) × \(size[1])", file: "roster-\(size[0])x\(size[1])", limit: limit, runs: runs))
    }
    var nurseRows = [String]()
    for spec in nurse {
        let (size, limit, runs) = parse(spec)
        let data = NurseRosterGenerator(staff: size[0], shiftTypes: size[1], requests: size[2], seed: 1).generate()
        let problem = RosterProblem(data: data)
        nurseRows.append(measure(problem, label: "\(size[0]) people, \(size[1]) types, \(data.requests.count) requests",
                                 file: "nurse-\(size[0])x\(size[1])x\(size[2])", limit: limit, runs: runs))
    }
    let text = """
        ## Hotline rosters

        Measured \(today()) by `benchmarks/run roster`. Generated hotline rosters (seed 1, three
        eight-hour shifts, people × days). *Ours*: the roster planner on one thread at the time limit
        (median of \(repeats) runs; objectives of every run in brackets), bound and gap as reported.
        *HiGHS*: highspy, one thread, on the whole roster's model exported as an LP file, same time
        limit. *Plain GLPK*: `glp_intopt` on the same model, no cuts, \(plainLimit) s (4-week case only).
        The ratio is HiGHS's objective over ours (above 1: ours is better).

        | roster | limit s | runs | ours s | penalty (runs) | bound | gap | status | HiGHS | HiGHS / ours | plain GLPK |
        |---|---|---|---|---|---|---|---|---|---|---|

        """ + rows.joined(separator: "\n") + "\n\n"
    let nurseText = nurse.isEmpty ? "" : """
        ### Rosters shaped like nurse-rostering benchmarks

        Four weeks, `NurseRosterGenerator` (seed 1): people, shift types of 6 to 12 hours with successions
        forbidden under 11 hours of rest, contracts that differ per person (full or part time, minutes, runs,
        days off, weekends, night limits, types a person does not work), leave, weighted on/off requests, cover
        at 100 per person missing and 1 per extra, demand about nine tenths of the staff's minutes. Columns as
        above. Published best-known values belong to the published instances, not to these; the gap to our
        own proven bound (column generation) is what says how far from the optimum a plan can be.

        | roster | limit s | runs | ours s | penalty (runs) | bound | gap | status | HiGHS | HiGHS / ours | plain GLPK |
        |---|---|---|---|---|---|---|---|---|---|---|

        """ + nurseRows.joined(separator: "\n") + "\n\n"
    write(text + nurseText, to: out)
}
