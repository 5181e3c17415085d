import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Emergency plans through both faces: the review clock, versions and documents, levels, evaluation, and an enterprise's
/// filing answered on the work calendar.
@Suite("Emergency plans")
struct PlanFacesTests {
    static let countyPlan = #"{"title":"示例县防汛抗旱应急预案","scope":"special","topic":"flood","divisionCode":"330529000000"}"#

    @Test("each refusal has the same status, code and message on the page as on the API")
    func sameRefusals() async throws {
        try await withApp(enterprises: 40) { _, _, client in
            let token = try await client.token("staff")
            let session = try #require(try await client.browserLogin("staff").1)
            let base = [("title", "测试预案"), ("scope", "special"), ("topic", "flood"), ("divisionCode", "330529000000")]
            let cases: [[(String, String)]] = [
                changed(base, [("title", "")]), changed(base, [("scope", "national")]), changed(base, [("topic", "tsunami")]),
                changed(base, [("scope", "department")]),
                changed(base, [("scope", "enterprise")]), changed(base, [("evaluationYears", "9")]),
                changed(base, [("divisionCode", "110101000000")]),
                changed(base, [("title", String(repeating: "预", count: 101))]), changed(base, [("divisionCode", "330529101000")]),
                changed(base, [("scope", "township")]),
            ]
            for form in cases {
                let page = try await postForm(client, session: session, csrfFrom: "/plans/new", to: "/plans", form: form)
                let body = try JSONSerialization.data(withJSONObject: Dictionary(form, uniquingKeysWith: { _, b in b }))
                let api = try await client.send(.post, "/api/v1/plans", token: token, json: String(decoding: body, as: UTF8.self))
                expectSame(page, api, "\(form)")
            }
            #expect(json(try await client.get("/api/v1/plans", token: token).1)["total"] as? Int == 0)
            // Reading is not keeping: an inspector gets no registration form, a duty officer cannot evaluate.
            let inspector = try #require(try await client.browserLogin("inspector").1)
            #expect(try await client.get("/plans/new", cookie: inspector).0 == .forbidden)
        }
    }

    @Test("a plan's review clock runs from its latest version or evaluation; overdue plans are listed; levels and a document are kept")
    func reviewClock() async throws {
        try await withApp { fixtures, _, client in
            let token = try await client.token("staff")
            let plan = json(try await client.send(.post, "/api/v1/plans", token: token, json: Self.countyPlan).1)
            let id = try #require(plan["id"] as? String)
            #expect(plan["reviewState"] as? String == "unpublished")
            // Published three years and a month before the fixed clock's day (2026-11-18): overdue for evaluation.
            let version = try await client.send(
                .post, "/api/v1/plans/\(id)/versions", token: token,
                json: #"{"publishedOn":"2023-10-10","approvedBy":"县人民政府","changes":"首次发布"}"#)
            #expect(version.0 == .created && json(version.1)["nextEvaluationDue"] as? String == "2026-10-10")
            #expect(json(version.1)["reviewState"] as? String == "overdue")
            let backdated = try await client.send(
                .post, "/api/v1/plans/\(id)/versions", token: token, json: #"{"publishedOn":"2023-01-01","approvedBy":"县人民政府"}"#)
            #expect(backdated.0 == .unprocessableContent)
            #expect(json(backdated.1)["code"] as? String == "emergency_plan.published_on_before_current")
            let overdue = json(try await client.get("/api/v1/plans?review=overdue", token: token).1)
            #expect((overdue["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            // The keepers are reminded on their home page, the count equal to the list it links to.
            let staffSession = try #require(try await client.browserLogin("staff").1)
            let home = try await client.get("/home", cookie: staffSession).1
            #expect(home.contains("data-testid=\"plan-reviews\"") && home.contains("/plans/\(id)\""))
            #expect(home.contains("href=\"/plans?review=overdue\" data-testid=\"review-overdue\">\(overdue["total"] as? Int ?? -1) 份</a>"))
            #expect(!home.contains("review-dueSoon"))
            let level = try await client.send(
                .post, "/api/v1/plans/\(id)/levels", token: token,
                json: #"{"level":4,"trigger":"主要河道超警戒水位","actions":"启动四级响应\n防汛抢险队伍待命","lead":"县防指副指挥长","needs":"救生衣|500\n编织袋|20000"}"#)
            #expect(level.0 == .ok)
            let badNeeds = try await client.send(
                .post, "/api/v1/plans/\(id)/levels", token: token,
                json: #"{"level":3,"trigger":"x","actions":"y","lead":"z","needs":"救生衣|很多"}"#)
            #expect(json(badNeeds.1)["code"] as? String == "emergency_plan.needs_invalid")
            let evaluated = try await client.send(
                .post, "/api/v1/plans/\(id)/evaluations", token: token,
                json: #"{"on":"2026-11-01","conclusion":"keep","note":"机构职责未变，继续有效"}"#)
            #expect(
                json(evaluated.1)["nextEvaluationDue"] as? String == "2029-11-01"
                    && json(evaluated.1)["reviewState"] as? String == "current")
            let pdf = Data("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
            let upload = try await client.execute(
                uri: "/api/v1/plans/\(id)/versions/1/document?fileName=%E9%A2%84%E6%A1%88.pdf", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"], body: ByteBuffer(bytes: pdf)
            ) { $0.status }
            #expect(upload == .ok)
            let full = json(try await client.get("/api/v1/plans/\(id)", token: token).1)
            #expect((full["versions"] as? [[String: Any]])?.first?["fileName"] as? String == "预案.pdf")
            #expect((full["levels"] as? [[String: Any]])?.first?["actions"] as? [String] == ["启动四级响应", "防汛抢险队伍待命"])
            let session = try #require(try await client.browserLogin("staff").1)
            let document = try await client.get("/plans/\(id)/versions/1/document", cookie: session)
            #expect(document.0 == .ok && document.1.hasPrefix("%PDF"))
            _ = fixtures
        }
    }

    @Test("an enterprise files its own plan; the bureau records it with a number within 20 working days or returns it with a reason")
    func filing() async throws {
        try await withApp(enterprises: 40) { fixtures, _, client in
            let officer = try await client.token("enterprise")
            let enterpriseID = try #require(try await fixtures.caller("enterprise").enterpriseID).key
            let created = try await client.send(
                .post, "/api/v1/plans", token: officer,
                json:
                    #"{"title":"本企业生产安全事故综合应急预案","scope":"enterprise","topic":"productionSafety","divisionCode":"330529000000","enterpriseId":"\#(enterpriseID)"}"#
            )
            #expect(created.0 == .created, "\(created.1)")
            let id = try #require(json(created.1)["id"] as? String)
            let early = try await client.send(.post, "/api/v1/plans/\(id)/filings", token: officer, json: "{}")
            #expect(json(early.1)["code"] as? String == "emergency_plan.no_version")
            _ = try await client.send(
                .post, "/api/v1/plans/\(id)/versions", token: officer,
                json: #"{"publishedOn":"2026-11-10","approvedBy":"总经理","changes":"首次发布"}"#)
            let filed = json(try await client.send(.post, "/api/v1/plans/\(id)/filings", token: officer, json: "{}").1)
            // 2026-11-18 (Wednesday) + 20 working days, no holidays between: 2026-12-16.
            #expect(filed["state"] as? String == "submitted" && filed["dueOn"] as? String == "2026-12-16")
            let again = try await client.send(.post, "/api/v1/plans/\(id)/filings", token: officer, json: "{}")
            #expect(json(again.1)["code"] as? String == "emergency_plan.filing_open")
            let filingID = try #require(filed["id"] as? String)
            let staff = try await client.token("staff")
            let noReason = try await client.send(
                .post, "/api/v1/plan-filings/\(filingID)/decision", token: staff, json: #"{"record":false}"#)
            #expect(json(noReason.1)["code"] as? String == "emergency_plan.reason_required")
            let officerDecides = try await client.send(
                .post, "/api/v1/plan-filings/\(filingID)/decision", token: officer, json: #"{"record":true}"#)
            #expect(officerDecides.0 == .forbidden)
            func notFiledIDs() async throws -> (total: Int, ids: [String]) {
                let page = json(try await client.get("/api/v1/plan-filings/not-filed?pageSize=200", token: staff).1)
                return (
                    page["total"] as? Int ?? -1, (page["items"] as? [[String: Any]])?.compactMap { $0["enterpriseId"] as? String } ?? []
                )
            }
            let before = try await notFiledIDs()
            #expect(before.ids.contains(enterpriseID) && before.total == before.ids.count)
            #expect(try await client.get("/api/v1/plan-filings/not-filed", token: officer).0 == .forbidden)
            let recorded = json(
                try await client.send(.post, "/api/v1/plan-filings/\(filingID)/decision", token: staff, json: #"{"record":true}"#).1)
            #expect(recorded["state"] as? String == "recorded" && recorded["number"] as? String == "应急预案备案〔2026〕001号")
            #expect(recorded["late"] as? Bool == false)
            // Another enterprise officer's view holds none of it; the bureau's list of enterprises not filed no longer names it.
            let notFiled = try await client.get("/plans/not-filed", cookie: try #require(try await client.browserLogin("staff").1)).1
            #expect(!notFiled.contains(enterpriseID))
            let after = try await notFiledIDs()
            #expect(!after.ids.contains(enterpriseID) && after.total == before.total - 1)
            #expect(notFiled.contains("共 \(after.total) 家"))
            #expect(json(try await client.get("/api/v1/plans", token: officer).1)["total"] as? Int == 1)
        }
    }
}
