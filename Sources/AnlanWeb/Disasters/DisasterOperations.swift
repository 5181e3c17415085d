import AnlanCore
import AnlanStore
import Foundation

enum DisasterOperations {
    static let tag = "事故灾害"
    static let event = SupervisionAPI.path("id", "灾害过程 ID")
    static let figureErrors =
        [
            "disaster.figure_invalid", "disaster.casualties_exceed_affected", "disaster.relocated_exceeds_affected",
            "disaster.need_aid_exceeds_affected", "disaster.households_exceed_rooms", "disaster.crop_failed_exceeds_affected",
        ]

    static let list = APIOperation(
        method: .get, path: "disaster-events", operationID: "listDisasterEvents", summary: "灾害过程（最新在前）：县级见全县，乡镇和信息员见涉及本乡镇的", tag: tag,
        access: .permission(.readBusinessData),
        parameters: [
            DutyOperations.query("state", "状态", ResourceSchemas.enumeration(DisasterEventState.self)),
            DutyOperations.query("open", "只看未核报的", SupervisionSchemas.boolean),
            DutyOperations.query("type", "灾种", ResourceSchemas.enumeration(DisasterType.self)),
            DutyOperations.query("year", "发生年份", ["type": "integer", "minimum": 2000, "maximum": 2100]),
        ] + AccountsAPI.pageParameters,
        responses: [(200, "灾害过程", Schemas.page(of: "DisasterEvent"))])

    static let open = APIOperation(
        method: .post, path: "disaster-events", operationID: "openDisasterEvent",
        summary: "新建灾害过程（县级）：灾种、发生和接报时间、受灾乡镇；初报时限自接报时间起 2 小时", tag: tag, access: .permission(.keepDuty),
        requestSchema: Schemas.ref("DisasterEventRequest"),
        responses: [(201, "已建立", Schemas.ref("DisasterEvent")), SupervisionAPI.notFound],
        errorCodes: [
            "disaster.field_required", "disaster.type_invalid", "disaster.name_too_long", "disaster.started_at_invalid",
            "disaster.learned_at_invalid", "disaster.townships_invalid", "disaster.description_too_long", "disaster.county_only",
            "division.not_found",
        ]
    )
    .explaining("ST202", "startedAt must lie within the last year and not after now, a window relative to the present")

    static let get = APIOperation(
        method: .get, path: "disaster-events/{id}", operationID: "getDisasterEvent",
        summary: "一次灾害过程：报告时限（clock）、分乡镇灾情（已审核）、合计和已报送的初报、续报、核报", tag: tag, access: .permission(.readBusinessData),
        parameters: [event], responses: [(200, "灾害过程", Schemas.ref("DisasterEvent")), SupervisionAPI.notFound],
        errorCodes: ["disaster.not_found"])

    static let move = APIOperation(
        method: .post, path: "disaster-events/{id}/moves", operationID: "moveDisasterEvent",
        summary: "stabilise 确认灾情稳定（核报时限起算，须已初报）、resume 恢复续报、addTownships 增补受灾乡镇", tag: tag,
        access: .permission(.keepDuty), parameters: [event], requestSchema: Schemas.ref("DisasterEventMoveRequest"),
        responses: [(200, "变更后的灾害过程", Schemas.ref("DisasterEvent")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "disaster.field_required", "disaster.action_invalid", "disaster.townships_invalid", "disaster.not_found", "disaster.closed",
            "disaster.not_responding", "disaster.not_stabilised", "disaster.no_initial", "disaster.county_only", "division.not_found",
        ]
    )
    .explaining("ST202", "which fields are required depends on the action, as the schema's descriptions say")

    static let entries = APIOperation(
        method: .get, path: "disaster-events/{id}/entries", operationID: "listDisasterEntries",
        summary: "灾情填报记录（最新在前）：信息员只见本村的", tag: tag, access: .permission(.readBusinessData),
        parameters: [
            event, DutyOperations.query("status", "审核状态", ResourceSchemas.enumeration(DisasterEntryStatus.self)),
            DutyOperations.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
        ] + AccountsAPI.pageParameters,
        responses: [(200, "填报", Schemas.page(of: "DisasterEntry")), SupervisionAPI.notFound])

    static let enter = APIOperation(
        method: .post, path: "disaster-events/{id}/entries", operationID: "submitDisasterEntry",
        summary:
            "填报本村（乡镇）累计灾情。id 为客户端生成的填报编号：同一填报重发答 200 和已存的记录。逻辑校验不通过、累计数减少而无更正原因、死亡失踪或倒损住房超出台账登记的，拒收且不存储。村级填报待乡镇审核，乡镇填报直接生效",
        tag: tag, access: .permission(.reportDisasters), parameters: [event], requestSchema: Schemas.ref("DisasterEntryRequest"),
        responses: [
            (201, "已填报", Schemas.ref("DisasterEntry")), (200, "重复提交：已存的填报", Schemas.ref("DisasterEntry")), SupervisionAPI.notFound,
            SupervisionAPI.conflict,
        ],
        errorCodes: figureErrors + [
            "disaster.field_required", "disaster.division_code_invalid", "disaster.entry_id_invalid", "disaster.correction_reason_too_long",
            "disaster.note_too_long", "disaster.figures_fell", "disaster.casualty_ledger_short", "disaster.house_ledger_short",
            "disaster.division_not_affected", "disaster.entry_id_reused", "disaster.not_found", "disaster.closed", "division.not_found",
        ]
    )
    .explaining("ST202", "divisionCode must be one of the event's affected townships or a village of one, which depends on the event")

    static let review = APIOperation(
        method: .post, path: "disaster-entries/{id}/review", operationID: "reviewDisasterEntry",
        summary: "乡镇审核村级填报：accept 通过（成为该村当前灾情），return 退回（须写明原因）", tag: tag,
        access: .permission(.reviewDisasterReports), parameters: [SupervisionAPI.path("id", "填报 ID")],
        requestSchema: Schemas.ref("DisasterReviewRequest"),
        responses: [(200, "审核后的填报", Schemas.ref("DisasterEntry")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "disaster.field_required", "disaster.decision_invalid", "disaster.note_too_long", "disaster.entry_not_found",
            "disaster.entry_not_pending", "disaster.closed", "disaster.figures_fell", "disaster.casualty_ledger_short",
            "disaster.house_ledger_short",
        ]
    )
    .explaining("ST202", "a return needs its reason; an acceptance does not: a rule across two fields")

    static let report = APIOperation(
        method: .post, path: "disaster-events/{id}/reports", operationID: "submitDisasterReport",
        summary:
            "县级向上报送：尚未初报时为初报，灾情发展中为续报（无变化即零报告），确认稳定后为核报（核报后结束）。数字为此刻各乡镇已审核灾情之和；迟报照收并标记迟报；比上次减少须写更正原因",
        tag: tag, access: .permission(.keepDuty), parameters: [event], requestSchema: Schemas.ref("DisasterReportRequest"),
        responses: [(201, "已报送", Schemas.ref("DisasterReport")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "disaster.for_day_invalid", "disaster.correction_reason_too_long", "disaster.note_too_long", "disaster.figures_fell",
            "disaster.no_figures", "disaster.not_found", "disaster.closed", "disaster.county_only",
        ]
    )
    .explaining("ST202", "a 续报's forDay must be yesterday, today or tomorrow, a bound relative to the present")

    static let casualties = APIOperation(
        method: .get, path: "disaster-events/{id}/casualties", operationID: "listDisasterCasualties", summary: "因灾死亡失踪人口台账", tag: tag,
        access: .permission(.readBusinessData), parameters: [event] + AccountsAPI.pageParameters,
        responses: [(200, "台账", Schemas.page(of: "DisasterCasualty")), SupervisionAPI.notFound])

    static let addCasualty = APIOperation(
        method: .post, path: "disaster-events/{id}/casualties", operationID: "addDisasterCasualty",
        summary: "登记因灾死亡失踪人员：身份证号码按 GB 11643 校验码和出生日期检查，性别和出生日期由号码得出；同一人在同一灾害过程中只登记一次", tag: tag,
        access: .permission(.reportDisasters), parameters: [event], requestSchema: Schemas.ref("DisasterCasualtyRequest"),
        responses: [(201, "已登记", Schemas.ref("DisasterCasualty")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "disaster.field_required", "disaster.division_code_invalid", "disaster.name_too_long", "disaster.id_number_too_long",
            "disaster.id_number_invalid", "disaster.status_invalid", "disaster.occurred_on_invalid", "disaster.cause_too_long",
            "disaster.place_too_long", "disaster.person_listed", "disaster.division_not_affected", "disaster.not_found", "disaster.closed",
            "division.not_found",
        ]
    )
    .explaining("ST202", "divisionCode must be one of the event's affected townships or a village of one, which depends on the event")

    static let setCasualty = APIOperation(
        method: .post, path: "disaster-casualties/{id}", operationID: "setDisasterCasualty",
        summary: "失踪人员：dead 确认死亡，found 已找到（移出台账；上报数字随后须以更正原因调减）", tag: tag, access: .permission(.reportDisasters),
        parameters: [SupervisionAPI.path("id", "台账记录 ID")], requestSchema: Schemas.ref("DisasterCasualtyMoveRequest"),
        responses: [(204, "已变更", nil), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "disaster.field_required", "disaster.action_invalid", "disaster.casualty_not_found", "disaster.casualty_status_invalid",
            "disaster.closed",
        ])

    static let houses = APIOperation(
        method: .get, path: "disaster-events/{id}/houses", operationID: "listDamagedHouses", summary: "因灾倒塌损坏住房户台账", tag: tag,
        access: .permission(.readBusinessData), parameters: [event] + AccountsAPI.pageParameters,
        responses: [(200, "台账", Schemas.page(of: "DamagedHouse")), SupervisionAPI.notFound])

    static let addHouse = APIOperation(
        method: .post, path: "disaster-events/{id}/houses", operationID: "addDamagedHouse",
        summary: "登记倒损住房户：户主身份证号码按 GB 11643 检查；同一户在同一灾害过程中只登记一次", tag: tag, access: .permission(.reportDisasters),
        parameters: [event], requestSchema: Schemas.ref("DamagedHouseRequest"),
        responses: [(201, "已登记", Schemas.ref("DamagedHouse")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "disaster.field_required", "disaster.division_code_invalid", "disaster.householder_too_long", "disaster.id_number_too_long",
            "disaster.id_number_invalid", "disaster.damage_invalid", "disaster.rooms_invalid", "disaster.address_too_long",
            "disaster.phone_too_long", "disaster.household_listed", "disaster.division_not_affected", "disaster.not_found",
            "disaster.closed", "division.not_found",
        ]
    )
    .explaining("ST202", "divisionCode must be one of the event's affected townships or a village of one, which depends on the event")

    static let statistics = APIOperation(
        method: .get, path: "disaster-statistics", operationID: "disasterStatistics",
        summary: "一年的自然灾害损失：每次灾害过程取最后一次上报的数字（核报后即核报数），尚未上报的取乡镇已审核数；按灾种小计和合计", tag: tag,
        access: .permission(.readBusinessData),
        parameters: [DutyOperations.query("year", "年份（缺省为今年）", ["type": "integer", "minimum": 2000, "maximum": 2100])],
        responses: [(200, "统计", Schemas.ref("DisasterYear"))], errorCodes: ["query.out_of_range", "query.not_integer"])

    static let settings = APIOperation(
        method: .get, path: "disaster-settings", operationID: "disasterSettings", summary: "灾情报送时限（续报时刻、干旱续报间隔、核报时限；附来源）", tag: tag,
        access: .permission(.readBusinessData), responses: [(200, "设置", Schemas.ref("DisasterSettings"))])

    static let setSettings = APIOperation(
        method: .put, path: "disaster-settings", operationID: "setDisasterSettings", summary: "修改灾情报送时限", tag: tag,
        access: .permission(.configureCatalogs), requestSchema: Schemas.ref("DisasterSettingsRequest"),
        responses: [(200, "设置", Schemas.ref("DisasterSettings"))], errorCodes: ["disaster.setting_invalid"]
    )
    .explaining(
        "ST201", "an empty text in a field with a default is read as not given and the default applies, as the page's form sends it")
}
