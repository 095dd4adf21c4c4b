import Dispatch
import Foundation
import Planning
import Scenarios

/// Prints where a run stands on standard error: on a terminal one live line redrawn four times
/// a second; otherwise a plain line when a plan starts and every few seconds after.
final class ProgressPrinter: @unchecked Sendable {
    let board: PlanProgress
    let live: Bool
    let interval: Double
    private let queue = DispatchQueue(label: "careplan.progress")
    private var timer: DispatchSourceTimer?
    private var lastPlan: String?
    private var lastPlain = Date.distantPast
    private var shown = false

    init(board: PlanProgress) {
        self.board = board
        live = isatty(STDERR_FILENO) == 1
        // Plain lines every 5 s unless CAREPLAN_PROGRESS_SECONDS says otherwise.
        interval = ProcessInfo.processInfo.environment["CAREPLAN_PROGRESS_SECONDS"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 5
    }

    func start() {
        if !live {
            // A plain line as each plan starts, however short it is.
            board.onBegin { [weak self] s in
                guard let self else { return }
                queue.async {
                    self.lastPlan = s.plan
                    self.lastPlain = Date()
                    FileHandle.standardError.write(Data("careplan: \(s.plan ?? ""): started\(s.components > 1 ? ", \(Figures.count(s.components, "component"))" : "")\n".utf8))
                }
            }
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: live ? 0.25 : min(interval, 1))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        self.timer = timer
    }

    private func tick() {
        let s = board.snapshot
        guard let plan = s.plan else { return }
        if live {
            let width = Self.terminalWidth()
            var line = Self.line(s)
            if line.count > width - 1 { line = String(line.prefix(width - 1)) }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            shown = true
        } else if plan != lastPlan || Date().timeIntervalSince(lastPlain) >= interval {
            lastPlan = plan
            lastPlain = Date()
            FileHandle.standardError.write(Data("careplan: \(Self.line(s))\n".utf8))
        }
    }

    /// Clears the live line (before a plan's report goes to standard output).
    func clear() {
        queue.sync {
            if live && shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }

    func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
        }
        clear()
    }

    /// `mentors: component 34 of 78, incumbent -1.2e4, bound -1.25e4, gap 0.4 %, 12 s`
    static func line(_ s: PlanProgress.Snapshot) -> String {
        var parts = ["\(s.plan ?? "")"]
        if let at = s.componentInWords { parts.append(at) }
        if let phase = s.phase { parts.append(phase) }
        if let i = s.incumbent { parts.append("incumbent \(Figures.number(i))") }
        if let b = s.bound, b.isFinite { parts.append("bound \(Figures.number(b))") }
        if let g = s.gap, g.isFinite { parts.append("gap \(Figures.percent(g))") }
        parts.append("\(Int(s.elapsed)) s")
        return parts.joined(separator: ", ")
    }

    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 10 { return Int(size.ws_col) }
        return 100
    }
}

/// SIGINT and SIGTERM during a run: the partial output folder is removed, one line says what
/// was stopped, and the process exits with 130 (SIGINT) or 143 (SIGTERM) at once; the searches
/// end with the process. The handlers' work is restored to the default first, so a second
/// Ctrl-C while the folder is being removed ends the process outright.
final class Interrupts: @unchecked Sendable {
    private let lock = NSLock()
    private var folder: OutputFolder?
    private var sources = [DispatchSourceSignal]()
    let board: PlanProgress
    let out: String
    let printer: ProgressPrinter?
    let sweep: SweepPrinter?
    /// Called once on an interrupt, before the process exits (the history records it).
    var onStop: (@Sendable () -> Void)?

    init(board: PlanProgress, out: String, printer: ProgressPrinter?, sweep: SweepPrinter? = nil) {
        self.board = board
        self.out = out
        self.printer = printer
        self.sweep = sweep
    }

    func watch(_ folder: OutputFolder) { lock.withLock { self.folder = folder } }

    func install() {
        for (signal, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { [self] in stop(signal: signal, code: code) }
            source.resume()
            sources.append(source)
        }
    }

    private func stop(signal: Int32, code: Int32) {
        Foundation.signal(SIGINT, SIG_DFL)
        Foundation.signal(SIGTERM, SIG_DFL)
        let folder = lock.withLock { self.folder }
        folder?.discard()
        let s = board.snapshot
        var what = "the run"
        if let plan = s.plan {
            what = "the \(plan) plan"
            var at = [String]()
            if let component = s.componentInWords { at.append(component) }
            at.append("\(Int(s.elapsed)) s in")
            what += " (\(at.joined(separator: ", ")))"
        }
        if let sweep { what = "the sweep (\(sweep.doneInWords))" }
        let outcome = folder?.isCommitted == true ? "\(out) had already been written whole" : "nothing was written to \(out)"
        printer?.clear()
        sweep?.clear()
        let name = signal == SIGINT ? "interrupted" : "terminated"
        FileHandle.standardError.write(Data("careplan: \(name): stopped \(what); \(outcome)\n".utf8))
        onStop?()
        fflush(nil)
        _exit(code)
    }
}

/// Where a sweep stands, on standard error: on a terminal one live line (variants done, running
/// and left, elapsed, an estimate of what is left); otherwise a plain line as each variant ends.
/// Each variant's one-line result goes to standard output as it ends.
final class SweepPrinter: @unchecked Sendable {
    let total: Int
    let live: Bool
    let quiet: Bool
    private let lock = NSLock()
    private var running = [String]()
    private var done = 0
    private let began = Date()
    private var timer: DispatchSourceTimer?
    private var shown = false

    init(total: Int, quiet: Bool) {
        self.total = total
        self.quiet = quiet
        live = isatty(STDERR_FILENO) == 1
    }

    func start() {
        guard live && !quiet else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now(), repeating: 0.25)
        timer.setEventHandler { [weak self] in self?.redraw() }
        timer.resume()
        self.timer = timer
    }

    func started(_ name: String) {
        lock.withLock {
            running.append(name)
            if !live && !quiet { printError("careplan: \(name): started (\(status()))") }
        }
    }

    func finished(_ name: String, line: String) {
        lock.withLock {
            running.removeAll { $0 == name }
            done += 1
            clearLocked()
            print(line)
            fflush(nil)
            if !live && !quiet { printError("careplan: \(name): done (\(status()))") }
        }
    }

    /// `3 of 12 variants done`
    var doneInWords: String { lock.withLock { "\(done) of \(Figures.count(total, "variant")) done" } }

    /// `3 done, 2 running (cap-12, cap-15), 7 left, 41 s, about 1 min 40 s left`
    private func status() -> String {
        let elapsed = Date().timeIntervalSince(began)
        let left = total - done - running.count
        var parts = ["\(done) of \(total) done", "\(running.count) running\(running.isEmpty ? "" : " (\(running.prefix(3).joined(separator: ", "))\(running.count > 3 ? ", ..." : ""))")",
                     "\(left) left", Self.duration(elapsed)]
        if done > 0 && done < total { parts.append("about \(Self.duration(elapsed / Double(done) * Double(total - done))) left") }
        return parts.joined(separator: ", ")
    }

    private func redraw() {
        lock.withLock {
            var line = "sweep: " + status()
            let width = ProgressPrinter.terminalWidth()
            if line.count > width - 1 { line = String(line.prefix(width - 1)) }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            shown = true
        }
    }

    func clear() { lock.withLock { clearLocked() } }

    private func clearLocked() {
        if live && shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }

    func stop() {
        timer?.cancel()
        timer = nil
        clear()
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s) s" : s < 3600 ? "\(s / 60) min \(s % 60) s" : "\(s / 3600) h \(s % 3600 / 60) min"
    }

    /// `cap-12: mentors optimal, all met; buddies optimal, 48 unmet; 1.2 s`
    static func line(_ f: SweepRunner.Finished) -> String {
        let plans = f.result.outcomes.map { p in
            "\(type(of: p).name) \(p.status.rawValue), \(p.shortfalls.isEmpty ? "all met" : "\(p.shortfalls.count) unmet")"
        }
        return "\(f.label.name): \(plans.joined(separator: "; ")); \(Figures.number((f.seconds * 10).rounded() / 10)) s"
    }
}

/// Numbers for people: a few significant digits, thousands grouped, no float noise.
enum Figures {
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x > 0 ? "inf" : x < 0 ? "-inf" : "n/a" }
        let a = abs(x)
        let digits = a >= 100 || x == x.rounded() ? 0 : a >= 1 ? 2 : 4
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        formatter.minimumFractionDigits = 0
        formatter.maximumFractionDigits = digits
        return formatter.string(from: NSNumber(value: x)) ?? String(x)
    }

    static func percent(_ x: Double) -> String {
        String(format: x < 0.001 && x > 0 ? "%.3f %%" : "%.1f %%", x * 100)
    }

    /// "1 helper", "2 helpers"; `plural` when it is not `singular` + "s".
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }
}
