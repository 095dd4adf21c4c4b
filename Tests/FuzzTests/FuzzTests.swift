import CareModel
import Foundation
import Testing

/// Malformed input never crashes: every seed of `Tests/FuzzCorpus` (valid tables, scenarios
/// and model files, and the inputs that once crashed a reader) and a fixed number of seeded
/// mutations of each either parse or end in the reader's own error (`DataError` for tables
/// and scenarios, `GLPKError` or `ModelError` for model files). A trap ends the test process,
/// which fails the run. The same seed gives the same inputs on every run.
@Suite struct Fuzz {
    func run(_ target: FuzzTarget) throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        var runner = FuzzRunner(target: target, scratch: scratch.url)
        runner.fuzz(seed: FuzzConfig.seed, count: FuzzConfig.perSeed)
        #expect(runner.failures.isEmpty, "\(runner.failures.count) input(s) ended in a defect:\n\(runner.failures.prefix(5).joined(separator: "\n"))")
        #expect(runner.tried == target.seeds.count * (FuzzConfig.perSeed + 1))
        // Some of the mutations still parse: the fuzzing reaches past the first check.
        #expect(runner.parsed >= target.seeds.count)
    }

    /// Every seed is a valid input except those named `bad-*` (regressions that must fail cleanly).
    @Test(arguments: FuzzTargets.all.map(\.name))
    func seedsAreValid(target name: String) throws {
        let target = FuzzTargets.all.first { $0.name == name }!
        #expect(!target.seeds.isEmpty)
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        for (seed, input) in target.seeds where !seed.hasPrefix("bad-") {
            let started = Date()
            #expect(throws: Never.self, "seed \(seed)") { try target.run(input, scratch.url) }
            if FuzzConfig.environment["CAREPLAN_FUZZ_VERBOSE"] != nil { print("\(name) \(seed): \(Date().timeIntervalSince(started)) s") }
        }
    }

    @Test(.enabled(if: FuzzConfig.seconds == nil), arguments: FuzzTargets.all.map(\.name))
    func mutations(target name: String) throws {
        try run(FuzzTargets.all.first { $0.name == name }!)
    }

    /// `benchmarks/fuzz`: every target in turn for CAREPLAN_FUZZ_SECONDS, from CAREPLAN_FUZZ_SEED.
    @Test(.enabled(if: FuzzConfig.seconds != nil))
    func forAWhile() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let deadline = Date().addingTimeInterval(FuzzConfig.seconds!)
        var total = 0, parsed = 0, round: UInt64 = 0
        var failures = [String]()
        var perTarget = [String: (tried: Int, parsed: Int)]()
        while Date() < deadline {
            for target in FuzzTargets.all {
                var runner = FuzzRunner(target: target, scratch: scratch.url)
                // A slice of the time for each target; each slice a new mutation seed.
                let slice = min(deadline, Date().addingTimeInterval(max(1, FuzzConfig.seconds! / 20)))
                runner.fuzz(seed: FuzzConfig.seed &+ round, count: nil, deadline: slice)
                total += runner.tried
                parsed += runner.parsed
                failures += runner.failures
                perTarget[target.name, default: (0, 0)].tried += runner.tried
                perTarget[target.name, default: (0, 0)].parsed += runner.parsed
                round += 1
                if Date() >= deadline { break }
            }
        }
        let lines = perTarget.keys.sorted().map { "  \($0): \(perTarget[$0]!.tried) inputs, \(perTarget[$0]!.parsed) parsed" }
        print("fuzz: seed \(FuzzConfig.seed), \(total) inputs in \(FuzzConfig.seconds!) s, \(parsed) parsed, \(failures.count) defect(s)\n"
              + lines.joined(separator: "\n"))
        #expect(failures.isEmpty, "\(failures.count) input(s) ended in a defect:\n\(failures.prefix(5).joined(separator: "\n"))")
    }
}
