import AnlanCore
import Foundation

/// Warehouse and catalog pages, rendered from what the controller read; no queries, no decisions.
enum WarehouseViews {
    static let listHeader = ["仓库名称", "类别", "所在区划", "负责人", "钥匙保管人", "开放时间"]

    static func list(
        _ items: [Warehouse], query: [String: String], places: [(code: String, name: String)], names: [String: String], canManage: Bool,
        pager: HTML
    ) -> HTML {
        let rows: [HTML] = items.map { w in
            """
            <tr><td data-label="\(listHeader[0])"><a href="/warehouses/\(w.id.key)">\(w.name)</a></td><td data-label="\(listHeader[1])">\(w.kind.label)</td>
            <td data-label="\(listHeader[2])">\(names[w.divisionCode] ?? w.divisionCode)</td><td data-label="\(listHeader[3])">\(w.manager) <a href="tel:\(w.phone)">\(w.phone)</a></td>
            <td data-label="\(listHeader[4])">\(w.keyHolder ?? "—") \(w.keyHolderPhone ?? "")</td><td data-label="\(listHeader[5])">\(w.openingHours ?? "—")</td></tr>
            """
        }
        let add: HTML =
            canManage
            ? "<div class=\"col-auto\"><a class=\"btn btn-sm btn-success\" href=\"/warehouses/new\" data-testid=\"warehouse-new\">\(ResourcesText.newWarehouse)</a></div>"
            : .empty
        return """
            \(StockViews.subnav("/warehouses"))
            <h1 class="h4">\(ResourcesText.warehouses)</h1>
            \(Components.filterBar(action: "/warehouses", testID: "warehouse-filters", filters: [
                .text(name: "q", placeholder: "名称、地址、负责人", value: query["q"]),
                .choice(name: "kind", label: "仓库类别", options: WarehouseKind.allCases.map { ($0.rawValue, $0.label) }, selected: query["kind"]),
                .choice(name: "divisionCode", label: UIText.townships, options: places.map { ($0.code, $0.name) }, selected: query["divisionCode"]),
            ], searchLabel: UIText.search, trailing: add))
            \(Components.table(testID: "warehouses", header: listHeader, rows: rows, cards: true))
            \(pager)
            """
    }

    /// A stored warehouse as the form's values.
    static func values(_ w: Warehouse) -> [String: [String]] {
        var v: [String: [String]] = [
            "name": [w.name], "kind": [w.kind.rawValue], "divisionCode": [w.divisionCode], "address": [w.address], "manager": [w.manager],
            "phone": [w.phone], "serves": w.serves,
        ]
        v["latitude"] = w.latitude.map { [String($0)] }
        v["longitude"] = w.longitude.map { [String($0)] }
        v["keyHolder"] = w.keyHolder.map { [$0] }
        v["keyHolderPhone"] = w.keyHolderPhone.map { [$0] }
        v["areaSquareMetres"] = w.areaSquareMetres.map { [String(format: "%g", $0)] }
        v["openingHours"] = w.openingHours.map { [$0] }
        v["note"] = w.note.map { [$0] }
        return v
    }

    static func form(
        _ existing: Warehouse?, values: [String: [String]], places: [(code: String, name: String)], csrf: String, refusal: AnlanError?
    ) -> HTML {
        typealias F = WarehouseDraft.Field
        func value(_ f: InputField) -> String { values[f.name]?.first ?? "" }
        func input(_ f: InputField, required: Bool = false, type: String = "text", width: String = "col-md-6", extra: String = "") -> HTML {
            let max: HTML = f.maxLength.map { HTML(unsafe: " maxlength=\"\($0)\"") } ?? .empty
            return """
                <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label>
                <input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(value(f))"\(max)\(HTML(unsafe: required ? " required" : ""))\(HTML(unsafe: extra))></div>
                """
        }
        let kinds: [HTML] = WarehouseKind.allCases.map {
            "<option value=\"\($0.rawValue)\"\(HTML(unsafe: value(F.kind) == $0.rawValue ? " selected" : ""))>\($0.label)</option>"
        }
        let divisionOptions: [HTML] = places.map {
            "<option value=\"\($0.code)\"\(HTML(unsafe: value(F.divisionCode) == $0.code ? " selected" : ""))>\($0.name)</option>"
        }
        let served = Set(values[F.serves.name] ?? [])
        let serveBoxes: [HTML] = places.map { place in
            """
            <div class="form-check form-check-inline"><input class="form-check-input" type="checkbox" name="serves" value="\(place.code)" id="s-\(place.code)"\(HTML(unsafe: served.contains(place.code) ? " checked" : ""))><label class="form-check-label" for="s-\(place.code)">\(place.name)</label></div>
            """
        }
        let action = existing.map { "/warehouses/\($0.id.key)" } ?? "/warehouses"
        return """
            \(StockViews.subnav("/warehouses"))
            <h1 class="h4">\(existing == nil ? ResourcesText.newWarehouse : ResourcesText.editWarehouse)</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(Components.form(action: action, csrf: csrf, testID: "warehouse-form", classes: "row g-3 bg-white p-3 border rounded", content: """
                \(input(F.name, required: true))
                <div class="col-md-3"><label class="form-label" for="f-kind">\(F.kind.label)（必填）</label><select class="form-select" id="f-kind" name="kind" required>\(kinds)</select></div>
                <div class="col-md-3"><label class="form-label" for="f-divisionCode">\(F.divisionCode.label)（必填）</label><select class="form-select" id="f-divisionCode" name="divisionCode" required>\(divisionOptions)</select></div>
                \(input(F.address, required: true, width: "col-12"))
                \(input(F.manager, required: true, width: "col-md-3"))\(input(F.phone, required: true, type: "tel", width: "col-md-3"))
                \(input(F.keyHolder, width: "col-md-3"))\(input(F.keyHolderPhone, type: "tel", width: "col-md-3"))
                \(input(F.latitude, width: "col-md-3", extra: " inputmode=\"decimal\""))\(input(F.longitude, width: "col-md-3", extra: " inputmode=\"decimal\""))
                \(input(F.area, width: "col-md-3", extra: " inputmode=\"decimal\""))\(input(F.openingHours, width: "col-md-3"))
                <div class="col-12"><div class="form-label">\(F.serves.label)</div>\(serveBoxes)</div>
                \(input(F.note, width: "col-12"))
                <div class="col-12"><button class="btn btn-primary" data-testid="warehouse-save">\(UIText.save)</button></div>
                """))
            """
    }

    static let catalogHeader = ["物资大类", "分类编码", "物资名称", "规格型号", "单位", ""]

    static func catalog(
        _ items: [SupplyItem], query: [String: String], canManage: Bool, csrf: String, values: [String: [String]], refusal: AnlanError?,
        pager: HTML
    ) -> HTML {
        typealias F = SupplyItemDraft.Field
        let rows: [HTML] = items.map { i in
            """
            <tr><td data-label="\(catalogHeader[0])">\(i.majorClass.label)</td><td data-label="\(catalogHeader[1])">\(i.code ?? "—")</td><td data-label="\(catalogHeader[2])">\(i.name)</td>
            <td data-label="\(catalogHeader[3])">\(i.specification.isEmpty ? "—" : i.specification)</td><td data-label="\(catalogHeader[4])">\(i.unit)</td>
            <td><a class="small" href="/stock?itemId=\(i.id.key)">查库存</a></td></tr>
            """
        }
        func value(_ f: InputField) -> String { values[f.name]?.first ?? "" }
        let classes: [HTML] = SupplyMajorClass.allCases.map {
            "<option value=\"\($0.rawValue)\"\(HTML(unsafe: value(F.majorClass) == String($0.rawValue) ? " selected" : ""))>\($0.rawValue) \($0.label)</option>"
        }
        let add: HTML =
            canManage
            ? Components.form(
                action: "/supplies", csrf: csrf, testID: "supply-form", classes: "row g-2 mb-3 bg-white p-2 border rounded",
                content: """
                    <div class="col-md-3"><select class="form-select form-select-sm" name="majorClass" aria-label="\(F.majorClass.label)" required>\(classes)</select></div>
                    <div class="col-md-2"><input class="form-control form-control-sm" name="code" value="\(value(F.code))" placeholder="\(F.code.label)（7 位，可不填）" maxlength="7" pattern="[1-3][0-9]{6}"></div>
                    <div class="col-md-2"><input class="form-control form-control-sm" name="name" value="\(value(F.name))" placeholder="\(F.name.label)" maxlength="\(SupplyItemDraft.nameLimit)" required></div>
                    <div class="col-md-2"><input class="form-control form-control-sm" name="specification" value="\(value(F.specification))" placeholder="\(F.specification.label)" maxlength="\(SupplyItemDraft.specificationLimit)"></div>
                    <div class="col-md-1"><input class="form-control form-control-sm" name="unit" value="\(value(F.unit))" placeholder="\(F.unit.label)" maxlength="\(SupplyItemDraft.unitLimit)" required></div>
                    <div class="col-auto"><button class="btn btn-sm btn-success">添加物资</button></div>
                    """) : .empty
        return """
            \(StockViews.subnav("/supplies"))
            <h1 class="h4">\(ResourcesText.catalog)</h1>
            <p class="small text-muted">分类依据 GB/T 38565-2020《应急物资分类及编码》：编码 7 位（大类 1 位、中类 2 位、小类 2 位、细类 2 位），大类 1 基本生活保障物资、2 应急装备及配套物资、3 工程材料与机械加工设备；各级“99”为收容类目。</p>
            \(refusal.map(Components.refusal) ?? .empty)
            \(add)
            \(Components.filterBar(action: "/supplies", testID: "supply-filters", filters: [
                .text(name: "q", placeholder: "名称、规格、编码", value: query["q"]),
                .choice(name: "majorClass", label: "物资大类", options: SupplyMajorClass.allCases.map { (String($0.rawValue), $0.label) }, selected: query["majorClass"]),
            ], searchLabel: UIText.search))
            \(Components.table(testID: "supplies", header: catalogHeader, rows: rows, cards: true))
            \(pager)
            """
    }
}
