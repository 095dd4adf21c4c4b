import Foundation

// An independent checker of the `activities` plan's outputs, written from the rules of
// activities-spec.md (v1) only. It reads the input tables and the output folder with its own CSV
// reader and its own civil-date arithmetic, and uses no library module of careplan.

/// One broken rule: `rule` is the spec's code ("1", "2a" ... "6", or "format" for an output row the
/// spec's formats forbid), `subject` the station, school, student, person or venue it concerns.
struct ActivitiesViolation: Equatable, CustomStringConvertible {
    let rule: String
    let subject: String
    let detail: String
    var description: String { "[\(rule)] \(subject): \(detail)" }
}

struct ActivitiesCheckerError: Error, CustomStringConvertible, Equatable {
    let message: String
    var description: String { message }
}

/// A row of `activities/unmet.csv`.
struct ActivitiesUnmet: Equatable {
    let subject: String
    let rule: String
    let detail: String
}

struct ActivitiesChecker {
    static let defaultPolicy: [String: Double] = [
        "min_per_month": 1, "activity_minutes": 90, "audience": 30, "class_minutes": 40, "events_per_day": 2,
        "contact_minutes": 20, "visit_minutes": 60, "travel_minutes": 15, "sitting_minutes": 180,
        "abnormal_level": 2,
    ]
    static let defaultThemes: [ACTheme] = [
        ACTheme(name: "law", leadRole: "legal", minPerYear: 1),
        ACTheme(name: "safety_fire", leadRole: "legal", minPerYear: 1),
        ACTheme(name: "safety_traffic", leadRole: "legal", minPerYear: 1),
        ACTheme(name: "safety_home", leadRole: "legal", minPerYear: 1),
        ACTheme(name: "safety_drowning", leadRole: "legal", minPerYear: 1),
        ACTheme(name: "mental_health", leadRole: "counsellor", minPerYear: 1),
        ACTheme(name: "life_education", leadRole: "counsellor", minPerYear: 1),
        ACTheme(name: "family_education", leadRole: "counsellor", minPerYear: 1),
    ]

    let data: URL
    let out: URL
    let months: Int
    /// Day numbers (days since 1970-01-01): the horizon is firstDay ..< endDay.
    let firstDay: Int
    let endDay: Int
    let startYear: Int
    let startMonth: Int
    let policy: [String: Double]

    init(data: URL, out: URL, start: String, months: Int, policy: [String: Double] = [:]) throws {
        guard let first = ACCivil.parse(start) else {
            throw ActivitiesCheckerError(message: "start \"\(start)\" is not a date YYYY-MM-DD")
        }
        let ymd = ACCivil.ymd(first)
        guard ymd.day == 1 else { throw ActivitiesCheckerError(message: "start \(start) is not the 1st of a month") }
        guard months >= 1 else { throw ActivitiesCheckerError(message: "months must be >= 1, not \(months)") }
        self.data = data
        self.out = out
        self.months = months
        firstDay = first
        startYear = ymd.year
        startMonth = ymd.month
        let m0 = ymd.month - 1 + months
        endDay = ACCivil.day(ymd.year + m0 / 12, m0 % 12 + 1, 1)
        var p = Self.defaultPolicy
        for (k, v) in policy { p[k] = v }  // keys the rules do not read are ignored
        self.policy = p
    }

    /// Every violated rule, ordered by rule code, then subject, then the order found (file order,
    /// dates ascending). Violations the plan declared in unmet.csv are included.
    func violations() throws -> [ActivitiesViolation] {
        let run = try ACRun(self)
        run.checkAll()
        return run.found.enumerated().sorted { a, b in
            if a.element.rule != b.element.rule { return a.element.rule < b.element.rule }
            if a.element.subject != b.element.subject { return a.element.subject < b.element.subject }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The rows of activities/unmet.csv (none when the file is absent).
    func unmet() throws -> [ActivitiesUnmet] {
        guard let t = try ACTable.load(out.appendingPathComponent("activities/unmet.csv"),
                                       name: "unmet.csv", required: false) else { return [] }
        return (0..<t.count).map {
            ActivitiesUnmet(subject: t.value($0, "subject"), rule: t.value($0, "rule"), detail: t.value($0, "detail"))
        }
    }

    /// The violations unmet.csv does not declare (same subject, and the same rule code or its
    /// family: an unmet rule "2" covers "2a" ... "2e"). These are the plan's failures.
    /// `codes` maps the names unmet.csv gives its rules to the spec's codes ("contact": "4").
    func unlistedViolations(codes: [String: String] = [:]) throws -> [ActivitiesViolation] {
        let declared = try unmet()
        return try violations().filter { v in
            !declared.contains { u in
                let rule = codes[u.rule] ?? u.rule.lowercased()
                return u.subject == v.subject
                    && (rule == v.rule || (rule.count == 1 && rule.first!.isNumber && v.rule.hasPrefix(rule)))
            }
        }
    }
}

struct ACTheme: Equatable {
    let name: String
    let leadRole: String
    let minPerYear: Double
}

// MARK: - CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF)

enum ACCSV {
    /// The records of `text`; blank lines are skipped, unquoted fields are trimmed.
    static func parse(_ text: String) -> [[String]] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false, inQuotes = false
        func endField() {
            let s = String(decoding: field, as: UTF8.self)
            record.append(quoted ? s : s.trimmingCharacters(in: .whitespaces))
            field.removeAll()
            quoted = false
        }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record.removeAll()
        }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if inQuotes {
                if c == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote {
                        field.append(quote)
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case quote:
                if field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { field.removeAll() }
                inQuotes = true
                quoted = true
            case comma:
                endField()
            case cr:
                if i + 1 < bytes.count && bytes[i + 1] == lf { i += 1 }
                endRecord()
            case lf:
                endRecord()
            default:
                if quoted && (c == 0x20 || c == 0x09) { break }  // blanks after a closing quote
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty || quoted { endRecord() }
        return records
    }
}

/// A CSV table read by header name (names compared trimmed and lowercased).
struct ACTable {
    let name: String
    let header: [String]
    let rows: [[String]]
    private let column: [String: Int]

    init(name: String, text: String) {
        self.name = name
        let records = ACCSV.parse(text)
        header = (records.first ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        rows = Array(records.dropFirst())
        var c: [String: Int] = [:]
        for (i, h) in header.enumerated() where c[h] == nil { c[h] = i }
        column = c
    }

    static func load(_ url: URL, name: String, required: Bool) throws -> ACTable? {
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required { throw ActivitiesCheckerError(message: "\(name): missing (\(url.path))") }
            return nil
        }
        let data = try Data(contentsOf: url)
        return ACTable(name: name, text: String(decoding: data, as: UTF8.self))
    }

    var count: Int { rows.count }
    func has(_ col: String) -> Bool { column[col] != nil }
    /// The 1-based line of data row `r` (the header is line 1; exact while no field spans lines).
    func line(_ r: Int) -> Int { r + 2 }
    func value(_ r: Int, _ col: String) -> String {
        guard let i = column[col], i < rows[r].count else { return "" }
        return rows[r][i].trimmingCharacters(in: .whitespaces)
    }
}

// MARK: - Civil dates (proleptic Gregorian, day 0 = 1970-01-01; no time zones)

enum ACCivil {
    static func day(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func ymd(_ n: Int) -> (year: Int, month: Int, day: Int) {
        let z = n + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 1 Monday ... 7 Sunday (1970-01-01 was a Thursday).
    static func weekday(_ n: Int) -> Int { (((n % 7) + 7) % 7 + 3) % 7 + 1 }

    /// The Monday of `n`'s ISO week.
    static func monday(_ n: Int) -> Int { n - (weekday(n) - 1) }

    /// YYYY-MM-DD (also YYYY/MM/DD, one-digit month or day), checked to be a real date.
    static func parse(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let sep: Character = t.contains("/") ? "/" : "-"
        let parts = t.split(separator: sep, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let n = day(y, m, d)
        let back = ymd(n)
        return back.year == y && back.month == m && back.day == d ? n : nil
    }

    static func text(_ n: Int) -> String {
        let t = ymd(n)
        return String(format: "%04d-%02d-%02d", t.year, t.month, t.day)
    }

    static let weekdayNames = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}

enum ACClock {
    /// HH:MM (or H:MM, HH:MM:SS) as minutes after midnight.
    static func parse(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isNumber) }),
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }

    static func text(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}

// MARK: - One check of one output folder

private struct ACSite { let id, kind, street: String }
private struct ACStaff { let id, role, street, currentSite: String; let vetted: Bool }
private struct ACStudent { let id, school, grade, difficulty, community: String; let risk: Double }
private struct ACVenue { let id, site: String; let capacity: Double }
private struct ACDirector { let id, community: String; let weeklyHours: Double; let vetted: Bool }
private struct ACDoctor { let id: String; let weekdays: Set<Int>; let maxPerMonth: Int? }
private struct ACPart { let name: String; let from: Int; let to: Int }  // inclusive
private struct ACRow {
    let line: Int
    let date: Int
    let start: Int
    let minutes: Int
    let site, kind, theme, lead, venue: String
    let grade: String?
    var end: Int { start + minutes }
}
private struct ACVisit { let line: Int; let date: Int; let director, student, kind: String }
private struct ACPersonDay: Hashable { let person: String; let day: Int }

private func acVetted(_ s: String) -> Bool { ["true", "yes", "1"].contains(s.lowercased()) }

private func acNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}

private final class ACRun {
    let c: ActivitiesChecker
    var found: [ActivitiesViolation] = []

    var sites: [String: ACSite] = [:]
    var staff: [String: ACStaff] = [:]
    var students: [ACStudent] = []
    var studentByID: [String: ACStudent] = [:]
    var themes: [ACTheme] = []
    var themeByName: [String: ACTheme] = [:]
    var venues: [String: ACVenue] = [:]
    var blackouts: [String: [(Int, Int)]] = [:]
    var unavailable: Set<ACPersonDay> = []
    var directors: [ACDirector] = []
    var doctors: [String: ACDoctor] = [:]
    var rows: [ACRow] = []
    var visits: [ACVisit] = []
    var gradeMode = false
    var parts: [ACPart] = []

    init(_ c: ActivitiesChecker) throws {
        self.c = c
        try loadInputs()
        try loadOutputs()
        parts = semesterParts()
    }

    func flag(_ rule: String, _ subject: String, _ detail: String) {
        found.append(ActivitiesViolation(rule: rule, subject: subject, detail: detail))
    }

    func p(_ key: String) -> Double { c.policy[key] ?? ActivitiesChecker.defaultPolicy[key]! }

    // MARK: reading

    func input(_ name: String, required: Bool = true) throws -> ACTable? {
        try ACTable.load(c.data.appendingPathComponent(name), name: name, required: required)
    }

    func bad(_ t: ACTable, _ r: Int, _ what: String) -> ActivitiesCheckerError {
        ActivitiesCheckerError(message: "\(t.name) line \(t.line(r)): \(what)")
    }

    func loadInputs() throws {
        let s = try input("sites.csv")!
        for r in 0..<s.count {
            let id = s.value(r, "site_id")
            sites[id] = ACSite(id: id, kind: s.value(r, "kind").lowercased(), street: s.value(r, "street"))
        }
        let st = try input("staff.csv")!
        for r in 0..<st.count {
            let id = st.value(r, "person_id")
            staff[id] = ACStaff(id: id, role: st.value(r, "role").lowercased(), street: st.value(r, "street"),
                                currentSite: st.value(r, "current_site"), vetted: acVetted(st.value(r, "vetted")))
        }
        let su = try input("students.csv")!
        for r in 0..<su.count {
            let student = ACStudent(id: su.value(r, "student_id"), school: su.value(r, "school_id"),
                                    grade: su.value(r, "grade"), difficulty: su.value(r, "difficulty"),
                                    community: su.value(r, "community_id"),
                                    risk: Double(su.value(r, "risk_level")) ?? 0)
            students.append(student)
            studentByID[student.id] = student
        }
        if let th = try input("themes.csv", required: false) {
            for r in 0..<th.count {
                let text = th.value(r, "min_per_year")
                guard let m = text.isEmpty ? 1 : Double(text) else { throw bad(th, r, "min_per_year \"\(text)\"") }
                themes.append(ACTheme(name: th.value(r, "theme"), leadRole: th.value(r, "lead_role").lowercased(),
                                      minPerYear: m))
            }
        } else {
            themes = ActivitiesChecker.defaultThemes
        }
        for t in themes where themeByName[t.name] == nil { themeByName[t.name] = t }
        let ve = try input("venues.csv")!
        for r in 0..<ve.count {
            let id = ve.value(r, "venue_id")
            venues[id] = ACVenue(id: id, site: ve.value(r, "site_id"), capacity: Double(ve.value(r, "capacity")) ?? 0)
        }
        if let bl = try input("blackout.csv", required: false) {
            for r in 0..<bl.count {
                guard let f = ACCivil.parse(bl.value(r, "from")), let t = ACCivil.parse(bl.value(r, "to")) else {
                    throw bad(bl, r, "from/to not dates")
                }
                blackouts[bl.value(r, "site_id"), default: []].append((f, t))
            }
        }
        if let av = try input("availability.csv", required: false) {
            for r in 0..<av.count {
                guard let d = ACCivil.parse(av.value(r, "date")) else { throw bad(av, r, "date not a date") }
                let a = av.value(r, "available").lowercased()
                if ["false", "no", "0", "n"].contains(a) { unavailable.insert(ACPersonDay(person: av.value(r, "person_id"), day: d)) }
            }
        }
        let di = try input("directors.csv")!
        for r in 0..<di.count {
            directors.append(ACDirector(id: di.value(r, "person_id"), community: di.value(r, "community_id"),
                                        weeklyHours: Double(di.value(r, "weekly_hours")) ?? 0,
                                        vetted: acVetted(di.value(r, "vetted"))))
        }
        let dr = try input("doctors.csv")!
        let names = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
        for r in 0..<dr.count {
            var days = Set<Int>()
            for item in dr.value(r, "available").split(separator: ";") {
                let w = item.trimmingCharacters(in: .whitespaces).lowercased()
                if w.isEmpty { continue }
                if let n = Int(w), (1...7).contains(n) {
                    days.insert(n)
                } else if w.count >= 3, let n = names[String(w.prefix(3))] {
                    days.insert(n)
                } else {
                    throw bad(dr, r, "available weekday \"\(w)\"")
                }
            }
            let mx = dr.value(r, "max_per_month")
            guard mx.isEmpty || Int(mx) != nil else { throw bad(dr, r, "max_per_month \"\(mx)\"") }
            let id = dr.value(r, "person_id")
            doctors[id] = ACDoctor(id: id, weekdays: days, maxPerMonth: Int(mx))
        }
    }

    static let kinds: Set<String> = ["activity", "class_meeting", "event", "class", "sitting"]

    func loadOutputs() throws {
        let cal = try ACTable.load(c.out.appendingPathComponent("activities/calendar.csv"), name: "calendar.csv",
                                   required: true)!
        gradeMode = cal.has("grade")
        for r in 0..<cal.count {
            let site = cal.value(r, "site_id"), kind = cal.value(r, "kind")
            let subject = site.isEmpty ? "calendar.csv" : site
            let at = "calendar.csv line \(cal.line(r))"
            guard let date = ACCivil.parse(cal.value(r, "date")) else {
                flag("format", subject, "\(at): date \"\(cal.value(r, "date"))\" is not YYYY-MM-DD"); continue
            }
            guard let start = ACClock.parse(cal.value(r, "start")) else {
                flag("format", subject, "\(at): start \"\(cal.value(r, "start"))\" is not HH:MM"); continue
            }
            guard let minutes = Int(cal.value(r, "minutes")), minutes >= 0 else {
                flag("format", subject, "\(at): minutes \"\(cal.value(r, "minutes"))\" is not a number"); continue
            }
            guard Self.kinds.contains(kind) else { flag("format", subject, "\(at): unknown kind \"\(kind)\""); continue }
            guard let s = sites[site] else { flag("format", subject, "\(at): site \"\(site)\" not in sites.csv"); continue }
            let wanted = kind == "activity" ? "station" : "school"
            guard s.kind == wanted else {
                flag("format", subject, "\(at): \(kind) at a \(s.kind), must be at a \(wanted)"); continue
            }
            let venue = cal.value(r, "venue_id")
            if kind != "activity" && !venue.isEmpty { flag("format", subject, "\(at): \(kind) with a venue \(venue)") }
            rows.append(ACRow(line: cal.line(r), date: date, start: start, minutes: minutes, site: site, kind: kind,
                              theme: cal.value(r, "theme"), lead: cal.value(r, "lead_id"), venue: venue,
                              grade: gradeMode ? cal.value(r, "grade") : nil))
        }
        let vi = try ACTable.load(c.out.appendingPathComponent("activities/visits.csv"), name: "visits.csv",
                                  required: true)!
        for r in 0..<vi.count {
            let student = vi.value(r, "student_id"), kind = vi.value(r, "kind")
            let subject = student.isEmpty ? "visits.csv" : student
            let at = "visits.csv line \(vi.line(r))"
            guard let date = ACCivil.parse(vi.value(r, "date")) else {
                flag("format", subject, "\(at): date \"\(vi.value(r, "date"))\" is not YYYY-MM-DD"); continue
            }
            guard kind == "contact" || kind == "home_visit" else {
                flag("format", subject, "\(at): unknown kind \"\(kind)\""); continue
            }
            guard studentByID[student] != nil else {
                flag("format", subject, "\(at): student \"\(student)\" not in students.csv"); continue
            }
            visits.append(ACVisit(line: vi.line(r), date: date, director: vi.value(r, "director_id"), student: student,
                                  kind: kind))
        }
    }

    // MARK: calendar helpers

    func inHorizon(_ d: Int) -> Bool { d >= c.firstDay && d < c.endDay }
    func monthIndex(_ d: Int) -> Int {
        let t = ACCivil.ymd(d)
        return (t.year - c.startYear) * 12 + t.month - c.startMonth
    }
    func monthLabel(_ k: Int) -> String {
        let m0 = c.startMonth - 1 + k
        return String(format: "%04d-%02d", c.startYear + m0 / 12, m0 % 12 + 1)
    }
    func blackedOut(_ site: String, _ d: Int) -> Bool { blackouts[site]?.contains { $0.0 <= d && d <= $0.1 } ?? false }
    func isUnavailable(_ person: String, _ d: Int) -> Bool { unavailable.contains(ACPersonDay(person: person, day: d)) }
    func wd(_ d: Int) -> String { "\(ACCivil.weekdayNames[ACCivil.weekday(d)]) \(ACCivil.text(d))" }
    var span: String { "\(ACCivil.text(c.firstDay))..\(ACCivil.text(c.endDay - 1))" }

    func semesterParts() -> [ACPart] {
        var result: [ACPart] = []
        let lastYear = ACCivil.ymd(c.endDay - 1).year
        for y in (c.startYear - 1)...lastYear {
            for (name, from, to) in [("spring \(y)", ACCivil.day(y, 2, 15), ACCivil.day(y, 7, 10)),
                                     ("autumn \(y)", ACCivil.day(y, 9, 1), ACCivil.day(y + 1, 1, 20))] {
                let f = max(from, c.firstDay), t = min(to, c.endDay - 1)
                if f <= t { result.append(ACPart(name: "\(name) (\(ACCivil.text(f))..\(ACCivil.text(t)))", from: f, to: t)) }
            }
        }
        return result.sorted { $0.from < $1.from }
    }

    func isSchoolDay(_ school: String, _ d: Int) -> Bool {
        ACCivil.weekday(d) <= 5 && parts.contains { $0.from <= d && d <= $0.to } && !blackedOut(school, d)
    }

    func schoolDays(_ school: String, _ part: ACPart) -> [Int] {
        (part.from...part.to).filter { isSchoolDay(school, $0) }
    }

    func ids(ofKind kind: String) -> [String] { sites.values.filter { $0.kind == kind }.map(\.id).sorted() }

    // MARK: the rules

    func checkAll() {
        checkHorizon()
        checkStations()
        checkSchools()
        checkChildren()
        checkSittings()
        checkVetting()
    }

    /// 1. Every row's date lies inside the horizon.
    func checkHorizon() {
        for r in rows where !inHorizon(r.date) {
            flag("1", r.site, "calendar.csv line \(r.line): \(r.kind) on \(ACCivil.text(r.date)) outside the horizon \(span)")
        }
        for v in visits where !inHorizon(v.date) {
            flag("1", v.student, "visits.csv line \(v.line): \(v.kind) on \(ACCivil.text(v.date)) outside the horizon \(span)")
        }
    }

    /// 2. Station activities.
    func checkStations() {
        let acts = rows.filter { $0.kind == "activity" }
        let byStation = Dictionary(grouping: acts, by: \.site)
        let minPerMonth = p("min_per_month"), actMinutes = p("activity_minutes"), audience = p("audience")
        for st in ids(ofKind: "station") {
            let mine = byStation[st] ?? []
            let inside = mine.filter { inHorizon($0.date) }
            // a. every month
            for k in 0..<c.months {
                let n = inside.filter { monthIndex($0.date) == k }.count
                if Double(n) < minPerMonth - 1e-9 {
                    flag("2a", st, "\(monthLabel(k)): \(n) activities, need \(acNumber(minPerMonth))")
                }
            }
            // b. every theme, every horizon year
            for y in 0..<((c.months + 11) / 12) {
                let lo = 12 * y, hi = min(12 * y + 12, c.months)
                for t in themes {
                    let need = Int((t.minPerYear * Double(hi - lo) / 12 - 1e-9).rounded(.up))
                    let n = inside.filter { (lo..<hi).contains(monthIndex($0.date)) && $0.theme == t.name }.count
                    if n < need {
                        flag("2b", st, "theme \(t.name), horizon year \(y + 1) (\(monthLabel(lo))..\(monthLabel(hi - 1))): \(n) activities, need \(need)")
                    }
                }
            }
            // c. weekend, 09:30, activity_minutes, one a day
            for r in mine {
                let at = "calendar.csv line \(r.line)"
                if ACCivil.weekday(r.date) < 6 { flag("2c", st, "\(at): activity on \(wd(r.date)), not a Saturday or Sunday") }
                if r.start != 9 * 60 + 30 { flag("2c", st, "\(at): starts \(ACClock.text(r.start)), not 09:30") }
                if abs(Double(r.minutes) - actMinutes) > 1e-9 {
                    flag("2c", st, "\(at): \(r.minutes) minutes, not \(acNumber(actMinutes))")
                }
            }
            for (d, n) in Dictionary(grouping: mine, by: \.date).mapValues(\.count).sorted(by: { $0.key < $1.key }) where n > 1 {
                flag("2c", st, "\(n) activities on \(ACCivil.text(d)), at most 1 a day")
            }
            // e. the venue
            let station = sites[st]!
            for r in mine {
                let at = "calendar.csv line \(r.line)"
                guard !r.venue.isEmpty else { flag("2e", st, "\(at): activity without a venue"); continue }
                guard let v = venues[r.venue] else { flag("2e", st, "\(at): venue \(r.venue) not in venues.csv"); continue }
                let vs = sites[v.site]
                let onStreet = vs?.kind == "school" && !station.street.isEmpty && vs?.street == station.street
                if v.site != st && !onStreet {
                    flag("2e", st, "\(at): venue \(v.id) is at \(v.site), neither the station nor a school of its street")
                }
                if v.capacity < audience - 1e-9 {
                    flag("2e", st, "\(at): venue \(v.id) holds \(acNumber(v.capacity)), audience \(acNumber(audience))")
                }
                if blackedOut(v.site, r.date) { flag("2e", st, "\(at): venue's site \(v.site) blacked out on \(ACCivil.text(r.date))") }
                if v.site != st && blackedOut(st, r.date) { flag("2e", st, "\(at): station blacked out on \(ACCivil.text(r.date))") }
            }
        }
        let stationActs = acts
        // e. one activity per venue per day (subject: the venue)
        let perVenueDay = Dictionary(grouping: stationActs.filter { !$0.venue.isEmpty }) { ACPersonDay(person: $0.venue, day: $0.date) }
        for key in perVenueDay.keys.sorted(by: { ($0.person, $0.day) < ($1.person, $1.day) }) where perVenueDay[key]!.count > 1 {
            flag("2e", key.person, "venue holds \(perVenueDay[key]!.count) activities on \(ACCivil.text(key.day)), at most 1 a day")
        }
        // d. the lead
        for r in stationActs {
            let at = "calendar.csv line \(r.line)"
            guard !r.lead.isEmpty else { flag("2d", r.site, "\(at): activity without a lead"); continue }
            let theme = themeByName[r.theme]
            if theme == nil { flag("format", r.site, "\(at): theme \"\(r.theme)\" not a theme") }
            guard let s = staff[r.lead] else { flag("2d", r.lead, "\(at): lead not in staff.csv"); continue }
            if !s.vetted { flag("2d", r.lead, "\(at): lead not vetted") }
            if let t = theme, s.role != t.leadRole {
                flag("2d", r.lead, "\(at): lead is \(s.role), theme \(t.name) needs \(t.leadRole)")
            }
            let station = sites[r.site]!
            if s.currentSite != r.site && (s.street.isEmpty || s.street != station.street) {
                flag("2d", r.lead, "\(at): lead neither at station \(r.site) nor on its street")
            }
            if isUnavailable(r.lead, r.date) { flag("2d", r.lead, "\(at): lead unavailable on \(ACCivil.text(r.date))") }
        }
        let perLeadDay = Dictionary(grouping: stationActs.filter { !$0.lead.isEmpty }) { ACPersonDay(person: $0.lead, day: $0.date) }
        for key in perLeadDay.keys.sorted(by: { ($0.person, $0.day) < ($1.person, $1.day) }) where perLeadDay[key]!.count > 1 {
            flag("2d", key.person, "leads \(perLeadDay[key]!.count) activities on \(ACCivil.text(key.day)), at most 1 a day")
        }
    }

    static func stage(_ grade: String) -> Int? {
        guard let g = Int(grade) else { return nil }
        switch g {
        case 1...5: return 1
        case 6...9: return 2
        case 10...12: return 3
        default: return nil
        }
    }
    static let stageNames = ["", "primary", "junior", "senior"]

    /// 3. School events, class meetings and classes.
    func checkSchools() {
        let schoolKinds: Set<String> = ["class_meeting", "event", "class"]
        let schoolRows = rows.filter { schoolKinds.contains($0.kind) }
        let bySchool = Dictionary(grouping: schoolRows, by: \.site)
        let classMinutes = p("class_minutes"), perDay = p("events_per_day")
        let expectedTheme = ["class_meeting": "mental_health", "event": "life_education", "class": "mental_health"]
        for school in ids(ofKind: "school") {
            let mine = bySchool[school] ?? []
            let grades = Set(students.filter { $0.school == school }.map(\.grade).filter { !$0.isEmpty }).sorted()
            let stages = Set(grades.compactMap(Self.stage)).sorted()
            // per-row checks (3a for meetings and events, 3b for classes)
            for r in mine {
                let rule = r.kind == "class" ? "3b" : "3a"
                let at = "calendar.csv line \(r.line)"
                if r.theme != expectedTheme[r.kind]! {
                    flag(rule, school, "\(at): \(r.kind) with theme \"\(r.theme)\", must be \(expectedTheme[r.kind]!)")
                }
                if !isSchoolDay(school, r.date) { flag(rule, school, "\(at): \(r.kind) on \(wd(r.date)), not a school day") }
                if let g = r.grade {
                    if r.kind == "class" {
                        if !grades.contains(g) || Self.stage(g) == nil {
                            flag(rule, school, "\(at): class for grade \"\(g)\", not a staged grade of the school")
                        }
                    } else if !grades.contains(g) {
                        flag(rule, school, "\(at): \(r.kind) for grade \"\(g)\", not a grade of the school")
                    }
                }
            }
            let valid = mine.filter { $0.theme == expectedTheme[$0.kind]! && isSchoolDay(school, $0.date) }
            for part in parts {
                let days = schoolDays(school, part)
                guard days.count >= 10 else { continue }
                let inPart = valid.filter { part.from <= $0.date && $0.date <= part.to }
                // a. a class meeting and an event for every grade
                for kind in ["class_meeting", "event"] {
                    let these = inPart.filter { $0.kind == kind }
                    if gradeMode {
                        for g in grades where !these.contains(where: { $0.grade == g }) {
                            flag("3a", school, "\(part.name): no \(kind) for grade \(g)")
                        }
                    } else if these.count < grades.count {
                        flag("3a", school, "\(part.name): \(these.count) \(kind) rows for \(grades.count) grades")
                    }
                }
                // b. a fortnightly class series per stage
                checkClassSeries(school, part, days, stages, inPart.filter { $0.kind == "class" })
            }
            // c. leads, minutes, events per day
            for r in mine {
                let at = "calendar.csv line \(r.line)"
                if abs(Double(r.minutes) - classMinutes) > 1e-9 {
                    flag("3c", school, "\(at): \(r.kind) of \(r.minutes) minutes, not \(acNumber(classMinutes))")
                }
                if r.lead.isEmpty {
                    if r.kind != "class_meeting" { flag("3c", school, "\(at): \(r.kind) without a lead") }
                    continue
                }
                guard let s = staff[r.lead] else { flag("3c", r.lead, "\(at): lead not in staff.csv"); continue }
                if !s.vetted { flag("3c", r.lead, "\(at): lead not vetted") }
                if s.role != "psych_teacher" { flag("3c", r.lead, "\(at): lead is \(s.role), not a psych_teacher") }
                if s.currentSite != school { flag("3c", r.lead, "\(at): lead's current_site is \"\(s.currentSite)\", not \(school)") }
            }
            let meetings = Dictionary(grouping: mine.filter { $0.kind != "class" }, by: \.date)
            for d in meetings.keys.sorted() where Double(meetings[d]!.count) > perDay + 1e-9 {
                flag("3c", school, "\(meetings[d]!.count) class_meeting/event rows on \(ACCivil.text(d)), at most \(acNumber(perDay))")
            }
        }
        // c. a lead is never in two overlapping rows (at least one of them a school row)
        let byLeadDay = Dictionary(grouping: rows.filter { !$0.lead.isEmpty }) { ACPersonDay(person: $0.lead, day: $0.date) }
        for key in byLeadDay.keys.sorted(by: { ($0.person, $0.day) < ($1.person, $1.day) }) {
            let list = byLeadDay[key]!.sorted { ($0.start, $0.line) < ($1.start, $1.line) }
            guard list.count > 1 else { continue }
            for i in 0..<list.count {
                for j in (i + 1)..<list.count {
                    let a = list[i], b = list[j]
                    guard schoolKinds.contains(a.kind) || schoolKinds.contains(b.kind) else { continue }
                    if a.start < b.end && b.start < a.end {
                        flag("3c", key.person, "calendar.csv lines \(min(a.line, b.line)) and \(max(a.line, b.line)) overlap on \(ACCivil.text(key.day))")
                    }
                }
            }
        }
    }

    /// 3b for one school and semester part: `classes` are the part's valid class rows.
    func checkClassSeries(_ school: String, _ part: ACPart, _ days: [Int], _ stages: [Int], _ classes: [ACRow]) {
        guard !stages.isEmpty else { return }
        let firstMonday = ACCivil.monday(part.from)
        func fortnight(_ d: Int) -> Int { (ACCivil.monday(d) - firstMonday) / 14 }
        func fortnightText(_ f: Int) -> String {
            "\(ACCivil.text(max(part.from, firstMonday + 14 * f)))..\(ACCivil.text(min(part.to, firstMonday + 14 * f + 13)))"
        }
        /// The fortnights with a school day on weekday w.
        func relevant(_ w: Int) -> [Int] { Set(days.filter { ACCivil.weekday($0) == w }.map(fortnight)).sorted() }
        struct Slot: Hashable, Comparable {
            let weekday: Int, start: Int
            static func < (a: Slot, b: Slot) -> Bool { (a.weekday, a.start) < (b.weekday, b.start) }
        }
        func slotText(_ s: Slot) -> String { "\(ACCivil.weekdayNames[s.weekday]) \(ACClock.text(s.start))" }
        /// The fewest classes of `rows` in a relevant fortnight (nil: none relevant), and the missed ones.
        func coverage(_ slot: Slot, _ rows: [ACRow]) -> (min: Int?, missed: [Int]) {
            let counts = Dictionary(grouping: rows) { fortnight($0.date) }.mapValues(\.count)
            let rel = relevant(slot.weekday)
            return (rel.map { counts[$0] ?? 0 }.min(), rel.filter { counts[$0] == nil })
        }
        func slot(_ r: ACRow) -> Slot { Slot(weekday: ACCivil.weekday(r.date), start: r.start) }

        if gradeMode {
            for s in stages {
                let name = Self.stageNames[s]
                let these = classes.filter { $0.grade.flatMap(Self.stage) == s }
                let slots = Set(these.map(slot)).sorted()
                if slots.isEmpty {
                    flag("3b", school, "\(part.name): no class for the \(name) stage")
                } else if slots.count > 1 {
                    flag("3b", school, "\(part.name): \(name) classes on \(slots.count) weekday/start pairs (\(slots.map(slotText).joined(separator: ", "))), must share one")
                } else {
                    let missed = coverage(slots[0], these).missed
                    if !missed.isEmpty {
                        flag("3b", school, "\(part.name): \(name) class series \(slotText(slots[0])) misses fortnight(s) \(missed.map(fortnightText).joined(separator: ", "))")
                    }
                }
            }
            return
        }
        // Without a grade column a class row does not name its stage: the rows must split into one
        // series per stage, each on one weekday and start time (stages may share a slot).
        let bySlot = Dictionary(grouping: classes, by: slot)
        let slots = bySlot.keys.sorted()
        if slots.count > stages.count {
            flag("3b", school, "\(part.name): classes on \(slots.count) weekday/start pairs (\(slots.map(slotText).joined(separator: ", "))) for \(stages.count) stage(s), each stage's classes must share one")
        }
        var covered = 0
        for s in slots {
            let cov = coverage(s, bySlot[s]!)
            if !cov.missed.isEmpty {
                flag("3b", school, "\(part.name): class series \(slotText(s)) misses fortnight(s) \(cov.missed.map(fortnightText).joined(separator: ", "))")
            }
            covered += max(1, min(cov.min ?? stages.count, stages.count))
        }
        if covered < stages.count {
            let names = stages.map { Self.stageNames[$0] }.joined(separator: ", ")
            flag("3b", school, "\(part.name): \(stages.count - covered) of \(stages.count) stage(s) (\(names)) without a fortnightly class series")
        }
    }

    /// 4. Child-director contacts.
    func checkChildren() {
        let byStudent = Dictionary(grouping: visits, by: \.student)
        let abnormal = p("abnormal_level")
        let children = students.filter { !$0.difficulty.isEmpty }.sorted { $0.id < $1.id }
        for child in children {
            let mine = (byStudent[child.id] ?? []).filter { inHorizon($0.date) }
            let months = mine.map { monthIndex($0.date) }
            let visitMonths = Set(mine.filter { $0.kind == "home_visit" }.map { monthIndex($0.date) })
            // a. a contact (or home visit) every month
            for k in 0..<c.months where !months.contains(k) {
                flag("4a", child.id, "no contact or home visit in \(monthLabel(k))")
            }
            if child.risk < abnormal - 1e-9 {
                // b. a home visit every month pair
                for k in stride(from: 0, to: c.months, by: 2) {
                    let pair = k + 1 < c.months ? [k, k + 1] : [k]
                    if !pair.contains(where: visitMonths.contains) {
                        flag("4b", child.id, "no home visit in \(pair.map(monthLabel).joined(separator: ".."))")
                    }
                }
            } else {
                // c. a home visit every month, a contact in every 14-day window
                for k in 0..<c.months where !visitMonths.contains(k) {
                    flag("4c", child.id, "risk level \(acNumber(child.risk)): no home visit in \(monthLabel(k))")
                }
                let dates = Set(mine.map(\.date)).sorted()
                var free = c.firstDay  // first day not yet covered by a contact
                for d in dates + [c.endDay] {
                    if d - free >= 14 {
                        flag("4c", child.id, "risk level \(acNumber(child.risk)): no contact from \(ACCivil.text(free)) to \(ACCivil.text(d - 1)) (\(d - free) days)")
                    }
                    free = d + 1
                }
            }
        }
        // d. the director, the weekday, availability, weekly hours
        let contactCost = p("contact_minutes") + p("travel_minutes"), visitCost = p("visit_minutes") + p("travel_minutes")
        for v in visits {
            let at = "visits.csv line \(v.line)"
            let community = studentByID[v.student]!.community
            let legal = directors.contains { $0.id == v.director && $0.community == community && $0.vetted }
            if !legal {
                flag("4d", v.director.isEmpty ? v.student : v.director,
                     "\(at): \(v.director.isEmpty ? "no director" : "not the vetted director") of \(v.student)'s community \(community)")
            }
            if ACCivil.weekday(v.date) > 5 { flag("4d", v.director, "\(at): \(v.kind) on \(wd(v.date)), not a weekday") }
            if isUnavailable(v.director, v.date) { flag("4d", v.director, "\(at): unavailable on \(ACCivil.text(v.date))") }
        }
        let byDirectorWeek = Dictionary(grouping: visits.filter { inHorizon($0.date) && !$0.director.isEmpty }) {
            ACPersonDay(person: $0.director, day: ACCivil.monday($0.date))
        }
        for key in byDirectorWeek.keys.sorted(by: { ($0.person, $0.day) < ($1.person, $1.day) }) {
            let rowsOf = directors.filter { $0.id == key.person }
            guard let hours = rowsOf.map(\.weeklyHours).max() else { continue }  // an unknown director: flagged above
            let minutes = byDirectorWeek[key]!.reduce(0.0) { $0 + ($1.kind == "home_visit" ? visitCost : contactCost) }
            let daysIn = (key.day..<(key.day + 7)).filter(inHorizon).count
            let limit = hours * 60 * Double(daysIn) / 7
            if minutes > limit + 1e-9 {
                flag("4d", key.person, "week of \(ACCivil.text(key.day)): \(acNumber(minutes)) minutes, limit \(String(format: "%.1f", limit)) (\(acNumber(hours)) h a week, \(daysIn) day(s) in the horizon)")
            }
        }
    }

    /// 5. Doctors' sittings.
    func checkSittings() {
        let sittings = rows.filter { $0.kind == "sitting" }
        let bySchool = Dictionary(grouping: sittings, by: \.site)
        let minutes = p("sitting_minutes")
        for school in ids(ofKind: "school") {
            let mine = bySchool[school] ?? []
            for k in 0..<c.months {
                let m0 = c.startMonth - 1 + k
                let first = ACCivil.day(c.startYear + m0 / 12, m0 % 12 + 1, 1)
                let next = ACCivil.day(c.startYear + (m0 + 1) / 12, (m0 + 1) % 12 + 1, 1)
                // A month with fewer than 10 school days (a semester's last days) needs no sitting.
                guard (first..<next).filter({ isSchoolDay(school, $0) }).count >= 10 else { continue }
                if !mine.contains(where: { inHorizon($0.date) && monthIndex($0.date) == k }) {
                    flag("5", school, "no sitting in \(monthLabel(k))")
                }
            }
            for r in mine {
                let at = "calendar.csv line \(r.line)"
                if !isSchoolDay(school, r.date) { flag("5", school, "\(at): sitting on \(wd(r.date)), not a school day") }
                if abs(Double(r.minutes) - minutes) > 1e-9 {
                    flag("5", school, "\(at): sitting of \(r.minutes) minutes, not \(acNumber(minutes))")
                }
                if r.start != 9 * 60 { flag("5", school, "\(at): sitting starts \(ACClock.text(r.start)), not 09:00") }
                if !r.theme.isEmpty { flag("5", school, "\(at): sitting with theme \"\(r.theme)\", must be empty") }
                guard !r.lead.isEmpty else { flag("5", school, "\(at): sitting without a doctor"); continue }
                guard let doc = doctors[r.lead] else { flag("5", r.lead, "\(at): not in doctors.csv"); continue }
                if !doc.weekdays.contains(ACCivil.weekday(r.date)) {
                    flag("5", r.lead, "\(at): sitting on \(wd(r.date)), not one of the doctor's weekdays")
                }
                if isUnavailable(r.lead, r.date) { flag("5", r.lead, "\(at): unavailable on \(ACCivil.text(r.date))") }
            }
        }
        let withLead = sittings.filter { !$0.lead.isEmpty }
        let perDay = Dictionary(grouping: withLead) { ACPersonDay(person: $0.lead, day: $0.date) }
        for key in perDay.keys.sorted(by: { ($0.person, $0.day) < ($1.person, $1.day) }) where perDay[key]!.count > 1 {
            flag("5", key.person, "\(perDay[key]!.count) sittings on \(ACCivil.text(key.day)), at most 1 a day")
        }
        let perMonth = Dictionary(grouping: withLead) { r -> ACPersonDay in
            let t = ACCivil.ymd(r.date)
            return ACPersonDay(person: r.lead, day: ACCivil.day(t.year, t.month, 1))
        }
        for key in perMonth.keys.sorted(by: { ($0.person, $0.day) < ($1.person, $1.day) }) {
            guard let mx = doctors[key.person]?.maxPerMonth, perMonth[key]!.count > mx else { continue }
            flag("5", key.person, "\(perMonth[key]!.count) sittings in \(ACCivil.text(key.day).prefix(7)), at most \(mx)")
        }
    }

    /// 6. Unvetted staff and directors appear nowhere.
    func checkVetting() {
        var unvetted = Set(staff.values.filter { !$0.vetted }.map(\.id))
        unvetted.formUnion(directors.filter { !$0.vetted }.map(\.id))
        for r in rows where unvetted.contains(r.lead) {
            flag("6", r.lead, "calendar.csv line \(r.line): unvetted person leads a \(r.kind) on \(ACCivil.text(r.date))")
        }
        for v in visits where unvetted.contains(v.director) {
            flag("6", v.director, "visits.csv line \(v.line): unvetted director makes a \(v.kind) on \(ACCivil.text(v.date))")
        }
    }
}
