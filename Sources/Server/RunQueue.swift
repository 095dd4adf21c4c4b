import Foundation
import Scenarios

/// Runs queued by the page, one at a time (each run has every core), each as a child
/// `careplan run` process: the same bytes as the command line, a crash cannot take the server
/// down, and a cancel is the command line's own interrupt (the partial folder is removed).
/// What the process prints is kept and sent to whoever listens, line by line.
public actor RunQueue {
    public enum State: String, Codable, Sendable {
        case queued, running, finished, failed, cancelled
    }

    /// A run's record, kept in `runs/ID.json` once it ends.
    public struct Record: Codable, Sendable, Equatable {
        public let id: String
        public let scenario: String
        public var state: State
        /// The process's exit code (0 all met; 1 something unmet; 2 bad input; 130 interrupted).
        public var exit: Int32?
        public var queued: Date
        public var started: Date?
        public var ended: Date?
        /// Progress and report lines, as the command line printed them (standard error then output, in order).
        public var log: [String]
        /// Made by a server started with `--sensitive` (its lines may name risk levels and categories).
        public var sensitive: Bool? = nil
    }

    public enum Event: Sendable {
        case line(String)
        case state(Record)
    }

    let workspace: Workspace
    /// Set by ``shutdown()``: nothing more starts.
    var stopping = false
    /// Runs this queue killed after they ignored its interrupts.
    var killed = Set<String>()
    /// The careplan executable each run starts (the server's own, or the one tests built).
    let executable: URL
    var records = [String: Record]()
    var order = [String]()
    var processes = [String: Process]()
    var listeners = [String: [UUID: AsyncStream<Event>.Continuation]]()
    var next = 1

    public init(workspace: Workspace, executable: URL) {
        self.workspace = workspace
        self.executable = executable
        // Runs of earlier sessions, from their records; one that was running then is not now.
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.runsFolder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        for file in files {
            guard let data = FileManager.default.contents(atPath: workspace.runsFolder.appendingPathComponent(file).path),
                  var record = try? Self.decoder.decode(Record.self, from: data), (try? Self.checkID(record.id)) != nil else { continue }
            if record.state == .queued || record.state == .running { record.state = .cancelled }
            records[record.id] = record
            order.append(record.id)
            if let n = Int(record.id.dropFirst()), n < Self.maxRun { next = max(next, n + 1) }
        }
        // Nor is an id given to a folder (or a partial one) that has no record: a server stopped hard.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: workspace.runsFolder.path)) ?? [] {
            let name = entry.hasPrefix(".") ? String(entry.dropFirst().prefix { $0 != "." }) : entry
            if name.first == "r", let n = Int(name.dropFirst()), n < Self.maxRun { next = max(next, n + 1) }
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        e.dateEncodingStrategy = .iso8601
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    /// Run ids: `r` and four or more digits.
    public static func checkID(_ id: String) throws -> String {
        guard id.count >= 5, id.count <= 12, id.first == "r", id.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw Workspace.Refusal(status: 400, "run id '\(id.prefix(40))' must be r followed by digits, such as r0001")
        }
        return id
    }

    public func all() -> [Record] { order.compactMap { records[$0].map(shown) } }

    /// A record as this server shows it: what a `--sensitive` run printed stays hidden from a server started without.
    func shown(_ r: Record) -> Record {
        guard !workspace.sensitive, r.sensitive ?? madeSensitive(r.id) else { return r }
        var r = r
        r.log = ["(this run was made by careplan serve --sensitive: start it so again to read what the run printed)"]
        return r
    }

    public func record(_ id: String) throws -> Record { shown(try stored(id)) }

    /// A record from before records said so: made by a `--sensitive` server when its folder holds
    /// `*.sensitive.*` files.
    func madeSensitive(_ id: String) -> Bool {
        OutputFolder.filesWritten(in: workspace.runsFolder.appendingPathComponent(id)).contains { $0.contains(".sensitive.") }
    }

    func stored(_ id: String) throws -> Record {
        guard let r = records[try Self.checkID(id)] else { throw Workspace.Refusal(status: 404, "no run '\(id)' in this workspace") }
        return r
    }

    /// A run's output folder, once it finished (with or without something unmet).
    public func folder(_ id: String) throws -> URL {
        let r = try record(id)
        guard r.state == .finished else { throw Workspace.Refusal(status: 409, "run \(id) is \(r.state.rawValue); it has no plan to show") }
        return workspace.runsFolder.appendingPathComponent(r.id)
    }

    /// Queues a run of the scenario; it starts when the runs before it have ended.
    public func submit(scenario: String) throws -> Record {
        _ = try workspace.spec(scenario)
        let id = Self.runID(next)
        next += 1
        let record = Record(id: id, scenario: scenario, state: .queued, queued: Date(), log: [], sensitive: workspace.sensitive)
        records[id] = record
        order.append(id)
        persist(record)
        publish(id, .state(record))
        startNext()
        return record
    }

    /// A queued run leaves the queue; a running one is interrupted (its folder is removed by the command line).
    public func cancel(_ id: String) throws -> Record {
        var r = try stored(id)
        switch r.state {
        case .queued:
            r.state = .cancelled
            r.ended = Date()
            records[id] = r
            persist(r)
            publish(id, .state(r))
            finish(id)
        case .running:
            if let process = processes[id] { stop(id, process) }
        default:
            throw Workspace.Refusal(status: 409, "run \(id) has ended (\(r.state.rawValue)); nothing to cancel")
        }
        return r
    }

    /// Interrupts a run, again every half second until it ends: an interrupt that reaches the
    /// child before it has set up its own handling is lost (seen 3 times in 3 when cancelling
    /// at once). After 20 s it is killed (and its partial folder removed in ``ended``).
    func stop(_ id: String, _ process: Process) {
        process.interrupt()
        Task { [weak self] in
            for k in 1...60 {
                try? await Task.sleep(nanoseconds: 500_000_000)
                guard let self, await self.isRunning(id, process) else { return }
                if k < 40 { process.interrupt() } else { await self.kill(id, process) }
            }
        }
    }

    func isRunning(_ id: String, _ process: Process) -> Bool { processes[id] === process && process.isRunning }

    func kill(_ id: String, _ process: Process) {
        killed.insert(id)
        Foundation.kill(process.processIdentifier, SIGKILL)
    }

    /// What the run printed so far, then each new line and state until it ends.
    public func events(_ id: String) throws -> AsyncStream<Event> {
        let r = try record(id)
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        for line in r.log { continuation.yield(.line(line)) }
        continuation.yield(.state(r))
        if [.finished, .failed, .cancelled].contains(r.state) {
            continuation.finish()
        } else {
            let key = UUID()
            listeners[id, default: [:]][key] = continuation
            continuation.onTermination = { _ in Task { await self.forget(id, key) } }
        }
        return stream
    }

    func forget(_ id: String, _ key: UUID) { listeners[id]?[key] = nil }

    func publish(_ id: String, _ event: Event) {
        // A server's own runs carry its own setting: what it publishes live needs no hiding.
        for c in (listeners[id] ?? [:]).values { c.yield(event) }
    }

    func finish(_ id: String) {
        for c in (listeners[id] ?? [:]).values { c.finish() }
        listeners[id] = nil
    }

    func persist(_ r: Record) {
        guard let data = try? Self.encoder.encode(r) else { return }
        try? Workspace.writeFile(data, to: workspace.runsFolder.appendingPathComponent("\(r.id).json"))
    }

    func startNext() {
        guard !stopping, processes.isEmpty, let id = order.first(where: { records[$0]?.state == .queued }), var r = records[id] else { return }
        let process = Process()
        process.executableURL = executable
        var arguments = ["run", (try? workspace.scenarioFile(r.scenario).path) ?? "", "--out", workspace.runsFolder.appendingPathComponent(id).path,
                         "--history", workspace.historyFile.path]
        if workspace.sensitive { arguments.append("--sensitive") }
        process.arguments = arguments
        process.currentDirectoryURL = workspace.root
        var environment = ProcessInfo.processInfo.environment
        environment["CAREPLAN_PROGRESS_SECONDS"] = "1"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        // Both pipes feed one stream, read in order by one task; the exit is told after the last line.
        let (lines, sink) = AsyncStream<String>.makeStream(bufferingPolicy: .unbounded)
        let (exits, exitSink) = AsyncStream<Int32>.makeStream(bufferingPolicy: .unbounded)
        let open = OpenCount(2) { sink.finish() }
        process.terminationHandler = { p in
            // Killed by a signal: 128 + its number, as a shell says it (Foundation gives the bare number).
            exitSink.yield(p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus)
            exitSink.finish()
        }
        Task { [weak self] in
            for await line in lines { await self?.received(id, line) }
            var status: Int32 = -1
            for await s in exits { status = s }
            await self?.ended(id, status: status)
        }
        r.state = .running
        r.started = Date()
        do {
            try process.run()
        } catch {
            // The reading task ends the run as failed (no exit status).
            r.log.append("careplan serve: could not start \(executable.path): \(error.localizedDescription)")
            records[id] = r
            for pipe in [output, errors] {
                try? pipe.fileHandleForReading.close()
                try? pipe.fileHandleForWriting.close()
            }
            sink.finish()
            exitSink.finish()
            return
        }
        // Each pipe read to its end by a thread of its own, with plain blocking reads (a
        // FileHandle's readabilityHandler once never fired for a run started while other
        // processes were being started, and the run was never seen to end).
        for pipe in [output, errors] {
            let handle = pipe.fileHandleForReading
            let splitter = LineSplitter { sink.yield($0) }
            Thread.detachNewThread {
                // Plain read(2): what is there as soon as there is some; 0 at the end, -1 on an error.
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { break }
                    splitter.append(Data(buffer[0..<n]))
                }
                splitter.flush()
                try? handle.close()
                open.close()
            }
        }
        records[id] = r
        processes[id] = process
        persist(r)
        publish(id, .state(r))
    }

    func received(_ id: String, _ line: String) {
        guard var r = records[id] else { return }
        // The live terminal line's erasures never reach a pipe; strip any control characters all the same.
        let clean = String(line.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" }.map(Character.init))
        r.log.append(clean)
        records[id] = r
        publish(id, .line(clean))
    }

    func ended(_ id: String, status: Int32) {
        guard var r = records[id] else { return }
        processes[id] = nil
        r.exit = status
        r.ended = Date()
        // A plan is there when its summary is: a cancel that came after the folder was written keeps it.
        let written = FileManager.default.fileExists(atPath: workspace.runsFolder.appendingPathComponent("\(id)/summary.json").path)
        r.state = switch status {
        case 0, 1: written ? .finished : .failed
        case 130, 143: written ? .finished : .cancelled
        default: .failed
        }
        if written && (status == 130 || status == 143) { r.log.append("careplan serve: the cancel came after the plan was written; it is kept") }
        if status > 128 && !written {
            // Ended by a signal (a kill, or an interrupt repeated while the first was being
            // handled): the partial folder the command line left, removed as the next run would.
            OutputFolder.removeLeftovers(of: workspace.runsFolder.appendingPathComponent(id))
            if killed.contains(id) {
                r.log.append("careplan serve: the run did not stop when interrupted and was killed; nothing was kept")
                r.state = .cancelled
            }
        }
        records[id] = r
        persist(r)
        publish(id, .state(r))
        finish(id)
        startNext()
    }

    /// "r0001": at least four digits, never truncated (ids above ``maxRun`` are not counted, so
    /// a hand-made record cannot push the numbers to where they no longer fit).
    static func runID(_ n: Int) -> String {
        let digits = String(n)
        return "r" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
    static let maxRun = 99_999_999

    /// The server is stopping: queued runs are cancelled, a running one is interrupted (its
    /// partial folder removed by the command line) and waited for: about 20 s at most, then killed.
    public func shutdown() async {
        stopping = true
        for id in order where records[id]?.state == .queued { _ = try? cancel(id) }
        for (id, process) in processes { stop(id, process) }
        // The interrupts are repeated, then a kill: the run ends (and is recorded) within about 20 s.
        for _ in 0..<700 where !processes.isEmpty { try? await Task.sleep(nanoseconds: 50_000_000) }
        // Whoever still listens hears the end, so the server's open responses can close.
        for id in Array(listeners.keys) { finish(id) }
    }

    /// Waits until no run is queued or running (tests, and a server shutting down).
    public func idle() async {
        while records.values.contains(where: { $0.state == .queued || $0.state == .running }) {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
    }
}

/// Calls `done` when `close` has been called as many times as it was opened.
final class OpenCount: @unchecked Sendable {
    private let lock = NSLock()
    private var open: Int
    private let done: @Sendable () -> Void
    init(_ open: Int, _ done: @escaping @Sendable () -> Void) { (self.open, self.done) = (open, done) }
    func close() {
        if lock.withLock({ open -= 1; return open == 0 }) { done() }
    }
}

/// Bytes in, whole lines out.
final class LineSplitter: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    private let emit: @Sendable (String) -> Void

    init(_ emit: @escaping @Sendable (String) -> Void) { self.emit = emit }

    func append(_ data: Data) {
        let lines: [String] = lock.withLock {
            buffer.append(data)
            var out = [String]()
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                out.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
            return out
        }
        for line in lines { emit(line) }
    }

    func flush() {
        let rest: String? = lock.withLock {
            defer { buffer.removeAll() }
            return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self)
        }
        if let rest { emit(rest) }
    }
}
