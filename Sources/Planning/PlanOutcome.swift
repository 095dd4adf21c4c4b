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
        (self.key, self.label, self.value, self.unit, self.direction) = (key, label, value, unit, direction)
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

/// How a plan's search ended: its status and stop reason, the objective it reached, the best
/// bound it proved, the gap between the two and its time. Every plan's result carries one.
public struct SearchEnd: Sendable, Equatable {
    public let status: TerminationStatus
    public let stop: StopReason
    public let objective: Double
    /// The best proven bound on the objective; -infinity when there is none.
    public let bound: Double
    /// |objective - bound| / |objective| unless the plan defines its own (staffing: the gap of
    /// its first level not proven).
    public let gap: Double
    public let seconds: Double

    public init(status: TerminationStatus, stop: StopReason, objective: Double, bound: Double, gap: Double? = nil, seconds: Double) {
        (self.status, self.stop, self.objective, self.bound, self.seconds) = (status, stop, objective, bound, seconds)
        self.gap = gap ?? abs(objective - bound) / max(abs(objective), 1e-9)
    }

    /// Components searched apart, as one search: no solution when a component found none,
    /// optimal when every one was proven, feasible otherwise.
    static func status(of parts: [TerminationStatus]) -> TerminationStatus {
        parts.contains(.noSolution) ? .noSolution : parts.allSatisfy { $0 == .optimal } ? .optimal : .feasible
    }

    /// The first stop that was not the search's own completion.
    static func stop(of parts: [StopReason]) -> StopReason {
        parts.first { $0 != .completed } ?? .completed
    }

    /// Components searched apart (`SolvedComponent`s, cost and bound in the plan's integer
    /// units), as one search: costs and bounds summed and divided by `scale`.
    init<Choice>(combining parts: [SolvedComponent<Choice>], scale: Double, seconds: Double) {
        let objective = parts.reduce(0) { $0 + $1.cost } / scale
        self.init(status: Self.status(of: parts.map(\.status)), stop: Self.stop(of: parts.map(\.stop)),
                  objective: objective, bound: parts.reduce(0) { $0 + $1.bound } / scale, seconds: seconds)
    }
}

/// One component's search, as a planner returns it: what it chose (each plan's own `Choice`:
/// the mentor candidate or the helper of each student of the component), how the search ended,
/// its cost and bound in the plan's integer units, and its time.
struct SolvedComponent<Choice: Sendable>: Sendable {
    var choice: Choice
    var status: TerminationStatus
    var stop: StopReason
    var cost: Double
    var bound: Double
    /// Solved exactly as a network (min-cost flow) rather than searched as an integer program.
    var network = false
    var seconds: Double

    /// Two searches of the same component: the cheaper plan, the higher bound (both are bounds
    /// on the same optimum), optimal when either proved it.
    func merged(with other: SolvedComponent) -> SolvedComponent {
        if other.status == .optimal { return other }
        var best = other.cost < cost ? other : self
        best.bound = max(bound, other.bound)
        best.seconds = seconds + other.seconds
        return best
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
    /// How the search ended (status, stop, objective, bound, gap, seconds).
    var search: SearchEnd { get }
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
    public var status: TerminationStatus { search.status }
    public var stop: StopReason { search.stop }
    /// The plan's objective (each plan says what it sums).
    public var objective: Double { search.objective }
    /// The best proven bound on the objective; -infinity when there is none.
    public var bound: Double { search.bound }
    public var gap: Double { search.gap }
    public var seconds: Double { search.seconds }
    /// Whether everything the plan had to meet was met.
    public var isFullyMet: Bool { shortfalls.isEmpty }
}
