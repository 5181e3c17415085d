import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AnlanWeb

/// 企业账户申请 in the browser: the login page links to the public form; the status page shows the result; the system
/// administrator approves from the list; the new officer signs in and sees its own enterprise.
@Suite("Enterprise account applications: pages and API")
struct ApplicationPagesTests {
    @Test("apply without login, approve as the system administrator, sign in as the new officer; the API refuses alike")
    func apply() async throws {
        try await withApp(enterprises: 600) { fixtures, _, client in
            let staff = try await fixtures.caller("staff")
            let enterprise = try #require(
                try await fixtures.store.enterprises.list(.init(), page: try PageRequest(pageSize: 50), by: staff).items.first {
                    $0.profile.creditCode != nil
                })
            let login = try await client.get("/login").1
            #expect(login.contains("href=\"/apply\""))
            // The public form has its own CSRF cookie, as the login form.
            let (status, cookie, csrf) = try await client.execute(uri: "/apply", method: .get) { response in
                let cookie = response.headers[values: .setCookie].first { $0.hasPrefix(ApplicationPages.csrfName) }.map {
                    String($0.prefix { $0 != ";" })
                }
                let csrf = String(buffer: response.body).firstMatch(of: #/name="_csrf" value="([A-Za-z0-9_-]+)"/#).map { String($0.1) }
                return (response.status, cookie, csrf)
            }
            #expect(status == .ok)
            func post(_ fields: [(String, String)]) async throws -> (HTTPResponse.Status, String, String?) {
                let body = ([("_csrf", csrf ?? "")] + fields).map {
                    "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                }
                .joined(separator: "&")
                return try await client.execute(
                    uri: "/apply", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie ?? ""],
                    body: ByteBuffer(string: body)
                ) { ($0.status, String(buffer: $0.body), $0.headers[.location]) }
            }
            let form = [
                ("creditCode", enterprise.profile.creditCode!), ("contactName", "陈晓"), ("phone", "13800000000"), ("username", "chenxiao"),
                ("password", "Chen-2026-Safe"),
            ]
            let bad = try await post(form.map { $0.0 == "creditCode" ? ($0.0, "91330529MA0000000X") : $0 })
            #expect(bad.0.code >= 400 && bad.1.contains("value=\"陈晓\""), "a refused form keeps what was typed")
            let sent = try await post(form)
            #expect(sent.0 == .found)
            let statusPage = try await client.get(try #require(sent.2)).1
            #expect(statusPage.contains("待县应急管理局审批"))

            let admin = try #require(try await client.browserLogin("sysadmin", authenticator: fixtures).1)
            let list = try await client.get("/admin/applications", cookie: admin).1
            #expect(list.contains("chenxiao") && list.contains(enterprise.profile.name))
            let decided = try await postForm(
                client, session: admin, csrfFrom: "/admin/applications",
                to: "/admin/applications/\(statusPage.firstMatch(of: #/申请编号：([0-9a-f-]{36})/#)!.1)",
                form: [("approved", "true")])
            #expect(decided.0 == .found)
            #expect(try await client.get("/admin/applications?decided=approved", cookie: admin).1.contains("已批准，账户已开通并关联企业"))
            #expect(try await client.get(try #require(sent.2)).1.contains("已批准"))
            let officer = try await client.browserLogin("chenxiao", password: "Chen-2026-Safe")
            #expect(officer.0 == .found && officer.1 != nil)
            let own = try await client.get("/enterprises/\(enterprise.id.key)", cookie: try #require(officer.1))
            #expect(own.0 == .ok && own.1.contains(enterprise.profile.name))
            // Its home opens on its own enterprise; the county's statistics are the bureau's.
            let home = try await client.get("/home", cookie: try #require(officer.1)).1
            #expect(home.contains("data-testid=\"own-enterprise\"") && home.contains(enterprise.profile.name))
            #expect(try await client.get("/statistics", cookie: try #require(officer.1)).0 == .forbidden)

            // The API: open to file, refused alike; listing needs the system administrator. A well-formed code not on file:
            let base = "91330529MA0000001"
            let unknown = base + String(try #require(CreditCode.check(base + "0").expectedCheckCharacter))
            let api = try await client.send(
                .post, "/api/v1/account-applications",
                json:
                    #"{"creditCode":"\#(unknown)","contactName":"陈晓","phone":"13800000000","username":"chen2","password":"Chen-2026-Safe"}"#
            )
            #expect(api.0 == .unprocessableContent && json(api.1)["code"] as? String == "application.enterprise_not_found")
            #expect(try await client.get("/api/v1/account-applications", token: try await client.token("staff")).0 == .forbidden)
            let listed = try await client.get(
                "/api/v1/account-applications", token: try await client.token("sysadmin", authenticator: fixtures))
            #expect(listed.0 == .ok && (json(listed.1)["items"] as? [[String: Any]])?.first?["status"] as? String == "approved")
        }
    }
}
