import Foundation

/// The months an activities calendar covers: `months` calendar months from `start`, the first
/// day of a month (`activities: {start: 2027-02-01, months: 12}` in a scenario).
public struct ActivitiesHorizon: Sendable, Hashable {
    public let start: CalendarDate
    public let months: Int

    /// nil unless `start` is the first of a month and `months` is 1 to 36.
    public init?(start: CalendarDate, months: Int) {
        guard start.components.day == 1, (1...36).contains(months) else { return nil }
        (self.start, self.months) = (start, months)
    }

    /// The first day of month `m` of the horizon (m = months: the day after the horizon).
    public func firstDay(ofMonth m: Int) -> CalendarDate {
        let c = start.components
        let index = c.month - 1 + m
        return CalendarDate(year: c.year + index / 12, month: index % 12 + 1, day: 1)!
    }

    public var end: CalendarDate { firstDay(ofMonth: months).adding(days: -1) }
    public var days: Int { firstDay(ofMonth: months).dayNumber - start.dayNumber }
    public func contains(_ date: CalendarDate) -> Bool { date >= start && date <= end }

    /// The month of the horizon `date` falls in (0 the first), nil outside it.
    public func month(of date: CalendarDate) -> Int? {
        guard contains(date) else { return nil }
        let (s, d) = (start.components, date.components)
        return (d.year - s.year) * 12 + d.month - s.month
    }
}

/// A day of the year as themes' windows give it: `MM-DD`.
public struct MonthDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let month: Int, day: Int

    /// `MM-DD` (or `M-D`); 02-29 is a day of leap years only, but a valid window end.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
              let m = CalendarDate.digits(parts[0]), let d = CalendarDate.digits(parts[1]),
              (1...12).contains(m), d >= 1, d <= CalendarDate.daysIn(month: m, year: 2000) else { return nil }
        (month, day) = (m, d)
    }

    public init(month: Int, day: Int) { (self.month, self.day) = (month, day) }
    public init(_ date: CalendarDate) { let c = date.components; (month, day) = (c.month, c.day) }

    public static func < (a: Self, b: Self) -> Bool { (a.month, a.day) < (b.month, b.day) }
    public var description: String { String(format: "%02d-%02d", month, day) }
}

/// A theme of the stations' public activities (`themes.csv`).
public struct Theme: Sendable, Hashable {
    public let id: String
    /// Who may lead it.
    public let leadRole: StaffMember.Role
    /// Activities on this theme each station holds at least, per year of the horizon.
    public let minPerYear: Int
    /// The parts of the year it is best held in (none: any time), each within one year.
    public let windows: [ClosedRange<MonthDay>]
    /// What an activity held outside every window costs.
    public let weight: Double
    public let line: Int

    public init(id: String, leadRole: StaffMember.Role, minPerYear: Int = 1, windows: [ClosedRange<MonthDay>] = [], weight: Double = 1,
                line: Int = 0) {
        (self.id, self.leadRole, self.minPerYear, self.windows, self.weight, self.line) = (id, leadRole, minPerYear, windows, weight, line)
    }

    /// Whether `date` falls inside one of the windows (always, without windows).
    public func inWindow(_ date: CalendarDate) -> Bool {
        windows.isEmpty || windows.contains { $0.contains(MonthDay(date)) }
    }

    /// The themes the district's rules name, when there is no `themes.csv`: law and the four
    /// kinds of safety led by a legal worker; mental health, life and family education by a
    /// counsellor. Drowning prevention before and through the summer (June to August); mental
    /// health in the spring season and through the exams (March to June: exam stress before and
    /// after the mid-May to June exams) and around 10 October; life education at the start of each
    /// semester.
    public static let defaults: [Theme] = {
        func w(_ from: String, _ to: String) -> ClosedRange<MonthDay> { MonthDay(from)!...MonthDay(to)! }
        return [
            Theme(id: "law", leadRole: .legal),
            Theme(id: "safety_fire", leadRole: .legal),
            Theme(id: "safety_traffic", leadRole: .legal),
            Theme(id: "safety_drowning", leadRole: .legal, windows: [w("06-01", "08-31")]),
            Theme(id: "safety_home", leadRole: .legal),
            Theme(id: "mental_health", leadRole: .counsellor, windows: [w("03-01", "06-30"), w("10-01", "10-20")]),
            Theme(id: "life_education", leadRole: .counsellor, windows: [w("02-15", "03-15"), w("09-01", "09-30")]),
            Theme(id: "family_education", leadRole: .counsellor),
        ]
    }()
}

/// A room for activities (`venues.csv`).
public struct Venue: Sendable, Hashable {
    public let id: String
    public let siteID: String
    public let capacity: Int
    public let line: Int

    public init(id: String, siteID: String, capacity: Int, line: Int = 0) {
        (self.id, self.siteID, self.capacity, self.line) = (id, siteID, capacity, line)
    }
}

/// Days a site holds no event (`blackout.csv`: exams, holidays), both ends included.
public struct Blackout: Sendable, Hashable {
    public let siteID: String
    public let from: CalendarDate, to: CalendarDate
    public let reason: String
    public let line: Int

    public init(siteID: String, from: CalendarDate, to: CalendarDate, reason: String = "", line: Int = 0) {
        (self.siteID, self.from, self.to, self.reason, self.line) = (siteID, from, to, reason, line)
    }
}

/// A child director (儿童主任) of a neighbourhood committee (`directors.csv`).
public struct Director: Sendable, Hashable {
    public let id: String
    public let communityID: String
    /// Hours a week the director gives to contacts and visits.
    public let weeklyHours: Double
    /// Passed the criminal-record check; unvetted people are never scheduled.
    public let vetted: Bool
    public let line: Int

    public init(id: String, communityID: String, weeklyHours: Double, vetted: Bool = true, line: Int = 0) {
        (self.id, self.communityID, self.weeklyHours, self.vetted, self.line) = (id, communityID, weeklyHours, vetted, line)
    }
}

/// A volunteer doctor of the pool that sits in at schools monthly (`doctors.csv`).
public struct Doctor: Sendable, Hashable {
    public let id: String
    /// The weekdays the doctor can come, 1 Monday ... 7 Sunday.
    public let weekdays: Set<Int>
    /// Sittings a month at most (nil: no limit beyond the days).
    public let maxPerMonth: Int?
    /// Passed the criminal-record check (the pool's, unless `doctors.csv` has a `vetted` column).
    public let vetted: Bool
    public let line: Int

    public init(id: String, weekdays: Set<Int>, maxPerMonth: Int? = nil, vetted: Bool = true, line: Int = 0) {
        (self.id, self.weekdays, self.maxPerMonth, self.vetted, self.line) = (id, weekdays, maxPerMonth, vetted, line)
    }
}

/// The tables behind the activities plan that the other plans do not read, loaded and checked
/// against the horizon and the shared tables (sites, staff, students).
public struct ActivitiesData: Sendable {
    public var horizon: ActivitiesHorizon
    public var themes: [Theme]
    public var venues: [Venue]
    public var blackouts: [Blackout]
    /// Per person, the days they said they can or cannot come (`availability.csv`).
    public var availability: [String: [CalendarDate: Bool]]
    public var directors: [Director]
    public var doctors: [Doctor]
    public var warnings: [String]
    /// The blackout table's name as messages give it.
    public var blackoutFile = "blackout.csv"

    public init(horizon: ActivitiesHorizon, themes: [Theme] = Theme.defaults, venues: [Venue] = [], blackouts: [Blackout] = [],
                availability: [String: [CalendarDate: Bool]] = [:], directors: [Director] = [], doctors: [Doctor] = [],
                warnings: [String] = []) {
        (self.horizon, self.themes, self.venues, self.blackouts, self.availability) = (horizon, themes, venues, blackouts, availability)
        (self.directors, self.doctors, self.warnings) = (directors, doctors, warnings)
    }

    /// Loads `venues.csv`, `directors.csv`, `doctors.csv` and, when present, `themes.csv`
    /// (else ``Theme/defaults``), `blackout.csv` and `availability.csv`.
    public static func load(from directory: URL, display: String? = nil, horizon: ActivitiesHorizon, sites: [Site],
                            staff: [StaffMember], students: [Student]) throws -> ActivitiesData {
        let folder = TableFolder(directory, display: display)
        return try parse(themes: folder.optional("themes.csv"), venues: folder.required("venues.csv", for: "activities"),
                         blackout: folder.optional("blackout.csv"), availability: folder.optional("availability.csv"),
                         directors: folder.required("directors.csv", for: "activities"),
                         doctors: folder.required("doctors.csv", for: "activities"),
                         horizon: horizon, sites: sites, staff: staff, students: students)
    }

    public static func parse(themes themesCSV: CSVTable?, venues venuesCSV: CSVTable, blackout blackoutCSV: CSVTable?,
                             availability availabilityCSV: CSVTable?, directors directorsCSV: CSVTable, doctors doctorsCSV: CSVTable,
                             horizon: ActivitiesHorizon, sites: [Site], staff: [StaffMember], students: [Student]) throws -> ActivitiesData {
        var warnings = [String]()
        let siteIDs = Set(sites.map(\.id))
        func knownSite(_ row: TableRow, _ id: String) throws {
            guard siteIDs.contains(id) else { throw row.error("site_id", "site_id '\(id)' is not in sites.csv") }
        }
        // themes.csv
        var themes = Theme.defaults
        if let themesCSV {
            let table = try Table(themesCSV, required: ["theme", "lead_role"], optional: ["min_per_year", "window_from", "window_to", "weight"])
            warnings += table.warnings
            themes = []
            var lines = [String: Int]()
            for row in table.rows {
                let id = try row.uniqueIdentifier("theme", lines: &lines)
                let role = try row.choice("lead_role", of: StaffMember.Role.self)
                let from = row.list("window_from"), to = row.list("window_to")
                guard from.count == to.count else {
                    throw row.error("window_to", "window_to gives \(to.count) end(s) for \(from.count) start(s) in window_from; expected one MM-DD end per start, separated by ;")
                }
                var windows = [ClosedRange<MonthDay>]()
                for (a, b) in zip(from, to) {
                    guard let start = MonthDay(a) else { throw row.error("window_from", "window_from must be a day of the year MM-DD, found \"\(a)\"") }
                    guard let end = MonthDay(b) else { throw row.error("window_to", "window_to must be a day of the year MM-DD, found \"\(b)\"") }
                    guard start <= end else {
                        throw row.error("window_to", "the window ends (\(end)) before it starts (\(start)); a window lies within one year: split one across the new year into two (\(start) to 12-31 and 01-01 to \(end))")
                    }
                    windows.append(start...end)
                }
                themes.append(Theme(id: id, leadRole: role,
                                    minPerYear: try row.optionalInt("min_per_year", in: 0...365, what: "a number of activities a year from 0 to 365") ?? 1,
                                    windows: windows,
                                    weight: try row.optionalNumber("weight", in: 0...1_000_000, what: "a weight of at least 0") ?? 1, line: row.line))
            }
            if themes.isEmpty { throw DataError(file: themesCSV.file, line: 1, column: 0, message: "has no themes; expected at least one row (or no file, for the district's themes)") }
        }

        // venues.csv
        let venueTable = try Table(venuesCSV, required: ["venue_id", "site_id", "capacity"])
        warnings += venueTable.warnings
        var venues = [Venue](), venueLines = [String: Int]()
        for row in venueTable.rows {
            let id = try row.uniqueIdentifier("venue_id", lines: &venueLines)
            let site = try row.identifier("site_id")
            try knownSite(row, site)
            venues.append(Venue(id: id, siteID: site, capacity: try row.int("capacity", in: 1...100_000, what: "a number of people from 1 to 100000"),
                                line: row.line))
        }

        // blackout.csv
        var blackouts = [Blackout]()
        if let blackoutCSV {
            let table = try Table(blackoutCSV, required: ["site_id", "from", "to"], optional: ["reason"])
            warnings += table.warnings
            for row in table.rows {
                let site = try row.identifier("site_id")
                try knownSite(row, site)
                let from = try row.date("from"), to = try row.date("to")
                guard from <= to else { throw row.error("to", "to (\(to)) is before from (\(from)); expected the last day of the blackout") }
                blackouts.append(Blackout(siteID: site, from: from, to: to, reason: row.optionalText("reason") ?? "", line: row.line))
            }
        }

        // directors.csv
        let directorTable = try Table(directorsCSV, required: ["person_id", "community_id", "weekly_hours"], optional: ["vetted"])
        warnings += directorTable.warnings
        var directors = [Director](), directorLines = [String: Int](), communityLines = [String: Int]()
        let childrenIn = Dictionary(grouping: students.filter(\.isInDifficulty), by: \.communityID)
        for row in directorTable.rows {
            let id = try row.uniqueIdentifier("person_id", lines: &directorLines)
            let community = try row.uniqueIdentifier("community_id", lines: &communityLines, clash: "already has a child director")
            let director = Director(id: id, communityID: community,
                                    weeklyHours: try row.optionalNumber("weekly_hours", in: 0...80, what: "hours a week from 0 to 80") ?? {
                                        throw row.error("weekly_hours", "weekly_hours is empty; expected hours a week from 0 to 80")
                                    }(),
                                    vetted: try row.bool("vetted", default: false), line: row.line)
            if childrenIn[community] == nil {
                warnings.append("\(directorsCSV.file):\(row.line): community_id '\(community)' has no children in difficulty in students.csv; director \(id) has nobody to contact")
            }
            directors.append(director)
        }

        // doctors.csv
        let doctorTable = try Table(doctorsCSV, required: ["person_id", "available"], optional: ["max_per_month", "vetted"])
        warnings += doctorTable.warnings
        var doctors = [Doctor](), doctorLines = [String: Int]()
        for row in doctorTable.rows {
            let id = try row.uniqueIdentifier("person_id", lines: &doctorLines)
            var weekdays = Set<Int>()
            for token in row.list("available") {
                guard let day = weekday(token) else {
                    throw row.error("available", "available: '\(token)' is not a weekday; expected mon, tue, wed, thu, fri, sat, sun or 1 (Monday) to 7, separated by ;")
                }
                weekdays.insert(day)
            }
            if weekdays.isEmpty { throw row.error("available", "available is empty; expected the weekdays the doctor can come, such as mon;thu") }
            doctors.append(Doctor(id: id, weekdays: weekdays,
                                  maxPerMonth: try row.optionalInt("max_per_month", in: 0...31, what: "a number of sittings a month from 0 to 31"),
                                  vetted: doctorTable.has("vetted") ? try row.bool("vetted", default: false) : true, line: row.line))
        }

        // availability.csv: people of the other tables, one answer per day; as for the roster's leave, a
        // year's list serves any horizon: rows outside it are checked, then ignored with one warning.
        var availability = [String: [CalendarDate: Bool]]()
        if let availabilityCSV {
            let table = try Table(availabilityCSV, required: ["person_id", "date", "available"])
            warnings += table.warnings
            let people = Set(staff.map(\.id)).union(directors.map(\.id)).union(doctors.map(\.id))
            var answered = [String: [CalendarDate: (available: Bool, line: Int)]]()
            var outside = 0
            for row in table.rows {
                let person = try row.identifier("person_id")
                guard people.contains(person) else {
                    throw row.error("person_id", "person_id '\(person)' is not in staff.csv, \(directorsCSV.file) or \(doctorsCSV.file)")
                }
                let day = try row.date("date")
                let available = try row.bool("available")
                if let (earlier, first) = answered[person]?[day] {
                    throw row.error("available", earlier == available
                        ? "\(person) on \(day) is already listed on line \(first)"
                        : "\(person) on \(day) is listed as \(available ? "available" : "not available") here and \(earlier ? "available" : "not available") on line \(first); keep one")
                }
                answered[person, default: [:]][day] = (available, row.line)
                if horizon.contains(day) { availability[person, default: [:]][day] = available } else { outside += 1 }
            }
            if outside > 0 {
                warnings.append("\(availabilityCSV.file): \(outside) row\(outside == 1 ? "" : "s") outside the activities horizon \(horizon.start) to \(horizon.end) \(outside == 1 ? "was" : "were") ignored")
            }
        }
        var data = ActivitiesData(horizon: horizon, themes: themes, venues: venues, blackouts: blackouts, availability: availability,
                                  directors: directors, doctors: doctors, warnings: warnings)
        if let blackoutCSV { data.blackoutFile = blackoutCSV.file }
        return data
    }

    /// A weekday written as a name (`mon`, `Monday`, any case) or a number 1 (Monday) to 7.
    static func weekday(_ token: String) -> Int? {
        if let n = Int(token), (1...7).contains(n) { return n }
        let t = token.lowercased()
        return CalendarDate.weekdayNames.map { $0.lowercased() }.firstIndex { t == $0 || t == $0.prefix(3) }.map { $0 + 1 }
    }
}
