/// Why a model, an option or a starting solution cannot be handed to a solver.
///
/// Each error says what is wrong and where, in words a planner can act on; `kind`
/// lets code react without parsing the message.
public struct ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case emptyModel
        case invalidCoefficient
        case invalidBounds
        case foreignVariable
        case invalidName
        case duplicateName
        case invalidOption
        case infeasibleStart
        case invalidNetwork
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Names a variable or row the way messages do: `variable "x[3]" (column 4)`.
enum Describe {
    static func column(_ name: String, _ index: Int) -> String {
        name.isEmpty ? "variable in column \(index + 1)" : "variable \"\(name)\" (column \(index + 1))"
    }

    static func row(_ name: String, _ index: Int) -> String {
        name.isEmpty ? "constraint in row \(index + 1)" : "constraint \"\(name)\" (row \(index + 1))"
    }

    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-infinity" : "infinity" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
