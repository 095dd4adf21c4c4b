import Foundation
import Planning

/// What every plan's terminal summary has: the header line, the gap line and the fix list.
/// Each plan's report adds its own lines between them.
enum PlanReport {
    /// `Mentor assignment: optimal, 4 components (4 solved as networks), 0.02 s`
    static func header(_ plan: some PlanOutcome, components: Bool = true, note: String = "", trailing: String = "") -> String {
        let stopped = plan.stop == .completed ? "" : " (stopped: \(plan.stop.rawValue))"
        let parts = components ? ", \(Figures.count(plan.components, "component"))\(note)" : ""
        return "\(plan.title): \(plan.status.rawValue)\(stopped)\(parts), \(String(format: "%.2f", plan.seconds)) s\(trailing)"
    }

    /// `  objective -1,234, bound -1,240, gap 0.5 %`, when the plan is not proven optimal.
    static func gap(_ plan: some PlanOutcome) -> String? {
        guard plan.gap > 1e-9 else { return nil }
        return "  objective \(Figures.number(plan.objective)), bound \(Figures.number(plan.bound)), gap \(Figures.percent(plan.gap))"
    }

    /// The first 15 fixes under `heading`, and where the rest are.
    static func fixes(_ fixes: [String], heading: String, file: String) -> [String] {
        guard !fixes.isEmpty else { return [] }
        var lines = ["", heading]
        for fix in fixes.prefix(15) { lines.append("  - \(fix)") }
        if fixes.count > 15 { lines.append("  ... \(fixes.count - 15) more in \(file)") }
        return lines
    }
}
