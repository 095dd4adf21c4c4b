import CareModel
import Foundation
import Modeling

/// The activities plan's models, one per kind of independent part. Each frequency the district
/// sets is a covering row with a slack that costs `unmetPrice` (more than every soft term of the
/// part together), so a part short of people or hours still gets a plan, and every slack left
/// at 1 is an item of unmet.csv.
enum ActivitiesFormulation {
    /// What one frequency left unmet costs; soft terms of one part sum to far less.
    static let unmetPrice = 100_000.0

    // MARK: Stations

    /// One activity a station may hold: its theme on one of its days.
    struct ActivityChoice {
        let station: Int, theme: Int
        let day: CalendarDate
        let y: Variable
    }

    struct StationModel {
        var model: Model
        var choices: [ActivityChoice]
        /// (station, day, lead) and (station, day, venue) assignments.
        var leads: [(station: Int, day: CalendarDate, person: Int, w: Variable)]
        var venues: [(station: Int, day: CalendarDate, venue: Int, z: Variable)]
        /// Slacks: a month's activities (station, month) and a theme's year (station, theme, year).
        var monthSlack: [(station: Int, month: Int, u: Variable)]
        var themeSlack: [(station: Int, theme: Int, year: Int, need: Int, u: Variable)]
        /// Every objective coefficient a whole number (every variable is integer): the optimum is
        /// a whole number, and a bound rounds up.
        var wholeObjective = true
    }

    /// A group of stations that share leads or venues, for one horizon.
    ///
    /// Variables: y(s,t,d) = 1 when station s holds an activity on theme t on day d (its weekend
    /// days; only where a lead of t's role and a venue are free that day); w(l,s,d) lead l leads
    /// it; z(v,s,d) venue v hosts it.
    ///
    ///     minimise  Σ (1 + window·weight(t)·[d outside t's windows]) y(s,t,d) + Σ_{v a school's room} z(v,s,d)
    ///               + spread·Σ e(s,week) + balance·Σ_role M(role) + unmetPrice·Σ u
    ///     s.t.      Σ_t y(s,t,d) ≤ 1                              one activity a day per station
    ///               Σ_{t of role r} y(s,t,d) = Σ_{l of role r} w(l,s,d)   each led by one lead of its role
    ///               Σ_t y(s,t,d) = Σ_v z(v,s,d)                   each in one venue
    ///               Σ_s w(l,s,d) ≤ 1,  Σ_s z(v,s,d) ≤ 1           nobody and no room double-booked
    ///               Σ_{t, d in month m} y(s,t,d) + u(s,m) ≥ minPerMonth
    ///               Σ_{d in year k} y(s,t,d) + u(s,t,k) ≥ need(t, k)
    ///               e(s,week) ≥ Σ_{d in week} Σ_t y(s,t,d) − 1    spread over the weeks
    ///               M(role) ≥ Σ_{s,d} w(l,s,d)  for each lead l       loads balanced
    static func stations(_ p: ActivitiesProblem, group: [Int]) -> StationModel {
        var model = Model(name: "activities-stations")
        let policy = p.policy, themes = p.data.themes
        var objective = LinearExpression()
        var out = StationModel(model: model, choices: [], leads: [], venues: [], monthSlack: [], themeSlack: [])
        var leadRows = [Int: [CalendarDate: [Variable]]]()    // person -> day -> w
        var venueRows = [Int: [CalendarDate: [Variable]]]()   // venue -> day -> z
        var loadOf = [Int: [Variable]]()                       // person -> all w
        func free(_ person: String, _ day: CalendarDate) -> Bool {
            p.available(person, day, from: ActivitiesPolicy.activityStart, minutes: policy.activityMinutes)
        }
        for s in group {
            let st = p.stations[s]
            var byMonth = [Int: [Variable]](), byThemeYear = [Int: [Int: [Variable]]](), byWeek = [Int: [Variable]]()
            for day in st.days {
                // Free venues that day: not blacked out at their site.
                let venues = st.venues.filter { !p.isBlackedOut(p.data.venues[$0].siteID, day) }
                guard !venues.isEmpty else { continue }
                var dayVars = [Variable](), byRole = [StaffMember.Role: [Variable]]()
                for (t, theme) in themes.enumerated() {
                    let leads = (st.leads[theme.leadRole] ?? []).filter { free(p.staff[$0].id, day) }
                    guard !leads.isEmpty else { continue }
                    let y = model.addBinary()
                    out.choices.append(ActivityChoice(station: s, theme: t, day: day, y: y))
                    objective.add(y, 1 + (theme.inWindow(day) ? 0 : policy.weights.window * theme.weight))
                    dayVars.append(y)
                    byRole[theme.leadRole, default: []].append(y)
                    byMonth[p.horizon.month(of: day)!, default: []].append(y)
                    byThemeYear[t, default: [:]][p.horizon.month(of: day)! / 12, default: []].append(y)
                }
                guard !dayVars.isEmpty else { continue }
                byWeek[(day.dayNumber + 3) / 7, default: []].append(contentsOf: dayVars)  // weeks from Monday
                model.addConstraint(variables: dayVars, coefficients: ones(dayVars.count), upper: 1)
                for role in byRole.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                    let ys = byRole[role]!
                    var vars = ys, coefs = ones(ys.count)
                    for l in (st.leads[role] ?? []) where free(p.staff[l].id, day) {
                        let w = model.addBinary()
                        out.leads.append((s, day, l, w))
                        leadRows[l, default: [:]][day, default: []].append(w)
                        loadOf[l, default: []].append(w)
                        vars.append(w); coefs.append(-1)
                    }
                    model.addConstraint(variables: vars, coefficients: coefs, lower: 0, upper: 0)
                }
                var vars = dayVars, coefs = ones(dayVars.count)
                for v in venues {
                    let z = model.addBinary()
                    // The station's own room first; a school's (shared at staggered times) costs 1.
                    if p.data.venues[v].siteID != p.sites[st.site].id { objective.add(z, 1) }
                    out.venues.append((s, day, v, z))
                    venueRows[v, default: [:]][day, default: []].append(z)
                    vars.append(z); coefs.append(-1)
                }
                model.addConstraint(variables: vars, coefficients: coefs, lower: 0, upper: 0)
            }
            // Every month, at least minPerMonth.
            for m in 0..<p.horizon.months {
                let u = model.addVariable(lower: 0, upper: Double(policy.minPerMonth), kind: .integer)
                out.monthSlack.append((s, m, u))
                objective.add(u, unmetPrice)
                let ys = byMonth[m] ?? []
                model.addConstraint(variables: ys + [u], coefficients: ones(ys.count + 1), lower: Double(policy.minPerMonth))
            }
            // Every theme, its activities a year.
            for (t, theme) in themes.enumerated() {
                for (k, year) in p.years.enumerated() {
                    let need = p.need(theme, months: year.count)
                    guard need > 0 else { continue }
                    let u = model.addVariable(lower: 0, upper: Double(need), kind: .integer)
                    out.themeSlack.append((s, t, k, need, u))
                    objective.add(u, unmetPrice)
                    let ys = byThemeYear[t]?[k] ?? []
                    model.addConstraint(variables: ys + [u], coefficients: ones(ys.count + 1), lower: Double(need))
                }
            }
            // Spread: a second activity in one week costs `spread`.
            if policy.weights.spread > 0 {
                for week in byWeek.keys.sorted() {
                    let ys = byWeek[week]!
                    guard ys.count > 1 else { continue }
                    let e = model.addVariable(lower: 0, upper: Double(ys.count), kind: .integer)
                    objective.add(e, policy.weights.spread)
                    model.addConstraint(variables: ys + [e], coefficients: ones(ys.count) + [-1], upper: 1)
                }
            }
        }
        // Nobody and no room in two places on one day.
        for rows in [leadRows, venueRows] {
            for key in rows.keys.sorted() {
                for day in rows[key]!.keys.sorted() where rows[key]![day]!.count > 1 {
                    let vars = rows[key]![day]!
                    model.addConstraint(variables: vars, coefficients: ones(vars.count), upper: 1)
                }
            }
        }
        // Balance: the busiest lead of each role.
        if policy.weights.balance > 0 {
            let roles = Dictionary(grouping: loadOf.keys.sorted(), by: { p.staff[$0].role })
            for role in roles.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                let m = model.addVariable(lower: 0, upper: Double(p.stations.count * p.horizon.days), kind: .integer)
                objective.add(m, policy.weights.balance)
                for l in roles[role]! {
                    let ws = loadOf[l]!
                    model.addConstraint(variables: ws + [m], coefficients: ones(ws.count) + [-1], upper: 0)
                }
            }
        }
        model.minimize(objective)
        out.model = model
        out.wholeObjective = objective.coefficients.allSatisfy { $0 == $0.rounded() }
        return out
    }

    // MARK: Communities

    /// A date on which the director may see a child (one a week), and the two ways to.
    struct ContactChoice {
        let child: Int
        let date: CalendarDate
        /// Its week (index in ``weeks(_:)``).
        let week: Int
        let contact: Variable, visit: Variable
    }

    /// A covering row of one child: `rule` over `from...to` (a month, a month pair, a 14-day
    /// window), met by a contact or visit (`visitsOnly`: a visit) on one of the child's dates
    /// `lo...hi` (indices in the child's choices; empty when no date of the child falls inside).
    struct ChildRow {
        let child: Int
        let rule: ActivitiesRule
        let from: CalendarDate, to: CalendarDate
        let visitsOnly: Bool
        let lo: Int, hi: Int
        let u: Variable
    }

    struct CommunityModel {
        var model: Model
        /// Each child's dates in order (`byChild[i]`: the range of `choices` of the i-th child).
        var choices: [ContactChoice]
        var byChild: [Range<Int>]
        var rows: [ChildRow]
        /// Each child's rows (indices in `rows`).
        var rowsOf: [[Int]]
        /// The director's minutes each week, at most.
        var capacity: [Int]
        /// What a contact and a visit cost in the objective (weighted minutes, travel included).
        var contactCost: Int, visitCost: Int
    }

    /// Minutes a contact and a home visit take the director, travel included.
    static func minutes(_ policy: ActivitiesPolicy, visit: Bool) -> Int {
        (visit ? policy.visitMinutes : policy.contactMinutes) + policy.travelMinutes
    }

    /// The date in the week starting `monday` on which the director sees `child` (the child's
    /// weekday, `position` mod 5, or the next weekday the director is available), inside the horizon.
    static func contactDate(_ p: ActivitiesProblem, director: String, position: Int, monday: CalendarDate) -> CalendarDate? {
        for k in 0..<5 {
            let date = monday.adding(days: (position + k) % 5)
            let day = ActivitiesProblem.directorDay
            if p.horizon.contains(date) && p.available(director, date, from: day.start, minutes: day.minutes) { return date }
        }
        return nil
    }

    /// The Mondays of the weeks that meet the horizon.
    static func weeks(_ horizon: ActivitiesHorizon) -> [CalendarDate] {
        let first = horizon.start.adding(days: 1 - horizon.start.weekday)
        return stride(from: first.dayNumber, through: horizon.end.dayNumber, by: 7).map(CalendarDate.init(dayNumber:))
    }

    /// One community: its director's contacts and home visits of each of its children, a date a
    /// week per child (the child's weekday, so two contacts two weeks apart are 14 days apart).
    /// Costs are the director's minutes (travel included) times `travel`, whole numbers.
    ///
    ///     minimise  Σ (cost(contact) x(c,k) + cost(visit) v(c,k)) + unmetPrice·Σ u
    ///     s.t.      x(c,k) + v(c,k) ≤ 1
    ///               Σ_{k in month m} (x + v)(c,k) + u ≥ 1          a contact (a visit counts) every month
    ///               Σ_{k in period} v(c,k) + u ≥ 1                 a home visit every month pair (monthly: abnormal)
    ///               Σ_{k in [t, t+13]} (x + v)(c,k) + u ≥ 1         abnormal: every 14-day window
    ///               Σ_c minutes(contact) x(c,k) + minutes(visit) v(c,k) ≤ weekly minutes(k)
    ///
    /// Without the last row the model splits into one small model per child, an interval
    /// covering that ``ContactSchedule`` solves exactly by dynamic programming: the children's
    /// optima together are a bound, and a plan that fits the hours and reaches it is optimal.
    static func community(_ p: ActivitiesProblem, _ community: ActivitiesProblem.Community) -> CommunityModel {
        var model = Model(name: "activities-community")
        let policy = p.policy, horizon = p.horizon
        let director = p.data.directors[community.director!]
        var objective = LinearExpression()
        var choices = [ContactChoice](), rows = [ChildRow](), byChild = [Range<Int>](), rowsOf = [[Int]]()
        let weeks = Self.weeks(horizon)
        var load = [[(Variable, Double)]](repeating: [], count: weeks.count)
        let contactMinutes = minutes(policy, visit: false), visitMinutes = minutes(policy, visit: true)
        let contactCost = Int((Double(contactMinutes) * policy.weights.travel).rounded())
        let visitCost = Int((Double(visitMinutes) * policy.weights.travel).rounded())
        for (position, c) in community.children.enumerated() {
            let first = choices.count
            for (k, monday) in weeks.enumerated() {
                guard let date = contactDate(p, director: director.id, position: position, monday: monday) else { continue }
                let x = model.addBinary(), v = model.addBinary()
                choices.append(ContactChoice(child: c, date: date, week: k, contact: x, visit: v))
                objective.add(x, Double(contactCost))
                objective.add(v, Double(visitCost))
                model.addConstraint(variables: [x, v], coefficients: [1, 1], upper: 1)
                load[k].append((x, Double(contactMinutes)))
                load[k].append((v, Double(visitMinutes)))
            }
            let mine = choices[first...]
            byChild.append(first..<choices.count)
            var own = [Int]()
            func cover(_ rule: ActivitiesRule, _ from: CalendarDate, _ to: CalendarDate, visitsOnly: Bool) {
                let inside = mine.indices.filter { mine[$0].date >= from && mine[$0].date <= to }
                let u = model.addBinary()
                objective.add(u, unmetPrice)
                own.append(rows.count)
                rows.append(ChildRow(child: c, rule: rule, from: from, to: to, visitsOnly: visitsOnly,
                                     lo: (inside.first ?? 1) - first, hi: (inside.last ?? 0) - first, u: u))
                let vars = inside.flatMap { visitsOnly ? [mine[$0].visit] : [mine[$0].contact, mine[$0].visit] }
                model.addConstraint(variables: vars + [u], coefficients: ones(vars.count + 1), lower: 1)
            }
            let abnormal = p.isAbnormal(c)
            for m in 0..<horizon.months {
                cover(.monthlyContact, horizon.firstDay(ofMonth: m), horizon.firstDay(ofMonth: m + 1).adding(days: -1), visitsOnly: false)
            }
            for m in stride(from: 0, to: horizon.months, by: abnormal ? 1 : 2) {
                let last = min(m + (abnormal ? 1 : 2), horizon.months)
                cover(abnormal ? .monthlyVisit : .homeVisit, horizon.firstDay(ofMonth: m), horizon.firstDay(ofMonth: last).adding(days: -1),
                      visitsOnly: true)
            }
            if abnormal {
                for window in fortnightWindows(horizon, dates: mine.map(\.date)) {
                    cover(.fortnightlyContact, window.lowerBound, window.upperBound, visitsOnly: false)
                }
            }
            rowsOf.append(own)
        }
        // The director's hours, week by week (a week cut by the horizon: its share of them).
        var capacity = [Int]()
        for (k, monday) in weeks.enumerated() {
            let days = (0..<7).filter { horizon.contains(monday.adding(days: $0)) }.count
            capacity.append(Int((director.weeklyHours * 60 * Double(days) / 7).rounded(.down)))
            if !load[k].isEmpty {
                model.addConstraint(variables: load[k].map(\.0), coefficients: load[k].map(\.1), upper: Double(capacity[k]))
            }
        }
        model.minimize(objective)
        return CommunityModel(model: model, choices: choices, byChild: byChild, rows: rows, rowsOf: rowsOf, capacity: capacity,
                              contactCost: contactCost, visitCost: visitCost)
    }

    /// The 14-day windows [t, t+13] inside the horizon that no other window's dates contain
    /// strictly: those starting at the horizon's start or the day after one of `dates` (sorted).
    /// A contact on one of `dates` in each of them keeps every 14-day window covered.
    static func fortnightWindows(_ horizon: ActivitiesHorizon, dates: [CalendarDate]) -> [ClosedRange<CalendarDate>] {
        var windows = [ClosedRange<CalendarDate>]()
        var seen = Set<[Int]>()
        for t in [horizon.start] + dates.map({ $0.adding(days: 1) }) {
            let end = t.adding(days: 13)
            guard end <= horizon.end else { break }
            let inside = dates.filter { $0 >= t && $0 <= end }.map(\.dayNumber)
            if seen.insert(inside).inserted { windows.append(t...end) }
        }
        // A window whose dates include another's is implied by it.
        return windows.filter { w in
            let mine = Set(dates.filter { w.contains($0) })
            return !windows.contains { o in o != w && Set(dates.filter { o.contains($0) }).isStrictSubset(of: mine) }
        }
    }

    // MARK: Schools (a network)

    /// A school's class meetings and events: each (semester part, grade, kind) to one school day,
    /// at most `eventsPerDay` a day, as a min-cost flow (exact): an item costs `window·weight`
    /// on a day outside its theme's windows, and `unmetPrice` when no day takes it.
    struct SchoolItem {
        let part: Int, grade: Int
        let kind: ActivitiesPlan.EntryKind
    }

    static func schoolNetwork(_ p: ActivitiesProblem, _ school: ActivitiesProblem.School, items: [SchoolItem])
        -> (net: FlowNetwork, arcs: [[(day: CalendarDate, arc: FlowNetwork.Arc)]]) {
        var net = FlowNetwork()
        let sink = net.addNode(supply: -items.count)
        var dayNode = [CalendarDate: FlowNetwork.Node]()
        for part in school.semesters {
            for d in part.days where dayNode[d] == nil {
                let n = net.addNode()
                dayNode[d] = n
                net.addArc(from: n, to: sink, capacity: p.policy.eventsPerDay)
            }
        }
        var arcs = [[(day: CalendarDate, arc: FlowNetwork.Arc)]]()
        for item in items {
            let node = net.addNode(supply: 1)
            let theme = p.themeIndex[item.kind.theme].map { p.data.themes[$0] }
            var mine = [(day: CalendarDate, arc: FlowNetwork.Arc)]()
            // An event needs one of the school's teachers free that afternoon; a class meeting, its class teacher.
            for d in school.semesters[item.part].days where item.kind != .event || !eventLeads(p, school, d).isEmpty {
                let outside = theme.map { !$0.inWindow(d) } ?? false
                let cost = outside ? Int((p.policy.weights.window * theme!.weight * 100).rounded()) : 0
                mine.append((d, net.addArc(from: node, to: dayNode[d]!, capacity: 1, cost: cost)))
            }
            net.addArc(from: node, to: sink, capacity: 1, cost: Int(unmetPrice))
            arcs.append(mine)
        }
        return (net, arcs)
    }

    /// The school's teachers free for its afternoon's events on `day` (availability and other plans).
    static func eventLeads(_ p: ActivitiesProblem, _ school: ActivitiesProblem.School, _ day: CalendarDate) -> [Int] {
        let span = p.policy.eventsPerDay * (p.policy.classMinutes + 10)
        return school.teachers.filter { p.available(p.staff[$0].id, day, from: ActivitiesPolicy.eventStart, minutes: span) }
    }

    // MARK: Doctors (a network per month)

    /// One month's sittings: each school that has school days that month to one of them and to
    /// a doctor free that day (one sitting a day per doctor, `maxPerMonth` a month), as a
    /// min-cost flow; a doctor's k-th sitting of the month costs k, so loads are balanced, and
    /// a school without one costs `unmetPrice`.
    static func doctorNetwork(_ p: ActivitiesProblem, month m: Int, schools: [Int])
        -> (net: FlowNetwork, schoolDay: [[(day: CalendarDate, arc: FlowNetwork.Arc)]], dayDoctor: [CalendarDate: [(doctor: Int, arc: FlowNetwork.Arc)]]) {
        var net = FlowNetwork()
        let sink = net.addNode(supply: -schools.count)
        let first = p.horizon.firstDay(ofMonth: m), next = p.horizon.firstDay(ofMonth: m + 1)
        let days = (first.dayNumber..<next.dayNumber).map(CalendarDate.init(dayNumber:)).filter { !$0.isWeekend }
        var dayNode = [CalendarDate: FlowNetwork.Node](), dayDoctor = [CalendarDate: [(doctor: Int, arc: FlowNetwork.Arc)]]()
        let doctorNodes = p.data.doctors.map { _ in net.addNode() }
        for (k, doctor) in p.data.doctors.enumerated() {
            let cap = min(doctor.maxPerMonth ?? days.count, days.count)
            for j in 0..<cap { net.addArc(from: doctorNodes[k], to: sink, capacity: 1, cost: j + 1) }
        }
        for d in days {
            let n = net.addNode()
            dayNode[d] = n
            for (k, doctor) in p.data.doctors.enumerated() where doctor.vetted && doctor.weekdays.contains(d.weekday)
                && p.available(doctor.id, d, from: ActivitiesPolicy.sittingStart, minutes: p.policy.sittingMinutes) {
                dayDoctor[d, default: []].append((k, net.addArc(from: n, to: doctorNodes[k], capacity: 1)))
            }
        }
        var schoolDay = [[(day: CalendarDate, arc: FlowNetwork.Arc)]]()
        for s in schools {
            let node = net.addNode(supply: 1)
            var mine = [(day: CalendarDate, arc: FlowNetwork.Arc)]()
            for d in p.schools[s].daysByMonth[m] where dayDoctor[d] != nil {
                mine.append((d, net.addArc(from: node, to: dayNode[d]!, capacity: 1)))
            }
            net.addArc(from: node, to: sink, capacity: 1, cost: Int(unmetPrice))
            schoolDay.append(mine)
        }
        return (net, schoolDay, dayDoctor)
    }

    static func ones(_ n: Int) -> [Double] { Array(repeating: 1, count: n) }
}
