import Foundation

extension Student {
    public static let columns = ["student_id", "school_id", "grade", "class_id", "gender", "difficulty", "risk_level", "community_id"]

    /// Reads `students.csv`: one row per student, ids unique.
    public static func parseTable(_ csv: CSVTable, warnings: inout [String]) throws -> [Student] {
        let table = try Table(csv, required: columns)
        warnings += table.warnings
        var students = [Student]()
        var lineOf = [String: Int]()
        for row in table.rows {
            let id = try row.uniqueIdentifier("student_id", lines: &lineOf)
            var difficulty = Set<DifficultyCategory>()
            for token in row.list("difficulty") {
                guard let category = DifficultyCategory(rawValue: token.lowercased()) else {
                    throw row.error("difficulty", "difficulty '\(token)' is not one of \(DifficultyCategory.allCases.map(\.rawValue).joined(separator: ", ")) (separate several with ;)")
                }
                difficulty.insert(category)
            }
            students.append(Student(
                id: id, schoolID: try row.identifier("school_id"),
                grade: try row.int("grade", in: 1...12, what: "a grade from 1 to 12"),
                classID: try row.identifier("class_id"), gender: try MentorData.gender(row),
                difficulty: difficulty,
                riskLevel: try row.int("risk_level", in: 0...3, what: "a whole number from 0 to 3 (the three-level warning status)"),
                communityID: row.optionalText("community_id") ?? ""))
        }
        return students
    }
}

/// A child who needs a buddy (`buddy_requests.csv`).
public struct BuddyRequest: Sendable, Hashable {
    public let studentID: String
    public let interests: Set<String>
    public init(studentID: String, interests: Set<String> = []) {
        self.studentID = studentID
        self.interests = interests
    }
}

/// A volunteer helper (`helpers.csv`).
public struct Helper: Sendable, Hashable {
    public let studentID: String
    /// How many children the helper takes at most.
    public let capacity: Int
    public let interests: Set<String>
    /// The family agreed; without it the helper is never paired.
    public let consent: Bool
    public init(studentID: String, capacity: Int = 1, interests: Set<String> = [], consent: Bool = true) {
        (self.studentID, self.capacity, self.interests, self.consent) = (studentID, capacity, interests, consent)
    }
}

/// A planner's word on one child-helper pair (`buddy_pairs.csv`).
public struct BuddyPairRule: Sendable, Hashable {
    public let childID: String
    public let helperID: String
    public let kind: PairRule.Kind
    public let score: Double
    /// Where the rule was written, for messages (empty file when made in code).
    public let file: String
    public let line: Int
    public let column: Int

    public init(childID: String, helperID: String, kind: PairRule.Kind, score: Double = 0, file: String = "", line: Int = 0, column: Int = 0) {
        (self.childID, self.helperID, self.kind, self.score) = (childID, helperID, kind, score)
        (self.file, self.line, self.column) = (file, line, column)
    }
}

/// The tables behind buddy pairing, loaded and cross-checked.
public struct BuddyData: Sendable {
    public var students: [Student]
    public var requests: [BuddyRequest]
    public var helpers: [Helper]
    public var pairs: [BuddyPairRule]
    /// Each child's helpers, first choice first (`buddy_ranks.csv`, side child).
    public var childRanks: [String: [String]]
    /// Each helper's children, first choice first (side helper).
    public var helperRanks: [String: [String]]
    /// Last term's buddy of each child (`buddy_history.csv`; pairs whose people both still take part).
    public var history: [String: String]
    public var warnings: [String]
    /// Re-planning (`--from`): the helper of each child in the plan re-planned.
    public var previous: [String: String] = [:]

    public init(students: [Student], requests: [BuddyRequest], helpers: [Helper], pairs: [BuddyPairRule] = [],
                childRanks: [String: [String]] = [:], helperRanks: [String: [String]] = [:], history: [String: String] = [:],
                warnings: [String] = []) {
        (self.students, self.requests, self.helpers, self.pairs) = (students, requests, helpers, pairs)
        (self.childRanks, self.helperRanks, self.history, self.warnings) = (childRanks, helperRanks, history, warnings)
    }

    public static let requestColumns = ["student_id", "interests"]
    public static let helperColumns = ["student_id", "capacity", "interests", "consent"]
    public static let pairColumns = ["student_id", "helper_id", "kind", "score"]
    public static let rankColumns = ["student_id", "helper_id", "side", "rank"]

    /// Loads the buddy tables from `directory` (`buddy_requests.csv` and `helpers.csv`
    /// required; `buddy_pairs.csv`, `buddy_ranks.csv`, `buddy_history.csv` optional).
    public static func load(from directory: URL, display: String? = nil, students: [Student], studentsFile: String) throws -> BuddyData {
        let folder = TableFolder(directory, display: display)
        return try parse(students: students, studentsFile: studentsFile, requests: folder.required("buddy_requests.csv", for: "buddy"),
                         helpers: folder.required("helpers.csv", for: "buddy"), pairs: folder.optional("buddy_pairs.csv"),
                         ranks: folder.optional("buddy_ranks.csv"), history: folder.optional("buddy_history.csv"))
    }

    public static func parse(students: [Student], studentsFile: String, requests requestsCSV: CSVTable, helpers helpersCSV: CSVTable,
                             pairs pairsCSV: CSVTable? = nil, ranks ranksCSV: CSVTable? = nil, history historyCSV: CSVTable? = nil) throws -> BuddyData {
        var warnings = [String]()
        let known = Set(students.map(\.id))
        func interests(_ row: TableRow) -> Set<String> { Set(row.list("interests").map { $0.lowercased() }) }

        // buddy_requests.csv
        let requestTable = try Table(requestsCSV, required: ["student_id"], optional: ["interests"])
        warnings += requestTable.warnings
        var requests = [BuddyRequest](), requestLine = [String: Int]()
        for row in requestTable.rows {
            let id = try row.identifier("student_id")
            guard known.contains(id) else { throw row.error("student_id", "student_id '\(id)' is not in \(studentsFile)") }
            if let first = requestLine[id] { throw row.error("student_id", "student_id '\(id)' already asks for a buddy on line \(first)") }
            requestLine[id] = row.line
            requests.append(BuddyRequest(studentID: id, interests: interests(row)))
        }

        // helpers.csv
        let helperTable = try Table(helpersCSV, required: ["student_id", "consent"], optional: ["capacity", "interests"])
        warnings += helperTable.warnings
        var helpers = [Helper](), helperLine = [String: Int]()
        for row in helperTable.rows {
            let id = try row.identifier("student_id")
            guard known.contains(id) else { throw row.error("student_id", "student_id '\(id)' is not in \(studentsFile)") }
            if let asks = requestLine[id] {
                throw row.error("student_id", "student_id '\(id)' asks for a buddy (\(requestsCSV.file) line \(asks)); a child who needs a buddy cannot also be a helper")
            }
            if let first = helperLine[id] { throw row.error("student_id", "student_id '\(id)' is already a helper on line \(first)") }
            helperLine[id] = row.line
            helpers.append(Helper(
                studentID: id,
                capacity: try row.optionalInt("capacity", in: 0...20, what: "a whole number of children from 0 to 20 (empty: 1)") ?? 1,
                interests: interests(row), consent: try row.bool("consent", default: false)))
        }

        /// A row's child (who must ask for a buddy) and helper (who must volunteer).
        func pair(_ row: TableRow) throws -> (String, String) {
            let child = try row.identifier("student_id"), helper = try row.identifier("helper_id")
            guard requestLine[child] != nil else {
                throw row.error("student_id", "student_id '\(child)' does not ask for a buddy in \(requestsCSV.file)")
            }
            guard helperLine[helper] != nil else {
                throw row.error("helper_id", "helper_id '\(helper)' is not in \(helpersCSV.file)")
            }
            return (child, helper)
        }

        // buddy_pairs.csv
        var pairs = [BuddyPairRule]()
        if let pairsCSV {
            let table = try Table(pairsCSV, required: ["student_id", "helper_id", "kind"], optional: ["score"])
            warnings += table.warnings
            var seen = [String: (kind: PairRule.Kind, line: Int)]()
            for row in table.rows {
                let (child, helper) = try pair(row)
                let kind = try row.choice("kind", of: PairRule.Kind.self)
                let key = child + "\u{1F}" + helper
                if let earlier = seen[key] {
                    throw row.error("student_id", "the pair \(child)-\(helper) is already listed on line \(earlier.line) (as \(earlier.kind.rawValue))")
                }
                seen[key] = (kind, row.line)
                let f = row.field("helper_id")
                pairs.append(BuddyPairRule(
                    childID: child, helperID: helper, kind: kind,
                    score: try row.optionalNumber("score", in: -1_000...1_000, what: "a number from -1000 to 1000") ?? 0,
                    file: pairsCSV.file, line: f.line, column: f.column))
            }
        }

        // buddy_ranks.csv: each ranker's ranks are 1, 2, 3, ... with no gap and no repeat.
        var childRanks = [String: [String]](), helperRanks = [String: [String]]()
        if let ranksCSV {
            let table = try Table(ranksCSV, required: rankColumns)
            warnings += table.warnings
            struct Entry { let rank: Int; let partner: String; let row: TableRow }
            var byRanker = [String: [Entry]](), order = [String]()
            // Where each ranker already gave a rank and named a partner (lines), for the repeats check.
            var rankSeen = [String: [Int: Int]](), partnerSeen = [String: [String: Int]]()
            for row in table.rows {
                let (child, helper) = try pair(row)
                let side = row.field("side").value.lowercased()
                guard side == "child" || side == "helper" else {
                    throw row.error("side", "side must be child (the child ranks the helper) or helper (the helper ranks the child), found \"\(row.field("side").value)\"")
                }
                let rank = try row.int("rank", in: 1...10_000, what: "a whole number from 1 (first choice)")
                let (ranker, partner) = side == "child" ? (child, helper) : (helper, child)
                let key = side + "\u{1F}" + ranker
                if byRanker[key] == nil { order.append(key) }
                if let line = rankSeen[key]?[rank] {
                    throw row.error("rank", "\(side) \(ranker) gives rank \(rank) twice (also line \(line)); ranks must be 1, 2, 3, ... with no repeats")
                }
                if let line = partnerSeen[key]?[partner] {
                    throw row.error(side == "child" ? "helper_id" : "student_id", "\(side) \(ranker) ranks \(partner) twice (also line \(line))")
                }
                rankSeen[key, default: [:]][rank] = row.line
                partnerSeen[key, default: [:]][partner] = row.line
                byRanker[key, default: []].append(Entry(rank: rank, partner: partner, row: row))
            }
            for key in order {
                let entries = byRanker[key]!.sorted { $0.rank < $1.rank }
                let parts = key.split(separator: "\u{1F}").map(String.init)
                for (k, e) in entries.enumerated() where e.rank != k + 1 {
                    throw e.row.error("rank", "\(parts[0]) \(parts[1]) has rank \(e.rank) but no rank \(k + 1); ranks must be 1, 2, 3, ... without gaps")
                }
                if parts[0] == "child" { childRanks[parts[1]] = entries.map(\.partner) } else { helperRanks[parts[1]] = entries.map(\.partner) }
            }
        }

        // buddy_history.csv: people come and go, so pairs of people no longer taking part are skipped.
        let history = try Table.lastTerm(historyCSV, partnerColumn: "helper_id", partnerWord: "buddy",
                                         whoIsGone: "a child or helper not taking part this term", warnings: &warnings) { requestLine[$0] != nil && helperLine[$1] != nil }
        return BuddyData(students: students, requests: requests, helpers: helpers, pairs: pairs, childRanks: childRanks,
                         helperRanks: helperRanks, history: history, warnings: warnings)
    }

    /// The buddy tables as CSV text, by file name.
    public func csvFiles() -> [(name: String, text: String)] {
        var r = CSVWriter(header: Self.requestColumns)
        for q in requests { r.append([q.studentID, q.interests.sorted().joined(separator: ";")]) }
        var h = CSVWriter(header: Self.helperColumns)
        for x in helpers { h.append([x.studentID, String(x.capacity), x.interests.sorted().joined(separator: ";"), String(x.consent)]) }
        var p = CSVWriter(header: Self.pairColumns)
        for rule in pairs { p.append([rule.childID, rule.helperID, rule.kind.rawValue, rule.kind == .prefer ? CSVWriter.number(rule.score) : ""]) }
        var k = CSVWriter(header: Self.rankColumns)
        for child in childRanks.keys.sorted() {
            for (i, helper) in childRanks[child]!.enumerated() { k.append([child, helper, "child", String(i + 1)]) }
        }
        for helper in helperRanks.keys.sorted() {
            for (i, child) in helperRanks[helper]!.enumerated() { k.append([child, helper, "helper", String(i + 1)]) }
        }
        var y = CSVWriter(header: ["student_id", "helper_id"])
        for child in history.keys.sorted() { y.append([child, history[child]!]) }
        return [("buddy_requests.csv", r.text), ("helpers.csv", h.text), ("buddy_pairs.csv", p.text), ("buddy_ranks.csv", k.text),
                ("buddy_history.csv", y.text)]
    }
}
