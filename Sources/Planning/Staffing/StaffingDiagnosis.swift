import CareModel
import Foundation

/// Says what would meet a requirement left unmet, in the planner's words.
struct StaffingDiagnosis {
    let problem: StaffingProblem
    let placedAt: [Int: [Int]]
    let siteOf: [Int?]
    let covered: [Double]
    let budgetLeft: Double

    func fix(_ r: Int, shortfall: Double) -> String {
        let p = problem, policy = p.policy, req = p.requirements[r], site = p.data.sites[req.site]
        let role = req.kind.role
        let n = Int(shortfall.rounded(.up))
        let need: String
        switch req.kind {
        case .schoolFTE:
            need = "\(CSVWriter.number(shortfall)) more psychology-teacher FTE"
        case .schoolFullTime:
            need = "\(n) more full-time psychology teacher\(n == 1 ? "" : "s")"
        case .stationCounsellor:
            need = "\(n) more counsellor\(n == 1 ? "" : "s") (at least \(CSVWriter.number(max(policy.stationMinFTE, policy.minShare))) FTE there)"
        case .stationLegal:
            need = "\(n) more legal worker\(n == 1 ? "" : "s")"
        case .centreResearcher(let g):
            need = "\(n) more researcher\(n == 1 ? "" : "s") for the \(g.rawValue) stage"
        }
        let cost = Double(n) * policy.cost(role)
        var hire = "hire \(n == 1 ? "one" : String(n)) (cost \(CSVWriter.number(cost)))"
        if cost > budgetLeft + 1e-6 { hire += "; the budget has \(CSVWriter.number(max(0, budgetLeft))) left" }
        // People who could serve here: not placed anywhere, or placed where they are not needed.
        let candidates = p.optionsAt[req.site].compactMap { o -> Int? in
            let option = p.options[o], person = p.data.staff[option.person]
            guard person.role == role else { return nil }
            if case .centreResearcher(let g) = req.kind, option.stage != g { return nil }
            if req.kind == .schoolFullTime && person.employment != .full { return nil }
            return option.person
        }
        let unique = Array(Set(candidates)).sorted()
        var move = ""
        if let free = unique.first(where: { siteOf[$0] == nil }) {
            move = " or place \(p.data.staff[free].id), who has no place in the plan"
        } else if let from = unique.first(where: { siteOf[$0] != nil && siteOf[$0] != req.site }) {
            let other = p.data.sites[siteOf[from]!]
            move = " or move \(p.data.staff[from].id) from \(other.id) (which would then fall short)"
        } else if unique.isEmpty {
            move = "; no vetted \(role.words) with the stage is within \(CSVWriter.number(policy.maxTravelMinutes)) minutes of street \(site.street)"
        }
        return "\(site.kind.rawValue) \(site.id) needs \(need): \(hire)\(move)"
    }
}
