import CareModel
import Foundation
import Planning

/// One run as a comparison sees it: each plan's section of its summary, and what it read.
public struct ComparedRun: Sendable, Equatable {
    /// How the comparison names it (a folder, a variant's name, `run 12`).
    public var label: String
    public let plans: [String: RunSummary.PlanSection]
    public let overrides: [Variant.Override]
    /// The SHA-256 of the scenario file it read, and of each table by file name.
    public let scenarioSHA256: String?
    public let tables: [String: String]

    public init(label: String, plans: [String: RunSummary.PlanSection], overrides: [Variant.Override],
                scenarioSHA256: String?, tables: [String: String]) {
        (self.label, self.plans, self.overrides, self.scenarioSHA256, self.tables) = (label, plans, overrides, scenarioSHA256, tables)
    }

    public init(label: String, summary: RunSummary) {
        self.init(label: label, plans: summary.plans, overrides: summary.variant?.overrides ?? [],
                  scenarioSHA256: summary.inputs?.scenario?.sha256,
                  tables: Dictionary((summary.inputs?.tables ?? []).map { (($0.path as NSString).lastPathComponent, $0.sha256) },
                                     uniquingKeysWith: { a, _ in a }))
    }

    /// The runs an output folder holds: itself (a run's folder, with `summary.json`), or each
    /// variant of a sweep's folder (with `sweep.json`), named `PREFIX/variant` or by the variant
    /// alone when `prefix` is nil.
    public static func load(folder: URL, display: String, prefix: String?) throws -> [ComparedRun] {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder.appendingPathComponent(SweepIndex.file).path) {
            let index: SweepIndex
            do { index = try SweepIndex.read(folder) } catch {
                throw DataError(file: display + "/" + SweepIndex.file, line: 0, column: 0, message: "is not a sweep index careplan wrote: \(error.localizedDescription)")
            }
            return try index.variants.map { v in
                try one(folder.appendingPathComponent(v.name), display: display + "/" + v.name, label: prefix.map { "\($0)/\(v.name)" } ?? v.name)
            }
        }
        return [try one(folder, display: display, label: display)]
    }

    static func one(_ folder: URL, display: String, label: String) throws -> ComparedRun {
        let url = folder.appendingPathComponent("summary.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataError(file: display, line: 0, column: 0,
                            message: "holds neither summary.json nor sweep.json; expected the --out folder of `careplan run`, or a run id from the history")
        }
        do {
            return ComparedRun(label: label, summary: try RunSummary.read(url))
        } catch {
            throw DataError(file: display + "/summary.json", line: 0, column: 0, message: "is not a summary careplan wrote: \(error.localizedDescription)")
        }
    }
}

/// Runs side by side: every plan's status, objective, gap and figures, each with its difference
/// to the first run and whether that is better or worse (the figure's direction), then what
/// differs between the runs' inputs. Plans some runs lack are compared among the runs that have
/// them, and named.
public struct Comparison: Sendable {
    public enum Verdict: String, Sendable, Codable {
        case same, better, worse, changed
    }

    public struct Row: Sendable {
        public let plan: String
        public let key: String
        public let label: String
        public let unit: Figure.Unit?
        public let direction: Figure.Direction
        /// One a run; nil where the run lacks the plan. Text rows (status) use `texts`.
        public let values: [Double?]
        public let texts: [String?]?

        /// The difference to the first run, nil where either lacks the value.
        public func difference(_ k: Int) -> Double? {
            guard texts == nil, let first = values[0], let v = values[k] else { return nil }
            return ((v - first) * 1e9).rounded() / 1e9  // no float noise (0.95 - 0.9 is 0.05)
        }

        public func verdict(_ k: Int) -> Verdict? {
            if let texts {
                guard let a = texts[0], let b = texts[k] else { return nil }
                return a == b ? .same : .changed
            }
            guard let d = difference(k) else { return nil }
            if abs(d) <= 1e-9 * max(1, abs(values[0]!)) { return .same }
            switch direction {
            case .higherIsBetter: return d > 0 ? .better : .worse
            case .lowerIsBetter: return d < 0 ? .better : .worse
            case .neutral: return .changed
            }
        }
    }

    public let runs: [ComparedRun]
    public let rows: [Row]
    /// Whether cells after the first show their difference to it (not for districts side by side).
    public var showsDifferences = true
    /// Plans not every run has, with the runs that have them.
    public let partial: [(plan: String, runs: [String])]

    /// The section that is no plan but the process that ran them (`careplan bench`): its wall
    /// time and memory, without status, objective or gap.
    public static let process = "process"

    public init(_ runs: [ComparedRun]) {
        self.runs = runs
        let order = Scenario.Plan.allCases.map(\.rawValue)
        let names = Set(runs.flatMap(\.plans.keys)).sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
        var rows = [Row](), partial = [(plan: String, runs: [String])]()
        for plan in names {
            let sections = runs.map { $0.plans[plan] }
            if sections.contains(where: { $0 == nil }) {
                partial.append((plan, runs.filter { $0.plans[plan] != nil }.map(\.label)))
            }
            if plan != Self.process {
                rows.append(Row(plan: plan, key: "status", label: "status", unit: nil, direction: .neutral, values: sections.map { _ in nil },
                                texts: sections.map { $0?.status }))
                rows.append(Row(plan: plan, key: "objective", label: "objective", unit: .score, direction: .lowerIsBetter,
                                values: sections.map { $0?.objective }, texts: nil))
                rows.append(Row(plan: plan, key: "gap", label: "gap", unit: .share, direction: .lowerIsBetter, values: sections.map { $0?.gap }, texts: nil))
            }
            rows.append(Row(plan: plan, key: "seconds", label: plan == Self.process ? "wall seconds" : "seconds", unit: .seconds, direction: .neutral,
                            values: sections.map { $0?.seconds }, texts: nil))
            // Every figure any run has, in the order the first run having it lists them.
            var keys = [Figure]()
            for s in sections.compactMap({ $0 }) {
                for f in s.figures where !keys.contains(where: { $0.key == f.key }) { keys.append(f) }
            }
            for f in keys {
                rows.append(Row(plan: plan, key: f.key, label: f.label, unit: f.unit, direction: f.direction,
                                values: sections.map { s in s?.figures.first { $0.key == f.key }?.value }, texts: nil))
            }
        }
        self.rows = rows
        self.partial = partial
    }

    // MARK: What differs between the inputs

    /// Each run's overrides in words (`policy.mentor.cap=12`), "none" for none.
    public func overridesText(_ run: ComparedRun) -> String {
        run.overrides.isEmpty ? "none" : run.overrides.map { "\($0.path)=\($0.value)" }.joined(separator: ", ")
    }

    /// What differs from the first run's inputs, in words, one line a run after the first.
    public var inputDifferences: [String] {
        guard let first = runs.first else { return [] }
        return runs.dropFirst().map { run in
            var said = [String]()
            if run.scenarioSHA256 != first.scenarioSHA256 {
                said.append(run.scenarioSHA256 == nil || first.scenarioSHA256 == nil ? "one has no scenario file" : "the scenario file differs")
            } else if run.scenarioSHA256 != nil {
                said.append("the same scenario file")
            }
            let names = Set(run.tables.keys).union(first.tables.keys).sorted()
            let changed = names.filter { run.tables[$0] != first.tables[$0] }
            if !changed.isEmpty {
                said.append("tables differ: " + changed.prefix(6).map { name in
                    run.tables[name] == nil ? "\(name) (only in \(first.label))" : first.tables[name] == nil ? "\(name) (only in \(run.label))" : name
                }.joined(separator: ", ") + (changed.count > 6 ? ", ..." : ""))
            }
            if run.tables.isEmpty && first.tables.isEmpty {
                said.append("tables generated (not hashed: the overrides say what differs)")
            } else if changed.isEmpty {
                said.append("the same tables")
            }
            return "\(run.label): " + said.joined(separator: "; ")
        }
    }

    // MARK: Formats

    public enum Format: String, CaseIterable, Sendable {
        case text, csv, json, markdown
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .text: return text()
        case .csv: return csv()
        case .json: return json()
        case .markdown: return markdown()
        }
    }

    public static func value(_ v: Double?, _ unit: Figure.Unit?) -> String {
        guard let v else { return "-" }
        switch unit {
        case .share?: return String(format: "%.2f %%", v * 100)
        case .seconds?: return String(format: "%.2f s", v)
        default:
            if v == v.rounded() && abs(v) < 1e15 { return grouped(Int(v)) }
            return String(format: abs(v) >= 100 ? "%.1f" : "%.3f", v)
        }
    }

    static func difference(_ d: Double, _ unit: Figure.Unit?) -> String {
        let sign = d > 0 ? "+" : d < 0 ? "-" : "±"
        switch unit {
        case .share?: return sign + String(format: "%.2f pt", abs(d) * 100)
        case .seconds?: return sign + String(format: "%.2f s", abs(d))
        default: return sign + value(abs(d), unit)
        }
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A cell: the value, and after the first run its difference and verdict.
    func cell(_ row: Row, _ k: Int) -> String {
        if let texts = row.texts { return texts[k] ?? "-" }
        let shown = Self.value(row.values[k], row.unit)
        guard showsDifferences, k > 0, let d = row.difference(k), let verdict = row.verdict(k), verdict != .same else { return shown }
        return "\(shown) (\(Self.difference(d, row.unit))\(verdict == .changed ? "" : ", \(verdict.rawValue)"))"
    }

    /// More runs than fit side by side: a table per plan, a line per run, a column per figure.
    public static let mostColumns = 6

    func text() -> String {
        if runs.count > Self.mostColumns { return textByRun() }
        var table = [["", ] + runs.map(\.label)]
        var plans = [String]()
        for row in rows {
            if plans.last != row.plan {
                plans.append(row.plan)
                table.append([row.plan] + runs.map { _ in "" })
            }
            table.append(["  " + row.label] + runs.indices.map { cell(row, $0) })
        }
        let widths = (0..<table[0].count).map { c in table.map { $0[c].count }.max() ?? 0 }
        var lines = table.map { r in
            r.enumerated().map { c, s in s.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        lines.append("")
        lines += notes()
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table per plan: a line per run, a column per figure (by key), the first run's line
    /// first and the others' values as they are (differences are in the csv and json formats).
    func textByRun() -> String {
        var lines = [String]()
        var plans = [String]()
        for row in rows where plans.last != row.plan { plans.append(row.plan) }
        for plan in plans {
            let planRows = rows.filter { $0.plan == plan }
            var table = [["run"] + planRows.map(\.key)]
            for k in runs.indices { table.append([runs[k].label] + planRows.map { $0.texts?[k] ?? Self.value($0.values[k], $0.unit) }) }
            let widths = (0..<table[0].count).map { c in table.map { $0[c].count }.max() ?? 0 }
            lines.append(plan)
            lines += table.map { r in
                "  " + r.enumerated().map { c, v in c == 0 ? v.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - v.count) + v }.joined(separator: "  ")
            }
            lines.append("")
        }
        lines += notes()
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lines under a table: partial plans, overrides, input differences, what objectives mean.
    func notes() -> [String] {
        var lines = [String]()
        for p in partial { lines.append("\(p.plan): only in \(p.runs.joined(separator: ", ")); compared among those") }
        guard showsDifferences else { return lines }
        lines.append("Overrides:")
        for run in runs { lines.append("  \(run.label): \(overridesText(run))") }
        if runs.count > 1 {
            lines.append("Inputs against \(runs[0].label):")
            if runs.count > Self.mostColumns {
                // Many runs: those whose inputs differ alike, on one line.
                var order = [String](), labels = [String: [String]]()
                for (run, line) in zip(runs.dropFirst(), inputDifferences) {
                    let said = String(line.dropFirst(run.label.count + 2))
                    if labels[said] == nil { order.append(said) }
                    labels[said, default: []].append(run.label)
                }
                for said in order {
                    let l = labels[said]!
                    lines.append("  " + (l.count > 3 ? "\(l.count) runs (\(l.prefix(2).joined(separator: ", ")), ...)" : l.joined(separator: ", ")) + ": " + said)
                }
            } else {
                for line in inputDifferences { lines.append("  " + line) }
            }
        }
        lines.append("Differences are to \(runs.first?.label ?? "the first run"); better or worse follows each figure's direction. "
                     + "An objective compares only between runs with the same weights; seconds are never better or worse.")
        return lines
    }

    func markdown() -> String {
        var lines = ["| plan | figure | " + runs.map { Self.escape($0.label) }.joined(separator: " | ") + " |",
                     "|---|---|" + runs.map { _ in "---:|" }.joined()]
        for row in rows {
            lines.append("| \(row.plan) | \(Self.escape(row.label)) | " + runs.indices.map { Self.escape(cell(row, $0)) }.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines += notes().map { $0.hasPrefix("  ") ? "- " + $0.dropFirst(2) : $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    /// Long form: one line a plan, figure and run.
    func csv() -> String {
        var out = CSVWriter(header: ["plan", "figure", "label", "unit", "direction", "run", "value", "difference", "verdict"])
        for row in rows {
            for (k, run) in runs.enumerated() {
                let value = row.texts.map { $0[k] ?? "" } ?? row.values[k].map(CSVWriter.number) ?? ""
                out.append([row.plan, row.key, row.label, row.unit?.rawValue ?? "text", row.direction.rawValue, run.label, value,
                            k == 0 || !showsDifferences ? "" : row.difference(k).map(CSVWriter.number) ?? "",
                            k == 0 || !showsDifferences ? "" : row.verdict(k)?.rawValue ?? ""])
            }
        }
        return out.text
    }

    func json() -> String {
        struct RunJSON: Encodable {
            let label: String
            let overrides: [Variant.Override]
            let scenario_sha256: String?
            let tables: [String: String]
        }
        struct RowJSON: Encodable {
            let plan, figure, label: String
            let unit: String?
            let direction: String
            let values: [Double?]?
            let texts: [String?]?
            let differences: [Double?]
            let verdicts: [String?]
        }
        struct All: Encodable {
            let runs: [RunJSON]
            let rows: [RowJSON]
            let partial: [[String: [String]]]
            let input_differences: [String]
        }
        let all = All(runs: runs.map { RunJSON(label: $0.label, overrides: $0.overrides, scenario_sha256: $0.scenarioSHA256, tables: $0.tables) },
                      rows: rows.map { r in
                          RowJSON(plan: r.plan, figure: r.key, label: r.label, unit: r.unit?.rawValue, direction: r.direction.rawValue,
                                  values: r.texts == nil ? r.values : nil, texts: r.texts,
                                  differences: runs.indices.map { $0 == 0 || !showsDifferences ? nil : r.difference($0) },
                                  verdicts: runs.indices.map { $0 == 0 || !showsDifferences ? nil : r.verdict($0)?.rawValue })
                      },
                      partial: partial.map { [$0.plan: $0.runs] }, input_differences: inputDifferences)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(all)) ?? Data(), as: UTF8.self) + "\n"
    }
}
