import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// Cases through the store, on SQLite and PostgreSQL: steps in the law's order, their documents numbered in the
/// step's transaction, the case's columns kept up to date, every step audited.
@Suite("Case steps in the store")
struct CaseStepsTests {
    static func code(_ body: () async throws -> Void) async -> String? {
        do { try await body() } catch let error as AnlanError { return error.code } catch { return "\(error)" }
        return nil
    }

    @Test("a case in legal order: a refused step consumes no number, a decision waits for the period, payments keep the surcharge apart")
    func fullCase() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let officer = try await f.caller("enterprise")
            let target = try #require(officer.enterpriseID)
            let d = f.store.documents
            let any = try PageRequest(pageSize: 100)
            // Today is Wednesday 2026-11-18.
            let c = try await d.openCase(
                enterpriseID: target, inspectionID: nil, title: "未设置有限空间警示标志案", violation: "污水池等有限空间未设置明显的安全警示标志。", by: inspector)
            #expect(c.deadlineOn == "2027-02-16")
            // Opening issues its 立案审批表 in the same transaction.
            #expect(try await d.documents(.init(caseID: c.id), page: any, by: inspector).items.map(\.kind) == [.caseFiling])
            let proposal = CaseStepInput(
                text: "建议罚款", fineFen: 2_000_000, provisions: "《中华人民共和国安全生产法》第三十五条", penaltyBasis: "《中华人民共和国安全生产法》第九十九条第（一）项")
            #expect(
                await Self.code { _ = try await d.record(.proposal, proposal, case: c.id, by: inspector) } == "case.investigation_required")
            #expect(try await d.documents(.init(kind: .caseApproval), page: any, by: inspector).total == 0)
            // The documents a step issues are issued only by it.
            #expect(await Self.code { _ = try await d.issue(.penaltyDecision, case: c.id, by: inspector) } == "document.issued_by_step")
            #expect(await Self.code { _ = try await d.record(.proposal, proposal, case: c.id, by: officer) } == "auth.forbidden")

            func inquiryBy(_ officers: [String]) -> CaseStepInput {
                CaseStepInput(text: "问：污水池是否设置警示标志？答：没有。", person: "赵六", method: "inquiry", place: "县应急管理局询问室", officers: officers)
            }
            // Two certified officers at least (Art. 42): one alone, or one without a certificate, is refused and numbers nothing.
            #expect(
                await Self.code { _ = try await d.record(.investigation, inquiryBy(["inspector"]), case: c.id, by: inspector) }
                    == "case.officers_invalid")
            #expect(
                await Self.code { _ = try await d.record(.investigation, inquiryBy(["inspector", "staff"]), case: c.id, by: inspector) }
                    == "case.officers_invalid")
            let inquiry = try await d.record(.investigation, inquiryBy(["inspector", "inspector2"]), case: c.id, by: inspector)
            #expect(inquiry.document?.kind == .inquiryRecord && inquiry.document?.number == "（示）应急询录〔2026〕1号")
            #expect(
                inquiry.document?.fields.contains {
                    $0.label == "执法人员" && $0.value.hasPrefix("王强（执法证号") && $0.value.contains("、张伟（执法证号 33052900002）")
                } == true)
            _ = try await d.record(.proposal, proposal, case: c.id, by: inspector)
            let notice = try await d.record(.notice, CaseStepInput(person: "赵六", method: "直接送达"), case: c.id, by: inspector)
            #expect(notice.document?.kind == .penaltyNotice, "20,000 元 is below the hearing amount: no 听证告知书")
            // Served on a named person: the 告知书's 送达回执 is issued with it, naming the 告知书.
            let receipts = try await d.documents(.init(caseID: c.id, kind: .serviceReceipt), page: any, by: inspector).items
            #expect(
                receipts.count == 1
                    && receipts[0].fields.contains {
                        $0.label == "送达文书" && $0.value == "《行政处罚告知书》（文号：\(notice.document?.number ?? "?")）"
                    }
                    && receipts[0].fields.contains { $0.label == "受送达人" && $0.value == "赵六" })
            #expect(
                await Self.code { _ = try await d.record(.decision, CaseStepInput(), case: c.id, by: inspector) }
                    == "case.notice_period_open")
            #expect(try await d.documents(.init(kind: .penaltyDecision), page: any, by: inspector).total == 0)
            #expect(try await d.case(c.id, by: inspector).status == .open)

            f.clock.advance(seconds: 8 * 86_400)  // 2026-11-26; the five working days ended on 11-25
            let decision = try await d.record(.decision, CaseStepInput(), case: c.id, by: inspector)
            #expect(decision.document?.number == "（示）应急罚〔2026〕1号", "the refused decision took no number")
            #expect(decision.case.status == .decided && decision.case.fineFen == 2_000_000 && decision.case.decidedOn == "2026-11-26")
            let fields = Dictionary((decision.document?.fields ?? []).map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
            #expect(fields["陈述申辩及听证情况"] == "当事人在规定期限内未提出陈述、申辩。")
            #expect(fields["违反的规定"] == "《中华人民共和国安全生产法》第三十五条")
            let served = try await d.record(.service, CaseStepInput(person: "赵六"), case: c.id, by: inspector)
            #expect(served.document?.kind == .serviceReceipt && served.case.fineDueOn == "2026-12-11")
            #expect(served.document?.fields.contains { $0.label == "送达文书" && $0.value == "《行政处罚决定书》（文号：（示）应急罚〔2026〕1号）" } == true)

            f.clock.advance(seconds: 20 * 86_400)  // 2026-12-16: five days late
            let reminder = try await d.record(.reminder, CaseStepInput(servedTo: "赵六"), case: c.id, by: inspector)
            // Signed for: the 催告书's 送达回执 is issued with it (the service day is the 10-day period's start).
            let reminderReceipt = try await d.documents(.init(caseID: c.id, kind: .serviceReceipt), page: any, by: inspector).items
                .first { $0.fields.contains { $0.label == "送达文书" && $0.value == "《催告书》（文号：\(reminder.document?.number ?? "?")）" } }
            #expect(reminderReceipt?.fields.contains { $0.label == "受送达人" && $0.value == "赵六" } == true)
            let r = Dictionary((reminder.document?.fields ?? []).map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
            #expect(r["未缴金额"] == "20000.00" && r["加处罚款"] == "3000.00" && r["处罚决定书文号"] == "（示）应急罚〔2026〕1号")
            #expect(
                await Self.code {
                    _ = try await d.record(
                        .payment, CaseStepInput(principalFen: 2_000_000, surchargeFen: 300_001), case: c.id, by: inspector)
                }
                    == "case.overpaid")
            let paid = try await d.record(
                .payment, CaseStepInput(principalFen: 2_000_000, surchargeFen: 300_000), case: c.id, by: inspector)
            #expect(paid.case.paidFen == 2_000_000 && paid.case.surchargePaidFen == 300_000 && paid.case.paymentStatus == "已缴清")
            let closed = try await d.record(.closing, CaseStepInput(), case: c.id, by: inspector)
            #expect(closed.case.status == .closed && closed.case.closedOn == "2026-12-16")
            #expect(closed.document?.fields.contains { $0.label == "执行情况" && $0.value == "罚款20000.00元已缴清，加处罚款3000.00元已缴清" } == true)

            let steps = try await d.steps(of: c.id, by: officer)
            #expect(steps.map(\.step) == [.investigation, .proposal, .notice, .decision, .service, .reminder, .payment, .closing])
            let audited = try await f.store.audit.search(.init(targetType: "case", targetID: c.id.key), page: any, by: .console("t"))
            #expect(
                Set(audited.items.map(\.action)).isSuperset(of: [
                    "case.open", "case.investigation", "case.decision", "case.payment", "case.closing",
                ]))
            #expect(try await d.cases(.init(enterpriseID: target), page: any, by: officer).total == 1)
        }
    }

    @Test("a correction of a step's document is rendered from that step and the settings now in force")
    func correction() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let staff = try await f.caller("staff")
            let target = try #require(try await f.caller("enterprise").enterpriseID)
            let d = f.store.documents
            let c = try await d.openCase(enterpriseID: target, inspectionID: nil, title: "未消除事故隐患案", violation: "未按期消除事故隐患。", by: inspector)
            _ = try await d.record(
                .investigation,
                CaseStepInput(
                    text: "勘验现场，污水池无警示标志。", person: "赵六", method: "survey", place: "污水处理站", officers: ["inspector", "inspector3"]),
                case: c.id, by: inspector)
            _ = try await d.record(
                .proposal,
                CaseStepInput(
                    text: "建议罚款并停产整顿", fineFen: 2_000_000, suspensionUntil: "2026-12-31", provisions: "《中华人民共和国安全生产法》第四十一条第二款",
                    penaltyBasis: "《中华人民共和国安全生产法》第一百零二条"), case: c.id, by: inspector)
            let notice = try #require(try await d.record(.notice, CaseStepInput(), case: c.id, by: inspector).document)
            #expect(notice.kind == .hearingRightsNotice, "a suspension carries the right to a hearing")
            _ = try await d.record(.waiver, CaseStepInput(), case: c.id, by: inspector)
            #expect(
                await CaseStepsTests.code { _ = try await d.record(.decision, CaseStepInput(), case: c.id, by: inspector) }
                    == "case.legal_review_required")
            _ = try await d.record(
                .legalReview, CaseStepInput(text: "事实清楚，程序合法，同意", person: "孙丽", adopted: true), case: c.id, by: inspector)
            _ = try await d.record(.discussion, CaseStepInput(text: "讨论了证据", answer: "同意", person: "李明、局班子成员"), case: c.id, by: inspector)
            let decision = try #require(try await d.record(.decision, CaseStepInput(), case: c.id, by: inspector).document)
            #expect(decision.fields.contains { $0.label == "处罚内容" && $0.value == "罚款人民币20000.00元，责令停产停业整顿至2026年12月31日" })
            var settings = try await f.store.catalogs.enforcementSettings()
            settings.reviewAuthority = "示例市应急管理局"
            try await f.store.catalogs.setEnforcementSettings(settings, by: staff)
            #expect(try await d.document(decision.id, by: inspector).fields == decision.fields)
            let later = try await d.issue(.penaltyDecision, case: c.id, correcting: decision.id, by: inspector)
            #expect(later.correctsID == decision.id && later.fields.contains { $0.label == "复议机关" && $0.value == "示例市应急管理局" })
            #expect(later.fields.contains { $0.label == "陈述申辩及听证情况" && $0.value == "当事人书面放弃了陈述、申辩和听证的权利。" })
            // The receipt of service names the decision in force: the correction.
            let receipt = try await d.record(.service, CaseStepInput(person: "赵六"), case: c.id, by: inspector)
            #expect(receipt.document?.fields.contains { $0.label == "送达文书" && $0.value.contains(later.number) } == true)
        }
    }
}
