/// The rules and weights of buddy pairing (互助伙伴): a helper student "excellent in
/// character and study" keeps a child in difficulty company. Every figure is a default a
/// scenario may change under `policy.buddy`.
public struct BuddyPolicy: Sendable, Equatable {
    /// Where a buddy may come from.
    public enum Scope: String, Sendable, CaseIterable {
        /// The same school (buddies during the school day).
        case school
        /// The same neighbourhood committee (after-school buddies), across schools.
        case community
    }

    public enum Mode: String, Sendable, CaseIterable {
        /// As many children matched as possible, then the best weighted total.
        case optimal
        /// A stable matching under both sides' ranks (no child and helper would both rather
        /// be together), the best of them by `stableObjective`.
        case stable
    }

    public enum Candidates: String, Sendable, CaseIterable {
        /// Every pair the hard rules allow.
        case all
        /// Only pairs listed in `buddy_pairs.csv` (prefer or pin).
        case listedOnly = "listed_only"
    }

    /// Which stable matching `mode: stable` picks.
    public enum StableObjective: String, Sendable, CaseIterable {
        /// Least total rank over both sides.
        case egalitarian
        /// Best for every child at once (what child-proposing Gale-Shapley finds).
        case childOptimal = "child_optimal"
        /// Best for every helper at once.
        case helperOptimal = "helper_optimal"
    }

    public var scope = Scope.school
    public var mode = Mode.optimal
    public var candidates = Candidates.all
    public var stableObjective = StableObjective.egalitarian
    /// The helper's grade is between the child's grade and the child's grade plus this.
    public var maxGradeGap = 2
    /// From this grade up (either student's), buddies are of the same gender.
    public var sameGenderFrom = 5
    /// A student at this risk level or above, or in difficulty, is never a helper.
    public var helperRiskLevel = 2
    public var weights = Weights()

    /// Weights of the soft terms; 0 switches a term off.
    public struct Weights: Sendable, Equatable {
        public var sameClass = 2.0
        public var sameCommunity = 2.0
        /// Per interest the two share.
        public var interests = 1.0
        /// Last term's buddy kept.
        public var continuity = 5.0
        /// Times the `prefer` score of `buddy_pairs.csv`.
        public var prefer = 1.0
        public init() {}
    }

    public init() {}
}

/// The hard rules that decide whether a helper may take a child at all, in the order they
/// are checked (and reported when a child is left without a buddy).
public enum BuddyRule: String, Sendable, CaseIterable {
    case scope
    case consent
    case helperEligible = "helper_eligible"
    case gradeGap = "grade_gap"
    case sameGender = "same_gender"
    case forbidden
    case listedOnly = "listed_only"

    /// The rule as a sentence. `helperEligible` reveals a helper's sensitive status only as a
    /// rule, never whose.
    public func sentence(_ policy: BuddyPolicy) -> String {
        switch self {
        case .scope: return policy.scope == .school ? "the helper is at another school" : "the helper lives in another community"
        case .consent: return "the helper's family has not given consent"
        case .helperEligible: return "a student at risk level \(policy.helperRiskLevel)+ or in difficulty is not a helper"
        case .gradeGap: return "the helper's grade must be the child's grade to \(policy.maxGradeGap) above"
        case .sameGender: return "from grade \(policy.sameGenderFrom) buddies are of the same gender"
        case .forbidden: return "the pair is forbidden"
        case .listedOnly: return "only pairs listed in buddy_pairs.csv are allowed"
        }
    }

    /// The sentence for outputs and the terminal: `helperEligible` without the attributes
    /// behind it (`explain --sensitive` names them).
    public func neutralSentence(_ policy: BuddyPolicy) -> String {
        self == .helperEligible ? "the helper is not eligible to help (--sensitive names the rule)" : sentence(policy)
    }
}
