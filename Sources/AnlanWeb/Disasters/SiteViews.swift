import AnlanCore
import AnlanStore
import Foundation

/// The sites' pages: the register, one site (a form for those who keep it), and the 责任人 list to publish.
enum SiteViews {
    static let title = "防汛防火重点部位"

    static func subnav(_ active: String) -> HTML { InfoOfficerViews.subnav(active) }

    static func values(_ s: Site) -> [String: [String]] {
        var v: [String: [String]] = [
            "kind": [s.kind.rawValue], "name": [s.name], "divisionCode": [s.divisionCode], "grade": [s.grade ?? ""],
            "threatenedPeople": [String(s.threatenedPeople)], "description": [s.description ?? ""],
            "latitude": [s.location.map { GeoPoint.text($0.latitude) } ?? ""],
            "longitude": [s.location.map { GeoPoint.text($0.longitude) } ?? ""],
        ]
        for k in s.keepers {
            v["\(k.role.rawValue)Name"] = [k.name]
            v["\(k.role.rawValue)Unit"] = [k.unit ?? ""]
            v["\(k.role.rawValue)Phone"] = [k.phone]
        }
        return v
    }

    static func list(
        _ items: [Site], total: Int, names: [String: String], query: [String: String], mayEdit: Bool, pager: HTML
    ) -> HTML {
        let header = ["名称", "类别", "所在地", "威胁人数", "行政责任人", "巡查责任人"]
        let rows: [HTML] = items.map { s in
            let admin = s.keeper(.administrative), patrol = s.keeper(.patrol)
            return """
                <tr><td data-label="名称"><a href="/sites/\(s.id.key)">\(s.name)</a>\(s.grade.map { HTML(" <span class=\"small text-muted\">\($0)</span>") } ?? .empty)</td>\
                <td data-label="类别">\(s.kind.label)</td><td data-label="所在地">\(names[s.divisionCode] ?? s.divisionCode)</td>\
                <td data-label="威胁人数" class="text-end">\(s.threatenedPeople)</td>\
                <td data-label="行政责任人">\(admin?.name ?? "")<div class="small"><a href="tel:\(admin?.phone ?? "")">\(admin?.phone ?? "")</a></div></td>\
                <td data-label="巡查责任人">\(patrol?.name ?? "")<div class="small"><a href="tel:\(patrol?.phone ?? "")">\(patrol?.phone ?? "")</a></div></td></tr>
                """
        }
        let trailing: HTML = """
            <div class="col-auto">\(mayEdit ? HTML("<a class=\"btn btn-sm btn-primary\" href=\"/sites/new\" data-testid=\"site-new\">登记重点部位</a> ") : .empty)\
            <a class="btn btn-sm btn-outline-secondary" href="/sites/keepers">防汛责任人名单</a> <a class="btn btn-sm btn-outline-secondary" href="/sites/keepers?flood=false">森林防火责任人名单</a></div>
            """
        return """
            \(subnav("/sites"))
            <h1 class="h4">\(title) <span class="small text-muted" data-testid="site-total">共 \(total) 处</span></h1>
            \(Components.filterBar(action: "/sites", testID: "site-filters", filters: [
                .choice(name: "kind", label: "类别", options: SiteKind.allCases.map { ($0.rawValue, $0.label) }, selected: query["kind"]),
                .text(name: "q", placeholder: "名称、等级", value: query["q"]), .hidden(name: "divisionCode", value: query["divisionCode"]),
                .hidden(name: "flood", value: query["flood"]),
            ], searchLabel: UIText.search, trailing: trailing))
            \(items.isEmpty ? HTML("<p class=\"text-muted\">没有符合条件的重点部位。</p>") : Components.table(testID: "sites", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func form(_ site: Site?, values: [String: [String]], places: [(String, String)], csrf: String, refusal: AnlanError?) -> HTML {
        typealias F = SiteDraft.Field
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        func input(_ f: InputField, width: String = "col-md-4", type: String = "text", required: Bool = false) -> HTML {
            """
            <div class="\(width)"><label class="form-label small" for="s-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label><input class="form-control" id="s-\(f.name)" name="\(f.name)" type="\(type)"\(HTML(unsafe: type == "number" ? " step=\"any\"" : ""))\(f.maxLength.map { HTML(unsafe: " maxlength=\"\($0)\"") } ?? .empty)\(HTML(unsafe: required ? " required" : "")) value="\(value(f.name))"></div>
            """
        }
        let kinds: [HTML] = SiteKind.allCases.map {
            "<option value=\"\($0.rawValue)\"\(HTML(unsafe: value("kind") == $0.rawValue ? " selected" : ""))>\($0.label)</option>"
        }
        let keepers: [HTML] = KeeperRole.allCases.map { r in
            """
            <fieldset class="row g-2 mb-1"><legend class="fs-6 mb-0">\(r.label)</legend>\(input(F.name(r), width: "col-md-3", required: true))\(input(F.unit(r), width: "col-md-5"))\(input(F.phone(r), width: "col-md-4", type: "tel", required: true))</fieldset>
            """
        }
        let action = site.map { "/sites/\($0.id.key)" } ?? "/sites"
        let archive: HTML =
            site.map {
                Components.form(
                    action: "/sites/\($0.id.key)/archive", csrf: csrf, testID: "site-archive", classes: "mt-2", confirm: "确认撤销该重点部位？记录将保留。",
                    content: "<button class=\"btn btn-sm btn-outline-danger\">撤销</button>")
            } ?? .empty
        return """
            \(subnav("/sites"))
            <h1 class="h4">\(site?.name ?? "登记重点部位")</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(Components.form(action: action, csrf: csrf, testID: "site-form", content: """
              <div class="row g-2 mb-2">
              <div class="col-md-4"><label class="form-label small" for="s-kind">\(F.kind.label)</label><select class="form-select" id="s-kind" name="kind">\(kinds)</select></div>
              \(input(F.name, required: true))
              <div class="col-md-4"><label class="form-label small" for="s-division">\(F.divisionCode.label)</label><select class="form-select" id="s-division" name="divisionCode">\(DisasterViews.placeOptions(places, selected: value("divisionCode")))</select></div>
              \(input(F.grade, width: "col-md-3"))\(input(F.threatenedPeople, width: "col-6 col-md-3", type: "number"))\(input(F.latitude, width: "col-6 col-md-3", type: "number"))\(input(F.longitude, width: "col-6 col-md-3", type: "number"))
              <div class="col-12"><label class="form-label small" for="s-description">\(F.description.label)</label><textarea class="form-control" id="s-description" name="description" rows="2" maxlength="1000">\(value("description"))</textarea></div>
              </div>
              \(keepers)
              <button class="btn btn-primary mt-2">保存</button> <a class="btn btn-link mt-2" href="/sites">\(title)</a>
              """))
            \(archive)
            """
    }

    static func detail(_ s: Site, names: [String: String]) -> HTML {
        let keepers: [HTML] = s.keepers.map { k in
            "<tr><td data-label=\"职责\">\(k.role.label)</td><td data-label=\"姓名\">\(k.name)</td><td data-label=\"单位职务\">\(k.unit ?? "")</td><td data-label=\"电话\"><a href=\"tel:\(k.phone)\">\(k.phone)</a></td></tr>"
        }
        return """
            \(subnav("/sites"))
            <h1 class="h4">\(s.name) <span class="small">\(s.kind.label)</span>\(s.archivedAt != nil ? HTML(" \(Components.badge("已撤销", tone: .neutral))") : .empty)</h1>
            <dl class="row small" data-testid="site-facts">
              <dt class="col-sm-3">所在地</dt><dd class="col-sm-9">\(names[s.divisionCode] ?? s.divisionCode)\(s.location.map { HTML("（\($0.latitude), \($0.longitude)）") } ?? .empty)</dd>
              <dt class="col-sm-3">规模或等级</dt><dd class="col-sm-9">\(s.grade ?? "—")</dd>
              <dt class="col-sm-3">威胁人数</dt><dd class="col-sm-9">\(s.threatenedPeople)</dd>
              <dt class="col-sm-3">基本情况</dt><dd class="col-sm-9">\(s.description ?? "—")</dd>
            </dl>
            \(Components.table(testID: "site-keepers", header: ["职责", "姓名", "单位职务", "电话"], rows: keepers, cards: true))
            """
    }

    /// The list the county publishes (张榜、报纸、政府网站) before the season: every site with its three 责任人.
    static func keepers(_ rows: [[String]], flood: Bool, today: Day) -> HTML {
        let header = SiteController.keepersHeader
        let body: [HTML] = rows.map { cells in "<tr>\(zip(header, cells).map { HTML("<td data-label=\"\($0.0)\">\($0.1)</td>") })</tr>" }
        return """
            <div class="d-print-none">\(subnav("/sites"))<div class="mb-2"><a class="btn btn-sm btn-outline-success" href="/sites/keepers.xlsx?flood=\(flood)">导出 XLSX</a> <button class="btn btn-sm btn-outline-secondary" type="button" data-print>打印</button></div></div>
            <h1 class="h4 text-center">\(today.year) 年\(flood ? "防汛重点部位" : "森林防火重点区域")责任人名单</h1>
            \(Components.table(testID: "site-keeper-list", header: header, rows: body, cards: true))
            <p class="small text-muted">共 \(rows.count) 处。</p>
            """
    }
}
