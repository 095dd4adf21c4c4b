import CareModel
import GLPK
import Modeling
import Testing
@testable import Planning

// MARK: - Fixtures

func school(_ id: String, street: String = "A", students: Int = 100, campuses: Int = 1, stages: Set<Stage> = [.primary]) -> Site {
    Site(id: id, kind: .school, street: street, students: students, campuses: campuses, stages: stages)
}

func station(_ id: String, street: String = "A") -> Site { Site(id: id, kind: .station, street: street) }

func person(_ id: String, _ role: StaffMember.Role = .psychTeacher, part: Double? = nil, street: String = "A", stages: Set<Stage> = [],
            vetted: Bool = true, current: String? = nil) -> StaffMember {
    StaffMember(id: id, role: role, employment: part == nil ? .full : .part, maxFTE: part ?? 1, street: street, stages: stages,
                vetted: vetted, currentSite: current)
}

func staffingPlan(_ sites: [Site], _ staff: [StaffMember], travel: [String: [String: Double]]? = nil,
                  _ change: (inout StaffingPolicy) -> Void = { _ in }) throws -> StaffingPlan {
    var policy = StaffingPolicy()
    change(&policy)
    return try StaffingPlanner.plan(StaffingProblem(data: StaffingData(sites: sites, staff: staff, travel: travel), policy: policy),
                                    solver: GLPKSolver(), settings: SolverSettings(threads: 1))
}

extension StaffingPlan {
    func shortfall(_ site: String, _ requirement: String) -> Double {
        unmet.first { $0.siteID == site && $0.requirement == requirement }?.shortfall ?? 0
    }
    func sites(of person: String) -> [String] { placements.filter { $0.personID == person }.map(\.siteID) }
}

/// Both ways.
func minutes(_ rows: [(String, String, Double)]) -> [String: [String: Double]] {
    var t = [String: [String: Double]]()
    for (a, b, m) in rows { t[a, default: [:]][b] = m; t[b, default: [:]][a] = m }
    return t
}

// MARK: - One fixture per rule

@Suite struct StaffingRules {
    @Test func schoolRequirementWithLargeCampusAndStageExtras() throws {
        let policy = StaffingPolicy()
        #expect(StaffingProblem.schoolRequirement(school("S", students: 499), policy) == 1)
        #expect(StaffingProblem.schoolRequirement(school("S", students: 500), policy) == 2)
        #expect(StaffingProblem.schoolRequirement(school("S", students: 600, campuses: 3, stages: [.primary, .junior]), policy) == 5)
        let plan = try staffingPlan([school("S", students: 600, campuses: 2, stages: [.primary, .junior])],
                                    [person("P1"), person("P2")])
        #expect(plan.shortfall("S", "psych_teacher_fte") == 2)
        #expect(plan.shortfall("S", "psych_teacher_full_time") == 0)
        #expect(plan.kpis.requirements == 2)
        #expect(plan.status == .optimal)
    }

    @Test func fullTimeMinimumNeedsAWholePerson() throws {
        let plan = try staffingPlan([school("S")], [person("P1", part: 0.8)])
        #expect(plan.placements.map(\.fte) == [0.8])
        #expect(plan.shortfall("S", "psych_teacher_fte") == 0.2)
        #expect(plan.shortfall("S", "psych_teacher_full_time") == 1)
        #expect(plan.fixes == ["school S needs 0.2 more psychology-teacher FTE: hire one (cost 200000); the budget has 0 left",
                               "school S needs 1 more full-time psychology teacher: hire one (cost 200000); the budget has 0 left; no vetted psychology teacher with the stage is within 45 minutes of street A"])
    }

    @Test func stationCounsellorAtLeastMinFTE() throws {
        let short = try staffingPlan([station("T")], [person("C1", .counsellor, part: 0.4), person("L1", .legal)])
        #expect(short.shortfall("T", "counsellor") == 1)
        #expect(short.sites(of: "C1").isEmpty)
        let met = try staffingPlan([station("T")], [person("C1", .counsellor, part: 0.5), person("L1", .legal)])
        #expect(met.unmet.isEmpty)
        #expect(met.placements.first { $0.personID == "C1" }?.fte == 0.5)
    }

    @Test func stationLegalWorker() throws {
        let plan = try staffingPlan([station("T")], [person("C1", .counsellor)])
        #expect(plan.unmet.map(\.requirement) == ["legal"])
        #expect(try staffingPlan([station("T")], [person("C1", .counsellor), person("L1", .legal, part: 0.2)]).unmet.isEmpty)
    }

    @Test func centreResearcherPerStage() throws {
        let centre = Site(id: "Z", kind: .centre, street: "A", stages: [.primary, .junior])
        let both = try staffingPlan([centre], [person("R1", .researcher, stages: [.primary, .junior]), person("R2", .researcher, stages: [.junior])])
        #expect(both.unmet.isEmpty)
        #expect(both.placements.map { "\($0.personID):\($0.stage!.rawValue)" } == ["R1:primary", "R2:junior"])
        let one = try staffingPlan([centre], [person("R1", .researcher, stages: [.primary, .junior])])
        #expect(one.unmet.count == 1)
        #expect(one.kpis.shortfall == 1)
    }

    @Test func stagesMustOverlap() throws {
        let plan = try staffingPlan([school("S", stages: [.senior])], [person("P1", stages: [.primary])])
        #expect(plan.placements.isEmpty)
        #expect(plan.shortfall("S", "psych_teacher_fte") == 1)
        #expect(try staffingPlan([school("S", stages: [.senior])], [person("P1", stages: [.junior, .senior])]).unmet.isEmpty)
    }

    @Test func unvettedNeverPlaced() throws {
        let plan = try staffingPlan([school("S")], [person("P1", vetted: false, current: "S")])
        #expect(plan.placements.isEmpty)
        #expect(plan.kpis.moves == 1)
        #expect(plan.kpis.unvetted == 1)
        #expect(plan.shortfall("S", "psych_teacher_fte") == 1)
    }

    @Test func partTimerAtMostTwoSitesWithinTravel() throws {
        // Three stations, each short of a counsellor; one part-timer of 0.9 FTE, 0.3 at least per station.
        let sites = [station("TA", street: "A"), station("TB", street: "B"), station("TC", street: "C")]
        let legal = [person("LA", .legal, street: "A"), person("LB", .legal, street: "B"), person("LC", .legal, street: "C")]
        let near = minutes([("A", "B", 20), ("A", "C", 20), ("B", "C", 20)])
        let two = try staffingPlan(sites, [person("C1", .counsellor, part: 0.9)] + legal, travel: near) { $0.stationMinFTE = 0.3 }
        #expect(two.sites(of: "C1").count == 2)
        #expect(two.kpis.shortfall == 1)
        let three = try staffingPlan(sites, [person("C1", .counsellor, part: 0.9)] + legal, travel: near) {
            $0.stationMinFTE = 0.3; $0.maxSitesPerPerson = 3
        }
        #expect(three.sites(of: "C1") == ["TA", "TB", "TC"])
        #expect(three.unmet.isEmpty)
        // B and C 70 minutes apart: the part-timer cannot serve both, even with three sites allowed.
        let far = minutes([("A", "B", 20), ("A", "C", 40), ("B", "C", 70)])
        let split = try staffingPlan(sites, [person("C1", .counsellor, part: 0.9)] + legal, travel: far) {
            $0.stationMinFTE = 0.3; $0.maxSitesPerPerson = 3
        }
        #expect(split.sites(of: "C1").count == 2)
        #expect(split.sites(of: "C1").contains("TA"))
        // A site beyond max_travel_minutes of the person's street is never an option.
        let beyond = try staffingPlan([station("TD", street: "D")], [person("C1", .counsellor, part: 0.9), person("LD", .legal, street: "D")],
                                      travel: minutes([("A", "D", 50)]))
        #expect(beyond.sites(of: "C1").isEmpty)
        #expect(beyond.unmet.map(\.requirement) == ["counsellor"])
    }

    @Test func fullTimerOneSite() throws {
        let plan = try staffingPlan([station("T1"), station("T2")], [person("C1", .counsellor), person("L1", .legal, part: 0.5), person("L2", .legal)])
        #expect(plan.sites(of: "C1").count == 1)
        #expect(plan.unmet.map(\.requirement) == ["counsellor"])
    }

    @Test func budgetLimitsHires() throws {
        let sites = [school("S1"), school("S2")]
        let none = try staffingPlan(sites, [])
        #expect(none.hires.isEmpty)
        let one = try staffingPlan(sites, []) { $0.budget = 350_000 }
        #expect(one.kpis.hires == 1)
        #expect(one.kpis.cost == 200_000)
        #expect(one.joined)
        let two = try staffingPlan(sites, []) { $0.budget = 400_000 }
        #expect(two.hires.map(\.siteID) == ["S1", "S2"])
        #expect(two.unmet.isEmpty)
        #expect(!two.joined)
    }

    @Test func costPerHireChoosesTheCheaperRole() throws {
        // Counsellor and legal both missing, equal weights, money for one: the cheaper hire.
        let plan = try staffingPlan([station("T")], []) {
            $0.budget = 300; $0.costPerHire[.counsellor] = 250; $0.costPerHire[.legal] = 200
        }
        #expect(plan.hires.map(\.role) == [.legal])
        #expect(plan.hires.map(\.cost) == [200])
        #expect(plan.hires.first?.covers == ["legal"])
    }
}

// MARK: - Priority order

@Suite struct StaffingPriority {
    @Test func unmetBeforeCost() throws {
        // A hire costs a lot, but an unmet requirement comes first.
        let plan = try staffingPlan([school("S")], []) { $0.budget = 1e9; $0.costPerHire[.psychTeacher] = 1e8; $0.weights.school = 0.001 }
        #expect(plan.kpis.hires == 1)
        #expect(plan.unmet.isEmpty)
    }

    @Test func costBeforeMovesAndTravel() throws {
        // S1 has two teachers and needs one; S2 none. Moving one is free; hiring costs. However heavy
        // the move and travel weights, the move wins.
        let plan = try staffingPlan([school("S1", street: "A"), school("S2", street: "B")],
                                    [person("P1", current: "S1"), person("P2", current: "S1")],
                                    travel: minutes([("A", "B", 30)])) {
            $0.budget = 1e6; $0.costPerHire[.psychTeacher] = 1; $0.weights.move = 1e6; $0.weights.travel = 1e6
        }
        #expect(plan.hires.isEmpty)
        #expect(plan.kpis.moves == 1)
        #expect(plan.sites(of: "P1") == ["S1"])  // the first one stays (determinism among equals)
        #expect(plan.sites(of: "P2") == ["S2"])
        #expect(plan.levels.map(\.value) == [0, 0, 1e6 + 1e6 * 30])
    }

    @Test func movesThenTravel() throws {
        // Nobody needs to move: the one who stays is kept, the spare stays unplaced rather than travel.
        let plan = try staffingPlan([school("S1", street: "A")], [person("P1", current: "S1"), person("P2", street: "B")],
                                    travel: minutes([("A", "B", 30)]))
        #expect(plan.sites(of: "P1") == ["S1"])
        #expect(plan.sites(of: "P2").isEmpty)
        #expect(plan.kpis.moves == 0)
        #expect(plan.kpis.travelMinutes == 0)
    }
}

// MARK: - What-if: a budget for N hires

@Suite struct StaffingWhatIf {
    @Test func budgetForFiveHiresNamesTheSitesCovered() throws {
        // Six schools without a teacher; S6 is large (two FTE).
        let sites = (1...5).map { school("S\($0)") } + [school("S6", students: 800)]
        let plan = try staffingPlan(sites, []) { $0.budget = 5 * 200_000 }
        #expect(plan.kpis.hires == 5)
        #expect(plan.kpis.cost == 1_000_000)
        #expect(plan.hires.allSatisfy { $0.covers == ["psych_teacher_fte", "psych_teacher_full_time"] })
        #expect(Set(plan.hires.map(\.siteID)).count == 5)
        // Each first hire meets two requirements (FTE and full-time); S6's second FTE would meet one. Left: 3 units.
        #expect(plan.kpis.shortfall == 3)
        #expect(plan.levels[0].value == 30)
    }
}

// MARK: - Against brute force

@Suite struct StaffingBruteForce {
    /// Every plan of full-timers (each person at one option or none) and hires, ranked by
    /// (unmet, cost, moves + travel) lexicographically.
    static func bruteForce(_ problem: StaffingProblem) -> [Double] {
        let staff = problem.data.staff, policy = problem.policy
        let people = staff.indices.filter { !problem.optionsOf[$0].isEmpty }
        let slots = problem.hireSlots.indices.filter { policy.budget > 0 && policy.cost(problem.hireSlots[$0].role) <= policy.budget }
        var best = [Double.infinity, .infinity, .infinity]
        var choice = [Int?](repeating: nil, count: people.count)
        var hires = [Int](repeating: 0, count: slots.count)
        func evaluate() {
            var covered = [Double](repeating: 0, count: problem.requirements.count)
            var cost = 0.0, movesTravel = 0.0
            for (k, p) in people.enumerated() {
                if let o = choice[k] {
                    let option = problem.options[o]
                    for r in problem.requirementsOf[option.site] where problem.requirements[r].kind.role == staff[p].role {
                        if case .centreResearcher(let g) = problem.requirements[r].kind, option.stage != g { continue }
                        covered[r] += 1
                    }
                    movesTravel += policy.weights.travel * option.minutes
                }
            }
            for p in staff.indices where problem.currentSite[p] != nil {
                let k = people.firstIndex(of: p)
                let kept = k.flatMap { choice[$0] }.map { problem.options[$0].site == problem.currentSite[p] } ?? false
                if !kept { movesTravel += policy.weights.move }
            }
            for (j, s) in slots.enumerated() {
                for r in problem.hireSlots[s].requirements { covered[r] += Double(hires[j]) }
                cost += Double(hires[j]) * policy.cost(problem.hireSlots[s].role)
            }
            guard cost <= policy.budget + 1e-9 else { return }
            let unmet = problem.requirements.indices.reduce(0.0) { $0 + problem.requirements[$1].weight * max(0, problem.requirements[$1].target - covered[$1]) }
            let value = [unmet, cost, movesTravel]
            if value.lexicographicallyPrecedes(best, by: { $0 < $1 - 1e-9 }) { best = value }
        }
        func hire(_ j: Int) {
            if j == slots.count { evaluate(); return }
            for n in 0...problem.hireSlots[slots[j]].upper { hires[j] = n; hire(j + 1) }
            hires[j] = 0
        }
        func place(_ k: Int) {
            if k == people.count { hire(0); return }
            choice[k] = nil
            place(k + 1)
            for o in problem.optionsOf[people[k]] { choice[k] = o; place(k + 1) }
            choice[k] = nil
        }
        place(0)
        return best
    }

    @Test func randomTinyInstancesMatchBruteForce() throws {
        var rng = Rng(state: 2026)
        let stages: [Stage] = [.primary, .junior]
        for _ in 0..<25 {
            let streets = ["A", "B", "C"]
            var sites = [Site]()
            for i in 0..<(1 + rng.next(2)) {
                sites.append(school("S\(i)", street: streets[rng.next(3)], students: [100, 700][rng.next(2)],
                                    stages: rng.next(3) == 0 ? [.primary, .junior] : [stages[rng.next(2)]]))
            }
            if rng.next(2) == 0 { sites.append(station("T", street: streets[rng.next(3)])) }
            let roles: [StaffMember.Role] = [.psychTeacher, .psychTeacher, .counsellor, .legal]
            var staff = [StaffMember]()
            for i in 0..<(2 + rng.next(3)) {
                let role = roles[rng.next(4)]
                let current = rng.next(2) == 0 ? sites[rng.next(sites.count)].id : nil
                staff.append(person("P\(i)", role, street: streets[rng.next(3)], stages: rng.next(2) == 0 ? [] : [stages[rng.next(2)]],
                                    vetted: rng.next(8) != 0, current: current))
            }
            let travel = minutes([("A", "B", Double(10 + rng.next(50))), ("A", "C", Double(10 + rng.next(50))), ("B", "C", Double(10 + rng.next(50)))])
            var policy = StaffingPolicy()
            policy.budget = [0, 150, 300][rng.next(3)]
            policy.costPerHire = [.psychTeacher: 100, .counsellor: 150, .legal: 50, .researcher: 100]
            policy.weights.station = 7
            let problem = try StaffingProblem(data: StaffingData(sites: sites, staff: staff, travel: travel), policy: policy)
            let plan = try StaffingPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
            let expected = Self.bruteForce(problem)
            #expect(plan.status == .optimal)
            for k in 0..<3 { #expect(abs(plan.levels[k].value - expected[k]) < 1e-4, "level \(k): \(plan.levels.map(\.value)) vs \(expected)") }
        }
    }
}

// MARK: - Determinism

@Suite struct StaffingDeterminism {
    @Test func samePlanTwice() throws {
        let sites = (1...6).map { school("S\($0)", street: ["A", "B"][$0 % 2], students: 400 + 100 * $0) } + [station("T", street: "A")]
        let staff = (1...9).map { person("P\($0)", part: $0 % 3 == 0 ? 0.5 : nil, street: ["A", "B"][$0 % 2], current: "S\(($0 % 6) + 1)") }
            + [person("C", .counsellor, part: 0.6), person("L", .legal, street: "B")]
        let travel = minutes([("A", "B", 25)])
        let a = try staffingPlan(sites, staff, travel: travel) { $0.budget = 400_000 }
        let b = try staffingPlan(sites, staff, travel: travel) { $0.budget = 400_000 }
        #expect(a.placements == b.placements)
        #expect(a.hires == b.hires)
        #expect(a.unmet == b.unmet)
        #expect(a.kpis == b.kpis)
    }
}
