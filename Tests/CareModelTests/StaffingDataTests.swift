import CareModel
import Testing

private let sites = """
    site_id,kind,street,students,campuses,stages
    S1,school,A,600,2,primary;junior
    T1,station,A,,,
    Z,centre,B,,,primary;junior

    """
private let staff = """
    person_id,role,employment,max_fte,street,stages,vetted,current_site
    P1,psych_teacher,full,1,A,primary,true,S1
    P2,counsellor,part,0.5,B,,yes,T1

    """
private let travel = "from_street,to_street,minutes\nA,B,20\n"

private func load(sites: String = sites, staff: String = staff, travel: String? = travel) throws -> StaffingData {
    try StaffingData.parse(sites: CSVTable.parse(sites, file: "sites.csv"), staff: CSVTable.parse(staff, file: "staff.csv"),
                           travel: travel.map { try CSVTable.parse($0, file: "travel.csv") })
}

@Suite struct StaffingTables {
    @Test func readsEveryColumn() throws {
        let data = try load()
        #expect(data.sites.map(\.id) == ["S1", "T1", "Z"])
        #expect(data.sites[0] == Site(id: "S1", kind: .school, street: "A", students: 600, campuses: 2, stages: [.primary, .junior], line: 2))
        #expect(data.staff[1] == StaffMember(id: "P2", role: .counsellor, employment: .part, maxFTE: 0.5, street: "B", stages: [],
                                             vetted: true, currentSite: "T1", line: 3))
        #expect(data.minutes(from: "B", to: "A") == 20)
        #expect(data.minutes(from: "A", to: "A") == 0)
        #expect(data.warnings.isEmpty)
    }

    @Test func roundTripsThroughCSV() throws {
        let data = try load()
        let files = Dictionary(uniqueKeysWithValues: data.csvFiles().map { ($0.name, $0.text) })
        let again = try load(sites: files["sites.csv"]!, staff: files["staff.csv"]!, travel: files["travel.csv"]!)
        #expect(again.sites.map(\.id) == data.sites.map(\.id))
        #expect(again.staff.map(\.maxFTE) == [1, 0.5])
    }

    @Test(arguments: [
        (sites.replacingOccurrences(of: "T1,station", with: "T1,stadium"), staff, travel,
         "sites.csv:3:4: kind must be school, station or centre, found \"stadium\""),
        (sites, staff.replacingOccurrences(of: "P2,counsellor", with: "P2,doctor"), travel,
         "staff.csv:3:4: role must be psych_teacher, counsellor, legal or researcher, found \"doctor\""),
        (sites, staff.replacingOccurrences(of: "true,S1", with: "true,S9"), travel,
         "staff.csv:2:40: current_site 'S9' is not in sites.csv"),
        (sites, staff.replacingOccurrences(of: "part,0.5", with: "part,1.5"), travel,
         "staff.csv:3:20: max_fte must be a number above 0 and at most 1 (full-time equivalent), found \"1.5\""),
        (sites, staff.replacingOccurrences(of: "part,0.5", with: "part,-0.5"), travel,
         "staff.csv:3:20: max_fte must be a number above 0 and at most 1 (full-time equivalent), found \"-0.5\""),
        (sites, staff.replacingOccurrences(of: "full,1,A", with: "full,0.5,A"), travel,
         "staff.csv:2:23: max_fte of a full-timer must be 1, found \"0.5\"; write employment part for less"),
        (sites, staff.replacingOccurrences(of: "P2,", with: "P1,"), travel,
         "staff.csv:3:1: person_id 'P1' is already used on line 2"),
        (sites.replacingOccurrences(of: "T1,", with: "S1,"), staff, travel,
         "sites.csv:3:1: site_id 'S1' is already used on line 2"),
        (sites, staff.replacingOccurrences(of: "0.5,B,", with: "0.5,C,"), travel,
         "staff.csv:3:24: street 'C' has no row in travel.csv; give its minutes to the other streets"),
        (sites.replacingOccurrences(of: "site_id,kind,street", with: "site_id,type,street"), staff, travel,
         "sites.csv:1: missing column 'kind'; the header has: site_id, type, street, students, campuses, stages"),
        (sites.replacingOccurrences(of: "primary;junior\nT1", with: "primary;middle\nT1"), staff, travel,
         "sites.csv:2:19: stages: 'middle' is not a stage; expected primary, junior, senior, vocational (separate several with ;)"),
        (sites, staff, "from_street,to_street,minutes\nA,B,-5\n",
         "travel.csv:2:5: minutes must be a number of minutes from 0 to 1440, found \"-5\""),
    ])
    func errorsNameFileLineAndColumn(sites: String, staff: String, travel: String, message: String) {
        do {
            _ = try load(sites: sites, staff: staff, travel: travel)
            Issue.record("expected: \(message)")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func withoutTravelOnlyTheOwnStreet() throws {
        let data = try load(travel: nil)
        #expect(data.minutes(from: "A", to: "B") == nil)
        #expect(data.warnings == ["no travel.csv: everyone is placed only in their own street"])
    }
}
