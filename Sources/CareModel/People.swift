/// Why a child counts as a child in difficulty (困境儿童), or is migrant or left behind.
/// Sensitive: never printed or logged unless the user asks.
public enum DifficultyCategory: String, Sendable, Hashable, CaseIterable, Comparable {
    case poverty
    case disability
    case guardianship
    case migrant
    case leftBehind = "left_behind"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public enum Gender: String, Sendable, Hashable {
    case female = "F"
    case male = "M"

    /// F, M, female, male (any case).
    public init?(text: String) {
        switch text.lowercased() {
        case "f", "female": self = .female
        case "m", "male": self = .male
        default: return nil
        }
    }
}

/// A student as the school knows them. `riskLevel` (0 to 3, the three-level warning
/// status; 3 highest) and `difficulty` are sensitive.
public struct Student: Sendable, Hashable {
    public let id: String
    public let schoolID: String
    public let grade: Int
    public let classID: String
    public let gender: Gender?
    public let difficulty: Set<DifficultyCategory>
    public let riskLevel: Int
    public let communityID: String

    public init(id: String, schoolID: String, grade: Int, classID: String, gender: Gender?,
                difficulty: Set<DifficultyCategory>, riskLevel: Int, communityID: String) {
        (self.id, self.schoolID, self.grade, self.classID) = (id, schoolID, grade, classID)
        (self.gender, self.difficulty, self.riskLevel, self.communityID) = (gender, difficulty, riskLevel, communityID)
    }

    public var isInDifficulty: Bool { !difficulty.isEmpty }
}

/// A teacher who may act as growth mentor (成长导师).
public struct Mentor: Sendable, Hashable {
    public let id: String
    public let schoolID: String
    public let gender: Gender?
    /// Grades the mentor takes; empty means any grade of the school.
    public let grades: Set<Int>
    /// Classes the mentor teaches.
    public let classes: Set<String>
    public let yearsExperience: Double
    public let psychTrained: Bool
    /// Passed the criminal-record check; unvetted people get no assignment, ever.
    public let vetted: Bool
    /// Care-load units; nil means the policy cap.
    public let capacity: Int?

    public init(id: String, schoolID: String, gender: Gender?, grades: Set<Int>, classes: Set<String>,
                yearsExperience: Double, psychTrained: Bool, vetted: Bool, capacity: Int?) {
        (self.id, self.schoolID, self.gender, self.grades, self.classes) = (id, schoolID, gender, grades, classes)
        (self.yearsExperience, self.psychTrained, self.vetted, self.capacity) = (yearsExperience, psychTrained, vetted, capacity)
    }

    public func takes(grade: Int) -> Bool { grades.isEmpty || grades.contains(grade) }
}

/// A planner's word on one student-mentor pair.
public struct PairRule: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Adds `score` to the objective when the pair is chosen.
        case prefer
        /// Never this pair.
        case forbid
        /// Always this pair (keep it).
        case pin
    }

    public let studentID: String
    public let mentorID: String
    public let kind: Kind
    public let score: Double
    /// Overrides the student's care load with this mentor.
    public let load: Int?
    /// Where the rule was written (file and line), for messages; empty when made in code.
    public let source: String

    public init(studentID: String, mentorID: String, kind: Kind, score: Double = 0, load: Int? = nil, source: String = "") {
        (self.studentID, self.mentorID, self.kind) = (studentID, mentorID, kind)
        (self.score, self.load, self.source) = (score, load, source)
    }
}
