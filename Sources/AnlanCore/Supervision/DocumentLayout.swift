import Foundation

/// One cell of a form-style document's grid. Forms are laid out on four columns (label, value, label, value).
public struct DocumentCell: Sendable, Hashable {
    public let text: String
    /// Columns it spans (1–4).
    public let span: Int
    /// A printed label (bold, shaded) rather than filled-in text.
    public let isLabel: Bool
    /// Lines of height it keeps at least, so that hand-written opinions and signatures have room.
    public let minLines: Int

    public init(_ text: String, span: Int = 1, label: Bool = false, minLines: Int = 1) {
        self.text = text
        self.span = span
        self.isLabel = label
        self.minLines = minLines
    }

    public static func label(_ text: String, span: Int = 1) -> DocumentCell { DocumentCell(text, span: span, label: true) }
}

/// The building blocks of a document's fixed layout, below the authority, title and number.
public enum DocumentBlock: Sendable, Hashable {
    /// The party addressed, flush left and followed by a colon: "某某有限公司：".
    case addressee(String)
    /// A body paragraph, first line indented two characters; "\n" starts a new paragraph.
    case paragraph(String)
    /// Unindented lines (the party's particulars at the head of a decision).
    case lines([String])
    /// A bordered grid on four columns; every row's spans add up to four.
    case table([[DocumentCell]])
    /// Signature lines, each with room to sign.
    case signatures([String])
    /// The seal: the authority's name and the date, right-aligned.
    case seal(authority: String, date: String)
    /// Small print under a rule (how many copies, where they go).
    case footnote(String)
}

/// A document as printed: the same description is read by the A4 HTML page and by the Word writer, so the two
/// never differ. Built from the kind and the fields stored at issue, so an issued document always prints as it was.
public struct DocumentLayout: Sendable, Hashable {
    public let authority: String
    public let title: String
    public let number: String
    public let blocks: [DocumentBlock]

    /// A line left blank to be filled in by hand when a field is missing (documents issued before it existed).
    public static let blank = "＿＿＿＿＿＿＿＿"
    static let dateBlank = "　　年　　月　　日"

    public init(authority: String, title: String, number: String, blocks: [DocumentBlock]) {
        self.authority = authority
        self.title = title
        self.number = number
        self.blocks = blocks
    }

    /// The layout of an issued document. `currentAuthority` names the issuer only for documents stored before
    /// the authority was recorded in their fields.
    public init(_ d: EnforcementDocument, currentAuthority: String) {
        let f = Fields(d.fields)
        let authority = f.optional(DocumentContent.Label.authority) ?? currentAuthority
        let day = DocumentContent.chineseDate(Timestamp.day(d.issuedAt))
        self.init(
            authority: authority, title: d.kind.title, number: d.number, blocks: Self.blocks(d.kind, f, authority: authority, day: day))
    }

    /// Field lookup by label; a missing one prints as a blank line.
    struct Fields {
        let values: [String: String]
        init(_ fields: [DocumentField]) {
            values = Dictionary(fields.map { ($0.label, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        func optional(_ label: String) -> String? { values[label].flatMap { $0.isEmpty ? nil : $0 } }
        subscript(_ label: String) -> String { optional(label) ?? DocumentLayout.blank }
    }

    static func remedy(_ f: Fields, _ what: String) -> String {
        "如果不服本\(what)，可以依法在六十日内向\(f[DocumentContent.Label.reviewAuthority])申请行政复议，或者在六个月内依法向\(f[DocumentContent.Label.court])提起行政诉讼，但本\(what)不停止执行，法律另有规定的除外。"
    }

    static func partyRows(_ f: Fields, name: String = "被检查单位") -> [[DocumentCell]] {
        typealias L = DocumentContent.Label
        return [
            [.label(name), DocumentCell(f[L.party], span: 3)],
            [.label("统一社会信用代码"), DocumentCell(f[L.creditCode], span: 3)],
            [.label("地址"), DocumentCell(f[L.address], span: 3)],
            [.label("法定代表人（负责人）"), DocumentCell(f[L.representative]), .label("联系电话"), DocumentCell(f[L.phone])],
        ]
    }

    static func approvalRows(_ labels: [String]) -> [[DocumentCell]] {
        labels.map { [.label($0), DocumentCell("\n\n签名：　　　　　　" + dateBlank, span: 3, minLines: 4)] }
    }

    static func numbered(_ text: String) -> String {
        // Stored lists begin with a sentence of their own in older documents; the layout writes that sentence itself.
        text.split(separator: "\n").filter { !$0.hasSuffix("：") }.joined(separator: "\n")
    }

    static func blocks(_ kind: DocumentKind, _ f: Fields, authority: String, day: String) -> [DocumentBlock] {
        typealias L = DocumentContent.Label
        let seal = DocumentBlock.seal(authority: authority + "（印章）", date: day)
        let twoCopies = DocumentBlock.footnote("本文书一式两份：一份交当事人，一份归档。")
        let inspectors = f[L.inspectors]
        // How letters end: the party signs for it (case letters) or both sides sign (inspection letters), then seal and copies.
        let receipt: [DocumentBlock] = [.signatures(["当事人（签收）：　　　　　　　　" + dateBlank]), seal, twoCopies]
        func signed(_ officers: String, _ party: String) -> [DocumentBlock] {
            [.signatures(["\(officers)（签名）：\(inspectors)", "\(party)（签名）：　　　　　　　　" + dateBlank]), seal, twoCopies]
        }
        switch kind {
        case .inspectionRecord:
            return [
                .table(
                    partyRows(f) + [
                        [.label("检查时间"), DocumentCell(f[L.inspectedOn]), .label("联合检查部门"), DocumentCell(f[L.jointDepartments])],
                        [.label("检查依据"), DocumentCell(f[L.checklist], span: 3)],
                        [DocumentCell("我们是\(authority)行政执法人员\(inspectors)，这是我们的证件（出示证件）。现依法对你单位进行现场检查，请予配合。", span: 4)],
                        [DocumentCell("检查情况：\n\(f[L.summary])\n发现的问题：\n\(f[L.findings])", span: 4, minLines: 10)],
                        [
                            DocumentCell("检查人员（签名）：\n\n" + dateBlank, span: 2, minLines: 3),
                            DocumentCell("被检查单位现场负责人（签名）：\n\n" + dateBlank, span: 2, minLines: 3),
                        ],
                    ])
            ]
        case .rectificationOrder:
            return [
                .addressee(f[L.party] + "："),
                .paragraph("经查，你单位存在下列问题："), .paragraph(numbered(f[L.ordered])),
                .paragraph("现责令你单位对上述问题于所列期限前整改完毕，达到有关法律法规规章和标准规定的要求。由此造成事故的，依法追究有关人员的责任。"),
                .paragraph("整改期间，你单位应当采取措施，确保安全生产。整改完毕后，请向本机关提出复查申请。对安全生产违法行为，将依法予以行政处罚。"),
                .paragraph(remedy(f, "指令")),
            ] + signed("安全生产行政执法人员", "被检查单位负责人")
        case .onSiteMeasures:
            return [
                .addressee(f[L.party] + "："),
                .paragraph("本机关于\(f[L.inspectedOn])对你单位进行现场检查时，发现你单位存在下列问题："), .paragraph(numbered(f[L.findings])),
                .paragraph("依据有关法律、法规和规章的规定，现作出如下现场处理决定："), .paragraph(f[L.measures]),
                .paragraph(remedy(f, "决定")),
            ] + signed("安全生产行政执法人员", "被检查单位负责人")
        case .reinspectionOpinion:
            let order = f.optional(L.orderNumber).map { "本机关于\(f[L.orderDate])作出了《责令限期整改指令书》（\($0)），" } ?? "本机关"
            return [
                .addressee(f[L.party] + "："),
                .paragraph(order + "经对你单位整改情况进行复查，提出如下意见："), .paragraph(f[L.opinion]),
            ] + signed("复查人员", "被复查单位负责人")
        case .caseFiling:
            return [
                .table(
                    [
                        [.label("案件名称"), DocumentCell(f[L.caseTitle], span: 3)],
                        [.label("案件来源"), DocumentCell(f[L.caseSource]), .label("立案日期"), DocumentCell(f[L.openedOn])],
                    ]
                        + partyRows(f, name: "当事人")
                        + [[.label("简要案情及立案理由"), DocumentCell(f[L.violationSummary], span: 3, minLines: 6)]]
                        + approvalRows(["经办人意见", "审核意见", "审批意见"]))
            ]
        case .penaltyNotice:
            return [
                .addressee(f[L.party] + "："),
                .paragraph("经查，你单位\(f[L.violation])"),
                .paragraph("以上事实违反了\(f[L.provisions])的规定。依据\(f[L.penaltyBasis])的规定，本机关拟对你单位作出\(f[L.penalty])的行政处罚。"),
                .paragraph("依据《中华人民共和国行政处罚法》的规定，你单位有权进行陈述和申辩；符合听证条件的，有权要求举行听证。陈述、申辩或者要求听证的，应当自收到本告知书之日起五日内向本机关提出；逾期未提出的，视为放弃上述权利。"),
            ] + receipt
        case .penaltyDecision:
            let due = f.optional(L.dueDate).map { "（本案缴纳期限：\($0)）" } ?? ""
            return [
                .lines([
                    "被处罚单位：\(f[L.party])", "统一社会信用代码：\(f[L.creditCode])", "地址：\(f[L.address])",
                    "法定代表人（负责人）：\(f[L.representative])　联系电话：\(f[L.phone])",
                ]),
                .paragraph("违法事实及证据：\(f[L.violation])"),
                .paragraph("以上事实违反了\(f[L.provisions])的规定，依据\(f[L.penaltyBasis])的规定，决定给予\(f[L.penalty])的行政处罚。"),
                .paragraph("罚款的履行方式和期限：自收到本决定书之日起十五日内缴至\(f[L.paymentAccount])\(due)。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。"),
                .paragraph(remedy(f, "行政处罚决定")),
            ] + receipt
        case .caseClosing:
            return [
                .table(
                    [
                        [.label("案件名称"), DocumentCell(f[L.caseTitle], span: 3)], [.label("当事人"), DocumentCell(f[L.party], span: 3)],
                        [.label("立案日期"), DocumentCell(f[L.openedOn]), .label("处理决定日期"), DocumentCell(f[L.decidedOn])],
                        [.label("处理结果"), DocumentCell(f[L.outcome], span: 3, minLines: 2)],
                        [.label("执行情况"), DocumentCell(f[L.execution], span: 3, minLines: 2)],
                    ]
                        + approvalRows(["经办人意见", "审核意见", "审批意见"]))
            ]
        case .inquiryNotice:
            return [
                .addressee(f[L.party] + "："),
                .paragraph(
                    "为调查了解\(f[L.caseTitle])有关情况，依据《中华人民共和国安全生产法》《中华人民共和国行政处罚法》的有关规定，请你单位负责人（或者委托代理人）于\(f[L.inquiryAt])到\(f[L.inquiryPlace])接受询问调查。"
                ),
                .paragraph("请携带下列材料：\(f[L.inquiryMaterials])"),
                .paragraph("联系人：\(f[L.contact])"),
            ] + receipt
        case .fineReminder:
            return [
                .addressee(f[L.party] + "："),
                .paragraph(
                    "本机关于\(f[L.decidedOn])作出《行政处罚决定书》（\(f[L.decisionNumber])），对你单位处以\(f[L.penalty])，缴纳期限为\(f[L.dueDate])。截至\(day)，你单位尚有人民币\(f[L.outstanding])元未缴纳。"
                ),
                .paragraph("依据《中华人民共和国行政处罚法》的规定，到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。请你单位接到本通知后立即缴至\(f[L.paymentAccount])。逾期仍不履行的，本机关将依法申请人民法院强制执行。"),
            ] + receipt
        }
    }
}
