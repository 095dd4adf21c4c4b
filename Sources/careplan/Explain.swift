import ArgumentParser
import CareModel
import Foundation
import Planning
import Scenarios

/// `careplan explain --out DIR --student ID`
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain why a student got their mentor and buddy, and what the next best option was.",
        discussion: "Reads a run's output folder and its scenario, and explains every plan that ran. Qualification rules that reveal a student's risk or difficulty are named only with --sensitive."
    )

    @Option(name: .long, help: "The output folder of `careplan run`.")
    var out: String

    @Option(name: .long, help: "The student's identifier.")
    var student: String

    @Flag(name: .long, help: "Name the qualification rules that apply to this student (they reveal sensitive attributes).")
    var sensitive = false

    func run() throws {
        let outURL = URL(fileURLWithPath: out)
        let summaryURL = outURL.appendingPathComponent("summary.json")
        guard FileManager.default.fileExists(atPath: summaryURL.path) else {
            throw DataError(file: summaryURL.path, line: 0, column: 0, message: "no such file; is \(out) the output folder of `careplan run`?")
        }
        let summary = try RunSummary.read(summaryURL)
        // The plan is explained from the tables it was made from, or not at all.
        let scenarioURL: URL
        if let inputs = summary.inputs {
            if let change = inputs.firstChange(out: outURL) {
                throw DataError(file: summaryURL.path, line: 0, column: 0,
                                message: "the run's inputs are not as it read them (\(change)); run `careplan run` again to explain the new plan")
            }
            guard let url = inputs.scenarioURL(out: outURL) else {
                throw DataError(file: summaryURL.path, line: 0, column: 0, message: "names no scenario file to explain from")
            }
            scenarioURL = url
        } else {
            guard let path = summary.scenarioFile else {
                throw DataError(file: summaryURL.path, line: 0, column: 0, message: "names no scenario file to explain from")
            }
            printError("careplan: warning: \(summaryURL.path) records no input hashes (an older careplan wrote it); the tables may have changed since")
            scenarioURL = URL(fileURLWithPath: path)
        }
        let scenario = try Scenario.load(scenarioURL)
        let prepared = try ScenarioRunner.prepare(scenario)
        var explained = false
        if let problem = prepared.mentors, summary.plans["mentors"] != nil, let s = problem.studentIndex[student] {
            try explainMentor(problem, s, outURL)
            explained = true
        }
        if let problem = prepared.buddies, summary.plans["buddies"] != nil,
           problem.childIndex[student] != nil || problem.helperIndex[student] != nil {
            if explained { print("") }
            try explainBuddy(problem, outURL)
            explained = true
        }
        if !explained {
            if let problem = prepared.buddies, problem.studentIndex[student] != nil, prepared.mentors == nil {
                print("Student \(student) neither asks for a buddy nor helps in this plan")
                return
            }
            throw ValidationError("student '\(student)' is not in the scenario's data")
        }
    }

    func explainMentor(_ problem: MentorProblem, _ s: Int, _ outURL: URL) throws {
        let data = problem.data
        let assignments = try Table(CSVTable.read(outURL.appendingPathComponent("mentors/assignments.csv"), name: "\(out)/mentors/assignments.csv"),
                                    required: ["student_id", "mentor_id"])
        let loads = try Table(CSVTable.read(outURL.appendingPathComponent("mentors/loads.csv"), name: "\(out)/mentors/loads.csv"),
                              required: ["mentor_id", "load", "capacity"])
        // High-risk students per mentor, counted from the plan (loads.csv does not say: it would reveal them).
        var highRiskOf = [String: Int]()
        for row in assignments.rows {
            if let s = problem.studentIndex[row.field("student_id").value], problem.isHighRisk(s) { highRiskOf[row.field("mentor_id").value, default: 0] += 1 }
        }
        var load = [String: (load: Int, capacity: Int, highRisk: Int)]()
        for row in loads.rows {
            let id = row.field("mentor_id").value
            load[id] = (Int(row.field("load").value) ?? 0, Int(row.field("capacity").value) ?? 0, highRiskOf[id] ?? 0)
        }
        let mentorID = assignments.rows.first { $0.field("student_id").value == student }?.field("mentor_id").value
        let st = data.students[s]
        let policy = problem.policy
        let candidates = problem.candidates[s]
        print("Student \(student) (school \(st.schoolID), grade \(st.grade))")

        let restricted = st.isInDifficulty || st.riskLevel >= policy.highRiskLevel
        if restricted {
            if sensitive {
                var rules = ["a mentor with \(HardRule.years(policy.minYears))+ years of experience"]
                if st.riskLevel >= policy.psychTrainedLevel { rules.append("psych training") }
                if st.riskLevel >= policy.highRiskLevel { rules.append("at most \(policy.maxHighRisk) such students per mentor") }
                print("  qualification rules: \(rules.joined(separator: ", "))")
            } else {
                print("  a qualification rule limits this student's possible mentors (--sensitive names it)")
            }
        }
        print("  \(candidates.count) possible mentor\(candidates.count == 1 ? "" : "s") under the hard rules")

        func describe(_ c: MentorProblem.Candidate) -> String {
            let reasons = c.reasons.names
            return "score \(CSVWriter.number(Double(c.scoreUnits) / 100))" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
        }
        guard let mentorID, let chosen = candidates.first(where: { data.mentors[$0.mentor].id == mentorID }) else {
            print("  no mentor in this plan")
            // The specific rule is in unmet.sensitive.csv when the run was made with --sensitive.
            let sensitiveFile = outURL.appendingPathComponent("mentors/unmet.sensitive.csv")
            let file = sensitive && FileManager.default.fileExists(atPath: sensitiveFile.path) ? sensitiveFile : outURL.appendingPathComponent("mentors/unmet.csv")
            if let row = try? Table(CSVTable.read(file), required: ["student_id", "rule", "detail"]).rows
                .first(where: { $0.field("student_id").value == student }) {
                let rule = row.field("rule").value
                let revealing = ["experience", "psych_trained", "high_risk_cap", "qualification"].contains(rule)
                print("  blocked by: \(revealing && !sensitive ? "a qualification rule (--sensitive names it)" : "\(rule): \(row.field("detail").value)")")
            }
            return
        }
        print("  mentor \(mentorID): \(describe(chosen))")
        if data.history[student] == mentorID { print("  kept from last term") }
        let others = candidates.filter { data.mentors[$0.mentor].id != mentorID }
        guard let next = others.first else {
            print("  no other possible mentor")
            return
        }
        let nextID = data.mentors[next.mentor].id
        let l = load[nextID] ?? (0, 0, 0)
        var why: String
        if next.scoreUnits > chosen.scoreUnits || l.load + next.load > l.capacity {
            why = l.load + next.load > l.capacity ? "full (load \(l.load) of \(l.capacity))" : "placing this student there would have displaced others with more to gain"
            if problem.isHighRisk(s) && l.highRisk >= policy.maxHighRisk && sensitive { why = "already has \(l.highRisk) high-risk students" }
        } else if next.scoreUnits == chosen.scoreUnits {
            why = "same score; the plan spreads loads evenly (load \(l.load) of \(l.capacity))"
        } else {
            why = "lower score"
        }
        print("  next best option: mentor \(nextID), \(describe(next)): \(why)")
    }

    /// The buddy side: a child's buddy (or why none) and the next best helper; a helper's children.
    func explainBuddy(_ problem: BuddyProblem, _ outURL: URL) throws {
        let pairs = try Table(CSVTable.read(outURL.appendingPathComponent("buddies/pairs.csv"), name: "\(out)/buddies/pairs.csv"),
                              required: ["student_id", "helper_id"])
        var childrenOf = [String: [String]](), buddyOf = [String: String]()
        for row in pairs.rows {
            let child = row.field("student_id").value, helper = row.field("helper_id").value
            childrenOf[helper, default: []].append(child)
            buddyOf[child] = helper
        }
        if let h = problem.helperIndex[student] {
            let kids = childrenOf[student] ?? []
            var why = ""
            if problem.capacity[h] == 0 {
                // Eligibility depends on the helper's own risk level and difficulty: named only when asked.
                let helper = problem.data.helpers[h]
                why = !helper.consent ? " (no consent from the family)"
                    : helper.capacity == 0 ? " (capacity 0 in helpers.csv)"
                    : sensitive ? " (\(BuddyRule.helperEligible.sentence(problem.policy)))"
                    : " (a rule keeps this student from helping; --sensitive names it)"
            }
            print("Helper \(student): takes \(problem.capacity[h]) child\(problem.capacity[h] == 1 ? "" : "ren")\(why)")
            print(kids.isEmpty ? "  no child in this plan" : "  buddy of \(kids.joined(separator: ", "))")
            return
        }
        guard let c = problem.childIndex[student] else { return }
        let candidates = problem.candidates[c]
        let stable = problem.policy.mode == .stable
        print("Buddy for \(student)")
        print("  \(candidates.count) possible helper\(candidates.count == 1 ? "" : "s") under the hard rules\(stable ? ", \(problem.childRank[c].count) of them ranked by both sides" : "")")
        func describe(_ cand: BuddyProblem.Candidate) -> String {
            let reasons = cand.reasons.names
            var text = "score \(CSVWriter.number(Double(cand.scoreUnits) / 100))" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
            if stable, let r = problem.childRank[c][cand.helper] { text += ", the child's choice \(r), the helper's choice \(problem.helperRank[cand.helper][c]!)" }
            return text
        }
        guard let helperID = buddyOf[student], let h = problem.helperIndex[helperID],
              let chosen = candidates.first(where: { $0.helper == h }) else {
            print("  no buddy in this plan")
            if let row = try? Table(CSVTable.read(outURL.appendingPathComponent("buddies/unmatched.csv")), required: ["student_id", "rule", "detail"]).rows
                .first(where: { $0.field("student_id").value == student }) {
                let rule = row.field("rule").value
                print("  blocked by: \(rule == "helper_eligible" && !sensitive ? "a helper eligibility rule (--sensitive names it)" : "\(rule): \(row.field("detail").value)")")
            }
            return
        }
        print("  helper \(helperID): \(describe(chosen))\(problem.pinned[c] != nil ? ", pinned" : "")")
        let others = candidates.filter { $0.helper != h && (!stable || problem.childRank[c][$0.helper] != nil) }
            .sorted { stable ? problem.childRank[c][$0.helper]! < problem.childRank[c][$1.helper]! : false }
        guard let next = others.first else {
            print("  no other possible helper")
            return
        }
        let nextID = problem.data.helpers[next.helper].studentID
        let taken = childrenOf[nextID]?.count ?? 0, room = problem.capacity[next.helper]
        let why: String
        if stable {
            let better = problem.childRank[c][next.helper]! < (problem.childRank[c][h] ?? Int.max)
            why = better ? "full (\(taken) of \(room)) with children this helper ranked higher" : "ranked lower by the child"
        } else if taken >= room {
            why = next.scoreUnits > chosen.scoreUnits ? "full (\(taken) of \(room)); moving the child there would have left another child worse off"
                : "full (\(taken) of \(room)) and no better a match"
        } else {
            why = next.scoreUnits == chosen.scoreUnits ? "same score" : "lower score"
        }
        print("  next best option: helper \(nextID), \(describe(next)): \(why)")
    }
}
