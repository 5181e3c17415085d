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

    @Test("a failed login and a lockout are recorded under the account that was tried, once each, not once per guess")
    func failedLoginsByAccount() async throws {
        try await withApp { fixtures, _, client in
            for _ in 0..<5 { _ = try await client.browserLogin("inspector", password: "wrong-password") }
            let auditor = try await fixtures.caller("auditadmin")
            let found = try await fixtures.store.audit.search(.init(username: "inspector"), page: try PageRequest(), by: auditor)
            #expect(found.items.map(\.action).sorted() == ["auth.login_failed", "auth.source_locked"])
            #expect(UIText.auditActionName("auth.source_locked") != "auth.source_locked")
        }
    }
}

@Suite("Audit details in words")
struct AuditDetailsTests {
    @Test("before and after read as named fields, changed ones marked; what is not a JSON object shows as stored")
    func rows() throws {
        let rows = try #require(
            AuditDetails.rows(
                before: #"{"status":"open","fineFen":"-1","paidFen":"0"}"#,
                after: #"{"status":"decided","fineFen":"2000000","paidFen":"0","step":"行政处罚决定","isActive":true}"#))
        #expect(rows.first { $0.label == "状态" } == .init(label: "状态", before: "open", after: "decided"))
        #expect(rows.first { $0.label == "已缴罚款（分）" }?.changed == false)
        #expect(rows.first { $0.label == "办案步骤" }?.before == "" && rows.first { $0.label == "启用" }?.after == "是")
        #expect(AuditDetails.rows(before: nil, after: "not json") == nil)
        #expect(
            AuditDetails.html(before: nil, after: #"{"reason":"当事人名称有误"}"#).rendered.contains(
                "<th class=\"fw-normal text-muted\">理由</th><td></td><td>当事人名称有误</td>"))
    }
}
