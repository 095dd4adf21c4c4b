import Foundation
import Testing

/// The mentor plan end to end through the command line, on a small generated district.
@Suite struct PlanCommands {
    func folder() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("careplan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func generateValidateRunExplain() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        let gen = try CLI.run("generate", "--district", "tiny", "--seed", "4", "--out", data)
        #expect(gen.code == 0)
        #expect(gen.out == "wrote \(data): 700 students, 62 mentors in 2 schools; 39 children asking for a buddy, 54 helpers; a 28-day hotline roster for 6 counsellors from 2026-12-07; 4 sites, 6 staff; activities from 2027-02-01 for 12 months: 4 child directors, 1 doctor, 1 venue\n")
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "name: cli\ndata: data\nplans: [mentors]\n".write(toFile: scenario, atomically: true, encoding: .utf8)

        let validate = try CLI.run("validate", scenario)
        #expect(validate.code == 0)
        #expect(validate.out.hasPrefix("\(scenario): valid\n  mentors: 700 students, 62 mentors"))

        let out = dir.appendingPathComponent("out").path
        let run = try CLI.run("run", scenario, "--out", out)
        #expect(run.code == 0 || run.code == 1)
        #expect(run.out.hasPrefix("Mentor assignment: optimal"))
        // No personal attribute reaches the terminal.
        for word in ["poverty", "disability", "guardianship", "migrant", "left_behind", "risk_level"] {
            #expect(!run.out.contains(word))
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let mentors = (summary["plans"] as! [String: Any])["mentors"] as! [String: Any]
        #expect(mentors["status"] as? String == "optimal")
        let kpis = mentors["kpis"] as! [String: Any]
        #expect(kpis["students"] as? Int == 700)

        let assignments = try String(contentsOfFile: out + "/mentors/assignments.csv", encoding: .utf8)
        let first = assignments.split(separator: "\n")[1].split(separator: ",")
        let explain = try CLI.run("explain", "--out", out, "--student", String(first[0]))
        #expect(explain.code == 0)
        #expect(explain.out.contains("  mentor \(first[1]): score"))
        #expect(explain.out.contains("next best option") || explain.out.contains("no other possible mentor"))
    }

    @Test func buddiesEndToEnd() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "4", "--out", data).code == 0)
        for mode in ["optimal", "stable"] {
            let scenario = dir.appendingPathComponent("\(mode).yaml").path
            try "name: cli\ndata: data\nplans: [mentors, buddies]\npolicy: {buddy: {mode: \(mode)}}\n".write(toFile: scenario, atomically: true, encoding: .utf8)
            let validate = try CLI.run("validate", scenario)
            #expect(validate.out.contains("\n  buddies: 39 children asking, 54 helpers"))
            let out = dir.appendingPathComponent("out-\(mode)").path
            let run = try CLI.run("run", scenario, "--out", out)
            #expect(run.code == 0 || run.code == 1)
            #expect(run.out.contains("Buddy pairing (\(mode)): optimal"))
            for word in ["poverty", "disability", "guardianship", "migrant", "left_behind", "risk"] { #expect(!run.out.contains(word)) }
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
            let buddies = (summary["plans"] as! [String: Any])["buddies"] as! [String: Any]
            let kpis = buddies["kpis"] as! [String: Any]
            #expect(kpis["requests"] as? Int == 39)
            #expect((kpis["matched"] as? Int ?? 0) > 30)
            #expect((kpis["blocking_pairs"] as? Int) == (mode == "stable" ? 0 : nil))
            let pairs = try String(contentsOfFile: out + "/buddies/pairs.csv", encoding: .utf8)
            #expect(pairs.hasPrefix("student_id,helper_id,school_id,score,reasons\n"))
            let unmatched = try String(contentsOfFile: out + "/buddies/unmatched.csv", encoding: .utf8)
            #expect(unmatched.hasPrefix("student_id,school_id,grade,rule,detail\n"))
            #expect(FileManager.default.fileExists(atPath: out + "/buddies/blocking.csv") == (mode == "stable"))
            let first = pairs.split(separator: "\n")[1].split(separator: ",")
            let child = try CLI.run("explain", "--out", out, "--student", String(first[0]))
            #expect(child.code == 0)
            #expect(child.out.contains("Buddy for \(first[0])\n"))
            #expect(child.out.contains("  helper \(first[1]): score"))
            #expect(child.out.contains("mentor "))  // both plans explained
            let helper = try CLI.run("explain", "--out", out, "--student", String(first[1]))
            #expect(helper.out.contains("Helper \(first[1]): takes"))
            #expect(helper.out.contains(String(first[0])))
        }
    }

    @Test func badBuddyTableExitsWithTwoAndWritesNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "4", "--out", data).code == 0)
        // A gap in one child's ranks: its last rank k becomes k + 1.
        let ranks = try String(contentsOfFile: data + "/buddy_ranks.csv", encoding: .utf8)
        var lines = ranks.split(separator: "\n").map(String.init)
        let child = lines[1].split(separator: ",")[0]
        let second = lines.lastIndex { $0.hasPrefix("\(child),") && $0.contains(",child,") }!
        let k = Int(lines[second].split(separator: ",")[3])!
        lines[second] = lines[second].split(separator: ",").dropLast().joined(separator: ",") + ",\(k + 1)"
        try (lines.joined(separator: "\n") + "\n").write(toFile: data + "/buddy_ranks.csv", atomically: true, encoding: .utf8)
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "data: data\nplans: [buddies]\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try CLI.run("run", scenario, "--out", out)
        #expect(r.code == 2)
        let column = lines[second].count
        #expect(r.err == "careplan: error: \(data)/buddy_ranks.csv:\(second + 1):\(column): child \(child) has rank \(k + 1) but no rank \(k); ranks must be 1, 2, 3, ... without gaps\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func badScenarioExitsWithTwoAndNamesTheLine() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "generate: {district: tiny}\npolicy:\n  mentor:\n    cap: 15\n    mentors_per_student: 2\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let r = try CLI.run("run", scenario, "--out", dir.appendingPathComponent("out").path)
        #expect(r.code == 2)
        #expect(r.err == "careplan: error: \(scenario):5:5: unknown key 'mentors_per_student' in policy.mentor; expected one of cap, min_years, max_high_risk, high_risk_level, psych_trained_level, loads, balance_target, same_gender_grades, weights\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test func shortPlanExitsWithOneAndSaysWhatWouldFixIt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "generate: {district: tiny, seed: 1}\npolicy: {mentor: {cap: 5}}\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let r = try CLI.run("run", scenario, "--out", dir.appendingPathComponent("out").path)
        #expect(r.code == 1)
        #expect(r.out.contains("To give every student a mentor:\n  - grade"))
        let unmet = try String(contentsOfFile: dir.appendingPathComponent("out/mentors/unmet.csv").path, encoding: .utf8)
        #expect(unmet.hasPrefix("student_id,school_id,grade,rule,detail\n"))
        #expect(unmet.split(separator: "\n").count > 1)
    }

    @Test func missingDataFolder() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "data: nowhere\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let r = try CLI.run("validate", scenario)
        #expect(r.code == 2)
        #expect(r.err.hasPrefix("careplan: error: "))
        #expect(r.err.hasSuffix("nowhere/students.csv: no such file; the mentor plan needs it\n"))
    }
}
