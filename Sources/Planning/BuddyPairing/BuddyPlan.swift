import CareModel
import Modeling

/// A solved buddy pairing: who keeps whom company, who is left without a buddy and why,
/// the pairs that would rather be together (stable mode), and the figures a district reports.
public struct BuddyPlan: Sendable {
    public struct Pair: Sendable, Equatable {
        public let childID: String
        public let helperID: String
        public let schoolID: String
        /// The child's grade.
        public let grade: Int
        public let score: Double
        public let reasons: [String]
    }

    public struct Unmatched: Sendable, Equatable {
        public let childID: String
        public let schoolID: String
        public let grade: Int
        public let rule: BuddyShortfall
        public let detail: String
    }

    /// A child and a helper who both rank each other above what the plan gives them.
    public struct BlockingPair: Sendable, Equatable {
        public let childID: String
        public let helperID: String
        public let why: String
    }

    public struct KPIs: Sendable, Equatable {
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
    }

    public let mode: BuddyPolicy.Mode
    /// Its objective: in optimal mode, unmatched penalties minus scores; in stable mode, the
    /// total rank (plus the price of any blocking pair a pin forces).
    public let search: SearchEnd
    public let components: Int
    public let pairs: [Pair]
    public let unmatched: [Unmatched]
    public let blocking: [BlockingPair]
    public let fixes: [String]
    public let kpis: KPIs
    /// Re-planning: how the pairs differ from the plan re-planned (nil when none was given).
    public let changes: PlanChanges?

    init(problem p: BuddyProblem, results: [BuddyPlanner.ComponentResult], seconds: Double) {
        let students = p.data.students
        var helperOf = [Int?](repeating: nil, count: p.children.count)
        var unproven = Set<Int>()
        for (component, result) in zip(p.components, results) {
            for (c, h) in zip(component.children, result.choice) { helperOf[c] = h }
            if result.status != .optimal { unproven.formUnion(component.children) }
        }
        mode = p.policy.mode
        search = SearchEnd(combining: results, scale: p.policy.mode == .optimal ? MentorPolicy.scale : 1, seconds: seconds)
        components = results.count

        var used = [Int](repeating: 0, count: p.data.helpers.count)
        var matchedPairs = [Pair](), shared = 0, totalScore = 0.0
        for c in p.children.indices {
            guard let h = helperOf[c] else { continue }
            used[h] += 1
            let candidate = p.candidates[c].first { $0.helper == h }
            let score = Double(candidate?.policyUnits ?? 0) / MentorPolicy.scale
            totalScore += score
            if (candidate?.sharedInterests ?? 0) > 0 { shared += 1 }
            matchedPairs.append(Pair(childID: p.data.requests[c].studentID, helperID: p.data.helpers[h].studentID,
                                     schoolID: students[p.children[c]].schoolID, grade: students[p.children[c]].grade, score: score, reasons: candidate?.reasons.names ?? []))
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
        changes = p.data.previous.isEmpty ? nil : PlanChanges(
            previous: p.data.previous,
            current: Dictionary(uniqueKeysWithValues: p.children.indices.map { (p.data.requests[$0].studentID, helperOf[$0].map { p.data.helpers[$0].studentID }) }),
            groups: Dictionary(uniqueKeysWithValues: p.children.indices.map { (p.data.requests[$0].studentID, students[p.children[$0]].schoolID) }),
            partners: Set(p.data.helpers.map(\.studentID))) { child, helper in
                guard let c = p.childIndex[child], let h = p.helperIndex[helper] else { return false }
                // Stable mode: the pair must also be ranked by both sides.
                return p.policy.mode == .stable ? p.pinned[c] == h || p.ranked[c].contains { $0.helper == h } : p.candidates[c].contains { $0.helper == h }
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
        var worst = [Int](repeating: 0, count: p.capacity.count)  // the worst rank each helper holds (Int.max: a pinned child it did not rank)
        var current = [Int](repeating: Int.max, count: helperOf.count)  // each child's rank of its helper
        for (c, h) in helperOf.enumerated() {
            guard let h else { continue }
            let pair = p.ranks(child: c, helper: h)
            worst[h] = max(worst[h], pair?.helperRank ?? Int.max)
            current[c] = pair?.childRank ?? Int.max
        }
        var out = [BlockingPair]()
        for c in p.children.indices {
            for pair in p.ranked[c] where pair.childRank < current[c] {
                let h = pair.helper
                let why: String
                if used[h] < p.capacity[h] {
                    why = "the helper has room"
                } else if pair.helperRank < worst[h] {
                    why = "the helper ranks this child above one of its children"
                } else { continue }
                out.append(BlockingPair(childID: p.data.requests[c].studentID, helperID: p.data.helpers[h].studentID, why: why))
            }
        }
        return out.sorted { ($0.childID, $0.helperID) < ($1.childID, $1.helperID) }
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
        return figures + (changes?.figures(partner: "helper") ?? [])
    }

    public var shortfalls: [Shortfall] { unmatched.map { Shortfall(subject: $0.childID, rule: $0.rule.rawValue, detail: $0.detail) } }
}
