import Foundation
import Testing

/// A temporary folder for one test, removed when the test ends (resolved: /tmp may be a link).
final class Scratch {
    let url: URL
    var path: String { url.path }

    init() throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
        url = base.appendingPathComponent("careplan-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func sub(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: sub(name), atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

extension CLI {
    /// Every file under `folder` with its bytes (hidden files too), to see that nothing changed.
    static func snapshot(_ folder: String) -> [String: Data] {
        var out = [String: Data]()
        let base = URL(fileURLWithPath: folder)
        for case let name as String in FileManager.default.enumerator(atPath: folder) ?? FileManager.DirectoryEnumerator() {
            out[name] = FileManager.default.contents(atPath: base.appendingPathComponent(name).path) ?? Data()
        }
        return out
    }
}

/// An output folder never replaces or contains what a run reads, and only folders a run wrote
/// carry the marker (issue: data loss).
@Suite(.serialized) struct OutputSafety {
    /// A generated tiny district in `dir/d` with a mentors-only scenario `dir/d/s.yaml` (data: .).
    func district(_ scratch: Scratch) throws -> String {
        let d = scratch.sub("d")
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "1", "--out", d).code == 0)
        try "name: t\ndata: .\nplans: [mentors]\n".write(toFile: d + "/s.yaml", atomically: true, encoding: .utf8)
        return d
    }

    @Test func generateWritesNoMarker() throws {
        let scratch = try Scratch()
        let d = try district(scratch)
        #expect(!FileManager.default.fileExists(atPath: d + "/.careplan-output"))
        // A run into the generated folder (from a scenario elsewhere) is refused: a run did not write it.
        try scratch.write("outside.yaml", "name: t\ndata: elsewhere\nplans: [mentors]\n")
        try FileManager.default.createDirectory(atPath: scratch.sub("elsewhere"), withIntermediateDirectories: true)
        let before = CLI.snapshot(d)
        let run = try CLI.run("run", scratch.sub("outside.yaml"), "--out", d)
        #expect(run.code == 2)
        #expect(run.err == "careplan: error: \(d): exists and was not written by `careplan run`; choose an empty or new folder for --out\n")
        #expect(CLI.snapshot(d) == before)
    }

    /// The reproduction from the issue: `run s.yaml --out .` inside the data folder.
    @Test func outputIsTheWorkingDataFolder() throws {
        let scratch = try Scratch()
        let d = try district(scratch)
        let before = CLI.snapshot(d)
        let run = try CLI.run(in: d, "run", "s.yaml", "--out", ".")
        #expect(run.code == 2)
        #expect(run.err == "careplan: error: \(d): is the data folder; an output folder never replaces its inputs: choose another --out\n")
        #expect(CLI.snapshot(d) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["d"])  // no staging folder either
    }

    @Test func outputIsTheDataFolderByName() throws {
        let scratch = try Scratch()
        let d = try district(scratch)
        try scratch.write("s.yaml", "name: t\ndata: d\nplans: [mentors]\n")
        let before = CLI.snapshot(d)
        let run = try CLI.run("run", scratch.sub("s.yaml"), "--out", d)
        #expect(run.code == 2)
        #expect(run.err == "careplan: error: \(d): is the data folder; an output folder never replaces its inputs: choose another --out\n")
        #expect(CLI.snapshot(d) == before)
    }

    @Test func outputContainsTheDataFolder() throws {
        let scratch = try Scratch()
        let d = try district(scratch)
        try scratch.write("s.yaml", "name: t\ndata: d\nplans: [mentors]\n")
        let before = CLI.snapshot(scratch.path)
        let run = try CLI.run(in: d, "run", "../s.yaml", "--out", "..")
        #expect(run.code == 2)
        #expect(run.err == "careplan: error: \(scratch.path): contains the data folder (\(d)); an output folder never replaces its inputs: choose another --out\n")
        #expect(CLI.snapshot(scratch.path) == before)
    }

    @Test func outputIsALinkToTheDataFolder() throws {
        let scratch = try Scratch()
        let d = try district(scratch)
        try FileManager.default.createSymbolicLink(atPath: scratch.sub("link"), withDestinationPath: d)
        let before = CLI.snapshot(d)
        let run = try CLI.run("run", d + "/s.yaml", "--out", scratch.sub("link"))
        #expect(run.code == 2)
        #expect(run.err == "careplan: error: \(scratch.sub("link")): is the data folder; an output folder never replaces its inputs: choose another --out\n")
        #expect(CLI.snapshot(d) == before)
    }

    /// A table that is a link into the output folder: replacing the folder would delete it.
    @Test func outputHoldsATableThroughALink() throws {
        let scratch = try Scratch()
        let d = try district(scratch)
        #expect(try CLI.run("run", d + "/s.yaml", "--out", scratch.sub("out")).code <= 1)
        try FileManager.default.moveItem(atPath: d + "/students.csv", toPath: scratch.sub("out") + "/students.csv")
        try FileManager.default.createSymbolicLink(atPath: d + "/students.csv", withDestinationPath: scratch.sub("out") + "/students.csv")
        let run = try CLI.run("run", d + "/s.yaml", "--out", scratch.sub("out"))
        #expect(run.code == 2)
        #expect(run.err == "careplan: error: \(scratch.sub("out")): contains the data folder's students.csv (\(d)/students.csv); an output folder never replaces its inputs: choose another --out\n")
        #expect(FileManager.default.fileExists(atPath: scratch.sub("out") + "/students.csv"))
    }

    @Test func scenarioInsideTheOutputFolder() throws {
        let scratch = try Scratch()
        let d = try district(scratch)
        let out = scratch.sub("out")
        #expect(try CLI.run("run", d + "/s.yaml", "--out", out).code <= 1)
        try "name: t\ndata: ../d\nplans: [mentors]\n".write(toFile: out + "/s.yaml", atomically: true, encoding: .utf8)
        let before = CLI.snapshot(out)
        let run = try CLI.run("run", out + "/s.yaml", "--out", out)
        #expect(run.code == 2)
        #expect(run.err == "careplan: error: \(out): contains the scenario file (\(out)/s.yaml); an output folder never replaces its inputs: choose another --out\n")
        #expect(CLI.snapshot(out) == before)
    }

    /// A run replaces its own earlier output, but not once someone added a file to it.
    @Test func replacesOnlyWhatARunWrote() throws {
        let scratch = try Scratch()
        let d = try district(scratch)
        let out = scratch.sub("out")
        #expect(try CLI.run("run", d + "/s.yaml", "--out", out).code <= 1)
        let marker = try String(contentsOfFile: out + "/.careplan-output", encoding: .utf8)
        #expect(marker.contains("\nmentors/assignments.csv\n") && marker.contains("\nsummary.json\n"))
        #expect(try CLI.run("run", d + "/s.yaml", "--out", out).code <= 1)
        try "my notes".write(toFile: out + "/mentors/notes.txt", atomically: true, encoding: .utf8)
        let run = try CLI.run("run", d + "/s.yaml", "--out", out)
        #expect(run.code == 2)
        #expect(run.err == "careplan: error: \(out): holds mentors/notes.txt, which careplan did not write; move it away or choose another --out\n")
        #expect(try String(contentsOfFile: out + "/mentors/notes.txt", encoding: .utf8) == "my notes")
    }

    /// `generate` replaces its own tables, never a folder with anything else in it.
    @Test func generateReplacesOnlyItsTables() throws {
        let scratch = try Scratch()
        let d = try district(scratch)
        let again = try CLI.run("generate", "--district", "tiny", "--seed", "2", "--out", d)
        #expect(again.code == 2)
        #expect(again.err == "careplan: error: \(d): holds s.yaml, which `careplan generate` does not write; choose an empty or new folder for --out\n")
        try FileManager.default.removeItem(atPath: d + "/s.yaml")
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "2", "--out", d).code == 0)
    }
}
