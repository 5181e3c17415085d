import AnlanCore
import Foundation
import Synchronization

/// Refused requests in the audit log (issue 15, item 11; 等保 8.1.4.3 a: 审计覆盖到每个用户, 对重要的用户行为和重要安全
/// 事件进行审计): a 403, and a 401 to a request that presented a session or token. At most one record a minute for each
/// client and kind of refusal; the refusals in between are counted into the next record (`suppressed`), so a client
/// cannot flood the log by repeating them.
final class RefusalCounter: Sendable {
    private let state = Mutex<[String: (last: Date, suppressed: Int)]>([:])
    static let window: TimeInterval = 60
    static let capacity = 50_000

    /// Whether a refusal of `key` at `now` is recorded, and how many were left out since the last recorded one.
    func admit(_ key: String, now: Date) -> (record: Bool, suppressed: Int) {
        state.withLock { table in
            if table.count > Self.capacity { table = table.filter { now.timeIntervalSince($0.value.last) < Self.window } }
            guard let entry = table[key], now.timeIntervalSince(entry.last) < Self.window else {
                let suppressed = table[key]?.suppressed ?? 0
                table[key] = (now, 0)
                return (true, suppressed)
            }
            table[key] = (entry.last, entry.suppressed + 1)
            return (false, 0)
        }
    }
}

extension AuditLog {
    /// Records a refused request, subject to the once-a-minute limit per client and kind.
    public func recordRefusal(status: Int, code: String, method: String, path: String, by caller: Caller, at now: Date) async throws {
        let who = caller.username ?? caller.ip ?? "-"
        let (record, suppressed) = refusals.admit("\(who)|\(status)", now: now)
        guard record else { return }
        var details = ["status": String(status), "code": code]
        if suppressed > 0 { details["suppressed"] = String(suppressed) }
        let after = auditJSON(details)
        _ = try await database.transaction { sql in
            try await append(
                AuditEvent(
                    action: status == 401 ? "auth.rejected" : "access.denied", targetType: "request", targetID: "\(method) \(path)",
                    succeeded: false, after: after),
                by: caller, at: now, on: sql)
        }
    }
}
