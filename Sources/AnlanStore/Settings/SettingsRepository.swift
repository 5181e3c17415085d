import AnlanCore
import Foundation
import SQLKit
import Synchronization

/// Settings stored in the database, starting with the security policy.
///
/// The policy is read on every authenticated request, so it is cached for a few seconds; a change on
/// another node takes effect within that time.
public final class SettingsRepository: Sendable {
    let database: Database
    private let cache = Mutex<(policy: SecurityPolicy, readAt: Date)?>(nil)
    private let sectorCache = Mutex<(sectors: [String], readAt: Date)?>(nil)
    private static let policyKey = "security_policy"
    private static let sectorsKey = "sectors"
    private static let cacheSeconds: TimeInterval = 5

    init(database: Database) {
        self.database = database
    }

    /// The policy in force: the stored one, or the defaults.
    public func securityPolicy(now: Date = Date()) async throws -> SecurityPolicy {
        if let cached = cache.withLock({ $0 }), now.timeIntervalSince(cached.readAt) < Self.cacheSeconds {
            return cached.policy
        }
        let policy = try await Self.readPolicy(on: database.reader) ?? SecurityPolicy()
        cache.withLock { $0 = (policy, now) }
        return policy
    }

    /// Stores a new policy; only the security administrator may.
    public func setSecurityPolicy(_ policy: SecurityPolicy, in transaction: Transaction) async throws {
        try transaction.caller.require(.managePolicies)
        let policy = try policy.validated()
        let before = try await Self.readPolicy(on: transaction.sql) ?? SecurityPolicy()
        let value = auditJSON(policy)
        let now = Timestamp.string(transaction.now)
        try await transaction.sql.delete(from: "settings").where("key", .equal, SQLBind(Self.policyKey)).run()
        try await transaction.sql.insert(into: "settings").columns("key", "value", "updated_at")
            .values(SQLBind(Self.policyKey), SQLBind(value), SQLBind(now)).run()
        try await transaction.record(
            AuditEvent(
                action: "policy.update", targetType: "security_policy", targetID: Self.policyKey,
                before: auditJSON(before), after: value))
        cache.withLock { $0 = nil }
    }

    private static func readPolicy(on sql: any SQLDatabase) async throws -> SecurityPolicy? {
        guard
            let text = try await sql.select().column("value").from("settings")
                .where("key", .equal, SQLBind(policyKey)).first(decodingColumn: "value", as: String.self)
        else { return nil }
        return try JSONDecoder().decode(SecurityPolicy.self, from: Data(text.utf8))
    }

    // MARK: - Sectors

    /// The sectors enterprise files may name: the bureau's list, or the defaults.
    public func sectors(now: Date = Date()) async throws -> [String] {
        if let cached = sectorCache.withLock({ $0 }), now.timeIntervalSince(cached.readAt) < Self.cacheSeconds { return cached.sectors }
        let sectors = try await Self.readSectors(on: database.reader) ?? SectorCatalog.defaults
        sectorCache.withLock { $0 = (sectors, now) }
        return sectors
    }

    /// Replaces the sector list. A sector still named by an active enterprise cannot be removed
    /// (`settings.sector_in_use`): files would name a sector the bureau no longer has.
    public func setSectors(_ sectors: [String], in transaction: Transaction) async throws {
        try transaction.caller.require(.configureCatalogs)
        let sectors = try SectorCatalog.validated(sectors)
        let before = try await Self.readSectors(on: transaction.sql) ?? SectorCatalog.defaults
        let removed = Set(before).subtracting(sectors)
        if !removed.isEmpty {
            let used = try await transaction.sql.select().distinct().column(SQLColumn("sector", table: "s")).from(
                "enterprise_sectors", as: "s"
            )
            .join(
                SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("id", table: "e"), .equal,
                SQLColumn("enterprise_id", table: "s")
            )
            .where(SQLColumn("archived_at", table: "e"), .is, SQLLiteral.null)
            .where(SQLColumn("sector", table: "s"), .in, SQLBind.group(Array(removed).sorted()))
            .all(decodingColumn: "sector", as: String.self)
            if !used.isEmpty {
                throw AnlanError(
                    .conflict, code: "settings.sector_in_use",
                    message: "行业“\(used.sorted().joined(separator: "、"))”仍有在册企业使用，不能删除。请先修改这些企业的行业。",
                    details: ["sectors": used.sorted().joined(separator: ",")])
            }
        }
        try await transaction.sql.delete(from: "settings").where("key", .equal, SQLBind(Self.sectorsKey)).run()
        try await transaction.sql.insert(into: "settings").columns("key", "value", "updated_at")
            .values(SQLBind(Self.sectorsKey), SQLBind(auditJSON(sectors)), SQLBind(Timestamp.string(transaction.now))).run()
        try await transaction.record(
            AuditEvent(
                action: "settings.sectors_update", targetType: "settings", targetID: Self.sectorsKey, before: auditJSON(before),
                after: auditJSON(sectors)))
        sectorCache.withLock { $0 = nil }
    }

    private static func readSectors(on sql: any SQLDatabase) async throws -> [String]? {
        guard
            let text = try await sql.select().column("value").from("settings").where("key", .equal, SQLBind(sectorsKey))
                .first(decodingColumn: "value", as: String.self)
        else { return nil }
        return try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
