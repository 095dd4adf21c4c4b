import ArgumentParser
import Dispatch
import Foundation
import Server

/// `careplan serve [--port 8080] [--workspace DIR]`
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A local web page to make and read plans: scenarios from a preset or uploaded tables, the policy form, runs with live progress, charts, explanations, downloads and comparisons.",
        discussion: """
            Binds 127.0.0.1 unless --host says otherwise; any other address needs --token or \
            --token-file, and every request must then carry the token (the address printed at \
            start has it). Everything is kept in the workspace folder: scenarios/, runs/ and the \
            run history careplan.sqlite; no path outside it is read or written. Runs are queued \
            and run one at a time, each as a `careplan run` of its own. The JSON API the page uses \
            is described at /openapi.yaml.
            """
    )

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(name: .long, help: "The workspace folder (made when missing).")
    var workspace = "careplan-workspace"

    @Option(name: .long, help: "A token every request must carry (needed off 127.0.0.1).")
    var token: String?

    @Option(name: .long, help: "A file whose first line is the token (kept out of the process list).")
    var tokenFile: String?

    @Option(name: .long, help: "The largest upload, in MiB (a table or a .zip of tables).")
    var maxUploadMb = 64

    @Flag(name: .long, help: "Name the qualification rules behind shortfalls in the page (they reveal students' risk and difficulty).")
    var sensitive = false

    func validate() throws {
        if token != nil && tokenFile != nil { throw ValidationError("give --token or --token-file, not both") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535, found \(port)") }
        if !(1...4096).contains(maxUploadMb) { throw ValidationError("--max-upload-mb must be from 1 to 4096, found \(maxUploadMb)") }
        if let token, token.count < 16 { throw ValidationError("--token must be at least 16 characters") }
    }

    func run() throws {
        Outcome.sensitive = sensitive
        var secret = token
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8),
                  let line = text.components(separatedBy: .newlines).first?.trimmingCharacters(in: .whitespacesAndNewlines), line.count >= 16 else {
                throw ValidationError("--token-file \(tokenFile): expected a first line of at least 16 characters")
            }
            secret = line
        }
        var ws = try Workspace(root: URL(fileURLWithPath: workspace), sensitive: sensitive)
        ws.limits.uploadBytes = maxUploadMb << 20
        var options = CareplanServer.Options(workspace: ws, executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())
        options.host = host
        options.port = port
        options.token = secret
        guard options.loopback || secret != nil else {
            throw ValidationError("--host \(host) is reachable from other machines: give --token or --token-file, and every request must carry it")
        }
        let queue = RunQueue(workspace: ws, executable: options.executable)
        let (host, workspace, sensitive, query) = (host, workspace, sensitive, secret.map { "?token=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? "")
        let started: @Sendable (Int) -> Void = { bound in
            let address = "http://\(host.contains(":") ? "[\(host)]" : host):\(bound)/" + query
            var text = "careplan serve: \(address) (workspace \(workspace); Ctrl-C stops)\n"
            if sensitive { text += "careplan serve: --sensitive: the page names qualification rules that reveal students' risk and difficulty\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        let done = DispatchSemaphore(value: 0)
        let failure = Failure()
        Task {
            // Until Ctrl-C or SIGTERM; the runs are stopped before the server drains.
            do { try await CareplanServer.run(options, queue: queue, started: started) } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }

    final class Failure: @unchecked Sendable { var error: Error? }
}
