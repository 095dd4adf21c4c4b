import CareModel
import Modeling

/// A solved buddy pairing: who keeps whom company, who is left without a buddy and why,
/// the pairs that would rather be together (stable mode), and the figures a district reports.
public struct BuddyPlan: Sendable {
    public struct Pair: Sendable, Equatable {
        public let childID: String
        public let helperID: String
        public let schoolID: String
        public let score: Double
        public let reasons: [String]
    }

    public struct Unmatched: Sendable, Equatable {
        public let childID: String
        public let schoolID: String
        public let grade: Int
        public let rule: String
        public let detail: String
    }

    /// A child and a helper who both rank each other above what the plan gives them.
    public struct BlockingPair: Sendable, Equatable {
        public let childID: String
        public let helperID: String
        public let why: String
    }

    public struct KPIs: Sendable, Equatable, Codable {
        public let requests: Int
        public let matched: Int
        public let coverage: Double
        /// Mean score of the matched pairs.
        public let meanScore: Double
        /// Of the matched pairs, the share whose two share an interest.
        public let sharedInterestsShare: Double
        /// Helpers who may take a child (consent, eligible, capacity above 0), and those used.
        public let helpers: Int
        public let helpersUsed: Int
        /// Pairs that would both rather be together; nil when no ranks were given.
        public let blockingPairs: Int?

        enum CodingKeys: String, CodingKey {
            case requests, matched, coverage, helpers
            case meanScore = "mean_score"
            case sharedInterestsShare = "shared_interests_share"
            case helpersUsed = "helpers_used"
            case blockingPairs = "blocking_pairs"
        }
    }

    public let mode: BuddyPolicy.Mode
    public let status: TerminationStatus
    public let stop: StopReason
    /// Optimal mode: unmatched penalties minus scores; stable mode: total rank (plus the price
    /// of any blocking pair a pin forces).
    public let objective: Double
    public let bound: Double
    public let gap: Double
    public let seconds: Double
    public let components: Int
    public let pairs: [Pair]
    public let unmatched: [Unmatched]
    public let blocking: [BlockingPair]
    public let fixes: [String]
    public let kpis: KPIs

    init(problem p: BuddyProblem, results: [BuddyPlanner.ComponentResult], seconds: Double) {
        let students = p.data.students
        var helperOf = [Int?](repeating: nil, count: p.children.count)
        var unproven = Set<Int>()
        for (component, result) in zip(p.components, results) {
            for (c, h) in zip(component.children, result.helperOf) { helperOf[c] = h }
            if result.status != .optimal { unproven.formUnion(component.children) }
        }
        mode = p.policy.mode
        status = results.contains { $0.status == .noSolution } ? .noSolution : results.contains { $0.status != .optimal } ? .feasible : .optimal
        stop = results.first { $0.stop != .completed }?.stop ?? .completed
        let scale = p.policy.mode == .optimal ? MentorPolicy.scale : 1
        objective = results.reduce(0) { $0 + $1.cost } / scale
        bound = results.reduce(0) { $0 + $1.bound } / scale
        gap = abs(objective - bound) / max(abs(objective), 1e-9)
        self.seconds = seconds
        components = results.count

        var used = [Int](repeating: 0, count: p.data.helpers.count)
        var matchedPairs = [Pair](), shared = 0, totalScore = 0.0
        for c in p.children.indices {
            guard let h = helperOf[c] else { continue }
            used[h] += 1
            let candidate = p.candidates[c].first { $0.helper == h }
            let score = Double(candidate?.scoreUnits ?? 0) / MentorPolicy.scale
            totalScore += score
            if (candidate?.sharedInterests ?? 0) > 0 { shared += 1 }
            matchedPairs.append(Pair(childID: p.data.requests[c].studentID, helperID: p.data.helpers[h].studentID,
                                     schoolID: students[p.children[c]].schoolID, score: score, reasons: candidate?.reasons.names ?? []))
        }
        pairs = matchedPairs.sorted { $0.childID < $1.childID }
        let blocking = Self.blockingPairs(p, helperOf: helperOf, used: used)
        self.blocking = blocking

        let left = p.children.indices.filter { helperOf[$0] == nil }
        if left.isEmpty {
            unmatched = []
            fixes = []
        } else {
            let diagnosis = BuddyDiagnosis(problem: p, unproven: unproven)
            unmatched = left.map { diagnosis.unmatched($0) }.sorted { $0.childID < $1.childID }
            fixes = diagnosis.fixes(for: left)
        }
        let ranked = !p.data.childRanks.isEmpty || !p.data.helperRanks.isEmpty
        kpis = KPIs(
            requests: p.children.count, matched: pairs.count,
            coverage: p.children.isEmpty ? 1 : Double(pairs.count) / Double(p.children.count),
            meanScore: pairs.isEmpty ? 0 : (totalScore / Double(pairs.count) * 1000).rounded() / 1000,
            sharedInterestsShare: pairs.isEmpty ? 0 : Double(shared) / Double(pairs.count),
            helpers: p.capacity.filter { $0 > 0 }.count, helpersUsed: used.filter { $0 > 0 }.count,
            blockingPairs: ranked && p.policy.mode == .stable ? blocking.count : nil)
    }

    /// Every pair allowed by the rules and ranked by both sides whose child would rather have
    /// this helper (or has none) and whose helper has room or ranks the child above one it has.
    /// Outside stable mode: none (ranks are not the objective there).
    static func blockingPairs(_ p: BuddyProblem, helperOf: [Int?], used: [Int]) -> [BlockingPair] {
        guard p.policy.mode == .stable else { return [] }
        var worst = [Int: Int]()  // helper -> worst rank it holds (Int.max: a pinned child it did not rank)
        for (c, h) in helperOf.enumerated() {
            guard let h else { continue }
            worst[h] = max(worst[h] ?? 0, p.helperRank[h][c] ?? Int.max)
        }
        var out = [BlockingPair]()
        for c in p.children.indices {
            let current = helperOf[c].flatMap { p.childRank[c][$0] } ?? Int.max
            for (h, rc) in p.childRank[c].sorted(by: { $0.value < $1.value }) where rc < current {
                let rh = p.helperRank[h][c]!
                let why: String
                if used[h] < p.capacity[h] {
                    why = "the helper has room"
                } else if let w = worst[h], rh < w {
                    why = "the helper ranks this child above one of its children"
                } else { continue }
                out.append(BlockingPair(childID: p.data.requests[c].studentID, helperID: p.data.helpers[h].studentID, why: why))
            }
        }
        return out.sorted { ($0.childID, $0.helperID) < ($1.childID, $1.helperID) }
    }
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

    func blockingRule(_ c: Int) -> (rule: String, detail: String) {
        let p = problem, policy = p.policy
        let child = p.data.students[p.children[c]]
        let place = policy.scope == .school ? "school \(child.schoolID)" : "community \(child.communityID)"
        if p.candidates[c].isEmpty {
            let key = Self.place(of: child, policy)
            let inScope = key.isEmpty ? [] : helpersIn[key] ?? []
            if inScope.isEmpty { return ("scope", "no helper volunteers in \(place)") }
            let rules = rulesOf[child.id] ?? [:]
            let order = BuddyRule.allCases
            let broken = inScope.compactMap { h in
                BuddyProblem.brokenRule(child: child, helper: p.data.students[p.helpers[h]], helperData: p.data.helpers[h],
                                        rule: rules[p.data.helpers[h].studentID], policy: policy)
            }
            if let rule = broken.max(by: { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }) {
                return (rule.rawValue, "no helper in \(place) may take this child: \(rule.neutralSentence(policy))")
            }
            return ("capacity", "the helpers who may take this child take no children")
        }
        if unproven.contains(c) {
            return ("search_stopped", "the search stopped at its limit before proving this child cannot be placed")
        }
        if policy.mode == .stable {
            if p.childRank[c].isEmpty {
                let ranked = !(p.data.childRanks[p.data.requests[c].studentID] ?? []).isEmpty
                return ("ranks", ranked ? "no helper this child ranked (among those the rules allow) ranked the child back"
                                        : "the child ranked no helper")
            }
            return ("stability", "every helper this child ranked is full with children it ranked higher")
        }
        return ("capacity", "all \(p.candidates[c].count) helper\(p.candidates[c].count == 1 ? "" : "s") allowed for this child are taken")
    }

    func unmatched(_ c: Int) -> BuddyPlan.Unmatched {
        let child = problem.data.students[problem.children[c]]
        let (rule, detail) = blockingRule(c)
        return BuddyPlan.Unmatched(childID: child.id, schoolID: child.schoolID, grade: child.grade, rule: rule, detail: detail)
    }

    /// One sentence per place, grade, gender where it matters, and rule.
    func fixes(for children: [Int]) -> [String] {
        let policy = problem.policy
        struct Group: Hashable { let place: String; let grade: Int; let gender: String; let rule: String }
        var count = [Group: Int](), order = [Group]()
        for c in children {
            let child = problem.data.students[problem.children[c]]
            let place = policy.scope == .school ? "school \(child.schoolID)" : "community \(child.communityID)"
            let gender = child.grade >= policy.sameGenderFrom ? (child.gender == .female ? " girls" : child.gender == .male ? " boys" : "") : ""
            let group = Group(place: place, grade: child.grade, gender: gender, rule: blockingRule(c).rule)
            if count[group] == nil { order.append(group) }
            count[group, default: 0] += 1
        }
        order.sort { ($0.place, $0.grade, $0.gender, $0.rule) < ($1.place, $1.grade, $1.gender, $1.rule) }
        return order.map { g in
            let n = count[g]!
            let who = "\(n) child\(n == 1 ? "" : "ren")", have = n == 1 ? "1 child has" : "\(n) children have"
            let top = min(12, g.grade + policy.maxGradeGap)
            let grades = top == g.grade ? "grade \(g.grade)" : "grades \(g.grade) to \(top)"
            let recruit = "\(n) more helper\(n == 1 ? "" : "s")\(g.gender.isEmpty ? "" : " (\(g.gender.dropFirst()))") in \(grades)"
            switch g.rule {
            case "capacity":
                return "\(g.place), grade \(g.grade): \(who) without a buddy because every helper allowed is taken; \(recruit) would place them"
            case "search_stopped":
                return "\(g.place), grade \(g.grade): the search stopped before it finished; a longer solver.time_limit may place \(who)"
            case "ranks":
                return "\(g.place), grade \(g.grade): \(n == 1 ? "1 child shares" : "\(n) children share") no ranking with any allowed helper; ask them and the helpers to rank more of each other"
            case "stability":
                return "\(g.place), grade \(g.grade): \(n == 1 ? "1 child loses" : "\(n) children lose") out to children their helpers ranked higher; \(recruit) (or longer rank lists) would place them"
            default:
                let rule = BuddyRule(rawValue: g.rule).map { $0.neutralSentence(policy) } ?? g.rule
                return "\(g.place), grade \(g.grade): \(have) no possible helper (\(rule)); \(recruit) who meet the rules would place them"
            }
        }
    }
}

extension BuddyPlan: PlanOutcome {
    public static let name = "buddies"
    public var title: String { "Buddy pairing (\(mode.rawValue))" }

    public var figures: [Figure] {
        let k = kpis
        var figures = [
            Figure("requests", "children asking", k.requests, .count, .neutral),
            Figure("matched", "matched", k.matched, .count, .higherIsBetter),
            Figure("coverage", "coverage", k.coverage, .share, .higherIsBetter),
            Figure("mean_score", "mean score", k.meanScore, .score, .higherIsBetter),
            Figure("shared_interests_share", "pairs sharing an interest", k.sharedInterestsShare, .share, .higherIsBetter),
            Figure("helpers", "helpers who may take a child", k.helpers, .count, .neutral),
            Figure("helpers_used", "helpers used", k.helpersUsed, .count, .neutral),
        ]
        if let blocking = k.blockingPairs { figures.append(Figure("blocking_pairs", "blocking pairs", blocking, .count, .lowerIsBetter)) }
        return figures
    }

    public var shortfalls: [Shortfall] { unmatched.map { Shortfall(subject: $0.childID, rule: $0.rule, detail: $0.detail) } }
}
