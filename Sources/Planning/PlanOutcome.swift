import Modeling

/// One figure a plan reports (a KPI): a value with its unit, and which way is better, so that a
/// comparison of two runs can say whether a change is an improvement.
public struct Figure: Sendable, Equatable, Codable {
    public enum Unit: String, Sendable, Codable {
        case count, share, units, score, money, fte, minutes, penalty, seconds
    }

    public enum Direction: String, Sendable, Codable {
        case higherIsBetter = "higher_is_better"
        case lowerIsBetter = "lower_is_better"
        case neutral
    }

    /// The key in `summary.json`'s `kpis` (`coverage`, `mean_load`, ...).
    public let key: String
    /// In words, for tables and reports.
    public let label: String
    public let value: Double
    public let unit: Unit
    public let direction: Direction

    public init(_ key: String, _ label: String, _ value: Double, _ unit: Unit, _ direction: Direction) {
        self.key = key
        self.label = label
        self.value = value
        self.unit = unit
        self.direction = direction
    }

    public init(_ key: String, _ label: String, _ value: Int, _ unit: Unit, _ direction: Direction) {
        self.init(key, label, Double(value), unit, direction)
    }
}

/// Something a plan could not meet: its subject (a student, a child, a site, a person), the
/// rule that kept it from being met, and the detail in words. `rule` and `detail` never reveal a
/// student's risk level or difficulty (see each plan's rule enum).
public struct Shortfall: Sendable, Equatable {
    public let subject: String
    public let rule: String
    public let detail: String

    public init(subject: String, rule: String, detail: String) {
        self.subject = subject
        self.rule = rule
        self.detail = detail
    }
}

/// What every plan's result says the same way: how the search ended, its figures, what it
/// could not meet and what would fix that. Each plan's own result type (``MentorPlan``,
/// ``BuddyPlan``, ``StaffingPlan``, ``RosterPlan``) conforms and adds what is its own.
public protocol PlanOutcome: Sendable {
    /// The plan's name in scenarios, folders and `summary.json` (`mentors`, `buddies`, ...).
    static var name: String { get }
    /// The plan's title on the terminal ("Mentor assignment").
    var title: String { get }
    var status: TerminationStatus { get }
    var stop: StopReason { get }
    var objective: Double { get }
    /// The best proven bound on the objective; -infinity when there is none.
    var bound: Double { get }
    var gap: Double { get }
    var seconds: Double { get }
    /// Independent parts solved apart.
    var components: Int { get }
    /// The KPIs in the order a report shows them.
    var figures: [Figure] { get }
    /// Everything the plan could not meet, one item a subject.
    var shortfalls: [Shortfall] { get }
    /// What would fix the shortfalls, in the planner's words.
    var fixes: [String] { get }
}

extension PlanOutcome {
    /// Whether everything the plan had to meet was met.
    public var isFullyMet: Bool { shortfalls.isEmpty }
}
