import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AnlanWeb

/// A case's steps through both faces: the page's forms and `POST /api/v1/cases/{id}/steps` are one operation, refuse
/// alike, and the page offers only the steps the procedure allows now.
@Suite("Case steps: page and API")
struct CaseFacesTests {
    @Test("out of order answers 409 with the same code and message on both faces; the page offers only allowed steps")
    func faces() async throws {
        try await withApp(enterprises: 600) { fixtures, _, client in
            let inspector = try await fixtures.caller("inspector")
            let target = try #require(try await fixtures.caller("enterprise").enterpriseID)
            let d = fixtures.store.documents
            let c = try await d.openCase(
                enterpriseID: target, inspectionID: nil, title: "未设置警示标志案", violation: "未设置有限空间警示标志。", by: inspector)
            let token = try await client.token("inspector")
            let session = try #require(try await client.browserLogin("inspector").1)
            let path = "/cases/\(c.id.key)"

            // A proposal before any investigation.
            let proposal: [(String, String)] = [
                ("step", "proposal"), ("fine", "20000"), ("provisions", "《中华人民共和国安全生产法》第三十五条"),
                ("penaltyBasis", "《中华人民共和国安全生产法》第九十九条"), ("text", "建议罚款"),
            ]
            let page = try await postForm(client, session: session, csrfFrom: path, to: path + "/steps", form: proposal)
            let api = try await client.send(
                .post, "/api/v1\(path)/steps", token: token,
                json:
                    #"{"step":"proposal","fineFen":2000000,"provisions":"《中华人民共和国安全生产法》第三十五条","penaltyBasis":"《中华人民共和国安全生产法》第九十九条","text":"建议罚款"}"#
            )
            expectSame(page, api, "proposal before investigation")
            #expect(json(api.1)["code"] as? String == "case.investigation_required")

            let before = try await client.get(path, cookie: session).1
            #expect(before.contains("data-testid=\"step-investigation\"") && !before.contains("data-testid=\"step-decision\""))
            // The investigation form offers the county's certified officers, the one recording ticked.
            #expect(
                before.contains("name=\"officers\" value=\"inspector\" checked")
                    && before.contains("name=\"officers\" value=\"inspector2\">"))
            // One officer alone is refused alike on both faces.
            let alone = try await postForm(
                client, session: session, csrfFrom: path, to: path + "/steps",
                form: [
                    ("step", "investigation"), ("method", "inquiry"), ("person", "赵六"), ("place", "询问室"), ("text", "问：是否设置警示标志？答：没有。"),
                    ("officers", "inspector"),
                ])
            let aloneAPI = try await client.send(
                .post, "/api/v1\(path)/steps", token: token,
                json:
                    #"{"step":"investigation","method":"inquiry","person":"赵六","place":"询问室","text":"问：是否设置警示标志？答：没有。","officers":["inspector"]}"#
            )
            expectSame(alone, aloneAPI, "one officer")
            #expect(alone.1 == "case.officers_invalid")
            #expect(before.contains("2027-02-16"), "the 90-day limit shows")

            // The API takes the investigation; the page then the proposal (in 元) and the notice.
            let investigation = try await client.send(
                .post, "/api/v1\(path)/steps", token: token,
                json:
                    #"{"step":"investigation","method":"inquiry","person":"赵六","place":"询问室","text":"问：是否设置警示标志？答：没有。","officers":["inspector","inspector2"]}"#
            )
            #expect(
                investigation.0 == .created && (json(investigation.1)["document"] as? [String: Any])?["kind"] as? String == "inquiryRecord")
            let proposed = try await postForm(client, session: session, csrfFrom: path, to: path + "/steps", form: proposal)
            #expect(proposed.0 == .found)
            #expect(
                try await postForm(client, session: session, csrfFrom: path, to: path + "/steps", form: [("step", "notice")]).0 == .found)

            // A decision inside the period: refused alike; no decision document exists.
            let early = try await postForm(client, session: session, csrfFrom: path, to: path + "/steps", form: [("step", "decision")])
            let earlyAPI = try await client.send(.post, "/api/v1\(path)/steps", token: token, json: #"{"step":"decision"}"#)
            expectSame(early, earlyAPI, "decision in the statement period")
            #expect(early.1 == "case.notice_period_open")
            let during = try await client.get(path, cookie: session).1
            #expect(during.contains("陈述申辩期内") && !during.contains("data-testid=\"step-decision\""))
            #expect(during.contains("data-testid=\"step-statement\"") && during.contains("data-testid=\"step-waiver\""))

            let procedure = try await client.get("/api/v1\(path)/steps", token: token)
            let body = json(procedure.1)
            #expect(body["stage"] as? String == "陈述申辩期内" && body["noticePeriodEnds"] as? String == "2026-11-25")
            #expect((body["allowedSteps"] as? [String])?.contains("decision") == false)
            #expect((body["steps"] as? [[String: Any]])?.map { $0["step"] as? String } == ["investigation", "proposal", "notice"])

            // The whole case file, printable: cover, contents in the order taken, every document, the note sheet.
            let file = try await client.get(path + "/file", cookie: session)
            #expect(file.0 == .ok)
            let caseDocuments = json(try await client.get("/api/v1/documents?caseId=\(c.id.key)&pageSize=100", token: token).1)
            let numbers = (caseDocuments["items"] as? [[String: Any]])?.compactMap { $0["number"] as? String } ?? []
            #expect(numbers.count == 4 && file.1.components(separatedBy: "data-testid=\"document\"").count - 1 == numbers.count)
            let contents = try #require(
                file.1.components(separatedBy: "data-testid=\"case-file-contents\"").last?
                    .components(separatedBy: "</article>").first)
            let order = ["立案审批表", "询问笔录", "案件处理呈批表", "行政处罚告知书"].map { contents.range(of: $0)?.lowerBound }
            #expect(order.allSatisfy { $0 != nil } && order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "\(contents)")
            #expect(numbers.allSatisfy { contents.contains($0) } && file.1.contains("本卷共有文件材料 4 件"))
            #expect(before.contains("href=\"\(path)/file\""))
            #expect(try await client.get(path + "/file", cookie: try #require(try await client.browserLogin("enterprise").1)).0 == .ok)

            // Unknown step and bad money: 422 with stable codes.
            let unknown = try await client.send(.post, "/api/v1\(path)/steps", token: token, json: #"{"step":"verdict"}"#)
            #expect(unknown.0 == .unprocessableContent && json(unknown.1)["code"] as? String == "case.step_invalid")
            let money = try await postForm(
                client, session: session, csrfFrom: path, to: path + "/steps", form: [("step", "payment"), ("principal", "12.345")])
            #expect(money.0 == .unprocessableContent && money.1 == "case.principal_invalid")
            // An enterprise officer reads the case but takes no step.
            let officer = try await client.token("enterprise")
            #expect(try await client.send(.post, "/api/v1\(path)/steps", token: officer, json: #"{"step":"waiver"}"#).0 == .forbidden)
            #expect(try await client.get("/api/v1\(path)/steps", token: officer).0 == .ok)
        }
    }

    @Test("分期缴纳 from the page's rows and from the API's list: the same refusal, then the plan on the case and its letter")
    func instalments() async throws {
        try await withApp(enterprises: 600) { fixtures, _, client in
            let inspector = try await fixtures.caller("inspector")
            let target = try #require(try await fixtures.caller("enterprise").enterpriseID)
            let d = fixtures.store.documents
            let c = try await d.openCase(enterpriseID: target, inspectionID: nil, title: "未消除隐患案", violation: "未按期消除事故隐患。", by: inspector)
            for (step, input) in [
                (
                    CaseStep.investigation,
                    CaseStepInput(
                        text: "问：是否整改？答：没有。", person: "赵六", method: "inquiry", place: "询问室", officers: ["inspector", "inspector2"])
                ),
                (
                    .proposal,
                    CaseStepInput(
                        text: "建议罚款", fineFen: 900_000, provisions: "《中华人民共和国安全生产法》第四十一条第二款",
                        penaltyBasis: "《中华人民共和国安全生产法》第一百零二条")
                ),
                (.notice, CaseStepInput()), (.waiver, CaseStepInput()), (.decision, CaseStepInput()),
                (.service, CaseStepInput(person: "赵六")),
            ] {
                _ = try await d.record(step, input, case: c.id, by: inspector)
            }
            let token = try await client.token("inspector")
            let session = try #require(try await client.browserLogin("inspector").1)
            let path = "/cases/\(c.id.key)"
            // Two instalments that do not add up to the fine: refused alike.
            let page = try await postForm(
                client, session: session, csrfFrom: path, to: path + "/steps",
                form: [
                    ("step", "deferral"), ("person", "李明"), ("text", "经营困难"), ("instalments.dueOn", "2026-12-20"),
                    ("instalments.amount", "4000"),
                    ("instalments.dueOn", "2027-01-20"), ("instalments.amount", "4000"), ("instalments.dueOn", ""),
                    ("instalments.amount", ""),
                ])
            let api = try await client.send(
                .post, "/api/v1\(path)/steps", token: token,
                json:
                    #"{"step":"deferral","person":"李明","text":"经营困难","instalments":[{"dueOn":"2026-12-20","amountFen":400000},{"dueOn":"2027-01-20","amountFen":400000}]}"#
            )
            expectSame(page, api, "instalments short of the fine")
            #expect(page.1 == "case.instalments_invalid")
            let good = try await postForm(
                client, session: session, csrfFrom: path, to: path + "/steps",
                form: [
                    ("step", "deferral"), ("person", "李明"), ("text", "经营困难"), ("instalments.dueOn", "2026-12-20"),
                    ("instalments.amount", "4500"),
                    ("instalments.dueOn", "2027-01-20"), ("instalments.amount", "4500.00"),
                ])
            #expect(good.0 == .found)
            let shown = try await client.get(path, cookie: session).1
            #expect(shown.contains("第 1 期 2026-12-20 前 4500.00 元（下一期）；第 2 期 2027-01-20 前 4500.00 元"))
            let letter = try #require(
                try await d.documents(.init(caseID: c.id, kind: .paymentDeferral), page: .init(), by: inspector).items.first)
            #expect(
                letter.fields.contains { $0.value.contains("第一期：2026年12月20日前缴纳4500.00元") && $0.value.contains("第二期：2027年1月20日前缴纳4500.00元") }
            )
        }
    }
}
