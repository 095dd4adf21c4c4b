/// A sum of variables times coefficients, plus a constant.
///
/// Terms are kept in the order they were added; repeated variables are summed when
/// the model is assembled, so `x + x` is `2x`.
///
///     let cost = 3 * x + 2 * y - 5
///     model.addConstraint(x + y <= 10, name: "capacity")
///
/// - Complexity: adding a term is amortised O(1).
public struct LinearExpression: Sendable {
    public var variables: [Variable]
    public var coefficients: [Double]
    public var constant: Double

    public init(constant: Double = 0) {
        variables = []
        coefficients = []
        self.constant = constant
    }

    public init(_ variable: Variable, coefficient: Double = 1) {
        variables = [variable]
        coefficients = [coefficient]
        constant = 0
    }

    /// The sum of the given variables, each with coefficient 1.
    public init<S: Sequence>(sum variables: S) where S.Element == Variable {
        self.variables = Array(variables)
        coefficients = Array(repeating: 1, count: self.variables.count)
        constant = 0
    }

    /// The sum of `coefficient * variable` over the given terms.
    public init<S: Sequence>(terms: S) where S.Element == (Variable, Double) {
        self.init()
        for (variable, coefficient) in terms { add(variable, coefficient) }
    }

    public var termCount: Int { variables.count }

    public mutating func add(_ variable: Variable, _ coefficient: Double = 1) {
        variables.append(variable)
        coefficients.append(coefficient)
    }

    public mutating func add(_ other: LinearExpression, times factor: Double = 1) {
        variables.append(contentsOf: other.variables)
        if factor == 1 {
            coefficients.append(contentsOf: other.coefficients)
        } else {
            coefficients.append(contentsOf: other.coefficients.lazy.map { $0 * factor })
        }
        constant += other.constant * factor
    }

    func scaled(by factor: Double) -> LinearExpression {
        var result = LinearExpression(constant: constant * factor)
        result.variables = variables
        result.coefficients = coefficients.map { $0 * factor }
        return result
    }
}

// MARK: - Arithmetic

extension Variable {
    public static func * (coefficient: Double, variable: Variable) -> LinearExpression {
        LinearExpression(variable, coefficient: coefficient)
    }
    public static func * (variable: Variable, coefficient: Double) -> LinearExpression {
        LinearExpression(variable, coefficient: coefficient)
    }
    public static prefix func - (variable: Variable) -> LinearExpression {
        LinearExpression(variable, coefficient: -1)
    }
    public static func + (lhs: Variable, rhs: Variable) -> LinearExpression {
        LinearExpression(lhs) + LinearExpression(rhs)
    }
    public static func - (lhs: Variable, rhs: Variable) -> LinearExpression {
        LinearExpression(lhs) - LinearExpression(rhs)
    }
    public static func + (lhs: Variable, rhs: Double) -> LinearExpression {
        LinearExpression(lhs) + rhs
    }
    public static func - (lhs: Variable, rhs: Double) -> LinearExpression {
        LinearExpression(lhs) - rhs
    }
}

extension LinearExpression {
    /// A copy of `expression` changed by `change` (the operators below, one line each).
    @inline(__always)
    private static func changed(_ expression: LinearExpression, _ change: (inout LinearExpression) -> Void) -> LinearExpression {
        var result = expression
        change(&result)
        return result
    }
    public static func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
        changed(lhs) { $0.add(rhs) }
    }
    public static func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
        changed(lhs) { $0.add(rhs, times: -1) }
    }
    public static prefix func - (expression: LinearExpression) -> LinearExpression {
        expression.scaled(by: -1)
    }
    public static func * (factor: Double, expression: LinearExpression) -> LinearExpression {
        expression.scaled(by: factor)
    }
    public static func * (expression: LinearExpression, factor: Double) -> LinearExpression {
        expression.scaled(by: factor)
    }
    public static func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
        changed(lhs) { $0.add(rhs) }
    }
    public static func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
        changed(lhs) { $0.add(rhs, -1) }
    }
    public static func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
        LinearExpression(lhs) + rhs
    }
    public static func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
        LinearExpression(lhs) - rhs
    }
    public static func + (lhs: LinearExpression, rhs: Double) -> LinearExpression {
        changed(lhs) { $0.constant += rhs }
    }
    public static func - (lhs: LinearExpression, rhs: Double) -> LinearExpression {
        lhs + (-rhs)
    }
    public static func + (lhs: Double, rhs: LinearExpression) -> LinearExpression {
        rhs + lhs
    }
    public static func += (lhs: inout LinearExpression, rhs: LinearExpression) {
        lhs.add(rhs)
    }
    public static func += (lhs: inout LinearExpression, rhs: Variable) {
        lhs.add(rhs)
    }
    public static func -= (lhs: inout LinearExpression, rhs: LinearExpression) {
        lhs.add(rhs, times: -1)
    }
}
