import AnlanCore
import Foundation

/// Team, expert, equipment and shelter pages and the resource map, rendered from what the controller read.
enum DirectoryViews {
    static func badge(_ r: EmergencyResource) -> HTML {
        Components.badge(
            r.kind.stateLabel(r.state), tone: r.isCallable ? .success : r.state == "onTask" || r.state == "full" ? .warning : .neutral)
    }

    static func figure(_ r: EmergencyResource) -> String {
        switch r.kind {
        case .team: r.capacity.map { "\($0) 人" } ?? "—"
        case .expert: [r.title, r.organisation].compactMap { $0 }.joined(separator: " · ")
        case .equipment: r.capacity.map { "\($0) 台（套）" } ?? "—"
        case .shelter: r.capacity.map { "\(r.occupancy ?? 0) / \($0) 人" } ?? "—"
        }
    }

    static let header = ["名称", "类别", "类型", "所在区划", "状态", "规模", "联系人"]

    static func list(
        _ items: [EmergencyResource], kind: ResourceKind?, query: [String: String], places: [(code: String, name: String)],
        names: [String: String], canManage: Bool, pager: HTML
    ) -> HTML {
        let rows: [HTML] = items.map { r in
            """
            <tr><td data-label="\(header[0])"><a href="/directory/\(r.id.key)">\(r.name)</a></td><td data-label="\(header[1])">\(r.kind.label)</td>\
            <td data-label="\(header[2])">\(r.kind.categoryLabel(r.category))</td><td data-label="\(header[3])">\(names[r.divisionCode] ?? r.divisionCode)</td>\
            <td data-label="\(header[4])">\(badge(r))</td><td data-label="\(header[5])">\(figure(r))</td>\
            <td data-label="\(header[6])">\(r.contact) <a href="tel:\(r.phone)">\(r.phone)</a></td></tr>
            """
        }
        let categories = (kind.map { [$0] } ?? ResourceKind.allCases).flatMap { $0.categories }
        let add: HTML =
            canManage
            ? """
            <div class="col-auto"><a class="btn btn-sm btn-success" href="/directory/new?kind=\((kind ?? .team).rawValue)" data-testid="resource-new">登记\((kind ?? .team).label)</a> \
            <a class="btn btn-sm btn-outline-secondary" href="/directory/import?kind=\((kind ?? .team).rawValue)" data-testid="resource-import-link">导入</a></div>
            """
            : .empty
        return """
            \(StockViews.subnav("/directory?kind=\(kind?.rawValue ?? "")"))
            <h1 class="h4">\(kind?.label ?? "救援力量与避难场所")</h1>
            \(Components.filterBar(action: "/directory", testID: "resource-filters", filters: [
                .text(name: "q", placeholder: "名称、联系人、特长、单位", value: query["q"]),
                .choice(name: "kind", label: "资源类别", options: ResourceKind.allCases.map { ($0.rawValue, $0.label) }, selected: query["kind"]),
                .choice(name: "category", label: "类型", options: categories.map { ($0.code, $0.label) }, selected: query["category"]),
                .choice(name: "divisionCode", label: UIText.townships, options: places.map { ($0.code, $0.name) }, selected: query["divisionCode"]),
                .choice(name: "callable", label: "现在可调用", options: [("true", UIText.yes)], selected: query["callable"]),
            ], searchLabel: UIText.search, trailing: add))
            \(Components.table(testID: "resources", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func values(_ r: EmergencyResource, members: [TeamMember]) -> [String: [String]] {
        var v: [String: [String]] = [
            "kind": [r.kind.rawValue], "name": [r.name], "category": [r.category], "divisionCode": [r.divisionCode], "contact": [r.contact],
            "phone": [r.phone], "state": [r.state], "tags": [r.tags.joined(separator: "、")],
        ]
        v["address"] = r.address.map { [$0] }
        v["latitude"] = r.latitude.map { [String($0)] }
        v["longitude"] = r.longitude.map { [String($0)] }
        v["organisation"] = r.organisation.map { [$0] }
        v["title"] = r.title.map { [$0] }
        v["capacity"] = r.capacity.map { [String($0)] }
        v["occupancy"] = r.occupancy.map { [String($0)] }
        v["areaSquareMetres"] = r.areaSquareMetres.map { [String(format: "%g", $0)] }
        v["note"] = r.note.map { [$0] }
        v["teamId"] = r.teamID.map { [$0.key] }
        v["boundary"] = r.boundary.map { [CapPolygon.text($0)] }
        if r.kind == .team {
            v["members"] = [members.map { [$0.name, $0.phone, $0.certificate ?? ""].joined(separator: "|") }.joined(separator: "\n")]
        }
        return v
    }

    static func form(
        _ existing: EmergencyResource?, kind: ResourceKind, values: [String: [String]], places: [(code: String, name: String)],
        teams: [(id: UUID, name: String)] = [], csrf: String, refusal: AnlanError?
    ) -> HTML {
        typealias F = EmergencyResourceDraft.Field
        func value(_ f: InputField) -> String { values[f.name]?.first ?? "" }
        func input(_ f: InputField, label: String? = nil, required: Bool = false, width: String = "col-md-4", type: String = "text") -> HTML
        {
            let max: HTML = f.maxLength.map { HTML(unsafe: " maxlength=\"\($0)\"") } ?? .empty
            return """
                <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(label ?? f.label)\(required ? "（必填）" : "")</label>\
                <input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(value(f))"\(max)\(HTML(unsafe: required ? " required" : ""))></div>
                """
        }
        func select(_ f: InputField, _ options: [(code: String, label: String)], width: String = "col-md-4") -> HTML {
            let items: [HTML] = options.map {
                "<option value=\"\($0.code)\"\(HTML(unsafe: value(f) == $0.code ? " selected" : ""))>\($0.label)</option>"
            }
            return """
                <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(f.label)（必填）</label><select class="form-select" id="f-\(f.name)" name="\(f.name)" required>\(items)</select></div>
                """
        }
        var fields: [HTML] = [
            input(F.name, label: kind == .expert ? "姓名" : "名称", required: true), select(F.category, kind.categories),
            select(F.divisionCode, places.map { ($0.code, $0.name) }),
            input(F.contact, label: kind == .expert ? "联系人（本人）" : F.contact.label, required: true),
            input(F.phone, required: true, type: "tel"), select(F.state, kind.states),
        ]
        if kind == .expert { fields += [input(F.title), input(F.organisation)] }
        if kind == .team || kind == .equipment { fields.append(input(F.organisation)) }
        if kind == .equipment {
            let options: [HTML] = teams.map {
                "<option value=\"\($0.id.key)\"\(HTML(unsafe: value(F.team) == $0.id.key ? " selected" : ""))>\($0.name)</option>"
            }
            fields.append(
                """
                <div class="col-md-4"><label class="form-label" for="f-teamId">\(F.team.label)</label><select class="form-select" id="f-teamId" name="teamId" data-testid="resource-team"><option value="">（不配属队伍）</option>\(options)</select></div>
                """)
        }
        if let capacity = kind.capacityLabel {
            fields.append(input(F.capacity, label: kind == .team ? "\(capacity)（有名单时按名单计）" : capacity, width: "col-md-3", type: "number"))
        }
        if kind == .shelter { fields += [input(F.occupancy, width: "col-md-2", type: "number"), input(F.area, width: "col-md-2")] }
        fields += [
            input(F.address, width: "col-12"), input(F.latitude, width: "col-md-3"), input(F.longitude, width: "col-md-3"),
            input(F.tags, label: "\(kind.tagsLabel)（用顿号或逗号分隔）", width: "col-md-6"),
        ]
        if kind == .team {
            fields.append(
                """
                <div class="col-12"><label class="form-label" for="f-members">队员名单（每行：姓名|电话|证书，可不填证书；人数按名单计）</label>\
                <textarea class="form-control" id="f-members" name="members" rows="5">\(value(F.members))</textarea></div>
                """)
        }
        if kind == .shelter {
            fields.append(
                """
                <div class="col-12"><label class="form-label" for="f-boundary">\(F.boundary.label)（可选：沿场所边界依次填“纬度,经度”，以空格或换行分隔，首尾相同；在资源地图上画出）</label>\
                <textarea class="form-control font-monospace small" id="f-boundary" name="boundary" rows="3" maxlength="\(EmergencyResourceDraft.boundaryTextLimit)" data-testid="resource-boundary">\(value(F.boundary))</textarea></div>
                """)
        }
        fields.append(input(F.note, width: "col-12"))
        let action = existing.map { "/directory/\($0.id.key)" } ?? "/directory"
        return """
            \(StockViews.subnav("/directory?kind=\(kind.rawValue)"))
            <h1 class="h4">\(existing == nil ? "登记" : "修改")\(kind.label)</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(Components.form(action: action, csrf: csrf, testID: "resource-form", classes: "row g-3 bg-white p-3 border rounded", content: """
                <input type="hidden" name="kind" value="\(kind.rawValue)">
                \(fields)
                <div class="col-12"><button class="btn btn-primary" data-testid="resource-save">\(UIText.save)</button></div>
                """))
            """
    }

    static func detail(
        _ r: EmergencyResource, members: [TeamMember], trainings: [TeamTraining], divisionName: String, canManage: Bool, csrf: String,
        today: Day, values: [String: [String]] = [:], team: EmergencyResource? = nil, equipment: [EmergencyResource] = []
    ) -> HTML {
        func typed(_ name: String) -> String? { values[name]?.first }
        var facts: [(label: String, value: HTML, testID: String?)] = [
            ("类别", "\(r.kind.label) · \(r.kind.categoryLabel(r.category))", nil), ("状态", badge(r), "resource-state"),
            ("所在区划", "\(divisionName)", nil),
            ("联系人", "\(r.contact) <a href=\"tel:\(r.phone)\">\(r.phone)</a>" as HTML, nil),
        ]
        if let o = r.organisation { facts.append(("所属单位", "\(o)", nil)) }
        if let t = r.title { facts.append(("职称（职务）", "\(t)", nil)) }
        if r.kind != .expert { facts.append(("规模", "\(figure(r))", "resource-figure")) }
        if let a = r.areaSquareMetres { facts.append(("面积", "\(String(format: "%g", a)) 平方米", nil)) }
        if !r.tags.isEmpty { facts.append((r.kind.tagsLabel, "\(r.tags.joined(separator: "、"))", nil)) }
        if let a = r.address { facts.append(("地址", "\(a)", nil)) }
        if let lat = r.latitude, let lon = r.longitude { facts.append(("位置", "\(String(format: "%.5f, %.5f", lat, lon))", nil)) }
        if let team {
            facts.append(("配属队伍", "<a href=\"/directory/\(team.id.key)\">\(team.name)</a> \(badge(team))" as HTML, "resource-team"))
        }
        if let ring = r.boundary {
            facts.append(
                (
                    "场所范围", "已划定（\(ring.count - 1) 个边界点），<a href=\"/resources/map?focus=\(r.id.key)\">在资源地图上查看</a>" as HTML,
                    "resource-boundary"
                ))
        }
        if let n = r.note { facts.append(("备注", "\(n)", nil)) }
        let states: [HTML] = r.kind.states.map {
            "<option value=\"\($0.code)\"\(HTML(unsafe: (typed("state") ?? r.state) == $0.code ? " selected" : ""))>\($0.label)</option>"
        }
        let occupancy: HTML =
            r.kind == .shelter
            ? "<div class=\"col-auto\"><input class=\"form-control form-control-sm\" name=\"occupancy\" type=\"number\" min=\"0\" value=\"\(typed("occupancy") ?? String(r.occupancy ?? 0))\" aria-label=\"现有人数\" placeholder=\"现有人数\"></div>"
            : .empty
        let manage: HTML =
            canManage && r.archivedAt == nil
            ? """
            <div class="d-flex flex-wrap gap-2 mb-3">
            \(Components.form(action: "/directory/\(r.id.key)/state", csrf: csrf, testID: "resource-state-form", classes: "row g-2", content: """
                <div class="col-auto"><select class="form-select form-select-sm" name="state" aria-label="状态">\(states)</select></div>\(occupancy)
                <div class="col-auto"><button class="btn btn-sm btn-primary">变更状态</button></div>
                """))
            <a class="btn btn-sm btn-outline-secondary" href="/directory/\(r.id.key)/edit">修改信息</a>
            \(Components.form(action: "/directory/\(r.id.key)/archive", csrf: csrf, testID: "resource-archive", classes: "d-inline", confirm: "停用后不再出现在列表和地图上，记录保留。确定停用？", content: "<button class=\"btn btn-sm btn-outline-danger\">停用</button>"))
            </div>
            """ : .empty
        var team: HTML = .empty
        if r.kind == .team {
            let memberRows: [HTML] = members.map {
                "<tr><td data-label=\"姓名\">\($0.name)</td><td data-label=\"电话\"><a href=\"tel:\($0.phone)\">\($0.phone)</a></td><td data-label=\"证书\">\($0.certificate ?? "—")</td></tr>"
            }
            let thisYear = trainings.filter { $0.on.year == today.year }
            let trainingRows: [HTML] = trainings.map {
                "<tr><td data-label=\"日期\">\($0.on)</td><td data-label=\"科目\">\($0.subject)</td><td data-label=\"学时\" class=\"text-end\">\(String(format: "%g", $0.hours))</td><td data-label=\"参训人数\" class=\"text-end\">\($0.participants)</td></tr>"
            }
            let addTraining: HTML =
                canManage && r.archivedAt == nil
                ? Components.form(
                    action: "/directory/\(r.id.key)/trainings", csrf: csrf, testID: "training-form", classes: "row g-2 mb-2",
                    content: """
                        <div class="col-md-2"><input class="form-control form-control-sm" name="on" type="date" value="\(typed("on") ?? today.description)" aria-label="训练日期" required></div>
                        <div class="col-md-4"><input class="form-control form-control-sm" name="subject" value="\(typed("subject") ?? "")" placeholder="训练科目" maxlength="\(TeamTraining.subjectLimit)" required></div>
                        <div class="col-md-2"><input class="form-control form-control-sm" name="hours" value="\(typed("hours") ?? "")" inputmode="decimal" placeholder="学时" required></div>
                        <div class="col-md-2"><input class="form-control form-control-sm" name="participants" type="number" min="1" value="\(typed("participants") ?? "")" placeholder="参训人数" required></div>
                        <div class="col-auto"><button class="btn btn-sm btn-outline-primary">登记训练</button></div>
                        """) : .empty
            let equipmentRows: [HTML] = equipment.map {
                """
                <tr><td data-label="名称"><a href="/directory/\($0.id.key)">\($0.name)</a></td><td data-label="类型">\($0.kind.categoryLabel($0.category))</td>\
                <td data-label="数量">\(figure($0))</td><td data-label="状态">\(badge($0))</td></tr>
                """
            }
            team = """
                <h2 class="h5 mt-3">配属装备（\(equipment.count) 项）</h2>
                \(equipment.isEmpty
                    ? "<p class=\"small text-muted\" data-testid=\"team-equipment\">尚未配属装备：在装备的“配属队伍”中选择本队。</p>"
                    : Components.table(testID: "team-equipment", header: ["名称", "类型", "数量", "状态"], rows: equipmentRows, cards: true))
                <h2 class="h5 mt-3">队员名单（\(members.count) 人）</h2>
                \(Components.table(testID: "members", header: ["姓名", "电话", "证书"], rows: memberRows, cards: true))
                <h2 class="h5 mt-3">训练记录（\(today.year) 年 \(thisYear.count) 次，\(String(format: "%g", thisYear.reduce(0) { $0 + $1.hours })) 学时）</h2>
                \(addTraining)
                \(Components.table(testID: "trainings", header: ["日期", "科目", "学时", "参训人数"], rows: trainingRows, cards: true))
                """
        }
        let archived: HTML =
            r.archivedAt.map {
                "<div class=\"alert alert-secondary py-2\" data-testid=\"resource-archived\">已停用（\(Timestamp.day($0))）：不再出现在名录、地图和调度中，记录保留。</div>"
            } ?? .empty
        return """
            \(StockViews.subnav("/directory?kind=\(r.kind.rawValue)"))
            <h1 class="h4">\(r.name)\(r.archivedAt == nil ? HTML.empty : Components.badge("已停用", tone: .neutral))</h1>
            \(archived)
            \(manage)
            \(Components.facts(facts))
            \(team)
            """
    }

    /// The import page: pick a file, check it (every faulty row listed), then import all rows or none.
    static func importForm(_ kind: ResourceKind, csrf: String) -> HTML {
        let categories = kind.categories.map(\.label).joined(separator: "、")
        let states = kind.states.map(\.label).joined(separator: "、")
        return """
            \(StockViews.subnav("/directory?kind=\(kind.rawValue)"))
            <h1 class="h4">导入\(kind.label)</h1>
            <p class="small text-muted">XLSX 或 CSV（UTF-8 或 GB18030），第一行为表头。<a href="/directory/template.xlsx?kind=\(kind.rawValue)" data-testid="import-template">下载模板</a>。
            类型填：\(categories)；状态填：\(states)（不填为\(kind.states[0].label)）；乡镇（街道）填名称或 12 位区划代码。先检查，全部无误后导入，任一行有误则一行也不导入。</p>
            <div class="row g-2 mb-3" data-resource-import="/api/v1/resources/import?kind=\(kind.rawValue)" data-csrf="\(csrf)" data-list="/directory?kind=\(kind.rawValue)" data-testid="resource-import">
              <div class="col-md-6"><input class="form-control" type="file" accept=".xlsx,.csv" aria-label="\(UIText.chooseFile)"></div>
              <div class="col-auto"><button class="btn btn-outline-primary" type="button" data-role="check">检查</button></div>
              <div class="col-auto"><button class="btn btn-primary" type="button" data-role="commit" disabled>导入</button></div>
              <div class="col-12" data-role="report" aria-live="polite"></div>
            </div>
            """
    }

    static func map() -> HTML {
        let layers = ResourceKind.allCases.map { ($0.rawValue, $0.label) } + [("warehouse", "物资储备库（点）")]
        let labels = layers.map { "data-label-\($0.0.lowercased())=\"\(HTML.escape($0.1))\"" }.joined(separator: " ")
        return """
            \(StockViews.subnav("/resources/map"))
            <h1 class="h4">\(ResourcesText.resourceMap)</h1>
            <p class="small text-muted">救援队伍、专家、装备、避难场所和物资储备库（点）各为一个图层，颜色见图层列表；圆点实心为现在可调用，灰色填充为暂不可调用；划定了范围的避难场所另以绿色区域画出。只显示已填位置的资源，点击圆点可打开其记录。</p>
            <div id="resource-map" style="height: 70vh" class="border rounded" data-testid="resource-map" \(HTML(unsafe: labels))></div>
            """
    }
}
