import AnlanCore
import AnlanStore
import Foundation

/// The duty desk's pages: the desk, the roster and the reports received.
enum DutyViews {
    static let title = "值班值守"

    static func subnav(_ active: String) -> HTML {
        Components.tabs(
            [
                ("/duty", "值班台"), ("/duty/roster", "值班表"), ("/duty/reports", "来报记录"), ("/incidents", IncidentViews.title),
                ("/warnings", WarningViews.title), ("/notifications", NotificationViews.title),
            ],
            active: active,
            testID: "duty-nav")
    }

    static func name(_ username: String, _ people: [String: String]) -> String { people[username] ?? username }

    static func shiftCard(_ title: String, _ shift: DutyShift?, people: [String: String], testID: String) -> HTML {
        guard let s = shift else {
            return """
                <div class="col-md-6"><div class="card h-100" data-testid="\(testID)"><div class="card-body"><h2 class="h6">\(title)</h2>\
                <p class="text-danger mb-0">未排班</p></div></div></div>
                """
        }
        return """
            <div class="col-md-6"><div class="card h-100" data-testid="\(testID)"><div class="card-body"><h2 class="h6">\(title) \
            <span class="small text-muted">\(s.day) \(s.period.label)（\(Moment.minutes(s.startsAt).suffix(5)) 至 \(Moment.minutes(s.endsAt))）</span></h2>\
            <div>带班领导：<strong>\(name(s.leader, people))</strong></div>\
            <div>值班员：\(s.officers.map { name($0, people) }.joined(separator: "、"))</div></div></div></div>
            """
    }

    static func select(_ name: String, id: String, options: [(String, String)], selected: String?, blank: String? = nil) -> HTML {
        let items: [HTML] =
            (blank.map { [HTML("<option value=\"\">\($0)</option>")] } ?? [])
            + options.map { "<option value=\"\($0.0)\"\(HTML(unsafe: selected == $0.0 ? " selected" : ""))>\($0.1)</option>" }
        return "<select class=\"form-select\" id=\"\(id)\" name=\"\(name)\">\(items)</select>"
    }

    /// 报告时限: what is owed on open accidents, overdue first in red with how late, the rest with the time left.
    static func clocks(_ owed: [(accident: Accident, obligation: AccidentClock.Obligation)], now: Date) -> HTML {
        guard !owed.isEmpty else { return .empty }
        let rows: [HTML] = owed.map { a, o in
            let late = o.isLate(at: now)
            let left: HTML =
                late
                ? Components.badge("已超时\(Moment.span(now.timeIntervalSince(o.due)))", tone: .danger, testID: "owed-late")
                : Components.badge("剩余\(Moment.span(o.due.timeIntervalSince(now)))", tone: .warning, testID: "owed-open")
            return """
                <tr><td data-label="事故"><a href="/accidents/\(a.id.key)">\(a.number)</a> \(a.party)</td><td data-label="事项">\(o.label)</td>\
                <td data-label="时限">\(Moment.minutes(o.due))</td><td data-label="状态">\(left)</td></tr>
                """
        }
        let late = owed.filter { $0.obligation.isLate(at: now) }.count
        return """
            <h2 class="h5">报告时限 <span class="small text-muted" data-testid="owed-total">待报 \(owed.count) 项\(late > 0 ? "，其中超时 \(late) 项" : "")</span></h2>
            \(Components.table(testID: "reports-owed", header: ["事故", "事项", "时限", "状态"], rows: rows, cards: true))
            """
    }

    /// 灾情报送时限: for each disaster process still reported on, the townships that have not sent their first figures,
    /// the 初报, the day's 续报 and the 核报, with the time left or how late.
    static func disasterClocks(_ owed: [(event: DisasterEvent, obligation: DisasterClock.Obligation)], names: [String: String], now: Date)
        -> HTML
    {
        guard !owed.isEmpty else { return .empty }
        let rows: [HTML] = owed.map { e, o in
            let late = o.isLate(at: now)
            let left: HTML =
                late
                ? Components.badge("已超时\(Moment.span(now.timeIntervalSince(o.due)))", tone: .danger, testID: "disaster-owed-late")
                : Components.badge("剩余\(Moment.span(o.due.timeIntervalSince(now)))", tone: .warning, testID: "disaster-owed-open")
            return """
                <tr><td data-label="灾害过程"><a href="/disasters/\(e.id.key)">\(e.number)</a> \(e.name)</td><td data-label="事项">\(DisasterViews.obligationLabel(o, names: names))</td>\
                <td data-label="时限">\(DisasterViews.due(o.due))</td><td data-label="状态">\(left)</td></tr>
                """
        }
        let missing = owed.filter { $0.obligation.kind == .township }.count
        return """
            <h2 class="h5">灾情报送时限 <span class="small text-muted" data-testid="disaster-owed-total">待报 \(owed.count) 项\(missing > 0 ? "，其中 \(missing) 个乡镇尚未报送" : "")</span></h2>
            \(Components.table(testID: "disaster-reports-owed", header: ["灾害过程", "事项", "时限", "状态"], rows: rows, cards: true))
            """
    }

    static func desk(
        _ desk: DutyController.Desk, people: [String: String], divisions: [(code: DivisionCode, name: String)], me: User, now: Date,
        csrf: String,
        refusal: AnlanError?, values: [String: [String]]
    ) -> HTML {
        let keeper = me.role.can(.keepDuty)
        let onShift = desk.current?.people.contains(me.username) == true
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        func reportValue(_ name: String) -> String { values["_form"]?.first == "handover" ? "" : value(name) }
        var handover: [HTML] = []
        func acknowledge(_ h: DutyHandover, allowed: Bool) -> HTML {
            if let at = h.acknowledgedAt {
                return "<div class=\"small text-success\">\(name(h.acknowledgedBy ?? "", people)) 于 \(Moment.minutes(at)) 签收</div>"
            }
            guard allowed else { return "<div class=\"small text-danger\">待接班人员签收</div>" }
            return Components.form(
                action: "/duty/handovers/\(h.id.key)/acknowledge", csrf: csrf, testID: "handover-acknowledge", classes: "mt-2",
                content: "<button class=\"btn btn-sm btn-primary\">签收接班</button>")
        }
        func card(_ title: String, _ h: DutyHandover, allowed: Bool, testID: String) -> HTML {
            """
            <div class="card mb-3" data-testid="\(testID)"><div class="card-body"><h2 class="h6">\(title) \
            <span class="small text-muted">\(name(h.writtenBy, people)) \(Moment.minutes(h.writtenAt))</span></h2>\
            <p class="mb-1" style="white-space:pre-wrap">\(h.text)</p>\(acknowledge(h, allowed: allowed))</div></div>
            """
        }
        if let h = desk.incoming { handover.append(card("上一班交班事项", h, allowed: onShift, testID: "handover-incoming")) }
        if let current = desk.current {
            if let h = desk.outgoing {
                let incoming = desk.next?.people.contains(me.username) == true
                handover.append(card("当前班次交班事项（交下一班）", h, allowed: incoming && keeper, testID: "handover-outgoing"))
            } else if onShift && keeper {
                let typed = values["_form"]?.first == "handover" ? value("text") : ""
                let suggested = typed.isEmpty ? "处置中事件 \(desk.openIncidents.total) 起；待处理来报 \(desk.unattached.total) 条。" : typed
                handover.append(
                    Components.form(
                        action: "/duty/shifts/\(current.id.key)/handover", csrf: csrf, testID: "handover-form",
                        classes: "card card-body mb-3",
                        content: """
                            <input type="hidden" name="_form" value="handover">\
                            <label class="form-label h6" for="f-handover">交班（写明移交下一班的事项）</label>\
                            <textarea class="form-control mb-2" id="f-handover" name="text" rows="3" maxlength="2000" required>\(suggested)</textarea>\
                            <div><button class="btn btn-sm btn-outline-primary">交班</button></div>
                            """))
            }
        }
        let incidentOptions = desk.openIncidents.items.map { ($0.id.key, "\($0.number) \($0.title)") }
        let logForm: HTML =
            keeper
            ? Components.form(
                action: "/duty/reports", csrf: csrf, testID: "report-form", classes: "row g-2 bg-white p-3 border rounded mb-3",
                content: """
                    <h2 class="h6 col-12 mb-0">接报登记</h2><input type="hidden" name="_form" value="report">
                    <div class="col-md-3"><label class="form-label small" for="f-receivedAt">接报时间</label><input class="form-control" type="datetime-local" id="f-receivedAt" name="receivedAt" value="\(reportValue("receivedAt").isEmpty ? Moment.field(now) : reportValue("receivedAt"))"></div>
                    <div class="col-md-3"><label class="form-label small" for="f-channel">来报方式</label>\(select("channel", id: "f-channel", options: ReportChannel.allCases.map { ($0.rawValue, $0.label) }, selected: reportValue("channel")))</div>
                    <div class="col-md-3"><label class="form-label small" for="f-caller">报告人（必填）</label><input class="form-control" id="f-caller" name="caller" maxlength="40" required value="\(reportValue("caller"))"></div>
                    <div class="col-md-3"><label class="form-label small" for="f-number">联系电话</label><input class="form-control" id="f-number" name="number" type="tel" maxlength="30" value="\(reportValue("number"))"></div>
                    <div class="col-md-4"><label class="form-label small" for="f-unit">报告单位</label><input class="form-control" id="f-unit" name="unit" maxlength="60" value="\(reportValue("unit"))"></div>
                    <div class="col-md-4"><label class="form-label small" for="f-divisionCode">所涉区划</label>\(select("divisionCode", id: "f-divisionCode", options: divisions.map { ($0.code.rawValue, $0.name) }, selected: reportValue("divisionCode")))</div>
                    <div class="col-md-4"><label class="form-label small" for="f-place">地点</label><input class="form-control" id="f-place" name="place" maxlength="200" value="\(reportValue("place"))"></div>
                    <div class="col-12"><label class="form-label small" for="f-text">来报内容（必填）</label><textarea class="form-control" id="f-text" name="text" rows="2" maxlength="2000" required>\(reportValue("text"))</textarea></div>
                    <div class="col-md-6"><label class="form-label small" for="f-incidentId">并入事件（可选）</label>\(select("incidentId", id: "f-incidentId", options: incidentOptions, selected: reportValue("incidentId"), blank: "不并入，单独登记"))</div>
                    <div class="col-md-6 d-flex align-items-end"><button class="btn btn-primary" data-testid="report-save">登记</button></div>
                    """)
            : .empty
        let reportRows: [HTML] = desk.unattached.items.map { r in
            let actions: HTML =
                keeper
                ? """
                <a class="btn btn-sm btn-outline-danger" href="/incidents/new?reportId=\(r.id.key)">转为事件</a>\
                \(incidentOptions.isEmpty ? HTML.empty : Components.form(action: "/duty/reports/\(r.id.key)/attach", csrf: csrf, classes: "d-inline-flex gap-1 mt-1", content: """
                    \(select("incidentId", id: "a-\(r.id.key)", options: incidentOptions, selected: nil))<button class="btn btn-sm btn-outline-secondary text-nowrap">并入</button>
                    """))
                """ : .empty
            return """
                <tr><td data-label="接报时间">\(Moment.minutes(r.receivedAt))</td><td data-label="来报">\(r.channel.label) · \(r.unit.map { "\($0) " } ?? "")\(r.caller)\(r.number.map { " \($0)" } ?? "")</td>\
                <td data-label="内容">\(r.text)</td><td data-label="处理">\(actions)</td></tr>
                """
        }
        let incidentRows: [HTML] = desk.openIncidents.items.map(IncidentViews.row)
        return """
            \(subnav("/duty"))
            <h1 class="h4">\(title)</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <div class="row g-3 mb-3">\(shiftCard("当前值班", desk.current, people: people, testID: "on-duty"))\(shiftCard("下一班", desk.next, people: people, testID: "next-duty"))</div>
            \(handover)
            \(logForm)
            \(clocks(desk.owed, now: now))
            \(disasterClocks(desk.disasterOwed, names: desk.townshipNames, now: now))
            \(desk.unacknowledged > 0 ? HTML("<div class=\"alert alert-warning py-2\" data-testid=\"inbox-waiting\">您有 <a href=\"/inbox?unacknowledged=true\">\(desk.unacknowledged) 条站内消息</a>待确认。</div>") : .empty)
            <h2 class="h5">生效中的预警 <a class="small" href="/warnings?inForce=true" data-testid="warnings-in-force-total">本局 \(desk.warnings.total) 条</a>\
             <a class="small ms-2" href="/warnings/upstream?scope=in-force" data-testid="upstream-in-force-total">上级 \(desk.upstreamWarnings.total) 条</a></h2>
            \(Components.table(testID: "warnings-in-force", header: WarningViews.header, rows: desk.warnings.items.map { WarningViews.row($0, now: now) }, cards: true))
            \(desk.upstreamWarnings.items.isEmpty ? HTML.empty : Components.table(testID: "upstream-in-force", header: WarningViews.upstreamHeader, rows: desk.upstreamWarnings.items.map { WarningViews.upstreamRow($0, now: now) }, cards: true))
            <h2 class="h5">处置中的事件 <a class="small" href="/incidents?open=true" data-testid="open-incidents-total">共 \(desk.openIncidents.total) 起</a></h2>
            \(Components.table(testID: "open-incidents", header: IncidentViews.header, rows: incidentRows, cards: true))
            <h2 class="h5">待处理来报（近 7 日，未转为或并入事件） <a class="small" href="/duty/reports?unattached=true&since=\(DutyController.reportWindow(now).first)" data-testid="unattached-total">共 \(desk.unattached.total) 条</a></h2>
            \(Components.table(testID: "unattached-reports", header: ["接报时间", "来报", "内容", "处理"], rows: reportRows, cards: true))
            """
    }

    static func roster(
        _ shifts: [DutyShift], swaps: [DutySwap], from: Day, to: Day, candidates: [(username: String, name: String, role: Role)],
        names: [String: String], me: User, now: Date, csrf: String, refusal: AnlanError?, values: [String: [String]]
    ) -> HTML {
        let header = ["日期", "班次", "带班领导", "值班员", "备注与换班"]
        let keeper = me.role.can(.arrangeDuty)
        let rows: [HTML] = shifts.map { s in
            let current = s.isOn(at: now)
            let record: [HTML] =
                (s.note.map { ["<div class=\"small\">\($0)</div>" as HTML] } ?? [])
                + swaps.filter { $0.shiftID == s.id }.map {
                    "<div class=\"small\">换班：\(name($0.from, names)) → \(name($0.to, names))，\($0.reason)</div>"
                }
            let canSwap = s.endsAt > now && (keeper || (me.role.can(.keepDuty) && s.people.contains(me.username)))
            let cancel: HTML =
                keeper && s.startsAt > now && !swaps.contains(where: { $0.shiftID == s.id })
                ? Components.form(
                    action: "/duty/shifts/\(s.id.key)/cancel?from=\(from)&to=\(to)", csrf: csrf, classes: "d-inline",
                    confirm: "撤销 \(s.day) \(s.period.label)的排班？",
                    content: "<button class=\"btn btn-sm btn-link text-danger p-0\">撤销排班</button>") : .empty
            let swapForm: HTML =
                canSwap
                ? """
                <details class="mt-1"><summary class="small">换班</summary>\(Components.form(action: "/duty/shifts/\(s.id.key)/swap?from=\(from)&to=\(to)", csrf: csrf, classes: "d-grid gap-1 mt-1", content: """
                    <label class="small" for="s-from-\(s.id.key)">换出</label>\(select("from", id: "s-from-\(s.id.key)", options: s.people.filter { keeper || $0 == me.username }.map { ($0, name($0, names)) }, selected: nil))\
                    <label class="small" for="s-to-\(s.id.key)">换入</label>\(select("to", id: "s-to-\(s.id.key)", options: candidates.filter { !s.people.contains($0.username) }.map { ($0.username, $0.name) }, selected: nil, blank: "选择换入人"))\
                    <input class="form-control form-control-sm" name="reason" maxlength="200" required placeholder="换班理由"><button class="btn btn-sm btn-outline-primary">确认换班</button>
                    """))</details>
                """ : .empty
            return """
                <tr\(HTML(unsafe: current ? " class=\"table-warning\"" : ""))><td data-label="\(header[0])">\(s.day) \(current ? Components.badge("当班", tone: .warning) : .empty)</td>\
                <td data-label="\(header[1])">\(s.period.label)</td><td data-label="\(header[2])">\(name(s.leader, names))</td>\
                <td data-label="\(header[3])">\(s.officers.map { name($0, names) }.joined(separator: "、"))</td><td data-label="\(header[4])">\(record.isEmpty && !canSwap ? "—" : "")\(record)\(swapForm)\(cancel)</td></tr>
                """
        }
        let span = to.ordinal - from.ordinal + 1
        let arrange: HTML =
            keeper
            ? Components.form(
                action: "/duty/roster?from=\(from)&to=\(to)", csrf: csrf, testID: "roster-form",
                classes: "row g-2 bg-white p-3 border rounded mt-3",
                content: """
                    <h2 class="h6 col-12 mb-0">排班</h2>
                    <div class="col-md-3"><label class="form-label small" for="r-day">值班日期</label><input class="form-control" type="date" id="r-day" name="day" required value="\(values["day"]?.first ?? "")"></div>
                    <div class="col-md-3"><label class="form-label small" for="r-period">班次</label>\(select("period", id: "r-period", options: DutyPeriod.allCases.map { ($0.rawValue, $0.label) }, selected: values["period"]?.first))</div>
                    <div class="col-md-3"><label class="form-label small" for="r-leader">带班领导</label>\(select("leader", id: "r-leader", options: candidates.filter { $0.role == .bureauLeader }.map { ($0.username, $0.name) }, selected: values["leader"]?.first))</div>
                    <fieldset class="col-12"><legend class="form-label small">值班员（1–6 人）</legend>\(candidates.map { c in
                        HTML("<label class=\"me-3 text-nowrap\"><input type=\"checkbox\" class=\"form-check-input me-1\" name=\"officers\" value=\"\(c.username)\"\(HTML(unsafe: values["officers"]?.contains(c.username) == true ? " checked" : ""))>\(c.name)</label>")
                    })</fieldset>
                    <div class="col-md-9"><label class="form-label small" for="r-note">备注</label><input class="form-control" id="r-note" name="note" maxlength="200" value="\(values["note"]?.first ?? "")"></div>
                    <div class="col-md-3 d-flex align-items-end"><button class="btn btn-primary" data-testid="roster-save">排班</button></div>
                    """)
            : .empty
        return """
            \(subnav("/duty/roster"))
            <h1 class="h4">值班表</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <div class="d-flex gap-2 align-items-center mb-2 flex-wrap">
              <a class="btn btn-sm btn-outline-secondary" href="/duty/roster?from=\(from.adding(days: -span))&to=\(from.adding(days: -1))">上一段</a>
              <span data-testid="roster-range">\(from) 至 \(to)，共 \(shifts.count) 班</span>
              <a class="btn btn-sm btn-outline-secondary" href="/duty/roster?from=\(to.adding(days: 1))&to=\(to.adding(days: span))">下一段</a>
            </div>
            \(Components.table(testID: "roster", header: header, rows: rows, cards: true))
            \(arrange)
            """
    }

    static func reports(
        _ page: Page<IncomingReport>, divisions: [(code: DivisionCode, name: String)], people: [String: String], query: [String: String],
        pager: HTML
    ) -> HTML {
        let names = Dictionary(divisions.map { ($0.code.rawValue, $0.name) }, uniquingKeysWith: { a, _ in a })
        let header = ["接报时间", "方式", "报告人", "内容", "区划", "事件", "登记人"]
        let rows: [HTML] = page.items.map { r in
            """
            <tr><td data-label="\(header[0])">\(Moment.minutes(r.receivedAt))</td><td data-label="\(header[1])">\(r.channel.label)</td>\
            <td data-label="\(header[2])">\(r.unit.map { "\($0) " } ?? "")\(r.caller)\(r.number.map { " \($0)" } ?? "")</td><td data-label="\(header[3])">\(r.text)</td>\
            <td data-label="\(header[4])">\(names[r.divisionCode] ?? r.divisionCode)</td>\
            <td data-label="\(header[5])">\(r.incidentID.map { HTML("<a href=\"/incidents/\($0.key)\">查看事件</a>") } ?? HTML("<a href=\"/incidents/new?reportId=\(r.id.key)\">转为事件</a>"))</td>\
            <td data-label="\(header[6])">\(name(r.loggedBy, people))</td></tr>
            """
        }
        return """
            \(subnav("/duty/reports"))
            <h1 class="h4">来报记录</h1>
            \(Components.filterBar(action: "/duty/reports", testID: "report-filters", filters: [
                .choice(name: "unattached", label: "范围", options: [("true", "未转为或并入事件的")], selected: query["unattached"]),
            ], searchLabel: UIText.search))
            <p data-testid="reports-total">共 \(page.total) 条</p>
            \(Components.table(testID: "reports", header: header, rows: rows, cards: true))
            \(pager)
            """
    }
}
