import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The server's connections, kept within limits (issue 15, item 3): a connection must finish its first request head
/// within the idle timeout (a client that connects and sends nothing, or trickles a head, is closed); once a request
/// is under way Hummingbird's own idle timer closes a stalled body or an idle keep-alive connection; and no more than
/// `maxConnections` are open at once, so that slow clients cannot use up the process's file descriptors. The board's
/// WebSocket, once upgraded, is exempt from the idle timer.
public struct ConnectionLimits: Sendable {
    public var idleTimeout: Duration
    public var maxConnections: Int
    /// TLS for every connection, when the server speaks it itself.
    public var tls: ServerCertificate?

    public init(idleTimeout: Duration = .seconds(30), maxConnections: Int = 2_000, tls: ServerCertificate? = nil) {
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.tls = tls
    }

    /// HTTP/1.1 with the board's WebSocket upgrade, within these limits.
    public func server(
        shouldUpgrade:
            @escaping @Sendable (HTTPRequest, any Channel, Logger) async throws -> ShouldUpgradeResult<
                WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>
            >
    ) -> HTTPServerBuilder {
        let open = OpenConnections(limit: maxConnections)
        let tls = self.tls
        let timeout = TimeAmount.nanoseconds(Int64(idleTimeout.components.seconds) * 1_000_000_000)
        return HTTPServerBuilder { responder in
            GuardedChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, configuration: .init(http1: .init(idleTimeout: timeout)), shouldUpgrade: shouldUpgrade),
                open: open, headTimeout: timeout, tls: tls)
        }
    }
}

/// How many connections are open, against the limit.
final class OpenConnections: Sendable {
    private let count = Atomic<Int>(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Counts a new connection in, unless the limit is reached.
    func admit() -> Bool {
        if count.add(1, ordering: .relaxed).newValue <= limit { return true }
        count.subtract(1, ordering: .relaxed)
        return false
    }

    func release() { count.subtract(1, ordering: .relaxed) }
}

struct GuardedChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value
    let inner: HTTP1WebSocketUpgradeChannel
    let open: OpenConnections
    let headTimeout: TimeAmount
    let tls: ServerCertificate?

    struct OverLimit: Error {}

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard open.admit() else {
            logger.notice("connection refused: too many open connections", metadata: ["limit": .stringConvertible(open.limit)])
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(OverLimit())
        }
        let open = self.open
        channel.closeFuture.whenComplete { _ in open.release() }
        return channel.eventLoop.makeCompletedFuture {
            // The deadline sits after TLS, so the handshake counts against it and the head is read decrypted.
            if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.context)) }
            try channel.pipeline.syncOperations.addHandler(RawReplyPoint())
            try channel.pipeline.syncOperations.addHandler(FirstHeadDeadline(timeout: headTimeout))
        }.flatMap { inner.setup(channel: channel, logger: logger) }.flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(ParserErrorReply())
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        var quiet = logger
        quiet.handler = ClosedBeforeRequest(inner: logger.handler)
        await inner.handle(value: value, logger: quiet)
    }
}

/// A request the HTTP parser refuses (bytes a request line or header may not hold, such as unencoded UTF-8 in the
/// path) raises an error that nothing in the upgradable pipeline answers: the negotiation waited for a head that never
/// came, with no idle timer yet, and the client waited with the connection open. Sitting last in the pipeline, this
/// answers such an error 400 with the error body and closes the connection; other errors pass on.
final class ParserErrorReply: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else { return context.fireErrorCaught(error) }
        RawReplyPoint.badRequest(on: context.channel)
    }
}

/// A point at the front of the pipeline (after TLS, before the HTTP codec) from which bytes can be written as they
/// are, when the codec cannot be used: the answer to a request it could not parse.
final class RawReplyPoint: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { context.fireChannelRead(data) }

    static let badRequestBody = #"{"code":"request.malformed","message":"请求格式不正确：请求行或请求头无法解析（路径和参数中的中文等字符须经 URL 编码）。"}"#

    /// Writes a 400 with the error body and closes the connection. On the channel's event loop.
    static func badRequest(on channel: any Channel) {
        guard channel.isActive, let context = try? channel.pipeline.syncOperations.context(handlerType: RawReplyPoint.self) else {
            channel.close(promise: nil)
            return
        }
        let body = Array(badRequestBody.utf8)
        let head =
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        var buffer = channel.allocator.buffer(capacity: head.utf8.count + body.count)
        buffer.writeString(head)
        buffer.writeBytes(body)
        context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Closes the connection unless the first request's head (up to its blank line) arrives within `timeout`; then steps
/// aside. Sits before the HTTP decoder and passes every byte on unchanged.
final class FirstHeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// The last bytes seen, to find "\r\n\r\n" across reads.
    private var tail: [UInt8] = []

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let bytes = tail + (buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? [])
        let headEnded = bytes.count >= 4 && (0...(bytes.count - 4)).contains { bytes[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) }
        tail = Array(bytes.suffix(3))
        context.fireChannelRead(data)
        if headEnded {
            deadline?.cancel()
            deadline = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}

/// A connection closed before its first request head was read (the client went away, or `FirstHeadDeadline` closed
/// it) is no server error, but the WebSocket upgrade handler logs it as one ("Error handling upgrade result"): this
/// handler says it at debug level; everything else passes unchanged.
struct ClosedBeforeRequest: LogHandler {
    var inner: any LogHandler

    func log(event: LogEvent) {
        var event = event
        if event.level == .error, event.message.description == "Error handling upgrade result" {
            guard inner.logLevel <= .debug else { return }
            event.level = .debug
        }
        inner.log(event: event)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }
}

/// The server's certificate and key (PEM files), reloaded when either file changes: a renewed certificate is used for
/// new connections without a restart (issue 15, item 8). TLS 1.2 at least.
public final class ServerCertificate: Sendable {
    public let certificatePath: String
    public let keyPath: String
    private let state: Mutex<(context: NIOSSLContext, stamp: String)>

    public init(certificatePath: String, keyPath: String) throws {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        state = Mutex((try Self.load(certificatePath, keyPath), Self.stamp(certificatePath, keyPath)))
    }

    var context: NIOSSLContext { state.withLock { $0.context } }

    /// Loads the files again if either changed since the last load. Returns true if it did; a pair that does not load
    /// (a half-copied renewal) is reported and the one in use kept.
    @discardableResult
    public func reloadIfChanged() throws -> Bool {
        let stamp = Self.stamp(certificatePath, keyPath)
        guard stamp != state.withLock({ $0.stamp }) else { return false }
        let context = try Self.load(certificatePath, keyPath)
        state.withLock { $0 = (context, stamp) }
        return true
    }

    private static func load(_ certificatePath: String, _ keyPath: String) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: configuration)
    }

    private static func stamp(_ paths: String...) -> String {
        paths.map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(modified):\(attributes?[.size] as? Int ?? -1)"
        }.joined(separator: "|")
    }
}
