import CareModel
import Foundation
import GLPK
import Modeling
import Planning
import Scenarios
import Testing

/// One input: the files of a table folder, or a single scenario or model file.
struct FuzzInput {
    var files: [(name: String, bytes: [UInt8])]

    func bytes(_ name: String) -> [UInt8]? { files.first { $0.name == name }?.bytes }
}

/// A reader under test: its seeds (from the corpus) and what it does with an input.
struct FuzzTarget: Sendable {
    let name: String
    let seeds: [String: FuzzInput]
    /// Parses (and, for tables, builds and plans) the input; throws what the reader throws.
    let run: @Sendable (FuzzInput, _ scratch: URL) throws -> Void
    /// Errors that are a proper answer to bad input; anything else is a defect.
    let allowed: @Sendable (any Error) -> Bool
}

extension FuzzInput: @unchecked Sendable {}

/// How the harness runs: in the test suite a fixed seed and count; under `benchmarks/fuzz`
/// (`CAREPLAN_FUZZ_SECONDS`) for a while, from `CAREPLAN_FUZZ_SEED`, each input written to
/// `CAREPLAN_FUZZ_WORK/fuzz-last-input/` before it is tried, so a trap leaves it behind.
enum FuzzConfig {
    static let environment = ProcessInfo.processInfo.environment
    static let seconds: Double? = environment["CAREPLAN_FUZZ_SECONDS"].flatMap(Double.init)
    static let seed: UInt64 = environment["CAREPLAN_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
    static let work: URL? = environment["CAREPLAN_FUZZ_WORK"].map { URL(fileURLWithPath: $0) }
    /// Mutations per seed input in the test suite.
    static let perSeed = environment["CAREPLAN_FUZZ_PER_SEED"].flatMap { Int($0) } ?? 120

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")
}

/// Runs targets' seeds and mutations, and says which inputs ended in anything but a proper error.
struct FuzzRunner {
    let target: FuzzTarget
    let scratch: URL
    var tried = 0
    var parsed = 0
    var failures = [String]()

    init(target: FuzzTarget, scratch: URL) {
        self.target = target
        self.scratch = scratch
    }

    /// Writes `input` where a crash leaves it (script mode), then tries it.
    mutating func attempt(_ input: FuzzInput, origin: String) {
        tried += 1
        var directory = scratch
        if let work = FuzzConfig.work {
            directory = work.appendingPathComponent("fuzz-last-input")
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Files are overwritten in place (never a moment without them); those of an earlier input go.
            let names = Set(input.files.map(\.name))
            for old in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where !names.contains(old) {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(old))
            }
            for file in input.files { try? Data(file.bytes).write(to: directory.appendingPathComponent(file.name)) }
            try? "target \(target.name), \(origin)\n".write(to: work.appendingPathComponent("fuzz-last-input.txt"), atomically: false, encoding: .utf8)
        }
        do {
            try target.run(input, directory)
            parsed += 1
        } catch where target.allowed(error) {
            if let e = error as? DataError, e.file.isEmpty || e.message.isEmpty {
                failures.append(describe(input, origin, "an error without file or message: \(e)"))
            }
        } catch {
            failures.append(describe(input, origin, "\(type(of: error)): \(error)"))
            if let work = FuzzConfig.work {
                let keep = work.appendingPathComponent("fuzz-failure-\(target.name)-\(tried)")
                try? FileManager.default.copyItem(at: directory, to: keep)
            }
        }
    }

    func describe(_ input: FuzzInput, _ origin: String, _ what: String) -> String {
        let files = input.files.map { "\($0.name): \(String(decoding: $0.bytes.prefix(2000), as: UTF8.self).debugDescription)" }
        return "\(target.name) \(origin): \(what)\n  " + files.joined(separator: "\n  ")
    }

    /// Every seed as it is, then `count` mutations of each (`count` nil: until `deadline`).
    mutating func fuzz(seed: UInt64, count: Int?, deadline: Date? = nil) {
        let names = target.seeds.keys.sorted()
        for name in names { attempt(target.seeds[name]!, origin: "seed \(name)") }
        var mutator = Mutator(seed: seed)
        var round = 0
        while true {
            if let count, round >= count { break }
            if let deadline, Date() >= deadline { break }
            for name in names {
                let seedInput = target.seeds[name]!
                var input = seedInput
                let k = mutator.rng.int(0...(input.files.count - 1))
                let others = target.seeds.values.compactMap { $0.bytes(input.files[k].name) }
                input.files[k].bytes = mutator.mutate(input.files[k].bytes, others: others)
                // Now and then a second file of the folder too.
                if input.files.count > 1 && mutator.rng.chance(0.2) {
                    let j = mutator.rng.int(0...(input.files.count - 1))
                    input.files[j].bytes = mutator.mutate(input.files[j].bytes, others: [])
                }
                attempt(input, origin: "seed \(name), mutation round \(round) (fuzz seed \(seed))")
            }
            round += 1
        }
    }
}

/// A folder under the temporary directory for one test, removed by `remove()`.
struct ScratchFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("careplan-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}
