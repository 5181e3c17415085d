import Foundation

/// Failed logins counted by source, so that guessing is slowed without letting anyone lock another person out
/// (issue 15, items 4 and 5; GB/T 22239-2019 8.1.4.1 b 登录失败处理; OWASP ASVS 4.0.3 §2.2.1).
///
/// - An account and a source address (the pair) that reach the policy's `maxFailedLogins` failures are refused for
///   `lockoutMinutes`: the guesser's address is locked, the account's owner elsewhere is not.
/// - A source address that fails `sourceFactor` times that many, over any accounts, waits before each further attempt,
///   the wait doubling with each further failure (1 s, 2 s, 4 s … up to `lockoutMinutes`).
/// - A refusal here is the same for an account that exists and one that does not, so it reveals nothing; attempts refused
///   here are neither checked nor counted.
///
/// Failures older than `lockoutMinutes` are forgotten. Counters live in the node's memory: each node of a cluster
/// counts its own.
public struct LoginThrottle: Sendable {
    public static let sourceFactor = 4
    /// At most this many sources and pairs are remembered; the oldest are forgotten first (memory stays bounded under a
    /// flood from many addresses).
    public static let capacity = 100_000

    struct Counter {
        var failures: [Date] = []
        var blockedUntil: Date?
    }

    private var pairs: [String: Counter] = [:]
    private var sources: [String: Counter] = [:]
    private var prunedAt = Date.distantPast

    public init() {}

    /// Whether a login from `source` to `username` may be tried at `now`; if not, until when it must wait.
    public mutating func waitUntil(source: String, username: String, now: Date, policy: SecurityPolicy) -> Date? {
        forgetOld(now: now, policy: policy)
        let blocked = [pairs[Self.pairKey(source, username)]?.blockedUntil, sources[source]?.blockedUntil].compactMap { $0 }
            .filter { $0 > now }
        return blocked.max()
    }

    /// Counts a failed login: how many the pair has now in the window, and whether this one locked it. The first
    /// failure and the lock are worth an audit record each; those between are counted, not recorded one by one.
    @discardableResult
    public mutating func failed(source: String, username: String, now: Date, policy: SecurityPolicy) -> (count: Int, locked: Bool) {
        let window = TimeInterval(policy.lockoutMinutes * 60)
        var pair = pairs[Self.pairKey(source, username)] ?? Counter()
        pair.failures.removeAll { $0 < now.addingTimeInterval(-window) }
        pair.failures.append(now)
        let count = pair.failures.count
        var locked = false
        if count >= policy.maxFailedLogins {
            pair.blockedUntil = now.addingTimeInterval(window)
            pair.failures = []
            locked = true
        }
        pairs[Self.pairKey(source, username)] = pair
        var address = sources[source] ?? Counter()
        address.failures.removeAll { $0 < now.addingTimeInterval(-window) }
        address.failures.append(now)
        let excess = address.failures.count - policy.maxFailedLogins * Self.sourceFactor
        if excess >= 0 {
            address.blockedUntil = now.addingTimeInterval(min(window, pow(2, Double(min(excess, 20)))))
        }
        sources[source] = address
        return (count, locked)
    }

    /// A successful login clears the pair (the source's count stays: one success does not excuse a spray).
    public mutating func succeeded(source: String, username: String) {
        pairs[Self.pairKey(source, username)] = nil
    }

    private static func pairKey(_ source: String, _ username: String) -> String { source + "\u{1F}" + username.lowercased() }

    /// Drops what has expired, once a minute (or at once when a table outgrows its capacity).
    private mutating func forgetOld(now: Date, policy: SecurityPolicy) {
        guard now.timeIntervalSince(prunedAt) >= 60 || pairs.count > Self.capacity || sources.count > Self.capacity else { return }
        prunedAt = now
        let since = now.addingTimeInterval(-TimeInterval(policy.lockoutMinutes * 60))
        func prune(_ table: inout [String: Counter]) {
            table = table.compactMapValues { counter in
                var counter = counter
                counter.failures.removeAll { $0 < since }
                if let until = counter.blockedUntil, until <= now { counter.blockedUntil = nil }
                return counter.failures.isEmpty && counter.blockedUntil == nil ? nil : counter
            }
            if table.count > Self.capacity {
                let newest = table.sorted { ($0.value.failures.last ?? .distantPast) > ($1.value.failures.last ?? .distantPast) }
                table = Dictionary(uniqueKeysWithValues: newest.prefix(Self.capacity).map { ($0.key, $0.value) })
            }
        }
        prune(&pairs)
        prune(&sources)
    }
}
