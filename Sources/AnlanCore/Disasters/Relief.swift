import Foundation

/// 冬春救助 (RULES §13): the basic living assistance a county gives in the winter and spring after a disaster year. A
/// program per season with its budget; the needs survey by township, due by the end of October (自然灾害救助条例第二十一条,
/// verified); households apply (户报), the village reviews them (村评) and posts the list (公示), the township reviews
/// (乡审), the county decides the amount (县定), and the money is paid to the household's 一卡通 account and published.
public struct ReliefProgram: Sendable, Codable, Equatable {
    public let id: UUID
    /// "2026-2027": the winter of the first year and the spring of the second.
    public let season: String
    public var name: String
    public var budgetWanYuan: Double
    /// The needs survey is due (by the end of October: 条例第二十一条).
    public var surveyDue: Day
    /// The relief period (12月 to 次年5月 in the 应急-era 规程, RULES §13 S).
    public var startsOn: Day
    public var endsOn: Day
    /// How long the village's list stays posted before the township may approve (RULES §13: a setting, default 7).
    public var publicityDays: Int
    public let createdBy: String
    public let createdAt: Date

    public init(
        id: UUID, season: String, name: String, budgetWanYuan: Double, surveyDue: Day, startsOn: Day, endsOn: Day, publicityDays: Int,
        createdBy: String, createdAt: Date
    ) {
        self.id = id
        self.season = season
        self.name = name
        self.budgetWanYuan = budgetWanYuan
        self.surveyDue = surveyDue
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.publicityDays = publicityDays
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The year whose disasters this season relieves.
    public var disasterYear: Int { Int(season.prefix(4)) ?? 0 }
}

public enum ReliefRules {
    /// 公示 days when the bureau has not set its own: one county's rule, "not less than one week" (RULES §13, V for
    /// that county; the national 规程's number was not found, so it is a setting of each program).
    public static let defaultPublicityDays = 7
    public static let source =
        "需求调查于每年 10 月底前完成（《自然灾害救助条例》第二十一条）；救助期为 12 月至次年 5 月；公示天数缺省 7 天，建立项目时可调整。"
}

/// One step of an application's course, as its page lists it.
public struct ReliefStep: Sendable, Codable, Equatable {
    public let action: String
    public let state: ReliefState
    public let username: String
    public let at: Date
    public let note: String?

    public init(action: String, state: ReliefState, username: String, at: Date, note: String?) {
        self.action = action
        self.state = state
        self.username = username
        self.at = at
        self.note = note
    }

    public var label: String {
        switch action {
        case "apply": "户报"
        case "evaluate": "村民主评议"
        case "publicise": "张榜公示"
        case "photo": "上传公示照片"
        case "township": "乡镇审核"
        case "decide": "县级核定"
        case "pay": "发放"
        default: action
        }
    }
}

public struct ReliefProgramDraft: Sendable, Equatable {
    public enum Field {
        public static let year = InputField("year", label: "救助年度（冬季所在年份）", context: "relief", invalidMessage: "救助年度须为 2000 到 2100 之间的年份。")
        public static let name = InputField("name", label: "名称", context: "relief", maxLength: 60)
        public static let budget = InputField(
            "budgetWanYuan", label: "预算（万元）", context: "relief", codeStem: "budget", invalidMessage: "预算须为 0.01 到 1000000 万元之间的数。")
        public static let publicityDays = InputField(
            "publicityDays", label: "公示天数", context: "relief", invalidMessage: "公示天数须为 1 到 30 之间的整数。")
    }

    public var year: Int
    public var name: String
    public var budgetWanYuan: Double
    public var publicityDays: Int

    public init(year: Int, name: String? = nil, budgetWanYuan: Double, publicityDays: Int = ReliefRules.defaultPublicityDays) {
        self.year = year
        self.name = name ?? "\(year)—\(year + 1) 年度受灾人员冬春生活救助"
        self.budgetWanYuan = budgetWanYuan
        self.publicityDays = publicityDays
    }

    public static func parse(_ input: some CommandInput) throws -> ReliefProgramDraft {
        typealias F = Field
        guard let year = try input.integer(F.year) else { throw F.year.missing }
        guard (2000...2100).contains(year) else { throw F.year.invalid }
        guard let budget = try input.decimal(F.budget) else { throw F.budget.missing }
        guard budget >= 0.01, budget <= 1_000_000 else { throw F.budget.invalid }
        let days = try input.integer(F.publicityDays) ?? ReliefRules.defaultPublicityDays
        guard (1...30).contains(days) else { throw F.publicityDays.invalid }
        return ReliefProgramDraft(
            year: year, name: try input.text(F.name), budgetWanYuan: (budget * 100).rounded() / 100, publicityDays: days)
    }
}

/// Why a household needs help (the survey's hardship types).
public enum ReliefHardship: String, Sendable, Codable, CaseIterable {
    case collapsedHouse, cropFailure, injury, other

    public var label: String {
        switch self {
        case .collapsedHouse: "因倒房损房"
        case .cropFailure: "因减产绝收"
        case .injury: "因伤病残"
        case .other: "其他原因"
        }
    }
}

/// A township's line of the 受灾人员冬春生活需救助情况统计表.
public struct ReliefNeed: Sendable, Codable, Equatable {
    public let township: String
    public var households: Int
    public var people: Int
    /// People by hardship type: their sum is `people`.
    public var byHardship: [ReliefHardship: Int]
    public var fundsWanYuan: Double
    public var updatedBy: String
    public var updatedAt: Date

    public init(
        township: String, households: Int, people: Int, byHardship: [ReliefHardship: Int], fundsWanYuan: Double, updatedBy: String,
        updatedAt: Date
    ) {
        self.township = township
        self.households = households
        self.people = people
        self.byHardship = byHardship
        self.fundsWanYuan = fundsWanYuan
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    public enum Field {
        public static let township = InputField(
            "township", label: "乡镇（街道）", context: "relief", invalidMessage: "乡镇须为本县乡镇（街道）的 12 位区划代码。")
        public static let households = InputField(
            "households", label: "需救助户数", context: "relief", invalidMessage: "需救助户数须为 0 到 1000000 之间的整数。")
        public static let people = InputField(
            "people", label: "需救助人数", context: "relief", invalidMessage: "需救助人数须为 0 到 1000000 之间的整数。")
        public static let funds = InputField(
            "fundsWanYuan", label: "需救助资金（万元）", context: "relief", codeStem: "funds", invalidMessage: "需救助资金须为 0 到 1000000 万元之间的数。")
        public static func hardship(_ h: ReliefHardship) -> InputField {
            InputField(
                h.rawValue, label: "\(h.label)人数", context: "relief", codeStem: "hardship", invalidMessage: "各类人数须为 0 到 1000000 之间的整数。")
        }
    }

    /// A township's figures from input, checked: households no more than people, the types adding up to the people.
    public static func parse(_ input: some CommandInput) throws -> (
        township: DivisionCode, households: Int, people: Int, byHardship: [ReliefHardship: Int], funds: Double
    ) {
        typealias F = Field
        guard let code = try? DivisionCode(try input.requiredText(F.township)), code.level == .township else { throw F.township.invalid }
        func count(_ f: InputField) throws -> Int {
            let n = try input.integer(f) ?? 0
            guard (0...1_000_000).contains(n) else { throw f.invalid }
            return n
        }
        let households = try count(F.households), people = try count(F.people)
        var by: [ReliefHardship: Int] = [:]
        for h in ReliefHardship.allCases { by[h] = try count(F.hardship(h)) }
        let funds = try input.decimal(F.funds) ?? 0
        guard (0...1_000_000).contains(funds) else { throw F.funds.invalid }
        guard households <= people else {
            throw AnlanError.invalid("relief.households_exceed_people", "需救助户数（\(households)）不能多于人数（\(people)）。", field: F.households.name)
        }
        let sum = by.values.reduce(0, +)
        guard sum == people else {
            throw AnlanError.invalid(
                "relief.hardship_sum_mismatch", "各类原因的人数之和（\(sum)）须等于需救助人数（\(people)）。", field: F.people.name)
        }
        return (code, households, people, by, (funds * 100).rounded() / 100)
    }
}

/// A household's course through the program: 户报 → 村评 → 公示 → 乡审 → 县定 → 发放.
public enum ReliefState: String, Sendable, Codable, CaseIterable {
    case applied, villageRejected, evaluated, publicised, returned, townshipApproved, decided, rejected, paid

    public var label: String {
        switch self {
        case .applied: "已申请，待村评议"
        case .villageRejected: "村评议未通过"
        case .evaluated: "村评议通过，待公示"
        case .publicised: "公示中或已公示，待乡镇审核"
        case .returned: "乡镇退回"
        case .townshipApproved: "乡镇审核通过，待县级核定"
        case .decided: "县级已核定，待发放"
        case .rejected: "县级不予救助"
        case .paid: "已发放"
        }
    }
}

public enum ReliefRelation: String, Sendable, Codable, CaseIterable {
    case head, spouse, child, parent, other

    public var label: String {
        switch self {
        case .head: "户主"
        case .spouse: "配偶"
        case .child: "子女"
        case .parent: "父母"
        case .other: "其他"
        }
    }
}

public struct ReliefMember: Sendable, Codable, Equatable {
    public let name: String
    public let idNumber: String
    public let relation: ReliefRelation
    public let sex: IDNumber.Sex
    public let birthDate: Day

    public init(name: String, idNumber: String, relation: ReliefRelation, sex: IDNumber.Sex, birthDate: Day) {
        self.name = name
        self.idNumber = idNumber
        self.relation = relation
        self.sex = sex
        self.birthDate = birthDate
    }
}

public struct ReliefHousehold: Sendable, Codable, Equatable {
    public let id: UUID
    public let programID: UUID
    public var divisionCode: String
    public var members: [ReliefMember]
    public var phone: String
    /// The 一卡通 (惠民惠农财政补贴资金“一卡通”) account the money goes to.
    public var account: String
    public var hardship: ReliefHardship
    public var reason: String
    public var state: ReliefState
    public var evaluatedOn: Day?
    public var evaluationMinutes: String?
    public var publicityFrom: Day?
    public var publicityTo: Day?
    public var publicityPhoto: String?
    public var townshipNote: String?
    public var decidedAmount: Double?
    public var decisionNote: String?
    public var paidOn: Day?
    public var paymentReference: String?
    public var duplicateReason: String?
    public let createdBy: String
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, programID: UUID, divisionCode: String, members: [ReliefMember], phone: String, account: String, hardship: ReliefHardship,
        reason: String, state: ReliefState, evaluatedOn: Day? = nil, evaluationMinutes: String? = nil, publicityFrom: Day? = nil,
        publicityTo: Day? = nil, publicityPhoto: String? = nil, townshipNote: String? = nil, decidedAmount: Double? = nil,
        decisionNote: String? = nil, paidOn: Day? = nil, paymentReference: String? = nil, duplicateReason: String? = nil,
        createdBy: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.programID = programID
        self.divisionCode = divisionCode
        self.members = members
        self.phone = phone
        self.account = account
        self.hardship = hardship
        self.reason = reason
        self.state = state
        self.evaluatedOn = evaluatedOn
        self.evaluationMinutes = evaluationMinutes
        self.publicityFrom = publicityFrom
        self.publicityTo = publicityTo
        self.publicityPhoto = publicityPhoto
        self.townshipNote = townshipNote
        self.decidedAmount = decidedAmount
        self.decisionNote = decisionNote
        self.paidOn = paidOn
        self.paymentReference = paymentReference
        self.duplicateReason = duplicateReason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var head: ReliefMember? { members.first { $0.relation == .head } }

    /// The ID number shown on a posted list: the birth date and sequence hidden (公示 lists name people, not numbers).
    public static func masked(_ id: String) -> String {
        id.count == 18 ? String(id.prefix(6)) + "********" + String(id.suffix(4)) : id
    }
}

public struct ReliefHouseholdDraft: Sendable, Equatable {
    public enum Field {
        public static let divisionCode = InputField(
            "divisionCode", label: "所在村（社区）", context: "relief", invalidMessage: "所在区划须为本县的村（社区）或乡镇的 12 位区划代码。")
        public static let phone = InputField("phone", label: "联系电话", context: "relief", maxLength: 20)
        public static let account = InputField(
            "account", label: "一卡通账号", context: "relief", invalidMessage: "一卡通账号须为 10 到 30 位数字。")
        public static let hardship = InputField("hardship", label: "困难类型", context: "relief")
        public static let reason = InputField("reason", label: "申请理由", context: "relief", maxLength: 500)
        public static let members = InputField("members", label: "家庭成员", context: "relief", invalidMessage: "请逐人填写家庭成员（至少户主一人，最多 20 人）。")
        public static let memberName = InputField("name", label: "成员姓名", context: "relief", codeStem: "member_name", maxLength: 40)
        public static let memberID = InputField("idNumber", label: "成员身份证号码", context: "relief", codeStem: "id_number", maxLength: 24)
        public static let relation = InputField("relation", label: "与户主关系", context: "relief")
    }

    public var divisionCode: DivisionCode
    public var members: [ReliefMember]
    public var phone: String
    public var account: String
    public var hardship: ReliefHardship
    public var reason: String

    public init(
        divisionCode: DivisionCode, members: [ReliefMember], phone: String, account: String, hardship: ReliefHardship, reason: String
    ) {
        self.divisionCode = divisionCode
        self.members = members
        self.phone = phone
        self.account = account
        self.hardship = hardship
        self.reason = reason
    }

    public static func parse(_ input: some CommandInput, today: Day) throws -> ReliefHouseholdDraft {
        typealias F = Field
        guard let code = try? DivisionCode(try input.requiredText(F.divisionCode)), code.level != .county else {
            throw F.divisionCode.invalid
        }
        // A form's row with neither a name nor an ID number is an unused row, whatever its relation select says.
        let records = (input.records(F.members.name, fields: ["name", "idNumber", "relation"]) ?? []).filter { record in
            ["name", "idNumber"].contains { name in
                if case .text(let t)? = record.value(name) {
                    !t.trimmingCharacters(in: .whitespaces).isEmpty
                } else {
                    record.value(name) != nil
                }
            }
        }
        guard !records.isEmpty, records.count <= 20 else { throw F.members.invalid }
        var members: [ReliefMember] = []
        for (index, record) in records.enumerated() {
            let name = try record.requiredText(F.memberName)
            let raw = try record.requiredText(F.memberID)
            let check = IDNumber.check(raw, today: today)
            guard check.valid, let birth = check.birthDate, let sex = check.sex else {
                throw AnlanError.invalid(
                    "relief.id_number_invalid", "\(name) 的身份证号码 \(check.normalized) 无效：\(check.error ?? "")", field: "idNumber")
            }
            // Without a relation given, the first member is the head and the others are "other".
            guard let relation = ReliefRelation(rawValue: try record.text(F.relation) ?? (index == 0 ? "head" : "other")) else {
                throw F.relation.invalid
            }
            guard !members.contains(where: { $0.idNumber == check.normalized }) else {
                throw AnlanError.invalid("relief.member_repeated", "\(name)（\(check.normalized)）在本户中填写了两次。", field: "idNumber")
            }
            members.append(ReliefMember(name: name, idNumber: check.normalized, relation: relation, sex: sex, birthDate: birth))
        }
        guard members.filter({ $0.relation == .head }).count == 1 else {
            throw AnlanError.invalid("relief.head_required", "家庭成员中须有且只有一位户主。", field: "members")
        }
        let account = (try input.requiredText(F.account)).filter { !$0.isWhitespace }
        guard (10...30).contains(account.codePoints), account.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw F.account.invalid }
        guard let hardship = ReliefHardship(rawValue: try input.requiredText(F.hardship)) else { throw F.hardship.invalid }
        return ReliefHouseholdDraft(
            divisionCode: code, members: members, phone: try input.requiredText(F.phone), account: account, hardship: hardship,
            reason: try input.requiredText(F.reason))
    }
}

/// What happens to an application, each step by whom its rule names.
public enum ReliefMove: Sendable, Equatable {
    /// 村评: the village's democratic review, its date and minutes, and whether the household passed.
    case evaluate(on: Day, passed: Bool, minutes: String)
    /// 公示: the list posted in the village from this day (it stays up for the program's 公示 days).
    case publicise(from: Day)
    /// 乡审: the township approves (not before the 公示 ended) or returns it with a note.
    case township(approve: Bool, note: String?)
    /// 县定: the county grants an amount (元) or refuses with a note.
    case decide(amount: Double?, note: String?)
    /// 发放: paid to the 一卡通 account on a day; `duplicateReason` when the household was paid by another program of the
    /// same season.
    case pay(on: Day, reference: String, duplicateReason: String?)

    public var name: String {
        switch self {
        case .evaluate: "evaluate"
        case .publicise: "publicise"
        case .township: "township"
        case .decide: "decide"
        case .pay: "pay"
        }
    }

    public enum Field {
        public static let action = InputField("action", label: "操作", context: "relief")
        public static let on = InputField("on", label: "日期", context: "relief", codeStem: "day")
        public static let passed = InputField("passed", label: "评议结果", context: "relief")
        public static let minutes = InputField("minutes", label: "评议记录", context: "relief", maxLength: 1000)
        public static let decision = InputField("decision", label: "审核结果", context: "relief")
        public static let note = InputField("note", label: "意见", context: "relief", maxLength: 500)
        public static let amount = InputField(
            "amount", label: "救助金额（元）", context: "relief", invalidMessage: "救助金额须为 1 到 100000 元之间的数。")
        public static let reference = InputField("reference", label: "发放凭证号", context: "relief", maxLength: 60)
        public static let duplicateReason = InputField("duplicateReason", label: "重复救助的理由", context: "relief", maxLength: 500)
    }

    public static let maximumAmount = 100_000.0

    public static func parse(_ input: some CommandInput, today: Day) throws -> ReliefMove {
        typealias F = Field
        func day() throws -> Day {
            let d = try input.day(F.on) ?? today
            guard d <= today else { throw AnlanError.invalid("relief.day_invalid", "日期不能晚于今天。", field: F.on.name) }
            return d
        }
        switch try input.requiredText(F.action) {
        case "evaluate":
            return .evaluate(on: try day(), passed: try input.requiredBool(F.passed), minutes: try input.requiredText(F.minutes))
        case "publicise": return .publicise(from: try day())
        case "township":
            let decision = try input.requiredText(F.decision)
            guard decision == "approve" || decision == "return" else { throw F.decision.invalid }
            let note = try input.text(F.note)
            if decision == "return" && note == nil { throw F.note.missing }
            return .township(approve: decision == "approve", note: note)
        case "decide":
            let decision = try input.requiredText(F.decision)
            guard decision == "grant" || decision == "refuse" else { throw F.decision.invalid }
            if decision == "refuse" {
                guard let note = try input.text(F.note) else { throw F.note.missing }
                return .decide(amount: nil, note: note)
            }
            guard let amount = try input.decimal(F.amount) else { throw F.amount.missing }
            guard amount >= 1, amount <= maximumAmount else { throw F.amount.invalid }
            return .decide(amount: (amount * 100).rounded() / 100, note: try input.text(F.note))
        case "pay":
            return .pay(on: try day(), reference: try input.requiredText(F.reference), duplicateReason: try input.text(F.duplicateReason))
        default: throw F.action.invalid
        }
    }
}

public enum ReliefErrors {
    public static let programNotFound = AnlanError.notFound("relief.program_not_found", "冬春救助项目不存在。")
    public static let householdNotFound = AnlanError.notFound("relief.household_not_found", "救助申请不存在或不在您的辖区内。")
    public static func wrongState(_ state: ReliefState) -> AnlanError {
        AnlanError(.conflict, code: "relief.state_invalid", message: "该申请当前为“\(state.label)”，不能进行此操作。")
    }
    public static let photoRequired = AnlanError(
        .conflict, code: "relief.photo_required", message: "尚未上传公示照片。张榜公示须留存照片，上传后方可审核通过。")
    public static let samePerson = AnlanError(
        .conflict, code: "relief.same_person", message: "乡镇审核和县级核定须由不同人员办理；本申请由您代乡镇审核，请由其他人员核定。")
    public static func programEnded(_ day: Day) -> AnlanError {
        AnlanError(.conflict, code: "relief.program_ended", message: "该项目的救助期已于 \(day) 结束，不能再登记申请或填报需求。")
    }
    public static func publicityOpen(until: Day) -> AnlanError {
        AnlanError(.conflict, code: "relief.publicity_open", message: "公示期至 \(until) 结束，公示期满后乡镇方可审核。")
    }
}
