import Foundation

/// Beijing wall-clock minutes, the way people enter a time ("2026-11-30T02:05" from a datetime-local field), and the
/// way pages show one. China keeps one offset (UTC+8) and no summer time, so the conversion is arithmetic.
public enum Moment {
    static let offsetSeconds = 8 * 3600

    /// The moment of "yyyy-MM-ddTHH:mm" in Beijing time, or of a full ISO 8601 time with its zone (what an API client sends).
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "T", omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].count == 5, let day = Day(String(parts[0])) {
            let hm = parts[1].split(separator: ":").map { Int($0) }
            guard hm.count == 2, let h = hm[0], let m = hm[1], (0...23).contains(h), (0...59).contains(m) else { return nil }
            return at(day, minute: h * 60 + m)
        }
        guard trimmed.count >= 20, trimmed.hasSuffix("Z") || trimmed.dropLast(6).count >= 19 else { return nil }
        return Timestamp.date(trimmed) ?? (try? Date.ISO8601FormatStyle().parse(trimmed))
    }

    /// The moment `minute` minutes after midnight of `day` in Beijing (past 1,440 it runs into the next days).
    public static func at(_ day: Day, minute: Int) -> Date {
        Date(timeIntervalSince1970: Double(day.ordinal * 86_400 + minute * 60 - offsetSeconds))
    }

    /// "2026-11-30T02:05": the value a datetime-local field shows for a moment.
    public static func field(_ date: Date) -> String {
        String(Timestamp.display(date).prefix(16)).replacingOccurrences(of: " ", with: "T")
    }

    /// "2026-11-30 02:05": minutes, for lists and timelines.
    public static func minutes(_ date: Date) -> String {
        String(Timestamp.display(date).prefix(16))
    }

    /// A length of time as people say it, with a leading space: " 25 分钟", " 3 小时 10 分钟", " 1 天 9 小时".
    public static func span(_ seconds: TimeInterval) -> String {
        let minutes = max(0, Int(seconds / 60))
        if minutes < 60 { return " \(minutes) 分钟" }
        let hours = minutes / 60
        if hours < 24 { return " \(hours) 小时" + (minutes % 60 == 0 ? "" : " \(minutes % 60) 分钟") }
        return " \(hours / 24) 天" + (hours % 24 == 0 ? "" : " \(hours % 24) 小时")
    }

    /// "2026年11月30日2时5分", as printed documents write a time.
    public static func chinese(_ date: Date) -> String {
        let d = Day(date)
        let seconds = Int((date.timeIntervalSince1970 + Double(offsetSeconds)).rounded(.down))
        let minuteOfDay = ((seconds % 86_400) + 86_400) % 86_400 / 60
        let (h, m) = minuteOfDay.quotientAndRemainder(dividingBy: 60)
        return "\(d.year)年\(d.month)月\(d.dayOfMonth)日\(h)时\(m)分"
    }
}

extension CommandInput {
    /// A time: "yyyy-MM-ddTHH:mm" in Beijing time (a form's datetime-local) or ISO 8601 with a zone; anything else is
    /// `<context>.<stem>_invalid`.
    public func moment(_ field: InputField) throws -> Date? {
        guard let text = try text(field) else { return nil }
        guard let date = Moment.parse(text) else {
            throw AnlanError.invalid(
                "\(field.context).\(field.codeStem)_invalid", "\(field.label)须为日期和时间，如 2026-11-30T02:05。", field: field.name)
        }
        return date
    }
}
