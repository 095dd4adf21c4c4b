import CareModel
import Foundation
import Planning
import Yams

extension Scenario {
    static let activitiesKeys = [
        "min_per_month", "activity_minutes", "audience", "class_minutes", "events_per_day", "contact_minutes", "visit_minutes",
        "travel_minutes", "sitting_minutes", "abnormal_level", "weights"]

    /// `policy.activities`: every key checked, with its line and column on error.
    static func activitiesPolicy(_ node: Node, _ r: YAMLReader) throws -> ActivitiesPolicy {
        let m = try r.mapping(node, at: "policy.activities", allowed: activitiesKeys)
        var p = ActivitiesPolicy()
        func int(_ key: String, _ range: ClosedRange<Int>, _ what: String) throws -> Int? {
            try m[key].map { try r.int($0, at: "policy.activities.\(key)", in: range, what: what) }
        }
        let minutes = "a number of minutes from 1 to 600"
        if let v = try int("min_per_month", 0...31, "a number of activities a month from 0 to 31") { p.minPerMonth = v }
        if let v = try int("activity_minutes", 1...600, minutes) { p.activityMinutes = v }
        if let v = try int("audience", 1...100_000, "a number of people from 1 to 100000") { p.audience = v }
        if let v = try int("class_minutes", 1...600, minutes) { p.classMinutes = v }
        if let v = try int("events_per_day", 1...8, "a number of class meetings and events a day from 1 to 8") { p.eventsPerDay = v }
        if let v = try int("contact_minutes", 1...600, minutes) { p.contactMinutes = v }
        if let v = try int("visit_minutes", 1...600, minutes) { p.visitMinutes = v }
        if let v = try int("travel_minutes", 0...600, "a number of minutes from 0 to 600") { p.travelMinutes = v }
        if let v = try int("sitting_minutes", 1...600, minutes) { p.sittingMinutes = v }
        if let v = try int("abnormal_level", 0...4, "a risk level from 0 to 4 (4: nobody)") { p.abnormalLevel = v }
        if let n = m["weights"] {
            try r.weights(n, at: "policy.activities.weights", most: 1000, into: &p.weights,
                          keys: ["window": \.window, "spread": \.spread, "balance": \.balance, "travel": \.travel])
        }
        return p
    }

    /// `activities: {start: 2027-02-01, months: 12}`.
    static func activitiesHorizon(_ node: Node, _ r: YAMLReader) throws -> ActivitiesHorizon {
        let a = try r.mapping(node, at: "activities", allowed: ["start", "months"])
        var start = defaultActivitiesHorizon.start, months = defaultActivitiesHorizon.months
        if let n = a["start"] {
            let text = try r.string(n, at: "activities.start")
            guard let date = CalendarDate(table: text) else { throw r.error(n, "activities.start \(CalendarDate.tableDateProblem(text))") }
            guard date.components.day == 1 else {
                throw r.error(n, "activities.start must be the first day of a month (the plan counts calendar months), found \(date)")
            }
            start = date
        }
        if let n = a["months"] { months = try r.int(n, at: "activities.months", in: 1...36, what: "a number of months from 1 to 36") }
        return ActivitiesHorizon(start: start, months: months)!
    }

    /// A school year from February: the spring and autumn semesters and the summer between.
    public static let defaultActivitiesHorizon = ActivitiesHorizon(start: CalendarDate(year: 2027, month: 2, day: 1)!, months: 12)!
}

/// The activities plan's files: the calendar, the directors' contacts and visits, what was not
/// met and what would meet it, and an iCalendar file per site and per person. Without
/// `sensitive`, unmet.csv names every child's rule as the rules all children in difficulty have;
/// `unmet.sensitive.csv` beside it names the rest.
public enum ActivitiesOutputs {
    public static func write(_ plan: ActivitiesPlan, to folder: some OutputSink, sensitive: Bool = false) throws {
        var calendar = CSVWriter(header: ["date", "start", "minutes", "site_id", "kind", "theme", "lead_id", "venue_id", "grade"])
        for e in plan.entries {
            calendar.append([e.date.description, CalendarDate.clock(e.start), String(e.minutes), e.siteID, e.kind.rawValue, e.theme, e.leadID, e.venueID,
                             e.grade.map(String.init) ?? ""])
        }
        try folder.write("activities/calendar.csv", calendar.text)
        var visits = CSVWriter(header: ["date", "director_id", "student_id", "kind"])
        for v in plan.visits { visits.append([v.date.description, v.directorID, v.studentID, v.kind.rawValue]) }
        try folder.write("activities/visits.csv", visits.text)
        func unmet(sensitive: Bool) -> String {
            var csv = CSVWriter(header: ["subject", "rule", "period", "detail"])
            for u in plan.unmet {
                csv.append([u.subject, sensitive ? u.rule.rawValue : u.neutralRule, sensitive ? u.sensitivePeriod : u.period, sensitive ? u.sensitiveDetail : u.detail])
            }
            return csv.text
        }
        try folder.write("activities/unmet.csv", unmet(sensitive: false))
        try folder.write("activities/fixes.csv", FixesFile.text(plan.fixes))
        if sensitive { try folder.write("activities/unmet.sensitive.csv", unmet(sensitive: true)) }
        for (name, text) in ICalendar.files(plan, horizon: plan.horizon) { try folder.write("activities/ics/\(name)", text) }
    }
}

extension ICalendar {
    /// An activities plan's calendars: `site-ID.ics` per station and school, `person-ID.ics` per
    /// lead, doctor and director (a director's events name each child by identifier only).
    static func files(_ plan: ActivitiesPlan, horizon: ActivitiesHorizon) -> [(name: String, text: String)] {
        var bySite = [String: [Event]](), byPerson = [String: [Event]]()
        for (k, e) in plan.entries.enumerated() {
            let what = e.kind == .sitting ? e.kind.words : "\(e.kind.words): \(e.theme)"
            let event = Event(uid: "\(e.date.compact)-\(e.siteID)-\(e.kind.rawValue)-\(k)", date: e.date, start: e.start, minutes: e.minutes,
                              summary: what + (e.leadID.isEmpty ? "" : " (\(e.leadID))"),
                              location: e.siteID + (e.venueID.isEmpty ? "" : " \(e.venueID)"), category: e.kind.rawValue)
            bySite[e.siteID, default: []].append(event)
            if !e.leadID.isEmpty { byPerson[e.leadID, default: []].append(event) }
        }
        for (k, v) in plan.visits.enumerated() {
            byPerson[v.directorID, default: []].append(Event(uid: "\(v.date.compact)-\(v.directorID)-\(k)", date: v.date, start: v.start,
                                                             minutes: v.minutes, summary: "\(v.kind == .homeVisit ? "home visit" : "contact"): \(v.studentID)",
                                                             location: v.communityID, category: v.kind.rawValue))
        }
        func named(_ prefix: String, _ groups: [String: [Event]]) -> [(name: String, text: String)] {
            var used = Set<String>()
            return groups.keys.sorted().map { id in
                var file = "\(prefix)-\(safeFileName(id))"
                if used.contains(file) { file += "-\(used.count)" }
                used.insert(file)
                return ("\(file).ics", text(groups[id]!, stamp: horizon.start, name: "Activities of \(id)", product: "activities"))
            }
        }
        return named("site", bySite) + named("person", byPerson)
    }
}
