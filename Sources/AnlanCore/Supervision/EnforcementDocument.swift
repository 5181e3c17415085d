import Foundation

/// The enforcement documents (执法文书) Anlan issues (RULES §6), each with its 代字 in the number.
public enum DocumentKind: String, Sendable, Codable, CaseIterable {
    case inspectionRecord, rectificationOrder, onSiteMeasures, reinspectionOpinion
    case caseFiling, penaltyNotice, penaltyDecision, caseClosing

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
        }
    }

    /// Documents of the case chain, in order; the others belong to an inspection.
    public var isCaseDocument: Bool {
        switch self {
        case .caseFiling, .penaltyNotice, .penaltyDecision, .caseClosing: true
        default: false
        }
    }
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
        guard (1...4).contains(name.count) else {
            throw AnlanError.invalid("numbering.county_invalid", "县简称须为 1–4 个字。", field: "countyShortName")
        }
        for (key, value) in codes {
            guard DocumentKind(rawValue: key) != nil, (1...6).contains(value.count) else {
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
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole < 1_000_000_000, parts[0].allSatisfy(\.isNumber) else { return nil }
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
        id: UUID, kind: DocumentKind, year: Int, sequence: Int, number: String, enterpriseID: UUID, divisionCode: String, inspectionID: UUID?,
        caseID: UUID?, correctsID: UUID?, fields: [DocumentField], issuedBy: String?, issuedAt: Date, voidedAt: Date? = nil, voidReason: String? = nil
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

    public init(
        id: UUID, enterpriseID: UUID, divisionCode: String, inspectionID: UUID?, title: String, violation: String, status: Status, fineFen: Int?,
        paidFen: Int, fineDueOn: String?, suspensionUntil: String?, openedOn: String, closedOn: String?
    ) {
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
    }

    /// 未缴 / 部分缴纳 / 已缴清, or nil without a fine.
    public var paymentStatus: String? {
        guard let fine = fineFen, fine > 0 else { return nil }
        if paidFen >= fine { return "已缴清" }
        return paidFen > 0 ? "部分缴纳" : "未缴"
    }
}

/// What each document says, from the records it is issued on. Pure: the same records give the same text.
public enum DocumentContent {
    public static func chineseDate(_ day: String) -> String {
        let p = day.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return day }
        return "\(p[0])年\(p[1])月\(p[2])日"
    }

    static func party(_ e: Enterprise) -> [DocumentField] {
        [
            DocumentField("被检查单位", e.profile.name), DocumentField("统一社会信用代码", e.profile.creditCode ?? "—"),
            DocumentField("地址", e.profile.address ?? "—"), DocumentField("法定代表人（负责人）", e.profile.legalRepresentative ?? e.profile.principal ?? "—"),
            DocumentField("联系电话", e.profile.safetyOfficerPhone ?? "—"),
        ]
    }

    static func inspectors(_ i: Inspection) -> DocumentField {
        DocumentField("执法人员及执法证号", i.inspectors.map { "\($0.name)（\($0.certificateNumber)）" }.joined(separator: "、"))
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
        kind: DocumentKind, enterprise e: Enterprise, inspection i: Inspection, hazards: [Hazard], reinspected: Set<UUID> = [], measures: String?
    ) throws -> [DocumentField] {
        var fields = party(e)
        switch kind {
        case .inspectionRecord:
            fields += [
                DocumentField("检查时间", chineseDate(i.inspectedOn)), inspectors(i),
                DocumentField("联合检查部门", i.jointDepartments ?? "—"),
                DocumentField("检查依据", i.checklist.map { "《\($0.name)》第 \($0.version) 版" } ?? "现场检查"),
                DocumentField("检查情况", i.summary.isEmpty ? "—" : i.summary),
                DocumentField("发现的问题", hazards.isEmpty ? "未发现问题" : list(hazards, deadline: false)),
            ]
        case .rectificationOrder:
            let ordered = hazards.filter { $0.state.status != .found && $0.state.dueDate != nil }
            guard !ordered.isEmpty else {
                throw AnlanError(.conflict, code: "document.nothing_ordered", message: "该检查没有已下达整改期限的隐患，不能出具责令限期整改指令书。")
            }
            fields += [
                DocumentField("检查时间", chineseDate(i.inspectedOn)), inspectors(i),
                DocumentField("责令整改事项", "经查，你单位存在下列问题：\n" + list(ordered, deadline: true)),
                DocumentField("要求", "整改期间，你单位应当采取措施，确保安全生产。整改完毕后向本局提出复查申请。对本指令不服的，可以依法申请行政复议或者提起行政诉讼。"),
            ]
        case .onSiteMeasures:
            let text = (measures ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard (2...2000).contains(text.count) else {
                throw AnlanError.invalid("document.measures_required", "请填写现场处理措施（2–2000 字）。", field: "measures")
            }
            fields += [
                DocumentField("检查时间", chineseDate(i.inspectedOn)), inspectors(i),
                DocumentField("发现的问题", list(hazards, deadline: false)), DocumentField("现场处理措施", text),
            ]
        case .reinspectionOpinion:
            let closed = hazards.filter { reinspected.contains($0.id) && $0.state.status == .closed }
            let reordered = hazards.filter { reinspected.contains($0.id) && $0.state.status == .ordered }
            guard !closed.isEmpty || !reordered.isEmpty else {
                throw AnlanError(.conflict, code: "document.nothing_reinspected", message: "该检查的隐患尚未复查，不能出具整改复查意见书。")
            }
            fields += [
                inspectors(i),
                DocumentField("复查意见", (closed.isEmpty ? "" : "下列问题已整改完毕，予以销号：\n" + list(closed, deadline: false))
                    + (reordered.isEmpty ? "" : (closed.isEmpty ? "" : "\n") + "下列问题未整改完毕，重新责令整改：\n" + list(reordered, deadline: true))),
            ]
        default:
            throw AnlanError.invalid("document.kind_invalid", "\(kind.title)属于案件文书，须在案件中出具。", field: "kind")
        }
        return fields
    }

    /// The fields of a case-chain document.
    public static func caseFields(kind: DocumentKind, enterprise e: Enterprise, case c: EnforcementCase) throws -> [DocumentField] {
        var fields = [DocumentField("案由", c.title)] + party(e)
        switch kind {
        case .caseFiling:
            fields += [DocumentField("立案日期", chineseDate(c.openedOn)), DocumentField("违法事实摘要", c.violation)]
        case .penaltyNotice, .penaltyDecision:
            guard let fine = c.fineFen else {
                throw AnlanError(.conflict, code: "document.fine_required", message: "请先在案件中确定罚款金额（可为 0），再出具\(kind.title)。")
            }
            fields += [DocumentField("违法事实", c.violation), DocumentField("罚款金额", "人民币 \(Money.yuan(fine)) 元")]
            if let until = c.suspensionUntil { fields.append(DocumentField("责令停产停业整顿", "至\(chineseDate(until))")) }
            if kind == .penaltyNotice {
                fields.append(DocumentField("告知", "根据《中华人民共和国行政处罚法》，你单位有权进行陈述和申辩，可在收到本告知书之日起五日内提出。"))
            } else if let due = c.fineDueOn {
                fields.append(DocumentField("缴纳期限", "于\(chineseDate(due))前缴纳"))
            }
        case .caseClosing:
            guard c.status != .open else { throw AnlanError(.conflict, code: "document.case_open", message: "案件尚未作出处理决定，不能结案。") }
            fields += [
                DocumentField("处理结果", c.fineFen.map { "罚款人民币 \(Money.yuan($0)) 元" } ?? "不予处罚"),
                DocumentField("执行情况", c.paymentStatus ?? "无罚款"),
            ]
        default:
            throw AnlanError.invalid("document.kind_invalid", "\(kind.title)属于检查文书，须在检查中出具。", field: "kind")
        }
        return fields
    }
}
