import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Drills")
struct DrillFacesTests {
    @Test("refusals are the same on both faces; an officer records its enterprise's drills; the compliance names who is behind")
    func drills() async throws {
        try await withApp(enterprises: 40) { fixtures, _, client in
            let officer = try await client.token("enterprise")
            let enterpriseID = try #require(try await fixtures.caller("enterprise").enterpriseID).key
            let plan = try #require(
                json(
                    try await client.send(
                        .post, "/api/v1/plans", token: officer,
                        json:
                            #"{"title":"综合应急预案","scope":"enterprise","topic":"productionSafety","divisionCode":"330529000000","enterpriseId":"\#(enterpriseID)"}"#
                    ).1)["id"] as? String)
            _ = try await client.send(
                .post, "/api/v1/plans/\(plan)/versions", token: officer, json: #"{"publishedOn":"2026-01-10","approvedBy":"总经理"}"#)
            let session = try #require(try await client.browserLogin("enterprise").1)
            let base = [
                ("planId", plan), ("title", "液氨泄漏处置演练"), ("on", "2026-06-01"), ("type", "functional"), ("planKind", "onSite"),
                ("organiser", "安全科"), ("participants", "20"), ("scenario", "冷库液氨管道阀门泄漏"),
            ]
            for form in [
                changed(base, [("on", "2030-01-01")]), changed(base, [("type", "drill")]), changed(base, [("participants", "0")]),
                changed(base, [("planId", "")]),
                changed(base, [("planId", UUID().uuidString.lowercased())]), changed(base, [("scenario", "")]),
            ] {
                let page = try await postForm(client, session: session, csrfFrom: "/plans/drills/new", to: "/plans/drills", form: form)
                let body = try JSONSerialization.data(withJSONObject: Dictionary(form, uniquingKeysWith: { _, b in b }))
                let api = try await client.send(.post, "/api/v1/drills", token: officer, json: String(decoding: body, as: UTF8.self))
                expectSame(page, api, "\(form)")
            }
            let recorded = try await client.send(
                .post, "/api/v1/drills", token: officer,
                json: String(
                    decoding: try JSONSerialization.data(withJSONObject: Dictionary(base, uniquingKeysWith: { _, b in b })), as: UTF8.self))
            #expect(recorded.0 == .created && json(recorded.1)["enterpriseId"] as? String == enterpriseID)

            // The bureau's compliance: this enterprise has an on-site drill (2026-06-01, due again 2026-12-01) but no comprehensive one.
            let staff = try await client.token("staff")
            let all = json(try await client.get("/api/v1/drills/compliance?behind=false&pageSize=200", token: staff).1)
            let mine = try #require((all["items"] as? [[String: Any]])?.first { $0["subjectId"] as? String == enterpriseID })
            let standings = mine["standings"] as? [[String: Any]] ?? []
            #expect(standings.map { $0["behind"] as? Bool }.prefix(2) == [true, false])
            #expect(standings.dropFirst().first?["due"] as? String == "2026-12-01")
            // The officer sees the same standing on its home page and its file, without the bureau's compliance page.
            let behindCount = standings.filter { $0["behind"] as? Bool == true }.count
            let officerHome = try await client.get("/home", cookie: session).1
            #expect(officerHome.contains("演练频次：逾期 \(behindCount) 项"), "home")
            let file = try await client.get("/enterprises/\(enterpriseID)", cookie: session).1
            let standingTable = file.components(separatedBy: "data-testid=\"enterprise-drill-standing\"").last ?? ""
            #expect(standingTable.components(separatedBy: "</table>").first?.components(separatedBy: "<tr>").count == standings.count + 2)
            let governments = json(try await client.get("/api/v1/drills/compliance?subjects=governments", token: staff).1)
            #expect(governments["total"] as? Int == 11)
            #expect(try await client.get("/api/v1/drills/compliance", token: officer).0 == .forbidden)

            // One township's rows: its enterprises (this one among them) and, for governments, the township alone.
            let mineDivision = try #require(mine["divisionCode"] as? String)
            let township = String(mineDivision.prefix(9)) + "000"
            let local = json(
                try await client.get("/api/v1/drills/compliance?behind=false&pageSize=200&divisionCode=\(township)", token: staff).1)
            let localItems = local["items"] as? [[String: Any]] ?? []
            #expect(localItems.contains { $0["subjectId"] as? String == enterpriseID })
            #expect(localItems.allSatisfy { ($0["divisionCode"] as? String)?.hasPrefix(String(township.prefix(9))) == true })
            #expect((local["total"] as? Int ?? 0) < (all["total"] as? Int ?? 0))
            let townshipGovernment = json(
                try await client.get("/api/v1/drills/compliance?subjects=governments&behind=false&divisionCode=\(township)", token: staff).1
            )
            #expect((townshipGovernment["items"] as? [[String: Any]])?.map { $0["subjectId"] as? String } == [township])

            // The year-end workbook holds every row of the filtered list, one per requirement, not one page of it.
            let staffSession = try #require(try await client.browserLogin("staff").1)
            let workbook = try await client.execute(
                uri: "/plans/drills/compliance.xlsx?behind=false&divisionCode=\(township)", method: .get, headers: [.cookie: staffSession],
                body: nil)
            #expect(workbook.status == .ok)
            let sheet = try StockFacesTests.firstSheet(Data(buffer: workbook.body))
            let requirements = localItems.reduce(0) { $0 + (($1["standings"] as? [[String: Any]])?.count ?? 0) }
            #expect(sheet.components(separatedBy: "<row ").count - 2 == requirements, "\(sheet.prefix(600))")
            let page = try await client.get("/plans/drills/compliance?behind=false&divisionCode=\(township)", cookie: staffSession).1
            #expect(
                page.contains("共 \(local["total"] as? Int ?? -1) 家企业")
                    && page.contains("compliance.xlsx?behind=false&amp;divisionCode=\(township)"))
        }
    }
}
