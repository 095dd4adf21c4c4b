import CareModel
import Foundation

/// The activities plan, validated and prepared: for every station the days, leads and venues it
/// may use; for every school its grades, semester parts and school days; for every community its
/// director, children and the dates a director may see each child; for every month the schools
/// that need a doctor's sitting. Four kinds of independent parts, solved apart:
/// - station groups: stations that share a lead or a venue (usually one station each);
/// - schools, each alone;
/// - communities, each alone (its director is nobody else's);
/// - months of the doctor pool.
public struct ActivitiesProblem: Sendable {
    public let data: ActivitiesData
    public let sites: [Site]
    public let staff: [StaffMember]
    public let students: [Student]
    public let policy: ActivitiesPolicy
    public var horizon: ActivitiesHorizon { data.horizon }

    /// A station's part of the plan: the weekend days it may hold an activity on, its possible
    /// leads per role (vetted; working at the station, or living in its street) and its venues
    /// (its own or its street's schools' rooms, large enough for the audience).
    public struct Station: Sendable {
        public let site: Int
        public let days: [CalendarDate]
        public let leads: [StaffMember.Role: [Int]]
        public let venues: [Int]
    }

    /// A part of a semester inside the horizon, for one school: its school days (Monday to
    /// Friday, no blackout).
    public struct SemesterPart: Sendable {
        public let name: String
        public let from: CalendarDate, to: CalendarDate
        public let days: [CalendarDate]
    }

    public struct School: Sendable {
        public let site: Int
        /// The grades of its students, ascending.
        public let grades: [Int]
        public let semesters: [SemesterPart]
        /// Vetted psychology teachers working there (staff.csv's current_site), by index.
        public let teachers: [Int]
        /// Its school days by month of the horizon (for doctors' sittings).
        public let daysByMonth: [[CalendarDate]]
    }

    public struct Community: Sendable {
        public let id: String
        /// Index in `data.directors`, nil when the community has none.
        public let director: Int?
        /// Its children in difficulty (indices in `students`), by id.
        public let children: [Int]
    }

    public let stations: [Station]
    /// Stations that share a lead or a venue, solved together (indices in `stations`).
    public let stationGroups: [[Int]]
    public let schools: [School]
    public let communities: [Community]
    public let siteIndex: [String: Int]
    public let themeIndex: [String: Int]
    /// Days each site is blacked out (day numbers), from blackout.csv.
    let blackedOut: [String: Set<Int>]
    /// Times people are already busy elsewhere, by person id: minutes since day 0's midnight
    /// (`dayNumber * 1440 + minute`). The scenario runner sets it from the roster when both plans
    /// run, so nobody on a hotline shift leads an activity, sits or visits at the same time.
    public var busy: [String: [Range<Int>]] = [:]

    public init(data: ActivitiesData, sites: [Site], staff: [StaffMember], students: [Student],
                policy: ActivitiesPolicy = ActivitiesPolicy()) throws {
        (self.data, self.sites, self.staff, self.students, self.policy) = (data, sites, staff, students, policy)
        let horizon = data.horizon
        siteIndex = Dictionary(sites.indices.map { (sites[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        themeIndex = Dictionary(data.themes.indices.map { (data.themes[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        var blackedOut = [String: Set<Int>]()
        for b in data.blackouts {
            let from = max(b.from, horizon.start), to = min(b.to, horizon.end)
            guard from <= to else { continue }
            blackedOut[b.siteID, default: []].formUnion(from.dayNumber...to.dayNumber)
        }
        self.blackedOut = blackedOut
        let allDays = (0..<horizon.days).map { horizon.start.adding(days: $0) }

        // Stations.
        var stations = [Station]()
        let schoolsByStreet = Dictionary(grouping: sites.indices.filter { sites[$0].kind == .school }, by: { sites[$0].street })
        for (s, site) in sites.enumerated() where site.kind == .station {
            let blocked = blackedOut[site.id] ?? []
            let days = allDays.filter { $0.isWeekend && !blocked.contains($0.dayNumber) }
            var leads = [StaffMember.Role: [Int]]()
            for role in Set(data.themes.map(\.leadRole)) {
                leads[role] = staff.indices.filter {
                    let p = staff[$0]
                    return p.vetted && p.role == role && (p.currentSite == site.id || p.street == site.street)
                }
            }
            let hosts = Set([site.id] + (schoolsByStreet[site.street] ?? []).map { sites[$0].id })
            let venues = data.venues.indices.filter { hosts.contains(data.venues[$0].siteID) && data.venues[$0].capacity >= policy.audience }
            stations.append(Station(site: s, days: days, leads: leads, venues: venues))
        }
        self.stations = stations
        // Groups: stations linked by a shared lead or venue (union-find).
        var parent = Array(stations.indices)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        var owner = [String: Int]()
        for (k, st) in stations.enumerated() {
            let keys = st.leads.values.flatMap { $0.map { "p\($0)" } } + st.venues.map { "v\($0)" }
            for key in keys {
                if let other = owner[key] { parent[find(k)] = find(other) } else { owner[key] = k }
            }
        }
        stationGroups = Dictionary(grouping: stations.indices, by: find).values.map { $0.sorted() }.sorted { $0[0] < $1[0] }

        // Schools.
        let gradesOf = Dictionary(grouping: students, by: \.schoolID).mapValues { Array(Set($0.map(\.grade))).sorted() }
        let teachersAt = Dictionary(grouping: staff.indices.filter { staff[$0].role == .psychTeacher && staff[$0].vetted && staff[$0].currentSite != nil },
                                    by: { staff[$0].currentSite! })
        var schools = [School]()
        for (s, site) in sites.enumerated() where site.kind == .school {
            let blocked = blackedOut[site.id] ?? []
            var parts = [SemesterPart]()
            for part in Self.semesterParts(horizon) {
                let weekdays = (part.from.dayNumber...part.to.dayNumber).map(CalendarDate.init(dayNumber:)).filter { !$0.isWeekend }
                guard weekdays.count >= ActivitiesPolicy.minimumSchoolDays else { continue }
                let days = weekdays.filter { !blocked.contains($0.dayNumber) }
                if days.isEmpty {
                    // The blackout that covers most of it is named; every rule of the semester is then unmeetable.
                    let covering = data.blackouts.filter { $0.siteID == site.id && $0.from <= part.to && $0.to >= part.from }
                    let worst = covering.max { min($0.to, part.to).dayNumber - max($0.from, part.from).dayNumber
                        < min($1.to, part.to).dayNumber - max($1.from, part.from).dayNumber } ?? covering[0]
                    throw DataError(file: data.blackoutFile, line: worst.line, column: 0,
                                    message: "the blackouts of \(site.id) (this one, from \(worst.from) to \(worst.to), and any others) cover every school day of its \(part.name) semester (\(part.from) to \(part.to)): its class meetings, life-education events and fortnightly mental-health classes cannot be held; shorten the blackout to the exam or holiday days")
                }
                parts.append(SemesterPart(name: part.name, from: part.from, to: part.to, days: days))
            }
            var byMonth = [[CalendarDate]](repeating: [], count: horizon.months)
            for part in parts { for d in part.days { byMonth[horizon.month(of: d)!].append(d) } }
            schools.append(School(site: s, grades: gradesOf[site.id] ?? [], semesters: parts, teachers: (teachersAt[site.id] ?? []).sorted(),
                                  daysByMonth: byMonth.map { $0.sorted() }))
        }
        self.schools = schools

        // Communities: every community with children in difficulty, with its director if any.
        let directorOf = Dictionary(data.directors.indices.map { (data.directors[$0].communityID, $0) }, uniquingKeysWith: { a, _ in a })
        let children = Dictionary(grouping: students.indices.filter { students[$0].isInDifficulty }, by: { students[$0].communityID })
        communities = children.keys.sorted().map { id in
            Community(id: id, director: directorOf[id], children: children[id]!.sorted { students[$0].id < students[$1].id })
        }
    }

    /// Whether `person` may be scheduled on `date` from `start` for `minutes` (minutes after
    /// midnight): availability.csv says yes (without a row: yes) and nothing in `busy` overlaps.
    func available(_ person: String, _ date: CalendarDate, from start: Int, minutes: Int) -> Bool {
        guard data.availability[person]?[date] ?? true else { return false }
        guard let taken = busy[person] else { return true }
        let mine = (date.dayNumber * 1440 + start)..<(date.dayNumber * 1440 + start + minutes)
        return !taken.contains { $0.overlaps(mine) }
    }

    /// The working day a child director's contacts and visits fall in (09:00 to 17:00).
    static let directorDay = (start: ActivitiesPolicy.directorDayStart, minutes: 8 * 60)

    func isBlackedOut(_ siteID: String, _ date: CalendarDate) -> Bool { blackedOut[siteID]?.contains(date.dayNumber) ?? false }

    /// Whether a child's risk level makes them a child showing abnormal psychology or behaviour.
    func isAbnormal(_ student: Int) -> Bool { students[student].riskLevel >= policy.abnormalLevel }

    /// The semesters' parts inside the horizon ("spring 2027": 15 February to 10 July 2027).
    static func semesterParts(_ horizon: ActivitiesHorizon) -> [(name: String, from: CalendarDate, to: CalendarDate)] {
        var parts = [(name: String, from: CalendarDate, to: CalendarDate)]()
        for year in (horizon.start.components.year - 1)...horizon.end.components.year {
            for s in ActivitiesPolicy.semesters {
                let from = CalendarDate(year: year, month: s.from.month, day: s.from.day)!
                let to = CalendarDate(year: s.to < s.from ? year + 1 : year, month: s.to.month, day: s.to.day)!
                let a = max(from, horizon.start), b = min(to, horizon.end)
                if a <= b { parts.append(("\(s.name) \(year)", a, b)) }
            }
        }
        return parts.sorted { $0.from < $1.from }
    }

    /// The horizon's years (12 months from the start; the last may be shorter): each year's
    /// first and last month.
    var years: [ClosedRange<Int>] {
        stride(from: 0, to: horizon.months, by: 12).map { $0...min($0 + 11, horizon.months - 1) }
    }

    /// Activities on `theme` a station holds at least in a year of `months` months.
    func need(_ theme: Theme, months: Int) -> Int {
        months >= 12 ? theme.minPerYear : (theme.minPerYear * months + 11) / 12
    }
}
