/// A linear constraint before it is added to a model: `lower <= expression <= upper`.
///
/// Made by the comparison operators (`x + y <= 10`, `2 * x >= y`, `x + y == 1`) or
/// directly for a ranged row. An infinite side is absent. Bounds are checked by
/// ``Model/validate()``, never trapped on, so bad data yields a message.
public struct LinearConstraint: Sendable {
    public var expression: LinearExpression
    public var lower: Double
    public var upper: Double

    public init(_ expression: LinearExpression, lower: Double = -.infinity, upper: Double = .infinity) {
        self.expression = expression
        self.lower = lower
        self.upper = upper
    }
}

/// A constraint of one model: a handle to its row.
public struct Constraint: Hashable, Sendable {
    public let modelID: Int
    /// The row number, 0-based, in creation order.
    public let index: Int
}

extension LinearExpression {
    public static func <= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
        LinearConstraint(lhs, upper: rhs)
    }
    public static func >= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
        LinearConstraint(lhs, lower: rhs)
    }
    public static func == (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
        LinearConstraint(lhs, lower: rhs, upper: rhs)
    }
    public static func <= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
        LinearConstraint(lhs - rhs, upper: 0)
    }
    public static func >= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
        LinearConstraint(lhs - rhs, lower: 0)
    }
    public static func == (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
        LinearConstraint(lhs - rhs, lower: 0, upper: 0)
    }
}

extension Variable {
    public static func <= (lhs: Variable, rhs: Double) -> LinearConstraint {
        LinearExpression(lhs) <= rhs
    }
    public static func >= (lhs: Variable, rhs: Double) -> LinearConstraint {
        LinearExpression(lhs) >= rhs
    }
    public static func <= (lhs: Variable, rhs: Variable) -> LinearConstraint {
        LinearExpression(lhs) <= LinearExpression(rhs)
    }
    public static func >= (lhs: Variable, rhs: Variable) -> LinearConstraint {
        LinearExpression(lhs) >= LinearExpression(rhs)
    }
}
