import Foundation

/// The year's work in figures (年度工作数据): what the bureau's annual summary quotes, taken from the records of each
/// module over one calendar year, never typed in. Each section is the figures of one list or statistics page, so a
/// reader can open the records behind every number.
public struct AnnualReport: Sendable, Equatable {
    public struct Figure: Sendable, Equatable {
        /// Stable within its section ("inspections", "deaths" …): what a client keys on.
        public let key: String
        public let label: String
        public let unit: String
        public let value: Double

        public init(_ key: String, _ label: String, _ value: Double, unit: String) {
            self.key = key
            self.label = label
            self.unit = unit
            self.value = value
        }

        public init(_ key: String, _ label: String, _ value: Int, unit: String) {
            self.init(key, label, Double(value), unit: unit)
        }

        /// Whole numbers without decimals, others to two places (amounts in 万元, areas in 公顷).
        public var text: String { Self.text(value) }

        public static func text(_ value: Double) -> String {
            if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
            var s = String(format: "%.2f", value)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s
        }
    }

    /// Where a section's figures come from: the web layer links each to its page.
    public enum Source: Sendable, Equatable {
        case supervision, accidents, disasters, publicity, drills, infoOfficers
        /// Hazards found on flood and forest-fire sites by their checks.
        case siteHazards
        /// One 冬春救助 programme (by its id).
        case relief(UUID)
    }

    public struct Section: Sendable, Equatable {
        public let source: Source
        public let title: String
        /// What the figures cover when it is not the year's records (a roster counted as it stands today).
        public let note: String?
        public let figures: [Figure]

        public init(_ source: Source, title: String, note: String? = nil, figures: [Figure]) {
            self.source = source
            self.title = title
            self.note = note
            self.figures = figures
        }

        public var key: String {
            switch source {
            case .supervision: "supervision"
            case .accidents: "accidents"
            case .disasters: "disasters"
            case .publicity: "publicity"
            case .drills: "drills"
            case .infoOfficers: "infoOfficers"
            case .siteHazards: "siteHazards"
            case .relief: "relief"
            }
        }
    }

    public let year: Int
    /// The period: the calendar year, cut at `to` (today) while the year is running.
    public let from: Day
    public let to: Day
    public let sections: [Section]

    public init(year: Int, from: Day, to: Day, sections: [Section]) {
        self.year = year
        self.from = from
        self.to = to
        self.sections = sections
    }

    /// The years a report may be asked for.
    public static let years = 2000...2100

    /// The period of `year` as seen on `today`: 1 January to 31 December, or to today while the year runs. Nil for a
    /// year that has not begun or is outside `years`.
    public static func period(of year: Int, today: Day) -> (from: Day, to: Day)? {
        guard years.contains(year), let from = Day(year: year, month: 1, day: 1), let end = Day(year: year, month: 12, day: 31),
            from <= today
        else { return nil }
        return (from, min(end, today))
    }

    public func figure(_ section: String, _ key: String) -> Figure? {
        sections.first { $0.key == section }?.figures.first { $0.key == key }
    }

    /// The printed form (A4 page and Word): one table per section, label and figure side by side, two pairs a row.
    public func layout(authority: String, printedOn: Day) -> DocumentLayout {
        var blocks: [DocumentBlock] = [
            .lines(["统计期间：\(from) 至 \(to)", "数据来源：安澜平台各业务台账（打印日 \(printedOn)）"])
        ]
        let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六"]
        for (index, section) in sections.enumerated() {
            let numeral = index < numerals.count ? numerals[index] : String(index + 1)
            blocks.append(.lines(["\(numeral)、\(section.title)" + (section.note.map { "（\($0)）" } ?? "")]))
            var rows: [[DocumentCell]] = []
            var pending: [DocumentCell] = []
            for figure in section.figures {
                pending += [.label("\(figure.label)（\(figure.unit)）"), DocumentCell(figure.text)]
                if pending.count == 4 {
                    rows.append(pending)
                    pending = []
                }
            }
            if !pending.isEmpty { rows.append(pending + [DocumentCell("", span: 2)]) }
            if !rows.isEmpty { blocks.append(.table(rows)) }
        }
        blocks.append(.footnote("各项数字均由平台记录汇总生成；如需核对，请在平台“年度工作数据”页面打开对应台账。"))
        return DocumentLayout(authority: authority, title: "\(year) 年度工作数据", number: "", blocks: blocks)
    }
}
