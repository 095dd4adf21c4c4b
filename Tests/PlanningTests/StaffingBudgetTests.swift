import CareModel
import Foundation
import GLPK
import Modeling
import Testing
@testable import Planning

/// A budget shared out among components (`StaffingBudgetShare`): never worse than no budget, and
/// the same levels as plain GLPK on the whole district as one model with the budget row.
@Suite struct StaffingBudget {
    /// A made-up district: streets in areas of two (within travel of each other, areas too far
    /// apart), schools of every size and stage mix, a station per street, part- and full-timers
    /// around each requirement, some unvetted, some with a current site.
    func district(_ rng: inout Rng, streets: Int) -> StaffingData {
        let names = (0..<streets).map { "ST\($0)" }
        var sites = [Site](), staff = [StaffMember]()
        let stages: [Stage] = [.primary, .junior, .senior]
        for (t, street) in names.enumerated() {
            for i in 0..<(1 + rng.next(3)) {
                let mix: Set<Stage> = rng.next(3) == 0 ? [stages[rng.next(3)], stages[rng.next(3)]] : [stages[rng.next(3)]]
                sites.append(school("S\(t)_\(i)", street: street, students: [200, 600, 900][rng.next(3)], campuses: 1 + rng.next(2), stages: mix))
            }
            sites.append(station("T\(t)", street: street))
        }
        for site in sites {
            let need = site.kind == .school ? rng.next(4) : rng.next(2)
            for _ in 0..<need {
                let role: StaffMember.Role = site.kind == .school ? .psychTeacher : [.counsellor, .legal][rng.next(2)]
                staff.append(person("P\(staff.count)", role, part: rng.next(4) == 0 ? [0.5, 0.6, 0.8][rng.next(3)] : nil, street: site.street,
                                    vetted: rng.next(12) != 0, current: rng.next(3) == 0 ? nil : site.id))
            }
        }
        var travel = [(String, String, Double)]()
        for a in 0..<streets {
            for b in (a + 1)..<streets { travel.append((names[a], names[b], a / 2 == b / 2 ? Double(10 + 10 * rng.next(3)) : 90)) }
        }
        return StaffingData(sites: sites, staff: staff, travel: minutes(travel))
    }

    /// The district as one model, level by level in plain GLPK: each level's optimum a row of the next.
    func plainGLPK(_ problem: StaffingProblem) throws -> [Double] {
        let district = StaffingPlanner.districtModel(problem)
        var model = district.model
        let inComponents = Set(problem.components.flatMap(\.people))
        let forced = problem.policy.weights.move
            * Double(problem.data.staff.indices.filter { !inComponents.contains($0) && problem.data.staff[$0].currentSite != nil }.count)
        var values = [Double]()
        for level in district.levels {
            model.minimize(level)
            // (With cuts: GLPK's plain search takes minutes on some of these joined models.)
            let s = try GLPKSolver().solve(model, options: SolveOptions(cuts: [.mixedIntegerRounding, .gomory], logLevel: .off))
            #expect(s.status == .optimal)
            let v = s.objective ?? .nan
            values.append(v)
            model.addConstraint(LinearConstraint(level, upper: v + 1e-4 * max(1, abs(v))))
        }
        values[2] += forced
        return values
    }

    @Test func neverWorseThanNoBudgetAndTheDistrictOptimum() throws {
        var rng = Rng(state: 31)
        var binding = 0
        for _ in 0..<8 {
            let data = district(&rng, streets: 4 + rng.next(3))
            var policy = StaffingPolicy()
            policy.costPerHire = [.psychTeacher: 200, .counsellor: 160, .legal: 180, .researcher: 250]
            policy.weights.move = Double(rng.next(3))
            let none = try StaffingPlanner.plan(StaffingProblem(data: data, policy: policy), solver: GLPKSolver(), settings: SolverSettings(threads: 1))
            for budget in [160.0, 400, 700, 1_000] {
                policy.budget = budget
                let problem = try StaffingProblem(data: data, policy: policy)
                let plan = try StaffingPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 2))
                #expect(plan.status == .optimal)
                #expect(plan.kpis.cost <= budget)
                #expect(plan.levels[0].value <= none.levels[0].value + 1e-6, "budget \(budget): unmet \(plan.levels[0].value), without \(none.levels[0].value)")
                let district = try plainGLPK(problem)
                for k in 0..<3 {
                    #expect(abs(plan.levels[k].value - district[k]) <= 1e-3 * max(1, abs(district[k])),
                            "budget \(budget), level \(k): \(plan.levels.map(\.value)) against one model's \(district)")
                }
                if plan.budgetBinds { binding += 1 }
            }
        }
        #expect(binding >= 16, "the budget bound in \(binding) of 32 plans")
    }

    /// The knapsack against every combination of choices.
    @Test func cheapestShareIsTheLeastCombination() {
        var rng = Rng(state: 5)
        for _ in 0..<200 {
            let groups = 1 + rng.next(4)
            let choices = (0..<groups).map { _ in
                (0..<(1 + rng.next(3))).map { _ in (spend: Double(rng.next(4) * 50), levels: [Double(rng.next(4)), Double(rng.next(3)), Double(rng.next(3))]) }
            }
            let budget = Double(rng.next(8) * 50)
            var best: (levels: [Double], spend: Double)?
            func visit(_ g: Int, _ spend: Double, _ levels: [Double]) {
                guard spend <= budget else { return }
                if g == groups {
                    if best == nil || levels.lexicographicallyPrecedes(best!.levels) || (levels == best!.levels && spend < best!.spend) {
                        best = (levels, spend)
                    }
                    return
                }
                for c in choices[g] { visit(g + 1, spend + c.spend, zip(levels, c.levels).map { $0 + $1 }) }
            }
            visit(0, 0, [0, 0, 0])
            let pick = StaffingBudgetShare.cheapestShare(choices, budget: budget)
            guard let best else {
                #expect(pick.isEmpty)
                continue
            }
            #expect(pick.count == groups)
            guard pick.count == groups else { continue }
            let chosen = (0..<groups).map { choices[$0][pick[$0]] }
            #expect(chosen.reduce(0) { $0 + $1.spend } == best.spend)
            #expect(chosen.reduce([0, 0, 0]) { zip($0, $1.levels).map { $0 + $1 } } == best.levels)
        }
    }
}
