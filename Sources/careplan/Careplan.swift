import ArgumentParser
import CareModel
import Foundation
import GLPK
import Modeling
import Report

/// The careplan command line. Exit codes (documented in the README):
/// 0 success; 1 the plan could not be fully met or the model is infeasible (or
/// unbounded, or no solution within the limit); 2 bad input; 3 internal error.
@main
struct Careplan: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "careplan",
        abstract: "Plans the people and the calendar behind a district's care for children's mental health.",
        discussion: """
            Exit codes: 0 success; 1 the plan could not be fully met or the model is infeasible; \
            2 bad input; 3 internal error.
            """,
        version: "careplan \(version) (GLPK \(GLPKLibrary.version))",
        subcommands: [Run.self, Validate.self, Explain.self, Compare.self, ReportCommand.self, Serve.self, UnpackUpload.self, HistoryCommand.self, Merge.self, Bench.self, Generate.self, ModelCommand.self, Doctor.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = Outcome.exitCode(for: error)
            if code == 0 {
                exit(withError: error)  // --help, --version: printed by the parser
            }
            if !(error is ExitCode) {
                FileHandle.standardError.write(Data("careplan: \(Outcome.message(for: error))\n".utf8))
            }
            Foundation.exit(code)
        }
    }
}

/// How errors become exit codes and messages.
enum Outcome {
    static let success: Int32 = 0
    static let unmet: Int32 = 1
    static let badInput: Int32 = 2
    static let internalError: Int32 = 3
    /// Set by a command run with `--sensitive`: errors may then name qualification rules.
    nonisolated(unsafe) static var sensitive = false

    static func exitCode(for error: Error) -> Int32 {
        switch error {
        case let code as ExitCode: return code.rawValue
        case is ModelError, is DataError: return badInput
        case is ReportError: return internalError
        case let glpk as GLPKError:
            switch glpk {
            case .readFailed: return badInput
            case .writeFailed: return badInput
            case .fatal, .numericalFailure, .outOfMemory: return internalError
            }
        default:
            let parserCode = Careplan.exitCode(for: error)
            return parserCode == .success ? success : badInput
        }
    }

    static func message(for error: Error) -> String {
        switch error {
        case let error as ModelError: return "error: \(error.message)"
        case let error as DataError: return "error: \(error.description(sensitive: sensitive))\(error.sensitiveMessage != nil && !sensitive && !error.message.contains("--sensitive") ? " (--sensitive names the rule)" : "")"
        case let error as GLPKError: return "error: \(error.description)"
        case let error as ReportError: return "error: \(error.description)"
        default: return Careplan.fullMessage(for: error)
        }
    }
}

/// Writes to standard error (logs, progress); standard output carries results only.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
