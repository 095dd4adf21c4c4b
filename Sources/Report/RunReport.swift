import CareModel
import Foundation
import Scenarios

/// `careplan report`: one self-contained HTML file for runs' output folders. Per plan: the
/// outcome and its figures, charts as inline SVG, what was not met with the fix sentences.
/// For several runs, the comparison table first. Nothing is fetched when it is viewed; it
/// prints one plan a page. It reads only what the run wrote for everyone (`unmet.csv`, not
/// `unmet.sensitive.csv`) unless asked with `sensitive`.
public struct RunReport: Sendable {
    /// One run's output folder, read.
    public struct Run: Sendable {
        public let label: String
        public let folder: URL
        /// How messages and the report name the folder (as the user gave it).
        public let display: String
        public let summary: RunSummary

        public init(folder: URL, display: String, label: String? = nil) throws {
            let file = folder.appendingPathComponent("summary.json")
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw DataError(file: (display as NSString).appendingPathComponent("summary.json"), line: 0, column: 0,
                                message: "no such file; is \(display) the output folder of `careplan run`?")
            }
            do { summary = try RunSummary.read(file) } catch {
                throw DataError(file: (display as NSString).appendingPathComponent("summary.json"), line: 0, column: 0,
                                message: "is not a summary careplan wrote (\(error.localizedDescription))")
            }
            self.folder = folder
            self.display = display
            self.label = label ?? summary.variant?.name ?? summary.scenario
        }

        /// The runs an output folder holds: itself, or each variant of a sweep's folder (named
        /// `PREFIX/variant`, or by the variant alone when `prefix` is nil), as `careplan compare` reads them.
        public static func load(folder: URL, display: String, prefix: String?) throws -> [Run] {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(SweepIndex.file).path) {
                let index: SweepIndex
                do { index = try SweepIndex.read(folder) } catch {
                    throw DataError(file: display + "/" + SweepIndex.file, line: 0, column: 0, message: "is not a sweep index careplan wrote: \(error.localizedDescription)")
                }
                return try index.variants.map { v in
                    try Run(folder: folder.appendingPathComponent(v.name), display: display + "/" + v.name, label: prefix.map { "\($0)/\(v.name)" } ?? v.name)
                }
            }
            return [try Run(folder: folder, display: display, label: prefix)]
        }
    }

    /// The plans in the order a run solves them, with their titles.
    public static let plans: [(name: String, title: String)] = [
        ("mentors", "Growth mentors"), ("buddies", "Buddies"), ("staffing", "Staffing"), ("roster", "Hotline roster"), ("activities", "Activities"),
    ]

    /// The first line of every report: how careplan knows a file it may replace.
    public static let marker = "<!-- careplan report -->"

    /// At most this many rows of an unmet list are shown; the rest are counted and named by file.
    public static let listRows = 300

    public let runs: [Run]
    public let sensitive: Bool

    public init(runs: [Run], sensitive: Bool = false) {
        self.runs = runs
        self.sensitive = sensitive
    }

    /// The whole document.
    public func html(title: String? = nil) throws -> String {
        let heading = title ?? (runs.count == 1 ? "Plan: \(runs[0].label)" : "Plans compared: \(runs.map(\.label).joined(separator: ", "))")
        var body = "<header><h1>\(HTML.escape(heading))</h1>"
        body += "<p class=\"meta\">\(runs.count == 1 ? "Run" : "Runs"): " + runs.map { "<code>\(HTML.escape($0.display))</code>" }.joined(separator: ", ")
            + ". Identifiers only\(sensitive ? "; <strong>this report names sensitive qualification rules</strong>" : "").</p>"
        body += "<nav><ul>" + runs.enumerated().flatMap { k, run in
            Self.plans.filter { run.summary.plans[$0.name] != nil }.map { "<li><a href=\"#\(anchor(k, $0.name))\">\(HTML.escape(runs.count > 1 ? "\(run.label): \($0.title)" : $0.title))</a></li>" }
        }.joined() + "</ul></nav></header>"
        if runs.count > 1 { body += comparison() }
        for (k, run) in runs.enumerated() {
            for plan in Self.plans where run.summary.plans[plan.name] != nil {
                body += try section(run, plan: plan.name, title: plan.title, id: anchor(k, plan.name))
            }
        }
        return Self.document(title: heading, body: body)
    }

    func anchor(_ k: Int, _ plan: String) -> String { runs.count > 1 ? "run\(k + 1)-\(plan)" : plan }

    /// A page around `body`, with the report's styles (screen and print) and nothing else.
    public static func document(title: String, body: String) -> String {
        """
        \(marker)
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>careplan report: \(HTML.escape(title))</title><style>\(style)</style></head>
        <body>\(body)</body></html>

        """
    }

    public static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;margin:0 auto;max-width:1000px;padding:16px 24px}
        h1{font-size:22px;margin:8px 0}h2{font-size:19px;border-bottom:2px solid #2b6cb0;padding-bottom:4px;margin-top:32px}h3{font-size:15px;margin:18px 0 6px}
        .meta{color:#556}nav ul{columns:3;padding-left:18px;margin:6px 0}
        table{border-collapse:collapse;margin:6px 0 12px;font-variant-numeric:tabular-nums}th,td{border-bottom:1px solid #dde3ea;padding:3px 10px;text-align:left}
        td.num,th.num{text-align:right}th{background:#f1f5f9}.better{color:#1c7c3a}.worse{color:#b42318}
        .status{display:inline-block;padding:1px 8px;border-radius:10px;background:#e6f0fa}.status.optimal{background:#dcf5e3}.status.feasible,.status.time_limit{background:#fdf3d7}
        .status.no_solution,.status.infeasible{background:#fde2e1}
        svg.chart{display:block;max-width:100%;height:auto;margin:4px 0 12px}svg .label{font-size:11px;fill:#1d2733}svg .axis{font-size:10px;fill:#556}svg .value{font-size:10px;fill:#334}
        svg .good{fill:#2f855a}svg .bad{fill:#c53030}svg .neutral{fill:#2b6cb0}svg .extra{fill:#d69e2e}svg .dot{fill:#2b6cb0;fill-opacity:.7}
        svg .grid{stroke:#e2e8f0}svg .limit{stroke:#c53030;stroke-dasharray:4 3}svg .cell{fill:#2b6cb0}svg .cell.marked{stroke:#c53030;stroke-width:2}
        ul.fixes li{margin:2px 0}.more{color:#556;font-style:italic}
        @media print{body{max-width:none;padding:0}nav{display:none}section.plan{break-before:page}section.plan h2{margin-top:0}svg.chart,table{break-inside:avoid}}
        """

    // MARK: the comparison of several runs

    /// The comparison table of the runs, and what differs between their inputs (also the web page's).
    public func comparison() -> String {
        Self.comparison(Comparison(runs.map { ComparedRun(label: $0.label, summary: $0.summary) }))
    }

    /// A comparison as the report shows it (runs from folders, or from the run history).
    public static func comparison(_ compared: Comparison) -> String {
        var html = "<section class=\"comparison\" id=\"comparison\"><h2>Runs compared</h2><table data-table=\"comparison\"><thead><tr><th>plan</th><th>figure</th>"
        html += compared.runs.map { "<th class=\"num\">\(HTML.escape($0.label))</th>" }.joined() + "</tr></thead><tbody>"
        for row in compared.rows {
            html += "<tr><td>\(HTML.escape(row.plan))</td><td>\(HTML.escape(row.label))</td>"
            for k in compared.runs.indices {
                let value = row.texts.map { $0[k] ?? "–" } ?? Comparison.value(row.values[k], row.unit)
                var cell = HTML.escape(value)
                if k > 0, let verdict = row.verdict(k), verdict != .same {
                    if let d = row.difference(k) { cell += " <small>(\(d > 0 ? "+" : "")\(HTML.escape(Comparison.value(d, row.unit))))</small>" }
                    html += "<td class=\"num \(verdict.rawValue)\" title=\"\(verdict.rawValue)\">\(cell)</td>"
                } else {
                    html += "<td class=\"num\">\(cell)</td>"
                }
            }
            html += "</tr>"
        }
        html += "</tbody></table>"
        let overrides = compared.runs.map { "<li><strong>\(HTML.escape($0.label))</strong>: \(HTML.escape(compared.overridesText($0)))</li>" }
        html += "<h3>What differs</h3><ul>" + overrides.joined() + compared.inputDifferences.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        for p in compared.partial { html += "<p class=\"more\">\(HTML.escape(p.plan)) ran only in \(HTML.escape(p.runs.joined(separator: ", ")))</p>" }
        return html + "</section>"
    }

    // MARK: one plan

    /// One plan of one run: outcome, figures, charts, unmet list and fixes (also the web page's plan view).
    public func section(_ run: Run, plan: String, title: String, id: String) throws -> String {
        guard let s = run.summary.plans[plan] else { return "" }
        var html = "<section class=\"plan\" id=\"\(id)\" data-plan=\"\(plan)\"><h2>\(HTML.escape(title))\(runs.count > 1 ? " — \(HTML.escape(run.label))" : "")</h2>"
        html += "<p><span class=\"status \(HTML.escape(s.status))\">\(HTML.escape(s.status.replacingOccurrences(of: "_", with: " ")))</span> "
        html += "objective \(HTML.escape(Comparison.value(s.objective, .score)))"
        if let bound = s.bound, s.gap > 0 { html += ", bound \(HTML.escape(Comparison.value(bound, .score))), gap \(HTML.escape(Comparison.value(s.gap, .share)))" }
        html += ", \(HTML.escape(Comparison.value(s.seconds, .seconds))), \(s.components) component\(s.components == 1 ? "" : "s")</p>"
        html += "<table class=\"kpis\" data-table=\"kpis\"><tbody>" + s.figures.map {
            "<tr data-key=\"\(HTML.escape($0.key))\"><td>\(HTML.escape($0.label))</td><td class=\"num\">\(HTML.escape(Comparison.value($0.value, $0.unit)))</td></tr>"
        }.joined() + "</tbody></table>"
        let files = Files(run: run, plan: plan)
        switch plan {
        case "mentors": html += try mentorCharts(files)
        case "buddies": html += try buddyCharts(files)
        case "staffing": html += try staffingCharts(files)
        case "roster": html += try rosterCharts(files)
        case "activities": html += try activitiesCharts(files)
        default: break
        }
        html += try unmetList(files, plan: plan)
        let fixes = try files.table(sensitive && files.exists("fixes.sensitive.csv") ? "fixes.sensitive.csv" : "fixes.csv")
        if let fixes, !fixes.rows.isEmpty {
            html += "<h3>What would meet the rest</h3><ul class=\"fixes\">" + fixes.rows.prefix(Self.listRows).map { "<li>\(HTML.escape($0.fields.first?.value ?? ""))</li>" }.joined() + "</ul>"
            if fixes.rows.count > Self.listRows { html += more(fixes.rows.count - Self.listRows, "fix sentences", files.display("fixes.csv")) }
        }
        return html + "</section>"
    }

    func more(_ n: Int, _ what: String, _ file: String) -> String {
        "<p class=\"more\">… and \(n) more \(what) in <code>\(HTML.escape(file))</code></p>"
    }

    /// A plan's files in a run's folder; a file a plan did not write reads as nil.
    struct Files {
        let run: Run
        let plan: String

        func url(_ name: String) -> URL { run.folder.appendingPathComponent(plan).appendingPathComponent(name) }
        func display(_ name: String) -> String { ((run.display as NSString).appendingPathComponent(plan) as NSString).appendingPathComponent(name) }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url(name).path) }

        func table(_ name: String) throws -> CSVTable? {
            guard exists(name) else { return nil }
            return try CSVTable.read(url(name), name: display(name))
        }

        /// Rows as dictionaries by column name.
        func rows(_ name: String) throws -> [[String: String]] {
            guard let t = try table(name) else { return [] }
            let names = t.header.map(\.value)
            return t.rows.map { row in
                var d = [String: String]()
                for (k, field) in row.fields.enumerated() where k < names.count { d[names[k]] = field.value }
                return d
            }
        }
    }

    /// A count or load from a run's table: a number a chart can draw, or none (a table edited
    /// by hand may say `nan`, `inf` or `1e300`, which Swift reads as numbers).
    static func figure(_ text: String?) -> Double? {
        guard let x = text.flatMap(Double.init), x.isFinite, abs(x) <= 1e12 else { return nil }
        return x
    }

    func mentorCharts(_ files: Files) throws -> String {
        var html = ""
        let loads = try files.rows("loads.csv").filter { Int($0["capacity"] ?? "") ?? 0 > 0 }
        let bySchool = Dictionary(grouping: loads, by: { $0["school_id"] ?? "" })
        if !bySchool.isEmpty {
            let cap = loads.compactMap { Self.figure($0["capacity"]) }.max()
            html += "<h3>Mentor load by school</h3>" + Chart.strips(
                "mentor-loads", "Each mentor's care load, one dot per mentor, by school", bySchool.keys.sorted().map { school in
                    (school, bySchool[school]!.compactMap { Self.figure($0["load"]) })
                }, limit: cap, unit: "care-load units")
        }
        let schools = try files.rows("schools.csv")
        if !schools.isEmpty {
            html += "<h3>Students with a mentor, by school</h3>" + Chart.bars("mentor-coverage", "Share of each school's students with a mentor",
                schools.sorted { ($0["school_id"] ?? "") < ($1["school_id"] ?? "") }.map { r in
                    let a = Self.figure(r["assigned"]) ?? 0, u = Self.figure(r["unmet"]) ?? 0, n = max(a + u, 1)
                    return Chart.Bar(label: r["school_id"] ?? "", segments: [
                        .init(value: a / n, style: "good", title: "\(Int(a)) with a mentor"), .init(value: u / n, style: "bad", title: "\(Int(u)) without"),
                    ])
                }, legend: [("good", "with a mentor"), ("bad", "without")], percent: true)
        }
        return html
    }

    func buddyCharts(_ files: Files) throws -> String {
        var html = ""
        let grades = try files.rows("grades.csv")
        if !grades.isEmpty {
            html += "<h3>Children with a buddy, by grade</h3>" + Chart.bars("buddy-grades", "Children asking for a buddy, matched and not, by grade",
                grades.map { r in
                    Chart.Bar(label: "grade \(r["grade"] ?? "")", segments: [
                        .init(value: Self.figure(r["matched"]) ?? 0, style: "good", title: "\(r["matched"] ?? "0") matched"),
                        .init(value: Self.figure(r["unmatched"]) ?? 0, style: "bad", title: "\(r["unmatched"] ?? "0") without a buddy"),
                    ])
                }, legend: [("good", "matched"), ("bad", "without a buddy")])
        }
        return html
    }

    func staffingCharts(_ files: Files) throws -> String {
        let streets = try files.rows("streets.csv")
        guard !streets.isEmpty else { return "" }
        return "<h3>Requirements met, by street</h3>" + Chart.bars("staffing-streets", "Each street's staffing requirements, met and not",
            streets.sorted { ($0["street"] ?? "") < ($1["street"] ?? "") }.map { r in
                let unmet = Self.figure(r["unmet"]) ?? 0
                let met = max(0, (Self.figure(r["requirements"]) ?? unmet) - unmet)
                return Chart.Bar(label: r["street"] ?? "", segments: [
                    .init(value: met, style: "good", title: "\(Int(met)) met"), .init(value: unmet, style: "bad", title: "\(Int(unmet)) not met"),
                ])
            }, legend: [("good", "met"), ("bad", "not met")])
    }

    func rosterCharts(_ files: Files) throws -> String {
        let shifts = try files.rows("assignments.csv")
        let dates = (try files.table("roster.csv"))?.header.dropFirst().map(\.value) ?? Array(Set(shifts.compactMap { $0["date"] })).sorted()
        guard !dates.isEmpty else { return "" }
        let ids = Array(Set(shifts.compactMap { $0["shift_id"] })).sorted()
        var count = [String: Double]()
        for s in shifts { count["\(s["shift_id"] ?? "")|\(s["date"] ?? "")", default: 0] += 1 }
        var marks = [String: [String]]()
        for v in try files.rows("violations.csv") where (v["person_id"] ?? "").isEmpty && !(v["date"] ?? "").isEmpty {
            marks["\(v["shift_id"] ?? "")|\(v["date"] ?? "")", default: []].append("\(v["kind"] ?? "") \(v["amount"] ?? "")")
        }
        let rows = ids + marks.keys.map { String($0.split(separator: "|", omittingEmptySubsequences: false)[0]) }.filter { !ids.contains($0) && !$0.isEmpty }
        return "<h3>Cover by day and shift</h3><p class=\"more\">People on each shift each day; an outlined cell is a cover rule not met.</p>"
            + Chart.heatmap("roster-cover", "People on each shift, by day", rows: rows, columns: dates,
                            columnLabels: dates.map { String($0.suffix(5)) },
                            value: { r, c in count["\(rows[r])|\(dates[c])"] },
                            marked: { r, c in marks["\(rows[r])|\(dates[c])"]?.joined(separator: ", ") }, unit: "people")
    }

    func activitiesCharts(_ files: Files) throws -> String {
        let entries = try files.rows("calendar.csv")
        guard !entries.isEmpty else { return "" }
        var count = [String: Double]()
        var themes = Set<String>(), months = Set<String>()
        for e in entries {
            let theme = (e["theme"] ?? "").isEmpty ? (e["kind"] ?? "") : e["theme"]!
            let month = String((e["date"] ?? "").prefix(7))
            themes.insert(theme)
            months.insert(month)
            count["\(theme)|\(month)", default: 0] += 1
        }
        let rows = themes.sorted(), columns = months.sorted()
        return "<h3>Activities per month, by theme</h3>" + Chart.heatmap("activities-months", "Activities per month and theme", rows: rows, columns: columns,
                                                                           value: { r, c in count["\(rows[r])|\(columns[c])"] },
                                                                           marked: { _, _ in nil }, unit: "activities")
    }

    /// The plan's list of what was not met: identifiers, the rule (neutral unless sensitive) and the detail.
    func unmetList(_ files: Files, plan: String) throws -> String {
        let (name, heading, columns): (String, String, [String]) = switch plan {
        case "mentors": (sensitive && files.exists("unmet.sensitive.csv") ? "unmet.sensitive.csv" : "unmet.csv", "Students without a mentor",
                         ["student_id", "school_id", "grade", "rule", "detail"])
        case "buddies": ("unmatched.csv", "Children without a buddy", ["student_id", "school_id", "grade", "rule", "detail"])
        case "staffing": ("unmet.csv", "Requirements not met", ["site_id", "street", "requirement", "required", "shortfall", "detail"])
        case "roster": ("violations.csv", "Roster rules not met", ["kind", "person_id", "date", "shift_id", "amount", "cause"])
        default: (sensitive && files.exists("unmet.sensitive.csv") ? "unmet.sensitive.csv" : "unmet.csv", "Not met", ["subject", "rule", "period", "detail"])
        }
        let rows = try files.rows(name)
        guard !rows.isEmpty else { return "<h3>\(HTML.escape(heading))</h3><p>None.</p>" }
        var html = "<h3>\(HTML.escape(heading)) (\(rows.count))</h3><table data-table=\"unmet\"><thead><tr>" + columns.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows.prefix(Self.listRows) {
            html += "<tr>" + columns.map { "<td>\(HTML.escape(row[$0] ?? ""))</td>" }.joined() + "</tr>"
        }
        html += "</tbody></table>"
        if rows.count > Self.listRows { html += more(rows.count - Self.listRows, "rows", files.display(name)) }
        return html
    }
}
