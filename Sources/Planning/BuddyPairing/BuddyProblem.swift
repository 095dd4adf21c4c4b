import CareModel
import Foundation

/// Buddy pairing, validated and prepared: which helper may keep which child company, at
/// what score, split into independent components.
///
/// Hard rules become the candidate list (a pair that breaks one is never a candidate):
/// scope (same school or community), consent, the helper is neither at risk nor in
/// difficulty, grade gap, same gender from a grade on, forbid, `listed_only`, and a pinned
/// child only with the pinned helper. "At most one buddy" and helper capacity are
/// constraints of the formulation.
public struct BuddyProblem: Sendable {
    public let data: BuddyData
    public let policy: BuddyPolicy

    public struct Candidate: Sendable, Equatable {
        /// Index into `helpers`.
        public let helper: Int
        /// Weighted score in hundredths.
        public let scoreUnits: Int
        public let reasons: Reasons
        public let sharedInterests: Int
        /// Re-planning: the keep bonus in `scoreUnits` of the pair the plan re-planned had.
        public var keepUnits = 0
        /// The pair's score by the policy's weights alone.
        public var policyUnits: Int { scoreUnits - keepUnits }
    }

    /// Which soft terms a pair earns.
    public struct Reasons: ScoreReasons {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let sameClass = Reasons(rawValue: 1), sameCommunity = Reasons(rawValue: 2), interests = Reasons(rawValue: 4),
                          continuity = Reasons(rawValue: 8), preferred = Reasons(rawValue: 16)
        public static let named: [(reason: Reasons, name: String)] = [
            (.sameClass, "same_class"), (.sameCommunity, "same_community"), (.interests, "interests"),
            (.continuity, "continuity"), (.preferred, "prefer"), (.kept, "kept")]
        /// Re-planning: the pair of the plan re-planned.
        public static let kept = Reasons(rawValue: 32)
    }

    public struct Component: Sendable {
        /// Indices into `children`.
        public let children: [Int]
        /// Indices into `helpers`.
        public let helpers: [Int]
    }

    /// The student behind each request and each helper (indices into `data.students`).
    public let children: [Int]
    public let helpers: [Int]
    public let childIndex: [String: Int]
    public let helperIndex: [String: Int]
    public let studentIndex: [String: Int]
    /// Candidates of each child, best score first (ties by helper order).
    public let candidates: [[Candidate]]
    /// Each helper's capacity: 0 without consent or when not eligible.
    public let capacity: [Int]
    public let pinned: [Int?]
    /// A helper and a child who ranked each other, with both ranks (1 first).
    public struct RankedPair: Sendable, Equatable {
        /// Index into `helpers`.
        public let helper: Int
        public let childRank: Int
        public let helperRank: Int

        /// What the pair costs under `objective`: both ranks (egalitarian), the child's or the helper's.
        public func cost(_ objective: BuddyPolicy.StableObjective) -> Int {
            objective == .childOptimal ? childRank : objective == .helperOptimal ? helperRank : childRank + helperRank
        }
    }
    /// Each child's helpers that the hard rules allow and that ranked the child back, in the
    /// child's order; empty outside stable mode.
    public let ranked: [[RankedPair]]
    public let components: [Component]
    /// Re-planning: each child's helper in the plan re-planned, when still a helper here.
    public let previousHelper: [Int?]

    /// Re-planning in stable mode: a kept pair's bonus, above every cost the component's ranks
    /// can add up to (so among stable matchings, the one keeping the most earlier pairs wins,
    /// then the least rank).
    func stableKeepBonus(_ component: Component) -> Int {
        1 + component.children.reduce(0) { sum, c in sum + ranked[c].reduce(0) { $0 + $1.cost(policy.stableObjective) } }
    }

    /// Whether child c had helper h in the plan re-planned.
    func kept(_ c: Int, _ h: Int) -> Bool { previousHelper[c] == h }

    public init(data: BuddyData, policy: BuddyPolicy) throws {
        self.data = data
        self.policy = policy
        let students = data.students
        let studentIndex = Dictionary(uniqueKeysWithValues: students.enumerated().map { ($1.id, $0) })
        self.studentIndex = studentIndex
        let children = data.requests.map { studentIndex[$0.studentID]! }
        let helpers = data.helpers.map { studentIndex[$0.studentID]! }
        self.children = children
        self.helpers = helpers
        let childIndex = Dictionary(uniqueKeysWithValues: data.requests.enumerated().map { ($1.studentID, $0) })
        let helperIndex = Dictionary(uniqueKeysWithValues: data.helpers.enumerated().map { ($1.studentID, $0) })
        self.childIndex = childIndex
        self.helperIndex = helperIndex
        let capacity = data.helpers.indices.map { h in
            Self.eligible(students[helpers[h]], data.helpers[h], policy) ? data.helpers[h].capacity : 0
        }
        self.capacity = capacity

        var rules = [Int: [Int: BuddyPairRule]]()
        var pinned = [Int?](repeating: nil, count: children.count)
        var pinsOf = [Int](repeating: 0, count: data.helpers.count)
        for rule in data.pairs {
            let c = childIndex[rule.childID]!, h = helperIndex[rule.helperID]!
            rules[c, default: [:]][h] = rule
            guard rule.kind == .pin else { continue }
            // A pin must respect every hard rule, and the helper's capacity.
            if let other = pinned[c] {
                throw DataError(file: rule.file, line: rule.line, column: rule.column,
                                message: "\(rule.childID) is already pinned to \(data.helpers[other].studentID); a child has at most one buddy")
            }
            if let broken = Self.brokenRule(child: students[children[c]], helper: students[helpers[h]], helperData: data.helpers[h],
                                            rule: rule, policy: policy) {
                throw DataError(file: rule.file, line: rule.line, column: rule.column,
                                message: "cannot pin \(rule.childID) to \(rule.helperID): \(broken.neutralSentence(policy))",
                                sensitiveMessage: broken == .helperEligible ? "cannot pin \(rule.childID) to \(rule.helperID): \(broken.sentence(policy))" : nil)
            }
            pinsOf[h] += 1
            if pinsOf[h] > capacity[h] {
                let room = capacity[h] == 0 ? "the helper's capacity is 0"
                    : "the helper takes \(capacity[h]) child\(capacity[h] == 1 ? "" : "ren") and already has \(capacity[h]) pinned"
                throw DataError(file: rule.file, line: rule.line, column: rule.column, message: "cannot pin \(rule.childID) to \(rule.helperID): \(room)")
            }
            pinned[c] = h
        }
        self.pinned = pinned
        let pins = pinned

        // Helpers in each child's scope: by school or by community.
        func key(_ s: Student) -> String { policy.scope == .school ? s.schoolID : s.communityID }
        let helpersOf = Dictionary(grouping: data.helpers.indices, by: { key(students[helpers[$0]]) })
        var candidates = [[Candidate]](repeating: [], count: children.count)
        for c in children.indices {
            let child = students[children[c]], request = data.requests[c]
            let last = data.history[request.studentID].flatMap { helperIndex[$0] }
            var list = [Candidate]()
            // With listed_only, only the child's listed pairs can be candidates: look at those alone.
            let pool = policy.candidates == .listedOnly ? (rules[c].map { $0.keys.sorted() } ?? []) : helpersOf[key(child)] ?? []
            for h in pool {
                if let p = pinned[c], p != h { continue }
                let rule = rules[c]?[h]
                guard capacity[h] > 0,
                      Self.brokenRule(child: child, helper: students[helpers[h]], helperData: data.helpers[h], rule: rule, policy: policy) == nil
                else { continue }
                list.append(Self.candidate(h, child: child, request: request, helper: students[helpers[h]], helperData: data.helpers[h],
                                           rule: rule, continuity: last == h, policy: policy))
            }
            list.sort { ($0.scoreUnits, $1.helper) > ($1.scoreUnits, $0.helper) }
            candidates[c] = list
        }
        if policy.mode == .optimal && !data.previous.isEmpty {
            // Re-planning: each earlier pair still allowed earns a bonus above every score of its
            // component, so only a rule, a departure or another child's place changes it.
            let parts = Self.components(childCount: children.count, helperCount: data.helpers.count) { c in candidates[c].map(\.helper) }
            for part in parts {
                let bonus = PlanChanges.keepBonus(softRange: part.children.reduce(0) { $0 + (candidates[$1].map { abs($0.scoreUnits) }.max() ?? 0) })
                for c in part.children {
                    guard let before = data.previous[data.requests[c].studentID], let h = helperIndex[before],
                          let k = candidates[c].firstIndex(where: { $0.helper == h }) else { continue }
                    let old = candidates[c][k]
                    var kept = Candidate(helper: h, scoreUnits: old.scoreUnits + bonus, reasons: old.reasons.union(.kept), sharedInterests: old.sharedInterests)
                    kept.keepUnits = bonus
                    candidates[c][k] = kept
                    candidates[c].sort { ($0.scoreUnits, $1.helper) > ($1.scoreUnits, $0.helper) }
                }
            }
        }
        self.candidates = candidates
        previousHelper = data.requests.map { r in data.previous[r.studentID].flatMap { helperIndex[$0] } }
        let ranked = policy.mode == .stable ? Self.mutualRanks(data, childIndex: childIndex, helperIndex: helperIndex, candidates: candidates)
            : [[RankedPair]](repeating: [], count: children.count)
        self.ranked = ranked
        components = Self.components(childCount: children.count, helperCount: data.helpers.count) { c in
            policy.mode == .stable ? ranked[c].map(\.helper) + (pins[c].map { [$0] } ?? []) : candidates[c].map(\.helper)
        }
    }

    /// Both ranks of a pair when both sides ranked it and the rules allow it (a search of the child's list).
    public func ranks(child c: Int, helper h: Int) -> RankedPair? { ranked[c].first { $0.helper == h } }

    /// The pairs both sides ranked among those the rules allow, each child's in its order. The
    /// helpers' lists are bucketed by child once, so each child's list is matched against its
    /// bucket through one scratch array: linear in the lists' length, with no table per helper
    /// (complete lists of 2,000 x 2,000 are 4 million entries a side).
    static func mutualRanks(_ data: BuddyData, childIndex: [String: Int], helperIndex: [String: Int],
                            candidates: [[Candidate]]) -> [[RankedPair]] {
        let childCount = candidates.count, helperCount = data.helpers.count
        // Every helper's ranks as (child, helper, rank), the first mention of a child counting.
        var entries = [(child: Int32, helper: Int32, rank: Int32)]()
        var count = [Int](repeating: 0, count: childCount + 1)
        var seen = [Int](repeating: -1, count: childCount)
        for (helperID, list) in data.helperRanks {
            guard let h = helperIndex[helperID] else { continue }
            for (k, childID) in list.enumerated() {
                guard let c = childIndex[childID], seen[c] != h else { continue }
                seen[c] = h
                entries.append((Int32(c), Int32(h), Int32(k + 1)))
                count[c + 1] += 1
            }
        }
        // Bucketed by child (a counting sort).
        for c in 0..<childCount { count[c + 1] += count[c] }
        var next = count, bucket = [(helper: Int32, rank: Int32)](repeating: (0, 0), count: entries.count)
        for e in entries {
            bucket[next[Int(e.child)]] = (e.helper, e.rank)
            next[Int(e.child)] += 1
        }
        entries = []
        var helperRank = [Int](repeating: 0, count: helperCount), allowed = [Bool](repeating: false, count: helperCount)
        return (0..<childCount).map { c in
            for e in bucket[count[c]..<count[c + 1]] { helperRank[Int(e.helper)] = Int(e.rank) }
            for cand in candidates[c] { allowed[cand.helper] = true }
            var mine = [RankedPair]()
            for (k, helperID) in (data.childRanks[data.requests[c].studentID] ?? []).enumerated() {
                guard let h = helperIndex[helperID], allowed[h], helperRank[h] > 0 else { continue }
                mine.append(RankedPair(helper: h, childRank: k + 1, helperRank: helperRank[h]))
                allowed[h] = false  // a helper listed twice counts once, at its first place
            }
            for e in bucket[count[c]..<count[c + 1]] { helperRank[Int(e.helper)] = 0 }
            for cand in candidates[c] { allowed[cand.helper] = false }
            return mine
        }
    }

    /// A helper who consented and is neither at risk nor in difficulty.
    static func eligible(_ student: Student, _ helper: Helper, _ policy: BuddyPolicy) -> Bool {
        helper.consent && !student.isInDifficulty && student.riskLevel < policy.helperRiskLevel
    }

    /// The first hard rule the pair breaks, or nil when the helper may take the child.
    public static func brokenRule(child: Student, helper: Student, helperData: Helper, rule: BuddyPairRule?,
                                  policy: BuddyPolicy) -> BuddyRule? {
        let sameScope = policy.scope == .school ? child.schoolID == helper.schoolID
            : (!child.communityID.isEmpty && child.communityID == helper.communityID)
        if !sameScope { return .scope }
        if !helperData.consent { return .consent }
        if helper.isInDifficulty || helper.riskLevel >= policy.helperRiskLevel { return .helperEligible }
        if helper.grade < child.grade || helper.grade > child.grade + policy.maxGradeGap { return .gradeGap }
        if max(child.grade, helper.grade) >= policy.sameGenderFrom && (child.gender == nil || child.gender != helper.gender) {
            return .sameGender
        }
        if rule?.kind == .forbid { return .forbidden }
        if policy.candidates == .listedOnly && rule == nil { return .listedOnly }
        return nil
    }

    static func candidate(_ h: Int, child: Student, request: BuddyRequest, helper: Student, helperData: Helper,
                          rule: BuddyPairRule?, continuity: Bool, policy: BuddyPolicy) -> Candidate {
        let w = policy.weights
        var reasons: Reasons = [], score = 0.0
        if w.sameClass != 0, child.classID == helper.classID, child.schoolID == helper.schoolID {
            reasons.insert(.sameClass); score += w.sameClass
        }
        if w.sameCommunity != 0, !child.communityID.isEmpty, child.communityID == helper.communityID {
            reasons.insert(.sameCommunity); score += w.sameCommunity
        }
        // Counted without building the intersection (most pairs share none; many lists are empty).
        let (few, many) = request.interests.count <= helperData.interests.count ? (request.interests, helperData.interests)
            : (helperData.interests, request.interests)
        let shared = many.isEmpty ? 0 : few.reduce(0) { $0 + (many.contains($1) ? 1 : 0) }
        if w.interests != 0, shared > 0 { reasons.insert(.interests); score += w.interests * Double(shared) }
        if w.continuity != 0, continuity { reasons.insert(.continuity); score += w.continuity }
        if let rule, rule.kind == .prefer, w.prefer != 0, rule.score != 0 { reasons.insert(.preferred); score += w.prefer * rule.score }
        return Candidate(helper: h, scoreUnits: MentorPolicy.units(score), reasons: reasons, sharedInterests: shared)
    }

    /// Components of the bipartite graph of `edges` (union-find), in order of their first child.
    static func components(childCount: Int, helperCount: Int, edges: (Int) -> [Int]) -> [Component] {
        bipartiteComponents(left: childCount, right: helperCount, neighbours: edges)
            .filter { !$0.left.isEmpty }.map { Component(children: $0.left, helpers: $0.right) }
    }
}
