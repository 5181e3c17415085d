import AnlanCore
import Foundation
import Testing

@Suite("Day: a calendar day in Asia/Shanghai")
struct DayTests {
    /// The failable parser (a literal `Day("…")` would be the tests' literal conversion instead).
    func parse(_ text: String) -> Day? { Day(text) }

    @Test("parses only real yyyy-MM-dd days")
    func parsing() {
        #expect(parse("2026-11-30")?.description == "2026-11-30")
        #expect(parse("2024-02-29") != nil)
        for bad in [
            "2026-02-29", "2026-02-30", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00", "", "1899-12-31",
            "２０２６-01-01",
        ] {
            #expect(Day(bad) == nil, "\(bad)")
        }
    }

    @Test("compares and moves as days do, across months, leap years and years")
    func arithmetic() throws {
        let day = try #require(parse("2026-12-30"))
        #expect(day.adding(days: 3).description == "2027-01-02")
        #expect(try #require(parse("2024-02-28")).adding(days: 1).description == "2024-02-29")
        #expect(try #require(parse("2026-03-01")).adding(days: -1).description == "2026-02-28")
        let later = try #require(parse("2027-01-29"))
        #expect(day < day.adding(days: 1) && day.days(until: later) == 30)
        // 2026-11-30 is a Monday; 1970-01-01 was a Thursday.
        #expect(try #require(parse("2026-11-30")).isoWeekday == 1 && Day(ordinal: 0).isoWeekday == 4)
        // Every day of two centuries round-trips through its text.
        let first = try #require(parse("1950-01-01"))
        for offset in stride(from: 0, to: 73_000, by: 1) {
            let d = first.adding(days: offset)
            #expect(Day(d.description) == d)
        }
    }

    @Test("the Shanghai day of a moment: 16:00 UTC is already the next day")
    func shanghai() {
        let moment = Date(timeIntervalSince1970: 1_796_054_400)  // 2026-11-30T16:00:00Z
        #expect(Day(moment).description == "2026-12-01")
        #expect(Day(moment.addingTimeInterval(-1)).description == "2026-11-30")
    }

    @Test("working days skip weekends and holidays and count make-up workdays")
    func workingDays() throws {
        let calendar = WorkCalendar(days: [
            .init(date: "2026-10-01", kind: .holiday, name: "国庆节"), .init(date: "2026-10-02", kind: .holiday, name: "国庆节"),
            .init(date: "2026-10-10", kind: .workday, name: "国庆节调休上班"),
        ])
        let start = try #require(parse("2026-09-30"))  // Wednesday
        // 10-01, 10-02 holidays; 10-03/04 weekend; 10-05 … 10-09 five days; 10-10 (Saturday) a make-up workday.
        #expect(start.adding(workingDays: 6, on: calendar).description == "2026-10-10")
        #expect(start.adding(workingDays: 1, on: calendar).description == "2026-10-05")
        // Five weekdays a week without the calendar's entries: 2026 has 261 of them; the two holidays take two away, the
        // make-up Saturday gives one back.
        #expect(WorkCalendar(days: []).workingDays(from: "2026-01-01", through: "2026-12-31").count == 261)
        #expect(calendar.workingDays(from: "2026-01-01", through: "2026-12-31").count == 260)
    }

    @Test("encodes as \"yyyy-MM-dd\" in JSON and refuses anything else")
    func json() throws {
        struct Box: Codable, Equatable { let due: Day? }
        let data = try JSONEncoder().encode(Box(due: parse("2026-12-10")))
        #expect(String(decoding: data, as: UTF8.self) == #"{"due":"2026-12-10"}"#)
        #expect(try JSONDecoder().decode(Box.self, from: data) == Box(due: parse("2026-12-10")))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data(#"{"due":"2026-02-30"}"#.utf8)) }
    }
}
