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
        lines.append("Staffing: \(plan.status.rawValue)\(plan.stop == .completed ? "" : " (stopped: \(plan.stop.rawValue))"), "
                     + "\(plan.components) components\(plan.joined ? " (solved as one: the budget binds)" : ""), \(String(format: "%.2f", plan.seconds)) s")
        lines.append("  requirements \(k.requirements), met \(k.requirementsMet) (\(pct(k.requirementsMetShare))), shortfall \(CSVFormat.number(k.shortfall))")
        lines.append("  hires \(k.hires), cost \(money(k.cost)) of budget \(money(k.budget)); moves \(k.moves); placed \(k.placed), not placed \(k.unplaced), unvetted \(k.unvetted)")
        if plan.gap > 1e-9 { lines.append("  level gap \(pct(plan.gap)) (levels: \(plan.levels.map { "\($0.name) \($0.value)" }.joined(separator: ", ")))") }

        struct Row { var placed = 0; var hires = 0; var unmet = 0 }
        var byStreet = [String: Row]()
        for p in plan.placements { byStreet[p.street, default: Row()].placed += 1 }
        for h in plan.hires { byStreet[h.street, default: Row()].hires += h.count }
        for u in plan.unmet { byStreet[u.street, default: Row()].unmet += 1 }
        let streets = byStreet.keys.sorted { (byStreet[$0]!.unmet, $1) > (byStreet[$1]!.unmet, $0) }
        lines.append("")
        lines.append("  street     placed    hires    unmet")
        for street in streets.prefix(maxStreets) {
            let r = byStreet[street]!
            lines.append(String(format: "  %-9@ %7d %8d %8d", street as NSString, r.placed, r.hires, r.unmet))
        }
        if streets.count > maxStreets { lines.append("  ... and \(streets.count - maxStreets) more streets; see \(out)/staffing/placements.csv") }
        if !plan.hires.isEmpty {
            lines.append("")
            lines.append("Hires:")
            for h in plan.hires.prefix(15) {
                lines.append("  - \(h.count) \(h.role.words)\(h.count == 1 ? "" : "s") at \(h.siteID) (\(h.street)), cost \(money(h.cost)): covers \(h.covers.joined(separator: ", "))")
            }
            if plan.hires.count > 15 { lines.append("  ... \(plan.hires.count - 15) more in \(out)/staffing/hires.csv") }
        }
        if !plan.fixes.isEmpty {
            lines.append("")
            lines.append("To meet every requirement:")
            for fix in plan.fixes.prefix(15) { lines.append("  - \(fix)") }
            if plan.fixes.count > 15 { lines.append("  ... \(plan.fixes.count - 15) more in \(out)/staffing/unmet.csv") }
        }
        lines.append("")
        lines.append("Wrote \(out)/staffing/placements.csv, hires.csv, unmet.csv and \(out)/summary.json")
        return lines.joined(separator: "\n")
    }
}

enum CSVFormat {
    static func number(_ x: Double) -> String {
        if x == x.rounded() { return String(Int(x)) }
        return String(format: "%.2f", x)
    }
}
