import Foundation

/// The four kinds of emergency (突发事件应对法 第二条, revised 2024; RULES §8): 自然灾害, 事故灾难, 公共卫生事件, 社会安全事件.
public enum IncidentCategory: String, Sendable, Codable, CaseIterable {
    case naturalDisaster, accident, publicHealth, socialSecurity

    public var label: String {
        switch self {
        case .naturalDisaster: "自然灾害"
        case .accident: "事故灾难"
        case .publicHealth: "公共卫生事件"
        case .socialSecurity: "社会安全事件"
        }
    }

    public var types: [IncidentType] { IncidentType.allCases.filter { $0.category == self } }
}

/// The type of an emergency within its category, as the 国家突发公共事件总体应急预案 (2006) §1.3 lists them (two copies
/// agree). GB/T 35561-2017's own second level and codes are not encoded: its code table could not be found (a setting to
/// add once the standard is bought). Each category ends in "other" for the 等 of the list; 群体性事件 is added under 社会安全
/// as bureaus record it.
public enum IncidentType: String, Sendable, Codable, CaseIterable {
    case floodDrought, meteorological, earthquake, geological, marine, biological, forestFire, otherNatural
    case workSafety, traffic, publicFacility, environmental, nuclear, otherAccident
    case infectiousDisease, unexplainedIllness, foodAndOccupational, animalEpidemic, otherHealth
    case terrorism, economicSecurity, foreignRelated, massIncident, otherSocial

    public var category: IncidentCategory {
        switch self {
        case .floodDrought, .meteorological, .earthquake, .geological, .marine, .biological, .forestFire, .otherNatural: .naturalDisaster
        case .workSafety, .traffic, .publicFacility, .environmental, .nuclear, .otherAccident: .accident
        case .infectiousDisease, .unexplainedIllness, .foodAndOccupational, .animalEpidemic, .otherHealth: .publicHealth
        case .terrorism, .economicSecurity, .foreignRelated, .massIncident, .otherSocial: .socialSecurity
        }
    }

    public var label: String {
        switch self {
        case .floodDrought: "水旱灾害"
        case .meteorological: "气象灾害"
        case .earthquake: "地震灾害"
        case .geological: "地质灾害"
        case .marine: "海洋灾害"
        case .biological: "生物灾害"
        case .forestFire: "森林草原火灾"
        case .otherNatural: "其他自然灾害"
        case .workSafety: "工矿商贸等生产安全事故"
        case .traffic: "交通运输事故"
        case .publicFacility: "公共设施和设备事故"
        case .environmental: "环境污染和生态破坏事件"
        case .nuclear: "核与辐射事故"
        case .otherAccident: "其他事故灾难"
        case .infectiousDisease: "传染病疫情"
        case .unexplainedIllness: "群体性不明原因疾病"
        case .foodAndOccupational: "食品安全和职业危害"
        case .animalEpidemic: "动物疫情"
        case .otherHealth: "其他公共卫生事件"
        case .terrorism: "恐怖袭击事件"
        case .economicSecurity: "经济安全事件"
        case .foreignRelated: "涉外突发事件"
        case .massIncident: "群体性事件"
        case .otherSocial: "其他社会安全事件"
        }
    }

    /// Whether the 生产安全事故 grading rule (`AccidentGrade`) suggests this type's level.
    public var gradedAsAccident: Bool { self == .workSafety }
}

/// Ⅰ (特别重大) to Ⅳ (一般): the four grades of 突发事件应对法 第三条 (2024, verified), which the response levels follow.
/// 第三条 grades 自然灾害, 事故灾难 and 公共卫生事件 only; a 社会安全事件's level is the response level chosen.
public enum IncidentLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case one, two, three, four

    public var numeral: String { ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"][Self.allCases.firstIndex(of: self)!] }
    public var grade: String { ["特别重大", "重大", "较大", "一般"][Self.allCases.firstIndex(of: self)!] }
    public var label: String { "\(numeral)级（\(grade)）" }

    /// A higher level sorts first: Ⅰ < Ⅳ in severity order is "more severe first".
    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Where an incident stands: 接报 → 核实 → 响应 → 结束. A report found untrue, or one needing no response, ends from
/// 接报 or 核实 with the reason.
public enum IncidentState: String, Sendable, Codable, CaseIterable {
    case reported, verified, responding, closed

    public var label: String {
        switch self {
        case .reported: "已接报"
        case .verified: "已核实"
        case .responding: "响应中"
        case .closed: "已结束"
        }
    }

    public var isOpen: Bool { self != .closed }
}

/// What may be done to an incident; each move lands on its timeline.
public enum IncidentMove: Sendable, Equatable {
    /// 核实: the facts were confirmed (by whom, how).
    case verify(note: String)
    /// 启动响应 at a level.
    case respond(level: IncidentLevel, note: String?)
    /// A level set or changed, with why; a leader's setting confirms it.
    case setLevel(IncidentLevel, reason: String)
    /// New casualty or loss figures; the earlier ones stay on the timeline.
    case figures(IncidentFigures, note: String?)
    /// A note on the timeline: a decision, a call made, an instruction received.
    case note(String)
    /// 结束: the response stood down, or the report found untrue, with the summary.
    case close(summary: String)

    public var name: String {
        switch self {
        case .verify: "verify"
        case .respond: "respond"
        case .setLevel: "set_level"
        case .figures: "figures"
        case .note: "note"
        case .close: "close"
        }
    }

    public static let textLimit = 2000

    /// The move a form or JSON body asks for: `action` and its fields.
    public static func parse(_ input: some CommandInput) throws -> IncidentMove {
        typealias F = Field
        switch try input.requiredText(F.action) {
        case "verify": return .verify(note: try input.requiredText(F.note))
        case "respond": return .respond(level: try Self.level(input), note: try input.text(F.note))
        case "set_level": return .setLevel(try Self.level(input), reason: try input.requiredText(F.reason))
        case "figures":
            // New figures say something: an empty form is not a report of zero.
            guard IncidentFigures.given(input) else { throw IncidentFigures.Field.deaths("incident").missing }
            return .figures(try IncidentFigures.parse(input, context: "incident"), note: try input.text(F.note))
        case "note": return .note(try input.requiredText(F.note))
        case "close": return .close(summary: try input.requiredText(F.summary))
        default: throw F.action.invalid
        }
    }

    static func level(_ input: some CommandInput) throws -> IncidentLevel {
        guard let level = IncidentLevel(rawValue: try input.requiredText(Field.level)) else { throw Field.level.invalid }
        return level
    }

    public enum Field {
        public static let action = InputField(
            "action", label: "操作", context: "incident", invalidMessage: "操作须为 verify、respond、set_level、figures、note 或 close。")
        public static let note = InputField("note", label: "说明", context: "incident", maxLength: textLimit)
        public static let reason = InputField("reason", label: "理由", context: "incident", maxLength: 500)
        public static let summary = InputField("summary", label: "总结", context: "incident", maxLength: textLimit)
        public static let level = InputField(
            "level", label: "事件等级", context: "incident", invalidMessage: "事件等级须为 one、two、three 或 four（Ⅰ–Ⅳ 级）。")
    }
}

/// Casualties and loss as last reported.
public struct IncidentFigures: Sendable, Codable, Equatable {
    public var deaths: Int
    public var seriousInjuries: Int
    public var missing: Int
    public var lossWanYuan: Double

    public init(deaths: Int = 0, seriousInjuries: Int = 0, missing: Int = 0, lossWanYuan: Double = 0) {
        self.deaths = deaths
        self.seriousInjuries = seriousInjuries
        self.missing = missing
        self.lossWanYuan = lossWanYuan
    }

    public static let zero = IncidentFigures()

    /// Whether the input gives any figure at all (a report that says nothing of casualties leaves them unknown).
    public static func given(_ input: some CommandInput) -> Bool {
        ["deaths", "seriousInjuries", "missing", "lossWanYuan"].contains { name in
            switch input.value(name) {
            case nil: false
            case .text(let t): !t.trimmingCharacters(in: .whitespaces).isEmpty
            default: true
            }
        }
    }

    public var summary: String {
        "死亡 \(deaths) 人，重伤 \(seriousInjuries) 人，失踪 \(missing) 人，直接经济损失 \(AccidentGrade.wan(lossWanYuan)) 万元"
    }

    public enum Field {
        public static func deaths(_ c: String) -> InputField {
            InputField("deaths", label: "死亡人数", context: c, invalidMessage: "死亡人数须为 0 到 100000 之间的整数。")
        }
        public static func seriousInjuries(_ c: String) -> InputField {
            InputField("seriousInjuries", label: "重伤人数", context: c, invalidMessage: "重伤人数须为 0 到 100000 之间的整数。")
        }
        public static func missing(_ c: String) -> InputField {
            InputField("missing", label: "失踪人数", context: c, invalidMessage: "失踪人数须为 0 到 100000 之间的整数。")
        }
        public static func loss(_ c: String) -> InputField {
            InputField("lossWanYuan", label: "直接经济损失（万元）", context: c, codeStem: "loss", invalidMessage: "直接经济损失须为 0 到 10000000 万元之间的数。")
        }
    }

    /// Figures from a form or body; absent figures are 0.
    public static func parse(_ input: some CommandInput, context: String) throws -> IncidentFigures {
        func count(_ f: InputField) throws -> Int {
            let n = try input.integer(f) ?? 0
            guard (0...100_000).contains(n) else { throw f.invalid }
            return n
        }
        let lossField = Field.loss(context)
        let loss = try input.decimal(lossField) ?? 0
        guard (0...10_000_000).contains(loss) else { throw lossField.invalid }
        return IncidentFigures(
            deaths: try count(Field.deaths(context)), seriousInjuries: try count(Field.seriousInjuries(context)),
            missing: try count(Field.missing(context)), lossWanYuan: (loss * 100).rounded() / 100)
    }
}

/// An emergency the duty desk follows from the first report to its close.
public struct Incident: Sendable, Codable, Equatable {
    public let id: UUID
    /// "2026-0007": the year and its running number.
    public let number: String
    public var title: String
    public var type: IncidentType
    public var state: IncidentState
    public var level: IncidentLevel?
    /// Who set the level with the right to confirm it (a leader); nil while it is the duty desk's proposal.
    public var levelConfirmedBy: String?
    public var occurredAt: Date
    public var reportedAt: Date
    public var divisionCode: String
    public var place: String
    public var location: GeoPoint?
    public var enterpriseID: UUID?
    public var figures: IncidentFigures
    /// False until casualties and loss are first reported: the figures are then 0 but not known to be.
    public var figuresKnown: Bool
    public var summary: String
    public var closedAt: Date?
    public var createdBy: String

    /// The figures as people read them: "待核实" while not yet reported.
    public var figuresText: String { figuresKnown ? figures.summary : "伤亡和损失情况待核实" }

    public var category: IncidentCategory { type.category }

    public init(
        id: UUID, number: String, title: String, type: IncidentType, state: IncidentState, level: IncidentLevel?, levelConfirmedBy: String?,
        occurredAt: Date, reportedAt: Date, divisionCode: String, place: String, location: GeoPoint?, enterpriseID: UUID?,
        figures: IncidentFigures, figuresKnown: Bool = true, summary: String, closedAt: Date?, createdBy: String
    ) {
        self.figuresKnown = figuresKnown
        self.id = id
        self.number = number
        self.title = title
        self.type = type
        self.state = state
        self.level = level
        self.levelConfirmedBy = levelConfirmedBy
        self.occurredAt = occurredAt
        self.reportedAt = reportedAt
        self.divisionCode = divisionCode
        self.place = place
        self.location = location
        self.enterpriseID = enterpriseID
        self.figures = figures
        self.summary = summary
        self.closedAt = closedAt
        self.createdBy = createdBy
    }

    /// The level a rule suggests from the figures, where one applies: a 生产安全事故's grade (条例 第三条).
    public var suggestedLevel: (level: IncidentLevel, basis: String)? {
        guard type.gradedAsAccident, figuresKnown else { return nil }
        let g = AccidentGrade.grade(
            deaths: figures.deaths, seriousInjuries: figures.seriousInjuries, directLossWanYuan: figures.lossWanYuan)
        let because = g.decidedBy.isEmpty ? "未达较大事故标准" : g.decidedBy.map(\.text).joined(separator: "；")
        return (g.grade.incidentLevel, "按\(AccidentGrade.source)为\(g.grade.label)事故：\(because)")
    }

    /// Who may make a move in this state: a leader (`commandIncidents`) or the duty desk (`keepDuty`).
    public func check(_ move: IncidentMove, leader: Bool) throws {
        guard state.isOpen else { throw IncidentErrors.closed }
        switch move {
        case .verify:
            guard state == .reported else { throw IncidentErrors.transition(state, "核实") }
        case .respond:
            guard state == .verified else { throw IncidentErrors.transition(state, "启动响应") }
        case .close:
            guard leader else { throw IncidentErrors.leaderOnly("结束事件") }
        case .setLevel, .figures, .note: break
        }
    }
}

/// An incident as the duty desk first enters it (from an incoming report or on its own).
public struct IncidentDraft: Sendable, Equatable {
    public static let textLimit = 2000

    public enum Field {
        public static let title = InputField("title", label: "事件名称", context: "incident", maxLength: 100)
        public static let type = InputField("type", label: "事件类型", context: "incident")
        public static let occurredAt = InputField("occurredAt", label: "发生时间", context: "incident")
        public static let divisionCode = InputField(
            "divisionCode", label: "发生地区划", context: "incident", invalidMessage: "发生地区划须为 12 位行政区划代码。")
        public static let place = InputField("place", label: "发生地点", context: "incident", maxLength: 200)
        public static let latitude = InputField(
            "latitude", label: "纬度", context: "incident", codeStem: "location", invalidMessage: "经纬度须在有效范围内，且同时填写。")
        public static let longitude = InputField(
            "longitude", label: "经度", context: "incident", codeStem: "location", invalidMessage: "经纬度须在有效范围内，且同时填写。")
        public static let enterpriseID = InputField("enterpriseId", label: "涉事企业", context: "incident", codeStem: "enterprise")
        public static let summary = InputField("summary", label: "事件概况", context: "incident", maxLength: textLimit)
        public static let level = InputField(
            "level", label: "事件等级", context: "incident", invalidMessage: "事件等级须为 one、two、three 或 four（Ⅰ–Ⅳ 级）。")
        public static let report = InputField("reportId", label: "来报记录", context: "incident", codeStem: "report")
    }

    public var title: String
    public var type: IncidentType
    public var occurredAt: Date
    public var divisionCode: DivisionCode
    public var place: String
    public var location: GeoPoint?
    public var enterpriseID: UUID?
    public var figures: IncidentFigures
    /// False when the figures were left blank (not yet known).
    public var figuresKnown: Bool
    public var summary: String
    public var level: IncidentLevel?
    public var reportID: UUID?

    public init(
        title: String, type: IncidentType, occurredAt: Date, divisionCode: DivisionCode, place: String, location: GeoPoint? = nil,
        enterpriseID: UUID? = nil, figures: IncidentFigures? = nil, summary: String, level: IncidentLevel? = nil, reportID: UUID? = nil
    ) {
        self.figuresKnown = figures != nil
        self.title = title
        self.type = type
        self.occurredAt = occurredAt
        self.divisionCode = divisionCode
        self.place = place
        self.location = location
        self.enterpriseID = enterpriseID
        self.figures = figures ?? .zero
        self.summary = summary
        self.level = level
        self.reportID = reportID
    }

    /// `now` bounds the time of occurrence: an incident has happened (a few minutes' clock drift aside).
    public static func parse(_ input: some CommandInput, now: Date) throws -> IncidentDraft {
        typealias F = Field
        let title = try input.requiredText(F.title)
        guard let type = IncidentType(rawValue: try input.requiredText(F.type)) else { throw F.type.invalid }
        guard let occurred = try input.moment(F.occurredAt) else { throw F.occurredAt.missing }
        guard occurred <= now.addingTimeInterval(600), occurred >= now.addingTimeInterval(-366 * 86_400) else {
            throw AnlanError.invalid("incident.occurred_at_invalid", "发生时间不能晚于现在，也不能早于一年前。", field: F.occurredAt.name)
        }
        guard let division = try? DivisionCode(try input.requiredText(F.divisionCode)) else { throw F.divisionCode.invalid }
        var level: IncidentLevel?
        if let text = try input.text(F.level) {
            guard let l = IncidentLevel(rawValue: text) else { throw F.level.invalid }
            level = l
        }
        return IncidentDraft(
            title: title, type: type, occurredAt: occurred, divisionCode: division, place: try input.requiredText(F.place),
            location: try input.location(latitude: F.latitude, longitude: F.longitude), enterpriseID: try input.uuid(F.enterpriseID),
            figures: IncidentFigures.given(input) ? try IncidentFigures.parse(input, context: "incident") : nil,
            summary: try input.requiredText(F.summary), level: level,
            reportID: try input.uuid(F.report))
    }
}

/// One line of an incident's timeline (大事记). Append-only: nothing on it is changed or removed.
public struct IncidentEvent: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case opened, report, state, level, figures, note, plan, task, order, warning

        public var label: String {
            switch self {
            case .opened: "立项"
            case .report: "来报"
            case .state: "状态"
            case .level: "等级"
            case .figures: "伤亡损失"
            case .note: "记事"
            case .plan: "预案启动"
            case .task: "任务"
            case .order: "调度"
            case .warning: "预警"
            }
        }
    }

    public let id: UUID
    public let incidentID: UUID
    public let at: Date
    public let kind: Kind
    public let text: String
    public let actor: String

    public init(id: UUID, incidentID: UUID, at: Date, kind: Kind, text: String, actor: String) {
        self.id = id
        self.incidentID = incidentID
        self.at = at
        self.kind = kind
        self.text = text
        self.actor = actor
    }
}

public enum IncidentErrors {
    public static let notFound = AnlanError.notFound("incident.not_found", "事件不存在或不在您的辖区内。")
    public static let reportNotFound = AnlanError.notFound("incident.report_not_found", "来报记录不存在或不在您的辖区内。")
    public static let closed = AnlanError(.conflict, code: "incident.closed", message: "事件已结束，不能再变更。")
    public static let reportAttached = AnlanError(.conflict, code: "incident.report_attached", message: "该来报已转为或并入事件。")
    public static func transition(_ state: IncidentState, _ what: String) -> AnlanError {
        AnlanError(.conflict, code: "incident.transition_invalid", message: "事件当前为“\(state.label)”，不能\(what)。")
    }
    public static func leaderOnly(_ what: String) -> AnlanError {
        AnlanError(.forbidden, code: "incident.leader_only", message: "\(what)须由局领导决定。")
    }
}
