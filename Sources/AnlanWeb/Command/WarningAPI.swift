import AnlanCore
import AnlanFormats
import Foundation

/// The warnings' API operations. Reading needs `readBusinessData`; publishing, updating, cancelling and receiving need
/// `keepDuty`; the current CAP message of a 正式 warning and the feed are open, as public alerts are.
enum WarningOperations {
    static let tag = "预警"
    typealias S = SupervisionSchemas
    static let id = SupervisionAPI.path("id", "预警 ID")
    static let draftErrors = [
        "warning.field_required", "warning.event_invalid", "warning.level_invalid", "warning.status_invalid",
        "warning.headline_too_long", "warning.description_too_long", "warning.instruction_too_long",
        "warning.area_description_too_long", "warning.division_codes_invalid", "warning.polygon_invalid", "warning.polygon_too_long",
        "warning.area_required", "warning.effective_invalid", "warning.expires_invalid", "warning.expires_past",
        "warning.validity_too_long", "warning.incident_invalid", "warning.upstream_invalid", "warning.incident_invalid",
    ]

    static let list = APIOperation(
        method: .get, path: "warnings", operationID: "listWarnings", summary: "本局预警（最近更新的在前）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            SupervisionAPI.query("inForce", "只列生效中的", ["type": "boolean"]),
            SupervisionAPI.query("state", "状态", ResourceSchemas.enumeration(WarningState.self)),
            SupervisionAPI.query("event", "类别", ResourceSchemas.enumeration(WarningEvent.self)),
            SupervisionAPI.query("incidentId", "关联事件", S.uuid),
        ],
        responses: [(200, "一页预警", Schemas.page(of: "Warning"))])

    static let publish = APIOperation(
        method: .post, path: "warnings", operationID: "publishWarning", summary: "发布预警：同时生成 CAP 1.2 Alert 消息", tag: tag,
        access: .permission(.keepDuty), requestSchema: Schemas.ref("WarningRequest"),
        responses: [(201, "已发布", Schemas.ref("Warning")), SupervisionAPI.conflict],
        errorCodes: draftErrors + ["cap.not_found", "warning.identifier_unavailable", "warning.county_missing"]
    )
    .explaining("ST202", "the area is given by divisionCodes or a polygon, at least one: a rule across two fields")

    static let get = APIOperation(
        method: .get, path: "warnings/{id}", operationID: "getWarning", summary: "一条预警", tag: tag,
        access: .permission(.readBusinessData), parameters: [id],
        responses: [(200, "预警", Schemas.ref("Warning")), SupervisionAPI.notFound],
        errorCodes: ["warning.not_found"])

    static let update = APIOperation(
        method: .put, path: "warnings/{id}", operationID: "updateWarning", summary: "更新预警：生成引用此前消息的 CAP Update", tag: tag,
        access: .permission(.keepDuty), parameters: [id], requestSchema: Schemas.ref("WarningRequest"),
        responses: [(200, "更新后的预警", Schemas.ref("Warning")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: draftErrors + ["warning.not_found", "warning.cancelled", "warning.status_fixed", "warning.identifier_unavailable"]
    )
    .explaining("ST202", "the area is given by divisionCodes or a polygon, at least one: a rule across two fields")

    static let cancel = APIOperation(
        method: .post, path: "warnings/{id}/cancel", operationID: "cancelWarning", summary: "解除预警：生成 CAP Cancel", tag: tag,
        access: .permission(.keepDuty), parameters: [id],
        requestSchema: S.object(["reason"], ["reason": CommandSchemas.bounded(500)]),
        responses: [(200, "已解除的预警", Schemas.ref("Warning")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: ["warning.field_required", "warning.reason_too_long", "warning.not_found", "warning.cancelled"])

    static let messages = APIOperation(
        method: .get, path: "warnings/{id}/messages", operationID: "listWarningMessages", summary: "预警的全部 CAP 消息（先后顺序，含 XML 原文）",
        tag: tag, access: .permission(.readBusinessData), parameters: [id],
        responses: [
            (200, "CAP 消息", S.object(["items"], ["items": ["type": "array", "items": Schemas.ref("CapMessage")]])), SupervisionAPI.notFound,
        ],
        errorCodes: ["warning.not_found"])

    static let cap = APIOperation(
        method: .get, path: "warnings/{id}/cap", operationID: "getWarningCap",
        summary: "正式预警的当前 CAP 1.2 消息（application/cap+xml；公开，不需登录；演练预警不公开）", tag: tag, access: .open,
        parameters: [id], responseContentType: CapXML.contentType,
        responses: [(200, "CAP 1.2 XML", ["type": "string"]), (404, "不存在或非正式预警", Schemas.ref("Error"))],
        errorCodes: ["warning.not_found"])

    static let feed = APIOperation(
        method: .get, path: "feeds/warnings.atom", operationID: "warningFeed", summary: "生效中的正式预警 Atom 订阅（公开）", tag: tag,
        access: .open, responseContentType: "application/atom+xml", responses: [(200, "Atom 1.0", ["type": "string"])])

    static let receive = APIOperation(
        method: .post, path: "cap-messages", operationID: "receiveCapMessage",
        summary: "接收上级 CAP 1.2 消息：校验后留存；未通过校验的也留存备查并以 422 列出全部错误；重复消息答 200", tag: tag,
        access: .permission(.keepDuty), requestSchema: ["type": "string", "format": "binary"],
        requestContentType: "application/octet-stream",
        responses: [
            (201, "已接收", Schemas.ref("CapMessage")), (200, "此前已接收的同一消息", Schemas.ref("CapMessage")),
            (422, "未通过 CAP 1.2 校验（details.errors 列出全部错误，details.messageId 为留存编号）", Schemas.ref("Error")),
        ],
        errorCodes: ["cap.invalid", "cap.empty", "cap.too_large"]
    )
    .explaining(
        "ST202", "the body must be a CAP 1.2 message valid against the OASIS schema (CAP-v1.2.xsd); an XML schema is not an OpenAPI one")

    static let upstream = APIOperation(
        method: .get, path: "cap-messages", operationID: "listCapMessages", summary: "收到的上级 CAP 消息（最新在前）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            SupervisionAPI.query(
                "scope", "in-force 生效中、all 全部（默认）、invalid 未通过校验", ["type": "string", "enum": ["in-force", "all", "invalid"]])
        ],
        responses: [(200, "一页 CAP 消息", Schemas.page(of: "CapMessage"))], errorCodes: ["cap.scope_invalid"])

    static let upstreamMessage = APIOperation(
        method: .get, path: "cap-messages/{id}", operationID: "getCapMessage", summary: "一条收到的 CAP 消息，含原文和校验错误", tag: tag,
        access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "消息 ID")],
        responses: [(200, "CAP 消息", Schemas.ref("CapMessage")), SupervisionAPI.notFound], errorCodes: ["cap.not_found"])

    static let settings = APIOperation(
        method: .get, path: "warning-settings", operationID: "getWarningSettings", summary: "预警标识符与发布单位设置（含来源说明）", tag: tag,
        access: .permission(.readBusinessData), responses: [(200, "设置", Schemas.ref("WarningSettings"))])

    static let setSettings = APIOperation(
        method: .put, path: "warning-settings", operationID: "setWarningSettings", summary: "修改机构行业码和发布单位名称", tag: tag,
        access: .permission(.configureCatalogs),
        requestSchema: S.object(
            [], ["agencyCode": ["type": "string", "pattern": "^[0-9]{3}$"], "senderName": CommandSchemas.bounded(60)]),
        responses: [(200, "设置", Schemas.ref("WarningSettings"))],
        errorCodes: [
            "warning.agency_code_invalid", "warning.sender_name_invalid", "warning.agency_code_too_long", "warning.sender_name_too_long",
        ]
    )
    .explaining(
        "ST201", "an empty text in a field with a default is read as not given and the default applies, as the page's form sends it")
}

struct WarningDTO: Encodable, Sendable {
    let id, identifier, event, eventLabel, level, levelLabel, status, state, headline, description, areaDescription: String
    let instruction, polygon, incidentId, upstreamId, cancelReason: String?
    let divisionCodes: [String]
    let inForce: Bool
    let version: Int
    let effective, expires, createdAt, updatedAt: Date
    let createdBy: String

    init(_ w: Warning, now: Date) {
        id = w.id.key
        identifier = w.identifier
        event = w.event.rawValue
        eventLabel = w.event.label
        level = w.level.rawValue
        levelLabel = w.level.label
        status = w.status.rawValue
        state = w.state.rawValue
        headline = w.headline
        description = w.description
        areaDescription = w.areaDescription
        instruction = w.instruction
        polygon = w.polygon.map(CapPolygon.text)
        incidentId = w.incidentID?.key
        upstreamId = w.upstreamID?.key
        cancelReason = w.cancelReason
        divisionCodes = w.divisionCodes
        inForce = w.inForce(at: now)
        version = w.version
        effective = w.effective
        expires = w.expires
        createdAt = w.createdAt
        updatedAt = w.updatedAt
        createdBy = w.createdBy
    }
}

struct CapMessageDTO: Encodable, Sendable {
    let id, direction, source, receivedBy: String
    let valid, inForce: Bool
    let errors, references: [String]
    let identifier, sender, sent, msgType, status, event, severity, headline, areaDescription, warningId, supersededBy, xml: String?
    let expires: Date?
    let receivedAt: Date

    init(_ m: CapMessage, now: Date, withXML: Bool) {
        id = m.id.key
        direction = m.direction.rawValue
        source = m.source.rawValue
        receivedBy = m.receivedBy
        valid = m.valid
        inForce = m.direction == .incoming ? m.inForce(at: now) : false
        errors = m.errors
        references = m.alert?.references ?? []
        identifier = m.alert?.identifier
        sender = m.alert?.sender
        sent = m.alert?.sent
        msgType = m.alert?.msgType
        status = m.alert?.status
        event = m.info?.event
        severity = m.info?.severity
        headline = m.info?.headline
        areaDescription = m.info?.areas.map(\.areaDesc).joined(separator: "；")
        warningId = m.warningID?.key
        supersededBy = m.supersededBy?.key
        xml = withXML ? m.xml : nil
        expires = m.expires
        receivedAt = m.receivedAt
    }
}

struct WarningSettingsDTO: Encodable, Sendable {
    let agencyCode, senderName, source: String
    init(_ s: WarningSettings) {
        agencyCode = s.agencyCode
        senderName = s.senderName
        source = WarningSettings.source
    }
}

enum WarningSchemas {
    typealias S = SupervisionSchemas
    static let all: [(String, JSONValue)] = [
        (
            "Warning",
            S.object(
                [
                    "id", "identifier", "event", "eventLabel", "level", "levelLabel", "status", "state", "headline", "description",
                    "areaDescription", "divisionCodes", "inForce", "version", "effective", "expires", "createdAt", "updatedAt", "createdBy",
                ],
                [
                    "id": S.uuid, "identifier": S.string, "event": ResourceSchemas.enumeration(WarningEvent.self), "eventLabel": S.string,
                    "level": ResourceSchemas.enumeration(WarningLevel.self), "levelLabel": S.string,
                    "status": ResourceSchemas.enumeration(WarningStatus.self), "state": ResourceSchemas.enumeration(WarningState.self),
                    "headline": S.string, "description": S.string, "areaDescription": S.string, "instruction": S.string,
                    "polygon": S.string, "incidentId": S.uuid, "upstreamId": S.uuid, "cancelReason": S.string,
                    "divisionCodes": S.stringArray, "inForce": ["type": "boolean"], "version": ["type": "integer"],
                    "effective": Schemas.timestamp, "expires": Schemas.timestamp, "createdAt": Schemas.timestamp,
                    "updatedAt": Schemas.timestamp, "createdBy": S.string,
                ])
        ),
        (
            "WarningRequest",
            S.object(
                ["event", "level", "headline", "description", "expires"],
                [
                    "event": ResourceSchemas.enumeration(WarningEvent.self), "level": ResourceSchemas.enumeration(WarningLevel.self),
                    "status": ResourceSchemas.enumeration(WarningStatus.self), "headline": CommandSchemas.bounded(80),
                    "description": CommandSchemas.bounded(2000), "instruction": CommandSchemas.bounded(1000, min: 0),
                    "areaDescription": CommandSchemas.bounded(200, min: 0),
                    "divisionCodes": ["type": "array", "maxItems": 200, "items": ["type": "string", "pattern": "^[0-9]{12}$"]],
                    "polygon": CommandSchemas.bounded(20_000, min: 0),
                    "effective": ["type": "string", "description": "生效时间，如 2026-11-30T02:05（北京时间）；缺省为现在"],
                    "expires": ["type": "string", "description": "失效时间，如 2026-12-01T02:05（北京时间）"],
                    "incidentId": S.uuid, "upstreamId": S.uuid,
                ])
        ),
        (
            "CapMessage",
            S.object(
                ["id", "direction", "source", "receivedBy", "valid", "inForce", "errors", "references", "receivedAt"],
                [
                    "id": S.uuid, "direction": ["type": "string", "enum": ["in", "out"]],
                    "source": ResourceSchemas.enumeration(CapMessage.Source.self), "receivedBy": S.string, "valid": ["type": "boolean"],
                    "inForce": ["type": "boolean"], "errors": S.stringArray, "references": S.stringArray, "identifier": S.string,
                    "sender": S.string, "sent": S.string, "msgType": S.string, "status": S.string, "event": S.string,
                    "severity": S.string, "headline": S.string, "areaDescription": S.string, "warningId": S.uuid,
                    "supersededBy": S.uuid, "xml": S.string, "expires": Schemas.timestamp, "receivedAt": Schemas.timestamp,
                ])
        ),
        (
            "WarningSettings",
            S.object(["agencyCode", "senderName", "source"], ["agencyCode": S.string, "senderName": S.string, "source": S.string])
        ),
    ]
}
