import CareModel

/// Why a child is left without a buddy: a hard rule that leaves no possible helper, or why the
/// possible ones could not take them.
public enum BuddyShortfall: String, Sendable, CaseIterable {
    case scope, consent
    case helperEligible = "helper_eligible"
    case gradeGap = "grade_gap"
    case sameGender = "same_gender"
    case forbidden
    case listedOnly = "listed_only"
    case capacity
    case searchStopped = "search_stopped"
    /// Stable mode: no helper this child ranked ranked the child back.
    case ranks
    /// Stable mode: every helper the child ranked is full with children it ranked higher.
    case stability

    init(_ rule: BuddyRule) { self = BuddyShortfall(rawValue: rule.rawValue)! }
}

/// Says why a child was left without a buddy, and what would fix it.
struct BuddyDiagnosis {
    let problem: BuddyProblem
    let unproven: Set<Int>
    /// Helpers by school or community (the policy's scope), and each child's pair rules.
    let helpersIn: [String: [Int]]
    let rulesOf: [String: [String: BuddyPairRule]]

    init(problem: BuddyProblem, unproven: Set<Int>) {
        self.problem = problem
        self.unproven = unproven
        helpersIn = Dictionary(grouping: problem.data.helpers.indices) { Self.place(of: problem.data.students[problem.helpers[$0]], problem.policy) }
        var rules = [String: [String: BuddyPairRule]]()
        for rule in problem.data.pairs { rules[rule.childID, default: [:]][rule.helperID] = rule }
        rulesOf = rules
    }

    static func place(of s: Student, _ policy: BuddyPolicy) -> String {
        policy.scope == .school ? s.schoolID : s.communityID
    }

    func blockingRule(_ c: Int) -> (rule: BuddyShortfall, detail: String) {
        let p = problem, policy = p.policy
        let child = p.data.students[p.children[c]]
        let place = policy.scope == .school ? "school \(child.schoolID)" : "community \(child.communityID)"
        if p.candidates[c].isEmpty {
            let key = Self.place(of: child, policy)
            let inScope = key.isEmpty ? [] : helpersIn[key] ?? []
            if inScope.isEmpty { return (.scope, "no helper volunteers in \(place)") }
            let rules = rulesOf[child.id] ?? [:]
            let order = BuddyRule.allCases
            let broken = inScope.compactMap { h in
                BuddyProblem.brokenRule(child: child, helper: p.data.students[p.helpers[h]], helperData: p.data.helpers[h],
                                        rule: rules[p.data.helpers[h].studentID], policy: policy)
            }
            if let rule = broken.max(by: { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }) {
                return (BuddyShortfall(rule), "no helper in \(place) may take this child: \(rule.neutralSentence(policy))")
            }
            return (.capacity, "the helpers who may take this child take no children")
        }
        if unproven.contains(c) {
            return (.searchStopped, "the search stopped at its limit before proving this child cannot be placed")
        }
        if policy.mode == .stable {
            if p.ranked[c].isEmpty {
                let ranked = !(p.data.childRanks[p.data.requests[c].studentID] ?? []).isEmpty
                return (.ranks, ranked ? "no helper this child ranked (among those the rules allow) ranked the child back"
                                        : "the child ranked no helper")
            }
            return (.stability, "every helper this child ranked is full with children it ranked higher")
        }
        return (.capacity, "all \(p.candidates[c].count) helper\(p.candidates[c].count == 1 ? "" : "s") allowed for this child are taken")
    }

    func unmatched(_ c: Int) -> BuddyPlan.Unmatched {
        let child = problem.data.students[problem.children[c]]
        let (rule, detail) = blockingRule(c)
        return BuddyPlan.Unmatched(childID: child.id, schoolID: child.schoolID, grade: child.grade, rule: rule, detail: detail)
    }

    /// One sentence per place, grade, gender where it matters, and rule.
    func fixes(for children: [Int]) -> [String] {
        let policy = problem.policy
        struct Group: Hashable { let place: String; let grade: Int; let gender: String; let rule: BuddyShortfall }
        var count = [Group: Int](), order = [Group]()
        for c in children {
            let child = problem.data.students[problem.children[c]]
            let place = policy.scope == .school ? "school \(child.schoolID)" : "community \(child.communityID)"
            let gender = child.grade >= policy.sameGenderFrom ? (child.gender == .female ? " girls" : child.gender == .male ? " boys" : "") : ""
            let group = Group(place: place, grade: child.grade, gender: gender, rule: blockingRule(c).rule)
            if count[group] == nil { order.append(group) }
            count[group, default: 0] += 1
        }
        order.sort { ($0.place, $0.grade, $0.gender, $0.rule.rawValue) < ($1.place, $1.grade, $1.gender, $1.rule.rawValue) }
        return order.map { g in
            let n = count[g]!
            let who = "\(n) child\(n == 1 ? "" : "ren")", have = n == 1 ? "1 child has" : "\(n) children have"
            let top = min(12, g.grade + policy.maxGradeGap)
            let grades = top == g.grade ? "grade \(g.grade)" : "grades \(g.grade) to \(top)"
            let recruit = "\(n) more helper\(n == 1 ? "" : "s")\(g.gender.isEmpty ? "" : " (\(g.gender.dropFirst()))") in \(grades)"
            switch g.rule {
            case .capacity:
                return "\(g.place), grade \(g.grade): \(who) without a buddy because every helper allowed is taken; \(recruit) would place them"
            case .searchStopped:
                return "\(g.place), grade \(g.grade): the search stopped before it finished; a longer solver.time_limit may place \(who)"
            case .ranks:
                return "\(g.place), grade \(g.grade): \(n == 1 ? "1 child shares" : "\(n) children share") no ranking with any allowed helper; ask them and the helpers to rank more of each other"
            case .stability:
                return "\(g.place), grade \(g.grade): \(n == 1 ? "1 child loses" : "\(n) children lose") out to children their helpers ranked higher; \(recruit) (or longer rank lists) would place them"
            case .scope, .consent, .helperEligible, .gradeGap, .sameGender, .forbidden, .listedOnly:
                let rule = BuddyRule(rawValue: g.rule.rawValue).map { $0.neutralSentence(policy) } ?? g.rule.rawValue
                return "\(g.place), grade \(g.grade): \(have) no possible helper (\(rule)); \(recruit) who meet the rules would place them"
            }
        }
    }
}
