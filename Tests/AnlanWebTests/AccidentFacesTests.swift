import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Accidents through both faces: the record form and the API refuse alike; the duty desk shows what is owed; the
/// statistics' totals equal the ledger they link to.
@Suite("Accidents: the page and the API answer the same input the same way")
struct AccidentFacesTests {
    static let base: [(String, String)] = [
        ("occurredAt", "2026-11-18T16:40"), ("learnedAt", "2026-11-18T17:10"), ("divisionCode", "330529101201"), ("place", "集水井"),
        ("party", "某污水处理站"), ("sector", "工贸"), ("type", "poisoning"), ("deaths", "1"), ("seriousInjuries", "1"),
        ("description", "有限空间作业中毒"),
    ]

    @Test("refusals alike on both faces; a recorded accident's clock shows on its page, on the desk and in GET /duty/now")
    func faces() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            let session = try #require(try await client.browserLogin("duty").1)
            for change in [[("type", "meteor")], [("learnedAt", "2026-11-18T15:00")], [("place", "")], [("deaths", "-2")], [("party", "")]]
            {
                let form = changed(Self.base, change)
                let page = try await postForm(client, session: session, csrfFrom: "/accidents/new", to: "/accidents", form: form)
                let api = try await client.send(
                    .post, "/api/v1/accidents", token: duty,
                    json: String(
                        decoding: try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: form)), as: UTF8.self))
                expectSame(page, api, "\(change)")
            }
            let made = try await postForm(client, session: session, csrfFrom: "/accidents/new", to: "/accidents", form: Self.base)
            #expect(made.0 == .found)
            let list = json(try await client.get("/api/v1/accidents?open=true", token: duty).1)
            let id = try #require((list["items"] as? [[String: Any]])?.first?["id"] as? String)
            let detail = json(try await client.get("/api/v1/accidents/\(id)", token: duty).1)
            #expect(detail["grade"] as? String == "ordinary")
            let clock = detail["clock"] as? [[String: Any]] ?? []
            #expect(clock.filter { $0["kind"] as? String == "initial" }.count == 3)
            // The test clock is 19:06; learned at 17:10, so the 19:10 limit is four minutes off and nothing is late yet.
            #expect(clock.filter { $0["kind"] as? String == "initial" }.allSatisfy { $0["late"] as? Bool == false })
            let desk = try await client.get("/duty", cookie: session).1
            #expect(desk.contains("data-testid=\"reports-owed\"") && desk.contains("待报 3 项"))
            let now = json(try await client.get("/api/v1/duty/now", token: duty).1)
            #expect((now["reportsOwed"] as? [Any])?.count == 3)
            // Reporting to the city at 18:30 meets that line and starts the 续报 clock.
            let sent = try await client.send(
                .post, "/api/v1/accidents/\(id)/moves", token: duty,
                json: #"{"action":"report","kind":"initial","recipient":"cityBureau","sentAt":"2026-11-18T18:30"}"#)
            #expect(sent.0 == .ok)
            let after = (json(sent.1)["clock"] as? [[String: Any]] ?? []).map { ($0["kind"] as? String ?? "", $0["metAt"] != nil) }
            #expect(after.contains { $0 == ("followUp", false) } && after.filter { $0.1 }.count == 2)
            let shown = try await client.get("/accidents/\(id)", cookie: session).1
            #expect(shown.contains("data-testid=\"accident-clock\"") && shown.contains("按时") && shown.contains("一般事故"))
            // The statistics' total is the ledger's total.
            let stats = json(try await client.get("/api/v1/accidents/statistics?by=type", token: duty).1)
            #expect(
                (stats["total"] as? [String: Any])?["accidents"] as? Int == json(try await client.get("/api/v1/accidents", token: duty).1)[
                    "total"] as? Int)
            let xlsx = try await client.get("/accidents/statistics.xlsx?by=grade", cookie: session)
            #expect(xlsx.0 == .ok)
        }
    }
}

@Suite("Accidents: the monthly table and the printable 快报")
struct AccidentMonthlyTests {
    @Test("by month: months in order, each count equal to the ledger it links to; the 快报 prints the record")
    func monthly() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            for (occurred, learned) in [
                ("2026-09-03T10:00", "2026-09-03T10:20"), ("2026-11-02T08:00", "2026-11-02T08:30"),
                ("2026-11-10T14:00", "2026-11-10T14:10"),
            ] {
                let body = String(
                    decoding: try JSONSerialization.data(
                        withJSONObject: Dictionary(
                            uniqueKeysWithValues: changed(AccidentFacesTests.base, [("occurredAt", occurred), ("learnedAt", learned)]))),
                    as: UTF8.self)
                #expect(try await client.send(.post, "/api/v1/accidents", token: duty, json: body).0 == .created)
            }
            let stats = json(try await client.get("/api/v1/accidents/statistics?by=month", token: duty).1)
            let rows = stats["rows"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["key"] as? String } == ["2026-09", "2026-11"] && rows.map { $0["accidents"] as? Int } == [1, 2])
            let session = try #require(try await client.browserLogin("duty").1)
            let page = try await client.get("/accidents/statistics?by=month", cookie: session).1
            #expect(page.contains("2026 年 11 月") && page.contains("/accidents?from=2026-11-01&") && page.contains("to=2026-11-30\">2</a>"))
            let november = json(try await client.get("/api/v1/accidents?from=2026-11-01&to=2026-11-30", token: duty).1)["total"] as? Int
            #expect(november == 2)
            let id = try #require(
                (json(try await client.get("/api/v1/accidents", token: duty).1)["items"] as? [[String: Any]])?.first?["id"] as? String)
            let form = try await client.get("/accidents/\(id)/report-form", cookie: session).1
            #expect(form.contains("生产安全事故信息快报") && form.contains("某污水处理站") && form.contains("第十二条") && form.contains("data-print"))
        }
    }
}
