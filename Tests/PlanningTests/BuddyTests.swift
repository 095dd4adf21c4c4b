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

/// Every matching within the candidate lists (each child one helper or none, capacities kept).
func allMatchings(_ p: BuddyProblem, allowed: (Int, Int) -> Bool) -> [[Int?]] {
    var out = [[Int?]](), current = [Int?](repeating: nil, count: p.children.count)
    var used = [Int](repeating: 0, count: p.data.helpers.count)
    func go(_ c: Int) {
        if c == p.children.count { out.append(current); return }
        current[c] = nil
        go(c + 1)
        for h in p.data.helpers.indices where allowed(c, h) && used[h] < p.capacity[h] {
            used[h] += 1; current[c] = h
            go(c + 1)
            used[h] -= 1; current[c] = nil
        }
    }
    go(0)
    return out
}

@Suite struct BuddyOptimality {
    @Test func optimalModeMatchesBruteForce() throws {
        var rng = Rng(state: 11)
        var nontrivial = 0
        for round in 0..<30 {
            let data = randomBuddies(&rng, children: 2 + rng.next(4), helpers: 1 + rng.next(3), ranks: false)
            let policy = BuddyPolicy()
            let problem = try BuddyProblem(data: data, policy: policy)
            let plan = try BuddyPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
            // Brute force: the rules re-checked here, most children first, then the highest total score.
            func score(_ c: Int, _ h: Int) -> Double? { problem.candidates[c].first { $0.helper == h }.map { Double($0.scoreUnits) / 100 } }
            let best = allMatchings(problem) { c, h in score(c, h) != nil }.map { m -> (Int, Double) in
                var total = 0.0
                for (c, h) in m.enumerated() { if let h { total += score(c, h)! } }
                return (m.compactMap { $0 }.count, total)
            }.max { ($0.0, $0.1) < ($1.0, $1.1) }!
            #expect(plan.pairs.count == best.0, "round \(round)")
            #expect(abs(plan.pairs.reduce(0) { $0 + $1.score } - best.1) < 1e-9, "round \(round)")
            if best.0 > 1 { nontrivial += 1 }
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
func blockingPairs(_ p: BuddyProblem, _ m: [Int?]) -> Int {
    let ranksC = p.data.childRanks, ranksH = p.data.helperRanks
    var count = 0
    for c in p.children.indices {
        let cid = p.data.requests[c].studentID
        for h in p.data.helpers.indices {
            let hid = p.data.helpers[h].studentID
            guard p.candidates[c].contains(where: { $0.helper == h }),
                  let rc = ranksC[cid]?.firstIndex(of: hid), let rh = ranksH[hid]?.firstIndex(of: cid) else { continue }
            let mine = m[c].flatMap { ranksC[cid]?.firstIndex(of: p.data.helpers[$0].studentID) } ?? Int.max
            guard rc < mine else { continue }
            let holders = p.children.indices.filter { m[$0] == h }
            let room = holders.count < p.capacity[h]
            let worse = holders.contains { (ranksH[hid]?.firstIndex(of: p.data.requests[$0].studentID) ?? Int.max) > rh }
            if room || worse { count += 1 }
        }
    }
    return count
}

/// Child-proposing Gale-Shapley with capacities, on the pairs both sides ranked and the rules allow.
func galeShapley(_ p: BuddyProblem) -> [Int?] {
    let n = p.children.count
    var next = [Int](repeating: 0, count: n), match = [Int?](repeating: nil, count: n)
    var held = [Int: [Int]]()
    func acceptable(_ c: Int) -> [Int] {
        let cid = p.data.requests[c].studentID
        return (p.data.childRanks[cid] ?? []).compactMap { hid in
            guard let h = p.helperIndex[hid], p.candidates[c].contains(where: { $0.helper == h }),
                  p.data.helperRanks[hid]?.contains(cid) == true else { return nil }
            return h
        }
    }
    let lists = (0..<n).map(acceptable)
    var free = Array(0..<n)
    while let c = free.popLast() {
        guard next[c] < lists[c].count else { continue }
        let h = lists[c][next[c]]
        next[c] += 1
        let hid = p.data.helpers[h].studentID
        func rank(_ x: Int) -> Int { p.data.helperRanks[hid]!.firstIndex(of: p.data.requests[x].studentID)! }
        held[h, default: []].append(c)
        match[c] = h
        if held[h]!.count > p.capacity[h] {
            let worst = held[h]!.max { rank($0) < rank($1) }!
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

    @Test func stablePlansHaveNoBlockingPairAndTheLeastTotalRank() throws {
        var rng = Rng(state: 23)
        var matchedSomething = 0
        for round in 0..<25 {
            let data = randomBuddies(&rng, children: 2 + rng.next(4), helpers: 1 + rng.next(3), ranks: true)
            let problem = try BuddyProblem(data: data, policy: stablePolicy(.egalitarian))
            let plan = try BuddyPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
            let m = problem.children.indices.map { c in plan.buddy(of: problem.data.requests[c].studentID).map { problem.helperIndex[$0]! } }
            #expect(blockingPairs(problem, m) == 0, "round \(round)")
            #expect(plan.kpis.blockingPairs == 0)
            // Egalitarian: no stable matching (enumerated) has a smaller total rank.
            func total(_ m: [Int?]) -> Int {
                zip(problem.children.indices, m).reduce(0) { sum, e in
                    guard let h = e.1 else { return sum }
                    return sum + problem.childRank[e.0][h]! + problem.helperRank[h][e.0]!
                }
            }
            let stable = allMatchings(problem) { c, h in problem.childRank[c][h] != nil }.filter { blockingPairs(problem, $0) == 0 }
            #expect(total(m) == stable.map(total).min()!, "round \(round)")
            if !plan.pairs.isEmpty { matchedSomething += 1 }
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
            let problem = try BuddyProblem(data: data, policy: stablePolicy(.childOptimal))
            let plan = try BuddyPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
            let gs = galeShapley(problem)
            for c in problem.children.indices {
                let id = problem.data.requests[c].studentID
                #expect(plan.buddy(of: id) == gs[c].map { problem.data.helpers[$0].studentID }, "round \(round), child \(id)")
            }
        }
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
