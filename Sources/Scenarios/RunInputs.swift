import CareModel
import Crypto
import Foundation

extension RunSummary {
    /// The files a run read, each by its path relative to the output folder (so a folder moved
    /// together with its inputs still finds them) and the SHA-256 of its content.
    public struct Inputs: Codable, Sendable, Equatable {
        public struct File: Codable, Sendable, Equatable {
            public let path: String
            public let sha256: String
        }

        public let scenario: File?
        /// Every CSV file of the data folder (none when the tables were generated).
        public let tables: [File]

        init(_ scenario: Scenario, out: URL) throws {
            let base = OutputFolder.realPath(out)
            func file(_ url: URL) throws -> File {
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw DataError(file: url.path, line: 0, column: 0, message: "cannot read the file")
                }
                return File(path: Self.relative(OutputFolder.realPath(url), from: base), sha256: Self.sha256(data))
            }
            self.scenario = try scenario.file.map(file)
            if case let .directory(url) = scenario.source {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.lowercased().hasSuffix(".csv") }
                tables = try names.sorted().map { try file(url.appendingPathComponent($0)) }
            } else {
                tables = []
            }
        }

        public static func sha256(_ data: Data) -> String {
            SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        }

        /// `path` relative to the folder `base` (both absolute, links resolved).
        public static func relative(_ path: String, from base: String) -> String {
            let to = path.split(separator: "/"), from = base.split(separator: "/")
            var common = 0
            while common < min(to.count, from.count) && to[common] == from[common] { common += 1 }
            return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
        }

        /// The first input that is gone or differs from what the run read, in words; nil when
        /// all are as they were. Paths are taken from `out`, where the summary lies.
        public func firstChange(out: URL) -> String? {
            for f in (scenario.map { [$0] } ?? []) + tables {
                let url = out.appendingPathComponent(f.path).standardizedFileURL
                guard let data = FileManager.default.contents(atPath: url.path) else { return "\(f.path) is gone" }
                if Self.sha256(data) != f.sha256 { return "\(f.path) changed" }
            }
            return nil
        }

        /// The scenario file as the run read it, found from `out`.
        public func scenarioURL(out: URL) -> URL? {
            scenario.map { out.appendingPathComponent($0.path).standardizedFileURL }
        }
    }
}
