import Foundation

/// A folder of CSV tables, read by file name; messages name the folder as `display`.
public struct TableFolder {
    public let directory: URL
    public let display: String

    public init(_ directory: URL, display: String? = nil) {
        self.directory = directory
        self.display = display ?? directory.path
    }

    /// What messages call `file` in this folder.
    public func name(_ file: String) -> String { (display as NSString).appendingPathComponent(file) }

    /// The table, or nil when the file is not there.
    public func optional(_ file: String) throws -> CSVTable? {
        let url = directory.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try CSVTable.read(url, name: name(file))
    }

    /// The table; its absence is an error saying which plan needs it.
    public func required(_ file: String, for plan: String) throws -> CSVTable {
        guard let table = try optional(file) else {
            throw DataError(file: name(file), line: 0, column: 0, message: "no such file; the \(plan) plan needs it")
        }
        return table
    }
}
