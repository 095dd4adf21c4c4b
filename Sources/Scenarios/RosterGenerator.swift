import CareModel
import Planning

/// Made-up, realistic tables for the district centre's 365×24 hotline (and, optionally, its
/// weekend face-to-face sessions): three eight-hour shifts a day (early 07:00, late 15:00,
/// night 23:00; no early or late straight after a night, no early after a late), a senior
/// counsellor on every night, the same cover every day (so weekends go short), about seven in ten
/// full-time counsellors (16-20 shifts in four weeks, at most 6 nights, 5 days in a row, half
/// the weekends) and part-timers (6-10 shifts), runs of at least 2 working days and 2 days off,
/// a few days of leave and weighted requests to work or be off. Deterministic per seed.
public struct RosterGenerator: Sendable {
    public let staff: Int
    public let horizon: RosterHorizon
    public let seed: UInt64
    /// Adds a weekend face-to-face session shift (09:00, 8 hours) with its own skill.
    public let sessions: Bool

    public init(staff: Int, horizon: RosterHorizon, seed: UInt64, sessions: Bool = false) {
        (self.staff, self.horizon, self.seed, self.sessions) = (staff, horizon, seed, sessions)
    }

    /// The default horizon: four weeks from Monday 2026-12-07.
    public static let defaultHorizon = RosterHorizon(start: CalendarDate(year: 2026, month: 12, day: 7)!, days: 28)

    /// Hotline staff per district preset.
    public static func staff(for preset: DistrictPreset) -> Int {
        switch preset { case .tiny: 6; case .oneschool, .surveySchool: 8; case .zhoujiadu: 12; case .changning: 20; case .pudong: 50 }
    }

    public func generate() -> RosterData {
        var rng = SeededRandom(seed: seed &* 0x5851_F42D_4C95_7F2D &+ 17)
        var shifts = [
            ShiftType(id: "E", start: 7 * 60, minutes: 480),
            ShiftType(id: "L", start: 15 * 60, minutes: 480, notFollowedBy: ["E"]),
            ShiftType(id: "N", start: 23 * 60, minutes: 480, notFollowedBy: ["E", "L"]),
        ]
        if sessions { shifts.append(ShiftType(id: "W", start: 9 * 60, minutes: 480, notFollowedBy: [])) }
        let D = horizon.days
        let scale = Double(D) / 28
        let weekends = horizon.weekends.count
        var people = [RosterPerson]()
        var fullTime = 0
        for k in 0..<staff {
            let full = rng.chance(0.7) || k == 0
            if full { fullTime += 1 }
            var skills = [String]()
            if k % 3 == 0 || rng.chance(0.1) { skills.append("senior") }
            if sessions && (k % 4 == 1 || rng.chance(0.15)) { skills.append("face_to_face") }
            let maxShifts = Int((Double(full ? 20 : 10) * scale).rounded())
            let minShifts = Int((Double(full ? 16 : 6) * scale).rounded())
            var limits = ["N": Int((Double(full ? 6 : 3) * scale).rounded())]
            if sessions { limits["W"] = skills.contains("face_to_face") ? Int((2 * scale).rounded(.up)) : 0 }
            people.append(RosterPerson(
                id: String(format: "C%03d", k + 1), skills: skills.sorted(), maxShifts: limits,
                maxMinutes: maxShifts * 480, minMinutes: minShifts * 480, maxConsecutive: full ? 5 : 4, minConsecutive: 2, minDaysOff: 2,
                maxWeekends: max(1, (weekends + 1) / 2)))
        }
        // Leave: a day or two in four weeks, and on long horizons a block of holiday.
        var leave = [(personID: String, date: CalendarDate)]()
        var onLeave = Set<String>()
        for person in people {
            var days = Set<Int>()
            for _ in 0..<rng.int(0...Int((2 * scale).rounded(.up))) { days.insert(rng.int(0...(D - 1))) }
            if D >= 90 {
                for _ in 0..<Int(scale / 4) {
                    let first = rng.int(0...(D - 10))
                    for d in first..<first + rng.int(5...9) { days.insert(d) }
                }
            }
            for d in days.sorted() {
                leave.append((person.id, horizon.date(d)))
                onLeave.insert("\(person.id) \(d)")
            }
        }
        // Requests: a few per person and four weeks, mostly to be off.
        var requests = [ShiftRequest]()
        for person in people {
            var used = Set<Int>()
            for _ in 0..<Int((Double(rng.int(2...5)) * scale).rounded()) {
                let d = rng.int(0...(D - 1))
                guard !used.contains(d), !onLeave.contains("\(person.id) \(d)") else { continue }
                used.insert(d)
                if rng.chance(0.7) {
                    requests.append(ShiftRequest(personID: person.id, date: horizon.date(d), shiftID: rng.chance(0.5) ? nil : shifts[rng.int(0...2)].id,
                                                 kind: .off, weight: Double(rng.int(1...3))))
                } else {
                    requests.append(ShiftRequest(personID: person.id, date: horizon.date(d), shiftID: shifts[rng.int(0...1)].id,
                                                 kind: .on, weight: Double(rng.int(1...2))))
                }
            }
        }
        // Cover: the same every day of the week (calls do not stop at weekends), about what the
        // staff can give on weekdays and more than they can at weekends (each works at most half
        // the weekends), so weekend shifts go short. Weights as in Curtois and Qu's shift
        // scheduling benchmark, whose tables these mirror: 100 per person missing, 1 per extra.
        var cover = [CoverRequirement]()
        let s = Double(staff)
        let early = max(1, Int((s * 0.2).rounded())), late = max(1, Int((s * 0.25).rounded())), night = max(1, Int((s * 0.15).rounded()))
        for d in 0..<D {
            let date = horizon.date(d)
            for (id, required) in [("E", early), ("L", late), ("N", night)] {
                cover.append(CoverRequirement(date: date, shiftID: id, skill: nil, required: required, underWeight: 100, overWeight: 1))
            }
            cover.append(CoverRequirement(date: date, shiftID: "N", skill: "senior", required: 1, underWeight: 100, overWeight: 0))
            if sessions && date.isWeekend {
                cover.append(CoverRequirement(date: date, shiftID: "W", skill: "face_to_face", required: max(1, staff / 10),
                                              underWeight: 100, overWeight: 1))
            }
        }
        return RosterData(horizon: horizon, shifts: shifts, staff: people, leave: leave, requests: requests, cover: cover)
    }
}

extension RosterData {
    /// The tables as CSV text, by file name.
    public func csvFiles() -> [(name: String, text: String)] {
        var s = CSVWriter(header: ["shift_id", "start", "minutes", "not_followed_by"])
        for shift in shifts { s.append([shift.id, shift.startText, String(shift.minutes), shift.notFollowedBy.joined(separator: ";")]) }
        var p = CSVWriter(header: ["person_id", "skills", "max_shifts", "max_minutes", "min_minutes", "max_consecutive", "min_consecutive",
                                   "min_days_off", "max_weekends"])
        for person in staff {
            p.append([person.id, person.skills.joined(separator: ";"),
                      person.maxShifts.keys.sorted().map { "\($0)=\(person.maxShifts[$0]!)" }.joined(separator: ";"),
                      person.maxMinutes.map(String.init) ?? "", String(person.minMinutes), person.maxConsecutive.map(String.init) ?? "",
                      String(person.minConsecutive), String(person.minDaysOff), person.maxWeekends.map(String.init) ?? ""])
        }
        var l = CSVWriter(header: ["person_id", "date"])
        for entry in leave { l.append([entry.personID, entry.date.description]) }
        var r = CSVWriter(header: ["person_id", "date", "shift_id", "kind", "weight"])
        for q in requests { r.append([q.personID, q.date.description, q.shiftID ?? "", q.kind.rawValue, CSVWriter.number(q.weight)]) }
        var c = CSVWriter(header: ["date", "shift_id", "skill", "required", "under_weight", "over_weight"])
        for line in cover {
            c.append([line.date.description, line.shiftID, line.skill ?? "", String(line.required), CSVWriter.number(line.underWeight),
                      CSVWriter.number(line.overWeight)])
        }
        return [("shifts.csv", s.text), ("roster_staff.csv", p.text), ("leave.csv", l.text), ("requests.csv", r.text), ("cover.csv", c.text)]
    }
}
