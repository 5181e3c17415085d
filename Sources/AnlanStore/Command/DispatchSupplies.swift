import AnlanCore
import Foundation
import SQLKit

/// Orders to a warehouse (调运物资). Giving the order reserves its supplies against the warehouse's stock, under the same
/// balance-row locks a stock slip takes, so an order and a slip (or two orders) over the last units queue behind one
/// another and the reserved total never exceeds what is held unexpired. When the goods leave (the order goes 在途 or
/// further) they are issued on one 出库单 of the stock ledger in the same transaction as the move, first to expire first;
/// cancelling the order before that releases them. Each step lands on the incident's timeline.
extension IncidentRepository {
    /// The warehouse and items of an order, checked before its transaction (the caller must see the warehouse).
    struct SupplyLoad: Sendable {
        let warehouse: Warehouse
        let lines: [(item: SupplyItem, quantity: Int)]
    }

    func supplyLoad(_ warehouseID: UUID, _ lines: [(itemID: UUID, quantity: Int)], by caller: Caller) async throws -> SupplyLoad {
        let warehouse = try await warehouses.get(warehouseID, by: caller)
        guard warehouse.archivedAt == nil else { throw StockErrors.warehouseArchived }
        var resolved: [(item: SupplyItem, quantity: Int)] = []
        for line in lines {
            let item = try await warehouses.item(line.itemID, by: caller)
            guard item.archivedAt == nil else { throw StockErrors.itemNotFound }
            resolved.append((item, line.quantity))
        }
        return SupplyLoad(warehouse: warehouse, lines: resolved)
    }

    /// Reserves an order's supplies: each line must fit in what the warehouse holds unexpired less what other orders
    /// reserved; one that does not refuses the whole order, with the figures.
    func reserve(_ load: SupplyLoad, for orderID: UUID, in tx: Transaction) async throws -> [DispatchSupply] {
        try await Posting.lock([load.warehouse], items: Set(load.lines.map(\.item.id)), on: tx.sql)
        let today = Day(tx.now)
        var supplies: [DispatchSupply] = []
        for (item, quantity) in load.lines {
            let usable = try await Posting.usable(load.warehouse.id, item.id, today: today, on: tx.sql)
            let reserved = try await Posting.reserved(load.warehouse.id, item.id, on: tx.sql)
            guard quantity <= usable - reserved else {
                throw DispatchErrors.stockInsufficient(item.title, unit: item.unit, usable: usable, reserved: reserved, asked: quantity)
            }
            supplies.append(DispatchSupply(itemID: item.id, itemTitle: item.title, unit: item.unit, quantity: quantity, state: .reserved))
        }
        return supplies
    }

    func insertSupplies(_ order: DispatchOrder, in tx: Transaction) async throws {
        guard let warehouseID = order.warehouseID else { return }
        for (index, supply) in order.supplies.enumerated() {
            try await tx.sql.insert(into: "dispatch_supplies").columns("order_id", "seq", "warehouse_id", "item_id", "quantity", "state")
                .values(
                    SQLBind.id(order.id), SQLBind(index + 1), SQLBind.id(warehouseID), SQLBind.id(supply.itemID), SQLBind(supply.quantity),
                    SQLBind(supply.state.rawValue)
                ).run()
        }
    }

    /// The goods leave: the reserved lines become issued and go out on one 出库单 to the incident, received by the order's
    /// 领用人, in this transaction. A batch that expired since the order was given is not sent: the slip is refused with
    /// the stock's reason and the order stays where it was.
    func issueSupplies(_ order: DispatchOrder, incident: Incident, in tx: Transaction) async throws -> DispatchOrder {
        guard let warehouseID = order.warehouseID else { return order }
        let warehouse = try await warehouses.get(warehouseID, by: .console("dispatch-issue"))
        try await tx.sql.update("dispatch_supplies").set("state", to: SQLBind(DispatchSupplyState.issued.rawValue))
            .where("order_id", .equal, SQLBind.id(order.id)).where("state", .equal, SQLBind(DispatchSupplyState.reserved.rawValue)).run()
        var items: [UUID: SupplyItem] = [:]
        for supply in order.supplies { items[supply.itemID] = try await warehouses.item(supply.itemID, by: .console("dispatch-issue")) }
        let slip = StockMovementOrder(
            kind: .issue, warehouseID: warehouseID, occurredOn: Day(tx.now), recipientKind: .incident,
            party: String(incident.title.prefix(StockMovementOrder.textLimit)), receiver: order.receiver,
            receiverPhone: order.receiverPhone, note: String("调度指令：\(order.task)".prefix(StockMovementOrder.reasonLimit)),
            lines: order.supplies.filter { $0.state == .reserved }.map { StockLineOrder(itemID: $0.itemID, quantity: $0.quantity) })
        let movement = try await StockRepository.post(
            slip, items: items, source: warehouse, destination: nil, today: Day(tx.now), newID: environment.newID, in: tx)
        try await tx.sql.update("dispatch_orders").set("movement_id", to: SQLBind.id(movement.id)).where("id", .equal, SQLBind.id(order.id))
            .run()
        try await append(
            order.incidentID, .order,
            "物资出库（\(order.recipient)）：出库单 \(movement.number)，\(Self.describe(order.supplies))，领用人\(order.receiver ?? "")",
            at: tx.now, in: tx)
        var issued = order
        issued.movementID = movement.id
        for index in issued.supplies.indices where issued.supplies[index].state == .reserved { issued.supplies[index].state = .issued }
        return issued
    }

    /// An order cancelled before its goods left gives its reservation back.
    func releaseSupplies(_ order: DispatchOrder, reason: String, in tx: Transaction) async throws -> DispatchOrder {
        guard order.supplies.contains(where: { $0.state == .reserved }) else { return order }
        try await tx.sql.update("dispatch_supplies").set("state", to: SQLBind(DispatchSupplyState.released.rawValue))
            .where("order_id", .equal, SQLBind.id(order.id)).where("state", .equal, SQLBind(DispatchSupplyState.reserved.rawValue)).run()
        try await append(
            order.incidentID, .order, "释放预留物资（\(order.recipient)）：\(Self.describe(order.supplies.filter { $0.state == .reserved }))",
            at: tx.now, in: tx)
        var released = order
        for index in released.supplies.indices where released.supplies[index].state == .reserved {
            released.supplies[index].state = .released
        }
        return released
    }

    /// The supplies of some orders, in their order.
    static func supplies(of orderIDs: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [DispatchSupply]] {
        guard !orderIDs.isEmpty else { return [:] }
        let rows = try await sql.raw(
            """
            SELECT d.order_id, d.item_id, d.quantity, d.state, i.name, i.specification, i.unit FROM dispatch_supplies d \
            JOIN supply_items i ON i.id = d.item_id WHERE d.order_id IN \(SQLBind.group(orderIDs.map(\.key))) ORDER BY d.order_id, d.seq
            """
        ).all()
        var out: [UUID: [DispatchSupply]] = [:]
        for row in rows {
            guard let state = DispatchSupplyState(rawValue: try row.decode(column: "state", as: String.self)) else {
                throw AnlanError.recordCorrupt("调运物资")
            }
            let name = try row.decode(column: "name", as: String.self), spec = try row.decode(column: "specification", as: String.self)
            out[try row.decodeID("order_id"), default: []].append(
                DispatchSupply(
                    itemID: try row.decodeID("item_id"), itemTitle: spec.isEmpty ? name : "\(name)（\(spec)）",
                    unit: try row.decode(column: "unit", as: String.self), quantity: try row.decode(column: "quantity", as: Int.self),
                    state: state))
        }
        return out
    }

    /// "帐篷（3×4m）20 顶、折叠床 50 张": supplies as the timeline says them.
    static func describe(_ supplies: [DispatchSupply]) -> String {
        supplies.map { "\($0.itemTitle) \($0.quantity) \($0.unit)" }.joined(separator: "、")
    }
}
