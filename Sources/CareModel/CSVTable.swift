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
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError(file: name, line: 0, column: 0, message: "is not UTF-8 text; save it as CSV UTF-8")
        }
        return try parse(text, file: name)
    }

    /// Parses CSV text.
    ///
    /// - Complexity: O(characters).
    public static func parse(_ text: String, file: String) throws -> CSVTable {
        var records: [Row] = []
        var fields: [Field] = []
        var value = String.UnicodeScalarView()
        var line = 1, column = 1
        var fieldLine = 1, fieldColumn = 1, recordLine = 1
        var inQuotes = false, quotedLine = 0, quotedColumn = 0, fieldWasQuoted = false
        var atFieldStart = true

        func endField() {
            fields.append(Field(value: String(value), line: fieldLine, column: fieldColumn))
            value = String.UnicodeScalarView()
            fieldWasQuoted = false
            atFieldStart = true
        }
        func endRecord() {
            let blank = fields.count == 1 && fields[0].value.isEmpty && !fieldWasQuoted
            if !blank { records.append(Row(line: recordLine, fields: fields)) }
            fields = []
        }

        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var k = 0
        while k < scalars.count {
            let c = scalars[k]
            if atFieldStart {
                fieldLine = line
                fieldColumn = column
                if fields.isEmpty { recordLine = line }
                atFieldStart = false
            }
            if inQuotes {
                if c == "\"" {
                    if k + 1 < scalars.count, scalars[k + 1] == "\"" {
                        value.append("\"")
                        k += 2
                        column += 2
                        continue
                    }
                    inQuotes = false
                } else if c == "\n" {
                    value.append(c)
                    line += 1
                    column = 0
                } else if c != "\r" || (k + 1 < scalars.count && scalars[k + 1] != "\n") {
                    value.append(c)
                }
            } else {
                switch c {
                case "\"" where value.isEmpty && !fieldWasQuoted:
                    inQuotes = true
                    fieldWasQuoted = true
                    quotedLine = line
                    quotedColumn = column
                case "\"":
                    throw DataError(file: file, line: line, column: column,
                                    message: "a quote inside a field that does not start with one; put the whole field in quotes and double the quote (\"\")")
                case ",":
                    endField()
                case "\n":
                    endField()
                    endRecord()
                    line += 1
                    column = 0
                case "\r" where k + 1 < scalars.count && scalars[k + 1] == "\n":
                    break
                default:
                    if fieldWasQuoted {
                        throw DataError(file: file, line: line, column: column,
                                        message: "text after a closing quote; expected a comma or the end of the line")
                    }
                    value.append(c)
                }
            }
            k += 1
            column += 1
        }
        if inQuotes {
            throw DataError(file: file, line: quotedLine, column: quotedColumn, message: "a quoted field is never closed")
        }
        if !atFieldStart || !fields.isEmpty {
            endField()
            endRecord()
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
