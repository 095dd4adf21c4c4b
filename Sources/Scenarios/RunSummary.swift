import Foundation
import Modeling
import Planning

/// `summary.json`: the scenario, the inputs it read, and one section per plan that ran.
///
/// Every section has the same keys, written by one writer from the plan's ``PlanOutcome``:
/// `status`, `stop`, `objective`, `bound` (null when none is proven), `gap`, `seconds`,
/// `components`, `kpis` (each figure's value by its key), `figures` (the same, in order, each with its
/// unit and direction), `fixes`; and what is the plan's own (mentors: `network_components`;
/// buddies: `mode`; staffing: `levels`, `joined`; roster: `start`, `days`).
public struct RunSummary: Decodable, Sendable {
    public let scenario: String
    public let scenarioFile: String?
    /// What the run read, with content hashes, so `explain` can tell when they changed.
    public let inputs: Inputs?
    /// True when the run wrote `*.sensitive.csv` files (`--sensitive`).
    public let sensitive: Bool?
    /// The variant this run was, with its overrides (none for a scenario run alone).
    public let variant: Variant.Label?
    /// The sections by plan name (`mentors`, `buddies`, `staffing`, `roster`).
    public let plans: [String: PlanSection]

    enum CodingKeys: String, CodingKey {
        case scenario, plans, inputs, sensitive, variant
        case scenarioFile = "scenario_file"
    }

    public static func read(_ url: URL) throws -> RunSummary {
        try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: url))
    }

    /// What every plan's section holds, read back.
    public struct PlanSection: Decodable, Sendable, Equatable {
        public let status: String
        public let stop: String
        public let objective: Double
        public let bound: Double?
        public let gap: Double
        public let seconds: Double
        public let components: Int
        public let figures: [Figure]
        public let fixes: [String]

        public init(status: String, stop: String, objective: Double, bound: Double?, gap: Double, seconds: Double, components: Int,
                    figures: [Figure], fixes: [String]) {
            (self.status, self.stop, self.objective, self.bound, self.gap) = (status, stop, objective, bound, gap)
            (self.seconds, self.components, self.figures, self.fixes) = (seconds, components, figures, fixes)
        }

        /// A plan's section as `summary.json` holds it (rounded as written there).
        public init(_ plan: any PlanOutcome) {
            self.init(status: plan.status.rawValue, stop: plan.stop.rawValue, objective: plan.objective,
                      bound: plan.bound.isFinite ? (plan.bound * 1000).rounded() / 1000 : nil, gap: (plan.gap * 1_000_000).rounded() / 1_000_000,
                      seconds: (plan.seconds * 1000).rounded() / 1000, components: plan.components, figures: plan.figures, fixes: plan.fixes)
        }
    }

    /// One plan's section, to be written.
    public struct Section: Encodable, Sendable {
        let name: String
        let encode: @Sendable (Encoder) throws -> Void

        init<P: PlanOutcome & SummaryDetails>(_ plan: P) {
            name = P.name
            encode = { encoder in try Self.write(plan, to: encoder) }
        }

        public func encode(to encoder: Encoder) throws { try encode(encoder) }

        static func write<P: PlanOutcome & SummaryDetails>(_ plan: P, to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            let s = PlanSection(plan)
            try c.encode(s.status, forKey: "status")
            try c.encode(s.stop, forKey: "stop")
            try c.encode(s.objective, forKey: "objective")
            try c.encode(s.bound, forKey: "bound")
            try c.encode(s.gap, forKey: "gap")
            try c.encode(s.seconds, forKey: "seconds")
            try c.encode(s.components, forKey: "components")
            try c.encode(Dictionary(uniqueKeysWithValues: plan.figures.map { ($0.key, $0.value) }), forKey: "kpis")
            try c.encode(plan.figures, forKey: "figures")
            try c.encode(plan.fixes, forKey: "fixes")
            try plan.encodeDetails(into: &c)
        }
    }

    /// A key of a section: any text.
    public struct Key: CodingKey, ExpressibleByStringLiteral {
        public let stringValue: String
        public init(stringValue: String) { self.stringValue = stringValue }
        public init(stringLiteral value: String) { stringValue = value }
        public var intValue: Int? { nil }
        public init?(intValue: Int) { nil }
    }

    private struct Written: Encodable {
        let scenario: String
        let scenarioFile: String?
        let inputs: Inputs
        let sensitive: Bool?
        let variant: Variant.Label?
        let plans: [String: Section]

        enum CodingKeys: String, CodingKey {
            case scenario, plans, inputs, sensitive, variant
            case scenarioFile = "scenario_file"
        }
    }

    /// The file's text: sorted keys, so the same run gives the same bytes.
    static func json(scenario: String, scenarioFile: String?, inputs: Inputs, variant: Variant.Label?, sensitive: Bool,
                     sections: [Section]) throws -> String {
        let written = Written(scenario: scenario, scenarioFile: scenarioFile, inputs: inputs, sensitive: sensitive ? true : nil, variant: variant,
                              plans: Dictionary(uniqueKeysWithValues: sections.map { ($0.name, $0) }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(written), as: UTF8.self) + "\n"
    }
}

/// What a plan writes into its `summary.json` section besides what every plan writes.
protocol SummaryDetails {
    func encodeDetails(into c: inout KeyedEncodingContainer<RunSummary.Key>) throws
}

extension MentorPlan: SummaryDetails {
    func encodeDetails(into c: inout KeyedEncodingContainer<RunSummary.Key>) throws {
        try c.encode(networkComponents, forKey: "network_components")
    }
}

extension BuddyPlan: SummaryDetails {
    func encodeDetails(into c: inout KeyedEncodingContainer<RunSummary.Key>) throws {
        try c.encode(mode.rawValue, forKey: "mode")
    }
}

extension StaffingPlan: SummaryDetails {
    func encodeDetails(into c: inout KeyedEncodingContainer<RunSummary.Key>) throws {
        try c.encode(levels, forKey: "levels")
        try c.encode(budgetBinds, forKey: "joined")
    }
}

extension RosterPlan: SummaryDetails {
    func encodeDetails(into c: inout KeyedEncodingContainer<RunSummary.Key>) throws {
        try c.encode(problem.horizon.start.description, forKey: "start")
        try c.encode(problem.days, forKey: "days")
    }
}

extension ActivitiesPlan: SummaryDetails {
    func encodeDetails(into c: inout KeyedEncodingContainer<RunSummary.Key>) throws {
        try c.encode(unmet.count, forKey: "unmet")
    }
}
