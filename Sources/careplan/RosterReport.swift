import Foundation
import Planning

/// The terminal summary of a roster: penalties by kind, cover and requests, the rules that
/// could not be met, and the gap to the proven bound.
struct RosterReport {
    let plan: RosterPlan

    func text(out: String) -> String {
        let k = plan.kpis, p = plan.problem
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        func num(_ x: Double) -> String { Figures.number(x) }
        var lines = [String]()
        lines.append("Roster \(p.horizon.start) to \(p.horizon.end) (\(p.days) days, \(k.people) people, \(p.shiftCount) shift types): "
                     + "\(plan.status.rawValue)\(plan.stop == .completed ? "" : " (stopped: \(plan.stop.rawValue))"), \(String(format: "%.2f", plan.seconds)) s, \(Figures.count(k.neighbourhoodRounds, "neighbourhood round"))")
        lines.append("  penalty \(num(plan.objective)), proven bound \(num(plan.bound)), gap \(pct(plan.gap))")
        let kinds = RosterEvaluation.PenaltyKind.allCases.map { "\($0.rawValue) \(num(k.penaltyByKind[$0.rawValue] ?? 0))" }
        lines.append("  by kind: " + kinds.joined(separator: ", "))
        lines.append("  shifts worked \(k.shiftsWorked); cover met \(pct(k.coverMetShare)); requests honoured \(pct(k.requestsHonouredShare)) of \(k.requests)")
        if !plan.fixes.isEmpty {
            lines.append("")
            lines.append("Rules the roster could not meet:")
            for fix in plan.fixes.prefix(15) { lines.append("  - \(fix)") }
            if plan.fixes.count > 15 { lines.append("  ... \(plan.fixes.count - 15) more in \(out)/roster/fixes.csv") }
        }
        return lines.joined(separator: "\n")
    }
}
