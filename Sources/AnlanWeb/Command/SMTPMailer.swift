import AnlanCore
import AnlanStore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// E-mail through the bureau's mail server (SMTP, RFC 5321): one connection per batch, one mail transaction per
/// message, plain (an intranet relay, port 25) or wrapped in TLS from the first byte (port 465). A 2xx after the
/// message's data is the server taking it (已发送); a 5xx for the address or the message is final (失败, with the
/// server's words); anything else — a 4xx, no connection, no answer within the timeout — is a retry, so a mail server
/// that is down loses nothing.
public struct SMTPMailer: NotificationMailer {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain SMTP (an intranet relay).
        case none
        /// Implicit TLS (SMTPS, port 465), the server's certificate verified against the system's trust store.
        case tls
    }

    let host: String
    let port: Int
    let security: Security
    let username: String?
    let password: String?
    let from: String
    let fromName: String
    let timeout: TimeAmount

    public init(
        host: String, port: Int, security: Security, username: String?, password: String?, from: String, fromName: String,
        timeout: TimeAmount = .seconds(20)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.fromName = fromName
        self.timeout = timeout
    }

    public func send(_ batch: [MailMessage]) async -> [String: GatewayOutcome] {
        var out: [String: GatewayOutcome] = [:]
        do {
            // The whole batch has a deadline (the timeout, and two seconds a message): a server that stops answering has
            // its connection closed, which ends the conversation, and what was not answered is retried.
            try await withSession(deadline: timeout + .seconds(Int64(2 * batch.count))) { session in
                for message in batch {
                    out[message.id] = try await session.deliver(message, from: from, fromName: fromName)
                }
            }
        } catch {
            let reason = "邮件服务器不可用：\(Self.describe(error))"
            for message in batch where out[message.id] == nil { out[message.id] = .retry(reason: reason) }
        }
        return out
    }

    static func describe(_ error: any Error) -> String {
        if let reply = error as? SMTPReply { return "\(reply.code) \(reply.text)" }
        return "\(error)"
    }

    /// Connects, greets (EHLO), authenticates when a user is set, runs `body`, and says QUIT.
    func withSession(deadline: TimeAmount, _ body: (SMTPSession) async throws -> Void) async throws {
        let tls: NIOSSLContext? = security == .tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let host = self.host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(timeout)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: host))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let underlying = channel.channel
        let closer = underlying.eventLoop.scheduleTask(in: deadline) { underlying.close(promise: nil) }
        defer { closer.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            let session = SMTPSession(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            try await session.expect(220)
            try await session.command("EHLO anlan", expect: 250)
            if let username, let password {
                let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
                try await session.command("AUTH PLAIN \(token)", expect: 235)
            }
            try await body(session)
            _ = try? await session.command("QUIT", expect: 221)
        }
    }
}

/// A reply of the server that was not the one expected.
struct SMTPReply: Error {
    let code: Int
    let text: String
}

/// One connection's conversation: commands out, replies (multi-line ones joined) in. Used by one task at a time.
final class SMTPSession {
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var pending = ""

    init(inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// The next complete reply: "250-…" lines continue it, "250 …" ends it.
    func reply() async throws -> SMTPReply {
        var text: [String] = []
        while true {
            while let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPReply(code: 0, text: "无法识别的答复：\(line.prefix(80))") }
                text.append(String(line.dropFirst(4)))
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                    return SMTPReply(code: code, text: text.joined(separator: " "))
                }
            }
            guard var buffer = try await inbound.next() else { throw SMTPReply(code: 0, text: "连接已关闭（或超时）") }
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            if pending.utf8.count > 64 * 1024 { throw SMTPReply(code: 0, text: "答复过长") }
        }
    }

    func expect(_ code: Int) async throws {
        let r = try await reply()
        guard r.code == code else { throw r }
    }

    func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    @discardableResult
    func command(_ line: String, expect code: Int) async throws -> SMTPReply {
        try await write(line + "\r\n")
        let r = try await reply()
        guard r.code == code else { throw r }
        return r
    }

    /// One mail transaction. A 5xx refusal of the address or message is final for it; a 4xx is a retry; both leave the
    /// connection usable (RSET) for the next message.
    func deliver(_ message: MailMessage, from: String, fromName: String) async throws -> GatewayOutcome {
        func answer(_ r: SMTPReply) async throws -> GatewayOutcome {
            try await command("RSET", expect: 250)
            let reason = "邮件服务器答复 \(r.code) \(r.text)"
            return (500..<600).contains(r.code) ? .rejected(reason: reason) : .retry(reason: reason)
        }
        try await write("MAIL FROM:<\(from)>\r\n")
        var r = try await reply()
        guard r.code == 250 else { return try await answer(r) }
        try await write("RCPT TO:<\(message.to)>\r\n")
        r = try await reply()
        guard r.code == 250 || r.code == 251 else { return try await answer(r) }
        try await write("DATA\r\n")
        r = try await reply()
        guard r.code == 354 else { return try await answer(r) }
        try await write(MailFormat.render(message, from: from, fromName: fromName) + "\r\n.\r\n")
        r = try await reply()
        guard (200..<300).contains(r.code) else { return try await answer(r) }
        return .accepted(gatewayID: "<\(message.id)@anlan>")
    }
}

/// A message as RFC 5322 text: UTF-8 headers in encoded words (RFC 2047), the body in base64 (so no line of it starts
/// with a dot and none is too long).
enum MailFormat {
    static func render(_ m: MailMessage, from: String, fromName: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(m.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(word(fromName)) <\(from)>", "To: <\(m.to)>", "Subject: \(word(m.subject))", "Date: \(formatter.string(from: m.date))",
            "Message-ID: <\(m.id)@anlan>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64", "", body,
        ].joined(separator: "\r\n")
    }

    /// "=?UTF-8?B?…?=" in pieces short enough for a header line.
    static func word(_ text: String) -> String {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if (current + String(character)).utf8.count > 45 {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }
}
