import AnlanCore
import Crypto
import Foundation
import SQLKit

/// The append-only, hash-chained audit log.
///
/// Each record holds SHA-256(previous hash + "\n" + its canonical content). A one-row head table holds
/// the last sequence number and hash; appending locks it, so records form one chain on both engines.
public struct AuditLog: Sendable {
    let database: Database
    /// Refused requests recently recorded, shared by every copy of the log.
    let refusals = RefusalCounter()

    /// Appends inside the caller's transaction, so the record is stored exactly when the change is.
    @discardableResult
    func append(_ event: AuditEvent, by caller: Caller, at date: Date, on sql: any SQLDatabase) async throws
        -> AuditRecord
    {
        struct Head: Decodable { let last_seq: Int64; let last_hash: String }
        let lock = database.engine == .postgres ? " FOR UPDATE" : ""
        guard
            let head = try await sql.raw(
                SQLQueryString("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1" + lock)
            ).first(decoding: Head.self)
        else {
            throw AnlanError(.conflict, code: "audit.head_missing", message: "审计日志链头缺失，数据库已损坏。")
        }
        let unsigned = AuditRecord(
            seq: head.last_seq + 1, occurredAt: Timestamp.string(date), userID: caller.userID?.key,
            username: caller.username, role: caller.role?.rawValue, ip: caller.ip, requestID: caller.requestID,
            action: event.action, targetType: event.targetType, targetID: event.targetID,
            outcome: event.succeeded ? "success" : "failure", before: event.before, after: event.after,
            prevHash: head.last_hash, hash: "")
        let record = unsigned.sealed()
        try await sql.insert(into: "audit_log")
            .columns(
                "seq", "occurred_at", "user_id", "username", "role", "ip", "request_id", "action", "target_type",
                "target_id", "outcome", "before_json", "after_json", "prev_hash", "hash"
            )
            .values(
                SQLBind(record.seq), SQLBind(record.occurredAt), SQLBind(record.userID), SQLBind(record.username),
                SQLBind(record.role), SQLBind(record.ip), SQLBind(record.requestID), SQLBind(record.action),
                SQLBind(record.targetType), SQLBind(record.targetID), SQLBind(record.outcome),
                SQLBind(record.before), SQLBind(record.after), SQLBind(record.prevHash), SQLBind(record.hash)
            )
            .run()
        try await sql.update("audit_chain_head")
            .set("last_seq", to: SQLBind(record.seq)).set("last_hash", to: SQLBind(record.hash))
            .where("id", .equal, SQLBind(1))
            .run()
        return record
    }

    /// What to look for in the log.
    public struct Filter: Sendable {
        public var username: String?
        public var action: String?
        public var targetType: String?
        public var targetID: String?
        public var from: Date?
        public var to: Date?

        public init(
            username: String? = nil, action: String? = nil, targetType: String? = nil, targetID: String? = nil,
            from: Date? = nil, to: Date? = nil
        ) {
            self.username = username
            self.action = action
            self.targetType = targetType
            self.targetID = targetID
            self.from = from
            self.to = to
        }
    }

    /// Newest first. Only the audit administrator may call it.
    public func search(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<AuditRecord> {
        try caller.require(.readAudit)
        let sql = database.reader
        let total =
            try await Self.apply(filter, to: sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_log"))
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await Self.apply(filter, to: sql.select().column("*").from("audit_log"))
            .orderBy("seq", .descending).limit(page.pageSize).offset(page.offset)
            .all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// The caller's own latest sign-in records (logins, failed attempts on their account, source lockouts, logouts), for
    /// the owner to see who tried their account: the one part of the audit log every user reads, about themselves only.
    public func signIns(by caller: Caller, limit: Int = 20) async throws -> [AuditRecord] {
        guard let userID = caller.userID else { return [] }
        return try await database.reader.select().column("*").from("audit_log").where("target_type", .equal, SQLBind("user"))
            .where("target_id", .equal, SQLBind(userID.key)).where("action", .like, SQLBind("auth.%"))
            .orderBy("seq", .descending).limit(limit).all().map(Self.decode)
    }

    /// Records that an export with this filter starts; call before reading its batches.
    public func recordExport(_ filter: Filter, by caller: Caller, at date: Date) async throws {
        try caller.require(.readAudit)
        _ = try await database.transaction { sql in
            try await append(
                AuditEvent(action: "audit.export", targetType: "audit_log", after: auditJSON(FilterSnapshot(filter))),
                by: caller, at: date, on: sql)
        }
    }

    /// One batch of an export, newest first: the records matching the filter older than `before`
    /// (nil: from the newest). An export of any size reads batch after batch with the last `seq`,
    /// holding one batch in memory at a time.
    public func exportBatch(_ filter: Filter, before: Int64?, limit: Int = 500, by caller: Caller) async throws -> [AuditRecord] {
        try caller.require(.readAudit)
        var query = Self.apply(filter, to: database.reader.select().column("*").from("audit_log"))
        if let before { query = query.where("seq", .lessThan, SQLBind(before)) }
        return try await query.orderBy("seq", .descending).limit(limit).all().map(Self.decode)
    }

    private struct FilterSnapshot: Encodable {
        let username: String?, action: String?, targetType: String?, targetID: String?, from: String?, to: String?
        init(_ f: Filter) {
            username = f.username
            action = f.action
            targetType = f.targetType
            targetID = f.targetID
            from = f.from.map(Timestamp.string)
            to = f.to.map(Timestamp.string)
        }
    }

    /// The result of walking the chain.
    public enum Verification: Sendable, Equatable {
        case intact(records: Int)
        case broken(seq: Int64, reason: String)
    }

    /// Walks the whole chain from the first record and names the first one that does not fit.
    public func verify() async throws -> Verification {
        var chain = AuditChainCheck(expectedSeq: 1, previousHash: AuditRecord.genesisHash)
        var after: Int64 = 0
        while true {
            let records = try await batch(after: after, through: .max)
            for record in records {
                if let broken = chain.admit(record) { return .broken(seq: broken.seq, reason: broken.reason) }
            }
            guard let last = records.last else { break }
            after = last.seq
        }
        let lastSeq = (chain.expectedSeq ?? 1) - 1
        struct Head: Decodable { let last_seq: Int64; let last_hash: String }
        let head = try await database.reader.raw("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1")
            .first(decoding: Head.self)
        guard let head, head.last_seq == lastSeq, head.last_hash == chain.previousHash else {
            return .broken(seq: lastSeq, reason: "链头与最后一条记录不符：末尾记录被删除或链头被改动")
        }
        return .intact(records: Int(lastSeq))
    }

    private static func apply(_ filter: Filter, to query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        if let v = filter.username, !v.isEmpty { query = query.where("username", .equal, SQLBind(v)) }
        if let v = filter.action, !v.isEmpty { query = query.where("action", .equal, SQLBind(v)) }
        if let v = filter.targetType, !v.isEmpty { query = query.where("target_type", .equal, SQLBind(v)) }
        if let v = filter.targetID, !v.isEmpty { query = query.where("target_id", .equal, SQLBind(v)) }
        if let v = filter.from { query = query.where("occurred_at", .greaterThanOrEqual, SQLBind(Timestamp.string(v))) }
        if let v = filter.to { query = query.where("occurred_at", .lessThan, SQLBind(Timestamp.string(v))) }
        return query
    }

    static func decode(_ row: any SQLRow) throws -> AuditRecord {
        AuditRecord(
            seq: try row.decode(column: "seq", as: Int64.self),
            occurredAt: try row.decode(column: "occurred_at", as: String.self),
            userID: try row.decode(column: "user_id", as: String?.self),
            username: try row.decode(column: "username", as: String?.self),
            role: try row.decode(column: "role", as: String?.self),
            ip: try row.decode(column: "ip", as: String?.self),
            requestID: try row.decode(column: "request_id", as: String?.self),
            action: try row.decode(column: "action", as: String.self),
            targetType: try row.decode(column: "target_type", as: String.self),
            targetID: try row.decode(column: "target_id", as: String?.self),
            outcome: try row.decode(column: "outcome", as: String.self),
            before: try row.decode(column: "before_json", as: String?.self),
            after: try row.decode(column: "after_json", as: String?.self),
            prevHash: try row.decode(column: "prev_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self))
    }
}

/// Follows the hash chain record by record: consecutive numbers, each record's link to the hash before it, and its own
/// hash over its content. The same checks for the log in the database and for an archive file of a period.
struct AuditChainCheck {
    /// The number the next record must have; nil: whatever the first one has (an archive starts mid-chain).
    var expectedSeq: Int64?
    /// The hash the next record must name as its predecessor's.
    var previousHash: String?

    /// Nil when the record fits after the ones before it; otherwise which record is at fault and why.
    mutating func admit(_ record: AuditRecord) -> (seq: Int64, reason: String)? {
        if let expected = expectedSeq, record.seq != expected {
            return (expected, "记录 \(expected) 缺失（下一条为 \(record.seq)）")
        }
        if record.prevHash != previousHash { return (record.seq, "记录 \(record.seq) 的前序哈希与上一条不符") }
        if record.sealed().hash != record.hash { return (record.seq, "记录 \(record.seq) 的内容与其哈希不符（被篡改）") }
        previousHash = record.hash
        expectedSeq = record.seq + 1
        return nil
    }
}

extension AuditRecord {
    /// This record with its hash computed over the previous hash and its canonical content.
    func sealed() -> AuditRecord {
        let digest = SHA256.hash(data: Data((prevHash + "\n" + canonicalContent).utf8))
        return AuditRecord(
            seq: seq, occurredAt: occurredAt, userID: userID, username: username, role: role, ip: ip,
            requestID: requestID, action: action, targetType: targetType, targetID: targetID, outcome: outcome,
            before: before, after: after, prevHash: prevHash, hash: digest.hexString)
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
