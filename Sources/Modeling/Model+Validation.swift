/// A validated model in the form solvers load: rows in compressed sparse form,
/// repeated entries summed, zeros dropped, the objective as a dense vector.
public struct AssembledModel: Sendable {
    public let modelID: Int
    public let name: String
    public let sense: ObjectiveSense
    public let objectiveConstant: Double
    public let objective: [Double]
    public let columnKind: [VariableKind]
    public let columnLower: [Double]
    public let columnUpper: [Double]
    public let columnName: [String]
    public let rowLower: [Double]
    public let rowUpper: [Double]
    public let rowName: [String]
    /// Row `i` holds entries `rowStart[i] ..< rowStart[i + 1]`.
    public let rowStart: [Int]
    public let entryColumn: [Int32]
    public let entryValue: [Double]

    public var variableCount: Int { columnKind.count }
    public var constraintCount: Int { rowLower.count }
    public var nonzeroCount: Int { entryValue.count }
    public var hasIntegerVariables: Bool { columnKind.contains { $0 != .continuous } }
}

extension Model {
    /// GLPK's limit on names, in bytes.
    public static let maximumNameLength = 255

    /// Checks the whole model; throws the first problem found, saying what and where.
    ///
    /// Checked: at least one variable; names at most 255 bytes, without control
    /// characters, and unique among variables and among constraints; bounds are numbers
    /// with lower <= upper; every coefficient and the objective constant are finite;
    /// every variable belongs to this model.
    ///
    /// - Complexity: O(variables + constraints + entries).
    public func validate() throws {
        if variableCount == 0 {
            throw ModelError(.emptyModel, "the model has no variables; add at least one before solving")
        }
        try validateNames()
        try validateReferences()
        for j in 0..<variableCount {
            try Self.checkBounds(columnLower[j], columnUpper[j], of: Describe.column(columnName[j], j))
        }
        for i in 0..<constraintCount {
            try Self.checkBounds(rowLower[i], rowUpper[i], of: Describe.row(rowName[i], i))
        }
        for k in 0..<entryValue.count where !entryValue[k].isFinite {
            let row = Int(entryRow[k]), column = Int(entryColumn[k])
            throw ModelError(
                .invalidCoefficient,
                "\(Describe.row(rowName[row], row)): the coefficient of \(Describe.column(columnName[column], column)) is \(Describe.number(entryValue[k])); coefficients must be finite numbers")
        }
        for (variable, coefficient) in zip(objective.variables, objective.coefficients) where !coefficient.isFinite {
            throw ModelError(
                .invalidCoefficient,
                "the objective: the coefficient of \(Describe.column(columnName[variable.index], variable.index)) is \(Describe.number(coefficient)); coefficients must be finite numbers")
        }
        if !objective.constant.isFinite {
            throw ModelError(
                .invalidCoefficient,
                "the objective: its constant is \(Describe.number(objective.constant)); it must be a finite number")
        }
    }

    /// Validates, then assembles the rows: entries grouped by row in the order added,
    /// repeated (row, variable) entries summed, exact zeros dropped.
    ///
    /// - Complexity: O(variables + constraints + entries), no sorting.
    public func assemble() throws -> AssembledModel {
        try validate()
        let m = constraintCount, n = variableCount, count = entryValue.count

        // Counting sort of the entries by row (stable, so each row keeps its order).
        var start = [Int](repeating: 0, count: m + 1)
        for row in entryRow { start[Int(row) + 1] += 1 }
        for i in 0..<m { start[i + 1] += start[i] }
        var byRowColumn = [Int32](repeating: 0, count: count)
        var byRowValue = [Double](repeating: 0, count: count)
        var fill = start
        for k in 0..<count {
            let row = Int(entryRow[k])
            byRowColumn[fill[row]] = entryColumn[k]
            byRowValue[fill[row]] = entryValue[k]
            fill[row] += 1
        }

        // Sum repeated columns within each row; `slot[j]` is where column j went last.
        var slot = [Int](repeating: -1, count: n)
        var rowStart = [Int](repeating: 0, count: m + 1)
        var columns = [Int32]()
        var values = [Double]()
        columns.reserveCapacity(count)
        values.reserveCapacity(count)
        for i in 0..<m {
            let first = columns.count
            rowStart[i] = first
            for p in start[i]..<start[i + 1] {
                let j = Int(byRowColumn[p])
                if slot[j] >= first {
                    values[slot[j]] += byRowValue[p]
                } else {
                    slot[j] = columns.count
                    columns.append(byRowColumn[p])
                    values.append(byRowValue[p])
                }
            }
            // Drop entries that are (or summed to) zero.
            var kept = first
            for p in first..<columns.count where values[p] != 0 {
                if !values[p].isFinite {
                    throw ModelError(
                        .invalidCoefficient,
                        "\(Describe.row(rowName[i], i)): the coefficients of \(Describe.column(columnName[Int(columns[p])], Int(columns[p]))) add up to \(Describe.number(values[p])); coefficients must be finite numbers")
                }
                columns[kept] = columns[p]
                values[kept] = values[p]
                kept += 1
            }
            columns.removeLast(columns.count - kept)
            values.removeLast(values.count - kept)
        }
        rowStart[m] = columns.count

        var dense = [Double](repeating: 0, count: n)
        for (variable, coefficient) in zip(objective.variables, objective.coefficients) {
            dense[variable.index] += coefficient
        }
        if let j = dense.firstIndex(where: { !$0.isFinite }) {
            throw ModelError(
                .invalidCoefficient,
                "the objective: the coefficients of \(Describe.column(columnName[j], j)) add up to \(Describe.number(dense[j])); coefficients must be finite numbers")
        }

        return AssembledModel(
            modelID: id, name: name, sense: sense, objectiveConstant: objective.constant, objective: dense,
            columnKind: columnKind, columnLower: columnLower, columnUpper: columnUpper, columnName: columnName,
            rowLower: rowLower, rowUpper: rowUpper, rowName: rowName,
            rowStart: rowStart, entryColumn: columns, entryValue: values)
    }

    // MARK: - The checks

    private static func checkBounds(_ lower: Double, _ upper: Double, of what: String) throws {
        if lower.isNaN || upper.isNaN {
            throw ModelError(.invalidBounds, "\(what): a bound is NaN; bounds must be numbers (use infinity for none)")
        }
        if lower == .infinity || upper == -.infinity {
            throw ModelError(
                .invalidBounds,
                "\(what): lower bound \(Describe.number(lower)) and upper bound \(Describe.number(upper)) leave no value possible")
        }
        if lower > upper {
            throw ModelError(
                .invalidBounds,
                "\(what): lower bound \(Describe.number(lower)) is above upper bound \(Describe.number(upper))")
        }
    }

    private func validateReferences() throws {
        if let foreign = foreignReferences.first {
            let place = foreign.row.map { Describe.row(rowName[$0], $0) } ?? "the objective"
            throw ModelError(
                .foreignVariable,
                "\(place): uses a variable (column \(foreign.variable.index + 1)) of another model; variables belong to the model that created them")
        }
        if let row = lengthMismatches.first {
            throw ModelError(
                .invalidCoefficient,
                "\(Describe.row(rowName[row], row)): was given different numbers of variables and coefficients")
        }
        let n = variableCount
        for k in 0..<entryColumn.count where Int(entryColumn[k]) >= n || entryColumn[k] < 0 {
            let row = Int(entryRow[k])
            throw ModelError(
                .foreignVariable,
                "\(Describe.row(rowName[row], row)): uses column \(Int(entryColumn[k]) + 1), which this model does not have (a variable of another model, or of a copy made before it was added)")
        }
        for variable in objective.variables where variable.index >= n || variable.index < 0 {
            throw ModelError(
                .foreignVariable,
                "the objective: uses column \(variable.index + 1), which this model does not have (a variable of another model, or of a copy made before it was added)")
        }
    }

    private func validateNames() throws {
        try Self.checkName(name, of: "the model's name")
        try Self.checkNames(columnName, noun: "variable", place: "column", places: "columns")
        try Self.checkNames(rowName, noun: "constraint", place: "row", places: "rows")
    }

    /// Each non-empty name of a column (or row) valid and used once.
    private static func checkNames(_ names: [String], noun: String, place: String, places: String) throws {
        var seen = [String: Int]()
        for (k, name) in names.enumerated() where !name.isEmpty {
            try checkName(name, of: "the name of the \(noun) in \(place) \(k + 1)")
            if let first = seen.updateValue(k, forKey: name) {
                throw ModelError(
                    .duplicateName,
                    "\(noun) name \"\(name)\" is used by \(places) \(first + 1) and \(k + 1); names must be unique")
            }
        }
    }

    /// GLPK's rule: at most 255 bytes, no control characters.
    static func checkName(_ name: String, of what: String) throws {
        let bytes = name.utf8
        if bytes.count > maximumNameLength {
            throw ModelError(
                .invalidName,
                "\(what) is \(bytes.count) bytes long (\"\(name.prefix(20))...\"); names may have at most \(maximumNameLength)")
        }
        if let bad = bytes.firstIndex(where: { $0 < 0x20 || $0 == 0x7F }) {
            let offset = bytes.distance(from: bytes.startIndex, to: bad)
            throw ModelError(
                .invalidName,
                "\(what) has a control character (byte \(bytes[bad])) at position \(offset + 1); names may not contain tabs, line breaks or other control characters")
        }
    }
}
