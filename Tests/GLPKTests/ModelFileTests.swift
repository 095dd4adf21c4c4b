import Foundation
import GLPK
import Modeling
import Testing

@Suite struct ModelFiles {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "careplan-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func sample() -> Model {
        var model = Model(name: "sample")
        let x = model.addVariable("x", upper: 3)
        let y = model.addVariable("y", kind: .integer)
        model.addConstraint(x + y <= 4, name: "total")
        model.addConstraint(x + 3 * y <= 6, name: "mix")
        model.maximize(3 * x + 2 * y + 10)
        return model
    }

    @Test(arguments: [ModelFileFormat.lp, .mps, .fixedMPS])
    func writeAndReadBackGivesTheSameOptimum(format: ModelFileFormat) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/sample.\(format == .lp ? "lp" : "mps")"
        let constant = try ModelFile.write(sample(), to: path, format: format)
        #expect(constant == 10)
        var read = try ModelFile.read(path, format: format)
        if format != .lp {
            // MPS carries no objective sense: say it again.
            read.setObjective(read.objective, sense: .maximize)
        }
        let original = try GLPKSolver().solve(sample())
        let again = try GLPKSolver().solve(read)
        #expect(original.objective == 21)
        #expect(again.objective.map { $0 + constant } == original.objective)
        #expect(read.variableCount == 2)
        #expect(read.constraintCount == 2)
        // Only the final file is left, readable by its owner only.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [(path as NSString).lastPathComponent])
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func malformedLPNamesTheLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/bad.lp"
        try "Maximize\n obj: x +\nSubject To\n c1: x + <= 4\nEnd\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: GLPKError.readFailed(file: path, line: 3, message: "missing variable name")) {
            try ModelFile.read(path, format: .lp)
        }
    }

    @Test func garbageMPS() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/bad.mps"
        try "ROWS\n N obj\nNOT A SECTION\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ModelFile.read(path, format: .mps)
            Issue.record("expected a read error")
        } catch let GLPKError.readFailed(file, line, _) {
            #expect(file == path)
            #expect(line != nil)
        }
    }

    @Test func missingFile() {
        #expect(throws: GLPKError.readFailed(file: "/nonexistent/x.lp", line: nil, message: "no such file")) {
            try ModelFile.read("/nonexistent/x.lp", format: .lp)
        }
    }

    @Test func invalidModelIsNotWritten() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var model = Model()
        _ = model.addVariable("x", lower: 2, upper: 1)
        #expect(throws: ModelError.self) { try ModelFile.write(model, to: "\(dir)/bad.lp", format: .lp) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
