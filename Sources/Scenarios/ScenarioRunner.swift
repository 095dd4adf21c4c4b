import CareModel
import Foundation
import Modeling
import Planning

/// Runs a scenario's plans and writes their outputs.
public struct ScenarioRunner: Sendable {
    public let solver: any PlanSolver

    public init(solver: any PlanSolver) {
        self.solver = solver
    }

    /// A scenario's data, read and checked, and each plan's prepared problem.
    public struct Prepared: Sendable {
        public let mentors: MentorProblem?
        public let buddies: BuddyProblem?
        public let roster: RosterProblem?
        public var staffing: StaffingProblem? = nil
        public var activities: ActivitiesProblem? = nil
        public let warnings: [String]
    }

    /// The tables a scenario's plans need, read and checked (before any policy applies).
    /// Variants that differ only in policy share one.
    public struct Tables: Sendable {
        var mentors: MentorData?
        var buddies: BuddyData?
        var roster: RosterData?
        var staffing: StaffingData?
        var activities: (data: ActivitiesData, staffing: StaffingData, students: [Student])?

        public var warnings: [String] {
            (mentors?.warnings ?? []) + (buddies?.warnings ?? []) + (roster?.warnings ?? [])
                + (staffing?.warnings ?? []) + (activities?.data.warnings ?? [])
        }

        /// What decides which tables a scenario reads: two scenarios with the same key read the same.
        public struct Key: Hashable, Sendable {
            let source: Scenario.Source
            let plans: Set<Scenario.Plan>
            let roster: RosterHorizon?
            let activities: ActivitiesHorizon?

            public init(_ scenario: Scenario) {
                source = scenario.source
                plans = Set(scenario.plans)
                roster = scenario.plans.contains(.roster) ? scenario.rosterHorizon : nil
                activities = scenario.plans.contains(.activities) ? scenario.activitiesHorizon : nil
            }
        }
    }

    /// Reads the tables the scenario's plans need (from its folder, or generated) and checks
    /// every rule a plan relies on, without solving.
    public static func prepare(_ scenario: Scenario) throws -> Prepared {
        try prepare(scenario, tables: read(scenario))
    }

    /// Reads the tables the scenario's plans need, from its folder or generated.
    public static func read(_ scenario: Scenario) throws -> Tables {
        var t = Tables()
        switch scenario.source {
        case let .directory(url):
            let display = displayPath(url)
            let folder = TableFolder(url, display: display)
            var students: [Student]?
            /// students.csv, read once for the plans that need it (the mentor plan reads it with its own tables);
            /// its warnings when this call read it.
            func readStudents(for plan: String) throws -> [String] {
                guard students == nil else { return [] }
                var warnings = [String]()
                students = try Student.parseTable(folder.required("students.csv", for: plan), warnings: &warnings)
                return warnings
            }
            if scenario.plans.contains(.mentors) {
                t.mentors = try MentorData.load(from: url, display: display)
                students = t.mentors!.students
            }
            if scenario.plans.contains(.buddies) {
                let warnings = try readStudents(for: "buddy")
                t.buddies = try BuddyData.load(from: url, display: display, students: students!, studentsFile: folder.name("students.csv"))
                t.buddies!.warnings = warnings + t.buddies!.warnings
            }
            if scenario.plans.contains(.roster) {
                t.roster = try RosterData.load(from: url, display: display, horizon: scenario.rosterHorizon)
            }
            if scenario.plans.contains(.staffing) { t.staffing = try StaffingData.load(from: url, display: display) }
            if scenario.plans.contains(.activities) {
                // Sites and staff from the staffing tables, children from students.csv.
                let shared = try t.staffing ?? StaffingData.load(from: url, display: display, for: "activities")
                let warnings = try readStudents(for: "activities")
                var data = try ActivitiesData.load(from: url, display: display, horizon: scenario.activitiesHorizon, sites: shared.sites,
                                                   staff: shared.staff, students: students!)
                data.warnings = warnings + (t.staffing == nil ? shared.warnings : []) + data.warnings
                t.activities = (data, shared, students!)
            }
        case let .generate(district, seed):
            let generator = DistrictGenerator(preset: DistrictPreset(rawValue: district)!, seed: seed)
            let data = generator.generate()
            if scenario.plans.contains(.mentors) { t.mentors = data }
            if scenario.plans.contains(.buddies) { t.buddies = generator.buddies(for: data.students) }
            if scenario.plans.contains(.roster) {
                let preset = DistrictPreset(rawValue: district)!
                t.roster = RosterGenerator(staff: RosterGenerator.staff(for: preset), horizon: scenario.rosterHorizon, seed: seed, sessions: true).generate()
            }
            if scenario.plans.contains(.staffing) { t.staffing = generator.staffing(for: data) }
            if scenario.plans.contains(.activities) {
                let shared = t.staffing ?? generator.staffing(for: data)
                t.activities = (generator.activities(for: data, staffing: shared, horizon: scenario.activitiesHorizon), shared, data.students)
            }
        }
        return t
    }

    /// Each plan's problem: the tables under the scenario's policy, every rule checked.
    public static func prepare(_ scenario: Scenario, tables: Tables, previous: PreviousPlan? = nil) throws -> Prepared {
        var t = tables
        if let previous {
            // Re-planning: each plan starts from the earlier plan's pairs.
            if let pairs = previous.mentors { t.mentors?.previous = pairs }
            if let pairs = previous.buddies { t.buddies?.previous = pairs }
            if let pairs = previous.staffing { t.staffing?.previous = pairs }
            if let shifts = previous.roster {
                t.roster?.previous = shifts
                t.roster?.previousFrom = previous.rosterFrom
            }
        }
        let mentors = try t.mentors.map { try MentorProblem(data: $0, policy: scenario.mentorPolicy) }
        let buddies = try t.buddies.map { try BuddyProblem(data: $0, policy: scenario.buddyPolicy) }
        let staffing = try t.staffing.map { try StaffingProblem(data: $0, policy: scenario.staffingPolicy) }
        let activities = try t.activities.map {
            try ActivitiesProblem(data: $0.data, sites: $0.staffing.sites, staff: $0.staffing.staff, students: $0.students, policy: scenario.activitiesPolicy)
        }
        var warnings = t.warnings
        if let previous {
            let afresh = [(Scenario.Plan.mentors, previous.mentors == nil), (.buddies, previous.buddies == nil),
                          (.staffing, previous.staffing == nil), (.roster, previous.roster == nil), (.activities, true)]
                .filter { scenario.plans.contains($0.0) && $0.1 }.map(\.0.rawValue)
            if !afresh.isEmpty {
                warnings.append("--from \(previous.display): planned afresh, not from the earlier plan: \(afresh.joined(separator: ", ")) "
                                + "(re-planning keeps what the earlier run wrote of mentors, buddies, staffing and the roster)")
            }
        }
        return Prepared(mentors: mentors, buddies: buddies, roster: t.roster.map(RosterProblem.init), staffing: staffing, activities: activities,
                        warnings: warnings)
    }

    /// How to run, besides the scenario: what the outputs may reveal, where progress goes,
    /// and who hears of each plan as it finishes (before the folder is committed).
    public struct Options: Sendable {
        /// Write `*.sensitive.csv` files naming the qualification rules behind each shortfall.
        public var sensitive = false
        /// Re-planning: the earlier plan each plan starts from.
        public var previous: PreviousPlan?
        public var progress: PlanProgress?
        public var finished: (@Sendable (FinishedPlan) -> Void)?
        public init(sensitive: Bool = false, previous: PreviousPlan? = nil, progress: PlanProgress? = nil,
                    finished: (@Sendable (FinishedPlan) -> Void)? = nil) {
            self.sensitive = sensitive
            self.previous = previous
            self.progress = progress
            self.finished = finished
        }
    }

    public enum FinishedPlan: Sendable {
        case mentors(MentorPlan), buddies(BuddyPlan), roster(RosterPlan), staffing(StaffingPlan), activities(ActivitiesPlan)
    }

    public struct Result: Sendable {
        public let mentors: MentorPlan?
        public let buddies: BuddyPlan?
        public let roster: RosterPlan?
        public var staffing: StaffingPlan? = nil
        public var activities: ActivitiesPlan? = nil
        public let warnings: [String]
        /// What the run read, with content hashes.
        public var inputs: RunSummary.Inputs? = nil

        /// The plans that ran, in the order they ran.
        public var outcomes: [any PlanOutcome] {
            var all = [any PlanOutcome]()
            if let mentors { all.append(mentors) }
            if let buddies { all.append(buddies) }
            if let roster { all.append(roster) }
            if let staffing { all.append(staffing) }
            if let activities { all.append(activities) }
            return all
        }
    }

    /// Solves the scenario's plans and writes them to `out` (whole or not at all).
    ///
    /// `folderCreated`, when given, is called with the output folder before any plan is solved
    /// (a signal handler discards it on an interrupt).
    public func run(_ scenario: Scenario, out: URL, options: Options = Options(),
                    folderCreated: ((OutputFolder) -> Void)? = nil) throws -> Result {
        // Refused before anything is read: an output folder that overlaps the inputs.
        let protected = scenario.inputs
        try OutputFolder.check(out, inputs: protected)
        let prepared = try Self.prepare(scenario, tables: Self.read(scenario), previous: options.previous)
        let inputs = try RunSummary.Inputs(scenario, out: out)
        let folder = try OutputFolder(out, inputs: protected)
        defer { folder.discard() }
        folderCreated?(folder)
        let result = try solve(prepared, scenario: scenario, inputs: inputs, into: folder, options: options)
        try folder.commit()
        return result
    }

    /// Solves prepared plans and writes their files and `summary.json` into `sink`.
    public func solve(_ prepared: Prepared, scenario: Scenario, inputs: RunSummary.Inputs, into sink: some OutputSink,
                      options: Options) throws -> Result {
        var settings = scenario.limitedSolver
        settings.progress = options.progress
        let sensitive = options.sensitive
        var sections = [RunSummary.Section]()
        /// Each plan the same way: solve, write its files, add its summary section, tell who listens.
        func solve<Problem, P: PlanOutcome & SummaryDetails>(_ problem: Problem?, _ plan: (Problem) throws -> P, write: (P) throws -> Void,
                                                             finished: (P) -> FinishedPlan) throws -> P? {
            guard let problem else { return nil }
            let result = try plan(problem)
            try write(result)
            sections.append(.init(result))
            options.finished?(finished(result))
            return result
        }
        let mentorPlan = try solve(prepared.mentors, { try MentorPlanner.plan($0, solver: solver, settings: settings) },
                                   write: { try MentorOutputs.write($0, to: sink, sensitive: sensitive) }, finished: FinishedPlan.mentors)
        let buddyPlan = try solve(prepared.buddies, { try BuddyPlanner.plan($0, solver: solver, settings: settings) },
                                  write: { try BuddyOutputs.write($0, to: sink) }, finished: FinishedPlan.buddies)
        let rosterPlan = try solve(prepared.roster, { try RosterPlanner.plan($0, solver: solver, settings: settings) },
                                   write: { try RosterOutputs.write($0, to: sink) }, finished: FinishedPlan.roster)
        let staffingPlan = try solve(prepared.staffing, { try StaffingPlanner.plan($0, solver: solver, settings: settings) },
                                     write: { try StaffingOutputs.write($0, to: sink) }, finished: FinishedPlan.staffing)
        // Nobody on a hotline shift leads an activity, sits or visits at the same time.
        var activities = prepared.activities
        if let rosterPlan { activities?.busy = Self.busy(rosterPlan) }
        let activitiesPlan = try solve(activities, { try ActivitiesPlanner.plan($0, solver: solver, settings: settings) },
                                       write: { try ActivitiesOutputs.write($0, to: sink, sensitive: sensitive) }, finished: FinishedPlan.activities)
        try sink.write("summary.json", RunSummary.json(scenario: scenario.name, scenarioFile: scenario.file?.path, inputs: inputs,
                                                       variant: scenario.variant, sensitive: sensitive, sections: sections))
        return Result(mentors: mentorPlan, buddies: buddyPlan, roster: rosterPlan, staffing: staffingPlan, activities: activitiesPlan,
                      warnings: prepared.warnings, inputs: inputs)
    }

    /// Each person's roster shifts as minutes since day 0's midnight (a night shift runs into the next day).
    static func busy(_ roster: RosterPlan) -> [String: [Range<Int>]] {
        Dictionary(grouping: roster.assignments, by: \.personID).mapValues { shifts in
            shifts.map { a in
                let start = a.date.dayNumber * 1440 + a.shift.start
                return start..<(start + a.shift.minutes)
            }
        }
    }

    static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }
}

/// The mentor plan's files. Without `sensitive` none names a rule or a count that reveals a
/// student's risk level or difficulty; with it, `*.sensitive.csv` files beside them do.
public enum MentorOutputs {
    public static func write(_ plan: MentorPlan, to folder: some OutputSink, sensitive: Bool = false) throws {
        var assignments = CSVWriter(header: ["student_id", "mentor_id", "school_id", "score", "reasons"])
        for a in plan.assignments {
            assignments.append([a.studentID, a.mentorID, a.schoolID, CSVWriter.number(a.score), a.reasons.joined(separator: ";")])
        }
        try folder.write("mentors/assignments.csv", assignments.text)
        func loads(highRisk: Bool) -> String {
            var loads = CSVWriter(header: ["mentor_id", "school_id", "load", "capacity"] + (highRisk ? ["high_risk"] : []))
            for l in plan.loads {
                loads.append([l.mentorID, l.schoolID, String(l.load), String(l.capacity)] + (highRisk ? [String(l.highRisk)] : []))
            }
            return loads.text
        }
        func unmet(sensitive: Bool) -> String {
            var unmet = CSVWriter(header: ["student_id", "school_id", "grade", "rule", "detail"])
            for u in plan.unmet {
                unmet.append([u.studentID, u.schoolID, String(u.grade), (sensitive ? u.sensitiveRule : u.rule).rawValue, sensitive ? u.sensitiveDetail : u.detail])
            }
            return unmet.text
        }
        try folder.write("mentors/loads.csv", loads(highRisk: false))
        try folder.write("mentors/unmet.csv", unmet(sensitive: false))
        try folder.write("mentors/fixes.csv", FixesFile.text(plan.fixes))
        if let changes = plan.changes { try folder.write("mentors/changes.csv", changes.csv(subject: "student_id", group: "school_id", partner: "mentor")) }
        var schools = CSVWriter(header: ["school_id", "assigned", "unmet", "mentors", "mean_load", "max_load"])
        for r in plan.schoolRows {
            schools.append([r.schoolID, String(r.assigned), String(r.unmet), String(r.mentors), CSVWriter.number((r.meanLoad * 100).rounded() / 100), String(r.maxLoad)])
        }
        try folder.write("mentors/schools.csv", schools.text)
        if sensitive {
            try folder.write("mentors/loads.sensitive.csv", loads(highRisk: true))
            try folder.write("mentors/unmet.sensitive.csv", unmet(sensitive: true))
            try folder.write("mentors/fixes.sensitive.csv", FixesFile.text(plan.sensitiveFixes))
        }
    }
}

/// `PLAN/fixes.csv`: every fix sentence of a plan, one a row (the terminal shows the first 15).
enum FixesFile {
    static func text(_ fixes: [String]) -> String {
        var csv = CSVWriter(header: ["fix"])
        for fix in fixes { csv.append([fix]) }
        return csv.text
    }
}

/// The buddy plan's files: pairs, unmatched children and, in stable mode, blocking pairs.
public enum BuddyOutputs {
    public static func write(_ plan: BuddyPlan, to folder: some OutputSink) throws {
        var pairs = CSVWriter(header: ["student_id", "helper_id", "school_id", "score", "reasons"])
        for p in plan.pairs {
            pairs.append([p.childID, p.helperID, p.schoolID, CSVWriter.number(p.score), p.reasons.joined(separator: ";")])
        }
        var unmatched = CSVWriter(header: ["student_id", "school_id", "grade", "rule", "detail"])
        for u in plan.unmatched { unmatched.append([u.childID, u.schoolID, String(u.grade), u.rule.rawValue, u.detail]) }
        try folder.write("buddies/pairs.csv", pairs.text)
        try folder.write("buddies/unmatched.csv", unmatched.text)
        try folder.write("buddies/fixes.csv", FixesFile.text(plan.fixes))
        if let changes = plan.changes { try folder.write("buddies/changes.csv", changes.csv(subject: "student_id", group: "school_id", partner: "helper")) }
        var schools = CSVWriter(header: ["school_id", "matched", "unmatched"])
        for r in plan.schoolRows { schools.append([r.schoolID, String(r.matched), String(r.unmatched)]) }
        try folder.write("buddies/schools.csv", schools.text)
        var grades = CSVWriter(header: ["grade", "matched", "unmatched"])
        for r in plan.gradeRows { grades.append([String(r.grade), String(r.matched), String(r.unmatched)]) }
        try folder.write("buddies/grades.csv", grades.text)
        if plan.mode == .stable {
            var blocking = CSVWriter(header: ["student_id", "helper_id", "why"])
            for b in plan.blocking { blocking.append([b.childID, b.helperID, b.why]) }
            try folder.write("buddies/blocking.csv", blocking.text)
        }
    }
}

