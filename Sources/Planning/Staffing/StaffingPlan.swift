import CareModel
import Foundation
import Modeling

/// A solved staffing plan: who works where and with what share, the hires and the sites they
/// cover, the requirements still unmet, what would meet them, and the figures a district reports.
public struct StaffingPlan: Sendable {
    public struct Placement: Sendable, Equatable {
        public let personID: String
        public let role: StaffMember.Role
        public let siteID: String
        public let street: String
        /// At the centre, the stage served.
        public let stage: Stage?
        public let fte: Double
        public let minutes: Double
        public let currentSite: String?
    }

    public struct Hire: Sendable, Equatable {
        public let siteID: String
        public let street: String
        public let role: StaffMember.Role
        public let count: Int
        public let cost: Double
        /// The requirements these hires count toward.
        public let covers: [String]
    }

    public struct Unmet: Sendable, Equatable {
        public let siteID: String
        public let street: String
        public let requirement: String
        public let required: Double
        public let shortfall: Double
        public let detail: String
    }

    public struct Level: Sendable, Equatable, Codable {
        public let name: String
        public let value: Double
        public let bound: Double?
    }

    public struct KPIs: Sendable, Equatable {
        public let requirements: Int
        public let requirementsMet: Int
        public let requirementsMetShare: Double
        /// Shortfall in FTE at schools and in people elsewhere, summed.
        public let shortfall: Double
        public let hires: Int
        public let cost: Double
        public let budget: Double
        /// People with a current site not kept there (including those who may no longer be placed).
        public let moves: Int
        public let placed: Int
        public let unplaced: Int
        public let unvetted: Int
        public let travelMinutes: Double
    }

    /// Its objective is the last level (moves and travel); the levels before it are in `levels`.
    public let search: SearchEnd
    public let levels: [Level]
    public let components: Int
    /// The budget binds: the components' hires together would exceed it, so it was shared out
    /// among them (`StaffingBudgetShare`); summary.json's `joined`.
    public let budgetBinds: Bool
    public let placements: [Placement]
    public let hires: [Hire]
    public let unmet: [Unmet]
    /// How many requirements each street's sites have (met or not), for the per-street table.
    public let requirementsByStreet: [String: Int]
    public let fixes: [String]
    public let kpis: KPIs
    /// Re-planning: how the placements differ from the plan re-planned (nil when none was given).
    public let changes: PlanChanges?

    /// `bounds`, when given, are the district's bounds of the levels (otherwise the results' summed).
    init(problem p: StaffingProblem, results: [StaffingPlanner.ComponentResult], bounds: [Double]? = nil, components: Int,
         budgetBinds: Bool, seconds: Double) {
        let data = p.data, policy = p.policy
        self.components = components
        self.budgetBinds = budgetBinds
        var levels = [Level]()
        // People in no component (no site they may serve) who have a current site: moved, whatever the plan.
        let inComponents = Set(p.components.flatMap(\.people))
        let forced = policy.weights.move * Double(data.staff.indices.filter { !inComponents.contains($0) && p.currentSite[$0] != nil }.count)
        for (k, name) in StaffingFormulation.levelNames.enumerated() {
            let value = results.reduce(k == 2 ? forced : 0) { $0 + $1.levels[k] }
            let bound = (bounds?[k]).map { $0 + (k == 2 ? forced : 0) } ?? results.reduce(k == 2 ? forced : 0) { $0 + $1.bounds[k] }
            levels.append(Level(name: name, value: Self.round(value), bound: bound.isFinite ? Self.round(bound) : nil))
        }
        self.levels = levels
        // The gap of the first level not proven (the later levels are optimal only given it).
        let open = levels.first { $0.bound == nil || abs($0.value - $0.bound!) > 1e-6 * max(1, abs($0.value)) }
        search = SearchEnd(status: SearchEnd.status(of: results.map(\.status)), stop: SearchEnd.stop(of: results.map(\.stop)),
                           objective: levels[2].value, bound: levels[2].bound ?? -.infinity,
                           gap: open.map { l in l.bound.map { abs(l.value - $0) / max(abs(l.value), 1e-9) } ?? 1 } ?? 0, seconds: seconds)

        // Placements and hires, and what they cover.
        var covered = [Double](repeating: 0, count: p.requirements.count)
        var siteOf = [Int?](repeating: nil, count: data.staff.count)  // a person's sites (the first, for moves)
        var keeps = [Bool](repeating: false, count: data.staff.count)
        var placements = [Placement](), travel = 0.0
        var placedAt = [Int: [Int]]()  // site -> people placed
        for r in results {
            for pl in r.placements {
                let o = p.options[pl.option], person = data.staff[o.person], site = data.sites[o.site]
                for req in p.requirementsOf[o.site] {
                    let kind = p.requirements[req].kind
                    guard kind.role == person.role else { continue }
                    switch kind {
                    case .schoolFTE: covered[req] += pl.share
                    case .schoolFullTime: if person.employment == .full { covered[req] += 1 }
                    case .centreResearcher(let g): if o.stage == g { covered[req] += 1 }
                    default: covered[req] += 1
                    }
                }
                siteOf[o.person] = siteOf[o.person] ?? o.site
                if p.currentSite[o.person] == o.site { keeps[o.person] = true }
                placedAt[o.site, default: []].append(o.person)
                travel += o.minutes
                placements.append(Placement(personID: person.id, role: person.role, siteID: site.id, street: site.street, stage: o.stage,
                                            fte: pl.share, minutes: o.minutes, currentSite: p.currentSite[o.person].map { data.sites[$0].id }))
            }
        }
        self.placements = placements.sorted { ($0.personID, $0.siteID, $0.stage?.rawValue ?? "") < ($1.personID, $1.siteID, $1.stage?.rawValue ?? "") }
        var hires = [Hire](), hireCount = 0
        for r in results {
            for h in r.hires {
                let slot = p.hireSlots[h.slot], site = data.sites[slot.site]
                for req in slot.requirements { covered[req] += Double(h.count) }
                hireCount += h.count
                hires.append(Hire(siteID: site.id, street: site.street, role: slot.role, count: h.count,
                                  cost: Double(h.count) * policy.cost(slot.role), covers: slot.requirements.map { p.requirements[$0].kind.name }))
            }
        }
        self.hires = hires.sorted { ($0.siteID, $0.role, $0.covers.joined()) < ($1.siteID, $1.role, $1.covers.joined()) }
        let cost = hires.reduce(0) { $0 + $1.cost }

        // Unmet requirements, from what the plan covers, with what would meet them.
        var unmet = [Unmet](), fixes = [String]()
        let diagnosis = StaffingDiagnosis(problem: p, placedAt: placedAt, siteOf: siteOf, covered: covered, budgetLeft: policy.budget - cost)
        for (r, req) in p.requirements.enumerated() {
            let short = Self.round(max(0, req.target - covered[r]))
            guard short > 1e-6 else { continue }
            let site = data.sites[req.site]
            let fix = diagnosis.fix(r, shortfall: short)
            unmet.append(Unmet(siteID: site.id, street: site.street, requirement: req.kind.name, required: req.target, shortfall: short, detail: fix))
            fixes.append(fix)
        }
        self.unmet = unmet.sorted { ($0.siteID, $0.requirement) < ($1.siteID, $1.requirement) }
        requirementsByStreet = Dictionary(grouping: p.requirements, by: { data.sites[$0.site].street }).mapValues(\.count)
        self.fixes = unmet.map(\.detail)

        let withCurrent = data.staff.indices.filter { p.currentSite[$0] != nil }
        changes = data.previous.isEmpty ? nil : PlanChanges(
            previous: data.previous,
            current: Dictionary(uniqueKeysWithValues: data.staff.indices.map { k in
                (data.staff[k].id, (keeps[k] ? p.currentSite[k] : siteOf[k]).map { data.sites[$0].id })
            }),
            groups: Dictionary(uniqueKeysWithValues: data.staff.map { ($0.id, $0.street) }), partners: Set(data.sites.map(\.id))) { person, site in
                guard let k = data.staff.firstIndex(where: { $0.id == person }), let s = p.siteIndex[site] else { return false }
                return p.optionsOf[k].contains { p.options[$0].site == s }
            }
        let placedCount = siteOf.filter { $0 != nil }.count
        let eligible = data.staff.indices.filter { !p.optionsOf[$0].isEmpty }
        kpis = KPIs(
            requirements: p.requirements.count, requirementsMet: p.requirements.count - unmet.count,
            requirementsMetShare: p.requirements.isEmpty ? 1 : Self.round(Double(p.requirements.count - unmet.count) / Double(p.requirements.count)),
            shortfall: Self.round(unmet.reduce(0) { $0 + $1.shortfall }), hires: hireCount, cost: cost, budget: policy.budget,
            moves: withCurrent.filter { !keeps[$0] }.count, placed: placedCount,
            unplaced: eligible.filter { siteOf[$0] == nil }.count, unvetted: data.staff.filter { !$0.vetted }.count,
            travelMinutes: travel)
    }

    static func round(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}


extension StaffingPlan: PlanOutcome {
    public static let name = "staffing"
    public var title: String { "Staffing" }

    public var figures: [Figure] {
        let k = kpis
        return [
            Figure("requirements", "requirements", k.requirements, .count, .neutral),
            Figure("requirements_met", "requirements met", k.requirementsMet, .count, .higherIsBetter),
            Figure("requirements_met_share", "requirements met share", k.requirementsMetShare, .share, .higherIsBetter),
            Figure("shortfall", "shortfall (FTE at schools, people elsewhere)", k.shortfall, .units, .lowerIsBetter),
            Figure("hires", "hires", k.hires, .count, .neutral),
            Figure("cost", "cost of hires", k.cost, .money, .lowerIsBetter),
            Figure("budget", "budget", k.budget, .money, .neutral),
            Figure("moves", "people moved", k.moves, .count, .lowerIsBetter),
            Figure("placed", "people placed", k.placed, .count, .higherIsBetter),
            Figure("unplaced", "people not placed", k.unplaced, .count, .lowerIsBetter),
            Figure("unvetted", "unvetted", k.unvetted, .count, .neutral),
            Figure("travel_minutes", "travel minutes", k.travelMinutes, .minutes, .lowerIsBetter),
        ] + (changes?.figures(partner: "site") ?? [])
    }

    public var shortfalls: [Shortfall] {
        unmet.map { Shortfall(subject: $0.siteID, rule: $0.requirement, detail: $0.detail) }
    }
}
