import Foundation

/// The tables behind mentor assignment, loaded and cross-checked.
public struct MentorData: Sendable {
    public var students: [Student]
    public var mentors: [Mentor]
    /// Last term's mentor of each student (only pairs whose student and mentor both exist).
    public var history: [String: String]
    public var pairs: [PairRule]
    /// What was ignored (extra columns, history of people who left), for the log.
    public var warnings: [String]
    /// Re-planning (`--from`): the mentor of each student in the plan re-planned. Its pairs are
    /// kept unless a rule, a departure or someone else's place forces a change.
    public var previous: [String: String] = [:]

    public init(students: [Student], mentors: [Mentor], history: [String: String] = [:], pairs: [PairRule] = [],
                warnings: [String] = []) {
        (self.students, self.mentors, self.history, self.pairs, self.warnings) = (students, mentors, history, pairs, warnings)
    }

    public static let studentColumns = Student.columns
    public static let mentorColumns = ["mentor_id", "school_id", "gender", "grades", "classes", "years_experience", "psych_trained", "vetted", "capacity"]

    /// Loads `students.csv`, `mentors.csv` and, when present, `history.csv` and `pairs.csv`
    /// from `directory`; `display` is how messages name the folder.
    public static func load(from directory: URL, display: String? = nil) throws -> MentorData {
        let folder = TableFolder(directory, display: display)
        return try parse(students: folder.required("students.csv", for: "mentor"), mentors: folder.required("mentors.csv", for: "mentor"),
                         history: folder.optional("history.csv"), pairs: folder.optional("pairs.csv"))
    }

    public static func parse(students studentsCSV: CSVTable, mentors mentorsCSV: CSVTable,
                             history historyCSV: CSVTable? = nil, pairs pairsCSV: CSVTable? = nil) throws -> MentorData {
        var warnings = [String]()

        // students.csv
        let students = try Student.parseTable(studentsCSV, warnings: &warnings)
        let schools = Set(students.map(\.schoolID))

        // mentors.csv
        let mentorTable = try Table(mentorsCSV, required: mentorColumns)
        warnings += mentorTable.warnings
        var mentors = [Mentor]()
        var mentorLine = [String: Int]()
        for row in mentorTable.rows {
            let id = try row.uniqueIdentifier("mentor_id", lines: &mentorLine)
            let school = try row.identifier("school_id")
            guard schools.contains(school) else {
                throw row.error("school_id", "school_id '\(school)' has no students in \(studentsCSV.file)")
            }
            var grades = Set<Int>()
            for token in row.list("grades") {
                guard let g = Int(token), (1...12).contains(g) else {
                    throw row.error("grades", "grades must be grades from 1 to 12 separated by ;, found \"\(token)\"")
                }
                grades.insert(g)
            }
            if let capacity = Int(row.field("capacity").value), capacity < 0 {
                throw row.error("capacity", "capacity must be a whole number of care-load units, 0 or more, found \"\(capacity)\"")
            }
            mentors.append(Mentor(
                id: id, schoolID: school, gender: try gender(row), grades: grades, classes: Set(row.list("classes")),
                yearsExperience: try row.optionalNumber("years_experience", in: 0...80, what: "a number of years from 0 to 80") ?? 0,
                psychTrained: try row.bool("psych_trained", default: false),
                vetted: try row.bool("vetted"),
                capacity: try row.optionalInt("capacity", in: 0...1000, what: "a whole number of care-load units, 0 or more")))
        }
        let mentorByID = Dictionary(uniqueKeysWithValues: mentors.map { ($0.id, $0) })
        let studentByID = Dictionary(uniqueKeysWithValues: students.map { ($0.id, $0) })

        // history.csv: people come and go, so unknown ids are skipped, not errors.
        let history = try Table.lastTerm(historyCSV, partnerColumn: "mentor_id", partnerWord: "mentor",
                                         whoIsGone: "a student or mentor no longer in the tables", warnings: &warnings) { studentByID[$0] != nil && mentorByID[$1] != nil }

        // pairs.csv
        var pairs = [PairRule]()
        if let pairsCSV {
            let table = try Table(pairsCSV, required: ["student_id", "mentor_id", "kind"], optional: ["score", "load"])
            warnings += table.warnings
            var seen = [String: (kind: PairRule.Kind, line: Int)](minimumCapacity: pairsCSV.rows.count)
            var pinLine = [String: Int]()
            for row in table.rows {
                let studentID = try row.identifier("student_id"), mentorID = try row.identifier("mentor_id")
                guard let student = studentByID[studentID] else {
                    throw row.error("student_id", "student_id '\(studentID)' is not in \(studentsCSV.file)")
                }
                guard let mentor = mentorByID[mentorID] else {
                    throw row.error("mentor_id", "mentor_id '\(mentorID)' is not in \(mentorsCSV.file)")
                }
                let kind = try row.choice("kind", of: PairRule.Kind.self)
                let key = studentID + "\u{1F}" + mentorID
                if let earlier = seen[key] {
                    if earlier.kind != kind && (earlier.kind == .forbid || kind == .forbid) {
                        throw row.error("kind", "the pair \(studentID)-\(mentorID) is both \(earlier.kind.rawValue) (line \(earlier.line)) and \(kind.rawValue)")
                    }
                    throw row.error("student_id", "the pair \(studentID)-\(mentorID) is already listed on line \(earlier.line)")
                }
                seen[key] = (kind, row.line)
                if kind == .pin {
                    if !mentor.vetted {
                        throw row.error("mentor_id", "cannot pin \(studentID) to \(mentorID): the mentor has not passed vetting")
                    }
                    if mentor.schoolID != student.schoolID {
                        throw row.error("mentor_id", "cannot pin \(studentID) to \(mentorID): the mentor is at school \(mentor.schoolID), the student at \(student.schoolID)")
                    }
                    if let first = pinLine[studentID] {
                        throw row.error("student_id", "\(studentID) is already pinned to another mentor on line \(first)")
                    }
                    pinLine[studentID] = row.line
                }
                pairs.append(PairRule(
                    studentID: studentID, mentorID: mentorID, kind: kind,
                    score: try row.optionalNumber("score", in: -1_000...1_000, what: "a number from -1000 to 1000") ?? 0,
                    load: try row.optionalInt("load", in: 0...1000, what: "a whole number of care-load units, 0 or more"),
                    source: "\(pairsCSV.file):\(row.line)"))
            }
        }
        return MentorData(students: students, mentors: mentors, history: history, pairs: pairs, warnings: warnings)
    }

    static func gender(_ row: TableRow) throws -> Gender? {
        guard let text = row.optionalText("gender") else { return nil }
        guard let gender = Gender(text: text) else {
            throw row.error("gender", "gender must be F or M (or empty), found \"\(text)\"")
        }
        return gender
    }
}
