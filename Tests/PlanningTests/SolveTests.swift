import CareModel
import Foundation
import GLPK
import Modeling
import ORLibrary
import Testing
@testable import Planning

@Suite struct NetworkAndMIPAgree {
    /// Unit loads are solved as a network; the same component as a MIP gives the same optimum.
    @Test(arguments: 1...6)
    func sameOptimum(seed: UInt64) throws {
        let data = RandomSchool(seed: seed, students: 14, mentors: 4).data
        var policy = MentorPolicy()
        policy.cap = 4
        let problem = try MentorProblem(data: data, policy: policy)
        for component in problem.components {
            let f = MentorFormulation(problem: problem, component: component)
            #expect(f.isNetwork)
            let network = try MentorPlanner.solve(f, solver: GLPKSolver(), settings: SolverSettings(threads: 1), deadline: nil)
            let mip = f.mip()
            let solution = try GLPKSolver().solve(mip.model)
            #expect(solution.status == .optimal)
            #expect(network.cost == solution.objective)
            // The greedy start, and the local search's improvement of it, are feasible for the MIP.
            let greedy = f.greedyChoice()
            let improved = MentorLocalSearch(formulation: f).improve(greedy)
            for choice in [greedy, improved] {
                #expect(try mip.model.assemble().checkedStart(f.start(mip, choice: choice)).count == mip.model.variableCount)
            }
            #expect(MentorLocalSearch(formulation: f).cost(improved) <= MentorLocalSearch(formulation: f).cost(greedy))
        }
    }
}

/// Small random schools for checks against enumeration.
struct RandomSchool {
    let data: MentorData

    init(seed: UInt64, students n: Int, mentors k: Int) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next(_ r: ClosedRange<Int>) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return r.lowerBound + Int((state >> 33) % UInt64(r.count))
        }
        let students = (0..<n).map { i in
            student("S\(i)", grade: next(4...5), klass: "A-\(next(1...2))", gender: next(0...1) == 0 ? .female : .male,
                    difficulty: next(0...5) == 0 ? [.poverty] : [], risk: [0, 0, 0, 1, 2, 3][next(0...5)])
        }
        let mentors = (0..<k).map { j in
            mentor("T\(j)", grades: next(0...2) == 0 ? [] : [next(4...5)], classes: ["A-\(next(1...2))"],
                   years: Double(next(0...6)), trained: next(0...1) == 0, vetted: next(0...7) != 0,
                   capacity: next(0...3) == 0 ? next(1...3) : nil, gender: next(0...1) == 0 ? .female : .male)
        }
        var history = [String: String]()
        for s in students where next(0...1) == 0 { history[s.id] = mentors[next(0...(k - 1))].id }
        var pairs = [PairRule]()
        for s in students where next(0...4) == 0 {
            pairs.append(PairRule(studentID: s.id, mentorID: mentors[next(0...(k - 1))].id, kind: next(0...1) == 0 ? .forbid : .prefer, score: Double(next(1...4))))
        }
        data = MentorData(students: students, mentors: mentors, history: history, pairs: pairs)
    }
}

/// An independent brute force: the rules written again from the policy text, every
/// assignment enumerated, lexicographic comparison (students placed, then soft score).
struct BruteForce {
    let data: MentorData
    let policy: MentorPolicy

    func allowed(_ s: Student, _ m: Mentor) -> Bool {
        let forbidden = data.pairs.contains { $0.kind == .forbid && $0.studentID == s.id && $0.mentorID == m.id }
        let capacity = m.vetted ? min(m.capacity ?? policy.cap, policy.cap) : 0
        return m.schoolID == s.schoolID && m.vetted && load(s) <= capacity && (m.grades.isEmpty || m.grades.contains(s.grade))
            && (!(s.isInDifficulty || s.riskLevel >= policy.highRiskLevel) || m.yearsExperience >= policy.minYears)
            && (s.riskLevel < policy.psychTrainedLevel || m.psychTrained) && !forbidden
    }

    /// Care load: 1, or the policy's load for a child in difficulty or at high risk, the larger.
    func load(_ s: Student) -> Int {
        var load = policy.loads.default
        if !s.difficulty.isEmpty { load = max(load, policy.loads.difficulty) }
        if s.riskLevel >= policy.highRiskLevel { load = max(load, policy.loads.highRisk) }
        return load
    }

    func score(_ s: Student, _ m: Mentor) -> Double {
        var score = 0.0
        if data.history[s.id] == m.id { score += policy.weights.continuity }
        if m.classes.contains(s.classID) { score += policy.weights.teachesClass }
        if let p = data.pairs.first(where: { $0.kind == .prefer && $0.studentID == s.id && $0.mentorID == m.id }) {
            score += policy.weights.prefer * p.score
        }
        if policy.sameGenderGrades.contains(s.grade), s.gender != nil, s.gender == m.gender { score += policy.weights.sameGender }
        return score
    }

    /// (students placed, best soft value = scores - balance penalties).
    func best() -> (placed: Int, value: Double) {
        let options = data.students.map { s in [nil] + data.mentors.indices.filter { allowed(s, data.mentors[$0]) }.map(Optional.some) }
        let target = policy.balanceTarget!
        var best: (Int, Double) = (-1, -.infinity)
        var choice = [Int?](repeating: nil, count: data.students.count)
        func recurse(_ i: Int) {
            if i == data.students.count {
                var loads = [Int](repeating: 0, count: data.mentors.count), high = loads
                var placed = 0, value = 0.0
                for (s, m) in choice.enumerated() {
                    guard let m else { continue }
                    placed += 1
                    loads[m] += load(data.students[s])
                    if data.students[s].riskLevel >= policy.highRiskLevel { high[m] += 1 }
                    value += score(data.students[s], data.mentors[m])
                }
                for (m, mentor) in data.mentors.enumerated() {
                    let capacity = mentor.vetted ? min(mentor.capacity ?? policy.cap, policy.cap) : 0
                    if loads[m] > capacity || high[m] > policy.maxHighRisk { return }
                    let over = max(0, loads[m] - min(target, capacity))
                    value -= policy.weights.balance * Double(over * over)
                }
                if placed > best.0 || (placed == best.0 && value > best.1 + 1e-9) { best = (placed, value) }
                return
            }
            for option in options[i] {
                choice[i] = option
                recurse(i + 1)
            }
        }
        recurse(0)
        return best
    }
}

@Suite struct OptimalityAgainstBruteForce {
    @Test(arguments: 1...12)
    func randomSmallSchools(seed: UInt64) throws {
        let data = RandomSchool(seed: seed, students: 6, mentors: 3).data
        var policy = MentorPolicy()
        policy.cap = 3
        policy.maxHighRisk = 1
        policy.sameGenderGrades = [5]
        policy.balanceTarget = 1
        let p = try plan(data, policy)
        let expected = BruteForce(data: data, policy: policy).best()
        #expect(p.kpis.assigned == expected.placed, "seed \(seed)")
        #expect(abs(try softValue(of: p, MentorProblem(data: data, policy: policy)) - expected.value) < 1e-6, "seed \(seed)")
    }
}

/// A plan's soft value (scores minus balance penalties): its objective without the unmet
/// penalties, negated.
func softValue(of plan: MentorPlan, _ problem: MentorProblem) -> Double {
    var unmetPenalty = 0.0
    for component in problem.components {
        let f = MentorFormulation(problem: problem, component: component)
        for s in component.students where !plan.assignments.contains(where: { $0.studentID == problem.data.students[s].id }) {
            unmetPenalty += Double(f.unmetCost(of: s)) / 100
        }
    }
    return -(plan.objective - unmetPenalty)
}

/// The same with care loads above one (children in difficulty 2, high risk 3) and tight
/// capacities: the MIP path (grouped students, the fewest-unmet row, Lagrangian fixing, local
/// search) against the same enumeration.
@Suite struct OptimalityWithCareLoads {
    @Test(arguments: 1...12)
    func randomSmallSchools(seed: UInt64) throws {
        let data = RandomSchool(seed: seed + 100, students: 7, mentors: 3).data
        var policy = MentorPolicy()
        policy.cap = 4
        policy.maxHighRisk = 1
        policy.loads.difficulty = 2
        policy.loads.highRisk = 3
        policy.sameGenderGrades = [5]
        policy.balanceTarget = 2
        let problem = try MentorProblem(data: data, policy: policy)
        let p = try MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
        #expect(p.status == .optimal)
        let expected = BruteForce(data: data, policy: policy).best()
        #expect(p.kpis.assigned == expected.placed, "seed \(seed)")
        #expect(abs(softValue(of: p, problem) - expected.value) < 1e-6, "seed \(seed)")
    }

    /// The instances above do take the MIP path, and some leave students out.
    @Test func theInstancesExerciseTheMIPPathAndShortages() throws {
        var mip = 0, short = 0
        for seed in UInt64(1)...12 {
            var policy = MentorPolicy()
            policy.cap = 4
            policy.maxHighRisk = 1
            policy.loads.difficulty = 2
            policy.loads.highRisk = 3
            let data = RandomSchool(seed: seed + 100, students: 7, mentors: 3).data
            let problem = try MentorProblem(data: data, policy: policy)
            if problem.components.contains(where: { !MentorFormulation(problem: problem, component: $0).isNetwork }) { mip += 1 }
            if BruteForce(data: data, policy: { var p = policy; p.balanceTarget = 2; return p }()).best().placed < 7 { short += 1 }
        }
        #expect(mip >= 8)
        #expect(short >= 3)
    }
}

/// A time limit that has passed before the search reaches a component: the plan still comes
/// back, says it was stopped, and its bound is still a bound.
@Suite struct TimeLimitOnTheMIPPath {
    @Test func componentsReachedAfterTheDeadlineGetAGreedyPlanAndAValidBound() throws {
        var policy = MentorPolicy()
        policy.cap = 4
        policy.loads.difficulty = 2
        policy.loads.highRisk = 3
        // The first small school whose components are all MIPs (networks ignore the limit: a
        // min-cost flow is always solved whole).
        let problem = try #require(try (UInt64(100)...160).lazy.map {
            try MentorProblem(data: RandomSchool(seed: $0, students: 7, mentors: 3).data, policy: policy)
        }.first { p in p.components.allSatisfy { !MentorFormulation(problem: p, component: $0).isNetwork } })
        let stopped = try MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(timeLimit: 1e-9, threads: 1))
        let full = try MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
        #expect(stopped.status == .feasible)
        #expect(stopped.stop == .timeLimit)
        #expect(stopped.bound <= full.objective + 1e-9)
        #expect(stopped.objective >= full.objective - 1e-9)
        #expect(stopped.loads.allSatisfy { $0.load <= $0.capacity })
    }

    /// Students left out of a component the search did not finish are not blamed on capacity.
    @Test func studentsLeftByAStoppedSearchAreNotBlamedOnCapacity() throws {
        var policy = quietPolicy()
        policy.cap = 3
        policy.loads.difficulty = 2
        // Two mentors of 3 units and 7 units of care load (2, 2, 1, 1, 1): one student is always
        // left out.
        let students = [student("S1", difficulty: [.poverty]), student("S2", difficulty: [.poverty]),
                        student("S3"), student("S4"), student("S5")]
        let data = MentorData(students: students, mentors: [mentor("T1"), mentor("T2")])
        let stopped = try MentorPlanner.plan(MentorProblem(data: data, policy: policy), solver: GLPKSolver(),
                                             settings: SolverSettings(timeLimit: 1e-9, threads: 1))
        #expect(stopped.stop == .timeLimit)
        #expect(!stopped.unmet.isEmpty)
        #expect(stopped.unmet.allSatisfy { $0.rule == .searchStopped })
        #expect(stopped.fixes == ["grade 4 of school A: the search stopped before it finished; a longer solver.time_limit may place these students"])
        // Solved to the end, the one student left is a capacity shortage.
        let full = try plan(data, policy)
        #expect(full.unmet.count == 1)
        #expect(full.unmet.allSatisfy { $0.rule == .capacity })
    }
}

@Suite struct UnmetReport {
    /// A deliberately short school: 40 students in grade 4, two mentors of 15.
    @Test func shortSchoolListsEveryStudentLeftAndTheFix() throws {
        let students = (1...40).map { student(String(format: "S%02d", $0)) }
        let p = try plan(MentorData(students: students, mentors: [mentor("T1"), mentor("T2")]))
        #expect(p.kpis.assigned == 30)
        #expect(p.unmet.count == 10)
        #expect(p.unmet.allSatisfy { $0.rule == .capacity && $0.detail == "every mentor who may take this student is full" })
        #expect(p.fixes == ["grade 4 of school A needs 10 more capacity units"])
        #expect(p.kpis.coverage == 0.75)
    }

    @Test func fixNamesTheQualificationNeeded() throws {
        var policy = quietPolicy()
        policy.cap = 1
        let students = [student("S1", difficulty: [.poverty]), student("S2", difficulty: [.disability])]
        let p = try plan(MentorData(students: students, mentors: [mentor("T1", years: 5), mentor("T2", years: 1)]), policy)
        #expect(p.sensitiveFixes == ["grade 4 of school A needs 1 more capacity unit among mentors with 3+ years"])
        #expect(p.fixes == ["grade 4 of school A needs 1 more capacity unit among mentors with the required qualification"])
    }
}

@Suite struct GAPThroughMentorTables {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    @Test(arguments: ["gap1", "gap2", "gap3", "gap4"], [ObjectiveSense.maximize, .minimize])
    func publishedOptima(file: String, sense: ObjectiveSense) throws {
        let known = GAPKnownValue.parse(csv: try String(contentsOf: Self.fixtures.appendingPathComponent("known_values_gap1-12.csv"), encoding: .utf8))
        var policy = quietPolicy()
        policy.weights.prefer = 1
        policy.cap = 10_000
        for (k, instance) in try GAPFile.load(Self.fixtures.appendingPathComponent("\(file).txt")).enumerated() {
            let entry = try #require(known.first { $0.file == "\(file).txt" && $0.index == k + 1 })
            let p = try plan(instance.mentorData(sense: sense), policy)
            #expect(p.status == .optimal)
            #expect(p.kpis.unmet == 0)
            let published = sense == .maximize ? entry.optimumMax! : entry.optimumMin!
            #expect(p.objective == Double(sense == .maximize ? -published : published), "\(entry.name)")
            // And the assignment itself, checked by the instance.
            let agentOf = (1...instance.jobs).map { j in Int(p.mentor(of: "J\(j)")!.dropFirst())! - 1 }
            #expect(instance.value(of: agentOf) == published)
        }
    }
}

@Suite struct Determinism {
    @Test func sameInputSamePlan() throws {
        let data = RandomSchool(seed: 99, students: 60, mentors: 8).data
        let a = try plan(data, MentorPolicy(), threads: 2)
        let b = try plan(data, MentorPolicy(), threads: 1)
        #expect(a.assignments == b.assignments)
        #expect(a.loads == b.loads)
        #expect(a.unmet == b.unmet)
    }
}
