import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Logging
import Testing

/// Committed changes are announced for the situation board: on the node that made them, and, on PostgreSQL, on every
/// other node connected to the same database (the test opens a second node on it).
@Suite("Change feed")
struct ChangeFeedTests {
    /// The first change set containing `kind`, or nil after `seconds`.
    static func first(_ kind: String, in stream: AsyncStream<Set<String>>, within seconds: Double) async -> Set<String>? {
        await withTaskGroup(of: Set<String>?.self) { group in
            group.addTask {
                for await kinds in stream where kinds.contains(kind) { return kinds }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                return nil
            }
            let found = await group.next() ?? nil
            group.cancelAll()
            return found
        }
    }

    static func report(_ text: String) -> IncomingReportDraft {
        IncomingReportDraft(
            receivedAt: Date(timeIntervalSince1970: 1_795_000_000), channel: .phone, caller: "测试", number: nil, text: text,
            divisionCode: try! DivisionCode("330529101000"))
    }

    @Test("a committed write is announced by its kind on its node; a refused one is not")
    func local() async throws {
        try await Fixtures.with { f in
            let duty = try await f.caller("duty")
            // Refused inside its transaction (the report it names does not exist): rolled back, so nothing is announced.
            let refused = f.store.database.changes.subscribe()
            let draft = IncidentDraft(
                title: "不存在的来报", type: .floodDrought, occurredAt: Date(timeIntervalSince1970: 1_794_990_000),
                divisionCode: try DivisionCode("330529101000"), place: "青山镇", summary: "测试", reportID: UUID())
            await #expect(throws: AnlanError.self) { try await f.store.incidents.open(draft, by: duty) }
            #expect(await Self.first("incident", in: refused, within: 0.5) == nil)
            let stream = f.store.database.changes.subscribe()
            _ = try await f.store.duty.log(Self.report("一张图测试"), by: duty)
            #expect(await Self.first("incoming_report", in: stream, within: 5) != nil)
        }
    }

    @Test("on PostgreSQL a change made on node A reaches a board listening on node B", .enabled(if: TestDatabase.engine == .postgres))
    func acrossNodes() async throws {
        try await Fixtures.with { f in
            var logger = Logger(label: "node-b")
            logger.logLevel = .warning
            let b = try Database.postgres(url: try #require(f.testDatabase.url), maxConnections: 2, logger: logger)
            let runner = Task { await b.run() }
            let listener = Task { await b.listenForChanges() }
            defer {
                listener.cancel()
                runner.cancel()
            }
            let stream = b.changes.subscribe()
            // LISTEN takes effect once the listener's connection has subscribed: try until node B hears one.
            let duty = try await f.caller("duty")
            var heard: Set<String>?
            let start = ContinuousClock.now
            for attempt in 0..<20 where heard == nil {
                _ = try await f.store.duty.log(Self.report("节点 A 的来报 \(attempt)"), by: duty)
                heard = await Self.first("incoming_report", in: stream, within: 0.5)
            }
            #expect(heard != nil, "node B heard node A's change")
            print("node B heard node A after \(ContinuousClock.now - start)")
            // And node B does not hear its own announcements twice: it skips notifications it sent.
            #expect(b.changes.node != f.store.database.changes.node)
        }
    }
}
