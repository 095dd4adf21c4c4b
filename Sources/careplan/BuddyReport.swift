import Foundation
import Planning

/// The terminal summary of a buddy plan: counts per school, never a child's attributes.
struct BuddyReport {
    let plan: BuddyPlan

    func text(out: String, maxSchools: Int = 20) -> String {
        let k = plan.kpis
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        var lines = [String]()
        lines.append("Buddy pairing (\(plan.mode.rawValue)): \(plan.status.rawValue)\(plan.stop == .completed ? "" : " (stopped: \(plan.stop.rawValue))"), "
                     + "\(Figures.count(plan.components, "component")), \(String(format: "%.2f", plan.seconds)) s")
        lines.append("  children asking \(k.requests), matched \(k.matched) (\(pct(k.coverage))), without a buddy \(plan.unmatched.count)")
        lines.append("  helpers who may take a child \(k.helpers), used \(k.helpersUsed); mean score \(String(format: "%.2f", k.meanScore)); pairs sharing an interest \(pct(k.sharedInterestsShare))")
        if let blocking = k.blockingPairs { lines.append("  blocking pairs (both would rather be together): \(blocking)") }
        if plan.gap > 1e-9 { lines.append("  objective \(Figures.number(plan.objective)), bound \(Figures.number(plan.bound)), gap \(Figures.percent(plan.gap))") }

        let schools = plan.schoolRows
        lines.append("")
        lines.append("  school     matched  without")
        for r in schools.prefix(maxSchools) {
            lines.append(String(format: "  %-9@ %8d %8d", r.schoolID as NSString, r.matched, r.unmatched))
        }
        if schools.count > maxSchools { lines.append("  ... and \(Figures.count(schools.count - maxSchools, "more school")) (fewest without a buddy last); see \(out)/buddies/schools.csv") }
        if !plan.fixes.isEmpty {
            lines.append("")
            lines.append("To give every child a buddy:")
            for fix in plan.fixes.prefix(15) { lines.append("  - \(fix)") }
            if plan.fixes.count > 15 { lines.append("  ... \(plan.fixes.count - 15) more in \(out)/buddies/fixes.csv") }
        }
        return lines.joined(separator: "\n")
    }
}
