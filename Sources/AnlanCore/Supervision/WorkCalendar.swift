import Foundation

/// China's working-day calendar: Monday to Friday, minus statutory holidays, plus the weekend days
/// declared make-up workdays (调休上班). Holidays and make-up days are data the bureau keeps (each
/// year's 国务院办公厅 notice), never code; `defaults` only seeds a new database.
public struct WorkCalendar: Sendable, Equatable {
    public struct Entry: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Codable, CaseIterable { case holiday, workday }
        /// yyyy-MM-dd.
        public let date: String
        public let kind: Kind
        /// 春节, 国庆节 …
        public let name: String

        public init(date: String, kind: Kind, name: String) {
            self.date = date
            self.kind = kind
            self.name = name
        }
    }

    public let holidays: [String: String]
    public let workdays: Set<String>

    public init(days: [Entry]) {
        var holidays: [String: String] = [:]
        var workdays = Set<String>()
        for day in days {
            switch day.kind {
            case .holiday: holidays[day.date] = day.name
            case .workday: workdays.insert(day.date)
            }
        }
        self.holidays = holidays
        self.workdays = workdays
    }

    /// True on a working day: a listed make-up workday, or a weekday that is no holiday.
    public func isWorkingDay(_ day: String) -> Bool {
        if workdays.contains(day) { return true }
        if holidays[day] != nil { return false }
        guard let date = Self.date(day) else { return false }
        let weekday = Timestamp.shanghai.component(.weekday, from: date)  // 1 Sunday … 7 Saturday
        return weekday != 1 && weekday != 7
    }

    /// The day `count` working days after `day` (the start day itself is not counted), as deadlines
    /// such as "publish within 20 working days" are reckoned.
    public func adding(workingDays count: Int, to day: String) -> String? {
        guard count >= 0, var current = Self.date(day) else { return nil }
        var remaining = count
        var guardDays = 0
        while remaining > 0 {
            guard let next = Timestamp.shanghai.date(byAdding: .day, value: 1, to: current) else { return nil }
            current = next
            if isWorkingDay(Timestamp.day(current)) { remaining -= 1 }
            guardDays += 1
            if guardDays > 3660 { return nil }
        }
        return Timestamp.day(current)
    }

    /// Working days from `first` to `last`, both included.
    public func workingDays(from first: String, through last: String) -> [String] {
        guard var current = Self.date(first), let end = Self.date(last), current <= end else { return [] }
        var days: [String] = []
        while current <= end {
            let day = Timestamp.day(current)
            if isWorkingDay(day) { days.append(day) }
            guard let next = Timestamp.shanghai.date(byAdding: .day, value: 1, to: current) else { break }
            current = next
        }
        return days
    }

    static func date(_ day: String) -> Date? {
        guard Timestamp.isDay(day) else { return nil }
        let parts = day.split(separator: "-").compactMap { Int($0) }
        return Timestamp.shanghai.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12))
    }

    /// Seed data: the 2025 and 2026 arrangements as published by 国务院办公厅 (国办发明电〔2024〕12号 of
    /// 2024-11-12 for 2025; the notice of 2025-11-04 for 2026). Checked day by day against both notices as
    /// Xinhua published them (gmw.cn) on 2026-11-29. Later years are entered by staff on the calendar page
    /// when each year's notice appears.
    public static let defaults: [Entry] = {
        func holidays(_ name: String, _ dates: [String]) -> [Entry] { dates.map { Entry(date: $0, kind: .holiday, name: name) } }
        func workdays(_ name: String, _ dates: [String]) -> [Entry] { dates.map { Entry(date: $0, kind: .workday, name: name + "调休上班") } }
        return holidays("元旦", ["2025-01-01"])
            + holidays(
                "春节", ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"])
            + workdays("春节", ["2025-01-26", "2025-02-08"])
            + holidays("清明节", ["2025-04-04", "2025-04-05", "2025-04-06"])
            + holidays("劳动节", ["2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05"]) + workdays("劳动节", ["2025-04-27"])
            + holidays("端午节", ["2025-05-31", "2025-06-01", "2025-06-02"])
            + holidays("国庆节、中秋节", (1...8).map { "2025-10-0\($0)" }) + workdays("国庆节", ["2025-09-28", "2025-10-11"])
            + holidays("元旦", ["2026-01-01", "2026-01-02", "2026-01-03"]) + workdays("元旦", ["2026-01-04"])
            + holidays("春节", (15...23).map { "2026-02-\($0)" }) + workdays("春节", ["2026-02-14", "2026-02-28"])
            + holidays("清明节", ["2026-04-04", "2026-04-05", "2026-04-06"])
            + holidays("劳动节", ["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"]) + workdays("劳动节", ["2026-05-09"])
            + holidays("端午节", ["2026-06-19", "2026-06-20", "2026-06-21"])
            + holidays("中秋节", ["2026-09-25", "2026-09-26", "2026-09-27"]) + workdays("国庆节", ["2026-09-20", "2026-10-10"])
            + holidays("国庆节", (1...7).map { "2026-10-0\($0)" })
    }()
}
