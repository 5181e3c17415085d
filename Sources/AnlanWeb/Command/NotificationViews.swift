import AnlanCore
import AnlanStore
import Foundation

/// Notification pages: the list, the compose form, one notification with every person's delivery, and a person's inbox.
enum NotificationViews {
    static let title = "通知"
    static let inboxTitle = "我的消息"

    /// Who it went to; `places` names the divisions of a role audience ("青山镇、韩孙塘村灾害信息员").
    static func audienceLabel(_ a: NotificationAudience, places: [String: String]) -> String {
        switch a {
        case .accounts(let names): "指定人员 \(names.count) 人"
        case .role(let role, let divisions):
            (divisions.isEmpty ? "全县" : divisions.map { places[$0] ?? $0 }.joined(separator: "、")) + role.title
        case .phones(let list): "手工填写号码 \(list.count) 个"
        }
    }

    static func stateBadge(_ s: DeliveryState) -> HTML {
        let tone: Components.Tone =
            switch s {
            case .queued: .neutral
            case .sent: .warning
            case .delivered, .acknowledged: .success
            case .failed: .danger
            }
        return Components.badge(s.label, tone: tone)
    }

    /// "短信 已送达 12 · 失败 1": each state's count, in the course's order.
    static func tallyText(_ tally: [NotificationChannel: [DeliveryState: Int]]) -> String {
        NotificationChannel.allCases.compactMap { c in
            guard let states = tally[c] else { return nil }
            let parts = DeliveryState.allCases.compactMap { s in states[s].map { "\(s.label) \($0)" } }
            return "\(c.label) " + parts.joined(separator: " · ")
        }.joined(separator: "；")
    }

    static func list(
        _ page: Page<NotificationMessage>, tallies: [UUID: [NotificationChannel: [DeliveryState: Int]]], places: [String: String],
        mayIssue: Bool, pager: HTML
    ) -> HTML {
        let rows: [HTML] = page.items.map { m in
            """
            <tr><td data-label="通知"><a href="/notifications/\(m.id.key)">\(m.subject)</a></td>\
            <td data-label="对象">\(audienceLabel(m.audience, places: places))</td><td data-label="渠道">\(m.channels.map(\.label).joined(separator: "、"))</td>\
            <td data-label="送达情况">\(m.expandedAt == nil ? "待展开" : tallyText(tallies[m.id] ?? [:]))</td>\
            <td data-label="发送时间" class="text-nowrap">\(Moment.minutes(m.createdAt))</td></tr>
            """
        }
        let add: HTML =
            mayIssue
            ? "<a class=\"btn btn-sm btn-danger mb-2\" href=\"/notifications/new\" data-testid=\"notification-new\">发送通知</a>" : .empty
        return """
            \(DutyViews.subnav("/notifications"))
            <h1 class="h4">\(title)</h1>
            \(add)
            <p data-testid="notifications-total">共 \(page.total) 条</p>
            \(Components.table(testID: "notifications", header: ["通知", "对象", "渠道", "送达情况", "发送时间"], rows: rows, cards: true))
            \(pager)
            """
    }

    static func form(
        values: [String: [String]], divisions: [(code: DivisionCode, name: String)], people: [(String, String)], incidents: [Incident],
        csrf: String, refusal: AnlanError?
    ) -> HTML {
        typealias F = NotificationDraft.Field
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        func has(_ name: String, _ v: String) -> Bool { values[name]?.contains(v) == true }
        let channels: [HTML] = NotificationChannel.allCases.map { c in
            """
            <div class="form-check form-check-inline"><input class="form-check-input" type="checkbox" name="channels" id="c-\(c.rawValue)" value="\(c.rawValue)"\
            \(HTML(unsafe: has("channels", c.rawValue) ? " checked" : ""))><label class="form-check-label" for="c-\(c.rawValue)">\(c.label)</label></div>
            """
        }
        func audience(_ v: String, _ label: String) -> HTML {
            """
            <div class="form-check"><input class="form-check-input" type="radio" name="audience" id="a-\(v)" value="\(v)"\
            \(HTML(unsafe: value("audience") == v ? " checked" : ""))><label class="form-check-label" for="a-\(v)">\(label)</label></div>
            """
        }
        let roles: [HTML] = Role.allCases.filter(\.receivesNotifications).map {
            "<option value=\"\($0.rawValue)\"\(HTML(unsafe: value("role") == $0.rawValue ? " selected" : ""))>\($0.title)</option>"
        }
        let places: [HTML] = divisions.map { d in
            "<option value=\"\(d.code.rawValue)\"\(HTML(unsafe: has("divisionCodes", d.code.rawValue) ? " selected" : ""))>\(d.code.level == .township ? "　" : "")\(d.name)</option>"
        }
        let persons: [HTML] = people.map { p in
            "<option value=\"\(p.0)\"\(HTML(unsafe: has("usernames", p.0) ? " selected" : ""))>\(p.1)</option>"
        }
        let incidentChoice: HTML =
            incidents.isEmpty
            ? .empty
            : """
            <div class="col-md-6"><label class="form-label" for="f-incidentId">\(F.incident.label)</label><select class="form-select" id="f-incidentId" name="incidentId">\
            <option value="">（不关联）</option>\(incidents.map { HTML("<option value=\"\($0.id.key)\"\(HTML(unsafe: value("incidentId") == $0.id.key ? " selected" : ""))>\($0.number) \($0.title)</option>") })</select></div>
            """
        return """
            \(DutyViews.subnav("/notifications"))
            <h1 class="h4">发送通知</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <form method="post" action="/notifications" class="row g-3" data-testid="notification-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md-6"><label class="form-label" for="f-subject">\(F.subject.label)（必填）</label><input class="form-control" id="f-subject" name="subject" maxlength="60" required value="\(value("subject"))"></div>
              \(incidentChoice)
              <div class="col-12"><label class="form-label" for="f-text">\(F.text.label)（必填，短信按 70 字一条计费）</label><textarea class="form-control" id="f-text" name="text" rows="3" maxlength="500" required>\(value("text"))</textarea></div>
              <div class="col-12"><span class="form-label d-block">\(F.channels.label)（必选）</span>\(channels)</div>
              <fieldset class="col-12"><legend class="form-label fs-6">\(F.audience.label)</legend>
                \(audience("role", "按角色和区划（发送时展开为当时在岗的人员）"))
                <div class="row g-2 ms-3 mb-2"><div class="col-md-4"><select class="form-select form-select-sm" name="role" aria-label="角色">\(roles)</select></div>\
            <div class="col-md-6"><select class="form-select form-select-sm" name="divisionCodes" multiple size="5" aria-label="区划（不选为全县）">\(places)</select>\
            <div class="form-text">不选区划为全县。</div></div></div>
                \(audience("accounts", "指定局内人员"))
                <div class="ms-3 mb-2"><select class="form-select form-select-sm" name="usernames" multiple size="5" aria-label="指定人员">\(persons)</select></div>
                \(audience("phones", "手工填写号码（仅短信、语音）"))
                <div class="ms-3"><textarea class="form-control form-control-sm font-monospace" name="phones" rows="3" maxlength="20000" aria-label="号码" placeholder="每行一个：姓名 手机号">\(value("phones"))</textarea></div>
              </fieldset>
              <div class="col-12"><button class="btn btn-danger" data-testid="notification-submit">发送</button> <a class="btn btn-link" href="/notifications">返回</a></div>
            </form>
            """
    }

    static func detail(
        _ m: NotificationMessage, tally: [NotificationChannel: [DeliveryState: Int]], deliveries: Page<Delivery>,
        channel: NotificationChannel?, state: DeliveryState?, people: [String: String], places: [String: String], pager: HTML
    ) -> HTML {
        let tallyRows: [HTML] = m.channels.map { c in
            let cells: [HTML] = DeliveryState.allCases.map { s in
                let n = tally[c]?[s] ?? 0
                return
                    "<td data-label=\"\(s.label)\">\(n == 0 ? HTML("0") : HTML("<a href=\"/notifications/\(m.id.key)?state=\(s.rawValue)\">\(n)</a>"))</td>"
            }
            return "<tr><th scope=\"row\">\(c.label)</th>\(cells)</tr>"
        }
        let rows: [HTML] = deliveries.items.map { d in
            """
            <tr><td data-label="渠道">\(d.channel.label)</td><td data-label="接收人">\(d.name)</td>\
            <td data-label="号码或账号"><span class="text-break">\(d.address)</span></td><td data-label="状态">\(stateBadge(d.state))</td>\
            <td data-label="尝试">\(d.attempts)</td><td data-label="说明">\(d.lastError ?? "—")</td><td data-label="更新" class="text-nowrap">\(Moment.minutes(d.updatedAt))</td></tr>
            """
        }
        return """
            \(DutyViews.subnav("/notifications"))
            <h1 class="h4">\(m.subject)</h1>
            <p style="white-space: pre-wrap">\(m.text)</p>
            <p class="small text-muted">\(audienceLabel(m.audience, places: places)) · \(m.channels.map(\.label).joined(separator: "、")) · \(people[m.createdBy] ?? m.createdBy) <span class="text-nowrap">\(Moment.minutes(m.createdAt))</span>\
            \(m.incidentID.map { HTML(" · <a href=\"/incidents/\($0.key)\">关联事件</a>") } ?? .empty)\(m.warningID.map { HTML(" · <a href=\"/warnings/\($0.key)\">关联预警</a>") } ?? .empty)</p>
            <h2 class="h5">送达情况 <span class="small text-muted" data-testid="notification-recipients">共 \(m.recipients) 条送达记录\(m.expandedAt == nil ? "（等待展开）" : "")</span></h2>
            \(Components.table(testID: "notification-tally", header: ["渠道"] + DeliveryState.allCases.map(\.label), rows: tallyRows))
            <h2 class="h5">逐人记录\(channel.map { "（\($0.label)）" } ?? "")\(state.map { "（\($0.label)）" } ?? "") <span class="small" data-testid="deliveries-total">共 \(deliveries.total) 条</span>\
            \(state == nil && channel == nil ? HTML.empty : HTML(" <a class=\"small\" href=\"/notifications/\(m.id.key)\">全部</a>"))</h2>
            \(Components.table(testID: "deliveries", header: ["渠道", "接收人", "号码或账号", "状态", "尝试", "说明", "更新"], rows: rows, cards: true))
            \(pager)
            """
    }

    static func inbox(_ page: Page<(Delivery, NotificationMessage)>, waiting: Int, unacknowledgedOnly: Bool, csrf: String, pager: HTML)
        -> HTML
    {
        let rows: [HTML] = page.items.map { d, m in
            let action: HTML =
                d.state == .acknowledged
                ? HTML("已确认 \(d.acknowledgedAt.map(Moment.minutes) ?? "")")
                : """
                <form method="post" action="/inbox/\(d.id.key)/acknowledge"><input type="hidden" name="_csrf" value="\(csrf)">\
                \(unacknowledgedOnly ? HTML("<input type=\"hidden\" name=\"unacknowledged\" value=\"true\">") : .empty)\
                <button class="btn btn-sm btn-outline-success" data-testid="acknowledge">确认收到</button></form>
                """
            return """
                <tr><td data-label="消息"><strong>\(m.subject)</strong><div style="white-space: pre-wrap">\(m.text)</div>\
                \(m.warningID.map { HTML("<a class=\"small\" href=\"/warnings/\($0.key)\">查看预警</a>") } ?? .empty)\
                \(m.incidentID.map { HTML(" <a class=\"small\" href=\"/incidents/\($0.key)\">查看事件</a>") } ?? .empty)</td>\
                <td data-label="时间" class="text-nowrap">\(Moment.minutes(m.createdAt))</td><td data-label="确认" class="text-nowrap">\(action)</td></tr>
                """
        }
        return """
            <h1 class="h4">\(inboxTitle)</h1>
            <p data-testid="inbox-waiting">待确认 <a href="/inbox?unacknowledged=true">\(waiting) 条</a>\
            \(unacknowledgedOnly ? HTML("；<a href=\"/inbox\">全部消息</a>") : .empty)</p>
            \(page.items.isEmpty ? HTML("<p class=\"text-muted\" data-testid=\"inbox-empty\">暂无消息。</p>") : Components.table(testID: "inbox", header: ["消息", "时间", "确认"], rows: rows, cards: true))
            \(pager)
            """
    }
}
