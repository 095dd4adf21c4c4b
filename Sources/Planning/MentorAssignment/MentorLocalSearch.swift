import Foundation

/// Improves a feasible plan of one component by local moves, keeping every hard rule.
///
/// Used for the incumbent of the MIP search: the better the incumbent, the more pairs
/// reduced-cost fixing removes and the sooner GLPK's search closes. Moves, each taken only
/// when it lowers the cost (the same objective as ``MentorFormulation``):
/// - place an unmet student, directly or by first moving one of the mentor's students to
///   another of its candidates (an ejection of depth one);
/// - shift a student to another candidate mentor with room;
/// - swap the mentors of two students (where one of them scores better for it).
/// When no move helps, a few students are moved at random (a fixed-seed generator, so the
/// same component always gives the same plan) and the descent repeats; the best plan seen is
/// kept. The work is counted in rounds, about 80,000 student moves' worth (400 rounds for
/// 200 students, 100 for 800), so the same component always gives the same plan; only a
/// deadline, when one is given and passes, cuts the rounds short.
struct MentorLocalSearch {
    let formulation: MentorFormulation
    let view: MentorComponentView
    /// Perturbation rounds after the first descent.
    var rounds: Int
    var deadline: Date?

    init(formulation: MentorFormulation, view: MentorComponentView? = nil, deadline: Date? = nil) {
        self.formulation = formulation
        self.view = view ?? MentorComponentView(formulation)
        self.deadline = deadline
        rounds = min(400, max(20, 80_000 / max(1, formulation.component.students.count)))
    }

    private var problem: MentorProblem { formulation.problem }

    /// Cost of a plan in the formulation's units.
    func cost(_ choice: [Int?]) -> Int {
        let f = formulation
        var sum = 0, load = [Int: Int]()
        for (k, c) in choice.enumerated() {
            let s = f.component.students[k]
            guard let c else { sum += f.unmetCost(of: s); continue }
            let cand = problem.candidates[s][c]
            sum -= cand.scoreUnits
            load[cand.mentor, default: 0] += cand.load
        }
        for (m, l) in load {
            let over = max(0, l - f.target[m]!)
            sum += f.balanceUnits * over * over
        }
        return sum
    }

    /// Improving moves only, until none is left.
    func descend(_ choice: [Int?]) -> [Int?] {
        var state = State(self, choice)
        state.descend()
        return state.choice
    }

    /// Improving moves, then rounds of perturbation and descent; the best plan seen.
    func improve(_ choice: [Int?]) -> [Int?] {
        var state = State(self, choice)
        state.descend()
        var best = state, bestCost = state.total()
        var random = SeededRandom(state: 0x6d656e746f72)
        let n = state.choice.count
        guard n > 1 else { return best.choice }
        for _ in 0..<rounds {
            if let deadline, Date() >= deadline { break }
            state.perturb(count: max(2, n / 20), random: &random)
            state.descend()
            let c = state.total()
            if c < bestCost { best = state; bestCost = c } else { state = best }
        }
        return best.choice
    }

    /// Loads and costs of a plan, kept up to date move by move.
    private struct State {
        let search: MentorLocalSearch
        let view: MentorComponentView
        var choice: [Int?]
        /// Per student the candidate index by mentor (-1: none): the swaps' inner lookup, an
        /// array rather than a dictionary.
        var candidateAt: [[Int32]]
        var loads: MentorLoads
        var members: [[Int]]
        let balance: Int

        init(_ search: MentorLocalSearch, _ choice: [Int?]) {
            let view = search.view
            self.search = search
            self.view = view
            self.choice = choice
            loads = MentorLoads(mentors: view.m)
            members = Array(repeating: [], count: view.m)
            balance = search.formulation.balanceUnits
            candidateAt = view.pairsOf.map { pairs in
                var at = [Int32](repeating: -1, count: view.m)
                for (c, p) in pairs.enumerated() { at[view.pairMentor[p]] = Int32(c) }
                return at
            }
            for (k, c) in choice.enumerated() {
                guard let c else { continue }
                let p = view.pairsOf[k][c]
                view.carry(p, in: &loads)
                members[view.pairMentor[p]].append(k)
            }
        }

        /// The pair of student k's candidate c.
        @inline(__always) func pair(_ k: Int, _ c: Int) -> Int { view.pairsOf[k][c] }
        @inline(__always) func riskOf(_ k: Int) -> Int { view.highRisk[k] ? 1 : 0 }

        func balanceCost(_ m: Int, _ l: Int) -> Int {
            let over = max(0, l - view.target[m])
            return balance * over * over
        }

        func total() -> Int { search.cost(choice) }

        /// Change in cost when mentor m's load moves by `delta`.
        func balanceDelta(_ m: Int, _ delta: Int) -> Int {
            balance == 0 ? 0 : balanceCost(m, loads.load[m] + delta) - balanceCost(m, loads.load[m])
        }

        mutating func remove(_ k: Int) {
            guard let c = choice[k] else { return }
            let p = pair(k, c), m = view.pairMentor[p]
            view.carry(p, in: &loads, sign: -1)
            members[m].remove(at: members[m].firstIndex(of: k)!)
            choice[k] = nil
        }

        mutating func place(_ k: Int, _ c: Int) {
            let p = pair(k, c)
            view.carry(p, in: &loads)
            members[view.pairMentor[p]].append(k)
            choice[k] = c
        }

        /// Repeats passes of improving moves until none is left.
        mutating func descend() {
            var improved = true
            while improved {
                improved = false
                for k in choice.indices where choice[k] == nil { improved = placeUnmet(k) || improved }
                for k in choice.indices where choice[k] != nil { improved = shift(k) || improved }
                for k in choice.indices where choice[k] != nil { improved = swap(k) || improved }
            }
        }

        /// Places an unmet student, if need be after moving one of the mentor's students on.
        mutating func placeUnmet(_ k: Int) -> Bool {
            let gain = view.unmetCost[k], risk = riskOf(k)
            var best: (delta: Int, c: Int, moved: (k: Int, c: Int)?)?
            for (c, p) in view.pairsOf[k].enumerated() {
                let m = view.pairMentor[p], load = view.pairLoad[p]
                let direct = view.pairCost[p] - gain
                if view.fits(load: load, risk: risk, mentor: m, in: loads) {
                    let d = direct + balanceDelta(m, load)
                    if best.map({ d < $0.delta }) ?? true { best = (d, c, nil) }
                    continue
                }
                for j in members[m] {
                    let pj = pair(j, choice[j]!), riskJ = riskOf(j)
                    guard view.fits(load: load, risk: risk, mentor: m, in: loads, freeingLoad: view.pairLoad[pj], freeingRisk: riskJ) else { continue }
                    for (c2, p2) in view.pairsOf[j].enumerated() {
                        let m2 = view.pairMentor[p2]
                        guard m2 != m, view.fits(load: view.pairLoad[p2], risk: riskJ, mentor: m2, in: loads) else { continue }
                        let d = direct - view.pairCost[pj] + view.pairCost[p2]
                            + (balance == 0 ? 0 : balanceCost(m, loads.load[m] - view.pairLoad[pj] + load) - balanceCost(m, loads.load[m])
                               + balanceDelta(m2, view.pairLoad[p2]))
                        if best.map({ d < $0.delta }) ?? true { best = (d, c, (j, c2)) }
                    }
                }
            }
            guard let best, best.delta < 0 else { return false }
            if let moved = best.moved { remove(moved.k); place(moved.k, moved.c) }
            place(k, best.c)
            return true
        }

        /// Moves student k to the candidate that lowers the cost most, if any does.
        mutating func shift(_ k: Int) -> Bool {
            let c0 = choice[k]!, p0 = pair(k, c0), m0 = view.pairMentor[p0]
            let risk = riskOf(k)
            var best: (delta: Int, c: Int)?
            for (c, p) in view.pairsOf[k].enumerated() where c != c0 {
                let m = view.pairMentor[p]
                guard view.fits(load: view.pairLoad[p], risk: risk, mentor: m, in: loads) else { continue }
                let d = view.pairCost[p] - view.pairCost[p0] + balanceDelta(m0, -view.pairLoad[p0]) + balanceDelta(m, view.pairLoad[p])
                if d < (best?.delta ?? 0) { best = (d, c) }
            }
            guard let best else { return false }
            remove(k)
            place(k, best.c)
            return true
        }

        /// Exchanges the mentors of k and another student when that lowers the cost.
        mutating func swap(_ k: Int) -> Bool {
            let c0 = choice[k]!, a0 = pair(k, c0), m0 = view.pairMentor[a0]
            var best: (delta: Int, j: Int, ck: Int, cj: Int)?
            // Only swaps in which k scores better: a swap in which only the other student gains
            // is found from that student's side. Candidates come best score first.
            for (c, a1) in view.pairsOf[k].enumerated() {
                if view.pairCost[a1] >= view.pairCost[a0] { break }
                let m = view.pairMentor[a1]
                for j in members[m] {
                    let back = candidateAt[j][m0]
                    guard back >= 0 else { continue }
                    let b0 = pair(j, choice[j]!), b1 = pair(j, Int(back))
                    let riskK = riskOf(k), riskJ = riskOf(j)
                    guard view.fits(load: view.pairLoad[a1], risk: riskK, mentor: m, in: loads,
                                    freeingLoad: view.pairLoad[b0], freeingRisk: riskJ),
                          view.fits(load: view.pairLoad[b1], risk: riskJ, mentor: m0, in: loads,
                                    freeingLoad: view.pairLoad[a0], freeingRisk: riskK) else { continue }
                    var d = view.pairCost[a1] - view.pairCost[a0] + view.pairCost[b1] - view.pairCost[b0]
                    if balance != 0 {
                        d += balanceCost(m, loads.load[m] - view.pairLoad[b0] + view.pairLoad[a1]) - balanceCost(m, loads.load[m])
                            + balanceCost(m0, loads.load[m0] - view.pairLoad[a0] + view.pairLoad[b1]) - balanceCost(m0, loads.load[m0])
                    }
                    if d < (best?.delta ?? 0) { best = (d, j, c, Int(back)) }
                }
            }
            guard let best else { return false }
            remove(k); remove(best.j)
            place(k, best.ck); place(best.j, best.cj)
            return true
        }

        /// Moves `count` random students to random candidates with room.
        mutating func perturb(count: Int, random: inout SeededRandom) {
            for _ in 0..<count {
                let k = Int(random.next() % UInt64(choice.count))
                guard let c0 = choice[k] else { continue }
                let options = view.pairsOf[k]
                let c = Int(random.next() % UInt64(options.count))
                let p = options[c]
                guard c != c0, view.fits(pair: p, in: loads) else { continue }
                remove(k)
                place(k, c)
            }
        }
    }
}
