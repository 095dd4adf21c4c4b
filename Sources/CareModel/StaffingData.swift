import Foundation

/// A school stage (学段). A person or site with no stages listed takes every stage.
public enum Stage: String, Sendable, Hashable, CaseIterable, Comparable {
    case primary, junior, senior, vocational

    public static func < (a: Stage, b: Stage) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// The stage of a grade in Shanghai's 5-4-3 system: 1-5 primary, 6-9 junior, 10-12 senior.
    public init(grade: Int) { self = grade <= 5 ? .primary : grade <= 9 ? .junior : .senior }
}

/// A place that needs staff (`sites.csv`).
public struct Site: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A school: psychology teachers.
        case school
        /// A street's minor-protection station: a counsellor and a legal worker.
        case station
        /// The district psychology centre: researchers, per stage.
        case centre
    }

    public let id: String
    public let kind: Kind
    public let street: String
    public let students: Int
    public let campuses: Int
    /// Empty: every stage (stations serve all minors).
    public let stages: Set<Stage>
    /// Where the row is, for messages.
    public let line: Int

    public init(id: String, kind: Kind, street: String, students: Int = 0, campuses: Int = 1, stages: Set<Stage> = [], line: Int = 0) {
        (self.id, self.kind, self.street, self.students) = (id, kind, street, students)
        (self.campuses, self.stages, self.line) = (campuses, stages, line)
    }
}

/// A person who may be placed (`staff.csv`). Identifiers and role only; no names.
public struct StaffMember: Sendable, Hashable {
    public enum Role: String, Sendable, CaseIterable, Comparable {
        case psychTeacher = "psych_teacher"
        case counsellor
        case legal
        case researcher

        public static func < (a: Role, b: Role) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

        /// The kind of site this role serves.
        public var siteKind: Site.Kind {
            switch self {
            case .psychTeacher: .school
            case .counsellor, .legal: .station
            case .researcher: .centre
            }
        }

        /// As a planner says it.
        public var words: String {
            switch self {
            case .psychTeacher: "psychology teacher"
            case .counsellor: "counsellor"
            case .legal: "legal worker"
            case .researcher: "researcher"
            }
        }
    }

    public enum Employment: String, Sendable, CaseIterable {
        case full, part
    }

    public let id: String
    public let role: Role
    public let employment: Employment
    /// Full-time equivalent the person works at most; 1 for full-timers.
    public let maxFTE: Double
    /// Where the person starts from (travel is measured from here).
    public let street: String
    /// Empty: any stage.
    public let stages: Set<Stage>
    /// Passed the criminal-record check; unvetted people are never placed.
    public let vetted: Bool
    /// Where the person works now (moves away from it are penalised), if anywhere.
    public let currentSite: String?
    public let line: Int

    public init(id: String, role: Role, employment: Employment = .full, maxFTE: Double = 1, street: String, stages: Set<Stage> = [],
                vetted: Bool = true, currentSite: String? = nil, line: Int = 0) {
        (self.id, self.role, self.employment, self.maxFTE, self.street) = (id, role, employment, maxFTE, street)
        (self.stages, self.vetted, self.currentSite, self.line) = (stages, vetted, currentSite, line)
    }
}

/// The tables behind the staffing plan, loaded and cross-checked.
public struct StaffingData: Sendable {
    public var sites: [Site]
    public var staff: [StaffMember]
    /// Minutes between two streets, both directions (a row given one way serves both unless
    /// the other way has its own row); nil when `travel.csv` is absent (then nobody leaves
    /// their own street).
    public var travel: [String: [String: Double]]?
    public var warnings: [String]
    /// Re-planning (`--from`): each person's site in the plan re-planned (the larger share of a
    /// part-timer's two). It takes the place of `current_site`: moves away from it are priced
    /// above all travel.
    public var previous: [String: String] = [:]

    public init(sites: [Site], staff: [StaffMember], travel: [String: [String: Double]]? = nil, warnings: [String] = []) {
        (self.sites, self.staff, self.travel, self.warnings) = (sites, staff, travel, warnings)
    }

    public static let siteColumns = ["site_id", "kind", "street", "students", "campuses", "stages"]
    public static let staffColumns = ["person_id", "role", "employment", "max_fte", "street", "stages", "vetted", "current_site"]
    public static let travelColumns = ["from_street", "to_street", "minutes"]

    /// Minutes from one street to another: 0 on the same street, nil when not known.
    public func minutes(from a: String, to b: String) -> Double? {
        if a == b { return 0 }
        return travel?[a]?[b]
    }

    /// Loads `sites.csv`, `staff.csv` and, when present, `travel.csv` (a missing table names
    /// `plan` as the one that needs it: the activities plan reads them too).
    public static func load(from directory: URL, display: String? = nil, for plan: String = "staffing") throws -> StaffingData {
        let folder = TableFolder(directory, display: display)
        return try parse(sites: folder.required("sites.csv", for: plan), staff: folder.required("staff.csv", for: plan),
                         travel: folder.optional("travel.csv"))
    }

    static func stages(_ row: TableRow, _ column: String) throws -> Set<Stage> {
        var out = Set<Stage>()
        for token in row.list(column) {
            guard let stage = Stage(rawValue: token.lowercased()) else {
                throw row.error(column, "\(column): '\(token)' is not a stage; expected \(Stage.allCases.map(\.rawValue).joined(separator: ", ")) (separate several with ;)")
            }
            out.insert(stage)
        }
        return out
    }

    public static func parse(sites sitesCSV: CSVTable, staff staffCSV: CSVTable, travel travelCSV: CSVTable? = nil) throws -> StaffingData {
        var warnings = [String]()
        // sites.csv
        let siteTable = try Table(sitesCSV, required: ["site_id", "kind", "street"], optional: ["students", "campuses", "stages"])
        warnings += siteTable.warnings
        var sites = [Site](), siteLine = [String: Int]()
        for row in siteTable.rows {
            let id = try row.uniqueIdentifier("site_id", lines: &siteLine)
            let kind = try row.choice("kind", of: Site.Kind.self)
            let street = try row.identifier("street")
            let students = try row.optionalInt("students", in: 0...100_000, what: "a whole number of students from 0 to 100000") ?? 0
            if kind == .school && row.field("students").value.isEmpty {
                throw row.error("students", "students is empty; a school needs its number of students")
            }
            let campuses = try row.optionalInt("campuses", in: 1...50, what: "a whole number of campuses from 1 to 50 (empty: 1)") ?? 1
            let stages = try stages(row, "stages")
            if kind == .school && stages.isEmpty {
                throw row.error("stages", "stages is empty; a school needs its stages (\(Stage.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if kind == .centre && stages.isEmpty {
                throw row.error("stages", "stages is empty; the centre needs the stages it has researchers for")
            }
            sites.append(Site(id: id, kind: kind, street: street, students: students, campuses: campuses, stages: stages, line: row.line))
        }

        // staff.csv
        let staffTable = try Table(staffCSV, required: ["person_id", "role", "employment", "max_fte", "street", "vetted"],
                                   optional: ["stages", "current_site"])
        warnings += staffTable.warnings
        var staff = [StaffMember](), personLine = [String: Int]()
        for row in staffTable.rows {
            let id = try row.uniqueIdentifier("person_id", lines: &personLine)
            let role = try row.choice("role", of: StaffMember.Role.self)
            let employment = try row.choice("employment", of: StaffMember.Employment.self)
            let fteText = row.field("max_fte").value
            let maxFTE: Double
            if fteText.isEmpty {
                guard employment == .full else { throw row.error("max_fte", "max_fte is empty; a part-timer needs the FTE they work (more than 0, at most 1)") }
                maxFTE = 1
            } else {
                guard let v = Double(fteText), v.isFinite, v > 0, v <= 1 else {
                    throw row.error("max_fte", "max_fte must be a number above 0 and at most 1 (full-time equivalent), found \"\(fteText)\"")
                }
                if employment == .full && v != 1 {
                    throw row.error("max_fte", "max_fte of a full-timer must be 1, found \"\(fteText)\"; write employment part for less")
                }
                maxFTE = v
            }
            let current = row.optionalText("current_site")
            if let current, siteLine[current] == nil {
                throw row.error("current_site", "current_site '\(current)' is not in \(sitesCSV.file)")
            }
            staff.append(StaffMember(id: id, role: role, employment: employment, maxFTE: maxFTE, street: try row.identifier("street"),
                                     stages: try stages(row, "stages"), vetted: try row.bool("vetted"), currentSite: current, line: row.line))
        }

        // travel.csv
        var travel: [String: [String: Double]]?
        if let travelCSV {
            let table = try Table(travelCSV, required: travelColumns)
            warnings += table.warnings
            var given = [String: [String: Double]](), lineOf = [String: Int]()
            for row in table.rows {
                let a = try row.identifier("from_street"), b = try row.identifier("to_street")
                let minutes = try row.optionalNumber("minutes", in: 0...1440, what: "a number of minutes from 0 to 1440")
                guard let minutes else { throw row.error("minutes", "minutes is empty; expected a number of minutes from 0 to 1440") }
                let key = a + "\u{1F}" + b
                if let first = lineOf[key] { throw row.error("from_street", "the way from \(a) to \(b) is already given on line \(first)") }
                lineOf[key] = row.line
                given[a, default: [:]][b] = minutes
            }
            // A row one way serves both ways unless the other way has its own.
            var both = given
            for (a, row) in given { for (b, m) in row where given[b]?[a] == nil { both[b, default: [:]][a] = m } }
            // Every street in use must appear in travel.csv: it is needed to tell who can reach what.
            let streetsInTravel = Set(both.keys)
            func check(_ street: String, _ file: String, _ line: Int, _ column: Int) throws {
                if !streetsInTravel.contains(street) {
                    throw DataError(file: file, line: line, column: column,
                                    message: "street '\(street)' has no row in \(travelCSV.file); give its minutes to the other streets")
                }
            }
            let streets = Set(sites.map(\.street)).union(staff.map(\.street))
            if streets.count > 1 {
                for row in siteTable.rows { try check(row.field("street").value, sitesCSV.file, row.line, row.field("street").column) }
                for row in staffTable.rows { try check(row.field("street").value, staffCSV.file, row.line, row.field("street").column) }
            }
            travel = both
        } else if Set(sites.map(\.street)).union(staff.map(\.street)).count > 1 {
            warnings.append("no travel.csv: everyone is placed only in their own street")
        }
        return StaffingData(sites: sites, staff: staff, travel: travel, warnings: warnings)
    }

    /// The tables as CSV text, by file name.
    public func csvFiles() -> [(name: String, text: String)] {
        func stages(_ s: Set<Stage>) -> String { s.sorted().map(\.rawValue).joined(separator: ";") }
        var s = CSVWriter(header: Self.siteColumns)
        for x in sites { s.append([x.id, x.kind.rawValue, x.street, String(x.students), String(x.campuses), stages(x.stages)]) }
        var p = CSVWriter(header: Self.staffColumns)
        for x in staff {
            p.append([x.id, x.role.rawValue, x.employment.rawValue, CSVWriter.number(x.maxFTE), x.street, stages(x.stages), String(x.vetted),
                      x.currentSite ?? ""])
        }
        var files = [("sites.csv", s.text), ("staff.csv", p.text)]
        if let travel {
            var t = CSVWriter(header: Self.travelColumns)
            for a in travel.keys.sorted() {
                for b in travel[a]!.keys.sorted() where a < b { t.append([a, b, CSVWriter.number(travel[a]![b]!)]) }
            }
            files.append(("travel.csv", t.text))
        }
        return files
    }
}
