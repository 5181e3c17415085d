import Foundation

/// A calendar day in China (Asia/Shanghai): deadlines, found-on and closed-on days, expiry dates.
///
/// Compares as days do, moves by calendar or working days, encodes as "yyyy-MM-dd" in JSON and binds to SQL as
/// that text, so rows written before it existed read back unchanged. Not for moments in time: those are `Date`,
/// stored in UTC and shown in Shanghai time.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// Days since 1970-01-01: arithmetic and comparison are integer operations.
    public let ordinal: Int

    /// The years a day may have: anything outside is a typing error, not a deadline.
    public static let years = 1900...2200

    public init(ordinal: Int) {
        self.ordinal = ordinal
    }

    /// A "yyyy-MM-dd" day that exists, or nil ("2026-02-30", "2026-2-3" and "26-02-03" are no days).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day of a year, month and day of month, or nil if there is no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.years.contains(year), (1...12).contains(month), (1...Self.length(ofMonth: month, in: year)).contains(day) else {
            return nil
        }
        self.ordinal = Self.ordinal(year: year, month: month, day: day)
    }

    /// The Shanghai calendar day of a moment.
    public init(_ date: Date) {
        let c = Timestamp.shanghai.dateComponents([.year, .month, .day], from: date)
        self.ordinal = Self.ordinal(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }

    public var year: Int { Self.civil(ordinal).year }
    public var month: Int { Self.civil(ordinal).month }
    public var dayOfMonth: Int { Self.civil(ordinal).day }

    /// "2026-11-30".
    public var description: String {
        let (y, m, d) = Self.civil(ordinal)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    /// 1 Monday … 7 Sunday (ISO 8601).
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        ((ordinal % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// The day `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Calendar days from this day to `other` (negative when `other` is earlier).
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    /// The day `count` working days after this one on the bureau's calendar (this day itself not counted), as
    /// deadlines such as "publish within 20 working days" are reckoned.
    public func adding(workingDays count: Int, on calendar: WorkCalendar) -> Day {
        var current = self
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            if calendar.isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not a yyyy-MM-dd day")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // Days from civil and back: Howard Hinnant's algorithms, exact for the proleptic Gregorian calendar.
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    static func civil(_ ordinal: Int) -> (year: Int, month: Int, day: Int) {
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func length(ofMonth month: Int, in year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension WorkCalendar {
    /// True on a working day: a listed make-up workday, or a weekday that is no holiday.
    public func isWorkingDay(_ day: Day) -> Bool {
        let text = day.description
        if workdays.contains(text) { return true }
        if holidays[text] != nil { return false }
        return day.isoWeekday <= 5
    }
}
