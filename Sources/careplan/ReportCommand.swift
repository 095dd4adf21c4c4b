import ArgumentParser
import CareModel
import Foundation
import Report

/// `careplan report RUN... --out report.html [--format pdf]`
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML (or PDF) report of runs: outcome, figures, charts, what was not met and the fixes.",
        discussion: """
            Each RUN is the --out folder of `careplan run`, or a sweep's folder (standing for its \
            variants). Several runs are compared first (as `careplan compare`), then each plan of \
            each run. Charts are inline SVG; the file fetches nothing when opened and prints one \
            plan a page. Identifiers only, unless --sensitive. --format pdf prints it with Debian's \
            chromium. The file is written whole, readable by its owner only, and never replaces a \
            file careplan did not write.
            """
    )

    @Argument(help: "Output folders of `careplan run` (a sweep's folder stands for its variants).")
    var runs: [String]

    @Option(name: .long, help: "The report file to write.")
    var out: String

    @Option(name: .long, help: "html or pdf.")
    var format: String = "html"

    @Option(name: .long, help: "The report's title (default: the scenario or the runs compared).")
    var title: String?

    @Flag(name: .long, help: "Read the runs' *.sensitive.csv files, naming the qualification rules behind each shortfall.")
    var sensitive = false

    func validate() throws {
        if runs.isEmpty { throw ValidationError("give at least one output folder of `careplan run`") }
        if ReportFile.Format(rawValue: format) == nil {
            throw ValidationError("--format must be one of \(ReportFile.Format.allCases.map(\.rawValue).joined(separator: ", ")), found \(format)")
        }
    }

    func run() throws {
        Outcome.sensitive = sensitive
        var all = [RunReport.Run]()
        for argument in runs {
            all += try RunReport.Run.load(folder: URL(fileURLWithPath: argument).standardizedFileURL, display: argument,
                                          prefix: runs.count > 1 ? argument : nil)
        }
        let kind = ReportFile.Format(rawValue: format)!
        let destination = URL(fileURLWithPath: out).standardizedFileURL
        try ReportFile.check(destination, display: out, format: kind, runs: all)
        let html = try RunReport(runs: all, sensitive: sensitive).html(title: title)
        let bytes = kind == .pdf ? try ReportFile.pdf(html) : Data(html.utf8)
        try ReportFile.write(bytes, to: destination)
        let plans = all.reduce(0) { $0 + $1.summary.plans.count }
        print("report: \(out) (\(all.count == 1 ? "1 run" : "\(all.count) runs"), \(plans == 1 ? "1 plan" : "\(plans) plans"), \(bytes.count / 1024 + 1) KiB)")
    }
}
