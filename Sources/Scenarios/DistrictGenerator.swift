import CareModel
import Foundation
import Planning

/// District sizes from the policy documents (see shared/domain.md).
public enum DistrictPreset: String, Sendable, CaseIterable {
    /// One street: 24 schools, 36 neighbourhood committees, about 12,000 minors.
    case zhoujiadu
    /// About 10 streets, 60 schools, 50,000 students.
    case changning
    /// 36 streets, about 400 schools, 350,000 students.
    case pudong
    /// Two small schools, for tests and quick looks.
    case tiny
    /// One school of 3,000 students (about 250 mentors), for benchmarks.
    case oneschool
    /// One nine-year school of 3,000 students and 240 mentors (a fifth take two grades) whose
    /// preference survey scored about 15 % of each student's possible mentors (1 to 20); 20 pins,
    /// 1 % of students with a forbidden mentor. For benchmarks of a preference-rich network.
    case surveySchool = "survey-school"

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    var streets: Int { switch self { case .zhoujiadu, .tiny, .oneschool, .surveySchool: 1; case .changning: 10; case .pudong: 36 } }
    var schools: Int {
        switch self { case .zhoujiadu: 24; case .changning: 60; case .pudong: 400; case .tiny: 2; case .oneschool, .surveySchool: 1 }
    }
    var students: Int {
        switch self {
        case .zhoujiadu: 12_000; case .changning: 50_000; case .pudong: 350_000; case .tiny: 700; case .oneschool, .surveySchool: 3000
        }
    }
    var communitiesPerStreet: Int {
        switch self { case .zhoujiadu: 36; case .changning: 20; case .pudong: 25; case .tiny: 4; case .oneschool, .surveySchool: 12 }
    }
    var sizeRange: ClosedRange<Int> {
        switch self { case .tiny: 300...400; case .oneschool, .surveySchool: 3000...3000; default: 300...3000 }
    }
    /// The survey school's shape; the other presets draw their school kinds and staff by the usual rates.
    var isSurvey: Bool { self == .surveySchool }
    /// Mentors of each school in all (nil: about one per 12 students of each grade).
    var mentorsPerSchool: Int? { isSurvey ? 240 : nil }
    /// Share of mentors who also take a neighbouring grade.
    var secondGradeRate: Double { isSurvey ? 0.2 : 0.1 }
}

/// Writes realistic, made-up district tables: schools of 300 to 3,000 students across
/// stages and grades (Shanghai's 5-4-3 system), classes of about 40, a mentor per 12
/// students, 5 to 10 % children in difficulty, risk levels, last term's mentors for 60 %
/// of students, and a few preferred, forbidden and pinned pairs. Identifiers only.
public struct DistrictGenerator: Sendable {
    public let preset: DistrictPreset
    public let seed: UInt64

    public init(preset: DistrictPreset, seed: UInt64) {
        self.preset = preset
        self.seed = seed
    }

    /// School kinds: name and grades, with their share of schools.
    static let kinds: [(name: String, grades: ClosedRange<Int>, share: Double)] = [
        ("primary", 1...5, 0.45), ("junior", 6...9, 0.25), ("nine_year", 1...9, 0.10),
        ("senior", 10...12, 0.12), ("complete", 6...12, 0.04), ("vocational", 10...12, 0.04),
    ]

    public func generate() -> MentorData {
        var rng = SeededRandom(seed: seed)
        let sizes = schoolSizes(&rng)
        var students = [Student](), mentors = [Mentor](), history = [String: String](), pairs = [PairRule]()
        let policy = MentorPolicy()
        for (k, size) in sizes.enumerated() {
            let school = String(format: "SCH%03d", k + 1)
            let street = k % preset.streets
            let kind = preset.isSurvey ? Self.kinds.first(where: { $0.name == "nine_year" })! : Self.kinds[rng.pick(Self.kinds.map(\.share))]
            let grades = Array(kind.grades)
            let difficultyRate = 0.05 + 0.05 * rng.unit()
            // Students, grade by grade, in classes of about 40.
            var perGrade = [Int: [Int]]()
            for g in grades {
                let n = size / grades.count + (g == grades.first! ? size % grades.count : 0)
                let classes = max(1, (n + 39) / 40)
                for i in 0..<n {
                    let id = String(format: "S%06d", students.count + 1)
                    let inDifficulty = rng.chance(difficultyRate)
                    var difficulty = Set<DifficultyCategory>()
                    if inDifficulty {
                        let all = DifficultyCategory.allCases
                        difficulty.insert(all[rng.pick([0.30, 0.15, 0.15, 0.25, 0.15])])
                        if rng.chance(0.2) { difficulty.insert(all[rng.int(0...4)]) }
                    }
                    let risk = inDifficulty ? rng.pick([0.55, 0.25, 0.15, 0.05]) : rng.pick([0.88, 0.09, 0.025, 0.005])
                    let community = String(format: "C%02d%02d", street + 1, rng.int(1...preset.communitiesPerStreet))
                    perGrade[g, default: []].append(students.count)
                    students.append(Student(
                        id: id, schoolID: school, grade: g, classID: "\(school)-G\(g)-C\(i % classes + 1)",
                        gender: rng.chance(0.5) ? .female : .male, difficulty: difficulty, riskLevel: risk,
                        communityID: community))
                }
            }
            // Mentors: about one per 12 students of each grade (or the preset's number, shared by
            // the grades' sizes); most take one grade.
            var gradeMentors = [Int: [Int]]()
            for (i, g) in grades.enumerated() {
                let n = perGrade[g]?.count ?? 0
                let classes = max(1, (n + 39) / 40)
                var count = max(1, (n + 11) / 12)
                if let total = preset.mentorsPerSchool {
                    let floors = grades.map { total * (perGrade[$0]?.count ?? 0) / size }
                    count = floors[i] + (i < total - floors.reduce(0, +) ? 1 : 0)
                }
                for _ in 0..<count {
                    let id = String(format: "T%05d", mentors.count + 1)
                    var takes: Set<Int> = [g]
                    if rng.chance(preset.secondGradeRate), let neighbour = [g - 1, g + 1].filter({ grades.contains($0) }).first { takes.insert(neighbour) }
                    let taught = Set((0..<2).map { _ in "\(school)-G\(g)-C\(rng.int(1...classes))" })
                    let years = [Double(rng.int(0...2)), Double(rng.int(3...10)), Double(rng.int(11...20)), Double(rng.int(21...35))][rng.pick([0.2, 0.35, 0.25, 0.2])]
                    gradeMentors[g, default: []].append(mentors.count)
                    mentors.append(Mentor(
                        id: id, schoolID: school, gender: rng.chance(0.7) ? .female : .male, grades: takes, classes: taught,
                        yearsExperience: years, psychTrained: rng.chance(0.25), vetted: !rng.chance(0.005),
                        capacity: rng.chance(0.1) ? [8, 10, 12][rng.int(0...2)] : nil))
                }
            }
            // Last term's mentor for 60 % (mostly one who still takes the grade), and a few pairs.
            for g in grades {
                let pool = gradeMentors[g] ?? []
                let schoolPool = grades.flatMap { gradeMentors[$0] ?? [] }
                for s in perGrade[g] ?? [] {
                    if rng.chance(0.6) {
                        let from = rng.chance(0.85) ? pool : schoolPool
                        if !from.isEmpty { history[students[s].id] = mentors[from[rng.int(0...(from.count - 1))]].id }
                    }
                    guard !pool.isEmpty, !preset.isSurvey else { continue }
                    let mentor = mentors[pool[rng.int(0...(pool.count - 1))]]
                    let roll = rng.unit()
                    if roll < 0.002 {
                        pairs.append(PairRule(studentID: students[s].id, mentorID: mentor.id, kind: .forbid))
                    } else if roll < 0.005, let last = history[students[s].id], let m = mentors.first(where: { $0.id == last }),
                              m.schoolID == school, MentorProblem.brokenRule(student: students[s], mentor: m, capacity: m.vetted ? min(m.capacity ?? policy.cap, policy.cap) : 0, forbidden: false, policy: policy) == nil {
                        pairs.append(PairRule(studentID: students[s].id, mentorID: last, kind: .pin))
                    } else if roll < 0.015 {
                        pairs.append(PairRule(studentID: students[s].id, mentorID: mentor.id, kind: .prefer, score: Double(rng.int(1...5))))
                    }
                }
            }
        }
        if preset.isSurvey { pairs = surveyPairs(students: students, mentors: mentors, history: history, &rng) }
        return MentorData(students: students, mentors: mentors, history: history, pairs: pairs)
    }

    /// The survey school's pairs, student by student: 20 students (with 20 different mentors)
    /// pinned to last term's mentor; 1 % of the others with one forbidden mentor; every other
    /// possible mentor (one of the school taking the student's grade under the hard rules)
    /// scored 1 to 20 with chance 15 %.
    private func surveyPairs(students: [Student], mentors: [Mentor], history: [String: String],
                             _ rng: inout SeededRandom) -> [PairRule] {
        let policy = MentorPolicy()
        let mentorIndex = Dictionary(uniqueKeysWithValues: mentors.indices.map { (mentors[$0].id, $0) })
        func allowed(_ s: Int, _ m: Int) -> Bool {
            let mentor = mentors[m]
            return mentor.schoolID == students[s].schoolID && mentor.grades.contains(students[s].grade)
                && MentorProblem.brokenRule(student: students[s], mentor: mentor,
                                            capacity: mentor.vetted ? min(mentor.capacity ?? policy.cap, policy.cap) : 0,
                                            forbidden: false, policy: policy) == nil
        }
        var pin = [Int: Int](), pinnedMentors = Set<Int>()
        let returning = students.indices.filter { s in history[students[s].id].flatMap { mentorIndex[$0] }.map { allowed(s, $0) } ?? false }
        while pin.count < min(20, returning.count) {
            let s = returning[rng.int(0...(returning.count - 1))], m = mentorIndex[history[students[s].id]!]!
            if pin[s] == nil && !pinnedMentors.contains(m) { pin[s] = m; pinnedMentors.insert(m) }
        }
        var pairs = [PairRule]()
        for s in students.indices {
            let id = students[s].id
            if let m = pin[s] { pairs.append(PairRule(studentID: id, mentorID: mentors[m].id, kind: .pin)); continue }
            let possible = mentors.indices.filter { allowed(s, $0) }
            var forbidden: Int?
            if rng.chance(0.01), !possible.isEmpty {
                forbidden = possible[rng.int(0...(possible.count - 1))]
                pairs.append(PairRule(studentID: id, mentorID: mentors[forbidden!].id, kind: .forbid))
            }
            for m in possible where m != forbidden && rng.chance(0.15) {
                pairs.append(PairRule(studentID: id, mentorID: mentors[m].id, kind: .prefer, score: Double(rng.int(1...20))))
            }
        }
        return pairs
    }

    /// School sizes between the preset's bounds that add up to its student count.
    func schoolSizes(_ rng: inout SeededRandom) -> [Int] {
        let range = preset.sizeRange
        var raw = (0..<preset.schools).map { _ in exp(log(Double(range.lowerBound)) + rng.unit() * (log(Double(range.upperBound)) - log(Double(range.lowerBound)))) }
        let total = raw.reduce(0, +)
        raw = raw.map { $0 * Double(preset.students) / total }
        var sizes = raw.map { min(range.upperBound, max(range.lowerBound, Int($0.rounded()))) }
        // Spread the rounding difference over the schools that still have room.
        var difference = preset.students - sizes.reduce(0, +)
        var changed = true
        while difference != 0 && changed {
            changed = false
            for i in sizes.indices where difference != 0 {
                if difference > 0 && sizes[i] < range.upperBound { sizes[i] += 1; difference -= 1; changed = true }
                if difference < 0 && sizes[i] > range.lowerBound { sizes[i] -= 1; difference += 1; changed = true }
            }
        }
        return sizes
    }
}

extension MentorData {
    /// The tables as CSV text, by file name (students.csv, mentors.csv, history.csv, pairs.csv).
    public func csvFiles() -> [(name: String, text: String)] {
        var s = CSVWriter(header: MentorData.studentColumns)
        for st in students {
            s.append([st.id, st.schoolID, String(st.grade), st.classID, st.gender?.rawValue ?? "",
                      st.difficulty.sorted().map(\.rawValue).joined(separator: ";"), String(st.riskLevel), st.communityID])
        }
        var m = CSVWriter(header: MentorData.mentorColumns)
        for mt in mentors {
            m.append([mt.id, mt.schoolID, mt.gender?.rawValue ?? "", mt.grades.sorted().map(String.init).joined(separator: ";"),
                      mt.classes.sorted().joined(separator: ";"), CSVWriter.number(mt.yearsExperience),
                      String(mt.psychTrained), String(mt.vetted), mt.capacity.map(String.init) ?? ""])
        }
        var h = CSVWriter(header: ["student_id", "mentor_id"])
        for id in history.keys.sorted() { h.append([id, history[id]!]) }
        var p = CSVWriter(header: ["student_id", "mentor_id", "kind", "score", "load"])
        for rule in pairs {
            p.append([rule.studentID, rule.mentorID, rule.kind.rawValue, rule.kind == .prefer ? CSVWriter.number(rule.score) : "",
                      rule.load.map(String.init) ?? ""])
        }
        return [("students.csv", s.text), ("mentors.csv", m.text), ("history.csv", h.text), ("pairs.csv", p.text)]
    }
}

extension DistrictGenerator {
    static let interestTags = ["reading", "drawing", "music", "football", "basketball", "chess", "science", "dance", "games", "nature",
                               "cooking", "crafts"]

    /// Buddy tables for the district's students: about 80 % of the children in difficulty ask
    /// for a buddy; about 8 % of the other students (not at risk) volunteer as helpers, most
    /// for one child, some for two, nearly all with consent; last term's buddy for a third of
    /// the children; a few preferred, forbidden and pinned pairs; and ranks from both sides
    /// (each child ranks up to 5 helpers it may have, each helper ranks every child who ranked it).
    public func buddies(for students: [Student]) -> BuddyData {
        var rng = SeededRandom(seed: seed ^ 0xB0DD_1E5B_0DD1_E5B0)
        let policy = BuddyPolicy()
        func tags() -> Set<String> { Set((0..<rng.int(1...3)).map { _ in Self.interestTags[rng.int(0...(Self.interestTags.count - 1))] }) }
        var requests = [BuddyRequest](), helpers = [Helper]()
        var requestOf = [Int: Int](), helperOf = [Int: Int](), helperStudent = [Int]()
        for (s, st) in students.enumerated() {
            if st.isInDifficulty {
                if rng.chance(0.8) { requestOf[s] = requests.count; requests.append(BuddyRequest(studentID: st.id, interests: tags())) }
            } else if st.riskLevel < policy.helperRiskLevel && rng.chance(0.08) {
                helperOf[s] = helpers.count
                helperStudent.append(s)
                helpers.append(Helper(studentID: st.id, capacity: rng.chance(0.2) ? 2 : 1, interests: tags(), consent: !rng.chance(0.04)))
            }
        }
        let bySchool = Dictionary(grouping: students.indices, by: { students[$0].schoolID })
        var pairs = [BuddyPairRule](), history = [String: String](), childRanks = [String: [String]](), helperRanks = [String: [String]]()
        var pins = [Int](repeating: 0, count: helpers.count)
        for school in bySchool.keys.sorted() {
            let members = bySchool[school]!
            let schoolHelpers = members.compactMap { helperOf[$0] }
            for s in members {
                guard requestOf[s] != nil else { continue }
                let allowed = schoolHelpers.filter { h in
                    BuddyProblem.brokenRule(child: students[s], helper: students[helperStudent[h]],
                                            helperData: helpers[h], rule: nil, policy: policy) == nil
                }
                guard !allowed.isEmpty else { continue }
                func any() -> Int { allowed[rng.int(0...(allowed.count - 1))] }
                if rng.chance(0.33) { history[students[s].id] = helpers[any()].studentID }
                let roll = rng.unit()
                var pinnedTo: Int?
                if roll < 0.005 {
                    pairs.append(BuddyPairRule(childID: students[s].id, helperID: helpers[any()].studentID, kind: .forbid))
                } else if roll < 0.008 {
                    // Pinned pairs hold under either scope: the same school and the same community.
                    let neighbours = allowed.filter { students[helperStudent[$0]].communityID == students[s].communityID }
                    if let h = neighbours.isEmpty ? nil : neighbours[rng.int(0...(neighbours.count - 1))], pins[h] < helpers[h].capacity {
                        pins[h] += 1
                        pinnedTo = h
                        pairs.append(BuddyPairRule(childID: students[s].id, helperID: helpers[h].studentID, kind: .pin))
                    }
                } else if roll < 0.03 {
                    pairs.append(BuddyPairRule(childID: students[s].id, helperID: helpers[any()].studentID, kind: .prefer,
                                               score: Double(rng.int(1...5))))
                }
                // The child's ranks: up to 5 distinct allowed helpers, in random order.
                var pool = allowed, ranked = [String]()
                while !pool.isEmpty && ranked.count < 5 {
                    let k = rng.int(0...(pool.count - 1))
                    ranked.append(helpers[pool.remove(at: k)].studentID)
                }
                // A pinned child (kept with a buddy it knows) ranks that buddy first.
                if let h = pinnedTo {
                    ranked.removeAll { $0 == helpers[h].studentID }
                    ranked.insert(helpers[h].studentID, at: 0)
                    if ranked.count > 5 { ranked.removeLast() }
                }
                childRanks[students[s].id] = ranked
                for h in ranked { helperRanks[h, default: []].append(students[s].id) }
            }
        }
        // Each helper ranks the children who ranked it, in an order of its own, its pinned children first.
        let pinned = Set(pairs.filter { $0.kind == .pin }.map { $0.childID + "\u{1F}" + $0.helperID })
        for h in helperRanks.keys.sorted() {
            var list = helperRanks[h]!
            for i in stride(from: list.count - 1, to: 0, by: -1) { list.swapAt(i, rng.int(0...i)) }
            let first = list.filter { pinned.contains($0 + "\u{1F}" + h) }
            helperRanks[h] = first + list.filter { !pinned.contains($0 + "\u{1F}" + h) }
        }
        return BuddyData(students: students, requests: requests, helpers: helpers, pairs: pairs, childRanks: childRanks,
                         helperRanks: helperRanks, history: history)
    }
}

extension DistrictGenerator {
    /// Staffing tables for the district: its schools (students and stages from the student
    /// table, some with 2 or 3 campuses), one station per street, one centre; streets in areas of
    /// four (10 to 34 minutes apart within an area, 50 or more across areas); psychology teachers
    /// around each school's requirement (from 0.8 to 2.4 times it, a fifth part-time),
    /// one or two counsellors and a legal worker per station (a tenth of the stations without
    /// one), researchers for all but one stage; about 2 % unvetted; current sites mostly the
    /// school they were made for, some elsewhere in the street, some none (new people).
    public func staffing(for data: MentorData) -> StaffingData {
        var rng = SeededRandom(seed: seed ^ 0x57AF_F1E6_57AF_F1E6)
        let policy = StaffingPolicy()
        var students = [String: Int](), stages = [String: Set<Stage>](), order = [String]()
        for s in data.students {
            if students[s.schoolID] == nil { order.append(s.schoolID) }
            students[s.schoolID, default: 0] += 1
            stages[s.schoolID, default: []].insert(Stage(grade: s.grade))
        }
        func street(_ k: Int) -> String { String(format: "ST%02d", k + 1) }
        let streetCount = preset.streets
        var sites = [Site]()
        for (k, school) in order.enumerated() {
            let campuses = students[school]! >= 800 ? [1, 1, 1, 1, 1, 1, 2, 2, 3][rng.int(0...8)] : 1
            sites.append(Site(id: school, kind: .school, street: street(k % streetCount), students: students[school]!, campuses: campuses,
                              stages: stages[school]!))
        }
        for t in 0..<streetCount { sites.append(Site(id: String(format: "STN%02d", t + 1), kind: .station, street: street(t))) }
        let allStages = Set(stages.values.flatMap { $0 })
        sites.append(Site(id: "CENTRE", kind: .centre, street: street(0), stages: allStages))
        let schoolsIn = Dictionary(grouping: order.indices, by: { $0 % streetCount })

        var staff = [StaffMember]()
        func nextID() -> String { String(format: "P%05d", staff.count + 1) }
        func home(_ t: Int) -> String {
            // Mostly the site's street; sometimes another street of its area.
            guard rng.chance(0.1) else { return street(t) }
            let area = t / 4, first = area * 4, last = min(streetCount, first + 4) - 1
            return street(rng.int(first...last))
        }
        func partFTE() -> Double { [0.5, 0.6, 0.8][rng.int(0...2)] }
        for (k, school) in order.enumerated() {
            let site = sites[k], t = k % streetCount
            let need = StaffingProblem.schoolRequirement(site, policy)
            let n = Int((Double(need) * (0.8 + 1.6 * rng.unit())).rounded())
            for _ in 0..<n {
                let part = rng.chance(0.2)
                var mine = site.stages
                if mine.count > 1 && rng.chance(0.3) { mine = [mine.sorted()[rng.int(0...(mine.count - 1))]] }
                if rng.chance(0.1) { mine.insert(Stage.allCases[rng.int(0...2)]) }
                let roll = rng.unit()
                var current: String? = school
                if roll < 0.08 { current = nil } else if roll < 0.15, let others = schoolsIn[t], others.count > 1 {
                    current = order[others[rng.int(0...(others.count - 1))]]
                }
                staff.append(StaffMember(id: nextID(), role: .psychTeacher, employment: part ? .part : .full, maxFTE: part ? partFTE() : 1,
                                         street: home(t), stages: mine, vetted: !rng.chance(0.02), currentSite: current))
            }
        }
        for t in 0..<streetCount {
            let station = String(format: "STN%02d", t + 1)
            for c in 0..<rng.int(1...2) {
                let part = c > 0 || rng.chance(0.4)
                staff.append(StaffMember(id: nextID(), role: .counsellor, employment: part ? .part : .full, maxFTE: part ? partFTE() : 1,
                                         street: home(t), vetted: !rng.chance(0.02), currentSite: rng.chance(0.9) ? station : nil))
            }
            if !rng.chance(0.1) {
                let part = rng.chance(0.7)
                staff.append(StaffMember(id: nextID(), role: .legal, employment: part ? .part : .full, maxFTE: part ? partFTE() : 1,
                                         street: home(t), vetted: !rng.chance(0.02), currentSite: rng.chance(0.9) ? station : nil))
            }
        }
        for g in allStages.sorted().dropLast() {
            staff.append(StaffMember(id: nextID(), role: .researcher, street: street(0), stages: [g], currentSite: "CENTRE"))
        }
        // Travel minutes between every two streets.
        var travel = [String: [String: Double]]()
        for i in 0..<streetCount {
            for j in 0..<streetCount where i != j {
                let sameArea = i / 4 == j / 4
                travel[street(i), default: [:]][street(j)] = Double(sameArea ? 10 + 8 * abs(i - j) : 50 + 15 * abs(i / 4 - j / 4) + 2 * abs(i - j))
            }
        }
        return StaffingData(sites: sites, staff: staff, travel: travel)
    }
}
