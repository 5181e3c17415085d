import AnlanCore
import Foundation
import SQLKit

/// Incidents (突发事件) from the first report to their close, each with its append-only timeline. Every write locks the
/// incident's row first, so moves and timeline lines of one incident are taken one at a time on either engine.
public struct IncidentRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let enterprises: EnterpriseRepository
    let accounts: AccountService
    let plans: EmergencyPlanRepository
    let warehouses: WarehouseRepository
    let incidents = ScopedTable(name: "incidents", divisionColumn: "division_code")

    public struct Filter: Sendable {
        public var openOnly: Bool
        public var state: IncidentState?
        public var category: IncidentCategory?
        public var enterpriseID: UUID?
        public var query: String?

        public init(
            openOnly: Bool = false, state: IncidentState? = nil, category: IncidentCategory? = nil, enterpriseID: UUID? = nil,
            query: String? = nil
        ) {
            self.openOnly = openOnly
            self.state = state
            self.category = category
            self.enterpriseID = enterpriseID
            self.query = query
        }
    }

    var now: Date { environment.now() }

    static func requireReader(_ caller: Caller) throws { try DutyRepository.requireReader(caller) }

    // MARK: - Opening

    /// Opens an incident; from a report, that report is attached to it in the same transaction.
    public func open(_ draft: IncidentDraft, by caller: Caller) async throws -> Incident {
        try caller.require(.keepDuty)
        try incidents.requireWritable(draft.divisionCode, by: caller)
        guard try await divisions.lookup(draft.divisionCode, on: database.reader) != nil else {
            throw AnlanError.invalid("incident.division_code_invalid", "发生地区划 \(draft.divisionCode) 不存在。", field: "divisionCode")
        }
        if let enterpriseID = draft.enterpriseID {
            guard (try? await enterprises.get(enterpriseID, by: caller)) != nil else {
                throw AnlanError.invalid("incident.enterprise_invalid", "涉事企业不存在或不在您的辖区内。", field: "enterpriseId")
            }
        }
        let leader = caller.role?.can(.commandIncidents) == true
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            var report: IncomingReport?
            if let reportID = draft.reportID {
                guard
                    let row = try await tx.sql.select().column("*").from("incoming_reports").where("id", .equal, SQLBind.id(reportID))
                        .for(.update).first()
                else { throw IncidentErrors.reportNotFound }
                let found = try DutyRepository.decodeReport(row)
                guard tx.caller.jurisdiction.contains(try DivisionCode(found.divisionCode)) else { throw IncidentErrors.reportNotFound }
                guard found.incidentID == nil else { throw IncidentErrors.reportAttached }
                report = found
            }
            let year = Day(tx.now).year
            let n = try await Sequences.next(
                "incident_sequences", key: [("year", SQLBind(year))], on: tx.sql,
                failure: AnlanError(.conflict, code: "incident.number_unavailable", message: "事件编号生成失败，请重试。"))
            let incident = Incident(
                id: environment.newID(), number: "\(year)-\(String(repeating: "0", count: max(0, 4 - String(n).count)))\(n)",
                title: draft.title,
                type: draft.type, state: .reported, level: draft.level,
                levelConfirmedBy: draft.level != nil && leader ? tx.caller.username : nil,
                occurredAt: draft.occurredAt, reportedAt: report?.receivedAt ?? tx.now, divisionCode: draft.divisionCode.rawValue,
                place: draft.place,
                location: draft.location, enterpriseID: draft.enterpriseID, figures: draft.figures, figuresKnown: draft.figuresKnown,
                summary: draft.summary, closedAt: nil,
                createdBy: tx.caller.username ?? "-")
            let stamp = Timestamp.string(tx.now)
            try await tx.sql.insert(into: "incidents")
                .columns(
                    "id", "number", "title", "category", "type", "state", "level", "level_confirmed_by", "occurred_at", "reported_at",
                    "division_code",
                    "place", "latitude", "longitude", "enterprise_id", "deaths", "serious_injuries", "missing", "loss_wan_yuan",
                    "figures_known",
                    "summary",
                    "closed_at",
                    "created_by", "created_at", "updated_at"
                )
                .values(
                    SQLBind.id(incident.id), SQLBind(incident.number), SQLBind(incident.title), SQLBind(incident.category.rawValue),
                    SQLBind(incident.type.rawValue), SQLBind(incident.state.rawValue), SQLBind(incident.level?.rawValue),
                    SQLBind(incident.levelConfirmedBy), SQLBind(Timestamp.string(incident.occurredAt)),
                    SQLBind(Timestamp.string(incident.reportedAt)),
                    SQLBind(incident.divisionCode), SQLBind(incident.place), SQLBind(incident.location?.latitude),
                    SQLBind(incident.location?.longitude), SQLBind.id(incident.enterpriseID), SQLBind(incident.figures.deaths),
                    SQLBind(incident.figures.seriousInjuries), SQLBind(incident.figures.missing), SQLBind(incident.figures.lossWanYuan),
                    SQLBind(incident.figuresKnown ? 1 : 0),
                    SQLBind(incident.summary), SQLBind(String?.none), SQLBind(incident.createdBy), SQLBind(stamp), SQLBind(stamp)
                ).run()
            var seq = 0
            func append(_ kind: IncidentEvent.Kind, _ text: String, at: Date? = nil) async throws {
                seq += 1
                try await Self.insertEvent(
                    incident.id, seq: seq, at: at ?? tx.now, kind: kind, text: text, actor: incident.createdBy, on: tx.sql)
            }
            if let report {
                try await append(.report, Self.describe(report), at: report.receivedAt)
                try await tx.sql.update("incoming_reports").set("incident_id", to: SQLBind.id(incident.id)).where(
                    "id", .equal, SQLBind.id(report.id)
                ).run()
            }
            try await append(
                .opened,
                "立为事件 \(incident.number)：\(incident.type.category.label)·\(incident.type.label)，\(incident.place)。\(incident.summary)（\(incident.figuresText)）"
            )
            if let level = incident.level {
                try await append(.level, "\(leader ? "确定" : "拟定")事件等级为\(level.label)")
            }
            try await tx.record(
                AuditEvent(action: "incident.open", targetType: "incident", targetID: incident.id.key, after: auditJSON(incident)))
            return incident
        }
    }

    /// Attaches a report to an open incident the caller may see, on its timeline (within the caller's transaction).
    func attach(_ report: IncomingReport, to incidentID: UUID, in tx: Transaction) async throws {
        let incident = try await lock(incidentID, in: tx)
        guard incident.state.isOpen else { throw IncidentErrors.closed }
        try await tx.sql.update("incoming_reports").set("incident_id", to: SQLBind.id(incidentID)).where(
            "id", .equal, SQLBind.id(report.id)
        ).run()
        try await append(incidentID, .report, Self.describe(report), at: report.receivedAt, in: tx)
        try await tx.record(
            AuditEvent(
                action: "report.attach", targetType: "incoming_report", targetID: report.id.key,
                after: #"{"incidentId":"\#(incidentID.key)"}"#))
    }

    static func describe(_ r: IncomingReport) -> String {
        let who = [r.unit, r.caller].compactMap { $0 }.joined(separator: " ") + (r.number.map { "（\($0)）" } ?? "")
        return "\(r.channel.label)来报，\(who)：\(r.text)"
    }

    // MARK: - Moves

    public func move(_ id: UUID, _ move: IncidentMove, by caller: Caller) async throws -> Incident {
        try caller.require(.keepDuty)
        let leader = caller.isConsole || caller.role?.can(.commandIncidents) == true
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let before = try await lock(id, in: tx)
            try before.check(move, leader: leader)
            var after = before
            var lines: [(IncidentEvent.Kind, String)] = []
            switch move {
            case .verify(let note):
                after.state = .verified
                lines.append((.state, "核实：\(note)"))
            case .respond(let level, let note):
                after.state = .responding
                after.level = level
                after.levelConfirmedBy = leader ? tx.caller.username : nil
                lines.append((.state, "启动\(level.numeral)级应急响应" + (note.map { "：\($0)" } ?? "")))
            case .setLevel(let level, let reason):
                guard level != before.level || (leader && before.levelConfirmedBy == nil) else {
                    throw AnlanError(.conflict, code: "incident.level_unchanged", message: "事件等级未改变。")
                }
                after.level = level
                after.levelConfirmedBy = leader ? tx.caller.username : nil
                let verb = before.level == nil ? "定为" : (level == before.level ? "确认为" : "由\(before.level!.label)调整为")
                lines.append((.level, "事件等级\(verb)\(level.label)\(leader ? "" : "（待局领导确认）")：\(reason)"))
            case .figures(let figures, let note):
                guard figures != before.figures || !before.figuresKnown else {
                    throw AnlanError(.conflict, code: "incident.figures_unchanged", message: "伤亡和损失与上次相同。")
                }
                after.figures = figures
                after.figuresKnown = true
                var text = "伤亡损失更新：\(figures.summary)（此前：\(before.figuresText)）" + (note.map { "。\($0)" } ?? "")
                if let suggested = after.suggestedLevel, suggested.level != (before.suggestedLevel?.level) {
                    text += "。\(suggested.basis)，建议\(suggested.level.label)"
                }
                lines.append((.figures, text))
            case .note(let text):
                lines.append((.note, text))
            case .close(let summary):
                after.state = .closed
                after.closedAt = tx.now
                lines.append((.state, "事件结束\(before.state == .responding ? "，终止应急响应" : "")：\(summary)"))
            }
            try await tx.sql.update("incidents").set("state", to: SQLBind(after.state.rawValue)).set(
                "level", to: SQLBind(after.level?.rawValue)
            )
            .set("level_confirmed_by", to: SQLBind(after.levelConfirmedBy)).set("deaths", to: SQLBind(after.figures.deaths))
            .set("serious_injuries", to: SQLBind(after.figures.seriousInjuries)).set("missing", to: SQLBind(after.figures.missing))
            .set("loss_wan_yuan", to: SQLBind(after.figures.lossWanYuan)).set("figures_known", to: SQLBind(after.figuresKnown ? 1 : 0)).set(
                "closed_at", to: SQLBind(after.closedAt.map(Timestamp.string))
            )
            .where("id", .equal, SQLBind.id(id)).run()
            if case .close = move {
                try await standDownAll(id, reason: "事件结束", in: tx)
                try await cancelOrders(id, reason: "事件结束", in: tx)
            }
            for (kind, text) in lines { try await append(id, kind, text, at: tx.now, in: tx) }
            try await tx.record(
                AuditEvent(
                    action: "incident.\(move.name)", targetType: "incident", targetID: id.key, before: auditJSON(before),
                    after: auditJSON(after)))
            return after
        }
    }

    // MARK: - Reading

    public func get(_ id: UUID, by caller: Caller) async throws -> Incident {
        try Self.requireReader(caller)
        guard let row = try await incidents.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else {
            throw IncidentErrors.notFound
        }
        return try Self.decode(row)
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<Incident> {
        try Self.requireReader(caller)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if filter.openOnly { q = q.where("state", .notEqual, SQLBind(IncidentState.closed.rawValue)) }
            if let s = filter.state { q = q.where("state", .equal, SQLBind(s.rawValue)) }
            if let c = filter.category { q = q.where("category", .equal, SQLBind(c.rawValue)) }
            if let e = filter.enterpriseID { q = q.where("enterprise_id", .equal, SQLBind.id(e)) }
            if let text = filter.query {
                let like = SQLBind("%\(text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: ""))%")
                q = q.where { $0.where("title", .like, like).orWhere("place", .like, like).orWhere("number", .like, like) }
            }
            return q
        }
        let total = try await incidents.count(database.reader, for: caller, apply)
        let rows = try await apply(incidents.select(database.reader, for: caller).column("*")).orderBy("reported_at", .descending).orderBy(
            "id"
        )
        .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// The timeline in time order (a report received before a move logged earlier comes first); one page of it.
    public func events(_ id: UUID, page: PageRequest, by caller: Caller) async throws -> Page<IncidentEvent> {
        _ = try await get(id, by: caller)
        let total =
            try await database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("incident_events")
            .where("incident_id", .equal, SQLBind.id(id)).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await database.reader.select().column("*").from("incident_events").where("incident_id", .equal, SQLBind.id(id))
            .orderBy("at").orderBy("seq").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map { try Self.decodeEvent($0, of: id) }, total: total, request: page)
    }

    /// The timeline's last line (what the board shows beside an incident), in one read.
    public func latestEvent(_ id: UUID, by caller: Caller) async throws -> IncidentEvent? {
        _ = try await get(id, by: caller)
        return try await database.reader.select().column("*").from("incident_events").where("incident_id", .equal, SQLBind.id(id))
            .orderBy("at", .descending).orderBy("seq", .descending).limit(1).first().map { try Self.decodeEvent($0, of: id) }
    }

    static func decodeEvent(_ row: any SQLRow, of id: UUID) throws -> IncidentEvent {
        guard let kind = IncidentEvent.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
            let at = Timestamp.date(try row.decode(column: "at", as: String.self))
        else { throw AnlanError.recordCorrupt("事件记录") }
        return IncidentEvent(
            id: try row.decodeID("id"), incidentID: id, at: at, kind: kind, text: try row.decode(column: "text", as: String.self),
            actor: try row.decode(column: "actor", as: String.self))
    }

    // MARK: - Internals

    /// The incident's row, locked for the rest of the transaction; one the caller may not see does not exist.
    func lock(_ id: UUID, in tx: Transaction) async throws -> Incident {
        guard
            let row = try await incidents.select(tx.sql, for: tx.caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update)
                .first()
        else {
            throw IncidentErrors.notFound
        }
        try await tx.sql.update("incidents").set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id))
            .run()
        return try Self.decode(row)
    }

    /// Appends a line after the incident's last (its row is locked by the caller's transaction).
    func append(_ id: UUID, _ kind: IncidentEvent.Kind, _ text: String, at: Date, in tx: Transaction) async throws {
        let last =
            try await tx.sql.select().column(SQLFunction("MAX", args: SQLColumn("seq")), as: "last").from("incident_events")
            .where("incident_id", .equal, SQLBind.id(id)).first()?.decodeOptional("last", as: Int.self) ?? 0
        try await Self.insertEvent(id, seq: last + 1, at: at, kind: kind, text: text, actor: tx.caller.username ?? "-", on: tx.sql)
    }

    static func insertEvent(_ id: UUID, seq: Int, at: Date, kind: IncidentEvent.Kind, text: String, actor: String, on sql: any SQLDatabase)
        async throws
    {
        try await sql.insert(into: "incident_events").columns("id", "incident_id", "seq", "at", "kind", "text", "actor")
            .values(
                SQLBind.id(UUID()), SQLBind.id(id), SQLBind(seq), SQLBind(Timestamp.string(at)), SQLBind(kind.rawValue), SQLBind(text),
                SQLBind(actor)
            ).run()
    }

    static func decode(_ row: any SQLRow) throws -> Incident {
        guard let type = IncidentType(rawValue: try row.decode(column: "type", as: String.self)),
            let state = IncidentState(rawValue: try row.decode(column: "state", as: String.self)),
            let occurred = Timestamp.date(try row.decode(column: "occurred_at", as: String.self)),
            let reported = Timestamp.date(try row.decode(column: "reported_at", as: String.self))
        else { throw AnlanError.recordCorrupt("事件") }
        let lat = try row.decodeOptional("latitude", as: Double.self), lon = try row.decodeOptional("longitude", as: Double.self)
        return Incident(
            id: try row.decodeID("id"), number: try row.decode(column: "number", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            type: type, state: state, level: try row.decodeOptional("level", as: String.self).flatMap(IncidentLevel.init(rawValue:)),
            levelConfirmedBy: try row.decodeOptional("level_confirmed_by", as: String.self), occurredAt: occurred, reportedAt: reported,
            divisionCode: try row.decode(column: "division_code", as: String.self), place: try row.decode(column: "place", as: String.self),
            location: lat.flatMap { la in lon.map { GeoPoint(latitude: la, longitude: $0) } },
            enterpriseID: try row.decodeOptionalID("enterprise_id"),
            figures: IncidentFigures(
                deaths: try row.decode(column: "deaths", as: Int.self),
                seriousInjuries: try row.decode(column: "serious_injuries", as: Int.self),
                missing: try row.decode(column: "missing", as: Int.self),
                lossWanYuan: try row.decode(column: "loss_wan_yuan", as: Double.self)),
            figuresKnown: try row.decode(column: "figures_known", as: Int.self) != 0,
            summary: try row.decode(column: "summary", as: String.self),
            closedAt: try row.decodeOptional("closed_at", as: String.self).flatMap(Timestamp.date),
            createdBy: try row.decode(column: "created_by", as: String.self))
    }
}
