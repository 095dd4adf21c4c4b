import Foundation
/// Best responses: one person's schedule replaced by the cheapest one given everyone else's,
/// exactly (by ``SchedulePricer``), person after person until nobody can improve alone.
///
/// Given the others, one more person on a cover line saves its under weight while the line is
/// short and costs its over weight once it is full; a person adds at most one to a line, so
/// these marginal prices make the person's pricing problem price the whole roster exactly.
struct RosterDescent {
    let problem: RosterProblem
    var pricers: [SchedulePricer]
    private let requestPrices: [RosterProblem.RequestPrices]
    private let memo: Memo

    /// Each person's last exact pricing: the pricer (held, so a replaced one is told apart), the
    /// cell prices and the answer. A sweep that finds a person's prices unchanged (nobody on
    /// their lines moved since) reuses the answer, so the sweep that confirms nobody improves
    /// costs little.
    private final class Memo {
        var last: [(pricer: SchedulePricer, shiftCost: [[Double]], found: (cost: Double, schedule: [Int?])?)?]
        init(_ people: Int) { last = Array(repeating: nil, count: people) }
    }

    init(problem: RosterProblem, minMinutes: [Int]) {
        self.problem = problem
        pricers = problem.people.indices.map { SchedulePricer(problem: problem, person: $0, minMinutes: minMinutes[$0]) }
        requestPrices = problem.people.indices.map(problem.requestPrices)
        memo = Memo(problem.people.count)
    }

    /// Person q's cheapest schedule at these prices (q's own off prices), exactly; from the
    /// memo when q's pricer and prices are those of q's last pricing.
    private func cheapest(_ q: Int, shiftCost: [[Double]], offCost: [Double]) -> (cost: Double, schedule: [Int?])? {
        if let last = memo.last[q], last.pricer === pricers[q], last.shiftCost == shiftCost { return last.found }
        let found = pricers[q].cheapest(shiftCost: shiftCost, offCost: offCost)
        memo.last[q] = (pricers[q], shiftCost, found)
        return found
    }

    /// Whether person q's schedules can be priced by dynamic programming.
    func canPrice(_ q: Int) -> Bool { pricers[q].stateCount != nil }

    /// Person q's cheapest schedule given the others in `grid`, and what q's current schedule
    /// costs at the same prices; nil when q cannot be priced or has no schedule.
    ///
    /// With `beam` a person whose states are too many for the exact recursion gets a good
    /// schedule from a beam of that width instead (not always the cheapest).
    func bestResponse(_ q: Int, _ grid: RosterGrid, beam: Int? = nil) -> (schedule: [Int?], cost: Double, current: Double)? {
        guard canPrice(q) || beam != nil else { return nil }
        var prices = requestPrices[q]
        for c in problem.cover where c.people.contains(q) {
            let others = problem.staffed(c, grid) - (grid[q][c.day] == c.shift ? 1 : 0)
            prices.shift[c.day][c.shift] += others < c.required ? -c.underWeight : c.overWeight
        }
        let shiftCost = prices.shift, offCost = prices.off
        // A beam that loses every schedule meeting the rules gets one more try, four times as wide.
        let found = canPrice(q) ? cheapest(q, shiftCost: shiftCost, offCost: offCost)
            : pricers[q].good(shiftCost: shiftCost, offCost: offCost, width: beam!)
                ?? pricers[q].good(shiftCost: shiftCost, offCost: offCost, width: 4 * beam!)
        guard let best = found else { return nil }
        return (best.schedule, best.cost, prices.cost(of: grid[q]))
    }

    /// Sweeps over everyone until a sweep changes nothing (or `sweeps` run out); returns the
    /// number of schedules replaced. Never makes the roster worse. With `beam`, people whose
    /// states are too many get a beam's schedule (see ``bestResponse(_:_:beam:)``).
    @discardableResult
    func improve(_ grid: inout RosterGrid, sweeps: Int = 20, until deadline: Date? = nil, beam: Int? = nil) -> Int {
        var changed = 0
        for _ in 0..<sweeps {
            var any = false
            for q in problem.people.indices {
                // Past the deadline the roster stays as it is (a long horizon's sweep takes seconds).
                if let deadline, Date() >= deadline { return changed }
                guard let r = bestResponse(q, grid, beam: beam), r.cost < r.current - 1e-9 else { continue }
                grid[q] = r.schedule
                changed += 1
                any = true
            }
            if !any { break }
        }
        return changed
    }
}
