import Foundation
import Hummingbird
import Scenarios
@testable import Server
import Testing
import ZIPFoundation

/// The server's own tests, straight at its router: what it refuses (paths out of the workspace,
/// oversize uploads, a wrong token, cross-site writes), and runs queued, cancelled and alike.
@Suite(.serialized) struct ServerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = URL(fileURLWithPath: ProcessInfo.processInfo.environment["CAREPLAN_BINARY"] ?? root.appendingPathComponent(".build/debug/careplan").path)

    /// A workspace in a scratch folder, removed after.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("careplan-server-\(UUID().uuidString)")
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static let write: HTTPFields = [.init("X-Careplan")!: "1"]

    func app(_ scratch: Scratch, token: String? = nil, sensitive: Bool = false, configure: (inout Workspace) -> Void = { _ in }) throws -> (RouterApp, RunQueue, Workspace) {
        var workspace = try Workspace(root: scratch.url.appendingPathComponent("ws"), sensitive: sensitive)
        configure(&workspace)
        var options = CareplanServer.Options(workspace: workspace, executable: Self.binary)
        options.token = token
        let queue = RunQueue(workspace: workspace, executable: Self.binary)
        return (RouterApp(router: CareplanServer.router(options, queue: queue)), queue, workspace)
    }

    static func json(_ spec: String) -> ByteBuffer { ByteBuffer(string: spec) }

    static let tinySpec = #"{"name":"tiny","district":"tiny","seed":1,"plans":["mentors","buddies"],"policy":{},"work_limit":5}"#
    static let uploadSpec = #"{"name":"up","plans":["mentors"],"policy":{}}"#

    func error(_ response: TestResponse) -> String {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["error"] as? String ?? String(buffer: response.body)
    }

    @Test func pathsNeverLeaveTheWorkspace() async throws {
        let scratch = Scratch()
        let (app, _, workspace) = try app(scratch)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: Self.write, body: Self.json(Self.uploadSpec)) { #expect($0.status == .created) }
            // A table name with a path in it, encoded or not.
            for name in ["..%2F..%2Fevil.csv", "%2Fetc%2Fpasswd", "students.csv%00.txt", "notes.txt"] {
                try await client.execute(uri: "/api/scenarios/up/tables/\(name)", method: .put, headers: Self.write, body: ByteBuffer(string: "a,b\n")) { r in
                    #expect(r.status == .badRequest)
                    #expect(error(r).contains("is not a table careplan reads"))
                }
            }
            // A scenario name with a path in it.
            for name in ["..%2Fws", "..", "UP", "a%2Fb"] {
                try await client.execute(uri: "/api/scenarios/\(name)/validation", method: .get) { r in
                    #expect(r.status == .badRequest)
                    #expect(error(r).contains("must be 1 to 40 lower-case letters, digits and dashes"))
                }
            }
            // A run id with a path in it; a file the run did not write.
            try await client.execute(uri: "/api/runs/..%2Fscenarios/summary", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(error(r) == "run id '../scenarios' must be r followed by digits, such as r0001")
            }
            // A .zip whose entries climb out: only each entry's name counts, and it must be a table.
            let climbing = try Self.zip(["../../students.csv": "student_id\n", "../evil.csv": "x\n"])
            try await client.execute(uri: "/api/scenarios/up/tables/t.zip", method: .put, headers: Self.write, body: ByteBuffer(bytes: climbing)) { r in
                #expect(r.status == .badRequest)
                #expect(error(r).hasPrefix("'evil.csv' is not a table careplan reads"))
            }
            let fine = try Self.zip(["tables/../../students.csv": "student_id\n"])
            try await client.execute(uri: "/api/scenarios/up/tables/t.zip", method: .put, headers: Self.write, body: ByteBuffer(bytes: fine)) { r in
                #expect(r.status == .ok)
            }
        }
        // Nothing landed anywhere but the scenario's data folder.
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("evil.csv").path))
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("students.csv").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("students.csv").path))
        #expect(try workspace.tables("up").map(\.name) == ["students.csv"])
    }

    @Test func oversizeUploadsAreRefused() async throws {
        let scratch = Scratch()
        let (app, _, workspace) = try app(scratch) { w in
            w.limits.uploadBytes = 4096
            w.limits.unpackedBytes = 10_000
        }
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: Self.write, body: Self.json(Self.uploadSpec)) { _ in }
            try await client.execute(uri: "/api/scenarios/up/tables/students.csv", method: .put, headers: Self.write,
                                     body: ByteBuffer(string: String(repeating: "x", count: 5000))) { r in
                #expect(r.status == .contentTooLarge)
                #expect(error(r) == "the upload is larger than 4096 bytes")
            }
            // Small when packed, large when unpacked.
            let bomb = try Self.zip(["students.csv": String(repeating: "0", count: 50_000)])
            #expect(bomb.count < 4096)
            try await client.execute(uri: "/api/scenarios/up/tables/t.zip", method: .put, headers: Self.write, body: ByteBuffer(bytes: bomb)) { r in
                #expect(r.status == .contentTooLarge)
                #expect(error(r) == "t.zip unpacks to more than 10000 bytes")
            }
            // Two tables of 6,000 bytes each, the archive declaring 1 byte apiece: counted as they come out.
            let liar = Data(base64Encoded: "UEsDBBQAAAAIAGqzgV0KKgj9GAAAAAEAAAAMAAAAc3R1ZGVudHMuY3N27cExAQAAAMKgSuufzhC+QAEAAAAAAK8BUEsDBBQAAAAIAGqzgV0KKgj9GAAAAAEAAAALAAAAbWVudG9ycy5jc3btwTEBAAAAwqBK65/OEL5AAQAAAAAArwFQSwECFAMUAAAACABqs4FdCioI/RgAAAABAAAADAAAAAAAAAAAAAAAgAEAAAAAc3R1ZGVudHMuY3N2UEsBAhQDFAAAAAgAarOBXQoqCP0YAAAAAQAAAAsAAAAAAAAAAAAAAIABQgAAAG1lbnRvcnMuY3N2UEsFBgAAAAACAAIAcwAAAIMAAAAAAA==")!
            try await client.execute(uri: "/api/scenarios/up/tables/liar.zip", method: .put, headers: Self.write, body: ByteBuffer(bytes: liar)) { r in
                #expect(r.status == .contentTooLarge)
                #expect(error(r) == "liar.zip unpacks to more than 10000 bytes")
            }
            // A ZIP64 entry declaring 2^64 - 1 bytes: refused, the server still answering.
            let huge = Data(base64Encoded: "UEsDBBQAAAAAAAAAAAAHoerdAgAAAAIAAAAMAAAAc3R1ZGVudHMuY3N2YQpQSwECLQAtAAAAAAAAAAAAB6Hq3f//////////DAAUAAAAAAAAAAAAAAAAAAAAc3R1ZGVudHMuY3N2AQAQAP//////////AgAAAAAAAABQSwUGAAAAAAEAAQBOAAAALAAAAAAA")!
            try await client.execute(uri: "/api/scenarios/up/tables/huge.zip", method: .put, headers: Self.write, body: ByteBuffer(bytes: huge)) { r in
                #expect(r.status == .contentTooLarge || r.status == .badRequest)
            }
            // Archives crafted to make the zip library itself trap (a ZIP64 compressed size of
            // 2^64 - 1; a data descriptor after a ZIP64 size of 2^64 - 1): unpacked by a child
            // process, which dies; the server refuses them and goes on answering.
            let crafted = [
                "UEsDBC0AAAAIAAAAAAAHoerdBAAAAAIAAAAMAAAAc3R1ZGVudHMuY3N2S+QCAFBLAQItAC0AAAAIAAAAAAAHoerd/////wIAAAAMAAwAAAAAAAAAAACkgQAAAABzdHVkZW50cy5jc3YBAAgA//////////9QSwUGAAAAAAEAAQBGAAAALgAAAAAA",
                "UEsDBC0ACAAAAAAAAAAHoerdAgAAAAIAAAAMAAAAc3R1ZGVudHMuY3N2YQpQSwECLQAtAAgAAAAAAAAAB6Hq3QIAAAD/////DAAMAAAAAAAAAAAApIEAAAAAc3R1ZGVudHMuY3N2AQAIAP//////////UEsFBgAAAAABAAEARgAAACwAAAAAAA==",
            ]
            for (k, text) in crafted.enumerated() {
                try await client.execute(uri: "/api/scenarios/up/tables/crafted\(k).zip", method: .put, headers: Self.write,
                                         body: ByteBuffer(bytes: Data(base64Encoded: text)!)) { r in
                    #expect(r.status == .badRequest)
                    #expect(error(r) == "crafted\(k).zip could not be unpacked (the archive is damaged)")
                }
            }
            try await client.execute(uri: "/api/info", method: .get) { #expect($0.status == .ok) }
        }
        #expect(try workspace.tables("up").isEmpty)
        // Nor anything else: the child's folder is gone with it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("scenarios/up/data").path) == [])
    }

    /// A run made by a server started with --sensitive writes `*.sensitive.*` files and sensitive
    /// wording; a server started without the flag on the same workspace shows neither.
    @Test func sensitiveRunsStayWithSensitiveServers() async throws {
        let scratch = Scratch()
        let (open, queue, workspace) = try app(scratch, sensitive: true)
        try await open.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: Self.write, body: Self.json(Self.tinySpec)) { _ in }
            _ = try await client.execute(uri: "/api/scenarios/tiny/runs", method: .post, headers: Self.write)
            await queue.idle()
            try await client.execute(uri: "/api/runs/r0001/files", method: .get) { r in
                let files = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String]
                #expect(files.contains("mentors/unmet.sensitive.csv"))
            }
        }
        #expect(FileManager.default.fileExists(atPath: workspace.runsFolder.appendingPathComponent("r0001/mentors/unmet.sensitive.csv").path))
        let (plain, _, _) = try app(scratch)
        try await plain.test(.router) { client in
            try await client.execute(uri: "/api/runs/r0001/files", method: .get) { r in
                let files = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String]
                #expect(files.contains("mentors/unmet.csv"))
                #expect(!files.contains { $0.contains(".sensitive.") })
            }
            for uri in ["/api/runs/r0001/files/mentors/unmet.sensitive.csv", "/api/runs/r0001/tables/mentors/unmet.sensitive.csv"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .notFound, "\(uri)") }
            }
            try await client.execute(uri: "/api/runs/r0001/download.zip", method: .get) { r in
                let archive = try Archive(data: Data(buffer: r.body), accessMode: .read)
                #expect(archive.contains { $0.path == "r0001/mentors/unmet.csv" })
                #expect(!archive.contains { $0.path.contains(".sensitive.") })
            }
            try await client.execute(uri: "/api/runs/r0001", method: .get) { r in
                let record = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                #expect(record["log"] as? [String] == ["(this run was made by careplan serve --sensitive: start it so again to read what the run printed)"])
            }
        }
        // A record written before records said whether their server was sensitive: judged by the
        // run's files, so still hidden.
        let file = workspace.runsFolder.appendingPathComponent("r0001.json")
        var record = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        #expect(record.removeValue(forKey: "sensitive") as? Bool == true)
        try JSONSerialization.data(withJSONObject: record).write(to: file)
        let (older, _, _) = try app(scratch)
        try await older.test(.router) { client in
            try await client.execute(uri: "/api/runs/r0001", method: .get) { r in
                let shown = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                #expect((shown["log"] as? [String])?.count == 1)
                #expect((shown["log"] as? [String])?.first?.hasPrefix("(this run was made by careplan serve --sensitive") == true)
            }
        }
    }

    @Test func tokenAndWritesAreChecked() async throws {
        let scratch = Scratch()
        let token = "s3cret-token-0123456789"
        let (app, _, _) = try app(scratch, token: token)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .get) { r in
                #expect(r.status == .unauthorized)
                #expect(error(r).hasPrefix("this server needs its token"))
            }
            try await client.execute(uri: "/api/scenarios", method: .get, headers: [.authorization: "Bearer wrong-token-0123456789"]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/scenarios?token=\(token.dropLast())", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/scenarios", method: .get, headers: [.authorization: "Bearer \(token)"]) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/scenarios?token=\(token)", method: .get) { #expect($0.status == .ok) }
            // The page itself holds no data and loads before it can send the token.
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains("<script src=\"app.js\"></script>"))
            }
            // A write without the page's header, even with the token: a form on another site.
            try await client.execute(uri: "/api/scenarios", method: .post, headers: [.authorization: "Bearer \(token)"], body: Self.json(Self.tinySpec)) { r in
                #expect(r.status == .forbidden)
                #expect(error(r).hasPrefix("writes need the X-Careplan header"))
            }
        }
    }

    @Test func policyErrorsNameTheKeyLineAndColumn() async throws {
        let scratch = Scratch()
        let (app, _, _) = try app(scratch)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: Self.write, body: Self.json(Self.tinySpec)) { #expect($0.status == .created) }
            let bad = #"{"name":"tiny","district":"tiny","seed":1,"plans":["mentors"],"policy":{"policy.mentor.cap":"5000"}}"#
            try await client.execute(uri: "/api/scenarios/tiny", method: .put, headers: Self.write, body: Self.json(bad)) { r in
                #expect(r.status == .badRequest)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                #expect(body["error"] as? String == "policy.mentor.cap must be a whole number from 0 to 1000, found \"5000\"")
                #expect(body["file"] as? String == "scenario.yaml")
                #expect(body["line"] as? Int == 7)
                #expect(body["column"] as? Int == 10)
            }
            // A value cannot smuggle a key of its own into the file.
            let smuggled = #"{"name":"tiny","district":"tiny","plans":["mentors"],"policy":{"policy.mentor.cap":"12\ndata: /etc"}}"#
            try await client.execute(uri: "/api/scenarios/tiny", method: .put, headers: Self.write, body: Self.json(smuggled)) { r in
                #expect(r.status == .badRequest)
                #expect(error(r).hasPrefix("policy.mentor.cap: '12\ndata: /etc' must be a number, a word or a list"))
            }
            let unknown = #"{"name":"tiny","district":"tiny","plans":["mentors"],"policy":{"policy.mentor.colour":"red"}}"#
            try await client.execute(uri: "/api/scenarios/tiny", method: .put, headers: Self.write, body: Self.json(unknown)) { r in
                #expect(error(r) == "'policy.mentor.colour' is not a policy key careplan has")
            }
        }
    }

    /// Two runs at once: the second waits for the first, both finish, and their plans are the same bytes.
    @Test func twoRunsAtOnceQueueAndAgree() async throws {
        let scratch = Scratch()
        let (app, queue, workspace) = try app(scratch)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: Self.write, body: Self.json(Self.tinySpec)) { _ in }
            async let a = client.execute(uri: "/api/scenarios/tiny/runs", method: .post, headers: Self.write)
            async let b = client.execute(uri: "/api/scenarios/tiny/runs", method: .post, headers: Self.write)
            let (ra, rb) = try await (a, b)
            #expect(ra.status == .accepted && rb.status == .accepted)
            let states = await queue.all().map(\.state)
            #expect(states.filter { $0 == .running }.count == 1)
            await queue.idle()
            let records = await queue.all()
            #expect(records.map(\.state) == [.finished, .finished])
            #expect(records.allSatisfy { $0.exit == 1 || $0.exit == 0 })
            // One after the other, never both at once.
            #expect(records[1].started! >= records[0].ended!)
            for file in ["mentors/assignments.csv", "buddies/pairs.csv", "mentors/unmet.csv"] {
                let x = try Data(contentsOf: workspace.runsFolder.appendingPathComponent("r0001/\(file)"))
                let y = try Data(contentsOf: workspace.runsFolder.appendingPathComponent("r0002/\(file)"))
                #expect(x == y, "\(file)")
            }
            // What the run printed, kept; the run history recorded both.
            #expect(records[0].log.contains { $0.hasPrefix("Mentor assignment: optimal") })
            try await client.execute(uri: "/api/history", method: .get) { r in
                let rows = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [[String: Any]]
                #expect(rows.count == 2)
            }
            // Compared from the history, the runs show the figures their folders show.
            func figures(_ uri: String) async throws -> [String: [Double?]] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .ok, "\(uri)")
                    let all = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                    let rows = all["rows"] as! [[String: Any]]
                    var out = [String: [Double?]]()
                    for row in rows { if let values = row["values"] as? [Any] { out["\(row["plan"]!).\(row["figure"]!)"] = values.map { $0 as? Double } } }
                    return out
                }
            }
            let byFolder = try await figures("/api/compare?runs=r0001,r0002")
            let byHistory = try await figures("/api/compare?history=1,2")
            #expect(byFolder["mentors.objective"]?.count == 2)
            #expect(byFolder.count > 6)
            #expect(byHistory.filter { !$0.key.hasSuffix(".seconds") } == byFolder.filter { !$0.key.hasSuffix(".seconds") })
            try await client.execute(uri: "/api/compare?history=1,99", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(error(r) == "the history has no run '99'")
            }
            try await client.execute(uri: "/api/compare?history=1", method: .get) { r in
                #expect(r.status == .badRequest)
            }
            // Files: only what the run wrote, by exact name.
            try await client.execute(uri: "/api/runs/r0001/files/mentors/assignments.csv", method: .get) { r in
                #expect(r.status == .ok)
                let written = try Data(contentsOf: workspace.runsFolder.appendingPathComponent("r0001/mentors/assignments.csv"))
                #expect(Data(buffer: r.body) == written)
            }
            for path in ["../r0001.json", "mentors/../../r0002/summary.json", ".careplan-output", "nothing.csv"] {
                try await client.execute(uri: "/api/runs/r0001/files/\(path)", method: .get) { r in
                    #expect(r.status == .notFound || r.status == .badRequest, "\(path)")
                    #expect(!String(buffer: r.body).contains("\"plans\""))
                }
            }
            // Explain: the library's words.
            try await client.execute(uri: "/api/runs/r0001/explain?student=S000001", method: .get) { r in
                let answers = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [[String: Any]]
                #expect((answers.first?["title"] as? String)?.hasPrefix("Student S000001 (school SCH001") == true)
            }
            try await client.execute(uri: "/api/runs/r0001/explain?student=NOBODY", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(error(r) == "student 'NOBODY' is not in the scenario's data")
            }
        }
    }

    /// A running run cancelled: the command line's own interrupt, no folder left; a queued one just leaves the queue.
    @Test func cancelLeavesNothing() async throws {
        let scratch = Scratch()
        let (app, queue, workspace) = try app(scratch)
        let long = #"{"name":"long","district":"tiny","seed":1,"plans":["roster"],"roster_days":56,"time_limit":60,"policy":{}}"#
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: Self.write, body: Self.json(long)) { #expect($0.status == .created) }
            _ = try await client.execute(uri: "/api/scenarios/long/runs", method: .post, headers: Self.write)
            _ = try await client.execute(uri: "/api/scenarios/long/runs", method: .post, headers: Self.write)
            // Wait until the roster has started (its first progress line).
            var started = false
            for await event in try await queue.events("r0001") {
                if case let .line(line) = event, line.hasPrefix("careplan: roster") { started = true; break }
            }
            #expect(started)
            try await client.execute(uri: "/api/runs/r0002/cancel", method: .post, headers: Self.write) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/runs/r0001/cancel", method: .post, headers: Self.write) { #expect($0.status == .ok) }
            await queue.idle()
            let records = await queue.all()
            #expect(records.map(\.state) == [.cancelled, .cancelled])
            #expect(records[0].exit == 130)
            #expect(records[1].started == nil)
            #expect(!FileManager.default.fileExists(atPath: workspace.runsFolder.appendingPathComponent("r0001").path))
            try await client.execute(uri: "/api/runs/r0001/cancel", method: .post, headers: Self.write) { r in
                #expect(r.status == .conflict)
                #expect(error(r) == "run r0001 has ended (cancelled); nothing to cancel")
            }
        }
    }

    /// Run ids go on from the highest a workspace holds, at least four digits, never cut short;
    /// a hand-made record with an absurd id does not move them.
    @Test func runIDsAreNeverReused() async throws {
        let scratch = Scratch()
        let (_, _, workspace) = try app(scratch)
        #expect(RunQueue.runID(7) == "r0007")
        #expect(RunQueue.runID(123_456) == "r123456")
        for id in ["r0002", "r4294967297", "r99999999999"] {
            let record = #"{"id":"\#(id)","scenario":"tiny","state":"finished","queued":"2026-12-01T00:00:00Z","log":[]}"#
            try Data(record.utf8).write(to: workspace.runsFolder.appendingPathComponent("\(id).json"))
        }
        try FileManager.default.createDirectory(at: workspace.runsFolder.appendingPathComponent(".r0005.partial-123"), withIntermediateDirectories: true)
        let queue = RunQueue(workspace: workspace, executable: Self.binary)
        _ = try workspace.create(try JSONDecoder().decode(Workspace.Spec.self, from: Data(Self.tinySpec.utf8)))
        let record = try await queue.submit(scenario: "tiny")
        #expect(record.id == "r0006")
        await queue.idle()
    }

    /// A run's folder replaced by a link to somewhere else: nothing under it is served.
    @Test func linksOutOfARunAreNotFollowed() async throws {
        let scratch = Scratch()
        let (app, queue, workspace) = try app(scratch)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/scenarios", method: .post, headers: Self.write, body: Self.json(Self.tinySpec)) { _ in }
            _ = try await client.execute(uri: "/api/scenarios/tiny/runs", method: .post, headers: Self.write)
            await queue.idle()
            try await client.execute(uri: "/api/runs/r0001/files/buddies/fixes.csv", method: .get) { #expect($0.status == .ok) }
            let outside = scratch.url.appendingPathComponent("outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try Data("secret,outside\n".utf8).write(to: outside.appendingPathComponent("fixes.csv"))
            let buddies = workspace.runsFolder.appendingPathComponent("r0001/buddies")
            try FileManager.default.removeItem(at: buddies)
            try FileManager.default.createSymbolicLink(at: buddies, withDestinationURL: outside)
            for uri in ["/api/runs/r0001/files/buddies/fixes.csv", "/api/runs/r0001/tables/buddies/fixes.csv"] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .notFound, "\(uri)")
                    #expect(!String(buffer: r.body).contains("secret"))
                }
            }
            try await client.execute(uri: "/api/runs/r0001/download.zip", method: .get) { r in
                #expect(r.status == .ok)
                let archive = try Archive(data: Data(buffer: r.body), accessMode: .read)
                #expect(!archive.contains { $0.path.hasPrefix("r0001/buddies/") })
                #expect(archive.contains { $0.path == "r0001/mentors/assignments.csv" })
            }
        }
    }

    @Test func openAPIDescribesEveryRoute() async throws {
        let spec = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
        let source = try String(contentsOf: Self.root.appendingPathComponent("Sources/Server/CareplanServer.swift"), encoding: .utf8)
        let routes = source.matches(of: /router\.(get|post|put|delete)\("(\/api[^"]*)"/).map { ($0.output.1, String($0.output.2)) }
        #expect(routes.count >= 20)
        for (method, path) in routes {
            let described = path.replacing(/:([a-z]+)/) { "{\($0.output.1)}" }.replacingOccurrences(of: "/**", with: "/{path}")
            guard let start = spec.range(of: "\n  \(described):\n") else {
                Issue.record("\(path) is not described")
                continue
            }
            // The path's block runs to the next path; the method must be in it.
            let rest = spec[start.upperBound...]
            let block = rest[..<(rest.range(of: "\n  /")?.lowerBound ?? rest.endIndex)]
            #expect(block.contains("\n    \(method):") || block.hasPrefix("    \(method):"), "\(method) \(path)")
        }
    }

    /// The page's demo street is `make demo`'s scenario: the same plans, horizons, limits and policy.
    @Test func theDemoTemplateIsTheDemo() throws {
        let demo = try Scenario.load(Self.root.appendingPathComponent("Scenarios/demo/zhoujiadu.yaml"))
        let spec = try #require(Workspace.templates.first?.spec)
        let made = try Scenario.parse(try Workspace.yaml(spec), file: "scenario.yaml", directory: Self.root)
        #expect(made.source == demo.source)
        #expect(made.plans == demo.plans)
        #expect(made.rosterHorizon == demo.rosterHorizon)
        #expect(made.activitiesHorizon.start == demo.activitiesHorizon.start && made.activitiesHorizon.months == demo.activitiesHorizon.months)
        #expect(made.solver.timeLimit == demo.solver.timeLimit && made.solver.workLimit == demo.solver.workLimit)
        for key in PolicyCatalog.keys { #expect(key.value(in: made) == key.value(in: demo), "\(key.path)") }
    }

    static func zip(_ entries: [String: String]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in entries.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }
}
