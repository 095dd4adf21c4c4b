import CareModel
import Foundation
import Testing

@Suite struct CSVReading {
    @Test func quotesCommasLineBreaksAndBOM() throws {
        let t = try CSVTable.parse("\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n", file: "t.csv")
        #expect(t.header.map(\.value) == ["a", "b"])
        #expect(t.rows.count == 2)
        #expect(t.rows[0].fields.map(\.value) == ["x, y", "say \"hi\""])
        #expect(t.rows[1].fields.map(\.value) == ["two\nlines", "z"])
        #expect(t.rows[1].line == 3)
        #expect(t.rows[1].fields[1].line == 4)
        #expect(t.rows[1].fields[1].column == 8)
    }

    @Test func blankLinesAreSkippedAndColumnsCountCharacters() throws {
        let t = try CSVTable.parse("id,name\n\n7,\"é\"\n\n", file: "t.csv")
        #expect(t.rows.count == 1)
        #expect(t.rows[0].line == 3)
        #expect(t.rows[0].fields[1].value == "é")
        #expect(t.rows[0].fields[1].column == 3)
    }

    @Test func quotedEmptyFieldIsNotABlankLine() throws {
        let t = try CSVTable.parse("note\n\"\"\n\nx\n", file: "t.csv")
        #expect(t.rows.map { $0.fields.map(\.value) } == [[""], ["x"]])
        #expect(t.rows.map(\.line) == [2, 4])
    }

    @Test func trailingCommaIsAnEmptyLastField() throws {
        let t = try CSVTable.parse("a,b\n1,\n", file: "t.csv")
        #expect(t.rows[0].fields.map(\.value) == ["1", ""])
        #expect(t.rows[0].fields[1].column == 3)
    }

    @Test func wrongFieldCount() {
        #expect(throws: DataError(file: "t.csv", line: 3, column: 0, message: "has 3 fields, but the header has 2")) {
            try CSVTable.parse("id,name\n1,a\n2,b,c\n", file: "t.csv")
        }
    }

    @Test func unclosedQuote() {
        #expect(throws: DataError(file: "t.csv", line: 2, column: 3, message: "a quoted field is never closed")) {
            try CSVTable.parse("a,b\n1,\"open\n", file: "t.csv")
        }
    }

    @Test func strayQuote() {
        #expect(throws: DataError(file: "t.csv", line: 2, column: 5, message: "a quote inside a field that does not start with one; put the whole field in quotes and double the quote (\"\")")) {
            try CSVTable.parse("a,b\n1,ab\"c\n", file: "t.csv")
        }
    }

    @Test func emptyFile() {
        #expect(throws: DataError(file: "t.csv", line: 0, column: 0, message: "is empty; expected a header row")) {
            try CSVTable.parse("", file: "t.csv")
        }
    }

    @Test func writerRoundTrip() throws {
        var w = CSVWriter(header: ["a", "b"])
        w.append(["x, y", "say \"hi\""])
        w.append([" padded", "plain"])
        let t = try CSVTable.parse(w.text, file: "w.csv")
        #expect(t.rows.map { $0.fields.map(\.value) } == [["x, y", "say \"hi\""], [" padded", "plain"]])
        #expect(CSVWriter.number(12) == "12")
        #expect(CSVWriter.number(0.125) == "0.125")
    }
}

let studentsHeader = "student_id,school_id,grade,class_id,gender,difficulty,risk_level,community_id\n"
let mentorsHeader = "mentor_id,school_id,gender,grades,classes,years_experience,psych_trained,vetted,capacity\n"

func load(students: String, mentors: String, history: String? = nil, pairs: String? = nil) throws -> MentorData {
    try MentorData.parse(
        students: CSVTable.parse(students, file: "students.csv"), mentors: CSVTable.parse(mentors, file: "mentors.csv"),
        history: history.map { try CSVTable.parse($0, file: "history.csv") }, pairs: pairs.map { try CSVTable.parse($0, file: "pairs.csv") })
}

let twoStudents = studentsHeader + "S1,A,4,A-4-1,F,,0,C1\nS2,A,4,A-4-1,M,poverty;migrant,2,C1\n"
let twoMentors = mentorsHeader + "T1,A,F,4,A-4-1,5,true,true,\nT2,A,M,,,1,false,false,10\n"

@Suite struct MentorTables {
    @Test func goodTablesLoad() throws {
        let d = try load(students: twoStudents, mentors: twoMentors, history: "student_id,mentor_id\nS1,T1\nS9,T1\n",
                         pairs: "student_id,mentor_id,kind,score,load\nS2,T1,prefer,2,\n")
        #expect(d.students.count == 2)
        #expect(d.students[1].difficulty == [.poverty, .migrant])
        #expect(d.students[1].riskLevel == 2)
        #expect(d.mentors[0].grades == [4])
        #expect(d.mentors[1].grades.isEmpty)
        #expect(d.mentors[1].capacity == 10)
        #expect(d.mentors[0].capacity == nil)
        #expect(d.history == ["S1": "T1"])
        #expect(d.warnings == ["history.csv: 1 row(s) name a student or mentor no longer in the tables and were skipped"])
        #expect(d.pairs == [PairRule(studentID: "S2", mentorID: "T1", kind: .prefer, score: 2, source: "pairs.csv:2")])
    }

    @Test func missingColumn() {
        #expect(throws: DataError(file: "students.csv", line: 1, column: 0, message: "missing column 'risk_level'; the header has: student_id, school_id, grade, class_id, gender, difficulty, community_id")) {
            try load(students: "student_id,school_id,grade,class_id,gender,difficulty,community_id\n", mentors: twoMentors)
        }
    }

    @Test func extraColumnIsAWarning() throws {
        let d = try load(students: studentsHeader.dropLast() + ",name\n" + "S1,A,4,A-4-1,F,,0,C1,Li\n", mentors: twoMentors)
        #expect(d.warnings == ["students.csv: column 'name' is not used and was ignored"])
    }

    @Test func riskLevelSeven() {
        #expect(throws: DataError(file: "students.csv", line: 2, column: 17, message: "risk_level must be a whole number from 0 to 3 (the three-level warning status), found \"7\"")) {
            try load(students: studentsHeader + "S1,A,4,A-4-1,F,,7,C1\n", mentors: twoMentors)
        }
    }

    @Test func duplicateStudent() {
        #expect(throws: DataError(file: "students.csv", line: 3, column: 1, message: "student_id 'S1' is already used on line 2")) {
            try load(students: studentsHeader + "S1,A,4,A-4-1,F,,0,C1\nS1,A,5,A-5-1,F,,0,C1\n", mentors: twoMentors)
        }
    }

    @Test func unknownDifficulty() {
        #expect(throws: DataError(file: "students.csv", line: 2, column: 16, message: "difficulty 'orphan' is not one of poverty, disability, guardianship, migrant, left_behind (separate several with ;)")) {
            try load(students: studentsHeader + "S1,A,4,A-4-1,F,orphan,0,C1\n", mentors: twoMentors)
        }
    }

    @Test func unknownSchool() {
        #expect(throws: DataError(file: "mentors.csv", line: 2, column: 4, message: "school_id 'B' has no students in students.csv")) {
            try load(students: twoStudents, mentors: mentorsHeader + "T1,B,F,4,,5,true,true,\n")
        }
    }

    @Test func negativeCapacity() {
        #expect(throws: DataError(file: "mentors.csv", line: 2, column: 23, message: "capacity must be a whole number of care-load units, 0 or more, found \"-3\"")) {
            try load(students: twoStudents, mentors: mentorsHeader + "T1,A,F,4,,5,true,true,-3\n")
        }
    }

    @Test func duplicateMentor() {
        #expect(throws: DataError(file: "mentors.csv", line: 3, column: 1, message: "mentor_id 'T1' is already used on line 2")) {
            try load(students: twoStudents, mentors: mentorsHeader + "T1,A,F,4,,5,true,true,\nT1,A,F,4,,5,true,true,\n")
        }
    }

    @Test func vettedMustBeBoolean() {
        #expect(throws: DataError(file: "mentors.csv", line: 2, column: 18, message: "vetted must be true or false, found \"maybe\"")) {
            try load(students: twoStudents, mentors: mentorsHeader + "T1,A,F,4,,5,true,maybe,\n")
        }
    }

    @Test func pinToUnvettedMentor() {
        #expect(throws: DataError(file: "pairs.csv", line: 2, column: 4, message: "cannot pin S1 to T2: the mentor has not passed vetting")) {
            try load(students: twoStudents, mentors: twoMentors, pairs: "student_id,mentor_id,kind\nS1,T2,pin\n")
        }
    }

    @Test func pinToForbiddenMentor() {
        #expect(throws: DataError(file: "pairs.csv", line: 3, column: 7, message: "the pair S1-T1 is both forbid (line 2) and pin")) {
            try load(students: twoStudents, mentors: twoMentors, pairs: "student_id,mentor_id,kind\nS1,T1,forbid\nS1,T1,pin\n")
        }
    }

    @Test func pairForUnknownStudent() {
        #expect(throws: DataError(file: "pairs.csv", line: 2, column: 1, message: "student_id 'S9' is not in students.csv")) {
            try load(students: twoStudents, mentors: twoMentors, pairs: "student_id,mentor_id,kind\nS9,T1,prefer\n")
        }
    }

    @Test func unknownPairKind() {
        #expect(throws: DataError(file: "pairs.csv", line: 2, column: 7, message: "kind must be prefer, forbid or pin, found \"like\"")) {
            try load(students: twoStudents, mentors: twoMentors, pairs: "student_id,mentor_id,kind\nS1,T1,like\n")
        }
    }

    @Test func errorDescriptionNamesFileLineAndColumn() {
        #expect(DataError(file: "students.csv", line: 14, column: 23, message: "x").description == "students.csv:14:23: x")
        #expect(DataError(file: "students.csv", line: 3, column: 0, message: "x").description == "students.csv:3: x")
        #expect(DataError(file: "students.csv", line: 0, column: 0, message: "x").description == "students.csv: x")
    }
}

/// Buddy tables: each bad input the issue names, with file, line and column.
@Suite struct BuddyTables {
    let students = """
        student_id,school_id,grade,class_id,gender,difficulty,risk_level,community_id
        K1,A,3,A-3-1,F,poverty,0,C1
        K2,A,3,A-3-1,M,,0,C1
        H1,A,4,A-4-1,F,,0,C1
        H2,A,5,A-5-1,M,,0,C1
        """

    func load(requests: String = "student_id,interests\nK1,chess\nK2,\n", helpers: String = "student_id,capacity,interests,consent\nH1,1,chess,true\nH2,,music,yes\n",
              pairs: String? = nil, ranks: String? = nil) throws -> BuddyData {
        var warnings = [String]()
        let s = try Student.parseTable(CSVTable.parse(students, file: "students.csv"), warnings: &warnings)
        return try BuddyData.parse(students: s, studentsFile: "students.csv", requests: CSVTable.parse(requests, file: "buddy_requests.csv"),
                                   helpers: CSVTable.parse(helpers, file: "helpers.csv"),
                                   pairs: try pairs.map { try CSVTable.parse($0, file: "buddy_pairs.csv") },
                                   ranks: try ranks.map { try CSVTable.parse($0, file: "buddy_ranks.csv") })
    }

    @Test func goodTablesLoad() throws {
        let d = try load(ranks: "student_id,helper_id,side,rank\nK1,H1,child,1\nK1,H2,child,2\nK1,H1,helper,1\n")
        #expect(d.requests.map(\.studentID) == ["K1", "K2"])
        #expect(d.requests[0].interests == ["chess"])
        #expect(d.helpers.map(\.capacity) == [1, 1])
        #expect(d.helpers.map(\.consent) == [true, true])
        #expect(d.childRanks == ["K1": ["H1", "H2"]])
        #expect(d.helperRanks == ["H1": ["K1"]])
    }

    @Test func requestForAStudentWhoIsNotThere() {
        #expect(throws: DataError(file: "buddy_requests.csv", line: 3, column: 1, message: "student_id 'K9' is not in students.csv")) {
            try load(requests: "student_id,interests\nK1,\nK9,\n")
        }
    }

    @Test func helperWhoAlsoAsks() {
        #expect(throws: DataError(file: "helpers.csv", line: 3, column: 1, message: "student_id 'K2' asks for a buddy (buddy_requests.csv line 3); a child who needs a buddy cannot also be a helper")) {
            try load(helpers: "student_id,capacity,interests,consent\nH1,1,,true\nK2,1,,true\n")
        }
    }

    @Test func ranksWithAGap() {
        #expect(throws: DataError(file: "buddy_ranks.csv", line: 3, column: 13, message: "child K1 has rank 3 but no rank 2; ranks must be 1, 2, 3, ... without gaps")) {
            try load(ranks: "student_id,helper_id,side,rank\nK1,H1,child,1\nK1,H2,child,3\n")
        }
    }

    @Test func ranksWithADuplicate() {
        #expect(throws: DataError(file: "buddy_ranks.csv", line: 3, column: 14, message: "helper H1 gives rank 1 twice (also line 2); ranks must be 1, 2, 3, ... with no repeats")) {
            try load(ranks: "student_id,helper_id,side,rank\nK1,H1,helper,1\nK2,H1,helper,1\n")
        }
        #expect(throws: DataError(file: "buddy_ranks.csv", line: 3, column: 4, message: "child K1 ranks H1 twice (also line 2)")) {
            try load(ranks: "student_id,helper_id,side,rank\nK1,H1,child,1\nK1,H1,child,2\n")
        }
    }

    @Test func badSideKindAndCapacity() {
        #expect(throws: DataError(file: "buddy_ranks.csv", line: 2, column: 7, message: "side must be child (the child ranks the helper) or helper (the helper ranks the child), found \"mentor\"")) {
            try load(ranks: "student_id,helper_id,side,rank\nK1,H1,mentor,1\n")
        }
        #expect(throws: DataError(file: "buddy_pairs.csv", line: 2, column: 7, message: "kind must be prefer, forbid or pin, found \"love\"")) {
            try load(pairs: "student_id,helper_id,kind,score\nK1,H1,love,\n")
        }
        #expect(throws: DataError(file: "helpers.csv", line: 2, column: 4, message: "capacity must be a whole number of children from 0 to 20 (empty: 1), found \"-1\"")) {
            try load(helpers: "student_id,capacity,interests,consent\nH1,-1,,true\n")
        }
    }
}

/// Files that are not UTF-8: the error says what they look like and how to save them.
@Suite struct TextEncodings {
    func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> Data {
        var bytes = [UInt8]()
        if bom { bytes += bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE] }
        for unit in text.utf16 {
            let (hi, lo) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += bigEndian ? [hi, lo] : [lo, hi]
        }
        return Data(bytes)
    }

    func message(_ data: Data) -> String {
        do { _ = try CSVTable.parse(data: data, file: "students.csv"); return "no error" } catch { return "\(error)" }
    }

    let table = "student_id,school_id\r\nS1,A\r\nS2,B\r\n"

    @Test func utf16WithoutByteOrderMark() {
        #expect(message(utf16(table, bigEndian: false, bom: false))
                == "students.csv: is not UTF-8 text (it looks like UTF-16, little-endian, without a byte-order mark: every other byte is 0); save it as CSV UTF-8")
        #expect(message(utf16(table, bigEndian: true, bom: false))
                == "students.csv: is not UTF-8 text (it looks like UTF-16, big-endian, without a byte-order mark: every other byte is 0); save it as CSV UTF-8")
        // Chinese names and all: still told apart by the ASCII of the header and ids.
        #expect(message(utf16("student_id,name\nS1,李明\n", bigEndian: false, bom: false))
                == "students.csv: is not UTF-8 text (it looks like UTF-16, little-endian, without a byte-order mark: every other byte is 0); save it as CSV UTF-8")
    }

    @Test func utf16WithByteOrderMark() {
        #expect(message(utf16(table, bigEndian: false, bom: true))
                == "students.csv: is not UTF-8 text (it looks like UTF-16, little-endian: it starts with a UTF-16 byte-order mark); save it as CSV UTF-8")
        #expect(message(utf16(table, bigEndian: true, bom: true))
                == "students.csv: is not UTF-8 text (it looks like UTF-16, big-endian: it starts with a UTF-16 byte-order mark); save it as CSV UTF-8")
    }

    @Test func aStrayNulByte() {
        #expect(message(Data("a,b\n1,2\0\n".utf8)) == "students.csv: is not UTF-8 text (it has a NUL byte at byte 8; a text table never has one); save it as CSV UTF-8")
    }

    @Test func latin1AndUTF8() throws {
        #expect(message(Data([0x61, 0x0A, 0xE9, 0x0A])) == "students.csv: is not UTF-8 text; save it as CSV UTF-8")
        let t = try CSVTable.parse(data: Data("\u{FEFF}a,b\n1,é\n".utf8), file: "students.csv")
        #expect(t.rows[0].fields.map(\.value) == ["1", "é"])
    }

    @Test func readingAFileGivesTheSameError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("careplan-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("students.csv")
        try utf16(table, bigEndian: false, bom: false).write(to: url)
        #expect(throws: DataError(file: "data/students.csv", line: 0, column: 0,
                                  message: "is not UTF-8 text (it looks like UTF-16, little-endian, without a byte-order mark: every other byte is 0); save it as CSV UTF-8")) {
            try CSVTable.read(url, name: "data/students.csv")
        }
    }
}
