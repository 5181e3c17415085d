import AnlanCore
import Foundation
import Testing

/// The legally required sentences of each case letter, pinned: the rights, the limits, the remedies and the surcharge
/// cap. Each letter is rendered from a case taken through `CaseProcedure`, as the store renders it.
@Suite("Case letters: the sentences the law requires")
struct LetterWordingTests {
    static let enterprise = Enterprise(
        id: UUID(), profile: EnterpriseProfile(name: "示例化工有限公司", divisionCode: "360101001000", sectors: ["危险化学品"]),
        riskLevel: nil, archivedAt: nil, createdAt: Date(), updatedAt: Date())

    /// The text of a step's document as printed.
    static func text(_ kind: DocumentKind, _ c: CaseProcedureTests.Case, _ record: CaseStepRecord) -> String {
        let k = EnforcementCase(
            id: UUID(), enterpriseID: enterprise.id, divisionCode: "360101001000", inspectionID: nil, title: "未设置警示标志案",
            violation: "未在有限空间设置明显的安全警示标志。", status: .open, fineFen: nil, paidFen: 0, fineDueOn: nil, suspensionUntil: nil,
            openedOn: c.procedure.openedOn, closedOn: nil)
        let context = DocumentContext(
            authority: "示例县应急管理局", settings: CaseProcedureTests.settings, today: record.day, referencedNumber: "（示）应急罚〔2026〕3号",
            contact: "王强，联系电话 0791-0000000", officer: "王强（执法证号 36010001）")
        let fields = DocumentContent.stepFields(
            kind: kind, enterprise: enterprise, case: k, procedure: c.procedure, record: record, context: context)
        let document = EnforcementDocument(
            id: UUID(), kind: kind, year: 2026, sequence: 1, number: "（示）应急\(kind.defaultCode)〔2026〕1号", enterpriseID: enterprise.id,
            divisionCode: "360101001000", inspectionID: nil, caseID: k.id, correctsID: nil, fields: fields, issuedBy: "inspector",
            issuedAt: Date())
        return DocumentLayout(document, currentAuthority: "示例县应急管理局").blocks.map { block in
            switch block {
            case .addressee(let t), .paragraph(let t), .footnote(let t): t
            case .lines(let l), .signatures(let l): l.joined(separator: "\n")
            case .table(let rows): rows.flatMap { $0.map(\.text) }.joined(separator: "\n")
            case .seal(let a, let d): a + d
            }
        }.joined(separator: "\n")
    }

    @Test("notices, the hearing notice, the decision, the deferral, the reminder and the application say what the law requires")
    func sentences() throws {
        var c = CaseProcedureTests.Case(opened: "2026-03-02")
        try c.take(.investigation, CaseProcedureTests.inquiry, on: "2026-03-03")
        try c.take(.proposal, CaseProcedureTests.proposal(50_000), on: "2026-03-04")
        let notice = try c.take(.notice, on: "2026-03-05")
        let told = Self.text(.hearingRightsNotice, c, notice)
        for sentence in [
            "本机关拟对你单位作出罚款人民币50000.00元的行政处罚", "你单位有权进行陈述和申辩", "请自收到本告知书之日起五个工作日内向本机关提出", "本机关不因你单位陈述、申辩而给予更重的处罚",
            "你单位有权要求举行听证", "应当自收到本告知书之日起五个工作日内向本机关提出", "不向当事人收取听证费用",
        ] {
            #expect(told.contains(sentence), "听证告知书: \(sentence)")
        }
        #expect(!Self.text(.penaltyNotice, c, notice).contains("要求举行听证"), "no hearing sentence in the plain notice")
        try c.take(.hearingRequest, on: "2026-03-06")
        let hearing = try c.take(.hearingNotice, CaseStepInput(person: "刘洋", at: "2026-03-20T09:00", place: "听证室"), on: "2026-03-09")
        let called = Self.text(.hearingNotice, c, hearing)
        for sentence in ["定于2026年3月20日9时在听证室", "有权申请回避", "视为放弃听证权利", "听证公开举行"] {
            #expect(called.contains(sentence), "听证会通知书: \(sentence)")
        }
        try c.take(.hearingRecord, CaseStepInput(text: "当事人对违法事实无异议。请求从轻。"), on: "2026-03-20")
        try c.take(.hearingReport, CaseStepInput(text: "建议维持拟处罚意见，罚款五万元。"), on: "2026-03-23")
        try c.take(.legalReview, CaseStepInput(text: "事实清楚，程序合法，同意", person: "孙丽", adopted: true), on: "2026-03-24")
        try c.take(.discussion, CaseStepInput(text: "讨论了证据", answer: "同意", person: "局长等"), on: "2026-03-24")
        let decision = try c.take(.decision, CaseStepInput(fineFen: 4_000_000), on: "2026-03-25")
        let decided = Self.text(.penaltyDecision, c, decision)
        for sentence in [
            "决定给予罚款人民币40000.00元的行政处罚", "自收到本决定书之日起十五日内缴至", "每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额",
            "可以依法在六十日内向示例县人民政府申请行政复议，或者在六个月内依法向示例县人民法院提起行政诉讼", "本机关将依法申请人民法院强制执行",
            "本机关于2026年3月20日依法举行了听证",
        ] {
            #expect(decided.contains(sentence), "行政处罚决定书: \(sentence)")
        }
        try c.take(.service, CaseStepInput(person: "赵六"), on: "2026-03-25")
        let deferral = try c.take(.deferral, CaseStepInput(text: "分两期缴纳", person: "李明", dueOn: "2026-05-29"), on: "2026-03-30")
        let deferred = Self.text(.paymentDeferral, c, deferral)
        #expect(deferred.contains("第六十六条第二款") && deferred.contains("最后缴纳期限为2026年5月29日") && deferred.contains("加处罚款的数额不得超出罚款的数额"))
        let reminder = try c.take(.reminder, on: "2026-06-03")
        let reminded = Self.text(.fineReminder, c, reminder)
        for sentence in [
            "尚有罚款人民币40000.00元未缴纳，依法加处罚款人民币6000.00元", "加处罚款的数额不得超出罚款的数额", "第三十五条、第五十四条",
            "自收到本催告书之日起十日内", "你单位有权进行陈述和申辩", "逾期仍不履行的，本机关将依法申请示例县人民法院强制执行", "文号：（示）应急罚〔2026〕3号",
        ] {
            #expect(reminded.contains(sentence), "催告书: \(sentence)")
        }
        let window = try #require(c.procedure.courtWindow)
        let applied = try c.take(.enforcement, on: window.opens)
        let application = Self.text(.enforcementApplication, c, applied)
        #expect(application.contains("第五十三条、第五十四条") && application.contains("催告书送达十日后被申请人仍未履行") && application.contains("期限于2026年9月25日届满"))
    }
}
