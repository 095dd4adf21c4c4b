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

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        switch (line, column) {
        case (0, _): return "\(file): \(message)"
        case (_, 0): return "\(file):\(line): \(message)"
        default: return "\(file):\(line):\(column): \(message)"
        }
    }
}
