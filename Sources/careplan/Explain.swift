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
        let day = date.flatMap(CalendarDate.init(table:))
        let question: RunExplainer.Question = if let student { .student(student) } else if let person { .person(person, date: day) }
            else if let site { .site(site) } else { .date(day!) }
        let explainer = RunExplainer(out: URL(fileURLWithPath: out).standardizedFileURL, display: out, sensitive: sensitive)
        do {
            let answers = try explainer.explain(question) { printError("careplan: warning: \($0)") }
            print(answers.map { $0.lines.joined(separator: "\n") }.joined(separator: "\n\n"))
        } catch let error as RunExplainer.NotFound {
            throw ValidationError(error.description)
        }
    }
}
