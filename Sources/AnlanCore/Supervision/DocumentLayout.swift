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
            ] + (f.optional(L.seized).map { [.paragraph("查封、扣押的物品：\n" + $0)] } ?? []) + [
                .paragraph(remedy(f, "决定"))
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
        case .penaltyNotice, .hearingRightsNotice:
            var blocks: [DocumentBlock] = [
                .addressee(f[L.party] + "："),
                .paragraph("经查明，你单位存在以下违法事实：\(f[L.violation])"),
                .paragraph("以上事实违反了\(f[L.provisions])的规定。依据\(f[L.penaltyBasis])的规定，本机关拟对你单位作出\(f[L.penalty])的行政处罚。"),
                .paragraph(
                    "依据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你单位有权进行陈述和申辩。如需陈述、申辩，请自收到本告知书之日起\(f[L.statementDays])个工作日内向本机关提出；逾期未提出的，视为放弃此权利。本机关不因你单位陈述、申辩而给予更重的处罚。"
                ),
            ]
            if kind == .hearingRightsNotice {
                blocks.append(
                    .paragraph(
                        "依据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你单位有权要求举行听证。要求听证的，应当自收到本告知书之日起五个工作日内向本机关提出；逾期未提出的，视为放弃听证权利。本机关不向当事人收取听证费用。"
                    ))
            }
            return blocks + [.paragraph("联系人：\(f[L.contact])")] + receipt
        case .penaltyDecision:
            return [
                .lines([
                    "被处罚单位：\(f[L.party])", "统一社会信用代码：\(f[L.creditCode])", "地址：\(f[L.address])",
                    "法定代表人（负责人）：\(f[L.representative])　联系电话：\(f[L.phone])",
                ]),
                .paragraph("违法事实及证据：\(f[L.violation])"),
                .paragraph(f.optional(L.hearings) ?? "本机关已依法告知你单位拟作出的行政处罚内容及事实、理由、依据和依法享有的权利。"),
                .paragraph("以上事实违反了\(f[L.provisions])的规定，依据\(f[L.penaltyBasis])的规定，决定给予\(f[L.penalty])的行政处罚。"),
                .paragraph(
                    "罚款的履行方式和期限：自收到本决定书之日起\(f.optional(L.paymentDays) ?? "十五")日内缴至\(f[L.paymentAccount])。到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额（《中华人民共和国行政处罚法》第七十二条）。"
                ),
                .paragraph(remedy(f, "行政处罚决定")),
                .paragraph("你单位在法定期限内不申请行政复议或者提起行政诉讼，又不履行本决定的，本机关将依法申请人民法院强制执行。"),
            ] + receipt
        case .inquiryRecord, .surveyRecord:
            let inquiry = kind == .inquiryRecord
            return [
                .table(
                    [
                        [.label("案由"), DocumentCell(f[L.caseTitle], span: 3)],
                        [
                            .label(inquiry ? "询问时间" : "勘验时间"), DocumentCell(f[L.recordedOn]), .label(inquiry ? "询问地点" : "勘验地点"),
                            DocumentCell(f[L.place]),
                        ],
                        [
                            .label(inquiry ? "被询问人" : "当事人或见证人"), DocumentCell(f[inquiry ? L.person : L.witness]),
                            .label(inquiry ? "询问人" : "勘验人"), DocumentCell(f[L.officer]),
                        ],
                        [
                            DocumentCell(
                                "我们是\(authority)的行政执法人员，这是我们的执法证件（出示证件）。\(inquiry ? "现依法向你询问有关情况，你应当如实回答；你有权申请回避，对与本案无关的问题有权拒绝回答。" : "现依法对有关场所、物品进行勘验。")",
                                span: 4)
                        ],
                        [DocumentCell(f[L.content], span: 4, minLines: 14)],
                        [
                            DocumentCell((inquiry ? "被询问人" : "当事人或见证人") + "（签名）：\n以上记录已阅，与所述相符。\n" + dateBlank, span: 2, minLines: 3),
                            DocumentCell((inquiry ? "询问人" : "勘验人") + "（签名）：\n\n" + dateBlank, span: 2, minLines: 3),
                        ],
                    ])
            ]
        case .caseApproval:
            return [
                .table(
                    [[.label("案件名称"), DocumentCell(f[L.caseTitle], span: 3)]] + partyRows(f, name: "当事人") + [
                        [.label("违法事实"), DocumentCell(f[L.violation], span: 3, minLines: 4)],
                        [.label("违反的规定"), DocumentCell(f[L.provisions], span: 3)],
                        [.label("处罚依据"), DocumentCell(f[L.penaltyBasis], span: 3)],
                        [.label("拟处罚意见"), DocumentCell(f[L.penalty], span: 3)], [.label("听证权利"), DocumentCell(f[L.hearingRight], span: 3)],
                        [.label("经办人意见"), DocumentCell(f[L.opinion2] + "\n\n签名：　　　　　　" + dateBlank, span: 3, minLines: 3)],
                    ] + approvalRows(["审核意见", "审批意见"]))
            ]
        case .statementRecord:
            return [
                .table(
                    [[.label("案由"), DocumentCell(f[L.caseTitle], span: 3)]] + partyRows(f, name: "当事人") + [
                        [.label("陈述申辩时间"), DocumentCell(f[L.recordedOn]), .label("记录人"), DocumentCell(f[L.officer])],
                        [.label("陈述申辩内容"), DocumentCell(f[L.statement], span: 3, minLines: 8)],
                        [.label("复核结果"), DocumentCell(f[L.adopted]), .label("复核意见"), DocumentCell(f[L.answer])],
                        [
                            DocumentCell("陈述申辩人（签名）：\n\n" + dateBlank, span: 2, minLines: 3),
                            DocumentCell("记录人（签名）：\n\n" + dateBlank, span: 2, minLines: 3),
                        ],
                    ])
            ]
        case .hearingNotice:
            return [
                .addressee(f[L.party] + "："),
                .paragraph("根据你单位的申请，本机关定于\(f[L.hearingAt])在\(f[L.inquiryPlace])就\(f[L.caseTitle])举行听证会，由\(f[L.host])主持。"),
                .paragraph("请你单位法定代表人（负责人）或者委托代理人（一至二人）准时出席；委托代理人出席的，应当提交授权委托书。除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行。"),
                .paragraph("你单位认为主持人与本案有直接利害关系的，有权申请回避（《中华人民共和国行政处罚法》第六十四条第四项）。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利（第六十四条第八项）。"),
                .paragraph("联系人：\(f[L.contact])"),
            ] + receipt
        case .hearingRecord:
            return [
                .table(
                    [[.label("案由"), DocumentCell(f[L.caseTitle], span: 3)]] + partyRows(f, name: "当事人") + [
                        [.label("听证时间"), DocumentCell(f[L.hearingAt]), .label("听证地点"), DocumentCell(f[L.inquiryPlace])],
                        [.label("主持人"), DocumentCell(f[L.host]), .label("案件调查人员"), DocumentCell(f[L.officer])],
                        [DocumentCell(f[L.content], span: 4, minLines: 14)],
                        [
                            DocumentCell("当事人或者代理人核对无误后（签名或者盖章）：\n\n" + dateBlank, span: 2, minLines: 3),
                            DocumentCell("主持人、记录人（签名）：\n\n" + dateBlank, span: 2, minLines: 3),
                        ],
                    ])
            ]
        case .hearingReport:
            return [
                .table(
                    [
                        [.label("案由"), DocumentCell(f[L.caseTitle], span: 3)], [.label("当事人"), DocumentCell(f[L.party], span: 3)],
                        [.label("听证时间"), DocumentCell(f[L.hearingAt]), .label("主持人"), DocumentCell(f[L.host])],
                        [.label("拟处罚内容"), DocumentCell(f[L.penalty], span: 3)],
                        [.label("听证情况及处理意见"), DocumentCell(f[L.content], span: 3, minLines: 10)],
                    ] + approvalRows(["负责人意见"]))
            ]
        case .discussionRecord:
            return [
                .table(
                    [
                        [.label("案由"), DocumentCell(f[L.caseTitle], span: 3)], [.label("当事人"), DocumentCell(f[L.party], span: 3)],
                        [.label("讨论时间"), DocumentCell(f[L.recordedOn]), .label("主持人及参加人员"), DocumentCell(f[L.participants])],
                        [.label("拟处罚内容"), DocumentCell(f[L.penalty], span: 3)],
                        [.label("讨论内容"), DocumentCell(f[L.content], span: 3, minLines: 8)],
                        [.label("讨论结论"), DocumentCell(f[L.conclusion], span: 3, minLines: 3)],
                        [DocumentCell("参加人员（签名）：\n\n", span: 4, minLines: 3)],
                    ])
            ]
        case .serviceReceipt:
            return [
                .table(
                    [
                        [.label("送达文书名称及文号"), DocumentCell(f[L.servedDocument], span: 3)],
                        [.label("受送达人"), DocumentCell(f[L.party], span: 3)],
                        [.label("送达地点"), DocumentCell(f[L.address], span: 3)],
                        [.label("送达时间"), DocumentCell(f[L.servedOn]), .label("送达方式"), DocumentCell(f[L.serviceMethod])],
                        [.label("收件人"), DocumentCell(f[L.servedTo]), .label("收件人签名"), DocumentCell("", minLines: 2)],
                        [.label("送达人签名"), DocumentCell("", span: 3, minLines: 2)],
                    ])
            ]
        case .paymentDeferral:
            return [
                .addressee(f[L.party] + "："),
                .paragraph("你单位申请延期（分期）缴纳本机关于\(f[L.decidedOn])作出的《行政处罚决定书》（文号：\(f[L.decisionNumber])）所处罚款（\(f[L.penalty])）。"),
                .paragraph(
                    "依据《中华人民共和国行政处罚法》第六十六条第二款的规定，经本机关批准，同意你单位按下列安排缴纳：\(f[L.arrangement])。最后缴纳期限为\(f[L.approvedDue])，缴至\(f[L.paymentAccount])。"
                ),
                .paragraph("逾期不缴纳的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额。"),
            ] + receipt
        case .enforcementApplication:
            return [
                .addressee(f[L.court] + "："),
                .lines([
                    "申请人：\(authority)", "被申请人：\(f[L.party])", "统一社会信用代码：\(f[L.creditCode])", "地址：\(f[L.address])",
                    "法定代表人（负责人）：\(f[L.representative])",
                ]),
                .paragraph(
                    "申请事项：请求依法强制执行本机关作出的《行政处罚决定书》（文号：\(f[L.decisionNumber])），执行罚款人民币\(f[L.outstanding])元、加处罚款人民币\(f[L.surcharge])元。"),
                .paragraph(
                    "事实和理由：本机关于\(f[L.decidedOn])对被申请人作出\(f[L.penalty])的行政处罚决定，于\(f[L.servedOn])送达。被申请人在法定期限内未申请行政复议或者提起行政诉讼（期限于\(f[L.appealEnds])届满），又不履行行政处罚决定。本机关于\(f[L.reminderServedOn])送达催告书，催告书送达十日后被申请人仍未履行。依据《中华人民共和国行政强制法》第五十三条、第五十四条的规定，特申请强制执行。"
                ),
                seal,
                .footnote("附：行政处罚决定书及送达回执、催告书及送达回执、其他有关材料。"),
            ]
        case .caseClosing:
            return [
                .table(
                    [
                        [.label("案件名称"), DocumentCell(f[L.caseTitle], span: 3)], [.label("当事人"), DocumentCell(f[L.party], span: 3)],
                        [.label("立案日期"), DocumentCell(f[L.openedOn]), .label("处理决定日期"), DocumentCell(f[L.decidedOn])],
                        [.label("处理结果"), DocumentCell(f[L.outcome], span: 3, minLines: 2)],
                        [.label("执行情况"), DocumentCell(f[L.execution], span: 3, minLines: 2)],
                        [.label("结案理由"), DocumentCell(f[L.closingReason], span: 3)],
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
                    "本机关于\(f[L.decidedOn])作出《行政处罚决定书》（文号：\(f[L.decisionNumber])），对你单位处以\(f[L.penalty])，缴纳期限至\(f[L.dueDate])。截至\(f[L.recordedOn])，你单位尚有罚款人民币\(f[L.outstanding])元未缴纳，依法加处罚款人民币\(f[L.surcharge])元（每日按罚款数额的百分之三加处，加处罚款的数额不得超出罚款的数额）。"
                ),
                .paragraph("依据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告你单位自收到本催告书之日起十日内，将上述罚款及加处罚款缴至\(f[L.paymentAccount])。"),
                .paragraph("你单位有权进行陈述和申辩。如有陈述、申辩意见，请自收到本催告书之日起十日内向本机关提出。"),
                .paragraph("逾期仍不履行的，本机关将依法申请\(f[L.court])强制执行。"),
            ] + receipt
        }
    }
}
