import Foundation

/// An order for a random draw (双随机抽查), parsed once from the draw page's form or `POST /api/v1/random-draws`.
public struct DrawOrder: Sendable, Equatable {
    public var title: String
    public var sector: String?
    public var divisionCode: DivisionCode?
    public var riskLevels: [RiskLevel]
    /// Leave out the plan's 重点 enterprises, which are inspected anyway.
    public var excludeKeyEnterprises: Bool
    public var count: Int?
    public var ratio: Double?
    /// Weight by risk level (4/3/2/1).
    public var weighted: Bool
    public var inspectorsPerEnterprise: Int
    /// The seed given beforehand (a public lottery number); nil draws one at random.
    public var seed: UInt64?

    public init(
        title: String, sector: String? = nil, divisionCode: DivisionCode? = nil, riskLevels: [RiskLevel] = [],
        excludeKeyEnterprises: Bool = false, count: Int? = nil, ratio: Double? = nil, weighted: Bool = false,
        inspectorsPerEnterprise: Int = 2, seed: UInt64? = nil
    ) {
        self.title = title
        self.sector = sector
        self.divisionCode = divisionCode
        self.riskLevels = riskLevels
        self.excludeKeyEnterprises = excludeKeyEnterprises
        self.count = count
        self.ratio = ratio
        self.weighted = weighted
        self.inspectorsPerEnterprise = inspectorsPerEnterprise
        self.seed = seed
    }

    /// The fields an order reads; the API schema and the form take their names from here.
    public enum Field {
        public static let title = InputField("title", label: "抽查名称", context: "draw", maxLength: 100)
        public static let sector = InputField("sector", label: "行业", context: "draw", maxLength: 20)
        public static let divisionCode = InputField("divisionCode", label: "区划", context: "draw")
        public static let riskLevels = InputField("riskLevels", label: "风险等级", context: "draw")
        public static let excludeKeyEnterprises = InputField("excludeKeyEnterprises", label: "排除重点企业", context: "draw")
        public static let count = InputField("count", label: "抽取数量", context: "draw", invalidMessage: "抽取数量须为整数。")
        public static let ratio = InputField("ratio", label: "抽取比例", context: "draw", invalidMessage: "抽取比例须为 0 到 1 之间的小数。")
        public static let weighted = InputField("weighted", label: "按风险加权", context: "draw")
        public static let inspectorsPerEnterprise = InputField("inspectorsPerEnterprise", label: "每家执法人员数", context: "draw")
        public static let seed = InputField(
            "seed", label: "随机种子", context: "draw", invalidMessage: "种子须为 0 到 18446744073709551615 之间的整数。")
    }

    public static func parse(_ input: some CommandInput) throws -> DrawOrder {
        var riskLevels: [RiskLevel] = []
        for text in try input.texts(Field.riskLevels) {
            guard let level = RiskLevel(rawValue: text) else { throw Field.riskLevels.invalid }
            riskLevels.append(level)
        }
        var seed: UInt64? = nil
        if let text = try input.text(Field.seed) {
            guard let value = UInt64(text) else { throw Field.seed.invalid }
            seed = value
        }
        return DrawOrder(
            title: try input.text(Field.title) ?? "", sector: try input.text(Field.sector),
            divisionCode: try input.text(Field.divisionCode).map { try DivisionCode($0) }, riskLevels: riskLevels,
            excludeKeyEnterprises: try input.bool(Field.excludeKeyEnterprises) ?? false, count: try input.integer(Field.count),
            ratio: try input.decimal(Field.ratio), weighted: try input.bool(Field.weighted) ?? false,
            inspectorsPerEnterprise: try input.integer(Field.inspectorsPerEnterprise) ?? 2, seed: seed)
    }
}
