import AnlanCore
import AnlanTesting
@testable import AnlanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Accounts: the administrator's new-account form and `POST /api/v1/users` read their fields through one parser
/// (`AccountInput`) and refuse from one catalog (`AccountErrors`): the same input, the same status, code and message.
@Suite("Accounts: the page and the API answer the same input the same way")
struct AccountFacesTests {
    static let base: [(String, String)] = [
        ("username", "zhang.san"), ("displayName", "张三"), ("role", "inspector"), ("divisionCode", "330529101000"),
        ("password", "Qingshan-2026"), ("certificateNumber", "33052900078"), ("email", "zhangsan@yjj.example"),
    ]

    static func body(_ form: [(String, String)]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: Dictionary(form, uniquingKeysWith: { $1 })), as: UTF8.self)
    }

    @Test("each refusal of a new account: same status, code and message on the form and the API, listed by the operation")
    func refusals() async throws {
        try await withApp { fixtures, _, client in
            let sysadmin = try await client.token("sysadmin", authenticator: fixtures)
            let session = try #require(try await client.browserLogin("sysadmin", authenticator: fixtures).1)
            let document = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).openAPIDocument
            let listed = ErrorCodeDocumentTests.errorCodes(document)["createUser"] ?? []
            var answered: Set<String> = []
            let cases: [[(String, String)]] = [
                [("role", "")], [("role", "god")], [("role", "auditAdmin")], [("divisionCode", "")], [("divisionCode", "330529101299")],
                [("username", "ab")], [("username", "leader")], [("displayName", "")], [("password", "short")], [("email", "zhangsan@")],
                [("enterpriseCreditCode", "91330106MA2H3K5P39")],
            ]
            for change in cases {
                let form = changed(Self.base, change)
                let page = try await postForm(client, session: session, csrfFrom: "/admin/users/new", to: "/admin/users", form: form)
                let api = try await client.send(.post, "/api/v1/users", token: sysadmin, json: try Self.body(form))
                expectSame(page, api, "\(change)")
                if let code = json(api.1)["code"] as? String { answered.insert(code) }
            }
            #expect(
                answered == [
                    "user.role_invalid", "user.admin_role_console_only", "division.code_invalid", "division.not_found",
                    "user.username_invalid", "user.username_taken", "user.display_name_invalid", "password.too_short",
                    "user.email_invalid", "user.not_enterprise_officer",
                ])
            #expect(answered.subtracting(listed).isEmpty, "not listed by createUser: \(answered.subtracting(listed).sorted())")
            // The same account is made by either face once the input is right.
            let made = try await client.send(.post, "/api/v1/users", token: sysadmin, json: try Self.body(Self.base))
            #expect(made.0 == .created && json(made.1)["username"] as? String == "zhang.san")
        }
    }

    @Test("an empty body is refused by the first rule (the role), not as a malformed body")
    func emptyBody() async throws {
        try await withApp { fixtures, _, client in
            let sysadmin = try await client.token("sysadmin", authenticator: fixtures)
            let answer = try await client.send(.post, "/api/v1/users", token: sysadmin, json: "{}")
            #expect(answer.0 == .unprocessableContent && json(answer.1)["code"] as? String == "user.role_invalid")
            let number = try await client.send(
                .post, "/api/v1/users", token: sysadmin,
                json: try Self.body(Self.base).replacingOccurrences(of: #""Qingshan-2026""#, with: "20262026"))
            #expect(json(number.1)["code"] as? String == "user.password_invalid")
        }
    }
}
