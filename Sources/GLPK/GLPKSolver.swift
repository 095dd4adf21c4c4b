import CGLPKGuard
import Foundation
import Modeling

/// Solves models with GLPK, one whole guarded call per solve.
///
/// Each solve creates, solves, reads out and deletes its GLPK problem on the calling
/// thread inside one synchronous call (GLPK objects belong to their thread), so
/// independent models may be solved concurrently from different threads or tasks.
/// GLPK's terminal output is captured into ``Modeling/Solution/log``, never printed.
public struct GLPKSolver: Solver, FlowSolver {
    public init() {}

    /// Validates the model and options, then solves.
    public func solve(_ model: Model, options: SolveOptions) throws -> Solution {
        try options.validate()
        return try solve(model.assemble(), options: options)
    }

    /// Solves an already assembled (so validated) model.
    public func solve(_ model: AssembledModel, options: SolveOptions) throws -> Solution {
        try options.validate()
        // The start is checked whole before GLPK sees it; GLPK itself does not check it.
        let start = try options.start.map { try model.checkedStart($0) }
        return try run(RawProblem(model, withNames: false), modelID: model.modelID, options: options,
                       start: model.hasIntegerVariables ? start : nil)
    }

    /// Solves a raw problem without any Swift-side validation (the C guard is the only
    /// net). For tests of the guard and for callers that built GLPK's arrays themselves.
    public func solve(raw: RawProblem, options: SolveOptions = SolveOptions()) throws -> Solution {
        try run(raw, modelID: -1, options: options, start: nil)
    }

    private func run(_ raw: RawProblem, modelID: Int, options: SolveOptions, start: [Double]?) throws -> Solution {
        let n = raw.objective.count, m = raw.rowLower.count
        let isMIP = raw.columnKind.contains { $0 != .continuous }
        var colValues = [Double](repeating: 0, count: max(n, 1))
        var rowValues = [Double](repeating: 0, count: max(m, 1))
        var rowDuals = [Double](repeating: 0, count: max(m, 1))
        var colDuals = [Double](repeating: 0, count: max(n, 1))
        var result = cpg_result()
        var log: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<CChar>?
        let monitor = SearchMonitor(options: options)

        let code: Int32 = raw.withCProblem { problem in
            colValues.withUnsafeMutableBufferPointer { cv in
            rowValues.withUnsafeMutableBufferPointer { rv in
            rowDuals.withUnsafeMutableBufferPointer { rd in
            colDuals.withUnsafeMutableBufferPointer { cd in
                result.col_values = cv.baseAddress
                result.row_values = rv.baseAddress
                result.row_duals = isMIP ? nil : rd.baseAddress
                result.col_duals = isMIP ? nil : cd.baseAddress
                return withOptionalBuffer(start) { startPointer in
                    var copt = cpg_options()
                    copt.msg_lev = Int32(options.logLevel.rawValue)  // GLP_MSG_OFF/ERR/ON/ALL are 0...3
                    copt.time_limit = options.timeLimit ?? 0
                    copt.node_limit = Int32(clamping: options.nodeLimit ?? 0)
                    copt.mip_gap = options.relativeGap ?? -1
                    copt.presolve = options.presolve ? 1 : 0
                    copt.mir_cuts = options.cuts.contains(.mixedIntegerRounding) ? 1 : 0
                    copt.gomory_cuts = options.cuts.contains(.gomory) ? 1 : 0
                    copt.cover_cuts = options.cuts.contains(.cover) ? 1 : 0
                    copt.clique_cuts = options.cuts.contains(.clique) ? 1 : 0
                    copt.branching = options.branching.glpkValue
                    copt.start = startPointer
                    copt.progress = searchMonitorCallback
                    copt.progress_ctx = Unmanaged.passUnretained(monitor).toOpaque()
                    copt.progress_interval = monitor.pollInterval
                    return withExtendedLifetime(monitor) { cpg_solve(problem, &copt, &result, &log, &error) }
                }
            }}}}
        }
        let logText = try guardOutcome(code, log: log, error: error)
        guard let status = Self.status(Int(result.status)) else {
            throw GLPKError.numericalFailure(
                code: Int(result.glp_ret), meaning: GLPKError.meaning(ofReturnCode: Int(result.glp_ret)))
        }
        let has = result.has_solution != 0
        let hasBound = result.has_bound != 0
        return Solution(
            modelID: modelID, status: status, stop: Self.stop(Int(result.stop)), isMIP: isMIP,
            objective: has ? result.objective : nil, bound: hasBound ? result.bound : nil,
            gap: has && hasBound ? result.gap : nil, seconds: result.seconds,
            iterations: Int(result.iterations), nodes: Int(result.nodes),
            startAccepted: start == nil ? nil : result.start_accepted != 0,
            values: has ? Array(colValues.prefix(n)) : [], rowActivities: has ? Array(rowValues.prefix(m)) : [],
            duals: has && !isMIP ? Array(rowDuals.prefix(m)) : nil,
            reducedCosts: has && !isMIP ? Array(colDuals.prefix(n)) : nil, log: logText)
    }

    static func status(_ code: Int) -> TerminationStatus? {
        switch code {
        case CPG_STATUS_OPTIMAL: return .optimal
        case CPG_STATUS_FEASIBLE: return .feasible
        case CPG_STATUS_INFEASIBLE: return .infeasible
        case CPG_STATUS_UNBOUNDED: return .unbounded
        case CPG_STATUS_NO_SOLUTION: return .noSolution
        default: return nil
        }
    }

    static func stop(_ code: Int) -> StopReason {
        switch code {
        case CPG_STOP_TIME: return .timeLimit
        case CPG_STOP_GAP: return .gapLimit
        case CPG_STOP_CANCELLED: return .cancelled
        case CPG_STOP_NODES: return .workLimit
        default: return .completed
        }
    }

    /// GLPK's fatal message, on one line: "glp_load_matrix: ... (api/prob1.c, line 1234)".
    static func clean(_ text: String) -> String {
        var lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var location = ""
        if let last = lines.last, last.hasPrefix("Error detected in file ") {
            location = last.replacingOccurrences(of: "Error detected in file ", with: "")
                .replacingOccurrences(of: " at line ", with: ", line ")
            lines.removeLast()
        }
        let message = lines.joined(separator: "; ")
        return location.isEmpty ? message : "\(message) (\(location))"
    }
}

private func withOptionalBuffer<R>(_ array: [Double]?, _ body: (UnsafePointer<Double>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// Receives the C guard's progress calls on the solving thread: forwards them to the
/// caller's progress closure and answers whether to stop.
final class SearchMonitor {
    let progress: (@Sendable (SolveProgress) -> Void)?
    let cancellation: CancellationFlag?
    let userInterval: Double
    /// How often the guard calls back: often enough for a prompt cancel.
    let pollInterval: Double
    private var lastReport = -Double.infinity
    private var lastIncumbent: Double?

    init(options: SolveOptions) {
        progress = options.progress
        cancellation = options.cancellation
        userInterval = options.progressInterval
        pollInterval = min(options.progressInterval, 0.1)
    }

    /// Returns 1 to stop the search.
    func report(_ p: cpg_progress) -> Int32 {
        if let progress {
            let incumbent = p.has_incumbent != 0 ? p.incumbent : nil
            let improved = incumbent != nil && incumbent != lastIncumbent
            if improved || p.elapsed - lastReport >= userInterval {
                lastReport = p.elapsed
                lastIncumbent = incumbent
                progress(SolveProgress(
                    incumbent: incumbent, bound: p.has_bound != 0 ? p.bound : nil,
                    gap: incumbent != nil && p.gap.isFinite ? p.gap : nil, elapsed: p.elapsed, nodes: Int(p.nodes)))
            }
        }
        let taskCancelled = withUnsafeCurrentTask { $0?.isCancelled ?? false }
        return (cancellation?.isCancelled ?? false) || taskCancelled ? 1 : 0
    }
}

private let searchMonitorCallback: cpg_progress_fn = { context, progress in
    guard let context, let progress else { return 0 }
    return Unmanaged<SearchMonitor>.fromOpaque(context).takeUnretainedValue().report(progress.pointee)
}

extension Branching {
    /// GLPK's GLP_BR_* constant; 0 keeps its default.
    var glpkValue: Int32 {
        switch self {
        case .solverDefault: 0
        case .firstFractional: 1
        case .lastFractional: 2
        case .mostFractional: 3
        case .driebeckTomlin: 4
        case .pseudocost: 5
        }
    }
}
