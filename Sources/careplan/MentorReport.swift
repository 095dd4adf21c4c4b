import Foundation
import Planning

/// The terminal summary of a mentor plan: counts and loads per school, never a
/// student's attributes.
struct MentorReport {
    let plan: MentorPlan
    var sensitive = false

    func text(out: String, maxSchools: Int = 20) -> String {
        let k = plan.kpis
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        var lines = [String]()
        lines.append(PlanReport.header(plan, note: " (\(plan.networkComponents) solved as networks)"))
        lines.append("  students \(k.students), assigned \(k.assigned) (\(pct(k.coverage))), without a mentor \(k.unmet)")
        lines.append("  last term's mentor kept: \(pct(k.continuityShare)); children in difficulty with a qualified mentor: \(k.childrenInDifficultyWithQualifiedMentor) of \(k.childrenInDifficulty)")
        lines.append("  mentor load: mean \(String(format: "%.1f", k.meanLoad)), max \(k.maxLoad)")
        if let changes = plan.changes { lines.append("  " + changes.sentence(partner: "mentor") + "; see \(out)/mentors/changes.csv") }
        if let gap = PlanReport.gap(plan) { lines.append(gap) }

        let schools = plan.schoolRows
        lines.append("")
        lines.append("  school     assigned  unmet  mentors  mean load  max load")
        for r in schools.prefix(maxSchools) {
            lines.append(String(format: "  %-9@ %9d %6d %8d %10.1f %9d", r.schoolID as NSString, r.assigned, r.unmet, r.mentors, r.meanLoad, r.maxLoad))
        }
        if schools.count > maxSchools { lines.append("  ... and \(Figures.count(schools.count - maxSchools, "more school")) (fewest unmet last); see \(out)/mentors/schools.csv") }
        lines += PlanReport.fixes(sensitive ? plan.sensitiveFixes : plan.fixes, heading: "To give every student a mentor:",
                                  file: "\(out)/mentors/fixes\(sensitive ? ".sensitive" : "").csv")
        return lines.joined(separator: "\n")
    }
}
