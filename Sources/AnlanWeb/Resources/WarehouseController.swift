import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Warehouses and the supply catalog, as pages and as API operations. A warehouse is parsed once into Core's
/// `WarehouseDraft` and written by one store operation from either face.
struct WarehouseController {
    let store: Store

    func registerPages(_ pages: PageRoutes) {
        pages.get("/warehouses", .permission(.readBusinessData), use: listPage)
        pages.get("/warehouses/new", .permission(.manageResources), use: newPage)
        pages.post("/warehouses", .permission(.manageResources), use: createFromPage)
        pages.get("/warehouses/{id}", .permission(.readBusinessData), use: warehousePage)
        pages.get("/warehouses/{id}/edit", .permission(.manageResources), use: editPage)
        pages.post("/warehouses/{id}", .permission(.manageResources), use: updateFromPage)
        pages.post("/warehouses/{id}/archive", .permission(.manageResources), use: archiveFromPage)
        pages.get("/supplies", .permission(.readBusinessData), use: catalogPage)
        pages.post("/supplies", .permission(.manageResources), use: createSupplyFromPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(ResourceOperations.listWarehouses, list)
        api.add(ResourceOperations.getWarehouse, get)
        api.add(ResourceOperations.createWarehouse, createFromAPI)
        api.add(ResourceOperations.updateWarehouse, updateFromAPI)
        api.add(ResourceOperations.archiveWarehouse, archiveFromAPI)
        api.add(ResourceOperations.listSupplies, listSupplies)
        api.add(ResourceOperations.createSupply, createSupplyFromAPI)
    }

    // MARK: - The operations behind both faces

    func create(_ input: some CommandInput, context: UserContext) async throws -> Warehouse {
        try await store.warehouses.create(try WarehouseDraft.parse(input), by: context.caller)
    }

    func update(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> Warehouse {
        try await store.warehouses.update(id, try WarehouseDraft.parse(input), by: context.caller)
    }

    func createSupply(_ input: some CommandInput, context: UserContext) async throws -> SupplyItem {
        try await store.warehouses.createItem(try SupplyItemDraft.parse(input), by: context.caller)
    }

    static func filter(_ q: Query) throws -> WarehouseRepository.Filter {
        WarehouseRepository.Filter(
            kind: try q.enum("kind", WarehouseKind.self, label: "仓库类别"), divisionCode: try q.divisionCode("divisionCode"),
            query: try SupervisionAPI.search(q))
    }

    /// The catalog's major class filter, 1–3.
    static func majorClass(_ q: Query) throws -> SupplyMajorClass? {
        try q.int("majorClass").map { n in
            guard let c = SupplyMajorClass(rawValue: n) else {
                throw AnlanError.invalid("query.unknown_value", "参数 majorClass 不是有效的物资大类。", field: "majorClass")
            }
            return c
        }
    }

    // MARK: - Pages

    func places(_ context: UserContext) async throws -> [(code: String, name: String)] {
        try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level != .village }
            .map { ($0.code.rawValue, $0.name) }
    }

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await store.warehouses.list(try Self.filter(q), page: try q.page(), by: context.caller)
        let places = try await places(context)
        let names = Dictionary(places.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let body = WarehouseViews.list(
            page.items, query: q.values, places: places, names: names,
            canManage: context.user.role.can(.manageResources),
            pager: Layout.pager(page, base: "/warehouses", query: q.values(except: ["page"])))
        return Layout.page(title: ResourcesText.warehouses, context: context, active: "/resources", body: body).response()
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        try await formPage(nil, values: [:], refusal: nil, context: context).response()
    }

    @Sendable func editPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.warehouseNotFound)
        let w = try await store.warehouses.get(id, by: context.caller)
        return try await formPage(w, values: WarehouseViews.values(w), refusal: nil, context: context).response()
    }

    func formPage(_ warehouse: Warehouse?, values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let body = WarehouseViews.form(
            warehouse, values: values, places: try await places(context), csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: ResourcesText.warehouses, context: context, active: "/resources", body: body)
    }

    @Sendable func createFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let w = try await create(form, context: context)
            return Response.redirect(to: "/warehouses/\(w.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await formPage(nil, values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func updateFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.warehouseNotFound)
        let existing = try await store.warehouses.get(id, by: context.caller)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await update(id, form, context: context)
            return Response.redirect(to: "/warehouses/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden && error.kind != .notFound {
            return try await formPage(existing, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func archiveFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.warehouseNotFound)
        _ = try await FormData.read(request, context: context)
        do {
            _ = try await store.warehouses.archive(id, by: context.caller)
            return Response.redirect(to: "/warehouses/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind == .conflict {
            return try await StockController(store: store).warehouse(id, refusal: error, saved: false, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func warehousePage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.warehouseNotFound)
        return try await StockController(store: store).warehouse(
            id, refusal: nil, saved: request.uri.queryParameters["saved"] != nil, context: context
        ).response()
    }

    @Sendable func catalogPage(_ request: Request, context: UserContext) async throws -> Response {
        try await catalog(request, values: [:], refusal: nil, context: context).response()
    }

    func catalog(_ request: Request, values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let q = try Query(request)
        let major = try Self.majorClass(q)
        let page = try await store.warehouses.items(
            majorClass: major, query: try SupervisionAPI.search(q), page: try q.page(), by: context.caller)
        let body = WarehouseViews.catalog(
            page.items, query: q.values, canManage: context.user.role.can(.manageResources), csrf: context.csrfToken ?? "", values: values,
            refusal: refusal, pager: Layout.pager(page, base: "/supplies", query: q.values(except: ["page"])))
        let notice: HTML =
            request.uri.queryParameters["saved"] != nil && refusal == nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return Layout.page(title: ResourcesText.catalog, context: context, active: "/resources", notice: notice, body: body)
    }

    @Sendable func createSupplyFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await createSupply(form, context: context)
            return Response.redirect(to: "/supplies?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await catalog(request, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await store.warehouses.list(try Self.filter(q), page: try q.page(), by: context.caller), WarehouseDTO.init))
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.warehouseNotFound)
        return try JSONResponse.make(WarehouseDTO(try await store.warehouses.get(id, by: context.caller)))
    }

    @Sendable func createFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(WarehouseDTO(try await create(input, context: context)), status: .created)
    }

    @Sendable func updateFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.warehouseNotFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(WarehouseDTO(try await update(id, input, context: context)))
    }

    @Sendable func archiveFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.warehouseNotFound)
        return try JSONResponse.make(WarehouseDTO(try await store.warehouses.archive(id, by: context.caller)))
    }

    @Sendable func listSupplies(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let major = try Self.majorClass(q)
        let page = try await store.warehouses.items(
            majorClass: major, query: try SupervisionAPI.search(q), page: try q.page(), by: context.caller)
        return try JSONResponse.make(PageDTO(page, SupplyItemDTO.init))
    }

    @Sendable func createSupplyFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(SupplyItemDTO(try await createSupply(input, context: context)), status: .created)
    }
}
