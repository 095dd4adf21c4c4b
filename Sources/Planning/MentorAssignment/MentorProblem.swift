import CareModel

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
        public let reasons: Reasons
    }

    /// Which soft terms a pair earns.
    public struct Reasons: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let continuity = Reasons(rawValue: 1)
        public static let teachesClass = Reasons(rawValue: 2)
        public static let preferred = Reasons(rawValue: 4)
        public static let sameGender = Reasons(rawValue: 8)

        public var names: [String] {
            var out = [String]()
            if contains(.continuity) { out.append("continuity") }
            if contains(.teachesClass) { out.append("teaches_class") }
            if contains(.preferred) { out.append("prefer") }
            if contains(.sameGender) { out.append("same_gender") }
            return out
        }
    }

    /// Students and mentors that share no candidate pair with the rest.
    public struct Component: Sendable {
        public let students: [Int]
        public let mentors: [Int]
    }

    /// Candidates of each student (indices into `data.mentors`), best score first.
    public let candidates: [[Candidate]]
    /// Each mentor's capacity in load units: min(own capacity, policy cap); 0 when unvetted.
    public let capacity: [Int]
    public let pinned: [Int?]
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

        var forbidden = Set<PairKey>()
        var preferred = [PairKey: PairRule]()
        var pinned = [Int?](repeating: nil, count: students.count)
        var loadOverride = [PairKey: Int]()
        for rule in data.pairs {
            guard let s = studentIndex[rule.studentID], let m = mentorIndex[rule.mentorID] else { continue }
            let key = PairKey(student: s, mentor: m)
            if let load = rule.load { loadOverride[key] = load }
            switch rule.kind {
            case .forbid: forbidden.insert(key)
            case .prefer: preferred[key] = rule
            case .pin: pinned[s] = m
            }
        }

        let byHardRules = Dictionary(grouping: mentors.indices, by: { mentors[$0].schoolID })
        var candidates = [[Candidate]](repeating: [], count: students.count)
        for (s, student) in students.enumerated() {
            let baseLoad = Self.load(of: student, policy: policy)
            for m in byHardRules[student.schoolID] ?? [] {
                let mentor = mentors[m]
                let key = PairKey(student: s, mentor: m)
                if let pin = pinned[s], pin != m { continue }
                if let broken = Self.brokenRule(student: student, mentor: mentor, capacity: capacity[m],
                                                forbidden: forbidden.contains(key), policy: policy) {
                    if pinned[s] == m {
                        let rule = data.pairs.first { $0.kind == .pin && $0.studentID == student.id }!
                        throw Self.pinError(rule, "cannot pin \(student.id) to \(mentor.id): \(broken.sentence(policy))")
                    }
                    continue
                }
                let load = loadOverride[key] ?? baseLoad
                if load > capacity[m] {
                    if pinned[s] == m {
                        let rule = data.pairs.first { $0.kind == .pin && $0.studentID == student.id }!
                        throw Self.pinError(rule, "cannot pin \(student.id) to \(mentor.id): a care load of \(load) exceeds the mentor's capacity \(capacity[m])")
                    }
                    continue
                }
                var reasons: Reasons = []
                var score = 0.0
                if data.history[student.id] == mentor.id, policy.weights.continuity != 0 {
                    reasons.insert(.continuity); score += policy.weights.continuity
                }
                if mentor.classes.contains(student.classID), policy.weights.teachesClass != 0 {
                    reasons.insert(.teachesClass); score += policy.weights.teachesClass
                }
                if let rule = preferred[key], policy.weights.prefer != 0, rule.score != 0 {
                    reasons.insert(.preferred); score += policy.weights.prefer * rule.score
                }
                if policy.sameGenderGrades.contains(student.grade), policy.weights.sameGender != 0,
                   let g = student.gender, g == mentor.gender {
                    reasons.insert(.sameGender); score += policy.weights.sameGender
                }
                candidates[s].append(Candidate(mentor: m, load: load, scoreUnits: MentorPolicy.units(score), reasons: reasons))
            }
            candidates[s].sort { ($0.scoreUnits, mentors[$1.mentor].id) > ($1.scoreUnits, mentors[$0.mentor].id) }
        }
        self.candidates = candidates
        self.pinned = pinned
        components = Self.components(candidates: candidates, mentorCount: mentors.count)
    }

    /// The care load of a student: the largest of the policy loads that apply.
    public static func load(of student: Student, policy: MentorPolicy) -> Int {
        var load = policy.loads.default
        if student.isInDifficulty { load = max(load, policy.loads.difficulty) }
        if student.riskLevel >= policy.highRiskLevel { load = max(load, policy.loads.highRisk) }
        return load
    }

    public func isHighRisk(_ s: Int) -> Bool { data.students[s].riskLevel >= policy.highRiskLevel }

    private static func pinError(_ rule: PairRule, _ message: String) -> DataError {
        let parts = rule.source.split(separator: ":")
        let line = parts.last.flatMap { Int($0) } ?? 0
        let file = parts.dropLast().joined(separator: ":")
        return DataError(file: file.isEmpty ? "pairs.csv" : file, line: line, column: 0, message: message)
    }

    /// Components of the bipartite candidate graph (union-find), in order of their first student.
    static func components(candidates: [[Candidate]], mentorCount: Int) -> [Component] {
        let n = candidates.count
        var parent = Array(0..<(n + mentorCount))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for (s, list) in candidates.enumerated() {
            for c in list {
                let a = find(s), b = find(n + c.mentor)
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var order = [Int: Int]()
        var students = [[Int]](), mentors = [[Int]]()
        for x in 0..<(n + mentorCount) {
            let root = find(x)
            let k: Int
            if let existing = order[root] {
                k = existing
            } else {
                k = students.count
                order[root] = k
                students.append([])
                mentors.append([])
            }
            if x < n { students[k].append(x) } else { mentors[k].append(x - n) }
        }
        return zip(students, mentors).filter { !$0.0.isEmpty }.map { Component(students: $0.0, mentors: $0.1) }
    }
}

struct PairKey: Hashable {
    let student: Int
    let mentor: Int
}
