import Foundation

/// Builds CSV text: fields quoted only when they need it (comma, quote, line break,
/// or spaces at either end); LF line ends; no byte-order mark.
public struct CSVWriter: Sendable {
    public private(set) var text = ""

    public init(header: [String]) {
        append(header)
    }

    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.quote).joined(separator: ",")
        text += "\n"
    }

    static func quote(_ field: String) -> String {
        let needs = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || field.first == " " || field.last == " "
        guard needs else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as planners read it: integers without a decimal point, others with up to 4 decimals.
    public static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        var s = String(format: "%.4f", value)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
