import AnlanCore
import Foundation

/// One plan's page, the filings list and the enterprises not yet filed.
extension PlanViews {
    struct PlanModel {
        let plan: EmergencyPlan
        let enterpriseName: String?
        let divisionName: String
        let versions: [PlanVersion]
        let levels: [PlanLevel]
        let evaluations: [PlanEvaluation]
        let filings: [PlanFiling]
        let people: [String: String]
        /// May record versions, levels, filings and withdraw (staff, or the plan's own enterprise officer).
        let mayKeep: Bool
        let mayEvaluate: Bool
        let role: Role?
        let csrf: String
        let today: Day
        /// What a refused form had typed.
        let values: [String: [String]]
    }

    static func page(_ m: PlanModel) -> HTML {
        let p = m.plan
        func typed(_ name: String) -> String { m.values[name]?.first ?? "" }
        let state = p.reviewState(today: m.today, warningDays: PlanRules.defaultWarningDays)
        var facts: [(label: String, value: HTML, testID: String?)] = [
            ("类别", "\(p.scope.label) · \(p.topic.label)", nil), ("所属", "\(m.enterpriseName ?? p.department ?? m.divisionName)", nil),
            ("现行版本", "\(p.currentVersion.map { "第 \($0) 版，\(p.publishedOn?.description ?? "") 发布" } ?? "尚未发布")", "plan-version"),
            (
                "评估",
                "每 \(p.evaluationYears) 年；上次 \(p.lastEvaluatedOn?.description ?? "—")；下次应于 \(p.nextEvaluationDue?.description ?? "—") 前",
                "plan-due"
            ),
            ("状态", reviewBadge(state), nil),
        ]
        if let w = p.withdrawnOn { facts.append(("废止", "\(w)", nil)) }
        let open = p.withdrawnOn == nil
        let versionRows: [HTML] = m.versions.map { v in
            let file: HTML =
                v.fileName.map { name in "<a href=\"/plans/\(p.id.key)/versions/\(v.number)/document\">\(name)</a>" as HTML }
                ?? (m.mayKeep && open
                    ? Components.upload(
                        target: "/api/v1/plans/\(p.id.key)/versions/\(v.number)/document", csrf: m.csrf,
                        accept: ".pdf,.docx,.xlsx,.jpg,.png",
                        testID: "upload-\(v.number)") : "—")
            return """
                <tr><td data-label="版本">第 \(v.number) 版</td><td data-label="发布日期">\(v.publishedOn)</td><td data-label="审批">\(v.approvedBy)</td>\
                <td data-label="修订内容">\(v.changes)</td><td data-label="预案文件">\(file)</td><td data-label="登记">\(m.people[v.recordedBy] ?? v.recordedBy)</td></tr>
                """
        }
        let levelBlocks: [HTML] = m.levels.map { l in
            let actions: [HTML] = l.actions.map { "<li>\($0)</li>" }
            let needs = l.needs.map { "\($0.name) \($0.quantity)" }.joined(separator: "；")
            return """
                <div class="card mb-2" data-testid="level-\(l.level.rawValue)"><div class="card-body p-2">
                <div class="fw-bold">\(l.level.label) · 指挥：\(l.lead)</div><div class="small">启动条件：\(l.trigger)</div>
                <ol class="small mb-1">\(actions)</ol>
                <div class="small text-muted">通知：\(l.contacts.isEmpty ? "—" : l.contacts.map { $0.replacingOccurrences(of: "|", with: " ") }.joined(separator: "；"))</div>
                <div class="small text-muted">所需资源：\(needs.isEmpty ? "—" : needs)</div></div></div>
                """
        }
        let evaluationRows: [HTML] = m.evaluations.map {
            "<tr><td data-label=\"评估日期\">\($0.on)</td><td data-label=\"结论\">\($0.conclusion.label)</td><td data-label=\"意见\">\($0.note)</td></tr>"
        }
        let filingRows: [HTML] = m.filings.map { f in
            "<tr><td data-label=\"提交\">\(f.submittedOn)</td><td data-label=\"版本\">第 \(f.version) 版</td><td data-label=\"应办结\">\(f.dueOn)</td><td data-label=\"状态\">\(f.state.label)\(f.isLate(today: m.today) ? Components.badge("逾期", tone: .danger) : .empty)</td><td data-label=\"备案编号\">\(f.number ?? f.reason ?? "—")</td></tr>"
        }
        var forms: [HTML] = []
        if m.mayKeep && open {
            forms.append(
                Components.form(
                    action: "/plans/\(p.id.key)/versions", csrf: m.csrf, testID: "version-form", classes: "row g-2 mb-2",
                    content: """
                        <div class="col-12 fw-bold">登记新版本</div>
                        <div class="col-md-2"><input class="form-control form-control-sm" name="publishedOn" type="date" value="\(typed("publishedOn"))" aria-label="发布日期" required></div>
                        <div class="col-md-3"><input class="form-control form-control-sm" name="approvedBy" value="\(typed("approvedBy"))" placeholder="审批（签发）" maxlength="60" required></div>
                        <div class="col-md-5"><input class="form-control form-control-sm" name="changes" value="\(typed("changes"))" placeholder="修订内容" maxlength="2000"></div>
                        <div class="col-auto"><button class="btn btn-sm btn-outline-primary">登记版本</button></div>
                        """))
            let levelOptions: [HTML] = ResponseLevel.allCases.map {
                "<option value=\"\($0.rawValue)\"\(HTML(unsafe: typed("level") == String($0.rawValue) ? " selected" : ""))>\($0.label)</option>"
            }
            forms.append(
                Components.form(
                    action: "/plans/\(p.id.key)/levels", csrf: m.csrf, testID: "level-form", classes: "row g-2 mb-2",
                    content: """
                        <div class="col-12 fw-bold">设置响应级别（同级再设即替换）</div>
                        <div class="col-md-2"><select class="form-select form-select-sm" name="level" aria-label="响应级别">\(levelOptions)</select></div>
                        <div class="col-md-4"><input class="form-control form-control-sm" name="trigger" value="\(typed("trigger"))" placeholder="启动条件" required></div>
                        <div class="col-md-3"><input class="form-control form-control-sm" name="lead" value="\(typed("lead"))" placeholder="指挥（牵头）" required></div>
                        <div class="col-md-4"><textarea class="form-control form-control-sm" name="actions" rows="3" placeholder="响应措施（每行一项）" required>\(typed("actions"))</textarea></div>
                        <div class="col-md-4"><textarea class="form-control form-control-sm" name="contacts" rows="3" placeholder="通知名单（每行：单位或姓名|电话）">\(typed("contacts"))</textarea></div>
                        <div class="col-md-4"><textarea class="form-control form-control-sm" name="needs" rows="3" placeholder="所需资源（每行：物资或力量|数量）">\(typed("needs"))</textarea></div>
                        <div class="col-auto"><button class="btn btn-sm btn-outline-primary">保存响应级别</button></div>
                        """))
            if p.scope == .enterprise && p.currentVersion != nil && !m.filings.contains(where: { $0.state == .submitted }) {
                forms.append(
                    Components.form(
                        action: "/plans/\(p.id.key)/filings", csrf: m.csrf, testID: "filing-form", classes: "d-inline me-2",
                        content: "<button class=\"btn btn-sm btn-primary\">提交告知性备案（第 \(p.currentVersion ?? 0) 版）</button>"))
            }
            forms.append(
                Components.form(
                    action: "/plans/\(p.id.key)/withdraw", csrf: m.csrf, testID: "withdraw-form", classes: "d-inline",
                    confirm: "废止后不再计入评估和备案，记录保留。确定废止？",
                    content: "<button class=\"btn btn-sm btn-outline-danger\">废止预案</button>"))
        }
        if m.mayEvaluate && open && p.currentVersion != nil {
            let conclusions: [HTML] = PlanEvaluation.Conclusion.allCases.map { "<option value=\"\($0.rawValue)\">\($0.label)</option>" }
            forms.append(
                Components.form(
                    action: "/plans/\(p.id.key)/evaluations", csrf: m.csrf, testID: "evaluation-form", classes: "row g-2 mt-2",
                    content: """
                        <div class="col-12 fw-bold">登记评估</div>
                        <div class="col-md-2"><input class="form-control form-control-sm" name="on" type="date" value="\(typed("on").isEmpty ? m.today.description : typed("on"))" aria-label="评估日期" required></div>
                        <div class="col-md-2"><select class="form-select form-select-sm" name="conclusion" aria-label="评估结论">\(conclusions)</select></div>
                        <div class="col-md-6"><input class="form-control form-control-sm" name="note" value="\(typed("note"))" placeholder="评估意见" required maxlength="2000"></div>
                        <div class="col-auto"><button class="btn btn-sm btn-outline-primary">登记评估</button></div>
                        """))
        }
        return """
            \(subnav("/plans", role: m.role))
            <h1 class="h4">\(p.title)</h1>
            \(Components.facts(facts))
            <h2 class="h5 mt-3">版本</h2>
            \(m.versions.isEmpty ? "<p class=\"text-muted\">尚未登记版本。</p>" as HTML : Components.table(testID: "versions", header: ["版本", "发布日期", "审批", "修订内容", "预案文件", "登记"], rows: versionRows, cards: true))
            <h2 class="h5 mt-3">响应级别</h2>
            \(m.levels.isEmpty ? "<p class=\"text-muted\">尚未设置响应级别。</p>" as HTML : HTML(unsafe: levelBlocks.map(\.rendered).joined()))
            <h2 class="h5 mt-3">评估记录</h2>
            \(m.evaluations.isEmpty ? "<p class=\"text-muted\">尚无评估记录。</p>" as HTML : Components.table(testID: "evaluations", header: ["评估日期", "结论", "意见"], rows: evaluationRows, cards: true))
            \(p.scope == .enterprise ? "<h2 class=\"h5 mt-3\">告知性备案</h2>" as HTML : .empty)
            \(p.scope == .enterprise && !m.filings.isEmpty ? Components.table(testID: "filings", header: ["提交", "版本", "应办结", "状态", "备案编号或退回理由"], rows: filingRows, cards: true) : .empty)
            \(p.scope == .enterprise && m.filings.isEmpty ? "<p class=\"text-muted\">\(p.currentVersion == nil ? "尚未发布版本：登记版本后可提交告知性备案。" : "尚未提交备案。")</p>" as HTML : .empty)
            <div class="bg-white border rounded p-2 mt-3">\(forms)</div>
            """
    }

    static func filings(
        _ items: [PlanFiling], enterpriseNames: [String: String], query: [String: String], mayDecide: Bool, csrf: String, today: Day,
        pager: HTML
    ) -> HTML {
        let header = ["企业", "提交日期", "应办结", "状态", "备案编号或退回理由", "办理"]
        let rows: [HTML] = items.map { f in
            let decide: HTML =
                mayDecide && f.state == .submitted
                ? Components.form(
                    action: "/plans/filings/\(f.id.key)", csrf: csrf, testID: "decide-\(f.id.key)", classes: "row g-1",
                    content: """
                        <div class="col-auto"><button class="btn btn-sm btn-success" name="record" value="true">备案登记</button></div>
                        <div class="col"><input class="form-control form-control-sm" name="reason" placeholder="退回理由" maxlength="500"></div>
                        <div class="col-auto"><button class="btn btn-sm btn-outline-danger" name="record" value="false">退回</button></div>
                        """) : .empty
            return """
                <tr><td data-label="\(header[0])"><a href="/plans/\(f.planID.key)">\(enterpriseNames[f.enterpriseID.key] ?? "")</a></td><td data-label="\(header[1])">\(f.submittedOn)</td>\
                <td data-label="\(header[2])">\(f.dueOn)</td><td data-label="\(header[3])">\(f.state.label) \(f.isLate(today: today) ? Components.badge("逾期", tone: .danger) : .empty)</td>\
                <td data-label="\(header[4])">\(f.number ?? f.reason ?? "—")</td>\(decide.rendered.isEmpty ? "<td></td>" as HTML : "<td data-label=\"\(header[5])\">\(decide)</td>")</tr>
                """
        }
        return """
            \(subnav("/plans/filings", role: mayDecide ? .staff : nil))
            <h1 class="h4">\(filingsTitle)</h1>
            <p class="small text-muted">应办结日按工作日历计算。\(PlanRules.filingSource)。</p>
            \(Components.filterBar(action: "/plans/filings", testID: "filing-filters", filters: [
                .choice(name: "state", label: "状态", options: PlanFiling.State.allCases.map { ($0.rawValue, $0.label) }, selected: query["state"]),
                .choice(name: "late", label: "逾期", options: [("true", UIText.yes)], selected: query["late"]),
            ], searchLabel: UIText.search))
            \(Components.table(testID: "plan-filings", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func notFiled(
        _ items: [(id: UUID, name: String, divisionCode: String)], total: Int, divisionNames: [String: String],
        townships: [(code: String, name: String)], sectors: [String], query: [String: String], pager: HTML
    ) -> HTML {
        let rows: [HTML] = items.map { e in
            let town = (try? DivisionCode(e.divisionCode)).flatMap(\.parent).map { divisionNames[$0.rawValue] ?? "" } ?? ""
            return
                "<tr><td data-label=\"企业\"><a href=\"/enterprises/\(e.id.key)\">\(e.name)</a></td><td data-label=\"乡镇（街道）\">\(town)</td><td data-label=\"村（社区）\">\(divisionNames[e.divisionCode] ?? e.divisionCode)</td></tr>"
        }
        return """
            \(subnav("/plans/not-filed", role: .staff))
            <h1 class="h4">未备案企业</h1>
            <p class="small text-muted">在册、未注销、尚无“已备案”预案的企业。《生产安全事故应急预案管理办法》第二十六条所列的危险物品生产经营储存运输、矿山、金属冶炼、建筑施工和人员密集场所经营单位须向县级应急管理部门备案（条文待核）；可按行业筛选。</p>
            \(Components.filterBar(action: "/plans/not-filed", testID: "not-filed-filters", filters: [
                .choice(name: "sector", label: "行业", options: sectors.map { ($0, $0) }, selected: query["sector"]),
                .choice(name: "divisionCode", label: UIText.townships, options: townships.map { ($0.code, $0.name) }, selected: query["divisionCode"]),
            ], searchLabel: UIText.search))
            <p data-testid="not-filed-total">共 \(total) 家</p>
            \(Components.table(testID: "not-filed", header: ["企业", "乡镇（街道）", "村（社区）"], rows: rows, cards: true))
            \(pager)
            """
    }
}
