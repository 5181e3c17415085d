import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// 冬春救助 through both faces: an application refused alike on the page and the API, the program's counts equal to the
/// lists they link to, the exports and the published list with ID numbers masked.
@Suite("Winter-spring relief: the page and the API answer the same input the same way")
struct ReliefFacesTests {
    static func id(_ born: String, _ seq: Int) -> String {
        let first17 = "330529" + born + String(format: "%03d", seq)
        return first17 + String(IDNumber.checkCharacter(first17)!)
    }

    @Test("application refusals alike; counts equal their lists; exports; the publication masks ID numbers")
    func faces() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let opened = try await client.send(.post, "/api/v1/relief-programs", token: staff, json: #"{"year": 2026, "budgetWanYuan": 5}"#)
            #expect(opened.0 == .created)
            let program = try #require(json(opened.1)["id"] as? String)
            let info = try await client.token("info")
            let session = try #require(try await client.browserLogin("info").1)
            let head = Self.id("19590204", 222), child = Self.id("20120212", 224)
            let base: [(String, String)] = [
                ("divisionCode", "330529101201"), ("phone", "13957200001"), ("account", "6230291000001234567"),
                ("hardship", "collapsedHouse"),
                ("reason", "住房倒塌"), ("members.name", "李秀英"), ("members.idNumber", head), ("members.relation", "head"),
            ]
            func api(_ form: [(String, String)]) -> String {
                var fields: [String: Any] = [:]
                var member: [String: String] = [:]
                for (k, v) in form {
                    if k.hasPrefix("members.") { member[String(k.dropFirst(8))] = v } else { fields[k] = v }
                }
                if !member.isEmpty { fields["members"] = [member] }
                return String(decoding: try! JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
            }
            for change in [
                [("members.idNumber", String(head.dropLast()) + (head.last == "0" ? "1" : "0"))], [("members.relation", "child")],
                [("account", "12345")], [("hardship", "flood")], [("divisionCode", "330529102201")], [("reason", "")],
            ] {
                let form = changed(base, change)
                let page = try await postForm(
                    client, session: session, csrfFrom: "/relief/\(program)/households/new", to: "/relief/\(program)/households", form: form
                )
                let answer = try await client.send(.post, "/api/v1/relief-programs/\(program)/households", token: info, json: api(form))
                expectSame(page, answer, "\(change)")
            }
            let made = try await client.send(
                .post, "/api/v1/relief-programs/\(program)/households", token: info,
                json: String(
                    decoding: try JSONSerialization.data(withJSONObject: [
                        "divisionCode": "330529101201", "phone": "13957200001", "account": "6230291000001234567",
                        "hardship": "collapsedHouse",
                        "reason": "住房倒塌",
                        "members": [
                            ["name": "李秀英", "idNumber": head, "relation": "head"], ["name": "王小", "idNumber": child, "relation": "child"],
                        ],
                    ]), as: UTF8.self))
            #expect(made.0 == .created)
            let household = try #require(json(made.1)["id"] as? String)
            // The same person in a second household of the program is refused.
            let twice = try await client.send(.post, "/api/v1/relief-programs/\(program)/households", token: info, json: api(base))
            #expect(twice.0 == .conflict && json(twice.1)["code"] as? String == "relief.person_in_household")
            for body in [
                #"{"action":"evaluate","passed":true,"minutes":"一致同意","on":"2026-11-10"}"#, #"{"action":"publicise","on":"2026-11-10"}"#,
            ] {
                #expect(try await client.send(.post, "/api/v1/relief-households/\(household)/moves", token: info, json: body).0 == .ok)
            }
            let photo = try await client.execute(
                uri: "/api/v1/relief-households/\(household)/photo?fileName=a.png", method: .post,
                headers: [.authorization: "Bearer \(info)", .contentType: "application/octet-stream"],
                body: ByteBuffer(bytes: Fixtures.png)
            ) { $0.status }
            #expect(photo == .created)
            let township = try await client.token("township")
            #expect(
                try await client.send(
                    .post, "/api/v1/relief-households/\(household)/moves", token: township,
                    json: #"{"action":"township","decision":"approve"}"#
                ).0
                    == .ok)
            #expect(
                try await client.send(
                    .post, "/api/v1/relief-households/\(household)/moves", token: staff,
                    json: #"{"action":"decide","decision":"grant","amount":1500}"#
                ).0 == .ok)
            let paid = try await client.send(
                .post, "/api/v1/relief-households/\(household)/moves", token: staff, json: #"{"action":"pay","reference":"YKT-9"}"#)
            #expect(paid.0 == .ok && json(paid.1)["state"] as? String == "paid")
            // The program page's counts equal the lists they link to.
            let staffSession = try #require(try await client.browserLogin("staff").1)
            let page = try await client.get("/relief/\(program)", cookie: staffSession).1
            let listed =
                json(try await client.get("/api/v1/relief-programs/\(program)/households?state=paid", token: staff).1)["total"] as? Int
            #expect(listed == 1 && page.contains("data-testid=\"relief-state-paid\">1</a>"))
            #expect(page.contains("data-testid=\"relief-all\">全部申请 1 户</a>"))
            let programJSON = json(try await client.get("/api/v1/relief-programs/\(program)", token: staff).1)
            #expect((programJSON["totals"] as? [String: Any])?["paidYuan"] as? Double == 1500)
            for path in ["list.xlsx", "needs.xlsx"] {
                let (status, _, headers) = try await client.get("/relief/\(program)/\(path)", cookie: staffSession)
                #expect(status == .ok && headers[.contentType]?.contains("spreadsheetml") == true, "\(path)")
            }
            let publication = try await client.get("/relief/\(program)/publication", cookie: staffSession).1
            #expect(publication.contains("李秀英") && publication.contains(ReliefHousehold.masked(head)) && !publication.contains(head))
        }
    }
}
