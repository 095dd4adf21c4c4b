import ArgumentParser
import CareModel
import Foundation
import History
import Scenarios

/// Where the run history is: `--history PATH`, else `$CAREPLAN_HISTORY`, else `careplan.sqlite`
/// beside the scenario (or in the current folder for commands without one).
struct HistoryLocation: ParsableArguments {
    @Option(name: .long, help: "The run history's SQLite file (default: $\(History.environment), else careplan.sqlite beside the scenario).")
    var history: String?

    func path(beside scenario: String?) -> String {
        if let history { return history }
        if let env = ProcessInfo.processInfo.environment[History.environment], !env.isEmpty { return env }
        let folder = scenario.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        return folder.isEmpty ? History.defaultName : (folder as NSString).appendingPathComponent(History.defaultName)
    }

    func open(beside scenario: String?) throws -> History { try History(path: path(beside: scenario)) }

    /// Where a run of `scenario` records itself; no path, but a note to show once the run
    /// starts, when the default place, beside the scenario, lies in one of the run's data
    /// folders: the history never goes among the tables unless asked with --history.
    func place(for scenario: Scenario, display: String) -> (path: String?, note: String?) {
        let path = self.path(beside: display)
        if history == nil && (ProcessInfo.processInfo.environment[History.environment] ?? "").isEmpty {
            let real = OutputFolderPath.real(URL(fileURLWithPath: path))
            for case let .directory(url) in ([scenario] + scenario.variants.map(\.scenario)).map(\.source) {
                let folder = OutputFolderPath.real(url)
                if real.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") {
                    return (nil, "careplan: note: no run history recorded: \(History.defaultName) beside the scenario would lie in its data folder \(url.path); --history or $\(History.environment) names a place")
                }
            }
        }
        return (path, nil)
    }

    /// A run of the history, as `compare` takes it.
    func compared(id: Int64) throws -> ComparedRun {
        let path = path(beside: nil)
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(file: "\(id)", line: 0, column: 0, message: "no such folder, and there is no history at \(path) to find run \(id) in (--history names it)")
        }
        guard let run = try History(path: path).compared(id) else {
            throw DataError(file: path, line: 0, column: 0, message: "has no run \(id); `careplan history` lists the runs")
        }
        return run
    }
}

/// What `careplan run` records, and when: the invocation once the output folder is checked and
/// the tables are read (nothing is written to the history for a run refused before that), each
/// run or variant as it is written, and how the invocation ended.
final class HistoryRecorder: @unchecked Sendable {
    let path: String
    let invocationRecord: History.Invocation
    private let lock = NSLock()
    private var history: History?
    private var invocation: Int64?
    private var failure: Error?

    /// Checks that `path` is a careplan history or nothing yet (a foreign file is refused
    /// here, before the run starts, and left as it is); writes nothing.
    init(path: String, scenario: Scenario, command: String, out: String, shard: String?, variants: Int) throws {
        self.path = path
        try History.check(path: path)
        let sha = scenario.file.flatMap { FileManager.default.contents(atPath: $0.path) }.map(RunSummary.Inputs.sha256)
        invocationRecord = .init(command: command, scenarioName: scenario.name, scenarioPath: scenario.file.map { OutputFolderPath.real($0) },
                                 scenarioSHA256: sha, version: Careplan.version, commit: BuildInfo.commit,
                                 out: OutputFolderPath.real(URL(fileURLWithPath: out)), shard: shard, variants: variants)
    }

    /// Opens the history and records that the invocation started.
    func start() {
        lock.withLock {
            do {
                let h = try History(path: path)
                history = h
                invocation = try h.begin(invocationRecord)
            } catch { if failure == nil { failure = error } }
        }
    }

    /// Records a finished run. The history never stops a run: a failure to write it is kept
    /// and reported once at the end.
    func record(_ run: History.Run) {
        lock.withLock {
            guard let history, let invocation else { return }
            do { try history.record(run, invocation: invocation) } catch { if failure == nil { failure = error } }
        }
    }

    func end(_ state: String) {
        lock.withLock {
            if let history, let invocation {
                do { try history.end(invocation, state: state) } catch { if failure == nil { failure = error } }
                try? history.close()
            }
            if let failure { printError("careplan: warning: the run history \(path) could not be written: \(failure)") }
            history = nil
        }
    }
}

enum OutputFolderPath {
    static func real(_ url: URL) -> String {
        url.standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// The commit of the checkout the careplan binary was built in: read from the `.git` folder
/// above the executable (nil when it was installed elsewhere).
enum BuildInfo {
    static let commit: String? = {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var folder = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while folder.path != "/" {
            let git = folder.appendingPathComponent(".git")
            if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) {
                guard head.hasPrefix("ref: ") else { return head }
                let ref = String(head.dropFirst(5))
                if let id = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
                    return id.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                let packed = (try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8)) ?? ""
                return packed.split(separator: "\n").first { $0.hasSuffix(" " + ref) }.map { String($0.prefix(40)) }
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }()
}

/// `careplan history [--scenario S] [--since DATE] [--plan P]`, `careplan history show ID`
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the runs the history recorded, or show one.",
        discussion: """
            Every `careplan run` (each variant of a sweep) and `careplan bench --districts` is recorded: when, \
            the scenario's and tables' SHA-256, the overrides, careplan's version and commit, each plan's \
            status, objective, gap, seconds and figures, and the output folder; ids and counts only. \
            A run whose process is gone before it ended is listed as killed; its finished variants are recorded. \
            Compare runs with `careplan compare ID ID`.
            """,
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, oldest first.")

        @Option(name: .long, help: "Only runs of this scenario (its name, or its file; the history beside that file when no --history is given).")
        var scenario: String?

        @Option(name: .long, help: "Only runs finished on or after this day (YYYY-MM-DD) or instant (ISO 8601).")
        var since: String?

        @Option(name: .long, help: "Only runs that include this plan (mentors, buddies, roster, staffing, activities).")
        var plan: String?

        @Option(name: .long, help: "Only the last N runs.")
        var last: Int?

        @OptionGroup var location: HistoryLocation

        func validate() throws {
            if let since, Self.instant(since) == nil {
                throw ValidationError("--since must be a day (YYYY-MM-DD) or an ISO 8601 instant, found \(since)")
            }
            if let plan, Scenario.Plan(rawValue: plan) == nil {
                throw ValidationError("--plan must be one of \(Scenario.Plan.allCases.map(\.rawValue).joined(separator: ", ")), found \(plan)")
            }
            if let last, last < 1 { throw ValidationError("--last must be a positive whole number, found \(last)") }
        }

        /// The instant as the history writes instants (UTC, ISO 8601), for comparing as text.
        static func instant(_ text: String) -> String? {
            if let day = CalendarDate(table: text) { return "\(day)T00:00:00.000Z" }
            let f = ISO8601DateFormatter()
            guard let date = f.date(from: text) else { return nil }
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return f.string(from: date)
        }

        func run() throws {
            let beside = scenario.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
            let path = location.path(beside: beside)
            guard FileManager.default.fileExists(atPath: path) else {
                print("No history at \(path) (careplan run writes one beside the scenario; --history names another).")
                return
            }
            let history = try History(path: path)
            let filterScenario = beside.map { OutputFolderPath.real(URL(fileURLWithPath: $0)) } ?? scenario
            let runs = try history.runs(.init(scenario: filterScenario, since: since.flatMap(Self.instant), plan: plan, limit: last))
            if runs.isEmpty {
                print("No runs in \(path) match.")
                return
            }
            var table = [["id", "finished", "state", "scenario", "variant", "plans", "seconds", "out"]]
            for r in runs {
                table.append([String(r.id), String(r.finishedAt.prefix(19)).replacingOccurrences(of: "T", with: " "), r.state, r.scenario ?? "-",
                              r.variant ?? r.district ?? "-", r.plans.joined(separator: ","), String(format: "%.2f", r.seconds), r.out ?? "-"])
            }
            printTable(table)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: its inputs, overrides and every plan's figures.")

        @Argument(help: "The run's id (from `careplan history`).")
        var id: Int64

        @OptionGroup var location: HistoryLocation

        func run() throws {
            let path = location.path(beside: nil)
            guard FileManager.default.fileExists(atPath: path) else {
                throw DataError(file: path, line: 0, column: 0, message: "no such history; --history names it")
            }
            guard let d = try History(path: path).run(id) else {
                throw DataError(file: path, line: 0, column: 0, message: "has no run \(id); `careplan history` lists the runs")
            }
            let l = d.listed
            let when = String(l.finishedAt.prefix(19)).replacingOccurrences(of: "T", with: " ")
            print("run \(l.id): written \(when) UTC by `careplan \(l.command)` (invocation \(l.invocation), \(l.state))")
            print("  scenario: \(l.scenario ?? "-")\(d.scenarioPath.map { " (\($0))" } ?? "")\(d.scenarioSHA256.map { ", sha256 \($0.prefix(12))" } ?? "")")
            if let v = l.variant { print("  variant: \(v)") }
            if let district = l.district { print("  district: \(district)") }
            print("  overrides: \(d.overrides.isEmpty ? "none" : d.overrides.map { "\($0.path)=\($0.value)" }.joined(separator: ", "))")
            print("  tables: \(d.tables.isEmpty ? "generated" : d.tables.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.prefix(12))" }.joined(separator: ", "))")
            print("  careplan \(l.version)\(l.commit.map { " at \($0.prefix(12))" } ?? ""); \(String(format: "%.2f", l.seconds)) s\(d.peakMemory.map { "; peak memory \($0 / 1_048_576) MiB" } ?? "")")
            print("  out: \(l.out ?? "-")")
            for (name, s) in d.plans {
                print("\(name): \(s.status), objective \(Figures.number(s.objective)), gap \(Figures.percent(s.gap)), \(String(format: "%.2f", s.seconds)) s")
                for f in s.figures { print("  \(f.label): \(Comparison.value(f.value, f.unit))") }
            }
        }
    }
}

/// Prints rows as columns, padded to the widest cell.
func printTable(_ rows: [[String]]) {
    let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
    for row in rows {
        print(row.enumerated().map { c, s in c == row.count - 1 ? s : s.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  "))
    }
}
