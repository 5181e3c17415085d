import AnlanCore
import AnlanStore
import Foundation

struct EmergencyPlanDTO: Encodable, Sendable {
    let id, title, scope, topic, divisionCode, reviewState: String
    let enterpriseId, department: String?
    let evaluationYears: Int
    let currentVersion: Int?
    let publishedOn, lastEvaluatedOn, nextEvaluationDue, withdrawnOn: Day?
    let versions: [PlanVersionDTO]?
    let levels: [PlanLevel]?
    let evaluations: [PlanEvaluation]?

    init(_ p: EmergencyPlan, today: Day, versions: [PlanVersion]? = nil, levels: [PlanLevel]? = nil, evaluations: [PlanEvaluation]? = nil) {
        id = p.id.key
        title = p.title
        scope = p.scope.rawValue
        topic = p.topic.rawValue
        divisionCode = p.divisionCode
        reviewState = p.reviewState(today: today, warningDays: PlanRules.defaultWarningDays).rawValue
        enterpriseId = p.enterpriseID?.key
        department = p.department
        evaluationYears = p.evaluationYears
        currentVersion = p.currentVersion
        publishedOn = p.publishedOn
        lastEvaluatedOn = p.lastEvaluatedOn
        nextEvaluationDue = p.nextEvaluationDue
        withdrawnOn = p.withdrawnOn
        self.versions = versions?.map(PlanVersionDTO.init)
        self.levels = levels
        self.evaluations = evaluations
    }
}

struct PlanVersionDTO: Encodable, Sendable {
    let number: Int
    let publishedOn: Day
    let approvedBy, changes, recordedBy: String
    let fileName: String?
    let recordedAt: Date

    init(_ v: PlanVersion) {
        number = v.number
        publishedOn = v.publishedOn
        approvedBy = v.approvedBy
        changes = v.changes
        recordedBy = v.recordedBy
        fileName = v.fileName
        recordedAt = v.recordedAt
    }
}

struct PlanFilingDTO: Encodable, Sendable {
    let id, planId, enterpriseId, state: String
    let version: Int
    let submittedOn, dueOn: Day
    let decidedOn: Day?
    let number, reason: String?
    let late: Bool

    init(_ f: PlanFiling, today: Day) {
        id = f.id.key
        planId = f.planID.key
        enterpriseId = f.enterpriseID.key
        state = f.state.rawValue
        version = f.version
        submittedOn = f.submittedOn
        dueOn = f.dueOn
        decidedOn = f.decidedOn
        number = f.number
        reason = f.reason
        late = f.isLate(today: today)
    }
}

enum PlanSchemas {
    typealias S = SupervisionSchemas
    static let text: JSONValue = ["type": "string"]
    static let day = Schemas.day
    static let level = S.object(
        ["level", "trigger", "actions", "lead", "contacts", "needs"],
        [
            "level": ["type": "integer", "minimum": 1, "maximum": 4], "trigger": text, "actions": S.stringArray, "lead": text,
            "contacts": S.stringArray,
            "needs": ["type": "array", "items": S.object(["name", "quantity"], ["name": text, "quantity": S.integer])],
        ])
    static let evaluation = S.object(
        ["on", "conclusion", "note"],
        ["on": day, "conclusion": ResourceSchemas.enumeration(PlanEvaluation.Conclusion.self), "note": text])
    static let version = S.object(
        ["number", "publishedOn", "approvedBy", "changes", "recordedBy", "recordedAt"],
        [
            "number": S.integer, "publishedOn": day, "approvedBy": text, "changes": text, "recordedBy": text, "fileName": text,
            "recordedAt": Schemas.timestamp,
        ])

    static let all: [(String, JSONValue)] = [
        (
            "EnterpriseNotFiled",
            S.object(
                ["enterpriseId", "name", "divisionCode"],
                ["enterpriseId": S.uuid, "name": ["type": "string"], "divisionCode": Schemas.divisionCode])
        ),
        (
            "EmergencyPlan",
            S.object(
                ["id", "title", "scope", "topic", "divisionCode", "reviewState", "evaluationYears"],
                [
                    "id": S.uuid, "title": text, "scope": ResourceSchemas.enumeration(PlanScope.self),
                    "topic": ResourceSchemas.enumeration(PlanTopic.self),
                    "divisionCode": Schemas.divisionCode, "reviewState": ResourceSchemas.enumeration(PlanReviewState.self),
                    "enterpriseId": S.uuid,
                    "department": text, "evaluationYears": S.integer, "currentVersion": S.integer, "publishedOn": day,
                    "lastEvaluatedOn": day,
                    "nextEvaluationDue": day, "withdrawnOn": day, "versions": ["type": "array", "items": version],
                    "levels": ["type": "array", "items": level], "evaluations": ["type": "array", "items": evaluation],
                ])
        ),
        (
            "EmergencyPlanRequest",
            S.object(
                ["title", "scope", "topic", "divisionCode"],
                [
                    "title": ["type": "string", "minLength": 1, "maxLength": .number(Double(EmergencyPlanDraft.titleLimit))],
                    "scope": ResourceSchemas.enumeration(PlanScope.self), "topic": ResourceSchemas.enumeration(PlanTopic.self),
                    "divisionCode": Schemas.divisionCode, "enterpriseId": S.uuid, "department": ["type": "string", "maxLength": 60],
                    "evaluationYears": ["type": "integer", "minimum": 1, "maximum": 5],
                ])
        ),
        (
            "PlanVersionRequest",
            S.object(
                ["publishedOn", "approvedBy"],
                [
                    "publishedOn": day, "approvedBy": ["type": "string", "minLength": 1, "maxLength": 60],
                    "changes": ["type": "string", "maxLength": 2000],
                ])
        ),
        (
            "PlanLevelRequest",
            S.object(
                ["level", "trigger", "actions", "lead"],
                [
                    "level": ["type": "integer", "minimum": 1, "maximum": 4], "trigger": ["type": "string", "maxLength": 2000],
                    "actions": ["type": "string", "maxLength": 2000, "description": "每行一项措施"], "lead": ["type": "string", "maxLength": 60],
                    "contacts": ["type": "string", "maxLength": 2000, "description": "每行一个：单位或姓名|电话"],
                    "needs": ["type": "string", "maxLength": 2000, "description": "每行一个：物资或力量|数量"],
                ])
        ),
        (
            "PlanEvaluationRequest",
            S.object(
                ["on", "conclusion", "note"],
                [
                    "on": day, "conclusion": ResourceSchemas.enumeration(PlanEvaluation.Conclusion.self),
                    "note": ["type": "string", "maxLength": 2000],
                ])
        ),
        (
            "PlanFiling",
            S.object(
                ["id", "planId", "enterpriseId", "state", "version", "submittedOn", "dueOn", "late"],
                [
                    "id": S.uuid, "planId": S.uuid, "enterpriseId": S.uuid, "state": ResourceSchemas.enumeration(PlanFiling.State.self),
                    "version": S.integer, "submittedOn": day, "dueOn": day, "decidedOn": day, "number": text, "reason": text,
                    "late": S.boolean,
                ])
        ),
        (
            "PlanFilingDecision",
            S.object(["record"], ["record": S.boolean, "reason": ["type": "string", "maxLength": 500, "description": "退回时必填"]])
        ),
    ]
}

enum PlanOperations {
    static let tag = "应急预案"
    static let notFound = SupervisionAPI.notFound
    static let conflict = SupervisionAPI.conflict
    static let id = SupervisionAPI.path("id", "预案 ID")
    static let draftCodes = [
        "emergency_plan.field_required", "emergency_plan.title_too_long", "emergency_plan.scope_invalid", "emergency_plan.topic_invalid",
        "emergency_plan.division_code_invalid",
        "emergency_plan.enterprise_invalid", "emergency_plan.department_too_long", "emergency_plan.evaluation_years_invalid",
        "division.not_found", "enterprise.not_found",
    ]

    static let list = APIOperation(
        method: .get, path: "plans", operationID: "listEmergencyPlans", summary: "应急预案（企业安全员只见本企业的）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            ResourceOperations.query("scope", "预案类别", ResourceSchemas.enumeration(PlanScope.self)),
            ResourceOperations.query("topic", "适用领域", ResourceSchemas.enumeration(PlanTopic.self)),
            ResourceOperations.query(
                "review", "评估状态：current 现行、dueSoon 即将到期、overdue 逾期未评估、unpublished 未发布、withdrawn 已废止",
                ResourceSchemas.enumeration(PlanReviewState.self)),
            ResourceOperations.query("enterpriseId", "企业", SupervisionSchemas.uuid), ResourceOperations.searchParameter,
        ],
        responses: [(200, "一页预案", Schemas.page(of: "EmergencyPlan"))])

    static let get = APIOperation(
        method: .get, path: "plans/{id}", operationID: "getEmergencyPlan", summary: "一份预案及其版本、响应级别和评估", tag: tag,
        access: .permission(.readBusinessData), parameters: [id], responses: [(200, "预案", Schemas.ref("EmergencyPlan")), notFound],
        errorCodes: ["emergency_plan.not_found"])

    static let create = APIOperation(
        method: .post, path: "plans", operationID: "createEmergencyPlan", summary: "登记预案（局内人员；企业安全员登记本企业预案）", tag: tag,
        access: .permission(.readBusinessData), requestSchema: Schemas.ref("EmergencyPlanRequest"),
        responses: [(201, "已登记", Schemas.ref("EmergencyPlan")), notFound], errorCodes: draftCodes
    )
    .explaining(
        "ST201",
        "an empty text in an optional field (enterpriseId, department) is read as not given, as the page's form sends it: one parser serves both faces"
    )
    .explaining(
        "ST202",
        "the division's level follows the plan's scope (county plans at the county, township plans at a township): a rule across two fields"
    )

    static let update = APIOperation(
        method: .put, path: "plans/{id}", operationID: "updateEmergencyPlan", summary: "修改预案名称、领域、部门、评估周期", tag: tag,
        access: .permission(.readBusinessData), parameters: [id], requestSchema: Schemas.ref("EmergencyPlanRequest"),
        responses: [(200, "已修改", Schemas.ref("EmergencyPlan")), notFound, conflict],
        errorCodes: draftCodes + ["emergency_plan.not_found", "emergency_plan.withdrawn"]
    )
    .explaining("ST202", "the division's level follows the plan's scope: a rule across two fields")

    static let addVersion = APIOperation(
        method: .post, path: "plans/{id}/versions", operationID: "addPlanVersion", summary: "登记新发布的版本（评估周期自发布日重新起算）", tag: tag,
        access: .permission(.readBusinessData), parameters: [id], requestSchema: Schemas.ref("PlanVersionRequest"),
        responses: [(201, "已登记", Schemas.ref("EmergencyPlan")), notFound, conflict],
        errorCodes: [
            "emergency_plan.not_found", "emergency_plan.withdrawn", "emergency_plan.field_required", "emergency_plan.published_on_invalid",
            "emergency_plan.approved_by_too_long", "emergency_plan.changes_too_long",
        ]
    )
    .explaining("ST202", "the publication day must not be after today, a bound relative to the present")

    static let attachDocument = APIOperation(
        method: .post, path: "plans/{id}/versions/{number}/document", operationID: "attachPlanDocument", summary: "上传某版本的预案文件", tag: tag,
        access: .permission(.readBusinessData),
        parameters: [
            id, .init(name: "number", location: .path, required: true, description: "版本号", schema: ["type": "integer", "minimum": 1]),
            .init(
                name: "fileName", location: .query, required: true, description: "原文件名",
                schema: ["type": "string", "minLength": 1, "maxLength": 200]),
        ],
        requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
        responses: [(200, "已上传", Schemas.ref("EmergencyPlan")), notFound, conflict],
        errorCodes: [
            "emergency_plan.not_found", "emergency_plan.document_exists", "attachment.file_name_required", "attachment.type_not_allowed",
            "attachment.too_large",
        ]
    )
    .explaining("ST202", "the file must be a PDF scan, a DOCX/XLSX document or a photo, recognised by its content")

    static let setLevel = APIOperation(
        method: .post, path: "plans/{id}/levels", operationID: "setPlanLevel", summary: "设置一个响应级别的启动条件、措施、指挥、通知名单和所需资源", tag: tag,
        access: .permission(.readBusinessData), parameters: [id], requestSchema: Schemas.ref("PlanLevelRequest"),
        responses: [(200, "已设置", Schemas.ref("EmergencyPlan")), notFound, conflict],
        errorCodes: [
            "emergency_plan.not_found", "emergency_plan.withdrawn", "emergency_plan.field_required", "emergency_plan.level_invalid",
            "emergency_plan.needs_invalid", "emergency_plan.trigger_too_long",
        ]
    )
    .explaining("ST202", "needs are lines of name|quantity with a positive whole quantity, a format across lines")

    static let evaluate = APIOperation(
        method: .post, path: "plans/{id}/evaluations", operationID: "evaluatePlan", summary: "登记评估（局内人员）", tag: tag,
        access: .permission(.managePlans), parameters: [id], requestSchema: Schemas.ref("PlanEvaluationRequest"),
        responses: [(200, "已登记", Schemas.ref("EmergencyPlan")), notFound, conflict],
        errorCodes: [
            "emergency_plan.not_found", "emergency_plan.no_version", "emergency_plan.withdrawn", "emergency_plan.field_required",
            "emergency_plan.evaluated_on_invalid", "emergency_plan.conclusion_invalid",
        ]
    )
    .explaining("ST202", "the evaluation day must not be after today, a bound relative to the present")

    static let withdraw = APIOperation(
        method: .post, path: "plans/{id}/withdraw", operationID: "withdrawPlan", summary: "废止预案", tag: tag,
        access: .permission(.readBusinessData), parameters: [id],
        responses: [(200, "已废止", Schemas.ref("EmergencyPlan")), notFound, conflict],
        errorCodes: ["emergency_plan.not_found", "emergency_plan.withdrawn"])

    static let submitFiling = APIOperation(
        method: .post, path: "plans/{id}/filings", operationID: "submitPlanFiling", summary: "企业预案提交告知性备案", tag: tag,
        access: .permission(.readBusinessData), parameters: [id], responses: [(201, "已提交", Schemas.ref("PlanFiling")), notFound, conflict],
        errorCodes: [
            "emergency_plan.not_found", "emergency_plan.not_enterprise_plan", "emergency_plan.no_version", "emergency_plan.withdrawn",
            "emergency_plan.filing_open",
        ])

    static let filings = APIOperation(
        method: .get, path: "plan-filings", operationID: "listPlanFilings", summary: "预案备案申请", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            ResourceOperations.query("state", "状态", ResourceSchemas.enumeration(PlanFiling.State.self)),
            ResourceOperations.query("late", "只看逾期办理的", SupervisionSchemas.boolean),
        ],
        responses: [(200, "一页备案申请", Schemas.page(of: "PlanFiling"))])

    static let notFiled = APIOperation(
        method: .get, path: "plan-filings/not-filed", operationID: "listEnterprisesNotFiled",
        summary: "未备案企业：辖区内在册企业中尚无已登记备案预案的（可按行业、乡镇筛选）", tag: tag, access: .permission(.managePlans),
        parameters: AccountsAPI.pageParameters + [
            ResourceOperations.query("sector", "行业", ["type": "string", "maxLength": 20]),
            ResourceOperations.query("divisionCode", "乡镇（街道）", Schemas.divisionCode),
        ],
        responses: [(200, "一页企业", Schemas.page(of: "EnterpriseNotFiled"))])

    static let decideFiling = APIOperation(
        method: .post, path: "plan-filings/{id}/decision", operationID: "decidePlanFiling", summary: "备案登记（编号）或退回（理由）", tag: tag,
        access: .permission(.managePlans), parameters: [SupervisionAPI.path("id", "备案申请 ID")],
        requestSchema: Schemas.ref("PlanFilingDecision"),
        responses: [(200, "已办理", Schemas.ref("PlanFiling")), notFound, conflict],
        errorCodes: [
            "emergency_plan.filing_not_found", "emergency_plan.filing_decided", "emergency_plan.reason_required",
            "emergency_plan.field_required", "emergency_plan.record_invalid",
        ]
    )
    .explaining("ST202", "a return (record false) needs its reason: a rule across two fields")
}

/// An enterprise with no recorded plan filing, as the API lists it.
struct EnterpriseNotFiledDTO: Encodable, Sendable {
    let enterpriseId, name, divisionCode: String
}
