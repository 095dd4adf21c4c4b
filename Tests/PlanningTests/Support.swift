import CareModel
import GLPK
import Modeling
@testable import Planning

func student(_ id: String, grade: Int = 4, klass: String = "A-4-1", gender: Gender? = .female,
             difficulty: Set<DifficultyCategory> = [], risk: Int = 0, school: String = "A") -> Student {
    Student(id: id, schoolID: school, grade: grade, classID: klass, gender: gender, difficulty: difficulty,
            riskLevel: risk, communityID: "C1")
}

func mentor(_ id: String, grades: Set<Int> = [], classes: Set<String> = [], years: Double = 5, trained: Bool = false,
            vetted: Bool = true, capacity: Int? = nil, gender: Gender? = .female, school: String = "A") -> Mentor {
    Mentor(id: id, schoolID: school, gender: gender, grades: grades, classes: classes, yearsExperience: years,
           psychTrained: trained, vetted: vetted, capacity: capacity)
}

/// A policy with every soft term off, so a test sees only the rule it is about.
func quietPolicy() -> MentorPolicy {
    var p = MentorPolicy()
    p.weights.continuity = 0
    p.weights.teachesClass = 0
    p.weights.prefer = 0
    p.weights.balance = 0
    p.weights.sameGender = 0
    return p
}

func plan(_ data: MentorData, _ policy: MentorPolicy = quietPolicy(), threads: Int = 1) throws -> MentorPlan {
    try MentorPlanner.plan(MentorProblem(data: data, policy: policy), solver: GLPKSolver(),
                           settings: SolverSettings(threads: threads))
}

extension MentorPlan {
    func mentor(of student: String) -> String? { assignments.first { $0.studentID == student }?.mentorID }
}
