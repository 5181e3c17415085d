import AnlanCore
import Foundation
import Logging

/// One message handed to the SMS and voice gateway. `id` is the delivery's: the gateway's idempotency key, so a
/// delivery handed over again after a crash reaches the person once.
public struct GatewayMessage: Sendable, Codable, Equatable {
    public let id: String
    public let channel: String
    public let to: String
    public let text: String

    public init(id: String, channel: String, to: String, text: String) {
        self.id = id
        self.channel = channel
        self.to = to
        self.text = text
    }
}

/// The SMS and voice gateway (融合通信 adapter): takes a batch, answers per message.
public protocol NotificationGateway: Sendable {
    func send(_ batch: [GatewayMessage]) async -> [String: GatewayOutcome]
}

/// One e-mail: `id` is the delivery's (its Message-ID, so a mail handed over again is recognisable as the same).
public struct MailMessage: Sendable, Equatable {
    public let id: String
    public let to: String
    public let subject: String
    public let text: String
    public let date: Date

    public init(id: String, to: String, subject: String, text: String, date: Date) {
        self.id = id
        self.to = to
        self.subject = subject
        self.text = text
        self.date = date
    }
}

/// The mail server (SMTP): takes a batch, answers per message as the gateway does.
public protocol NotificationMailer: Sendable {
    func send(_ batch: [MailMessage]) async -> [String: GatewayOutcome]
}

/// Drives the outbox: expands waiting notifications to people, then hands due SMS and voice deliveries to the gateway
/// and e-mail to the mail server in batches, at most `ratePerSecond` a second per node, and records each answer. Safe to run on several nodes at once
/// and to stop at any point: whatever was claimed and not recorded is taken again when its lease runs out.
public struct NotificationDispatcher: Sendable {
    let notifications: NotificationRepository
    let gateway: (any NotificationGateway)?
    let mailer: (any NotificationMailer)?
    let catalogs: SupervisionCatalogs
    let batchSize: Int
    let ratePerSecond: Double?
    let logger: Logger

    public init(
        store: Store, gateway: (any NotificationGateway)?, mailer: (any NotificationMailer)? = nil, batchSize: Int = 200,
        ratePerSecond: Double? = nil, logger: Logger
    ) {
        self.notifications = store.notifications
        self.gateway = gateway
        self.mailer = mailer
        self.catalogs = store.catalogs
        self.batchSize = batchSize
        self.ratePerSecond = ratePerSecond
        self.logger = logger
    }

    /// One round: expand, then hand over until nothing is due. Answers how many deliveries went to the gateway.
    @discardableResult
    public func runOnce() async throws -> Int {
        while try await notifications.expandPending() > 0 {}
        var handed = 0
        var texts: [UUID: String] = [:]
        var mails: [UUID: (subject: String, text: String, at: Date)] = [:]
        var signature: String?
        while true {
            let started = Date()
            let due = try await notifications.claimDue(limit: batchSize)
            if due.isEmpty { break }
            if signature == nil { signature = try await catalogs.authority() }
            for id in Set(due.map(\.notificationID)) where texts[id] == nil {
                let m = try await notifications.get(id, by: .console("dispatcher-read"))
                texts[id] = "【\(signature ?? "")】\(m.subject)：\(m.text)"
                mails[id] = ("【\(signature ?? "")】\(m.subject)", "\(m.text)\n\n—— \(signature ?? "")（安澜应急管理平台自动发送）", m.createdAt)
            }
            let phoned = due.filter { $0.channel != .email }, mailed = due.filter { $0.channel == .email }
            var answers: [String: GatewayOutcome] = [:]
            if !phoned.isEmpty {
                let batch = phoned.map {
                    GatewayMessage(id: $0.id.key, channel: $0.channel.rawValue, to: $0.address, text: texts[$0.notificationID] ?? "")
                }
                if let gateway {
                    answers = await gateway.send(batch)
                } else {
                    for m in batch { answers[m.id] = .retry(reason: "未配置短信语音网关") }
                }
            }
            if !mailed.isEmpty {
                let batch = mailed.map { d in
                    let m = mails[d.notificationID]
                    return MailMessage(id: d.id.key, to: d.address, subject: m?.subject ?? "", text: m?.text ?? "", date: m?.at ?? Date())
                }
                if let mailer {
                    answers.merge(await mailer.send(batch)) { $1 }
                } else {
                    for m in batch { answers[m.id] = .retry(reason: "未配置邮件服务器") }
                }
            }
            try await notifications.record(due.map { ($0.id, answers[$0.id.key] ?? .retry(reason: "网关未答复此条")) })
            handed += due.count
            if let rate = ratePerSecond {
                let wait = Double(due.count) / rate - Date().timeIntervalSince(started)
                if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            }
        }
        return handed
    }

    /// Runs rounds every `interval` until the task is cancelled; a failed round is logged and the next one tried.
    public func run(interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            do { try await runOnce() } catch is CancellationError { return } catch {
                logger.error("notification dispatch round failed", metadata: ["error": .string("\(error)")])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
