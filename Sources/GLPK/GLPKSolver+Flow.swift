import CGLPKGuard
import Modeling

extension GLPKSolver {
    /// Solves a min-cost flow problem with GLPK's out-of-kilter routine
    /// (`glp_mincost_okalg`; the relax4 routine is disabled in GLPK 5.0 and never called).
    ///
    /// The network is validated first; an infeasible network comes back with status
    /// `.infeasible`. Arcs without a capacity get ``Modeling/FlowNetwork/unboundedCapacity``.
    public func solve(_ network: FlowNetwork) throws -> FlowSolution {
        try network.validate()
        let supply = network.supply.map(Double.init)
        let tail = network.tail.map { Int32($0) }
        let head = network.head.map { Int32($0) }
        let low = network.lower.map(Double.init)
        let unbounded = network.unboundedCapacity
        let cap = zip(network.capacity, network.lower).map { Double($0 ?? max(unbounded, $1)) }
        let cost = network.cost.map(Double.init)
        var flow = [Double](repeating: 0, count: max(network.arcCount, 1))
        var potential = [Double](repeating: 0, count: max(network.nodeCount, 1))
        var result = cpg_flow_result()
        var log: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<CChar>?

        let code: Int32 = supply.withUnsafeBufferPointer { s in
        tail.withUnsafeBufferPointer { t in
        head.withUnsafeBufferPointer { h in
        low.withUnsafeBufferPointer { l in
        cap.withUnsafeBufferPointer { c in
        cost.withUnsafeBufferPointer { k in
        flow.withUnsafeMutableBufferPointer { f in
        potential.withUnsafeMutableBufferPointer { p in
            var net = cpg_network(
                nnodes: Int32(network.nodeCount), narcs: Int32(network.arcCount), supply: s.baseAddress,
                tail: t.baseAddress, head: h.baseAddress, low: l.baseAddress, cap: c.baseAddress, cost: k.baseAddress)
            result.flow = f.baseAddress
            result.potential = p.baseAddress
            return cpg_mincost_flow(&net, &result, &log, &error)
        }}}}}}}}
        try guardOutcome(code, log: log, error: error)
        switch Int(result.glp_ret) {
        case 0:
            return FlowSolution(
                status: .optimal, cost: Int(result.cost), flow: flow.prefix(network.arcCount).map { Int($0) },
                potential: potential.prefix(network.nodeCount).map { Int($0) }, seconds: result.seconds)
        case 0x0A:  // GLP_ENOPFS
            return FlowSolution(status: .infeasible, cost: 0, flow: [], potential: [], seconds: result.seconds)
        default:
            throw GLPKError.numericalFailure(
                code: Int(result.glp_ret), meaning: GLPKError.meaning(ofReturnCode: Int(result.glp_ret)))
        }
    }
}
