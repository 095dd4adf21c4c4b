/// The rules and weights of mentor assignment. Every figure is the policy default
/// (全员导师制: each mentor guides at most 15 students; children in difficulty get a
/// mentor "with love and experience") and every one can be changed per scenario.
public struct MentorPolicy: Sendable, Equatable {
    /// Care-load units a mentor may carry at most (`policy.mentor.cap`).
    public var cap = 15
    /// Years of experience a mentor needs for a child in difficulty or at high risk.
    public var minYears = 3.0
    /// High-risk students (risk level >= `highRiskLevel`) one mentor may take.
    public var maxHighRisk = 2
    public var highRiskLevel = 2
    /// From this risk level on, only a psych-trained mentor.
    public var psychTrainedLevel = 3
    /// Care load of one student: `default`, or more for a child in difficulty or at high risk
    /// (the largest that applies); `pairs.csv` may override it per pair.
    public var loads = Loads()
    /// Load above which the balance penalty starts; nil: the component's average, rounded up.
    public var balanceTarget: Int?
    /// Grades in which a mentor of the same gender is preferred.
    public var sameGenderGrades: Set<Int> = []
    public var weights = Weights()

    public struct Loads: Sendable, Equatable {
        public var `default` = 1
        public var difficulty = 1
        public var highRisk = 1
        public init() {}
    }

    /// Weights of the soft terms; 0 switches a term off.
    public struct Weights: Sendable, Equatable {
        public var continuity = 10.0
        public var teachesClass = 3.0
        public var prefer = 1.0
        /// Per unit of squared load above the target.
        public var balance = 1.0
        public var sameGender = 2.0
        public init() {}
    }

    public init() {}

    /// Scores are kept as integers in hundredths, so the network form is exact.
    static let scale = 100.0

    static func units(_ value: Double) -> Int { Int((value * scale).rounded()) }
}
