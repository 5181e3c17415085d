import Foundation

/// The steps of an administrative penalty case after 立案, in the order 《中华人民共和国行政处罚法》(2021) requires:
/// investigation (Art. 54–55), 案件处理呈批 (Art. 57), 告知 (Art. 44), 陈述申辩 (Art. 45) or 听证 (Art. 63–65),
/// 法制审核 (Art. 58), 集体讨论 (Art. 57 para. 2), 决定 (Art. 59), 送达 (Art. 61), payment or 延期/分期 (Art. 66–67), 加处罚款 (Art. 72),
/// 催告 and the application to the court (《中华人民共和国行政强制法》Art. 35, 53, 54), 结案.
public enum CaseStep: String, Sendable, Codable, CaseIterable {
    case investigation, proposal, notice, statement, waiver, hearingRequest, hearingNotice, hearingRecord, hearingReport
    case legalReview, discussion, decision, service, deferral, payment, reminder, enforcement, extendLimit, closing

    public var title: String {
        switch self {
        case .investigation: "调查取证"
        case .proposal: "案件处理呈批"
        case .notice: "行政处罚告知"
        case .statement: "陈述申辩及复核"
        case .waiver: "当事人书面放弃陈述申辩等权利"
        case .hearingRequest: "当事人要求听证"
        case .hearingNotice: "听证通知"
        case .hearingRecord: "举行听证"
        case .hearingReport: "听证会报告"
        case .legalReview: "法制审核"
        case .discussion: "集体讨论"
        case .decision: "行政处罚决定"
        case .service: "决定书送达"
        case .deferral: "延期（分期）缴纳罚款批准"
        case .payment: "罚款缴纳"
        case .reminder: "催告"
        case .enforcement: "申请人民法院强制执行"
        case .extendLimit: "延长办案期限"
        case .closing: "结案"
        }
    }
}

/// What one step records, as the page's form or the API's body gave it. Which fields a step reads is decided by
/// `CaseProcedure.validate`; the others are dropped.
public struct CaseStepInput: Sendable, Hashable, Codable {
    /// The day it happened: served, held, paid, approved (default: today; never later than today).
    public var day: String?
    /// The record's content, the party's statement, the reason, the conclusion.
    public var text: String?
    /// The answer to a statement (复核意见), or the discussion's conclusion.
    public var answer: String?
    /// The person: the one questioned, the hearing's host, the one served, the approving leader.
    public var person: String?
    /// Investigation: `inquiry` (询问笔录) or `survey` (勘验笔录). Service: how it was served.
    public var method: String?
    public var fineFen: Int?
    public var suspensionUntil: String?
    public var provisions: String?
    public var penaltyBasis: String?
    /// Statement: whether the party's statement was adopted (采纳); legal review: whether it passed (通过).
    public var adopted: Bool?
    /// Hearing notice: when ("yyyy-MM-ddTHH:mm").
    public var at: String?
    public var place: String?
    public var principalFen: Int?
    public var surchargeFen: Int?
    /// Deferral: the new last day to pay.
    public var dueOn: String?
    /// Extension: how many days the limit is extended.
    public var days: Int?
    /// Investigation: the 执法人员 who questioned or surveyed (usernames; at least two, 行政处罚法 Art. 42 para. 1, verified:
    /// "执法人员不得少于两人"); the store checks that each holds an enforcement certificate of the county.
    public var officers: [String]?
    /// Deferral: the approved instalments (分期缴纳, 行政处罚法 Art. 66 para. 2), in order; their sum is the principal
    /// outstanding when approved, the last one's day is the new last day to pay.
    public var instalments: [Instalment]?
    /// 听证通知书 and 催告书: who signed for the letter (受送达人); given, the step also issues the letter's 送达回执.
    public var servedTo: String?

    public init(
        day: String? = nil, text: String? = nil, answer: String? = nil, person: String? = nil, method: String? = nil, fineFen: Int? = nil,
        suspensionUntil: String? = nil, provisions: String? = nil, penaltyBasis: String? = nil, adopted: Bool? = nil, at: String? = nil,
        place: String? = nil, principalFen: Int? = nil, surchargeFen: Int? = nil, dueOn: String? = nil, days: Int? = nil,
        officers: [String]? = nil, instalments: [Instalment]? = nil, servedTo: String? = nil
    ) {
        self.servedTo = servedTo
        self.day = day
        self.text = text
        self.answer = answer
        self.person = person
        self.method = method
        self.fineFen = fineFen
        self.suspensionUntil = suspensionUntil
        self.provisions = provisions
        self.penaltyBasis = penaltyBasis
        self.adopted = adopted
        self.at = at
        self.place = place
        self.principalFen = principalFen
        self.surchargeFen = surchargeFen
        self.dueOn = dueOn
        self.days = days
        self.officers = officers
        self.instalments = instalments
    }

    public static let officersMaximum = 10
    public static let instalmentsRange = 2...12

    /// The fields a step reads; the API schema and the forms take their names and limits from here.
    public enum Field {
        public static let step = InputField("step", label: "办案步骤", context: "case", invalidMessage: "未知的办案步骤。")
        public static let day = InputField("day", label: "日期", context: "case")
        public static let text = InputField("text", label: "内容", context: "case", maxLength: 4000)
        public static let answer = InputField("answer", label: "复核意见", context: "case", maxLength: 2000)
        public static let person = InputField("person", label: "人员", context: "case", maxLength: 100)
        public static let method = InputField("method", label: "方式", context: "case", maxLength: 40)
        public static let fineFen = InputField("fineFen", label: "罚款（分）", context: "case", codeStem: "fine")
        public static let fine = InputField("fine", label: "罚款（元）", context: "case", invalidMessage: "罚款金额须为元，至多两位小数。")
        public static let suspensionUntil = InputField("suspensionUntil", label: "停产停业整顿至", context: "case")
        public static let provisions = InputField("provisions", label: "违反的规定", context: "case", maxLength: 1000)
        public static let penaltyBasis = InputField("penaltyBasis", label: "处罚依据", context: "case", maxLength: 1000)
        public static let adopted = InputField("adopted", label: "是否采纳", context: "case")
        public static let at = InputField("at", label: "听证时间", context: "case")
        public static let place = InputField("place", label: "地点", context: "case", maxLength: 100)
        public static let principalFen = InputField("principalFen", label: "缴纳罚款（分）", context: "case", codeStem: "principal")
        public static let principal = InputField("principal", label: "缴纳罚款（元）", context: "case", invalidMessage: "缴纳金额须为元，至多两位小数。")
        public static let surchargeFen = InputField("surchargeFen", label: "缴纳加处罚款（分）", context: "case", codeStem: "surcharge")
        public static let surcharge = InputField("surcharge", label: "缴纳加处罚款（元）", context: "case", invalidMessage: "加处罚款金额须为元，至多两位小数。")
        public static let dueOn = InputField("dueOn", label: "缴纳期限", context: "case")
        public static let days = InputField("days", label: "延长天数", context: "case")
        public static let servedTo = InputField("servedTo", label: "受送达人（签收人）", context: "case", maxLength: 100)
        public static let instalments = InputField(
            "instalments", label: "分期安排", context: "case",
            invalidMessage: "分期安排须为 2–12 期，每期写明缴纳期限（按先后、不早于批准日）和金额（大于 0），各期之和等于未缴罚款。")
        public static let officers = InputField(
            "officers", label: "执法人员", context: "case",
            invalidMessage: "询问、勘验须由两名以上持有执法证的执法人员进行（《行政处罚法》第四十二条），请选择参加的执法人员（不能重复，最多 10 名）。")

        /// The names a step's form may carry (amounts in 元), to show a refused form again as it was typed.
        public static let formNames =
            [day, text, answer, person, method, fine, suspensionUntil, provisions, penaltyBasis, adopted, at, place]
            .map(\.name) + [principal, surcharge, dueOn, days, servedTo].map(\.name)
    }

    /// Reads a step order from a form (amounts in 元) or a JSON body (amounts in 分).
    public static func parse(_ input: some CommandInput) throws -> (CaseStep, CaseStepInput) {
        guard let step = CaseStep(rawValue: try input.text(Field.step) ?? "") else { throw Field.step.invalid }
        func money(_ fen: InputField, _ yuan: InputField) throws -> Int? {
            if let value = try input.integer(fen) { return value }
            guard let text = try input.text(yuan) else { return nil }
            guard let value = Money.fen(fromYuan: text) else { throw yuan.invalid }
            return value
        }
        let order = CaseStepInput(
            day: try input.day(Field.day)?.description, text: try input.text(Field.text), answer: try input.text(Field.answer),
            person: try input.text(Field.person), method: try input.text(Field.method), fineFen: try money(Field.fineFen, Field.fine),
            suspensionUntil: try input.day(Field.suspensionUntil)?.description, provisions: try input.text(Field.provisions),
            penaltyBasis: try input.text(Field.penaltyBasis), adopted: try input.bool(Field.adopted), at: try input.text(Field.at),
            place: try input.text(Field.place), principalFen: try money(Field.principalFen, Field.principal),
            surchargeFen: try money(Field.surchargeFen, Field.surcharge), dueOn: try input.day(Field.dueOn)?.description,
            days: try input.integer(Field.days), officers: input.value(Field.officers.name) == nil ? nil : try input.texts(Field.officers),
            instalments: try Instalment.parse(input), servedTo: try input.text(Field.servedTo))
        return (step, order)
    }
}

extension CaseProcedure {
    /// Who signed for the letter a step issues, when the step names one: the 告知书 (`person` at the notice step), the
    /// 听证通知书 and the 催告书 (`servedTo`). The store then issues that letter's 送达回执 in the same transaction; the
    /// decision's own 送达回执 is the service step's document.
    public static func signedFor(_ step: CaseStep, _ kept: CaseStepInput) -> String? {
        switch step {
        case .notice: kept.person
        case .hearingNotice, .reminder: kept.servedTo
        default: nil
        }
    }
}

/// One instalment of an approved 分期缴纳 plan.
public struct Instalment: Sendable, Hashable, Codable {
    public var dueOn: String
    public var amountFen: Int

    public init(dueOn: String, amountFen: Int) {
        self.dueOn = dueOn
        self.amountFen = amountFen
    }

    /// The plan's rows: a JSON array of {dueOn, amountFen}, or the form's parallel fields instalments.dueOn and
    /// instalments.amount (元). Nil when none is given; a row that cannot be read is `case.instalments_invalid`.
    static func parse(_ input: some CommandInput) throws -> [Instalment]? {
        let F = CaseStepInput.Field.instalments
        guard let records = input.records(F.name, fields: ["dueOn", "amountFen", "amount"]) else { throw F.invalid }
        if records.isEmpty { return nil }
        let due = InputField("dueOn", label: "分期缴纳期限", context: "case", codeStem: "instalments", invalidMessage: F.invalidMessage)
        let fen = InputField("amountFen", label: "分期金额", context: "case", codeStem: "instalments", invalidMessage: F.invalidMessage)
        let yuan = InputField("amount", label: "分期金额", context: "case", codeStem: "instalments", invalidMessage: F.invalidMessage)
        return try records.map { r in
            guard let day = try? r.day(due) else { throw F.invalid }
            var amount = try? r.integer(fen)
            if amount == nil, let text = try? r.text(yuan) { amount = Money.fen(fromYuan: text) }
            guard let amount else { throw F.invalid }
            return Instalment(dueOn: day.description, amountFen: amount)
        }
    }
}

/// One recorded step of a case: append-only; what it says is what `CaseProcedure.validate` accepted.
public struct CaseStepRecord: Sendable, Hashable {
    public let id: UUID
    public let step: CaseStep
    public let day: String
    public let input: CaseStepInput
    public let documentID: UUID?
    public let recordedBy: String?
    public let recordedAt: Date

    public init(id: UUID, step: CaseStep, day: String, input: CaseStepInput, documentID: UUID?, recordedBy: String?, recordedAt: Date) {
        self.id = id
        self.step = step
        self.day = day
        self.input = input
        self.documentID = documentID
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// The refusals of the case procedure, declared once; `codes` lists them for the API document.
public enum CaseErrors {
    static func conflict(_ code: String, _ message: String) -> AnlanError { AnlanError(.conflict, code: "case.\(code)", message: message) }
    static func missing(_ step: CaseStep, before: CaseStep) -> AnlanError {
        conflict("\(step.rawValue.snakeCased)_required", "尚未完成“\(step.title)”，不能进行“\(before.title)”。")
    }
    public static let closed = conflict("closed", "案件已结案，不能再办理。")
    public static let decided = conflict("decided", "已作出行政处罚决定，不能再进行此步骤。")
    public static func once(_ step: CaseStep) -> AnlanError { conflict("step_done", "“\(step.title)”已经办理，不能重复。") }
    public static let noticeGiven = conflict("notice_given", "已告知当事人拟作出的处罚，不能再修改拟处罚内容。")
    public static let hearingNotApplicable = conflict("hearing_not_applicable", "拟作出的处罚未达到听证条件（较大数额罚款或责令停产停业等），当事人不能要求听证。")
    public static let hearingRequested = conflict("hearing_requested", "当事人已要求听证，须举行听证。")
    public static let hearingPending = conflict("hearing_pending", "当事人已要求听证，须在听证会报告书作出后再作出决定。")
    public static let discussionRequired = conflict("discussion_required", "本案拟作出较重的行政处罚，须经负责人集体讨论后再作出决定（《行政处罚法》第五十七条第二款）。")
    public static let legalReviewFailed = conflict(
        "legal_review_failed", "最近一次法制审核未通过；按审核意见处理并经重新审核通过后，才能集体讨论或作出决定（《行政处罚法》第五十八条）。")
    public static let noFine = conflict("no_fine", "本案没有罚款。")
    public static let nothingOutstanding = conflict("nothing_outstanding", "罚款及加处罚款已缴清。")

    public static let codes: [String] =
        [
            "case.closed", "case.decided", "case.step_done", "case.notice_given", "case.hearing_not_applicable", "case.hearing_requested",
            "case.hearing_pending", "case.discussion_required", "case.no_fine", "case.nothing_outstanding", "case.notice_period_open",
            "case.hearing_request_late", "case.hearing_notice_short", "case.hearing_not_held", "case.time_limit_passed",
            "case.penalty_heavier_than_notice", "case.fine_not_due", "case.enforcement_too_early", "case.enforcement_window_closed",
            "case.fine_outstanding", "case.overpaid", "case.day_invalid", "case.field_required", "case.text_required",
            "case.fine_invalid", "case.method_invalid", "case.at_invalid", "case.days_invalid", "case.due_on_invalid",
            "case.payment_invalid", "case.step_invalid", "case.suspension_running", "case.legal_review_failed", "case.officers_invalid",
            "case.instalments_invalid",
        ] + CaseStep.allCases.map { "case.\($0.rawValue.snakeCased)_required" }
}

extension String {
    /// "hearingNotice" → "hearing_notice".
    var snakeCased: String {
        var out = ""
        for ch in self {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }
}

/// Where a case stands, folded from its steps, and what the law lets happen next. Pure: the same steps, settings,
/// calendar and day give the same answers.
public struct CaseProcedure: Sendable {
    public let openedOn: String
    public let steps: [CaseStepRecord]
    public let settings: EnforcementSettings
    public let calendar: WorkCalendar

    public init(openedOn: String, steps: [CaseStepRecord], settings: EnforcementSettings, calendar: WorkCalendar) {
        self.openedOn = openedOn
        self.steps = steps
        self.settings = settings
        self.calendar = calendar
    }

    public func last(_ step: CaseStep) -> CaseStepRecord? { steps.last { $0.step == step } }
    public func all(_ step: CaseStep) -> [CaseStepRecord] { steps.filter { $0.step == step } }
    func has(_ step: CaseStep) -> Bool { last(step) != nil }

    /// The penalty proposed in the 案件处理呈批 and told to the party.
    public var proposal: CaseStepInput? { last(.proposal)?.input }
    public var decision: CaseStepInput? { last(.decision)?.input }

    /// Whether the proposed penalty gives the right to a hearing (Art. 63): a fine of at least the 较大数额 (a setting:
    /// provinces set it), or 责令停产停业.
    public var hearingEligible: Bool {
        guard let p = proposal else { return false }
        return (p.fineFen ?? 0) >= settings.hearingFineThresholdFen || p.suspensionUntil != nil
    }

    /// The day the 告知书 was served.
    public var noticeServedOn: String? { last(.notice)?.day }

    /// The last day of the period to state, defend or ask for a hearing: the statement period (a setting) and, where a
    /// hearing may be asked for, at least the five working days of Art. 64(1) (Art. 85: 五日 are working days).
    public var noticePeriodEnds: String? {
        guard let served = noticeServedOn.flatMap(Day.init) else { return nil }
        let days = max(settings.statementDays, hearingEligible ? 5 : 0)
        return served.adding(workingDays: days, on: calendar).description
    }

    public var hearingRequested: Bool { has(.hearingRequest) }
    /// 集体讨论 is required for the heavier penalties (Art. 57 para. 2, read by Anlan as: the ones that carry a hearing right).
    public var discussionRequired: Bool { hearingEligible || hearingRequested }

    /// 法制审核 before the decision (行政处罚法 Art. 58 para. 1, verified: "有下列情形之一，在行政机关负责人作出行政处罚的
    /// 决定之前，应当由从事行政处罚决定法制审核的人员进行法制审核；未经法制审核或者审核未通过的，不得作出决定"). Its (二)
    /// names the cases that went through a hearing; Anlan also requires it for every case that carries a hearing right
    /// (较大数额罚款, 责令停产停业: the 重大执法决定 that 集体讨论 already covers), the reading of the 重大执法决定法制审核
    /// 目录 bureaus publish. For (一) and (三) (重大公共利益, 疑难复杂) it is a judgement: any case may record a review.
    public var legalReviewRequired: Bool { discussionRequired }

    /// The latest review passed (a failed one must be followed by one that passes).
    public var legalReviewPassed: Bool { last(.legalReview)?.input.adopted == true }

    /// Refuses `step` while a required review is missing, or while the latest review (required or not) failed.
    func requireLegalReview(before step: CaseStep) throws {
        if let review = last(.legalReview) {
            if review.input.adopted != true { throw CaseErrors.legalReviewFailed }
        } else if legalReviewRequired {
            throw CaseErrors.missing(.legalReview, before: step)
        }
    }

    /// 办案期限: 90 days from 立案 (Art. 60; the days are a setting, as 应急管理部令第18号 may say otherwise) plus approved extensions.
    public var deadline: String {
        let extra = all(.extendLimit).reduce(0) { $0 + ($1.input.days ?? 0) }
        return Timestamp.day(openedOn, adding: settings.caseLimitDays + extra) ?? openedOn
    }

    public var fineFen: Int { decision?.fineFen ?? 0 }
    public var servedOn: String? { last(.service)?.day }

    /// The last day to pay: fifteen days from service (Art. 67 para. 3), or the approved deferral.
    public var dueOn: String? {
        if let deferred = last(.deferral)?.input.dueOn { return deferred }
        return servedOn.flatMap { Timestamp.day($0, adding: settings.paymentDays) }
    }

    /// The approved 分期 plan, if the latest deferral set one.
    public var instalments: [Instalment]? { last(.deferral)?.input.instalments }

    /// The principal that should have been paid before `day`: the whole fine after the last day to pay, or, under an
    /// instalment plan, what was paid when it was approved plus every instalment already due.
    func principalRequired(before day: Day) -> Int {
        if let plan = instalments, !plan.isEmpty {
            let scheduled = plan.reduce(0) { $0 + $1.amountFen }
            return fineFen - scheduled + plan.filter { (Day($0.dueOn) ?? day) < day }.reduce(0) { $0 + $1.amountFen }
        }
        guard let due = dueOn.flatMap(Day.init) else { return 0 }
        return day > due ? fineFen : 0
    }

    /// The principal paid on or before `day`.
    func principalPaid(through day: Day) -> Int {
        all(.payment).filter { (Day($0.day) ?? day) <= day }.reduce(0) { $0 + ($1.input.principalFen ?? 0) }
    }

    /// Principal overdue on `day`: due before it and not paid by it (an instalment missed, or the fine after its day).
    public func overduePrincipalFen(on day: String) -> Int {
        guard let d = Day(day) else { return 0 }
        return max(0, principalRequired(before: d) - principalPaid(through: d))
    }

    /// The next unpaid instalment on `day`, for the case page.
    public func nextInstalment(on day: String) -> Instalment? {
        guard let plan = instalments, let d = Day(day) else { return nil }
        let paid = principalPaid(through: d) - (fineFen - plan.reduce(0) { $0 + $1.amountFen })
        var covered = 0
        for instalment in plan {
            covered += instalment.amountFen
            if covered > paid { return instalment }
        }
        return nil
    }

    public var paidPrincipalFen: Int { all(.payment).reduce(0) { $0 + ($1.input.principalFen ?? 0) } }
    public var paidSurchargeFen: Int { all(.payment).reduce(0) { $0 + ($1.input.surchargeFen ?? 0) } }
    public var outstandingPrincipalFen: Int { max(0, fineFen - paidPrincipalFen) }

    /// 加处罚款 accrued through `day` (Art. 72 para. 1 (1)): for each day, 3 % of the principal overdue at its start —
    /// the fine after the last day to pay or, under an instalment plan, each instalment missed (Anlan's reading: part
    /// payments reduce the base, paid on a day from the next) — never more than the fine.
    public func surchargeAccrued(through day: String) -> Int {
        guard let end = Day(day), fineFen > 0 else { return 0 }
        let firstDue = instalments?.first.flatMap { Day($0.dueOn) } ?? dueOn.flatMap(Day.init)
        guard let first = firstDue, end > first else { return 0 }
        var total = 0
        var current = first.adding(days: 1)
        while current <= end && total < fineFen {
            let paid = principalPaid(through: current.adding(days: -1))
            if paid >= fineFen { break }  // paid off: nothing accrues any more
            total += max(0, principalRequired(before: current) - paid) * 3 / 100
            current = current.adding(days: 1)
        }
        return min(total, fineFen)
    }

    public func outstandingSurchargeFen(on day: String) -> Int { max(0, surchargeAccrued(through: day) - paidSurchargeFen) }

    /// The day the period for 行政复议 and 行政诉讼 ends (six months from service, 《行政诉讼法》第四十六条; a setting).
    public var appealEnds: String? { servedOn.flatMap { Self.adding(months: settings.appealMonths, to: $0) } }

    /// When an application to the court may be made (行政强制法 Art. 53, 54): ten days (working days, Art. 69) after
    /// the 催告书 was served and after the appeal period ended; and until three months after that period ended.
    public var courtWindow: (opens: String, closes: String)? {
        guard let reminded = last(.reminder).flatMap({ Day($0.day) }), let appeal = appealEnds.flatMap(Day.init),
            let closes = Self.adding(months: 3, to: appeal.description)
        else { return nil }
        let afterReminder = reminded.adding(workingDays: 10, on: calendar)
        return (max(afterReminder, appeal.adding(days: 1)).description, closes)
    }

    public var isClosed: Bool { has(.closing) }

    /// A hearing is recorded only on or after the day its notice set (checked for today and for the record's own day).
    func requireHearingHeld(by day: String) throws {
        guard let planned = last(.hearingNotice)?.input.at.flatMap(DocumentContent.inquiryTime)?.day, day >= planned else {
            throw CaseErrors.conflict("hearing_not_held", "听证会尚未到通知的日期，不能记录听证笔录。")
        }
    }

    /// What the case is waiting for, in words, for the case page and lists.
    public func stage(today: String) -> String {
        if isClosed { return "已结案" }
        if has(.enforcement) { return "已申请强制执行" }
        if has(.decision) {
            if !has(.service) { return "待送达决定书" }
            if fineFen == 0 || outstandingPrincipalFen == 0 { return "待结案" }
            if overduePrincipalFen(on: today) > 0 { return instalments == nil ? "逾期未缴" : "分期逾期未缴" }
            return "待缴纳罚款"
        }
        if hearingRequested {
            if !has(.hearingNotice) { return "待通知听证" }
            if !has(.hearingRecord) { return "待举行听证" }
            if !has(.hearingReport) { return "待听证会报告" }
        }
        if has(.notice) {
            if let end = noticePeriodEnds, today <= end, !has(.waiver) { return "陈述申辩期内" }
            if has(.legalReview) && !legalReviewPassed { return "法制审核未通过" }
            if legalReviewRequired && !has(.legalReview) { return "待法制审核" }
            if discussionRequired && !has(.discussion) { return "待集体讨论" }
            return "待作出决定"
        }
        if has(.proposal) { return "待告知" }
        return has(.investigation) ? "调查取证中" : "已立案"
    }

    /// The steps that may be taken now, for the page's forms.
    public func allowed(today: String) -> [CaseStep] {
        CaseStep.allCases.filter { (try? precondition($0, today: today)) != nil }
    }

    /// Refuses a step the procedure does not allow now, naming what is missing.
    public func precondition(_ step: CaseStep, today: String) throws {
        if isClosed { throw CaseErrors.closed }
        let decided = has(.decision)
        switch step {
        case .investigation, .extendLimit:
            if decided { throw CaseErrors.decided }
        case .proposal:
            if has(.notice) { throw CaseErrors.noticeGiven }
            if has(.proposal) { throw CaseErrors.once(step) }
            if !has(.investigation) { throw CaseErrors.missing(.investigation, before: step) }
        case .notice:
            if has(.notice) { throw CaseErrors.once(step) }
            if !has(.proposal) { throw CaseErrors.missing(.proposal, before: step) }
        case .statement:
            if decided { throw CaseErrors.decided }
            if !has(.notice) { throw CaseErrors.missing(.notice, before: step) }
        case .waiver:
            if decided { throw CaseErrors.decided }
            if !has(.notice) { throw CaseErrors.missing(.notice, before: step) }
            if hearingRequested { throw CaseErrors.hearingRequested }
            if has(.waiver) { throw CaseErrors.once(step) }
        case .hearingRequest:
            if decided { throw CaseErrors.decided }
            if !has(.notice) { throw CaseErrors.missing(.notice, before: step) }
            if !hearingEligible { throw CaseErrors.hearingNotApplicable }
            if hearingRequested || has(.waiver) { throw CaseErrors.once(step) }
        case .hearingNotice:
            if decided { throw CaseErrors.decided }
            if !hearingRequested { throw CaseErrors.missing(.hearingRequest, before: step) }
            if has(.hearingRecord) { throw CaseErrors.once(.hearingRecord) }
        case .hearingRecord:
            if !has(.hearingNotice) { throw CaseErrors.missing(.hearingNotice, before: step) }
            if has(.hearingRecord) { throw CaseErrors.once(step) }
            try requireHearingHeld(by: today)
        case .hearingReport:
            if !has(.hearingRecord) { throw CaseErrors.missing(.hearingRecord, before: step) }
            if has(.hearingReport) { throw CaseErrors.once(step) }
        case .legalReview:
            if decided { throw CaseErrors.decided }
            if !has(.notice) { throw CaseErrors.missing(.notice, before: step) }
            if hearingRequested && !has(.hearingReport) { throw CaseErrors.hearingPending }
            if legalReviewPassed { throw CaseErrors.once(step) }
        case .discussion:
            if decided { throw CaseErrors.decided }
            if !has(.notice) { throw CaseErrors.missing(.notice, before: step) }
            if hearingRequested && !has(.hearingReport) { throw CaseErrors.hearingPending }
            try requireLegalReview(before: step)
        case .decision:
            if decided { throw CaseErrors.once(step) }
            if !has(.notice) { throw CaseErrors.missing(.notice, before: step) }
            if hearingRequested && !has(.hearingReport) { throw CaseErrors.hearingPending }
            if !hearingRequested, !has(.waiver), let end = noticePeriodEnds, today <= end {
                throw CaseErrors.conflict(
                    "notice_period_open",
                    "告知书于\(noticeServedOn ?? "")送达，陈述、申辩\(hearingEligible ? "和要求听证" : "")的期限至\(end)届满；期限届满或当事人书面放弃后才能作出决定。")
            }
            try requireLegalReview(before: step)
            if discussionRequired && !has(.discussion) { throw CaseErrors.discussionRequired }
            if today > deadline {
                throw CaseErrors.conflict(
                    "time_limit_passed", "办案期限已于\(deadline)届满（自立案之日起\(settings.caseLimitDays)日）；须先登记经负责人批准的延长办案期限。")
            }
        case .service:
            if !decided { throw CaseErrors.missing(.decision, before: step) }
            if has(.service) { throw CaseErrors.once(step) }
        case .deferral, .payment:
            if !decided { throw CaseErrors.missing(.decision, before: step) }
            if fineFen == 0 { throw CaseErrors.noFine }
            if step == .deferral && !has(.service) { throw CaseErrors.missing(.service, before: step) }
            if step == .deferral && outstandingPrincipalFen == 0 { throw CaseErrors.nothingOutstanding }
            if step == .payment && outstandingPrincipalFen == 0 && outstandingSurchargeFen(on: today) == 0 {
                throw CaseErrors.nothingOutstanding
            }
        case .reminder:
            if !has(.service) { throw CaseErrors.missing(.service, before: step) }
            if outstandingPrincipalFen == 0 { throw CaseErrors.nothingOutstanding }
            if overduePrincipalFen(on: today) == 0 {
                let next = nextInstalment(on: today)?.dueOn ?? dueOn ?? ""
                throw CaseErrors.conflict("fine_not_due", "罚款缴纳期限（\(next)）尚未届满，不能催告。")
            }
        case .enforcement:
            if has(.enforcement) { throw CaseErrors.once(step) }
            guard has(.reminder), let window = courtWindow else { throw CaseErrors.missing(.reminder, before: step) }
            if outstandingPrincipalFen == 0 && outstandingSurchargeFen(on: today) == 0 { throw CaseErrors.nothingOutstanding }
            if today < window.opens {
                throw CaseErrors.conflict(
                    "enforcement_too_early", "催告书送达十日后且复议、诉讼期限届满后才能申请人民法院强制执行；最早可于\(window.opens)申请。")
            }
            if today > window.closes {
                throw CaseErrors.conflict("enforcement_window_closed", "申请人民法院强制执行的期限已于\(window.closes)届满（复议、诉讼期限届满之日起三个月）。")
            }
        case .closing:
            if !decided { throw CaseErrors.missing(.decision, before: step) }
            if !has(.service) { throw CaseErrors.missing(.service, before: step) }
            if let until = decision?.suspensionUntil, today <= until {
                throw CaseErrors.conflict("suspension_running", "责令停产停业整顿至\(until)，期满（并经审查同意恢复生产经营）后才能结案。")
            }
            if !has(.enforcement) && (outstandingPrincipalFen > 0 || outstandingSurchargeFen(on: today) > 0) {
                throw CaseErrors.conflict(
                    "fine_outstanding",
                    "罚款尚有\(Money.yuan(outstandingPrincipalFen))元、加处罚款尚有\(Money.yuan(outstandingSurchargeFen(on: today)))元未缴纳；缴清或申请人民法院强制执行后才能结案。"
                )
            }
        }
    }

    /// Checks a step against the procedure and its own fields, and gives what is recorded: the day it happened and
    /// the fields this step keeps.
    public func validate(_ step: CaseStep, _ input: CaseStepInput, today: String) throws -> (day: String, input: CaseStepInput) {
        try precondition(step, today: today)
        let day = input.day ?? today
        guard Day(day) != nil else { throw CaseStepInput.Field.day.invalidDay }
        guard day <= today, day >= openedOn else {
            throw AnlanError.invalid("case.day_invalid", "日期须在立案日（\(openedOn)）和今天之间。", field: "day")
        }
        func after(_ earlier: CaseStep) throws {
            if let e = last(earlier), day < e.day {
                throw AnlanError.invalid("case.day_invalid", "日期不能早于“\(earlier.title)”（\(e.day)）。", field: "day")
            }
        }
        func text(_ value: String?, _ label: String, _ range: ClosedRange<Int> = 2...4000, field: String = "text") throws -> String {
            let t = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard range.contains(t.count) else {
                throw AnlanError.invalid("case.text_required", "请填写\(label)（\(range.lowerBound)–\(range.upperBound) 字）。", field: field)
            }
            return t
        }
        var kept = CaseStepInput(day: day)
        switch step {
        case .investigation:
            guard let method = input.method, ["inquiry", "survey"].contains(method) else {
                throw AnlanError.invalid("case.method_invalid", "调查取证方式须为询问（inquiry）或勘验（survey）。", field: "method")
            }
            kept.method = method
            let officers = (input.officers ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard officers.count >= 2, Set(officers).count == officers.count, officers.count <= CaseStepInput.officersMaximum else {
                throw CaseStepInput.Field.officers.invalid
            }
            kept.officers = officers
            kept.person = try text(input.person, method == "inquiry" ? "被询问人" : "勘验现场的当事人或见证人", 2...100, field: "person")
            kept.place = try text(input.place, "地点", 2...100, field: "place")
            kept.text = try text(input.text, method == "inquiry" ? "询问记录" : "勘验情况", 10...4000)
        case .proposal:
            guard let fine = input.fineFen, (0...1_000_000_000).contains(fine) else {
                throw AnlanError.invalid("case.fine_invalid", "拟罚款金额须为 0 到 1000 万元之间。", field: "fineFen")
            }
            if let until = input.suspensionUntil, until <= day {
                throw AnlanError.invalid("case.day_invalid", "停产停业整顿的期限须晚于今天。", field: "suspensionUntil")
            }
            guard fine > 0 || input.suspensionUntil != nil else {
                throw AnlanError.invalid("case.fine_invalid", "拟处罚内容须有罚款或责令停产停业整顿。", field: "fineFen")
            }
            kept.fineFen = fine
            kept.suspensionUntil = input.suspensionUntil
            kept.provisions = try text(input.provisions, "违反的规定", 4...1000, field: "provisions")
            kept.penaltyBasis = try text(input.penaltyBasis, "处罚依据", 4...1000, field: "penaltyBasis")
            kept.text = try text(input.text, "经办人意见", 2...2000)
            try after(.investigation)
        case .notice:
            try after(.proposal)
            kept.method = try text(input.method ?? "直接送达", "送达方式", 2...40, field: "method")
            // Who signed for it: with a name, the step also issues the 告知书's 送达回执 (proof of the day the period runs from).
            if let person = input.person { kept.person = try text(person, "受送达人（签收人）", 2...100, field: "person") }
        case .statement:
            try after(.notice)
            kept.text = try text(input.text, "当事人陈述、申辩的内容")
            guard let adopted = input.adopted else { throw CaseStepInput.Field.adopted.missing }
            kept.adopted = adopted
            kept.answer = try text(input.answer, "复核意见（采纳或不予采纳的理由）", 2...2000, field: "answer")
        case .waiver:
            try after(.notice)
            kept.text = try text(input.text ?? "当事人书面声明放弃陈述、申辩\(hearingEligible ? "和听证" : "")的权利", "放弃声明", 2...500)
        case .hearingRequest:
            try after(.notice)
            if let served = noticeServedOn.flatMap(Day.init), let asked = Day(day), asked > served.adding(workingDays: 5, on: calendar) {
                throw CaseErrors.conflict("hearing_request_late", "要求听证须在告知书送达后五个工作日内提出（《行政处罚法》第六十四条第一项），本案已超过期限。")
            }
            kept.text = try text(input.text ?? "当事人要求举行听证", "听证申请", 2...500)
        case .hearingNotice:
            try after(.hearingRequest)
            guard let at = input.at, let time = DocumentContent.inquiryTime(at) else {
                throw AnlanError.invalid("case.at_invalid", "听证时间须为日期和时间（yyyy-MM-ddTHH:mm）。", field: "at")
            }
            // Art. 64(2): the party is told 七日 before the hearing; Art. 85: working days.
            if let held = Day(time.day), let told = Day(day), held <= told.adding(workingDays: 7, on: calendar).adding(days: -1) {
                throw CaseErrors.conflict(
                    "hearing_notice_short", "听证通知须在举行听证的七个工作日前送达（《行政处罚法》第六十四条第二项）；最早可定于\(told.adding(workingDays: 7, on: calendar))。")
            }
            kept.at = at
            kept.place = try text(input.place, "听证地点", 2...100, field: "place")
            kept.person = try text(input.person, "听证主持人", 2...100, field: "person")
            if let served = input.servedTo {
                kept.servedTo = try text(served, "受送达人（签收人）", 2...100, field: "servedTo")
                kept.method = try text(input.method ?? "直接送达", "送达方式", 2...40, field: "method")
            }
        case .hearingRecord:
            try requireHearingHeld(by: day)
            kept.text = try text(input.text, "听证笔录", 10...4000)
        case .hearingReport:
            try after(.hearingRecord)
            kept.text = try text(input.text, "听证情况及处理意见", 10...4000)
        case .legalReview:
            try after(.notice)
            if hearingRequested { try after(.hearingReport) }
            guard let passed = input.adopted else {
                throw AnlanError.invalid("case.field_required", "请选择法制审核结论（通过或不通过）。", field: "adopted")
            }
            kept.adopted = passed
            kept.person = try text(input.person, "法制审核人员", 2...100, field: "person")
            kept.text = try text(input.text, "审核意见", 2...2000)
        case .discussion:
            try after(.notice)
            if hearingRequested { try after(.hearingReport) }
            try after(.legalReview)
            kept.person = try text(input.person, "主持人及参加人员", 2...100, field: "person")
            kept.text = try text(input.text, "讨论内容")
            kept.answer = try text(input.answer, "讨论结论", 2...2000, field: "answer")
        case .decision:
            try after(.notice)
            try after(.legalReview)
            try after(.discussion)
            try after(.hearingReport)
            guard let proposed = proposal else { throw CaseErrors.missing(.proposal, before: step) }
            let fine = input.fineFen ?? proposed.fineFen ?? 0
            guard (0...1_000_000_000).contains(fine) else {
                throw AnlanError.invalid("case.fine_invalid", "罚款金额须为 0 到 1000 万元之间。", field: "fineFen")
            }
            // Art. 45 para. 2: a statement or defence never makes the penalty heavier; a decision may not exceed what was told.
            let heavier =
                fine > (proposed.fineFen ?? 0)
                || (input.suspensionUntil != nil && (proposed.suspensionUntil == nil || input.suspensionUntil! > proposed.suspensionUntil!))
            if heavier {
                throw CaseErrors.conflict(
                    "penalty_heavier_than_notice", "决定的处罚不能重于告知书告知的拟处罚内容（\(CaseProcedure.penaltyText(proposed) ?? "")）；如需加重，须重新告知。")
            }
            kept.fineFen = fine
            kept.suspensionUntil = input.fineFen == nil && input.suspensionUntil == nil ? proposed.suspensionUntil : input.suspensionUntil
            kept.provisions = input.provisions ?? proposed.provisions
            kept.penaltyBasis = input.penaltyBasis ?? proposed.penaltyBasis
        case .service:
            try after(.decision)
            kept.person = try text(input.person, "受送达人", 2...100, field: "person")
            kept.method = try text(input.method ?? "直接送达", "送达方式", 2...40, field: "method")
        case .deferral:
            try after(.service)
            if let plan = input.instalments {
                // 分期: 2–12 instalments, in order from the approval day, adding up to the principal outstanding.
                let days = plan.compactMap { Day($0.dueOn) }
                guard CaseStepInput.instalmentsRange.contains(plan.count), days.count == plan.count,
                    zip(days, days.dropFirst()).allSatisfy({ $0 < $1 }), let first = days.first, first.description >= day,
                    plan.allSatisfy({ $0.amountFen > 0 }), plan.reduce(0, { $0 + $1.amountFen }) == outstandingPrincipalFen
                else { throw CaseStepInput.Field.instalments.invalid }
                kept.instalments = plan
            }
            guard let newDue = kept.instalments?.last?.dueOn ?? input.dueOn, let current = dueOn, newDue > current else {
                throw AnlanError.invalid("case.due_on_invalid", "批准的缴纳期限须晚于现在的期限（\(dueOn ?? "")）。", field: "dueOn")
            }
            kept.dueOn = newDue
            kept.person = try text(input.person, "批准人", 2...100, field: "person")
            kept.text = try text(input.text, "延期（分期）理由及分期安排", 2...1000)
        case .payment:
            try after(.decision)
            let principal = input.principalFen ?? 0
            let surcharge = input.surchargeFen ?? 0
            guard principal >= 0, surcharge >= 0, principal + surcharge > 0 else {
                throw AnlanError.invalid("case.payment_invalid", "缴纳的罚款或加处罚款须大于 0。", field: "principalFen")
            }
            guard principal <= outstandingPrincipalFen else {
                throw AnlanError.invalid(
                    "case.overpaid", "缴纳的罚款不能超过未缴的罚款（\(Money.yuan(outstandingPrincipalFen)) 元）。", field: "principalFen")
            }
            let owed = outstandingSurchargeFen(on: day)
            guard surcharge <= owed else {
                throw AnlanError.invalid(
                    "case.overpaid", "缴纳的加处罚款不能超过截至\(day)应缴的加处罚款（\(Money.yuan(owed)) 元）。", field: "surchargeFen")
            }
            kept.principalFen = principal
            kept.surchargeFen = surcharge
        case .reminder:
            kept.method = try text(input.method ?? "直接送达", "送达方式", 2...40, field: "method")
            if let served = input.servedTo { kept.servedTo = try text(served, "受送达人（签收人）", 2...100, field: "servedTo") }
            if overduePrincipalFen(on: day) == 0 { throw CaseErrors.conflict("fine_not_due", "催告书须在缴纳期限（\(dueOn ?? "")）届满后送达。") }
        case .enforcement:
            kept.text = try text(input.text ?? "申请人民法院强制执行", "申请事项", 2...1000)
        case .extendLimit:
            guard let days = input.days, (1...90).contains(days) else {
                throw AnlanError.invalid("case.days_invalid", "延长的天数须为 1–90 天。", field: "days")
            }
            kept.days = days
            kept.person = try text(input.person, "批准延长的负责人", 2...100, field: "person")
            kept.text = try text(input.text, "延长理由", 2...1000)
        case .closing:
            try after(.service)
            kept.text = try text(input.text ?? "案件已执行完毕", "结案理由", 2...1000)
        }
        return (day, kept)
    }

    /// 处罚内容 as written: the fine and any suspension.
    public static func penaltyText(_ p: CaseStepInput) -> String? {
        guard let fine = p.fineFen else { return nil }
        var parts = fine > 0 ? ["罚款人民币\(Money.yuan(fine))元"] : []
        if let until = p.suspensionUntil { parts.append("责令停产停业整顿至\(DocumentContent.chineseDate(until))") }
        return parts.isEmpty ? "不予罚款" : parts.joined(separator: "，")
    }

    /// The document a step issues, if any.
    public func document(for step: CaseStep, _ input: CaseStepInput) -> DocumentKind? {
        switch step {
        case .investigation: input.method == "survey" ? .surveyRecord : .inquiryRecord
        case .proposal: .caseApproval
        case .notice: hearingEligible ? .hearingRightsNotice : .penaltyNotice
        case .statement: .statementRecord
        case .hearingNotice: .hearingNotice
        case .hearingRecord: .hearingRecord
        case .hearingReport: .hearingReport
        case .discussion: .discussionRecord
        case .decision: .penaltyDecision
        case .service: .serviceReceipt
        case .deferral: .paymentDeferral
        case .reminder: .fineReminder
        case .enforcement: .enforcementApplication
        case .closing: .caseClosing
        case .waiver, .hearingRequest, .legalReview, .payment, .extendLimit: nil
        }
    }

    /// "2026-08-31" plus months, clamped to the month's last day.
    public static func adding(months: Int, to day: String) -> String? {
        guard let d = Day(day) else { return nil }
        let total = d.year * 12 + (d.month - 1) + months
        let year = total / 12, month = total % 12 + 1
        var dayOfMonth = d.dayOfMonth
        while dayOfMonth > 28, Day(year: year, month: month, day: dayOfMonth) == nil { dayOfMonth -= 1 }
        return Day(year: year, month: month, day: dayOfMonth)?.description
    }
}
