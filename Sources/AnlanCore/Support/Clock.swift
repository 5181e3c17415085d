import Foundation

/// Where the current time and new identifiers come from; injected so tests are deterministic.
public struct Environment: Sendable {
    public var now: @Sendable () -> Date
    public var newID: @Sendable () -> UUID

    public init(now: @escaping @Sendable () -> Date, newID: @escaping @Sendable () -> UUID) {
        self.now = now
        self.newID = newID
    }

    /// The real clock and random UUIDs.
    public static let live = Environment(now: { Date() }, newID: { UUID() })
}

/// Times are stored as ISO 8601 text in UTC with milliseconds, so they sort as text on both engines.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// "2026-11-30T07:15:33.536Z": UTC, milliseconds. Written by hand (the format style is several times slower, and
    /// every row and every JSON body carries these); `TimestampTests` checks it against the format style.
    public static func string(_ date: Date) -> String {
        // 10 µs of slack: a whole millisecond such as .547 is often 546.99999… after the multiplication.
        let milliseconds = Int((date.timeIntervalSince1970 * 1000 + 0.01).rounded(.down))
        let (days, dayMilliseconds) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (dayNumber, msOfDay) = dayMilliseconds < 0 ? (days - 1, dayMilliseconds + 86_400_000) : (days, dayMilliseconds)
        let (year, month, day) = Day.civil(dayNumber)
        guard (0...9999).contains(year) else { return style.format(date) }
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, at offset: Int, width: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        bytes[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        bytes[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2)
        bytes[10] = UInt8(ascii: "T")
        put(msOfDay / 3_600_000, at: 11, width: 2)
        bytes[13] = UInt8(ascii: ":")
        put(msOfDay / 60_000 % 60, at: 14, width: 2)
        bytes[16] = UInt8(ascii: ":")
        put(msOfDay / 1000 % 60, at: 17, width: 2)
        bytes[19] = UInt8(ascii: ".")
        put(msOfDay % 1000, at: 20, width: 3)
        bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The moment of a stored timestamp; the stored form ("…T07:15:33.536Z", or without milliseconds) is read by hand,
    /// anything else by the ISO 8601 format style.
    public static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 || bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[bytes.count - 1] == UInt8(ascii: "Z"), bytes.count == 20 || bytes[19] == UInt8(ascii: ".")
        else { return try? style.parse(text) }
        func number(_ offset: Int, _ width: Int) -> Int? {
            var value = 0
            for byte in bytes[offset..<offset + width] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        // The stored shape with impossible numbers (February 30th, hour 24) is no moment.
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), let milliseconds = bytes.count == 24 ? number(20, 3) : 0,
            let calendarDay = Day(year: year, month: month, day: day), hour < 24, minute < 60, second < 60
        else { return nil }
        let total = (calendarDay.ordinal * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + milliseconds
        return Date(timeIntervalSince1970: Double(total) / 1000)
    }

    /// The Gregorian calendar in Asia/Shanghai: calendar days (expiry dates, deadlines) are China's days.
    public static let shanghai: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    /// The Shanghai calendar day of a moment, "2026-11-29" (`Day`'s text).
    public static func day(_ date: Date) -> String {
        Day(date).description
    }

    /// True when the text is a "yyyy-MM-dd" day that exists (years 1900–2200).
    public static func isDay(_ text: String) -> Bool {
        Day(text) != nil
    }

    /// The month after a "yyyy-MM" month: "2026-12" → "2027-01".
    public static func month(after month: String) -> String {
        let p = month.split(separator: "-").compactMap { Int($0) }
        guard p.count == 2 else { return month }
        return p[1] == 12 ? String(format: "%04d-01", p[0] + 1) : String(format: "%04d-%02d", p[0], p[1] + 1)
    }

    /// The last day of a "yyyy-MM" month: "2026-02" → "2026-02-28".
    public static func lastDay(ofMonth month: String) -> String {
        day(Self.month(after: month) + "-01", adding: -1) ?? month + "-28"
    }

    /// A "yyyy-MM-dd" day moved by a number of days; nil if the text is no day.
    public static func day(_ text: String, adding days: Int) -> String? {
        Day(text)?.adding(days: days).description
    }

    /// Shanghai wall-clock time for people: "2026-11-29 11:44:18".
    public static func display(_ date: Date) -> String {
        let c = shanghai.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { v.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }
}
