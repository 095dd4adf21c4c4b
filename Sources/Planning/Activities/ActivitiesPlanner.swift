import CareModel
import Foundation
import Modeling

/// Solves the activities plan part by part, in parallel, and assembles the calendar:
/// - each group of stations that share leads or venues: an integer program for GLPK
///   (``ActivitiesFormulation/stations(_:group:)``);
/// - each community with a vetted director: by its structure (``ContactSchedule``: each child's
///   exact dynamic programme, the children fitted into the director's hours), and, only where the
///   hours bind, its integer program (``ActivitiesFormulation/community(_:_:)``) for GLPK from there;
/// - each school: its class meetings and events as a min-cost flow, exact; its fortnightly
///   classes in a fixed slot per stage (the weekday with the most fortnights free);
/// - each month's doctors' sittings: a min-cost flow, exact.
///
/// Under `solver.work_limit` the GLPK searches count nodes, and the plan is the same on every
/// run and machine; under a time limit alone, a GLPK search stopped by it may end at a different
/// incumbent on another run (proven parts, the networks and the dynamic programmes never do).
public enum ActivitiesPlanner {
    struct PartResult: Sendable {
        var entries: [ActivitiesPlan.Entry] = []
        var visits: [ActivitiesPlan.Visit] = []
        var unmet: [ActivitiesPlan.Unmet] = []
        var fixes: [String] = []
        var compliance: [ActivitiesRule: ActivitiesPlan.Compliance] = [:]
        var status = TerminationStatus.optimal
        var stop = StopReason.completed
        var cost = 0.0
        var bound = 0.0

        mutating func count(_ rule: ActivitiesRule, met: Bool) {
            compliance[rule, default: .init()].required += 1
            if met { compliance[rule]!.met += 1 }
        }
    }

    enum Part: Sendable {
        case stations(Int), school(Int), community(Int), doctors(month: Int)
    }

    public static func plan(_ p: ActivitiesProblem, solver: any PlanSolver, settings: SolverSettings) throws -> ActivitiesPlan {
        let started = Date()
        let deadline = settings.timeLimit.map { started.addingTimeInterval($0) }
        let parts: [Part] = p.stationGroups.indices.map(Part.stations) + p.schools.indices.map(Part.school)
            + p.communities.indices.map(Part.community) + (0..<p.horizon.months).map { Part.doctors(month: $0) }
        func size(_ part: Part) -> Int {
            switch part {
            case .stations(let g): p.stationGroups[g].reduce(0) { $0 + p.stations[$1].days.count * p.data.themes.count }
            case .school(let s): p.schools[s].grades.count * p.schools[s].semesters.count
            case .community(let c): p.communities[c].children.count * ActivitiesFormulation.weeks(p.horizon).count
            case .doctors: p.schools.count
            }
        }
        let sizes = parts.map(size)
        // The integer programs share the time as the mentor plan's components do.
        let mipSize = parts.indices.map { k -> Int in
            switch parts[k] { case .stations, .community: sizes[k]; default: 0 }
        }
        let share = deadline.map { TimeShare(deadline: $0, work: mipSize.reduce(0, +), threads: settings.threads) }
        settings.progress?.begin(plan: "activities", components: parts.count)
        let results = try solveLargestFirst(parts.count, size: { sizes[$0] }, threads: settings.threads, progress: settings.progress) { k in
            let own = mipSize[k] == 0 ? deadline : share?.deadline(size: mipSize[k])
            switch parts[k] {
            case .stations(let g): return try stations(p, group: p.stationGroups[g], solver: solver, settings: settings, deadline: own)
            case .school(let s): return try school(p, p.schools[s])
            case .community(let c): return try community(p, p.communities[c], solver: solver, settings: settings, deadline: own)
            case .doctors(let m): return try doctors(p, month: m)
            }
        }
        return ActivitiesPlan(problem: p, results: results, seconds: Date().timeIntervalSince(started))
    }

    /// One part's search, for benchmarks: its objective, bound and whether it is proven optimal.
    public struct PartSearch: Sendable {
        public let objective: Double
        public let bound: Double
        public let optimal: Bool
    }

    /// The station group `g`'s model (as ``ActivitiesFormulation/stations(_:group:)`` builds it) and its search.
    public static func stationGroupModel(_ p: ActivitiesProblem, _ g: Int) -> Model { ActivitiesFormulation.stations(p, group: p.stationGroups[g]).model }

    public static func searchStationGroup(_ p: ActivitiesProblem, _ g: Int, solver: any PlanSolver, settings: SolverSettings) throws -> PartSearch {
        let r = try stations(p, group: p.stationGroups[g], solver: solver, settings: settings, deadline: nil)
        return PartSearch(objective: r.cost, bound: r.bound, optimal: r.status == .optimal)
    }

    /// Community `c`'s model (nil without a vetted director: nothing to decide) and its search.
    public static func communityModel(_ p: ActivitiesProblem, _ c: Int) -> Model? {
        guard let d = p.communities[c].director, p.data.directors[d].vetted else { return nil }
        return ActivitiesFormulation.community(p, p.communities[c]).model
    }

    public static func searchCommunity(_ p: ActivitiesProblem, _ c: Int, solver: any PlanSolver, settings: SolverSettings) throws -> PartSearch {
        let r = try community(p, p.communities[c], solver: solver, settings: settings, deadline: nil)
        return PartSearch(objective: r.cost, bound: r.bound, optimal: r.status == .optimal)
    }

    static func options(_ settings: SolverSettings, deadline: Date?) -> SolveOptions {
        var options = SolveOptions(timeLimit: deadline.map { max(0.001, $0.timeIntervalSinceNow) }, relativeGap: settings.gap,
                                   presolve: true, logLevel: .errors)
        options.nodeLimit = settings.workLimit
        return options
    }

    /// A GLPK search of a model whose objective takes whole values only (`whole`): it stops as
    /// soon as the incumbent reaches the bound rounded up, which proves it optimal (GLPK alone
    /// would go on until its bound itself reached the incumbent). Stopping there gives the plan
    /// a search to the end gives: no better incumbent exists. Returns the solution, the bound
    /// (rounded up when whole) and whether the incumbent is proven optimal.
    static func solve(_ model: Model, whole: Bool, solver: any PlanSolver, options: SolveOptions, progress: PlanProgress?)
        throws -> (solution: Solution, bound: Double?, optimal: Bool) {
        var o = options
        let stop = CancellationFlag()
        @Sendable func rounded(_ b: Double) -> Double { whole ? (b - 1e-6).rounded(.up) : b }
        if whole {
            o.cancellation = stop
            o.progressInterval = 0.1
            o.progress = { p in
                progress?.search(p)
                if let i = p.incumbent, let b = p.bound, i <= rounded(b) + 1e-6 { stop.cancel() }
            }
        } else {
            o = o.reporting(to: progress)
        }
        let solution = try solver.solve(model, options: o)
        let bound = solution.bound.map(rounded)
        let optimal = solution.status == .optimal || (solution.hasSolution && bound != nil && solution.objective! <= bound! + 1e-6)
        return (solution, bound, optimal)
    }

    // MARK: Stations

    static func stations(_ p: ActivitiesProblem, group: [Int], solver: any PlanSolver, settings: SolverSettings, deadline: Date?) throws -> PartResult {
        let f = ActivitiesFormulation.stations(p, group: group)
        let (solution, bound, optimal) = try solve(f.model, whole: f.wholeObjective, solver: solver, options: options(settings, deadline: deadline),
                                                   progress: settings.progress)
        var r = PartResult()
        // Without a solution (a limit before the first): nothing held, every frequency unmet.
        let has = solution.hasSolution
        func on(_ v: Variable) -> Bool { has && solution[v] > 0.5 }
        let diagnosis = ActivitiesDiagnosis(problem: p)
        for c in f.choices where on(c.y) {
            let st = p.stations[c.station], theme = p.data.themes[c.theme]
            let lead = f.leads.first { $0.station == c.station && $0.day == c.day && p.staff[$0.person].role == theme.leadRole && on($0.w) }
            let venue = f.venues.first { $0.station == c.station && $0.day == c.day && on($0.z) }
            r.entries.append(.init(date: c.day, start: ActivitiesPolicy.activityStart, minutes: p.policy.activityMinutes, siteID: p.sites[st.site].id,
                                   kind: .activity, theme: theme.id, leadID: lead.map { p.staff[$0.person].id } ?? "",
                                   venueID: venue.map { p.data.venues[$0.venue].id } ?? "", inWindow: theme.inWindow(c.day)))
        }
        for s in f.monthSlack {
            let short = has ? Int(solution[s.u].rounded()) : p.policy.minPerMonth
            r.count(.monthlyActivity, met: short == 0)
            guard short > 0 else { continue }
            let id = p.sites[p.stations[s.station].site].id, first = p.horizon.firstDay(ofMonth: s.month)
            let fix = diagnosis.stationMonth(s.station, month: s.month, short: short)
            r.unmet.append(.init(subject: id, rule: .monthlyActivity, period: monthKey(first), detail: fix, sensitiveDetail: fix))
            r.fixes.append(fix)
        }
        for s in f.themeSlack {
            let short = has ? Int(solution[s.u].rounded()) : s.need
            r.count(.themePerYear, met: short == 0)
            guard short > 0 else { continue }
            let id = p.sites[p.stations[s.station].site].id
            let fix = diagnosis.stationTheme(s.station, theme: s.theme, year: s.year, short: short)
            r.unmet.append(.init(subject: id, rule: .themePerYear, period: "\(p.data.themes[s.theme].id) from \(p.horizon.firstDay(ofMonth: p.years[s.year].lowerBound))",
                                 detail: fix, sensitiveDetail: fix))
            r.fixes.append(fix)
        }
        r.status = optimal ? .optimal : .feasible
        r.stop = optimal ? .completed : solution.stop
        let nothing = Double(f.monthSlack.count * p.policy.minPerMonth + f.themeSlack.reduce(0) { $0 + $1.need }) * ActivitiesFormulation.unmetPrice
        r.cost = has ? solution.objective ?? 0 : nothing
        r.bound = optimal ? r.cost : bound ?? 0
        return r
    }

    // MARK: Communities

    static func community(_ p: ActivitiesProblem, _ c: ActivitiesProblem.Community, solver: any PlanSolver, settings: SolverSettings,
                          deadline: Date?) throws -> PartResult {
        var r = PartResult()
        let diagnosis = ActivitiesDiagnosis(problem: p)
        guard let d = c.director, p.data.directors[d].vetted else {
            // Nobody may see these children: every frequency unmet, one fix for the community.
            let fix = diagnosis.noDirector(c)
            for child in c.children {
                let id = p.students[child].id
                for rule in childRules(p, child) { r.count(rule, met: false) }
                r.unmet.append(.init(subject: id, rule: .monthlyContact, period: "all", detail: "\(id): \(fix)", sensitiveDetail: "\(id): \(fix)"))
            }
            r.fixes.append(fix)
            r.cost = Double(r.compliance.values.reduce(0) { $0 + $1.required }) * ActivitiesFormulation.unmetPrice
            r.bound = r.cost
            return r
        }
        let director = p.data.directors[d]
        let f = ActivitiesFormulation.community(p, c)
        // By structure first: each child's optimum, and the children fitted one by one into the hours.
        let schedule = ContactSchedule(f: f, contactMinutes: ActivitiesFormulation.minutes(p.policy, visit: false),
                                       visitMinutes: ActivitiesFormulation.minutes(p.policy, visit: true), unmetCost: Int(ActivitiesFormulation.unmetPrice))
        let bound = schedule.bound()
        var greedy = schedule.greedy()
        if greedy.reduce(0, { $0 + $1.cost }) > bound {
            greedy = schedule.priced(bound: bound, iterations: ContactSchedule.iterations, start: greedy)
        }
        var actions = [ContactSchedule.Action](repeating: .none, count: f.choices.count)
        for (k, plan) in greedy.enumerated() { for (i, a) in plan.actions.enumerated() { actions[f.byChild[k].lowerBound + i] = a } }
        var missed = Set(greedy.flatMap(\.unmet))
        r.cost = Double(greedy.reduce(0) { $0 + $1.cost })
        r.bound = Double(bound)
        if r.cost > r.bound {
            // The hours bind and the prices did not reach the bound: GLPK from the best plan, within the part's share of the limits.
            var start = [Variable: Double]()
            for (k, choice) in f.choices.enumerated() where actions[k] != .none { start[actions[k] == .visit ? choice.visit : choice.contact] = 1 }
            for row in missed { start[f.rows[row].u] = 1 }
            var o = options(settings, deadline: deadline)
            o.presolve = false
            o.start = start
            let (solution, glpkBound, _) = try solve(f.model, whole: true, solver: solver, options: o, progress: settings.progress)
            if solution.hasSolution, let objective = solution.objective, objective < r.cost - 0.5 {
                for (k, choice) in f.choices.enumerated() {
                    actions[k] = solution[choice.visit] > 0.5 ? .visit : solution[choice.contact] > 0.5 ? .contact : .none
                }
                missed = Set(f.rows.indices.filter { solution[f.rows[$0].u] > 0.5 })
                r.cost = objective.rounded()
            }
            r.bound = max(r.bound, glpkBound ?? 0)
            r.stop = solution.stop
        }
        r.status = r.cost <= r.bound ? .optimal : .feasible
        if r.status == .optimal { r.stop = .completed }
        // The day's contacts and visits one after another from 09:00, children in id order.
        var byDate = [CalendarDate: [(student: Int, visit: Bool)]]()
        for (k, choice) in f.choices.enumerated() where actions[k] != .none {
            byDate[choice.date, default: []].append((choice.child, actions[k] == .visit))
        }
        for date in byDate.keys.sorted() {
            var start = ActivitiesPolicy.directorDayStart
            for item in byDate[date]!.sorted(by: { p.students[$0.student].id < p.students[$1.student].id }) {
                r.visits.append(.init(date: date, start: start, minutes: item.visit ? p.policy.visitMinutes : p.policy.contactMinutes, directorID: director.id,
                                      studentID: p.students[item.student].id, communityID: c.id, kind: item.visit ? .homeVisit : .contact))
                start += ActivitiesFormulation.minutes(p.policy, visit: item.visit)
            }
        }
        var short = [(rule: ActivitiesRule, from: CalendarDate)]()
        for (k, row) in f.rows.enumerated() {
            r.count(row.rule, met: !missed.contains(k))
            guard missed.contains(k) else { continue }
            let id = p.students[row.child].id
            short.append((row.rule, row.from))
            // Neutral: the month the item was due in, the same words for every child's rule.
            let due = row.rule == .homeVisit || row.rule == .monthlyVisit ? row.to : row.from
            let visit = row.rule == .homeVisit || row.rule == .monthlyVisit
            let detail = "\(id): a \(visit ? "home visit" : "contact") due in \(due.monthAndYear) could not be scheduled"
            let sensitive: String
            switch row.rule {
            case .fortnightlyContact: sensitive = "\(id): no contact from \(row.from) to \(row.to) (every 14 days: abnormal psychology or behaviour)"
            case .monthlyVisit: sensitive = "\(id): no home visit from \(row.from) to \(row.to) (monthly: abnormal psychology or behaviour)"
            default: sensitive = "\(id): no \(visit ? "home visit" : "contact") from \(row.from) to \(row.to)"
            }
            r.unmet.append(.init(subject: id, rule: row.rule, period: monthKey(due), detail: detail, sensitiveDetail: sensitive,
                                 sensitivePeriod: "\(row.from)..\(row.to)"))
        }
        r.fixes += diagnosis.hours(c, unmet: short)
        return r
    }

    /// The rules a child has over the horizon, one entry per period (for compliance counts when
    /// nobody can see the child).
    static func childRules(_ p: ActivitiesProblem, _ child: Int) -> [ActivitiesRule] {
        let months = p.horizon.months
        if p.isAbnormal(child) {
            let windows = ActivitiesFormulation.fortnightWindows(p.horizon, dates: [])
            return Array(repeating: .monthlyContact, count: months) + Array(repeating: .monthlyVisit, count: months)
                + Array(repeating: .fortnightlyContact, count: max(windows.count, 1))
        }
        return Array(repeating: .monthlyContact, count: months) + Array(repeating: .homeVisit, count: (months + 1) / 2)
    }

    // MARK: Schools

    static func school(_ p: ActivitiesProblem, _ school: ActivitiesProblem.School) throws -> PartResult {
        var r = PartResult()
        let site = p.sites[school.site], diagnosis = ActivitiesDiagnosis(problem: p)
        let teachers = school.teachers.map { p.staff[$0].id }
        // Class meetings (held by class teachers) always; events only with a teacher to lead them.
        var items = [ActivitiesFormulation.SchoolItem](), unled = [(part: Int, grade: Int)]()
        for part in school.semesters.indices {
            for g in school.grades {
                items.append(.init(part: part, grade: g, kind: .classMeeting))
                if teachers.isEmpty { unled.append((part, g)) } else { items.append(.init(part: part, grade: g, kind: .event)) }
            }
        }
        let (net, arcs) = ActivitiesFormulation.schoolNetwork(p, school, items: items)
        let flow = try MinCostFlow.solve(net)
        precondition(flow.status == .optimal, "every school item has its unmet arc")
        r.cost = Double(flow.cost) / 100
        r.bound = r.cost
        var onDay = [CalendarDate: [ActivitiesFormulation.SchoolItem]]()
        var missing = [Int: [ActivitiesRule: Int]]()
        for (k, item) in items.enumerated() {
            let rule: ActivitiesRule = item.kind == .classMeeting ? .classMeeting : .lifeEducationEvent
            if let hit = arcs[k].first(where: { flow[$0.arc] > 0 }) {
                onDay[hit.day, default: []].append(item)
                r.count(rule, met: true)
            } else {
                r.count(rule, met: false)
                missing[item.part, default: [:]][rule, default: 0] += 1
                let detail = "grade \(item.grade): no \(item.kind == .classMeeting ? "class meeting" : "life-education event") in the \(school.semesters[item.part].name) semester"
                r.unmet.append(.init(subject: site.id, rule: rule, period: school.semesters[item.part].name, detail: detail, sensitiveDetail: detail))
            }
        }
        for u in unled {
            r.count(.lifeEducationEvent, met: false)
            missing[u.part, default: [:]][.lifeEducationEvent, default: 0] += 1
            let detail = "grade \(u.grade): no life-education event in the \(school.semesters[u.part].name) semester (nobody to lead it)"
            r.unmet.append(.init(subject: site.id, rule: .lifeEducationEvent, period: school.semesters[u.part].name, detail: detail, sensitiveDetail: detail))
        }
        r.cost += Double(unled.count) * ActivitiesFormulation.unmetPrice
        r.bound = r.cost
        var eventCount = 0
        for day in onDay.keys.sorted() {
            let today = onDay[day]!.sorted { ($0.grade, $0.kind.rawValue) < ($1.grade, $1.kind.rawValue) }
            let free = ActivitiesFormulation.eventLeads(p, school, day)  // not empty on a day with an event
            for (k, item) in today.enumerated() {
                var lead = ""
                if item.kind == .event { lead = p.staff[free[eventCount % free.count]].id; eventCount += 1 }
                let theme = p.themeIndex[item.kind.theme].map { p.data.themes[$0] }
                r.entries.append(.init(date: day, start: ActivitiesPolicy.eventStart + k * (p.policy.classMinutes + 10), minutes: p.policy.classMinutes,
                                       siteID: site.id, kind: item.kind, theme: item.kind.theme, leadID: lead, venueID: "",
                                       inWindow: theme?.inWindow(day) ?? true, grade: item.grade))
            }
        }
        // Fortnightly classes: per stage, its lowest grade, on the free weekday with the most fortnights.
        let stages = Dictionary(grouping: school.grades, by: { Stage(grade: $0) })
        for (k, part) in school.semesters.enumerated() {
            let days = Set(part.days)
            // The part's weeks, from the Monday of its first day.
            let monday = part.from.adding(days: 1 - part.from.weekday)
            let weeks = stride(from: monday.dayNumber, through: part.to.dayNumber, by: 7).map(CalendarDate.init(dayNumber:))
            var used = Set<Int>()
            for (j, stage) in stages.keys.sorted().enumerated() {
                // Each fortnight: the first of its two weeks whose slot day is a school day.
                func fortnights(_ weekday: Int) -> [CalendarDate] {
                    stride(from: 0, to: weeks.count, by: 2).compactMap { w in
                        (w..<min(w + 2, weeks.count)).map { weeks[$0].adding(days: weekday - 1) }.first { days.contains($0) }
                    }
                }
                // The stage's teacher, or another of the school's when they are not free that morning.
                func lead(_ date: CalendarDate) -> Int? {
                    let order = school.teachers.indices.map { school.teachers[($0 + j) % school.teachers.count] }
                    return order.first { p.available(p.staff[$0].id, date, from: ActivitiesPolicy.classStart, minutes: p.policy.classMinutes) }
                }
                let weekday = (1...5).filter { !used.contains($0) }.max { (fortnights($0).count, -$0) < (fortnights($1).count, -$1) } ?? 1
                used.insert(weekday)
                let dates = fortnights(weekday), grade = stages[stage]!.min()!
                guard !teachers.isEmpty else {
                    for _ in dates { r.count(.fortnightlyClass, met: false) }
                    let detail = "grade \(grade) (\(stage.rawValue)): no fortnightly mental-health class in the \(part.name) semester (nobody to lead it)"
                    r.unmet.append(.init(subject: site.id, rule: .fortnightlyClass, period: part.name, detail: detail, sensitiveDetail: detail))
                    missing[k, default: [:]][.fortnightlyClass, default: 0] += dates.count
                    r.cost += Double(dates.count) * ActivitiesFormulation.unmetPrice
                    r.bound = r.cost
                    continue
                }
                for date in dates {
                    guard let teacher = lead(date) else {
                        r.count(.fortnightlyClass, met: false)
                        let detail = "grade \(grade) (\(stage.rawValue)): no mental-health class on \(date) (no teacher of the school free at 10:00)"
                        r.unmet.append(.init(subject: site.id, rule: .fortnightlyClass, period: part.name, detail: detail, sensitiveDetail: detail))
                        missing[k, default: [:]][.fortnightlyClass, default: 0] += 1
                        r.cost += ActivitiesFormulation.unmetPrice
                        r.bound = r.cost
                        continue
                    }
                    r.count(.fortnightlyClass, met: true)
                    r.entries.append(.init(date: date, start: ActivitiesPolicy.classStart, minutes: p.policy.classMinutes, siteID: site.id,
                                           kind: .class, theme: ActivitiesPlan.EntryKind.class.theme, leadID: p.staff[teacher].id, venueID: "",
                                           inWindow: true, grade: grade))
                }
            }
        }
        for part in missing.keys.sorted() {
            for rule in missing[part]!.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                r.fixes.append(diagnosis.school(school, part: part, rule: rule, count: missing[part]![rule]!))
            }
        }
        return r
    }

    // MARK: Doctors

    static func doctors(_ p: ActivitiesProblem, month m: Int) throws -> PartResult {
        var r = PartResult()
        // A month of fewer than `minimumSchoolDays` school days (a semester's last days) needs none.
        let schools = p.schools.indices.filter { p.schools[$0].daysByMonth[m].count >= ActivitiesPolicy.minimumSchoolDays }
        guard !schools.isEmpty else { return r }
        let diagnosis = ActivitiesDiagnosis(problem: p)
        let (net, schoolDay, dayDoctor) = ActivitiesFormulation.doctorNetwork(p, month: m, schools: schools)
        let flow = try MinCostFlow.solve(net)
        precondition(flow.status == .optimal, "every school has its unmet arc")
        r.cost = Double(flow.cost)
        r.bound = r.cost
        var atDay = [CalendarDate: [Int]]()
        for (k, s) in schools.enumerated() {
            if let hit = schoolDay[k].first(where: { flow[$0.arc] > 0 }) {
                atDay[hit.day, default: []].append(s)
                r.count(.sitting, met: true)
            } else {
                r.count(.sitting, met: false)
                let fix = diagnosis.sitting(p.schools[s], month: m)
                r.unmet.append(.init(subject: p.sites[p.schools[s].site].id, rule: .sitting, period: monthKey(p.horizon.firstDay(ofMonth: m)),
                                     detail: fix, sensitiveDetail: fix))
                r.fixes.append(fix)
            }
        }
        for day in atDay.keys.sorted() {
            let doctors = dayDoctor[day]!.filter { flow[$0.arc] > 0 }.map(\.doctor)
            for (school, doctor) in zip(atDay[day]!, doctors) {
                r.entries.append(.init(date: day, start: ActivitiesPolicy.sittingStart, minutes: p.policy.sittingMinutes,
                                       siteID: p.sites[p.schools[school].site].id, kind: .sitting, theme: "", leadID: p.data.doctors[doctor].id,
                                       venueID: "", inWindow: true))
            }
        }
        return r
    }

    /// "2027-03": a month as unmet.csv's period gives it.
    static func monthKey(_ first: CalendarDate) -> String { String(first.description.prefix(7)) }
}
