import Foundation
import Testing

/// The roster plan end to end through the command line, on the tiny district's hotline.
@Suite struct RosterCommands {
    func folder() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("careplan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The events of an iCalendar text: unfolded, each as its properties.
    static func events(_ ics: String) -> [[String: String]] {
        let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
        var events = [[String: String]](), current: [String: String]?
        for line in unfolded.components(separatedBy: "\r\n") {
            if line == "BEGIN:VEVENT" { current = [:] } else if line == "END:VEVENT" { events.append(current!); current = nil } else if current != nil,
                let colon = line.firstIndex(of: ":") {
                current![String(line[..<colon])] = String(line[line.index(after: colon)...])
            }
        }
        return events
    }

    @Test func generateValidateRunAndReadTheCalendarBack() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "2", "--out", data, "--roster-days", "14").code == 0)
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "data: data\nplans: [roster]\nroster: {start: 2026-12-07, days: 14}\nsolver: {work_limit: 8}\n"
            .write(toFile: scenario, atomically: true, encoding: .utf8)
        let validate = try CLI.run("validate", scenario)
        #expect(validate.code == 0)
        #expect(validate.out.contains("\n  roster: 2026-12-07 to 2026-12-20 (14 days), 6 people, 4 shift types"))

        let out = dir.appendingPathComponent("out").path
        let run = try CLI.run("run", scenario, "--out", out)
        #expect(run.code == 0)
        #expect(run.out.hasPrefix("Roster 2026-12-07 to 2026-12-20 (14 days, 6 people, 4 shift types): "))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let roster = (summary["plans"] as! [String: Any])["roster"] as! [String: Any]
        let kpis = roster["kpis"] as! [String: Any]
        #expect(kpis["people"] as? Int == 6)
        #expect((kpis["neighbourhood_rounds"] as? Int ?? 99) <= 8)
        #expect((roster["bound"] as! Double) <= (roster["objective"] as! Double))

        // The assignments, the grid and the calendar say the same.
        let assignments = try String(contentsOfFile: out + "/roster/assignments.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(assignments.count == kpis["shifts_worked"] as? Int)
        let grid = try String(contentsOfFile: out + "/roster/roster.csv", encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(grid[0].count == 15 && grid[0][1] == "2026-12-07")
        for a in assignments {
            let row = grid.first { $0[0] == a[0] }!
            #expect(row[grid[0].firstIndex(of: a[1])!] == a[2])
        }
        let shifts = ["E": ("070000", "150000", 0), "L": ("150000", "230000", 0), "N": ("230000", "070000", 1), "W": ("090000", "170000", 0)]
        let events = Self.events(try String(contentsOfFile: out + "/roster/roster.ics", encoding: .utf8))
        #expect(events.count == assignments.count)
        for (a, e) in zip(assignments, events) {
            let day = a[1].replacingOccurrences(of: "-", with: "")
            let (start, end, next) = shifts[a[2]]!
            #expect(e["DTSTART"] == "\(day)T\(start)")
            #expect(e["UID"] == "\(a[0])-\(day)-\(a[2])@careplan")
            let endDay = next == 0 ? day : e["DTEND"]!.prefix(8).description
            #expect(e["DTEND"] == "\(endDay)T\(end)")
        }
        let own = Self.events(try String(contentsOfFile: out + "/roster/ics/C001.ics", encoding: .utf8))
        #expect(own.count == assignments.filter { $0[0] == "C001" }.count)

        // The same scenario under the same work limit: the same bytes.
        let again = dir.appendingPathComponent("again").path
        #expect(try CLI.run("run", scenario, "--out", again).code == 0)
        for file in ["roster.csv", "assignments.csv", "violations.csv", "roster.ics"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/roster/\(file)")) == Data(contentsOf: URL(fileURLWithPath: "\(again)/roster/\(file)")))
        }
    }

    @Test func leaveAndRequestsOutsideTheHorizonAreIgnoredButCoverIsNot() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "5", "--out", data, "--roster-days", "14").code == 0)
        let scenario = dir.appendingPathComponent("s.yaml").path
        // The tables cover 14 days; the scenario only 7.
        try "data: data\nplans: [roster]\nroster: {start: 2026-12-07, days: 7}\nsolver: {work_limit: 4}\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        // cover.csv still has to fit the horizon: exit 2, nothing written.
        let cover = try String(contentsOfFile: data + "/cover.csv", encoding: .utf8).split(separator: "\n")
        let late = { (line: Substring) in line.split(separator: ",")[0] > "2026-12-13" }
        let k = try #require(cover.dropFirst().firstIndex(where: late))
        let r = try CLI.run("run", scenario, "--out", out)
        #expect(r.code == 2)
        #expect(r.err == "careplan: error: \(data)/cover.csv:\(k + 1):1: date \(cover[k].split(separator: ",")[0]) is outside the roster's horizon, 2026-12-07 to 2026-12-13 (7 days)\n")
        #expect(!FileManager.default.fileExists(atPath: out))

        // With cover for the seven days, leave and requests beyond them are ignored, one warning per file.
        try ([cover[0]] + cover.dropFirst().filter { !late($0) }).joined(separator: "\n").appending("\n").write(toFile: data + "/cover.csv", atomically: true, encoding: .utf8)
        let outside = { (file: String) in
            try String(contentsOfFile: data + "/" + file, encoding: .utf8).split(separator: "\n").dropFirst().filter { $0.split(separator: ",")[1] > "2026-12-13" }.count
        }
        let leave = try outside("leave.csv"), requests = try outside("requests.csv")
        #expect(leave == 3 && requests == 7)
        let run = try CLI.run("run", scenario, "--out", out)
        #expect(run.code == 0 || run.code == 1)
        #expect(run.err.contains("careplan: warning: \(data)/leave.csv: \(leave) rows outside the roster's horizon 2026-12-07 to 2026-12-13 were ignored\n"))
        #expect(run.err.contains("careplan: warning: \(data)/requests.csv: \(requests) rows outside the roster's horizon 2026-12-07 to 2026-12-13 were ignored\n"))
        #expect(FileManager.default.fileExists(atPath: out + "/roster/roster.csv"))
    }
}
