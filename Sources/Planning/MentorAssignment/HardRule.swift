import CareModel

/// The hard rules that decide whether a mentor may take a student at all, in the order
/// they are checked (and reported when a student is left without a mentor).
public enum HardRule: String, Sendable, CaseIterable {
    case sameSchool = "same_school"
    case vetted
    case capacity
    case grade
    case experience
    case psychTrained = "psych_trained"
    case forbidden
    case pinned

    /// The rule as a sentence, for errors and the unmet report.
    public func sentence(_ policy: MentorPolicy) -> String {
        switch self {
        case .sameSchool: return "the mentor is at another school"
        case .vetted: return "the mentor has not passed vetting"
        case .capacity: return "the mentor has no capacity"
        case .grade: return "the mentor does not take this grade"
        case .experience: return "a child in difficulty or at risk level \(policy.highRiskLevel)+ needs a mentor with \(Self.years(policy.minYears)) years of experience or more"
        case .psychTrained: return "risk level \(policy.psychTrainedLevel) needs a psych-trained mentor"
        case .forbidden: return "the pair is forbidden"
        case .pinned: return "the student is pinned to another mentor"
        }
    }

    /// Rules whose name tells something of the student's risk level or difficulty: named only
    /// with `--sensitive`; otherwise "a qualification rule".
    public var revealsAttributes: Bool { self == .experience || self == .psychTrained }

    /// The sentence without the attribute behind the rule.
    public func neutralSentence(_ policy: MentorPolicy) -> String {
        revealsAttributes ? Self.qualificationSentence : sentence(policy)
    }

    public static let qualificationSentence = "the student needs a mentor with a qualification this mentor lacks"

    public static func years(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

extension MentorProblem {
    /// The first hard rule the pair breaks, or nil when the mentor may take the student.
    public static func brokenRule(student: Student, mentor: Mentor, capacity: Int, forbidden: Bool,
                           policy: MentorPolicy) -> HardRule? {
        if mentor.schoolID != student.schoolID { return .sameSchool }
        if !mentor.vetted { return .vetted }
        if capacity <= 0 { return .capacity }
        if !mentor.takes(grade: student.grade) { return .grade }
        if (student.isInDifficulty || student.riskLevel >= policy.highRiskLevel) && mentor.yearsExperience < policy.minYears {
            return .experience
        }
        if student.riskLevel >= policy.psychTrainedLevel && !mentor.psychTrained { return .psychTrained }
        if forbidden { return .forbidden }
        return nil
    }
}
