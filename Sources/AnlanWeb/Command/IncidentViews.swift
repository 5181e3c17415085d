import AnlanCore
import AnlanStore
import Foundation

/// Incident pages: the list, the form that opens one, and the incident with its actions and timeline.
enum IncidentViews {
    static let title = "突发事件"
    static let header = ["编号", "事件", "类型", "等级", "状态", "接报时间"]

    static func stateBadge(_ s: IncidentState) -> HTML {
        let tone: Components.Tone =
            switch s {
            case .reported: .danger
            case .verified: .warning
            case .responding: .dark
            case .closed: .success
            }
        return Components.badge(s.label, tone: tone)
    }

    static func levelText(_ i: Incident) -> HTML {
        guard let level = i.level else { return "未定级" }
        return "\(level.label)\(i.levelConfirmedBy == nil ? HTML(unsafe: "<span class=\"small text-muted\">（待确认）</span>") : .empty)"
    }

    static func row(_ i: Incident) -> HTML {
        """
        <tr><td data-label="\(header[0])">\(i.number)</td><td data-label="\(header[1])"><a href="/incidents/\(i.id.key)">\(i.title)</a>\
        <div class="small text-muted">\(i.place)</div></td><td data-label="\(header[2])">\(i.type.label)</td>\
        <td data-label="\(header[3])">\(levelText(i))</td><td data-label="\(header[4])">\(stateBadge(i.state))</td>\
        <td data-label="\(header[5])">\(Moment.minutes(i.reportedAt))</td></tr>
        """
    }

    static func list(_ page: Page<Incident>, query: [String: String], mayOpen: Bool, pager: HTML) -> HTML {
        let add: HTML =
            mayOpen
            ? "<div class=\"col-auto\"><a class=\"btn btn-sm btn-danger\" href=\"/incidents/new\" data-testid=\"incident-new\">立为事件</a></div>"
            : .empty
        return """
            \(DutyViews.subnav("/incidents"))
            <h1 class="h4">\(title)</h1>
            \(Components.filterBar(action: "/incidents", testID: "incident-filters", filters: [
                .choice(name: "open", label: "范围", options: [("true", "未结束的")], selected: query["open"]),
                .choice(name: "state", label: "状态", options: IncidentState.allCases.map { ($0.rawValue, $0.label) }, selected: query["state"]),
                .choice(name: "category", label: "类别", options: IncidentCategory.allCases.map { ($0.rawValue, $0.label) }, selected: query["category"]),
                .text(name: "q", placeholder: "名称、地点或编号", value: query["q"]), .hidden(name: "enterpriseId", value: query["enterpriseId"]),
            ], searchLabel: UIText.search, trailing: add))
            <p data-testid="incidents-total">共 \(page.total) 起</p>
            \(Components.table(testID: "incidents", header: header, rows: page.items.map(row), cards: true))
            \(pager)
            """
    }

    static func form(
        values: [String: [String]], report: IncomingReport?, divisions: [(code: DivisionCode, name: String)], now: Date, csrf: String,
        refusal: AnlanError?
    ) -> HTML {
        typealias F = IncidentDraft.Field
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        func input(_ f: InputField, required: Bool = false, type: String = "text", width: String = "col-md-4", fallback: String = "")
            -> HTML
        {
            let shown = value(f.name).isEmpty ? fallback : value(f.name)
            return """
                <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label><input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(shown)"\(HTML(unsafe: f.maxLength.map { " maxlength=\"\($0)\"" } ?? ""))\(HTML(unsafe: type == "number" ? " min=\"0\" step=\"any\"" : ""))\(HTML(unsafe: required ? " required" : ""))></div>
                """
        }
        let types: [HTML] = IncidentCategory.allCases.map { c in
            let options: [HTML] = c.types.map {
                "<option value=\"\($0.rawValue)\"\(HTML(unsafe: value("type") == $0.rawValue ? " selected" : ""))>\($0.label)</option>"
            }
            return "<optgroup label=\"\(c.label)\">\(options)</optgroup>"
        }
        let reportBox: HTML =
            report.map { r in
                """
                <div class="alert alert-secondary" data-testid="incident-from-report">来自 \(Moment.minutes(r.receivedAt)) \(r.channel.label)来报（\(r.caller)）：\(r.text)</div>
                """
            } ?? .empty
        return """
            \(DutyViews.subnav("/incidents"))
            <h1 class="h4">立为事件</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(reportBox)
            \(Components.form(action: "/incidents", csrf: csrf, testID: "incident-form", classes: "row g-3 bg-white p-3 border rounded", content: """
                <input type="hidden" name="reportId" value="\(value("reportId"))">
                \(input(F.title, required: true, width: "col-md-6"))
                <div class="col-md-6"><label class="form-label" for="f-type">\(F.type.label)（必填）</label><select class="form-select" id="f-type" name="type" required>\(types)</select></div>
                \(input(F.occurredAt, required: true, type: "datetime-local", width: "col-md-4", fallback: Moment.field(now)))
                <div class="col-md-4"><label class="form-label" for="f-divisionCode">\(F.divisionCode.label)（必填）</label>\(DutyViews.select("divisionCode", id: "f-divisionCode", options: divisions.map { ($0.code.rawValue, $0.name) }, selected: value("divisionCode")))</div>
                \(input(F.place, required: true, width: "col-md-4"))
                \(input(F.latitude, type: "number", width: "col-md-3"))\(input(F.longitude, type: "number", width: "col-md-3"))
                <div class="col-md-6"><label class="form-label" for="f-level">拟定等级</label>\(DutyViews.select("level", id: "f-level", options: IncidentLevel.allCases.map { ($0.rawValue, $0.label) }, selected: value("level"), blank: "暂不定级"))</div>
                \(input(IncidentFigures.Field.deaths("incident"), type: "number", width: "col-md-3"))\(input(IncidentFigures.Field.seriousInjuries("incident"), type: "number", width: "col-md-3"))
                \(input(IncidentFigures.Field.missing("incident"), type: "number", width: "col-md-3"))\(input(IncidentFigures.Field.loss("incident"), type: "number", width: "col-md-3"))
                <div class="col-12"><label class="form-label" for="f-summary">\(F.summary.label)（必填）</label><textarea class="form-control" id="f-summary" name="summary" rows="3" maxlength="\(IncidentDraft.textLimit)" required>\(value("summary"))</textarea></div>
                <div class="col-12"><button class="btn btn-danger" data-testid="incident-save">立为事件</button></div>
                """))
            """
    }

    static func detail(
        _ i: Incident, events: Page<IncidentEvent>, reports: Page<IncomingReport>, people: [String: String], divisionName: String?,
        enterpriseName: String?, role: Role, csrf: String, refusal: AnlanError?, plans: PlanPanel, orders: OrderPanel
    ) -> HTML {
        func person(_ u: String) -> String { people[u] ?? u }
        var facts: [(label: String, value: HTML, testID: String?)] = [
            ("编号", "\(i.number)", nil), ("状态", stateBadge(i.state), "incident-state"),
            ("类型", "\(i.category.label) · \(i.type.label)", nil),
            ("等级", "\(levelText(i))\(i.levelConfirmedBy.map { "（\(person($0))确认）" } ?? "")", "incident-level"),
            ("发生时间", "\(Moment.minutes(i.occurredAt))", nil), ("接报时间", "\(Moment.minutes(i.reportedAt))", nil),
            ("地点", "\(divisionName ?? i.divisionCode) \(i.place)\(i.location.map { "（\($0.latitude), \($0.longitude)）" } ?? "")", nil),
            ("伤亡损失", "\(i.figuresText)", "incident-figures"), ("概况", "\(i.summary)", nil),
        ]
        if let s = i.suggestedLevel {
            facts.insert(("规则建议等级", "\(s.level.label)：\(s.basis)", "incident-suggested"), at: 4)
        }
        if let id = i.enterpriseID {
            facts.insert(("涉事企业", "<a href=\"/enterprises/\(id.key)\">\(enterpriseName ?? "查看企业档案")</a>", nil), at: 3)
        }
        if let closed = i.closedAt { facts.append(("结束时间", "\(Moment.minutes(closed))", nil)) }
        var actions: [HTML] = []
        if i.state.isOpen && role.can(.keepDuty) {
            func action(_ name: String, _ title: String, _ content: HTML, tone: String = "outline-primary") -> HTML {
                Components.form(
                    action: "/incidents/\(i.id.key)/moves", csrf: csrf, testID: "move-\(name)", classes: "card card-body mb-2",
                    content: """
                        <input type="hidden" name="action" value="\(name)"><h3 class="h6">\(title)</h3>\(content)\
                        <div class="mt-2"><button class="btn btn-sm btn-\(tone)">\(title)</button></div>
                        """)
            }
            func levels(_ id: String) -> HTML {
                DutyViews.select(
                    "level", id: id, options: IncidentLevel.allCases.map { ($0.rawValue, $0.label) },
                    selected: (i.level ?? i.suggestedLevel?.level ?? .four).rawValue)
            }
            if i.state == .reported {
                actions.append(
                    action(
                        "verify", "核实",
                        "<textarea class=\"form-control\" name=\"note\" rows=\"2\" maxlength=\"2000\" required placeholder=\"核实情况：向谁、如何核实，结果\"></textarea>",
                        tone: "primary"))
            }
            if i.state == .verified {
                actions.append(
                    action(
                        "respond", "启动响应",
                        "\(levels("m-level-respond"))<input class=\"form-control mt-1\" name=\"note\" maxlength=\"2000\" placeholder=\"依据的预案或领导指示\">",
                        tone: "danger"))
            }
            actions.append(
                action(
                    "note", "记事",
                    "<textarea class=\"form-control\" name=\"note\" rows=\"2\" maxlength=\"2000\" required placeholder=\"决定、通知、指令、到场情况\"></textarea>"
                ))
            let counts: [HTML] = [
                ("deaths", "死亡", i.figures.deaths), ("seriousInjuries", "重伤", i.figures.seriousInjuries),
                ("missing", "失踪", i.figures.missing),
            ]
            .map { f in
                "<div class=\"col-4\"><label class=\"small\">\(f.1)<input class=\"form-control form-control-sm\" type=\"number\" min=\"0\" name=\"\(f.0)\" value=\"\(i.figuresKnown ? String(f.2) : "")\" placeholder=\"不详\"></label></div>"
            }
            actions.append(
                action(
                    "figures", "更新伤亡损失",
                    """
                    <div class="row g-1">\(counts)<div class="col-12"><label class="small">直接经济损失（万元）<input class="form-control form-control-sm" type="number" min="0" step="any" name="lossWanYuan" value="\(i.figuresKnown ? AccidentGrade.wan(i.figures.lossWanYuan) : "")" placeholder="不详"></label></div></div>
                    <input class="form-control form-control-sm mt-1" name="note" maxlength="2000" placeholder="信息来源">
                    """))
            actions.append(
                action(
                    "set_level", role.can(.commandIncidents) ? "确定等级" : "建议调整等级",
                    "\(levels("m-level-set"))<input class=\"form-control mt-1\" name=\"reason\" maxlength=\"500\" required placeholder=\"理由\">"
                ))
            if role.can(.commandIncidents) {
                actions.append(
                    action(
                        "close", "结束事件",
                        "<textarea class=\"form-control\" name=\"summary\" rows=\"2\" maxlength=\"2000\" required placeholder=\"处置结果；终止响应\"></textarea>",
                        tone: "success"))
            }
        }
        if !i.state.isOpen {
            actions.append(
                """
                <div class="card card-body text-muted" data-testid="incident-closed">事件已于 \(i.closedAt.map(Moment.minutes) ?? "—") 结束。\
                时间线保留全部记录，不再变更；大事记可随时打印或下载。</div>
                """)
        }
        let timeline: [HTML] = events.items.map { e in
            """
            <li class="list-group-item"><div class="small text-muted">\(Moment.minutes(e.at)) · \(e.kind.label) · \(person(e.actor))</div>\(e.text)</li>
            """
        }
        let reportRows: [HTML] = reports.items.map { r in
            "<tr><td data-label=\"接报时间\">\(Moment.minutes(r.receivedAt))</td><td data-label=\"来报\">\(r.channel.label) · \(r.caller)\(r.number.map { " \($0)" } ?? "")</td><td data-label=\"内容\">\(r.text)</td></tr>"
        }
        return """
            \(DutyViews.subnav("/incidents"))
            <h1 class="h4">\(i.title) \(stateBadge(i.state))</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <div class="d-flex gap-2 mb-3 flex-wrap"><a class="btn btn-sm btn-outline-primary" href="/incidents/\(i.id.key)/chronicle" data-testid="chronicle">大事记</a>\
            <a class="btn btn-sm btn-outline-primary" href="/incidents/\(i.id.key)/chronicle.docx">下载大事记（Word）</a>\
            \(i.location == nil ? HTML.empty : "<a class=\"btn btn-sm btn-outline-danger\" href=\"/incidents/\(i.id.key)/nearby\" data-testid=\"nearby\">附近资源</a>")</div>
            <div class="row g-3">
              <div class="col-lg-7">\(Components.facts(facts))
                <h2 class="h5 mt-3">时间线 <span class="small text-muted" data-testid="timeline-total">共 \(events.total) 条</span></h2>
                <ol class="list-group list-group-numbered mb-3" data-testid="timeline">\(timeline)</ol>
                \(plans.render(i, role: role, csrf: csrf))
                \(orders.render(i, role: role, csrf: csrf))
                <h2 class="h5">来报 <span class="small text-muted">共 \(reports.total) 条</span></h2>
                \(Components.table(testID: "incident-reports", header: ["接报时间", "来报", "内容"], rows: reportRows, cards: true))
              </div>
              <div class="col-lg-5">\(plans.startForm(i, role: role, csrf: csrf))\(orders.form(i, role: role, csrf: csrf))\(actions)</div>
            </div>
            """
    }
}
