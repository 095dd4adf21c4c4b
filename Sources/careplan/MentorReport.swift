import Foundation
import Planning

/// The terminal summary of a mentor plan: counts and loads per school, never a
/// student's attributes.
struct MentorReport {
    let plan: MentorPlan

    func text(out: String, maxSchools: Int = 20) -> String {
        let k = plan.kpis
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        var lines = [String]()
        lines.append("Mentor assignment: \(plan.status.rawValue)\(plan.stop == .completed ? "" : " (stopped: \(plan.stop.rawValue))"), "
                     + "\(plan.components) components (\(plan.networkComponents) solved as networks), \(String(format: "%.2f", plan.seconds)) s")
        lines.append("  students \(k.students), assigned \(k.assigned) (\(pct(k.coverage))), without a mentor \(k.unmet)")
        lines.append("  last term's mentor kept: \(pct(k.continuityShare)); children in difficulty with a qualified mentor: \(k.childrenInDifficultyWithQualifiedMentor) of \(k.childrenInDifficulty)")
        lines.append("  mentor load: mean \(String(format: "%.1f", k.meanLoad)), max \(k.maxLoad)")
        if plan.gap > 1e-9 { lines.append("  objective \(plan.objective), bound \(plan.bound), gap \(pct(plan.gap))") }

        var bySchool = [String: (students: Int, assigned: Int, unmet: Int, mentors: Int, load: Int, maxLoad: Int)]()
        for a in plan.assignments { bySchool[a.schoolID, default: (0, 0, 0, 0, 0, 0)].assigned += 1 }
        for u in plan.unmet { bySchool[u.schoolID, default: (0, 0, 0, 0, 0, 0)].unmet += 1 }
        for l in plan.loads where l.capacity > 0 {
            bySchool[l.schoolID, default: (0, 0, 0, 0, 0, 0)].mentors += 1
            bySchool[l.schoolID]!.load += l.load
            bySchool[l.schoolID]!.maxLoad = max(bySchool[l.schoolID]!.maxLoad, l.load)
        }
        let schools = bySchool.keys.sorted { (bySchool[$0]!.unmet, $1) > (bySchool[$1]!.unmet, $0) }
        lines.append("")
        lines.append("  school     assigned  unmet  mentors  mean load  max load")
        for school in schools.prefix(maxSchools) {
            let r = bySchool[school]!
            let mean = r.mentors == 0 ? 0 : Double(r.load) / Double(r.mentors)
            lines.append(String(format: "  %-9@ %9d %6d %8d %10.1f %9d", school as NSString, r.assigned, r.unmet, r.mentors, mean, r.maxLoad))
        }
        if schools.count > maxSchools { lines.append("  ... and \(schools.count - maxSchools) more schools (fewest unmet last); see \(out)/mentors/loads.csv") }
        if !plan.fixes.isEmpty {
            lines.append("")
            lines.append("To give every student a mentor:")
            for fix in plan.fixes.prefix(15) { lines.append("  - \(fix)") }
            if plan.fixes.count > 15 { lines.append("  ... \(plan.fixes.count - 15) more in \(out)/summary.json") }
        }
        lines.append("")
        lines.append("Wrote \(out)/mentors/assignments.csv, loads.csv, unmet.csv and \(out)/summary.json")
        return lines.joined(separator: "\n")
    }
}
