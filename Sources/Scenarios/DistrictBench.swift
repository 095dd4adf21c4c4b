import CareModel
import Foundation
import Yams

/// `careplan bench --districts`: the same policy on each district's tables.
public enum DistrictBench {
    /// The scenario a district runs: `base`'s policy, horizons and solver settings (its own
    /// name, data, plans and variants left out), the district's tables and `plans`.
    public static func scenarioText(base: String?, file: String, name: String, source: Scenario.Source, plans: [Scenario.Plan]) throws -> String {
        var pairs = [(Node, Node)]()
        if let base, let root = try Yams.compose(yaml: base), case let .mapping(m) = root {
            pairs = m.filter { !["name", "data", "generate", "plans", "whatif", "sweep"].contains($0.key.string ?? "") }.map { ($0.key, $0.value) }
        }
        var head: [(Node, Node)] = [("name", .scalar(.init(name)))]
        switch source {
        case let .directory(url): head.append(("data", .scalar(.init(url.path))))
        case let .generate(district, seed):
            head.append(("generate", .mapping(.init([("district", .scalar(.init(district))), ("seed", .scalar(.init(String(seed))))], .implicit, .flow))))
        }
        head.append(("plans", .sequence(.init(plans.map { .scalar(.init($0.rawValue)) }, .implicit, .flow))))
        let text = try Yams.serialize(node: .mapping(.init(head + pairs)))
        // Read back as any scenario is: what careplan run will read is a valid scenario.
        _ = try Scenario.parse(text, file: file, directory: URL(fileURLWithPath: "/"))
        return text
    }

    /// The median of `values` (the mean of the middle two for an even count).
    public static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
