import AnlanCore
import Foundation

/// The readiness API: warehouses, the supply catalog and the stock ledger. Reading needs the business-data permission
/// (the store refuses enterprise officers); writing needs `manageResources`, within the caller's jurisdiction.
enum ResourceOperations {
    static let tag = "应急资源"
    typealias P = APIOperation.Parameter
    static let notFound = SupervisionAPI.notFound
    static let conflict = SupervisionAPI.conflict
    static func query(_ name: String, _ what: String, _ schema: JSONValue) -> P { SupervisionAPI.query(name, what, schema) }
    static let searchParameter = query("q", "搜索（空格分隔多个词）", ["type": "string", "maxLength": 100])
    static let warehouseCodes = [
        "warehouse.field_required", "warehouse.name_too_long", "warehouse.kind_invalid", "warehouse.division_code_invalid",
        "warehouse.address_too_long", "warehouse.location_invalid", "warehouse.manager_too_long", "warehouse.phone_invalid",
        "warehouse.phone_too_long", "warehouse.key_holder_too_long", "warehouse.area_invalid", "warehouse.opening_hours_too_long",
        "warehouse.serves_invalid", "warehouse.note_too_long", "division.not_found",
    ]

    static let listWarehouses = APIOperation(
        method: .get, path: "warehouses", operationID: "listWarehouses", summary: "物资储备库（点）列表", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            query("kind", "仓库类别", ResourceSchemas.enumeration(WarehouseKind.self)),
            query("divisionCode", "所在区划（含下级）", Schemas.divisionCode), searchParameter,
        ],
        responses: [(200, "一页仓库", Schemas.page(of: "Warehouse"))])

    static let getWarehouse = APIOperation(
        method: .get, path: "warehouses/{id}", operationID: "getWarehouse", summary: "一个仓库", tag: tag,
        access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "仓库 ID")],
        responses: [(200, "仓库", Schemas.ref("Warehouse")), notFound], errorCodes: ["warehouse.not_found"])

    static let createWarehouse = APIOperation(
        method: .post, path: "warehouses", operationID: "createWarehouse", summary: "登记仓库（辖区内）", tag: tag,
        access: .permission(.manageResources), requestSchema: Schemas.ref("WarehouseRequest"),
        responses: [(201, "已登记", Schemas.ref("Warehouse")), notFound], errorCodes: warehouseCodes
    )
    .explaining(
        "ST201", "an empty text in an optional field is read as not given, as the page's form sends it: one parser serves both faces"
    )
    .explaining("ST202", "latitude and longitude are given together or not at all: a rule across two fields")

    static let updateWarehouse = APIOperation(
        method: .put, path: "warehouses/{id}", operationID: "updateWarehouse", summary: "修改仓库信息", tag: tag,
        access: .permission(.manageResources), parameters: [SupervisionAPI.path("id", "仓库 ID")],
        requestSchema: Schemas.ref("WarehouseRequest"), responses: [(200, "已修改", Schemas.ref("Warehouse")), notFound],
        errorCodes: warehouseCodes + ["warehouse.not_found"]
    )
    .explaining(
        "ST201", "an empty text in an optional field is read as not given, as the page's form sends it: one parser serves both faces"
    )
    .explaining("ST202", "latitude and longitude are given together or not at all: a rule across two fields")

    static let archiveWarehouse = APIOperation(
        method: .post, path: "warehouses/{id}/archive", operationID: "archiveWarehouse", summary: "停用仓库（须已无库存）", tag: tag,
        access: .permission(.manageResources), parameters: [SupervisionAPI.path("id", "仓库 ID")],
        responses: [(200, "已停用", Schemas.ref("Warehouse")), notFound, conflict], errorCodes: ["warehouse.not_found", "warehouse.has_stock"])

    static let listSupplies = APIOperation(
        method: .get, path: "supplies", operationID: "listSupplies", summary: "应急物资目录（GB/T 38565-2020 分类）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            query("majorClass", "物资大类 1–3", ["type": "integer", "enum": [1, 2, 3]]), searchParameter,
        ],
        responses: [(200, "一页物资", Schemas.page(of: "SupplyItem"))])

    static let createSupply = APIOperation(
        method: .post, path: "supplies", operationID: "createSupply", summary: "向目录添加物资", tag: tag, access: .permission(.manageResources),
        requestSchema: Schemas.ref("SupplyItemRequest"), responses: [(201, "已添加", Schemas.ref("SupplyItem")), conflict],
        errorCodes: [
            "supply.field_required", "supply.major_class_invalid", "supply.code_invalid", "supply.name_too_long",
            "supply.specification_too_long", "supply.unit_too_long", "supply.duplicate",
        ]
    )
    .explaining("ST202", "the code's first digit must be the item's major class (GB/T 38565-2020): a rule across two fields")
    .explaining(
        "ST201",
        "an empty text in an optional field (code, specification) is read as not given, as the page's form sends it: one parser serves both faces"
    )

    static let balanceParameters: [P] = [
        query("warehouseId", "仓库", SupervisionSchemas.uuid), query("itemId", "物资", SupervisionSchemas.uuid),
        query("majorClass", "物资大类 1–3", ["type": "integer", "enum": [1, 2, 3]]), query("divisionCode", "区划（含下级）", Schemas.divisionCode),
        query("low", "只看低于预警下限的", SupervisionSchemas.boolean),
        query("atLeast", "只看库存不少于此数的（哪些仓库有 N 件以上）", ["type": "integer", "minimum": 0, "maximum": 10_000_000]), searchParameter,
    ]

    static let listBalances = APIOperation(
        method: .get, path: "stock/balances", operationID: "listStockBalances",
        summary: "库存余额：每个仓库每种物资一行（由出入库单维护，可用 anlan stock verify 按单据复核）", tag: tag,
        access: .permission(.readBusinessData), parameters: AccountsAPI.pageParameters + balanceParameters,
        responses: [(200, "一页余额", Schemas.page(of: "StockBalance"))])

    static let listExpiring = APIOperation(
        method: .get, path: "stock/expiring", operationID: "listExpiringBatches", summary: "已过期和 90 日内到期的在库批次", tag: tag,
        access: .permission(.readBusinessData), parameters: AccountsAPI.pageParameters,
        responses: [(200, "一页批次", Schemas.page(of: "ExpiringBatch"))])

    static let reserves = APIOperation(
        method: .get, path: "stock/reserves", operationID: "stockReserves", summary: "物资储备统计：每种物资按乡镇（街道）和县级合计", tag: tag,
        access: .permission(.readBusinessData), responses: [(200, "储备统计", ["type": "array", "items": Schemas.ref("ReserveRow")])])

    static let setMinimum = APIOperation(
        method: .put, path: "stock/minimum", operationID: "setStockMinimum", summary: "设置某仓库某物资的低库存预警下限", tag: tag,
        access: .permission(.manageResources), requestSchema: Schemas.ref("StockMinimumRequest"),
        responses: [(204, "已设置", nil), notFound],
        errorCodes: [
            "stock.threshold_invalid", "stock.field_required", "stock.warehouse_invalid", "stock.item_invalid", "warehouse.not_found",
            "supply.not_found",
        ])

    static let listMovements = APIOperation(
        method: .get, path: "stock/movements", operationID: "listStockMovements", summary: "出入库单（含调入本辖区的调拨单）", tag: tag,
        access: .permission(.readBusinessData),
        parameters: AccountsAPI.pageParameters + [
            query("warehouseId", "仓库（调出或调入）", SupervisionSchemas.uuid),
            query("kind", "业务类型", ResourceSchemas.enumeration(StockMovementKind.self)),
            query("itemId", "含此物资", SupervisionSchemas.uuid), query("from", "业务日期起", Schemas.day), query("to", "业务日期止", Schemas.day),
            query("awaitingConfirmation", "只看待签收的出库、调拨单", SupervisionSchemas.boolean), searchParameter,
        ],
        responses: [(200, "一页单据", Schemas.page(of: "StockMovement"))])

    static let getMovement = APIOperation(
        method: .get, path: "stock/movements/{id}", operationID: "getStockMovement", summary: "一张出入库单", tag: tag,
        access: .permission(.readBusinessData), parameters: [SupervisionAPI.path("id", "单据 ID")],
        responses: [(200, "单据", Schemas.ref("StockMovement")), notFound], errorCodes: ["stock.movement_not_found"])

    static let recordMovement = APIOperation(
        method: .post, path: "stock/movements", operationID: "recordStockMovement",
        summary: "办理入库、出库、调拨、退库、报废或盘点：一张单据，全部行一起记账，或一行也不记", tag: tag,
        access: .permission(.manageResources), requestSchema: Schemas.ref("StockMovementRequest"),
        responses: [(201, "已记账", Schemas.ref("StockMovement")), notFound, conflict], errorCodes: StockErrors.movementCodes
    )
    .explaining(
        "ST202", "the fields of a line depend on the kind (a quantity, or a count for a stocktake); the day must not be after today")

    static let confirmMovement = APIOperation(
        method: .post, path: "stock/movements/{id}/confirm", operationID: "confirmStockMovement", summary: "出库、调拨单签收确认", tag: tag,
        access: .permission(.manageResources), parameters: [SupervisionAPI.path("id", "单据 ID")],
        // The body may be empty: the receiver the slip names signed today.
        requestSchema: SupervisionSchemas.object(
            [], ["signedBy": ["type": "string", "maxLength": 30, "description": "签收人（纸质单据上签字的人）；默认为单据上的领用（经手）人"], "signedOn": Schemas.day]),
        responses: [(200, "已签收", Schemas.ref("StockMovement")), notFound, conflict],
        errorCodes: [
            "stock.movement_not_found", "stock.already_confirmed", "stock.not_confirmable", "stock.field_required",
            "stock.signed_by_too_long", "stock.signed_on_invalid",
        ]
    )
    .explaining("ST202", "signedOn must lie between the slip's own day and today: bounds from the record and the present")
}
