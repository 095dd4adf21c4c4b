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
        #expect(one.budgetBinds)
        let two = try staffingPlan(sites, []) { $0.budget = 400_000 }
        #expect(two.hires.map(\.siteID) == ["S1", "S2"])
        #expect(two.unmet.isEmpty)
        #expect(!two.budgetBinds)
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

/// The staffing rules read from the README ("The staffing plan reads the rules this way", the
/// `policy.staffing` keys, the columns of `sites.csv`, `staff.csv` and `travel.csv`) and
/// `StaffingPolicy`, and applied to the tables alone (`StaffingData` and the test's policy). The
/// brute force takes every requirement, placement, travel time and hire from here, never from
/// `StaffingProblem`: the library only runs the planner and hands back its plan. Full-timers only
/// (each sits at one site with their whole FTE), as in the random instances.
struct StaffingReading {
    let data: StaffingData
    let policy: StaffingPolicy

    /// What a site needs: `requirement` is the name `unmet.csv` uses.
    struct Requirement {
        let site: Int
        let requirement: String
        let target: Double
        /// Per unit short, by the site's kind (`weights: {school, station, centre}`).
        let weight: Double
    }

    /// A full-timer's possible placement: a site (at the centre, the stage they serve there) and
    /// the minutes from their street to the site's.
    struct Option: Equatable {
        let site: Int
        let stage: Stage?
        let minutes: Double
    }

    /// A hire: one full-time person of `role` at `site` (at the centre, for one stage).
    struct HireSlot {
        let site: Int
        let role: StaffMember.Role
        let stage: Stage?
    }

    let requirements: [Requirement]
    let hireSlots: [HireSlot]

    init(_ data: StaffingData, _ policy: StaffingPolicy) {
        self.data = data
        self.policy = policy
        var requirements = [Requirement](), slots = [HireSlot]()
        let w = policy.weights
        for (i, site) in data.sites.enumerated() {
            switch site.kind {
            case .school:
                // school_min_full_time + large_school_extra (from large_school_students)
                // + per_extra_campus x (campuses - 1) + per_extra_stage x (stages - 1) FTE,
                // of which school_min_full_time full-time people placed whole.
                let fte = policy.schoolMinFullTime + (site.students >= policy.largeSchoolStudents ? policy.largeSchoolExtra : 0)
                    + policy.perExtraCampus * (site.campuses - 1) + policy.perExtraStage * (site.stages.count - 1)
                requirements.append(Requirement(site: i, requirement: "psych_teacher_fte", target: Double(fte), weight: w.school))
                requirements.append(Requirement(site: i, requirement: "psych_teacher_full_time", target: Double(policy.schoolMinFullTime), weight: w.school))
                slots.append(HireSlot(site: i, role: .psychTeacher, stage: nil))
            case .station:
                // station_counsellors counsellors and station_legal legal workers (people).
                requirements.append(Requirement(site: i, requirement: "counsellor", target: Double(policy.stationCounsellors), weight: w.station))
                requirements.append(Requirement(site: i, requirement: "legal", target: Double(policy.stationLegal), weight: w.station))
                slots.append(HireSlot(site: i, role: .counsellor, stage: nil))
                slots.append(HireSlot(site: i, role: .legal, stage: nil))
            case .centre:
                // centre_researchers_per_stage researchers per stage, each serving one stage.
                for g in site.stages.sorted() {
                    requirements.append(Requirement(site: i, requirement: "researcher_\(g.rawValue)", target: Double(policy.centreResearchersPerStage),
                                                    weight: w.centre))
                    slots.append(HireSlot(site: i, role: .researcher, stage: g))
                }
            }
        }
        self.requirements = requirements
        hireSlots = slots
    }

    /// Psychology teachers at schools, counsellors and legal workers at stations, researchers at the centre.
    static func serves(_ role: StaffMember.Role, _ kind: Site.Kind) -> Bool {
        switch (role, kind) {
        case (.psychTeacher, .school), (.counsellor, .station), (.legal, .station), (.researcher, .centre): true
        default: false
        }
    }

    /// `travel.csv`: same street 0; a row serves both ways unless the other way has its own;
    /// without the table (or the row) nobody leaves their street.
    func minutes(_ a: String, _ b: String) -> Double? {
        if a == b { return 0 }
        return data.travel?[a]?[b] ?? data.travel?[b]?[a]
    }

    /// Where a person may be placed: vetted, of the role for the site's kind, stages overlapping
    /// the site's (empty: any; a station with none serves every stage), within `max_travel_minutes`.
    func options(_ p: Int) -> [Option] {
        let person = data.staff[p]
        guard person.vetted else { return [] }
        var out = [Option]()
        for (i, site) in data.sites.enumerated() where Self.serves(person.role, site.kind) {
            guard let m = minutes(person.street, site.street), m <= policy.maxTravelMinutes else { continue }
            if site.kind == .centre {
                for g in site.stages.sorted() where person.stages.isEmpty || person.stages.contains(g) {
                    out.append(Option(site: i, stage: g, minutes: m))
                }
            } else if person.stages.isEmpty || site.stages.isEmpty || !person.stages.isDisjoint(with: site.stages) {
                out.append(Option(site: i, stage: nil, minutes: m))
            }
        }
        return out
    }

    /// The requirements one full-time person of `role` at `site` (stage `stage`) counts toward, placed or hired:
    /// at a school both the FTE and the full-time one; at a station a counsellor working there at least
    /// `station_min_fte`, a legal worker at least `min_share`; at the centre the researchers of their stage.
    func covers(_ role: StaffMember.Role, _ site: Int, _ stage: Stage?, fte: Double = 1) -> [Int] {
        requirements.indices.filter { r in
            let q = requirements[r]
            guard q.site == site else { return false }
            switch (role, q.requirement) {
            case (.psychTeacher, "psych_teacher_fte"), (.psychTeacher, "psych_teacher_full_time"): return true
            case (.counsellor, "counsellor"): return fte >= policy.stationMinFTE
            case (.legal, "legal"): return fte >= policy.minShare
            case (.researcher, _): return stage.map { q.requirement == "researcher_\($0.rawValue)" } ?? false
            default: return false
            }
        }
    }

    /// The three levels of a plan: weighted unmet requirement, hiring cost, weighted moves and travel.
    func levels(placed: [Option?], hires: [Int]) -> [Double] {
        var covered = [Double](repeating: 0, count: requirements.count)
        var movesTravel = 0.0, cost = 0.0
        for (p, option) in placed.enumerated() {
            let person = data.staff[p]
            if let option {
                for r in covers(person.role, option.site, option.stage) { covered[r] += 1 }
                movesTravel += policy.weights.travel * option.minutes
            }
            // A person with a current site not kept there is a move.
            if let current = person.currentSite, option.map({ data.sites[$0.site].id }) != current { movesTravel += policy.weights.move }
        }
        for (j, n) in hires.enumerated() where n > 0 {
            let slot = hireSlots[j]
            for r in covers(slot.role, slot.site, slot.stage) { covered[r] += Double(n) }
            cost += Double(n) * (policy.costPerHire[slot.role] ?? 0)
        }
        let unmet = requirements.indices.reduce(0.0) { $0 + requirements[$1].weight * max(0, requirements[$1].target - covered[$1]) }
        return [unmet, cost, movesTravel]
    }

    /// Every plan (each person at one option or none; any hires the budget buys, at most as many per
    /// slot as the largest target they count toward), the least by (unmet, cost, moves + travel).
    func bruteForce() -> [Double] {
        precondition(data.staff.allSatisfy { $0.employment == .full && $0.maxFTE == 1 }, "the brute force places full-timers only")
        let options = data.staff.indices.map(options)
        let upper = hireSlots.map { slot in
            covers(slot.role, slot.site, slot.stage).map { Int(requirements[$0].target.rounded(.up)) }.max() ?? 0
        }
        var best = [Double.infinity, .infinity, .infinity]
        var placed = [Option?](repeating: nil, count: data.staff.count)
        var hires = [Int](repeating: 0, count: hireSlots.count)
        func hire(_ j: Int, _ spent: Double) {
            if j == hireSlots.count {
                let value = levels(placed: placed, hires: hires)
                if value.lexicographicallyPrecedes(best, by: { $0 < $1 - 1e-9 }) { best = value }
                return
            }
            let price = policy.costPerHire[hireSlots[j].role] ?? 0
            var n = 0
            while n <= upper[j] && (n == 0 || (policy.budget > 0 && spent + Double(n) * price <= policy.budget + 1e-9)) {
                hires[j] = n
                hire(j + 1, spent + Double(n) * price)
                n += 1
            }
            hires[j] = 0
        }
        func place(_ p: Int) {
            if p == data.staff.count { hire(0, 0); return }
            placed[p] = nil
            place(p + 1)
            for o in options[p] { placed[p] = o; place(p + 1) }
            placed[p] = nil
        }
        place(0)
        return best
    }

    /// The plan's own placements and hires, each checked against the reading, and their levels.
    func levels(of plan: StaffingPlan) -> [Double] {
        var placed = [Option?](repeating: nil, count: data.staff.count)
        for x in plan.placements {
            let p = data.staff.firstIndex { $0.id == x.personID }!, s = data.sites.firstIndex { $0.id == x.siteID }!
            let option = Option(site: s, stage: x.stage, minutes: x.minutes)
            #expect(options(p).contains(option), "\(x.personID) at \(x.siteID) (\(x.stage?.rawValue ?? "-"), \(x.minutes) min) is not an option by the rules")
            #expect(placed[p] == nil, "\(x.personID) is a full-timer placed twice")
            #expect(abs(x.fte - data.staff[p].maxFTE) < 1e-9, "\(x.personID) is a full-timer placed at \(x.fte) FTE")
            placed[p] = option
        }
        var hires = [Int](repeating: 0, count: hireSlots.count)
        for h in plan.hires {
            let s = data.sites.firstIndex { $0.id == h.siteID }!
            let j = hireSlots.indices.first { j in
                hireSlots[j].site == s && hireSlots[j].role == h.role
                    && (hireSlots[j].stage.map { h.covers.contains("researcher_\($0.rawValue)") } ?? true)
            }
            guard let j else { Issue.record("hire of a \(h.role) at \(h.siteID) is not a hire the rules allow"); continue }
            hires[j] += h.count
        }
        return levels(placed: placed, hires: hires)
    }
}

@Suite struct StaffingBruteForce {
    /// The plan against the reading's brute force, level by level, and the plan's own placements and
    /// hires, valued by the reading, giving the levels the plan reports.
    @discardableResult
    func check(_ data: StaffingData, _ policy: StaffingPolicy) throws -> StaffingPlan {
        let plan = try StaffingPlanner.plan(StaffingProblem(data: data, policy: policy), solver: GLPKSolver(), settings: SolverSettings(threads: 1))
        let reading = StaffingReading(data, policy)
        let expected = reading.bruteForce()
        let own = reading.levels(of: plan)
        #expect(plan.status == .optimal)
        for k in 0..<3 {
            #expect(abs(plan.levels[k].value - expected[k]) < 1e-4, "level \(k): \(plan.levels.map(\.value)) vs \(expected)")
            #expect(abs(own[k] - plan.levels[k].value) < 1e-4, "level \(k) of the plan's own placements: \(own) vs \(plan.levels.map(\.value))")
        }
        #expect(plan.kpis.cost <= policy.budget + 1e-9)
        return plan
    }

    /// Budgets that bind across components (`StaffingBudgetShare`): streets without travel between
    /// them, so each street is a component, most of them short, and money for some of the hires.
    @Test func bindingBudgetsAcrossComponentsMatchBruteForce() throws {
        var rng = Rng(state: 1414)
        var binding = 0
        for _ in 0..<30 {
            var sites = [Site](), staff = [StaffMember]()
            for street in ["A", "B", "C"].prefix(2 + rng.next(2)) {
                sites.append(school("S\(street)", street: street, students: [100, 700][rng.next(2)]))
                if rng.next(3) != 0 { sites.append(station("T\(street)", street: street)) }
                // At most four people in all: the brute force tries every placement with every hire.
                for i in 0..<min(rng.next(3), 4 - staff.count) {
                    let role: StaffMember.Role = [.psychTeacher, .psychTeacher, .counsellor, .legal][rng.next(4)]
                    staff.append(person("P\(street)\(i)", role, street: street, vetted: rng.next(6) != 0,
                                        current: rng.next(2) == 0 ? sites[rng.next(sites.count)].id : nil))
                }
            }
            var policy = StaffingPolicy()
            policy.budget = [100, 150, 200, 250, 300][rng.next(5)]
            policy.costPerHire = [.psychTeacher: 100, .counsellor: Double(50 + 50 * rng.next(2)), .legal: 50, .researcher: 100]
            policy.weights.school = Double(1 + rng.next(10))
            policy.weights.station = Double(1 + rng.next(10))
            policy.weights.move = Double(rng.next(3))
            if try check(StaffingData(sites: sites, staff: staff, travel: nil), policy).budgetBinds { binding += 1 }
        }
        // The path under test was taken (the count is fixed by the seed).
        #expect(binding >= 10, "the budget bound in \(binding) of 30 instances")
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
            try check(StaffingData(sites: sites, staff: staff, travel: travel), policy)
        }
    }

    /// Wider instances: a centre with researchers per stage, schools with campuses and several
    /// stages, a station or none, travel rows missing or no travel table, and a random policy
    /// (every requirement figure, travel limit, budget, costs and weights).
    @Test func randomInstancesOnEveryRuleMatchBruteForce() throws {
        var rng = Rng(state: 4049)
        let allStages: [Stage] = [.primary, .junior, .senior]
        func someStages(_ n: Int) -> Set<Stage> { Set((0..<n).map { _ in allStages[rng.next(3)] }) }
        for _ in 0..<40 {
            let streets = ["A", "B", "C"]
            var sites = [Site]()
            for i in 0..<(rng.next(3)) {
                sites.append(school("S\(i)", street: streets[rng.next(3)], students: [100, 499, 500, 799, 800][rng.next(5)],
                                    campuses: 1 + rng.next(2), stages: someStages(1 + rng.next(2))))
            }
            if rng.next(2) == 0 { sites.append(station("T", street: streets[rng.next(3)])) }
            if rng.next(2) == 0 || sites.isEmpty { sites.append(Site(id: "Z", kind: .centre, street: streets[rng.next(3)], stages: someStages(1 + rng.next(2)))) }
            var staff = [StaffMember]()
            for i in 0..<(3 + rng.next(4)) {
                // Mostly a role some site needs; sometimes one none does.
                let roles: [StaffMember.Role] = switch sites[rng.next(sites.count)].kind {
                case .school: [.psychTeacher, .psychTeacher, .psychTeacher, .researcher]
                case .station: [.counsellor, .legal, .counsellor, .legal, .psychTeacher]
                case .centre: [.researcher, .researcher, .researcher, .legal]
                }
                let current = rng.next(2) == 0 ? sites[rng.next(sites.count)].id : nil
                staff.append(person("P\(i)", roles[rng.next(roles.count)], street: streets[rng.next(3)],
                                    stages: rng.next(2) == 0 ? [] : someStages(1 + rng.next(2)), vetted: rng.next(6) != 0, current: current))
            }
            // Minutes often exactly at a travel limit below.
            let steps: [Double] = [0, 10, 20, 20, 45, 45, 60, 70]
            var rows = [("A", "B", steps[rng.next(8)]), ("A", "C", steps[rng.next(8)]), ("B", "C", steps[rng.next(8)])]
            if rng.next(3) == 0 { rows.remove(at: rng.next(3)) }
            let travel = rng.next(5) == 0 ? nil : minutes(rows)
            var policy = StaffingPolicy()
            policy.schoolMinFullTime = rng.next(3)
            policy.largeSchoolStudents = [500, 800][rng.next(2)]
            policy.largeSchoolExtra = rng.next(3)
            policy.perExtraCampus = rng.next(2)
            policy.perExtraStage = rng.next(2)
            policy.stationCounsellors = rng.next(3)
            policy.stationLegal = rng.next(2)
            policy.centreResearchersPerStage = 1 + rng.next(2)
            policy.maxTravelMinutes = [20, 45, 60][rng.next(3)]
            policy.budget = [0, 100, 250][rng.next(3)]
            policy.costPerHire = [.psychTeacher: Double(50 + 50 * rng.next(3)), .counsellor: 150, .legal: 50, .researcher: 100]
            policy.weights.school = Double(1 + rng.next(10))
            policy.weights.station = Double(1 + rng.next(10))
            policy.weights.centre = Double(1 + rng.next(10))
            policy.weights.move = Double(rng.next(3))
            policy.weights.travel = [0, 0.01, 0.5][rng.next(3)]
            try check(StaffingData(sites: sites, staff: staff, travel: travel), policy)
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
