import AnlanCore
import AnlanStore
import Foundation

/// The roster, its form, the coverage page and the system administrator's accounts page.
enum InfoOfficerViews {
    static let title = "灾害信息员"
    static let header = ["所在村（乡镇）", "岗位", "姓名", "手机号", "最近培训", "证书编号", "账户"]

    static func subnav(_ active: String) -> HTML {
        Components.tabs(
            [
                ("/disasters", "灾情报送"), ("/relief", "冬春救助"), ("/sites", "重点部位"), ("/info-officers", "信息员名册"),
                ("/info-officers/coverage", "信息员覆盖"),
                ("/publicity", "宣传培训"),
            ],
            active: active,
            testID: "info-officer-tabs")
    }

    static func values(_ o: InfoOfficer) -> [String: [String]] {
        [
            "divisionCode": [o.divisionCode], "post": [o.post.rawValue], "name": [o.name], "phone": [o.phone],
            "trainedOn": [o.trainedOn?.description ?? ""], "certificateNumber": [o.certificateNumber ?? ""],
        ]
    }

    static func list(
        _ items: [InfoOfficer], total: Int, names: [String: String], townships: [(key: String, value: String)], query: [String: String],
        months: Int, today: Day, mayEdit: Bool, pager: HTML
    ) -> HTML {
        let rows: [HTML] = items.map { o in
            let lapsed = o.trainingLapsed(today: today, months: months)
            return """
                <tr><td data-label="\(header[0])">\(names[o.divisionCode] ?? o.divisionCode)</td><td data-label="\(header[1])">\(o.post.label)</td>\
                <td data-label="\(header[2])"><a href="/info-officers/\(o.id.key)">\(o.name)</a></td><td data-label="\(header[3])"><a href="tel:\(o.phone)">\(o.phone)</a></td>\
                <td data-label="\(header[4])">\(o.trainedOn?.description ?? "—")\(lapsed ? HTML(" \(Components.badge("需复训", tone: .warning, testID: "lapsed"))") : HTML.empty)</td>\
                <td data-label="\(header[5])">\(o.certificateNumber ?? "—")</td><td data-label="\(header[6])">\(o.username ?? "未开通")</td></tr>
                """
        }
        let add: HTML =
            mayEdit
            ? "<div class=\"col-auto\"><a class=\"btn btn-sm btn-success\" href=\"/info-officers/new\" data-testid=\"info-officer-new\">登记信息员</a></div>"
            : .empty
        return """
            \(subnav("/info-officers"))
            <h1 class="h4">\(title) <span class="small text-muted" data-testid="info-officer-total">共 \(total) 人</span></h1>
            <p class="small text-muted">\(InfoOfficerRules.refresherSource)当前复训间隔：\(months) 个月。</p>
            \(Components.filterBar(action: "/info-officers", testID: "info-officer-filters", filters: [
                .choice(name: "divisionCode", label: "乡镇（街道）", options: townships.map { ($0.key, $0.value) }, selected: query["divisionCode"]),
                .choice(name: "post", label: "岗位", options: InfoOfficerPost.allCases.map { ($0.rawValue, $0.label) }, selected: query["post"]),
                .choice(name: "lapsed", label: "培训", options: [("true", "需复训")], selected: query["lapsed"]),
                .choice(name: "withoutAccount", label: "账户", options: [("true", "未开通")], selected: query["withoutAccount"]),
                .text(name: "q", placeholder: "姓名、手机号", value: query["q"]),
            ], searchLabel: UIText.search, trailing: add))
            \(Components.table(testID: "info-officers", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func form(_ officer: InfoOfficer?, values: [String: [String]], places: [(String, String)], csrf: String, refusal: AnlanError?)
        -> HTML
    {
        typealias F = InfoOfficerDraft.Field
        func value(_ f: InputField) -> String { values[f.name]?.first ?? "" }
        func select(_ f: InputField, _ options: [(String, String)]) -> HTML {
            let items: [HTML] = options.map {
                "<option value=\"\($0.0)\"\(HTML(unsafe: value(f) == $0.0 ? " selected" : ""))>\($0.1)</option>"
            }
            return """
                <div class="col-md-6"><label class="form-label" for="f-\(f.name)">\(f.label)</label><select class="form-select" id="f-\(f.name)" name="\(f.name)">\(items)</select></div>
                """
        }
        func input(_ f: InputField, required: Bool = false, type: String = "text") -> HTML {
            """
            <div class="col-md-6"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label><input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(value(f))"\(f.maxLength.map { HTML(unsafe: " maxlength=\"\($0)\"") } ?? .empty)\(HTML(unsafe: required ? " required" : ""))></div>
            """
        }
        let action = officer.map { "/info-officers/\($0.id.key)" } ?? "/info-officers"
        let archive: HTML =
            officer.map { o in
                Components.form(
                    action: "/info-officers/\(o.id.key)/archive", csrf: csrf, testID: "info-officer-archive", classes: "mt-4",
                    confirm: "撤销该灾害信息员？其岗位将空缺，账户须由系统管理员另行停用。",
                    content: """
                        <label class="form-label" for="a-reason">撤销（调离、辞任）</label><div class="d-flex gap-1"><input class="form-control" id="a-reason" name="reason" maxlength="200" required placeholder="撤销原因"><button class="btn btn-outline-danger text-nowrap">撤销</button></div>
                        """)
            } ?? .empty
        return """
            \(subnav("/info-officers"))
            <h1 class="h4">\(officer == nil ? "登记灾害信息员" : "灾害信息员：\(officer!.name)")</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(officer?.username.map { HTML("<p class=\"small\">账户：\($0)（由系统管理员从名册开通）</p>") } ?? .empty)
            <form method="post" action="\(action)" class="row g-2" style="max-width: 48rem" data-testid="info-officer-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              \(select(F.divisionCode, places))\(select(F.post, InfoOfficerPost.allCases.map { ($0.rawValue, $0.label) }))
              \(input(F.name, required: true))\(input(F.phone, required: true, type: "tel"))
              \(input(F.trainedOn, type: "date"))\(input(F.certificate))
              <div class="col-12"><button class="btn btn-primary">\(officer == nil ? UIText.create : UIText.save)</button> <a class="btn btn-link" href="/info-officers">名册</a></div>
            </form>
            \(archive)
            """
    }

    static func detail(_ o: InfoOfficer, divisionName: String?) -> HTML {
        """
        \(subnav("/info-officers"))
        <h1 class="h4">灾害信息员：\(o.name)</h1>
        <dl class="row small" data-testid="info-officer-detail">
          <dt class="col-sm-3">所在村（乡镇）</dt><dd class="col-sm-9">\(divisionName ?? o.divisionCode)（\(o.post.label)）</dd>
          <dt class="col-sm-3">手机号</dt><dd class="col-sm-9"><a href="tel:\(o.phone)">\(o.phone)</a></dd>
          <dt class="col-sm-3">最近培训 / 证书</dt><dd class="col-sm-9">\(o.trainedOn?.description ?? "—") / \(o.certificateNumber ?? "—")</dd>
          <dt class="col-sm-3">账户</dt><dd class="col-sm-9">\(o.username ?? "未开通")\(o.archivedAt != nil ? "（已撤销）" : "")</dd>
        </dl>
        """
    }

    static func coverage(_ divisions: [InfoOfficerRepository.Coverage], lapsed: Int, months: Int) -> HTML {
        // Per township: its own posts and its villages' (how many have both, which lack one).
        var towns: [(town: InfoOfficerRepository.Coverage, villages: [InfoOfficerRepository.Coverage])] = []
        for d in divisions where d.code.level == .township { towns.append((d, [])) }
        for d in divisions where d.code.level == .village {
            if let i = towns.firstIndex(where: { $0.town.code == d.code.parent }) { towns[i].villages.append(d) }
        }
        let missing = divisions.filter { !$0.complete }
        let rows: [HTML] = towns.map { t in
            let lacking = t.villages.filter { !$0.complete }
            let names: [HTML] = lacking.map { v in
                HTML(
                    "<span class=\"badge bg-light text-dark border me-1\">\(v.name)（缺\([v.a == nil ? "A" : nil, v.b == nil ? "B" : nil].compactMap { $0 }.joined(separator: "、"))）</span>"
                )
            }
            return """
                <tr><td data-label="乡镇（街道）"><a href="/info-officers?divisionCode=\(t.town.code.rawValue)">\(t.town.name)</a></td>\
                <td data-label="本级 A/B">\(t.town.a == nil ? "缺" : "✓") / \(t.town.b == nil ? "缺" : "✓")</td>\
                <td data-label="村（社区）配齐" class="text-end">\(t.villages.count - lacking.count) / \(t.villages.count)</td>\
                <td data-label="未配齐的村（社区）">\(names.isEmpty ? HTML("—") : HTML("\(names)"))</td></tr>
                """
        }
        let complete = divisions.count - missing.count
        return """
            \(subnav("/info-officers/coverage"))
            <h1 class="h4">信息员覆盖</h1>
            <p data-testid="coverage-summary">村（社区）和乡镇（街道）共 \(divisions.count) 个，A、B 岗均已配备 \(complete) 个，未配齐 <strong>\(missing.count)</strong> 个；\
            <a href="/info-officers?lapsed=true" data-testid="coverage-lapsed">需复训 \(lapsed) 人</a>（复训间隔 \(months) 个月）。</p>
            \(Components.table(testID: "coverage", header: ["乡镇（街道）", "本级 A/B", "村（社区）配齐", "未配齐的村（社区）"], rows: rows, cards: true))
            <h2 class="h5 mt-3">覆盖地图</h2>
            <p class="small mb-1"><span class="badge" style="background:#198754">A、B 岗齐全</span> <span class="badge text-dark" style="background:#ffc107">缺一岗</span> <span class="badge" style="background:#dc3545">无信息员</span> <span class="badge border border-2" style="border-color:#6f42c1 !important;border-style:dashed !important;color:#6f42c1">紫色虚线边：有信息员需复训</span>　点击村（社区）查看其信息员。</p>
            <div id="coverage-map" class="map-panel" data-testid="coverage-map" data-url="/info-officers/coverage.geojson" style="height: 28rem"></div>
            """
    }

    static func accounts(waiting: Int, made: [InfoOfficerRepository.MadeAccount], csrf: String) -> HTML {
        let rows: [HTML] = made.map { m in
            "<tr><td data-label=\"姓名\">\(m.officer.name)</td><td data-label=\"区划\">\(m.officer.divisionCode)</td><td data-label=\"用户名\"><code>\(m.username)</code></td><td data-label=\"初始密码\"><code>\(m.password)</code></td></tr>"
        }
        return """
            <h1 class="h4">灾害信息员账户</h1>
            <p>名册中尚未开通账户的在册信息员：<strong data-testid="accounts-waiting">\(waiting)</strong> 人。开通后账户角色为灾害信息员，权限限于其所在村（乡镇）；初始密码只在本页显示一次，请当面或按本单位规定方式交给本人。</p>
            \(made.isEmpty && waiting == 0 ? HTML("<p class=\"text-muted\" data-testid=\"accounts-none-waiting\">名册中的在册信息员均已开通账户。</p>") : made.isEmpty ? Components.form(action: "/admin/info-officer-accounts", csrf: csrf, testID: "make-accounts", confirm: "为名册中尚未开通账户的信息员开通账户？", content: "<button class=\"btn btn-primary\">从名册开通账户</button>") : HTML("<div class=\"alert alert-warning\">已开通 \(made.count) 个账户。请立即记录或打印初始密码，离开本页后不再显示。</div>\(Components.table(testID: "made-accounts", header: ["姓名", "区划", "用户名", "初始密码"], rows: rows, cards: true))"))
            """
    }
}
