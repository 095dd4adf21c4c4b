import CareModel
import Foundation
import Yams

/// One variant of a scenario: the base with some keys overridden.
///
///     whatif:
///       cap-12: {policy.mentor.cap: 12}
///       more-budget: {policy.staffing.budget: 1000000}
///       putuo: {data: ../putuo/}
///     sweep:                                  # the cartesian product of the axes
///       policy.mentor.cap: [12, 15]
///       policy.staffing.budget: [0, 500000]   # 4 variants: cap-12_budget-0, cap-12_budget-500000, ...
public struct Variant: Sendable {
    /// What names a variant in folders, summaries, comparisons and the history.
    public struct Label: Sendable, Equatable, Codable {
        /// Its folder's name (`cap-12`, `cap-12_budget-0`).
        public let name: String
        public let overrides: [Override]
        public init(name: String, overrides: [Override]) {
            self.name = name
            self.overrides = overrides
        }
    }

    /// One key set by a variant: its dotted path and its value as the scenario wrote it.
    public struct Override: Sendable, Equatable, Codable {
        public let path: String
        public let value: String
        public init(path: String, value: String) {
            self.path = path
            self.value = value
        }
    }

    public let label: Label
    /// The scenario the variant runs.
    public let scenario: Scenario
    public var name: String { label.name }
}

/// How `whatif:` and `sweep:` become variants. An override is applied to the scenario's YAML
/// tree before the tree is read, so every rule of a scenario applies to it, and an error in it
/// (an unknown key, a value of the wrong type) names the override's own line and column.
/// A mapping set onto a mapping is merged key by key (`policy.mentor.weights: {prefer: 3}` keeps
/// the other weights); anything else replaces what was there. `data` replaces `generate`, and
/// the other way round.
enum WhatIf {
    /// The name of the variant that changes nothing.
    static let baseName = "base"
    /// More variants than this are refused (a sweep's product grows fast).
    static let mostVariants = 10_000

    /// The scenario's tree without `whatif:` and `sweep:`, and those two.
    static func split(_ root: Node, _ r: YAMLReader) throws -> (base: Node, whatif: Node?, sweep: Node?) {
        guard case let .mapping(mapping) = root else { return (root, nil, nil) }
        var kept = [(Node, Node)](), whatif: Node?, sweep: Node?
        for (key, value) in mapping {
            switch key.string {
            case "whatif":
                if whatif != nil { throw r.error(key, "key 'whatif' appears twice in the scenario") }
                whatif = value
            case "sweep":
                if sweep != nil { throw r.error(key, "key 'sweep' appears twice in the scenario") }
                sweep = value
            default: kept.append((key, value))
            }
        }
        return (.mapping(Node.Mapping(kept, mapping.tag, mapping.style, mapping.mark)), whatif, sweep)
    }

    /// An override as written: the key node (for its line and column), its path and its value.
    struct Setting {
        let key: Node
        let path: [String]
        let value: Node
        var override: Variant.Override { .init(path: path.joined(separator: "."), value: WhatIf.text(value)) }
    }

    /// Every variant, in order: `whatif:` as written, then the sweep's product (its first axis
    /// changing slowest). `parse` reads a variant's tree into its scenario.
    static func variants(of base: Node, whatif: Node?, sweep: Node?, _ r: YAMLReader,
                         parse: (Node) throws -> Scenario) throws -> [Variant] {
        var named = [(name: String, key: Node, settings: [Setting])]()
        if let whatif {
            let m = try mapping(whatif, "whatif", "a mapping of variant names to overrides, such as {cap-12: {policy.mentor.cap: 12}}", r)
            for (key, value) in m {
                let name = try r.string(key, at: "whatif: a variant's name")
                guard isFolderName(name) else {
                    throw r.error(key, "whatif: '\(name)' cannot name a folder; use letters, digits, '.', '_' and '-', starting with a letter or digit (at most 64)")
                }
                guard name != baseName else { throw r.error(key, "whatif: '\(baseName)' names the scenario without overrides; choose another name") }
                if named.contains(where: { $0.name == name }) { throw r.error(key, "whatif: variant '\(name)' appears twice") }
                let overrides = try mapping(value, "whatif.\(name)", "a mapping of dotted paths to values, such as {policy.mentor.cap: 12}", r)
                if overrides.isEmpty { throw r.error(value, "whatif.\(name) overrides nothing; give at least one dotted path, such as policy.mentor.cap: 12") }
                named.append((name, key, try overrides.map { try setting($0.key, $0.value, r) }))
            }
        }
        if let sweep { named += try product(sweep, taken: Set(named.map(\.name)), r) }
        if named.count > mostVariants {
            throw r.error(sweep ?? whatif!, "the scenario makes \(named.count) variants; at most \(mostVariants) can run at once (split the sweep, or use --shard)")
        }
        return try named.map { variant in
            var tree = base
            for s in variant.settings { tree = try set(s, in: tree, r) }
            do {
                var scenario = try parse(tree)
                let label = Variant.Label(name: variant.name, overrides: variant.settings.map(\.override))
                scenario.variant = label
                return Variant(label: label, scenario: scenario)
            } catch let error as DataError {
                throw DataError(file: error.file, line: error.line, column: error.column, message: "variant '\(variant.name)': \(error.message)",
                                sensitiveMessage: error.sensitiveMessage.map { "variant '\(variant.name)': \($0)" })
            }
        }
    }

    /// The sweep's variants: one per combination of its axes' values.
    static func product(_ sweep: Node, taken: Set<String>, _ r: YAMLReader) throws -> [(name: String, key: Node, settings: [Setting])] {
        let m = try mapping(sweep, "sweep", "a mapping of dotted paths to lists of values, such as {policy.mentor.cap: [12, 15]}", r)
        if m.isEmpty { throw r.error(sweep, "sweep has no axes; give at least one dotted path with a list of values, such as policy.mentor.cap: [12, 15]") }
        var axes = [(key: Node, path: [String], values: [Node])]()
        for (key, value) in m {
            let path = try self.path(key, r)
            guard case let .sequence(values) = value else {
                throw r.error(value, "sweep.\(path.joined(separator: ".")) must be a list of values, such as [12, 15]")
            }
            if values.isEmpty { throw r.error(value, "sweep.\(path.joined(separator: ".")) has no values; give at least one, such as [12, 15]") }
            if axes.contains(where: { $0.path == path }) { throw r.error(key, "sweep: axis \(path.joined(separator: ".")) appears twice") }
            axes.append((key, path, Array(values)))
        }
        let count = axes.reduce(1) { $0 * $1.values.count }
        if count > mostVariants {
            throw r.error(sweep, "sweep makes \(count) variants; at most \(mostVariants) can run at once (fewer values, or split the sweep)")
        }
        // Each axis named by the shortest end of its path no other axis ends with (the whole
        // path when another axis ends with all of it: the names then clash and are refused).
        let labels = axes.map { axis in
            ((1...axis.path.count).lazy.map { Array(axis.path.suffix($0)) }
                .first { end in axes.filter { $0.path.suffix(end.count) == end[...] }.count == 1 } ?? axis.path).joined(separator: "-")
        }
        var out = [(name: String, key: Node, settings: [Setting])](), seen = [String: String]()
        for index in 0..<count {
            var rest = index, settings = [Setting](), parts = [String]()
            for (a, axis) in axes.enumerated().reversed() {
                let value = axis.values[rest % axis.values.count]
                rest /= axis.values.count
                settings.insert(Setting(key: value, path: axis.path, value: value), at: 0)
                parts.insert("\(labels[a])-\(folderText(text(value)))", at: 0)
            }
            let name = parts.joined(separator: "_")
            let values = settings.map { text($0.value) }.joined(separator: ", ")
            if let other = seen[name] { throw r.error(sweep, "sweep: the values \(other) and \(values) both make the folder name '\(name)'") }
            if taken.contains(name) { throw r.error(sweep, "sweep: the values \(values) make the folder name '\(name)', which a whatif variant already has") }
            seen[name] = values
            out.append((name, sweep, settings))
        }
        return out
    }

    static func setting(_ key: Node, _ value: Node, _ r: YAMLReader) throws -> Setting {
        Setting(key: key, path: try path(key, r), value: value)
    }

    /// A dotted path (`policy.mentor.cap`), each part a key.
    static func path(_ key: Node, _ r: YAMLReader) throws -> [String] {
        let text = try r.string(key, at: "an override's path")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.contains(where: \.isEmpty) {
            throw r.error(key, "'\(text)' is not a dotted path; expected keys joined by dots, such as policy.mentor.cap")
        }
        if ["whatif", "sweep"].contains(parts[0]) { throw r.error(key, "an override cannot change \(parts[0]) itself") }
        return parts
    }

    /// `tree` with the setting applied.
    static func set(_ s: Setting, in tree: Node, _ r: YAMLReader) throws -> Node {
        func set(_ node: Node?, _ rest: ArraySlice<String>, at walked: [String]) throws -> Node {
            guard let part = rest.first else { return merge(node, s.value) }
            var pairs = [(Node, Node)]()
            switch node {
            case nil: break
            case let .mapping(m)?: pairs = m.map { ($0.key, $0.value) }
            case let other?:
                let here = walked.isEmpty ? "the scenario" : walked.joined(separator: ".")
                throw r.error(s.key, "cannot set \(s.path.joined(separator: ".")): \(here) is \(YAMLReader.describe(other)), not a mapping of keys")
            }
            if walked.isEmpty {
                // A scenario takes its tables from one place: the override's.
                let other = ["data": "generate", "generate": "data"][part]
                pairs.removeAll { $0.0.string == other }
            }
            if let i = pairs.firstIndex(where: { $0.0.string == part }) {
                pairs[i].1 = try set(pairs[i].1, rest.dropFirst(), at: walked + [part])
            } else {
                let key = Node.scalar(.init(part, .implicit, .any, s.key.mark))
                pairs.append((key, try set(nil, rest.dropFirst(), at: walked + [part])))
            }
            let mark = node?.mark ?? s.key.mark
            return .mapping(Node.Mapping(pairs, .implicit, .any, mark))
        }
        return try set(tree, s.path[...], at: [])
    }

    /// `new` over `old`: mappings merged key by key, anything else replaced.
    static func merge(_ old: Node?, _ new: Node) -> Node {
        guard case let .mapping(o)? = old, case let .mapping(n) = new else { return new }
        var pairs = o.map { ($0.key, $0.value) }
        for (key, value) in n {
            if let i = pairs.firstIndex(where: { $0.0.string != nil && $0.0.string == key.string }) {
                pairs[i].1 = merge(pairs[i].1, value)
            } else {
                pairs.append((key, value))
            }
        }
        return .mapping(Node.Mapping(pairs, o.tag, o.style, o.mark))
    }

    static func mapping(_ node: Node, _ at: String, _ expected: String, _ r: YAMLReader) throws -> [(key: Node, value: Node)] {
        guard case let .mapping(m) = node else { throw r.error(node, "\(at) must be \(expected)") }
        return m.map { ($0.key, $0.value) }
    }

    /// A value as one line of YAML (`12`, `[a, b]`, `{prefer: 3}`).
    static func text(_ node: Node) -> String {
        switch node {
        case let .scalar(s): return s.string
        case let .sequence(s): return "[" + s.map(text).joined(separator: ", ") + "]"
        case let .mapping(m): return "{" + m.map { "\(text($0.key)): \(text($0.value))" }.joined(separator: ", ") + "}"
        case .alias: return "*alias"
        }
    }

    /// Text made fit for a folder name: letters, digits, '.' and '-'.
    static func folderText(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            let keep = CharacterSet.alphanumerics.contains(c) && c.isASCII || c == "." || c == "-"
            if keep { out.unicodeScalars.append(c) } else if !out.hasSuffix("-") { out += "-" }
        }
        // A minus sign stays: cap--1 is not cap-1.
        let trimmed = (text.hasPrefix("-") ? "-" : "") + out.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return trimmed.isEmpty || trimmed == "-" ? "x" : String(trimmed.prefix(40))
    }

    static func isFolderName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64,
              first.isASCII && CharacterSet.alphanumerics.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

}
