import Foundation

/// How a drill is run (应急演练的组织形式).
public enum DrillType: String, Sendable, Codable, CaseIterable {
    case tabletop, functional, fullScale

    public var label: String {
        switch self {
        case .tabletop: "桌面推演"
        case .functional: "功能演练"
        case .fullScale: "综合（实战）演练"
        }
    }
}

/// Which part of an enterprise's plans a drill exercises: the frequency rules differ (88号令 第三十三条).
public enum DrillPlanKind: String, Sendable, Codable, CaseIterable {
    case comprehensive, onSite

    public var label: String { self == .comprehensive ? "综合或专项应急预案" : "现场处置方案" }
}

/// A drill held.
public struct Drill: Sendable, Codable, Equatable {
    public let id: UUID
    public var title: String
    public var on: Day
    public var type: DrillType
    public var planKind: DrillPlanKind
    public var planID: UUID?
    public var divisionCode: String
    public var enterpriseID: UUID?
    public var organiser: String
    public var participants: Int
    public var units: String?
    public var scenario: String
    public var evaluation: String?
    public var findings: String?
    public var followUps: String?

    public init(
        id: UUID, title: String, on: Day, type: DrillType, planKind: DrillPlanKind, planID: UUID?, divisionCode: String,
        enterpriseID: UUID?,
        organiser: String, participants: Int, units: String?, scenario: String, evaluation: String?, findings: String?, followUps: String?
    ) {
        self.id = id
        self.title = title
        self.on = on
        self.type = type
        self.planKind = planKind
        self.planID = planID
        self.divisionCode = divisionCode
        self.enterpriseID = enterpriseID
        self.organiser = organiser
        self.participants = participants
        self.units = units
        self.scenario = scenario
        self.evaluation = evaluation
        self.findings = findings
        self.followUps = followUps
    }
}

/// A drill as a user records it.
public struct DrillDraft: Sendable, Equatable {
    public static let textLimit = 2000

    public enum Field {
        public static let title = InputField("title", label: "演练名称", context: "drill", maxLength: 100)
        public static let on = InputField("on", label: "演练日期", context: "drill")
        public static let type = InputField("type", label: "演练形式", context: "drill")
        public static let planKind = InputField("planKind", label: "演练的预案部分", context: "drill")
        public static let plan = InputField("planId", label: "演练的预案", context: "drill", codeStem: "plan")
        public static let organiser = InputField("organiser", label: "组织单位", context: "drill", maxLength: 60)
        public static let participants = InputField(
            "participants", label: "参演人数", context: "drill", invalidMessage: "参演人数须为 1 到 100000 之间的整数。")
        public static let units = InputField("units", label: "参演单位", context: "drill", maxLength: 500)
        public static let scenario = InputField("scenario", label: "演练情景", context: "drill", maxLength: textLimit)
        public static let evaluation = InputField("evaluation", label: "演练评估", context: "drill", maxLength: textLimit)
        public static let findings = InputField("findings", label: "发现的问题", context: "drill", maxLength: textLimit)
        public static let followUps = InputField("followUps", label: "整改措施", context: "drill", maxLength: textLimit)
    }

    public var title: String
    public var on: Day
    public var type: DrillType
    public var planKind: DrillPlanKind
    public var planID: UUID
    public var organiser: String
    public var participants: Int
    public var units: String?
    public var scenario: String
    public var evaluation: String?
    public var findings: String?
    public var followUps: String?

    public init(
        title: String, on: Day, type: DrillType, planKind: DrillPlanKind, planID: UUID, organiser: String, participants: Int,
        units: String? = nil,
        scenario: String, evaluation: String? = nil, findings: String? = nil, followUps: String? = nil
    ) {
        self.title = title
        self.on = on
        self.type = type
        self.planKind = planKind
        self.planID = planID
        self.organiser = organiser
        self.participants = participants
        self.units = units
        self.scenario = scenario
        self.evaluation = evaluation
        self.findings = findings
        self.followUps = followUps
    }

    public static func parse(_ input: some CommandInput, today: Day) throws -> DrillDraft {
        typealias F = Field
        let title = try input.requiredText(F.title)
        let on = try input.requiredDay(F.on)
        guard on <= today else { throw AnlanError.invalid("drill.on_invalid", "演练日期不能晚于今天（尚未举行的演练请列入计划）。", field: F.on.name) }
        guard let type = DrillType(rawValue: try input.requiredText(F.type)) else { throw F.type.invalid }
        guard let kind = DrillPlanKind(rawValue: try input.text(F.planKind) ?? DrillPlanKind.comprehensive.rawValue) else {
            throw F.planKind.invalid
        }
        guard let plan = try input.uuid(F.plan) else { throw F.plan.missing }
        guard let participants = try input.integer(F.participants) else { throw F.participants.missing }
        guard (1...100_000).contains(participants) else { throw F.participants.invalid }
        return DrillDraft(
            title: title, on: on, type: type, planKind: kind, planID: plan, organiser: try input.requiredText(F.organiser),
            participants: participants, units: try input.text(F.units), scenario: try input.requiredText(F.scenario),
            evaluation: try input.text(F.evaluation), findings: try input.text(F.findings), followUps: try input.text(F.followUps))
    }
}

/// Who must drill how often (RULES §8), and whether a subject is behind. Periods run from the last drill of the kind
/// (a rolling reading of "每年" and "每半年"); a subject never drilled is behind.
public enum DrillFrequency {
    /// 生产安全事故应急条例 (国务院令第708号) 第八条 (verified): 危险物品的生产、经营、储存、运输单位, 矿山, 金属冶炼, 城市轨道交通
    /// 运营, 建筑施工单位 and 宾馆、商场、娱乐场所、旅游景区等人员密集场所经营单位 drill at least every half year. As sectors of
    /// the enterprise file.
    public static let highRiskSectors: Set<String> = ["危险化学品", "烟花爆竹", "矿山", "冶金", "有色", "建筑施工", "人员密集场所", "城市轨道交通"]

    public struct Requirement: Sendable, Equatable {
        public let label: String
        public let months: Int
        /// The plan kind the rule counts; nil counts any drill.
        public let kind: DrillPlanKind?
        public let source: String
    }

    /// 88号令 第三十三条: 每年至少一次综合或专项应急预案演练, 每半年至少一次现场处置方案演练 (verified).
    public static let enterprise = [
        Requirement(label: "综合或专项预案演练每年至少 1 次", months: 12, kind: .comprehensive, source: "《生产安全事故应急预案管理办法》第三十三条"),
        Requirement(label: "现场处置方案演练每半年至少 1 次", months: 6, kind: .onSite, source: "《生产安全事故应急预案管理办法》第三十三条"),
    ]
    /// 708号令 第八条: high-risk units every half year (any drill).
    public static let highRisk = Requirement(label: "高危行业单位每半年至少演练 1 次", months: 6, kind: nil, source: "《生产安全事故应急条例》第八条")
    /// 708号令 第八条: county and township governments (and 街道) at least every 2 years.
    public static let government = Requirement(label: "县、乡镇（街道）每 2 年至少演练 1 次", months: 24, kind: nil, source: "《生产安全事故应急条例》第八条")

    public static func requirements(enterprise: Bool, highRisk isHighRisk: Bool) -> [Requirement] {
        enterprise ? self.enterprise + (isHighRisk ? [highRisk] : []) : [government]
    }

    /// Where one requirement stands: the last drill it counts, the day the next falls due, and whether it is overdue.
    public struct Standing: Sendable, Equatable {
        public let requirement: Requirement
        public let last: Day?
        public let due: Day?
        public let behind: Bool
    }

    public static func standing(_ requirement: Requirement, drills: [(on: Day, kind: DrillPlanKind)], today: Day) -> Standing {
        let last = drills.filter { requirement.kind == nil || $0.kind == requirement.kind }.map(\.on).max()
        guard let last else { return Standing(requirement: requirement, last: nil, due: nil, behind: true) }
        let due = last.adding(months: requirement.months)
        return Standing(requirement: requirement, last: last, due: due, behind: due < today)
    }
}

extension Day {
    /// The same day of the month `months` later (the month's last day where it is shorter).
    public func adding(months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return Day(year: y, month: m, day: min(dayOfMonth, Day.length(ofMonth: m, in: y))) ?? self
    }
}
