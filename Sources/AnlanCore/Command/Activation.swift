import Foundation

/// A plan started on an incident at one of its response levels (预案启动): the level's actions become the incident's
/// tasks, its notification list is named on the timeline, and changing the level re-plans the tasks.
public struct PlanActivation: Sendable, Codable, Equatable {
    public let id: UUID
    public let incidentID: UUID
    public let planID: UUID
    public let planTitle: String
    public var level: ResponseLevel
    public let activatedBy: String
    public let activatedAt: Date
    public var endedAt: Date?
    public var endReason: String?

    public init(
        id: UUID, incidentID: UUID, planID: UUID, planTitle: String, level: ResponseLevel, activatedBy: String, activatedAt: Date,
        endedAt: Date? = nil, endReason: String? = nil
    ) {
        self.id = id
        self.incidentID = incidentID
        self.planID = planID
        self.planTitle = planTitle
        self.level = level
        self.activatedBy = activatedBy
        self.activatedAt = activatedAt
        self.endedAt = endedAt
        self.endReason = endReason
    }

    public var isActive: Bool { endedAt == nil }
}

public enum IncidentTaskState: String, Sendable, Codable, CaseIterable {
    case open, acknowledged, done, cancelled

    public var label: String {
        switch self {
        case .open: "待接收"
        case .acknowledged: "已接收"
        case .done: "已完成"
        case .cancelled: "已撤销"
        }
    }

    public var isOpen: Bool { self == .open || self == .acknowledged }
}

/// One task of an activation: who does what by when.
public struct IncidentTask: Sendable, Codable, Equatable {
    public let id: UUID
    public let incidentID: UUID
    public let activationID: UUID
    public let who: String
    public let what: String
    public let due: Date
    public var state: IncidentTaskState
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var doneBy: String?
    public var doneAt: Date?
    public var note: String?

    public init(
        id: UUID, incidentID: UUID, activationID: UUID, who: String, what: String, due: Date, state: IncidentTaskState = .open,
        acknowledgedBy: String? = nil, acknowledgedAt: Date? = nil, doneBy: String? = nil, doneAt: Date? = nil, note: String? = nil
    ) {
        self.id = id
        self.incidentID = incidentID
        self.activationID = activationID
        self.who = who
        self.what = what
        self.due = due
        self.state = state
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
        self.doneBy = doneBy
        self.doneAt = doneAt
        self.note = note
    }

    public func isOverdue(at now: Date) -> Bool { state.isOpen && due < now }
}

public enum ActivationRules {
    /// By when a task falls due after the plan is started, when the plan's action does not say: a default of the
    /// bureau's practice, not a rule (a setting to come with the command settings).
    public static let defaultTaskMinutes = 60

    /// The tasks a level's actions make. An action written "单位：措施" names who does it; otherwise the level's lead does.
    public static func tasks(from level: PlanLevel, at start: Date) -> [(who: String, what: String, due: Date)] {
        level.actions.compactMap { raw in
            let action = raw.trimmingCharacters(in: .whitespaces)
            guard !action.isEmpty else { return nil }
            let due = start.addingTimeInterval(Double(defaultTaskMinutes * 60))
            if let colon = action.firstIndex(where: { $0 == "：" || $0 == ":" }), action.distance(from: action.startIndex, to: colon) <= 20 {
                let who = String(action[..<colon]).trimmingCharacters(in: .whitespaces)
                let what = String(action[action.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                if !who.isEmpty && !what.isEmpty { return (who, what, due) }
            }
            return (level.lead, action, due)
        }
    }

    public enum Field {
        public static let plan = InputField("planId", label: "预案", context: "incident", codeStem: "plan")
        public static let level = InputField("level", label: "响应级别", context: "incident", invalidMessage: "响应级别须为 1 到 4（一级最高）。")
        public static let reason = InputField("reason", label: "理由", context: "incident", maxLength: 500)
        public static let note = InputField("note", label: "完成情况", context: "incident", maxLength: 2000)
    }

    public static func parseLevel(_ input: some CommandInput) throws -> ResponseLevel {
        guard let n = try input.integer(Field.level) else { throw Field.level.missing }
        guard let level = ResponseLevel(rawValue: n) else { throw Field.level.invalid }
        return level
    }

    public static func parse(_ input: some CommandInput) throws -> (planID: UUID, level: ResponseLevel) {
        guard let plan = try input.uuid(Field.plan) else { throw Field.plan.missing }
        return (plan, try parseLevel(input))
    }
}

extension IncidentLevel {
    /// The incident level a response level answers to (一级 Ⅰ … 四级 Ⅳ).
    public init(_ response: ResponseLevel) {
        self = IncidentLevel.allCases[response.rawValue - 1]
    }
}

extension IncidentErrors {
    public static let activationNotFound = AnlanError.notFound("incident.activation_not_found", "该事件没有这次预案启动。")
    public static let taskNotFound = AnlanError.notFound("incident.task_not_found", "该事件没有这项任务。")
    public static let planActive = AnlanError(.conflict, code: "incident.plan_active", message: "该预案已在本事件中启动；请调整响应级别。")
    public static let activationEnded = AnlanError(.conflict, code: "incident.activation_ended", message: "这次预案启动已终止。")
    public static let notVerified = AnlanError(.conflict, code: "incident.not_verified", message: "事件核实后才能启动预案。")
    public static let planUnpublished = AnlanError(.conflict, code: "incident.plan_unpublished", message: "预案尚未发布，不能启动。")
    public static func levelMissing(_ level: ResponseLevel) -> AnlanError {
        AnlanError(.conflict, code: "incident.plan_level_missing", message: "该预案未设\(level.label)响应；请先在预案中补充，或选择已设的级别。")
    }
    public static func taskClosed(_ state: IncidentTaskState) -> AnlanError {
        AnlanError(.conflict, code: "incident.task_closed", message: "任务\(state.label)，不能再变更。")
    }
    public static let sameLevel = AnlanError(.conflict, code: "incident.level_unchanged", message: "响应级别未改变。")
}
