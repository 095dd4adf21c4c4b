import CareModel

/// Why a person works where they do (or nowhere), and how a site's requirements stand.
extension StaffingProblem {
    /// A staffing plan as written (placements.csv, hires.csv, unmet.csv), read back.
    public struct WrittenPlan: Sendable {
        public struct Placement: Sendable {
            public var personID, siteID: String
            public var fte, minutes: Double
            public init(personID: String, siteID: String, fte: Double, minutes: Double) {
                (self.personID, self.siteID, self.fte, self.minutes) = (personID, siteID, fte, minutes)
            }
        }

        public var placements: [Placement] = []
        /// Site id to its hires in words ("1 psychology teacher (cost 200000)").
        public var hires: [String: [String]] = [:]
        /// Site id to its unmet requirements: name, shortfall and detail.
        public var unmet: [String: [(requirement: String, shortfall: Double, detail: String)]] = [:]
        public init() {}
    }

    /// The explanation for person `id`, or nil when they are not in staff.csv.
    public func explain(person id: String, plan: WrittenPlan) -> Explanation? {
        guard let p = data.staff.firstIndex(where: { $0.id == id }) else { return nil }
        let person = data.staff[p]
        let employment = person.employment == .full ? "full-time" : "part-time up to \(CSVWriter.number(person.maxFTE)) FTE"
        var out = Explanation(title: "Person \(id) (\(person.role.words), \(employment), street \(person.street)"
                              + (person.currentSite.map { "; now at \($0)" } ?? "") + ")")
        let placed = plan.placements.filter { $0.personID == id }
        for placement in placed {
            let site = siteIndex[placement.siteID].map { data.sites[$0] }
            let counts = site.map { s in requirementsOf[siteIndex[s.id]!].map { requirements[$0].kind }.filter { $0.role == person.role }.map(\.name) } ?? []
            out.details.append("placed at \(placement.siteID)\(site.map { " (\($0.kind.rawValue), street \($0.street))" } ?? ""): "
                               + "\(CSVWriter.number(placement.fte)) FTE, \(CSVWriter.number(placement.minutes)) travel minutes"
                               + (counts.isEmpty ? "" : "; counts toward \(counts.joined(separator: ", "))"))
        }
        if let current = person.currentSite {
            out.details.append(placed.contains { $0.siteID == current } ? "kept at \(current)" : "moved from \(current)")
        }
        let options = optionsOf[p].count
        if placed.isEmpty {
            if !person.vetted {
                out.details.append("not placed: has not passed vetting (nobody unvetted works with minors)")
            } else if options == 0 {
                out.details.append("not placed: no \(person.role.siteKind.rawValue) of their stages within \(CSVWriter.number(policy.maxTravelMinutes)) minutes of street \(person.street)")
            } else {
                out.details.append("not placed: every site they may serve is met without them (\(options) possible placement\(options == 1 ? "" : "s"))")
            }
        } else {
            out.details.append("\(options) possible placement\(options == 1 ? "" : "s") under the hard rules")
        }
        return out
    }

    /// The explanation for site `id`, or nil when it is not in sites.csv.
    public func explain(site id: String, plan: WrittenPlan) -> Explanation? {
        guard let s = siteIndex[id] else { return nil }
        let site = data.sites[s]
        var out = Explanation(title: "Site \(id) (\(site.kind.rawValue), street \(site.street))")
        let unmet = plan.unmet[id] ?? []
        for r in requirementsOf[s].map({ requirements[$0] }) {
            let target = r.kind == .schoolFTE ? "\(CSVWriter.number(r.target)) FTE" : "\(CSVWriter.number(r.target))"
            if let short = unmet.first(where: { $0.requirement == r.kind.name }) {
                out.details.append("\(r.kind.name): \(target) required, short by \(CSVWriter.number(short.shortfall)): \(short.detail)")
            } else {
                out.details.append("\(r.kind.name): \(target) required, met")
            }
        }
        let here = plan.placements.filter { $0.siteID == id }
        out.details.append(here.isEmpty ? "nobody placed here"
                           : "placed here: " + here.map { "\($0.personID) (\(CSVWriter.number($0.fte)) FTE)" }.joined(separator: ", "))
        for hire in plan.hires[id] ?? [] { out.details.append("hire: \(hire)") }
        let could = Set(optionsAt[s].map { options[$0].person }).count
        out.details.append("\(could) \(could == 1 ? "person" : "people") may serve here under the hard rules")
        return out
    }
}
