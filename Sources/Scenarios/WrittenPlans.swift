import CareModel
import Foundation
import Planning

/// A run's output folder read back into each plan's ``WrittenPlan``, for explanations.
public struct WrittenPlans {
    public let out: URL
    /// How messages name the folder (as the user gave it).
    public let display: String

    public init(out: URL, display: String) {
        self.out = out
        self.display = display
    }

    func table(_ name: String, _ required: [String]) throws -> Table {
        try Table(CSVTable.read(out.appendingPathComponent(name), name: (display as NSString).appendingPathComponent(name)), required: required)
    }

    /// `unmet.sensitive.csv` is read instead of `unmet.csv` when `sensitive` and the run wrote it.
    public func mentors(sensitive: Bool) throws -> MentorProblem.WrittenPlan {
        var plan = MentorProblem.WrittenPlan()
        for row in try table("mentors/assignments.csv", ["student_id", "mentor_id"]).rows {
            plan.mentorOf[row.field("student_id").value] = row.field("mentor_id").value
        }
        for row in try table("mentors/loads.csv", ["mentor_id", "load", "capacity"]).rows {
            plan.loads[row.field("mentor_id").value] = (Int(row.field("load").value) ?? 0, Int(row.field("capacity").value) ?? 0)
        }
        let specific = sensitive && FileManager.default.fileExists(atPath: out.appendingPathComponent("mentors/unmet.sensitive.csv").path)
        for row in try table(specific ? "mentors/unmet.sensitive.csv" : "mentors/unmet.csv", ["student_id", "rule", "detail"]).rows {
            plan.unmet[row.field("student_id").value] = (row.field("rule").value, row.field("detail").value)
        }
        return plan
    }

    public func buddies() throws -> BuddyProblem.WrittenPlan {
        var plan = BuddyProblem.WrittenPlan()
        for row in try table("buddies/pairs.csv", ["student_id", "helper_id"]).rows {
            plan.helperOf[row.field("student_id").value] = row.field("helper_id").value
        }
        for row in try table("buddies/unmatched.csv", ["student_id", "rule", "detail"]).rows {
            plan.unmatched[row.field("student_id").value] = (row.field("rule").value, row.field("detail").value)
        }
        return plan
    }

    public func staffing() throws -> StaffingProblem.WrittenPlan {
        var plan = StaffingProblem.WrittenPlan()
        for row in try table("staffing/placements.csv", ["person_id", "site_id", "fte", "travel_minutes"]).rows {
            plan.placements.append(.init(personID: row.field("person_id").value, siteID: row.field("site_id").value,
                                         fte: Double(row.field("fte").value) ?? 0, minutes: Double(row.field("travel_minutes").value) ?? 0))
        }
        for row in try table("staffing/hires.csv", ["site_id", "role", "hires", "cost"]).rows {
            let n = Int(row.field("hires").value) ?? 0
            let role = StaffMember.Role(rawValue: row.field("role").value)?.words ?? row.field("role").value
            plan.hires[row.field("site_id").value, default: []].append("\(n) \(role)\(n == 1 ? "" : "s") (cost \(row.field("cost").value))")
        }
        for row in try table("staffing/unmet.csv", ["site_id", "requirement", "shortfall", "detail"]).rows {
            plan.unmet[row.field("site_id").value, default: []].append((row.field("requirement").value, Double(row.field("shortfall").value) ?? 0,
                                                                        row.field("detail").value))
        }
        return plan
    }

    /// `unmet.sensitive.csv` is read instead of `unmet.csv` when `sensitive` and the run wrote it.
    public func activities(sensitive: Bool) throws -> ActivitiesProblem.WrittenPlan {
        var plan = ActivitiesProblem.WrittenPlan()
        for row in try table("activities/calendar.csv", ["date", "start", "site_id", "kind", "theme", "lead_id", "venue_id"]).rows {
            plan.entries.append(.init(date: row.field("date").value, start: row.field("start").value, siteID: row.field("site_id").value,
                                      kind: row.field("kind").value, theme: row.field("theme").value, leadID: row.field("lead_id").value,
                                      venueID: row.field("venue_id").value, grade: row.optionalText("grade") ?? ""))
        }
        for row in try table("activities/visits.csv", ["date", "director_id", "student_id", "kind"]).rows {
            plan.visits[row.field("student_id").value, default: []].append((row.field("date").value, row.field("director_id").value, row.field("kind").value))
        }
        let specific = sensitive && FileManager.default.fileExists(atPath: out.appendingPathComponent("activities/unmet.sensitive.csv").path)
        for row in try table(specific ? "activities/unmet.sensitive.csv" : "activities/unmet.csv", ["subject", "rule", "period", "detail"]).rows {
            plan.unmet[row.field("subject").value, default: []].append((row.field("rule").value, row.field("period").value, row.field("detail").value))
        }
        return plan
    }

    public func roster(_ problem: RosterProblem) throws -> RosterProblem.WrittenPlan {
        let rows = try table("roster/assignments.csv", ["person_id", "date", "shift_id"]).rows
        return problem.writtenPlan(rows.compactMap { row in
            CalendarDate(iso: row.field("date").value).map { (row.field("person_id").value, $0, row.field("shift_id").value) }
        })
    }
}
