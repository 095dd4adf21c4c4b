import CareModel
import Testing

private let sites = [Site(id: "T1", kind: .station, street: "A"), Site(id: "S1", kind: .school, street: "A", students: 600)]
private let staff = [StaffMember(id: "L1", role: .legal, street: "A"), StaffMember(id: "C1", role: .counsellor, street: "A")]
private let students = [
    Student(id: "K1", schoolID: "S1", grade: 3, classID: "3A", gender: nil, difficulty: [.leftBehind], riskLevel: 2, communityID: "M1"),
    Student(id: "K2", schoolID: "S1", grade: 4, classID: "4A", gender: nil, difficulty: [], riskLevel: 0, communityID: "M2"),
]
/// February 2027 to January 2028.
private let horizon = ActivitiesHorizon(start: CalendarDate(year: 2027, month: 2, day: 1)!, months: 12)!

private let themes = """
    theme,lead_role,min_per_year,window_from,window_to,weight
    law,legal,2,,,
    mental_health,counsellor,1,03-01;10-01,05-31;10-20,5

    """
private let venues = "venue_id,site_id,capacity\nV1,T1,40\nV2,S1,200\n"
private let blackout = "site_id,from,to,reason\nS1,2027-06-14,2027-06-30,exams\n"
private let availability = "person_id,date,available\nL1,2027-03-02,false\nD1,2027/3/9,yes\n"
private let directors = "person_id,community_id,weekly_hours,vetted\nD1,M1,6,true\n"
private let doctors = "person_id,available,max_per_month\nDR1,mon;Thursday;6,3\n"

private func load(themes: String? = themes, venues: String = venues, blackout: String? = blackout, availability: String? = availability,
                  directors: String = directors, doctors: String = doctors) throws -> ActivitiesData {
    try ActivitiesData.parse(themes: themes.map { try CSVTable.parse($0, file: "themes.csv") }, venues: CSVTable.parse(venues, file: "venues.csv"),
                             blackout: blackout.map { try CSVTable.parse($0, file: "blackout.csv") },
                             availability: availability.map { try CSVTable.parse($0, file: "availability.csv") },
                             directors: CSVTable.parse(directors, file: "directors.csv"), doctors: CSVTable.parse(doctors, file: "doctors.csv"),
                             horizon: horizon, sites: sites, staff: staff, students: students)
}

@Suite struct ActivitiesTables {
    @Test func horizonMonths() {
        #expect(horizon.end == CalendarDate(year: 2028, month: 1, day: 31)!)
        #expect(horizon.days == 365)
        #expect(horizon.month(of: CalendarDate(year: 2027, month: 2, day: 28)!) == 0)
        #expect(horizon.month(of: CalendarDate(year: 2028, month: 1, day: 1)!) == 11)
        #expect(horizon.month(of: CalendarDate(year: 2028, month: 2, day: 1)!) == nil)
        #expect(ActivitiesHorizon(start: CalendarDate(year: 2027, month: 2, day: 2)!, months: 12) == nil)
    }

    @Test func readsEveryColumn() throws {
        let data = try load()
        #expect(data.themes.map(\.id) == ["law", "mental_health"])
        #expect(data.themes[0].minPerYear == 2 && data.themes[0].windows.isEmpty && data.themes[0].weight == 1)
        let mental = data.themes[1]
        #expect(mental.leadRole == .counsellor && mental.weight == 5)
        #expect(mental.inWindow(CalendarDate(year: 2027, month: 10, day: 10)!))
        #expect(!mental.inWindow(CalendarDate(year: 2027, month: 10, day: 21)!))
        #expect(mental.inWindow(CalendarDate(year: 2027, month: 4, day: 1)!))
        #expect(data.venues.map(\.capacity) == [40, 200])
        #expect(data.blackouts.first?.reason == "exams")
        #expect(data.availability["L1"]?[CalendarDate(year: 2027, month: 3, day: 2)!] == false)
        #expect(data.availability["D1"]?[CalendarDate(year: 2027, month: 3, day: 9)!] == true)
        #expect(data.directors.first?.weeklyHours == 6 && data.directors.first?.vetted == true)
        #expect(data.doctors.first?.weekdays == [1, 4, 6] && data.doctors.first?.maxPerMonth == 3)
        #expect(data.warnings.isEmpty)
    }

    @Test func districtThemesWithoutATable() throws {
        let data = try load(themes: nil)
        #expect(data.themes.map(\.id) == ["law", "safety_fire", "safety_traffic", "safety_drowning", "safety_home",
                                          "mental_health", "life_education", "family_education"])
        #expect(data.themes.first { $0.id == "safety_drowning" }?.inWindow(CalendarDate(year: 2027, month: 7, day: 1)!) == true)
    }

    @Test func directorWithNobodyToContactIsAWarning() throws {
        let data = try load(directors: directors + "D2,M2,4,true\n")
        #expect(data.warnings == ["directors.csv:3: community_id 'M2' has no children in difficulty in students.csv; director D2 has nobody to contact"])
    }

    /// A year's availability list serves any horizon: rows outside it are checked, then ignored.
    @Test func availabilityOutsideTheHorizonIsAWarning() throws {
        let data = try load(availability: availability + "L1,2028-03-02,true\nL1,2026-12-24,no\n")
        #expect(data.warnings == ["availability.csv: 2 rows outside the activities horizon 2027-02-01 to 2028-01-31 were ignored"])
        #expect(data.availability["L1"]?.count == 1)
        #expect(throws: DataError(file: "availability.csv", line: 4, column: 4, message: "date \"2028-02-30\" is ambiguous or not a date; write YYYY-MM-DD, or YYYY/MM/DD")) {
            _ = try load(availability: availability + "L1,2028-02-30,true\n")
        }
    }

    @Test(arguments: [
        (themes.replacingOccurrences(of: "10-01,05-31;10-20", with: "10-20,05-31;10-01"), venues, blackout, availability, directors, doctors,
         "themes.csv:3:40: the window ends (10-01) before it starts (10-20); a window lies within one year: split one across the new year into two (10-20 to 12-31 and 01-01 to 10-01)"),
        (themes.replacingOccurrences(of: "05-31;10-20", with: "05-31"), venues, blackout, availability, directors, doctors,
         "themes.csv:3:40: window_to gives 1 end(s) for 2 start(s) in window_from; expected one MM-DD end per start, separated by ;"),
        (themes.replacingOccurrences(of: "03-01", with: "02-30"), venues, blackout, availability, directors, doctors,
         "themes.csv:3:28: window_from must be a day of the year MM-DD, found \"02-30\""),
        (themes.replacingOccurrences(of: "law,legal", with: "law,lawyer"), venues, blackout, availability, directors, doctors,
         "themes.csv:2:5: lead_role must be psych_teacher, counsellor, legal or researcher, found \"lawyer\""),
        (themes, venues.replacingOccurrences(of: "V2,S1", with: "V2,S9"), blackout, availability, directors, doctors,
         "venues.csv:3:4: site_id 'S9' is not in sites.csv"),
        (themes, venues.replacingOccurrences(of: "V1,T1,40", with: "V1,T1,0"), blackout, availability, directors, doctors,
         "venues.csv:2:7: capacity must be a number of people from 1 to 100000, found \"0\""),
        (themes, venues, blackout.replacingOccurrences(of: "2027-06-30", with: "2027-06-01"), availability, directors, doctors,
         "blackout.csv:2:15: to (2027-06-01) is before from (2027-06-14); expected the last day of the blackout"),
        (themes, venues, blackout, availability + "L1,2027-03-02,true\n", directors, doctors,
         "availability.csv:4:15: L1 on 2027-03-02 is listed as available here and not available on line 2; keep one"),
        (themes, venues, blackout, availability + "X9,2027-03-02,true\n", directors, doctors,
         "availability.csv:4:1: person_id 'X9' is not in staff.csv, directors.csv or doctors.csv"),
        (themes, venues, blackout, availability, directors + "D2,M1,4,true\n", doctors,
         "directors.csv:3:4: community_id 'M1' already has a child director on line 2"),
        (themes, venues, blackout, availability, directors, doctors.replacingOccurrences(of: "mon;", with: "someday;"),
         "doctors.csv:2:5: available: 'someday' is not a weekday; expected mon, tue, wed, thu, fri, sat, sun or 1 (Monday) to 7, separated by ;"),
    ])
    func badRowsAreNamed(themes: String, venues: String, blackout: String, availability: String, directors: String, doctors: String,
                         message: String) throws {
        #expect(throws: DataError.self) {
            do {
                _ = try load(themes: themes, venues: venues, blackout: blackout, availability: availability, directors: directors, doctors: doctors)
            } catch let error as DataError {
                #expect("\(error)" == message)
                throw error
            }
        }
    }
}
