import CareModel
import Foundation

/// `careplan merge`: the folders of a sweep's shards (`--shard K/N`) joined into one folder,
/// as one unsharded run would have written it: the variants in the scenario's order, the same
/// files, and one `sweep.json`.
public enum SweepMerge {
    public struct Result: Sendable {
        public let index: SweepIndex
        /// Positions of the scenario's variants no shard held (empty when the merge is whole).
        public let missing: [Int]
    }

    /// Merges `shards` (folders and how to name them) into `out`, written whole or not at all.
    public static func merge(_ shards: [(url: URL, display: String)], out: URL) throws -> Result {
        var indexes = [SweepIndex]()
        for s in shards {
            guard FileManager.default.fileExists(atPath: s.url.appendingPathComponent(SweepIndex.file).path) else {
                throw DataError(file: s.display, line: 0, column: 0, message: "holds no sweep.json; expected the --out folder of `careplan run` on a scenario with whatif: or sweep:")
            }
            do { indexes.append(try SweepIndex.read(s.url)) } catch {
                throw DataError(file: s.display + "/" + SweepIndex.file, line: 0, column: 0, message: "is not a sweep index careplan wrote: \(error.localizedDescription)")
            }
        }
        let first = indexes[0]
        for (k, index) in indexes.enumerated().dropFirst() where index.scenario != first.scenario || index.total != first.total {
            throw DataError(file: shards[k].display, line: 0, column: 0,
                            message: "is a sweep of \(index.scenario) (\(index.total) variants), not of \(first.scenario) (\(first.total) variants) like \(shards[0].display); merge the shards of one sweep")
        }
        var seen = [Int: String]()
        var entries = [(entry: SweepIndex.Entry, from: Int)]()
        for (k, index) in indexes.enumerated() {
            for e in index.variants {
                if let other = seen[e.position] {
                    throw DataError(file: shards[k].display, line: 0, column: 0, message: "holds variant \(e.name), which \(other) holds too; merge each shard once")
                }
                seen[e.position] = shards[k].display
                entries.append((e, k))
            }
        }
        entries.sort { $0.entry.position < $1.entry.position }
        let missing = (0..<first.total).filter { seen[$0] == nil }
        let inputs = shards.map { OutputFolder.Input($0.url, role: "a folder being merged (\($0.display))") }
        let folder = try OutputFolder(out, inputs: inputs)
        defer { folder.discard() }
        for (entry, k) in entries {
            let from = shards[k].url.appendingPathComponent(entry.name)
            for file in OutputFolder.files(in: from) {
                guard let data = FileManager.default.contents(atPath: from.appendingPathComponent(file).path) else {
                    throw DataError(file: shards[k].display + "/" + entry.name + "/" + file, line: 0, column: 0, message: "cannot be read")
                }
                var text = String(decoding: data, as: UTF8.self)
                if file == "summary.json" {
                    text = relocated(text, from: from, to: out.appendingPathComponent(entry.name))
                }
                try folder.write(entry.name + "/" + file, text)
            }
        }
        let shard = missing.isEmpty ? nil : "merged " + indexes.compactMap(\.shard).joined(separator: ", ")
        let index = SweepIndex(scenario: first.scenario, scenarioFile: first.scenarioFile, shard: shard, total: first.total,
                               variants: entries.map(\.entry))
        try folder.write(SweepIndex.file, index.json())
        try folder.commit()
        return Result(index: index, missing: missing)
    }

    /// summary.json's input paths (relative to the folder it lay in) made relative to its new place.
    static func relocated(_ text: String, from: URL, to: URL) -> String {
        let pattern = try! NSRegularExpression(pattern: #""path" : "([^"]*)",\s*"sha256""#)
        var out = text
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let range = Range(match.range(at: 1), in: text) else { continue }
            let old = String(text[range])
            let absolute = OutputFolder.realPath(from.appendingPathComponent(old).standardizedFileURL)
            let new = RunSummary.Inputs.relative(absolute, from: OutputFolder.realPath(to))
            out.replaceSubrange(Range(match.range(at: 1), in: out)!, with: new)
        }
        return out
    }
}
