import CareModel
import Foundation
import Modeling
import Planning

/// Runs a scenario's plans and writes their outputs.
public struct ScenarioRunner: Sendable {
    public let solver: any PlanSolver

    public init(solver: any PlanSolver) {
        self.solver = solver
    }

    /// A scenario's data, read and checked, and each plan's prepared problem.
    public struct Prepared: Sendable {
        public let mentors: MentorProblem?
        public let buddies: BuddyProblem?
        public let roster: RosterProblem?
        public var staffing: StaffingProblem? = nil
        public let warnings: [String]
    }

    /// Reads the tables the scenario's plans need (from its folder, or generated) and checks
    /// every rule a plan relies on, without solving.
    public static func prepare(_ scenario: Scenario) throws -> Prepared {
        var mentorData: MentorData?, buddyData: BuddyData?, rosterData: RosterData?, staffingData: StaffingData?
        switch scenario.source {
        case let .directory(url):
            let display = displayPath(url)
            var students: [Student]?
            if scenario.plans.contains(.mentors) {
                mentorData = try MentorData.load(from: url, display: display)
                students = mentorData!.students
            }
            if scenario.plans.contains(.buddies) {
                let folder = TableFolder(url, display: display)
                var warnings = [String]()
                if students == nil {
                    students = try Student.parseTable(folder.required("students.csv", for: "buddy"), warnings: &warnings)
                }
                buddyData = try BuddyData.load(from: url, display: display, students: students!, studentsFile: folder.name("students.csv"))
                buddyData!.warnings = warnings + buddyData!.warnings
            }
            if scenario.plans.contains(.roster) {
                rosterData = try RosterData.load(from: url, display: display, horizon: scenario.rosterHorizon)
            }
            if scenario.plans.contains(.staffing) { staffingData = try StaffingData.load(from: url, display: display) }
        case let .generate(district, seed):
            let generator = DistrictGenerator(preset: DistrictPreset(rawValue: district)!, seed: seed)
            let data = generator.generate()
            if scenario.plans.contains(.mentors) { mentorData = data }
            if scenario.plans.contains(.buddies) { buddyData = generator.buddies(for: data.students) }
            if scenario.plans.contains(.roster) {
                let preset = DistrictPreset(rawValue: district)!
                rosterData = RosterGenerator(staff: RosterGenerator.staff(for: preset), horizon: scenario.rosterHorizon, seed: seed, sessions: true).generate()
            }
            if scenario.plans.contains(.staffing) { staffingData = generator.staffing(for: data) }
        }
        let mentors = try mentorData.map { try MentorProblem(data: $0, policy: scenario.mentorPolicy) }
        let buddies = try buddyData.map { try BuddyProblem(data: $0, policy: scenario.buddyPolicy) }
        let staffing = try staffingData.map { try StaffingProblem(data: $0, policy: scenario.staffingPolicy) }
        return Prepared(mentors: mentors, buddies: buddies, roster: rosterData.map(RosterProblem.init), staffing: staffing,
                        warnings: (mentorData?.warnings ?? []) + (buddyData?.warnings ?? []) + (rosterData?.warnings ?? [])
                            + (staffingData?.warnings ?? []))
    }

    public struct Result: Sendable {
        public let mentors: MentorPlan?
        public let buddies: BuddyPlan?
        public let roster: RosterPlan?
        public var staffing: StaffingPlan? = nil
        public let warnings: [String]
    }

    /// Solves the scenario's plans and writes them to `out` (whole or not at all).
    public func run(_ scenario: Scenario, out: URL) throws -> Result {
        try OutputFolder.check(out, inputs: scenario.inputs)
        let prepared = try Self.prepare(scenario)
        let folder = try OutputFolder(out, inputs: scenario.inputs)
        defer { folder.discard() }
        var summary = RunSummary.Plans()
        var mentorPlan: MentorPlan?, buddyPlan: BuddyPlan?, rosterPlan: RosterPlan?
        if let problem = prepared.mentors {
            let plan = try MentorPlanner.plan(problem, solver: solver, settings: scenario.solver)
            try MentorOutputs.write(plan, to: folder)
            summary.mentors = PlanSummary(plan)
            mentorPlan = plan
        }
        if let problem = prepared.buddies {
            let plan = try BuddyPlanner.plan(problem, solver: solver, settings: scenario.solver)
            try BuddyOutputs.write(plan, to: folder)
            summary.buddies = BuddySummary(plan)
            buddyPlan = plan
        }
        if let problem = prepared.roster {
            let plan = try RosterPlanner.plan(problem, solver: solver, settings: scenario.solver)
            try RosterOutputs.write(plan, to: folder)
            summary.roster = RosterSummary(plan)
            rosterPlan = plan
        }
        var staffingPlan: StaffingPlan?
        if let problem = prepared.staffing {
            let plan = try StaffingPlanner.plan(problem, solver: solver, settings: scenario.solver)
            try StaffingOutputs.write(plan, to: folder)
            summary.staffing = StaffingSummary(plan)
            staffingPlan = plan
        }
        let run = RunSummary(scenario: scenario.name, scenarioFile: scenario.file?.path, plans: summary)
        try folder.write("summary.json", run.json())
        try folder.commit()
        return Result(mentors: mentorPlan, buddies: buddyPlan, roster: rosterPlan, staffing: staffingPlan, warnings: prepared.warnings)
    }

    static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }
}

/// The mentor plan's files.
public enum MentorOutputs {
    public static func write(_ plan: MentorPlan, to folder: OutputFolder) throws {
        var assignments = CSVWriter(header: ["student_id", "mentor_id", "school_id", "score", "reasons"])
        for a in plan.assignments {
            assignments.append([a.studentID, a.mentorID, a.schoolID, CSVWriter.number(a.score), a.reasons.joined(separator: ";")])
        }
        var loads = CSVWriter(header: ["mentor_id", "school_id", "load", "capacity", "high_risk"])
        for l in plan.loads {
            loads.append([l.mentorID, l.schoolID, String(l.load), String(l.capacity), String(l.highRisk)])
        }
        var unmet = CSVWriter(header: ["student_id", "school_id", "grade", "rule", "detail"])
        for u in plan.unmet {
            unmet.append([u.studentID, u.schoolID, String(u.grade), u.rule, u.detail])
        }
        try folder.write("mentors/assignments.csv", assignments.text)
        try folder.write("mentors/loads.csv", loads.text)
        try folder.write("mentors/unmet.csv", unmet.text)
    }
}

/// The buddy plan's files: pairs, unmatched children and, in stable mode, blocking pairs.
public enum BuddyOutputs {
    public static func write(_ plan: BuddyPlan, to folder: OutputFolder) throws {
        var pairs = CSVWriter(header: ["student_id", "helper_id", "school_id", "score", "reasons"])
        for p in plan.pairs {
            pairs.append([p.childID, p.helperID, p.schoolID, CSVWriter.number(p.score), p.reasons.joined(separator: ";")])
        }
        var unmatched = CSVWriter(header: ["student_id", "school_id", "grade", "rule", "detail"])
        for u in plan.unmatched { unmatched.append([u.childID, u.schoolID, String(u.grade), u.rule, u.detail]) }
        try folder.write("buddies/pairs.csv", pairs.text)
        try folder.write("buddies/unmatched.csv", unmatched.text)
        if plan.mode == .stable {
            var blocking = CSVWriter(header: ["student_id", "helper_id", "why"])
            for b in plan.blocking { blocking.append([b.childID, b.helperID, b.why]) }
            try folder.write("buddies/blocking.csv", blocking.text)
        }
    }
}

/// The buddy plan's section of summary.json.
public struct BuddySummary: Codable, Sendable, Equatable {
    public let mode: String
    public let status: String
    public let stop: String
    public let objective: Double
    public let bound: Double
    public let gap: Double
    public let seconds: Double
    public let components: Int
    public let kpis: BuddyPlan.KPIs
    public let fixes: [String]

    init(_ plan: BuddyPlan) {
        mode = plan.mode.rawValue
        status = plan.status.rawValue
        stop = plan.stop.rawValue
        objective = plan.objective
        bound = plan.bound
        gap = plan.gap
        seconds = (plan.seconds * 1000).rounded() / 1000
        components = plan.components
        kpis = plan.kpis
        fixes = plan.fixes
    }
}

/// One plan's line in summary.json.
public struct PlanSummary: Codable, Sendable, Equatable {
    public let status: String
    public let stop: String
    public let objective: Double
    public let bound: Double
    public let gap: Double
    public let seconds: Double
    public let components: Int
    public let networkComponents: Int
    public let kpis: MentorPlan.KPIs
    public let fixes: [String]

    enum CodingKeys: String, CodingKey {
        case status, stop, objective, bound, gap, seconds, components, kpis, fixes
        case networkComponents = "network_components"
    }

    init(_ plan: MentorPlan) {
        status = plan.status.rawValue
        stop = plan.stop.rawValue
        objective = plan.objective
        bound = plan.bound
        gap = plan.gap
        seconds = (plan.seconds * 1000).rounded() / 1000
        components = plan.components
        networkComponents = plan.networkComponents
        kpis = plan.kpis
        fixes = plan.fixes
    }
}

public struct RunSummary: Codable, Sendable {
    public let scenario: String
    public let scenarioFile: String?
    public let plans: Plans

    /// One section per plan that ran.
    public struct Plans: Codable, Sendable {
        public var mentors: PlanSummary?
        public var buddies: BuddySummary?
        public var roster: RosterSummary?
        public var staffing: StaffingSummary?
    }

    enum CodingKeys: String, CodingKey {
        case scenario, plans
        case scenarioFile = "scenario_file"
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    public static func read(_ url: URL) throws -> RunSummary {
        try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: url))
    }
}
