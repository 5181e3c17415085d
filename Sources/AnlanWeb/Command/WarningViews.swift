import AnlanCore
import AnlanStore
import Foundation

/// Warning pages: the list with upstream messages, the compose and update form, a warning with its CAP messages, and an
/// upstream message with its validation result.
enum WarningViews {
    static let title = "预警信息"
    static let header = ["预警", "级别", "区域", "有效期至", "状态", "版本"]

    static func levelBadge(_ level: WarningLevel) -> HTML {
        "<span class=\"badge warning-level warning-level-\(level.rawValue)\" data-testid=\"warning-level\">\(level.label)</span>"
    }

    static func stateBadge(_ w: Warning, now: Date) -> HTML {
        let tone: Components.Tone = w.inForce(at: now) ? .dark : .neutral
        return Components.badge(w.stateLabel(at: now) + (w.status == .exercise ? "（演练）" : ""), tone: tone)
    }

    static func row(_ w: Warning, now: Date) -> HTML {
        """
        <tr><td data-label="\(header[0])"><a href="/warnings/\(w.id.key)">\(w.title)</a><div class="small text-muted">\(w.headline)</div></td>\
        <td data-label="\(header[1])">\(levelBadge(w.level))</td><td data-label="\(header[2])">\(w.areaDescription)</td>\
        <td data-label="\(header[3])">\(Moment.minutes(w.expires))</td><td data-label="\(header[4])">\(stateBadge(w, now: now))</td>\
        <td data-label="\(header[5])">第 \(w.version) 版</td></tr>
        """
    }

    static let upstreamHeader = ["来源消息", "级别", "区域", "失效时间", "状态", "接收"]

    /// CAP's English values as people at the desk say them.
    static func capWord(_ value: String) -> String {
        let words = [
            "Alert": "发布", "Update": "更新", "Cancel": "解除", "Ack": "确认", "Error": "更正", "Actual": "正式", "Exercise": "演练",
            "System": "系统", "Test": "测试", "Draft": "草稿", "Public": "公开", "Restricted": "限定范围", "Private": "指定对象",
            "Extreme": "特别严重", "Severe": "严重", "Moderate": "较重", "Minor": "一般", "Unknown": "未知", "Immediate": "立即",
            "Expected": "预计将发生", "Future": "将来", "Past": "已过去", "Observed": "已发生", "Likely": "很可能", "Possible": "可能",
            "Unlikely": "不太可能", "Geo": "地质", "Met": "气象", "Safety": "安全", "Security": "治安", "Rescue": "救援", "Fire": "火灾",
            "Health": "卫生", "Env": "环境", "Transport": "交通", "Infra": "基础设施", "CBRNE": "危化核生", "Other": "其他",
        ]
        return words[value] ?? value
    }

    static func upstreamRow(_ m: CapMessage, now: Date) -> HTML {
        let info = m.info ?? m.unchecked?.infos.first
        let name = info?.headline ?? info?.event ?? m.unchecked?.identifier ?? "（不是可读的 CAP 消息）"
        let state: HTML =
            !m.valid
            ? Components.badge("未通过校验", tone: .danger)
            : m.supersededBy != nil
                ? Components.badge(m.alert?.msgType == "Cancel" ? "已解除" : "已被更新", tone: .neutral)
                : m.alert?.msgType == "Cancel"
                    ? Components.badge("解除通知", tone: .neutral)
                    : m.inForce(at: now) ? Components.badge("生效中", tone: .danger) : Components.badge("已过期", tone: .neutral)
        let colour = info?.warningLevel
        return """
            <tr><td data-label="\(upstreamHeader[0])"><a href="/warnings/upstream/\(m.id.key)">\(name)</a>\
            <div class="small text-muted">\(info?.senderName ?? m.alert?.sender ?? m.unchecked?.sender ?? "")</div></td>\
            <td data-label="\(upstreamHeader[1])">\(colour.map(levelBadge) ?? "—")</td>\
            <td data-label="\(upstreamHeader[2])">\(info.map { $0.areas.isEmpty ? "—" : $0.areas.map(\.areaDesc).joined(separator: "；") } ?? "—")</td>\
            <td data-label="\(upstreamHeader[3])">\(m.expires.map(Moment.minutes) ?? "—")</td><td data-label="\(upstreamHeader[4])">\(state)</td>\
            <td data-label="\(upstreamHeader[5])">\(Moment.minutes(m.receivedAt))<div class="small text-muted">\(m.source.label)</div></td></tr>
            """
    }

    static func list(
        _ page: Page<Warning>, upstream: Page<CapMessage>, query: [String: String], now: Date, mayIssue: Bool, pager: HTML
    ) -> HTML {
        let add: HTML =
            mayIssue
            ? "<div class=\"col-auto\"><a class=\"btn btn-sm btn-danger\" href=\"/warnings/new\" data-testid=\"warning-new\">发布预警</a></div>"
            : .empty
        return """
            \(DutyViews.subnav("/warnings"))
            <h1 class="h4">\(title)</h1>
            \(Components.filterBar(action: "/warnings", testID: "warning-filters", filters: [
                .choice(name: "inForce", label: "范围", options: [("true", "生效中的")], selected: query["inForce"]),
                .choice(name: "state", label: "状态", options: WarningState.allCases.map { ($0.rawValue, $0.label) }, selected: query["state"]),
                .choice(name: "event", label: "类别", options: WarningEvent.allCases.map { ($0.rawValue, $0.label) }, selected: query["event"]),
            ], searchLabel: UIText.search, trailing: add))
            <p data-testid="warnings-total">本局预警共 \(page.total) 条</p>
            \(Components.table(testID: "warnings", header: header, rows: page.items.map { row($0, now: now) }, cards: true))
            \(pager)
            <h2 class="h5 mt-4" id="upstream">生效中的上级预警 <a class="small" href="/warnings/upstream?scope=in-force" data-testid="upstream-in-force">共 \(upstream.total) 条</a>\
             <a class="small ms-2" href="/warnings/upstream?scope=all">全部上级消息</a></h2>
            \(Components.table(testID: "upstream", header: upstreamHeader, rows: upstream.items.map { upstreamRow($0, now: now) }, cards: true))
            """
    }

    static let upstreamScopes = [("in-force", "生效中"), ("all", "全部"), ("invalid", "未通过校验")]

    /// Every message received from upstream, by scope, with the upload box.
    static func upstreamList(_ page: Page<CapMessage>, scope: String, now: Date, mayIssue: Bool, csrf: String, pager: HTML) -> HTML {
        let upload: HTML =
            mayIssue
            ? """
            <p class="small text-muted mb-1 mt-3">接收上级 CAP 1.2 预警消息（气象、水利、自然资源等部门）：上传 XML 文件。校验通过的显示为上级预警并可转为本局预警；未通过的留存备查。</p>
            \(Components.upload(target: "/api/v1/cap-messages", csrf: csrf, accept: ".xml,.cap", testID: "cap-upload"))
            """ : .empty
        return """
            \(DutyViews.subnav("/warnings"))
            <h1 class="h4">上级预警消息</h1>
            \(Components.tabs(upstreamScopes.map { ("/warnings/upstream?scope=\($0.0)", $0.1) }, active: "/warnings/upstream?scope=\(scope)", testID: "upstream-scopes"))
            <p data-testid="upstream-total">共 \(page.total) 条</p>
            \(Components.table(testID: "upstream", header: upstreamHeader, rows: page.items.map { upstreamRow($0, now: now) }, cards: true))
            \(pager)
            \(upload)
            """
    }

    // MARK: - Compose and update

    static func form(
        action: String, heading: String, values: [String: [String]], divisions: [(code: DivisionCode, name: String)],
        incidents: [Incident], fixedStatus: WarningStatus?, csrf: String, refusal: AnlanError?, note: HTML = .empty
    ) -> HTML {
        typealias F = WarningDraft.Field
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        func selected(_ name: String, _ v: String) -> HTML { HTML(unsafe: values[name]?.contains(v) == true ? " selected" : "") }
        func text(_ f: InputField, required: Bool = false, type: String = "text", width: String = "col-md-6") -> HTML {
            """
            <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label>\
            <input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(value(f.name))"\
            \(HTML(unsafe: f.maxLength.map { " maxlength=\"\($0)\"" } ?? ""))\(HTML(unsafe: required ? " required" : ""))></div>
            """
        }
        func area(_ f: InputField, rows: Int, required: Bool = false) -> HTML {
            """
            <div class="col-12"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label>\
            <textarea class="form-control" id="f-\(f.name)" name="\(f.name)" rows="\(rows)"\(HTML(unsafe: f.maxLength.map { " maxlength=\"\($0)\"" } ?? ""))\
            \(HTML(unsafe: required ? " required" : ""))>\(value(f.name))</textarea></div>
            """
        }
        let events: [HTML] = WarningEvent.allCases.map {
            "<option value=\"\($0.rawValue)\"\(selected(F.event.name, $0.rawValue))>\($0.label)</option>"
        }
        let levels: [HTML] = WarningLevel.allCases.map {
            "<option value=\"\($0.rawValue)\"\(selected(F.level.name, $0.rawValue))>\($0.label)</option>"
        }
        let status: HTML =
            if let fixedStatus {
                "<input type=\"hidden\" name=\"status\" value=\"\(fixedStatus.rawValue)\">"
            } else {
                """
                <div class="col-md-4"><label class="form-label" for="f-status">\(F.status.label)</label><select class="form-select" id="f-status" name="status">\
                \(WarningStatus.allCases.map { HTML("<option value=\"\($0.rawValue)\"\(selected(F.status.name, $0.rawValue))>\($0.label)</option>") })</select></div>
                """
            }
        let places: [HTML] = divisions.map { d in
            let indent = d.code.level == .village ? "　　" : d.code.level == .township ? "　" : ""
            return "<option value=\"\(d.code.rawValue)\"\(selected(F.divisions.name, d.code.rawValue))>\(indent)\(d.name)</option>"
        }
        let incidentChoice: HTML =
            incidents.isEmpty
            ? .empty
            : """
            <div class="col-md-6"><label class="form-label" for="f-incidentId">\(F.incident.label)</label><select class="form-select" id="f-incidentId" name="incidentId">\
            <option value="">（不关联）</option>\(incidents.map { HTML("<option value=\"\($0.id.key)\"\(selected(F.incident.name, $0.id.key))>\($0.number) \($0.title)</option>") })</select></div>
            """
        func box(_ name: String, _ value: String, _ label: String) -> HTML {
            """
            <div class="form-check form-check-inline"><input class="form-check-input" type="checkbox" name="\(name)" id="n-\(value)" value="\(value)"\
            \(HTML(unsafe: values[name]?.contains(value) == true ? " checked" : ""))><label class="form-check-label" for="n-\(value)">\(label)</label></div>
            """
        }
        let notifyBoxes: HTML = """
            <div>\([Role.townshipOfficer, .infoOfficer].map { box(F.notifyRoles.name, $0.rawValue, $0.title) })</div>
            <div>\(NotificationChannel.allCases.map { box(F.notifyChannels.name, $0.rawValue, $0.label) })</div>
            """
        return """
            \(DutyViews.subnav("/warnings"))
            <h1 class="h4">\(heading)</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(note)
            <form method="post" action="\(action)" class="row g-3" data-testid="warning-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <input type="hidden" name="upstreamId" value="\(value(F.upstream.name))">
              <div class="col-md-4"><label class="form-label" for="f-event">\(F.event.label)（必填）</label><select class="form-select" id="f-event" name="event" required>\
            <option value="">请选择</option>\(events)</select></div>
              <div class="col-md-4"><label class="form-label" for="f-level">\(F.level.label)（必填）</label><select class="form-select" id="f-level" name="level" required>\
            <option value="">请选择</option>\(levels)</select></div>
              \(status)
              \(text(F.headline, required: true, width: "col-12"))
              \(area(F.description, rows: 4, required: true))
              \(area(F.instruction, rows: 3))
              <div class="col-md-6"><label class="form-label" for="f-divisionCodes">\(F.divisions.label)（可多选；按住 Ctrl 或 ⌘）</label>\
            <select class="form-select" id="f-divisionCodes" name="divisionCodes" multiple size="8">\(places)</select></div>
              <div class="col-md-6">\(text(F.areaDescription, width: "mb-2"))\
            <label class="form-label" for="f-polygon">\(F.polygon.label)（可选，CAP 格式“纬度,经度”，首尾相同）</label>\
            <textarea class="form-control font-monospace small" id="f-polygon" name="polygon" rows="3" maxlength="20000">\(value(F.polygon.name))</textarea></div>
              \(text(F.effective, type: "datetime-local", width: "col-md-4"))
              \(text(F.expires, required: true, type: "datetime-local", width: "col-md-4"))
              \(incidentChoice)
              <fieldset class="col-12" data-testid="warning-notify"><legend class="form-label fs-6">同时通知预警区域内的人员（可选；按所选乡镇、村展开到当时在岗的人）</legend>
                \(notifyBoxes)
              </fieldset>
              <div class="col-12"><button class="btn btn-danger" data-testid="warning-submit">\(heading)</button> <a class="btn btn-link" href="/warnings">返回</a></div>
            </form>
            """
    }

    /// The form's values for a warning being updated.
    static func values(_ w: Warning) -> [String: [String]] {
        var v: [String: [String]] = [
            "event": [w.event.rawValue], "level": [w.level.rawValue], "status": [w.status.rawValue], "headline": [w.headline],
            "description": [w.description], "instruction": [w.instruction ?? ""], "areaDescription": [w.areaDescription],
            "divisionCodes": w.divisionCodes, "effective": [Moment.field(w.effective)], "expires": [Moment.field(w.expires)],
        ]
        if let p = w.polygon { v["polygon"] = [CapPolygon.text(p)] }
        if let i = w.incidentID { v["incidentId"] = [i.key] }
        return v
    }

    /// A form made from an upstream message, for the bureau's own warning: the colour from its level parameter or its
    /// severity, the event recognised from its words.
    static func values(from m: CapMessage, now: Date) -> [String: [String]] {
        guard let info = m.info else { return ["upstreamId": [m.id.key]] }
        var v: [String: [String]] = ["upstreamId": [m.id.key], "headline": [info.headline ?? info.event]]
        if let e = WarningEvent.recognise(info.event + (info.headline ?? "")) { v["event"] = [e.rawValue] }
        if let level = info.warningLevel { v["level"] = [level.rawValue] }
        v["description"] = [info.description ?? ""]
        v["instruction"] = [info.instruction ?? ""]
        if let p = info.areas.first?.polygons.first, CapPolygon.parse(p) != nil { v["polygon"] = [p] }
        if let e = m.expires, e > now { v["expires"] = [Moment.field(e)] }
        return v
    }

    // MARK: - A warning

    static func detail(
        _ w: Warning, messages: [CapMessage], incident: Incident?, upstream: CapMessage?, now: Date, mayIssue: Bool, csrf: String,
        refusal: AnlanError?, people: [String: String], notifications: [NotificationMessage]?, places: [String: String]
    ) -> HTML {
        let actions: HTML =
            mayIssue && w.state == .published
            ? """
            <div class="card mb-3" data-testid="warning-actions"><div class="card-body">
              <a class="btn btn-sm btn-outline-danger mb-2" href="/warnings/\(w.id.key)/edit" data-testid="warning-edit">更新预警（调整级别、区域或有效期）</a>
              <form method="post" action="/warnings/\(w.id.key)/cancel" class="row g-2" data-testid="warning-cancel">
                <input type="hidden" name="_csrf" value="\(csrf)">
                <div class="col-md"><input class="form-control form-control-sm" name="reason" required maxlength="500" placeholder="解除理由（必填）" aria-label="解除理由"></div>
                <div class="col-auto"><button class="btn btn-sm btn-outline-secondary">解除预警</button></div>
              </form>
            </div></div>
            """ : .empty
        let rows: [HTML] = messages.enumerated().map { index, m in
            let a = m.alert
            return """
                <tr><td data-label="序号">\(index + 1)</td><td data-label="类型">\(a.map { Self.msgTypeLabel($0.msgType) } ?? "—")</td>\
                <td data-label="标识符"><code class="small text-break">\(a?.identifier ?? "—")</code></td>\
                <td data-label="发送时间">\(a.flatMap { CapTime.date($0.sent) }.map(Moment.minutes) ?? "—")</td>\
                <td data-label="引用">\(a.map { "\($0.references.count) 条" } ?? "—")</td>\
                <td data-label="下载"><a href="/warnings/\(w.id.key)/messages/\(m.id.key).xml" data-testid="cap-download">CAP XML</a></td></tr>
                """
        }
        // The desk's view only: notifications name people and their numbers.
        let sentWith: HTML =
            notifications.map { sent in
                let items: [HTML] = sent.map { n in
                    """
                    <li><a href="/notifications/\(n.id.key)">\(n.subject)</a>：\(NotificationViews.audienceLabel(n.audience, places: places))，\
                    \(n.channels.map(\.label).joined(separator: "、"))，\(Moment.minutes(n.createdAt))</li>
                    """
                }
                return """
                    <h2 class="h5">随预警发出的通知</h2>
                    \(sent.isEmpty ? HTML("<p class=\"text-muted\">未随预警发送通知。</p>") : HTML("<ul data-testid=\"warning-notifications\">\(items)</ul>"))
                    """
            } ?? .empty
        let linked: HTML =
            incident.map {
                "<dt class=\"col-sm-3\">关联事件</dt><dd class=\"col-sm-9\"><a href=\"/incidents/\($0.id.key)\">\($0.number) \($0.title)</a></dd>"
            }
            ?? .empty
        let from: HTML =
            upstream.map {
                "<dt class=\"col-sm-3\">依据上级预警</dt><dd class=\"col-sm-9\"><a href=\"/warnings/upstream/\($0.id.key)\">\($0.info?.headline ?? $0.alert?.identifier ?? "上级消息")</a></dd>"
            } ?? .empty
        return """
            \(DutyViews.subnav("/warnings"))
            <h1 class="h4">\(w.title) \(levelBadge(w.level)) \(stateBadge(w, now: now))</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <p class="lead">\(w.headline)</p>
            <dl class="row" data-testid="warning-facts">
              <dt class="col-sm-3">预警内容</dt><dd class="col-sm-9" style="white-space: pre-wrap">\(w.description)</dd>
              <dt class="col-sm-3">防御指南</dt><dd class="col-sm-9" style="white-space: pre-wrap">\(w.instruction ?? "—")</dd>
              <dt class="col-sm-3">预警区域</dt><dd class="col-sm-9">\(w.areaDescription)\(w.polygon == nil ? "" : "（含范围多边形）")</dd>
              <dt class="col-sm-3">有效期</dt><dd class="col-sm-9">\(Moment.minutes(w.effective)) 至 \(Moment.minutes(w.expires))</dd>
              <dt class="col-sm-3">发布性质</dt><dd class="col-sm-9">\(w.status.label)，第 \(w.version) 版（\(Moment.minutes(w.updatedAt))）</dd>
              <dt class="col-sm-3">标识符</dt><dd class="col-sm-9"><code class="text-break" data-testid="warning-identifier">\(w.identifier)</code></dd>
              <dt class="col-sm-3">发布人</dt><dd class="col-sm-9">\(people[w.createdBy] ?? w.createdBy)，\(Moment.minutes(w.createdAt))</dd>
              \(w.cancelReason.map { HTML("<dt class=\"col-sm-3\">解除理由</dt><dd class=\"col-sm-9\">\($0)</dd>") } ?? .empty)
              \(linked)\(from)
            </dl>
            \(actions)
            <h2 class="h5">CAP 消息</h2>
            <p class="small text-muted">每次发布、更新、解除各生成一条 CAP 1.2 消息，更新和解除引用此前全部消息。\
            \(w.status == .actual ? HTML("当前消息公开地址：<a href=\"/api/v1/warnings/\(w.id.key)/cap\">/api/v1/warnings/\(w.id.key)/cap</a>；预警订阅：<a href=\"/api/v1/feeds/warnings.atom\">Atom</a>。") : "演练预警不对外公开。")</p>
            \(Components.table(testID: "cap-messages", header: ["序号", "类型", "标识符", "发送时间", "引用", "下载"], rows: rows, cards: true))
            \(sentWith)
            """
    }

    static func msgTypeLabel(_ t: String) -> String {
        switch t {
        case "Alert": "发布"
        case "Update": "更新"
        case "Cancel": "解除"
        default: t
        }
    }

    // MARK: - An upstream message

    static func upstream(_ m: CapMessage, now: Date, mayIssue: Bool, adoptedBy: [Warning]) -> HTML {
        let info = m.info
        let facts: HTML =
            if let a = m.alert, let info {
                """
                <dl class="row" data-testid="upstream-facts">
                  <dt class="col-sm-3">发布单位</dt><dd class="col-sm-9">\(info.senderName ?? a.sender)</dd>
                  <dt class="col-sm-3">事件</dt><dd class="col-sm-9">\(info.event)（\(info.categories.map(capWord).joined(separator: "、"))）</dd>
                  <dt class="col-sm-3">消息类型</dt><dd class="col-sm-9">\(capWord(a.msgType)) · \(capWord(a.status)) · \(capWord(a.scope))</dd>
                  <dt class="col-sm-3">严重程度</dt><dd class="col-sm-9">\(capWord(info.severity)) · 紧急程度：\(capWord(info.urgency)) · 可能性：\(capWord(info.certainty))\
                \(info.parameter(WarningCap.levelParameter).map { HTML("（\($0)）") } ?? .empty)</dd>
                  <dt class="col-sm-3">内容</dt><dd class="col-sm-9" style="white-space: pre-wrap">\(info.description ?? "—")</dd>
                  <dt class="col-sm-3">防御指南</dt><dd class="col-sm-9" style="white-space: pre-wrap">\(info.instruction ?? "—")</dd>
                  <dt class="col-sm-3">区域</dt><dd class="col-sm-9">\(info.areas.map(\.areaDesc).joined(separator: "；"))</dd>
                  <dt class="col-sm-3">失效时间</dt><dd class="col-sm-9">\(m.expires.map(Moment.minutes) ?? "未给出")</dd>
                  <dt class="col-sm-3">标识符</dt><dd class="col-sm-9"><code>\(a.identifier)</code></dd>
                </dl>
                """
            } else {
                """
                <div class="alert alert-danger" data-testid="upstream-errors"><p class="mb-1">此消息未通过 CAP 1.2 校验，已留存备查，不作为预警显示：</p>\
                <ul class="mb-0">\(m.errors.map { HTML("<li>\($0)</li>") })</ul></div>
                """
            }
        let adopt: HTML =
            mayIssue && m.inForce(at: now)
            ? "<a class=\"btn btn-sm btn-danger mb-3\" href=\"/warnings/new?upstreamId=\(m.id.key)\" data-testid=\"upstream-adopt\">\(adoptedBy.isEmpty ? "转为本局预警" : "据此另行发布")</a>"
            : .empty
        let adopted: HTML =
            adoptedBy.isEmpty
            ? .empty
            : "<p>已据此发布：\(HTML(unsafe: adoptedBy.map { HTML("<a href=\"/warnings/\($0.id.key)\">\($0.title)</a>").description }.joined(separator: "、")))</p>"
        return """
            \(DutyViews.subnav("/warnings"))
            <h1 class="h4">上级预警：\(info?.headline ?? info?.event ?? m.unchecked?.infos.first?.headline ?? m.unchecked?.infos.first?.event ?? m.unchecked?.identifier ?? "不是可读的 CAP 消息")</h1>
            <p class="small text-muted">\(m.source.label)于 \(Moment.minutes(m.receivedAt))</p>
            \(facts)
            \(adopted)
            \(adopt)
            <details><summary>原始 XML</summary><pre class="small border p-2 bg-light cap-xml" data-testid="upstream-xml">\(m.xml)</pre></details>
            """
    }
}
