import Foundation
import Planning

/// The terminal summary of a roster: penalties by kind, cover and requests, the rules that
/// could not be met, and the gap to the proven bound.
struct RosterReport {
    let plan: RosterPlan

    func text(out: String) -> String {
        let k = plan.kpis
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        func num(_ x: Double) -> String { Figures.number(x) }
        var lines = [String]()
        lines.append(PlanReport.header(plan, components: false, trailing: ", \(Figures.count(k.neighbourhoodRounds, "neighbourhood round"))"))
        lines.append("  penalty \(num(plan.objective)), proven bound \(num(plan.bound)), gap \(pct(plan.gap))")
        let kinds = RosterEvaluation.PenaltyKind.allCases.filter { $0 != .keep || plan.changes != nil }.map { "\($0.rawValue) \(num(k.penaltyByKind[$0.rawValue] ?? 0))" }
        lines.append("  by kind: " + kinds.joined(separator: ", "))
        if let changes = plan.changes { lines.append("  " + changes.sentence + "; see \(out)/roster/changes.csv") }
        lines.append("  shifts worked \(k.shiftsWorked); cover met \(pct(k.coverMetShare)); requests honoured \(pct(k.requestsHonouredShare)) of \(k.requests)")
        lines += PlanReport.fixes(plan.fixes, heading: "To meet the roster's rules and cover:", file: "\(out)/roster/fixes.csv")
        return lines.joined(separator: "\n")
    }
}
