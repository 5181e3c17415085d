import AnlanCore
import Foundation

/// The plan pages, rendered from what the controller read; no queries, no decisions.
enum PlanViews {
    static let title = "应急预案"
    static let filingsTitle = "预案备案"

    static func subnav(_ active: String, role: Role?) -> HTML {
        var tabs = [
            ("/plans", "预案"), ("/plans?review=overdue", "逾期未评估"), ("/plans/filings", filingsTitle), ("/plans/drills", DrillViews.title),
        ]
        if role?.can(.managePlans) == true { tabs += [("/plans/not-filed", "未备案企业"), ("/plans/drills/compliance", "演练频次")] }
        return Components.tabs(tabs, active: active, testID: "plans-nav")
    }

    static func reviewBadge(_ state: PlanReviewState) -> HTML {
        let tone: Components.Tone =
            switch state {
            case .overdue: .danger
            case .dueSoon: .warning
            case .current: .success
            case .unpublished, .withdrawn: .neutral
            }
        return Components.badge(state.label, tone: tone, testID: "review-\(state.rawValue)")
    }

    static let header = ["预案名称", "类别", "领域", "现行版本", "下次评估", "状态"]

    static func list(
        _ items: [EmergencyPlan], enterpriseNames: [String: String], query: [String: String], counts: [PlanReviewState: Int], today: Day,
        role: Role, pager: HTML
    ) -> HTML {
        let rows: [HTML] = items.map { p in
            let owner = p.enterpriseID.flatMap { enterpriseNames[$0.key] } ?? p.department ?? ""
            return """
                <tr><td data-label="\(header[0])"><a href="/plans/\(p.id.key)">\(p.title)</a>\(owner.isEmpty ? "" : "<div class=\"small text-muted\">\(HTML.escape(owner))</div>" as HTML)</td>\
                <td data-label="\(header[1])">\(p.scope.label)</td><td data-label="\(header[2])">\(p.topic.label)</td>\
                <td data-label="\(header[3])">\(p.currentVersion.map { "第 \($0) 版 · \(p.publishedOn?.description ?? "")" } ?? "—")</td>\
                <td data-label="\(header[4])">\(p.nextEvaluationDue?.description ?? "—")</td><td data-label="\(header[5])">\(reviewBadge(p.reviewState(today: today, warningDays: PlanRules.defaultWarningDays)))</td></tr>
                """
        }
        let alerts: HTML = """
            <p class="small" data-testid="plan-counts"><a href="/plans?review=overdue">逾期未评估 <strong data-testid="count-overdue">\(counts[.overdue] ?? 0)</strong> 份</a> · \
            <a href="/plans?review=dueSoon">\(PlanRules.defaultWarningDays) 日内到期评估 <strong data-testid="count-due-soon">\(counts[.dueSoon] ?? 0)</strong> 份</a></p>
            """
        let add: HTML =
            "<div class=\"col-auto\"><a class=\"btn btn-sm btn-success\" href=\"/plans/new\" data-testid=\"plan-new\">登记预案</a></div>"
        return """
            \(subnav(query["review"] == "overdue" ? "/plans?review=overdue" : "/plans", role: role))
            <h1 class="h4">\(title)</h1>
            \(alerts)
            \(Components.filterBar(action: "/plans", testID: "plan-filters", filters: [
                .text(name: "q", placeholder: "预案名称、部门", value: query["q"]),
                .choice(name: "scope", label: "预案类别", options: PlanScope.allCases.map { ($0.rawValue, $0.label) }, selected: query["scope"]),
                .choice(name: "topic", label: "适用领域", options: PlanTopic.allCases.map { ($0.rawValue, $0.label) }, selected: query["topic"]),
                .choice(name: "review", label: "评估状态", options: PlanReviewState.allCases.map { ($0.rawValue, $0.label) }, selected: query["review"]),
            ], searchLabel: UIText.search, trailing: role.can(.managePlans) || role == .enterpriseOfficer ? add : .empty))
            \(Components.table(testID: "plans", header: header, rows: rows, cards: true))
            \(pager)
            <p class="small text-muted">评估周期默认 \(PlanRules.defaultEvaluationYears) 年，依据：\(PlanRules.evaluationSource)。</p>
            """
    }

    static func form(
        values: [String: [String]], places: [(code: String, name: String)], scopes allowed: [PlanScope],
        ownEnterprise: (id: String, name: String, divisionCode: String)?, csrf: String,
        refusal: AnlanError?
    ) -> HTML {
        typealias F = EmergencyPlanDraft.Field
        func value(_ f: InputField) -> String { values[f.name]?.first ?? "" }
        func options(_ cases: [(String, String)], selected: String) -> [HTML] {
            cases.map { "<option value=\"\($0.0)\"\(HTML(unsafe: selected == $0.0 ? " selected" : ""))>\($0.1)</option>" }
        }
        let scopes: [(String, String)] = allowed.map { ($0.rawValue, $0.label) }
        let enterprise: HTML =
            ownEnterprise.map { e in
                "<input type=\"hidden\" name=\"enterpriseId\" value=\"\(e.id)\"><input type=\"hidden\" name=\"divisionCode\" value=\"\(e.divisionCode)\"><div class=\"col-md-6\"><div class=\"form-label\">企业</div><div>\(e.name)</div></div>"
            } ?? """
                <div class="col-md-6"><label class="form-label" for="plan-enterprise-search">企业（企业预案必选；输入名称查找）</label>\
                <input class="form-control mb-1" id="plan-enterprise-search" placeholder="\(UIText.searchPlaceholder)" autocomplete="off" data-enterprise-picker="enterpriseId">\
                <select class="form-select" id="enterpriseId" name="enterpriseId" aria-label="企业"><option value="\(value(F.enterpriseID))">\(value(F.enterpriseID).isEmpty ? "（非企业预案不选）" : value(F.enterpriseID))</option></select></div>
                """
        return """
            \(subnav("/plans", role: nil))
            <h1 class="h4">登记预案</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(Components.form(action: "/plans", csrf: csrf, testID: "plan-form", classes: "row g-3 bg-white p-3 border rounded", content: """
                <div class="col-md-6"><label class="form-label" for="f-title">\(F.title.label)（必填）</label><input class="form-control" id="f-title" name="title" value="\(value(F.title))" maxlength="\(EmergencyPlanDraft.titleLimit)" required></div>
                <div class="col-md-3"><label class="form-label" for="f-scope">\(F.scope.label)</label><select class="form-select" id="f-scope" name="scope">\(options(scopes, selected: value(F.scope)))</select></div>
                <div class="col-md-3"><label class="form-label" for="f-topic">\(F.topic.label)</label><select class="form-select" id="f-topic" name="topic">\(options(PlanTopic.allCases.map { ($0.rawValue, $0.label) }, selected: value(F.topic)))</select></div>
                \(ownEnterprise != nil ? HTML.empty : "<div class=\"col-md-4\"><label class=\"form-label\" for=\"f-divisionCode\">\(F.divisionCode.label)</label><select class=\"form-select\" id=\"f-divisionCode\" name=\"divisionCode\">\(options(places.map { ($0.code, $0.name) }, selected: value(F.divisionCode)))</select></div>")
                <div class="col-md-4"><label class="form-label" for="f-department">\(F.department.label)（部门预案必填）</label><input class="form-control" id="f-department" name="department" value="\(value(F.department))" maxlength="60"></div>
                <div class="col-md-4"><label class="form-label" for="f-evaluationYears">\(F.evaluationYears.label)</label><input class="form-control" id="f-evaluationYears" name="evaluationYears" type="number" min="1" max="5" value="\(values[F.evaluationYears.name]?.first ?? String(PlanRules.defaultEvaluationYears))"></div>
                \(enterprise)
                <div class="col-12"><button class="btn btn-primary" data-testid="plan-save">\(UIText.save)</button></div>
                """))
            """
    }
}
