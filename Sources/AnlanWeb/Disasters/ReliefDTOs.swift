import AnlanCore
import AnlanStore
import Foundation

struct ReliefNeedDTO: Encodable, Sendable {
    let township: String
    let households, people, collapsedHouse, cropFailure, injury, other: Int
    let fundsWanYuan: Double
    let updatedBy: String
    let updatedAt: Date

    init(_ n: ReliefNeed) {
        township = n.township
        households = n.households
        people = n.people
        collapsedHouse = n.byHardship[.collapsedHouse] ?? 0
        cropFailure = n.byHardship[.cropFailure] ?? 0
        injury = n.byHardship[.injury] ?? 0
        other = n.byHardship[.other] ?? 0
        fundsWanYuan = n.fundsWanYuan
        updatedBy = n.updatedBy
        updatedAt = n.updatedAt
    }
}

struct ReliefProgramDTO: Encodable, Sendable {
    struct TotalsDTO: Encodable, Sendable {
        let households: [String: Int]
        let people, paidHouseholds, paidPeople: Int
        let decidedYuan, paidYuan: Double
    }
    struct OmissionDTO: Encodable, Sendable {
        let eventNumber, divisionCode, householder, idNumber, damage: String
    }
    let id, season, name, createdBy: String
    let budgetWanYuan: Double
    let surveyDue, startsOn, endsOn: Day
    let publicityDays: Int
    let createdAt: Date
    let totals: TotalsDTO?
    let needs: [ReliefNeedDTO]?
    let omissions: [OmissionDTO]?

    init(
        _ p: ReliefProgram, totals: ReliefRepository.Totals? = nil, needs: [ReliefNeed]? = nil,
        omissions: [ReliefRepository.Omission]? = nil
    ) {
        id = p.id.key
        season = p.season
        name = p.name
        createdBy = p.createdBy
        budgetWanYuan = p.budgetWanYuan
        surveyDue = p.surveyDue
        startsOn = p.startsOn
        endsOn = p.endsOn
        publicityDays = p.publicityDays
        createdAt = p.createdAt
        self.totals = totals.map { t in
            TotalsDTO(
                households: Dictionary(uniqueKeysWithValues: t.households.map { ($0.key.rawValue, $0.value) }), people: t.people,
                paidHouseholds: t.paidHouseholds, paidPeople: t.paidPeople, decidedYuan: t.decidedYuan, paidYuan: t.paidYuan)
        }
        self.needs = needs?.map(ReliefNeedDTO.init)
        self.omissions = omissions?.map {
            OmissionDTO(
                eventNumber: $0.eventNumber, divisionCode: $0.divisionCode, householder: $0.householder, idNumber: $0.idNumber,
                damage: $0.damage.rawValue)
        }
    }
}

struct ReliefHouseholdDTO: Encodable, Sendable {
    struct MemberDTO: Encodable, Sendable {
        let name, idNumber, relation, sex: String
        let birthDate: Day
    }
    let id, programId, divisionCode, phone, account, hardship, reason, state, createdBy: String
    let members: [MemberDTO]
    let evaluatedOn, publicityFrom, publicityTo, paidOn: Day?
    let evaluationMinutes, townshipNote, decisionNote, paymentReference, duplicateReason: String?
    let hasPublicityPhoto: Bool
    let decidedAmount: Double?
    let createdAt, updatedAt: Date

    init(_ h: ReliefHousehold) {
        id = h.id.key
        programId = h.programID.key
        divisionCode = h.divisionCode
        phone = h.phone
        account = h.account
        hardship = h.hardship.rawValue
        reason = h.reason
        state = h.state.rawValue
        createdBy = h.createdBy
        members = h.members.map {
            MemberDTO(name: $0.name, idNumber: $0.idNumber, relation: $0.relation.rawValue, sex: $0.sex.rawValue, birthDate: $0.birthDate)
        }
        evaluatedOn = h.evaluatedOn
        publicityFrom = h.publicityFrom
        publicityTo = h.publicityTo
        paidOn = h.paidOn
        evaluationMinutes = h.evaluationMinutes
        townshipNote = h.townshipNote
        decisionNote = h.decisionNote
        paymentReference = h.paymentReference
        duplicateReason = h.duplicateReason
        hasPublicityPhoto = h.publicityPhoto != nil
        decidedAmount = h.decidedAmount
        createdAt = h.createdAt
        updatedAt = h.updatedAt
    }
}

enum ReliefOperations {
    static let tag = "事故灾害"
    static let programPath = SupervisionAPI.path("id", "救助项目 ID")
    static let householdPath = SupervisionAPI.path("id", "救助申请 ID")

    static let programs = APIOperation(
        method: .get, path: "relief-programs", operationID: "listReliefPrograms", summary: "冬春救助项目（最新年度在前）", tag: tag,
        access: .permission(.readBusinessData), parameters: AccountsAPI.pageParameters,
        responses: [(200, "项目", Schemas.page(of: "ReliefProgram"))])

    static let open = APIOperation(
        method: .post, path: "relief-programs", operationID: "openReliefProgram",
        summary: "新建冬春救助项目（县级）：年度、预算、公示天数（缺省 7 天）；需求调查 10 月 31 日前，救助期 12 月至次年 5 月", tag: tag,
        access: .permission(.decideRelief), requestSchema: Schemas.ref("ReliefProgramRequest"),
        responses: [(201, "已建立", Schemas.ref("ReliefProgram"))],
        errorCodes: [
            "relief.field_required", "relief.year_invalid", "relief.name_too_long", "relief.budget_invalid",
            "relief.publicity_days_invalid",
            "disaster.county_only",
        ]
    )
    .explaining(
        "ST201",
        "an empty text in a field with a default (the name, the publicity days) is read as not given and the default applies, as the page's form sends it: one parser serves both faces"
    )

    static let program = APIOperation(
        method: .get, path: "relief-programs/{id}", operationID: "getReliefProgram",
        summary: "一个救助项目：各状态户数、核定和发放金额、分乡镇需救助情况、倒损住房户未纳入救助的提示", tag: tag, access: .permission(.readBusinessData),
        parameters: [programPath], responses: [(200, "项目", Schemas.ref("ReliefProgram")), SupervisionAPI.notFound],
        errorCodes: ["relief.program_not_found"])

    static let setNeed = APIOperation(
        method: .put, path: "relief-programs/{id}/needs", operationID: "setReliefNeed",
        summary: "填报一个乡镇的需救助情况（整行替换）：户数不多于人数，各类原因人数之和等于需救助人数", tag: tag, access: .permission(.reportDisasters),
        parameters: [programPath], requestSchema: Schemas.ref("ReliefNeedRequest"),
        responses: [
            (200, "项目", Schemas.ref("ReliefProgram")), SupervisionAPI.notFound,
            (409, "项目的救助期已结束（relief.program_ended）", Schemas.ref("Error")),
        ],
        errorCodes: [
            "relief.field_required", "relief.township_invalid", "relief.households_invalid", "relief.people_invalid",
            "relief.hardship_invalid", "relief.funds_invalid", "relief.households_exceed_people", "relief.hardship_sum_mismatch",
            "relief.program_not_found", "division.not_found",
        ]
    )
    .explaining(
        "ST202", "households may not exceed people, and the people counted by cause must add up to the people in need: rules across fields")

    static let households = APIOperation(
        method: .get, path: "relief-programs/{id}/households", operationID: "listReliefHouseholds", summary: "救助申请（按村）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: [
            programPath, DutyOperations.query("state", "状态", ResourceSchemas.enumeration(ReliefState.self)),
            DutyOperations.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
            DutyOperations.query("q", "户主姓名、身份证号码、电话", SupervisionSchemas.string),
        ] + AccountsAPI.pageParameters,
        responses: [(200, "申请", Schemas.page(of: "ReliefHousehold")), SupervisionAPI.notFound])

    static let apply = APIOperation(
        method: .post, path: "relief-programs/{id}/households", operationID: "applyRelief",
        summary: "户报：家庭成员逐人填写（身份证号码按 GB 11643 检查，须有一位户主），一卡通账号，困难类型和理由；同一人在一个项目中只能属于一户", tag: tag,
        access: .permission(.reportDisasters), parameters: [programPath], requestSchema: Schemas.ref("ReliefHouseholdRequest"),
        responses: [(201, "已申请", Schemas.ref("ReliefHousehold")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "relief.field_required", "relief.division_code_invalid", "relief.members_invalid", "relief.member_name_too_long",
            "relief.id_number_too_long", "relief.id_number_invalid", "relief.relation_invalid", "relief.member_repeated",
            "relief.head_required", "relief.account_invalid", "relief.hardship_invalid", "relief.phone_too_long", "relief.reason_too_long",
            "relief.person_in_household", "relief.program_not_found", "division.not_found",
        ]
    )
    .explaining("ST202", "members' ID numbers must carry a valid GB 11643-1999 check digit and birth date, which a pattern cannot compute")

    static let household = APIOperation(
        method: .get, path: "relief-households/{id}", operationID: "getReliefHousehold", summary: "一户救助申请", tag: tag,
        access: .permission(.readBusinessData), parameters: [householdPath],
        responses: [(200, "申请", Schemas.ref("ReliefHousehold")), SupervisionAPI.notFound], errorCodes: ["relief.household_not_found"])

    static let move = APIOperation(
        method: .post, path: "relief-households/{id}/moves", operationID: "moveReliefHousehold",
        summary:
            "evaluate 村评议（passed、minutes）、publicise 公示（on 起始日）、township 乡镇审核（approve 须公示期满 / return 须写意见）、decide 县级核定（grant 金额 / refuse 意见；不超预算）、pay 发放（凭证号；本季其他项目已发放的须写理由）",
        tag: tag, access: .permission(.readBusinessData), parameters: [householdPath], requestSchema: Schemas.ref("ReliefMoveRequest"),
        responses: [(200, "变更后的申请", Schemas.ref("ReliefHousehold")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "relief.field_required", "relief.action_invalid", "relief.day_invalid", "relief.passed_invalid", "relief.minutes_too_long",
            "relief.decision_invalid", "relief.note_too_long", "relief.amount_invalid", "relief.reference_too_long",
            "relief.duplicate_reason_too_long", "relief.state_invalid", "relief.publicity_open", "relief.budget_exceeded",
            "relief.paid_elsewhere", "relief.household_not_found", "disaster.county_only",
        ]
    )
    .explaining("ST202", "which fields are required depends on the action; days must not be after today")

    static let photo = APIOperation(
        method: .post, path: "relief-households/{id}/photo", operationID: "uploadReliefPublicityPhoto", summary: "上传公示照片（JPEG 或 PNG）",
        tag: tag, access: .permission(.reportDisasters),
        parameters: [
            householdPath,
            .init(
                name: "fileName", location: .query, required: true, description: "原文件名",
                schema: ["type": "string", "minLength": 1, "maxLength": 200]),
        ],
        requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
        responses: [(201, "已上传", Schemas.ref("ReliefHousehold")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: [
            "relief.file_name_required", "relief.photo_type", "relief.state_invalid", "relief.household_not_found", "attachment.too_large",
        ]
    )
    .explaining("ST202", "the file must be a JPEG or PNG image, recognised by its content")
}

enum ReliefSchemas {
    typealias S = SupervisionSchemas
    static let count: JSONValue = ["type": "integer", "minimum": 0, "maximum": 1_000_000]
    static let all: [(String, JSONValue)] = [
        (
            "ReliefProgram",
            S.object(
                ["id", "season", "name", "createdBy", "budgetWanYuan", "surveyDue", "startsOn", "endsOn", "publicityDays", "createdAt"],
                [
                    "id": S.uuid, "season": S.string, "name": S.string, "createdBy": S.string, "budgetWanYuan": ["type": "number"],
                    "surveyDue": Schemas.day, "startsOn": Schemas.day, "endsOn": Schemas.day, "publicityDays": S.integer,
                    "createdAt": Schemas.timestamp,
                    "totals": S.object(
                        ["households", "people", "paidHouseholds", "paidPeople", "decidedYuan", "paidYuan"],
                        [
                            "households": ["type": "object", "additionalProperties": S.integer], "people": S.integer,
                            "paidHouseholds": S.integer, "paidPeople": S.integer, "decidedYuan": ["type": "number"],
                            "paidYuan": ["type": "number"],
                        ]),
                    "needs": [
                        "type": "array",
                        "items": S.object(
                            [
                                "township", "households", "people", "collapsedHouse", "cropFailure", "injury", "other", "fundsWanYuan",
                                "updatedBy", "updatedAt",
                            ],
                            [
                                "township": Schemas.divisionCode, "households": S.integer, "people": S.integer, "collapsedHouse": S.integer,
                                "cropFailure": S.integer, "injury": S.integer, "other": S.integer, "fundsWanYuan": ["type": "number"],
                                "updatedBy": S.string, "updatedAt": Schemas.timestamp,
                            ]),
                    ],
                    "omissions": [
                        "type": "array",
                        "items": S.object(
                            ["eventNumber", "divisionCode", "householder", "idNumber", "damage"],
                            [
                                "eventNumber": S.string, "divisionCode": Schemas.divisionCode, "householder": S.string,
                                "idNumber": S.string,
                                "damage": ResourceSchemas.enumeration(HouseDamage.self),
                            ]),
                    ],
                ])
        ),
        (
            "ReliefHousehold",
            S.object(
                [
                    "id", "programId", "divisionCode", "phone", "account", "hardship", "reason", "state", "createdBy", "members",
                    "hasPublicityPhoto", "createdAt", "updatedAt",
                ],
                [
                    "id": S.uuid, "programId": S.uuid, "divisionCode": Schemas.divisionCode, "phone": S.string, "account": S.string,
                    "hardship": ResourceSchemas.enumeration(ReliefHardship.self), "reason": S.string,
                    "state": ResourceSchemas.enumeration(ReliefState.self), "createdBy": S.string,
                    "members": [
                        "type": "array",
                        "items": S.object(
                            ["name", "idNumber", "relation", "sex", "birthDate"],
                            [
                                "name": S.string, "idNumber": S.string, "relation": ResourceSchemas.enumeration(ReliefRelation.self),
                                "sex": ["type": "string", "enum": ["male", "female"]], "birthDate": Schemas.day,
                            ]),
                    ],
                    "evaluatedOn": Schemas.day, "publicityFrom": Schemas.day, "publicityTo": Schemas.day, "paidOn": Schemas.day,
                    "evaluationMinutes": S.string, "townshipNote": S.string, "decisionNote": S.string, "paymentReference": S.string,
                    "duplicateReason": S.string, "hasPublicityPhoto": S.boolean, "decidedAmount": ["type": "number"],
                    "createdAt": Schemas.timestamp, "updatedAt": Schemas.timestamp,
                ])
        ),
        (
            "ReliefProgramRequest",
            S.object(
                ["year", "budgetWanYuan"],
                [
                    "year": ["type": "integer", "minimum": 2000, "maximum": 2100], "name": CommandSchemas.bounded(60),
                    "budgetWanYuan": ["type": "number", "minimum": .number(0.01), "maximum": 1_000_000],
                    "publicityDays": ["type": "integer", "minimum": 1, "maximum": 30],
                ])
        ),
        (
            "ReliefNeedRequest",
            S.object(
                ["township"],
                [
                    "township": Schemas.townshipCode, "households": count, "people": count, "collapsedHouse": count, "cropFailure": count,
                    "injury": count, "other": count, "fundsWanYuan": ["type": "number", "minimum": 0, "maximum": 1_000_000],
                ])
        ),
        (
            "ReliefHouseholdRequest",
            S.object(
                ["divisionCode", "members", "phone", "account", "hardship", "reason"],
                [
                    "divisionCode": Schemas.localDivisionCode, "phone": CommandSchemas.bounded(20),
                    "account": ["type": "string", "pattern": "^[0-9]{10,30}$"],
                    "hardship": ResourceSchemas.enumeration(ReliefHardship.self),
                    "reason": CommandSchemas.bounded(500),
                    "members": [
                        "type": "array", "minItems": 1, "maxItems": 20,
                        "items": S.object(
                            ["name", "idNumber"],
                            [
                                "name": CommandSchemas.bounded(40), "idNumber": CommandSchemas.bounded(24),
                                "relation": ResourceSchemas.enumeration(ReliefRelation.self),
                            ]),
                    ],
                ])
        ),
        (
            "ReliefMoveRequest",
            S.object(
                ["action"],
                [
                    "action": ["type": "string", "enum": ["evaluate", "publicise", "township", "decide", "pay"]], "on": Schemas.day,
                    "passed": S.boolean, "minutes": CommandSchemas.bounded(1000),
                    "decision": ["type": "string", "enum": ["approve", "return", "grant", "refuse"]], "note": CommandSchemas.bounded(500),
                    "amount": ["type": "number", "minimum": 1, "maximum": .number(ReliefMove.maximumAmount)],
                    "reference": CommandSchemas.bounded(60),
                    "duplicateReason": CommandSchemas.bounded(500),
                ])
        ),
    ]
}
