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
// and travel) are exported as LP files and solved by HiGHS on one thread in the same run. Then a
// budget that binds (seeds 1 and 3): ours next to HiGHS on the district as one model with the budget row.
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
        let h = highsLevels(problem.components.indices.map { StaffingPlanner.componentModel(problem, $0) }, python: python, peer: peer, work: work,
                            limit: 600, checkWithGLPK: run == 0)
        (levelsTotal, optimal, models) = (h.levels, h.optimal, h.models)
        if run == 0 { glpkDisagrees = h.disagreements }
        highs.append(h.seconds)
    }
    // People in no component (no site they may serve) with a current site are moves whatever
    // the plan: the planner counts them in its last level, the component models cannot.
    levelsTotal[2] += forcedMoves(problem)
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

        """ + rows.joined(separator: "\n") + "\n\n" + staffingBudgetSection(district, python: python, peer: peer, work: work)
    write(text, to: out)
}

/// A budget for hires that binds (3,000,000: fifteen psychology teachers' worth, fewer than the
/// components would use), seeds 1 and 3: ours (the planner, which shares the budget out by a knapsack
/// over each role's hire counts) next to HiGHS on the district as one model with the budget row
/// (the model the planner solved before), level by level, 300 s per level.
func staffingBudgetSection(_ district: DistrictPreset, python: String, peer: String, work: String) -> String {
    var rows = [String]()
    for seed: UInt64 in [1, 3] {
        let generator = DistrictGenerator(preset: district, seed: seed)
        var policy = StaffingPolicy()
        policy.budget = 3_000_000
        let problem = try! StaffingProblem(data: generator.staffing(for: generator.generate()), policy: policy)
        for threads in [2, 1] {
            var ours = [Double](), plan: StaffingPlan!
            for _ in 0..<3 {
                let t0 = now()
                plan = try! StaffingPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(timeLimit: 600, threads: threads))
                ours.append(now() - t0)
            }
            rows.append("| \(seed) | ours, \(threads) thread\(threads == 1 ? "" : "s") | \(plan.status.rawValue)\(plan.budgetBinds ? " (binds)" : "") | \(plan.levels.map { format($0.value, 2) }.joined(separator: " / ")) | \(plan.kpis.hires) | \(format(median(ours), 2)) | \(format(ours.min()!, 2)) | \(format(ours.max()!, 2)) |")
            FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
        }
        let h = highsLevels([StaffingPlanner.districtModel(problem)], python: python, peer: peer, work: work, limit: 300, checkWithGLPK: false)
        let levels = [h.levels[0], h.levels[1], h.levels[2] + forcedMoves(problem)]
        rows.append("| \(seed) | HiGHS, 1 thread, one model | \(h.optimal) of \(h.models) levels optimal | \(levels.map { format($0, 2) }.joined(separator: " / ")) | - | \(format(h.seconds, 2)) | - | - |")
        FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
    }
    return """
        ### With a budget that binds

        The same district, seeds 1 and 3, `budget: 3000000` (default costs: fifteen psychology teachers' worth, less than
        the components' hires together). *Ours*: `StaffingPlanner.plan`, which solves each role of each component with
        every number of hires it could use and shares the budget out by a knapsack over those counts; median, min and max
        of 3. *HiGHS*: highspy 1 thread on the district as one model with the budget row (what the planner solved before),
        level by level, each level's HiGHS value a row of the next, 300 s per level, one run (read and solve).

        | seed | solver | status | levels (unmet / cost / moves+travel) | hires | s (median) | min | max |
        |---|---|---|---|---|---|---|---|

        """ + rows.joined(separator: "\n") + "\n\n"
}

/// People in no component (no site they may serve) with a current site: moves whatever the plan.
func forcedMoves(_ problem: StaffingProblem) -> Double {
    let inComponents = Set(problem.components.flatMap(\.people))
    return problem.policy.weights.move
        * Double(problem.data.staff.indices.filter { !inComponents.contains($0) && problem.data.staff[$0].currentSite != nil }.count)
}

/// HiGHS (one thread, `limit` seconds a level) on each model, level by level, each level's optimum
/// (HiGHS's own) a row of the next: the levels summed over the models, read and solve seconds summed,
/// and how many level models HiGHS proved. With `checkWithGLPK`, plain GLPK solves the same level
/// models as an independent check; the disagreements are returned.
func highsLevels(_ models: [(model: Model, levels: [LinearExpression])], python: String, peer: String, work: String, limit: Double,
                 checkWithGLPK: Bool) -> (levels: [Double], seconds: Double, optimal: Int, models: Int, disagreements: [String]) {
    var levels = [0.0, 0.0, 0.0], seconds = 0.0, optimal = 0, count = 0, disagreements = [String]()
    for (c, m) in models.enumerated() {
        var model = m.model
        for (k, level) in m.levels.enumerated() {
            if level.variables.isEmpty { levels[k] += level.constant; continue }
            model.minimize(level)
            let lp = "\(work)/staffing-component.lp"
            try! ModelFile.write(model, to: lp, format: .lp)
            let h = try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [peer, lp, String(limit)]))
            seconds += h.seconds
            count += 1
            if h.status == "Optimal" { optimal += 1 }
            // An LP file has no objective constant (the move penalties of people with a current
            // site): add it back, so that the level's row bounds the same expression.
            let value = (h.objective ?? .nan) + level.constant
            levels[k] += value
            if checkWithGLPK {
                let g = try! GLPKSolver().solve(model, options: SolveOptions(timeLimit: 600, logLevel: .off))
                // (GLPK's objective has the constant; `!(a <= b)` also catches a missing value.)
                if !(abs((g.objective ?? .nan) - value) <= 1e-3 * max(1, abs(value))) {
                    let line = "component \(c) level \(k): HiGHS \(value), GLPK \(g.objective.map { String($0) } ?? "none") (\(g.status.rawValue))"
                    disagreements.append(line)
                    FileHandle.standardError.write(Data("\(line)\n".utf8))
                }
            }
            model.addConstraint(LinearConstraint(level, upper: value + 1e-4 * max(1, abs(value))))
        }
    }
    return (levels, seconds, optimal, count, disagreements)
}
