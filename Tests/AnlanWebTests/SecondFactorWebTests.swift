import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Second factor on pages and the API")
struct SecondFactorWebTests {
    static let csrf = "0123456789abcdef0123456789abcdef0123456789abcdef"

    @Test("an administrator's first login shows the QR code, refuses a wrong code, and starts the session after the right one")
    func loginPages() async throws {
        try await withApp { fixtures, _, client in
            let form =
                "_csrf=\(Self.csrf)&username=secadmin&password=\(Fixtures.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&next="
            let (status, body, challenge, session) = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "anlan_login_csrf=\(Self.csrf)"],
                body: ByteBuffer(string: form)
            ) { response in
                let cookies = response.headers[values: .setCookie]
                return (
                    response.status, String(buffer: response.body),
                    cookies.first { $0.hasPrefix("anlan_login_challenge=") }.map { String($0.prefix { $0 != ";" }) },
                    cookies.first { $0.hasPrefix("anlan_session=") }
                )
            }
            // No session yet: a page with the QR code of the secret the store holds pending, and the code form.
            #expect(status == .ok && session == nil)
            let cookie = try #require(challenge)
            let secret = try #require(try await fixtures.store.accounts.secondFactorSecret(username: "secadmin"))
            #expect(
                body.contains("data-testid=\"enrolment-qr\"") && body.contains("<svg")
                    && body.contains("data-otpauth=\"otpauth://totp/Anlan:secadmin?secret=\(secret.base32)"))
            #expect(body.contains("data-testid=\"second-factor-form\""))
            func answer(_ code: String) async throws -> (HTTPResponse.Status, String, String?) {
                try await client.execute(
                    uri: "/login/second-factor", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "anlan_login_csrf=\(Self.csrf); \(cookie)"],
                    body: ByteBuffer(string: "_csrf=\(Self.csrf)&code=\(code)&next=")
                ) { response in
                    (
                        response.status, String(buffer: response.body),
                        response.headers[values: .setCookie].first { $0.hasPrefix("anlan_session=") }.map {
                            String($0.prefix { $0 != ";" })
                        }
                    )
                }
            }
            let wrong = try await answer(secret.code(step: TOTP.step(at: fixtures.clock.now) + 3))
            #expect(wrong.0 == .unauthorized && wrong.1.contains("data-error-code=\"auth.code_invalid\"") && wrong.2 == nil)
            #expect(wrong.1.contains("data-testid=\"enrolment-qr\""))  // still enrolling: the same QR code again
            let right = try await answer(secret.code(at: fixtures.clock.now))
            #expect(right.0 == .ok && right.1.contains("data-testid=\"recovery-codes\""))
            let codes = right.1.matches(of: #/<li><code class="fs-6">([a-z2-7]{5}-[a-z2-7]{5})</code></li>/#).map { String($0.1) }
            #expect(codes.count == 10)
            let signedIn = try #require(right.2)
            #expect(try await client.get("/security/policy", cookie: signedIn).0 == .ok)
            // The challenge is spent: answering it again goes back to the login page.
            let replay = try await answer(secret.code(at: fixtures.clock.now.addingTimeInterval(30)))
            #expect(replay.0 == .unauthorized && replay.1.contains("data-testid=\"login-form\""))
        }
    }

    @Test("the API enrols with the password, then wants the code in every token request")
    func api() async throws {
        try await withApp { fixtures, _, client in
            let credentials = #""username":"auditadmin","password":"\#(Fixtures.password)""#
            var (status, body) = try await client.send(.post, "/api/v1/auth/token", json: "{\(credentials)}")
            #expect(status == .forbidden && json(body)["code"] as? String == "auth.second_factor_enrolment_required")
            (status, body) = try await client.send(.post, "/api/v1/auth/second-factor/enrolment", json: "{\(credentials)}")
            #expect(status == .created)
            let secret = try #require(TOTP(base32: json(body)["secret"] as? String ?? ""))
            #expect((json(body)["otpauthURI"] as? String)?.hasPrefix("otpauth://totp/Anlan:auditadmin?secret=\(secret.base32)") == true)
            (status, body) = try await client.send(.post, "/api/v1/auth/token", json: #"{\#(credentials),"code":"000000"}"#)
            #expect(status == .unauthorized && json(body)["code"] as? String == "auth.code_invalid")
            (status, body) = try await client.send(
                .post, "/api/v1/auth/token", json: #"{\#(credentials),"code":"\#(secret.code(at: fixtures.clock.now))"}"#)
            #expect(status == .created && (json(body)["recoveryCodes"] as? [String])?.count == 10)
            // Enrolled: the password alone is refused, a fresh code is needed, and enrolling again is a conflict.
            (status, body) = try await client.send(.post, "/api/v1/auth/token", json: "{\(credentials)}")
            #expect(status == .unauthorized && json(body)["code"] as? String == "auth.second_factor_required")
            (status, body) = try await client.send(.post, "/api/v1/auth/second-factor/enrolment", json: "{\(credentials)}")
            #expect(status == .conflict && json(body)["code"] as? String == "auth.second_factor_enabled")
            fixtures.clock.advance(seconds: 30)
            (status, body) = try await client.send(
                .post, "/api/v1/auth/token", json: #"{\#(credentials),"code":"\#(secret.code(at: fixtures.clock.now))"}"#)
            #expect(status == .created && json(body)["recoveryCodes"] == nil)
            // An account the policy does not cover enrols on its page, not through this door.
            (status, body) = try await client.send(
                .post, "/api/v1/auth/second-factor/enrolment", json: #"{"username":"leader","password":"\#(Fixtures.password)"}"#)
            #expect(status == .conflict && json(body)["code"] as? String == "auth.second_factor_not_required")
        }
    }

    @Test("a business user turns the second factor on from their own page and sees their recovery codes once")
    func ownPage() async throws {
        try await withApp { fixtures, _, client in
            let session = try #require(try await client.browserLogin("staff").1)
            let page = try await client.get("/account/second-factor", cookie: session)
            #expect(page.0 == .ok && page.1.contains("未启用") && page.1.contains("href=\"/account/second-factor\""))
            let begun = try await postForm(
                client, session: session, csrfFrom: "/account/second-factor", to: "/account/second-factor/begin", form: [])
            #expect(begun.0 == .ok)
            let secret = try #require(try await fixtures.store.accounts.secondFactorSecret(username: "staff"))
            #expect(try await client.get("/account/second-factor", cookie: session).1.contains("data-testid=\"confirm-form\""))
            let wrong = try await postForm(
                client, session: session, csrfFrom: "/account/second-factor", to: "/account/second-factor/confirm",
                form: [("code", "12345")])
            #expect(wrong.0 == .unauthorized && wrong.1 == "auth.code_invalid")
            let confirmed = try await postForm(
                client, session: session, csrfFrom: "/account/second-factor", to: "/account/second-factor/confirm",
                form: [("code", secret.code(at: fixtures.clock.now))])
            #expect(confirmed.0 == .ok)
            let status = try await client.get("/account/second-factor", cookie: session).1
            #expect(status.contains("已启用") && status.contains("data-testid=\"recovery-codes-left\">10<"))
            // From now on the staff member's login asks for the code too.
            let (loginStatus, cookie, body) = try await client.browserLogin("staff")
            #expect(loginStatus == .ok && cookie == nil && body.contains("输入动态口令"))
            #expect(try await client.browserLogin("staff", authenticator: fixtures).1 != nil)
        }
    }

    @Test("the security administrator requires the second factor of business roles on the policy page")
    func policyPage() async throws {
        try await withApp { fixtures, _, client in
            let session = try #require(try await client.browserLogin("secadmin", authenticator: fixtures).1)
            let page = try await client.get("/security/policy", cookie: session).1
            #expect(page.contains("name=\"secondFactorRoles\" value=\"inspector\"") && !page.contains("value=\"systemAdmin\""))
            var form = SecurityPolicyPagesFields.defaults
            form += [("secondFactorRoles", "inspector"), ("secondFactorRoles", "dutyOfficer")]
            let saved = try await postForm(client, session: session, csrfFrom: "/security/policy", to: "/security/policy", form: form)
            #expect(saved.0 == .ok)
            #expect(
                try await fixtures.store.settings.securityPolicy(now: fixtures.clock.now).secondFactorRoles == [.inspector, .dutyOfficer])
            #expect(try await client.get("/security/policy", cookie: session).1.contains("value=\"inspector\" id=\"sf-inspector\" checked"))
            let (status, cookie, _) = try await client.browserLogin("duty")
            #expect(status == .ok && cookie == nil)
        }
    }
}

/// The policy form's number fields at their defaults.
enum SecurityPolicyPagesFields {
    static let defaults: [(String, String)] = [
        ("passwordMinLength", "10"), ("passwordMinClasses", "3"), ("maxFailedLogins", "5"), ("lockoutMinutes", "15"),
        ("sessionIdleMinutes", "30"), ("sessionAbsoluteHours", "12"), ("tokenLifetimeHours", "12"), ("passwordHistory", "5"),
        ("passwordMaxAgeDays", "0"),
    ]
}
