import Foundation

/// A CAP 1.2 message (OASIS Common Alerting Protocol 1.2, 2010), as data: what the bureau publishes and what it receives
/// from upstream departments. Field names follow the standard's elements; times are kept as CAP writes them
/// ("2026-11-30T02:05:00+08:00").
public struct CapAlert: Sendable, Equatable {
    public var identifier: String
    public var sender: String
    public var sent: String
    public var status: String
    public var msgType: String
    public var source: String?
    public var scope: String
    public var restriction: String?
    public var addresses: String?
    public var codes: [String]
    public var note: String?
    /// Earlier messages this one refers to, each "sender,identifier,sent" (CAP 1.2 §3.2.1 references).
    public var references: [String]
    public var incidents: String?
    public var infos: [CapInfo]

    public init(
        identifier: String, sender: String, sent: String, status: String, msgType: String, source: String? = nil,
        scope: String = "Public", restriction: String? = nil, addresses: String? = nil, codes: [String] = [], note: String? = nil,
        references: [String] = [], incidents: String? = nil, infos: [CapInfo] = []
    ) {
        self.identifier = identifier
        self.sender = sender
        self.sent = sent
        self.status = status
        self.msgType = msgType
        self.source = source
        self.scope = scope
        self.restriction = restriction
        self.addresses = addresses
        self.codes = codes
        self.note = note
        self.references = references
        self.incidents = incidents
        self.infos = infos
    }

    /// How another message refers to this one.
    public var reference: String { "\(sender),\(identifier),\(sent)" }
}

public struct CapValue: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public struct CapInfo: Sendable, Equatable {
    public var language: String?
    public var categories: [String]
    public var event: String
    public var responseTypes: [String]
    public var urgency: String
    public var severity: String
    public var certainty: String
    public var audience: String?
    public var eventCodes: [CapValue]
    public var effective: String?
    public var onset: String?
    public var expires: String?
    public var senderName: String?
    public var headline: String?
    public var description: String?
    public var instruction: String?
    public var web: String?
    public var contact: String?
    public var parameters: [CapValue]
    public var areas: [CapArea]

    public init(
        language: String? = nil, categories: [String], event: String, responseTypes: [String] = [], urgency: String, severity: String,
        certainty: String, audience: String? = nil, eventCodes: [CapValue] = [], effective: String? = nil, onset: String? = nil,
        expires: String? = nil, senderName: String? = nil, headline: String? = nil, description: String? = nil,
        instruction: String? = nil, web: String? = nil, contact: String? = nil, parameters: [CapValue] = [], areas: [CapArea] = []
    ) {
        self.language = language
        self.categories = categories
        self.event = event
        self.responseTypes = responseTypes
        self.urgency = urgency
        self.severity = severity
        self.certainty = certainty
        self.audience = audience
        self.eventCodes = eventCodes
        self.effective = effective
        self.onset = onset
        self.expires = expires
        self.senderName = senderName
        self.headline = headline
        self.description = description
        self.instruction = instruction
        self.web = web
        self.contact = contact
        self.parameters = parameters
        self.areas = areas
    }

    public func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

    /// The warning colour a message gives: its 预警级别 parameter, else the nearest to its CAP severity.
    public var warningLevel: WarningLevel? {
        parameter(WarningCap.levelParameter).flatMap { p in WarningLevel.allCases.first { p.contains($0.label) } }
            ?? WarningLevel.fromCAP(severity: severity)
    }
}

public struct CapArea: Sendable, Equatable {
    public var areaDesc: String
    public var polygons: [String]
    public var circles: [String]
    public var geocodes: [CapValue]

    public init(areaDesc: String, polygons: [String] = [], circles: [String] = [], geocodes: [CapValue] = []) {
        self.areaDesc = areaDesc
        self.polygons = polygons
        self.circles = circles
        self.geocodes = geocodes
    }
}

/// CAP times: seconds and the Beijing offset, as the schema's pattern requires (no fractions, no "Z").
public enum CapTime {
    public static func string(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return f.string(from: date) + "+08:00"
    }

    /// A CAP time with any offset.
    public static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}

/// The identifier of GB/T 35965.1-2018 (RULES §11, verified from the standard's Annex A as quoted):
/// `ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N` — the 6-digit GB/T 2260 division code, the 3-digit GB/T 4657 agency code, a 3-digit
/// internal unit code, a 2-digit extension, the Beijing time the message was made, and a sequence digit 0–9 that keeps
/// messages of one second apart.
public struct CapIdentifier: Sendable, Equatable {
    /// The sender part (14 digits); `settings` says where each part comes from.
    public let senderCode: String

    public init(division: DivisionCode, agency: String, unit: String = "000", extensionCode: String = "00") {
        senderCode = String(division.rawValue.prefix(6)) + agency + unit + extensionCode
    }

    public func identifier(at date: Date, sequence: Int) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyyMMddHHmmss"
        return "\(senderCode)_\(f.string(from: date))_\(sequence)"
    }

    /// Whether a text has the identifier's shape (31 characters).
    public static func isWellFormed(_ text: String) -> Bool {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 14 && parts[1].count == 14 && parts[2].count == 1
            && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}

/// The warning settings a bureau confirms before going live: the agency code of its identifier and its CAP sender.
public struct WarningSettings: Sendable, Codable, Equatable {
    /// GB/T 4657 机构行业码 of the issuing agency. "000" until the bureau enters its own: the code table was not available
    /// here (RULES §11: unverified).
    public var agencyCode: String
    public var senderName: String

    public init(agencyCode: String = "000", senderName: String) {
        self.agencyCode = agencyCode
        self.senderName = senderName
    }

    public static let source = "GB/T 35965.1-2018 附录A 标识符；机构行业码默认 000（GB/T 4657 代码未核实，请按本局代码填写）"
}

/// A warning as CAP: the bureau's own messages are made here and nowhere else.
public enum WarningCap {
    /// The CAP `valueName` of the colour parameter. GB/T 35965.1's own element for 预警级别 was not read (RULES §11).
    public static let levelParameter = "预警级别"
    public static let divisionGeocode = "GB/T 2260"

    public static func alert(
        _ warning: Warning, msgType: String, identifier: String, sender: String, sent: Date, references: [String],
        settings: WarningSettings, note: String? = nil
    ) -> CapAlert {
        var area = CapArea(areaDesc: warning.areaDescription)
        if let polygon = warning.polygon { area.polygons = [CapPolygon.text(polygon)] }
        area.geocodes = warning.divisionCodes.map { CapValue(divisionGeocode, $0) }
        let cancelled = msgType == "Cancel"
        let info = CapInfo(
            language: "zh-CN", categories: [warning.event.capCategory], event: warning.event.label,
            responseTypes: cancelled ? ["AllClear"] : ["Prepare"],
            urgency: cancelled ? "Past" : (warning.effective <= sent ? "Immediate" : "Expected"),
            severity: warning.level.capSeverity, certainty: "Likely",
            eventCodes: [CapValue("GB/T 35561", warning.event.incidentType.rawValue)],
            effective: CapTime.string(warning.effective), expires: CapTime.string(warning.expires),
            senderName: settings.senderName, headline: cancelled ? "解除\(warning.title)" : warning.headline,
            description: cancelled ? (warning.cancelReason ?? warning.description) : warning.description,
            instruction: cancelled ? nil : warning.instruction,
            parameters: [CapValue(levelParameter, warning.level.label)], areas: [area])
        return CapAlert(
            identifier: identifier, sender: sender, sent: CapTime.string(sent), status: warning.status.cap, msgType: msgType,
            scope: "Public", note: note, references: references, infos: [info])
    }
}

/// A CAP message as kept: one the bureau sent (`out`) or one received from upstream (`in`), verbatim, with what was
/// read from it when it was valid and the validation errors when it was not.
public struct CapMessage: Sendable, Equatable {
    public enum Direction: String, Sendable, Codable { case outgoing = "out", incoming = "in" }
    public enum Source: String, Sendable, Codable, CaseIterable {
        case issued, upload, poll
        public var label: String {
            switch self {
            case .issued: "本局发布"
            case .upload: "上传"
            case .poll: "定时获取"
            }
        }
    }

    public let id: UUID
    public let direction: Direction
    public let warningID: UUID?
    public let alert: CapAlert?
    /// What could be read from a message that failed its checks, for people to recognise it; never acted on.
    public let unchecked: CapAlert?
    public let errors: [String]
    public let xml: String
    public let source: Source
    public let receivedBy: String
    public let receivedAt: Date
    public var supersededBy: UUID?

    public init(
        id: UUID, direction: Direction, warningID: UUID?, alert: CapAlert?, unchecked: CapAlert? = nil, errors: [String], xml: String,
        source: Source, receivedBy: String, receivedAt: Date, supersededBy: UUID?
    ) {
        self.id = id
        self.direction = direction
        self.warningID = warningID
        self.alert = alert
        self.unchecked = unchecked
        self.errors = errors
        self.xml = xml
        self.source = source
        self.receivedBy = receivedBy
        self.receivedAt = receivedAt
        self.supersededBy = supersededBy
    }

    public var valid: Bool { alert != nil && errors.isEmpty }

    /// The message's first info block, where its event, severity and area are.
    public var info: CapInfo? { alert?.infos.first }

    public var expires: Date? { info?.expires.flatMap(CapTime.date) }

    /// An upstream message still in force: valid, an alert or update not superseded or cancelled, not expired.
    public func inForce(at now: Date) -> Bool {
        guard let alert, valid, supersededBy == nil, alert.msgType == "Alert" || alert.msgType == "Update" else { return false }
        return expires.map { $0 > now } ?? true
    }
}
