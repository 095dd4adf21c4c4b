import CareModel
import Foundation
import Planning

extension DistrictGenerator {
    /// The activities plan's tables for the district, over `horizon`: the district's themes; a
    /// room at every station (40 to 80 seats) and a hall at a third of the schools (100 to 400);
    /// each school's exam weeks and public holidays as blackouts; a child director for every
    /// community with children in difficulty, with 1.6 to 2.4 times the hours a week its children
    /// need (a twentieth unvetted); a doctor for every four schools (two weekdays each, 4 to 8
    /// sittings a month); a week of leave for a tenth of the directors and a few of the leads.
    public func activities(for data: MentorData, staffing: StaffingData, horizon: ActivitiesHorizon) -> ActivitiesData {
        var rng = SeededRandom(seed: seed ^ 0xAC71_F17E_AC71_F17E)
        var venues = [Venue]()
        let schools = staffing.sites.filter { $0.kind == .school }
        for site in staffing.sites where site.kind == .station {
            venues.append(Venue(id: "V-\(site.id)", siteID: site.id, capacity: 40 + 10 * rng.int(0...4)))
        }
        for site in schools where rng.chance(1.0 / 3) {
            venues.append(Venue(id: "V-\(site.id)", siteID: site.id, capacity: 100 + 50 * rng.int(0...6)))
        }

        // Each school's exams and the public holidays, in every year the horizon meets.
        var blackouts = [Blackout]()
        let first = horizon.start.components.year - 1, last = horizon.end.components.year
        for site in schools {
            for year in first...last {
                func add(_ m1: Int, _ d1: Int, _ y2: Int, _ m2: Int, _ d2: Int, _ reason: String) {
                    let from = CalendarDate(year: year, month: m1, day: d1)!, to = CalendarDate(year: y2, month: m2, day: d2)!
                    guard from <= horizon.end && to >= horizon.start else { return }
                    blackouts.append(Blackout(siteID: site.id, from: from, to: to, reason: reason))
                }
                let shift = rng.int(0...2)  // schools set their exam weeks a little apart
                add(4, 5 + shift, year, 4, 9 + shift, "mid-term exams")
                add(5, 1, year, 5, 5, "Labour Day")
                add(6, 21 + shift, year, 7, 2 + shift, "final exams")
                add(10, 1, year, 10, 7, "National Day")
                add(11, 8 + shift, year, 11, 12 + shift, "mid-term exams")
                add(1, 10 + shift, year, 1, 20, "final exams")
            }
        }

        // Directors: hours from what their children need (minutes a week at the policy's durations).
        let policy = ActivitiesPolicy()
        let contact = Double(policy.contactMinutes + policy.travelMinutes), visit = Double(policy.visitMinutes + policy.travelMinutes)
        let children = Dictionary(grouping: data.students.filter(\.isInDifficulty), by: \.communityID)
        var directors = [Director]()
        for (k, community) in children.keys.sorted().enumerated() {
            let need = children[community]!.reduce(0.0) { sum, s in
                sum + (s.riskLevel >= policy.abnormalLevel ? (visit * 12 + contact * 14) / 52 : (visit * 6 + contact * 6) / 52)
            }
            let hours = max(4, ((need / 60) * (1.6 + 0.8 * rng.unit()) * 2).rounded(.up) / 2)
            directors.append(Director(id: String(format: "D%04d", k + 1), communityID: community, weeklyHours: hours, vetted: !rng.chance(0.05)))
        }

        var doctors = [Doctor]()
        for k in 0..<max(1, (schools.count + 3) / 4) {
            let a = rng.int(1...5)
            var b = rng.int(1...5)
            if b == a { b = a % 5 + 1 }
            doctors.append(Doctor(id: String(format: "DR%03d", k + 1), weekdays: [a, b], maxPerMonth: 4 + rng.int(0...4)))
        }

        // A week of leave for a tenth of the directors and of the station leads.
        var availability = [String: [CalendarDate: Bool]]()
        let leads = staffing.staff.filter { $0.role == .legal || $0.role == .counsellor }.map(\.id)
        for id in directors.map(\.id) + leads where rng.chance(0.1) {
            let monday = horizon.start.adding(days: 7 * rng.int(0...max(0, horizon.days / 7 - 1)) + (8 - horizon.start.weekday) % 7)
            for d in 0..<7 where horizon.contains(monday.adding(days: d)) { availability[id, default: [:]][monday.adding(days: d)] = false }
        }
        return ActivitiesData(horizon: horizon, themes: Theme.defaults, venues: venues, blackouts: blackouts, availability: availability,
                              directors: directors, doctors: doctors)
    }
}

extension ActivitiesData {
    /// The tables as CSV files (`careplan generate`).
    public func csvFiles() -> [(name: String, text: String)] {
        var t = CSVWriter(header: ["theme", "lead_role", "min_per_year", "window_from", "window_to", "weight"])
        for theme in themes {
            t.append([theme.id, theme.leadRole.rawValue, String(theme.minPerYear), theme.windows.map { $0.lowerBound.description }.joined(separator: ";"),
                      theme.windows.map { $0.upperBound.description }.joined(separator: ";"), CSVWriter.number(theme.weight)])
        }
        var v = CSVWriter(header: ["venue_id", "site_id", "capacity"])
        for x in venues { v.append([x.id, x.siteID, String(x.capacity)]) }
        var b = CSVWriter(header: ["site_id", "from", "to", "reason"])
        for x in blackouts { b.append([x.siteID, x.from.description, x.to.description, x.reason]) }
        var a = CSVWriter(header: ["person_id", "date", "available"])
        for person in availability.keys.sorted() {
            for day in availability[person]!.keys.sorted() { a.append([person, day.description, availability[person]![day]! ? "yes" : "no"]) }
        }
        var d = CSVWriter(header: ["person_id", "community_id", "weekly_hours", "vetted"])
        for x in directors { d.append([x.id, x.communityID, CSVWriter.number(x.weeklyHours), x.vetted ? "yes" : "no"]) }
        var o = CSVWriter(header: ["person_id", "available", "max_per_month"])
        for x in doctors {
            o.append([x.id, x.weekdays.sorted().map { CalendarDate.weekdayNames[$0 - 1].prefix(3).lowercased() }.joined(separator: ";"),
                      x.maxPerMonth.map(String.init) ?? ""])
        }
        return [("themes.csv", t.text), ("venues.csv", v.text), ("blackout.csv", b.text), ("availability.csv", a.text),
                ("directors.csv", d.text), ("doctors.csv", o.text)]
    }
}
