import ArgumentParser
import CareModel
import Foundation
import Scenarios

/// `careplan compare A B ...`
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put runs side by side: every plan's status, objective, gap and figures, with differences to the first.",
        discussion: """
            Each argument is the --out folder of `careplan run` (a sweep's folder stands for all its \
            variants) or a run id from the history (`careplan history` lists them). Each figure \
            after the first run shows its difference and whether that is better or worse, by the \
            figure's direction. Then what differs between the runs' inputs: overrides, the scenario \
            file and the tables (by their SHA-256). Runs with different plans are compared on the \
            plans they share; the rest are named.
            """
    )

    @Argument(help: "Output folders or run ids (at least one; a single sweep folder compares its variants).")
    var runs: [String]

    @Option(name: .long, help: "text, csv, json or markdown.")
    var format: String = "text"

    @OptionGroup var history: HistoryLocation

    func validate() throws {
        if runs.isEmpty { throw ValidationError("give at least one output folder or run id") }
        if Comparison.Format(rawValue: format) == nil {
            throw ValidationError("--format must be one of \(Comparison.Format.allCases.map(\.rawValue).joined(separator: ", ")), found \(format)")
        }
    }

    func run() throws {
        var all = [ComparedRun]()
        let prefixed = runs.count > 1
        for argument in runs {
            let url = URL(fileURLWithPath: argument)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                all += try ComparedRun.load(folder: url, display: argument, prefix: prefixed ? argument : nil)
            } else if let id = Int64(argument) {
                all.append(try history.compared(id: id))
            } else {
                throw DataError(file: argument, line: 0, column: 0, message: "no such folder, and not a run id; expected the --out folder of `careplan run` or a number from `careplan history`")
            }
        }
        // Two arguments naming the same run: labels stay apart.
        var seen = [String: Int]()
        for k in all.indices {
            seen[all[k].label, default: 0] += 1
            if seen[all[k].label]! > 1 { all[k].label += " (\(seen[all[k].label]!))" }
        }
        print(Comparison(all).render(Comparison.Format(rawValue: format)!), terminator: "")
    }
}
