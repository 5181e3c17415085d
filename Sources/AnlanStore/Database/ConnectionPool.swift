import Synchronization

/// Lends each of a few connections to one borrower at a time, in arrival order, suspending (never blocking a thread)
/// while all are out.
///
/// SQLite: the writer is a pool of one, so write transactions never interleave on it; the readers are a pool of a few,
/// so no two queries share a reader at once. A reader runs each query in the snapshot of whatever statement is active
/// on it: two queries sharing a connection could read inside an older query's snapshot and miss a write that was
/// acknowledged before they began (issue 15: 31 misses in 2,516 reads-after-create). A query that has its connection to
/// itself starts a fresh snapshot and sees every committed write.
final class ConnectionPool<Connection: Sendable>: Sendable {
    private struct State {
        var free: [Connection]
        var waiters: [CheckedContinuation<Connection, Never>] = []
    }

    private let state: Mutex<State>
    let all: [Connection]

    init(_ connections: [Connection]) {
        precondition(!connections.isEmpty, "a pool needs a connection")
        all = connections
        state = Mutex(State(free: connections))
    }

    private func take() async -> Connection {
        await withCheckedContinuation { (continuation: CheckedContinuation<Connection, Never>) in
            let lent = state.withLock { state -> Connection? in
                if let free = state.free.popLast() { return free }
                state.waiters.append(continuation)
                return nil
            }
            if let lent { continuation.resume(returning: lent) }
        }
    }

    private func give(_ connection: Connection) {
        let next = state.withLock { state -> CheckedContinuation<Connection, Never>? in
            if state.waiters.isEmpty {
                state.free.append(connection)
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume(returning: connection)
    }

    /// Runs `body` with a connection of its own, returned to the pool when `body` ends.
    func with<T>(_ body: (Connection) async throws -> T) async rethrows -> T {
        let connection = await take()
        defer { give(connection) }
        return try await body(connection)
    }
}
