/// A min-cost flow problem: nodes with supplies, arcs with bounds and integer costs.
///
/// Send every node's supply (positive) to the nodes with demand (negative supply)
/// at least cost, each arc carrying between `lower` and `capacity` units. Plans whose
/// core is a network (assignments with unit loads) are solved this way, far faster
/// than as a general MIP, and the optimum is integral.
///
///     var net = FlowNetwork()
///     let s = net.addNode(supply: 2), t = net.addNode(supply: -2)
///     net.addArc(from: s, to: t, capacity: 5, cost: 3)
///
/// All data are integers: both solvers (``MinCostFlow`` in Swift, GLPK's out-of-kilter) work in
/// exact integer arithmetic.
public struct FlowNetwork: Sendable {
    public struct Node: Hashable, Sendable { public let index: Int }
    public struct Arc: Hashable, Sendable { public let index: Int }

    /// Integer data must stay within this (the solver works in 32-bit integers).
    public static let maximumMagnitude = Int(Int32.max)

    public private(set) var supply: [Int] = []
    public private(set) var nodeName: [String] = []
    public private(set) var tail: [Int] = []
    public private(set) var head: [Int] = []
    public private(set) var lower: [Int] = []
    /// nil: as much as the network can send.
    public private(set) var capacity: [Int?] = []
    public private(set) var cost: [Int] = []

    public init() {}

    public var nodeCount: Int { supply.count }
    public var arcCount: Int { tail.count }

    @discardableResult
    public mutating func addNode(supply: Int = 0, name: String = "") -> Node {
        self.supply.append(supply)
        nodeName.append(name)
        return Node(index: self.supply.count - 1)
    }

    @discardableResult
    public mutating func addArc(from: Node, to: Node, lower: Int = 0, capacity: Int? = nil, cost: Int = 0) -> Arc {
        tail.append(from.index)
        head.append(to.index)
        self.lower.append(lower)
        self.capacity.append(capacity)
        self.cost.append(cost)
        return Arc(index: tail.count - 1)
    }

    /// The largest flow any arc can carry in a feasible solution: the total supply
    /// plus every forced lower bound. Used for arcs without a capacity.
    public var unboundedCapacity: Int {
        let supplies = supply.reduce(0) { $0 + max($1, 0) }
        let lowers = lower.reduce(0) { $0 &+ $1 }
        return min(supplies &+ lowers, Self.maximumMagnitude)
    }

    private func describeNode(_ v: Int) -> String {
        nodeName[v].isEmpty ? "node \(v + 1)" : "node \"\(nodeName[v])\" (\(v + 1))"
    }

    /// Checks the network; throws the first problem, saying which node or arc.
    ///
    /// - Complexity: O(nodes + arcs).
    public func validate() throws {
        func fail(_ message: String) -> ModelError { ModelError(.invalidNetwork, message) }
        if nodeCount == 0 { throw fail("the network has no nodes") }
        let limit = Self.maximumMagnitude
        var total = 0, positive = 0
        for v in 0..<nodeCount {
            guard abs(supply[v]) <= limit else {
                throw fail("\(describeNode(v)): supply \(supply[v]) is beyond ±\(limit)")
            }
            total += supply[v]
            positive += max(supply[v], 0)
        }
        if total != 0 {
            throw fail("supplies add up to \(total), not 0: every unit supplied must be demanded somewhere (add a sink node taking the surplus)")
        }
        if positive > limit { throw fail("the total supply \(positive) is beyond \(limit)") }
        for a in 0..<arcCount {
            let what = "arc \(a + 1)"
            guard (0..<nodeCount).contains(tail[a]), (0..<nodeCount).contains(head[a]) else {
                throw fail("\(what): joins a node this network does not have")
            }
            if tail[a] == head[a] { throw fail("\(what): starts and ends at \(describeNode(tail[a])); loops are not allowed") }
            if lower[a] < 0 { throw fail("\(what): lower bound \(lower[a]) is negative") }
            if let cap = capacity[a] {
                if cap < lower[a] { throw fail("\(what): capacity \(cap) is below its lower bound \(lower[a])") }
                if cap > limit { throw fail("\(what): capacity \(cap) is beyond \(limit)") }
            } else if lower[a] > limit {
                throw fail("\(what): lower bound \(lower[a]) is beyond \(limit)")
            }
            if abs(cost[a]) > limit { throw fail("\(what): cost \(cost[a]) is beyond ±\(limit)") }
        }
    }
}

/// The outcome of a min-cost flow solve.
public struct FlowSolution: Sendable, Equatable {
    /// `.optimal` or `.infeasible` (no flow meets every supply within the arc bounds).
    public let status: TerminationStatus
    /// Total cost of the flow (empty flows when infeasible).
    public let cost: Int
    /// Flow on each arc, in the order arcs were added.
    public let flow: [Int]
    /// Node potentials (duals): with them every arc's reduced cost proves optimality.
    public let potential: [Int]
    public let seconds: Double

    public init(status: TerminationStatus, cost: Int, flow: [Int], potential: [Int], seconds: Double) {
        (self.status, self.cost, self.flow, self.potential, self.seconds) = (status, cost, flow, potential, seconds)
    }

    public subscript(arc: FlowNetwork.Arc) -> Int { flow[arc.index] }
}
