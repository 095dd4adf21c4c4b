import CareModel
import Foundation
import Modeling

/// The staffing MIP of a set of people and sites (a component, the whole district, or one role
/// within a component when the budget is shared out), built rule by rule.
///
/// Variables: `x[o]` binary, person placed through option o; `f[o]` continuous, a part-timer's
/// FTE share there (`minShare * x <= f <= maxFTE * x`: tight, f is zero unless placed); a
/// full-timer's share is `x` itself (placed whole, 1 FTE). `h[k]` integer, hires at hire slot k
/// (each one full-time person of the slot's role, counting 1 toward each of its requirements).
/// `u[r]` continuous, the shortfall of requirement r (FTE at schools, people elsewhere).
///
/// Objective levels, in priority order (solved one after the other, each level's optimum a row
/// of the next, so a lower level can never buy a higher one): 1. weighted unmet requirement,
/// 2. hiring cost, 3. moves (`weights.move` per person with a current site not kept) and travel
/// (`weights.travel` per minute from the person's street, per placement).
struct StaffingFormulation {
    let problem: StaffingProblem
    let people: [Int]
    let sites: [Int]
    /// The budget row, or nil for no hires at all.
    let budget: Double?
    /// Only this role's requirements and hires (the caller passes only its people), or nil for
    /// every role. Roles never meet in a rule: each requirement counts one role, each person has
    /// one, so a component's roles are independent models but for the budget.
    var role: StaffMember.Role? = nil

    struct MIP {
        var model: Model
        /// Options in this model and their variables.
        var options: [Int] = []
        var x: [Variable] = []
        /// Part-timers' share variables (nil for full-timers: x is the share).
        var share: [Variable?] = []
        var slots: [Int] = []
        var h: [Variable] = []
        var requirements: [Int] = []
        var u: [Variable] = []
        var levels: [LinearExpression] = []
        /// Model position of each problem option, slot and requirement in it.
        var position: [Int: Int] = [:]
        var slotPosition: [Int: Int] = [:]
        var requirementPosition: [Int: Int] = [:]
        /// Each person's options, as model positions.
        var mine: [Int: [Int]] = [:]
        /// Each requirement row's terms other than its shortfall, and its target.
        var rows: [(variables: [Variable], target: Double)] = []
    }

    static let levelNames = ["unmet", "hiring_cost", "moves_travel"]

    func build() -> MIP {
        var mip = MIP(model: Model(name: "staffing"))
        addPlacements(&mip)
        addHires(&mip)
        addShortfalls(&mip)
        mip.position = optionPosition(mip)
        mip.slotPosition = Dictionary(uniqueKeysWithValues: mip.slots.enumerated().map { ($1, $0) })
        mip.requirementPosition = Dictionary(uniqueKeysWithValues: mip.requirements.enumerated().map { ($1, $0) })
        for (k, o) in mip.options.enumerated() { mip.mine[problem.options[o].person, default: []].append(k) }
        for p in people { addPersonRule(&mip, p) }
        addPartTimersTravelBetweenSites(&mip)
        for r in mip.requirements { addRequirementRow(&mip, r) }
        addBudget(&mip)
        mip.levels = [unmetLevel(mip), costLevel(mip), movesAndTravelLevel(mip)]
        return mip
    }

    /// Position of each option of the model (dense over the problem's options).
    func optionPosition(_ mip: MIP) -> [Int: Int] {
        Dictionary(uniqueKeysWithValues: mip.options.enumerated().map { ($1, $0) })
    }

    // MARK: Variables

    private func addPlacements(_ mip: inout MIP) {
        for p in people {
            let person = problem.data.staff[p]
            for o in problem.optionsOf[p] {
                mip.options.append(o)
                mip.x.append(mip.model.addBinary())
                if person.employment == .part {
                    let f = mip.model.addVariable(lower: 0, upper: person.maxFTE)
                    mip.share.append(f)
                    // Rule: a part-timer's share at a site is between minShare and max_fte, and 0 unless placed.
                    let x = mip.x.last!
                    mip.model.addConstraint(variables: [f, x], coefficients: [1, -person.maxFTE], upper: 0)
                    mip.model.addConstraint(variables: [f, x], coefficients: [1, -problem.options[o].minShare], lower: 0)
                } else {
                    mip.share.append(nil)
                }
            }
        }
    }

    private func addHires(_ mip: inout MIP) {
        guard let budget, budget > 0 else { return }
        for s in sites {
            for k in problem.hireSlotsAt[s] where role == nil || problem.hireSlots[k].role == role {
                let slot = problem.hireSlots[k]
                // A hire costs more than the budget: none of this role. (A budget of n hires' cost
                // allows n, whatever the rounding of n x cost / cost.)
                let most = min(slot.upper, Int((budget / max(problem.policy.cost(slot.role), 1e-9) + 1e-9).rounded(.down)))
                guard most > 0 else { continue }
                mip.slots.append(k)
                mip.h.append(mip.model.addVariable(lower: 0, upper: Double(most), kind: .integer))
            }
        }
    }

    private func addShortfalls(_ mip: inout MIP) {
        for s in sites {
            for r in problem.requirementsOf[s] where role == nil || problem.requirements[r].kind.role == role {
                mip.requirements.append(r)
                mip.u.append(mip.model.addVariable(lower: 0, upper: problem.requirements[r].target))
            }
        }
    }

    // MARK: Rules

    /// A full-timer sits at one site with their whole FTE; a part-timer splits max_fte over at
    /// most `maxSitesPerPerson` sites; at the centre a researcher serves one stage.
    private func addPersonRule(_ mip: inout MIP, _ p: Int) {
        let person = problem.data.staff[p]
        guard let mine = mip.mine[p], !mine.isEmpty else { return }
        // One option per site (several only at the centre, one per stage).
        var bySite = [Int: [Int]]()
        for k in mine { bySite[problem.options[mip.options[k]].site, default: []].append(k) }
        for s in bySite.keys.sorted() where bySite[s]!.count > 1 {
            let ks = bySite[s]!
            mip.model.addConstraint(variables: ks.map { mip.x[$0] }, coefficients: Array(repeating: 1, count: ks.count), upper: 1)
        }
        let xs = mine.map { mip.x[$0] }
        if person.employment == .full {
            mip.model.addConstraint(variables: xs, coefficients: Array(repeating: 1, count: xs.count), upper: 1)
        } else {
            if xs.count > problem.policy.maxSitesPerPerson {
                mip.model.addConstraint(variables: xs, coefficients: Array(repeating: 1, count: xs.count),
                                        upper: Double(problem.policy.maxSitesPerPerson))
            }
            let fs = mine.map { mip.share[$0]! }
            if Double(fs.count) * person.maxFTE > person.maxFTE + 1e-12 {
                mip.model.addConstraint(variables: fs, coefficients: Array(repeating: 1, count: fs.count), upper: person.maxFTE)
            }
        }
    }

    /// A part-timer's sites are within `maxTravelMinutes` of each other: for each option o and
    /// each street b too far from o's street, `x[o] + Σ x[o' in b] <= 1`.
    private func addPartTimersTravelBetweenSites(_ mip: inout MIP) {
        let data = problem.data, limit = problem.policy.maxTravelMinutes
        for p in people where data.staff[p].employment == .part {
            guard let ks = mip.mine[p], ks.count > 1 else { continue }
            var byStreet = [String: [Int]]()
            for k in ks { byStreet[data.sites[problem.options[mip.options[k]].site].street, default: []].append(k) }
            let streets = byStreet.keys.sorted()
            for a in streets {
                for b in streets where a != b {
                    let m = data.minutes(from: a, to: b) ?? .infinity
                    guard m > limit else { continue }
                    for k in byStreet[a]! {
                        let others = byStreet[b]!
                        mip.model.addConstraint(variables: [mip.x[k]] + others.map { mip.x[$0] },
                                                coefficients: Array(repeating: 1, count: others.count + 1), upper: 1)
                    }
                }
            }
        }
    }

    /// Σ contributions + hires + shortfall >= target. FTE at a school counts part-timers'
    /// shares and full-timers whole; the full-time row counts full-timers only; every other
    /// requirement counts people (each at least their minimum share).
    private func addRequirementRow(_ mip: inout MIP, _ r: Int) {
        let req = problem.requirements[r]
        var vars = [Variable](), coefs = [Double]()
        for o in problem.optionsAt[req.site] {
            guard let k = mip.position[o] else { continue }
            let option = problem.options[o]
            let person = problem.data.staff[option.person]
            guard person.role == req.kind.role else { continue }
            switch req.kind {
            case .schoolFTE:
                vars.append(mip.share[k] ?? mip.x[k])
            case .schoolFullTime:
                guard person.employment == .full else { continue }
                vars.append(mip.x[k])
            case .stationCounsellor, .stationLegal:
                vars.append(mip.x[k])
            case .centreResearcher(let g):
                guard option.stage == g else { continue }
                vars.append(mip.x[k])
            }
            coefs.append(1)
        }
        for k in problem.hireSlotsAt[req.site] where problem.hireSlots[k].requirements.contains(r) {
            guard let j = mip.slotPosition[k] else { continue }
            vars.append(mip.h[j]); coefs.append(1)
        }
        mip.rows.append((vars, req.target))
        vars.append(mip.u[mip.requirementPosition[r]!]); coefs.append(1)
        mip.model.addConstraint(variables: vars, coefficients: coefs, lower: req.target)
    }

    private func addBudget(_ mip: inout MIP) {
        guard let budget, !mip.h.isEmpty else { return }
        let costs = mip.slots.map { problem.policy.cost(problem.hireSlots[$0].role) }
        mip.model.addConstraint(variables: mip.h, coefficients: costs, upper: budget)
    }

    // MARK: Objective levels

    private func unmetLevel(_ mip: MIP) -> LinearExpression {
        LinearExpression(terms: zip(mip.u, mip.requirements.map { problem.requirements[$0].weight }))
    }

    private func costLevel(_ mip: MIP) -> LinearExpression {
        LinearExpression(terms: zip(mip.h, mip.slots.map { problem.policy.cost(problem.hireSlots[$0].role) }))
    }

    /// Moves: `weights.move * (1 - Σ x at the current site)` per person with a current site
    /// (a constant for those with no option there); travel: minutes times `weights.travel`.
    private func movesAndTravelLevel(_ mip: MIP) -> LinearExpression {
        let w = problem.policy.weights
        var e = LinearExpression()
        let position = mip.position
        for p in people {
            guard let current = problem.currentSite[p] else { continue }
            e.constant += w.move
            if w.move == 0 { continue }
            for o in problem.optionsOf[p] where problem.options[o].site == current { e.add(mip.x[position[o]!], -w.move) }
        }
        if w.travel != 0 {
            for (k, o) in mip.options.enumerated() where problem.options[o].minutes > 0 { e.add(mip.x[k], w.travel * problem.options[o].minutes) }
        }
        return e
    }

    // MARK: A starting plan

    /// Everyone who may stay at their current site stays (a part-timer with all their FTE, a
    /// researcher at the first stage still short), then people without a place go, nearest
    /// first, where their role is still short; no hires. Feasible by construction.
    func start(_ mip: MIP) -> [Variable: Double] {
        let position = mip.position
        var covered = [Int: Double]()  // requirement -> units covered
        var values = [Variable: Double]()
        var placed = Set<Int>()
        func requirementsServed(_ o: Int) -> [(Int, Double)] {
            let option = problem.options[o], person = problem.data.staff[option.person]
            return problem.requirementsOf[option.site].compactMap { r in
                let req = problem.requirements[r]
                guard req.kind.role == person.role else { return nil }
                switch req.kind {
                case .schoolFTE: return (r, person.maxFTE)
                case .schoolFullTime: return person.employment == .full ? (r, 1) : nil
                case .centreResearcher(let g): return option.stage == g ? (r, 1) : nil
                default: return (r, 1)
                }
            }
        }
        func short(_ o: Int) -> Bool {
            requirementsServed(o).contains { covered[$0.0, default: 0] < problem.requirements[$0.0].target - 1e-9 }
        }
        func place(_ o: Int) {
            let k = position[o]!
            values[mip.x[k]] = 1
            if let f = mip.share[k] { values[f] = problem.data.staff[problem.options[o].person].maxFTE }
            for (r, amount) in requirementsServed(o) { covered[r, default: 0] += amount }
            placed.insert(problem.options[o].person)
        }
        for p in people {
            guard let current = problem.currentSite[p] else { continue }
            let here = problem.optionsOf[p].filter { problem.options[$0].site == current }
            if let o = here.first(where: short) ?? here.first { place(o) }
        }
        for p in people where !placed.contains(p) {
            let nearest = problem.optionsOf[p].sorted { (problem.options[$0].minutes, $0) < (problem.options[$1].minutes, $1) }
            if let o = nearest.first(where: short) { place(o) }
        }
        for (k, r) in mip.requirements.enumerated() {
            values[mip.u[k]] = max(0, problem.requirements[r].target - covered[r, default: 0])
        }
        return values
    }
}
