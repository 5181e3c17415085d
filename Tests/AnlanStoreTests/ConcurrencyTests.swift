import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// Issue 15, items 1 and 2: what a client was told was stored is there for every later read, and a phone's resend that
/// races its first submission is answered with the stored record, never with a server error.
@Suite("Concurrency: read-your-writes and resends")
struct ConcurrencyTests {
    @Test("a row committed is seen by every read that starts after the commit, also while a long read began before it")
    func readYourWrites() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let database = f.testDatabase.database
            try await database.transaction { try await $0.raw("CREATE TABLE probe (n INTEGER PRIMARY KEY)").run() }
            let count = try #require(
                try await database.reader.raw("SELECT COUNT(*) AS c FROM enterprises").first(decodingColumn: "c", as: Int.self))
            try #require(count > 100)
            let inner = TestDatabase.engine == .sqlite ? 100 : 10
            var misses = 0
            for n in 1...20 {
                // A read that takes a while (tens of thousands of rows, stepped one by one) holds its snapshot from before the write
                // below.
                let long = Task {
                    try await database.reader.raw("SELECT a.id FROM enterprises a, (SELECT id FROM enterprises LIMIT \(literal: inner)) b")
                        .all().count
                }
                try await Task.sleep(for: .milliseconds(3))
                try await database.transaction { try await $0.raw("INSERT INTO probe (n) VALUES (\(bind: n))").run() }
                for _ in 0..<4 {
                    let found = try await database.reader.raw("SELECT n FROM probe WHERE n = \(bind: n)").first(
                        decodingColumn: "n", as: Int.self)
                    if found == nil { misses += 1 }
                }
                #expect(try await long.value == count * inner)
            }
            #expect(misses == 0, "\(misses) of 80 reads after a commit did not see it")
        }
    }

    @Test("the same inspection sent five times at once is stored once: one answer is new, four are the stored record")
    func resendsAtOnce() async throws {
        try await Fixtures.with(enterprises: 30) { f in
            let inspector = try await f.caller("inspector")
            let targets = Array(try await f.store.enterprises.all(.init(), by: inspector).map(\.id).prefix(10))
            let store = f.store
            for target in targets {
                let draft = SupervisionTests.draft(target)
                let answers = try await withThrowingTaskGroup(of: (Bool, UUID, Int).self) { group in
                    for _ in 0..<5 {
                        group.addTask {
                            let result = try await store.inspections.submit(draft, by: inspector)
                            return (result.replayed, result.inspection.id, result.hazards.count)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.filter { !$0.0 }.count == 1, "new answers: \(answers.map(\.0))")
                #expect(Set(answers.map(\.1)) == [draft.id])
                #expect(Set(answers.map(\.2)).count == 1, "every answer lists the same hazards")
                let stored = try await store.inspections.hazards(of: draft.id, by: inspector)
                #expect(stored.count == answers[0].2)
            }
        }
    }

    @Test("a checklist saved by several staff at once gets consecutive versions, none refused")
    func checklistVersionsAtOnce() async throws {
        try await Fixtures.with { f in
            let staff = try await f.caller("staff")
            let base = try await f.store.catalogs.checklist(key: "gm-confined")
            let catalogs = f.store.catalogs
            let versions = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        let edited = Checklist(
                            key: base.key, version: base.version, name: base.name + "（第\(n)稿）", sectors: base.sectors, items: base.items)
                        return try await catalogs.saveChecklist(edited, by: staff).version
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(versions.sorted() == Array((base.version + 1)...(base.version + 8)))
            #expect(try await f.store.catalogs.checklist(key: "gm-confined").version == base.version + 8)
        }
    }
}
