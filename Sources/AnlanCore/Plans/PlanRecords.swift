import Foundation

/// A published version of a plan: when, who approved it, what changed, and its document.
public struct PlanVersion: Sendable, Codable, Equatable {
    public let number: Int
    public let publishedOn: Day
    public let approvedBy: String
    public let changes: String
    public let fileName: String?
    public let fileDigest: String?
    public let recordedBy: String
    public let recordedAt: Date

    public init(
        number: Int, publishedOn: Day, approvedBy: String, changes: String, fileName: String?, fileDigest: String?, recordedBy: String,
        recordedAt: Date
    ) {
        self.number = number
        self.publishedOn = publishedOn
        self.approvedBy = approvedBy
        self.changes = changes
        self.fileName = fileName
        self.fileDigest = fileDigest
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// A version as a user records it (its file, if any, comes as the upload's bytes beside it).
public struct PlanVersionDraft: Sendable, Equatable {
    public enum Field {
        public static let publishedOn = InputField("publishedOn", label: "发布日期", context: "emergency_plan", codeStem: "published_on")
        public static let approvedBy = InputField(
            "approvedBy", label: "审批（签发）", context: "emergency_plan", codeStem: "approved_by", maxLength: 60)
        public static let changes = InputField("changes", label: "修订内容", context: "emergency_plan", maxLength: 2000)
    }

    public var publishedOn: Day
    public var approvedBy: String
    public var changes: String

    public init(publishedOn: Day, approvedBy: String, changes: String) {
        self.publishedOn = publishedOn
        self.approvedBy = approvedBy
        self.changes = changes
    }

    public static func parse(_ input: some CommandInput, today: Day) throws -> PlanVersionDraft {
        let on = try input.requiredDay(Field.publishedOn)
        guard on <= today else {
            throw AnlanError.invalid("emergency_plan.published_on_invalid", "发布日期不能晚于今天。", field: Field.publishedOn.name)
        }
        return PlanVersionDraft(
            publishedOn: on, approvedBy: try input.requiredText(Field.approvedBy), changes: try input.text(Field.changes) ?? "首次发布")
    }
}

/// One response level of a plan: when it starts, what is done, who leads, who is called and what it needs.
public struct PlanLevel: Sendable, Codable, Equatable {
    public static let textLimit = 2000

    public enum Field {
        public static let level = InputField("level", label: "响应级别", context: "emergency_plan", invalidMessage: "响应级别须为 1 到 4（一级最高）。")
        public static let trigger = InputField("trigger", label: "启动条件", context: "emergency_plan", maxLength: textLimit)
        public static let actions = InputField("actions", label: "响应措施（每行一项）", context: "emergency_plan", maxLength: textLimit)
        public static let lead = InputField("lead", label: "指挥（牵头）", context: "emergency_plan", maxLength: 60)
        public static let contacts = InputField("contacts", label: "通知名单（每行：单位或姓名|电话）", context: "emergency_plan", maxLength: textLimit)
        public static let needs = InputField(
            "needs", label: "所需资源（每行：物资或力量|数量）", context: "emergency_plan", maxLength: textLimit,
            invalidMessage: "所需资源每行写“名称|数量”，数量为正整数。")
    }

    public var level: ResponseLevel
    public var trigger: String
    public var actions: [String]
    public var lead: String
    public var contacts: [String]
    /// What the level needs: a supply or a force and how many ("救生衣|500", "县综合性应急救援队|1").
    public var needs: [(name: String, quantity: Int)]

    public init(
        level: ResponseLevel, trigger: String, actions: [String], lead: String, contacts: [String], needs: [(name: String, quantity: Int)]
    ) {
        self.level = level
        self.trigger = trigger
        self.actions = actions
        self.lead = lead
        self.contacts = contacts
        self.needs = needs
    }

    public static func == (a: PlanLevel, b: PlanLevel) -> Bool {
        a.level == b.level && a.trigger == b.trigger && a.actions == b.actions && a.lead == b.lead && a.contacts == b.contacts
            && a.needs.map(\.name) == b.needs.map(\.name) && a.needs.map(\.quantity) == b.needs.map(\.quantity)
    }

    enum CodingKeys: String, CodingKey { case level, trigger, actions, lead, contacts, needs }
    struct Need: Codable { let name: String; let quantity: Int }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.decode(ResponseLevel.self, forKey: .level)
        trigger = try c.decode(String.self, forKey: .trigger)
        actions = try c.decode([String].self, forKey: .actions)
        lead = try c.decode(String.self, forKey: .lead)
        contacts = try c.decode([String].self, forKey: .contacts)
        needs = try c.decode([Need].self, forKey: .needs).map { ($0.name, $0.quantity) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(level, forKey: .level)
        try c.encode(trigger, forKey: .trigger)
        try c.encode(actions, forKey: .actions)
        try c.encode(lead, forKey: .lead)
        try c.encode(contacts, forKey: .contacts)
        try c.encode(needs.map { Need(name: $0.name, quantity: $0.quantity) }, forKey: .needs)
    }

    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static func parse(_ input: some CommandInput) throws -> PlanLevel {
        typealias F = Field
        guard let number = try input.integer(F.level) else { throw F.level.missing }
        guard let level = ResponseLevel(rawValue: number) else { throw F.level.invalid }
        let actions = lines(try input.text(F.actions))
        guard !actions.isEmpty else { throw F.actions.missing }
        var needs: [(name: String, quantity: Int)] = []
        for line in lines(try input.text(F.needs)) {
            let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let n = Int(parts[1]), n > 0 else { throw F.needs.invalid }
            needs.append((parts[0], n))
        }
        return PlanLevel(
            level: level, trigger: try input.requiredText(F.trigger), actions: actions, lead: try input.requiredText(F.lead),
            contacts: lines(try input.text(F.contacts)), needs: needs)
    }
}

/// An evaluation of a plan (评估): the day and the conclusion.
public struct PlanEvaluation: Sendable, Codable, Equatable {
    public enum Conclusion: String, Sendable, Codable, CaseIterable {
        case keep, revise

        public var label: String { self == .keep ? "继续有效" : "需要修订" }
    }

    public enum Field {
        public static let on = InputField("on", label: "评估日期", context: "emergency_plan", codeStem: "evaluated_on")
        public static let conclusion = InputField("conclusion", label: "评估结论", context: "emergency_plan")
        public static let note = InputField("note", label: "评估意见", context: "emergency_plan", maxLength: 2000)
    }

    public let on: Day
    public let conclusion: Conclusion
    public let note: String

    public init(on: Day, conclusion: Conclusion, note: String) {
        self.on = on
        self.conclusion = conclusion
        self.note = note
    }

    public static func parse(_ input: some CommandInput, today: Day) throws -> PlanEvaluation {
        let on = try input.requiredDay(Field.on)
        guard on <= today else { throw AnlanError.invalid("emergency_plan.evaluated_on_invalid", "评估日期不能晚于今天。", field: Field.on.name) }
        guard let conclusion = PlanEvaluation.Conclusion(rawValue: try input.requiredText(Field.conclusion)) else {
            throw Field.conclusion.invalid
        }
        return PlanEvaluation(on: on, conclusion: conclusion, note: try input.requiredText(Field.note))
    }
}

/// An enterprise's filing of its plan (告知性备案) and the bureau's answer, due within the working days the rule sets.
public struct PlanFiling: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case submitted, recorded, returned

        public var label: String {
            switch self {
            case .submitted: "待备案"
            case .recorded: "已备案"
            case .returned: "已退回"
            }
        }
    }

    public let id: UUID
    public let planID: UUID
    public let enterpriseID: UUID
    public let version: Int
    public let submittedOn: Day
    public let dueOn: Day
    public var state: State
    public var number: String?
    public var decidedOn: Day?
    public var reason: String?

    public init(
        id: UUID, planID: UUID, enterpriseID: UUID, version: Int, submittedOn: Day, dueOn: Day, state: State, number: String? = nil,
        decidedOn: Day? = nil, reason: String? = nil
    ) {
        self.id = id
        self.planID = planID
        self.enterpriseID = enterpriseID
        self.version = version
        self.submittedOn = submittedOn
        self.dueOn = dueOn
        self.state = state
        self.number = number
        self.decidedOn = decidedOn
        self.reason = reason
    }

    /// The answer is late: still open after its due day, or given after it.
    public func isLate(today: Day) -> Bool { (decidedOn ?? today) > dueOn }
}

public enum PlanErrors {
    public static let notFound = AnlanError.notFound("emergency_plan.not_found", "预案不存在或不在您的辖区内。")
    public static let drillNotFound = AnlanError.notFound("drill.not_found", "演练记录不存在或不在您的辖区内。")
    public static let filingNotFound = AnlanError.notFound("emergency_plan.filing_not_found", "备案申请不存在。")
    public static let noVersion = AnlanError(.conflict, code: "emergency_plan.no_version", message: "预案尚未发布任何版本，不能评估或备案。")
    public static let notEnterprisePlan = AnlanError(.conflict, code: "emergency_plan.not_enterprise_plan", message: "只有企业应急预案办理告知性备案。")
    public static let filingOpen = AnlanError(.conflict, code: "emergency_plan.filing_open", message: "该预案已有待备案的申请。")
    public static let filingDecided = AnlanError(.conflict, code: "emergency_plan.filing_decided", message: "该备案申请已办结。")
    public static let returnReason = AnlanError.invalid("emergency_plan.reason_required", "退回须写明理由（2–500 字）。", field: "reason")
    public static let withdrawn = AnlanError(.conflict, code: "emergency_plan.withdrawn", message: "预案已废止。")
}
