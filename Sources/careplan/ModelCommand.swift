import ArgumentParser
import Foundation
import GLPK
import Modeling

/// `careplan model`: work on model files directly.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Solve LP and MPS model files with careplan's GLPK layer.",
        subcommands: [Solve.self]
    )
}

/// Solver switches shared by commands that solve.
struct SolverOptions: ParsableArguments {
    @Option(name: .long, help: "Stop after this many seconds, keeping the best solution found (default 600: every solve ends).")
    var timeLimit: Double = 600

    @Option(name: .long, help: "Stop once the relative gap is at most this (0.01 means 1 %).")
    var gap: Double?

    @Flag(name: .long, help: "Let GLPK's presolver simplify the model first.")
    var presolve = false

    @Option(name: .long, parsing: .upToNextOption,
            help: "Cut families to switch on: \(CutFamily.allCases.map(\.rawValue).joined(separator: ", ")).")
    var cuts: [String] = []

    @Flag(name: .long, help: "Print GLPK's log and the search's progress on standard error.")
    var verbose = false

    func validate() throws {
        if !(timeLimit.isFinite && timeLimit > 0) {
            throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
        }
        if let gap, !(gap.isFinite && gap >= 0) {
            throw ValidationError("--gap must be a number of at least 0 (0.01 means 1 %), not \(gap)")
        }
        for cut in cuts where CutFamily(rawValue: cut) == nil {
            throw ValidationError("--cuts: unknown cut family '\(cut)'; expected one of \(CutFamily.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    var solveOptions: SolveOptions {
        var options = SolveOptions(timeLimit: timeLimit, relativeGap: gap, presolve: presolve,
                                   cuts: Set(cuts.compactMap(CutFamily.init(rawValue:))))
        if verbose {
            options.progress = { p in
                let incumbent = p.incumbent.map { "\($0)" } ?? "none"
                let bound = p.bound.map { "\($0)" } ?? "none"
                let gap = p.gap.map { String(format: "%.2f %%", $0 * 100) } ?? "-"
                printError(String(format: "%7.1f s  incumbent %@  bound %@  gap %@  nodes %d",
                                  p.elapsed, incumbent, bound, gap, p.nodes))
            }
        }
        return options
    }
}

extension ModelCommand {
    struct Solve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Solve a CPLEX LP or MPS file.",
            discussion: """
                The format comes from the extension (.lp, .mps) or --format. Exit code 0 when a \
                solution was found, 1 when the model is infeasible or unbounded or no solution was \
                found within the limit, 2 for a malformed file or bad options, 3 for a GLPK failure.
                """
        )

        @Argument(help: "The model file.")
        var file: String

        @Option(name: .long, help: "lp, mps (free MPS) or fixed-mps; default: from the extension.")
        var format: String?

        @OptionGroup var solver: SolverOptions

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        @Flag(name: .long, help: "Include every variable's value in the output.")
        var values = false

        func validate() throws {
            if let format, ModelFileFormat(rawValue: format) == nil {
                throw ValidationError("--format: unknown format '\(format)'; expected lp, mps or fixed-mps")
            }
            if format == nil, ModelFileFormat(fileName: file) == nil {
                throw ValidationError("cannot tell the format of '\(file)' from its extension; name it .lp or .mps, or pass --format")
            }
        }

        func run() throws {
            let fileFormat = format.flatMap(ModelFileFormat.init(rawValue:)) ?? ModelFileFormat(fileName: file)!
            let model = try ModelFile.read(file, format: fileFormat)
            let assembled = try model.assemble()
            let solution = try GLPKSolver().solve(assembled, options: solver.solveOptions)
            if solver.verbose { printError(solution.log) }
            let report = SolveReport(model: assembled, solution: solution, withValues: values)
            print(json ? report.json() : report.text())
            if !solution.status.hasSolution { throw ExitCode(Outcome.unmet) }
        }
    }
}
