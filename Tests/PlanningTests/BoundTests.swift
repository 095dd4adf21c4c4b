import CareModel
import Foundation
import GLPK
import Modeling
import ORLibrary
import Testing
@testable import Planning

/// The pieces around GLPK in the MIP search, each checked against an optimum found without
/// them (GLPK on the whole MIP): the Lagrangian bound never exceeds it, fixing never removes a
/// pair of it, the local search's plans are feasible and never cheaper than it.
@Suite struct BoundsFixingAndLocalSearch {
    /// Solves every component's MIP with GLPK alone and checks the helpers against it.
    /// `atLeastLP`: the model has no rows the relaxation drops (high-risk caps, balance), so
    /// starting from the LP duals the bound is at least the LP's.
    func check(_ problem: MentorProblem, label: String, atLeastLP: Bool) throws {
        for component in problem.components {
            let f = MentorFormulation(problem: problem, component: component)
            let mip = f.mip()
            let exact = try GLPKSolver().solve(mip.model)
            #expect(exact.status == .optimal, "\(label)")
            let optimum = try #require(exact.objective)
            let optimal = f.choice(mip) { exact[$0] }
            let step = Double(f.step)
            // Every cost is a multiple of the step.
            #expect(optimum.truncatingRemainder(dividingBy: step) == 0, "\(label)")

            let local = MentorLocalSearch(formulation: f)
            #expect(Double(local.cost(optimal)) == optimum, "\(label): the local search prices plans as the MIP does")
            let improved = local.improve(f.greedyChoice())
            #expect(Double(local.cost(improved)) >= optimum, "\(label)")
            #expect(try mip.model.assemble().checkedStart(f.start(mip, choice: improved)).count == mip.model.variableCount, "\(label)")

            guard let lagrangian = MentorLagrangian(formulation: f) else { Issue.record("\(label): no Lagrangian"); continue }
            let relaxed = try GLPKSolver().solve(mip.model.relaxed())
            let duals = mip.groupOf.map { relaxed.duals![$0] }
            // The incumbent handed to the ascent is the optimum plus a step, as a search would have it.
            let (bound, u) = lagrangian.ascend(from: duals, ub: optimum + step, step: step) { _ in optimum + step }
            #expect(bound <= optimum + 1e-6, "\(label): bound \(bound) above the optimum \(optimum)")
            if atLeastLP { #expect(bound >= relaxed.objective! - 1e-6, "\(label): the ascent starts from the LP duals") }
            // Fixing for "better than optimum + step" must keep every pair of the optimum.
            let out = lagrangian.ruledOut(u: u, ub: optimum + step, step: step)
            for pair in out.pairs {
                #expect(optimal[pair.student] != pair.candidate, "\(label): fixing removed an optimal pair")
            }
            for k in out.unmet { #expect(optimal[k] != nil, "\(label): fixing removed an optimal unmet student") }
        }
    }

    @Test(arguments: 1...8)
    func randomSchoolsWithEveryRule(seed: UInt64) throws {
        let data = RandomSchool(seed: seed, students: 14, mentors: 4).data
        var policy = MentorPolicy()
        policy.cap = 4
        policy.maxHighRisk = 1
        policy.sameGenderGrades = [5]
        policy.balanceTarget = 2
        policy.loads.difficulty = 2
        try check(MentorProblem(data: data, policy: policy), label: "seed \(seed)", atLeastLP: false)
    }

    @Test(arguments: [ObjectiveSense.maximize, .minimize])
    func gapInstances(sense: ObjectiveSense) throws {
        var policy = quietPolicy()
        policy.weights.prefer = 1
        policy.cap = 10_000
        for file in ["gap1", "gap3"] {
            for (k, instance) in try GAPFile.load(GAPThroughMentorTables.fixtures.appendingPathComponent("\(file).txt")).enumerated() {
                try check(MentorProblem(data: instance.mentorData(sense: sense), policy: policy), label: "\(file) #\(k + 1) \(sense)", atLeastLP: true)
            }
        }
    }

    /// On gap1 #1 the bound is strictly stronger than the LP's: the knapsacks are whole.
    @Test func lagrangianBoundBeatsTheLPOnAGAP() throws {
        var policy = quietPolicy()
        policy.weights.prefer = 1
        policy.cap = 10_000
        let instance = try GAPFile.load(GAPThroughMentorTables.fixtures.appendingPathComponent("gap1.txt"))[0]
        let problem = try MentorProblem(data: instance.mentorData(sense: .minimize), policy: policy)
        let f = MentorFormulation(problem: problem, component: problem.components[0])
        let mip = f.mip()
        let relaxed = try GLPKSolver().solve(mip.model.relaxed())
        let lagrangian = try #require(MentorLagrangian(formulation: f))
        let duals = mip.groupOf.map { relaxed.duals![$0] }
        let local = MentorLocalSearch(formulation: f)
        let ub = Double(local.cost(local.improve(f.greedyChoice())))
        let (bound, _) = lagrangian.ascend(from: duals, ub: ub, step: 100) { _ in ub }
        #expect(bound > relaxed.objective! + 1)
    }
}

@Suite struct SecondSearch {
    typealias R = MentorPlanner.ComponentResult

    @Test func keepsTheCheaperPlanAndTheHigherBound() {
        let first = R(choice: [0, nil], status: .feasible, stop: .timeLimit, cost: 10, bound: 5, network: false, seconds: 1)
        let second = R(choice: [0, 1], status: .feasible, stop: .timeLimit, cost: 8, bound: 4, network: false, seconds: 2)
        let m = first.merged(with: second)
        #expect(m.choice == [0, 1])
        #expect(m.cost == 8)
        #expect(m.bound == 5)
        #expect(m.seconds == 3)
        #expect(m.status == .feasible)
        let worse = R(choice: [nil, nil], status: .feasible, stop: .timeLimit, cost: 12, bound: 7, network: false, seconds: 1)
        let kept = first.merged(with: worse)
        #expect(kept.choice == [0, nil])
        #expect(kept.cost == 10)
        #expect(kept.bound == 7)
        let proven = R(choice: [1, 1], status: .optimal, stop: .completed, cost: 9, bound: 9, network: false, seconds: 1)
        #expect(first.merged(with: proven).status == .optimal)
        #expect(first.merged(with: proven).choice == [1, 1])
    }
}

/// The Lagrangian branch-and-bound that proves components with a linear cost, against GLPK
/// on the whole MIP. Each search starts as the MIP search starts it (LP bound and duals) but
/// from the greedy plan, so it has to find the optimum as well as prove it.
@Suite struct LagrangianBranchAndBound {
    func search(_ f: MentorFormulation, nodeLimit: Int? = nil) throws -> MentorBranchAndBound.Outcome {
        let mip = f.mip()
        let relaxed = try GLPKSolver().solve(mip.model.relaxed())
        let duals = mip.groupOf.map { relaxed.duals![$0] }
        let search = try #require(MentorBranchAndBound(formulation: f, incumbent: f.greedyChoice(), deadline: nil, nodeLimit: nodeLimit))
        return search.solve(bound: try #require(relaxed.objective), u: duals)
    }

    /// Care loads 2 and 3, one high-risk student per mentor, tight capacities, no balance
    /// penalty: every rule the knapsacks carry, and students left out.
    @Test func randomSchoolsAgainstGLPK() throws {
        var branched = 0, short = 0
        for seed in UInt64(1)...16 {
            let data = RandomSchool(seed: seed + 200, students: 14, mentors: 4).data
            var policy = MentorPolicy()
            policy.cap = 4
            policy.maxHighRisk = 1
            policy.sameGenderGrades = [5]
            policy.weights.balance = 0
            policy.loads.difficulty = 2
            policy.loads.highRisk = 3
            let problem = try MentorProblem(data: data, policy: policy)
            for component in problem.components {
                let f = MentorFormulation(problem: problem, component: component)
                let mip = f.mip()
                let exact = try GLPKSolver().solve(mip.model)
                // A node limit above what these need (at most about 650), so that a search that
                // does not close fails here, at the first such component, instead of running on.
                let outcome = try search(f, nodeLimit: 1_000)
                try #require(outcome.proven, "seed \(seed)")
                #expect(Double(outcome.cost) == exact.objective, "seed \(seed)")
                #expect(MentorLocalSearch(formulation: f).cost(outcome.choice) == outcome.cost, "seed \(seed)")
                #expect(try mip.model.assemble().checkedStart(f.start(mip, choice: outcome.choice)).count == mip.model.variableCount)
                if outcome.nodes > 1 { branched += 1 }
                if outcome.choice.contains(where: { $0 == nil }) { short += 1 }
            }
        }
        // The instances do make it branch, and some do leave students out.
        #expect(branched >= 3)
        #expect(short >= 3)
    }

    /// OR-Library c10100 (10 mentors, 100 students, type C): the root leaves a gap, the search
    /// branches and proves the published optimum.
    @Test func provesATypeCInstance() throws {
        let f = try typeC(index: 3)
        let outcome = try search(f)
        #expect(outcome.proven)
        #expect(outcome.cost == 1402 * 100)
        #expect(outcome.nodes > 1)
    }

    /// Under a node limit the search stops where it stopped before: same plan, same bound.
    @Test func nodeLimitGivesTheSameAnswerEveryTime() throws {
        let f = try typeC(index: 3)
        let a = try search(f, nodeLimit: 3), b = try search(f, nodeLimit: 3)
        #expect(a.stoppedBy == .workLimit)
        #expect(a.nodes == 3)
        #expect(!a.proven)
        #expect(a.bound < 1402 * 100 && a.cost >= 1402 * 100)
        #expect(a.choice == b.choice && a.cost == b.cost && a.bound == b.bound)
    }

    /// Through the planner: c10100 proven at its published optimum; and with a work limit too
    /// small for the search (2 of 6 nodes to it, the rest to GLPK), a plan and a bound that
    /// still hold, the same on every run.
    @Test func throughThePlanner() throws {
        let f = try typeC(index: 3)
        let proven = try MentorPlanner.plan(f.problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
        #expect(proven.status == .optimal)
        #expect(proven.objective == 1402)
        let settings = SolverSettings(threads: 1, workLimit: 6)
        let a = try MentorPlanner.plan(f.problem, solver: GLPKSolver(), settings: settings)
        let b = try MentorPlanner.plan(f.problem, solver: GLPKSolver(), settings: settings)
        #expect(a.bound <= 1402 + 1e-9 && a.objective >= 1402)
        #expect(a.kpis.unmet == 0)
        #expect(a.assignments == b.assignments && a.bound == b.bound)
    }

    func typeC(index: Int) throws -> MentorFormulation {
        var policy = quietPolicy()
        policy.weights.prefer = 1
        policy.cap = 10_000
        let instance = try GAPFile.load(GAPThroughMentorTables.fixtures.appendingPathComponent("gapc.txt"))[index - 1]
        let problem = try MentorProblem(data: instance.mentorData(sense: .minimize), policy: policy)
        return MentorFormulation(problem: problem, component: problem.components[0])
    }
}
