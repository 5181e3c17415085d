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

    public static func string(_ date: Date) -> String {
        style.format(date)
    }

    public static func date(_ text: String) -> Date? {
        try? style.parse(text)
    }

    /// The Gregorian calendar in Asia/Shanghai: calendar days (expiry dates, deadlines) are China's days.
    public static let shanghai: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    /// The Shanghai calendar day of a moment, "2026-11-29".
    public static func day(_ date: Date) -> String {
        let c = shanghai.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// True when the text is a "yyyy-MM-dd" day that exists (years 1900–2200).
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1900...2200).contains(y), (1...12).contains(m), (1...31).contains(d),
            let date = shanghai.date(from: DateComponents(year: y, month: m, day: d))
        else { return false }
        return shanghai.component(.day, from: date) == d
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
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = shanghai.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let later = shanghai.date(byAdding: .day, value: days, to: date)
        else { return nil }
        return day(later)
    }

    /// Shanghai wall-clock time for people: "2026-11-29 11:44:18".
    public static func display(_ date: Date) -> String {
        let c = shanghai.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { v.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }
}
