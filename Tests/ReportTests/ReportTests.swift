import Foundation
import GLPK
@testable import Report
import Scenarios
import Testing

/// The report against the files it is drawn from, read here with a plain split (not the report's
/// reader): every chart's marks add up to what the CSV files and summary.json say.
@Suite(.serialized) struct ReportTests {
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("careplan-report-\(UUID().uuidString)")
        init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static let yaml = """
        name: tiny-all
        generate: {district: tiny, seed: 1}
        plans: [mentors, buddies, staffing, roster, activities]
        roster: {start: 2026-12-07, days: 7}
        activities: {start: 2027-02-01, months: 2}
        policy: {mentor: {cap: 12}}
        solver: {work_limit: 5, time_limit: 30}
        """

    static func run(_ scratch: Scratch, name: String = "out", yaml: String = yaml, sensitive: Bool = false) throws -> URL {
        let file = scratch.url.appendingPathComponent("\(name).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let out = scratch.url.appendingPathComponent(name)
        _ = try ScenarioRunner(solver: GLPKSolver()).run(try Scenario.load(file), out: out, options: .init(sensitive: sensitive))
        return out
    }

    /// A CSV file's rows as dictionaries (no quoted commas in these columns).
    static func rows(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    /// The `data-value`s of a chart's marks with the given class.
    static func values(_ html: String, chart: String, mark: String) -> [Double] {
        guard let start = html.range(of: "data-chart=\"\(chart)\"") else { return [] }
        let svg = html[start.upperBound..<html[start.upperBound...].range(of: "</svg>")!.lowerBound]
        return svg.matches(of: /<(?:rect|circle) class="([a-z ]+)"[^>]*?data-value="([0-9.]*)"/).compactMap {
            String($0.output.1) == mark ? Double($0.output.2) : nil
        }
    }

    @Test func chartsAddUpToTheFiles() throws {
        let scratch = Scratch()
        let out = try Self.run(scratch)
        let html = try RunReport(runs: [try RunReport.Run(folder: out, display: "out")]).html()
        func csv(_ name: String) throws -> [[String: String]] { try Self.rows(out.appendingPathComponent(name)) }
        // Buddies by grade: every pair matched, every child unmatched.
        #expect(Self.values(html, chart: "buddy-grades", mark: "good").reduce(0, +) == Double(try csv("buddies/pairs.csv").count))
        #expect(Self.values(html, chart: "buddy-grades", mark: "bad").reduce(0, +) == Double(try csv("buddies/unmatched.csv").count))
        // Coverage per school: the share of each school's students with a mentor.
        let assigned = Dictionary(grouping: try csv("mentors/assignments.csv"), by: { $0["school_id"]! }).mapValues(\.count)
        let unmet = Dictionary(grouping: try csv("mentors/unmet.csv"), by: { $0["school_id"]! }).mapValues(\.count)
        let shares = assigned.keys.sorted().map { s in Double(assigned[s]!) / Double(assigned[s]! + unmet[s, default: 0]) }
        #expect(zip(Self.values(html, chart: "mentor-coverage", mark: "good"), shares).allSatisfy { abs($0 - $1) < 0.005 })
        #expect(unmet.values.reduce(0, +) > 0)
        // One dot per mentor who may take students, none above the cap.
        let loads = try csv("mentors/loads.csv").filter { Int($0["capacity"]!)! > 0 }
        let dots = Self.values(html, chart: "mentor-loads", mark: "dot")
        #expect(dots.count == loads.count)
        #expect(dots.sorted() == loads.map { Double($0["load"]!)! }.sorted())
        // Staffing: met and unmet add up to the requirements summary.json counts.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let staffing = ((summary["plans"] as! [String: Any])["staffing"] as! [String: Any])["kpis"] as! [String: Double]
        let met = Self.values(html, chart: "staffing-streets", mark: "good").reduce(0, +), notMet = Self.values(html, chart: "staffing-streets", mark: "bad").reduce(0, +)
        #expect(met + notMet == staffing["requirements"])
        #expect(notMet == Double(try csv("staffing/unmet.csv").count))
        // Roster: the cells add up to the shifts worked; outlined cells are the days and shifts short of cover.
        #expect(Self.values(html, chart: "roster-cover", mark: "cell").reduce(0, +) + Self.values(html, chart: "roster-cover", mark: "cell marked").reduce(0, +)
                == Double(try csv("roster/assignments.csv").count))
        let short = Set(try csv("roster/violations.csv").filter { $0["person_id"]!.isEmpty && !$0["date"]!.isEmpty }.map { $0["date"]! + $0["shift_id"]! })
        #expect(html.components(separatedBy: "class=\"cell marked\"").count - 1 == short.count)
        #expect(!short.isEmpty)
        // Activities: every calendar entry once.
        #expect(Self.values(html, chart: "activities-months", mark: "cell").reduce(0, +) == Double(try csv("activities/calendar.csv").count))
        // The unmet list and the fixes, every one.
        #expect(html.contains("<h3>Students without a mentor (\(unmet.values.reduce(0, +)))</h3>"))
        for fix in try csv("mentors/fixes.csv") { #expect(html.contains(fix["fix"]!.replacingOccurrences(of: "\"", with: "")) ) }
        // The same folder, the same bytes.
        #expect(try RunReport(runs: [try RunReport.Run(folder: out, display: "out")]).html() == html)
        // Self-contained: nothing to fetch.
        #expect(html.range(of: #"(src|href)="(https?:)?//"#, options: .regularExpression) == nil)
        #expect(!html.contains("<script"))
    }

    /// Without --sensitive, a report reads unmet.csv, not unmet.sensitive.csv beside it.
    @Test func sensitiveRulesStayOut() throws {
        let scratch = Scratch()
        let out = try Self.run(scratch, yaml: Self.yaml.replacingOccurrences(of: "{cap: 12}", with: "{cap: 12, min_years: 20}"), sensitive: true)
        let neutral = Set(try Self.rows(out.appendingPathComponent("mentors/unmet.csv")).map { $0["rule"]! })
        let specific = Set(try Self.rows(out.appendingPathComponent("mentors/unmet.sensitive.csv")).map { $0["rule"]! })
        let revealing = specific.subtracting(neutral)
        #expect(!revealing.isEmpty)
        let plain = try RunReport(runs: [try RunReport.Run(folder: out, display: "out")]).html()
        let named = try RunReport(runs: [try RunReport.Run(folder: out, display: "out")], sensitive: true).html()
        for rule in revealing {
            #expect(!plain.contains("<td>\(rule)</td>"), "\(rule)")
            #expect(named.contains("<td>\(rule)</td>"), "\(rule)")
        }
        #expect(named.contains("this report names sensitive qualification rules"))
    }

    @Test func severalRunsAreComparedFirst() throws {
        let scratch = Scratch()
        let a = try Self.run(scratch, name: "cap12")
        let b = try Self.run(scratch, name: "cap15", yaml: Self.yaml.replacingOccurrences(of: "{cap: 12}", with: "{cap: 15}"))
        let html = try RunReport(runs: [try RunReport.Run(folder: a, display: "cap12", label: "cap12"), try RunReport.Run(folder: b, display: "cap15", label: "cap15")]).html()
        let comparison = try #require(html.range(of: "<table data-table=\"comparison\">"))
        #expect(comparison.lowerBound < html.range(of: "id=\"run1-mentors\"")!.lowerBound)
        #expect(html.contains("<th class=\"num\">cap12</th><th class=\"num\">cap15</th>"))
        // Fewer students without a mentor under the larger cap: better, in green.
        #expect(html.range(of: #"<tr><td>mentors</td><td>without a mentor</td><td class="num">\d+</td><td class="num better""#, options: .regularExpression) != nil)
        #expect(html.contains("id=\"run2-roster\""))
    }

    @Test func labelsAreEscaped() throws {
        let scratch = Scratch()
        let out = try Self.run(scratch)
        let html = try RunReport(runs: [try RunReport.Run(folder: out, display: "out", label: "<img src=x onerror=alert(1)>"),
                                        try RunReport.Run(folder: out, display: "out", label: "same")]).html(title: "a & <b>")
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("<th class=\"num\">&lt;img src=x onerror=alert(1)&gt;</th>"))
        #expect(html.contains("<h1>a &amp; &lt;b&gt;</h1>"))
    }

    @Test func theFileIsOnlyEverCareplans() throws {
        let scratch = Scratch()
        let out = try Self.run(scratch)
        let runs = [try RunReport.Run(folder: out, display: "out")]
        let mine = scratch.url.appendingPathComponent("report.html")
        try ReportFile.check(mine, display: "report.html", format: .html, runs: runs)
        try ReportFile.write(Data(try RunReport(runs: runs).html().utf8), to: mine)
        let mode = try FileManager.default.attributesOfItem(atPath: mine.path)[.posixPermissions] as! Int
        #expect(mode == 0o600)
        // careplan's own report may be replaced; a file it did not write may not.
        try ReportFile.check(mine, display: "report.html", format: .html, runs: runs)
        let notes = scratch.url.appendingPathComponent("notes.html")
        try "<p>my notes</p>".write(to: notes, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ReportFile.check(notes, display: "notes.html", format: .html, runs: runs) }
        do { try ReportFile.check(notes, display: "notes.html", format: .html, runs: runs) } catch {
            #expect("\(error)" == "notes.html: exists and careplan did not write it; careplan replaces only a report it wrote. Choose another name or remove the file")
        }
        do { try ReportFile.check(out.appendingPathComponent("report.html"), display: "out/report.html", format: .html, runs: runs) } catch {
            #expect("\(error)" == "out/report.html: is inside the run folder out; write the report outside it (a run's folder holds only what the run wrote)")
        }
        do { try ReportFile.check(scratch.url, display: "scratch", format: .html, runs: runs) } catch {
            #expect("\(error)" == "scratch: is a folder; give a file name such as report.html")
        }
        #expect(try String(contentsOf: notes, encoding: .utf8) == "<p>my notes</p>")
    }

    /// Tables edited by hand into numbers Swift reads but no chart can draw (`nan`, `inf`,
    /// `1e19`): the report is still made, drawing those as nothing, and does not crash.
    @Test func aHandEditedTableCannotCrashTheReport() throws {
        let scratch = Scratch()
        let out = try Self.run(scratch)
        func spoil(_ file: String, _ column: String, _ value: String) throws {
            let url = out.appendingPathComponent(file)
            var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            let k = lines[0].components(separatedBy: ",").firstIndex(of: column)!
            var row = lines[1].components(separatedBy: ",")
            row[k] = value
            lines[1] = row.joined(separator: ",")
            try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        try spoil("mentors/schools.csv", "assigned", "nan")
        try spoil("mentors/loads.csv", "load", "inf")
        try spoil("staffing/streets.csv", "unmet", "1e19")
        try spoil("buddies/grades.csv", "matched", "-inf")
        let html = try RunReport(runs: [try RunReport.Run(folder: out, display: "out")]).html()
        #expect(html.contains("data-chart=\"mentor-coverage\""))
        #expect(!html.contains("nan") && !html.contains("inf\""))
    }

    /// PDFs: careplan's by the /Title chromium writes (literal, or hex UTF-16 for a title not all
    /// ASCII, as chromium 1xx prints "周家渡"); a PDF that merely mentions a careplan report is not.
    @Test func aPDFIsCareplansByItsTitle() throws {
        let scratch = Scratch()
        func pdf(_ name: String, _ body: String) throws -> Bool {
            let url = scratch.url.appendingPathComponent(name)
            try Data(("%PDF-1.4\n" + body + "\n%%EOF\n").utf8).write(to: url)
            return ReportFile.wroteIt(url, format: .pdf)
        }
        #expect(try pdf("a.pdf", "/Title (careplan report: demo)\n/Creator (Chromium)"))
        #expect(try pdf("b.pdf", "/Title <FEFF00630061007200650070006C0061006E0020007200650070006F00720074003A0020005A0068006F0075>"))
        #expect(try !pdf("c.pdf", "/Title (Minutes)\nBT (notes on the careplan report review) Tj ET"))
        #expect(try !pdf("d.pdf", "/Title (careplan reports for 2026)"))
        #expect(try !pdf("e.txt", "/Title (careplan report: demo)"))
    }
}
