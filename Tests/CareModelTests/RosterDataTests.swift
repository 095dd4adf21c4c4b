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

    @Test func leaveAndRequestsOutsideTheHorizonAreIgnoredWithOneWarningPerFile() throws {
        // A year's leave list serves any four weeks.
        let data = try parse(leave: "person_id,date\nA,2026-01-05\nA,2026-12-08\nA,2027-01-04\nA,2027/6/30\n",
                             requests: "person_id,date,shift_id,kind,weight\nA,2026-12-06,E,on,1\nA,2026-12-09,,off,2\n")
        #expect(data.leave.map(\.date) == [CalendarDate(year: 2026, month: 12, day: 8)!])
        #expect(data.requests.map(\.date) == [CalendarDate(year: 2026, month: 12, day: 9)!])
        #expect(data.warnings == ["leave.csv: 3 rows outside the roster's horizon 2026-12-07 to 2027-01-03 were ignored",
                                  "requests.csv: 1 row outside the roster's horizon 2026-12-07 to 2027-01-03 was ignored"])
        // They are still read: a bad row outside the horizon is an error.
        #expect(message { try parse(leave: "person_id,date\nZ,2027-05-01\n") } == "leave.csv:2:1: person_id 'Z' is not in roster_staff.csv")
        #expect(message { try parse(requests: "person_id,date,shift_id,kind,weight\nA,2027-05-01,,maybe,2\n") }
                == "requests.csv:2:15: kind must be on or off, found \"maybe\"")
        #expect(message { try parse(leave: "person_id,date\nA,2027-02-30\n") }
                == "leave.csv:2:3: date \"2027-02-30\" is ambiguous or not a date; write YYYY-MM-DD, or YYYY/MM/DD")
    }

    @Test func coverOutsideTheHorizonIsStillAnError() {
        #expect(message { try parse(cover: "date,shift_id,skill,required,under_weight,over_weight\n2027-01-04,E,,1,1,1\n") }
                == "cover.csv:2:1: date 2027-01-04 is outside the roster's horizon, 2026-12-07 to 2027-01-03 (28 days)")
        #expect(message { try parse(cover: "date,shift_id,skill,required,under_weight,over_weight\n2026-13-01,E,,1,1,1\n") }
                == "cover.csv:2:1: date \"2026-13-01\" is ambiguous or not a date; write YYYY-MM-DD, or YYYY/MM/DD")
    }

    @Test(arguments: [("2026-12-19", 19), ("2026/12/19", 19), ("2026-12-9", 9), ("2026/12/9", 9), ("2026/12/09", 9), ("2026-12-09", 9)])
    func datesAsSpreadsheetsWriteThem(text: String, day: Int) throws {
        let date = CalendarDate(year: 2026, month: 12, day: day)!
        let data = try parse(leave: "person_id,date\nA,\(text)\n", requests: "person_id,date,shift_id,kind,weight\nA,\(text),,off,2\n",
                             cover: "date,shift_id,skill,required,under_weight,over_weight\n\(text),E,,1,10,1\n")
        #expect(data.leave.map(\.date) == [date])
        #expect(data.requests.map(\.date) == [date])
        #expect(data.cover.map(\.date) == [date])
        #expect(data.warnings.isEmpty)
        #expect(CalendarDate(table: "2026-1-5") == CalendarDate(year: 2026, month: 1, day: 5))
        #expect(CalendarDate(table: "2026/1/05") == CalendarDate(year: 2026, month: 1, day: 5))
    }

    @Test func ambiguousOrMalformedDates() {
        let header = "date,shift_id,skill,required,under_weight,over_weight\n"
        #expect(message { try parse(cover: header + "12/9/2026,E,,1,10,1\n") }
                == "cover.csv:2:1: date \"12/9/2026\" is ambiguous or not a date; write YYYY-MM-DD (2026-12-09 or 2026-09-12), or YYYY/MM/DD")
        #expect(message { try parse(cover: header + "9/12/2026,E,,1,10,1\n") }
                == "cover.csv:2:1: date \"9/12/2026\" is ambiguous or not a date; write YYYY-MM-DD (2026-12-09 or 2026-09-12), or YYYY/MM/DD")
        #expect(message { try parse(leave: "person_id,date\nA,19/12/2026\n") }
                == "leave.csv:2:3: date \"19/12/2026\" is ambiguous or not a date; write YYYY-MM-DD (2026-12-19), or YYYY/MM/DD")
        #expect(message { try parse(requests: "person_id,date,shift_id,kind,weight\nA,09-12-2026,,off,1\n") }
                == "requests.csv:2:3: date \"09-12-2026\" is ambiguous or not a date; write YYYY-MM-DD (2026-12-09 or 2026-09-12), or YYYY/MM/DD")
        #expect(message { try parse(leave: "person_id,date\nA,2026/12-09\n") }
                == "leave.csv:2:3: date \"2026/12-09\" is ambiguous or not a date; write YYYY-MM-DD, or YYYY/MM/DD")
        #expect(message { try parse(leave: "person_id,date\nA,\n") } == "leave.csv:2:3: date is empty; expected a date YYYY-MM-DD or YYYY/MM/DD")
        for text in ["2026-+1-05", "2026-12-009", "26-12-09", "2026--12-9", "2026/12/9/1", " 2026-12-09x"] { #expect(CalendarDate(table: text) == nil) }
        #expect(CalendarDate(iso: "2026-12-9") == nil)
        #expect(CalendarDate(iso: "2026-+1-05") == nil)
        #expect(CalendarDate(iso: "2026-12-09") == CalendarDate(year: 2026, month: 12, day: 9))
    }

    @Test func unknownShift() {
        #expect(message { try parse(requests: "person_id,date,shift_id,kind,weight\nA,2026-12-09,X,on,1\n") }
                == "requests.csv:2:14: shift_id 'X' is not in shifts.csv; expected one of E, N")
        #expect(message { try parse(shifts: "shift_id,start,minutes,not_followed_by\nE,07:00,480,Q\n") }
                == "shifts.csv:2:13: not_followed_by names shift 'Q', which is not in shifts.csv; expected shift ids separated by ;")
        #expect(message { try parse(staff: "person_id,max_shifts\nA,D=3\n") } == "roster_staff.csv:2:3: max_shifts 'D' is not in shifts.csv; expected one of E, N")
    }

    @Test func nobodyOnTheRoster() {
        // Found by the fuzzer: it used to reach the solver ("the model has no variables"), with no file named.
        #expect(message { try parse(staff: "person_id,skills\n") } == "roster_staff.csv:1: has nobody on it; expected at least one row (one per person)")
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
