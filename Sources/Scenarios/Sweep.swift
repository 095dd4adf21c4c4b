import CareModel
import Dispatch
import Foundation
import Planning

/// `sweep.json`, at the top of a sweep's output folder: which variants it holds, with their
/// overrides, and which slice of the scenario's variants this was (`--shard`).
public struct SweepIndex: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public let name: String
        public let overrides: [Variant.Override]
        /// The variant's place in the scenario's list (0: the base).
        public let position: Int
    }

    public let scenario: String
    public let scenarioFile: String?
    /// The slice of the variants this folder holds, `K/N`; nil when it holds all of them.
    public let shard: String?
    /// How many variants the scenario makes, the base included.
    public let total: Int
    public let variants: [Entry]

    enum CodingKeys: String, CodingKey {
        case scenario, shard, total, variants
        case scenarioFile = "scenario_file"
    }

    public static let file = "sweep.json"

    public static func read(_ folder: URL) throws -> SweepIndex {
        try JSONDecoder().decode(SweepIndex.self, from: Data(contentsOf: folder.appendingPathComponent(file)))
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// `--shard K/N`: the K-th of N slices of a scenario's variants. Variant number p (0 is the
/// base) falls in slice p mod N + 1, so slices are the same on every machine and balanced when
/// variants take alike.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
        (index, count) = (k, n)
    }

    public func contains(position: Int) -> Bool { position % count == index - 1 }
    public var description: String { "\(index)/\(count)" }
}

/// Runs a scenario's base and each of its variants into a folder of its own (`base/`,
/// `cap-12/`, ...) inside one output folder, which is written whole or not at all.
///
/// Variants run on up to `jobs` threads at once, the solver's threads shared among them.
/// Variants that read the same tables (the same data, plans and horizons: they differ only in
/// policy or solver settings) share them: the tables are read and checked once. A variant's
/// outputs do not depend on which others run beside it, nor on `jobs`.
public struct SweepRunner: Sendable {
    public let solver: any PlanSolver

    public init(solver: any PlanSolver) { self.solver = solver }

    public struct Options: Sendable {
        public var sensitive = false
        /// Variants solved at once.
        public var jobs = 1
        public var shard: Shard?
        /// Re-planning: the earlier plan every variant starts from.
        public var previous: PreviousPlan?
        /// Called as a variant starts, with its name.
        public var started: (@Sendable (String) -> Void)?
        /// Called as a variant's folder is written (on the thread that ran it).
        public var finished: (@Sendable (Finished) -> Void)?
        public init(sensitive: Bool = false, jobs: Int = 1, shard: Shard? = nil) {
            self.sensitive = sensitive
            self.jobs = max(1, jobs)
            self.shard = shard
        }
    }

    /// One variant, solved and written.
    public struct Finished: Sendable {
        public let label: Variant.Label
        /// Its place in the scenario's list of variants (0: the base).
        public let position: Int
        public let scenario: Scenario
        public let result: ScenarioRunner.Result
        public let inputs: RunSummary.Inputs
        /// The variant's folder.
        public let out: URL
        public let seconds: Double
    }

    public struct Result: Sendable {
        /// The variants run, in the scenario's order.
        public let variants: [Finished]
        public let warnings: [String]
    }

    /// The base and every variant of `scenario`, in order, each with its place in the list.
    public static func variants(of scenario: Scenario, shard: Shard? = nil) -> [(position: Int, variant: Variant)] {
        var base = scenario
        base.variants = []
        let label = Variant.Label(name: WhatIf.baseName, overrides: [])
        base.variant = label
        let all = [Variant(label: label, scenario: base)] + scenario.variants
        return all.enumerated().filter { shard?.contains(position: $0.offset) ?? true }.map { ($0.offset, $0.element) }
    }

    public func run(_ scenario: Scenario, out: URL, options: Options = Options(),
                    folderCreated: ((OutputFolder) -> Void)? = nil) throws -> Result {
        let chosen = Self.variants(of: scenario, shard: options.shard)
        var protected = [OutputFolder.Input]()
        for (_, v) in chosen { protected += v.scenario.inputs }
        try OutputFolder.check(out, inputs: protected)

        // The tables, read and checked once for each distinct set, before anything is solved.
        var tables = [ScenarioRunner.Tables.Key: ScenarioRunner.Tables]()
        var warnings = [String]()
        for (_, v) in chosen where tables[.init(v.scenario)] == nil {
            let read = try ScenarioRunner.read(v.scenario)
            tables[.init(v.scenario)] = read
            warnings += read.warnings
        }
        let shared = tables
        let folder = try OutputFolder(out, inputs: protected)
        defer { folder.discard() }
        folderCreated?(folder)

        let jobs = min(options.jobs, max(chosen.count, 1))
        let runner = ScenarioRunner(solver: solver)
        let state = SweepState(count: chosen.count)
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while let k = state.next() {
                let (position, variant) = chosen[k]
                var scenario = variant.scenario
                scenario.solver.threads = max(1, scenario.solver.threads / jobs)
                options.started?(variant.name)
                let began = Date()
                do {
                    let prepared = try ScenarioRunner.prepare(scenario, tables: shared[.init(scenario)]!, previous: options.previous)
                    let place = out.appendingPathComponent(variant.name)
                    let inputs = try RunSummary.Inputs(scenario, out: place)
                    let result = try runner.solve(prepared, scenario: scenario, inputs: inputs, into: OutputSubfolder(folder, variant.name),
                                                  options: .init(sensitive: options.sensitive, previous: options.previous))
                    let finished = Finished(label: variant.label, position: position, scenario: scenario, result: result, inputs: inputs,
                                            out: place, seconds: Date().timeIntervalSince(began))
                    state.done(k, finished)
                    options.finished?(finished)
                } catch {
                    state.failed(k, error)
                }
            }
        }
        if let error = state.error { throw error }
        let index = SweepIndex(scenario: scenario.name, scenarioFile: scenario.file?.path, shard: options.shard?.description,
                               total: scenario.variants.count + 1,
                               variants: chosen.map { .init(name: $0.variant.name, overrides: $0.variant.label.overrides, position: $0.position) })
        try folder.write(SweepIndex.file, index.json())
        try folder.commit()
        // What preparing said (a re-plan's plans planned afresh, say), once however many variants said it.
        let finished = state.finished.compactMap { $0 }
        for w in finished.flatMap(\.result.warnings) where !warnings.contains(w) { warnings.append(w) }
        return Result(variants: finished, warnings: warnings)
    }
}

/// The variants still to run, those done, and the first error (after which none starts).
private final class SweepState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private(set) var finished: [SweepRunner.Finished?]
    private var errors = [(Int, Error)]()

    init(count: Int) { finished = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.withLock {
            guard errors.isEmpty, nextIndex < finished.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func done(_ k: Int, _ f: SweepRunner.Finished) { lock.withLock { finished[k] = f } }
    func failed(_ k: Int, _ e: Error) { lock.withLock { errors.append((k, e)) } }
    /// The error of the first variant in the list that failed.
    var error: Error? { lock.withLock { errors.min { $0.0 < $1.0 }?.1 } }
}
