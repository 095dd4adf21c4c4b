import CareModel
import Foundation
import GLPK
import Modeling
import Planning
import Scenarios

/// The readers under test, each with its seeds from `Tests/FuzzCorpus`.
enum FuzzTargets {
    static let horizon = RosterHorizon(start: CalendarDate(year: 2026, month: 12, day: 7)!, days: 28)
    /// Plans of what parses are searched a little: a work limit (the time limit only guards).
    static let settings = SolverSettings(timeLimit: 10, threads: 1, workLimit: 2)

    /// Each folder of `FuzzCorpus/<kind>/` as an input of its files.
    static func folderSeeds(_ kind: String) -> [String: FuzzInput] {
        let root = FuzzConfig.corpus.appendingPathComponent(kind)
        var out = [String: FuzzInput]()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] {
            let folder = root.appendingPathComponent(name)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            guard !files.isEmpty else { continue }
            out[name] = FuzzInput(files: files.map { ($0, [UInt8]((try? Data(contentsOf: folder.appendingPathComponent($0))) ?? Data())) })
        }
        return out
    }

    /// Each file of `FuzzCorpus/<kind>/` as an input of one file.
    static func fileSeeds(_ kind: String) -> [String: FuzzInput] {
        let root = FuzzConfig.corpus.appendingPathComponent(kind)
        var out = [String: FuzzInput]()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] {
            out[name] = FuzzInput(files: [(name, [UInt8]((try? Data(contentsOf: root.appendingPathComponent(name))) ?? Data()))])
        }
        return out
    }

    /// The table `name` of the input read as a file would be (nil when absent and optional).
    static func table(_ input: FuzzInput, _ name: String, required: Bool = false) throws -> CSVTable? {
        guard let bytes = input.bytes(name) else {
            if required { throw DataError(file: name, line: 0, column: 0, message: "no such file") }
            return nil
        }
        return try CSVTable.parse(data: Data(bytes), file: name)
    }

    static let onlyDataErrors: @Sendable (any Error) -> Bool = { $0 is DataError }

    /// CSVTable.parse alone, and what it promises: every row as wide as the header, lines in order.
    static let csv = FuzzTarget(name: "csv", seeds: {
        var seeds = [String: FuzzInput]()
        for kind in ["mentors", "buddies", "roster", "staffing", "activities"] {
            for (name, input) in folderSeeds(kind) {
                for file in input.files { seeds["\(kind)/\(name)/\(file.name)"] = FuzzInput(files: [file]) }
            }
        }
        return seeds
    }(), run: { input, _ in
        let t = try CSVTable.parse(data: Data(input.files[0].bytes), file: input.files[0].name)
        var last = t.header.first?.line ?? 0
        for row in t.rows {
            guard row.fields.count == t.header.count, row.line > last, row.fields.allSatisfy({ $0.line >= row.line && $0.column >= 1 }) else {
                throw FuzzDefect("row at line \(row.line) breaks the table's shape")
            }
            last = row.fields.last!.line
        }
    }, allowed: onlyDataErrors)

    static let mentors = FuzzTarget(name: "mentors", seeds: folderSeeds("mentors"), run: { input, _ in
        let data = try MentorData.parse(students: table(input, "students.csv", required: true)!, mentors: table(input, "mentors.csv", required: true)!,
                                        history: table(input, "history.csv"), pairs: table(input, "pairs.csv"))
        var policy = MentorPolicy()
        policy.loads.difficulty = 2
        policy.loads.highRisk = 3
        for p in [MentorPolicy(), policy] {
            let problem = try MentorProblem(data: data, policy: p)
            _ = try MentorPlanner.plan(problem, solver: GLPKSolver(), settings: settings)
        }
    }, allowed: onlyDataErrors)

    static let buddies = FuzzTarget(name: "buddies", seeds: folderSeeds("buddies"), run: { input, _ in
        var warnings = [String]()
        let students = try Student.parseTable(table(input, "students.csv", required: true)!, warnings: &warnings)
        let data = try BuddyData.parse(students: students, studentsFile: "students.csv", requests: table(input, "buddy_requests.csv", required: true)!,
                                       helpers: table(input, "helpers.csv", required: true)!, pairs: table(input, "buddy_pairs.csv"),
                                       ranks: table(input, "buddy_ranks.csv"), history: table(input, "buddy_history.csv"))
        var stable = BuddyPolicy()
        stable.mode = .stable
        stable.scope = .community
        for p in [BuddyPolicy(), stable] {
            let problem = try BuddyProblem(data: data, policy: p)
            _ = try BuddyPlanner.plan(problem, solver: GLPKSolver(), settings: settings)
        }
    }, allowed: onlyDataErrors)

    static let roster = FuzzTarget(name: "roster", seeds: folderSeeds("roster"), run: { input, _ in
        let data = try RosterData.parse(shifts: table(input, "shifts.csv", required: true)!, staff: table(input, "roster_staff.csv", required: true)!,
                                        leave: table(input, "leave.csv"), requests: table(input, "requests.csv"),
                                        cover: table(input, "cover.csv", required: true)!, horizon: horizon)
        // The roster planner takes seconds even under a tiny work limit (debug build), so each input
        // gets its problem and its whole model (validated) here; the seeds are planned in `seedsAreValid`.
        let problem = RosterProblem(data: data)
        for q in problem.people.indices { _ = problem.requestPrices(of: q) }
        _ = try problem.wholeModel().assemble()
    }, allowed: onlyDataErrors)

    /// Four days of a small hotline, planned (roster-plan seeds): the planner on what the tables allow.
    static let plannedRoster = FuzzTarget(name: "roster-plan", seeds: folderSeeds("roster-plan"), run: { input, _ in
        let data = try RosterData.parse(shifts: table(input, "shifts.csv", required: true)!, staff: table(input, "roster_staff.csv", required: true)!,
                                        leave: table(input, "leave.csv"), requests: table(input, "requests.csv"),
                                        cover: table(input, "cover.csv", required: true)!,
                                        horizon: RosterHorizon(start: horizon.start, days: 4))
        _ = try RosterPlanner.plan(RosterProblem(data: data), solver: GLPKSolver(), settings: SolverSettings(timeLimit: 10, threads: 1, workLimit: 1))
    }, allowed: onlyDataErrors)

    static let staffing = FuzzTarget(name: "staffing", seeds: folderSeeds("staffing"), run: { input, _ in
        let data = try StaffingData.parse(sites: table(input, "sites.csv", required: true)!, staff: table(input, "staff.csv", required: true)!,
                                          travel: table(input, "travel.csv"))
        var budget = StaffingPolicy()
        budget.budget = 1_000_000
        for p in [StaffingPolicy(), budget] {
            _ = try StaffingPlanner.plan(StaffingProblem(data: data, policy: p), solver: GLPKSolver(), settings: settings)
        }
    }, allowed: onlyDataErrors)

    /// The activities plan's tables, read with the shared ones (sites, staff, students) they refer to.
    static let activities = FuzzTarget(name: "activities", seeds: folderSeeds("activities"), run: { input, _ in
        let shared = try StaffingData.parse(sites: table(input, "sites.csv", required: true)!, staff: table(input, "staff.csv", required: true)!)
        var warnings = [String]()
        let students = try Student.parseTable(table(input, "students.csv", required: true)!, warnings: &warnings)
        _ = try ActivitiesData.parse(themes: table(input, "themes.csv"), venues: table(input, "venues.csv", required: true)!,
                                     blackout: table(input, "blackout.csv"), availability: table(input, "availability.csv"),
                                     directors: table(input, "directors.csv", required: true)!, doctors: table(input, "doctors.csv", required: true)!,
                                     horizon: ActivitiesHorizon(start: CalendarDate(year: 2027, month: 2, day: 1)!, months: 12)!,
                                     sites: shared.sites, staff: shared.staff, students: students)
    }, allowed: onlyDataErrors)

    static let scenarios = FuzzTarget(name: "scenario", seeds: fileSeeds("scenarios"), run: { input, _ in
        let text = try TextFile.decode(Data(input.files[0].bytes), file: "s.yaml", saveAs: "UTF-8 text")
        _ = try Scenario.parse(text, file: "s.yaml", directory: URL(fileURLWithPath: "/data"))
    }, allowed: onlyDataErrors)

    /// Model files through GLPK's readers (under the guard), then solved within a node budget.
    static let models = FuzzTarget(name: "model", seeds: fileSeeds("models"), run: { input, scratch in
        let file = input.files[0]
        let path = scratch.appendingPathComponent(file.name).path
        if !FileManager.default.fileExists(atPath: path) || FuzzConfig.work == nil {
            try Data(file.bytes).write(to: URL(fileURLWithPath: path))
        }
        let format = ModelFileFormat(fileName: file.name) ?? .lp
        let model = try ModelFile.read(path, format: format)
        var options = SolveOptions(timeLimit: 10)
        options.nodeLimit = 50
        _ = try GLPKSolver().solve(model, options: options)
    }, allowed: { $0 is GLPKError || $0 is ModelError })

    static let all = [csv, mentors, buddies, roster, plannedRoster, staffing, activities, scenarios, models]
}

/// A promise of a reader broken without a crash (a table of the wrong shape).
struct FuzzDefect: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
