import CareModel
import Foundation
import Modeling

/// A solved activities calendar: the stations' activities, the schools' class meetings, events
/// and fortnightly classes and the doctors' sittings (`entries`), the child directors' contacts
/// and home visits (`visits`), every frequency it could not meet with what would meet it, and the
/// figures a district reports.
public struct ActivitiesPlan: Sendable {
    public enum EntryKind: String, Sendable, CaseIterable {
        case activity
        case classMeeting = "class_meeting"
        case event
        case `class`
        case sitting

        /// In words, for calendars.
        public var words: String {
            switch self {
            case .activity: "activity"
            case .classMeeting: "class meeting"
            case .event: "event"
            case .class: "class"
            case .sitting: "doctor's sitting"
            }
        }

        /// The theme of a school's items (a station's activity has its own; a sitting none).
        var theme: String {
            switch self {
            case .classMeeting, .class: "mental_health"
            case .event: "life_education"
            case .activity, .sitting: ""
            }
        }
    }

    /// One row of calendar.csv.
    public struct Entry: Sendable, Equatable {
        public let date: CalendarDate
        /// Minutes after midnight.
        public let start: Int
        public let minutes: Int
        public let siteID: String
        public let kind: EntryKind
        public let theme: String
        /// Empty for a class meeting (the class teacher holds it).
        public let leadID: String
        public let venueID: String
        /// Whether the theme's windows hold the date (true for a theme without windows).
        public let inWindow: Bool
        /// The grade a school's class meeting, event or class is for.
        public var grade: Int? = nil
    }

    public enum VisitKind: String, Sendable {
        case contact
        case homeVisit = "home_visit"
    }

    /// One row of visits.csv: a child director's contact or home visit.
    public struct Visit: Sendable, Equatable {
        public let date: CalendarDate
        public let start: Int
        /// The contact's or visit's own minutes (travel comes between it and the next).
        public let minutes: Int
        public let directorID: String
        public let studentID: String
        public let communityID: String
        public let kind: VisitKind
    }

    /// A frequency not met: its subject (a station, a school, a child), the rule, the period and
    /// why. `period` and `detail` never reveal a child's risk level (a child's period is the month
    /// an item was due in, whichever rule); `sensitivePeriod` (the rule's days) and `sensitiveDetail` may.
    public struct Unmet: Sendable, Equatable {
        public let subject: String
        public let rule: ActivitiesRule
        public let period: String
        public let detail: String
        public let sensitiveDetail: String
        public var sensitivePeriod: String

        init(subject: String, rule: ActivitiesRule, period: String, detail: String, sensitiveDetail: String, sensitivePeriod: String? = nil) {
            (self.subject, self.rule, self.period, self.detail) = (subject, rule, period, detail)
            (self.sensitiveDetail, self.sensitivePeriod) = (sensitiveDetail, sensitivePeriod ?? period)
        }

        public var neutralRule: String { rule.neutral }
    }

    /// How many times a rule had to be met, and was.
    public struct Compliance: Sendable, Equatable {
        public var required = 0
        public var met = 0
        public init(required: Int = 0, met: Int = 0) { (self.required, self.met) = (required, met) }
        public var share: Double { required == 0 ? 1 : Double(met) / Double(required) }
    }

    public let search: SearchEnd
    public let components: Int
    public let horizon: ActivitiesHorizon
    public let entries: [Entry]
    public let visits: [Visit]
    public let unmet: [Unmet]
    public let fixes: [String]
    /// Per rule, as required and met.
    public let compliance: [ActivitiesRule: Compliance]
    /// Minutes each role works for the plan (legal, counsellor, psych_teacher, director, doctor).
    public let minutesByRole: [String: Int]

    init(problem p: ActivitiesProblem, results: [ActivitiesPlanner.PartResult], seconds: Double) {
        components = results.count
        horizon = p.horizon
        search = SearchEnd(status: SearchEnd.status(of: results.map(\.status)), stop: SearchEnd.stop(of: results.map(\.stop)),
                           objective: ((results.reduce(0) { $0 + $1.cost }) * 100).rounded() / 100,
                           bound: ((results.reduce(0) { $0 + $1.bound }) * 100).rounded() / 100, seconds: seconds)
        entries = results.flatMap(\.entries).sorted { ($0.date, $0.start, $0.siteID, $0.kind.rawValue, $0.leadID) < ($1.date, $1.start, $1.siteID, $1.kind.rawValue, $1.leadID) }
        visits = results.flatMap(\.visits).sorted { ($0.date, $0.directorID, $0.start, $0.studentID) < ($1.date, $1.directorID, $1.start, $1.studentID) }
        unmet = results.flatMap(\.unmet).sorted { ($0.subject, $0.period, $0.rule.rawValue) < ($1.subject, $1.period, $1.rule.rawValue) }
        var fixes = [String](), seen = Set<String>()
        for f in results.flatMap(\.fixes) where seen.insert(f).inserted { fixes.append(f) }
        self.fixes = fixes
        var compliance = [ActivitiesRule: Compliance]()
        for r in results { for (rule, c) in r.compliance { compliance[rule, default: .init()].required += c.required; compliance[rule]!.met += c.met } }
        self.compliance = compliance
        var minutes = [String: Int]()
        let roleOf = Dictionary(p.staff.map { ($0.id, $0.role.rawValue) }, uniquingKeysWith: { a, _ in a })
        for e in entries where !e.leadID.isEmpty { minutes[e.kind == .sitting ? "doctor" : roleOf[e.leadID] ?? "other", default: 0] += e.minutes }
        for v in visits { minutes["director", default: 0] += ActivitiesFormulation.minutes(p.policy, visit: v.kind == .homeVisit) }
        minutesByRole = minutes
    }

    /// A rule's compliance, the neutral rules of children summed (`contact`, `home_visit`).
    func compliance(_ rules: ActivitiesRule...) -> Compliance {
        rules.reduce(into: Compliance()) { total, rule in
            total.required += compliance[rule]?.required ?? 0
            total.met += compliance[rule]?.met ?? 0
        }
    }

    /// Activities, class meetings and events whose theme has windows: the share held inside one.
    public var themesInWindowShare: Double {
        let windowed = entries.filter { $0.kind != .sitting && $0.kind != .class }
        return windowed.isEmpty ? 1 : Double(windowed.filter(\.inWindow).count) / Double(windowed.count)
    }
}

extension ActivitiesPlan: PlanOutcome {
    public static let name = "activities"
    public var title: String { "Activities and visits" }

    public var figures: [Figure] {
        func share(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
        return [
            Figure("station_monthly_compliance", "stations' monthly activities met", share(compliance(.monthlyActivity).share), .share, .higherIsBetter),
            Figure("station_theme_compliance", "stations' themes a year met", share(compliance(.themePerYear).share), .share, .higherIsBetter),
            Figure("class_meeting_compliance", "class meetings met", share(compliance(.classMeeting).share), .share, .higherIsBetter),
            Figure("event_compliance", "life-education events met", share(compliance(.lifeEducationEvent).share), .share, .higherIsBetter),
            Figure("fortnightly_class_compliance", "fortnightly classes met", share(compliance(.fortnightlyClass).share), .share, .higherIsBetter),
            Figure("contact_compliance", "children's contacts met", share(compliance(.monthlyContact, .fortnightlyContact).share), .share, .higherIsBetter),
            Figure("home_visit_compliance", "children's home visits met", share(compliance(.homeVisit, .monthlyVisit).share), .share, .higherIsBetter),
            Figure("sitting_compliance", "doctors' monthly sittings met", share(compliance(.sitting).share), .share, .higherIsBetter),
            Figure("themes_in_window_share", "themes inside their windows", share(themesInWindowShare), .share, .higherIsBetter),
            Figure("activities", "station activities", entries.filter { $0.kind == .activity }.count, .count, .neutral),
            Figure("school_items", "class meetings, events and classes", entries.filter { [.classMeeting, .event, .class].contains($0.kind) }.count, .count, .neutral),
            Figure("sittings", "doctors' sittings", entries.filter { $0.kind == .sitting }.count, .count, .neutral),
            Figure("contacts", "contacts", visits.filter { $0.kind == .contact }.count, .count, .neutral),
            Figure("home_visits", "home visits", visits.filter { $0.kind == .homeVisit }.count, .count, .neutral),
            Figure("legal_hours", "legal workers' hours", Double(minutesByRole["legal"] ?? 0) / 60, .units, .neutral),
            Figure("counsellor_hours", "counsellors' hours", Double(minutesByRole["counsellor"] ?? 0) / 60, .units, .neutral),
            Figure("psych_teacher_hours", "psychology teachers' hours", Double(minutesByRole["psych_teacher"] ?? 0) / 60, .units, .neutral),
            Figure("director_hours", "child directors' hours (travel included)", Double(minutesByRole["director"] ?? 0) / 60, .units, .lowerIsBetter),
            Figure("doctor_hours", "doctors' hours", Double(minutesByRole["doctor"] ?? 0) / 60, .units, .neutral),
            Figure("unmet", "frequencies unmet", unmet.count, .count, .lowerIsBetter),
        ]
    }

    public var shortfalls: [Shortfall] {
        unmet.map { Shortfall(subject: $0.subject, rule: $0.neutralRule, detail: $0.detail) }
    }
}
