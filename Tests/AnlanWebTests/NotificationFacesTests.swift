import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A gateway in the test's hands: it counts every hand-over per delivery and answers as it is told.
final class FakeGateway: NotificationGateway {
    let calls = Mutex<[String: Int]>([:])
    let answer: @Sendable (GatewayMessage, Int) -> GatewayOutcome

    init(answer: @escaping @Sendable (GatewayMessage, Int) -> GatewayOutcome = { m, _ in .accepted(gatewayID: "g-" + m.id) }) {
        self.answer = answer
    }

    func send(_ batch: [GatewayMessage]) async -> [String: GatewayOutcome] {
        var out: [String: GatewayOutcome] = [:]
        for m in batch {
            let n = calls.withLock { calls -> Int in
                calls[m.id, default: 0] += 1
                return calls[m.id]!
            }
            out[m.id] = answer(m, n)
        }
        return out
    }

    var handedOver: [String: Int] { calls.withLock { $0 } }
}

/// Notifications from the outbox to every person (the test clock reads 2026-11-18 19:06 Beijing time).
@Suite("Notifications")
struct NotificationFacesTests {
    static let logger = Logger(label: "test")

    static func body(_ pairs: [(String, Any)]) -> String {
        var object: [String: Any] = [:]
        for (k, v) in pairs { object[k] = v }
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test("sending refuses the same on both faces")
    func refusals() async throws {
        try await withApp { _, _, client in
            let duty = try await client.token("duty")
            let session = try #require(try await client.browserLogin("duty").1)
            let base: [(String, String)] = [
                ("subject", "防汛通知"), ("text", "请立即转移"), ("channels", "sms"), ("audience", "role"), ("role", "townshipOfficer"),
            ]
            for (form, code) in [
                (changed(base, [("subject", "")]), "notification.field_required"),
                (base.filter { $0.0 != "channels" }, "notification.field_required"),
                (changed(base, [("channels", "fax")]), "notification.channels_invalid"),
                (changed(base, [("audience", "everyone")]), "notification.audience_invalid"),
                (changed(base, [("role", "systemAdmin")]), "notification.role_invalid"),
                (changed(base, [("audience", "phones"), ("phones", "张三 12345")]), "notification.phones_invalid"),
                (
                    changed(base, [("audience", "phones"), ("phones", "张三 13900000001"), ("channels", "inApp")]),
                    "notification.channel_needs_account"
                ),
                (changed(base, [("text", String(repeating: "水", count: 501))]), "notification.text_too_long"),
            ] {
                let page = try await postForm(client, session: session, csrfFrom: "/notifications/new", to: "/notifications", form: form)
                var object: [String: Any] = [:]
                for (k, v) in form { object[k] = k == "channels" ? ((object[k] as? [String]) ?? []) + [v] : v }
                let api = try await client.send(
                    .post, "/api/v1/notifications", token: duty,
                    json: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
                expectSame(page, api, "\(form)")
                #expect(json(api.1)["code"] as? String == code, "\(form)")
            }
            #expect(json(try await client.get("/api/v1/notifications", token: duty).1)["total"] as? Int == 0)
            let township = try await client.token("township")
            let refused = try await client.send(
                .post, "/api/v1/notifications", token: township,
                json: Self.body([("subject", "x"), ("text", "y"), ("channels", ["sms"]), ("audience", "role"), ("role", "infoOfficer")]))
            #expect(refused.0 == .forbidden)
        }
    }

    @Test("a group expands to people when sent; in-app is delivered at once and acknowledged; SMS goes through the gateway to its receipt")
    func delivery() async throws {
        try await withApp { fixtures, _, client in
            let duty = try await client.token("duty")
            let sent = try await client.send(
                .post, "/api/v1/notifications", token: duty,
                json: Self.body([
                    ("subject", "防汛紧急通知"), ("text", "青山溪水位超警戒，请组织沿溪群众转移。"), ("channels", ["inApp", "sms"]),
                    ("audience", "accounts"), ("usernames", ["township", "leader", "nobody-such"]),
                ]))
            #expect(sent.0 == .created && json(sent.1)["expandedAt"] == nil)
            let id = try #require(json(sent.1)["id"] as? String)
            let gateway = FakeGateway()
            let dispatcher = NotificationDispatcher(store: fixtures.store, gateway: gateway, logger: Self.logger)
            let handed = try await dispatcher.runOnce()
            let phones = try await [
                fixtures.store.accounts.find(username: "township")?.phone, fixtures.store.accounts.find(username: "leader")?.phone,
            ]
            let withPhone = phones.compactMap { $0 }.filter(NotificationDraft.isMobile).count
            #expect(withPhone == 2, "the demo's business accounts have mobile numbers")
            #expect(handed == withPhone && gateway.handedOver.values.allSatisfy { $0 == 1 })
            let got = json(try await client.get("/api/v1/notifications/\(id)", token: duty).1)
            let tally = try #require(got["tally"] as? [String: [String: Int]])
            #expect(got["recipients"] as? Int == 4, "two people on two channels; the unknown account is nobody")
            #expect(tally["inApp"]?["delivered"] == 2 && (tally["sms"]?["sent"] ?? 0) == withPhone)

            // Each count of the tally is the list it stands for: channel and state.
            for (channel, states) in tally {
                for (state, count) in states {
                    let listed = json(
                        try await client.get("/api/v1/notifications/\(id)/deliveries?channel=\(channel)&state=\(state)", token: duty).1)
                    #expect(listed["total"] as? Int == count, "\(channel) \(state)")
                }
            }
            // Notifications name people and their numbers: outside the desk, one reads one's own inbox only.
            let townshipToken = try await client.token("township")
            #expect(try await client.get("/api/v1/notifications", token: townshipToken).0 == .forbidden)
            #expect(try await client.get("/api/v1/notifications/\(id)/deliveries", token: townshipToken).0 == .forbidden)
            let townshipSession = try #require(try await client.browserLogin("township").1)
            let redirected = try await client.get("/notifications", cookie: townshipSession)
            #expect(redirected.0 == .found && redirected.2[.location] == "/inbox")
            // The receipts come back with the gateway's token; a wrong token is refused.
            let deliveries = try #require(
                json(try await client.get("/api/v1/notifications/\(id)/deliveries?state=sent", token: duty).1)["items"] as? [[String: Any]])
            let receipt = Self.body([("receipts", deliveries.map { ["id": $0["id"] as! String, "status": "delivered"] })])
            let wrong = try await client.execute(
                uri: "/api/v1/notifications/receipts", method: .post,
                headers: [.contentType: "application/json", .init("X-Gateway-Token")!: "wrong-token-wrong-token"],
                body: ByteBuffer(string: receipt)
            ) { $0.status }
            #expect(wrong == .unauthorized)
            let applied = try await client.execute(
                uri: "/api/v1/notifications/receipts", method: .post,
                headers: [.contentType: "application/json", .init("X-Gateway-Token")!: WebTestGateway.token],
                body: ByteBuffer(string: receipt)
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(applied.0 == .ok && json(applied.1)["applied"] as? Int == withPhone)

            // The township official sees the message in the inbox and on the desk, and acknowledges it.
            let township = try await client.token("township")
            let inbox = try #require(
                json(try await client.get("/api/v1/inbox?unacknowledged=true", token: township).1)["items"] as? [[String: Any]])
            #expect(inbox.count == 1 && inbox[0]["subject"] as? String == "防汛紧急通知")
            let delivery = try #require((inbox[0]["delivery"] as? [String: Any])?["id"] as? String)
            #expect(
                try await client.send(.post, "/api/v1/inbox/\(delivery)/acknowledge", token: duty, json: "{}").0 == .notFound,
                "only one's own")
            let ack = try await client.send(.post, "/api/v1/inbox/\(delivery)/acknowledge", token: township, json: "{}")
            #expect(ack.0 == .ok && json(ack.1)["state"] as? String == "acknowledged")
            #expect(json(try await client.get("/api/v1/inbox?unacknowledged=true", token: township).1)["total"] as? Int == 0)
            _ = fixtures
        }
    }

    @Test("a gateway that is down loses nothing: retries back off, then the delivery fails with the reason")
    func retries() async throws {
        try await withApp { fixtures, _, client in
            let duty = try await client.token("duty")
            _ = try await client.send(
                .post, "/api/v1/notifications", token: duty,
                json: Self.body([
                    ("subject", "测试"), ("text", "网关故障演练"), ("channels", ["sms"]), ("audience", "phones"),
                    ("phones", "甲 13900000001\n乙 13900000002\n丙 13900000003"),
                ]))
            // The first number's gateway call fails once, the second is never deliverable, the third is down for good.
            let gateway = FakeGateway { m, n in
                switch m.to {
                case "13900000001": n == 1 ? .retry(reason: "HTTP 503") : .accepted(gatewayID: "ok")
                case "13900000002": .rejected(reason: "空号")
                default: .retry(reason: "连接超时")
                }
            }
            let dispatcher = NotificationDispatcher(store: fixtures.store, gateway: gateway, logger: Self.logger)
            #expect(try await dispatcher.runOnce() == 3)
            #expect(try await dispatcher.runOnce() == 0, "nothing is due before its back-off")
            for _ in 0..<DeliveryRetry.maximumAttempts {
                fixtures.clock.advance(seconds: 600)
                try await dispatcher.runOnce()
            }
            let calls = gateway.handedOver
            #expect(calls.count == 3)
            let list = try await fixtures.store.notifications.list(
                incidentID: nil, page: try PageRequest(pageSize: 10), by: fixtures.caller("duty"))
            let all = try await fixtures.store.notifications.deliveries(
                of: list.items[0].id, state: nil, page: try PageRequest(pageSize: 10), by: fixtures.caller("duty"))
            let by = Dictionary(uniqueKeysWithValues: all.items.map { ($0.address, $0) })
            #expect(by["13900000001"]?.state == .sent && by["13900000001"]?.attempts == 2)
            #expect(by["13900000002"]?.state == .failed && by["13900000002"]?.lastError == "空号" && by["13900000002"]?.attempts == 1)
            #expect(by["13900000003"]?.state == .failed && by["13900000003"]?.attempts == DeliveryRetry.maximumAttempts)
            #expect(by["13900000003"]?.lastError?.contains("连接超时") == true)
        }
    }

    @Test("stopped mid-send, the next node takes what was claimed only after the lease, and two dispatchers never hand one delivery twice")
    func leases() async throws {
        try await withApp { fixtures, _, client in
            let duty = try await client.token("duty")
            let phones = (0..<300).map { "人员\($0) 139\(String(format: "%08d", $0))" }.joined(separator: "\n")
            _ = try await client.send(
                .post, "/api/v1/notifications", token: duty,
                json: Self.body([("subject", "批量"), ("text", "批量测试"), ("channels", ["sms"]), ("audience", "phones"), ("phones", phones)]))
            _ = try await fixtures.store.notifications.expandPending()
            // A node claims a batch and dies before it hands it over.
            let lost = try await fixtures.store.notifications.claimDue(limit: 50)
            #expect(lost.count == 50)
            let gateway = FakeGateway()
            let a = NotificationDispatcher(store: fixtures.store, gateway: gateway, batchSize: 40, logger: Self.logger)
            let b = NotificationDispatcher(store: fixtures.store, gateway: gateway, batchSize: 40, logger: Self.logger)
            async let first = a.runOnce()
            async let second = b.runOnce()
            let (x, y) = try await (first, second)
            #expect(x + y == 250, "the claimed fifty wait for their lease")
            fixtures.clock.advance(seconds: NotificationRepository.lease + 1)
            #expect(try await a.runOnce() == 50)
            #expect(gateway.handedOver.count == 300 && gateway.handedOver.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("a warning published with notification writes both in one transaction; a refused one writes neither")
    func warningNotifies() async throws {
        try await withApp { fixtures, _, client in
            let duty = try await client.token("duty")
            let fields =
                WarningFacesTests.flood + [("notifyRoles", "townshipOfficer"), ("notifyChannels", "sms"), ("notifyChannels", "inApp")]
            var object: [String: Any] = [:]
            for (k, v) in fields {
                if ["divisionCodes", "notifyRoles", "notifyChannels"].contains(k) {
                    object[k] = ((object[k] as? [String]) ?? []) + [v]
                } else {
                    object[k] = v
                }
            }
            let json1 = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            let published = try await client.send(.post, "/api/v1/warnings", token: duty, json: json1)
            #expect(published.0 == .created, "\(published.1)")
            let warningID = try #require(json(published.1)["id"] as? String)
            let sent = try #require(json(try await client.get("/api/v1/notifications", token: duty).1)["items"] as? [[String: Any]])
            #expect(sent.count == 1 && sent[0]["warningId"] as? String == warningID)
            try await NotificationDispatcher(store: fixtures.store, gateway: FakeGateway(), logger: Self.logger).runOnce()
            let township = try await client.token("township")  // 青山镇, inside the warning's area
            #expect(json(try await client.get("/api/v1/inbox", token: township).1)["total"] as? Int == 1)

            object["notifyChannels"] = nil
            let incomplete = try await client.send(
                .post, "/api/v1/warnings", token: duty,
                json: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            #expect(json(incomplete.1)["code"] as? String == "warning.notify_incomplete")
            #expect(json(try await client.get("/api/v1/notifications", token: duty).1)["total"] as? Int == 1)
            #expect(json(try await client.get("/api/v1/warnings", token: duty).1)["total"] as? Int == 1)
        }
    }
}
