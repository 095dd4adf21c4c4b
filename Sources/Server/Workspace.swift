import CareModel
import Foundation
import Planning
import Scenarios
import ZIPFoundation

/// The folder `careplan serve` works in, and nothing outside it:
///
///     WORKSPACE/scenarios/NAME/spec.json      what the page set (the source of scenario.yaml)
///     WORKSPACE/scenarios/NAME/scenario.yaml  the scenario, as `careplan run` reads it
///     WORKSPACE/scenarios/NAME/data/*.csv     uploaded tables (scenarios made from tables)
///     WORKSPACE/runs/ID/                      a run's output folder; runs/ID.json its record
///     WORKSPACE/careplan.sqlite               the run history
///
/// Every name that reaches a path is checked first: scenario names and run ids by pattern,
/// table names against the tables careplan reads. Nothing is written outside the workspace.
public struct Workspace: Sendable {
    public let root: URL
    /// Qualification rules named in validation errors and explanations (`serve --sensitive`).
    public let sensitive: Bool
    public var limits = Limits()
    /// The careplan executable that unpacks uploaded .zip files in a child process (`careplan
    /// unpack-upload`); nil: in this process.
    public var unpacker: URL?

    public struct Limits: Sendable {
        /// One uploaded file (a table or a .zip of tables).
        public var uploadBytes = 64 << 20
        /// All tables a .zip holds, unpacked.
        public var unpackedBytes = 256 << 20
        public init() {}
    }

    public init(root: URL, sensitive: Bool = false) throws {
        self.root = root.standardizedFileURL
        self.sensitive = sensitive
        for dir in [self.root, scenariosFolder, runsFolder] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    var scenariosFolder: URL { root.appendingPathComponent("scenarios") }
    var runsFolder: URL { root.appendingPathComponent("runs") }
    public var historyFile: URL { root.appendingPathComponent("careplan.sqlite") }

    // MARK: names

    /// A request the workspace refuses: the HTTP status it gets, and the sentence shown.
    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public let status: Int
        public let description: String
        /// Where in which file, when the refusal is about the data.
        public var file: String? = nil
        public var line = 0, column = 0
        public init(status: Int, _ description: String) { (self.status, self.description) = (status, description) }
    }

    /// Scenario names: 1 to 40 lower-case letters, digits and dashes, starting with a letter or digit.
    public static func checkName(_ name: String, what: String = "scenario name") throws -> String {
        let ok = (1...40).contains(name.count) && name.first!.isASCII && (name.first!.isLetter || name.first!.isNumber)
            && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        guard ok else { throw Refusal(status: 400, "\(what) '\(name.prefix(60))' must be 1 to 40 lower-case letters, digits and dashes, starting with a letter or digit") }
        return name
    }

    /// The tables a scenario's data folder may hold (every one careplan reads), and nothing else.
    public static let tableNames: Set<String> = [
        "students.csv", "mentors.csv", "history.csv", "pairs.csv", "buddy_requests.csv", "helpers.csv", "buddy_pairs.csv", "buddy_ranks.csv",
        "buddy_history.csv", "sites.csv", "staff.csv", "travel.csv", "shifts.csv", "roster_staff.csv", "leave.csv", "requests.csv", "cover.csv",
        "themes.csv", "venues.csv", "blackout.csv", "availability.csv", "directors.csv", "doctors.csv",
    ]

    /// "64 MiB", or "4096 bytes" below a MiB.
    public static func size(_ bytes: Int) -> String { bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes" }

    public static func checkTable(_ name: String) throws -> String {
        guard tableNames.contains(name) else {
            throw Refusal(status: 400, "'\(name.prefix(80))' is not a table careplan reads; expected one of \(tableNames.sorted().joined(separator: ", "))")
        }
        return name
    }

    func folder(_ name: String) throws -> URL {
        let url = scenariosFolder.appendingPathComponent(try Self.checkName(name))
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("spec.json").path) else {
            throw Refusal(status: 404, "no scenario '\(name)' in this workspace")
        }
        return url
    }

    // MARK: scenarios

    /// What the page sets; `scenario.yaml` is written from it.
    public struct Spec: Codable, Sendable, Equatable {
        public var name: String
        /// A district preset and seed, or nil for uploaded tables (`data/`).
        public var district: String?
        public var seed: Int?
        public var plans: [String]
        public var rosterStart: String?
        public var rosterDays: Int?
        public var activitiesStart: String?
        public var activitiesMonths: Int?
        public var timeLimit: Double?
        public var workLimit: Int?
        /// `policy.*` paths set to values other than their defaults, as the scenario file writes them.
        public var policy: [String: String]

        public init(name: String, district: String? = nil, seed: Int? = nil, plans: [String], policy: [String: String] = [:]) {
            (self.name, self.district, self.seed, self.plans, self.policy) = (name, district, seed, plans, policy)
        }

        enum CodingKeys: String, CodingKey {
            case name, district, seed, plans, policy
            case rosterStart = "roster_start", rosterDays = "roster_days", activitiesStart = "activities_start", activitiesMonths = "activities_months"
            case timeLimit = "time_limit", workLimit = "work_limit"
        }
    }

    /// Ready-made specs the page offers: the bundled demo street, as `make demo` runs it
    /// (Scenarios/demo/zhoujiadu.yaml; a test holds the two alike).
    public static let templates: [(title: String, spec: Spec)] = {
        var demo = Spec(name: "zhoujiadu-demo", district: "zhoujiadu", seed: 1, plans: ["mentors", "buddies", "staffing", "roster", "activities"])
        (demo.rosterStart, demo.rosterDays) = ("2026-12-07", 28)
        (demo.activitiesStart, demo.activitiesMonths) = ("2027-02-01", 12)
        (demo.timeLimit, demo.workLimit) = (120, 30)
        return [("the demo street (Zhoujiadu, every plan, as `make demo`)", demo)]
    }()

    public func scenarioNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scenariosFolder.path)) ?? [])
            .filter { (try? Self.checkName($0)) != nil && FileManager.default.fileExists(atPath: scenariosFolder.appendingPathComponent($0).appendingPathComponent("spec.json").path) }
            .sorted()
    }

    public func spec(_ name: String) throws -> Spec {
        try JSONDecoder().decode(Spec.self, from: Data(contentsOf: try folder(name).appendingPathComponent("spec.json")))
    }

    public func scenarioFile(_ name: String) throws -> URL { try folder(name).appendingPathComponent("scenario.yaml") }
    public func dataFolder(_ name: String) throws -> URL { try folder(name).appendingPathComponent("data") }

    /// A new scenario, from a district preset (`district`) or for tables to upload.
    public func create(_ spec: Spec) throws -> Spec {
        let name = try Self.checkName(spec.name)
        if let district = spec.district, DistrictPreset(rawValue: district) == nil {
            throw Refusal(status: 400, "district '\(district.prefix(40))' is not a preset; expected one of \(DistrictPreset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let url = scenariosFolder.appendingPathComponent(name)
        guard !FileManager.default.fileExists(atPath: url.path) else { throw Refusal(status: 409, "a scenario named '\(name)' exists already") }
        try FileManager.default.createDirectory(at: url.appendingPathComponent("data"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            try write(spec, to: url)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return spec
    }

    /// Replaces the scenario's spec (plans, horizons, limits, policy) once its scenario file reads.
    public func update(_ name: String, _ spec: Spec) throws {
        var spec = spec
        spec.name = name
        try write(spec, to: try folder(name))
    }

    public func delete(_ name: String) throws {
        try FileManager.default.removeItem(at: try folder(name))
    }

    /// Writes scenario.yaml from the spec, and the spec, only when the scenario file reads; a
    /// value the reader refuses comes back with the key's line and column.
    func write(_ spec: Spec, to url: URL) throws {
        let text = try Self.yaml(spec)
        _ = try Scenario.parse(text, file: "scenario.yaml", directory: url)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        // The scenario file first: spec.json is what makes a folder a scenario, so a write cut
        // between the two leaves no scenario without its file (the next save writes both again).
        try Self.writeFile(Data(text.utf8), to: url.appendingPathComponent("scenario.yaml"))
        try Self.writeFile(encoder.encode(spec), to: url.appendingPathComponent("spec.json"))
    }

    /// Whole or not at all: a temporary file beside it, renamed into place; owner only.
    static func writeFile(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw Refusal(status: 500, "cannot write \(url.lastPathComponent)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw Refusal(status: 500, "cannot write \(url.lastPathComponent)")
        }
    }

    /// The scenario file for a spec. Values are checked to be plain scalars or lists of them, so
    /// nothing a form sends can add a key of its own.
    static func yaml(_ spec: Spec) throws -> String {
        func scalar(_ value: String, _ what: String) throws -> String {
            let allowed = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.+, []".contains($0)) }
            guard allowed, !value.isEmpty, value.count <= 200 else {
                throw Refusal(status: 400, "\(what): '\(value.prefix(60))' must be a number, a word or a list such as [5, 6]")
            }
            return value
        }
        var lines = ["# Written by `careplan serve` from its policy form (spec.json); edits here are replaced when the form is saved.",
                     "name: \(try scalar(spec.name, "name"))"]
        if let district = spec.district {
            lines.append("generate: {district: \(try scalar(district, "district")), seed: \(spec.seed ?? 1)}")
        } else {
            lines.append("data: data")
        }
        lines.append("plans: [\(try spec.plans.map { try scalar($0, "plans") }.joined(separator: ", "))]")
        if spec.rosterStart != nil || spec.rosterDays != nil {
            lines.append("roster: {" + [spec.rosterStart.map { "start: \($0)" }, spec.rosterDays.map { "days: \($0)" }].compactMap { $0 }.joined(separator: ", ") + "}")
        }
        if spec.activitiesStart != nil || spec.activitiesMonths != nil {
            lines.append("activities: {" + [spec.activitiesStart.map { "start: \($0)" }, spec.activitiesMonths.map { "months: \($0)" }].compactMap { $0 }.joined(separator: ", ") + "}")
        }
        for (key, value) in [("roster_start", spec.rosterStart), ("activities_start", spec.activitiesStart)] { if let value { _ = try scalar(value, key) } }
        let solver = [spec.timeLimit.map { "time_limit: \(PolicyCatalog.n($0))" }, spec.workLimit.map { "work_limit: \($0)" }].compactMap { $0 }
        if !solver.isEmpty { lines.append("solver: {\(solver.joined(separator: ", "))}") }
        // The policy as a tree: policy.mentor.weights.prefer: 3 -> policy: {mentor: {weights: {prefer: 3}}}.
        final class Tree { var children = [(String, Tree)](); var value: String? }
        let top = Tree()
        for (path, value) in spec.policy.sorted(by: { $0.key < $1.key }) {
            guard PolicyCatalog.key(path) != nil else { throw Refusal(status: 400, "'\(path.prefix(80))' is not a policy key careplan has") }
            var node = top
            for part in path.split(separator: ".").dropFirst().map(String.init) {
                if let child = node.children.first(where: { $0.0 == part })?.1 { node = child } else {
                    let child = Tree()
                    node.children.append((part, child))
                    node = child
                }
            }
            node.value = try scalar(value, path)
        }
        func emit(_ tree: Tree, indent: String) {
            for (key, child) in tree.children {
                if let value = child.value { lines.append("\(indent)\(key): \(value)") } else {
                    lines.append("\(indent)\(key):")
                    emit(child, indent: indent + "  ")
                }
            }
        }
        if !top.children.isEmpty {
            lines.append("policy:")
            emit(top, indent: "  ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: tables

    public func tables(_ name: String) throws -> [(name: String, bytes: Int)] {
        let data = try dataFolder(name)
        return ((try? FileManager.default.contentsOfDirectory(atPath: data.path)) ?? []).filter { Self.tableNames.contains($0) }.sorted().map {
            ($0, ((try? FileManager.default.attributesOfItem(atPath: data.appendingPathComponent($0).path))?[.size] as? Int) ?? 0)
        }
    }

    /// Stores one uploaded table, or every table of an uploaded .zip (names checked; folders in
    /// the archive are ignored, anything but a table careplan reads is refused).
    public func upload(_ name: String, file: String, bytes: Data) throws -> [String] {
        let spec = try spec(name)
        guard spec.district == nil else {
            throw Refusal(status: 409, "scenario '\(name)' is made from the \(spec.district!) preset; create a scenario for uploaded tables")
        }
        guard bytes.count <= limits.uploadBytes else { throw Refusal(status: 413, "the upload is larger than \(Self.size(limits.uploadBytes))") }
        let data = try dataFolder(name)
        if file.lowercased().hasSuffix(".zip") {
            let tables = try unpacker.map { try Self.unpackInChild(bytes, file: file, limit: limits.unpackedBytes, executable: $0, scratch: data) }
                ?? Self.unpack(bytes, file: file, limit: limits.unpackedBytes)
            for (table, out) in tables { try Self.writeFile(out, to: data.appendingPathComponent(table)) }
            return tables.map(\.0).sorted()
        }
        let table = try Self.checkTable((file as NSString).lastPathComponent == file ? file : "")
        try Self.writeFile(bytes, to: data.appendingPathComponent(table))
        return [table]
    }

    /// Every table an uploaded .zip holds, unpacked in memory (nothing is written): names
    /// checked, folders and dot files ignored, the declared and the real unpacked sizes limited.
    public static func unpack(_ bytes: Data, file: String, limit: Int) throws -> [(String, Data)] {
        let archive: Archive
        do { archive = try Archive(data: bytes, accessMode: .read) } catch {
            throw Refusal(status: 400, "\(file.prefix(80)) is not a .zip archive")
        }
        let tooLarge = Refusal(status: 413, "\(file.prefix(80)) unpacks to more than \(Self.size(limit))")
        var tables = [(String, Entry)](), declared: UInt64 = 0
        for entry in archive where entry.type == .file {
            let base = (entry.path as NSString).lastPathComponent
            if base.hasPrefix(".") || entry.path.hasPrefix("__MACOSX/") { continue }
            tables.append((try Self.checkTable(base), entry))
            // Sizes as the archive declares them (a ZIP64 field may say anything up to 2^64).
            declared = declared.addingReportingOverflow(entry.uncompressedSize).overflow ? .max : declared + entry.uncompressedSize
            guard declared <= UInt64(limit) else { throw tooLarge }
        }
        guard !tables.isEmpty else { throw Refusal(status: 400, "\(file.prefix(80)) holds no table") }
        if let twice = Dictionary(grouping: tables, by: \.0).first(where: { $0.value.count > 1 }) {
            throw Refusal(status: 400, "\(file.prefix(80)) holds \(twice.key) twice")
        }
        // Declared sizes can lie: what really comes out is counted across every entry.
        var contents = [(String, Data)](), unpacked = 0
        for (table, entry) in tables {
            var out = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    unpacked += chunk.count
                    if unpacked > limit { throw tooLarge }
                    out.append(chunk)
                }
            } catch let refusal as Refusal {
                throw refusal
            } catch {
                throw Refusal(status: 400, "\(file.prefix(80)): \(table) could not be unpacked (the archive is damaged)")
            }
            contents.append((table, out))
        }
        return contents
    }

    /// What a child process `careplan unpack-upload` answers on its standard output.
    public struct Unpacked: Codable, Sendable {
        public var tables: [String]?
        public var status: Int?
        public var error: String?
        public init(tables: [String]? = nil, status: Int? = nil, error: String? = nil) { (self.tables, self.status, self.error) = (tables, status, error) }
    }

    /// ``unpack(_:file:limit:)`` in a child process (`careplan unpack-upload`), in a folder of
    /// the scenario's own that is removed after: an archive crafted to make the zip library trap
    /// (sizes near 2^64 in its ZIP64 fields) ends that process, not the server. A child that
    /// dies, or runs past a minute, is a damaged archive.
    static func unpackInChild(_ bytes: Data, file: String, limit: Int, executable: URL, scratch: URL) throws -> [(String, Data)] {
        let folder = scratch.appendingPathComponent(".unpack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("upload.zip"), into = folder.appendingPathComponent("tables")
        guard FileManager.default.createFile(atPath: zip.path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw Refusal(status: 500, "cannot keep the upload to unpack it")
        }
        let damaged = Refusal(status: 400, "\(file.prefix(80)) could not be unpacked (the archive is damaged)")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["unpack-upload", zip.path, "--into", into.path, "--limit", String(limit), "--name", String(file.prefix(80))]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        do { try process.run() } catch { throw Refusal(status: 500, "cannot start \(executable.lastPathComponent) to unpack the upload") }
        // The answer is one short line of JSON (table names), well within a pipe's buffer.
        if ended.wait(timeout: .now() + 60) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
            throw damaged
        }
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        guard process.terminationReason == .exit, process.terminationStatus == 0,
              let unpacked = try? JSONDecoder().decode(Unpacked.self, from: answer) else { throw damaged }
        if let status = unpacked.status { throw Refusal(status: status, unpacked.error ?? damaged.description) }
        return try (unpacked.tables ?? []).map { name in
            let table = try checkTable(name)
            return (table, try Data(contentsOf: into.appendingPathComponent(table)))
        }
    }

    public func deleteTable(_ name: String, table: String) throws {
        let url = try dataFolder(name).appendingPathComponent(try Self.checkTable(table))
        guard FileManager.default.fileExists(atPath: url.path) else { throw Refusal(status: 404, "scenario '\(name)' has no \(table)") }
        try FileManager.default.removeItem(at: url)
    }

    // MARK: validation

    /// What `careplan validate` finds: the first problem with its file (the table's name, or
    /// scenario.yaml), line and column; or the scenario's figures.
    public struct Validation: Codable, Sendable, Equatable {
        public var valid: Bool
        public var file: String?
        public var line: Int?
        public var column: Int?
        public var message: String?
        /// The policy key the problem is about, when it is one (for the form).
        public var key: String?
        public var warnings: [String]
        public var figures: [String]
    }

    public func validate(_ name: String) throws -> Validation {
        let url = try scenarioFile(name)
        do {
            let scenario = try Scenario.load(url, display: "scenario.yaml")
            let prepared = try ScenarioRunner.prepare(scenario)
            var figures = [String]()
            if let m = prepared.mentors { figures.append("mentors: \(m.data.students.count) students, \(m.data.mentors.count) mentors") }
            if let b = prepared.buddies { figures.append("buddies: \(b.data.requests.count) children asking, \(b.data.helpers.count) helpers") }
            if let s = prepared.staffing { figures.append("staffing: \(s.data.sites.count) sites, \(s.data.staff.count) staff, \(s.requirements.count) requirements") }
            if let r = prepared.roster { figures.append("roster: \(r.people.count) people, \(r.days) days, \(r.shiftCount) shift types") }
            if let a = prepared.activities { figures.append("activities: \(a.stations.count) stations, \(a.schools.count) schools, \(a.horizon.start) to \(a.horizon.end)") }
            return Validation(valid: true, warnings: prepared.warnings, figures: figures)
        } catch let error as DataError {
            let file = (error.file as NSString).lastPathComponent
            let text = sensitive ? error.sensitiveMessage ?? error.message : error.message
            let key = PolicyCatalog.keys.map(\.path).filter { text.contains($0) }.max { $0.count < $1.count }
            return Validation(valid: false, file: file, line: error.line, column: error.column, message: text, key: key, warnings: [], figures: [])
        }
    }
}
