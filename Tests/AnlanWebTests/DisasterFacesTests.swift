import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Disaster reports through both faces: an officer's phone entry refused alike on the page and the API, a resent entry
/// answered with the stored one, the township's pending count equal to the list it links to, the duty desk's clock, the
/// exports, and the 灾害信息员's narrowed menu.
@Suite("Disaster reports: the page and the API answer the same input the same way")
struct DisasterFacesTests {
    static func body(_ fields: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
    }

    @Test("a township named twice in one request is added once (the fuzz run found the second insert's 500)")
    func townshipsOnce() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            let opened = try await client.send(
                .post, "/api/v1/disaster-events", token: duty,
                json: try Self.body([
                    "type": "flood", "name": "强降雨", "startedAt": "2026-11-18T09:00:00.000Z", "townships": ["330529101000", "330529101000"],
                ]))
            #expect(opened.0 == .created && (json(opened.1)["townships"] as? [String]) == ["330529101000"])
            let id = try #require(json(opened.1)["id"] as? String)
            let added = try await client.send(
                .post, "/api/v1/disaster-events/\(id)/moves", token: duty,
                json: #"{"action":"addTownships","townships":["330529103000","330529103000"]}"#)
            #expect(added.0 == .ok, "\(added.1)")
            #expect((json(added.1)["townships"] as? [String]) == ["330529101000", "330529103000"])
        }
    }

    @Test("entry refusals alike on both faces; a resend answers 200 with the stored entry; counts equal their lists")
    func faces() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            let opened = try await client.send(
                .post, "/api/v1/disaster-events", token: duty,
                json: try Self.body([
                    "type": "flood", "name": "强降雨", "startedAt": "2026-11-18T09:00:00.000Z", "townships": ["330529101000", "330529102000"],
                ]))
            #expect(opened.0 == .created)
            let id = try #require(json(opened.1)["id"] as? String)
            let info = try await client.token("info")
            let session = try #require(try await client.browserLogin("info").1)
            let base: [(String, String)] = [("divisionCode", "330529101201"), ("affected", "120"), ("relocated", "30")]
            for change in [
                [("relocated", "121")], [("deaths", "-1")], [("affected", "1.5")], [("divisionCode", "330529101202")],
                [("collapsedRooms", "1"), ("collapsedHouseholds", "2")], [("deaths", "1")], [("divisionCode", "")],
            ] {
                let form = changed(base, change)
                let page = try await postForm(
                    client, session: session, csrfFrom: "/disasters/\(id)/entries/new", to: "/disasters/\(id)/entries", form: form)
                var fields: [String: Any] = [:]
                for (k, v) in form {
                    if k == "divisionCode" {
                        fields[k] = v
                    } else if let n = Int(v) {
                        fields[k] = n
                    } else if let d = Double(v) {
                        fields[k] = d
                    } else {
                        fields[k] = v
                    }
                }
                let api = try await client.send(.post, "/api/v1/disaster-events/\(id)/entries", token: info, json: try Self.body(fields))
                expectSame(page, api, "\(change)")
            }
            let entryID = UUID().uuidString.lowercased()
            let entry = try Self.body(["id": entryID, "divisionCode": "330529101201", "affected": 120, "relocated": 30])
            let first = try await client.send(.post, "/api/v1/disaster-events/\(id)/entries", token: info, json: entry)
            let again = try await client.send(.post, "/api/v1/disaster-events/\(id)/entries", token: info, json: entry)
            #expect(
                first.0 == .created && again.0 == .ok && json(again.1)["replayed"] as? Bool == true
                    && json(again.1)["id"] as? String == entryID)
            // The page's phone form carries a fresh ID; posting it twice stores one entry.
            let form = try await client.get("/disasters/\(id)/entries/new", cookie: session).1
            let formID = try #require(form.firstMatch(of: #/name="id" value="([0-9a-f-]{36})"/#)?.1)
            for _ in 0..<2 {
                let posted = try await postForm(
                    client, session: session, csrfFrom: "/disasters/\(id)/entries/new", to: "/disasters/\(id)/entries",
                    form: [("id", String(formID)), ("divisionCode", "330529101201"), ("affected", "125"), ("relocated", "30")])
                #expect(posted.0 == .found)
            }
            let staff = try await client.token("staff")
            let pending =
                json(try await client.get("/api/v1/disaster-events/\(id)/entries?status=submitted", token: staff).1)["total"] as? Int
            #expect(pending == 1)
            let all = json(try await client.get("/api/v1/disaster-events/\(id)/entries", token: staff).1)["total"] as? Int
            #expect(all == 2)
            let staffSession = try #require(try await client.browserLogin("staff").1)
            let page = try await client.get("/disasters/\(id)", cookie: staffSession).1
            #expect(page.contains("data-testid=\"pending-total\">\(pending ?? -1)</a>"))
            // The desk: both townships still owe their first figures, and the 初报 is running.
            let now = json(try await client.get("/api/v1/duty/now", token: duty).1)
            let owed = now["disasterReportsOwed"] as? [[String: Any]] ?? []
            #expect(owed.map { $0["kind"] as? String } == ["township", "township", "initial"])
            let desk = try await client.get("/duty", cookie: staffSession).1
            #expect(desk.contains("data-testid=\"disaster-owed-total\">待报 3 项，其中 2 个乡镇尚未报送"))
            // Exports.
            for path in ["table.xlsx", "casualties.xlsx", "houses.xlsx"] {
                let (status, _, headers) = try await client.get("/disasters/\(id)/\(path)", cookie: staffSession)
                #expect(status == .ok && headers[.contentType]?.contains("spreadsheetml") == true, "\(path)")
            }
        }
    }

    @Test("the information officer's menu holds the disaster work and messages, not the bureau's modules")
    func infoOfficerMenu() async throws {
        try await withApp { _, _, client in
            let session = try #require(try await client.browserLogin("info").1)
            let home = try await client.get("/disasters", cookie: session).1
            #expect(
                home.contains("href=\"/disasters\"") && !home.contains("href=\"/enterprises\"") && !home.contains("href=\"/accidents\""))
            #expect(!home.contains("data-testid=\"disaster-new\""))
        }
    }
}

@Suite("Disasters: the year's figures")
struct DisasterYearTests {
    @Test("each process counts its last report up (or the accepted figures); the totals equal the list they link to")
    func year() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty"), staff = try await client.token("staff")
            func open(_ type: String, _ townships: [String]) async throws -> String {
                let body = String(
                    decoding: try JSONSerialization.data(withJSONObject: [
                        "type": type, "name": "过程", "startedAt": "2026-11-18T09:00:00.000Z", "townships": townships,
                    ]), as: UTF8.self)
                return try #require(
                    json(try await client.send(.post, "/api/v1/disaster-events", token: duty, json: body).1)["id"] as? String)
            }
            let flood = try await open("flood", ["330529101000"])
            let hail = try await open("windHail", ["330529102000"])
            _ = try await client.send(
                .post, "/api/v1/disaster-events/\(flood)/entries", token: staff,
                json: #"{"divisionCode":"330529101000","affected":100,"lossAgriculture":12.5}"#)
            #expect(try await client.send(.post, "/api/v1/disaster-events/\(flood)/reports", token: duty, json: "{}").0 == .created)
            // Grown after the 初报: the year counts what was reported, not yet the new figures.
            _ = try await client.send(
                .post, "/api/v1/disaster-events/\(flood)/entries", token: staff,
                json: #"{"divisionCode":"330529101000","affected":150,"lossAgriculture":12.5}"#)
            _ = try await client.send(
                .post, "/api/v1/disaster-events/\(hail)/entries", token: staff, json: #"{"divisionCode":"330529102000","affected":40}"#)
            let year = json(try await client.get("/api/v1/disaster-statistics?year=2026", token: staff).1)
            let events = year["events"] as? [[String: Any]] ?? []
            #expect(events.count == 2)
            #expect(Set(events.compactMap { ($0["figures"] as? [String: Any])?["affected"] as? Int }) == [100, 40])
            #expect((year["total"] as? [String: Any])?["affected"] as? Int == 140)
            #expect((year["total"] as? [String: Any])?["lossTotal"] as? Double == 12.5)
            let session = try #require(try await client.browserLogin("staff").1)
            let page = try await client.get("/disasters/statistics?year=2026", cookie: session).1
            let listed = json(try await client.get("/api/v1/disaster-events?year=2026", token: staff).1)["total"] as? Int
            #expect(listed == 2 && page.contains("data-testid=\"disaster-year-total\">2</a>"))
            let (status, _, headers) = try await client.get("/disasters/statistics.xlsx?year=2026", cookie: session)
            #expect(status == .ok && headers[.contentType]?.contains("spreadsheetml") == true)
        }
    }
}
