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
                     + "\(plan.components) components, \(String(format: "%.2f", plan.seconds)) s")
        lines.append("  children asking \(k.requests), matched \(k.matched) (\(pct(k.coverage))), without a buddy \(plan.unmatched.count)")
        lines.append("  helpers who may take a child \(k.helpers), used \(k.helpersUsed); mean score \(String(format: "%.2f", k.meanScore)); pairs sharing an interest \(pct(k.sharedInterestsShare))")
        if let blocking = k.blockingPairs { lines.append("  blocking pairs (both would rather be together): \(blocking)") }
        if plan.gap > 1e-9 { lines.append("  objective \(plan.objective), bound \(plan.bound), gap \(pct(plan.gap))") }

        var bySchool = [String: (matched: Int, unmatched: Int)]()
        for p in plan.pairs { bySchool[p.schoolID, default: (0, 0)].matched += 1 }
        for u in plan.unmatched { bySchool[u.schoolID, default: (0, 0)].unmatched += 1 }
        let schools = bySchool.keys.sorted { (bySchool[$0]!.unmatched, $1) > (bySchool[$1]!.unmatched, $0) }
        lines.append("")
        lines.append("  school     matched  without")
        for school in schools.prefix(maxSchools) {
            let r = bySchool[school]!
            lines.append(String(format: "  %-9@ %8d %8d", school as NSString, r.matched, r.unmatched))
        }
        if schools.count > maxSchools { lines.append("  ... and \(schools.count - maxSchools) more schools (fewest without a buddy last); see \(out)/buddies/pairs.csv") }
        if !plan.fixes.isEmpty {
            lines.append("")
            lines.append("To give every child a buddy:")
            for fix in plan.fixes.prefix(15) { lines.append("  - \(fix)") }
            if plan.fixes.count > 15 { lines.append("  ... \(plan.fixes.count - 15) more in \(out)/summary.json") }
        }
        lines.append("")
        lines.append("Wrote \(out)/buddies/pairs.csv, unmatched.csv\(plan.mode == .stable ? ", blocking.csv" : "") and \(out)/summary.json")
        return lines.joined(separator: "\n")
    }
}
