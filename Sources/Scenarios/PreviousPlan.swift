import CareModel
import Foundation

/// The plan a re-plan starts from (`careplan run --from OUT`): each plan's pairs, read from the
/// earlier run's folder. Mentors, buddies, staffing and the roster (from a given
/// day on) are re-planned from it; the activities are planned afresh.
public struct PreviousPlan: Sendable, Equatable {
    /// Student to mentor (`mentors/assignments.csv`).
    public var mentors: [String: String]?
    /// Child to helper (`buddies/pairs.csv`).
    public var buddies: [String: String]?
    /// Person to site (`staffing/placements.csv`; a part-timer's larger share).
    public var staffing: [String: String]?
    /// Each person's shift by date (`roster/assignments.csv`).
    public var roster: [String: [CalendarDate: String]]?
    /// The roster's first day that may change (`--from-date`); the earlier days are kept.
    public var rosterFrom: CalendarDate?
    /// The folder, as the user named it.
    public let display: String

    /// Reads the pairs of every plan the run at `folder` wrote.
    public static func read(_ folder: URL, display: String) throws -> PreviousPlan {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder.appendingPathComponent(SweepIndex.file).path) {
            throw DataError(file: display, line: 0, column: 0, message: "is a sweep's folder; --from takes one run's folder, such as \(display)/base")
        }
        guard fm.fileExists(atPath: folder.appendingPathComponent("summary.json").path) else {
            throw DataError(file: display, line: 0, column: 0, message: "holds no summary.json; --from takes the --out folder of an earlier `careplan run`")
        }
        let tables = TableFolder(folder, display: display)
        var plan = PreviousPlan(display: display)
        plan.mentors = try tables.optional("mentors/assignments.csv").map { try pairs($0, "student_id", "mentor_id") }
        plan.buddies = try tables.optional("buddies/pairs.csv").map { try pairs($0, "student_id", "helper_id") }
        if let csv = try tables.optional("staffing/placements.csv") {
            let table = try Table(csv, required: ["person_id", "site_id", "fte"])
            var best = [String: (site: String, fte: Double)]()
            for row in table.rows {
                let person = try row.identifier("person_id"), site = try row.identifier("site_id")
                let fte = try row.optionalNumber("fte", in: 0...1, what: "a share from 0 to 1") ?? 0
                if fte > best[person]?.fte ?? -1 { best[person] = (site, fte) }
            }
            plan.staffing = best.mapValues(\.site)
        }
        if let csv = try tables.optional("roster/assignments.csv") {
            let table = try Table(csv, required: ["person_id", "date", "shift_id"])
            var shifts = [String: [CalendarDate: String]]()
            for row in table.rows {
                let person = try row.identifier("person_id"), date = try row.date("date"), shift = try row.identifier("shift_id")
                if shifts[person]?[date] != nil { throw row.error("date", "\(person) has two shifts on \(date)") }
                shifts[person, default: [:]][date] = shift
            }
            plan.roster = shifts
        }
        return plan
    }

    static func pairs(_ csv: CSVTable, _ subject: String, _ partner: String) throws -> [String: String] {
        let table = try Table(csv, required: [subject, partner])
        var out = [String: String](), lines = [String: Int]()
        for row in table.rows {
            out[try row.uniqueIdentifier(subject, lines: &lines, clash: "has two rows")] = try row.identifier(partner)
        }
        return out
    }
}
