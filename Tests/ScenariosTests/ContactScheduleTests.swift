import CareModel
import Foundation
import GLPK
import Modeling
@testable import Planning
@testable import Scenarios
import Testing

/// The community part's structure against GLPK on the same model: each child's dynamic
/// programme is exact (their optima sum to GLPK's optimum when the hours never bind), and the
/// planner's community plan (fitted greedy, then GLPK from it where the hours bind) is optimal.
@Suite struct ContactScheduleAgainstGLPK {
    func problem(seed: UInt64, hours: Double, children most: Int = 5, months: Int = 4) throws -> ActivitiesProblem {
        var rng = SeededRandom(seed: seed)
        let horizon = ActivitiesHorizon(start: CalendarDate(year: 2027, month: 3, day: 1)!, months: 2 + rng.int(0...(months - 2)))!
        let children = (0..<rng.int(2...most)).map { k in
            Student(id: "S\(k)", schoolID: "SCH1", grade: 7, classID: "c", gender: nil, difficulty: [.poverty],
                    riskLevel: rng.chance(0.4) ? 2 : 0, communityID: "K1")
        }
        // The director away on a few days (a whole week sometimes): dates shift or vanish.
        var away = [CalendarDate: Bool]()
        for _ in 0..<rng.int(0...12) { away[horizon.start.adding(days: rng.int(0...(horizon.days - 1)))] = false }
        let data = ActivitiesData(horizon: horizon, availability: ["D1": away], directors: [Director(id: "D1", communityID: "K1", weeklyHours: hours)])
        return try ActivitiesProblem(data: data, sites: [Site(id: "SCH1", kind: .school, street: "ST1", students: 1, stages: [.junior])],
                                     staff: [], students: children)
    }

    func schedule(_ f: ActivitiesFormulation.CommunityModel, _ p: ActivitiesProblem) -> ContactSchedule {
        ContactSchedule(f: f, contactMinutes: ActivitiesFormulation.minutes(p.policy, visit: false),
                        visitMinutes: ActivitiesFormulation.minutes(p.policy, visit: true), unmetCost: Int(ActivitiesFormulation.unmetPrice))
    }

    @Test(arguments: 1...12) func dynamicProgrammeIsExactWithoutTheHours(seed: UInt64) throws {
        let p = try problem(seed: seed, hours: 80)  // 80 hours a week never bind
        let f = ActivitiesFormulation.community(p, p.communities[0])
        let glpk = try GLPKSolver().solve(f.model, options: SolveOptions(logLevel: .errors))
        #expect(glpk.status == .optimal)
        let s = schedule(f, p)
        #expect(Double(s.bound()) == glpk.objective!.rounded())
        // The fitted greedy meets the bound, and its unmet rows are what its actions leave unmet.
        let greedy = s.greedy()
        #expect(greedy.reduce(0) { $0 + $1.cost } == s.bound())
    }

    /// Small enough for GLPK alone to prove (with tight hours it often cannot on larger ones).
    @Test(arguments: 1...12) func plannerIsOptimalWhenTheHoursBind(seed: UInt64) throws {
        let p = try problem(seed: seed, hours: [1.0, 1.5, 2, 3][Int(seed) % 4], children: 3, months: 2)
        let f = ActivitiesFormulation.community(p, p.communities[0])
        let glpk = try GLPKSolver().solve(f.model, options: SolveOptions(logLevel: .errors))
        #expect(glpk.status == .optimal)
        let part = try ActivitiesPlanner.community(p, p.communities[0], solver: GLPKSolver(), settings: SolverSettings(threads: 1, workLimit: 100_000),
                                                   deadline: nil)
        #expect(part.status == .optimal)
        #expect(part.cost == glpk.objective!.rounded())
        #expect(Double(schedule(f, p).bound()) <= part.cost)
    }

    /// Zhoujiadu with its directors' hours cut to 0.6: where the fitted greedy leaves children
    /// short, the prices on the weekly hours find plans that leave nobody short (the bound says
    /// none need be), within every week's hours.
    @Test func pricesOnTheHoursFindWhatTheGreedyMisses() throws {
        let g = DistrictGenerator(preset: .zhoujiadu, seed: 1)
        let data = g.generate()
        let staffing = g.staffing(for: data)
        var a = g.activities(for: data, staffing: staffing, horizon: Scenario.defaultActivitiesHorizon)
        a.directors = a.directors.map { Director(id: $0.id, communityID: $0.communityID, weeklyHours: ($0.weeklyHours * 1.2).rounded() / 2, vetted: $0.vetted) }
        let p = try ActivitiesProblem(data: a, sites: staffing.sites, staff: staffing.staff, students: data.students)
        for id in ["C0103", "C0104", "C0106"] {
            let f = ActivitiesFormulation.community(p, p.communities.first { $0.id == id }!)
            let s = schedule(f, p)
            let bound = s.bound(), greedy = s.greedy()
            #expect(greedy.contains { !$0.unmet.isEmpty }, "\(id)")
            let priced = s.priced(bound: bound, iterations: ContactSchedule.iterations, start: greedy)
            #expect(priced.allSatisfy { $0.unmet.isEmpty }, "\(id)")
            #expect(priced.reduce(0) { $0 + $1.cost } < bound + 500)
            var load = [Int](repeating: 0, count: f.capacity.count)
            for (c, plan) in priced.enumerated() { for item in s.items(c, plan.actions) { load[item.week] += item.minutes } }
            #expect(zip(load, f.capacity).allSatisfy { $0 <= $1 }, "\(id)")
        }
    }
}
