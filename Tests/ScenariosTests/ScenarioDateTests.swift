import CareModel
import Foundation
import Scenarios
import Testing

/// `roster.start` reads the dates the tables read.
@Suite struct ScenarioDates {
    @Test(arguments: ["2026-12-09", "2026/12/09", "2026-12-9", "2026/12/9"])
    func rosterStartInEveryTableForm(text: String) throws {
        let s = try parse("data: x\nroster: {start: \(text), days: 7}\n")
        #expect(s.rosterHorizon == RosterHorizon(start: CalendarDate(year: 2026, month: 12, day: 9)!, days: 7))
    }

    @Test func ambiguousRosterStart() {
        #expect(throws: DataError(file: "s.yaml", line: 2, column: 17,
                                  message: "roster.start \"12/9/2026\" is ambiguous or not a date; write YYYY-MM-DD (2026-12-09 or 2026-09-12), or YYYY/MM/DD")) {
            try parse("data: x\nroster: {start: 12/9/2026}\n")
        }
    }

    @Test func utf16ScenarioFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("careplan-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("s.yaml")
        try Data("data: x\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: url)
        #expect(throws: DataError(file: "s.yaml", line: 0, column: 0,
                                  message: "is not UTF-8 text (it looks like UTF-16, little-endian, without a byte-order mark: every other byte is 0); save it as UTF-8 text")) {
            try Scenario.load(url, display: "s.yaml")
        }
    }
}
