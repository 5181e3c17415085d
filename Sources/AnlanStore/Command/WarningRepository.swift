import AnlanCore
import AnlanFormats
import Foundation
import SQLKit

/// Warnings (预警) the bureau publishes, updates and cancels, each change one CAP 1.2 message written in the same
/// transaction; and CAP messages received from upstream departments, kept verbatim whether or not they are valid.
///
/// Warnings are public information: every bureau reader sees all of them. Writing one needs the duty desk's permission
/// and an area inside the caller's jurisdiction.
public struct WarningRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let incidents: IncidentRepository
    let catalogs: SupervisionCatalogs
    let notifications: NotificationRepository

    static let settingsKey = "warning_settings"

    var now: Date { environment.now() }

    public struct Filter: Sendable {
        public var inForceOnly: Bool
        public var state: WarningState?
        public var event: WarningEvent?
        public var incidentID: UUID?

        public init(inForceOnly: Bool = false, state: WarningState? = nil, event: WarningEvent? = nil, incidentID: UUID? = nil) {
            self.inForceOnly = inForceOnly
            self.state = state
            self.event = event
            self.incidentID = incidentID
        }
    }

    // MARK: - Settings

    /// The identifier's agency code and the sender's name: stored, or the defaults with their source.
    public func settings() async throws -> WarningSettings {
        if let stored = try await catalogs.stored(Self.settingsKey, as: WarningSettings.self) { return stored }
        return WarningSettings(senderName: try await catalogs.authority())
    }

    public func setSettings(_ settings: WarningSettings, by caller: Caller) async throws {
        try caller.require(.configureCatalogs)
        guard settings.agencyCode.count == 3, settings.agencyCode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw AnlanError.invalid("warning.agency_code_invalid", "机构行业码须为 3 位数字（GB/T 4657）。", field: "agencyCode")
        }
        let name = settings.senderName.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 60 else {
            throw AnlanError.invalid("warning.sender_name_invalid", "发布单位名称须为 1–60 字。", field: "senderName")
        }
        try await catalogs.save(
            WarningSettings(agencyCode: settings.agencyCode, senderName: name), key: Self.settingsKey,
            before: try await self.settings(), action: "warning_settings.update", by: caller)
    }

    func identity() async throws -> (CapIdentifier, WarningSettings) {
        let settings = try await settings()
        guard let county = try await divisions.names(within: .everything).first(where: { $0.code.level == .county })?.code else {
            throw AnlanError(.conflict, code: "warning.county_missing", message: "尚未导入本县行政区划，无法生成预警标识符。")
        }
        return (CapIdentifier(division: county, agency: settings.agencyCode), settings)
    }

    // MARK: - Publishing

    /// Publishes a new warning and its first CAP message (msgType Alert).
    public func publish(_ draft: WarningDraft, by caller: Caller) async throws -> Warning {
        try caller.require(.keepDuty)
        let (issuer, settings) = try await identity()
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let area = try await checkArea(draft, in: tx)
            if let incidentID = draft.incidentID {
                guard (try? await incidents.lock(incidentID, in: tx)) != nil else { throw WarningErrors.incidentNotFound }
            }
            if let upstream = draft.upstreamID {
                guard
                    try await tx.sql.select().column("id").from("cap_messages").where("id", .equal, SQLBind.id(upstream))
                        .where("direction", .equal, SQLBind(CapMessage.Direction.incoming.rawValue)).first() != nil
                else { throw WarningErrors.upstreamNotFound }
            }
            let identifier = try await nextIdentifier(issuer, in: tx)
            let warning = Warning(
                id: environment.newID(), identifier: identifier, event: draft.event, level: draft.level, status: draft.status,
                headline: draft.headline, description: draft.description, instruction: draft.instruction, areaDescription: area,
                divisionCodes: draft.divisionCodes.map(\.rawValue), polygon: draft.polygon, effective: draft.effective,
                expires: draft.expires, state: .published, version: 1, incidentID: draft.incidentID, upstreamID: draft.upstreamID,
                createdBy: tx.caller.username ?? "-", createdAt: tx.now, updatedAt: tx.now, cancelReason: nil)
            let stamp = Timestamp.string(tx.now)
            try await tx.sql.insert(into: "warnings")
                .columns(
                    "id", "identifier", "event", "level", "status", "headline", "description", "instruction", "area_desc",
                    "division_codes", "polygon", "effective_at", "expires_at", "state", "version", "incident_id", "upstream_id",
                    "created_by", "created_at", "updated_at", "cancel_reason"
                )
                .values(
                    SQLBind.id(warning.id), SQLBind(warning.identifier), SQLBind(warning.event.rawValue), SQLBind(warning.level.rawValue),
                    SQLBind(warning.status.rawValue), SQLBind(warning.headline), SQLBind(warning.description),
                    SQLBind(warning.instruction), SQLBind(warning.areaDescription), SQLBind(warning.divisionCodes.joined(separator: " ")),
                    SQLBind(warning.polygon.map(CapPolygon.text)), SQLBind(Timestamp.string(warning.effective)),
                    SQLBind(Timestamp.string(warning.expires)), SQLBind(warning.state.rawValue), SQLBind(warning.version),
                    SQLBind.id(warning.incidentID), SQLBind.id(warning.upstreamID), SQLBind(warning.createdBy), SQLBind(stamp),
                    SQLBind(stamp), SQLBind(String?.none)
                ).run()
            let alert = WarningCap.alert(
                warning, msgType: "Alert", identifier: identifier, sender: issuer.senderCode, sent: tx.now, references: [],
                settings: settings)
            try await insertOutgoing(alert, warning: warning.id, in: tx)
            try await onTimeline(warning, "发布\(warning.status == .exercise ? "（演练）" : "")\(warning.title)：\(warning.headline)", in: tx)
            try await notify(warning, draft.notify, in: tx)
            try await tx.record(
                AuditEvent(action: "warning.publish", targetType: "warning", targetID: warning.id.key, after: auditJSON(warning)))
            return warning
        }
    }

    /// Replaces a warning's content (a level raised or lowered, the area or validity changed) with a CAP Update that
    /// refers to every earlier message of the warning.
    public func update(_ id: UUID, _ draft: WarningDraft, by caller: Caller) async throws -> Warning {
        try caller.require(.keepDuty)
        let (issuer, settings) = try await identity()
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let before = try await lock(id, in: tx)
            guard before.state == .published else { throw WarningErrors.cancelled }
            guard draft.status == before.status else { throw WarningErrors.statusFixed }
            try requireWritable(before, by: tx.caller)
            let area = try await checkArea(draft, in: tx)
            var warning = before
            warning.event = draft.event
            warning.level = draft.level
            warning.headline = draft.headline
            warning.description = draft.description
            warning.instruction = draft.instruction
            warning.areaDescription = area
            warning.divisionCodes = draft.divisionCodes.map(\.rawValue)
            warning.polygon = draft.polygon
            warning.effective = draft.effective
            warning.expires = draft.expires
            warning.version += 1
            warning.updatedAt = tx.now
            try await tx.sql.update("warnings")
                .set("event", to: SQLBind(warning.event.rawValue)).set("level", to: SQLBind(warning.level.rawValue))
                .set("headline", to: SQLBind(warning.headline)).set("description", to: SQLBind(warning.description))
                .set("instruction", to: SQLBind(warning.instruction)).set("area_desc", to: SQLBind(warning.areaDescription))
                .set("division_codes", to: SQLBind(warning.divisionCodes.joined(separator: " ")))
                .set("polygon", to: SQLBind(warning.polygon.map(CapPolygon.text)))
                .set("effective_at", to: SQLBind(Timestamp.string(warning.effective)))
                .set("expires_at", to: SQLBind(Timestamp.string(warning.expires))).set("version", to: SQLBind(warning.version))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            let alert = WarningCap.alert(
                warning, msgType: "Update", identifier: try await nextIdentifier(issuer, in: tx), sender: issuer.senderCode,
                sent: tx.now, references: try await references(of: id, in: tx), settings: settings,
                note: before.level != warning.level ? "预警级别由\(before.level.label)调整为\(warning.level.label)" : nil)
            try await insertOutgoing(alert, warning: id, in: tx)
            let change = before.level == warning.level ? "" : "，级别由\(before.level.label)调整为\(warning.level.label)"
            try await onTimeline(warning, "更新\(warning.title)（第 \(warning.version) 版\(change)）：\(warning.headline)", in: tx)
            try await notify(warning, draft.notify, in: tx)
            try await tx.record(
                AuditEvent(
                    action: "warning.update", targetType: "warning", targetID: id.key, before: auditJSON(before), after: auditJSON(warning))
            )
            return warning
        }
    }

    /// Lifts a warning before it expires, with the reason, as a CAP Cancel referring to its earlier messages.
    public func cancel(_ id: UUID, reason: String, by caller: Caller) async throws -> Warning {
        try caller.require(.keepDuty)
        let (issuer, settings) = try await identity()
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let before = try await lock(id, in: tx)
            guard before.state == .published else { throw WarningErrors.cancelled }
            try requireWritable(before, by: tx.caller)
            var warning = before
            warning.state = .cancelled
            warning.cancelReason = reason
            warning.version += 1
            warning.updatedAt = tx.now
            try await tx.sql.update("warnings").set("state", to: SQLBind(warning.state.rawValue))
                .set("cancel_reason", to: SQLBind(reason)).set("version", to: SQLBind(warning.version))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            let alert = WarningCap.alert(
                warning, msgType: "Cancel", identifier: try await nextIdentifier(issuer, in: tx), sender: issuer.senderCode,
                sent: tx.now, references: try await references(of: id, in: tx), settings: settings, note: reason)
            try await insertOutgoing(alert, warning: id, in: tx)
            try await onTimeline(warning, "解除\(warning.title)：\(reason)", in: tx)
            try await tx.record(
                AuditEvent(
                    action: "warning.cancel", targetType: "warning", targetID: id.key, before: auditJSON(before), after: auditJSON(warning))
            )
            return warning
        }
    }

    /// The area's divisions exist and are the caller's; the area's description is given or made from their names.
    func checkArea(_ draft: WarningDraft, in tx: Transaction) async throws -> String {
        var names: [String] = []
        for code in draft.divisionCodes {
            guard tx.caller.jurisdiction.contains(code), let division = try await divisions.lookup(code, on: tx.sql) else {
                throw WarningErrors.divisionUnknown(code.rawValue)
            }
            names.append(division.name)
        }
        if let given = draft.areaDescription { return given }
        return names.isEmpty ? "预警范围见多边形" : names.joined(separator: "、")
    }

    func requireWritable(_ warning: Warning, by caller: Caller) throws {
        for text in warning.divisionCodes {
            guard let code = try? DivisionCode(text), caller.jurisdiction.contains(code) else { throw WarningErrors.notFound }
        }
    }

    /// The next GB/T 35965.1 identifier for this second: the sequence digit counts 0–9 per sender and second.
    func nextIdentifier(_ issuer: CapIdentifier, in tx: Transaction) async throws -> String {
        let stamp = issuer.identifier(at: tx.now, sequence: 0).dropLast(2)
        let n = try await Sequences.next(
            "cap_sequences", key: [("stamp", SQLBind(String(stamp)))], on: tx.sql, failure: WarningErrors.identifiersExhausted)
        guard n <= 10 else { throw WarningErrors.identifiersExhausted }
        return issuer.identifier(at: tx.now, sequence: n - 1)
    }

    func references(of id: UUID, in tx: Transaction) async throws -> [String] {
        try await tx.sql.select().columns("sender", "identifier", "sent").from("cap_messages").where("warning_id", .equal, SQLBind.id(id))
            .where("direction", .equal, SQLBind(CapMessage.Direction.outgoing.rawValue)).orderBy("sent_at").orderBy("identifier").all()
            .map {
                "\(try $0.decode(column: "sender", as: String.self)),\(try $0.decode(column: "identifier", as: String.self)),\(try $0.decode(column: "sent", as: String.self))"
            }
    }

    func insertOutgoing(_ alert: CapAlert, warning: UUID, in tx: Transaction) async throws {
        try await insertMessage(
            CapMessage(
                id: environment.newID(), direction: .outgoing, warningID: warning, alert: alert, errors: [], xml: CapXML.write(alert),
                source: .issued, receivedBy: tx.caller.username ?? "-", receivedAt: tx.now, supersededBy: nil), in: tx)
    }

    /// Sends the warning to the chosen roles within its area, in the warning's own transaction: published and notified,
    /// or neither.
    func notify(_ warning: Warning, _ notify: WarningDraft.Notify?, in tx: Transaction) async throws {
        guard let notify else { return }
        let text = [warning.headline, warning.instruction].compactMap { $0 }.joined(separator: "。")
        for role in notify.roles {
            let sent = try await notifications.enqueue(
                NotificationDraft(
                    subject: (warning.version > 1 ? "更新：" : "") + warning.title, text: String(text.prefix(500)),
                    channels: notify.channels, audience: .role(role, divisions: warning.divisionCodes), incidentID: warning.incidentID,
                    warningID: warning.id), in: tx)
            try await onTimeline(
                warning, "通知预警区域内的\(role.title)（\(notify.channels.map(\.label).joined(separator: "、"))），通知编号 \(sent.id.key.prefix(8))",
                in: tx)
        }
    }

    func onTimeline(_ warning: Warning, _ text: String, in tx: Transaction) async throws {
        guard let incidentID = warning.incidentID else { return }
        try await incidents.append(incidentID, .warning, text, at: tx.now, in: tx)
    }

    func lock(_ id: UUID, in tx: Transaction) async throws -> Warning {
        guard let row = try await tx.sql.select().column("*").from("warnings").where("id", .equal, SQLBind.id(id)).for(.update).first()
        else { throw WarningErrors.notFound }
        return try Self.decode(row)
    }

    // MARK: - Reading

    static func requireReader(_ caller: Caller) throws { try caller.require(.readBusinessData) }

    public func get(_ id: UUID, by caller: Caller) async throws -> Warning {
        try Self.requireReader(caller)
        guard let row = try await database.reader.select().column("*").from("warnings").where("id", .equal, SQLBind.id(id)).first()
        else { throw WarningErrors.notFound }
        return try Self.decode(row)
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<Warning> {
        try Self.requireReader(caller)
        let stamp = Timestamp.string(now)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if filter.inForceOnly {
                q = q.where("state", .equal, SQLBind(WarningState.published.rawValue)).where("expires_at", .greaterThan, SQLBind(stamp))
            }
            if let s = filter.state { q = q.where("state", .equal, SQLBind(s.rawValue)) }
            if let e = filter.event { q = q.where("event", .equal, SQLBind(e.rawValue)) }
            if let i = filter.incidentID { q = q.where("incident_id", .equal, SQLBind.id(i)) }
            return q
        }
        let total =
            try await apply(database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("warnings"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await apply(database.reader.select().column("*").from("warnings")).orderBy("updated_at", .descending)
            .orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// Every CAP message of a warning, first to last.
    public func messages(of id: UUID, by caller: Caller) async throws -> [CapMessage] {
        _ = try await get(id, by: caller)
        return try await database.reader.select().column("*").from("cap_messages").where("warning_id", .equal, SQLBind.id(id))
            .where("direction", .equal, SQLBind(CapMessage.Direction.outgoing.rawValue)).orderBy("sent_at").orderBy("identifier").all()
            .map(Self.decodeMessage)
    }

    /// The message that stands for the warning now: its latest.
    public func currentMessage(of id: UUID, by caller: Caller) async throws -> CapMessage {
        guard let last = try await messages(of: id, by: caller).last else { throw WarningErrors.notFound }
        return last
    }

    // MARK: - Upstream messages

    public struct Received: Sendable {
        public let message: CapMessage
        /// False when the same message (sender and identifier) was already kept: nothing new was stored.
        public let isNew: Bool
    }

    /// Keeps a message received from upstream, valid or not. A valid Update or Cancel marks the messages it refers to as
    /// superseded. An invalid message is stored with its errors and then refused with them (`cap.invalid`).
    public func receive(_ data: Data, source: CapMessage.Source, by caller: Caller) async throws -> Received {
        try caller.require(.keepDuty)
        let xml = String(decoding: data, as: UTF8.self)
        let (alert, errors) = Self.check(data)
        let received = try await database.write(by: caller, at: now, audit: audit) { tx -> Received in
            // The same message again is kept once: a valid one by its sender and identifier, a refused one by its text
            // (a polled feed offers the same broken message every time).
            var same = tx.sql.select().column("*").from("cap_messages")
                .where("direction", .equal, SQLBind(CapMessage.Direction.incoming.rawValue))
            if let alert {
                same = same.where("sender", .equal, SQLBind(alert.sender)).where("identifier", .equal, SQLBind(alert.identifier))
            } else {
                same = same.where("valid", .equal, SQLBind(0)).where("xml", .equal, SQLBind(xml))
            }
            if let row = try await same.first() {
                return Received(message: try Self.decodeMessage(row), isNew: false)
            }
            let message = CapMessage(
                id: environment.newID(), direction: .incoming, warningID: nil, alert: alert, errors: errors, xml: xml, source: source,
                receivedBy: tx.caller.username ?? "-", receivedAt: tx.now, supersededBy: nil)
            try await insertMessage(message, in: tx)
            if let alert, alert.msgType == "Update" || alert.msgType == "Cancel" {
                for reference in alert.references {
                    let parts = reference.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    guard parts.count == 3 else { continue }
                    try await tx.sql.update("cap_messages").set("superseded_by", to: SQLBind.id(message.id))
                        .where("direction", .equal, SQLBind(CapMessage.Direction.incoming.rawValue))
                        .where("sender", .equal, SQLBind(parts[0])).where("identifier", .equal, SQLBind(parts[1]))
                        .where("superseded_by", .is, SQLLiteral.null).run()
                }
            }
            try await tx.record(
                AuditEvent(
                    action: "cap.receive", targetType: "cap_message", targetID: message.id.key,
                    after: auditJSON([
                        "source": source.rawValue, "valid": message.valid ? "true" : "false",
                        "identifier": alert?.identifier ?? "", "errors": String(errors.joined(separator: "\n").prefix(2000)),
                    ])))
            return Received(message: message, isNew: true)
        }
        if !received.message.valid {
            throw AnlanError(
                .unprocessable, code: "cap.invalid",
                message: "CAP 消息未通过 CAP 1.2 校验，已留存备查：\(received.message.errors.prefix(5).joined(separator: "；"))",
                details: [
                    "messageId": received.message.id.key, "errors": received.message.errors.joined(separator: "\n"),
                    "alreadyKept": received.isNew ? "false" : "true",
                ])
        }
        return received
    }

    /// The message read and checked: the alert when it passes both the schema and the specification, else the errors.
    static func check(_ data: Data) -> (CapAlert?, [String]) {
        switch CapXML.read(data) {
        case .valid(let read):
            let errors = CapXML.specificationIssues(read).map(\.description)
            return (errors.isEmpty ? read : nil, errors)
        case .invalid(let issues):
            return (nil, issues.map(\.description))
        }
    }

    public struct UpstreamFilter: Sendable {
        public var inForceOnly: Bool
        public var invalidOnly: Bool
        public init(inForceOnly: Bool = false, invalidOnly: Bool = false) {
            self.inForceOnly = inForceOnly
            self.invalidOnly = invalidOnly
        }
    }

    /// Messages received from upstream, newest first; in force: valid Alerts and Updates neither superseded nor expired.
    public func upstream(_ filter: UpstreamFilter, page: PageRequest, by caller: Caller) async throws -> Page<CapMessage> {
        try Self.requireReader(caller)
        let stamp = Timestamp.string(now)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q.where("direction", .equal, SQLBind(CapMessage.Direction.incoming.rawValue))
            if filter.inForceOnly {
                q = q.where("valid", .equal, SQLBind(1)).where("superseded_by", .is, SQLLiteral.null)
                    .where("msg_type", .in, ["Alert", "Update"])
                    .where { $0.where("expires_at", .is, SQLLiteral.null).orWhere("expires_at", .greaterThan, SQLBind(stamp)) }
            }
            if filter.invalidOnly { q = q.where("valid", .equal, SQLBind(0)) }
            return q
        }
        let total =
            try await apply(database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("cap_messages"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await apply(database.reader.select().column("*").from("cap_messages")).orderBy("received_at", .descending)
            .orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeMessage), total: total, request: page)
    }

    public func upstreamMessage(_ id: UUID, by caller: Caller) async throws -> CapMessage {
        try Self.requireReader(caller)
        guard
            let row = try await database.reader.select().column("*").from("cap_messages").where("id", .equal, SQLBind.id(id))
                .where("direction", .equal, SQLBind(CapMessage.Direction.incoming.rawValue)).first()
        else { throw WarningErrors.upstreamNotFound }
        return try Self.decodeMessage(row)
    }

    /// Published warnings in force with status Actual, for the public feed: no caller, nothing else.
    public func publicFeed(limit: Int = 100) async throws -> [Warning] {
        try await database.reader.select().column("*").from("warnings")
            .where("state", .equal, SQLBind(WarningState.published.rawValue))
            .where("status", .equal, SQLBind(WarningStatus.actual.rawValue))
            .where("expires_at", .greaterThan, SQLBind(Timestamp.string(now))).orderBy("updated_at", .descending).limit(limit).all()
            .map(Self.decode)
    }

    /// The current CAP message of a published (正式) warning, for the feed's readers: no caller.
    public func publicMessage(of id: UUID) async throws -> CapMessage {
        guard
            try await database.reader.select().column("id").from("warnings").where("id", .equal, SQLBind.id(id))
                .where("status", .equal, SQLBind(WarningStatus.actual.rawValue)).first() != nil,
            let row = try await database.reader.select().column("*").from("cap_messages").where("warning_id", .equal, SQLBind.id(id))
                .where("direction", .equal, SQLBind(CapMessage.Direction.outgoing.rawValue)).orderBy("sent_at", .descending)
                .orderBy("identifier", .descending).first()
        else { throw WarningErrors.notFound }
        return try Self.decodeMessage(row)
    }

    // MARK: - Rows

    func insertMessage(_ m: CapMessage, in tx: Transaction) async throws {
        let info = m.info
        try await tx.sql.insert(into: "cap_messages")
            .columns(
                "id", "direction", "warning_id", "identifier", "sender", "sent", "sent_at", "status", "msg_type", "event", "severity",
                "headline", "area_desc", "expires_at", "references_text", "valid", "errors", "xml", "source", "received_by",
                "received_at", "superseded_by"
            )
            .values(
                SQLBind.id(m.id), SQLBind(m.direction.rawValue), SQLBind.id(m.warningID), SQLBind(m.alert?.identifier),
                SQLBind(m.alert?.sender), SQLBind(m.alert?.sent),
                SQLBind(m.alert.flatMap { CapTime.date($0.sent) }.map(Timestamp.string)), SQLBind(m.alert?.status),
                SQLBind(m.alert?.msgType), SQLBind(info?.event), SQLBind(info?.severity), SQLBind(info?.headline),
                SQLBind(info?.areas.map(\.areaDesc).joined(separator: "；")), SQLBind(m.expires.map(Timestamp.string)),
                SQLBind(m.alert.map { $0.references.joined(separator: " ") }), SQLBind(m.valid ? 1 : 0),
                SQLBind(m.errors.isEmpty ? nil : m.errors.joined(separator: "\n")), SQLBind(m.xml), SQLBind(m.source.rawValue),
                SQLBind(m.receivedBy), SQLBind(Timestamp.string(m.receivedAt)), SQLBind.id(m.supersededBy)
            ).run()
    }

    static func decodeMessage(_ row: any SQLRow) throws -> CapMessage {
        guard let direction = CapMessage.Direction(rawValue: try row.decode(column: "direction", as: String.self)),
            let source = CapMessage.Source(rawValue: try row.decode(column: "source", as: String.self)),
            let receivedAt = Timestamp.date(try row.decode(column: "received_at", as: String.self))
        else { throw AnlanError.recordCorrupt("CAP 消息") }
        let xml = try row.decode(column: "xml", as: String.self)
        let valid = try row.decode(column: "valid", as: Int.self) != 0
        var alert: CapAlert?
        if valid, case .valid(let read) = CapXML.read(Data(xml.utf8)) { alert = read }
        return CapMessage(
            id: try row.decodeID("id"), direction: direction, warningID: try row.decodeOptionalID("warning_id"), alert: alert,
            unchecked: valid ? nil : CapXML.unchecked(Data(xml.utf8)),
            errors: (try row.decodeOptional("errors", as: String.self)).map { $0.components(separatedBy: "\n") } ?? [],
            xml: xml, source: source, receivedBy: try row.decode(column: "received_by", as: String.self), receivedAt: receivedAt,
            supersededBy: try row.decodeOptionalID("superseded_by"))
    }

    static func decode(_ row: any SQLRow) throws -> Warning {
        guard let event = WarningEvent(rawValue: try row.decode(column: "event", as: String.self)),
            let level = WarningLevel(rawValue: try row.decode(column: "level", as: String.self)),
            let status = WarningStatus(rawValue: try row.decode(column: "status", as: String.self)),
            let state = WarningState(rawValue: try row.decode(column: "state", as: String.self)),
            let effective = Timestamp.date(try row.decode(column: "effective_at", as: String.self)),
            let expires = Timestamp.date(try row.decode(column: "expires_at", as: String.self)),
            let created = Timestamp.date(try row.decode(column: "created_at", as: String.self)),
            let updated = Timestamp.date(try row.decode(column: "updated_at", as: String.self))
        else { throw AnlanError.recordCorrupt("预警") }
        return Warning(
            id: try row.decodeID("id"), identifier: try row.decode(column: "identifier", as: String.self), event: event, level: level,
            status: status, headline: try row.decode(column: "headline", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            instruction: try row.decodeOptional("instruction", as: String.self),
            areaDescription: try row.decode(column: "area_desc", as: String.self),
            divisionCodes: try row.decode(column: "division_codes", as: String.self).split(separator: " ").map(String.init),
            polygon: try row.decodeOptional("polygon", as: String.self).flatMap(CapPolygon.parse), effective: effective,
            expires: expires, state: state, version: try row.decode(column: "version", as: Int.self),
            incidentID: try row.decodeOptionalID("incident_id"), upstreamID: try row.decodeOptionalID("upstream_id"),
            createdBy: try row.decode(column: "created_by", as: String.self), createdAt: created, updatedAt: updated,
            cancelReason: try row.decodeOptional("cancel_reason", as: String.self))
    }
}
