import CareModel
import Foundation

/// The frequencies the activities plan meets, as unmet.csv names them. The rules of a child's
/// contacts that apply only to a child showing abnormal psychology or behaviour (contact every
/// 14 days, a home visit every month) reveal it: without `--sensitive` they are named as the
/// rules every child in difficulty has (`contact`, `home_visit`).
public enum ActivitiesRule: String, Sendable, Hashable, CaseIterable {
    case monthlyActivity = "monthly_activity"
    case themePerYear = "theme_per_year"
    case classMeeting = "class_meeting"
    case lifeEducationEvent = "life_education_event"
    case fortnightlyClass = "fortnightly_class"
    case monthlyContact = "monthly_contact"
    case fortnightlyContact = "contact_every_14_days"
    case homeVisit = "home_visit_every_2_months"
    case monthlyVisit = "monthly_home_visit"
    case sitting = "monthly_sitting"

    /// The name every output uses unless the user asks with `--sensitive`.
    public var neutral: String {
        switch self {
        case .monthlyContact, .fortnightlyContact: "contact"
        case .homeVisit, .monthlyVisit: "home_visit"
        default: rawValue
        }
    }

    /// Whether the rule applies only to children of a sensitive kind.
    public var isSensitive: Bool { self == .fortnightlyContact || self == .monthlyVisit }

    /// The part of the plan the rule belongs to (stations, schools, communities, doctors).
    public var part: String {
        switch self {
        case .monthlyActivity, .themePerYear: "stations"
        case .classMeeting, .lifeEducationEvent, .fortnightlyClass: "schools"
        case .monthlyContact, .fortnightlyContact, .homeVisit, .monthlyVisit: "communities"
        case .sitting: "doctors"
        }
    }
}

/// Says why a frequency was not met and what would meet it, in the planner's words.
struct ActivitiesDiagnosis {
    let problem: ActivitiesProblem

    /// A station short of activities in a month.
    func stationMonth(_ s: Int, month m: Int, short: Int) -> String {
        let p = problem, st = p.stations[s], site = p.sites[st.site]
        let month = p.horizon.firstDay(ofMonth: m).monthAndYear
        let roles = Set(p.data.themes.map(\.leadRole)).sorted { $0.rawValue < $1.rawValue }
        if roles.allSatisfy({ (st.leads[$0] ?? []).isEmpty }) {
            return "station \(site.id) has no vetted \(roles.map(\.words).joined(separator: " or ")) to lead its activities: add one\(share(s, roles: roles))"
        }
        if st.venues.isEmpty {
            return "station \(site.id) has no venue for \(p.policy.audience) people: add one to venues.csv (its own room or a school room of street \(site.street))"
        }
        return "station \(site.id) is \(short) activit\(short == 1 ? "y" : "ies") short in \(month): no weekend day that month has a lead free and a venue open (blackouts, availability); free a lead for a weekend\(share(s, roles: roles))"
    }

    /// A station short of a theme's activities in a year.
    func stationTheme(_ s: Int, theme t: Int, year k: Int, short: Int) -> String {
        let p = problem, st = p.stations[s], site = p.sites[st.site], theme = p.data.themes[t]
        if (st.leads[theme.leadRole] ?? []).isEmpty {
            return "station \(site.id) has no \(theme.leadRole.words) for its \(theme.id) activity: add one\(share(s, roles: [theme.leadRole]))"
        }
        let first = p.horizon.firstDay(ofMonth: p.years[k].lowerBound)
        return "station \(site.id) holds \(short) \(theme.id) activit\(short == 1 ? "y" : "ies") too few in the year from \(first): its \(theme.leadRole.words)s are not free on enough weekends; free one or share a neighbouring station's"
    }

    /// " or share STN04's": the nearest station (by order) with a vetted lead of each role.
    private func share(_ s: Int, roles: [StaffMember.Role]) -> String {
        let p = problem
        let others = p.stations.indices.filter { $0 != s }.sorted { abs($0 - s) < abs($1 - s) || (abs($0 - s) == abs($1 - s) && $0 < $1) }
        guard let other = others.first(where: { o in roles.allSatisfy { !(p.stations[o].leads[$0] ?? []).isEmpty } }) else { return "" }
        return " or share \(p.sites[p.stations[other].site].id)'s"
    }

    /// A school's semester without enough days (or without a teacher) for its items.
    func school(_ school: ActivitiesProblem.School, part: Int, rule: ActivitiesRule, count: Int) -> String {
        let p = problem, site = p.sites[school.site], sem = school.semesters[part]
        if rule != .classMeeting && school.teachers.isEmpty {
            return "school \(site.id) has no vetted psychology teacher working there to lead its events and classes: place one there (the staffing plan) or set current_site in staff.csv"
        }
        return "school \(site.id) has too few school days in its \(sem.name) semester for \(count) more \(rule == .classMeeting ? "class meeting" : rule == .lifeEducationEvent ? "event" : "class")\(count == 1 ? "" : "s") (at most \(p.policy.eventsPerDay) a day): raise events_per_day or shorten its blackouts"
    }

    /// A school without a doctor's sitting in a month.
    func sitting(_ school: ActivitiesProblem.School, month m: Int) -> String {
        let p = problem, site = p.sites[school.site]
        let weekdays = Set(school.daysByMonth[m].map(\.weekday)).sorted()
        return "school \(site.id) has no doctor's sitting in \(p.horizon.firstDay(ofMonth: m).monthAndYear): no doctor of the pool is free on its school days (\(weekdays.map { CalendarDate.weekdayNames[$0 - 1] }.joined(separator: ", "))) that month; add a doctor or raise max_per_month"
    }

    /// A community without a (vetted) director.
    func noDirector(_ c: ActivitiesProblem.Community) -> String {
        let p = problem
        if let d = c.director {
            return "community \(c.id)'s child director \(p.data.directors[d].id) is not vetted, and nobody unvetted sees children: complete the check or appoint another (\(c.children.count) child\(c.children.count == 1 ? "" : "ren") to contact)"
        }
        return "community \(c.id) has no child director: appoint one in directors.csv (\(c.children.count) child\(c.children.count == 1 ? "" : "ren") to contact)"
    }

    /// A community whose director's hours fall short: per month, the hours a week the unmet
    /// contacts and visits would take ("community K12 needs 6 more director hours a week in March 2027").
    func hours(_ c: ActivitiesProblem.Community, unmet: [(rule: ActivitiesRule, from: CalendarDate)]) -> [String] {
        let p = problem, director = p.data.directors[c.director!]
        var minutes = [Int: Int]()
        for u in unmet {
            let visit = u.rule == .homeVisit || u.rule == .monthlyVisit
            minutes[p.horizon.month(of: u.from) ?? 0, default: 0] += ActivitiesFormulation.minutes(p.policy, visit: visit)
        }
        return minutes.keys.sorted().map { m in
            let first = p.horizon.firstDay(ofMonth: m), days = p.horizon.firstDay(ofMonth: m + 1).dayNumber - first.dayNumber
            let perWeek = Double(minutes[m]!) / 60 / (Double(days) / 7)
            let hours = max(1, Int(perWeek.rounded(.up)))
            return "community \(c.id) needs \(hours) more director hour\(hours == 1 ? "" : "s") a week in \(first.monthAndYear) (director \(director.id) gives \(CSVWriter.number(director.weeklyHours)), or is not free on enough days)"
        }
    }
}
