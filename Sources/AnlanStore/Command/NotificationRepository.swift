import AnlanCore
import Foundation
import SQLKit

/// Notifications (融合通信): the outbox every sender writes to in its own transaction, the expansion of each audience to
/// people when it is sent, and every person's delivery on every channel with its course. The dispatcher drives
/// the deliveries; people acknowledge their in-app messages; the gateway's receipts mark SMS and voice delivered.
public struct NotificationRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog

    var now: Date { environment.now() }

    /// How long a delivery handed to the gateway stays claimed by its node before another may take it again.
    public static let lease: TimeInterval = 120

    // MARK: - The outbox

    /// Writes a notification to the outbox; audited with the caller's transaction.
    public func send(_ draft: NotificationDraft, by caller: Caller) async throws -> NotificationMessage {
        try caller.require(.keepDuty)
        return try await database.write(by: caller, at: now, audit: audit) { tx in try await enqueue(draft, in: tx) }
    }

    /// Writes a notification to the outbox within another write (a warning published, a plan activated): both or neither.
    public func enqueue(_ draft: NotificationDraft, in tx: Transaction) async throws -> NotificationMessage {
        if let incident = draft.incidentID {
            guard try await tx.sql.select().column("id").from("incidents").where("id", .equal, SQLBind.id(incident)).first() != nil else {
                throw AnlanError.invalid("notification.incident_invalid", "关联事件不存在。", field: "incidentId")
            }
        }
        if let warning = draft.warningID {
            guard try await tx.sql.select().column("id").from("warnings").where("id", .equal, SQLBind.id(warning)).first() != nil else {
                throw AnlanError.invalid("notification.warning_invalid", "关联预警不存在。", field: "warningId")
            }
        }
        let message = NotificationMessage(
            id: environment.newID(), subject: draft.subject, text: draft.text, channels: draft.channels, audience: draft.audience,
            incidentID: draft.incidentID, warningID: draft.warningID, createdBy: tx.caller.username ?? "-", createdAt: tx.now,
            expandedAt: nil, recipients: 0)
        try await tx.sql.insert(into: "notifications")
            .columns(
                "id", "subject", "text", "channels", "audience", "incident_id", "warning_id", "created_by", "created_at", "expanded_at",
                "recipients"
            )
            .values(
                SQLBind.id(message.id), SQLBind(message.subject), SQLBind(message.text),
                SQLBind(message.channels.map(\.rawValue).joined(separator: " ")), SQLBind(auditJSON(message.audience)),
                SQLBind.id(message.incidentID), SQLBind.id(message.warningID), SQLBind(message.createdBy),
                SQLBind(Timestamp.string(message.createdAt)), SQLBind(String?.none), SQLBind(0)
            ).run()
        try await tx.record(
            AuditEvent(
                action: "notification.send", targetType: "notification", targetID: message.id.key,
                after: auditJSON(["subject": message.subject, "channels": message.channels.map(\.rawValue).joined(separator: " ")])))
        return message
    }

    // MARK: - Expansion (the dispatcher's first step)

    /// Expands waiting notifications to their people, one transaction each: a notification is expanded exactly once,
    /// also with several nodes (the row is locked and its `expanded_at` checked under the lock). Answers how many.
    /// `rowsPerStatement` is how many deliveries one INSERT writes (the benchmark compares 1 with the default).
    public func expandPending(limit: Int = 20, rowsPerStatement: Int = 200) async throws -> Int {
        let pending = try await database.reader.select().column("id").from("notifications").where("expanded_at", .is, SQLLiteral.null)
            .orderBy("created_at").limit(limit).all().map { try $0.decodeID("id") }
        var done = 0
        for id in pending where try await expand(id, rowsPerStatement: rowsPerStatement) { done += 1 }
        // In-app messages are delivered as they are written: open pages (their /inbox/live sockets) re-count at once.
        if done > 0 { await database.announce([Self.inboxKind]) }
        return done
    }

    /// The kind announced when in-app messages arrive in people's inboxes.
    public static let inboxKind = "inbox"

    /// How many in-app messages a person has not acknowledged yet (the navigation's badge).
    public func unacknowledged(of username: String) async throws -> Int {
        try await database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notification_deliveries")
            .where("username", .equal, SQLBind(username)).where("channel", .equal, SQLBind(NotificationChannel.inApp.rawValue))
            .where("state", .equal, SQLBind(DeliveryState.delivered.rawValue)).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    func expand(_ id: UUID, rowsPerStatement: Int) async throws -> Bool {
        let skipLocked = database.engine == .postgres ? " SKIP LOCKED" : ""
        return try await database.transaction { sql in
            guard
                let row = try await sql.raw(
                    "SELECT * FROM notifications WHERE id = \(bind: id.key) AND expanded_at IS NULL\(unsafeRaw: database.engine == .postgres ? " FOR UPDATE" : "")\(unsafeRaw: skipLocked)"
                ).first()
            else { return false }
            let message = try Self.decodeMessage(row)
            let people = try await recipients(of: message.audience, on: sql)
            let stamp = Timestamp.string(now)
            var rows: [[SQLBind]] = []
            var seen = Set<String>()
            for person in people {
                for channel in message.channels {
                    var state = channel == .inApp ? DeliveryState.delivered : .queued
                    var error: String?
                    let address: String
                    if channel == .inApp {
                        guard let username = person.username else { continue }
                        address = username
                    } else if channel == .email {
                        if let email = person.email, EmailAddress.isValid(email) {
                            address = email
                        } else {
                            address = "无邮箱:\(person.username ?? person.name)"
                            state = .failed
                            error = "未登记有效电子邮箱"
                        }
                    } else if let phone = person.phone, NotificationDraft.isMobile(phone) {
                        address = phone
                    } else {
                        address = "无号码:\(person.username ?? person.name)"
                        state = .failed
                        error = "未登记有效手机号"
                    }
                    guard seen.insert("\(channel.rawValue) \(address)").inserted else { continue }
                    rows.append([
                        SQLBind.id(environment.newID()), SQLBind.id(message.id), SQLBind(channel.rawValue), SQLBind(person.name),
                        SQLBind(person.username), SQLBind(address), SQLBind(state.rawValue), SQLBind(0),
                        SQLBind(state == .queued ? stamp : nil), SQLBind(error), SQLBind(stamp), SQLBind(stamp),
                        SQLBind(state == .delivered ? stamp : nil),
                    ])
                }
            }
            let step = max(1, rowsPerStatement)
            for chunk in stride(from: 0, to: rows.count, by: step).map({ Array(rows[$0..<min($0 + step, rows.count)]) }) {
                var insert = sql.insert(into: "notification_deliveries").columns(
                    "id", "notification_id", "channel", "name", "username", "address", "state", "attempts", "next_attempt_at",
                    "last_error", "created_at", "updated_at", "delivered_at")
                for values in chunk { insert = insert.values(values) }
                try await insert.run()
            }
            try await sql.update("notifications").set("expanded_at", to: SQLBind(stamp)).set("recipients", to: SQLBind(rows.count))
                .where("id", .equal, SQLBind.id(id)).run()
            return true
        }
    }

    /// The people an audience names now: active accounts (with their phones) or the typed numbers.
    func recipients(of audience: NotificationAudience, on sql: any SQLDatabase) async throws -> [NotificationRecipient] {
        switch audience {
        case .phones(let list):
            return list.map { NotificationRecipient(name: $0.name, username: nil, phone: $0.phone) }
        case .accounts(let names):
            guard !names.isEmpty else { return [] }
            return try await sql.select().columns("username", "display_name", "phone", "email").from("users").where("username", .in, names)
                .where("is_active", .equal, SQLBind(1)).orderBy("username").all().map(Self.decodeRecipient)
        case .role(let role, let divisions):
            var q = sql.select().columns("username", "display_name", "phone", "email").from("users").where(
                "role", .equal, SQLBind(role.rawValue)
            )
            .where("is_active", .equal, SQLBind(1))
            let prefixes = divisions.compactMap { try? DivisionCode($0).jurisdictionPrefix }
            if !prefixes.isEmpty {
                q = q.where { group in
                    var g = group
                    for p in prefixes { g = g.orWhere("division_code", .like, SQLBind(p + "%")) }
                    return g
                }
            }
            return try await q.orderBy("username").all().map(Self.decodeRecipient)
        }
    }

    static func decodeRecipient(_ row: any SQLRow) throws -> NotificationRecipient {
        NotificationRecipient(
            name: try row.decode(column: "display_name", as: String.self), username: try row.decode(column: "username", as: String.self),
            phone: try row.decodeOptional("phone", as: String.self), email: try row.decodeOptional("email", as: String.self))
    }

    // MARK: - Handing deliveries to the gateway (the dispatcher's second step)

    /// Claims up to `limit` deliveries due on the gateway's channels, counting the attempt: claimed rows are leased to
    /// this node; on PostgreSQL rows another node is claiming are skipped, not waited for.
    public func claimDue(limit: Int) async throws -> [Delivery] {
        let stamp = Timestamp.string(now)
        let until = Timestamp.string(now.addingTimeInterval(Self.lease))
        let skipLocked = database.engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.transaction { sql in
            try await sql.raw(
                """
                UPDATE notification_deliveries SET claimed_until = \(bind: until), attempts = attempts + 1, updated_at = \(bind: stamp)
                WHERE id IN (SELECT id FROM notification_deliveries WHERE state = 'queued' AND next_attempt_at <= \(bind: stamp)
                AND (claimed_until IS NULL OR claimed_until < \(bind: stamp)) ORDER BY next_attempt_at LIMIT \(literal: limit)\(unsafeRaw: skipLocked))
                RETURNING *
                """
            ).all().map(Self.decodeDelivery)
        }
    }

    /// Records what the gateway answered for claimed deliveries, in one transaction.
    public func record(_ outcomes: [(UUID, GatewayOutcome)]) async throws {
        guard !outcomes.isEmpty else { return }
        let at = now
        let stamp = Timestamp.string(at)
        try await database.transaction { sql in
            for (id, outcome) in outcomes {
                let q = sql.update("notification_deliveries").set("claimed_until", to: SQLBind(String?.none))
                    .set("updated_at", to: SQLBind(stamp))
                switch outcome {
                case .accepted(let gatewayID):
                    try await q.set("state", to: SQLBind(DeliveryState.sent.rawValue)).set("gateway_id", to: SQLBind(gatewayID))
                        .set("sent_at", to: SQLBind(stamp)).set("last_error", to: SQLBind(String?.none))
                        .where("id", .equal, SQLBind.id(id)).where("state", .equal, SQLBind(DeliveryState.queued.rawValue)).run()
                case .retry(let reason):
                    guard
                        let attempts = try await sql.select().column("attempts").from("notification_deliveries")
                            .where("id", .equal, SQLBind.id(id)).first(decodingColumn: "attempts", as: Int.self)
                    else { continue }
                    if let next = DeliveryRetry.next(after: attempts, at: at) {
                        try await q.set("next_attempt_at", to: SQLBind(Timestamp.string(next))).set("last_error", to: SQLBind(reason))
                            .where("id", .equal, SQLBind.id(id)).where("state", .equal, SQLBind(DeliveryState.queued.rawValue)).run()
                    } else {
                        try await q.set("state", to: SQLBind(DeliveryState.failed.rawValue))
                            .set("last_error", to: SQLBind("重试 \(attempts) 次仍未成功：\(reason)")).where("id", .equal, SQLBind.id(id))
                            .where("state", .equal, SQLBind(DeliveryState.queued.rawValue)).run()
                    }
                case .rejected(let reason):
                    try await q.set("state", to: SQLBind(DeliveryState.failed.rawValue)).set("last_error", to: SQLBind(reason))
                        .where("id", .equal, SQLBind.id(id)).where("state", .equal, SQLBind(DeliveryState.queued.rawValue)).run()
                }
            }
        }
    }

    /// A receipt from the gateway: delivered, or failed with its reason. A receipt for a delivery already final, or
    /// unknown, changes nothing; answers how many deliveries it moved.
    public func receipt(_ receipts: [(id: UUID, delivered: Bool, reason: String?)]) async throws -> Int {
        let stamp = Timestamp.string(now)
        return try await database.transaction { sql in
            var moved = 0
            for r in receipts {
                let open = [DeliveryState.queued.rawValue, DeliveryState.sent.rawValue]
                let q = sql.update("notification_deliveries").set("updated_at", to: SQLBind(stamp))
                    .set("claimed_until", to: SQLBind(String?.none))
                let rows: [any SQLRow]
                if r.delivered {
                    rows = try await q.set("state", to: SQLBind(DeliveryState.delivered.rawValue)).set("delivered_at", to: SQLBind(stamp))
                        .where("id", .equal, SQLBind.id(r.id)).where("state", .in, open).returning("id").all()
                } else {
                    rows = try await q.set("state", to: SQLBind(DeliveryState.failed.rawValue))
                        .set("last_error", to: SQLBind(r.reason ?? "网关回执：未送达")).where("id", .equal, SQLBind.id(r.id))
                        .where("state", .in, open).returning("id").all()
                }
                moved += rows.count
            }
            return moved
        }
    }

    // MARK: - People's own messages

    /// The caller's in-app messages, newest first; unacknowledged ones only when asked.
    public func inbox(unacknowledgedOnly: Bool, page: PageRequest, by caller: Caller) async throws -> Page<(Delivery, NotificationMessage)>
    {
        guard let username = caller.username else { return Page(items: [], total: 0, request: page) }
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q.where("username", .equal, SQLBind(username)).where("channel", .equal, SQLBind(NotificationChannel.inApp.rawValue))
            if unacknowledgedOnly { q = q.where("state", .equal, SQLBind(DeliveryState.delivered.rawValue)) }
            return q
        }
        let total =
            try await apply(
                database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notification_deliveries")
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let deliveries = try await apply(database.reader.select().column("*").from("notification_deliveries"))
            .orderBy("created_at", .descending).orderBy("id").limit(page.pageSize).offset(page.offset).all().map(Self.decodeDelivery)
        let ids = Array(Set(deliveries.map(\.notificationID)))
        var messages: [UUID: NotificationMessage] = [:]
        if !ids.isEmpty {
            for row in try await database.reader.select().column("*").from("notifications").where("id", .in, ids.map(\.key)).all() {
                let m = try Self.decodeMessage(row)
                messages[m.id] = m
            }
        }
        return Page(items: deliveries.compactMap { d in messages[d.notificationID].map { (d, $0) } }, total: total, request: page)
    }

    /// The caller acknowledges one of their in-app messages (已确认); again is harmless.
    public func acknowledge(_ deliveryID: UUID, by caller: Caller) async throws -> Delivery {
        guard let username = caller.username else { throw NotificationErrors.deliveryNotFound }
        let stamp = Timestamp.string(now)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            guard
                let row = try await tx.sql.select().column("*").from("notification_deliveries").where("id", .equal, SQLBind.id(deliveryID))
                    .where("username", .equal, SQLBind(username)).where("channel", .equal, SQLBind(NotificationChannel.inApp.rawValue))
                    .for(.update).first()
            else { throw NotificationErrors.deliveryNotFound }
            var delivery = try Self.decodeDelivery(row)
            guard delivery.state != .acknowledged else { return delivery }
            try await tx.sql.update("notification_deliveries").set("state", to: SQLBind(DeliveryState.acknowledged.rawValue))
                .set("acknowledged_at", to: SQLBind(stamp)).set("updated_at", to: SQLBind(stamp))
                .where("id", .equal, SQLBind.id(deliveryID)).run()
            delivery.state = .acknowledged
            delivery.acknowledgedAt = tx.now
            delivery.updatedAt = tx.now
            try await tx.record(
                AuditEvent(action: "notification.acknowledge", targetType: "notification_delivery", targetID: deliveryID.key))
            return delivery
        }
    }

    // MARK: - The desk's view

    public func list(incidentID: UUID?, warningID: UUID? = nil, page: PageRequest, by caller: Caller) async throws
        -> Page<NotificationMessage>
    {
        try Self.requireDesk(caller)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if let incidentID { q = q.where("incident_id", .equal, SQLBind.id(incidentID)) }
            if let warningID { q = q.where("warning_id", .equal, SQLBind.id(warningID)) }
            return q
        }
        let total =
            try await apply(database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await apply(database.reader.select().column("*").from("notifications")).orderBy("created_at", .descending)
            .orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map { try Self.decodeMessage($0) }, total: total, request: page)
    }

    /// Notifications and their deliveries name people and their numbers: the desk's to read (`keepDuty`), county-wide.
    /// Everyone else reads their own inbox.
    static func requireDesk(_ caller: Caller) throws { try caller.require(.keepDuty) }

    public func get(_ id: UUID, by caller: Caller) async throws -> NotificationMessage {
        try Self.requireDesk(caller)
        guard let row = try await database.reader.select().column("*").from("notifications").where("id", .equal, SQLBind.id(id)).first()
        else { throw NotificationErrors.notFound }
        return try Self.decodeMessage(row)
    }

    /// How a notification's deliveries stand: the count in each state, per channel.
    public func tally(_ id: UUID, by caller: Caller) async throws -> [NotificationChannel: [DeliveryState: Int]] {
        _ = try await get(id, by: caller)
        let rows = try await database.reader.select().column("channel").column("state")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notification_deliveries")
            .where("notification_id", .equal, SQLBind.id(id)).groupBy("channel").groupBy("state").all()
        var out: [NotificationChannel: [DeliveryState: Int]] = [:]
        for row in rows {
            guard let c = NotificationChannel(rawValue: try row.decode(column: "channel", as: String.self)),
                let s = DeliveryState(rawValue: try row.decode(column: "state", as: String.self))
            else { continue }
            out[c, default: [:]][s] = try row.decode(column: "n", as: Int.self)
        }
        return out
    }

    public func deliveries(
        of id: UUID, channel: NotificationChannel? = nil, state: DeliveryState?, page: PageRequest, by caller: Caller
    ) async throws -> Page<Delivery> {
        _ = try await get(id, by: caller)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q.where("notification_id", .equal, SQLBind.id(id))
            if let channel { q = q.where("channel", .equal, SQLBind(channel.rawValue)) }
            if let state { q = q.where("state", .equal, SQLBind(state.rawValue)) }
            return q
        }
        let total =
            try await apply(
                database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notification_deliveries")
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await apply(database.reader.select().column("*").from("notification_deliveries")).orderBy("channel")
            .orderBy("name").orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeDelivery), total: total, request: page)
    }

    // MARK: - Rows

    static func decodeMessage(_ row: any SQLRow) throws -> NotificationMessage {
        guard let created = Timestamp.date(try row.decode(column: "created_at", as: String.self)),
            let audience = try? JSONDecoder().decode(
                NotificationAudience.self, from: Data(try row.decode(column: "audience", as: String.self).utf8))
        else { throw AnlanError.recordCorrupt("通知") }
        return NotificationMessage(
            id: try row.decodeID("id"), subject: try row.decode(column: "subject", as: String.self),
            text: try row.decode(column: "text", as: String.self),
            channels: try row.decode(column: "channels", as: String.self).split(separator: " ").compactMap {
                NotificationChannel(rawValue: String($0))
            }, audience: audience, incidentID: try row.decodeOptionalID("incident_id"), warningID: try row.decodeOptionalID("warning_id"),
            createdBy: try row.decode(column: "created_by", as: String.self), createdAt: created,
            expandedAt: try row.decodeOptional("expanded_at", as: String.self).flatMap(Timestamp.date),
            recipients: try row.decode(column: "recipients", as: Int.self))
    }

    static func decodeDelivery(_ row: any SQLRow) throws -> Delivery {
        guard let channel = NotificationChannel(rawValue: try row.decode(column: "channel", as: String.self)),
            let state = DeliveryState(rawValue: try row.decode(column: "state", as: String.self)),
            let updated = Timestamp.date(try row.decode(column: "updated_at", as: String.self))
        else { throw AnlanError.recordCorrupt("通知送达记录") }
        return Delivery(
            id: try row.decodeID("id"), notificationID: try row.decodeID("notification_id"), channel: channel,
            name: try row.decode(column: "name", as: String.self), username: try row.decodeOptional("username", as: String.self),
            address: try row.decode(column: "address", as: String.self), state: state,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: try row.decodeOptional("next_attempt_at", as: String.self).flatMap(Timestamp.date),
            lastError: try row.decodeOptional("last_error", as: String.self),
            gatewayID: try row.decodeOptional("gateway_id", as: String.self),
            updatedAt: updated, acknowledgedAt: try row.decodeOptional("acknowledged_at", as: String.self).flatMap(Timestamp.date))
    }
}
