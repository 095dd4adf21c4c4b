import Foundation

/// A CSV table read against the columns a loader expects.
///
/// Missing required columns are an error naming them; extra columns are kept out and
/// reported in ``warnings``. Header names match without regard to case or surrounding spaces.
public struct Table: Sendable {
    public let csv: CSVTable
    /// Each header name (trimmed, lowercased) with its position. A list, not a dictionary: a
    /// table has a few columns and every field read looks one up, so comparing the short names
    /// costs less than hashing them.
    private let index: [(name: String, position: Int)]
    /// Columns the loader does not know (ignored).
    public let warnings: [String]

    public init(_ csv: CSVTable, required: [String], optional: [String] = []) throws {
        self.csv = csv
        var index = [String: Int]()
        for (k, field) in csv.header.enumerated() {
            let name = field.value.trimmingCharacters(in: .whitespaces).lowercased()
            if let first = index[name] {
                throw DataError(file: csv.file, line: field.line, column: field.column,
                                message: "column '\(name)' appears twice (also column \(first + 1) of the header)")
            }
            index[name] = k
        }
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty {
            let has = csv.header.map(\.value).joined(separator: ", ")
            throw DataError(file: csv.file, line: csv.header.first?.line ?? 1, column: 0,
                            message: "missing column\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")); the header has: \(has)")
        }
        let known = Set(required + optional)
        warnings = csv.header.map(\.value).filter { !known.contains($0.trimmingCharacters(in: .whitespaces).lowercased()) }
            .map { "\(csv.file): column '\($0)' is not used and was ignored" }
        self.index = index.map { (name: $0.key, position: $0.value) }.sorted { $0.position < $1.position }
    }

    public var file: String { csv.file }

    /// Last term's pairs (`history.csv`, `buddy_history.csv`; none without the file): each
    /// student once, with the partner of `partnerColumn` (last term's `partnerWord`). People come
    /// and go, so a row naming someone not taking part (`taking(student, partner)` false) is
    /// skipped, and the skipped rows are counted in one warning: "N row(s) name `whoIsGone` and
    /// were skipped".
    public static func lastTerm(_ csv: CSVTable?, partnerColumn: String, partnerWord: String, whoIsGone: String,
                                warnings: inout [String], taking: (String, String) -> Bool) throws -> [String: String] {
        guard let csv else { return [:] }
        let table = try Table(csv, required: ["student_id", partnerColumn])
        warnings += table.warnings
        var pairs = [String: String](), lines = [String: Int](), skipped = 0
        for row in table.rows {
            let student = try row.uniqueIdentifier("student_id", lines: &lines, clash: "already has last term's \(partnerWord)")
            let partner = try row.identifier(partnerColumn)
            if taking(student, partner) { pairs[student] = partner } else { skipped += 1 }
        }
        if skipped > 0 { warnings.append("\(csv.file): \(skipped) row(s) name \(whoIsGone) and were skipped") }
        return pairs
    }
    public var rows: [TableRow] { csv.rows.map { TableRow(table: self, row: $0) } }
    public func has(_ column: String) -> Bool { position(of: column) != nil }
    func position(of column: String) -> Int? { index.first { $0.name == column }?.position }
}

/// One data row, with typed accessors that throw ``DataError`` at the field.
public struct TableRow: Sendable {
    let table: Table
    public let row: CSVTable.Row

    public var line: Int { row.line }

    /// The field of `column`, trimmed; an absent optional column reads as empty.
    public func field(_ column: String) -> CSVTable.Field {
        guard let k = table.position(of: column) else {
            return CSVTable.Field(value: "", line: row.line, column: 0)
        }
        let f = row.fields[k]
        // Bytes, not characters: a field's ends are looked at on every read.
        let ends = (f.value.utf8.first, f.value.utf8.last)
        guard ends.0 == 0x20 || ends.1 == 0x20 || ends.0 == 0x09 || ends.1 == 0x09 else { return f }
        return CSVTable.Field(value: f.value.trimmingCharacters(in: .whitespaces), line: f.line, column: f.column)
    }

    public func error(_ column: String, _ message: String) -> DataError {
        let f = field(column)
        return DataError(file: table.file, line: f.line, column: f.column, message: message)
    }

    /// A non-empty identifier (at most 64 characters, no control characters).
    public func identifier(_ column: String) throws -> String {
        let value = field(column).value
        if value.isEmpty { throw error(column, "\(column) is empty; expected an identifier") }
        if value.utf8.count > 64 && value.count > 64 { throw error(column, "\(column) is \(value.count) characters long; identifiers have at most 64") }
        if value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F })
            || (value.utf8.contains { $0 >= 0x80 } && value.unicodeScalars.contains { $0.properties.generalCategory == .control }) {
            throw error(column, "\(column) contains a control character; expected an identifier")
        }
        return value
    }

    /// An identifier no earlier row used: `lines` keeps the line of each one read, and a second
    /// use is an error "`column` 'id' `clash` on line N" (the first one's line).
    public func uniqueIdentifier(_ column: String, lines: inout [String: Int], clash: String = "is already used") throws -> String {
        let id = try identifier(column)
        if let first = lines[id] { throw error(column, "\(column) '\(id)' \(clash) on line \(first)") }
        lines[id] = line
        return id
    }

    /// One of an enumeration's values, written as its raw value in any case.
    public func choice<T: RawRepresentable & CaseIterable>(_ column: String, of type: T.Type) throws -> T where T.RawValue == String {
        let text = field(column).value
        if let value = T(rawValue: text.lowercased()) { return value }
        let words = T.allCases.map(\.rawValue)
        let alternatives = words.count < 2 ? words.joined() : words.dropLast().joined(separator: ", ") + " or " + words.last!
        throw error(column, "\(column) must be \(alternatives), found \"\(text)\"")
    }

    public func optionalText(_ column: String) -> String? {
        let value = field(column).value
        return value.isEmpty ? nil : value
    }

    public func int(_ column: String, in range: ClosedRange<Int>, what: String? = nil) throws -> Int {
        try optionalInt(column, in: range, what: what) ?? {
            throw error(column, "\(column) is empty; expected \(what ?? "a whole number from \(range.lowerBound) to \(range.upperBound)")")
        }()
    }

    public func optionalInt(_ column: String, in range: ClosedRange<Int>, what: String? = nil) throws -> Int? {
        let value = field(column).value
        if value.isEmpty { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw error(column, "\(column) must be \(what ?? "a whole number from \(range.lowerBound) to \(range.upperBound)"), found \"\(value)\"")
        }
        return number
    }

    public func optionalNumber(_ column: String, in range: ClosedRange<Double>, what: String) throws -> Double? {
        let value = field(column).value
        if value.isEmpty { return nil }
        guard let number = Double(value), number.isFinite, range.contains(number) else {
            throw error(column, "\(column) must be \(what), found \"\(value)\"")
        }
        return number
    }

    /// A date in any form ``CalendarDate/init(table:)`` reads; else an error saying what it may mean.
    public func date(_ column: String) throws -> CalendarDate {
        let text = field(column).value
        guard let date = CalendarDate(table: text) else { throw error(column, "\(column) \(CalendarDate.tableDateProblem(text))") }
        return date
    }

    /// true/false, yes/no, 1/0, y/n (any case); empty gives `defaultValue` when there is one.
    public func bool(_ column: String, default defaultValue: Bool? = nil) throws -> Bool {
        let value = field(column).value.lowercased()
        switch value {
        case "true", "yes", "y", "1": return true
        case "false", "no", "n", "0": return false
        case "" where defaultValue != nil: return defaultValue!
        default: throw error(column, "\(column) must be true or false, found \"\(field(column).value)\"")
        }
    }

    /// A `;`-separated list, items trimmed, empty items dropped.
    public func list(_ column: String) -> [String] {
        field(column).value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
