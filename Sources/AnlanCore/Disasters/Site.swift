import Foundation

/// Where flood and forest-fire work is done that is not an enterprise: reservoirs, river and dike sections, 地质灾害隐患点,
/// 山洪 risk villages, forest areas, construction in flood channels. Each has its three 责任人 (行政、技术、巡查), whose
/// names and phones the county publishes before the flood season.
public enum SiteKind: String, Sendable, Codable, CaseIterable {
    case reservoir, riverSection, geologicalHazard, flashFloodVillage, forestArea, floodChannelWork, other

    public var label: String {
        switch self {
        case .reservoir: "水库（山塘）"
        case .riverSection: "河道堤防"
        case .geologicalHazard: "地质灾害隐患点"
        case .flashFloodVillage: "山洪灾害危险区"
        case .forestArea: "森林防火重点区域"
        case .floodChannelWork: "行洪通道内在建工程"
        case .other: "其他重点部位"
        }
    }

    /// Flood-season (汛前检查) sites, as against forest-fire ones.
    public var isFlood: Bool { self != .forestArea }
}

/// The three responsibilities each site has (水库大坝安全管理、山洪和地质灾害防御的“三个责任人”).
public enum KeeperRole: String, Sendable, Codable, CaseIterable {
    case administrative, technical, patrol

    public var label: String {
        switch self {
        case .administrative: "行政责任人"
        case .technical: "技术责任人"
        case .patrol: "巡查责任人"
        }
    }
}

public struct SiteKeeper: Sendable, Codable, Equatable {
    public let role: KeeperRole
    public let name: String
    /// 单位和职务 (镇长、水利站站长、村监测员 …).
    public let unit: String?
    public let phone: String

    public init(role: KeeperRole, name: String, unit: String?, phone: String) {
        self.role = role
        self.name = name
        self.unit = unit
        self.phone = phone
    }
}

public struct Site: Sendable, Codable, Equatable {
    public let id: UUID
    public var kind: SiteKind
    public var name: String
    public var divisionCode: String
    public var location: GeoPoint?
    /// 规模或等级: 小(1)型, 小(2)型, 中型; a hazard point's 险情等级; a forest area's 火险等级.
    public var grade: String?
    /// People the site threatens (下游、坡下、危险区内), for the evacuation plans.
    public var threatenedPeople: Int
    public var description: String?
    public var keepers: [SiteKeeper]
    public var archivedAt: Date?
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, kind: SiteKind, name: String, divisionCode: String, location: GeoPoint?, grade: String?, threatenedPeople: Int,
        description: String?, keepers: [SiteKeeper], archivedAt: Date? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.divisionCode = divisionCode
        self.location = location
        self.grade = grade
        self.threatenedPeople = threatenedPeople
        self.description = description
        self.keepers = keepers
        self.archivedAt = archivedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func keeper(_ role: KeeperRole) -> SiteKeeper? { keepers.first { $0.role == role } }
}

public struct SiteDraft: Sendable, Equatable {
    public enum Field {
        public static let kind = InputField("kind", label: "类别", context: "site")
        public static let name = InputField("name", label: "名称", context: "site", maxLength: 60)
        public static let divisionCode = InputField(
            "divisionCode", label: "所在区划", context: "site", invalidMessage: "所在区划须为本县乡镇或村（社区）的 12 位区划代码。")
        public static let latitude = InputField(
            "latitude", label: "纬度", context: "site", codeStem: "location", invalidMessage: "经纬度须在有效范围内，且同时填写。")
        public static let longitude = InputField(
            "longitude", label: "经度", context: "site", codeStem: "location", invalidMessage: "经纬度须在有效范围内，且同时填写。")
        public static let grade = InputField("grade", label: "规模或等级", context: "site", maxLength: 40)
        public static let threatenedPeople = InputField(
            "threatenedPeople", label: "威胁人数", context: "site", invalidMessage: "威胁人数须为 0 到 1000000 之间的整数。")
        public static let description = InputField("description", label: "基本情况", context: "site", maxLength: 1000)
        public static func name(_ role: KeeperRole) -> InputField {
            InputField("\(role.rawValue)Name", label: "\(role.label)姓名", context: "site", codeStem: "keeper_name", maxLength: 40)
        }
        public static func unit(_ role: KeeperRole) -> InputField {
            InputField("\(role.rawValue)Unit", label: "\(role.label)单位职务", context: "site", codeStem: "keeper_unit", maxLength: 60)
        }
        public static func phone(_ role: KeeperRole) -> InputField {
            InputField(
                "\(role.rawValue)Phone", label: "\(role.label)电话", context: "site", codeStem: "keeper_phone", maxLength: 30,
                invalidMessage: "\(role.label)电话须为电话号码（数字，可含 - 和空格）。")
        }
    }

    public var kind: SiteKind
    public var name: String
    public var divisionCode: DivisionCode
    public var location: GeoPoint?
    public var grade: String?
    public var threatenedPeople: Int
    public var description: String?
    public var keepers: [SiteKeeper]

    public init(
        kind: SiteKind, name: String, divisionCode: DivisionCode, location: GeoPoint?, grade: String? = nil, threatenedPeople: Int = 0,
        description: String? = nil, keepers: [SiteKeeper]
    ) {
        self.kind = kind
        self.name = name
        self.divisionCode = divisionCode
        self.location = location
        self.grade = grade
        self.threatenedPeople = threatenedPeople
        self.description = description
        self.keepers = keepers
    }

    /// Every site names all three 责任人 with a phone: a list missing one is the gap the flood season finds.
    public static func parse(_ input: some CommandInput) throws -> SiteDraft {
        typealias F = Field
        guard let kind = SiteKind(rawValue: try input.requiredText(F.kind)) else { throw F.kind.invalid }
        guard let code = try? DivisionCode(try input.requiredText(F.divisionCode)), code.level != .county else {
            throw F.divisionCode.invalid
        }
        let people = try input.integer(F.threatenedPeople) ?? 0
        guard (0...1_000_000).contains(people) else { throw F.threatenedPeople.invalid }
        var keepers: [SiteKeeper] = []
        for role in KeeperRole.allCases {
            let phone = try input.requiredText(F.phone(role))
            guard phone.contains(where: \.isNumber), phone.allSatisfy({ $0.isASCII && ($0.isNumber || " +-()".contains($0)) }) else {
                throw F.phone(role).invalid
            }
            keepers.append(
                SiteKeeper(role: role, name: try input.requiredText(F.name(role)), unit: try input.text(F.unit(role)), phone: phone))
        }
        return SiteDraft(
            kind: kind, name: try input.requiredText(F.name), divisionCode: code,
            location: try input.location(latitude: F.latitude, longitude: F.longitude), grade: try input.text(F.grade),
            threatenedPeople: people,
            description: try input.text(F.description), keepers: keepers)
    }
}

public enum SiteErrors {
    public static let notFound = AnlanError.notFound("site.not_found", "重点部位不存在或不在您的辖区内。")
    public static let archived = AnlanError(.conflict, code: "site.archived", message: "该重点部位已撤销，不能修改。")
}
