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
        #expect(gen.out == "wrote \(data): 700 students, 62 mentors in 2 schools\n")
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "name: cli\ndata: data\nplans: [mentors]\n".write(toFile: scenario, atomically: true, encoding: .utf8)

        let validate = try CLI.run("validate", scenario)
        #expect(validate.code == 0)
        #expect(validate.out.hasPrefix("\(scenario): valid\n  700 students, 62 mentors"))

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
