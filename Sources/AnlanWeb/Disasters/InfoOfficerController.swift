import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Disasters (灾害): disaster reports (`DisasterController`), and the network of 灾害信息员. Staff keep the roster; the coverage page shows the villages and
/// townships without an A- or B-post officer and the training that lapsed; the system administrator makes the officers'
/// accounts from the roster.
struct DisastersWeb: WebContext {
    let store: Store

    init(store: Store, settings: WebSettings) {
        self.store = store
    }

    func registerPages(_ pages: PageRoutes) {
        DisasterController(store: store).registerPages(pages)
        ReliefController(store: store).registerPages(pages)
        SiteController(store: store).registerPages(pages)
        SiteCheckController(store: store).registerPages(pages)
        InfoOfficerController(store: store).registerPages(pages)
        PublicityController(store: store).registerPages(pages)
    }

    func registerAPI(_ api: APIRoutes) {
        DisasterController(store: store).registerAPI(api)
        ReliefController(store: store).registerAPI(api)
        SiteController(store: store).registerAPI(api)
        SiteCheckController(store: store).registerAPI(api)
        InfoOfficerController(store: store).registerAPI(api)
        PublicityController(store: store).registerAPI(api)
    }

    static let schemas =
        DisasterSchemas.all + ReliefSchemas.all + SiteSchemas.all + SiteCheckSchemas.all + InfoOfficerSchemas.all + PublicitySchemas.all
    static let navigation = [
        NavigationEntry(path: "/disasters", title: "防灾减灾", permission: .readBusinessData, bureauOnly: true, forInfoOfficers: true)
    ]
}

struct InfoOfficerController {
    let store: Store

    var today: Day { Day(store.environment.now()) }
    var officers: InfoOfficerRepository { store.infoOfficers }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/info-officers", .permission(.readBusinessData), use: listPage)
        pages.get("/info-officers/coverage", .permission(.readBusinessData), use: coveragePage)
        pages.get("/info-officers/coverage.geojson", .permission(.readBusinessData), use: coverageLayer)
        pages.get("/info-officers/new", .permission(.manageResources), use: newPage)
        pages.post("/info-officers", .permission(.manageResources), use: createFromPage)
        pages.get("/info-officers/{id}", .permission(.readBusinessData), use: officerPage)
        pages.post("/info-officers/{id}", .permission(.manageResources), use: updateFromPage)
        pages.post("/info-officers/{id}/archive", .permission(.manageResources), use: archiveFromPage)
        pages.get("/admin/info-officer-accounts", .permission(.manageAccounts), use: accountsPage)
        pages.post("/admin/info-officer-accounts", .permission(.manageAccounts), use: makeAccountsFromPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(InfoOfficerOperations.list, list)
        api.add(InfoOfficerOperations.get, get)
        api.add(InfoOfficerOperations.create, createFromAPI)
        api.add(InfoOfficerOperations.update, updateFromAPI)
        api.add(InfoOfficerOperations.archive, archiveFromAPI)
        api.add(InfoOfficerOperations.coverage, coverageAPI)
        api.add(InfoOfficerOperations.makeAccounts, makeAccountsFromAPI)
        api.add(InfoOfficerOperations.idNumber, idNumberCheck)
    }

    /// GB 11643 served read-only: what the 台账 forms check as people type (and other systems reuse).
    @Sendable func idNumberCheck(_ request: Request, context: UserContext) async throws -> Response {
        let text = try context.pathParameter("number")
        // Counted as the document's maxLength counts: in Unicode code points.
        guard text.unicodeScalars.count <= 40 else { throw AnlanError.invalid("id_number.too_long", "号码过长。", field: "number") }
        let check = IDNumber.check(text, today: today)
        return try JSONResponse.make(
            IDNumberCheckDTO(
                valid: check.valid, normalized: check.normalized, birthDate: check.birthDate, sex: check.sex?.rawValue,
                divisionCode: check.divisionCode, error: check.error))
    }

    static func filter(_ q: Query) throws -> InfoOfficerRepository.Filter {
        InfoOfficerRepository.Filter(
            divisionCode: try q.divisionCode("divisionCode"), post: try q.enum("post", InfoOfficerPost.self, label: "岗位"),
            lapsed: try q.bool("lapsed"), withoutAccount: try q.bool("withoutAccount"), query: try SupervisionAPI.search(q))
    }

    func names(_ context: UserContext) async throws -> [String: String] {
        try await store.divisions.nameMap(within: context.caller.jurisdiction)
    }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await officers.list(try Self.filter(q), page: try q.page(), by: context.caller)
        let names = try await names(context)
        let notice: HTML = q.values["archived"] != nil ? Layout.alert("已撤销。", kind: "success") : .empty
        let body = InfoOfficerViews.list(
            page.items, total: page.total, names: names,
            townships: names.filter { (try? DivisionCode($0.key))?.level == .township }.sorted { $0.key < $1.key },
            query: q.values, months: try await officers.refresherMonths(), today: today, mayEdit: context.user.role.can(.manageResources),
            pager: Layout.pager(page, base: "/info-officers", query: q.values(except: ["page"])))
        return Layout.page(title: InfoOfficerViews.title, context: context, active: "/info-officers", notice: notice, body: body).response()
    }

    @Sendable func coveragePage(_ request: Request, context: UserContext) async throws -> Response {
        let coverage = try await officers.coverage(by: context.caller)
        let body = InfoOfficerViews.coverage(coverage.divisions, lapsed: coverage.lapsed, months: coverage.refresherMonths)
        return Layout.page(
            title: "信息员覆盖", context: context, active: "/info-officers", body: body,
            head: "<link rel=\"stylesheet\" href=\"/static/vendor/leaflet/leaflet.css\">",
            scripts: "<script src=\"/static/vendor/leaflet/leaflet.min.js\"></script><script src=\"/static/js/coverage-map.js\"></script>"
        ).response()
    }

    /// The coverage map's layer: each village's (社区's) boundary with whether both posts, one or none are filled.
    @Sendable func coverageLayer(_ request: Request, context: UserContext) async throws -> Response {
        let coverage = try await officers.coverage(by: context.caller)
        let byCode = Dictionary(coverage.divisions.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let today = self.today
        let features: [JSONValue] = try await store.divisions.boundaries(level: .village, by: context.caller).compactMap { village in
            guard let geometry = village.boundaryGeoJSON.flatMap(JSONValue.parse), let posts = byCode[village.code] else { return nil }
            let lacking = [posts.a == nil ? "A" : nil, posts.b == nil ? "B" : nil].compactMap { $0 }
            // The posts whose officer's training lapsed (the coverage page's 需复训, per village).
            let lapsed = [("A", posts.a), ("B", posts.b)].compactMap { post, officer in
                officer?.trainingLapsed(today: today, months: coverage.refresherMonths) == true ? post : nil
            }
            return [
                "type": "Feature", "geometry": geometry,
                "properties": [
                    "code": .string(village.code.rawValue), "name": .string(village.name),
                    "status": .string(lacking.isEmpty ? "complete" : lacking.count == 2 ? "none" : "partial"),
                    "lacking": .string(lacking.joined(separator: "、")), "lapsed": .string(lapsed.joined(separator: "、")),
                    "url": .string("/info-officers?divisionCode=\(village.code.rawValue)"),
                ],
            ]
        }
        return try JSONResponse.featureCollection(features)
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        var values: [String: [String]] = [:]
        for (k, v) in try Query(request).values { values[k] = [v] }
        return try await form(nil, values: values, refusal: nil, context: context).response()
    }

    func form(_ officer: InfoOfficer?, values: [String: [String]], refusal: AnlanError?, context: UserContext, notice: HTML = .empty)
        async throws -> HTML
    {
        let places = try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level != .county }
            .map { ($0.code.rawValue, $0.name) }
        let body = InfoOfficerViews.form(officer, values: values, places: places, csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(
            title: officer == nil ? "登记灾害信息员" : officer!.name, context: context, active: "/info-officers", notice: notice, body: body)
    }

    @Sendable func createFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let officer = try await officers.create(try InfoOfficerDraft.parse(form, today: today), by: context.caller)
            return Response.redirect(to: "/info-officers/\(officer.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await self.form(nil, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func officerPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: InfoOfficerErrors.notFound)
        let officer = try await officers.get(id, by: context.caller)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        if context.user.role.can(.manageResources) && officer.archivedAt == nil {
            let values = InfoOfficerViews.values(officer)
            return try await form(officer, values: values, refusal: nil, context: context, notice: notice).response()
        }
        let body = InfoOfficerViews.detail(officer, divisionName: try await names(context)[officer.divisionCode])
        return Layout.page(title: officer.name, context: context, active: "/info-officers", notice: notice, body: body).response()
    }

    @Sendable func updateFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: InfoOfficerErrors.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await officers.update(id, try InfoOfficerDraft.parse(form, today: today), by: context.caller)
            return Response.redirect(to: "/info-officers/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            let officer = try await officers.get(id, by: context.caller)
            return try await self.form(officer, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func archiveFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: InfoOfficerErrors.notFound)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await officers.archive(
                id, reason: try form.requiredText(InputField("reason", label: "撤销原因", context: "info_officer", maxLength: 200)),
                by: context.caller)
            return Response.redirect(to: "/info-officers?archived=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            let officer = try await officers.get(id, by: context.caller)
            return try await self.form(officer, values: InfoOfficerViews.values(officer), refusal: error, context: context)
                .response(status: Failure(error).status)
        }
    }

    @Sendable func accountsPage(_ request: Request, context: UserContext) async throws -> Response {
        let waiting = try await officers.list(
            .init(withoutAccount: true), page: try PageRequest(pageSize: 1), by: .console("info-officer-accounts"))
        let body = InfoOfficerViews.accounts(waiting: waiting.total, made: [], csrf: context.csrfToken ?? "")
        return Layout.page(title: "信息员账户", context: context, active: "/admin/users", body: body).response()
    }

    @Sendable func makeAccountsFromPage(_ request: Request, context: UserContext) async throws -> Response {
        _ = try await FormData.read(request, context: context)
        let made = try await officers.makeAccounts(by: context.caller)
        let body = InfoOfficerViews.accounts(waiting: 0, made: made, csrf: context.csrfToken ?? "")
        var response = Layout.page(title: "信息员账户", context: context, active: "/admin/users", body: body).response()
        // The first passwords are on this page only: no cache keeps them.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let months = try await officers.refresherMonths()
        let today = self.today
        return try JSONResponse.make(
            PageDTO(try await officers.list(try Self.filter(q), page: try q.page(), by: context.caller)) {
                InfoOfficerDTO($0, lapsed: $0.trainingLapsed(today: today, months: months))
            })
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: InfoOfficerErrors.notFound)
        let officer = try await officers.get(id, by: context.caller)
        return try JSONResponse.make(
            InfoOfficerDTO(officer, lapsed: officer.trainingLapsed(today: today, months: try await officers.refresherMonths())))
    }

    @Sendable func createFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        let officer = try await officers.create(try InfoOfficerDraft.parse(input, today: today), by: context.caller)
        return try JSONResponse.make(
            InfoOfficerDTO(officer, lapsed: officer.trainingLapsed(today: today, months: try await officers.refresherMonths())),
            status: .created)
    }

    @Sendable func updateFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: InfoOfficerErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        let officer = try await officers.update(id, try InfoOfficerDraft.parse(input, today: today), by: context.caller)
        return try JSONResponse.make(
            InfoOfficerDTO(officer, lapsed: officer.trainingLapsed(today: today, months: try await officers.refresherMonths())))
    }

    @Sendable func archiveFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: InfoOfficerErrors.notFound)
        let input = try await JSONInput.read(request, context: context)
        let reason = try input.requiredText(InputField("reason", label: "撤销原因", context: "info_officer", maxLength: 200))
        let officer = try await officers.archive(id, reason: reason, by: context.caller)
        return try JSONResponse.make(InfoOfficerDTO(officer, lapsed: false))
    }

    @Sendable func coverageAPI(_ request: Request, context: UserContext) async throws -> Response {
        let coverage = try await officers.coverage(by: context.caller)
        return try JSONResponse.make(InfoOfficerCoverageDTO(coverage.divisions, lapsed: coverage.lapsed, months: coverage.refresherMonths))
    }

    @Sendable func makeAccountsFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let made = try await officers.makeAccounts(by: context.caller)
        var response = try JSONResponse.make(
            ListDTO(
                items: made.map {
                    MadeAccountDTO(
                        officerId: $0.officer.id.key, name: $0.officer.name, divisionCode: $0.officer.divisionCode, username: $0.username,
                        password: $0.password)
                }))
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
