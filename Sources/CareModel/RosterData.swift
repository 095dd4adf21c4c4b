import Foundation

/// A day of the Gregorian calendar, without time or zone.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        dayNumber = era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD`, strictly (digits only).
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Self.digits(parts[0]), let m = Self.digits(parts[1]), let d = Self.digits(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// A date as tables (and spreadsheets in the district's locale) write it: year first, then
    /// month and day, separated by `-` or by `/` (the same both times), the month and day of one
    /// or two digits: `2026-12-09`, `2026-12-9`, `2026/12/19`, `2026/1/5`.
    /// Day- or month-first forms (`12/9/2026`) are ambiguous and never read.
    public init?(table text: String) {
        let separator: Character = text.contains("/") ? "/" : "-"
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              let y = Self.digits(parts[0]), let m = Self.digits(parts[1]), let d = Self.digits(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// What is wrong with `text` as a table date, to follow the column's name in a message:
    /// `"12/9/2026" is ambiguous or not a date; write YYYY-MM-DD (2026-12-09 or 2026-09-12), or YYYY/MM/DD`.
    /// When the text reads as a day and month before a year, the dates it may mean are given.
    public static func tableDateProblem(_ text: String) -> String {
        if text.isEmpty { return "is empty; expected a date YYYY-MM-DD or YYYY/MM/DD" }
        var readings = [CalendarDate]()
        for separator in ["/", "-", "."] as [Character] {
            let parts = text.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
                  let a = digits(parts[0]), let b = digits(parts[1]), let y = digits(parts[2]) else { continue }
            readings = [CalendarDate(year: y, month: a, day: b), CalendarDate(year: y, month: b, day: a)].compactMap { $0 }
            break
        }
        let examples = Array(Set(readings)).sorted(by: >).map(\.description)
        let shown = text.count > 40 ? String(text.prefix(40)) + "..." : text
        return "\"\(shown)\" is ambiguous or not a date; write YYYY-MM-DD\(examples.isEmpty ? "" : " (\(examples.joined(separator: " or ")))"), or YYYY/MM/DD"
    }

    /// A whole number written with ASCII digits only (no sign, no space).
    static func digits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 1 Monday ... 7 Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7 + 7 + 3) % 7) + 1 }
    public var isWeekend: Bool { weekday >= 6 }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    public var description: String {
        let c = components
        return Self.zeroPadded(c.year, 4) + "-" + Self.zeroPadded(c.month, 2) + "-" + Self.zeroPadded(c.day, 2)
    }

    /// `YYYYMMDD`, as iCalendar writes dates.
    public var compact: String {
        let c = components
        return Self.zeroPadded(c.year, 4) + Self.zeroPadded(c.month, 2) + Self.zeroPadded(c.day, 2)
    }

    /// `n` (at least 0) in decimal with leading zeros to `width` digits: what `%0Nd` gives, without
    /// Foundation's formatter (microseconds a call, seconds over a district's calendar).
    public static func zeroPadded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    public static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                                    "November", "December"]
    /// "Monday" ... "Sunday".
    public var weekdayName: String { Self.weekdayNames[weekday - 1] }
    /// "March 2027".
    public var monthAndYear: String { let c = components; return "\(Self.monthNames[c.month - 1]) \(c.year)" }

    /// `HH:MM` (`separator` between) of a minute of the day.
    public static func clock(_ minute: Int, separator: String = ":") -> String {
        zeroPadded(minute / 60, 2) + separator + zeroPadded(minute % 60, 2)
    }

    public static func < (a: Self, b: Self) -> Bool { a.dayNumber < b.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// The days a roster covers: `days` days from `start`.
public struct RosterHorizon: Sendable, Hashable {
    public let start: CalendarDate
    public let days: Int

    public init(start: CalendarDate, days: Int) {
        self.start = start
        self.days = days
    }

    public func date(_ day: Int) -> CalendarDate { start.adding(days: day) }
    public var end: CalendarDate { start.adding(days: days - 1) }

    /// The day number of `date` in the horizon, or nil outside it.
    public func day(of date: CalendarDate) -> Int? {
        let d = date.dayNumber - start.dayNumber
        return d >= 0 && d < days ? d : nil
    }

    /// The weekends the horizon touches, each as the days (one or two: Saturday, Sunday) inside it.
    public var weekends: [[Int]] {
        var out = [[Int]]()
        for d in 0..<days where date(d).isWeekend {
            if date(d).weekday == 7, d > 0, date(d - 1).weekday == 6 { out[out.count - 1].append(d) } else { out.append([d]) }
        }
        return out
    }
}

/// A shift type (`shifts.csv`).
public struct ShiftType: Sendable, Hashable {
    public let id: String
    /// Minutes after midnight the shift starts.
    public let start: Int
    public let minutes: Int
    /// Shift ids that may not be worked the day after this one.
    public let notFollowedBy: [String]

    public init(id: String, start: Int, minutes: Int, notFollowedBy: [String] = []) {
        (self.id, self.start, self.minutes, self.notFollowedBy) = (id, start, minutes, notFollowedBy)
    }

    /// `HH:MM`.
    public var startText: String { String(format: "%02d:%02d", start / 60, start % 60) }
}

/// A person on the roster and their contract (`roster_staff.csv`).
public struct RosterPerson: Sendable, Hashable {
    public let id: String
    public let skills: [String]
    /// At most this many shifts of a type over the horizon; a type not listed has no limit.
    public let maxShifts: [String: Int]
    public let maxMinutes: Int?
    public let minMinutes: Int
    public let maxConsecutive: Int?
    public let minConsecutive: Int
    public let minDaysOff: Int
    public let maxWeekends: Int?
    /// Where the person was written (for messages).
    public let line: Int

    public init(id: String, skills: [String] = [], maxShifts: [String: Int] = [:], maxMinutes: Int? = nil, minMinutes: Int = 0,
                maxConsecutive: Int? = nil, minConsecutive: Int = 1, minDaysOff: Int = 1, maxWeekends: Int? = nil, line: Int = 0) {
        (self.id, self.skills, self.maxShifts, self.maxMinutes, self.minMinutes) = (id, skills, maxShifts, maxMinutes, minMinutes)
        (self.maxConsecutive, self.minConsecutive, self.minDaysOff, self.maxWeekends, self.line) = (maxConsecutive, minConsecutive, minDaysOff, maxWeekends, line)
    }
}

/// A person's wish for a day (`requests.csv`): to work a shift (`on`) or not to (`off`).
/// Without a shift id, `on` means any shift and `off` the whole day.
public struct ShiftRequest: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable { case on, off }
    public let personID: String
    public let date: CalendarDate
    public let shiftID: String?
    public let kind: Kind
    public let weight: Double

    public init(personID: String, date: CalendarDate, shiftID: String?, kind: Kind, weight: Double) {
        (self.personID, self.date, self.shiftID, self.kind, self.weight) = (personID, date, shiftID, kind, weight)
    }
}

/// How many people a shift needs on a date (`cover.csv`); `skill` nil: anyone.
public struct CoverRequirement: Sendable, Hashable {
    public let date: CalendarDate
    public let shiftID: String
    public let skill: String?
    public let required: Int
    public let underWeight: Double
    public let overWeight: Double

    public init(date: CalendarDate, shiftID: String, skill: String?, required: Int, underWeight: Double, overWeight: Double) {
        (self.date, self.shiftID, self.skill) = (date, shiftID, skill)
        (self.required, self.underWeight, self.overWeight) = (required, underWeight, overWeight)
    }
}

/// The roster plan's tables, read and checked against each other and the horizon.
public struct RosterData: Sendable {
    public var horizon: RosterHorizon
    public var shifts: [ShiftType]
    public var staff: [RosterPerson]
    /// Days each person must be off.
    public var leave: [(personID: String, date: CalendarDate)]
    public var requests: [ShiftRequest]
    public var cover: [CoverRequirement]
    public var warnings: [String] = []
    /// Re-planning (`--from`): the earlier roster, each person's shift id by date (a day not
    /// listed: off), and the first day it may change (`previousFrom`; the days before are kept).
    public var previous: [String: [CalendarDate: String]] = [:]
    public var previousFrom: CalendarDate?

    public init(horizon: RosterHorizon, shifts: [ShiftType], staff: [RosterPerson], leave: [(personID: String, date: CalendarDate)] = [],
                requests: [ShiftRequest] = [], cover: [CoverRequirement] = []) {
        (self.horizon, self.shifts, self.staff) = (horizon, shifts, staff)
        (self.leave, self.requests, self.cover) = (leave, requests, cover)
    }

    public static let files = ["shifts.csv", "roster_staff.csv", "leave.csv", "requests.csv", "cover.csv"]

    /// Reads the tables from a folder: `shifts.csv`, `roster_staff.csv` and `cover.csv` are
    /// required, `leave.csv` and `requests.csv` optional.
    public static func load(from directory: URL, display: String? = nil, horizon: RosterHorizon) throws -> RosterData {
        let folder = TableFolder(directory, display: display)
        return try parse(shifts: folder.required("shifts.csv", for: "roster"), staff: folder.required("roster_staff.csv", for: "roster"),
                         leave: folder.optional("leave.csv"), requests: folder.optional("requests.csv"),
                         cover: folder.required("cover.csv", for: "roster"), horizon: horizon)
    }

    public static func parse(shifts shiftsCSV: CSVTable, staff staffCSV: CSVTable, leave leaveCSV: CSVTable?, requests requestsCSV: CSVTable?,
                             cover coverCSV: CSVTable, horizon: RosterHorizon) throws -> RosterData {
        var warnings = [String]()

        // shifts.csv
        let shiftTable = try Table(shiftsCSV, required: ["shift_id", "start", "minutes"], optional: ["not_followed_by"])
        warnings += shiftTable.warnings
        var shifts = [ShiftType](), shiftLine = [String: Int]()
        for row in shiftTable.rows {
            let id = try row.uniqueIdentifier("shift_id", lines: &shiftLine)
            let startText = row.field("start").value
            guard let start = clockMinutes(startText) else {
                throw row.error("start", "start must be a time of day HH:MM from 00:00 to 23:59, found \"\(startText)\"")
            }
            shifts.append(ShiftType(id: id, start: start, minutes: try row.int("minutes", in: 1...1440, what: "a length in minutes from 1 to 1440"),
                                    notFollowedBy: row.list("not_followed_by")))
        }
        if shifts.isEmpty { throw DataError(file: shiftsCSV.file, line: 1, column: 0, message: "has no shifts; expected at least one row") }
        // Successions name known shifts (checked once all are read).
        for (row, shift) in zip(shiftTable.rows, shifts) {
            for next in shift.notFollowedBy where shiftLine[next] == nil {
                throw row.error("not_followed_by", "not_followed_by names shift '\(next)', which is not in \(shiftsCSV.file); expected shift ids separated by ;")
            }
        }
        func knownShift(_ row: TableRow, _ column: String, _ id: String) throws {
            guard shiftLine[id] != nil else {
                throw row.error(column, "\(column) '\(id)' is not in \(shiftsCSV.file); expected one of \(shifts.map(\.id).joined(separator: ", "))")
            }
        }

        // roster_staff.csv
        let staffTable = try Table(staffCSV, required: ["person_id"], optional: [
            "skills", "max_shifts", "max_minutes", "min_minutes", "max_consecutive", "min_consecutive", "min_days_off", "max_weekends"])
        warnings += staffTable.warnings
        var staff = [RosterPerson](), personLine = [String: Int]()
        let big = 1_000_000
        for row in staffTable.rows {
            let id = try row.uniqueIdentifier("person_id", lines: &personLine)
            var maxShifts = [String: Int]()
            for token in row.list("max_shifts") {
                let parts = token.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let n = Int(parts[1]), n >= 0 else {
                    throw row.error("max_shifts", "max_shifts item \"\(token)\" must read SHIFT=N with N a whole number of at least 0, such as D=14;N=4")
                }
                try knownShift(row, "max_shifts", parts[0])
                if maxShifts[parts[0]] != nil { throw row.error("max_shifts", "max_shifts gives shift '\(parts[0])' twice") }
                maxShifts[parts[0]] = n
            }
            let maxMinutes = try row.optionalInt("max_minutes", in: 0...big, what: "a number of minutes of at least 0")
            let minMinutes = try row.optionalInt("min_minutes", in: 0...big, what: "a number of minutes of at least 0") ?? 0
            if let maxMinutes, minMinutes > maxMinutes {
                throw row.error("min_minutes", "min_minutes (\(minMinutes)) is above max_minutes (\(maxMinutes))")
            }
            let maxConsecutive = try row.optionalInt("max_consecutive", in: 1...big, what: "a number of days of at least 1")
            let minConsecutive = try row.optionalInt("min_consecutive", in: 1...big, what: "a number of days of at least 1") ?? 1
            if let maxConsecutive, minConsecutive > maxConsecutive {
                throw row.error("min_consecutive", "min_consecutive (\(minConsecutive)) is above max_consecutive (\(maxConsecutive)): no run of working days could meet both")
            }
            staff.append(RosterPerson(
                id: id, skills: Array(Set(row.list("skills"))).sorted(), maxShifts: maxShifts, maxMinutes: maxMinutes, minMinutes: minMinutes,
                maxConsecutive: maxConsecutive, minConsecutive: minConsecutive,
                minDaysOff: try row.optionalInt("min_days_off", in: 1...big, what: "a number of days of at least 1") ?? 1,
                maxWeekends: try row.optionalInt("max_weekends", in: 0...big, what: "a number of weekends of at least 0"), line: row.line))
        }
        if staff.isEmpty { throw DataError(file: staffCSV.file, line: 1, column: 0, message: "has nobody on it; expected at least one row (one per person)") }
        func knownPerson(_ row: TableRow, _ id: String) throws {
            guard personLine[id] != nil else { throw row.error("person_id", "person_id '\(id)' is not in \(staffCSV.file)") }
        }
        /// The row's date (any form `CalendarDate(table:)` reads); with `inHorizon`, one outside the horizon is an error.
        func date(_ row: TableRow, _ column: String = "date", inHorizon: Bool) throws -> CalendarDate {
            let date = try row.date(column)
            guard !inHorizon || horizon.day(of: date) != nil else {
                throw row.error(column, "\(column) \(date) is outside the roster's horizon, \(horizon.start) to \(horizon.end) (\(horizon.days) days)")
            }
            return date
        }
        /// Leave and requests may cover more than the horizon (a year's leave list serves any four
        /// weeks): each row's person and date are checked, then `read` takes the rows inside the
        /// horizon; those outside are left out, with one warning per file.
        func personDays(_ csv: CSVTable?, required: [String], optional: [String] = [],
                        _ read: (TableRow, String, CalendarDate) throws -> Void) throws {
            guard let csv else { return }
            let table = try Table(csv, required: ["person_id", "date"] + required, optional: optional)
            warnings += table.warnings
            var outside = 0
            for row in table.rows {
                let id = try row.identifier("person_id")
                try knownPerson(row, id)
                let day = try date(row, inHorizon: false)
                try read(row, id, day)
                if horizon.day(of: day) == nil { outside += 1 }
            }
            guard outside > 0 else { return }
            warnings.append("\(csv.file): \(outside) row\(outside == 1 ? "" : "s") outside the roster's horizon \(horizon.start) to \(horizon.end) \(outside == 1 ? "was" : "were") ignored")
        }
        func weight(_ row: TableRow, _ column: String) throws -> Double {
            try row.optionalNumber(column, in: 0...1e9, what: "a weight of at least 0") ?? {
                throw row.error(column, "\(column) is empty; expected a weight of at least 0")
            }()
        }

        // leave.csv, requests.csv
        var leave = [(personID: String, date: CalendarDate)]()
        try personDays(leaveCSV, required: []) { _, id, day in
            if horizon.day(of: day) != nil { leave.append((id, day)) }
        }
        var requests = [ShiftRequest]()
        try personDays(requestsCSV, required: ["kind", "weight"], optional: ["shift_id"]) { row, id, day in
            let shift = row.optionalText("shift_id")
            if let shift { try knownShift(row, "shift_id", shift) }
            let kind = try row.choice("kind", of: ShiftRequest.Kind.self)
            let request = ShiftRequest(personID: id, date: day, shiftID: shift, kind: kind, weight: try weight(row, "weight"))
            if horizon.day(of: day) != nil { requests.append(request) }
        }

        // cover.csv
        let coverTable = try Table(coverCSV, required: ["date", "shift_id", "required", "under_weight", "over_weight"], optional: ["skill"])
        warnings += coverTable.warnings
        var cover = [CoverRequirement](), coverLine = [String: Int]()
        let skills = Set(staff.flatMap(\.skills))
        var unknownSkills = Set<String>()
        for row in coverTable.rows {
            let day = try date(row, inHorizon: true)
            let shift = try row.identifier("shift_id")
            try knownShift(row, "shift_id", shift)
            let skill = row.optionalText("skill")
            let key = "\(day) \(shift) \(skill ?? "")"
            if let first = coverLine[key] {
                throw row.error("shift_id", "cover for \(shift) on \(day)\(skill.map { " (skill \($0))" } ?? "") is already given on line \(first)")
            }
            coverLine[key] = row.line
            if let skill, !skills.contains(skill) { unknownSkills.insert(skill) }
            cover.append(CoverRequirement(date: day, shiftID: shift, skill: skill,
                                          required: try row.int("required", in: 0...100_000, what: "a number of people of at least 0"),
                                          underWeight: try weight(row, "under_weight"), overWeight: try weight(row, "over_weight")))
        }
        for skill in unknownSkills.sorted() {
            warnings.append("\(coverCSV.file): nobody in \(staffCSV.file) has skill '\(skill)', so its cover cannot be met")
        }
        var data = RosterData(horizon: horizon, shifts: shifts, staff: staff, leave: leave, requests: requests, cover: cover)
        data.warnings = warnings
        return data
    }

    /// Minutes after midnight of `HH:MM`.
    static func clockMinutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }
}
