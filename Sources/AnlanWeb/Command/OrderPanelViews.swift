import AnlanCore
import AnlanStore
import Foundation

extension IncidentViews {
    /// The incident's dispatch orders and the form that gives one.
    struct OrderPanel {
        let orders: [DispatchOrder]
        /// What can be sent now: the nearest callable teams, equipment and experts (with distance when the incident has a point).
        let callable: [(resource: EmergencyResource, distanceKm: Double?)]
        /// What the caller's warehouses hold free (held less reserved), for the 调运物资 form.
        var stock: [StockBalance] = []
        /// Straight-line distance of each warehouse from the incident, where both have a point.
        var distances: [UUID: Double] = [:]
        /// A warehouse and item picked on the nearby page, to start the form with.
        var picked: (warehouse: String?, item: String?) = (nil, nil)

        static let header = ["接收", "任务", "前往", "下达", "状态"]

        func render(_ i: Incident, role: Role, csrf: String) -> HTML {
            guard !orders.isEmpty else { return .empty }
            let desk = role.can(.keepDuty) && i.state.isOpen
            let rows: [HTML] = orders.map { o in
                var controls: [HTML] = []
                if desk, let next = o.state.next {
                    controls.append(
                        Components.form(
                            action: "/incidents/\(i.id.key)/orders/\(o.id.key)/state", csrf: csrf, classes: "d-inline me-1",
                            content:
                                "<input type=\"hidden\" name=\"state\" value=\"\(next.rawValue)\"><button class=\"btn btn-sm btn-outline-primary\">\(next.label)</button>"
                        ))
                    controls.append(
                        Components.form(
                            action: "/incidents/\(i.id.key)/orders/\(o.id.key)/state", csrf: csrf, classes: "d-flex gap-1 mt-1",
                            content: """
                                <input type="hidden" name="state" value="cancelled"><input class="form-control form-control-sm" name="note" maxlength="500" required placeholder="取消理由">\
                                <button class="btn btn-sm btn-outline-danger text-nowrap">取消指令</button>
                                """))
                }
                let tone: Components.Tone = o.state == .completed ? .success : (o.state == .cancelled ? .neutral : .dark)
                let recipient: HTML =
                    if let id = o.resourceID {
                        "<a href=\"/directory/\(id.key)\">\(o.recipient)</a>"
                    } else if let id = o.warehouseID {
                        "<a href=\"/warehouses/\(id.key)\">\(o.recipient)</a>"
                    } else {
                        "\(o.recipient)"
                    }
                return """
                    <tr><td data-label="\(Self.header[0])">\(recipient)</td>\
                    <td data-label="\(Self.header[1])">\(o.task)\(Self.goods(o))</td><td data-label="\(Self.header[2])">\(o.destination)</td>\
                    <td data-label="\(Self.header[3])">\(Moment.minutes(o.issuedAt))</td>\
                    <td data-label="\(Self.header[4])">\(Components.badge(o.state.label, tone: tone))\(o.note.map { " <span class=\"small\">\($0)</span>" as HTML } ?? .empty)\(controls)</td></tr>
                    """
            }
            let active = orders.filter { $0.state.isActive }.count
            return """
                <h2 class="h5 mt-3" id="orders">调度指令 <span class="small text-muted" data-testid="orders-active">执行中 \(active) 条</span></h2>
                \(Components.table(testID: "orders", header: Self.header, rows: rows, cards: true))
                """
        }

        /// An order's supplies, their state, who takes them and the 出库单 they left on.
        static func goods(_ o: DispatchOrder) -> HTML {
            guard !o.supplies.isEmpty else { return .empty }
            let lines: [HTML] = o.supplies.map { s in
                let tone: Components.Tone = s.state == .issued ? .success : (s.state == .released ? .neutral : .warning)
                return "<li>\(s.itemTitle) \(s.quantity) \(s.unit) \(Components.badge(s.state.label, tone: tone))</li>"
            }
            let slip: HTML =
                o.movementID.map { HTML("，<a href=\"/stock/movements/\($0.key)\" data-testid=\"order-slip\">出库单</a>") } ?? .empty
            return """
                <ul class="small mb-0 mt-1 ps-3" data-testid="order-supplies">\(lines)</ul>\
                <div class="small text-muted">领用人 \(o.receiver ?? "—")\(o.receiverPhone.map { " <a href=\"tel:\($0)\">\($0)</a>" as HTML } ?? .empty)\(slip)</div>
                """
        }

        func form(_ i: Incident, role: Role, csrf: String) -> HTML {
            guard role.can(.keepDuty), i.state.isOpen else { return .empty }
            let groups: [HTML] = [ResourceKind.team, .equipment, .expert].compactMap { kind in
                let items = callable.filter { $0.resource.kind == kind }
                guard !items.isEmpty else { return nil }
                let options: [HTML] = items.map { c in
                    "<option value=\"\(c.resource.id.key)\">\(c.resource.name)\(c.distanceKm.map { "（\(NearbyViews.distance($0))）" } ?? "")</option>"
                }
                return "<optgroup label=\"\(kind.label)\">\(options)</optgroup>"
            }
            let orderForm = Components.form(
                action: "/incidents/\(i.id.key)/orders", csrf: csrf, testID: "dispatch", classes: "card card-body mb-2",
                content: """
                    <h3 class="h6">下达调度指令</h3>
                    <label class="small" for="d-target">调度对象</label>\(DutyViews.select("target", id: "d-target", options: DispatchTarget.allCases.filter { $0 != .warehouse }.map { ($0.rawValue, $0.label) }, selected: nil))
                    <label class="small mt-1" for="d-resource">队伍、装备或专家（可调用的，由近及远）</label>\
                    <select class="form-select" id="d-resource" name="resourceId"><option value="">—</option>\(groups)</select>
                    <label class="small mt-1" for="d-recipient">或接收部门、乡镇</label><input class="form-control" id="d-recipient" name="recipient" maxlength="60" placeholder="如 县水利局、青山镇人民政府">
                    <label class="small mt-1" for="d-task">任务（必填）</label><input class="form-control" id="d-task" name="task" maxlength="500" required>
                    <label class="small mt-1" for="d-destination">前往地点</label><input class="form-control" id="d-destination" name="destination" maxlength="200" value="\(i.place)">
                    <div class="mt-2"><button class="btn btn-sm btn-danger">下达</button></div>
                    """)
            return "\(orderForm)\(supplyForm(i, csrf: csrf))"
        }

        /// 调运物资: an order to a warehouse. The item lists offer what each warehouse holds free; a small script shows
        /// only the chosen warehouse's (without it, every line names its warehouse, and the store checks the choice).
        func supplyForm(_ i: Incident, csrf: String) -> HTML {
            let free = stock.filter { $0.free > 0 }
            guard !free.isEmpty else { return .empty }
            var warehouses: [(String, String)] = []
            for b in free where !warehouses.contains(where: { $0.0 == b.warehouseID.key }) {
                warehouses.append(
                    (b.warehouseID.key, b.warehouseName + (distances[b.warehouseID].map { "（\(NearbyViews.distance($0))）" } ?? "")))
            }
            let chosen = picked.warehouse.flatMap { w in warehouses.first { $0.0 == w }?.0 } ?? warehouses.first?.0
            let rows: [HTML] = (0..<Self.supplyRows).map { n in
                let options: [HTML] = free.map { b in
                    let on = n == 0 && b.warehouseID.key == chosen && b.item.id.key == picked.item
                    return """
                        <option value="\(b.item.id.key)" data-warehouse="\(b.warehouseID.key)"\(HTML(unsafe: on ? " selected" : ""))>\
                        \(b.item.title)：可调运 \(b.free) \(b.item.unit) · \(b.warehouseName)</option>
                        """
                }
                return """
                    <div class="row g-1 mt-1"><div class="col-8"><select class="form-select form-select-sm" name="supplies.itemId" aria-label="物资 \(n + 1)" data-supply-item>\
                    <option value="">物资 \(n + 1)</option>\(options)</select></div>\
                    <div class="col-4"><input class="form-control form-control-sm" name="supplies.quantity" type="number" min="1" max="\(StockMovementOrder.maximumQuantity)" aria-label="数量 \(n + 1)" placeholder="数量"></div></div>
                    """
            }
            return Components.form(
                action: "/incidents/\(i.id.key)/orders", csrf: csrf, testID: "dispatch-supplies", classes: "card card-body mb-2",
                content: """
                    <h3 class="h6" id="dispatch-supplies">调运物资</h3>
                    <p class="small text-muted mb-1">下达时按仓库在库未过期数量预留，其他出库不能占用；物资出发（指令改为“在途”）时自动开具出库单，有效期先到先出；出发前取消指令即释放预留。</p>
                    <input type="hidden" name="target" value="\(DispatchTarget.warehouse.rawValue)">
                    <label class="small" for="s-warehouse">调出仓库</label>\(DutyViews.select("warehouseId", id: "s-warehouse", options: warehouses, selected: chosen))
                    \(rows)
                    <div class="row g-1 mt-1"><div class="col-6"><label class="small" for="s-receiver">领用（押运）人（必填）</label><input class="form-control" id="s-receiver" name="receiver" maxlength="30" required></div>\
                    <div class="col-6"><label class="small" for="s-phone">电话</label><input class="form-control" id="s-phone" name="receiverPhone" maxlength="40" inputmode="tel"></div></div>
                    <label class="small mt-1" for="s-task">任务（必填）</label><input class="form-control" id="s-task" name="task" maxlength="500" required placeholder="如 运送帐篷、折叠床至安置点">
                    <label class="small mt-1" for="s-destination">送达地点</label><input class="form-control" id="s-destination" name="destination" maxlength="200" value="\(i.place)">
                    <div class="mt-2"><button class="btn btn-sm btn-danger">下达调运指令</button></div>
                    """)
        }

        static let supplyRows = 4
    }
}

struct DispatchOrderDTO: Encodable, Sendable {
    struct Supply: Encodable, Sendable {
        let itemId, itemTitle, unit, state: String
        let quantity: Int
    }

    let id, incidentId, target, recipient, task, destination, state, issuedBy: String
    let resourceId, note, warehouseId, receiver, receiverPhone, movementId: String?
    let supplies: [Supply]
    let issuedAt, updatedAt: Date

    init(_ o: DispatchOrder) {
        warehouseId = o.warehouseID?.key
        receiver = o.receiver
        receiverPhone = o.receiverPhone
        movementId = o.movementID?.key
        supplies = o.supplies.map {
            Supply(itemId: $0.itemID.key, itemTitle: $0.itemTitle, unit: $0.unit, state: $0.state.rawValue, quantity: $0.quantity)
        }
        id = o.id.key
        incidentId = o.incidentID.key
        target = o.target.rawValue
        recipient = o.recipient
        task = o.task
        destination = o.destination
        state = o.state.rawValue
        issuedBy = o.issuedBy
        resourceId = o.resourceID?.key
        note = o.note
        issuedAt = o.issuedAt
        updatedAt = o.updatedAt
    }
}

extension IncidentOperations {
    static let orders = APIOperation(
        method: .get, path: "incidents/{id}/orders", operationID: "listDispatchOrders", summary: "事件的调度指令", tag: tag,
        access: .permission(.readBusinessData), parameters: [incident],
        responses: [(200, "调度指令", CommandSchemas.list(of: "DispatchOrder")), SupervisionAPI.notFound], errorCodes: ["incident.not_found"])

    static let dispatch = APIOperation(
        method: .post, path: "incidents/{id}/orders", operationID: "dispatchOrder",
        summary:
            "下达调度指令：给队伍、装备或专家（不能同时执行两条指令）；给仓库调运物资（warehouseId、supplies、receiver：按在库未过期数量预留，出发时开出库单）；或给部门、乡镇",
        tag: tag, access: .permission(.keepDuty),
        parameters: [incident], requestSchema: Schemas.ref("DispatchRequest"),
        responses: [(201, "已下达", Schemas.ref("DispatchOrder")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "dispatch.field_required", "dispatch.target_invalid", "dispatch.resource_invalid", "dispatch.recipient_too_long",
            "dispatch.task_too_long", "dispatch.destination_too_long", "dispatch.resource_not_found", "dispatch.resource_busy",
            "dispatch.warehouse_invalid", "dispatch.supplies_invalid", "dispatch.supplies_required", "dispatch.too_many_supplies",
            "dispatch.item_invalid", "dispatch.quantity_invalid", "dispatch.duplicate_supply", "dispatch.receiver_too_long",
            "dispatch.phone_invalid", "dispatch.phone_too_long", "dispatch.stock_insufficient", "warehouse.not_found", "warehouse.archived",
            "supply.not_found", "incident.not_found", "incident.closed",
        ]
    )
    .explaining("ST202", "which fields are required depends on the target (a resource, or supplies from a warehouse)")

    static let moveOrder = APIOperation(
        method: .post, path: "incidents/{id}/orders/{order}/state", operationID: "moveDispatchOrder",
        summary: "指令进展：received 已接收、enRoute 在途、onScene 到场、completed 已完成，或 cancelled 取消（须写理由）", tag: tag,
        access: .permission(.keepDuty), parameters: [incident, SupervisionAPI.path("order", "指令 ID")],
        requestSchema: Schemas.ref("DispatchMoveRequest"),
        responses: [(200, "指令", Schemas.ref("DispatchOrder")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "dispatch.field_required", "dispatch.state_invalid", "dispatch.note_too_long", "dispatch.reason_required", "dispatch.not_found",
            "dispatch.transition_invalid", "incident.not_found", "stock.insufficient", "stock.expired_confirmation_required",
            "warehouse.archived",
        ]
    )
    .explaining("ST202", "a cancellation needs its reason: a rule across two fields")
}

enum DispatchSchemas {
    typealias S = SupervisionSchemas
    static let all: [(String, JSONValue)] = [
        (
            "DispatchOrder",
            S.object(
                ["id", "incidentId", "target", "recipient", "task", "destination", "state", "issuedBy", "issuedAt", "updatedAt"],
                [
                    "id": S.uuid, "incidentId": S.uuid, "target": ResourceSchemas.enumeration(DispatchTarget.self), "recipient": S.string,
                    "task": S.string, "destination": S.string, "state": ResourceSchemas.enumeration(DispatchState.self),
                    "issuedBy": S.string,
                    "resourceId": S.uuid, "note": S.string, "issuedAt": Schemas.timestamp, "updatedAt": Schemas.timestamp,
                    "warehouseId": S.uuid, "receiver": S.string, "receiverPhone": S.string,
                    "movementId": ["type": "string", "format": "uuid", "description": "物资出发时开具的出库单"],
                    "supplies": [
                        "type": "array",
                        "items": S.object(
                            ["itemId", "itemTitle", "unit", "quantity", "state"],
                            [
                                "itemId": S.uuid, "itemTitle": S.string, "unit": S.string, "quantity": S.integer,
                                "state": ResourceSchemas.enumeration(DispatchSupplyState.self),
                            ]),
                    ],
                ])
        ),
        (
            "DispatchRequest",
            S.object(
                ["task"],
                [
                    "target": ResourceSchemas.enumeration(DispatchTarget.self), "resourceId": S.uuid,
                    "recipient": CommandSchemas.bounded(60),
                    "task": CommandSchemas.bounded(500), "destination": CommandSchemas.bounded(200),
                    "warehouseId": S.uuid, "receiver": CommandSchemas.bounded(30), "receiverPhone": CommandSchemas.bounded(40),
                    "supplies": [
                        "type": "array", "maxItems": .number(Double(DispatchDraft.maximumSupplyLines)),
                        "items": S.object(
                            ["itemId", "quantity"],
                            [
                                "itemId": S.uuid,
                                "quantity": [
                                    "type": "integer", "minimum": 1, "maximum": .number(Double(StockMovementOrder.maximumQuantity)),
                                ],
                            ]),
                    ],
                ])
        ),
        (
            "DispatchMoveRequest",
            S.object(["state"], ["state": ResourceSchemas.enumeration(DispatchState.self), "note": CommandSchemas.bounded(500)])
        ),
    ]
}
