import Foundation
import Testing

/// `careplan report`, as a user runs it: one file, whole, owner-only, never over a file careplan
/// did not write; a sweep's folder compared; a PDF printed by Debian's chromium.
@Suite(.serialized) struct ReportCommands {
    func run(_ scratch: Scratch, _ extra: String = "") throws -> String {
        try scratch.write("s.yaml", """
            name: tiny
            generate: {district: tiny, seed: 1}
            plans: [mentors, buddies]
            solver: {work_limit: 5}
            \(extra)
            """)
        let r = try CLI.run("run", scratch.sub("s.yaml"), "--out", scratch.sub("out"), "--no-history")
        #expect(r.code == 0 || r.code == 1, "\(r.err)")
        return scratch.sub("out")
    }

    @Test func oneRunOneFile() throws {
        let scratch = try Scratch()
        let out = try run(scratch)
        let r = try CLI.run(in: scratch.path, "report", "out", "--out", "report.html")
        #expect(r.code == 0, "\(r.err)")
        let text = try String(contentsOfFile: scratch.sub("report.html"), encoding: .utf8)
        #expect(r.out == "report: report.html (1 run, 2 plans, \(text.utf8.count / 1024 + 1) KiB)\n")
        #expect(text.hasPrefix("<!-- careplan report -->\n<!DOCTYPE html>"))
        #expect(try FileManager.default.attributesOfItem(atPath: scratch.sub("report.html"))[.posixPermissions] as? Int == 0o600)
        // Again: careplan's own report is replaced by the same bytes.
        #expect(try CLI.run(in: scratch.path, "report", "out", "--out", "report.html").code == 0)
        #expect(try String(contentsOfFile: scratch.sub("report.html"), encoding: .utf8) == text)
        // Nothing was added to the run's folder, and no partial file was left.
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: scratch.path)).contains { $0.hasSuffix(".partial") })
        #expect(!FileManager.default.fileExists(atPath: out + "/report.html"))
    }

    @Test func refusals() throws {
        let scratch = try Scratch()
        _ = try run(scratch)
        try scratch.write("mine.html", "<p>mine</p>")
        let foreign = try CLI.run(in: scratch.path, "report", "out", "--out", "mine.html")
        #expect(foreign.code == 2)
        #expect(foreign.err == "careplan: error: mine.html: exists and careplan did not write it; careplan replaces only a report it wrote. Choose another name or remove the file\n")
        #expect(try String(contentsOfFile: scratch.sub("mine.html"), encoding: .utf8) == "<p>mine</p>")
        let inside = try CLI.run(in: scratch.path, "report", "out", "--out", "out/report.html")
        #expect(inside.code == 2)
        #expect(inside.err == "careplan: error: out/report.html: is inside the run folder out; write the report outside it (a run's folder holds only what the run wrote)\n")
        let missing = try CLI.run(in: scratch.path, "report", "nope", "--out", "r.html")
        #expect(missing.code == 2)
        #expect(missing.err == "careplan: error: nope/summary.json: no such file; is nope the output folder of `careplan run`?\n")
        let format = try CLI.run(in: scratch.path, "report", "out", "--out", "r.pdf", "--format", "docx")
        #expect(format.code == 2)
        #expect(format.err.contains("--format must be one of html, pdf, found docx"))
        #expect(!FileManager.default.fileExists(atPath: scratch.sub("r.html")))
    }

    @Test func aSweepIsComparedThenEachVariant() throws {
        let scratch = try Scratch()
        _ = try run(scratch, "whatif:\n  cap-9: {policy.mentor.cap: 9}\n")
        let r = try CLI.run(in: scratch.path, "report", "out", "--out", "sweep.html")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("report: sweep.html (2 runs, 4 plans, "))
        let text = try String(contentsOfFile: scratch.sub("sweep.html"), encoding: .utf8)
        #expect(text.contains("<th class=\"num\">base</th><th class=\"num\">cap-9</th>"))
        #expect(text.contains("<li><strong>cap-9</strong>: policy.mentor.cap=9</li>"))
        #expect(text.contains("id=\"run2-mentors\""))
    }

    /// Printed by Debian's chromium (make test installs it): a PDF titled as careplan's, replaced
    /// by a second run, while another program's PDF is left alone.
    @Test func pdf() throws {
        let scratch = try Scratch()
        _ = try run(scratch)
        let r = try CLI.run(in: scratch.path, "report", "out", "--out", "report.pdf", "--format", "pdf")
        #expect(r.code == 0, "\(r.err)")
        let data = try Data(contentsOf: scratch.url.appendingPathComponent("report.pdf"))
        #expect(data.starts(with: Data("%PDF".utf8)))
        #expect(data.count > 10_000)
        #expect(try CLI.run(in: scratch.path, "report", "out", "--out", "report.pdf", "--format", "pdf").code == 0)
        try scratch.write("other.pdf", "%PDF-1.4\n% another program's file\n")
        let other = try CLI.run(in: scratch.path, "report", "out", "--out", "other.pdf", "--format", "pdf")
        #expect(other.code == 2)
        #expect(try String(contentsOfFile: scratch.sub("other.pdf"), encoding: .utf8) == "%PDF-1.4\n% another program's file\n")
    }
}
