import Foundation

/// A 灾害信息员's post: each village and township keeps an A-post (the one who reports) and a B-post (who stands in).
public enum InfoOfficerPost: String, Sendable, Codable, CaseIterable {
    case a, b

    public var label: String {
        switch self {
        case .a: "A 岗"
        case .b: "B 岗"
        }
    }
}

/// One 灾害信息员 of the roster.
public struct InfoOfficer: Sendable, Codable, Equatable {
    public let id: UUID
    public var divisionCode: String
    public var post: InfoOfficerPost
    public var name: String
    public var phone: String
    /// The last training attended; with the refresher interval it says whether training has lapsed.
    public var trainedOn: Day?
    public var certificateNumber: String?
    /// The account made from the roster (role 灾害信息员, scoped to the officer's division), once made.
    public var username: String?
    public var archivedAt: Date?
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, divisionCode: String, post: InfoOfficerPost, name: String, phone: String, trainedOn: Day?, certificateNumber: String?,
        username: String?, archivedAt: Date?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.divisionCode = divisionCode
        self.post = post
        self.name = name
        self.phone = phone
        self.trainedOn = trainedOn
        self.certificateNumber = certificateNumber
        self.username = username
        self.archivedAt = archivedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether the last training is older than the refresher interval (or there was none).
    public func trainingLapsed(today: Day, months: Int) -> Bool {
        guard let trainedOn else { return true }
        return trainedOn < InfoOfficerRules.lapsedBefore(today: today, months: months)
    }
}

/// How often an officer is trained again. The interval is a setting: no national text giving it was confirmed here.
public enum InfoOfficerRules {
    public static let defaultRefresherMonths = 12

    /// A last training before this day has lapsed (a month counted as 30.5 days).
    public static func lapsedBefore(today: Day, months: Int) -> Day { today.adding(days: -(months * 30 + months / 2)) }
    public static let refresherSource = "灾害信息员复训间隔：未找到可核实的全国统一规定，默认每年 1 次（按各地年度培训做法设定），可在设置中修改。"
}

/// A roster entry as staff enter it.
public struct InfoOfficerDraft: Sendable, Equatable {
    public enum Field {
        public static let divisionCode = InputField(
            "divisionCode", label: "所在村（社区）或乡镇", context: "info_officer", invalidMessage: "请选择村（社区）或乡镇（街道）的区划。")
        public static let post = InputField("post", label: "岗位", context: "info_officer", invalidMessage: "岗位须为 a（A 岗）或 b（B 岗）。")
        public static let name = InputField("name", label: "姓名", context: "info_officer", maxLength: 20)
        public static let phone = InputField("phone", label: "手机号", context: "info_officer", invalidMessage: "手机号须为 11 位手机号码。")
        public static let trainedOn = InputField("trainedOn", label: "最近培训日期", context: "info_officer", codeStem: "trained_on")
        public static let certificate = InputField("certificateNumber", label: "培训证书编号", context: "info_officer", maxLength: 40)
    }

    public var divisionCode: DivisionCode
    public var post: InfoOfficerPost
    public var name: String
    public var phone: String
    public var trainedOn: Day?
    public var certificateNumber: String?

    public init(
        divisionCode: DivisionCode, post: InfoOfficerPost, name: String, phone: String, trainedOn: Day? = nil,
        certificateNumber: String? = nil
    ) {
        self.divisionCode = divisionCode
        self.post = post
        self.name = name
        self.phone = phone
        self.trainedOn = trainedOn
        self.certificateNumber = certificateNumber
    }

    public static func parse(_ input: some CommandInput, today: Day) throws -> InfoOfficerDraft {
        typealias F = Field
        guard let division = try? DivisionCode(try input.requiredText(F.divisionCode)), division.level != .county else {
            throw F.divisionCode.invalid
        }
        guard let post = InfoOfficerPost(rawValue: try input.requiredText(F.post)) else { throw F.post.invalid }
        let phone = try input.requiredText(F.phone)
        guard NotificationDraft.isMobile(phone) else { throw F.phone.invalid }
        let trained = try input.day(F.trainedOn)
        if let trained, trained > today {
            throw AnlanError.invalid("info_officer.trained_on_invalid", "培训日期不能晚于今天。", field: F.trainedOn.name)
        }
        return InfoOfficerDraft(
            divisionCode: division, post: post, name: try input.requiredText(F.name), phone: phone, trainedOn: trained,
            certificateNumber: try input.text(F.certificate))
    }
}

public enum InfoOfficerErrors {
    public static let notFound = AnlanError.notFound("info_officer.not_found", "灾害信息员不存在或不在您的辖区内。")
    public static func postTaken(_ post: InfoOfficerPost, _ name: String) -> AnlanError {
        AnlanError(.conflict, code: "info_officer.post_taken", message: "该村（乡镇）的\(post.label)已有灾害信息员（\(name)）；请先将其调整或撤销。")
    }
    public static let archived = AnlanError(.conflict, code: "info_officer.archived", message: "该灾害信息员已撤销。")
}
