import CareModel

/// Why a student is left without a mentor: a hard rule that leaves no possible mentor, or why
/// the possible ones could not take them.
public enum MentorRule: String, Sendable, CaseIterable {
    case noMentor = "no_mentor"
    case vetted
    case grade
    case experience
    case psychTrained = "psych_trained"
    case forbidden
    case capacity
    case highRiskCap = "high_risk_cap"
    case searchStopped = "search_stopped"
    /// `experience`, `psychTrained` or `highRiskCap`, named without the attribute behind it.
    case qualification

    /// Whether the rule's name tells something of the student's risk level or difficulty.
    public var revealsAttributes: Bool { self == .experience || self == .psychTrained || self == .highRiskCap }

    /// The rule as outputs name it without `--sensitive`.
    public var neutral: MentorRule { revealsAttributes ? .qualification : self }

    /// The shortfall rule of a hard rule that leaves a student no mentor.
    init(_ rule: HardRule) {
        switch rule {
        case .sameSchool: self = .noMentor
        case .vetted: self = .vetted
        case .capacity, .pinned: self = .capacity
        case .grade: self = .grade
        case .experience: self = .experience
        case .psychTrained: self = .psychTrained
        case .forbidden: self = .forbidden
        }
    }
}

/// Says why a student was left without a mentor, and what would fix it.
struct MentorDiagnosis {
    let problem: MentorProblem
    let load: [Int]
    let highRisk: [Int]
    /// Students of components the search did not prove optimal (stopped by a limit): capacity
    /// is not proven to be what left them out.
    var unproven: Set<Int> = []

    /// The rule that blocked the student: the first hard rule that leaves no mentor of the
    /// school, or, when candidates exist, that all of them are full.
    func blockingRule(_ s: Int) -> (rule: MentorRule, detail: String) {
        let student = problem.data.students[s]
        let policy = problem.policy
        if problem.candidates[s].isEmpty {
            let school = problem.data.mentors.indices.filter { problem.data.mentors[$0].schoolID == student.schoolID }
            if school.isEmpty { return (.noMentor, "school \(student.schoolID) has no mentors") }
            let forbidden = Set(problem.data.pairs.filter { $0.kind == .forbid && $0.studentID == student.id }.map(\.mentorID))
            // Applying the hard rules one after another, the rule that leaves no mentor is the
            // latest of each mentor's first broken rule (brokenRule checks in HardRule's order).
            let order = HardRule.allCases
            let broken = school.map { m in
                MentorProblem.brokenRule(student: student, mentor: problem.data.mentors[m], capacity: problem.capacity[m],
                                         forbidden: forbidden.contains(problem.data.mentors[m].id), policy: policy)
            }
            if !broken.contains(nil), let rule = broken.compactMap({ $0 }).max(by: { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }) {
                return (MentorRule(rule), rule.sentence(policy))
            }
            return (.capacity, "no mentor can carry this student's care load")
        }
        if unproven.contains(s) {
            return (.searchStopped, "the search stopped at its limit before proving this student cannot be placed")
        }
        let highRiskFull = problem.isHighRisk(s) && problem.candidates[s].allSatisfy { highRisk[$0.mentor] >= policy.maxHighRisk }
        if highRiskFull {
            return (.highRiskCap, "every qualified mentor already has \(policy.maxHighRisk) high-risk student\(policy.maxHighRisk == 1 ? "" : "s")")
        }
        return (.capacity, "every mentor who may take this student is full")
    }

    static let qualificationDetail = "needs a mentor with the required qualification and none is free (--sensitive names the rule)"

    func unmet(_ s: Int) -> MentorPlan.Unmet {
        let student = problem.data.students[s]
        let (rule, detail) = blockingRule(s)
        return MentorPlan.Unmet(studentID: student.id, schoolID: student.schoolID, grade: student.grade, rule: rule.neutral,
                                detail: rule.revealsAttributes ? Self.qualificationDetail : detail, sensitiveRule: rule, sensitiveDetail: detail)
    }

    /// One sentence per school, grade and blocking rule, such as "grade 4 of school S needs 2
    /// more capacity units among mentors with the required qualification" or, `sensitive`,
    /// "... among mentors with 3+ years".
    func fixes(for students: [Int], sensitive: Bool) -> [String] {
        let policy = problem.policy
        struct Group: Hashable { let school: String; let grade: Int; let rule: MentorRule; let experienced: Bool; let trained: Bool }
        var units = [Group: Int](), order = [Group]()
        for s in students {
            let student = problem.data.students[s]
            var rule = blockingRule(s).rule
            let qualification = rule != .searchStopped
            var experienced = qualification && (student.isInDifficulty || student.riskLevel >= policy.highRiskLevel)
            var trained = qualification && student.riskLevel >= policy.psychTrainedLevel
            if !sensitive {
                // One neutral group for every qualification: which one would tell the attribute.
                rule = rule.neutral
                experienced = experienced || trained
                trained = false
            }
            let group = Group(school: student.schoolID, grade: student.grade, rule: rule, experienced: experienced, trained: trained)
            if units[group] == nil { order.append(group) }
            units[group, default: 0] += MentorProblem.load(of: student, policy: policy)
        }
        order.sort { ($0.school, $0.grade, $0.rule.rawValue) < ($1.school, $1.grade, $1.rule.rawValue) }
        return order.map { g in
            let n = units[g]!
            var who = [String]()
            if g.experienced { who.append(sensitive ? "\(HardRule.years(policy.minYears))+ years" : "the required qualification") }
            if g.trained { who.append("psych training") }
            let with = who.isEmpty ? "" : " with \(who.joined(separator: " and "))"
            let units = "\(n) care-load unit\(n == 1 ? "" : "s")"
            let place = "grade \(g.grade) of school \(g.school)"
            switch g.rule {
            case .capacity: return "\(place) needs \(n) more capacity unit\(n == 1 ? "" : "s")\(who.isEmpty ? "" : " among mentors" + with)"
            case .qualification: return "\(place) needs more mentors\(with) (\(units))"
            case .highRiskCap: return "\(place) needs more mentors\(with) for its high-risk students (each mentor takes at most \(policy.maxHighRisk))"
            case .searchStopped: return "\(place): the search stopped before it finished; a longer solver.time_limit may place these students"
            case .noMentor: return "school \(g.school) needs mentors in mentors.csv"
            case .vetted: return "school \(g.school) needs vetted mentors"
            case .grade: return "\(place) needs a vetted mentor who takes grade \(g.grade)"
            case .experience: return "\(place) needs mentors\(with) (\(units))"
            case .psychTrained: return "\(place) needs mentors\(with) (\(units))"
            case .forbidden: return "\(place): every possible mentor is forbidden for \(n) student\(n == 1 ? "" : "s"); review pairs.csv"
            }
        }
    }
}
