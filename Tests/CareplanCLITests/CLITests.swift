import Foundation
import Testing

/// Runs the built `careplan` binary, as a user would.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = ProcessInfo.processInfo.environment["CAREPLAN_BINARY"] ?? root.appendingPathComponent(".build/debug/careplan").path

    struct Result {
        let code: Int32
        let out: String
        let err: String
    }

    static func run(_ arguments: String...) throws -> Result { try run(arguments, in: nil) }

    /// Runs the binary with `directory` (when given) as the working directory.
    static func run(in directory: String, _ arguments: String...) throws -> Result { try run(arguments, in: directory) }

    static func run(_ arguments: [String], in directory: String?) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(code: process.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    /// One folder for the whole test process, removed when the process exits.
    static let scratch: String = {
        let dir = NSTemporaryDirectory() + "careplan-cli-\(UUID().uuidString)"
        atexit { try? FileManager.default.removeItem(atPath: CLI.scratch) }
        return dir
    }()

    /// A file of `text` named `name`, alone in its own folder under ``scratch``.
    static func file(_ name: String, _ text: String) throws -> String {
        let dir = scratch + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = "\(dir)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

let goodLP = """
    Maximize
     obj: 3 x + 2 y
    Subject To
     c1: x + y <= 4
     c2: x + 3 y <= 6
    Bounds
     x <= 3
    General
     y
    End

    """

@Suite struct ModelSolveCommand {
    @Test func solvesAndPrintsJSON() throws {
        let path = try CLI.file("good.lp", goodLP)
        let r = try CLI.run("model", "solve", path, "--json", "--values")
        #expect(r.code == 0)
        #expect(r.err.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "optimal")
        #expect(json["objective"] as? Double == 11)
        #expect(json["bound"] as? Double == 11)
        #expect(json["gap"] as? Double == 0)
        #expect(json["seconds"] is Double)
        #expect(json["values"] as? [String: Double] == ["x": 3, "y": 1])
    }

    @Test func textOutput() throws {
        let r = try CLI.run("model", "solve", try CLI.file("good.lp", goodLP))
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("status       optimal\nobjective    11\nbound        11\n"))
    }

    @Test func mpsByFormatOption() throws {
        let mps = """
            NAME          TINY
            ROWS
             N  obj
             L  c1
            COLUMNS
                x         obj       -1.0         c1        1.0
            RHS
                rhs       c1        7.5
            ENDATA

            """
        let r = try CLI.run("model", "solve", try CLI.file("tiny.txt", mps), "--format", "mps", "--json")
        #expect(r.code == 0)
        #expect(r.out.contains("\"objective\" : -7.5"))
    }

    @Test func infeasibleModelExitsWithOne() throws {
        let path = try CLI.file("inf.lp", "Minimize\n obj: x\nSubject To\n a: x >= 5\n b: x <= 3\nEnd\n")
        let r = try CLI.run("model", "solve", path, "--json")
        #expect(r.code == 1)
        #expect(r.out.contains("\"status\" : \"infeasible\""))
        #expect(r.out.contains("\"objective\" : null"))
    }

    @Test func malformedFileExitsWithTwoAndNamesTheLine() throws {
        let path = try CLI.file("bad.lp", "Maximize\n obj: x +\nSubject To\n c1: x + <= 4\nEnd\n")
        let r = try CLI.run("model", "solve", path)
        #expect(r.code == 2)
        #expect(r.out.isEmpty)
        #expect(r.err == "careplan: error: \(path):3: missing variable name\n")
    }

    @Test func missingFile() throws {
        let r = try CLI.run("model", "solve", "/nonexistent/model.lp")
        #expect(r.code == 2)
        #expect(r.err == "careplan: error: /nonexistent/model.lp: no such file\n")
    }

    @Test func unknownExtension() throws {
        let r = try CLI.run("model", "solve", "model.txt")
        #expect(r.code == 2)
        #expect(r.err.hasPrefix("careplan: Error: cannot tell the format of 'model.txt' from its extension; name it .lp or .mps, or pass --format\n"))
    }

    @Test func badOptions() throws {
        let path = try CLI.file("good.lp", goodLP)
        let gap = try CLI.run("model", "solve", path, "--gap=-1")
        #expect(gap.code == 2)
        #expect(gap.err.hasPrefix("careplan: Error: --gap must be a number of at least 0 (0.01 means 1 %), not -1.0\n"))
        let cuts = try CLI.run("model", "solve", path, "--cuts", "mir", "magic")
        #expect(cuts.code == 2)
        #expect(cuts.err.hasPrefix("careplan: Error: --cuts: unknown cut family 'magic'; expected one of mir, gomory, cover, clique\n"))
    }

    @Test func optionsReachTheSolver() throws {
        let path = try CLI.file("good.lp", goodLP)
        let r = try CLI.run("model", "solve", path, "--presolve", "--cuts", "mir", "gomory", "cover", "clique", "--time-limit", "5", "--gap", "0.01", "--json")
        #expect(r.code == 0)
        #expect(r.out.contains("\"objective\" : 11"))
    }
}

@Suite struct TopLevel {
    @Test func version() throws {
        let r = try CLI.run("--version")
        #expect(r.code == 0)
        #expect(r.out == "careplan 0.1.0 (GLPK 5.0)\n")
    }

    @Test(arguments: [["--help"], ["model", "--help"], ["model", "solve", "--help"], ["doctor", "--help"], ["run", "--help"],
                      ["validate", "--help"], ["explain", "--help"], ["generate", "--help"]])
    func helpOnEveryCommand(arguments: [String]) throws {
        let process = try CLI.runArray(arguments)
        #expect(process.code == 0)
        #expect(process.out.contains("USAGE: careplan"))
    }

    @Test func doctorPassesItsChecks() throws {
        let r = try CLI.run("doctor")
        #expect(r.code == 0)
        #expect(r.out.contains("GLPK 5.0\nre-entrant: yes (thread-local storage: _Thread_local)"))
        #expect(r.out.components(separatedBy: "... ok").count - 1 == 6)
        #expect(!r.out.contains("FAILED"))
    }

    @Test func unknownCommand() throws {
        let r = try CLI.run("frobnicate")
        #expect(r.code == 2)
    }
}

extension CLI {
    static func runArray(_ arguments: [String]) throws -> Result {
        switch arguments.count {
        case 1: return try run(arguments[0])
        case 2: return try run(arguments[0], arguments[1])
        default: return try run(arguments[0], arguments[1], arguments[2])
        }
    }
}
