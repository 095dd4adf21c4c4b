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
    /// Perturbation rounds after the first descent.
    var rounds: Int
    var deadline: Date?

    init(formulation: MentorFormulation, deadline: Date? = nil) {
        self.formulation = formulation
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
        var choice: [Int?]
        /// Per student: the local mentor number of each candidate, and the candidate index by
        /// local mentor (-1: none). Arrays, not a dictionary: these lookups are the moves' inner loop.
        let mentorAt: [[Int32]]
        var candidateAt: [[Int32]]
        var capacity: [Int], target: [Int], load: [Int], highRisk: [Int], members: [[Int]]
        let maxHighRisk: Int, balance: Int
        let isHighRisk: [Bool]

        init(_ search: MentorLocalSearch, _ choice: [Int?]) {
            let f = search.formulation, p = f.problem
            self.search = search
            self.choice = choice
            var local = [Int: Int]()
            for (i, m) in f.component.mentors.enumerated() { local[m] = i }
            let mentors = f.component.mentors.count
            capacity = f.component.mentors.map { p.capacity[$0] }
            target = f.component.mentors.map { f.target[$0]! }
            load = Array(repeating: 0, count: mentors)
            highRisk = Array(repeating: 0, count: mentors)
            members = Array(repeating: [], count: mentors)
            maxHighRisk = p.policy.maxHighRisk
            balance = f.balanceUnits
            isHighRisk = f.component.students.map { p.isHighRisk($0) }
            let mentorAt = f.component.students.map { s in p.candidates[s].map { Int32(local[$0.mentor]!) } }
            self.mentorAt = mentorAt
            candidateAt = mentorAt.map { row in
                var at = [Int32](repeating: -1, count: mentors)
                for (c, m) in row.enumerated() { at[Int(m)] = Int32(c) }
                return at
            }
            for (k, c) in choice.enumerated() {
                guard let c else { continue }
                let cand = candidate(k, c), m = Int(mentorAt[k][c])
                load[m] += cand.load
                if isHighRisk[k] { highRisk[m] += 1 }
                members[m].append(k)
            }
        }

        func candidate(_ k: Int, _ c: Int) -> MentorProblem.Candidate {
            search.problem.candidates[search.formulation.component.students[k]][c]
        }

        func balanceCost(_ m: Int, _ l: Int) -> Int {
            let over = max(0, l - target[m])
            return balance * over * over
        }

        func total() -> Int { search.cost(choice) }

        /// Whether mentor m can take `extra` more load and `risk` more high-risk students.
        func fits(_ m: Int, extra: Int, risk: Int) -> Bool {
            load[m] + extra <= capacity[m] && highRisk[m] + risk <= maxHighRisk
        }

        /// Change in cost when mentor m's load moves by `delta`.
        func balanceDelta(_ m: Int, _ delta: Int) -> Int {
            balance == 0 ? 0 : balanceCost(m, load[m] + delta) - balanceCost(m, load[m])
        }

        mutating func remove(_ k: Int) {
            guard let c = choice[k] else { return }
            let cand = candidate(k, c), m = Int(mentorAt[k][c])
            load[m] -= cand.load
            if isHighRisk[k] { highRisk[m] -= 1 }
            members[m].remove(at: members[m].firstIndex(of: k)!)
            choice[k] = nil
        }

        mutating func place(_ k: Int, _ c: Int) {
            let cand = candidate(k, c), m = Int(mentorAt[k][c])
            load[m] += cand.load
            if isHighRisk[k] { highRisk[m] += 1 }
            members[m].append(k)
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
            let s = search.formulation.component.students[k]
            let gain = search.formulation.unmetCost(of: s)
            var best: (delta: Int, c: Int, moved: (k: Int, c: Int)?)?
            for (c, cand) in search.problem.candidates[s].enumerated() {
                let m = Int(mentorAt[k][c]), risk = isHighRisk[k] ? 1 : 0
                let direct = -cand.scoreUnits - gain
                if fits(m, extra: cand.load, risk: risk) {
                    let d = direct + balanceDelta(m, cand.load)
                    if best.map({ d < $0.delta }) ?? true { best = (d, c, nil) }
                    continue
                }
                for j in members[m] {
                    let cj = candidate(j, choice[j]!)
                    let riskJ = isHighRisk[j] ? 1 : 0
                    guard load[m] - cj.load + cand.load <= capacity[m], highRisk[m] - riskJ + risk <= maxHighRisk else { continue }
                    for (c2, alt) in search.problem.candidates[search.formulation.component.students[j]].enumerated() {
                        let m2 = Int(mentorAt[j][c2])
                        guard m2 != m, fits(m2, extra: alt.load, risk: riskJ) else { continue }
                        let d = direct + cj.scoreUnits - alt.scoreUnits
                            + (balance == 0 ? 0 : balanceCost(m, load[m] - cj.load + cand.load) - balanceCost(m, load[m]) + balanceDelta(m2, alt.load))
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
            let c0 = choice[k]!, from = candidate(k, c0), m0 = Int(mentorAt[k][c0])
            let risk = isHighRisk[k] ? 1 : 0
            var best: (delta: Int, c: Int)?
            for (c, cand) in search.problem.candidates[search.formulation.component.students[k]].enumerated() where c != c0 {
                let m = Int(mentorAt[k][c])
                guard fits(m, extra: cand.load, risk: risk) else { continue }
                let d = from.scoreUnits - cand.scoreUnits + balanceDelta(m0, -from.load) + balanceDelta(m, cand.load)
                if d < (best?.delta ?? 0) { best = (d, c) }
            }
            guard let best else { return false }
            remove(k)
            place(k, best.c)
            return true
        }

        /// Exchanges the mentors of k and another student when that lowers the cost.
        mutating func swap(_ k: Int) -> Bool {
            let c0 = choice[k]!, a0 = candidate(k, c0), m0 = Int(mentorAt[k][c0])
            var best: (delta: Int, j: Int, ck: Int, cj: Int)?
            // Only swaps in which k scores better: a swap in which only the other student gains
            // is found from that student's side. Candidates come best score first.
            for (c, cand) in search.problem.candidates[search.formulation.component.students[k]].enumerated() {
                if cand.scoreUnits <= a0.scoreUnits { break }
                let m = Int(mentorAt[k][c])
                for j in members[m] {
                    let back = candidateAt[j][m0]
                    guard back >= 0 else { continue }
                    let b0 = candidate(j, choice[j]!), b1 = candidate(j, Int(back))
                    let riskK = isHighRisk[k] ? 1 : 0, riskJ = isHighRisk[j] ? 1 : 0
                    guard load[m] - b0.load + cand.load <= capacity[m], load[m0] - a0.load + b1.load <= capacity[m0],
                          highRisk[m] - riskJ + riskK <= maxHighRisk, highRisk[m0] - riskK + riskJ <= maxHighRisk else { continue }
                    var d = a0.scoreUnits - cand.scoreUnits + b0.scoreUnits - b1.scoreUnits
                    if balance != 0 {
                        d += balanceCost(m, load[m] - b0.load + cand.load) - balanceCost(m, load[m])
                            + balanceCost(m0, load[m0] - a0.load + b1.load) - balanceCost(m0, load[m0])
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
                let options = search.problem.candidates[search.formulation.component.students[k]]
                let c = Int(random.next() % UInt64(options.count))
                let cand = options[c], m = Int(mentorAt[k][c])
                guard c != c0, fits(m, extra: cand.load, risk: isHighRisk[k] ? 1 : 0) else { continue }
                remove(k)
                place(k, c)
            }
        }
    }
}
