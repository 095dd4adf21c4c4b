import Foundation
import Testing

/// Under a work limit the plan depends only on the input: two separate processes write the
/// same bytes, care loads (the mentor MIP search and its branch and bound) included.
@Suite struct Determinism {
    @Test func careLoadsUnderAWorkLimitGiveTheSameFilesInTwoProcesses() throws {
        let scratch = try Scratch()
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "3", "--out", scratch.sub("d")).code == 0)
        try scratch.write("s.yaml", """
            name: loads
            data: d
            plans: [mentors, staffing]
            policy: {mentor: {cap: 12, loads: {difficulty: 2, high_risk: 3}}}
            solver: {work_limit: 20}

            """)
        let a = try CLI.run("run", scratch.sub("s.yaml"), "--out", scratch.sub("a"), "--quiet")
        let b = try CLI.run("run", scratch.sub("s.yaml"), "--out", scratch.sub("b"), "--quiet")
        #expect(a.code <= 1 && b.code <= 1)
        for file in ["mentors/assignments.csv", "mentors/loads.csv", "mentors/unmet.csv", "mentors/fixes.csv", "staffing/placements.csv"] {
            let one = FileManager.default.contents(atPath: scratch.sub("a/" + file)), two = FileManager.default.contents(atPath: scratch.sub("b/" + file))
            #expect(one != nil && one == two, "\(file)")
        }
        // The summaries differ only in the seconds.
        func summary(_ dir: String) throws -> [Substring] {
            try String(contentsOfFile: scratch.sub(dir + "/summary.json"), encoding: .utf8).split(separator: "\n").filter { !$0.contains("\"seconds\"") }
        }
        #expect(try summary("a") == summary("b"))
        // The search did work: care loads make the mentor plan a MIP, not only networks.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.sub("a/summary.json")))) as! [String: Any]
        let mentors = (json["plans"] as! [String: Any])["mentors"] as! [String: Any]
        #expect((mentors["network_components"] as! Int) < (mentors["components"] as! Int))
    }
}
