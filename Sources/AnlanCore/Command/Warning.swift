import Foundation

/// 预警级别: the four colours, lowest first. In CAP the colour travels as a parameter and as the nearest CAP severity
/// (蓝 Minor, 黄 Moderate, 橙 Severe, 红 Extreme). That pairing is the common practice of Chinese CAP feeds; GB/T
/// 35965.1-2018 itself was not read (RULES §11, unverified), so the colour parameter, not the severity, is authoritative.
public enum WarningLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case blue, yellow, orange, red

    public var label: String {
        switch self {
        case .blue: "蓝色"
        case .yellow: "黄色"
        case .orange: "橙色"
        case .red: "红色"
        }
    }

    public var capSeverity: String {
        switch self {
        case .blue: "Minor"
        case .yellow: "Moderate"
        case .orange: "Severe"
        case .red: "Extreme"
        }
    }

    /// The nearest colour for an upstream message that gives only CAP severity.
    public static func fromCAP(severity: String) -> WarningLevel? {
        allCases.first { $0.capSeverity == severity }
    }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// What a warning is about: the hazards a county bureau warns of or relays, each with its CAP category and the type of
/// emergency it belongs to (GB/T 35561 by way of `IncidentType`).
public enum WarningEvent: String, Sendable, Codable, CaseIterable {
    case rainstorm, typhoon, flood, flashFlood, geological, drought, snowstorm, coldWave, gale, heatWave, lightning, hail, fog,
        roadIcing, forestFire, hazmat, workSafety, other

    public var label: String {
        switch self {
        case .rainstorm: "暴雨"
        case .typhoon: "台风"
        case .flood: "洪水"
        case .flashFlood: "山洪灾害"
        case .geological: "地质灾害"
        case .drought: "干旱"
        case .snowstorm: "暴雪"
        case .coldWave: "寒潮"
        case .gale: "大风"
        case .heatWave: "高温"
        case .lightning: "雷电"
        case .hail: "冰雹"
        case .fog: "大雾"
        case .roadIcing: "道路结冰"
        case .forestFire: "森林火险"
        case .hazmat: "危险化学品事故"
        case .workSafety: "生产安全事故"
        case .other: "其他"
        }
    }

    /// The CAP 1.2 `category` (the schema's enumeration).
    public var capCategory: String {
        switch self {
        case .rainstorm, .typhoon, .snowstorm, .coldWave, .gale, .heatWave, .lightning, .hail, .fog, .drought: "Met"
        case .flood, .flashFlood, .geological: "Geo"
        case .roadIcing: "Transport"
        case .forestFire: "Fire"
        case .hazmat: "CBRNE"
        case .workSafety: "Safety"
        case .other: "Other"
        }
    }

    public var incidentType: IncidentType {
        switch self {
        case .rainstorm, .typhoon, .snowstorm, .coldWave, .gale, .heatWave, .lightning, .hail, .fog, .roadIcing: .meteorological
        case .flood, .flashFlood, .drought: .floodDrought
        case .geological: .geological
        case .forestFire: .forestFire
        case .hazmat, .workSafety: .workSafety
        case .other: .otherNatural
        }
    }

    /// The event an upstream message names, found by its Chinese words ("暴雨蓝色预警" → 暴雨); nil when none matches.
    public static func recognise(_ text: String) -> WarningEvent? {
        let aliases: [(String, WarningEvent)] = [("山洪", .flashFlood), ("地质", .geological), ("滑坡", .geological), ("泥石流", .geological)]
        for (word, event) in aliases where text.contains(word) { return event }
        return allCases.first { $0 != .other && text.contains($0.label) }
    }
}

/// 正式 or 演练: the CAP `status` the bureau may publish under.
public enum WarningStatus: String, Sendable, Codable, CaseIterable {
    case actual, exercise

    public var label: String { self == .actual ? "正式" : "演练" }
    public var cap: String { self == .actual ? "Actual" : "Exercise" }
}

/// A warning's life: in force from publication (its `expires` may end it), or cancelled.
public enum WarningState: String, Sendable, Codable, CaseIterable {
    case published, cancelled

    public var label: String { self == .published ? "已发布" : "已解除" }
}

/// A warning (预警信息) the bureau publishes: what, how severe, where, what to do, and for how long. Each publication,
/// update and cancellation is one CAP message; `identifier` is the first message's.
public struct Warning: Sendable, Codable, Equatable {
    public let id: UUID
    public let identifier: String
    public var event: WarningEvent
    public var level: WarningLevel
    public var status: WarningStatus
    public var headline: String
    public var description: String
    public var instruction: String?
    public var areaDescription: String
    public var divisionCodes: [String]
    public var polygon: [GeoPoint]?
    public var effective: Date
    public var expires: Date
    public var state: WarningState
    public var version: Int
    public let incidentID: UUID?
    public let upstreamID: UUID?
    public let createdBy: String
    public let createdAt: Date
    public var updatedAt: Date
    public var cancelReason: String?

    public init(
        id: UUID, identifier: String, event: WarningEvent, level: WarningLevel, status: WarningStatus, headline: String,
        description: String, instruction: String?, areaDescription: String, divisionCodes: [String], polygon: [GeoPoint]?,
        effective: Date, expires: Date, state: WarningState, version: Int, incidentID: UUID?, upstreamID: UUID?, createdBy: String,
        createdAt: Date, updatedAt: Date, cancelReason: String?
    ) {
        self.id = id
        self.identifier = identifier
        self.event = event
        self.level = level
        self.status = status
        self.headline = headline
        self.description = description
        self.instruction = instruction
        self.areaDescription = areaDescription
        self.divisionCodes = divisionCodes
        self.polygon = polygon
        self.effective = effective
        self.expires = expires
        self.state = state
        self.version = version
        self.incidentID = incidentID
        self.upstreamID = upstreamID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.cancelReason = cancelReason
    }

    /// In force: published and not yet expired.
    public func inForce(at now: Date) -> Bool { state == .published && expires > now }

    public func stateLabel(at now: Date) -> String {
        state == .published && expires <= now ? "已过期" : state.label
    }

    /// The warning's title as people say it: "暴雨橙色预警".
    public var title: String { "\(event.label)\(level.label)预警" }
}

/// A warning as composed: checked here once for the page and the API alike.
public struct WarningDraft: Sendable, Equatable {
    public enum Field {
        public static let event = InputField("event", label: "预警类别", context: "warning")
        public static let level = InputField("level", label: "预警级别", context: "warning")
        public static let status = InputField("status", label: "发布性质", context: "warning")
        public static let headline = InputField("headline", label: "标题", context: "warning", maxLength: 80)
        public static let description = InputField("description", label: "预警内容", context: "warning", maxLength: 2000)
        public static let instruction = InputField("instruction", label: "防御指南", context: "warning", maxLength: 1000)
        public static let areaDescription = InputField("areaDescription", label: "预警区域说明", context: "warning", maxLength: 200)
        public static let divisions = InputField("divisionCodes", label: "预警区域", context: "warning", codeStem: "division_codes")
        public static let polygon = InputField(
            "polygon", label: "预警范围多边形", context: "warning", maxLength: 20_000,
            invalidMessage: "预警范围多边形须为 CAP 格式的“纬度,经度”点列，至少 4 个点，首尾相同，用空格分隔。")
        public static let effective = InputField("effective", label: "生效时间", context: "warning")
        public static let expires = InputField("expires", label: "失效时间", context: "warning")
        public static let incident = InputField("incidentId", label: "关联事件", context: "warning", codeStem: "incident")
        public static let upstream = InputField("upstreamId", label: "上级预警", context: "warning", codeStem: "upstream")
        public static let reason = InputField("reason", label: "解除理由", context: "warning", maxLength: 500)
        public static let notifyRoles = InputField("notifyRoles", label: "通知对象", context: "warning", codeStem: "notify_roles")
        public static let notifyChannels = InputField("notifyChannels", label: "通知渠道", context: "warning", codeStem: "notify_channels")
    }

    /// Whom the warning is sent to as it is published or updated: these roles within its area, on these channels.
    public struct Notify: Sendable, Equatable {
        public var roles: [Role]
        public var channels: [NotificationChannel]
        public init(roles: [Role], channels: [NotificationChannel]) {
            self.roles = roles
            self.channels = channels
        }
    }

    /// The longest a warning may be in force from its start: a setting-free bound against typing errors (a year typed
    /// wrong), not a rule of law.
    public static let longestValidity: TimeInterval = 30 * 86_400

    public var event: WarningEvent
    public var level: WarningLevel
    public var status: WarningStatus
    public var headline: String
    public var description: String
    public var instruction: String?
    public var areaDescription: String?
    public var divisionCodes: [DivisionCode]
    public var polygon: [GeoPoint]?
    public var effective: Date
    public var expires: Date
    public var incidentID: UUID?
    public var upstreamID: UUID?
    public var notify: Notify?

    public init(
        event: WarningEvent, level: WarningLevel, status: WarningStatus = .actual, headline: String, description: String,
        instruction: String? = nil, areaDescription: String? = nil, divisionCodes: [DivisionCode], polygon: [GeoPoint]? = nil,
        effective: Date, expires: Date, incidentID: UUID? = nil, upstreamID: UUID? = nil, notify: Notify? = nil
    ) {
        self.event = event
        self.level = level
        self.status = status
        self.headline = headline
        self.description = description
        self.instruction = instruction
        self.areaDescription = areaDescription
        self.divisionCodes = divisionCodes
        self.polygon = polygon
        self.effective = effective
        self.expires = expires
        self.incidentID = incidentID
        self.upstreamID = upstreamID
        self.notify = notify
    }

    public static func parse(_ input: some CommandInput, now: Date) throws -> WarningDraft {
        typealias F = Field
        guard let event = WarningEvent(rawValue: try input.requiredText(F.event)) else { throw F.event.invalid }
        guard let level = WarningLevel(rawValue: try input.requiredText(F.level)) else { throw F.level.invalid }
        guard let status = WarningStatus(rawValue: try input.text(F.status) ?? WarningStatus.actual.rawValue) else {
            throw F.status.invalid
        }
        var codes: [DivisionCode] = []
        for text in try input.texts(F.divisions) {
            guard let code = try? DivisionCode(text) else {
                throw AnlanError.invalid("warning.division_codes_invalid", "预警区域 \(text) 不是有效的区划代码。", field: F.divisions.name)
            }
            if !codes.contains(code) { codes.append(code) }
        }
        let polygon = try input.text(F.polygon).map { text in
            guard let points = CapPolygon.parse(text) else { throw F.polygon.invalid }
            return points
        }
        if codes.isEmpty && polygon == nil {
            throw AnlanError.invalid("warning.area_required", "请选择预警区域（乡镇、村）或给出预警范围多边形。", field: F.divisions.name)
        }
        let effective = try input.moment(F.effective) ?? now
        guard let expires = try input.moment(F.expires) else { throw F.expires.missing }
        guard expires > effective else {
            throw AnlanError.invalid("warning.expires_invalid", "失效时间须晚于生效时间。", field: F.expires.name)
        }
        guard expires > now else {
            throw AnlanError.invalid("warning.expires_past", "失效时间已过，不能发布已失效的预警。", field: F.expires.name)
        }
        guard expires.timeIntervalSince(effective) <= longestValidity else {
            throw AnlanError.invalid("warning.validity_too_long", "预警有效期不能超过 30 天；更长的请到期前发布更新。", field: F.expires.name)
        }
        var roles: [Role] = []
        for text in try input.texts(F.notifyRoles) {
            guard let role = Role(rawValue: text), role.receivesNotifications else { throw F.notifyRoles.invalid }
            if !roles.contains(role) { roles.append(role) }
        }
        var channels: [NotificationChannel] = []
        for text in try input.texts(F.notifyChannels) {
            guard let channel = NotificationChannel(rawValue: text) else { throw F.notifyChannels.invalid }
            if !channels.contains(channel) { channels.append(channel) }
        }
        if roles.isEmpty != channels.isEmpty {
            throw AnlanError.invalid(
                "warning.notify_incomplete", "同时通知须既选通知对象，又选通知渠道。", field: roles.isEmpty ? F.notifyRoles.name : F.notifyChannels.name)
        }
        if !roles.isEmpty && codes.isEmpty {
            throw AnlanError.invalid("warning.notify_needs_divisions", "按区域通知须选择预警区域（乡镇、村），不能只给多边形。", field: F.divisions.name)
        }
        return WarningDraft(
            event: event, level: level, status: status, headline: try input.requiredText(F.headline),
            description: try input.requiredText(F.description), instruction: try input.text(F.instruction),
            areaDescription: try input.text(F.areaDescription), divisionCodes: codes, polygon: polygon, effective: effective,
            expires: expires, incidentID: try input.uuid(F.incident), upstreamID: try input.uuid(F.upstream),
            notify: roles.isEmpty ? nil : Notify(roles: roles, channels: channels))
    }

    /// The reason a cancellation needs.
    public static func parseCancel(_ input: some CommandInput) throws -> String { try input.requiredText(Field.reason) }
}

public enum WarningErrors {
    public static let notFound = AnlanError.notFound("warning.not_found", "预警不存在。")
    public static let cancelled = AnlanError(.conflict, code: "warning.cancelled", message: "该预警已解除，不能再更新或解除。")
    public static let statusFixed = AnlanError.invalid(
        "warning.status_fixed", "更新不能改变发布性质（正式/演练）；请解除后另行发布。", field: WarningDraft.Field.status.name)
    public static let upstreamNotFound = AnlanError.notFound("cap.not_found", "上级预警消息不存在。")
    public static let incidentNotFound = AnlanError.invalid("warning.incident_invalid", "关联事件不存在或不在您的辖区内。", field: "incidentId")
    /// A division that does not exist or lies outside the caller's jurisdiction: the two are not told apart.
    public static func divisionUnknown(_ code: String) -> AnlanError {
        AnlanError.invalid("warning.division_codes_invalid", "预警区域 \(code) 不存在或不在您的辖区内。", field: WarningDraft.Field.divisions.name)
    }
    public static let identifiersExhausted = AnlanError(
        .conflict, code: "warning.identifier_unavailable", message: "同一秒内发布的预警过多，标识符已用尽，请稍后重试。")
}

/// CAP's polygon text: "lat,lon lat,lon …", at least four points, the first and last the same (CAP 1.2 §3.3.4).
public enum CapPolygon {
    public static func parse(_ text: String) -> [GeoPoint]? {
        var points: [GeoPoint] = []
        for pair in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            let parts = pair.split(separator: ",")
            guard parts.count == 2, let lat = Double(parts[0]), let lon = Double(parts[1]),
                (-90...90).contains(lat), (-180...180).contains(lon)
            else { return nil }
            points.append(GeoPoint(latitude: lat, longitude: lon))
        }
        guard points.count >= 4, points.first == points.last else { return nil }
        return points
    }

    public static func text(_ points: [GeoPoint]) -> String {
        points.map { "\(GeoPoint.text($0.latitude)),\(GeoPoint.text($0.longitude))" }.joined(separator: " ")
    }
}
