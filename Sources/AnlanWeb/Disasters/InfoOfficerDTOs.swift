import AnlanCore
import AnlanStore
import Foundation

struct InfoOfficerDTO: Encodable, Sendable {
    let id, divisionCode, post, name, phone: String
    let trainedOn: Day?
    let certificateNumber, username: String?
    let archived, trainingLapsed: Bool

    init(_ o: InfoOfficer, lapsed: Bool) {
        id = o.id.key
        divisionCode = o.divisionCode
        post = o.post.rawValue
        name = o.name
        phone = o.phone
        trainedOn = o.trainedOn
        certificateNumber = o.certificateNumber
        username = o.username
        archived = o.archivedAt != nil
        trainingLapsed = lapsed
    }
}

struct InfoOfficerCoverageDTO: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let divisionCode, name: String
        let postA, postB: String?
        let complete: Bool
    }
    let divisions: [Row]
    let missing, lapsed, refresherMonths: Int

    init(_ rows: [InfoOfficerRepository.Coverage], lapsed: Int, months: Int) {
        divisions = rows.map {
            Row(divisionCode: $0.code.rawValue, name: $0.name, postA: $0.a?.name, postB: $0.b?.name, complete: $0.complete)
        }
        missing = rows.filter { !$0.complete }.count
        self.lapsed = lapsed
        refresherMonths = months
    }
}

struct IDNumberCheckDTO: Encodable, Sendable {
    let valid: Bool
    let normalized: String
    let birthDate: Day?
    let sex, divisionCode, error: String?
}

struct MadeAccountDTO: Encodable, Sendable {
    let officerId, name, divisionCode, username, password: String
}

enum InfoOfficerOperations {
    static let tag = "事故灾害"
    static let officer = SupervisionAPI.path("id", "信息员 ID")
    static let codes = [
        "info_officer.field_required", "info_officer.division_code_invalid", "info_officer.post_invalid", "info_officer.name_too_long",
        "info_officer.phone_invalid", "info_officer.trained_on_invalid", "info_officer.certificate_number_too_long",
        "info_officer.post_taken", "division.not_found",
    ]

    static let list = APIOperation(
        method: .get, path: "info-officers", operationID: "listInfoOfficers", summary: "灾害信息员名册", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            DutyOperations.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
            DutyOperations.query("post", "岗位", ResourceSchemas.enumeration(InfoOfficerPost.self)),
            DutyOperations.query("lapsed", "只看需复训的", SupervisionSchemas.boolean),
            DutyOperations.query("withoutAccount", "只看未开通账户的", SupervisionSchemas.boolean),
            DutyOperations.query("q", "姓名、手机号", SupervisionSchemas.string),
        ],
        responses: [(200, "名册", Schemas.page(of: "InfoOfficer"))])

    static let get = APIOperation(
        method: .get, path: "info-officers/{id}", operationID: "getInfoOfficer", summary: "一名灾害信息员", tag: tag,
        access: .permission(.readBusinessData), parameters: [officer],
        responses: [(200, "信息员", Schemas.ref("InfoOfficer")), SupervisionAPI.notFound], errorCodes: ["info_officer.not_found"])

    static let create = APIOperation(
        method: .post, path: "info-officers", operationID: "createInfoOfficer", summary: "登记灾害信息员（每个村、乡镇 A、B 岗各一人）", tag: tag,
        access: .permission(.manageResources), requestSchema: Schemas.ref("InfoOfficerRequest"),
        responses: [(201, "已登记", Schemas.ref("InfoOfficer")), SupervisionAPI.notFound, SupervisionAPI.conflict], errorCodes: codes
    )
    .explaining("ST202", "trainedOn must not be after today, a bound relative to the present")

    static let update = APIOperation(
        method: .put, path: "info-officers/{id}", operationID: "updateInfoOfficer", summary: "修改灾害信息员（换号、培训、调岗）", tag: tag,
        access: .permission(.manageResources), parameters: [officer], requestSchema: Schemas.ref("InfoOfficerRequest"),
        responses: [(200, "信息员", Schemas.ref("InfoOfficer")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: codes + ["info_officer.not_found", "info_officer.archived"]
    )
    .explaining(
        "ST201",
        "an empty text in an optional field (trainedOn) is read as not given, as the page's form sends it: one parser serves both faces"
    )
    .explaining("ST202", "trainedOn must not be after today, a bound relative to the present")

    static let archive = APIOperation(
        method: .post, path: "info-officers/{id}/archive", operationID: "archiveInfoOfficer", summary: "撤销灾害信息员（须写原因）", tag: tag,
        access: .permission(.manageResources), parameters: [officer],
        requestSchema: SupervisionSchemas.object(["reason"], ["reason": CommandSchemas.bounded(200)]),
        responses: [(200, "已撤销", Schemas.ref("InfoOfficer")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: ["info_officer.field_required", "info_officer.reason_too_long", "info_officer.not_found", "info_officer.archived"])

    static let coverage = APIOperation(
        method: .get, path: "info-officers/coverage", operationID: "infoOfficerCoverage", summary: "信息员覆盖：每个村、乡镇的 A、B 岗和需复训人数", tag: tag,
        access: .permission(.readBusinessData), responses: [(200, "覆盖", Schemas.ref("InfoOfficerCoverage"))])

    static let idNumber = APIOperation(
        method: .get, path: "rules/id-numbers/{number}", operationID: "checkIdNumber",
        summary: "校验公民身份号码（GB 11643：18 位、出生日期有效、ISO 7064 MOD 11-2 校验码），给出出生日期、性别和发证地区划", tag: "规则",
        access: .authenticated,
        parameters: [
            .init(name: "number", location: .path, required: true, description: "待校验的号码", schema: ["type": "string", "maxLength": 40])
        ],
        responses: [(200, "校验结果（无效时 valid 为 false 并附 error）", Schemas.ref("IDNumberCheck"))], errorCodes: ["id_number.too_long"])

    static let makeAccounts = APIOperation(
        method: .post, path: "info-officers/accounts", operationID: "makeInfoOfficerAccounts",
        summary: "系统管理员：为名册中尚未开通账户的信息员开通账户（角色灾害信息员，限其区划），返回用户名和一次性初始密码", tag: "账户",
        access: .permission(.manageAccounts),
        responses: [(200, "开通的账户", CommandSchemas.list(of: "MadeInfoOfficerAccount"))])
}

enum InfoOfficerSchemas {
    typealias S = SupervisionSchemas
    static let all: [(String, JSONValue)] = [
        (
            "InfoOfficer",
            S.object(
                ["id", "divisionCode", "post", "name", "phone", "archived", "trainingLapsed"],
                [
                    "id": S.uuid, "divisionCode": Schemas.divisionCode, "post": ResourceSchemas.enumeration(InfoOfficerPost.self),
                    "name": S.string, "phone": S.string, "trainedOn": Schemas.day, "certificateNumber": S.string, "username": S.string,
                    "archived": S.boolean, "trainingLapsed": S.boolean,
                ])
        ),
        (
            "InfoOfficerRequest",
            S.object(
                ["divisionCode", "post", "name", "phone"],
                [
                    "divisionCode": Schemas.localDivisionCode, "post": ResourceSchemas.enumeration(InfoOfficerPost.self),
                    "name": CommandSchemas.bounded(20), "phone": ["type": "string", "pattern": "^1[3-9][0-9]{9}$"],
                    "trainedOn": Schemas.day,
                    "certificateNumber": CommandSchemas.bounded(40),
                ])
        ),
        (
            "InfoOfficerCoverage",
            S.object(
                ["divisions", "missing", "lapsed", "refresherMonths"],
                [
                    "divisions": [
                        "type": "array",
                        "items": S.object(
                            ["divisionCode", "name", "complete"],
                            [
                                "divisionCode": Schemas.divisionCode, "name": S.string, "postA": S.string, "postB": S.string,
                                "complete": S.boolean,
                            ]),
                    ],
                    "missing": S.integer, "lapsed": S.integer, "refresherMonths": S.integer,
                ])
        ),
        (
            "IDNumberCheck",
            S.object(
                ["valid", "normalized"],
                [
                    "valid": S.boolean, "normalized": S.string, "birthDate": Schemas.day,
                    "sex": ["type": "string", "enum": ["male", "female"]],
                    "divisionCode": S.string, "error": S.string,
                ])
        ),
        (
            "MadeInfoOfficerAccount",
            S.object(
                ["officerId", "name", "divisionCode", "username", "password"],
                ["officerId": S.uuid, "name": S.string, "divisionCode": Schemas.divisionCode, "username": S.string, "password": S.string])
        ),
    ]
}
