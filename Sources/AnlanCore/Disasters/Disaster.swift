import Foundation

/// The kinds of natural disaster the 自然灾害情况统计调查制度 counts (RULES §2): the county names the kind of each
/// disaster process (一次灾害过程) it reports.
public enum DisasterType: String, Sendable, Codable, CaseIterable {
    case drought, flood, typhoon, windHail, lowTemperature, snow, sandstorm, earthquake, geological, marine, biological, forestFire

    public var label: String {
        switch self {
        case .drought: "干旱"
        case .flood: "洪涝"
        case .typhoon: "台风"
        case .windHail: "风雹"
        case .lowTemperature: "低温冷冻"
        case .snow: "雪灾"
        case .sandstorm: "沙尘暴"
        case .earthquake: "地震"
        case .geological: "地质灾害（崩塌、滑坡、泥石流）"
        case .marine: "海洋灾害"
        case .biological: "生物灾害"
        case .forestFire: "森林草原火灾"
        }
    }
}

/// A disaster process at the bureau: 续报 go out while it lasts (应急响应/灾情发展中); once it has stabilised the 核报
/// is owed; the 核报 closes it.
public enum DisasterEventState: String, Sendable, Codable, CaseIterable {
    case responding, stabilised, closed

    public var label: String {
        switch self {
        case .responding: "灾情发展中（续报）"
        case .stabilised: "灾情稳定（待核报）"
        case .closed: "已核报"
        }
    }
}

/// 初报, 续报, 核报: each disaster process has one 初报, any number of 续报 and one 核报 (RULES §2, verified).
public enum DisasterStage: String, Sendable, Codable, CaseIterable {
    case initial, progress, final

    public var label: String {
        switch self {
        case .initial: "初报"
        case .progress: "续报"
        case .final: "核报"
        }
    }
}

/// One indicator of the 快报 tables (RULES §2): its name in the API, its label and unit in the tables, and whether it is
/// a count of people, rooms or households (whole numbers) or an area or a sum of money (two decimals).
public enum DisasterIndicator: String, Sendable, CaseIterable {
    case affected, deaths, missing, relocated, needAid
    case collapsedRooms, collapsedHouseholds, severeRooms, severeHouseholds, generalRooms, generalHouseholds
    case cropAffected, cropFailed
    case lossHousing, lossAgriculture, lossIndustry, lossInfrastructure, lossPublic, lossOther

    public var label: String {
        switch self {
        case .affected: "受灾人口"
        case .deaths: "因灾死亡人口"
        case .missing: "因灾失踪人口"
        case .relocated: "紧急转移安置人口"
        case .needAid: "需紧急生活救助人口"
        case .collapsedRooms: "倒塌房屋"
        case .collapsedHouseholds: "倒塌房屋户数"
        case .severeRooms: "严重损坏房屋"
        case .severeHouseholds: "严重损坏房屋户数"
        case .generalRooms: "一般损坏房屋"
        case .generalHouseholds: "一般损坏房屋户数"
        case .cropAffected: "农作物受灾面积"
        case .cropFailed: "农作物绝收面积"
        case .lossHousing: "直接经济损失：住房及居民家庭财产"
        case .lossAgriculture: "直接经济损失：农林牧渔业"
        case .lossIndustry: "直接经济损失：工矿商贸业"
        case .lossInfrastructure: "直接经济损失：基础设施"
        case .lossPublic: "直接经济损失：公共服务"
        case .lossOther: "直接经济损失：其他"
        }
    }

    /// The label a narrow table column can take.
    public var shortLabel: String {
        switch self {
        case .lossHousing: "住房及家庭财产损失"
        case .lossAgriculture: "农林牧渔业损失"
        case .lossIndustry: "工矿商贸业损失"
        case .lossInfrastructure: "基础设施损失"
        case .lossPublic: "公共服务损失"
        case .lossOther: "其他损失"
        default: label
        }
    }

    public var unit: String {
        switch self {
        case .affected, .deaths, .missing, .relocated, .needAid: "人"
        case .collapsedRooms, .severeRooms, .generalRooms: "间"
        case .collapsedHouseholds, .severeHouseholds, .generalHouseholds: "户"
        case .cropAffected, .cropFailed: "公顷"
        default: "万元"
        }
    }

    public var isWhole: Bool { unit == "人" || unit == "间" || unit == "户" }

    /// The stored column.
    public var column: String { InputField.snakeCase(rawValue) }

    /// The largest value accepted: a county's figures never come near these; a typing slip (an extra digit) does.
    public var maximum: Double { isWhole ? 10_000_000 : 100_000_000 }

    public var field: InputField {
        InputField(
            rawValue, label: label, context: "disaster", codeStem: "figure",
            invalidMessage: isWhole ? "\(label)须为不小于 0 的整数（\(unit)）。" : "\(label)须为不小于 0 的数（\(unit)，最多两位小数）。")
    }
}

/// The figures of a division for a disaster process, always cumulative from its start (累计值): what the village or
/// township knows now, not what changed since the last report.
public struct DisasterFigures: Sendable, Codable, Equatable {
    public private(set) var values: [String: Double]

    public init(_ values: [DisasterIndicator: Double] = [:]) {
        self.values = [:]
        for (k, v) in values { self[k] = v }
    }

    public static let zero = DisasterFigures()

    public subscript(_ indicator: DisasterIndicator) -> Double {
        get { values[indicator.rawValue] ?? 0 }
        set { values[indicator.rawValue] = indicator.isWhole ? newValue.rounded() : (newValue * 100).rounded() / 100 }
    }

    public func count(_ indicator: DisasterIndicator) -> Int { Int(self[indicator]) }

    /// 直接经济损失 in total: the sum of its six parts (never entered apart from them).
    public var lossTotal: Double {
        ((Self.lossParts.reduce(0) { $0 + self[$1] }) * 100).rounded() / 100
    }

    public static let lossParts: [DisasterIndicator] = [
        .lossHousing, .lossAgriculture, .lossIndustry, .lossInfrastructure, .lossPublic, .lossOther,
    ]

    public static func + (lhs: DisasterFigures, rhs: DisasterFigures) -> DisasterFigures {
        var out = lhs
        for i in DisasterIndicator.allCases { out[i] = lhs[i] + rhs[i] }
        return out
    }

    public static func == (lhs: DisasterFigures, rhs: DisasterFigures) -> Bool {
        DisasterIndicator.allCases.allSatisfy { abs(lhs[$0] - rhs[$0]) < 0.005 }
    }

    public var isZero: Bool { self == .zero }

    /// The indicators that are lower here than in `earlier`: cumulative figures may fall only as a stated correction.
    public func fallen(from earlier: DisasterFigures) -> [DisasterIndicator] {
        DisasterIndicator.allCases.filter { self[$0] < earlier[$0] - 0.005 }
    }

    /// A number as the tables print it: whole numbers plain, areas and money with up to two decimals.
    public static func text(_ value: Double, _ indicator: DisasterIndicator) -> String {
        indicator.isWhole ? String(Int(value)) : AccidentGrade.wan(value)
    }

    public func text(_ indicator: DisasterIndicator) -> String { Self.text(self[indicator], indicator) }

    /// A line people read: the people, the houses and the loss.
    public var summary: String {
        "受灾 \(count(.affected)) 人，死亡 \(count(.deaths)) 人，失踪 \(count(.missing)) 人，紧急转移安置 \(count(.relocated)) 人；"
            + "倒塌 \(count(.collapsedRooms)) 间、严重损坏 \(count(.severeRooms)) 间、一般损坏 \(count(.generalRooms)) 间；"
            + "农作物受灾 \(text(.cropAffected)) 公顷；直接经济损失 \(AccidentGrade.wan(lossTotal)) 万元"
    }

    /// Figures from a form or body; an indicator not given is 0 (a village with no damage of a kind leaves it empty).
    public static func parse(_ input: some CommandInput) throws -> DisasterFigures {
        var out = DisasterFigures()
        for indicator in DisasterIndicator.allCases {
            let field = indicator.field
            let value: Double
            if indicator.isWhole {
                value = Double(try input.integer(field) ?? 0)
            } else {
                value = try input.decimal(field) ?? 0
            }
            guard value >= 0, value <= indicator.maximum else { throw field.invalid }
            out[indicator] = value
        }
        return out
    }

    /// The logic checks a report must pass before it is accepted (RULES §2 and the 制度's table notes): the dead and
    /// missing, those relocated and those needing aid are among the affected; a damaged household has at least one
    /// damaged room; failed crops are part of the affected area. The first check that fails is thrown, naming it.
    public func check() throws {
        if self[.deaths] + self[.missing] > self[.affected] {
            throw AnlanError.invalid(
                "disaster.casualties_exceed_affected",
                "因灾死亡（\(count(.deaths))）和失踪（\(count(.missing))）人口之和不能超过受灾人口（\(count(.affected))）。", field: "affected")
        }
        for (part, name) in [(DisasterIndicator.relocated, "relocated"), (.needAid, "needAid")] where self[part] > self[.affected] {
            throw AnlanError.invalid(
                "disaster.\(InputField.snakeCase(name))_exceeds_affected", "\(part.label)（\(count(part))）不能超过受灾人口（\(count(.affected))）。",
                field: name)
        }
        for (rooms, households) in [
            (DisasterIndicator.collapsedRooms, DisasterIndicator.collapsedHouseholds), (.severeRooms, .severeHouseholds),
            (.generalRooms, .generalHouseholds),
        ] where self[households] > self[rooms] {
            throw AnlanError.invalid(
                "disaster.households_exceed_rooms", "\(households.label)（\(count(households)) 户）不能超过\(rooms.label)间数（\(count(rooms)) 间）。",
                field: households.rawValue)
        }
        if self[.cropFailed] > self[.cropAffected] {
            throw AnlanError.invalid(
                "disaster.crop_failed_exceeds_affected", "农作物绝收面积（\(text(.cropFailed)) 公顷）不能超过受灾面积（\(text(.cropAffected)) 公顷）。",
                field: "cropFailed")
        }
    }

    /// Refuses figures lower than `earlier` unless a correction reason is given (累计值不得减少，除非说明更正原因).
    public func checkCumulative(from earlier: DisasterFigures?, correctionReason: String?) throws {
        guard let earlier, correctionReason == nil else { return }
        let fallen = fallen(from: earlier)
        guard let first = fallen.first else { return }
        throw AnlanError(
            .unprocessable, code: "disaster.figures_fell",
            message: "累计数不能比上次减少：\(fallen.map { "\($0.label) \(earlier.text($0)) → \(text($0))" }.joined(separator: "；"))。确属更正的，请填写更正原因。",
            details: ["field": first.rawValue, "fallen": fallen.map(\.rawValue).joined(separator: ",")])
    }
}

/// The reporting limits that are settings (RULES §2): 初报 within 2 hours is verified and fixed; the others come from
/// older or local texts, or were not found, so the bureau may change them.
public struct DisasterReportSettings: Sendable, Codable, Equatable {
    /// 续报: counties report by this hour (Beijing) each day while the disaster lasts, with data as of the previous 24:00.
    public var progressHour: Int
    /// 干旱: 续报 every this many days instead of daily.
    public var droughtProgressDays: Int
    /// 核报: within this many working days after the situation stabilised.
    public var finalWorkingDays: Int

    public init(progressHour: Int = 9, droughtProgressDays: Int = 10, finalWorkingDays: Int = 2) {
        self.progressHour = progressHour
        self.droughtProgressDays = droughtProgressDays
        self.finalWorkingDays = finalWorkingDays
    }

    public static let standard = DisasterReportSettings()
    /// 初报: 灾害发生后 2 小时内 (RULES §2, verified against the 2019 revision draft of the 制度).
    public static let initialHours = 2.0
    public static let source =
        "初报 2 小时内为《自然灾害情况统计调查制度》的规定。续报每日 9 时前报送截至前日 24 时的灾情、干旱每 10 日续报、核报于灾情稳定后 2 个工作日内，为本局按民政部时期制度和地方预案作出的设置，可在设置中调整。"
}

/// A disaster process (一次灾害过程) the county reports on.
public struct DisasterEvent: Sendable, Codable, Equatable {
    public let id: UUID
    /// "ZH2026-003": the year and its running number.
    public let number: String
    public var type: DisasterType
    public var name: String
    public var startedAt: Date
    /// When the bureau learned of it: the 初报's 2 hours run from here.
    public var learnedAt: Date
    /// The affected townships (the statistical unit is the 乡镇): their codes, in order.
    public var townships: [String]
    public var description: String
    public var state: DisasterEventState
    public var stabilisedAt: Date?
    public var closedAt: Date?
    public let createdBy: String
    public let createdAt: Date

    public init(
        id: UUID, number: String, type: DisasterType, name: String, startedAt: Date, learnedAt: Date, townships: [String],
        description: String, state: DisasterEventState, stabilisedAt: Date? = nil, closedAt: Date? = nil, createdBy: String,
        createdAt: Date
    ) {
        self.id = id
        self.number = number
        self.type = type
        self.name = name
        self.startedAt = startedAt
        self.learnedAt = learnedAt
        self.townships = townships
        self.description = description
        self.state = state
        self.stabilisedAt = stabilisedAt
        self.closedAt = closedAt
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public var initialDue: Date { learnedAt.addingTimeInterval(DisasterReportSettings.initialHours * 3600) }

    /// The township a division lies in, when it is one of the affected ones.
    public func township(of code: DivisionCode) -> String? {
        let township = code.level == .village ? code.parent?.rawValue : code.rawValue
        return township.flatMap { townships.contains($0) ? $0 : nil }
    }
}

/// What the county opens when a disaster strikes.
public struct DisasterEventDraft: Sendable, Equatable {
    public enum Field {
        public static let type = InputField("type", label: "灾种", context: "disaster")
        public static let name = InputField("name", label: "灾害过程名称", context: "disaster", maxLength: 60)
        public static let startedAt = InputField("startedAt", label: "灾害发生时间", context: "disaster")
        public static let learnedAt = InputField("learnedAt", label: "接报时间", context: "disaster")
        public static let townships = InputField(
            "townships", label: "受灾乡镇", context: "disaster", invalidMessage: "受灾乡镇须为本县乡镇（街道）的 12 位区划代码。")
        public static let description = InputField("description", label: "灾情简况", context: "disaster", maxLength: 2000)
    }

    public var type: DisasterType
    public var name: String
    public var startedAt: Date
    public var learnedAt: Date
    public var townships: [DivisionCode]
    public var description: String

    public init(
        type: DisasterType, name: String, startedAt: Date, learnedAt: Date, townships: [DivisionCode], description: String = ""
    ) {
        self.type = type
        self.name = name
        self.startedAt = startedAt
        self.learnedAt = learnedAt
        self.townships = townships
        self.description = description
    }

    public static func parse(_ input: some CommandInput, now: Date) throws -> DisasterEventDraft {
        typealias F = Field
        guard let type = DisasterType(rawValue: try input.requiredText(F.type)) else { throw F.type.invalid }
        guard let started = try input.moment(F.startedAt) else { throw F.startedAt.missing }
        let learned = try input.moment(F.learnedAt) ?? now
        guard started <= now.addingTimeInterval(600), started >= now.addingTimeInterval(-366 * 86_400) else {
            throw AnlanError.invalid("disaster.started_at_invalid", "灾害发生时间不能晚于现在，也不能早于一年前。", field: F.startedAt.name)
        }
        guard learned >= started, learned <= now.addingTimeInterval(600) else {
            throw AnlanError.invalid("disaster.learned_at_invalid", "接报时间须在发生时间之后、不晚于现在。", field: F.learnedAt.name)
        }
        var townships: [DivisionCode] = []
        for text in try input.texts(F.townships) where !text.isEmpty {
            guard let code = try? DivisionCode(text), code.level == .township else { throw F.townships.invalid }
            if !townships.contains(code) { townships.append(code) }
        }
        guard !townships.isEmpty else { throw F.townships.missing }
        guard townships.count <= 100 else { throw F.townships.invalid }
        return DisasterEventDraft(
            type: type, name: try input.requiredText(F.name), startedAt: started, learnedAt: learned, townships: townships.sorted(),
            description: try input.text(F.description) ?? "")
    }
}

/// A village's or township's figures as entered, and what the township made of them.
public enum DisasterEntryStatus: String, Sendable, Codable, CaseIterable {
    /// Sent by the village, awaiting the township.
    case submitted
    /// Accepted by the township: these are the division's figures now.
    case accepted
    /// Sent back with a note; the village enters them again.
    case returned
    /// Replaced by a later entry of the same division before the township looked at it.
    case superseded

    public var label: String {
        switch self {
        case .submitted: "待乡镇审核"
        case .accepted: "乡镇已审核"
        case .returned: "已退回"
        case .superseded: "已被新填报替代"
        }
    }
}

public struct DisasterEntry: Sendable, Codable, Equatable {
    public let id: UUID
    public let eventID: UUID
    public let divisionCode: String
    public let stage: DisasterStage
    public let figures: DisasterFigures
    public let correctionReason: String?
    public let note: String?
    public var status: DisasterEntryStatus
    public let enteredBy: String
    public let enteredAt: Date
    public var reviewedBy: String?
    public var reviewedAt: Date?
    public var reviewNote: String?

    public init(
        id: UUID, eventID: UUID, divisionCode: String, stage: DisasterStage, figures: DisasterFigures, correctionReason: String?,
        note: String?, status: DisasterEntryStatus, enteredBy: String, enteredAt: Date, reviewedBy: String? = nil,
        reviewedAt: Date? = nil, reviewNote: String? = nil
    ) {
        self.id = id
        self.eventID = eventID
        self.divisionCode = divisionCode
        self.stage = stage
        self.figures = figures
        self.correctionReason = correctionReason
        self.note = note
        self.status = status
        self.enteredBy = enteredBy
        self.enteredAt = enteredAt
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.reviewNote = reviewNote
    }
}

/// A village's or township's figures as an officer sends them. The client's ID makes a resubmission harmless: the same
/// entry again answers the stored one.
public struct DisasterEntryDraft: Sendable, Equatable {
    public enum Field {
        public static let id = InputField("id", label: "填报编号", context: "disaster", codeStem: "entry_id")
        public static let divisionCode = InputField(
            "divisionCode", label: "填报区划", context: "disaster", invalidMessage: "填报区划须为受灾乡镇或其下村（社区）的 12 位区划代码。")
        public static let correctionReason = InputField("correctionReason", label: "更正原因", context: "disaster", maxLength: 500)
        public static let note = InputField("note", label: "灾情描述", context: "disaster", maxLength: 2000)
    }

    public var id: UUID
    public var divisionCode: DivisionCode
    public var figures: DisasterFigures
    public var correctionReason: String?
    public var note: String?

    public init(id: UUID, divisionCode: DivisionCode, figures: DisasterFigures, correctionReason: String? = nil, note: String? = nil) {
        self.id = id
        self.divisionCode = divisionCode
        self.figures = figures
        self.correctionReason = correctionReason
        self.note = note
    }

    public static func parse(_ input: some CommandInput, newID: () -> UUID) throws -> DisasterEntryDraft {
        typealias F = Field
        guard let code = try? DivisionCode(try input.requiredText(F.divisionCode)), code.level != .county else {
            throw F.divisionCode.invalid
        }
        let figures = try DisasterFigures.parse(input)
        try figures.check()
        return DisasterEntryDraft(
            id: try input.uuid(F.id) ?? newID(), divisionCode: code, figures: figures,
            correctionReason: try input.text(F.correctionReason), note: try input.text(F.note))
    }
}

/// A report the county sent up: the stage, the figures by township (what the accepted entries added up to when it went),
/// and whether it was in time.
public struct DisasterReport: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public let township: String
        public let figures: DisasterFigures

        public init(township: String, figures: DisasterFigures) {
            self.township = township
            self.figures = figures
        }
    }

    public let id: UUID
    public let eventID: UUID
    public let stage: DisasterStage
    /// 1 for the 初报; the 续报 are numbered on from 2; the 核报 takes the next.
    public let sequence: Int
    /// The day a 续报 is for (the 09:00 it answers); the day of submission for the others.
    public let forDay: Day
    public let submittedAt: Date
    public let due: Date?
    public let lines: [Line]
    /// A 零报告: nothing changed since the last report.
    public let zeroReport: Bool
    public let correctionReason: String?
    public let note: String?
    public let submittedBy: String

    public init(
        id: UUID, eventID: UUID, stage: DisasterStage, sequence: Int, forDay: Day, submittedAt: Date, due: Date?, lines: [Line],
        zeroReport: Bool, correctionReason: String?, note: String?, submittedBy: String
    ) {
        self.id = id
        self.eventID = eventID
        self.stage = stage
        self.sequence = sequence
        self.forDay = forDay
        self.submittedAt = submittedAt
        self.due = due
        self.lines = lines
        self.zeroReport = zeroReport
        self.correctionReason = correctionReason
        self.note = note
        self.submittedBy = submittedBy
    }

    public var total: DisasterFigures { lines.reduce(DisasterFigures.zero) { $0 + $1.figures } }
    public var isLate: Bool { due.map { submittedAt > $0 } ?? false }
}

/// The report clock of one disaster process: the county's 初报, each affected township's first figures, the 续报 due
/// each day (or every N days for drought) while it lasts, and the 核报 after it stabilised. A pure function of the
/// event, the reports sent and when each township's first figures were accepted.
public enum DisasterClock {
    public struct Obligation: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable {
            /// A township's first figures (its 初报 to the county), due within the county's 2 hours.
            case township
            case initial, progress, final
        }

        public let kind: Kind
        /// The township, for `.township`.
        public let township: String?
        /// The day a 续报 is for.
        public let day: Day?
        public let due: Date
        public let metAt: Date?
        public let basis: String

        public var isOpen: Bool { metAt == nil }
        public func isLate(at now: Date) -> Bool { (metAt ?? now) > due }
    }

    public static func obligations(
        _ event: DisasterEvent, reports: [DisasterReport], townshipsFirst: [String: Date], settings: DisasterReportSettings,
        calendar: WorkCalendar, now: Date
    ) -> [Obligation] {
        var out: [Obligation] = []
        let initialDue = event.initialDue
        for township in event.townships {
            out.append(
                Obligation(
                    kind: .township, township: township, day: nil, due: initialDue, metAt: townshipsFirst[township],
                    basis: "乡镇首次报送（县级初报 2 小时内须汇总）"))
        }
        let initial = reports.filter { $0.stage == .initial }.map(\.submittedAt).min()
        out.append(
            Obligation(
                kind: .initial, township: nil, day: nil, due: initialDue, metAt: initial, basis: "《自然灾害情况统计调查制度》：灾害发生后 2 小时内初报（自本局接报时起算）"))
        // 续报: one per day (every N days for drought) from the day after the learning day, to today while the disaster
        // lasts, or to the day it stabilised.
        let step = event.type == .drought ? max(1, settings.droughtProgressDays) : 1
        let firstDay = Day(event.learnedAt).adding(days: step)
        let lastDay: Day? =
            switch event.state {
            case .responding: Day(now)
            case .stabilised, .closed: event.stabilisedAt.map { Day($0) }
            }
        if let lastDay, firstDay <= lastDay {
            var day = firstDay
            var count = 0
            while day <= lastDay && count < 400 {
                let due = Moment.at(day, minute: settings.progressHour * 60)
                if event.state == .responding || (event.stabilisedAt.map { due <= $0 } ?? false) {
                    let met = reports.filter { $0.stage == .progress && $0.forDay == day }.map(\.submittedAt).min()
                    out.append(
                        Obligation(
                            kind: .progress, township: nil, day: day, due: due, metAt: met,
                            basis: step == 1
                                ? "续报：每日 \(settings.progressHour) 时前报送截至前日 24 时的灾情（无变化时零报告）"
                                : "干旱续报：每 \(step) 日 1 次"))
                }
                day = day.adding(days: step)
                count += 1
            }
        }
        if let stabilised = event.stabilisedAt {
            let lastDay = Day(stabilised).adding(workingDays: settings.finalWorkingDays, on: calendar)
            let met = reports.filter { $0.stage == .final }.map(\.submittedAt).min()
            out.append(
                Obligation(
                    kind: .final, township: nil, day: nil, due: Moment.at(lastDay.adding(days: 1), minute: 0), metAt: met,
                    basis: "核报：灾情稳定后 \(settings.finalWorkingDays) 个工作日内（设置）"))
        }
        return out
    }

    /// The due time a report at `at` of a stage answers, for marking it late: the 初报's 2 hours, the 续报's day, the 核报's
    /// working days.
    public static func due(
        of stage: DisasterStage, forDay: Day, event: DisasterEvent, settings: DisasterReportSettings, calendar: WorkCalendar
    ) -> Date? {
        switch stage {
        case .initial: event.initialDue
        case .progress: Moment.at(forDay, minute: settings.progressHour * 60)
        case .final:
            event.stabilisedAt.map {
                Moment.at(Day($0).adding(workingDays: settings.finalWorkingDays, on: calendar).adding(days: 1), minute: 0)
            }
        }
    }
}

/// 因灾死亡失踪人口台账: one row per person, with an ID number checked by its check digit and birth date.
public enum DisasterCasualtyStatus: String, Sendable, Codable, CaseIterable {
    case dead, missing

    public var label: String { self == .dead ? "死亡" : "失踪" }
}

public struct DisasterCasualty: Sendable, Codable, Equatable {
    public let id: UUID
    public let eventID: UUID
    public var divisionCode: String
    public var name: String
    public var idNumber: String
    public var sex: IDNumber.Sex
    public var birthDate: Day
    public var status: DisasterCasualtyStatus
    public var occurredOn: Day
    public var cause: String
    public var place: String?
    public let recordedBy: String
    public let recordedAt: Date

    public init(
        id: UUID, eventID: UUID, divisionCode: String, name: String, idNumber: String, sex: IDNumber.Sex, birthDate: Day,
        status: DisasterCasualtyStatus, occurredOn: Day, cause: String, place: String?, recordedBy: String, recordedAt: Date
    ) {
        self.id = id
        self.eventID = eventID
        self.divisionCode = divisionCode
        self.name = name
        self.idNumber = idNumber
        self.sex = sex
        self.birthDate = birthDate
        self.status = status
        self.occurredOn = occurredOn
        self.cause = cause
        self.place = place
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// 因灾倒塌损坏住房户台账: one row per household, by the worst damage of its house.
public enum HouseDamage: String, Sendable, Codable, CaseIterable {
    case collapsed, severe, general

    public var label: String {
        switch self {
        case .collapsed: "倒塌"
        case .severe: "严重损坏"
        case .general: "一般损坏"
        }
    }

    public var rooms: DisasterIndicator {
        switch self {
        case .collapsed: .collapsedRooms
        case .severe: .severeRooms
        case .general: .generalRooms
        }
    }

    public var households: DisasterIndicator {
        switch self {
        case .collapsed: .collapsedHouseholds
        case .severe: .severeHouseholds
        case .general: .generalHouseholds
        }
    }
}

public struct DamagedHouse: Sendable, Codable, Equatable {
    public let id: UUID
    public let eventID: UUID
    public var divisionCode: String
    public var householder: String
    public var idNumber: String
    public var damage: HouseDamage
    public var rooms: Int
    public var address: String
    public var phone: String?
    public let recordedBy: String
    public let recordedAt: Date

    public init(
        id: UUID, eventID: UUID, divisionCode: String, householder: String, idNumber: String, damage: HouseDamage, rooms: Int,
        address: String, phone: String?, recordedBy: String, recordedAt: Date
    ) {
        self.id = id
        self.eventID = eventID
        self.divisionCode = divisionCode
        self.householder = householder
        self.idNumber = idNumber
        self.damage = damage
        self.rooms = rooms
        self.address = address
        self.phone = phone
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// What both 台账 rows share: the division they belong to (a township or a village below the county), and an ID number
/// checked (GB 11643) or refused by name: `disaster.id_number_invalid` says which check failed.
public enum LedgerIDNumber {
    public static let divisionCode = InputField(
        "divisionCode", label: "所在村（社区）", context: "disaster", invalidMessage: "所在区划须为受灾乡镇或其下村（社区）的 12 位区划代码。")

    public static func division(_ input: some CommandInput) throws -> DivisionCode {
        guard let code = try? DivisionCode(try input.requiredText(divisionCode)), code.level != .county else {
            throw divisionCode.invalid
        }
        return code
    }

    public static func checked(_ text: String, field: String, today: Day) throws -> IDNumber.Check {
        let check = IDNumber.check(text, today: today)
        guard check.valid else {
            throw AnlanError.invalid("disaster.id_number_invalid", "身份证号码 \(check.normalized) 无效：\(check.error ?? "")", field: field)
        }
        return check
    }
}

public struct DisasterCasualtyDraft: Sendable, Equatable {
    public enum Field {
        public static let divisionCode = LedgerIDNumber.divisionCode
        public static let name = InputField("name", label: "姓名", context: "disaster", maxLength: 40)
        public static let idNumber = InputField("idNumber", label: "身份证号码", context: "disaster", maxLength: 24)
        public static let status = InputField("status", label: "死亡或失踪", context: "disaster")
        public static let occurredOn = InputField("occurredOn", label: "死亡（失踪）日期", context: "disaster")
        public static let cause = InputField("cause", label: "原因", context: "disaster", maxLength: 200)
        public static let place = InputField("place", label: "地点", context: "disaster", maxLength: 200)
    }

    public var divisionCode: DivisionCode
    public var name: String
    public var idCheck: IDNumber.Check
    public var status: DisasterCasualtyStatus
    public var occurredOn: Day
    public var cause: String
    public var place: String?

    public static func parse(_ input: some CommandInput, today: Day) throws -> DisasterCasualtyDraft {
        typealias F = Field
        let code = try LedgerIDNumber.division(input)
        guard let status = DisasterCasualtyStatus(rawValue: try input.requiredText(F.status)) else { throw F.status.invalid }
        let day = try input.requiredDay(F.occurredOn)
        guard day <= today else {
            throw AnlanError.invalid("disaster.occurred_on_invalid", "死亡（失踪）日期不能晚于今天。", field: F.occurredOn.name)
        }
        return DisasterCasualtyDraft(
            divisionCode: code, name: try input.requiredText(F.name),
            idCheck: try LedgerIDNumber.checked(try input.requiredText(F.idNumber), field: F.idNumber.name, today: today), status: status,
            occurredOn: day, cause: try input.requiredText(F.cause), place: try input.text(F.place))
    }
}

public struct DamagedHouseDraft: Sendable, Equatable {
    public enum Field {
        public static let divisionCode = LedgerIDNumber.divisionCode
        public static let householder = InputField("householder", label: "户主姓名", context: "disaster", maxLength: 40)
        public static let idNumber = InputField("idNumber", label: "户主身份证号码", context: "disaster", maxLength: 24)
        public static let damage = InputField("damage", label: "损坏程度", context: "disaster")
        public static let rooms = InputField(
            "rooms", label: "倒损间数", context: "disaster", invalidMessage: "倒损间数须为 1 到 50 之间的整数。")
        public static let address = InputField("address", label: "住址", context: "disaster", maxLength: 200)
        public static let phone = InputField("phone", label: "联系电话", context: "disaster", maxLength: 20)
    }

    public var divisionCode: DivisionCode
    public var householder: String
    public var idCheck: IDNumber.Check
    public var damage: HouseDamage
    public var rooms: Int
    public var address: String
    public var phone: String?

    public static func parse(_ input: some CommandInput, today: Day) throws -> DamagedHouseDraft {
        typealias F = Field
        let code = try LedgerIDNumber.division(input)
        guard let damage = HouseDamage(rawValue: try input.requiredText(F.damage)) else { throw F.damage.invalid }
        guard let rooms = try input.integer(F.rooms) else { throw F.rooms.missing }
        guard (1...50).contains(rooms) else { throw F.rooms.invalid }
        return DamagedHouseDraft(
            divisionCode: code, householder: try input.requiredText(F.householder),
            idCheck: try LedgerIDNumber.checked(try input.requiredText(F.idNumber), field: F.idNumber.name, today: today), damage: damage,
            rooms: rooms, address: try input.requiredText(F.address), phone: try input.text(F.phone))
    }
}

/// What the county does to a process apart from reporting: declare it stabilised (the 核报 falls due), or, when it flared
/// up again, resume 续报; add townships the disaster reached later.
public enum DisasterEventMove: String, Sendable, CaseIterable {
    case stabilise, resume, addTownships
}

public enum DisasterErrors {
    public static let notFound = AnlanError.notFound("disaster.not_found", "灾害过程不存在或不在您的辖区内。")
    public static let entryNotFound = AnlanError.notFound("disaster.entry_not_found", "灾情填报不存在或不在您的辖区内。")
    public static let closed = AnlanError(.conflict, code: "disaster.closed", message: "该灾害过程已核报结束，不能再变更。")
    public static let divisionOutside = AnlanError.invalid(
        "disaster.division_not_affected", "所填区划不在本次灾害过程的受灾乡镇内；如灾情扩大，请县局先增补受灾乡镇。", field: "divisionCode")
    public static let idReused = AnlanError(.conflict, code: "disaster.entry_id_reused", message: "该填报编号已用于另一份不同内容的灾情填报。")
    public static let notPending = AnlanError(.conflict, code: "disaster.entry_not_pending", message: "该填报已审核或已被替代，不能再审核。")
    public static let returnNeedsNote = AnlanError.invalid("disaster.field_required", "退回时请写明退回原因。", field: "note")
    public static let countyOnly = AnlanError(.forbidden, code: "disaster.county_only", message: "向上级报送灾情和确认灾情稳定由县应急管理局进行。")
    public static let noFigures = AnlanError(
        .conflict, code: "disaster.no_figures", message: "尚无乡镇审核通过的灾情，不能初报。请先由乡镇审核村级填报，或由乡镇直接填报。")
    public static let notStabilised = AnlanError(.conflict, code: "disaster.not_stabilised", message: "灾情尚未稳定，核报前请先确认灾情稳定。")
    public static let notResponding = AnlanError(.conflict, code: "disaster.not_responding", message: "灾情已确认稳定。")
    public static let noInitial = AnlanError(.conflict, code: "disaster.no_initial", message: "尚未初报，不能确认灾情稳定。")
    public static let personListed = AnlanError(
        .conflict, code: "disaster.person_listed", message: "此人已在本次灾害过程的因灾死亡失踪人口台账中。")
    public static let householdListed = AnlanError(
        .conflict, code: "disaster.household_listed", message: "该户已在本次灾害过程的倒损住房户台账中。")
}
