import Foundation
import Testing

/// The activities plan end to end through the command line, on the tiny district: generate,
/// validate, run twice in two processes (the same bytes), the calendars read back, explain,
/// privacy, and bad input.
@Suite struct ActivitiesCommands {
    func folder() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("careplan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func rows(_ path: String) throws -> [[String]] {
        try read(path).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func generateValidateRunTwiceAndReadTheCalendarsBack() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        #expect(try CLI.run("generate", "--district", "tiny", "--out", data, "--activities-start", "2027-02-01", "--activities-months", "6").code == 0)
        for file in ["themes.csv", "venues.csv", "blackout.csv", "availability.csv", "directors.csv", "doctors.csv"] {
            #expect(FileManager.default.fileExists(atPath: data + "/" + file))
        }
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "name: activities\ndata: data\nplans: [activities]\nactivities: {start: 2027-02-01, months: 6}\nsolver: {work_limit: 1000}\n"
            .write(toFile: scenario, atomically: true, encoding: .utf8)
        let validate = try CLI.run("validate", scenario)
        #expect(validate.code == 0)
        #expect(validate.out.hasPrefix("\(scenario): valid\n  activities: 2027-02-01 to 2027-07-31, 1 station, 2 schools, "))

        let out = dir.appendingPathComponent("out").path, out2 = dir.appendingPathComponent("out2").path
        let run = try CLI.run("run", scenario, "--out", out, "--quiet")
        #expect(run.code <= 1)
        #expect(run.out.hasPrefix("Activities and visits: optimal, "))
        #expect(try CLI.run("run", scenario, "--out", out2, "--quiet").code == run.code)
        // Two processes, the same bytes: every file but summary.json's seconds.
        let files = try FileManager.default.subpathsOfDirectory(atPath: out + "/activities").sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: out2 + "/activities").sorted()))
        for file in files where file.contains(".") { #expect(try read(out + "/activities/" + file) == read(out2 + "/activities/" + file), "\(file)") }
        // Readable by their owner only.
        let mode = try FileManager.default.attributesOfItem(atPath: out + "/activities/visits.csv")[.posixPermissions] as! Int
        #expect(mode == 0o600)

        // The calendars read back: every row of calendar.csv and visits.csv is one event of its site's
        // and its person's file, at its date and time.
        let calendar = try rows(out + "/activities/calendar.csv"), visits = try rows(out + "/activities/visits.csv")
        #expect(calendar.contains { $0[4] == "activity" } && calendar.contains { $0[4] == "class_meeting" } && calendar.contains { $0[4] == "sitting" })
        #expect(!visits.isEmpty)
        for site in Set(calendar.map { $0[3] }) {
            let events = RosterCommands.events(try read(out + "/activities/ics/site-\(site).ics"))
            let mine = calendar.filter { $0[3] == site }
            #expect(events.count == mine.count)
            let starts = Set(events.map { $0["DTSTART"]! })
            for row in mine { #expect(starts.contains(row[0].replacingOccurrences(of: "-", with: "") + "T" + row[1].replacingOccurrences(of: ":", with: "") + "00")) }
        }
        let director = visits[0][1]
        let own = RosterCommands.events(try read(out + "/activities/ics/person-\(director).ics"))
        #expect(own.count == visits.filter { $0[1] == director }.count)
        #expect(own.allSatisfy { $0["SUMMARY"]!.hasPrefix("contact: S") || $0["SUMMARY"]!.hasPrefix("home visit: S") })

        // Explain a child and a site from the run's folder.
        let child = visits[0][2]
        // Without --sensitive the same line for every student (having contacts says a child is in difficulty).
        let explained = try CLI.run("explain", "--out", out, "--student", child)
        #expect(explained.code == 0)
        #expect(explained.out == "Activities for student \(child)\n  child directors' contacts and home visits concern children in difficulty: --sensitive lists this student's, if any\n")
        let sensitive = try CLI.run("explain", "--out", out, "--student", child, "--sensitive")
        #expect(sensitive.out.contains("Student \(child) (community "))
        #expect(sensitive.out.contains("  2027-02: "))
        #expect(sensitive.out.contains("contacted at least every"))
        let site = try CLI.run("explain", "--out", out, "--site", "STN01")
        #expect(site.out.hasPrefix("Station STN01 (street ST01)\n  may lead its activities: "))

        // unmet.sensitive.csv only when asked.
        #expect(!FileManager.default.fileExists(atPath: out + "/activities/unmet.sensitive.csv"))
        let out3 = dir.appendingPathComponent("out3").path
        _ = try CLI.run("run", scenario, "--out", out3, "--quiet", "--sensitive")
        #expect(FileManager.default.fileExists(atPath: out3 + "/activities/unmet.sensitive.csv"))
    }

    @Test func badScenarioKeysAreErrorsWithLineAndColumn() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "name: a\ngenerate: {district: tiny}\nplans: [activities]\nactivities: {start: 2027-02-03, months: 6}\n"
            .write(toFile: scenario, atomically: true, encoding: .utf8)
        let start = try CLI.run("validate", scenario)
        #expect(start.code == 2)
        #expect(start.err == "careplan: error: \(scenario):4:21: activities.start must be the first day of a month (the plan counts calendar months), found 2027-02-03\n")
        try "name: a\ngenerate: {district: tiny}\nplans: [activities]\npolicy:\n  activities: {visit_minutes: 0}\n"
            .write(toFile: scenario, atomically: true, encoding: .utf8)
        let minutes = try CLI.run("validate", scenario)
        #expect(minutes.code == 2)
        #expect(minutes.err == "careplan: error: \(scenario):5:31: policy.activities.visit_minutes must be a number of minutes from 1 to 600, found \"0\"\n")
        // A data folder without the staffing tables: the activities plan says it needs them.
        try FileManager.default.createDirectory(atPath: dir.appendingPathComponent("d").path, withIntermediateDirectories: true)
        try "student_id,school_id,grade,class_id,gender,difficulty,risk_level,community_id\n".write(toFile: dir.appendingPathComponent("d/students.csv").path, atomically: true, encoding: .utf8)
        try "name: a\ndata: d\nplans: [activities]\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let missing = try CLI.run("validate", scenario)
        #expect(missing.code == 2)
        #expect(missing.err == "careplan: error: \(dir.path)/d/sites.csv: no such file; the activities plan needs it\n")
    }
}
