import ArgumentParser
import Dispatch
import Foundation
import GLPK
import Modeling

/// `careplan doctor`: what GLPK this is, and whether careplan's net under it holds.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the GLPK installation and careplan's guard around it.",
        discussion: "Prints GLPK's version, whether it is re-entrant, and each check with its result. Exit code 3 when a check fails."
    )

    func run() throws {
        print("careplan \(Careplan.version)")
        print("GLPK \(GLPKLibrary.version)")
        if let tls = GLPKLibrary.threadLocalStorage {
            print("re-entrant: yes (thread-local storage: \(tls)); independent models may be solved in parallel")
        } else {
            print("re-entrant: no; careplan will solve one model at a time")
        }
        var failures = 0
        for check in Self.checks {
            let (ok, detail) = check.run()
            print("check: \(check.name) ... \(ok ? "ok" : "FAILED") (\(detail))")
            if !ok { failures += 1 }
        }
        if failures > 0 {
            printError("careplan: \(Figures.count(failures, "check")) failed")
            throw ExitCode(Outcome.internalError)
        }
    }

    struct Check: Sendable {
        let name: String
        let run: @Sendable () -> (Bool, String)
    }

    /// A tiny MIP with a known optimum: max x + 2y, x + y <= 3.5, y <= 2.5, integers -> 5.
    static func knownMIP() -> Model {
        var model = Model(name: "doctor")
        let x = model.addVariable("x", kind: .integer)
        let y = model.addVariable("y", kind: .integer)
        model.addConstraint(x + y <= 3.5, name: "total")
        model.addConstraint(y <= 2.5, name: "y_cap")
        model.maximize(x + 2 * y)
        return model
    }

    static let checks: [Check] = [
        Check(name: "a small LP reaches its known optimum") {
            var model = Model(name: "lp")
            let x = model.addVariable("x"), y = model.addVariable("y")
            model.addConstraint(x + y <= 4, name: "total")
            model.addConstraint(x + 3 * y <= 6, name: "mix")
            model.maximize(3 * x + 2 * y)
            let objective = (try? GLPKSolver().solve(model))?.objective
            return (objective.map { abs($0 - 12) < 1e-9 } ?? false, "objective \(objective.map { "\($0)" } ?? "none"), expected 12")
        },
        Check(name: "a small MIP reaches its known optimum") {
            let objective = (try? GLPKSolver().solve(knownMIP()))?.objective
            return (objective == 5, "objective \(objective.map { "\($0)" } ?? "none"), expected 5")
        },
        Check(name: "a GLPK fatal error is caught, not an abort") {
            let error = GLPKLibrary.provokeFatalError()
            return (error.description.contains("duplicate indices not allowed"), error.description)
        },
        Check(name: "the next solve on the same thread works") {
            let objective = (try? GLPKSolver().solve(knownMIP()))?.objective
            return (objective == 5, "objective \(objective.map { "\($0)" } ?? "none")")
        },
        Check(name: "models solved on two threads at once agree") {
            let results = LockedArray(count: 4)
            DispatchQueue.concurrentPerform(iterations: 4) { k in
                results.set(k, (try? GLPKSolver().solve(knownMIP()))?.objective)
            }
            let values = results.values
            return (values.allSatisfy { $0 == 5 }, "objectives \(values.map { $0.map { "\($0)" } ?? "none" }.joined(separator: ", "))")
        },
        Check(name: "min-cost flow by out-of-kilter") {
            var net = FlowNetwork()
            let s = net.addNode(supply: 3), a = net.addNode(), t = net.addNode(supply: -3)
            net.addArc(from: s, to: t, capacity: 1, cost: 1)
            net.addArc(from: s, to: a, cost: 1)
            net.addArc(from: a, to: t, cost: 1)
            let cost = (try? GLPKSolver().solve(net))?.cost
            return (cost == 5, "cost \(cost.map(String.init) ?? "none"), expected 5")
        },
    ]
}

/// A fixed-size array written from several threads (one slot each).
final class LockedArray: @unchecked Sendable {
    private var slots: [Double?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Double?) { lock.withLock { slots[index] = value } }
    var values: [Double?] { lock.withLock { slots } }
}
