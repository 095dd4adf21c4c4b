import Modeling

/// The optimisation model of one component of mentor assignment.
///
/// Objective, in priority order: nobody left without a mentor (a pinned student before
/// anyone), then the weighted soft terms. Costs are integers in hundredths:
///
///     minimise  Σ M·unmet(s) (2M if pinned)  −  Σ score(s,m)·x(s,m)  +  Σ_m balance·over(m)²
///
/// where M exceeds the whole range of the soft terms, so no soft gain can ever pay for
/// leaving a student out. With unit care loads the model is a min-cost flow and is solved
/// exactly as a network; otherwise it is the same rules as a MIP.
public struct MentorFormulation {
    let problem: MentorProblem
    let component: MentorProblem.Component

    /// Load above which each mentor's balance penalty starts.
    let target: [Int: Int]
    /// Cost of leaving one (unpinned) student without a mentor.
    let unmetCost: Int
    let balanceUnits: Int
    /// The greatest common divisor of every cost in the objective: any two plans' costs differ
    /// by a multiple of it, so a plan better than one costing `ub` costs at most `ub - step`.
    let step: Int

    public init(problem: MentorProblem, component: MentorProblem.Component) {
        self.problem = problem
        self.component = component
        balanceUnits = max(0, MentorPolicy.units(problem.policy.weights.balance))
        let totalLoad = component.students.reduce(0) { $0 + MentorProblem.load(of: problem.data.students[$1], policy: problem.policy) }
        let active = component.mentors.filter { problem.capacity[$0] > 0 }.count
        let average = active == 0 ? 0 : (totalLoad + active - 1) / active
        let wanted = problem.policy.balanceTarget ?? average
        var target = [Int: Int]()
        for m in component.mentors { target[m] = min(wanted, problem.capacity[m]) }
        self.target = target
        // M > the whole range of the soft terms: every score can swing by its magnitude
        // (scores may be negative, as for a minimisation written as preferences), and the
        // balance penalty from nothing to its worst.
        var range = 1
        for s in component.students { range += problem.candidates[s].map { abs($0.scoreUnits) }.max() ?? 0 }
        for m in component.mentors {
            let over = problem.capacity[m] - target[m]!
            range += balanceUnits * over * over
        }
        // The soft terms' common divisor; M is rounded up to a multiple of it, so it does not
        // shrink the step (every plan's cost stays a multiple of it).
        var g = balanceUnits
        for s in component.students { for c in problem.candidates[s] where c.scoreUnits != 0 { g = Self.gcd(g, c.scoreUnits) } }
        step = max(g, 1)
        unmetCost = (range + step - 1) / step * step
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (abs(a), abs(b))
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// Unit care loads throughout: the model is a network.
    public var isNetwork: Bool {
        component.students.allSatisfy { s in problem.candidates[s].allSatisfy { $0.load == 1 } }
    }

    public func unmetCost(of s: Int) -> Int { problem.pinned[s] != nil ? 2 * unmetCost : unmetCost }

    /// Marginal cost of the k-th unit of load above target (k from 1): convex, so the
    /// cheapest units are used first and the total is balance · over².
    func balanceCost(unit k: Int) -> Int { balanceUnits * (2 * k - 1) }

    // MARK: - Network form

    /// The network, with what is needed to read each student's mentor back from a flow.
    public struct Network {
        public var net: FlowNetwork
        /// Groups of interchangeable students (indices into the component's students).
        var groups: [[Int]]
        /// Per group: direct arcs as (candidate index of the group's students, arc).
        var direct: [[(candidate: Int, arc: FlowNetwork.Arc)]]
        /// Per group: the arc into its pool, and the pool's number.
        var poolArc: [(pool: Int, arc: FlowNetwork.Arc)?]
        /// Per pool: its arcs to mentors (or their high-risk gates).
        var pools: [[(mentor: Int, arc: FlowNetwork.Arc)]]
    }

    /// The min-cost flow form, reduced without changing the optimum.
    ///
    /// - Students who are interchangeable (the same candidates with the same scores, the
    ///   same risk routing and unmet cost, as classmates with the same last-term mentor
    ///   are) become one node whose supply is their number.
    /// - Students whose candidates and shared score parts are identical (same school, grade,
    ///   qualification and, where it scores, gender; no pin or forbid) share a pool node:
    ///   student -> pool -> mentor replaces the many arcs of equal score, and only a pair
    ///   with a score of its own (continuity, class, preference) keeps a direct arc with its
    ///   full score. An optimal flow never sends a pooled student through the pool to a
    ///   mentor its direct arc reaches more cheaply, so any split of a pool's flow is exact.
    ///
    /// On a district's largest components this cuts the arcs about fivefold and the
    /// supply nodes about threefold.
    public func network() -> Network {
        var net = FlowNetwork()
        let students = component.students
        let sink = net.addNode(supply: -students.count, name: "sink")
        var mentorNode = [Int: FlowNetwork.Node](), gate = [Int: FlowNetwork.Node]()
        for m in component.mentors {
            mentorNode[m] = net.addNode(name: "mentor")
            // Rule: at most maxHighRisk high-risk students per mentor (their arcs pass this gate).
            let g = net.addNode(name: "high_risk_gate")
            gate[m] = g
            net.addArc(from: g, to: mentorNode[m]!, capacity: problem.policy.maxHighRisk, cost: 0)
            // Rule: a mentor's load stays within capacity; above target each unit costs more.
            addCapacityArcs(&net, from: mentorNode[m]!, to: sink, mentor: m)
        }
        let groups = interchangeable { s in
            [problem.pinned[s] == nil && !hasForbid(s) ? 0 : 1] + problem.candidates[s].flatMap { [$0.mentor, $0.scoreUnits, $0.sharedUnits] }
        }.groups
        var poolIndex = [[Int]: Int](), poolNodes = [FlowNetwork.Node](), pools = [[(mentor: Int, arc: FlowNetwork.Arc)]]()
        var direct = [[(candidate: Int, arc: FlowNetwork.Arc)]](), poolArc = [(pool: Int, arc: FlowNetwork.Arc)?]()
        for members in groups {
            let s = students[members[0]], size = members.count
            // Rule: every student gets exactly one mentor, or is counted unmet at a high price.
            let node = net.addNode(supply: size, name: "students")
            net.addArc(from: node, to: sink, capacity: size, cost: unmetCost(of: s))
            let highRisk = problem.isHighRisk(s)
            let candidates = problem.candidates[s]
            func target(_ m: Int) -> FlowNetwork.Node { highRisk ? gate[m]! : mentorNode[m]! }
            let poolable = problem.pinned[s] == nil && candidates.count > 1 && !hasForbid(s)
            var arcs = [(candidate: Int, arc: FlowNetwork.Arc)]()
            for (c, cand) in candidates.enumerated() where !poolable || cand.ownUnits != 0 {
                arcs.append((c, net.addArc(from: node, to: target(cand.mentor), capacity: size, cost: -cand.scoreUnits)))
            }
            direct.append(arcs)
            guard poolable else { poolArc.append(nil); continue }
            let byMentor = candidates.sorted { $0.mentor < $1.mentor }
            let key = [highRisk ? 1 : 0] + byMentor.flatMap { [$0.mentor, $0.sharedUnits] }
            let p: Int
            if let existing = poolIndex[key] {
                p = existing
            } else {
                p = pools.count
                poolIndex[key] = p
                let pool = net.addNode(name: "pool")
                poolNodes.append(pool)
                pools.append(byMentor.map { cand in
                    (cand.mentor, net.addArc(from: pool, to: target(cand.mentor), capacity: nil, cost: -cand.sharedUnits))
                })
            }
            poolArc.append((p, net.addArc(from: node, to: poolNodes[p], capacity: size, cost: 0)))
        }
        return Network(net: net, groups: groups, direct: direct, poolArc: poolArc, pools: pools)
    }

    /// Each student's chosen candidate (nil: unmet) in an optimal flow of ``network()``:
    /// a group's members, in order, fill its direct arcs, then its pool; pools fill their
    /// mentors in mentor order.
    func decode(_ form: Network, _ flow: FlowSolution) -> [Int?] {
        var choice = [Int?](repeating: nil, count: component.students.count)
        var waiting = [[Int]](repeating: [], count: form.pools.count)
        for (g, members) in form.groups.enumerated() {
            var queue = members[...]
            for (candidate, arc) in form.direct[g] {
                for _ in 0..<flow[arc] { if let k = queue.popFirst() { choice[k] = candidate } }
            }
            if let p = form.poolArc[g] {
                for _ in 0..<flow[p.arc] { if let k = queue.popFirst() { waiting[p.pool].append(k) } }
            }
        }
        for (p, arcs) in form.pools.enumerated() {
            var queue = waiting[p][...]
            for (mentor, arc) in arcs {
                for _ in 0..<flow[arc] {
                    guard let k = queue.popFirst() else { break }
                    choice[k] = problem.candidates[component.students[k]].firstIndex { $0.mentor == mentor }
                }
            }
        }
        return choice
    }

    /// The component's students grouped as interchangeable: the same risk routing, the same
    /// unmet cost and the same `key` (what the form needs alike). Groups are in order of their
    /// first member (indices into the component's students); also each student's group.
    private func interchangeable(key: (Int) -> [Int]) -> (groups: [[Int]], groupOf: [Int]) {
        var index = [[Int]: Int](), groups = [[Int]](), groupOf = [Int]()
        for (k, s) in component.students.enumerated() {
            let full = [problem.isHighRisk(s) ? 1 : 0, unmetCost(of: s)] + key(s)
            let g = index[full] ?? groups.count
            if g == groups.count { index[full] = g; groups.append([]) }
            groups[g].append(k)
            groupOf.append(g)
        }
        return (groups, groupOf)
    }

    private func hasForbid(_ s: Int) -> Bool {
        problem.forbidden.contains(s)
    }

    private func addCapacityArcs(_ net: inout FlowNetwork, from node: FlowNetwork.Node, to sink: FlowNetwork.Node, mentor m: Int) {
        let capacity = problem.capacity[m], t = target[m]!
        if balanceUnits == 0 || t >= capacity {
            net.addArc(from: node, to: sink, capacity: capacity, cost: 0)
            return
        }
        if t > 0 { net.addArc(from: node, to: sink, capacity: t, cost: 0) }
        for k in 1...(capacity - t) { net.addArc(from: node, to: sink, capacity: 1, cost: balanceCost(unit: k)) }
    }

    // MARK: - MIP form

    /// The MIP form. Interchangeable students (the same candidates with the same scores and
    /// loads, the same risk routing and unmet cost) form one group, and the variables count
    /// how many of the group take each candidate: the same plans without the symmetry that
    /// makes a search over identical students hopeless (a grade of 600 has many).
    public struct MIP {
        public var model: Model
        /// Groups of interchangeable students (indices into the component's students), in
        /// order of their first member; and each student's group.
        var groups: [[Int]]
        var groupOf: [Int]
        /// assign[g][c]: how many of group g take candidate c (binary for a group of one).
        var assign: [[Variable]]
        /// unmet[g]: how many of group g are left without a mentor.
        var unmet: [Variable]
        var over: [Int: [Variable]]
    }

    public func mip() -> MIP {
        var model = Model(name: "mentors")
        let students = component.students
        let (groups, groupOf) = interchangeable { s in problem.candidates[s].flatMap { [$0.mentor, $0.scoreUnits, $0.load] } }
        var assign = [[Variable]](), unmet = [Variable]()
        var objective = LinearExpression()
        for members in groups {
            let s = students[members[0]], size = members.count
            func count() -> Variable { size == 1 ? model.addBinary() : model.addVariable(upper: Double(size), kind: .integer) }
            let ys = problem.candidates[s].map { _ in count() }
            for (y, c) in zip(ys, problem.candidates[s]) where c.scoreUnits != 0 { objective.add(y, Double(-c.scoreUnits)) }
            let u = count()
            objective.add(u, Double(unmetCost(of: s)))
            // Rule: every student gets exactly one mentor, or is counted unmet.
            model.addConstraint(variables: ys + [u], coefficients: Array(repeating: 1, count: ys.count + 1),
                                lower: Double(size), upper: Double(size))
            assign.append(ys)
            unmet.append(u)
        }
        var loadTerms = [Int: ([Variable], [Double])](), highRiskTerms = [Int: [Variable]]()
        for (g, members) in groups.enumerated() {
            let s = students[members[0]]
            for (y, c) in zip(assign[g], problem.candidates[s]) {
                loadTerms[c.mentor, default: ([], [])].0.append(y)
                loadTerms[c.mentor, default: ([], [])].1.append(Double(c.load))
                if problem.isHighRisk(s) { highRiskTerms[c.mentor, default: []].append(y) }
            }
        }
        var over = [Int: [Variable]]()
        for m in component.mentors {
            guard let (ys, loads) = loadTerms[m] else { continue }
            // Rule: a mentor's load stays within capacity.
            model.addConstraint(variables: ys, coefficients: loads, upper: Double(problem.capacity[m]))
            // Rule: at most maxHighRisk high-risk students per mentor.
            if let hr = highRiskTerms[m] {
                model.addConstraint(variables: hr, coefficients: Array(repeating: 1, count: hr.count), upper: Double(problem.policy.maxHighRisk))
            }
            // Soft rule: load above target costs balance · over² (convex pieces, cheapest first).
            let t = target[m]!, capacity = problem.capacity[m]
            if balanceUnits > 0 && t < capacity {
                let pieces = (1...(capacity - t)).map { k -> Variable in
                    let e = model.addVariable(upper: 1)
                    objective.add(e, Double(balanceCost(unit: k)))
                    return e
                }
                model.addConstraint(variables: ys + pieces, coefficients: loads + Array(repeating: -1, count: pieces.count),
                                    upper: Double(t))
                over[m] = pieces
            }
        }
        model.minimize(objective)
        return MIP(model: model, groups: groups, groupOf: groupOf, assign: assign, unmet: unmet, over: over)
    }

    /// A feasible plan (each student's candidate index, nil: unmet): students in `order`
    /// (by default those with the fewest candidates first), each to the first candidate with
    /// room in `preference[k]` (by default: best score first).
    func greedyChoice(order: [Int]? = nil, preference: [[Int]]? = nil) -> [Int?] {
        MentorComponentView(self).greedyChoice(order: order, preference: preference)
    }

    /// A plan as values of every MIP variable, the balance pieces filled cheapest first.
    func start(_ mip: MIP, choice: [Int?]) -> [Variable: Double] {
        var start = [Variable: Double](), load = [Int: Int]()
        for y in mip.assign.joined() { start[y] = 0 }
        for u in mip.unmet { start[u] = 0 }
        for (k, c) in choice.enumerated() {
            let g = mip.groupOf[k]
            guard let c else { start[mip.unmet[g], default: 0] += 1; continue }
            start[mip.assign[g][c], default: 0] += 1
            let cand = problem.candidates[component.students[k]][c]
            load[cand.mentor, default: 0] += cand.load
        }
        for (m, pieces) in mip.over {
            let excess = max(0, load[m, default: 0] - target[m]!)
            for (k, e) in pieces.enumerated() { start[e] = k < excess ? 1 : 0 }
        }
        return start
    }

    /// Each student's chosen candidate in a MIP solution: a group's members, in order, fill
    /// its candidates in order.
    func choice(_ mip: MIP, value: (Variable) -> Double) -> [Int?] {
        var choice = [Int?](repeating: nil, count: component.students.count)
        for (g, members) in mip.groups.enumerated() {
            var queue = members[...]
            for (c, y) in mip.assign[g].enumerated() {
                for _ in 0..<Int(value(y).rounded()) { if let k = queue.popFirst() { choice[k] = c } }
            }
        }
        return choice
    }
}
