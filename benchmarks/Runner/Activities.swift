import CareModel
import Foundation
import GLPK
import Modeling
import Planning
import Scenarios

// careplan-bench activities --careplan PATH --python PY --peer highs_solve.py --work DIR --out FILE [--district pudong] [--every 15]
//
// The activities plan of a generated district for a year (seed 1, default policy): the whole plan
// (problem prepared; two threads and one; median of 3), the command line end to end on the
// generated tables (median of 3), and part by part next to HiGHS on the same exported models in the
// same run: every station group, and every `every`-th community with a vetted director.
func activitiesWorkload() {
    let careplan = argument("careplan"), python = argument("python"), peer = argument("peer"), work = argument("work"), out = argument("out")
    let district = DistrictPreset(rawValue: argument("district", default: "pudong"))!
    let every = Int(argument("every", default: "15"))!
    try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    let horizon = Scenario.defaultActivitiesHorizon
    let generator = DistrictGenerator(preset: district, seed: 1)
    let data = generator.generate()
    let staffing = generator.staffing(for: data)
    let problem = try! ActivitiesProblem(data: generator.activities(for: data, staffing: staffing, horizon: horizon), sites: staffing.sites,
                                         staff: staffing.staff, students: data.students)
    let children = problem.communities.reduce(0) { $0 + $1.children.count }

    // The whole plan, in process.
    var rows = [String]()
    var plan: ActivitiesPlan!
    for threads in [2, 1] {
        var times = [Double]()
        for _ in 0..<3 {
            let t0 = now()
            plan = try! ActivitiesPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(timeLimit: 600, threads: threads))
            times.append(now() - t0)
        }
        rows.append("| ours, \(threads) thread\(threads == 1 ? "" : "s") | \(plan.status.rawValue) | \(format(plan.gap * 100, 4)) % | \(plan.unmet.count) | \(format(median(times), 2)) | \(format(times.min()!, 2)) | \(format(times.max()!, 2)) |")
        FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
    }

    // The command line end to end: reading the generated tables, planning, writing every file.
    let folder = "\(work)/activities-\(district.rawValue)"
    try? FileManager.default.removeItem(atPath: folder)
    _ = timedRun(careplan, ["generate", "--district", district.rawValue, "--seed", "1", "--out", "\(folder)/data"])
    try! "name: activities\ndata: data\nplans: [activities]\nsolver: {time_limit: 600}\n".write(toFile: "\(folder)/s.yaml", atomically: true, encoding: .utf8)
    var cli = [Double]()
    for _ in 0..<3 { cli.append(timedRun(careplan, ["run", "\(folder)/s.yaml", "--out", "\(folder)/out", "--quiet"])) }
    let files = (try? FileManager.default.subpathsOfDirectory(atPath: "\(folder)/out/activities"))?.count ?? 0
    rows.append("| ours, command line (2 threads) | read, plan, write \(files) files | | | \(format(median(cli), 2)) | \(format(cli.min()!, 2)) | \(format(cli.max()!, 2)) |")
    FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))

    // Part by part next to HiGHS (one thread, 60 s a model).
    func side(_ models: [(name: String, model: Model, ours: () -> (ActivitiesPlanner.PartSearch, Double))]) -> (String, [Double], [Double]) {
        var oursTimes = [Double](), highsTimes = [Double](), agree = 0, oursOptimal = 0, highsOptimal = 0
        for m in models {
            let (search, seconds) = m.ours()
            oursTimes.append(seconds)
            if search.optimal { oursOptimal += 1 }
            let lp = "\(work)/activities-part.lp"
            try! ModelFile.write(m.model, to: lp, format: .lp)
            let h = try! JSONDecoder().decode(PeerJSON.self, from: runPeer(python, [peer, lp, "60"]))
            highsTimes.append(h.seconds)
            if h.status == "Optimal" { highsOptimal += 1 }
            if let o = h.objective, abs(o - search.objective) <= 1e-6 * max(1, abs(o)) { agree += 1 } else {
                FileHandle.standardError.write(Data("\(m.name): ours \(search.objective), HiGHS \(h.objective.map { String($0) } ?? "none") (\(h.status))\n".utf8))
            }
        }
        return ("ours optimal \(oursOptimal) of \(models.count), HiGHS optimal \(highsOptimal), objectives agree \(agree)", oursTimes, highsTimes)
    }
    func timed(_ f: () -> ActivitiesPlanner.PartSearch) -> (ActivitiesPlanner.PartSearch, Double) {
        let t0 = now()
        let r = f()
        return (r, now() - t0)
    }
    let one = SolverSettings(threads: 1)
    let stations = side(problem.stationGroups.indices.map { g in
        ("station group \(g)", ActivitiesPlanner.stationGroupModel(problem, g), { timed { try! ActivitiesPlanner.searchStationGroup(problem, g, solver: GLPKSolver(), settings: one) } })
    })
    let sampled = problem.communities.indices.filter { ActivitiesPlanner.communityModel(problem, $0) != nil }.enumerated().filter { $0.offset % every == 0 }.map(\.element)
    let communities = side(sampled.map { c in
        ("community \(problem.communities[c].id)", ActivitiesPlanner.communityModel(problem, c)!, { timed { try! ActivitiesPlanner.searchCommunity(problem, c, solver: GLPKSolver(), settings: one) } })
    })
    func partRow(_ name: String, _ r: (String, [Double], [Double])) -> String {
        "| \(name) | \(r.0) | \(format(median(r.1), 3)) | \(format(r.1.max() ?? .nan, 3)) | \(format(r.1.reduce(0, +), 2)) | \(format(median(r.2), 3)) | \(format(r.2.max() ?? .nan, 3)) | \(format(r.2.reduce(0, +), 2)) | \(format(r.1.reduce(0, +) / max(1e-9, r.2.reduce(0, +)), 3)) |"
    }
    let stationRow = partRow("\(problem.stationGroups.count) station groups (a year each)", stations)
    let communityRow = partRow("\(sampled.count) communities (every \(every)th with a vetted director)", communities)
    FileHandle.standardError.write(Data("\(stationRow)\n\(communityRow)\n".utf8))

    let text = """
        ## Activities: \(district.rawValue) for a year next to HiGHS

        Measured \(today()) by `benchmarks/run activities`. `DistrictGenerator(\(district.rawValue), seed 1)`, activities from
        \(horizon.start) for \(horizon.months) months: \(problem.stations.count) stations (\(problem.stationGroups.count) groups sharing
        leads or venues), \(problem.schools.count) schools, \(problem.communities.count) communities with \(children) children in
        difficulty, \(problem.data.doctors.count) doctors; \(plan.components) parts. *Ours*: `ActivitiesPlanner.plan` on the
        prepared problem (median, min and max of 3), and `careplan run` on the generated tables end to end (reading them, planning,
        writing every file; median of 3). Unmet: frequencies the district's people and hours cannot meet (stations without a
        legal worker, communities whose director is not vetted, ...), each listed with its fix.

        | solver | status | gap | unmet | s (median) | min | max |
        |---|---|---|---|---|---|---|

        """ + rows.joined(separator: "\n") + """


        Part by part, next to HiGHS (highspy, one thread, 60 s a model) on the same models exported as LP files, in the same run.
        *Ours*: one thread, each part's search as the plan runs it (a station group: GLPK, stopped once the incumbent reaches
        the bound rounded up, the objective being whole; a community: each child's exact dynamic programme, the children fitted
        into the director's hours, and GLPK from there only where the hours bind), model building included. *HiGHS*: reading
        the LP file and solving. Seconds per part (median, max) and summed; the ratio is ours over HiGHS, summed.

        | parts | outcome | ours median | ours max | ours total | HiGHS median | HiGHS max | HiGHS total | ours / HiGHS |
        |---|---|---|---|---|---|---|---|---|
        \(stationRow)
        \(communityRow)


        """
    write(text, to: out)
}
