import Foundation
import Planning

/// The terminal summary of a buddy plan: counts per school, never a child's attributes.
struct BuddyReport {
    let plan: BuddyPlan

    func text(out: String, maxSchools: Int = 20) -> String {
        let k = plan.kpis
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        var lines = [String]()
        lines.append(PlanReport.header(plan))
        lines.append("  children asking \(k.requests), matched \(k.matched) (\(pct(k.coverage))), without a buddy \(plan.unmatched.count)")
        lines.append("  helpers who may take a child \(k.helpers), used \(k.helpersUsed); mean score \(String(format: "%.2f", k.meanScore)); pairs sharing an interest \(pct(k.sharedInterestsShare))")
        if let changes = plan.changes { lines.append("  " + changes.sentence(partner: "helper") + "; see \(out)/buddies/changes.csv") }
        if let blocking = k.blockingPairs { lines.append("  blocking pairs (both would rather be together): \(blocking)") }
        if let gap = PlanReport.gap(plan) { lines.append(gap) }

        let schools = plan.schoolRows
        lines.append("")
        lines.append("  school     matched  without")
        for r in schools.prefix(maxSchools) {
            lines.append(String(format: "  %-9@ %8d %8d", r.schoolID as NSString, r.matched, r.unmatched))
        }
        if schools.count > maxSchools { lines.append("  ... and \(Figures.count(schools.count - maxSchools, "more school")) (fewest without a buddy last); see \(out)/buddies/schools.csv") }
        lines += PlanReport.fixes(plan.fixes, heading: "To give every child a buddy:", file: "\(out)/buddies/fixes.csv")
        return lines.joined(separator: "\n")
    }
}
