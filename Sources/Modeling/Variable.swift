import Synchronization

/// What values a variable may take.
public enum VariableKind: String, Sendable, Hashable, CaseIterable {
    case continuous
    case integer
    /// An integer variable with bounds 0 and 1.
    case binary
}

/// A decision variable of one ``Model``.
///
/// A variable is a lightweight handle (the model's identity and a column number);
/// the model owns its bounds, kind and name. Using it with another model is caught
/// by ``Model/validate()``.
public struct Variable: Hashable, Sendable {
    /// The identity of the model that created this variable.
    public let modelID: Int
    /// The column number, 0-based, in creation order.
    public let index: Int
}

/// Gives every model a process-unique identity, so variables cannot be mixed up.
enum ModelIdentity {
    private static let counter = Atomic<Int>(0)
    static func next() -> Int {
        counter.add(1, ordering: .relaxed).newValue
    }
}
