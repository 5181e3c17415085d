import AnlanCore
import AnlanTesting
@testable import AnlanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Web pages")
struct PageTests {
    @Test("a wrong password shows the Chinese error and sets no session")
    func wrongPassword() async throws {
        try await withApp { _, _, client in
            let (status, cookie, body) = try await client.browserLogin("leader", password: "not-the-password")
            #expect(status == .unauthorized)
            #expect(cookie == nil)
            #expect(body.contains("用户名或密码错误"))
        }
    }

    @Test("the leader logs in, sees the county and its townships, and logs out")
    func leaderJourney() async throws {
        try await withApp { _, _, client in
            let (status, cookie, _) = try await client.browserLogin("leader")
            #expect(status == .found)
            let session = try #require(cookie)
            let home = try await client.get("/home", cookie: session)
            #expect(home.0 == .ok)
            #expect(home.1.contains("示例县"))
            for township in ["城关镇", "青山镇", "龙潭乡"] { #expect(home.1.contains(township)) }
            #expect(home.1.contains("data-testid=\"village-count\">120<"))
            #expect(home.2[.cacheControl] == "no-store")
            let map = try await client.get("/map", cookie: session)
            #expect(map.1.contains("/static/vendor/leaflet/leaflet.min.js"))
            // Logging out needs the session's CSRF token, then the cookie no longer works.
            let csrf = try #require(home.1.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            let refused = try await client.execute(
                uri: "/logout", method: .post, headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=forged")
            ) { $0.status }
            #expect(refused == .forbidden)
            let out = try await client.execute(
                uri: "/logout", method: .post, headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(csrf)")
            ) { $0.status }
            #expect(out == .found)
            let after = try await client.get("/home", cookie: session)
            #expect(after.0 == .found)
            #expect(after.2[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test("the login form refuses a post without its CSRF cookie")
    func loginCSRF() async throws {
        try await withApp { _, _, client in
            let status = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=abc&username=leader&password=\(Fixtures.password)")
            ) { $0.status }
            #expect(status == .forbidden)
        }
    }

    @Test("after failed attempts on an account its owner's next login shows them the sign-in record first")
    func failedAttemptsShownAtLogin() async throws {
        try await withApp { _, _, client in
            for _ in 0..<2 { _ = try await client.browserLogin("duty", password: "Wrong-pass-1") }
            let csrf = "0123456789abcdef0123456789abcdef0123456789abcdef"
            let (location, cookie) = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "anlan_login_csrf=\(csrf)"],
                body: ByteBuffer(string: "_csrf=\(csrf)&username=duty&password=\(Fixtures.password)&next=%2Fduty")
            ) { response in
                (
                    response.headers[.location],
                    response.headers[values: .setCookie].first { $0.hasPrefix("anlan_session=") }.map { String($0.prefix { $0 != ";" }) }
                )
            }
            #expect(location == "/account/sign-ins?next=%2Fduty")
            let page = try await client.get("/account/sign-ins?next=%2Fduty", cookie: try #require(cookie)).1
            #expect(page.contains("有人用错误的密码尝试登录您的账户"))
            #expect(page.contains("登录失败") && page.contains("href=\"/duty\""))
            // The next login, with no failures between, goes straight on, and the record shows no warning.
            let again = try #require(try await client.browserLogin("duty").1)
            #expect(!(try await client.get("/account/sign-ins", cookie: again).1).contains("有人用错误的密码"))
        }
    }

    @Test("a password past its maximum age is replaced on the login page before the session starts")
    func expiredPasswordAtLogin() async throws {
        try await withApp { fixtures, _, client in
            var policy = try await fixtures.store.settings.securityPolicy(now: fixtures.clock.environment.now())
            policy.passwordMaxAgeDays = 30
            let toStore = policy
            try await fixtures.store.write(by: try await fixtures.caller("secadmin")) { tx in
                try await fixtures.store.settings.setSecurityPolicy(toStore, in: tx)
            }
            fixtures.clock.advance(seconds: 31 * 86_400)
            let (status, cookie, page) = try await client.browserLogin("duty")
            #expect(status == .forbidden && cookie == nil)
            #expect(page.contains("expired-password-form") && page.contains("30 天未修改"))
            let csrf = "0123456789abcdef0123456789abcdef0123456789abcdef"
            func post(_ new: String, confirm: String) async throws -> (HTTPResponse.Status, String?, String) {
                let form = [
                    "_csrf=\(csrf)", "username=duty", "next=%2Fduty", "currentPassword=\(Fixtures.password)",
                    "newPassword=\(new)", "confirmPassword=\(confirm)",
                ].joined(separator: "&")
                return try await client.execute(
                    uri: "/login/password-expired", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "anlan_login_csrf=\(csrf)"],
                    body: ByteBuffer(string: form)
                ) { ($0.status, $0.headers[.location], String(buffer: $0.body)) }
            }
            let differ = try await post("Renewed-2026-Aa", confirm: "Renewed-2026-Ab")
            #expect(differ.0 == .unprocessableContent && differ.2.contains("expired-password-form"))
            let weak = try await post("short", confirm: "short")
            #expect(weak.0 == .unprocessableContent && weak.2.contains("password.too_short"))
            let done = try await post("Renewed-2026-Aa", confirm: "Renewed-2026-Aa")
            #expect(done.0 == .found && done.1 == "/duty")
            #expect(try await client.browserLogin("duty", password: "Renewed-2026-Aa").1 != nil)
        }
    }

    @Test("the navigation links only modules that work (no placeholders); unknown pages show the request ID")
    func noPlaceholdersAndErrors() async throws {
        try await withApp { _, _, client in
            let session = try #require(try await client.browserLogin("inspector").1)
            let supervision = try await client.get("/supervision", cookie: session).1
            #expect(supervision.contains("supervision-links"))
            // Readiness, plans and disasters work (their menu items are there); paths of no module have neither a link nor a page.
            #expect(supervision.contains("href=\"/resources\"") && supervision.contains("href=\"/plans\""))
            #expect(supervision.contains("href=\"/disasters\""))
            for path in ["/command", "/analytics"] {
                #expect(!supervision.contains("href=\"\(path)\""), "navigation links \(path)")
                #expect(try await client.get(path, cookie: session).0 == .notFound)
            }
            let missing = try await client.get("/no/such/page", cookie: session)
            #expect(missing.0 == .notFound)
            #expect(missing.1.contains("页面不存在"))
            #expect(missing.1.contains(missing.2[.init("X-Request-ID")!]!))
        }
    }

    @Test("each administrator lands on their own page and cannot open the others'")
    func administratorPages() async throws {
        try await withApp { fixtures, _, client in
            let expectations = [("sysadmin", "/admin/users"), ("secadmin", "/security/policy"), ("auditadmin", "/audit")]
            for (username, page) in expectations {
                // The first login enrols the authenticator and shows the recovery codes once, then goes on to the landing page.
                let (status, cookie, body) = try await client.browserLogin(username, authenticator: fixtures)
                #expect(status == .ok && body.contains("data-testid=\"recovery-codes\"") && body.contains("href=\"\(page)\""))
                let session = try #require(cookie)
                #expect(try await client.get("/", cookie: session).2[.location] == page)
                #expect(try await client.get(page, cookie: session).0 == .ok)
                for (_, other) in expectations where other != page {
                    #expect(try await client.get(other, cookie: session).0 == .forbidden)
                }
                #expect(try await client.get("/map", cookie: session).0 == .forbidden)
            }
            let auditor = try #require(try await client.browserLogin("auditadmin", authenticator: fixtures).1)
            let verification = try await client.get("/audit/verify", cookie: auditor)
            #expect(verification.1.contains("审计日志哈希链完整：共 "))
            #expect(verification.1.contains(" 条记录。"))
        }
    }

    @Test("text from the database is escaped in pages")
    func escaping() {
        let name = "<script>alert(1)</script>"
        let html: HTML = "<td>\(name)</td>"
        #expect(html.rendered == "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")
    }
}

@Suite("Content security policy")
struct ContentSecurityPolicyTests {
    @Test(
        "a tile URL template opens exactly its host family for images",
        arguments: [
            ("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}", "https://*.tianditu.gov.cn"),
            ("http://tiles.bureau.local/{z}/{x}/{y}.png", "http://tiles.bureau.local"),
            ("javascript:alert(1)", nil),
            ("/tiles/{z}/{x}/{y}.png", nil),
        ])
    func imageSource(_ template: String, _ expected: String?) {
        #expect(SecurityHeadersMiddleware.imageSource(template) == expected)
    }
}

@Suite("Audit export")
struct AuditExportTests {
    @Test("the audit administrator downloads the filtered log as CSV, and the download is itself audited")
    func export() async throws {
        try await withApp { fixtures, _, client in
            let session = try #require(try await client.browserLogin("auditadmin", authenticator: fixtures).1)
            let leader = try #require(try await client.browserLogin("leader").1)
            #expect(try await client.get("/audit/export.csv", cookie: leader).0 == .forbidden)
            let (status, body, headers) = try await client.get("/audit/export.csv?action=auth.login", cookie: session)
            #expect(status == .ok)
            #expect(headers[.contentType] == "text/csv; charset=utf-8")
            let lines = body.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("\u{FEFF}序号,时间,用户") == true)
            // Two logins so far: auditadmin and leader, newest first.
            #expect(lines.count == 3)
            #expect(lines[1].contains(",leader,"))
            #expect(lines[2].contains(",auditadmin,"))
            let auditor = try await fixtures.caller("auditadmin")
            let exports = try await fixtures.store.audit.search(.init(action: "audit.export"), page: try PageRequest(), by: auditor)
            #expect(exports.total == 1)
            #expect(exports.items.first?.after?.contains("auth.login") == true)
        }
    }

    @Test("an export larger than one batch arrives whole and in order")
    func manyBatches() async throws {
        try await withApp { fixtures, _, client in
            for _ in 0..<30 {
                _ = try? await fixtures.store.accounts.login(username: "nobody", password: "x", caller: .anonymous(ip: nil, requestID: nil))
            }
            let auditor = try await fixtures.caller("auditadmin")
            var seqs: [Int64] = []
            var before: Int64? = nil
            while true {
                let batch = try await fixtures.store.audit.exportBatch(.init(), before: before, limit: 7, by: auditor)
                guard let last = batch.last else { break }
                seqs += batch.map(\.seq)
                before = last.seq
            }
            let total = try await fixtures.store.audit.search(.init(), page: try PageRequest(), by: auditor).total
            #expect(seqs.count == total)
            #expect(seqs == seqs.sorted(by: >))
            #expect(Set(seqs).count == seqs.count)
            _ = client
        }
    }
}
