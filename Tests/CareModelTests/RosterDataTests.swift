import CareModel
import Testing

@Suite("Roster tables") struct RosterDataTests {
    let horizon = RosterHorizon(start: CalendarDate(year: 2026, month: 12, day: 7)!, days: 28)
    let shifts = "shift_id,start,minutes,not_followed_by\nE,07:00,480,\nN,23:00,480,E\n"
    let staff = "person_id,skills,max_shifts,max_minutes,min_minutes,max_consecutive,min_consecutive,min_days_off,max_weekends\nA,,N=4,,,5,2,2,2\n"
    let cover = "date,shift_id,skill,required,under_weight,over_weight\n2026-12-07,E,,1,10,1\n"

    func parse(shifts: String? = nil, staff: String? = nil, leave: String? = nil, requests: String? = nil, cover: String? = nil) throws -> RosterData {
        try RosterData.parse(shifts: CSVTable.parse(shifts ?? self.shifts, file: "shifts.csv"), staff: CSVTable.parse(staff ?? self.staff, file: "roster_staff.csv"),
                             leave: try leave.map { try CSVTable.parse($0, file: "leave.csv") },
                             requests: try requests.map { try CSVTable.parse($0, file: "requests.csv") },
                             cover: CSVTable.parse(cover ?? self.cover, file: "cover.csv"), horizon: horizon)
    }

    func message(_ body: () throws -> RosterData) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func readsGoodTables() throws {
        let data = try parse(leave: "person_id,date\nA,2026-12-08\n", requests: "person_id,date,shift_id,kind,weight\nA,2027-01-03,,off,2\n")
        #expect(data.shifts.map(\.id) == ["E", "N"])
        #expect(data.staff[0].maxShifts == ["N": 4])
        #expect(data.requests[0].date.weekday == 7)
        #expect(horizon.weekends == [[5, 6], [12, 13], [19, 20], [26, 27]])
    }

    @Test func dateOutsideTheHorizon() {
        #expect(message { try parse(leave: "person_id,date\nA,2027-01-04\n") }
                == "leave.csv:2:3: date 2027-01-04 is outside the roster's horizon, 2026-12-07 to 2027-01-03 (28 days)")
        #expect(message { try parse(cover: "date,shift_id,skill,required,under_weight,over_weight\n2026-13-01,E,,1,1,1\n") }
                == "cover.csv:2:1: date must be a date YYYY-MM-DD, found \"2026-13-01\"")
    }

    @Test func unknownShift() {
        #expect(message { try parse(requests: "person_id,date,shift_id,kind,weight\nA,2026-12-09,X,on,1\n") }
                == "requests.csv:2:14: shift_id 'X' is not in shifts.csv; expected one of E, N")
        #expect(message { try parse(shifts: "shift_id,start,minutes,not_followed_by\nE,07:00,480,Q\n") }
                == "shifts.csv:2:13: not_followed_by names shift 'Q', which is not in shifts.csv; expected shift ids separated by ;")
        #expect(message { try parse(staff: "person_id,max_shifts\nA,D=3\n") } == "roster_staff.csv:2:3: max_shifts 'D' is not in shifts.csv; expected one of E, N")
    }

    @Test func minConsecutiveAboveMax() {
        #expect(message { try parse(staff: "person_id,max_consecutive,min_consecutive\nA,3,4\n") }
                == "roster_staff.csv:2:5: min_consecutive (4) is above max_consecutive (3): no run of working days could meet both")
    }

    @Test func negativeWeights() {
        #expect(message { try parse(requests: "person_id,date,shift_id,kind,weight\nA,2026-12-09,,off,-1\n") }
                == "requests.csv:2:19: weight must be a weight of at least 0, found \"-1\"")
        #expect(message { try parse(cover: "date,shift_id,skill,required,under_weight,over_weight\n2026-12-07,E,,1,-5,1\n") }
                == "cover.csv:2:17: under_weight must be a weight of at least 0, found \"-5\"")
    }
}
