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

    /// True on a working day (`isWorkingDay(_: Day)`); text that is no day is no working day.
    public func isWorkingDay(_ day: String) -> Bool {
        Day(day).map(isWorkingDay) ?? false
    }

    /// The day `count` working days after `day` (the start day itself is not counted), as deadlines
    /// such as "publish within 20 working days" are reckoned.
    public func adding(workingDays count: Int, to day: String) -> String? {
        guard count >= 0, let start = Day(day) else { return nil }
        return start.adding(workingDays: count, on: self).description
    }

    /// Working days from `first` to `last`, both included.
    public func workingDays(from first: String, through last: String) -> [String] {
        guard let start = Day(first), let end = Day(last), start <= end else { return [] }
        return (0...start.days(until: end)).map { start.adding(days: $0) }.filter(isWorkingDay).map(\.description)
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
