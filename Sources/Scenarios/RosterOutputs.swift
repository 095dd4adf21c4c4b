import CareModel
import Foundation
import Planning

/// The roster plan's files: the person-by-date grid, the assignments, every violation with its
/// cause, and the shifts as iCalendar (one file with everyone's, and one per person in
/// `roster/ics/` for each to import their own).
public enum RosterOutputs {
    public static func write(_ plan: RosterPlan, to folder: some OutputSink) throws {
        let p = plan.problem
        var grid = CSVWriter(header: ["person_id"] + (0..<p.days).map { p.horizon.date($0).description })
        for (q, person) in p.people.enumerated() {
            grid.append([person.id] + (0..<p.days).map { d in
                plan.grid[q][d].map { p.shifts[$0].id } ?? (person.leave.contains(d) ? "leave" : "")
            })
        }
        // Start and end as local date and time (a night shift ends the next morning).
        var assignments = CSVWriter(header: ["person_id", "date", "shift_id", "start", "end"])
        func moment(_ date: CalendarDate, _ minute: Int) -> String {
            "\(date.adding(days: minute / 1440)) " + String(format: "%02d:%02d", minute % 1440 / 60, minute % 60)
        }
        for a in plan.assignments {
            assignments.append([a.personID, a.date.description, a.shift.id, moment(a.date, a.shift.start), moment(a.date, a.shift.start + a.shift.minutes)])
        }
        var violations = CSVWriter(header: ["kind", "person_id", "date", "shift_id", "skill", "amount", "penalty", "cause"])
        for v in plan.violations {
            violations.append([v.kind, v.personID, v.date, v.shiftID, v.skill, String(v.amount), CSVWriter.number(v.penalty), v.cause])
        }
        try folder.write("roster/roster.csv", grid.text)
        try folder.write("roster/assignments.csv", assignments.text)
        try folder.write("roster/violations.csv", violations.text)
        try folder.write("roster/fixes.csv", FixesFile.text(plan.fixes))
        if let changes = plan.changes { try folder.write("roster/changes.csv", changes.csv) }
        try folder.write("roster/roster.ics", ICalendar.text(plan.assignments, horizon: p.horizon, name: "Hotline roster"))
        var used = Set<String>()
        for person in p.people {
            let own = plan.assignments.filter { $0.personID == person.id }
            var file = safeFileName(person.id)
            if used.contains(file) { file += "-\(used.count)" }
            used.insert(file)
            try folder.write("roster/ics/\(file).ics", ICalendar.text(own, horizon: p.horizon, name: "Shifts of \(person.id)"))
        }
    }
}

/// An identifier as a file name: letters, digits, `-`, `_` and `.` kept, anything else
/// (a slash above all) `_`, and never a hidden name.
func safeFileName(_ id: String) -> String {
    let kept = String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    return kept.hasPrefix(".") ? "_" + kept.dropFirst() : kept
}

/// iCalendar (RFC 5545) text: one event per shift, activity or visit in floating local time
/// (the time a planner wrote, in whatever zone the reader is), CRLF line ends, lines folded at
/// 75 octets, and a DTSTAMP fixed by the plan's first day so that the same plan gives the same bytes.
public enum ICalendar {
    struct Event {
        let uid: String
        let date: CalendarDate
        /// Minutes after the date's midnight (a night shift's may pass 1440).
        let start: Int
        let minutes: Int
        let summary: String
        var location: String? = nil
        var category: String? = nil
    }

    public static func text(_ assignments: [RosterPlan.Assignment], horizon: RosterHorizon, name: String) -> String {
        text(assignments.map {
            Event(uid: "\($0.personID)-\($0.date.compact)-\($0.shift.id)", date: $0.date, start: $0.shift.start, minutes: $0.shift.minutes,
                  summary: "Shift \($0.shift.id) (\($0.personID))", category: $0.shift.id)
        }, stamp: horizon.start, name: name, product: "roster")
    }

    static func text(_ events: [Event], stamp: CalendarDate, name: String, product: String) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//careplan//\(product)//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:\(escape(name))"]
        for e in events {
            let start = e.date.adding(days: e.start / 1440)
            let startMinute = e.start % 1440
            let endTotal = startMinute + e.minutes
            let end = start.adding(days: endTotal / 1440)
            lines += ["BEGIN:VEVENT", "UID:\(e.uid)@careplan", "DTSTAMP:\(stamp.compact)T000000Z",
                      "DTSTART:\(start.compact)T\(clock(startMinute))", "DTEND:\(end.compact)T\(clock(endTotal % 1440))",
                      "SUMMARY:\(escape(e.summary))"]
            if let location = e.location { lines.append("LOCATION:\(escape(location))") }
            if let category = e.category { lines.append("CATEGORIES:\(escape(category))") }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func clock(_ minute: Int) -> String { CalendarDate.clock(minute, separator: "") + "00" }

    /// TEXT values escape backslash, semicolon, comma and line breaks.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x3B || $0 == 0x2C || $0 == 0x0A }) else { return text }
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = "", count = 0
        for ch in line {
            let n = String(ch).utf8.count
            if count + n > 75 {
                out += "\r\n "
                count = 1
            }
            out.append(ch)
            count += n
        }
        return out
    }
}
