import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The stock ledger as pages and API operations: balances, slips and their printed 出入库单, alerts and the reserve report.
/// A slip is parsed once into Core's `StockMovementOrder` and recorded by one store operation from either face.
struct StockController {
    let store: Store

    var today: Day { Day(store.environment.now()) }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/resources", .permission(.readBusinessData), use: overviewPage)
        pages.get("/stock", .permission(.readBusinessData), use: balancesPage)
        pages.get("/stock/export.xlsx", .permission(.readBusinessData), use: exportBalances)
        pages.get("/stock/expiring", .permission(.readBusinessData), use: expiringPage)
        pages.get("/stock/reserves", .permission(.readBusinessData), use: reservesPage)
        pages.get("/stock/reserves.xlsx", .permission(.readBusinessData), use: exportReserves)
        pages.get("/stock/movements", .permission(.readBusinessData), use: movementsPage)
        pages.get("/stock/movements/export.xlsx", .permission(.readBusinessData), use: exportMovements)
        pages.get("/stock/new", .permission(.manageResources), use: newSlipPage)
        pages.post("/stock/movements", .permission(.manageResources), use: recordFromPage)
        pages.get("/stock/movements/{id}", .permission(.readBusinessData), use: slipPage)
        pages.get("/stock/movements/{id}/print", .permission(.readBusinessData), use: printPage)
        pages.post("/stock/movements/{id}/confirm", .permission(.manageResources), use: confirmFromPage)
        pages.post("/stock/minimum", .permission(.manageResources), use: minimumFromPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(ResourceOperations.listBalances, balances)
        api.add(ResourceOperations.listExpiring, expiring)
        api.add(ResourceOperations.reserves, reserves)
        api.add(ResourceOperations.setMinimum, minimumFromAPI)
        api.add(ResourceOperations.listMovements, movements)
        api.add(ResourceOperations.getMovement, movement)
        api.add(ResourceOperations.recordMovement, recordFromAPI)
        api.add(ResourceOperations.confirmMovement, confirmFromAPI)
    }

    // MARK: - The operations behind both faces

    func record(_ input: some CommandInput, context: UserContext) async throws -> StockMovement {
        try await store.stock.record(try StockMovementOrder.parse(input, today: today), by: context.caller)
    }

    static let minimumField = InputField("minimum", label: "预警下限", context: "stock", codeStem: "threshold")

    func setMinimum(_ input: some CommandInput, context: UserContext) async throws -> UUID {
        typealias F = StockMovementOrder.Field
        guard let warehouse = try input.uuid(F.warehouse) else { throw F.warehouse.missing }
        guard let item = try input.uuid(F.item) else { throw F.item.missing }
        let minimum: Int?
        do { minimum = try input.integer(Self.minimumField) } catch { throw StockErrors.thresholdInvalid }
        try await store.stock.setMinimum(warehouse: warehouse, item: item, minimum: minimum, by: context.caller)
        return warehouse
    }

    static func balanceFilter(_ q: Query) throws -> StockRepository.BalanceFilter {
        let atLeast = try q.int("atLeast")
        if let atLeast, !(0...StockMovementOrder.maximumQuantity).contains(atLeast) {
            throw AnlanError.invalid("query.out_of_range", "参数 atLeast 须在 0 到 10000000 之间。", field: "atLeast")
        }
        return StockRepository.BalanceFilter(
            warehouseID: try q.uuid("warehouseId"), itemID: try q.uuid("itemId"), majorClass: try WarehouseController.majorClass(q),
            divisionCode: try q.divisionCode("divisionCode"), low: try q.bool("low"), atLeast: atLeast, query: try SupervisionAPI.search(q))
    }

    static func movementFilter(_ q: Query) throws -> StockRepository.MovementFilter {
        StockRepository.MovementFilter(
            warehouseID: try q.uuid("warehouseId"), kind: try q.enum("kind", StockMovementKind.self, label: "业务类型"),
            itemID: try q.uuid("itemId"),
            from: try q.day("from").flatMap(Day.init), to: try q.day("to").flatMap(Day.init),
            awaitingConfirmation: try q.bool("awaitingConfirmation"), query: try SupervisionAPI.search(q))
    }

    func names(_ context: UserContext) async throws -> [String: String] {
        Dictionary(
            try await store.divisions.names(within: .everything).map { ($0.code.rawValue, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: - Pages

    @Sendable func overviewPage(_ request: Request, context: UserContext) async throws -> Response {
        let caller = context.caller
        let one = try PageRequest(pageSize: 1)
        var directory: [(kind: ResourceKind, total: Int, callable: Int)] = []
        for kind in ResourceKind.allCases {
            directory.append(
                (
                    kind, try await store.directory.list(.init(kind: kind), page: one, by: caller).total,
                    try await store.directory.list(.init(kind: kind, callable: true), page: one, by: caller).total
                ))
        }
        let model = StockViews.Overview(
            warehouses: try await store.warehouses.list(.init(), page: one, by: caller).total,
            items: try await store.warehouses.items(page: one, by: caller).total,
            low: try await store.stock.balances(.init(low: true), page: one, by: caller).total,
            expiring: try await store.stock.expiring(page: one, by: caller).total,
            awaiting: try await store.stock.movements(.init(awaitingConfirmation: true), page: one, by: caller).total,
            directory: directory,
            catalog: try await store.warehouses.allItems(by: caller), canManage: context.user.role.can(.manageResources))
        return Layout.page(title: ResourcesText.resources, context: context, active: "/resources", body: StockViews.overview(model))
            .response()
    }

    @Sendable func balancesPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let filter = try Self.balanceFilter(q)
        let page = try await store.stock.balances(filter, page: try q.page(), by: context.caller)
        // The total of what the list shows: one item across the listed warehouses (all of them, or those holding at least N).
        var total: Int?
        if filter.itemID != nil { total = try await store.stock.sum(filter, by: context.caller) }
        let body = StockViews.balances(
            page.items, query: q.values, catalog: try await store.warehouses.allItems(by: context.caller),
            places: try await WarehouseController(store: store).places(context), total: total,
            exportQuery: Layout.queryString(q.values(except: ["page"])),
            pager: Layout.pager(page, base: "/stock", query: q.values(except: ["page"])),
            today: today)
        return Layout.page(title: ResourcesText.balances, context: context, active: "/resources", body: body).response()
    }

    @Sendable func exportBalances(_ request: Request, context: UserContext) async throws -> Response {
        let filter = try Self.balanceFilter(try Query(request))
        let caller = context.caller
        try await store.write(by: caller) { tx in
            try await tx.record(AuditEvent(action: "stock.export_balances", targetType: "stock_balance"))
        }
        let names = try await names(context)
        let writer = try XLSXWriter(header: ResourcesText.balanceColumns)
        var number = 1
        while true {
            let page = try await store.stock.balances(
                filter, page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
            for b in page.items {
                // Quantities are number cells, so a keeper can sum and sort them in Excel or WPS.
                try writer.append(cells: [
                    .text(b.warehouseName),
                    .text(names[StockRepository.township(try DivisionCode(b.divisionCode)).rawValue] ?? b.divisionCode),
                    .text(b.item.majorClass.label), .text(b.item.code ?? ""), .text(b.item.name), .text(b.item.specification),
                    .text(b.item.unit), .number(Double(b.quantity)), b.minimum.map { .number(Double($0)) } ?? .text(""),
                    .text(b.nextExpiry?.description ?? ""), .text(b.keyHolder), .text(b.keyHolderPhone),
                ])
            }
            if number >= page.pageCount { break }
            number += 1
        }
        return try Download.xlsx(writer, fileName: "\(ResourcesText.balances)-\(today).xlsx")
    }

    @Sendable func expiringPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await store.stock.expiring(page: try q.page(), by: context.caller)
        let body = StockViews.expiring(
            page.items, today: today, pager: Layout.pager(page, base: "/stock/expiring", query: q.values(except: ["page"])))
        return Layout.page(title: ResourcesText.expiring, context: context, active: "/resources", body: body).response()
    }

    func reserveTable(_ context: UserContext) async throws -> (
        columns: [(code: String, name: String)], rows: [(item: SupplyItem, byDivision: [String: Int], total: Int)]
    ) {
        let rows = try await store.stock.reserves(by: context.caller)
        let names = try await names(context)
        let codes = Set(rows.flatMap { $0.byDivision.keys }).sorted()
        return (codes.map { ($0, names[$0] ?? $0) }, rows)
    }

    @Sendable func reservesPage(_ request: Request, context: UserContext) async throws -> Response {
        let table = try await reserveTable(context)
        return Layout.page(
            title: ResourcesText.reserves, context: context, active: "/resources", body: StockViews.reserves(table.columns, table.rows)
        ).response()
    }

    @Sendable func exportReserves(_ request: Request, context: UserContext) async throws -> Response {
        let table = try await reserveTable(context)
        try await store.write(by: context.caller) { tx in
            try await tx.record(AuditEvent(action: "stock.export_reserves", targetType: "stock_balance"))
        }
        let writer = try XLSXWriter(header: ["物资大类", "物资名称", "规格型号", "单位"] + table.columns.map(\.name) + ["合计"])
        for row in table.rows {
            try writer.append(
                cells: [row.item.majorClass.label, row.item.name, row.item.specification, row.item.unit].map(XLSXWriter.Cell.text)
                    + table.columns.map { .number(Double(row.byDivision[$0.code] ?? 0)) } + [.number(Double(row.total))])
        }
        return try Download.xlsx(writer, fileName: "\(ResourcesText.reserves)-\(today).xlsx")
    }

    @Sendable func movementsPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await store.stock.movements(try Self.movementFilter(q), page: try q.page(), by: context.caller)
        let warehouses = try await store.warehouses.names(
            of: page.items.flatMap { [$0.warehouseID] + ($0.toWarehouseID.map { [$0] } ?? []) })
        let body = StockViews.movements(
            page.items, warehouses: warehouses, query: q.values, exportQuery: Layout.queryString(q.values(except: ["page"])),
            pager: Layout.pager(page, base: "/stock/movements", query: q.values(except: ["page"])))
        return Layout.page(title: ResourcesText.movements, context: context, active: "/resources", body: body).response()
    }

    @Sendable func exportMovements(_ request: Request, context: UserContext) async throws -> Response {
        let filter = try Self.movementFilter(try Query(request))
        let caller = context.caller
        try await store.write(by: caller) { tx in
            try await tx.record(AuditEvent(action: "stock.export_movements", targetType: "stock_movement"))
        }
        let writer = try XLSXWriter(header: ResourcesText.movementColumns)
        var number = 1
        while true {
            let page = try await store.stock.movements(
                filter, page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
            let warehouses = try await store.warehouses.names(of: page.items.flatMap { m in m.lines.map(\.warehouseID) })
            let people = try await store.accounts.displayNames(of: page.items.map(\.recordedBy))
            for m in page.items {
                for line in m.lines {
                    let before: [String] = [
                        m.number, m.kind.label, m.occurredOn.description, warehouses[line.warehouseID.key] ?? "", line.itemTitle, line.unit,
                        line.batchNo, line.expiresOn?.description ?? "",
                    ]
                    let after: [String] = [
                        StockViews.counterpart(m), m.receiver ?? "", m.reason ?? "", people[m.recordedBy] ?? m.recordedBy,
                        // Who signed the paper and when; a receipt entered before that was recorded shows when it was entered.
                        m.signedBy ?? (m.confirmedAt != nil ? (people[m.confirmedBy ?? ""] ?? m.confirmedBy ?? "") : ""),
                        m.signedOn?.description ?? m.confirmedAt.map { Timestamp.day($0) } ?? "",
                    ]
                    try writer.append(
                        cells: before.map(XLSXWriter.Cell.text) + [.number(Double(line.delta))] + after.map(XLSXWriter.Cell.text))
                }
            }
            if number >= page.pageCount { break }
            number += 1
        }
        return try Download.xlsx(writer, fileName: "\(ResourcesText.movements)-\(today).xlsx")
    }

    @Sendable func newSlipPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        var values: [String: [String]] = [:]
        for (k, v) in q.values { values[k] = [v] }
        return try await slipForm(values: values, refusal: nil, context: context).response()
    }

    func slipForm(values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let caller = context.caller
        let kind = values["kind"]?.first.flatMap(StockMovementKind.init) ?? .receipt
        let warehouseID = values["warehouseId"]?.first.flatMap(UUID.init(key:))
        var warehouse: Warehouse?
        var held: [StockBalance] = []
        if let warehouseID {
            warehouse = try? await store.warehouses.get(warehouseID, by: caller)
            if warehouse != nil {
                held = try await store.stock.balances(.init(warehouseID: warehouseID), page: try PageRequest(pageSize: 200), by: caller)
                    .items
            }
        }
        let model = StockViews.SlipForm(
            kind: kind, warehouse: warehouse,
            warehouses: try await store.warehouses.list(.init(), page: try PageRequest(pageSize: 200), by: caller).items,
            destinations: try await store.warehouses.destinations(by: caller).filter { $0.id != warehouseID },
            catalog: try await store.warehouses.allItems(by: caller), held: held, values: values, refusal: refusal, today: today,
            csrf: context.csrfToken ?? "")
        return Layout.page(title: ResourcesText.newSlip, context: context, active: "/resources", body: StockViews.slipForm(model))
    }

    @Sendable func recordFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let m = try await record(form, context: context)
            return Response.redirect(to: "/stock/movements/\(m.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await slipForm(values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    func slipModel(_ id: UUID, context: UserContext) async throws -> StockViews.Slip {
        let m = try await store.stock.movement(id, by: context.caller)
        let warehouses = try await store.warehouses.names(of: [m.warehouseID] + (m.toWarehouseID.map { [$0] } ?? []))
        let people = try await store.accounts.displayNames(of: [m.recordedBy] + (m.confirmedBy.map { [$0] } ?? []))
        return StockViews.Slip(
            movement: m, warehouses: warehouses, people: people,
            canConfirm: m.awaitsConfirmation && context.user.role.can(.manageResources),
            csrf: context.csrfToken ?? "", today: today)
    }

    @Sendable func slipPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.movementNotFound)
        let model = try await slipModel(id, context: context)
        let notice: HTML =
            request.uri.queryParameters["confirmed"] != nil
            ? Layout.alert(ResourcesText.confirmedNotice, kind: "success")
            : request.uri.queryParameters["saved"] != nil ? Layout.alert(ResourcesText.slipSaved, kind: "success") : .empty
        return Layout.page(
            title: model.movement.number, context: context, active: "/resources", notice: notice, body: StockViews.slip(model)
        )
        .response()
    }

    @Sendable func printPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.movementNotFound)
        let model = try await slipModel(id, context: context)
        return Layout.page(
            title: model.movement.number, context: context, active: "/resources", body: StockViews.printable(model),
            scripts: "<script src=\"/static/js/print.js\"></script>"
        ).response()
    }

    @Sendable func confirmFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.movementNotFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await store.stock.confirm(id, input: form, by: context.caller)
            return Response.redirect(to: "/stock/movements/\(id.key)?confirmed=1", type: .found)
        } catch let error as AnlanError where error.kind == .conflict || error.kind == .unprocessable {
            let model = try await slipModel(id, context: context)
            return Layout.page(
                title: model.movement.number, context: context, active: "/resources", notice: Components.refusal(error),
                body: StockViews.slip(model)
            ).response(status: Failure(error).status)
        }
    }

    @Sendable func minimumFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let warehouse = try await setMinimum(form, context: context)
            return Response.redirect(to: "/warehouses/\(warehouse.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind == .unprocessable {
            guard let id = form.optional("warehouseId").flatMap(UUID.init(key:)) else { throw error }
            return try await warehouse(id, refusal: error, saved: false, context: context).response(status: Failure(error).status)
        }
    }

    /// The warehouse page: its facts, what it holds (with thresholds), its recent slips and what may be done there.
    func warehouse(_ id: UUID, refusal: AnlanError?, saved: Bool, context: UserContext) async throws -> HTML {
        let caller = context.caller
        let w = try await store.warehouses.get(id, by: caller)
        let held = try await store.stock.balances(.init(warehouseID: id), page: try PageRequest(pageSize: 200), by: caller)
        let recent = try await store.stock.movements(.init(warehouseID: id), page: try PageRequest(pageSize: 10), by: caller)
        let names = try await names(context)
        let warehouses = try await store.warehouses.names(
            of: recent.items.flatMap { [$0.warehouseID] + ($0.toWarehouseID.map { [$0] } ?? []) })
        let model = StockViews.WarehouseModel(
            warehouse: w, divisionNames: names, held: held.items, heldTotal: held.total, recent: recent.items, recentTotal: recent.total,
            warehouses: warehouses, canManage: context.user.role.can(.manageResources), csrf: context.csrfToken ?? "", today: today)
        let notice: HTML = refusal.map(Components.refusal) ?? (saved ? Layout.alert(UIText.saved, kind: "success") : .empty)
        return Layout.page(title: w.name, context: context, active: "/resources", notice: notice, body: StockViews.warehouse(model))
    }

}
