import CareModel
import GLPK
import Modeling
import Testing
@testable import Planning

// MARK: - Fixtures

func kid(_ id: String, grade: Int = 3, klass: String = "K", gender: Gender? = .female, school: String = "A",
         community: String = "C1", difficulty: Set<DifficultyCategory> = [.poverty], risk: Int = 0) -> Student {
    Student(id: id, schoolID: school, grade: grade, classID: klass, gender: gender, difficulty: difficulty, riskLevel: risk,
            communityID: community)
}

/// A buddy problem from children (asking), helpers (volunteering) and rules; students are both lists.
func buddies(children: [Student], helpers: [(Student, Int)], consent: Bool = true, interests: [String: Set<String>] = [:],
             pairs: [BuddyPairRule] = [], childRanks: [String: [String]] = [:], helperRanks: [String: [String]] = [:],
             history: [String: String] = [:]) -> BuddyData {
    BuddyData(students: children + helpers.map(\.0),
              requests: children.map { BuddyRequest(studentID: $0.id, interests: interests[$0.id] ?? []) },
              helpers: helpers.map { Helper(studentID: $0.0.id, capacity: $0.1, interests: interests[$0.0.id] ?? [], consent: consent) },
              pairs: pairs, childRanks: childRanks, helperRanks: helperRanks, history: history)
}

func helper(_ id: String, grade: Int = 4, klass: String = "H", gender: Gender? = .female, school: String = "A",
            community: String = "C1", risk: Int = 0, difficulty: Set<DifficultyCategory> = []) -> Student {
    kid(id, grade: grade, klass: klass, gender: gender, school: school, community: community, difficulty: difficulty, risk: risk)
}

func quietBuddyPolicy(_ mode: BuddyPolicy.Mode = .optimal) -> BuddyPolicy {
    var p = BuddyPolicy()
    p.mode = mode
    p.weights.sameClass = 0
    p.weights.sameCommunity = 0
    p.weights.interests = 0
    p.weights.continuity = 0
    p.weights.prefer = 0
    return p
}

func buddyPlan(_ data: BuddyData, _ policy: BuddyPolicy = quietBuddyPolicy()) throws -> BuddyPlan {
    try BuddyPlanner.plan(BuddyProblem(data: data, policy: policy), solver: GLPKSolver(), settings: SolverSettings(threads: 1))
}

extension BuddyPlan {
    func buddy(of child: String) -> String? { pairs.first { $0.childID == child }?.helperID }
    func rule(of child: String) -> String? { unmatched.first { $0.childID == child }?.rule.rawValue }
}

struct Rng {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
}

// MARK: - Hard rules, one fixture each

@Suite struct BuddyRules {
    @Test func sameSchoolOrSameCommunity() throws {
        let data = buddies(children: [kid("K1", school: "A", community: "C1")],
                           helpers: [(helper("H1", school: "B", community: "C1"), 1)])
        let bySchool = try buddyPlan(data)
        #expect(bySchool.buddy(of: "K1") == nil)
        #expect(bySchool.rule(of: "K1") == "scope")
        #expect(bySchool.unmatched.first?.detail == "no helper volunteers in school A")
        var policy = quietBuddyPolicy()
        policy.scope = .community
        #expect(try buddyPlan(data, policy).buddy(of: "K1") == "H1")
    }

    @Test func helperGradeFromTheChildsToTwoAbove() throws {
        let data = buddies(children: [kid("K1", grade: 3)],
                           helpers: [(helper("H1", grade: 2), 1), (helper("H2", grade: 6), 1)])
        let p = try buddyPlan(data)
        #expect(p.buddy(of: "K1") == nil)
        #expect(p.rule(of: "K1") == "grade_gap")
        var policy = quietBuddyPolicy()
        policy.maxGradeGap = 3
        #expect(try buddyPlan(data, policy).buddy(of: "K1") == "H2")
        let same = try buddyPlan(buddies(children: [kid("K1", grade: 3)], helpers: [(helper("H3", grade: 3), 1)]))
        #expect(same.buddy(of: "K1") == "H3")
    }

    @Test func sameGenderFromGradeFive() throws {
        // Grade 3 with a grade-4 helper: any gender. Grade 4 with a grade-5 helper: the older one is in grade 5.
        let young = buddies(children: [kid("K1", grade: 3, gender: .male)], helpers: [(helper("H1", grade: 4, gender: .female), 1)])
        #expect(try buddyPlan(young).buddy(of: "K1") == "H1")
        let older = buddies(children: [kid("K1", grade: 4, gender: .male)], helpers: [(helper("H1", grade: 5, gender: .female), 1)])
        let p = try buddyPlan(older)
        #expect(p.rule(of: "K1") == "same_gender")
        #expect(p.fixes == ["school A, grade 4: 1 child has no possible helper (from grade 5 buddies are of the same gender); 1 more helper in grades 4 to 6 who meet the rules would place them"])
        var policy = quietBuddyPolicy()
        policy.sameGenderFrom = 6
        #expect(try buddyPlan(older, policy).buddy(of: "K1") == "H1")
    }

    @Test func consentIsRequired() throws {
        let p = try buddyPlan(buddies(children: [kid("K1")], helpers: [(helper("H1"), 1)], consent: false))
        #expect(p.rule(of: "K1") == "consent")
        #expect(p.kpis.helpers == 0)
    }

    @Test func atRiskOrInDifficultyIsNeverAHelper() throws {
        let risky = try buddyPlan(buddies(children: [kid("K1")], helpers: [(helper("H1", risk: 2), 1)]))
        #expect(risky.rule(of: "K1") == "helper_eligible")
        let inDifficulty = try buddyPlan(buddies(children: [kid("K1")], helpers: [(helper("H1", difficulty: [.migrant]), 1)]))
        #expect(inDifficulty.rule(of: "K1") == "helper_eligible")
        let fine = try buddyPlan(buddies(children: [kid("K1")], helpers: [(helper("H1", risk: 1), 1)]))
        #expect(fine.buddy(of: "K1") == "H1")
    }

    @Test func helperCapacityAndOneBuddyPerChild() throws {
        let data = buddies(children: [kid("K1"), kid("K2"), kid("K3")], helpers: [(helper("H1"), 2)])
        let p = try buddyPlan(data)
        #expect(p.kpis.matched == 2)
        #expect(Set(p.pairs.map(\.helperID)) == ["H1"])
        #expect(p.unmatched.map(\.rule.rawValue) == ["capacity"])
        #expect(p.fixes == ["school A, grade 3: 1 child without a buddy because every helper allowed is taken; 1 more helper in grades 3 to 5 would place them"])
        // Two helpers with room, one child: one buddy, not two.
        let one = try buddyPlan(buddies(children: [kid("K1")], helpers: [(helper("H1"), 1), (helper("H2"), 1)]))
        #expect(one.pairs.count == 1)
    }

    @Test func forbidAndPin() throws {
        let forbid = BuddyPairRule(childID: "K1", helperID: "H1", kind: .forbid)
        let p = try buddyPlan(buddies(children: [kid("K1")], helpers: [(helper("H1"), 1)], pairs: [forbid]))
        #expect(p.rule(of: "K1") == "forbidden")
        // The pin wins although the other child could only have that helper.
        let pin = BuddyPairRule(childID: "K2", helperID: "H1", kind: .pin)
        let pinned = try buddyPlan(buddies(children: [kid("K1"), kid("K2")], helpers: [(helper("H1"), 1), (helper("H2"), 1)],
                                           pairs: [pin, BuddyPairRule(childID: "K1", helperID: "H2", kind: .forbid)]))
        #expect(pinned.buddy(of: "K2") == "H1")
        #expect(pinned.buddy(of: "K1") == nil)
    }

    @Test func listedOnly() throws {
        var policy = quietBuddyPolicy()
        policy.candidates = .listedOnly
        let prefer = BuddyPairRule(childID: "K1", helperID: "H2", kind: .prefer, score: 1)
        let data = buddies(children: [kid("K1"), kid("K2")], helpers: [(helper("H1"), 1), (helper("H2"), 1)], pairs: [prefer])
        let p = try buddyPlan(data, policy)
        #expect(p.buddy(of: "K1") == "H2")
        #expect(p.buddy(of: "K2") == nil)
        #expect(p.rule(of: "K2") == "listed_only")
    }

    @Test func pinThatBreaksARuleIsAnError() {
        let pin = BuddyPairRule(childID: "K1", helperID: "H1", kind: .pin, file: "buddy_pairs.csv", line: 2, column: 4)
        let data = buddies(children: [kid("K1", grade: 3)], helpers: [(helper("H1", grade: 7), 1)], pairs: [pin])
        #expect(throws: DataError(file: "buddy_pairs.csv", line: 2, column: 4,
                                  message: "cannot pin K1 to H1: the helper's grade must be the child's grade to 2 above")) {
            try BuddyProblem(data: data, policy: BuddyPolicy())
        }
        let twice = [BuddyPairRule(childID: "K1", helperID: "H1", kind: .pin, file: "buddy_pairs.csv", line: 2, column: 4),
                     BuddyPairRule(childID: "K2", helperID: "H1", kind: .pin, file: "buddy_pairs.csv", line: 3, column: 4)]
        let full = buddies(children: [kid("K1"), kid("K2")], helpers: [(helper("H1"), 1)], pairs: twice)
        #expect(throws: DataError(file: "buddy_pairs.csv", line: 3, column: 4,
                                  message: "cannot pin K2 to H1: the helper takes 1 child and already has 1 pinned")) {
            try BuddyProblem(data: full, policy: BuddyPolicy())
        }
    }
}

// MARK: - Soft terms and priority

@Suite struct BuddySoftTerms {
    /// Two helpers, one child: the term under test decides which one.
    func choice(_ policy: BuddyPolicy, interests: [String: Set<String>] = [:], pairs: [BuddyPairRule] = [],
                history: [String: String] = [:], h2: Student = helper("H2")) throws -> String? {
        try buddyPlan(buddies(children: [kid("K1", klass: "K")], helpers: [(helper("H1", community: "C9"), 1), (h2, 1)],
                              interests: interests, pairs: pairs, history: history), policy).buddy(of: "K1")
    }

    @Test func eachTermPullsAndZeroSwitchesItOff() throws {
        var p = quietBuddyPolicy()
        p.weights.sameClass = 1
        #expect(try choice(p, h2: helper("H2", klass: "K", community: "C9")) == "H2")
        p = quietBuddyPolicy(); p.weights.sameCommunity = 1
        #expect(try choice(p) == "H2")
        p = quietBuddyPolicy(); p.weights.interests = 1
        #expect(try choice(p, interests: ["K1": ["chess", "music"], "H1": ["music"], "H2": ["chess", "music"]], h2: helper("H2", community: "C9")) == "H2")
        p = quietBuddyPolicy(); p.weights.continuity = 1
        #expect(try choice(p, history: ["K1": "H2"], h2: helper("H2", community: "C9")) == "H2")
        p = quietBuddyPolicy(); p.weights.prefer = 1
        #expect(try choice(p, pairs: [BuddyPairRule(childID: "K1", helperID: "H2", kind: .prefer, score: 2)], h2: helper("H2", community: "C9")) == "H2")
        // With every weight 0, ties go to the first helper.
        #expect(try choice(quietBuddyPolicy(), history: ["K1": "H2"]) == "H1")
    }

    @Test func reasonsAndScoreAreReported() throws {
        let data = buddies(children: [kid("K1", klass: "K")], helpers: [(helper("H1", klass: "K"), 1)],
                           interests: ["K1": ["chess"], "H1": ["chess"]], history: ["K1": "H1"])
        let p = try buddyPlan(data, BuddyPolicy())
        #expect(p.pairs.first?.reasons == ["same_class", "same_community", "interests", "continuity"])
        #expect(p.pairs.first?.score == 10.0)  // same class 2, community 2, one interest 1, continuity 5
        #expect(p.kpis.sharedInterestsShare == 1)
    }

    @Test func moreChildrenMatchedBeforeHigherScores() throws {
        // K1 scores 100 with H1, but only H1 can take K2: both get a buddy.
        let data = buddies(children: [kid("K1"), kid("K2", grade: 4)], helpers: [(helper("H1", grade: 4), 1), (helper("H2", grade: 3), 1)],
                           pairs: [BuddyPairRule(childID: "K1", helperID: "H1", kind: .prefer, score: 100)])
        var policy = quietBuddyPolicy()
        policy.weights.prefer = 1
        let p = try buddyPlan(data, policy)
        #expect(p.buddy(of: "K1") == "H2")
        #expect(p.buddy(of: "K2") == "H1")
    }
}

// MARK: - Optimality and stability on random instances

/// A small random school: children and helpers of grades 1-6, both genders, some interests,
/// random prefer scores and ranks.
func randomBuddies(_ rng: inout Rng, children: Int, helpers: Int, ranks: Bool) -> BuddyData {
    let tags = ["a", "b", "c"]
    func person(_ id: String) -> Student {
        kid(id, grade: 1 + rng.next(6), klass: "K\(rng.next(2))", gender: rng.next(2) == 0 ? .female : .male,
            community: "C\(rng.next(2))", difficulty: id.hasPrefix("K") ? [.poverty] : [])
    }
    let kids = (0..<children).map { person("K\($0)") }
    let helps = (0..<helpers).map { (person("H\($0)"), 1 + rng.next(2)) }
    var interests = [String: Set<String>]()
    for s in kids + helps.map(\.0) { interests[s.id] = Set(tags.filter { _ in rng.next(2) == 0 }) }
    var pairs = [BuddyPairRule]()
    for k in kids { for h in helps where rng.next(4) == 0 { pairs.append(BuddyPairRule(childID: k.id, helperID: h.0.id, kind: .prefer, score: Double(rng.next(5)))) } }
    var childRanks = [String: [String]](), helperRanks = [String: [String]]()
    if ranks {
        for k in kids {
            var list = helps.map(\.0.id).filter { _ in rng.next(3) != 0 }
            for i in stride(from: list.count - 1, to: 0, by: -1) { list.swapAt(i, rng.next(i + 1)) }
            if !list.isEmpty { childRanks[k.id] = list }
        }
        for h in helps {
            var list = kids.map(\.id).filter { _ in rng.next(3) != 0 }
            for i in stride(from: list.count - 1, to: 0, by: -1) { list.swapAt(i, rng.next(i + 1)) }
            if !list.isEmpty { helperRanks[h.0.id] = list }
        }
    }
    return buddies(children: kids, helpers: helps, interests: interests, pairs: pairs, childRanks: childRanks,
                   helperRanks: helperRanks)
}

// MARK: - The buddy rules, read again from the README and BuddyPolicy

/// The buddy rules read from the README ("The hard rules: ...", the `policy.buddy` keys) and
/// `BuddyPolicy`, and applied to the tables alone (`BuddyData` and the test's policy). The brute
/// forces below take every allowed pair, every score and every rank from here, never from
/// `BuddyProblem`: the library only runs the planner and hands back its plan.
struct BuddyReading {
    let data: BuddyData
    let policy: BuddyPolicy
    /// The children in `buddy_requests.csv` order and the helpers in `helpers.csv` order, as students.
    let children: [Student]
    let helpers: [Student]

    init(_ data: BuddyData, _ policy: BuddyPolicy) {
        self.data = data
        self.policy = policy
        let byID = Dictionary(uniqueKeysWithValues: data.students.map { ($0.id, $0) })
        children = data.requests.map { byID[$0.studentID]! }
        helpers = data.helpers.map { byID[$0.studentID]! }
    }

    func helperIndex(_ id: String) -> Int? { helpers.firstIndex { $0.id == id } }
    /// `helpers.csv`: how many children the helper takes at most.
    func capacity(_ h: Int) -> Int { data.helpers[h].capacity }

    /// The pair's row of `buddy_pairs.csv`, if listed.
    func listed(_ c: Int, _ h: Int) -> BuddyPairRule? {
        data.pairs.first { $0.childID == children[c].id && $0.helperID == helpers[h].id }
    }

    /// The helper a `pin` row gives the child (one buddy per child: the pin is it).
    func pinned(_ c: Int) -> Int? {
        data.pairs.first { $0.childID == children[c].id && $0.kind == .pin }.flatMap { helperIndex($0.helperID) }
    }

    /// The README's hard rules, one by one: same school (or community), consent, never a helper at
    /// `helper_risk_level` or in difficulty, the helper's grade from the child's to `max_grade_gap`
    /// above, the same gender from `same_gender_from` (either student's grade; a missing gender rules
    /// the pair out), not forbidden, a pinned child only with the pinned helper (one buddy per child),
    /// and with `listed_only` only pairs listed (prefer or pin). Capacity is the matchings' rule.
    func allowed(_ c: Int, _ h: Int) -> Bool {
        let child = children[c], helper = helpers[h]
        switch policy.scope {
        case .school: if child.schoolID != helper.schoolID { return false }
        case .community: if child.communityID != helper.communityID { return false }
        }
        if !data.helpers[h].consent { return false }
        if helper.riskLevel >= policy.helperRiskLevel || !helper.difficulty.isEmpty { return false }
        if helper.grade < child.grade || helper.grade > child.grade + policy.maxGradeGap { return false }
        if max(child.grade, helper.grade) >= policy.sameGenderFrom {
            guard let a = child.gender, let b = helper.gender, a == b else { return false }
        }
        let row = listed(c, h)
        if row?.kind == .forbid { return false }
        if policy.candidates == .listedOnly && row?.kind != .prefer && row?.kind != .pin { return false }
        // The pin is a hard rule too: a pinned child with another helper breaks it, so that pair is
        // no stability row either (it never blocks).
        if let p = pinned(c), p != h { return false }
        return true
    }

    /// The pair's score by the weights of `policy.buddy.weights`: same class (of the same school),
    /// same community, each shared interest, last term's buddy kept, and `prefer` times the listed score.
    func score(_ c: Int, _ h: Int) -> Double {
        let w = policy.weights, child = children[c], helper = helpers[h]
        var s = 0.0
        if child.schoolID == helper.schoolID && child.classID == helper.classID { s += w.sameClass }
        if child.communityID == helper.communityID { s += w.sameCommunity }
        s += w.interests * Double(data.requests[c].interests.intersection(data.helpers[h].interests).count)
        if data.history[child.id] == helper.id { s += w.continuity }
        if let row = listed(c, h), row.kind == .prefer { s += w.prefer * row.score }
        return s
    }

    /// `buddy_ranks.csv`: the rank (1 = first choice) the child gives the helper, and the other way.
    func childRank(_ c: Int, _ h: Int) -> Int? { data.childRanks[children[c].id]?.firstIndex(of: helpers[h].id).map { $0 + 1 } }
    func helperRank(_ h: Int, _ c: Int) -> Int? { data.helperRanks[helpers[h].id]?.firstIndex(of: children[c].id).map { $0 + 1 } }

    /// Stable mode pairs only children and helpers who ranked each other and whom the rules allow.
    func stableAllowed(_ c: Int, _ h: Int) -> Bool { allowed(c, h) && childRank(c, h) != nil && helperRank(h, c) != nil }

    /// The plan's buddies as helper indices, child by child.
    func matching(of plan: BuddyPlan) -> [Int?] { children.map { plan.buddy(of: $0.id).map { helperIndex($0)! } } }
}

/// Every matching over the pairs `allowed` lets through: each child one helper or none, each
/// helper within the capacity of `helpers.csv`, each pinned child with its pinned helper.
func allMatchings(_ r: BuddyReading, allowed: (Int, Int) -> Bool) -> [[Int?]] {
    var out = [[Int?]](), current = [Int?](repeating: nil, count: r.children.count)
    var used = [Int](repeating: 0, count: r.helpers.count)
    func go(_ c: Int) {
        if c == r.children.count { out.append(current); return }
        let options = r.pinned(c).map { [$0] } ?? r.helpers.indices.filter { allowed(c, $0) }
        if r.pinned(c) == nil { current[c] = nil; go(c + 1) }
        for h in options where used[h] < r.capacity(h) {
            used[h] += 1; current[c] = h
            go(c + 1)
            used[h] -= 1; current[c] = nil
        }
    }
    go(0)
    return out
}

/// Optimal mode by the README: the most children matched first, then the highest total score.
func bestMatching(_ r: BuddyReading) -> (matched: Int, total: Double) {
    allMatchings(r, allowed: r.allowed).map { m -> (Int, Double) in
        (m.compactMap { $0 }.count, zip(r.children.indices, m).reduce(0.0) { sum, e in e.1.map { sum + r.score(e.0, $0) } ?? sum })
    }.max { ($0.0, $0.1) < ($1.0, $1.1) }!
}

/// A wider random instance than `randomBuddies`: two schools sharing two communities, helpers
/// without consent, at risk or in difficulty, missing genders, forbidden pairs, last term's
/// buddies, helpers of capacity 0 to 2, and pins the reading allows (each child with chance
/// 1/`pinEvery`; none at 0); and a random policy (scope, candidates, grade gap, same-gender grade,
/// helper risk level, weights).
func variedBuddies(_ rng: inout Rng, ranks: Bool, pinEvery: Int) -> (BuddyData, BuddyPolicy) {
    let tags = ["a", "b", "c"]
    func student(_ id: String, child: Bool) -> Student {
        Student(id: id, schoolID: rng.next(4) == 0 ? "B" : "A", grade: 2 + rng.next(5), classID: "K\(rng.next(2))",
                gender: rng.next(8) == 0 ? nil : rng.next(2) == 0 ? .female : .male,
                difficulty: child ? [.poverty] : (rng.next(8) == 0 ? [.migrant] : []), riskLevel: rng.next(3) == 0 ? 1 + rng.next(3) : 0,
                communityID: rng.next(4) == 0 ? "C1" : "C0")
    }
    let kids = (0..<(2 + rng.next(4))).map { student("K\($0)", child: true) }
    let helps = (0..<(2 + rng.next(3))).map { student("H\($0)", child: false) }
    var interests = [String: Set<String>]()
    for s in kids + helps { interests[s.id] = Set(tags.filter { _ in rng.next(2) == 0 }) }
    let helpers = helps.map { Helper(studentID: $0.id, capacity: rng.next(6) == 0 ? 0 : 1 + rng.next(2), interests: interests[$0.id]!,
                                     consent: rng.next(8) != 0) }
    var pairs = [BuddyPairRule](), history = [String: String]()
    for k in kids {
        for h in helps {
            switch rng.next(8) {
            case 0, 1: pairs.append(BuddyPairRule(childID: k.id, helperID: h.id, kind: .prefer, score: Double(rng.next(7) - 2)))
            case 2: pairs.append(BuddyPairRule(childID: k.id, helperID: h.id, kind: .forbid))
            default: break
            }
        }
        if rng.next(3) == 0 { history[k.id] = helps[rng.next(helps.count)].id }
    }
    var policy = BuddyPolicy()
    policy.scope = rng.next(2) == 0 ? .school : .community
    policy.candidates = rng.next(4) == 0 ? .listedOnly : .all
    policy.maxGradeGap = 1 + rng.next(3)
    policy.sameGenderFrom = 4 + rng.next(4)
    policy.helperRiskLevel = 2 + rng.next(2)
    policy.weights.sameClass = Double(rng.next(4))
    policy.weights.sameCommunity = Double(rng.next(4))
    policy.weights.interests = Double(rng.next(3))
    policy.weights.continuity = Double(rng.next(6))
    policy.weights.prefer = Double(rng.next(3))
    var childRanks = [String: [String]](), helperRanks = [String: [String]]()
    if ranks {
        for k in kids {
            var list = helps.map(\.id).filter { _ in rng.next(4) != 0 }
            for i in stride(from: list.count - 1, to: 0, by: -1) { list.swapAt(i, rng.next(i + 1)) }
            if !list.isEmpty { childRanks[k.id] = list }
        }
        for h in helps {
            var list = kids.map(\.id).filter { _ in rng.next(4) != 0 }
            for i in stride(from: list.count - 1, to: 0, by: -1) { list.swapAt(i, rng.next(i + 1)) }
            if !list.isEmpty { helperRanks[h.id] = list }
        }
    }
    var data = BuddyData(students: kids + helps, requests: kids.map { BuddyRequest(studentID: $0.id, interests: interests[$0.id]!) },
                         helpers: helpers, pairs: pairs, childRanks: childRanks, helperRanks: helperRanks, history: history)
    if pinEvery > 0 {
        // A pin only where the reading allows the pair (a listed prefer row becomes the pin), within
        // capacity; with ranks, only a pair both sides ranked.
        let r = BuddyReading(data, policy)
        var pinnedTo = [Int](repeating: 0, count: helps.count)
        for c in kids.indices where rng.next(pinEvery) == 0 {
            let options = helps.indices.filter { (ranks ? r.stableAllowed(c, $0) : r.allowed(c, $0)) && pinnedTo[$0] < helpers[$0].capacity }
            guard !options.isEmpty else { continue }
            let h = options[rng.next(options.count)]
            pinnedTo[h] += 1
            data.pairs.removeAll { $0.childID == kids[c].id && $0.helperID == helps[h].id }
            data.pairs.append(BuddyPairRule(childID: kids[c].id, helperID: helps[h].id, kind: .pin))
        }
    }
    return (data, policy)
}

@Suite struct BuddyOptimality {
    /// The plan against `bestMatching`: as many children matched, the same total score, and every
    /// pair of the plan one the reading allows, with the score the reading gives it.
    func check(_ data: BuddyData, _ policy: BuddyPolicy, _ round: Int) throws -> Int {
        let plan = try BuddyPlanner.plan(BuddyProblem(data: data, policy: policy), solver: GLPKSolver(), settings: SolverSettings(threads: 1))
        let r = BuddyReading(data, policy)
        let best = bestMatching(r)
        #expect(plan.pairs.count == best.matched, "round \(round)")
        #expect(abs(plan.pairs.reduce(0) { $0 + $1.score } - best.total) < 1e-9, "round \(round)")
        for pair in plan.pairs {
            let c = r.children.firstIndex { $0.id == pair.childID }!, h = r.helperIndex(pair.helperID)!
            #expect(r.allowed(c, h), "round \(round): \(pair.childID)-\(pair.helperID) breaks a hard rule")
            #expect(abs(pair.score - r.score(c, h)) < 1e-9, "round \(round): \(pair.childID)-\(pair.helperID) scores \(pair.score), the rules say \(r.score(c, h))")
            if let p = r.pinned(c) { #expect(p == h, "round \(round): \(pair.childID) is pinned elsewhere") }
        }
        for c in r.children.indices { if r.pinned(c) != nil { #expect(plan.buddy(of: r.children[c].id) != nil, "round \(round)") } }
        return best.matched
    }

    @Test func optimalModeMatchesBruteForce() throws {
        var rng = Rng(state: 11)
        var nontrivial = 0
        for round in 0..<30 {
            let data = randomBuddies(&rng, children: 2 + rng.next(4), helpers: 1 + rng.next(3), ranks: false)
            if try check(data, BuddyPolicy(), round) > 1 { nontrivial += 1 }
        }
        #expect(nontrivial >= 10)
    }

    @Test func optimalModeMatchesBruteForceOnEveryRule() throws {
        var rng = Rng(state: 13)
        var nontrivial = 0
        for round in 0..<60 {
            let (data, policy) = variedBuddies(&rng, ranks: false, pinEvery: 4)
            if try check(data, policy, round) > 1 { nontrivial += 1 }
        }
        #expect(nontrivial >= 10)
    }

    @Test func sameInputSamePlan() throws {
        var rng = Rng(state: 5)
        let data = randomBuddies(&rng, children: 8, helpers: 5, ranks: true)
        for mode in BuddyPolicy.Mode.allCases {
            let a = try buddyPlan(data, { var p = BuddyPolicy(); p.mode = mode; return p }())
            let b = try buddyPlan(data, { var p = BuddyPolicy(); p.mode = mode; return p }())
            #expect(a.pairs == b.pairs)
            #expect(a.unmatched == b.unmatched)
        }
    }
}

/// Blocking pairs of a matching, enumerated from scratch: a child and a helper who both ranked
/// each other (and the rules allow), the child unmatched or preferring the helper, the helper
/// with room or preferring the child to one of its children.
func blockingPairs(_ r: BuddyReading, _ m: [Int?]) -> Int { blockingList(r, m).count }

/// The blocking pairs themselves, as (child, helper) ids.
func blockingList(_ r: BuddyReading, _ m: [Int?]) -> [String] {
    var out = [String]()
    for c in r.children.indices {
        for h in r.helpers.indices where r.stableAllowed(c, h) {
            let rc = r.childRank(c, h)!, rh = r.helperRank(h, c)!
            let mine = m[c].flatMap { r.childRank(c, $0) } ?? Int.max
            guard rc < mine else { continue }
            let holders = r.children.indices.filter { m[$0] == h }
            let room = holders.count < r.capacity(h)
            let worse = holders.contains { (r.helperRank(h, $0) ?? Int.max) > rh }
            if room || worse { out.append("\(r.children[c].id)-\(r.helpers[h].id)") }
        }
    }
    return out.sorted()
}

/// Child-proposing Gale-Shapley with capacities, on the pairs both sides ranked and the rules allow.
func galeShapley(_ r: BuddyReading) -> [Int?] {
    let n = r.children.count
    var next = [Int](repeating: 0, count: n), match = [Int?](repeating: nil, count: n)
    var held = [Int: [Int]]()
    let lists = (0..<n).map { c in r.helpers.indices.filter { r.stableAllowed(c, $0) }.sorted { r.childRank(c, $0)! < r.childRank(c, $1)! } }
    var free = Array(0..<n)
    while let c = free.popLast() {
        guard next[c] < lists[c].count else { continue }
        let h = lists[c][next[c]]
        next[c] += 1
        held[h, default: []].append(c)
        match[c] = h
        if held[h]!.count > r.capacity(h) {
            let worst = held[h]!.max { r.helperRank(h, $0)! < r.helperRank(h, $1)! }!
            held[h]!.removeAll { $0 == worst }
            match[worst] = nil
            free.append(worst)
        }
    }
    return match
}

@Suite struct BuddyStability {
    func stablePolicy(_ objective: BuddyPolicy.StableObjective) -> BuddyPolicy {
        var p = BuddyPolicy()
        p.mode = .stable
        p.stableObjective = objective
        return p
    }

    /// The plan against the reading: no blocking pair, every pair one both ranked and the rules
    /// allow, and (egalitarian) no stable matching, enumerated, with a smaller total rank.
    func checkEgalitarian(_ data: BuddyData, _ policy: BuddyPolicy, _ round: Int) throws -> Bool {
        let plan = try BuddyPlanner.plan(BuddyProblem(data: data, policy: policy), solver: GLPKSolver(), settings: SolverSettings(threads: 1))
        let r = BuddyReading(data, policy)
        let m = r.matching(of: plan)
        #expect(blockingPairs(r, m) == 0, "round \(round)")
        #expect(plan.kpis.blockingPairs ?? 0 == 0)
        for (c, h) in zip(r.children.indices, m) { if let h { #expect(r.stableAllowed(c, h), "round \(round): \(r.children[c].id)-\(r.helpers[h].id)") } }
        func total(_ m: [Int?]) -> Int {
            zip(r.children.indices, m).reduce(0) { sum, e in e.1.map { sum + r.childRank(e.0, $0)! + r.helperRank($0, e.0)! } ?? sum }
        }
        let stable = allMatchings(r, allowed: r.stableAllowed).filter { blockingPairs(r, $0) == 0 }
        #expect(total(m) == stable.map(total).min()!, "round \(round)")
        return !plan.pairs.isEmpty
    }

    func checkChildOptimal(_ data: BuddyData, _ policy: BuddyPolicy, _ round: Int) throws {
        let plan = try BuddyPlanner.plan(BuddyProblem(data: data, policy: policy), solver: GLPKSolver(), settings: SolverSettings(threads: 1))
        let r = BuddyReading(data, policy)
        let gs = galeShapley(r)
        for c in r.children.indices {
            let id = r.children[c].id
            #expect(plan.buddy(of: id) == gs[c].map { r.helpers[$0].id }, "round \(round), child \(id)")
        }
    }

    @Test func stablePlansHaveNoBlockingPairAndTheLeastTotalRank() throws {
        var rng = Rng(state: 23)
        var matchedSomething = 0
        for round in 0..<25 {
            let data = randomBuddies(&rng, children: 2 + rng.next(4), helpers: 1 + rng.next(3), ranks: true)
            if try checkEgalitarian(data, stablePolicy(.egalitarian), round) { matchedSomething += 1 }
        }
        #expect(matchedSomething >= 10)
    }

    /// The stable matching found by its structure (no pins) costs what GLPK's integer program
    /// proves optimal on the same component, for each objective.
    @Test func structureAgreesWithTheIntegerProgram() throws {
        var rng = Rng(state: 47)
        var nontrivial = 0
        for round in 0..<30 {
            let data = randomBuddies(&rng, children: 3 + rng.next(6), helpers: 2 + rng.next(4), ranks: true)
            for objective in BuddyPolicy.StableObjective.allCases {
                let problem = try BuddyProblem(data: data, policy: stablePolicy(objective))
                for component in problem.components {
                    let byStructure = BuddyPlanner.stableByStructure(problem, component)
                    let (model, pairs) = BuddyFormulation.stable(problem, component)
                    guard !pairs.isEmpty else { continue }
                    let solution = try GLPKSolver().solve(model, options: SolveOptions(logLevel: .errors))
                    #expect(solution.status == .optimal)
                    #expect(abs(byStructure.cost - solution.objective!) < 1e-9, "round \(round), \(objective)")
                    if pairs.count > component.children.count { nontrivial += 1 }
                }
            }
        }
        #expect(nontrivial >= 20)
    }

    @Test func childOptimalIsGaleShapley() throws {
        var rng = Rng(state: 31)
        for round in 0..<25 {
            let data = randomBuddies(&rng, children: 3 + rng.next(5), helpers: 2 + rng.next(3), ranks: true)
            try checkChildOptimal(data, stablePolicy(.childOptimal), round)
        }
    }

    @Test func stableModeOnEveryRule() throws {
        var rng = Rng(state: 37)
        var matchedSomething = 0
        for round in 0..<40 {
            var (data, policy) = variedBuddies(&rng, ranks: true, pinEvery: 0)
            policy.mode = .stable
            policy.stableObjective = .egalitarian
            if try checkEgalitarian(data, policy, round) { matchedSomething += 1 }
            policy.stableObjective = .childOptimal
            try checkChildOptimal(data, policy, round)
        }
        #expect(matchedSomething >= 10)
    }

    /// With pins, by the README: "each stability row gets a slack priced above all ranks, so the plan
    /// has the fewest blocking pairs, and lists them", then the least total rank (egalitarian).
    @Test func pinsGiveTheFewestBlockingPairsThenTheLeastTotalRank() throws {
        var rng = Rng(state: 41)
        var pinned = 0, forced = 0
        for round in 0..<400 {
            var (data, policy) = variedBuddies(&rng, ranks: true, pinEvery: 2)
            policy.mode = .stable
            policy.stableObjective = .egalitarian
            let plan = try BuddyPlanner.plan(BuddyProblem(data: data, policy: policy), solver: GLPKSolver(), settings: SolverSettings(threads: 1))
            let r = BuddyReading(data, policy)
            let m = r.matching(of: plan)
            func total(_ m: [Int?]) -> Int {
                zip(r.children.indices, m).reduce(0) { sum, e in e.1.map { sum + r.childRank(e.0, $0)! + r.helperRank($0, e.0)! } ?? sum }
            }
            for c in r.children.indices { if let p = r.pinned(c) { #expect(m[c] == p, "round \(round)") } }
            for (c, h) in zip(r.children.indices, m) { if let h { #expect(r.stableAllowed(c, h), "round \(round)") } }
            let best = allMatchings(r, allowed: r.stableAllowed).map { (blockingPairs(r, $0), total($0)) }.min { $0 < $1 }!
            #expect(blockingPairs(r, m) == best.0, "round \(round): blocking pairs")
            #expect(plan.blocking.map { "\($0.childID)-\($0.helperID)" }.sorted() == blockingList(r, m), "round \(round): blocking pairs listed")
            #expect(total(m) == best.1, "round \(round): total rank")
            if r.children.indices.contains(where: { r.pinned($0) != nil }) { pinned += 1 }
            if best.0 > 0 { forced += 1 }
        }
        #expect(pinned >= 40)
        #expect(forced >= 5)
    }

    @Test func aPinThatBreaksStabilityIsReportedAsBlockingPairs() throws {
        // K1 and K2 both want H1 first; H1 wants K1. Pinning K2 to H1 leaves K1-H1 blocking.
        let data = buddies(children: [kid("K1"), kid("K2")], helpers: [(helper("H1"), 1), (helper("H2"), 1)],
                           pairs: [BuddyPairRule(childID: "K2", helperID: "H1", kind: .pin)],
                           childRanks: ["K1": ["H1", "H2"], "K2": ["H1", "H2"]], helperRanks: ["H1": ["K1", "K2"], "H2": ["K1", "K2"]])
        let p = try buddyPlan(data, stablePolicy(.egalitarian))
        #expect(p.buddy(of: "K2") == "H1")
        #expect(p.buddy(of: "K1") == "H2")
        #expect(p.blocking == [BuddyPlan.BlockingPair(childID: "K1", helperID: "H1", why: "the helper ranks this child above one of its children")])
        #expect(p.kpis.blockingPairs == 1)
    }

    @Test func unmatchedReasonsInStableMode() throws {
        let data = buddies(children: [kid("K1"), kid("K2"), kid("K3")], helpers: [(helper("H1"), 1)],
                           childRanks: ["K1": ["H1"], "K2": ["H1"]], helperRanks: ["H1": ["K1", "K2"]])
        let p = try buddyPlan(data, stablePolicy(.egalitarian))
        #expect(p.buddy(of: "K1") == "H1")
        #expect(p.rule(of: "K2") == "stability")
        #expect(p.rule(of: "K3") == "ranks")
        #expect(p.unmatched.first { $0.childID == "K3" }?.detail == "the child ranked no helper")
    }
}

/// A solver stopped by its limit before finding anything (what GLPK returns then).
struct StoppedBeforeAnyPlan: Solver, FlowSolver {
    func solve(_ model: Model, options: SolveOptions) throws -> Solution {
        Solution(modelID: 0, status: .noSolution, stop: .timeLimit, isMIP: true, objective: nil, bound: nil, gap: nil, seconds: 0,
                 iterations: 0, nodes: 0, startAccepted: nil, values: [], rowActivities: [], duals: nil, reducedCosts: nil, log: "")
    }
    func solve(_ network: FlowNetwork) throws -> FlowSolution { throw SolveFailure(status: .noSolution, stop: .timeLimit) }
}

@Suite struct StableBuddiesStoppedByALimit {
    // K1 is pinned to H2, which ranks K2 first; K2 ranks H2 first, so the pin forces K2-H2 to
    // block. The integer program's optimum: K2 with H1 (ranks 2 + 1), K1-H2 (1 + 2), and the
    // blocking pair priced at 1 + the total of every ranked pair's cost (3 + 3 + 2 = 8): 3 + 3 + 9
    // = 15 (leaving K2 out would make K2-H1 block too: 21).
    let data = buddies(children: [kid("K1"), kid("K2")], helpers: [(helper("H1"), 1), (helper("H2"), 1)],
                       pairs: [BuddyPairRule(childID: "K1", helperID: "H2", kind: .pin)],
                       childRanks: ["K1": ["H2"], "K2": ["H2", "H1"]], helperRanks: ["H1": ["K2"], "H2": ["K2", "K1"]])

    @Test func glpkFindsTheOptimum() throws {
        let plan = try buddyPlan(data, quietBuddyPolicy(.stable))
        #expect(plan.buddy(of: "K1") == "H2")
        #expect(plan.buddy(of: "K2") == "H1")
        #expect(plan.search.objective == 15)
        #expect(plan.search.status == .optimal)
        #expect(plan.blocking.map { "\($0.childID)-\($0.helperID)" } == ["K2-H2"])
    }

    @Test func aSearchStoppedBeforeAnyPlanStillWritesOne() throws {
        // The pins, then the child-optimal stable matching of the room they leave, priced alike.
        let plan = try BuddyPlanner.plan(BuddyProblem(data: data, policy: quietBuddyPolicy(.stable)), solver: StoppedBeforeAnyPlan(),
                                         settings: SolverSettings(threads: 1))
        #expect(plan.buddy(of: "K1") == "H2")
        #expect(plan.buddy(of: "K2") == "H1")
        #expect(plan.search.objective == 15)
        #expect(plan.search.status == .feasible)
        #expect(plan.search.stop == .timeLimit)
        #expect(plan.blocking.map { "\($0.childID)-\($0.helperID)" } == ["K2-H2"])
    }
}
