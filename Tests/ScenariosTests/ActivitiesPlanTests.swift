import CareModel
import Foundation
import GLPK
import Planning
import Scenarios
import Testing

/// The activities plan on generated districts, checked by ``ActivitiesChecker`` (written from the
/// rules, not from the library): every frequency the plan does not list as unmet is met, and no
/// hard rule is broken.
@Suite struct ActivitiesPlans {
    func folder() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("careplan-activities-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes the district's tables into `dir/data` and a scenario running the activities plan on them.
    func district(_ preset: DistrictPreset, seed: UInt64, months: Int, in dir: URL, extra: String = "") throws -> Scenario {
        let g = DistrictGenerator(preset: preset, seed: seed)
        let data = g.generate()
        let staffing = g.staffing(for: data)
        let horizon = ActivitiesHorizon(start: CalendarDate(year: 2027, month: 2, day: 1)!, months: months)!
        let tables = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: tables, withIntermediateDirectories: true)
        for file in data.csvFiles() + staffing.csvFiles() + g.activities(for: data, staffing: staffing, horizon: horizon).csvFiles() {
            try file.text.write(to: tables.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
        let yaml = "name: a\ndata: data\nplans: [activities]\nactivities: {start: 2027-02-01, months: \(months)}\nsolver: {work_limit: 2000, time_limit: 600}\n" + extra
        let file = dir.appendingPathComponent("s.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try Scenario.load(file)
    }

    @Test func generatedYearMeetsEveryRuleItDoesNotListAsUnmet() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try district(.zhoujiadu, seed: 1, months: 12, in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try ScenarioRunner(solver: GLPKSolver()).run(scenario, out: out)
        let plan = try #require(result.activities)
        #expect(plan.status == .optimal)
        let checker = try ActivitiesChecker(data: dir.appendingPathComponent("data"), out: out, start: "2027-02-01", months: 12)
        // unmet.csv's rule names, as the spec's codes.
        let codes = ["monthly_activity": "2a", "theme_per_year": "2b", "class_meeting": "3a", "life_education_event": "3a",
                     "fortnightly_class": "3b", "contact": "4", "home_visit": "4", "monthly_sitting": "5"]
        let unlisted = try checker.unlistedViolations(codes: codes)
        #expect(unlisted.isEmpty, "\(unlisted.prefix(20))")
        // What the checker finds unmet is what the plan says it could not meet, subject by subject.
        let found = Set(try checker.violations().map(\.subject))
        let listed = Set(plan.unmet.map(\.subject))
        #expect(found == listed)
        // The year is full: one station, 24 schools, every child in difficulty of 36 communities.
        #expect(plan.entries.filter { $0.kind == .activity }.count >= 12)
        #expect(plan.visits.count > 10_000)
    }
}
