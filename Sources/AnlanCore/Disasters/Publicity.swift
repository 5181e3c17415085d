import Foundation

/// What a publicity or training event was: the 安全生产月 (June), the 防灾减灾日 (12 May), a 五进 activity (into
/// enterprises, the countryside, communities, schools, families), a lecture, or the training of enterprises' principals
/// and safety officers.
public enum PublicityKind: String, Sendable, Codable, CaseIterable {
    case safetyMonth, disasterReductionDay, fiveInto, lecture, enterpriseTraining, other

    public var label: String {
        switch self {
        case .safetyMonth: "安全生产月"
        case .disasterReductionDay: "防灾减灾日"
        case .fiveInto: "“五进”活动"
        case .lecture: "宣讲、讲座"
        case .enterpriseTraining: "企业负责人和安全管理人员培训"
        case .other: "其他宣传"
        }
    }
}

/// Where a 五进 activity went.
public enum FiveIntoTarget: String, Sendable, Codable, CaseIterable {
    case enterprises, countryside, communities, schools, families

    public var label: String {
        switch self {
        case .enterprises: "进企业"
        case .countryside: "进农村"
        case .communities: "进社区"
        case .schools: "进学校"
        case .families: "进家庭"
        }
    }
}

/// One publicity or training event with what it reached and handed out: what the year's statistics add up.
public struct PublicityEvent: Sendable, Codable, Equatable {
    public let id: UUID
    public var kind: PublicityKind
    public var target: FiveIntoTarget?
    public var theme: String
    public var on: Day
    public var divisionCode: String
    public var place: String
    public var organiser: String
    /// People reached (for a training, the trainees).
    public var audience: Int
    /// 资料（份）, 展板（块）, 条幅（条）.
    public var leaflets: Int
    public var boards: Int
    public var banners: Int
    public var note: String?
    public let recordedBy: String
    public let recordedAt: Date

    public init(
        id: UUID, kind: PublicityKind, target: FiveIntoTarget?, theme: String, on: Day, divisionCode: String, place: String,
        organiser: String,
        audience: Int, leaflets: Int, boards: Int, banners: Int, note: String?, recordedBy: String, recordedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.theme = theme
        self.on = on
        self.divisionCode = divisionCode
        self.place = place
        self.organiser = organiser
        self.audience = audience
        self.leaflets = leaflets
        self.boards = boards
        self.banners = banners
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

public struct PublicityDraft: Sendable, Equatable {
    public static let maximumCount = 1_000_000

    public enum Field {
        public static let kind = InputField("kind", label: "活动类别", context: "publicity")
        public static let target = InputField("target", label: "“五进”对象", context: "publicity")
        public static let theme = InputField("theme", label: "主题", context: "publicity", maxLength: 100)
        public static let on = InputField("on", label: "日期", context: "publicity", codeStem: "date")
        public static let divisionCode = InputField("divisionCode", label: "区划", context: "publicity", invalidMessage: "请选择区划。")
        public static let place = InputField("place", label: "地点", context: "publicity", maxLength: 200)
        public static let organiser = InputField("organiser", label: "组织单位", context: "publicity", maxLength: 60)
        public static func count(_ name: String, _ label: String) -> InputField {
            InputField(name, label: label, context: "publicity", codeStem: "count", invalidMessage: "人数和数量须为 0 到 1000000 之间的整数。")
        }
        public static let audience = count("audience", "受众（参训）人数")
        public static let leaflets = count("leaflets", "发放资料（份）")
        public static let boards = count("boards", "展板（块）")
        public static let banners = count("banners", "条幅（条）")
        public static let note = InputField("note", label: "备注", context: "publicity", maxLength: 500)
    }

    public var kind: PublicityKind
    public var target: FiveIntoTarget?
    public var theme: String
    public var on: Day
    public var divisionCode: DivisionCode
    public var place: String
    public var organiser: String
    public var audience: Int
    public var leaflets: Int
    public var boards: Int
    public var banners: Int
    public var note: String?

    public init(
        kind: PublicityKind, target: FiveIntoTarget? = nil, theme: String, on: Day, divisionCode: DivisionCode, place: String,
        organiser: String,
        audience: Int, leaflets: Int = 0, boards: Int = 0, banners: Int = 0, note: String? = nil
    ) {
        self.kind = kind
        self.target = target
        self.theme = theme
        self.on = on
        self.divisionCode = divisionCode
        self.place = place
        self.organiser = organiser
        self.audience = audience
        self.leaflets = leaflets
        self.boards = boards
        self.banners = banners
        self.note = note
    }

    public static func parse(_ input: some CommandInput, today: Day) throws -> PublicityDraft {
        typealias F = Field
        guard let kind = PublicityKind(rawValue: try input.requiredText(F.kind)) else { throw F.kind.invalid }
        // The target is read whatever the kind (a malformed one is refused), required and kept for 五进 only.
        let given = try input.text(F.target)
        if let given, FiveIntoTarget(rawValue: given) == nil { throw F.target.invalid }
        var target: FiveIntoTarget?
        if kind == .fiveInto {
            guard let t = FiveIntoTarget(rawValue: given ?? "") else { throw given == nil ? F.target.missing : F.target.invalid }
            target = t
        }
        guard let on = try input.day(F.on) else { throw F.on.missing }
        guard on <= today else { throw AnlanError.invalid("publicity.date_invalid", "活动日期不能晚于今天（先办后记）。", field: F.on.name) }
        guard let division = try? DivisionCode(try input.requiredText(F.divisionCode)) else { throw F.divisionCode.invalid }
        func count(_ f: InputField, required: Bool = false) throws -> Int {
            guard let n = try input.integer(f) else {
                if required { throw f.missing }
                return 0
            }
            guard (0...maximumCount).contains(n) else { throw f.invalid }
            return n
        }
        return PublicityDraft(
            kind: kind, target: target, theme: try input.requiredText(F.theme), on: on, divisionCode: division,
            place: try input.requiredText(F.place), organiser: try input.requiredText(F.organiser),
            audience: try count(F.audience, required: true),
            leaflets: try count(F.leaflets), boards: try count(F.boards), banners: try count(F.banners), note: try input.text(F.note))
    }
}

public enum PublicityErrors {
    public static let notFound = AnlanError.notFound("publicity.not_found", "宣传培训记录不存在或不在您的辖区内。")
}
