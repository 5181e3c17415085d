import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Supervision through the API and pages")
struct SupervisionWebTests {
    @Test(
        "an inspector submits on the API twice (one inspection), issues numbered documents, prints and downloads Word; the enterprise uploads its fix; statistics count it"
    )
    func chain() async throws {
        try await withApp(enterprises: 600) { fixtures, _, client in
            let inspector = try await client.token("inspector")
            let officerCaller = try await fixtures.caller("enterprise")
            let target = try #require(officerCaller.enterpriseID).uuidString.lowercased()
            let id = UUID().uuidString.lowercased()
            let body = """
                {"id":"\(id)","enterpriseId":"\(target)","source":"adHoc","inspectedOn":"2026-11-16","inspectors":["inspector","inspector2"],
                 "checklistKey":"gm-confined","answers":[{"code":"S1","result":"fail","dueDate":"2026-12-10"},{"code":"S2","result":"pass"}],
                 "findings":[{"description":"消防通道堵塞","isMajor":false,"dueDate":"2026-12-10"}],"summary":"有限空间专项检查"}
                """
            let one = try await client.send(.post, "/api/v1/inspections", token: inspector, json: body)
            #expect(one.0 == .created)
            let two = try await client.send(.post, "/api/v1/inspections", token: inspector, json: body)
            #expect(two.0 == .ok && json(two.1)["replayed"] as? Bool == true)
            let tooFew = try await client.send(
                .post, "/api/v1/inspections", token: inspector,
                json: body.replacingOccurrences(of: id, with: UUID().uuidString).replacingOccurrences(of: #","inspector2""#, with: ""))
            #expect(tooFew.0 == .unprocessableContent && json(tooFew.1)["code"] as? String == "inspection.too_few_inspectors")
            let hazards = json(one.1)["hazards"] as? [[String: Any]] ?? []
            #expect(hazards.count == 2)

            // "My work" lists the documents this inspection still lacks: its on-site record and, hazards being ordered, the order.
            let mySession = try #require(try await client.browserLogin("inspector").1)
            let before = try await client.get("/my-work", cookie: mySession).1
            let lacking = try #require(before.firstMatch(of: /data-testid="my-documents">(.*?)<\/div><\/div>/)?.1)
            #expect(lacking.contains("现场检查记录") && lacking.contains("责令限期整改指令书"))
            // The API lists the same work from the same model.
            func missing() async throws -> [String] {
                let work = json(try await client.get("/api/v1/my-work", token: inspector).1)
                return (work["toIssue"] as? [[String: Any]] ?? []).filter { $0["inspectionId"] as? String == id.lowercased() }
                    .compactMap { $0["kind"] as? String }
            }
            #expect(try await missing() == ["inspectionRecord", "rectificationOrder"])
            let issued = try await client.send(
                .post, "/api/v1/documents", token: inspector, json: #"{"kind":"rectificationOrder","inspectionId":"\#(id)"}"#)
            #expect(issued.0 == .created)
            let document = json(issued.1)
            #expect(document["number"] as? String == "（示）应急责改〔2026〕1号")
            let documentID = try #require(document["id"] as? String)
            let session = try #require(try await client.browserLogin("inspector").1)
            let print = try await client.get("/documents/\(documentID)", cookie: session)
            #expect(print.0 == .ok && print.1.contains("责令限期整改指令书") && print.1.contains("（示）应急责改〔2026〕1号"))
            // The letter's fixed layout: addressed to the enterprise, the remedies naming the county's bodies, sealed.
            let enterpriseName = try await fixtures.store.enterprises.get(
                try #require(officerCaller.enterpriseID), by: try await fixtures.caller("leader")
            ).profile.name
            #expect(print.1.contains("<p class=\"doc-addressee\">\(enterpriseName)：</p>"))
            #expect(print.1.contains("可以依法在六十日内向示例县人民政府申请行政复议，或者在六个月内依法向示例县人民法院提起行政诉讼"))
            #expect(print.1.contains("<div class=\"doc-seal\"><p>示例县应急管理局（印章）</p>"))
            let after = try #require(
                try await client.get("/my-work", cookie: mySession).1.firstMatch(of: /data-testid="my-documents">(.*?)<\/div><\/div>/)?.1)
            #expect(after.contains("现场检查记录") && !after.contains("责令限期整改指令书"))
            #expect(try await missing() == ["inspectionRecord"])
            let word = try await client.get("/documents/\(documentID)/docx", cookie: session)
            #expect(word.0 == .ok && word.1.hasPrefix("PK"))
            #expect(word.2[.contentType] == FileType.docx.contentType)

            // The enterprise officer sees the order on their home page, uploads evidence and submits the rectification.
            let officerSession = try #require(try await client.browserLogin("enterprise").1)
            #expect(try await client.get("/home", cookie: officerSession).1.contains("own-hazards"))
            let officer = try await client.token("enterprise")
            let ownWork = json(try await client.get("/api/v1/my-work", token: officer).1)
            let ownOpen = json(try await client.get("/api/v1/hazards?open=true", token: officer).1)["total"] as? Int
            #expect((ownWork["ownHazards"] as? [String: Any])?["total"] as? Int == ownOpen && ownWork["openCases"] == nil)
            let ordered = try #require(hazards.first { $0["status"] as? String == "ordered" }?["id"] as? String)
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
            let evidence = try await client.execute(
                uri: "/api/v1/hazards/\(ordered)/evidence?fileName=fix.png", method: .post,
                headers: [.authorization: "Bearer \(officer)", .contentType: "application/octet-stream"], body: ByteBuffer(bytes: png)
            ) { $0.status }
            #expect(evidence == .created)
            // Staff read the hazard but may not add evidence to it (an inspector or the enterprise's officer does).
            let staffUpload = try await client.execute(
                uri: "/api/v1/hazards/\(ordered)/evidence?fileName=fix.png", method: .post,
                headers: [.authorization: "Bearer \(try await client.token("staff"))", .contentType: "application/octet-stream"],
                body: ByteBuffer(bytes: png)
            ) { $0.status }
            #expect(staffUpload == .forbidden)
            #expect(
                try await client.send(
                    .post, "/api/v1/hazards/\(ordered)/events", token: officer, json: #"{"event":"reinspect","passed":true,"note":"复查合格"}"#
                ).0 == .forbidden)
            #expect(
                try await client.send(.post, "/api/v1/hazards/\(ordered)/events", token: officer, json: #"{"event":"submit","note":"已清理"}"#)
                    .0 == .ok)
            let closed = try await client.send(
                .post, "/api/v1/hazards/\(ordered)/events", token: inspector, json: #"{"event":"reinspect","passed":true,"note":"复查合格"}"#)
            #expect(json(closed.1)["status"] as? String == "closed")
            let illegal = try await client.send(
                .post, "/api/v1/hazards/\(ordered)/events", token: inspector, json: #"{"event":"submit","onBehalf":true,"note":"已清理"}"#)
            #expect(illegal.0 == .conflict && json(illegal.1)["code"] as? String == "hazard.transition_invalid")
            let opinion = try await client.send(
                .post, "/api/v1/documents", token: inspector, json: #"{"kind":"reinspectionOpinion","inspectionId":"\#(id)"}"#)
            #expect(opinion.0 == .created)

            let stats = json(try await client.get("/api/v1/statistics/enforcement?from=2026-11-01&to=2026-11-30", token: inspector).1)
            let total = stats["total"] as? [String: Any] ?? [:]
            #expect(total["inspections"] as? Int == 1 && total["hazardsFound"] as? Int == 2 && total["majorHazardsFound"] as? Int == 1)
            #expect(total["hazardsRectified"] as? Int == 1 && total["rectificationRate"] as? Double == 50)
            #expect((total["documents"] as? [String: Int])?["rectificationOrder"] == 1)
            // The sector rows' document counts are what the documents list gives for that sector.
            let sectorRows = stats["bySector"] as? [[String: Any]] ?? []
            #expect(sectorRows.count == ReportSector.rows.count)
            for row in sectorRows {
                let sector = try #require(row["sector"] as? String)
                let figures = row["figures"] as? [String: Any] ?? [:]
                let listed = json(
                    try await client.get(
                        "/api/v1/documents?from=2026-11-01&to=2026-11-30&sector=\(sector.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                        token: inspector
                    ).1)
                #expect(listed["total"] as? Int == (figures["documents"] as? [String: Int] ?? [:]).values.reduce(0, +), "\(sector)")
            }
            let badSector = try await client.get("/api/v1/cases?sector=%E5%9D%8F", token: inspector)
            #expect(badSector.0 == .unprocessableContent && json(badSector.1)["code"] as? String == "query.sector_invalid")

            #expect(try await client.get("/supervision", cookie: session).1.contains("data-testid=\"late-reinspections\""))
            for page in [
                "/supervision", "/my-work", "/inspections", "/inspections/\(id)", "/hazards", "/hazards/\(ordered)", "/documents",
                "/statistics", "/checklists", "/draws", "/campaigns", "/inspections/new", "/inspection-plans",
            ] {
                let (status, html, _) = try await client.get(page, cookie: session)
                #expect(status == .ok, "\(page)")
                #expect(!html.contains("internal.error"), "\(page)")
            }
            let staff = try await client.token("staff")
            #expect(
                try await client.send(.put, "/api/v1/inspection-plans/2026", token: inspector, json: #"{"inspectors":4}"#).0 == .forbidden)
            let plan = try await client.send(
                .put, "/api/v1/inspection-plans/2026", token: staff, json: #"{"inspectors":4,"otherEnforcementDays":100}"#)
            #expect(plan.0 == .ok && (json(plan.1)["keyEnterprises"] as? Int ?? 0) > 0)
            let progress = json(try await client.get("/api/v1/inspection-plans/2026", token: inspector).1)
            #expect((progress["months"] as? [[String: Any]])?[10]["done"] as? Int == 1)
            let planWord = try await client.get("/inspection-plans/2026/export.docx", cookie: session)
            #expect(planWord.0 == .ok && planWord.1.hasPrefix("PK"))
            let ledger = try await client.get("/hazards/export.xlsx?overdue=false", cookie: session)
            #expect(ledger.0 == .ok && ledger.1.hasPrefix("PK"))
            let township = try #require(try await client.browserLogin("township").1)
            #expect(try await client.get("/inspections/\(id)", cookie: township).0 == .notFound)
        }
    }

    @Test("a draw verifies through the API; its public page needs no login once published")
    func draws() async throws {
        try await withApp(enterprises: 600) { _, _, client in
            let inspector = try await client.token("inspector")
            let created = try await client.send(
                .post, "/api/v1/random-draws", token: inspector,
                json: #"{"title":"12月抽查","sector":"机械","count":5,"weighted":true,"seed":"123456789"}"#)
            #expect(created.0 == .created)
            let draw = json(created.1)
            let id = try #require(draw["id"] as? String)
            #expect((draw["result"] as? [[String: Any]])?.count == 5)
            let check = json(try await client.get("/api/v1/random-draws/\(id)/verification", token: inspector).1)
            #expect(check["matches"] as? Bool == true && check["seed"] as? String == "123456789")
            #expect(try await client.get("/public/draws/\(id)").0 == .notFound)
            #expect(try await client.send(.post, "/api/v1/random-draws/\(id)/publication", token: inspector, json: "{}").0 == .ok)
            let open = try await client.get("/public/draws/\(id)")
            #expect(open.0 == .ok && open.1.contains("123456789"))
            // The 公示 names inspectors by name and 执法证号, never by login name.
            let table = try #require(open.1.firstMatch(of: /data-testid="public-draw">(.*?)<\/table>/.dotMatchesNewlines())?.1)
            #expect(table.contains("执法证号 330529000") && !table.contains("inspector"))
            // Nothing internal: no form hints, no account names anywhere on the page.
            #expect(open.1.contains("随机种子") && !open.1.contains("可填") && !open.1.contains("inspector"))
        }
    }
}

@Suite("Supervision settings pages")
struct SupervisionSettingsWebTests {
    func post(_ client: some TestClientProtocol, _ uri: String, session: String, _ fields: [(String, String)]) async throws -> (
        HTTPResponse.Status, String, String
    ) {
        let page = try await client.get("/supervision/settings", cookie: session)
        let csrf = try #require(page.1.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
        let body = ([("_csrf", String(csrf))] + fields).map {
            "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        return try await client.execute(
            uri: uri, method: .post, headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body)
        ) {
            ($0.status, String(buffer: $0.body), $0.headers[.location] ?? "")
        }
    }

    @Test("those who may change the settings see forms and each limit's source with its caveat; an inspector reads the values only")
    func readersSeeValuesOnly() async throws {
        try await withApp { _, _, client in
            let staff = try #require(try await client.browserLogin("staff").1)
            let inspector = try #require(try await client.browserLogin("inspector").1)
            let editing = try await client.get("/supervision/settings", cookie: staff).1
            #expect(editing.contains("data-testid=\"enforcement-form\"") && editing.contains("条文尚未核实"))
            let reading = try await client.get("/supervision/settings", cookie: inspector)
            #expect(reading.0 == .ok)
            #expect(!reading.1.contains("enforcement-form") && !reading.1.contains("numbering-form") && !reading.1.contains("尚未核实"))
            let values = try #require(reading.1.firstMatch(of: /data-testid="enforcement-values">(.*?)<\/table>/.dotMatchesNewlines())?.1)
            #expect(values.contains("办案期限") && values.contains("<td>90</td>") && !values.contains("<input"))
            #expect(reading.1.contains("settings-reader-note"))
        }
    }

    @Test(
        "staff change the numbering pattern, save a new checklist version and a calendar year, record a conflict; old inspections keep their checklist"
    )
    func settings() async throws {
        try await withApp(enterprises: 600) { fixtures, _, client in
            let staff = try #require(try await client.browserLogin("staff").1)
            let inspectorSession = try #require(try await client.browserLogin("inspector").1)
            // An inspection on version 1 of the confined-space checklist.
            let officer = try await fixtures.caller("enterprise")
            let target = try #require(officer.enterpriseID)
            let inspection = try await fixtures.store.inspections.submit(
                InspectionDraft(
                    id: UUID(), enterpriseID: target, source: .adHoc, inspectedOn: "2026-11-16", inspectors: ["inspector", "inspector2"],
                    checklistKey: "gm-confined", answers: [.init(code: "S1", result: .pass)], summary: "有限空间作业检查，未发现问题"),
                by: try await fixtures.caller("inspector"))

            let saved = try await post(
                client, "/checklists", session: staff,
                [
                    ("key", "gm-confined"), ("name", "有限空间（本局细化）"), ("sectors", ""), ("items", "S1|未建立有限空间台账|第十三条|重大\nS9|未配备气体检测仪|本局要求|一般"),
                ])
            #expect(saved.0 == .found)
            let lists = try await fixtures.store.catalogs.checklists()
            #expect(lists.first { $0.key == "gm-confined" }?.version == BuiltInChecklists.confinedSpace.version + 1)
            #expect(
                try await fixtures.store.inspections.get(inspection.inspection.id, by: try await fixtures.caller("leader")).checklist?
                    .version == BuiltInChecklists.confinedSpace.version)
            let bad = try await post(client, "/checklists", session: staff, [("key", "x!"), ("name", "坏"), ("items", "only one part")])
            #expect(bad.0 == .unprocessableContent)
            #expect(
                try await post(
                    client, "/checklists", session: inspectorSession, [("key", "abc"), ("name", "检查"), ("items", "A|内容内容|依据依据|一般")]
                ).0 == .forbidden)

            let numbering = try await post(
                client, "/supervision/settings/numbering", session: staff,
                [
                    ("pattern", "{county}应急{code}字〔{year}〕第{n}号"), ("countyShortName", "示"), ("code-inspectionRecord", "现检"),
                ])
            #expect(numbering.0 == .ok && numbering.1.contains("示应急责改字〔2026〕第12号"))
            let document = try await fixtures.store.documents.issue(
                .inspectionRecord, inspection: inspection.inspection.id, by: try await fixtures.caller("inspector"))
            #expect(document.number == "示应急现检字〔2026〕第1号")
            #expect(
                try await post(
                    client, "/supervision/settings/numbering", session: staff, [("pattern", "no sequence"), ("countyShortName", "示")]
                ).0 == .unprocessableContent)

            let conflict = try await post(
                client, "/supervision/settings/conflicts", session: staff,
                [
                    ("username", "inspector"), ("enterpriseId", target.uuidString.lowercased()), ("reason", "配偶在该企业任职"),
                ])
            #expect(conflict.0 == .found)
            #expect(
                try await fixtures.store.catalogs.conflictMap(by: try await fixtures.caller("leader"))[target.uuidString.lowercased()] == [
                    "inspector"
                ])
            let again = try await post(
                client, "/supervision/settings/conflicts", session: staff,
                [
                    ("username", "inspector"), ("enterpriseId", target.uuidString.lowercased()), ("reason", "配偶在该企业任职"),
                ])
            #expect(again.0 == .conflict)

            // Enforcement settings: the page saves them, checks them, and the API reads them.
            let enforcement = try await post(
                client, "/supervision/settings/enforcement", session: staff,
                [
                    ("reviewAuthority", "示例县人民政府"), ("court", "示例县人民法院"), ("paymentAccount", "示例县农商银行 6217 0000 0001"),
                    ("reinspectionDays", "7"), ("extensionEarliestDays", "5"), ("extensionAnswerDays", "3"),
                ])
            #expect(enforcement.0 == .ok && enforcement.1.contains("示例县农商银行 6217 0000 0001"))
            let wrong = try await post(
                client, "/supervision/settings/enforcement", session: staff,
                [
                    ("reviewAuthority", "示例县人民政府"), ("court", "示例县人民法院"), ("paymentAccount", ""), ("reinspectionDays", "ten"),
                    ("extensionEarliestDays", "5"), ("extensionAnswerDays", "3"),
                ])
            #expect(wrong.0 == .unprocessableContent && wrong.1.contains("期限须为整数天"))
            #expect(
                try await post(client, "/supervision/settings/enforcement", session: inspectorSession, [("reviewAuthority", "x")]).0
                    == .forbidden)
            let leaderToken = try await client.token("leader")
            let read = try await client.get("/api/v1/enforcement-settings", token: leaderToken)
            #expect(json(read.1)["reinspectionDays"] as? Int == 7 && json(read.1)["paymentAccount"] as? String == "示例县农商银行 6217 0000 0001")
            let staffToken = try await client.token("staff")
            let put = try await client.send(.put, "/api/v1/enforcement-settings", token: staffToken, json: #"{"extensionEarliestDays":0}"#)
            #expect(put.0 == .ok && json(put.1)["extensionEarliestDays"] as? Int == 0 && json(put.1)["reinspectionDays"] as? Int == 7)
            let badPut = try await client.send(.put, "/api/v1/enforcement-settings", token: staffToken, json: #"{"court":"x"}"#)
            #expect(badPut.0 == .unprocessableContent && json(badPut.1)["code"] as? String == "enforcement.court_invalid")

            // A case page issues an inquiry notice from its own form; the printed notice says when and where.
            let c = try await fixtures.store.documents.openCase(
                enterpriseID: target, inspectionID: nil, title: "未设置警示标志案", violation: "未设置有限空间警示标志。",
                by: try await fixtures.caller("inspector"))
            let casePage = try await client.get("/cases/\(c.id.uuidString.lowercased())", cookie: inspectorSession)
            #expect(casePage.1.contains("name=\"inquiryAt\""))
            let inquiry = try await post(
                client, "/cases/\(c.id.uuidString.lowercased())/documents", session: inspectorSession,
                [
                    ("kind", "inquiryNotice"), ("inquiryAt", "2026-11-25T14:00"), ("inquiryPlace", "县应急管理局三楼询问室"),
                    ("inquiryMaterials", "营业执照副本"),
                ])
            #expect(inquiry.0 == .found)
            let notice = try await client.get(inquiry.2, cookie: inspectorSession)
            #expect(notice.1.contains("于2026年11月25日14时到县应急管理局三楼询问室接受询问调查"))
            let late = try await post(
                client, "/cases/\(c.id.uuidString.lowercased())/documents", session: inspectorSession,
                [
                    ("kind", "inquiryNotice"), ("inquiryAt", "2026-11-01T14:00"), ("inquiryPlace", "询问室"), ("inquiryMaterials", "执照"),
                ])
            #expect(late.0 == .unprocessableContent)

            // The annual plan's form sets the classification table and how the months are weighted.
            var planFields: [(String, String)] = [
                ("year", "2027"), ("inspectors", "8"), ("otherEnforcementDays", "100"), ("nonEnforcementDays", "200"),
                ("inspectorsPerInspection", "2"),
                ("daysPerInspection", "0.5"), ("drawRatioPerQuarter", "0.05"),
                ("classes", "重点（红色）|红|||2|4\n危化未定级||危险化学品|未定级、三级|1|\n标准化一级|黄、蓝||一级|0|1"),
            ]
            planFields += (1...12).map { ("weight-\($0)", $0 == 6 ? "3" : "1") }
            let planned = try await post(client, "/inspection-plans", session: staff, planFields)
            #expect(planned.0 == .found)
            let plan = try #require(try await fixtures.store.plans.plan(year: 2027, by: try await fixtures.caller("leader")))
            #expect(
                plan.parameters.classes == [
                    EnterpriseClass(name: "重点（红色）", riskLevels: [.major], inspectionsPerYear: 2, maxPerYear: 4),
                    EnterpriseClass(name: "危化未定级", sectors: ["危险化学品"], grades: ["none", "level3"], inspectionsPerYear: 1),
                    EnterpriseClass(
                        name: "标准化一级", riskLevels: [.moderate, .low], grades: ["level1"], inspectionsPerYear: 0, maxPerYear: 1),
                ])
            #expect(plan.parameters.monthWeights[5] == 3)
            let planPage = try await client.get("/inspection-plans?year=2027", cookie: staff)
            #expect(planPage.1.contains("重点（红色）|红|||2|4"))  // the table as it was entered
            #expect(planPage.1.contains("data-testid=\"plan-class-counts\""))
            #expect(planPage.1.contains("2027 年的节假日安排尚未录入工作日历"))  // before the 2027 days are entered below
            #expect(planPage.1.contains("name=\"weight-6\" value=\"3.0\""))
            let apiPlan = try await client.get("/api/v1/inspection-plans/2027", token: try await client.token("leader"))
            #expect((json(apiPlan.1)["classes"] as? [[String: Any]])?.count == 3)
            planFields[planFields.count - 1] = ("weight-12", "heavy")
            #expect(try await post(client, "/inspection-plans", session: staff, planFields).0 == .unprocessableContent)
            planFields[planFields.count - 1] = ("weight-12", "1")
            planFields[7] = ("classes", "坏行|紫|||1|")
            let badClass = try await post(client, "/inspection-plans", session: staff, planFields)
            #expect(badClass.0 == .unprocessableContent && badClass.1.contains("分类分级表第 1 行"))

            let calendar = try await client.get("/work-calendar?year=2027", cookie: staff)
            let csrf = try #require(calendar.1.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            let days = "2027-01-01 休 元旦\n2027-02-06 班 春节调休上班"
            let stored = try await client.execute(
                uri: "/work-calendar", method: .post, headers: [.cookie: staff, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(
                    string: "_csrf=\(csrf)&year=2027&days=\(days.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            ) { $0.status }
            #expect(stored == .ok)
            let calendarNow = try await fixtures.store.catalogs.calendar()
            #expect(!calendarNow.isWorkingDay("2027-01-01") && calendarNow.isWorkingDay("2027-02-06"))
            #expect(!calendarNow.isWorkingDay("2026-10-05"))  // other years keep their days
            #expect(!(try await client.get("/work-calendar?year=2027", cookie: staff).1.contains("2027 年的节假日安排尚未录入工作日历")))
        }
    }
}
