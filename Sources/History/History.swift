import CareModel
import Foundation
import GRDB
import Planning
import Scenarios

/// The run history: an SQLite file (`careplan.sqlite` beside the scenario by default) that
/// records every run and variant: when, what it read (content hashes), its overrides, the
/// careplan that ran it, each plan's outcome and figures, and its output folder. Never a
/// personal row: ids, counts and shares only (no fix sentences, no student).
///
/// Each finished variant is one transaction, so a run killed at any point (Ctrl-C, `kill -9`)
/// leaves the file consistent with every finished variant in it; its invocation stays
/// `running`, and reads as `killed` once its process is gone. Several processes may write one
/// history at once (write-ahead log, waiting up to a minute for a lock).
public final class History: Sendable {
    public let path: String
    let pool: DatabasePool

    /// The environment variable naming the history file when `--history` does not.
    public static let environment = "CAREPLAN_HISTORY"
    public static let defaultName = "careplan.sqlite"

    /// Opens the history, creating it (readable by its owner only) or bringing its schema up to
    /// date. A file that is not a careplan history is refused and left as it is.
    public init(path: String) throws {
        self.path = path
        func refuse(_ why: String) -> DataError { DataError(file: path, line: 0, column: 0, message: why) }
        try Self.check(path: path)
        if !FileManager.default.fileExists(atPath: path) {
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            if fd < 0 && errno != EEXIST { throw refuse("cannot be created: \(String(cString: strerror(errno)))") }
            if fd >= 0 { Glibc.close(fd) }
        }
        var config = Configuration()
        config.busyMode = .timeout(60)
        config.label = "careplan history"
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // Two processes creating one history at once: the second sees the first's schema.
            var attempt = 0
            while true {
                do {
                    try Self.migrator.migrate(pool)
                    break
                } catch where attempt < 3 {
                    attempt += 1
                    usleep(200_000)
                }
            }
        } catch let error as DatabaseError {
            throw refuse("cannot be opened as a careplan history: \(error.message ?? error.description)")
        }
    }

    /// Refuses a place where no history can be: a folder, a file careplan did not write, a
    /// folder that does not exist. Writes nothing.
    public static func check(path: String) throws {
        func refuse(_ why: String) -> DataError { DataError(file: path, line: 0, column: 0, message: why) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw refuse("is a folder; --history names a file (careplan.sqlite)") }
            try checkOwned(path, refuse)
        } else {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) { throw refuse("cannot be created: its folder \(parent) does not exist") }
        }
    }

    /// A file careplan did not write is never touched: it must be empty, or an SQLite file
    /// whose tables are careplan's. Checked read-only, before anything is written to it.
    static func checkOwned(_ path: String, _ refuse: (String) -> DataError) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size == 0 { return }
        var config = Configuration()
        config.readonly = true
        let tables: Set<String>
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            tables = Set(try queue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") })
            try queue.close()
        } catch {
            throw refuse("is not an SQLite file careplan wrote; choose another --history (it was left as it is)")
        }
        let ours: Set<String> = ["grdb_migrations", "invocation", "run", "plan", "figure", "sqlite_sequence"]
        if !tables.isEmpty && !(tables.contains("invocation") && tables.isSubset(of: ours)) {
            throw refuse("is an SQLite file careplan did not write (tables \(tables.sorted().prefix(5).joined(separator: ", "))); choose another --history (it was left as it is)")
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: invocations, runs, plans, figures") { db in
            try db.execute(sql: """
                CREATE TABLE invocation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    uuid TEXT NOT NULL UNIQUE,
                    command TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    state TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    host TEXT NOT NULL,
                    scenario_name TEXT,
                    scenario_path TEXT,
                    scenario_sha256 TEXT,
                    careplan_version TEXT NOT NULL,
                    careplan_commit TEXT,
                    out TEXT,
                    shard TEXT,
                    variants INTEGER NOT NULL
                );
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    invocation_id INTEGER NOT NULL REFERENCES invocation(id) ON DELETE CASCADE,
                    variant TEXT,
                    position INTEGER NOT NULL,
                    district TEXT,
                    overrides TEXT NOT NULL,
                    tables TEXT NOT NULL,
                    scenario_sha256 TEXT,
                    out TEXT,
                    finished_at TEXT NOT NULL,
                    seconds REAL NOT NULL,
                    peak_memory INTEGER
                );
                CREATE INDEX run_invocation ON run(invocation_id);
                CREATE TABLE plan (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    plan TEXT NOT NULL,
                    status TEXT NOT NULL,
                    stop TEXT NOT NULL,
                    objective REAL NOT NULL,
                    bound REAL,
                    gap REAL NOT NULL,
                    seconds REAL NOT NULL,
                    components INTEGER NOT NULL,
                    PRIMARY KEY (run_id, plan)
                );
                CREATE TABLE figure (
                    run_id INTEGER NOT NULL,
                    plan TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    label TEXT NOT NULL,
                    value REAL NOT NULL,
                    unit TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    PRIMARY KEY (run_id, plan, key),
                    FOREIGN KEY (run_id, plan) REFERENCES plan(run_id, plan) ON DELETE CASCADE
                );
                """)
        }
        return m
    }

    // MARK: Writing

    /// What started: one `careplan run` (all its variants) or one `careplan bench`.
    public struct Invocation: Sendable {
        public var command: String
        public var scenarioName: String?
        public var scenarioPath: String?
        public var scenarioSHA256: String?
        public var version: String
        public var commit: String?
        public var out: String?
        public var shard: String?
        public var variants: Int
        public init(command: String, scenarioName: String?, scenarioPath: String?, scenarioSHA256: String?, version: String, commit: String?,
                    out: String?, shard: String?, variants: Int) {
            (self.command, self.scenarioName, self.scenarioPath, self.scenarioSHA256) = (command, scenarioName, scenarioPath, scenarioSHA256)
            (self.version, self.commit, self.out, self.shard, self.variants) = (version, commit, out, shard, variants)
        }
    }

    /// One finished run: a variant, a scenario run alone, or a district of a bench.
    public struct Run: Sendable {
        public var variant: String?
        public var position: Int
        public var district: String?
        public var overrides: [Variant.Override]
        public var tables: [String: String]
        public var scenarioSHA256: String?
        public var out: String?
        public var seconds: Double
        public var peakMemory: Int?
        public var plans: [(name: String, section: RunSummary.PlanSection)]
        public init(variant: String?, position: Int, district: String? = nil, overrides: [Variant.Override], tables: [String: String],
                    scenarioSHA256: String?, out: String?, seconds: Double, peakMemory: Int? = nil,
                    plans: [(name: String, section: RunSummary.PlanSection)]) {
            (self.variant, self.position, self.district, self.overrides, self.tables) = (variant, position, district, overrides, tables)
            (self.scenarioSHA256, self.out, self.seconds, self.peakMemory, self.plans) = (scenarioSHA256, out, seconds, peakMemory, plans)
        }

        /// A scenario's run (or a variant's) as it finished.
        public init(_ result: ScenarioRunner.Result, variant: Variant.Label?, position: Int, inputs: RunSummary.Inputs, out: String?, seconds: Double) {
            self.init(variant: variant?.name, position: position, overrides: variant?.overrides ?? [],
                      tables: Dictionary(inputs.tables.map { (($0.path as NSString).lastPathComponent, $0.sha256) }, uniquingKeysWith: { a, _ in a }),
                      scenarioSHA256: inputs.scenario?.sha256, out: out, seconds: seconds,
                      plans: result.outcomes.map { (type(of: $0).name, RunSummary.PlanSection($0)) })
        }
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    static func host() -> String { ProcessInfo.processInfo.hostName }

    /// Records that an invocation started; its id.
    public func begin(_ i: Invocation) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO invocation (uuid, command, started_at, state, pid, host, scenario_name, scenario_path, scenario_sha256,
                                        careplan_version, careplan_commit, out, shard, variants)
                VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [UUID().uuidString, i.command, Self.now(), Int(getpid()), Self.host(), i.scenarioName, i.scenarioPath,
                                 i.scenarioSHA256, i.version, i.commit, i.out, i.shard, i.variants])
            return db.lastInsertedRowID
        }
    }

    /// Records a finished run and its plans and figures, in one transaction; the run's id.
    @discardableResult
    public func record(_ r: Run, invocation: Int64) throws -> Int64 {
        try pool.write { db in try Self.insert(r, invocation: invocation, finishedAt: Self.now(), db) }
    }

    static func insert(_ r: Run, invocation: Int64, finishedAt: String, _ db: Database) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let overrides = String(decoding: try encoder.encode(r.overrides), as: UTF8.self)
        let tables = String(decoding: try encoder.encode(r.tables), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO run (invocation_id, variant, position, district, overrides, tables, scenario_sha256, out, finished_at, seconds, peak_memory)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [invocation, r.variant, r.position, r.district, overrides, tables, r.scenarioSHA256, r.out, finishedAt, r.seconds, r.peakMemory])
        let id = db.lastInsertedRowID
        for (name, s) in r.plans {
            try db.execute(sql: "INSERT INTO plan (run_id, plan, status, stop, objective, bound, gap, seconds, components) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, name, s.status, s.stop, s.objective, s.bound, s.gap, s.seconds, s.components])
            for (k, f) in s.figures.enumerated() {
                try db.execute(sql: "INSERT INTO figure (run_id, plan, position, key, label, value, unit, direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [id, name, k, f.key, f.label, f.value, f.unit.rawValue, f.direction.rawValue])
            }
        }
        return id
    }

    /// Records how an invocation ended: `finished`, `failed` or `interrupted`.
    public func end(_ invocation: Int64, state: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE invocation SET state = ?, finished_at = ? WHERE id = ?", arguments: [state, Self.now(), invocation])
        }
    }

    // MARK: Reading

    /// One run as `careplan history` lists it.
    public struct Listed: Sendable, Equatable {
        public let id: Int64
        public let invocation: Int64
        public let command: String
        public let finishedAt: String
        /// The invocation's state: running, finished, failed, interrupted, or killed (running,
        /// its process gone).
        public let state: String
        public let scenario: String?
        public let variant: String?
        public let district: String?
        public let plans: [String]
        public let out: String?
        public let seconds: Double
        public let version: String
        public let commit: String?
        /// Its place among its invocation's variants (0: the base, or a scenario run alone).
        public let position: Int
    }

    public struct Filter: Sendable {
        public var scenario: String?
        public var since: String?
        public var plan: String?
        public var limit: Int?
        /// One run only.
        public var id: Int64?
        public init(scenario: String? = nil, since: String? = nil, plan: String? = nil, limit: Int? = nil, id: Int64? = nil) {
            (self.scenario, self.since, self.plan, self.limit, self.id) = (scenario, since, plan, limit, id)
        }
    }

    /// The runs the filter lets through, newest last.
    public func runs(_ filter: Filter = Filter()) throws -> [Listed] {
        try pool.read { db in
            var sql = """
                SELECT run.id, run.invocation_id, invocation.command, run.finished_at, invocation.state, invocation.pid, invocation.host,
                       invocation.scenario_name, run.variant, run.district, run.out, run.seconds, invocation.careplan_version,
                       invocation.careplan_commit,
                       (SELECT group_concat(plan, ',') FROM (SELECT plan FROM plan WHERE plan.run_id = run.id ORDER BY plan)) AS plans,
                       run.position
                FROM run JOIN invocation ON invocation.id = run.invocation_id
                WHERE 1
                """
            var arguments = StatementArguments()
            if let s = filter.scenario {
                sql += " AND (invocation.scenario_name = ? OR invocation.scenario_path = ? OR invocation.scenario_path LIKE ?)"
                arguments += [s, s, "%/" + s]
            }
            if let since = filter.since {
                sql += " AND run.finished_at >= ?"
                arguments += [since]
            }
            if let id = filter.id {
                sql += " AND run.id = ?"
                arguments += [id]
            }
            if let p = filter.plan {
                sql += " AND EXISTS (SELECT 1 FROM plan WHERE plan.run_id = run.id AND plan.plan = ?)"
                arguments += [p]
            }
            sql += " ORDER BY run.id"
            var rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            if let limit = filter.limit, rows.count > limit { rows = Array(rows.suffix(limit)) }
            return rows.map { row in
                Listed(id: row[0], invocation: row[1], command: row[2], finishedAt: row[3],
                       state: Self.state(row[4], pid: row[5], host: row[6]), scenario: row[7], variant: row[8], district: row[9],
                       plans: (row[14] as String?).map { $0.split(separator: ",").map(String.init) } ?? [], out: row[10], seconds: row[11],
                       version: row[12], commit: row[13], position: row[15])
            }
        }
    }

    /// An invocation: one `careplan run` or `careplan bench`, however many runs it recorded.
    public struct InvocationState: Sendable, Equatable {
        public let id: Int64
        public let command: String
        public let startedAt: String
        /// running, finished, failed, interrupted, or killed.
        public let state: String
        public let variants: Int
    }

    /// Every invocation, oldest first.
    public func invocations() throws -> [InvocationState] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, command, started_at, state, pid, host, variants FROM invocation ORDER BY id").map { r in
                InvocationState(id: r[0], command: r[1], startedAt: r[2], state: Self.state(r[3], pid: r[4], host: r[5]), variants: r[6])
            }
        }
    }

    /// `running` when its process is alive (on this host), `killed` when it is gone.
    static func state(_ state: String, pid: Int, host: String) -> String {
        guard state == "running", host == Self.host() else { return state }
        return kill(pid_t(pid), 0) == 0 || errno == EPERM ? "running" : "killed"
    }

    /// One run, whole.
    public struct Detail: Sendable {
        public let listed: Listed
        public let overrides: [Variant.Override]
        public let tables: [String: String]
        public let scenarioSHA256: String?
        public let scenarioPath: String?
        public let peakMemory: Int?
        public let plans: [(name: String, section: RunSummary.PlanSection)]
    }

    public func run(_ id: Int64) throws -> Detail? {
        guard let listed = try runs(Filter(id: id)).first else { return nil }
        return try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT run.overrides, run.tables, run.scenario_sha256, invocation.scenario_path, run.peak_memory
                FROM run JOIN invocation ON invocation.id = run.invocation_id WHERE run.id = ?
                """, arguments: [id]) else { return nil }
            let decoder = JSONDecoder()
            let overrides = try decoder.decode([Variant.Override].self, from: Data((row[0] as String).utf8))
            let tables = try decoder.decode([String: String].self, from: Data((row[1] as String).utf8))
            var plans = [(name: String, section: RunSummary.PlanSection)]()
            for p in try Row.fetchAll(db, sql: "SELECT plan, status, stop, objective, bound, gap, seconds, components FROM plan WHERE run_id = ?", arguments: [id]) {
                let figures = try Row.fetchAll(db, sql: "SELECT key, label, value, unit, direction FROM figure WHERE run_id = ? AND plan = ? ORDER BY position",
                                               arguments: [id, p[0] as String]).map { f in
                    Figure(f[0], f[1], f[2] as Double, Figure.Unit(rawValue: f[3]) ?? .count, Figure.Direction(rawValue: f[4]) ?? .neutral)
                }
                plans.append((p[0], RunSummary.PlanSection(status: p[1], stop: p[2], objective: p[3], bound: p[4], gap: p[5], seconds: p[6],
                                                           components: p[7], figures: figures, fixes: [])))
            }
            let order = Scenario.Plan.allCases.map(\.rawValue)
            plans.sort { (order.firstIndex(of: $0.name) ?? 99) < (order.firstIndex(of: $1.name) ?? 99) }
            return Detail(listed: listed, overrides: overrides, tables: tables, scenarioSHA256: row[2], scenarioPath: row[3], peakMemory: row[4], plans: plans)
        }
    }

    /// A run from the history, as `compare` takes it.
    public func compared(_ id: Int64) throws -> ComparedRun? {
        guard let d = try run(id) else { return nil }
        let label = "run \(id)" + (d.listed.variant.map { " (\($0))" } ?? "") + (d.listed.district.map { " (\($0))" } ?? "")
        return ComparedRun(label: label, plans: Dictionary(uniqueKeysWithValues: d.plans.map { ($0.name, $0.section) }),
                           overrides: d.overrides, scenarioSHA256: d.scenarioSHA256, tables: d.tables)
    }

    /// Copies every invocation of `other` this history lacks (by its uuid), with its runs,
    /// plans and figures, in one transaction; how many invocations it copied.
    @discardableResult
    public func merge(from other: History) throws -> Int {
        let invocations = try other.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM invocation ORDER BY id") }
        return try pool.write { db in
            var copied = 0
            for inv in invocations {
                let uuid: String = inv["uuid"]
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM invocation WHERE uuid = ?", arguments: [uuid]) == true { continue }
                try db.execute(sql: """
                    INSERT INTO invocation (uuid, command, started_at, finished_at, state, pid, host, scenario_name, scenario_path, scenario_sha256,
                                            careplan_version, careplan_commit, out, shard, variants)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [uuid, inv["command"], inv["started_at"], inv["finished_at"], inv["state"], inv["pid"], inv["host"],
                                     inv["scenario_name"], inv["scenario_path"], inv["scenario_sha256"], inv["careplan_version"],
                                     inv["careplan_commit"], inv["out"], inv["shard"], inv["variants"]])
                let newID = db.lastInsertedRowID
                let runIDs = try other.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM run WHERE invocation_id = ? ORDER BY id", arguments: [inv["id"] as Int64]) }
                for runID in runIDs {
                    guard let d = try other.run(runID) else { continue }
                    let l = d.listed
                    let r = Run(variant: l.variant, position: l.position, district: l.district, overrides: d.overrides, tables: d.tables,
                                scenarioSHA256: d.scenarioSHA256, out: l.out, seconds: l.seconds, peakMemory: d.peakMemory, plans: d.plans)
                    _ = try Self.insert(r, invocation: newID, finishedAt: l.finishedAt, db)
                }
                copied += 1
            }
            return copied
        }
    }

    /// Closes the file (its write-ahead log folded back in).
    public func close() throws { try pool.close() }

    /// Every check SQLite has of its file: "ok" when the file is whole.
    public func integrity() throws -> String {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}
