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

    /// The data a scenario names: read from its folder, or generated.
    public static func data(for scenario: Scenario) throws -> MentorData {
        switch scenario.source {
        case let .directory(url):
            return try MentorData.load(from: url, display: displayPath(url))
        case let .generate(district, seed):
            return DistrictGenerator(preset: DistrictPreset(rawValue: district)!, seed: seed).generate()
        }
    }

    /// Checks data and policy without solving: every table and every pin.
    public static func validate(_ scenario: Scenario) throws -> (MentorData, MentorProblem) {
        let data = try data(for: scenario)
        let problem = try MentorProblem(data: data, policy: scenario.mentorPolicy)
        return (data, problem)
    }

    public struct Result: Sendable {
        public let mentors: MentorPlan?
        public let warnings: [String]
    }

    /// Solves the scenario's plans and writes them to `out` (whole or not at all).
    public func run(_ scenario: Scenario, out: URL) throws -> Result {
        let (data, problem) = try Self.validate(scenario)
        let folder = try OutputFolder(out)
        defer { folder.discard() }
        var plans = [String: PlanSummary]()
        var mentorPlan: MentorPlan?
        if scenario.plans.contains(.mentors) {
            let plan = try MentorPlanner.plan(problem, solver: solver, settings: scenario.solver)
            try MentorOutputs.write(plan, to: folder)
            plans["mentors"] = PlanSummary(plan)
            mentorPlan = plan
        }
        let summary = RunSummary(scenario: scenario.name, scenarioFile: scenario.file?.path, plans: plans)
        try folder.write("summary.json", summary.json())
        try folder.commit()
        return Result(mentors: mentorPlan, warnings: data.warnings)
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
    public let plans: [String: PlanSummary]

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
