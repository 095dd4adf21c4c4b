import ArgumentParser
import CareModel
import Foundation
import History
import Planning
import Scenarios

/// `careplan bench --districts zhoujiadu,changning,pudong`
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the same policy on several districts' tables and put them side by side.",
        discussion: """
            Each district is a generated preset (\(DistrictPreset.allCases.map(\.rawValue).joined(separator: ", "))) or \
            a folder of tables given with --data NAME=FOLDER. Each runs --repeat times as its own \
            `careplan run` process, with the policy, horizons and solver settings of --scenario (careplan's \
            defaults without it). Writes bench.md, bench.csv and bench.json into --out, with each \
            district's outputs (the first repeat) in runs/NAME/: every plan's status, gap, \
            median seconds and figures per district, and each district's median wall time and peak \
            memory (the largest resident size of its processes). Recorded in the run history. \
            This is a planner's comparison; `make bench` measures careplan itself.
            """
    )

    @Option(name: .long, help: "The districts, by comma: preset names, or names given with --data.")
    var districts: String

    @Option(name: .long, help: "The plans, by comma (default: the scenario's, else mentors,buddies,staffing).")
    var plans: String?

    @Option(name: .long, help: "Runs per district (the median time is reported).")
    var `repeat`: Int = 1

    @Option(name: .long, help: "A scenario whose policy, horizons and solver settings every district uses (its data and variants are left out).")
    var scenario: String?

    @Option(name: .long, help: "A district's own tables: NAME=FOLDER (repeatable).")
    var data: [String] = []

    @Option(name: .long, help: "The seed of generated districts.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "The output folder.")
    var out: String

    @OptionGroup var location: HistoryLocation

    @Flag(name: .long, help: "Record nothing in the run history.")
    var noHistory = false

    func validate() throws {
        if `repeat` < 1 || `repeat` > 100 { throw ValidationError("--repeat must be from 1 to 100, found \(`repeat`)") }
        for d in data where !d.contains("=") { throw ValidationError("--data must be NAME=FOLDER, found \(d)") }
        if let plans {
            for p in plans.split(separator: ",") where Scenario.Plan(rawValue: String(p)) == nil {
                throw ValidationError("--plans: '\(p)' is not a plan careplan has; expected \(Scenario.Plan.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    func run() throws {
        var folders = [String: URL]()
        for d in data {
            let parts = d.split(separator: "=", maxSplits: 1).map(String.init)
            folders[parts[0]] = URL(fileURLWithPath: parts[1]).standardizedFileURL
        }
        let names = districts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if names.isEmpty { throw ValidationError("--districts names no district") }
        if Set(names).count != names.count { throw ValidationError("--districts names a district twice") }
        var base: (text: String, scenario: Scenario)?
        if let scenario {
            let url = URL(fileURLWithPath: scenario)
            let loaded = try Scenario.load(url, display: scenario)
            base = (try String(contentsOf: url, encoding: .utf8), loaded)
        }
        let planList = try plans.map { $0.split(separator: ",").map { Scenario.Plan(rawValue: String($0))! } }
            ?? base.map { $0.scenario.plans } ?? [.mentors, .buddies, .staffing]
        var sources = [(name: String, source: Scenario.Source)]()
        for name in names {
            if let folder = folders[name] {
                sources.append((name, .directory(folder)))
            } else if DistrictPreset(rawValue: name) != nil {
                sources.append((name, .generate(district: name, seed: seed)))
            } else {
                throw DataError(file: "--districts", line: 0, column: 0,
                                message: "'\(name)' is neither a preset (\(DistrictPreset.allCases.map(\.rawValue).joined(separator: ", "))) nor named by --data NAME=FOLDER")
            }
        }
        // The output folder never holds a district's tables or the scenario.
        var inputs = sources.compactMap { s -> OutputFolder.Input? in
            if case let .directory(url) = s.source { return OutputFolder.Input(url, role: "the data folder of \(s.name)") }
            return nil
        }
        if let scenario { inputs.append(.init(URL(fileURLWithPath: scenario), role: "the scenario file")) }
        let outURL = URL(fileURLWithPath: out)
        try OutputFolder.check(outURL, inputs: inputs)
        let historyPath = noHistory ? nil : location.path(beside: scenario)
        if let historyPath { try History.check(path: historyPath) }

        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("careplan-bench-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: work) }
        var measured = [(name: String, runs: [(summary: RunSummary, wall: Double, peak: Int)], folder: URL, scenarioText: String)]()
        for (name, source) in sources {
            let text = try DistrictBench.scenarioText(base: base?.text, file: scenario ?? "--districts", name: "bench-\(name)", source: source, plans: planList)
            let scenarioURL = work.appendingPathComponent("\(name).yaml")
            try text.write(to: scenarioURL, atomically: true, encoding: .utf8)
            var runs = [(summary: RunSummary, wall: Double, peak: Int)]()
            for r in 1...`repeat` {
                let runOut = work.appendingPathComponent("\(name)-\(r)")
                let began = Date()
                let child = try ChildProcess.run(["run", scenarioURL.path, "--out", runOut.path, "--no-history", "--quiet"], log: work.appendingPathComponent("\(name)-\(r).log"))
                let wall = Date().timeIntervalSince(began)
                guard child.status <= 1 else {
                    throw DataError(file: name, line: 0, column: 0, message: "careplan run failed (exit \(child.status)): \(child.log.trimmingCharacters(in: .whitespacesAndNewlines))")
                }
                runs.append((try RunSummary.read(runOut.appendingPathComponent("summary.json")), wall, child.peakKiB))
                printError("careplan: bench: \(name) \(r) of \(`repeat`): \(String(format: "%.2f", wall)) s, peak \(child.peakKiB / 1024) MiB")
            }
            measured.append((name, runs, work.appendingPathComponent("\(name)-1"), text))
        }

        // One column a district: each plan's figures from the first repeat, its seconds the median of all.
        let compared = measured.map { m -> ComparedRun in
            var plans = [String: RunSummary.PlanSection]()
            for (plan, s) in m.runs[0].summary.plans {
                let seconds = DistrictBench.median(m.runs.compactMap { $0.summary.plans[plan]?.seconds })
                plans[plan] = .init(status: s.status, stop: s.stop, objective: s.objective, bound: s.bound, gap: s.gap, seconds: seconds,
                                    components: s.components, figures: s.figures, fixes: [])
            }
            plans[Comparison.process] = .init(status: "ran", stop: "completed", objective: 0, bound: nil, gap: 0,
                                     seconds: DistrictBench.median(m.runs.map(\.wall)), components: 1,
                                     figures: [Figure("peak_memory_mib", "peak memory (MiB)", Double(m.runs.map(\.peak).max()! / 1024), .units, .lowerIsBetter),
                                               Figure("repeats", "repeats", m.runs.count, .count, .neutral)], fixes: [])
            return ComparedRun(label: m.name, summary: m.runs[0].summary, plans: plans)
        }
        var comparison = Comparison(compared)
        comparison.showsDifferences = false
        let header = "careplan bench: \(names.joined(separator: ", ")); plans \(planList.map(\.rawValue).joined(separator: ", ")); \(`repeat`) repeat\(`repeat` == 1 ? "" : "s") each; seconds are medians; policy from \(scenario ?? "careplan's defaults")\n\n"
        let folder = try OutputFolder(outURL, inputs: inputs)
        defer { folder.discard() }
        try folder.write("bench.md", "# " + header + comparison.render(.markdown))
        try folder.write("bench.csv", comparison.render(.csv))
        try folder.write("bench.json", comparison.render(.json))
        for m in measured {
            for file in OutputFolder.filesWritten(in: m.folder) {
                try folder.write("runs/\(m.name)/\(file)", String(decoding: FileManager.default.contents(atPath: m.folder.appendingPathComponent(file).path) ?? Data(), as: UTF8.self))
            }
            try folder.write("runs/\(m.name)/scenario.yaml", m.scenarioText)
        }
        try folder.commit()
        if let historyPath {
            let history = try History(path: historyPath)
            let invocation = try history.begin(.init(command: "bench", scenarioName: base?.scenario.name, scenarioPath: scenario.map { OutputFolderPath.real(URL(fileURLWithPath: $0)) },
                                                     scenarioSHA256: nil, version: Careplan.version, commit: BuildInfo.commit,
                                                     out: OutputFolderPath.real(outURL), shard: nil, variants: measured.count))
            for (k, m) in measured.enumerated() {
                let c = compared[k]
                try history.record(.init(variant: nil, position: k, district: m.name, overrides: [], tables: c.tables, scenarioSHA256: nil,
                                         out: OutputFolderPath.real(outURL.appendingPathComponent("runs/\(m.name)")), seconds: c.plans[Comparison.process]!.seconds,
                                         peakMemory: m.runs.map(\.peak).max()! * 1024,
                                         plans: c.plans.filter { $0.key != Comparison.process }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
                                   invocation: invocation)
            }
            try history.end(invocation, state: "finished")
            try history.close()
        }
        print(header + comparison.render(.text), terminator: "")
        print("Wrote \(out): bench.md, bench.csv, bench.json, runs/")
    }
}

extension ComparedRun {
    /// A run's inputs with other plan sections.
    init(label: String, summary: RunSummary, plans: [String: RunSummary.PlanSection]) {
        let base = ComparedRun(label: label, summary: summary)
        self.init(label: label, plans: plans, overrides: base.overrides, scenarioSHA256: base.scenarioSHA256, tables: base.tables)
    }
}

/// A child careplan process, waited for with its resource use (its peak resident memory).
enum ChildProcess {
    struct Result {
        let status: Int32
        let peakKiB: Int
        let log: String
    }

    /// Runs this careplan binary with `arguments`, standard output and error into `log`.
    static func run(_ arguments: [String], log: URL) throws -> Result {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([exe] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, exe, &actions, nil, argv, environ)
        guard spawned == 0 else { throw DataError(file: exe, line: 0, column: 0, message: "could not be started: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Result(status: code, peakKiB: Int(usage.ru_maxrss), log: String(text.suffix(2000)))
    }
}
