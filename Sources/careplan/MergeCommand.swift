import ArgumentParser
import CareModel
import Foundation
import History
import Scenarios

/// `careplan merge SHARD... --out DIR`
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the folders of a sweep's shards (careplan run --shard K/N) into one.",
        discussion: """
            The merged folder holds every variant in the scenario's order and one sweep.json, as one \
            unsharded run would have written it (each summary.json's input paths made relative to \
            its new place). Shards of different sweeps, or a variant held twice, are refused. \
            Missing shards are named; what they held is left out (exit code 1). --histories copies \
            the shards' run histories into this one (each invocation once, however often merged).
            """
    )

    @Argument(help: "The shards' output folders.")
    var shards: [String]

    @Option(name: .long, help: "The merged output folder (created, or replaced if careplan wrote it).")
    var out: String

    @Option(name: .long, parsing: .upToNextOption, help: "The shards' history files, copied into --history.")
    var histories: [String] = []

    @OptionGroup var location: HistoryLocation

    func validate() throws {
        if shards.isEmpty { throw ValidationError("give at least one shard's output folder") }
    }

    func run() throws {
        let result = try SweepMerge.merge(shards.map { (URL(fileURLWithPath: $0), $0) }, out: URL(fileURLWithPath: out))
        if !histories.isEmpty {
            let target = try location.open(beside: result.index.scenarioFile)
            var copied = 0
            for path in histories {
                guard FileManager.default.fileExists(atPath: path) else { throw DataError(file: path, line: 0, column: 0, message: "no such history file") }
                let source = try History(path: path)
                copied += try target.merge(from: source)
                try source.close()
            }
            try target.close()
            print("Copied \(Figures.count(copied, "invocation")) into \(target.path).")
        }
        print("Wrote \(out): \(Figures.count(result.index.variants.count, "variant")) of \(result.index.total), sweep.json")
        if !result.missing.isEmpty {
            printError("careplan: \(Figures.count(result.missing.count, "variant")) of \(result.index.total) in no shard (positions \(result.missing.prefix(10).map(String.init).joined(separator: ", "))\(result.missing.count > 10 ? ", ..." : "")): run the missing shards and merge again")
            throw ExitCode(Outcome.unmet)
        }
    }
}
