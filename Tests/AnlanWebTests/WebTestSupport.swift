import AnlanCore
import AnlanStore
import AnlanTesting
import AnlanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// Runs `body` against the application over the demo county, without sockets.
/// `supervision` loads the demo's two years of inspections, plans, draws and cases too.
func withApp(
    enterprises: Int = 0, supervision: Bool = false, _ body: @Sendable (Fixtures, RoutedPaths, any TestClientProtocol) async throws -> Void
) async throws {
    let fixtures = try await Fixtures.demo(enterprises: enterprises, supervision: supervision)
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let web = AnlanApplication(
        store: fixtures.store, settings: WebSettings(gatewayToken: WebTestGateway.token, metricsToken: WebTestGateway.metricsToken),
        logger: logger)
    let routes = RoutedPaths(all: web.router.routes.map { "\($0.method.rawValue.lowercased()) \($0.path)" })
    let app = Application(router: web.router, logger: logger)
    do {
        try await app.test(.router) { client in try await body(fixtures, routes, client) }
    } catch {
        await fixtures.close()
        throw error
    }
    await fixtures.close()
}

/// The secret the tests' gateway receipts carry.
enum WebTestGateway {
    static let token = "test-gateway-token-0123456789"
    /// The scraper's token for /metrics.
    static let metricsToken = "test-metrics-token-0123456789"
}

extension TestClientProtocol {
    /// A bearer token for a demo account. An account with a second factor (the administrators) needs `authenticator`: the
    /// fixtures whose clock and store stand in for the phone's app; the first token enrols it as the API does.
    func token(_ username: String, password: String = Fixtures.password, authenticator: Fixtures? = nil) async throws -> String {
        func request(_ body: String, _ path: String = "/api/v1/auth/token") async throws -> (HTTPResponse.Status, [String: Any]) {
            try await execute(uri: path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) {
                ($0.status, (try? JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]) ?? [:])
            }
        }
        let credentials = #""username":"\#(username)","password":"\#(password)""#
        var (status, answer) = try await request("{\(credentials)}")
        if let fixtures = authenticator, status != .created {
            let code = answer["code"] as? String
            if code == "auth.second_factor_enrolment_required" {
                _ = try await request("{\(credentials)}", "/api/v1/auth/second-factor/enrolment")
            }
            if code == "auth.second_factor_enrolment_required" || code == "auth.second_factor_required" {
                let totp = try #require(try await fixtures.store.accounts.secondFactorSecret(username: username))
                fixtures.clock.advance(seconds: 31)
                (status, answer) = try await request(#"{\#(credentials),"code":"\#(totp.code(at: fixtures.clock.now))"}"#)
            }
        }
        guard status == .created, let value = answer["token"] as? String else {
            throw TestFailure("no token for \(username): \(status) \(answer)")
        }
        return value
    }

    /// GET with a bearer token; returns status and body.
    func get(_ uri: String, token: String? = nil, cookie: String? = nil) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let cookie { headers[.cookie] = cookie }
        return try await execute(uri: uri, method: .get, headers: headers) { ($0.status, String(buffer: $0.body), $0.headers) }
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String) async throws -> (HTTPResponse.Status, String)
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: json)) {
            ($0.status, String(buffer: $0.body))
        }
    }

    /// Logs in through the form, as a browser does; returns the session cookie ("anlan_session=…"). An account with a
    /// second factor answers its code page; `authenticator` (the fixtures' clock and store) then plays the phone's app.
    func browserLogin(_ username: String, password: String = Fixtures.password, authenticator: Fixtures? = nil) async throws -> (
        HTTPResponse.Status, String?, String
    ) {
        let csrf = "0123456789abcdef0123456789abcdef0123456789abcdef"
        func cookie(_ name: String, in response: TestResponse) -> String? {
            // A value, not the cleared cookie a completed login sends ("name=; Max-Age=0").
            response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") && !$0.hasPrefix(name + "=;") }
                .map { String($0.prefix { $0 != ";" }) }
        }
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        let form = "_csrf=\(csrf)&username=\(username)&password=\(encoded(password))&next="
        let first = try await execute(
            uri: "/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "anlan_login_csrf=\(csrf)"],
            body: ByteBuffer(string: form)
        ) { response in
            (
                response.status, cookie("anlan_session", in: response), String(buffer: response.body),
                cookie("anlan_login_challenge", in: response)
            )
        }
        guard let fixtures = authenticator, let challenge = first.3 else { return (first.0, first.1, first.2) }
        let totp = try #require(try await fixtures.store.accounts.secondFactorSecret(username: username))
        fixtures.clock.advance(seconds: 31)
        return try await execute(
            uri: "/login/second-factor", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "anlan_login_csrf=\(csrf); \(challenge)"],
            body: ByteBuffer(string: "_csrf=\(csrf)&code=\(totp.code(at: fixtures.clock.now))&next=")
        ) { response in (response.status, cookie("anlan_session", in: response), String(buffer: response.body)) }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func json(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}

/// The method and path of every registered route, as "get /api/v1/divisions/{code}".
struct RoutedPaths: Sendable {
    let all: [String]
}

// MARK: - The two faces of one operation

/// Posts a form as a signed-in browser would (with the session's CSRF token from `page`) and reads the refusal shown.
func postForm(
    _ client: any TestClientProtocol, session: String, csrfFrom page: String, to uri: String, form: [(String, String)]
) async throws -> (HTTPResponse.Status, String?, String?) {
    let html = try await client.get(page, cookie: session).1
    let csrf = try #require(html.firstMatch(of: #/name="_csrf" value="([A-Za-z0-9_-]+)"/#)?.1)
    let encoded = ([("_csrf", String(csrf))] + form).map {
        "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
    }.joined(separator: "&")
    return try await client.execute(
        uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session],
        body: ByteBuffer(string: encoded)
    ) { response in
        let code = String(buffer: response.body).firstMatch(of: #/data-error-code="([a-z_.]+)">([^<]*)</#)
        return (response.status, code.map { String($0.1) }, code.map { String($0.2) })
    }
}

/// A form's fields with some replaced, added or (given an empty value) left out: one refusal case of a faces test.
func changed(_ base: [(String, String)], _ changes: [(String, String)]) -> [(String, String)] {
    base.filter { field in !changes.contains { $0.0 == field.0 } } + changes.filter { !$0.1.isEmpty }
}

func expectSame(
    _ page: (HTTPResponse.Status, String?, String?), _ api: (HTTPResponse.Status, String), _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let body = json(api.1)
    #expect(api.0.code >= 400 && page.0 == api.0, "\(what): page \(page.0), API \(api.0)", sourceLocation: sourceLocation)
    #expect(
        page.1 != nil && page.1 == body["code"] as? String, "\(what): page \(page.1 ?? "-"), API \(api.1)",
        sourceLocation: sourceLocation)
    #expect(page.2 == body["message"] as? String, "\(what)", sourceLocation: sourceLocation)
}
