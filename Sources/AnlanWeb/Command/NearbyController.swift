import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Nearest resources from a point (issue 13 item 4): teams, experts, equipment and shelters from the spatial index, and
/// the warehouses holding enough of an item; as API operations and as the incident's 附近资源 page.
struct NearbyController {
    let store: Store

    func registerPages(_ pages: PageRoutes) {
        pages.get("/incidents/{id}/nearby", .permission(.readBusinessData), use: incidentPage)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(NearbyOperations.resources, resourcesAPI)
        api.add(NearbyOperations.warehouses, warehousesAPI)
    }

    static let kField = InputField("k", label: "数量", context: "resource", invalidMessage: "数量 k 须为 1 到 50。")

    static func point(_ q: Query) throws -> GeoPoint {
        let input = TextInput(q.values)
        let lat = InputField("latitude", label: "纬度", context: "resource", codeStem: "location", invalidMessage: "位置须为有效的经纬度，两者同填。")
        let lon = InputField("longitude", label: "经度", context: "resource", codeStem: "location", invalidMessage: "位置须为有效的经纬度，两者同填。")
        guard let point = try input.location(latitude: lat, longitude: lon) else { throw lat.missing }
        return point
    }

    static func query(_ q: Query) throws -> ResourceDirectory.NearestQuery {
        let input = TextInput(q.values)
        guard let kind = try q.enum("kind", ResourceKind.self, label: "资源类别") else {
            throw InputField("kind", label: "资源类别", context: "resource").missing
        }
        let k = try input.integer(kField) ?? 10
        return ResourceDirectory.NearestQuery(
            point: try point(q), kind: kind, category: q.string("category"), k: k, callableOnly: !(try q.bool("all") ?? false),
            minimumFree: try q.int("minimumFree"))
    }

    // MARK: - API

    @Sendable func resourcesAPI(_ request: Request, context: UserContext) async throws -> Response {
        let found = try await store.directory.nearest(try Self.query(try Query(request)), by: context.caller)
        return try JSONResponse.make(
            NearbyListDTO(items: found.map { NearbyResourceDTO(resource: ResourceDTO($0.resource), distanceKm: $0.distanceKm) }))
    }

    @Sendable func warehousesAPI(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        guard let item = try q.uuid("itemId") else {
            throw InputField("itemId", label: "物资", context: "resource", codeStem: "item").missing
        }
        let k = try TextInput(q.values).integer(Self.kField) ?? 10
        let found = try await store.warehouses.nearest(
            holding: item, atLeast: try q.int("atLeast") ?? 1, to: try Self.point(q), k: k, by: context.caller)
        return try JSONResponse.make(
            NearbyStockListDTO(
                items: found.map { NearbyStockDTO(warehouse: WarehouseDTO($0.warehouse), quantity: $0.quantity, distanceKm: $0.distanceKm) }
            ))
    }

    // MARK: - Page

    /// From the incident's point: the five nearest of each kind that can be called now (or the kind and category asked
    /// for, up to 50), and the warehouses holding an item chosen.
    @Sendable func incidentPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: IncidentErrors.notFound)
        let incident = try await store.incidents.get(id, by: context.caller)
        let q = try Query(request)
        var sections: [(kind: ResourceKind, items: [ResourceDirectory.Nearby])] = []
        var stock: [WarehouseRepository.NearbyStock] = []
        let items = try await store.warehouses.allItems(by: context.caller)
        if let point = incident.location {
            let only = try q.enum("kind", ResourceKind.self, label: "资源类别")
            let k = try TextInput(q.values).integer(Self.kField) ?? (only == nil ? 5 : 20)
            for kind in only.map({ [$0] }) ?? ResourceKind.allCases {
                let query = ResourceDirectory.NearestQuery(
                    point: point, kind: kind, category: only == nil ? nil : q.string("category"), k: k,
                    callableOnly: !(try q.bool("all") ?? false))
                sections.append((kind, try await store.directory.nearest(query, by: context.caller)))
            }
            if let item = try q.uuid("itemId") {
                stock = try await store.warehouses.nearest(
                    holding: item, atLeast: try q.int("atLeast") ?? 1, to: point, k: 10, by: context.caller)
            }
        }
        let body = NearbyViews.page(incident, sections: sections, stock: stock, items: items, query: q.values)
        return Layout.page(title: "附近资源", context: context, active: "/duty", body: body).response()
    }
}

struct NearbyResourceDTO: Encodable, Sendable {
    let resource: ResourceDTO
    let distanceKm: Double
}

struct NearbyListDTO: Encodable, Sendable { let items: [NearbyResourceDTO] }

struct NearbyStockDTO: Encodable, Sendable {
    let warehouse: WarehouseDTO
    let quantity: Int
    let distanceKm: Double
}

struct NearbyStockListDTO: Encodable, Sendable { let items: [NearbyStockDTO] }

enum NearbyOperations {
    typealias S = SupervisionSchemas
    static let tag = "应急资源"
    static let point = [
        DutyOperations.query("latitude", "纬度（WGS-84）", ["type": "number", "minimum": -90, "maximum": 90]),
        DutyOperations.query("longitude", "经度（WGS-84）", ["type": "number", "minimum": -180, "maximum": 180]),
        DutyOperations.query("k", "数量（默认 10，最多 50）", ["type": "integer", "minimum": 1, "maximum": 50]),
    ]
    static let codes = [
        "resource.field_required", "resource.location_invalid", "resource.k_invalid", "query.not_integer", "query.unknown_value",
        "query.not_uuid",
        "query.not_boolean",
    ]

    static let resources = APIOperation(
        method: .get, path: "resources/nearest", operationID: "nearestResources",
        summary: "离某点最近的 k 个可调用的救援队伍、专家、装备或有空位的避难场所（直线距离，空间索引）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: point + [
            DutyOperations.query("kind", "资源类别（必填）", ResourceSchemas.enumeration(ResourceKind.self)),
            DutyOperations.query("category", "队伍类型、专家领域、装备类别或场所类别", ["type": "string", "maxLength": 40]),
            DutyOperations.query("all", "也列出当前不可调用的", S.boolean),
            DutyOperations.query("minimumFree", "避难场所至少空余的人数", ["type": "integer", "minimum": 0, "maximum": 1_000_000]),
        ],
        responses: [(200, "由近及远", CommandSchemas.list(of: "NearbyResource"))], errorCodes: codes
    )
    .explaining("ST202", "latitude and longitude are given together: a rule across two parameters")

    static let warehouses = APIOperation(
        method: .get, path: "warehouses/nearest", operationID: "nearestWarehouses", summary: "离某点最近的、某物资库存不少于 N 的仓库", tag: tag,
        access: .permission(.readBusinessData),
        parameters: point + [
            DutyOperations.query("itemId", "物资（必填）", S.uuid),
            DutyOperations.query("atLeast", "至少的数量（默认 1）", ["type": "integer", "minimum": 1, "maximum": 1_000_000_000]),
        ],
        responses: [(200, "由近及远", CommandSchemas.list(of: "NearbyStock"))], errorCodes: codes
    )
    .explaining("ST202", "latitude and longitude are given together: a rule across two parameters")
}
