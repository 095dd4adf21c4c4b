import CareModel

/// Why a child got their buddy (or none) and what the next best helper was; which children a
/// helper keeps company.
extension BuddyProblem {
    /// A buddy plan as written (pairs.csv, unmatched.csv), read back.
    public struct WrittenPlan: Sendable {
        /// Child id to helper id.
        public var helperOf: [String: String] = [:]
        /// Child id to the rule and detail that left them without a buddy.
        public var unmatched: [String: (rule: String, detail: String)] = [:]
        public init() {}

        /// Helper id to the children they keep company, in the file's order.
        var childrenOf: [String: [String]] {
            var out = [String: [String]]()
            for (child, helper) in helperOf.sorted(by: { $0.key < $1.key }) { out[helper, default: []].append(child) }
            return out
        }
    }

    /// The explanation for `id` as a child who asked for a buddy or as a helper; nil when neither.
    public func explain(student id: String, plan: WrittenPlan, sensitive: Bool) -> Explanation? {
        if let h = helperIndex[id] { return explain(helper: h, id: id, plan: plan, sensitive: sensitive) }
        guard let c = childIndex[id] else { return nil }
        let stable = policy.mode == .stable
        var out = Explanation(title: "Buddy for \(id)")
        out.details.append("\(candidates[c].count) possible helper\(candidates[c].count == 1 ? "" : "s") under the hard rules"
                           + (stable ? ", \(ranked[c].count) of them ranked by both sides" : ""))
        func describe(_ cand: Candidate) -> String {
            let reasons = cand.reasons.names
            var text = "score \(CSVWriter.number(Double(cand.scoreUnits) / 100))" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
            if stable, let pair = ranks(child: c, helper: cand.helper) { text += ", the child's choice \(pair.childRank), the helper's choice \(pair.helperRank)" }
            return text
        }
        guard let helperID = plan.helperOf[id], let h = helperIndex[helperID], let chosen = candidates[c].first(where: { $0.helper == h }) else {
            out.details.append("no buddy in this plan")
            if let blocked = plan.unmatched[id] {
                out.details.append("blocked by: " + (blocked.rule == BuddyRule.helperEligible.rawValue && !sensitive
                    ? "a helper eligibility rule (--sensitive names it)" : "\(blocked.rule): \(blocked.detail)"))
            }
            return out
        }
        out.details.append("helper \(helperID): \(describe(chosen))\(pinned[c] != nil ? ", pinned" : "")")
        // In stable mode the child's ranked helpers in the child's order; otherwise by score.
        let others = stable ? ranked[c].filter { $0.helper != h }.compactMap { pair in candidates[c].first { $0.helper == pair.helper } }
            : candidates[c].filter { $0.helper != h }
        guard let next = others.first else {
            out.details.append("no other possible helper")
            return out
        }
        let nextID = data.helpers[next.helper].studentID
        let taken = plan.childrenOf[nextID]?.count ?? 0, room = capacity[next.helper]
        let why: String
        if stable {
            let better = ranks(child: c, helper: next.helper)!.childRank < (ranks(child: c, helper: h)?.childRank ?? Int.max)
            why = better ? "full (\(taken) of \(room)) with children this helper ranked higher" : "ranked lower by the child"
        } else if taken >= room {
            why = next.scoreUnits > chosen.scoreUnits ? "full (\(taken) of \(room)); moving the child there would have left another child worse off"
                : "full (\(taken) of \(room)) and no better a match"
        } else {
            why = next.scoreUnits == chosen.scoreUnits ? "same score" : "lower score"
        }
        out.details.append("next best option: helper \(nextID), \(describe(next)): \(why)")
        return out
    }

    private func explain(helper h: Int, id: String, plan: WrittenPlan, sensitive: Bool) -> Explanation {
        let kids = plan.childrenOf[id] ?? []
        var why = ""
        if capacity[h] == 0 {
            // Eligibility depends on the helper's own risk level and difficulty: named only when asked.
            let helper = data.helpers[h]
            why = !helper.consent ? " (no consent from the family)"
                : helper.capacity == 0 ? " (capacity 0 in helpers.csv)"
                : sensitive ? " (\(BuddyRule.helperEligible.sentence(policy)))"
                : " (a rule keeps this student from helping; --sensitive names it)"
        }
        return Explanation(title: "Helper \(id): takes \(capacity[h]) child\(capacity[h] == 1 ? "" : "ren")\(why)",
                           details: [kids.isEmpty ? "no child in this plan" : "buddy of \(kids.joined(separator: ", "))"])
    }
}
