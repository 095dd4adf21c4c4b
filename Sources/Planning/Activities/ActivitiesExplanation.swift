import CareModel

/// A child's contacts and visits and who makes them; a site's year.
extension ActivitiesProblem {
    /// An activities plan as written (calendar.csv, visits.csv, unmet.csv), read back.
    public struct WrittenPlan: Sendable {
        public struct Entry: Sendable {
            public var date: String, start: String, siteID: String, kind: String, theme: String, leadID: String, venueID: String, grade: String
            public init(date: String, start: String, siteID: String, kind: String, theme: String, leadID: String, venueID: String, grade: String) {
                (self.date, self.start, self.siteID, self.kind, self.theme) = (date, start, siteID, kind, theme)
                (self.leadID, self.venueID, self.grade) = (leadID, venueID, grade)
            }
        }

        public var entries: [Entry] = []
        /// Student id to their contacts and visits: date, director, kind.
        public var visits: [String: [(date: String, directorID: String, kind: String)]] = [:]
        /// Subject (a site or a student) to what was not met: rule, period, detail.
        public var unmet: [String: [(rule: String, period: String, detail: String)]] = [:]
        public init() {}
    }

    /// The explanation for student `id`: their community's director, their contacts and home
    /// visits month by month, what was not met. nil when the student is not in students.csv.
    /// Only with `sensitive`: that a student has contacts at all says they are a child in
    /// difficulty (and how often, their risk level), so without it every student gets the same line.
    public func explain(student id: String, plan: WrittenPlan, sensitive: Bool) -> Explanation? {
        guard let s = students.firstIndex(where: { $0.id == id }) else { return nil }
        let student = students[s]
        guard sensitive else {
            return Explanation(title: "Activities for student \(id)",
                               details: ["child directors' contacts and home visits concern children in difficulty: --sensitive lists this student's, if any"])
        }
        guard student.isInDifficulty else {
            return Explanation(title: "Student \(id)", details: ["no child-director contacts or home visits are planned for this student"])
        }
        let community = communities.first { $0.id == student.communityID }
        let director = community?.director.map { data.directors[$0] }
        var out = Explanation(title: "Student \(id) (community \(student.communityID); child director \(director?.id ?? "none"))")
        out.details.append(isAbnormal(s)
            ? "risk level \(student.riskLevel) (abnormal psychology or behaviour): contacted at least every 14 days and visited at home every month"
            : "contacted at least every month and visited at home every two months")
        let mine = plan.visits[id] ?? []
        let contacts = mine.filter { $0.kind == "contact" }.count, visits = mine.count - contacts
        out.details.append("\(contacts) contact\(contacts == 1 ? "" : "s") and \(visits) home visit\(visits == 1 ? "" : "s") by \(Set(mine.map(\.directorID)).sorted().joined(separator: ", ").ifEmpty("nobody"))")
        for m in 0..<horizon.months {
            let month = String(horizon.firstDay(ofMonth: m).description.prefix(7))
            let these = mine.filter { $0.date.hasPrefix(month) }
            out.details.append("\(month): " + (these.isEmpty ? "none" : these.map { "\($0.kind == "contact" ? "contact" : "home visit") \($0.date)" }.joined(separator: ", ")))
        }
        for u in plan.unmet[id] ?? [] { out.details.append("not met: \(u.rule) (\(u.period)): \(u.detail)") }
        return out
    }

    /// The explanation for site `id` (a station or a school): its year month by month, its leads
    /// and what was not met. nil when it is not a station or school of sites.csv.
    public func explain(site id: String, plan: WrittenPlan) -> Explanation? {
        guard let s = siteIndex[id], sites[s].kind != .centre else { return nil }
        let site = sites[s]
        var out = Explanation(title: "\(site.kind == .station ? "Station" : "School") \(id) (street \(site.street))")
        let mine = plan.entries.filter { $0.siteID == id }
        if site.kind == .station, let st = stations.first(where: { $0.site == s }) {
            let leads = st.leads.keys.sorted { $0.rawValue < $1.rawValue }.map { role in
                "\(role.words)s: " + (st.leads[role]!.map { staff[$0].id }.joined(separator: ", ").ifEmpty("none"))
            }
            out.details.append("may lead its activities: " + leads.joined(separator: "; "))
            out.details.append("venues: " + st.venues.map { "\(data.venues[$0].id) (\(data.venues[$0].capacity) seats)" }.joined(separator: ", ").ifEmpty("none large enough"))
        } else if let school = schools.first(where: { $0.site == s }) {
            out.details.append("grades \(school.grades.map(String.init).joined(separator: ", ")); psychology teachers: "
                               + school.teachers.map { staff[$0].id }.joined(separator: ", ").ifEmpty("none vetted working there"))
        }
        for m in 0..<horizon.months {
            let month = String(horizon.firstDay(ofMonth: m).description.prefix(7))
            let these = mine.filter { $0.date.hasPrefix(month) }
            guard !these.isEmpty else { out.details.append("\(month): nothing"); continue }
            out.details.append("\(month): " + these.map { e in
                let what = e.kind == "activity" ? e.theme : e.kind.replacingOccurrences(of: "_", with: " ") + (e.grade.isEmpty ? "" : " grade \(e.grade)")
                let who = [e.leadID, e.venueID].filter { !$0.isEmpty }.joined(separator: " at ")
                return "\(e.date.suffix(5)) \(what)" + (who.isEmpty ? "" : " (\(who))")
            }.joined(separator: ", "))
        }
        for u in plan.unmet[id] ?? [] { out.details.append("not met: \(u.rule) (\(u.period)): \(u.detail)") }
        return out
    }
}

extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
