import AnlanCore
import AnlanStore
import Foundation

struct DrillDTO: Encodable, Sendable {
    let id, title, type, planKind, divisionCode, organiser, scenario: String
    let on: Day
    let planId, enterpriseId, units, evaluation, findings, followUps: String?
    let participants: Int

    init(_ d: Drill) {
        id = d.id.key
        title = d.title
        type = d.type.rawValue
        planKind = d.planKind.rawValue
        divisionCode = d.divisionCode
        organiser = d.organiser
        scenario = d.scenario
        on = d.on
        planId = d.planID?.key
        enterpriseId = d.enterpriseID?.key
        units = d.units
        evaluation = d.evaluation
        findings = d.findings
        followUps = d.followUps
        participants = d.participants
    }
}

struct DrillComplianceDTO: Encodable, Sendable {
    struct StandingDTO: Encodable, Sendable {
        let rule, source: String
        let months: Int
        let last, due: Day?
        let behind: Bool
    }
    let subjectId, name, divisionCode: String
    let enterprise, highRisk, behind: Bool
    let standings: [StandingDTO]

    init(_ c: EmergencyPlanRepository.DrillCompliance) {
        subjectId = c.subjectID
        name = c.name
        divisionCode = c.divisionCode
        enterprise = c.isEnterprise
        highRisk = c.highRisk
        behind = c.behind
        standings = c.standings.map {
            StandingDTO(
                rule: $0.requirement.label, source: $0.requirement.source, months: $0.requirement.months, last: $0.last, due: $0.due,
                behind: $0.behind)
        }
    }
}

enum DrillSchemas {
    typealias S = SupervisionSchemas
    static let text: JSONValue = ["type": "string"]
    static let all: [(String, JSONValue)] = [
        (
            "Drill",
            S.object(
                ["id", "title", "type", "planKind", "divisionCode", "organiser", "scenario", "on", "participants"],
                [
                    "id": S.uuid, "title": text, "type": ResourceSchemas.enumeration(DrillType.self),
                    "planKind": ResourceSchemas.enumeration(DrillPlanKind.self),
                    "divisionCode": Schemas.divisionCode, "organiser": text, "scenario": text, "on": Schemas.day, "planId": S.uuid,
                    "enterpriseId": S.uuid,
                    "units": text, "evaluation": text, "findings": text, "followUps": text, "participants": S.integer,
                ])
        ),
        (
            "DrillRequest",
            S.object(
                ["title", "on", "type", "planId", "organiser", "participants", "scenario"],
                [
                    "title": ["type": "string", "minLength": 1, "maxLength": 100], "on": Schemas.day,
                    "type": ResourceSchemas.enumeration(DrillType.self),
                    "planKind": ResourceSchemas.enumeration(DrillPlanKind.self), "planId": S.uuid,
                    "organiser": ["type": "string", "minLength": 1, "maxLength": 60],
                    "participants": ["type": "integer", "minimum": 1, "maximum": 100_000], "units": ["type": "string", "maxLength": 500],
                    "scenario": ["type": "string", "minLength": 1, "maxLength": 2000], "evaluation": ["type": "string", "maxLength": 2000],
                    "findings": ["type": "string", "maxLength": 2000], "followUps": ["type": "string", "maxLength": 2000],
                ])
        ),
        (
            "DrillCompliance",
            S.object(
                ["subjectId", "name", "divisionCode", "enterprise", "highRisk", "behind", "standings"],
                [
                    "subjectId": text, "name": text, "divisionCode": Schemas.divisionCode, "enterprise": S.boolean, "highRisk": S.boolean,
                    "behind": S.boolean,
                    "standings": [
                        "type": "array",
                        "items": S.object(
                            ["rule", "source", "months", "behind"],
                            [
                                "rule": text, "source": text, "months": S.integer, "last": Schemas.day, "due": Schemas.day,
                                "behind": S.boolean,
                            ]),
                    ],
                ])
        ),
    ]
}

enum DrillOperations {
    static let tag = PlanOperations.tag

    static let list = APIOperation(
        method: .get, path: "drills", operationID: "listDrills", summary: "应急演练记录（企业安全员只见本企业的）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            ResourceOperations.query("enterpriseId", "企业", SupervisionSchemas.uuid),
            ResourceOperations.query("planId", "预案", SupervisionSchemas.uuid),
            ResourceOperations.query("type", "演练形式", ResourceSchemas.enumeration(DrillType.self)),
            ResourceOperations.query("from", "日期起", Schemas.day), ResourceOperations.query("to", "日期止", Schemas.day),
        ],
        responses: [(200, "一页演练", Schemas.page(of: "Drill"))])

    static let get = APIOperation(
        method: .get, path: "drills/{id}", operationID: "getDrill", summary: "一次演练", tag: tag, access: .permission(.readBusinessData),
        parameters: [SupervisionAPI.path("id", "演练 ID")], responses: [(200, "演练", Schemas.ref("Drill")), SupervisionAPI.notFound],
        errorCodes: ["drill.not_found"])

    static let record = APIOperation(
        method: .post, path: "drills", operationID: "recordDrill", summary: "登记演练（局内人员；企业安全员登记本企业的）", tag: tag,
        access: .permission(.readBusinessData), requestSchema: Schemas.ref("DrillRequest"),
        responses: [(201, "已登记", Schemas.ref("Drill")), SupervisionAPI.notFound],
        errorCodes: [
            "drill.field_required", "drill.title_too_long", "drill.on_invalid", "drill.type_invalid", "drill.plan_kind_invalid",
            "drill.plan_invalid",
            "drill.participants_invalid", "drill.organiser_too_long", "drill.units_too_long", "drill.scenario_too_long",
            "emergency_plan.not_found",
        ]
    )
    .explaining(
        "ST202", "the day of the drill must not be after today (a drill to come is planned, not recorded), a bound relative to the present")

    static let compliance = APIOperation(
        method: .get, path: "drills/compliance", operationID: "drillCompliance",
        summary: "演练频次：企业（综合或专项每年、现场处置方案每半年、高危行业每半年）或县、乡镇（每 2 年）的最近演练、应演练日期和是否逾期", tag: tag,
        access: .permission(.managePlans),
        parameters: AccountsAPI.pageParameters + [
            ResourceOperations.query(
                "subjects", "enterprises 企业（默认）或 governments 县、乡镇", ["type": "string", "enum": ["enterprises", "governments"]]),
            ResourceOperations.query("behind", "只看逾期的（默认 true）", SupervisionSchemas.boolean),
            ResourceOperations.query("sector", "行业", ["type": "string", "maxLength": 20]),
            ResourceOperations.query("divisionCode", "乡镇（街道）：只列其中的企业或该乡镇", Schemas.divisionCode),
        ],
        responses: [(200, "一页", Schemas.page(of: "DrillCompliance"))])
}
