import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// A case's page: where it stands against the law's clocks, the steps taken with their documents, and a form for
/// each step the procedure allows now (`CaseProcedure.allowed`), so an officer is never offered a step out of order.
extension SupervisionPages {
    /// `refused`: the step whose form was just refused, and what it said, to show it again open and filled in.
    func casePage(
        _ id: UUID, context: UserContext, notice: HTML, refused: (CaseStep, [String: String])? = nil,
        inquiry typed: [String: String]? = nil
    ) async throws -> HTML {
        let c = try await store.documents.case(id, by: context.caller)
        let enterprise = try await store.enterprises.get(c.enterpriseID, by: context.caller)
        let documents = try await store.documents.documents(.init(caseID: id), page: try PageRequest(pageSize: 100), by: context.caller)
            .items
        let procedure = try await store.documents.procedure(of: c, by: context.caller)
        let today = Timestamp.day(store.environment.now())
        let csrf = context.csrfToken ?? ""
        let canInspect = context.caller.role?.can(.inspect) == true
        let numbers = Dictionary(documents.map { ($0.id.key, $0.number) }, uniquingKeysWith: { a, _ in a })

        let daysLeft = Day(procedure.deadline).map { Day(today)?.days(until: $0) ?? 0 } ?? 0
        let deadlineText: HTML =
            c.status == .open
            ? (daysLeft < 0
                ? HTML("<span class=\"text-danger fw-bold\">\(procedure.deadline)（已超过 \(-daysLeft) 天）</span>")
                : HTML("<span class=\"\(daysLeft <= 10 ? "text-danger fw-bold" : "")\">\(procedure.deadline)（还剩 \(daysLeft) 天）</span>"))
            : Self.plain(procedure.deadline)
        var facts: [(String, HTML)] = [
            (UIText.enterprise, Self.link(c.enterpriseID, "enterprises", enterprise.profile.name)),
            ("办案阶段", HTML("<span data-testid=\"case-stage\">\(procedure.stage(today: today))</span>")),
            (UIText.openedOn, Self.plain(c.openedOn)),
            ("办案期限", HTML("<span data-testid=\"case-deadline\">\(deadlineText)</span>")),
            (UIText.violation, HTML("<span style=\"white-space: pre-line\">\(c.violation)</span>")),
        ]
        if let p = procedure.proposal {
            facts.append(("拟处罚内容", Self.plain(CaseProcedure.penaltyText(p) ?? "—")))
            facts.append(("听证权利", Self.plain(procedure.hearingEligible ? "有（拟作出较大数额罚款或责令停产停业）" : "无")))
            let review =
                procedure.last(.legalReview).map { $0.input.adopted == true ? "已通过（\($0.day)）" : "未通过（\($0.day)），须重新审核" }
                ?? (procedure.legalReviewRequired ? "须在决定前审核（《行政处罚法》第五十八条）" : "不要求（可自行送审）")
            facts.append(("法制审核", HTML("<span data-testid=\"legal-review\">\(review)</span>")))
        }
        if let ends = procedure.noticePeriodEnds {
            facts.append(("陈述申辩期限", HTML("<span data-testid=\"notice-period\">\(ends)</span>")))
        }
        if let d = procedure.decision {
            facts.append(("处罚决定", Self.plain(CaseProcedure.penaltyText(d) ?? "—")))
            facts.append((UIText.provisions, Self.plain(d.provisions ?? "—")))
            facts.append((UIText.penaltyBasis, Self.plain(d.penaltyBasis ?? "—")))
        }
        if let due = procedure.dueOn { facts.append((UIText.fineDue, Self.plain(due))) }
        if let plan = procedure.instalments {
            let next = procedure.nextInstalment(on: today)
            let lines = plan.enumerated().map { index, i in
                "第 \(index + 1) 期 \(i.dueOn) 前 \(Money.yuan(i.amountFen)) 元\(next == i ? "（下一期）" : "")"
            }
            facts.append(("分期缴纳", HTML("<span data-testid=\"case-instalments\">\(lines.joined(separator: "；"))</span>")))
        }
        if procedure.fineFen > 0 {
            let owed = procedure.outstandingSurchargeFen(on: today)
            facts.append(
                (
                    "缴纳情况",
                    HTML(
                        "<span data-testid=\"case-payments\">罚款已缴 \(Money.yuan(procedure.paidPrincipalFen)) 元，未缴 \(Money.yuan(procedure.outstandingPrincipalFen)) 元；加处罚款已缴 \(Money.yuan(procedure.paidSurchargeFen)) 元，应缴未缴 \(Money.yuan(owed)) 元</span>"
                    )
                ))
        }
        if let window = procedure.courtWindow, procedure.outstandingPrincipalFen > 0 || procedure.last(.enforcement) != nil {
            facts.append(("申请强制执行期间", HTML("<span data-testid=\"court-window\">\(window.opens) 至 \(window.closes)</span>")))
        }
        let factRows: [HTML] = facts.map { "<tr><th style=\"width: 9rem\">\($0.0)</th><td>\($0.1)</td></tr>" }

        let stepRows: [HTML] = procedure.steps.map { r in
            let doc: HTML = r.documentID.map { Self.link($0, "documents", numbers[$0.key] ?? "文书") } ?? .empty
            return
                "<tr><td class=\"text-nowrap\">\(r.day)</td><td class=\"text-nowrap\">\(r.step.title)</td><td style=\"min-width: 12rem\">\(Self.summary(r))</td><td class=\"text-nowrap\">\(doc)</td></tr>"
        }
        let allowed = canInspect ? procedure.allowed(today: today) : []
        let officers =
            allowed.contains(.investigation)
            ? try await store.accounts.certifiedInspectors(county: enterprise.profile.divisionCode).map { ($0.username, $0.displayName) }
            : []
        let forms: [HTML] = allowed.map { step in
            let given: [String: String]? = refused?.0 == step ? refused?.1 : nil
            return """
                <details class="mb-2 border rounded bg-white p-2" data-testid="step-\(step.rawValue)"\(HTML(unsafe: given == nil ? "" : " open"))><summary>\(step.title)</summary>
                <form method="post" action="/cases/\(id.key)/steps" class="row g-2 mt-1"><input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="step" value="\(step.rawValue)">
                \(Self.stepInputs(step, procedure: procedure, today: today, given: given ?? [:], officers: officers, me: context.caller.username ?? ""))
                <div class="col-12"><button class="btn btn-sm btn-primary">办理：\(step.title)</button></div></form></details>
                """
        }
        let docRows: [HTML] = documents.map { d in
            "<tr><td>\(Self.link(d.id, "documents", d.number))</td><td>\(d.kind.title)</td><td>\(d.voidedAt == nil ? "" : UIText.voided)</td></tr>"
        }
        // An inquiry notice summons the party during the investigation: before the decision.
        let others: HTML =
            canInspect && c.status == .open
            ? """
            <details class="mb-2 border rounded bg-white p-2" style="max-width: 60rem" data-testid="case-inquiry"\(HTML(unsafe: typed == nil ? "" : " open"))><summary>\(UIText.issueInquiry)</summary>
            <form method="post" action="/cases/\(id.key)/documents" class="row g-2 mt-1"><input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="kind" value="\(DocumentKind.inquiryNotice.rawValue)">
            <div class="col-sm-4"><label class="form-label small w-100">\(UIText.inquiryAt)<input class="form-control form-control-sm" type="datetime-local" name="inquiryAt" value="\(typed?["inquiryAt"] ?? "")" required></label></div>
            <div class="col-sm-4"><label class="form-label small w-100">\(UIText.inquiryPlace)<input class="form-control form-control-sm" name="inquiryPlace" value="\(typed?["inquiryPlace"] ?? "")" required maxlength="100"></label></div>
            <div class="col-sm-4"><label class="form-label small w-100">\(UIText.inquiryMaterials)<input class="form-control form-control-sm" name="inquiryMaterials" value="\(typed?["inquiryMaterials"] ?? "")" required maxlength="500"></label></div>
            <div class="col-12"><button class="btn btn-sm btn-outline-primary">\(UIText.issueInquiry)</button></div></form></details>
            """ : .empty
        let body: HTML = """
            <div class="d-flex flex-wrap align-items-baseline gap-2"><h1 class="h4">\(c.title)</h1>\
            <a class="btn btn-sm btn-outline-primary ms-auto" href="/cases/\(id.key)/file" data-testid="case-file-link">案卷（打印）</a></div>
            <div class="table-responsive"><table class="table table-sm bg-white" style="max-width: 60rem" data-testid="case">\(factRows)</table></div>
            <h2 class="h6">办案步骤</h2>
            <div class="table-responsive"><table class="table table-sm bg-white" data-testid="case-steps"><thead><tr><th>日期</th><th>步骤</th><th>内容</th><th>文书</th></tr></thead><tbody>\(stepRows)</tbody></table></div>
            \(forms.isEmpty ? HTML.empty : HTML("<h2 class=\"h6\">现在可以办理</h2><div data-testid=\"case-next\" style=\"max-width: 60rem\">\(forms)</div>"))
            \(others)
            <h2 class="h6">\(UIText.documents)</h2><div class="table-responsive"><table class="table table-sm bg-white" data-testid="case-documents"><tbody>\(docRows)</tbody></table></div>
            """
        return Layout.page(title: c.title, context: context, active: "/supervision", notice: notice, body: body)
    }

    static func plain(_ text: String) -> HTML { "\(text)" }

    /// One line on what a recorded step says.
    static func summary(_ r: CaseStepRecord) -> String {
        let i = r.input
        switch r.step {
        case .proposal, .decision: return CaseProcedure.penaltyText(i) ?? ""
        case .statement: return "\(i.adopted == true ? "采纳" : "不予采纳")：\(i.answer ?? "")"
        case .hearingNotice:
            return "\(i.at.map { $0.replacingOccurrences(of: "T", with: " ") } ?? "")，\(i.place ?? "")，主持人 \(i.person ?? "")"
                + (i.servedTo.map { "；\($0) 签收" } ?? "")
        case .service, .notice: return [i.person, i.method].compactMap { $0 }.joined(separator: "，")
        case .reminder: return [i.servedTo.map { "\($0) 签收" }, i.method].compactMap { $0 }.joined(separator: "，")
        case .deferral:
            return i.instalments.map { "分 \($0.count) 期缴纳，最后一期 \(i.dueOn ?? "")；批准人 \(i.person ?? "")" }
                ?? "缴纳期限延至 \(i.dueOn ?? "")；批准人 \(i.person ?? "")"
        case .payment: return "罚款 \(Money.yuan(i.principalFen ?? 0)) 元，加处罚款 \(Money.yuan(i.surchargeFen ?? 0)) 元"
        case .extendLimit: return "延长 \(i.days ?? 0) 天；批准人 \(i.person ?? "")；\(i.text ?? "")"
        case .discussion: return i.answer ?? ""
        case .legalReview: return "\(i.adopted == true ? "通过" : "未通过")：\(i.text ?? "")（\(i.person ?? "")）"
        default:
            let text = i.text ?? ""
            return text.count > 60 ? String(text.prefix(60)) + "…" : text
        }
    }

    /// The inputs of one step's form.
    /// The inputs of one step's form; `given` fills them again after a refusal. Minimum lengths are Core's.
    static func stepInputs(
        _ step: CaseStep, procedure p: CaseProcedure, today: String, given: [String: String] = [:],
        officers: [(username: String, name: String)] = [], me: String = ""
    ) -> HTML {
        func day(_ label: String) -> HTML {
            "<div class=\"col-sm-4\"><label class=\"form-label small\">\(label)<input class=\"form-control form-control-sm\" type=\"date\" name=\"day\" value=\"\(given["day"] ?? today)\" max=\"\(today)\"></label></div>"
        }
        func input(_ name: String, _ label: String, value: String = "", required: Bool = true, max: Int = 100, width: Int = 4) -> HTML {
            "<div class=\"col-sm-\(width)\"><label class=\"form-label small w-100\">\(label)<input class=\"form-control form-control-sm\" name=\"\(name)\" value=\"\(given[name] ?? value)\" maxlength=\"\(max)\"\(HTML(unsafe: required ? " required minlength=\"2\"" : ""))></label></div>"
        }
        func area(_ name: String, _ label: String, value: String = "", required: Bool = true, min: Int = 2, max: Int = 4000) -> HTML {
            let hint = min > 2 ? "（至少 \(min) 字）" : ""
            return
                "<div class=\"col-12\"><label class=\"form-label small w-100\">\(label)\(hint)<textarea class=\"form-control form-control-sm\" name=\"\(name)\" rows=\"3\" minlength=\"\(min)\" maxlength=\"\(max)\"\(HTML(unsafe: required ? " required" : ""))>\(given[name] ?? value)</textarea></label></div>"
        }
        func date(_ name: String, _ label: String, required: Bool = false) -> HTML {
            "<div class=\"col-sm-4\"><label class=\"form-label small\">\(label)<input class=\"form-control form-control-sm\" type=\"date\" name=\"\(name)\" value=\"\(given[name] ?? "")\"\(HTML(unsafe: required ? " required" : ""))></label></div>"
        }
        let proposed = p.proposal
        switch step {
        case .investigation:
            // Art. 42: two officers at least; the one recording is ticked, the second is chosen.
            let boxes: [HTML] = officers.map { o in
                "<label class=\"form-check form-check-inline small\"><input class=\"form-check-input\" type=\"checkbox\" name=\"officers\" value=\"\(o.username)\"\(HTML(unsafe: o.username == me ? " checked" : ""))> \(o.name)</label>"
            }
            return """
                <div class="col-sm-4"><label class="form-label small">方式<select class="form-select form-select-sm" name="method"><option value="inquiry">询问（询问笔录）</option><option value="survey">勘验（勘验笔录）</option></select></label></div>
                <div class="col-12" data-testid="investigation-officers"><div class="form-label small">执法人员（至少两名持证人员）</div>\(boxes)</div>
                \(day("日期"))\(input("person", "被询问人／当事人或见证人"))\(input("place", "地点", width: 8))\(area("text", "询问或勘验的记录", min: 10))
                """
        case .proposal:
            return """
                \(input("fine", "拟罚款（元）", max: 12))\(date("suspensionUntil", "拟责令停产停业整顿至（可空）"))
                \(area("provisions", "违反的规定", max: 1000))\(area("penaltyBasis", "处罚依据", max: 1000))\(area("text", "经办人意见", max: 2000))
                """
        case .notice:
            return "\(day("告知书送达日期"))\(input("person", "受送达人（签收人，出具送达回执）"))\(input("method", "送达方式", value: "直接送达", max: 40))"
        case .statement:
            return """
                \(day("陈述申辩日期"))<div class="col-sm-4"><label class="form-label small">复核结果<select class="form-select form-select-sm" name="adopted"><option value="false">不予采纳</option><option value="true">采纳</option></select></label></div>
                \(area("text", "当事人陈述、申辩的内容"))\(area("answer", "复核意见（采纳或不予采纳的理由）", max: 2000))
                """
        case .waiver:
            return
                "\(day("书面放弃的日期"))\(input("text", "放弃声明", value: "当事人书面声明放弃陈述、申辩\(p.hearingEligible ? "和听证" : "")的权利", max: 500, width: 8))"
        case .hearingRequest:
            return "\(day("提出听证要求的日期"))\(input("text", "听证申请", value: "当事人要求举行听证", max: 500, width: 8))"
        case .hearingNotice:
            return """
                <div class="col-sm-4"><label class="form-label small">听证时间（须在七个工作日后）<input class="form-control form-control-sm" type="datetime-local" name="at" required></label></div>
                \(input("place", "听证地点"))\(input("person", "听证主持人"))
                \(input("servedTo", "受送达人（签收人，填写即出具送达回执）", required: false))\(input("method", "送达方式", value: "直接送达", required: false, max: 40))
                """
        case .hearingRecord: return "\(day("听证日期"))\(area("text", "听证笔录", min: 10))"
        case .hearingReport: return "\(day("报告日期"))\(area("text", "听证情况及处理意见", min: 10))"
        case .legalReview:
            return """
                \(day("审核日期"))<div class="col-sm-4"><label class="form-label small">审核结论<select class="form-select form-select-sm" name="adopted"><option value="true">通过</option><option value="false">不通过</option></select></label></div>
                \(input("person", "法制审核人员（具有法律职业资格）"))\(area("text", "审核意见（主体、事实、证据、程序、依据、裁量是否合法适当）", max: 2000))
                """
        case .discussion:
            return "\(day("讨论日期"))\(input("person", "主持人及参加人员", width: 8))\(area("text", "讨论内容"))\(area("answer", "讨论结论", max: 2000))"
        case .decision:
            return """
                \(input("fine", "罚款（元，不能高于告知的 \(Money.yuan(proposed?.fineFen ?? 0))）", value: Money.yuan(proposed?.fineFen ?? 0), max: 12, width: 6))
                \(date("suspensionUntil", "责令停产停业整顿至（可空）"))
                \(area("provisions", "违反的规定", value: proposed?.provisions ?? "", max: 1000))\(area("penaltyBasis", "处罚依据", value: proposed?.penaltyBasis ?? "", max: 1000))
                """
        case .service: return "\(day("送达日期"))\(input("person", "受送达人（签收人）"))\(input("method", "送达方式", value: "直接送达", max: 40))"
        case .deferral:
            let rows: [HTML] = (0..<6).map { index in
                """
                <div class="col-6 col-sm-3"><input class="form-control form-control-sm" type="date" name="instalments.dueOn" aria-label="第 \(index + 1) 期缴纳期限"></div>\
                <div class="col-6 col-sm-3"><input class="form-control form-control-sm" name="instalments.amount" inputmode="decimal" placeholder="第 \(index + 1) 期金额（元）" aria-label="第 \(index + 1) 期金额（元）"></div>
                """
            }
            return """
                \(date("dueOn", "暂缓缴纳至（分期时不填）"))\(input("person", "批准人"))\(area("text", "延期（分期）理由", max: 1000))
                <div class="col-12 small text-muted">分期缴纳：按先后填写各期期限和金额（2–12 期，合计等于未缴罚款 \(Money.yuan(p.outstandingPrincipalFen)) 元）；逾期未缴的一期按日加处 3% 罚款。</div>
                <div class="row g-1 mx-0" data-testid="instalment-rows">\(rows)</div>
                """
        case .payment:
            let owed = p.outstandingSurchargeFen(on: today)
            return """
                \(day("缴纳日期"))\(input("principal", "缴纳罚款（元，未缴 \(Money.yuan(p.outstandingPrincipalFen))）", value: Money.yuan(p.outstandingPrincipalFen), required: false, max: 12))
                \(input("surcharge", "缴纳加处罚款（元，截至今天应缴 \(Money.yuan(owed))）", value: Money.yuan(owed), required: false, max: 12))
                """
        case .reminder:
            return
                "\(day("催告书送达日期"))\(input("servedTo", "受送达人（签收人，填写即出具送达回执）", required: false))\(input("method", "送达方式", value: "直接送达", max: 40))"
        case .enforcement: return "\(day("申请日期"))\(input("text", "申请事项", value: "申请人民法院强制执行行政处罚决定", max: 1000, width: 8))"
        case .extendLimit:
            let days: HTML =
                "<div class=\"col-sm-4\"><label class=\"form-label small w-100\">延长天数（1–90）<input class=\"form-control form-control-sm\" type=\"number\" min=\"1\" max=\"90\" name=\"days\" value=\"\(given["days"] ?? "")\" required></label></div>"
            return "\(days)\(input("person", "批准延长的负责人"))\(area("text", "延长理由", max: 1000))"
        case .closing: return "\(day("结案日期"))\(input("text", "结案理由", value: "行政处罚决定已执行完毕", max: 1000, width: 8))"
        }
    }
}
