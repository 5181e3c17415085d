import AnlanCore
import Foundation
import Testing

@Suite("Security policy")
struct SecurityPolicyTests {
    let policy = SecurityPolicy()

    @Test("defaults are the 等保 practice values")
    func defaults() {
        #expect(policy.passwordMinLength == 10)
        #expect(policy.passwordMinClasses == 3)
        #expect(policy.maxFailedLogins == 5)
        #expect(policy.lockoutMinutes == 15)
        #expect(policy.sessionIdleMinutes == 30)
        #expect(policy.sessionAbsoluteHours == 12)
    }

    @Test(
        "passwords at the boundaries",
        arguments: [
            ("Abcdefgh1", "password.too_short"),  // 9 characters
            ("abcdefghij1", "password.too_simple"),  // two classes
            ("ABCDEFGHIJ-", "password.too_simple"),
            ("Abc\u{7}defgh1", "password.control_character"),
            (String(repeating: "Aa1", count: 25), "password.too_long"),  // 75 bytes
            ("Leader-0001", "password.equals_username"),
        ])
    func refused(_ password: String, _ code: String) {
        do {
            try policy.checkPassword(password, username: "leader-0001")
            Issue.record("accepted \(password)")
        } catch let error as AnlanError {
            #expect(error.code == code)
            #expect(error.kind == .unprocessable)
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("passwords that pass", arguments: ["Abcdefghi1", "abcdefghi1-", "密码Abc12345", "Aa1" + String(repeating: "x", count: 69)])
    func accepted(_ password: String) throws {
        try policy.checkPassword(password, username: "someone")
    }

    @Test("a policy that switches a protection off is refused")
    func validation() throws {
        var weak = SecurityPolicy()
        weak.maxFailedLogins = 1000
        #expect(throws: AnlanError.self) { try weak.validated() }
        weak = SecurityPolicy()
        weak.passwordMinLength = 6
        #expect(throws: AnlanError.self) { try weak.validated() }
        #expect(try SecurityPolicy().validated() == SecurityPolicy())
    }
}

@Suite("Roles and the three administrators")
struct RoleTests {
    @Test("no administrator does business work and no business role administers")
    func separation() {
        for role in Role.allCases {
            if role.isAdministrator {
                #expect(!role.can(.readBusinessData))
                #expect(role.permissions.count == 1)
            } else {
                #expect(role.permissions.contains(.readBusinessData))
                #expect(role.permissions.isDisjoint(with: [.manageAccounts, .managePolicies, .readAudit]))
            }
        }
        #expect(Role.systemAdmin.can(.manageAccounts) && !Role.systemAdmin.can(.readAudit) && !Role.systemAdmin.can(.managePolicies))
        #expect(Role.securityAdmin.can(.managePolicies) && !Role.securityAdmin.can(.manageAccounts))
        #expect(Role.auditAdmin.can(.readAudit) && !Role.auditAdmin.can(.manageAccounts))
        #expect(Role.business.count == 8)
        #expect(Role.business.filter { $0.can(.editEnterprises) } == [.bureauLeader, .inspector, .staff])
    }

    @Test(
        "usernames",
        arguments: [
            ("ab", false), ("leader", true), ("1abc", false), ("li.ming-2", true), ("李明", false),
            (String(repeating: "a", count: 33), false),
        ])
    func usernames(_ name: String, _ valid: Bool) {
        #expect(((try? Username.validate(name)) != nil) == valid)
    }
}

@Suite("Audit record content")
struct AuditRecordTests {
    func record(action: String, targetID: String?, before: String? = nil) -> AuditRecord {
        AuditRecord(
            seq: 1, occurredAt: "2026-01-01T00:00:00.000Z", userID: nil, username: "u", role: nil, ip: nil, requestID: nil,
            action: action, targetType: "t", targetID: targetID, outcome: "success", before: before, after: nil,
            prevHash: AuditRecord.genesisHash, hash: "")
    }

    @Test("moving text between fields changes the canonical content")
    func unambiguous() {
        #expect(record(action: "a|b", targetID: nil).canonicalContent != record(action: "a", targetID: "b").canonicalContent)
        #expect(record(action: "a", targetID: nil).canonicalContent != record(action: "a", targetID: "").canonicalContent)
        #expect(record(action: "a", targetID: "-").canonicalContent != record(action: "a", targetID: nil).canonicalContent)
    }
}

@Suite("Paging")
struct PageRequestTests {
    @Test("bounds")
    func bounds() throws {
        #expect(try PageRequest().pageSize == 50)
        #expect(try PageRequest(page: 3, pageSize: 20).offset == 40)
        #expect(throws: AnlanError.self) { try PageRequest(page: 0) }
        #expect(throws: AnlanError.self) { try PageRequest(pageSize: 201) }
        #expect(throws: AnlanError.self) { try PageRequest(pageSize: 0) }
    }

    @Test("the seeded generator repeats itself")
    func seeded() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let x = (0..<5).map { _ in a.next() }
        #expect(x == (0..<5).map { _ in b.next() })
        #expect(x != (0..<5).map { _ in c.next() })
    }
}

@Suite("Login throttle")
struct LoginThrottleTests {
    let policy = SecurityPolicy()
    let start = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("a pair is locked at the policy's count for its minutes; another source and another account are not")
    func pairs() {
        var throttle = LoginThrottle()
        for n in 1...4 {
            #expect(throttle.failed(source: "a", username: "staff", now: start, policy: policy) == (n, false))
        }
        #expect(throttle.failed(source: "a", username: "Staff", now: start, policy: policy) == (5, true))
        #expect(throttle.waitUntil(source: "a", username: "staff", now: start, policy: policy) == start.addingTimeInterval(900))
        #expect(throttle.waitUntil(source: "b", username: "staff", now: start, policy: policy) == nil)
        #expect(throttle.waitUntil(source: "a", username: "leader", now: start, policy: policy) == nil)
        #expect(throttle.waitUntil(source: "a", username: "staff", now: start.addingTimeInterval(901), policy: policy) == nil)
        // The lock reset the pair's count: the next failure after it is the first again.
        #expect(throttle.failed(source: "a", username: "staff", now: start.addingTimeInterval(901), policy: policy) == (1, false))
    }

    @Test("failures older than the lockout time are forgotten")
    func window() {
        var throttle = LoginThrottle()
        for n in 0..<4 { throttle.failed(source: "a", username: "staff", now: start.addingTimeInterval(Double(n)), policy: policy) }
        #expect(throttle.failed(source: "a", username: "staff", now: start.addingTimeInterval(16 * 60), policy: policy) == (1, false))
    }

    @Test("a source spraying many accounts waits before each further try, the wait doubling")
    func spray() {
        var throttle = LoginThrottle()
        let limit = policy.maxFailedLogins * LoginThrottle.sourceFactor
        for n in 0..<(limit - 1) { throttle.failed(source: "a", username: "user\(n)", now: start, policy: policy) }
        #expect(throttle.waitUntil(source: "a", username: "fresh", now: start, policy: policy) == nil)
        var waits: [TimeInterval] = []
        for n in 0..<4 {
            throttle.failed(source: "a", username: "more\(n)", now: start, policy: policy)
            waits.append(throttle.waitUntil(source: "a", username: "fresh", now: start, policy: policy)!.timeIntervalSince(start))
        }
        #expect(waits == [1, 2, 4, 8])
        #expect(throttle.waitUntil(source: "b", username: "fresh", now: start, policy: policy) == nil)
    }
}
