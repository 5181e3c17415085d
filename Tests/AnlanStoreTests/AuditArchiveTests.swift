import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Synchronization
import Testing

/// Issue 15, item 11: a period of the audit log exported as a file that can be checked without the database; refused
/// requests recorded at most once a minute per client, the rest counted.
@Suite("Audit archive and refusals")
struct AuditArchiveTests {
    func archive(_ f: Fixtures, from: Date, to: Date) async throws -> String {
        let text = Mutex("")
        _ = try await AuditArchive.write(
            f.store.audit, from: from, to: to, by: try await f.caller("auditadmin"), at: f.clock.environment.now()
        ) { chunk in text.withLock { $0 += chunk } }
        return text.withLock { $0 }
    }

    @Test("an archive of a period checks out on its own; an edited, removed or cut-off line is found")
    func archiveVerifies() async throws {
        try await Fixtures.with(enterprises: 30) { f in
            let now = f.clock.environment.now()
            let text = try await archive(f, from: now.addingTimeInterval(-400 * 86_400), to: now.addingTimeInterval(1))
            guard case .intact(let records, let first, let last) = AuditArchive.verify(text) else {
                Issue.record("the archive does not verify")
                return
            }
            #expect(records > 50 && first != nil && last.map { $0 - first! + 1 } == Int64(records))
            var lines = text.split(separator: "\n").map(String.init)
            let edited = lines.enumerated().map {
                $0.offset == 5 ? $0.element.replacingOccurrences(of: "\"occurredAt\":\"2", with: "\"occurredAt\":\"1") : $0.element
            }
            #expect(AuditArchive.verify(edited.joined(separator: "\n")) == .broken(line: 6, reason: "记录 \(first! + 4) 的内容与其哈希不符（被篡改）"))
            let removed = lines.enumerated().filter { $0.offset != 7 }.map(\.element)
            if case .broken(let line, _) = AuditArchive.verify(removed.joined(separator: "\n")) {
                #expect(line == 8)
            } else {
                Issue.record("a removed record went unnoticed")
            }
            lines.removeLast(3)
            if case .intact = AuditArchive.verify(lines.joined(separator: "\n")) { Issue.record("a cut-off archive went unnoticed") }
            // The export itself is audited.
            let exports = try await f.store.audit.search(
                .init(action: "audit.export"), page: try PageRequest(), by: try await f.caller("auditadmin"))
            #expect(exports.total == 1)
            // Only the audit administrator may.
            await #expect(throws: AnlanError.self) {
                _ = try await AuditArchive.write(f.store.audit, from: now, to: now, by: try await f.caller("sysadmin"), at: now) { _ in }
            }
        }
    }

    @Test("refused requests are recorded once a minute per client, the ones between counted into the next record")
    func refusals() async throws {
        try await Fixtures.with { f in
            let caller = try await f.caller("staff")
            for n in 0..<5 {
                try await f.store.audit.recordRefusal(
                    status: 403, code: "auth.forbidden", method: "POST", path: "/api/v1/hazards/\(n)/events", by: caller,
                    at: f.clock.environment.now())
            }
            f.clock.advance(seconds: 61)
            try await f.store.audit.recordRefusal(
                status: 403, code: "auth.forbidden", method: "GET", path: "/audit", by: caller, at: f.clock.environment.now())
            let found = try await f.store.audit.search(
                .init(action: "access.denied"), page: try PageRequest(), by: try await f.caller("auditadmin"))
            #expect(found.total == 2)
            #expect(found.items.first?.after?.contains(#""suppressed":"4""#) == true)
            #expect(found.items.last?.targetID == "POST /api/v1/hazards/0/events")
        }
    }
}
