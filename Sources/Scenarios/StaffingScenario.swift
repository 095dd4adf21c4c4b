import CareModel
import Foundation
import Planning
import Yams

extension Scenario {
    static let staffingKeys = [
        "school_min_full_time", "large_school_students", "large_school_extra", "per_extra_campus", "per_extra_stage",
        "station_counsellors", "station_min_fte", "station_legal", "centre_researchers_per_stage", "max_sites_per_person",
        "max_travel_minutes", "min_share", "budget", "cost_per_hire", "weights"]

    /// `policy.staffing`: every key checked, with its line and column on error.
    static func staffingPolicy(_ node: Node, _ r: YAMLReader) throws -> StaffingPolicy {
        let m = try r.mapping(node, at: "policy.staffing", allowed: staffingKeys)
        var p = StaffingPolicy()
        func int(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            try m[key].map { try r.int($0, at: "policy.staffing.\(key)", in: range) }
        }
        func number(_ key: String, _ range: ClosedRange<Double>, _ what: String) throws -> Double? {
            try m[key].map { try r.number($0, at: "policy.staffing.\(key)", in: range, what: what) }
        }
        if let v = try int("school_min_full_time", 0...20) { p.schoolMinFullTime = v }
        if let v = try int("large_school_students", 0...100_000) { p.largeSchoolStudents = v }
        if let v = try int("large_school_extra", 0...20) { p.largeSchoolExtra = v }
        if let v = try int("per_extra_campus", 0...20) { p.perExtraCampus = v }
        if let v = try int("per_extra_stage", 0...20) { p.perExtraStage = v }
        if let v = try int("station_counsellors", 0...20) { p.stationCounsellors = v }
        if let v = try number("station_min_fte", 0...1, "an FTE from 0 to 1") { p.stationMinFTE = v }
        if let v = try int("station_legal", 0...20) { p.stationLegal = v }
        if let v = try int("centre_researchers_per_stage", 0...20) { p.centreResearchersPerStage = v }
        if let v = try int("max_sites_per_person", 1...10) { p.maxSitesPerPerson = v }
        if let v = try number("max_travel_minutes", 0...1440, "a number of minutes from 0 to 1440") { p.maxTravelMinutes = v }
        if let v = try number("min_share", 0.01...1, "an FTE from 0.01 to 1") { p.minShare = v }
        if let v = try number("budget", 0...1e12, "an amount of money of at least 0 (0: no hires)") { p.budget = v }
        if let n = m["cost_per_hire"] {
            let roles = StaffMember.Role.allCases.map(\.rawValue)
            let c = try r.mapping(n, at: "policy.staffing.cost_per_hire", allowed: roles)
            for role in StaffMember.Role.allCases {
                if let v = c[role.rawValue] {
                    p.costPerHire[role] = try r.number(v, at: "policy.staffing.cost_per_hire.\(role.rawValue)", in: 0...1e9,
                                                       what: "an amount of money of at least 0")
                }
            }
        }
        if let n = m["weights"] {
            try r.weights(n, at: "policy.staffing.weights", most: 1_000_000, into: &p.weights, keys: [
                "school": \.school, "station": \.station, "centre": \.centre, "move": \.move, "travel": \.travel])
        }
        return p
    }
}

/// The staffing plan's files: placements, hires (and the requirements they cover), unmet requirements.
public enum StaffingOutputs {
    public static func write(_ plan: StaffingPlan, to folder: some OutputSink) throws {
        var placements = CSVWriter(header: ["person_id", "role", "site_id", "street", "stage", "fte", "travel_minutes", "current_site", "moved"])
        for p in plan.placements {
            placements.append([p.personID, p.role.rawValue, p.siteID, p.street, p.stage?.rawValue ?? "", CSVWriter.number(p.fte),
                               CSVWriter.number(p.minutes), p.currentSite ?? "", String(p.currentSite != nil && p.currentSite != p.siteID)])
        }
        var hires = CSVWriter(header: ["site_id", "street", "role", "hires", "cost", "covers"])
        for h in plan.hires {
            hires.append([h.siteID, h.street, h.role.rawValue, String(h.count), CSVWriter.number(h.cost), h.covers.joined(separator: ";")])
        }
        var unmet = CSVWriter(header: ["site_id", "street", "requirement", "required", "shortfall", "detail"])
        for u in plan.unmet {
            unmet.append([u.siteID, u.street, u.requirement, CSVWriter.number(u.required), CSVWriter.number(u.shortfall), u.detail])
        }
        try folder.write("staffing/placements.csv", placements.text)
        try folder.write("staffing/hires.csv", hires.text)
        try folder.write("staffing/unmet.csv", unmet.text)
        try folder.write("staffing/fixes.csv", FixesFile.text(plan.fixes))
        if let changes = plan.changes { try folder.write("staffing/changes.csv", changes.csv(subject: "person_id", group: "street", partner: "site")) }
        var streets = CSVWriter(header: ["street", "people", "placements", "hires", "requirements", "unmet"])
        for r in plan.streetRows {
            streets.append([r.street, String(r.people), String(r.placements), String(r.hires), String(r.requirements), String(r.unmet)])
        }
        try folder.write("staffing/streets.csv", streets.text)
    }
}
