import AnlanCore
import Foundation
import Testing

@Suite("Document layouts and enforcement settings")
struct DocumentLayoutTests {
    static func document(_ kind: DocumentKind, _ fields: [DocumentField]) -> EnforcementDocument {
        EnforcementDocument(
            id: UUID(), kind: kind, year: 2026, sequence: 3, number: "（示）应急\(kind.defaultCode)〔2026〕3号", enterpriseID: UUID(),
            divisionCode: "360101001000",
            inspectionID: nil, caseID: nil, correctsID: nil, fields: fields, issuedBy: "inspector",
            issuedAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    @Test("every kind has a fixed layout: form grids span four columns on every row, letters are addressed, sealed and dated")
    func everyKind() {
        for kind in DocumentKind.allCases {
            let layout = DocumentLayout(Self.document(kind, [DocumentField("被检查单位", "示例化工有限公司")]), currentAuthority: "示例县应急管理局")
            #expect(layout.title == kind.title && layout.authority == "示例县应急管理局")
            var tables = 0
            for case .table(let rows) in layout.blocks {
                tables += 1
                for row in rows {
                    #expect(row.reduce(0) { $0 + $1.span } == 4, "\(kind.title): a row spans \(row.reduce(0) { $0 + $1.span })")
                }
            }
            let sealed = layout.blocks.contains(.seal(authority: "示例县应急管理局（印章）", date: "2026年11月18日"))
            let letter = layout.blocks.contains(.addressee("示例化工有限公司："))
            switch kind {
            case .inspectionRecord, .caseFiling, .caseClosing, .inquiryRecord, .surveyRecord, .caseApproval, .statementRecord,
                .hearingRecord,
                .hearingReport, .discussionRecord, .serviceReceipt:
                #expect(tables == 1 && !letter, "\(kind.title) is a form")
            case .enforcementApplication:
                #expect(sealed && layout.blocks.contains(.addressee(DocumentLayout.blank + "：")), "addressed to the court")
            case .penaltyDecision:
                #expect(
                    sealed
                        && layout.blocks.contains(
                            .lines([
                                "被处罚单位：示例化工有限公司", "统一社会信用代码：" + DocumentLayout.blank, "地址：" + DocumentLayout.blank,
                                "法定代表人（负责人）：\(DocumentLayout.blank)　联系电话：\(DocumentLayout.blank)",
                            ]))
                )
            default: #expect(sealed && letter && tables == 0, "\(kind.title) is a letter")
            }
        }
    }

    @Test("a rectification order reads as the 样式: problems listed with deadlines, duties, and the remedies naming the stored bodies")
    func rectificationOrder() {
        let fields = [
            DocumentField("发文机关", "示例县应急管理局"), DocumentField("被检查单位", "示例化工有限公司"),
            DocumentField("执法人员及执法证号", "张三（执法证号 36010001）、李四（执法证号 36010002）"),
            DocumentField("责令整改事项", "1. 配电箱未接地（二号车间），限于2026年12月10日前整改完毕"),
            DocumentField("复议机关", "示例县人民政府"), DocumentField("诉讼法院", "示例县人民法院"),
        ]
        let layout = DocumentLayout(Self.document(.rectificationOrder, fields), currentAuthority: "别的名字")
        #expect(layout.authority == "示例县应急管理局")
        #expect(
            layout.blocks.prefix(3) == [
                .addressee("示例化工有限公司："), .paragraph("经查，你单位存在下列问题："), .paragraph("1. 配电箱未接地（二号车间），限于2026年12月10日前整改完毕"),
            ])
        #expect(layout.blocks.contains(.paragraph("如果不服本指令，可以依法在六十日内向示例县人民政府申请行政复议，或者在六个月内依法向示例县人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。")))
        #expect(
            layout.blocks.contains(.signatures(["安全生产行政执法人员（签名）：张三（执法证号 36010001）、李四（执法证号 36010002）", "被检查单位负责人（签名）：　　　　　　　　　　年　　月　　日"])))
        // Issued before the layout existed: the list carried its own heading, and there were no remedy bodies.
        let old = DocumentLayout(
            Self.document(.rectificationOrder, [DocumentField("被检查单位", "示例化工有限公司"), DocumentField("责令整改事项", "经查，你单位存在下列问题：\n1. 配电箱未接地")]),
            currentAuthority: "示例县应急管理局")
        #expect(old.blocks[2] == .paragraph("1. 配电箱未接地"))
        #expect(
            old.blocks.contains(
                .paragraph("如果不服本指令，可以依法在六十日内向\(DocumentLayout.blank)申请行政复议，或者在六个月内依法向\(DocumentLayout.blank)提起行政诉讼，但本指令不停止执行，法律另有规定的除外。")))
    }

    @Test("a re-inspection opinion names the order it follows when one was issued")
    func reinspection() {
        let with = DocumentLayout(
            Self.document(.reinspectionOpinion, [DocumentField("原指令书文号", "（示）应急责改〔2026〕7号"), DocumentField("原指令书日期", "2026年11月2日")]),
            currentAuthority: "示例县应急管理局")
        #expect(with.blocks[1] == .paragraph("本机关于2026年11月2日作出了《责令限期整改指令书》（（示）应急责改〔2026〕7号），经对你单位整改情况进行复查，提出如下意见："))
        let without = DocumentLayout(Self.document(.reinspectionOpinion, []), currentAuthority: "示例县应急管理局")
        #expect(without.blocks[1] == .paragraph("本机关经对你单位整改情况进行复查，提出如下意见："))
    }

    @Test(
        "extension requests are taken inside their window before the deadline (2015 办法: within the last ten days); re-inspection runs from the submission or the deadline, whichever comes first"
    )
    func extensionWindow() throws {
        let ordered = HazardState(status: .ordered, isMajor: false, dueDate: "2026-12-10")
        let window = ExtensionWindow(earliest: 10, latest: 0)
        let codes: [(Day, String?)] = [
            ("2026-11-29", "hazard.extension_too_early"), ("2026-11-30", nil), ("2026-12-05", nil), ("2026-12-10", nil),
            ("2026-12-11", "hazard.extension_too_late"),
        ]
        for (today, expected) in codes {
            var code: String?
            do {
                _ = try ordered.apply(.requestExtension(to: "2026-12-31", reason: .forceMajeure), today: today, extensionWindow: window)
            } catch let error as AnlanError { code = error.code }
            #expect(code == expected, "\(today)")
            #expect(
                ordered.allowedEvents(
                    for: HazardActor(mayInspect: false, mayEscalate: false, isOwnEnterprise: true), today: today, extensionWindow: window
                ).contains(.requestExtension) == (expected == nil))
        }
        let strict = ExtensionWindow(earliest: 15, latest: 3)
        #expect(strict.refusal(today: "2026-12-07", dueDate: "2026-12-10") == nil)
        #expect(strict.refusal(today: "2026-12-08", dueDate: "2026-12-10")?.code == "hazard.extension_too_late")
        #expect(ExtensionWindow.any.refusal(today: "2026-01-01", dueDate: "2026-12-10") == nil)
        let submitted = try ordered.apply(.submitRectification(onBehalf: false), today: "2026-12-05")
        #expect(submitted.reinspectionDue(within: 10) == "2026-12-15")
        // Never submitted: the limit runs from the deadline; submitted after the deadline: still from the deadline.
        #expect(ordered.reinspectionDue(within: 10) == "2026-12-20")
        let late = try ordered.apply(.submitRectification(onBehalf: false), today: "2026-12-14")
        #expect(late.reinspectionFrom == "2026-12-10" && late.reinspectionDue(within: 10) == "2026-12-20")
        #expect(try submitted.apply(.reinspect(passed: true, newDueDate: nil, reason: nil), today: "2026-12-06").submittedOn == nil)
    }

    @Test(
        "enforcement settings: county defaults; names and day limits are checked",
        arguments: [
            (EnforcementSettings(reviewAuthority: "示", court: "示例县人民法院"), "enforcement.review_authority_invalid"),
            (EnforcementSettings(reviewAuthority: "示例县人民政府", court: ""), "enforcement.court_invalid"),
            (EnforcementSettings(reviewAuthority: "示例县人民政府", court: "示例县人民法院", extensionEarliestDays: 91), "enforcement.days_invalid"),
            (
                EnforcementSettings(reviewAuthority: "示例县人民政府", court: "示例县人民法院", extensionEarliestDays: 3, extensionLatestDays: 5),
                "enforcement.days_invalid"
            ),
            (EnforcementSettings(reviewAuthority: "示例县人民政府", court: "示例县人民法院", statementDays: 0), "enforcement.days_invalid"),
            (EnforcementSettings(reviewAuthority: "示例县人民政府", court: "示例县人民法院", caseLimitDays: 10), "enforcement.days_invalid"),
            (
                EnforcementSettings(reviewAuthority: "示例县人民政府", court: "示例县人民法院", hearingFineThresholdFen: 99),
                "enforcement.hearing_threshold_invalid"
            ),
            (EnforcementSettings(reviewAuthority: "示例县人民政府", court: "示例县人民法院", reinspectionDays: 0), "enforcement.days_invalid"),
            (
                EnforcementSettings(reviewAuthority: "示例县人民政府", court: "示例县人民法院", paymentAccount: String(repeating: "账", count: 201)),
                "enforcement.payment_account_invalid"
            ),
        ])
    func settings(_ settings: EnforcementSettings, _ code: String) throws {
        let defaults = EnforcementSettings.defaults(county: "示例县")
        #expect(
            defaults.reviewAuthority == "示例县人民政府" && defaults.reinspectionDays == 10
                && defaults.extensionWindow == ExtensionWindow(earliest: 10, latest: 0)
                && defaults.extensionAnswerDays == 5)
        #expect(try defaults.validated() == defaults)
        do {
            _ = try settings.validated()
            Issue.record("accepted \(settings)")
        } catch let error as AnlanError { #expect(error.code == code) }
    }
}
