import AnlanCore
import Foundation
import SQLKit

/// Dispatch orders (调度指令) of an incident. An order to a team, piece of equipment or expert locks that resource's row,
/// refuses it when it is on another active order or not callable, and marks it busy in the directory until the order
/// is completed or cancelled; every order and every change of its state lands on the incident's timeline.
extension IncidentRepository {
    static let resources = ScopedTable(name: "resources", divisionColumn: "division_code")

    public func dispatch(_ incidentID: UUID, _ draft: DispatchDraft, by caller: Caller) async throws -> DispatchOrder {
        try caller.require(.keepDuty)
        var load: SupplyLoad?
        if let warehouseID = draft.warehouseID { load = try await supplyLoad(warehouseID, draft.supplies, by: caller) }
        let supplyLoad = load
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let incident = try await lock(incidentID, in: tx)
            guard incident.state.isOpen else { throw IncidentErrors.closed }
            let orderID = environment.newID()
            var recipient = draft.recipient ?? ""
            var supplies: [DispatchSupply] = []
            if let load = supplyLoad {
                supplies = try await reserve(load, for: orderID, in: tx)
                recipient = load.warehouse.name
            }
            if let resourceID = draft.resourceID {
                guard
                    let row = try await Self.resources.select(tx.sql, for: tx.caller).column("*").where(
                        "id", .equal, SQLBind.id(resourceID)
                    )
                    .where(SQLColumn("archived_at"), .is, SQLLiteral.null).for(.update).first()
                else { throw DispatchErrors.resourceNotFound }
                let resource = try ResourceDirectory.decode(row)
                guard let busy = DispatchState.busyState(for: resource.kind) else { throw DispatchErrors.notDispatchable }
                let onOrder = try await Self.isOnOrder(resourceID, on: tx.sql)
                guard !onOrder, resource.isCallable else {
                    throw DispatchErrors.busy(resource.name, resource.kind.stateLabel(onOrder ? busy : resource.state))
                }
                try await tx.sql.update("resources").set("state", to: SQLBind(busy)).set(
                    "updated_at", to: SQLBind(Timestamp.string(tx.now))
                )
                .where("id", .equal, SQLBind.id(resourceID)).run()
                recipient = resource.name
            }
            let order = DispatchOrder(
                id: orderID, incidentID: incidentID, target: draft.target, resourceID: draft.resourceID, recipient: recipient,
                task: draft.task, destination: draft.destination ?? incident.place, state: .sent, issuedBy: tx.caller.username ?? "-",
                issuedAt: tx.now, updatedAt: tx.now, note: nil, warehouseID: supplyLoad?.warehouse.id, supplies: supplies,
                receiver: draft.receiver, receiverPhone: draft.receiverPhone)
            try await tx.sql.insert(into: "dispatch_orders")
                .columns(
                    "id", "incident_id", "target", "resource_id", "recipient", "task", "destination", "state", "issued_by", "issued_at",
                    "updated_at", "warehouse_id", "receiver", "receiver_phone"
                )
                .values(
                    SQLBind.id(order.id), SQLBind.id(incidentID), SQLBind(order.target.rawValue), SQLBind.id(order.resourceID),
                    SQLBind(recipient),
                    SQLBind(order.task), SQLBind(order.destination), SQLBind(order.state.rawValue), SQLBind(order.issuedBy),
                    SQLBind(Timestamp.string(tx.now)), SQLBind(Timestamp.string(tx.now)), SQLBind.id(order.warehouseID),
                    SQLBind(order.receiver), SQLBind(order.receiverPhone)
                ).run()
            try await insertSupplies(order, in: tx)
            let goods = supplies.isEmpty ? "" : "，调运\(Self.describe(supplies))（已预留），领用人\(draft.receiver ?? "")"
            try await append(
                incidentID, .order, "下达调度指令：\(recipient)\(goods)，\(order.task)，前往\(order.destination)", at: tx.now, in: tx)
            try await tx.record(
                AuditEvent(action: "dispatch.send", targetType: "incident", targetID: incidentID.key, after: auditJSON(order)))
            return order
        }
    }

    /// Moves an order along its course (or cancels it); completing or cancelling frees its resource.
    public func moveOrder(_ incidentID: UUID, order orderID: UUID, to state: DispatchState, note: String?, by caller: Caller) async throws
        -> DispatchOrder
    {
        try caller.require(.keepDuty)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let incident = try await lock(incidentID, in: tx)
            guard
                let row = try await tx.sql.select().column("*").from("dispatch_orders").where("id", .equal, SQLBind.id(orderID))
                    .where("incident_id", .equal, SQLBind.id(incidentID)).first()
            else { throw DispatchErrors.notFound }
            var order = try Self.decodeOrder(row)
            order.supplies = try await Self.supplies(of: [orderID], on: tx.sql)[orderID] ?? []
            guard order.state.allows(state) else { throw DispatchErrors.transition(order.state, state) }
            let before = order
            order.state = state
            order.updatedAt = tx.now
            order.note = note ?? order.note
            try await tx.sql.update("dispatch_orders").set("state", to: SQLBind(state.rawValue)).set(
                "updated_at", to: SQLBind(Timestamp.string(tx.now))
            )
            .set("note", to: SQLBind(order.note)).where("id", .equal, SQLBind.id(orderID)).run()
            if !state.isActive, let resourceID = order.resourceID {
                try await Self.free(resourceID, at: tx.now, on: tx.sql)
            }
            try await append(
                incidentID, .order, "调度指令（\(order.recipient)）：\(before.state.label) → \(state.label)" + (note.map { "，\($0)" } ?? ""),
                at: tx.now,
                in: tx)
            // The goods go out as the order leaves, or are given back when it is cancelled before: the timeline says so next.
            if state.departed, order.movementID == nil, order.supplies.contains(where: { $0.state == .reserved }) {
                order = try await issueSupplies(order, incident: incident, in: tx)
            } else if state == .cancelled {
                order = try await releaseSupplies(order, reason: note ?? "", in: tx)
            }
            try await tx.record(
                AuditEvent(action: "dispatch.\(state.rawValue)", targetType: "incident", targetID: incidentID.key, after: auditJSON(order)))
            return order
        }
    }

    /// An incident's orders, in the order they were given (bounded by what one incident needs).
    public func orders(of incidentID: UUID, by caller: Caller) async throws -> [DispatchOrder] {
        _ = try await get(incidentID, by: caller)
        var orders = try await database.reader.select().column("*").from("dispatch_orders").where(
            "incident_id", .equal, SQLBind.id(incidentID)
        )
        .orderBy("issued_at").orderBy("id").all().map(Self.decodeOrder)
        let supplies = try await Self.supplies(of: orders.filter { $0.warehouseID != nil }.map(\.id), on: database.reader)
        for index in orders.indices { orders[index].supplies = supplies[orders[index].id] ?? [] }
        return orders
    }

    /// Closing an incident cancels its active orders and frees their resources (within the closing transaction).
    func cancelOrders(_ incidentID: UUID, reason: String, in tx: Transaction) async throws {
        for row in try await tx.sql.select().column("*").from("dispatch_orders").where("incident_id", .equal, SQLBind.id(incidentID))
            .where("state", .notIn, SQLBind.group([DispatchState.completed.rawValue, DispatchState.cancelled.rawValue])).all()
        {
            let order = try Self.decodeOrder(row)
            try await tx.sql.update("dispatch_orders").set("state", to: SQLBind(DispatchState.cancelled.rawValue))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).set("note", to: SQLBind(reason)).where(
                    "id", .equal, SQLBind.id(order.id)
                ).run()
            if let resourceID = order.resourceID { try await Self.free(resourceID, at: tx.now, on: tx.sql) }
            try await append(incidentID, .order, "调度指令（\(order.recipient)）：\(order.state.label) → 已取消，\(reason)", at: tx.now, in: tx)
            var reserved = order
            reserved.supplies = try await Self.supplies(of: [order.id], on: tx.sql)[order.id] ?? []
            _ = try await releaseSupplies(reserved, reason: reason, in: tx)
        }
    }

    /// Whether a resource stands on an order not yet completed or cancelled (the dispatch check, and the directory's
    /// refusal to call it back meanwhile).
    static func isOnOrder(_ resourceID: UUID, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select().column("id").from("dispatch_orders").where("resource_id", .equal, SQLBind.id(resourceID))
            .where("state", .notIn, SQLBind.group([DispatchState.completed.rawValue, DispatchState.cancelled.rawValue])).first() != nil
    }

    /// A resource back from its order is callable again (its kind's first state), unless someone set it otherwise meanwhile.
    static func free(_ resourceID: UUID, at now: Date, on sql: any SQLDatabase) async throws {
        guard
            let row = try await sql.select().columns("kind", "state").from("resources").where("id", .equal, SQLBind.id(resourceID)).first(),
            let kind = ResourceKind(rawValue: try row.decode(column: "kind", as: String.self)),
            try row.decode(column: "state", as: String.self) == DispatchState.busyState(for: kind), let ready = kind.states.first?.code
        else { return }
        try await sql.update("resources").set("state", to: SQLBind(ready)).set("updated_at", to: SQLBind(Timestamp.string(now)))
            .where("id", .equal, SQLBind.id(resourceID)).run()
    }

    static func decodeOrder(_ row: any SQLRow) throws -> DispatchOrder {
        guard let target = DispatchTarget(rawValue: try row.decode(column: "target", as: String.self)),
            let state = DispatchState(rawValue: try row.decode(column: "state", as: String.self)),
            let issued = Timestamp.date(try row.decode(column: "issued_at", as: String.self)),
            let updated = Timestamp.date(try row.decode(column: "updated_at", as: String.self))
        else { throw AnlanError.recordCorrupt("调度指令") }
        return DispatchOrder(
            id: try row.decodeID("id"), incidentID: try row.decodeID("incident_id"), target: target,
            resourceID: try row.decodeOptionalID("resource_id"),
            recipient: try row.decode(column: "recipient", as: String.self), task: try row.decode(column: "task", as: String.self),
            destination: try row.decode(column: "destination", as: String.self), state: state,
            issuedBy: try row.decode(column: "issued_by", as: String.self), issuedAt: issued, updatedAt: updated,
            note: try row.decodeOptional("note", as: String.self), warehouseID: try row.decodeOptionalID("warehouse_id"),
            receiver: try row.decodeOptional("receiver", as: String.self),
            receiverPhone: try row.decodeOptional("receiver_phone", as: String.self), movementID: try row.decodeOptionalID("movement_id"))
    }
}
