import AnlanCore
import Foundation
import SQLKit

/// Warehouses and the supply catalog. A warehouse belongs to the division it stands in: a township officer sees and
/// keeps the points of their township; the county's staff see all. Enterprise officers do not see the county's stores.
public struct WarehouseRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let warehouses = ScopedTable(name: "warehouses", divisionColumn: "division_code")

    public struct Filter: Sendable {
        public var kind: WarehouseKind?
        public var divisionCode: DivisionCode?
        public var query: String?
        public var includeArchived: Bool

        public init(kind: WarehouseKind? = nil, divisionCode: DivisionCode? = nil, query: String? = nil, includeArchived: Bool = false) {
            self.kind = kind
            self.divisionCode = divisionCode
            self.query = query
            self.includeArchived = includeArchived
        }
    }

    /// Readiness records are the bureau's: every business role but the enterprise officer reads them.
    public static func requireReader(_ caller: Caller) throws {
        if caller.isConsole { return }
        guard let role = caller.role, role.can(.readBusinessData), role != .enterpriseOfficer else { throw AnlanError.forbidden }
    }

    // MARK: - Warehouses

    public func create(_ draft: WarehouseDraft, by caller: Caller) async throws -> Warehouse {
        try caller.require(.manageResources)
        try await checkDivisions(draft, by: caller)
        let warehouse = Self.warehouse(id: environment.newID(), draft)
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            let now = Timestamp.string(tx.now)
            try await tx.sql.insert(into: "warehouses")
                .columns(
                    "id", "name", "kind", "division_code", "address", "latitude", "longitude", "manager", "phone", "key_holder",
                    "key_holder_phone", "area_square_metres", "opening_hours", "serves", "note", "created_at", "updated_at", "archived_at"
                )
                .values(
                    SQLBind.id(warehouse.id), SQLBind(warehouse.name), SQLBind(warehouse.kind.rawValue), SQLBind(warehouse.divisionCode),
                    SQLBind(warehouse.address), SQLBind(warehouse.latitude), SQLBind(warehouse.longitude), SQLBind(warehouse.manager),
                    SQLBind(warehouse.phone), SQLBind(warehouse.keyHolder), SQLBind(warehouse.keyHolderPhone),
                    SQLBind(warehouse.areaSquareMetres), SQLBind(warehouse.openingHours), SQLBind(warehouse.serves.joined(separator: ",")),
                    SQLBind(warehouse.note), SQLBind(now), SQLBind(now), SQLBind(String?.none)
                ).run()
            try await tx.record(
                AuditEvent(action: "warehouse.create", targetType: "warehouse", targetID: warehouse.id.key, after: auditJSON(warehouse)))
        }
        return warehouse
    }

    public func update(_ id: UUID, _ draft: WarehouseDraft, by caller: Caller) async throws -> Warehouse {
        try caller.require(.manageResources)
        try await checkDivisions(draft, by: caller)
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard
                let row = try await warehouses.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update)
                    .first()
            else { throw StockErrors.warehouseNotFound }
            let before = try Self.decode(row)
            let after = Self.warehouse(id: id, draft)
            try await warehouses.update(tx.sql, for: caller)
                .set("name", to: SQLBind(after.name)).set("kind", to: SQLBind(after.kind.rawValue))
                .set("division_code", to: SQLBind(after.divisionCode)).set("address", to: SQLBind(after.address))
                .set("latitude", to: SQLBind(after.latitude)).set("longitude", to: SQLBind(after.longitude))
                .set("manager", to: SQLBind(after.manager)).set("phone", to: SQLBind(after.phone))
                .set("key_holder", to: SQLBind(after.keyHolder)).set("key_holder_phone", to: SQLBind(after.keyHolderPhone))
                .set("area_square_metres", to: SQLBind(after.areaSquareMetres)).set("opening_hours", to: SQLBind(after.openingHours))
                .set("serves", to: SQLBind(after.serves.joined(separator: ","))).set("note", to: SQLBind(after.note))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind.id(id)).run()
            // The balances carry the division for scoped reports; a moved warehouse takes them along.
            try await tx.sql.update("stock_balances").set("division_code", to: SQLBind(after.divisionCode))
                .where("warehouse_id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "warehouse.update", targetType: "warehouse", targetID: id.key, before: auditJSON(before),
                    after: auditJSON(after)))
            return after
        }
    }

    /// 停用: only an empty warehouse; its slips stay.
    public func archive(_ id: UUID, by caller: Caller) async throws -> Warehouse {
        try caller.require(.manageResources)
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard
                let row = try await warehouses.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update)
                    .first()
            else { throw StockErrors.warehouseNotFound }
            var warehouse = try Self.decode(row)
            guard warehouse.archivedAt == nil else { return warehouse }
            let held =
                try await tx.sql.raw(
                    "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS n FROM stock_balances WHERE warehouse_id = \(bind: id.key)"
                ).first(decodingColumn: "n", as: Int.self) ?? 0
            guard held == 0 else {
                throw AnlanError(.conflict, code: "warehouse.has_stock", message: "仓库尚有库存（\(held) 件），请先调拨或出库后再停用。")
            }
            warehouse.archivedAt = tx.now
            try await warehouses.update(tx.sql, for: caller).set("archived_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(AuditEvent(action: "warehouse.archive", targetType: "warehouse", targetID: id.key))
            return warehouse
        }
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> Warehouse {
        try Self.requireReader(caller)
        guard let row = try await warehouses.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw StockErrors.warehouseNotFound }
        return try Self.decode(row)
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<Warehouse> {
        try Self.requireReader(caller)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if let kind = filter.kind { q = q.where("kind", .equal, SQLBind(kind.rawValue)) }
            if let code = filter.divisionCode { q = q.where("division_code", .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix)) }
            if !filter.includeArchived { q = q.where("archived_at", .is, SQLLiteral.null) }
            return TextSearch.apply(filter.query, columns: ["name", "address", "manager", "key_holder"], enterpriseColumn: nil, to: q)
        }
        let total = try await warehouses.count(database.reader, for: caller, apply)
        let rows = try await apply(warehouses.select(database.reader, for: caller).column("*"))
            .orderBy("kind").orderBy("division_code").orderBy("name").orderBy("id")
            .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// Names of warehouses by ID, without jurisdiction (a transfer names the other side's warehouse).
    public func names(of ids: [UUID]) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [String: String] = [:]
        for row in try await database.reader.select().columns("id", "name").from("warehouses")
            .where("id", .in, SQLBind.group(Set(ids).map(\.key))).all()
        {
            names[try row.decode(column: "id", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }

    /// Every open warehouse a transfer may go to: the whole county's, by name (a township sends back to the county).
    public func destinations(by caller: Caller) async throws -> [(id: UUID, name: String)] {
        try Self.requireReader(caller)
        return try await database.reader.select().columns("id", "name").from("warehouses").where("archived_at", .is, SQLLiteral.null)
            .orderBy("kind").orderBy("division_code").orderBy("name").all()
            .map { (try $0.decodeID("id"), try $0.decode(column: "name", as: String.self)) }
    }

    private func checkDivisions(_ draft: WarehouseDraft, by caller: Caller) async throws {
        try warehouses.requireWritable(draft.divisionCode, by: caller)
        guard try await divisions.lookup(draft.divisionCode, on: database.reader) != nil else {
            throw AnlanError.invalid("warehouse.division_code_invalid", "所在区划 \(draft.divisionCode) 不存在。", field: "divisionCode")
        }
        for code in draft.serves where try await divisions.lookup(code, on: database.reader) == nil {
            throw AnlanError.invalid("warehouse.serves_invalid", "保障区域中的区划 \(code) 不存在。", field: "serves")
        }
    }

    static func warehouse(id: UUID, _ d: WarehouseDraft) -> Warehouse {
        Warehouse(
            id: id, name: d.name, kind: d.kind, divisionCode: d.divisionCode.rawValue, address: d.address, latitude: d.latitude,
            longitude: d.longitude, manager: d.manager, phone: d.phone, keyHolder: d.keyHolder, keyHolderPhone: d.keyHolderPhone,
            areaSquareMetres: d.areaSquareMetres, openingHours: d.openingHours, serves: d.serves.map(\.rawValue), note: d.note)
    }

    static func decode(_ row: any SQLRow) throws -> Warehouse {
        guard let kind = WarehouseKind(rawValue: try row.decode(column: "kind", as: String.self)) else {
            throw AnlanError.recordCorrupt("仓库类别")
        }
        let serves = try row.decode(column: "serves", as: String.self)
        return Warehouse(
            id: try row.decodeID("id"), name: try row.decode(column: "name", as: String.self), kind: kind,
            divisionCode: try row.decode(column: "division_code", as: String.self),
            address: try row.decode(column: "address", as: String.self),
            latitude: try row.decodeOptional("latitude", as: Double.self), longitude: try row.decodeOptional("longitude", as: Double.self),
            manager: try row.decode(column: "manager", as: String.self), phone: try row.decode(column: "phone", as: String.self),
            keyHolder: try row.decodeOptional("key_holder", as: String.self),
            keyHolderPhone: try row.decodeOptional("key_holder_phone", as: String.self),
            areaSquareMetres: try row.decodeOptional("area_square_metres", as: Double.self),
            openingHours: try row.decodeOptional("opening_hours", as: String.self),
            serves: serves.split(separator: ",").map(String.init), note: try row.decodeOptional("note", as: String.self),
            archivedAt: try row.decodeOptional("archived_at", as: String.self).flatMap(Timestamp.date))
    }

    // MARK: - Supply catalog

    public func createItem(_ draft: SupplyItemDraft, by caller: Caller) async throws -> SupplyItem {
        try caller.require(.manageResources)
        let item = SupplyItem(
            id: environment.newID(), majorClass: draft.majorClass, code: draft.code, name: draft.name, specification: draft.specification,
            unit: draft.unit)
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            let existing = try await tx.sql.select().column("id").from("supply_items").where("name", .equal, SQLBind(item.name))
                .where("specification", .equal, SQLBind(item.specification)).where("unit", .equal, SQLBind(item.unit)).first()
            guard existing == nil else { throw StockErrors.itemDuplicate }
            try await tx.sql.insert(into: "supply_items")
                .columns("id", "major_class", "code", "name", "specification", "unit", "created_at", "archived_at")
                .values(
                    SQLBind.id(item.id), SQLBind(item.majorClass.rawValue), SQLBind(item.code), SQLBind(item.name),
                    SQLBind(item.specification), SQLBind(item.unit), SQLBind(Timestamp.string(tx.now)), SQLBind(String?.none)
                ).run()
            try await tx.record(
                AuditEvent(action: "supply.create", targetType: "supply_item", targetID: item.id.key, after: auditJSON(item)))
        }
        return item
    }

    public func items(majorClass: SupplyMajorClass? = nil, query: String? = nil, page: PageRequest, by caller: Caller) async throws
        -> Page<SupplyItem>
    {
        try Self.requireReader(caller)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q.from("supply_items").where("archived_at", .is, SQLLiteral.null)
            if let majorClass { q = q.where("major_class", .equal, SQLBind(majorClass.rawValue)) }
            return TextSearch.apply(query, columns: ["name", "specification", "code"], enterpriseColumn: nil, to: q)
        }
        let total =
            try await apply(database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await apply(database.reader.select().column("*")).orderBy("major_class").orderBy("name").orderBy("specification")
            .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeItem), total: total, request: page)
    }

    /// The whole catalog, for a slip's item picker (a county's catalog is a few hundred entries).
    public func allItems(by caller: Caller) async throws -> [SupplyItem] {
        try Self.requireReader(caller)
        return try await database.reader.select().column("*").from("supply_items").where("archived_at", .is, SQLLiteral.null)
            .orderBy("major_class").orderBy("name").orderBy("specification").all().map(Self.decodeItem)
    }

    public func item(_ id: UUID, by caller: Caller) async throws -> SupplyItem {
        try Self.requireReader(caller)
        guard let row = try await database.reader.select().column("*").from("supply_items").where("id", .equal, SQLBind.id(id)).first()
        else { throw StockErrors.itemNotFound }
        return try Self.decodeItem(row)
    }

    static func decodeItem(_ row: any SQLRow) throws -> SupplyItem {
        guard let major = SupplyMajorClass(rawValue: try row.decode(column: "major_class", as: Int.self)) else {
            throw AnlanError.recordCorrupt("物资大类")
        }
        return SupplyItem(
            id: try row.decodeID("id"), majorClass: major, code: try row.decodeOptional("code", as: String.self),
            name: try row.decode(column: "name", as: String.self), specification: try row.decode(column: "specification", as: String.self),
            unit: try row.decode(column: "unit", as: String.self),
            archivedAt: try row.decodeOptional("archived_at", as: String.self).flatMap(Timestamp.date))
    }
}
