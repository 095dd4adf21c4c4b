import Synchronization

/// The families of cutting planes a MIP solver may add.
public enum CutFamily: String, Sendable, Hashable, CaseIterable {
    case mixedIntegerRounding = "mir"
    case gomory
    case cover
    case clique
}

/// How much of the solver's own log to keep.
public enum SolverLogLevel: Int, Sendable, Comparable {
    case off, errors, normal, all
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Where a MIP search stands, reported while it runs.
public struct SolveProgress: Sendable, Equatable {
    /// The best solution's objective so far, if any.
    public var incumbent: Double?
    /// The best proven bound so far.
    public var bound: Double?
    /// Relative gap between incumbent and bound, if both exist.
    public var gap: Double?
    public var elapsed: Double
    public var nodes: Int

    public init(incumbent: Double?, bound: Double?, gap: Double?, elapsed: Double, nodes: Int) {
        (self.incumbent, self.bound, self.gap, self.elapsed, self.nodes) = (incumbent, bound, gap, elapsed, nodes)
    }
}

/// A flag another thread sets to stop a running search; the best solution so far is kept.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .releasing) }
    public var isCancelled: Bool { flag.load(ordering: .acquiring) }
}

/// Which fractional variable a MIP search branches on.
public enum Branching: String, Sendable, CaseIterable {
    /// The solver's own choice (GLPK: Driebeck-Tomlin).
    case solverDefault
    case firstFractional
    case lastFractional
    /// The variable whose value is furthest from a whole number: cheap on large models, where
    /// Driebeck-Tomlin's look at the simplex table for every candidate dominates the search.
    case mostFractional
    case driebeckTomlin
    case pseudocost
}

/// How to solve: limits, solver switches, a starting solution, progress and cancellation.
public struct SolveOptions: Sendable {
    /// Wall-clock limit in seconds for the whole solve; nil for none.
    public var timeLimit: Double?
    /// A MIP search stops once its tree has this many nodes; nil for none. Unlike a time
    /// limit it gives the same answer on every run and every machine.
    public var nodeLimit: Int?
    /// Stop once the relative gap between incumbent and bound is at most this; nil for proven optimality.
    public var relativeGap: Double?
    /// Let the solver's presolver simplify the model first.
    public var presolve: Bool
    /// Cutting-plane families to switch on (all off by default, as in GLPK).
    public var cuts: Set<CutFamily>
    /// Branching rule of a MIP search.
    public var branching: Branching = .solverDefault
    /// A solution to start the search from. Variables not listed take 0. It is checked
    /// against every bound, integrality and constraint before the solver sees it; an
    /// infeasible start is an error, not a silent no-op. Used by MIP solves, with presolve off.
    public var start: [Variable: Double]?
    /// Called from the solving thread during a MIP search: on every new incumbent and
    /// at least every `progressInterval` seconds. Keep it cheap.
    public var progress: (@Sendable (SolveProgress) -> Void)?
    public var progressInterval: Double
    /// Set it (from any thread) to stop a MIP search; a cancelled `Task` stops it too.
    public var cancellation: CancellationFlag?
    /// How much of the solver's log to capture in ``Solution/log``.
    public var logLevel: SolverLogLevel
    /// Pass each captured log line here as it is produced (for `--verbose`).
    public var logHandler: (@Sendable (String) -> Void)?

    public init(
        timeLimit: Double? = nil, relativeGap: Double? = nil, presolve: Bool = false, cuts: Set<CutFamily> = [],
        start: [Variable: Double]? = nil, progress: (@Sendable (SolveProgress) -> Void)? = nil,
        progressInterval: Double = 0.5, cancellation: CancellationFlag? = nil, logLevel: SolverLogLevel = .normal
    ) {
        (self.timeLimit, self.relativeGap, self.presolve, self.cuts, self.start) = (timeLimit, relativeGap, presolve, cuts, start)
        (self.progress, self.progressInterval, self.cancellation, self.logLevel) = (progress, progressInterval, cancellation, logLevel)
    }

    /// Checks the options themselves; a solver calls this before it starts.
    public func validate() throws {
        if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
            throw ModelError(.invalidOption, "the time limit is \(Describe.number(timeLimit)) seconds; it must be a positive number")
        }
        if let relativeGap, !(relativeGap.isFinite && relativeGap >= 0) {
            throw ModelError(.invalidOption, "the relative gap is \(Describe.number(relativeGap)); it must be a number of at least 0 (0.01 means 1 %)")
        }
        if let nodeLimit, nodeLimit < 1 {
            throw ModelError(.invalidOption, "the node limit is \(nodeLimit); it must be at least 1")
        }
        if !(progressInterval.isFinite && progressInterval >= 0) {
            throw ModelError(.invalidOption, "the progress interval is \(Describe.number(progressInterval)) seconds; it must be a number of at least 0")
        }
        if start != nil && presolve {
            throw ModelError(.invalidOption, "a starting solution needs presolve off: the presolver changes the columns the start refers to")
        }
    }
}
