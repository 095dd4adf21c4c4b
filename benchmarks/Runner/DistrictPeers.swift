import Foundation
import GLPK
import Modeling
import Planning
import Scenarios

// careplan-bench district-peers --python PY --peer highs_solve.py --work DIR --out FILE [--districts changning,zhoujiadu-loads]
//
// Whole districts' mentor plans next to HiGHS: every independent component's model exported
// as an LP file and solved by HiGHS (one thread, 60 s per component), against careplan's
// planner on one thread, in the same run. Each objective in hundredths: they must agree.
func districtPeersWorkload() {
    let python = argument("python"), peer = argument("peer"), work = argument("work"), out = argument("out")
    let specs = argument("districts", default: "zhoujiadu-loads,changning").split(separator: ",").map(String.init)
    var rows = [String]()
    for spec in specs {
        let loads = spec.hasSuffix("-loads")
        let district = DistrictPreset(rawValue: loads ? String(spec.dropLast(6)) : spec)!
        let data = DistrictGenerator(preset: district, seed: 1).generate()
        var policy = MentorPolicy()
        if loads { policy.loads.difficulty = 2; policy.loads.highRisk = 3 }
        let problem = try! MentorProblem(data: data, policy: policy)
        var ours = [Double](), plan: MentorPlan!
        for _ in 0..<3 {
            let t0 = now()
            plan = try! MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(timeLimit: 600, threads: 1))
            ours.append(now() - t0)
        }
        var highsSeconds = 0.0, highsObjective = 0.0, highsOptimal = 0, largest = 0.0
        let lp = "\(work)/district-component.lp"
        for component in problem.components {
            let model = MentorFormulation(problem: problem, component: component).mip().model
            try! ModelFile.write(model, to: lp, format: .lp)
            let h = try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [peer, lp, "60"]))
            highsSeconds += h.seconds
            largest = max(largest, h.seconds)
            highsObjective += h.objective ?? .nan
            if h.status == "Optimal" { highsOptimal += 1 }
        }
        let agree = abs(highsObjective - plan.objective * 100) < 0.5
        rows.append("| \(spec) | \(data.students.count) | \(problem.components.count) | \(plan.status.rawValue) | \(format(median(ours), 2)) | \(highsOptimal) of \(problem.components.count) | \(format(highsSeconds, 2)) | \(format(largest, 2)) | \(format(median(ours) / highsSeconds, 3)) | \(agree ? "yes" : "NO (\(format(highsObjective)) vs \(format(plan.objective * 100)))") |")
        FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
    }
    let text = """
        ## Mentor assignment: whole districts next to HiGHS

        Measured \(today()) by `benchmarks/run district-peers`. Generated districts (seed 1), default policy;
        `-loads`: care loads 2 for children in difficulty and 3 at high risk, so every component is a MIP.
        *Ours*: the mentor planner on one thread over every component (problem already prepared), median
        of 3. *HiGHS*: highspy, one thread, each component's MIP exported as an LP file, read and solved
        (60 s limit per component), times summed. "agree": the summed optima equal ours (hundredths).

        | district | students | components | ours | ours s | HiGHS optimal | HiGHS s (sum) | largest component s | ours / HiGHS | agree |
        |---|---|---|---|---|---|---|---|---|---|

        """ + rows.joined(separator: "\n") + "\n\n"
    write(text, to: out)
}
