import AnlanCore
import Foundation
import SQLKit

/// One slip being posted inside its transaction: locks the balances it touches, moves the batches line by line (each
/// line reads the batches as the previous lines left them), and writes the header and lines.
struct Posting {
    let tx: Transaction
    let order: StockMovementOrder
    let items: [UUID: SupplyItem]
    let today: Day
    let source: Warehouse
    let destination: Warehouse?
    let newID: @Sendable () -> UUID
    private(set) var lines:
        [(warehouse: UUID, item: UUID, batch: UUID, batchNo: String, expiresOn: Day?, delta: Int, book: Int?, counted: Int?)] =
            []
    private(set) var expiredUsed = false

    init(
        tx: Transaction, order: StockMovementOrder, items: [UUID: SupplyItem], today: Day, source: Warehouse, destination: Warehouse?,
        newID: @escaping @Sendable () -> UUID
    ) {
        self.tx = tx
        self.order = order
        self.items = items
        self.today = today
        self.source = source
        self.destination = destination
        self.newID = newID
    }

    var sql: any SQLDatabase { tx.sql }

    /// Locks the slip's warehouses, then makes sure each (warehouse, item) balance row exists and locks it.
    func lockBalances() async throws {
        try await Self.lock([source] + (destination.map { [$0] } ?? []), items: Set(order.lines.map(\.itemID)), on: sql)
    }

    /// Locks warehouses, then makes sure each (warehouse, item) balance row exists and locks it, in one order for every
    /// writer (a slip, a dispatch order reserving supplies), so two of them over the same items cannot wait on each other.
    static func lock(_ warehouses: [Warehouse], items: Set<UUID>, on sql: any SQLDatabase) async throws {
        // The warehouses first (the order an archive takes them in): one retired meanwhile takes no more slips.
        for warehouse in warehouses.sorted(by: { $0.id.key < $1.id.key }) {
            let row = try await sql.select().column("archived_at").from("warehouses").where("id", .equal, SQLBind.id(warehouse.id))
                .for(.update).first()
            guard let row, try row.decodeNil(column: "archived_at") else { throw StockErrors.warehouseArchived }
        }
        var keys: [(warehouse: Warehouse, item: UUID)] = []
        for item in items {
            for warehouse in warehouses { keys.append((warehouse, item)) }
        }
        keys.sort { ($0.warehouse.id.key, $0.item.key) < ($1.warehouse.id.key, $1.item.key) }
        for key in keys {
            try await sql.raw(
                """
                INSERT INTO stock_balances (warehouse_id, item_id, division_code, quantity, minimum) \
                VALUES (\(bind: key.warehouse.id.key), \(bind: key.item.key), \(bind: key.warehouse.divisionCode), 0, NULL) \
                ON CONFLICT (warehouse_id, item_id) DO NOTHING
                """
            ).run()
            _ = try await sql.select().column("quantity").from("stock_balances").where("warehouse_id", .equal, SQLBind.id(key.warehouse.id))
                .where("item_id", .equal, SQLBind.id(key.item)).for(.update).first()
        }
    }

    /// What dispatch orders hold reserved of an item in a warehouse (goods not yet gone out). Read under the balance lock.
    static func reserved(_ warehouse: UUID, _ item: UUID, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS n FROM dispatch_supplies \
            WHERE warehouse_id = \(bind: warehouse.key) AND item_id = \(bind: item.key) AND state = \(bind: DispatchSupplyState.reserved.rawValue)
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// The same two figures as subqueries over a balance row aliased `b` (the balance list, the nearest-warehouse search):
    /// reserved by dispatch orders, and held in batches not past their expiry on `today`.
    static func reservedSQL() -> SQLQueryString {
        """
        (SELECT CAST(COALESCE(SUM(d.quantity), 0) AS BIGINT) FROM dispatch_supplies d \
        WHERE d.warehouse_id = b.warehouse_id AND d.item_id = b.item_id AND d.state = \(bind: DispatchSupplyState.reserved.rawValue))
        """
    }

    static func usableSQL(today: Day) -> SQLQueryString {
        """
        (SELECT CAST(COALESCE(SUM(u.quantity), 0) AS BIGINT) FROM stock_batches u WHERE u.warehouse_id = b.warehouse_id \
        AND u.item_id = b.item_id AND (u.expires_on IS NULL OR u.expires_on >= \(bind: today.description)))
        """
    }

    /// What of an item a warehouse holds in batches not past their expiry: what an order may reserve and issue.
    static func usable(_ warehouse: UUID, _ item: UUID, today: Day, on sql: any SQLDatabase) async throws -> Int {
        try await batches(warehouse, item, on: sql).filter { !$0.isExpired(on: today) }.reduce(0) { $0 + $1.quantity }
    }

    /// A slip that takes goods out may not eat into what dispatch orders reserved: after it, each item it took from
    /// unexpired batches must still hold at least the reserved quantity unexpired.
    func keepReservations() async throws {
        guard order.kind == .issue || order.kind == .transfer || order.kind == .scrap else { return }
        let takenUsable = Set(
            lines.filter { $0.warehouse == source.id && $0.delta < 0 && !($0.expiresOn.map { $0 < today } ?? false) }.map(\.item))
        for item in takenUsable.sorted(by: { $0.key < $1.key }) {
            let reserved = try await Self.reserved(source.id, item, on: sql)
            guard reserved > 0 else { continue }
            let left = try await Self.usable(source.id, item, today: today, on: sql)
            if left < reserved {
                throw StockErrors.reservedForDispatch(
                    items[item]?.title ?? "", unit: items[item]?.unit ?? "", reserved: reserved, left: left)
            }
        }
    }

    mutating func post() async throws {
        for line in order.lines {
            guard let item = items[line.itemID] else { throw StockErrors.itemNotFound }
            switch order.kind {
            case .receipt, .return:
                try await bringIn(
                    item, to: source, batchNo: line.batchNo ?? "", producedOn: line.producedOn, expiresOn: line.expiresOn,
                    line.quantity ?? 0)
            case .issue, .scrap:
                _ = try await takeOut(item, from: source, line)
            case .transfer:
                guard let destination else { throw StockErrors.warehouseNotFound }
                for (batch, n) in try await takeOut(item, from: source, line) {
                    try await bringIn(
                        item, to: destination, batchNo: batch.batchNo, producedOn: batch.producedOn, expiresOn: batch.expiresOn, n)
                }
            case .stocktake:
                try await count(item, line)
            }
        }
        if order.kind == .stocktake, order.reason == nil, lines.contains(where: { $0.delta != 0 }) {
            throw StockErrors.reasonRequired(.stocktake)
        }
    }

    private func batches(_ warehouse: UUID, _ item: UUID) async throws -> [StockBatch] {
        try await Self.batches(warehouse, item, on: sql)
    }

    static func batches(_ warehouse: UUID, _ item: UUID, on sql: any SQLDatabase) async throws -> [StockBatch] {
        try await sql.select().columns("id", "batch_no", "produced_on", "expires_on", "quantity").from("stock_batches")
            .where("warehouse_id", .equal, SQLBind.id(warehouse)).where("item_id", .equal, SQLBind.id(item)).all()
            .map {
                StockBatch(
                    id: try $0.decodeID("id"), batchNo: try $0.decode(column: "batch_no", as: String.self),
                    producedOn: try $0.decodeOptional("produced_on", as: String.self).flatMap(Day.init),
                    expiresOn: try $0.decodeOptional("expires_on", as: String.self).flatMap(Day.init),
                    quantity: try $0.decode(column: "quantity", as: Int.self))
            }
    }

    /// Adds an empty batch (its quantity moves with the line that brings it in); returns its ID.
    private func newBatch(_ batch: StockBatch, warehouse: UUID, item: UUID) async throws -> UUID {
        try await sql.insert(into: "stock_batches")
            .columns("id", "warehouse_id", "item_id", "batch_no", "produced_on", "expires_on", "quantity")
            .values(
                SQLBind.id(batch.id), SQLBind.id(warehouse), SQLBind.id(item), SQLBind(batch.batchNo),
                SQLBind(batch.producedOn?.description),
                SQLBind(batch.expiresOn?.description), SQLBind(0)
            ).run()
        return batch.id
    }

    private func move(_ batch: UUID, warehouse: UUID, item: UUID, by delta: Int) async throws {
        try await sql.raw("UPDATE stock_batches SET quantity = quantity + \(bind: delta) WHERE id = \(bind: batch.key)").run()
        try await sql.raw(
            "UPDATE stock_balances SET quantity = quantity + \(bind: delta) WHERE warehouse_id = \(bind: warehouse.key) AND item_id = \(bind: item.key)"
        ).run()
    }

    private mutating func bringIn(
        _ item: SupplyItem, to warehouse: Warehouse, batchNo: String, producedOn: Day?, expiresOn: Day?, _ quantity: Int
    )
        async throws
    {
        let held = try await batches(warehouse.id, item.id)
        let batchID: UUID
        var expiry = expiresOn
        if let existing = held.first(where: { $0.batchNo == batchNo }) {
            if (expiresOn != nil && existing.expiresOn != expiresOn) || (producedOn != nil && existing.producedOn != producedOn) {
                throw StockErrors.batchMismatch(batchNo)
            }
            batchID = existing.id
            expiry = existing.expiresOn
        } else {
            batchID = try await newBatch(
                StockBatch(id: newID(), batchNo: batchNo, producedOn: producedOn, expiresOn: expiresOn, quantity: 0),
                warehouse: warehouse.id,
                item: item.id)
        }
        try await move(batchID, warehouse: warehouse.id, item: item.id, by: quantity)
        lines.append((warehouse.id, item.id, batchID, batchNo, expiry, quantity, nil, nil))
    }

    private mutating func takeOut(_ item: SupplyItem, from warehouse: Warehouse, _ line: StockLineOrder) async throws -> [(StockBatch, Int)]
    {
        let quantity = line.quantity ?? 0
        let taken = try StockAllocation.allocate(
            quantity, of: item.title, unit: item.unit, from: try await batches(warehouse.id, item.id), batchNo: line.batchNo, today: today,
            allowExpired: order.allowExpired || order.kind == .scrap)
        for (batch, n) in taken {
            try await move(batch.id, warehouse: warehouse.id, item: item.id, by: -n)
            if batch.isExpired(on: today) && order.kind != .scrap { expiredUsed = true }
            lines.append((warehouse.id, item.id, batch.id, batch.batchNo, batch.expiresOn, -n, nil, nil))
        }
        return taken.map { ($0.batch, $0.quantity) }
    }

    private mutating func count(_ item: SupplyItem, _ line: StockLineOrder) async throws {
        let counted = line.counted ?? 0
        let held = try await batches(source.id, item.id)
        var batch: StockBatch?
        if let batchNo = line.batchNo {
            batch = held.first { $0.batchNo == batchNo }
            if batch == nil && counted == 0 { throw StockErrors.batchNotFound(batchNo, item.title) }
        } else if held.count == 1 {
            batch = held[0]
        } else if held.count > 1 {
            throw StockErrors.batchRequired(item.title)
        }
        let target: StockBatch
        if let batch {
            target = batch
        } else {
            // Found on the shelf but not in the book: a new batch, counted in as a gain.
            target = StockBatch(id: newID(), batchNo: line.batchNo ?? "", expiresOn: nil, quantity: 0)
            _ = try await newBatch(target, warehouse: source.id, item: item.id)
        }
        let delta = counted - target.quantity
        if delta != 0 { try await move(target.id, warehouse: source.id, item: item.id, by: delta) }
        lines.append((source.id, item.id, target.id, target.batchNo, target.expiresOn, delta, target.quantity, counted))
    }

    /// Writes the slip's header and lines; returns it as recorded.
    func insertHeader(id: UUID, number: String) async throws -> StockMovement {
        try await sql.insert(into: "stock_movements")
            .columns(
                "id", "number", "kind", "warehouse_id", "division_code", "to_warehouse_id", "to_division_code", "occurred_on", "source",
                "recipient_kind", "party", "receiver", "receiver_phone", "reason", "expired_confirmed", "note", "recorded_by",
                "recorded_at",
                "confirmed_by", "confirmed_at"
            )
            .values(
                SQLBind.id(id), SQLBind(number), SQLBind(order.kind.rawValue), SQLBind.id(source.id), SQLBind(source.divisionCode),
                SQLBind.id(destination?.id), SQLBind(destination?.divisionCode), SQLBind(order.occurredOn.description),
                SQLBind(order.source?.rawValue), SQLBind(order.recipientKind?.rawValue), SQLBind(order.party), SQLBind(order.receiver),
                SQLBind(order.receiverPhone), SQLBind(order.reason), SQLBind(expiredUsed ? 1 : 0), SQLBind(order.note),
                SQLBind(tx.caller.username ?? "-"), SQLBind(Timestamp.string(tx.now)), SQLBind(String?.none), SQLBind(String?.none)
            ).run()
        var recorded: [StockLine] = []
        for (index, line) in lines.enumerated() {
            try await sql.insert(into: "stock_lines")
                .columns("movement_id", "seq", "warehouse_id", "item_id", "batch_id", "delta", "book", "counted")
                .values(
                    SQLBind.id(id), SQLBind(index + 1), SQLBind.id(line.warehouse), SQLBind.id(line.item), SQLBind.id(line.batch),
                    SQLBind(line.delta), SQLBind(line.book), SQLBind(line.counted)
                ).run()
            let item = items[line.item]
            recorded.append(
                StockLine(
                    seq: index + 1, warehouseID: line.warehouse, itemID: line.item, itemTitle: item?.title ?? "", unit: item?.unit ?? "",
                    batchNo: line.batchNo, expiresOn: line.expiresOn, delta: line.delta, book: line.book, counted: line.counted))
        }
        return StockMovement(
            id: id, number: number, kind: order.kind, warehouseID: source.id, divisionCode: source.divisionCode,
            toWarehouseID: destination?.id,
            occurredOn: order.occurredOn, source: order.source, recipientKind: order.recipientKind, party: order.party,
            receiver: order.receiver,
            receiverPhone: order.receiverPhone, reason: order.reason, expiredConfirmed: expiredUsed, note: order.note,
            recordedBy: tx.caller.username ?? "-", recordedAt: tx.now, confirmedBy: nil, confirmedAt: nil, lines: recorded)
    }
}
