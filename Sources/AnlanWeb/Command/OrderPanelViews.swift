import AnlanCore
import AnlanStore
import Foundation

extension IncidentViews {
    /// The incident's dispatch orders and the form that gives one.
    struct OrderPanel {
        let orders: [DispatchOrder]
        /// What can be sent now: the nearest callable teams, equipment and experts (with distance when the incident has a point).
        let callable: [(resource: EmergencyResource, distanceKm: Double?)]

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
                return """
                    <tr><td data-label="\(Self.header[0])">\(o.resourceID.map { HTML("<a href=\"/directory/\($0.key)\">\(o.recipient)</a>") } ?? "\(o.recipient)")</td>\
                    <td data-label="\(Self.header[1])">\(o.task)</td><td data-label="\(Self.header[2])">\(o.destination)</td>\
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
            return Components.form(
                action: "/incidents/\(i.id.key)/orders", csrf: csrf, testID: "dispatch", classes: "card card-body mb-2",
                content: """
                    <h3 class="h6">下达调度指令</h3>
                    <label class="small" for="d-target">调度对象</label>\(DutyViews.select("target", id: "d-target", options: DispatchTarget.allCases.map { ($0.rawValue, $0.label) }, selected: nil))
                    <label class="small mt-1" for="d-resource">队伍、装备或专家（可调用的，由近及远）</label>\
                    <select class="form-select" id="d-resource" name="resourceId"><option value="">—</option>\(groups)</select>
                    <label class="small mt-1" for="d-recipient">或接收部门、乡镇</label><input class="form-control" id="d-recipient" name="recipient" maxlength="60" placeholder="如 县水利局、青山镇人民政府">
                    <label class="small mt-1" for="d-task">任务（必填）</label><input class="form-control" id="d-task" name="task" maxlength="500" required>
                    <label class="small mt-1" for="d-destination">前往地点</label><input class="form-control" id="d-destination" name="destination" maxlength="200" value="\(i.place)">
                    <div class="mt-2"><button class="btn btn-sm btn-danger">下达</button></div>
                    """)
        }
    }
}

struct DispatchOrderDTO: Encodable, Sendable {
    let id, incidentId, target, recipient, task, destination, state, issuedBy: String
    let resourceId, note: String?
    let issuedAt, updatedAt: Date

    init(_ o: DispatchOrder) {
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
        summary: "下达调度指令：给队伍、装备或专家（不能同时执行两条指令），或给部门、乡镇", tag: tag, access: .permission(.keepDuty),
        parameters: [incident], requestSchema: Schemas.ref("DispatchRequest"),
        responses: [(201, "已下达", Schemas.ref("DispatchOrder")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "dispatch.field_required", "dispatch.target_invalid", "dispatch.resource_invalid", "dispatch.recipient_too_long",
            "dispatch.task_too_long", "dispatch.destination_too_long", "dispatch.resource_not_found", "dispatch.resource_busy",
            "incident.not_found", "incident.closed",
        ])

    static let moveOrder = APIOperation(
        method: .post, path: "incidents/{id}/orders/{order}/state", operationID: "moveDispatchOrder",
        summary: "指令进展：received 已接收、enRoute 在途、onScene 到场、completed 已完成，或 cancelled 取消（须写理由）", tag: tag,
        access: .permission(.keepDuty), parameters: [incident, SupervisionAPI.path("order", "指令 ID")],
        requestSchema: Schemas.ref("DispatchMoveRequest"),
        responses: [(200, "指令", Schemas.ref("DispatchOrder")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "dispatch.field_required", "dispatch.state_invalid", "dispatch.note_too_long", "dispatch.reason_required", "dispatch.not_found",
            "dispatch.transition_invalid", "incident.not_found",
        ])
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
                ])
        ),
        (
            "DispatchMoveRequest",
            S.object(["state"], ["state": ResourceSchemas.enumeration(DispatchState.self), "note": CommandSchemas.bounded(500)])
        ),
    ]
}
