import AnlanCore
import AnlanStore
import Foundation

/// The stock pages, rendered from models the controller built; no queries, no decisions.
enum StockViews {
    /// The module's tabs.
    static func subnav(_ active: String) -> HTML {
        let tabs =
            [("/resources", "概览"), ("/resources/map", ResourcesText.resourceMap)]
            + ResourceKind.allCases.map { ("/directory?kind=\($0.rawValue)", $0.label) }
            + [
                ("/warehouses", "仓库"), ("/stock", ResourcesText.balances), ("/stock/movements", ResourcesText.movements),
                ("/stock/expiring", ResourcesText.expiring), ("/stock/reserves", ResourcesText.reserves),
                ("/supplies", ResourcesText.catalog),
            ]
        return Components.tabs(tabs, active: active, testID: "resources-nav")
    }

    static func number(_ n: Int) -> String { n.formatted(.number.grouping(.automatic).locale(Locale(identifier: "zh_CN"))) }

    // MARK: - Overview

    struct Overview {
        let warehouses, items, low, expiring, awaiting: Int
        /// Each kind of team, expert, equipment and shelter with how many are listed and how many can be called now.
        let directory: [(kind: ResourceKind, total: Int, callable: Int)]
        let catalog: [SupplyItem]
        let canManage: Bool
    }

    static func overview(_ m: Overview) -> HTML {
        func card(_ label: String, _ n: Int, _ href: String, _ id: String, tone: String = "") -> HTML {
            """
            <div class="col-6 col-md"><a class="card text-decoration-none h-100\(HTML(unsafe: tone))" href="\(href)" data-testid="\(id)"><div class="card-body">
            <div class="small text-muted">\(label)</div><div class="fs-3 fw-bold">\(number(n))</div></div></a></div>
            """
        }
        let options: [HTML] = m.catalog.map { "<option value=\"\($0.id.key)\">\($0.title)（\($0.unit)）</option>" }
        let actions: [HTML] =
            m.canManage
            ? StockMovementKind.allCases.map {
                "<a class=\"btn btn-sm btn-outline-primary me-1 mb-1\" href=\"/stock/new?kind=\($0.rawValue)\">\($0.label)</a>"
            } : []
        return """
            \(subnav("/resources"))
            <h1 class="h4">\(ResourcesText.resources)</h1>
            <div class="row g-2 mb-3">
              \(card("仓库", m.warehouses, "/warehouses", "count-warehouses"))
              \(card("物资品种", m.items, "/supplies", "count-items"))
              \(card(ResourcesText.lowStock, m.low, "/stock?low=true", "count-low", tone: m.low > 0 ? " border-warning" : ""))
              \(card(ResourcesText.expiring, m.expiring, "/stock/expiring", "count-expiring", tone: m.expiring > 0 ? " border-danger" : ""))
              \(card(ResourcesText.awaiting, m.awaiting, "/stock/movements?awaitingConfirmation=true", "count-awaiting"))
            </div>
            <div class="row g-2 mb-3">
              \(m.directory.map { d in card(d.kind.label, d.total, "/directory?kind=\(d.kind.rawValue)", "count-\(d.kind.rawValue)") })
            </div>
            <p class="small" data-testid="callable-now">现在可调用：\(HTML(unsafe: m.directory.map { d in "<a href=\"/directory?kind=\(d.kind.rawValue)&amp;callable=true\">\(HTML.escape(d.kind.label)) \(d.callable)</a>" }.joined(separator: " · ")))</p>
            <form method="get" action="/stock" class="row g-2 mb-3 bg-white p-2 border rounded" data-testid="find-supply">
              <div class="col-12 fw-bold">\(ResourcesText.findSupply)</div>
              <div class="col-md-5"><select class="form-select" name="itemId" aria-label="物资" required><option value="">选择物资</option>\(options)</select></div>
              <div class="col-6 col-md-2"><input class="form-control" name="atLeast" type="number" min="0" placeholder="\(ResourcesText.atLeast)" aria-label="\(ResourcesText.atLeast)"></div>
              <div class="col-auto"><button class="btn btn-primary">\(UIText.search)</button></div>
            </form>
            \(actions.isEmpty ? HTML.empty : "<div class=\"mb-3\" data-testid=\"slip-actions\">\(actions)</div>")
            """
    }

    // MARK: - Balances

    static let balanceHeader = ["物资", "仓库", "库存", "预警下限", "最近有效期", "钥匙保管人"]

    static func balanceRow(_ b: StockBalance, today: Day, showWarehouse: Bool = true) -> HTML {
        var badges: [HTML] = []
        if b.isLow { badges.append(Components.badge(ResourcesText.lowStock, tone: .warning, testID: "low")) }
        if let expiry = b.nextExpiry, expiry < today { badges.append(Components.badge(ResourcesText.expired, tone: .danger)) }
        return """
            <tr><td data-label="\(balanceHeader[0])"><a href="/stock/movements?itemId=\(b.item.id.key)">\(b.item.title)</a></td>\
            \(showWarehouse ? "<td data-label=\"\(balanceHeader[1])\"><a href=\"/warehouses/\(b.warehouseID.key)\">\(b.warehouseName)</a></td>" as HTML : .empty)\
            <td data-label="\(balanceHeader[2])" class="text-end fw-bold">\(number(b.quantity)) \(b.item.unit) \(badges)\(b.reserved > 0 ? "<div class=\"small fw-normal text-muted\" data-testid=\"reserved\">其中调度预留 \(number(b.reserved)) \(b.item.unit)</div>" as HTML : .empty)</td>\
            <td data-label="\(balanceHeader[3])" class="text-end">\(b.minimum.map(number) ?? "—")</td><td data-label="\(balanceHeader[4])">\(b.nextExpiry?.description ?? "—")</td>\
            <td data-label="\(balanceHeader[5])">\(b.keyHolder) <a href="tel:\(b.keyHolderPhone)">\(b.keyHolderPhone)</a></td></tr>
            """
    }

    static func balances(
        _ items: [StockBalance], query: [String: String], catalog: [SupplyItem], places: [(code: String, name: String)], total: Int?,
        exportQuery: String, pager: HTML, today: Day
    ) -> HTML {
        let filters: [Components.Filter] = [
            .text(name: "q", placeholder: "物资或仓库名称", value: query["q"]),
            .choice(name: "itemId", label: "物资", options: catalog.map { ($0.id.key, $0.title) }, selected: query["itemId"]),
            .choice(
                name: "majorClass", label: "物资大类", options: SupplyMajorClass.allCases.map { (String($0.rawValue), $0.label) },
                selected: query["majorClass"]),
            .choice(
                name: "divisionCode", label: UIText.townships, options: places.map { ($0.code, $0.name) }, selected: query["divisionCode"]),
            .choice(name: "low", label: ResourcesText.lowStock, options: [("true", UIText.yes)], selected: query["low"]),
            .text(name: "atLeast", placeholder: "库存至少", value: query["atLeast"]),
        ]
        let export: HTML = """
            <div class="col-auto"><a class="btn btn-sm btn-outline-secondary" href="/stock/export.xlsx?\(exportQuery)" data-testid="balance-export">\(UIText.exportXLSX)</a></div>
            """
        let sum: HTML =
            total.map { t in
                let unit = catalog.first { $0.id.key == query["itemId"] }?.unit ?? ""
                let scope = query["atLeast"].flatMap { $0.isEmpty ? nil : "（库存不少于 \($0) 的 " } ?? "（"
                return
                    "<p class=\"fs-5\" data-testid=\"item-total\">\(ResourcesText.total)\(scope)所列仓库）：<strong>\(number(t))</strong> \(unit)</p>"
            } ?? .empty
        return """
            \(subnav("/stock"))
            <h1 class="h4">\(ResourcesText.balances)</h1>
            \(Components.filterBar(action: "/stock", testID: "balance-filters", filters: filters, searchLabel: UIText.search, trailing: export))
            \(sum)
            \(items.isEmpty ? "<p class=\"text-muted\">\(ResourcesText.noStock)</p>" as HTML : Components.table(testID: "balances", header: balanceHeader, rows: items.map { balanceRow($0, today: today) }, cards: true))
            \(pager)
            """
    }

    static func expiring(_ items: [StockRepository.ExpiringBatch], today: Day, pager: HTML) -> HTML {
        let header = ["物资", "仓库", "批次", "有效期至", "在库数量"]
        let rows: [HTML] = items.map { b in
            let badge =
                b.expiresOn < today
                ? Components.badge(ResourcesText.expired, tone: .danger) : Components.badge(ResourcesText.expiringSoon, tone: .warning)
            return """
                <tr><td data-label="\(header[0])">\(b.item.title)</td><td data-label="\(header[1])"><a href="/warehouses/\(b.warehouseID.key)">\(b.warehouseName)</a></td>\
                <td data-label="\(header[2])">\(b.batchNo.isEmpty ? "—" : b.batchNo)</td><td data-label="\(header[3])">\(b.expiresOn) \(badge)</td>\
                <td data-label="\(header[4])" class="text-end">\(number(b.quantity)) \(b.item.unit)</td></tr>
                """
        }
        return """
            \(subnav("/stock/expiring"))
            <h1 class="h4">\(ResourcesText.expiring)</h1>
            <p class="small text-muted">列出已过期和 \(StockAlerts.expiryWarningDays) 日内到期、仍在库的批次。过期批次出库须勾选确认并记入审计，或办理报废。</p>
            \(Components.table(testID: "expiring", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func reserves(_ columns: [(code: String, name: String)], _ rows: [(item: SupplyItem, byDivision: [String: Int], total: Int)])
        -> HTML
    {
        let header = ["物资"] + columns.map(\.name) + [ResourcesText.total]
        let body: [HTML] = rows.map { row in
            let cells: [HTML] = columns.map { c in
                let n = row.byDivision[c.code] ?? 0
                return "<td class=\"text-end\" data-label=\"\(c.name)\">\(n == 0 ? "—" : number(n))</td>"
            }
            return """
                <tr><td data-label="物资"><a href="/stock?itemId=\(row.item.id.key)">\(row.item.title)</a>（\(row.item.unit)）</td>\(cells)<td class="text-end fw-bold" data-label="\(ResourcesText.total)">\(number(row.total))</td></tr>
                """
        }
        return """
            \(subnav("/stock/reserves"))
            <h1 class="h4">\(ResourcesText.reserves)</h1>
            <p><a class="btn btn-sm btn-outline-secondary" href="/stock/reserves.xlsx" data-testid="reserves-export">\(UIText.exportXLSX)</a></p>
            \(Components.table(testID: "reserves", header: header, rows: body, cards: true))
            """
    }

    // MARK: - Slips

    /// The other side of a slip, as the list and the export show it.
    static func counterpart(_ m: StockMovement) -> String {
        switch m.kind {
        case .receipt: [m.source?.label, m.party].compactMap { $0 }.joined(separator: "·")
        case .issue: [m.recipientKind?.label, m.party].compactMap { $0 }.joined(separator: "·")
        case .return: m.party ?? ""
        case .transfer, .scrap, .stocktake: ""
        }
    }

    static func quantityText(_ m: StockMovement) -> String {
        m.lines.filter { m.kind != .transfer || $0.delta < 0 }.map { line in
            if m.kind == .stocktake, let book = line.book, let counted = line.counted {
                return "\(line.itemTitle) 账面 \(book) 实盘 \(counted)\(line.unit)"
            }
            return "\(line.itemTitle) \(abs(line.delta))\(line.unit)"
        }.joined(separator: "；")
    }

    static let movementHeader = ["单号", "类型", "日期", "仓库", "物资", "对方", "状态"]

    static func movementRow(_ m: StockMovement, warehouses: [String: String]) -> HTML {
        let place = [m.warehouseID.key, m.toWarehouseID?.key].compactMap { $0 }.map { warehouses[$0] ?? "" }.joined(separator: " → ")
        let state: HTML =
            m.awaitsConfirmation
            ? Components.badge(ResourcesText.awaiting, tone: .warning)
            : m.confirmedAt != nil ? Components.badge(ResourcesText.confirmed, tone: .success) : .empty
        return """
            <tr><td data-label="\(movementHeader[0])"><a href="/stock/movements/\(m.id.key)">\(m.number)</a></td><td data-label="\(movementHeader[1])">\(m.kind.label)</td>\
            <td data-label="\(movementHeader[2])">\(m.occurredOn)</td><td data-label="\(movementHeader[3])">\(place)</td><td data-label="\(movementHeader[4])">\(quantityText(m))</td>\
            <td data-label="\(movementHeader[5])">\(counterpart(m))</td><td data-label="\(movementHeader[6])">\(state)\(m.expiredConfirmed ? Components.badge("含过期批次", tone: .danger) : .empty)</td></tr>
            """
    }

    static func movements(_ items: [StockMovement], warehouses: [String: String], query: [String: String], exportQuery: String, pager: HTML)
        -> HTML
    {
        let filters: [Components.Filter] = [
            .text(name: "q", placeholder: "单号、对方、领用人、原因", value: query["q"]),
            .choice(
                name: "kind", label: "业务类型", options: StockMovementKind.allCases.map { ($0.rawValue, $0.label) }, selected: query["kind"]),
            .text(name: "from", placeholder: "日期起 2026-01-01", value: query["from"]),
            .text(name: "to", placeholder: "日期止", value: query["to"]),
            .choice(
                name: "awaitingConfirmation", label: ResourcesText.awaiting, options: [("true", UIText.yes)],
                selected: query["awaitingConfirmation"]),
            .hidden(name: "warehouseId", value: query["warehouseId"]), .hidden(name: "itemId", value: query["itemId"]),
        ]
        let export: HTML = """
            <div class="col-auto"><a class="btn btn-sm btn-outline-secondary" href="/stock/movements/export.xlsx?\(exportQuery)" data-testid="movement-export">\(UIText.exportXLSX)</a></div>
            """
        return """
            \(subnav("/stock/movements"))
            <h1 class="h4">\(ResourcesText.movements)</h1>
            \(Components.filterBar(action: "/stock/movements", testID: "movement-filters", filters: filters, searchLabel: UIText.search, trailing: export))
            \(items.isEmpty ? "<p class=\"text-muted\">\(ResourcesText.noSlips)</p>" as HTML : Components.table(testID: "movements", header: movementHeader, rows: items.map { movementRow($0, warehouses: warehouses) }, cards: true))
            \(pager)
            """
    }
}
