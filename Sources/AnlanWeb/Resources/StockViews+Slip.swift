import AnlanCore
import AnlanStore
import Foundation

/// The slip form, one slip and its printed 出入库单, and the warehouse page.
extension StockViews {
    struct SlipForm {
        let kind: StockMovementKind
        let warehouse: Warehouse?
        let warehouses: [Warehouse]
        let destinations: [(id: UUID, name: String)]
        let catalog: [SupplyItem]
        let held: [StockBalance]
        let values: [String: [String]]
        let refusal: AnlanError?
        let today: Day
        let csrf: String
        /// Empty line rows offered beyond those already typed.
        static let blankRows = 6
    }

    static func slipForm(_ m: SlipForm) -> HTML {
        typealias F = StockMovementOrder.Field
        func value(_ f: InputField) -> String { m.values[f.name]?.first ?? "" }
        func text(_ f: InputField, required: Bool = false, width: String = "col-md-4", type: String = "text") -> HTML {
            let max: HTML = f.maxLength.map { HTML(unsafe: " maxlength=\"\($0)\"") } ?? .empty
            return """
                <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label><input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(value(f))"\(max)\(HTML(unsafe: required ? " required" : ""))></div>
                """
        }
        func choice<E: RawRepresentable & CaseIterable>(_ f: InputField, _ type: E.Type, label: (E) -> String) -> HTML
        where E.RawValue == String {
            let options: [HTML] = E.allCases.map {
                "<option value=\"\($0.rawValue)\"\(HTML(unsafe: value(f) == $0.rawValue ? " selected" : ""))>\(label($0))</option>"
            }
            return """
                <div class="col-md-4"><label class="form-label" for="f-\(f.name)">\(f.label)（必填）</label><select class="form-select" id="f-\(f.name)" name="\(f.name)" required><option value=""></option>\(options)</select></div>
                """
        }
        // Without a warehouse, the form is a choice of one (a township officer sees only their own points).
        guard let warehouse = m.warehouse else {
            let links: [HTML] = m.warehouses.map {
                "<a class=\"list-group-item list-group-item-action\" href=\"/stock/new?kind=\(m.kind.rawValue)&amp;warehouseId=\($0.id.key)\">\($0.name)</a>"
            }
            return """
                \(subnav("/stock/movements"))
                <h1 class="h4">\(m.kind.label)：\(ResourcesText.chooseWarehouse)</h1>
                <div class="list-group" data-testid="choose-warehouse">\(links)</div>
                """
        }
        var header: [HTML] = [text(F.occurredOn, width: "col-md-3", type: "date")]
        switch m.kind {
        case .receipt:
            header += [choice(F.source, ReceiptSource.self, label: \.label), text(F.party, width: "col-md-5")]
        case .issue:
            header += [
                choice(F.recipientKind, RecipientKind.self, label: \.label), text(F.party, required: true, width: "col-md-5"),
                text(F.receiver, required: true, width: "col-md-3"), text(F.receiverPhone, width: "col-md-3", type: "tel"),
            ]
        case .transfer:
            let options: [HTML] = m.destinations.map {
                "<option value=\"\($0.id.key)\"\(HTML(unsafe: value(F.toWarehouse) == $0.id.key ? " selected" : ""))>\($0.name)</option>"
            }
            header += [
                """
                <div class="col-md-5"><label class="form-label" for="f-toWarehouseId">\(F.toWarehouse.label)（必填）</label><select class="form-select" id="f-toWarehouseId" name="toWarehouseId" required><option value=""></option>\(options)</select></div>
                """, text(F.receiver, width: "col-md-3"),
            ]
        case .return:
            header += [text(F.party, required: true, width: "col-md-5"), text(F.receiver, width: "col-md-3")]
        case .scrap:
            header += [text(F.reason, required: true, width: "col-md-9")]
        case .stocktake:
            header += [
                """
                <div class="col-md-9"><label class="form-label" for="f-reason">差异原因（实盘与账面不符时必填）</label><input class="form-control" id="f-reason" name="reason" value="\(value(F.reason))" maxlength="\(StockMovementOrder.reasonLimit)"></div>
                """
            ]
        }
        if m.kind == .issue || m.kind == .transfer {
            let checked = ["true", "on", "1"].contains(value(F.allowExpired))
            header.append(
                """
                <div class="col-12"><div class="form-check"><input class="form-check-input" type="checkbox" name="allowExpired" value="true" id="f-allowExpired"\(HTML(unsafe: checked ? " checked" : ""))><label class="form-check-label" for="f-allowExpired">\(ResourcesText.allowExpired)</label></div></div>
                """)
        }
        header.append(text(F.note, width: "col-12"))

        // The line rows: those typed before a refusal, then blank ones.
        let typed = (m.values[F.item.name.prefixed] ?? []).lastIndex { !$0.isEmpty }.map { $0 + 1 } ?? 0
        let rows = typed + SlipForm.blankRows
        func cell(_ f: InputField, _ index: Int) -> String { m.values[f.name.prefixed]?.dropFirst(index).first ?? "" }
        let itemOptions: (String) -> [HTML] = { selected in
            m.catalog.map {
                "<option value=\"\($0.id.key)\"\(HTML(unsafe: selected == $0.id.key ? " selected" : ""))>\($0.title)（\($0.unit)）</option>"
            }
        }
        let lineRows: [HTML] = (0..<rows).map { i in
            let amount: HTML =
                m.kind == .stocktake
                ? "<td data-label=\"\(F.counted.label)\"><input class=\"form-control form-control-sm\" name=\"lines.counted\" type=\"number\" min=\"0\" value=\"\(cell(F.counted, i))\" aria-label=\"\(F.counted.label)\"></td>"
                : "<td data-label=\"\(F.quantity.label)\"><input class=\"form-control form-control-sm\" name=\"lines.quantity\" type=\"number\" min=\"1\" value=\"\(cell(F.quantity, i))\" aria-label=\"\(F.quantity.label)\"></td>"
            let dates: HTML =
                m.kind.bringsIn
                ? """
                <td data-label="\(F.producedOn.label)"><input class="form-control form-control-sm" name="lines.producedOn" type="date" value="\(cell(F.producedOn, i))" aria-label="\(F.producedOn.label)"></td>\
                <td data-label="\(F.expiresOn.label)"><input class="form-control form-control-sm" name="lines.expiresOn" type="date" value="\(cell(F.expiresOn, i))" aria-label="\(F.expiresOn.label)"></td>
                """ : .empty
            return """
                <tr><td data-label="\(F.item.label)"><select class="form-select form-select-sm" name="lines.itemId" aria-label="\(F.item.label)"><option value=""></option>\(itemOptions(cell(F.item, i)))</select></td>\
                \(amount)<td data-label="\(F.batchNo.label)"><input class="form-control form-control-sm" name="lines.batchNo" value="\(cell(F.batchNo, i))" maxlength="\(StockMovementOrder.batchLimit)" aria-label="\(F.batchNo.label)"></td>\(dates)</tr>
                """
        }
        let lineHeader =
            [F.item.label, m.kind == .stocktake ? F.counted.label : F.quantity.label, F.batchNo.label]
            + (m.kind.bringsIn ? [F.producedOn.label, F.expiresOn.label] : [])
        let heldTable: HTML =
            m.kind.bringsIn || m.held.isEmpty
            ? .empty
            : """
            <h2 class="h6 mt-3">本仓库现有库存</h2>
            \(Components.table(testID: "held", header: balanceHeader, rows: m.held.map { balanceRow($0, today: m.today) }, cards: true))
            """
        return """
            \(subnav("/stock/movements"))
            <h1 class="h4">\(m.kind.label) · \(warehouse.name)</h1>
            \(m.refusal.map(Components.refusal) ?? .empty)
            \(Components.form(action: "/stock/movements", csrf: m.csrf, testID: "slip-form", classes: "row g-3 bg-white p-3 border rounded", content: """
                <input type="hidden" name="kind" value="\(m.kind.rawValue)"><input type="hidden" name="warehouseId" value="\(warehouse.id.key)">
                \(header)
                <div class="col-12"><div class="small text-muted mb-1">\(m.kind == .stocktake ? ResourcesText.stocktakeHint : ResourcesText.batchHint)</div>
                \(Components.table(testID: "slip-lines", header: lineHeader, rows: lineRows, cards: true))</div>
                <div class="col-12"><button class="btn btn-primary" data-testid="slip-save">记账</button></div>
                """))
            \(heldTable)
            """
    }

    // MARK: - One slip

    struct Slip {
        let movement: StockMovement
        let warehouses: [String: String]
        let people: [String: String]
        let canConfirm: Bool
        let csrf: String
        /// The receipt form's default day.
        let today: Day
    }

    static func facts(_ s: Slip) -> [(label: String, value: HTML, testID: String?)] {
        let m = s.movement
        var facts: [(label: String, value: HTML, testID: String?)] = [
            ("单号", "\(m.number)", "slip-number"), ("业务类型", "\(m.kind.label)", nil), ("业务日期", "\(m.occurredOn)", nil),
            ("仓库", "\(s.warehouses[m.warehouseID.key] ?? "")", nil),
        ]
        if let to = m.toWarehouseID { facts.append(("调入仓库", "\(s.warehouses[to.key] ?? "")", nil)) }
        let other = counterpart(m)
        if !other.isEmpty { facts.append(("对方单位", "\(other)", nil)) }
        if let r = m.receiver { facts.append(("领用（经手）人", "\(r) \(m.receiverPhone ?? "")", nil)) }
        if let r = m.reason { facts.append(("原因", "\(r)", nil)) }
        if let n = m.note { facts.append(("备注", "\(n)", nil)) }
        if m.expiredConfirmed { facts.append(("过期批次", Components.badge("经确认发出过期批次", tone: .danger), "expired-confirmed")) }
        facts.append(("登记", "\(s.people[m.recordedBy] ?? m.recordedBy) · \(Timestamp.display(m.recordedAt))", nil))
        if m.awaitsConfirmation { facts.append(("签收", Components.badge(ResourcesText.awaiting, tone: .warning), "slip-awaiting")) }
        if let at = m.confirmedAt {
            // Who signed the paper and when; who entered the receipt, and when, after it. Receipts entered before the
            // signatory was recorded show the one who entered them.
            let entered = "\(s.people[m.confirmedBy ?? ""] ?? m.confirmedBy ?? "") 登记于 \(Timestamp.display(at))"
            let signed = m.signedBy.map { "\($0) 签收于 \(m.signedOn?.description ?? "")（\(entered)）" } ?? entered
            facts.append(("签收", "\(signed)", "slip-confirmed"))
        }
        return facts
    }

    static let lineHeader = ["序号", "仓库", "物资", "批次", "有效期至", "数量"]

    static func lineRows(_ s: Slip) -> [HTML] {
        s.movement.lines.map { l in
            let amount: String =
                s.movement.kind == .stocktake
                ? "账面 \(l.book ?? 0)，实盘 \(l.counted ?? 0)，差异 \(l.delta > 0 ? "+" : "")\(l.delta)"
                : s.movement.kind == .transfer ? "\(l.delta < 0 ? "调出" : "调入") \(abs(l.delta))" : "\(abs(l.delta))"
            return """
                <tr><td data-label="\(lineHeader[0])">\(l.seq)</td><td data-label="\(lineHeader[1])">\(s.warehouses[l.warehouseID.key] ?? "")</td><td data-label="\(lineHeader[2])">\(l.itemTitle)</td>\
                <td data-label="\(lineHeader[3])">\(l.batchNo.isEmpty ? "—" : l.batchNo)</td><td data-label="\(lineHeader[4])">\(l.expiresOn?.description ?? "—")</td>\
                <td data-label="\(lineHeader[5])" class="text-end">\(amount) \(l.unit)</td></tr>
                """
        }
    }

    static func slip(_ s: Slip) -> HTML {
        // The receipt is entered from the signed paper slip: who signed it (the receiver the slip names, unless another
        // person signed) and the day they signed.
        let confirm: HTML =
            s.canConfirm
            ? Components.form(
                action: "/stock/movements/\(s.movement.id.key)/confirm", csrf: s.csrf, testID: "slip-confirm",
                classes: "d-flex flex-wrap gap-2 align-items-end",
                content: """
                    <div><label class="form-label small mb-0" for="signedBy">签收人</label><input class="form-control form-control-sm" id="signedBy" name="signedBy" maxlength="30" value="\(s.movement.receiver ?? "")" required></div>
                    <div><label class="form-label small mb-0" for="signedOn">签收日期</label><input class="form-control form-control-sm" id="signedOn" name="signedOn" type="date" min="\(s.movement.occurredOn.description)" value="\(s.today)" required></div>
                    <button class="btn btn-success btn-sm">\(ResourcesText.confirm)</button>
                    """) : .empty
        return """
            \(subnav("/stock/movements"))
            <h1 class="h4">\(s.movement.kind.label)单 \(s.movement.number)</h1>
            \(Components.facts(facts(s)))
            \(Components.table(testID: "slip-lines", header: lineHeader, rows: lineRows(s), cards: true))
            <div class="d-flex gap-2"><a class="btn btn-outline-secondary" href="/stock/movements/\(s.movement.id.key)/print" data-testid="slip-print">\(ResourcesText.print)</a>\(confirm)</div>
            """
    }

    /// The paper 出入库单: A4, with the signatures the warehouse keeper and the receiver put on it.
    static func printable(_ s: Slip) -> HTML {
        let m = s.movement
        let signatures: [String] =
            switch m.kind {
            case .issue: ["经办人：", "保管员：", "领用人（签收）：", "审核："]
            case .transfer: ["调出保管员：", "调入保管员（签收）：", "经办人：", "审核："]
            case .receipt, .return: ["交货人：", "保管员：", "经办人：", "审核："]
            case .scrap, .stocktake: ["保管员：", "监盘人：", "经办人：", "审核："]
            }
        let sigs: [HTML] = signatures.map { "<div class=\"col-3\">\($0)</div>" }
        return """
            <div class="d-print-none mb-2"><button class="btn btn-primary" type="button" data-print>打印</button> <a href="/stock/movements/\(m.id.key)">返回</a></div>
            <article class="a4" data-testid="slip-paper">
              <h1 class="text-center fw-bold my-2" style="font-size: 1.5rem">应急物资\(m.kind.label)单</h1>
              <div class="d-flex justify-content-between mb-2"><span>仓库：\(s.warehouses[m.warehouseID.key] ?? "")</span><span>No. \(m.number)</span></div>
              \(Components.facts(facts(s)))
              <table class="table table-bordered table-sm"><thead><tr>\(lineHeader.map { "<th>\($0)</th>" as HTML })</tr></thead><tbody>\(lineRows(s))</tbody></table>
              <div class="row mt-5">\(sigs)</div>
            </article>
            """
    }

    // MARK: - The warehouse page

    struct WarehouseModel {
        let warehouse: Warehouse
        let divisionNames: [String: String]
        let held: [StockBalance]
        let heldTotal: Int
        let recent: [StockMovement]
        let recentTotal: Int
        let warehouses: [String: String]
        let canManage: Bool
        let csrf: String
        let today: Day
    }

    static func warehouse(_ m: WarehouseModel) -> HTML {
        let w = m.warehouse
        let serves = w.serves.map { m.divisionNames[$0] ?? $0 }.joined(separator: "、")
        let facts: [(label: String, value: HTML, testID: String?)] = [
            ("类别", "\(w.kind.label)", nil), ("所在区划", "\(m.divisionNames[w.divisionCode] ?? w.divisionCode)", nil),
            ("地址", "\(w.address)", nil),
            ("负责人", "\(w.manager) <a href=\"tel:\(w.phone)\">\(w.phone)</a>" as HTML, nil),
            ("钥匙保管人", "\(w.keyHolder ?? "—") \(w.keyHolderPhone ?? "")", "key-holder"),
            ("面积", "\(w.areaSquareMetres.map { String(format: "%g 平方米", $0) } ?? "—")", nil), ("开放时间", "\(w.openingHours ?? "—")", nil),
            ("保障区域", "\(serves.isEmpty ? "—" : serves)", nil),
            (
                "位置", "\(w.latitude.map { String(format: "%.5f", $0) } ?? "—"), \(w.longitude.map { String(format: "%.5f", $0) } ?? "—")",
                nil
            ),
            ("状态", w.archivedAt == nil ? "在用" : Components.badge("已停用", tone: .neutral), nil),
        ]
        let actions: [HTML] =
            m.canManage && w.archivedAt == nil
            ? StockMovementKind.allCases.map {
                "<a class=\"btn btn-sm btn-outline-primary me-1 mb-1\" href=\"/stock/new?kind=\($0.rawValue)&amp;warehouseId=\(w.id.key)\" data-testid=\"slip-\($0.rawValue)\">\($0.label)</a>"
            } + [
                "<a class=\"btn btn-sm btn-outline-secondary me-1 mb-1\" href=\"/warehouses/\(w.id.key)/edit\">\(ResourcesText.editWarehouse)</a>",
                Components.form(
                    action: "/warehouses/\(w.id.key)/archive", csrf: m.csrf, testID: "warehouse-archive", classes: "d-inline",
                    confirm: ResourcesText.archiveConfirm,
                    content:
                        "<button class=\"btn btn-sm btn-outline-danger mb-1\">\(ResourcesText.archiveWarehouse)</button>"
                ),
            ] : []
        let minimumForm: HTML =
            m.canManage && !m.held.isEmpty
            ? Components.form(
                action: "/stock/minimum", csrf: m.csrf, testID: "minimum-form", classes: "row g-2 mt-1",
                content: """
                    <input type="hidden" name="warehouseId" value="\(w.id.key)">
                    <div class="col-md-4"><select class="form-select form-select-sm" name="itemId" aria-label="物资" required>\(m.held.map { "<option value=\"\($0.item.id.key)\">\($0.item.title)</option>" as HTML })</select></div>
                    <div class="col-md-2"><input class="form-control form-control-sm" name="minimum" type="number" min="0" placeholder="下限（空为取消）" aria-label="预警下限"></div>
                    <div class="col-auto"><button class="btn btn-sm btn-outline-secondary">\(ResourcesText.setMinimum)</button></div>
                    """) : .empty
        let more: HTML =
            m.recentTotal > m.recent.count
            ? "<a href=\"/stock/movements?warehouseId=\(w.id.key)\" data-testid=\"all-slips\">全部 \(m.recentTotal) 张单据</a>" : .empty
        return """
            \(subnav("/warehouses"))
            <h1 class="h4">\(w.name)</h1>
            \(actions.isEmpty ? HTML.empty : "<div class=\"mb-2\">\(actions)</div>")
            \(Components.facts(facts))
            <h2 class="h5 mt-3">库存（\(m.heldTotal) 种）</h2>
            \(m.held.isEmpty ? "<p class=\"text-muted\">\(ResourcesText.noStock)</p>" as HTML : Components.table(testID: "held", header: balanceHeader, rows: m.held.map { balanceRow($0, today: m.today) }, cards: true))
            \(minimumForm)
            <h2 class="h5 mt-3">最近单据</h2>
            \(m.recent.isEmpty ? "<p class=\"text-muted\">\(ResourcesText.noSlips)</p>" as HTML : Components.table(testID: "recent-slips", header: movementHeader, rows: m.recent.map { movementRow($0, warehouses: m.warehouses) }, cards: true))
            \(more)
            """
    }
}

extension String {
    /// A slip line's form field: "itemId" → "lines.itemId".
    fileprivate var prefixed: String { "lines." + self }
}
