import AnlanCore
import Foundation
import SQLKit

/// The register of flood and forest-fire sites (水库、河道堤防、地质灾害隐患点、山洪危险区、林区、行洪通道内工程) with their
/// three 责任人; a township keeps its own, the county all. Archiving keeps the record (and its history in the audit log).
public struct SiteRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let sites = ScopedTable(name: "sites", divisionColumn: "division_code")

    var now: Date { environment.now() }

    public func create(_ draft: SiteDraft, by caller: Caller) async throws -> Site {
        try caller.require(.manageResources)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            try sites.requireWritable(draft.divisionCode, by: tx.caller)
            guard try await divisions.lookup(draft.divisionCode, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(draft.divisionCode) 不存在或不在您的辖区内。")
            }
            let site = Site(
                id: environment.newID(), kind: draft.kind, name: draft.name, divisionCode: draft.divisionCode.rawValue,
                location: draft.location,
                grade: draft.grade, threatenedPeople: draft.threatenedPeople, description: draft.description, keepers: draft.keepers,
                createdAt: tx.now, updatedAt: tx.now)
            try await tx.sql.insert(into: "sites")
                .columns(
                    "id", "kind", "name", "division_code", "latitude", "longitude", "grade", "threatened_people", "description",
                    "created_at",
                    "updated_at"
                )
                .values(
                    SQLBind.id(site.id), SQLBind(site.kind.rawValue), SQLBind(site.name), SQLBind(site.divisionCode),
                    SQLBind(site.location?.latitude), SQLBind(site.location?.longitude), SQLBind(site.grade),
                    SQLBind(site.threatenedPeople),
                    SQLBind(site.description), SQLBind(Timestamp.string(tx.now)), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await writeKeepers(site.id, site.keepers, on: tx.sql)
            try await tx.record(AuditEvent(action: "site.create", targetType: "site", targetID: site.id.key, after: auditJSON(site)))
            return site
        }
    }

    public func update(_ id: UUID, _ draft: SiteDraft, by caller: Caller) async throws -> Site {
        try caller.require(.manageResources)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let before = try await lock(id, in: tx)
            guard before.archivedAt == nil else { throw SiteErrors.archived }
            try sites.requireWritable(draft.divisionCode, by: tx.caller)
            guard try await divisions.lookup(draft.divisionCode, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(draft.divisionCode) 不存在或不在您的辖区内。")
            }
            var after = before
            after.kind = draft.kind
            after.name = draft.name
            after.divisionCode = draft.divisionCode.rawValue
            after.location = draft.location
            after.grade = draft.grade
            after.threatenedPeople = draft.threatenedPeople
            after.description = draft.description
            after.keepers = draft.keepers
            after.updatedAt = tx.now
            try await tx.sql.update("sites").set("kind", to: SQLBind(after.kind.rawValue)).set("name", to: SQLBind(after.name))
                .set("division_code", to: SQLBind(after.divisionCode)).set("latitude", to: SQLBind(after.location?.latitude))
                .set("longitude", to: SQLBind(after.location?.longitude)).set("grade", to: SQLBind(after.grade))
                .set("threatened_people", to: SQLBind(after.threatenedPeople)).set("description", to: SQLBind(after.description))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            try await tx.sql.delete(from: "site_keepers").where("site_id", .equal, SQLBind.id(id)).run()
            try await writeKeepers(id, after.keepers, on: tx.sql)
            try await tx.record(
                AuditEvent(action: "site.update", targetType: "site", targetID: id.key, before: auditJSON(before), after: auditJSON(after)))
            return after
        }
    }

    public func archive(_ id: UUID, by caller: Caller) async throws {
        try caller.require(.manageResources)
        try await database.write(by: caller, at: now, audit: audit) { tx in
            let before = try await lock(id, in: tx)
            guard before.archivedAt == nil else { throw SiteErrors.archived }
            try await tx.sql.update("sites").set("archived_at", to: SQLBind(Timestamp.string(tx.now)))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(AuditEvent(action: "site.archive", targetType: "site", targetID: id.key, before: auditJSON(before)))
        }
    }

    private func writeKeepers(_ id: UUID, _ keepers: [SiteKeeper], on sql: any SQLDatabase) async throws {
        for k in keepers {
            try await sql.insert(into: "site_keepers").columns("site_id", "role", "name", "unit", "phone")
                .values(SQLBind.id(id), SQLBind(k.role.rawValue), SQLBind(k.name), SQLBind(k.unit), SQLBind(k.phone)).run()
        }
    }

    /// The site's row, locked for the rest of the transaction (a check recorded against it, an edit, an archiving); one
    /// outside the caller's jurisdiction does not exist.
    func lock(_ id: UUID, in tx: Transaction) async throws -> Site {
        guard let row = try await sites.select(tx.sql, for: tx.caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update).first()
        else { throw SiteErrors.notFound }
        return try Self.decode(row, keepers: try await keepers(of: [id], on: tx.sql)[id] ?? [])
    }

    public struct Filter: Sendable {
        public var kind: SiteKind?
        /// Flood-season sites only (true) or forest-fire ones only (false).
        public var flood: Bool?
        public var divisionCode: DivisionCode?
        public var query: String?
        public var archived: Bool

        public init(
            kind: SiteKind? = nil, flood: Bool? = nil, divisionCode: DivisionCode? = nil, query: String? = nil, archived: Bool = false
        ) {
            self.kind = kind
            self.flood = flood
            self.divisionCode = divisionCode
            self.query = query
            self.archived = archived
        }
    }

    private func apply(_ f: Filter, to q: SQLSelectBuilder) -> SQLSelectBuilder {
        var q = f.archived ? q.where("archived_at", .isNot, SQLLiteral.null) : q.where("archived_at", .is, SQLLiteral.null)
        if let kind = f.kind { q = q.where("kind", .equal, SQLBind(kind.rawValue)) }
        if let flood = f.flood {
            q = q.where("kind", flood ? .notEqual : .equal, SQLBind(SiteKind.forestArea.rawValue))
        }
        if let code = f.divisionCode { q = q.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix)) }
        return TextSearch.apply(f.query, columns: ["name", "grade", "description"], enterpriseColumn: nil, to: q)
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<Site> {
        try caller.require(.readBusinessData)
        let total = try await sites.count(database.reader, for: caller) { apply(filter, to: $0) }
        let rows = try await apply(filter, to: sites.select(database.reader, for: caller).column("*")).orderBy("division_code")
            .orderBy("kind").orderBy("name").orderBy("id").limit(page.pageSize).offset(page.offset).all()
        let keepers = try await keepers(of: try rows.map { try $0.decodeID("id") }, on: database.reader)
        return Page(items: try rows.map { try Self.decode($0, keepers: keepers[try $0.decodeID("id")] ?? []) }, total: total, request: page)
    }

    /// Every site of a filter (the 责任人 list to publish, the map layer), page by page.
    public func all(_ filter: Filter, by caller: Caller) async throws -> [Site] {
        try await Page.all { try await list(filter, page: $0, by: caller) }
    }

    /// Site names by key (the hazard tables name a site's hazards by it); archived ones too, as their hazards remain.
    public func names(of ids: [UUID]) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for row in try await database.reader.select().columns("id", "name").from("sites").where(
            "id", .in, SQLBind.group(Set(ids).map(\.key))
        )
        .all() {
            out[try row.decode(column: "id", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        return out
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> Site {
        try caller.require(.readBusinessData)
        guard let row = try await sites.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw SiteErrors.notFound }
        return try Self.decode(row, keepers: try await keepers(of: [id], on: database.reader)[id] ?? [])
    }

    func keepers(of ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [SiteKeeper]] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: [SiteKeeper]] = [:]
        for row in try await sql.select().column("*").from("site_keepers").where("site_id", .in, SQLBind.group(ids.map(\.key))).all() {
            guard let role = KeeperRole(rawValue: try row.decode(column: "role", as: String.self)) else {
                throw AnlanError.recordCorrupt("责任人")
            }
            out[try row.decodeID("site_id"), default: []].append(
                SiteKeeper(
                    role: role, name: try row.decode(column: "name", as: String.self),
                    unit: try row.decodeOptional("unit", as: String.self),
                    phone: try row.decode(column: "phone", as: String.self)))
        }
        for (k, v) in out {
            out[k] = v.sorted { KeeperRole.allCases.firstIndex(of: $0.role)! < KeeperRole.allCases.firstIndex(of: $1.role)! }
        }
        return out
    }

    static func decode(_ row: any SQLRow, keepers: [SiteKeeper]) throws -> Site {
        guard let kind = SiteKind(rawValue: try row.decode(column: "kind", as: String.self)),
            let created = Timestamp.date(try row.decode(column: "created_at", as: String.self)),
            let updated = Timestamp.date(try row.decode(column: "updated_at", as: String.self))
        else { throw AnlanError.recordCorrupt("重点部位") }
        let lat = try row.decodeOptional("latitude", as: Double.self), lon = try row.decodeOptional("longitude", as: Double.self)
        return Site(
            id: try row.decodeID("id"), kind: kind, name: try row.decode(column: "name", as: String.self),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            location: lat.flatMap { la in lon.map { GeoPoint(latitude: la, longitude: $0) } },
            grade: try row.decodeOptional("grade", as: String.self),
            threatenedPeople: try row.decode(column: "threatened_people", as: Int.self),
            description: try row.decodeOptional("description", as: String.self), keepers: keepers,
            archivedAt: try row.decodeOptional("archived_at", as: String.self).flatMap(Timestamp.date), createdAt: created,
            updatedAt: updated)
    }
}
