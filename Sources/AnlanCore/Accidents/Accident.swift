import Foundation

/// The kind of a 生产安全事故: the twenty classes of GB 6441-1986 《企业职工伤亡事故分类》 (the class the annual statistics
/// count by), and 道路交通事故, which the reporting rules treat apart (条例第十三条: 补报 within 7 days, as for 火灾).
public enum AccidentType: String, Sendable, Codable, CaseIterable {
    case struckByObject, vehicle, machinery, lifting, electrocution, drowning, scald, fire, fall, collapse, roofFall, flooding,
        blasting, explosiveDetonation, gasExplosion, boilerExplosion, vesselExplosion, otherExplosion, poisoning, other,
        roadTraffic

    public var label: String {
        switch self {
        case .struckByObject: "物体打击"
        case .vehicle: "车辆伤害"
        case .machinery: "机械伤害"
        case .lifting: "起重伤害"
        case .electrocution: "触电"
        case .drowning: "淹溺"
        case .scald: "灼烫"
        case .fire: "火灾"
        case .fall: "高处坠落"
        case .collapse: "坍塌"
        case .roofFall: "冒顶片帮"
        case .flooding: "透水"
        case .blasting: "放炮"
        case .explosiveDetonation: "火药爆炸"
        case .gasExplosion: "瓦斯爆炸"
        case .boilerExplosion: "锅炉爆炸"
        case .vesselExplosion: "容器爆炸"
        case .otherExplosion: "其他爆炸"
        case .poisoning: "中毒和窒息"
        case .other: "其他伤害"
        case .roadTraffic: "道路交通事故"
        }
    }

    /// 条例第十三条: casualties that change within 30 days of the accident are reported again (补报); for 道路交通 and 火灾
    /// accidents the window is 7 days (RULES §1, verified).
    public var supplementWindowDays: Int { self == .roadTraffic || self == .fire ? 7 : 30 }
}

/// An accident's course at the bureau: 已报告 (recorded and reported), 调查中 (an investigation team at work), 已结案.
public enum AccidentState: String, Sendable, Codable, CaseIterable {
    case reported, investigating, closed

    public var label: String {
        switch self {
        case .reported: "已接报"
        case .investigating: "调查中"
        case .closed: "已结案"
        }
    }
}

/// Who the bureau reports an accident to (条例第十条、第十一条): the 设区的市 bureau above it (every grade reaches the
/// city), the county government at the same time, and the departments it notifies (公安、人力资源社会保障、工会、人民检察院);
/// for 较大 and above the report goes on up, level by level, to the province (较大) and to 应急管理部 (重大、特别重大). The
/// city passes it on; the county records when it reached each level (or reports there itself: 必要时可以越级上报).
public enum AccidentRecipient: String, Sendable, Codable, CaseIterable {
    case cityBureau, countyGovernment, departments, provinceBureau, ministry

    public var label: String {
        switch self {
        case .cityBureau: "市应急管理局"
        case .countyGovernment: "县人民政府"
        case .departments: "公安、人社、工会、检察院"
        case .provinceBureau: "省应急管理厅"
        case .ministry: "应急管理部"
        }
    }

    /// The recipients every accident is reported to, whatever its grade.
    public static let always: [AccidentRecipient] = [.cityBureau, .countyGovernment, .departments]

    /// How many levels above the county the recipient sits (each level has 2 hours: 条例第十一条); nil for the county
    /// government and the departments, told at the same time as the city.
    public var levelsAbove: Int? {
        switch self {
        case .cityBureau: 1
        case .provinceBureau: 2
        case .ministry: 3
        case .countyGovernment, .departments: nil
        }
    }

    /// 条例第十条: the lowest grade whose report must reach this level (一般 the city, 较大 the province, 重大 and 特别重大
    /// the ministry).
    public var requiredFrom: AccidentGrade? {
        switch self {
        case .cityBureau, .countyGovernment, .departments: .ordinary
        case .provinceBureau: .larger
        case .ministry: .major
        }
    }
}

/// What a report to a recipient is: 首报, a 续报 while the accident is being handled, a 补报 of changed casualties, or the
/// 终报 that ends the 续报 series.
public enum AccidentReportKind: String, Sendable, Codable, CaseIterable {
    case initial, followUp, supplement, final

    public var label: String {
        switch self {
        case .initial: "首报"
        case .followUp: "续报"
        case .supplement: "补报"
        case .final: "终报"
        }
    }
}

/// The reporting limits that are settings: what the regulation's text gives is fixed in `AccidentClock`; these are taken
/// from elsewhere or not stated at all, so the bureau can set them (README "Accidents" names the sources).
public struct AccidentReportSettings: Sendable, Codable, Equatable {
    /// 续报 at least once a day for 一般 and 较大, twice a day for 重大 and 特别重大 (安全生产事故信息报告和处置办法, as
    /// summarised in RULES §1, marked S: not confirmed against the text).
    public var followUpHoursOrdinary: Int
    public var followUpHoursMajor: Int
    /// 条例第十三条 asks for a 补报 "及时" and gives no hours: the bureau's own limit.
    public var supplementHours: Int

    public init(followUpHoursOrdinary: Int = 24, followUpHoursMajor: Int = 12, supplementHours: Int = 24) {
        self.followUpHoursOrdinary = followUpHoursOrdinary
        self.followUpHoursMajor = followUpHoursMajor
        self.supplementHours = supplementHours
    }

    public static let standard = AccidentReportSettings()
    public static let source =
        "续报频次取自《安全生产事故信息报告和处置办法》的转述（一般、较大每日至少 1 次，重大、特别重大每日至少 2 次；原文未核实）；补报时限条例第十三条仅要求“及时”，此处为本局设定。"

    public func followUpHours(for grade: AccidentGrade) -> Int {
        grade >= .major ? followUpHoursMajor : followUpHoursOrdinary
    }
}

/// A 生产安全事故 as the bureau keeps it.
public struct Accident: Sendable, Codable, Equatable {
    public let id: UUID
    public let number: String
    public var occurredAt: Date
    /// When the bureau learned of it: the report clock runs from here (条例第九条、第十一条).
    public var learnedAt: Date
    public var divisionCode: String
    public var place: String
    public var location: GeoPoint?
    public var enterpriseID: UUID?
    /// The enterprise's name as written (also for one not on file, or none: 个体, a household).
    public var party: String
    public var sector: String
    public var type: AccidentType
    public var figures: IncidentFigures
    public var description: String
    public var state: AccidentState
    /// The investigation (条例第二十九条): team, the report's deadline (60 days from the accident, once extended by at
    /// most 60 days), its summary, and at closing the responsibility findings and the enforcement cases that followed.
    public var team: String?
    public var extendedTo: Day?
    public var extensionReason: String?
    public var investigationReport: String?
    public var findings: String?
    public var closedOn: Day?
    public var caseIDs: [UUID]
    public let recordedBy: String
    public let recordedAt: Date

    public init(
        id: UUID, number: String, occurredAt: Date, learnedAt: Date, divisionCode: String, place: String, location: GeoPoint?,
        enterpriseID: UUID?, party: String, sector: String, type: AccidentType, figures: IncidentFigures, description: String,
        state: AccidentState, team: String? = nil, extendedTo: Day? = nil, extensionReason: String? = nil,
        investigationReport: String? = nil,
        findings: String? = nil, closedOn: Day? = nil, caseIDs: [UUID] = [], recordedBy: String, recordedAt: Date
    ) {
        self.id = id
        self.number = number
        self.occurredAt = occurredAt
        self.learnedAt = learnedAt
        self.divisionCode = divisionCode
        self.place = place
        self.location = location
        self.enterpriseID = enterpriseID
        self.party = party
        self.sector = sector
        self.type = type
        self.figures = figures
        self.description = description
        self.state = state
        self.team = team
        self.extendedTo = extendedTo
        self.extensionReason = extensionReason
        self.investigationReport = investigationReport
        self.findings = findings
        self.closedOn = closedOn
        self.caseIDs = caseIDs
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// The grade the figures reach now (条例第三条), never stored apart from them.
    public var grade: AccidentGrade {
        AccidentGrade.grade(deaths: figures.deaths, seriousInjuries: figures.seriousInjuries, directLossWanYuan: figures.lossWanYuan).grade
    }

    /// 条例第二十九条: the investigation report is due 60 days from the accident; an approved extension adds at most 60.
    public static let investigationDays = 60
    public static let maximumExtensionDays = 60
    public var investigationDue: Day { extendedTo ?? Day(occurredAt).adding(days: Self.investigationDays) }
}

/// One report the bureau sent (or, for the enterprise's own, received), with when.
public struct AccidentReport: Sendable, Codable, Equatable {
    public let id: UUID
    public let accidentID: UUID
    public let kind: AccidentReportKind
    public let recipient: AccidentRecipient
    public let sentAt: Date
    public let note: String?
    /// The figures the report gave (what the recipient was told).
    public let figures: IncidentFigures
    public let sentBy: String

    public init(
        id: UUID, accidentID: UUID, kind: AccidentReportKind, recipient: AccidentRecipient, sentAt: Date, note: String?,
        figures: IncidentFigures, sentBy: String
    ) {
        self.id = id
        self.accidentID = accidentID
        self.kind = kind
        self.recipient = recipient
        self.sentAt = sentAt
        self.note = note
        self.figures = figures
        self.sentBy = sentBy
    }
}

/// One set of figures in the casualty history, kept as each change came (never overwritten).
public struct AccidentFiguresChange: Sendable, Codable, Equatable {
    public let at: Date
    public let figures: IncidentFigures
    public let reason: String
    public let by: String

    public init(at: Date, figures: IncidentFigures, reason: String, by: String) {
        self.at = at
        self.figures = figures
        self.reason = reason
        self.by = by
    }

    /// Whether the people counted changed (what a 补报 is about; a loss revised alone is not a casualty change).
    public func casualtiesDiffer(from other: IncidentFigures) -> Bool {
        figures.deaths != other.deaths || figures.seriousInjuries != other.seriousInjuries || figures.missing != other.missing
    }
}

/// The report clock of one accident: what is owed, to whom, by when, and when it was met. A pure function of the
/// accident, its casualty history and the reports sent; whether an obligation is late is asked of it at a moment
/// (`Obligation.isLate(at:)`).
public enum AccidentClock {
    public struct Obligation: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable {
            /// The enterprise's report to the bureau, within 1 hour of the accident (条例第九条): met when the bureau learned.
            case enterprise
            case initial, followUp, supplement
        }

        public let kind: Kind
        public let recipient: AccidentRecipient?
        public let due: Date
        /// When it was met; nil while owed.
        public let metAt: Date?
        public let basis: String

        public var isOpen: Bool { metAt == nil }
        public func isLate(at now: Date) -> Bool { (metAt ?? now) > due }

        public var label: String {
            switch kind {
            case .enterprise: "企业报告（1 小时内）"
            case .initial: "首报 \(recipient?.label ?? "")"
            case .followUp: "续报 \(recipient?.label ?? "")"
            case .supplement: "补报 \(recipient?.label ?? "")"
            }
        }
    }

    /// 条例第九条: the unit reports within 1 hour; 第十一条: each level within 2 hours.
    public static let enterpriseHours = 1.0
    public static let levelHours = 2.0

    public static func obligations(
        _ accident: Accident, history: [AccidentFiguresChange], reports: [AccidentReport], settings: AccidentReportSettings = .standard
    ) -> [Obligation] {
        var out: [Obligation] = []
        out.append(
            Obligation(
                kind: .enterprise, recipient: nil, due: accident.occurredAt.addingTimeInterval(enterpriseHours * 3600),
                metAt: accident.learnedAt,
                basis: "《生产安全事故报告和调查处理条例》第九条"))
        let initialDue = accident.learnedAt.addingTimeInterval(levelHours * 3600)
        for recipient in AccidentRecipient.always {
            let first = reports.filter { $0.recipient == recipient }.map(\.sentAt).min()
            out.append(
                Obligation(
                    kind: .initial, recipient: recipient, due: initialDue, metAt: first,
                    basis: recipient == .departments ? "条例第十条（同时通知）" : "条例第十条、第十一条（每级 2 小时内）"))
        }
        // 条例第十条: 较大 goes on to the province, 重大 and 特别重大 to 应急管理部, each level within 2 hours (第十一条), counted
        // from when the bureau knew figures of that grade (on learning, or on the change of figures that raised it).
        for recipient in [AccidentRecipient.provinceBureau, .ministry] {
            guard let grade = recipient.requiredFrom, let levels = recipient.levelsAbove,
                let reached = gradeReached(grade, accident, history: history)
            else { continue }
            let first = reports.filter { $0.recipient == recipient }.map(\.sentAt).min()
            out.append(
                Obligation(
                    kind: .initial, recipient: recipient, due: reached.addingTimeInterval(Double(levels) * levelHours * 3600), metAt: first,
                    basis: "条例第十条（\(grade.label)事故逐级上报至\(recipient == .ministry ? "国务院应急管理部门" : "省级")，每级 2 小时内；必要时可越级上报）"))
        }
        // 续报 to the city while the accident is open and no 终报 went: the next is due an interval after the last report.
        let toCity = reports.filter { $0.recipient == .cityBureau }.sorted { $0.sentAt < $1.sentAt }
        let ended = toCity.contains { $0.kind == .final } || accident.state == .closed
        if let last = toCity.last, !ended {
            let hours = Double(settings.followUpHours(for: accident.grade))
            out.append(
                Obligation(
                    kind: .followUp, recipient: .cityBureau, due: last.sentAt.addingTimeInterval(hours * 3600), metAt: nil,
                    basis: "续报：每 \(Int(hours)) 小时至少 1 次（设置）"))
        }
        // 补报: each change of casualties within the window after the first report to the city, owed to the city.
        if let firstReport = toCity.first?.sentAt {
            let window = accident.occurredAt.addingTimeInterval(Double(accident.type.supplementWindowDays) * 86_400)
            let ordered = history.sorted { $0.at < $1.at }
            for (index, change) in ordered.enumerated() where index > 0 && change.at > firstReport && change.at <= window {
                guard change.casualtiesDiffer(from: ordered[index - 1].figures) else { continue }
                let met = toCity.first { $0.sentAt >= change.at && $0.figures == change.figures }?.sentAt
                out.append(
                    Obligation(
                        kind: .supplement, recipient: .cityBureau,
                        due: change.at.addingTimeInterval(Double(settings.supplementHours) * 3600), metAt: met,
                        basis: "条例第十三条（\(accident.type.supplementWindowDays) 日内伤亡变化补报）"))
            }
        }
        return out
    }
}

extension AccidentClock {
    /// When the bureau first knew figures reaching `grade`: on learning of the accident when its first figures did,
    /// otherwise when the change that raised it was recorded; nil while the figures stay below it.
    static func gradeReached(_ grade: AccidentGrade, _ accident: Accident, history: [AccidentFiguresChange]) -> Date? {
        func reaches(_ f: IncidentFigures) -> Bool {
            AccidentGrade.grade(deaths: f.deaths, seriousInjuries: f.seriousInjuries, directLossWanYuan: f.lossWanYuan).grade >= grade
        }
        let ordered = history.sorted { $0.at < $1.at }
        guard let first = ordered.first else { return accident.grade >= grade ? accident.learnedAt : nil }
        if reaches(first.figures) { return accident.learnedAt }
        return ordered.first { reaches($0.figures) }.map { max($0.at, accident.learnedAt) }
    }
}

/// An accident as the desk records it.
public struct AccidentDraft: Sendable, Equatable {
    public static let textLimit = 2000

    public enum Field {
        public static let occurredAt = InputField("occurredAt", label: "发生时间", context: "accident")
        public static let learnedAt = InputField("learnedAt", label: "接报时间", context: "accident")
        public static let divisionCode = InputField(
            "divisionCode", label: "发生地区划", context: "accident", invalidMessage: "发生地区划须为 12 位行政区划代码。")
        public static let place = InputField("place", label: "发生地点", context: "accident", maxLength: 200)
        public static let latitude = InputField(
            "latitude", label: "纬度", context: "accident", codeStem: "location", invalidMessage: "经纬度须在有效范围内，且同时填写。")
        public static let longitude = InputField(
            "longitude", label: "经度", context: "accident", codeStem: "location", invalidMessage: "经纬度须在有效范围内，且同时填写。")
        public static let enterpriseID = InputField("enterpriseId", label: "事故单位（企业档案）", context: "accident", codeStem: "enterprise")
        public static let party = InputField("party", label: "事故单位名称（不在企业档案中时填写）", context: "accident", maxLength: 100)
        public static let sector = InputField("sector", label: "行业领域", context: "accident", maxLength: 40)
        public static let type = InputField("type", label: "事故类别", context: "accident")
        public static let description = InputField("description", label: "事故简况", context: "accident", maxLength: textLimit)
    }

    public var occurredAt: Date
    public var learnedAt: Date
    public var divisionCode: DivisionCode
    public var place: String
    public var location: GeoPoint?
    public var enterpriseID: UUID?
    public var party: String?
    public var sector: String
    public var type: AccidentType
    public var figures: IncidentFigures
    public var description: String

    public init(
        occurredAt: Date, learnedAt: Date, divisionCode: DivisionCode, place: String, location: GeoPoint? = nil, enterpriseID: UUID? = nil,
        party: String? = nil, sector: String, type: AccidentType, figures: IncidentFigures, description: String
    ) {
        self.occurredAt = occurredAt
        self.learnedAt = learnedAt
        self.divisionCode = divisionCode
        self.place = place
        self.location = location
        self.enterpriseID = enterpriseID
        self.party = party
        self.sector = sector
        self.type = type
        self.figures = figures
        self.description = description
    }

    /// Times are bounded by `now` (an accident has happened; the bureau learned of it after it happened).
    public static func parse(_ input: some CommandInput, now: Date) throws -> AccidentDraft {
        typealias F = Field
        guard let occurred = try input.moment(F.occurredAt) else { throw F.occurredAt.missing }
        let learned = try input.moment(F.learnedAt) ?? now
        guard occurred <= now.addingTimeInterval(600), occurred >= now.addingTimeInterval(-3 * 366 * 86_400) else {
            throw AnlanError.invalid("accident.occurred_at_invalid", "发生时间不能晚于现在，也不能早于三年前。", field: F.occurredAt.name)
        }
        guard learned >= occurred, learned <= now.addingTimeInterval(600) else {
            throw AnlanError.invalid("accident.learned_at_invalid", "接报时间须在发生时间之后、不晚于现在。", field: F.learnedAt.name)
        }
        guard let division = try? DivisionCode(try input.requiredText(F.divisionCode)) else { throw F.divisionCode.invalid }
        guard let type = AccidentType(rawValue: try input.requiredText(F.type)) else { throw F.type.invalid }
        let enterprise = try input.uuid(F.enterpriseID)
        let party = try input.text(F.party)
        if enterprise == nil && party == nil { throw F.party.missing }
        return AccidentDraft(
            occurredAt: occurred, learnedAt: learned, divisionCode: division, place: try input.requiredText(F.place),
            location: try input.location(latitude: F.latitude, longitude: F.longitude), enterpriseID: enterprise, party: party,
            sector: try input.requiredText(F.sector), type: type, figures: try IncidentFigures.parse(input, context: "accident"),
            description: try input.requiredText(F.description))
    }
}

/// What may be done to a recorded accident.
public enum AccidentMove: Sendable, Equatable {
    /// New figures, with why (a death in hospital, a missing person found): the history keeps the old ones.
    case figures(IncidentFigures, reason: String)
    /// A report sent to a recipient at a time.
    case report(AccidentReportKind, AccidentRecipient, sentAt: Date, note: String?)
    /// The investigation team named (事故调查组).
    case investigate(team: String)
    /// The report's deadline extended once, by at most 60 days, with the approval's reason.
    case extend(to: Day, reason: String)
    /// 结案: the investigation report's summary, the responsibility findings, and the enforcement cases that followed.
    case close(report: String, findings: String, caseIDs: [UUID])
    /// Enforcement cases that followed, linked at any time, also after the closing (a penalty is decided once the
    /// investigation report is approved, usually weeks after the accident was closed here).
    case linkCases([UUID])

    public var name: String {
        switch self {
        case .figures: "figures"
        case .report: "report"
        case .investigate: "investigate"
        case .extend: "extend"
        case .close: "close"
        case .linkCases: "linkCases"
        }
    }

    /// The one move a closed accident still takes.
    public var allowedWhenClosed: Bool { if case .linkCases = self { true } else { false } }

    /// The cases the move links (closing or linking), each once.
    public var caseIDs: [UUID] {
        switch self {
        case .close(_, _, let ids), .linkCases(let ids): ids
        default: []
        }
    }

    public enum Field {
        public static let action = InputField("action", label: "操作", context: "accident")
        public static let reason = InputField("reason", label: "变更原因", context: "accident", maxLength: 500)
        public static let extensionReason = InputField("reason", label: "延期理由（批准情况）", context: "accident", maxLength: 500)
        public static let kind = InputField("kind", label: "报告类别", context: "accident")
        public static let recipient = InputField("recipient", label: "报送对象", context: "accident")
        public static let sentAt = InputField("sentAt", label: "报送时间", context: "accident")
        public static let note = InputField("note", label: "说明", context: "accident", maxLength: 500)
        public static let team = InputField("team", label: "调查组", context: "accident", maxLength: 500)
        public static let extendedTo = InputField("extendedTo", label: "延期至", context: "accident", codeStem: "extension")
        public static let report = InputField("report", label: "调查报告摘要", context: "accident", maxLength: AccidentDraft.textLimit)
        public static let findings = InputField("findings", label: "责任认定", context: "accident", maxLength: AccidentDraft.textLimit)
        public static let cases = InputField("caseIds", label: "行政处罚案件", context: "accident", codeStem: "case")
    }

    public static func parse(_ input: some CommandInput, now: Date) throws -> AccidentMove {
        typealias F = Field
        switch try input.requiredText(F.action) {
        case "figures":
            guard IncidentFigures.given(input) else { throw IncidentFigures.Field.deaths("accident").missing }
            return .figures(try IncidentFigures.parse(input, context: "accident"), reason: try input.requiredText(F.reason))
        case "report":
            guard let kind = AccidentReportKind(rawValue: try input.requiredText(F.kind)) else { throw F.kind.invalid }
            guard let recipient = AccidentRecipient(rawValue: try input.requiredText(F.recipient)) else { throw F.recipient.invalid }
            let sent = try input.moment(F.sentAt) ?? now
            guard sent <= now.addingTimeInterval(600) else {
                throw AnlanError.invalid("accident.sent_at_invalid", "报送时间不能晚于现在。", field: F.sentAt.name)
            }
            return .report(kind, recipient, sentAt: sent, note: try input.text(F.note))
        case "investigate": return .investigate(team: try input.requiredText(F.team))
        case "extend":
            guard let day = try input.day(F.extendedTo) else { throw F.extendedTo.missing }
            return .extend(to: day, reason: try input.requiredText(F.extensionReason))
        case "close":
            return .close(
                report: try input.requiredText(F.report), findings: try input.requiredText(F.findings), caseIDs: try caseIDs(input))
        case "linkCases":
            let cases = try caseIDs(input)
            guard !cases.isEmpty else { throw F.cases.missing }
            return .linkCases(cases)
        default: throw F.action.invalid
        }
    }

    /// Case IDs from a list (API) or from checkboxes and a comma-separated field (page), each once.
    static func caseIDs(_ input: some CommandInput) throws -> [UUID] {
        var cases: [UUID] = []
        for text in try input.texts(Field.cases) {
            for part in text.split(whereSeparator: { $0 == "," || $0 == "，" || $0.isWhitespace }) {
                guard let id = UUID(key: String(part)) else { throw Field.cases.invalid }
                if !cases.contains(id) { cases.append(id) }
            }
        }
        return cases
    }
}

public enum AccidentErrors {
    public static let notFound = AnlanError.notFound("accident.not_found", "事故不存在或不在您的辖区内。")
    public static let closed = AnlanError(.conflict, code: "accident.closed", message: "该事故已结案，不能再变更。")
    public static let sameFigures = AnlanError.invalid("accident.figures_unchanged", "填写的伤亡和损失与现有数字相同，无需变更。", field: "deaths")
    public static let reportBeforeLearned = AnlanError.invalid(
        "accident.sent_at_invalid", "报送时间不能早于接报时间。", field: AccidentMove.Field.sentAt.name)
    public static let notInvestigating = AnlanError(.conflict, code: "accident.not_investigating", message: "请先成立事故调查组。")
    public static let alreadyExtended = AnlanError(
        .conflict, code: "accident.already_extended", message: "调查报告期限只能延长一次（条例第二十九条）。")
    public static let extensionTooLong = AnlanError.invalid(
        "accident.extension_invalid", "延长的期限须晚于原期限，且最长不超过 60 日（条例第二十九条）。", field: AccidentMove.Field.extendedTo.name)
    public static let casesUnchanged = AnlanError.invalid(
        "accident.cases_unchanged", "所选案件均已关联到该事故。", field: AccidentMove.Field.cases.name)
    public static let caseNotFound = AnlanError.notFound("accident.case_not_found", "所列行政处罚案件不存在或不在您的辖区内。")
    public static let enterpriseNotFound = AnlanError.notFound("accident.enterprise_not_found", "事故单位不在企业档案中，或不在您的辖区内。")
}
