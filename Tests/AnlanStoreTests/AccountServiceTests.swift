import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

@Suite("Accounts, sessions and tokens")
struct AccountServiceTests {
    @Test("a session ends after the idle timeout, and survives when used in time")
    func idleTimeout() async throws {
        let f = try await Fixtures.demo()
        let user = try await f.store.accounts.login(
            username: "duty", password: Fixtures.password, caller: .anonymous(ip: nil, requestID: nil))
        let ticket = try await f.store.accounts.startSession(for: user, caller: try await f.caller("duty"))
        // Used every 20 minutes, it lives on past the 30-minute idle limit.
        for _ in 0..<3 {
            f.clock.advance(seconds: 20 * 60)
            #expect(try await f.store.accounts.session(cookieValue: ticket.cookieValue) != nil)
        }
        // Left alone for 31 minutes, it is gone.
        f.clock.advance(seconds: 31 * 60)
        #expect(try await f.store.accounts.session(cookieValue: ticket.cookieValue) == nil)
        await f.close()
    }

    @Test("a session ends at the absolute timeout however busy")
    func absoluteTimeout() async throws {
        let f = try await Fixtures.demo()
        let user = try #require(try await f.store.accounts.find(username: "duty"))
        let ticket = try await f.store.accounts.startSession(for: user, caller: try await f.caller("duty"))
        for _ in 0..<47 {  // 47 × 15 min = 11 h 45 min
            f.clock.advance(seconds: 15 * 60)
            #expect(try await f.store.accounts.session(cookieValue: ticket.cookieValue) != nil)
        }
        f.clock.advance(seconds: 16 * 60)
        #expect(try await f.store.accounts.session(cookieValue: ticket.cookieValue) == nil)
        await f.close()
    }

    @Test("tokens are stored hashed, expire, and can be revoked")
    func tokens() async throws {
        let f = try await Fixtures.demo()
        let user = try #require(try await f.store.accounts.find(username: "staff"))
        let issued = try await f.store.accounts.issueToken(for: user, caller: try await f.caller("staff"))
        let stored = try await f.store.database.reader.raw("SELECT token_hash FROM api_tokens").all(decoding: [String: String].self)
        #expect(stored.count == 1)
        #expect(stored.first?["token_hash"] != issued.token)
        #expect(stored.first?["token_hash"]?.count == 64)
        let found = try #require(try await f.store.accounts.tokenUser(issued.token))
        #expect(found.user.username == "staff")
        #expect(try await f.store.accounts.tokenUser(issued.token + "x") == nil)
        try await f.store.accounts.revokeToken(id: found.tokenID, caller: try await f.caller("staff"))
        #expect(try await f.store.accounts.tokenUser(issued.token) == nil)
        let second = try await f.store.accounts.issueToken(for: user, caller: try await f.caller("staff"))
        f.clock.advance(seconds: 12 * 3600 + 1)
        #expect(try await f.store.accounts.tokenUser(second.token) == nil)
        await f.close()
    }

    @Test(
        "five failures lock out the guessing source, not the account: the owner elsewhere logs in and learns of the failures; the lock lifts by itself"
    )
    func sourceLockout() async throws {
        let f = try await Fixtures.demo()
        let guesser = Caller.anonymous(ip: "10.9.9.9", requestID: nil)
        let owner = Caller.anonymous(ip: "10.1.1.1", requestID: nil)
        let accounts = f.store.accounts
        for _ in 0..<5 {
            await #expect(throws: AnlanError.self) { try await accounts.login(username: "staff", password: "Wrong-one-1", caller: guesser) }
        }
        // The guesser's address is refused even with the right password, with 429 and the wait.
        do {
            _ = try await accounts.login(username: "staff", password: Fixtures.password, caller: guesser)
            Issue.record("the locked source logged in")
        } catch let error as AnlanError {
            #expect(error.kind == .tooManyRequests && error.code == "auth.throttled")
            #expect(error.details?["retryAfterSeconds"] == String(15 * 60))
        }
        // The owner, from their own address, is not locked out, and is told of the five failures.
        let user = try await accounts.login(username: "staff", password: Fixtures.password, caller: owner)
        #expect(user.failedLogins == 5)
        #expect(try await accounts.find(username: "staff")?.failedLogins == 0)
        // The audit log holds the first failure and the lockout, not one record per guess.
        let actions = try await f.store.database.reader.raw(
            "SELECT action FROM audit_log WHERE action LIKE 'auth.%' AND username = 'staff' ORDER BY seq"
        ).all().map { try $0.decode(column: "action", as: String.self) }
        #expect(actions == ["auth.login_failed", "auth.source_locked", "auth.login"])
        f.clock.advance(seconds: 15 * 60 + 1)
        _ = try await accounts.login(username: "staff", password: Fixtures.password, caller: guesser)
        await f.close()
    }

    @Test("an unknown account, a wrong password, a disabled account and a locked-out source answer alike")
    func refusalsAlike() async throws {
        let f = try await Fixtures.demo()
        let accounts = f.store.accounts
        let staff = try #require(try await accounts.find(username: "staff"))
        _ = try await accounts.update(id: staff.id, .init(isActive: false), by: try await f.caller("sysadmin"))
        func refusal(_ username: String, _ password: String, from ip: String) async -> String {
            do {
                _ = try await accounts.login(username: username, password: password, caller: .anonymous(ip: ip, requestID: nil))
                return "accepted"
            } catch let error as AnlanError { return "\(error.kind) \(error.code) \(error.message)" } catch { return "\(error)" }
        }
        let wrong = await refusal("leader", "Wrong-one-1", from: "10.0.0.1")
        #expect(wrong == "unauthenticated auth.invalid_credentials 用户名或密码错误。")
        #expect(await refusal("nobody.here", "Wrong-one-1", from: "10.0.0.2") == wrong)
        #expect(await refusal("staff", Fixtures.password, from: "10.0.0.3") == wrong)
        #expect(await refusal("staff", "Wrong-one-1", from: "10.0.0.4") == wrong)
        // An unknown account's guesser is locked out just as a real one's.
        for _ in 0..<4 { _ = await refusal("nobody.here", "Wrong-one-1", from: "10.0.0.2") }
        for _ in 0..<4 { _ = await refusal("leader", "Wrong-one-1", from: "10.0.0.1") }
        let lockedUnknown = await refusal("nobody.here", "Wrong-one-1", from: "10.0.0.2")
        #expect(lockedUnknown.hasPrefix("tooManyRequests auth.throttled"))
        #expect(await refusal("leader", "Wrong-one-1", from: "10.0.0.1") == lockedUnknown)
        await f.close()
    }

    @Test("a password change ends the user's other sessions and API tokens, not the session it was made from")
    func passwordChangeEndsOtherAccess() async throws {
        let f = try await Fixtures.demo()
        let accounts = f.store.accounts
        let user = try #require(try await accounts.find(username: "duty"))
        let caller = try await f.caller("duty")
        let here = try await accounts.startSession(for: user, caller: caller)
        let elsewhere = try await accounts.startSession(for: user, caller: caller)
        let token = try await accounts.issueToken(for: user, caller: caller)
        let current = try #require(try await accounts.session(cookieValue: here.cookieValue))
        try await accounts.changeOwnPassword(
            user: user, current: Fixtures.password, new: "Changed-2026-Aa", keeping: current.sessionID, caller: caller)
        #expect(try await accounts.session(cookieValue: here.cookieValue) != nil)
        #expect(try await accounts.session(cookieValue: elsewhere.cookieValue) == nil)
        #expect(try await accounts.tokenUser(token.token) == nil)
        await f.close()
    }

    @Test("a new password may not repeat one of the last five; the oldest beyond them may come back")
    func passwordHistory() async throws {
        let f = try await Fixtures.demo()
        let accounts = f.store.accounts
        let user = try #require(try await accounts.find(username: "duty"))
        let caller = try await f.caller("duty")
        var current = Fixtures.password
        for n in 1...4 {
            let next = "History-\(n)-Aa"
            try await accounts.changeOwnPassword(user: user, current: current, new: next, caller: caller)
            current = next
        }
        // Five remembered now: the current one and the four before it, the demo's first password among them.
        for old in [Fixtures.password, "History-2-Aa"] {
            do {
                try await accounts.changeOwnPassword(user: user, current: current, new: old, caller: caller)
                Issue.record("reused \(old)")
            } catch let error as AnlanError { #expect(error.code == "password.reused") }
        }
        try await accounts.changeOwnPassword(user: user, current: current, new: "History-5-Aa", caller: caller)
        // The demo's password is now the sixth back: allowed again.
        try await accounts.changeOwnPassword(user: user, current: "History-5-Aa", new: Fixtures.password, caller: caller)
        await f.close()
    }

    @Test("a password older than the policy's maximum age must be replaced at login, proving the old one")
    func passwordMaxAge() async throws {
        let f = try await Fixtures.demo()
        let accounts = f.store.accounts
        var policy = try await f.store.settings.securityPolicy(now: f.clock.environment.now())
        policy.passwordMaxAgeDays = 90
        let toStore = policy
        try await f.store.write(by: try await f.caller("secadmin")) { tx in try await f.store.settings.setSecurityPolicy(toStore, in: tx) }
        f.clock.advance(seconds: 91 * 86_400)
        let anonymous = Caller.anonymous(ip: "10.2.2.2", requestID: nil)
        do {
            _ = try await accounts.login(username: "duty", password: Fixtures.password, caller: anonymous)
            Issue.record("an expired password logged in")
        } catch let error as AnlanError { #expect(error.code == "auth.password_expired") }
        // A wrong old password is a failed login as any other.
        await #expect(throws: AnlanError.self) {
            _ = try await accounts.changeExpiredPassword(
                username: "duty", current: "Wrong-one-1", new: "Renewed-2026-Aa", caller: anonymous)
        }
        let step = try await accounts.changeExpiredPassword(
            username: "duty", current: Fixtures.password, new: "Renewed-2026-Aa", caller: anonymous)
        guard case .signedIn(let done) = step else { Issue.record("duty needs no second factor"); return }
        #expect(done.user.username == "duty")
        _ = try await accounts.login(username: "duty", password: "Renewed-2026-Aa", caller: anonymous)
        await f.close()
    }

    @Test("a system administrator manages only within their jurisdiction")
    func jurisdictionOfManagement() async throws {
        let f = try await Fixtures.demo()
        let console = Caller.console("test")
        _ = try await f.store.accounts.create(
            .init(
                username: "qs.admin", displayName: "青山镇管理员", role: .systemAdmin, divisionCode: try DivisionCode("330529101000"),
                password: "Qingshan-2026"),
            by: console)
        let townshipAdmin = try await f.caller("qs.admin")
        // It sees the 青山镇 accounts (township, info) and nothing else.
        let page = try await f.store.accounts.list(page: try PageRequest(), by: townshipAdmin)
        #expect(Set(page.items.map(\.username)) == ["township", "info", "qs.admin"])
        await #expect(throws: AnlanError.self) {
            try await f.store.accounts.create(
                .init(
                    username: "x.y", displayName: "外镇", role: .staff, divisionCode: try DivisionCode("330529102000"),
                    password: "Qingshan-2026"),
                by: townshipAdmin)
        }
        let leader = try #require(try await f.store.accounts.find(username: "leader"))
        await #expect(throws: AnlanError.self) { try await f.store.accounts.get(id: leader.id, by: townshipAdmin) }
        await f.close()
    }

    @Test("an e-mail address is kept whole and checked: a long one is not cut to another, a malformed one is refused")
    func emailAddresses() async throws {
        let f = try await Fixtures.demo()
        let admin = Caller.console("test")
        let long = String(repeating: "a", count: 60) + "@county-emergency-management.example"
        let made = try await f.store.accounts.create(
            .init(
                username: "mailer", displayName: "邮件", role: .staff, divisionCode: DemoCounty.countyCode, password: "Qingshan-2026",
                email: "  \(long) "),
            by: admin)
        #expect(made.email == long)
        #expect(try await f.store.accounts.get(id: made.id, by: admin).email == long)
        do {
            _ = try await f.store.accounts.update(id: made.id, .init(email: "abc@"), by: admin)
            Issue.record("a malformed address was kept")
        } catch let e as AnlanError { #expect(e.code == "user.email_invalid") }
        #expect(try await f.store.accounts.update(id: made.id, .init(email: ""), by: admin).email == nil)
        await f.close()
    }

    @Test("a failed write leaves nothing behind, not even its audit record")
    func atomicity() async throws {
        let f = try await Fixtures.demo()
        let before = try await f.store.audit.verify()
        await #expect(throws: AnlanError.self) {
            try await f.store.accounts.create(
                .init(username: "leader", displayName: "重名", role: .staff, divisionCode: DemoCounty.countyCode, password: "Qingshan-2026"),
                by: .console("test"))
        }
        #expect(try await f.store.audit.verify() == before)
        await f.close()
    }
}

@Suite("Divisions and the demo county")
struct DivisionTests {
    @Test("the demo county is 10 townships and 120 villages with valid, consistent codes")
    func demoShape() throws {
        let divisions = DemoCounty.divisions(seed: 1)
        #expect(divisions.filter { $0.level == .county }.count == 1)
        #expect(divisions.filter { $0.level == .township }.count == 10)
        #expect(divisions.filter { $0.level == .village }.count == 120)
        let codes = Set(divisions.map(\.code))
        #expect(codes.count == divisions.count)
        for division in divisions where division.level != .county {
            #expect(codes.contains(try #require(division.parentCode)))
        }
        #expect(Set(divisions.map(\.name)).count == divisions.count)
        for division in divisions {
            let centroid = try #require(division.centroid)
            #expect(abs(centroid.latitude - 30.64) < 0.35 && abs(centroid.longitude - 119.68) < 0.4)
            #expect(division.boundaryGeoJSON?.hasPrefix("{\"type\":\"Polygon\"") == true)
        }
    }

    @Test("the same seed gives the same county; another seed another")
    func deterministic() {
        let a = DemoCounty.divisions(seed: 5), b = DemoCounty.divisions(seed: 5), c = DemoCounty.divisions(seed: 6)
        #expect(a == b)
        #expect(a != c)
    }

    @Test("a township caller lists only its own divisions; a village caller only its village")
    func scopedReads() async throws {
        let f = try await Fixtures.demo()
        let township = try await f.caller("township")
        let all = try await f.store.divisions.list(.init(), page: try PageRequest(pageSize: 200), by: township)
        #expect(all.total == 13)
        #expect(all.items.allSatisfy { $0.code.rawValue.hasPrefix("330529101") })
        await #expect(throws: AnlanError.self) { try await f.store.divisions.get(try DivisionCode("330529102000"), by: township) }
        let info = try await f.caller("info")
        #expect(try await f.store.divisions.list(.init(), page: try PageRequest(), by: info).total == 1)
        let leader = try await f.caller("leader")
        #expect(try await f.store.divisions.countsByLevel(by: leader) == [.county: 1, .township: 10, .village: 120])
        let named = try await f.store.divisions.list(.init(name: "镇"), page: try PageRequest(), by: leader)
        #expect(named.total == 5)
        await f.close()
    }
}

@Suite("Demo enterprises")
struct DemoEnterpriseTests {
    @Test("every demo profile passes the same validation a user's would")
    func valid() throws {
        let villages = DemoCounty.divisions(seed: 1).filter { $0.level == .village }
        let profiles = DemoEnterprises.profiles(seed: 1, villages: villages)
        #expect(profiles.count == 600)
        for (profile, _) in profiles {
            let (validated, warnings) = try profile.validated(sectors: SectorCatalog.defaults)
            #expect(validated.creditCode == profile.creditCode)
            #expect(warnings.isEmpty)
        }
        #expect(Set(profiles.map { $0.0.creditCode }).count == 600)
        // Each stands within a few hundred metres of its own village's centroid.
        let centroids = Dictionary(uniqueKeysWithValues: villages.map { ($0.code.rawValue, $0.centroid!) })
        for (profile, _) in profiles {
            let centroid = try #require(centroids[profile.divisionCode])
            let latitude = try #require(profile.latitude), longitude = try #require(profile.longitude)
            #expect(abs(latitude - centroid.latitude) <= 0.0031 && abs(longitude - centroid.longitude) <= 0.0031, "\(profile.name)")
        }
        #expect(Set(profiles.map { $0.0.name }).count == 600)
        let risks = Dictionary(grouping: profiles, by: { $0.1 }).mapValues(\.count)
        #expect((risks[.major] ?? 0) > 5 && (risks[.major] ?? 0) < 60)
        #expect((risks[.low] ?? 0) > 200)
    }
}
