import Foundation
import Planning

/// The terminal summary of an activities plan: compliance per rule and counts per part, never
/// a child's risk level (the rules that would reveal it are summed with every child's).
struct ActivitiesReport {
    let plan: ActivitiesPlan

    func text(out: String) -> String {
        var lines = [PlanReport.header(plan, trailing: " (\(plan.horizon.start) to \(plan.horizon.end))")]
        if let gap = PlanReport.gap(plan) { lines.append(gap) }
        let figures = Dictionary(uniqueKeysWithValues: plan.figures.map { ($0.key, $0) })
        func row(_ label: String, _ key: String, _ count: String) -> String {
            String(format: "  %-34@ %8@   %@", label as NSString, Figures.percent(figures[key]!.value) as NSString, count as NSString)
        }
        func n(_ key: String) -> Int { Int(figures[key]!.value) }
        lines.append("")
        lines.append("  rule                                   met   held")
        lines.append(row("stations: an activity every month", "station_monthly_compliance", "\(n("activities")) activities"))
        lines.append(row("stations: each theme every year", "station_theme_compliance", ""))
        lines.append(row("schools: class meetings", "class_meeting_compliance", "\(n("school_items")) class meetings, events and classes"))
        lines.append(row("schools: life-education events", "event_compliance", ""))
        lines.append(row("schools: fortnightly classes", "fortnightly_class_compliance", ""))
        lines.append(row("children: contacts", "contact_compliance", "\(n("contacts")) contacts"))
        lines.append(row("children: home visits", "home_visit_compliance", "\(n("home_visits")) home visits"))
        lines.append(row("schools: a doctor's sitting a month", "sitting_compliance", "\(n("sittings")) sittings"))
        lines.append("  themes inside their windows: \(Figures.percent(plan.themesInWindowShare)); child directors' hours: \(Figures.number(figures["director_hours"]!.value))")
        if !plan.unmet.isEmpty { lines.append("  \(Figures.count(plan.unmet.count, "frequency", "frequencies")) not met: see \(out)/activities/unmet.csv") }
        lines += PlanReport.fixes(plan.fixes, heading: "To meet every frequency:", file: "\(out)/activities/fixes.csv")
        return lines.joined(separator: "\n")
    }
}
