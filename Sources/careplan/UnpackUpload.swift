import ArgumentParser
import Foundation
import Server

/// `careplan serve` unpacks an uploaded .zip in a child process running this command: an
/// archive crafted to make the zip library trap ends this process, not the server. Not for
/// users (hidden from help).
struct UnpackUpload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpack-upload",
        abstract: "Unpack an uploaded .zip of tables for careplan serve (internal).",
        shouldDisplay: false
    )

    @Argument(help: "The .zip file.") var zip: String
    @Option(help: "A folder to create and write the tables into.") var into: String
    @Option(help: "The most bytes the tables may unpack to.") var limit: Int
    @Option(help: "The upload's name, for the messages.") var name: String

    func run() throws {
        var answer: Workspace.Unpacked
        do {
            let tables = try Workspace.unpack(try Data(contentsOf: URL(fileURLWithPath: zip)), file: name, limit: limit)
            try FileManager.default.createDirectory(atPath: into, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            for (table, data) in tables {
                guard FileManager.default.createFile(atPath: (into as NSString).appendingPathComponent(table), contents: data,
                                                     attributes: [.posixPermissions: 0o600]) else {
                    throw Workspace.Refusal(status: 500, "cannot write \(table)")
                }
            }
            answer = Workspace.Unpacked(tables: tables.map(\.0))
        } catch let refusal as Workspace.Refusal {
            answer = Workspace.Unpacked(status: refusal.status, error: refusal.description)
        }
        FileHandle.standardOutput.write(try JSONEncoder().encode(answer) + Data("\n".utf8))
    }
}
