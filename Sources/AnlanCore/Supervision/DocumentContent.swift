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
    /// An extension must be requested at least this many days before the deadline (RULES §6, unverified; default 10; 0: no limit).
    public var extensionLeadDays: Int
    /// An extension request is answered within this many days (RULES §6, unverified; default 5).
    public var extensionAnswerDays: Int

    public init(
        reviewAuthority: String, court: String, paymentAccount: String = "", reinspectionDays: Int = 10, extensionLeadDays: Int = 10,
        extensionAnswerDays: Int = 5
    ) {
        self.reviewAuthority = reviewAuthority
        self.court = court
        self.paymentAccount = paymentAccount
        self.reinspectionDays = reinspectionDays
        self.extensionLeadDays = extensionLeadDays
        self.extensionAnswerDays = extensionAnswerDays
    }

    /// The defaults for a county: its people's government and its court.
    public static func defaults(county: String) -> EnforcementSettings {
        EnforcementSettings(reviewAuthority: county + "人民政府", court: county + "人民法院")
    }

    public func validated() throws -> EnforcementSettings {
        var s = self
        s.reviewAuthority = reviewAuthority.trimmingCharacters(in: .whitespacesAndNewlines)
        s.court = court.trimmingCharacters(in: .whitespacesAndNewlines)
        s.paymentAccount = paymentAccount.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...60).contains(s.reviewAuthority.count) else {
            throw AnlanError.invalid("enforcement.review_authority_invalid", "行政复议机关须为 2–60 个字。", field: "reviewAuthority")
        }
        guard (2...60).contains(s.court.count) else {
            throw AnlanError.invalid("enforcement.court_invalid", "人民法院名称须为 2–60 个字。", field: "court")
        }
        guard s.paymentAccount.count <= 200 else {
            throw AnlanError.invalid("enforcement.payment_account_invalid", "罚款缴纳方式不能超过 200 个字。", field: "paymentAccount")
        }
        for (value, field, label) in [
            (reinspectionDays, "reinspectionDays", "复查期限"), (extensionLeadDays, "extensionLeadDays", "延期申请提前天数"),
            (extensionAnswerDays, "extensionAnswerDays", "延期审批期限"),
        ] where !(0...90).contains(value) {
            throw AnlanError.invalid("enforcement.days_invalid", "\(label)须为 0–90 天。", field: field)
        }
        guard reinspectionDays > 0, extensionAnswerDays > 0 else {
            throw AnlanError.invalid(
                "enforcement.days_invalid", "复查期限和延期审批期限须至少 1 天。", field: reinspectionDays > 0 ? "extensionAnswerDays" : "reinspectionDays")
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

    public init(
        authority: String, settings: EnforcementSettings, today: String, referencedNumber: String? = nil, referencedDay: String? = nil,
        inquiry: InquiryRequest? = nil, contact: String? = nil
    ) {
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
        measures: String?,
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
            let text = (measures ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard (2...2000).contains(text.count) else {
                throw AnlanError.invalid("document.measures_required", "请填写现场处理措施（2–2000 字）。", field: "measures")
            }
            fields +=
                [
                    DocumentField(Label.inspectedOn, chineseDate(i.inspectedOn)), inspectors(i),
                    DocumentField(Label.findings, list(hazards, deadline: false)), DocumentField(Label.measures, text),
                ] + remedies(c)
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
        let legal = [DocumentField(Label.provisions, k.provisions ?? ""), DocumentField(Label.penaltyBasis, k.penaltyBasis ?? "")]
        switch kind {
        case .caseFiling:
            fields += [
                DocumentField(Label.caseSource, k.inspectionID == nil ? "其他" : "监督检查"),
                DocumentField(Label.openedOn, chineseDate(k.openedOn)),
                DocumentField(Label.violationSummary, k.violation),
            ]
        case .penaltyNotice:
            fields += [DocumentField(Label.violation, k.violation), DocumentField(Label.penalty, try decided())] + legal
        case .penaltyDecision:
            fields += [DocumentField(Label.violation, k.violation), DocumentField(Label.penalty, try decided())] + legal + remedies(c)
            fields.append(DocumentField(Label.paymentAccount, c.settings.paymentAccount))
            if let due = k.fineDueOn { fields.append(DocumentField(Label.dueDate, chineseDate(due))) }
        case .caseClosing:
            guard k.status != .open else { throw AnlanError(.conflict, code: "document.case_open", message: "案件尚未作出处理决定，不能结案。") }
            fields += [
                DocumentField(Label.openedOn, chineseDate(k.openedOn)), DocumentField(Label.decidedOn, k.decidedOn.map(chineseDate) ?? ""),
                DocumentField(Label.outcome, k.penaltyText ?? "不予处罚"), DocumentField(Label.execution, k.paymentStatus ?? "无罚款"),
            ]
        case .inquiryNotice:
            guard let q = c.inquiry else { throw AnlanError.invalid("document.inquiry_required", "请填写询问时间、地点和须携带的材料。", field: "inquiryAt") }
            let place = q.place.trimmingCharacters(in: .whitespacesAndNewlines),
                materials = q.materials.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let at = inquiryTime(q.at), at.day >= c.today else {
                throw AnlanError.invalid("document.inquiry_time_invalid", "询问时间须为今天或以后的日期和时间（yyyy-MM-ddTHH:mm）。", field: "inquiryAt")
            }
            guard (2...100).contains(place.count) else {
                throw AnlanError.invalid("document.inquiry_place_invalid", "请填写询问地点（2–100 字）。", field: "inquiryPlace")
            }
            guard (2...500).contains(materials.count) else {
                throw AnlanError.invalid("document.inquiry_materials_invalid", "请填写须携带的材料（2–500 字）。", field: "inquiryMaterials")
            }
            fields += [
                DocumentField(Label.inquiryAt, at.text), DocumentField(Label.inquiryPlace, place),
                DocumentField(Label.inquiryMaterials, materials),
                DocumentField(Label.contact, c.contact ?? ""),
            ]
        case .fineReminder:
            guard let fine = k.fineFen, fine > k.paidFen, k.status == .decided, let due = k.fineDueOn else {
                throw AnlanError(.conflict, code: "document.nothing_outstanding", message: "该案件没有未缴清的罚款，不能出具罚款催缴通知书。")
            }
            guard due < c.today else {
                throw AnlanError(.conflict, code: "document.fine_not_due", message: "罚款缴纳期限（\(due)）尚未届满，不能催缴。")
            }
            guard let number = c.referencedNumber else {
                throw AnlanError(.conflict, code: "document.decision_required", message: "请先出具行政处罚决定书，再催缴罚款。")
            }
            fields += [
                DocumentField(Label.penalty, try decided()), DocumentField(Label.decisionNumber, number),
                DocumentField(Label.decidedOn, (k.decidedOn ?? c.referencedDay).map(chineseDate) ?? ""),
                DocumentField(Label.dueDate, chineseDate(due)),
                DocumentField(Label.outstanding, Money.yuan(fine - k.paidFen)),
                DocumentField(Label.paymentAccount, c.settings.paymentAccount),
            ]
        default:
            throw AnlanError.invalid("document.kind_invalid", "\(kind.title)属于检查文书，须在检查中出具。", field: "kind")
        }
        return fields
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
