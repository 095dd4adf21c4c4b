/// One component of mentor assignment as flat arrays, for the searches that work pair by
/// pair: the Lagrangian bound, the branch and bound, the local search and the greedy plans.
///
/// Students are numbered 0..<n and mentors 0..<m within the component (in the component's
/// order); a pair is one student's candidate, numbered student by student in candidate order,
/// so `pairsOf[k][c]` is student k's candidate c. What a mentor carries is a ``MentorLoads``,
/// and ``fits(load:risk:mentor:in:freeingLoad:freeingRisk:)`` is the one test of the hard
/// rules a move must keep: the mentor's capacity and its cap on high-risk students.
struct MentorComponentView {
    let formulation: MentorFormulation
    let n: Int, m: Int
    let pairStudent: [Int], pairMentor: [Int], pairLoad: [Int], pairCandidate: [Int]
    /// A pair's cost in the objective: minus its score.
    let pairCost: [Int]
    let pairHighRisk: [Bool]
    /// Per student its pairs in candidate order; per mentor its pairs in student order.
    let pairsOf: [[Int]], pairsAt: [[Int]]
    /// Per student: high risk (counted against the mentor's cap), the cost of leaving it unmet.
    let highRisk: [Bool], unmetCost: [Int]
    /// Per mentor: capacity and the load above which its balance penalty starts.
    let capacity: [Int], target: [Int]
    let maxHighRisk: Int

    init(_ f: MentorFormulation) {
        formulation = f
        let p = f.problem, component = f.component
        n = component.students.count
        m = component.mentors.count
        var localMentor = [Int: Int]()
        for (i, mentor) in component.mentors.enumerated() { localMentor[mentor] = i }
        var ps = [Int](), pm = [Int](), pl = [Int](), pc = [Int](), pk = [Int](), ph = [Bool]()
        var of = [[Int]](repeating: [], count: n), at = [[Int]](repeating: [], count: m)
        for (k, s) in component.students.enumerated() {
            let risky = p.isHighRisk(s)
            for (c, cand) in p.candidates[s].enumerated() {
                let i = localMentor[cand.mentor]!
                of[k].append(ps.count)
                at[i].append(ps.count)
                ps.append(k); pm.append(i); pl.append(cand.load); pc.append(-cand.scoreUnits); pk.append(c)
                ph.append(risky)
            }
        }
        pairStudent = ps; pairMentor = pm; pairLoad = pl; pairCost = pc; pairCandidate = pk; pairHighRisk = ph
        pairsOf = of; pairsAt = at
        highRisk = component.students.map { p.isHighRisk($0) }
        unmetCost = component.students.map { f.unmetCost(of: $0) }
        capacity = component.mentors.map { p.capacity[$0] }
        target = component.mentors.map { f.target[$0]! }
        maxHighRisk = p.policy.maxHighRisk
    }

    /// Whether mentor i, carrying `loads`, can take `load` more and `risk` more high-risk
    /// students once it has let go of `freeingLoad` and `freeingRisk` (a student moving out).
    @inline(__always)
    func fits(load: Int, risk: Int, mentor i: Int, in loads: MentorLoads, freeingLoad: Int = 0, freeingRisk: Int = 0) -> Bool {
        loads.load[i] - freeingLoad + load <= capacity[i] && loads.highRisk[i] - freeingRisk + risk <= maxHighRisk
    }

    /// Whether pair p fits with what its mentor carries.
    @inline(__always)
    func fits(pair p: Int, in loads: MentorLoads) -> Bool {
        fits(load: pairLoad[p], risk: pairHighRisk[p] ? 1 : 0, mentor: pairMentor[p], in: loads)
    }

    /// Load room left with mentor i, and high-risk places left.
    @inline(__always) func room(_ i: Int, _ loads: MentorLoads) -> Int { capacity[i] - loads.load[i] }
    @inline(__always) func highRiskRoom(_ i: Int, _ loads: MentorLoads) -> Int { maxHighRisk - loads.highRisk[i] }

    /// Pair p's mentor takes it on (`sign` 1) or lets it go (-1).
    @inline(__always)
    func carry(_ p: Int, in loads: inout MentorLoads, sign: Int = 1) {
        let i = pairMentor[p]
        loads.load[i] += sign * pairLoad[p]
        if pairHighRisk[p] { loads.highRisk[i] += sign }
    }

    /// A feasible plan (each student's candidate index, nil: unmet): students in `order`
    /// (by default those with the fewest candidates first), each to the first candidate with
    /// room in `preference[k]` (by default: best score first).
    func greedyChoice(order: [Int]? = nil, preference: [[Int]]? = nil) -> [Int?] {
        var loads = MentorLoads(mentors: m)
        var choice = [Int?](repeating: nil, count: n)
        let order = order ?? (0..<n).sorted { (pairsOf[$0].count, $0) < (pairsOf[$1].count, $1) }
        for k in order {
            let pairs = pairsOf[k]
            let tries = preference?[k] ?? Array(pairs.indices)
            choice[k] = tries.first { fits(pair: pairs[$0], in: loads) }
            if let c = choice[k] { carry(pairs[c], in: &loads) }
        }
        return choice
    }
}

/// What each mentor of a component carries: its load and its number of high-risk students
/// (mentors numbered as in ``MentorComponentView``).
struct MentorLoads {
    var load: [Int]
    var highRisk: [Int]

    init(mentors m: Int) {
        load = Array(repeating: 0, count: m)
        highRisk = Array(repeating: 0, count: m)
    }
}
