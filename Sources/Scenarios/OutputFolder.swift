import CareModel
import Foundation

/// An output folder written whole or not at all, that never touches what careplan did not write.
///
/// Files go into a hidden staging folder beside the destination (`.NAME.partial-PID`, created
/// 0700, each file 0600: they may hold sensitive identifiers). ``commit()`` swaps it into place;
/// if anything fails before that, ``discard()`` removes it and the destination is untouched.
///
/// What may be replaced:
/// - a run's folder (``Owner/run``) replaces only a folder that is empty or that a run wrote:
///   it holds `.careplan-output`, whose manifest lists every file the run wrote, and nothing
///   else. A file someone added since (notes, a scenario) makes the folder foreign.
/// - `generate` (``Owner/tables(_:)``) writes no marker: it replaces only a folder that is
///   empty or holds nothing but the tables it writes.
/// And whatever the owner, the destination is never one of the run's inputs (the scenario
/// file, the data folder, any table in it, wherever a symbolic link points), nor a folder
/// that contains one. Every refusal is a ``DataError`` saying why, before anything is touched.
/// Where a plan's writer puts its files: an output folder, or one variant's folder inside a sweep's.
public protocol OutputSink: Sendable {
    /// Writes `text` to `relativePath`, readable by its owner only.
    func write(_ relativePath: String, _ text: String) throws
}

/// The folder `prefix` inside another sink (a variant's folder inside a sweep's output).
public struct OutputSubfolder: OutputSink {
    public let parent: any OutputSink
    public let prefix: String
    public init(_ parent: any OutputSink, _ prefix: String) {
        self.parent = parent
        self.prefix = prefix
    }
    public func write(_ relativePath: String, _ text: String) throws { try parent.write(prefix + "/" + relativePath, text) }
}

public final class OutputFolder: OutputSink, @unchecked Sendable {
    public enum Owner: Sendable {
        /// `careplan run`: marks the folder with `.careplan-output` and its manifest.
        case run
        /// `careplan generate`: the table files it writes, no marker.
        case tables(Set<String>)
    }

    /// A file or folder the output must never replace or contain.
    public struct Input: Sendable {
        public let url: URL
        /// What messages call it ("the scenario file", "the data folder").
        public let role: String
        public init(_ url: URL, role: String) {
            self.url = url
            self.role = role
        }
    }

    public let destination: URL
    let staging: URL
    let owner: Owner
    private var written = [String]()
    private var state = State.open
    private let lock = NSLock()
    static let marker = ".careplan-output"
    static let markerHeader = "careplan output folder; careplan may replace it. Files written:"

    private enum State { case open, committed, discarded }

    /// Checks the destination and creates the staging folder beside it (removing the staging
    /// folders that runs no longer alive left there).
    public init(_ destination: URL, owner: Owner = .run, inputs: [Input] = []) throws {
        self.destination = destination.standardizedFileURL
        self.owner = owner
        try Self.check(self.destination, owner: owner, inputs: inputs)
        let fm = FileManager.default
        let parent = self.destination.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        Self.removeLeftovers(of: self.destination)
        staging = parent.appendingPathComponent(".\(self.destination.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        if case .run = owner { try write(Self.marker, Self.markerHeader + "\n") }
    }

    /// Refuses a destination that overlaps an input or holds what careplan did not write.
    public static func check(_ destination: URL, owner: Owner = .run, inputs: [Input]) throws {
        let shown = destination.path
        func refuse(_ message: String) -> DataError { DataError(file: shown, line: 0, column: 0, message: message) }
        let out = realPath(destination)
        let resolved = inputs.map { (input: $0, path: realPath($0.url)) }
        if let same = resolved.first(where: { $0.path == out }) {
            throw refuse("is \(same.input.role); an output folder never replaces its inputs: choose another --out")
        }
        if let inside = resolved.first(where: { $0.path.hasPrefix(out == "/" ? "/" : out + "/") }) {
            throw refuse("contains \(inside.input.role) (\(inside.input.url.path)); an output folder never replaces its inputs: choose another --out")
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: destination.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw refuse("exists and is not a folder; choose another --out") }
        let contents = try fm.contentsOfDirectory(atPath: destination.path)
        if contents.isEmpty { return }
        switch owner {
        case .run:
            guard let manifest = manifest(of: destination) else {
                throw refuse("exists and was not written by `careplan run`; choose an empty or new folder for --out")
            }
            if let foreign = files(in: destination).first(where: { !manifest.contains($0) && $0 != marker }) {
                throw refuse("holds \(foreign), which careplan did not write; move it away or choose another --out")
            }
        case let .tables(names):
            if let foreign = files(in: destination).sorted().first(where: { !names.contains($0) }) {
                throw refuse("holds \(foreign), which `careplan generate` does not write; choose an empty or new folder for --out")
            }
        }
    }

    /// The files a previous run wrote into `folder`, from its marker; nil when there is no marker.
    static func manifest(of folder: URL) -> Set<String>? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(marker).path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        if lines.first == markerHeader { return Set(lines.dropFirst()) }
        // Before manifests (careplan 0.1.0) the marker held one line; such a folder may hold
        // the files a run wrote then, and nothing else.
        guard lines == ["careplan output folder; careplan may replace it"] else { return nil }
        let known = ["summary.json", "mentors/", "buddies/", "roster/", "staffing/"]
        return Set(files(in: folder).filter { file in known.contains { file == $0 || ($0.hasSuffix("/") && file.hasPrefix($0)) } })
    }

    /// The files a run wrote into `folder`, by its marker's manifest (none without one).
    public static func filesWritten(in folder: URL) -> [String] {
        (manifest(of: folder) ?? []).sorted()
    }

    /// Every file and symbolic link under `folder` (not descending into links), as relative paths.
    static func files(in folder: URL) -> [String] {
        var out = [String]()
        func walk(_ relative: String) {
            let path = relative.isEmpty ? folder.path : folder.appendingPathComponent(relative).path
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() {
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                if lstat(folder.appendingPathComponent(child).path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    walk(child)
                } else {
                    out.append(child)
                }
            }
        }
        walk("")
        return out
    }

    /// The path with every symbolic link resolved; for a path that does not exist yet, its
    /// nearest existing ancestor resolved and the rest appended.
    static func realPath(_ url: URL) -> String {
        var missing = [String]()
        var current = url.standardizedFileURL
        while true {
            if let resolved = realpath(current.path, nil) {
                defer { free(resolved) }
                var path = String(cString: resolved)
                for name in missing.reversed() { path = (path == "/" ? "" : path) + "/" + name }
                return path
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return url.standardizedFileURL.path }
            missing.append(current.lastPathComponent)
            current = parent
        }
    }

    /// Removes `.NAME.partial-PID` and `.NAME.old-PID` folders beside `destination` whose
    /// process is no longer running and which careplan wrote (they hold the marker, or only
    /// tables). Runs killed outright (`kill -9`, a power cut) leave them.
    public static func removeLeftovers(of destination: URL) {
        let parent = destination.deletingLastPathComponent()
        let fm = FileManager.default
        for kind in ["partial", "old"] {
            let prefix = ".\(destination.lastPathComponent).\(kind)-"
            for name in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
                guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
                if kill(pid, 0) == 0 || errno == EPERM { continue }  // still running
                let url = parent.appendingPathComponent(name)
                if fm.fileExists(atPath: url.appendingPathComponent(marker).path) { try? fm.removeItem(at: url) }
            }
        }
    }

    /// Writes `text` to `relativePath` inside the folder, readable by its owner only.
    public func write(_ relativePath: String, _ text: String) throws {
        try lock.withLock {
            guard state == .open else { throw CancellationError() }
            let url = staging.appendingPathComponent(relativePath)
            let directory = url.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw DataError(file: destination.appendingPathComponent(relativePath).path, line: 0, column: 0, message: "could not be written")
            }
            if relativePath != Self.marker { written.append(relativePath) }
        }
    }

    /// Puts the finished folder in place of the destination.
    public func commit() throws {
        try lock.withLock {
            guard state == .open else { throw CancellationError() }
            if case .run = owner {
                let manifest = ([Self.markerHeader] + written.sorted()).joined(separator: "\n") + "\n"
                guard FileManager.default.createFile(atPath: staging.appendingPathComponent(Self.marker).path, contents: Data(manifest.utf8),
                                                     attributes: [.posixPermissions: 0o600]) else {
                    throw DataError(file: destination.path, line: 0, column: 0, message: "could not be written")
                }
            }
            let fm = FileManager.default
            if fm.fileExists(atPath: destination.path) {
                let old = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).old-\(getpid())")
                try fm.moveItem(at: destination, to: old)
                try fm.moveItem(at: staging, to: destination)
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: destination)
            }
            state = .committed
        }
    }

    /// Removes the staging folder unless the output was committed; later writes fail.
    /// Safe to call from any thread (a signal handler's), at any time.
    @discardableResult
    public func discard() -> Bool {
        lock.withLock {
            guard state == .open else { return false }
            try? FileManager.default.removeItem(at: staging)
            state = .discarded
            return true
        }
    }

    /// Whether the output is in place.
    public var isCommitted: Bool { lock.withLock { state == .committed } }

    deinit { discard() }
}
