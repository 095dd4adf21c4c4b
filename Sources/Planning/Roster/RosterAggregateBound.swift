import Modeling

/// A lower bound from the roster counted in heads, not people: how many work each shift of
/// each day, against what the staff as a whole may give. Tiny (a few variables per day), so it
/// serves long horizons where the compact model's LP is too large to solve in time.
///
/// Variables: `n[d][t]` people on shift t of day d; per skill that a cover line asks for,
/// `s[σ][d][t]` of them with the skill; per weekend `Y[k]` (and `Y[σ][k]`) people working it.
/// Every roster gives values meeting
///
/// - `Σ_t n[d][t] ≤` people not on leave on day d (one shift a day), likewise per skill;
/// - `Σ_d n[d][t] ≤ Σ_p max_shifts(p, t)`, and minutes between the sums of the minima and maxima;
/// - `Σ_t n[d][t] ≤ Y[k]` on each day of weekend k and `Σ_k Y[k] ≤ Σ_p max_weekends(p)` (each
///   person counted once per weekend worked), likewise per skill;
/// - `s[σ][d][t] ≤ n[d][t]`;
///
/// so the least cover penalty over these counts is at most any roster's penalty (requests are
/// left out: they cost nothing or more).
enum RosterAggregateBound {
    static func value(_ p: RosterProblem, minMinutes: [Int], solver: any Solver, time: Double?) throws -> Double? {
        let D = p.days, T = p.shiftCount
        var model = Model(name: "roster-aggregate")
        var objective = LinearExpression()
        let everyone = Array(p.people.indices)
        let skills = Array(Set(p.cover.compactMap(\.skill))).sorted()
        let groups: [(skill: String?, people: [Int])] = [(nil, everyone)]
            + skills.map { σ in (σ, everyone.filter { p.people[$0].skills.contains(σ) }) }
        // Heads per group, day and shift.
        var heads = [[[Variable]]]()
        for group in groups {
            var byDay = [[Variable]]()
            for d in 0..<D {
                let available = group.people.filter { !p.people[$0].leave.contains(d) }.count
                let vars = (0..<T).map { _ in model.addVariable(lower: 0, upper: Double(available)) }
                model.addConstraint(variables: vars, coefficients: vars.map { _ in 1 }, upper: Double(available))
                byDay.append(vars)
            }
            for t in 0..<T {
                let total = group.people.reduce(0) { $0 + p.people[$1].maxShifts[t] }
                if total < D * group.people.count {
                    let vars = (0..<D).map { byDay[$0][t] }
                    model.addConstraint(variables: vars, coefficients: vars.map { _ in 1 }, upper: Double(total))
                }
            }
            var minutes = [Variable](), perShift = [Double]()
            for d in 0..<D { for t in 0..<T { minutes.append(byDay[d][t]); perShift.append(Double(p.shifts[t].minutes)) } }
            let most = group.people.reduce(0) { $0 + p.people[$1].maxMinutes }
            let least = group.skill == nil ? minMinutes.reduce(0, +) : 0
            model.addConstraint(variables: minutes, coefficients: perShift, lower: Double(least), upper: Double(most))
            let weekendLimit = group.people.reduce(0) { $0 + min(p.people[$1].maxWeekends, p.weekends.count) }
            if weekendLimit < group.people.count * p.weekends.count {
                var ys = [Variable]()
                for weekend in p.weekends {
                    let y = model.addVariable(lower: 0, upper: Double(group.people.count))
                    ys.append(y)
                    for d in weekend {
                        model.addConstraint(variables: byDay[d] + [y], coefficients: byDay[d].map { _ in 1 } + [-1], upper: 0)
                    }
                }
                model.addConstraint(variables: ys, coefficients: ys.map { _ in 1 }, upper: Double(weekendLimit))
            }
            heads.append(byDay)
        }
        // A skill's heads are among all heads.
        for g in 1..<groups.count {
            for d in 0..<D {
                for t in 0..<T { model.addConstraint(variables: [heads[g][d][t], heads[0][d][t]], coefficients: [1, -1], upper: 0) }
            }
        }
        for c in p.cover {
            let g = c.skill.map { σ in skills.firstIndex(of: σ)! + 1 } ?? 0
            let staffed = heads[g][c.day][c.shift]
            let under = model.addVariable(lower: 0, upper: .infinity), over = model.addVariable(lower: 0, upper: .infinity)
            model.addConstraint(variables: [staffed, under, over], coefficients: [1, 1, -1], lower: Double(c.required), upper: Double(c.required))
            objective.add(under, c.underWeight)
            objective.add(over, c.overWeight)
        }
        model.minimize(objective)
        let solution = try solver.solve(model, options: SolveOptions(timeLimit: time, logLevel: .off))
        return solution.status == .optimal ? solution.objective : nil
    }
}
