import Foundation
import XCTest

/// Self-tests of `ActivitiesChecker`: a hand-made compliant plan over 2027-03-01 + 2 months, then one
/// mutation per rule, each reporting exactly the expected rule code(s) and subject(s).
///
/// The horizon: March and April 2027 (2027-03-01 is a Monday, 2027-04-01 a Thursday), inside the
/// spring semester (02-15..07-10), so the school's one part has 45 - 5 (blackout 04-19..04-23) = 40
/// school days. Fortnights from the week of 03-01: 03-01..14, 03-15..28, 03-29..04-11, 04-12..25,
/// 04-26..30; the Wednesday classes 03-03, 03-17, 03-31, 04-14, 04-28 fall one in each.
final class ActivitiesCheckerTests: XCTestCase {
    struct Fixture {
        var sites = [
            "site_id,kind,street,students,campuses,stages",
            "ST1,station,Elm,0,1,",
            "SC1,school,Oak,3,1,junior",
            "SC2,school,Elm,0,1,",  // a school of the station's street, with no students
        ]
        var staff = [
            "person_id,role,employment,max_fte,street,stages,vetted,current_site",
            "L1,legal,full,1,Pine,,true,ST1",
            "C1,counsellor,part,0.5,Elm,,yes,",  // on the station's street
            "P1,psych_teacher,full,1,Oak,junior,1,SC1",
            "U1,legal,full,1,Elm,,no,ST1",
            "R1,researcher,full,1,Elm,,,ST1",  // empty vetted = false
        ]
        var students = [
            "student_id,school_id,grade,class_id,gender,difficulty,risk_level,community_id,notes",
            "S1,SC1,7,7A,f,\"bullying;anxiety\",2,CM1,\"said \"\"hi\"\"\"",
            "S2,SC1,7,7A,m,family,0,CM1,",
            "S3,SC1,7,7B,f,,0,CM1,",
        ]
        var themes: [String]? = nil
        var venues = [
            "venue_id,site_id,capacity",
            "V1,ST1,30",
            "V2,SC1,50",  // a school on another street
            "V3,ST1,10",  // too small
            "V4,SC2,40",  // a school on the station's street
        ]
        var blackout: [String]? = [
            "site_id,from,to,reason",
            "SC1,2027-04-19,2027-04-23,spring break",
            "SC2,2027-03-20,2027-03-20,repairs",
        ]
        var availability: [String]? = [
            "person_id,date,available",
            "L1,2027-03-06,yes",
            "L1,2027-03-21,no",
            "DR1,2027-03-11,no",
        ]
        var directors = [
            "person_id,community_id,weekly_hours,vetted",
            "D1,CM1,2,yes",
            "D2,CM2,10,yes",
            "D3,CM1,10,no",
        ]
        var doctors = [
            "person_id,available,max_per_month",
            "DR1,\"mon;thu\",2",
            "DR2,1;2;3;4;5,",
        ]
        var calendarHeader = "date,start,minutes,site_id,kind,theme,lead_id,venue_id"
        var calendar = [
            "2027-03-06,09:30,90,ST1,activity,law,L1,V1",
            "2027-03-07,09:30,90,ST1,activity,mental_health,C1,V1",
            "2027-03-13,09:30,90,ST1,activity,safety_fire,L1,V1",
            "2027-03-14,09:30,90,ST1,activity,life_education,C1,V1",
            "2027-04-03,09:30,90,ST1,activity,safety_traffic,L1,V1",
            "2027-04-04,09:30,90,ST1,activity,family_education,C1,V1",
            "2027-04-10,09:30,90,ST1,activity,safety_home,L1,V1",
            "2027-04-17,09:30,90,ST1,activity,safety_drowning,L1,V1",
            "2027-03-02,10:00,40,SC1,class_meeting,mental_health,,",
            "2027-03-04,14:00,40,SC1,event,life_education,P1,",
            "2027-03-03,10:00,40,SC1,class,mental_health,P1,",
            "2027-03-17,10:00,40,SC1,class,mental_health,P1,",
            "2027-03-31,10:00,40,SC1,class,mental_health,P1,",
            "2027-04-14,10:00,40,SC1,class,mental_health,P1,",
            "2027-04-28,10:00,40,SC1,class,mental_health,P1,",
            "2027-03-08,09:00,180,SC1,sitting,,DR1,",
            "2027-04-05,09:00,180,SC1,sitting,,DR1,",
            "2027-03-09,09:00,180,SC2,sitting,,DR2,",
            "2027-04-06,09:00,180,SC2,sitting,,DR2,",
        ]
        var visits = [
            "2027-03-03,D1,S1,home_visit",
            "2027-03-10,D1,S1,contact",
            "2027-03-17,D1,S1,contact",
            "2027-03-24,D1,S1,contact",
            "2027-03-31,D1,S1,contact",
            "2027-04-07,D1,S1,home_visit",
            "2027-04-14,D1,S1,contact",
            "2027-04-21,D1,S1,contact",
            "2027-04-28,D1,S1,contact",
            "2027-03-10,D1,S2,home_visit",
            "2027-04-07,D1,S2,contact",
        ]
        var unmet: [String]? = nil
        var policy: [String: Double] = [:]
        var crlf = false

        mutating func replace(_ old: String, _ new: String?, file: StaticString = #filePath, line: UInt = #line) {
            if let i = calendar.firstIndex(of: old) {
                if let new { calendar[i] = new } else { calendar.remove(at: i) }
            } else if let i = visits.firstIndex(of: old) {
                if let new { visits[i] = new } else { visits.remove(at: i) }
            } else {
                XCTFail("no row \(old)", file: file, line: line)
            }
        }

        func checker() throws -> (ActivitiesChecker, URL) {
            let root = FileManager.default.temporaryDirectory
                .appendingPathComponent("activities-checker-\(UUID().uuidString)")
            let data = root.appendingPathComponent("data"), out = root.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: out.appendingPathComponent("activities"),
                                                    withIntermediateDirectories: true)
            func write(_ lines: [String]?, _ url: URL) throws {
                guard let lines else { return }
                let sep = crlf ? "\r\n" : "\n"
                try (lines.joined(separator: sep) + sep).write(to: url, atomically: true, encoding: .utf8)
            }
            for (name, lines) in [("sites", sites), ("staff", staff), ("students", students), ("themes", themes),
                                  ("venues", venues), ("blackout", blackout), ("availability", availability),
                                  ("directors", directors), ("doctors", doctors)] {
                try write(lines, data.appendingPathComponent("\(name).csv"))
            }
            try write([calendarHeader] + calendar, out.appendingPathComponent("activities/calendar.csv"))
            try write(["date,director_id,student_id,kind"] + visits, out.appendingPathComponent("activities/visits.csv"))
            try write(unmet, out.appendingPathComponent("activities/unmet.csv"))
            return (try ActivitiesChecker(data: data, out: out, start: "2027-03-01", months: 2, policy: policy), root)
        }

        func check() throws -> [ActivitiesViolation] {
            let (c, root) = try checker()
            defer { try? FileManager.default.removeItem(at: root) }
            return try c.violations()
        }
    }

    /// Asserts the violations are exactly `expected` (rule, subject) pairs, in order.
    func expect(_ f: Fixture, _ expected: [(String, String)], file: StaticString = #filePath, line: UInt = #line) throws {
        let found = try f.check()
        XCTAssertEqual(found.map { "\($0.rule) \($0.subject)" }, expected.map { "\($0.0) \($0.1)" },
                       "\n" + found.map(\.description).joined(separator: "\n"), file: file, line: line)
    }

    // MARK: the compliant plan

    func testCompliantPlanHasNoViolations() throws {
        try expect(Fixture(), [])
    }

    func testCompliantPlanWithCRLFAndAGradeColumn() throws {
        var f = Fixture()
        f.crlf = true
        f.calendarHeader += ",grade"
        f.calendar = f.calendar.map { $0.contains(",SC1,") && !$0.contains("sitting") ? $0 + ",7" : $0 + "," }
        try expect(f, [])
        f.replace("2027-03-02,10:00,40,SC1,class_meeting,mental_health,,,7",
                  "2027-03-02,10:00,40,SC1,class_meeting,mental_health,,,8")
        try expect(f, [("3a", "SC1"), ("3a", "SC1")])  // grade 8 is not the school's; grade 7 has none
    }

    // MARK: 1

    func testDateOutsideTheHorizon() throws {
        var f = Fixture()
        f.visits.append("2027-05-05,D1,S2,contact")
        try expect(f, [("1", "S2")])
        f = Fixture()
        f.calendar.append("2027-05-01,09:30,90,ST1,activity,law,L1,V1")  // a Saturday
        try expect(f, [("1", "ST1")])
    }

    // MARK: 2

    func testMonthWithoutStationActivity() throws {
        var f = Fixture()
        f.replace("2027-04-03,09:30,90,ST1,activity,safety_traffic,L1,V1", "2027-03-20,09:30,90,ST1,activity,safety_traffic,L1,V1")
        f.replace("2027-04-04,09:30,90,ST1,activity,family_education,C1,V1", "2027-03-21,09:30,90,ST1,activity,family_education,C1,V1")
        f.replace("2027-04-10,09:30,90,ST1,activity,safety_home,L1,V1", "2027-03-27,09:30,90,ST1,activity,safety_home,L1,V1")
        f.replace("2027-04-17,09:30,90,ST1,activity,safety_drowning,L1,V1", "2027-03-28,09:30,90,ST1,activity,safety_drowning,L1,V1")
        try expect(f, [("2a", "ST1")])
        f = Fixture()
        f.policy = ["min_per_month": 5]
        try expect(f, [("2a", "ST1"), ("2a", "ST1")])
    }

    func testThemeMissingInTheYear() throws {
        var f = Fixture()
        f.replace("2027-04-17,09:30,90,ST1,activity,safety_drowning,L1,V1", "2027-04-17,09:30,90,ST1,activity,law,L1,V1")
        try expect(f, [("2b", "ST1")])
        // a themes table: law 12 a year needs ceil(12 * 2 / 12) = 2 in the 2-month horizon
        f = Fixture()
        f.themes = ["theme,lead_role,min_per_year,window_from,window_to,weight"]
            + ActivitiesChecker.defaultThemes.map { "\($0.name),\($0.leadRole),\($0.name == "law" ? 12 : 1),,,1" }
        try expect(f, [("2b", "ST1")])
        f.themes![1] = "law,legal,6,\"01-01;07-01\",\"03-31;09-30\",2"  // ceil(6 * 2 / 12) = 1
        try expect(f, [])
    }

    func testActivityOnATuesdayAtTheWrongTime() throws {
        var f = Fixture()
        f.replace("2027-03-06,09:30,90,ST1,activity,law,L1,V1", "2027-03-09,09:30,90,ST1,activity,law,L1,V1")
        try expect(f, [("2c", "ST1")])
        f = Fixture()
        f.replace("2027-03-06,09:30,90,ST1,activity,law,L1,V1", "2027-03-06,10:00,60,ST1,activity,law,L1,V1")
        try expect(f, [("2c", "ST1"), ("2c", "ST1")])
        f = Fixture()  // two on one day (different leads and venues)
        f.replace("2027-03-07,09:30,90,ST1,activity,mental_health,C1,V1", "2027-03-06,09:30,90,ST1,activity,mental_health,C1,V4")
        try expect(f, [("2c", "ST1")])
    }

    func testUnvettedLead() throws {
        var f = Fixture()
        f.replace("2027-03-13,09:30,90,ST1,activity,safety_fire,L1,V1", "2027-03-13,09:30,90,ST1,activity,safety_fire,U1,V1")
        try expect(f, [("2d", "U1"), ("6", "U1")])
    }

    func testLeadRoleSiteAvailabilityAndOneADay() throws {
        var f = Fixture()  // a counsellor for a legal theme
        f.replace("2027-03-13,09:30,90,ST1,activity,safety_fire,L1,V1", "2027-03-13,09:30,90,ST1,activity,safety_fire,C1,V1")
        try expect(f, [("2d", "C1")])
        f = Fixture()  // the psych teacher is neither a counsellor nor at the station or its street
        f.replace("2027-03-14,09:30,90,ST1,activity,life_education,C1,V1", "2027-03-14,09:30,90,ST1,activity,life_education,P1,V1")
        try expect(f, [("2d", "P1"), ("2d", "P1")])
        f = Fixture()
        f.availability!.append("L1,2027-04-10,no")
        try expect(f, [("2d", "L1")])
        f = Fixture()  // L1 leads at ST1 and at a second station on the same day
        f.sites.append("ST2,station,Pine,0,1,")
        f.venues.append("V9,ST2,30")
        f.calendar += ["2027-03-06,09:30,90,ST2,activity,law,L1,V9"]  // L1 lives on ST2's street
        try expect(f, [("2a", "ST2")] + Array(repeating: ("2b", "ST2"), count: 7) + [("2d", "L1")])
    }

    func testVenueRules() throws {
        var f = Fixture()
        f.replace("2027-03-06,09:30,90,ST1,activity,law,L1,V1", "2027-03-06,09:30,90,ST1,activity,law,L1,V3")
        try expect(f, [("2e", "ST1")])
        f = Fixture()
        f.replace("2027-03-06,09:30,90,ST1,activity,law,L1,V1", "2027-03-06,09:30,90,ST1,activity,law,L1,V2")
        try expect(f, [("2e", "ST1")])
        f = Fixture()  // a school of the station's street is fine, unless blacked out
        f.replace("2027-03-06,09:30,90,ST1,activity,law,L1,V1", "2027-03-06,09:30,90,ST1,activity,law,L1,V4")
        try expect(f, [])
        f.replace("2027-03-06,09:30,90,ST1,activity,law,L1,V4", "2027-03-20,09:30,90,ST1,activity,law,L1,V4")
        try expect(f, [("2e", "ST1")])
        f = Fixture()  // the station's own blackout
        f.blackout!.append("ST1,2027-04-10,2027-04-11,flood")
        try expect(f, [("2e", "ST1")])
        f = Fixture()
        f.replace("2027-03-06,09:30,90,ST1,activity,law,L1,V1", "2027-03-06,09:30,90,ST1,activity,law,L1,")
        try expect(f, [("2e", "ST1")])
    }

    // MARK: 3

    func testMissingClassMeetingOrEvent() throws {
        var f = Fixture()
        f.replace("2027-03-02,10:00,40,SC1,class_meeting,mental_health,,", nil)
        try expect(f, [("3a", "SC1")])
        f = Fixture()  // an event on a blacked-out day neither counts nor is allowed
        f.replace("2027-03-04,14:00,40,SC1,event,life_education,P1,", "2027-04-20,14:00,40,SC1,event,life_education,P1,")
        try expect(f, [("3a", "SC1"), ("3a", "SC1")])
        f = Fixture()
        f.replace("2027-03-04,14:00,40,SC1,event,life_education,P1,", "2027-03-04,14:00,40,SC1,event,law,P1,")
        try expect(f, [("3a", "SC1"), ("3a", "SC1")])
    }

    func testShortPartHasNoRequirement() throws {
        var f = Fixture()  // blacked out but for 9 school days: no requirement (and no rows allowed off them)
        f.blackout = ["site_id,from,to,reason", "SC1,2027-03-12,2027-04-30,closed"]
        f.calendar = f.calendar.filter { !$0.contains(",SC1,class") && !$0.contains(",SC1,event") }
        f.calendar.removeAll { $0.hasPrefix("2027-04-05") }
        try expect(f, [])
    }

    func testFortnightWithoutAClass() throws {
        var f = Fixture()
        f.replace("2027-03-17,10:00,40,SC1,class,mental_health,P1,", nil)
        try expect(f, [("3b", "SC1")])
        f = Fixture()  // a class on another weekday: two slots for one stage, and both series have holes
        f.replace("2027-03-17,10:00,40,SC1,class,mental_health,P1,", "2027-03-18,10:00,40,SC1,class,mental_health,P1,")
        try expect(f, [("3b", "SC1"), ("3b", "SC1"), ("3b", "SC1")])
        f = Fixture()  // the week of the blackout has no Wednesday, its fortnight still has 04-14
        f.replace("2027-04-14,10:00,40,SC1,class,mental_health,P1,", "2027-04-21,10:00,40,SC1,class,mental_health,P1,")
        try expect(f, [("3b", "SC1"), ("3b", "SC1")])  // 04-21 is no school day, fortnight 04-12..25 is missed
        f = Fixture()  // two stages need two series
        f.students.append("S4,SC1,11,11A,m,,0,CM1,")
        try expect(f, [("3a", "SC1"), ("3a", "SC1"), ("3b", "SC1")])
    }

    func testSchoolLeadsOverlapsAndEventsPerDay() throws {
        var f = Fixture()
        f.replace("2027-03-04,14:00,40,SC1,event,life_education,P1,", "2027-03-04,14:00,40,SC1,event,life_education,C1,")
        try expect(f, [("3c", "C1"), ("3c", "C1")])  // not a psych teacher, not at the school
        f = Fixture()
        f.replace("2027-03-04,14:00,40,SC1,event,life_education,P1,", "2027-03-04,14:00,40,SC1,event,life_education,,")
        try expect(f, [("3c", "SC1")])
        f = Fixture()
        f.calendar += ["2027-03-02,11:00,40,SC1,event,life_education,P1,", "2027-03-02,13:00,40,SC1,class_meeting,mental_health,,"]
        try expect(f, [("3c", "SC1")])
        f = Fixture()
        f.replace("2027-03-04,14:00,40,SC1,event,life_education,P1,", "2027-03-03,10:20,40,SC1,event,life_education,P1,")
        try expect(f, [("3c", "P1")])
        f = Fixture()
        f.replace("2027-03-31,10:00,40,SC1,class,mental_health,P1,", "2027-03-31,10:00,45,SC1,class,mental_health,P1,")
        try expect(f, [("3c", "SC1")])
    }

    // MARK: 4

    func testMonthWithoutContact() throws {
        var f = Fixture()
        f.replace("2027-04-07,D1,S2,contact", nil)
        try expect(f, [("4a", "S2")])
    }

    func testHomeVisitDropped() throws {
        var f = Fixture()
        f.replace("2027-03-10,D1,S2,home_visit", "2027-03-10,D1,S2,contact")
        try expect(f, [("4b", "S2")])
        f = Fixture()
        f.replace("2027-04-07,D1,S1,home_visit", "2027-04-07,D1,S1,contact")
        try expect(f, [("4c", "S1")])
        f = Fixture()  // with abnormal_level 0 every child needs a visit every month
        f.policy = ["abnormal_level": 0]
        try expect(f, [("4c", "S2"), ("4c", "S2"), ("4c", "S2")])  // no April visit; 03-11..04-06, 04-08..30 no contact
    }

    func testFifteenDayGapForTheRiskTwoChild() throws {
        var f = Fixture()
        f.replace("2027-03-17,D1,S1,contact", nil)
        try expect(f, [])  // 03-10 .. 03-24: 13 days without a contact
        f.replace("2027-03-24,D1,S1,contact", "2027-03-25,D1,S1,contact")
        try expect(f, [("4c", "S1")])  // 03-11 .. 03-24: 14 days
        f = Fixture()  // the horizon's first 14 days
        f.replace("2027-03-03,D1,S1,home_visit", "2027-03-15,D1,S1,home_visit")
        f.replace("2027-03-10,D1,S1,contact", nil)
        try expect(f, [("4c", "S1")])
    }

    func testDirectorWeeklyHours() throws {
        var f = Fixture()
        f.visits.append("2027-03-11,D1,S2,contact")  // 75 + 35 + 35 = 145 > 120 minutes
        try expect(f, [("4d", "D1")])
        f = Fixture()  // the last week has 5 of its 7 days in the horizon: 120 * 5 / 7 = 85.7
        f.visits.append("2027-04-29,D1,S2,home_visit")  // 35 + 75 = 110
        try expect(f, [("4d", "D1")])
    }

    func testDirectorRowRules() throws {
        var f = Fixture()
        f.replace("2027-04-07,D1,S2,contact", "2027-04-03,D1,S2,contact")  // a Saturday
        try expect(f, [("4d", "D1")])
        f = Fixture()
        f.replace("2027-04-07,D1,S2,contact", "2027-04-07,D2,S2,contact")
        try expect(f, [("4d", "D2")])
        f = Fixture()
        f.replace("2027-04-07,D1,S2,contact", "2027-04-07,D3,S2,contact")
        try expect(f, [("4d", "D3"), ("6", "D3")])
        f = Fixture()
        f.availability!.append("D1,2027-03-24,no")
        try expect(f, [("4d", "D1")])
    }

    // MARK: 5

    func testSittings() throws {
        var f = Fixture()
        f.calendar.append("2027-03-08,09:00,180,SC1,sitting,,DR1,")
        try expect(f, [("5", "DR1")])  // two on one day (the month's two are within max 2)
        f = Fixture()
        f.replace("2027-04-05,09:00,180,SC1,sitting,,DR1,", nil)
        try expect(f, [("5", "SC1")])
        f = Fixture()
        f.replace("2027-04-05,09:00,180,SC1,sitting,,DR1,", "2027-04-06,09:00,180,SC1,sitting,,DR1,")
        try expect(f, [("5", "DR1")])  // a Tuesday
        f = Fixture()
        f.calendar += ["2027-03-15,09:00,180,SC1,sitting,,DR1,", "2027-03-18,09:00,180,SC1,sitting,,DR1,"]
        try expect(f, [("5", "DR1")])  // 3 in March, max 2
        f = Fixture()
        f.replace("2027-04-05,09:00,180,SC1,sitting,,DR1,", "2027-03-11,09:30,120,SC1,sitting,,DR1,")
        try expect(f, [("5", "DR1"), ("5", "SC1"), ("5", "SC1"), ("5", "SC1")])  // unavailable; 09:30; 120; April
        f = Fixture()
        f.replace("2027-04-05,09:00,180,SC1,sitting,,DR1,", "2027-04-20,09:00,180,SC1,sitting,,DR2,")
        try expect(f, [("5", "SC1")])  // blackout: not a school day
    }

    // MARK: format, unmet, readers

    func testFormat() throws {
        var f = Fixture()
        f.calendar.append("2027-03-10,10:00,40,SC1,workshop,mental_health,P1,")
        f.calendar.append("2027-03-10,10:00,40,SC9,event,life_education,P1,")
        f.calendar.append("2027-02-30,10:00,40,SC1,event,life_education,P1,")
        f.visits.append("2027-03-10,D1,S2,call")
        try expect(f, [("format", "S2"), ("format", "SC1"), ("format", "SC1"), ("format", "SC9")])
    }

    func testUnmetDeclaresViolations() throws {
        var f = Fixture()
        f.replace("2027-04-05,09:00,180,SC1,sitting,,DR1,", nil)
        f.replace("2027-04-07,D1,S2,contact", nil)
        f.unmet = ["subject,rule,detail", "SC1,5,\"no doctor free, sorry\""]
        let (c, root) = try f.checker()
        defer { try? FileManager.default.removeItem(at: root) }
        XCTAssertEqual(try c.violations().map(\.rule), ["4a", "5"])
        XCTAssertEqual(try c.unlistedViolations().map { "\($0.rule) \($0.subject)" }, ["4a S2"])
        XCTAssertEqual(try c.unmet(), [ActivitiesUnmet(subject: "SC1", rule: "5", detail: "no doctor free, sorry")])
    }

    func testMissingOutputAndBadStartThrow() throws {
        XCTAssertThrowsError(try ActivitiesChecker(data: URL(fileURLWithPath: "/nonexistent"),
                                                   out: URL(fileURLWithPath: "/nonexistent"), start: "2027-03-02", months: 2))
        let c = try ActivitiesChecker(data: URL(fileURLWithPath: "/nonexistent"),
                                      out: URL(fileURLWithPath: "/nonexistent"), start: "2027-12-01", months: 14)
        XCTAssertEqual(ACCivil.text(c.endDay), "2029-02-01")
        XCTAssertThrowsError(try c.violations())
    }

    func testCSVReader() {
        XCTAssertEqual(ACCSV.parse("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\r\n c ,\"\"\n\"multi\nline\",z"),
                       [["a", "b"], ["x,1", "say \"hi\""], ["c", ""], ["multi\nline", "z"]])
        XCTAssertEqual(ACCSV.parse("\u{FEFF}id,x\n1,"), [["id", "x"], ["1", ""]])
    }

    func testCivilDates() {
        XCTAssertEqual(ACCivil.day(1970, 1, 1), 0)
        XCTAssertEqual(ACCivil.weekday(ACCivil.day(2027, 3, 1)), 1)
        XCTAssertEqual(ACCivil.weekday(ACCivil.day(2000, 1, 1)), 6)
        XCTAssertEqual(ACCivil.weekday(ACCivil.day(1969, 12, 31)), 3)
        XCTAssertEqual(ACCivil.parse("2028-02-29"), ACCivil.day(2028, 3, 1) - 1)
        XCTAssertNil(ACCivil.parse("2027-02-29"))
        XCTAssertNil(ACCivil.parse("2100-02-29"))
        XCTAssertEqual(ACCivil.parse("2000/2/29"), ACCivil.day(2000, 2, 29))
        for n in stride(from: -800_000, to: 800_000, by: 997) {
            let t = ACCivil.ymd(n)
            XCTAssertEqual(ACCivil.day(t.year, t.month, t.day), n)
        }
        XCTAssertEqual(ACCivil.text(ACCivil.monday(ACCivil.day(2027, 1, 3))), "2026-12-28")
    }
}
