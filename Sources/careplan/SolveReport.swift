import Foundation
import Modeling

/// The result of `careplan model solve`, as text or JSON.
struct SolveReport: Encodable {
    let status: TerminationStatus
    let stop: StopReason
    let objective: Double?
    let bound: Double?
    let gap: Double?
    let seconds: Double
    let iterations: Int
    let nodes: Int
    let variables: Int
    let constraints: Int
    let nonzeros: Int
    let integer: Bool
    let values: [String: Double]?

    init(model: AssembledModel, solution: Solution, withValues: Bool) {
        status = solution.status
        stop = solution.stop
        objective = solution.objective
        bound = solution.bound
        gap = solution.gap
        seconds = solution.seconds
        iterations = solution.iterations
        nodes = solution.nodes
        variables = model.variableCount
        constraints = model.constraintCount
        nonzeros = model.nonzeroCount
        integer = model.hasIntegerVariables
        if withValues && solution.hasSolution {
            var named = [String: Double]()
            for (j, value) in solution.values.enumerated() {
                named[model.columnName[j].isEmpty ? "x_\(j + 1)" : model.columnName[j]] = value
            }
            values = named
        } else {
            values = nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case status, stop, objective, bound, gap, seconds, iterations, nodes, variables, constraints, nonzeros, integer, values
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encode(stop, forKey: .stop)
        try c.encode(objective, forKey: .objective)  // null when there is no solution
        try c.encode(bound, forKey: .bound)
        try c.encode(gap, forKey: .gap)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(nodes, forKey: .nodes)
        try c.encode(variables, forKey: .variables)
        try c.encode(constraints, forKey: .constraints)
        try c.encode(nonzeros, forKey: .nonzeros)
        try c.encode(integer, forKey: .integer)
        try c.encodeIfPresent(values, forKey: .values)
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    func text() -> String {
        func number(_ value: Double?) -> String {
            guard let value else { return "-" }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
        }
        var lines = [
            "status       \(status.rawValue)" + (stop == .completed ? "" : " (stopped: \(stop.rawValue.replacingOccurrences(of: "_", with: " ")))"),
            "objective    \(number(objective))",
            "bound        \(number(bound))",
            "gap          \(gap.map { String(format: "%.4g %%", $0 * 100) } ?? "-")",
            "seconds      \(String(format: "%.3f", seconds))",
            "model        \(variables) variables\(integer ? " (integer)" : ""), \(constraints) constraints, \(nonzeros) non-zeros",
            "work         \(iterations) simplex iterations, \(nodes) nodes",
        ]
        if let values {
            lines.append("values")
            for name in values.keys.sorted() { lines.append("  \(name) = \(number(values[name]))") }
        }
        return lines.joined(separator: "\n")
    }
}
