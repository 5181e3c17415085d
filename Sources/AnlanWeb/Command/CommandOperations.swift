import AnlanCore

/// The duty desk's and the incidents' API operations. Reading needs `readBusinessData` (the store refuses enterprise
/// officers); the desk's writes need `keepDuty`, the roster `arrangeDuty`; closing and confirming a level are a
/// leader's (`commandIncidents`, checked by the store as the move is made).
enum DutyOperations {
    static let tag = "值班值守"
    typealias S = SupervisionSchemas
    static func query(_ name: String, _ what: String, _ schema: JSONValue) -> APIOperation.Parameter {
        SupervisionAPI.query(name, what, schema)
    }

    static let now = APIOperation(
        method: .get, path: "duty/now", operationID: "dutyNow", summary: "当前值班、下一班、待签收的交班和待处理事项", tag: tag,
        access: .permission(.readBusinessData), responses: [(200, "值班台", Schemas.ref("DutyNow"))])

    static let shifts = APIOperation(
        method: .get, path: "duty/shifts", operationID: "listDutyShifts", summary: "值班表（一次最多 62 天）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [query("from", "起始日期（默认本周一）", Schemas.day), query("to", "结束日期（默认起始后 13 天）", Schemas.day)],
        responses: [(200, "一页班次", Schemas.page(of: "DutyShift"))], errorCodes: ["duty.range_invalid"]
    )
    .explaining("ST202", "from must not be after to, and the range at most 62 days: a rule across two parameters")

    static let arrange = APIOperation(
        method: .post, path: "duty/shifts", operationID: "arrangeDutyShift", summary: "排班：带班领导和值班员", tag: tag,
        access: .permission(.arrangeDuty), requestSchema: Schemas.ref("DutyShiftRequest"),
        responses: [(201, "已排班", Schemas.ref("DutyShift")), SupervisionAPI.conflict],
        errorCodes: [
            "duty.field_required", "duty.day_invalid", "duty.period_invalid", "duty.officers_invalid", "duty.note_too_long",
            "duty.person_invalid",
            "duty.leader_invalid", "duty.shift_exists",
        ]
    )
    .explaining("ST202", "leader and officers must be existing accounts of the duty roster, officers distinct and other than the leader")

    static let swap = APIOperation(
        method: .post, path: "duty/shifts/{id}/swaps", operationID: "swapDuty", summary: "换班（排班人员，或本人换出）", tag: tag,
        access: .permission(.keepDuty), parameters: [SupervisionAPI.path("id", "班次 ID")], requestSchema: Schemas.ref("DutySwapRequest"),
        responses: [(200, "换班后的班次", Schemas.ref("DutyShift")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "duty.field_required", "duty.reason_too_long", "duty.swap_same_person", "duty.shift_not_found", "duty.shift_over",
            "duty.not_on_shift",
            "duty.person_double_booked", "duty.person_invalid", "duty.leader_invalid",
        ]
    )
    .explaining("ST202", "from and to must be different accounts, from one on the shift: rules across fields and the stored shift")

    static let cancel = APIOperation(
        method: .delete, path: "duty/shifts/{id}", operationID: "cancelDutyShift", summary: "撤销尚未开始、无换班和交接班记录的班次", tag: tag,
        access: .permission(.arrangeDuty), parameters: [SupervisionAPI.path("id", "班次 ID")],
        responses: [(200, "已撤销的班次", Schemas.ref("DutyShift")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: ["duty.shift_not_found", "duty.shift_started", "duty.shift_in_use"])

    static let handOver = APIOperation(
        method: .post, path: "duty/shifts/{id}/handover", operationID: "handOverDuty", summary: "交班：写明移交下一班的事项", tag: tag,
        access: .permission(.keepDuty), parameters: [SupervisionAPI.path("id", "交班的班次 ID")],
        requestSchema: Schemas.ref("DutyHandoverRequest"),
        responses: [(201, "已交班", Schemas.ref("DutyHandover")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "duty.field_required", "duty.handover_text_too_long", "duty.shift_not_found", "duty.not_outgoing", "duty.handover_exists",
            "duty.no_next_shift",
        ])

    static let acknowledge = APIOperation(
        method: .post, path: "duty/handovers/{id}/acknowledge", operationID: "acknowledgeHandover", summary: "接班签收", tag: tag,
        access: .permission(.keepDuty), parameters: [SupervisionAPI.path("id", "交接班 ID")],
        responses: [(200, "已签收", Schemas.ref("DutyHandover")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: ["duty.handover_not_found", "duty.handover_acknowledged", "duty.not_incoming"])

    static let reports = APIOperation(
        method: .get, path: "duty/reports", operationID: "listIncomingReports", summary: "来报记录", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            query("unattached", "只看未转为或并入事件的", S.boolean), query("incidentId", "某事件的来报", S.uuid),
            query("since", "接报时间起（日期或 ISO 8601 时间）", ["type": "string", "maxLength": 40]),
        ],
        responses: [(200, "一页来报", Schemas.page(of: "IncomingReport"))]
    )
    .explaining("ST202", "since is a day (yyyy-MM-dd) or an ISO 8601 time, two formats in one parameter")

    static let report = APIOperation(
        method: .get, path: "duty/reports/{id}", operationID: "getIncomingReport", summary: "一条来报", tag: tag,
        access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "来报 ID")],
        responses: [(200, "来报", Schemas.ref("IncomingReport")), SupervisionAPI.notFound], errorCodes: ["incident.report_not_found"])

    static let log = APIOperation(
        method: .post, path: "duty/reports", operationID: "logIncomingReport", summary: "接报登记（可同时并入一起未结束的事件）", tag: tag,
        access: .permission(.keepDuty), requestSchema: Schemas.ref("IncomingReportRequest"),
        responses: [(201, "已登记", Schemas.ref("IncomingReport")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "report.field_required", "report.received_at_invalid", "report.channel_invalid", "report.caller_too_long",
            "report.number_invalid",
            "report.number_too_long", "report.unit_too_long", "report.text_too_long", "report.division_code_invalid",
            "report.place_too_long",
            "report.incident_invalid", "incident.not_found", "incident.closed",
        ]
    )
    .explaining(
        "ST201",
        "an empty text in an optional field (incidentId, receivedAt, place) is read as not given, as the page's form sends it: one parser serves both faces"
    )
    .explaining("ST202", "receivedAt is a Beijing-time moment (yyyy-MM-ddTHH:mm) or an ISO 8601 time, not after now")

    static let attach = APIOperation(
        method: .post, path: "duty/reports/{id}/attach", operationID: "attachIncomingReport", summary: "来报并入事件", tag: tag,
        access: .permission(.keepDuty), parameters: [SupervisionAPI.path("id", "来报 ID")], requestSchema: Schemas.ref("AttachReportRequest"),
        responses: [(200, "已并入", Schemas.ref("IncomingReport")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "report.field_required", "report.incident_invalid", "incident.report_not_found", "incident.report_attached",
            "incident.not_found", "incident.closed",
        ])
}

enum IncidentOperations {
    static let tag = "突发事件"
    typealias S = SupervisionSchemas

    static let list = APIOperation(
        method: .get, path: "incidents", operationID: "listIncidents", summary: "突发事件（乡镇只见本辖区的）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            DutyOperations.query("open", "只看未结束的", S.boolean),
            DutyOperations.query("state", "状态", ResourceSchemas.enumeration(IncidentState.self)),
            DutyOperations.query("category", "类别", ResourceSchemas.enumeration(IncidentCategory.self)),
            DutyOperations.query("enterpriseId", "涉事企业", S.uuid),
            DutyOperations.query("q", "名称、地点或编号", ["type": "string", "maxLength": 100]),
        ],
        responses: [(200, "一页事件", Schemas.page(of: "Incident"))])

    static let get = APIOperation(
        method: .get, path: "incidents/{id}", operationID: "getIncident", summary: "一起事件（含规则建议的等级）", tag: tag,
        access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "事件 ID")],
        responses: [(200, "事件", Schemas.ref("Incident")), SupervisionAPI.notFound], errorCodes: ["incident.not_found"])

    static let open = APIOperation(
        method: .post, path: "incidents", operationID: "openIncident", summary: "立为事件（可由一条来报转来）", tag: tag,
        access: .permission(.keepDuty), requestSchema: Schemas.ref("IncidentRequest"),
        responses: [(201, "已立为事件", Schemas.ref("Incident")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "incident.field_required", "incident.title_too_long", "incident.type_invalid", "incident.occurred_at_invalid",
            "incident.division_code_invalid", "incident.place_too_long", "incident.location_invalid", "incident.enterprise_invalid",
            "incident.summary_too_long", "incident.level_invalid", "incident.report_invalid", "incident.deaths_invalid",
            "incident.serious_injuries_invalid", "incident.missing_invalid", "incident.loss_invalid", "incident.report_not_found",
            "incident.report_attached",
        ]
    )
    .explaining("ST202", "occurredAt is a Beijing-time moment (yyyy-MM-ddTHH:mm) or an ISO 8601 time, not after now")

    static let move = APIOperation(
        method: .post, path: "incidents/{id}/moves", operationID: "moveIncident",
        summary: "事件操作：verify 核实、respond 启动响应、set_level 定级（局领导确定）、figures 更新伤亡损失、note 记事、close 结束（局领导）", tag: tag,
        access: .permission(.keepDuty), parameters: [SupervisionAPI.path("id", "事件 ID")], requestSchema: Schemas.ref("IncidentMoveRequest"),
        responses: [(200, "操作后的事件", Schemas.ref("Incident")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "incident.field_required", "incident.action_invalid", "incident.level_invalid", "incident.note_too_long",
            "incident.reason_too_long",
            "incident.summary_too_long", "incident.deaths_invalid", "incident.serious_injuries_invalid", "incident.missing_invalid",
            "incident.loss_invalid", "incident.not_found", "incident.closed", "incident.transition_invalid", "incident.leader_only",
            "incident.level_unchanged", "incident.figures_unchanged",
        ]
    )
    .explaining("ST202", "which fields are required depends on the action, as the schema's descriptions say")

    static let events = APIOperation(
        method: .get, path: "incidents/{id}/events", operationID: "listIncidentEvents", summary: "事件时间线（大事记），按时间先后", tag: tag,
        access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "事件 ID")] + AccountsAPI.pageParameters,
        responses: [(200, "一页时间线", Schemas.page(of: "IncidentEvent")), SupervisionAPI.notFound], errorCodes: ["incident.not_found"])

    static let accidentGrade = APIOperation(
        method: .post, path: "rules/accident-grades", operationID: "gradeAccident",
        summary: "按《生产安全事故报告和调查处理条例》第三条定事故等级（以上含本数，取各项中最高的）", tag: "规则", access: .authenticated,
        requestSchema: Schemas.ref("AccidentGradeRequest"), responses: [(200, "等级及其依据", Schemas.ref("AccidentGrade"))],
        errorCodes: ["accident.field_required", "accident.deaths_invalid", "accident.serious_injuries_invalid", "accident.loss_invalid"])
}

extension IncidentOperations {
    static let incident = SupervisionAPI.path("id", "事件 ID")
    static let activationCodes = ["incident.not_found", "incident.closed", "incident.activation_not_found", "incident.activation_ended"]

    static let activations = APIOperation(
        method: .get, path: "incidents/{id}/activations", operationID: "listPlanActivations", summary: "事件启动的预案及其响应级别", tag: tag,
        access: .permission(.readBusinessData), parameters: [incident],
        responses: [(200, "预案启动", CommandSchemas.list(of: "PlanActivation")), SupervisionAPI.notFound], errorCodes: ["incident.not_found"])

    static let activate = APIOperation(
        method: .post, path: "incidents/{id}/activations", operationID: "activatePlan",
        summary: "启动预案：按所选响应级别下达任务，列出应通知的名单；已核实的事件进入响应", tag: tag, access: .permission(.keepDuty),
        parameters: [incident], requestSchema: Schemas.ref("ActivationRequest"),
        responses: [(201, "已启动", Schemas.ref("PlanActivation")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "incident.field_required", "incident.plan_invalid", "incident.level_invalid", "emergency_plan.not_found", "incident.not_found",
            "incident.closed", "incident.not_verified", "incident.plan_active", "incident.plan_unpublished", "incident.plan_level_missing",
        ])

    static let changeLevel = APIOperation(
        method: .post, path: "incidents/{id}/activations/{activation}/level", operationID: "changeResponseLevel",
        summary: "调整响应级别：撤销未完成的任务，按新级别重新下达", tag: tag, access: .permission(.keepDuty),
        parameters: [incident, SupervisionAPI.path("activation", "预案启动 ID")], requestSchema: Schemas.ref("ResponseLevelChangeRequest"),
        responses: [(200, "调整后的启动", Schemas.ref("PlanActivation")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: activationCodes + [
            "incident.field_required", "incident.level_invalid", "incident.reason_too_long", "incident.plan_level_missing",
            "incident.level_unchanged",
        ])

    static let standDown = APIOperation(
        method: .post, path: "incidents/{id}/activations/{activation}/stand-down", operationID: "standDownResponse",
        summary: "终止响应：撤销未完成的任务", tag: tag, access: .permission(.keepDuty),
        parameters: [incident, SupervisionAPI.path("activation", "预案启动 ID")], requestSchema: Schemas.ref("StandDownRequest"),
        responses: [(200, "已终止", Schemas.ref("PlanActivation")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: activationCodes + ["incident.field_required", "incident.reason_too_long"])

    static let tasks = APIOperation(
        method: .get, path: "incidents/{id}/tasks", operationID: "listIncidentTasks", summary: "事件的任务（谁、做什么、何时前完成、进展）", tag: tag,
        access: .permission(.readBusinessData), parameters: [incident],
        responses: [(200, "任务", CommandSchemas.list(of: "IncidentTask")), SupervisionAPI.notFound], errorCodes: ["incident.not_found"])

    static let acknowledgeTask = APIOperation(
        method: .post, path: "incidents/{id}/tasks/{task}/acknowledge", operationID: "acknowledgeIncidentTask", summary: "任务接收", tag: tag,
        access: .permission(.keepDuty), parameters: [incident, SupervisionAPI.path("task", "任务 ID")],
        responses: [(200, "任务", Schemas.ref("IncidentTask")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: ["incident.not_found", "incident.task_not_found", "incident.task_closed"])

    static let completeTask = APIOperation(
        method: .post, path: "incidents/{id}/tasks/{task}/complete", operationID: "completeIncidentTask", summary: "任务完成（可附完成情况）", tag: tag,
        access: .permission(.keepDuty), parameters: [incident, SupervisionAPI.path("task", "任务 ID")],
        requestSchema: Schemas.ref("TaskCompletionRequest"),
        responses: [(200, "任务", Schemas.ref("IncidentTask")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "incident.not_found", "incident.task_not_found", "incident.task_closed", "incident.note_too_long", "incident.field_required",
        ])
}
