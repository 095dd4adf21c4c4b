import CareModel
import Foundation

/// Mentor assignment, validated and prepared: who may mentor whom, at what care load and
/// score, split into independent components.
///
/// Hard rules become the candidate list (a pair that breaks one is never a candidate):
/// same school; the mentor passed vetting, takes the student's grade and has capacity;
/// the pair is not forbidden; a child in difficulty or at high risk only with a mentor of
/// `minYears`; from `psychTrainedLevel` only a psych-trained mentor; a pinned student only
/// with the pinned mentor. Capacity and the high-risk cap are constraints of the formulation.
public struct MentorProblem: Sendable {
    public let data: MentorData
    public let policy: MentorPolicy

    /// One candidate pair.
    public struct Candidate: Sendable, Equatable {
        public let mentor: Int
        public let load: Int
        /// Weighted score in hundredths (see ``MentorPolicy``).
        public let scoreUnits: Int
        /// The part of the score shared by every student alike to this one (same gender);
        /// the rest (continuity, class, preference) is the student's own.
        public let sharedUnits: Int
        public let reasons: Reasons
        /// Re-planning: the keep bonus in `scoreUnits` of the pair the plan re-planned had (0
        /// for any other pair); it is no soft term, and the plan's scores leave it out.
        public var keepUnits = 0

        public var ownUnits: Int { scoreUnits - sharedUnits }
        /// The pair's score by the policy's weights alone.
        public var policyUnits: Int { scoreUnits - keepUnits }
    }

    /// Which soft terms a pair earns.
    public struct Reasons: ScoreReasons {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let continuity = Reasons(rawValue: 1), teachesClass = Reasons(rawValue: 2),
                          preferred = Reasons(rawValue: 4), sameGender = Reasons(rawValue: 8)
        public static let named: [(reason: Reasons, name: String)] = [
            (.continuity, "continuity"), (.teachesClass, "teaches_class"),
            (.preferred, "prefer"), (.sameGender, "same_gender"), (.kept, "kept")]
        /// Re-planning: the pair of the plan re-planned.
        public static let kept = Reasons(rawValue: 16)
    }

    /// Students and mentors that share no candidate pair with the rest.
    public struct Component: Sendable {
        public let students: [Int]
        public let mentors: [Int]

        public init(students: [Int], mentors: [Int]) {
            self.students = students
            self.mentors = mentors
        }
    }

    /// Candidates of each student (indices into `data.mentors`), best score first.
    public let candidates: [[Candidate]]
    /// Each mentor's capacity in load units: min(own capacity, policy cap); 0 when unvetted.
    public let capacity: [Int]
    public let pinned: [Int?]
    /// Students with at least one forbidden pair.
    public let forbidden: Set<Int>
    public let components: [Component]
    /// Student index by id, mentor index by id.
    public let studentIndex: [String: Int]
    public let mentorIndex: [String: Int]

    public init(data: MentorData, policy: MentorPolicy) throws {
        self.data = data
        self.policy = policy
        let students = data.students, mentors = data.mentors
        studentIndex = Dictionary(uniqueKeysWithValues: students.enumerated().map { ($1.id, $0) })
        mentorIndex = Dictionary(uniqueKeysWithValues: mentors.enumerated().map { ($1.id, $0) })
        capacity = mentors.map { $0.vetted ? min($0.capacity ?? policy.cap, policy.cap) : 0 }

        // Pair rules, by student (few students have any).
        var rulesOf = [Int: [Int: PairRule]]()
        var pinned = [Int?](repeating: nil, count: students.count)
        var forbiddenStudents = Set<Int>()
        for rule in data.pairs {
            guard let s = studentIndex[rule.studentID], let m = mentorIndex[rule.mentorID] else { continue }
            rulesOf[s, default: [:]][m] = rule
            if rule.kind == .pin { pinned[s] = m }
            if rule.kind == .forbid { forbiddenStudents.insert(s) }
        }
        // A pin must respect every hard rule: checked first, in the file's order.
        for rule in data.pairs where rule.kind == .pin {
            guard let s = studentIndex[rule.studentID], let m = mentorIndex[rule.mentorID] else { continue }
            let student = students[s], mentor = mentors[m]
            if let broken = Self.brokenRule(student: student, mentor: mentor, capacity: capacity[m], forbidden: false, policy: policy) {
                throw Self.pinError(rule, "cannot pin \(student.id) to \(mentor.id): \(broken.neutralSentence(policy))",
                                    sensitive: broken.revealsAttributes ? "cannot pin \(student.id) to \(mentor.id): \(broken.sentence(policy))" : nil)
            }
            let load = rule.load ?? Self.load(of: student, policy: policy)
            if load > capacity[m] {
                throw Self.pinError(rule, "cannot pin \(student.id) to \(mentor.id): the student's care load exceeds the mentor's capacity \(capacity[m])",
                                    sensitive: "cannot pin \(student.id) to \(mentor.id): a care load of \(load) exceeds the mentor's capacity \(capacity[m])")
            }
        }
        self.pinned = pinned
        self.forbidden = forbiddenStudents

        // Candidates, school by school in parallel (schools share nothing).
        let mentorOf = mentorIndex
        let lastMentor = students.map { data.history[$0.id].flatMap { mentorOf[$0] } }
        let mentorsOfSchool = Dictionary(grouping: mentors.indices, by: { mentors[$0].schoolID })
        let studentsOfSchool = Dictionary(grouping: students.indices, by: { students[$0].schoolID })
        let schools = studentsOfSchool.keys.sorted()
        let capacity = self.capacity, pinnedMentor = pinned, rules = rulesOf
        let perSchool = try parallelMap(schools.count, threads: ProcessInfo.processInfo.activeProcessorCount) { k in
            // The grade rule and the classes taught read once per mentor, not once per pair: the
            // school's mentors by grade they take, and the mentors teaching each class.
            let schoolMentors = mentorsOfSchool[schools[k]] ?? [], schoolStudents = studentsOfSchool[schools[k]] ?? []
            var byGrade = [Int: [Int]]()
            for g in Set(schoolStudents.map { students[$0].grade }) { byGrade[g] = schoolMentors.filter { mentors[$0].takes(grade: g) } }
            var teachers = [String: Set<Int>]()
            for m in schoolMentors { for c in mentors[m].classes { teachers[c, default: []].insert(m) } }
            return schoolStudents.map { s in
                Self.candidateList(of: s, among: byGrade[students[s].grade]!, teachers: teachers[students[s].classID] ?? [], data: data,
                                   policy: policy, capacity: capacity, pinned: pinnedMentor[s], rules: rules[s], lastMentor: lastMentor[s])
            }
        }
        var candidates = [[Candidate]](repeating: [], count: students.count)
        for (k, school) in schools.enumerated() {
            for (s, list) in zip(studentsOfSchool[school]!, perSchool[k]) { candidates[s] = list }
        }
        components = Self.components(candidates: candidates, mentorCount: mentors.count)
        if !data.previous.isEmpty { Self.addKeepBonus(to: &candidates, components: components, data: data, policy: policy, capacity: capacity) }
        self.candidates = candidates
    }

    /// Re-planning: each earlier pair that is still a candidate earns a keep bonus above all
    /// soft terms of its component (every student's best score and every mentor's worst
    /// balance penalty), so only a rule, a departure or someone else's place moves it.
    static func addKeepBonus(to candidates: inout [[Candidate]], components: [Component], data: MentorData, policy: MentorPolicy, capacity: [Int]) {
        let balance = max(0, MentorPolicy.units(policy.weights.balance))
        for component in components {
            var range = 0
            for s in component.students { range += candidates[s].map { abs($0.scoreUnits) }.max() ?? 0 }
            for m in component.mentors { range += balance * capacity[m] * capacity[m] }
            let bonus = PlanChanges.keepBonus(softRange: range)
            for s in component.students {
                guard let before = data.previous[data.students[s].id],
                      let k = candidates[s].firstIndex(where: { data.mentors[$0.mentor].id == before }) else { continue }
                let c = candidates[s][k]
                var kept = Candidate(mentor: c.mentor, load: c.load, scoreUnits: c.scoreUnits + bonus, sharedUnits: c.sharedUnits,
                                     reasons: c.reasons.union(.kept))
                kept.keepUnits = bonus
                candidates[s][k] = kept
                candidates[s].sort { ($0.scoreUnits, $1.mentor) > ($1.scoreUnits, $0.mentor) }
            }
        }
    }

    /// The mentors student `s` may have, with load, score and reasons, best score first
    /// (ties by mentor order). `among`: the school's mentors who take the student's grade;
    /// `teachers`: those who teach the student's class.
    static func candidateList(of s: Int, among schoolMentors: [Int], teachers: Set<Int>, data: MentorData, policy: MentorPolicy,
                              capacity: [Int], pinned: Int?, rules: [Int: PairRule]?, lastMentor: Int?) -> [Candidate] {
        let student = data.students[s]
        let baseLoad = load(of: student, policy: policy)
        let sameGender = policy.sameGenderGrades.contains(student.grade) && policy.weights.sameGender != 0
        var list = [Candidate]()
        for m in schoolMentors {
            if let pinned, pinned != m { continue }
            let rule = rules?[m]
            let mentor = data.mentors[m]
            if brokenRule(student: student, mentor: mentor, capacity: capacity[m], forbidden: rule?.kind == .forbid, policy: policy) != nil {
                continue
            }
            let load = rule?.load ?? baseLoad
            if load > capacity[m] { continue }
            var reasons: Reasons = []
            var score = 0.0, shared = 0.0
            if lastMentor == m, policy.weights.continuity != 0 {
                reasons.insert(.continuity); score += policy.weights.continuity
            }
            if policy.weights.teachesClass != 0, teachers.contains(m) {
                reasons.insert(.teachesClass); score += policy.weights.teachesClass
            }
            if let rule, rule.kind == .prefer, policy.weights.prefer != 0, rule.score != 0 {
                reasons.insert(.preferred); score += policy.weights.prefer * rule.score
            }
            if sameGender, let g = student.gender, g == mentor.gender {
                reasons.insert(.sameGender); score += policy.weights.sameGender; shared = policy.weights.sameGender
            }
            list.append(Candidate(mentor: m, load: load, scoreUnits: MentorPolicy.units(score),
                                  sharedUnits: MentorPolicy.units(shared), reasons: reasons))
        }
        list.sort { ($0.scoreUnits, $1.mentor) > ($1.scoreUnits, $0.mentor) }
        return list
    }

    /// The care load of a student: the largest of the policy loads that apply.
    public static func load(of student: Student, policy: MentorPolicy) -> Int {
        var load = policy.loads.default
        if student.isInDifficulty { load = max(load, policy.loads.difficulty) }
        if student.riskLevel >= policy.highRiskLevel { load = max(load, policy.loads.highRisk) }
        return load
    }

    public func isHighRisk(_ s: Int) -> Bool { data.students[s].riskLevel >= policy.highRiskLevel }

    private static func pinError(_ rule: PairRule, _ message: String, sensitive: String? = nil) -> DataError {
        let parts = rule.source.split(separator: ":")
        let line = parts.last.flatMap { Int($0) } ?? 0
        let file = parts.dropLast().joined(separator: ":")
        return DataError(file: file.isEmpty ? "pairs.csv" : file, line: line, column: 0, message: message, sensitiveMessage: sensitive)
    }

    /// Components of the bipartite candidate graph (union-find), in order of their first student.
    static func components(candidates: [[Candidate]], mentorCount: Int) -> [Component] {
        bipartiteComponents(left: candidates.count, right: mentorCount) { candidates[$0].map(\.mentor) }
            .filter { !$0.left.isEmpty }.map { Component(students: $0.left, mentors: $0.right) }
    }
}
