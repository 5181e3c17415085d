import Foundation

/// The first level (应急物资大类) of GB/T 38565-2020 应急物资分类及编码 §5.2 a): 1 基本生活保障物资, 2 应急装备及配套物资,
/// 3 工程材料与机械加工设备. (Verified from the standard's §5.2 as published; the lower levels' names are not encoded.)
public enum SupplyMajorClass: Int, Sendable, Codable, CaseIterable {
    case basicLiving = 1, equipment = 2, engineering = 3

    public var label: String {
        switch self {
        case .basicLiving: "基本生活保障物资"
        case .equipment: "应急装备及配套物资"
        case .engineering: "工程材料与机械加工设备"
        }
    }
}

/// One kind of supply in the catalog (tent 12 m² 顶, quilt 床 …): what a stock ledger line counts.
public struct SupplyItem: Sendable, Codable, Equatable {
    public let id: UUID
    public var majorClass: SupplyMajorClass
    /// The GB/T 38565 code: seven digits in four levels (1 + 2 + 2 + 2), its first digit the major class; nil when the
    /// bureau has not coded the item (a level's "99" is the standard's catch-all).
    public var code: String?
    public var name: String
    public var specification: String
    public var unit: String
    public var archivedAt: Date?

    public init(
        id: UUID, majorClass: SupplyMajorClass, code: String? = nil, name: String, specification: String, unit: String,
        archivedAt: Date? = nil
    ) {
        self.id = id
        self.majorClass = majorClass
        self.code = code
        self.name = name
        self.specification = specification
        self.unit = unit
        self.archivedAt = archivedAt
    }

    /// "救灾帐篷（12平方米）": how a slip and a report name it.
    public var title: String { specification.isEmpty ? name : "\(name)（\(specification)）" }
}

/// A catalog entry as staff enter it.
public struct SupplyItemDraft: Sendable, Equatable {
    public static let nameLimit = 40
    public static let specificationLimit = 60
    public static let unitLimit = 6

    public enum Field {
        public static let majorClass = InputField(
            "majorClass", label: "物资大类", context: "supply", invalidMessage: "物资大类须为 1（基本生活保障物资）、2（应急装备及配套物资）或 3（工程材料与机械加工设备）。")
        public static let code = InputField(
            "code", label: "分类编码", context: "supply", invalidMessage: "分类编码须为 7 位数字（GB/T 38565-2020：大类 1 位、中类 2 位、小类 2 位、细类 2 位），首位与物资大类一致。"
        )
        public static let name = InputField("name", label: "物资名称", context: "supply", maxLength: nameLimit)
        public static let specification = InputField("specification", label: "规格型号", context: "supply", maxLength: specificationLimit)
        public static let unit = InputField("unit", label: "计量单位", context: "supply", maxLength: unitLimit)
    }

    public var majorClass: SupplyMajorClass
    public var code: String?
    public var name: String
    public var specification: String
    public var unit: String

    public init(majorClass: SupplyMajorClass, code: String? = nil, name: String, specification: String = "", unit: String) {
        self.majorClass = majorClass
        self.code = code
        self.name = name
        self.specification = specification
        self.unit = unit
    }

    public static func parse(_ input: some CommandInput) throws -> SupplyItemDraft {
        typealias F = Field
        guard let number = try input.integer(F.majorClass) else { throw F.majorClass.missing }
        guard let major = SupplyMajorClass(rawValue: number) else { throw F.majorClass.invalid }
        let code = try input.text(F.code)
        if let code, !(code.count == 7 && code.allSatisfy(\.isASCII) && code.allSatisfy(\.isNumber) && code.first == Character("\(number)"))
        {
            throw F.code.invalid
        }
        return SupplyItemDraft(
            majorClass: major, code: code, name: try input.requiredText(F.name), specification: try input.text(F.specification) ?? "",
            unit: try input.requiredText(F.unit))
    }
}
