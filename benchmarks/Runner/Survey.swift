import Foundation
import GLPK
import Modeling
import Planning
import Scenarios

// careplan-bench survey --careplan PATH --python PY --highs highs_solve.py --ortools ortools_mincostflow.py
//                       --work DIR --out FILE [--seeds 1,2,3] [--highs-runs 1]
//
// The preference-rich school (issue 14): one school of 3,000 students and 240 mentors whose
// survey scored about 15 % of each student's possible mentors. careplan end to end through the
// command line and in-process, its min-cost flow alone, next to GLPK's out-of-kilter routine and
// OR-Tools' SimpleMinCostFlow on the same network and HiGHS on the whole school as one MIP, all
// on one thread, in the same run. Every optimum in hundredths: they must agree.
func surveyWorkload() {
    let careplan = argument("careplan"), python = argument("python"), work = argument("work"), out = argument("out")
    let highsPeer = argument("highs"), ortoolsPeer = argument("ortools")
    let seeds = argument("seeds", default: "1,2,3").split(separator: ",").map { UInt64($0)! }
    let highsRuns = Int(argument("highs-runs", default: "1"))!
    var rows = [String](), cliAll = [Double]()
    for seed in seeds {
        let data = DistrictGenerator(preset: .surveySchool, seed: seed).generate()
        var policy = MentorPolicy()
        policy.balanceTarget = 12  // fixed, so the whole-school model has the same objective
        let dir = "\(work)/survey-\(seed)"
        try? FileManager.default.removeItem(atPath: dir)
        try! FileManager.default.createDirectory(atPath: "\(dir)/data", withIntermediateDirectories: true)
        for file in data.csvFiles() { write(file.text, to: "\(dir)/data/\(file.name)") }
        write("name: survey school \(seed)\ndata: data\nplans: [mentors]\npolicy: {mentor: {balance_target: 12}}\nsolver: {threads: 1}\n",
              to: "\(dir)/scenario.yaml")

        // careplan run: reading and checking the tables, preparing, solving, writing every output.
        // Five runs: on this machine kind a run's wall time is bimodal (the same binary takes about
        // 0.2 s or about 0.3 s, with the CPU time following), so three can all land on one mode.
        let cli = (0..<5).map { _ in timedRun(careplan, ["run", "\(dir)/scenario.yaml", "--out", "\(dir)/out", "--quiet"]) }
        // In-process: prepare the problem and plan it (no files), median of 5.
        var plan: MentorPlan!, problem: MentorProblem!
        let inProcess = (0..<5).map { _ in
            let t0 = now()
            problem = try! MentorProblem(data: data, policy: policy)
            plan = try! MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
            return now() - t0
        }
        // The component's network alone: ours, GLPK's out-of-kilter routine (once), OR-Tools.
        let networks = problem.components.map { MentorFormulation(problem: problem, component: $0).network().net }
        let flowSeconds = median((0..<5).map { _ in networks.reduce(0.0) { $0 + (try! MinCostFlow.solve($1)).seconds } })
        let ours = networks.reduce(0) { $0 + (try! MinCostFlow.solve($1)).cost }
        var okalgSeconds = 0.0, okalgCost = 0
        for net in networks {
            let t0 = now()
            okalgCost += try! GLPKSolver().solve(net).cost
            okalgSeconds += now() - t0
        }
        var ortoolsCost = 0.0, ortoolsSolve = 0.0, ortoolsAll = 0.0
        for (k, net) in networks.enumerated() {
            let file = "\(dir)/network-\(k).txt"
            write(networkText(net), to: file)
            let runs = (0..<3).map { _ in try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [ortoolsPeer, file])) }
            ortoolsCost += runs[0].objective ?? .nan
            ortoolsSolve += median(runs.map { $0.solveSeconds ?? .nan })
            ortoolsAll += median(runs.map(\.seconds))
        }
        // HiGHS: the whole school as one MIP (a binary per possible pair), read and solved.
        let lp = "\(dir)/school.lp"
        try! ModelFile.write(wholeSchool(problem).mip().model, to: lp, format: .lp)
        let highs = (0..<highsRuns).map { _ in try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [highsPeer, lp, "600"])) }
        let expected = wholeSchoolObjective(plan, problem)
        let agree = abs(Double(ours) - plan.objective * 100) < 1e-6 && okalgCost == ours && abs(ortoolsCost - Double(ours)) < 1e-6
            && highs.allSatisfy { abs(($0.objective ?? .nan) - expected) < 1e-6 }
        let preferences = data.pairs.filter { $0.kind == .prefer }.count
        let cliMedian = median(cli)
        cliAll.append(cliMedian)
        rows.append("| \(seed) | \(data.students.count) | \(data.mentors.count) | \(preferences) | \(problem.components.count) | \(networks.map(\.nodeCount).reduce(0, +)) | \(networks.map(\.arcCount).reduce(0, +)) | \(plan.status.rawValue) | \(format(cliMedian, 3)) (\(cli.sorted().map { format($0, 2) }.joined(separator: ", "))) | \(format(median(inProcess), 3)) | \(format(flowSeconds, 3)) | \(format(okalgSeconds, 2)) | \(format(ortoolsSolve, 3)) | \(format(ortoolsAll, 3)) | \(highs[0].status) | \(format(median(highs.map(\.seconds)), 2)) | \(agree ? "yes" : "NO") |")
        FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
    }
    let text = """
        ## Mentor assignment: a school with a preference survey

        Measured \(today()) by `benchmarks/run survey`. Generated schools (`survey-school` preset, seeds
        \(seeds.map(String.init).joined(separator: ", ")): 3,000 students, 240 mentors, a fifth of them taking two grades; about 15 % of
        each student's possible mentors scored 1 to 20; last term's mentor for 60 %, 20 pins, 1 % of
        students with a forbidden mentor), default policy with a fixed balance target of 12, one
        thread throughout. *CLI*: `careplan run` on the tables, wall clock (reading and checking the
        CSV tables, preparing, solving, writing every output; the Swift runtime and Foundation linked
        in, as `make build` builds it), median of 5. *In-process*: prepare the
        problem and plan it, median of 5. *Flow*: the Swift min-cost flow (`MinCostFlow`) on the
        component's network, median of 5; *okalg*: GLPK's out-of-kilter routine (the path used before)
        on the same network, once. *OR-Tools*: `SimpleMinCostFlow` (ortools, one thread) on the same
        network read from a file: building and solving (*solve*), and with reading the file (*all*),
        median of 3. *HiGHS*: highspy, one thread, the whole school as one MIP (a binary per possible
        pair) read and solved, \(highsRuns == 1 ? "once" : "median of \(highsRuns)"). "agree": every optimum equals ours (hundredths).

        | seed | students | mentors | preferences | components | nodes | arcs | ours | CLI s (runs) | in-process s | flow s | okalg s | OR-Tools solve s | OR-Tools all s | HiGHS | HiGHS s | agree |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|

        """ + rows.joined(separator: "\n") + """


        Median over the schools, end to end through the command line: **\(format(median(cliAll), 3)) s**.

        """
    write(text, to: out)
}

/// Wall-clock seconds of one run of `executable` (its output discarded).
///
/// The clock stops when the child's output ends (it exits), not when `waitUntilExit` returns:
/// Foundation's `Process` notices an exit by polling every 50 ms, which rounded every run up to
/// the next 0.05 s (a 0.26 s run read as 0.30 s).
func timedRun(_ executable: String, _ arguments: [String]) -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let t0 = now()
    try! process.run()
    _ = pipe.fileHandleForReading.readDataToEndOfFile()
    let seconds = now() - t0
    process.waitUntilExit()
    return seconds
}

/// A network as text for the peers: "nodes arcs", then each node's supply, then each arc as
/// "tail head lower capacity cost" (an arc without a capacity gets the network's unbounded one,
/// as both our solvers give it).
func networkText(_ net: FlowNetwork) -> String {
    var lines = ["\(net.nodeCount) \(net.arcCount)"]
    lines += net.supply.map(String.init)
    for a in 0..<net.arcCount {
        let cap = net.capacity[a] ?? max(net.unboundedCapacity, net.lower[a])
        lines.append("\(net.tail[a]) \(net.head[a]) \(net.lower[a]) \(cap) \(net.cost[a])")
    }
    return lines.joined(separator: "\n") + "\n"
}

/// The whole school as one component (every student and mentor), for the peers' one MIP.
func wholeSchool(_ problem: MentorProblem) -> MentorFormulation {
    let whole = MentorProblem.Component(students: Array(problem.data.students.indices), mentors: Array(problem.data.mentors.indices))
    return MentorFormulation(problem: problem, component: whole)
}

/// The plan's objective in hundredths as the whole-school model prices it: that model prices an
/// unmet student with its own M, so each unmet student's component M is swapped for it.
func wholeSchoolObjective(_ plan: MentorPlan, _ problem: MentorProblem) -> Double {
    let wholeForm = wholeSchool(problem)
    var expected = plan.objective * 100
    for u in plan.unmet {
        let s = problem.studentIndex[u.studentID]!
        let c = problem.components.first { $0.students.contains(s) }!
        expected += Double(wholeForm.unmetCost(of: s) - MentorFormulation(problem: problem, component: c).unmetCost(of: s))
    }
    return expected
}
