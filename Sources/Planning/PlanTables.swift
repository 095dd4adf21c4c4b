/// Per-school and per-street figures of the plans, for the terminal and the `schools.csv` /
/// `streets.csv` files (one computation for both).

extension MentorPlan {
    public struct SchoolRow: Sendable, Equatable {
        public let schoolID: String
        public var assigned = 0, unmet = 0, mentors = 0, load = 0, maxLoad = 0
        public var meanLoad: Double { mentors == 0 ? 0 : Double(load) / Double(mentors) }
    }

    /// One row per school, most students without a mentor first, then by school.
    public var schoolRows: [SchoolRow] {
        var rows = [String: SchoolRow]()
        func row(_ id: String) -> SchoolRow { rows[id] ?? SchoolRow(schoolID: id) }
        for a in assignments { rows[a.schoolID] = { var r = row(a.schoolID); r.assigned += 1; return r }() }
        for u in unmet { rows[u.schoolID] = { var r = row(u.schoolID); r.unmet += 1; return r }() }
        for l in loads where l.capacity > 0 {
            var r = row(l.schoolID)
            r.mentors += 1
            r.load += l.load
            r.maxLoad = max(r.maxLoad, l.load)
            rows[l.schoolID] = r
        }
        return rows.values.sorted { ($0.unmet, $1.schoolID) > ($1.unmet, $0.schoolID) }
    }
}

extension BuddyPlan {
    public struct SchoolRow: Sendable, Equatable {
        public let schoolID: String
        public var matched = 0, unmatched = 0
    }

    /// One row per school, most children without a buddy first, then by school.
    public var schoolRows: [SchoolRow] {
        var rows = [String: SchoolRow]()
        for p in pairs { rows[p.schoolID, default: SchoolRow(schoolID: p.schoolID)].matched += 1 }
        for u in unmatched { rows[u.schoolID, default: SchoolRow(schoolID: u.schoolID)].unmatched += 1 }
        return rows.values.sorted { ($0.unmatched, $1.schoolID) > ($1.unmatched, $0.schoolID) }
    }

    public struct GradeRow: Sendable, Equatable {
        public let grade: Int
        public var matched = 0, unmatched = 0
    }

    /// One row per grade of the children asking, lowest grade first.
    public var gradeRows: [GradeRow] {
        var rows = [Int: GradeRow]()
        for p in pairs { rows[p.grade, default: GradeRow(grade: p.grade)].matched += 1 }
        for u in unmatched { rows[u.grade, default: GradeRow(grade: u.grade)].unmatched += 1 }
        return rows.values.sorted { $0.grade < $1.grade }
    }
}

extension StaffingPlan {
    public struct StreetRow: Sendable, Equatable {
        public let street: String
        /// Placements at the street's sites (a part-timer at two sites counts at each).
        public var placements = 0
        /// People with at least one placement at the street's sites.
        public var people = 0
        public var hires = 0
        /// Requirements of the street's sites, and those not met.
        public var requirements = 0
        public var unmet = 0
    }

    /// One row per street, most unmet requirements first, then by street.
    public var streetRows: [StreetRow] {
        var rows = [String: StreetRow](), people = [String: Set<String>]()
        for p in placements {
            rows[p.street, default: StreetRow(street: p.street)].placements += 1
            people[p.street, default: []].insert(p.personID)
        }
        for (street, ids) in people { rows[street]!.people = ids.count }
        for h in hires { rows[h.street, default: StreetRow(street: h.street)].hires += h.count }
        for u in unmet { rows[u.street, default: StreetRow(street: u.street)].unmet += 1 }
        for (street, n) in requirementsByStreet { rows[street, default: StreetRow(street: street)].requirements = n }
        return rows.values.sorted { ($0.unmet, $1.street) > ($1.unmet, $0.street) }
    }
}
