import AnlanCore
import AnlanStore
import Foundation

struct CasualtiesDTO: Encodable, Sendable {
    let deaths, seriousInjuries, missing: Int
    let lossWanYuan: Double

    init(_ f: IncidentFigures) {
        deaths = f.deaths
        seriousInjuries = f.seriousInjuries
        missing = f.missing
        lossWanYuan = f.lossWanYuan
    }
}

struct AccidentDTO: Encodable, Sendable {
    struct ObligationDTO: Encodable, Sendable {
        let kind, label, basis: String
        let recipient: String?
        let due: Date
        let metAt: Date?
        let late: Bool
    }
    struct ReportDTO: Encodable, Sendable {
        let id, kind, recipient, sentBy: String
        let sentAt: Date
        let note: String?
        let figures: CasualtiesDTO
    }
    struct ChangeDTO: Encodable, Sendable {
        let at: Date
        let figures: CasualtiesDTO
        let reason, by: String
    }

    let id, number, divisionCode, place, party, sector, type, grade, description, state, recordedBy: String
    let occurredAt, learnedAt, recordedAt: Date
    let latitude, longitude: Double?
    let enterpriseId, team, extensionReason, investigationReport, findings: String?
    let investigationDue: Day
    let extendedTo, closedOn: Day?
    let figures: CasualtiesDTO
    let caseIds: [String]
    let clock: [ObligationDTO]?
    let reports: [ReportDTO]?
    let history: [ChangeDTO]?

    init(
        _ a: Accident, clock: [AccidentClock.Obligation]? = nil, reports: [AccidentReport]? = nil, history: [AccidentFiguresChange]? = nil,
        now: Date = Date()
    ) {
        id = a.id.key
        number = a.number
        divisionCode = a.divisionCode
        place = a.place
        party = a.party
        sector = a.sector
        type = a.type.rawValue
        grade = a.grade.rawValue
        description = a.description
        state = a.state.rawValue
        recordedBy = a.recordedBy
        occurredAt = a.occurredAt
        learnedAt = a.learnedAt
        recordedAt = a.recordedAt
        latitude = a.location?.latitude
        longitude = a.location?.longitude
        enterpriseId = a.enterpriseID?.key
        team = a.team
        extensionReason = a.extensionReason
        investigationReport = a.investigationReport
        findings = a.findings
        investigationDue = a.investigationDue
        extendedTo = a.extendedTo
        closedOn = a.closedOn
        figures = CasualtiesDTO(a.figures)
        caseIds = a.caseIDs.map(\.key)
        self.clock = clock?.map {
            ObligationDTO(
                kind: $0.kind.rawValue, label: $0.label, basis: $0.basis, recipient: $0.recipient?.rawValue, due: $0.due, metAt: $0.metAt,
                late: $0.isLate(at: now))
        }
        self.reports = reports?.map {
            ReportDTO(
                id: $0.id.key, kind: $0.kind.rawValue, recipient: $0.recipient.rawValue, sentBy: $0.sentBy, sentAt: $0.sentAt,
                note: $0.note,
                figures: CasualtiesDTO($0.figures))
        }
        self.history = history?.map { ChangeDTO(at: $0.at, figures: CasualtiesDTO($0.figures), reason: $0.reason, by: $0.by) }
    }

    init(_ d: AccidentRepository.Detail, now: Date) {
        self.init(d.accident, clock: d.clock, reports: d.reports, history: d.history, now: now)
    }
}

struct AccidentStatisticsDTO: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let key, label: String
        let accidents, deaths, seriousInjuries, missing: Int
        let lossWanYuan: Double

        init(key: String, label: String, _ t: AccidentRepository.Tally) {
            self.key = key
            self.label = label
            accidents = t.accidents
            deaths = t.deaths
            seriousInjuries = t.seriousInjuries
            missing = t.missing
            lossWanYuan = t.lossWanYuan
        }
    }
    let by: String
    let rows: [Row]
    let total: Row
}

struct AccidentSettingsDTO: Encodable, Sendable {
    let followUpHoursOrdinary, followUpHoursMajor, supplementHours: Int
    let source: String

    init(_ s: AccidentReportSettings) {
        followUpHoursOrdinary = s.followUpHoursOrdinary
        followUpHoursMajor = s.followUpHoursMajor
        supplementHours = s.supplementHours
        source = AccidentReportSettings.source
    }
}

enum AccidentOperations {
    static let tag = "事故灾害"
    static let accident = SupervisionAPI.path("id", "事故 ID")

    static let list = APIOperation(
        method: .get, path: "accidents", operationID: "listAccidents", summary: "生产安全事故台账（最新在前）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: [
            DutyOperations.query("state", "状态", ResourceSchemas.enumeration(AccidentState.self)),
            DutyOperations.query("open", "只看未结案的", SupervisionSchemas.boolean),
            DutyOperations.query("grade", "等级", ResourceSchemas.enumeration(AccidentGrade.self)),
            DutyOperations.query("type", "事故类别（GB 6441）", ResourceSchemas.enumeration(AccidentType.self)),
            DutyOperations.query("sector", "行业领域", SupervisionSchemas.string),
            DutyOperations.query("enterpriseId", "事故单位", SupervisionSchemas.uuid),
            DutyOperations.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
            DutyOperations.query("from", "发生日期起", Schemas.day), DutyOperations.query("to", "发生日期止", Schemas.day),
            DutyOperations.query("q", "编号、单位、地点、简况", SupervisionSchemas.string),
        ] + AccountsAPI.pageParameters,
        responses: [(200, "事故", Schemas.page(of: "Accident"))])

    static let get = APIOperation(
        method: .get, path: "accidents/{id}", operationID: "getAccident", summary: "一起事故：记录、报告时限（clock）、报送记录和伤亡历史", tag: tag,
        access: .permission(.readBusinessData), parameters: [accident],
        responses: [(200, "事故", Schemas.ref("Accident")), SupervisionAPI.notFound], errorCodes: ["accident.not_found"])

    static let record = APIOperation(
        method: .post, path: "accidents", operationID: "recordAccident",
        summary: "记录生产安全事故：等级按条例第三条由伤亡和损失判定；报告时限自接报时间（learnedAt，缺省为现在）起算", tag: tag,
        access: .permission(.keepDuty), requestSchema: Schemas.ref("AccidentRequest"),
        responses: [(201, "已记录", Schemas.ref("Accident")), SupervisionAPI.notFound],
        errorCodes: [
            "accident.field_required", "accident.occurred_at_invalid", "accident.learned_at_invalid", "accident.division_code_invalid",
            "accident.place_too_long", "accident.location_invalid", "accident.enterprise_invalid", "accident.party_too_long",
            "accident.sector_too_long", "accident.type_invalid", "accident.description_too_long", "accident.deaths_invalid",
            "accident.serious_injuries_invalid", "accident.missing_invalid", "accident.loss_invalid", "accident.enterprise_not_found",
            "division.not_found",
        ]
    )
    .explaining("ST202", "occurredAt must lie within the last three years and not after now, a window relative to the present")

    static let move = APIOperation(
        method: .post, path: "accidents/{id}/moves", operationID: "moveAccident",
        summary:
            "事故的变更：figures 伤亡损失变化（须 reason，历史保留）、report 登记报送（kind、recipient、sentAt）、investigate 成立调查组、extend 延期一次（≤60 日）、close 结案、linkCases 关联行政处罚案件（结案后也可）",
        tag: tag, access: .permission(.keepDuty), parameters: [accident], requestSchema: Schemas.ref("AccidentMoveRequest"),
        responses: [(200, "变更后的事故", Schemas.ref("Accident")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "accident.field_required", "accident.action_invalid", "accident.reason_too_long", "accident.kind_invalid",
            "accident.recipient_invalid", "accident.sent_at_invalid", "accident.note_too_long", "accident.team_too_long",
            "accident.extension_invalid", "accident.report_too_long", "accident.findings_too_long", "accident.case_invalid",
            "accident.figures_unchanged", "accident.not_found", "accident.closed", "accident.not_investigating",
            "accident.already_extended",
            "accident.case_not_found", "accident.deaths_invalid", "accident.serious_injuries_invalid", "accident.missing_invalid",
            "accident.loss_invalid", "accident.cases_unchanged",
        ]
    )
    .explaining(
        "ST202",
        "which fields are required depends on the action (figures, report, extension, closing, linking cases), as the schema's descriptions say"
    )

    static let statistics = APIOperation(
        method: .get, path: "accidents/statistics", operationID: "accidentStatistics", summary: "事故统计：按等级、类别、行业或乡镇的起数和伤亡损失", tag: tag,
        access: .permission(.readBusinessData),
        parameters: [
            DutyOperations.query(
                "by", "统计口径", ["type": "string", "enum": .array(AccidentRepository.Grouping.allCases.map { .string($0.rawValue) })]),
            DutyOperations.query("from", "发生日期起", Schemas.day), DutyOperations.query("to", "发生日期止", Schemas.day),
        ],
        responses: [(200, "统计", Schemas.ref("AccidentStatistics"))])

    static let settings = APIOperation(
        method: .get, path: "accident-settings", operationID: "accidentSettings", summary: "事故续报间隔和补报时限（设置，附来源）", tag: tag,
        access: .permission(.readBusinessData), responses: [(200, "设置", Schemas.ref("AccidentSettings"))])

    static let setSettings = APIOperation(
        method: .put, path: "accident-settings", operationID: "setAccidentSettings", summary: "修改事故续报间隔和补报时限（1–168 小时）", tag: tag,
        access: .permission(.configureCatalogs), requestSchema: Schemas.ref("AccidentSettingsRequest"),
        responses: [(200, "设置", Schemas.ref("AccidentSettings"))], errorCodes: ["accident.setting_invalid"]
    )
    .explaining(
        "ST201", "an empty text in a field with a default is read as not given and the default applies, as the page's form sends it")
}

enum AccidentSchemas {
    typealias S = SupervisionSchemas
    static let figures = S.object(
        ["deaths", "seriousInjuries", "missing", "lossWanYuan"],
        ["deaths": S.integer, "seriousInjuries": S.integer, "missing": S.integer, "lossWanYuan": ["type": "number"]])
    static let count: JSONValue = ["type": "integer", "minimum": 0, "maximum": 100_000]
    static let all: [(String, JSONValue)] = [
        (
            "Accident",
            S.object(
                [
                    "id", "number", "occurredAt", "learnedAt", "divisionCode", "place", "party", "sector", "type", "grade", "description",
                    "state",
                    "figures", "investigationDue", "caseIds", "recordedBy", "recordedAt",
                ],
                [
                    "id": S.uuid, "number": S.string, "occurredAt": Schemas.timestamp, "learnedAt": Schemas.timestamp,
                    "divisionCode": Schemas.divisionCode, "place": S.string, "party": S.string, "sector": S.string,
                    "type": ResourceSchemas.enumeration(AccidentType.self), "grade": ResourceSchemas.enumeration(AccidentGrade.self),
                    "description": S.string, "state": ResourceSchemas.enumeration(AccidentState.self), "figures": figures,
                    "latitude": ["type": "number"], "longitude": ["type": "number"], "enterpriseId": S.uuid, "team": S.string,
                    "extensionReason": S.string, "investigationReport": S.string, "findings": S.string, "investigationDue": Schemas.day,
                    "extendedTo": Schemas.day, "closedOn": Schemas.day, "caseIds": ["type": "array", "items": S.uuid],
                    "recordedBy": S.string,
                    "recordedAt": Schemas.timestamp,
                    "clock": [
                        "type": "array",
                        "items": S.object(
                            ["kind", "label", "basis", "due", "late"],
                            [
                                "kind": ["type": "string", "enum": ["enterprise", "initial", "followUp", "supplement"]], "label": S.string,
                                "basis": S.string, "recipient": ResourceSchemas.enumeration(AccidentRecipient.self),
                                "due": Schemas.timestamp,
                                "metAt": Schemas.timestamp, "late": S.boolean,
                            ]),
                    ],
                    "reports": [
                        "type": "array",
                        "items": S.object(
                            ["id", "kind", "recipient", "sentAt", "figures", "sentBy"],
                            [
                                "id": S.uuid, "kind": ResourceSchemas.enumeration(AccidentReportKind.self),
                                "recipient": ResourceSchemas.enumeration(AccidentRecipient.self), "sentAt": Schemas.timestamp,
                                "note": S.string,
                                "figures": figures, "sentBy": S.string,
                            ]),
                    ],
                    "history": [
                        "type": "array",
                        "items": S.object(
                            ["at", "figures", "reason", "by"],
                            ["at": Schemas.timestamp, "figures": figures, "reason": S.string, "by": S.string]),
                    ],
                ])
        ),
        (
            "AccidentRequest",
            S.object(
                ["occurredAt", "divisionCode", "place", "sector", "type", "description"],
                [
                    "occurredAt": Schemas.timestamp, "learnedAt": Schemas.timestamp, "divisionCode": Schemas.divisionCode,
                    "place": CommandSchemas.bounded(200), "latitude": ["type": "number", "minimum": -90, "maximum": 90],
                    "longitude": ["type": "number", "minimum": -180, "maximum": 180], "enterpriseId": S.uuid,
                    "party": CommandSchemas.bounded(100), "sector": CommandSchemas.bounded(40),
                    "type": ResourceSchemas.enumeration(AccidentType.self),
                    "deaths": count, "seriousInjuries": count, "missing": count,
                    "lossWanYuan": ["type": "number", "minimum": 0, "maximum": 10_000_000],
                    "description": CommandSchemas.bounded(AccidentDraft.textLimit),
                ])
        ),
        (
            "AccidentMoveRequest",
            S.object(
                ["action"],
                [
                    "action": ["type": "string", "enum": ["figures", "report", "investigate", "extend", "close", "linkCases"]],
                    "deaths": count, "seriousInjuries": count, "missing": count,
                    "lossWanYuan": ["type": "number", "minimum": 0, "maximum": 10_000_000], "reason": CommandSchemas.bounded(500),
                    "kind": ResourceSchemas.enumeration(AccidentReportKind.self),
                    "recipient": ResourceSchemas.enumeration(AccidentRecipient.self), "sentAt": Schemas.timestamp,
                    "note": CommandSchemas.bounded(500), "team": CommandSchemas.bounded(500), "extendedTo": Schemas.day,
                    "report": CommandSchemas.bounded(AccidentDraft.textLimit), "findings": CommandSchemas.bounded(AccidentDraft.textLimit),
                    "caseIds": ["type": "array", "items": S.uuid],
                ])
        ),
        (
            "AccidentStatistics",
            S.object(
                ["by", "rows", "total"],
                [
                    "by": S.string, "rows": ["type": "array", "items": Schemas.ref("AccidentTally")], "total": Schemas.ref("AccidentTally"),
                ])
        ),
        (
            "AccidentTally",
            S.object(
                ["key", "label", "accidents", "deaths", "seriousInjuries", "missing", "lossWanYuan"],
                [
                    "key": S.string, "label": S.string, "accidents": S.integer, "deaths": S.integer, "seriousInjuries": S.integer,
                    "missing": S.integer, "lossWanYuan": ["type": "number"],
                ])
        ),
        (
            "AccidentSettings",
            S.object(
                ["followUpHoursOrdinary", "followUpHoursMajor", "supplementHours", "source"],
                ["followUpHoursOrdinary": S.integer, "followUpHoursMajor": S.integer, "supplementHours": S.integer, "source": S.string])
        ),
        (
            "AccidentSettingsRequest",
            S.object(
                [],
                [
                    "followUpHoursOrdinary": ["type": "integer", "minimum": 1, "maximum": 168],
                    "followUpHoursMajor": ["type": "integer", "minimum": 1, "maximum": 168],
                    "supplementHours": ["type": "integer", "minimum": 1, "maximum": 168],
                ])
        ),
    ]
}
