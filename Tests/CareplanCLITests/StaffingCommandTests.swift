import Foundation
import Testing

/// The staffing plan end to end through the command line, on a generated tiny district.
@Suite struct StaffingCommands {
    func folder() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("careplan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func generateValidateRunTwiceIdentical() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "1", "--out", data).code == 0)
        for file in ["sites.csv", "staff.csv", "travel.csv"] { #expect(FileManager.default.fileExists(atPath: data + "/" + file)) }
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "name: staffing\ndata: data\nplans: [staffing]\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let validate = try CLI.run("validate", scenario)
        #expect(validate.code == 0)
        #expect(validate.out == "\(scenario): valid\n  staffing: 2 schools, 1 station, 1 centre, 6 staff (0 unvetted), 7 requirements\n  staffing: 3 independent components; 0 vetted people with no site they may serve\n")

        // The tiny district has no researcher for one stage: exit 1, and the fix in the planner's words.
        let out = dir.appendingPathComponent("out").path
        let short = try CLI.run("run", scenario, "--out", out)
        #expect(short.code == 1)
        #expect(short.out.hasPrefix("Staffing: optimal, 3 components"))
        #expect(short.out.contains("  - centre CENTRE needs 1 more researcher for the primary stage: hire one (cost 250000); the budget has 0 left"))
        #expect(try read(out + "/staffing/unmet.csv").hasPrefix("site_id,street,requirement,required,shortfall,detail\nCENTRE,ST01,researcher_primary,1,1,"))

        // A budget for one researcher: hires.csv names the site and requirement it covers; exit 0.
        try "name: staffing\ndata: data\nplans: [staffing]\npolicy: {staffing: {budget: 250000}}\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let met = try CLI.run("run", scenario, "--out", out)
        #expect(met.code == 0)
        #expect(try read(out + "/staffing/hires.csv") == "site_id,street,role,hires,cost,covers\nCENTRE,ST01,researcher,1,250000,researcher_primary\n")
        #expect(try read(out + "/staffing/unmet.csv") == "site_id,street,requirement,required,shortfall,detail\n")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let staffing = (summary["plans"] as! [String: Any])["staffing"] as! [String: Any]
        #expect(staffing["status"] as? String == "optimal")
        let kpis = staffing["kpis"] as! [String: Any]
        #expect(kpis["requirements_met_share"] as? Double == 1)
        #expect(kpis["hires"] as? Int == 1)
        #expect(kpis["cost"] as? Double == 250000)
        #expect(kpis["moves"] as? Int == 0)

        // Determinism: the same scenario twice gives the same bytes (summary.json apart from seconds).
        let out2 = dir.appendingPathComponent("out2").path
        #expect(try CLI.run("run", scenario, "--out", out2).code == 0)
        for file in ["staffing/placements.csv", "staffing/hires.csv", "staffing/unmet.csv"] {
            #expect(try read(out + "/" + file) == read(out2 + "/" + file))
        }
        func withoutSeconds(_ text: String) -> String {
            text.split(separator: "\n").filter { !$0.contains("\"seconds\"") && !$0.contains("scenario_file") }.joined(separator: "\n")
        }
        #expect(withoutSeconds(try read(out + "/summary.json")) == withoutSeconds(try read(out2 + "/summary.json")))
    }

    @Test func badTableExitsWithTwoAndWritesNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "1", "--out", data).code == 0)
        var staff = try read(data + "/staff.csv").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        staff[2] = staff[2].replacingOccurrences(of: "psych_teacher", with: "psychologist")
        try staff.joined(separator: "\n").write(toFile: data + "/staff.csv", atomically: true, encoding: .utf8)
        let scenario = dir.appendingPathComponent("s.yaml").path
        try "data: data\nplans: [staffing]\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try CLI.run("run", scenario, "--out", out)
        #expect(r.code == 2)
        #expect(r.err == "careplan: error: \(data)/staff.csv:3:8: role must be psych_teacher, counsellor, legal or researcher, found \"psychologist\"\n")
        #expect(!FileManager.default.fileExists(atPath: out))
        let budget = try CLI.run("run", try CLI.file("b.yaml", "generate: {district: tiny}\nplans: [staffing]\npolicy: {staffing: {budget: -1}}\n"), "--out", out)
        #expect(budget.code == 2)
        #expect(budget.err.contains(":3:29: policy.staffing.budget must be an amount of money of at least 0 (0: no hires), found \"-1\"\n"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
