import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// 汛前检查 of a site through both faces: refusals alike, findings become the site's hazards (a resend stores one check),
/// the township orders and re-checks them through the hazard loop, the enterprise's officer and the enforcement
/// statistics do not see them, and the site page's counts equal the lists they link to.
@Suite("Site checks: the page and the API answer the same input the same way")
struct SiteCheckFacesTests {
    static let form: [(String, String)] = [
        ("kind", "floodSeason"), ("checkedOn", "2026-11-18"), ("inspectors", "镇水利站 王强、村监测员 李明"), ("checklistKey", "flood-reservoir"),
        ("answers.code", "R1"), ("answers.result", "fail"), ("answers.note", "溢洪道堆放杂物"), ("answers.dueDate", "2026-11-25"),
        ("answers.code", "R2"), ("answers.result", "pass"), ("answers.note", ""), ("answers.dueDate", ""),
        ("findings.description", "大坝背水坡出现渗水点"), ("findings.location", "背水坡"), ("findings.isMajor", ""), ("findings.dueDate", ""),
        ("summary", "检查了大坝、溢洪道和放水设施，发现两处问题。"),
    ]

    /// The same check as the API's JSON.
    static func json(_ form: [(String, String)], id: String? = nil) throws -> String {
        var body: [String: Any] = [:]
        var answers: [[String: Any]] = []
        var findings: [[String: Any]] = []
        var answer: [String: Any] = [:]
        var finding: [String: Any] = [:]
        for (k, v) in form {
            if k.hasPrefix("answers.") {
                let f = String(k.dropFirst("answers.".count))
                if f == "code", !answer.isEmpty { answers.append(answer); answer = [:] }
                if !v.isEmpty { answer[f] = v }
            } else if k.hasPrefix("findings.") {
                let f = String(k.dropFirst("findings.".count))
                if f == "description", !finding.isEmpty { findings.append(finding); finding = [:] }
                if !v.isEmpty { finding[f] = f == "isMajor" ? (v == "true") : v as Any }
            } else {
                body[k] = v
            }
        }
        if !answer.isEmpty { answers.append(answer) }
        if !finding.isEmpty { findings.append(finding) }
        body["answers"] = answers
        body["findings"] = findings
        if let id { body["id"] = id }
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    @Test("refusals alike; a resend stores one check; the township follows the site's hazards; nobody else's lists count them")
    func faces() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let session = try #require(try await client.browserLogin("staff").1)
            let site = try await client.send(.post, "/api/v1/sites", token: staff, json: try SiteFacesTests.body(SiteFacesTests.base))
            let siteID = try #require(AnlanWebTests.json(site.1)["id"] as? String)
            // The bureau's own 汛前检查 list, marked for sites by its sector.
            let list = try await client.send(
                .put, "/api/v1/checklists/flood-reservoir", token: staff,
                json: #"""
                    {"name":"水库（山塘）汛前检查表","sectors":["防汛"],"items":[
                     {"code":"R1","text":"溢洪道是否畅通、无阻水障碍","basis":"本局汛前检查要点第一项","isMajor":false},
                     {"code":"R2","text":"大坝有无裂缝、渗漏、塌陷","basis":"本局汛前检查要点第二项","isMajor":false}]}
                    """#)
            #expect(list.0 == .ok || list.0 == .created, "\(list.1)")
            let chooser = try await client.get("/sites/\(siteID)/checks/new?checklistKey=flood-reservoir", cookie: session).1
            #expect(chooser.contains("data-testid=\"site-check-items\"") && chooser.contains("溢洪道是否畅通"))
            #expect(!(try await client.get("/inspections/new", cookie: session).1.contains("水库（山塘）汛前检查表")))

            for change in [
                [("kind", "lake")], [("inspectors", "")], [("summary", "短")], [("checkedOn", "2026-12-30")],
            ] {
                let form = changed(Self.form, change)
                let page = try await postForm(
                    client, session: session, csrfFrom: "/sites/\(siteID)/checks/new", to: "/sites/\(siteID)/checks", form: form)
                let api = try await client.send(.post, "/api/v1/sites/\(siteID)/checks", token: staff, json: try Self.json(form))
                expectSame(page, api, "\(change)")
            }
            let unknownItem = Self.form.map { $0 == ("answers.code", "R2") ? ("answers.code", "R9") : $0 }
            let page = try await postForm(
                client, session: session, csrfFrom: "/sites/\(siteID)/checks/new", to: "/sites/\(siteID)/checks", form: unknownItem)
            let api = try await client.send(.post, "/api/v1/sites/\(siteID)/checks", token: staff, json: try Self.json(unknownItem))
            expectSame(page, api, "unknown item")
            #expect(AnlanWebTests.json(api.1)["code"] as? String == "site_check.answer_unknown")
            #expect(AnlanWebTests.json(try await client.get("/api/v1/sites/\(siteID)/checks", token: staff).1)["total"] as? Int == 0)

            // Recorded from a phone that resends: one check, two hazards (the failed item ordered on the spot).
            let id = UUID().uuidString.lowercased()
            let first = try await client.send(.post, "/api/v1/sites/\(siteID)/checks", token: staff, json: try Self.json(Self.form, id: id))
            #expect(first.0 == .created, "\(first.1)")
            let again = try await client.send(.post, "/api/v1/sites/\(siteID)/checks", token: staff, json: try Self.json(Self.form, id: id))
            #expect(again.0 == .ok && AnlanWebTests.json(again.1)["replayed"] as? Bool == true)
            let hazards = AnlanWebTests.json(first.1)["hazards"] as? [[String: Any]] ?? []
            #expect(hazards.map { $0["status"] as? String } == ["found", "ordered"])
            #expect(
                hazards.allSatisfy { $0["siteId"] as? String == siteID && $0["enterpriseId"] == nil && $0["sector"] as? String == "防汛" })
            #expect(AnlanWebTests.json(try await client.get("/api/v1/sites/\(siteID)/checks", token: staff).1)["total"] as? Int == 1)
            let onSite = AnlanWebTests.json(try await client.get("/api/v1/hazards?siteId=\(siteID)&open=true", token: staff).1)
            #expect(onSite["total"] as? Int == 2)
            let enterprisesOnly = AnlanWebTests.json(try await client.get("/api/v1/hazards?onSites=false&open=true", token: staff).1)
            let all = AnlanWebTests.json(try await client.get("/api/v1/hazards?open=true", token: staff).1)
            #expect((all["total"] as? Int ?? 0) - (enterprisesOnly["total"] as? Int ?? 0) == 2)

            // The township keeps the site: it orders the found hazard and re-checks it; an inspector may not.
            let found = try #require(hazards.first { $0["status"] as? String == "found" }?["id"] as? String)
            let inspector = try await client.token("inspector")
            let refused = try await client.send(
                .post, "/api/v1/hazards/\(found)/events", token: inspector, json: #"{"event":"order","dueDate":"2026-12-01"}"#)
            #expect(refused.0 == .forbidden)
            let township = try await client.token("township")
            let ordered = try await client.send(
                .post, "/api/v1/hazards/\(found)/events", token: township, json: #"{"event":"order","dueDate":"2026-12-01"}"#)
            #expect(ordered.0 == .ok && AnlanWebTests.json(ordered.1)["status"] as? String == "ordered", "\(ordered.1)")
            let rechecked = try await client.send(
                .post, "/api/v1/hazards/\(found)/events", token: township,
                json: #"{"event":"reinspect","passed":true,"note":"现场复核：渗水点已封堵，观测无渗水","reason":"巡查责任人口头报告已处理，现场复核"}"#)
            #expect(rechecked.0 == .ok && AnlanWebTests.json(rechecked.1)["status"] as? String == "closed", "\(rechecked.0) \(rechecked.1)")
            // The enterprise's officer sees none of it.
            let officer = try await client.token("enterprise")
            #expect(try await client.get("/api/v1/hazards/\(found)", token: officer).0 == .notFound)

            // The site page: its check and its open hazards, each count equal to the list it links to.
            let shown = try await client.get("/sites/\(siteID)", cookie: session).1
            #expect(shown.contains("共 1 次") && shown.contains("data-testid=\"site-open-hazards\">1 项</a>"))
            let checkID = try #require(AnlanWebTests.json(first.1)["id"] as? String)
            let detail = try await client.get("/site-checks/\(checkID)", cookie: session).1
            #expect(detail.contains("data-testid=\"site-check-hazard-count\">2 项") && detail.contains("溢洪道堆放杂物"))
            let ledger = try await client.get("/hazards?siteId=\(siteID)", cookie: session).1
            #expect(ledger.contains("href=\"/sites/\(siteID)\""))
        }
    }
}
