import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Teams, experts, equipment and shelters as pages and API operations, and the resource map. Each write is parsed once
/// into Core's `EmergencyResourceDraft` (or `TeamTraining`) and carried out by one store operation from either face.
struct DirectoryController {
    let store: Store

    var today: Day { Day(store.environment.now()) }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/directory", .permission(.readBusinessData), use: listPage)
        pages.get("/directory/new", .permission(.manageResources), use: newPage)
        pages.post("/directory", .permission(.manageResources), use: createFromPage)
        pages.get("/directory/{id}", .permission(.readBusinessData), use: resourcePage)
        pages.get("/directory/{id}/edit", .permission(.manageResources), use: editPage)
        pages.post("/directory/{id}", .permission(.manageResources), use: updateFromPage)
        pages.post("/directory/{id}/state", .permission(.manageResources), use: stateFromPage)
        pages.post("/directory/{id}/trainings", .permission(.manageResources), use: trainingFromPage)
        pages.post("/directory/{id}/archive", .permission(.manageResources), use: archiveFromPage)
        pages.get("/directory/import", .permission(.manageResources), use: importPage)
        pages.get("/directory/template.xlsx", .permission(.readBusinessData), use: template)
        pages.get("/resources/map", .permission(.readBusinessData), use: mapPage)
        pages.get("/resources/map.geojson", .permission(.readBusinessData), use: mapData)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(DirectoryOperations.list, list)
        api.add(DirectoryOperations.get, get)
        api.add(DirectoryOperations.create, createFromAPI)
        api.add(DirectoryOperations.update, updateFromAPI)
        api.add(DirectoryOperations.setState, stateFromAPI)
        api.add(DirectoryOperations.archive, archiveFromAPI)
        api.add(DirectoryOperations.addTraining, trainingFromAPI)
        api.add(DirectoryOperations.importFile, importFromAPI)
    }

    // MARK: - The operations behind both faces

    func create(_ input: some CommandInput, context: UserContext) async throws -> EmergencyResource {
        try await store.directory.create(try EmergencyResourceDraft.parse(input), by: context.caller)
    }

    func update(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> EmergencyResource {
        try await store.directory.update(id, try EmergencyResourceDraft.parse(input), by: context.caller)
    }

    func setState(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> EmergencyResource {
        typealias F = EmergencyResourceDraft.Field
        return try await store.directory.setState(
            id, state: try input.requiredText(F.state), occupancy: try input.integer(F.occupancy), by: context.caller)
    }

    func addTraining(_ id: UUID, _ input: some CommandInput, context: UserContext) async throws -> TeamTraining {
        let training = try TeamTraining.parse(input, today: today)
        try await store.directory.addTraining(id, training, by: context.caller)
        return training
    }

    static func filter(_ q: Query) throws -> ResourceDirectory.Filter {
        let kind = try q.enum("kind", ResourceKind.self, label: "资源类别")
        let category = q.string("category")
        if let category,
            !(kind.map { [$0] } ?? ResourceKind.allCases).contains(where: { k in k.categories.contains { $0.code == category } })
        {
            throw AnlanError.invalid("query.unknown_value", "参数 category 不是有效的类型。", field: "category")
        }
        return ResourceDirectory.Filter(
            kind: kind, category: category, divisionCode: try q.divisionCode("divisionCode"), callable: try q.bool("callable"),
            query: try SupervisionAPI.search(q))
    }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let filter = try Self.filter(q)
        let page = try await store.directory.list(filter, page: try q.page(), by: context.caller)
        let places = try await WarehouseController(store: store).places(context)
        let body = DirectoryViews.list(
            page.items, kind: filter.kind, query: q.values, places: places,
            names: Dictionary(places.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }),
            canManage: context.user.role.can(.manageResources),
            pager: Layout.pager(page, base: "/directory", query: q.values(except: ["page"])))
        return Layout.page(title: filter.kind?.label ?? ResourcesText.resources, context: context, active: "/resources", body: body)
            .response()
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let kind = try q.enum("kind", ResourceKind.self, label: "资源类别") ?? .team
        return try await form(nil, kind: kind, values: ["kind": [kind.rawValue]], refusal: nil, context: context).response()
    }

    func form(_ existing: EmergencyResource?, kind: ResourceKind, values: [String: [String]], refusal: AnlanError?, context: UserContext)
        async throws -> HTML
    {
        let teams = kind == .equipment ? try await store.directory.teams(by: context.caller) : []
        let body = DirectoryViews.form(
            existing, kind: kind, values: values, places: try await WarehouseController(store: store).places(context), teams: teams,
            csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: kind.label, context: context, active: "/resources", body: body)
    }

    @Sendable func createFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let r = try await create(form, context: context)
            return Response.redirect(to: "/directory/\(r.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            let kind = form.optional("kind").flatMap(ResourceKind.init) ?? .team
            return try await self.form(nil, kind: kind, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func editPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: ResourceDirectory.notFound)
        let r = try await store.directory.get(id, by: context.caller)
        let members = r.kind == .team ? try await store.directory.members(of: id, by: context.caller) : []
        return try await form(r, kind: r.kind, values: DirectoryViews.values(r, members: members), refusal: nil, context: context)
            .response()
    }

    @Sendable func updateFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: ResourceDirectory.notFound)
        let existing = try await store.directory.get(id, by: context.caller)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await update(id, form, context: context)
            return Response.redirect(to: "/directory/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden && error.kind != .notFound {
            return try await self.form(existing, kind: existing.kind, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    /// The record's page; `values` are what a refused quick form had typed, shown again.
    func detail(_ id: UUID, notice: HTML, values: [String: [String]] = [:], context: UserContext) async throws -> HTML {
        let caller = context.caller
        let r = try await store.directory.get(id, by: caller)
        let members = r.kind == .team ? try await store.directory.members(of: id, by: caller) : []
        let trainings = r.kind == .team ? try await store.directory.trainings(of: id, by: caller) : []
        let equipment = r.kind == .team ? try await store.directory.equipment(of: id, by: caller) : []
        // A team the caller cannot see (another township's) is not named.
        let team = await r.teamID.asyncMap { try? await store.directory.get($0, by: caller) } ?? nil
        let names = try await StockController(store: store).names(context)
        let body = DirectoryViews.detail(
            r, members: members, trainings: trainings, divisionName: names[r.divisionCode] ?? r.divisionCode,
            canManage: context.user.role.can(.manageResources), csrf: context.csrfToken ?? "", today: today, values: values, team: team,
            equipment: equipment)
        return Layout.page(title: r.name, context: context, active: "/resources", notice: notice, body: body)
    }

    @Sendable func resourcePage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: ResourceDirectory.notFound)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        return try await detail(id, notice: notice, context: context).response()
    }

    /// A refused quick action shows the record again with the refusal, at the API's status.
    private func act(_ request: Request, context: UserContext, _ body: (UUID, FormData) async throws -> Void) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: ResourceDirectory.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            try await body(id, form)
            return Response.redirect(to: "/directory/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind == .unprocessable || error.kind == .conflict {
            return try await detail(id, notice: Components.refusal(error), values: form.allValues, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func stateFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await act(request, context: context) { id, form in _ = try await setState(id, form, context: context) }
    }

    @Sendable func trainingFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await act(request, context: context) { id, form in _ = try await addTraining(id, form, context: context) }
    }

    @Sendable func archiveFromPage(_ request: Request, context: UserContext) async throws -> Response {
        try await act(request, context: context) { id, _ in _ = try await store.directory.archive(id, by: context.caller) }
    }

    @Sendable func mapPage(_ request: Request, context: UserContext) async throws -> Response {
        // The page queries nothing itself, so it asks the store's question of who may read readiness records.
        try WarehouseRepository.requireReader(context.caller)
        return Layout.page(
            title: ResourcesText.resourceMap, context: context, active: "/resources", body: DirectoryViews.map(),
            head: "<link rel=\"stylesheet\" href=\"/static/vendor/leaflet/leaflet.css\">",
            scripts: "<script src=\"/static/vendor/leaflet/leaflet.min.js\"></script><script src=\"/static/js/resource-map.js\"></script>"
        ).response()
    }

    /// Every located resource and warehouse as GeoJSON points, one layer per kind.
    @Sendable func mapData(_ request: Request, context: UserContext) async throws -> Response {
        let caller = context.caller
        var features: [JSONValue] = []
        func point(
            _ layer: String, _ id: String, _ name: String, _ lat: Double, _ lon: Double, _ detail: String, _ callable: Bool, _ url: String
        )
            -> JSONValue
        {
            [
                "type": "Feature", "geometry": ["type": "Point", "coordinates": [.number(lon), .number(lat)]],
                "properties": [
                    "layer": .string(layer), "id": .string(id), "name": .string(name), "detail": .string(detail),
                    "callable": .bool(callable),
                    "url": .string(url),
                ],
            ]
        }
        for r in try await store.directory.located(by: caller) {
            if let ring = r.boundary {
                features.append([
                    "type": "Feature",
                    "geometry": [
                        "type": "Polygon", "coordinates": [.array(ring.map { [.number($0.longitude), .number($0.latitude)] })],
                    ],
                    "properties": [
                        "layer": .string(r.kind.rawValue), "area": true, "id": .string(r.id.key), "name": .string(r.name),
                        "url": .string("/directory/\(r.id.key)"),
                    ],
                ])
            }
            guard let lat = r.latitude, let lon = r.longitude else { continue }
            features.append(
                point(
                    r.kind.rawValue, r.id.key, r.name, lat, lon,
                    "\(r.kind.categoryLabel(r.category)) · \(r.kind.stateLabel(r.state)) · \(r.contact) \(r.phone)",
                    r.isCallable, "/directory/\(r.id.key)"))
        }
        var page = 1
        while true {
            let batch = try await store.warehouses.list(
                .init(), page: try PageRequest(page: page, pageSize: PageRequest.maximumPageSize), by: caller)
            for w in batch.items {
                guard let lat = w.latitude, let lon = w.longitude else { continue }
                features.append(
                    point(
                        "warehouse", w.id.key, w.name, lat, lon,
                        "\(w.kind.label) · 钥匙 \(w.keyHolder ?? w.manager) \(w.keyHolderPhone ?? w.phone)", true,
                        "/warehouses/\(w.id.key)"))
            }
            if page >= batch.pageCount { break }
            page += 1
        }
        return try JSONResponse.make(JSONValue.object([("type", "FeatureCollection"), ("features", .array(features))]))
    }

    // MARK: - Import

    @Sendable func importPage(_ request: Request, context: UserContext) async throws -> Response {
        let kind = try Query(request).enum("kind", ResourceKind.self, label: "资源类别") ?? .team
        return Layout.page(
            title: "导入\(kind.label)", context: context, active: "/resources",
            body: DirectoryViews.importForm(kind, csrf: context.csrfToken ?? ""),
            scripts: "<script src=\"/static/js/resource-import.js\"></script>"
        ).response()
    }

    @Sendable func template(_ request: Request, context: UserContext) async throws -> Response {
        try WarehouseRepository.requireReader(context.caller)
        let kind = try Query(request).enum("kind", ResourceKind.self, label: "资源类别") ?? .team
        let writer = try XLSXWriter(header: ResourceImport.template(for: kind))
        return try Download.xlsx(writer, fileName: "\(kind.label)导入模板.xlsx")
    }

    /// Checks (dryRun) or imports a spreadsheet: all good rows in one transaction, or none when any row is faulty.
    @Sendable func importFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        guard let kind = try q.enum("kind", ResourceKind.self, label: "资源类别") else {
            throw AnlanError.invalid("import.kind_required", "请指明导入的资源类别（kind）。", field: "kind")
        }
        let dryRun = try q.bool("dryRun") ?? false
        let data = try await EnterpriseRecordsAPI.upload(request)
        let table: Table
        do { table = try Table.read(data) } catch let error as TableError {
            throw AnlanError.invalid(error.code, error.message, field: "file")
        }
        var divisions: [String: DivisionCode] = [:]
        for (code, name) in try await store.divisions.names(within: context.caller.jurisdiction) {
            divisions[ResourceImport.key(name)] = code
            divisions[code.rawValue] = code
        }
        var teams: [String: UUID] = [:]
        if kind == .equipment {
            for team in try await store.directory.teams(by: context.caller) {
                // Two teams of one name: the first (by name order) is the one the row means.
                let key = ResourceImport.key(team.name)
                if teams[key] == nil { teams[key] = team.id }
            }
        }
        let report = try ResourceImport.read(
            header: table.header, rows: table.rows, kind: kind, divisions: divisions,
            existing: try await store.directory.names(of: kind, by: context.caller), teams: teams)
        if dryRun || !report.errors.isEmpty {
            if !dryRun {
                let first = report.errors.prefix(3).map(\.message).joined(separator: "；")
                throw AnlanError.invalid("import.rows_invalid", "有 \(report.errors.count) 行有误，未导入任何记录：\(first)", field: "file")
            }
            return try JSONResponse.make(ResourceImportDTO(report, created: 0))
        }
        let created = try await store.directory.importAll(report.drafts, by: context.caller)
        return try JSONResponse.make(ResourceImportDTO(report, created: created.count), status: .created)
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await store.directory.list(try Self.filter(q), page: try q.page(), by: context.caller)) { ResourceDTO($0) })
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: ResourceDirectory.notFound)
        let r = try await store.directory.get(id, by: context.caller)
        guard r.kind == .team else { return try JSONResponse.make(ResourceDTO(r)) }
        return try JSONResponse.make(
            ResourceDTO(
                r, members: try await store.directory.members(of: id, by: context.caller),
                trainings: try await store.directory.trainings(of: id, by: context.caller),
                equipment: try await store.directory.equipment(of: id, by: context.caller)))
    }

    @Sendable func createFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(ResourceDTO(try await create(input, context: context)), status: .created)
    }

    @Sendable func updateFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: ResourceDirectory.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(ResourceDTO(try await update(id, input, context: context)))
    }

    @Sendable func stateFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: ResourceDirectory.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(ResourceDTO(try await setState(id, input, context: context)))
    }

    @Sendable func archiveFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: ResourceDirectory.notFound)
        return try JSONResponse.make(ResourceDTO(try await store.directory.archive(id, by: context.caller)))
    }

    @Sendable func trainingFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: ResourceDirectory.notFound)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(try await addTraining(id, input, context: context), status: .created)
    }
}
