import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Flood and forest-fire sites (防汛防火重点部位): the register with each site's three 责任人, the list the county publishes
/// before the flood season (防汛责任人名单), and the sites' layer of the situation board.
struct SiteController {
    let store: Store

    var sites: SiteRepository { store.sites }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/sites", .permission(.readBusinessData), use: listPage)
        pages.get("/sites/new", .permission(.manageResources), use: newPage)
        pages.post("/sites", .permission(.manageResources), use: createFromPage)
        pages.get("/sites/keepers", .permission(.readBusinessData), use: keepersPage)
        pages.get("/sites/keepers.xlsx", .permission(.readBusinessData), use: keepersXLSX)
        pages.get("/sites/map.geojson", .permission(.readBusinessData), use: layer)
        pages.get("/sites/{id}", .permission(.readBusinessData), use: sitePage)
        pages.post("/sites/{id}", .permission(.manageResources), use: updateFromPage)
        pages.post("/sites/{id}/archive", .permission(.manageResources), use: archiveFromPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(SiteOperations.list, list)
        api.add(SiteOperations.create, createFromAPI)
        api.add(SiteOperations.get, get)
        api.add(SiteOperations.update, updateFromAPI)
        api.add(SiteOperations.archive, archiveFromAPI)
    }

    static func filter(_ q: Query) throws -> SiteRepository.Filter {
        SiteRepository.Filter(
            kind: try q.enum("kind", SiteKind.self, label: "类别"), flood: try q.bool("flood"),
            divisionCode: try q.divisionCode("divisionCode"),
            query: try SupervisionAPI.search(q), archived: try q.bool("archived") ?? false)
    }

    func siteID(_ context: UserContext) throws -> UUID { try context.uuidParameter("id", notFound: SiteErrors.notFound) }

    func names(_ context: UserContext) async throws -> [String: String] {
        try await store.divisions.nameMap(within: context.caller.jurisdiction)
    }

    func places(_ context: UserContext) async throws -> [(String, String)] {
        try await store.divisions.names(within: context.caller.jurisdiction).filter { $0.code.level != .county }.map {
            ($0.code.rawValue, $0.name)
        }
    }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let page = try await sites.list(try Self.filter(q), page: try q.page(), by: context.caller)
        let body = SiteViews.list(
            page.items, total: page.total, names: try await names(context), query: q.values,
            mayEdit: context.user.role.can(.manageResources),
            pager: Layout.pager(page, base: "/sites", query: q.values(except: ["page"])))
        return Layout.page(title: SiteViews.title, context: context, active: "/disasters", body: body).response()
    }

    @Sendable func newPage(_ request: Request, context: UserContext) async throws -> Response {
        try await form(nil, values: [:], refusal: nil, context: context).response()
    }

    func form(_ site: Site?, values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let body = SiteViews.form(
            site, values: values.isEmpty ? site.map(SiteViews.values) ?? [:] : values, places: try await places(context),
            csrf: context.csrfToken ?? "", refusal: refusal)
        return Layout.page(title: site?.name ?? "登记重点部位", context: context, active: "/disasters", body: body)
    }

    @Sendable func createFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        do {
            let site = try await sites.create(try SiteDraft.parse(form), by: context.caller)
            return Response.redirect(to: "/sites/\(site.id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await self.form(nil, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func sitePage(_ request: Request, context: UserContext) async throws -> Response {
        let site = try await sites.get(try siteID(context), by: context.caller)
        let notice: HTML = request.uri.queryParameters["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        // Its checks and open hazards follow what it is, whoever reads it.
        let checks = try await SiteCheckController(store: store).section(site, context: context)
        if context.user.role.can(.manageResources) && site.archivedAt == nil {
            return Layout.page(
                title: site.name, context: context, active: "/disasters", notice: notice,
                body: """
                    \(SiteViews.form(site, values: SiteViews.values(site), places: try await places(context), csrf: context.csrfToken ?? "", refusal: nil))
                    \(checks)
                    """
            ).response()
        }
        return Layout.page(
            title: site.name, context: context, active: "/disasters", notice: notice,
            body: "\(SiteViews.detail(site, names: try await names(context)))\(checks)"
        ).response()
    }

    @Sendable func updateFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try siteID(context)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await sites.update(id, try SiteDraft.parse(form), by: context.caller)
            return Response.redirect(to: "/sites/\(id.key)?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            let site = try await sites.get(id, by: context.caller)
            return try await self.form(site, values: form.allValues, refusal: error, context: context).response(
                status: Failure(error).status)
        }
    }

    @Sendable func archiveFromPage(_ request: Request, context: UserContext) async throws -> Response {
        _ = try await FormData.read(request, context: context)
        try await sites.archive(try siteID(context), by: context.caller)
        return Response.redirect(to: "/sites?saved=1", type: .found)
    }

    static let keepersHeader =
        ["序号", "乡镇（街道）", "村（社区）", "类别", "名称", "规模或等级"]
        + KeeperRole.allCases.flatMap { ["\($0.label)", "单位职务", "联系电话"] }

    func keeperRows(_ context: UserContext, flood: Bool) async throws -> [[String]] {
        let names = try await names(context)
        return try await sites.all(.init(flood: flood), by: context.caller).enumerated().map { n, s in
            let code = try? DivisionCode(s.divisionCode)
            let township = code?.level == .village ? code?.parent?.rawValue ?? "" : s.divisionCode
            return [
                String(n + 1), names[township] ?? township, code?.level == .village ? names[s.divisionCode] ?? s.divisionCode : "",
                s.kind.label,
                s.name, s.grade ?? "",
            ] + KeeperRole.allCases.flatMap { r in [s.keeper(r)?.name ?? "", s.keeper(r)?.unit ?? "", s.keeper(r)?.phone ?? ""] }
        }
    }

    @Sendable func keepersPage(_ request: Request, context: UserContext) async throws -> Response {
        let flood = try Query(request).bool("flood") ?? true
        let body = SiteViews.keepers(try await keeperRows(context, flood: flood), flood: flood, today: Day(store.environment.now()))
        return Layout.page(
            title: flood ? "防汛责任人名单" : "森林防火责任人名单", context: context, active: "/disasters", body: body,
            scripts: "<script src=\"/static/js/print.js\"></script>"
        ).response()
    }

    @Sendable func keepersXLSX(_ request: Request, context: UserContext) async throws -> Response {
        let flood = try Query(request).bool("flood") ?? true
        let title = flood ? "防汛重点部位责任人名单" : "森林防火重点区域责任人名单"
        let writer = try XLSXWriter(header: Self.keepersHeader, title: title, sheetName: title)
        for row in try await keeperRows(context, flood: flood) { try writer.append(row) }
        return try Download.xlsx(writer, fileName: flood ? "flood-keepers.xlsx" : "forest-fire-keepers.xlsx")
    }

    /// The board's layer: every located site, with its kind, the people it threatens and its 责任人 to call.
    @Sendable func layer(_ request: Request, context: UserContext) async throws -> Response {
        let features: [JSONValue] = try await sites.all(.init(), by: context.caller).compactMap { s in
            guard let p = s.location else { return nil }
            let keepers = s.keepers.map { "\($0.role.label) \($0.name) \($0.phone)" }.joined(separator: "；")
            return [
                "type": "Feature", "geometry": ["type": "Point", "coordinates": [.number(p.longitude), .number(p.latitude)]],
                "properties": [
                    "id": .string(s.id.key), "name": .string(s.name), "kind": .string(s.kind.rawValue), "kindLabel": .string(s.kind.label),
                    "url": .string("/sites/\(s.id.key)"), "threatenedPeople": .number(Double(s.threatenedPeople)),
                    "keepers": .string(keepers),
                ],
            ]
        }
        return try JSONResponse.make(["type": "FeatureCollection", "features": .array(features)] as JSONValue)
    }

    // MARK: - API

    @Sendable func list(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await sites.list(try Self.filter(q), page: try q.page(), by: context.caller)) { SiteDTO($0) })
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(SiteDTO(try await sites.get(try siteID(context), by: context.caller)))
    }

    @Sendable func createFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(SiteDTO(try await sites.create(try SiteDraft.parse(input), by: context.caller)), status: .created)
    }

    @Sendable func updateFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try siteID(context)
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(SiteDTO(try await sites.update(id, try SiteDraft.parse(input), by: context.caller)))
    }

    @Sendable func archiveFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        try await sites.archive(try siteID(context), by: context.caller)
        return Response(status: .noContent)
    }
}

struct SiteDTO: Encodable, Sendable {
    struct KeeperDTO: Encodable, Sendable {
        let role, name, phone: String
        let unit: String?
    }
    let id, kind, name, divisionCode: String
    let latitude, longitude: Double?
    let grade, description: String?
    let threatenedPeople: Int
    let keepers: [KeeperDTO]
    let archivedAt: Date?
    let createdAt, updatedAt: Date

    init(_ s: Site) {
        id = s.id.key
        kind = s.kind.rawValue
        name = s.name
        divisionCode = s.divisionCode
        latitude = s.location?.latitude
        longitude = s.location?.longitude
        grade = s.grade
        description = s.description
        threatenedPeople = s.threatenedPeople
        keepers = s.keepers.map { KeeperDTO(role: $0.role.rawValue, name: $0.name, phone: $0.phone, unit: $0.unit) }
        archivedAt = s.archivedAt
        createdAt = s.createdAt
        updatedAt = s.updatedAt
    }
}

enum SiteOperations {
    static let tag = "事故灾害"
    static let path = SupervisionAPI.path("id", "重点部位 ID")
    static let writeErrors = [
        "site.field_required", "site.kind_invalid", "site.name_too_long", "site.division_code_invalid", "site.location_invalid",
        "site.grade_too_long", "site.threatened_people_invalid", "site.description_too_long", "site.keeper_name_too_long",
        "site.keeper_unit_too_long", "site.keeper_phone_too_long", "site.keeper_phone_invalid", "division.not_found",
    ]

    static let list = APIOperation(
        method: .get, path: "sites", operationID: "listSites", summary: "防汛防火重点部位（水库、河道堤防、地质灾害隐患点、山洪危险区、林区、行洪通道内工程）及其三个责任人", tag: tag,
        access: .permission(.readBusinessData),
        parameters: [
            DutyOperations.query("kind", "类别", ResourceSchemas.enumeration(SiteKind.self)),
            DutyOperations.query("flood", "true 防汛部位，false 森林防火区域", SupervisionSchemas.boolean),
            DutyOperations.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
            DutyOperations.query("q", "名称、等级、基本情况", SupervisionSchemas.string),
            DutyOperations.query("archived", "只看已撤销的", SupervisionSchemas.boolean),
        ] + AccountsAPI.pageParameters,
        responses: [(200, "重点部位", Schemas.page(of: "Site"))])

    static let create = APIOperation(
        method: .post, path: "sites", operationID: "createSite", summary: "登记重点部位：行政、技术、巡查三个责任人的姓名和电话均须填写", tag: tag,
        access: .permission(.manageResources), requestSchema: Schemas.ref("SiteRequest"),
        responses: [(201, "已登记", Schemas.ref("Site")), SupervisionAPI.notFound], errorCodes: writeErrors
    )
    .explaining("ST202", "latitude and longitude are given together or not at all: a rule across two fields")
    .explaining(
        "ST201", "an empty text in an optional field is read as not given, as the page's form sends it: one parser serves both faces")

    static let get = APIOperation(
        method: .get, path: "sites/{id}", operationID: "getSite", summary: "一个重点部位", tag: tag, access: .permission(.readBusinessData),
        parameters: [path], responses: [(200, "重点部位", Schemas.ref("Site")), SupervisionAPI.notFound], errorCodes: ["site.not_found"])

    static let update = APIOperation(
        method: .put, path: "sites/{id}", operationID: "updateSite", summary: "修改重点部位和责任人（整体替换）", tag: tag,
        access: .permission(.manageResources), parameters: [path], requestSchema: Schemas.ref("SiteRequest"),
        responses: [(200, "修改后的重点部位", Schemas.ref("Site")), SupervisionAPI.notFound, SupervisionAPI.conflict],
        errorCodes: writeErrors + ["site.not_found", "site.archived"]
    )
    .explaining("ST202", "latitude and longitude are given together or not at all: a rule across two fields")
    .explaining(
        "ST201", "an empty text in an optional field is read as not given, as the page's form sends it: one parser serves both faces")

    static let archive = APIOperation(
        method: .post, path: "sites/{id}/archive", operationID: "archiveSite", summary: "撤销重点部位（记录保留）", tag: tag,
        access: .permission(.manageResources), parameters: [path],
        responses: [(204, "已撤销", nil), SupervisionAPI.notFound, SupervisionAPI.conflict], errorCodes: ["site.not_found", "site.archived"])
}

enum SiteSchemas {
    typealias S = SupervisionSchemas
    static var keeperFields: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for r in KeeperRole.allCases {
            out["\(r.rawValue)Name"] = CommandSchemas.bounded(40)
            out["\(r.rawValue)Unit"] = CommandSchemas.bounded(60, min: 0)
            // Site.parse: digits, spaces, +, - and parentheses, at least one digit.
            out["\(r.rawValue)Phone"] = ["type": "string", "maxLength": 30, "pattern": "^[0-9 +()-]*[0-9][0-9 +()-]*$"]
        }
        return out
    }

    static let all: [(String, JSONValue)] = [
        (
            "Site",
            S.object(
                ["id", "kind", "name", "divisionCode", "threatenedPeople", "keepers", "createdAt", "updatedAt"],
                [
                    "id": S.uuid, "kind": ResourceSchemas.enumeration(SiteKind.self), "name": S.string,
                    "divisionCode": Schemas.divisionCode,
                    "latitude": ["type": "number"], "longitude": ["type": "number"], "grade": S.string, "description": S.string,
                    "threatenedPeople": S.integer,
                    "keepers": [
                        "type": "array",
                        "items": S.object(
                            ["role", "name", "phone"],
                            ["role": ResourceSchemas.enumeration(KeeperRole.self), "name": S.string, "phone": S.string, "unit": S.string]),
                    ],
                    "archivedAt": Schemas.timestamp, "createdAt": Schemas.timestamp, "updatedAt": Schemas.timestamp,
                ])
        ),
        (
            "SiteRequest",
            S.object(
                ["kind", "name", "divisionCode"] + KeeperRole.allCases.flatMap { ["\($0.rawValue)Name", "\($0.rawValue)Phone"] },
                keeperFields.merging(
                    [
                        "kind": ResourceSchemas.enumeration(SiteKind.self), "name": CommandSchemas.bounded(60),
                        "divisionCode": Schemas.localDivisionCode, "latitude": ["type": "number", "minimum": -90, "maximum": 90],
                        "longitude": ["type": "number", "minimum": -180, "maximum": 180], "grade": CommandSchemas.bounded(40, min: 0),
                        "threatenedPeople": ["type": "integer", "minimum": 0, "maximum": 1_000_000],
                        "description": CommandSchemas.bounded(1000),
                    ], uniquingKeysWith: { $1 }))
        ),
    ]
}
