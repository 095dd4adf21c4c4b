import Foundation
import Planning

/// The terminal summary of a staffing plan: counts per street, never a person's attributes.
struct StaffingReport {
    let plan: StaffingPlan

    func text(out: String, maxStreets: Int = 20) -> String {
        let k = plan.kpis
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        func money(_ x: Double) -> String { String(format: "%.0f", x) }
        var lines = [String]()
        lines.append(PlanReport.header(plan, note: plan.budgetBinds ? " (the budget binds: shared out among the components)" : ""))
        lines.append("  requirements \(k.requirements), met \(k.requirementsMet) (\(pct(k.requirementsMetShare))), shortfall \(CSVFormat.number(k.shortfall))")
        if let changes = plan.changes { lines.append("  " + changes.sentence(partner: "site") + "; see \(out)/staffing/changes.csv") }
        lines.append("  hires \(k.hires), cost \(money(k.cost)) of budget \(money(k.budget)); moves \(k.moves); people placed \(k.placed), not placed \(k.unplaced), unvetted \(k.unvetted)")
        if plan.gap > 1e-9 { lines.append("  level gap \(pct(plan.gap)) (levels: \(plan.levels.map { "\($0.name) \($0.value)" }.joined(separator: ", ")))") }

        let streets = plan.streetRows
        lines.append("")
        lines.append("  street      people  placements    hires    unmet")
        for r in streets.prefix(maxStreets) {
            lines.append(String(format: "  %-9@ %8d %11d %8d %8d", r.street as NSString, r.people, r.placements, r.hires, r.unmet))
        }
        lines.append("  (a part-timer placed in two streets counts as a person in each)")
        if streets.count > maxStreets { lines.append("  ... and \(Figures.count(streets.count - maxStreets, "more street")); see \(out)/staffing/streets.csv") }
        if !plan.hires.isEmpty {
            lines.append("")
            lines.append("Hires:")
            for h in plan.hires.prefix(15) {
                lines.append("  - \(Figures.count(h.count, h.role.words)) at \(h.siteID) (\(h.street)), cost \(money(h.cost)): covers \(h.covers.joined(separator: ", "))")
            }
            if plan.hires.count > 15 { lines.append("  ... \(plan.hires.count - 15) more in \(out)/staffing/hires.csv") }
        }
        lines += PlanReport.fixes(plan.fixes, heading: "To meet every requirement:", file: "\(out)/staffing/fixes.csv")
        return lines.joined(separator: "\n")
    }
}

enum CSVFormat {
    static func number(_ x: Double) -> String {
        if x == x.rounded() { return String(Int(x)) }
        return String(format: "%.2f", x)
    }
}
