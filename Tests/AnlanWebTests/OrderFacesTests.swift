import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Documents and draws through both faces: the same input gets the same refusal from the page as from the API.
@Suite("Documents and draws: the page and the API answer the same input the same way")
struct OrderFacesTests {
    @Test("issuing a document: unknown kind, a case kind on an inspection, over-long measures")
    func documents() async throws {
        try await withApp(enterprises: 40) { fixtures, _, client in
            // Given an inspection
            let inspector = try await client.token("inspector")
            let enterprise = try #require(try await fixtures.caller("enterprise").enterpriseID).uuidString.lowercased()
            let id = UUID().uuidString.lowercased()
            let submitted = try await client.send(
                .post, "/api/v1/inspections", token: inspector,
                json: """
                    {"id":"\(id)","enterpriseId":"\(enterprise)","source":"adHoc","inspectedOn":"2026-11-16","inspectors":["inspector","inspector2"],
                     "findings":[],"summary":"日常检查，未发现问题"}
                    """)
            #expect(submitted.0 == .created)
            let session = try #require(try await client.browserLogin("inspector").1)
            let cases: [[(String, String)]] = [
                [("kind", "bogus")], [("kind", "")], [("kind", DocumentKind.penaltyDecision.rawValue)],
                [
                    ("kind", DocumentKind.onSiteMeasures.rawValue),
                    ("measures", String(repeating: "措", count: DocumentOrder.measuresLimit + 1)),
                ],
            ]
            for form in cases {
                // When the same order goes to the inspection page and to the API
                let page = try await postForm(
                    client, session: session, csrfFrom: "/inspections/\(id)", to: "/inspections/\(id)/documents", form: form)
                var body = Dictionary(uniqueKeysWithValues: form)
                body["inspectionId"] = id
                let api = try await client.send(
                    .post, "/api/v1/documents", token: inspector,
                    json: String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self))
                // Then both refuse it alike
                expectSame(page, api, "\(form.map(\.0))")
            }
        }
    }

    @Test("a random draw: a seed that is no number, a count that is no number, no title")
    func draws() async throws {
        try await withApp(enterprises: 40) { _, _, client in
            let inspector = try await client.token("inspector")
            let session = try #require(try await client.browserLogin("inspector").1)
            let cases: [[(String, String)]] = [
                [("title", "2026 年第四季度抽查"), ("seed", "abc")], [("title", "2026 年第四季度抽查"), ("seed", "-1")],
                [("title", "2026 年第四季度抽查"), ("count", "十")], [("title", "2026 年第四季度抽查"), ("ratio", "half")],
                [("title", "")],
            ]
            for form in cases {
                let page = try await postForm(client, session: session, csrfFrom: "/draws", to: "/draws", form: form)
                let api = try await client.send(
                    .post, "/api/v1/random-draws", token: inspector,
                    json: String(
                        decoding: try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: form)), as: UTF8.self))
                expectSame(page, api, "\(form)")
            }
        }
    }
}
