import AnlanCore
import AnlanFormats
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Warnings and their CAP messages (the test clock reads 2026-11-18 19:06 Beijing time, and stands still).
@Suite("Warnings")
struct WarningFacesTests {
    static let flood: [(String, String)] = [
        ("event", "flashFlood"), ("level", "orange"), ("headline", "青山溪山洪橙色预警"), ("description", "青山溪水位超警戒，沿岸可能发生山洪。"),
        ("instruction", "沿溪群众转移到青山镇中心小学。"), ("divisionCodes", "330529101000"), ("divisionCodes", "330529101201"),
        ("expires", "2026-11-19T19:06"),
    ]

    static func body(_ fields: [(String, String)]) -> String {
        var object: [String: Any] = [:]
        for (k, v) in fields {
            if k == "divisionCodes" { object[k] = ((object[k] as? [String]) ?? []) + [v] } else { object[k] = v }
        }
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    func post(_ client: any TestClientProtocol, _ uri: String, token: String, xml: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(
            uri: uri, method: .post, headers: [.contentType: CapXML.contentType, .authorization: "Bearer \(token)"],
            body: ByteBuffer(string: xml)
        ) { ($0.status, String(buffer: $0.body)) }
    }

    @Test("composing refuses the same on both faces")
    func refusals() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            let session = try #require(try await client.browserLogin("duty").1)
            for (form, code) in [
                (changed(Self.flood, [("event", "")]), "warning.field_required"),
                (changed(Self.flood, [("level", "purple")]), "warning.level_invalid"),
                (Self.flood.filter { $0.0 != "divisionCodes" }, "warning.area_required"),
                (changed(Self.flood, [("effective", "2026-11-19T20:00")]), "warning.expires_invalid"),
                (changed(Self.flood, [("effective", "2026-11-18T08:00"), ("expires", "2026-11-18T10:00")]), "warning.expires_past"),
                (changed(Self.flood, [("expires", "2027-01-30T10:00")]), "warning.validity_too_long"),
                (changed(Self.flood, [("expires", "明天")]), "warning.expires_invalid"),
                (changed(Self.flood, [("polygon", "30.1,119.6 30.2,119.7 30.1,119.6")]), "warning.polygon_invalid"),
                (Self.flood.filter { $0.0 != "divisionCodes" } + [("divisionCodes", "330530101000")], "warning.division_codes_invalid"),
                (changed(Self.flood, [("headline", String(repeating: "洪", count: 81))]), "warning.headline_too_long"),
                (changed(Self.flood, [("incidentId", UUID().uuidString.lowercased())]), "warning.incident_invalid"),
            ] {
                let page = try await postForm(client, session: session, csrfFrom: "/warnings/new", to: "/warnings", form: form)
                let api = try await client.send(.post, "/api/v1/warnings", token: duty, json: Self.body(form))
                expectSame(page, api, "\(form)")
                #expect(json(api.1)["code"] as? String == code, "\(form)")
            }
            #expect(json(try await client.get("/api/v1/warnings", token: duty).1)["total"] as? Int == 0, "nothing was stored")
            let township = try await client.token("township")
            #expect(try await client.send(.post, "/api/v1/warnings", token: township, json: Self.body(Self.flood)).0 == .forbidden)
            #expect(try await client.get("/api/v1/warnings", token: township).0 == .ok, "warnings are read by every bureau user")
        }
    }

    @Test("publish, update and cancel are CAP Alert, Update and Cancel, each referring to the earlier messages")
    func lifecycle() async throws {
        try await withApp { fixtures, _, client in
            let duty = try await client.token("duty")
            let incident = try await client.send(
                .post, "/api/v1/incidents", token: duty, json: DutyFacesTests.body(IncidentFacesTests.flood))
            let incidentID = try #require(json(incident.1)["id"] as? String)
            let published = try await client.send(
                .post, "/api/v1/warnings", token: duty, json: Self.body(Self.flood + [("incidentId", incidentID)]))
            #expect(published.0 == .created, "\(published.1)")
            let w = json(published.1)
            let id = try #require(w["id"] as? String)
            // GB/T 35965.1: the county's 6 digits, agency 000, unit 000, extension 00; Beijing time; sequence 0.
            #expect(w["identifier"] as? String == "33052900000000_20261118190640_0")
            #expect((w["areaDescription"] as? String)?.hasPrefix("青山镇、") == true, "made from the divisions' names")
            #expect(w["inForce"] as? Bool == true && w["version"] as? Int == 1)

            var update = changed(Self.flood, [("level", "red"), ("headline", "青山溪山洪预警升级为红色")])
            update.append(("incidentId", incidentID))
            fixtures.clock.advance(seconds: 3600)
            let duty2 = try await client.token("duty")
            let updated = try await client.send(.put, "/api/v1/warnings/\(id)", token: duty2, json: Self.body(update))
            #expect(updated.0 == .ok && json(updated.1)["level"] as? String == "red" && json(updated.1)["version"] as? Int == 2)
            let exercise = try await client.send(
                .put, "/api/v1/warnings/\(id)", token: duty2, json: Self.body(update + [("status", "exercise")]))
            #expect(json(exercise.1)["code"] as? String == "warning.status_fixed")

            // The public CAP address serves the latest message; the feed lists the warning.
            let cap = try await client.get("/api/v1/warnings/\(id)/cap")
            #expect(cap.0 == .ok && cap.2[.contentType]?.hasPrefix("application/cap+xml") == true)
            guard case .valid(let current) = CapXML.read(Data(cap.1.utf8)) else { Issue.record("invalid CAP"); return }
            #expect(current.msgType == "Update" && current.infos[0].severity == "Extreme")
            #expect(current.infos[0].parameter(WarningCap.levelParameter) == "红色" && current.note?.contains("橙色调整为红色") == true)
            let feed = try await client.get("/api/v1/feeds/warnings.atom")
            #expect(feed.0 == .ok && feed.1.contains("/api/v1/warnings/\(id)/cap") && feed.1.contains("<entry>"))

            let cancelled = try await client.send(.post, "/api/v1/warnings/\(id)/cancel", token: duty2, json: #"{"reason":"水位回落至警戒以下"}"#)
            #expect(cancelled.0 == .ok && json(cancelled.1)["state"] as? String == "cancelled")
            let again = try await client.send(.post, "/api/v1/warnings/\(id)/cancel", token: duty2, json: #"{"reason":"再次"}"#)
            #expect(again.0 == .conflict && json(again.1)["code"] as? String == "warning.cancelled")
            #expect(try await client.send(.put, "/api/v1/warnings/\(id)", token: duty2, json: Self.body(update)).0 == .conflict)

            let messages = try #require(
                json(try await client.get("/api/v1/warnings/\(id)/messages", token: duty2).1)["items"] as? [[String: Any]])
            #expect(messages.map { $0["msgType"] as? String } == ["Alert", "Update", "Cancel"])
            var earlier: [String] = []
            for m in messages {
                #expect(m["references"] as? [String] == earlier)
                guard case .valid = CapXML.read(Data((m["xml"] as? String ?? "").utf8)) else {
                    Issue.record("message not valid CAP"); continue
                }
                earlier.append("\(m["sender"] as? String ?? ""),\(m["identifier"] as? String ?? ""),\(m["sent"] as? String ?? "")")
            }
            #expect(Set(messages.compactMap { $0["identifier"] as? String }).count == 3)
            // A cancelled warning leaves the feed; its timeline on the incident tells the whole story.
            #expect(!(try await client.get("/api/v1/feeds/warnings.atom").1.contains("<entry>")))
            let events = try #require(
                json(try await client.get("/api/v1/incidents/\(incidentID)/events", token: duty2).1)["items"] as? [[String: Any]])
            let said = events.filter { $0["kind"] as? String == "warning" }.compactMap { $0["text"] as? String }
            #expect(said.count == 3 && said[0].hasPrefix("发布山洪灾害橙色预警") && said[1].contains("级别由橙色调整为红色") && said[2].contains("水位回落"))

            // An exercise is not public.
            let drill = try await client.send(
                .post, "/api/v1/warnings", token: duty2, json: Self.body(Self.flood + [("status", "exercise")]))
            let drillID = try #require(json(drill.1)["id"] as? String)
            #expect(try await client.get("/api/v1/warnings/\(drillID)/cap").0 == .notFound)
            #expect(try await client.get("/api/v1/warnings/\(drillID)/messages", token: duty2).0 == .ok)
        }
    }

    @Test("ten warnings in one second take sequence digits 0–9; the eleventh is refused and nothing of it is stored")
    func identifiersWithinOneSecond() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            let results = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                for _ in 0..<12 {
                    group.addTask { try await client.send(.post, "/api/v1/warnings", token: duty, json: Self.body(Self.flood)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let created = results.filter { $0.0 == .created }.compactMap { json($0.1)["identifier"] as? String }
            #expect(created.count == 10)
            let digits: Set<String> = Set(created.map { String($0.suffix(1)) })
            let expected: Set<String> = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
            #expect(digits == expected)
            #expect(results.filter { $0.0 == .conflict }.allSatisfy { json($0.1)["code"] as? String == "warning.identifier_unavailable" })
            #expect(json(try await client.get("/api/v1/warnings", token: duty).1)["total"] as? Int == 10)
        }
    }

    @Test("upstream messages: kept whether valid or not, an update supersedes, and one becomes the bureau's own warning")
    func upstream() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            let session = try #require(try await client.browserLogin("duty").1)
            let alert = CapAlert(
                identifier: "33052900000100_20261118180000_0", sender: "33052900000100", sent: "2026-11-18T18:00:00+08:00",
                status: "Actual", msgType: "Alert",
                infos: [
                    CapInfo(
                        language: "zh-CN", categories: ["Met"], event: "暴雨", urgency: "Immediate", severity: "Severe", certainty: "Likely",
                        expires: "2026-11-19T06:00:00+08:00", senderName: "示例县气象台", headline: "示例县气象台发布暴雨橙色预警信号",
                        description: "未来 6 小时降雨量将达 50 毫米以上。", parameters: [CapValue(WarningCap.levelParameter, "橙色")],
                        areas: [CapArea(areaDesc: "示例县青山镇")])
                ])
            let first = try await post(client, "/api/v1/cap-messages", token: duty, xml: CapXML.write(alert))
            #expect(first.0 == .created && json(first.1)["inForce"] as? Bool == true)
            let firstID = try #require(json(first.1)["id"] as? String)
            let repeated = try await post(client, "/api/v1/cap-messages", token: duty, xml: CapXML.write(alert))
            #expect(repeated.0 == .ok && json(repeated.1)["id"] as? String == firstID)

            // Schema-invalid: refused with every error, and kept for inspection.
            let broken = CapXML.write(alert).replacingOccurrences(of: "<severity>Severe</severity>", with: "<severity>High</severity>")
                .replacingOccurrences(of: "<scope>Public</scope>", with: "").replacingOccurrences(of: "_0<", with: "_1<")
            let refused = try await post(client, "/api/v1/cap-messages", token: duty, xml: broken)
            #expect(refused.0 == .unprocessableContent && json(refused.1)["code"] as? String == "cap.invalid")
            let details = try #require(json(refused.1)["details"] as? [String: String])
            #expect(details["errors"]?.contains("/alert/scope") == true && details["errors"]?.contains("/alert/info[1]/severity") == true)
            let kept = json(try await client.get("/api/v1/cap-messages/\(details["messageId"] ?? "")", token: duty).1)
            #expect(kept["valid"] as? Bool == false && (kept["xml"] as? String) == broken && (kept["errors"] as? [String])?.count == 2)
            #expect(json(try await client.get("/api/v1/cap-messages?scope=invalid", token: duty).1)["total"] as? Int == 1)
            // The same broken message again (a polled feed offers it every time) is refused again but kept once.
            let again = try await post(client, "/api/v1/cap-messages", token: duty, xml: broken)
            #expect(again.0 == .unprocessableContent && (json(again.1)["details"] as? [String: String])?["alreadyKept"] == "true")
            #expect(json(try await client.get("/api/v1/cap-messages?scope=invalid", token: duty).1)["total"] as? Int == 1)

            // The adopt form is made from the message; publishing keeps the link.
            let form = try await client.get("/warnings/new?upstreamId=\(firstID)", cookie: session).1
            #expect(
                form.contains("示例县气象台发布暴雨橙色预警信号") && form.contains("value=\"orange\" selected")
                    && form.contains("value=\"rainstorm\" selected"))
            let own = try await client.send(
                .post, "/api/v1/warnings", token: duty, json: Self.body(Self.flood + [("upstreamId", firstID), ("event", "rainstorm")]))
            #expect(own.0 == .created && json(own.1)["upstreamId"] as? String == firstID)

            // The upstream update supersedes the alert: only the update is in force.
            var raised = alert
            raised.identifier = "33052900000100_20261118183000_0"
            raised.sent = "2026-11-18T18:30:00+08:00"
            raised.msgType = "Update"
            raised.references = [alert.reference]
            raised.infos[0].severity = "Extreme"
            #expect(try await post(client, "/api/v1/cap-messages", token: duty, xml: CapXML.write(raised)).0 == .created)
            let inForce = try #require(
                json(try await client.get("/api/v1/cap-messages?scope=in-force", token: duty).1)["items"] as? [[String: Any]])
            #expect(inForce.map { $0["identifier"] as? String } == [raised.identifier])
            let desk = json(try await client.get("/api/v1/duty/now", token: duty).1)
            #expect(desk["upstreamWarningsInForce"] as? Int == 1 && desk["warningsInForce"] as? Int == 1)
            let deskPage = try await client.get("/duty", cookie: session).1
            #expect(deskPage.contains("data-testid=\"warnings-in-force-total\">本局 1 条") && deskPage.contains("上级 1 条"))
        }
    }
}
