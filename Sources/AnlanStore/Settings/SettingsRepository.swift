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
    private static let policyKey = "security_policy"
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
}
