import CareModel
import Foundation
import Planning

/// Answers "why" about a run's output folder: a student's mentor and buddy, a person's
/// placement or shifts, a site's staffing and year, a day's cover. Reads the folder and the
/// inputs it was made from, and refuses when they changed since. The command line and the web
/// page both ask here.
public struct RunExplainer: Sendable {
    public enum Question: Sendable, Equatable {
        case student(String)
        case person(String, date: CalendarDate?)
        case site(String)
        case date(CalendarDate)
    }

    /// What was asked about is not in the run (the question's fault, not the data's).
    public struct NotFound: Error, CustomStringConvertible {
        public let description: String
    }

    public let out: URL
    /// How messages name the folder (as the user gave it).
    public let display: String
    public let sensitive: Bool

    public init(out: URL, display: String, sensitive: Bool = false) {
        (self.out, self.display, self.sensitive) = (out, display, sensitive)
    }

    /// The explanations, one per plan that knows the subject; a sentence alone when the subject
    /// is in the data but in no plan's answer (a student who neither asks for a buddy nor helps).
    /// `warn` hears what the caller should show besides (an older folder without input hashes).
    public func explain(_ question: Question, warn: (String) -> Void = { _ in }) throws -> [Explanation] {
        let summaryURL = out.appendingPathComponent("summary.json")
        guard FileManager.default.fileExists(atPath: summaryURL.path) else {
            throw DataError(file: (display as NSString).appendingPathComponent("summary.json"), line: 0, column: 0,
                            message: "no such file; is \(display) the output folder of `careplan run`?")
        }
        let summary = try RunSummary.read(summaryURL)
        let prepared = try ScenarioRunner.prepare(try scenario(summary, summaryURL: summaryURL, warn: warn))
        let written = WrittenPlans(out: out, display: display)
        let ran = { (name: String) in summary.plans[name] != nil }
        var answers = [Explanation]()
        switch question {
        case let .student(student):
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
                return [Explanation(title: "Student \(student) neither asks for a buddy nor helps in this plan")]
            }
            if answers.isEmpty { throw NotFound(description: "student '\(student)' is not in the scenario's data") }
        case let .person(person, day):
            if let problem = prepared.staffing, ran(StaffingPlan.name), let answer = problem.explain(person: person, plan: try written.staffing()) {
                answers.append(answer)
            }
            if let problem = prepared.roster, ran(RosterPlan.name),
               let answer = problem.explain(person: person, date: day, plan: try written.roster(problem)) {
                answers.append(answer)
            }
            if answers.isEmpty { throw NotFound(description: "person '\(person)' is in no staffing or roster plan of this run\(day.map { " on \($0)" } ?? "")") }
        case let .site(site):
            if let problem = prepared.staffing, ran(StaffingPlan.name), let answer = problem.explain(site: site, plan: try written.staffing()) {
                answers.append(answer)
            }
            if let problem = prepared.activities, ran(ActivitiesPlan.name),
               let answer = problem.explain(site: site, plan: try written.activities(sensitive: sensitive)) {
                answers.append(answer)
            }
            if answers.isEmpty { throw NotFound(description: "site '\(site)' is in no staffing or activities plan of this run") }
        case let .date(day):
            guard let problem = prepared.roster, ran(RosterPlan.name), let answer = problem.explain(date: day, plan: try written.roster(problem)) else {
                throw NotFound(description: "\(day) is in no roster of this run")
            }
            answers.append(answer)
        }
        return answers
    }

    /// The scenario the run read: found from the output folder, refused when its inputs changed.
    func scenario(_ summary: RunSummary, summaryURL: URL, warn: (String) -> Void) throws -> Scenario {
        guard let inputs = summary.inputs else {
            guard let path = summary.scenarioFile else {
                throw DataError(file: summaryURL.path, line: 0, column: 0, message: "names no scenario file to explain from")
            }
            warn("\(summaryURL.path) records no input hashes (an older careplan wrote it); the tables may have changed since")
            return try Scenario.load(URL(fileURLWithPath: path))
        }
        if let change = inputs.firstChange(out: out) {
            throw DataError(file: summaryURL.path, line: 0, column: 0,
                            message: "the run's inputs are not as it read them (\(change)); run `careplan run` again to explain the new plan")
        }
        guard let url = inputs.scenarioURL(out: out) else {
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
