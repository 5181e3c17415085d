import AnlanCore
import Foundation
import SQLKit

/// The stock ledger. A slip is recorded in one transaction with its lines, the batches and balances it moves and its
/// audit record, or not at all. Each (warehouse, item) balance row is locked before its batches are read (`FOR UPDATE`
/// on PostgreSQL; SQLite has one writer), in a fixed order, so concurrent issues of the last units queue behind one
/// another and exactly the available quantity goes out.
public struct StockRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let warehouses: WarehouseRepository
    let movements = ScopedTable(name: "stock_movements", divisionColumn: "division_code")
    let balances = ScopedTable(name: "stock_balances", divisionColumn: "division_code")

    /// Records a slip; refusals change nothing.
    public func record(_ order: StockMovementOrder, by caller: Caller) async throws -> StockMovement {
        try caller.require(.manageResources)
        try WarehouseRepository.requireReader(caller)
        let source = try await warehouses.get(order.warehouseID, by: caller)
        guard source.archivedAt == nil else { throw StockErrors.warehouseArchived }
        var destination: Warehouse?
        if let to = order.toWarehouseID {
            // The receiving side may lie outside a township's jurisdiction (back to the county reserve).
            destination = try await warehouses.get(to, by: .console("stock-transfer"))
            guard destination?.archivedAt == nil else { throw StockErrors.warehouseArchived }
        }
        var items: [UUID: SupplyItem] = [:]
        for id in Set(order.lines.map(\.itemID)) {
            let item = try await warehouses.item(id, by: caller)
            guard item.archivedAt == nil else { throw StockErrors.itemNotFound }
            items[id] = item
        }
        var seen = Set<String>()
        for line in order.lines where line.batchNo != nil || order.kind == .stocktake {
            guard seen.insert("\(line.itemID.key)|\(line.batchNo ?? "")").inserted else { throw StockErrors.duplicateLine }
        }
        let resolved = items
        let target = destination
        let today = Day(environment.now())
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            try await Self.post(order, items: resolved, source: source, destination: target, today: today, newID: environment.newID, in: tx)
        }
    }

    /// Posts a slip inside the caller's transaction: locks its balances, moves its batches, keeps what dispatch orders
    /// reserved, numbers it, writes it and its audit record. The one way a slip is written (`record`, and a dispatch
    /// order's goods leaving).
    static func post(
        _ order: StockMovementOrder, items: [UUID: SupplyItem], source: Warehouse, destination: Warehouse?, today: Day,
        newID: @escaping @Sendable () -> UUID, in tx: Transaction
    ) async throws -> StockMovement {
        var posting = Posting(tx: tx, order: order, items: items, today: today, source: source, destination: destination, newID: newID)
        try await posting.lockBalances()
        try await posting.post()
        try await posting.keepReservations()
        let number = try await nextNumber(order.kind.numberPrefix, day: order.occurredOn, on: tx.sql)
        let movement = try await posting.insertHeader(id: newID(), number: number)
        try await tx.record(
            AuditEvent(
                action: "stock.\(order.kind.rawValue)", targetType: "stock_movement", targetID: movement.id.key,
                after: auditJSON(AuditSummary(movement))))
        return movement
    }

    /// Records the receipt (签收) of an issue or a transfer from its signed paper slip: who signed and when (read by
    /// `StockReceipt.parse` from the input, by default the slip's receiver and today), and who entered it.
    public func confirm(_ id: UUID, input: some CommandInput = FieldsInput([:]), by caller: Caller) async throws -> StockMovement {
        try caller.require(.manageResources)
        let movement = try await self.movement(id, by: caller)
        guard movement.kind == .issue || movement.kind == .transfer else { throw StockErrors.notConfirmable }
        guard movement.confirmedAt == nil else { throw StockErrors.alreadyConfirmed }
        let receipt = try StockReceipt.parse(input, slip: movement, today: Day(environment.now()))
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            let rows = try await tx.sql.update("stock_movements").set("confirmed_by", to: SQLBind(caller.username))
                .set("confirmed_at", to: SQLBind(Timestamp.string(tx.now))).set("signed_by", to: SQLBind(receipt.signedBy))
                .set("signed_on", to: SQLBind(receipt.signedOn.description)).where("id", .equal, SQLBind.id(id))
                .where("confirmed_at", .is, SQLLiteral.null).returning("id").all()
            guard !rows.isEmpty else { throw StockErrors.alreadyConfirmed }
            try await tx.record(
                AuditEvent(
                    action: "stock.confirm", targetType: "stock_movement", targetID: id.key,
                    after: auditJSON(["signedBy": receipt.signedBy, "signedOn": receipt.signedOn.description])))
        }
        return try await self.movement(id, by: caller)
    }

    /// The next slip number of a prefix and day, taken inside the caller's transaction.
    static func nextNumber(_ prefix: String, day: Day, on sql: any SQLDatabase) async throws -> String {
        let key = String(day.description.filter(\.isNumber))
        let next = try await Sequences.next(
            "stock_sequences", key: [("prefix", SQLBind(prefix)), ("day", SQLBind(key))], on: sql,
            failure: AnlanError(.conflict, code: "stock.sequence_failed", message: "单据编号分配失败，请重试。"))
        return "\(prefix)\(key)-" + String(format: "%03d", next)
    }

    // MARK: - Reading slips

    public struct MovementFilter: Sendable {
        public var warehouseID: UUID?
        public var kind: StockMovementKind?
        public var itemID: UUID?
        public var from: Day?
        public var to: Day?
        public var awaitingConfirmation: Bool?
        public var query: String?

        public init(
            warehouseID: UUID? = nil, kind: StockMovementKind? = nil, itemID: UUID? = nil, from: Day? = nil, to: Day? = nil,
            awaitingConfirmation: Bool? = nil, query: String? = nil
        ) {
            self.warehouseID = warehouseID
            self.kind = kind
            self.itemID = itemID
            self.from = from
            self.to = to
            self.awaitingConfirmation = awaitingConfirmation
            self.query = query
        }
    }

    /// Slips the caller may see: those of a warehouse in their jurisdiction, on either side of a transfer.
    private func visible(_ q: SQLSelectBuilder, by caller: Caller) -> SQLSelectBuilder {
        let prefix = SQLLiteral.divisionPrefix(caller.jurisdiction.codePrefix)
        return q.where { $0.where("division_code", .like, prefix).orWhere("to_division_code", .like, prefix) }
    }

    public func movements(_ filter: MovementFilter, page: PageRequest, by caller: Caller) async throws -> Page<StockMovement> {
        try WarehouseRepository.requireReader(caller)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = visible(q.from("stock_movements"), by: caller)
            if let id = filter.warehouseID {
                q = q.where { $0.where("warehouse_id", .equal, SQLBind.id(id)).orWhere("to_warehouse_id", .equal, SQLBind.id(id)) }
            }
            if let kind = filter.kind { q = q.where("kind", .equal, SQLBind(kind.rawValue)) }
            if let item = filter.itemID {
                q = q.where(
                    "id", .in, SQLGroupExpression(SQLQueryString("SELECT movement_id FROM stock_lines WHERE item_id = \(bind: item.key)")))
            }
            if let from = filter.from { q = q.where("occurred_on", .greaterThanOrEqual, SQLBind(from.description)) }
            if let to = filter.to { q = q.where("occurred_on", .lessThanOrEqual, SQLBind(to.description)) }
            if filter.awaitingConfirmation == true {
                q = q.where("kind", .in, SQLBind.group(["issue", "transfer"])).where("confirmed_at", .is, SQLLiteral.null)
            }
            return TextSearch.apply(filter.query, columns: ["number", "party", "receiver", "reason", "note"], enterpriseColumn: nil, to: q)
        }
        let total =
            try await apply(database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await apply(database.reader.select().column("*")).orderBy("occurred_on", .descending)
            .orderBy("recorded_at", .descending).orderBy("id").limit(page.pageSize).offset(page.offset).all()
        var found = try rows.map(Self.decodeMovement)
        let lines = try await self.lines(of: found.map(\.id))
        for index in found.indices { found[index].lines = lines[found[index].id] ?? [] }
        return Page(items: found, total: total, request: page)
    }

    public func movement(_ id: UUID, by caller: Caller) async throws -> StockMovement {
        try WarehouseRepository.requireReader(caller)
        guard
            let row = try await visible(database.reader.select().column("*").from("stock_movements"), by: caller)
                .where("id", .equal, SQLBind.id(id)).first()
        else { throw StockErrors.movementNotFound }
        var movement = try Self.decodeMovement(row)
        movement.lines = try await lines(of: [id])[id] ?? []
        return movement
    }

    private func lines(of ids: [UUID]) async throws -> [UUID: [StockLine]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await database.reader.raw(
            """
            SELECT l.movement_id, l.seq, l.warehouse_id, l.item_id, l.delta, l.book, l.counted, b.batch_no, b.expires_on, \
            i.name, i.specification, i.unit FROM stock_lines l JOIN stock_batches b ON b.id = l.batch_id \
            JOIN supply_items i ON i.id = l.item_id WHERE l.movement_id IN \(SQLBind.group(ids.map(\.key))) ORDER BY l.movement_id, l.seq
            """
        ).all()
        var out: [UUID: [StockLine]] = [:]
        for row in rows {
            let name = try row.decode(column: "name", as: String.self), spec = try row.decode(column: "specification", as: String.self)
            out[try row.decodeID("movement_id"), default: []].append(
                StockLine(
                    seq: try row.decode(column: "seq", as: Int.self), warehouseID: try row.decodeID("warehouse_id"),
                    itemID: try row.decodeID("item_id"), itemTitle: spec.isEmpty ? name : "\(name)（\(spec)）",
                    unit: try row.decode(column: "unit", as: String.self), batchNo: try row.decode(column: "batch_no", as: String.self),
                    expiresOn: try row.decodeOptional("expires_on", as: String.self).flatMap(Day.init),
                    delta: try row.decode(column: "delta", as: Int.self), book: try row.decodeOptional("book", as: Int.self),
                    counted: try row.decodeOptional("counted", as: Int.self)))
        }
        return out
    }

    static func decodeMovement(_ row: any SQLRow) throws -> StockMovement {
        guard let kind = StockMovementKind(rawValue: try row.decode(column: "kind", as: String.self)),
            let occurred = Day(try row.decode(column: "occurred_on", as: String.self)),
            let recordedAt = Timestamp.date(try row.decode(column: "recorded_at", as: String.self))
        else { throw AnlanError.recordCorrupt("出入库单") }
        return StockMovement(
            id: try row.decodeID("id"), number: try row.decode(column: "number", as: String.self), kind: kind,
            warehouseID: try row.decodeID("warehouse_id"), divisionCode: try row.decode(column: "division_code", as: String.self),
            toWarehouseID: try row.decodeOptionalID("to_warehouse_id"), occurredOn: occurred,
            source: try row.decodeOptional("source", as: String.self).flatMap(ReceiptSource.init),
            recipientKind: try row.decodeOptional("recipient_kind", as: String.self).flatMap(RecipientKind.init),
            party: try row.decodeOptional("party", as: String.self), receiver: try row.decodeOptional("receiver", as: String.self),
            receiverPhone: try row.decodeOptional("receiver_phone", as: String.self),
            reason: try row.decodeOptional("reason", as: String.self),
            expiredConfirmed: try row.decode(column: "expired_confirmed", as: Int.self) != 0,
            note: try row.decodeOptional("note", as: String.self),
            recordedBy: try row.decode(column: "recorded_by", as: String.self), recordedAt: recordedAt,
            confirmedBy: try row.decodeOptional("confirmed_by", as: String.self),
            confirmedAt: try row.decodeOptional("confirmed_at", as: String.self).flatMap(Timestamp.date),
            signedBy: try row.decodeOptional("signed_by", as: String.self),
            signedOn: try row.decodeOptional("signed_on", as: String.self).flatMap(Day.init), lines: [])
    }
}

/// What the audit record keeps of a slip: enough to rebuild the paper 出入库单.
struct AuditSummary: Encodable {
    let number: String
    let kind: String
    let warehouseId: String
    let toWarehouseId: String?
    let occurredOn: String
    let party: String?
    let receiver: String?
    let reason: String?
    let expiredConfirmed: Bool
    let lines: [String]

    init(_ m: StockMovement) {
        number = m.number
        kind = m.kind.rawValue
        warehouseId = m.warehouseID.key
        toWarehouseId = m.toWarehouseID?.key
        occurredOn = m.occurredOn.description
        party = m.party
        receiver = m.receiver
        reason = m.reason
        expiredConfirmed = m.expiredConfirmed
        lines = m.lines.map { "\($0.itemTitle) 批次[\($0.batchNo)] \($0.delta > 0 ? "+" : "")\($0.delta)\($0.unit)" }
    }
}
