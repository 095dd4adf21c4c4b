import CareModel
import Foundation
import History
import Hummingbird
import Logging
import Planning
import Report
import Scenarios
import ServiceLifecycle
import ZIPFoundation

/// `careplan serve`: the page and the JSON API it uses (described in `openapi.yaml`).
public enum CareplanServer {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// Every request must carry it (`Authorization: Bearer TOKEN`, or `?token=TOKEN`); needed off loopback.
        public var token: String?
        public var workspace: Workspace
        /// The careplan executable runs start.
        public var executable: URL

        public init(workspace: Workspace, executable: URL) {
            self.workspace = workspace
            self.executable = executable
        }

        public var loopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }
    }

    /// The application; `started` hears the port it listens on (the one asked, or the one given for 0).
    public static func application(_ options: Options, queue: RunQueue, started: @escaping @Sendable (Int) -> Void = { _ in })
        -> some ApplicationProtocol {
        Application(router: router(options, queue: queue),
                    configuration: .init(address: .hostname(options.host, port: options.port), serverName: "careplan"),
                    onServerRunning: { channel in started(channel.localAddress?.port ?? options.port) })
    }

    /// Serves until Ctrl-C or SIGTERM. The run queue is stopped first (queued runs cancelled, the
    /// running one interrupted until it ends, the progress streams closed), then the server
    /// drains: an open progress stream would otherwise hold the server up while runs go on.
    public static func run(_ options: Options, queue: RunQueue, started: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let app = application(options, queue: queue, started: started)
        // Services stop in the reverse of this order, each once the one after it has returned.
        let group = ServiceGroup(configuration: .init(services: [app, QueueService(queue: queue)], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: Logger(label: "careplan")))
        try await group.run()
    }

    struct QueueService: Service {
        let queue: RunQueue
        func run() async throws {
            try? await gracefulShutdown()
            await queue.shutdown()
        }
    }

    /// Every route, behind the guard (token, host, same-origin writes) and the error shape.
    public static func router(_ options: Options, queue: RunQueue) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: Guard(token: options.token, loopback: options.loopback, port: options.port))
        // Uploaded .zip files are unpacked by a child process of the same executable.
        var workspace = options.workspace
        workspace.unpacker = options.executable
        let api = API(workspace: workspace, queue: queue)
        api.add(to: router)
        return router
    }
}

// MARK: - The guard

/// Refuses what a careplan page would never send: a wrong or missing token, a Host that is not
/// this machine when bound to loopback (a page elsewhere resolving its name here), and a write
/// without the `X-Careplan` header (which a cross-site form cannot set). Errors as JSON.
struct Guard<Context: RequestContext>: RouterMiddleware {
    let token: String?
    let loopback: Bool
    let port: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if loopback, let host = request.head.authority {
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.split(separator: ":").first ?? "")
            guard ["127.0.0.1", "localhost", "::1"].contains(name) else {
                return API.error(Workspace.Refusal(status: 421, "this server answers only requests addressed to this machine (127.0.0.1 or localhost)"))
            }
        }
        // The page's own files hold no data: the browser loads them before the page can add the token.
        if let token, !(request.method == .get && Self.open.contains(request.uri.path)) {
            let given = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
                ?? request.uri.queryParameters.get("token")
            guard let given, Self.same(given, token) else {
                return API.error(Workspace.Refusal(status: 401, "this server needs its token: open the address `careplan serve` printed, with ?token=..."))
            }
        }
        if request.method != .get && request.method != .head && request.headers[.init("X-Careplan")!] == nil {
            return API.error(Workspace.Refusal(status: 403, "writes need the X-Careplan header (the page sends it; a form on another site cannot)"))
        }
        do {
            return try await next(request, context)
        } catch let refusal as Workspace.Refusal {
            return API.error(refusal)
        } catch let error as DataError {
            return API.error(Workspace.Refusal(status: 400, error.description))
        } catch let error as HTTPError {
            return API.error(Workspace.Refusal(status: Int(error.status.code), error.body ?? error.status.reasonPhrase))
        } catch let error as any HTTPResponseError {
            return API.error(Workspace.Refusal(status: Int(error.status.code), error.status.reasonPhrase))
        } catch {
            // A file that vanished, a disk that is full: said, as JSON, like every other answer.
            return API.error(Workspace.Refusal(status: 500, "careplan could not answer: \(error.localizedDescription)"))
        }
    }

    static var open: Set<String> { ["/", "/app.js", "/report.css", "/openapi.yaml"] }

    /// Compares in time independent of where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { diff |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return diff == 0
    }
}

// MARK: - The API

struct API: Sendable {
    let workspace: Workspace
    let queue: RunQueue

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct ErrorBody: Encodable {
        let error: String
        let file: String?
        let line: Int?
        let column: Int?
    }

    static func error(_ r: Workspace.Refusal) -> Response {
        json(ErrorBody(error: r.description, file: r.file, line: r.line == 0 ? nil : r.line, column: r.column == 0 ? nil : r.column),
             status: HTTPResponse.Status(code: r.status))
    }

    static func bytes(_ data: Data, type: String, download: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if let download { headers[.contentDisposition] = "attachment; filename=\"\(download)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The page's own files, embedded in the executable.
    static func page(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store",
                                        .contentSecurityPolicy: "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func parameter(_ context: BasicRequestContext, _ name: String) throws -> String {
        guard let value = context.parameters.get(name) else { throw Workspace.Refusal(status: 400, "missing \(name)") }
        return value.removingPercentEncoding ?? value
    }

    func body(_ request: Request, limit: Int) async throws -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Workspace.Refusal(status: 413, "the upload is larger than \(Workspace.size(limit))")
        }
    }

    func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let data = try await body(request, limit: 1 << 20)
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw Workspace.Refusal(status: 400, "the request body is not the JSON expected (\(Self.describe(error)))")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, _): return "missing key '\(key.stringValue)'"
        case let DecodingError.typeMismatch(_, c), let DecodingError.valueNotFound(_, c):
            return "wrong type at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: return "not JSON"
        default: return "\(error)"
        }
    }

    /// Work that reads and checks tables runs off the server's threads.
    func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Task.detached(priority: .userInitiated) { try work() }.value
    }

    /// Work that waits on another process (a .zip unpacked by a child): on a Dispatch thread, so
    /// the wait holds none of the few threads Swift's tasks share.
    func waiting<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
        }
    }

    // MARK: routes

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in Self.page(PackageResources.index_html, type: "text/html; charset=utf-8") }
        router.get("/app.js") { _, _ in Self.page(PackageResources.app_js, type: "text/javascript; charset=utf-8") }
        router.get("/report.css") { _, _ in Self.page(Array(RunReport.style.utf8), type: "text/css; charset=utf-8") }
        router.get("/openapi.yaml") { _, _ in Self.page(PackageResources.openapi_yaml, type: "application/yaml; charset=utf-8") }

        router.get("/api/presets") { _, _ in
            Self.json(DistrictPreset.allCases.map { ["name": $0.rawValue] })
        }
        router.get("/api/info") { _, _ in
            Self.json(Info(sensitive: workspace.sensitive, limits: .init(uploadBytes: workspace.limits.uploadBytes, unpackedBytes: workspace.limits.unpackedBytes)))
        }
        router.get("/api/templates") { _, _ in
            Self.json(Workspace.templates.map { Template(title: $0.title, spec: $0.spec) })
        }
        router.get("/api/policy") { _, _ in
            Self.json(PolicyCatalog.keys.map(PolicyField.init))
        }

        // Scenarios
        router.get("/api/scenarios") { _, _ in
            // A folder edited by hand into something unreadable is left out, not a reason to list nothing.
            Self.json(workspace.scenarioNames().compactMap { try? ScenarioView(workspace, $0, validation: nil) })
        }
        router.post("/api/scenarios") { request, _ in
            let spec = try await decode(Workspace.Spec.self, request)
            do { _ = try workspace.create(spec) } catch let error as DataError { throw Self.refusal(error) }
            return Self.json(try ScenarioView(workspace, spec.name, validation: nil), status: .created)
        }
        router.get("/api/scenarios/:name") { _, context in
            let name = try parameter(context, "name")
            return Self.json(try ScenarioView(workspace, name, validation: nil))
        }
        router.put("/api/scenarios/:name") { request, context in
            let name = try parameter(context, "name")
            let spec = try await decode(Workspace.Spec.self, request)
            do { try workspace.update(name, spec) } catch let error as DataError { throw Self.refusal(error) }
            return Self.json(try ScenarioView(workspace, name, validation: nil))
        }
        router.delete("/api/scenarios/:name") { _, context in
            try workspace.delete(try parameter(context, "name"))
            return Response(status: .noContent)
        }
        router.get("/api/scenarios/:name/validation") { _, context in
            let name = try parameter(context, "name")
            return Self.json(try await offload { [workspace] in try workspace.validate(name) })
        }
        router.put("/api/scenarios/:name/tables/:file") { request, context in
            let name = try parameter(context, "name"), file = try parameter(context, "file")
            _ = try workspace.spec(name)
            let data = try await body(request, limit: workspace.limits.uploadBytes)
            let stored = try await waiting { [workspace] in try workspace.upload(name, file: file, bytes: data) }
            let validation = try await offload { [workspace] in try workspace.validate(name) }
            return Self.json(Uploaded(stored: stored, validation: validation))
        }
        router.delete("/api/scenarios/:name/tables/:file") { _, context in
            try workspace.deleteTable(try parameter(context, "name"), table: try parameter(context, "file"))
            return Response(status: .noContent)
        }
        router.post("/api/scenarios/:name/runs") { _, context in
            Self.json(try await queue.submit(scenario: try parameter(context, "name")), status: .accepted)
        }

        // Runs
        router.get("/api/runs") { _, _ in Self.json(await queue.all()) }
        router.get("/api/runs/:id") { _, context in Self.json(try await queue.record(try parameter(context, "id"))) }
        // Cancelling keeps the run's record (state cancelled): an action on the run, not its deletion.
        router.post("/api/runs/:id/cancel") { _, context in Self.json(try await queue.cancel(try parameter(context, "id"))) }
        router.get("/api/runs/:id/events") { _, context in
            let stream = try await queue.events(try parameter(context, "id"))
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: ResponseBody { writer in
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.sortedKeys]
                for await event in stream {
                    let text: String
                    switch event {
                    case let .line(line): text = "event: line\ndata: \(String(decoding: try encoder.encode(line), as: UTF8.self))\n\n"
                    case var .state(record):
                        // The lines went as lines; the state carries the rest.
                        record.log = []
                        text = "event: state\ndata: \(String(decoding: try encoder.encode(record), as: UTF8.self))\n\n"
                    }
                    try await writer.write(ByteBuffer(string: text))
                }
                try await writer.finish(nil)
            })
        }
        router.get("/api/runs/:id/summary") { _, context in
            let folder = try await queue.folder(try parameter(context, "id"))
            return Self.bytes(try Data(contentsOf: folder.appendingPathComponent("summary.json")), type: "application/json; charset=utf-8")
        }
        router.get("/api/runs/:id/sections") { _, context in
            let folder = try await queue.folder(try parameter(context, "id"))
            let html = try await offload { [workspace] in
                let run = try RunReport.Run(folder: folder, display: folder.lastPathComponent)
                let report = RunReport(runs: [run], sensitive: workspace.sensitive)
                return try RunReport.plans.filter { run.summary.plans[$0.name] != nil }
                    .map { try report.section(run, plan: $0.name, title: $0.title, id: $0.name) }.joined()
            }
            return Self.bytes(Data(html.utf8), type: "text/html; charset=utf-8")
        }
        router.get("/api/runs/:id/report.html") { _, context in
            let id = try parameter(context, "id")
            let folder = try await queue.folder(id)
            let html = try await offload { [workspace] in
                try RunReport(runs: [try RunReport.Run(folder: folder, display: id)], sensitive: workspace.sensitive).html()
            }
            return Self.bytes(Data(html.utf8), type: "text/html; charset=utf-8", download: "careplan-\(id).html")
        }
        router.get("/api/runs/:id/files") { _, context in
            Self.json(files(in: try await queue.folder(try parameter(context, "id"))))
        }
        router.get("/api/runs/:id/files/**") { _, context in
            let folder = try await queue.folder(try parameter(context, "id"))
            let path = context.parameters.getCatchAll().map { String($0).removingPercentEncoding ?? String($0) }.joined(separator: "/")
            // Only a file the run wrote, by its exact name: no '..', no link, nothing else.
            guard files(in: folder).contains(path) else {
                throw Workspace.Refusal(status: 404, "the run wrote no file '\(path.prefix(120))'")
            }
            let type = path.hasSuffix(".csv") ? "text/csv; charset=utf-8" : path.hasSuffix(".ics") ? "text/calendar; charset=utf-8"
                : path.hasSuffix(".json") ? "application/json; charset=utf-8" : "application/octet-stream"
            return Self.bytes(try Data(contentsOf: folder.appendingPathComponent(path)), type: type,
                              download: (path as NSString).lastPathComponent)
        }
        router.get("/api/runs/:id/download.zip") { _, context in
            let id = try parameter(context, "id")
            let folder = try await queue.folder(id)
            let zip = try await offload { [self] in try Self.zip(folder, files: files(in: folder), name: id) }
            return Self.bytes(zip, type: "application/zip", download: "careplan-\(id).zip")
        }
        router.get("/api/runs/:id/tables/:plan/:file") { _, context in
            let folder = try await queue.folder(try parameter(context, "id"))
            let path = "\(try parameter(context, "plan"))/\(try parameter(context, "file"))"
            guard path.hasSuffix(".csv"), files(in: folder).contains(path) else {
                throw Workspace.Refusal(status: 404, "the run wrote no table '\(path.prefix(120))'")
            }
            let table = try CSVTable.read(folder.appendingPathComponent(path), name: path)
            return Self.json(TableView(columns: table.header.map(\.value), rows: table.rows.map { $0.fields.map(\.value) }))
        }
        router.get("/api/runs/:id/explain") { request, context in
            let folder = try await queue.folder(try parameter(context, "id"))
            let q = request.uri.queryParameters
            let date = try q.get("date").map { text -> CalendarDate in
                guard let d = CalendarDate(table: text) else { throw Workspace.Refusal(status: 400, "date: \(CalendarDate.tableDateProblem(text))") }
                return d
            }
            let question: RunExplainer.Question
            if let s = q.get("student"), !s.isEmpty { question = .student(s) }
            else if let p = q.get("person"), !p.isEmpty { question = .person(p, date: date) }
            else if let s = q.get("site"), !s.isEmpty { question = .site(s) }
            else if let date { question = .date(date) }
            else { throw Workspace.Refusal(status: 400, "ask about a student, person, site or date") }
            let explainer = RunExplainer(out: folder, display: folder.lastPathComponent, sensitive: workspace.sensitive)
            do {
                let answers = try await offload { try explainer.explain(question) }
                return Self.json(answers.map { ExplanationView(title: $0.title, details: $0.details) })
            } catch let error as RunExplainer.NotFound {
                throw Workspace.Refusal(status: 404, error.description)
            }
        }

        // History and comparison
        router.get("/api/history") { _, _ in
            guard FileManager.default.fileExists(atPath: workspace.historyFile.path) else { return Self.json([HistoryRow]()) }
            let history = try History(path: workspace.historyFile.path)
            return Self.json(try history.runs(History.Filter(limit: 500)).map(HistoryRow.init))
        }
        router.get("/api/compare") { request, _ in
            Self.bytes(Data(try await compared(request).render(.json).utf8), type: "application/json; charset=utf-8")
        }
        router.get("/api/compare.html") { request, _ in
            Self.bytes(Data(RunReport.comparison(try await compared(request)).utf8), type: "text/html; charset=utf-8")
        }
    }

    /// `?runs=r0001,r0002` (the workspace's runs) or `?history=3,4` (ids in its run history).
    func compared(_ request: Request) async throws -> Comparison {
        let q = request.uri.queryParameters
        let runs = (q.get("runs") ?? "").split(separator: ",").map(String.init)
        let ids = (q.get("history") ?? "").split(separator: ",").map(String.init)
        guard (2...20).contains(runs.count + ids.count) else {
            throw Workspace.Refusal(status: 400, "compare 2 to 20 runs: ?runs=r0001,r0002 (this workspace's runs) or ?history=3,4 (ids in its history)")
        }
        var all = [ComparedRun]()
        for id in runs { all += try ComparedRun.load(folder: try await queue.folder(id), display: id, prefix: id) }
        if !ids.isEmpty {
            guard FileManager.default.fileExists(atPath: workspace.historyFile.path) else { throw Workspace.Refusal(status: 404, "this workspace has no run history yet") }
            let history = try History(path: workspace.historyFile.path)
            for text in ids {
                guard let id = Int64(text), let run = try history.compared(id) else {
                    throw Workspace.Refusal(status: 404, "the history has no run '\(text.prefix(20))'")
                }
                all.append(run)
            }
        }
        return Comparison(all)
    }

    static func refusal(_ error: DataError) -> Workspace.Refusal {
        var r = Workspace.Refusal(status: 400, error.message)
        (r.file, r.line, r.column) = ((error.file as NSString).lastPathComponent, error.line, error.column)
        return r
    }

    /// What a run wrote that this server shows: every file, but the `*.sensitive.*` ones (written
    /// when the server ran with `--sensitive`) only while it still does; never a path that leaves
    /// the folder or a link, whatever the folder's manifest says.
    func files(in folder: URL) -> [String] {
        let real = folder.resolvingSymlinksInPath().path + "/"
        return OutputFolder.filesWritten(in: folder).filter { path in
            guard workspace.sensitive || !path.contains(".sensitive.") else { return false }
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else { return false }
            let url = folder.appendingPathComponent(path)
            let type = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
            // A link anywhere on the way (a folder of the run replaced by one) would lead out.
            return type == .typeRegular && url.resolvingSymlinksInPath().path == real + path
        }
    }

    /// A run's folder as one .zip, entries in name order, each dated at the run's summary.
    static func zip(_ folder: URL, files: [String], name: String) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let date = (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("summary.json").path))?[.modificationDate] as? Date ?? Date()
        for path in files.sorted() {
            let data = try Data(contentsOf: folder.appendingPathComponent(path))
            try archive.addEntry(with: "\(name)/\(path)", type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw Workspace.Refusal(status: 500, "the .zip could not be made") }
        return data
    }
}

// MARK: - What the API sends

struct PolicyField: Encodable {
    let path: String, plan: String, kind: String, help: String
    let defaultValue: String
    let min: Double?, max: Double?
    let choices: [String]?

    init(_ key: PolicyKey) {
        (path, plan, help, defaultValue) = (key.path, key.plan, key.help, key.defaultValue)
        switch key.kind {
        case let .int(r): (kind, min, max, choices) = ("int", Double(r.lowerBound), Double(r.upperBound), nil)
        case let .number(r): (kind, min, max, choices) = ("number", r.lowerBound, r.upperBound, nil)
        case let .choice(c): (kind, min, max, choices) = ("choice", nil, nil, c)
        case let .autoOrInt(r): (kind, min, max, choices) = ("auto_or_int", Double(r.lowerBound), Double(r.upperBound), nil)
        case let .intList(r): (kind, min, max, choices) = ("int_list", Double(r.lowerBound), Double(r.upperBound), nil)
        }
    }

    enum CodingKeys: String, CodingKey {
        case path, plan, kind, help, min, max, choices
        case defaultValue = "default"
    }
}

struct ScenarioView: Encodable {
    let spec: Workspace.Spec
    let yaml: String
    let tables: [Table]
    /// Every policy key's value in this scenario (defaults included).
    let policy: [String: String]
    let validation: Workspace.Validation?

    struct Table: Encodable { let name: String; let bytes: Int }

    init(_ workspace: Workspace, _ name: String, validation: Workspace.Validation?) throws {
        spec = try workspace.spec(name)
        let url = try workspace.scenarioFile(name)
        yaml = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        tables = try workspace.tables(name).map { Table(name: $0.name, bytes: $0.bytes) }
        let scenario = try? Scenario.load(url, display: "scenario.yaml")
        policy = Dictionary(uniqueKeysWithValues: PolicyCatalog.keys.map { ($0.path, scenario.map($0.value(in:)) ?? $0.defaultValue) })
        self.validation = validation
    }
}

struct Template: Encodable {
    let title: String
    let spec: Workspace.Spec
}

struct Info: Encodable {
    struct Limits: Encodable {
        let uploadBytes: Int, unpackedBytes: Int
        enum CodingKeys: String, CodingKey { case uploadBytes = "upload_bytes", unpackedBytes = "unpacked_bytes" }
    }
    let sensitive: Bool
    let limits: Limits
}

struct Uploaded: Encodable {
    let stored: [String]
    let validation: Workspace.Validation
}

struct TableView: Encodable {
    let columns: [String]
    let rows: [[String]]
}

struct ExplanationView: Encodable {
    let title: String
    let details: [String]
}

struct HistoryRow: Encodable {
    let id: Int64, command: String, finishedAt: String, state: String
    let scenario: String?, variant: String?, plans: [String], out: String?, seconds: Double

    init(_ l: History.Listed) {
        (id, command, finishedAt, state, scenario, variant, plans, out, seconds) = (l.id, l.command, l.finishedAt, l.state, l.scenario, l.variant, l.plans, l.out, l.seconds)
    }

    enum CodingKeys: String, CodingKey {
        case id, command, state, scenario, variant, plans, out, seconds
        case finishedAt = "finished_at"
    }
}
