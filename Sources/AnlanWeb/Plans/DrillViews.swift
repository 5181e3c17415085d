import AnlanCore
import AnlanStore
import Foundation

/// Drill pages and the frequency compliance page.
enum DrillViews {
    static let title = "应急演练"
    static let header = ["演练名称", "日期", "形式", "预案部分", "参演人数", "组织单位"]

    static func list(
        _ items: [Drill], enterpriseNames: [String: String], query: [String: String], mayRecord: Bool, role: Role, pager: HTML
    ) -> HTML {
        let rows: [HTML] = items.map { d in
            let owner = d.enterpriseID.flatMap { enterpriseNames[$0.key] }
            return """
                <tr><td data-label="\(header[0])"><a href="/plans/drills/\(d.id.key)">\(d.title)</a>\(owner.map { "<div class=\"small text-muted\">\(HTML.escape($0))</div>" as HTML } ?? .empty)</td>\
                <td data-label="\(header[1])">\(d.on)</td><td data-label="\(header[2])">\(d.type.label)</td><td data-label="\(header[3])">\(d.planKind.label)</td>\
                <td data-label="\(header[4])" class="text-end">\(d.participants)</td><td data-label="\(header[5])">\(d.organiser)</td></tr>
                """
        }
        let add: HTML =
            mayRecord
            ? "<div class=\"col-auto\"><a class=\"btn btn-sm btn-success\" href=\"/plans/drills/new\" data-testid=\"drill-new\">登记演练</a></div>"
            : .empty
        return """
            \(PlanViews.subnav("/plans/drills", role: role))
            <h1 class="h4">\(title)</h1>
            \(Components.filterBar(action: "/plans/drills", testID: "drill-filters", filters: [
                .choice(name: "type", label: "演练形式", options: DrillType.allCases.map { ($0.rawValue, $0.label) }, selected: query["type"]),
                .text(name: "from", placeholder: "日期起 2026-01-01", value: query["from"]), .text(name: "to", placeholder: "日期止", value: query["to"]),
                .hidden(name: "enterpriseId", value: query["enterpriseId"]), .hidden(name: "planId", value: query["planId"]),
            ], searchLabel: UIText.search, trailing: add))
            \(Components.table(testID: "drills", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func form(plans: [EmergencyPlan], values: [String: [String]], today: Day, csrf: String, refusal: AnlanError?, role: Role) -> HTML
    {
        typealias F = DrillDraft.Field
        func value(_ f: InputField) -> String { values[f.name]?.first ?? "" }
        func select(_ f: InputField, _ options: [(String, String)]) -> HTML {
            let items: [HTML] = options.map {
                "<option value=\"\($0.0)\"\(HTML(unsafe: value(f) == $0.0 ? " selected" : ""))>\($0.1)</option>"
            }
            return "<select class=\"form-select\" id=\"f-\(f.name)\" name=\"\(f.name)\">\(items)</select>"
        }
        func input(_ f: InputField, required: Bool = false, type: String = "text", width: String = "col-md-4", fallback: String = "")
            -> HTML
        {
            let max: HTML =
                f.maxLength.map { HTML(unsafe: " maxlength=\"\($0)\"") }
                ?? (type == "number" ? HTML(unsafe: " min=\"1\" max=\"100000\"") : .empty)
            let shown = value(f).isEmpty ? fallback : value(f)
            return """
                <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label><input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(shown)"\(max)\(HTML(unsafe: required ? " required" : ""))></div>
                """
        }
        func area(_ f: InputField, required: Bool = false) -> HTML {
            """
            <div class="col-md-6"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label><textarea class="form-control" id="f-\(f.name)" name="\(f.name)" rows="3" maxlength="\(DrillDraft.textLimit)"\(HTML(unsafe: required ? " required" : ""))>\(value(f))</textarea></div>
            """
        }
        return """
            \(PlanViews.subnav("/plans/drills", role: role))
            <h1 class="h4">登记演练</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(plans.isEmpty ? "<p class=\"text-muted\">尚无已发布的预案：先登记预案并发布版本，再登记其演练。</p>" as HTML : .empty)
            \(plans.isEmpty ? HTML.empty : Components.form(action: "/plans/drills", csrf: csrf, testID: "drill-form", classes: "row g-3 bg-white p-3 border rounded", content: """
                <div class="col-md-6"><label class="form-label" for="f-planId">\(F.plan.label)（必填）</label>\(select(F.plan, plans.map { ($0.id.key, $0.title) }))</div>
                <div class="col-md-3"><label class="form-label" for="f-planKind">\(F.planKind.label)</label>\(select(F.planKind, DrillPlanKind.allCases.map { ($0.rawValue, $0.label) }))</div>
                <div class="col-md-3"><label class="form-label" for="f-type">\(F.type.label)</label>\(select(F.type, DrillType.allCases.map { ($0.rawValue, $0.label) }))</div>
                \(input(F.title, required: true, width: "col-md-6"))\(input(F.on, required: true, type: "date", width: "col-md-3", fallback: today.description))
                \(input(F.participants, required: true, type: "number", width: "col-md-3"))
                \(input(F.organiser, required: true, width: "col-md-6"))\(input(F.units, width: "col-md-6"))
                \(area(F.scenario, required: true))\(area(F.evaluation))\(area(F.findings))\(area(F.followUps))
                <div class="col-12"><button class="btn btn-primary" data-testid="drill-save">\(UIText.save)</button></div>
                """))
            """
    }

    static func detail(_ d: Drill, planTitle: String, role: Role) -> HTML {
        var facts: [(label: String, value: HTML, testID: String?)] = [
            ("演练的预案", d.planID.map { "<a href=\"/plans/\($0.key)\">\(HTML.escape(planTitle))</a>" as HTML } ?? "—", nil),
            ("日期", "\(d.on)", nil), ("形式", "\(d.type.label) · \(d.planKind.label)", nil), ("组织单位", "\(d.organiser)", nil),
            ("参演", "\(d.participants) 人\(d.units.map { "；\($0)" } ?? "")", nil), ("演练情景", "\(d.scenario)", nil),
        ]
        if let e = d.evaluation { facts.append(("演练评估", "\(e)", nil)) }
        if let f = d.findings { facts.append(("发现的问题", "\(f)", nil)) }
        if let f = d.followUps { facts.append(("整改措施", "\(f)", nil)) }
        return """
            \(PlanViews.subnav("/plans/drills", role: role))
            <h1 class="h4">\(d.title)</h1>
            \(Components.facts(facts))
            """
    }

    static func compliance(
        _ items: [EmergencyPlanRepository.DrillCompliance], total: Int, divisionNames: [String: String],
        townships: [(code: String, name: String)], sectors: [String], query: [String: String], today: Day, pager: HTML
    ) -> HTML {
        let enterprises = query["subjects"] != "governments"
        let header = [enterprises ? "企业" : "县、乡镇（街道）", "所在乡镇、村", "要求", "最近一次", "应于", "状态"]
        let rows: [HTML] = items.flatMap { c in
            c.standings.map { s in
                let name: HTML =
                    c.isEnterprise
                    ? "<a href=\"/plans/drills?enterpriseId=\(c.subjectID)\">\(c.name)</a>\(c.highRisk ? Components.badge("高危行业", tone: .dark) : .empty)"
                    : "\(c.name)"
                return """
                    <tr><td data-label="\(header[0])">\(name)</td><td data-label="\(header[1])">\(place(c, divisionNames))</td>\
                    <td data-label="\(header[2])">\(s.requirement.label)</td>\
                    <td data-label="\(header[3])">\(s.last?.description ?? "从未演练")</td><td data-label="\(header[4])">\(s.due?.description ?? "—")</td>\
                    <td data-label="\(header[5])">\(s.behind ? Components.badge("逾期", tone: .danger) : Components.badge("按期", tone: .success))</td></tr>
                    """
            }
        }
        func workbookLink(_ query: [String: String]) -> String {
            var parts = URLComponents()
            parts.path = "/plans/drills/compliance.xlsx"
            let items = query.filter { $0.key != "page" && $0.key != "pageSize" }.sorted { $0.key < $1.key }
            parts.queryItems = items.isEmpty ? nil : items.map { URLQueryItem(name: $0.key, value: $0.value) }
            return parts.string ?? parts.path
        }
        return """
            \(PlanViews.subnav("/plans/drills/compliance", role: .staff))
            <h1 class="h4">演练频次</h1>
            <p class="small text-muted">企业：综合或专项应急预案每年至少演练 1 次、现场处置方案每半年至少 1 次（《生产安全事故应急预案管理办法》第三十三条）；\
            危险物品、矿山、金属冶炼、建筑施工和人员密集场所等高危行业单位每半年至少 1 次；县、乡镇（街道）每 2 年至少 1 次（《生产安全事故应急条例》第八条）。\
            自最近一次演练起算；从未演练的列为逾期。</p>
            \(Components.filterBar(action: "/plans/drills/compliance", testID: "compliance-filters", filters: [
                .choice(name: "subjects", label: "对象", options: [("enterprises", "企业"), ("governments", "县、乡镇（街道）")], selected: query["subjects"]),
                .choice(name: "behind", label: "只看逾期", options: [("true", UIText.yes), ("false", "全部")], selected: query["behind"]),
                .choice(name: "divisionCode", label: UIText.townships, options: townships.map { ($0.code, $0.name) }, selected: query["divisionCode"]),
            ] + (enterprises ? [Components.Filter.choice(name: "sector", label: "行业", options: sectors.map { ($0, $0) }, selected: query["sector"])] : []),
            searchLabel: UIText.search))
            <p><span data-testid="compliance-total">共 \(total) \(enterprises ? "家企业" : "个")</span> \
            <a class="btn btn-sm btn-outline-primary ms-2" data-testid="compliance-export" href="\(workbookLink(query))">导出 XLSX（年终报告）</a></p>
            \(Components.table(testID: "compliance", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    /// Where a subject sits: an enterprise's township and village ("青山镇 杜方社区"), a government's own name.
    static func place(_ c: EmergencyPlanRepository.DrillCompliance, _ names: [String: String]) -> String {
        let own = names[c.divisionCode] ?? c.divisionCode
        guard c.isEnterprise, let code = try? DivisionCode(c.divisionCode), code.level == .village, let town = code.parent else {
            return own
        }
        return "\(names[town.rawValue] ?? town.rawValue) \(own)"
    }

    static let workbookHeader = ["对象", "所在乡镇、村", "高危行业", "要求", "依据", "最近一次", "应于", "状态"]

    /// One workbook row per requirement of each subject, as on the page.
    static func workbookRows(_ items: [EmergencyPlanRepository.DrillCompliance], divisionNames: [String: String]) -> [[String]] {
        items.flatMap { c in
            c.standings.map { s in
                [
                    c.name, place(c, divisionNames), c.isEnterprise ? (c.highRisk ? "是" : "否") : "—",
                    s.requirement.label, s.requirement.source, s.last?.description ?? "从未演练", s.due?.description ?? "—",
                    s.behind ? "逾期" : "按期",
                ]
            }
        }
    }
}
