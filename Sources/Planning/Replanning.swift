import CareModel

/// Re-planning (`careplan run --from OUT`): how a plan's pairs differ from the plan it started
/// from, and why each one changed. A pair is a subject (a student, a child, a person) and its
/// partner (a mentor, a helper, a site).
///
/// A planner that re-plans gives each earlier pair that still meets every hard rule a keep
/// bonus larger than all soft terms of its component together, and smaller than the cost of
/// leaving anyone without a partner. So a pair changes only when a rule or a departure forces
/// it, or when its partner's room is needed to place someone who would otherwise have none.
public struct PlanChanges: Sendable, Equatable {
    public enum Why: String, Sendable, CaseIterable {
        /// The partner is no longer in the tables.
        case partnerLeft = "partner_left"
        /// The pair now breaks a hard rule (a policy or table change); which one is not named,
        /// as it may reveal a student's attributes.
        case rule
        /// The pair still meets every rule, but the partner's room was needed for someone
        /// who would otherwise have no partner, or shrank.
        case capacity
        /// The subject was not in the earlier plan (no pair, or new in the tables).
        case new
        /// The subject is no longer in the tables.
        case subjectLeft = "subject_left"
    }

    public struct Change: Sendable, Equatable {
        public let subject: String
        /// The subject's school or street, for grouping.
        public let group: String
        public let before: String?
        public let after: String?
        public let why: Why
    }

    /// Every pair that is not as it was, by subject.
    public let changes: [Change]
    /// Earlier pairs kept.
    public let kept: Int
    /// Earlier pairs whose subject is still in the tables.
    public let earlier: Int

    /// - Parameters:
    ///   - previous: the earlier plan's partner of each subject.
    ///   - current: the new plan's partner of each subject in the tables (nil: none).
    ///   - groups: each current subject's school or street.
    ///   - partners: every partner in the tables.
    ///   - allowed: whether a pair meets every hard rule now.
    public init(previous: [String: String], current: [String: String?], groups: [String: String], partners: Set<String>,
                allowed: (String, String) -> Bool) {
        var changes = [Change](), kept = 0, earlier = 0
        for (subject, after) in current {
            let group = groups[subject] ?? ""
            guard let before = previous[subject] else {
                if let after { changes.append(Change(subject: subject, group: group, before: nil, after: after, why: .new)) }
                continue
            }
            earlier += 1
            if after == before { kept += 1; continue }
            let why: Why = !partners.contains(before) ? .partnerLeft : !allowed(subject, before) ? .rule : .capacity
            changes.append(Change(subject: subject, group: group, before: before, after: after, why: why))
        }
        for (subject, before) in previous where current[subject] == nil {
            changes.append(Change(subject: subject, group: "", before: before, after: nil, why: .subjectLeft))
        }
        self.changes = changes.sorted { $0.subject < $1.subject }
        self.kept = kept
        self.earlier = earlier
    }

    public func count(_ why: Why) -> Int { changes.filter { $0.why == why }.count }

    /// The figures a re-plan adds to its plan's (`partner`: "mentor", "helper", "site").
    public func figures(partner: String) -> [Figure] {
        [Figure("pairs_kept", "earlier pairs kept", kept, .count, .higherIsBetter),
         Figure("pairs_changed", "earlier pairs changed", earlier - kept, .count, .lowerIsBetter),
         Figure("changed_partner_left", "changed: \(partner) left", count(.partnerLeft), .count, .neutral),
         Figure("changed_rule", "changed: a rule forbids the pair now", count(.rule), .count, .neutral),
         Figure("changed_capacity", "changed: the \(partner)'s room was needed", count(.capacity), .count, .neutral),
         Figure("pairs_new", "new pairs", count(.new), .count, .neutral),
         Figure("subjects_left", "earlier pairs whose subject left", count(.subjectLeft), .count, .neutral)]
    }

    /// In words: `re-planned: 688 of 700 earlier pairs kept; 12 changed (12: the mentor left); 3 new pairs`.
    public func sentence(partner: String) -> String {
        let reasons: [(Why, String)] = [(.partnerLeft, "the \(partner) left"), (.rule, "a rule forbids the pair now"),
                                        (.capacity, "the \(partner)'s room was needed")]
        let why = reasons.filter { count($0.0) > 0 }.map { "\(count($0.0)): \($0.1)" }
        var text = "re-planned: \(kept) of \(earlier) earlier pairs kept; \(earlier - kept) changed" + (why.isEmpty ? "" : " (\(why.joined(separator: "; ")))")
        if count(.new) > 0 { text += "; \(count(.new)) new pair\(count(.new) == 1 ? "" : "s")" }
        if count(.subjectLeft) > 0 { text += "; \(count(.subjectLeft)) earlier pair\(count(.subjectLeft) == 1 ? "" : "s") ended (gone from the tables)" }
        return text
    }

    /// `PLAN/changes.csv`.
    public func csv(subject: String, group: String, partner: String) -> String {
        var out = CSVWriter(header: [subject, group, "\(partner)_before", "\(partner)_after", "why"])
        for c in changes { out.append([c.subject, c.group, c.before ?? "", c.after ?? "", c.why.rawValue]) }
        return out.text
    }

    /// The keep bonus of a component: one more than everything its soft terms could swing
    /// (`softRange`, in the plan's integer units), so no soft gain pays for a change.
    public static func keepBonus(softRange: Int) -> Int { softRange + 1 }
}
