import Foundation

/// A bureau's enforcement settings: what its documents name (the body that hears a 行政复议, the court, where fines
/// are paid) and the time limits RULES §6 marks unverified, kept as settings with the commonly cited defaults.
public struct EnforcementSettings: Sendable, Hashable, Codable {
    /// 行政复议机关, e.g. 示范县人民政府.
    public var reviewAuthority: String
    /// The court for 行政诉讼, e.g. 示范县人民法院.
    public var court: String
    /// Where fines are paid (bank and account, or the payment platform).
    public var paymentAccount: String
    /// Re-inspection within this many days of the enterprise's request (RULES §6, unverified; default 10).
    public var reinspectionDays: Int
    /// An extension may be asked for from this many days before the deadline (0: any time) … (`ExtensionWindow`).
    public var extensionEarliestDays: Int
    /// … up to this many days before it (0: the deadline day itself). 2015 办法: "限期届满前10日内": 10 and 0.
    public var extensionLatestDays: Int
    /// An extension request is answered within this many days (RULES §6, unverified; default 5).
    public var extensionAnswerDays: Int
    /// 陈述、申辩 period from service of the 告知书, in working days. 行政处罚法 sets none; 5 follows the hearing period of
    /// its Art. 64(1) (the 2015 办法's three days is not confirmed for 应急管理部令第18号). A setting.
    public var statementDays: Int
    /// 较大数额罚款 for a unit, in 分, from which a hearing may be asked for (行政处罚法 Art. 63 para. 1 (1)): set by the
    /// province; 30,000 元 is the 2015 办法's national default (Art. 33, unverified for 18号令). A setting.
    public var hearingFineThresholdFen: Int
    /// 办案期限 in days from 立案 (行政处罚法 Art. 60: 90, unless a law, regulation or rule says otherwise). A setting.
    public var caseLimitDays: Int
    /// Days from service of the decision to pay (行政处罚法 Art. 67 para. 3: 十五日). A setting.
    public var paymentDays: Int
    /// Months from service in which 行政诉讼 may be brought (行政诉讼法 Art. 46: 六个月); the court window opens after. A setting.
    public var appealMonths: Int

    public init(
        reviewAuthority: String, court: String, paymentAccount: String = "", reinspectionDays: Int = 10, extensionEarliestDays: Int = 10,
        extensionLatestDays: Int = 0, extensionAnswerDays: Int = 5, statementDays: Int = 5, hearingFineThresholdFen: Int = 3_000_000,
        caseLimitDays: Int = 90,
        paymentDays: Int = 15, appealMonths: Int = 6
    ) {
        self.reviewAuthority = reviewAuthority
        self.court = court
        self.paymentAccount = paymentAccount
        self.reinspectionDays = reinspectionDays
        self.extensionEarliestDays = extensionEarliestDays
        self.extensionLatestDays = extensionLatestDays
        self.extensionAnswerDays = extensionAnswerDays
        self.statementDays = statementDays
        self.hearingFineThresholdFen = hearingFineThresholdFen
        self.caseLimitDays = caseLimitDays
        self.paymentDays = paymentDays
        self.appealMonths = appealMonths
    }

    enum CodingKeys: String, CodingKey {
        case reviewAuthority, court, paymentAccount, reinspectionDays, extensionEarliestDays, extensionLatestDays, extensionAnswerDays
        case statementDays
        case hearingFineThresholdFen, caseLimitDays, paymentDays, appealMonths
    }

    /// Settings stored before a field existed read its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = EnforcementSettings(reviewAuthority: "", court: "")
        self.init(
            reviewAuthority: try c.decode(String.self, forKey: .reviewAuthority), court: try c.decode(String.self, forKey: .court),
            paymentAccount: try c.decodeIfPresent(String.self, forKey: .paymentAccount) ?? d.paymentAccount,
            reinspectionDays: try c.decodeIfPresent(Int.self, forKey: .reinspectionDays) ?? d.reinspectionDays,
            extensionEarliestDays: try c.decodeIfPresent(Int.self, forKey: .extensionEarliestDays) ?? d.extensionEarliestDays,
            extensionLatestDays: try c.decodeIfPresent(Int.self, forKey: .extensionLatestDays) ?? d.extensionLatestDays,
            extensionAnswerDays: try c.decodeIfPresent(Int.self, forKey: .extensionAnswerDays) ?? d.extensionAnswerDays,
            statementDays: try c.decodeIfPresent(Int.self, forKey: .statementDays) ?? d.statementDays,
            hearingFineThresholdFen: try c.decodeIfPresent(Int.self, forKey: .hearingFineThresholdFen) ?? d.hearingFineThresholdFen,
            caseLimitDays: try c.decodeIfPresent(Int.self, forKey: .caseLimitDays) ?? d.caseLimitDays,
            paymentDays: try c.decodeIfPresent(Int.self, forKey: .paymentDays) ?? d.paymentDays,
            appealMonths: try c.decodeIfPresent(Int.self, forKey: .appealMonths) ?? d.appealMonths)
    }

    /// When an extension may be asked for.
    public var extensionWindow: ExtensionWindow { ExtensionWindow(earliest: extensionEarliestDays, latest: extensionLatestDays) }

    /// The defaults for a county: its people's government and its court.
    public static func defaults(county: String) -> EnforcementSettings {
        EnforcementSettings(reviewAuthority: county + "人民政府", court: county + "人民法院")
    }

    public func validated() throws -> EnforcementSettings {
        var s = self
        s.reviewAuthority = reviewAuthority.trimmingCharacters(in: .whitespacesAndNewlines)
        s.court = court.trimmingCharacters(in: .whitespacesAndNewlines)
        s.paymentAccount = paymentAccount.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...60).contains(s.reviewAuthority.codePoints) else {
            throw AnlanError.invalid("enforcement.review_authority_invalid", "行政复议机关须为 2–60 个字。", field: "reviewAuthority")
        }
        guard (2...60).contains(s.court.codePoints) else {
            throw AnlanError.invalid("enforcement.court_invalid", "人民法院名称须为 2–60 个字。", field: "court")
        }
        guard s.paymentAccount.count <= 200 else {
            throw AnlanError.invalid("enforcement.payment_account_invalid", "罚款缴纳方式不能超过 200 个字。", field: "paymentAccount")
        }
        for (value, field, label) in [
            (reinspectionDays, "reinspectionDays", "复查期限"), (extensionEarliestDays, "extensionEarliestDays", "延期申请最早提前天数"),
            (extensionLatestDays, "extensionLatestDays", "延期申请最迟提前天数"),
            (extensionAnswerDays, "extensionAnswerDays", "延期审批期限"),
        ] where !(0...90).contains(value) {
            throw AnlanError.invalid("enforcement.days_invalid", "\(label)须为 0–90 天。", field: field)
        }
        guard reinspectionDays > 0, extensionAnswerDays > 0 else {
            throw AnlanError.invalid(
                "enforcement.days_invalid", "复查期限和延期审批期限须至少 1 天。", field: reinspectionDays > 0 ? "extensionAnswerDays" : "reinspectionDays")
        }
        if extensionEarliestDays > 0 && extensionEarliestDays < extensionLatestDays {
            throw AnlanError.invalid(
                "enforcement.days_invalid", "延期申请的最早提前天数不能少于最迟提前天数。", field: "extensionEarliestDays")
        }
        for (value, range, field, label) in [
            (statementDays, 1...30, "statementDays", "陈述申辩期限（工作日）"), (caseLimitDays, 30...365, "caseLimitDays", "办案期限"),
            (paymentDays, 1...90, "paymentDays", "罚款缴纳期限"), (appealMonths, 1...12, "appealMonths", "诉讼期限（月）"),
        ] where !range.contains(value) {
            throw AnlanError.invalid("enforcement.days_invalid", "\(label)须为 \(range.lowerBound)–\(range.upperBound)。", field: field)
        }
        guard (100_000...100_000_000).contains(hearingFineThresholdFen) else {
            throw AnlanError.invalid(
                "enforcement.hearing_threshold_invalid", "听证的较大数额罚款须为 1000 元到 100 万元。", field: "hearingFineThresholdFen")
        }
        return s
    }
}

/// What an inquiry notice (询问通知书) asks: when, where, and what to bring.
public struct InquiryRequest: Sendable, Hashable {
    public var at: String
    public var place: String
    public var materials: String
    public init(at: String, place: String, materials: String) {
        self.at = at
        self.place = place
        self.materials = materials
    }
}

/// What a document says beyond its records: the issuer, the settings in force at issue, the documents it refers to.
/// Captured into the fields, so a later change of settings never alters an issued document.
public struct DocumentContext: Sendable {
    public var authority: String
    public var settings: EnforcementSettings
    public var today: String
    /// The last rectification order of the inspection (for the 复查意见书), or the case's decision (for the 催缴).
    public var referencedNumber: String?
    public var referencedDay: String?
    public var inquiry: InquiryRequest?
    public var contact: String?
    /// The officer recording: "王强（执法证号 …）".
    public var officer: String?
    /// A 送达回执's document, when it is not the 行政处罚决定书 (the 告知书 served at the notice step).
    public var referencedTitle: String?

    public init(
        authority: String, settings: EnforcementSettings, today: String, referencedNumber: String? = nil, referencedDay: String? = nil,
        inquiry: InquiryRequest? = nil, contact: String? = nil, officer: String? = nil
    ) {
        self.officer = officer
        self.authority = authority
        self.settings = settings
        self.today = today
        self.referencedNumber = referencedNumber
        self.referencedDay = referencedDay
        self.inquiry = inquiry
        self.contact = contact
    }
}

/// What each document says, from the records it is issued on. Pure: the same records give the same text.
public enum DocumentContent {
    /// The labels of the stored fields; `DocumentLayout` places each one.
    public enum Label {
        public static let authority = "发文机关", reviewAuthority = "复议机关", court = "诉讼法院", paymentAccount = "罚款缴纳"
        public static let party = "被检查单位", creditCode = "统一社会信用代码", address = "地址", representative = "法定代表人（负责人）", phone = "联系电话"
        public static let inspectedOn = "检查时间", inspectors = "执法人员及执法证号", jointDepartments = "联合检查部门", checklist = "检查依据"
        public static let summary = "检查情况", findings = "发现的问题", ordered = "责令整改事项", measures = "现场处理措施", opinion = "复查意见"
        public static let orderNumber = "原指令书文号", orderDate = "原指令书日期"
        public static let caseTitle = "案由", caseSource = "案件来源", openedOn = "立案日期", violationSummary = "违法事实摘要", violation = "违法事实"
        public static let provisions = "违反的规定", penaltyBasis = "处罚依据", penalty = "处罚内容", dueDate = "缴纳期限"
        public static let decidedOn = "处理决定日期", outcome = "处理结果", execution = "执行情况", decisionNumber = "处罚决定书文号", outstanding = "未缴金额"
        public static let inquiryAt = "询问时间", inquiryPlace = "询问地点", inquiryMaterials = "携带材料", contact = "联系人"
        public static let measureCodes = "措施代码", measureNotes = "措施具体内容", seized = "查封扣押物品清单"
        public static let recordedOn = "时间", place = "地点", person = "被询问人", officer = "执法人员", content = "记录内容"
        public static let witness = "当事人或见证人", hearingRight = "听证权利", statementDays = "陈述申辩期限", opinion2 = "经办人意见"
        public static let statement = "陈述申辩内容", adopted = "复核结果", answer = "复核意见", hearingAt = "听证时间", host = "听证主持人"
        public static let participants = "主持人及参加人员", conclusion = "讨论结论", hearings = "陈述申辩及听证情况", paymentDays = "缴纳期限（日）"
        public static let servedDocument = "送达文书", servedTo = "受送达人", servedOn = "送达日期", serviceMethod = "送达方式"
        public static let surcharge = "加处罚款", approvedDue = "批准的缴纳期限", arrangement = "延期（分期）安排", approver = "批准人"
        public static let reminderServedOn = "催告书送达日期", appealEnds = "复议诉讼期限届满日", closingReason = "结案理由"
    }

    /// 1…99 in Chinese numerals, as letters write periods: 5 → "五", 15 → "十五", 30 → "三十".
    public static func chineseNumber(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard (1...99).contains(n) else { return String(n) }
        if n < 10 { return digits[n] }
        return (n / 10 == 1 ? "" : digits[n / 10]) + "十" + (n % 10 == 0 ? "" : digits[n % 10])
    }

    /// "2026年12月10日".
    public static func chineseDate(_ day: Day) -> String { "\(day.year)年\(day.month)月\(day.dayOfMonth)日" }

    public static func chineseDate(_ day: String) -> String {
        let p = day.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return day }
        return "\(p[0])年\(p[1])月\(p[2])日"
    }

    static func party(_ e: Enterprise, _ c: DocumentContext) -> [DocumentField] {
        [
            DocumentField(Label.authority, c.authority), DocumentField(Label.party, e.profile.name),
            DocumentField(Label.creditCode, e.profile.creditCode ?? "—"),
            DocumentField(Label.address, e.profile.address ?? "—"),
            DocumentField(Label.representative, e.profile.legalRepresentative ?? e.profile.principal ?? "—"),
            DocumentField(Label.phone, e.profile.safetyOfficerPhone ?? "—"),
        ]
    }

    static func remedies(_ c: DocumentContext) -> [DocumentField] {
        [DocumentField(Label.reviewAuthority, c.settings.reviewAuthority), DocumentField(Label.court, c.settings.court)]
    }

    static func inspectors(_ i: Inspection) -> DocumentField {
        DocumentField(Label.inspectors, i.inspectors.map { "\($0.name)（执法证号 \($0.certificateNumber)）" }.joined(separator: "、"))
    }

    static func list(_ hazards: [Hazard], deadline: Bool) -> String {
        hazards.enumerated().map { index, h in
            var line = "\(index + 1). \(h.description)"
            if let place = h.location { line += "（\(place)）" }
            if h.state.isMajor { line += "【重大事故隐患】" }
            if deadline, let due = h.state.dueDate { line += "，限于\(chineseDate(due))前整改完毕" }
            if let basis = h.basis { line += "。依据：\(basis)" }
            return line
        }.joined(separator: "\n")
    }

    /// The fields of an inspection-chain document.
    public static func inspectionFields(
        kind: DocumentKind, enterprise e: Enterprise, inspection i: Inspection, hazards: [Hazard], reinspected: Set<UUID> = [],
        measures: String?, onSiteMeasures: [OnSiteMeasure] = [], seizedItems: [SeizedItem] = [],
        context c: DocumentContext
    ) throws -> [DocumentField] {
        var fields = party(e, c)
        switch kind {
        case .inspectionRecord:
            fields += [
                DocumentField(Label.inspectedOn, chineseDate(i.inspectedOn)), inspectors(i),
                DocumentField(Label.jointDepartments, i.jointDepartments ?? "—"),
                DocumentField(Label.checklist, i.checklist.map { "《\($0.name)》第 \($0.version) 版" } ?? "现场检查"),
                DocumentField(Label.summary, i.summary.isEmpty ? "—" : i.summary),
                DocumentField(Label.findings, hazards.isEmpty ? "未发现问题" : list(hazards, deadline: false)),
            ]
        case .rectificationOrder:
            // Every hazard of the inspection is ordered in it: one still without a deadline blocks the order, named,
            // instead of being left out of it silently.
            let unordered = hazards.filter { $0.state.status == .found }
            guard unordered.isEmpty else {
                let names = unordered.map { "“\($0.description.count > 40 ? $0.description.prefix(40) + "…" : $0.description)”" }
                throw AnlanError(
                    .conflict, code: "document.hazard_without_deadline",
                    message: "下列隐患尚未下达整改期限，请先在隐患页面责令整改后再出具责令限期整改指令书：\(names.joined(separator: "、"))。")
            }
            let ordered = hazards.filter { $0.state.status != .found && $0.state.dueDate != nil }
            guard !ordered.isEmpty else {
                throw AnlanError(.conflict, code: "document.nothing_ordered", message: "该检查没有已下达整改期限的隐患，不能出具责令限期整改指令书。")
            }
            fields +=
                [
                    DocumentField(Label.inspectedOn, chineseDate(i.inspectedOn)), inspectors(i),
                    DocumentField(Label.ordered, list(ordered, deadline: true)),
                ] + remedies(c)
        case .onSiteMeasures:
            guard !onSiteMeasures.isEmpty else {
                throw AnlanError.invalid("document.measures_required", "请选择至少一项现场处理措施。", field: "onSiteMeasures")
            }
            let seizes = onSiteMeasures.contains(where: \.isSeizure)
            if onSiteMeasures.contains(.seize) && seizedItems.isEmpty {
                throw AnlanError.invalid("document.seized_items_required", "查封、扣押须列明物品（名称|规格|数量|单位）。", field: "seizedItems")
            }
            let notes = (measures ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let decided = onSiteMeasures.enumerated().map { "\($0.offset + 1). \($0.element.title)（依据\($0.element.basis)）" }
            fields +=
                [
                    DocumentField(Label.inspectedOn, chineseDate(i.inspectedOn)), inspectors(i),
                    DocumentField(Label.findings, list(hazards, deadline: false)),
                    DocumentField(Label.measures, (decided + (notes.isEmpty ? [] : ["具体内容：" + notes])).joined(separator: "\n")),
                    DocumentField(Label.measureCodes, onSiteMeasures.map(\.rawValue).joined(separator: ",")),
                    DocumentField(Label.measureNotes, notes),
                ] + remedies(c)
            if seizes && !seizedItems.isEmpty {
                fields.append(
                    DocumentField(
                        Label.seized, seizedItems.enumerated().map { "\($0.offset + 1). \($0.element.text)" }.joined(separator: "\n")))
            }
        case .reinspectionOpinion:
            let closed = hazards.filter { reinspected.contains($0.id) && $0.state.status == .closed }
            let reordered = hazards.filter { reinspected.contains($0.id) && $0.state.status == .ordered }
            // 挂牌督办 hazards that passed: closed only when their supervising leader signs off.
            let toSignOff = hazards.filter { reinspected.contains($0.id) && $0.state.status == .awaitingSignOff }
            guard !closed.isEmpty || !reordered.isEmpty || !toSignOff.isEmpty else {
                throw AnlanError(.conflict, code: "document.nothing_reinspected", message: "该检查的隐患尚未复查，不能出具整改复查意见书。")
            }
            fields += [
                inspectors(i),
                DocumentField(
                    Label.opinion,
                    [
                        closed.isEmpty ? nil : "下列问题已整改完毕，予以销号：\n" + list(closed, deadline: false),
                        toSignOff.isEmpty ? nil : "下列挂牌督办的重大事故隐患经复查已整改完毕，报督办领导审批销号：\n" + list(toSignOff, deadline: false),
                        reordered.isEmpty ? nil : "下列问题未整改完毕，重新责令整改：\n" + list(reordered, deadline: true),
                    ].compactMap { $0 }.joined(separator: "\n")),
            ]
            if let number = c.referencedNumber, let day = c.referencedDay {
                fields += [DocumentField(Label.orderNumber, number), DocumentField(Label.orderDate, chineseDate(day))]
            }
        default:
            throw AnlanError.invalid("document.kind_invalid", "\(kind.title)属于案件文书，须在案件中出具。", field: "kind")
        }
        return fields
    }

    /// The fields of a case-chain document.
    public static func caseFields(kind: DocumentKind, enterprise e: Enterprise, case k: EnforcementCase, context c: DocumentContext) throws
        -> [DocumentField]
    {
        var fields = [DocumentField(Label.caseTitle, k.title)] + party(e, c)
        func decided() throws -> String {
            guard let penalty = k.penaltyText else {
                throw AnlanError(.conflict, code: "document.fine_required", message: "请先在案件中确定罚款金额（可为 0），再出具\(kind.title)。")
            }
            return penalty
        }
        switch kind {
        case .caseFiling:
            fields += [
                DocumentField(Label.caseSource, k.inspectionID == nil ? "其他" : "监督检查"),
                DocumentField(Label.openedOn, chineseDate(k.openedOn)),
                DocumentField(Label.violationSummary, k.violation),
            ]
        case .inquiryNotice:
            guard let q = c.inquiry else { throw AnlanError.invalid("document.inquiry_required", "请填写询问时间、地点和须携带的材料。", field: "inquiryAt") }
            let place = q.place.trimmingCharacters(in: .whitespacesAndNewlines),
                materials = q.materials.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let at = inquiryTime(q.at), at.day >= c.today else {
                throw AnlanError.invalid("document.inquiry_time_invalid", "询问时间须为今天或以后的日期和时间（如 2026-12-01T09:30）。", field: "inquiryAt")
            }
            guard (2...100).contains(place.codePoints) else {
                throw AnlanError.invalid("document.inquiry_place_invalid", "请填写询问地点（2–100 字）。", field: "inquiryPlace")
            }
            guard (2...500).contains(materials.codePoints) else {
                throw AnlanError.invalid("document.inquiry_materials_invalid", "请填写须携带的材料（2–500 字）。", field: "inquiryMaterials")
            }
            fields += [
                DocumentField(Label.inquiryAt, at.text), DocumentField(Label.inquiryPlace, place),
                DocumentField(Label.inquiryMaterials, materials),
                DocumentField(Label.contact, c.contact ?? ""),
            ]
        default:
            throw kind.isCaseDocument
                ? DocumentErrors.issuedByStep(kind)
                : AnlanError.invalid("document.kind_invalid", "\(kind.title)属于检查文书，须在检查中出具。", field: "kind")
        }
        return fields
    }

    /// The fields of a document a case step issues, from the step and the case's procedure so far.
    public static func stepFields(
        kind: DocumentKind, enterprise e: Enterprise, case k: EnforcementCase, procedure p: CaseProcedure, record r: CaseStepRecord,
        context c: DocumentContext
    ) -> [DocumentField] {
        var fields = [DocumentField(Label.caseTitle, k.title)] + party(e, c)
        let input = r.input
        let proposed = p.proposal ?? CaseStepInput()
        let decided = p.decision ?? proposed
        func legal(_ x: CaseStepInput) -> [DocumentField] {
            [DocumentField(Label.provisions, x.provisions ?? ""), DocumentField(Label.penaltyBasis, x.penaltyBasis ?? "")]
        }
        let officer = DocumentField(Label.officer, c.officer ?? "")
        let hearing = p.last(.hearingNotice)?.input
        let hearingFields = [
            DocumentField(Label.hearingAt, hearing?.at.flatMap(inquiryTime)?.text ?? ""),
            DocumentField(Label.inquiryPlace, hearing?.place ?? ""),
            DocumentField(Label.host, hearing?.person ?? ""),
        ]
        let decisionRef = [
            DocumentField(Label.decisionNumber, c.referencedNumber ?? ""),
            DocumentField(Label.decidedOn, (p.last(.decision)?.day).map(chineseDate) ?? ""),
        ]
        switch kind {
        case .inquiryRecord, .surveyRecord:
            fields += [
                DocumentField(Label.recordedOn, chineseDate(r.day)), DocumentField(Label.place, input.place ?? ""),
                DocumentField(kind == .inquiryRecord ? Label.person : Label.witness, input.person ?? ""), officer,
                DocumentField(Label.content, input.text ?? ""),
            ]
        case .caseApproval:
            fields += [
                DocumentField(Label.violation, k.violation), DocumentField(Label.penalty, CaseProcedure.penaltyText(proposed) ?? ""),
            ]
            fields +=
                legal(proposed) + [
                    DocumentField(Label.hearingRight, p.hearingEligible ? "拟作出的处罚符合听证条件，应当告知当事人有要求听证的权利" : "不符合听证条件"),
                    DocumentField(Label.opinion2, input.text ?? ""),
                ]
        case .penaltyNotice, .hearingRightsNotice:
            fields += [
                DocumentField(Label.violation, k.violation), DocumentField(Label.penalty, CaseProcedure.penaltyText(proposed) ?? ""),
            ]
            fields +=
                legal(proposed) + [
                    DocumentField(Label.statementDays, chineseNumber(c.settings.statementDays)),
                    DocumentField(Label.contact, c.contact ?? ""),
                ]
        case .statementRecord:
            fields += [
                DocumentField(Label.recordedOn, chineseDate(r.day)), officer, DocumentField(Label.statement, input.text ?? ""),
                DocumentField(Label.adopted, input.adopted == true ? "采纳" : "不予采纳"), DocumentField(Label.answer, input.answer ?? ""),
            ]
        case .hearingNotice:
            fields += [
                DocumentField(Label.hearingAt, input.at.flatMap(inquiryTime)?.text ?? ""),
                DocumentField(Label.inquiryPlace, input.place ?? ""),
                DocumentField(Label.host, input.person ?? ""), DocumentField(Label.contact, c.contact ?? ""),
            ]
        case .hearingRecord:
            fields += hearingFields + [officer, DocumentField(Label.content, input.text ?? "")]
        case .hearingReport:
            fields +=
                hearingFields + [
                    DocumentField(Label.penalty, CaseProcedure.penaltyText(proposed) ?? ""), DocumentField(Label.content, input.text ?? ""),
                ]
        case .discussionRecord:
            fields += [
                DocumentField(Label.recordedOn, chineseDate(r.day)), DocumentField(Label.participants, input.person ?? ""),
                DocumentField(Label.penalty, CaseProcedure.penaltyText(proposed) ?? ""), DocumentField(Label.content, input.text ?? ""),
                DocumentField(Label.conclusion, input.answer ?? ""),
            ]
        case .penaltyDecision:
            fields += [DocumentField(Label.violation, k.violation), DocumentField(Label.penalty, CaseProcedure.penaltyText(input) ?? "")]
            fields +=
                legal(input) + remedies(c) + [
                    DocumentField(Label.hearings, hearingSummary(p)), DocumentField(Label.paymentAccount, c.settings.paymentAccount),
                    DocumentField(Label.paymentDays, chineseNumber(c.settings.paymentDays)),
                ]
        case .serviceReceipt:
            fields += [
                DocumentField(Label.servedDocument, "《\(c.referencedTitle ?? "行政处罚决定书")》（文号：\(c.referencedNumber ?? "")）"),
                DocumentField(Label.servedTo, input.servedTo ?? input.person ?? ""),
                DocumentField(Label.servedOn, chineseDate(r.day)), DocumentField(Label.serviceMethod, input.method ?? ""),
            ]
        case .paymentDeferral:
            fields +=
                decisionRef + [
                    DocumentField(Label.penalty, CaseProcedure.penaltyText(decided) ?? ""),
                    DocumentField(Label.approvedDue, input.dueOn.map(chineseDate) ?? ""),
                    DocumentField(
                        Label.arrangement,
                        ([input.text ?? ""]
                            + (input.instalments ?? []).enumerated().map { index, i in
                                "第\(chineseNumber(index + 1))期：\(chineseDate(i.dueOn))前缴纳\(Money.yuan(i.amountFen))元"
                            }).filter { !$0.isEmpty }.joined(separator: "\n")),
                    DocumentField(Label.paymentAccount, c.settings.paymentAccount),
                ]
        case .fineReminder:
            fields +=
                decisionRef + [
                    DocumentField(Label.penalty, CaseProcedure.penaltyText(decided) ?? ""),
                    DocumentField(Label.dueDate, p.dueOn.map(chineseDate) ?? ""),
                    DocumentField(Label.outstanding, Money.yuan(p.outstandingPrincipalFen)),
                    DocumentField(Label.surcharge, Money.yuan(p.outstandingSurchargeFen(on: r.day))),
                    DocumentField(Label.recordedOn, chineseDate(r.day)), DocumentField(Label.paymentAccount, c.settings.paymentAccount),
                ] + remedies(c)
        case .enforcementApplication:
            fields +=
                decisionRef + [
                    DocumentField(Label.penalty, CaseProcedure.penaltyText(decided) ?? ""),
                    DocumentField(Label.servedOn, p.servedOn.map(chineseDate) ?? ""),
                    DocumentField(Label.reminderServedOn, p.last(.reminder).map { chineseDate($0.day) } ?? ""),
                    DocumentField(Label.appealEnds, p.appealEnds.map(chineseDate) ?? ""),
                    DocumentField(Label.outstanding, Money.yuan(p.outstandingPrincipalFen)),
                    DocumentField(Label.surcharge, Money.yuan(p.outstandingSurchargeFen(on: r.day))),
                ] + remedies(c)
        case .caseClosing:
            var execution: String
            if p.has(.enforcement) {
                execution = "已于\(p.last(.enforcement).map { chineseDate($0.day) } ?? "")申请人民法院强制执行"
            } else if p.fineFen > 0 {
                execution =
                    "罚款\(Money.yuan(p.paidPrincipalFen))元已缴清" + (p.paidSurchargeFen > 0 ? "，加处罚款\(Money.yuan(p.paidSurchargeFen))元已缴清" : "")
            } else {
                execution = "无罚款"
            }
            if let until = decided.suspensionUntil { execution += "；责令停产停业整顿至\(chineseDate(until))，已执行完毕" }
            fields += [
                DocumentField(Label.openedOn, chineseDate(k.openedOn)),
                DocumentField(Label.decidedOn, (p.last(.decision)?.day).map(chineseDate) ?? ""),
                DocumentField(Label.outcome, CaseProcedure.penaltyText(decided) ?? "不予处罚"), DocumentField(Label.execution, execution),
                DocumentField(Label.closingReason, input.text ?? ""),
            ]
        default: break
        }
        return fields
    }

    /// What the decision says of the party's statement and hearing (Art. 44, 45, 65).
    static func hearingSummary(_ p: CaseProcedure) -> String {
        var parts: [String] = []
        if p.has(.waiver) { parts.append("当事人书面放弃了陈述、申辩\(p.hearingEligible ? "和听证" : "")的权利。") }
        for s in p.all(.statement) {
            func sentence(_ t: String?) -> String {
                var t = (t ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                while let last = t.last, "。．.；;，,".contains(last) { t.removeLast() }
                return t + "。"
            }
            parts.append(
                "当事人提出陈述、申辩：\(sentence(s.input.text))经复核，"
                    + ((s.input.answer ?? "").contains("采纳")
                        ? sentence(s.input.answer) : "\(s.input.adopted == true ? "予以采纳" : "不予采纳")：\(sentence(s.input.answer))"))
        }
        if let report = p.last(.hearingReport) { parts.append("本机关于\(chineseDate(p.last(.hearingRecord)?.day ?? report.day))依法举行了听证。") }
        if parts.isEmpty { parts.append("当事人在规定期限内未提出陈述、申辩\(p.hearingEligible ? "，也未要求听证" : "")。") }
        return parts.joined(separator: "\n")
    }

    /// "2026-11-20T09:30" → its day and "2026年11月20日9时30分"; nil unless a real day and time.
    static func inquiryTime(_ text: String) -> (day: String, text: String)? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "T")
        guard parts.count == 2, Timestamp.isDay(String(parts[0])) else { return nil }
        let hm = parts[1].split(separator: ":").map { Int($0) }
        guard hm.count == 2, let h = hm[0], let m = hm[1], (0...23).contains(h), (0...59).contains(m), parts[1].count == 5 else {
            return nil
        }
        let day = String(parts[0])
        return (day, chineseDate(day) + "\(h)时" + (m == 0 ? "" : "\(m)分"))
    }
}
