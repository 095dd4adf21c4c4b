import CareModel
import Foundation
import GLPK
import Modeling
import Planning
import Scenarios

// careplan-bench roster --python PY --peer highs_solve.py --work DIR --out FILE
//     [--cases PEOPLExDAYS:LIMIT[:RUNS],...] [--plain S] [--repeats N] [--gap G] [--verbose]
//
// Hotline rosters from the generator (seed 1, three shift types): careplan's planner (median of
// 3 at the case's time limit) next to HiGHS and plain GLPK on the whole roster's textbook model
// (the same model, exported as an LP file), each in the same run with the same limit.
func rosterWorkload() {
    let python = argument("python"), peer = argument("peer"), work = argument("work"), out = argument("out")
    let cases = argument("cases", default: "20x28:60,50x364:300").split(separator: ",").map(String.init)
    let plainLimit = Int(argument("plain", default: "300"))!
    let repeats = Int(argument("repeats", default: "3"))!
    // Stop once within this relative gap of the proven bound (the target: 1 %).
    let gap = Double(argument("gap", default: "0.01"))!
    var rows = [String]()
    for spec in cases {
        let parts = spec.split(separator: ":")
        let size = parts[0].split(separator: "x").map { Int($0)! }
        let limit = Double(parts.count > 1 ? String(parts[1]) : "60")!
        let runs = parts.count > 2 ? Int(parts[2])! : repeats
        let horizon = RosterHorizon(start: RosterGenerator.defaultHorizon.start, days: size[1])
        let data = RosterGenerator(staff: size[0], horizon: horizon, seed: 1).generate()
        let problem = RosterProblem(data: data)
        var seconds = [Double](), plans = [RosterPlan]()
        for _ in 0..<runs {
            let t0 = now()
            let plan = try! RosterPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(timeLimit: limit, gap: gap, threads: 1)) { line in
                if CommandLine.arguments.contains("--verbose") { FileHandle.standardError.write(Data("  \(String(format: "%.1f", now() - t0)) s \(line)\n".utf8)) }
            }
            seconds.append(now() - t0)
            plans.append(plan)
        }
        let best = plans.min { $0.objective < $1.objective }!
        let objectives = plans.map(\.objective).sorted(), gaps = plans.map(\.gap).sorted()
        // The whole roster's model, for the peers.
        let lp = "\(work)/roster-\(size[0])x\(size[1]).lp"
        let model = problem.wholeModel()
        try! ModelFile.write(model, to: lp, format: .lp)
        let peerLimit = Int(limit.rounded(.up))
        var h = try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [peer, lp, String(peerLimit)]))
        // An LP file has no objective constant (the weights of the "on" requests): add it back.
        h = PeerJSON(status: h.status, objective: h.objective.map { $0 + model.objective.constant },
                     bound: h.bound.map { $0 + model.objective.constant }, seconds: h.seconds, solveSeconds: h.solveSeconds)
        var plain = "not run"
        if plainLimit > 0 && size[1] <= 28 {
            var o = SolveOptions(timeLimit: Double(plainLimit), logLevel: .off)
            o.cuts = []
            let t0 = now()
            let s = try! GLPKSolver().solve(model, options: o)
            plain = "\(s.status.rawValue), \(format(s.objective, 0)) / bound \(format(s.bound, 1)) in \(format(now() - t0, 1)) s"
        }
        let highs = "\(h.status), \(format(h.objective, 0)) / bound \(format(h.bound, 1)) in \(format(h.seconds, 1)) s"
        rows.append("| \(size[0]) × \(size[1]) | \(Int(limit)) | \(runs) | \(format(median(seconds), 1)) | \(format(objectives[objectives.count / 2], 0)) (\(objectives.map { format($0, 0) }.joined(separator: ", "))) | \(format(best.bound, 1)) | \(format(gaps[gaps.count / 2] * 100, 2)) % | \(best.status.rawValue) | \(highs) | \(format((h.objective ?? .nan) / objectives[objectives.count / 2], 3)) | \(plain) |")
        FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
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
    write(text, to: out)
}
