/// What a solve proved.
public enum TerminationStatus: String, Sendable, Hashable, Codable {
    /// Proven optimal (within the solver's tolerances).
    case optimal
    /// A feasible solution, not proven optimal: a limit stopped the search (see ``StopReason``).
    case feasible
    /// No solution satisfies the constraints.
    case infeasible
    /// The objective can improve without limit (for a MIP: its LP relaxation can).
    case unbounded
    /// A limit stopped the search before any solution was found.
    case noSolution = "no_solution"

    public var hasSolution: Bool { self == .optimal || self == .feasible }
}

/// Why a solve stopped before proving its outcome.
public enum StopReason: String, Sendable, Hashable, Codable {
    case completed
    case timeLimit = "time_limit"
    case gapLimit = "gap_limit"
    case cancelled
    /// A work budget (nodes, neighbourhood rounds) ran out: the same on every run.
    case workLimit = "work_limit"
}

/// The outcome of a solve: data, not an exception. Infeasible and unbounded models
/// come back as a `Solution` with that status; call ``requireFeasible()`` to throw instead.
public struct Solution: Sendable {
    public let modelID: Int
    public let status: TerminationStatus
    public let stop: StopReason
    public let isMIP: Bool
    /// The objective of the solution found, constant included; nil without one.
    public let objective: Double?
    /// The best proven bound on the optimum (equal to `objective` when optimal).
    public let bound: Double?
    /// `|objective - bound| / (|objective| + ε)`; nil unless both exist.
    public let gap: Double?
    public let seconds: Double
    public let iterations: Int
    public let nodes: Int
    /// For MIP solves given a start: whether the solver took it as its first incumbent.
    public let startAccepted: Bool?
    /// One value per variable (empty without a solution).
    public let values: [Double]
    /// One activity per constraint (empty without a solution).
    public let rowActivities: [Double]
    /// Constraint duals (shadow prices), LP solves only.
    public let duals: [Double]?
    /// Reduced costs, LP solves only.
    public let reducedCosts: [Double]?
    /// The solver's captured log.
    public let log: String

    public init(
        modelID: Int, status: TerminationStatus, stop: StopReason, isMIP: Bool, objective: Double?, bound: Double?,
        gap: Double?, seconds: Double, iterations: Int, nodes: Int, startAccepted: Bool?, values: [Double],
        rowActivities: [Double], duals: [Double]?, reducedCosts: [Double]?, log: String
    ) {
        (self.modelID, self.status, self.stop, self.isMIP) = (modelID, status, stop, isMIP)
        (self.objective, self.bound, self.gap, self.seconds) = (objective, bound, gap, seconds)
        (self.iterations, self.nodes, self.startAccepted, self.values) = (iterations, nodes, startAccepted, values)
        (self.rowActivities, self.duals, self.reducedCosts, self.log) = (rowActivities, duals, reducedCosts, log)
    }

    public var hasSolution: Bool { !values.isEmpty }

    /// The value of `variable` in the solution found.
    ///
    /// - Precondition: the variable belongs to the solved model and a solution exists.
    public subscript(variable: Variable) -> Double {
        precondition(variable.modelID == modelID, "this variable belongs to another model")
        precondition(hasSolution, "the solve found no solution (status \(status.rawValue))")
        return values[variable.index]
    }

    /// The value of `expression` in the solution found.
    public func value(of expression: LinearExpression) -> Double {
        zip(expression.variables, expression.coefficients).reduce(expression.constant) { $0 + $1.1 * self[$1.0] }
    }

    /// The activity (left-hand side) of `constraint` in the solution found.
    public subscript(constraint: Constraint) -> Double {
        precondition(constraint.modelID == modelID, "this constraint belongs to another model")
        precondition(hasSolution, "the solve found no solution (status \(status.rawValue))")
        return rowActivities[constraint.index]
    }

    /// Returns self when a solution exists; otherwise throws a ``SolveFailure`` saying why.
    @discardableResult
    public func requireFeasible() throws -> Solution {
        guard hasSolution else { throw SolveFailure(status: status, stop: stop) }
        return self
    }
}

/// Thrown by ``Solution/requireFeasible()``.
public struct SolveFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let status: TerminationStatus
    public let stop: StopReason

    public init(status: TerminationStatus, stop: StopReason) {
        self.status = status
        self.stop = stop
    }

    public var description: String {
        switch status {
        case .infeasible: return "the model is infeasible: no solution satisfies all its constraints"
        case .unbounded: return "the model is unbounded: the objective can improve without limit"
        case .noSolution:
            switch stop {
            case .timeLimit: return "no solution was found within the time limit"
            case .cancelled: return "the search was cancelled before any solution was found"
            case .workLimit: return "no solution was found within the work limit"
            default: return "no solution was found"
            }
        case .optimal, .feasible: return "a solution exists"
        }
    }
}
