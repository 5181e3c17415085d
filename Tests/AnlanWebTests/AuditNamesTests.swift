import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

@testable import AnlanWeb

/// The audit log reads in Chinese: every action and object type the system records has its name, and a failed login
/// is found under the account that was tried.
@Suite("Audit log in words")
struct AuditNamesTests {
    @Test("every action and object type in two years of demo records has a Chinese name")
    func everyActionNamed() async throws {
        try await withApp(enterprises: 600, supervision: true) { fixtures, _, client in
            _ = try await client.browserLogin("leader", password: "wrong-password")
            let rows = try await fixtures.store.database.reader.select().columns("action", "target_type").from("audit_log")
                .groupBy("action").groupBy("target_type").all()
            #expect(rows.count > 20)
            for row in rows {
                let action = try row.decode(column: "action", as: String.self)
                let target = try row.decode(column: "target_type", as: String.self)
                #expect(UIText.auditActionName(action) != action, "\(action) has no name")
                #expect(UIText.auditTargetName(target) != target, "\(target) has no name")
            }
        }
    }

    @Test("a failed login and a lockout are recorded under the account that was tried")
    func failedLoginsByAccount() async throws {
        try await withApp { fixtures, _, client in
            for _ in 0..<2 { _ = try await client.browserLogin("inspector", password: "wrong-password") }
            let auditor = try await fixtures.caller("auditadmin")
            let found = try await fixtures.store.audit.search(.init(username: "inspector"), page: try PageRequest(), by: auditor)
            #expect(found.items.filter { $0.action == "auth.login_failed" }.count == 2)
        }
    }
}
