extension AssembledModel {
    /// The first way `point` (one value per variable) breaks the model, or nil when it
    /// satisfies every bound, integrality and constraint within `tolerance`
    /// (absolute, scaled by the size of the bound).
    ///
    /// - Complexity: O(variables + entries).
    public func violation(of point: [Double], tolerance: Double = 1e-6) -> String? {
        guard point.count == variableCount else {
            return "it has \(point.count) values for \(variableCount) variables"
        }
        func slack(_ bound: Double) -> Double { tolerance * max(1, abs(bound)) }
        for j in 0..<variableCount {
            let x = point[j], what = Describe.column(columnName[j], j)
            if !x.isFinite { return "\(what) has value \(Describe.number(x))" }
            if x < columnLower[j] - slack(columnLower[j]) {
                return "\(what) has value \(Describe.number(x)), below its lower bound \(Describe.number(columnLower[j]))"
            }
            if x > columnUpper[j] + slack(columnUpper[j]) {
                return "\(what) has value \(Describe.number(x)), above its upper bound \(Describe.number(columnUpper[j]))"
            }
            if columnKind[j] != .continuous, x != x.rounded() {
                return "\(what) is integer but has value \(Describe.number(x))"
            }
        }
        for i in 0..<constraintCount {
            var activity = 0.0
            for p in rowStart[i]..<rowStart[i + 1] { activity += entryValue[p] * point[Int(entryColumn[p])] }
            let what = Describe.row(rowName[i], i)
            if activity < rowLower[i] - slack(rowLower[i]) {
                return "\(what) has activity \(Describe.number(activity)), below its lower bound \(Describe.number(rowLower[i]))"
            }
            if activity > rowUpper[i] + slack(rowUpper[i]) {
                return "\(what) has activity \(Describe.number(activity)), above its upper bound \(Describe.number(rowUpper[i]))"
            }
        }
        return nil
    }

    /// A dense starting point from a sparse start (missing variables take 0), checked.
    /// Integer values within 1e-9 of an integer are made exactly integral.
    public func checkedStart(_ start: [Variable: Double]) throws -> [Double] {
        var point = [Double](repeating: 0, count: variableCount)
        for (variable, value) in start {
            guard variable.modelID == modelID, variable.index >= 0, variable.index < variableCount else {
                throw ModelError(.foreignVariable, "the starting solution gives a value to a variable of another model")
            }
            var x = value
            if columnKind[variable.index] != .continuous, abs(x - x.rounded()) <= 1e-9 { x = x.rounded() }
            point[variable.index] = x
        }
        if let violation = violation(of: point) {
            throw ModelError(.infeasibleStart, "the starting solution is infeasible: \(violation)")
        }
        return point
    }
}
