import ArgumentParser
import CareModel
import Foundation
import Planning
import Scenarios

/// `careplan explain --out DIR (--student ID | --person ID [--date D] | --site ID | --date D)`
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a plan: a student's mentor and buddy, a person's placement or shifts, a site's staffing, a day's cover.",
        discussion: """
            Reads a run's output folder and the inputs it was made from (refusing when they \
            changed since), and asks each plan that ran: --student (mentor and buddy, or the \
            children a helper keeps company), --person (staffing placement; roster shifts, on \
            --date or over the horizon), --site (staffing requirements, who is placed, hires; a station's or school's activities month by month), \
            --date alone (the roster's cover that day, and why each who could have worked a \
            short shift did not). Qualification rules that reveal a student's risk or \
            difficulty are named only with --sensitive.
            """
    )

    @Option(name: .long, help: "The output folder of `careplan run`.")
    var out: String

    @Option(name: .long, help: "A student's identifier (mentors, buddies, activities: a child's contacts and home visits).")
    var student: String?

    @Option(name: .long, help: "A person's identifier (staffing, roster).")
    var person: String?

    @Option(name: .long, help: "A site's identifier (staffing; activities: the site's year).")
    var site: String?

    @Option(name: .long, help: "A day of the roster (YYYY-MM-DD): with --person, that person's day; alone, the day's cover.")
    var date: String?

    @Flag(name: .long, help: "Name the qualification rules that apply to this student (they reveal sensitive attributes).")
    var sensitive = false

    func validate() throws {
        if [student, person, site].compactMap({ $0 }).count != 1 && !(student == nil && person == nil && site == nil && date != nil) {
            throw ValidationError("give one of --student, --person, --site, or --date alone")
        }
        if let date, CalendarDate(table: date) == nil { throw ValidationError("--date: \(CalendarDate.tableDateProblem(date))") }
    }

    func run() throws {
        Outcome.sensitive = sensitive
        let outURL = URL(fileURLWithPath: out).standardizedFileURL
        let summaryURL = outURL.appendingPathComponent("summary.json")
        guard FileManager.default.fileExists(atPath: summaryURL.path) else {
            throw DataError(file: summaryURL.path, line: 0, column: 0, message: "no such file; is \(out) the output folder of `careplan run`?")
        }
        let summary = try RunSummary.read(summaryURL)
        let prepared = try ScenarioRunner.prepare(try scenario(summary, outURL: outURL, summaryURL: summaryURL))
        let written = WrittenPlans(out: outURL, display: out)
        let ran = { (name: String) in summary.plans[name] != nil }
        var answers = [Explanation]()
        let day = date.flatMap(CalendarDate.init(table:))
        if let student {
            if let problem = prepared.mentors, ran(MentorPlan.name),
               let answer = problem.explain(student: student, plan: try written.mentors(sensitive: sensitive), sensitive: sensitive) {
                answers.append(answer)
            }
            if let problem = prepared.buddies, ran(BuddyPlan.name),
               let answer = problem.explain(student: student, plan: try written.buddies(), sensitive: sensitive) {
                answers.append(answer)
            }
            if let problem = prepared.activities, ran(ActivitiesPlan.name),
               let answer = problem.explain(student: student, plan: try written.activities(sensitive: sensitive), sensitive: sensitive) {
                answers.append(answer)
            }
            if answers.isEmpty, let problem = prepared.buddies, problem.studentIndex[student] != nil, prepared.mentors == nil {
                print("Student \(student) neither asks for a buddy nor helps in this plan")
                return
            }
            if answers.isEmpty { throw ValidationError("student '\(student)' is not in the scenario's data") }
        } else if let person {
            if let problem = prepared.staffing, ran(StaffingPlan.name), let answer = problem.explain(person: person, plan: try written.staffing()) {
                answers.append(answer)
            }
            if let problem = prepared.roster, ran(RosterPlan.name),
               let answer = problem.explain(person: person, date: day, plan: try written.roster(problem)) {
                answers.append(answer)
            }
            if answers.isEmpty { throw ValidationError("person '\(person)' is in no staffing or roster plan of this run\(day == nil ? "" : " on \(date!)")") }
        } else if let site {
            if let problem = prepared.staffing, ran(StaffingPlan.name), let answer = problem.explain(site: site, plan: try written.staffing()) {
                answers.append(answer)
            }
            if let problem = prepared.activities, ran(ActivitiesPlan.name),
               let answer = problem.explain(site: site, plan: try written.activities(sensitive: sensitive)) {
                answers.append(answer)
            }
            if answers.isEmpty { throw ValidationError("site '\(site)' is in no staffing or activities plan of this run") }
        } else if let day {
            guard let problem = prepared.roster, ran(RosterPlan.name), let answer = problem.explain(date: day, plan: try written.roster(problem)) else {
                throw ValidationError("\(date!) is in no roster of this run")
            }
            answers.append(answer)
        }
        print(answers.map { $0.lines.joined(separator: "\n") }.joined(separator: "\n\n"))
    }

    /// The scenario the run read: found from the output folder, refused when its inputs changed.
    func scenario(_ summary: RunSummary, outURL: URL, summaryURL: URL) throws -> Scenario {
        guard let inputs = summary.inputs else {
            guard let path = summary.scenarioFile else {
                throw DataError(file: summaryURL.path, line: 0, column: 0, message: "names no scenario file to explain from")
            }
            printError("careplan: warning: \(summaryURL.path) records no input hashes (an older careplan wrote it); the tables may have changed since")
            return try Scenario.load(URL(fileURLWithPath: path))
        }
        if let change = inputs.firstChange(out: outURL) {
            throw DataError(file: summaryURL.path, line: 0, column: 0,
                            message: "the run's inputs are not as it read them (\(change)); run `careplan run` again to explain the new plan")
        }
        guard let url = inputs.scenarioURL(out: outURL) else {
            throw DataError(file: summaryURL.path, line: 0, column: 0, message: "names no scenario file to explain from")
        }
        let scenario = try Scenario.load(url)
        // A variant's folder: the variant's scenario, not the base's.
        guard let name = summary.variant?.name else { return scenario }
        guard let variant = SweepRunner.variants(of: scenario).first(where: { $0.variant.name == name }) else {
            throw DataError(file: summaryURL.path, line: 0, column: 0, message: "was written by variant '\(name)', which \(url.path) no longer has")
        }
        return variant.variant.scenario
    }
}
