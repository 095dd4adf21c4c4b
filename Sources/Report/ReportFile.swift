import CareModel
import Foundation

/// Writing a report: whole or not at all, readable by its owner only, never over a file careplan
/// did not write, never inside a run's folder.
public enum ReportFile {
    public enum Format: String, CaseIterable, Sendable {
        case html, pdf
    }

    /// Refuses a destination that would replace what careplan did not write or land inside a run.
    public static func check(_ out: URL, display: String, format: Format, runs: [RunReport.Run]) throws {
        func refuse(_ message: String) -> DataError { DataError(file: display, line: 0, column: 0, message: message) }
        let path = out.standardizedFileURL.resolvingSymlinksInPath().path
        for run in runs {
            let folder = run.folder.standardizedFileURL.resolvingSymlinksInPath().path
            if path == folder || path.hasPrefix(folder + "/") {
                throw refuse("is inside the run folder \(run.display); write the report outside it (a run's folder holds only what the run wrote)")
            }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw refuse("is a folder; give a file name such as report.\(format.rawValue)") }
            guard wroteIt(out, format: format) else {
                throw refuse("exists and careplan did not write it; careplan replaces only a report it wrote. Choose another name or remove the file")
            }
        }
        let parent = out.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw refuse("its folder \(parent.path) does not exist")
        }
    }

    /// A report careplan wrote: HTML that starts with the marker, or a PDF whose producer line names careplan's report.
    static func wroteIt(_ url: URL, format: Format) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        switch format {
        case .html: return head.starts(with: Data(RunReport.marker.utf8))
        case .pdf:
            // Chromium writes the page title into the PDF's /Title: every careplan report's title starts so.
            return head.starts(with: Data("%PDF".utf8)) && (url.pathExtension == "pdf") && pdfTitled(url)
        }
    }

    /// The PDF's /Title entry starts with careplan's: written by chromium as a literal string
    /// `(careplan report: ...)`, or in hex UTF-16 `<FEFF0063...>` when the title is not all ASCII.
    static func pdfTitled(_ url: URL) -> Bool {
        guard let data = FileManager.default.contents(atPath: url.path) else { return false }
        let hex = "FEFF" + pdfTitle.utf16.map { String(format: "%04X", $0) }.joined()
        return data.range(of: Data("/Title (\(pdfTitle)".utf8)) != nil || data.range(of: Data("/Title <\(hex)".utf8)) != nil
    }

    /// How every PDF report's title starts (the HTML's <title>), so careplan knows its own PDFs.
    static let pdfTitle = "careplan report: "

    /// Writes `bytes` to `out` through a temporary file beside it (0600), renamed into place.
    public static func write(_ bytes: Data, to out: URL) throws {
        let temporary = out.deletingLastPathComponent().appendingPathComponent(".\(out.lastPathComponent).\(getpid()).partial")
        let fd = open(temporary.path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else { throw DataError(file: out.path, line: 0, column: 0, message: "cannot be written (\(String(cString: strerror(errno))))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: bytes)
            try handle.close()
            guard rename(temporary.path, out.path) == 0 else {
                throw DataError(file: out.path, line: 0, column: 0, message: "cannot be written (\(String(cString: strerror(errno))))")
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    /// The HTML printed to PDF by a headless chromium (Debian's `chromium`), in a private scratch folder.
    public static func pdf(_ html: String) throws -> Data {
        guard let chromium = chromiumPath() else {
            throw ReportError("--format pdf prints the report with Debian's chromium, which is not installed here (apt-get install chromium); --format html needs nothing")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("careplan-report-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: scratch) }
        let page = scratch.appendingPathComponent("report.html"), pdf = scratch.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        // No network, no profile left behind, no header and footer lines (the report has its own title).
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(scratch.appendingPathComponent("profile").path)", "--proxy-server=127.0.0.1:9",
                             "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Printing a report takes seconds; a minute means chromium is stuck.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            // Asked to stop (chromium then stops its helpers), then made to; waited for before the scratch folder goes.
            process.terminate()
            let grace = Date().addingTimeInterval(5)
            while process.isRunning && Date() < grace { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw ReportError("chromium did not print the report within 60 s")
        }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: pdf.path), data.starts(with: Data("%PDF".utf8)) else {
            throw ReportError("chromium could not print the report (exit status \(process.terminationStatus))")
        }
        return data
    }

    /// `chromium` (Debian) or `chromium-browser` on the PATH.
    public static func chromiumPath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }
}

/// A report that cannot be made for a reason outside the input (exit code 3).
public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
