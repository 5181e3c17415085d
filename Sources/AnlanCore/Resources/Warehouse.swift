import Foundation

/// Who runs a store of emergency supplies (物资储备库). The county's own reserve and the townships' points are the
/// bureau's; department and enterprise stores are listed because their owners agreed to it.
public enum WarehouseKind: String, Sendable, Codable, CaseIterable {
    case countyReserve, townshipPoint, department, enterprise

    public var label: String {
        switch self {
        case .countyReserve: "县级储备库"
        case .townshipPoint: "乡镇（街道）储备点"
        case .department: "部门仓库"
        case .enterprise: "企业仓库（协议储备）"
        }
    }
}

/// A supply warehouse: where it is, who holds the keys, how large it is, when it opens and which divisions it serves.
public struct Warehouse: Sendable, Codable, Equatable {
    public let id: UUID
    public var name: String
    public var kind: WarehouseKind
    /// The division it stands in (its jurisdiction: a township officer sees the warehouses of their township).
    public var divisionCode: String
    public var address: String
    public var latitude: Double?
    public var longitude: Double?
    public var manager: String
    public var phone: String
    /// 钥匙保管人 and their phone: who opens the door at night.
    public var keyHolder: String?
    public var keyHolderPhone: String?
    /// Floor area in square metres.
    public var areaSquareMetres: Double?
    public var openingHours: String?
    /// The divisions it supplies (township or county codes).
    public var serves: [String]
    public var note: String?
    public var archivedAt: Date?

    public init(
        id: UUID, name: String, kind: WarehouseKind, divisionCode: String, address: String, latitude: Double? = nil,
        longitude: Double? = nil, manager: String, phone: String, keyHolder: String? = nil, keyHolderPhone: String? = nil,
        areaSquareMetres: Double? = nil, openingHours: String? = nil, serves: [String] = [], note: String? = nil, archivedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.divisionCode = divisionCode
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.manager = manager
        self.phone = phone
        self.keyHolder = keyHolder
        self.keyHolderPhone = keyHolderPhone
        self.areaSquareMetres = areaSquareMetres
        self.openingHours = openingHours
        self.serves = serves
        self.note = note
        self.archivedAt = archivedAt
    }
}

/// A warehouse as a user enters it, on the page or through the API: parsed once, with the same codes on both faces.
public struct WarehouseDraft: Sendable, Equatable {
    public static let nameLimit = 60
    public static let addressLimit = 200
    public static let personLimit = 30
    public static let phoneLimit = 40
    public static let hoursLimit = 100
    public static let noteLimit = 1000
    public static let servesLimit = 50

    public enum Field {
        public static let name = InputField("name", label: "仓库名称", context: "warehouse", maxLength: nameLimit)
        public static let kind = InputField("kind", label: "仓库类别", context: "warehouse")
        public static let divisionCode = InputField(
            "divisionCode", label: "所在区划", context: "warehouse", invalidMessage: "所在区划须为 12 位行政区划代码。")
        public static let address = InputField("address", label: "地址", context: "warehouse", maxLength: addressLimit)
        public static let latitude = InputField(
            "latitude", label: "纬度", context: "warehouse", codeStem: "location", invalidMessage: "位置须为有效的经纬度（纬度 -90～90，经度 -180～180，两者同填）。")
        public static let longitude = InputField(
            "longitude", label: "经度", context: "warehouse", codeStem: "location", invalidMessage: "位置须为有效的经纬度（纬度 -90～90，经度 -180～180，两者同填）。")
        public static let manager = InputField("manager", label: "负责人", context: "warehouse", maxLength: personLimit)
        public static let phone = InputField(
            "phone", label: "联系电话", context: "warehouse", maxLength: phoneLimit, invalidMessage: "电话只能包含数字、空格和 + - ( ) 转。")
        public static let keyHolder = InputField("keyHolder", label: "钥匙保管人", context: "warehouse", maxLength: personLimit)
        public static let keyHolderPhone = InputField(
            "keyHolderPhone", label: "保管人电话", context: "warehouse", codeStem: "phone", maxLength: phoneLimit,
            invalidMessage: "电话只能包含数字、空格和 + - ( ) 转。")
        public static let area = InputField(
            "areaSquareMetres", label: "库房面积（平方米）", context: "warehouse", codeStem: "area", invalidMessage: "库房面积须为 0 到 1000000 之间的数。")
        public static let openingHours = InputField("openingHours", label: "开放时间", context: "warehouse", maxLength: hoursLimit)
        public static let serves = InputField(
            "serves", label: "保障区域", context: "warehouse", invalidMessage: "保障区域须为 12 位行政区划代码，最多 50 个。")
        public static let note = InputField("note", label: "备注", context: "warehouse", maxLength: noteLimit)
    }

    public var name: String
    public var kind: WarehouseKind
    public var divisionCode: DivisionCode
    public var address: String
    public var latitude: Double?
    public var longitude: Double?
    public var manager: String
    public var phone: String
    public var keyHolder: String?
    public var keyHolderPhone: String?
    public var areaSquareMetres: Double?
    public var openingHours: String?
    public var serves: [DivisionCode]
    public var note: String?

    public init(
        name: String, kind: WarehouseKind, divisionCode: DivisionCode, address: String, latitude: Double? = nil, longitude: Double? = nil,
        manager: String, phone: String, keyHolder: String? = nil, keyHolderPhone: String? = nil, areaSquareMetres: Double? = nil,
        openingHours: String? = nil, serves: [DivisionCode] = [], note: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.divisionCode = divisionCode
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.manager = manager
        self.phone = phone
        self.keyHolder = keyHolder
        self.keyHolderPhone = keyHolderPhone
        self.areaSquareMetres = areaSquareMetres
        self.openingHours = openingHours
        self.serves = serves
        self.note = note
    }

    /// Reads and checks every field; the first fault is refused with its field's code.
    public static func parse(_ input: some CommandInput) throws -> WarehouseDraft {
        typealias F = Field
        let name = try input.requiredText(F.name)
        guard let kind = WarehouseKind(rawValue: try input.requiredText(F.kind)) else { throw F.kind.invalid }
        guard let division = try? DivisionCode(try input.requiredText(F.divisionCode)) else { throw F.divisionCode.invalid }
        let address = try input.requiredText(F.address)
        let place = try input.location(latitude: F.latitude, longitude: F.longitude)
        let latitude = place?.latitude, longitude = place?.longitude
        let manager = try input.requiredText(F.manager)
        let phone = try input.requiredText(F.phone)
        guard Self.isPhone(phone) else { throw F.phone.invalid }
        let keyHolderPhone = try input.text(F.keyHolderPhone)
        if let keyHolderPhone, !Self.isPhone(keyHolderPhone) { throw F.keyHolderPhone.invalid }
        let area = try input.decimal(F.area)
        if let area, !(0...1_000_000).contains(area) { throw F.area.invalid }
        // The served divisions come as repeated values (a form's checkboxes, a JSON array) or one comma-separated text.
        let servedTexts = try input.texts(F.serves).flatMap { $0.split(whereSeparator: { ",，、 ".contains($0) }).map(String.init) }
        guard servedTexts.count <= servesLimit else { throw F.serves.invalid }
        var serves: [DivisionCode] = []
        for text in servedTexts {
            guard let code = try? DivisionCode(text) else { throw F.serves.invalid }
            if !serves.contains(code) { serves.append(code) }
        }
        return WarehouseDraft(
            name: name, kind: kind, divisionCode: division, address: address, latitude: latitude, longitude: longitude, manager: manager,
            phone: phone, keyHolder: try input.text(F.keyHolder), keyHolderPhone: keyHolderPhone, areaSquareMetres: area,
            openingHours: try input.text(F.openingHours), serves: serves, note: try input.text(F.note))
    }

    /// Digits with the separators people write in phone numbers (0572-1234567, +86 138 …, 总机 转 8001).
    static func isPhone(_ text: String) -> Bool {
        text.contains(where: \.isNumber) && text.allSatisfy { $0.isASCII && ($0.isNumber || " +-()".contains($0)) || $0 == "转" }
    }
}
