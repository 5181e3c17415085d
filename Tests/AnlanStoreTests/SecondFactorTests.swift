import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

@Suite("Second factor (TOTP)")
struct SecondFactorTests {
    /// RFC 6238 Appendix B (SHA-1 rows): the secret is the ASCII of "12345678901234567890", 8 digits.
    @Test(
        "codes match RFC 6238's test vectors",
        arguments: [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ] as [(Int64, String)])
    func rfcVectors(time: Int64, expected: String) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(step: TOTP.step(at: Date(timeIntervalSince1970: TimeInterval(time))), digits: 8) == expected)
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(time))) == String(expected.suffix(6)))
    }

    @Test("Base32 follows RFC 4648 and reads what apps show")
    func base32() throws {
        for (plain, encoded) in [
            ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
        ] {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb-oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
        let secret = TOTP.generate()
        #expect(secret.secret.count == 20)
        #expect(TOTP(base32: secret.base32) == secret)
        #expect(
            secret.uri(account: "sysadmin", issuer: "Anlan").hasPrefix("otpauth://totp/Anlan:sysadmin?secret=\(secret.base32)&issuer=Anlan")
        )
    }

    @Test("a code is accepted one step either side of now, not two, and only as six digits")
    func window() {
        let totp = TOTP.generate()
        let now = Date(timeIntervalSince1970: 1_795_000_015)
        let step = TOTP.step(at: now)
        for offset in -1...1 { #expect(totp.matchingStep(of: totp.code(step: step + Int64(offset)), at: now) == step + Int64(offset)) }
        for offset in [-2, 2] { #expect(totp.matchingStep(of: totp.code(step: step + Int64(offset)), at: now) == nil) }
        #expect(totp.matchingStep(of: "12345", at: now) == nil)
        #expect(totp.matchingStep(of: "１２３４５６", at: now) == nil)
    }

    /// The first login of an administrator enrols; later ones need a fresh code; a code is good once.
    @Test("an administrator enrols at the first login, then proves a fresh code every time")
    func administratorLogin() async throws {
        let f = try await Fixtures.demo()
        let accounts = f.store.accounts
        let caller = Caller.anonymous(ip: "10.9.0.1", requestID: nil)
        // The password alone is not enough, for the API's one-step login either.
        await #expect(throws: AnlanError.self) {
            _ = try await accounts.login(username: "secadmin", password: Fixtures.password, caller: caller)
        }
        guard
            case .secondFactor(let challenge) = try await accounts.authenticate(
                username: "secadmin", password: Fixtures.password, caller: caller),
            let secret = challenge.enrolment
        else { throw TestFailure("an administrator without a factor must enrol") }
        // A wrong code keeps the challenge open and enables nothing.
        let wrong = secret.code(step: TOTP.step(at: f.clock.now) + 5)
        await #expect(throws: AnlanError.self) {
            _ = try await accounts.continueLogin(challenge: challenge.token, code: wrong, caller: caller)
        }
        #expect(try await accounts.find(username: "secadmin")?.secondFactorEnabled == false)
        let done = try await accounts.continueLogin(challenge: challenge.token, code: secret.code(at: f.clock.now), caller: caller)
        #expect(done.user.username == "secadmin" && done.user.secondFactorEnabled)
        #expect(done.recoveryCodes.count == 10 && Set(done.recoveryCodes).count == 10)
        #expect(done.recoveryCodes.allSatisfy { $0.wholeMatch(of: #/[a-z2-7]{5}-[a-z2-7]{5}/#) != nil })
        // The challenge is spent.
        await #expect(throws: AnlanError.self) {
            _ = try await accounts.continueLogin(challenge: challenge.token, code: secret.code(at: f.clock.now), caller: caller)
        }
        // The same code (the same step) does not log in twice; the next step's does.
        guard
            case .secondFactor(let second) = try await accounts.authenticate(
                username: "secadmin", password: Fixtures.password, caller: caller)
        else { throw TestFailure("enrolled accounts answer a challenge") }
        #expect(second.enrolment == nil)
        do {
            _ = try await accounts.continueLogin(challenge: second.token, code: secret.code(at: f.clock.now), caller: caller)
            Issue.record("a code was accepted twice")
        } catch let error as AnlanError { #expect(error.code == "auth.code_invalid") }
        f.clock.advance(seconds: 30)
        let again = try await accounts.continueLogin(challenge: second.token, code: secret.code(at: f.clock.now), caller: caller)
        #expect(again.recoveryCodes.isEmpty)
        // A recovery code works once, in place of the app.
        f.clock.advance(seconds: 30)
        let status = try await accounts.secondFactorStatus(of: again.user)
        #expect(status.recoveryCodesLeft == 10 && status.requiredByPolicy && status.enabledAt != nil)
        for expected in [true, false] {
            guard
                case .secondFactor(let next) = try await accounts.authenticate(
                    username: "secadmin", password: Fixtures.password, caller: caller)
            else { throw TestFailure("challenge expected") }
            let used = try? await accounts.continueLogin(challenge: next.token, code: done.recoveryCodes[3].uppercased(), caller: caller)
            #expect((used != nil) == expected)
        }
        #expect(try await accounts.secondFactorStatus(of: again.user).recoveryCodesLeft == 9)
        // The API's form: password and code in one request.
        f.clock.advance(seconds: 30)
        guard
            case .signedIn = try await accounts.authenticate(
                username: "secadmin", password: Fixtures.password, code: secret.code(at: f.clock.now), caller: caller)
        else { throw TestFailure("password and code together log in") }
        let audit = try await f.store.audit.search(
            .init(), page: try PageRequest(pageSize: 100), by: try await f.caller("auditadmin")
        ).items.map(\.action)
        #expect(audit.contains("auth.second_factor_enrol") && audit.contains("auth.recovery_code_used"))
        #expect(audit.contains("auth.second_factor_failed"))
        await f.close()
    }

    @Test("wrong codes close the challenge after five and throttle the source like wrong passwords")
    func wrongCodes() async throws {
        let f = try await Fixtures.demo()
        let accounts = f.store.accounts
        let caller = Caller.anonymous(ip: "10.9.0.2", requestID: nil)
        guard
            case .secondFactor(let challenge) = try await accounts.authenticate(
                username: "auditadmin", password: Fixtures.password, caller: caller),
            let secret = challenge.enrolment
        else { throw TestFailure("enrolment expected") }
        var codes: [String] = []
        for _ in 0..<5 {
            do {
                _ = try await accounts.continueLogin(challenge: challenge.token, code: "000000", caller: caller)
            } catch let error as AnlanError { codes.append(error.code) }
        }
        #expect(codes.allSatisfy { $0 == "auth.code_invalid" || $0 == "auth.throttled" } && codes.count == 5)
        // Closed: even the right code does not open it now.
        do {
            _ = try await accounts.continueLogin(challenge: challenge.token, code: secret.code(at: f.clock.now), caller: caller)
            Issue.record("a closed challenge opened")
        } catch let error as AnlanError { #expect(error.code == "auth.challenge_expired") }
        // And the source is throttled for that account (the policy's 5 failures), the password's right or not.
        do {
            _ = try await accounts.authenticate(username: "auditadmin", password: Fixtures.password, caller: caller)
            Issue.record("the throttle let the source try again at once")
        } catch let error as AnlanError { #expect(error.code == "auth.throttled") }
        // From elsewhere the owner still logs in.
        let elsewhere = Caller.anonymous(ip: "10.9.0.3", requestID: nil)
        guard
            case .secondFactor(let fresh) = try await accounts.authenticate(
                username: "auditadmin", password: Fixtures.password, caller: elsewhere)
        else { throw TestFailure("challenge expected") }
        _ = try await accounts.continueLogin(challenge: fresh.token, code: secret.code(at: f.clock.now), caller: elsewhere)
        await f.close()
    }

    @Test("the policy can require it of a business role; others may turn it on and off themselves")
    func policyAndSelfService() async throws {
        let f = try await Fixtures.demo()
        let accounts = f.store.accounts
        let caller = Caller.anonymous(ip: "10.9.0.4", requestID: nil)
        var policy = SecurityPolicy()
        policy.secondFactorRoles = [.inspector, .systemAdmin]
        let toStore = policy
        try await f.store.write(by: try await f.caller("secadmin")) { tx in try await f.store.settings.setSecurityPolicy(toStore, in: tx) }
        #expect(try await f.store.settings.securityPolicy(now: f.clock.now).secondFactorRoles == [.inspector])
        let inspector = try #require(try await accounts.find(username: "inspector"))
        guard
            case .secondFactor(let challenge) = try await accounts.authenticate(
                username: "inspector", password: Fixtures.password, caller: caller)
        else { throw TestFailure("an inspector must now prove a second factor") }
        #expect(challenge.enrolment != nil)
        // The leader needs none, but may turn one on.
        guard case .signedIn(let leader) = try await accounts.authenticate(username: "leader", password: Fixtures.password, caller: caller)
        else { throw TestFailure("the leader logs in with the password") }
        let secret = try await accounts.beginEnrolment(of: leader.user, caller: try await f.caller("leader"))
        #expect(try await accounts.beginEnrolment(of: leader.user, caller: try await f.caller("leader")) == secret)  // shown again, same
        await #expect(throws: AnlanError.self) {
            _ = try await accounts.confirmEnrolment(of: leader.user, code: "123456", caller: try await f.caller("leader"))
        }
        let codes = try await accounts.confirmEnrolment(
            of: leader.user, code: secret.code(at: f.clock.now), caller: try await f.caller("leader"))
        #expect(codes.count == 10)
        guard case .secondFactor = try await accounts.authenticate(username: "leader", password: Fixtures.password, caller: caller)
        else { throw TestFailure("once on, the leader's login needs the code") }
        // Turning it off needs the password and a fresh code.
        f.clock.advance(seconds: 30)
        await #expect(throws: AnlanError.self) {
            try await accounts.disableSecondFactor(
                of: leader.user, password: "wrong-Password-1", code: secret.code(at: f.clock.now), caller: try await f.caller("leader"))
        }
        try await accounts.disableSecondFactor(
            of: leader.user, password: Fixtures.password, code: secret.code(at: f.clock.now), caller: try await f.caller("leader"))
        guard case .signedIn = try await accounts.authenticate(username: "leader", password: Fixtures.password, caller: caller)
        else { throw TestFailure("off again") }
        // An inspector may not turn off what the policy requires.
        do {
            try await accounts.disableSecondFactor(
                of: inspector, password: Fixtures.password, code: "000000", caller: try await f.caller("inspector"))
            Issue.record("the policy's requirement was turned off")
        } catch let error as AnlanError { #expect(error.code == "auth.second_factor_required_by_policy") }
        await f.close()
    }

    @Test("a reset removes the factor and ends the account's sessions; only the console resets an administrator")
    func reset() async throws {
        let f = try await Fixtures.demo()
        let accounts = f.store.accounts
        let caller = Caller.anonymous(ip: "10.9.0.5", requestID: nil)
        guard
            case .secondFactor(let challenge) = try await accounts.authenticate(
                username: "sysadmin", password: Fixtures.password, caller: caller),
            let secret = challenge.enrolment
        else { throw TestFailure("enrolment expected") }
        let done = try await accounts.continueLogin(challenge: challenge.token, code: secret.code(at: f.clock.now), caller: caller)
        let ticket = try await accounts.startSession(for: done.user, caller: try await f.caller("sysadmin"))
        #expect(try await accounts.session(cookieValue: ticket.cookieValue) != nil)
        // The system administrator cannot reset another administrator (nor themselves) from the UI or API.
        do {
            try await accounts.resetSecondFactor(id: done.user.id, by: try await f.caller("sysadmin"))
            Issue.record("an administrator's factor was reset outside the console")
        } catch let error as AnlanError { #expect(error.code == "user.admin_role_console_only") }
        try await accounts.resetSecondFactor(id: done.user.id, by: .console("users reset-2fa"))
        #expect(try await accounts.session(cookieValue: ticket.cookieValue) == nil)
        guard
            case .secondFactor(let again) = try await accounts.authenticate(
                username: "sysadmin", password: Fixtures.password, caller: caller)
        else { throw TestFailure("challenge expected") }
        #expect(again.enrolment != nil && again.enrolment != secret)
        await f.close()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
