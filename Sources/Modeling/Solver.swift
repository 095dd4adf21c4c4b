/// Something that solves linear and mixed-integer models.
///
/// Implementations validate the model and options (``Model/assemble()``,
/// ``SolveOptions/validate()``) before their library sees anything, and return the
/// outcome as data. They throw only for bad input (``ModelError``) or a failure of
/// the library itself.
public protocol Solver: Sendable {
    func solve(_ model: Model, options: SolveOptions) throws -> Solution
}

extension Solver {
    public func solve(_ model: Model) throws -> Solution {
        try solve(model, options: SolveOptions())
    }
}

/// Something that solves min-cost flow problems on a ``FlowNetwork``.
public protocol FlowSolver: Sendable {
    func solve(_ network: FlowNetwork) throws -> FlowSolution
}
