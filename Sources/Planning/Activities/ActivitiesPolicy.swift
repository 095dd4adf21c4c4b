import CareModel

/// The rules and weights of the monthly activities plan (`policy.activities`). The frequencies
/// are the district's: every station at least one public activity a month, every grade a
/// mental-health class meeting and a life-education event each semester, one grade per stage a
/// mental-health class every two weeks, each child in difficulty contacted monthly and visited at
/// home every two months (a child showing abnormal psychology or behaviour, risk level
/// `abnormalLevel` or more: contacted every 14 days and visited monthly), a doctor's sitting at
/// every school monthly. Durations are the plan's assumptions and can be changed per scenario.
public struct ActivitiesPolicy: Sendable, Equatable {
    /// Public activities each station holds at least, every month.
    public var minPerMonth = 1
    /// Minutes of a station's public activity (held on Saturdays and Sundays from 09:30).
    public var activityMinutes = 90
    /// People a station's activity expects: its venue holds at least this many.
    public var audience = 30
    /// Minutes of a school's class meeting, event or mental-health class.
    public var classMinutes = 40
    /// Class meetings and events a school holds on one day at most (from 15:00, one after the other).
    public var eventsPerDay = 2
    /// Minutes of a child director's contact (a call or a meeting) and home visit, and the
    /// travel each adds within the community.
    public var contactMinutes = 20
    public var visitMinutes = 60
    public var travelMinutes = 15
    /// Minutes of a volunteer doctor's sitting at a school (from 09:00).
    public var sittingMinutes = 180
    /// From this risk level on a child counts as showing abnormal psychology or behaviour.
    public var abnormalLevel = 2
    public var weights = Weights()

    /// Weights of the soft terms; 0 switches a term off. Unmet frequencies are never traded
    /// against them: each costs more than every soft term of its part together.
    public struct Weights: Sendable, Equatable {
        /// Per activity, class meeting or event held outside its theme's windows (times the theme's weight).
        public var window = 10.0
        /// Per extra activity a station holds in one week.
        public var spread = 3.0
        /// Per activity of the busiest lead of a station (each role): loads balanced.
        public var balance = 1.0
        /// Per minute of a child director's contacts, visits and travel.
        public var travel = 1.0
        public init() {}
    }

    public init() {}

    /// The schools' semesters, each within the year it starts in and the next: spring from
    /// 15 February to 10 July, autumn from 1 September to 20 January.
    static let semesters: [(name: String, from: MonthDay, to: MonthDay)] = [
        ("spring", MonthDay(month: 2, day: 15), MonthDay(month: 7, day: 10)),
        ("autumn", MonthDay(month: 9, day: 1), MonthDay(month: 1, day: 20)),
    ]

    /// A semester part shorter than this (school days inside the horizon) carries no requirement.
    static let minimumSchoolDays = 10

    /// Start times, minutes after midnight.
    static let activityStart = 9 * 60 + 30
    static let eventStart = 15 * 60
    static let classStart = 10 * 60
    static let sittingStart = 9 * 60
    static let directorDayStart = 9 * 60
}
