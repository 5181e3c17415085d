import Foundation

/// Whose plan it is (应急预案体系): the county's overall plan, its special plans, departments', townships' and the
/// enterprises' own (filed with the bureau, 告知性备案).
public enum PlanScope: String, Sendable, Codable, CaseIterable {
    case overall, special, department, township, enterprise

    public var label: String {
        switch self {
        case .overall: "总体应急预案"
        case .special: "专项应急预案"
        case .department: "部门应急预案"
        case .township: "乡镇（街道）应急预案"
        case .enterprise: "企业应急预案"
        }
    }
}

/// What a plan is for (the special plans a county keeps, and an enterprise's).
public enum PlanTopic: String, Sendable, Codable, CaseIterable {
    case comprehensive, flood, forestFire, hazardousChemicals, earthquake, geological, productionSafety, fire, other

    public var label: String {
        switch self {
        case .comprehensive: "综合"
        case .flood: "防汛抗旱"
        case .forestFire: "森林火灾"
        case .hazardousChemicals: "危险化学品事故"
        case .earthquake: "地震"
        case .geological: "地质灾害"
        case .productionSafety: "生产安全事故"
        case .fire: "火灾"
        case .other: "其他"
        }
    }
}

/// 应急响应级别: 一级 is the highest (突发事件应对法, revised 2024: a four-level response; RULES §8).
public enum ResponseLevel: Int, Sendable, Codable, CaseIterable, Comparable {
    case one = 1, two, three, four

    public var label: String { ["", "Ⅰ级（一级）", "Ⅱ级（二级）", "Ⅲ级（三级）", "Ⅳ级（四级）"][rawValue] }
    public static func < (a: ResponseLevel, b: ResponseLevel) -> Bool { a.rawValue < b.rawValue }
}

/// An emergency plan and where it stands in its review cycle.
public struct EmergencyPlan: Sendable, Codable, Equatable {
    public let id: UUID
    public var title: String
    public var scope: PlanScope
    public var topic: PlanTopic
    public var divisionCode: String
    /// An enterprise's plan: the enterprise (its officer files it).
    public var enterpriseID: UUID?
    /// A department's plan: the department.
    public var department: String?
    /// Years between evaluations (评估周期).
    public var evaluationYears: Int
    public var currentVersion: Int?
    public var publishedOn: Day?
    public var lastEvaluatedOn: Day?
    public var withdrawnOn: Day?

    public init(
        id: UUID, title: String, scope: PlanScope, topic: PlanTopic, divisionCode: String, enterpriseID: UUID? = nil,
        department: String? = nil,
        evaluationYears: Int, currentVersion: Int? = nil, publishedOn: Day? = nil, lastEvaluatedOn: Day? = nil, withdrawnOn: Day? = nil
    ) {
        self.id = id
        self.title = title
        self.scope = scope
        self.topic = topic
        self.divisionCode = divisionCode
        self.enterpriseID = enterpriseID
        self.department = department
        self.evaluationYears = evaluationYears
        self.currentVersion = currentVersion
        self.publishedOn = publishedOn
        self.lastEvaluatedOn = lastEvaluatedOn
        self.withdrawnOn = withdrawnOn
    }

    /// The review clock: the next evaluation falls due `evaluationYears` after the later of the current version's
    /// publication and the last evaluation.
    public var nextEvaluationDue: Day? {
        guard let start = [publishedOn, lastEvaluatedOn].compactMap({ $0 }).max() else { return nil }
        let year = start.year + evaluationYears
        // The same day of the month years later; 29 February becomes 28 February in a common year.
        return Day(year: year, month: start.month, day: min(start.dayOfMonth, Day.length(ofMonth: start.month, in: year))) ?? start
    }

    public func reviewState(today: Day, warningDays: Int) -> PlanReviewState {
        guard withdrawnOn == nil else { return .withdrawn }
        guard let due = nextEvaluationDue else { return .unpublished }
        if due < today { return .overdue }
        return today.adding(days: warningDays) >= due ? .dueSoon : .current
    }
}

public enum PlanReviewState: String, Sendable, Codable, CaseIterable {
    case unpublished, current, dueSoon, overdue, withdrawn

    public var label: String {
        switch self {
        case .unpublished: "未发布"
        case .current: "现行有效"
        case .dueSoon: "即将到期评估"
        case .overdue: "逾期未评估"
        case .withdrawn: "已废止"
        }
    }
}

/// The rules a plan's review cycle takes its defaults from, with their sources (RULES §8).
public enum PlanRules {
    /// 生产安全事故应急预案管理办法 (总局令第88号, 应急管理部令第2号修正) 第三十五条: the high-risk units evaluate their plans every
    /// 3 years (verified); other units and the governments' plans: 突发事件应急预案管理办法 (国办发〔2024〕5号) sets 3 years for
    /// county-level and higher plans (its article number unconfirmed). A setting with this default.
    public static let defaultEvaluationYears = 3
    public static let evaluationSource = "《生产安全事故应急预案管理办法》第三十五条；《突发事件应急预案管理办法》（国办发〔2024〕5号，条号待核）"
    /// 告知性备案. Two clocks: the enterprise files within 20 working days of publishing its plan (88号令 第二十六条, RULES §8,
    /// verified), and the bureau answers it. The bureau's limit is not confirmed: this default of 20 working days is the
    /// issue's, while the 2016 text's 第二十八条 read 5 working days to check the material. Unconfirmed, so shown with
    /// that caveat wherever it is used; to become a setting.
    public static let defaultFilingWorkingDays = 20
    public static let filingSource =
        "办结期限默认 20 个工作日（待核：2016 年文本第二十八条为受理部门 5 个工作日内核对材料）；企业应自预案公布之日起 20 个工作日内报备（《生产安全事故应急预案管理办法》第二十六条）"
    /// How long before its due day an evaluation is listed as coming (a setting).
    public static let defaultWarningDays = 60
}

/// A plan as a user enters it.
public struct EmergencyPlanDraft: Sendable, Equatable {
    public static let titleLimit = 100

    public enum Field {
        public static let title = InputField("title", label: "预案名称", context: "emergency_plan", maxLength: titleLimit)
        public static let scope = InputField("scope", label: "预案类别", context: "emergency_plan")
        public static let topic = InputField("topic", label: "适用领域", context: "emergency_plan")
        public static let divisionCode = InputField(
            "divisionCode", label: "所属区划", context: "emergency_plan", invalidMessage: "所属区划须为 12 位行政区划代码。")
        public static let enterpriseID = InputField("enterpriseId", label: "企业", context: "emergency_plan", codeStem: "enterprise")
        public static let department = InputField("department", label: "编制部门", context: "emergency_plan", maxLength: 60)
        public static let evaluationYears = InputField(
            "evaluationYears", label: "评估周期（年）", context: "emergency_plan", codeStem: "evaluation_years", invalidMessage: "评估周期须为 1 到 5 年。")
    }

    public var title: String
    public var scope: PlanScope
    public var topic: PlanTopic
    public var divisionCode: DivisionCode
    public var enterpriseID: UUID?
    public var department: String?
    public var evaluationYears: Int

    public init(
        title: String, scope: PlanScope, topic: PlanTopic, divisionCode: DivisionCode, enterpriseID: UUID? = nil, department: String? = nil,
        evaluationYears: Int = PlanRules.defaultEvaluationYears
    ) {
        self.title = title
        self.scope = scope
        self.topic = topic
        self.divisionCode = divisionCode
        self.enterpriseID = enterpriseID
        self.department = department
        self.evaluationYears = evaluationYears
    }

    public static func parse(_ input: some CommandInput) throws -> EmergencyPlanDraft {
        typealias F = Field
        let title = try input.requiredText(F.title)
        guard let scope = PlanScope(rawValue: try input.requiredText(F.scope)) else { throw F.scope.invalid }
        guard let topic = PlanTopic(rawValue: try input.requiredText(F.topic)) else { throw F.topic.invalid }
        guard let division = try? DivisionCode(try input.requiredText(F.divisionCode)) else { throw F.divisionCode.invalid }
        let enterprise = try input.uuid(F.enterpriseID)
        if scope == .enterprise && enterprise == nil { throw F.enterpriseID.missing }
        let department = try input.text(F.department)
        if scope == .department && department == nil { throw F.department.missing }
        // 总体、专项和部门预案 are the county's; a township's plan is its own (RULES §8: each level keeps its plans).
        switch scope {
        case .overall, .special, .department:
            guard division.level == .county else {
                throw AnlanError.invalid("emergency_plan.scope_division_mismatch", "总体、专项和部门应急预案属于县级，所属区划须为县。", field: F.divisionCode.name)
            }
        case .township:
            guard division.level == .township else {
                throw AnlanError.invalid("emergency_plan.scope_division_mismatch", "乡镇（街道）应急预案的所属区划须为乡镇（街道）。", field: F.divisionCode.name)
            }
        case .enterprise: break
        }
        let years = try input.integer(F.evaluationYears) ?? PlanRules.defaultEvaluationYears
        guard (1...5).contains(years) else { throw F.evaluationYears.invalid }
        return EmergencyPlanDraft(
            title: title, scope: scope, topic: topic, divisionCode: division, enterpriseID: scope == .enterprise ? enterprise : nil,
            department: scope == .department ? department : nil, evaluationYears: years)
    }
}
