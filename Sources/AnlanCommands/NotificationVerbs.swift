import AnlanCore
import AnlanStore
import AnlanWeb
import ArgumentParser
import Foundation
import Logging

/// `anlan notifications …`: the notification benchmark (scripts/bench-notify).
struct Notifications: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Notifications: the delivery benchmark.", subcommands: [Bench.self])

    /// A gateway that takes everything at once: what is timed is anlan's own share of the work.
    struct AcceptingGateway: NotificationGateway {
        func send(_ batch: [GatewayMessage]) async -> [String: GatewayOutcome] {
            return Dictionary(uniqueKeysWithValues: batch.map { ($0.id, GatewayOutcome.accepted(gatewayID: $0.id)) })
        }
    }

    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Times in-app delivery to every account of one role and SMS hand-over to the gateway, each beside a slower way of doing the same, in one run."
        )
        @OptionGroup var storage: StorageOptions
        @Option(help: "The role whose accounts receive the in-app message.") var inAppRole: String = "infoOfficer"
        @Option(help: "The role whose accounts receive the SMS.") var smsRole: String = "departmentUser"
        @Option(help: "Also hand the SMS to this HTTP gateway (the simulator), timed.") var gatewayURL: String?
        @Option(help: "The gateway's token.") var gatewayToken: String = ""

        func run() async throws {
            guard let inAppRole = Role(rawValue: inAppRole), let smsRole = Role(rawValue: smsRole) else {
                throw ValidationError("unknown role")
            }
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            let gatewayURL = gatewayURL, gatewayToken = gatewayToken
            try await settings.withStore(logger: logger, migrate: true) { store in
                guard let duty = try await store.accounts.find(username: "duty") else { throw ValidationError("load the demo first") }
                let caller = Caller(user: duty, ip: nil, requestID: "bench")
                func send(_ role: Role, _ channels: [NotificationChannel], _ subject: String) async throws -> NotificationMessage {
                    try await store.notifications.send(
                        NotificationDraft(subject: subject, text: "基准测试消息", channels: channels, audience: .role(role, divisions: [])),
                        by: caller)
                }
                func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

                // In-app: expansion writes every person's delivery, delivered at once.
                var inApp: [(rows: Int, seconds: Double, deliveries: Int)] = []
                for rows in [1, 200] {
                    let m = try await send(inAppRole, [.inApp], "站内基准 \(rows)")
                    let start = ContinuousClock.now
                    _ = try await store.notifications.expandPending(rowsPerStatement: rows)
                    let took = seconds(ContinuousClock.now - start)
                    inApp.append((rows, took, try await store.notifications.get(m.id, by: caller).recipients))
                }
                for r in inApp {
                    say(
                        String(
                            format: "in-app: %d deliveries written %3d per INSERT in %.2f s (%.0f a second)", r.deliveries, r.rows,
                            r.seconds, Double(r.deliveries) / r.seconds))
                }
                say(
                    String(
                        format: "in-app: batched / one-by-one speed-up %.1fx; goal: 10,000 in under 5 s",
                        inApp[0].seconds / inApp[1].seconds))

                // SMS: expansion, then hand-over to an accepting gateway in batches of 20 and of 200.
                for batch in [20, 200] {
                    let m = try await send(smsRole, [.sms], "短信基准 \(batch)")
                    let gateway = AcceptingGateway()
                    let dispatcher = NotificationDispatcher(store: store, gateway: gateway, batchSize: batch, logger: logger)
                    let start = ContinuousClock.now
                    let handed = try await dispatcher.runOnce()
                    let took = seconds(ContinuousClock.now - start)
                    let recipients = try await store.notifications.get(m.id, by: caller).recipients
                    say(
                        String(
                            format: "sms: %d expanded and %d handed over in batches of %3d in %.2f s (%.0f a second)", recipients, handed,
                            batch, took, Double(handed) / took))
                }
                if let url = gatewayURL.flatMap(URL.init(string:)) {
                    _ = try await send(smsRole, [.sms], "短信基准 HTTP")
                    let gateway = HTTPNotificationGateway(url: url, token: gatewayToken, callback: "http://127.0.0.1:9/unused")
                    let dispatcher = NotificationDispatcher(store: store, gateway: gateway, batchSize: 500, logger: logger)
                    let start = ContinuousClock.now
                    let handed = try await dispatcher.runOnce()
                    let took = seconds(ContinuousClock.now - start)
                    say(
                        String(
                            format:
                                "sms over HTTP to the simulator: %d handed over in batches of 500 in %.2f s (%.0f a second); goal: 100,000 in under 60 s",
                            handed, took, Double(handed) / took))
                }
            }
        }
    }
}
