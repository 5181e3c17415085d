import AnlanCore
import AnlanStore
import Foundation

/// The incident's 附近资源 page.
enum NearbyViews {
    static func distance(_ km: Double) -> String { km < 1 ? "\(Int((km * 1000).rounded())) 米" : String(format: "%.1f 公里", km) }

    static func page(
        _ incident: Incident, sections: [(kind: ResourceKind, items: [ResourceDirectory.Nearby])], stock: [WarehouseRepository.NearbyStock],
        items: [SupplyItem], query: [String: String]
    ) -> HTML {
        let header = ["名称", "类别", "状态", "联系人", "直线距离"]
        guard incident.location != nil else {
            return """
                \(DutyViews.subnav("/incidents"))
                <h1 class="h4">附近资源 · \(incident.title)</h1>
                <p class="text-muted" data-testid="nearby-no-location">该事件未标注经纬度，无法按距离查找资源；请在事件中补记位置后再查。</p>
                <a href="/incidents/\(incident.id.key)">返回事件</a>
                """
        }
        let blocks: [HTML] = sections.map { section in
            let rows: [HTML] = section.items.map { n in
                let r = n.resource
                return """
                    <tr><td data-label="\(header[0])"><a href="/directory/\(r.id.key)">\(r.name)</a></td><td data-label="\(header[1])">\(r.kind.categoryLabel(r.category))</td>\
                    <td data-label="\(header[2])">\(r.kind.stateLabel(r.state))\(r.kind == .shelter ? " \(r.occupancy ?? 0)/\(r.capacity.map(String.init) ?? "—") 人" : "")</td>\
                    <td data-label="\(header[3])">\(r.contact) <a href="tel:\(r.phone)">\(r.phone)</a></td><td data-label="\(header[4])" class="text-end">\(distance(n.distanceKm))</td></tr>
                    """
            }
            let category: HTML =
                query["kind"] == section.kind.rawValue
                ? .empty
                : "<a class=\"small\" href=\"/incidents/\(incident.id.key)/nearby?kind=\(section.kind.rawValue)\">按类别查找更多</a>"
            return """
                <h2 class="h5 mt-3">\(section.kind.label) <span class="small text-muted">最近 \(section.items.count) 个可调用的</span> \(category)</h2>
                \(rows.isEmpty
                    ? HTML("<p class=\"text-muted small\" data-testid=\"nearby-\(section.kind.rawValue)-none\">辖区内没有登记位置的、当前可调用的\(section.kind.label)。</p>")
                    : Components.table(testID: "nearby-\(section.kind.rawValue)", header: header, rows: rows, cards: true))
                """
        }
        let kindFilter: HTML =
            if let kind = query["kind"].flatMap(ResourceKind.init(rawValue:)) {
                Components.filterBar(
                    action: "/incidents/\(incident.id.key)/nearby", testID: "nearby-filters",
                    filters: [
                        .hidden(name: "kind", value: kind.rawValue),
                        .choice(
                            name: "category", label: "类别", options: kind.categories.map { ($0.code, $0.label) }, selected: query["category"]
                        ),
                        .choice(name: "all", label: "范围", options: [("true", "含不可调用的")], selected: query["all"]),
                    ], searchLabel: UIText.search)
            } else { .empty }
        let stockRows: [HTML] = stock.map { s in
            """
            <tr><td data-label="仓库"><a href="/warehouses/\(s.warehouse.id.key)">\(s.warehouse.name)</a></td><td data-label="可调运" class="text-end">\(s.quantity)</td>\
            <td data-label="保管员">\(s.warehouse.manager) <a href="tel:\(s.warehouse.phone)">\(s.warehouse.phone)</a></td><td data-label="直线距离" class="text-end">\(distance(s.distanceKm))</td>\
            <td>\(incident.state.isOpen ? HTML("<a class=\"btn btn-sm btn-outline-danger\" href=\"/incidents/\(incident.id.key)?warehouseId=\(s.warehouse.id.key)&amp;itemId=\(query["itemId"] ?? "")#dispatch-supplies\">从此仓库调运</a>") : .empty)</td></tr>
            """
        }
        let itemOptions = items.map { ($0.id.key, "\($0.name)（\($0.specification)，\($0.unit)）") }
        return """
            \(DutyViews.subnav("/incidents"))
            <h1 class="h4">附近资源 · <a href="/incidents/\(incident.id.key)">\(incident.title)</a></h1>
            <p class="small text-muted">自事件位置起的直线距离（未接入路网时以直线距离为准）；只列当前可调用的：队伍、专家待命，装备完好，避难场所开放且有空位。</p>
            \(kindFilter)
            \(blocks)
            <h2 class="h5 mt-3">物资储备</h2>
            \(Components.filterBar(action: "/incidents/\(incident.id.key)/nearby", testID: "nearby-stock", filters: [
                .choice(name: "itemId", label: "物资", options: itemOptions, selected: query["itemId"]),
                .text(name: "atLeast", placeholder: "至少数量", value: query["atLeast"]),
            ], searchLabel: "查找仓库"))
            \(query["itemId"] == nil ? HTML.empty : stockRows.isEmpty
                ? HTML("<p class=\"text-muted small\" data-testid=\"nearby-warehouses-none\">辖区内没有可调运数量（库存减去调度预留）达到该数量的仓库。</p>")
                : Components.table(testID: "nearby-warehouses", header: ["仓库", "可调运", "保管员", "直线距离", ""], rows: stockRows, cards: true))
            """
    }
}
