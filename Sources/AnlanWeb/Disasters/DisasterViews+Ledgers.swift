import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation

extension DisasterViews {
    static func entries(
        _ event: DisasterEvent, _ items: [DisasterEntry], total: Int, names: [String: String], people: [String: String],
        query: [String: String], mayReview: Bool, csrf: String, pager: HTML
    ) -> HTML {
        let base = "/disasters/\(event.id.key)"
        let header = ["填报时间", "区划", "阶段", "灾情", "状态", "填报人"] + (mayReview ? ["审核"] : [])
        let rows: [HTML] = items.map { e in
            let status: HTML = """
                \(Components.badge(e.status.label, tone: e.status == .accepted ? .success : e.status == .returned ? .danger : e.status == .submitted ? .warning : .neutral))\
                \(e.reviewNote.map { HTML("<div class=\"small\">\($0)</div>") } ?? .empty)\(e.reviewedBy.map { HTML("<div class=\"small text-muted\">\(people[$0] ?? $0)</div>") } ?? .empty)
                """
            let review: HTML =
                mayReview && e.status == .submitted && event.state != .closed
                ? """
                <td data-label="审核">\(Components.form(action: "/disaster-entries/\(e.id.key)/review", csrf: csrf, testID: "review-\(e.id.key)", content: """
                    <div class="d-flex flex-wrap gap-1"><input class="form-control form-control-sm" style="max-width: 12rem" name="note" maxlength="500" placeholder="退回原因" aria-label="审核意见">\
                    <button class="btn btn-sm btn-success" name="decision" value="accept">通过</button><button class="btn btn-sm btn-outline-danger" name="decision" value="return">退回</button></div>
                    """))</td>
                """ : (mayReview ? "<td></td>" : .empty)
            return """
                <tr><td data-label="填报时间">\(Moment.minutes(e.enteredAt))</td><td data-label="区划">\(names[e.divisionCode] ?? e.divisionCode)</td>\
                <td data-label="阶段">\(e.stage.label)</td><td data-label="灾情" class="small">\(e.figures.summary)\(e.correctionReason.map { HTML("<div class=\"text-danger\">更正：\($0)</div>") } ?? .empty)\(e.note.map { HTML("<div class=\"text-muted\">\($0)</div>") } ?? .empty)</td>\
                <td data-label="状态">\(status)</td><td data-label="填报人">\(people[e.enteredBy] ?? e.enteredBy)</td>\(review)</tr>
                """
        }
        var notice: HTML = .empty
        if let saved = query["saved"] {
            notice = Layout.alert(saved == DisasterEntryStatus.accepted.rawValue ? "已填报，灾情已生效。" : "已填报，等待乡镇审核。", kind: "success")
        } else if query["reviewed"] != nil {
            notice = Layout.alert("已审核。", kind: "success")
        } else if let code = query["refused"] {
            notice = Layout.alert(
                "未能通过：\(code == "disaster.figures_fell" ? "累计数比已审核的减少而未写更正原因，请退回。" : code.hasSuffix("ledger_short") ? "台账登记不足，请退回或先补登台账。" : code)",
                kind: "danger")
        }
        return """
            \(subnav("/disasters"))
            <h1 class="h4"><a href="\(base)">\(event.number) \(event.name)</a>：灾情填报记录 <span class="small text-muted" data-testid="entry-total">共 \(total) 条</span></h1>
            \(notice)
            \(Components.filterBar(action: "\(base)/entries", testID: "entry-filters", filters: [
                .choice(name: "status", label: "状态", options: DisasterEntryStatus.allCases.map { ($0.rawValue, $0.label) }, selected: query["status"]),
                .hidden(name: "divisionCode", value: query["divisionCode"]),
            ], searchLabel: UIText.search, trailing: event.state != .closed ? HTML("<div class=\"col-auto\"><a class=\"btn btn-sm btn-primary\" href=\"\(base)/entries/new\">填报灾情</a></div>") : .empty))
            \(items.isEmpty ? HTML("<p class=\"text-muted\">没有填报记录。</p>") : Components.table(testID: "disaster-entries", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    /// The phone form: one column of large number fields, the division's last accepted figures shown beside each.
    static func entryForm(
        _ event: DisasterEvent, values: [String: [String]], places: [(String, String)], chosen: String, previous: DisasterFigures?,
        csrf: String, refusal: AnlanError?
    ) -> HTML {
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        let base = "/disasters/\(event.id.key)"
        let options: [HTML] = places.map {
            "<option value=\"\($0.0)\"\(HTML(unsafe: chosen == $0.0 ? " selected" : ""))>\($0.1)</option>"
        }
        let groups: [(String, [DisasterIndicator])] = [
            ("人员", [.affected, .deaths, .missing, .relocated, .needAid]),
            ("房屋", [.collapsedRooms, .collapsedHouseholds, .severeRooms, .severeHouseholds, .generalRooms, .generalHouseholds]),
            ("农作物", [.cropAffected, .cropFailed]),
            ("直接经济损失", DisasterFigures.lossParts),
        ]
        let fieldsets: [HTML] = groups.map { title, indicators in
            let inputs: [HTML] = indicators.map { i in
                """
                <div class="col-6 col-md-3"><label class="form-label small" for="f-\(i.rawValue)">\(i.shortLabel)（\(i.unit)）</label>\
                <input class="form-control" id="f-\(i.rawValue)" name="\(i.rawValue)" type="number" inputmode="\(i.isWhole ? "numeric" : "decimal")" min="0" step="\(i.isWhole ? "1" : "0.01")" value="\(value(i.rawValue))">\
                \(previous.map { HTML("<div class=\"form-text\">上次 \($0.text(i))</div>") } ?? .empty)</div>
                """
            }
            return "<fieldset class=\"row g-2 mb-2\"><legend class=\"fs-6 fw-bold mb-0\">\(title)</legend>\(inputs)</fieldset>"
        }
        return """
            \(subnav("/disasters"))
            <h1 class="h5"><a href="\(base)">\(event.number) \(event.name)</a>：填报灾情</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <p class="small text-muted">填写自灾害发生以来的<strong>累计数</strong>。死亡、失踪人员和倒损住房须先在<a href="\(base)/casualties">死亡失踪人口台账</a>、<a href="\(base)/houses">倒损住房户台账</a>中逐一登记。网络不好时可放心重新提交，不会重复。</p>
            \(places.isEmpty ? HTML("<p class=\"alert alert-warning\">您的辖区不在本次灾害过程的受灾乡镇内。</p>") : Components.form(action: "\(base)/entries", csrf: csrf, testID: "disaster-entry", content: """
              <input type="hidden" name="id" value="\(value("id"))">
              <div class="mb-2"><label class="form-label" for="f-divisionCode">填报区划</label><select class="form-select" id="f-divisionCode" name="divisionCode">\(options)</select></div>
              \(fieldsets)
              <div class="mb-2"><label class="form-label" for="f-correctionReason">更正原因（累计数比上次减少时必填）</label><input class="form-control" id="f-correctionReason" name="correctionReason" maxlength="500" value="\(value("correctionReason"))"></div>
              <div class="mb-2"><label class="form-label" for="f-note">灾情描述</label><textarea class="form-control" id="f-note" name="note" rows="2" maxlength="2000">\(value("note"))</textarea></div>
              <button class="btn btn-primary w-100">提交</button>
              """))
            """
    }

    /// A division select's options; villages of several townships are grouped under their township (`townships` names
    /// the groups), so a county user does not scroll a flat list of a hundred villages.
    static func placeOptions(_ places: [(String, String)], selected: String, townships: [String: String] = [:]) -> HTML {
        func option(_ p: (String, String)) -> HTML {
            "<option value=\"\(p.0)\"\(HTML(unsafe: selected == p.0 ? " selected" : ""))>\(p.1)</option>"
        }
        let villages = places.filter { $0.0.count == 12 && !$0.0.hasSuffix("000") }
        let groups = Dictionary(grouping: villages) { String($0.0.prefix(9)) + "000" }
        guard groups.count > 1, villages.count == places.count else {
            let items: [HTML] = places.map(option)
            return "\(items)"
        }
        let items: [HTML] = groups.keys.sorted().map { key in
            let options: [HTML] = groups[key]!.map(option)
            return "<optgroup label=\"\(townships[key] ?? key)\">\(options)</optgroup>"
        }
        return "\(items)"
    }

    static func casualties(
        _ event: DisasterEvent, _ items: [DisasterCasualty], total: Int, names: [String: String], places: [(String, String)],
        values: [String: [String]], mayAdd: Bool, today: Day, csrf: String, refusal: AnlanError?, pager: HTML
    ) -> HTML {
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        let base = "/disasters/\(event.id.key)"
        let header = ["区划", "姓名", "性别", "出生日期", "身份证号码", "情况", "日期", "原因"] + (mayAdd ? [""] : [])
        let rows: [HTML] = items.map { c in
            let actions: HTML =
                mayAdd && c.status == .missing
                ? """
                <td>\(Components.form(action: "/disaster-casualties/\(c.id.key)", csrf: csrf, classes: "d-inline", confirm: "确认此人已死亡？", content: "<input type=\"hidden\" name=\"eventId\" value=\"\(event.id.key)\"><input type=\"hidden\" name=\"action\" value=\"dead\"><button class=\"btn btn-sm btn-outline-danger\">确认死亡</button>"))\
                \(Components.form(action: "/disaster-casualties/\(c.id.key)", csrf: csrf, classes: "d-inline", confirm: "此人已找到（生还）？将从台账中移出，上报数字须随后更正。", content: "<input type=\"hidden\" name=\"eventId\" value=\"\(event.id.key)\"><input type=\"hidden\" name=\"action\" value=\"found\"><button class=\"btn btn-sm btn-outline-success\">已找到</button>"))</td>
                """ : (mayAdd ? "<td></td>" : .empty)
            return """
                <tr><td data-label="区划">\(names[c.divisionCode] ?? c.divisionCode)</td><td data-label="姓名">\(c.name)</td><td data-label="性别">\(c.sex.label)</td>\
                <td data-label="出生日期">\(c.birthDate.description)</td><td data-label="身份证号码">\(c.idNumber)</td><td data-label="情况">\(c.status.label)</td>\
                <td data-label="日期">\(c.occurredOn.description)</td><td data-label="原因">\(c.cause)\(c.place.map { HTML("<div class=\"small text-muted\">\($0)</div>") } ?? .empty)</td>\(actions)</tr>
                """
        }
        let form: HTML =
            mayAdd && !places.isEmpty
            ? Components.form(
                action: "\(base)/casualties", csrf: csrf, testID: "casualty-add", classes: "card card-body row g-2 flex-row mt-3",
                content: """
                    <h2 class="h6 col-12">登记死亡或失踪人员</h2>
                    <div class="col-md-4"><label class="form-label small" for="c-division">所在村（社区）</label><select class="form-select" id="c-division" name="divisionCode">\(placeOptions(places, selected: value("divisionCode")))</select></div>
                    <div class="col-md-4"><label class="form-label small" for="c-name">姓名</label><input class="form-control" id="c-name" name="name" maxlength="40" required value="\(value("name"))"></div>
                    <div class="col-md-4"><label class="form-label small" for="c-id">身份证号码（18 位）</label><input class="form-control" id="c-id" name="idNumber" maxlength="24" required value="\(value("idNumber"))"></div>
                    <div class="col-md-4"><label class="form-label small" for="c-status">情况</label><select class="form-select" id="c-status" name="status">\(DisasterCasualtyStatus.allCases.map { HTML("<option value=\"\($0.rawValue)\"\(HTML(unsafe: value("status") == $0.rawValue ? " selected" : ""))>\($0.label)</option>") })</select></div>
                    <div class="col-md-4"><label class="form-label small" for="c-day">死亡（失踪）日期</label><input class="form-control" id="c-day" name="occurredOn" type="date" required value="\(value("occurredOn").isEmpty ? today.description : value("occurredOn"))"></div>
                    <div class="col-md-4"><label class="form-label small" for="c-place">地点</label><input class="form-control" id="c-place" name="place" maxlength="200" value="\(value("place"))"></div>
                    <div class="col-12"><label class="form-label small" for="c-cause">原因</label><input class="form-control" id="c-cause" name="cause" maxlength="200" required value="\(value("cause"))" placeholder="如 山洪冲毁房屋"></div>
                    <div class="col-12"><button class="btn btn-sm btn-primary">登记</button></div>
                    """) : .empty
        return """
            \(subnav("/disasters"))
            <h1 class="h4"><a href="\(base)">\(event.number) \(event.name)</a>：因灾死亡失踪人口台账 <span class="small text-muted" data-testid="casualty-total">共 \(total) 人</span></h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <div class="mb-2"><a class="btn btn-sm btn-outline-success" href="\(base)/casualties.xlsx">导出台账 XLSX</a></div>
            \(items.isEmpty ? HTML("<p class=\"text-muted\">台账中没有人员。</p>") : Components.table(testID: "disaster-casualties", header: header, rows: rows, cards: true))
            \(pager)
            \(form)
            """
    }

    static func houses(
        _ event: DisasterEvent, _ items: [DamagedHouse], total: Int, names: [String: String], places: [(String, String)],
        values: [String: [String]], mayAdd: Bool, csrf: String, refusal: AnlanError?, pager: HTML
    ) -> HTML {
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        let base = "/disasters/\(event.id.key)"
        let header = ["区划", "户主", "身份证号码", "损坏程度", "间数", "住址", "电话"]
        let rows: [HTML] = items.map { h in
            """
            <tr><td data-label="区划">\(names[h.divisionCode] ?? h.divisionCode)</td><td data-label="户主">\(h.householder)</td><td data-label="身份证号码">\(h.idNumber)</td>\
            <td data-label="损坏程度">\(h.damage.label)</td><td data-label="间数" class="text-end">\(h.rooms)</td><td data-label="住址">\(h.address)</td><td data-label="电话">\(h.phone ?? "")</td></tr>
            """
        }
        let form: HTML =
            mayAdd && !places.isEmpty
            ? Components.form(
                action: "\(base)/houses", csrf: csrf, testID: "house-add", classes: "card card-body row g-2 flex-row mt-3",
                content: """
                    <h2 class="h6 col-12">登记倒损住房户</h2>
                    <div class="col-md-4"><label class="form-label small" for="h-division">所在村（社区）</label><select class="form-select" id="h-division" name="divisionCode">\(placeOptions(places, selected: value("divisionCode")))</select></div>
                    <div class="col-md-4"><label class="form-label small" for="h-name">户主姓名</label><input class="form-control" id="h-name" name="householder" maxlength="40" required value="\(value("householder"))"></div>
                    <div class="col-md-4"><label class="form-label small" for="h-id">户主身份证号码</label><input class="form-control" id="h-id" name="idNumber" maxlength="24" required value="\(value("idNumber"))"></div>
                    <div class="col-6 col-md-3"><label class="form-label small" for="h-damage">损坏程度</label><select class="form-select" id="h-damage" name="damage">\(HouseDamage.allCases.map { HTML("<option value=\"\($0.rawValue)\"\(HTML(unsafe: value("damage") == $0.rawValue ? " selected" : ""))>\($0.label)</option>") })</select></div>
                    <div class="col-6 col-md-2"><label class="form-label small" for="h-rooms">间数</label><input class="form-control" id="h-rooms" name="rooms" type="number" min="1" max="50" required value="\(value("rooms"))"></div>
                    <div class="col-md-4"><label class="form-label small" for="h-address">住址</label><input class="form-control" id="h-address" name="address" maxlength="200" required value="\(value("address"))"></div>
                    <div class="col-md-3"><label class="form-label small" for="h-phone">联系电话</label><input class="form-control" id="h-phone" name="phone" maxlength="20" value="\(value("phone"))"></div>
                    <div class="col-12"><button class="btn btn-sm btn-primary">登记</button></div>
                    """) : .empty
        return """
            \(subnav("/disasters"))
            <h1 class="h4"><a href="\(base)">\(event.number) \(event.name)</a>：因灾倒塌损坏住房户台账 <span class="small text-muted" data-testid="house-total">共 \(total) 户</span></h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <div class="mb-2"><a class="btn btn-sm btn-outline-success" href="\(base)/houses.xlsx">导出台账 XLSX</a></div>
            \(items.isEmpty ? HTML("<p class=\"text-muted\">台账中没有住户。</p>") : Components.table(testID: "disaster-houses", header: header, rows: rows, cards: true))
            \(pager)
            \(form)
            """
    }
}
