import CareModel

/// Why a student got their mentor, and what the next best option was.
extension MentorProblem {
    /// A mentor plan as written to its folder (assignments.csv, loads.csv, unmet.csv), read back.
    public struct WrittenPlan: Sendable {
        /// Student id to mentor id.
        public var mentorOf: [String: String] = [:]
        /// Mentor id to load and capacity.
        public var loads: [String: (load: Int, capacity: Int)] = [:]
        /// Student id to the rule and detail that left them without a mentor (the specific ones
        /// when the run wrote `unmet.sensitive.csv` and they are asked for).
        public var unmet: [String: (rule: String, detail: String)] = [:]
        public init() {}
    }

    /// The explanation for student `id`, or nil when the student is not in the data.
    public func explain(student id: String, plan: WrittenPlan, sensitive: Bool) -> Explanation? {
        guard let s = studentIndex[id] else { return nil }
        let st = data.students[s]
        var out = Explanation(title: "Student \(id) (school \(st.schoolID), grade \(st.grade))")
        if st.isInDifficulty || st.riskLevel >= policy.highRiskLevel {
            if sensitive {
                var rules = ["a mentor with \(HardRule.years(policy.minYears))+ years of experience"]
                if st.riskLevel >= policy.psychTrainedLevel { rules.append("psych training") }
                if st.riskLevel >= policy.highRiskLevel { rules.append("at most \(policy.maxHighRisk) such students per mentor") }
                out.details.append("qualification rules: \(rules.joined(separator: ", "))")
            } else {
                out.details.append("a qualification rule limits this student's possible mentors (--sensitive names it)")
            }
        }
        let options = candidates[s]
        out.details.append("\(options.count) possible mentor\(options.count == 1 ? "" : "s") under the hard rules")

        func describe(_ c: Candidate) -> String {
            let reasons = c.reasons.names
            return "score \(CSVWriter.number(Double(c.policyUnits) / 100))" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
        }
        guard let mentorID = plan.mentorOf[id], let chosen = options.first(where: { data.mentors[$0.mentor].id == mentorID }) else {
            out.details.append("no mentor in this plan")
            if let blocked = plan.unmet[id] {
                let revealing = MentorRule(rawValue: blocked.rule).map { $0.revealsAttributes || $0 == .qualification } ?? false
                out.details.append("blocked by: " + (revealing && !sensitive ? "a qualification rule (--sensitive names it)" : "\(blocked.rule): \(blocked.detail)"))
            }
            return out
        }
        out.details.append("mentor \(mentorID): \(describe(chosen))")
        if data.history[id] == mentorID { out.details.append("kept from last term") }
        guard let next = options.first(where: { data.mentors[$0.mentor].id != mentorID }) else {
            out.details.append("no other possible mentor")
            return out
        }
        let nextID = data.mentors[next.mentor].id
        let l = plan.loads[nextID] ?? (0, 0)
        var why: String
        if next.scoreUnits > chosen.scoreUnits || l.load + next.load > l.capacity {
            why = l.load + next.load > l.capacity ? "full (load \(l.load) of \(l.capacity))" : "placing this student there would have displaced others with more to gain"
            if sensitive && isHighRisk(s) {
                // High-risk students per mentor, counted from the plan (loads.csv does not say: it would reveal them).
                let highRisk = plan.mentorOf.filter { $0.value == nextID && studentIndex[$0.key].map(isHighRisk) == true }.count
                if highRisk >= policy.maxHighRisk { why = "already has \(highRisk) high-risk students" }
            }
        } else if next.scoreUnits == chosen.scoreUnits {
            why = "same score; the plan spreads loads evenly (load \(l.load) of \(l.capacity))"
        } else {
            why = "lower score"
        }
        out.details.append("next best option: mentor \(nextID), \(describe(next)): \(why)")
        return out
    }
}
