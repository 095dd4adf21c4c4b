/// A problem in an input file, said where it is and what was expected.
///
///     students.csv:14:23: risk_level must be a whole number from 0 to 3, found "7"
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based; 0 when the problem is the file as a whole.
    public let line: Int
    /// 1-based, in characters; 0 when the problem is a whole line or file.
    public let column: Int
    public let message: String
    /// The same message naming a rule that reveals a student's risk level or difficulty, where
    /// `message` names it neutrally; shown only when the user asks with `--sensitive`.
    public let sensitiveMessage: String?

    public init(file: String, line: Int, column: Int, message: String, sensitiveMessage: String? = nil) {
        (self.file, self.line, self.column, self.message, self.sensitiveMessage) = (file, line, column, message, sensitiveMessage)
    }

    /// The error as printed: with the sensitive wording only when `sensitive`.
    public func description(sensitive: Bool) -> String {
        guard sensitive, let sensitiveMessage else { return description }
        return DataError(file: file, line: line, column: column, message: sensitiveMessage).description
    }

    public var description: String {
        switch (line, column) {
        case (0, _): return "\(file): \(message)"
        case (_, 0): return "\(file):\(line): \(message)"
        default: return "\(file):\(line):\(column): \(message)"
        }
    }
}
