import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Given/When/Then tests of the hazard slice through its two faces: the page form and the API.
@Suite("Hazard moves: the page and the API answer the same input the same way")
struct HazardFacesTests {
    /// Given: an enterprise officer's enterprise with one found hazard (recorded on an inspection without a deadline) and one
    /// ordered major hazard.
    struct Given {
        let found: String
        let ordered: String
        let officerToken: String
        let inspectorToken: String
    }

    static func given(_ fixtures: Fixtures, _ client: any TestClientProtocol) async throws -> Given {
        let inspector = try await client.token("inspector")
        let enterprise = try #require(try await fixtures.caller("enterprise").enterpriseID).uuidString.lowercased()
        let body = """
            {"id":"\(UUID().uuidString.lowercased())","enterpriseId":"\(enterprise)","source":"adHoc","inspectedOn":"2026-11-16",
             "inspectors":["inspector","inspector2"],"findings":[{"description":"消防通道堵塞","isMajor":false},
             {"description":"液氨管道腐蚀","isMajor":true,"dueDate":"2026-12-10"}],"summary":"日常检查，发现两处问题"}
            """
        let (status, text) = try await client.send(.post, "/api/v1/inspections", token: inspector, json: body)
        #expect(status == .created, "\(text)")
        let hazards = json(text)["hazards"] as? [[String: Any]] ?? []
        let found = try #require(hazards.first { $0["status"] as? String == "found" }?["id"] as? String)
        let ordered = try #require(hazards.first { $0["status"] as? String == "ordered" }?["id"] as? String)
        return Given(found: found, ordered: ordered, officerToken: try await client.token("enterprise"), inspectorToken: inspector)
    }

    @Test("each refusal has the same status, code and message on the page as on the API")
    func sameRefusals() async throws {
        try await withApp(enterprises: 40) { fixtures, _, client in
            let given = try await Self.given(fixtures, client)
            let long = String(repeating: "字", count: HazardMove.noteLimit + 1)
            // (who, hazard, fields): each a different refusal.
            let cases: [(String, String, [(String, String)])] = [
                ("inspector", given.found, []),
                ("inspector", given.found, [("event", "close")]),
                ("inspector", given.found, [("event", "order")]),
                ("inspector", given.found, [("event", "order"), ("dueDate", "2026-02-30")]),
                ("inspector", given.found, [("event", "order"), ("dueDate", "2020-01-01")]),
                ("inspector", given.found, [("event", "order"), ("dueDate", "2026-12-20"), ("note", long)]),
                ("inspector", given.found, [("event", "submit")]),
                ("inspector", given.ordered, [("event", "reinspect")]),
                ("inspector", given.ordered, [("event", "reinspect"), ("passed", "false")]),
                ("inspector", given.ordered, [("event", "request_extension"), ("to", "2027-01-31")]),
                ("inspector", given.ordered, [("event", "request_extension"), ("to", "2026-12-01"), ("note", "设备到货延迟")]),
                (
                    "inspector", given.ordered,
                    [("event", "request_extension"), ("to", "2027-01-31"), ("note", "设备到货延迟"), ("extensionReason", "forceMajeure")]
                ),
                ("inspector", given.ordered, [("event", "escalate")]),
                ("enterprise", given.ordered, [("event", "reinspect"), ("passed", "true")]),
                // Close-out integrity: the rectification is the enterprise's, with what was done and evidence; a re-inspection
                // that closes an unsubmitted hazard says why; only the supervising leader signs off.
                ("enterprise", given.ordered, [("event", "submit")]),
                ("enterprise", given.ordered, [("event", "submit"), ("note", "已安装接地线")]),
                ("inspector", given.ordered, [("event", "submit"), ("note", "已安装接地线")]),
                ("inspector", given.ordered, [("event", "submit"), ("onBehalf", "true"), ("note", "已安装接地线")]),
                ("inspector", given.ordered, [("event", "reinspect"), ("passed", "true")]),
                ("inspector", given.ordered, [("event", "reinspect"), ("passed", "true"), ("note", "接地线已安装")]),
                ("inspector", given.ordered, [("event", "sign_off"), ("approved", "true")]),
            ]
            var sessions: [String: String] = [:]
            var tokens: [String: String] = ["inspector": given.inspectorToken, "enterprise": given.officerToken]
            for (who, hazard, fields) in cases {
                if sessions[who] == nil { sessions[who] = try await client.browserLogin(who).1 }
                if tokens[who] == nil { tokens[who] = try await client.token(who) }
                // When the same input goes through both faces
                let page = try await postForm(
                    client, session: try #require(sessions[who]), csrfFrom: "/hazards/\(hazard)", to: "/hazards/\(hazard)/events",
                    form: fields)
                let body = try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: fields))
                let api = try await client.send(
                    .post, "/api/v1/hazards/\(hazard)/events", token: tokens[who], json: String(decoding: body, as: UTF8.self))
                // Then both refuse it alike
                expectSame(page, api, "\(fields)")
            }
            // Nothing refused was stored: both hazards are as they were given.
            let found = json(try await client.get("/api/v1/hazards/\(given.found)", token: given.inspectorToken).1)
            let ordered = json(try await client.get("/api/v1/hazards/\(given.ordered)", token: given.inspectorToken).1)
            #expect(found["status"] as? String == "found" && ordered["status"] as? String == "ordered")
            #expect(ordered["dueDate"] as? String == "2026-12-10" && ordered["supervisingLeader"] == nil)
        }
    }

    @Test("the page shows exactly the moves Core allows: the officer sees submit and extension, the inspector no escalation")
    func buttonsFromCore() async throws {
        try await withApp(enterprises: 40) { fixtures, _, client in
            let given = try await Self.given(fixtures, client)
            // 2026-12-01: inside the default extension window of the ordered hazard (due 2026-12-10).
            fixtures.clock.advance(seconds: 13 * 86_400)
            func actions(_ who: String, _ hazard: String) async throws -> [String] {
                let session = try #require(try await client.browserLogin(who).1)
                let page = try await client.get("/hazards/\(hazard)", cookie: session).1
                return page.matches(of: #/data-testid="action-([a-z_]+)"/#).map { String($0.1) }
            }
            #expect(try await actions("enterprise", given.ordered) == ["submit", "request_extension"])
            #expect(try await actions("inspector", given.ordered) == ["submit", "request_extension", "reinspect", "reinspect"])
            #expect(try await actions("leader", given.ordered) == ["submit", "request_extension", "reinspect", "reinspect", "escalate"])
            #expect(try await actions("inspector", given.found) == ["order"])
            #expect(try await actions("staff", given.found) == [])
        }
    }

    @Test("a move made on the page is the move made on the API: the same state, event and audit")
    func sameEffect() async throws {
        try await withApp(enterprises: 40) { fixtures, _, client in
            let given = try await Self.given(fixtures, client)
            let session = try #require(try await client.browserLogin("leader").1)
            let (status, _, _) = try await postForm(
                client, session: session, csrfFrom: "/hazards/\(given.ordered)", to: "/hazards/\(given.ordered)/events",
                form: [("event", "escalate"), ("note", "督办")])
            #expect(status == .found)
            let stored = json(try await client.get("/api/v1/hazards/\(given.ordered)", token: given.inspectorToken).1)
            #expect(stored["supervisingLeader"] as? String == "leader")
            let events = stored["events"] as? [[String: Any]] ?? []
            #expect(events.last?["event"] as? String == "escalate" && events.last?["note"] as? String == "督办")
        }
    }
}

@Suite("People by name")
struct PeopleByNameTests {
    @Test("a hazard shows its responsible inspector and history by name, and the ledger's owner filter takes a name")
    func hazardNames() async throws {
        try await withApp(enterprises: 40) { fixtures, _, client in
            let given = try await HazardFacesTests.given(fixtures, client)
            let session = try #require(try await client.browserLogin("leader").1)
            let page = try await client.get("/hazards/\(given.ordered)", cookie: session).1
            let history = try #require(page.firstMatch(of: /data-testid="hazard-events">(.*?)<\/table>/.dotMatchesNewlines())?.1)
            #expect(history.contains("王强") && !history.contains(">inspector<"))
            #expect(page.contains("<td>王强</td>"))
            // The owner filter finds the hazards by the person's name as by the login name.
            let byName = json(try await client.get("/api/v1/hazards?owner=%E7%8E%8B%E5%BC%BA", token: given.inspectorToken).1)
            let byLogin = json(try await client.get("/api/v1/hazards?owner=inspector", token: given.inspectorToken).1)
            #expect((byName["total"] as? Int ?? 0) > 0 && byName["total"] as? Int == byLogin["total"] as? Int)
        }
    }
}
