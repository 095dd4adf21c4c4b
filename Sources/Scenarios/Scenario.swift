import CareModel
import Foundation
import Planning
import Yams

/// A scenario: which data, which policy, which plans, which solver settings.
///
///     name: zhoujiadu-autumn
///     data: data/              # a folder of CSV tables, relative to this file
///     # or: generate: {district: zhoujiadu, seed: 1}
///     plans: [mentors, buddies]
///     policy:
///       mentor:
///         cap: 15
///         weights: {continuity: 10, teaches_class: 3, prefer: 1, balance: 1, same_gender: 2}
///       buddy:
///         scope: school        # or community
///         mode: optimal        # or stable (with buddy_ranks.csv)
///         weights: {same_class: 2, same_community: 2, interests: 1, continuity: 5, prefer: 1}
///     roster: {start: 2026-12-07, days: 28}   # the roster plan's horizon
///     activities: {start: 2027-02-01, months: 12}   # the activities plan's months
///     solver: {time_limit: 60, gap: 0, work_limit: 200}
///
/// Every key is checked: an unknown one is an error naming it, its line and column, and
/// the keys allowed there.
public struct Scenario: Sendable {
    public enum Source: Sendable, Hashable {
        case directory(URL)
        case generate(district: String, seed: UInt64)
    }

    public enum Plan: String, Sendable, CaseIterable {
        case mentors
        case buddies
        case roster
        case staffing
        case activities
    }

    public var name: String
    /// The scenario file, when read from one.
    public var file: URL?
    public var source: Source
    public var plans: [Plan]
    public var mentorPolicy: MentorPolicy
    public var buddyPolicy = BuddyPolicy()
    /// The roster's days (`roster: {start: 2026-12-07, days: 28}`).
    public var rosterHorizon = RosterGenerator.defaultHorizon
    public var staffingPolicy = StaffingPolicy()
    /// The activities plan's months (`activities: {start: 2027-02-01, months: 12}`).
    public var activitiesHorizon = Scenario.defaultActivitiesHorizon
    public var activitiesPolicy = ActivitiesPolicy()
    public var solver: SolverSettings
    /// The variants `whatif:` and `sweep:` make, in order (none: the scenario runs alone).
    public var variants: [Variant] = []
    /// The variant this scenario is (nil for the base).
    public var variant: Variant.Label?

    public init(name: String, source: Source, plans: [Plan] = [.mentors], mentorPolicy: MentorPolicy = MentorPolicy(),
                solver: SolverSettings = SolverSettings()) {
        (self.name, self.source, self.plans, self.mentorPolicy, self.solver) = (name, source, plans, mentorPolicy, solver)
    }

    /// Seconds each plan may search when the scenario sets neither `solver.time_limit` nor
    /// `solver.work_limit`: every run ends.
    public static let defaultTimeLimit = 60.0

    /// The solver settings a run uses: `solver`, with the default time limit when it sets no
    /// limit at all. A work limit alone ends the search by itself, and gives the same plan on
    /// every run and machine: no clock is added to it.
    public var limitedSolver: SolverSettings {
        var s = solver
        if s.timeLimit == nil && s.workLimit == nil { s.timeLimit = Self.defaultTimeLimit }
        return s
    }

    /// What a run reads: the scenario file, the data folder and every file in it (their real
    /// paths are what an output folder must never replace or contain).
    public var inputs: [OutputFolder.Input] {
        var inputs = [OutputFolder.Input]()
        if case let .directory(url) = source {
            inputs.append(.init(url, role: "the data folder"))
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() {
                inputs.append(.init(url.appendingPathComponent(name), role: "the data folder's \(name)"))
            }
        }
        if let file { inputs.append(.init(file, role: "the scenario file")) }
        return inputs
    }

    /// Reads a scenario file.
    public static func load(_ url: URL, display: String? = nil) throws -> Scenario {
        let name = display ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(file: name, line: 0, column: 0, message: FileManager.default.fileExists(atPath: url.path) ? "cannot read the file" : "no such file")
        }
        let text = try TextFile.decode(data, file: name, saveAs: "UTF-8 text")
        var scenario = try parse(text, file: name, directory: url.deletingLastPathComponent())
        scenario.file = url
        scenario.variants = scenario.variants.map { v in
            var s = v.scenario
            s.file = url
            return Variant(label: v.label, scenario: s)
        }
        return scenario
    }

    /// Parses scenario text; relative data folders are taken from `directory`.
    public static func parse(_ text: String, file: String, directory: URL) throws -> Scenario {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw DataError(file: file, line: 0, column: 0, message: "is empty; expected a scenario (data or generate, plans, policy, solver)")
            }
            root = node
        } catch let error as YamlError {
            throw Self.yamlError(error, file: file)
        }
        let reader = YAMLReader(file: file)
        // `whatif:` and `sweep:` make variants of everything else; the base is the rest.
        let (base, whatif, sweep) = try WhatIf.split(root, reader)
        var scenario = try parse(base, reader, directory: directory)
        scenario.variants = try WhatIf.variants(of: base, whatif: whatif, sweep: sweep, reader) { tree in
            try parse(tree, reader, directory: directory)
        }
        return scenario
    }

    /// The scenario a node tree describes (without `whatif:` and `sweep:`).
    static func parse(_ root: Node, _ reader: YAMLReader, directory: URL) throws -> Scenario {
        let file = reader.file
        let top = try reader.mapping(root, at: "the scenario", allowed: ["name", "data", "generate", "plans", "roster", "activities", "policy", "solver", "whatif", "sweep"])

        var scenario = Scenario(name: (file as NSString).lastPathComponent, source: .directory(directory))
        if let node = top["name"] { scenario.name = try reader.string(node, at: "name") }

        switch (top["data"], top["generate"]) {
        case (nil, nil):
            throw DataError(file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1,
                            message: "the scenario names no data: give 'data: FOLDER' or 'generate: {district: NAME, seed: N}'")
        case (.some, .some):
            let mark = top["generate"]!.mark
            throw DataError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
                            message: "give either 'data' or 'generate', not both")
        case (let data?, nil):
            let path = try reader.string(data, at: "data")
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
            scenario.source = .directory(url.standardizedFileURL)
        case (nil, let generate?):
            let g = try reader.mapping(generate, at: "generate", allowed: ["district", "seed"])
            guard let district = g["district"] else { throw reader.error(generate, "generate needs 'district' (\(DistrictPreset.names))") }
            let districtName = try reader.string(district, at: "generate.district")
            guard DistrictPreset(rawValue: districtName) != nil else {
                throw reader.error(district, "generate.district '\(districtName)' is not one of \(DistrictPreset.names)")
            }
            let seed = try g["seed"].map { try reader.int($0, at: "generate.seed", in: 0...Int.max) } ?? 1
            scenario.source = .generate(district: districtName, seed: UInt64(seed))
        }

        if let plans = top["plans"] {
            scenario.plans = try reader.sequence(plans, at: "plans").map { node in
                let name = try reader.string(node, at: "plans")
                guard let plan = Plan(rawValue: name) else {
                    throw reader.error(node, "plans: '\(name)' is not a plan careplan has; expected \(Plan.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return plan
            }
        }
        if let roster = top["roster"] {
            let r = try reader.mapping(roster, at: "roster", allowed: ["start", "days"])
            var start = scenario.rosterHorizon.start, days = scenario.rosterHorizon.days
            if let n = r["start"] {
                let text = try reader.string(n, at: "roster.start")
                guard let date = CalendarDate(table: text) else { throw reader.error(n, "roster.start \(CalendarDate.tableDateProblem(text))") }
                start = date
            }
            if let n = r["days"] { days = try reader.int(n, at: "roster.days", in: 1...3660, what: "a number of days from 1 to 3660") }
            scenario.rosterHorizon = RosterHorizon(start: start, days: days)
        }
        if let activities = top["activities"] { scenario.activitiesHorizon = try activitiesHorizon(activities, reader) }
        if let policy = top["policy"] {
            let p = try reader.mapping(policy, at: "policy", allowed: ["mentor", "buddy", "staffing", "activities"])
            if let mentor = p["mentor"] { scenario.mentorPolicy = try mentorPolicy(mentor, reader) }
            if let buddy = p["buddy"] { scenario.buddyPolicy = try buddyPolicy(buddy, reader) }
            if let staffing = p["staffing"] { scenario.staffingPolicy = try staffingPolicy(staffing, reader) }
            if let activities = p["activities"] { scenario.activitiesPolicy = try activitiesPolicy(activities, reader) }
        }
        if let solver = top["solver"] {
            let s = try reader.mapping(solver, at: "solver", allowed: ["time_limit", "gap", "threads", "work_limit"])
            if let n = s["time_limit"] { scenario.solver.timeLimit = try reader.number(n, at: "solver.time_limit", in: 0.001...1e7, what: "a positive number of seconds") }
            if let n = s["gap"] { scenario.solver.gap = try reader.number(n, at: "solver.gap", in: 0...1, what: "a relative gap from 0 to 1 (0.01 means 1 %)") }
            if let n = s["threads"] { scenario.solver.threads = try reader.int(n, at: "solver.threads", in: 1...256) }
            if let n = s["work_limit"] {
                scenario.solver.workLimit = try reader.int(n, at: "solver.work_limit", in: 1...1_000_000_000,
                                                           what: "a positive whole number (search-tree nodes, or neighbourhood rounds)")
            }
        }
        return scenario
    }

    static func mentorPolicy(_ node: Node, _ r: YAMLReader) throws -> MentorPolicy {
        let m = try r.mapping(node, at: "policy.mentor", allowed: [
            "cap", "min_years", "max_high_risk", "high_risk_level", "psych_trained_level", "loads",
            "balance_target", "same_gender_grades", "weights"])
        var p = MentorPolicy()
        if let n = m["cap"] { p.cap = try r.int(n, at: "policy.mentor.cap", in: 0...1000) }
        if let n = m["min_years"] { p.minYears = try r.number(n, at: "policy.mentor.min_years", in: 0...80, what: "a number of years from 0 to 80") }
        if let n = m["max_high_risk"] { p.maxHighRisk = try r.int(n, at: "policy.mentor.max_high_risk", in: 0...1000) }
        if let n = m["high_risk_level"] { p.highRiskLevel = try r.int(n, at: "policy.mentor.high_risk_level", in: 0...4) }
        if let n = m["psych_trained_level"] { p.psychTrainedLevel = try r.int(n, at: "policy.mentor.psych_trained_level", in: 0...4) }
        if let n = m["loads"] {
            let l = try r.mapping(n, at: "policy.mentor.loads", allowed: ["default", "difficulty", "high_risk"])
            if let v = l["default"] { p.loads.default = try r.int(v, at: "policy.mentor.loads.default", in: 0...1000) }
            if let v = l["difficulty"] { p.loads.difficulty = try r.int(v, at: "policy.mentor.loads.difficulty", in: 0...1000) }
            if let v = l["high_risk"] { p.loads.highRisk = try r.int(v, at: "policy.mentor.loads.high_risk", in: 0...1000) }
        }
        if let n = m["balance_target"] {
            if n.string == "auto" { p.balanceTarget = nil } else {
                p.balanceTarget = try r.int(n, at: "policy.mentor.balance_target", in: 0...1000, what: "auto, or a whole number of care-load units")
            }
        }
        if let n = m["same_gender_grades"] {
            p.sameGenderGrades = Set(try r.sequence(n, at: "policy.mentor.same_gender_grades").map {
                try r.int($0, at: "policy.mentor.same_gender_grades", in: 1...12, what: "a grade from 1 to 12")
            })
        }
        if let n = m["weights"] {
            try r.weights(n, at: "policy.mentor.weights", most: 1000, into: &p.weights, keys: [
                "continuity": \.continuity, "teaches_class": \.teachesClass, "prefer": \.prefer,
                "balance": \.balance, "same_gender": \.sameGender])
        }
        return p
    }

    static func buddyPolicy(_ node: Node, _ r: YAMLReader) throws -> BuddyPolicy {
        let b = try r.mapping(node, at: "policy.buddy", allowed: [
            "scope", "mode", "candidates", "stable_objective", "max_grade_gap", "same_gender_from", "helper_risk_level", "weights"])
        var p = BuddyPolicy()
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T? where T.RawValue == String {
            guard let n = b[key] else { return nil }
            let text = try r.string(n, at: "policy.buddy.\(key)")
            guard let value = T(rawValue: text) else {
                throw r.error(n, "policy.buddy.\(key) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
            }
            return value
        }
        if let v = try choice("scope", BuddyPolicy.Scope.self) { p.scope = v }
        if let v = try choice("mode", BuddyPolicy.Mode.self) { p.mode = v }
        if let v = try choice("candidates", BuddyPolicy.Candidates.self) { p.candidates = v }
        if let v = try choice("stable_objective", BuddyPolicy.StableObjective.self) { p.stableObjective = v }
        if let n = b["max_grade_gap"] { p.maxGradeGap = try r.int(n, at: "policy.buddy.max_grade_gap", in: 0...11) }
        if let n = b["same_gender_from"] { p.sameGenderFrom = try r.int(n, at: "policy.buddy.same_gender_from", in: 1...13, what: "a grade from 1 to 12 (13: never)") }
        if let n = b["helper_risk_level"] { p.helperRiskLevel = try r.int(n, at: "policy.buddy.helper_risk_level", in: 1...4) }
        if let n = b["weights"] {
            try r.weights(n, at: "policy.buddy.weights", most: 1000, into: &p.weights, keys: [
                "same_class": \.sameClass, "same_community": \.sameCommunity, "interests": \.interests,
                "continuity": \.continuity, "prefer": \.prefer])
        }
        return p
    }

    static func yamlError(_ error: YamlError, file: String) -> DataError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return DataError(file: file, line: mark.line, column: mark.column, message: "is not valid YAML: \(what)")
        case let .composer(context, problem, mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return DataError(file: file, line: mark.line, column: mark.column, message: "is not valid YAML: \(what)")
        default:
            return DataError(file: file, line: 0, column: 0, message: "is not valid YAML: \(error)")
        }
    }
}

/// Typed, position-aware access to a YAML node tree.
struct YAMLReader {
    let file: String

    func error(_ node: Node, _ message: String) -> DataError {
        DataError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message: message)
    }

    /// A mapping whose keys are all in `allowed`; keys are returned with their value nodes.
    func mapping(_ node: Node, at path: String, allowed: [String]) throws -> [String: Node] {
        guard case let .mapping(mapping) = node else {
            throw error(node, "\(path) must be a mapping of keys (\(allowed.joined(separator: ", ")))")
        }
        var out = [String: Node]()
        for (key, value) in mapping {
            guard let name = key.string else { throw error(key, "\(path): keys must be text") }
            guard allowed.contains(name) else {
                throw error(key, "unknown key '\(name)' in \(path); expected one of \(allowed.joined(separator: ", "))")
            }
            if out[name] != nil { throw error(key, "key '\(name)' appears twice in \(path)") }
            out[name] = value
        }
        return out
    }

    func sequence(_ node: Node, at path: String) throws -> [Node] {
        guard case let .sequence(sequence) = node else { throw error(node, "\(path) must be a list, such as [a, b]") }
        return Array(sequence)
    }

    func string(_ node: Node, at path: String) throws -> String {
        guard case let .scalar(scalar) = node, !scalar.string.isEmpty else { throw error(node, "\(path) must be text") }
        return scalar.string
    }

    func int(_ node: Node, at path: String, in range: ClosedRange<Int>, what: String? = nil) throws -> Int {
        guard case let .scalar(scalar) = node, let value = Int(scalar.string), range.contains(value) else {
            throw error(node, "\(path) must be \(what ?? "a whole number from \(range.lowerBound) to \(range.upperBound)"), found \(Self.describe(node))")
        }
        return value
    }

    func number(_ node: Node, at path: String, in range: ClosedRange<Double>, what: String) throws -> Double {
        guard case let .scalar(scalar) = node, let value = Double(scalar.string), value.isFinite, range.contains(value) else {
            throw error(node, "\(path) must be \(what), found \(Self.describe(node))")
        }
        return value
    }

    /// A policy's `weights` mapping, each key a weight from 0 to `most` (0 switches the term
    /// off) written through its key path into `weights`.
    func weights<W>(_ node: Node, at path: String, most: Double, into weights: inout W,
                    keys: KeyValuePairs<String, WritableKeyPath<W, Double>>) throws {
        let w = try mapping(node, at: path, allowed: keys.map(\.key))
        let what = "a weight from 0 to \(Int(most)) (0 switches the term off)"
        for (key, field) in keys {
            if let n = w[key] { weights[keyPath: field] = try number(n, at: "\(path).\(key)", in: 0...most, what: what) }
        }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(s): return "\"\(s.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
