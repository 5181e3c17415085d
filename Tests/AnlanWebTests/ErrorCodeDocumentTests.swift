import AnlanCore
import AnlanTesting
@testable import AnlanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The document names the codes a write answers: an empty body sent to every write operation, by a role that may make
/// it, answers either success or a code the operation lists in `x-anlan-error-codes` (or one of the codes every
/// operation may answer: authentication, a malformed request, a path record not found).
@Suite("Each write operation lists the error codes it answers")
struct ErrorCodeDocumentTests {
    /// Codes any operation may answer, documented once for all (the document's shared responses).
    static func general(_ code: String) -> Bool {
        code.hasPrefix("auth.") || code.hasPrefix("request.") || code == "query.not_integer" || code == "query.out_of_range"
    }

    /// Demo accounts in the order tried: the first whose role holds an operation's permission makes the request.
    static let accounts = [
        "staff", "inspector", "leader", "duty", "township", "info", "sysadmin", "secadmin", "auditadmin", "enterprise", "department",
    ]

    /// Write operations whose request body is not a JSON object.
    static let nonObjectBodies: Set<String> = []

    static func errorCodes(_ document: JSONValue) -> [String: Set<String>] {
        guard case .object(let root) = document, case .object(let paths)? = root.first(where: { $0.0 == "paths" })?.1 else { return [:] }
        var out: [String: Set<String>] = [:]
        for (_, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (_, operation) in methods {
                guard case .object(let fields) = operation, case .string(let id)? = fields.first(where: { $0.0 == "operationId" })?.1 else {
                    continue
                }
                var codes: Set<String> = []
                if case .array(let listed)? = fields.first(where: { $0.0 == "x-anlan-error-codes" })?.1 {
                    for case .string(let code) in listed { codes.insert(code) }
                }
                out[id] = codes
            }
        }
        return out
    }

    @Test("an empty body to each write operation answers success or a documented code")
    func emptyBodies() async throws {
        try await withApp { fixtures, _, client in
            let document = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).openAPIDocument
            let documented = Self.errorCodes(document)
            var roles: [String: Role] = [:]
            for name in Self.accounts { roles[name] = try await fixtures.caller(name).role }
            var tokens: [String: String] = [:]
            var undocumented: [String] = []
            var malformed: [String] = []
            var checked = 0
            // A token's own revocation would end the walk; it takes no body.
            for op in AccessTests.operations(document)
            where [.post, .put, .patch, .delete].contains(op.method) && op.access.hasPrefix("permission:") && op.id != "revokeToken" {
                let permission = try #require(Permission(rawValue: String(op.access.dropFirst("permission:".count))))
                guard let name = Self.accounts.first(where: { roles[$0]?.can(permission) == true }) else { continue }
                if tokens[name] == nil { tokens[name] = try await client.token(name, authenticator: fixtures) }
                let uri = op.path.replacingOccurrences(
                    of: #"\{[A-Za-z]+\}"#, with: "0f0e0d0c-0b0a-4908-8706-050403020100", options: .regularExpression)
                let (status, body) = try await client.send(op.method, uri, token: tokens[name], json: "{}")
                checked += 1
                guard status.code >= 400, let code = json(body)["code"] as? String else { continue }
                if code == "request.invalid_body" { malformed.append(op.id) }
                if !Self.general(code) && !(documented[op.id] ?? []).contains(code) { undocumented.append("\(op.id): \(code)") }
            }
            #expect(checked >= 100)
            #expect(undocumented.isEmpty, "\(undocumented.sorted().joined(separator: "\n"))")
            // A JSON object body's missing fields read as a form's empty ones, so `{}` is refused by a domain rule with its
            // own code; only operations whose body is no object (a list, a file) call it malformed.
            #expect(Set(malformed) == Self.nonObjectBodies, "\(Set(malformed).symmetricDifference(Self.nonObjectBodies).sorted())")
        }
    }

    @Test("{} to the older write operations is refused by the first domain rule, with a code the operation lists")
    func emptyBodiesNamed() async throws {
        try await withApp { fixtures, _, client in
            let document = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).openAPIDocument
            let documented = Self.errorCodes(document)
            let staff = try await client.token("staff")
            let inspector = try await client.token("inspector")
            let made = try await client.send(
                .post, "/api/v1/enterprises", token: staff, json: try EnterpriseFacesTests.body(EnterpriseFacesTests.base))
            let enterprise = try #require(json(made.1)["id"] as? String)
            for (operation, method, uri, token, code) in [
                ("submitInspection", HTTPRequest.Method.post, "/api/v1/inspections", inspector, "inspection.field_required"),
                ("openCase", .post, "/api/v1/cases", inspector, "case.field_required"),
                ("createCampaign", .post, "/api/v1/campaigns", staff, "campaign.name_required"),
                ("addConflictOfInterest", .post, "/api/v1/conflicts-of-interest", staff, "conflict.field_required"),
                ("setDocumentNumbering", .put, "/api/v1/document-numbering", staff, "numbering.county_invalid"),
                ("saveChecklist", .put, "/api/v1/checklists/my-list", staff, "checklist.name_required"),
                ("replaceSectors", .put, "/api/v1/sectors", staff, "settings.sectors_count"),
                (
                    "addHazardInstallation", .post, "/api/v1/enterprises/\(enterprise)/installations", staff,
                    "installation.unit_kind_invalid"
                ),
            ] {
                let (status, body) = try await client.send(method, uri, token: token, json: "{}")
                #expect(status == .unprocessableContent && json(body)["code"] as? String == code, "\(operation): \(body)")
                #expect(documented[operation]?.contains(code) == true, "\(operation) lists \(code)")
            }
        }
    }
}
