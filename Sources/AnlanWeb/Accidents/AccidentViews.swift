import AnlanCore
import AnlanStore
import Foundation

/// Accident pages: the list, the record form, one accident with its clock, and the statistics.
enum AccidentViews {
    static let title = "生产安全事故"
    static let header = ["编号", "发生时间", "事故单位", "类别", "伤亡", "等级", "状态"]

    static func gradeBadge(_ grade: AccidentGrade) -> HTML {
        Components.badge(grade.label, tone: grade >= .larger ? .danger : .warning)
    }

    static func subnav(_ active: String) -> HTML {
        let links: [HTML] = [("/accidents", "事故台账"), ("/accidents/statistics", "事故统计")].map { path, label in
            "<li class=\"nav-item\"><a class=\"nav-link\(HTML(unsafe: path == active ? " active" : ""))\" href=\"\(path)\">\(label)</a></li>"
        }
        return "<ul class=\"nav nav-tabs mb-3\">\(links)</ul>"
    }

    static func list(_ items: [Accident], total: Int, query: [String: String], mayRecord: Bool, now: Date, pager: HTML) -> HTML {
        let rows: [HTML] = items.map { a in
            """
            <tr><td data-label="\(header[0])"><a href="/accidents/\(a.id.key)">\(a.number)</a></td><td data-label="\(header[1])">\(Moment.minutes(a.occurredAt))</td>\
            <td data-label="\(header[2])">\(a.party)<div class="small text-muted">\(a.place)</div></td><td data-label="\(header[3])">\(a.type.label)</td>\
            <td data-label="\(header[4])">\(a.figures.summary)</td><td data-label="\(header[5])">\(gradeBadge(a.grade))</td>\
            <td data-label="\(header[6])">\(a.state.label)</td></tr>
            """
        }
        let add: HTML =
            mayRecord
            ? "<div class=\"col-auto\"><a class=\"btn btn-sm btn-danger\" href=\"/accidents/new\" data-testid=\"accident-new\">记录事故</a></div>"
            : .empty
        return """
            \(subnav("/accidents"))
            <h1 class="h4">\(title) <span class="small text-muted" data-testid="accident-total">共 \(total) 起</span></h1>
            \(Components.filterBar(action: "/accidents", testID: "accident-filters", filters: [
                .choice(name: "grade", label: "等级", options: AccidentGrade.allCases.map { ($0.rawValue, $0.label) }, selected: query["grade"]),
                .choice(name: "type", label: "类别", options: AccidentType.allCases.map { ($0.rawValue, $0.label) }, selected: query["type"]),
                .choice(name: "state", label: "状态", options: AccidentState.allCases.map { ($0.rawValue, $0.label) }, selected: query["state"]),
                .text(name: "from", placeholder: "发生日期起 2026-01-01", value: query["from"]), .text(name: "to", placeholder: "发生日期止", value: query["to"]),
                .text(name: "q", placeholder: "编号、单位、地点", value: query["q"]),
                .hidden(name: "enterpriseId", value: query["enterpriseId"]), .hidden(name: "open", value: query["open"]),
                .hidden(name: "sector", value: query["sector"]), .hidden(name: "divisionCode", value: query["divisionCode"]),
            ], searchLabel: UIText.search, trailing: add))
            \(Components.table(testID: "accidents", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func form(
        values: [String: [String]], places: [(String, String)], sectors: [String], now: Date, csrf: String, refusal: AnlanError?
    ) -> HTML {
        typealias F = AccidentDraft.Field
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        func input(_ f: InputField, required: Bool = false, type: String = "text", width: String = "col-md-4", fallback: String = "")
            -> HTML
        {
            let shown = value(f.name).isEmpty ? fallback : value(f.name)
            return """
                <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label><input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(shown)"\(f.maxLength.map { HTML(unsafe: " maxlength=\"\($0)\"") } ?? .empty)\(HTML(unsafe: required ? " required" : ""))></div>
                """
        }
        func select(_ name: String, _ label: String, _ options: [(String, String)], width: String = "col-md-4") -> HTML {
            let items: [HTML] = options.map {
                "<option value=\"\($0.0)\"\(HTML(unsafe: value(name) == $0.0 ? " selected" : ""))>\($0.1)</option>"
            }
            return """
                <div class="\(width)"><label class="form-label" for="f-\(name)">\(label)</label><select class="form-select" id="f-\(name)" name="\(name)">\(items)</select></div>
                """
        }
        let minute = Moment.field(now)
        let figure: (String, String) -> HTML = { name, label in
            """
            <div class="col-6 col-md-3"><label class="form-label" for="f-\(name)">\(label)</label><input class="form-control" id="f-\(name)" name="\(name)" type="number" min="0" step="\(name == "lossWanYuan" ? "0.01" : "1")" value="\(value(name).isEmpty ? "0" : value(name))"></div>
            """
        }
        return """
            <h1 class="h4">记录生产安全事故</h1>
            <p class="small text-muted">接报时间即报告时限的起点：每级 2 小时内上报（条例第十一条）。等级按条例第三条由伤亡和损失自动判定，数字变化时重新判定。</p>
            \(refusal.map(Components.refusal) ?? .empty)
            <form method="post" action="/accidents" class="row g-2" data-testid="accident-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              \(input(F.occurredAt, required: true, type: "datetime-local"))
              \(input(F.learnedAt, type: "datetime-local", fallback: minute))
              \(select(F.divisionCode.name, F.divisionCode.label, places))
              \(input(F.place, required: true, width: "col-md-8"))
              \(input(F.latitude, type: "number", width: "col-6 col-md-2"))\(input(F.longitude, type: "number", width: "col-6 col-md-2"))
              <div class="col-md-4"><label class="form-label" for="accident-enterprise-search">事故单位（从企业档案查找）</label>\
              <input class="form-control mb-1" id="accident-enterprise-search" placeholder="\(UIText.searchPlaceholder)" autocomplete="off" data-enterprise-picker="f-enterpriseId">\
              <select class="form-select" id="f-enterpriseId" name="enterpriseId"><option value="">（不在档案中）</option></select></div>
              \(input(F.party, width: "col-md-4"))
              \(select(F.sector.name, F.sector.label, (sectors + ["工贸", "危险化学品", "建筑施工", "道路运输", "烟花爆竹", "非煤矿山", "其他"]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.map { ($0, $0) }))
              \(select(F.type.name, F.type.label, AccidentType.allCases.map { ($0.rawValue, $0.label) }))
              \(figure("deaths", "死亡（人）"))\(figure("seriousInjuries", "重伤含急性工业中毒（人）"))\(figure("missing", "失踪（人）"))\(figure("lossWanYuan", "直接经济损失（万元）"))
              <div class="col-12"><label class="form-label" for="f-description">\(F.description.label)（必填）</label><textarea class="form-control" id="f-description" name="description" rows="3" maxlength="\(AccidentDraft.textLimit)" required>\(value("description"))</textarea></div>
              <div class="col-12"><button class="btn btn-danger">记录</button> <a class="btn btn-link" href="/accidents">\(title)</a></div>
            </form>
            """
    }

    static func detail(
        _ d: AccidentRepository.Detail, people: [String: String], divisionName: String?, role: Role, now: Date, settingsSource: String,
        linked: [EnforcementCase] = [], candidates: [EnforcementCase] = [], csrf: String, refusal: AnlanError?
    ) -> HTML {
        let a = d.accident
        let ruling = AccidentGrade.grade(
            deaths: a.figures.deaths, seriousInjuries: a.figures.seriousInjuries, directLossWanYuan: a.figures.lossWanYuan)
        let decidedBy = ruling.decidedBy.isEmpty ? "未达较大事故任一标准" : ruling.decidedBy.map(\.text).joined(separator: "；")
        let clockRows: [HTML] = d.clock.map { o in
            let late = o.isLate(at: now)
            let state: HTML =
                if let met = o.metAt {
                    "\(Components.badge(late ? "迟报" : "按时", tone: late ? .danger : .success)) \(Moment.minutes(met))"
                } else {
                    "\(Components.badge(late ? "已超时\(Moment.span(now.timeIntervalSince(o.due)))" : "待报（剩余\(Moment.span(o.due.timeIntervalSince(now)))）", tone: late ? .danger : .warning, testID: late ? "clock-overdue" : "clock-due"))"
                }
            return """
                <tr><td data-label="事项">\(o.label)</td><td data-label="时限">\(Moment.minutes(o.due))</td><td data-label="完成">\(state)</td><td data-label="依据" class="small">\(o.basis)</td></tr>
                """
        }
        let historyRows: [HTML] = d.history.map { h in
            "<tr><td data-label=\"时间\">\(Moment.minutes(h.at))</td><td data-label=\"伤亡和损失\">\(h.figures.summary)</td><td data-label=\"原因\">\(h.reason)</td><td data-label=\"记录人\">\(people[h.by] ?? h.by)</td></tr>"
        }
        let reportRows: [HTML] = d.reports.map { r in
            "<tr><td data-label=\"报送时间\">\(Moment.minutes(r.sentAt))</td><td data-label=\"类别\">\(r.kind.label)</td><td data-label=\"对象\">\(r.recipient.label)</td><td data-label=\"所报数字\">\(r.figures.summary)</td><td data-label=\"说明\">\(r.note ?? "")</td><td data-label=\"报送人\">\(people[r.sentBy] ?? r.sentBy)</td></tr>"
        }
        let desk = role.can(.keepDuty) && a.state != .closed
        func option<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ label: (E) -> String) -> HTML where E.RawValue == String {
            let items: [HTML] = type.allCases.map { "<option value=\"\($0.rawValue)\">\(label($0))</option>" }
            return "\(items)"
        }
        let forms: HTML =
            desk
            ? """
            <div class="row g-2 mt-2">
            <div class="col-lg-6">\(Components.form(action: "/accidents/\(a.id.key)/moves", csrf: csrf, testID: "accident-report", classes: "card card-body", content: """
                <h3 class="h6">登记报送</h3><input type="hidden" name="action" value="report">
                <div class="row g-1"><div class="col-6"><label class="small" for="r-kind">类别</label><select class="form-select" id="r-kind" name="kind">\(option(AccidentReportKind.self) { $0.label })</select></div>\
                <div class="col-6"><label class="small" for="r-recipient">对象</label><select class="form-select" id="r-recipient" name="recipient">\(option(AccidentRecipient.self) { $0.label })</select></div></div>
                <label class="small mt-1" for="r-sent">报送时间</label><input class="form-control" id="r-sent" name="sentAt" type="datetime-local" value="\(Moment.field(now))">
                <label class="small mt-1" for="r-note">说明</label><input class="form-control" id="r-note" name="note" maxlength="500" placeholder="如 电话报市局值班室，传真续报">
                <div class="mt-2"><button class="btn btn-sm btn-primary">登记</button></div>
                """))</div>
            <div class="col-lg-6">\(Components.form(action: "/accidents/\(a.id.key)/moves", csrf: csrf, testID: "accident-figures", classes: "card card-body", content: """
                <h3 class="h6">伤亡和损失变化（原数字保留在历史中）</h3><input type="hidden" name="action" value="figures">
                <div class="row g-1">\
                <div class="col-3"><label class="small" for="g-d">死亡</label><input class="form-control" id="g-d" name="deaths" type="number" min="0" value="\(a.figures.deaths)"></div>\
                <div class="col-3"><label class="small" for="g-s">重伤</label><input class="form-control" id="g-s" name="seriousInjuries" type="number" min="0" value="\(a.figures.seriousInjuries)"></div>\
                <div class="col-3"><label class="small" for="g-m">失踪</label><input class="form-control" id="g-m" name="missing" type="number" min="0" value="\(a.figures.missing)"></div>\
                <div class="col-3"><label class="small" for="g-l">损失万元</label><input class="form-control" id="g-l" name="lossWanYuan" type="number" min="0" step="0.01" value="\(AccidentGrade.wan(a.figures.lossWanYuan))"></div></div>
                <label class="small mt-1" for="g-r">变更原因（必填）</label><input class="form-control" id="g-r" name="reason" maxlength="500" required placeholder="如 1 名重伤人员经抢救无效死亡">
                <div class="mt-2"><button class="btn btn-sm btn-warning">记录变化</button></div>
                """))</div>
            <div class="col-lg-6">\(investigationForm(a, csrf: csrf))</div>
            </div>
            """ : .empty
        let cases: HTML =
            a.caseIDs.isEmpty
            ? .empty
            : """
            <dt class="col-sm-3">行政处罚案件</dt><dd class="col-sm-9" data-testid="accident-cases">\(linked.map { c in
                HTML("<a class=\"me-2\" href=\"/cases/\(c.id.key)\">\(c.title)（\(UIText.caseStatusName(c.status))）</a>")
            })</dd>
            """
        // Cases are linked whenever they follow, also after the closing; the enterprise's own cases are offered.
        let link: HTML =
            role.can(.keepDuty)
            ? Components.form(
                action: "/accidents/\(a.id.key)/moves", csrf: csrf, testID: "accident-link-cases", classes: "card card-body mt-3",
                content: """
                    <h3 class="h6">关联行政处罚案件</h3><input type="hidden" name="action" value="linkCases">
                    \(candidates.isEmpty ? HTML("<p class=\"small text-muted mb-1\">\(a.enterpriseID == nil ? "事故单位不在企业档案中：" : "该企业暂无未关联的案件；")可填写案件 ID。</p>") : HTML("\(candidates.map { c in HTML("<div class=\"form-check\"><input class=\"form-check-input\" type=\"checkbox\" name=\"caseIds\" value=\"\(c.id.key)\" id=\"lc-\(c.id.key)\"><label class=\"form-check-label small\" for=\"lc-\(c.id.key)\">\(c.title)（\(c.openedOn) 立案，\(UIText.caseStatusName(c.status))）</label></div>") })"))
                    <label class="small mt-1" for="lc-other">其他案件 ID（可多个，逗号分隔）</label><input class="form-control" id="lc-other" name="caseIds">
                    <div class="mt-2"><button class="btn btn-sm btn-outline-primary">关联</button></div>
                    """) : .empty
        return """
            \(subnav("/accidents"))
            <h1 class="h4">\(a.number) \(a.party) \(a.type.label) \(gradeBadge(a.grade)) <span class="small">\(a.state.label)</span></h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <dl class="row small mb-2" data-testid="accident-facts">
              <dd class="col-12 d-print-none"><a class="btn btn-sm btn-outline-secondary" href="/accidents/\(a.id.key)/report-form" data-testid="accident-report-form-link">事故信息快报（打印）</a></dd>
              <dt class="col-sm-3">发生时间 / 接报时间</dt><dd class="col-sm-9">\(Moment.minutes(a.occurredAt)) / \(Moment.minutes(a.learnedAt))</dd>
              <dt class="col-sm-3">地点</dt><dd class="col-sm-9">\(divisionName ?? a.divisionCode) \(a.place)</dd>
              <dt class="col-sm-3">事故单位</dt><dd class="col-sm-9">\(a.enterpriseID.map { HTML("<a href=\"/enterprises/\($0.key)\">\(a.party)</a>") } ?? "\(a.party)")（\(a.sector)）</dd>
              <dt class="col-sm-3">伤亡和损失</dt><dd class="col-sm-9" data-testid="accident-figures-now">\(a.figures.summary)</dd>
              <dt class="col-sm-3">等级</dt><dd class="col-sm-9" data-testid="accident-grade">\(a.grade.label)事故：\(decidedBy)（\(AccidentGrade.source)）</dd>
              <dt class="col-sm-3">简况</dt><dd class="col-sm-9">\(a.description)</dd>
              <dt class="col-sm-3">调查</dt><dd class="col-sm-9">\(a.team.map { "调查组：\($0)；" } ?? "尚未成立调查组；")报告期限 \(a.investigationDue.description)\(a.extendedTo != nil ? "（已延期：\(a.extensionReason ?? "")）" : "")</dd>
              \(a.findings.map { HTML("<dt class=\"col-sm-3\">责任认定</dt><dd class=\"col-sm-9\">\($0)</dd>") } ?? .empty)\(cases)
            </dl>
            <h2 class="h5">报告时限</h2>
            \(Components.table(testID: "accident-clock", header: ["事项", "时限", "完成", "依据"], rows: clockRows, cards: true))
            <p class="small text-muted">\(settingsSource)</p>
            <h2 class="h5">报送记录</h2>
            \(reportRows.isEmpty ? HTML("<p class=\"text-muted small\">尚无报送记录。</p>") : Components.table(testID: "accident-reports", header: ["报送时间", "类别", "对象", "所报数字", "说明", "报送人"], rows: reportRows, cards: true))
            <h2 class="h5">伤亡和损失历史</h2>
            \(Components.table(testID: "accident-history", header: ["时间", "伤亡和损失", "原因", "记录人"], rows: historyRows, cards: true))
            \(forms)
            \(link)
            """
    }

    /// 生产安全事故信息快报 (条例第十二条 lists what a report contains: the unit, the time, place and scene, a brief
    /// account, the casualties and estimated direct loss, the measures taken, and who reports), on an A4 sheet.
    static func reportForm(_ a: Accident, divisionName: String?, reporter: String, reports: [AccidentReport], now: Date) -> HTML {
        let sent: String =
            reports.isEmpty
            ? "尚无报送记录"
            : reports.map { "\(Moment.minutes($0.sentAt)) \($0.kind.label) \($0.recipient.label)" }.joined(separator: "\n")
        let rows: [(String, String)] = [
            ("事故单位", "\(a.party)（\(a.sector)）"), ("发生时间", Moment.chinese(a.occurredAt)),
            ("发生地点", "\(divisionName ?? a.divisionCode) \(a.place)"),
            ("事故类别", a.type.label),
            ("伤亡情况", "死亡 \(a.figures.deaths) 人，重伤（含急性工业中毒）\(a.figures.seriousInjuries) 人，失踪 \(a.figures.missing) 人"),
            ("直接经济损失（初步估计）", "\(AccidentGrade.wan(a.figures.lossWanYuan)) 万元"), ("事故等级（按条例第三条初判）", "\(a.grade.label)事故"),
            ("事故简要经过", a.description), ("已采取的措施", ""), ("本局接报时间", Moment.chinese(a.learnedAt)), ("已报送", sent),
        ]
        let table: [HTML] = rows.map { "<tr><th>\($0.0)</th><td style=\"white-space: pre-line\">\($0.1)</td></tr>" }
        return """
            <div class="d-print-none mb-2"><button class="btn btn-primary" type="button" data-print>打印</button> <a class="btn btn-link" href="/accidents/\(a.id.key)">返回</a></div>
            <div class="a4" data-testid="accident-report-form">
              <h1 class="h4 text-center mb-3">生产安全事故信息快报</h1>
              <p class="text-end small">编号：\(a.number)</p>
              <table class="table table-bordered doc-table a4-table">\(table)</table>
              <p class="doc-signature">报告单位：县应急管理局　　报告人：\(reporter)　　报告时间：\(Moment.chinese(now))</p>
              <p class="doc-footnote">依据《生产安全事故报告和调查处理条例》第十二条。情况不明的先报已知情况，随后续报；伤亡人数变化的，按条例第十三条补报。</p>
            </div>
            """
    }

    static func investigationForm(_ a: Accident, csrf: String) -> HTML {
        let action = "/accidents/\(a.id.key)/moves"
        if a.state == .reported {
            return Components.form(
                action: action, csrf: csrf, testID: "accident-investigate", classes: "card card-body",
                content: """
                    <h3 class="h6">成立事故调查组</h3><input type="hidden" name="action" value="investigate">
                    <label class="small" for="i-team">调查组组成（必填）</label><input class="form-control" id="i-team" name="team" maxlength="500" required placeholder="如 县应急管理局牵头，公安、人社、总工会、属地乡镇参加">
                    <div class="mt-2"><button class="btn btn-sm btn-primary">成立</button></div>
                    """)
        }
        let extend: HTML =
            a.extendedTo == nil
            ? Components.form(
                action: action, csrf: csrf, testID: "accident-extend", classes: "mb-2",
                content: """
                    <input type="hidden" name="action" value="extend"><label class="small" for="e-to">报告期限延至（最长 60 日）</label>
                    <div class="d-flex flex-wrap gap-1"><input class="form-control" style="max-width: 12rem" id="e-to" name="extendedTo" type="date"><input class="form-control" name="reason" maxlength="500" placeholder="批准延期的理由" aria-label="理由"><button class="btn btn-sm btn-outline-secondary text-nowrap">延期</button></div>
                    """) : .empty
        return """
            <div class="card card-body">\(extend)\(Components.form(action: action, csrf: csrf, testID: "accident-close", content: """
                <h3 class="h6">结案</h3><input type="hidden" name="action" value="close">
                <label class="small" for="c-report">调查报告摘要（必填）</label><textarea class="form-control" id="c-report" name="report" rows="2" maxlength="\(AccidentDraft.textLimit)" required></textarea>
                <label class="small mt-1" for="c-findings">责任认定（必填）</label><textarea class="form-control" id="c-findings" name="findings" rows="2" maxlength="\(AccidentDraft.textLimit)" required></textarea>
                <label class="small mt-1" for="c-cases">关联行政处罚案件 ID（可多个，逗号分隔）</label><input class="form-control" id="c-cases" name="caseIds">
                <div class="mt-2"><button class="btn btn-sm btn-success">结案</button></div>
                """))</div>
            """
    }

    /// The list filter of one month ("2026-06" gives from=2026-06-01&to=2026-06-30).
    static func monthRange(_ key: String) -> String {
        let parts = key.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, let first = Day(year: parts[0], month: parts[1], day: 1),
            let next = Day(year: parts[1] == 12 ? parts[0] + 1 : parts[0], month: parts[1] == 12 ? 1 : parts[1] + 1, day: 1)
        else { return "" }
        return "from=\(first)&to=\(next.adding(days: -1))"
    }

    static let tallyHeader = ["事故起数", "死亡", "重伤", "失踪", "直接经济损失（万元）"]

    static func cells(_ t: AccidentRepository.Tally) -> [String] {
        [String(t.accidents), String(t.deaths), String(t.seriousInjuries), String(t.missing), AccidentGrade.wan(t.lossWanYuan)]
    }

    static func groupingLabel(_ g: AccidentRepository.Grouping) -> String {
        switch g {
        case .grade: "等级"
        case .type: "事故类别"
        case .sector: "行业领域"
        case .township: "乡镇（街道）"
        case .month: "月份"
        }
    }

    static func statistics(
        _ rows: [(key: String, label: String, tally: AccidentRepository.Tally)], total: AccidentRepository.Tally,
        grouping: AccidentRepository.Grouping, query: [String: String]
    ) -> HTML {
        let period = [("from", query["from"]), ("to", query["to"])].compactMap { k, v in v.map { "\(k)=\($0)" } }.joined(separator: "&")
        let link: (String) -> String = { key in
            let narrow: String =
                switch grouping {
                case .grade: "grade=\(key)"
                case .type: "type=\(key)"
                case .sector: "sector=\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)"
                case .township: "divisionCode=\(key)"
                case .month: Self.monthRange(key)
                }
            return "/accidents?" + [narrow, grouping == .month ? "" : period].filter { !$0.isEmpty }.joined(separator: "&")
        }
        let body: [HTML] = rows.map { r in
            let cells = cells(r.tally)
            return """
                <tr><td data-label="\(groupingLabel(grouping))">\(r.label)</td><td data-label="\(tallyHeader[0])" class="text-end"><a href="\(link(r.key))">\(cells[0])</a></td>\
                \(zip(tallyHeader.dropFirst(), cells.dropFirst()).map { HTML("<td data-label=\"\($0.0)\" class=\"text-end\">\($0.1)</td>") })</tr>
                """
        }
        let totals = cells(total)
        let all = "/accidents" + (period.isEmpty ? "" : "?" + period)
        return """
            \(subnav("/accidents/statistics"))
            <h1 class="h4">事故统计</h1>
            \(Components.filterBar(action: "/accidents/statistics", testID: "accident-statistics-filters", filters: [
                .choice(name: "by", label: "统计口径", options: AccidentRepository.Grouping.allCases.map { ($0.rawValue, groupingLabel($0)) }, selected: grouping.rawValue),
                .text(name: "from", placeholder: "发生日期起 2026-01-01", value: query["from"]), .text(name: "to", placeholder: "发生日期止", value: query["to"]),
            ], searchLabel: "统计", trailing: HTML("<div class=\"col-auto\"><a class=\"btn btn-sm btn-outline-success\" href=\"/accidents/statistics.xlsx?\(Layout.queryString(query.map { ($0.key, $0.value) }))\">导出 XLSX</a></div>")))
            \(Components.table(testID: "accident-statistics", header: [groupingLabel(grouping)] + tallyHeader, rows: body + [HTML("""
                <tr class="fw-bold"><td data-label="合计">合计</td><td data-label="\(tallyHeader[0])" class="text-end"><a href="\(all)" data-testid="accident-statistics-total">\(totals[0])</a></td>\
                \(zip(tallyHeader.dropFirst(), totals.dropFirst()).map { HTML("<td data-label=\"\($0.0)\" class=\"text-end\">\($0.1)</td>") })</tr>
                """)], cards: true))
            """
    }
}
