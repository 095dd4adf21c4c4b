import Foundation

/// A CSV file read whole, each field keeping its line and column for messages.
///
/// UTF-8 with or without a byte-order mark; fields separated by commas; quoted fields
/// (RFC 4180) may hold commas, doubled quotes and line breaks; CRLF or LF line ends;
/// blank lines are skipped. The first row is the header.
public struct CSVTable: Sendable {
    public struct Field: Sendable {
        public let value: String
        public let line: Int
        public let column: Int
    }

    public struct Row: Sendable {
        public let line: Int
        public let fields: [Field]
    }

    /// The name used in messages (the path as the user gave it).
    public let file: String
    public let header: [Field]
    public let rows: [Row]

    public init(file: String, header: [Field], rows: [Row]) {
        self.file = file
        self.header = header
        self.rows = rows
    }

    /// Reads and parses a file; a missing or unreadable file is a ``DataError``.
    public static func read(_ url: URL, name: String? = nil) throws -> CSVTable {
        let name = name ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DataError(file: name, line: 0, column: 0, message: exists ? "cannot read the file" : "no such file")
        }
        return try parse(data: data, file: name)
    }

    /// Parses the bytes of a file: UTF-8 text (a UTF-16 file, with or without its byte-order
    /// mark, or any file with NUL bytes, is a ``DataError`` saying to save it as CSV UTF-8).
    public static func parse(data: Data, file: String) throws -> CSVTable {
        try parse(TextFile.decode(data, file: file, saveAs: "CSV UTF-8"), file: file)
    }

    /// Parses CSV text.
    ///
    /// Works on the UTF-8 bytes (every structural character is ASCII); columns count
    /// characters (Unicode scalars), not bytes.
    ///
    /// - Complexity: O(bytes).
    public static func parse(_ text: String, file: String) throws -> CSVTable {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, file: file) }
    }

    static func parse(bytes all: UnsafeBufferPointer<UInt8>, file: String) throws -> CSVTable {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, newline: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var k = all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF ? 3 : 0
        let n = all.count
        var records: [Row] = []
        var fields: [Field] = []
        var line = 1, column = 1

        func isLead(_ b: UInt8) -> Bool { b & 0xC0 != 0x80 }
        while k < n {
            // One field, starting at (line, column).
            let fieldLine = line, fieldColumn = column
            var value: String
            let quoted = all[k] == quote
            if quoted {
                let openLine = line, openColumn = column
                k += 1; column += 1
                var bytes = [UInt8]()
                var closed = false
                while k < n {
                    let b = all[k]
                    if b == quote {
                        if k + 1 < n && all[k + 1] == quote { bytes.append(quote); k += 2; column += 2; continue }
                        k += 1; column += 1
                        closed = true
                        break
                    }
                    if b == newline { line += 1; column = 1; bytes.append(b); k += 1; continue }
                    if b == cr && k + 1 < n && all[k + 1] == newline { k += 1; continue }
                    bytes.append(b)
                    if isLead(b) { column += 1 }
                    k += 1
                }
                if !closed {
                    throw DataError(file: file, line: openLine, column: openColumn, message: "a quoted field is never closed")
                }
                if k < n && all[k] != comma && all[k] != newline && !(all[k] == cr && k + 1 < n && all[k + 1] == newline) {
                    throw DataError(file: file, line: line, column: column,
                                    message: "text after a closing quote; expected a comma or the end of the line")
                }
                value = String(decoding: bytes, as: UTF8.self)
            } else {
                let start = k
                while k < n {
                    let b = all[k]
                    if b == comma || b == newline || (b == cr && k + 1 < n && all[k + 1] == newline) { break }
                    if b == quote {
                        throw DataError(file: file, line: line, column: column,
                                        message: "a quote inside a field that does not start with one; put the whole field in quotes and double the quote (\"\")")
                    }
                    if isLead(b) { column += 1 }
                    k += 1
                }
                value = String(decoding: UnsafeBufferPointer(rebasing: all[start..<k]), as: UTF8.self)
            }
            fields.append(Field(value: value, line: fieldLine, column: fieldColumn))
            let onlyFieldQuoted = fields.count == 1 && quoted
            // What ends the field: a comma (another field follows), or the end of the record.
            if k < n && all[k] == comma {
                k += 1; column += 1
                if k == n || all[k] == newline || all[k] == cr {
                    fields.append(Field(value: "", line: line, column: column))
                }
                if k < n && all[k] != newline && all[k] != cr { continue }
            }
            if k < n && all[k] == cr { k += 1 }
            if k < n && all[k] == newline { k += 1 }
            let blank = fields.count == 1 && fields[0].value.isEmpty && !onlyFieldQuoted
            if !blank { records.append(Row(line: fields[0].line, fields: fields)) }
            fields = []
            line += 1
            column = 1
            // Blank lines.
            while k < n && (all[k] == newline || (all[k] == cr && k + 1 < n && all[k + 1] == newline)) {
                k += all[k] == cr ? 2 : 1
                line += 1
            }
        }
        guard let header = records.first else {
            throw DataError(file: file, line: 0, column: 0, message: "is empty; expected a header row")
        }
        for row in records.dropFirst() where row.fields.count != header.fields.count {
            let found = row.fields.count
            throw DataError(file: file, line: row.line, column: 0,
                            message: "has \(found) field\(found == 1 ? "" : "s"), but the header has \(header.fields.count)")
        }
        return CSVTable(file: file, header: header.fields, rows: Array(records.dropFirst()))
    }
}

/// Text files as people's programs save them.
public enum TextFile {
    /// `data` as UTF-8 text, or a ``DataError`` for `file` that says what the bytes look like.
    ///
    /// NUL bytes are valid UTF-8 but never part of a text table: a file with them is most often
    /// UTF-16 saved without a byte-order mark (spreadsheets' "Unicode text"), where every other
    /// byte of ASCII text is 0. So are UTF-16 byte-order marks (FF FE, FE FF).
    public static func decode(_ data: Data, file: String, saveAs: String) throws -> String {
        func fail(_ why: String) -> DataError {
            DataError(file: file, line: 0, column: 0, message: "is not UTF-8 text (\(why)); save it as \(saveAs)")
        }
        let bytes = [UInt8](data)
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            let order = bytes[0] == 0xFF ? "little-endian" : "big-endian"
            throw fail("it looks like UTF-16, \(order): it starts with a UTF-16 byte-order mark")
        }
        if let first = bytes.firstIndex(of: 0) {
            // UTF-16 without a byte-order mark: ASCII characters have their zero byte all on
            // the same side (odd offsets for little-endian, even for big-endian).
            var even = 0, odd = 0
            for (k, b) in bytes.enumerated() where b == 0 { if k % 2 == 0 { even += 1 } else { odd += 1 } }
            let half = bytes.count / 2
            if half > 0 && max(even, odd) * 2 >= half && min(even, odd) * 8 <= max(even, odd) {
                throw fail("it looks like UTF-16, \(odd > even ? "little-endian" : "big-endian"), without a byte-order mark: every other byte is 0")
            }
            throw fail("it has a NUL byte at byte \(first + 1); a text table never has one")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError(file: file, line: 0, column: 0, message: "is not UTF-8 text; save it as \(saveAs)")
        }
        return text
    }
}
