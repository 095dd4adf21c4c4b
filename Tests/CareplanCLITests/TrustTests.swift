import Foundation
import History
import Testing

/// What a school needs before it hands over its children's data: no leak of risk levels or
/// difficulty, no silent or endless runs, nothing left behind by an interrupt, explanations
/// that refuse to answer from changed tables.
@Suite(.serialized) struct Trust {
    /// Words that would reveal a student's risk level, difficulty category or the qualification
    /// rules behind them. The mentor KPI "children in difficulty with a qualified mentor" is a
    /// district-wide count and allowed.
    static let revealing = ["risk level", "risk_level", "high-risk", "high_risk", "high risk", "psych", "years of experience", "+ years",
                            "poverty", "disability", "guardianship", "migrant", "left_behind", "left-behind", "at risk",
                            // the activities plan's rules for children showing abnormal psychology or behaviour
                            "abnormal", "every 14 days", "14_days", "monthly_home_visit"]

    /// The revealing words in `text`; staff roles (psychology teachers) are no student's attribute.
    static func leaks(_ text: String) -> [String] {
        let text = text.lowercased().replacingOccurrences(of: "psych_teacher", with: "").replacingOccurrences(of: "psychology teacher", with: "")
        return revealing.filter { text.contains($0) }
    }

    /// A tiny district whose mentors are too few (cap 11), all five plans, short limits.
    func scenario(_ scratch: Scratch) throws -> String {
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "1", "--roster-days", "7", "--activities-months", "2", "--out", scratch.sub("d")).code == 0)
        try scratch.write("s.yaml", """
            name: trust
            data: d
            plans: [mentors, buddies, staffing, roster, activities]
            roster: {start: 2026-12-07, days: 7}
            activities: {start: 2027-02-01, months: 2}
            policy: {mentor: {cap: 11, max_high_risk: 1}, buddy: {max_grade_gap: 0}}
            solver: {time_limit: 5, work_limit: 3}

            """)
        return scratch.sub("s.yaml")
    }

    /// Every file of `folder` (recursively) as text, by relative path.
    func texts(_ folder: String) -> [String: String] {
        CLI.snapshot(folder).compactMapValues { String(data: $0, encoding: .utf8) }.filter { !$0.value.isEmpty }
    }

    @Test func noOutputOrTerminalLineRevealsAttributes() throws {
        let scratch = try Scratch()
        let s = try scenario(scratch)
        let run = try CLI.run("run", s, "--out", scratch.sub("out"))
        #expect(run.code == 1)
        #expect(run.out.contains("To give every student a mentor:\n"))
        #expect(run.out.contains("among mentors with the required qualification"))
        for (name, text) in texts(scratch.sub("out")) {
            #expect(Self.leaks(text).isEmpty, "\(name) reveals \(Self.leaks(text))")
        }
        #expect(Self.leaks(run.out).isEmpty, "the terminal reveals \(Self.leaks(run.out))")
        #expect(Self.leaks(run.err).isEmpty, "standard error reveals \(Self.leaks(run.err))")
        let unmet = try String(contentsOfFile: scratch.sub("out/mentors/unmet.csv"), encoding: .utf8)
        #expect(unmet.contains(",qualification,needs a mentor with the required qualification and none is free (--sensitive names the rule)\n"))
        #expect(!FileManager.default.fileExists(atPath: scratch.sub("out/mentors/unmet.sensitive.csv")))
        let fixes = try String(contentsOfFile: scratch.sub("out/mentors/fixes.csv"), encoding: .utf8).split(separator: "\n")
        let printed = run.out.split(separator: "\n").filter { $0.hasPrefix("  - grade") || $0.hasPrefix("  - school") }
        #expect(fixes.first == "fix" && fixes.count - 1 >= printed.count && printed.count > 0)

        // Explain without --sensitive names no rule either.
        let student = unmet.split(separator: "\n").first { $0.contains(",qualification,") }!.split(separator: ",")[0]
        let explain = try CLI.run("explain", "--out", scratch.sub("out"), "--student", String(student))
        #expect(explain.code == 0)
        #expect(explain.out.contains("  blocked by: a qualification rule (--sensitive names it)\n"))
        #expect(Self.leaks(explain.out).isEmpty)
    }

    @Test func sensitiveRunsWriteTheReasonsIntoMarkedFiles() throws {
        let scratch = try Scratch()
        let s = try scenario(scratch)
        let plain = try CLI.run("run", s, "--out", scratch.sub("plain"))
        let run = try CLI.run("run", s, "--out", scratch.sub("out"), "--sensitive")
        #expect(run.code == 1)
        let unmet = try String(contentsOfFile: scratch.sub("out/mentors/unmet.sensitive.csv"), encoding: .utf8)
        #expect(unmet.hasPrefix("student_id,school_id,grade,rule,detail\n"))
        #expect(unmet.contains(",high_risk_cap,every qualified mentor already has 1 high-risk student\n") || unmet.contains(",experience,"))
        let fixes = try String(contentsOfFile: scratch.sub("out/mentors/fixes.sensitive.csv"), encoding: .utf8)
        #expect(fixes.contains("3+ years"))
        #expect(try String(contentsOfFile: scratch.sub("out/mentors/loads.sensitive.csv"), encoding: .utf8)
            .hasPrefix("mentor_id,school_id,load,capacity,high_risk\n"))
        #expect(run.out.contains("3+ years"))
        #expect(run.out.contains("(with *.sensitive.csv files: keep them private)"))
        // The files without ".sensitive" are the same bytes as without the flag.
        for name in ["mentors/unmet.csv", "mentors/fixes.csv", "mentors/loads.csv", "mentors/assignments.csv", "buddies/unmatched.csv"] {
            #expect(FileManager.default.contents(atPath: scratch.sub("out/" + name)) == FileManager.default.contents(atPath: scratch.sub("plain/" + name)), "\(name)")
        }
        #expect(plain.out.split(separator: "\n").filter { $0.hasPrefix("  students ") } == run.out.split(separator: "\n").filter { $0.hasPrefix("  students ") })
    }

    /// A pin that breaks a qualification rule: the error says so without the attribute.
    @Test func pinErrorsNameNoAttributeUnlessAsked() throws {
        let scratch = try Scratch()
        try scratch.write("students.csv", "student_id,school_id,grade,class_id,gender,difficulty,risk_level,community_id\nS1,A,4,A1,F,,3,C\n")
        try scratch.write("mentors.csv", "mentor_id,school_id,gender,grades,classes,years_experience,psych_trained,vetted,capacity\nM1,A,F,4,,10,false,true,\n")
        try scratch.write("pairs.csv", "student_id,mentor_id,kind,score,load\nS1,M1,pin,,\n")
        try scratch.write("s.yaml", "name: pin\ndata: .\nplans: [mentors]\n")
        let plain = try CLI.run("validate", scratch.sub("s.yaml"))
        #expect(plain.code == 2)
        #expect(plain.err == "careplan: error: \(scratch.path)/pairs.csv:2: cannot pin S1 to M1: the student needs a mentor with a qualification this mentor lacks (--sensitive names the rule)\n")
        let sensitive = try CLI.run("validate", scratch.sub("s.yaml"), "--sensitive")
        #expect(sensitive.err == "careplan: error: \(scratch.path)/pairs.csv:2: cannot pin S1 to M1: risk level 3 needs a psych-trained mentor\n")
    }

    @Test func progressGoesToStandardErrorUnlessQuiet() throws {
        let scratch = try Scratch()
        let s = try scenario(scratch)
        let run = try CLI.run("run", s, "--out", scratch.sub("out"))
        // Not a terminal: a plain line as each plan starts.
        for plan in ["mentors: started, ", "buddies: started, ", "roster: started\n", "staffing: started, ", "activities: started, "] {
            #expect(run.err.contains("careplan: \(plan)"), "\(plan)")
        }
        #expect(run.err.split(separator: "\n").first == "careplan: mentors: started, 4 components")
        #expect(!run.err.contains("\u{1B}["))
        // Each plan's summary is printed as it finishes; the last line names the folder.
        #expect(run.out.hasSuffix("Wrote \(scratch.sub("out")): mentors/, buddies/, roster/, staffing/, activities/, summary.json\n"))
        let quiet = try CLI.run("run", s, "--out", scratch.sub("out"), "--quiet")
        #expect(quiet.err == "")
    }

    /// A run killed by a signal: exit 130 or 143, one line saying what stopped, nothing left.
    @Test(arguments: [(SIGINT, Int32(130), "interrupted"), (SIGTERM, Int32(143), "terminated")])
    func signalsLeaveNothingBehind(signal: Int32, code: Int32, word: String) throws {
        let scratch = try Scratch()
        _ = try scenario(scratch)
        try scratch.write("long.yaml", "name: long\ndata: d\nplans: [mentors, roster]\nsolver: {time_limit: 60}\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["run", scratch.sub("long.yaml"), "--out", scratch.sub("out")]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        // Wait until the roster has started (its progress line), then signal.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("careplan: roster: started") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(process.processIdentifier, signal)
        seen.append(err.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == code)
        let lines = String(decoding: seen, as: UTF8.self).split(separator: "\n")
        #expect(lines.last?.hasPrefix("careplan: \(word): stopped the roster plan (") == true)
        #expect(lines.last?.hasSuffix("s in); nothing was written to \(scratch.sub("out"))") == true)
        // Nothing but the history beside the scenario, which says the run was stopped.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["careplan.sqlite", "d", "long.yaml", "s.yaml"])
        let history = try History(path: scratch.sub("careplan.sqlite"))
        let state = try #require(try history.invocations().last).state
        #expect(state == "interrupted")
        #expect(try history.runs().isEmpty)
    }

    /// A run killed outright leaves its staging folder; the next run into the same place removes it.
    @Test func theNextRunRemovesWhatAKilledRunLeft() throws {
        let scratch = try Scratch()
        _ = try scenario(scratch)
        try scratch.write("m.yaml", "name: m\ndata: d\nplans: [mentors]\n")
        // A dead process's staging folder (pid 2^22 + 1 is above Linux's pid_max), and a foreign one.
        let dead = scratch.sub(".out.partial-4194305"), foreign = scratch.sub(".out.partial-4194306")
        try FileManager.default.createDirectory(atPath: dead + "/mentors", withIntermediateDirectories: true)
        try "careplan output folder; careplan may replace it. Files written:\n".write(toFile: dead + "/.careplan-output", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        #expect(try CLI.run("run", scratch.sub("m.yaml"), "--out", scratch.sub("out")).code <= 1)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: foreign))  // not careplan's: left alone
    }

    @Test func explainRefusesChangedInputsAndFollowsAMovedFolder() throws {
        let scratch = try Scratch()
        _ = try scenario(scratch)
        try scratch.write("m.yaml", "name: m\ndata: d\nplans: [mentors]\n")
        #expect(try CLI.run("run", scratch.sub("m.yaml"), "--out", scratch.sub("out")).code <= 1)
        let student = try String(contentsOfFile: scratch.sub("out/mentors/assignments.csv"), encoding: .utf8)
            .split(separator: "\n")[1].split(separator: ",")[0]
        #expect(try CLI.run("explain", "--out", scratch.sub("out"), "--student", String(student)).code == 0)

        // Edit a table: explain refuses rather than answer from the new tables.
        let students = scratch.sub("d/students.csv")
        let original = try String(contentsOfFile: students, encoding: .utf8)
        try (original + "S999999,SCH001,4,C1,F,,0,COM01\n").write(toFile: students, atomically: true, encoding: .utf8)
        let changed = try CLI.run("explain", "--out", scratch.sub("out"), "--student", String(student))
        #expect(changed.code == 2)
        #expect(changed.err == "careplan: error: \(scratch.sub("out/summary.json")): the run's inputs are not as it read them (../d/students.csv changed); run `careplan run` again to explain the new plan\n")
        try original.write(toFile: students, atomically: true, encoding: .utf8)

        // The output folder moved together with its inputs still explains.
        let moved = scratch.sub("moved")
        try FileManager.default.createDirectory(atPath: moved, withIntermediateDirectories: true)
        for name in ["d", "m.yaml", "out"] { try FileManager.default.moveItem(atPath: scratch.sub(name), toPath: moved + "/" + name) }
        let explain = try CLI.run("explain", "--out", moved + "/out", "--student", String(student))
        #expect(explain.code == 0)
        #expect(explain.out.hasPrefix("Student \(student) (school "))
    }

    /// Every fix in a file, per-school and per-street tables, shift times, figures for people.
    @Test func outputsPeopleCanRead() throws {
        let scratch = try Scratch()
        let s = try scenario(scratch)
        let run = try CLI.run("run", s, "--out", scratch.sub("out"))
        func rows(_ name: String) throws -> [[Substring]] {
            try String(contentsOfFile: scratch.sub("out/" + name), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        }
        let schools = try rows("mentors/schools.csv")
        #expect(schools[0] == ["school_id", "assigned", "unmet", "mentors", "mean_load", "max_load"])
        #expect(schools.dropFirst().map { Int($0[1])! }.reduce(0, +) == (try rows("mentors/assignments.csv")).count - 1)
        #expect(schools.dropFirst().map { Int($0[2])! }.reduce(0, +) == (try rows("mentors/unmet.csv")).count - 1)
        #expect(try rows("buddies/schools.csv")[0] == ["school_id", "matched", "unmatched"])
        // Per grade, the same children as per school.
        let grades = try rows("buddies/grades.csv")
        #expect(grades[0] == ["grade", "matched", "unmatched"])
        #expect(grades.dropFirst().map { Int($0[1])! }.reduce(0, +) == (try rows("buddies/pairs.csv")).count - 1)
        #expect(grades.dropFirst().map { Int($0[2])! }.reduce(0, +) == (try rows("buddies/unmatched.csv")).count - 1)
        let streets = try rows("staffing/streets.csv")
        #expect(streets[0] == ["street", "people", "placements", "hires", "requirements", "unmet"])
        #expect(streets.dropFirst().allSatisfy { Int($0[5])! <= Int($0[4])! })
        #expect(streets.dropFirst().map { Int($0[5])! }.reduce(0, +) == (try rows("staffing/unmet.csv")).count - 1)
        for plan in ["mentors", "buddies", "staffing", "roster"] { #expect(try rows("\(plan)/fixes.csv")[0] == ["fix"]) }
        // Shifts with start and end; a shift that runs past midnight ends the next day.
        let shifts = try rows("roster/assignments.csv")
        #expect(shifts[0] == ["person_id", "date", "shift_id", "start", "end"])
        var overnight = 0
        for r in shifts.dropFirst() {
            #expect(r[3].hasPrefix(r[1] + " ") && r[4] > r[3])
            if !r[4].hasPrefix(r[1]) { overnight += 1 }
        }
        #expect(overnight > 0)
        // Figures on the terminal are rounded for people.
        #expect(run.out.range(of: #"\d\.\d{5,}"#, options: .regularExpression) == nil)
        #expect(!run.out.contains(" 1 components") && !run.out.contains(" 1 neighbourhood rounds"))
    }
}
