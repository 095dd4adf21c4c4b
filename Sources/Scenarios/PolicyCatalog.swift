import CareModel
import Foundation
import Planning

/// Every `policy.*` key a scenario may set, with its range, its default and what it means: the
/// web page's policy form is drawn from it, and a test holds it to the scenario reader (each
/// bound is accepted, one step past it refused, each default is what a scenario without the key
/// gets).
public struct PolicyKey: Sendable {
    public enum Kind: Sendable {
        case int(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case choice([String])
        /// `auto` or a whole number in the range.
        case autoOrInt(ClosedRange<Int>)
        /// A list of whole numbers in the range (`[5, 6]`).
        case intList(ClosedRange<Int>)
    }

    /// The dotted path: `policy.mentor.cap`.
    public let path: String
    public let kind: Kind
    public let help: String
    /// The key's value in a scenario, as a scenario file writes it.
    let read: @Sendable (Scenario) -> String

    public func value(in scenario: Scenario) -> String { read(scenario) }

    /// The value a scenario gets without the key.
    public var defaultValue: String { read(Scenario(name: "", source: .generate(district: "tiny", seed: 1))) }

    /// The plan the key belongs to (`mentor`, `buddy`, `staffing`, `activities`).
    public var plan: String { String(path.split(separator: ".")[1]) }
}

public enum PolicyCatalog {
    /// A number as a scenario file writes it: 10, not 10.0.
    public static func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }

    public static let keys: [PolicyKey] = mentor + buddy + staffing + activities

    static let mentor: [PolicyKey] = [
        .init(path: "policy.mentor.cap", kind: .int(0...1000), help: "care-load units each mentor guides at most") { String($0.mentorPolicy.cap) },
        .init(path: "policy.mentor.min_years", kind: .number(0...80), help: "years of experience a mentor of a child in difficulty or a high-risk student needs") { n($0.mentorPolicy.minYears) },
        .init(path: "policy.mentor.max_high_risk", kind: .int(0...1000), help: "high-risk students per mentor at most") { String($0.mentorPolicy.maxHighRisk) },
        .init(path: "policy.mentor.high_risk_level", kind: .int(0...4), help: "the risk level from which a student counts as high-risk") { String($0.mentorPolicy.highRiskLevel) },
        .init(path: "policy.mentor.psych_trained_level", kind: .int(0...4), help: "the risk level from which the mentor must be trained in psychology") { String($0.mentorPolicy.psychTrainedLevel) },
        .init(path: "policy.mentor.loads.default", kind: .int(0...1000), help: "care-load units of a student") { String($0.mentorPolicy.loads.default) },
        .init(path: "policy.mentor.loads.difficulty", kind: .int(0...1000), help: "care-load units of a child in difficulty") { String($0.mentorPolicy.loads.difficulty) },
        .init(path: "policy.mentor.loads.high_risk", kind: .int(0...1000), help: "care-load units of a high-risk student") { String($0.mentorPolicy.loads.highRisk) },
        .init(path: "policy.mentor.balance_target", kind: .autoOrInt(0...1000), help: "the load the balance term aims at (auto: the school's mean)") {
            $0.mentorPolicy.balanceTarget.map(String.init) ?? "auto"
        },
        .init(path: "policy.mentor.same_gender_grades", kind: .intList(1...12), help: "grades whose mentor is of the student's gender") {
            "[" + $0.mentorPolicy.sameGenderGrades.sorted().map(String.init).joined(separator: ", ") + "]"
        },
        .init(path: "policy.mentor.weights.continuity", kind: .number(0...1000), help: "weight of keeping last term's mentor") { n($0.mentorPolicy.weights.continuity) },
        .init(path: "policy.mentor.weights.teaches_class", kind: .number(0...1000), help: "weight of a mentor who teaches the student's class") { n($0.mentorPolicy.weights.teachesClass) },
        .init(path: "policy.mentor.weights.prefer", kind: .number(0...1000), help: "weight of a preferred pair") { n($0.mentorPolicy.weights.prefer) },
        .init(path: "policy.mentor.weights.balance", kind: .number(0...1000), help: "weight of even loads") { n($0.mentorPolicy.weights.balance) },
        .init(path: "policy.mentor.weights.same_gender", kind: .number(0...1000), help: "weight of a mentor of the same gender") { n($0.mentorPolicy.weights.sameGender) },
    ]

    static let buddy: [PolicyKey] = [
        .init(path: "policy.buddy.scope", kind: .choice(BuddyPolicy.Scope.allCases.map(\.rawValue)), help: "where buddies come from: the child's school or community") { $0.buddyPolicy.scope.rawValue },
        .init(path: "policy.buddy.mode", kind: .choice(BuddyPolicy.Mode.allCases.map(\.rawValue)), help: "optimal (most children, best score) or stable (by rank lists)") { $0.buddyPolicy.mode.rawValue },
        .init(path: "policy.buddy.candidates", kind: .choice(BuddyPolicy.Candidates.allCases.map(\.rawValue)), help: "every helper the rules allow, or only those ranked") { $0.buddyPolicy.candidates.rawValue },
        .init(path: "policy.buddy.stable_objective", kind: .choice(BuddyPolicy.StableObjective.allCases.map(\.rawValue)), help: "which stable matching, in stable mode") { $0.buddyPolicy.stableObjective.rawValue },
        .init(path: "policy.buddy.max_grade_gap", kind: .int(0...11), help: "the helper's grade: the child's up to this many above") { String($0.buddyPolicy.maxGradeGap) },
        .init(path: "policy.buddy.same_gender_from", kind: .int(1...13), help: "from this grade buddies are of the same gender (13: never)") { String($0.buddyPolicy.sameGenderFrom) },
        .init(path: "policy.buddy.helper_risk_level", kind: .int(1...4), help: "helpers at this risk level or above do not help") { String($0.buddyPolicy.helperRiskLevel) },
        .init(path: "policy.buddy.weights.same_class", kind: .number(0...1000), help: "weight of a helper in the child's class") { n($0.buddyPolicy.weights.sameClass) },
        .init(path: "policy.buddy.weights.same_community", kind: .number(0...1000), help: "weight of a helper in the child's community") { n($0.buddyPolicy.weights.sameCommunity) },
        .init(path: "policy.buddy.weights.interests", kind: .number(0...1000), help: "weight of each shared interest") { n($0.buddyPolicy.weights.interests) },
        .init(path: "policy.buddy.weights.continuity", kind: .number(0...1000), help: "weight of keeping last term's buddy") { n($0.buddyPolicy.weights.continuity) },
        .init(path: "policy.buddy.weights.prefer", kind: .number(0...1000), help: "weight of a preferred pair") { n($0.buddyPolicy.weights.prefer) },
    ]

    static let staffing: [PolicyKey] = {
        func int(_ key: String, _ range: ClosedRange<Int>, _ help: String, _ get: @escaping @Sendable (StaffingPolicy) -> Int) -> PolicyKey {
            .init(path: "policy.staffing.\(key)", kind: .int(range), help: help) { String(get($0.staffingPolicy)) }
        }
        func number(_ key: String, _ range: ClosedRange<Double>, _ help: String, _ get: @escaping @Sendable (StaffingPolicy) -> Double) -> PolicyKey {
            .init(path: "policy.staffing.\(key)", kind: .number(range), help: help) { n(get($0.staffingPolicy)) }
        }
        return [
            int("school_min_full_time", 0...20, "full-time psychology teachers every school has at least") { $0.schoolMinFullTime },
            int("large_school_students", 0...100_000, "students from which a school is large") { $0.largeSchoolStudents },
            int("large_school_extra", 0...20, "extra psychology teachers a large school has") { $0.largeSchoolExtra },
            int("per_extra_campus", 0...20, "extra psychology teachers per campus beyond the first") { $0.perExtraCampus },
            int("per_extra_stage", 0...20, "extra psychology teachers per school stage beyond the first") { $0.perExtraStage },
            int("station_counsellors", 0...20, "counsellors each station has") { $0.stationCounsellors },
            number("station_min_fte", 0...1, "the FTE a station's counsellors give at least") { $0.stationMinFTE },
            int("station_legal", 0...20, "legal workers each station has") { $0.stationLegal },
            int("centre_researchers_per_stage", 0...20, "researchers the centre has per school stage") { $0.centreResearchersPerStage },
            int("max_sites_per_person", 1...10, "sites one person serves at most") { $0.maxSitesPerPerson },
            number("max_travel_minutes", 0...1440, "minutes of travel to a site at most") { $0.maxTravelMinutes },
            number("min_share", 0.01...1, "the smallest FTE share of a placement") { $0.minShare },
            number("budget", 0...1e12, "money for hires (0: none)") { $0.budget },
        ] + StaffMember.Role.allCases.map { role in
            number("cost_per_hire.\(role.rawValue)", 0...1e9, "the cost of hiring one \(role.words)") { $0.cost(role) }
        } + [
            number("weights.school", 0...1_000_000, "weight of a school's shortfall") { $0.weights.school },
            number("weights.station", 0...1_000_000, "weight of a station's shortfall") { $0.weights.station },
            number("weights.centre", 0...1_000_000, "weight of the centre's shortfall") { $0.weights.centre },
            number("weights.move", 0...1_000_000, "weight of moving someone from their current site") { $0.weights.move },
            number("weights.travel", 0...1_000_000, "weight of each minute of travel") { $0.weights.travel },
        ]
    }()

    static let activities: [PolicyKey] = {
        func int(_ key: String, _ range: ClosedRange<Int>, _ help: String, _ get: @escaping @Sendable (ActivitiesPolicy) -> Int) -> PolicyKey {
            .init(path: "policy.activities.\(key)", kind: .int(range), help: help) { String(get($0.activitiesPolicy)) }
        }
        func weight(_ key: String, _ help: String, _ get: @escaping @Sendable (ActivitiesPolicy.Weights) -> Double) -> PolicyKey {
            .init(path: "policy.activities.weights.\(key)", kind: .number(0...1000), help: help) { n(get($0.activitiesPolicy.weights)) }
        }
        return [
            int("min_per_month", 0...31, "activities each station holds a month at least") { $0.minPerMonth },
            int("activity_minutes", 1...600, "minutes of a station's activity") { $0.activityMinutes },
            int("audience", 1...100_000, "people an activity is for") { $0.audience },
            int("class_minutes", 1...600, "minutes of a class meeting") { $0.classMinutes },
            int("events_per_day", 1...8, "class meetings and events a school holds a day at most") { $0.eventsPerDay },
            int("contact_minutes", 1...600, "minutes of a child director's contact") { $0.contactMinutes },
            int("visit_minutes", 1...600, "minutes of a home visit") { $0.visitMinutes },
            int("travel_minutes", 0...600, "minutes of travel between visits") { $0.travelMinutes },
            int("sitting_minutes", 1...600, "minutes of a doctor's sitting") { $0.sittingMinutes },
            int("abnormal_level", 0...4, "the risk level from which a child is visited more often (4: nobody)") { $0.abnormalLevel },
            weight("window", "weight of a theme outside its window") { $0.window },
            weight("spread", "weight of activities bunched together") { $0.spread },
            weight("balance", "weight of uneven work among leads") { $0.balance },
            weight("travel", "weight of travel") { $0.travel },
        ]
    }()

    /// The key at `path`, if the catalog has it.
    public static func key(_ path: String) -> PolicyKey? { keys.first { $0.path == path } }
}
