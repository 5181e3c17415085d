import AnlanCore
import Foundation
import SQLKit

/// Rescue teams, experts, equipment and shelters: one scoped table (a township sees and keeps its own), a team's roster
/// and its training record. Every change is audited.
public struct ResourceDirectory: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let table = ScopedTable(name: "resources", divisionColumn: "division_code")

    public struct Filter: Sendable {
        public var kind: ResourceKind?
        public var category: String?
        public var divisionCode: DivisionCode?
        /// Only those that can be called on now.
        public var callable: Bool?
        public var query: String?

        public init(
            kind: ResourceKind? = nil, category: String? = nil, divisionCode: DivisionCode? = nil, callable: Bool? = nil,
            query: String? = nil
        ) {
            self.kind = kind
            self.category = category
            self.divisionCode = divisionCode
            self.callable = callable
            self.query = query
        }
    }

    static let columns = [
        "id", "kind", "name", "category", "division_code", "address", "latitude", "longitude", "contact", "phone", "organisation", "title",
        "state", "capacity", "occupancy", "area_square_metres", "tags", "note", "created_at", "updated_at", "archived_at", "team_id",
        "boundary",
    ]

    /// Tags stored between bars ("|水上救援|破拆|"), so one tag is found by LIKE '%|破拆|%'.
    static func tagText(_ tags: [String]) -> String { tags.isEmpty ? "" : "|" + tags.joined(separator: "|") + "|" }

    public func create(_ draft: EmergencyResourceDraft, by caller: Caller) async throws -> EmergencyResource {
        try caller.require(.manageResources)
        try await checkDivision(draft.divisionCode, by: caller)
        let resource = Self.resource(id: environment.newID(), draft)
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            try await insert(resource, members: draft.members, on: tx)
            try await tx.record(
                AuditEvent(action: "resource.create", targetType: "resource", targetID: resource.id.key, after: auditJSON(resource)))
        }
        return resource
    }

    /// Imports every row of a checked spreadsheet in one transaction: all are stored, or none.
    public func importAll(_ drafts: [EmergencyResourceDraft], by caller: Caller) async throws -> [EmergencyResource] {
        try caller.require(.manageResources)
        for code in Set(drafts.map(\.divisionCode)) { try await checkDivision(code, by: caller) }
        let resources = drafts.map { Self.resource(id: environment.newID(), $0) }
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            for (resource, draft) in zip(resources, drafts) { try await insert(resource, members: draft.members, on: tx) }
            try await tx.record(
                AuditEvent(
                    action: "resource.import", targetType: "resource",
                    after: auditJSON([
                        "kind": drafts.first?.kind.rawValue ?? "", "count": String(resources.count),
                        "ids": resources.map(\.id.key).joined(separator: ","),
                    ])))
        }
        return resources
    }

    private func insert(_ resource: EmergencyResource, members: [TeamMember]?, on tx: Transaction) async throws {
        try await checkTeam(resource.teamID, for: tx.caller, on: tx.sql)
        let now = Timestamp.string(tx.now)
        try await tx.sql.insert(into: "resources").columns(Self.columns)
            .values(
                SQLBind.id(resource.id), SQLBind(resource.kind.rawValue), SQLBind(resource.name), SQLBind(resource.category),
                SQLBind(resource.divisionCode), SQLBind(resource.address), SQLBind(resource.latitude), SQLBind(resource.longitude),
                SQLBind(resource.contact), SQLBind(resource.phone), SQLBind(resource.organisation), SQLBind(resource.title),
                SQLBind(resource.state), SQLBind(resource.capacity), SQLBind(resource.occupancy), SQLBind(resource.areaSquareMetres),
                SQLBind(Self.tagText(resource.tags)), SQLBind(resource.note), SQLBind(now), SQLBind(now), SQLBind(String?.none),
                SQLBind(resource.teamID?.key), SQLBind(resource.boundary.map(CapPolygon.text))
            ).run()
        if let members { try await replaceMembers(resource.id, members, on: tx.sql) }
    }

    public func update(_ id: UUID, _ draft: EmergencyResourceDraft, by caller: Caller) async throws -> EmergencyResource {
        try caller.require(.manageResources)
        try await checkDivision(draft.divisionCode, by: caller)
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard let row = try await table.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update).first()
            else { throw Self.notFound }
            let before = try Self.decode(row)
            guard before.kind == draft.kind else {
                throw AnlanError.invalid("resource.kind_invalid", "资源类别不能修改（请新建一条并停用原记录）。", field: "kind")
            }
            var after = Self.resource(id: id, draft)
            try await checkTeam(after.teamID, for: caller, on: tx.sql)
            if draft.members == nil, before.kind == .team { after.capacity = draft.capacity ?? before.capacity }
            try await table.update(tx.sql, for: caller)
                .set("name", to: SQLBind(after.name)).set("category", to: SQLBind(after.category))
                .set("division_code", to: SQLBind(after.divisionCode)).set("address", to: SQLBind(after.address))
                .set("latitude", to: SQLBind(after.latitude)).set("longitude", to: SQLBind(after.longitude))
                .set("contact", to: SQLBind(after.contact)).set("phone", to: SQLBind(after.phone))
                .set("organisation", to: SQLBind(after.organisation)).set("title", to: SQLBind(after.title))
                .set("state", to: SQLBind(after.state)).set("capacity", to: SQLBind(after.capacity))
                .set("occupancy", to: SQLBind(after.occupancy)).set("area_square_metres", to: SQLBind(after.areaSquareMetres))
                .set("tags", to: SQLBind(Self.tagText(after.tags))).set("note", to: SQLBind(after.note))
                .set("team_id", to: SQLBind(after.teamID?.key)).set("boundary", to: SQLBind(after.boundary.map(CapPolygon.text)))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            if let members = draft.members { try await replaceMembers(id, members, on: tx.sql) }
            try await tx.record(
                AuditEvent(
                    action: "resource.update", targetType: "resource", targetID: id.key, before: auditJSON(before), after: auditJSON(after))
            )
            return after
        }
    }

    /// The desk's quick change: a team goes on task, a shelter opens and fills.
    public func setState(_ id: UUID, state: String, occupancy: Int?, by caller: Caller) async throws -> EmergencyResource {
        try caller.require(.manageResources)
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard let row = try await table.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update).first()
            else { throw Self.notFound }
            let before = try Self.decode(row)
            guard before.kind.states.contains(where: { $0.code == state }) else { throw EmergencyResourceDraft.Field.state.invalid }
            // On an active dispatch order it stays busy: the order's completion or cancellation frees it.
            if state == before.kind.states.first?.code, try await IncidentRepository.isOnOrder(id, on: tx.sql) {
                throw AnlanError(
                    .conflict, code: "resource.on_order", message: "该资源正在执行调度指令；指令完成或取消后自动恢复\(before.kind.stateLabel(state))。")
            }
            if let occupancy, before.kind != .shelter || occupancy < 0 || occupancy > (before.capacity ?? 1_000_000) {
                throw EmergencyResourceDraft.Field.occupancy.invalid
            }
            var after = before
            after.state = state
            if before.kind == .shelter { after.occupancy = occupancy ?? before.occupancy }
            try await table.update(tx.sql, for: caller).set("state", to: SQLBind(after.state)).set(
                "occupancy", to: SQLBind(after.occupancy)
            )
            .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "resource.state", targetType: "resource", targetID: id.key,
                    before: auditJSON(["state": before.state, "occupancy": before.occupancy.map(String.init) ?? ""]),
                    after: auditJSON(["state": after.state, "occupancy": after.occupancy.map(String.init) ?? ""])))
            return after
        }
    }

    public func archive(_ id: UUID, by caller: Caller) async throws -> EmergencyResource {
        try caller.require(.manageResources)
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard let row = try await table.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update).first()
            else { throw Self.notFound }
            var resource = try Self.decode(row)
            guard resource.archivedAt == nil else { return resource }
            resource.archivedAt = tx.now
            try await table.update(tx.sql, for: caller).set("archived_at", to: SQLBind(Timestamp.string(tx.now))).where(
                "id", .equal, SQLBind.id(id)
            )
            .run()
            try await tx.record(AuditEvent(action: "resource.archive", targetType: "resource", targetID: id.key))
            return resource
        }
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> EmergencyResource {
        try WarehouseRepository.requireReader(caller)
        guard let row = try await table.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw Self.notFound }
        return try Self.decode(row)
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<EmergencyResource> {
        try WarehouseRepository.requireReader(caller)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q.where("archived_at", .is, SQLLiteral.null)
            if let kind = filter.kind { q = q.where("kind", .equal, SQLBind(kind.rawValue)) }
            if let category = filter.category { q = q.where("category", .equal, SQLBind(category)) }
            if let code = filter.divisionCode { q = q.where("division_code", .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix)) }
            if filter.callable == true {
                // The first state of each kind is the callable one; a shelter must be open with room.
                q = q.where { g in
                    g.where(SQLRaw("(kind IN ('team', 'expert') AND state = 'available')"))
                        .orWhere(SQLRaw("(kind = 'equipment' AND state = 'ready')"))
                        .orWhere(
                            SQLRaw("(kind = 'shelter' AND state = 'open' AND (capacity IS NULL OR COALESCE(occupancy, 0) < capacity))"))
                }
            }
            return TextSearch.apply(
                filter.query, columns: ["name", "contact", "organisation", "tags", "address"], enterpriseColumn: nil, to: q)
        }
        let total = try await table.count(database.reader, for: caller, apply)
        let rows = try await apply(table.select(database.reader, for: caller).column("*")).orderBy("kind").orderBy("division_code")
            .orderBy("name").orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// The name and division of each resource of a kind in the caller's jurisdiction (not archived): what an import
    /// checks its rows against, so that importing the same list twice does not list everything twice.
    public func names(of kind: ResourceKind, by caller: Caller) async throws -> [(name: String, divisionCode: String)] {
        try WarehouseRepository.requireReader(caller)
        return try await table.select(database.reader, for: caller).columns("name", "division_code")
            .where("archived_at", .is, SQLLiteral.null).where("kind", .equal, SQLBind(kind.rawValue)).all()
            .map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "division_code", as: String.self)) }
    }

    /// Every resource with a map point or a drawn boundary, for the resource map's layers (a county holds hundreds, not millions).
    public func located(by caller: Caller) async throws -> [EmergencyResource] {
        try WarehouseRepository.requireReader(caller)
        return try await table.select(database.reader, for: caller).column("*").where("archived_at", .is, SQLLiteral.null)
            .where { $0.where("latitude", .isNot, SQLLiteral.null).orWhere("boundary", .isNot, SQLLiteral.null) }.orderBy("kind").orderBy(
                "name"
            ).limit(5000).all().map(Self.decode)
    }

    // MARK: - Teams

    public func members(of id: UUID, by caller: Caller) async throws -> [TeamMember] {
        _ = try await get(id, by: caller)
        return try await database.reader.select().columns("name", "phone", "certificate").from("team_members")
            .where("resource_id", .equal, SQLBind.id(id)).orderBy("seq").all()
            .map {
                TeamMember(
                    name: try $0.decode(column: "name", as: String.self), phone: try $0.decode(column: "phone", as: String.self),
                    certificate: try $0.decodeOptional("certificate", as: String.self))
            }
    }

    private func replaceMembers(_ id: UUID, _ members: [TeamMember], on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "team_members").where("resource_id", .equal, SQLBind.id(id)).run()
        for (index, m) in members.enumerated() {
            try await sql.insert(into: "team_members").columns("resource_id", "seq", "name", "phone", "certificate")
                .values(SQLBind.id(id), SQLBind(index + 1), SQLBind(m.name), SQLBind(m.phone), SQLBind(m.certificate)).run()
        }
    }

    public func addTraining(_ id: UUID, _ training: TeamTraining, by caller: Caller) async throws {
        try caller.require(.manageResources)
        let team = try await get(id, by: caller)
        guard team.kind == .team else {
            throw AnlanError.invalid("resource.not_a_team", "只有救援队伍登记训练记录。", field: "kind")
        }
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            let trainingID = environment.newID()
            try await tx.sql.insert(into: "team_trainings")
                .columns("id", "resource_id", "trained_on", "subject", "hours", "participants", "recorded_by", "recorded_at")
                .values(
                    SQLBind.id(trainingID), SQLBind.id(id), SQLBind(training.on.description), SQLBind(training.subject),
                    SQLBind(training.hours),
                    SQLBind(training.participants), SQLBind(caller.username ?? "-"), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(action: "resource.training", targetType: "resource", targetID: id.key, after: auditJSON(training)))
        }
    }

    /// A team's training sessions, newest first.
    public func trainings(of id: UUID, by caller: Caller) async throws -> [TeamTraining] {
        _ = try await get(id, by: caller)
        return try await database.reader.select().columns("trained_on", "subject", "hours", "participants").from("team_trainings")
            .where("resource_id", .equal, SQLBind.id(id)).orderBy("trained_on", .descending).limit(500).all()
            .map {
                guard let on = Day(try $0.decode(column: "trained_on", as: String.self)) else { throw AnlanError.recordCorrupt("训练日期") }
                return TeamTraining(
                    on: on, subject: try $0.decode(column: "subject", as: String.self),
                    hours: try $0.decode(column: "hours", as: Double.self),
                    participants: try $0.decode(column: "participants", as: Int.self))
            }
    }

    // MARK: - Rows

    /// The listed teams the caller can see (not archived), by name: what equipment may be assigned to.
    public func teams(by caller: Caller) async throws -> [(id: UUID, name: String)] {
        try WarehouseRepository.requireReader(caller)
        return try await table.select(database.reader, for: caller).column("id").column("name")
            .where("kind", .equal, SQLBind(ResourceKind.team.rawValue)).where("archived_at", .is, SQLLiteral.null).orderBy("name")
            .limit(2000).all().map { (try $0.decodeID("id"), try $0.decode(column: "name", as: String.self)) }
    }

    /// The equipment assigned to a team (配属装备), not archived, by name.
    public func equipment(of teamID: UUID, by caller: Caller) async throws -> [EmergencyResource] {
        try WarehouseRepository.requireReader(caller)
        return try await table.select(database.reader, for: caller).column("*").where("team_id", .equal, SQLBind.id(teamID))
            .where("archived_at", .is, SQLLiteral.null).orderBy("name").limit(500).all().map(Self.decode)
    }

    /// Equipment may be assigned only to a listed team the caller can see (a township's to its own or the county's
    /// teams it sees); checked in the writing transaction, so a team archived meanwhile is refused.
    private func checkTeam(_ teamID: UUID?, for caller: Caller, on sql: any SQLDatabase) async throws {
        guard let teamID else { return }
        let found = try await table.select(sql, for: caller).column("id").where("id", .equal, SQLBind.id(teamID))
            .where("kind", .equal, SQLBind(ResourceKind.team.rawValue)).where("archived_at", .is, SQLLiteral.null).first()
        guard found != nil else { throw EmergencyResourceDraft.Field.team.invalid }
    }

    public static let notFound = AnlanError.notFound("resource.not_found", "资源不存在或不在您的辖区内。")

    private func checkDivision(_ code: DivisionCode, by caller: Caller) async throws {
        try table.requireWritable(code, by: caller)
        guard try await divisions.lookup(code, on: database.reader) != nil else {
            throw AnlanError.invalid("resource.division_code_invalid", "所在区划 \(code) 不存在。", field: "divisionCode")
        }
    }

    static func resource(id: UUID, _ d: EmergencyResourceDraft) -> EmergencyResource {
        EmergencyResource(
            id: id, kind: d.kind, name: d.name, category: d.category, divisionCode: d.divisionCode.rawValue, address: d.address,
            latitude: d.latitude, longitude: d.longitude, contact: d.contact, phone: d.phone, organisation: d.organisation, title: d.title,
            state: d.state, capacity: Self.capacity(d), occupancy: d.occupancy, areaSquareMetres: d.areaSquareMetres, tags: d.tags,
            note: d.note, teamID: d.teamID, boundary: d.boundary)
    }

    /// A team with a roster counts its members; otherwise the figure entered.
    static func capacity(_ d: EmergencyResourceDraft) -> Int? {
        guard d.kind == .team, let members = d.members, !members.isEmpty else { return d.capacity }
        return members.count
    }

    static func decode(_ row: any SQLRow) throws -> EmergencyResource {
        guard let kind = ResourceKind(rawValue: try row.decode(column: "kind", as: String.self)) else {
            throw AnlanError.recordCorrupt("资源类别")
        }
        return EmergencyResource(
            id: try row.decodeID("id"), kind: kind, name: try row.decode(column: "name", as: String.self),
            category: try row.decode(column: "category", as: String.self),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            address: try row.decodeOptional("address", as: String.self), latitude: try row.decodeOptional("latitude", as: Double.self),
            longitude: try row.decodeOptional("longitude", as: Double.self), contact: try row.decode(column: "contact", as: String.self),
            phone: try row.decode(column: "phone", as: String.self), organisation: try row.decodeOptional("organisation", as: String.self),
            title: try row.decodeOptional("title", as: String.self), state: try row.decode(column: "state", as: String.self),
            capacity: try row.decodeOptional("capacity", as: Int.self), occupancy: try row.decodeOptional("occupancy", as: Int.self),
            areaSquareMetres: try row.decodeOptional("area_square_metres", as: Double.self),
            tags: try row.decode(column: "tags", as: String.self).split(separator: "|").map(String.init),
            note: try row.decodeOptional("note", as: String.self), teamID: try row.decodeOptionalID("team_id"),
            boundary: try row.decodeOptional("boundary", as: String.self).flatMap(CapPolygon.parse),
            archivedAt: try row.decodeOptional("archived_at", as: String.self).flatMap(Timestamp.date))
    }
}
