import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import SQLKit
import Testing

@Suite("Audit log hash chain")
struct AuditLogTests {
    /// A store with a few audited writes: demo load, a login, a failed login.
    func fixtures() async throws -> Fixtures {
        let f = try await Fixtures.demo()
        _ = try await f.store.accounts.login(
            username: "leader", password: Fixtures.password, caller: .anonymous(ip: "10.0.0.1", requestID: "r1"))
        _ = try? await f.store.accounts.login(username: "leader", password: "wrong", caller: .anonymous(ip: "10.0.0.1", requestID: "r2"))
        return f
    }

    /// Removes the append-only protection, as someone editing the database by hand would.
    func dropTriggers(_ database: Database) async throws {
        try await database.transaction { sql in
            if database.engine == .sqlite {
                try await sql.raw("DROP TRIGGER audit_log_no_update").run()
                try await sql.raw("DROP TRIGGER audit_log_no_delete").run()
            } else {
                try await sql.raw("DROP TRIGGER audit_log_no_change ON audit_log").run()
            }
        }
    }

    /// Audit records the fixtures leave: the division import, one per demo account, a login and a failed login.
    static let records = 1 + DemoCounty.accounts.count + 2

    @Test("an untouched chain verifies, and every write left a record")
    func intact() async throws {
        let f = try await fixtures()
        let verification = try await f.store.audit.verify()
        // 1 division import + one per account + 1 login + 1 failed login
        #expect(verification == .intact(records: Self.records))
        let page = try await f.store.audit.search(
            .init(action: "auth.login_failed"), page: try PageRequest(), by: try await f.caller("auditadmin"))
        #expect(page.total == 1)
        #expect(page.items.first?.ip == "10.0.0.1")
        #expect(page.items.first?.requestID == "r2")
        #expect(page.items.first?.outcome == "failure")
        await f.close()
    }

    @Test("the database itself refuses to change or delete audit rows")
    func appendOnly() async throws {
        let f = try await fixtures()
        await #expect(throws: (any Error).self) {
            try await f.store.database.transaction { sql in try await sql.raw("UPDATE audit_log SET action = 'x' WHERE seq = 2").run() }
        }
        await #expect(throws: (any Error).self) {
            try await f.store.database.transaction { sql in try await sql.raw("DELETE FROM audit_log WHERE seq = 2").run() }
        }
        #expect(try await f.store.audit.verify() == .intact(records: Self.records))
        await f.close()
    }

    @Test("an edited row is named")
    func edited() async throws {
        let f = try await fixtures()
        try await dropTriggers(f.store.database)
        try await f.store.database.transaction { sql in
            try await sql.raw("UPDATE audit_log SET username = 'someone-else' WHERE seq = 5").run()
        }
        guard case .broken(let seq, _) = try await f.store.audit.verify() else { Issue.record("not caught"); return }
        #expect(seq == 5)
        await f.close()
    }

    @Test("a deleted row in the middle is named")
    func deleted() async throws {
        let f = try await fixtures()
        try await dropTriggers(f.store.database)
        try await f.store.database.transaction { sql in try await sql.raw("DELETE FROM audit_log WHERE seq = 7").run() }
        guard case .broken(let seq, _) = try await f.store.audit.verify() else { Issue.record("not caught"); return }
        #expect(seq == 7)
        await f.close()
    }

    @Test("a row inserted outside the product, even with a recomputed-looking hash, is caught")
    func inserted() async throws {
        let f = try await fixtures()
        try await f.store.database.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO audit_log (seq, occurred_at, action, target_type, outcome, prev_hash, hash)
                VALUES (\(unsafeRaw: String(Self.records + 1)), '2026-01-01T00:00:00.000Z', 'user.create', 'user', 'success', 'abc', 'def')
                """
            ).run()
        }
        guard case .broken(let seq, _) = try await f.store.audit.verify() else { Issue.record("not caught"); return }
        #expect(seq == Int64(Self.records + 1))
        await f.close()
    }

    @Test("deleting the newest rows is caught through the chain head")
    func truncated() async throws {
        let f = try await fixtures()
        try await dropTriggers(f.store.database)
        try await f.store.database.transaction { sql in try await sql.raw("DELETE FROM audit_log WHERE seq >= 13").run() }
        guard case .broken = try await f.store.audit.verify() else { Issue.record("not caught"); return }
        await f.close()
    }

    @Test("only the audit administrator can search the log", arguments: ["leader", "sysadmin", "secadmin"])
    func onlyAuditAdmin(_ username: String) async throws {
        let f = try await Fixtures.demo()
        let caller = try await f.caller(username)
        await #expect(throws: AnlanError.forbidden) { try await f.store.audit.search(.init(), page: try PageRequest(), by: caller) }
        await f.close()
    }
}
