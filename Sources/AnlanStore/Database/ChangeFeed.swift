import Foundation
import Logging
import PostgresNIO
import Synchronization

/// What changed, as the kinds of records a committed write touched (its audit records' object types: "incident",
/// "dispatch_order", "warning", "resource" …). The situation board listens and re-reads what it shows.
///
/// Within a node a commit is published to the node's subscribers directly. With PostgreSQL and several nodes, each
/// commit is also sent as `NOTIFY anlan_changes` and every node listens (`listen()`, run as a service), so a change made
/// on one node reaches the boards connected to any other; a node ignores its own notifications, already published.
public final class ChangeFeed: Sendable {
    public static let channel = "anlan_changes"
    /// This node's name in the notifications it sends.
    public let node = UUID().uuidString.prefix(8).lowercased()
    private let subscribers = Mutex<[UUID: AsyncStream<Set<String>>.Continuation]>([:])

    init() {}

    /// A stream of change sets from now on; it ends when the caller stops iterating (or `cancel`s).
    public func subscribe() -> AsyncStream<Set<String>> {
        let id = UUID()
        return AsyncStream(bufferingPolicy: .bufferingNewest(64)) { continuation in
            subscribers.withLock { $0[id] = continuation }
            continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        }
    }

    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Hands a change set to every subscriber of this node.
    func publishLocally(_ kinds: Set<String>) {
        guard !kinds.isEmpty else { return }
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(kinds) }
    }

    /// The text of a notification: the sending node, then the kinds.
    func payload(_ kinds: Set<String>) -> String { "\(node)|" + kinds.sorted().joined(separator: ",") }

    /// A notification from another node, published here; our own are skipped.
    func received(_ payload: String) {
        let parts = payload.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] != node else { return }
        publishLocally(Set(parts[1].split(separator: ",").map(String.init)))
    }
}

/// The kinds a transaction touched, collected as it records its audit events.
final class Touched: Sendable {
    private let kinds = Mutex<Set<String>>([])
    func insert(_ kind: String) { _ = kinds.withLock { $0.insert(kind) } }
    var all: Set<String> { kinds.withLock { $0 } }
}

extension Database {
    /// Listens for other nodes' changes until cancelled (PostgreSQL; returns at once on SQLite, which is one node).
    /// A lost connection is retried after a second.
    public func listenForChanges() async {
        guard case .some(let client) = postgresClient else { return }
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: ChangeFeed.channel) { notifications in
                        for try await notification in notifications { changes.received(notification.payload) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("change listener lost its connection; retrying", metadata: ["error": .string("\(error)")])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// After a commit: this node's subscribers at once, other nodes by NOTIFY.
    func announce(_ kinds: Set<String>) async {
        guard !kinds.isEmpty else { return }
        changes.publishLocally(kinds)
        if engine == .postgres {
            do {
                try await reader.raw("SELECT pg_notify(\(bind: ChangeFeed.channel), \(bind: changes.payload(kinds)))").run()
            } catch {
                logger.warning("change notification not sent", metadata: ["error": .string("\(error)")])
            }
        }
    }
}
