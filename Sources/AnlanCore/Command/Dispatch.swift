import Foundation

/// Who a dispatch order (调度指令) goes to: a team, piece of equipment or expert of the directory, a warehouse that sends
/// supplies out of its stock, or a department or township named by the desk.
public enum DispatchTarget: String, Sendable, Codable, CaseIterable {
    case resource, warehouse, department, township

    public var label: String {
        switch self {
        case .resource: "队伍、装备或专家"
        case .warehouse: "仓库（调运物资）"
        case .department: "部门"
        case .township: "乡镇（街道）"
        }
    }
}

/// What happens to the supplies of an order to a warehouse: reserved against the stock when the order is given (others
/// cannot issue them meanwhile), issued on an 出库单 when the goods leave (the order goes 在途 or further), or released
/// when the order is cancelled before they left.
public enum DispatchSupplyState: String, Sendable, Codable, CaseIterable {
    case reserved, issued, released

    public var label: String {
        switch self {
        case .reserved: "已预留"
        case .issued: "已出库"
        case .released: "已释放"
        }
    }
}

/// One line of supplies an order to a warehouse sends.
public struct DispatchSupply: Sendable, Codable, Equatable {
    public let itemID: UUID
    public let itemTitle: String
    public let unit: String
    public let quantity: Int
    public var state: DispatchSupplyState

    public init(itemID: UUID, itemTitle: String, unit: String, quantity: Int, state: DispatchSupplyState) {
        self.itemID = itemID
        self.itemTitle = itemTitle
        self.unit = unit
        self.quantity = quantity
        self.state = state
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

    /// Whether the goods of an order to a warehouse have left by the time the order is in this state.
    public var departed: Bool {
        switch self {
        case .enRoute, .onScene, .completed: true
        case .sent, .received, .cancelled: false
        }
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
    /// An order to a warehouse: the warehouse, the supplies it sends, who takes them (领用人) and, once they left, the
    /// 出库单 that issued them.
    public let warehouseID: UUID?
    public var supplies: [DispatchSupply]
    public let receiver: String?
    public let receiverPhone: String?
    public var movementID: UUID?

    public init(
        id: UUID, incidentID: UUID, target: DispatchTarget, resourceID: UUID?, recipient: String, task: String, destination: String,
        state: DispatchState, issuedBy: String, issuedAt: Date, updatedAt: Date, note: String?, warehouseID: UUID? = nil,
        supplies: [DispatchSupply] = [], receiver: String? = nil, receiverPhone: String? = nil, movementID: UUID? = nil
    ) {
        self.warehouseID = warehouseID
        self.supplies = supplies
        self.receiver = receiver
        self.receiverPhone = receiverPhone
        self.movementID = movementID
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
        public static let warehouse = InputField("warehouseId", label: "调出仓库", context: "dispatch", codeStem: "warehouse")
        public static let supplies = InputField("supplies", label: "调运物资", context: "dispatch", invalidMessage: "调运物资须为行的列表。")
        public static let item = InputField("itemId", label: "物资", context: "dispatch", codeStem: "item")
        public static let quantity = InputField("quantity", label: "数量", context: "dispatch")
        public static let receiver = InputField("receiver", label: "领用（押运）人", context: "dispatch", maxLength: 30)
        public static let receiverPhone = InputField(
            "receiverPhone", label: "领用人电话", context: "dispatch", codeStem: "phone", maxLength: 40,
            invalidMessage: "电话只能包含数字、空格和 + - ( ) 转。")
    }

    /// At most this many kinds of supplies on one order (a truck's load, not a warehouse's).
    public static let maximumSupplyLines = 30

    public var target: DispatchTarget
    public var resourceID: UUID?
    public var recipient: String?
    public var task: String
    public var destination: String?
    public var warehouseID: UUID?
    /// Item and quantity, one line per item.
    public var supplies: [(itemID: UUID, quantity: Int)]
    public var receiver: String?
    public var receiverPhone: String?

    public init(
        target: DispatchTarget, resourceID: UUID? = nil, recipient: String? = nil, task: String, destination: String? = nil,
        warehouseID: UUID? = nil, supplies: [(itemID: UUID, quantity: Int)] = [], receiver: String? = nil, receiverPhone: String? = nil
    ) {
        self.target = target
        self.resourceID = resourceID
        self.recipient = recipient
        self.task = task
        self.destination = destination
        self.warehouseID = warehouseID
        self.supplies = supplies
        self.receiver = receiver
        self.receiverPhone = receiverPhone
    }

    public static func == (a: DispatchDraft, b: DispatchDraft) -> Bool {
        a.target == b.target && a.resourceID == b.resourceID && a.recipient == b.recipient && a.task == b.task
            && a.destination == b.destination && a.warehouseID == b.warehouseID && a.receiver == b.receiver
            && a.receiverPhone == b.receiverPhone && a.supplies.map(\.itemID) == b.supplies.map(\.itemID)
            && a.supplies.map(\.quantity) == b.supplies.map(\.quantity)
    }

    public static func parse(_ input: some CommandInput) throws -> DispatchDraft {
        typealias F = Field
        guard let target = DispatchTarget(rawValue: try input.text(F.target) ?? DispatchTarget.resource.rawValue) else {
            throw F.target.invalid
        }
        let resource = try input.uuid(F.resource)
        let recipient = try input.text(F.recipient)
        switch target {
        case .resource: if resource == nil { throw F.resource.missing }
        case .warehouse: break
        case .department, .township: if recipient == nil { throw F.recipient.missing }
        }
        var draft = DispatchDraft(
            target: target, resourceID: target == .resource ? resource : nil,
            recipient: target == .department || target == .township ? recipient : nil,
            task: try input.requiredText(F.task), destination: try input.text(F.destination))
        if target == .warehouse {
            guard let warehouse = try input.uuid(F.warehouse) else { throw F.warehouse.missing }
            draft.warehouseID = warehouse
            draft.supplies = try supplies(input)
            draft.receiver = try input.requiredText(F.receiver)
            draft.receiverPhone = try input.text(F.receiverPhone)
            if let phone = draft.receiverPhone, !WarehouseDraft.isPhone(phone) { throw F.receiverPhone.invalid }
        }
        return draft
    }

    /// The supplies of an order to a warehouse: at least one line, each item once, each quantity within the stock's bounds.
    private static func supplies(_ input: some CommandInput) throws -> [(itemID: UUID, quantity: Int)] {
        typealias F = Field
        guard let records = input.records(F.supplies.name, fields: [F.item.name, F.quantity.name]) else { throw F.supplies.invalid }
        guard !records.isEmpty else { throw DispatchErrors.suppliesRequired }
        guard records.count <= maximumSupplyLines else { throw DispatchErrors.tooManySupplies }
        var lines: [(itemID: UUID, quantity: Int)] = []
        for (index, record) in records.enumerated() {
            do {
                guard let item = try record.uuid(F.item) else { throw F.item.missing }
                guard let quantity = try record.integer(F.quantity) else { throw F.quantity.missing }
                guard (1...StockMovementOrder.maximumQuantity).contains(quantity) else { throw DispatchErrors.quantityInvalid }
                guard !lines.contains(where: { $0.itemID == item }) else { throw DispatchErrors.duplicateSupply }
                lines.append((item, quantity))
            } catch let error as AnlanError {
                throw AnlanError(error.kind, code: error.code, message: "第 \(index + 1) 行：\(error.message)", details: error.details)
            }
        }
        return lines
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
    public static let suppliesRequired = AnlanError.invalid("dispatch.supplies_required", "调运物资须至少填写一行物资和数量。", field: "supplies")
    public static let tooManySupplies = AnlanError.invalid(
        "dispatch.too_many_supplies", "一条指令最多调运 \(DispatchDraft.maximumSupplyLines) 种物资。", field: "supplies")
    public static let quantityInvalid = AnlanError.invalid(
        "dispatch.quantity_invalid", "数量须为 1 到 \(StockMovementOrder.maximumQuantity) 之间的整数。", field: "quantity")
    public static let duplicateSupply = AnlanError.invalid("dispatch.duplicate_supply", "同一物资在指令中重复出现，请合并为一行。", field: "supplies")

    /// Not enough of an item is free in the warehouse: what it holds usable, what other orders reserved, what is asked.
    public static func stockInsufficient(_ item: String, unit: String, usable: Int, reserved: Int, asked: Int) -> AnlanError {
        AnlanError(
            .conflict, code: "dispatch.stock_insufficient",
            message: "\(item)可调运 \(max(0, usable - reserved)) \(unit)（在库未过期 \(usable)，其他指令已预留 \(reserved)），不足 \(asked) \(unit)；指令未下达。",
            details: ["available": String(max(0, usable - reserved)), "reserved": String(reserved), "requested": String(asked)])
    }

    public static func transition(_ from: DispatchState, _ to: DispatchState) -> AnlanError {
        AnlanError(.conflict, code: "dispatch.transition_invalid", message: "指令当前为“\(from.label)”，不能改为“\(to.label)”。")
    }
}
