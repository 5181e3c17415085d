import AnlanCore
import Foundation
import Testing

/// The case procedure as a pure rule: the order of 行政处罚法's steps, its periods on the working calendar, the
/// surcharge of Art. 72 and the court window of 行政强制法 Art. 53–54.
@Suite("Case procedure")
struct CaseProcedureTests {
    static let settings = EnforcementSettings(reviewAuthority: "示例县人民政府", court: "示例县人民法院")
    static let calendar = WorkCalendar(days: WorkCalendar.defaults)

    /// A case opened on `opened`, with its steps recorded one by one through `validate`, as the store does.
    struct Case {
        var procedure: CaseProcedure
        init(opened: String = "2026-03-02") {
            procedure = CaseProcedure(
                openedOn: opened, steps: [], settings: CaseProcedureTests.settings, calendar: CaseProcedureTests.calendar)
        }
        @discardableResult
        mutating func take(_ step: CaseStep, _ input: CaseStepInput = CaseStepInput(), on day: String) throws -> CaseStepRecord {
            let (d, kept) = try procedure.validate(step, input, today: day)
            let record = CaseStepRecord(
                id: UUID(), step: step, day: d, input: kept, documentID: nil, recordedBy: "inspector", recordedAt: Date())
            procedure = CaseProcedure(
                openedOn: procedure.openedOn, steps: procedure.steps + [record], settings: procedure.settings, calendar: procedure.calendar)
            return record
        }
        func refusal(_ step: CaseStep, _ input: CaseStepInput = CaseStepInput(), on day: String) -> String? {
            do { _ = try procedure.validate(step, input, today: day) } catch let e as AnlanError { return e.code } catch {
                return "\(error)"
            }
            return nil
        }
    }

    static let inquiry = CaseStepInput(
        text: "问：是否知道该隐患？答：知道，尚未整改。", person: "赵六", method: "inquiry", place: "询问室", officers: ["inspector", "inspector2"])
    static func proposal(_ fineYuan: Int, suspensionUntil: String? = nil) -> CaseStepInput {
        CaseStepInput(
            text: "建议处罚", fineFen: fineYuan * 100, suspensionUntil: suspensionUntil, provisions: "《中华人民共和国安全生产法》第四十一条第二款",
            penaltyBasis: "《中华人民共和国安全生产法》第一百零二条")
    }

    @Test("steps out of order answer 409 naming the missing step; a decision waits for the statement period to end")
    func order() throws {
        var c = Case()
        #expect(c.refusal(.proposal, Self.proposal(20_000), on: "2026-03-03") == "case.investigation_required")
        #expect(c.refusal(.decision, on: "2026-03-03") == "case.notice_required")
        #expect(c.refusal(.payment, CaseStepInput(principalFen: 100), on: "2026-03-03") == "case.decision_required")
        // 执法人员不得少于两人 (Art. 42): one officer, or one named twice, is refused.
        for officers in [["inspector"], ["inspector", "inspector"], nil] {
            var alone = Self.inquiry
            alone.officers = officers
            #expect(c.refusal(.investigation, alone, on: "2026-03-04") == "case.officers_invalid")
        }
        try c.take(.investigation, Self.inquiry, on: "2026-03-04")
        try c.take(.proposal, Self.proposal(20_000), on: "2026-03-09")
        #expect(!c.procedure.hearingEligible && !c.procedure.discussionRequired)
        #expect(c.refusal(.hearingRequest, on: "2026-03-10") == "case.notice_required")
        // Served on Tuesday 2026-03-10: five working days end on Tuesday 2026-03-17.
        try c.take(.notice, on: "2026-03-10")
        #expect(c.procedure.noticePeriodEnds == "2026-03-17")
        #expect(c.refusal(.proposal, Self.proposal(10_000), on: "2026-03-11") == "case.notice_given")
        #expect(c.refusal(.hearingRequest, on: "2026-03-11") == "case.hearing_not_applicable")
        #expect(c.refusal(.decision, on: "2026-03-17") == "case.notice_period_open")
        #expect(c.procedure.stage(today: "2026-03-17") == "陈述申辩期内")
        // Art. 45: never heavier than what was told.
        #expect(c.refusal(.decision, CaseStepInput(fineFen: 2_000_001), on: "2026-03-18") == "case.penalty_heavier_than_notice")
        #expect(c.refusal(.decision, CaseStepInput(suspensionUntil: "2026-06-01"), on: "2026-03-18") == "case.penalty_heavier_than_notice")
        try c.take(.decision, CaseStepInput(fineFen: 1_500_000), on: "2026-03-18")
        #expect(c.procedure.decision?.provisions == "《中华人民共和国安全生产法》第四十一条第二款")
        #expect(c.refusal(.decision, on: "2026-03-19") == "case.step_done")
        #expect(c.refusal(.investigation, Self.inquiry, on: "2026-03-19") == "case.decided")
        #expect(c.refusal(.closing, on: "2026-03-19") == "case.service_required")
        #expect(c.refusal(.service, CaseStepInput(day: "2026-03-17", person: "赵六"), on: "2026-03-19") == "case.day_invalid")
        try c.take(.service, CaseStepInput(person: "赵六"), on: "2026-03-19")
        #expect(c.procedure.dueOn == "2026-04-03")
        #expect(c.refusal(.closing, on: "2026-03-20") == "case.fine_outstanding")
        try c.take(.payment, CaseStepInput(principalFen: 1_500_000), on: "2026-03-25")
        #expect(c.refusal(.payment, CaseStepInput(principalFen: 1), on: "2026-03-26") == "case.nothing_outstanding")
        try c.take(.closing, on: "2026-03-26")
        #expect(c.refusal(.statement, CaseStepInput(text: "迟到的申辩", answer: "—", adopted: false), on: "2026-03-27") == "case.closed")
        #expect(c.procedure.stage(today: "2026-03-27") == "已结案")
    }

    @Test("a written waiver ends the period early; a statement is answered; the period skips weekends and holidays")
    func waiverAndStatement() throws {
        var c = Case(opened: "2026-09-21")
        try c.take(.investigation, Self.inquiry, on: "2026-09-22")
        try c.take(.proposal, Self.proposal(10_000), on: "2026-09-24")
        // Served 2026-09-29: the National Day holiday (10-01 to 10-08 in the default calendar) is not counted.
        try c.take(.notice, on: "2026-09-29")
        let ends = try #require(c.procedure.noticePeriodEnds)
        #expect(ends > "2026-10-08", "five working days from 09-29 run past the holiday: \(ends)")
        #expect(c.refusal(.statement, CaseStepInput(text: "请求从轻", adopted: false), on: "2026-09-30") == "case.text_required")
        try c.take(.statement, CaseStepInput(text: "请求从轻", answer: "不属于从轻情形", adopted: false), on: "2026-09-30")
        #expect(c.refusal(.decision, on: "2026-09-30") == "case.notice_period_open")
        try c.take(.waiver, on: "2026-09-30")
        try c.take(.decision, on: "2026-09-30")
        #expect(c.procedure.decision?.fineFen == 1_000_000)
    }

    @Test("a hearing: asked within five working days, noticed seven working days ahead, reported, discussed, then decided")
    func hearing() throws {
        var c = Case(opened: "2026-11-02")
        try c.take(.investigation, Self.inquiry, on: "2026-11-03")
        try c.take(.proposal, Self.proposal(50_000), on: "2026-11-05")
        #expect(c.procedure.hearingEligible && c.procedure.discussionRequired)
        try c.take(.notice, on: "2026-11-06")  // a Friday
        #expect(c.procedure.noticePeriodEnds == "2026-11-13")
        #expect(c.refusal(.hearingRequest, CaseStepInput(day: "2026-11-16"), on: "2026-11-16") == "case.hearing_request_late")
        try c.take(.hearingRequest, on: "2026-11-13")
        #expect(c.refusal(.waiver, on: "2026-11-13") == "case.hearing_requested")
        #expect(c.refusal(.decision, on: "2026-11-20") == "case.hearing_pending")
        // Told on Monday 11-16: seven working days later is Wednesday 11-25.
        let early = CaseStepInput(person: "刘洋", at: "2026-11-24T09:00", place: "听证室")
        #expect(c.refusal(.hearingNotice, early, on: "2026-11-16") == "case.hearing_notice_short")
        #expect(
            c.refusal(.hearingNotice, CaseStepInput(person: "刘洋", at: "2026-11-25T09:00", place: "听证室", servedTo: "赵"), on: "2026-11-16")
                == "case.text_required")
        let noticed = try c.take(
            .hearingNotice, CaseStepInput(person: "刘洋", at: "2026-11-25T09:00", place: "听证室", servedTo: "赵六"), on: "2026-11-16")
        // Signed for by the party: the store issues the 听证通知书's 送达回执 (the host is not the one served).
        #expect(CaseProcedure.signedFor(.hearingNotice, noticed.input) == "赵六" && noticed.input.method == "直接送达")
        #expect(CaseProcedure.signedFor(.hearingNotice, CaseStepInput(person: "刘洋")) == nil)
        #expect(c.refusal(.hearingRecord, CaseStepInput(text: "听证记录十个字以上的内容"), on: "2026-11-24") == "case.hearing_not_held")
        try c.take(.hearingRecord, CaseStepInput(text: "当事人对违法事实无异议，请求从轻。"), on: "2026-11-25")
        try c.take(.hearingReport, CaseStepInput(text: "建议维持拟处罚意见，罚款五万元。"), on: "2026-11-26")
        // Art. 58: a case heard must pass the legal review before the discussion and the decision.
        #expect(c.procedure.legalReviewRequired && c.procedure.stage(today: "2026-11-27") == "待法制审核")
        #expect(c.refusal(.decision, on: "2026-11-27") == "case.legal_review_required")
        #expect(c.refusal(.discussion, Self.discussion, on: "2026-11-27") == "case.legal_review_required")
        #expect(c.refusal(.legalReview, CaseStepInput(text: "同意", person: "孙丽"), on: "2026-11-27") == "case.field_required")
        try c.take(.legalReview, CaseStepInput(text: "证据不足以认定从重情节", person: "孙丽", adopted: false), on: "2026-11-27")
        #expect(c.procedure.stage(today: "2026-11-27") == "法制审核未通过")
        #expect(c.refusal(.discussion, Self.discussion, on: "2026-11-27") == "case.legal_review_failed")
        #expect(c.refusal(.decision, on: "2026-11-27") == "case.legal_review_failed")
        try c.take(.legalReview, CaseStepInput(text: "事实清楚，程序合法，同意", person: "孙丽", adopted: true), on: "2026-11-27")
        #expect(c.refusal(.legalReview, CaseStepInput(text: "再审一次", person: "孙丽", adopted: true), on: "2026-11-27") == "case.step_done")
        #expect(c.refusal(.decision, on: "2026-11-27") == "case.discussion_required")
        try c.take(.discussion, Self.discussion, on: "2026-11-27")
        try c.take(.decision, on: "2026-11-30")
        #expect(c.procedure.stage(today: "2026-11-30") == "待送达决定书")
    }

    static let discussion = CaseStepInput(text: "讨论了证据和听证意见", answer: "同意", person: "局长、副局长")

    @Test("a light case needs no legal review, but one recorded and failed stops its decision")
    func optionalLegalReview() throws {
        var c = Case(opened: "2026-03-02")
        try c.take(.investigation, Self.inquiry, on: "2026-03-03")
        try c.take(.proposal, Self.proposal(5_000), on: "2026-03-04")
        try c.take(.notice, on: "2026-03-05")
        try c.take(.waiver, on: "2026-03-06")
        #expect(!c.procedure.legalReviewRequired && c.procedure.allowed(today: "2026-03-06").contains(.decision))
        try c.take(.legalReview, CaseStepInput(text: "处罚依据引用条款有误", person: "孙丽", adopted: false), on: "2026-03-06")
        #expect(c.refusal(.decision, on: "2026-03-09") == "case.legal_review_failed")
    }

    @Test("the 90-day limit from 立案 refuses a late decision until an approved extension; the limit moves with it")
    func timeLimit() throws {
        var c = Case(opened: "2026-01-05")
        #expect(c.procedure.deadline == "2026-04-05")
        try c.take(.investigation, Self.inquiry, on: "2026-01-06")
        try c.take(.proposal, Self.proposal(5_000), on: "2026-03-20")
        try c.take(.notice, on: "2026-03-27")
        try c.take(.waiver, on: "2026-03-30")
        #expect(c.refusal(.decision, on: "2026-04-07") == "case.time_limit_passed")
        #expect(c.refusal(.extendLimit, CaseStepInput(person: "李明", days: 0), on: "2026-04-07") == "case.days_invalid")
        try c.take(.extendLimit, CaseStepInput(text: "案情复杂，需补充鉴定", person: "李明（局长）", days: 30), on: "2026-04-07")
        #expect(c.procedure.deadline == "2026-05-05")
        try c.take(.decision, on: "2026-04-08")
    }

    /// A case fined and served without a statement: investigated the day after 立案, proposed the next, told and waived
    /// the next, decided and served on the fourth day.
    static func served(fineYuan: Int, opened: String) throws -> Case {
        var c = Case(opened: opened)
        func day(_ n: Int) -> String { Timestamp.day(opened, adding: n) ?? opened }
        try c.take(.investigation, inquiry, on: day(1))
        try c.take(.proposal, proposal(fineYuan), on: day(2))
        try c.take(.notice, on: day(3))
        try c.take(.waiver, on: day(3))
        try c.take(.decision, on: day(4))
        try c.take(.service, CaseStepInput(person: "赵六"), on: day(4))
        return c
    }

    @Test("加处罚款: 3 % a day of the unpaid fine after the due date, never above the fine; part payments lower the base")
    func surcharge() throws {
        var c = try Self.served(fineYuan: 10_000, opened: "2026-03-02")
        #expect(c.procedure.dueOn == "2026-03-21")
        #expect(c.procedure.surchargeAccrued(through: "2026-03-21") == 0)
        #expect(c.procedure.surchargeAccrued(through: "2026-03-22") == 30_000)
        #expect(c.procedure.surchargeAccrued(through: "2026-03-31") == 300_000)
        #expect(c.procedure.surchargeAccrued(through: "2026-06-30") == 1_000_000, "capped at the fine")
        // Half paid on 03-25 (surcharge for 03-22..03-25 on the whole fine: 4 × 300 元), then 3 % of 5,000 元 a day.
        #expect(c.refusal(.payment, CaseStepInput(principalFen: 500_000, surchargeFen: 120_001), on: "2026-03-25") == "case.overpaid")
        try c.take(.payment, CaseStepInput(principalFen: 500_000, surchargeFen: 120_000), on: "2026-03-25")
        #expect(c.procedure.surchargeAccrued(through: "2026-03-27") == 120_000 + 2 * 15_000)
        #expect(c.procedure.outstandingSurchargeFen(on: "2026-03-27") == 30_000)
        #expect(c.refusal(.closing, on: "2026-03-27") == "case.fine_outstanding")
        try c.take(.payment, CaseStepInput(principalFen: 500_000, surchargeFen: 30_000), on: "2026-03-27")
        #expect(c.procedure.outstandingSurchargeFen(on: "2026-12-31") == 0, "nothing accrues once the fine is paid")
        try c.take(.closing, on: "2026-03-28")
    }

    @Test("催告 only after the due date; the court may be asked ten working days after it and after the appeal period, for three months")
    func courtWindow() throws {
        var c = try Self.served(fineYuan: 8_000, opened: "2026-01-05")
        #expect(c.refusal(.reminder, on: "2026-01-24") == "case.fine_not_due")
        #expect(
            c.refusal(.deferral, CaseStepInput(text: "经营困难", person: "李明", dueOn: "2026-01-20"), on: "2026-01-12") == "case.due_on_invalid")
        try c.take(.deferral, CaseStepInput(text: "经营困难，分两期缴纳", person: "李明", dueOn: "2026-02-28"), on: "2026-01-12")
        #expect(c.refusal(.reminder, on: "2026-02-28") == "case.fine_not_due")
        try c.take(.reminder, on: "2026-03-05")
        #expect(c.procedure.appealEnds == "2026-07-09")
        let window = try #require(c.procedure.courtWindow)
        #expect(window.opens == "2026-07-10" && window.closes == "2026-10-09")
        #expect(c.refusal(.enforcement, on: "2026-07-09") == "case.enforcement_too_early")
        #expect(c.refusal(.enforcement, on: "2026-10-10") == "case.enforcement_window_closed")
        try c.take(.enforcement, on: "2026-07-15")
        try c.take(.closing, CaseStepInput(text: "已申请人民法院强制执行"), on: "2026-07-16")
    }

    @Test("分期: instalments add up to the fine; a missed instalment alone accrues the 3 % surcharge and opens the 催告")
    func instalments() throws {
        var c = try Self.served(fineYuan: 9_000, opened: "2026-01-05")  // due 2026-01-24
        func plan(_ rows: [(String, Int)]) -> CaseStepInput {
            CaseStepInput(text: "经营困难，分三期缴纳", person: "李明", instalments: rows.map { Instalment(dueOn: $0.0, amountFen: $0.1 * 100) })
        }
        // Three instalments of 3,000 元 each; the sum must be the fine, the days in order and not before the approval.
        for bad in [
            [("2026-02-10", 3_000), ("2026-03-10", 3_000), ("2026-04-10", 2_000)], [("2026-03-10", 4_500), ("2026-02-10", 4_500)],
            [("2026-01-11", 4_500), ("2026-03-10", 4_500)], [("2026-02-10", 9_000)],
        ] {
            #expect(c.refusal(.deferral, plan(bad), on: "2026-01-12") == "case.instalments_invalid", "\(bad)")
        }
        try c.take(.deferral, plan([("2026-02-10", 3_000), ("2026-03-10", 3_000), ("2026-04-10", 3_000)]), on: "2026-01-12")
        #expect(c.procedure.dueOn == "2026-04-10" && c.procedure.nextInstalment(on: "2026-01-12")?.dueOn == "2026-02-10")
        #expect(c.refusal(.reminder, on: "2026-02-10") == "case.fine_not_due")
        // The first instalment paid on time; the second missed by three days: 3 % of 3,000 元 for each of them.
        try c.take(.payment, CaseStepInput(principalFen: 300_000), on: "2026-02-09")
        #expect(c.procedure.overduePrincipalFen(on: "2026-03-10") == 0 && c.procedure.surchargeAccrued(through: "2026-03-10") == 0)
        #expect(c.procedure.overduePrincipalFen(on: "2026-03-13") == 300_000)
        #expect(c.procedure.surchargeAccrued(through: "2026-03-13") == 3 * 9_000)
        #expect(c.procedure.stage(today: "2026-03-13") == "分期逾期未缴")
        try c.take(.reminder, on: "2026-03-13")
        try c.take(.payment, CaseStepInput(principalFen: 300_000, surchargeFen: 3 * 9_000), on: "2026-03-13")
        // Paid on the 13th: no surcharge from the 14th; the third instalment is not yet due.
        #expect(c.procedure.surchargeAccrued(through: "2026-04-10") == 3 * 9_000)
        #expect(c.procedure.nextInstalment(on: "2026-03-14")?.dueOn == "2026-04-10")
        #expect(c.procedure.stage(today: "2026-03-14") == "待缴纳罚款")
    }

    @Test("months are added as calendars do: the last day of a shorter month")
    func months() {
        #expect(CaseProcedure.adding(months: 6, to: "2026-08-31") == "2027-02-28")
        #expect(CaseProcedure.adding(months: 3, to: "2026-11-30") == "2027-02-28")
        #expect(CaseProcedure.adding(months: 6, to: "2026-01-15") == "2026-07-15")
    }
}
