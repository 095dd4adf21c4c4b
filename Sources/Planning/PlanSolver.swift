import Dispatch
import Foundation
import Modeling

/// What the plans need of a solver: models and networks. GLPK's solver is both; the
/// plans never import GLPK, the solver is passed in.
public typealias PlanSolver = Solver & FlowSolver

/// Solver settings of a scenario (`solver.*`).
public struct SolverSettings: Sendable, Equatable {
    /// Seconds for the whole plan; each component gets what is left.
    public var timeLimit: Double?
    /// Relative gap at which a MIP component may stop.
    public var gap: Double?
    /// Solve independent components on this many threads (1: one at a time).
    public var threads: Int
    /// A search budget counted in work, not seconds: branch-and-bound nodes of each component's
    /// GLPK searches, and neighbourhood rounds where a plan searches by neighbourhoods. Unlike
    /// a time limit it gives the same plan on every run and machine (as long as `timeLimit`,
    /// if also given, does not stop the search first).
    public var workLimit: Int?
    /// Where the planners report how far they are (for a progress line); not a setting of the
    /// search: two settings that differ only here are equal.
    public var progress: PlanProgress?

    public init(timeLimit: Double? = nil, gap: Double? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                workLimit: Int? = nil) {
        self.timeLimit = timeLimit
        self.gap = gap
        self.threads = max(1, threads)
        self.workLimit = workLimit
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.timeLimit == b.timeLimit && a.gap == b.gap && a.threads == b.threads && a.workLimit == b.workLimit
    }
}

/// Solves independent components on up to `threads` threads, largest first (so no thread is
/// left with a big one at the end); results in the components' order.
func solveLargestFirst<T: Sendable>(_ count: Int, size: (Int) -> Int, threads: Int, progress: PlanProgress? = nil,
                                    _ work: @Sendable (Int) throws -> T) throws -> [T] {
    let order = (0..<count).sorted { (size($0), $1) > (size($1), $0) }
    let solved = try parallelMap(count, threads: threads) { k in
        defer { progress?.componentDone() }
        return try work(order[k])
    }
    var results = solved
    for (k, c) in order.enumerated() { results[c] = solved[k] }
    return results
}

/// Runs `work` for every index on up to `threads` threads; results in index order.
/// Each call runs whole on one thread (GLPK objects belong to their thread).
func parallelMap<T: Sendable>(_ count: Int, threads: Int, _ work: @Sendable (Int) throws -> T) throws -> [T] {
    let box = ResultBox<T>(count: count)
    let next = NextIndex()
    DispatchQueue.concurrentPerform(iterations: min(threads, max(count, 1))) { _ in
        while let k = next.take(below: count) {
            box.set(k, Result { try work(k) })
        }
    }
    return try box.results.map { try $0!.get() }
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private var slots: [Result<T, Error>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ r: Result<T, Error>) { lock.withLock { slots[k] = r } }
    var results: [Result<T, Error>?] { lock.withLock { slots } }
}

private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}
