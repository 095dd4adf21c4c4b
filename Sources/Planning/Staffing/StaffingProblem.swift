import CareModel
import Foundation

/// The staffing plan, validated and prepared: each site's requirements, each person's possible
/// placements (options), the hires that could be made, split into independent components.
///
/// Hard rules decide the options (a placement that breaks one is never an option): the person
/// is vetted; their role serves the site's kind (psychology teachers at schools, counsellors and
/// legal workers at stations, researchers at the centre); their stages overlap the site's (an
/// empty list means every stage); the site's street is within `maxTravelMinutes` of the person's
/// street (the same street is 0 minutes; without travel.csv only the same street); a counsellor
/// can give a station at least `stationMinFTE`, a part-timer at least `minShare`. At the centre a
/// researcher's option is a (centre, stage) slot: they serve one stage there.
public struct StaffingProblem: Sendable {
    public let data: StaffingData
    public let policy: StaffingPolicy

    public enum RequirementKind: Sendable, Hashable {
        /// Psychology-teacher FTE at a school.
        case schoolFTE
        /// Full-time psychology teachers placed whole at a school.
        case schoolFullTime
        case stationCounsellor
        case stationLegal
        case centreResearcher(Stage)

        /// The name used in unmet.csv and hires.csv.
        public var name: String {
            switch self {
            case .schoolFTE: "psych_teacher_fte"
            case .schoolFullTime: "psych_teacher_full_time"
            case .stationCounsellor: "counsellor"
            case .stationLegal: "legal"
            case .centreResearcher(let g): "researcher_\(g.rawValue)"
            }
        }

        public var role: StaffMember.Role {
            switch self {
            case .schoolFTE, .schoolFullTime: .psychTeacher
            case .stationCounsellor: .counsellor
            case .stationLegal: .legal
            case .centreResearcher: .researcher
            }
        }
    }

    /// One requirement of one site: `target` units (FTE for `schoolFTE`, people otherwise).
    public struct Requirement: Sendable {
        public let site: Int
        public let kind: RequirementKind
        public let target: Double
        public let weight: Double
    }

    /// A possible placement of a person at a site (for the centre: at one of its stages).
    public struct Option: Sendable {
        public let person: Int
        public let site: Int
        public let stage: Stage?
        public let minutes: Double
        /// FTE the placement carries at least (part-timers); full-timers carry 1.
        public let minShare: Double
    }

    /// Where hires can go: one full-time person of `role` at `site` (for the centre, for one
    /// stage), counting toward `requirements`.
    public struct HireSlot: Sendable {
        public let site: Int
        public let role: StaffMember.Role
        public let stage: Stage?
        public let requirements: [Int]
        /// More would meet nothing more.
        public let upper: Int
    }

    public struct Component: Sendable {
        public let people: [Int]
        public let sites: [Int]
    }

    public let requirements: [Requirement]
    /// Requirements of each site.
    public let requirementsOf: [[Int]]
    public let options: [Option]
    /// Options of each person, in site order.
    public let optionsOf: [[Int]]
    /// Options at each site.
    public let optionsAt: [[Int]]
    public let hireSlots: [HireSlot]
    public let hireSlotsAt: [[Int]]
    public let siteIndex: [String: Int]
    /// Index of each person's current site, if any.
    public let currentSite: [Int?]
    public let components: [Component]

    public init(data: StaffingData, policy: StaffingPolicy) throws {
        self.data = data
        var policy = policy
        if !data.previous.isEmpty {
            // Re-planning: a move away from the earlier plan's site costs more than all travel could.
            let travel = policy.weights.travel * policy.maxTravelMinutes * Double(policy.maxSitesPerPerson * max(data.staff.count, 1))
            policy.weights.move = max(policy.weights.move, (travel + 1).rounded(.up))
        }
        self.policy = policy
        let sites = data.sites, staff = data.staff
        let siteIndex = Dictionary(uniqueKeysWithValues: sites.enumerated().map { ($1.id, $0) })
        self.siteIndex = siteIndex
        currentSite = staff.map { (data.previous.isEmpty ? $0.currentSite : data.previous[$0.id]).flatMap { siteIndex[$0] } }

        // Requirements, site by site.
        var requirements = [Requirement](), requirementsOf = [[Int]](repeating: [], count: sites.count)
        var hireSlots = [HireSlot](), hireSlotsAt = [[Int]](repeating: [], count: sites.count)
        func add(_ s: Int, _ kind: RequirementKind, _ target: Double) -> Int? {
            guard target > 0 else { return nil }
            requirementsOf[s].append(requirements.count)
            requirements.append(Requirement(site: s, kind: kind, target: target, weight: policy.weights.unmet(sites[s].kind)))
            return requirements.count - 1
        }
        func slot(_ s: Int, _ role: StaffMember.Role, _ stage: Stage?, _ reqs: [Int?]) {
            let list = reqs.compactMap { $0 }
            guard !list.isEmpty else { return }
            let upper = Int(list.map { requirements[$0].target }.max()!.rounded(.up))
            hireSlotsAt[s].append(hireSlots.count)
            hireSlots.append(HireSlot(site: s, role: role, stage: stage, requirements: list, upper: upper))
        }
        for (s, site) in sites.enumerated() {
            switch site.kind {
            case .school:
                let fte = Double(Self.schoolRequirement(site, policy))
                slot(s, .psychTeacher, nil, [add(s, .schoolFTE, fte), add(s, .schoolFullTime, Double(min(policy.schoolMinFullTime, Int(fte))))])
            case .station:
                slot(s, .counsellor, nil, [add(s, .stationCounsellor, Double(policy.stationCounsellors))])
                slot(s, .legal, nil, [add(s, .stationLegal, Double(policy.stationLegal))])
            case .centre:
                for g in site.stages.sorted() {
                    slot(s, .researcher, g, [add(s, .centreResearcher(g), Double(policy.centreResearchersPerStage))])
                }
            }
        }
        self.requirements = requirements
        self.requirementsOf = requirementsOf
        self.hireSlots = hireSlots
        self.hireSlotsAt = hireSlotsAt

        // Options: sites grouped by kind and street, so each person looks only at what they may reach.
        var sitesByKindStreet = [String: [Int]]()
        for (s, site) in sites.enumerated() { sitesByKindStreet[site.kind.rawValue + "\u{1F}" + site.street, default: []].append(s) }
        let streets = Array(Set(sites.map(\.street))).sorted()
        var options = [Option](), optionsOf = [[Int]](repeating: [], count: staff.count)
        var optionsAt = [[Int]](repeating: [], count: sites.count)
        for (p, person) in staff.enumerated() where person.vetted {
            let kind = person.role.siteKind
            let minShare = person.employment == .full ? 1.0
                : (person.role == .counsellor ? max(policy.minShare, policy.stationMinFTE) : policy.minShare)
            if person.maxFTE < minShare - 1e-9 { continue }
            var reachable = [Int]()
            for street in streets {
                guard let m = data.minutes(from: person.street, to: street), m <= policy.maxTravelMinutes else { continue }
                reachable += sitesByKindStreet[kind.rawValue + "\u{1F}" + street] ?? []
            }
            for s in reachable.sorted() {
                let site = sites[s]
                let minutes = data.minutes(from: person.street, to: site.street)!
                let common = person.stages.isEmpty ? site.stages : site.stages.isEmpty ? person.stages : site.stages.intersection(person.stages)
                if !person.stages.isEmpty && !site.stages.isEmpty && common.isEmpty { continue }
                let stages: [Stage?] = kind == .centre ? common.sorted().map { $0 } : [nil]
                for g in stages {
                    optionsOf[p].append(options.count)
                    optionsAt[s].append(options.count)
                    options.append(Option(person: p, site: s, stage: g, minutes: minutes, minShare: minShare))
                }
            }
        }
        self.options = options
        self.optionsOf = optionsOf
        self.optionsAt = optionsAt

        // Components: people and sites joined by options (a site alone is its own component).
        // Components with something to decide: a site with a requirement, or a person with an option.
        components = bipartiteComponents(left: staff.count, right: sites.count) { optionsOf[$0].map { options[$0].site } }
            .filter { comp in comp.right.contains { !requirementsOf[$0].isEmpty } || comp.left.contains { !optionsOf[$0].isEmpty } }
            .map { Component(people: $0.left, sites: $0.right) }
    }

    /// Psychology-teacher FTE a school needs.
    public static func schoolRequirement(_ site: Site, _ policy: StaffingPolicy) -> Int {
        policy.schoolMinFullTime + (site.students >= policy.largeSchoolStudents ? policy.largeSchoolExtra : 0)
            + policy.perExtraCampus * max(0, site.campuses - 1) + policy.perExtraStage * max(0, site.stages.count - 1)
    }
}
