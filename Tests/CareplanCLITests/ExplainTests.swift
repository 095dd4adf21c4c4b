import Foundation
import Testing

/// `explain --person`, `--site` and `--date`, each answer checked against the run's own files.
@Suite(.serialized) struct ExplainPeopleSitesDays {
    /// A tiny district with every plan, a one-week roster, run once.
    func run(_ scratch: Scratch) throws -> String {
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "1", "--roster-days", "7", "--out", scratch.sub("d")).code == 0)
        try scratch.write("s.yaml", "name: x\ndata: d\nplans: [mentors, buddies, staffing, roster]\nroster: {days: 7}\nsolver: {work_limit: 3}\n")
        #expect(try CLI.run("run", scratch.sub("s.yaml"), "--out", scratch.sub("out"), "--quiet").code <= 1)
        return scratch.sub("out")
    }

    func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func aPersonsPlacementAndASitesRequirements() throws {
        let scratch = try Scratch()
        let out = try run(scratch)
        let placements = try rows(out + "/staffing/placements.csv")
        let person = placements[0][0], site = placements[0][2]
        let p = try CLI.run("explain", "--out", out, "--person", person)
        #expect(p.code == 0)
        #expect(p.out.hasPrefix("Person \(person) (psychology teacher, full-time, street ST01; now at SCH001)\n"))
        let placedLines = p.out.split(separator: "\n").filter { $0.hasPrefix("  placed at ") }
        #expect(placedLines.count == placements.filter { $0[0] == person }.count)
        #expect(placedLines.first?.hasPrefix("  placed at \(site) (school, street ST01): 1 FTE, 0 travel minutes; counts toward ") == true)

        let s = try CLI.run("explain", "--out", out, "--site", site)
        #expect(s.code == 0)
        let here = placements.filter { $0[2] == site }.map { "\($0[0]) (\($0[5]) FTE)" }
        #expect(s.out.contains("\n  placed here: \(here.joined(separator: ", "))\n"))
        let unmet = try rows(out + "/staffing/unmet.csv").filter { $0[0] == site }.map { $0[2] }
        for line in s.out.split(separator: "\n") where line.hasPrefix("  psych_teacher") {
            let requirement = String(line.dropFirst(2).prefix { $0 != ":" })
            #expect(line.hasSuffix(", met") == !unmet.contains(requirement), "\(line)")
        }
        // An unknown person or site is an error naming it.
        let unknown = try CLI.run("explain", "--out", out, "--site", "NOPE")
        #expect(unknown.code == 2)
        #expect(unknown.err.contains("site 'NOPE' is in no staffing or activities plan of this run"))
    }

    @Test func aPersonsShiftsAndADaysCover() throws {
        let scratch = try Scratch()
        let out = try run(scratch)
        let shifts = try rows(out + "/roster/assignments.csv")
        let (person, date, shift) = (shifts[0][0], shifts[0][1], shifts[0][2])
        let week = try CLI.run("explain", "--out", out, "--person", person)
        #expect(week.code == 0)
        let worked = shifts.filter { $0[0] == person }.count
        #expect(week.out.contains("\n  \(worked) shift\(worked == 1 ? "" : "s"), "))

        let day = try CLI.run("explain", "--out", out, "--person", person, "--date", date)
        #expect(day.out.contains(" on \(date) ("))
        #expect(day.out.contains("\n  works \(shift) ("))

        // The day's cover: each line's count is the people the assignments put on that shift.
        let cover = try CLI.run("explain", "--out", out, "--date", date)
        #expect(cover.code == 0)
        #expect(cover.out.hasPrefix("Cover on \(date) ("))
        let leave = Set(try rows(scratch.sub("d/leave.csv")).map { "\($0[0]) \($0[1])" })
        for line in cover.out.split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("    ") && !line.contains(", skill ") {
            let id = String(line.dropFirst(2).prefix { $0 != " " })
            let on = shifts.filter { $0[1] == date && $0[2] == id }.count
            #expect(line.contains(": \(on) of "), "\(line)")
        }
        for line in cover.out.split(separator: "\n") where line.hasPrefix("    ") && line.hasSuffix(": on leave") {
            #expect(leave.contains("\(line.dropFirst(4).prefix { $0 != ":" }) \(date)"), "\(line)")
        }
        let outside = try CLI.run("explain", "--out", out, "--date", "2027-06-01")
        #expect(outside.code == 2)
        #expect(outside.err.contains("2027-06-01 is in no roster of this run"))
    }
}
