import AnlanCore
import Foundation
import SQLKit

/// A period of the audit log as a file that can be checked on its own (issue 15, item 11; 等保 8.1.4.3 c: audit records
/// kept and protected): a header line, then every record of the period in order, one JSON object a line, each with the
/// hash of the one before it. Checking the file recomputes each record's hash from its content and follows the chain
/// from the first record's stored predecessor hash, without the database. Anlan never deletes audit records, so any
/// period since installation can be archived (retention well beyond the 180 days asked).
public enum AuditArchive {
    public static let format = "anlan-audit-archive-1"

    /// The first line.
    public struct Header: Codable, Sendable, Equatable {
        public let format: String
        public let from: String
        public let to: String
        /// The hash of the record before the first, where the chain of this file starts (nil: no records).
        public let anchor: String?
    }

    /// The last line: how many records the file holds, so a file cut short is found.
    public struct Trailer: Codable, Sendable, Equatable {
        public let end: Bool
        public let records: Int
        public let lastSeq: Int64?
    }

    public enum Verification: Sendable, Equatable {
        case intact(records: Int, firstSeq: Int64?, lastSeq: Int64?)
        case broken(line: Int, reason: String)
    }

    /// Streams the records that occurred in [from, to) as an archive, a batch of lines at a time through `emit`, and
    /// records the export in the audit log. Only the audit administrator may.
    @discardableResult
    public static func write(
        _ audit: AuditLog, from: Date, to: Date, by caller: Caller, at now: Date, _ emit: (String) async throws -> Void
    ) async throws -> Trailer {
        try caller.require(.readAudit)
        try await audit.recordExport(.init(from: from, to: to), by: caller, at: now)
        let range = try await audit.seqRange(from: from, to: to)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) + "\n" }
        var batch: [AuditRecord] = []
        if let range { batch = try await audit.batch(after: range.lowerBound - 1, through: range.upperBound) }
        try await emit(
            try line(Header(format: format, from: Timestamp.string(from), to: Timestamp.string(to), anchor: batch.first?.prevHash)))
        var count = 0
        var last: Int64? = nil
        while let tail = batch.last, let range {
            try await emit(try batch.map { try line($0) }.joined())
            count += batch.count
            last = tail.seq
            batch = try await audit.batch(after: tail.seq, through: range.upperBound)
        }
        let trailer = Trailer(end: true, records: count, lastSeq: last)
        try await emit(try line(trailer))
        return trailer
    }

    /// Checks an archive's text on its own: consecutive numbers, each record's hash over its content and the hash before
    /// it, and the trailer's count (a file cut short or added to is found).
    public static func verify(_ text: String) -> Verification {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let decoder = JSONDecoder()
        guard let first = lines.first, let header = try? decoder.decode(Header.self, from: Data(first.utf8)), header.format == format else {
            return .broken(line: 1, reason: "第 1 行不是审计归档的文件头")
        }
        guard lines.count >= 2, let trailer = try? decoder.decode(Trailer.self, from: Data(lines[lines.count - 1].utf8)), trailer.end else {
            return .broken(line: lines.count, reason: "文件缺少结尾行（被截断）")
        }
        var chain = AuditChainCheck(expectedSeq: nil, previousHash: header.anchor)
        var firstSeq: Int64? = nil
        for (index, line) in lines.dropFirst().dropLast().enumerated() {
            let number = index + 2
            guard let record = try? decoder.decode(AuditRecord.self, from: Data(line.utf8)) else {
                return .broken(line: number, reason: "第 \(number) 行无法读取")
            }
            if let broken = chain.admit(record) { return .broken(line: number, reason: broken.reason) }
            firstSeq = firstSeq ?? record.seq
        }
        guard lines.count - 2 == trailer.records, chain.expectedSeq.map({ $0 - 1 }) == trailer.lastSeq else {
            return .broken(line: lines.count, reason: "结尾行记载 \(trailer.records) 条，实有 \(lines.count - 2) 条")
        }
        return .intact(records: trailer.records, firstSeq: firstSeq, lastSeq: trailer.lastSeq)
    }
}

extension AuditLog {
    /// The first and last record numbers of the records that occurred in [from, to); nil when there are none.
    func seqRange(from: Date, to: Date) async throws -> ClosedRange<Int64>? {
        struct Bounds: Decodable { let low: Int64?; let high: Int64? }
        let bounds = try await database.reader.raw(
            """
            SELECT MIN(seq) AS low, MAX(seq) AS high FROM audit_log
            WHERE occurred_at >= \(bind: Timestamp.string(from)) AND occurred_at < \(bind: Timestamp.string(to))
            """
        ).first(decoding: Bounds.self)
        guard let low = bounds?.low, let high = bounds?.high else { return nil }
        return low...high
    }

    /// Records after `after`, up to `through`, in order, 1,000 at a time: for walking the chain and writing archives.
    func batch(after: Int64, through: Int64) async throws -> [AuditRecord] {
        try await database.reader.select().column("*").from("audit_log").where("seq", .greaterThan, SQLBind(after))
            .where("seq", .lessThanOrEqual, SQLBind(through)).orderBy("seq").limit(1000).all().map(Self.decode)
    }
}
