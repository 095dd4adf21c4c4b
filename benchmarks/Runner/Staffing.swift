import Foundation
import GLPK
import Modeling
import Planning
import Scenarios

// careplan-bench staffing --python PY --peer highs_solve.py --work DIR --out FILE [--district pudong]
//
// The staffing plan of a generated district (seed 1, default policy) next to HiGHS: ours is the
// planner over every component (problem prepared, two threads and one thread), median of 3; each
// component's first-level model (weighted unmet) and, fixed at our optimum, its last level (moves
// and travel) are exported as LP files and solved by HiGHS on one thread in the same run.
func staffingWorkload() {
    let python = argument("python"), peer = argument("peer"), work = argument("work"), out = argument("out")
    let district = DistrictPreset(rawValue: argument("district", default: "pudong"))!
    try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    let generator = DistrictGenerator(preset: district, seed: 1)
    let data = generator.staffing(for: generator.generate())
    let problem = try! StaffingProblem(data: data, policy: StaffingPolicy())
    var rows = [String]()
    var plan: StaffingPlan!
    for threads in [2, 1] {
        var ours = [Double]()
        for _ in 0..<3 {
            let t0 = now()
            plan = try! StaffingPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(timeLimit: 600, threads: threads))
            ours.append(now() - t0)
        }
        rows.append("| ours, \(threads) thread\(threads == 1 ? "" : "s") | \(plan.status.rawValue) | \(plan.levels.map { format($0.value, 2) }.joined(separator: " / ")) | \(format(plan.gap * 100, 4)) % | \(format(median(ours), 2)) | \(format(ours.min()!, 2)) | \(format(ours.max()!, 2)) |")
        FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
    }
    // HiGHS on every component's model, level by level, each level's optimum (HiGHS's own) a row of the next.
    var highs = [Double](), levelsTotal = [0.0, 0.0, 0.0], optimal = 0, models = 0
    var glpkDisagrees = [String]()
    for run in 0..<3 {
        var seconds = 0.0
        levelsTotal = [0, 0, 0]; optimal = 0; models = 0
        for c in problem.components.indices {
            var mip = StaffingPlanner.componentModel(problem, c)
            for (k, level) in mip.levels.enumerated() {
                if level.variables.isEmpty { levelsTotal[k] += level.constant; continue }
                mip.model.minimize(level)
                let lp = "\(work)/staffing-component.lp"
                try! ModelFile.write(mip.model, to: lp, format: .lp)
                let h = try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [peer, lp, "600"]))
                seconds += h.seconds
                models += 1
                if h.status == "Optimal" { optimal += 1 }
                // An LP file has no objective constant (the move penalties of people with a current
                // site): add it back, so that the level's row bounds the same expression.
                let value = (h.objective ?? .nan) + level.constant
                levelsTotal[k] += value
                if run == 0 {
                    // The same level solved by GLPK directly, as an independent check of both.
                    let g = try! GLPKSolver().solve(mip.model, options: SolveOptions(timeLimit: 600, logLevel: .off))
                    // (GLPK's objective has the constant; `!(a <= b)` also catches a missing value.)
                    if !(abs((g.objective ?? .nan) - value) <= 1e-3 * max(1, abs(value))) {
                        let line = "component \(c) level \(k): HiGHS \(value), GLPK \(g.objective.map { String($0) } ?? "none") (\(g.status.rawValue))"
                        glpkDisagrees.append(line)
                        FileHandle.standardError.write(Data("\(line)\n".utf8))
                    }
                }
                mip.model.addConstraint(LinearConstraint(level, upper: value + 1e-4 * max(1, abs(value))))
            }
        }
        // People in no component (no site they may serve) with a current site are moves whatever
        // the plan: the planner counts them in its last level, the component models cannot.
        let inComponents = Set(problem.components.flatMap(\.people))
        levelsTotal[2] += problem.policy.weights.move
            * Double(data.staff.indices.filter { !inComponents.contains($0) && data.staff[$0].currentSite != nil }.count)
        highs.append(seconds)
        _ = run
    }
    let agree = zip(levelsTotal, plan.levels.map(\.value)).allSatisfy { abs($0 - $1) <= 1e-3 * max(1, abs($1)) }
    rows.append("| HiGHS, 1 thread | \(optimal) of \(models) optimal | \(levelsTotal.map { format($0, 2) }.joined(separator: " / ")) | - | \(format(median(highs), 2)) | \(format(highs.min()!, 2)) | \(format(highs.max()!, 2)) |")
    FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
    let staffCount = data.staff.count, schools = data.sites.filter { $0.kind == .school }.count, stations = data.sites.filter { $0.kind == .station }.count
    let text = """
        ## Staffing: \(district.rawValue) next to HiGHS

        Measured \(today()) by `benchmarks/run staffing`. `DistrictGenerator(\(district.rawValue), seed 1).staffing`: \(schools) schools,
        \(stations) stations, 1 centre, \(staffCount) staff, \(problem.requirements.count) requirements, \(problem.options.count) placement options,
        \(problem.components.count) independent components; default policy (no budget). *Ours*: `StaffingPlanner.plan` on the
        prepared problem, three levels per component (unmet, hiring cost, moves and travel), each level's optimum a row of
        the next; median, min and max of 3. *HiGHS*: highspy 1 thread, the same models exported as LP files, level by level
        (each level's HiGHS optimum a row of the next), read and solve times summed over components and levels, median of 3.
        \(glpkDisagrees.isEmpty ? "Plain GLPK solves the same exported level models too (first run) and agrees with HiGHS on every one."
            : "Plain GLPK solves the same exported level models too (first run) and DISAGREES with HiGHS on \(glpkDisagrees.count) of \(models): " + glpkDisagrees.joined(separator: "; ") + ".")
        Levels agree (ours and HiGHS's sums, to 0.1 %): \(agree ? "yes" : "NO").
        Ratio ours (1 thread) / HiGHS: \(format((Double(rows[1].split(separator: "|")[4].trimmingCharacters(in: .whitespaces)) ?? .nan) / median(highs), 3)).

        | solver | status | levels (unmet / cost / moves+travel) | gap | s (median) | min | max |
        |---|---|---|---|---|---|---|

        """ + rows.joined(separator: "\n") + "\n\n"
    write(text, to: out)
}
