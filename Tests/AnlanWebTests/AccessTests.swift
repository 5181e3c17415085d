import AnlanCore
import AnlanTesting
@testable import AnlanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Declared access is enforced: the OpenAPI document and the router cannot disagree")
struct AccessTests {
    /// A demo account whose role lacks each permission.
    static let lacking: [Permission: String] = [
        .readBusinessData: "auditadmin", .manageAccounts: "leader", .managePolicies: "leader", .readAudit: "leader",
        .editEnterprises: "township", .configureCatalogs: "inspector", .inspect: "staff", .escalateHazards: "inspector",
        .manageResources: "inspector", .managePlans: "duty", .keepDuty: "township", .arrangeDuty: "duty", .commandIncidents: "staff",
        .reportDisasters: "inspector", .reviewDisasterReports: "duty", .decideRelief: "township",
    ]

    /// The operations of the document, with their declared access.
    static func operations(_ document: JSONValue) -> [(method: HTTPRequest.Method, path: String, id: String, access: String)] {
        guard case .object(let root) = document, case .object(let paths)? = root.first(where: { $0.0 == "paths" })?.1 else { return [] }
        var found: [(HTTPRequest.Method, String, String, String)] = []
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (method, operation) in methods {
                guard case .object(let fields) = operation,
                    case .string(let id)? = fields.first(where: { $0.0 == "operationId" })?.1,
                    case .string(let access)? = fields.first(where: { $0.0 == "x-anlan-access" })?.1
                else { continue }
                found.append((HTTPRequest.Method(rawValue: method.uppercased())!, path, id, access))
            }
        }
        return found
    }

    /// A concrete URI for a documented path: any value does, as access is checked before the handler reads it.
    static func uri(_ path: String) -> String {
        path.replacingOccurrences(of: #"\{[A-Za-z]+\}"#, with: "2026", options: .regularExpression)
    }

    @Test("every operation declares its access; without a token each protected one answers 401 auth.required")
    func unauthenticated() async throws {
        try await withApp { fixtures, _, client in
            let document = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).openAPIDocument
            let operations = Self.operations(document)
            #expect(operations.count >= 78)
            for op in operations where op.access != "open" {
                let (status, body) = try await client.send(op.method, Self.uri(op.path), json: "{}")
                #expect(status == .unauthorized && json(body)["code"] as? String == "auth.required", "\(op.id): \(status)")
            }
        }
    }

    @Test("a role lacking an operation's declared permission gets 403 auth.forbidden before its body is read")
    func forbidden() async throws {
        try await withApp { fixtures, _, client in
            let document = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).openAPIDocument
            var tokens: [String: String] = [:]
            var checked = 0
            for op in Self.operations(document) where op.access.hasPrefix("permission:") {
                let permission = try #require(Permission(rawValue: String(op.access.dropFirst("permission:".count))))
                let username = try #require(Self.lacking[permission])
                #expect(try await fixtures.caller(username).role?.can(permission) == false)
                if tokens[username] == nil { tokens[username] = try await client.token(username, authenticator: fixtures) }
                // A body no handler would accept: only the router's check can answer 403 to it.
                let (status, body) = try await client.send(op.method, Self.uri(op.path), token: tokens[username], json: "not json")
                #expect(
                    status == .forbidden && json(body)["code"] as? String == "auth.forbidden", "\(op.id) as \(username): \(status) \(body)")
                checked += 1
            }
            #expect(checked >= 70)
        }
    }

    @Test(
        "the document states each operation's access; open ones are exactly sign-in and second-factor enrolment, the account application, the document, the public warning feed and CAP, and the gateway's receipts (its own token)"
    )
    func documented() async throws {
        try await Fixtures.with { fixtures in
            let document = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).openAPIDocument
            let open = Self.operations(document).filter { $0.access == "open" }.map(\.id).sorted()
            #expect(
                open == [
                    "applyForAccount", "createSecondFactorEnrolment", "gatewayReceipts", "getOpenAPIDocument", "getWarningCap",
                    "issueToken", "warningFeed",
                ])
        }
    }
}

@Suite("Declared page access is enforced before the page's handler")
struct PageAccessTests {
    @Test("anonymous visitors are sent to the login page; a role lacking a page's permission gets 403 before the page runs")
    func pages() async throws {
        try await withApp { fixtures, _, client in
            let pages = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).pageRoutes
            #expect(pages.count >= 80)
            var sessions: [String: String] = [:]
            var checked = 0
            for page in pages {
                let uri = AccessTests.uri(page.path)
                let anonymous = try await client.execute(uri: uri, method: page.method) { ($0.status, $0.headers[.location]) }
                #expect(anonymous.0 == .found && anonymous.1?.hasPrefix("/login") == true, "\(page.method) \(page.path): \(anonymous.0)")
                guard case .permission(let permission) = page.access, let username = AccessTests.lacking[permission] else { continue }
                if sessions[username] == nil { sessions[username] = try await client.browserLogin(username, authenticator: fixtures).1 }
                let cookie = try #require(sessions[username])
                // No form and no CSRF token: only the declared check can answer 403 before the handler reads either.
                let status = try await client.execute(uri: uri, method: page.method, headers: [.cookie: cookie]) { $0.status }
                #expect(status == .forbidden, "\(page.method) \(page.path) as \(username): \(status)")
                checked += 1
            }
            #expect(checked >= 70)
        }
    }
}
