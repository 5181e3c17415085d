import AnlanCore
import Foundation
import SQLKit

/// What the ledger adds up to: balances per warehouse and item (read from the maintained table, one row each), who holds
/// enough of an item, batches near or past expiry, the reserve report, and the re-derivation that checks the table.
extension StockRepository {
    public struct BalanceFilter: Sendable {
        public var warehouseID: UUID?
        public var itemID: UUID?
        public var majorClass: SupplyMajorClass?
        public var divisionCode: DivisionCode?
        /// Only balances under their low-stock threshold.
        public var low: Bool?
        /// Only balances of at least this quantity ("who holds ≥ N").
        public var atLeast: Int?
        public var query: String?

        public init(
            warehouseID: UUID? = nil, itemID: UUID? = nil, majorClass: SupplyMajorClass? = nil, divisionCode: DivisionCode? = nil,
            low: Bool? = nil, atLeast: Int? = nil, query: String? = nil
        ) {
            self.warehouseID = warehouseID
            self.itemID = itemID
            self.majorClass = majorClass
            self.divisionCode = divisionCode
            self.low = low
            self.atLeast = atLeast
            self.query = query
        }
    }

    private func balanceWhere(_ filter: BalanceFilter, by caller: Caller) -> SQLQueryString {
        var q: SQLQueryString =
            "WHERE b.division_code LIKE \(SQLLiteral.divisionPrefix(caller.jurisdiction.codePrefix)) AND w.archived_at IS NULL"
        if let id = filter.warehouseID { q += " AND b.warehouse_id = \(bind: id.key)" }
        if let id = filter.itemID { q += " AND b.item_id = \(bind: id.key)" }
        if let major = filter.majorClass { q += " AND i.major_class = \(bind: major.rawValue)" }
        if let code = filter.divisionCode { q += " AND b.division_code LIKE \(SQLLiteral.divisionPrefix(code.jurisdictionPrefix))" }
        if filter.low == true { q += " AND b.minimum IS NOT NULL AND b.quantity < b.minimum" }
        // A listed balance is stock held, or a threshold being watched; an emptied row without one is not shown.
        if let n = filter.atLeast { q += " AND b.quantity >= \(bind: n)" } else { q += " AND (b.quantity > 0 OR b.minimum IS NOT NULL)" }
        for word in TextSearch.words(filter.query) {
            let pattern = "%" + word + "%"
            q +=
                " AND (lower(i.name) LIKE \(bind: pattern) OR lower(i.specification) LIKE \(bind: pattern) OR lower(w.name) LIKE \(bind: pattern))"
        }
        return q
    }

    private static let balanceFrom: SQLQueryString =
        " FROM stock_balances b JOIN warehouses w ON w.id = b.warehouse_id JOIN supply_items i ON i.id = b.item_id "

    /// Balances the caller may see, a page at a time; the figures are the maintained table's (`verify` checks it).
    public func balances(_ filter: BalanceFilter, page: PageRequest, by caller: Caller) async throws -> Page<StockBalance> {
        try WarehouseRepository.requireReader(caller)
        let condition = balanceWhere(filter, by: caller)
        let total =
            try await database.reader.raw("SELECT COUNT(*) AS n" + Self.balanceFrom + condition).first(decodingColumn: "n", as: Int.self)
            ?? 0
        let order: SQLQueryString =
            filter.atLeast != nil
            ? " ORDER BY b.quantity DESC, w.name, b.warehouse_id"
            : " ORDER BY i.major_class, i.name, i.specification, w.kind, w.name, b.warehouse_id"
        let rows = try await database.reader.raw(
            """
            SELECT b.warehouse_id, w.name AS warehouse_name, b.division_code, b.quantity, b.minimum, i.*, \
            COALESCE(w.key_holder, w.manager) AS holder, COALESCE(w.key_holder_phone, w.phone) AS holder_phone, \
            (SELECT MIN(s.expires_on) FROM stock_batches s WHERE s.warehouse_id = b.warehouse_id AND s.item_id = b.item_id \
            AND s.quantity > 0) AS next_expiry,
            """ + " " + Posting.reservedSQL() + " AS reserved, " + Posting.usableSQL(today: Day(environment.now())) + " AS usable"
                + Self.balanceFrom + condition + order + " LIMIT \(bind: page.pageSize) OFFSET \(bind: page.offset)"
        ).all()
        return Page(
            items: try rows.map {
                StockBalance(
                    warehouseID: try $0.decodeID("warehouse_id"), warehouseName: try $0.decode(column: "warehouse_name", as: String.self),
                    divisionCode: try $0.decode(column: "division_code", as: String.self), item: try WarehouseRepository.decodeItem($0),
                    quantity: try $0.decode(column: "quantity", as: Int.self), minimum: try $0.decodeOptional("minimum", as: Int.self),
                    nextExpiry: try $0.decodeOptional("next_expiry", as: String.self).flatMap(Day.init),
                    keyHolder: try $0.decode(column: "holder", as: String.self),
                    keyHolderPhone: try $0.decode(column: "holder_phone", as: String.self),
                    reserved: try $0.decode(column: "reserved", as: Int.self), usable: try $0.decode(column: "usable", as: Int.self))
            }, total: total, request: page)
    }

    /// The total of one item across the caller's warehouses: one indexed sum over the balance table.
    public func total(of itemID: UUID, by caller: Caller) async throws -> Int {
        try WarehouseRepository.requireReader(caller)
        return try await database.reader.raw(
            "SELECT CAST(COALESCE(SUM(b.quantity), 0) AS BIGINT) AS n" + Self.balanceFrom
                + balanceWhere(BalanceFilter(itemID: itemID, atLeast: 0), by: caller)
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// The sum of the balances a filter lists: what a list's 合计 line shows.
    public func sum(_ filter: BalanceFilter, by caller: Caller) async throws -> Int {
        try WarehouseRepository.requireReader(caller)
        return try await database.reader.raw(
            "SELECT CAST(COALESCE(SUM(b.quantity), 0) AS BIGINT) AS n" + Self.balanceFrom + balanceWhere(filter, by: caller)
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Sets (or clears, with nil) the low-stock threshold of an item in a warehouse.
    public func setMinimum(warehouse warehouseID: UUID, item itemID: UUID, minimum: Int?, by caller: Caller) async throws {
        try caller.require(.manageResources)
        if let minimum, !(0...StockMovementOrder.maximumQuantity).contains(minimum) { throw StockErrors.thresholdInvalid }
        let warehouse = try await warehouses.get(warehouseID, by: caller)
        _ = try await warehouses.item(itemID, by: caller)
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            try await tx.sql.raw(
                """
                INSERT INTO stock_balances (warehouse_id, item_id, division_code, quantity, minimum) \
                VALUES (\(bind: warehouseID.key), \(bind: itemID.key), \(bind: warehouse.divisionCode), 0, NULL) \
                ON CONFLICT (warehouse_id, item_id) DO NOTHING
                """
            ).run()
            let before = try await tx.sql.raw(
                "SELECT minimum FROM stock_balances WHERE warehouse_id = \(bind: warehouseID.key) AND item_id = \(bind: itemID.key)"
            ).first().flatMap { try $0.decodeOptional("minimum", as: Int.self) }
            try await tx.sql.raw(
                "UPDATE stock_balances SET minimum = \(bind: minimum) WHERE warehouse_id = \(bind: warehouseID.key) AND item_id = \(bind: itemID.key)"
            ).run()
            try await tx.record(
                AuditEvent(
                    action: "stock.set_minimum", targetType: "warehouse", targetID: warehouseID.key,
                    before: auditJSON(["item": itemID.key, "minimum": before.map(String.init) ?? ""]),
                    after: auditJSON(["item": itemID.key, "minimum": minimum.map(String.init) ?? ""])))
        }
    }

    /// A batch still held whose expiry has passed or falls within the warning window.
    public struct ExpiringBatch: Sendable, Equatable {
        public let warehouseID: UUID
        public let warehouseName: String
        public let item: SupplyItem
        public let batchNo: String
        public let expiresOn: Day
        public let quantity: Int
    }

    public func expiring(within days: Int = StockAlerts.expiryWarningDays, page: PageRequest, by caller: Caller) async throws
        -> Page<ExpiringBatch>
    {
        try WarehouseRepository.requireReader(caller)
        let limit = Day(environment.now()).adding(days: days).description
        let condition: SQLQueryString =
            " FROM stock_batches s JOIN warehouses w ON w.id = s.warehouse_id JOIN supply_items i ON i.id = s.item_id WHERE s.quantity > 0 AND s.expires_on IS NOT NULL AND s.expires_on <= \(bind: limit) AND w.archived_at IS NULL AND w.division_code LIKE \(SQLLiteral.divisionPrefix(caller.jurisdiction.codePrefix))"
        let total = try await database.reader.raw("SELECT COUNT(*) AS n" + condition).first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await database.reader.raw(
            "SELECT s.warehouse_id, w.name AS warehouse_name, s.batch_no, s.expires_on, s.quantity, i.*" + condition
                + " ORDER BY s.expires_on, w.name, s.id LIMIT \(bind: page.pageSize) OFFSET \(bind: page.offset)"
        ).all()
        return Page(
            items: try rows.map {
                guard let expires = Day(try $0.decode(column: "expires_on", as: String.self)) else { throw AnlanError.recordCorrupt("有效期") }
                return ExpiringBatch(
                    warehouseID: try $0.decodeID("warehouse_id"), warehouseName: try $0.decode(column: "warehouse_name", as: String.self),
                    item: try WarehouseRepository.decodeItem($0), batchNo: try $0.decode(column: "batch_no", as: String.self),
                    expiresOn: expires,
                    quantity: try $0.decode(column: "quantity", as: Int.self))
            }, total: total, request: page)
    }

    /// The reserves by item and township (a county-level warehouse counts under the county): the annual report's table.
    public func reserves(by caller: Caller) async throws -> [(item: SupplyItem, byDivision: [String: Int], total: Int)] {
        try WarehouseRepository.requireReader(caller)
        let rows = try await database.reader.raw(
            "SELECT b.division_code, b.quantity, i.*" + Self.balanceFrom
                + balanceWhere(BalanceFilter(atLeast: 1), by: caller) + " ORDER BY i.major_class, i.name, i.specification"
        ).all()
        var out: [(item: SupplyItem, byDivision: [String: Int], total: Int)] = []
        for row in rows {
            let item = try WarehouseRepository.decodeItem(row)
            let code = try row.decode(column: "division_code", as: String.self)
            let township = (try? DivisionCode(code)).map(Self.township)?.rawValue ?? code
            let n = try row.decode(column: "quantity", as: Int.self)
            if out.last?.item.id != item.id { out.append((item, [:], 0)) }
            out[out.count - 1].byDivision[township, default: 0] += n
            out[out.count - 1].total += n
        }
        return out
    }

    /// The township a division lies in, or the county for a county-level code.
    public static func township(_ code: DivisionCode) -> DivisionCode {
        var current = code
        while current.level == .village, let parent = current.parent { current = parent }
        return current
    }

    /// Re-derives every batch and balance from the slips' lines and lists each figure that differs from the maintained
    /// tables (empty when the tables are right). Run by `anlan stock verify`.
    public func verify() async throws -> [String] {
        var differences: [String] = []
        let batchRows = try await database.reader.raw(
            """
            SELECT s.id, s.quantity, CAST(COALESCE((SELECT SUM(l.delta) FROM stock_lines l WHERE l.batch_id = s.id), 0) AS BIGINT) AS derived \
            FROM stock_batches s
            """
        ).all()
        for row in batchRows {
            let stored = try row.decode(column: "quantity", as: Int.self), derived = try row.decode(column: "derived", as: Int.self)
            if stored != derived { differences.append("批次 \(try row.decode(column: "id", as: String.self))：账面 \(stored)，按单据 \(derived)") }
        }
        let balanceRows = try await database.reader.raw(
            """
            SELECT b.warehouse_id, b.item_id, b.quantity, CAST(COALESCE((SELECT SUM(l.delta) FROM stock_lines l \
            WHERE l.warehouse_id = b.warehouse_id AND l.item_id = b.item_id), 0) AS BIGINT) AS derived FROM stock_balances b
            """
        ).all()
        for row in balanceRows {
            let stored = try row.decode(column: "quantity", as: Int.self), derived = try row.decode(column: "derived", as: Int.self)
            if stored != derived {
                differences.append(
                    "仓库 \(try row.decode(column: "warehouse_id", as: String.self)) 物资 \(try row.decode(column: "item_id", as: String.self))：余额 \(stored)，按单据 \(derived)"
                )
            }
        }
        return differences
    }
}
