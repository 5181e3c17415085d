import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The duty desk: the roster and its swaps, the handover, and the reports received (the test clock reads
/// 2026-11-18 19:06 Beijing time, inside the day's 24-hour shift).
@Suite("Duty desk")
struct DutyFacesTests {
    static func body(_ fields: [(String, String)]) -> String {
        var object: [String: Any] = [:]
        for (k, v) in fields {
            if k == "officers" { object[k] = ((object[k] as? [String]) ?? []) + [v] } else { object[k] = v }
        }
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test("the roster refuses the same on both faces; who is on duty is read from it; a person swaps their own place only")
    func roster() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let session = try #require(try await client.browserLogin("staff").1)
            let today = "2026-11-18"
            let base = [("day", today), ("period", "fullDay"), ("leader", "leader"), ("officers", "duty"), ("officers", "inspector")]
            for form in [
                changed(base, [("day", "2026-11-10")]), changed(base, [("period", "evening")]), changed(base, [("leader", "duty")]),
                changed(base, [("leader", "nobody")]), changed(base, [("officers", "")]),
                base + [("officers", "leader")], changed(base, [("note", String(repeating: "备", count: 201))]),
            ] {
                let page = try await postForm(client, session: session, csrfFrom: "/duty/roster", to: "/duty/roster", form: form)
                let api = try await client.send(.post, "/api/v1/duty/shifts", token: staff, json: Self.body(form))
                expectSame(page, api, "\(form)")
            }
            let arranged = try await client.send(.post, "/api/v1/duty/shifts", token: staff, json: Self.body(base))
            #expect(arranged.0 == .created)
            let shift = try #require(json(arranged.1)["id"] as? String)
            #expect(json(arranged.1)["startsAt"] as? String == "2026-11-18T00:30:00.000Z")
            // The day's day shift overlaps its 24-hour shift.
            let overlap = try await client.send(
                .post, "/api/v1/duty/shifts", token: staff, json: Self.body(changed(base, [("period", "night")])))
            #expect(overlap.0 == .conflict && json(overlap.1)["code"] as? String == "duty.shift_exists")
            let duty = try await client.token("duty")
            #expect(try await client.send(.post, "/api/v1/duty/shifts", token: duty, json: Self.body(base)).0 == .forbidden)

            let now = json(try await client.get("/api/v1/duty/now", token: duty).1)
            #expect((now["current"] as? [String: Any])?["id"] as? String == shift)
            #expect(now["next"] == nil)

            // A duty officer swaps out only themself; the roster keeper swaps anyone; the swap is kept.
            let notMine = try await client.send(
                .post, "/api/v1/duty/shifts/\(shift)/swaps", token: duty, json: #"{"from":"inspector","to":"duty2","reason":"培训"}"#)
            #expect(notMine.0 == .forbidden)
            let busy = try await client.send(
                .post, "/api/v1/duty/shifts/\(shift)/swaps", token: duty, json: #"{"from":"duty","to":"inspector","reason":"家中有事"}"#)
            #expect(json(busy.1)["code"] as? String == "duty.person_double_booked")
            let swapped = try await client.send(
                .post, "/api/v1/duty/shifts/\(shift)/swaps", token: duty, json: #"{"from":"duty","to":"duty2","reason":"家中有事"}"#)
            #expect(swapped.0 == .ok && json(swapped.1)["officers"] as? [String] == ["duty2", "inspector"])
            let page = try await client.get("/duty/roster?from=2026-11-16&to=2026-11-22", cookie: session).1
            #expect(page.contains("换班：赵敏 → 黄蕾，家中有事") && page.contains("共 1 班"))
            #expect(try await client.get("/api/v1/duty/shifts?from=2026-01-01&to=2026-12-31", token: duty).0 == .unprocessableContent)
            #expect(try await client.get("/api/v1/duty/now", token: try await client.token("enterprise")).0 == .forbidden)

            // A shift not yet begun is taken off the roster; one begun is not.
            let laterBody = Self.body(changed(base, [("day", "2026-11-25")]))
            let later = try #require(
                json(try await client.send(.post, "/api/v1/duty/shifts", token: staff, json: laterBody).1)["id"] as? String)
            let begun = try await client.send(.delete, "/api/v1/duty/shifts/\(shift)", token: staff, json: "{}")
            #expect(json(begun.1)["code"] as? String == "duty.shift_started")
            #expect(try await client.send(.delete, "/api/v1/duty/shifts/\(later)", token: duty, json: "{}").0 == .forbidden)
            #expect(try await client.send(.delete, "/api/v1/duty/shifts/\(later)", token: staff, json: "{}").0 == .ok)
            #expect(try await client.send(.delete, "/api/v1/duty/shifts/\(later)", token: staff, json: "{}").0 == .notFound)
        }
    }

    @Test("a shift hands over to the next, which only its own people acknowledge, once")
    func handover() async throws {
        try await withApp { fixtures, _, client in
            let staff = try await client.token("staff")
            func arrange(_ day: String, _ officers: [String]) async throws -> String {
                let r = try await client.send(
                    .post, "/api/v1/duty/shifts", token: staff,
                    json: Self.body([("day", day), ("leader", "leader")] + officers.map { ("officers", $0) }))
                return try #require(json(r.1)["id"] as? String)
            }
            let today = try await arrange("2026-11-18", ["duty"])
            let duty = try await client.token("duty")
            let early = try await client.send(.post, "/api/v1/duty/shifts/\(today)/handover", token: duty, json: #"{"text":"无重要情况"}"#)
            #expect(json(early.1)["code"] as? String == "duty.no_next_shift")
            _ = try await arrange("2026-11-19", ["duty2"])
            let stranger = try await client.send(
                .post, "/api/v1/duty/shifts/\(today)/handover", token: try await client.token("duty2"), json: #"{"text":"无重要情况"}"#)
            #expect(json(stranger.1)["code"] as? String == "duty.not_outgoing")
            let written = try await client.send(
                .post, "/api/v1/duty/shifts/\(today)/handover", token: duty, json: #"{"text":"青山溪水位仍超警戒，请继续关注"}"#)
            #expect(written.0 == .created)
            let handover = try #require(json(written.1)["id"] as? String)
            #expect(
                json(try await client.send(.post, "/api/v1/duty/shifts/\(today)/handover", token: duty, json: #"{"text":"再交一次"}"#).1)[
                    "code"]
                    as? String == "duty.handover_exists")
            // The next shift begins at 08:30 tomorrow; its officer acknowledges, the outgoing one cannot.
            fixtures.clock.advance(seconds: 14 * 3600)
            let wrong = try await client.send(
                .post, "/api/v1/duty/handovers/\(handover)/acknowledge", token: try await client.token("duty"), json: "{}")
            #expect(wrong.0 == .forbidden && json(wrong.1)["code"] as? String == "duty.not_incoming", "\(wrong)")
            let session = try #require(try await client.browserLogin("duty2").1)
            let desk = try await client.get("/duty", cookie: session).1
            #expect(desk.contains("青山溪水位仍超警戒") && desk.contains("签收接班"))
            let ack = try await client.send(
                .post, "/api/v1/duty/handovers/\(handover)/acknowledge", token: try await client.token("duty2"), json: "{}")
            #expect(ack.0 == .ok && json(ack.1)["acknowledgedBy"] as? String == "duty2")
            let again = try await client.send(
                .post, "/api/v1/duty/handovers/\(handover)/acknowledge", token: try await client.token("duty2"), json: "{}")
            #expect(json(again.1)["code"] as? String == "duty.handover_acknowledged")
        }
    }

    @Test("a report is refused the same on both faces, logged in one step, and attached to an open incident's timeline")
    func reports() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            let session = try #require(try await client.browserLogin("duty").1)
            let base = [
                ("channel", "phone"), ("caller", "王先生"), ("number", "13905721234"), ("text", "青山镇某厂房冒烟"), ("divisionCode", "330529101000"),
            ]
            for form in [
                changed(base, [("caller", "")]), changed(base, [("text", "")]), changed(base, [("number", "139-abc")]),
                changed(base, [("receivedAt", "2026-11-30T10:00")]), changed(base, [("receivedAt", "yesterday")]),
                changed(base, [("channel", "fax")]), changed(base, [("divisionCode", "330529999000")]),
                changed(base, [("incidentId", UUID().uuidString.lowercased())]),
            ] {
                let page = try await postForm(client, session: session, csrfFrom: "/duty", to: "/duty/reports", form: form)
                let api = try await client.send(.post, "/api/v1/duty/reports", token: duty, json: Self.body(form))
                expectSame(page, api, "\(form)")
            }
            let logged = try await client.send(.post, "/api/v1/duty/reports", token: duty, json: Self.body(base))
            #expect(logged.0 == .created && json(logged.1)["receivedAt"] as? String == "2026-11-18T11:06:40.000Z")
            let report = try #require(json(logged.1)["id"] as? String)
            let now = json(try await client.get("/api/v1/duty/now", token: duty).1)
            #expect(now["unattachedReports"] as? Int == 1)
            // The desk's count and the list it links to agree.
            let deskPage = try await client.get("/duty", cookie: session).1
            let link = try #require(deskPage.firstMatch(of: #/href="(/duty/reports\?unattached=true&(?:amp;)?since=[0-9-]+)"/#)?.1)
            let listed = try await client.get(String(link).replacingOccurrences(of: "&amp;", with: "&"), cookie: session).1
            #expect(deskPage.contains("共 1 条") && listed.contains("共 1 条"))

            let opened = try await client.send(
                .post, "/api/v1/incidents", token: duty,
                json:
                    #"{"title":"青山镇厂房火情","type":"otherAccident","occurredAt":"2026-11-18T18:50","divisionCode":"330529101000","place":"青山镇工业园","summary":"厂房冒烟"}"#
            )
            let incident = try #require(json(opened.1)["id"] as? String)
            let attached = try await client.send(
                .post, "/api/v1/duty/reports/\(report)/attach", token: duty, json: #"{"incidentId":"\#(incident)"}"#)
            #expect(attached.0 == .ok && json(attached.1)["incidentId"] as? String == incident)
            let twice = try await client.send(
                .post, "/api/v1/duty/reports/\(report)/attach", token: duty, json: #"{"incidentId":"\#(incident)"}"#)
            #expect(json(twice.1)["code"] as? String == "incident.report_attached")
            let events =
                json(try await client.get("/api/v1/incidents/\(incident)/events", token: duty).1)["items"] as? [[String: Any]] ?? []
            #expect(events.map { $0["kind"] as? String } == ["opened", "report"])
            #expect((events.last?["text"] as? String)?.contains("青山镇某厂房冒烟") == true)
            // A second report goes straight onto the incident.
            let direct = try await client.send(
                .post, "/api/v1/duty/reports", token: duty, json: Self.body(base + [("incidentId", incident), ("caller", "李女士")]))
            #expect(json(direct.1)["incidentId"] as? String == incident)
            let desk = json(try await client.get("/api/v1/duty/now", token: duty).1)
            #expect(desk["unattachedReports"] as? Int == 0 && desk["openIncidents"] as? Int == 1)
            let list = json(try await client.get("/api/v1/duty/reports?incidentId=\(incident)", token: duty).1)
            #expect(list["total"] as? Int == 2)
        }
    }
}
