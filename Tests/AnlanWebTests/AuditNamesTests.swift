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

    @Test("an out-of-jurisdiction refusal and every kind of record it can name have Chinese names")
    func outOfScopeNames() {
        #expect(UIText.auditActionName("access.out_of_scope") != "access.out_of_scope")
        for type in AuditLog.outOfScopeTypes { #expect(UIText.auditTargetName(type) != type, "\(type) has no name") }
    }

    @Test("every event of the second factor has a Chinese name: enrolment, a wrong code, recovery codes, disabling, a reset")
    func secondFactorNamed() async throws {
        try await withApp { fixtures, _, client in
            let accounts = fixtures.store.accounts
            let clock = fixtures.clock
            let caller = Caller.anonymous(ip: "10.9.1.1", requestID: nil)
            let staff = try await fixtures.caller("staff")
            guard
                case .signedIn(let signedIn) = try await accounts.authenticate(
                    username: "staff", password: Fixtures.password, caller: caller)
            else { throw TestFailure("staff signs in with a password alone") }
            let user = signedIn.user
            let secret = try await accounts.beginEnrolment(of: user, caller: staff)
            _ = try await accounts.confirmEnrolment(of: user, code: secret.code(at: clock.now), caller: staff)
            clock.advance(seconds: 31)
            let codes = try await accounts.regenerateRecoveryCodes(of: user, code: secret.code(at: clock.now), caller: staff)
            guard
                case .secondFactor(let challenge) = try await accounts.authenticate(
                    username: "staff", password: Fixtures.password, caller: caller)
            else { throw TestFailure("a code is asked for") }
            _ = try? await accounts.continueLogin(challenge: challenge.token, code: "000000", caller: caller)
            _ = try await accounts.continueLogin(challenge: challenge.token, code: codes[0], caller: caller)
            clock.advance(seconds: 31)
            try await accounts.disableSecondFactor(of: user, password: Fixtures.password, code: secret.code(at: clock.now), caller: staff)
            let again = try await accounts.beginEnrolment(of: user, caller: staff)
            _ = try await accounts.confirmEnrolment(of: user, code: again.code(at: clock.now), caller: staff)
            try await accounts.resetSecondFactor(id: user.id, by: try await fixtures.caller("sysadmin"))
            _ = client
            let actions = try await fixtures.store.database.reader.select().distinct().column("action").from("audit_log").all()
                .map { try $0.decode(column: "action", as: String.self) }
            #expect(
                Set(actions).isSuperset(of: [
                    "auth.second_factor_enrol", "auth.recovery_codes_regenerate", "auth.second_factor_failed", "auth.recovery_code_used",
                    "auth.second_factor_disable", "auth.second_factor_reset",
                ]))
            for action in actions { #expect(UIText.auditActionName(action) != action, "\(action) has no name") }
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
