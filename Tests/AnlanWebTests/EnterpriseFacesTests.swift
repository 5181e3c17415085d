import AnlanCore
import AnlanTesting
@testable import AnlanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The enterprise file's refusals come from one catalog (`EnterpriseErrors`): the new-file form and
/// `POST /api/v1/enterprises` answer the same input with the same status, code and message, and every code answered is
/// one the operation lists.
@Suite("Enterprises: the page and the API answer the same input the same way")
struct EnterpriseFacesTests {
    static let base: [(String, String)] = [
        ("name", "示例县青山精细化工有限公司"), ("creditCode", "91330106MA2H3K5P39"), ("divisionCode", "330529101201"), ("sectors", "危险化学品"),
        ("latitude", "30.66"), ("longitude", "119.82"), ("employees", "120"), ("safetyOfficerPhone", "0572-5012345"),
        ("licenceKind", "安全生产许可证"), ("licenceNumber", "WH-1"), ("licenceExpiresOn", "2027-12-01"), ("riskLevel", "high"),
        ("operatingStatus", "operating"),
    ]

    /// The API body for a form: numbers as numbers, the sector fields as a list, the licence fields as one licence.
    static func body(_ form: [(String, String)]) throws -> String {
        var fields: [String: Any] = ["sectors": form.filter { $0.0 == "sectors" }.map(\.1)]
        var licence: [String: String] = [:]
        for (k, v) in form {
            switch k {
            case "sectors": continue
            case "latitude", "longitude": fields[k] = Double(v) ?? v
            case "employees": fields[k] = Int(v) ?? v
            case "licenceKind": licence["kind"] = v
            case "licenceNumber": licence["number"] = v
            case "licenceExpiresOn": licence["expiresOn"] = v
            default: fields[k] = v
            }
        }
        if !licence.isEmpty {
            fields["licences"] = [
                ["kind": licence["kind"] ?? "", "number": licence["number"] ?? "", "expiresOn": licence["expiresOn"] ?? ""]
            ]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
    }

    @Test("each refusal of a new file: same status, code and message on the form and the API, and listed by the operation")
    func refusals() async throws {
        try await withApp { fixtures, _, client in
            let staff = try await client.token("staff")
            let session = try #require(try await client.browserLogin("staff").1)
            let document = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).openAPIDocument
            let listed = ErrorCodeDocumentTests.errorCodes(document)["createEnterprise"] ?? []
            var answered: Set<String> = []
            let cases: [[(String, String)]] = [
                [("name", "")], [("name", String(repeating: "厂", count: 101))], [("creditCode", "91330106MA2H3K5P38")],
                [("safetyOfficerPhone", "电话")], [("divisionCode", "330529101000")], [("divisionCode", "330529101299")],
                [("divisionCode", "")], [("longitude", "")], [("latitude", "95")], [("sectors", "不存在的行业")], [("sectors", "")],
                [("employees", "-5")], [("licenceKind", "")], [("licenceExpiresOn", "2027-02-30")], [("riskLevel", "extreme")],
            ]
            for change in cases {
                let form = changed(Self.base, change)
                let page = try await postForm(client, session: session, csrfFrom: "/enterprises/new", to: "/enterprises", form: form)
                let api = try await client.send(.post, "/api/v1/enterprises", token: staff, json: try Self.body(form))
                expectSame(page, api, "\(change)")
                if let code = json(api.1)["code"] as? String { answered.insert(code) }
            }
            // The same file twice: the second is a conflict on both faces, naming the file that holds the code.
            #expect(try await client.send(.post, "/api/v1/enterprises", token: staff, json: try Self.body(Self.base)).0 == .created)
            let page = try await postForm(client, session: session, csrfFrom: "/enterprises/new", to: "/enterprises", form: Self.base)
            let api = try await client.send(.post, "/api/v1/enterprises", token: staff, json: try Self.body(Self.base))
            expectSame(page, api, "duplicate")
            #expect(json(api.1)["code"] as? String == "enterprise.credit_code_duplicate")
            answered.insert("enterprise.credit_code_duplicate")
            #expect(answered.count == cases.count + 1, "each case answers its own code: \(answered.sorted())")
            #expect(answered.subtracting(listed).isEmpty, "not listed by createEnterprise: \(answered.subtracting(listed).sorted())")
        }
    }

    @Test("risk level and archive: a missing or unknown value is the catalog's code, not a malformed body")
    func riskAndArchive() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let made = try await client.send(.post, "/api/v1/enterprises", token: staff, json: try Self.body(Self.base))
            let id = try #require(json(made.1)["id"] as? String)
            for (body, code) in [
                ("{}", "enterprise.risk_level_invalid"), (#"{"riskLevel":"red","reason":"复评"}"#, "enterprise.risk_level_invalid"),
                (#"{"riskLevel":"low"}"#, "enterprise.risk_reason_required"),
            ] {
                let answer = try await client.send(.put, "/api/v1/enterprises/\(id)/risk-level", token: staff, json: body)
                #expect(answer.0 == .unprocessableContent && json(answer.1)["code"] as? String == code, "\(body)")
            }
            let refused = try await client.send(.post, "/api/v1/enterprises/\(id)/archive", token: staff, json: "{}")
            #expect(refused.0 == .unprocessableContent && json(refused.1)["code"] as? String == "enterprise.archive_reason_required")
            #expect(
                try await client.send(.post, "/api/v1/enterprises/\(id)/archive", token: staff, json: #"{"reason":"已注销"}"#).0 == .noContent)
            let archived = try await client.send(.post, "/api/v1/enterprises/\(id)/archive", token: staff, json: #"{"reason":"已注销"}"#)
            #expect(archived.0 == .conflict && json(archived.1)["message"] as? String == EnterpriseErrors.archived.message)
        }
    }

    @Test("a contact or 目标责任书 with its fields missing is refused by the record's own rule, each code listed")
    func recordBodies() async throws {
        try await withApp { fixtures, _, client in
            let staff = try await client.token("staff")
            let document = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).openAPIDocument
            let listed = ErrorCodeDocumentTests.errorCodes(document)
            let made = try await client.send(.post, "/api/v1/enterprises", token: staff, json: try Self.body(Self.base))
            let id = try #require(json(made.1)["id"] as? String)
            for (path, operation, body, code) in [
                ("contact-people", "addEnterpriseContactPerson", "{}", "contact.name_required"),
                ("contact-people", "addEnterpriseContactPerson", #"{"name":"王五","phone":"电话"}"#, "contact.phone_invalid"),
                ("target-agreements", "addTargetAgreement", "{}", "agreement.year_invalid"),
                ("target-agreements", "addTargetAgreement", #"{"year":2026,"signedOn":"2026-02-30"}"#, "agreement.signed_on_invalid"),
            ] {
                let answer = try await client.send(.post, "/api/v1/enterprises/\(id)/\(path)", token: staff, json: body)
                #expect(answer.0 == .unprocessableContent && json(answer.1)["code"] as? String == code, "\(path) \(body): \(answer.1)")
                #expect(listed[operation]?.contains(code) == true, "\(operation) lists \(code)")
            }
        }
    }
}
