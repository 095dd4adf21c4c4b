import ArgumentParser
import CareModel
import Foundation
import GLPK
import Planning
import Scenarios

/// `careplan run SCENARIO --out DIR`
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario's plans and write their outputs.",
        discussion: """
            Writes into the output folder, whole or not at all, readable by their owner only:
              mentors/   assignments.csv, loads.csv, unmet.csv, fixes.csv, schools.csv
              buddies/   pairs.csv, unmatched.csv, fixes.csv, schools.csv, and blocking.csv in stable mode
              staffing/  placements.csv, hires.csv, unmet.csv, fixes.csv, streets.csv
              roster/    roster.csv, assignments.csv, violations.csv, fixes.csv, roster.ics, ics/PERSON.ics
              activities/ calendar.csv, visits.csv, unmet.csv, fixes.csv, ics/site-ID.ics, ics/person-ID.ics
              summary.json (status, figures and fixes of every plan; the inputs' hashes)
            With --from, each re-planned plan's changes.csv. With whatif: or sweep: in the scenario, \
            one such folder per variant (base/, cap-12/, ...) and sweep.json.
            With --sensitive also mentors/unmet.sensitive.csv, fixes.sensitive.csv and \
            loads.sensitive.csv, which name the qualification rules behind each shortfall, and \
            activities/unmet.sensitive.csv, which names the rules of children showing abnormal psychology or behaviour.

            Limits: each plan searches at most solver.time_limit seconds (default \(Int(Scenario.defaultTimeLimit)) s when \
            the scenario sets neither limit); solver.work_limit (default none) bounds the search \
            in nodes and rounds, ends it by itself and gives the same plan on every run. Progress goes to standard error (--quiet: none); \
            each plan's summary is printed as it finishes.

            The output folder never replaces or contains the scenario file or the data folder, and \
            replaces only a folder that an earlier run wrote and nobody added to. Ctrl-C or SIGTERM \
            removes the unfinished folder (exit code 130 or 143).

            Each run (each variant) is recorded in the run history: careplan.sqlite beside the \
            scenario, or --history / $CAREPLAN_HISTORY (`careplan history` lists them; `careplan compare` \
            puts runs side by side).

            Exit code 1 when some students are left without a mentor, some children without a \
            buddy, some staffing requirement unmet, some roster rule or some activities frequency not met (fixes.csv says \
            what would fix it); 2 for bad input.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .long, help: "The output folder (created, or replaced if an earlier run wrote it).")
    var out: String

    @Option(name: .long, help: "Override solver.time_limit (seconds per plan; default \(Int(Scenario.defaultTimeLimit)) when no work limit is set).")
    var timeLimit: Double?

    @Option(name: .long, help: "Override solver.work_limit (search-tree nodes or neighbourhood rounds; the same plan on every run).")
    var workLimit: Int?

    @Flag(name: .long, help: "Also write *.sensitive.csv files and print fixes that name the qualification rules (they reveal students' risk levels and difficulty).")
    var sensitive = false

    @Flag(name: .long, help: "Print no progress on standard error.")
    var quiet = false

    @Option(name: .long, help: "Variants solved at once when the scenario has whatif: or sweep: (default: the machine's cores, \(ProcessInfo.processInfo.activeProcessorCount) here).")
    var jobs: Int?

    @Option(name: .long, help: "Run only the K-th of N slices of the variants (K/N, 1 <= K <= N); `careplan merge` joins the slices' folders.")
    var shard: String?

    @Option(name: .long, help: "Re-plan from an earlier run's folder: its mentor, buddy and staffing pairs are kept unless a rule, a departure or someone else's place forces a change, and the roster's cells from --from-date on; PLAN/changes.csv says what changed and why.")
    var from: String?

    @Option(name: .long, help: "With --from: the roster's first day that may change (YYYY-MM-DD); the days before keep the earlier roster's shifts (default: the roster's first day).")
    var fromDate: String?

    @OptionGroup var location: HistoryLocation

    @Flag(name: .long, help: "Record nothing in the run history.")
    var noHistory = false

    func validate() throws {
        if let fromDate {
            if from == nil { throw ValidationError("--from-date needs --from (the earlier run to re-plan from)") }
            if CalendarDate(table: fromDate) == nil { throw ValidationError("--from-date: \(CalendarDate.tableDateProblem(fromDate))") }
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be a positive whole number, found \(jobs)") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard must be K/N with 1 <= K <= N, such as 2/4; found \(shard)") }
        if let workLimit, workLimit < 1 { throw ValidationError("--work-limit must be a positive whole number, found \(workLimit)") }
        if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) { throw ValidationError("--time-limit must be a positive number of seconds, found \(timeLimit)") }
    }

    func run() throws {
        Outcome.sensitive = sensitive
        var s = try Scenario.load(URL(fileURLWithPath: scenario), display: scenario)
        if let timeLimit { s.solver.timeLimit = timeLimit }
        if let workLimit { s.solver.workLimit = workLimit }
        var previous = try from.map { try PreviousPlan.read(URL(fileURLWithPath: $0), display: $0) }
        previous?.rosterFrom = fromDate.flatMap(CalendarDate.init(table:))
        if !s.variants.isEmpty || shard != nil { try runSweep(s, previous: previous) }
        let (recorder, note) = try history(for: s, shard: nil, variants: 1)
        let board = PlanProgress()
        let printer = quiet ? nil : ProgressPrinter(board: board)
        let interrupts = Interrupts(board: board, out: out, printer: printer)
        interrupts.onStop = { recorder?.end("interrupted") }
        interrupts.install()
        printer?.start()
        defer { printer?.stop() }
        let out = self.out, sensitive = self.sensitive
        let options = ScenarioRunner.Options(sensitive: sensitive, previous: previous, progress: board) { finished in
            // Each plan's summary as soon as it is solved (stdout may be a file: flushed).
            printer?.clear()
            let text: String
            switch finished {
            case let .mentors(plan): text = MentorReport(plan: plan, sensitive: sensitive).text(out: out)
            case let .buddies(plan): text = BuddyReport(plan: plan).text(out: out)
            case let .roster(plan): text = RosterReport(plan: plan).text(out: out)
            case let .staffing(plan): text = StaffingReport(plan: plan).text(out: out)
            case let .activities(plan): text = ActivitiesReport(plan: plan).text(out: out)
            }
            print(text + "\n")
            fflush(nil)
        }
        let began = Date()
        let result = try recorded(recorder, note: note, interrupts: interrupts) { folderCreated in
            try ScenarioRunner(solver: GLPKSolver()).run(s, out: URL(fileURLWithPath: out), options: options, folderCreated: folderCreated)
        }
        if let recorder, let inputs = result.inputs {
            recorder.record(.init(result, variant: nil, position: 0, inputs: inputs, out: OutputFolderPath.real(URL(fileURLWithPath: out)),
                                  seconds: Date().timeIntervalSince(began)))
            recorder.end("finished")
        }
        printer?.stop()
        for warning in result.warnings { printError("careplan: warning: \(warning)") }
        let plans: [any PlanOutcome] = result.outcomes
        let folders = plans.map { type(of: $0).name + "/" }
        print("Wrote \(out): \((folders + ["summary.json"]).joined(separator: ", "))\(sensitive ? " (with *.sensitive.csv files: keep them private)" : "")")
        // Everything is written and said: the process ends here rather than free the problems and
        // plans object by object on the way out (measured on a survey school: see the benchmarks).
        fflush(nil)
        Foundation.exit(plans.contains(where: { !$0.isFullyMet }) ? Outcome.unmet : Outcome.success)
    }
}

extension Run {
    /// Who records the run in the history (none with --no-history, or when the default place
    /// lies in a data folder: then a note to show once the run starts).
    func history(for s: Scenario, shard: String?, variants: Int) throws -> (recorder: HistoryRecorder?, note: String?) {
        guard !noHistory else { return (nil, nil) }
        let place = location.place(for: s, display: scenario)
        return (try place.path.map { try HistoryRecorder(path: $0, scenario: s, command: "run", out: out, shard: shard, variants: variants) }, place.note)
    }

    /// `work`, given what to call once its output folder exists (the interrupt handler watches
    /// it, the history records the start); the history records a failure when it throws.
    func recorded<T>(_ recorder: HistoryRecorder?, note: String?, interrupts: Interrupts,
                     _ work: (@escaping (OutputFolder) -> Void) throws -> T) throws -> T {
        do {
            return try work { folder in
                interrupts.watch(folder)
                if let note { printError(note) }
                recorder?.start()
            }
        } catch {
            recorder?.end("failed")
            throw error
        }
    }

    /// The base and every variant, each into its own folder under `--out`.
    func runSweep(_ s: Scenario, previous: PreviousPlan?) throws -> Never {
        var options = SweepRunner.Options(sensitive: sensitive, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                          shard: shard.flatMap(Shard.init))
        options.previous = previous
        let count = SweepRunner.variants(of: s, shard: options.shard).count
        let (recorder, note) = try history(for: s, shard: shard, variants: count)
        let printer = SweepPrinter(total: count, quiet: quiet)
        let interrupts = Interrupts(board: PlanProgress(), out: out, printer: nil, sweep: printer)
        interrupts.onStop = { recorder?.end("interrupted") }
        interrupts.install()
        options.started = { printer.started($0) }
        options.finished = { f in
            recorder?.record(.init(f.result, variant: f.label, position: f.position, inputs: f.inputs, out: OutputFolderPath.real(f.out), seconds: f.seconds))
            printer.finished(f.label.name, line: SweepPrinter.line(f))
        }
        printer.start()
        let result = try recorded(recorder, note: note, interrupts: interrupts) { folderCreated in
            try SweepRunner(solver: GLPKSolver()).run(s, out: URL(fileURLWithPath: out), options: options, folderCreated: folderCreated)
        }
        recorder?.end("finished")
        printer.stop()
        for warning in result.warnings { printError("careplan: warning: \(warning)") }
        let names = result.variants.map { $0.label.name + "/" }
        print("Wrote \(out): \(Figures.count(names.count, "variant")) (\(names.prefix(6).joined(separator: ", "))\(names.count > 6 ? ", ..." : "")), sweep.json"
              + "\(sensitive ? " (with *.sensitive.csv files: keep them private)" : "")")
        print("Compare them: careplan compare \(out)")
        fflush(nil)
        let unmet = result.variants.contains { $0.result.outcomes.contains { !$0.isFullyMet } }
        Foundation.exit(unmet ? Outcome.unmet : Outcome.success)
    }
}

/// `careplan validate SCENARIO`
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario's data and policy without solving.",
        discussion: "Reads every table and checks every rule a plan relies on; the first problem is reported with file, line and column (exit code 2)."
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Flag(name: .long, help: "Name the qualification rule when a pin breaks one (it reveals a student's risk level or difficulty).")
    var sensitive = false

    func run() throws {
        Outcome.sensitive = sensitive
        let s = try Scenario.load(URL(fileURLWithPath: scenario), display: scenario)
        let prepared = try ScenarioRunner.prepare(s)
        for warning in prepared.warnings { printError("careplan: warning: \(warning)") }
        print("\(scenario): valid")
        if let problem = prepared.mentors {
            let data = problem.data
            let noCandidate = problem.candidates.filter(\.isEmpty).count
            print("  mentors: \(data.students.count) students, \(data.mentors.count) mentors, \(data.history.count) last-term pairs, \(data.pairs.count) pair rules")
            print("  mentors: \(Figures.count(problem.components.count, "independent component")); \(Figures.count(noCandidate, "student")) with no possible mentor under the hard rules")
        }
        if let problem = prepared.buddies {
            let data = problem.data
            let noCandidate = problem.candidates.filter(\.isEmpty).count
            print("  buddies: \(data.requests.count) children asking, \(data.helpers.count) helpers (\(problem.capacity.filter { $0 > 0 }.count) may take a child), \(data.pairs.count) pair rules, \(data.childRanks.count + data.helperRanks.count) rank lists")
            print("  buddies: \(Figures.count(problem.components.count, "independent component")); \(Figures.count(noCandidate, "child", "children")) with no possible helper under the hard rules")
        }
        if let problem = prepared.roster {
            let leave = problem.people.reduce(0) { $0 + $1.leave.count }
            print("  roster: \(problem.horizon.start) to \(problem.horizon.end) (\(Figures.count(problem.days, "day"))), \(Figures.count(problem.people.count, "person", "people")), "
                  + "\(Figures.count(problem.shiftCount, "shift type")), \(Figures.count(problem.cover.count, "cover line")), "
                  + "\(Figures.count(problem.requests.count, "request")), \(Figures.count(leave, "day")) of leave")
        }
        if let problem = prepared.staffing {
            let data = problem.data
            let kinds = Site.Kind.allCases.map { k in Figures.count(data.sites.filter { $0.kind == k }.count, k.rawValue) }
            let noOption = data.staff.indices.filter { data.staff[$0].vetted && problem.optionsOf[$0].isEmpty }.count
            print("  staffing: \(kinds.joined(separator: ", ")), \(data.staff.count) staff (\(data.staff.filter { !$0.vetted }.count) unvetted), \(problem.requirements.count) requirements")
            print("  staffing: \(Figures.count(problem.components.count, "independent component")); \(Figures.count(noOption, "vetted person", "vetted people")) with no site they may serve")
        }
        if let problem = prepared.activities {
            let children = problem.communities.reduce(0) { $0 + $1.children.count }
            let directed = problem.communities.filter { $0.director.map { problem.data.directors[$0].vetted } ?? false }.count
            print("  activities: \(problem.horizon.start) to \(problem.horizon.end), \(Figures.count(problem.stations.count, "station")), \(Figures.count(problem.schools.count, "school")), "
                  + "\(Figures.count(problem.communities.count, "community", "communities")) (\(directed) with a vetted child director) of \(Figures.count(children, "child", "children")) in difficulty, "
                  + "\(Figures.count(problem.data.doctors.count, "doctor")), \(Figures.count(problem.data.themes.count, "theme"))")
        }
    }
}

/// `careplan generate --district NAME --seed N --out DIR`
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic, made-up district's tables (students, mentors, history, pairs, the buddy tables, sites, staff, travel, the roster's and the activities' tables).",
        discussion: "The same district and seed give the same bytes. Presets: zhoujiadu (24 schools, 12,000 students), changning (60 schools, 50,000), pudong (about 400 schools, 350,000), tiny (2 schools), oneschool (one school of 3,000), survey-school (one school of 3,000 with a preference survey)."
    )

    @Option(name: .long, help: "zhoujiadu, changning, pudong, tiny, oneschool or survey-school.")
    var district: String

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "The output folder.")
    var out: String

    @Option(name: .long, help: "First day of the roster tables (YYYY-MM-DD).")
    var rosterStart: String = RosterGenerator.defaultHorizon.start.description

    @Option(name: .long, help: "Days of the roster tables.")
    var rosterDays: Int = RosterGenerator.defaultHorizon.days

    @Option(name: .long, help: "First month of the activities tables (YYYY-MM-01).")
    var activitiesStart: String = Scenario.defaultActivitiesHorizon.start.description

    @Option(name: .long, help: "Months of the activities tables (1 to 36).")
    var activitiesMonths: Int = Scenario.defaultActivitiesHorizon.months

    func validate() throws {
        if CalendarDate(table: rosterStart) == nil { throw ValidationError("--roster-start: \(CalendarDate.tableDateProblem(rosterStart))") }
        if !(1...3660).contains(rosterDays) { throw ValidationError("--roster-days must be from 1 to 3660, found \(rosterDays)") }
        guard let first = CalendarDate(table: activitiesStart) else {
            throw ValidationError("--activities-start: \(CalendarDate.tableDateProblem(activitiesStart))")
        }
        if ActivitiesHorizon(start: first, months: activitiesMonths) == nil {
            throw ValidationError("--activities-start must be the first day of a month and --activities-months from 1 to 36, found \(activitiesStart) and \(activitiesMonths)")
        }
        if DistrictPreset(rawValue: district) == nil {
            throw ValidationError("--district: unknown district '\(district)'; expected one of \(DistrictPreset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let generator = DistrictGenerator(preset: DistrictPreset(rawValue: district)!, seed: seed)
        let data = generator.generate()
        let buddies = generator.buddies(for: data.students)
        let preset = DistrictPreset(rawValue: district)!
        let roster = RosterGenerator(staff: RosterGenerator.staff(for: preset),
                                     horizon: RosterHorizon(start: CalendarDate(table: rosterStart)!, days: rosterDays), seed: seed, sessions: true).generate()
        let staffing = generator.staffing(for: data)
        let horizon = ActivitiesHorizon(start: CalendarDate(table: activitiesStart)!, months: activitiesMonths)!
        let activities = generator.activities(for: data, staffing: staffing, horizon: horizon)
        let tables = data.csvFiles() + buddies.csvFiles() + roster.csvFiles() + staffing.csvFiles() + activities.csvFiles()
        let folder = try OutputFolder(URL(fileURLWithPath: out), owner: .tables(Set(tables.map(\.name))))
        defer { folder.discard() }
        for file in tables { try folder.write(file.name, file.text) }
        try folder.commit()
        print("wrote \(out): \(data.students.count) students, \(data.mentors.count) mentors in \(Set(data.students.map(\.schoolID)).count) schools; \(buddies.requests.count) children asking for a buddy, \(buddies.helpers.count) helpers; a \(rosterDays)-day hotline roster for \(roster.staff.count) counsellors from \(rosterStart); \(staffing.sites.count) sites, \(staffing.staff.count) staff; activities from \(activitiesStart) for \(activitiesMonths) months: \(Figures.count(activities.directors.count, "child director")), \(Figures.count(activities.doctors.count, "doctor")), \(Figures.count(activities.venues.count, "venue"))")
    }
}
