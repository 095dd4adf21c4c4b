import CareModel
import Foundation

/// An output folder written whole or not at all.
///
/// Files go into a hidden folder beside the destination (created 0700, each file 0600:
/// they may hold sensitive identifiers). ``commit()`` swaps it into place; if anything
/// fails before that, ``discard()`` removes it and the destination is untouched. An existing
/// destination is replaced only if it is empty or was written by careplan (it holds
/// `.careplan-output`), so a mistyped `--out` cannot wipe an unrelated folder.
public final class OutputFolder {
    public let destination: URL
    let staging: URL
    private var committed = false
    static let marker = ".careplan-output"

    public init(_ destination: URL) throws {
        self.destination = destination.standardizedFileURL
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: self.destination.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw DataError(file: destination.path, line: 0, column: 0, message: "exists and is not a folder; choose another --out")
            }
            let contents = (try? fm.contentsOfDirectory(atPath: self.destination.path)) ?? []
            if !contents.isEmpty && !contents.contains(Self.marker) {
                throw DataError(file: destination.path, line: 0, column: 0,
                                message: "exists and was not written by careplan; choose an empty or new folder for --out")
            }
        }
        let parent = self.destination.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        staging = parent.appendingPathComponent(".\(self.destination.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try write(Self.marker, "careplan output folder; careplan may replace it\n")
    }

    /// Writes `text` to `relativePath` inside the folder, readable by its owner only.
    public func write(_ relativePath: String, _ text: String) throws {
        let url = staging.appendingPathComponent(relativePath)
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DataError(file: destination.appendingPathComponent(relativePath).path, line: 0, column: 0, message: "could not be written")
        }
    }

    /// Puts the finished folder in place of the destination.
    public func commit() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: destination.path) {
            let old = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).old-\(getpid())")
            try fm.moveItem(at: destination, to: old)
            try fm.moveItem(at: staging, to: destination)
            try? fm.removeItem(at: old)
        } else {
            try fm.moveItem(at: staging, to: destination)
        }
        committed = true
    }

    public func discard() {
        if !committed { try? FileManager.default.removeItem(at: staging) }
    }

    deinit { discard() }
}
