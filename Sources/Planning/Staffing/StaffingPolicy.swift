import CareModel

/// The rules and weights of the staffing plan (placing psychology teachers, station
/// counsellors, legal workers and researchers, and deciding hires). Every figure is a policy
/// default from the district documents and can be changed under `policy.staffing`.
///
/// A school's requirement is `schoolMinFullTime + largeSchoolExtra (when students >=
/// largeSchoolStudents) + perExtraCampus * (campuses - 1) + perExtraStage * (stages - 1)`
/// psychology-teacher FTE, of which at least `schoolMinFullTime` are full-time people placed
/// whole. A station needs `stationCounsellors` counsellors, each working there at least
/// `stationMinFTE`, and `stationLegal` legal workers; the centre `centreResearchersPerStage`
/// researchers for each of its stages.
public struct StaffingPolicy: Sendable, Equatable {
    public var schoolMinFullTime = 1
    public var largeSchoolStudents = 500
    public var largeSchoolExtra = 1
    public var perExtraCampus = 1
    public var perExtraStage = 1
    public var stationCounsellors = 1
    /// FTE a counsellor works at a station at least (full- or part-time).
    public var stationMinFTE = 0.5
    public var stationLegal = 1
    public var centreResearchersPerStage = 1
    /// A part-timer works at this many sites at most.
    public var maxSitesPerPerson = 2
    /// From the person's street to a site's street (and between a part-timer's two sites).
    public var maxTravelMinutes = 45.0
    /// FTE of any placement at least (a part-timer's share at a site).
    public var minShare = 0.1
    /// Money for hires; 0: no hires.
    public var budget = 0.0
    /// Cost of one full-time hire, per role.
    public var costPerHire: [StaffMember.Role: Double] = [.psychTeacher: 200_000, .counsellor: 160_000, .legal: 180_000, .researcher: 250_000]
    public var weights = Weights()

    /// Weights of the objective's terms within their priority level (unmet requirement first,
    /// then hiring cost, then moves and travel); 0 switches a term off.
    public struct Weights: Sendable, Equatable {
        /// Per unit of shortfall (FTE at schools, people elsewhere), by kind of site.
        public var school = 10.0
        public var station = 10.0
        public var centre = 10.0
        /// Per person moved away from their current site.
        public var move = 1.0
        /// Per minute of travel from a person's street to a site they are placed at.
        public var travel = 0.01
        public init() {}

        public func unmet(_ kind: Site.Kind) -> Double {
            switch kind { case .school: school; case .station: station; case .centre: centre }
        }
    }

    public init() {}

    public func cost(_ role: StaffMember.Role) -> Double { costPerHire[role] ?? 0 }
}
