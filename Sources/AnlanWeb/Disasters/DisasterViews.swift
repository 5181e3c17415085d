import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation

/// Disaster report pages: the processes, one process with its clock and its figures by township, the phone entry form,
/// the township's review and the two 台账.
enum DisasterViews {
    static let title = "灾情报送"

    static func subnav(_ active: String) -> HTML { InfoOfficerViews.subnav(active) }

    /// The indicators a summary table shows (the full set is in the entry form and the exports).
    static let headline: [DisasterIndicator] = [
        .affected, .deaths, .missing, .relocated, .needAid, .collapsedRooms, .severeRooms, .cropAffected,
    ]

    static let tableHeader: [String] =
        ["乡镇（街道）"] + DisasterIndicator.allCases.map { "\($0.shortLabel)（\($0.unit)）" } + ["直接经济损失合计（万元）", "报送情况"]

    /// A row of the statistical table: the figures as numbers the spreadsheet can add, and whether the township reported.
    static func tableRow(_ name: String, _ f: DisasterFigures, status: String = "") -> [XLSXWriter.Cell] {
        [.text(name)] + DisasterIndicator.allCases.map { .number(f[$0]) } + [.number(f.lossTotal), .text(status)]
    }

    /// A deadline at midnight reads as the day before at 24:00 (核报 "2026-06-30 24:00", not "07-01 00:00").
    static func due(_ date: Date) -> String {
        let text = Moment.minutes(date)
        guard text.hasSuffix(" 00:00") else { return text }
        return String(Moment.minutes(date.addingTimeInterval(-60)).prefix(10)) + " 24:00"
    }

    static func stateBadge(_ s: DisasterEventState) -> HTML {
        Components.badge(s.label, tone: s == .closed ? .success : s == .responding ? .danger : .warning)
    }

    /// What a year's row counts: the last report up, or the townships' figures when nothing was reported.
    static func basis(_ r: DisasterReport?) -> String {
        guard let r else { return "乡镇已审核数（未上报，或本辖区的数）" }
        return r.stage == .progress ? "续报（第 \(r.sequence) 次报送）" : r.stage.label
    }

    static func statistics(
        year: Int, rows: [DisasterRepository.YearRow], byType: [(type: DisasterType, events: Int, figures: DisasterFigures)],
        total: DisasterFigures
    ) -> HTML {
        let header = ["灾害过程", "灾种", "数据依据"] + headline.map { "\($0.shortLabel)（\($0.unit)）" } + ["直接经济损失（万元）"]
        func cells(_ f: DisasterFigures) -> HTML {
            let items: [HTML] = headline.map { i in "<td data-label=\"\(i.shortLabel)\" class=\"text-end\">\(f.text(i))</td>" }
            return "\(items)<td data-label=\"直接经济损失\" class=\"text-end\">\(AccidentGrade.wan(f.lossTotal))</td>"
        }
        let eventRows: [HTML] = rows.map { r in
            """
            <tr><td data-label="灾害过程"><a href="/disasters/\(r.event.id.key)">\(r.event.number)</a> \(r.event.name)</td><td data-label="灾种">\(r.event.type.label)</td>\
            <td data-label="数据依据">\(basis(r.basis))</td>\(cells(r.figures))</tr>
            """
        }
        let typeRows: [HTML] = byType.map { t in
            """
            <tr><td data-label="灾种">\(t.type.label)</td><td data-label="次数" class="text-end"><a href="/disasters?type=\(t.type.rawValue)&year=\(year)">\(t.events)</a></td>\(cells(t.figures))</tr>
            """
        }
        let totalRow: HTML = """
            <tr class="fw-bold"><td data-label="灾种">合计</td><td data-label="次数" class="text-end"><a href="/disasters?year=\(year)" data-testid="disaster-year-total">\(rows.count)</a></td>\(cells(total))</tr>
            """
        return """
            \(subnav("/disasters"))
            <h1 class="h4">\(year) 年自然灾害统计</h1>
            \(Components.filterBar(action: "/disasters/statistics", testID: "disaster-year-filter", filters: [
                .text(name: "year", placeholder: "年份", value: String(year)),
            ], searchLabel: "统计", trailing: HTML("<div class=\"col-auto\"><a class=\"btn btn-sm btn-outline-success\" href=\"/disasters/statistics.xlsx?year=\(year)\">导出 XLSX</a></div>")))
            <h2 class="h5">按灾种</h2>
            \(Components.table(testID: "disaster-year-types", header: ["灾种", "次数"] + header.dropFirst(3), rows: typeRows + [totalRow], cards: true))
            <h2 class="h5">按灾害过程</h2>
            \(rows.isEmpty ? HTML("<p class=\"text-muted\">该年没有灾害过程。</p>") : Components.table(testID: "disaster-year-events", header: header, rows: eventRows, cards: true))
            <p class="small text-muted">每次灾害过程取最后一次向上报送的数字（已核报的即核报数）；尚未报送的取乡镇已审核的数字。</p>
            """
    }

    static func list(_ items: [DisasterEvent], total: Int, query: [String: String], mayOpen: Bool, pager: HTML) -> HTML {
        let header = ["编号", "灾害过程", "灾种", "发生时间", "受灾乡镇", "状态"]
        let rows: [HTML] = items.map { e in
            """
            <tr><td data-label="\(header[0])"><a href="/disasters/\(e.id.key)">\(e.number)</a></td><td data-label="\(header[1])">\(e.name)</td>\
            <td data-label="\(header[2])">\(e.type.label)</td><td data-label="\(header[3])">\(Moment.minutes(e.startedAt))</td>\
            <td data-label="\(header[4])">\(e.townships.count) 个</td><td data-label="\(header[5])">\(stateBadge(e.state))</td></tr>
            """
        }
        let add: HTML =
            mayOpen
            ? "<div class=\"col-auto\"><a class=\"btn btn-sm btn-danger\" href=\"/disasters/new\" data-testid=\"disaster-new\">新建灾害过程</a> <a class=\"btn btn-sm btn-outline-secondary\" href=\"/disasters/statistics\">年度统计</a></div>"
            : "<div class=\"col-auto\"><a class=\"btn btn-sm btn-outline-secondary\" href=\"/disasters/statistics\">年度统计</a></div>"
        return """
            \(subnav("/disasters"))
            <h1 class="h4">\(title) <span class="small text-muted" data-testid="disaster-total">共 \(total) 次灾害过程</span></h1>
            \(Components.filterBar(action: "/disasters", testID: "disaster-filters", filters: [
                .choice(name: "state", label: "状态", options: DisasterEventState.allCases.map { ($0.rawValue, $0.label) }, selected: query["state"]),
                .choice(name: "type", label: "灾种", options: DisasterType.allCases.map { ($0.rawValue, $0.label) }, selected: query["type"]),
                .text(name: "year", placeholder: "年份 2026", value: query["year"]), .hidden(name: "open", value: query["open"]),
            ], searchLabel: UIText.search, trailing: add))
            \(items.isEmpty ? HTML("<p class=\"text-muted\">没有符合条件的灾害过程。</p>") : Components.table(testID: "disasters", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func openForm(values: [String: [String]], townships: [(String, String)], now: Date, csrf: String, refusal: AnlanError?) -> HTML {
        typealias F = DisasterEventDraft.Field
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        let chosen = Set(values["townships"] ?? [])
        let types: [HTML] = DisasterType.allCases.map {
            "<option value=\"\($0.rawValue)\"\(HTML(unsafe: value("type") == $0.rawValue ? " selected" : ""))>\($0.label)</option>"
        }
        let boxes: [HTML] = townships.map { code, name in
            """
            <div class="form-check form-check-inline"><input class="form-check-input" type="checkbox" id="t-\(code)" name="townships" value="\(code)"\(HTML(unsafe: chosen.contains(code) ? " checked" : ""))><label class="form-check-label" for="t-\(code)">\(name)</label></div>
            """
        }
        return """
            \(subnav("/disasters"))
            <h1 class="h4">新建灾害过程</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <p class="small text-muted">初报须在接报后 2 小时内报出；受灾乡镇的信息员和乡镇干部随即可以填报本村、本乡镇的灾情。</p>
            \(Components.form(action: "/disasters", csrf: csrf, testID: "disaster-open", classes: "row g-2", content: """
              <div class="col-md-4"><label class="form-label" for="f-type">\(F.type.label)</label><select class="form-select" id="f-type" name="type">\(types)</select></div>
              <div class="col-md-8"><label class="form-label" for="f-name">\(F.name.label)（必填）</label><input class="form-control" id="f-name" name="name" maxlength="60" required value="\(value("name"))" placeholder="如 11月30日强降雨"></div>
              <div class="col-md-4"><label class="form-label" for="f-startedAt">\(F.startedAt.label)（必填）</label><input class="form-control" id="f-startedAt" name="startedAt" type="datetime-local" required value="\(value("startedAt"))"></div>
              <div class="col-md-4"><label class="form-label" for="f-learnedAt">\(F.learnedAt.label)</label><input class="form-control" id="f-learnedAt" name="learnedAt" type="datetime-local" value="\(value("learnedAt").isEmpty ? Moment.field(now) : value("learnedAt"))"></div>
              <fieldset class="col-12"><legend class="form-label fs-6">\(F.townships.label)（至少一个）</legend>\(boxes)</fieldset>
              <div class="col-12"><label class="form-label" for="f-description">\(F.description.label)</label><textarea class="form-control" id="f-description" name="description" rows="3" maxlength="2000">\(value("description"))</textarea></div>
              <div class="col-12"><button class="btn btn-danger">建立</button> <a class="btn btn-link" href="/disasters">\(title)</a></div>
              """))
            """
    }

    static func clockState(_ o: DisasterClock.Obligation, now: Date) -> HTML {
        let late = o.isLate(at: now)
        if let met = o.metAt {
            return "\(Components.badge(late ? "迟报" : "按时", tone: late ? .danger : .success)) \(Moment.minutes(met))"
        }
        return Components.badge(
            late ? "已超时\(Moment.span(now.timeIntervalSince(o.due)))" : "待报（剩余\(Moment.span(o.due.timeIntervalSince(now)))）",
            tone: late ? .danger : .warning, testID: late ? "clock-overdue" : "clock-due")
    }

    static func obligationLabel(_ o: DisasterClock.Obligation, names: [String: String]) -> String {
        switch o.kind {
        case .township: "\(names[o.township ?? ""] ?? o.township ?? "") 首次报送"
        case .initial: "县级初报"
        case .progress: "续报（\(o.day?.description ?? "")）"
        case .final: "核报"
        }
    }

    static func detail(
        _ d: DisasterRepository.Detail, names: [String: String], people: [String: String], role: Role, county: Bool, now: Date,
        csrf: String, refusal: AnlanError?, form: [String: [String]]
    ) -> HTML {
        let e = d.event
        let base = "/disasters/\(e.id.key)"
        let clockRows: [HTML] = d.clock.map { o in
            """
            <tr><td data-label="事项">\(obligationLabel(o, names: names))</td><td data-label="时限">\(due(o.due))</td><td data-label="完成">\(clockState(o, now: now))</td><td data-label="依据" class="small">\(o.basis)</td></tr>
            """
        }
        let figureHeader = ["乡镇（街道）", "首次报送", "待审核"] + headline.map { "\($0.shortLabel)（\($0.unit)）" } + ["直接经济损失（万元）"]
        func cells(_ f: DisasterFigures) -> HTML {
            let items: [HTML] = headline.map { i in "<td data-label=\"\(i.shortLabel)\" class=\"text-end\">\(f.text(i))</td>" }
            return "\(items)<td data-label=\"直接经济损失\" class=\"text-end\">\(AccidentGrade.wan(f.lossTotal))</td>"
        }
        let townshipRows: [HTML] = d.townships.map { t in
            let first: HTML =
                if let at = t.firstAcceptedAt {
                    "\(Components.badge(at > e.initialDue ? "迟报" : "已报", tone: at > e.initialDue ? .danger : .success)) \(Moment.minutes(at))"
                } else {
                    Components.badge("未报", tone: .warning)
                }
            return """
                <tr><td data-label="乡镇"><a href="\(base)/entries?divisionCode=\(t.code)">\(names[t.code] ?? t.code)</a></td><td data-label="首次报送">\(first)</td>\
                <td data-label="待审核"><a href="\(base)/entries?status=submitted&divisionCode=\(t.code)" data-testid="pending-\(t.code)">\(t.pending)</a></td>\(cells(t.figures))</tr>
                """
        }
        let total = d.total
        let totalRow: HTML = """
            <tr class="fw-bold"><td data-label="合计">合计</td><td></td><td data-label="待审核"><a href="\(base)/entries?status=submitted" data-testid="pending-total">\(d.townships.reduce(0) { $0 + $1.pending })</a></td>\(cells(total))</tr>
            """
        let reportRows: [HTML] = d.reports.map { r in
            let timing: HTML = r.isLate ? Components.badge("迟报", tone: .danger) : Components.badge("按时", tone: .success)
            return """
                <tr><td data-label="序号">\(r.sequence)</td><td data-label="类别">\(r.stage.label)\(r.zeroReport ? HTML(" \(Components.badge("零报告", tone: .neutral))") : .empty)</td>\
                <td data-label="所属日期">\(r.forDay.description)</td><td data-label="报送时间">\(Moment.minutes(r.submittedAt)) \(timing)</td>\
                <td data-label="所报数字" class="small">\(r.lines.isEmpty ? "（各乡镇数字由县、乡镇查看）" : r.total.summary)\(r.correctionReason.map { HTML("<div class=\"text-danger\">更正：\($0)</div>") } ?? .empty)\(r.note.map { HTML("<div class=\"text-muted\">说明：\($0)</div>") } ?? .empty)</td>\
                <td data-label="报送人">\(people[r.submittedBy] ?? r.submittedBy)</td><td data-label="统计表"><a href="\(base)/table.xlsx?report=\(r.id.key)">XLSX</a></td></tr>
                """
        }
        let desk = role.can(.keepDuty) && county && e.state != .closed
        let next: DisasterStage =
            !d.reports.contains { $0.stage == .initial } ? .initial : e.state == .stabilised ? .final : .progress
        let value: (String) -> String = { form[$0]?.first ?? "" }
        let silent = d.townships.filter { $0.firstAcceptedAt == nil }.map { names[$0.code] ?? $0.code }
        let silentWarning: HTML =
            silent.isEmpty
            ? .empty
            : HTML(
                "<p class=\"small text-danger mb-1\" data-testid=\"disaster-silent\">\(silent.joined(separator: "、")) 尚无审核通过的灾情，报送时按 0 计。</p>"
            )
        let reportForm: HTML =
            desk
            ? Components.form(
                action: "\(base)/reports", csrf: csrf, testID: "disaster-report", classes: "card card-body",
                content: """
                    <h3 class="h6">向市局报送\(next.label)</h3>
                    <p class="small mb-1">报送此刻各乡镇已审核的灾情（上表合计）。\(next == .progress ? "与上次相同时记为零报告。" : next == .final ? "核报后本次灾害过程结束。" : "")</p>\(silentWarning)
                    \(next == .progress ? HTML("<label class=\"small\" for=\"r-day\">所属日期（当日 9 时前的续报）</label><input class=\"form-control\" id=\"r-day\" name=\"forDay\" type=\"date\" value=\"\(value("forDay").isEmpty ? Day(now).description : value("forDay"))\">") : .empty)
                    <label class="small mt-1" for="r-correction">更正原因（累计数比上次减少时必填）</label><input class="form-control" id="r-correction" name="correctionReason" maxlength="500" value="\(value("correctionReason"))">
                    <label class="small mt-1" for="r-note">报送说明</label><input class="form-control" id="r-note" name="note" maxlength="1000" value="\(value("note"))" placeholder="如 传真报市应急管理局，电话确认">
                    <div class="mt-2"><button class="btn btn-sm btn-danger">报送\(next.label)</button></div>
                    """) : .empty
        let stateForm: HTML
        if desk && e.state == .responding {
            stateForm = Components.form(
                action: "\(base)/moves", csrf: csrf, testID: "disaster-stabilise", classes: "d-inline",
                confirm: "确认灾情已稳定？此后不再续报，核报时限开始计算。",
                content:
                    "<input type=\"hidden\" name=\"action\" value=\"stabilise\"><button class=\"btn btn-sm btn-outline-secondary\">确认灾情稳定</button>"
            )
        } else if desk && e.state == .stabilised {
            stateForm = Components.form(
                action: "\(base)/moves", csrf: csrf, testID: "disaster-resume", classes: "d-inline",
                content:
                    "<input type=\"hidden\" name=\"action\" value=\"resume\"><button class=\"btn btn-sm btn-outline-secondary\">灾情再度发展，恢复续报</button>"
            )
        } else {
            stateForm = .empty
        }
        let links: [HTML] = [
            role.can(.reportDisasters) && e.state != .closed
                ? HTML("<a class=\"btn btn-sm btn-primary\" href=\"\(base)/entries/new\" data-testid=\"disaster-enter\">填报灾情</a>") : nil,
            HTML("<a class=\"btn btn-sm btn-outline-primary\" href=\"\(base)/entries\">灾情填报记录</a>"),
            HTML("<a class=\"btn btn-sm btn-outline-primary\" href=\"\(base)/casualties\">因灾死亡失踪人口台账</a>"),
            HTML("<a class=\"btn btn-sm btn-outline-primary\" href=\"\(base)/houses\">倒损住房户台账</a>"),
            HTML("<a class=\"btn btn-sm btn-outline-success\" href=\"\(base)/table.xlsx\">导出当前统计表 XLSX</a>"),
        ].compactMap { $0 }
        return """
            \(subnav("/disasters"))
            <h1 class="h4">\(e.number) \(e.name) <span class="small">\(e.type.label)</span> \(stateBadge(e.state))</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <dl class="row small mb-2" data-testid="disaster-facts">
              <dt class="col-sm-3">发生时间 / 接报时间</dt><dd class="col-sm-9">\(Moment.minutes(e.startedAt)) / \(Moment.minutes(e.learnedAt))</dd>
              <dt class="col-sm-3">受灾乡镇</dt><dd class="col-sm-9">\(e.townships.map { names[$0] ?? $0 }.joined(separator: "、"))</dd>
              \(e.description.isEmpty ? HTML.empty : HTML("<dt class=\"col-sm-3\">灾情简况</dt><dd class=\"col-sm-9\">\(e.description)</dd>"))
              \(e.stabilisedAt.map { HTML("<dt class=\"col-sm-3\">灾情稳定</dt><dd class=\"col-sm-9\">\(Moment.minutes($0))</dd>") } ?? .empty)
            </dl>
            <div class="d-flex flex-wrap gap-1 mb-3 d-print-none">\(links) \(stateForm)</div>
            <h2 class="h5">报告时限</h2>
            \(clockRows.isEmpty ? HTML("<p class=\"small text-muted\">没有待报事项。</p>") : Components.table(testID: "disaster-clock", header: ["事项", "时限", "完成", "依据"], rows: clockRows, cards: true))
            <p class="small text-muted">\(DisasterReportSettings.source)</p>
            <h2 class="h5">分乡镇灾情（乡镇已审核，累计）</h2>
            \(Components.table(testID: "disaster-townships", header: figureHeader, rows: townshipRows + [totalRow], cards: true))
            <p class="small" data-testid="disaster-summary">合计：\(total.summary)</p>
            <h2 class="h5">已报送</h2>
            \(reportRows.isEmpty ? HTML("<p class=\"text-muted small\">尚未向上报送。</p>") : Components.table(testID: "disaster-reports", header: ["序号", "类别", "所属日期", "报送时间", "所报数字", "报送人", "统计表"], rows: reportRows, cards: true))
            \(reportForm)
            """
    }

}
