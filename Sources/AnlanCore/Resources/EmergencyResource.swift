import Foundation

/// The kinds of resource the command desk calls on, besides supplies: rescue teams, experts, equipment and shelters.
/// They share one shape (where, who to call, what it can do, whether it can be called now), so one list, one map and
/// later one nearest-resource query serve them all; what differs per kind is its categories, states and figures.
public enum ResourceKind: String, Sendable, Codable, CaseIterable {
    case team, expert, equipment, shelter

    public var label: String {
        switch self {
        case .team: "救援队伍"
        case .expert: "应急专家"
        case .equipment: "救援装备"
        case .shelter: "避难场所"
        }
    }

    /// The categories of the kind (team type, expert field, equipment class, shelter class), as (code, name).
    public var categories: [(code: String, label: String)] {
        switch self {
        case .team:
            [("professional", "专业救援队伍"), ("fire", "消防救援队伍"), ("militia", "民兵应急队伍"), ("volunteer", "社会（志愿者）救援队伍"), ("enterprise", "企业救援队伍")]
        case .expert:
            [
                ("hazardousChemicals", "危险化学品"), ("mining", "矿山"), ("geology", "地质灾害"), ("water", "水利防汛"), ("medical", "医疗救护"),
                ("fire", "消防"), ("forestFire", "森林防灭火"), ("meteorology", "气象"), ("construction", "建筑施工"), ("power", "电力"),
                ("general", "综合"),
            ]
        case .equipment:
            [
                ("vehicle", "车辆"), ("pump", "排涝泵"), ("generator", "发电机"), ("boat", "舟艇"), ("drone", "无人机"), ("satellitePhone", "卫星电话"),
                ("lifting", "起重破拆"), ("other", "其他"),
            ]
        // GB 51143-2015 防灾避难场所设计规范 (2021 局部修订), 第 3 章 基本规定: 避难场所按功能级别、规模和开放时间分为紧急、
        // 固定和中心避难场所三类 (verified: http://yjgl.qhd.gov.cn/home/details?id=14006).
        case .shelter: [("emergency", "紧急避难场所"), ("fixed", "固定避难场所"), ("central", "中心避难场所")]
        }
    }

    /// The states the desk sees, the first being the one in which the resource can be called on.
    public var states: [(code: String, label: String)] {
        switch self {
        case .team: [("available", "待命"), ("onTask", "执行任务"), ("resting", "休整")]
        case .expert: [("available", "可联系"), ("unavailable", "暂不可用")]
        case .equipment: [("ready", "完好可用"), ("inUse", "使用中"), ("repair", "维修")]
        case .shelter: [("closed", "未启用"), ("open", "已开放"), ("full", "已满员")]
        }
    }

    /// What the capacity figure counts.
    public var capacityLabel: String? {
        switch self {
        case .team: "队员人数"
        case .expert: nil
        case .equipment: "数量（台/套）"
        case .shelter: "容纳人数"
        }
    }

    /// What the tags list.
    public var tagsLabel: String {
        switch self {
        case .team: "专业特长"
        case .expert: "专长方向"
        case .equipment: "主要性能"
        case .shelter: "配套设施"
        }
    }

    public func categoryLabel(_ code: String) -> String { categories.first { $0.code == code }?.label ?? code }
    public func stateLabel(_ code: String) -> String { states.first { $0.code == code }?.label ?? code }
}

/// One team, expert, piece of equipment or shelter.
public struct EmergencyResource: Sendable, Codable, Equatable {
    public let id: UUID
    public var kind: ResourceKind
    public var name: String
    public var category: String
    public var divisionCode: String
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    /// The person to call (team leader, the expert, the keeper, the shelter's manager) and their phone.
    public var contact: String
    public var phone: String
    /// The unit it belongs to (the expert's employer, the equipment's owner, the team's parent body).
    public var organisation: String?
    /// The expert's title (高级工程师 …).
    public var title: String?
    public var state: String
    public var capacity: Int?
    /// A shelter's people now inside.
    public var occupancy: Int?
    public var areaSquareMetres: Double?
    public var tags: [String]
    public var note: String?
    /// The team a piece of equipment is assigned to (配属队伍), listed on the team's page.
    public var teamID: UUID?
    /// A shelter's site boundary (场所范围): a closed ring of points, drawn on the resource map.
    public var boundary: [GeoPoint]?
    public var archivedAt: Date?

    public init(
        id: UUID, kind: ResourceKind, name: String, category: String, divisionCode: String, address: String? = nil, latitude: Double? = nil,
        longitude: Double? = nil, contact: String, phone: String, organisation: String? = nil, title: String? = nil, state: String,
        capacity: Int? = nil, occupancy: Int? = nil, areaSquareMetres: Double? = nil, tags: [String] = [], note: String? = nil,
        teamID: UUID? = nil, boundary: [GeoPoint]? = nil, archivedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.category = category
        self.divisionCode = divisionCode
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.contact = contact
        self.phone = phone
        self.organisation = organisation
        self.title = title
        self.state = state
        self.capacity = capacity
        self.occupancy = occupancy
        self.areaSquareMetres = areaSquareMetres
        self.tags = tags
        self.note = note
        self.teamID = teamID
        self.boundary = boundary
        self.archivedAt = archivedAt
    }

    /// Can be called on now (待命, 可联系, 完好可用, or a shelter open with room).
    public var isCallable: Bool {
        kind == .shelter ? state == "open" && (capacity.map { (occupancy ?? 0) < $0 } ?? true) : state == kind.states.first?.code
    }
}

/// A team member as listed on the team's roster.
public struct TeamMember: Sendable, Codable, Equatable {
    public var name: String
    public var phone: String
    public var certificate: String?

    public init(name: String, phone: String, certificate: String? = nil) {
        self.name = name
        self.phone = phone
        self.certificate = certificate
    }
}

/// A resource as a user enters it, from the page or the API (or a row of an import), parsed once.
public struct EmergencyResourceDraft: Sendable, Equatable {
    public static let nameLimit = 60
    public static let textLimit = 200
    public static let personLimit = 30
    public static let tagLimit = 20
    public static let tagsMaximum = 20
    public static let membersMaximum = 500
    public static let boundaryPointsMaximum = 500
    public static let boundaryTextLimit = 20_000

    public enum Field {
        public static let kind = InputField("kind", label: "资源类别", context: "resource")
        public static let name = InputField("name", label: "名称（姓名）", context: "resource", maxLength: nameLimit)
        public static let category = InputField("category", label: "类型", context: "resource")
        public static let divisionCode = InputField(
            "divisionCode", label: "所在区划", context: "resource", invalidMessage: "所在区划须为 12 位行政区划代码。")
        public static let address = InputField("address", label: "地址（驻地）", context: "resource", maxLength: textLimit)
        public static let latitude = InputField(
            "latitude", label: "纬度", context: "resource", codeStem: "location", invalidMessage: "位置须为有效的经纬度（纬度 -90～90，经度 -180～180，两者同填）。")
        public static let longitude = InputField(
            "longitude", label: "经度", context: "resource", codeStem: "location", invalidMessage: "位置须为有效的经纬度（纬度 -90～90，经度 -180～180，两者同填）。")
        public static let contact = InputField("contact", label: "联系人", context: "resource", maxLength: personLimit)
        public static let phone = InputField(
            "phone", label: "联系电话", context: "resource", maxLength: 40, invalidMessage: "电话只能包含数字、空格和 + - ( ) 转。")
        public static let organisation = InputField("organisation", label: "所属单位", context: "resource", maxLength: nameLimit)
        public static let title = InputField("title", label: "职称（职务）", context: "resource", maxLength: personLimit)
        public static let state = InputField("state", label: "状态", context: "resource")
        public static let capacity = InputField(
            "capacity", label: "人数（数量）", context: "resource", invalidMessage: "人数（数量）须为 0 到 1000000 之间的整数。")
        public static let occupancy = InputField(
            "occupancy", label: "现有人数", context: "resource", invalidMessage: "现有人数须为 0 到容纳人数之间的整数。")
        public static let area = InputField(
            "areaSquareMetres", label: "面积（平方米）", context: "resource", codeStem: "area", invalidMessage: "面积须为 0 到 100000000 之间的数。")
        public static let tags = InputField(
            "tags", label: "特长（设施）", context: "resource", invalidMessage: "特长（设施）每项不超过 20 字，最多 20 项。")
        public static let note = InputField("note", label: "备注", context: "resource", maxLength: 1000)
        public static let team = InputField(
            "teamId", label: "配属队伍", context: "resource", codeStem: "team", invalidMessage: "配属队伍须为本辖区在册的一支救援队伍。")
        public static let boundary = InputField(
            "boundary", label: "场所范围", context: "resource", maxLength: boundaryTextLimit,
            invalidMessage: "场所范围须为“纬度,经度”点列（以空格或换行分隔），至少 4 点、首尾相同，最多 \(boundaryPointsMaximum) 点。")
        public static let members = InputField(
            "members", label: "队员名单", context: "resource", invalidMessage: "队员名单每行写“姓名|电话|证书（可不填）”，最多 500 人。")
    }

    public var kind: ResourceKind
    public var name: String
    public var category: String
    public var divisionCode: DivisionCode
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var contact: String
    public var phone: String
    public var organisation: String?
    public var title: String?
    public var state: String
    public var capacity: Int?
    public var occupancy: Int?
    public var areaSquareMetres: Double?
    public var tags: [String]
    public var note: String?
    /// Equipment only: the team it is assigned to (the store checks that it is a team the caller may see).
    public var teamID: UUID?
    /// Shelters only: the site's boundary ring.
    public var boundary: [GeoPoint]?
    /// A team's roster; nil leaves a stored roster as it is.
    public var members: [TeamMember]?

    public init(
        kind: ResourceKind, name: String, category: String, divisionCode: DivisionCode, address: String? = nil, latitude: Double? = nil,
        longitude: Double? = nil, contact: String, phone: String, organisation: String? = nil, title: String? = nil, state: String,
        capacity: Int? = nil, occupancy: Int? = nil, areaSquareMetres: Double? = nil, tags: [String] = [], note: String? = nil,
        teamID: UUID? = nil, boundary: [GeoPoint]? = nil, members: [TeamMember]? = nil
    ) {
        self.kind = kind
        self.name = name
        self.category = category
        self.divisionCode = divisionCode
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.contact = contact
        self.phone = phone
        self.organisation = organisation
        self.title = title
        self.state = state
        self.capacity = capacity
        self.occupancy = occupancy
        self.areaSquareMetres = areaSquareMetres
        self.tags = tags
        self.note = note
        self.teamID = teamID
        self.boundary = boundary
        self.members = members
    }

    public static func parse(_ input: some CommandInput) throws -> EmergencyResourceDraft {
        typealias F = Field
        guard let kind = ResourceKind(rawValue: try input.requiredText(F.kind)) else { throw F.kind.invalid }
        let name = try input.requiredText(F.name)
        let category = try input.requiredText(F.category)
        guard kind.categories.contains(where: { $0.code == category }) else { throw F.category.invalid }
        guard let division = try? DivisionCode(try input.requiredText(F.divisionCode)) else { throw F.divisionCode.invalid }
        let place = try input.location(latitude: F.latitude, longitude: F.longitude)
        let latitude = place?.latitude, longitude = place?.longitude
        let phone = try input.requiredText(F.phone)
        guard WarehouseDraft.isPhone(phone) else { throw F.phone.invalid }
        let state = try input.text(F.state) ?? kind.states[0].code
        guard kind.states.contains(where: { $0.code == state }) else { throw F.state.invalid }
        let capacity = try input.integer(F.capacity)
        if let capacity, !(0...1_000_000).contains(capacity) { throw F.capacity.invalid }
        let occupancy = try input.integer(F.occupancy)
        if let occupancy, occupancy < 0 || occupancy > (capacity ?? 1_000_000) { throw F.occupancy.invalid }
        let area = try input.decimal(F.area)
        if let area, !(0...100_000_000).contains(area) { throw F.area.invalid }
        let tags = try input.texts(F.tags).flatMap { $0.split(whereSeparator: { ",，、;；\n".contains($0) }) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard tags.count <= tagsMaximum, tags.allSatisfy({ $0.count <= tagLimit }) else { throw F.tags.invalid }
        let teamID = kind == .equipment ? try input.uuid(F.team) : nil
        var boundary: [GeoPoint]?
        if kind == .shelter, let text = try input.text(F.boundary) {
            guard let ring = CapPolygon.parse(text), ring.count <= boundaryPointsMaximum else { throw F.boundary.invalid }
            if let place, !GeoPolygon(ring: ring).contains(place) {
                throw AnlanError.invalid("resource.location_outside_boundary", "场所位置（经纬度）不在所填的场所范围内。", field: F.latitude.name)
            }
            boundary = ring
        }
        var members: [TeamMember]?
        if kind == .team, let roster = try input.text(F.members) ?? (input.value(F.members.name) == nil ? nil : "") {
            members = try Self.roster(roster)
        }
        return EmergencyResourceDraft(
            kind: kind, name: name, category: category, divisionCode: division, address: try input.text(F.address), latitude: latitude,
            longitude: longitude, contact: try input.requiredText(F.contact), phone: phone, organisation: try input.text(F.organisation),
            title: try input.text(F.title), state: state, capacity: capacity,
            occupancy: kind == .shelter ? occupancy : nil, areaSquareMetres: area,
            tags: tags.reduce(into: []) { if !$0.contains($1) { $0.append($1) } },
            note: try input.text(F.note), teamID: teamID, boundary: boundary, members: members)
    }

    /// "姓名|电话|证书" per line.
    static func roster(_ text: String) throws -> [TeamMember] {
        var members: [TeamMember] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.allSatisfy(\.isEmpty) { continue }
            guard (2...3).contains(parts.count), !parts[0].isEmpty, parts[0].count <= personLimit, WarehouseDraft.isPhone(parts[1]),
                parts[1].count <= 40, (parts.count < 3 || parts[2].count <= 60)
            else { throw Field.members.invalid }
            members.append(TeamMember(name: parts[0], phone: parts[1], certificate: parts.count == 3 && !parts[2].isEmpty ? parts[2] : nil))
        }
        guard members.count <= membersMaximum else { throw Field.members.invalid }
        return members
    }
}

/// A team's training session, kept as its yearly training record.
public struct TeamTraining: Sendable, Codable, Equatable {
    public static let subjectLimit = 100

    public enum Field {
        public static let on = InputField("on", label: "训练日期", context: "resource", codeStem: "training_date")
        public static let subject = InputField("subject", label: "训练科目", context: "resource", maxLength: subjectLimit)
        public static let hours = InputField(
            "hours", label: "学时", context: "resource", codeStem: "training_hours", invalidMessage: "学时须为 0.5 到 200 之间的数。")
        public static let participants = InputField(
            "participants", label: "参训人数", context: "resource", codeStem: "training_participants", invalidMessage: "参训人数须为 1 到 10000 之间的整数。"
        )
    }

    public var on: Day
    public var subject: String
    public var hours: Double
    public var participants: Int

    public init(on: Day, subject: String, hours: Double, participants: Int) {
        self.on = on
        self.subject = subject
        self.hours = hours
        self.participants = participants
    }

    public static func parse(_ input: some CommandInput, today: Day) throws -> TeamTraining {
        typealias F = Field
        let on = try input.requiredDay(F.on)
        guard on <= today else { throw AnlanError.invalid("resource.training_date_invalid", "训练日期不能晚于今天。", field: F.on.name) }
        guard let hours = try input.decimal(F.hours) else { throw F.hours.missing }
        guard (0.5...200).contains(hours) else { throw F.hours.invalid }
        guard let participants = try input.integer(F.participants) else { throw F.participants.missing }
        guard (1...10_000).contains(participants) else { throw F.participants.invalid }
        return TeamTraining(on: on, subject: try input.requiredText(F.subject), hours: hours, participants: participants)
    }
}
