import CareModel
import Modeling

/// A solved mentor assignment: who mentors whom, each mentor's load, who is left
/// without a mentor and why, and the figures a school reports.
public struct MentorPlan: Sendable {
    public struct Assignment: Sendable, Equatable {
        public let studentID: String
        public let mentorID: String
        public let schoolID: String
        public let score: Double
        public let reasons: [String]
    }

    public struct MentorLoad: Sendable, Equatable {
        public let mentorID: String
        public let schoolID: String
        public let load: Int
        public let capacity: Int
        public let highRisk: Int
    }

    /// A student left without a mentor. `rule` and `detail` never reveal the student's risk
    /// level or difficulty (a rule that would reads `qualification`); the `sensitive` ones name
    /// the rule itself, for `--sensitive` outputs only.
    public struct Unmet: Sendable, Equatable {
        public let studentID: String
        public let schoolID: String
        public let grade: Int
        public let rule: MentorRule
        public let detail: String
        public let sensitiveRule: MentorRule
        public let sensitiveDetail: String
    }

    public struct KPIs: Sendable, Equatable {
        public let students: Int
        public let assigned: Int
        public let coverage: Double
        /// Of the students with a last-term mentor still here, the share who kept them.
        public let continuityShare: Double
        public let childrenInDifficulty: Int
        public let childrenInDifficultyWithQualifiedMentor: Int
        public let maxLoad: Int
        public let meanLoad: Double
        public let unmet: Int
    }

    /// Its objective: the total weighted cost (unmet penalties, minus scores, plus balance
    /// penalties).
    public let search: SearchEnd
    public let components: Int
    public let networkComponents: Int
    public let assignments: [Assignment]
    public let loads: [MentorLoad]
    public let unmet: [Unmet]
    /// What would let the unmet students be placed, in the planner's words, naming no
    /// qualification rule that reveals a student's attributes.
    public let fixes: [String]
    /// The same, naming the qualification rules (for `--sensitive` outputs only).
    public let sensitiveFixes: [String]
    public let kpis: KPIs
    /// Re-planning: how the pairs differ from the plan re-planned (nil when none was given).
    public let changes: PlanChanges?

    init(problem: MentorProblem, results: [MentorPlanner.ComponentResult], seconds: Double) {
        let data = problem.data, policy = problem.policy
        var mentorOf = [Int?](repeating: nil, count: data.students.count)
        var chosen = [MentorProblem.Candidate?](repeating: nil, count: data.students.count)
        for (component, result) in zip(problem.components, results) {
            for (s, c) in zip(component.students, result.choice) {
                guard let c else { continue }
                chosen[s] = problem.candidates[s][c]
                mentorOf[s] = problem.candidates[s][c].mentor
            }
        }
        search = SearchEnd(combining: results, scale: MentorPolicy.scale, seconds: seconds)
        components = results.count
        networkComponents = results.filter(\.network).count

        assignments = data.students.indices.compactMap { s -> Assignment? in
            guard let c = chosen[s] else { return nil }
            return Assignment(studentID: data.students[s].id, mentorID: data.mentors[c.mentor].id,
                              schoolID: data.students[s].schoolID, score: Double(c.policyUnits) / MentorPolicy.scale,
                              reasons: c.reasons.names)
        }.sorted { $0.studentID < $1.studentID }

        var load = [Int](repeating: 0, count: data.mentors.count), highRisk = load
        for s in data.students.indices {
            guard let c = chosen[s] else { continue }
            load[c.mentor] += c.load
            if problem.isHighRisk(s) { highRisk[c.mentor] += 1 }
        }
        loads = data.mentors.indices.map { m in
            MentorLoad(mentorID: data.mentors[m].id, schoolID: data.mentors[m].schoolID, load: load[m],
                       capacity: problem.capacity[m], highRisk: highRisk[m])
        }.sorted { $0.mentorID < $1.mentorID }

        var diagnosis = MentorDiagnosis(problem: problem, load: load, highRisk: highRisk)
        for (component, result) in zip(problem.components, results) where result.status != .optimal {
            diagnosis.unproven.formUnion(component.students)
        }
        let unmetStudents = data.students.indices.filter { mentorOf[$0] == nil }
        unmet = unmetStudents.map { diagnosis.unmet($0) }.sorted { $0.studentID < $1.studentID }
        fixes = diagnosis.fixes(for: unmetStudents, sensitive: false)
        sensitiveFixes = diagnosis.fixes(for: unmetStudents, sensitive: true)

        changes = data.previous.isEmpty ? nil : PlanChanges(
            previous: data.previous,
            current: Dictionary(uniqueKeysWithValues: data.students.indices.map { (data.students[$0].id, mentorOf[$0].map { data.mentors[$0].id }) }),
            groups: Dictionary(uniqueKeysWithValues: data.students.map { ($0.id, $0.schoolID) }), partners: Set(data.mentors.map(\.id))) { student, mentor in
                guard let s = problem.studentIndex[student], let m = problem.mentorIndex[mentor] else { return false }
                return problem.candidates[s].contains { $0.mentor == m }
            }
        let withHistory = data.students.indices.filter { data.history[data.students[$0].id] != nil }
        let kept = withHistory.filter { mentorOf[$0].map { data.mentors[$0].id } == data.history[data.students[$0].id] }
        let inDifficulty = data.students.indices.filter { data.students[$0].isInDifficulty }
        let active = data.mentors.indices.filter { problem.capacity[$0] > 0 }
        kpis = KPIs(
            students: data.students.count, assigned: assignments.count,
            coverage: data.students.isEmpty ? 1 : Double(assignments.count) / Double(data.students.count),
            continuityShare: withHistory.isEmpty ? 1 : Double(kept.count) / Double(withHistory.count),
            childrenInDifficulty: inDifficulty.count,
            childrenInDifficultyWithQualifiedMentor: inDifficulty.filter { s in
                mentorOf[s].map { data.mentors[$0].yearsExperience >= policy.minYears } ?? false
            }.count,
            maxLoad: active.map { load[$0] }.max() ?? 0,
            meanLoad: active.isEmpty ? 0 : Double(active.map { load[$0] }.reduce(0, +)) / Double(active.count),
            unmet: unmetStudents.count)
    }
}

extension MentorPlan: PlanOutcome {
    public static let name = "mentors"
    public var title: String { "Mentor assignment" }

    public var figures: [Figure] {
        let k = kpis
        return [
            Figure("students", "students", k.students, .count, .neutral),
            Figure("assigned", "assigned", k.assigned, .count, .higherIsBetter),
            Figure("coverage", "coverage", k.coverage, .share, .higherIsBetter),
            Figure("unmet", "without a mentor", k.unmet, .count, .lowerIsBetter),
            Figure("continuity_share", "last term's mentor kept", k.continuityShare, .share, .higherIsBetter),
            Figure("children_in_difficulty", "children in difficulty", k.childrenInDifficulty, .count, .neutral),
            Figure("children_in_difficulty_with_qualified_mentor", "children in difficulty with a qualified mentor",
                   k.childrenInDifficultyWithQualifiedMentor, .count, .higherIsBetter),
            Figure("mean_load", "mean mentor load", k.meanLoad, .units, .neutral),
            Figure("max_load", "largest mentor load", k.maxLoad, .units, .lowerIsBetter),
        ] + (changes?.figures(partner: "mentor") ?? [])
    }

    public var shortfalls: [Shortfall] { unmet.map { Shortfall(subject: $0.studentID, rule: $0.rule.rawValue, detail: $0.detail) } }
}
