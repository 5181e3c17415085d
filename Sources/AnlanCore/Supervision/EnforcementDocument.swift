import Foundation

/// The enforcement documents (执法文书) Anlan issues (RULES §6), each with its 代字 in the number.
public enum DocumentKind: String, Sendable, Codable, CaseIterable {
    case inspectionRecord, rectificationOrder, onSiteMeasures, reinspectionOpinion
    case caseFiling, penaltyNotice, penaltyDecision, caseClosing
    case inquiryNotice, fineReminder
    case inquiryRecord, surveyRecord, caseApproval, hearingRightsNotice, statementRecord, hearingNotice, hearingRecord, hearingReport
    case discussionRecord, serviceReceipt, paymentDeferral, enforcementApplication

    /// The document's title as printed.
    public var title: String {
        switch self {
        case .inspectionRecord: "现场检查记录"
        case .rectificationOrder: "责令限期整改指令书"
        case .onSiteMeasures: "现场处理措施决定书"
        case .reinspectionOpinion: "整改复查意见书"
        case .caseFiling: "立案审批表"
        case .penaltyNotice: "行政处罚告知书"
        case .penaltyDecision: "行政处罚决定书"
        case .caseClosing: "结案审批表"
        case .inquiryNotice: "询问通知书"
        // 行政强制法 Art. 35 names it 催告书.
        case .fineReminder: "催告书"
        case .inquiryRecord: "询问笔录"
        case .surveyRecord: "勘验笔录"
        case .caseApproval: "案件处理呈批表"
        case .hearingRightsNotice: "听证告知书"
        case .statementRecord: "当事人陈述申辩笔录"
        case .hearingNotice: "听证会通知书"
        case .hearingRecord: "听证笔录"
        case .hearingReport: "听证会报告书"
        case .discussionRecord: "行政处罚集体讨论记录"
        case .serviceReceipt: "送达回执"
        case .paymentDeferral: "延期（分期）缴纳罚款批准书"
        case .enforcementApplication: "强制执行申请书"
        }
    }

    /// Default 代字 (RULES §6); a bureau may change them in its numbering settings.
    public var defaultCode: String {
        switch self {
        case .inspectionRecord: "检记"
        case .rectificationOrder: "责改"
        case .onSiteMeasures: "现决"
        case .reinspectionOpinion: "复查"
        case .caseFiling: "立"
        case .penaltyNotice: "罚告"
        case .penaltyDecision: "罚"
        case .caseClosing: "结"
        case .inquiryNotice: "询"
        // Not in RULES §6's table: an assumption, changed in the numbering settings like every 代字.
        case .fineReminder: "催告"
        case .inquiryRecord: "询录"
        case .surveyRecord: "勘验"
        case .caseApproval: "呈批"
        case .hearingRightsNotice: "听告"
        case .statementRecord: "陈申"
        case .hearingNotice: "听通"
        case .hearingRecord: "听录"
        case .hearingReport: "听报"
        case .discussionRecord: "集讨"
        case .serviceReceipt: "送达"
        case .paymentDeferral: "缓缴"
        case .enforcementApplication: "强执"
        }
    }

    /// Documents of the case chain, in order; the others belong to an inspection.
    public var isCaseDocument: Bool {
        switch self {
        case .inspectionRecord, .rectificationOrder, .onSiteMeasures, .reinspectionOpinion: false
        default: true
        }
    }

    /// Case documents issued by a step of the procedure (`CaseProcedure`), never on their own: the order of the
    /// steps is what makes them lawful. The filing form and inquiry notices are issued directly.
    public var isIssuedByStep: Bool { isCaseDocument && self != .caseFiling && self != .inquiryNotice }
}

/// How document numbers are written: a pattern with {county}, {code}, {year} and {n}, for example
/// "（{county}）应急{code}〔{year}〕{n}号" → （示）应急责改〔2026〕12号.
public struct DocumentNumbering: Sendable, Hashable, Codable {
    public var pattern: String
    /// The county's one-character short name (示, 宁 …).
    public var countyShortName: String
    /// 代字 per kind, overriding the defaults.
    public var codes: [String: String]

    public static let defaultPattern = "（{county}）应急{code}〔{year}〕{n}号"

    public init(pattern: String = DocumentNumbering.defaultPattern, countyShortName: String, codes: [String: String] = [:]) {
        self.pattern = pattern
        self.countyShortName = countyShortName
        self.codes = codes
    }

    public func code(for kind: DocumentKind) -> String { codes[kind.rawValue] ?? kind.defaultCode }

    public func number(kind: DocumentKind, year: Int, sequence: Int) -> String {
        pattern.replacingOccurrences(of: "{county}", with: countyShortName).replacingOccurrences(of: "{code}", with: code(for: kind))
            .replacingOccurrences(of: "{year}", with: String(year)).replacingOccurrences(of: "{n}", with: String(sequence))
    }

    public func validated() throws -> DocumentNumbering {
        guard pattern.contains("{n}"), pattern.contains("{year}"), pattern.count <= 60 else {
            throw AnlanError.invalid("numbering.pattern_invalid", "文号格式须包含 {year} 和 {n}，且不超过 60 个字符。", field: "pattern")
        }
        let name = countyShortName.trimmingCharacters(in: .whitespaces)
        guard (1...4).contains(name.codePoints) else {
            throw AnlanError.invalid("numbering.county_invalid", "县简称须为 1–4 个字。", field: "countyShortName")
        }
        for (key, value) in codes {
            guard DocumentKind(rawValue: key) != nil, (1...6).contains(value.codePoints) else {
                throw AnlanError.invalid("numbering.code_invalid", "文书代字须对应已知文书种类，且为 1–6 个字。", field: "codes")
            }
        }
        return DocumentNumbering(pattern: pattern, countyShortName: name, codes: codes)
    }
}

/// Money in 分, shown as yuan with two decimals: 1234567 → "12345.67".
public enum Money {
    public static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let v = abs(fen)
        let cents = v % 100
        return "\(sign)\(v / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Parses "12345.67" or "12345" yuan into 分; nil for anything else (more than two decimals, letters, negative).
    public static func fen(fromYuan text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole < 1_000_000_000, parts[0].allSatisfy(\.isNumber)
        else { return nil }
        var cents = 0
        if parts.count == 2 {
            let f = parts[1]
            guard (1...2).contains(f.count), f.allSatisfy(\.isNumber), let v = Int(f) else { return nil }
            cents = f.count == 1 ? v * 10 : v
        }
        return whole * 100 + cents
    }
}

/// One labelled entry of a document, in print order.
public struct DocumentField: Sendable, Hashable, Codable {
    public let label: String
    public let value: String
    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// An issued enforcement document: numbered, immutable; voided only with a reason.
public struct EnforcementDocument: Sendable, Hashable {
    public let id: UUID
    public let kind: DocumentKind
    public let year: Int
    public let sequence: Int
    public let number: String
    public let enterpriseID: UUID
    public let divisionCode: String
    public let inspectionID: UUID?
    public let caseID: UUID?
    public let correctsID: UUID?
    public let fields: [DocumentField]
    public let issuedBy: String?
    public let issuedAt: Date
    public var voidedAt: Date?
    public var voidReason: String?

    public init(
        id: UUID, kind: DocumentKind, year: Int, sequence: Int, number: String, enterpriseID: UUID, divisionCode: String,
        inspectionID: UUID?,
        caseID: UUID?, correctsID: UUID?, fields: [DocumentField], issuedBy: String?, issuedAt: Date, voidedAt: Date? = nil,
        voidReason: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.year = year
        self.sequence = sequence
        self.number = number
        self.enterpriseID = enterpriseID
        self.divisionCode = divisionCode
        self.inspectionID = inspectionID
        self.caseID = caseID
        self.correctsID = correctsID
        self.fields = fields
        self.issuedBy = issuedBy
        self.issuedAt = issuedAt
        self.voidedAt = voidedAt
        self.voidReason = voidReason
    }
}

/// An administrative case (立案 → 处罚 → 结案) with its fine in 分.
public struct EnforcementCase: Sendable, Hashable {
    /// The longest 违法事实 a case keeps; the API schema and the form read it.
    public static let violationLimit = 4000

    public enum Status: String, Sendable, Codable, CaseIterable { case open, decided, closed }
    public let id: UUID
    public let enterpriseID: UUID
    public let divisionCode: String
    public let inspectionID: UUID?
    public var title: String
    public var violation: String
    public var status: Status
    public var fineFen: Int?
    public var paidFen: Int
    public var fineDueOn: String?
    public var suspensionUntil: String?
    public let openedOn: String
    public var closedOn: String?
    /// 违反的规定: the provisions the facts break (e.g. 《中华人民共和国安全生产法》第四十一条第二款).
    public var provisions: String?
    /// 处罚依据: the provisions the penalty rests on.
    public var penaltyBasis: String?
    /// The day the decision was recorded.
    public var decidedOn: String?
    /// 加处罚款 paid (行政处罚法 Art. 72), kept apart from the fine.
    public var surchargePaidFen: Int
    /// 办案期限: the last day for the decision (立案 + the limit + approved extensions).
    public var deadlineOn: String?

    public init(
        id: UUID, enterpriseID: UUID, divisionCode: String, inspectionID: UUID?, title: String, violation: String, status: Status,
        fineFen: Int?,
        paidFen: Int, fineDueOn: String?, suspensionUntil: String?, openedOn: String, closedOn: String?, provisions: String? = nil,
        penaltyBasis: String? = nil, decidedOn: String? = nil, surchargePaidFen: Int = 0, deadlineOn: String? = nil
    ) {
        self.surchargePaidFen = surchargePaidFen
        self.deadlineOn = deadlineOn
        self.id = id
        self.enterpriseID = enterpriseID
        self.divisionCode = divisionCode
        self.inspectionID = inspectionID
        self.title = title
        self.violation = violation
        self.status = status
        self.fineFen = fineFen
        self.paidFen = paidFen
        self.fineDueOn = fineDueOn
        self.suspensionUntil = suspensionUntil
        self.openedOn = openedOn
        self.closedOn = closedOn
        self.provisions = provisions
        self.penaltyBasis = penaltyBasis
        self.decidedOn = decidedOn
    }

    /// 处罚内容 as written in the notice and the decision: the fine and any suspension.
    public var penaltyText: String? {
        guard let fine = fineFen else { return nil }
        var parts = fine > 0 ? ["罚款人民币\(Money.yuan(fine))元"] : []
        if let until = suspensionUntil { parts.append("责令停产停业整顿至\(DocumentContent.chineseDate(until))") }
        return parts.isEmpty ? "不予罚款" : parts.joined(separator: "，")
    }

    /// 未缴 / 部分缴纳 / 已缴清, or nil without a fine.
    public var paymentStatus: String? {
        guard let fine = fineFen, fine > 0 else { return nil }
        if paidFen >= fine { return "已缴清" }
        return paidFen > 0 ? "部分缴纳" : "未缴"
    }
}
