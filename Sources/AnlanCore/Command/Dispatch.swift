import Foundation

/// Who a dispatch order (调度指令) goes to: a team, piece of equipment or expert of the directory, or a department or
/// township named by the desk.
public enum DispatchTarget: String, Sendable, Codable, CaseIterable {
    case resource, department, township

    public var label: String {
        switch self {
        case .resource: "队伍、装备或专家"
        case .department: "部门"
        case .township: "乡镇（街道）"
        }
    }
}

/// 已下达 → 已接收 → 在途 → 到场 → 已完成; any active order may be cancelled with the reason.
public enum DispatchState: String, Sendable, Codable, CaseIterable {
    case sent, received, enRoute, onScene, completed, cancelled

    public var label: String {
        switch self {
        case .sent: "已下达"
        case .received: "已接收"
        case .enRoute: "在途"
        case .onScene: "到场"
        case .completed: "已完成"
        case .cancelled: "已取消"
        }
    }

    public var isActive: Bool { self != .completed && self != .cancelled }

    /// The state that follows in the order's normal course; nil once it is over.
    public var next: DispatchState? {
        switch self {
        case .sent: .received
        case .received: .enRoute
        case .enRoute: .onScene
        case .onScene: .completed
        case .completed, .cancelled: nil
        }
    }

    /// Whether an order may go from this state to `to`: forward along the course (a step may be skipped when it was not
    /// reported, e.g. straight to 到场), or cancelled while active.
    public func allows(_ to: DispatchState) -> Bool {
        guard isActive else { return false }
        if to == .cancelled { return true }
        let order = DispatchState.allCases
        return order.firstIndex(of: to)! > order.firstIndex(of: self)! && to != .cancelled
    }

    /// The state a resource of the directory takes while on an active order, by kind.
    public static func busyState(for kind: ResourceKind) -> String? {
        switch kind {
        case .team: "onTask"
        case .equipment: "inUse"
        case .expert: "unavailable"
        case .shelter: nil
        }
    }
}

public struct DispatchOrder: Sendable, Codable, Equatable {
    public let id: UUID
    public let incidentID: UUID
    public let target: DispatchTarget
    public let resourceID: UUID?
    public let recipient: String
    public let task: String
    public let destination: String
    public var state: DispatchState
    public let issuedBy: String
    public let issuedAt: Date
    public var updatedAt: Date
    public var note: String?

    public init(
        id: UUID, incidentID: UUID, target: DispatchTarget, resourceID: UUID?, recipient: String, task: String, destination: String,
        state: DispatchState, issuedBy: String, issuedAt: Date, updatedAt: Date, note: String?
    ) {
        self.id = id
        self.incidentID = incidentID
        self.target = target
        self.resourceID = resourceID
        self.recipient = recipient
        self.task = task
        self.destination = destination
        self.state = state
        self.issuedBy = issuedBy
        self.issuedAt = issuedAt
        self.updatedAt = updatedAt
        self.note = note
    }
}

public struct DispatchDraft: Sendable, Equatable {
    public enum Field {
        public static let target = InputField("target", label: "调度对象类别", context: "dispatch")
        public static let resource = InputField("resourceId", label: "队伍、装备或专家", context: "dispatch", codeStem: "resource")
        public static let recipient = InputField("recipient", label: "接收单位", context: "dispatch", maxLength: 60)
        public static let task = InputField("task", label: "任务", context: "dispatch", maxLength: 500)
        public static let destination = InputField("destination", label: "前往地点", context: "dispatch", maxLength: 200)
        public static let state = InputField("state", label: "指令状态", context: "dispatch")
        public static let note = InputField("note", label: "说明", context: "dispatch", maxLength: 500)
    }

    public var target: DispatchTarget
    public var resourceID: UUID?
    public var recipient: String?
    public var task: String
    public var destination: String?

    public init(target: DispatchTarget, resourceID: UUID? = nil, recipient: String? = nil, task: String, destination: String? = nil) {
        self.target = target
        self.resourceID = resourceID
        self.recipient = recipient
        self.task = task
        self.destination = destination
    }

    public static func parse(_ input: some CommandInput) throws -> DispatchDraft {
        typealias F = Field
        guard let target = DispatchTarget(rawValue: try input.text(F.target) ?? DispatchTarget.resource.rawValue) else {
            throw F.target.invalid
        }
        let resource = try input.uuid(F.resource)
        let recipient = try input.text(F.recipient)
        if target == .resource && resource == nil { throw F.resource.missing }
        if target != .resource && recipient == nil { throw F.recipient.missing }
        return DispatchDraft(
            target: target, resourceID: target == .resource ? resource : nil, recipient: target == .resource ? nil : recipient,
            task: try input.requiredText(F.task), destination: try input.text(F.destination))
    }

    /// A move of an order: the new state and what was said.
    public static func parseMove(_ input: some CommandInput) throws -> (state: DispatchState, note: String?) {
        guard let state = DispatchState(rawValue: try input.requiredText(Field.state)) else { throw Field.state.invalid }
        let note = try input.text(Field.note)
        if state == .cancelled && note == nil {
            throw AnlanError.invalid("dispatch.reason_required", "取消指令须写明理由。", field: Field.note.name)
        }
        return (state, note)
    }
}

public enum DispatchErrors {
    public static let notFound = AnlanError.notFound("dispatch.not_found", "该事件没有这条调度指令。")
    public static let resourceNotFound = AnlanError.notFound("dispatch.resource_not_found", "队伍、装备或专家不存在或不在您的辖区内。")
    public static let notDispatchable = AnlanError.invalid("dispatch.resource_invalid", "避难场所不接受调度指令；请在资源页开放场所。", field: "resourceId")
    public static func busy(_ name: String, _ state: String) -> AnlanError {
        AnlanError(.conflict, code: "dispatch.resource_busy", message: "\(name)当前\(state)，不能再下达指令；请先完成或取消原指令，或另选资源。")
    }
    public static func transition(_ from: DispatchState, _ to: DispatchState) -> AnlanError {
        AnlanError(.conflict, code: "dispatch.transition_invalid", message: "指令当前为“\(from.label)”，不能改为“\(to.label)”。")
    }
}
