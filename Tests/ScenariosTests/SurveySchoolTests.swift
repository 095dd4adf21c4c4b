import CareModel
import GLPK
import Modeling
import Planning
import Scenarios
import Testing

/// The `survey-school` preset: the shape it promises, counted from its tables, and its mentor
/// network solved by the Swift min-cost flow to GLPK's optimum.
@Suite struct SurveySchool {
    let data = DistrictGenerator(preset: .surveySchool, seed: 1).generate()

    @Test func hasTheSurveyShape() {
        #expect(data.students.count == 3000)
        #expect(Set(data.students.map(\.schoolID)).count == 1)
        #expect(data.mentors.count == 240)
        let twoGrades = Double(data.mentors.filter { $0.grades.count == 2 }.count) / 240
        #expect(twoGrades > 0.15 && twoGrades < 0.25)
        let withHistory = Double(data.history.count) / 3000
        #expect(withHistory > 0.55 && withHistory < 0.65)

        let prefer = data.pairs.filter { $0.kind == .prefer }
        #expect(prefer.allSatisfy { (1...20).contains($0.score) && $0.score == $0.score.rounded() })
        // About 15 % of the pairs a grade allows (some of those break a hard rule, so a little less).
        let grade = Dictionary(uniqueKeysWithValues: data.students.map { ($0.id, $0.grade) })
        let possible = data.students.reduce(0) { total, s in total + data.mentors.filter { $0.grades.contains(s.grade) }.count }
        let share = Double(prefer.count) / Double(possible)
        #expect(share > 0.11 && share < 0.16)
        let mentorGrades = Dictionary(uniqueKeysWithValues: data.mentors.map { ($0.id, $0.grades) })
        #expect(prefer.allSatisfy { mentorGrades[$0.mentorID]!.contains(grade[$0.studentID]!) })

        let pins = data.pairs.filter { $0.kind == .pin }
        #expect(pins.count == 20)
        #expect(Set(pins.map(\.mentorID)).count == 20)
        #expect(pins.allSatisfy { data.history[$0.studentID] == $0.mentorID })
        let forbids = data.pairs.filter { $0.kind == .forbid }.count
        #expect(forbids >= 15 && forbids <= 45)
        // No pair is listed twice.
        #expect(Set(data.pairs.map { $0.studentID + "/" + $0.mentorID }).count == data.pairs.count)
    }

    @Test func isTheSameForTheSameSeed() {
        let again = DistrictGenerator(preset: .surveySchool, seed: 1).generate()
        #expect(again.csvFiles().map(\.text) == data.csvFiles().map(\.text))
        let other = DistrictGenerator(preset: .surveySchool, seed: 2).generate()
        #expect(other.csvFiles().map(\.text) != data.csvFiles().map(\.text))
    }

    /// One component, a network (unit loads): the Swift flow's optimum is GLPK's, certified, and
    /// the plan reports it proven.
    @Test func networkOptimumIsGLPKs() throws {
        let problem = try MentorProblem(data: data, policy: MentorPolicy())
        #expect(problem.components.count == 1)
        let formulation = MentorFormulation(problem: problem, component: problem.components[0])
        #expect(formulation.isNetwork)
        let net = formulation.network().net
        let mine = try MinCostFlow.solve(net)
        let glpk = try GLPKSolver().solve(net)
        #expect(glpk.status == .optimal)
        #expect(mine.cost == glpk.cost)
        #expect(mine.certifies(net))
        let plan = try MentorPlanner.plan(problem, solver: GLPKSolver(), settings: SolverSettings(threads: 1))
        #expect(plan.status == .optimal)
        #expect(abs(plan.objective * 100 - Double(glpk.cost)) < 1e-6)
    }
}
