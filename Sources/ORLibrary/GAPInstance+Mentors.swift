import CareModel
import Modeling

extension GAPInstance {
    /// The instance as mentor tables: one school, agents as mentors (capacity b_i), jobs
    /// as students, and every pair listed in pairs.csv as `prefer` with its load a_ij and a
    /// score of c_ij (maximisation) or -c_ij (minimisation). With the other soft terms at
    /// weight 0 and a policy cap above every capacity, the mentor plan's optimum is the
    /// GAP optimum (negated for maximisation).
    public func mentorData(sense: ObjectiveSense) -> MentorData {
        let students = (0..<jobs).map { j in
            Student(id: "J\(j + 1)", schoolID: "GAP", grade: 1, classID: "GAP-1", gender: nil, difficulty: [],
                    riskLevel: 0, communityID: "")
        }
        let mentors = (0..<agents).map { i in
            Mentor(id: "A\(i + 1)", schoolID: "GAP", gender: nil, grades: [], classes: [], yearsExperience: 0,
                   psychTrained: false, vetted: true, capacity: capacity[i])
        }
        var pairs = [PairRule]()
        for j in 0..<jobs {
            for i in 0..<agents {
                let score = Double(sense == .maximize ? cost[i][j] : -cost[i][j])
                pairs.append(PairRule(studentID: "J\(j + 1)", mentorID: "A\(i + 1)", kind: .prefer, score: score, load: load[i][j]))
            }
        }
        return MentorData(students: students, mentors: mentors, pairs: pairs)
    }
}
