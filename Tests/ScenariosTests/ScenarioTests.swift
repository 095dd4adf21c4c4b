import CareModel
import Foundation
import GLPK
import Planning
import Scenarios
import Testing

func parse(_ yaml: String) throws -> Scenario {
    try Scenario.parse(yaml, file: "s.yaml", directory: URL(fileURLWithPath: "/data"))
}

@Suite struct ScenarioFiles {
    @Test func fullScenario() throws {
        let s = try parse("""
            name: autumn
            data: tables
            plans: [mentors]
            policy:
              mentor:
                cap: 12
                min_years: 4
                max_high_risk: 1
                loads: {difficulty: 2}
                balance_target: 10
                same_gender_grades: [5, 6]
                weights: {continuity: 5, teaches_class: 0, prefer: 2, balance: 0.5, same_gender: 1}
            solver: {time_limit: 30, gap: 0.01, threads: 1}
            """)
        #expect(s.name == "autumn")
        #expect(s.source == .directory(URL(fileURLWithPath: "/data/tables")))
        #expect(s.mentorPolicy.cap == 12)
        #expect(s.mentorPolicy.minYears == 4)
        #expect(s.mentorPolicy.maxHighRisk == 1)
        #expect(s.mentorPolicy.loads.difficulty == 2)
        #expect(s.mentorPolicy.balanceTarget == 10)
        #expect(s.mentorPolicy.sameGenderGrades == [5, 6])
        #expect(s.mentorPolicy.weights.teachesClass == 0)
        #expect(s.mentorPolicy.weights.balance == 0.5)
        #expect(s.solver == SolverSettings(timeLimit: 30, gap: 0.01, threads: 1))
    }

    @Test func generatedDataAndDefaults() throws {
        let s = try parse("generate: {district: zhoujiadu, seed: 7}\n")
        #expect(s.source == .generate(district: "zhoujiadu", seed: 7))
        #expect(s.plans == [.mentors])
        #expect(s.mentorPolicy == MentorPolicy())
    }

    @Test func unknownKeyNamesItsLineAndColumn() {
        #expect(throws: DataError(file: "s.yaml", line: 4, column: 5, message: "unknown key 'capacity' in policy.mentor; expected one of cap, min_years, max_high_risk, high_risk_level, psych_trained_level, loads, balance_target, same_gender_grades, weights")) {
            try parse("data: x\npolicy:\n  mentor:\n    capacity: 12\n")
        }
    }

    @Test func unknownTopLevelKey() {
        #expect(throws: DataError(file: "s.yaml", line: 2, column: 1, message: "unknown key 'plan' in the scenario; expected one of name, data, generate, plans, roster, activities, policy, solver, whatif, sweep")) {
            try parse("data: x\nplan: [mentors]\n")
        }
    }

    @Test func rosterHorizonAndWorkLimit() throws {
        let s = try parse("data: x\nplans: [roster]\nroster: {start: 2027-02-01, days: 364}\nsolver: {work_limit: 50}\n")
        #expect(s.rosterHorizon == RosterHorizon(start: CalendarDate(year: 2027, month: 2, day: 1)!, days: 364))
        #expect(s.solver.workLimit == 50)
        #expect(throws: DataError(file: "s.yaml", line: 2, column: 17, message: "roster.start \"2027-02-30\" is ambiguous or not a date; write YYYY-MM-DD, or YYYY/MM/DD")) {
            try parse("data: x\nroster: {start: 2027-02-30}\n")
        }
        #expect(throws: DataError(file: "s.yaml", line: 2, column: 22, message: "solver.work_limit must be a positive whole number (search-tree nodes, or neighbourhood rounds), found \"0\"")) {
            try parse("data: x\nsolver: {work_limit: 0}\n")
        }
    }

    @Test func badValue() {
        #expect(throws: DataError(file: "s.yaml", line: 3, column: 17, message: "policy.mentor.cap must be a whole number from 0 to 1000, found \"lots\"")) {
            try parse("data: x\npolicy:\n  mentor: {cap: lots}\n")
        }
    }

    @Test func negativeWeight() {
        #expect(throws: DataError(file: "s.yaml", line: 1, column: 48, message: "policy.mentor.weights.balance must be a weight from 0 to 1000 (0 switches the term off), found \"-1\"")) {
            try parse("{data: x, policy: {mentor: {weights: {balance: -1}}}}")
        }
    }

    @Test func unknownPlan() {
        #expect(throws: DataError(file: "s.yaml", line: 2, column: 18, message: "plans: 'rosters' is not a plan careplan has; expected mentors, buddies, roster, staffing, activities")) {
            try parse("data: x\nplans: [mentors, rosters]\n")
        }
    }

    @Test func dataOrGenerate() {
        #expect(throws: DataError(file: "s.yaml", line: 1, column: 1, message: "the scenario names no data: give 'data: FOLDER' or 'generate: {district: NAME, seed: N}'")) {
            try parse("plans: [mentors]\n")
        }
        #expect(throws: DataError(file: "s.yaml", line: 2, column: 11, message: "give either 'data' or 'generate', not both")) {
            try parse("data: x\ngenerate: {district: tiny}\n")
        }
        #expect(throws: DataError(file: "s.yaml", line: 1, column: 22, message: "generate.district 'atlantis' is not one of zhoujiadu, changning, pudong, tiny, oneschool, survey-school")) {
            try parse("generate: {district: atlantis}\n")
        }
    }

    @Test func yamlSyntaxError() throws {
        do {
            _ = try parse("data: x\npolicy: [unclosed\n")
            Issue.record("expected an error")
        } catch let error as DataError {
            #expect(error.file == "s.yaml")
            #expect(error.line == 3)
            #expect(error.message.hasPrefix("is not valid YAML"))
        }
    }
}

@Suite struct Generator {
    @Test func sameSeedSameBytesOtherSeedOtherBytes() {
        let a = DistrictGenerator(preset: .tiny, seed: 5).generate().csvFiles()
        let b = DistrictGenerator(preset: .tiny, seed: 5).generate().csvFiles()
        let c = DistrictGenerator(preset: .tiny, seed: 6).generate().csvFiles()
        #expect(a.map(\.text) == b.map(\.text))
        #expect(a.map(\.text) != c.map(\.text))
    }

    @Test func zhoujiaduHasThePolicyDocumentsFigures() throws {
        let d = DistrictGenerator(preset: .zhoujiadu, seed: 1).generate()
        let schools = Dictionary(grouping: d.students, by: \.schoolID)
        #expect(schools.count == 24)
        #expect(d.students.count == 12_000)
        #expect(schools.values.allSatisfy { (300...3000).contains($0.count) })
        let difficulty = Double(d.students.filter(\.isInDifficulty).count) / Double(d.students.count)
        #expect((0.05...0.10).contains(difficulty))
        let history = Double(d.history.count) / Double(d.students.count)
        #expect((0.55...0.65).contains(history))
        let perMentor = Double(d.students.count) / Double(d.mentors.count)
        #expect((10.5...12.5).contains(perMentor))
        #expect(Set(d.students.map(\.communityID)).count <= 36)
        // Every class holds about 40.
        let classes = Dictionary(grouping: d.students, by: \.classID)
        #expect(classes.values.allSatisfy { $0.count <= 40 })
        // The tables it writes load back, and every pin respects the hard rules.
        let files = Dictionary(uniqueKeysWithValues: d.csvFiles().map { ($0.name, $0.text) })
        let reloaded = try MentorData.parse(
            students: CSVTable.parse(files["students.csv"]!, file: "students.csv"), mentors: CSVTable.parse(files["mentors.csv"]!, file: "mentors.csv"),
            history: CSVTable.parse(files["history.csv"]!, file: "history.csv"), pairs: CSVTable.parse(files["pairs.csv"]!, file: "pairs.csv"))
        #expect(reloaded.students == d.students)
        #expect(reloaded.history == d.history)
        _ = try MentorProblem(data: reloaded, policy: MentorPolicy())
        #expect(d.pairs.contains { $0.kind == .pin })
        #expect(d.pairs.contains { $0.kind == .forbid })
    }
}

@Suite struct Runs {
    func temporary() -> URL {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("careplan-run-\(UUID().uuidString)")
    }

    func files(_ dir: URL, _ names: [String] = ["mentors/assignments.csv", "mentors/loads.csv", "mentors/unmet.csv", "summary.json"]) throws -> [String: String] {
        var out = [String: String]()
        for name in names {
            var text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            if name == "summary.json" {
                text = text.split(separator: "\n").filter { !$0.contains("\"seconds\"") }.joined(separator: "\n")
            }
            out[name] = text
        }
        return out
    }

    @Test func twoRunsGiveIdenticalBytes() throws {
        let scenario = try parse("generate: {district: tiny, seed: 2}\n")
        let a = temporary(), b = temporary()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        var oneThread = scenario
        oneThread.solver.threads = 1
        _ = try ScenarioRunner(solver: GLPKSolver()).run(scenario, out: a)
        _ = try ScenarioRunner(solver: GLPKSolver()).run(oneThread, out: b)
        let fa = try files(a), fb = try files(b)
        #expect(fa == fb)
        #expect(fa["mentors/assignments.csv"]!.hasPrefix("student_id,mentor_id,school_id,score,reasons\n"))
        let permissions = try FileManager.default.attributesOfItem(atPath: a.appendingPathComponent("mentors/assignments.csv").path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func buddyRunsGiveIdenticalBytesInBothModes() throws {
        for mode in ["optimal", "stable"] {
            let scenario = try parse("generate: {district: tiny, seed: 3}\nplans: [buddies]\npolicy: {buddy: {mode: \(mode)}}\n")
            let a = temporary(), b = temporary()
            defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
            var oneThread = scenario
            oneThread.solver.threads = 1
            _ = try ScenarioRunner(solver: GLPKSolver()).run(scenario, out: a)
            _ = try ScenarioRunner(solver: GLPKSolver()).run(oneThread, out: b)
            let names = ["buddies/pairs.csv", "buddies/unmatched.csv", "summary.json"] + (mode == "stable" ? ["buddies/blocking.csv"] : [])
            let fa = try files(a, names), fb = try files(b, names)
            #expect(fa == fb)
            #expect(fa["buddies/pairs.csv"]!.split(separator: "\n").count > 20)
            #expect(!FileManager.default.fileExists(atPath: a.appendingPathComponent("mentors").path))
        }
        // The generator's buddy tables: same seed, same bytes; another seed, other bytes.
        let g = DistrictGenerator(preset: .tiny, seed: 3)
        let one = g.buddies(for: g.generate().students).csvFiles().map(\.text)
        let two = g.buddies(for: g.generate().students).csvFiles().map(\.text)
        let other = DistrictGenerator(preset: .tiny, seed: 4)
        #expect(one == two)
        #expect(one != other.buddies(for: other.generate().students).csvFiles().map(\.text))
    }

    @Test func badDataLeavesNoOutputFolder() throws {
        let dir = temporary()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "student_id,school_id,grade,class_id,gender,difficulty,risk_level,community_id\nS1,A,4,A1,F,,9,C\n"
            .write(to: dir.appendingPathComponent("students.csv"), atomically: true, encoding: .utf8)
        try "mentor_id,school_id,gender,grades,classes,years_experience,psych_trained,vetted,capacity\n"
            .write(to: dir.appendingPathComponent("mentors.csv"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        #expect(throws: DataError.self) {
            try ScenarioRunner(solver: GLPKSolver()).run(Scenario(name: "bad", source: .directory(dir)), out: out)
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["mentors.csv", "students.csv"])
    }

    @Test func refusesToReplaceAFolderCareplanDidNotWrite() throws {
        let dir = temporary()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "keep me".write(to: dir.appendingPathComponent("thesis.txt"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: DataError(file: dir.path, line: 0, column: 0, message: "exists and was not written by `careplan run`; choose an empty or new folder for --out")) {
            try OutputFolder(dir)
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("thesis.txt").path))
    }
}

@Suite struct DefaultLimits {
    /// Every run ends: a scenario without solver settings gets the documented time limit.
    @Test func scenariosWithoutSolverSettingsStopAtSixtySecondsPerPlan() throws {
        let s = try parse("data: x\n")
        #expect(s.limitedSolver.timeLimit == 60)
        #expect(s.limitedSolver.workLimit == nil)
        #expect(try parse("data: x\nsolver: {time_limit: 5}\n").limitedSolver.timeLimit == 5)
        // A work limit alone ends the search and keeps it deterministic: no clock added.
        let work = try parse("data: x\nsolver: {work_limit: 30}\n").limitedSolver
        #expect(work.timeLimit == nil && work.workLimit == 30)
        #expect(try parse("data: x\nsolver: {time_limit: 5, work_limit: 30}\n").limitedSolver.timeLimit == 5)
    }
}

@Suite struct StaffingScenario {
    @Test func staffingPolicyKeys() throws {
        let s = try parse("""
            data: x
            plans: [staffing]
            policy:
              staffing:
                school_min_full_time: 2
                large_school_students: 800
                per_extra_campus: 0
                per_extra_stage: 2
                station_min_fte: 0.6
                station_legal: 2
                centre_researchers_per_stage: 2
                max_sites_per_person: 3
                max_travel_minutes: 30
                budget: 1000000
                cost_per_hire: {psych_teacher: 150000, legal: 90000}
                weights: {school: 5, station: 8, centre: 3, move: 2, travel: 0.1}
            """)
        #expect(s.plans == [.staffing])
        let p = s.staffingPolicy
        #expect(p.schoolMinFullTime == 2 && p.largeSchoolStudents == 800 && p.perExtraCampus == 0 && p.perExtraStage == 2)
        #expect(p.stationMinFTE == 0.6 && p.stationLegal == 2 && p.centreResearchersPerStage == 2 && p.maxSitesPerPerson == 3)
        #expect(p.maxTravelMinutes == 30 && p.budget == 1_000_000)
        #expect(p.cost(.psychTeacher) == 150_000 && p.cost(.legal) == 90_000 && p.cost(.counsellor) == 160_000)
        #expect(p.weights.station == 8 && p.weights.travel == 0.1)
    }

    @Test func negativeBudget() {
        #expect(throws: DataError(file: "s.yaml", line: 4, column: 13, message: "policy.staffing.budget must be an amount of money of at least 0 (0: no hires), found \"-5\"")) {
            try parse("data: x\npolicy:\n  staffing:\n    budget: -5\n")
        }
    }

    @Test func unknownStaffingKey() {
        #expect(throws: DataError(file: "s.yaml", line: 4, column: 21, message: "unknown key 'lawyer' in policy.staffing.cost_per_hire; expected one of psych_teacher, counsellor, legal, researcher")) {
            try parse("data: x\npolicy:\n  staffing:\n    cost_per_hire: {lawyer: 5}\n")
        }
    }
}
