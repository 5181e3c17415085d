import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

/// Incidents from a report to their close (the test clock reads 2026-11-18 19:06 Beijing time).
@Suite("Incidents")
struct IncidentFacesTests {
    static let flood: [(String, String)] = [
        ("title", "青山溪洪水"), ("type", "floodDrought"), ("occurredAt", "2026-11-18T17:40"), ("divisionCode", "330529101000"),
        ("place", "青山镇青山溪沿岸"), ("summary", "水位超警戒，低洼处进水"),
    ]

    @Test("opening refuses the same on both faces; a report becomes an incident once; a township sees only its own")
    func opening() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            let session = try #require(try await client.browserLogin("duty").1)
            for form in [
                changed(Self.flood, [("title", "")]), changed(Self.flood, [("type", "flood")]),
                changed(Self.flood, [("occurredAt", "2026-11-19T08:00")]),
                changed(Self.flood, [("occurredAt", "2026-11-18 17:40")]), changed(Self.flood, [("divisionCode", "3305")]),
                changed(Self.flood, [("latitude", "30.1")]), changed(Self.flood, [("deaths", "-1")]),
                changed(Self.flood, [("lossWanYuan", "abc")]),
                changed(Self.flood, [("level", "five")]), changed(Self.flood, [("summary", String(repeating: "水", count: 2001))]),
                changed(Self.flood, [("reportId", UUID().uuidString.lowercased())]),
            ] {
                let page = try await postForm(client, session: session, csrfFrom: "/incidents/new", to: "/incidents", form: form)
                let api = try await client.send(.post, "/api/v1/incidents", token: duty, json: DutyFacesTests.body(form))
                expectSame(page, api, "\(form)")
            }
            let report = try #require(
                json(
                    try await client.send(
                        .post, "/api/v1/duty/reports", token: duty,
                        json: #"{"caller":"孙丽","channel":"infoOfficer","text":"青山溪漫水桥过水","divisionCode":"330529101201"}"#
                    ).1)["id"] as? String)
            let form = try await client.get("/incidents/new?reportId=\(report)", cookie: session).1
            #expect(form.contains("青山溪漫水桥过水") && form.contains("value=\"2026-11-18T19:06\""))
            let opened = try await client.send(
                .post, "/api/v1/incidents", token: duty, json: DutyFacesTests.body(Self.flood + [("reportId", report)]))
            #expect(
                opened.0 == .created && json(opened.1)["number"] as? String == "2026-0001"
                    && json(opened.1)["state"] as? String == "reported")
            #expect(json(opened.1)["reportedAt"] as? String == "2026-11-18T11:06:40.000Z")
            // Nothing was said of casualties: they are not yet known, not zero.
            #expect(json(opened.1)["figuresKnown"] as? Bool == false)
            let openedID = try #require(json(opened.1)["id"] as? String)
            #expect(try await client.get("/incidents/\(openedID)", cookie: session).1.contains("伤亡和损失情况待核实"))
            let again = try await client.send(
                .post, "/api/v1/incidents", token: duty, json: DutyFacesTests.body(Self.flood + [("reportId", report)]))
            #expect(again.0 == .conflict && json(again.1)["code"] as? String == "incident.report_attached")
            let id = try #require(json(opened.1)["id"] as? String)

            let elsewhere = try await client.send(
                .post, "/api/v1/incidents", token: duty, json: DutyFacesTests.body(changed(Self.flood, [("divisionCode", "330529102000")])))
            let other = try #require(json(elsewhere.1)["id"] as? String)
            let township = try await client.token("township")
            #expect(try await client.get("/api/v1/incidents/\(id)", token: township).0 == .ok)
            #expect(try await client.get("/api/v1/incidents/\(other)", token: township).0 == .notFound)
            #expect(json(try await client.get("/api/v1/incidents", token: township).1)["total"] as? Int == 1)
            #expect(json(try await client.get("/api/v1/incidents?open=true", token: duty).1)["total"] as? Int == 2)
            #expect(try await client.get("/api/v1/incidents", token: try await client.token("enterprise")).0 == .forbidden)
            #expect(
                try await client.send(.post, "/api/v1/incidents", token: township, json: DutyFacesTests.body(Self.flood)).0 == .forbidden)
        }
    }

    @Test(
        "the lifecycle runs in order; the level is the desk's proposal until a leader sets it; only a leader closes; the timeline keeps all"
    )
    func lifecycle() async throws {
        try await withApp(enterprises: 40) { _, _, client in
            let duty = try await client.token("duty"), leader = try await client.token("leader")
            let opened = try await client.send(
                .post, "/api/v1/incidents", token: duty,
                json:
                    #"{"title":"某化工厂中毒事故","type":"workSafety","occurredAt":"2026-11-18T02:00","divisionCode":"330529101000","place":"青山镇","summary":"有限空间作业中毒","deaths":1}"#
            )
            let id = try #require(json(opened.1)["id"] as? String)
            #expect((json(opened.1)["suggestedLevel"] as? [String: Any])?["level"] as? String == "four")
            func move(_ token: String, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                let r = try await client.send(.post, "/api/v1/incidents/\(id)/moves", token: token, json: body)
                return (r.0, json(r.1))
            }
            #expect(try await move(duty, #"{"action":"respond","level":"three"}"#).1["code"] as? String == "incident.transition_invalid")
            #expect(try await move(duty, #"{"action":"verify"}"#).1["code"] as? String == "incident.field_required")
            #expect(try await move(duty, #"{"action":"fly"}"#).1["code"] as? String == "incident.action_invalid")
            #expect(try await move(duty, #"{"action":"verify","note":"企业负责人电话确认"}"#).1["state"] as? String == "verified")
            let responding = try await move(duty, #"{"action":"respond","level":"four","note":"启动Ⅳ级响应"}"#)
            #expect(responding.1["state"] as? String == "responding" && responding.1["levelConfirmedBy"] == nil)
            // Three deaths reach 较大 (条例 第三条): the rule now suggests Ⅲ; the old figures stay on the timeline.
            let figures = try await move(duty, #"{"action":"figures","deaths":3,"seriousInjuries":2,"note":"医院通报"}"#)
            #expect((figures.1["suggestedLevel"] as? [String: Any])?["level"] as? String == "three")
            #expect(
                try await move(duty, #"{"action":"figures","deaths":3,"seriousInjuries":2}"#).1["code"] as? String
                    == "incident.figures_unchanged")
            #expect(try await move(duty, #"{"action":"figures","note":"无新数字"}"#).1["code"] as? String == "incident.field_required")
            let confirmed = try await move(leader, #"{"action":"set_level","level":"three","reason":"死亡 3 人，达较大事故"}"#)
            #expect(confirmed.1["level"] as? String == "three" && confirmed.1["levelConfirmedBy"] as? String == "leader")
            let closeByDuty = try await move(duty, #"{"action":"close","summary":"处置完毕"}"#)
            #expect(closeByDuty.0 == .forbidden && closeByDuty.1["code"] as? String == "incident.leader_only")
            #expect(try await move(leader, #"{"action":"close","summary":"处置完毕，转入事故调查"}"#).1["state"] as? String == "closed")
            #expect(try await move(duty, #"{"action":"note","note":"补记"}"#).1["code"] as? String == "incident.closed")

            let events = json(try await client.get("/api/v1/incidents/\(id)/events", token: duty).1)
            let lines = (events["items"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(events["total"] as? Int == 6 && lines.count == 6)
            #expect(lines[3].contains("此前：死亡 1 人") && lines[3].contains("建议Ⅲ级（较大）"))
            #expect(lines[4].hasPrefix("事件等级由Ⅳ级（一般）调整为Ⅲ级（较大）"))
            let session = try #require(try await client.browserLogin("duty").1)
            let chronicle = try await client.get("/incidents/\(id)/chronicle", cookie: session).1
            for line in lines { #expect(chronicle.contains(line), "\(line)") }
            #expect(chronicle.contains("共 6 条"))
            let (status, docx, headers) = try await client.get("/incidents/\(id)/chronicle.docx", cookie: session)
            #expect(status == .ok && docx.hasPrefix("PK") && headers[.contentType]?.contains("wordprocessingml") == true)
            let page = try await client.get("/incidents/\(id)", cookie: session).1
            #expect(page.contains("共 6 条") && !page.contains("data-testid=\"move-note\""))
        }
    }

    @Test("many desks writing on one incident at once: every line is kept, numbered without a gap, and the database refuses edits")
    func concurrentTimeline() async throws {
        try await Fixtures.with { fixtures in
            let duty = try await fixtures.caller("duty")
            let incident = try await fixtures.store.incidents.open(
                IncidentDraft(
                    title: "测试事件", type: .otherNatural, occurredAt: fixtures.clock.now, divisionCode: try DivisionCode("330529101000"),
                    place: "青山镇", summary: "并发写入"), by: duty)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...16 {
                    group.addTask { _ = try await fixtures.store.incidents.move(incident.id, .note("第 \(n) 条"), by: duty) }
                }
                try await group.waitForAll()
            }
            let events = try await fixtures.store.incidents.events(incident.id, page: try PageRequest(pageSize: 100), by: duty)
            #expect(events.total == 17 && Set(events.items.map(\.text)).count == 17)
            let seqs = try await fixtures.store.database.reader.select().column("seq").from("incident_events")
                .where("incident_id", .equal, SQLBind(incident.id.key)).orderBy("seq").all().map {
                    try $0.decode(column: "seq", as: Int.self)
                }
            #expect(seqs == Array(1...17))
            await #expect(throws: (any Error).self) {
                try await fixtures.store.database.transaction { sql in
                    try await sql.raw("UPDATE incident_events SET text = 'x' WHERE incident_id = \(bind: incident.id.key)").run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await fixtures.store.database.transaction { sql in
                    try await sql.raw("DELETE FROM incident_events WHERE incident_id = \(bind: incident.id.key)").run()
                }
            }
        }
    }

    @Test("from an incident's point, the nearest callable resources of each kind, nearest first, with their distance")
    func nearby() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff"), duty = try await client.token("duty")
            for (name, lat, state) in [("近队", 30.601, "available"), ("远队", 30.70, "available"), ("出动中的队", 30.6005, "onTask")] {
                let body = DirectoryFacesTests.team.replacingOccurrences(of: "县综合性应急救援队", with: name)
                    .replacingOccurrences(of: #""latitude":30.6"#, with: #""latitude":\#(lat)"#)
                let created = try await client.send(.post, "/api/v1/resources", token: staff, json: body)
                #expect(created.0 == .created, "\(created.1)")
                if state != "available" {
                    let id = try #require(json(created.1)["id"] as? String)
                    _ = try await client.send(.post, "/api/v1/resources/\(id)/state", token: staff, json: #"{"state":"\#(state)"}"#)
                }
            }
            let near = json(try await client.get("/api/v1/resources/nearest?latitude=30.6&longitude=119.7&kind=team&k=5", token: duty).1)
            let items = near["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { ($0["resource"] as? [String: Any])?["name"] as? String } == ["近队", "远队"])
            #expect(abs((items.first?["distanceKm"] as? Double ?? 0) - 0.111) < 0.002)
            let all = json(
                try await client.get("/api/v1/resources/nearest?latitude=30.6&longitude=119.7&kind=team&all=true", token: duty).1)
            #expect((all["items"] as? [[String: Any]])?.count == 3)
            for (query, code) in [
                ("latitude=30.6&kind=team", "resource.location_invalid"), ("latitude=30.6&longitude=119.7", "resource.field_required"),
                ("latitude=30.6&longitude=119.7&kind=team&k=51", "resource.k_invalid"),
                ("latitude=91&longitude=119.7&kind=team", "resource.location_invalid"),
            ] {
                let r = try await client.get("/api/v1/resources/nearest?\(query)", token: duty)
                #expect(r.0 == .unprocessableContent && json(r.1)["code"] as? String == code, "\(query)")
            }
            let opened = try await client.send(
                .post, "/api/v1/incidents", token: duty,
                json: DutyFacesTests.body(Self.flood + [("latitude", "30.6"), ("longitude", "119.7")]))
            let id = try #require(json(opened.1)["id"] as? String)
            let session = try #require(try await client.browserLogin("duty").1)
            let page = try await client.get("/incidents/\(id)/nearby", cookie: session).1
            #expect(page.contains("近队") && page.contains("111 米") && !page.contains("出动中的队"))
            #expect(try await client.get("/incidents/\(id)", cookie: session).1.contains("/incidents/\(id)/nearby"))
        }
    }

    @Test(
        "a plan started at a level makes its tasks; tasks are taken and done; a new level re-plans; standing down and closing withdraw the rest"
    )
    func activation() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff"), duty = try await client.token("duty"), leader = try await client.token("leader")
            let plan = try #require(
                json(
                    try await client.send(
                        .post, "/api/v1/plans", token: staff,
                        json: #"{"title":"示例县防汛抗旱应急预案","scope":"special","topic":"flood","divisionCode":"330529000000"}"#
                    ).1)["id"] as? String)
            _ = try await client.send(
                .post, "/api/v1/plans/\(plan)/versions", token: staff, json: #"{"publishedOn":"2026-01-10","approvedBy":"县人民政府"}"#)
            let four =
                #"{"level":4,"trigger":"超警戒水位","actions":"县防指：启动四级响应\n防汛抢险队伍待命","lead":"县防指副指挥长","contacts":"各乡镇应急办|0572-5120000"}"#
            let three = #"{"level":3,"trigger":"超保证水位","actions":"转移危险区域群众\n属地乡镇：开放避难场所\n水利局：加密水情监测","lead":"县防指指挥长"}"#
            #expect(try await client.send(.post, "/api/v1/plans/\(plan)/levels", token: staff, json: four).0 == .ok)
            #expect(try await client.send(.post, "/api/v1/plans/\(plan)/levels", token: staff, json: three).0 == .ok)
            let id = try #require(
                json(try await client.send(.post, "/api/v1/incidents", token: duty, json: DutyFacesTests.body(Self.flood)).1)["id"]
                    as? String)
            func post(_ path: String, _ body: String, token: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                let r = try await client.send(.post, "/api/v1/incidents/\(id)\(path)", token: token, json: body)
                return (r.0, json(r.1))
            }
            #expect(
                try await post("/activations", #"{"planId":"\#(plan)","level":4}"#, token: duty).1["code"] as? String
                    == "incident.not_verified")
            _ = try await post("/moves", #"{"action":"verify","note":"水文站确认"}"#, token: duty)
            #expect(
                try await post("/activations", #"{"planId":"\#(plan)","level":2}"#, token: duty).1["code"] as? String
                    == "incident.plan_level_missing")
            #expect(
                try await post("/activations", #"{"planId":"\#(plan)","level":7}"#, token: duty).1["code"] as? String
                    == "incident.level_invalid")
            let session = try #require(try await client.browserLogin("duty").1)
            for form in [[("planId", plan), ("level", "2")], [("planId", plan)], [("level", "4")]] {
                let page = try await postForm(
                    client, session: session, csrfFrom: "/incidents/\(id)", to: "/incidents/\(id)/activations", form: form)
                let api = try await client.send(.post, "/api/v1/incidents/\(id)/activations", token: duty, json: DutyFacesTests.body(form))
                expectSame(page, api, "\(form)")
            }
            let started = try await post("/activations", #"{"planId":"\#(plan)","level":4}"#, token: duty)
            #expect(started.0 == .created)
            let activation = try #require(started.1["id"] as? String)
            #expect(
                try await post("/activations", #"{"planId":"\#(plan)","level":4}"#, token: duty).1["code"] as? String
                    == "incident.plan_active")
            let incident = json(try await client.get("/api/v1/incidents/\(id)", token: duty).1)
            #expect(
                incident["state"] as? String == "responding" && incident["level"] as? String == "four"
                    && incident["levelConfirmedBy"] == nil)

            func tasks() async throws -> [[String: Any]] {
                json(try await client.get("/api/v1/incidents/\(id)/tasks", token: duty).1)["items"] as? [[String: Any]] ?? []
            }
            let made = try await tasks()
            #expect(made.map { $0["who"] as? String } == ["县防指", "县防指副指挥长"])
            #expect(made.first?["due"] as? String == "2026-11-18T12:06:40.000Z")
            let first = try #require(made.first?["id"] as? String), second = try #require(made.last?["id"] as? String)
            #expect(try await post("/tasks/\(first)/acknowledge", "{}", token: duty).1["state"] as? String == "acknowledged")
            #expect(try await post("/tasks/\(first)/complete", #"{"note":"已发文"}"#, token: duty).1["state"] as? String == "done")
            #expect(
                try await post("/tasks/\(first)/complete", #"{"note":"再报"}"#, token: duty).1["code"] as? String == "incident.task_closed")
            #expect(try await post("/tasks/\(second)/complete", "{}", token: duty).1["code"] as? String == "incident.field_required")

            // A new level withdraws what is unfinished and makes the level's tasks.
            let raised = try await post("/activations/\(activation)/level", #"{"level":3,"reason":"水位超保证"}"#, token: leader)
            #expect(raised.1["level"] as? Int == 3)
            let after = try await tasks()
            #expect(after.map { $0["state"] as? String } == ["done", "cancelled", "open", "open", "open"])
            #expect(after.first { $0["id"] as? String == second }?["state"] as? String == "cancelled")
            #expect(
                try await post("/activations/\(activation)/level", #"{"level":3,"reason":"再调"}"#, token: leader).1["code"] as? String
                    == "incident.level_unchanged")

            // Closing the incident stands the response down and withdraws the rest.
            _ = try await post("/moves", #"{"action":"close","summary":"洪水退去"}"#, token: leader)
            #expect(try await tasks().filter { $0["state"] as? String == "open" }.isEmpty)
            let activations =
                json(try await client.get("/api/v1/incidents/\(id)/activations", token: duty).1)["items"] as? [[String: Any]] ?? []
            #expect(activations.first?["active"] as? Bool == false && activations.first?["endReason"] as? String == "事件结束")
            let lines =
                (json(try await client.get("/api/v1/incidents/\(id)/events?pageSize=100", token: duty).1)["items"] as? [[String: Any]] ?? [])
                .compactMap { $0["text"] as? String }
            #expect(lines.contains { $0.hasPrefix("启动《示例县防汛抗旱应急预案》Ⅳ级（四级）应急响应") && $0.contains("应通知：各乡镇应急办 0572-5120000") })
            #expect(lines.contains { $0.contains("撤销未完成任务 1 项，下达新任务 3 项") })
            #expect(lines.contains { $0.hasPrefix("终止《示例县防汛抗旱应急预案》Ⅲ级（三级）应急响应：事件结束；撤销未完成任务 3 项") })
            let page = try await client.get("/incidents/\(id)", cookie: session).1
            #expect(page.contains("未完成 0 项") && page.contains("已撤销"))
        }
    }

    @Test("a team is on one active order at a time, even when two desks send it at once; its order moves forward and frees it")
    func dispatchOrders() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff"), duty = try await client.token("duty"), leader = try await client.token("leader")
            let team = try #require(
                json(try await client.send(.post, "/api/v1/resources", token: staff, json: DirectoryFacesTests.team).1)["id"] as? String)
            func open(_ title: String) async throws -> String {
                let r = try await client.send(
                    .post, "/api/v1/incidents", token: duty, json: DutyFacesTests.body(changed(Self.flood, [("title", title)])))
                return try #require(json(r.1)["id"] as? String)
            }
            let a = try await open("青山溪洪水"), b = try await open("梅溪内涝")
            let order = #"{"resourceId":"\#(team)","task":"携冲锋舟转移被困群众"}"#
            // Two desks send the same team at once: exactly one order stands.
            async let first = client.send(.post, "/api/v1/incidents/\(a)/orders", token: duty, json: order)
            async let second = client.send(.post, "/api/v1/incidents/\(b)/orders", token: duty, json: order)
            let results = try await [first, second]
            #expect(results.filter { $0.0 == .created }.count == 1)
            let refused = try #require(results.first { $0.0 != .created })
            #expect(refused.0 == .conflict && json(refused.1)["code"] as? String == "dispatch.resource_busy", "\(refused)")
            let won = try #require(results.first { $0.0 == .created }), incident = json(won.1)["incidentId"] as! String
            let id = try #require(json(won.1)["id"] as? String)
            #expect(json(try await client.get("/api/v1/resources/\(team)", token: duty).1)["state"] as? String == "onTask")
            // The directory cannot call it back while the order stands.
            let manual = try await client.send(.post, "/api/v1/resources/\(team)/state", token: staff, json: #"{"state":"available"}"#)
            #expect(manual.0 == .conflict && json(manual.1)["code"] as? String == "resource.on_order")
            #expect(
                (json(try await client.get("/api/v1/resources/nearest?latitude=30.6&longitude=119.7&kind=team", token: duty).1)["items"]
                    as? [Any])?.isEmpty == true)

            func move(_ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                let r = try await client.send(.post, "/api/v1/incidents/\(incident)/orders/\(id)/state", token: duty, json: body)
                return (r.0, json(r.1))
            }
            #expect(try await move(#"{"state":"onScene"}"#).1["state"] as? String == "onScene")
            #expect(try await move(#"{"state":"received"}"#).1["code"] as? String == "dispatch.transition_invalid")
            #expect(try await move(#"{"state":"cancelled"}"#).1["code"] as? String == "dispatch.reason_required")
            #expect(try await move(#"{"state":"completed","note":"转移 12 人"}"#).1["state"] as? String == "completed")
            #expect(json(try await client.get("/api/v1/resources/\(team)", token: duty).1)["state"] as? String == "available")
            // Free again: the other incident may send it; closing that incident cancels the order and frees the team.
            let other = incident == a ? b : a
            #expect(try await client.send(.post, "/api/v1/incidents/\(other)/orders", token: duty, json: order).0 == .created)
            let toDepartment = try await client.send(
                .post, "/api/v1/incidents/\(other)/orders", token: duty,
                json: #"{"target":"department","recipient":"县水利局","task":"加密水情监测"}"#)
            #expect(toDepartment.0 == .created && json(toDepartment.1)["recipient"] as? String == "县水利局")
            let noRecipient = try await client.send(
                .post, "/api/v1/incidents/\(other)/orders", token: duty, json: #"{"target":"township","task":"x"}"#)
            #expect(json(noRecipient.1)["code"] as? String == "dispatch.field_required")
            _ = try await client.send(.post, "/api/v1/incidents/\(other)/moves", token: leader, json: #"{"action":"close","summary":"退水"}"#)
            let orders = json(try await client.get("/api/v1/incidents/\(other)/orders", token: duty).1)["items"] as? [[String: Any]] ?? []
            #expect(orders.map { $0["state"] as? String } == ["cancelled", "cancelled"])
            #expect(json(try await client.get("/api/v1/resources/\(team)", token: duty).1)["state"] as? String == "available")
            let session = try #require(try await client.browserLogin("duty").1)
            let page = try await client.get("/incidents/\(incident)", cookie: session).1
            #expect(page.contains("调度指令") && page.contains("执行中 0 条") && page.contains("已完成"))
        }
    }

    @Test("调运物资 on both faces: the page offers what is free, refusals alike, the order reserves and leaves on an 出库单")
    func supplyOrders() async throws {
        try await withApp { _, _, client in
            // Given a warehouse holding 3 usable tents (and 5 expired) and an open flood
            let g = try await StockFacesTests.given(client)
            let duty = try await client.token("duty")
            let opened = try await client.send(.post, "/api/v1/incidents", token: duty, json: DutyFacesTests.body(Self.flood))
            let id = try #require(json(opened.1)["id"] as? String)
            let session = try #require(try await client.browserLogin("duty").1)
            let page = try await client.get("/incidents/\(id)", cookie: session).1
            #expect(page.contains("data-testid=\"dispatch-supplies\"") && page.contains("可调运 3 顶"))
            let base = [("target", "warehouse"), ("warehouseId", g.warehouse), ("task", "运送帐篷至安置点"), ("receiver", "陈建军")]
            let cases: [[(String, String)]] = [
                [("supplies.itemId", g.tent), ("supplies.quantity", "4")], [],
                [("supplies.itemId", g.tent), ("supplies.quantity", "x")],
                [("supplies.itemId", g.tent), ("supplies.quantity", "1"), ("supplies.itemId", g.tent), ("supplies.quantity", "1")],
            ]
            for lines in cases {
                // When the same order goes to the incident page and to the API
                let fromPage = try await postForm(
                    client, session: session, csrfFrom: "/incidents/\(id)", to: "/incidents/\(id)/orders", form: base + lines)
                var body: [String: Any] = Dictionary(uniqueKeysWithValues: base)
                body["supplies"] = stride(from: 0, to: lines.count, by: 2).map {
                    ["itemId": lines[$0].1, "quantity": Int(lines[$0 + 1].1) ?? -1]
                }
                if lines.last?.1 == "x" { body["supplies"] = [["itemId": g.tent, "quantity": "x"]] }
                let api = try await client.send(
                    .post, "/api/v1/incidents/\(id)/orders", token: duty,
                    json: String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self))
                // Then both refuse it alike
                expectSame(fromPage, api, "\(lines)")
            }
            let first = try await postForm(
                client, session: session, csrfFrom: "/incidents/\(id)", to: "/incidents/\(id)/orders",
                form: base + [("supplies.itemId", g.tent), ("supplies.quantity", "2")])
            #expect(first.0 == .found)
            let balance =
                (json(try await client.get("/api/v1/stock/balances?itemId=\(g.tent)", token: duty).1)["items"] as? [[String: Any]])?.first
            #expect(balance?["quantity"] as? Int == 8 && balance?["reserved"] as? Int == 2)
            // Only one is free now
            let more = try await client.send(
                .post, "/api/v1/incidents/\(id)/orders", token: duty,
                json:
                    #"{"target":"warehouse","warehouseId":"\#(g.warehouse)","task":"再运","receiver":"李军","supplies":[{"itemId":"\#(g.tent)","quantity":2}]}"#
            )
            #expect(more.0 == .conflict && json(more.1)["code"] as? String == "dispatch.stock_insufficient")
            let orders = json(try await client.get("/api/v1/incidents/\(id)/orders", token: duty).1)["items"] as? [[String: Any]] ?? []
            let order = try #require(orders.first)
            #expect(
                (order["supplies"] as? [[String: Any]])?.first?["state"] as? String == "reserved" && order["receiver"] as? String == "陈建军")
            // When the goods leave, an 出库单 to the incident is written
            let moved = json(
                try await client.send(
                    .post, "/api/v1/incidents/\(id)/orders/\(order["id"] as! String)/state", token: duty, json: #"{"state":"enRoute"}"#
                ).1)
            let slip = try #require(moved["movementId"] as? String)
            let movement = json(try await client.get("/api/v1/stock/movements/\(slip)", token: duty).1)
            #expect(movement["kind"] as? String == "issue" && movement["recipientKind"] as? String == "incident")
            let after = try await client.get("/incidents/\(id)", cookie: session).1
            #expect(after.contains("data-testid=\"order-slip\"") && after.contains("已出库"))
        }
    }

    @Test("the accident grading rule is served read-only")
    func accidentGrades() async throws {
        try await withApp { _, _, client in
            let token = try await client.token("inspector")
            let r = try await client.send(
                .post, "/api/v1/rules/accident-grades", token: token, json: #"{"deaths":3,"seriousInjuries":50,"directLossWanYuan":999.5}"#)
            #expect(json(r.1)["grade"] as? String == "重大" && json(r.1)["level"] as? String == "two")
            #expect((json(r.1)["decidedBy"] as? [[String: Any]])?.count == 1)
            let missing = try await client.send(.post, "/api/v1/rules/accident-grades", token: token, json: #"{"deaths":3}"#)
            #expect(missing.0 == .unprocessableContent && json(missing.1)["code"] as? String == "accident.field_required")
            // Found by the long fuzz run: an empty text was read as 0 and graded.
            let empty = try await client.send(
                .post, "/api/v1/rules/accident-grades", token: token, json: #"{"deaths":3,"seriousInjuries":"","directLossWanYuan":1}"#)
            #expect(empty.0 == .unprocessableContent && json(empty.1)["code"] as? String == "accident.field_required")
        }
    }
}
