import Foundation

/// 融合通信: the ways a notification reaches a person.
public enum NotificationChannel: String, Sendable, Codable, CaseIterable {
    case inApp, sms, voice, email

    public var label: String {
        switch self {
        case .inApp: "站内消息"
        case .sms: "短信"
        case .voice: "语音电话"
        case .email: "电子邮件"
        }
    }

    /// Whether the channel goes out through a service outside anlan (the SMS and voice gateway, the mail server), and
    /// so is queued, handed over and retried.
    public var usesGateway: Bool { self != .inApp }

    /// Whether a person is reached on it by their mobile number (SMS, voice) rather than their account or e-mail.
    public var needsMobile: Bool { self == .sms || self == .voice }
}

/// A delivery's course: 排队 → 已发送 (the gateway took it) → 已送达 (its receipt) → 已确认 (the person acknowledged
/// it), or 失败 with the reason once retries are spent or the failure is final. In-app messages are delivered when made.
public enum DeliveryState: String, Sendable, Codable, CaseIterable {
    case queued, sent, delivered, acknowledged, failed

    public var label: String {
        switch self {
        case .queued: "排队中"
        case .sent: "已发送"
        case .delivered: "已送达"
        case .acknowledged: "已确认"
        case .failed: "失败"
        }
    }

    public var isFinal: Bool { self == .acknowledged || self == .failed }
}

/// Who a notification goes to. A group is expanded to people when the notification is sent, not when it is written,
/// and each person's delivery is kept.
public enum NotificationAudience: Sendable, Codable, Equatable {
    /// Named accounts.
    case accounts([String])
    /// Every active account of a role within the divisions (all 乡镇 officials; the 灾害信息员 of the flooded townships).
    case role(Role, divisions: [String])
    /// Numbers typed by the desk, each with the person's name.
    case phones([NotificationContact])
}

public struct NotificationContact: Sendable, Codable, Equatable {
    public let name: String
    public let phone: String
    public init(name: String, phone: String) {
        self.name = name
        self.phone = phone
    }
}

/// One person reached on one channel, as the audience expanded.
public struct NotificationRecipient: Sendable, Equatable {
    public let name: String
    public let username: String?
    public let phone: String?
    public let email: String?
    public init(name: String, username: String?, phone: String?, email: String? = nil) {
        self.name = name
        self.username = username
        self.phone = phone
        self.email = email
    }
}

/// A notification as written to the outbox: the text, its channels and audience, and what caused it.
public struct NotificationMessage: Sendable, Equatable {
    public let id: UUID
    public let subject: String
    public let text: String
    public let channels: [NotificationChannel]
    public let audience: NotificationAudience
    public let incidentID: UUID?
    public let warningID: UUID?
    public let createdBy: String
    public let createdAt: Date
    public var expandedAt: Date?
    public var recipients: Int

    public init(
        id: UUID, subject: String, text: String, channels: [NotificationChannel], audience: NotificationAudience, incidentID: UUID?,
        warningID: UUID?, createdBy: String, createdAt: Date, expandedAt: Date?, recipients: Int
    ) {
        self.id = id
        self.subject = subject
        self.text = text
        self.channels = channels
        self.audience = audience
        self.incidentID = incidentID
        self.warningID = warningID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expandedAt = expandedAt
        self.recipients = recipients
    }
}

/// One recipient on one channel, with its course.
public struct Delivery: Sendable, Equatable {
    public let id: UUID
    public let notificationID: UUID
    public let channel: NotificationChannel
    public let name: String
    public let username: String?
    public let address: String
    public var state: DeliveryState
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var gatewayID: String?
    public var updatedAt: Date
    public var acknowledgedAt: Date?

    public init(
        id: UUID, notificationID: UUID, channel: NotificationChannel, name: String, username: String?, address: String,
        state: DeliveryState, attempts: Int, nextAttemptAt: Date?, lastError: String?, gatewayID: String?, updatedAt: Date,
        acknowledgedAt: Date?
    ) {
        self.id = id
        self.notificationID = notificationID
        self.channel = channel
        self.name = name
        self.username = username
        self.address = address
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.gatewayID = gatewayID
        self.updatedAt = updatedAt
        self.acknowledgedAt = acknowledgedAt
    }
}

/// What the gateway answered for one message.
public enum GatewayOutcome: Sendable, Equatable {
    /// Taken; its receipt follows.
    case accepted(gatewayID: String)
    /// Not taken this time (busy, down, timed out): tried again later.
    case retry(reason: String)
    /// Never deliverable (an invalid number): failed at once.
    case rejected(reason: String)
}

/// Retries with back-off: 30 s, 1, 2, 4, 8 minutes; after the sixth failed attempt the delivery fails.
public enum DeliveryRetry {
    public static let maximumAttempts = 6
    public static let firstDelay: TimeInterval = 30

    /// When to try again after `attempts` attempts, or nil when they are spent.
    public static func next(after attempts: Int, at now: Date) -> Date? {
        guard attempts < maximumAttempts else { return nil }
        return now.addingTimeInterval(firstDelay * pow(2, Double(max(0, attempts - 1))))
    }
}

public struct NotificationDraft: Sendable, Equatable {
    public enum Field {
        public static let subject = InputField("subject", label: "标题", context: "notification", maxLength: 60)
        public static let text = InputField("text", label: "内容", context: "notification", maxLength: 500)
        public static let channels = InputField("channels", label: "发送渠道", context: "notification")
        public static let audience = InputField("audience", label: "发送对象", context: "notification")
        public static let usernames = InputField("usernames", label: "指定人员", context: "notification")
        public static let role = InputField("role", label: "角色", context: "notification")
        public static let divisions = InputField("divisionCodes", label: "区划", context: "notification", codeStem: "division_codes")
        public static let phones = InputField(
            "phones", label: "号码", context: "notification", maxLength: 20_000,
            invalidMessage: "号码每行一个，写成“姓名 手机号”，手机号为 11 位数字。")
        public static let incident = InputField("incidentId", label: "关联事件", context: "notification", codeStem: "incident")
        public static let warning = InputField("warningId", label: "关联预警", context: "notification", codeStem: "warning")
    }

    /// The most phones one typed list may hold.
    public static let maximumPhones = 2000

    public var subject: String
    public var text: String
    public var channels: [NotificationChannel]
    public var audience: NotificationAudience
    public var incidentID: UUID?
    public var warningID: UUID?

    public init(
        subject: String, text: String, channels: [NotificationChannel], audience: NotificationAudience, incidentID: UUID? = nil,
        warningID: UUID? = nil
    ) {
        self.subject = subject
        self.text = text
        self.channels = channels
        self.audience = audience
        self.incidentID = incidentID
        self.warningID = warningID
    }

    public static func parse(_ input: some CommandInput) throws -> NotificationDraft {
        typealias F = Field
        var channels: [NotificationChannel] = []
        for text in try input.texts(F.channels) {
            guard let channel = NotificationChannel(rawValue: text) else { throw F.channels.invalid }
            if !channels.contains(channel) { channels.append(channel) }
        }
        if channels.isEmpty { throw F.channels.missing }
        let audience: NotificationAudience
        switch try input.requiredText(F.audience) {
        case "accounts":
            let names = try input.texts(F.usernames)
            guard !names.isEmpty else { throw F.usernames.missing }
            audience = .accounts(Array(Set(names)).sorted())
        case "role":
            guard let role = Role(rawValue: try input.requiredText(F.role)), role.receivesNotifications else { throw F.role.invalid }
            var codes: [String] = []
            for text in try input.texts(F.divisions) {
                guard (try? DivisionCode(text)) != nil else { throw F.divisions.invalid }
                if !codes.contains(text) { codes.append(text) }
            }
            audience = .role(role, divisions: codes)
        case "phones":
            audience = .phones(try parsePhones(try input.requiredText(F.phones)))
        default: throw F.audience.invalid
        }
        if case .phones = audience, channels.contains(.email) {
            throw AnlanError.invalid("notification.channel_needs_account", "手工填写的号码只能发短信或语音，电子邮件须选择系统内人员。", field: F.channels.name)
        }
        if case .phones = audience, channels.contains(.inApp) {
            throw AnlanError.invalid("notification.channel_needs_account", "手工填写的号码只能发短信或语音，站内消息须选择系统内人员。", field: F.channels.name)
        }
        return NotificationDraft(
            subject: try input.requiredText(F.subject), text: try input.requiredText(F.text), channels: channels, audience: audience,
            incidentID: try input.uuid(F.incident), warningID: try input.uuid(F.warning))
    }

    /// "姓名 手机号" per line; a mainland mobile number is 11 digits starting with 1.
    public static func parsePhones(_ text: String) throws -> [NotificationContact] {
        var out: [NotificationContact] = []
        for (index, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "，" }).map(String.init)
            guard let phone = parts.last, isMobile(phone) else {
                throw AnlanError.invalid(
                    "notification.phones_invalid", "第 \(index + 1) 行“\(line.prefix(40))”不是“姓名 手机号”（11 位手机号）。", field: Field.phones.name)
            }
            let name = parts.dropLast().joined(separator: " ")
            if !out.contains(where: { $0.phone == phone }) {
                out.append(NotificationContact(name: name.isEmpty ? phone : name, phone: phone))
            }
        }
        guard !out.isEmpty else { throw Field.phones.missing }
        guard out.count <= maximumPhones else {
            throw AnlanError.invalid("notification.phones_too_many", "一次最多填写 \(maximumPhones) 个号码。", field: Field.phones.name)
        }
        return out
    }

    public static func isMobile(_ text: String) -> Bool {
        text.count == 11 && text.hasPrefix("1") && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension Role {
    /// Roles a notification may be addressed to as a group: the people the desk calls out.
    public var receivesNotifications: Bool {
        switch self {
        case .bureauLeader, .inspector, .dutyOfficer, .staff, .townshipOfficer, .infoOfficer, .departmentUser: true
        case .enterpriseOfficer, .systemAdmin, .securityAdmin, .auditAdmin: false
        }
    }
}

public enum NotificationErrors {
    public static let notFound = AnlanError.notFound("notification.not_found", "通知不存在。")
    public static let deliveryNotFound = AnlanError.notFound("notification.delivery_not_found", "没有这条发给您的站内消息。")
    public static let nobody = AnlanError.invalid("notification.audience_empty", "所选对象中没有可接收的人员（账号停用或未登记手机号）。", field: "audience")
    public static let gatewayToken = AnlanError(.unauthenticated, code: "notification.gateway_token_invalid", message: "网关回执的令牌不正确。")
}
