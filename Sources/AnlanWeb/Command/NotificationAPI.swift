import AnlanCore
import Foundation

/// The notifications' API operations. Sending and reading the desk's notifications need `keepDuty` (they name people
/// and their numbers); everyone with business
/// access reads and acknowledges their own in-app messages; the gateway posts receipts with its shared token.
enum NotificationOperations {
    static let tag = "通知"
    typealias S = SupervisionSchemas
    static let id = SupervisionAPI.path("id", "通知 ID")

    static let send = APIOperation(
        method: .post, path: "notifications", operationID: "sendNotification",
        summary: "发送通知：写入发送队列（同一事务），发送时按对象展开到人，逐人逐渠道记录送达", tag: tag, access: .permission(.keepDuty),
        requestSchema: Schemas.ref("NotificationRequest"), responses: [(201, "已写入发送队列", Schemas.ref("Notification"))],
        errorCodes: [
            "notification.field_required", "notification.subject_too_long", "notification.text_too_long", "notification.channels_invalid",
            "notification.audience_invalid", "notification.role_invalid", "notification.division_codes_invalid",
            "notification.phones_invalid", "notification.phones_too_many", "notification.phones_too_long",
            "notification.channel_needs_account", "notification.incident_invalid", "notification.warning_invalid",
        ]
    )
    .explaining("ST202", "incidentId, when given, must name an existing incident; the audience's fields depend on its kind")

    static let list = APIOperation(
        method: .get, path: "notifications", operationID: "listNotifications", summary: "已发通知（最新在前），含各渠道送达计数", tag: tag,
        access: .permission(.keepDuty),
        parameters: AccountsAPI.pageParameters + [SupervisionAPI.query("incidentId", "关联事件", S.uuid)],
        responses: [(200, "一页通知", Schemas.page(of: "Notification"))])

    static let get = APIOperation(
        method: .get, path: "notifications/{id}", operationID: "getNotification", summary: "一条通知及各渠道、各状态的送达计数", tag: tag,
        access: .permission(.keepDuty), parameters: [id],
        responses: [(200, "通知", Schemas.ref("Notification")), SupervisionAPI.notFound], errorCodes: ["notification.not_found"])

    static let deliveries = APIOperation(
        method: .get, path: "notifications/{id}/deliveries", operationID: "listDeliveries", summary: "一条通知的逐人送达记录", tag: tag,
        access: .permission(.keepDuty),
        parameters: [id] + AccountsAPI.pageParameters + [
            SupervisionAPI.query("channel", "渠道", ResourceSchemas.enumeration(NotificationChannel.self)),
            SupervisionAPI.query("state", "送达状态", ResourceSchemas.enumeration(DeliveryState.self)),
        ],
        responses: [(200, "一页送达记录", Schemas.page(of: "Delivery")), SupervisionAPI.notFound], errorCodes: ["notification.not_found"])

    static let inbox = APIOperation(
        method: .get, path: "inbox", operationID: "myInbox", summary: "本人的站内消息（最新在前）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [SupervisionAPI.query("unacknowledged", "只列待确认的", ["type": "boolean"])],
        responses: [(200, "一页站内消息", Schemas.page(of: "InboxItem"))])

    static let acknowledge = APIOperation(
        method: .post, path: "inbox/{id}/acknowledge", operationID: "acknowledgeMessage", summary: "确认收到一条站内消息（重复确认无害）",
        tag: tag, access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "送达记录 ID")],
        responses: [(200, "已确认", Schemas.ref("Delivery")), SupervisionAPI.notFound], errorCodes: ["notification.delivery_not_found"])

    static let receipts = APIOperation(
        method: .post, path: "notifications/receipts", operationID: "gatewayReceipts",
        summary: "短信语音网关的送达回执（请求头 X-Gateway-Token 为共享令牌；一次最多 1000 条；已是终态的记录不变）", tag: tag, access: .open,
        requestSchema: S.object(
            ["receipts"],
            [
                "receipts": [
                    "type": "array", "maxItems": 1000,
                    "items": S.object(
                        ["id", "status"],
                        [
                            "id": S.uuid, "status": ["type": "string", "enum": ["delivered", "failed"]],
                            "reason": CommandSchemas.bounded(200, min: 0),
                        ]),
                ]
            ]),
        responses: [(200, "已处理", Schemas.ref("ReceiptResult")), (401, "令牌不正确", Schemas.ref("Error"))],
        errorCodes: ["notification.gateway_token_invalid", "notification.receipt_invalid", "notification.receipts_too_many"])
}

struct NotificationDTO: Encodable, Sendable {
    let id, subject, text, audience, createdBy: String
    let channels: [String]
    let incidentId, warningId: String?
    let createdAt: Date
    let expandedAt: Date?
    let recipients: Int
    /// channel → state → count.
    let tally: [String: [String: Int]]

    init(_ m: NotificationMessage, tally: [NotificationChannel: [DeliveryState: Int]]) {
        id = m.id.key
        subject = m.subject
        text = m.text
        audience = NotificationViews.audienceLabel(m.audience, places: [:])
        createdBy = m.createdBy
        channels = m.channels.map(\.rawValue)
        incidentId = m.incidentID?.key
        warningId = m.warningID?.key
        createdAt = m.createdAt
        expandedAt = m.expandedAt
        recipients = m.recipients
        var t: [String: [String: Int]] = [:]
        for (c, states) in tally { t[c.rawValue] = Dictionary(uniqueKeysWithValues: states.map { ($0.key.rawValue, $0.value) }) }
        self.tally = t
    }
}

struct DeliveryDTO: Encodable, Sendable {
    let id, notificationId, channel, name, address, state: String
    let username, lastError, gatewayId: String?
    let attempts: Int
    let nextAttemptAt, acknowledgedAt: Date?
    let updatedAt: Date

    init(_ d: Delivery) {
        id = d.id.key
        notificationId = d.notificationID.key
        channel = d.channel.rawValue
        name = d.name
        address = d.address
        state = d.state.rawValue
        username = d.username
        lastError = d.lastError
        gatewayId = d.gatewayID
        attempts = d.attempts
        nextAttemptAt = d.nextAttemptAt
        acknowledgedAt = d.acknowledgedAt
        updatedAt = d.updatedAt
    }
}

struct InboxItemDTO: Encodable, Sendable {
    let delivery: DeliveryDTO
    let subject, text: String
    let incidentId, warningId: String?
    let sentAt: Date

    init(delivery: Delivery, message: NotificationMessage) {
        self.delivery = DeliveryDTO(delivery)
        subject = message.subject
        text = message.text
        incidentId = message.incidentID?.key
        warningId = message.warningID?.key
        sentAt = message.createdAt
    }
}

struct ReceiptResultDTO: Encodable, Sendable {
    let received, applied: Int
}

enum NotificationSchemas {
    typealias S = SupervisionSchemas
    static let all: [(String, JSONValue)] = [
        (
            "Notification",
            S.object(
                ["id", "subject", "text", "audience", "createdBy", "channels", "createdAt", "recipients", "tally"],
                [
                    "id": S.uuid, "subject": S.string, "text": S.string, "audience": S.string, "createdBy": S.string,
                    "channels": ["type": "array", "items": ResourceSchemas.enumeration(NotificationChannel.self)], "incidentId": S.uuid,
                    "warningId": S.uuid, "createdAt": Schemas.timestamp, "expandedAt": Schemas.timestamp, "recipients": S.integer,
                    "tally": ["type": "object", "additionalProperties": ["type": "object", "additionalProperties": S.integer]],
                ])
        ),
        (
            "NotificationRequest",
            S.object(
                ["subject", "text", "channels", "audience"],
                [
                    "subject": CommandSchemas.bounded(60), "text": CommandSchemas.bounded(500),
                    "channels": ["type": "array", "minItems": 1, "items": ResourceSchemas.enumeration(NotificationChannel.self)],
                    "audience": ["type": "string", "enum": ["role", "accounts", "phones"]],
                    "role": ResourceSchemas.enumeration(Role.self), "divisionCodes": S.stringArray, "usernames": S.stringArray,
                    "phones": ["type": "string", "maxLength": 20_000, "description": "每行一个：姓名 手机号"], "incidentId": S.uuid,
                    "warningId": S.uuid,
                ])
        ),
        (
            "Delivery",
            S.object(
                ["id", "notificationId", "channel", "name", "address", "state", "attempts", "updatedAt"],
                [
                    "id": S.uuid, "notificationId": S.uuid, "channel": ResourceSchemas.enumeration(NotificationChannel.self),
                    "name": S.string, "address": S.string, "state": ResourceSchemas.enumeration(DeliveryState.self), "username": S.string,
                    "lastError": S.string, "gatewayId": S.string, "attempts": S.integer, "nextAttemptAt": Schemas.timestamp,
                    "acknowledgedAt": Schemas.timestamp, "updatedAt": Schemas.timestamp,
                ])
        ),
        (
            "InboxItem",
            S.object(
                ["delivery", "subject", "text", "sentAt"],
                [
                    "delivery": Schemas.ref("Delivery"), "subject": S.string, "text": S.string, "incidentId": S.uuid, "warningId": S.uuid,
                    "sentAt": Schemas.timestamp,
                ])
        ),
        ("ReceiptResult", S.object(["received", "applied"], ["received": S.integer, "applied": S.integer])),
    ]
}
