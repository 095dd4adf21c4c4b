/// Whether the objective is minimised or maximised.
public enum ObjectiveSense: String, Sendable, Hashable {
    case minimize
    case maximize
}

/// A linear or mixed-integer program under construction.
///
/// The pipeline is: add variables, add constraints, set the objective, then hand the
/// model to a ``Solver``. Nothing is checked while building (so building stays cheap
/// and never traps); ``validate()`` checks everything at once, and every solver calls
/// it before the model reaches the solver library.
///
///     var model = Model(name: "diet")
///     let x = model.addVariable("x", lower: 0, upper: 4)
///     let y = model.addVariable("y", kind: .integer)
///     model.addConstraint(x + 2 * y <= 14, name: "budget")
///     model.maximize(3 * x + 4 * y)
///
/// Entries are stored in coordinate form and assembled into rows in one pass
/// (``assemble()``), so a model with a million non-zeros is built in well under a second.
public struct Model: Sendable {
    /// The identity shared by this model's variables and constraints.
    public let id: Int
    public var name: String

    // Columns, structure of arrays.
    public private(set) var columnLower: [Double] = []
    public private(set) var columnUpper: [Double] = []
    public private(set) var columnKind: [VariableKind] = []
    public private(set) var columnName: [String] = []

    // Rows.
    public private(set) var rowLower: [Double] = []
    public private(set) var rowUpper: [Double] = []
    public private(set) var rowName: [String] = []

    // Matrix entries in the order they were added (coordinate form).
    private(set) var entryRow: [Int32] = []
    private(set) var entryColumn: [Int32] = []
    private(set) var entryValue: [Double] = []

    public private(set) var sense: ObjectiveSense = .minimize
    public private(set) var objective = LinearExpression()

    /// The first references to variables of another model, found while building.
    private(set) var foreignReferences: [ForeignReference] = []

    struct ForeignReference: Sendable {
        /// The row that used the variable, or nil for the objective.
        let row: Int?
        let variable: Variable
    }

    public init(name: String = "") {
        id = ModelIdentity.next()
        self.name = name
    }

    public var variableCount: Int { columnKind.count }
    public var constraintCount: Int { rowLower.count }
    /// Matrix entries as added (before repeated entries are summed).
    public var entryCount: Int { entryValue.count }
    public var hasIntegerVariables: Bool { columnKind.contains { $0 != .continuous } }

    // MARK: Variables

    /// Adds one variable. Binary variables always have bounds 0 and 1.
    @discardableResult
    public mutating func addVariable(
        _ name: String = "", lower: Double = 0, upper: Double = .infinity, kind: VariableKind = .continuous
    ) -> Variable {
        columnLower.append(kind == .binary ? 0 : lower)
        columnUpper.append(kind == .binary ? 1 : upper)
        columnKind.append(kind)
        columnName.append(name)
        return Variable(modelID: id, index: columnKind.count - 1)
    }

    /// Adds a binary variable.
    @discardableResult
    public mutating func addBinary(_ name: String = "") -> Variable {
        addVariable(name, kind: .binary)
    }

    /// Adds `count` variables at once; `name` gives each one its name (or none).
    public mutating func addVariables(
        count: Int, lower: Double = 0, upper: Double = .infinity, kind: VariableKind = .continuous,
        name: ((Int) -> String)? = nil
    ) -> [Variable] {
        let first = variableCount
        let n = max(count, 0)
        columnLower.append(contentsOf: repeatElement(kind == .binary ? 0 : lower, count: n))
        columnUpper.append(contentsOf: repeatElement(kind == .binary ? 1 : upper, count: n))
        columnKind.append(contentsOf: repeatElement(kind, count: n))
        if let name {
            columnName.append(contentsOf: (0..<n).map(name))
        } else {
            columnName.append(contentsOf: repeatElement("", count: n))
        }
        return (first..<first + n).map { Variable(modelID: id, index: $0) }
    }

    /// Changes a variable's bounds (binaries keep 0 and 1 unless these are tighter).
    public mutating func setBounds(_ variable: Variable, lower: Double, upper: Double) {
        guard owns(variable) else {
            recordForeign(row: nil, variable)
            return
        }
        columnLower[variable.index] = lower
        columnUpper[variable.index] = upper
    }

    public func name(of variable: Variable) -> String {
        owns(variable) ? columnName[variable.index] : ""
    }

    public func kind(of variable: Variable) -> VariableKind? {
        owns(variable) ? columnKind[variable.index] : nil
    }

    /// The variable at a column number.
    public func variable(at index: Int) -> Variable {
        Variable(modelID: id, index: index)
    }

    // MARK: Constraints

    /// Adds `constraint` as one row. A constant in its expression moves to the bounds.
    @discardableResult
    public mutating func addConstraint(_ constraint: LinearConstraint, name: String = "") -> Constraint {
        let expression = constraint.expression
        return addConstraint(
            variables: expression.variables, coefficients: expression.coefficients,
            lower: constraint.lower - expression.constant, upper: constraint.upper - expression.constant,
            name: name)
    }

    /// Adds a row from parallel arrays: `lower <= sum(coefficients[k] * variables[k]) <= upper`.
    /// The fastest way to build large models.
    @discardableResult
    public mutating func addConstraint(
        variables: [Variable], coefficients: [Double], lower: Double = -.infinity, upper: Double = .infinity,
        name: String = ""
    ) -> Constraint {
        let row = rowLower.count
        rowLower.append(lower)
        rowUpper.append(upper)
        rowName.append(name)
        let count = min(variables.count, coefficients.count)
        entryRow.append(contentsOf: repeatElement(Int32(truncatingIfNeeded: row), count: count))
        entryValue.append(contentsOf: coefficients.prefix(count))
        for variable in variables.prefix(count) {
            if variable.modelID != id { recordForeign(row: row, variable) }
            entryColumn.append(Int32(truncatingIfNeeded: variable.index))
        }
        if variables.count != coefficients.count { lengthMismatches.append(row) }
        return Constraint(modelID: id, index: row)
    }

    /// Rows whose variable and coefficient arrays had different lengths.
    private(set) var lengthMismatches: [Int] = []

    public func name(of constraint: Constraint) -> String {
        constraint.modelID == id && constraint.index < rowName.count ? rowName[constraint.index] : ""
    }

    // MARK: Objective

    public mutating func minimize(_ expression: LinearExpression) {
        setObjective(expression, sense: .minimize)
    }

    public mutating func maximize(_ expression: LinearExpression) {
        setObjective(expression, sense: .maximize)
    }

    public mutating func setObjective(_ expression: LinearExpression, sense: ObjectiveSense) {
        self.sense = sense
        objective = expression
        for variable in expression.variables where variable.modelID != id {
            recordForeign(row: nil, variable)
        }
    }

    // MARK: Helpers

    func owns(_ variable: Variable) -> Bool {
        variable.modelID == id && variable.index >= 0 && variable.index < variableCount
    }

    private mutating func recordForeign(row: Int?, _ variable: Variable) {
        if foreignReferences.count < 8 {
            foreignReferences.append(ForeignReference(row: row, variable: variable))
        }
    }
}

extension Model {
    /// The LP relaxation: the same model (the same variables and constraints, so the same
    /// handles) with every integer and binary variable made continuous within its bounds.
    public func relaxed() -> Model {
        var copy = self
        copy.columnKind = Array(repeating: .continuous, count: variableCount)
        return copy
    }

    /// Fixes a variable at a value (both bounds).
    public mutating func fix(_ variable: Variable, at value: Double) {
        setBounds(variable, lower: value, upper: value)
    }
}
