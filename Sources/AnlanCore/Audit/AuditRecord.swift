import Foundation

/// What happened, to be appended to the audit log in the same transaction as the change itself.
public struct AuditEvent: Sendable {
    public var action: String
    public var targetType: String
    public var targetID: String?
    public var succeeded: Bool
    /// JSON text of the target before and after the change, where there is one.
    public var before: String?
    public var after: String?

    public init(
        action: String, targetType: String, targetID: String? = nil, succeeded: Bool = true, before: String? = nil,
        after: String? = nil
    ) {
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.succeeded = succeeded
        self.before = before
        self.after = after
    }
}

/// One stored audit record: the event, who did it, and its place in the hash chain.
public struct AuditRecord: Sendable, Hashable, Codable {
    public let seq: Int64
    public let occurredAt: String
    public let userID: String?
    public let username: String?
    public let role: String?
    public let ip: String?
    public let requestID: String?
    public let action: String
    public let targetType: String
    public let targetID: String?
    public let outcome: String
    public let before: String?
    public let after: String?
    public let prevHash: String
    public let hash: String

    public init(
        seq: Int64, occurredAt: String, userID: String?, username: String?, role: String?, ip: String?,
        requestID: String?, action: String, targetType: String, targetID: String?, outcome: String, before: String?,
        after: String?, prevHash: String, hash: String
    ) {
        self.seq = seq
        self.occurredAt = occurredAt
        self.userID = userID
        self.username = username
        self.role = role
        self.ip = ip
        self.requestID = requestID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.outcome = outcome
        self.before = before
        self.after = after
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The hash of the record before the first one.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The exact bytes the hash covers, after the previous record's hash: every field, each as
    /// its length and its UTF-8 text, so no two different records share a serialisation.
    public var canonicalContent: String {
        let fields: [String?] = [
            String(seq), occurredAt, userID, username, role, ip, requestID, action, targetType, targetID, outcome,
            before, after,
        ]
        return fields.map { field in
            guard let field else { return "-" }
            return "\(field.utf8.count):\(field)"
        }.joined(separator: "|")
    }
}
