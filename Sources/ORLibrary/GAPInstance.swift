import CareModel
import Foundation
import Modeling

/// One generalized assignment problem from OR-Library: every job goes to exactly one
/// agent, and each agent's total load stays within its capacity.
///
/// Mentor assignment with per-pair care loads is this problem: agents are mentors,
/// jobs are students.
public struct GAPInstance: Sendable, Equatable {
    public let agents: Int
    public let jobs: Int
    /// `cost[i][j]`: cost (or profit) of giving job j to agent i.
    public let cost: [[Int]]
    /// `load[i][j]`: load job j puts on agent i.
    public let load: [[Int]]
    public let capacity: [Int]

    public init(agents: Int, jobs: Int, cost: [[Int]], load: [[Int]], capacity: [Int]) {
        self.agents = agents
        self.jobs = jobs
        self.cost = cost
        self.load = load
        self.capacity = capacity
    }

    /// The model: binary x[i][j]; each job assigned once; each agent within capacity;
    /// total cost minimised or maximised.
    public func model(sense: ObjectiveSense) -> (model: Model, assign: [[Variable]]) {
        var model = Model(name: "gap_\(agents)x\(jobs)")
        let x = (0..<agents).map { i in
            (0..<jobs).map { j in model.addBinary("x_\(i + 1)_\(j + 1)") }
        }
        for j in 0..<jobs {
            // Each job goes to exactly one agent.
            model.addConstraint(
                variables: (0..<agents).map { x[$0][j] }, coefficients: Array(repeating: 1, count: agents),
                lower: 1, upper: 1, name: "job_\(j + 1)")
        }
        for i in 0..<agents {
            // An agent's total load stays within its capacity.
            model.addConstraint(
                variables: x[i], coefficients: load[i].map(Double.init), upper: Double(capacity[i]),
                name: "capacity_\(i + 1)")
        }
        var objective = LinearExpression()
        for i in 0..<agents {
            for j in 0..<jobs { objective.add(x[i][j], Double(cost[i][j])) }
        }
        model.setObjective(objective, sense: sense)
        return (model, x)
    }

    /// The objective of an assignment (`agentOf[j]` is job j's agent), or nil when it
    /// breaks a rule: an independent check of any claimed optimum.
    public func value(of agentOf: [Int]) -> Int? {
        guard agentOf.count == jobs, agentOf.allSatisfy({ (0..<agents).contains($0) }) else { return nil }
        var used = [Int](repeating: 0, count: agents)
        var total = 0
        for (j, i) in agentOf.enumerated() {
            used[i] += load[i][j]
            total += cost[i][j]
        }
        return zip(used, capacity).allSatisfy { $0 <= $1 } ? total : nil
    }
}

/// Reads OR-Library GAP files (gap1..gap12, gapa..gapd).
public enum GAPFile {
    /// Parses a file of `P` problems: `P`, then per problem `m n`, m rows of n costs,
    /// m rows of n loads, m capacities. Line breaks carry no meaning.
    public static func parse(_ text: String, file: String) throws -> [GAPInstance] {
        var reader = IntegerReader(text: text, file: file)
        let count = try reader.next("the number of problems", atLeast: 1)
        return try (0..<count).map { _ in
            let m = try reader.next("the number of agents", atLeast: 1)
            let n = try reader.next("the number of jobs", atLeast: 1)
            let cost = try (0..<m).map { _ in try (0..<n).map { _ in try reader.next("a cost") } }
            let load = try (0..<m).map { _ in try (0..<n).map { _ in try reader.next("a load", atLeast: 0) } }
            let capacity = try (0..<m).map { _ in try reader.next("a capacity", atLeast: 0) }
            return GAPInstance(agents: m, jobs: n, cost: cost, load: load, capacity: capacity)
        }
    }

    public static func load(_ url: URL) throws -> [GAPInstance] {
        try parse(String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
    }
}

/// Whitespace-separated integers, with line and column for messages.
struct IntegerReader {
    private let bytes: [UInt8]
    private let file: String
    private var position = 0, line = 1, column = 1

    init(text: String, file: String) {
        bytes = Array(text.utf8)
        self.file = file
    }

    mutating func next(_ what: String, atLeast minimum: Int = .min) throws -> Int {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
            if bytes[position] == 0x0A { line += 1; column = 1 } else { column += 1 }
            position += 1
        }
        let (startLine, startColumn) = (line, column)
        guard position < bytes.count else {
            throw DataError(file: file, line: line, column: column, message: "expected \(what), found the end of the file")
        }
        var end = position
        while end < bytes.count, ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[end]) { end += 1 }
        let token = String(decoding: bytes[position..<end], as: UTF8.self)
        column += end - position
        position = end
        guard let value = Int(token) else {
            throw DataError(file: file, line: startLine, column: startColumn, message: "expected \(what) (a whole number), found \"\(token)\"")
        }
        guard value >= minimum else {
            throw DataError(file: file, line: startLine, column: startColumn, message: "expected \(what) of at least \(minimum), found \(value)")
        }
        return value
    }
}

/// Published optima of the GAP instances (the CSV files beside them).
public struct GAPKnownValue: Sendable, Equatable {
    public let file: String
    /// 1-based position of the problem in its file.
    public let index: Int
    public let name: String
    public let optimumMax: Int?
    public let optimumMin: Int?

    public init(file: String, index: Int, name: String, optimumMax: Int?, optimumMin: Int?) {
        self.file = file
        self.index = index
        self.name = name
        self.optimumMax = optimumMax
        self.optimumMin = optimumMin
    }

    /// Reads `known_values_gap1-12.csv` (`opt_max`, `opt_min`) or
    /// `known_values_gapa-d.csv` (`min_opt_fontanf`; position from the order of rows per file).
    public static func parse(csv: String) -> [GAPKnownValue] {
        let rows = csv.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = rows.first else { return [] }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        var perFile = [String: Int]()
        return rows.dropFirst().compactMap { row in
            guard let f = column("file"), row.count == header.count else { return nil }
            let file = row[f]
            perFile[file, default: 0] += 1
            let index = column("problem_index_1based").flatMap { Int(row[$0]) } ?? perFile[file]!
            let name = (column("orlib_name") ?? column("name")).map { row[$0] } ?? ""
            let max = column("opt_max").flatMap { Int(row[$0]) }
            let min = (column("opt_min") ?? column("min_opt_fontanf")).flatMap { Int(row[$0]) }
            return GAPKnownValue(file: file, index: index, name: name, optimumMax: max, optimumMin: min)
        }
    }
}
